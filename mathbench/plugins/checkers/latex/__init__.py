"""Reading final answers as math, bounded by construction: a parser, an evaluator, a comparison.

Model output is never evaluated as code here: there is no ``eval``, no ``sympify`` and no
``parse_expr``. A small recursive-descent parser reads the LaTeX and plain-text subset that MATH
answers are written in (numbers, letters, ``+ - * / ^``, ``\\frac``, ``\\sqrt``, ``\\binom``,
``\\pi``, ``e``, ``i``, ``\\infty``, whitelisted functions, ``!``, degrees, brackets, intervals,
tuples, sets, unions, ``\\pm``, relations and simple matrices) into a tree of frozen nodes,
refusing anything else with a ``ParseError`` that says what it met.

Every step is bounded before it starts, so no input can hang it or exhaust memory:

* the parser reads at most ``MAX_TOKENS`` tokens, nests at most ``MAX_DEPTH`` levels, builds
  trees at most ``MAX_HEIGHT`` high, and refuses digit runs longer than ``MAX_DIGITS``;
* the evaluator computes exact ``Fraction``s while results stay under ``MAX_BITS`` bits, and
  otherwise works in 30-digit ``mpmath`` floats whose magnitude it checks *before* each power,
  factorial or exponential (``10**10**10`` and ``2^{2^{100}}`` are refused, not computed);
* a power whose base holds a variable may have an integer exponent of at most
  ``MAX_SYMBOLIC_EXPONENT``, so that sympy, which later only *confirms* an equivalence that
  random evaluation already found, is never handed a huge expansion.

Comparison follows what a MATH grader accepts: numbers exactly (and a decimal that is the
correctly rounded value of a fraction with no terminating decimal form, such as 4.6667 for 14/3,
either way round; never of an irrational value such as pi), expressions with
variables by evaluation at random points, tuples and intervals in order with their brackets,
sets, unions and comma-separated answers in any order, ``a \\pm b`` as its two values, ``x = 5``
as ``5``, equations up to a constant factor, and words case-insensitively. Where expressions with
variables agree at every random point, the judgement carries ``Proof`` obligations that a sympy
worker (``mathbench.plugins.checkers.bounded``) must discharge before the answer counts as correct.

The modules, in the order the steps run:

* ``limits``: the bounds above, and ``ParseError`` and ``EvaluationError``;
* ``tree``: the frozen nodes of a parsed answer (they pickle to the sympy worker);
* ``tokens``: the lexer and the whitelists of functions, Greek letters, relations and operators;
* ``parser``: ``parse``, the recursive-descent parser that builds a tree from tokens;
* ``evaluation``: ``evaluate`` and ``free_symbols``, the bounded arithmetic on a tree;
* ``comparison``: ``compare``, its ``Judgement`` and the ``Proof`` obligations for sympy;
* ``to_sympy``: ``to_sympy``, the sympy object of a tree, used only inside the worker process.

This package re-exports the names the rest of mathbench uses.
"""

from __future__ import annotations

from mathbench.plugins.checkers.latex.comparison import Proof, compare, compare_in_order, same_form
from mathbench.plugins.checkers.latex.evaluation import evaluate, free_symbols
from mathbench.plugins.checkers.latex.limits import (
    MAX_DEPTH,
    MAX_TOKENS,
    EvaluationError,
    ParseError,
)
from mathbench.plugins.checkers.latex.parser import parse
from mathbench.plugins.checkers.latex.to_sympy import to_sympy
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
    Text,
)

__all__ = [
    "MAX_DEPTH",
    "MAX_TOKENS",
    "Add",
    "AnswerList",
    "Call",
    "Constant",
    "EvaluationError",
    "Group",
    "Matrix",
    "Mul",
    "Node",
    "Number",
    "ParseError",
    "PlusMinus",
    "Pow",
    "Proof",
    "Relation",
    "Symbol",
    "Text",
    "compare",
    "compare_in_order",
    "evaluate",
    "free_symbols",
    "parse",
    "same_form",
    "to_sympy",
]
