"""A yes/no question before something an annotator could regret (discarding text, deleting)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Label


class ConfirmScreen(ModalScreen[bool]):
    """Dismisses with True on ``y``, False on ``n`` or escape (the safe answer is the default)."""

    DEFAULT_CSS = "ConfirmScreen { align: center middle; }"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n", "answer(False)", "No"),
        Binding("escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            yield Label(Content(self.question))
            yield Label(Content.styled("y = yes   n / escape = no", "$text-muted"))
        yield Footer()

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
