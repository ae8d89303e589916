"""Items of selected runs, filtered, counted, sorted and paged: a compact in-memory index.

The reviewer's failures table and plots read results through it, on the core's read road
(``ResultsSource``: the live file, or a snapshot while a run holds it; ``status_sql``), so that the
status and accuracy rules stay defined once.

Filtering a run's rows straight from the results file costs a join of four tables per keystroke
(0.1 s for a 100,000-problem run, seconds once several large runs are selected), and it needs the
file, which a run may hold. Instead each selected run is read once into an in-memory DuckDB
database, kept narrow so that a filter over a million rows stays within a key press: one row per
problem and run holding small numbers (the run, the problem, its position) and the status and
concluded answer; each problem's text, golden answer and annotations once, however many runs
share it. Filters, counts, pages and plots then run on memory in milliseconds, and the columns of
a page are looked up for its rows only.

Responses are too large to hold (a million of them): the detail of the rows shown, a search over
responses and an export read them from the results, attached for one batch of reads to an
in-memory database of their own (attaching costs a millisecond or two, a fresh connection 25),
so that a long scan never holds up a filter and a newer search can interrupt it.

The index is as of the moment each run was loaded; ``refresh`` drops it, and the app reloads the
selection (``r``, and on a timer while a run is writing the file).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import duckdb

from mathbench.report import sort_key
from mathbench.results.source import Detail, ResultsSource, RunInfo
from mathbench.results.status import SCORED, STATUSES, Status, accuracy, status_sql
from mathbench.types import AnnotationValue, Candidate

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

# ``run`` numbers the loaded runs and ``pid`` the loaded problems; ``annotation_values`` holds the
# annotations the runs report by, read out of the JSON once (filters compare strings and sorts
# ranks, rather than parse JSON per problem per key press). Each loaded run ``n`` adds a column
# ``p{n}`` to ``problems``, the problem's position in that run, so that the first position a
# problem holds among several runs is an expression over the problems (``least(p0, p3)``) rather
# than an aggregate over every selected row (a tenth of a second on a million).
_SCHEMA = f"""
CREATE TYPE status AS ENUM ({", ".join(repr(status) for status in STATUSES)});
CREATE TABLE runs (
    run SMALLINT NOT NULL,
    run_id VARCHAR NOT NULL,
    benchmark VARCHAR NOT NULL,
    generation_key VARCHAR NOT NULL
);
CREATE TABLE problems (
    pid INTEGER NOT NULL,
    benchmark VARCHAR NOT NULL,
    problem_id VARCHAR NOT NULL,
    golden VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    annotations JSON NOT NULL,
    name_rank INTEGER
);
CREATE TABLE annotation_values (
    key VARCHAR NOT NULL,
    value VARCHAR NOT NULL,
    pid INTEGER NOT NULL,
    up INTEGER,
    down INTEGER
);
CREATE TABLE rows (
    run SMALLINT NOT NULL,
    pid INTEGER NOT NULL,
    position INTEGER NOT NULL,
    status status NOT NULL,
    answer VARCHAR
)
"""

_STATUS = status_sql("g", "v")
_ANSWER = "json_extract_string(v.candidates, '$[#-1].text')"
#: A run's first-sample generation ``g`` and verdict ``v`` per problem. The status asks of the
#: response only whether there is one (it is never NULL in the results), so a constant stands in
#: for it: reading the responses themselves took a third of a run's load.
_OUTCOME = """
LEFT JOIN (SELECT problem_id, error, true AS response FROM {db}.generations
           WHERE generation_key = $key AND sample_index = 0) g ON g.problem_id = rp.problem_id
LEFT JOIN (SELECT problem_id, outcome, candidates FROM {db}.verdicts
           WHERE generation_key = $key AND sample_index = 0 AND checker = $checker) v
  ON v.problem_id = rp.problem_id
WHERE rp.run_id = $run
"""

#: A run's rows as read from the results, with the problem numbers the index has for them (NULL
#: for problems it does not hold yet): one join on the problem ids per run, not one per step. A
#: run covers one benchmark (``$benchmark``).
_INCOMING = f"""
CREATE OR REPLACE TEMP TABLE incoming AS
SELECT rp.position, rp.problem_id, p.pid, {_STATUS} AS status, {_ANSWER} AS answer
FROM {{db}}.run_problems rp
LEFT JOIN (SELECT pid, problem_id FROM problems WHERE benchmark = $benchmark) p
  ON p.problem_id = rp.problem_id
{_OUTCOME}
"""

#: The problems of the incoming run that the index does not hold yet, numbered from ``$next``.
_NEW_PROBLEMS = """
INSERT INTO problems (pid, benchmark, problem_id, golden, text, annotations)
SELECT $next + row_number() OVER (ORDER BY i.position) - 1, p.benchmark, p.problem_id, p.golden,
       p.text, p.annotations
