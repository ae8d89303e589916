"""Reading final answers as math, bounded by construction: a parser, an evaluator, a comparison.

Model output is never evaluated as code here: there is no ``eval``, no ``sympify`` and no
``parse_expr``. A small recursive-descent parser reads the LaTeX and plain-text subset that MATH
answers are written in (numbers, letters, ``+ - * / ^``, ``\\frac``, ``\\sqrt``, ``\\binom``,
``\\pi``, ``e``, ``i``, ``\\infty``, whitelisted functions, ``!``, degrees, brackets, intervals,
tuples, sets, unions, ``\\pm``, relations and simple matrices) into a tree of the frozen nodes
below, refusing anything else with a ``ParseError`` that says what it met.

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
worker (``mathbench_checkers.bounded``) must discharge before the answer counts as correct.
"""

# The Unicode math symbols (times, minus, union, ...) are what this module reads, not typos:
# ruff: noqa: RUF001

from __future__ import annotations

import math
import random
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

from mathbench_checkers.numerals import format_value, significant_digits, terminates

if TYPE_CHECKING:
    from mpmath.ctx_mp import MPContext

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
#: A decimal answer for a golden with no terminating decimal form needs this many places and
#: significant digits: ``4.6667`` and ``4.67`` for 14/3 count, ``4.7`` does not.
MIN_DECIMAL_PLACES = 2
MIN_SIGNIFICANT_DIGITS = 3


class ParseError(ValueError):
    """The text is not in the math subset read here; the message says where and why."""


class EvaluationError(ValueError):
    """A value cannot be computed within the bounds (too large, undefined, not a number)."""


# --------------------------------------------------------------------------------------------
# The tree. Frozen and made of plain values, so that it pickles to a sympy worker process.


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

# --------------------------------------------------------------------------------------------
# Tokens

_TOKEN = re.compile(
    r"(?P<num>[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
    r"|(?P<cmd>\\(?:[A-Za-z]+|[{}|\\]))"
    r"|(?P<word>[A-Za-z]+)"
    r"|(?P<space>\s+)"
    r"|(?P<op>\*\*|<=|>=|!=|[-+*/^_(){}\[\],|!=<>&;:'])"
    r"|(?P<uni>[×÷−·≤≥≠π∞√°±∓∈∪])"
)
_UNICODE = {
    "×": ("op", "*"), "÷": ("op", "/"), "−": ("op", "-"), "·": ("op", "*"),
    "≤": ("op", "<="), "≥": ("op", ">="), "≠": ("op", "!="), "π": ("cmd", "\\pi"),
    "∞": ("cmd", "\\infty"), "√": ("cmd", "\\sqrt"), "°": ("cmd", "\\circ"),
    "±": ("cmd", "\\pm"), "∓": ("cmd", "\\mp"), "∈": ("cmd", "\\in"), "∪": ("cmd", "\\cup"),
}  # fmt: skip
_FUNCTIONS = {
    "sin": "sin", "cos": "cos", "tan": "tan", "cot": "cot", "sec": "sec", "csc": "csc",
    "arcsin": "asin", "arccos": "acos", "arctan": "atan", "sinh": "sinh", "cosh": "cosh",
    "tanh": "tanh", "log": "log", "ln": "ln", "lg": "log10", "exp": "exp",
}  # fmt: skip
_TRIGONOMETRIC = frozenset({"sin", "cos", "tan", "cot", "sec", "csc"})
_GREEK = frozenset((
    "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta",
    "vartheta", "iota", "kappa", "lambda", "mu", "nu", "xi", "rho", "sigma", "tau", "upsilon",
    "phi", "varphi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Sigma",
    "Phi", "Psi", "Omega",
))  # fmt: skip
_RELATIONS = {
    "=": "=", "<": "<", ">": ">", "<=": "<=", ">=": ">=", "!=": "!=", "\\le": "<=",
    "\\leq": "<=", "\\ge": ">=", "\\geq": ">=", "\\lt": "<", "\\gt": ">", "\\ne": "!=",
    "\\neq": "!=", "\\in": "in",
}  # fmt: skip
_TIMES = frozenset({"*", "\\cdot", "\\times", "\\ast"})
_DIVIDE = frozenset({"/", "\\div"})
_MATRICES = frozenset({"pmatrix", "bmatrix", "matrix", "Bmatrix", "smallmatrix"})
_CONSTANT_WORDS = {"pi": "pi", "infty": "oo", "infinity": "oo", "inf": "oo"}

