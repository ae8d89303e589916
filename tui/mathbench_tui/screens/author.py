"""Distractor authoring: write variants of a problem that add 1 to 5 irrelevant facts, each with
exactly one number, without changing the answer (the CMATH paper's rule), checked as you type.

Variants are committed to the annotations file on ``ctrl+s`` and become the ``variants``
benchmark; ``ctrl+e`` exports them in the CMATH ``distractor.jsonl`` format.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Checkbox, Footer, Header, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from mathbench.results.annotations import Variant
from mathbench.types import AnnotationValue
from mathbench_tui.components.rendering import describe_annotations, highlight_numbers
from mathbench_tui.components.variant_check import VariantCheckView
from mathbench_tui.context import ReviewContext
from mathbench_tui.distractors import VariantCheck, check_variant
from mathbench_tui.index import Row
from mathbench_tui.screens.prompt import PathPrompt
from mathbench_tui.screens.runs import WORKER_ERRORS


@dataclass(frozen=True)
class Original:
    """The problem variants are written of (for a distractor row, its 0-distractor original)."""

    benchmark: str
    problem_id: str
    text: str
    golden: str
    annotations: dict[str, AnnotationValue]


class AuthorScreen(Screen[None]):
    """The original above, the editor, the live check, and the variants written so far."""

    HELP = """\
