"""The text of one answer statement: what a box, a marker or a copula gives as the answer.

``answer.final_answer`` finds where a response states its answer; this module reads what one
statement says (a ``FinalAnswer``): a box's content, the value after "is", "是" or "=", math spans
joined by "and" or "or" into one answer, an assignment to a variable, and the last-math-span and
last-number fallbacks MATH graders use. Finding statements and reading them are apart so that each
can be read, and tested, on its own.
"""

# Full-width Chinese punctuation (：，。) is what this module reads, not a confusable typo:
# ruff: noqa: RUF001, RUF003

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, replace

from mathbench.plugins.checkers.answer_context import MEASURE_WORDS
from mathbench.plugins.checkers.numerals import find_numerals, parse_numeral
from mathbench.plugins.checkers.plain_math import expression_from
from mathbench.plugins.checkers.response_text import (
    MAX_ANSWER_CHARS,
    box_end,
    find_unescaped,
    rfind_unescaped,
)

#: A LaTeX answer's sentence ends at a full stop followed by space, not at ``3.5`` or ``\\ldots``.
_TEXT_SENTENCE_END = re.compile(
    r"\.(?:\s|$)|[\n。；;!?！？]|\bI\s+hope\b|\*\*"
    r"|\s\((?=(?:namely|i\.e\.|e\.g\.|which|since|because|that\s+is|from|when|where)\b)"
    # "The answer is 10101 (= 11 × 991).": an equation in brackets checks the value.
    r"|\s\((?=[^()\n=]{0,60}+=)"
)
_TEXT_LEAD = " \t*_:："

MATH_DELIMITERS = (("\\[", "\\]"), ("\\(", "\\)"), ("$$", "$$"), ("$", "$"))
_JOINED_SPAN = re.compile(
    r"[ \t]*(?:,[ \t]*)?(?:or|and|或者?|和)[ \t]*(?:(?:about|approximately|roughly|possibly|perhaps"
    r"|maybe)[ \t]+)?\$"
    # "is $\\tfrac12$ (or $2$, if …)": an alternative in brackets.
    r"|[ \t]*[(（][ \t]*or[ \t]++\$"
)

_JOINED_BEFORE = re.compile(r"\$[ \t]*(?:,[ \t]*)?(?:or|and|或者?|和)[ \t]*$")

#: Assignments listed by commas (``$a = 1$, $b = -16$``) are one answer too: a tuple's values.
_LISTED_BEFORE = re.compile(r"\$[ \t]*[,，][ \t]*$")
#: An alternative after a bold value ("**84** or **96**").
_OR_AFTER_BOLD = re.compile(r"[ \t]*+,?[ \t]*+(?i:or\b|或者?)[ \t]*+\**+[ \t]*+[-−$]?\d")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_NEXT_SPAN = re.compile(r"[ \t]*+\$")
_LISTED_SPAN = re.compile(r"[ \t]*[,，][ \t]*\$")

_ASSIGNMENT = re.compile(r"\s*\\?[A-Za-z](?:_\{?\w+\}?)?\s*=[^=<>]+")


#: A math span that only names a variable (``$x$``, ``$a_1$``).
VARIABLE = re.compile(r"\s*\\?[A-Za-z](?:_\{?\w+\}?)?\s*")
#: What a Chinese statement says of the math before it: "的个位数字是", "的值为".
_CHINESE_OF = re.compile(r"[ \t]*+的[\u4e00-\u9fff]{0,8}?(?:是|为|等于)")
#: A product of one-letter variables (``abc``, ``xy``).
_LETTERS = re.compile(r"\s*[A-Za-z]{2,4}\s*")
_BOLD_VALUE = re.compile(r"\*\*\s*([^*\n]{0,40}?[0-9][^*\n]{0,40}?)\s*\*\*")

_DEGREES = r"(?:°|\^\\circ|\^\{\\circ\})?"

_ARITHMETIC_CHAIN = re.compile(
    rf"{_DEGREES}(?:[ \t]*(?:[×x*·+\-\u2212/=]|\\times|\\cdot)[ \t]*-?\d+(?:,\d{{3}})*"
    rf"(?:\.\d+)?{_DEGREES})+"
)

