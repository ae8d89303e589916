"""The DuckDB file that holds everything: problems, runs, generations, verdicts.

Every table is plain SQL a user can query. Generations are keyed by the *generation key* (what
determines what the model writes: benchmark, split, model, parameters, template) rather than by
run, so that a run with another checker or another filter reuses what is stored; verdicts are keyed
by generation and checker. Rows are written a batch at a time, each batch one transaction of
column-wise inserts (``unnest`` of one list per column, a batch's answers sent as one JSON document:
a thousand rows cost what one row costs through ``executemany``); the runner commits a batch at
least every half second, so a run killed at any moment loses at most the last half second of
answers.

The schema grows by an append-only list of named migrations, recorded in the file itself (the
pattern of simonw/llm), so later versions can add tables without breaking older files.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
from platformdirs import user_data_dir

from mathbench.errors import MathbenchError
from mathbench.types import Candidate, Completion, Problem, Verdict

DB_ENV = "MATHBENCH_DB"
#: How long opening a file that another process holds keeps trying before it gives up.
LOCK_WAIT_S = 2.0

MIGRATIONS: list[tuple[str, str]] = [
    (
        "m001_initial",
        """
        CREATE TABLE problems (
            benchmark VARCHAR NOT NULL,
            problem_id VARCHAR NOT NULL,
            split VARCHAR NOT NULL,
            text VARCHAR NOT NULL,
            golden VARCHAR NOT NULL,
            annotations JSON NOT NULL,
            PRIMARY KEY (benchmark, problem_id)
        );
        CREATE TABLE runs (
            run_id VARCHAR PRIMARY KEY,
            generation_key VARCHAR NOT NULL,
            created_at TIMESTAMP NOT NULL,
            benchmark VARCHAR NOT NULL,
            split VARCHAR NOT NULL,
            backend VARCHAR NOT NULL,
            model VARCHAR NOT NULL,
            template VARCHAR NOT NULL,
            checker VARCHAR NOT NULL,
            config JSON NOT NULL
        );
        CREATE TABLE run_problems (
            run_id VARCHAR NOT NULL,
            position INTEGER NOT NULL,
            benchmark VARCHAR NOT NULL,
            problem_id VARCHAR NOT NULL,
            PRIMARY KEY (run_id, problem_id)
        );
        CREATE TABLE generations (
            generation_key VARCHAR NOT NULL,
            problem_id VARCHAR NOT NULL,
            sample_index INTEGER NOT NULL,
            prompt JSON NOT NULL,
            response VARCHAR NOT NULL,
            error VARCHAR,
            finish_reason VARCHAR,
            prompt_tokens INTEGER,
            completion_tokens INTEGER,
            latency_s DOUBLE,
            created_at TIMESTAMP NOT NULL,
            PRIMARY KEY (generation_key, problem_id, sample_index)
        );
        CREATE TABLE verdicts (
            generation_key VARCHAR NOT NULL,
            problem_id VARCHAR NOT NULL,
            sample_index INTEGER NOT NULL,
            checker VARCHAR NOT NULL,
            correct BOOLEAN NOT NULL,
            outcome VARCHAR NOT NULL,
            candidates JSON NOT NULL,
            reason VARCHAR NOT NULL,
            created_at TIMESTAMP NOT NULL,
            PRIMARY KEY (generation_key, problem_id, sample_index, checker)
        );
        """,
    ),
]

_LOCK_PID = re.compile(r"PID (\d+)")
#: The name the file is attached under in a store's DuckDB instance (see ``Store``).
_CATALOG = "mathbench"
#: Opening a file never installs or loads a DuckDB extension (a download, for an SQLite file).
_NO_FETCH: dict[str, str | bool | int | float | list[str]] = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
}

#: One row per problem and sample of a run, with its generation and verdict (NULL where missing).
_RUN_ROWS_SQL = """
SELECT rp.position, rp.problem_id, s.sample_index, p.split, p.text, p.golden, p.annotations,
       g.response, g.error, g.finish_reason, g.prompt_tokens, g.completion_tokens, g.latency_s,
       v.checker, v.correct, v.outcome, v.candidates, v.reason
