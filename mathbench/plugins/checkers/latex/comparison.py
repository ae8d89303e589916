"""Comparison: whether an answer tree equals a golden tree, as a MATH grader would judge it,
and the ``Proof`` obligations left for sympy where only random evaluation supports it.

Separate because it is policy (what counts as the same answer) on top of the mechanics of
parsing and evaluation. ``Proof`` is pickled to the sympy worker, which finds the class by this
module's path.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from mathbench.plugins.checkers.latex.evaluation import Value, _context, evaluate, free_symbols
from mathbench.plugins.checkers.latex.limits import (
    RANDOM_POINTS,
    RELATIVE_TOLERANCE,
    EvaluationError,
)
from mathbench.plugins.checkers.latex.parser import _negate
from mathbench.plugins.checkers.latex.tree import (
    _EXPRESSION_TYPES,
    Add,
    AnswerList,
    Group,
    Matrix,
    Mul,
    Node,
    Number,
    PlusMinus,
    Relation,
    Symbol,
    Text,
    Union,
)
from mathbench.plugins.checkers.numerals import format_value
from mathbench.plugins.checkers.policy import Rounding, correctly_rounded


@dataclass(frozen=True, slots=True)
class Proof:
    """An identity that random evaluation supports and sympy must confirm.

    ``kind`` is ``"expression"`` (golden - answer simplifies to 0) or ``"equation"`` (the two
    equations' sides differ by a non-zero constant factor).
    """

    kind: Literal["expression", "equation"]
    golden: Node
    answer: Node


@dataclass(frozen=True, slots=True)
class Judgement:
    """``equal`` (pending ``proofs``, if any), ``different`` or ``unknown``, with a reason."""

    verdict: Literal["equal", "different", "unknown"]
    reason: str
    proofs: tuple[Proof, ...] = ()
    #: For two equations: the constant factor between the golden one's and the answer's
    #: ``left - right`` (1 when written alike), which a question asking for a form cares about.
    factor: Value | None = None


def compare(golden: Node, answer: Node, rounding: Rounding = Rounding.EXACT) -> Judgement:
    """Whether an answer tree equals a golden tree, as a MATH grader would judge it.

    ``rounding`` (``policy.Rounding``) says whether a correctly rounded decimal counts for a
    value with no terminating decimal form: ``EXACT`` (MATH asks for exact answers) or
    ``CORRECT``."""
    golden, answer = _unwrap_assignment(golden, answer), _unwrap_assignment(answer, golden)
    golden, answer = _scaled_matrix(golden), _scaled_matrix(answer)
    answer = _assignments_as_tuple(answer, golden)
    golden_items, answer_items = _alternatives(golden), _alternatives(answer)
    if golden_items is not None or answer_items is not None:
        return _compare_unordered(
            golden_items or (golden,), answer_items or (answer,), "answers", rounding
        )
    match golden, answer:
        case Text(golden_words), Text(answer_words):
            same = _words(golden_words) == _words(answer_words)
            return Judgement("equal" if same else "different", "words compared")
        case Group(opening, closing, items), Group(a_opening, a_closing, a_items):
            if (opening, closing) != (a_opening, a_closing) or len(items) != len(a_items):
                return Judgement("different", "different brackets or lengths")
            return _compare_ordered(items, a_items, "items", rounding)
        case Union(parts), Union(a_parts):
            return _compare_unordered(parts, a_parts, "parts of the union", rounding)
        case Matrix(rows), Group("(", ")", a_items) if _vector(rows) is not None:
            # A column (or row) vector is its tuple: (-2, -14, -7).
            cells = _vector(rows) or ()
            if len(cells) != len(a_items):
                return Judgement("different", "a vector of another length")
            return _compare_ordered(cells, a_items, "entries", rounding)
        case Group("(", ")", items), Matrix(a_rows) if _vector(a_rows) is not None:
            cells = _vector(a_rows) or ()
            if len(cells) != len(items):
                return Judgement("different", "a vector of another length")
            return _compare_ordered(items, cells, "entries", rounding)
        case Matrix(rows), Matrix(a_rows):
            if len(rows) != len(a_rows) or len(rows[0]) != len(a_rows[0]):
                return Judgement("different", "matrices of different shapes")
            cells = tuple(cell for row in rows for cell in row)
            return _compare_ordered(
                cells, tuple(c for row in a_rows for c in row), "entries", rounding
            )
        case Relation(ops, sides), Relation(a_ops, a_sides):
            return _compare_relations(ops, sides, a_ops, a_sides, rounding)
    if isinstance(golden, _EXPRESSION_TYPES) and isinstance(answer, _EXPRESSION_TYPES):
        return _compare_expressions(golden, answer, rounding)
    return Judgement("different", f"a {_kind(answer)} cannot equal a {_kind(golden)}")


def same_form(judgement: Judgement) -> bool:
    """Whether equal equations are also written alike (no factor between them but 1)."""
    return judgement.factor is None or _close(judgement.factor, Fraction(1))


def _vector(rows: tuple[tuple[Node, ...], ...]) -> tuple[Node, ...] | None:
    """The entries of a matrix with one column or one row, in order; None for any other."""
    if rows and all(len(row) == 1 for row in rows):
        return tuple(row[0] for row in rows)
    if len(rows) == 1:
        return rows[0]
    return None


def _kind(node: Node) -> str:
    if isinstance(node, _EXPRESSION_TYPES):
        return "number or expression"
    if isinstance(node, Group):
        return "set" if node.opening == "{" else "tuple or interval"
    return type(node).__name__.lower()


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def _scaled_matrix(node: Node) -> Node:
    """A matrix times a scalar (``\\frac{1}{5}\\begin{pmatrix}1\\\\-3\\end{pmatrix}``) as the
    matrix of the scaled entries, which is how a golden answer writes it; any other node as it
    is."""
    if not isinstance(node, Mul):
        return node
    matrices = [factor for factor in node.factors if isinstance(factor, Matrix)]
    if len(matrices) != 1 or any(isinstance(f, Group) for f in node.factors):
        return node
    scalars = tuple(factor for factor in node.factors if not isinstance(factor, Matrix))
    rows = tuple(tuple(Mul((*scalars, cell)) for cell in row) for row in matrices[0].rows)
    return Matrix(rows)


def _unwrap_assignment(node: Node, other: Node) -> Node:
    """What an answer written as a relation says, against a golden answer that is none:
    ``x = 5`` and ``P(5) = 15`` and ``9 \\times 7 = 63`` are their last side (a worked line ends
    on its value), ``x \\in [1, 2]`` is ``[1, 2]``, and ``a \\le x \\le b`` is the interval
    ``[a, b]`` (``<`` makes an open end)."""
    if isinstance(other, Relation) or not isinstance(node, Relation):
        return node
    if all(op == "=" for op in node.ops):
        return node.sides[-1]
    if node.ops == ("in",) and isinstance(node.sides[0], Symbol):
        return node.sides[1]
    if len(node.ops) == 2 and set(node.ops) <= {"<", "<="} and free_symbols(node.sides[1]):
        opening = "[" if node.ops[0] == "<=" else "("
        closing = "]" if node.ops[1] == "<=" else ")"
        return Group(opening, closing, (node.sides[0], node.sides[2]))
    return node


def _assignments_as_tuple(answer: Node, golden: Node) -> Node:
    """``a = 1, b = -16, c = -4, d = 43`` against a golden tuple of four: the tuple of the values,
    in the order written (the order the question names the unknowns in, as models answer)."""
    if not (isinstance(golden, Group) and golden.opening == "(" and isinstance(answer, AnswerList)):
        return answer
    items = answer.items
    if len(items) != len(golden.items) or not all(
        isinstance(item, Relation) and item.ops == ("=",) and isinstance(item.sides[0], Symbol)
        for item in items
    ):
        return answer
    names = {item.sides[0] for item in items if isinstance(item, Relation)}
    if len(names) != len(items):
        return answer  # x = 1, x = 2: two values of one unknown, not a tuple
    return Group("(", ")", tuple(item.sides[1] for item in items if isinstance(item, Relation)))


def _alternatives(node: Node) -> tuple[Node, ...] | None:
    """The values of an answer that stands for several, in no order: ``3, 5``, ``\\{3, 5\\}``,
    ``1 \\pm \\sqrt 2``; None for an answer that stands for one thing."""
    match node:
        case AnswerList(items) | Group("{", "}", items):
            expanded: list[Node] = []
            for item in items:
                expanded.extend(_alternatives(item) or (item,))
            return tuple(expanded)
        case PlusMinus(center, offset):
            return (Add((center, offset)), Add((center, _negate(offset))))
    return None


def compare_in_order(golden: Node, answer: Node, rounding: Rounding = Rounding.EXACT) -> Judgement:
    """Two comma-separated lists compared item by item, for a question that asks for its values
    in an order ("the four integers in increasing order"); ``compare`` takes such lists in any."""
    match golden, answer:
        case AnswerList(items), AnswerList(a_items) if len(items) == len(a_items):
            return _compare_ordered(items, a_items, "items in order", rounding)
    return compare(golden, answer, rounding)


def _compare_ordered(
    golden: tuple[Node, ...], answer: tuple[Node, ...], what: str, rounding: Rounding
) -> Judgement:
    proofs: list[Proof] = []
    for index, (g, a) in enumerate(zip(golden, answer, strict=True)):
        judgement = compare(g, a, rounding)
        if judgement.verdict != "equal":
            return Judgement(judgement.verdict, f"{what} {index + 1}: {judgement.reason}")
        proofs.extend(judgement.proofs)
    return Judgement("equal", f"all {len(golden)} {what} equal", tuple(proofs))


def _compare_unordered(
    golden: tuple[Node, ...], answer: tuple[Node, ...], what: str, rounding: Rounding
) -> Judgement:
    if len(golden) != len(answer):
        return Judgement("different", f"{len(answer)} {what} where {len(golden)} are expected")
    remaining = list(answer)
    proofs: list[Proof] = []
    for g in golden:
        for index, a in enumerate(remaining):
            judgement = compare(g, a, rounding)
            if judgement.verdict == "equal":
                proofs.extend(judgement.proofs)
                del remaining[index]
                break
        else:
            return Judgement("different", f"no {what[:-1]} in the answer equals one expected")
    return Judgement("equal", f"all {len(golden)} {what} equal, in any order", tuple(proofs))


def _compare_relations(
    ops: tuple[str, ...],
    sides: tuple[Node, ...],
    a_ops: tuple[str, ...],
    a_sides: tuple[Node, ...],
    rounding: Rounding,
) -> Judgement:
    flipped = {"<": ">", ">": "<", "<=": ">=", ">=": "<=", "=": "=", "!=": "!="}
    if len(ops) == 1 and len(a_ops) == 1 and ops[0] == a_ops[0] == "=":
        return _compare_equations(sides, a_sides, rounding)
    if a_ops == ops:
        return _compare_ordered(sides, a_sides, "sides", rounding)
    if a_ops == tuple(flipped.get(op, op) for op in reversed(ops)):
        return _compare_ordered(sides, tuple(reversed(a_sides)), "sides", rounding)
    return Judgement("different", "different relations")


def _compare_equations(
    sides: tuple[Node, ...], a_sides: tuple[Node, ...], rounding: Rounding
) -> Judgement:
    """Two equations are the same when their ``left - right`` differ by a constant factor."""
    golden = Add((sides[0], _negate(sides[1])))
    answer = Add((a_sides[0], _negate(a_sides[1])))
    names = sorted(free_symbols(golden) | free_symbols(answer))
    if not names:
        return _compare_expressions(golden, answer, rounding)
    ratios: list[Value] = []
    for variables in _random_points(names):
        try:
            g, a = evaluate(golden, variables), evaluate(answer, variables)
        except EvaluationError:
            continue
        if _is_zero(g) or _is_zero(a):
            if _is_zero(g) != _is_zero(a):
                return Judgement("different", "the equations differ at a random point")
            continue
        ratios.append(_as_mp(g) / _as_mp(a))
    if not ratios:
        return Judgement("unknown", "the equations could not be evaluated")
    if any(not _close(ratio, ratios[0]) for ratio in ratios):
        return Judgement("different", "the equations differ at a random point")
    return Judgement(
        "equal",
        "the equations agree at random points",
        (Proof("equation", golden, answer),),
        factor=ratios[0],
    )


def _compare_expressions(golden: Node, answer: Node, rounding: Rounding) -> Judgement:
    names = sorted(free_symbols(golden) | free_symbols(answer))
    if not names:
        try:
            g = evaluate(golden)
        except EvaluationError as error:
            return Judgement("unknown", f"the golden answer: {error}")
        try:
            a = evaluate(answer)
        except EvaluationError as error:
            return Judgement("different", f"the answer: {error}")
        if _close(g, a):
            return Judgement("equal", f"{_show(a)} equals {_show(g)}")
        if rounding is Rounding.CORRECT and _rounded_decimal(g, answer):
            return Judgement("equal", f"{_show(a)} is {_show(g)} correctly rounded")
        if (
            rounding is Rounding.CORRECT
            and _rounded_decimal(a, golden)
            and not (isinstance(answer, Number) and answer.places)
        ):
            return Judgement("equal", f"{_show(g)} is {_show(a)} correctly rounded")
        return Judgement("different", f"{_show(a)} is not {_show(g)}")
    evaluated = 0
    for variables in _random_points(names):
        try:
            g = evaluate(golden, variables)
        except EvaluationError:
            continue
        try:
            a = evaluate(answer, variables)
        except EvaluationError:
            return Judgement("different", "the answer is undefined where the golden one is not")
        if not _close(g, a):
            return Judgement("different", "the expressions differ at a random point")
        evaluated += 1
    if not evaluated:
        return Judgement("unknown", "the golden expression could not be evaluated")
    return Judgement(
        "equal", "the expressions agree at random points", (Proof("expression", golden, answer),)
    )


def _random_points(names: list[str]) -> Iterator[dict[str, Value]]:
    """Up to ``2 * RANDOM_POINTS`` assignments of generic values in [0.5, 2.5], seeded by the
    names so that a verdict never changes between runs."""
    generator = random.Random(",".join(names))
    mp = _context()
    for _ in range(2 * RANDOM_POINTS):
        yield {name: mp.mpf(0.5) + 2 * mp.mpf(generator.random()) for name in names}


def _both_exact(a: Value, b: Value) -> bool:
    return isinstance(a, Fraction) and isinstance(b, Fraction)


def _is_zero(value: Value) -> bool:
    if isinstance(value, Fraction):
        return value == 0
    return bool(abs(value) <= RELATIVE_TOLERANCE)


def _close(a: Value, b: Value) -> bool:
    if _both_exact(a, b):
        return bool(a == b)
    mp = _context()
    a, b = mp.mpc(_as_mp(a)), mp.mpc(_as_mp(b))
    if mp.isinf(a) or mp.isinf(b):
        return bool(a == b)
    scale = max(mp.mpf(1), abs(a), abs(b))
    return bool(abs(a - b) <= scale * RELATIVE_TOLERANCE)


def _as_mp(value: Value) -> Value:
    if isinstance(value, Fraction):
        return _context().mpf(value.numerator) / value.denominator
    return value


def _rounded_decimal(golden: Value, answer: Node) -> bool:
    """Whether a decimal answer is a rational golden value correctly rounded (``policy``'s one
    rounding rule; a decimal never stands for an irrational value such as pi)."""
    if not (isinstance(answer, Number) and answer.places) or not isinstance(golden, Fraction):
        return False
    return correctly_rounded(answer.value, answer.places, golden)


def _show(value: Value) -> str:
    """A short reading of a value for a reason: ``4.6667``, ``14/3``, ``1.4142136``."""
    small = isinstance(value, Fraction) and value.numerator.bit_length() < 256
    if small and value.denominator.bit_length() < 256:
        return format_value(value)
    return str(_context().nstr(_as_mp(value), 8))
