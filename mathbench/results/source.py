"""Reading the results file without ever getting in a run's way.

DuckDB lets one process write a file, and while that process has it open no other process may open
it, even read-only; a reader holding it open likewise stops a run from starting. So a long-lived
reader (the reviewer) holds the results file only for the length of one query batch
(``ResultsSource.connect``) and closes it at once: a run can start at any moment the reader is
idle. When a run holds the file, it reads a consistent private copy instead (see ``snapshot``) and
says so; ``refresh`` goes back to the live file as soon as the run has let it go. It never writes
the results file.

The queries use the documented tables (``runs``, ``run_problems``, ``problems``, ``generations``,
``verdicts``) as any user may, and count an item the way ``mathbench report`` does: the first
sample's verdict under the run's own checker; *pending* without one, *errored* when the backend
failed. A run's generation key and checker are bound as constants, so that DuckDB filters the
large tables before joining them.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

import duckdb

from mathbench.errors import MathbenchError
from mathbench.results.snapshot import take_snapshot
from mathbench.results.status import PASS_MARK, Status, status_sql
from mathbench.types import AnnotationValue, Candidate

_LOCK_PID = re.compile(r"PID (\d+)")

#: An item's status from its first-sample generation ``g`` and verdict ``v`` (as reports count).
STATUS_SQL = status_sql("g", "v")


@dataclass(frozen=True)
class RunInfo:
    """A stored run as the reviewer lists it."""

    run_id: str
    created_at: datetime
    benchmark: str
    split: str
    backend: str
    model: str
    template: str
    checker: str
    generation_key: str
    problems: int
    samples: int = 1
    report_by: tuple[str, ...] = ()
    pass_by: str | None = None
    pass_mark: float = PASS_MARK
    #: The run's whole stored configuration (generation parameters, the backend's identity of
    #: the model, ...), for readers that show what sets runs apart.
    config: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def label(self) -> str:
        return f"{self.backend}:{self.model}"

    @property
    def short_id(self) -> str:
        return self.run_id[:8]


@dataclass(frozen=True)
class Access:
    """How the results are being read: the file itself, or a snapshot while a run holds it."""

    mode: Literal["live", "snapshot"]
    holder_pid: str | None = None
    taken_at: datetime | None = None

    def describe(self, path: Path) -> str:
        if self.mode == "live":
            return f"{path}"
        holder = f" (process {self.holder_pid})" if self.holder_pid else ""
        taken = self.taken_at.strftime("%H:%M:%S") if self.taken_at else "?"
        return (
            f"A run{holder} is writing {path.name}: showing a snapshot taken at {taken}; "
            "press r to refresh."
        )


@dataclass(frozen=True)
class Detail:
    """Everything the detail pane shows about one problem in one run."""

    run: RunInfo
    benchmark: str
    problem_id: str
    text: str
    golden: str
    annotations: dict[str, AnnotationValue]
    status: Status
    response: str | None
    error: str | None
    finish_reason: str | None
    completion_tokens: int | None
    candidates: tuple[Candidate, ...]
    reason: str | None


@dataclass(frozen=True)
class Population:
    """A scored response that a verification sample may draw."""

    position: int
    benchmark: str
    problem_id: str
    text: str
    golden: str
    annotations: dict[str, AnnotationValue]
    response: str
    correct: bool
    outcome: str
    candidates: tuple[Candidate, ...]
    reason: str


def _quoted(path: Path) -> str:
    """A path as an SQL string literal (ATTACH takes no parameters)."""
    return "'" + str(path).replace("'", "''") + "'"


def _candidates(raw: str | None) -> tuple[Candidate, ...]:
    return tuple(Candidate(**c) for c in json.loads(raw)) if raw else ()


class ResultsSource:
    """Read access to one results file, live or through a snapshot; safe to use from workers."""

    def __init__(self, path: Path) -> None:
        self.path = path
        if not path.exists():
            raise MathbenchError(f"No mathbench database at {path}; run `mathbench run` first.")
        self._lock = threading.RLock()
        self._snapshot: Path | None = None
        self._snapshot_dir: Path | None = None
        self._snapshots_taken = 0
        self.access = Access("live")

    # -- access ---------------------------------------------------------------------------------

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-only connection for one batch of queries, closed afterwards so that the
        reviewer never keeps a run from opening the file."""
        connection = self._open()
        try:
            yield connection
        finally:
            connection.close()

    def _open(self) -> duckdb.DuckDBPyConnection:
        with self._lock:
            if self._snapshot is not None:
                return duckdb.connect(str(self._snapshot), read_only=True)
            try:
                return duckdb.connect(str(self.path), read_only=True)
            except duckdb.IOException as error:
                if "lock" not in str(error).lower():
                    raise MathbenchError(f"Cannot open {self.path}: {error}") from None
                pid = _LOCK_PID.search(str(error))
                self._take_snapshot(pid.group(1) if pid else None)
                assert self._snapshot is not None
                return duckdb.connect(str(self._snapshot), read_only=True)
            except duckdb.Error as error:
                raise MathbenchError(
                    f"{self.path} is not a mathbench database DuckDB can open ({error})."
                ) from None

    def _take_snapshot(self, holder_pid: str | None) -> None:
        if self._snapshot_dir is None:
            self._snapshot_dir = Path(tempfile.mkdtemp(prefix="mathbench-review-"))
        # A new name each time: a worker may still be reading the previous copy. Older copies are
        # unlinked now; an open connection keeps reading an unlinked file until it closes.
        self._snapshots_taken += 1
        target = self._snapshot_dir / f"snapshot-{self._snapshots_taken}.duckdb"
        take_snapshot(self.path, target)
        for old in self._snapshot_dir.iterdir():
            if not old.name.startswith(target.name):
                old.unlink(missing_ok=True)
        self._snapshot = target
        self.access = Access("snapshot", holder_pid, datetime.now())

    @contextmanager
    def attached(self, connection: duckdb.DuckDBPyConnection) -> Iterator[str]:
        """Attach the results (the file, or the snapshot while a run holds it) read-only to
        ``connection`` for one batch of statements; yields the catalog name to qualify tables
        with, and detaches afterwards."""
        alias = "results"
        with self._lock:
            if self._snapshot is None:
                try:
                    connection.execute(f"ATTACH {_quoted(self.path)} AS {alias} (READ_ONLY)")
                except duckdb.IOException as error:
                    if "lock" not in str(error).lower():
                        raise MathbenchError(f"Cannot open {self.path}: {error}") from None
                    pid = _LOCK_PID.search(str(error))
                    self._take_snapshot(pid.group(1) if pid else None)
            if self._snapshot is not None:
                connection.execute(f"ATTACH {_quoted(self._snapshot)} AS {alias} (READ_ONLY)")
        try:
            yield alias
        finally:
            connection.execute(f"DETACH {alias}")

    def refresh(self) -> Access:
        """Go back to the live file if no run holds it any more, else take a fresh snapshot."""
        with self._lock:
            self._snapshot = None
            self.access = Access("live")
            self._open().close()
            return self.access

    def close(self) -> None:
        with self._lock:
            self._snapshot = None
            if self._snapshot_dir is not None:
                shutil.rmtree(self._snapshot_dir, ignore_errors=True)
                self._snapshot_dir = None

    # -- runs -----------------------------------------------------------------------------------

    def runs(self) -> list[RunInfo]:
        """Every stored run, newest first (refused with a sentence for a file that is not a
        mathbench database)."""
        with self.connect() as connection:
            try:
                rows = connection.execute(
                    "SELECT r.run_id, r.created_at, r.benchmark, r.split, r.backend, r.model, "
                    "r.template, r.checker, r.generation_key, r.config, coalesce(n.problems, 0) "
                    "FROM runs r LEFT JOIN (SELECT run_id, count(*) AS problems "
                    "FROM run_problems GROUP BY run_id) n ON n.run_id = r.run_id "
                    "ORDER BY r.created_at DESC, r.run_id"
                ).fetchall()
            except duckdb.CatalogException:
                raise MathbenchError(
                    f"{self.path} is a DuckDB file but not a mathbench database (it has no runs)."
                ) from None
        runs = []
        for row in rows:
            config: dict[str, Any] = json.loads(row[9])
            layout = config.get("report") or {}
            runs.append(
                RunInfo(
                    run_id=row[0],
                    created_at=row[1],
                    benchmark=row[2],
                    split=row[3],
                    backend=row[4],
                    model=row[5],
                    template=row[6],
                    checker=row[7],
                    generation_key=row[8],
                    problems=int(row[10]),
                    samples=int(config.get("samples", 1)),
                    report_by=tuple(layout.get("by") or ()),
                    pass_by=layout.get("pass_by"),
                    pass_mark=float(layout.get("pass_mark", PASS_MARK)),
                    config=config,
                )
            )
        return runs

    def resolve(self, given: Sequence[str], runs: Sequence[RunInfo]) -> list[str]:
        """Full run ids from ids or unique prefixes, in the order given."""
        resolved = []
        for prefix in given:
            matches = [run.run_id for run in runs if run.run_id.startswith(prefix)]
            if not matches:
                raise MathbenchError(
                    f"No run {prefix!r} in {self.path}; `mathbench runs` lists the stored runs."
                )
            if len(matches) > 1:
                raise MathbenchError(
                    f"Run id prefix {prefix!r} matches {len(matches)} runs; give more characters."
                )
            resolved.append(matches[0])
        return resolved

    # -- one problem ---------------------------------------------------------------------------

    def detail(self, run: RunInfo, benchmark: str, problem_id: str) -> Detail | None:
        """One problem in one run: text, response, verdict and the candidate spans."""
        with self.connect() as connection:
            row = connection.execute(
                f"SELECT p.text, p.golden, p.annotations, g.response, g.error, g.finish_reason, "
                f"g.completion_tokens, v.candidates, v.reason, {STATUS_SQL} "
                "FROM problems p "
                "LEFT JOIN generations g ON g.generation_key = $key "
                " AND g.problem_id = p.problem_id AND g.sample_index = 0 "
                "LEFT JOIN verdicts v ON v.generation_key = $key "
                " AND v.problem_id = p.problem_id AND v.sample_index = 0 AND v.checker = $checker "
                "WHERE p.benchmark = $benchmark AND p.problem_id = $problem",
                {
                    "key": run.generation_key,
                    "checker": run.checker,
                    "benchmark": benchmark,
                    "problem": problem_id,
                },
            ).fetchone()
        if row is None:
            return None
        return Detail(
            run=run,
            benchmark=benchmark,
            problem_id=problem_id,
            text=row[0],
            golden=row[1],
            annotations=json.loads(row[2]),
            response=row[3],
            error=row[4],
            finish_reason=row[5],
            completion_tokens=row[6],
            candidates=_candidates(row[7]),
            reason=row[8],
            status=row[9],
        )

    def across_runs(self, runs: Sequence[RunInfo], benchmark: str, problem_id: str) -> list[Detail]:
        """The same problem in each of ``runs`` that covers it (for the side-by-side view)."""
        with self.connect() as connection:
            covering = {
                row[0]
                for row in connection.execute(
                    "SELECT run_id FROM run_problems WHERE benchmark = ? AND problem_id = ?",
                    [benchmark, problem_id],
                ).fetchall()
            }
        found = []
        for run in runs:
            if run.run_id in covering:
                detail = self.detail(run, benchmark, problem_id)
                if detail is not None:
                    found.append(detail)
        return found

    def problems_where(self, benchmark: str, key: str, value: str) -> list[tuple[str, str]]:
        """``(problem_id, text)`` of the stored problems of ``benchmark`` whose annotation
        ``key`` is ``value`` (the stored distractor variants of one original, say)."""
        with self.connect() as connection:
            return [
                (row[0], row[1])
                for row in connection.execute(
                    "SELECT problem_id, text FROM problems WHERE benchmark = ? "
                    "AND json_extract_string(annotations, ?) = ? ORDER BY problem_id",
                    [benchmark, f"$.{key}", value],
                ).fetchall()
            ]

    def problem(self, benchmark: str, problem_id: str) -> tuple[str, str, dict[str, Any]] | None:
        """``(text, golden, annotations)`` of a stored problem."""
        with self.connect() as connection:
            row = connection.execute(
                "SELECT text, golden, annotations FROM problems "
                "WHERE benchmark = ? AND problem_id = ?",
                [benchmark, problem_id],
            ).fetchone()
        return (row[0], row[1], json.loads(row[2])) if row else None

    # -- verification samples --------------------------------------------------------------------

    def population(self, run: RunInfo) -> list[Population]:
        """The run's scored first-sample responses, in problem order: what a verification sample
        draws from (errored and pending items have nothing to judge)."""
        with self.connect() as connection:
            found = connection.execute(
                "SELECT rp.position, rp.benchmark, rp.problem_id, p.text, p.golden, "
                "p.annotations, g.response, v.correct, v.outcome, v.candidates, v.reason "
                "FROM run_problems rp "
                "JOIN problems p ON p.benchmark = rp.benchmark AND p.problem_id = rp.problem_id "
                "JOIN generations g ON g.generation_key = $key "
                " AND g.problem_id = rp.problem_id AND g.sample_index = 0 AND g.error IS NULL "
                "JOIN verdicts v ON v.generation_key = $key AND v.problem_id = rp.problem_id "
                " AND v.sample_index = 0 AND v.checker = $checker "
                "WHERE rp.run_id = $run ORDER BY rp.position",
                {"key": run.generation_key, "checker": run.checker, "run": run.run_id},
            ).fetchall()
        return [
            Population(
                position=int(row[0]),
                benchmark=row[1],
                problem_id=row[2],
                text=row[3],
                golden=row[4],
                annotations=json.loads(row[5]),
                response=row[6],
                correct=bool(row[7]),
                outcome=row[8],
                candidates=_candidates(row[9]),
                reason=row[10],
            )
            for row in found
        ]
