"""The Textual app behind ``mathbench review``: thin, as posting's and harlequin's are. The
screens do the work; the app holds the context and the keys that work everywhere."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from mathbench.plugins.tui.context import ReviewContext
from mathbench.plugins.tui.screens.help import HelpScreen
from mathbench.plugins.tui.screens.runs import RunsScreen


class ReviewApp(App[None]):
    """Opens on the runs-and-failures screen; the others are pushed from it."""

    CSS_PATH = "app.tcss"
    TITLE = "mathbench review"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, context: ReviewContext) -> None:
        super().__init__()
        self.context = context

    def on_mount(self) -> None:
        self.push_screen(RunsScreen(self.context))

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))
