"""The annotation guidelines, on screen while judging: a Markdown file per sample or per
benchmark, so that every annotator applies the same rules (what counts as a final answer, how to
treat units, when to say "unsure").

Looked up, first found wins: ``mathbench review --guidelines PATH``, else
``$MATHBENCH_GUIDELINES`` (either a file, or a folder searched like the next two), then beside the
annotations file ``guidelines/<sample id>.md`` and ``guidelines/<benchmark>.md``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Markdown

from mathbench.plugins.tui.state import GUIDELINES_ENV


def find_guidelines(
    annotations: Path, benchmark: str, sample_id: str, given: Path | None = None
) -> Path | None:
    """The guidelines file for a sample (see the module docstring), or None; ``given`` is the
    command's ``--guidelines``, which wins over the environment."""
    configured = os.environ.get(GUIDELINES_ENV)
    folders = [annotations.parent / "guidelines"]
    if given is None and configured:
        given = Path(configured).expanduser()
    if given is not None:
        if given.is_file():
            return given
        folders.insert(0, given)
    for folder in folders:
        for name in (sample_id, benchmark):
            candidate = folder / f"{name}.md"
            if candidate.is_file():
                return candidate
    return None


class GuidelinesScreen(ModalScreen[None]):
    """Over the judging screen; ``g`` or escape closes it."""

    DEFAULT_CSS = """
    GuidelinesScreen { align: center middle; }
    #guidelines-box {
        width: 90%; height: 85%; border: round $primary; background: $surface; padding: 0 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("g", "dismiss", "Close guidelines"),
        Binding("escape", "dismiss", "Close guidelines", show=False),
    ]

    def __init__(
        self, annotations: Path, benchmark: str, sample_id: str, given: Path | None = None
    ) -> None:
        super().__init__()
        self.path = find_guidelines(annotations, benchmark, sample_id, given)
        self.where = annotations.parent / "guidelines"
        self.benchmark = benchmark
        self.sample_id = sample_id

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="guidelines-box"):
            yield Markdown(self._text(), id="guidelines")
        yield Footer()

    def _text(self) -> str:
        if self.path is None:
            return (
                "# No guidelines yet\n\nWrite them in Markdown as "
                f"`{self.where / (self.benchmark + '.md')}` (for every sample of this benchmark) "
                f"or `{self.where / (self.sample_id + '.md')}` (for this sample), or give "
                f"`--guidelines FILE` or point `${GUIDELINES_ENV}` at a file."
            )
        try:
            return self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            return f"# Cannot read the guidelines\n\n`{self.path}`: {error}"
