"""Checker verification: judge a sample of responses by hand, the checker's verdict hidden until
you have judged (so that it cannot anchor you), with live precision, recall and kappa.

Each judgement is committed to the annotations file before the screen shows anything else;
reopening the sample resumes at the first item you have not judged. After a judgement the item
stays on screen with the checker's verdict and the spans it read, until `enter` moves on: a right
verdict reached from the wrong number can only be caught while those spans are in view. Nothing
is ever taken back silently: re-judging an item says so, and `backspace` undoes the last
judgement by appending a retraction to the log.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from mathbench.plugins.tui.components.rendering import describe_annotations, highlight_candidates
from mathbench.plugins.tui.components.stats_panel import StatsPanel
from mathbench.plugins.tui.context import ReviewContext
from mathbench.plugins.tui.screens.adjudicate import AdjudicateScreen
from mathbench.plugins.tui.screens.guidelines import GuidelinesScreen
from mathbench.plugins.tui.screens.prompt import PathPrompt
from mathbench.plugins.tui.screens.runs import WORKER_ERRORS
from mathbench.plugins.tui.screens.sample_setup import top_up_sample
from mathbench.results.annotations import Judgement, SampleInfo, SampleItem

_VERDICT_WORDS = {"correct": "correct", "incorrect": "incorrect", "unsure": "unsure (skipped)"}


class NoteInput(Input):
    """The note field. Escape does not leave it: escape means "back" on this screen, and an
    annotator pressing it twice must not walk out of a half-written note. ``ctrl+k`` skips."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Save note", show=True),
        Binding("ctrl+k", "skip_note", "Skip note"),
        Binding("escape", "remind", "Back (after the note)", show=False),
    ]

    def action_skip_note(self) -> None:
        self.screen.set_focus(None)
        self.notify("Note skipped: enter moves on, n comes back to the note.", timeout=3)

    def action_remind(self) -> None:
        self.notify("In the note: enter saves it, ctrl+k skips it; then escape goes back.")


