"""The bounds that every step of reading an answer works within, and the two errors raised
when an input falls outside them (or outside the math subset read at all).

Separate so that the tokenizer, the parser, the evaluator, the comparison and the translation
to sympy share one set of numbers, and a reader finds every limit, with why it is what it is,
in one place.
"""

from __future__ import annotations

#: Tokens read from one answer; MATH's longest golden answer has fewer than 60.
MAX_TOKENS = 600
#: Nesting of brackets, braces, fractions, function arguments, signs and ``**`` chains.
MAX_DEPTH = 32
#: Height of a parsed tree (postfix chains such as ``x!!!`` add height without nesting); every
#: later step recurses over the tree, well inside the interpreter's limit at this height.
MAX_HEIGHT = 160
#: Digits in one number.
MAX_DIGITS = 60
#: Bits of an exact intermediate result (about 19,700 decimal digits: ``1/2004!`` still fits).
MAX_BITS = 1 << 16
#: Largest n for which n! is computed exactly.
MAX_FACTORIAL = 5_000
#: Largest integer exponent of a power whose base holds a variable.
MAX_SYMBOLIC_EXPONENT = 64
#: Largest magnitude handed to a trigonometric function (beyond it the result is noise anyway).
MAX_TRIG_ARGUMENT = 2**40
#: Relative difference under which two evaluated values are the same number (at 30 digits).
RELATIVE_TOLERANCE = 1e-18
#: How many random points an identity between expressions with variables must survive.
RANDOM_POINTS = 3


class ParseError(ValueError):
    """The text is not in the math subset read here; the message says where and why."""


class EvaluationError(ValueError):
    """A value cannot be computed within the bounds (too large, undefined, not a number)."""