_EITHER = re.compile(r"(?i:either)[ \t]+")

_OR_NUMBER = re.compile(
    # A degree sign may close the first value and the second ("either 120° or 240°").
    r"(?:°|\^\\circ)?[ \t]*[,(（]?[ \t]*(?:(?i:or)|或者?|还是)[ \t]*"
    r"(?:(?i:possibly|perhaps|maybe|probably)[ \t]+)?[-−]?\d+(?:,\d{3})*(?:\.\d+)?(?:/\d+)?°?"
)

#: A variable named before its value in a list of values ("x = " in "are x = −5 and x = 3").
_NAMED_VALUE = re.compile(r"[A-Za-z][ \t]*+=[ \t]*+")

#: One more value of a list joined by "and" ("are −5 and 3", "are 2, 7, and 9").
_AND_NUMBER = re.compile(
    r"[ \t]*+(?:,[ \t]*+(?:and[ \t]++)?|and[ \t]++)(?:[A-Za-z][ \t]*+=[ \t]*+)?"
    r"[-−]?\d++(?:\.\d++)?+(?:/\d++)?+(?![\d,.]?\d|[ \t]*+[A-Za-z(])"
)

_COMPOUND_ADJECTIVE = re.compile(r"-[A-Za-z]")


#: What makes a number's continuation math: a root, pi, a variable glued to it, an operator.
_MATH_GOES_ON = re.compile(r"[√π²³^]|^[A-Za-z](?![A-Za-z])|[-−+×÷·*/=][ \t]*+[0-9(√π]")

_OPEN_OR_OPERATOR = " \t([-−+×÷·*/^=,"


#: What says a variable's value after its name: 的值是, 为, =, "is", "equals".
_VARIABLE_COPULA = re.compile(
    r"[ \t]*+(?:[\u4e00-\u9fff]{0,10}?(?:是|为|等于)|=|＝|(?i:is|equals)\b)[ \t]*+"
)

#: A statement written as prose: Chinese, or two English words (a unit alone is no prose).
_PROSE_STATEMENT = re.compile(r"[\u4e00-\u9fff]{2}|[A-Za-z]{2,}+[ \t]++[A-Za-z]{2,}+")

_CJK_BEFORE_VALUE = re.compile(r"[\u4e00-\u9fff]{1,4}[ \t]*+(?=[-−]?\d|\$)")

#: What says a value in an answer statement written as prose.
_STATEMENT_COPULA = re.compile(
    # "答：这160个外星人一共有680只眼睛": a total had is said as a copula says it.
    r"(?:是|为|等于|(?:一共|总共|共)有|(?i:\b(?:is|are|was|were|equals)\b))[ \t]*+"
)


#: A number as prose writes it; a Unicode root before it is part of it ("**PD = √34**"), and a
#: time of day is one answer ("arrives at 9:00 AM", "at 4 p.m."), not its hour and minutes.
LAST_NUMBER = re.compile(
    # Scientific notation is one number ("3.2 × 10⁴ feet", "4.5 x 10^6").
    r"\d++(?:\.\d++)?[ \t]*+[×x*·][ \t]*+10(?:\^\{?[-−]?\d{1,3}\}?|[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]{1,4})"
    r"|\d{1,2}(?::[0-5]\d(?![\d:])(?:[ \t]?[AaPp]\.?[Mm](?![A-Za-z])\.?)?"
    r"|[ \t]?[AaPp]\.?[Mm](?![A-Za-z])\.?)"
    # A mixed number ("137 1/2 miles", "3 and 3/8 inches") is one number, not its fraction part.
    r"|(?:√(?=\d))?[-−]?(?:\d++[ \t](?:and[ \t])?(?=\d++/[1-9]))?"
    r"\d+(?:,\d{3})*(?:\.\d+)?(?:/\d+)?%?"
)


@dataclass(frozen=True)
class Statement:
    """Where a response states its answer: ``response[begin:end]``, found by ``source``
    (``"\\boxed{}"``, or the marker as written: ``"答："``, ``"answer is"``) at ``start``;
    ``after`` is where the box or marker itself ends."""

    start: int
    after: int
    begin: int
    end: int
    source: str
    #: A sentence opening with 所以/So rather than a box or marker: it concludes numbers, but its
    #: text is a whole sentence, which ``final_answer`` reads as a concluding line instead.
    concluding: bool = False


