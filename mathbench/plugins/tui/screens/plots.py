"""Plots of accuracy by grade, reasoning steps, digits or distractors for the selected runs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from mathbench.plugins.tui.components.accuracy_plot import AccuracyPlot
from mathbench.plugins.tui.components.filter_bar import short_name
from mathbench.plugins.tui.context import ReviewContext
from mathbench.plugins.tui.screens.runs import WORKER_ERRORS
from mathbench.results import RunInfo
from mathbench.results.items import AccuracyPoint


class PlotsScreen(Screen[None]):
    """One plot; ``left``/``right`` change the annotation on the x axis."""

    HELP = """\
**Plots.** Accuracy (correct over scored, as `mathbench report` counts it) against each annotation
the selected runs report by, one line per run; the red line is the pass mark where the benchmark
has one (CMATH passes a grade at 60%). `left`/`right` change the annotation.
"""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "dimension(-1)", "Previous axis"),
        Binding("right", "dimension(1)", "Next axis"),
        Binding("escape", "back", "Back"),
    ]

    @dataclass
    class Points(Message):
        key: str
        points: dict[str, list[AccuracyPoint]]

    @dataclass
    class Failed(Message):
        error: str

    def __init__(self, context: ReviewContext, runs: list[RunInfo]) -> None:
        super().__init__()
        self.context = context
        self.runs = runs
        self.keys = list(dict.fromkeys(key for run in runs for key in run.report_by))
        self.current = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="plot-caption")
        yield AccuracyPlot(id="plot")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = ", ".join(f"{run.short_id} {run.label}" for run in self.runs)
        if not self.keys:
            self.query_one("#plot-caption", Static).update(
                "These runs report by no annotation, so there is nothing to plot against."
            )
            return
        self._draw()

    def _draw(self) -> None:
        key = self.keys[self.current]
        names = [
            Content.styled(short_name(k), "bold reverse" if i == self.current else "$text-muted")
            for i, k in enumerate(self.keys)
        ]
        self.query_one("#plot-caption", Static).update(
            Content.assemble("x axis: ", Content("  ").join(names), "   (left/right)")
        )
        self._load(key)

    @work(thread=True, exclusive=True, group="plot")
    def _load(self, key: str) -> None:
        try:
            points = self.context.index.accuracy_by(self.runs, key)
        except WORKER_ERRORS as error:
            self.post_message(self.Failed(str(error)))
            return
        self.post_message(self.Points(key, points))

    @on(Points)
    def _points(self, message: Points) -> None:
        self.query_one(AccuracyPlot).draw(message.key, self.runs, message.points)

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.notify(message.error, severity="error", timeout=10)

    def action_dimension(self, step: int) -> None:
        if self.keys:
            self.current = (self.current + step) % len(self.keys)
            self._draw()

    def action_back(self) -> None:
        self.app.pop_screen()
