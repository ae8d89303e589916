"""Adjudication: walk the items of a sample that annotators judged differently, see every
annotator's word and note beside the checker's verdict and spans, and record the resolved label.

The resolution is stored apart from the judgements (the table ``adjudications``), signed with the
adjudicator's name, so that nobody's own word is changed; precision and recall against the
annotators' consensus take it where it exists.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from mathbench.plugins.tui.components.rendering import highlight_candidates
from mathbench.plugins.tui.context import ReviewContext
from mathbench.plugins.tui.screens.runs import WORKER_ERRORS
from mathbench.results.annotations import SampleItem


class AdjudicateScreen(Screen[None]):
    """``c``/``x`` resolve the item in view and go to the next unresolved one."""

    HELP = """\
**Adjudication.** The items of this sample that annotators judged differently ("unsure" against
a verdict counts), one at a time, with every annotator's word and note, and the checker's
verdict with the spans it read. `c` resolves the item as correct, `x` as incorrect (signed with
your name, stored apart from the judgements); `←`/`→` move; escape goes back.
"""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "resolve(True)", "Resolve correct"),
        Binding("x", "resolve(False)", "Resolve incorrect"),
        Binding("left", "move(-1)", "Previous"),
        Binding("right", "move(1)", "Next"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, context: ReviewContext, sample_id: str) -> None:
        super().__init__()
        self.context = context
        self.sample_id = sample_id
        store = context.annotations
        self.items = {item.position: item for item in store.items(sample_id)}
        self.positions = store.disagreements(sample_id)
        self.index = 0

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="adjudicate-body"):
            yield Static(id="adjudicate-item")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"adjudication of sample {self.sample_id}"
        resolved = self.context.annotations.adjudications(self.sample_id)
        unresolved = [i for i, p in enumerate(self.positions) if p not in resolved]
        self.index = unresolved[0] if unresolved else 0
        self.show()

    @property
    def item(self) -> SampleItem | None:
        return self.items[self.positions[self.index]] if self.positions else None

    def show(self) -> None:
        view = self.query_one("#adjudicate-item", Static)
        item = self.item
        if item is None:
            view.update("Annotators agree on every item of this sample they both judged.")
            return
        store = self.context.annotations
        resolved = store.adjudications(self.sample_id)
        words: list[Content | str] = []
        for annotator, mine in sorted(store.judgements(self.sample_id).items()):
            judged = mine.get(item.position)
            if judged is not None:
                words.append(
                    Content.assemble(
                        (f"  {annotator}: ", "$text-muted"),
                        (judged.verdict, "bold"),
                        (f" — {judged.note}" if judged.note else "", ""),
                    )
                )
        done = resolved.get(item.position)
        resolution = (
            Content.styled("unresolved: c = correct   x = incorrect", "$text-accent")
            if done is None
            else Content.styled(
                f"resolved {'correct' if done.human_correct else 'incorrect'} by "
                f"{done.adjudicator} ({done.created_at}); c / x resolves it again",
                "$text-success",
            )
        )
        view.update(
            Content("\n").join(
                [
                    Content.styled(
                        f"disagreement {self.index + 1} of {len(self.positions)} · item "
                        f"{item.position + 1} · {item.benchmark} {item.problem_id}",
                        "bold",
                    ),
                    Content(item.text),
                    Content.assemble(("golden ", "$text-muted"), (item.golden, "bold")),
                    highlight_candidates(item.response, item.candidates),
                    Content.assemble(
                        ("checker: ", "$text-muted"),
                        (item.checker_outcome.replace("_", " "), "bold"),
                        f" — {item.reason}" if item.reason else "",
                    ),
                    "annotators:",
                    *words,
                    resolution,
                ]
            )
        )

    def action_resolve(self, correct: bool) -> None:
        item = self.item
        if item is None:
            return
        try:
            self.context.annotations.adjudicate(
                self.sample_id, item.position, self.context.annotator, correct
            )
        except WORKER_ERRORS as error:
            self.notify(f"Not saved: {error}", severity="error", timeout=15)
            return
        self.notify(f"Resolved item {item.position + 1} as {'correct' if correct else 'incorrect'}")
        resolved = self.context.annotations.adjudications(self.sample_id)
        after = [
            i
            for i in range(self.index + 1, len(self.positions))
            if self.positions[i] not in resolved
        ]
        if after:
            self.index = after[0]
        self.show()

    def action_move(self, step: int) -> None:
        if self.positions:
            self.index = (self.index + step) % len(self.positions)
            self.show()

    def action_back(self) -> None:
        self.app.pop_screen()
