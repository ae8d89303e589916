"""Reports: accuracy overall and broken down by annotations, with the benchmark's pass mark.

Statuses, accuracy and the default pass mark are defined once, in ``mathbench.results.status``.

With several samples per problem (``--samples K``), the accuracy is the first sample's, and two
more figures stand beside it: maj@K (the most frequent answer among the scored samples is correct,
the RFT paper's maj1@K) and pass@K (at least one scored sample is correct).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from mathbench.results.status import PASS_MARK, SCORED, Status, accuracy, status_sql
from mathbench.store import Store
from mathbench.types import AnnotationValue


@dataclass(frozen=True)
class Item:
    """One problem's status in a run, with the annotations reports group by.

    ``majority`` and ``any_correct`` are set for runs with several samples per problem (None when
    none of its samples is scored yet, or the run has one sample)."""

    problem_id: str
    annotations: dict[str, AnnotationValue]
    status: Status
    majority: bool | None = None
    any_correct: bool | None = None


@dataclass
class Tally:
    """Counts of each status for one group of items."""

    value: str = ""
    correct: int = 0
    wrong: int = 0
    no_answer: int = 0
    undecided: int = 0
    errored: int = 0
    pending: int = 0
    passed: bool | None = None
    #: Items with several samples of which at least one is scored, and how many of those are
    #: correct by majority vote and by any sample.
    sampled: int = 0
    majority_correct: int = 0
    any_correct: int = 0

    def add(self, item: Item) -> None:
        setattr(self, item.status, getattr(self, item.status) + 1)
        if item.majority is not None:
            self.sampled += 1
            self.majority_correct += item.majority
            self.any_correct += bool(item.any_correct)

    @property
    def total(self) -> int:
        return self.scored + self.unscored

    @property
    def unscored(self) -> int:
        """Items left out of the accuracy: undecided, errored or not generated yet."""
        return self.undecided + self.errored + self.pending

    @property
    def scored(self) -> int:
        return self.correct + self.wrong + self.no_answer

    @property
    def accuracy(self) -> float | None:
        return accuracy(self.correct, self.scored)

    @property
    def complete(self) -> bool:
        return self.unscored == 0

    @property
    def majority_accuracy(self) -> float | None:
        return accuracy(self.majority_correct, self.sampled)

    @property
    def pass_rate(self) -> float | None:
        return accuracy(self.any_correct, self.sampled)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(total=self.total, scored=self.scored, accuracy=self.accuracy)
        if self.sampled:
            data.update(majority_accuracy=self.majority_accuracy, pass_rate=self.pass_rate)
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
    pass_mark: float = PASS_MARK
    #: The crossed annotations (rows, columns) and a tally per pair of values.
    cross: tuple[str, str] | None = None
    cross_tallies: dict[tuple[str, str], Tally] = field(default_factory=dict)

    @property
    def samples(self) -> int:
        return int(self.config.get("samples", 1))

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
            "samples": self.samples,
            "cross": (
                {
                    "rows": self.cross[0],
                    "columns": self.cross[1],
                    "cells": [
                        {self.cross[0]: a, self.cross[1]: b, **t.as_dict()}
                        for (a, b), t in self.cross_tallies.items()
                    ],
                }
                if self.cross
                else None
            ),
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


def sort_key(value: str) -> tuple[int, float, str]:
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
        overall.add(item)
        for key in report_by:
            if key not in item.annotations:
                continue
            value = str(item.annotations[key])
            groups[key].setdefault(value, Tally(value=value)).add(item)
    breakdowns = {
        key: sorted(by_value.values(), key=lambda t: sort_key(t.value))
        for key, by_value in groups.items()
        if by_value
    }
    if pass_by in breakdowns:
        for group in breakdowns[pass_by]:
            accuracy = group.accuracy
            group.passed = None if accuracy is None else accuracy >= pass_mark
    return overall, breakdowns


def cross_tally(items: Iterable[Item], rows: str, columns: str) -> dict[tuple[str, str], Tally]:
    """A tally per (row value, column value) pair, e.g. MATH's subject x level table."""
    cells: dict[tuple[str, str], Tally] = {}
    for item in items:
        if rows in item.annotations and columns in item.annotations:
            pair = (str(item.annotations[rows]), str(item.annotations[columns]))
            cells.setdefault(pair, Tally(value=f"{pair[0]} x {pair[1]}")).add(item)
    return dict(sorted(cells.items(), key=lambda kv: (sort_key(kv[0][0]), sort_key(kv[0][1]))))


#: An item's status over a run row's ``response``, ``error`` and ``outcome`` columns.
STATUS_SQL = status_sql()

