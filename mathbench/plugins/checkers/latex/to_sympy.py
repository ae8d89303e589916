"""To sympy: only ever called inside the worker process, on a tree that the parser bounded.

Separate because only the sympy worker (``sympy_worker`` of the checkers) uses it, and it is
the one place that builds sympy objects: from the node types and function names whitelisted
here, never from text.
"""

from __future__ import annotations

from typing import Any

from mathbench.plugins.checkers.latex.limits import MAX_SYMBOLIC_EXPONENT, EvaluationError
from mathbench.plugins.checkers.latex.tree import (
    Add,
    Call,
    Constant,
    Mul,
    Node,
    Number,
    Pow,
    Symbol,
)


def to_sympy(node: Node) -> Any:
    """The sympy object for an expression tree, built from the whitelist above."""
    import sympy

    match node:
        case Number(value):
            return sympy.Rational(value.numerator, value.denominator)
        case Symbol(name):
            return sympy.Symbol(name, real=True)
        case Constant(name):
            return {"pi": sympy.pi, "e": sympy.E, "i": sympy.I, "oo": sympy.oo}[name]
        case Add(terms):
            return sympy.Add(*(to_sympy(term) for term in terms))
        case Mul(factors):
            return sympy.Mul(*(to_sympy(factor) for factor in factors))
        case Pow(base, exponent):
            return _sympy_power(to_sympy(base), to_sympy(exponent), sympy)
        case Call(name, args):
            return _sympy_call(name, [to_sympy(arg) for arg in args], sympy)
    raise EvaluationError(f"{type(node).__name__.lower()} is no expression")


def _sympy_power(base: Any, exponent: Any, sympy: Any) -> Any:
    if exponent.is_Integer and abs(int(exponent)) > MAX_SYMBOLIC_EXPONENT and base.free_symbols:
        raise EvaluationError("an exponent too large for symbolic work")
    return sympy.Pow(base, exponent)


def _sympy_call(name: str, args: list[Any], sympy: Any) -> Any:
    if name == "log" and len(args) == 2:
        return sympy.log(args[0], args[1])
    if name == "log10":
        return sympy.log(args[0], 10)
    table = {
        "sin": sympy.sin, "cos": sympy.cos, "tan": sympy.tan, "cot": sympy.cot,
        "sec": sympy.sec, "csc": sympy.csc, "asin": sympy.asin, "acos": sympy.acos,
        "atan": sympy.atan, "sinh": sympy.sinh, "cosh": sympy.cosh, "tanh": sympy.tanh,
        "exp": sympy.exp, "ln": sympy.log, "log": sympy.log, "abs": sympy.Abs,
        "factorial": sympy.factorial, "binom": sympy.binomial,
    }  # fmt: skip
    return table[name](*args)