Token = tuple[str, str, int]


def tokenize(text: str) -> list[Token]:
    """``(kind, text, offset)`` tokens; kinds are num, cmd, word, letter, op and end."""
    tokens: list[Token] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise ParseError(f"unexpected character {text[position]!r} at {position}")
        kind = match.lastgroup or ""
        lexeme = match.group()
        if kind == "uni":
            kind, lexeme = _UNICODE[lexeme]
        if kind == "num":
            if len(lexeme) > MAX_DIGITS:
                raise ParseError(f"a number of {len(lexeme)} digits at {position}")
            tokens.append(("num", lexeme, position))
        elif kind == "word":
            tokens.extend(_word_tokens(lexeme, position))
        elif kind != "space":
            tokens.append((kind, lexeme, position))
        if len(tokens) > MAX_TOKENS:
            raise ParseError(f"more than {MAX_TOKENS} tokens")
        position = match.end()
    tokens.append(("end", "", len(text)))
    return tokens


def _word_tokens(run: str, position: int) -> list[Token]:
    """A run of letters: a function name, a constant, a word (3+ letters) or single letters."""
    if run in _FUNCTIONS:
        return [("cmd", "\\" + run, position)]
    if run in _CONSTANT_WORDS:
        return [("cmd", "\\" + ("infty" if _CONSTANT_WORDS[run] == "oo" else run), position)]
    if len(run) >= 3:
        return [("word", run, position)]
    return [("letter", letter, position + index) for index, letter in enumerate(run)]


# --------------------------------------------------------------------------------------------
# Parser


def parse(text: str) -> Node:
    """The tree of one answer (already normalised), or ``ParseError``."""
    tree = _Parser(tokenize(text)).answer()
    if _height(tree) > MAX_HEIGHT:
        raise ParseError(f"an expression more than {MAX_HEIGHT} levels high")
    return tree


def _height(tree: Node) -> int:
    """The tree's height, found without recursion: evaluation, comparison and sympy recurse
    over the tree, and a postfix chain (``x!!!...!``) is deep without any nesting to count."""
    tallest = 0
    stack: list[tuple[Node, int]] = [(tree, 1)]
    while stack:
        node, height = stack.pop()
        tallest = max(tallest, height)
        stack.extend((child, height + 1) for child in _children(node))
    return tallest


