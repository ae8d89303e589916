"""Accuracy against an annotation (grade, reasoning steps, digits, distractors), one line per
run: the CMATH paper's Figure 2, in the terminal."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual_plotext import PlotextPlot

from mathbench.plugins.tui.components.filter_bar import short_name
from mathbench.results import RunInfo
from mathbench.results.items import AccuracyPoint

#: One colour and one marker per run, so that lines stay apart in colour and without it (red is
#: the pass mark's). After six runs the pairs repeat, with the marker shifted.
LINE_COLORS = ("blue+", "orange+", "green+", "magenta+", "cyan+", "yellow+")
LINE_MARKERS = ("●", "■", "▲", "◆", "✚", "✖")


def line_style(index: int) -> tuple[str, str]:
    """The colour and marker of the ``index``-th run's line."""
    rounds = index // len(LINE_COLORS)
    return (
        LINE_COLORS[index % len(LINE_COLORS)],
        LINE_MARKERS[(index + rounds) % len(LINE_MARKERS)],
    )


class AccuracyPlot(PlotextPlot):
    """Categorical x axis (the annotation's values in order), accuracy in percent on y."""

    #: The ``(run_id, colour, marker)`` of each line drawn last.
    lines: list[tuple[str, str, str]]

    def on_mount(self) -> None:
        super().on_mount()
        self.lines = []

    def draw(
        self,
        key: str,
        runs: Sequence[RunInfo],
        points: Mapping[str, Sequence[AccuracyPoint]],
    ) -> None:
        plt = self.plt
        plt.clear_figure()
        values: list[str] = []
        for run in runs:
            for point in points.get(run.run_id, ()):
                if point.value not in values:
                    values.append(point.value)
        positions = {value: i + 1 for i, value in enumerate(values)}
        self.lines = []
        for index, run in enumerate(runs):
            shown = [p for p in points.get(run.run_id, ()) if p.accuracy is not None]
            if not shown:
                continue
            color, marker = line_style(index)
            plt.plot(
                [positions[p.value] for p in shown],
                [100 * (p.accuracy or 0.0) for p in shown],
                marker=marker,
                color=color,
                label=f"{marker} {run.short_id} {run.label} ({run.checker})",
            )
            self.lines.append((run.run_id, color, marker))
        pass_marks = {run.pass_mark for run in runs if run.pass_by == key}
        for mark in pass_marks:
            plt.hline(100 * mark, "red")
        if values:
            plt.xticks(list(positions.values()), values)
        plt.ylim(0, 100)
        plt.title(f"accuracy (%) by {short_name(key)}")
        plt.xlabel(short_name(key))
        self.refresh()
