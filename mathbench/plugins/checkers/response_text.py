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