@dataclass(frozen=True)
class FinalAnswer:
    """The text a response gives as its final answer: ``response[start:end] == text``.

    ``source`` is ``"\\boxed{}"``, ``"answer marker"``, ``"last line"`` (what a concluding
    sentence says), ``"last math"`` or ``"last number"``. ``refused``: an answer no box or marker
    commits to is followed by a refusal ("the projection of $v$ onto it cannot be determined");
    after a marked answer, a refusal is about something else ("… \\boxed{1}. We can't solve for
    $A$ and $B$ because …").
    """

    text: str
    start: int
    end: int
    source: str
    refused: bool = False


def statement_text(response: str, statement: Statement, limit: int) -> FinalAnswer | None:
    """A statement's answer as text: a box's content, or the math span or sentence after a
    marker; None for a marker followed by nothing."""
    if statement.source == "\\boxed{}":
        close = box_end(response, statement.begin, limit)
        return trimmed(response, statement.begin, close, "\\boxed{}")
    begin = statement.after
    while begin < limit and response[begin] in _TEXT_LEAD:
        begin += 1
    stop = min(limit, begin + MAX_ANSWER_CHARS)
    for opening, closing in MATH_DELIMITERS:
        if response.startswith(opening, begin):
            close = find_unescaped(response, closing, begin + len(opening), stop)
            if close > 0:
                said = _said_of_variable(response, begin + len(opening), close, closing, stop)
                if said is not None:
                    return said
                close = _joined_spans_end(response, close, stop)
                return trimmed(response, begin + len(opening), close, "answer marker")
    ending = _TEXT_SENTENCE_END.search(response, begin, stop)
    end = ending.start() if ending is not None else stop
    bold = _BOLD_VALUE.match(response, end, stop)
    if bold is not None and _OR_AFTER_BOLD.match(response, bold.end(), stop):
        # "the answer is either **84** or **96**": both alternatives, a hedge, never the first.
        line_end = response.find("\n", bold.end(), stop)
        return trimmed(response, begin, stop if line_end < 0 else line_end, "answer marker")
    if bold is not None and not any(c.isdigit() for c in response[begin:end]):
        # "**Answer:** Pam pays **$10** more than Susan.": the value is the bold part.
        return trimmed(response, bold.start(1), bold.end(1), "answer marker")
    sentence_end = end
    while end > begin and response[end - 1] in " \t*_$":
        end -= 1
    if end <= begin:
        return None
    said = _said_in_prose(response, begin, sentence_end)
    return said or trimmed(response, begin, end, "answer marker")


def _said_in_prose(response: str, begin: int, end: int) -> FinalAnswer | None:
    """The value an answer statement written as prose gives: the one after its last copula
    ("答：144 和 405 的最大公因数是 9", "答：余数是 0"), else the one it opens with ("Answer: 11
    cars are 4-door and red."), else its only numeral; None for a statement that is no prose
    (``3x + 2``, ``18个``)."""
    if not _PROSE_STATEMENT.search(response, begin, end):
        return None
    said = None
    for copula in _STATEMENT_COPULA.finditer(response, begin, end):
        # "是每小时 6 英里": a few characters naming the unit may come before the value.
        after = _CJK_BEFORE_VALUE.match(response, copula.end(), end)
        value = value_at(response, copula.end(), end) or (
            value_at(response, after.end(), end) if after else None
        )
        said = value or said
    # "Answer: 11 cars are …" opens on its value; "答：一升水有 4000 滴" opens on a given.
    opening = None if _CJK.match(response, begin) else value_at(response, begin, end)
    said = said or opening or _one_numeral(response, begin, end)
    return None if said is None else replace(said, source="answer marker")


def _one_numeral(response: str, begin: int, end: int) -> FinalAnswer | None:
    """The numeral of a prose statement that holds just one ("答：袋子里有15颗蓝色弹珠"), or just
    one counted with a measure word; None for none or several."""
    found = find_numerals(response, begin, end)
    if len(found) > 1:
        # "答：恰好含一个0的整数有162个": the one counted with a measure word.
        found = [n for n in found if response[n.end : n.end + 1] in MEASURE_WORDS]
    if len(found) != 1:
        return None
    return FinalAnswer(found[0].text, found[0].start, found[0].end, "answer marker")


