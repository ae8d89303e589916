"""Tokens: the lexer that cuts an answer into ``(kind, text, offset)`` tuples, and the
whitelists (functions, Greek letters, relations, operators, matrix environments) it and the
parser read them by.

Separate so that the parser holds only the grammar, and so that the whitelists the evaluator
shares (the trigonometric functions) live in one place. Unicode symbols are read here.
"""

# The Unicode math symbols (times, minus, union, ...) are what this module reads, not typos:
# ruff: noqa: RUF001

from __future__ import annotations

import re

from mathbench.plugins.checkers.latex.limits import MAX_DIGITS, MAX_TOKENS, ParseError

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
