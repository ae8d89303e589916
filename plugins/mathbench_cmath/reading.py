"""Reading the CMATH JSONL files into ``Problem``s.

The readers take a path, not a ``DataFile``, so that tests can feed them small hand-written files
whose checksums no benchmark pins. A line that does not have the expected shape stops the reading
with a ``MathbenchError`` naming the file, the line (1-based, as editors count) and the field:
skipping it would silently change the denominator of every accuracy.

Problem ids come from the line index (``dev-0000`` is the first line of the dev file). That is
stable because the benchmark pins each file by checksum, and it keeps the test set's duplicate
problem (lines 943 and 961) as two problems, as the paper counts them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from mathbench.errors import MathbenchError
from mathbench.types import AnnotationValue, Problem

GRADES = range(1, 7)
DISTRACTOR_COUNTS = range(6)
#: The distractor file holds, per grade, 10 originals of 6 rows each (0 to 5 distractors).
ROWS_PER_ORIGINAL = len(DISTRACTOR_COUNTS)
ROWS_PER_GRADE = 60


def read_dev(path: Path) -> list[Problem]:
    """The dev split (600 problems, 100 per grade); the text is in the field ``input``."""
    return _read_graded(path, split="dev", text_field="input")


def read_test(path: Path) -> list[Problem]:
    """The test split (1098 problems); the text is in the field ``question``."""
    return _read_graded(path, split="test", text_field="question")


def read_distractor(path: Path, source_ids: Mapping[str, str]) -> list[Problem]:
    """The distractor set: 60 originals, each with 0 to 5 irrelevant facts added.

    The file has no grade field; it is ordered by grade with 60 rows per grade, so the grade is
    ``row // 60 + 1``. ``source_ids`` maps a problem text to its dev/test id, to record which
    original is also a regular CMATH problem.
    """
    problems: list[Problem] = []
    block_start, block_original = 0, ""
    for index, line in enumerate(_lines(path)):
        number, distractor = divmod(index, ROWS_PER_ORIGINAL)
        grade = index // ROWS_PER_GRADE + 1
        if grade not in GRADES:
            raise MathbenchError(
                f"{path}, line {line.number}: the distractor file ends after "
                f"{len(GRADES) * ROWS_PER_GRADE} rows (60 per grade), but this line continues it."
            )
        if line.integer("distractor", DISTRACTOR_COUNTS) != distractor:
            raise line.error(
                "distractor",
                f"must be {distractor} (each original has 6 rows in order, with 0 to 5 "
                f"distractors), got {line.record['distractor']!r}",
            )
        original = line.text("original")
        if distractor == 0:
            block_start, block_original = line.number, original
        elif original != block_original:
            raise line.error("original", f"differs from line {block_start}, which starts its block")
        original_id = f"d{number:03d}-0"
        annotations: dict[str, AnnotationValue] = {
            "distractor": distractor,
            "grade": grade,
            "original_id": original_id,
        }
        source_id = source_ids.get(original)
        if source_id is not None:
            annotations["source_id"] = source_id
        problems.append(
            Problem(
                id=f"d{number:03d}-{distractor}",
                text=line.text("input"),
                golden=line.golden(),
                split="test",
                annotations=annotations,
            )
        )
    if len(problems) % ROWS_PER_ORIGINAL:
        raise MathbenchError(
            f"{path} ends inside a block: it has {len(problems)} rows, not a multiple of 6 "
            f"(each original comes with 0 to 5 distractors)."
        )
    return problems


def _read_graded(path: Path, *, split: str, text_field: str) -> list[Problem]:
    return [
        Problem(
            id=f"{split}-{index:04d}",
            text=line.text(text_field),
            golden=line.golden(),
            split=split,
            annotations={
                "grade": line.integer("grade", GRADES),
                "reasoning_step": line.integer("reasoning_step", None),
                "num_digits": line.integer("num_digits", None),
            },
        )
        for index, line in enumerate(_lines(path))
    ]


@dataclass(frozen=True)
class _Line:
    """One JSON object of a JSONL file; its accessors' errors name the file, line and field."""

    path: Path
    number: int
    record: dict[str, object]

    def error(self, field: str, problem: str) -> MathbenchError:
        return MathbenchError(f"{self.path}, line {self.number}: field {field!r} {problem}.")

    def _value(self, field: str) -> object:
        if field not in self.record:
            raise self.error(field, "is missing")
        return self.record[field]

    def text(self, field: str) -> str:
        """A problem text without surrounding whitespace (test line 904 has stray spaces)."""
        value = self._value(field)
        if not isinstance(value, str) or not value.strip():
            raise self.error(field, f"must be a non-empty string, got {value!r}")
        return value.strip()

    def golden(self) -> str:
        """The answer exactly as written: checkers decide how to read it."""
        value = self._value("golden")
        if not isinstance(value, str) or not value.strip():
            raise self.error("golden", f"must be a non-empty string, got {value!r}")
        return value

    def integer(self, field: str, allowed: range | None) -> int:
        """An integer in ``allowed``, or any positive integer when ``allowed`` is None."""
        value = self._value(field)
        # bool is an int subclass, but ``true`` in a grade field is a broken file, not grade 1.
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(field, f"must be an integer, got {value!r}")
        if allowed is None and value < 1:
            raise self.error(field, f"must be a positive integer, got {value}")
        if allowed is not None and value not in allowed:
            raise self.error(
                field, f"must be from {allowed.start} to {allowed.stop - 1}, got {value}"
            )
        return value


def _lines(path: Path) -> Iterator[_Line]:
    with path.open("rb") as stream:
        for number, raw in enumerate(stream, start=1):
            try:
                record = json.loads(raw)
            except (UnicodeDecodeError, json.JSONDecodeError) as error:
                raise MathbenchError(
                    f"{path}, line {number}: not a valid UTF-8 JSON line ({error})."
                ) from error
            if not isinstance(record, dict):
                raise MathbenchError(f"{path}, line {number}: expected a JSON object per line.")
            yield _Line(path, number, record)
