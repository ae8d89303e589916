"""Items of selected runs, filtered, counted, sorted and paged: a compact in-memory index.

The reviewer's failures table and plots read results through it, on the core's read road
(``ResultsSource``: the live file, or a snapshot while a run holds it; ``status_sql``), so that the
status and accuracy rules stay defined once.

Filtering a run's rows straight from the results file costs a join of four tables per keystroke
(0.1 s for a 100,000-problem run, seconds once several large runs are selected), and it needs the
file, which a run may hold. Instead each selected run is read once into an in-memory DuckDB table:
one row per problem, with its position, status, golden answer, the checker's concluded answer and
the annotations (about 0.2 s per 100,000 problems). Filters, counts, pages and plots then run on
memory in milliseconds, and the texts of the rows on screen are read from the file per page.

The index is as of the moment each run was loaded; ``refresh`` drops it, and the app reloads the
selection (``r``, and on a timer while a run is writing the file).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

import duckdb

from mathbench.report import sort_key
from mathbench.results.source import ResultsSource, RunInfo
from mathbench.results.status import SCORED, Status, accuracy, status_sql
from mathbench.types import AnnotationValue

#: What the status filter can ask for; ``disagree`` compares the checker with the annotator.
StatusFilter = Literal[
    "all", "failures", "correct", "wrong", "no_answer", "errored", "pending", "disagree"
]
STATUS_FILTERS: dict[StatusFilter, tuple[Status, ...]] = {
    "all": (),
    "failures": ("wrong", "no_answer", "undecided", "errored"),
    "correct": ("correct",),
    "wrong": ("wrong",),
    "no_answer": ("no_answer",),
    "errored": ("errored",),
    "pending": ("pending",),
    "disagree": SCORED,
}

_SCHEMA = """
CREATE TABLE rows (
    run_id VARCHAR NOT NULL,
    position INTEGER NOT NULL,
    benchmark VARCHAR NOT NULL,
    problem_id VARCHAR NOT NULL,
    generation_key VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    golden VARCHAR NOT NULL,
    answer VARCHAR,
    annotations JSON NOT NULL
);
CREATE TABLE texts (
    benchmark VARCHAR NOT NULL,
    problem_id VARCHAR NOT NULL,
    text VARCHAR NOT NULL
)
"""

#: The texts of a run's problems that the index does not hold yet (runs share problems).
_TEXTS = """
INSERT INTO texts
SELECT p.benchmark, p.problem_id, p.text
FROM {db}.run_problems rp
JOIN {db}.problems p ON p.benchmark = rp.benchmark AND p.problem_id = rp.problem_id
WHERE rp.run_id = $run AND NOT EXISTS (
    SELECT 1 FROM texts t WHERE t.benchmark = rp.benchmark AND t.problem_id = rp.problem_id
)
"""

_ROWS = f"""
SELECT $run, rp.position, rp.benchmark, rp.problem_id, $key, {status_sql("g", "v")}, p.golden,
       json_extract_string(v.candidates, '$[#-1].text'), p.annotations{{extra}}
FROM {{db}}run_problems rp
JOIN {{db}}problems p ON p.benchmark = rp.benchmark AND p.problem_id = rp.problem_id
LEFT JOIN {{db}}generations g
  ON g.generation_key = $key AND g.problem_id = rp.problem_id AND g.sample_index = 0
LEFT JOIN {{db}}verdicts v
  ON v.generation_key = $key AND v.problem_id = rp.problem_id AND v.sample_index = 0
 AND v.checker = $checker
