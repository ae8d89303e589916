"""Two checkers over one run's stored responses: where they agree, and where they do not.

This is how a user sees what a lenient method accepts (the CMATH paper's checker takes any of the
last two numerals) that a strict one (``numeric``: the concluded answer only) refuses. Verdicts
already stored are read back; missing ones are computed and stored, so a second comparison is free.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mathbench.checker import Checker
from mathbench.store import Store
from mathbench.types import Verdict


@dataclass(frozen=True)
class Disagreement:
    problem_id: str
    sample_index: int
    golden: str
    response: str
    verdicts: tuple[Verdict, Verdict]

    def as_dict(self) -> dict[str, Any]:
        return {
            "problem_id": self.problem_id,
            "sample_index": self.sample_index,
            "golden": self.golden,
            "response": self.response,
            "verdicts": [
                {
                    "checker": v.checker,
                    "correct": v.correct,
                    "reason": v.reason,
                    "candidates": [c.__dict__ for c in v.candidates],
                }
                for v in self.verdicts
            ],
        }


@dataclass
class Comparison:
    """Counts of the four agreement cells, and every disagreement."""

    checkers: tuple[str, str]
    both_correct: int = 0
    only_first: int = 0
    only_second: int = 0
    both_wrong: int = 0
    disagreements: list[Disagreement] = field(default_factory=list)

    @property
    def compared(self) -> int:
        return self.both_correct + self.only_first + self.only_second + self.both_wrong

    @property
    def agreement(self) -> float | None:
        agree = self.both_correct + self.both_wrong
        return agree / self.compared if self.compared else None

    def as_dict(self) -> dict[str, Any]:
        first, second = self.checkers
        return {
            "checkers": list(self.checkers),
            "compared": self.compared,
            "agreement": self.agreement,
            "both_correct": self.both_correct,
            f"only_{first}": self.only_first,
            f"only_{second}": self.only_second,
            "both_wrong": self.both_wrong,
            "disagreements": [d.as_dict() for d in self.disagreements],
        }


def compare_run(store: Store, run_id: str, first: Checker, second: Checker) -> Comparison:
    """Judge every stored, non-errored response of the run with both checkers."""
    generation_key = store.run_generation_key(run_id)
    rows = store.connection.execute(
        "SELECT problem_id, sample_index, golden, response "
        f"FROM ({store.run_rows_sql(run_id)}) WHERE response IS NOT NULL AND error IS NULL "
        "ORDER BY position, sample_index"
    ).fetchall()
    comparison = Comparison((first.name, second.name))
    judged: dict[str, dict[tuple[str, int], Verdict]] = {}
    for checker in (first, second):
        stored = store.generations(generation_key, checker.name)
        verdicts = {key: row.verdict for key, row in stored.items() if row.verdict is not None}
        fresh = [
            (problem_id, sample, checker.check(response, golden))
            for problem_id, sample, golden, response in rows
            if (problem_id, sample) not in verdicts
        ]
        store.save_verdicts(generation_key, fresh)
        verdicts.update({(problem_id, sample): v for problem_id, sample, v in fresh})
        judged[checker.name] = verdicts
    for problem_id, sample, golden, response in rows:
        a = judged[first.name][(problem_id, sample)]
        b = judged[second.name][(problem_id, sample)]
        if a.correct and b.correct:
            comparison.both_correct += 1
        elif not a.correct and not b.correct:
            comparison.both_wrong += 1
        else:
            if a.correct:
                comparison.only_first += 1
            else:
                comparison.only_second += 1
            comparison.disagreements.append(
                Disagreement(problem_id, sample, golden, response, (a, b))
            )
    return comparison
