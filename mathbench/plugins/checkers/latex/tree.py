"""The tree an answer is parsed into: frozen dataclasses made of plain values.

Separate because every other step reads it, and because it must pickle: the ``Proof``s that
hold these nodes cross a pipe to the sympy worker (the checkers' ``sympy_worker``), which
finds their classes by this module's path.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Literal


@dataclass(frozen=True, slots=True)
class Number:
    """A written number; ``places`` is the count of decimals written (None for an integer)."""

    value: Fraction
    places: int | None = None


@dataclass(frozen=True, slots=True)
class Symbol:
    name: str


@dataclass(frozen=True, slots=True)
class Constant:
    name: Literal["pi", "e", "i", "oo"]


@dataclass(frozen=True, slots=True)
class Add:
    terms: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Mul:
    factors: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Pow:
    base: Node
    exponent: Node


@dataclass(frozen=True, slots=True)
class Call:
    """A whitelisted function: trigonometry, logarithms, ``abs``, ``factorial``, ``binom``."""

    name: str
    args: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class PlusMinus:
    """``center ± offset``: an answer that stands for two values."""

    center: Node
    offset: Node


@dataclass(frozen=True, slots=True)
class Group:
    """``(a, b)``, ``[a, b)``, ``\\{a, b\\}``: tuples and intervals keep order, sets do not."""

    opening: str
    closing: str
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class AnswerList:
    """Answers separated by commas at the top level (``3, 5, 7``): order does not matter."""

    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Union:
    parts: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Matrix:
    rows: tuple[tuple[Node, ...], ...]


@dataclass(frozen=True, slots=True)
class Relation:
    """``a = b``, ``a < b < c``, ``x \\in S``: ``ops[k]`` stands between ``sides[k]`` and
    ``sides[k + 1]``."""

    ops: tuple[str, ...]
    sides: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Text:
    words: str


Node = (
    Number
    | Symbol
    | Constant
    | Add
    | Mul
    | Pow
    | Call
    | PlusMinus
    | Group
    | AnswerList
    | Union
    | Matrix
    | Relation
    | Text
)
_EXPRESSION_TYPES = (Number, Symbol, Constant, Add, Mul, Pow, Call)
