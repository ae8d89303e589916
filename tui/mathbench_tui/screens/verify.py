"""Checker verification: judge a sample of responses by hand, the checker's verdict hidden until
you have judged (so that it cannot anchor you), with live precision, recall and kappa.

Each judgement is committed to the annotations file before the screen moves on; reopening the
sample resumes at the first item you have not judged.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from mathbench.results.annotations import Judgement, SampleInfo, SampleItem
from mathbench_tui.components.rendering import describe_annotations, highlight_candidates
from mathbench_tui.components.stats_panel import StatsPanel
from mathbench_tui.context import ReviewContext
from mathbench_tui.screens.prompt import PathPrompt
from mathbench_tui.screens.runs import WORKER_ERRORS


class VerifyScreen(Screen[None]):
    """One item at a time; ``c``/``x`` judge it, the verdict is then revealed."""

    HELP = """\
**Checker verification.** Read the problem, the golden answer and the model's response, and say
whether the response's final answer is correct: `c` correct, `x` incorrect. Only then is the
checker's verdict shown, with the spans it read highlighted. When you agree, the next item comes;
when you disagree, write a note on why (enter saves it, escape skips it). The panel on the right
compares the checker with your judgements (precision, recall and accuracy with 95% Wilson
intervals) and with every other annotator of this sample (Cohen's kappa).
"""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "judge(True)", "Correct"),
        Binding("x", "judge(False)", "Incorrect"),
        Binding("left", "move(-1)", "Previous"),
        Binding("right", "move(1)", "Next"),
        Binding("k", "move(-1)", "Previous", show=False),
        Binding("j", "move(1)", "Next", show=False),
        Binding("u", "next_unjudged", "Next unjudged"),
        Binding("n", "note", "Note"),
        Binding("e", "export", "Export JSONL"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, context: ReviewContext, sample_id: str) -> None:
        super().__init__()
        self.context = context
        store = context.annotations
        info = store.sample(sample_id)
        if info is None:
            raise ValueError(f"no sample {sample_id!r} in {store.path}")
        self.info: SampleInfo = info
        self.items: list[SampleItem] = store.items(sample_id)
        self.judgements: dict[str, dict[int, Judgement]] = store.judgements(sample_id)
        self.position = self._first_unjudged(0)

    @property
    def mine(self) -> dict[int, Judgement]:
        return self.judgements.setdefault(self.context.annotator, {})

    def _first_unjudged(self, start: int) -> int:
        """The first item at or after ``start`` (wrapping round) that the annotator has not
        judged; where they left off, on resuming. The last item when all are judged."""
        mine = self.judgements.get(self.context.annotator, {})
        count = len(self.items)
        for step in range(count):
            position = (start + step) % count
            if position not in mine:
                return position
        return max(count - 1, 0)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="verify-body"):
            with VerticalScroll(id="item"):
                yield Static(id="item-header")
                yield Static(id="item-problem")
                yield Static(id="item-golden")
                yield Static(id="item-response")
                yield Static(id="item-reveal")
                yield Input(
                    placeholder="why do you disagree with the checker? (enter saves)", id="note"
                )
            yield StatsPanel(id="stats")
        yield Footer()

    @property
    def note_input(self) -> Input:
        return self.query_one("#note", Input)

    @property
    def item(self) -> SampleItem:
        return self.items[self.position]

    def on_mount(self) -> None:
        spec = self.info.spec
        self.sub_title = (
            f"sample {self.info.sample_id} of run {spec.run_id[:8]} · {len(self.items)} items, "
            f"seed {spec.seed}" + (f", by {spec.stratify}" if spec.stratify else "")
        )
        self.show_item()

    def show_item(self) -> None:
        if not self.items:
            self.query_one("#item-header", Static).update("This sample holds no item.")
            return
        item, judged = self.item, self.mine.get(self.position)
        self.query_one("#item-header", Static).update(
            Content.assemble(
                (f"item {self.position + 1} of {len(self.items)}", "bold"),
                f"  ·  judged {len(self.mine)}  ·  ",
                (f"{item.benchmark} {item.problem_id}", "$text-accent"),
                "  ",
                (describe_annotations(item.annotations), "$text-muted"),
            )
        )
        self.query_one("#item-problem", Static).update(Content(item.text))
        self.query_one("#item-golden", Static).update(
            Content.assemble(("golden ", "$text-muted"), (item.golden, "bold"))
        )
        response = self.query_one("#item-response", Static)
        reveal = self.query_one("#item-reveal", Static)
        note = self.note_input
        if judged is None:
            response.update(Content(item.response) or Content.styled("(empty response)", "italic"))
            reveal.update(
                Content.styled(
                    "Is the final answer correct?  c = correct   x = incorrect", "$text-accent"
                )
            )
            note.display = False
        else:
            response.update(highlight_candidates(item.response, item.candidates))
            reveal.update(self._reveal(item, judged))
            disagree = judged.human_correct != item.checker_correct
            note.display = disagree or bool(judged.note)
            note.value = judged.note
        self.query_one(StatsPanel).show_stats(self.items, self.context.annotator, self.judgements)
        self.query_one("#item", VerticalScroll).scroll_home(animate=False)

    @staticmethod
    def _reveal(item: SampleItem, judged: Judgement) -> Content:
        you = "correct" if judged.human_correct else "incorrect"
        checker = item.checker_outcome.replace("_", " ")
        agrees = judged.human_correct == item.checker_correct
        verdict = (
            Content.styled("agrees", "$text-success")
            if agrees
            else Content.styled("disagrees: note why (n)", "bold $text-error")
        )
        return Content.assemble(
            ("you: ", "$text-muted"),
            (you, "bold"),
            ("   checker: ", "$text-muted"),
            (checker, "bold"),
            (f" — {item.reason}" if item.reason else "", ""),
            "\n",
            verdict,
        )

    def action_judge(self, correct: bool) -> None:
        """Commit the judgement, then move on. The write happens here in the UI thread on
        purpose: it takes milliseconds, and the screen must not show the next item before the
        judgement is durable (a worker could still be writing when the app quits)."""
        if not self.items:
            return
        previous = self.mine.get(self.position)
        note = previous.note if previous and previous.human_correct == correct else ""
        try:
            saved = self.context.annotations.judge(
                self.info.sample_id, self.position, self.context.annotator, correct, note
            )
        except WORKER_ERRORS as error:
            self.notify(f"Not saved: {error}", severity="error", timeout=15)
            return
        self.mine[self.position] = saved
        if correct == self.item.checker_correct:
            self.notify("Saved · agrees with the checker", timeout=1.5)
            if len(self.mine) < len(self.items):
                self.position = self._first_unjudged(self.position + 1)
            self.show_item()
        else:
            self.show_item()
            self.note_input.focus()

    @on(Input.Submitted, "#note")
    def _note_submitted(self, event: Input.Submitted) -> None:
        judged = self.mine.get(self.position)
        if judged is None:
            self.notify("Judge the item first (c or x), then write the note.", severity="warning")
            return
        try:
            self.mine[self.position] = self.context.annotations.judge(
                self.info.sample_id,
                self.position,
                self.context.annotator,
                judged.human_correct,
                event.value.strip(),
            )
        except WORKER_ERRORS as error:
            self.notify(f"Note not saved: {error}", severity="error", timeout=15)
            return
        self.notify("Note saved", timeout=1.5)
        self.set_focus(None)
        if len(self.mine) < len(self.items):
            self.position = self._first_unjudged(self.position + 1)
        self.show_item()

    def action_note(self) -> None:
        if self.position in self.mine:
            self.note_input.display = True
            self.note_input.focus()
        else:
            self.notify("Judge the item first (c or x), then write the note.", severity="warning")

    def action_move(self, step: int) -> None:
        if self.items:
            self.set_focus(None)
            self.position = (self.position + step) % len(self.items)
            self.show_item()

    def action_next_unjudged(self) -> None:
        if len(self.mine) >= len(self.items):
            self.notify("Every item of this sample is judged.")
            return
        self.position = self._first_unjudged(self.position + 1)
        self.show_item()

    def action_back(self) -> None:
        if self.focused is self.note_input:
            self.set_focus(None)
            return
        self.app.pop_screen()

    def action_export(self) -> None:
        def write(path: Path | None) -> None:
            if path is None:
                return
            try:
                count = self.context.annotations.export_sample(self.info.sample_id, path)
            except WORKER_ERRORS as error:
                self.notify(str(error), severity="error", timeout=10)
                return
            self.notify(f"Wrote {count} labelled items to {path}.")

        default = Path.cwd() / f"labels-{self.info.sample_id}.jsonl"
        self.app.push_screen(PathPrompt("Export the labelled sample as JSONL to:", default), write)
