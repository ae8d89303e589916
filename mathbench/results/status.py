"""An item's status, accuracy and the pass mark: defined here once, for every reader of results.

Every item of a run has one status: correct, wrong, no_answer (the checker found no answer in the
response), undecided (the checker could not reach a verdict, e.g. its bounded proof timed out; it
is judged again on the next run), errored (the backend failed, so there is no response to judge)
or pending (not generated yet, or not yet judged under the run's checker). Accuracy is correct
over scored items (correct + wrong + no_answer): undecided, errored and pending items are never
counted as wrong, and readers show them beside the accuracy so that a partial number is never
mistaken for a whole one.
"""

from __future__ import annotations

from typing import Literal

Status = Literal["correct", "wrong", "no_answer", "undecided", "errored", "pending"]
STATUSES: tuple[Status, ...] = (
    "correct", "wrong", "no_answer", "undecided", "errored", "pending"
)  # fmt: skip
SCORED: tuple[Status, ...] = ("correct", "wrong", "no_answer")
#: The CMATH paper's mark: a group (a grade) passes at this accuracy. Benchmarks set their own.
PASS_MARK = 0.6


def status_sql(generation: str = "", verdict: str = "") -> str:
    """The status as SQL, over a first-sample generation's ``response`` and ``error`` and its
    verdict's ``outcome`` under the run's checker; ``generation`` and ``verdict`` are the table
    aliases those columns are qualified with (none when a subquery has already selected them)."""
    g = f"{generation}." if generation else ""
    v = f"{verdict}." if verdict else ""
    return (
        f"CASE WHEN {g}response IS NULL THEN 'pending' "
        f"WHEN {g}error IS NOT NULL THEN 'errored' "
        f"WHEN {v}outcome IS NULL THEN 'pending' "
        f"ELSE {v}outcome END"
    )


def accuracy(correct: int, scored: int) -> float | None:
    """Correct over scored items; None when nothing is scored yet (never a 0% that means "no
    data")."""
    return correct / scored if scored else None
