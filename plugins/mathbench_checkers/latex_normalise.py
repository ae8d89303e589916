"""Finding a response's final LaTeX answer, and writing answers in one canonical spelling.

Both steps are plain string work that any input finishes in linear time: the response is scanned
with ``str.rfind`` and regular expressions without nested quantifiers, and nothing longer than
``MAX_ANSWER_CHARS`` is ever normalised or handed to the parser. Answers are untrusted model
output, so nothing here evaluates anything.

Normalising removes what does not change an answer's meaning for a MATH grader: dollar signs and
``\\$``, ``\\left``/``\\right``, spacing commands, ``\\dfrac``/``\\tfrac``, ``\\%`` (a MATH answer
asked "what percent" is graded by its number), thousands separators (``10,\\!080``), units in
``\\text{}``/``\\mbox{}`` or as trailing words (``5.4 \\text{ cents}``, ``864 \\mbox{ inches}^2``,
``18 dollars``), ``\\text{ and }`` between answers (read as a comma), and a trailing full stop.
Degree marks are left to the parser, which needs them inside ``\\cos 13^\\circ``.
"""

# Full-width Chinese punctuation is what this module reads, not a confusable typo:
# ruff: noqa: RUF001

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass

#: An extracted answer longer than this is no final answer (MATH's longest golden is 81
#: characters); it is reported as too long instead of being parsed.
MAX_ANSWER_CHARS = 1_000

_BOXED = ("\\boxed", "\\fbox")
_MARKER = re.compile(
    r"(?i:final\s+answer\s*(?:is|:)|answer\s*(?:is|:|=)|answer\s+would\s+be)"
    r"|答案\s*(?:是|为|[:：])|答\s*[:：]"
)
_MATH_DELIMITERS = (("\\[", "\\]"), ("\\(", "\\)"), ("$$", "$$"), ("$", "$"))
_SENTENCE_END = re.compile(r"\.(?:\s|$)|[\n。；;!?！？]|\bI\s+hope\b")

_SPACING = re.compile(r"(?<!\\)\\[!,;: ]|\\q?quad\b|~|\\displaystyle\b|\\limits\b")
_LEFT_RIGHT = re.compile(
    r"\\(?:left|right|big|Big|bigg|Bigg)[lr]?(?![A-Za-z])\s*(?=[()\[\]{}|.\\])"
)
_LEFT_RIGHT_DOT = re.compile(r"\\(?:left|right)\.")
_FRAC_SPELLINGS = re.compile(r"\\[dtc]frac(?![A-Za-z])")
_BINOM_SPELLINGS = re.compile(r"\\[dt]binom(?![A-Za-z])")
_TEXT_COMMANDS = re.compile(
    r"\\(?:mbox|mathrm|textrm|textbf|textit|mathbf|mathit|operatorname|text)\s*\{([^{}]*)\}"
)
_TEXT_AND = re.compile(r"\\text\s*\{\s*(?:and|or|,)\s*\}|\s+(?:and|or)\s+")
_PERCENT = re.compile(r"\\?%")
_DOLLARS = re.compile(r"\\\$|\$")
_GROUPED = re.compile(r"(?<![\d.])\d{1,3}(?:,\d{3})+(?![\d])")
_GROUPING_MARK = re.compile(r"(?<=\d)(?:,\s*\\!\s*|\{,\})(?=\d{3})")
#: Units a MATH answer or a model writes after a number, as ``\\text{}`` or as plain words; the
#: optional ``^2``/``^3`` keeps ``15\\mbox{ cm}^2`` a unit.
_TEXT_UNIT = re.compile(
    r"(?:(?<=[\d})\].\s])|(?<=\\pi))\s*\\text\s*\{\s*[A-Za-z][A-Za-z .]*\}(?:\s*\^\s*\{?[23]\}?)?"
)
_WORD_UNIT = re.compile(
    r"(?:(?<=[\d})\]])|(?<=\\pi))\s+(?!(?i:sin|cos|tan|cot|sec|csc|log|ln|exp|and|or|[ap]\.?m)\b)"
    r"[A-Za-z][A-Za-z]+(?:\s+[A-Za-z][A-Za-z]+){0,3}\.?(?:\s*\^\s*\{?[23]\}?)?\s*$"
)
_TRAILING = re.compile(r"[\s.,;]+$")
_REPEATED_COMMAS = re.compile(r",(?:\s*,)+")


@dataclass(frozen=True)
class FinalAnswer:
    """The span of a response read as its final answer, and how it was found.

    ``response[start:end] == text``; ``source`` is ``"\\boxed{}"``, ``"answer marker"``,
    ``"last math"`` or ``"last number"``.
    """

    text: str
    start: int
    end: int
    source: str


def extract_final_answer(response: str) -> FinalAnswer | None:
    """The final answer of a response: the last ``\\boxed{}`` (braces balanced), else what
    follows the last "The answer is" (or "Final Answer:", "答案是"), else the last math span
    (``$...$``, ``\\(...\\)``, ``\\[...\\]``), else the last number. None when there is none.
    """
    boxed = _last_boxed(response)
    if boxed is not None:
        return boxed
    marked = _after_last_marker(response)
    if marked is not None:
        return marked
    math = _last_math_span(response)
    if math is not None:
        return math
    return _last_number(response)