WHERE rp.run_id = $run
"""


#: Columns the table can be sorted by besides the annotations (``problem`` keeps the benchmark's
#: order and groups the rows of one problem across runs).
SORT_COLUMNS = ("problem", "run", "status", "golden", "answer", "text")


@dataclass(frozen=True)
class Sort:
    """The table's order: a column of ``SORT_COLUMNS`` or an annotation key. Ties keep the rows
    of one problem together, in the order the runs are listed."""

    column: str = "problem"
    descending: bool = False


@dataclass(frozen=True)
class RowFilter:
    """What the failures table shows. ``annotations`` are ``(key, value)`` pairs that must all
    hold (the key ``benchmark`` names the benchmark itself). ``search`` restricts to, and ranks
    by, ``(benchmark, problem_id)`` hits on the problem text, and ``response_hits`` adds the
    ``(run_id, benchmark, problem_id)`` rows whose response matched (ranked after them);
    ``human`` holds ``(generation_key, problem_id, correct)`` judgements for the ``disagree``
    filter."""

    status: StatusFilter = "all"
    annotations: tuple[tuple[str, str], ...] = ()
    search: tuple[tuple[str, str], ...] | None = None
    human: tuple[tuple[str, str, bool], ...] = ()
    response_hits: tuple[tuple[str, str, str], ...] | None = None


@dataclass(frozen=True)
class Row:
    """One problem of one run, as the table lists it (``text`` is the start of the problem)."""

    run_id: str
    position: int
    benchmark: str
    problem_id: str
    generation_key: str
    status: Status
    golden: str
    answer: str | None
    annotations: dict[str, AnnotationValue]
    text: str = ""

    @property
    def key(self) -> str:
        return f"{self.run_id}/{self.benchmark}/{self.problem_id}"


@dataclass(frozen=True)
class Summary:
    """How many rows a filter matches, and its counts by status before the status part."""

    matched: int = 0
    counts: dict[Status, int] = field(default_factory=dict)
    #: The same counts per run id: accuracy is only meaningful within one run (one model, one
    #: checker), so the summary gives one per run rather than a pooled figure.
    by_run: dict[str, dict[Status, int]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def accuracy(self) -> float | None:
        return _accuracy(self.counts)

    def run_accuracy(self, run_id: str) -> float | None:
        return _accuracy(self.by_run.get(run_id, {}))


def _accuracy(counts: dict[Status, int]) -> float | None:
    scored = sum(counts.get(status, 0) for status in SCORED)
    return accuracy(counts.get("correct", 0), scored)


@dataclass(frozen=True)
class AccuracyPoint:
    """A run's accuracy at one value of an annotation."""

    value: str
    correct: int
    scored: int

    @property
    def accuracy(self) -> float | None:
        return accuracy(self.correct, self.scored)


def _order(sort: Sort, *, several: bool, params: dict[str, Any]) -> str:
    """The ORDER BY for ``sort``. By problem (the default), rows follow the benchmark's order and
    the rows of one problem stay together across runs, even runs of different sizes (where the
    same problem sits at different positions): several runs are ordered by the first position
    the problem holds among the rows, then by problem, then by run."""
    direction = " DESC" if sort.descending else ""
    problem = (
        ["min(r.position) OVER (PARTITION BY r.benchmark, r.problem_id)", "r.benchmark",
         "r.problem_id"]
        if several
        else ["r.position"]
    )  # fmt: skip
    if sort.column == "problem":
        return ", ".join([*(f"{part}{direction}" for part in problem), "s.run_index"])
    group = ", ".join([*problem, "s.run_index"])
    if sort.column == "run":
        return f"s.run_index{direction}, {group}"
    if sort.column == "status":
        return f"r.status{direction}, {group}"
    if sort.column == "text":
        text = (
            "(SELECT t.text FROM texts t WHERE t.benchmark = r.benchmark "
            "AND t.problem_id = r.problem_id)"
        )
        return f"{text}{direction}, {group}"
    if sort.column in ("golden", "answer"):
        value = f"r.{sort.column}"
    else:
        params["sort_path"] = f"$.{sort.column}"
        value = "json_extract_string(r.annotations, $sort_path)"
    # Numbers as numbers (2 before 10), then anything else as text; blanks last either way.
    return (
        f"TRY_CAST({value} AS DOUBLE){direction} NULLS LAST, {value}{direction} NULLS LAST, {group}"
    )


@dataclass(frozen=True)
class _Query:
    """The selected runs' rows under a filter, as SQL pieces to select from."""

    source: str
    where: tuple[str, ...]
    order: str
    params: dict[str, Any]

    def sql(self, select: str, *, tail: str = "") -> str:
        condition = f"WHERE {' AND '.join(self.where)}" if self.where else ""
        return f"SELECT {select} {self.source} {condition} {tail}"