FROM incoming i JOIN {db}.problems p ON p.benchmark = $benchmark AND p.problem_id = i.problem_id
WHERE i.pid IS NULL
"""

#: The incoming rows, numbered: the problems just added are looked up among themselves only.
_ROWS = """
INSERT INTO rows
SELECT $number, coalesce(i.pid, p.pid), i.position, i.status, i.answer
FROM incoming i
LEFT JOIN (SELECT pid, problem_id FROM problems WHERE pid >= $next) p
  ON i.pid IS NULL AND p.problem_id = i.problem_id
"""

#: The first rows of a run straight from the results, shaped as ``_row`` reads them.
_PREVIEW = f"""
SELECT rp.position, {_STATUS}, {_ANSWER}, rp.benchmark, rp.problem_id, p.golden,
       p.annotations, p.text
FROM {{db}}.run_problems rp
JOIN {{db}}.problems p ON p.benchmark = rp.benchmark AND p.problem_id = rp.problem_id
{_OUTCOME} AND rp.position < $limit
ORDER BY rp.position
"""

#: What the detail pane shows beyond the index's columns, for problems ``$ids`` of one generation
#: key: the key and the ids' range as constants let DuckDB skip the row groups and segments that
#: cannot hold them (joining a batch of keys read them all), and the problem's text comes from
#: the index, not from a third lookup.
_DETAILS = f"""
SELECT i.problem_id, g.response, g.error, g.finish_reason, g.completion_tokens, v.candidates,
       v.reason, {_STATUS}
FROM (SELECT unnest($ids) AS problem_id) i
LEFT JOIN (SELECT problem_id, response, error, finish_reason, completion_tokens
           FROM {{db}}.generations WHERE generation_key = $key AND sample_index = 0
           AND problem_id BETWEEN $low AND $high AND problem_id IN (SELECT unnest($ids))) g
  ON g.problem_id = i.problem_id
LEFT JOIN (SELECT problem_id, candidates, reason, outcome FROM {{db}}.verdicts
           WHERE generation_key = $key AND sample_index = 0 AND checker = $checker
           AND problem_id BETWEEN $low AND $high AND problem_id IN (SELECT unnest($ids))) v
  ON v.problem_id = i.problem_id
"""


#: Problem texts read for search per hold of the index.
_TEXTS_AT_ONCE = 20_000

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
    filter. ``tag`` keeps only the rows carrying that failure tag, ``tagged`` being those rows as
    ``(run_id, problem_id)`` (tags live in the annotations file, which the index does not read)."""

    status: StatusFilter = "all"
    annotations: tuple[tuple[str, str], ...] = ()
    search: tuple[tuple[str, str], ...] | None = None
    human: tuple[tuple[str, str, bool], ...] = ()
    response_hits: tuple[tuple[str, str, str], ...] | None = None
    tag: str = ""
    tagged: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Row:
    """One problem of one run, as the table lists it (``text`` is the whole problem text)."""

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


#: Rows by status, and by status per run id.
_Counts = tuple[dict[Status, int], dict[str, dict[Status, int]]]


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


def _numbers_first(value: str, direction: str) -> str:
    """An order by ``value``: numbers as numbers (2 before 10), then anything else as text;
    blanks last either way."""
    return f"TRY_CAST({value} AS DOUBLE){direction} NULLS LAST, {value}{direction} NULLS LAST"


def _run_index(runs: Sequence[int]) -> str:
    """A row's run as its place among the runs numbered ``runs``, as SQL (a constant for one run,
    but not a number: ORDER BY reads a number as a column)."""
    if len(runs) == 1:
        return "r.run"
    return f"CASE r.run {' '.join(f'WHEN {n} THEN {i}' for i, n in enumerate(runs))} END"


def _order(
    sort: Sort, runs: Sequence[int], params: dict[str, Any], *, by_pid: bool
) -> tuple[str, str]:
    """The ORDER BY for ``sort`` over the rows of the runs numbered ``runs`` (in the order they
    are listed), and the join it needs. By problem (the default), one run's rows follow its
    positions; several runs' rows follow the order of ``selection_order`` (the benchmark's order,
    the rows of one problem together, see ``_order_selection``), or simply the problem numbers
    when they are in that order (``by_pid``: no join), then the order of the runs. Statuses sort
    in the order the summary counts them."""
    direction = " DESC" if sort.descending else ""
    joins = []
    run_index = _run_index(runs)
    if len(runs) > 1:
        first = "r.pid" if by_pid else "o.first"
        if not by_pid:
            joins.append("JOIN selection_order o ON o.pid = r.pid")
        group, problem = f"{first}, {run_index}", f"{first}{direction}, {run_index}"
    else:
        group, problem = "r.position", f"r.position{direction}"
    if sort.column == "problem":
        return problem, " ".join(joins)
    if sort.column == "run":
        return f"{run_index}{direction}, {group}", " ".join(joins)
    if sort.column == "status":
        return f"r.status{direction}, {group}", " ".join(joins)
    if sort.column not in ("golden", "text", "answer"):
        # An annotation, ranked when loaded (a number to compare, not a value to cast); a row
        # without it sorts last, as blanks do.
        params["sort_key"] = sort.column
        rank = "down" if sort.descending else "up"
        joins.append(
            f"LEFT JOIN (SELECT pid, {rank} AS rank FROM annotation_values "
            "WHERE key = $sort_key) sv ON sv.pid = r.pid"
        )
        return f"sv.rank NULLS LAST, {group}", " ".join(joins)
    value = "r.answer"
    if sort.column != "answer":
        joins.append(
            f"JOIN (SELECT pid, {sort.column} AS value FROM problems) sv ON sv.pid = r.pid"
        )
        value = "sv.value"
    if sort.column == "text":
        return f"{value}{direction}, {group}", " ".join(joins)
    return f"{_numbers_first(value, direction)}, {group}", " ".join(joins)


