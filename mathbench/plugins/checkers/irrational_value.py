r"""The value of an answer written as an irrational expression (``-\frac{\sqrt{2}}{2}``, ``2√3``,
``\frac{\pi}{4}``), for a golden answer that a data set rounded (Math401's ``-0.7071``).

The answer reader keeps such an answer as an expression, never as the numbers inside it (the
``2`` of ``\frac{\sqrt{3}}{2}`` is no answer). A teacher grading an arithmetic sheet whose key
says ``-0.7071`` still marks ``-\frac{\sqrt{2}}{2}`` right, so the checker asks for its value:
the whole run of math around the expression (``3-\sqrt{2}``, not just ``\sqrt{2}``) is parsed
and evaluated by the bounded LaTeX reader the ``symbolic`` checker uses (no ``eval``, 30-digit
mpmath, sizes checked before computing). Anything that does not parse to a closed real value
(a variable, a unit word, a relation) has no value.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from mathbench.plugins.checkers.latex.evaluation import evaluate, free_symbols
from mathbench.plugins.checkers.latex.limits import EvaluationError, ParseError
from mathbench.plugins.checkers.latex.parser import parse

#: Characters a run of arithmetic is made of, besides LaTeX commands (``\frac``, ``\sqrt``).
_RUN_CHARS = frozenset("0123456789.+-\u2212*/×÷^{}()[] \t√π·")
#: The LaTeX commands a run of arithmetic may hold; any other (``\boxed``, ``\text``) ends it.
_COMMANDS = frozenset(
    {"frac", "dfrac", "tfrac", "sqrt", "cbrt", "pi", "cdot", "times", "div", "left", "right"}
)
#: The longest run evaluated: an answer, not a page of working.
MAX_RUN_CHARS = 200


@dataclass(frozen=True)
class Valued:
    """A run of arithmetic, ``text[start:end]``, and its value to 30 significant digits."""

    value: Fraction
    start: int
    end: int


def value_around(text: str, start: int, end: int, floor: int, stop: int) -> Valued | None:
    """The real value of the run of arithmetic holding ``text[start:end]`` (within
    ``text[floor:stop]``); None when it has none."""
    begin, finish = _run_start(text, start, floor), _run_end(text, end, stop)
    while begin < finish and text[begin] in " \t":
        begin += 1
    while finish > begin and text[finish - 1] in " \t":
        finish -= 1
    run = text[begin:finish]
    if not run or len(run) > MAX_RUN_CHARS:
        return None
    try:
        tree = parse(run)
        if free_symbols(tree):
            return None
        value = evaluate(tree)
    except (ParseError, EvaluationError, ArithmeticError, ValueError):
        return None
    if not isinstance(value, Fraction):
        if getattr(value, "imag", 0) or not hasattr(value, "real"):
            return None
        try:
            value = Fraction(str(value.real))
        except (ValueError, ArithmeticError):
            return None  # an infinity or a NaN
    return Valued(value, begin, finish)


def _run_start(text: str, index: int, floor: int) -> int:
    while index > floor:
        char = text[index - 1]
        if char in _RUN_CHARS:
            index -= 1
            continue
        command = _command_start(text, index, floor)
        if command is None:
            break
        index = command
    return index


def _run_end(text: str, index: int, stop: int) -> int:
    while index < stop:
        char = text[index]
        if char in _RUN_CHARS:
            index += 1
        elif char == "\\":
            name_end = index + 1
            while name_end < stop and text[name_end].isascii() and text[name_end].isalpha():
                name_end += 1
            if text[index + 1 : name_end] not in _COMMANDS:
                break
            index = name_end
        else:
            break
    return index


def _command_start(text: str, index: int, floor: int) -> int | None:
    """Where the arithmetic LaTeX command whose name ends at ``index`` begins (its backslash), or
    None for letters that are words (``cm``, ``x``) or another command (``\\boxed``)."""
    at = index
    while at > floor and text[at - 1].isascii() and text[at - 1].isalpha():
        at -= 1
    is_command = at > floor and text[at - 1] == "\\" and text[at:index] in _COMMANDS
    return at - 1 if is_command else None
