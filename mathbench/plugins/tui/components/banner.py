"""The line that says a run holds the results file and the reviewer shows a snapshot."""

from __future__ import annotations

from pathlib import Path

from textual.content import Content
from textual.widgets import Static

from mathbench.results import Access


class AccessBanner(Static):
    """Hidden while the results file is read live; one sentence while a snapshot is shown."""

    def show_access(self, access: Access, path: Path) -> None:
        self.set_class(access.mode == "snapshot", "-snapshot")
        self.update(Content(access.describe(path)) if access.mode == "snapshot" else "")