@dataclass(frozen=True)
class _Query:
    """The selected runs' rows under a filter, as SQL pieces to select from."""

    source: str
    where: tuple[str, ...]
    order: str
    params: dict[str, Any]
    #: When the order starts with a number that rises with it from a known start (a run's
    #: positions; the problem numbers of runs they order; the rank of a search hit), that
    #: number and its start.
    lead: tuple[str, int] | None = None

    def sql(self, select: str, *, tail: str = "") -> str:
        condition = f"WHERE {' AND '.join(self.where)}" if self.where else ""
        return f"SELECT {select} {self.source} {condition} {tail}"


def _unnest(columns: dict[str, str], *, rank: bool = False) -> str:
    """A relation of parallel list parameters (``{column: parameter}``), numbered by ``rank``."""
    parts = [f"unnest(${parameter}) AS {column}" for column, parameter in columns.items()]
    if rank:
        parts.append(f"generate_subscripts(${next(iter(columns.values()))}, 1) AS rank")
    return f"(SELECT {', '.join(parts)})"


class _Reader:
    """An in-memory DuckDB that attaches the results for one batch of reads at a time (never
    holding the file between batches); one batch at a time, which ``interrupt`` can stop. Made
    on first use: a DuckDB takes 25 ms to start, time the first screen need not wait for."""

    def __init__(self, source: ResultsSource) -> None:
        self._source = source
        self._db: duckdb.DuckDBPyConnection | None = None
        self._lock = threading.Lock()

    @contextmanager
    def attached(self) -> Iterator[tuple[duckdb.DuckDBPyConnection, str]]:
        with self._lock:
            if self._db is None:
                # One thread: reads of a few rows gain nothing from more, and a scan of
                # responses in the background leaves the other cores to the screen and the index.
                self._db = duckdb.connect(":memory:", config={"threads": 1})
            with self._source.attached(self._db) as db:
                yield self._db, db

    def interrupt(self) -> None:
        if self._db is not None:
            with suppress(duckdb.ConnectionException):  # closed already: nothing to stop
                self._db.interrupt()

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()