class _Parser:
    """Recursive descent over the grammar below; each method says which rule it reads.

    answer   := relation (',' relation)*
    relation := union (relop union)*
    union    := sum ('\\cup' sum)*
    sum      := [sign] product (('+' | '-' | '\\pm') product)*
    product  := power (['*' | '/'] power)*         (implicit multiplication between factors)
    power    := postfix ('^' exponent)?            (right-associative; '**' too)
    postfix  := primary ('!' | '_' sub | degree)*
    """

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.index = 0
        self.depth = 0
        self.trigonometry = 0

    # -- helpers ----------------------------------------------------------------------------
    @property
    def token(self) -> Token:
        return self.tokens[self.index]

    def _is(self, *lexemes: str) -> bool:
        kind, lexeme, _ = self.token
        return kind in ("op", "cmd") and lexeme in lexemes

    def _accept(self, *lexemes: str) -> bool:
        if self._is(*lexemes):
            self.index += 1
            return True
        return False

    def _expect(self, lexeme: str) -> None:
        if not self._accept(lexeme):
            raise self._error(f"expected {lexeme!r}")

    def _error(self, message: str) -> ParseError:
        kind, lexeme, position = self.token
        found = "the end" if kind == "end" else repr(lexeme)
        return ParseError(f"{message}, found {found} at {position}")

    def _nested(self) -> _Depth:
        return _Depth(self)

    # -- grammar ----------------------------------------------------------------------------
    def answer(self) -> Node:
        items = [self.relation()]
        while self._accept(",", ";"):
            items.append(self.relation())
        if self.token[0] != "end":
            raise self._error("unexpected text after the answer")
        return items[0] if len(items) == 1 else AnswerList(tuple(items))

    def relation(self) -> Node:
        sides = [self.union()]
        ops: list[str] = []
        while self.token[1] in _RELATIONS and self.token[0] in ("op", "cmd"):
            ops.append(_RELATIONS[self.token[1]])
            self.index += 1
            sides.append(self.union())
        return Relation(tuple(ops), tuple(sides)) if ops else sides[0]

    def union(self) -> Node:
        parts = [self.sum()]
        while self._accept("\\cup"):
            parts.append(self.sum())
        return Union(tuple(parts)) if len(parts) > 1 else parts[0]

    def sum(self) -> Node:
        with self._nested():
            terms: list[Node] = []
            offset: Node | None = None
            if self._is("\\pm", "\\mp"):
                self.index += 1
                offset = self.product()
            else:
                negative = self._is("-")
                if self._accept("-", "+"):
                    terms.append(_negate(self.product()) if negative else self.product())
                else:
                    terms.append(self.product())
            while True:
                if self._accept("+"):
                    terms.append(self.product())
                elif self._accept("-"):
                    terms.append(_negate(self.product()))
                elif self._is("\\pm", "\\mp"):
                    if offset is not None:
                        raise self._error("two \\pm in one term")
                    self.index += 1
                    offset = self.product()
                else:
                    break
            center = _sum(terms)
            return center if offset is None else PlusMinus(center, offset)

    def product(self) -> Node:
        factors = [self.signed_power()]
        while True:
            if self._is(*_TIMES):
                self.index += 1
                factors.append(self.signed_power())
            elif self._is(*_DIVIDE):
                self.index += 1
                factors.append(Pow(self.signed_power(), Number(Fraction(-1))))
            elif self._starts_factor():
                factor = self.power()
                if _is_mixed_number(factors[-1], factor):
                    factors[-1] = Add((factors[-1], factor))
                else:
                    factors.append(factor)
            else:
                break
        texts = [f for f in factors if isinstance(f, Text)]
        if texts:
            if len(texts) != len(factors):
                raise self._error("words inside an expression")
            return Text(" ".join(t.words for t in texts))
        return factors[0] if len(factors) == 1 else Mul(tuple(factors))

    def signed_power(self) -> Node:
        if self._accept("-"):
            with self._nested():
                return _negate(self.signed_power())
        self._accept("+")
        return self.power()

    def power(self) -> Node:
        base = self.postfix()
        if self._accept("**"):
            with self._nested():
                return Pow(base, self.signed_power())
        if self._accept("^"):
            if self._is("\\circ") or (self._is("{") and self.tokens[self.index + 1][1] == "\\circ"):
                braced = self._accept("{")
                self.index += 1
                if braced:
                    self._expect("}")
                return self._degrees(base)
            return Pow(base, self.exponent())
        return base

    def exponent(self) -> Node:
        """What follows ``^``: a braced group, or one signed token (``x^2``, ``2^-1``)."""
        if self._is("{"):
            return self.braced()
        if self._accept("-"):
            with self._nested():
                return _negate(self.exponent())
        return self.postfix()

    def postfix(self) -> Node:
        node = self.primary()
        while True:
            if self._accept("!"):
                node = Call("factorial", (node,))
            elif self._accept("_"):
                node = self._subscript(node)
            elif self._accept("\\circ"):
                node = self._degrees(node)
            else:
                return node

    def primary(self) -> Node:
        with self._nested():
            kind, lexeme, _ = self.token
            if kind == "num":
                self.index += 1
                return _number(lexeme)
            if kind == "letter":
                self.index += 1
                return _letter(lexeme)
            if kind == "word":
                self.index += 1
                return Text(lexeme)
            if kind == "op":
                return self._bracketed_or_bars(lexeme)
            if kind == "cmd":
                return self._command(lexeme)
            raise self._error("expected a value")

    # -- pieces -----------------------------------------------------------------------------
    def _starts_factor(self) -> bool:
        kind, lexeme, _ = self.token
        if kind in ("num", "letter", "word"):
            return True
        if kind == "op":
            return lexeme in ("(", "[", "{")
        return kind == "cmd" and lexeme not in _RELATIONS and lexeme not in (
            "\\pm", "\\mp", "\\cup", "\\circ", "\\}", "\\\\", "\\end", *_TIMES, *_DIVIDE,
        )  # fmt: skip

    def _bracketed_or_bars(self, lexeme: str) -> Node:
        if lexeme in ("(", "["):
            self.index += 1
            items = self._items()
            closing = self.token[1]
            if not self._accept(")", "]"):
                raise self._error("expected ')' or ']'")
            if len(items) == 1 and (lexeme + closing) in ("()", "[]"):
                return items[0]
            return Group(lexeme, closing, tuple(items))
        if lexeme == "{":
            return self.braced()
        if lexeme == "|":
            self.index += 1
            inner = self.sum()
            self._expect("|")
            return Call("abs", (inner,))
        raise self._error("expected a value")

    def braced(self) -> Node:
        self._expect("{")
        items = self._items()
        self._expect("}")
        return items[0] if len(items) == 1 else AnswerList(tuple(items))

    def _items(self) -> list[Node]:
        items = [self.relation()]
        while self._accept(","):
            items.append(self.relation())
        return items

    def _command(self, lexeme: str) -> Node:
        name = lexeme[1:]
        self.index += 1
        if name == "frac":
            numerator = self._argument()
            denominator = self._argument()
            return Mul((numerator, Pow(denominator, Number(Fraction(-1)))))
        if name == "sqrt":
            degree: Node = Number(Fraction(2))
            if self._accept("["):
                degree = self.sum()
                self._expect("]")
            return Pow(self._argument(), Pow(degree, Number(Fraction(-1))))
        if name == "binom":
            return Call("binom", (self._argument(), self._argument()))
        if name in _FUNCTIONS:
            return self._function(_FUNCTIONS[name])
        if name in ("pi", "infty"):
            return Constant("pi" if name == "pi" else "oo")
        if name in _GREEK:
            return Symbol(name)
        if name == "{":
            items = self._items()
            self._expect("\\}")
            return Group("{", "}", tuple(items))
        if name == "begin":
            return self._matrix()
        self.index -= 1
        raise self._error(f"unsupported command \\{name}")

    def _argument(self) -> Node:
        """A TeX macro argument: a braced group or a single token (``\\frac12``, ``\\sqrt2``)."""
        kind, lexeme, position = self.token
        if kind == "op" and lexeme == "{":
            return self.braced()
        if kind == "num" and len(lexeme) > 1 and "." not in lexeme:
            # TeX reads one digit: \frac12 is \frac{1}{2}. The rest stays for the next read.
            self.tokens[self.index] = ("num", lexeme[1:], position + 1)
            return _number(lexeme[0])
        if kind in ("num", "letter"):
            self.index += 1
            return _number(lexeme) if kind == "num" else _letter(lexeme)
        if kind == "cmd":
            return self.primary()
        raise self._error("expected an argument")

    def _function(self, name: str) -> Node:
        exponent: Node | None = None
        base: Node | None = None
        if self._accept("^"):
            exponent = self.exponent()
        if name == "log" and self._accept("_"):
            base = self._argument()
        trigonometric = name in _TRIGONOMETRIC
        self.trigonometry += trigonometric
        try:
            with self._nested():
                argument = self._function_argument()
        finally:
            self.trigonometry -= trigonometric
        call = Call(name, (argument,) if base is None else (argument, base))
        return call if exponent is None else Pow(call, exponent)

    def _function_argument(self) -> Node:
        """``\\sin(x)``, ``\\sin{x}``, or the factors up to the next function: ``\\sin 3x``."""
        if self._is("(", "{"):
            return self.postfix()  # \sin(x)^2 squares the sine, not x
        factors = [self.signed_power()]
        while self._starts_factor() and not (
            self.token[0] == "cmd" and self.token[1][1:] in _FUNCTIONS
        ):
            factors.append(self.power())
        return factors[0] if len(factors) == 1 else Mul(tuple(factors))

    def _matrix(self) -> Node:
        self._expect("{")
        environment = self.token[1]
        if self.token[0] != "word" or environment not in _MATRICES:
            raise self._error("unsupported environment")
        self.index += 1
        self._expect("}")
        rows: list[tuple[Node, ...]] = []
        row: list[Node] = [self.sum()]
        while True:
            if self._accept("&"):
                row.append(self.sum())
            elif self._accept("\\\\"):
                rows.append(tuple(row))
                if self._is("\\end"):
                    row = []
                    break
                row = [self.sum()]
            else:
                break
        if row:
            rows.append(tuple(row))
        self._expect("\\end")
        self._expect("{")
        if self.token[1] != environment:
            raise self._error(f"expected \\end{{{environment}}}")
        self.index += 1
        self._expect("}")
        if len({len(r) for r in rows}) != 1:
            raise ParseError("a matrix with rows of different lengths")
        return Matrix(tuple(rows))

    def _subscript(self, node: Node) -> Node:
        subscript = self._argument()
        if isinstance(node, Number):
            return node  # 204_5: a numeral in base 5, compared by its digits
        if isinstance(node, Symbol) and isinstance(subscript, Number | Symbol):
            label = subscript.name if isinstance(subscript, Symbol) else _digits(subscript)
            return Symbol(f"{node.name}_{label}")
        raise self._error("unsupported subscript")

    def _degrees(self, node: Node) -> Node:
        """``30^\\circ`` is 30 as an answer, and pi/6 inside ``\\cos 30^\\circ``."""
        if self.trigonometry:
            return Mul((node, Constant("pi"), Number(Fraction(1, 180))))
        return node


