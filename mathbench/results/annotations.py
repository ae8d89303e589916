"""The annotations file: verification samples, human judgements and authored variants.

An SQLite file in WAL mode beside the results (``annotations_path``): the results file is DuckDB,
which admits one process at a time, while annotators must be able to work while a run writes and
next to each other. The reviewer (``mathbench review``) writes it; reports and the ``variants``
benchmark read it. Its schema lives here, in the core, beside the results file's. Every judgement
is its own committed transaction with ``synchronous=FULL``: once the reviewer shows it, it survives
a crash or a power cut.

A sample copies what the annotator judges (problem, golden answer, response, the checker's verdict
and candidates) from the results when it is drawn. Judging therefore never needs the results file,
which may be locked by a run, and the labelled sample stays meaningful if the run is deleted.

Judgements are an append-only log: changing one's mind or adding a note appends a row, and the
view ``current_judgements`` holds each annotator's latest word on each item. Nothing typed is ever
overwritten. The schema grows by named migrations recorded in the file, as the results file does.

Failure tags and notes on any response of a run (keyed by run id, problem id and sample index, as
the browse screen lists them), append-only like the judgements:

- ``tag_names() -> list[str]``; ``add_tag_name(name, annotator) -> list[str]``;
  ``remove_tag_name(name, annotator) -> list[str]`` (the set offered; starts as ``DEFAULT_TAGS``)
- ``tag_item(run_id, problem_id, tag, annotator, *, sample_index=0) -> None``;
  ``untag_item(run_id, problem_id, tag, annotator, *, sample_index=0) -> None``
- ``tags_for(run_id, problem_id, *, sample_index=0, annotator=None) -> list[str]`` (sorted)
- ``tag_counts(run_id) -> dict[str, int]`` (responses per tag, most first);
  ``tagged(run_id, tag) -> set[tuple[str, int]]`` (``(problem_id, sample_index)``)
- ``note_item(run_id, problem_id, note, annotator, *, sample_index=0) -> ItemNote``;
  ``notes_for(run_id, problem_id, *, sample_index=0) -> list[ItemNote]``
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mathbench.errors import MathbenchError
from mathbench.types import AnnotationValue, Candidate

#: Overrides where judgements and variants are kept (default: beside the results file).
ANNOTATIONS_ENV = "MATHBENCH_ANNOTATIONS"


def annotations_path(results: Path) -> Path:
    """``$MATHBENCH_ANNOTATIONS`` if set, else ``results.annotations.sqlite`` beside the results
    file ``results`` (``results.duckdb`` -> ``results.annotations.sqlite``)."""
    configured = os.environ.get(ANNOTATIONS_ENV)
    if configured:
        return Path(configured).expanduser()
    return results.with_name(f"{results.stem}.annotations.sqlite")


#: The failure tags every annotations file starts with; annotators add (and retire) their own.
DEFAULT_TAGS = (
    "misread question",
    "arithmetic slip",
    "extraction error",
    "unit error",
    "incomplete",
)
_DEFAULT_TAGS = json.dumps(DEFAULT_TAGS).replace("'", "''")

MIGRATIONS: list[tuple[str, str]] = [
    (
        "a001_initial",
        """
        CREATE TABLE samples (
            sample_id TEXT PRIMARY KEY,
            run_id TEXT NOT NULL,
            checker TEXT NOT NULL,
            size INTEGER NOT NULL,
            seed INTEGER NOT NULL,
            stratify TEXT,
            population INTEGER NOT NULL,
            results_db TEXT NOT NULL,
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE sample_items (
            sample_id TEXT NOT NULL REFERENCES samples (sample_id),
            position INTEGER NOT NULL,
            generation_key TEXT NOT NULL,
            benchmark TEXT NOT NULL,
            problem_id TEXT NOT NULL,
            sample_index INTEGER NOT NULL,
            text TEXT NOT NULL,
            golden TEXT NOT NULL,
            response TEXT NOT NULL,
            annotations TEXT NOT NULL,
            checker_correct INTEGER NOT NULL,
            checker_outcome TEXT NOT NULL,
            candidates TEXT NOT NULL,
            reason TEXT NOT NULL,
            PRIMARY KEY (sample_id, position)
        );
        CREATE TABLE judgements (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            sample_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            annotator TEXT NOT NULL,
            human_correct INTEGER NOT NULL,
            note TEXT NOT NULL,
            created_at TEXT NOT NULL,
            FOREIGN KEY (sample_id, position) REFERENCES sample_items (sample_id, position)
        );
        CREATE INDEX judgements_by_item ON judgements (sample_id, annotator, position);
        CREATE VIEW current_judgements AS
            SELECT j.* FROM judgements j
            WHERE j.id = (
                SELECT max(k.id) FROM judgements k
                WHERE k.sample_id = j.sample_id AND k.position = j.position
                  AND k.annotator = j.annotator
            );
        CREATE TABLE variants (
            variant_id INTEGER PRIMARY KEY AUTOINCREMENT,
            benchmark TEXT NOT NULL,
            original_id TEXT NOT NULL,
            original TEXT NOT NULL,
            golden TEXT NOT NULL,
            annotations TEXT NOT NULL,
            text TEXT NOT NULL,
            distractors INTEGER NOT NULL,
            numbers_added TEXT NOT NULL,
            golden_confirmed INTEGER NOT NULL,
            author TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX variants_by_original ON variants (original);
        """,
    ),
    (
        "a002_failure_tags_and_notes",
        f"""
        CREATE TABLE tag_name_events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            action TEXT NOT NULL CHECK (action IN ('add', 'remove')),
            annotator TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        INSERT INTO tag_name_events (name, action, annotator, created_at)
            SELECT value, 'add', 'mathbench', datetime('now') FROM json_each('{_DEFAULT_TAGS}');
        CREATE TABLE item_tags (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            run_id TEXT NOT NULL,
            problem_id TEXT NOT NULL,
            sample_index INTEGER NOT NULL,
            tag TEXT NOT NULL,
            action TEXT NOT NULL CHECK (action IN ('add', 'remove')),
            annotator TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX item_tags_by_run ON item_tags (run_id, problem_id, sample_index);
        CREATE VIEW current_item_tags AS
            SELECT t.* FROM item_tags t
            WHERE t.action = 'add' AND t.id = (
                SELECT max(u.id) FROM item_tags u
                WHERE u.run_id = t.run_id AND u.problem_id = t.problem_id
                  AND u.sample_index = t.sample_index AND u.tag = t.tag
                  AND u.annotator = t.annotator
            );
        CREATE TABLE item_notes (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            run_id TEXT NOT NULL,
            problem_id TEXT NOT NULL,
            sample_index INTEGER NOT NULL,
            annotator TEXT NOT NULL,
            note TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX item_notes_by_run ON item_notes (run_id, problem_id, sample_index)
        """,
    ),
    (
        "a003_unsure_undo_adjudication_top_ups",
        """
        ALTER TABLE judgements ADD COLUMN verdict TEXT NOT NULL DEFAULT '';
        UPDATE judgements
            SET verdict = CASE WHEN human_correct THEN 'correct' ELSE 'incorrect' END;
        ALTER TABLE judgements ADD COLUMN retracts INTEGER REFERENCES judgements (id);
        DROP VIEW current_judgements;
        CREATE VIEW current_judgements AS
            SELECT j.* FROM judgements j
            WHERE j.id = (
                SELECT max(k.id) FROM judgements k
                WHERE k.sample_id = j.sample_id AND k.position = j.position
                  AND k.annotator = j.annotator AND k.verdict != 'retract'
                  AND k.id NOT IN (
                      SELECT r.retracts FROM judgements r WHERE r.retracts IS NOT NULL
                  )
            );
        CREATE TABLE adjudications (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            sample_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            adjudicator TEXT NOT NULL,
            human_correct INTEGER NOT NULL,
            note TEXT NOT NULL,
            created_at TEXT NOT NULL,
            FOREIGN KEY (sample_id, position) REFERENCES sample_items (sample_id, position)
        );
        CREATE VIEW current_adjudications AS
            SELECT a.* FROM adjudications a
            WHERE a.id = (
                SELECT max(b.id) FROM adjudications b
                WHERE b.sample_id = a.sample_id AND b.position = a.position
            );
        CREATE TABLE sample_draws (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            sample_id TEXT NOT NULL REFERENCES samples (sample_id),
            items_added INTEGER NOT NULL,
            population INTEGER NOT NULL,
            errored INTEGER NOT NULL,
            pending INTEGER NOT NULL,
            drawn_by TEXT NOT NULL,
            drawn_at TEXT NOT NULL
        )
        """,
    ),
    (
        "a004_variant_history",
        """
        CREATE TABLE variant_versions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            variant_id INTEGER NOT NULL REFERENCES variants (variant_id),
            text TEXT NOT NULL,
            distractors INTEGER NOT NULL,
            numbers_added TEXT NOT NULL,
            golden_confirmed INTEGER NOT NULL,
            author TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        INSERT INTO variant_versions (variant_id, text, distractors, numbers_added,
                                      golden_confirmed, author, created_at)
            SELECT variant_id, text, distractors, numbers_added, golden_confirmed, author,
                   updated_at
            FROM variants ORDER BY variant_id;
        CREATE TABLE variant_deletions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            variant_id INTEGER NOT NULL REFERENCES variants (variant_id),
            deleted_by TEXT NOT NULL,
            deleted_at TEXT NOT NULL
        );
        CREATE VIEW current_variants AS
            SELECT v.variant_id, v.benchmark, v.original_id, v.original, v.golden, v.annotations,
                   w.text, w.distractors, w.numbers_added, w.golden_confirmed, v.author,
                   v.created_at, w.created_at AS updated_at
            FROM variants v JOIN variant_versions w ON w.id = (
                SELECT max(x.id) FROM variant_versions x WHERE x.variant_id = v.variant_id
            )
            WHERE v.variant_id NOT IN (SELECT d.variant_id FROM variant_deletions d)
        """,
    ),
]


def _now() -> str:
    return datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="seconds")


@dataclass(frozen=True)
class SampleSpec:
    """What determines a verification sample: the same spec always draws the same items, so two
    annotators who choose the same size and seed judge the same responses (for kappa)."""

    run_id: str
    checker: str
    size: int = 200
    seed: int = 0
    stratify: str | None = None

    @property
    def sample_id(self) -> str:
        canonical = json.dumps(
            [self.run_id, self.checker, self.size, self.seed, self.stratify], sort_keys=True
        )
        return hashlib.sha256(canonical.encode()).hexdigest()[:12]


@dataclass(frozen=True)
class SampleDraw:
    """One drawing of items into a sample: the first, or a top-up once the run had more answers.
    ``population`` answers could be drawn then; ``errored`` and ``pending`` items could not."""

    items_added: int
    population: int
    errored: int
    pending: int
    drawn_by: str
    drawn_at: str


@dataclass(frozen=True)
class SampleInfo:
    """A stored sample: its spec, how many items it holds and who drew it (and topped it up)."""

    sample_id: str
    spec: SampleSpec
    population: int
    items: int
    created_by: str
    created_at: str
    draws: tuple[SampleDraw, ...] = ()

    @property
    def short(self) -> bool:
        """Whether it holds fewer items than were asked for (the run had fewer answers)."""
        return self.items < self.spec.size

    def describe_shortfall(self) -> str:
        """One line saying why the sample is smaller than asked, or "" when it is not."""
        if not self.short:
            return ""
        last = self.draws[-1] if self.draws else None
        population = last.population if last else self.population
        why = f"the run had {population} scored answers"
        if last is not None:
            left_out = [f"{last.errored} errored"] if last.errored else []
            left_out += [f"{last.pending} not answered yet"] if last.pending else []
            if left_out:
                why += f" ({' and '.join(left_out)}, left out)"
            why += f" at {last.drawn_at.replace('T', ' ')}"
        return f"{self.items} of {self.spec.size} items asked: {why}"


@dataclass(frozen=True)
class SampleItem:
    """One response to judge, as it was when the sample was drawn."""

    position: int
    generation_key: str
    benchmark: str
    problem_id: str
    sample_index: int
    text: str
    golden: str
    response: str
    annotations: dict[str, AnnotationValue]
    checker_correct: bool
    checker_outcome: str
    candidates: tuple[Candidate, ...]
    reason: str

    @property
    def response_key(self) -> tuple[str, str, int]:
        """What identifies the response in the results file (it may sit in several samples)."""
        return (self.generation_key, self.problem_id, self.sample_index)


@dataclass(frozen=True)
class Judgement:
    """An annotator's latest word on one item. ``unsure`` marks a skip ("cannot tell"): it counts
    as judged for the annotator's progress but in no precision, recall or kappa, and then
    ``human_correct`` is False and means nothing."""

    position: int
    annotator: str
    human_correct: bool
    note: str
    created_at: str
    unsure: bool = False

    @property
    def verdict(self) -> str:
        """``"correct"``, ``"incorrect"`` or ``"unsure"``."""
        if self.unsure:
            return "unsure"
        return "correct" if self.human_correct else "incorrect"


@dataclass(frozen=True)
class Adjudication:
    """The resolved label of an item annotators disagreed on, and who resolved it."""

    position: int
    adjudicator: str
    human_correct: bool
    note: str
    created_at: str


@dataclass(frozen=True)
class Variant:
    """An authored distractor variant of a problem."""

    variant_id: int
    benchmark: str
    original_id: str
    original: str
    golden: str
    annotations: dict[str, AnnotationValue]
    text: str
    distractors: int
    numbers_added: tuple[int, ...]
    golden_confirmed: bool
    author: str
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class VariantVersion:
    """One saved text of a variant."""

    text: str
    distractors: int
    golden_confirmed: bool
    author: str
    created_at: str


@dataclass(frozen=True)
class ItemNote:
    """An annotator's latest note on one response of a run."""

    annotator: str
    note: str
    created_at: str


class AnnotationStore:
    """A connection to one annotations file, created and migrated on open.

    Safe to share between the UI thread and workers: every statement runs under one lock.
    """

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self._lock = threading.RLock()
        try:
            if read_only:
                uri = f"file:{path}?mode=ro"
                self._db = sqlite3.connect(
                    uri, uri=True, timeout=10, isolation_level=None, check_same_thread=False
                )
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(
                    path, timeout=10, isolation_level=None, check_same_thread=False
                )
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA foreign_keys=ON")
            if not read_only:
                self._migrate()
        except sqlite3.Error as error:
            raise MathbenchError(
                f"Cannot open the annotations file {path} ({error}); pass --annotations with "
                "another file."
            ) from None

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> AnnotationStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One committed write; ``BEGIN IMMEDIATE`` takes the write lock up front so that two
        annotators saving at once wait (up to the timeout) instead of failing half-way."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    def _migrate(self) -> None:
        with self._transaction() as db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations "
                "(name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
            )
            applied = {row[0] for row in db.execute("SELECT name FROM schema_migrations")}
            unknown = applied - {name for name, _ in MIGRATIONS}
            if unknown:
                raise MathbenchError(
                    f"The annotations file {self.path} was written by a newer mathbench "
                    f"(migration {sorted(unknown)[-1]}); upgrade mathbench to use it."
                )
            for name, sql in MIGRATIONS:
                if name in applied:
                    continue
                # executescript would commit the open transaction; run statement by statement.
                for statement in sql.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute("INSERT INTO schema_migrations VALUES (?, ?)", [name, _now()])

    # -- verification samples -------------------------------------------------------------------

    def save_sample(
        self,
        spec: SampleSpec,
        items: Sequence[SampleItem],
        *,
        population: int,
        results_db: Path,
        created_by: str,
        errored: int = 0,
        pending: int = 0,
    ) -> SampleInfo:
        """Store a drawn sample; if the same spec was stored already (by another annotator, say),
        the stored one is kept and returned, so everybody judges the same items. ``errored`` and
        ``pending`` count the run's items that could not be drawn, so the screen can say why a
        sample is smaller than asked."""
        with self._transaction() as db:
            exists = db.execute(
                "SELECT 1 FROM samples WHERE sample_id = ?", [spec.sample_id]
            ).fetchone()
            if not exists:
                db.execute(
                    "INSERT INTO samples VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        spec.sample_id,
                        spec.run_id,
                        spec.checker,
                        spec.size,
                        spec.seed,
                        spec.stratify,
                        population,
                        str(results_db),
                        created_by,
                        _now(),
                    ],
                )
                _insert_items(db, spec.sample_id, items, population, errored, pending, created_by)
        info = self.sample(spec.sample_id)
        assert info is not None
        return info

    def top_up(
        self,
        sample_id: str,
        items: Sequence[SampleItem],
        *,
        holding: int,
        population: int,
        errored: int,
        pending: int,
        drawn_by: str,
    ) -> SampleInfo:
        """Add items drawn since (a run finished, say) to a sample that held ``holding`` items.
        Appended after the stored ones, which never change; if somebody else topped the sample
        up meanwhile, theirs stands and these are dropped, so everybody keeps judging the same
        items."""
        with self._transaction() as db:
            row = db.execute(
                "SELECT count(*) FROM sample_items WHERE sample_id = ?", [sample_id]
            ).fetchone()
            if row is not None and row[0] == holding:
                _insert_items(db, sample_id, items, population, errored, pending, drawn_by)
        info = self.sample(sample_id)
        if info is None:
            raise MathbenchError(f"No sample {sample_id!r} in {self.path}.")
        return info

    def sample(self, sample_id: str) -> SampleInfo | None:
        found = self._samples("WHERE s.sample_id = ?", [sample_id])
        return found[0] if found else None

    def samples(self, run_id: str | None = None) -> list[SampleInfo]:
        """Stored samples, newest first; only those of ``run_id`` when given."""
        if run_id is None:
            return self._samples("", [])
        return self._samples("WHERE s.run_id = ?", [run_id])

    def _samples(self, where: str, params: Sequence[Any]) -> list[SampleInfo]:
        rows = self._rows(
            "SELECT s.sample_id, s.run_id, s.checker, s.size, s.seed, s.stratify, s.population, "
            "(SELECT count(*) FROM sample_items i WHERE i.sample_id = s.sample_id), "
            f"s.created_by, s.created_at FROM samples s {where} ORDER BY s.created_at DESC",
            params,
        )
        draws: dict[str, list[SampleDraw]] = {}
        for row in self._rows(
            "SELECT sample_id, items_added, population, errored, pending, drawn_by, drawn_at "
            "FROM sample_draws ORDER BY id"
        ):
            draws.setdefault(row[0], []).append(SampleDraw(*row[1:]))
        return [
            SampleInfo(
                sample_id=row[0],
                spec=SampleSpec(row[1], row[2], row[3], row[4], row[5]),
                population=row[6],
                items=row[7],
                created_by=row[8],
                created_at=row[9],
                draws=tuple(draws.get(row[0], ())),
            )
            for row in rows
        ]

    def items(self, sample_id: str) -> list[SampleItem]:
        rows = self._rows(
            "SELECT position, generation_key, benchmark, problem_id, sample_index, text, golden, "
            "response, annotations, checker_correct, checker_outcome, candidates, reason "
            "FROM sample_items WHERE sample_id = ? ORDER BY position",
            [sample_id],
        )
        return [
            SampleItem(
                position=row[0],
                generation_key=row[1],
                benchmark=row[2],
                problem_id=row[3],
                sample_index=row[4],
                text=row[5],
                golden=row[6],
                response=row[7],
                annotations=json.loads(row[8]),
                checker_correct=bool(row[9]),
                checker_outcome=row[10],
                candidates=tuple(Candidate(**c) for c in json.loads(row[11])),
                reason=row[12],
            )
            for row in rows
        ]

    def judge(
        self,
        sample_id: str,
        position: int,
        annotator: str,
        human_correct: bool | None,
        note: str = "",
    ) -> Judgement:
        """Record (commit) an annotator's judgement of one item, replacing their earlier word;
        ``None`` records "unsure" (skipped: judged, but counted in no statistic)."""
        created_at = _now()
        verdict = "unsure" if human_correct is None else _VERDICTS[human_correct]
        with self._transaction() as db:
            db.execute(
                "INSERT INTO judgements (sample_id, position, annotator, human_correct, note, "
                "created_at, verdict) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    sample_id,
                    position,
                    annotator,
                    int(bool(human_correct)),
                    note,
                    created_at,
                    verdict,
                ],
            )
        return Judgement(
            position, annotator, bool(human_correct), note, created_at, human_correct is None
        )

    def undo(self, sample_id: str, annotator: str) -> Judgement | None:
        """Take back the annotator's last judgement in the sample (their earlier word on that
        item, if any, becomes current again). Appends a retraction; nothing is erased. Returns
        the judgement taken back, or None when there is nothing left to undo."""
        with self._transaction() as db:
            row = db.execute(
                "SELECT id, position, human_correct, note, created_at, verdict FROM judgements "
                "WHERE sample_id = ? AND annotator = ? AND verdict != 'retract' AND id NOT IN "
                "(SELECT retracts FROM judgements WHERE retracts IS NOT NULL) "
                "ORDER BY id DESC LIMIT 1",
                [sample_id, annotator],
            ).fetchone()
            if row is None:
                return None
            db.execute(
                "INSERT INTO judgements (sample_id, position, annotator, human_correct, note, "
                "created_at, verdict, retracts) VALUES (?, ?, ?, 0, '', ?, 'retract', ?)",
                [sample_id, row[1], annotator, _now(), row[0]],
            )
        return Judgement(row[1], annotator, bool(row[2]), row[3], row[4], row[5] == "unsure")

    def judgements(self, sample_id: str) -> dict[str, dict[int, Judgement]]:
        """Each annotator's latest judgement of each item: ``{annotator: {position: ...}}``."""
        rows = self._rows(
            "SELECT position, annotator, human_correct, note, created_at, verdict "
            "FROM current_judgements WHERE sample_id = ? ORDER BY annotator, position",
            [sample_id],
        )
        found: dict[str, dict[int, Judgement]] = {}
        for position, annotator, correct, note, created_at, verdict in rows:
            found.setdefault(annotator, {})[position] = Judgement(
                position, annotator, bool(correct), note, created_at, verdict == "unsure"
            )
        return found

    def human_labels(self, annotator: str) -> dict[tuple[str, str, int], bool]:
        """The annotator's latest judgement of each response they judged correct or incorrect,
        in any sample (items they were unsure of are left out)."""
        rows = self._rows(
            "SELECT i.generation_key, i.problem_id, i.sample_index, j.human_correct "
            "FROM current_judgements j JOIN sample_items i "
            "ON i.sample_id = j.sample_id AND i.position = j.position "
            "WHERE j.annotator = ? AND j.verdict != 'unsure' ORDER BY j.id",
            [annotator],
        )
        return {(row[0], row[1], row[2]): bool(row[3]) for row in rows}

    # -- adjudication -----------------------------------------------------------------------------

    def disagreements(self, sample_id: str) -> list[int]:
        """Positions of the items two or more annotators judged differently (an "unsure"
        against a verdict counts), in sample order: what an adjudicator walks."""
        verdicts: dict[int, set[str]] = {}
        for by_position in self.judgements(sample_id).values():
            for position, judged in by_position.items():
                verdicts.setdefault(position, set()).add(judged.verdict)
        return sorted(position for position, seen in verdicts.items() if len(seen) > 1)

    def adjudicate(
        self, sample_id: str, position: int, adjudicator: str, human_correct: bool, note: str = ""
    ) -> Adjudication:
        """Record (commit) the resolved label of an item, signed by ``adjudicator``; a later
        resolution of the same item supersedes it in ``adjudications``, the log keeps both."""
        created_at = _now()
        with self._transaction() as db:
            db.execute(
                "INSERT INTO adjudications (sample_id, position, adjudicator, human_correct, "
                "note, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                [sample_id, position, adjudicator, int(human_correct), note, created_at],
            )
        return Adjudication(position, adjudicator, human_correct, note, created_at)

    def adjudications(self, sample_id: str) -> dict[int, Adjudication]:
        """The latest resolution of each adjudicated item, by position."""
        rows = self._rows(
            "SELECT position, adjudicator, human_correct, note, created_at "
            "FROM current_adjudications WHERE sample_id = ? ORDER BY position",
            [sample_id],
        )
        return {row[0]: Adjudication(row[0], row[1], bool(row[2]), row[3], row[4]) for row in rows}

    def export_sample(self, sample_id: str, output: Path) -> int:
        """One JSON line per item: the response, the checker's verdict and every annotator's
        judgement. Returns the number of lines written."""
        info = self.sample(sample_id)
        if info is None:
            raise MathbenchError(f"No sample {sample_id!r} in {self.path}.")
        judged = self.judgements(sample_id)
        resolved = self.adjudications(sample_id)
        output.parent.mkdir(parents=True, exist_ok=True)
        items = self.items(sample_id)
        with output.open("w", encoding="utf-8") as handle:
            for item in items:
                record = {
                    "sample_id": sample_id,
                    "run_id": info.spec.run_id,
                    "position": item.position,
                    "benchmark": item.benchmark,
                    "problem_id": item.problem_id,
                    "generation_key": item.generation_key,
                    "sample_index": item.sample_index,
                    "annotations": item.annotations,
                    "text": item.text,
                    "golden": item.golden,
                    "response": item.response,
                    "checker": info.spec.checker,
                    "checker_correct": item.checker_correct,
                    "checker_outcome": item.checker_outcome,
                    "candidates": [c.__dict__ for c in item.candidates],
                    "judgements": [
                        {
                            "annotator": annotator,
                            "correct": None
                            if by_position[item.position].unsure
                            else by_position[item.position].human_correct,
                            "verdict": by_position[item.position].verdict,
                            "note": by_position[item.position].note,
                            "at": by_position[item.position].created_at,
                        }
                        for annotator, by_position in sorted(judged.items())
                        if item.position in by_position
                    ],
                    "adjudicated": _adjudication_record(resolved.get(item.position)),
                }
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        return len(items)

    # -- authored variants ----------------------------------------------------------------------

    def save_variant(
        self,
        *,
        benchmark: str,
        original_id: str,
        original: str,
        golden: str,
        annotations: dict[str, AnnotationValue],
        text: str,
        numbers_added: Sequence[int],
        golden_confirmed: bool,
        author: str,
        variant_id: int | None = None,
    ) -> Variant:
        """Insert a variant, or save a new version of ``variant_id`` (its author and creation
        time stay; every earlier text stays in ``variant_history``). Committed before
        returning."""
        now = _now()
        added = json.dumps(list(numbers_added))
        with self._transaction() as db:
            if variant_id is None:
                cursor = db.execute(
                    "INSERT INTO variants (benchmark, original_id, original, golden, annotations, "
                    "text, distractors, numbers_added, golden_confirmed, author, created_at, "
                    "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        benchmark,
                        original_id,
                        original,
                        golden,
                        json.dumps(annotations, ensure_ascii=False),
                        text,
                        len(numbers_added),
                        added,
                        int(golden_confirmed),
                        author,
                        now,
                        now,
                    ],
                )
                variant_id = int(cursor.lastrowid or 0)
            db.execute(
                "INSERT INTO variant_versions (variant_id, text, distractors, numbers_added, "
                "golden_confirmed, author, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [variant_id, text, len(numbers_added), added, int(golden_confirmed), author, now],
            )
        saved = self.variant(variant_id)
        assert saved is not None
        return saved

    def delete_variant(self, variant_id: int, annotator: str) -> None:
        """Withdraw a variant (from the list, the export and the ``variants`` benchmark); its
        versions stay in the file, signed and dated."""
        with self._transaction() as db:
            db.execute(
                "INSERT INTO variant_deletions (variant_id, deleted_by, deleted_at) "
                "VALUES (?, ?, ?)",
                [variant_id, annotator, _now()],
            )

    def variant_history(self, variant_id: int) -> list[VariantVersion]:
        """Every saved text of a variant, oldest first."""
        rows = self._rows(
            "SELECT text, distractors, golden_confirmed, author, created_at "
            "FROM variant_versions WHERE variant_id = ? ORDER BY id",
            [variant_id],
        )
        return [VariantVersion(row[0], row[1], bool(row[2]), row[3], row[4]) for row in rows]

    def variant(self, variant_id: int) -> Variant | None:
        found = self._variants("WHERE variant_id = ?", [variant_id])
        return found[0] if found else None

    def variants(self, original: str | None = None) -> list[Variant]:
        """Every variant (of the original text ``original`` when given), in authoring order."""
        if original is None:
            return self._variants("", [])
        return self._variants("WHERE original = ?", [original])

    def _variants(self, where: str, params: Sequence[Any]) -> list[Variant]:
        # A file opened read-only (by the ``variants`` benchmark) may predate a004.
        versioned = self._rows(
            "SELECT 1 FROM sqlite_master WHERE type = 'view' AND name = 'current_variants'"
        )
        rows = self._rows(
            "SELECT variant_id, benchmark, original_id, original, golden, annotations, text, "
            "distractors, numbers_added, golden_confirmed, author, created_at, updated_at "
            f"FROM {'current_variants' if versioned else 'variants'} {where} "
            "ORDER BY variant_id",
            params,
        )
        return [
            Variant(
                variant_id=row[0],
                benchmark=row[1],
                original_id=row[2],
                original=row[3],
                golden=row[4],
                annotations=json.loads(row[5]),
                text=row[6],
                distractors=row[7],
                numbers_added=tuple(json.loads(row[8])),
                golden_confirmed=bool(row[9]),
                author=row[10],
                created_at=row[11],
                updated_at=row[12],
            )
            for row in rows
        ]

    def export_variants(self, output: Path) -> int:
        """Write every variant in the CMATH ``distractor.jsonl`` format: per original, its
        0-distractor row, then its variants by number of distractors. Returns the lines written."""
        by_original: dict[str, list[Variant]] = {}
        for variant in self.variants():
            by_original.setdefault(variant.original, []).append(variant)
        output.parent.mkdir(parents=True, exist_ok=True)
        lines = 0
        with output.open("w", encoding="utf-8") as handle:
            for original, variants in by_original.items():
                golden = variants[0].golden
                rows = [(original, 0)] + [
                    (v.text, v.distractors)
                    for v in sorted(variants, key=lambda v: (v.distractors, v.variant_id))
                ]
                for text, count in rows:
                    record = {
                        "input": text,
                        "original": original,
                        "golden": golden,
                        "distractor": count,
                    }
                    handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                    lines += 1
        return lines

    # -- failure tags and notes on results items -------------------------------------------------

    def tag_names(self) -> list[str]:
        """The tags annotators can attach, in the order they were added (defaults first)."""
        rows = self._rows(
            "SELECT name, action FROM tag_name_events ORDER BY id",
        )
        names: dict[str, None] = {}
        for name, action in rows:
            if action == "add":
                names.setdefault(name, None)
            else:
                names.pop(name, None)
        return list(names)

    def add_tag_name(self, name: str, annotator: str) -> list[str]:
        """Offer ``name`` as a tag from now on (a no-op if it is offered); returns the tags."""
        name = _tag_name(name)
        if name not in self.tag_names():
            self._log_tag_name(name, "add", annotator)
        return self.tag_names()

    def remove_tag_name(self, name: str, annotator: str) -> list[str]:
        """Stop offering ``name``; items already tagged with it keep the tag. Returns the tags."""
        if name in self.tag_names():
            self._log_tag_name(name, "remove", annotator)
        return self.tag_names()

    def _log_tag_name(self, name: str, action: str, annotator: str) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT INTO tag_name_events (name, action, annotator, created_at) "
                "VALUES (?, ?, ?, ?)",
                [name, action, annotator, _now()],
            )

    def tag_item(
        self, run_id: str, problem_id: str, tag: str, annotator: str, *, sample_index: int = 0
    ) -> None:
        """Attach ``tag`` to one response of a run, signed by ``annotator`` (committed at once).
        Any tag name is accepted; offer it to everybody with ``add_tag_name``."""
        self._log_tag(run_id, problem_id, sample_index, _tag_name(tag), "add", annotator)

    def untag_item(
        self, run_id: str, problem_id: str, tag: str, annotator: str, *, sample_index: int = 0
    ) -> None:
        """Take ``annotator``'s ``tag`` off the response: appends a removal, erases nothing."""
        self._log_tag(run_id, problem_id, sample_index, tag, "remove", annotator)

    def _log_tag(
        self,
        run_id: str,
        problem_id: str,
        sample_index: int,
        tag: str,
        action: str,
        annotator: str,
    ) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT INTO item_tags (run_id, problem_id, sample_index, tag, action, annotator, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [run_id, problem_id, sample_index, tag, action, annotator, _now()],
            )

    def tags_for(
        self,
        run_id: str,
        problem_id: str,
        *,
        sample_index: int = 0,
        annotator: str | None = None,
    ) -> list[str]:
        """The tags on one response (by any annotator, or only ``annotator``), sorted."""
        sql = (
            "SELECT DISTINCT tag FROM current_item_tags "
            "WHERE run_id = ? AND problem_id = ? AND sample_index = ?"
        )
        params: list[Any] = [run_id, problem_id, sample_index]
        if annotator is not None:
            sql += " AND annotator = ?"
            params.append(annotator)
        return [row[0] for row in self._rows(sql + " ORDER BY tag", params)]

    def tag_counts(self, run_id: str) -> dict[str, int]:
        """How many of the run's responses carry each tag (by any annotator), most first."""
        rows = self._rows(
            "SELECT tag, count(DISTINCT problem_id || char(0) || sample_index) AS n "
            "FROM current_item_tags WHERE run_id = ? GROUP BY tag ORDER BY n DESC, tag",
            [run_id],
        )
        return {tag: int(n) for tag, n in rows}

    def tagged(self, run_id: str, tag: str) -> set[tuple[str, int]]:
        """The ``(problem_id, sample_index)`` of the run's responses that carry ``tag``."""
        rows = self._rows(
            "SELECT DISTINCT problem_id, sample_index FROM current_item_tags "
            "WHERE run_id = ? AND tag = ?",
            [run_id, tag],
        )
        return {(row[0], int(row[1])) for row in rows}

    def note_item(
        self, run_id: str, problem_id: str, note: str, annotator: str, *, sample_index: int = 0
    ) -> ItemNote:
        """Record ``annotator``'s note on one response (appended and committed; an empty note
        clears theirs from ``notes_for`` while the earlier text stays in the log)."""
        created_at = _now()
        with self._transaction() as db:
            db.execute(
                "INSERT INTO item_notes (run_id, problem_id, sample_index, annotator, note, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?)",
                [run_id, problem_id, sample_index, annotator, note, created_at],
            )
        return ItemNote(annotator, note, created_at)

    def notes_for(self, run_id: str, problem_id: str, *, sample_index: int = 0) -> list[ItemNote]:
        """Each annotator's latest non-empty note on one response, by annotator."""
        rows = self._rows(
            "SELECT annotator, note, created_at FROM item_notes n WHERE n.id = ("
            " SELECT max(m.id) FROM item_notes m WHERE m.run_id = n.run_id"
            " AND m.problem_id = n.problem_id AND m.sample_index = n.sample_index"
            " AND m.annotator = n.annotator)"
            " AND run_id = ? AND problem_id = ? AND sample_index = ? AND note != ''"
            " ORDER BY annotator",
            [run_id, problem_id, sample_index],
        )
        return [ItemNote(*row) for row in rows]


