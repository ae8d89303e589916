"""Failure tags as the runs screen shows them: by table row, counted over the selected runs, and
as a filter (the rows carrying one tag).

The annotations store keys a tag by run, problem and sample; the table keys a row by run,
benchmark and problem. A run covers one benchmark, so the row key follows from the run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from mathbench.results import RunInfo
from mathbench.results.annotations import AnnotationStore


def row_key(run: RunInfo, problem_id: str) -> str:
    """The failures table's key of a run's (first-sample) row for ``problem_id``."""
    return f"{run.run_id}/{run.benchmark}/{problem_id}"


def tags_by_row(store: AnnotationStore, runs: Sequence[RunInfo]) -> dict[str, list[str]]:
    """Every tagged first-sample row of ``runs``, with its tags (by any annotator), sorted."""
    found: dict[str, set[str]] = {}
    for run in runs:
        for tag in store.tag_counts(run.run_id):
            for problem_id, sample_index in store.tagged(run.run_id, tag):
                if sample_index == 0:
                    found.setdefault(row_key(run, problem_id), set()).add(tag)
    return {key: sorted(tags) for key, tags in found.items()}


def tagged_rows(
    store: AnnotationStore, runs: Sequence[RunInfo], tag: str
) -> tuple[tuple[str, str], ...]:
    """``(run_id, problem_id)`` of the first-sample rows of ``runs`` that carry ``tag``."""
    return tuple(
        (run.run_id, problem_id)
        for run in runs
        for problem_id, sample_index in sorted(store.tagged(run.run_id, tag))
        if sample_index == 0
    )


def tag_totals(store: AnnotationStore, runs: Sequence[RunInfo]) -> Counter[str]:
    """Responses per tag over ``runs``, most first."""
    totals: Counter[str] = Counter()
    for run in runs:
        totals.update(store.tag_counts(run.run_id))
    return totals


def describe_totals(totals: Counter[str]) -> str:
    """``tags: arithmetic slip 3 · misread question 1``, or empty."""
    if not totals:
        return ""
    return "tags: " + " · ".join(f"{tag} {n}" for tag, n in totals.most_common())
