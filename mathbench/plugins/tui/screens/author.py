"""Distractor authoring: write variants of a problem that add 1 to 5 irrelevant facts, each with
exactly one number, without changing the answer (the CMATH paper's rule), checked as you type.

Variants are committed to the annotations file on ``ctrl+s`` and become the ``variants``
benchmark; ``ctrl+e`` exports them in the CMATH ``distractor.jsonl`` format. The confirmation
that the answer is unchanged is the only safeguard against an added sentence that does change it
(the check cannot read meaning), so it holds for the text it was given on only: any edit clears
it. Saving an edited variant appends a version (every earlier text is kept), deleting one asks
first, and leaving with unsaved text asks before discarding it.
"""

from __future__ import annotations

from collections.abc import Callable
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

from mathbench.plugins.tui.components.rendering import describe_annotations, highlight_numbers
from mathbench.plugins.tui.components.variant_check import VariantCheckView
from mathbench.plugins.tui.context import ReviewContext
from mathbench.plugins.tui.distractors import VariantCheck, check_variant
from mathbench.plugins.tui.screens.confirm import ConfirmScreen
from mathbench.plugins.tui.screens.prompt import PathPrompt
from mathbench.plugins.tui.screens.runs import WORKER_ERRORS
from mathbench.results.annotations import Variant
from mathbench.results.items import Row
from mathbench.types import AnnotationValue


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
diff against the original. `ctrl+g` confirms the answer is unchanged (any later edit clears it:
confirm again), then `ctrl+s` saves. Pick a variant in the list to edit it (saving keeps every
earlier version); `ctrl+d` deletes the variant being edited, after asking; `ctrl+n` starts a new
one from the original. In the editor every printable key is text (`?` and `q` included); escape
asks before discarding unsaved text.
"""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save variant", priority=True),
        Binding("ctrl+n", "new", "New variant", priority=True),
        Binding("ctrl+e", "export", "Export distractor.jsonl", priority=True),
        Binding("ctrl+g", "confirm", "Answer unchanged", priority=True),
        Binding("ctrl+d", "delete", "Delete variant", priority=True),
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
        #: The text the answer was confirmed unchanged for; any other text clears the tick.
        self.confirmed_text: str | None = None

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
        self._start_new()
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
        if self.confirm_box.value and self.editor.text != self.confirmed_text:
            self.confirm_box.value = False
            self.notify("Edited after confirming: confirm the answer again (ctrl+g).")
        self.check = check_variant(self.original.text, self.editor.text, self._existing())
        self.query_one(VariantCheckView).show_check(self.check)

    @on(Checkbox.Changed, "#confirm")
    def _confirmed(self, event: Checkbox.Changed) -> None:
        self.confirmed_text = self.editor.text if event.value else None

    @property
    def unsaved(self) -> bool:
        """Whether the editor holds text that is neither the original nor the saved variant."""
        if self.original is None:
            return False
        saved = self.editing.text if self.editing else self.original.text
        return self.editor.text.strip() != saved.strip()

    def _unless_unsaved(self, then: Callable[[], None], question: str) -> None:
        """Run ``then`` at once, or after a yes when the editor holds unsaved text."""
        if not self.unsaved:
            then()
            return

        def answered(discard: bool | None) -> None:
            if discard:
                then()

        self.app.push_screen(ConfirmScreen(question), answered)

    @on(OptionList.OptionSelected, "#variants")
    def _pick(self, event: OptionList.OptionSelected) -> None:
        chosen = next((v for v in self.variants if str(v.variant_id) == event.option.id), None)
        if chosen is None:
            return

        def edit() -> None:
            self.editing = chosen
            self._load_text(chosen.text, confirmed=chosen.golden_confirmed)
            versions = len(self.context.annotations.variant_history(chosen.variant_id))
            self.notify(
                f"Editing variant #{chosen.variant_id} (version {versions}); ctrl+s saves a new "
                "version, the earlier ones are kept."
            )

        self._unless_unsaved(edit, "Discard the unsaved text and edit the variant picked?")

    def _load_text(self, text: str, *, confirmed: bool) -> None:
        self.confirmed_text = text if confirmed else None
        self.editor.text = text
        self.confirm_box.value = confirmed
        self.editor.focus()

    def action_new(self) -> None:
        self._unless_unsaved(self._start_new, "Discard the unsaved text and start a new variant?")

    def _start_new(self) -> None:
        if self.original is not None:
            self.editing = None
            self._load_text(self.original.text, confirmed=False)

    def action_confirm(self) -> None:
        self.confirm_box.toggle()
        self.confirmed_text = self.editor.text if self.confirm_box.value else None

    def action_delete(self) -> None:
        editing = self.editing
        if editing is None:
            self.notify("Pick a variant in the list first: ctrl+d deletes the one being edited.")
            return

        def answered(delete: bool | None) -> None:
            if not delete:
                return
            try:
                self.context.annotations.delete_variant(editing.variant_id, self.context.annotator)
            except WORKER_ERRORS as error:
                self.notify(f"Not deleted: {error}", severity="error", timeout=15)
                return
            self.editing = None
            self._list_variants()
            if self.original is not None:
                self._load_text(self.original.text, confirmed=False)
            self.notify(f"Deleted variant #{editing.variant_id} (its versions stay in the file).")

        self.app.push_screen(
            ConfirmScreen(f"Delete variant #{editing.variant_id}? “{editing.text}”"), answered
        )

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
        def leave() -> None:
            self.app.pop_screen()

        self._unless_unsaved(leave, "Discard the unsaved text and go back?")