def _said_of_variable(
    response: str, inner: int, close: int, closing: str, stop: int
) -> FinalAnswer | None:
    """The value an answer statement gives a variable (or a product of variables) it opens with
    ("答：$c$ 的值是 90。", "Answer: $x$ is $7$", "答：$abc$ 的值为 $-120$"); None when the
    statement does not open so."""
    named = VARIABLE.fullmatch(response, inner, close) or _LETTERS.fullmatch(response, inner, close)
    # "$x$", a product of variables named in letters ("$abc$ 的值为 -120"), or any math a Chinese
    # statement then says something of ("答：$18^6$ 的个位数字是 4。")
    if not named and _CHINESE_OF.match(response, close + len(closing), stop) is None:
        return None
    copula = _VARIABLE_COPULA.match(response, close + len(closing), stop)
    if copula is None:
        return None
    said = value_at(response, copula.end(), stop)
    return None if said is None else replace(said, source="answer marker")


def _joined_spans_end(response: str, close: int, limit: int) -> int:
    """Where ``$a$ or $b$`` ends, for a dollar span closing at ``close``: answers joined by "or"
    or "and" are one answer of several values (``k = 4`` or ``k = 0``), never only the first."""
    opening = rfind_unescaped(response, "$", 0, close)
    while True:
        if response[close] != "$":
            return close
        joined = _JOINED_SPAN.match(response, close + 1, limit)
        if joined is None and response[close - 1] == ",":
            # "$a,$ $c$": the comma inside the span goes on to the next.
            joined = _NEXT_SPAN.match(response, close + 1, limit)
        listed = None if joined is not None else _LISTED_SPAN.match(response, close + 1, limit)
        joint = joined or listed
        if joint is None:
            return close
        following = find_unescaped(response, "$", joint.end(), limit)
        if following < 0:
            return close
        if listed is not None and not _assigns(response, opening + 1, close, joint.end()):
            return close
        opening, close = joint.end() - 1, following


def joined_spans_start(response: str, start: int, floor: int) -> int:
    """Where ``$a$ or $b$`` starts, for a dollar span opening right before ``start``."""
    while True:
        if start < 1 or response[start - 1] != "$":
            return start
        before = _JOINED_BEFORE.search(response, floor, start - 1)
        listed = None if before is not None else _LISTED_BEFORE.search(response, floor, start - 1)
        if before is None and listed is None:
            return start
        joint = before or listed
        assert joint is not None
        opening = rfind_unescaped(response, "$", floor, joint.start())
        if opening < 0 or not _joinable(response[opening + 1 : joint.start()]):
            return start
        if listed is not None and not _assigns(response, opening + 1, joint.start(), start):
            return start
        start = opening + 1


def _assigns(response: str, earlier: int, earlier_end: int, later: int) -> bool:
    """Whether two comma-listed math spans (the earlier one ``response[earlier:earlier_end]``,
    the later one opening at ``later``) both assign a value to a variable."""
    later_end = find_unescaped(response, "$", later, later + MAX_ANSWER_CHARS)
    return (
        later_end > 0
        and _ASSIGNMENT.fullmatch(response, earlier, earlier_end) is not None
        and _ASSIGNMENT.fullmatch(response, later, later_end) is not None
    )


def _joinable(span: str) -> bool:
    """Whether a math span joined to the next by "and"/"or" is one of its values (``k = 4``,
    ``4``), not a step towards it (``\\log_2 x = 2`` and ``x = 4``)."""
    left, equals, _ = span.partition("=")
    return not equals or VARIABLE.fullmatch(left) is not None