**Distractor authoring.** Edit the text to add 1 to 5 distractors: short phrases, each holding
exactly one number, that do not change the answer. The check below the editor updates as you type:
the distractors found and the numbers each adds, errors (a phrase with two numbers, a number of
the original removed), warnings (rewording, near-duplicates of variants already written), and the
diff against the original. Tick the box to confirm the answer is unchanged, then `ctrl+s` saves.
Pick a variant in the list to edit it; `ctrl+n` starts a new one from the original.
"""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save variant", priority=True),
        Binding("ctrl+n", "new", "New variant", priority=True),
        Binding("ctrl+e", "export", "Export distractor.jsonl", priority=True),
        Binding("ctrl+g", "confirm", "Answer unchanged", priority=True),
        Binding("escape", "back", "Back"),
    ]

    @dataclass
    class Loaded(Message):
        original: Original
        stored: list[str]

    @dataclass
    class Failed(Message):
        error: str

    def __init__(self, context: ReviewContext, row: Row) -> None:
        super().__init__()
        self.context = context
        self.row = row
        self.original: Original | None = None
        #: Texts of variants of the same original already in the results (cmath-distractor's).
        self.stored_variants: list[str] = []
        self.variants: list[Variant] = []
        self.editing: Variant | None = None
        self.check: VariantCheck | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="author-body"):
            with VerticalScroll(id="author-main"):
                yield Static("Loading the problem…", id="original")
                yield TextArea(id="editor", soft_wrap=True, show_line_numbers=False)
                yield Checkbox("The answer is unchanged", id="confirm")
                yield VariantCheckView(id="check")
            with Vertical(id="author-side"):
                yield Static("Variants of this problem", classes="side-title")
                yield OptionList(id="variants")
        yield Footer()

    @property
    def editor(self) -> TextArea:
        return self.query_one("#editor", TextArea)

    @property
    def confirm_box(self) -> Checkbox:
        return self.query_one("#confirm", Checkbox)

    def on_mount(self) -> None:
        self.sub_title = f"distractor variants of {self.row.benchmark} {self.row.problem_id}"
        self.editor.disabled = True
        self._load(self.row)

    @work(thread=True, exclusive=True, group="author")
    def _load(self, row: Row) -> None:
        source = self.context.source
        try:
            found = source.problem(row.benchmark, row.problem_id)
            if found is None:
                self.post_message(self.Failed(f"{row.benchmark} {row.problem_id} is not stored."))
                return
            text, golden, annotations = found
            # A distractor row points at its original; variants are written of the original.
            original_id = str(annotations.get("original_id", row.problem_id))
            if original_id != row.problem_id:
                stored = source.problem(row.benchmark, original_id)
                if stored is None:
                    original_id = row.problem_id
                else:
                    text, golden, annotations = stored
            siblings = [
                sibling
                for pid, sibling in source.problems_where(row.benchmark, "original_id", original_id)
                if pid != original_id
            ]
        except WORKER_ERRORS as error:
            self.post_message(self.Failed(str(error)))
            return
        self.post_message(
            self.Loaded(Original(row.benchmark, original_id, text, golden, annotations), siblings)
        )

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        original = self.original = message.original
        self.stored_variants = message.stored
        self.query_one("#original", Static).update(
            Content.assemble(
                (f"{original.benchmark} {original.problem_id}", "bold"),
                "  ",
                (describe_annotations(original.annotations), "$text-muted"),
                "  golden ",
                (original.golden, "bold"),
                "\n",
                highlight_numbers(original.text),
            )
        )
        self.editor.disabled = False
        self.action_new()
        self._list_variants()

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.notify(message.error, severity="error", timeout=10)

    def _list_variants(self) -> None:
        if self.original is None:
            return
        self.variants = self.context.annotations.variants(self.original.text)
        options = [
            Option(
                Content.assemble(
                    (f"#{v.variant_id} ", "$text-accent"),
                    (f"{v.distractors} distractor{'s' if v.distractors != 1 else ''}", "bold"),
                    (f" · {v.author}", "$text-muted"),
                    "\n",
                    v.text,
                ),
                id=str(v.variant_id),
            )
            for v in self.variants
        ]
        options += [
            Option(Content.assemble(("stored ", "$text-muted"), text), disabled=True)
            for text in self.stored_variants
        ]
        variants = self.query_one("#variants", OptionList)
        variants.clear_options()
        variants.add_options(options)

    def _existing(self) -> list[str]:
        """What a new text must not nearly duplicate: every other variant of the original."""
        own = self.editing.variant_id if self.editing else None
        return [v.text for v in self.variants if v.variant_id != own] + self.stored_variants

    @on(TextArea.Changed, "#editor")
    def _edited(self) -> None:
        if self.original is None:
            return
        self.check = check_variant(self.original.text, self.editor.text, self._existing())
        self.query_one(VariantCheckView).show_check(self.check)

    @on(OptionList.OptionSelected, "#variants")
    def _pick(self, event: OptionList.OptionSelected) -> None:
        chosen = next((v for v in self.variants if str(v.variant_id) == event.option.id), None)
        if chosen is None:
            return
        self.editing = chosen
        self.editor.text = chosen.text
        self.confirm_box.value = chosen.golden_confirmed
        self.editor.focus()
        self.notify(f"Editing variant #{chosen.variant_id}; ctrl+s saves it in place.")

    def action_new(self) -> None:
        if self.original is None:
            return
        self.editing = None
        self.editor.text = self.original.text
        self.confirm_box.value = False
        self.editor.focus()

    def action_confirm(self) -> None:
        self.confirm_box.toggle()

    def action_save(self) -> None:
        original, check = self.original, self.check
        if original is None or check is None:
            return
        if not check.ok:
            self.notify("Not saved: " + check.errors[0], severity="error", timeout=8)
            return
        if not self.confirm_box.value:
            self.notify(
                f"Not saved: confirm that the answer is still {original.golden} (ctrl+g).",
                severity="warning",
            )
            return
        try:
            saved = self.context.annotations.save_variant(
                benchmark=original.benchmark,
                original_id=original.problem_id,
                original=original.text,
                golden=original.golden,
                annotations=original.annotations,
                text=self.editor.text.strip(),
                numbers_added=check.numbers_added,
                golden_confirmed=True,
                author=self.context.annotator,
                variant_id=self.editing.variant_id if self.editing else None,
            )
        except WORKER_ERRORS as error:
            self.notify(f"Not saved: {error}", severity="error", timeout=15)
            return
        self.editing = saved
        self._list_variants()
        self.notify(
            f"Saved variant #{saved.variant_id} with {saved.distractors} distractor"
            f"{'s' if saved.distractors != 1 else ''}."
        )

    def action_export(self) -> None:
        def write(path: Path | None) -> None:
            if path is None:
                return
            try:
                lines = self.context.annotations.export_variants(path)
            except WORKER_ERRORS as error:
                self.notify(str(error), severity="error", timeout=10)
                return
            self.notify(f"Wrote {lines} lines (originals and variants) to {path}.")

        default = Path.cwd() / "distractor-variants.jsonl"
        prompt = PathPrompt("Export every variant (distractor.jsonl) to:", default)
        self.app.push_screen(prompt, write)

    def action_back(self) -> None:
        self.app.pop_screen()
