"""What annotators said about the checker's verdicts, read (never written) from their file.

The reviewer (``mathbench review``) keeps human judgements in an SQLite file beside the results:
``results.duckdb`` -> ``results.annotations.sqlite``, or ``$MATHBENCH_ANNOTATIONS``. Reports show
how far the automatic grading can be trusted (the CMATH paper's hand-checked 96% precision and 98%
recall) without importing the reviewer, which is an optional extra: this module reads that file's
tables with SQL only, opened read-only so that a report never changes, creates or locks it while
annotators are working.

"Positive" means *judged correct*, as in the reviewer: precision is the share of responses the
checker calls correct that a human also calls correct; recall is the share of responses a human
calls correct that the checker also calls correct. An annotator's "unsure" is counted apart, in
no ratio. Where annotators disagreed and somebody adjudicated, ``consensus_agreement`` takes the
resolved label; per annotator, ``checker_agreement`` keeps each annotator's own word.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from mathbench.errors import MathbenchError
from mathbench.results.annotations import ANNOTATIONS_ENV
from mathbench.results.intervals import Confusion

#: Each annotator's latest word on each response sampled from a run under a checker. A response
#: drawn into several samples counts once: its latest judgement (``ORDER BY j.id``) wins.
#: ``{verdict}`` is the ``verdict`` column where the file has it ("correct", "incorrect",
#: "unsure"), else derived from ``human_correct`` (files written before unsure existed).
_JUDGEMENTS_SQL = """
SELECT j.annotator, i.generation_key, i.problem_id, i.sample_index,
       i.checker_correct, {verdict}
FROM current_judgements j
JOIN sample_items i ON i.sample_id = j.sample_id AND i.position = j.position
JOIN samples s ON s.sample_id = j.sample_id
WHERE s.run_id = ? AND s.checker = ?
ORDER BY j.id
"""

_OLD_VERDICT = "CASE WHEN j.human_correct THEN 'correct' ELSE 'incorrect' END"

#: The resolved label of each adjudicated response sampled from a run under a checker.
_ADJUDICATIONS_SQL = """
SELECT i.generation_key, i.problem_id, i.sample_index, a.human_correct
FROM current_adjudications a
JOIN sample_items i ON i.sample_id = a.sample_id AND i.position = a.position
JOIN samples s ON s.sample_id = a.sample_id
WHERE s.run_id = ? AND s.checker = ?
ORDER BY a.id
"""

_Response = tuple[str, str, int]


@dataclass(frozen=True)
class CheckerAgreement(Confusion):
    """One annotator's judgements of a run's responses against the checker's verdicts."""

    annotator: str = ""
    #: Responses the annotator judged "unsure" (skipped): in no ratio, and not in ``judged``.
    unsure: int = 0

    @property
    def judged(self) -> int:
        return self.total


def checker_agreement(path: Path, run_id: str, checker: str) -> list[CheckerAgreement]:
    """Per annotator (by name), how the run's checker fared against their judgements; empty when
    there is no annotations file or nobody judged this run's responses under ``checker``."""
    with _reading(path) as connection:
        latest = _latest_verdicts(connection, run_id, checker)
    return [
        _counted(annotator, by_response.values())
        for annotator, by_response in sorted(latest.items())
    ]


@dataclass(frozen=True)
class ConsensusAgreement(CheckerAgreement):
    """The checker against the annotators taken together: per response, the adjudicated label
    where there is one, else the label every annotator who was not unsure gave. ``unresolved``
    counts responses on which annotators disagree and nobody adjudicated (in no ratio)."""

    unresolved: int = 0
    adjudicated: int = 0