def normalise(answer: str) -> str:
    """One spelling of an answer (see the module docstring), spaces kept for the parser."""
    text = answer.strip()
    for wrapper in _BOXED:
        if text.startswith(wrapper + "{") and text.endswith("}"):
            text = text[len(wrapper) + 1 : -1]
    text = _LEFT_RIGHT_DOT.sub(" ", text)
    text = _LEFT_RIGHT.sub("", text)
    text = _GROUPING_MARK.sub("", text)
    text = _SPACING.sub(" ", text)
    text = _FRAC_SPELLINGS.sub(r"\\frac", text)
    text = _BINOM_SPELLINGS.sub(r"\\binom", text)
    text = _DOLLARS.sub("", text)
    text = _PERCENT.sub("", text)
    text = _REPEATED_COMMAS.sub(",", _TEXT_AND.sub(", ", text))
    stripped = _TEXT_UNIT.sub("", text)
    if stripped.strip():
        text = stripped
    text = _TEXT_COMMANDS.sub(lambda m: m.group(1), text)
    text = _WORD_UNIT.sub("", text)
    if not any(bracket in text for bracket in "([{"):
        text = _GROUPED.sub(lambda m: m.group(0).replace(",", ""), text)
    return _TRAILING.sub("", text).strip()


def comparison_key(normalised: str) -> str:
    """The string two normalised answers are compared by first: no spaces at all."""
    return "".join(normalised.split())


def _last_boxed(response: str) -> FinalAnswer | None:
    at = max(response.rfind(wrapper) for wrapper in _BOXED)
    if at < 0:
        return None
    brace = at + len("\\boxed") if response.startswith("\\boxed", at) else at + len("\\fbox")
    while brace < len(response) and response[brace] in " \t":
        brace += 1
    if not response.startswith("{", brace):
        return None
    depth = 0
    stop = min(len(response), brace + MAX_ANSWER_CHARS + 2)
    for index in range(brace, stop):
        char = response[index]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return _trimmed(response, brace + 1, index, "\\boxed{}")
    # Unbalanced or too long: the opening is reported as the answer, so that a reviewer sees it.
    return _trimmed(response, brace + 1, stop, "\\boxed{}")


def _after_last_marker(response: str) -> FinalAnswer | None:
    last = _last_match(_MARKER, response, 0)
    if last is None:
        return None
    begin = last.end()
    while begin < len(response) and response[begin] in " \t*_:：":
        begin += 1
    limit = min(len(response), begin + MAX_ANSWER_CHARS)
    for opening, closing in _MATH_DELIMITERS:
        if response.startswith(opening, begin):
            close = _find_unescaped(response, closing, begin + len(opening), limit)
            if close > 0:
                start = begin + len(opening)
                return _trimmed(response, start, close, "answer marker")
    ending = _SENTENCE_END.search(response, begin, limit)
    end = ending.start() if ending is not None else limit
    while end > begin and response[end - 1] in " \t*_$":
        end -= 1
    if end <= begin:
        return None
    return _trimmed(response, begin, end, "answer marker")


def _last_math_span(response: str) -> FinalAnswer | None:
    """The last non-empty ``$...$``, ``$$...$$``, ``\\(...\\)`` or ``\\[...\\]``."""
    best: FinalAnswer | None = None
    for opening, closing in _MATH_DELIMITERS:
        close = _rfind_unescaped(response, closing, 0, len(response))
        if close < 0 or (best is not None and best.end >= close):
            continue
        open_at = _rfind_unescaped(response, opening, max(0, close - MAX_ANSWER_CHARS), close)
        start = open_at + len(opening)
        if open_at < 0 or start >= close:
            continue
        best = _trimmed(response, start, close, "last math")
    return best


def _trimmed(response: str, start: int, end: int, source: str) -> FinalAnswer:
    """The answer in ``response[start:end]`` without surrounding white space."""
    while start < end and response[start].isspace():
        start += 1
    while end > start and response[end - 1].isspace():
        end -= 1
    return FinalAnswer(response[start:end], start, end, source)


def _find_unescaped(text: str, delimiter: str, start: int, stop: int) -> int:
    """The first ``delimiter`` in ``text[start:stop]`` not escaped by a backslash (``\\$``)."""
    at = text.find(delimiter, start, stop)
    while at > 0 and text[at - 1] == "\\" and delimiter[0] == "$":
        at = text.find(delimiter, at + 1, stop)
    return at


def _rfind_unescaped(text: str, delimiter: str, start: int, stop: int) -> int:
    """The last ``delimiter`` in ``text[start:stop]`` not escaped by a backslash."""
    at = text.rfind(delimiter, start, stop)
    while at > 0 and text[at - 1] == "\\" and delimiter[0] == "$":
        at = text.rfind(delimiter, start, at)
    return at


_LAST_NUMBER = re.compile(r"-?\d+(?:,\d{3})*(?:\.\d+)?(?:/\d+)?")


def _last_number(response: str) -> FinalAnswer | None:
    found = _last_match(_LAST_NUMBER, response, max(0, len(response) - MAX_ANSWER_CHARS))
    if found is None:
        return None
    return FinalAnswer(found.group(0), found.start(), found.end(), "last number")


def _last_match(pattern: re.Pattern[str], text: str, start: int) -> re.Match[str] | None:
    last = deque(pattern.finditer(text, start), maxlen=1)
    return last[0] if last else None
