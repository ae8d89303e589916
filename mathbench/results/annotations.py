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
class SampleInfo:
    """A stored sample: its spec, how many items it holds and who drew it."""

    sample_id: str
    spec: SampleSpec
    population: int
    items: int
    created_by: str
    created_at: str


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
    """An annotator's latest word on one item."""

    position: int
    annotator: str
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
    ) -> SampleInfo:
        """Store a drawn sample; if the same spec was stored already (by another annotator, say),
        the stored one is kept and returned, so everybody judges the same items."""
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
                db.executemany(
                    "INSERT INTO sample_items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [_item_row(spec.sample_id, item) for item in items],
                )
        info = self.sample(spec.sample_id)
        assert info is not None
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
        return [
            SampleInfo(
                sample_id=row[0],
                spec=SampleSpec(row[1], row[2], row[3], row[4], row[5]),
                population=row[6],
                items=row[7],
                created_by=row[8],
                created_at=row[9],
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
        self, sample_id: str, position: int, annotator: str, human_correct: bool, note: str = ""
    ) -> Judgement:
        """Record (commit) an annotator's judgement of one item, replacing their earlier word."""
        created_at = _now()
        with self._transaction() as db:
            db.execute(
                "INSERT INTO judgements (sample_id, position, annotator, human_correct, note, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?)",
                [sample_id, position, annotator, int(human_correct), note, created_at],
            )
        return Judgement(position, annotator, human_correct, note, created_at)

    def judgements(self, sample_id: str) -> dict[str, dict[int, Judgement]]:
        """Each annotator's latest judgement of each item: ``{annotator: {position: ...}}``."""
        rows = self._rows(
            "SELECT position, annotator, human_correct, note, created_at "
            "FROM current_judgements WHERE sample_id = ? ORDER BY annotator, position",
            [sample_id],
        )
        found: dict[str, dict[int, Judgement]] = {}
        for position, annotator, correct, note, created_at in rows:
            found.setdefault(annotator, {})[position] = Judgement(
                position, annotator, bool(correct), note, created_at
            )
        return found

    def human_labels(self, annotator: str) -> dict[tuple[str, str, int], bool]:
        """The annotator's latest judgement of each response they judged, in any sample."""
        rows = self._rows(
            "SELECT i.generation_key, i.problem_id, i.sample_index, j.human_correct "
            "FROM current_judgements j JOIN sample_items i "
            "ON i.sample_id = j.sample_id AND i.position = j.position "
            "WHERE j.annotator = ? ORDER BY j.id",
            [annotator],
        )
        return {(row[0], row[1], row[2]): bool(row[3]) for row in rows}

    def export_sample(self, sample_id: str, output: Path) -> int:
        """One JSON line per item: the response, the checker's verdict and every annotator's
        judgement. Returns the number of lines written."""
        info = self.sample(sample_id)
        if info is None:
            raise MathbenchError(f"No sample {sample_id!r} in {self.path}.")
        judged = self.judgements(sample_id)
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
                            "correct": by_position[item.position].human_correct,
                            "note": by_position[item.position].note,
                            "at": by_position[item.position].created_at,
                        }
                        for annotator, by_position in sorted(judged.items())
                        if item.position in by_position
                    ],
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
        """Insert a variant, or update ``variant_id`` in place (its author and creation time
        stay). Committed before returning."""
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
            else:
                db.execute(
                    "UPDATE variants SET text = ?, distractors = ?, numbers_added = ?, "
                    "golden_confirmed = ?, updated_at = ? WHERE variant_id = ?",
                    [text, len(numbers_added), added, int(golden_confirmed), now, variant_id],
                )
        saved = self.variant(variant_id)
        assert saved is not None
        return saved

    def variant(self, variant_id: int) -> Variant | None:
        found = self._variants("WHERE variant_id = ?", [variant_id])
        return found[0] if found else None

    def variants(self, original: str | None = None) -> list[Variant]:
        """Every variant (of the original text ``original`` when given), in authoring order."""
        if original is None:
            return self._variants("", [])
        return self._variants("WHERE original = ?", [original])

    def _variants(self, where: str, params: Sequence[Any]) -> list[Variant]:
        rows = self._rows(
            "SELECT variant_id, benchmark, original_id, original, golden, annotations, text, "
            "distractors, numbers_added, golden_confirmed, author, created_at, updated_at "
            f"FROM variants {where} ORDER BY variant_id",
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