FROM run_problems rp
JOIN runs r ON r.run_id = rp.run_id
JOIN problems p ON p.benchmark = rp.benchmark AND p.problem_id = rp.problem_id
CROSS JOIN range({samples}) AS s(sample_index)
LEFT JOIN generations g
  ON g.generation_key = r.generation_key AND g.problem_id = rp.problem_id
 AND g.sample_index = s.sample_index
LEFT JOIN verdicts v
  ON v.generation_key = r.generation_key AND v.problem_id = rp.problem_id
 AND v.sample_index = s.sample_index AND v.checker = r.checker
WHERE rp.run_id = '{run_id}'
ORDER BY rp.position, s.sample_index
"""


def default_db_path() -> Path:
    """``MATHBENCH_DB`` if set, else ``mathbench.duckdb`` in the user data directory."""
    configured = os.environ.get(DB_ENV)
    if configured:
        return Path(configured).expanduser()
    return Path(user_data_dir("mathbench")) / "mathbench.duckdb"


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class NewGeneration:
    """A generation to store, with the prompt it answered and its verdict (None if errored)."""

    problem_id: str
    sample_index: int
    prompt: Sequence[dict[str, str]]
    completion: Completion
    verdict: Verdict | None


@dataclass(frozen=True)
class StoredGeneration:
    """A generation row, with its verdict under one checker when there is one."""

    problem_id: str
    sample_index: int
    response: str
    error: str | None
    completion_tokens: int | None
    verdict: Verdict | None


class StoreBusy(MathbenchError):
    """Another process holds the file for longer than ``LOCK_WAIT_S``."""


class Store:
    """One mathbench DuckDB file, migrated to the current schema on open.

    DuckDB lets one process hold a file at a time, so a long writer (a run) does not keep it:
    ``release()`` lets go of the file between its short write transactions, and the next use
    takes it again, which lets ``report``, ``export`` and the reviewer read the file while a run
    writes it. The file is attached to an in-memory DuckDB instance the store keeps (as the
    default catalog, so SQL names its tables plainly): attaching and detaching cost a
    millisecond besides the checkpoint, where opening and closing a connection cost 20 more (a
    new instance each time), a tenth of a fast run's time.
    """

    def __init__(
        self, path: str | Path | None = None, *, read_only: bool = False, create: bool = True
    ) -> None:
        """``create=False`` writes to an existing file only (``compare`` adds verdicts to a
        database, and must not create one from a mistyped path)."""
        self.path = Path(path).expanduser() if path is not None else default_db_path()
        self.read_only = read_only
        self._snapshot_dir: Path | None = None
        if (read_only or not create) and not self.path.exists():
            raise MathbenchError(
                f"No mathbench database at {self.path}; run `mathbench run` first."
            )
        existed = self.path.exists()
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        #: The in-memory instance the file is attached to; made on first use.
        self._instance: duckdb.DuckDBPyConnection | None = None
        self._attached = False
        try:
            if existed:
                self._check_schema()
            if not read_only:
                self._migrate()
        except BaseException:
            self.close()
            raise

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        """A connection with the file attached as its default catalog, attached again if
        ``release()`` let go of it."""
        if not self._attached:
            self._connect()
        assert self._instance is not None
        return self._instance

    def release(self) -> None:
        """Detach the file until the next use (which checkpoints its log into it), so that other
        processes can open it."""
        if not self._attached or self._instance is None:
            return
        self._attached = False
        try:
            self._instance.execute(f"USE memory; DETACH {_CATALOG}")
        except duckdb.Error:
            # A failed write may leave the instance unusable: closing it lets go of the file.
            self._close_instance()

    def _close_instance(self) -> None:
        """Close the DuckDB instance, which lets go of the file whatever state it is in."""
        if self._instance is not None:
            self._attached = False
            self._instance.close()
            self._instance = None

    def _attach(self, path: Path, read_only: bool) -> None:
        """Attach ``path`` as the default catalog, making the instance on first use."""
        if self._instance is None:
            # DuckDB spills a large query beside the file, as with a connection to the file.
            config = {**_NO_FETCH, "temp_directory": f"{self.path}.tmp"}
            self._instance = duckdb.connect(":memory:", config=config)
        quoted = str(path).replace("'", "''")
        mode = " (READ_ONLY)" if read_only else ""
        self._instance.execute(f"ATTACH '{quoted}' AS {_CATALOG}{mode}; USE {_CATALOG}")
        self._attached = True

    def _connect(self) -> None:
        # Another process may hold the file for a moment (the reviewer reads in short batches),
        # or another store of this process (DuckDB lets one instance attach a file at a time):
        # keep trying a little before saying it is in use.
        deadline = time.monotonic() + LOCK_WAIT_S
        while True:
            try:
                # A file of another database (SQLite) must not make DuckDB fetch an extension.
                self._attach(self.path, self.read_only)
                return
            except duckdb.Error as error:
                message = str(error)
                held = "already attached" in message or (
                    isinstance(error, duckdb.IOException) and "lock" in message.lower()
                )
                if not held and isinstance(error, duckdb.IOException):
                    first_line = message.strip().split("\n")[0]  # not DuckDB's advice after it
                    raise MathbenchError(
                        f"Cannot open the database {self.path}: {first_line}"
                    ) from None
                if not held:
                    raise MathbenchError(
                        f"{self.path} is not a mathbench database DuckDB can open ({error})."
                    ) from None
                if time.monotonic() >= deadline:
                    pid = _LOCK_PID.search(message)
                    holder = f" (process {pid.group(1)})" if pid else ""
                    if self.read_only:
                        self._attach_snapshot(holder)
                        return
                    raise StoreBusy(
                        f"The database {self.path} is in use by another mathbench "
                        f"process{holder}; wait for it to finish, or pass --db with another file."
                    ) from None
            time.sleep(0.05)

    def _attach_snapshot(self, holder: str) -> None:
        """A reader's way in while another process holds the file past ``LOCK_WAIT_S`` (an older
        mathbench, a long transaction): a consistent private copy (``mathbench.results.snapshot``),
        said in one line on stderr, removed when the store closes."""
        from mathbench.results.snapshot import take_snapshot

        if self._snapshot_dir is None:
            self._snapshot_dir = Path(tempfile.mkdtemp(prefix="mathbench-read-"))
            take_snapshot(self.path, self._snapshot_dir / self.path.name)
            taken = datetime.now().strftime("%H:%M:%S")
            print(
                f"Note: another process{holder} is writing {self.path}; reading a copy taken at "
                f"{taken}, which misses what it writes after.",
                file=sys.stderr,
            )
        self._attach(self._snapshot_dir / self.path.name, read_only=True)

    def close(self) -> None:
        try:
            self.release()
        finally:
            self._close_instance()
            if self._snapshot_dir is not None:
                shutil.rmtree(self._snapshot_dir, ignore_errors=True)
                self._snapshot_dir = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: object, exc: BaseException | None, tb: object) -> None:
        self.close()
        if exc is not None and _interrupted_query(exc):
            raise KeyboardInterrupt from None

    @contextmanager
    def interruptible(self) -> Iterator[None]:
        """Queries run inside stop on Ctrl-C (or SIGTERM) with a ``KeyboardInterrupt``, as any
        other code does, not with DuckDB's ``RuntimeError: Query interrupted``."""
        try:
            yield
        except (duckdb.InterruptException, RuntimeError) as error:
            if not _interrupted_query(error):
                raise
            raise KeyboardInterrupt from None

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One write transaction, interruptible; a write the disk refuses (full, read-only, gone)
        is one sentence, and what earlier transactions committed stays."""
        connection = self.connection
        try:
            with self.interruptible():
                connection.execute("BEGIN TRANSACTION")
                try:
                    yield connection
                    connection.execute("COMMIT")
                except BaseException:
                    with contextlib.suppress(duckdb.Error):
                        connection.execute("ROLLBACK")
                    raise
        except (duckdb.IOException, duckdb.TransactionException, duckdb.FatalException) as error:
            self._close_instance()  # a failed write may leave it unusable: a new one next time
            first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
            raise MathbenchError(
                f"Could not write to {self.path} ({first_line[:200]}); what was committed before "
                "is kept: free some space (or fix the file's folder) and run the same command "
                "again to resume."
            ) from None

    # -- schema ---------------------------------------------------------------------------------

    def _check_schema(self) -> None:
        """Refuse a file that is not a mathbench database, or one a newer mathbench wrote, before
        anything reads or writes it (a run must not add its tables to someone else's file)."""
        tables = {
            str(row[0])
            for row in self.connection.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
            ).fetchall()
        }
        if "schema_migrations" not in tables:
            if tables:
                raise MathbenchError(
                    f"{self.path} is a DuckDB file but not a mathbench database (it holds the "
                    f"tables {', '.join(sorted(tables)[:5])}); pass --db with another file."
                )
            if self.read_only:
                raise MathbenchError(
                    f"{self.path} holds no mathbench results yet; run `mathbench run` first."
                )
            return
        applied = {
            str(row[0])
            for row in self.connection.execute("SELECT name FROM schema_migrations").fetchall()
        }
        known = [name for name, _ in MIGRATIONS]
        newer = applied - set(known)
        if newer:
            raise MathbenchError(
                f"The database {self.path} was written by a newer mathbench (migration "
                f"{sorted(newer)[-1]}); upgrade mathbench to use it."
            )
        missing = [name for name in known if name not in applied]
        if missing and self.read_only:
            raise MathbenchError(
                f"The database {self.path} was written by an older mathbench; any `mathbench "
                "run` on it upgrades it in place."
            )

    def _migrate(self) -> None:
        self.connection.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (name VARCHAR PRIMARY KEY, "
            "applied_at TIMESTAMP NOT NULL)"
        )
        applied = {
            row[0]
            for row in self.connection.execute("SELECT name FROM schema_migrations").fetchall()
        }
        for name, sql in MIGRATIONS:
            if name in applied:
                continue
            try:
                with self.transaction() as connection:
                    connection.execute(sql)
                    connection.execute(
                        "INSERT INTO schema_migrations VALUES (?, ?)", [name, _now()]
                    )
            except duckdb.Error as error:
                raise MathbenchError(
                    f"The database {self.path} cannot be upgraded to this mathbench (migration "
                    f"{name}: {str(error).strip().splitlines()[0]}); pass --db with another file."
                ) from None
        self._check_columns()

    def _check_columns(self) -> None:
        """Refuse, before a run generates anything, a file whose tables lack a column this
        mathbench writes (one its migrations do not account for: altered by hand, or written by
        a mathbench whose schema differed): the answers would be generated, then not stored."""
        expected = _schema_columns(tuple(MIGRATIONS))
        found = set(
            self.connection.execute(
                "SELECT table_name, column_name FROM information_schema.columns "
                "WHERE table_schema = 'main'"
            ).fetchall()
        )
        missing = sorted(expected - found)
        if missing:
            names = ", ".join(f"{table}.{column}" for table, column in missing[:3])
            raise MathbenchError(
                f"The database {self.path} lacks the columns this mathbench stores results in "
                f"({names}); pass --db with another file."
            )

    @property
    def schema_version(self) -> str:
        row = self.connection.execute("SELECT max(name) FROM schema_migrations").fetchone()
        return str(row[0]) if row else ""

    # -- problems and runs ----------------------------------------------------------------------

    def save_problems(self, benchmark: str, problems: Sequence[Problem]) -> None:
        """Insert the problems a run uses, and refresh those whose stored row differs (a changed
        data file); problems stored as they are cost one read, not a write."""
        stored = dict(
            self.connection.execute(
                "SELECT problem_id, md5(concat_ws(chr(31), split, text, golden, annotations)) "
                "FROM problems WHERE benchmark = ?",
                [benchmark],
            ).fetchall()
        )
        new, changed = [], []
        for problem in problems:
            row = (problem.id, problem.split, problem.text, problem.golden,
                   json.dumps(problem.annotations))  # fmt: skip
            digest = stored.get(problem.id)
            if digest is None:
                new.append(row)
            elif digest != _row_digest(row[1:]):
                changed.append(row)
        if not new and not changed:
            return
        with self.transaction() as connection:
            # A plain insert costs DuckDB half what a replacing one does: only changed rows pay.
            for verb, rows in (("INSERT", new), ("INSERT OR REPLACE", changed)):
                if rows:
                    connection.execute(
                        f"{verb} INTO problems SELECT ?, unnest(?::VARCHAR[]), "
                        "unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), "
                        "unnest(?::JSON[])",
                        [benchmark, *map(list, zip(*rows, strict=True))],
                    )

    def save_run(
        self,
        run_id: str,
        generation_key: str,
        config: dict[str, Any],
        problem_ids: Sequence[str],
    ) -> bool:
        """Record a run and the problems it covers; a known run is left as it is. Whether the
        run is new."""
        exists = self.connection.execute("SELECT 1 FROM runs WHERE run_id = ?", [run_id]).fetchone()
        if exists:
            return False
        with self.transaction() as connection:
            connection.execute(
                "INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    run_id,
                    generation_key,
                    _now(),
                    config["benchmark"],
                    config["split"],
                    config["backend"],
                    config["model"],
                    config["template"],
                    config["checker"],
                    json.dumps(config),
                ],
            )
            if problem_ids:
                connection.execute(
                    "INSERT INTO run_problems SELECT ?, unnest(range(?)), ?, unnest(?::VARCHAR[])",
                    [run_id, len(problem_ids), config["benchmark"], list(problem_ids)],
                )
        return True

    def forget_run(self, run_id: str) -> None:
        """Remove a run that never stored an answer (its model failed to load): a run row
        with nothing behind it would be listed as pending forever."""
        with self.transaction() as connection:
            connection.execute("DELETE FROM run_problems WHERE run_id = ?", [run_id])
            connection.execute("DELETE FROM runs WHERE run_id = ?", [run_id])

    def resolve_run_id(self, given: str) -> str:
        """A full run id from an id or a unique prefix of one."""
        rows = self.connection.execute(
            "SELECT run_id FROM runs WHERE starts_with(run_id, ?) ORDER BY run_id", [given]
        ).fetchall()
        if not rows:
            raise MathbenchError(
                f"No run {given!r} in {self.path}; `mathbench runs` lists the stored runs."
            )
        if len(rows) > 1:
            raise MathbenchError(
                f"Run id prefix {given!r} matches {len(rows)} runs; give more characters."
            )
        return str(rows[0][0])

    def latest_run_id(self) -> str | None:
        row = self.connection.execute(
            "SELECT run_id FROM runs ORDER BY created_at DESC LIMIT 1"
        ).fetchone()
        return str(row[0]) if row else None

    def run_rows_sql(self, run_id: str) -> str:
        """SQL for a run's rows (problem, sample, generation, verdict), for reports and export.

        Inlined rather than bound because ``COPY (query) TO`` takes no parameters; run ids are hex
        digests, so anything else is refused before it reaches the SQL text.
        """
        if not run_id.isalnum():
            raise MathbenchError(f"{run_id!r} is not a run id.")
        samples = int(self.run_config(run_id).get("samples", 1))
        return _RUN_ROWS_SQL.format(run_id=run_id, samples=samples)

    def run_generation_key(self, run_id: str) -> str:
        row = self.connection.execute(
            "SELECT generation_key FROM runs WHERE run_id = ?", [run_id]
        ).fetchone()
        if row is None:
            raise MathbenchError(f"No run {run_id!r} in {self.path}.")
        return str(row[0])

    def run_config(self, run_id: str) -> dict[str, Any]:
        row = self.connection.execute(
            "SELECT config FROM runs WHERE run_id = ?", [run_id]
        ).fetchone()
        if row is None:
            raise MathbenchError(f"No run {run_id!r} in {self.path}.")
        config: dict[str, Any] = json.loads(row[0])
        return config

    # -- generations and verdicts ---------------------------------------------------------------

    def generations(
        self, generation_key: str, checker: str
    ) -> dict[tuple[str, int], StoredGeneration]:
        """Every stored generation of a key, with its decided verdict under ``checker`` if any."""
        rows = self.connection.execute(
            """
            SELECT g.problem_id, g.sample_index, g.response, g.error, g.completion_tokens,
                   v.correct, v.candidates, v.reason, v.outcome
            FROM generations g
            LEFT JOIN verdicts v
              ON v.generation_key = g.generation_key AND v.problem_id = g.problem_id
             AND v.sample_index = g.sample_index AND v.checker = ?
            WHERE g.generation_key = ?
            """,
            [checker, generation_key],
        ).fetchall()
        stored: dict[tuple[str, int], StoredGeneration] = {}
        for (
            problem_id,
            sample,
            response,
            error,
            tokens,
            correct,
            candidates,
            reason,
            outcome,
        ) in rows:
            verdict = None
            # An undecided verdict is no verdict: the caller judges the response again.
            if correct is not None and outcome != "undecided":
                verdict = Verdict(
                    correct=bool(correct),
                    candidates=tuple(Candidate(**c) for c in json.loads(candidates)),
                    checker=checker,
                    reason=reason,
                )
            stored[(problem_id, sample)] = StoredGeneration(
                problem_id, sample, response, error, tokens, verdict
            )
        return stored

    def save_generations(self, generation_key: str, batch: Sequence[NewGeneration]) -> None:
        """Store generations (replacing errored ones) and their verdicts, in one transaction.

        Plain inserts cost DuckDB about half what replacing ones do (it looks up every key), and
        a batch meets a stored row only when it answers again what had errored: the batch is
        then written again, replacing."""
        if not batch:
            return
        completions = [g.completion for g in batch]
        generations: dict[str, list[Any]] = {
            "problem_id": [g.problem_id for g in batch],
            "sample_index": [g.sample_index for g in batch],
            "prompt": [_encode(list(g.prompt)) for g in batch],
            "response": [c.text for c in completions],
            "error": [c.error for c in completions],
            "finish_reason": [c.finish_reason for c in completions],
            "prompt_tokens": [c.prompt_tokens for c in completions],
            "completion_tokens": [c.completion_tokens for c in completions],
            "latency_s": [c.latency_s for c in completions],
        }
        verdicts = _verdict_columns(
            [(g.problem_id, g.sample_index, g.verdict) for g in batch if g.verdict is not None]
        )
        for verb in ("INSERT", "INSERT OR REPLACE"):
            try:
                with self.transaction() as connection:
                    _insert_columns(connection, verb, "generations", generation_key, generations)
                    _insert_columns(connection, verb, "verdicts", generation_key, verdicts)
                return
            except duckdb.ConstraintException:
                if verb != "INSERT":
                    raise

    def save_verdicts(
        self, generation_key: str, verdicts: Iterable[tuple[str, int, Verdict]]
    ) -> None:
        """Store verdicts for already stored generations (rescoring with another checker, or
        judging again what was undecided)."""
        columns = _verdict_columns(list(verdicts))
        if columns["problem_id"]:
            with self.transaction() as connection:
                _insert_columns(
                    connection, "INSERT OR REPLACE", "verdicts", generation_key, columns
                )