class _Depth:
    """Counts nesting on entry and refuses to go deeper than ``MAX_DEPTH``."""

    def __init__(self, parser: _Parser) -> None:
        self.parser = parser

    def __enter__(self) -> None:
        self.parser.depth += 1
        if self.parser.depth > MAX_DEPTH:
            raise ParseError(f"nested more than {MAX_DEPTH} levels deep")

    def __exit__(self, *exc_info: object) -> None:
        self.parser.depth -= 1


def _number(lexeme: str) -> Number:
    whole, dot, decimals = lexeme.partition(".")
    value = Fraction(int(whole or "0")) + (
        Fraction(int(decimals), 10 ** len(decimals)) if decimals else 0
    )
    return Number(value, len(decimals) if dot and decimals else None)


def _digits(number: Number) -> str:
    value = number.value
    return str(value.numerator) if value.denominator == 1 else str(value)


def _letter(letter: str) -> Node:
    if letter == "e":
        return Constant("e")
    if letter == "i":
        return Constant("i")
    return Symbol(letter)


def _negate(node: Node) -> Node:
    if isinstance(node, Number):
        return Number(-node.value, node.places)
    return Mul((Number(Fraction(-1)), node))


def _sum(terms: list[Node]) -> Node:
    if not terms:
        return Number(Fraction(0))
    return terms[0] if len(terms) == 1 else Add(tuple(terms))


