"""Accuracy against an annotation (grade, reasoning steps, digits, distractors), one line per
run: the CMATH paper's Figure 2, in the terminal."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual_plotext import PlotextPlot

from mathbench.results import RunInfo
from mathbench_tui.components.filter_bar import short_name
from mathbench_tui.index import AccuracyPoint


class AccuracyPlot(PlotextPlot):
    """Categorical x axis (the annotation's values in order), accuracy in percent on y."""

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
        for run in runs:
            shown = [p for p in points.get(run.run_id, ()) if p.accuracy is not None]
            if not shown:
                continue
            plt.plot(
                [positions[p.value] for p in shown],
                [100 * (p.accuracy or 0.0) for p in shown],
                marker="braille",
                label=f"{run.short_id} {run.label}",
            )
        pass_marks = {run.pass_mark for run in runs if run.pass_by == key}
        for mark in pass_marks:
            plt.hline(100 * mark, "red")
        if values:
            plt.xticks(list(positions.values()), values)
        plt.ylim(0, 100)
        plt.title(f"accuracy (%) by {short_name(key)}")
        plt.xlabel(short_name(key))
        self.refresh()
