"""What to call each run in a figure's legend or a table's column: its model, and no more than
it takes to tell it from the other runs shown beside it."""

from __future__ import annotations

from collections.abc import Sequence

from mathbench.report import RunReport

#: What tells runs of the same model apart, in the order a reader cares about.
DISTINGUISHING = ("checker", "template", "benchmark", "split", "samples", "temperature")


def run_labels(reports: Sequence[RunReport]) -> list[str]:
    """Each run's label: its model, then what tells it apart from runs of the same model
    (``checker cmath``, ``template cot``, ...), then its run id if nothing in the configuration
    does. Runs alone with their model keep the bare model name."""
    labels = [r.label for r in reports]
    for label in set(labels):
        same = [i for i, other in enumerate(labels) if other == label]
        if len(same) < 2:
            continue
        keys = [
            key
            for key in DISTINGUISHING
            if len({str(reports[i].config.get(key)) for i in same}) > 1
        ]
        for i in same:
            extra = ", ".join(f"{key} {reports[i].config.get(key)}" for key in keys)
            labels[i] = f"{label} ({extra})" if extra else label
    for label in set(labels):
        same = [i for i, other in enumerate(labels) if other == label]
        if len(same) > 1:
            for i in same:
                labels[i] = f"{label} [{reports[i].run_id[:8]}]"
    return labels
