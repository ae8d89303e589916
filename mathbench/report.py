"""Reports: accuracy overall and broken down by annotations, with the CMATH paper's pass mark.

Every item has one status: correct, wrong, no_answer (the checker found no answer in the
response), errored (the backend failed, so there is no response to judge) or pending (not generated
yet). Accuracy is correct over scored items (correct + wrong + no_answer); errored and pending items
are never counted as wrong, and are shown beside the accuracy so that a partial number is never
mistaken for a whole one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from mathbench.store import Store
from mathbench.types import AnnotationValue

Status = Literal["correct", "wrong", "no_answer", "errored", "pending"]
SCORED: tuple[Status, ...] = ("correct", "wrong", "no_answer")


@dataclass(frozen=True)
class Item:
    """One problem's status in a run, with the annotations reports group by."""

    problem_id: str
    annotations: dict[str, AnnotationValue]
    status: Status


@dataclass
class Tally:
    """Counts of each status for one group of items."""

    value: str = ""
    correct: int = 0
    wrong: int = 0
    no_answer: int = 0
    errored: int = 0
    pending: int = 0
    passed: bool | None = None

    def add(self, status: Status) -> None:
        setattr(self, status, getattr(self, status) + 1)

    @property
    def total(self) -> int:
        return self.correct + self.wrong + self.no_answer + self.errored + self.pending

    @property
    def scored(self) -> int:
        return self.correct + self.wrong + self.no_answer

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.scored if self.scored else None

    @property
    def complete(self) -> bool:
        return self.errored == 0 and self.pending == 0

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(total=self.total, scored=self.scored, accuracy=self.accuracy)
        return data


@dataclass
class RunReport:
    """A run's tallies: overall and per value of each ``report_by`` annotation."""

    run_id: str
    label: str
    config: dict[str, Any]
    overall: Tally
    breakdowns: dict[str, list[Tally]] = field(default_factory=dict)
    pass_by: str | None = None
    pass_mark: float = 0.6

    def verdict_sentence(self) -> str | None:
        """The teacher's summary: which groups pass at the pass mark and which fail."""
        if not self.pass_by or self.pass_by not in self.breakdowns:
            return None
        groups = self.breakdowns[self.pass_by]
        passed = [t.value for t in groups if t.passed]
        failed = [t.value for t in groups if t.passed is False]
        mark = f"accuracy >= {self.pass_mark:.0%}"
        parts = []
        if passed:
            parts.append(f"passes {_plural(self.pass_by, passed)} {_ranges(passed)} ({mark})")
        if failed:
            parts.append(f"fails {_plural(self.pass_by, failed)} {_ranges(failed)}")
        if not parts:
            return None
        incomplete = "" if self.overall.complete else " (incomplete run: see errored/pending)"
        return f"{self.label} " + " and ".join(parts) + "." + incomplete

    def as_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "label": self.label,
            "config": self.config,
            "overall": self.overall.as_dict(),
            "breakdowns": {k: [t.as_dict() for t in v] for k, v in self.breakdowns.items()},
            "pass_by": self.pass_by,
            "pass_mark": self.pass_mark,
            "verdict": self.verdict_sentence(),
        }


def _plural(noun: str, values: Sequence[str]) -> str:
    return noun if len(values) == 1 else f"{noun}s"


def _ranges(values: Sequence[str]) -> str:
    """ "1, 2, 3, 5" -> "1-3, 5" for integer-like values; others joined as they are."""
    if not all(v.lstrip("-").isdigit() for v in values):
        return ", ".join(values)
    numbers = sorted(int(v) for v in values)
    spans: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        spans.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(spans)


def _sort_key(value: str) -> tuple[int, float, str]:
    try:
        return (0, float(value), value)
    except ValueError:
        return (1, 0.0, value)


def tally(
    items: Iterable[Item],
    report_by: Sequence[str],
    pass_by: str | None,
    pass_mark: float,
) -> tuple[Tally, dict[str, list[Tally]]]:
    """Overall and per-annotation tallies; groups are ordered numerically where they can be."""
    overall = Tally(value="all")
    groups: dict[str, dict[str, Tally]] = {key: {} for key in report_by}
    for item in items:
        overall.add(item.status)
        for key in report_by:
            if key not in item.annotations:
                continue
            value = str(item.annotations[key])
            groups[key].setdefault(value, Tally(value=value)).add(item.status)
    breakdowns = {
        key: sorted(by_value.values(), key=lambda t: _sort_key(t.value))
        for key, by_value in groups.items()
        if by_value
    }
    if pass_by in breakdowns:
        for group in breakdowns[pass_by]:
            accuracy = group.accuracy
            group.passed = None if accuracy is None else accuracy >= pass_mark
    return overall, breakdowns


def run_items(store: Store, run_id: str) -> list[Item]:
    rows = store.connection.execute(
        "SELECT problem_id, annotations, response IS NOT NULL, error, outcome "
        f"FROM ({store.run_rows_sql(run_id)})"
    ).fetchall()
    items = []
    for problem_id, annotation_json, generated, error, outcome in rows:
        status: Status
        if not generated:
            status = "pending"
        elif error is not None:
            status = "errored"
        elif outcome is None:
            status = "pending"  # generated but not yet scored under this run's checker
        else:
            status = outcome
        items.append(Item(problem_id, json.loads(annotation_json), status))
    return items


def build_reports(store: Store, run_ids: Sequence[str]) -> list[RunReport]:
    reports = []
    for run_id in run_ids:
        config = store.run_config(run_id)
        layout = config.get("report", {})
        overall, breakdowns = tally(
            run_items(store, run_id),
            layout.get("by", []),
            layout.get("pass_by"),
            layout.get("pass_mark", 0.6),
        )
        reports.append(
            RunReport(
                run_id=run_id,
                label=f"{config['backend']}:{config['model']}",
                config=config,
                overall=overall,
                breakdowns=breakdowns,
                pass_by=layout.get("pass_by"),
                pass_mark=layout.get("pass_mark", 0.6),
            )
        )
    return reports