def _is_mixed_number(whole: Node, fraction: Node) -> bool:
    """``137 \\frac{1}{2}`` and ``1\\frac45``: an integer then a proper numeric fraction."""
    if not (isinstance(whole, Number) and whole.places is None and whole.value >= 0):
        return False
    match fraction:
        case Mul((Number(numerator, None), Pow(Number(denominator, None), Number(-1)))):
            return 0 < numerator < denominator
    return False


# --------------------------------------------------------------------------------------------
# Evaluation

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


# --------------------------------------------------------------------------------------------
# Comparison


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


def compare(golden: Node, answer: Node) -> Judgement:
    """Whether an answer tree equals a golden tree, as a MATH grader would judge it."""
    golden, answer = _unwrap_assignment(golden, answer), _unwrap_assignment(answer, golden)
    golden_items, answer_items = _alternatives(golden), _alternatives(answer)
    if golden_items is not None or answer_items is not None:
        return _compare_unordered(golden_items or (golden,), answer_items or (answer,), "answers")
    match golden, answer:
        case Text(golden_words), Text(answer_words):
            same = _words(golden_words) == _words(answer_words)
            return Judgement("equal" if same else "different", "words compared")
        case Group(opening, closing, items), Group(a_opening, a_closing, a_items):
            if (opening, closing) != (a_opening, a_closing) or len(items) != len(a_items):
                return Judgement("different", "different brackets or lengths")
            return _compare_ordered(items, a_items, "items")
        case Union(parts), Union(a_parts):
            return _compare_unordered(parts, a_parts, "parts of the union")
        case Matrix(rows), Matrix(a_rows):
            if len(rows) != len(a_rows) or len(rows[0]) != len(a_rows[0]):
                return Judgement("different", "matrices of different shapes")
            cells = tuple(cell for row in rows for cell in row)
            return _compare_ordered(cells, tuple(c for row in a_rows for c in row), "entries")
        case Relation(ops, sides), Relation(a_ops, a_sides):
            return _compare_relations(ops, sides, a_ops, a_sides)
    if isinstance(golden, _EXPRESSION_TYPES) and isinstance(answer, _EXPRESSION_TYPES):
        return _compare_expressions(golden, answer)
    return Judgement("different", f"a {_kind(answer)} cannot equal a {_kind(golden)}")