def consensus_agreement(path: Path, run_id: str, checker: str) -> ConsensusAgreement | None:
    """The run's checker against the annotators' consensus (see ``ConsensusAgreement``); None
    when nobody judged this run's responses under ``checker``."""
    with _reading(path) as connection:
        latest = _latest_verdicts(connection, run_id, checker)
        resolved = _adjudicated(connection, run_id, checker)
    words: dict[_Response, list[tuple[bool, str]]] = {}
    for by_response in latest.values():
        for response, word in by_response.items():
            words.setdefault(response, []).append(word)
    if not words:
        return None
    pairs: list[tuple[bool, str]] = []
    unresolved = adjudicated = 0
    for response, said in words.items():
        checker_correct = said[0][0]
        if response in resolved:
            adjudicated += 1
            pairs.append((checker_correct, _VERDICT[resolved[response]]))
            continue
        labels = {verdict for _, verdict in said if verdict != "unsure"}
        if len(labels) > 1:
            unresolved += 1
        else:
            pairs.append((checker_correct, labels.pop() if labels else "unsure"))
    counted = _counted("consensus", pairs)
    return ConsensusAgreement(
        annotator=counted.annotator,
        true_positive=counted.true_positive,
        false_positive=counted.false_positive,
        false_negative=counted.false_negative,
        true_negative=counted.true_negative,
        unsure=counted.unsure,
        unresolved=unresolved,
        adjudicated=adjudicated,
    )


_VERDICT = {True: "correct", False: "incorrect"}


@contextmanager
def _reading(path: Path) -> Iterator[sqlite3.Connection | None]:
    """The file opened read-only, or None when there is none; errors become one sentence."""
    if not path.is_file():
        yield None
        return
    try:
        connection = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error as error:
        raise _unreadable(path, error) from None
    try:
        yield connection
    except sqlite3.Error as error:
        raise _unreadable(path, error) from None
    finally:
        connection.close()


def _columns(connection: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}


def _latest_verdicts(
    connection: sqlite3.Connection | None, run_id: str, checker: str
) -> dict[str, dict[_Response, tuple[bool, str]]]:
    """``{annotator: {response: (checker_correct, verdict)}}``, each annotator's latest word; a
    response drawn into several samples counts once (its latest judgement wins)."""
    if connection is None or "judgements" not in _tables(connection):
        return {}  # no file, or created but never used by the reviewer
    has_verdict = "verdict" in _columns(connection, "judgements")
    sql = _JUDGEMENTS_SQL.format(verdict="j.verdict" if has_verdict else _OLD_VERDICT)
    latest: dict[str, dict[_Response, tuple[bool, str]]] = {}
    for annotator, key, problem_id, sample_index, checker_correct, verdict in connection.execute(
        sql, [run_id, checker]
    ):
        by_response = latest.setdefault(annotator, {})
        by_response[(key, problem_id, sample_index)] = (bool(checker_correct), verdict)
    return latest


def _adjudicated(
    connection: sqlite3.Connection | None, run_id: str, checker: str
) -> dict[_Response, bool]:
    if connection is None or "adjudications" not in _tables(connection):
        return {}
    rows = connection.execute(_ADJUDICATIONS_SQL, [run_id, checker])
    return {(key, problem_id, index): bool(correct) for key, problem_id, index, correct in rows}


def _tables(connection: sqlite3.Connection) -> set[str]:
    return {
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"
        )
    }


def _counted(annotator: str, pairs: Iterable[tuple[bool, str]]) -> CheckerAgreement:
    verdicts = [(checker, verdict) for checker, verdict in pairs]
    return CheckerAgreement(
        annotator=annotator,
        true_positive=verdicts.count((True, "correct")),
        false_positive=verdicts.count((True, "incorrect")),
        false_negative=verdicts.count((False, "correct")),
        true_negative=verdicts.count((False, "incorrect")),
        unsure=sum(verdict == "unsure" for _, verdict in verdicts),
    )


def _unreadable(path: Path, error: sqlite3.Error) -> MathbenchError:
    return MathbenchError(
        f"Cannot read the annotations file {path} ({error}); pass --annotations with another "
        f"file, or set {ANNOTATIONS_ENV}."
    )
