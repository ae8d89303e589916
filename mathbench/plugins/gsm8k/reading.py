"""Reading the GSM8K JSONL file into ``Problem``s.

Each line holds a ``question`` and an ``answer``; the answer is a worked solution whose last line is
``#### 18``. The golden answer is what follows the last ``#### `` with thousands commas removed, as
the reference extractor in openai/grade-school-math does. The worked solution is kept as the
``solution`` annotation, without that final line and without the calculator annotations
(``<<48/2=24>>``) that the authors' training format adds, so that a reviewer reads what a teacher
wrote and the ``fewshot`` template can show it as a worked example.

The reader takes a path, not a ``DataFile``, so that tests can feed it small hand-written files.
Lines are read with ``mathbench.datafiles.read_jsonl``: a line that does not have the expected
shape stops the reading with a ``MathbenchError`` naming the file, the line (1-based, as editors
count) and the field. Problem ids come from the line index (``test-0000`` is the first
line), which is stable because the benchmark pins the file by checksum.
"""

from __future__ import annotations

import re
from pathlib import Path

from mathbench.datafiles import Record, read_jsonl
from mathbench.types import Problem

ANSWER_MARK = "#### "
_CALCULATOR = re.compile(r"<<[^<>]*>>")
#: Every GSM8K answer is an integer (two are negative); a decimal is allowed so that a corrected
#: edition of the file would still read, but anything else means the line is not what we expect.
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def read_test(path: Path) -> list[Problem]:
    """The test split: 1319 problems in the pinned file."""
    problems = []
    for index, line in enumerate(read_jsonl(path)):
        solution, golden = _split_answer(line)
        problems.append(
            Problem(
                id=f"test-{index:04d}",
                text=line.string("question").strip(),
                golden=golden,
                split="test",
                annotations={"solution": solution},
            )
        )
    return problems


def _split_answer(line: Record) -> tuple[str, str]:
    """The worked solution (calculator annotations stripped) and the golden answer of a line."""
    answer = line.string("answer")
    worked, mark, final = answer.rpartition(ANSWER_MARK)
    golden = final.strip().replace(",", "")
    if not mark or not _NUMBER.fullmatch(golden):
        raise line.error(
            "answer", f"must end with {ANSWER_MARK!r} and a number, got ...{answer[-40:]!r}"
        )
    return _CALCULATOR.sub("", worked).strip(), golden