def _kind(node: Node) -> str:
    if isinstance(node, _EXPRESSION_TYPES):
        return "number or expression"
    if isinstance(node, Group):
        return "set" if node.opening == "{" else "tuple or interval"
    return type(node).__name__.lower()


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def _unwrap_assignment(node: Node, other: Node) -> Node:
    """``x = 5`` against a bare ``5`` is ``5``; ``x \\in [1, 2]`` against ``[1, 2]`` too."""
    if isinstance(other, Relation) or not isinstance(node, Relation) or len(node.ops) != 1:
        return node
    if node.ops[0] in ("=", "in") and isinstance(node.sides[0], Symbol):
        return node.sides[1]
    return node


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


def _compare_ordered(golden: tuple[Node, ...], answer: tuple[Node, ...], what: str) -> Judgement:
    proofs: list[Proof] = []
    for index, (g, a) in enumerate(zip(golden, answer, strict=True)):
        judgement = compare(g, a)
        if judgement.verdict != "equal":
            return Judgement(judgement.verdict, f"{what} {index + 1}: {judgement.reason}")
        proofs.extend(judgement.proofs)
    return Judgement("equal", f"all {len(golden)} {what} equal", tuple(proofs))


def _compare_unordered(golden: tuple[Node, ...], answer: tuple[Node, ...], what: str) -> Judgement:
    if len(golden) != len(answer):
        return Judgement("different", f"{len(answer)} {what} where {len(golden)} are expected")
    remaining = list(answer)
    proofs: list[Proof] = []
    for g in golden:
        for index, a in enumerate(remaining):
            judgement = compare(g, a)
            if judgement.verdict == "equal":
                proofs.extend(judgement.proofs)
                del remaining[index]
                break
        else:
            return Judgement("different", f"no {what[:-1]} in the answer equals one expected")
    return Judgement("equal", f"all {len(golden)} {what} equal, in any order", tuple(proofs))


def _compare_relations(
    ops: tuple[str, ...], sides: tuple[Node, ...], a_ops: tuple[str, ...], a_sides: tuple[Node, ...]
) -> Judgement:
    flipped = {"<": ">", ">": "<", "<=": ">=", ">=": "<=", "=": "=", "!=": "!="}
    if len(ops) == 1 and len(a_ops) == 1 and ops[0] == a_ops[0] == "=":
        return _compare_equations(sides, a_sides)
    if a_ops == ops:
        return _compare_ordered(sides, a_sides, "sides")
    if a_ops == tuple(flipped.get(op, op) for op in reversed(ops)):
        return _compare_ordered(sides, tuple(reversed(a_sides)), "sides")
    return Judgement("different", "different relations")


def _compare_equations(sides: tuple[Node, ...], a_sides: tuple[Node, ...]) -> Judgement:
    """Two equations are the same when their ``left - right`` differ by a constant factor."""
    golden = Add((sides[0], _negate(sides[1])))
    answer = Add((a_sides[0], _negate(a_sides[1])))
    names = sorted(free_symbols(golden) | free_symbols(answer))
    if not names:
        return _compare_expressions(golden, answer)
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
        "equal", "the equations agree at random points", (Proof("equation", golden, answer),)
    )


def _compare_expressions(golden: Node, answer: Node) -> Judgement:
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
        if _rounded_decimal(g, answer):
            return Judgement("equal", f"{_show(a)} is {_show(g)} correctly rounded")
        if _rounded_decimal(a, golden) and not (isinstance(answer, Number) and answer.places):
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
    """A decimal written with d places counts for a rational golden value that has no
    terminating decimal form when it is that value rounded to d places, with enough places and
    significant digits to be a deliberate rounding (``MIN_DECIMAL_PLACES``,
    ``MIN_SIGNIFICANT_DIGITS``)."""
    if not (isinstance(answer, Number) and (answer.places or 0) >= MIN_DECIMAL_PLACES):
        return False
    if not isinstance(golden, Fraction) or terminates(golden):
        return False  # 0.125 can be written exactly, and a decimal never stands for pi
    if significant_digits(answer.value, answer.places or 0) < MIN_SIGNIFICANT_DIGITS:
        return False
    return abs(answer.value - golden) <= Fraction(1, 2 * 10 ** (answer.places or 0))


def _show(value: Value) -> str:
    """A short reading of a value for a reason: ``4.6667``, ``14/3``, ``1.4142136``."""
    small = isinstance(value, Fraction) and value.numerator.bit_length() < 256
    if small and value.denominator.bit_length() < 256:
        return format_value(value)
    return str(_context().nstr(_as_mp(value), 8))


# --------------------------------------------------------------------------------------------
# To sympy: only ever called inside the worker process, on a tree that the parser bounded.


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