class VerifyScreen(Screen[None]):
    """One item at a time; ``c``/``x``/``s`` judge it, the verdict and spans are then shown."""

    HELP = """\
**Checker verification.** Read the problem, the golden answer and the model's response, and say
whether the response's final answer is correct: `c` correct, `x` incorrect, `s` unsure (skip: it
counts in no ratio). Only then is the checker's verdict shown, with the spans it read highlighted:
check that the checker read the right number, then `enter` moves on. When you disagree, write a
note on why (`enter` saves it, `ctrl+k` skips it); `n` writes a note on any judged item.
`backspace` undoes your last judgement (the log keeps it, with a retraction). Re-judging an item
you judged before says what changed. `g` shows the annotation guidelines, `d` walks the items
annotators disagree on (adjudication), `t` tops up a sample drawn while its run was writing.
The panel on the right compares the checker with your judgements (precision, recall and accuracy
with 95% Wilson intervals) and with every other annotator of this sample (Cohen's kappa).
"""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "judge('correct')", "Correct"),
        Binding("x", "judge('incorrect')", "Incorrect"),
        Binding("s", "judge('unsure')", "Unsure/skip"),
        Binding("enter", "next_unjudged", "Next"),
        Binding("backspace", "undo", "Undo"),
        Binding("left", "move(-1)", "Previous"),
        Binding("right", "move(1)", "Next", show=False),
        Binding("k", "move(-1)", "Previous", show=False),
        Binding("j", "move(1)", "Next", show=False),
        Binding("u", "next_unjudged", "Next unjudged", show=False),
        Binding("n", "note", "Note"),
        Binding("g", "guidelines", "Guidelines"),
        Binding("d", "adjudicate", "Adjudicate"),
        Binding("t", "top_up", "Top up", show=False),
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
        #: The item judged for the first time just now: saving its note moves on.
        self.fresh: int | None = None

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
        yield Static(id="sample-status")
        with Horizontal(id="verify-body"):
            with VerticalScroll(id="item"):
                yield Static(id="item-header")
                yield Static(id="item-problem")
                yield Static(id="item-golden")
                yield Static(id="item-response")
                yield Static(id="item-reveal")
                yield NoteInput(placeholder="why? (enter saves, ctrl+k skips)", id="note")
            yield StatsPanel(id="stats")
        yield Footer()

    @property
    def note_input(self) -> Input:
        return self.query_one("#note", Input)

    @property
    def item(self) -> SampleItem:
        return self.items[self.position]

    def on_mount(self) -> None:
        self.show_sample()
        self.show_item()

    def show_sample(self) -> None:
        """The subtitle, and one plain line when the sample holds fewer items than asked."""
        spec = self.info.spec
        self.sub_title = (
            f"sample {self.info.sample_id} of run {spec.run_id[:8]} · {len(self.items)} items, "
            f"seed {spec.seed}" + (f", by {spec.stratify}" if spec.stratify else "")
        )
        status = self.query_one("#sample-status", Static)
        shortfall = self.info.describe_shortfall()
        status.display = bool(shortfall)
        if shortfall:
            status.update(
                Content.assemble(
                    (shortfall, "$text-warning"),
                    ("  ·  t tops it up from the answers that have come since", "$text-muted"),
                )
            )

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
                    "Is the final answer correct?  c = correct   x = incorrect   s = unsure",
                    "$text-accent",
                )
            )
            note.display = False
        else:
            response.update(highlight_candidates(item.response, item.candidates))
            reveal.update(self._reveal(item, judged))
            note.display = self._disagrees(item, judged) or bool(judged.note)
            note.value = judged.note
        self.query_one(StatsPanel).show_stats(self.items, self.context.annotator, self.judgements)
        self.query_one("#item", VerticalScroll).scroll_home(animate=False)

    @staticmethod
    def _disagrees(item: SampleItem, judged: Judgement) -> bool:
        return not judged.unsure and judged.human_correct != item.checker_correct

    @classmethod
    def _reveal(cls, item: SampleItem, judged: Judgement) -> Content:
        checker = item.checker_outcome.replace("_", " ")
        read = ", ".join(f"“{c.text}”" for c in item.candidates) or "nothing"
        if judged.unsure:
            verdict = Content.styled("unsure: in no ratio (n adds a note why)", "$text-warning")
        elif cls._disagrees(item, judged):
            verdict = Content.styled("disagrees: note why (n)", "bold $text-error")
        else:
            verdict = Content.styled("agrees", "$text-success")
        return Content.assemble(
            ("you: ", "$text-muted"),
            (_VERDICT_WORDS[judged.verdict], "bold"),
            ("   checker: ", "$text-muted"),
            (checker, "bold"),
            (f" — {item.reason}" if item.reason else "", ""),
            "\n",
            ("the checker read: ", "$text-muted"),
            (read, "bold"),
            ("  (highlighted above)", "$text-muted"),
            "\n",
            verdict,
            ("   ·   enter: next   backspace: undo", "$text-muted"),
        )

    def action_judge(self, verdict: str) -> None:
        """Commit the judgement and show the checker's verdict and spans; ``enter`` moves on.
        The write happens here in the UI thread on purpose: it takes milliseconds, and the
        screen must not show anything else before the judgement is durable."""
        if not self.items:
            return
        human_correct = None if verdict == "unsure" else verdict == "correct"
        previous = self.mine.get(self.position)
        if previous is not None and previous.verdict == verdict:
            self.notify(f"Already judged {_VERDICT_WORDS[verdict]}; enter moves on.", timeout=2)
            return
        note = previous.note if previous else ""
        try:
            saved = self.context.annotations.judge(
                self.info.sample_id, self.position, self.context.annotator, human_correct, note
            )
        except WORKER_ERRORS as error:
            self.notify(f"Not saved: {error}", severity="error", timeout=15)
            return
        self.mine[self.position] = saved
        if previous is None:
            self.fresh = self.position
            self.notify(f"Saved: {_VERDICT_WORDS[verdict]}", timeout=1.5)
        else:
            self.fresh = None
            self.notify(
                f"Changed item {self.position + 1} from {_VERDICT_WORDS[previous.verdict]} to "
                f"{_VERDICT_WORDS[verdict]}; backspace undoes it.",
                timeout=6,
            )
        self.show_item()
        if self._disagrees(self.item, saved):
            self.note_input.focus()

    def action_undo(self) -> None:
        try:
            undone = self.context.annotations.undo(self.info.sample_id, self.context.annotator)
        except WORKER_ERRORS as error:
            self.notify(f"Not undone: {error}", severity="error", timeout=15)
            return
        if undone is None:
            self.notify("Nothing to undo: you have not judged any item of this sample.")
            return
        self.judgements = self.context.annotations.judgements(self.info.sample_id)
        self.position, self.fresh = undone.position, None
        self.set_focus(None)
        now = self.mine.get(undone.position)
        self.notify(
            f"Undid your {_VERDICT_WORDS[undone.verdict]} on item {undone.position + 1}"
            + (f"; your word there is {_VERDICT_WORDS[now.verdict]} again." if now else "."),
            timeout=4,
        )
        self.show_item()

    @on(Input.Submitted, "#note")
    def _note_submitted(self, event: Input.Submitted) -> None:
        judged = self.mine.get(self.position)
        if judged is None:
            self.notify(
                "Judge the item first (c, x or s), then write the note.", severity="warning"
            )
            return
        try:
            self.mine[self.position] = self.context.annotations.judge(
                self.info.sample_id,
                self.position,
                self.context.annotator,
                None if judged.unsure else judged.human_correct,
                event.value.strip(),
            )
        except WORKER_ERRORS as error:
            self.notify(f"Note not saved: {error}", severity="error", timeout=15)
            return
        self.notify("Note saved", timeout=1.5)
        self.set_focus(None)
        # Only the item just judged for the first time moves on; an earlier one stays put.
        if self.fresh == self.position and len(self.mine) < len(self.items):
            self.position = self._first_unjudged(self.position + 1)
        self.fresh = None
        self.show_item()

    def action_note(self) -> None:
        if self.position in self.mine:
            self.note_input.display = True
            self.note_input.focus()
        else:
            self.notify(
                "Judge the item first (c, x or s), then write the note.", severity="warning"
            )

    def action_move(self, step: int) -> None:
        if self.items:
            self.set_focus(None)
            self.fresh = None
            self.position = (self.position + step) % len(self.items)
            self.show_item()

    def action_next_unjudged(self) -> None:
        self.fresh = None
        if len(self.mine) >= len(self.items):
            self.notify("Every item of this sample is judged.")
            return
        self.position = self._first_unjudged(self.position + 1)
        self.show_item()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_guidelines(self) -> None:
        benchmark = self.item.benchmark if self.items else ""
        self.app.push_screen(
            GuidelinesScreen(
                self.context.annotations.path,
                benchmark,
                self.info.sample_id,
                self.context.guidelines,
            )
        )

    def action_adjudicate(self) -> None:
        def back(_: None) -> None:
            self.judgements = self.context.annotations.judgements(self.info.sample_id)
            self.show_item()

        self.app.push_screen(AdjudicateScreen(self.context, self.info.sample_id), back)

    def action_top_up(self) -> None:
        if not self.info.short:
            self.notify(f"This sample holds the {self.info.spec.size} items asked for.")
            return
        self.notify("Looking for answers that have come since the sample was drawn…")
        self._top_up()

    @work(thread=True, exclusive=True, group="top-up")
    def _top_up(self) -> None:
        try:
            info = top_up_sample(self.context, self.info)
        except WORKER_ERRORS as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", timeout=10)
            return
        self.app.call_from_thread(self._topped_up, info)

    def _topped_up(self, info: SampleInfo) -> None:
        added = info.items - self.info.items
        self.info = info
        self.items = self.context.annotations.items(info.sample_id)
        self.show_sample()
        self.show_item()
        self.notify(
            f"Added {added} items; the sample holds {info.items} of {info.spec.size}."
            if added
            else "No new answers yet: " + info.describe_shortfall()
        )

    def action_export(self) -> None:
        def write(path: Path | None) -> None:
            if path is None:
                return
            try:
                count = self.context.annotations.export_sample(self.info.sample_id, path)
            except WORKER_ERRORS as error:
                self.notify(str(error), severity="error", timeout=10)
                return
            judged = self.context.annotations.judgements(self.info.sample_id)
            by_anyone = set().union(*(set(mine) for mine in judged.values()))
            yours = len(judged.get(self.context.annotator, {}))
            self.notify(
                f"Wrote {count} items to {path}: {len(by_anyone)} judged ({yours} by you), "
                f"{count - len(by_anyone)} not judged yet."
            )

        default = Path.cwd() / f"labels-{self.info.sample_id}.jsonl"
        self.app.push_screen(PathPrompt("Export the sample as JSONL to:", default), write)
