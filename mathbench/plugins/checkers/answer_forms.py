"""Other ways of writing the answer a golden one gives, as a MATH grader accepts them.

A model may answer an interval as the inequality it stands for (``k < 4`` for
``(-\\infty,4)``), a ratio with a colon (``25 : 8`` for ``\\frac{25}{8}``), a probability as a
percentage (``25%`` for ``\\frac{1}{4}``, when the question does not ask for a percent), or a
time of day without its half of the day (``1:03`` for ``1:03 PM``). ``symbolic`` rewrites such an
answer into the golden one's form before comparing; each rewriting applies only where the golden
answer is of that other form, so that it never makes a wrong answer right by another route.
All of it is string work on a normalised answer of at most ``MAX_ANSWER_CHARS``.
"""

from __future__ import annotations

import re

from mathbench.plugins.checkers.question import without_figures

_LESS = r"(?:<|\\le(?:q)?\b)"
_GREATER = r"(?:>|\\ge(?:q)?\b)"
#: ``k < 4``, ``y \\ge 46``: one variable bounded on one side.
_ONE_SIDED = re.compile(rf"\s*[A-Za-z]\s*({_LESS}|{_GREATER})\s*([^<>=]+?)\s*")
#: ``2 < x \\le 5``: one variable between two bounds.
_TWO_SIDED = re.compile(rf"\s*([^<>=]+?)\s*({_LESS})\s*[A-Za-z]\s*({_LESS})\s*([^<>=]+?)\s*")
#: ``y \\neq 3``, ``x ≠ -1``: one variable, every value but one.
_ALL_BUT = re.compile(r"\s*[A-Za-z]\s*(?:\\neq?(?![A-Za-z])|≠)\s*([^<>=,]+?)\s*")
#: An interval golden answer: a bracket, two ends, a bracket.
_INTERVAL = re.compile(r"\s*[(\[].*,.*[)\]]\s*")
_RATIO = re.compile(r"\s*([^:]+?)\s*:\s*([^:]+?)\s*")
_PERCENT_ASKED = re.compile(r"(?i:percent|%)")
_CLOCK = re.compile(r"(\d{1,2}):([0-5]\d)")
_HALF_OF_DAY = re.compile(r"(?i:[ap]\.?\s?m\b)")


def as_interval(answer: str, golden: str) -> str | None:
    """``answer`` as the interval it bounds (``k < 4`` is ``(-\\infty, 4)``), when ``golden`` is
    an interval; relations joined by "or" (which ``normalise`` writes as a comma) as their union
    (``x \\le -2, x \\ge 2`` is ``(-\\infty, -2] \\cup [2, \\infty)``); None otherwise."""
    if not _INTERVAL.fullmatch(golden):
        return None
    parts = answer.split(",")
    if len(parts) > 1:
        intervals = [_one_interval(part) for part in parts]
        if all(intervals):
            return " \\cup ".join(i for i in intervals if i)
        return None
    return _one_interval(answer)


def _one_interval(answer: str) -> str | None:
    other = _ALL_BUT.fullmatch(answer)
    if other is not None:  # "y \neq 3": every number but one
        return f"(-\\infty, {other[1]}) \\cup ({other[1]}, \\infty)"
    two = _TWO_SIDED.fullmatch(answer)
    if two is not None:
        low, high = two[1], two[4]
        left = "[" if two[2].startswith("\\le") else "("
        right = "]" if two[3].startswith("\\le") else ")"
        return f"{left}{low}, {high}{right}"
    one = _ONE_SIDED.fullmatch(answer)
    if one is None:
        return None
    relation, bound = one[1], one[2]
    closed = relation.startswith(("\\le", "\\ge"))
    if relation.startswith(("<", "\\le")):
        return f"(-\\infty, {bound}{']' if closed else ')'}"
    return f"{'[' if closed else '('}{bound}, \\infty)"


def ratio_as_fraction(answer: str, golden: str) -> str | None:
    """A ratio ``a : b`` as the fraction ``a/b``, when ``golden`` is no ratio or time."""
    found = _RATIO.fullmatch(answer)
    if found is None or ":" in golden:
        return None
    return f"\\frac{{{found[1]}}}{{{found[2]}}}"


#: A percentage and nothing else (``25%``, ``12.5\\%``).
_ONE_PERCENTAGE = re.compile(r"[-\u2212]?[\d.,]+[ \t]*+\\?%")


def percent_as_fraction(answer: str, written: str, golden: str, problem: str | None) -> str | None:
    """A percentage (``written`` with ``%``) as its number over 100, when the question is known
    and asks for no percent and ``golden`` is no percentage: ``25%`` then answers ``\\frac14``."""
    if problem is None or "%" not in written or "%" in golden:
        return None
    if _PERCENT_ASKED.search(without_figures(problem)):
        return None  # a figure's "25\\%" labels are no question asking for a percent
    if not _ONE_PERCENTAGE.fullmatch(written.strip(" \t$.")):
        return None  # "= \\frac13 \\approx 33.3\\%": a line that only ends on one
    return f"\\frac{{{answer}}}{{100}}"


def same_clock_time(answer: str, written: str, golden: str) -> bool:
    """Whether a time written without a.m./p.m. (``1:03``) reads as the golden time (``13:03``,
    which ``normalise`` made of ``1:03 PM``) on a 12-hour clock."""
    mine, theirs = _CLOCK.fullmatch(answer), _CLOCK.fullmatch(golden)
    if mine is None or theirs is None or _HALF_OF_DAY.search(written):
        return False
    if not 1 <= int(mine[1]) <= 12:
        return False  # "16:30" is on a 24-hour clock already: 4:30 p.m., never a.m.
    return int(mine[1]) % 12 == int(theirs[1]) % 12 and mine[2] == theirs[2]