def _tag_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise MathbenchError("A tag needs a name.")
    return cleaned


_VERDICTS = {True: "correct", False: "incorrect"}


def _adjudication_record(resolved: Adjudication | None) -> dict[str, Any] | None:
    if resolved is None:
        return None
    return {
        "adjudicator": resolved.adjudicator,
        "correct": resolved.human_correct,
        "note": resolved.note,
        "at": resolved.created_at,
    }


def _insert_items(
    db: sqlite3.Connection,
    sample_id: str,
    items: Sequence[SampleItem],
    population: int,
    errored: int,
    pending: int,
    drawn_by: str,
) -> None:
    db.executemany(
        "INSERT INTO sample_items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [_item_row(sample_id, item) for item in items],
    )
    db.execute(
        "INSERT INTO sample_draws (sample_id, items_added, population, errored, pending, "
        "drawn_by, drawn_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [sample_id, len(items), population, errored, pending, drawn_by, _now()],
    )


def _item_row(sample_id: str, item: SampleItem) -> tuple[Any, ...]:
    return (
        sample_id,
        item.position,
        item.generation_key,
        item.benchmark,
        item.problem_id,
        item.sample_index,
        item.text,
        item.golden,
        item.response,
        json.dumps(item.annotations, ensure_ascii=False),
        int(item.checker_correct),
        item.checker_outcome,
        json.dumps([c.__dict__ for c in item.candidates], ensure_ascii=False),
        item.reason,
    )