#: Each run's first-sample status counts, in one pass over every run (``mathbench runs``).
_RUN_STATUS_COUNTS_SQL = f"""
SELECT run_id, status, count(*) FROM (
    SELECT rp.run_id, {STATUS_SQL} AS status
    FROM run_problems rp
    JOIN runs r ON r.run_id = rp.run_id
    LEFT JOIN (SELECT generation_key, problem_id, response, error FROM generations
               WHERE sample_index = 0) g
      ON g.generation_key = r.generation_key AND g.problem_id = rp.problem_id
    LEFT JOIN (SELECT generation_key, problem_id, checker, outcome FROM verdicts
               WHERE sample_index = 0) v
      ON v.generation_key = r.generation_key AND v.problem_id = rp.problem_id
     AND v.checker = r.checker
)
GROUP BY ALL
"""


def _answer(candidates_json: str | None) -> str | None:
    """The answer a sample concluded: the value of the last span its checker read."""
    candidates = json.loads(candidates_json) if candidates_json else []
    return str(candidates[-1]["value"]) if candidates else None


def _vote(samples: list[tuple[Status, str | None]]) -> tuple[bool | None, bool | None]:
    """(majority correct, any correct) over the scored samples; None when none is scored."""
    scored = [(status, answer) for status, answer in samples if status in SCORED]
    if not scored:
        return None, None
    any_correct = any(status == "correct" for status, _ in scored)
    answers = Counter(answer for _, answer in scored if answer is not None)
    if not answers:
        return False, any_correct
    winner = answers.most_common(1)[0][0]  # ties: the answer seen first
    majority = any(status == "correct" for status, answer in scored if answer == winner)
    return majority, any_correct


def run_items(store: Store, run_id: str) -> list[Item]:
    rows = store.connection.execute(
        f"SELECT problem_id, sample_index, annotations, {STATUS_SQL}, candidates "
        f"FROM ({store.run_rows_sql(run_id)}) ORDER BY position, sample_index"
    ).fetchall()
    by_problem: dict[str, tuple[str, list[tuple[Status, str | None]]]] = {}
    for problem_id, _sample, annotation_json, status, candidates in rows:
        entry = by_problem.setdefault(problem_id, (annotation_json, []))
        entry[1].append((status, _answer(candidates)))
    items = []
    for problem_id, (annotation_json, samples) in by_problem.items():
        majority, any_correct = _vote(samples) if len(samples) > 1 else (None, None)
        items.append(
            Item(problem_id, json.loads(annotation_json), samples[0][0], majority, any_correct)
        )
    return items


def summarize_runs(store: Store) -> list[RunReport]:
    """Every stored run, newest first, with its overall tally only (no breakdowns): what
    ``mathbench runs`` lists, in one query over all runs however many there are. Runs with several
    samples per problem add maj@k and pass@k, which need their items."""
    configs = store.connection.execute(
        "SELECT run_id, config FROM runs ORDER BY created_at DESC, run_id"
    ).fetchall()
    counts: dict[str, Tally] = {}
    for run_id, status, count in store.connection.execute(_RUN_STATUS_COUNTS_SQL).fetchall():
        tally_of_run = counts.setdefault(run_id, Tally())
        setattr(tally_of_run, status, getattr(tally_of_run, status) + count)
    reports = []
    for run_id, config_json in configs:
        config = json.loads(config_json)
        if int(config.get("samples", 1)) > 1:
            reports.extend(build_reports(store, [run_id]))
            continue
        layout = config.get("report", {})
        reports.append(
            RunReport(
                run_id=run_id,
                label=f"{config['backend']}:{config['model']}",
                config=config,
                overall=counts.get(run_id, Tally()),
                pass_by=layout.get("pass_by"),
                pass_mark=layout.get("pass_mark", PASS_MARK),
            )
        )
    return reports


def build_reports(store: Store, run_ids: Sequence[str]) -> list[RunReport]:
    reports = []
    for run_id in run_ids:
        config = store.run_config(run_id)
        layout = config.get("report", {})
        items = run_items(store, run_id)
        overall, breakdowns = tally(
            items,
            layout.get("by", []),
            layout.get("pass_by"),
            layout.get("pass_mark", PASS_MARK),
        )
        cross = tuple(layout["cross"]) if layout.get("cross") else None
        reports.append(
            RunReport(
                run_id=run_id,
                label=f"{config['backend']}:{config['model']}",
                config=config,
                overall=overall,
                breakdowns=breakdowns,
                pass_by=layout.get("pass_by"),
                pass_mark=layout.get("pass_mark", PASS_MARK),
                cross=(cross[0], cross[1]) if cross else None,
                cross_tallies=cross_tally(items, cross[0], cross[1]) if cross else {},
            )
        )
    return reports
