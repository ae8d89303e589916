"""Two checkers over one run's stored responses: where they agree, and where they do not.

This is how a user sees what a lenient method accepts (the CMATH paper's checker takes any of the
last two numerals) that a strict one (``numeric``: the concluded answer only) refuses. Verdicts
already stored are read back; missing ones are computed and stored, so a second comparison is free.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from mathbench.checker import Checker, judge
from mathbench.store import Store
from mathbench.types import Verdict


@dataclass(frozen=True)
class Disagreement:
    """One response the two checkers judge differently, with both verdicts (reasons, spans).

    ``key`` is the problem id (with ``#sample`` beyond the first sample) for a stored run, or
    the position in the lists given to ``compare_checkers``."""

    key: str
    response: str
    golden: str
    first: Verdict
    second: Verdict

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "golden": self.golden,
            "response": self.response,
            "verdicts": [
                {
                    "checker": v.checker,
                    "correct": v.correct,
                    "reason": v.reason,
                    "candidates": [c.__dict__ for c in v.candidates],
                }
                for v in (self.first, self.second)
            ],
        }


@dataclass
class Comparison:
    """Counts of the four agreement cells, and every disagreement."""

    first: str
    second: str
    both_correct: int = 0
    both_wrong: int = 0
    disagreements: list[Disagreement] = field(default_factory=list)

    def add(self, key: str, response: str, golden: str, a: Verdict, b: Verdict) -> None:
        if a.correct != b.correct:
            self.disagreements.append(Disagreement(key, response, golden, a, b))
        elif a.correct:
            self.both_correct += 1
        else:
            self.both_wrong += 1

    @property
    def total(self) -> int:
        return self.both_correct + self.both_wrong + len(self.disagreements)

    @property
    def only_first(self) -> list[Disagreement]:
        """Responses only the first checker judges correct."""
        return [d for d in self.disagreements if d.first.correct]

    @property
    def only_second(self) -> list[Disagreement]:
        """Responses only the second checker judges correct."""
        return [d for d in self.disagreements if d.second.correct]

    @property
    def agreement(self) -> float | None:
        """The share judged alike; None when there is nothing to compare."""
        return (self.both_correct + self.both_wrong) / self.total if self.total else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "checkers": [self.first, self.second],
            "compared": self.total,
            "agreement": self.agreement,
            "both_correct": self.both_correct,
            f"only_{self.first}": len(self.only_first),
            f"only_{self.second}": len(self.only_second),
            "both_wrong": self.both_wrong,
            "disagreements": [d.as_dict() for d in self.disagreements],
        }


def compare_checkers(
    responses: Sequence[str], goldens: Sequence[str], first: Checker, second: Checker
) -> Comparison:
    """Judge every ``(responses[i], goldens[i])`` with both checkers (for responses that are not
    stored in a run, such as a scored JSONL file); the sequences must have the same length."""
    if len(responses) != len(goldens):
        raise ValueError(f"{len(responses)} responses but {len(goldens)} golden answers")
    comparison = Comparison(first.name, second.name)
    for index, (response, golden) in enumerate(zip(responses, goldens, strict=True)):
        comparison.add(
            str(index),
            response,
            golden,
            judge(first, response, golden),
            judge(second, response, golden),
        )
    return comparison


def compare_run(store: Store, run_id: str, first: Checker, second: Checker) -> Comparison:
    """Judge every stored, non-errored response of the run with both checkers."""
    generation_key = store.run_generation_key(run_id)
    rows = store.connection.execute(
        "SELECT problem_id, sample_index, golden, response, text "
        f"FROM ({store.run_rows_sql(run_id)}) WHERE response IS NOT NULL AND error IS NULL "
        "ORDER BY position, sample_index"
    ).fetchall()
    comparison = Comparison(first.name, second.name)
    judged: dict[str, dict[tuple[str, int], Verdict]] = {}
    for checker in (first, second):
        stored = store.generations(generation_key, checker.name)
        verdicts = {key: row.verdict for key, row in stored.items() if row.verdict is not None}
        fresh = [
            (problem_id, sample, judge(checker, response, golden, problem))
            for problem_id, sample, golden, response, problem in rows
            if (problem_id, sample) not in verdicts
        ]
        store.save_verdicts(generation_key, fresh)
        verdicts.update({(problem_id, sample): v for problem_id, sample, v in fresh})
        judged[checker.name] = verdicts
    for problem_id, sample, golden, response, _ in rows:
        key = problem_id if sample == 0 else f"{problem_id}#{sample}"
        comparison.add(
            key,
            response,
            golden,
            judged[first.name][(problem_id, sample)],
            judged[second.name][(problem_id, sample)],
        )
    return comparison
