"""The runs sidebar: every stored run, several of which can be selected side by side."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import SelectionList
from textual.widgets.selection_list import Selection

from mathbench.results import RunInfo


def run_label(run: RunInfo) -> Content:
    """``3f2a9c01 smollm2 cmath/dev``: an option holds one line, so the backend, template and
    size are in the sidebar's caption for the highlighted run."""
    return Content.assemble(
        (run.short_id, "$text-accent"),
        " ",
        (run.model, "bold"),
        " ",
        (f"{run.benchmark}/{run.split}", "$text-muted"),
    )


def run_caption(run: RunInfo) -> str:
    """``llama-cpp:smollm2 · raw · 600 problems``."""
    return f"{run.label} · {run.template} · {run.problems} problems"


class RunList(SelectionList[str]):
    """Runs newest first; space toggles one in or out of the selection."""

    def __init__(
        self, runs: Sequence[RunInfo], selected: Sequence[str], *, id: str | None = None
    ) -> None:
        super().__init__(
            *[Selection(run_label(run), run.run_id, run.run_id in selected) for run in runs],
            id=id,
        )

    def set_runs(self, runs: Sequence[RunInfo], selected: Sequence[str]) -> None:
        """Replace the listed runs (after a refresh), keeping the selection where it still
        exists."""
        self.clear_options()
        self.add_options(
            [Selection(run_label(run), run.run_id, run.run_id in selected) for run in runs]
        )
