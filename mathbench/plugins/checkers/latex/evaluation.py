"""Evaluation: the value of a tree, exact while it can be and a 30-digit mpmath number
otherwise, with every size checked before it is computed; and the walk over a tree's nodes.

Separate because it is the arithmetic, with its own state (a private mpmath context per
thread), that the comparison uses at random points and that the parser's height check shares
the tree walk of.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Iterator
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from mathbench.plugins.checkers.latex.limits import (
    MAX_BITS,
    MAX_FACTORIAL,
    MAX_TRIG_ARGUMENT,
    EvaluationError,
)
from mathbench.plugins.checkers.latex.tokens import _TRIGONOMETRIC
from mathbench.plugins.checkers.latex.tree import (
    Add,
    AnswerList,
    Call,
    Constant,
    Group,
    Matrix,
    Mul,
    Node,
    Number,
    PlusMinus,
    Pow,
    Relation,
    Symbol,
    Union,
)

if TYPE_CHECKING:
    from mpmath.ctx_mp import MPContext

Value = Any  # Fraction, or an mpmath mpf/mpc of the thread's context
_local = threading.local()


def _context() -> MPContext:
    """A private mpmath context per thread (the global ``mpmath.mp`` is shared state)."""
    context: MPContext | None = getattr(_local, "context", None)
    if context is None:
        from mpmath.ctx_mp import MPContext

        context = MPContext()
        context.dps = 30
        _local.context = context
    return context


def free_symbols(node: Node) -> frozenset[str]:
    """The variable names a tree mentions."""
    return frozenset(n.name for n in _walk(node) if isinstance(n, Symbol))


def _walk(node: Node) -> Iterator[Node]:
    stack: list[Node] = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(_children(current))


def _children(node: Node) -> tuple[Node, ...]:
    match node:
        case Add(children) | Mul(children) | Call(_, children) | Group(_, _, children):
            return children
        case AnswerList(children) | Union(children) | Relation(_, children):
            return children
        case Pow(base, exponent):
            return (base, exponent)
        case PlusMinus(center, offset):
            return (center, offset)
        case Matrix(rows):
            return tuple(cell for row in rows for cell in row)
    return ()


def evaluate(node: Node, variables: dict[str, Value] | None = None) -> Value:
    """The value of an expression: an exact ``Fraction`` where possible, else a 30-digit mpmath
    number. Raises ``EvaluationError`` beyond the bounds, for undefined values, or for nodes
    that are no single number (tuples, relations, words)."""
    try:
        return _Evaluator(_context(), variables or {}).value(node)
    except EvaluationError:
        raise
    except (ArithmeticError, ValueError) as error:  # mpmath's poles and domain errors
        raise EvaluationError(f"an undefined value ({error})") from error


class _Evaluator:
    def __init__(self, context: MPContext, variables: dict[str, Value]) -> None:
        self.mp = context
        self.variables = variables

    def value(self, node: Node) -> Value:
        match node:
            case Number(value):
                return value
            case Symbol(name):
                if name not in self.variables:
                    raise EvaluationError(f"the variable {name} has no value")
                return self.variables[name]
            case Constant(name):
                return {"pi": self.mp.pi, "e": self.mp.e, "i": self.mp.mpc(0, 1)}.get(
                    name, self.mp.inf
                )
            case Add(terms):
                total: Value = Fraction(0)
                for term in terms:
                    left, right = self._aligned(total, self.value(term))
                    total = self._checked(left + right)
                return total
            case Mul(factors):
                product: Value = Fraction(1)
                for factor in factors:
                    left, right = self._aligned(product, self.value(factor))
                    product = self._checked(left * right)
                return product
            case Pow(base, exponent):
                return self._power(self.value(base), self.value(exponent))
            case Call(name, args):
                return self._call(name, [self.value(arg) for arg in args])
        raise EvaluationError(f"{type(node).__name__.lower()} is not a single number")

    def _aligned(self, a: Value, b: Value) -> tuple[Value, Value]:
        """Both exact, or both mpmath numbers: exact arithmetic stays exact while it can."""
        if isinstance(a, Fraction) and isinstance(b, Fraction):
            return a, b
        return self._float(a), self._float(b)

    def _float(self, value: Value) -> Value:
        if isinstance(value, Fraction):
            return self.mp.mpf(value.numerator) / value.denominator
        return value

    def _checked(self, value: Value) -> Value:
        if isinstance(value, Fraction):
            if value.numerator.bit_length() + value.denominator.bit_length() > MAX_BITS:
                raise EvaluationError("an exact value too large to compute")
            return value
        if self.mp.isnan(value):
            raise EvaluationError("an undefined value")
        if not self.mp.isinf(value) and value != 0 and self.mp.mag(value) > MAX_BITS:
            raise EvaluationError("a value too large to compute")
        return value

    def _power(self, base: Value, exponent: Value) -> Value:
        if isinstance(base, Fraction) and isinstance(exponent, Fraction):
            exact = self._exact_power(base, exponent)
            if exact is not None:
                return exact
        if base == 0:
            if self.mp.re(self._float(exponent)) > 0:
                return Fraction(0)
            raise EvaluationError("zero to a non-positive power")
        magnitude = abs(self.mp.log(abs(self._float(base)), 2)) if base != 1 else 0
        if magnitude * abs(self._float(exponent)) > MAX_BITS:
            raise EvaluationError("a power too large to compute")
        return self._checked(self.mp.power(self._float(base), self._float(exponent)))

    def _exact_power(self, base: Fraction, exponent: Fraction) -> Value | None:
        """``base ** exponent`` as a Fraction when it is rational and small enough, else None."""
        if base in (0, 1) and exponent > 0:
            return base
        if exponent.denominator == 1:
            power = exponent.numerator
            if base == 0:
                raise EvaluationError("division by zero")
            size = base.numerator.bit_length() + base.denominator.bit_length()
            if base == -1 or size * abs(power) <= MAX_BITS:
                return base**power
            return None
        if base < 0 or exponent.denominator > 64:
            return None
        root = exponent.denominator
        numerator = _integer_root(base.numerator, root)
        denominator = _integer_root(base.denominator, root)
        if numerator is None or denominator is None:
            return None
        return self._exact_power(Fraction(numerator, denominator), Fraction(exponent.numerator))

    def _call(self, name: str, args: list[Value]) -> Value:
        mp = self.mp
        if name == "factorial":
            return self._factorial(args[0])
        if name == "binom":
            n, k = args
            if _is_small_integer(n) and _is_small_integer(k):
                return Fraction(math.comb(int(n), int(k))) if 0 <= k <= n else Fraction(0)
            raise EvaluationError("a binomial coefficient of non-integers")
        if name == "abs":
            return abs(args[0])
        argument = self._float(args[0])
        if (name in _TRIGONOMETRIC or name in ("sinh", "cosh", "tanh", "exp")) and (
            mp.isinf(argument) or abs(argument) > MAX_TRIG_ARGUMENT
        ):
            raise EvaluationError(f"{name} of a value too large to compute")
        functions: dict[str, Callable[[Value], Value]] = {
            "sin": mp.sin, "cos": mp.cos, "tan": mp.tan, "cot": mp.cot, "sec": mp.sec,
            "csc": mp.csc, "asin": mp.asin, "acos": mp.acos, "atan": mp.atan,
            "sinh": mp.sinh, "cosh": mp.cosh, "tanh": mp.tanh, "exp": mp.exp,
            "ln": mp.ln, "log10": mp.log10,
        }  # fmt: skip
        if argument == 0 and name in ("ln", "log", "log10", "cot", "csc"):
            raise EvaluationError(f"{name} of zero")
        if name == "log":
            if len(args) == 2:
                base = self._float(args[1])
                if base in (0, 1):
                    raise EvaluationError("a logarithm to base 0 or 1")
                return self._checked(mp.log(argument) / mp.log(base))
            return self._checked(mp.log(argument))
        return self._checked(functions[name](argument))

    def _factorial(self, value: Value) -> Value:
        if isinstance(value, Fraction) and value.denominator == 1:
            if value < 0:
                raise EvaluationError("the factorial of a negative integer")
            if value > MAX_FACTORIAL:
                raise EvaluationError("a factorial too large to compute")
            return Fraction(math.factorial(int(value)))
        argument = self._float(value)
        if abs(argument) > MAX_FACTORIAL:
            raise EvaluationError("a factorial too large to compute")
        return self._checked(self.mp.gamma(argument + 1))


def _integer_root(value: int, degree: int) -> int | None:
    """The exact ``degree``-th root of a non-negative integer, or None."""
    if value.bit_length() > MAX_BITS:
        return None
    root = (
        round(value ** (1 / degree)) if value.bit_length() < 1000 else _newton_root(value, degree)
    )
    for candidate in (root - 1, root, root + 1):
        if candidate >= 0 and candidate**degree == value:
            return candidate
    return None


def _newton_root(value: int, degree: int) -> int:
    guess = 1 << -(-value.bit_length() // degree)
    while True:
        better = ((degree - 1) * guess + value // guess ** (degree - 1)) // degree
        if better >= guess:
            return guess
        guess = better


def _is_small_integer(value: Value) -> bool:
    return isinstance(value, Fraction) and value.denominator == 1 and abs(value) <= MAX_FACTORIAL