def value_at(response: str, begin: int, limit: int) -> FinalAnswer | None:
    """A math span or a number starting right at ``begin`` (markdown bold allowed)."""
    at = begin
    while at < limit and response[at] in " *_":
        at += 1
    either = _EITHER.match(response, at, limit)
    if either is not None:
        at = either.end()  # "is either 4 or 8": the alternatives are read below
    named = _NAMED_VALUE.match(response, at, limit)
    if named is not None and LAST_NUMBER.match(response, named.end(), limit):
        at = named.end()  # "The solutions are x = −5 and x = 3": the values, not their name
    for opening, closing in MATH_DELIMITERS:
        if response.startswith(opening, at):
            close = find_unescaped(response, closing, at + len(opening), limit)
            if close > 0:
                close = _joined_spans_end(response, close, limit)
                return trimmed(response, at + len(opening), close, "last line")
            return None
    number = LAST_NUMBER.match(response, at, limit)
    if number is not None and _COMPOUND_ADJECTIVE.match(response, number.end(), limit):
        return None  # "are 4-door and red": a number in an adjective describes, it is no value
    if number is None:
        # "Mary is eighteen years old": a number in words.
        worded = find_numerals(response, at, min(limit, at + 40), words=True)
        # "is one-quarter of that": a hyphenated number word names a part, not the value.
        if worded and worded[0].start == at and response[worded[0].end : worded[0].end + 1] != "-":
            return FinalAnswer(worded[0].text, worded[0].start, worded[0].end, "last line")
        return None
    end = number.end()
    while (alternative := _OR_NUMBER.match(response, end, limit)) is not None:
        end = alternative.end()  # "4 or 8" is two answers, never only the first
    if end > number.end() and _all_equal(LAST_NUMBER.findall(response, number.start(), end)):
        end = number.end()  # "7/2, or 3.5": the same value said twice is one answer
    while (listed := _AND_NUMBER.match(response, end, limit)) is not None:
        end = listed.end()  # "are −5 and 3": the values listed are the answer together
    chain = _ARITHMETIC_CHAIN.match(response, end, limit)
    if chain is not None and "=" in chain[0]:
        end = chain.end()  # "is 3 × 97 = 291": the worked value, read to its result
    elif end == number.end():
        end = _math_after_number(response, number.start(), end, limit)
    return FinalAnswer(response[number.start() : end], number.start(), end, "last line")


def _all_equal(numbers: list[str]) -> bool:
    """Whether numbers as prose writes them (``7/2``, ``3.5``, ``1,024``) have one value; a root
    (``√3``) is no plain number, so "√3, or 3" stays two answers."""
    read = [parse_numeral(number) for number in numbers]
    return all(read) and len({numeral.value for numeral in read if numeral}) == 1


def _math_after_number(response: str, start: int, end: int, limit: int) -> int:
    """Where a value that goes on in plain math ends ("is 4√13 feet", "is 49π"), or ``end``
    when it does not go on: the number alone, or brackets left open."""
    extended = expression_from(response, start, limit)
    while extended > end and response[extended - 1] in _OPEN_OR_OPERATOR:
        extended -= 1
    more = response[end:extended]
    text = response[start:extended]
    if not _MATH_GOES_ON.search(more) or text.count("(") != text.count(")"):
        return end
    return extended


def last_math_span(response: str, start: int, end: int) -> FinalAnswer | None:
    """The last non-empty ``$...$``, ``$$...$$``, ``\\(...\\)`` or ``\\[...\\]``."""
    best: FinalAnswer | None = None
    for opening, closing in MATH_DELIMITERS:
        close = rfind_unescaped(response, closing, start, end)
        if close < 0 or (best is not None and best.end >= close):
            continue
        open_at = rfind_unescaped(response, opening, max(start, close - MAX_ANSWER_CHARS), close)
        inner = open_at + len(opening)
        if open_at < 0 or inner >= close:
            continue
        best = trimmed(response, inner, close, "last math")
    return best


def last_number(response: str, start: int, end: int) -> FinalAnswer | None:
    last = deque(LAST_NUMBER.finditer(response, max(start, end - MAX_ANSWER_CHARS), end), maxlen=1)
    if not last:
        return None
    found = last[0]
    return FinalAnswer(found.group(0), found.start(), found.end(), "last number")


def trimmed(response: str, start: int, end: int, source: str) -> FinalAnswer:
    """The answer in ``response[start:end]`` without surrounding white space."""
    while start < end and response[start].isspace():
        start += 1
    while end > start and response[end - 1].isspace():
        end -= 1
    return FinalAnswer(response[start:end], start, end, source)