class RowIndex:
    """The in-memory rows of the runs loaded so far; safe to use from several workers."""

    def __init__(self, source: ResultsSource) -> None:
        self.source = source
        self._db = duckdb.connect(":memory:")
        self._db.execute(_SCHEMA)
        # Loading a run is a large scan; on one thread it leaves the other cores to the UI, which
        # is painting the first screen at that moment. Queries on memory take milliseconds anyway.
        self._db.execute("SET threads = 1")
        #: Run numbers in the index by run id, and the runs by number.
        self._numbers: dict[str, int] = {}
        self._runs: dict[int, RunInfo] = {}
        self._problems = 0
        #: Per benchmark and annotation, the values its stored problems take (filter choices).
        self._values: dict[tuple[str, str], set[str]] = {}
        #: Per benchmark, the annotations ``annotation_values`` holds.
        self._keys: dict[str, set[str]] = {}
        #: One operation at a time: a load or a query runs on a cursor of the in-memory
        #: database, which cannot be closed while one of its cursors is busy.
        self._lock = threading.RLock()
        # Readers of the results: the detail of the row under the cursor, details read ahead of
        # it (never in the way of the first), and responses searched.
        self._details = _Reader(source)
        self._ahead = _Reader(source)
        self._responses = _Reader(source)
        #: The runs ``selection_order`` orders the problems of (and whether that is the order of
        #: the problem numbers), and the last counts taken.
        self._ordered: tuple[frozenset[int], int | None] = (frozenset(), None)
        #: Runs whose problem numbers are their positions plus one offset, by run: runs that
        #: list the same problems alike, which ``_order_selection`` then need not compare.
        self._aligned: dict[int, int] = {}
        self._counted: tuple[tuple[str, str], _Counts] | None = None

    def close(self) -> None:
        """Close once the operations in flight (a worker may still be loading) are done."""
        self._responses.interrupt()
        for reader in (self._responses, self._ahead, self._details):
            reader.close()
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

    def ensure(
        self, runs: Sequence[RunInfo], progress: Callable[[int, int], None] | None = None
    ) -> None:
        """Load the runs not loaded yet (one attach of the results for all of them), saying to
        ``progress`` how many of how many are read after each (a screen shows it: nine runs of
        100,000 problems take a second or two)."""
        with self._lock:
            missing = [run for run in runs if run.run_id not in self._numbers]
            if not missing:
                return
            with self._cursor() as cursor, self.source.attached(cursor) as db:
                for done, run in enumerate(missing, 1):
                    self._load(cursor, db, run)
                    if progress is not None:
                        progress(done, len(missing))
                # Problems ranked by name, for ``_order_selection`` to break ties with a number;
                # annotation values ranked both ways, for a sort to compare numbers.
                cursor.execute(
                    "UPDATE problems SET name_rank = n.rank FROM (SELECT pid, row_number() OVER "
                    "(ORDER BY benchmark, problem_id) AS rank FROM problems) n "
                    "WHERE n.pid = problems.pid"
                )
                ranked = ", ".join(
                    f"dense_rank() OVER (PARTITION BY key ORDER BY {_numbers_first('value', d)}) "
                    f"AS {name}"
                    for name, d in (("up", ""), ("down", " DESC"))
                )
                cursor.execute(
                    f"UPDATE annotation_values SET up = n.up, down = n.down FROM (SELECT key, pid, "
                    f"{ranked} FROM annotation_values) n "
                    "WHERE n.key = annotation_values.key AND n.pid = annotation_values.pid"
                )

    def _load(self, cursor: duckdb.DuckDBPyConnection, db: str, run: RunInfo) -> None:
        number, first_new = len(self._numbers), self._problems
        cursor.execute(
            _INCOMING.format(db=db),
            {
                "run": run.run_id,
                "key": run.generation_key,
                "checker": run.checker,
                "benchmark": run.benchmark,
            },
        )
        cursor.execute(_NEW_PROBLEMS.format(db=db), {"next": first_new, "benchmark": run.benchmark})
        found = cursor.execute("SELECT count(*) FROM problems").fetchone()
        self._problems = int(found[0]) if found else 0
        cursor.execute(_ROWS, {"number": number, "next": first_new})
        aligned = cursor.execute(
            f"SELECT min(pid - position), max(pid - position) FROM rows WHERE run = {number}"
        ).fetchone()
        if aligned is not None and aligned[0] is not None and aligned[0] == aligned[1]:
            self._aligned[number] = int(aligned[0])
        cursor.execute(f"ALTER TABLE problems ADD COLUMN p{number} INTEGER")
        cursor.execute(
            f"UPDATE problems SET p{number} = r.position FROM rows r "
            f"WHERE r.run = {number} AND r.pid = problems.pid"
        )
        cursor.execute(
            "INSERT INTO runs VALUES (?, ?, ?, ?)",
            [number, run.run_id, run.benchmark, run.generation_key],
        )
        self._numbers[run.run_id] = number
        self._runs[number] = run
        # The annotations the benchmark's runs report by: for the new problems, and for every
        # problem of the benchmark when this run reports by a key no earlier run did.
        keys = self._keys.setdefault(run.benchmark, set())
        for key in sorted(keys | set(run.report_by)):
            cursor.execute(
                "INSERT INTO annotation_values (key, value, pid) SELECT $key, "
                "json_extract_string(annotations, $path) AS value, pid FROM problems "
                "WHERE benchmark = $benchmark AND pid >= $since AND value IS NOT NULL",
                {
                    "key": key,
                    "path": f"$.{key}",
                    "benchmark": run.benchmark,
                    "since": first_new if key in keys else 0,
                },
            )
        keys.update(run.report_by)
        for key in run.report_by:
            if (run.benchmark, key) not in self._values:
                found_values = cursor.execute(
                    "SELECT DISTINCT json_extract_string(annotations, $path) AS v "
                    f"FROM {db}.problems WHERE benchmark = $benchmark AND v IS NOT NULL",
                    {"path": f"$.{key}", "benchmark": run.benchmark},
                ).fetchall()
                self._values[run.benchmark, key] = {str(row[0]) for row in found_values}

    def loaded(self, runs: Sequence[RunInfo]) -> bool:
        return all(run.run_id in self._numbers for run in runs)

    def preview(self, run: RunInfo, limit: int = 200) -> list[Row]:
        """The run's first rows read straight from the results, before the run is loaded: the
        first screen appears at the cost of one query while the index fills. Positions number a
        run's problems from 0, so bounding them lets DuckDB join 200 rows instead of them all
        (a third of the time of a top-N over 100,000)."""
        with self._details.attached() as (connection, db):
            found = connection.execute(
                _PREVIEW.format(db=db),
                {
                    "run": run.run_id,
                    "key": run.generation_key,
                    "checker": run.checker,
                    "limit": int(limit),
                },
            ).fetchall()
        return [_row(run, row) for row in found]

    def texts(self, runs: Sequence[RunInfo]) -> list[tuple[str, str, str]]:
        """``(benchmark, problem_id, text)`` of every problem of the runs, in the index's order
        (the order of the run that brought each), for search. Read a slice of problems at a
        time, letting go of the index in between: a key pressed meanwhile waits for one slice
        (20 ms), not for all (100 ms per 100,000)."""
        if not runs:
            return []
        self.ensure(runs)
        found: list[tuple[str, str, str]] = []
        for start in range(0, self._problems, _TEXTS_AT_ONCE):
            with self._cursor() as cursor:
                found.extend(
                    cursor.execute(
                        "SELECT benchmark, problem_id, text FROM problems WHERE pid IN ("
                        f"SELECT pid FROM rows r WHERE {self._of_runs(runs)} "
                        "AND pid >= $start AND pid < $end) ORDER BY pid",
                        {"start": start, "end": start + _TEXTS_AT_ONCE},
                    ).fetchall()
                )
        return found

    def refresh(self) -> None:
        """Forget every loaded run; the next ``ensure`` reads them again."""
        with self._lock:
            self._db.execute(
                "DROP TABLE IF EXISTS selection_order; DROP TABLE rows; DROP TABLE problems; "
                "DROP TABLE runs; DROP TABLE annotation_values; DROP TYPE status"
            )
            self._db.execute(_SCHEMA)
            self._ordered, self._counted = (frozenset(), None), None
            self._aligned.clear()
            self._numbers.clear()
            self._runs.clear()
            self._problems = 0
            self._values.clear()
            self._keys.clear()

    def _run_numbers(self, runs: Sequence[RunInfo]) -> list[int]:
        return [self._numbers[run.run_id] for run in runs]

    def _of_runs(self, runs: Sequence[RunInfo]) -> str:
        """The condition that a row ``r`` is of ``runs`` (a list of constants is faster than a
        join or a list parameter)."""
        return f"r.run IN ({', '.join(str(number) for number in self._run_numbers(runs))})"

    def _query(
        self, runs: Sequence[RunInfo], row_filter: RowFilter, *, sort: Sort | None = None
    ) -> _Query:
        """The filter as SQL over ``rows r``; without a ``sort``, without the status part (what
        the summary counts) and unordered."""
        numbers = self._run_numbers(runs)
        params: dict[str, Any] = {}
        joins: list[str] = []
        where = [self._of_runs(runs)]
        order = ""
        if sort is not None:
            by_pid = self._ordered[1] is not None
            order, sort_join = _order(sort, numbers, params, by_pid=by_pid)
            joins.append(sort_join)
        for n, (key, value) in enumerate(row_filter.annotations):
            if key == "benchmark":
                where.append(f"r.pid IN (SELECT pid FROM problems WHERE benchmark = $value{n})")
            else:
                where.append(
                    "r.pid IN (SELECT pid FROM annotation_values "
                    f"WHERE key = $key{n} AND value = $value{n})"
                )
                params[f"key{n}"] = key
            params[f"value{n}"] = value
        if row_filter.tag:
            tagged = _unnest({"run_id": "tag_runs", "problem_id": "tag_ids"})
            joins.append(
                f"JOIN (SELECT DISTINCT ru.run, p.pid FROM {tagged} t "
                "JOIN runs ru ON ru.run_id = t.run_id "
                "JOIN problems p ON p.benchmark = ru.benchmark AND p.problem_id = t.problem_id) "
                "tg ON tg.run = r.run AND tg.pid = r.pid"
            )
            params["tag_runs"] = [run_id for run_id, _ in row_filter.tagged] or [""]
            params["tag_ids"] = [problem_id for _, problem_id in row_filter.tagged] or [""]
        if row_filter.search is not None or row_filter.response_hits is not None:
            # One small relation of the hit rows, joined (not two outer joins over every row): a
            # text hit stands for the problem in each selected run, a response hit ranks after.
            texts, responses = row_filter.search or (), row_filter.response_hits or ()
            hit = _unnest({"benchmark": "hit_benchmarks", "problem_id": "hit_ids"}, rank=True)
            by_text = (
                f"SELECT p.pid, h.rank FROM {hit} h JOIN problems p "
                "ON p.benchmark = h.benchmark AND p.problem_id = h.problem_id"
            )
            params["hit_benchmarks"] = [benchmark for benchmark, _ in texts] or [""]
            params["hit_ids"] = [problem_id for _, problem_id in texts] or [""]
            if not responses:  # joined on the problem alone: half the time
                joins.append(f"JOIN ({by_text}) hits ON hits.pid = r.pid")
            else:
                said = _unnest(
                    {
                        "run_id": "said_runs",
                        "benchmark": "said_benchmarks",
                        "problem_id": "said_ids",
                    },
                    rank=True,
                )
                joins.append(
                    f"JOIN (SELECT run, pid, min(rank) AS rank FROM (SELECT s.run, t.pid, t.rank "
                    f"FROM ({by_text}) t, (SELECT unnest($hit_runs) AS run) s "
                    f"UNION ALL SELECT ru.run, p.pid, h.rank + 1000000 FROM {said} h "
                    "JOIN runs ru ON ru.run_id = h.run_id JOIN problems p "
                    "ON p.benchmark = h.benchmark AND p.problem_id = h.problem_id"
                    ") GROUP BY run, pid) hits ON hits.run = r.run AND hits.pid = r.pid"
                )
                params["hit_runs"] = numbers
                params["said_runs"] = [run_id for run_id, _, _ in responses]
                params["said_benchmarks"] = [benchmark for _, benchmark, _ in responses]
                params["said_ids"] = [problem_id for _, _, problem_id in responses]
            if sort == Sort():
                # Best hits first: problem-text hits by score, then rows whose response matched.
                order = f"hits.rank, {_run_index(numbers)}"
        if sort is not None and row_filter.status == "disagree":
            human = _unnest(
                {
                    "generation_key": "human_keys",
                    "problem_id": "human_ids",
                    "human_correct": "human_correct",
                }
            )
            joins.append(
                f"JOIN (SELECT ru.run, p.pid, h.human_correct FROM {human} h "
                "JOIN runs ru ON ru.generation_key = h.generation_key "
                "JOIN problems p ON p.benchmark = ru.benchmark AND p.problem_id = h.problem_id) "
                "hu ON hu.run = r.run AND hu.pid = r.pid"
            )
            where.append("(r.status = 'correct') <> hu.human_correct")
            params["human_keys"] = [key for key, _, _ in row_filter.human] or [""]
            params["human_ids"] = [problem_id for _, problem_id, _ in row_filter.human] or [""]
            params["human_correct"] = [correct for _, _, correct in row_filter.human] or [False]
        statuses = STATUS_FILTERS[row_filter.status]
        if sort is not None and statuses:
            where.append(f"r.status IN ({', '.join(repr(status) for status in statuses)})")
        lead = None
        if sort == Sort():
            if row_filter.search is not None or row_filter.response_hits is not None:
                lead = ("hits.rank", 1)  # the best hits
            elif len(numbers) == 1:
                lead = ("r.position", 0)
            elif self._ordered[1] is not None:
                lead = ("r.pid", self._ordered[1])
        return _Query(f"FROM rows r {' '.join(joins)}", tuple(where), order, params, lead)

    def _order_selection(self, cursor: duckdb.DuckDBPyConnection, runs: Sequence[int]) -> None:
        """Order the problems of several runs for ``_order``: by the first position a problem
        holds among the runs, then by benchmark and problem id (``name_rank``), as one number.
        Once per selection, a few milliseconds over 100,000 problems; and when the problem
        numbers already follow that order (runs that list their problems alike, the common
        case), the pages need not join it at all: ``_ordered`` then holds the lowest."""
        if len(runs) < 2 or self._ordered[0] == frozenset(runs):
            return
        offsets = {self._aligned.get(number) for number in runs}
        if len(offsets) == 1 and (low := offsets.pop()) is not None:
            # Each problem sits at the same position in every run that has it (the same list,
            # or a prefix of it): the problem numbers are in that order already.
            self._ordered = (frozenset(runs), low)
            return
        first = f"least({', '.join(f'p{number}' for number in runs)})"
        cursor.execute(
            "CREATE OR REPLACE TABLE selection_order AS SELECT pid, "
            f"({first}::BIGINT << 32) + name_rank AS first FROM problems "
            f"WHERE {first} IS NOT NULL"
        )
        found = cursor.execute(
            "SELECT count(*) FILTER (WHERE back), min(pid) FROM (SELECT pid, "
            "first < lag(first) OVER (ORDER BY pid) AS back FROM selection_order)"
        ).fetchone()
        in_order = found is not None and found[0] == 0 and found[1] is not None
        self._ordered = (frozenset(runs), int(found[1]) if found and in_order else None)

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
        return self.rows(runs, row_filter, offset=offset, limit=limit, sort=sort), self.summary(
            runs, row_filter
        )

    def rows(
        self,
        runs: Sequence[RunInfo],
        row_filter: RowFilter,
        *,
        offset: int = 0,
        limit: int = 200,
        sort: Sort = Sort(),
    ) -> list[Row]:
        """A page of the filtered rows in ``sort`` order, with the problem texts (without the
        summary, which a screen can show a moment later)."""
        if not runs:
            return []
        self.ensure(runs)
        with self._cursor() as cursor:
            self._order_selection(cursor, self._run_numbers(runs))
            found = self._top(cursor, self._query(runs, row_filter, sort=sort), offset, limit)
            # The problem's columns for the page's rows only.
            problems = {
                row[0]: row[1:]
                for row in cursor.execute(
                    "SELECT pid, benchmark, problem_id, golden, annotations, text FROM problems "
                    "WHERE pid IN (SELECT unnest($pids))",
                    {"pids": [row[1] for row in found] or [-1]},
                ).fetchall()
            }
        return [
            _row(self._runs[number], (position, status, answer, *problems[pid]))
            for number, pid, position, status, answer in found
        ]

    def summary(self, runs: Sequence[RunInfo], row_filter: RowFilter) -> Summary:
        """How many rows the filter matches, and the counts by status before its status part."""
        if not runs:
            return Summary()
        self.ensure(runs)
        with self._cursor() as cursor:
            counts, by_run = self._counts(cursor, self._query(runs, row_filter))
            if row_filter.status == "disagree":
                self._order_selection(cursor, self._run_numbers(runs))
                query = self._query(runs, row_filter, sort=Sort())
                total = cursor.execute(query.sql("count(*)"), query.params).fetchone()
                matched = int(total[0]) if total else 0
            else:
                wanted = STATUS_FILTERS[row_filter.status] or tuple(counts)
                matched = sum(n for status, n in counts.items() if status in wanted)
        return Summary(matched, counts, by_run)

    @staticmethod
    def _top(
        cursor: duckdb.DuckDBPyConnection, query: _Query, offset: int, limit: int
    ) -> list[tuple[Any, ...]]:
        """The page's rows. When the order starts with a rising number (``lead``), the rows
        below a bound on it come first in the order: if they fill the page, it is the page, at
        the cost of ordering those few rows rather than all (a fifth of a key press over a
        million); else the page is asked of every row."""
        tail = f"ORDER BY {query.order} LIMIT {int(limit)} OFFSET {int(offset)}"
        select = "r.run, r.pid, r.position, r.status, r.answer"
        if query.lead is not None and limit:
            number, start = query.lead
            bound = start + 2 * (offset + limit) + 64
            within = replace(query, where=(*query.where, f"{number} < {bound}"))
            params = query.params
            if number == "hits.rank":  # the hits beyond the bound need not be joined at all
                params = {
                    **params,
                    **{name: params[name][:bound] for name in ("hit_benchmarks", "hit_ids")},
                }
            found = cursor.execute(within.sql(select, tail=tail), params).fetchall()
            if len(found) == limit:
                return found
        return cursor.execute(query.sql(select, tail=tail), query.params).fetchall()

    def _counts(self, cursor: duckdb.DuckDBPyConnection, unfiltered: _Query) -> _Counts:
        """Rows by status, overall and by run id, under the filter but its status part. The last
        answer is kept: switching the status filter, the commonest key, does not change it."""
        key = (unfiltered.sql(""), repr(unfiltered.params))
        if self._counted is not None and self._counted[0] == key:
            return self._counted[1]
        counts: dict[Status, int] = {}
        by_run: dict[str, dict[Status, int]] = {}
        for number, status, n in cursor.execute(
            unfiltered.sql("r.run, r.status, count(*)", tail="GROUP BY ALL"), unfiltered.params
        ).fetchall():
            counts[status] = counts.get(status, 0) + int(n)
            by_run.setdefault(self._runs[number].run_id, {})[status] = int(n)
        self._counted = (key, (counts, by_run))
        return counts, by_run

    def details(
        self, runs: Sequence[RunInfo], rows: Sequence[Row], *, ahead: bool = False
    ) -> dict[str, Detail]:
        """What the detail pane shows for each of ``rows`` (of ``runs``), by row key: one attach
        of the results and one query per run (5 to 15 ms each). Rows read ``ahead`` of the
        cursor are read on a reader of their own, so that the row under the cursor never waits
        for them."""
        by_id = {run.run_id: run for run in runs}
        batches: dict[str, list[Row]] = {}
        for row in rows:
            if row.run_id in by_id:
                batches.setdefault(row.run_id, []).append(row)
        details = {}
        with (self._ahead if ahead else self._details).attached() as (connection, db):
            for run_id, batch in batches.items():
                for detail in _read_details(connection, db, by_id[run_id], batch):
                    details[f"{run_id}/{detail.benchmark}/{detail.problem_id}"] = detail
        return details

    def across(self, runs: Sequence[RunInfo], row: Row) -> list[Detail]:
        """The problem of ``row`` in each of ``runs`` that covers it, in their order (side by
        side): one attach of the results, not a connection per run."""
        with self._details.attached() as (connection, db):
            covering = {
                found[0]
                for found in connection.execute(
                    f"SELECT run_id FROM {db}.run_problems WHERE benchmark = ? AND problem_id = ?",
                    [row.benchmark, row.problem_id],
                ).fetchall()
            }
            return [
                detail
                for run in runs
                if run.run_id in covering
                for detail in _read_details(connection, db, run, [row])
            ]

    def responses(self, rows: Sequence[Row]) -> dict[str, str | None]:
        """The first-sample response of each of ``rows`` by row key (None where there is none
        yet), for an export: one read per run, on the read-ahead reader (an export may take
        seconds; the row under the cursor must not wait for it)."""
        by_key: dict[str, list[Row]] = {}
        for row in rows:
            by_key.setdefault(row.generation_key, []).append(row)
        found: dict[str, str | None] = {row.key: None for row in rows}
        with self._ahead.attached() as (connection, db):
            for key, of_key in by_key.items():
                said = dict(
                    connection.execute(
                        f"SELECT problem_id, response FROM {db}.generations WHERE "
                        "generation_key = $key AND sample_index = 0 "
                        "AND problem_id IN (SELECT unnest($ids))",
                        {"key": key, "ids": [row.problem_id for row in of_key]},
                    ).fetchall()
                )
                for row in of_key:
                    found[row.key] = said.get(row.problem_id)
        return found

    def response_hits(
        self, runs: Sequence[RunInfo], query: str, limit: int
    ) -> tuple[tuple[str, str, str], ...] | None:
        """``(run_id, benchmark, problem_id)`` of the first-sample responses of ``runs`` that
        contain ``query`` (ignoring case), read from the results (responses are too large to
        hold in memory): at most ``limit`` per run, in problem order. A case-insensitive regular
        expression, since lower-casing every response costs ten times as much. None when
        ``interrupt_search`` stopped it."""
        needle = query.strip()
        if not runs or not needle:
            return ()
        found: list[tuple[str, str, str]] = []
        with self._responses.attached() as (connection, db):
            try:
                for run in runs:
                    found.extend(
                        (str(row[0]), str(row[1]), str(row[2]))
                        for row in connection.execute(
                            f"SELECT rp.run_id, rp.benchmark, rp.problem_id "
                            f"FROM {db}.run_problems rp JOIN {db}.generations g "
                            "ON g.generation_key = $key AND g.problem_id = rp.problem_id "
                            "AND g.sample_index = 0 WHERE rp.run_id = $run "
                            "AND regexp_matches(g.response, regexp_escape($needle), 'i') "
                            f"ORDER BY rp.position LIMIT {int(limit)}",
                            {"key": run.generation_key, "run": run.run_id, "needle": needle},
                        ).fetchall()
                    )
            except duckdb.InterruptException:  # the results are still let go of, on the way out
                return None
        return tuple(found)

    def interrupt_search(self) -> None:
        """Stop a ``response_hits`` in flight (a newer search replaces it)."""
        self._responses.interrupt()

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
                "SELECT r.run, a.value, count(*) FILTER (WHERE r.status = 'correct'), "
                "count(*) FILTER (WHERE r.status IN ('correct', 'wrong', 'no_answer')) "
                "FROM rows r JOIN (SELECT pid, value FROM annotation_values WHERE key = $key) a "
                "ON a.pid = r.pid "
                f"WHERE {self._of_runs(runs)} AND a.value IS NOT NULL "
                "GROUP BY ALL",
                {"key": key},
            ).fetchall()
        by_run: dict[str, list[AccuracyPoint]] = {run.run_id: [] for run in runs}
        for number, value, correct, scored in found:
            by_run[self._runs[number].run_id].append(
                AccuracyPoint(str(value), int(correct), int(scored))
            )
        for points in by_run.values():
            points.sort(key=lambda point: sort_key(point.value))
        return by_run


