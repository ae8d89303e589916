"""The parser: recursive descent from tokens to a tree, bounded in tokens, nesting and height.

Separate from the tokens below it and the evaluation after it: this is the one place that
decides what the math subset is, and the only entry point model text goes through (``parse``).
"""

from __future__ import annotations

from fractions import Fraction

from mathbench.plugins.checkers.latex.evaluation import _children
from mathbench.plugins.checkers.latex.limits import MAX_DEPTH, MAX_HEIGHT, ParseError
from mathbench.plugins.checkers.latex.tokens import (
    _DIVIDE,
    _FUNCTIONS,
    _GREEK,
    _MATRICES,
    _RELATIONS,
    _TIMES,
    _TRIGONOMETRIC,
    Token,
    tokenize,
)
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
    Union,
)


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
