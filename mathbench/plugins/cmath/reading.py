"""Reading the CMATH JSONL files into ``Problem``s.

The readers take a path, not a ``DataFile``, so that tests can feed them small hand-written files
whose checksums no benchmark pins. Lines are read with ``mathbench.datafiles.read_jsonl``: a line
that does not have the expected shape stops the reading with a ``MathbenchError`` naming the file,
the line (1-based, as editors count) and the field.

Problem ids come from the line index (``dev-0000`` is the first line of the dev file). That is
stable because the benchmark pins each file by checksum, and it keeps the test set's duplicate
problem (lines 943 and 961) as two problems, as the paper counts them.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from mathbench.datafiles import Record, read_jsonl
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
    block_start, block_original = "", ""
    for index, line in enumerate(read_jsonl(path)):
        number, distractor = divmod(index, ROWS_PER_ORIGINAL)
        grade = index // ROWS_PER_GRADE + 1
        if grade not in GRADES:
            raise MathbenchError(
                f"{path}, {line.place}: the distractor file ends after "
                f"{len(GRADES) * ROWS_PER_GRADE} rows (60 per grade), but this line continues it."
            )
        if line.integer("distractor", DISTRACTOR_COUNTS) != distractor:
            raise line.error(
                "distractor",
                f"must be {distractor} (each original has 6 rows in order, with 0 to 5 "
                f"distractors), got {line.value('distractor')!r}",
            )
        original = _text(line, "original")
        if distractor == 0:
            block_start, block_original = line.place, original
        elif original != block_original:
            raise line.error("original", f"differs from {block_start}, which starts its block")
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
                text=_text(line, "input"),
                golden=line.string("golden"),
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
            text=_text(line, text_field),
            # The answer exactly as written: checkers decide how to read it.
            golden=line.string("golden"),
            split=split,
            annotations={
                "grade": line.integer("grade", GRADES),
                "reasoning_step": _positive(line, "reasoning_step"),
                "num_digits": _positive(line, "num_digits"),
            },
        )
        for index, line in enumerate(read_jsonl(path))
    ]


def _text(line: Record, field: str) -> str:
    """A problem text without surrounding whitespace (test line 904 has stray spaces)."""
    return line.string(field).strip()


def _positive(line: Record, field: str) -> int:
    """A count of steps or digits: a problem has at least one of each."""
    value = line.integer(field)
    if value < 1:
        raise line.error(field, f"must be a positive integer, got {value}")
    return value