class RowIndex:
    """The in-memory rows of the runs loaded so far; safe to use from several workers."""

    def __init__(self, source: ResultsSource) -> None:
        self.source = source
        self._db = duckdb.connect(":memory:")
        self._db.execute(_SCHEMA)
        # Loading a run is a large scan; on one thread it leaves the other cores to the UI, which
        # is painting the first screen at that moment. Queries on memory take milliseconds anyway.
        self._db.execute("SET threads = 1")
        self._loaded: set[str] = set()
        #: Per benchmark and annotation, the values its stored problems take (filter choices).
        self._values: dict[tuple[str, str], set[str]] = {}
        #: One operation at a time: a load or a query runs on a cursor of the in-memory
        #: database, which cannot be closed while one of its cursors is busy.
        self._lock = threading.RLock()

    def close(self) -> None:
        """Close once the operation in flight (a worker may still be loading) is done."""
        with self._lock:
            self._db.close()

    @contextmanager
    def _cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self._lock:
            cursor = self._db.cursor()
            try:
                yield cursor
            finally:
                cursor.close()

    def ensure(self, runs: Sequence[RunInfo]) -> None:
        """Load the runs not loaded yet (one read of the results file for all of them)."""
        with self._lock:
            missing = [run for run in runs if run.run_id not in self._loaded]
            if not missing:
                return
            with self._cursor() as cursor, self.source.attached(cursor) as db:
                for run in missing:
                    cursor.execute(
                        f"INSERT INTO rows {_ROWS.format(db=db + '.', extra='')}",
                        {"run": run.run_id, "key": run.generation_key, "checker": run.checker},
                    )
                    cursor.execute(_TEXTS.format(db=db), {"run": run.run_id})
                    self._loaded.add(run.run_id)
                    for key in run.report_by:
                        if (run.benchmark, key) not in self._values:
                            found = cursor.execute(
                                "SELECT DISTINCT json_extract_string(annotations, $path) AS v "
                                f"FROM {db}.problems WHERE benchmark = $benchmark "
                                "AND v IS NOT NULL",
                                {"path": f"$.{key}", "benchmark": run.benchmark},
                            ).fetchall()
                            self._values[run.benchmark, key] = {str(row[0]) for row in found}

    def loaded(self, runs: Sequence[RunInfo]) -> bool:
        return all(run.run_id in self._loaded for run in runs)

    def preview(self, run: RunInfo, limit: int = 200) -> list[Row]:
        """The run's first rows read straight from the results, before the run is loaded: the
        first screen appears at the cost of one query while the index fills. Positions number a
        run's problems from 0, so bounding them lets DuckDB join 200 rows instead of them all
        (a third of the time of a top-N over 100,000)."""
        with self.source.connect() as connection:
            found = connection.execute(
                f"{_ROWS.format(db='', extra=', p.text')} AND rp.position < {int(limit)} "
                f"ORDER BY rp.position LIMIT {int(limit)}",
                {"run": run.run_id, "key": run.generation_key, "checker": run.checker},
            ).fetchall()
        return self._rows(found)

    @staticmethod
    def _rows(found: Sequence[tuple[Any, ...]]) -> list[Row]:
        """Rows from the index's columns, the problem text last."""
        return [
            Row(
                run_id=row[0],
                position=int(row[1]),
                benchmark=row[2],
                problem_id=row[3],
                generation_key=row[4],
                status=row[5],
                golden=row[6],
                answer=row[7],
                annotations=json.loads(row[8]),
                text=row[9] or "",
            )
            for row in found
        ]

    def texts(self, runs: Sequence[RunInfo]) -> list[tuple[str, str, str]]:
        """``(benchmark, problem_id, text)`` of every problem of the runs, for search."""
        if not runs:
            return []
        self.ensure(runs)
        with self._cursor() as cursor:
            return [
                (row[0], row[1], row[2])
                for row in cursor.execute(
                    "SELECT t.benchmark, t.problem_id, t.text FROM texts t WHERE EXISTS ("
                    "SELECT 1 FROM rows r WHERE r.benchmark = t.benchmark "
                    "AND r.problem_id = t.problem_id AND list_contains($runs, r.run_id))",
                    {"runs": [run.run_id for run in runs]},
                ).fetchall()
            ]

    def refresh(self) -> None:
        """Forget every loaded run; the next ``ensure`` reads them again."""
        with self._lock:
            self._db.execute("DELETE FROM rows")
            self._db.execute("DELETE FROM texts")
            self._loaded.clear()
            self._values.clear()

    def _query(
        self,
        runs: Sequence[RunInfo],
        row_filter: RowFilter,
        *,
        with_status: bool = True,
        sort: Sort = Sort(),
    ) -> _Query:
        params: dict[str, Any] = {"runs": [run.run_id for run in runs]}
        joins = [
            "JOIN (SELECT unnest($runs) AS run_id, generate_subscripts($runs, 1) AS run_index) s "
            "ON s.run_id = r.run_id"
        ]
        where: list[str] = []
        order = _order(sort, several=len(runs) > 1, params=params)
        for n, (key, value) in enumerate(row_filter.annotations):
            if key == "benchmark":
                where.append(f"r.benchmark = $value{n}")
            else:
                where.append(f"json_extract_string(r.annotations, $path{n}) = $value{n}")
                params[f"path{n}"] = f"$.{key}"
            params[f"value{n}"] = value
        if row_filter.search is not None or row_filter.response_hits is not None:
            texts, responses = row_filter.search or (), row_filter.response_hits or ()
            joins.append(
                "LEFT JOIN (SELECT unnest($hit_benchmarks) AS benchmark, unnest($hit_ids) AS "
                "problem_id, generate_subscripts($hit_ids, 1) AS rank) hits "
                "ON hits.benchmark = r.benchmark AND hits.problem_id = r.problem_id"
            )
            joins.append(
                "LEFT JOIN (SELECT unnest($said_runs) AS run_id, unnest($said_benchmarks) AS "
                "benchmark, unnest($said_ids) AS problem_id, generate_subscripts($said_ids, 1) "
                "AS rank) said ON said.run_id = r.run_id AND said.benchmark = r.benchmark "
                "AND said.problem_id = r.problem_id"
            )
            where.append("(hits.rank IS NOT NULL OR said.rank IS NOT NULL)")
            params["hit_benchmarks"] = [benchmark for benchmark, _ in texts] or [""]
            params["hit_ids"] = [problem_id for _, problem_id in texts] or [""]
            params["said_runs"] = [run_id for run_id, _, _ in responses] or [""]
            params["said_benchmarks"] = [benchmark for _, benchmark, _ in responses] or [""]
            params["said_ids"] = [problem_id for _, _, problem_id in responses] or [""]
            if sort == Sort():
                # Best hits first: problem-text hits by score, then rows whose response matched.
                order = "coalesce(hits.rank, said.rank + 1000000), s.run_index"
        if with_status and row_filter.status == "disagree":
            joins.append(
                "JOIN (SELECT unnest($human_keys) AS generation_key, unnest($human_ids) AS "
                "problem_id, unnest($human_correct) AS human_correct) h "
                "ON h.generation_key = r.generation_key AND h.problem_id = r.problem_id"
            )
            where.append("(r.status = 'correct') <> h.human_correct")
            params["human_keys"] = [key for key, _, _ in row_filter.human] or [""]
            params["human_ids"] = [problem_id for _, problem_id, _ in row_filter.human] or [""]
            params["human_correct"] = [correct for _, _, correct in row_filter.human] or [False]
        statuses = STATUS_FILTERS[row_filter.status]
        if with_status and statuses:
            where.append("list_contains($statuses, r.status)")
            params["statuses"] = list(statuses)
        return _Query(f"FROM rows r {' '.join(joins)}", tuple(where), order, params)

    def page(
        self,
        runs: Sequence[RunInfo],
        row_filter: RowFilter,
        *,
        offset: int = 0,
        limit: int = 200,
        sort: Sort = Sort(),
    ) -> tuple[list[Row], Summary]:
        """A page of the filtered rows in ``sort`` order, with the problem texts, and the
        filter's summary."""
        if not runs:
            return [], Summary()
        self.ensure(runs)
        query = self._query(runs, row_filter, sort=sort)
        unfiltered = self._query(runs, row_filter, with_status=False)
        with self._cursor() as cursor:
            found = cursor.execute(
                query.sql(
                    "r.run_id, r.position, r.benchmark, r.problem_id, r.generation_key, r.status, "
                    "r.golden, r.answer, r.annotations, "
                    "(SELECT t.text FROM texts t WHERE t.benchmark = r.benchmark "
                    "AND t.problem_id = r.problem_id)",
                    tail=f"ORDER BY {query.order} LIMIT {int(limit)} OFFSET {int(offset)}",
                ),
                query.params,
            ).fetchall()
            counted = cursor.execute(
                unfiltered.sql("r.run_id, r.status, count(*)", tail="GROUP BY ALL"),
                unfiltered.params,
            ).fetchall()
            counts: dict[Status, int] = {}
            by_run: dict[str, dict[Status, int]] = {}
            for run_id, status, n in counted:
                counts[status] = counts.get(status, 0) + int(n)
                by_run.setdefault(run_id, {})[status] = int(n)
            if row_filter.status == "disagree":
                total = cursor.execute(query.sql("count(*)"), query.params).fetchone()
                matched = int(total[0]) if total else 0
            else:
                wanted = STATUS_FILTERS[row_filter.status] or tuple(counts)
                matched = sum(n for status, n in counts.items() if status in wanted)
        rows = self._rows(found)
        return rows, Summary(matched, counts, by_run)

    def response_hits(
        self, runs: Sequence[RunInfo], query: str, limit: int
    ) -> tuple[tuple[str, str, str], ...]:
        """``(run_id, benchmark, problem_id)`` of the first-sample responses of ``runs`` that
        contain ``query`` (ignoring case), read from the results (responses are too large to
        hold in memory): at most ``limit`` per run, in problem order."""
        needle = query.strip().lower()
        if not runs or not needle:
            return ()
        found: list[tuple[str, str, str]] = []
        with self._cursor() as cursor, self.source.attached(cursor) as db:
            for run in runs:
                found.extend(
                    (str(row[0]), str(row[1]), str(row[2]))
                    for row in cursor.execute(
                        f"SELECT rp.run_id, rp.benchmark, rp.problem_id FROM {db}.run_problems rp "
                        f"JOIN {db}.generations g ON g.generation_key = $key "
                        "AND g.problem_id = rp.problem_id AND g.sample_index = 0 "
                        "WHERE rp.run_id = $run AND contains(lower(g.response), $needle) "
                        f"ORDER BY rp.position LIMIT {int(limit)}",
                        {"key": run.generation_key, "run": run.run_id, "needle": needle},
                    ).fetchall()
                )
        return tuple(found)

    def values(self, runs: Sequence[RunInfo]) -> dict[str, list[str]]:
        """For each annotation the runs report by, the values it takes in their benchmarks
        (sorted numerically where they can be); and ``benchmark`` when the runs span several."""
        self.ensure(runs)
        merged: dict[str, set[str]] = {}
        for run in runs:
            for key in run.report_by:
                merged.setdefault(key, set()).update(self._values.get((run.benchmark, key), ()))
        found = {key: sorted(values, key=sort_key) for key, values in merged.items() if values}
        benchmarks = sorted({run.benchmark for run in runs})
        if len(benchmarks) > 1:
            found["benchmark"] = benchmarks
        return found

    def accuracy_by(self, runs: Sequence[RunInfo], key: str) -> dict[str, list[AccuracyPoint]]:
        """Per run, the accuracy at each value of annotation ``key`` (correct over scored, as
        ``mathbench report`` counts it)."""
        if not runs:
            return {}
        self.ensure(runs)
        with self._cursor() as cursor:
            found = cursor.execute(
                "SELECT run_id, json_extract_string(annotations, $path) AS value, "
                "count(*) FILTER (WHERE status = 'correct'), "
                "count(*) FILTER (WHERE status IN ('correct', 'wrong', 'no_answer')) "
                "FROM rows WHERE list_contains($runs, run_id) AND value IS NOT NULL GROUP BY ALL",
                {"path": f"$.{key}", "runs": [run.run_id for run in runs]},
            ).fetchall()
        by_run: dict[str, list[AccuracyPoint]] = {run.run_id: [] for run in runs}
        for run_id, value, correct, scored in found:
            by_run[run_id].append(AccuracyPoint(str(value), int(correct), int(scored)))
        for points in by_run.values():
            points.sort(key=lambda point: sort_key(point.value))
        return by_run