#: ``json.dumps(value, ensure_ascii=False)``, without making an encoder for each value.
_encode = json.JSONEncoder(ensure_ascii=False).encode

#: The columns ``_insert_columns`` writes (the key and the time aside), with their types.
_COLUMNS = {
    "generations": {
        "problem_id": "VARCHAR", "sample_index": "INTEGER", "prompt": "JSON",
        "response": "VARCHAR", "error": "VARCHAR", "finish_reason": "VARCHAR",
        "prompt_tokens": "INTEGER", "completion_tokens": "INTEGER", "latency_s": "DOUBLE",
    },
    "verdicts": {
        "problem_id": "VARCHAR", "sample_index": "INTEGER", "checker": "VARCHAR",
        "correct": "BOOLEAN", "outcome": "VARCHAR", "candidates": "JSON", "reason": "VARCHAR",
    },
}  # fmt: skip


def _insert_columns(
    connection: duckdb.DuckDBPyConnection,
    verb: str,
    table: str,
    generation_key: str,
    columns: dict[str, list[Any]],
) -> None:
    """Insert rows given column-wise, sent as one JSON document that DuckDB parses and unnests.

    A Python list per column costs the DuckDB client a conversion per value, made holding the
    GIL, which the run's checking needs meanwhile (the writer thread writes as the run goes on);
    the document is made by the json module's C encoder and parsed without the GIL, which halves
    what a batch costs. JSON columns travel as their text, encoded as they always were.
    """
    if not columns["problem_id"]:
        return
    types = _COLUMNS[table]
    document = {name: f"{'VARCHAR' if kind == 'JSON' else kind}[]" for name, kind in types.items()}
    values = ", ".join(f"unnest(b.{name})::{kind}" for name, kind in types.items())
    connection.execute(
        f"{verb} INTO {table} SELECT ?, {values}, ? "
        f"FROM (SELECT from_json(?, '{json.dumps(document)}') AS b)",
        [generation_key, _now(), json.dumps(columns)],
    )