def _read_details(
    connection: duckdb.DuckDBPyConnection, db: str, run: RunInfo, rows: Sequence[Row]
) -> list[Detail]:
    """The details of ``rows`` (problems of one benchmark) in ``run``, from the results attached
    as ``db``."""
    by_id = {row.problem_id: row for row in rows}
    found = connection.execute(
        _DETAILS.format(db=db),
        {
            "key": run.generation_key,
            "checker": run.checker,
            "ids": list(by_id),
            "low": min(by_id),
            "high": max(by_id),
        },
    ).fetchall()
    details = []
    for problem_id, response, error, finish, tokens, spans, reason, status in found:
        row = by_id[problem_id]
        details.append(
            Detail(
                run=run,
                benchmark=row.benchmark,
                problem_id=problem_id,
                text=row.text,
                golden=row.golden,
                annotations=row.annotations,
                status=status,
                response=response,
                error=error,
                finish_reason=finish,
                completion_tokens=tokens,
                candidates=tuple(Candidate(**c) for c in json.loads(spans or "[]")),
                reason=reason,
            )
        )
    return details


def _row(run: RunInfo, columns: Sequence[Any]) -> Row:
    """A row of ``run`` from ``(position, status, answer, benchmark, problem_id, golden,
    annotations, text)``."""
    position, status, answer, benchmark, problem_id, golden, annotations, text = columns
    return Row(
        run_id=run.run_id,
        position=int(position),
        benchmark=benchmark,
        problem_id=problem_id,
        generation_key=run.generation_key,
        status=status,
        golden=golden,
        answer=answer,
        annotations=json.loads(annotations),
        text=text or "",
    )
