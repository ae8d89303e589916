"""Reading the Math401 file into ``Problem``s.

``math401.json`` is JSON Lines despite its name: one ``{"query": "1+1=", "response": "2"}`` per
line. It has no group field; the authors' README defines the set as Euler's identity followed by
16 groups of 25 problems, in file order, so line 0 (0-based) is group 0 and line ``i`` is group
``(i - 1) // 25 + 1``. That derivation only holds for exactly 401 lines, so any other length is an
error rather than a set of mislabelled groups.

The query is the problem text without its leading spaces (group 14 has some); the response is the
golden answer as written (non-integers are rounded to 4 decimals, ``0.1180``, which is why the
benchmark's checker accepts |answer - golden| < 1e-3, the paper's own criterion).

The reader takes a path, not a ``DataFile``, so that tests can feed it small hand-written files.
Lines are read with ``mathbench.datafiles.read_jsonl``: a line that does not have the expected
shape stops the reading with a ``MathbenchError`` naming the file, the line (1-based, as editors
count) and the field. Problem ids come from the line index
(``test-000`` is Euler's identity), stable because the benchmark pins the file by checksum; the 8
queries that appear in two groups stay two problems, as the paper counts them.
"""

from __future__ import annotations

from pathlib import Path

from mathbench.datafiles import read_jsonl
from mathbench.errors import MathbenchError
from mathbench.types import Problem

GROUP_SIZE = 25
#: Group names in file order, from the authors' README; group 0 is the single Euler problem.
GROUP_NAMES = (
    "Euler's identity",
    "add/sub of integers within 10",
    "add/sub of integers within 100",
    "add/sub of integers within 1,000",
    "add/sub of integers within 1e12",
    "add/sub of integers within -10..10",
    "add/sub of decimals within -100..100",
    "multiply integers within 100",
    "multiply decimals within 10",
    "multiply integers within 100,000",
    "division of integers within 100",
    "integer exponentiation",
    "decimal exponentiation",
    "add/sub/multiply with e or pi",
    "long expressions with brackets",
    "trigonometry",
    "logarithms",
)
PROBLEMS = 1 + (len(GROUP_NAMES) - 1) * GROUP_SIZE


def group_of(index: int) -> int:
    """The group of the 0-based line ``index``: 0 for Euler's identity, then 1 to 16."""
    return 0 if index == 0 else (index - 1) // GROUP_SIZE + 1


def read_math401(path: Path) -> list[Problem]:
    """The 401 problems, with annotations ``group`` (0-16) and ``group_name``."""
    problems: list[Problem] = []
    # An empty file is one more wrong length, which the count below names in Math401's terms.
    for index, line in enumerate(read_jsonl(path, allow_empty=True)):
        if index == PROBLEMS:
            raise MathbenchError(
                f"{path}, {line.place}: Math401 ends after {PROBLEMS} problems (Euler's "
                f"identity and 16 groups of 25), but this line continues it."
            )
        group = group_of(index)
        problems.append(
            Problem(
                id=f"test-{index:03d}",
                text=line.string("query").strip(),
                golden=line.string("response"),
                split="test",
                annotations={"group": group, "group_name": GROUP_NAMES[group]},
            )
        )
    if len(problems) != PROBLEMS:
        raise MathbenchError(
            f"{path} has {len(problems)} problems, not {PROBLEMS} (Euler's identity and 16 groups "
            f"of 25): its groups cannot be told apart."
        )
    return problems
