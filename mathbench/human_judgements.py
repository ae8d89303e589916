"""What annotators said about the checker's verdicts, read (never written) from their file.

The reviewer (``mathbench review``) keeps human judgements in an SQLite file beside the results:
``results.duckdb`` -> ``results.annotations.sqlite``, or ``$MATHBENCH_ANNOTATIONS``. Reports show
how far the automatic grading can be trusted (the CMATH paper's hand-checked 96% precision and 98%
recall) without importing the reviewer, which is an optional extra: this module reads that file's
tables with SQL only, opened read-only so that a report never changes, creates or locks it while
annotators are working.

"Positive" means *judged correct*, as in the reviewer: precision is the share of responses the
checker calls correct that a human also calls correct; recall is the share of responses a human
calls correct that the checker also calls correct.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from mathbench.errors import MathbenchError
from mathbench.results.annotations import ANNOTATIONS_ENV
from mathbench.results.intervals import wilson_interval

#: Each annotator's latest word on each response sampled from a run under a checker. A response
#: drawn into several samples counts once: its latest judgement (``ORDER BY j.id``) wins.
_JUDGEMENTS_SQL = """
SELECT j.annotator, i.generation_key, i.problem_id, i.sample_index,
       i.checker_correct, j.human_correct
FROM current_judgements j
JOIN sample_items i ON i.sample_id = j.sample_id AND i.position = j.position
JOIN samples s ON s.sample_id = j.sample_id
WHERE s.run_id = ? AND s.checker = ?
ORDER BY j.id
"""


@dataclass(frozen=True)
class Ratio:
    """``hits`` out of ``of``, with its 95% Wilson interval (None when ``of`` is 0)."""

    hits: int
    of: int

    @property
    def value(self) -> float | None:
        return self.hits / self.of if self.of else None

    @property
    def interval(self) -> tuple[float, float] | None:
        return wilson_interval(self.hits, self.of)

    def describe(self) -> str:
        """``"96.0% [91.6, 98.2] (96/100)"``, or ``"- (0/0)"``: the reviewer's wording."""
        value, interval = self.value, self.interval
        if value is None or interval is None:
            return f"- ({self.hits}/{self.of})"
        low, high = interval
        return f"{value:.1%} [{low * 100:.1f}, {high * 100:.1f}] ({self.hits}/{self.of})"


@dataclass(frozen=True)
class CheckerAgreement:
    """One annotator's judgements of a run's responses against the checker's verdicts."""

    annotator: str
    true_positive: int
    false_positive: int
    false_negative: int
    true_negative: int

    @property
    def judged(self) -> int:
        return self.true_positive + self.false_positive + self.false_negative + self.true_negative

    @property
    def precision(self) -> Ratio:
        return Ratio(self.true_positive, self.true_positive + self.false_positive)

    @property
    def recall(self) -> Ratio:
        return Ratio(self.true_positive, self.true_positive + self.false_negative)


def checker_agreement(path: Path, run_id: str, checker: str) -> list[CheckerAgreement]:
    """Per annotator (by name), how the run's checker fared against their judgements; empty when
    there is no annotations file or nobody judged this run's responses under ``checker``."""
    if not path.is_file():
        return []
    try:
        connection = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error as error:
        raise _unreadable(path, error) from None
    try:
        rows = connection.execute(_JUDGEMENTS_SQL, [run_id, checker]).fetchall()
    except sqlite3.OperationalError as error:
        if "no such table" in str(error):  # created but never used by the reviewer
            return []
        raise _unreadable(path, error) from None
    except sqlite3.Error as error:
        raise _unreadable(path, error) from None
    finally:
        connection.close()
    latest: dict[str, dict[tuple[str, str, int], tuple[bool, bool]]] = {}
    for annotator, key, problem_id, sample_index, checker_correct, human_correct in rows:
        by_response = latest.setdefault(annotator, {})
        by_response[(key, problem_id, sample_index)] = (bool(checker_correct), bool(human_correct))
    found = []
    for annotator, pairs in sorted(latest.items()):
        verdicts = list(pairs.values())
        found.append(
            CheckerAgreement(
                annotator=annotator,
                true_positive=verdicts.count((True, True)),
                false_positive=verdicts.count((True, False)),
                false_negative=verdicts.count((False, True)),
                true_negative=verdicts.count((False, False)),
            )
        )
    return found


def _unreadable(path: Path, error: sqlite3.Error) -> MathbenchError:
    return MathbenchError(
        f"Cannot read the annotations file {path} ({error}); pass --annotations with another "
        f"file, or set {ANNOTATIONS_ENV}."
    )
