"""Reading the MATH test file and the MATH-500 file into ``Problem``s.

The two files name the same things differently, and the readers give both the same shape:

* subject: ``type`` in the test file, ``subject`` in MATH-500 -> annotation ``subject``;
* level: ``"Level 3"`` in the test file, ``3`` in MATH-500 -> annotation ``level``, an int 1-5.
  MATH marks a few unrated problems of its train split ``"Level ?"``; such a problem keeps
  ``level`` None (reports show it as its own group) instead of failing the file or being given a
  guessed level. Any other value is an error;
* golden answer: MATH-500's ``answer``, as written; the test file has none, so it is the content of
  the last ``\\boxed{...}`` of the solution, as the MATH authors' own grader reads it;
* the worked ``solution`` is kept as an annotation, for reviewers and the ``fewshot`` template.

Ids are the datasets' own: ``test-0000`` from the test file's ``idx`` (added by the mirror that
publishes it), and MATH-500's ``unique_id`` (``test/precalculus/807.json``, the problem's path in
the original MATH archive). The two forms never collide, which matters because a benchmark's
problem ids are unique across its splits.

The readers take a path, not a ``DataFile``, so that tests can feed them small hand-written files.
Lines are read with ``mathbench.datafiles.read_jsonl``: a line that does not have the expected shape
stops the reading with a ``MathbenchError`` naming the file, the line (1-based, as editors count)
and the field.
"""

from __future__ import annotations

import re
from pathlib import Path

from mathbench.datafiles import Record, read_jsonl
from mathbench.types import Problem

LEVELS = range(1, 6)
_LEVEL_NAME = re.compile(r"Level ([1-5?])")
_BOXED = "\\boxed{"


def read_test(path: Path) -> list[Problem]:
    """The full MATH test split (5000 problems); golden answers come from the solutions."""
    problems: list[Problem] = []
    first_line: dict[int, str] = {}
    for line in read_jsonl(path):
        idx = _idx(line)
        if idx in first_line:
            raise line.error("idx", f"repeats {idx} from {first_line[idx]}")
        first_line[idx] = line.place
        solution = line.string("solution")
        golden = last_boxed(solution)
        if golden is None or not golden.strip():
            raise line.error("solution", "has no \\boxed{...} with balanced braces and content")
        problems.append(
            Problem(
                id=f"test-{idx:04d}",
                text=line.string("problem").strip(),
                golden=golden,
                split="test",
                annotations={
                    "subject": line.string("type"),
                    "level": _level(line),
                    "idx": idx,
                    "solution": solution,
                },
            )
        )
    return problems


def read_math500(path: Path) -> list[Problem]:
    """MATH-500, the 500-problem subset of the test split from PRM800K, with its ``answer``s."""
    problems: list[Problem] = []
    first_line: dict[str, str] = {}
    for line in read_jsonl(path):
        unique_id = line.string("unique_id")
        if unique_id in first_line:
            raise line.error("unique_id", f"repeats {unique_id!r} from {first_line[unique_id]}")
        first_line[unique_id] = line.place
        problems.append(
            Problem(
                id=unique_id,
                text=line.string("problem").strip(),
                golden=line.string("answer"),
                split="math500",
                annotations={
                    "subject": line.string("subject"),
                    "level": _level(line),
                    "unique_id": unique_id,
                    "solution": line.string("solution"),
                },
            )
        )
    return problems


def last_boxed(solution: str) -> str | None:
    """The content of the last ``\\boxed{...}`` in ``solution``, or None when there is none or its
    braces do not close. Escaped braces (``\\{``, ``\\}``) are content, not nesting."""
    start = solution.rfind(_BOXED)
    if start < 0:
        return None
    content = start + len(_BOXED)
    depth = 1
    position = content
    while position < len(solution):
        char = solution[position]
        if char == "\\":
            position += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return solution[content:position]
        position += 1
    return None


def _idx(line: Record) -> int:
    """The test file's own problem number, which makes the problem's id: a non-negative integer
    (not ``true``, although Python's bool is an int), with one message for either fault."""
    value = line.value("idx")
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise line.error("idx", f"must be a non-negative integer, got {value!r}")
    return value


def _level(line: Record) -> int | None:
    """The difficulty, 1 to 5, from either file's form; None for MATH's unrated "Level ?"."""
    value = line.value("level")
    if isinstance(value, int) and not isinstance(value, bool) and value in LEVELS:
        return value
    match = _LEVEL_NAME.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise line.error(
            "level", f"must be 1 to 5, 'Level 1' to 'Level 5' or 'Level ?', got {value!r}"
        )
    return None if match[1] == "?" else int(match[1])
