"""Where things begin and end in a response: sentences, boxes, unescaped dollars.

The answer reader (``answer``) and the readers of a statement's text (``answer_text``,
``closing_line``) walk a response by position, in bounded windows. These are the position helpers
they share, so that every reader ends a sentence or a box in the same place.
"""

from __future__ import annotations

import re

from mathbench.plugins.checkers.answer_context import (
    SENTENCE_END,
    STATEMENT_CHARS,
    closing_brace,
)

#: Longest ``\\boxed{...}`` content, or final answer text, read; MATH's longest golden answer has
#: 81 characters, so a longer one is reported as too long rather than parsed.
MAX_ANSWER_CHARS = 1_000
#: A dollar sign that is not half of ``$$``.
_LONE_DOLLAR = re.compile(r"(?<!\$)\$(?!\$)")
#: A word of prose between dollar signs (not a command's name, nor inside ``\text{}``).
_PROSE_IN_MATH = re.compile(r"(?<![\\A-Za-z])[A-Za-z][a-z]{2,}+(?![A-Za-z])")
_LATEX_TEXT = re.compile(r"\\(?:text|mathrm|textbf|operatorname|mbox)\{[^{}]*+\}")
_MATH_FUNCTIONS = frozenset(
    ("sin", "cos", "tan", "cot", "sec", "csc", "log", "exp", "max", "min", "lim", "gcd", "lcm")
)
#: Words no math span holds, even alone ("$10, and $x$": the first sign is a price).
_FUNCTION_WORDS = frozenset(
    ("and", "the", "has", "have", "had", "for", "more", "than", "each", "per", "with", "was")
)
_STATEMENT_LEAD = " \t\r\n:：*_$=>"


def last_sentence_start(
    text: str, floor: int, end: int, ends: re.Pattern[str] | None = None
) -> int | None:
    """Where the last sentence of ``text[floor:end]`` that holds anything begins, just past the
    end of the sentence before it; None when no sentence ends in the span before some text."""
    last = None
    for found in (ends or SENTENCE_END).finditer(text, floor, end):
        if text[found.end() : end].strip():
            last = found.end()
    return last


def numeral_char(char: str) -> bool:
    return char.isdigit() or char in ",./%" or char in "零一二两三四五六七八九十百千万亿"


def box_end(text: str, begin: int, limit: int) -> int:
    """Where the braces opened just before ``begin`` close (or the read limit)."""
    stop = min(limit, begin + MAX_ANSWER_CHARS)
    close = closing_brace(text, begin, stop)
    return close if close >= 0 else stop


def skip_lead(text: str, begin: int, limit: int) -> int:
    """Past the colons, spaces and markup between a marker and its answer (``答案：\\n**18**``)."""
    stop = min(limit, begin + 12)
    while begin < stop and text[begin] in _STATEMENT_LEAD:
        begin += 1
    return begin


def sentence_end(text: str, begin: int, limit: int) -> int:
    stop = min(limit, begin + STATEMENT_CHARS)
    found = SENTENCE_END.search(text, begin, stop)
    return stop if found is None else found.start()


def find_unescaped(text: str, delimiter: str, start: int, stop: int) -> int:
    """The first ``delimiter`` in ``text[start:stop]`` not escaped by a backslash (``\\$``)."""
    at = text.find(delimiter, start, stop)
    while at > 0 and text[at - 1] == "\\" and delimiter[0] == "$":
        at = text.find(delimiter, at + 1, stop)
    return at


def rfind_unescaped(text: str, delimiter: str, start: int, stop: int) -> int:
    """The last ``delimiter`` in ``text[start:stop]`` not escaped by a backslash."""
    at = text.rfind(delimiter, start, stop)
    while at > 0 and text[at - 1] == "\\" and delimiter[0] == "$":
        at = text.rfind(delimiter, start, at)
    return at


def without_currency(text: str) -> str:
    """``text`` with the dollar signs that price amounts blanked out, so that no reader pairs them
    as math delimiters ("So Lenny has $25 and Larry has $10. Lenny has $15 more." is prose).
    Dollar signs are paired as LaTeX pairs them; a pair whose content opens on a number and
    goes on in prose is no math span, so its opening sign is a price and the next is paired
    afresh. Lengths are kept, so positions in the result are positions in ``text``."""
    dollars = [
        found.start()
        for found in _LONE_DOLLAR.finditer(text)
        if found.start() == 0 or text[found.start() - 1] != "\\"
    ]
    if not dollars:
        return text
    prices = []
    index = 0
    while index < len(dollars):
        at = dollars[index]
        follows = index + 1 < len(dollars)
        if follows and not _currency_between(text, at + 1, dollars[index + 1]):
            index += 2  # a math span
            continue
        if text[at + 1 : at + 2].isdigit():
            prices.append(at)
        index += 1
    if not prices:
        return text
    chars = list(text)
    for at in prices:
        chars[at] = " "
    return "".join(chars)


def _currency_between(text: str, inner: int, close: int) -> bool:
    """Whether what lies between two dollar signs opens on a number and goes on in words of
    prose, not in variables, point names (``ABC``), function names or ``\\text{}``."""
    between = text[inner:close]
    if not between.lstrip()[:1].isdigit():
        return False
    words = [w.lower() for w in _PROSE_IN_MATH.findall(_LATEX_TEXT.sub(" ", between))]
    prose = [word for word in words if word not in _MATH_FUNCTIONS]
    return len(prose) > 1 or any(word in _FUNCTION_WORDS for word in prose)
