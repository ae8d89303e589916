"""A one-line dialog asking where to write an export; Enter accepts, escape cancels.

A folder, or a file in a folder that does not exist, is refused in the dialog itself, in one
sentence, and the dialog stays open to correct the name: otherwise the export would fail later
with the operating system's ``[Errno 21] Is a directory``.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from mathbench.errors import MathbenchError
from mathbench.plugins.tui.export_rows import check_export_path


class PathPrompt(ModalScreen[Path | None]):
    """Dismisses with the path typed (a file in an existing folder), or None."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "Cancel")]

    def __init__(self, question: str, default: Path) -> None:
        super().__init__()
        self.question = question
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            yield Label(Content(self.question))
            yield Input(str(self.default), id="path")
            yield Label("", id="path-problem", classes="problem")

    @on(Input.Submitted, "#path")
    def _submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        if not value:
            self.dismiss(None)
            return
        path = Path(value).expanduser()
        try:
            check_export_path(path)
        except MathbenchError as error:
            self.query_one("#path-problem", Label).update(Content(str(error)))
            return
        self.dismiss(path)