def _verdict_columns(verdicts: Sequence[tuple[str, int, Verdict]]) -> dict[str, list[Any]]:
    """The verdicts' columns, for ``_insert_columns``."""
    judged = [verdict for _, _, verdict in verdicts]
    return {
        "problem_id": [problem_id for problem_id, _, _ in verdicts],
        "sample_index": [sample_index for _, sample_index, _ in verdicts],
        "checker": [v.checker for v in judged],
        "correct": [v.correct for v in judged],
        "outcome": [v.outcome for v in judged],
        "candidates": [_encode([c.__dict__ for c in v.candidates]) for v in judged],
        "reason": [v.reason for v in judged],
    }


@functools.cache
def _schema_columns(migrations: tuple[tuple[str, str], ...]) -> frozenset[tuple[str, str]]:
    """Every (table, column) the migrations make, read from an in-memory database."""
    with duckdb.connect(":memory:") as connection:
        for _, sql in migrations:
            connection.execute(sql)
        rows = connection.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'main'"
        ).fetchall()
    return frozenset((str(table), str(column)) for table, column in rows)


def _interrupted_query(error: BaseException) -> bool:
    """Whether DuckDB stopped a query because a signal handler raised in it (Ctrl-C, SIGTERM):
    it reports that as ``RuntimeError: Query interrupted``, or as an ``InterruptException``."""
    if isinstance(error, duckdb.InterruptException):
        return True
    return type(error) is RuntimeError and str(error) == "Query interrupted"


def _row_digest(values: Sequence[str]) -> str:
    """The digest ``save_problems`` compares with the one DuckDB computes for a stored row."""
    return hashlib.md5("\x1f".join(values).encode("utf-8")).hexdigest()
