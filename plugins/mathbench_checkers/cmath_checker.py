"""The CMATH paper's answer checker (Wei et al. 2023, arXiv 2306.16636), as a working tool.

The paper judges free-form answers automatically and reports 96% precision and 98% recall against
human judgement. Its published tool (``eval.py`` with ``utils.py`` in XiaoMi/cmath) cannot run as
published (``extract_digits_prediction`` calls ``has_exception`` with an argument it does not
take), so this module re-implements the method; no code is taken from it. What the method is:

* It reads the response only, never the question, and looks for the numerals that likely form the
  concluded answer: integers, decimals, ``a/b`` and ``\\frac{a}{b}`` fractions, ``a分之b``,
  percentages, with ``1,450`` read as 1450. A numeral counts only where it stands beside Chinese
  text, punctuation, ``=``, ``:`` or a line boundary, so the operands of ``3×6`` are not
  candidates while the ``18`` after ``=`` is.
* Of those candidates it keeps the last two (its default truncation ``"t"``) and calls the
  response correct when either matches the golden answer.
* Two integer literals match only when equal; any other pair matches when the relative difference
  ``|a - b| / (min(|a|, |b|) + 1e-6)`` is below ``1e-2``, i.e. within 1% (so ``3.33`` matches
  ``10/3`` and ``0.4`` matches ``72/180``, but ``1/3`` is 1.01% from a golden ``0.33`` and does
  not). A percentage is its number over 100: golden ``40%`` matches ``40%``, ``0.4`` and ``2/5``,
  and not a bare ``40``. We keep all of this exactly, with exact ``Fraction`` arithmetic.

Where the paper is silent or its tool falls short, we choose, and say why:

* **An explicit conclusion wins.** When the response states its answer (``\\boxed{}``, ``答：``,
  ``答案是``, ``the answer is``, ``Answer:``, ``####``), the candidates are the numerals of the
  last such statement that has any, not the last two of the whole text: checks (``验算：…``)
  and other remarks after the answer then cannot stand in for it, which is the paper's own
  intent ("numerals that form the concluded answer"). Without one, the last-two rule applies.
* **English and LaTeX responses.** The paper's context rule needs Chinese text around a number;
  ours asks instead that a numeral be no arithmetic operand, no left-hand side of ``=``, no list
  or step number (``1.``, ``第1步``, ``Step 1``) and not negated (``不是18``), so ``The answer is
  18`` is read too, and so are ``\\dfrac``, mixed numbers, full-width digits and negative numbers.
* **Number words** (``二十四``, ``twenty-four``) are read in an answer statement, or a response,
  that offers no other numeral; elsewhere the same characters make ordinary words (``一共``).
* **Hedging** between two different values (``18或20``, ``18 or 20``) or a range (``20到25``)
  is no answer a teacher accepts: it is judged wrong, though the paper's rule would accept it.
* **Restated givens and questions.** Without a conclusion statement, numerals in a sentence that
  restates the problem (``已知…``, ``题目中…``, ``Given …``, until a ``所以``/``=``/``so``) or
  asks a question (ends in ``？``) are not candidates, nor are the operands of worded arithmetic
  (``25除以5``, ``3 times 6``): the paper's context rule would take them.
* **Broken-off responses.** Without a conclusion statement, a response that stops on a dangling
  word (``然后再减去``, ``所以``, ``, so``) never concluded, and is judged wrong whatever its last
  numerals are; the paper's rule would take them.
* **Runaway output.** A small model often answers and then writes a new problem of its own
  (``答：18\\n问题2：…``); the response is cut where such a new turn begins after an answer.
* **Bounds.** Only the last ``REGION_CHARS`` characters before that cut are read (the concluded
  answer is at the end, and the paper reads only the last two numerals anyway), or, when they hold
  no numeral at all (an answer followed by pages of looping filler), the first ``REGION_CHARS``.
  The cut is looked for in the first ``TURN_SEARCH_CHARS`` characters and every regular
  expression is linear, so a response of any length costs a bounded time.
* Candidates keep response order; the paper's tool orders them by regex kind per line and then
  deduplicates through a ``set``, which only affects which "last two" it keeps.
"""

# Full-width Chinese punctuation (：，。) is what this module reads, not a confusable typo:
# ruff: noqa: RUF001

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from fractions import Fraction

from mathbench.checker import Checker
from mathbench.types import Candidate, Verdict
from mathbench_checkers.numerals import (
    Form,
    Numeral,
    find_numerals,
    format_value,
    parse_numeral,
)

#: How much of the end of a response is read for its answer.
REGION_CHARS = 8_000
#: How far from the start a runaway continuation (a new problem after the answer) is looked for.
TURN_SEARCH_CHARS = 20_000
#: Longest answer statement (or sentence, looking back) read around a numeral.
STATEMENT_CHARS = 160
#: Longest ``\boxed{...}`` content read.
BOX_CHARS = 200
#: The paper's tolerance: relative difference below 1%, with 1e-6 added to the smaller magnitude.
RELATIVE_TOLERANCE = Fraction(1, 100)
TOLERANCE_FLOOR = Fraction(1, 10**6)
#: The paper's truncation: the last two candidates when no answer statement is found.
LAST_CANDIDATES = 2
#: How many of the last answer statements are looked at (a loop of ``答：`` must stay cheap).
LAST_STATEMENTS = 8

# Both patterns start by consuming one character from a small set, which lets the regex engine
# skip ahead to candidates instead of trying every position of a long response; lookbehinds then
# tell which alternative that character began.
_MARKER = re.compile(
    r"[答aA#]"
    r"(?:(?<=答)(?<![回解]答)[ \t]{0,3}[:：]"
    r"|(?<=答)案[^\n。！？!?；;，,：:不]{0,8}?(?:是|为|[:：])"
    r"|(?<=答)案[ \t]{0,3}(?=[0-9])"
    r"|(?<=[aA])(?<![A-Za-z0-9_][aA])(?i:nswer[*_ \t]{0,4}"
    r"(?:is|was|would[ \t]+be|will[ \t]+be|should[ \t]+be|[:：=]))"
    r"|(?<=#)###)"
)
_BOX = re.compile(r"\\(?:boxed|fbox)[ \t]{0,3}\{")
_NEW_TURN = re.compile(
    r"\n[ \t>*#]{0,6}(?:问题|题目|例题|(?i:question|problem|q|user|human|instruction))"
    r"[ \t]{0,3}[0-9一二三四五六七八九十]{0,3}[ \t]{0,3}[:：]"
    r"|<\|(?:im_start|im_end|endoftext|user)"
)
_SENTENCE_END = re.compile(r"[。！？!?；;\n]|\.(?![0-9])")
_STATEMENT_LEAD = " \t\r\n:：*_$=>"
_RESTATEMENT = re.compile(
    r"[ \t>*#-]{0,6}(?:已知|题目|根据题意|由题意|题中|题意|问题中"
    r"|(?i:we\s+know|given|the\s+problem|from\s+the\s+problem|according\s+to\s+the\s+problem))"
)
_CONCLUDING = re.compile(
    r"所以|因此|因而|于是|那么|则|可得|得到|得出|一共|=|(?i:\b(?:so|therefore|thus|hence)\b)"
)
_DANGLING = re.compile(
    r"(?:所以|因此|然后|接着|再|那么|得|是|为|等于|加上|减去|乘以|除以|[=+×÷*/:：-]"
    r"|(?i:\b(?:so|then|and|is|are|to|of|by|the|we|get|gives|equals|plus|minus|times)))$"
)
_HEDGE = re.compile(r"或者|或是|或|还是|也可能|要么|(?i:\bor\b|\beither\b)")
#: A range (20到25, 20~25) is no single answer either; only a short gap makes one.
_RANGE = re.compile(r"^[ \t]{0,2}(?:到|至|~|～|(?i:to))[ \t]{0,2}$")
_OPERATORS = frozenset("+-*/×÷^·=<>≤≥\u2212\uff0b\uff0d\uff0a\uff0f\uff1d")
_LATEX_OPERATORS = ("\\times", "\\div", "\\cdot", "\\pm")
#: Arithmetic in words: Chinese ones are never anything else; English ones only between numbers.
_CHINESE_OPERATORS = ("除以", "乘以", "加上", "减去")
_ENGLISH_OPERATORS = ("times", "plus", "minus", "divided by", "multiplied by")
_NEGATIONS = ("不是", "不为", "不等于", "并非", "而非", "not", "isn't", "≠", "\\neq")
_STEP_WORDS = ("step", "步骤")
#: What follows 第N when N indexes the solution rather than answering: 第1步, 第2题, 第3问.
_INDEXED = "步题问"
_LIST_PUNCTUATION = ".)、\uff09"
_LIST_LEAD = " \t>*#-"
_CLOSERS = ")]\uff09"
_OPENERS = "([\uff08"
_QUESTION_MARKS = "?？"


@dataclass(frozen=True)
class Conclusion:
    """The numerals a response offers as its answer, and where they were found.

    ``source`` is ``"\\boxed{}"``, the marker text (``"答："``, ``"answer is"``), or
    ``"last numerals"`` when the paper's last-two rule was used. ``hedged`` says the response
    offers two different values as alternatives; ``broken_off`` that it stops mid-sentence with
    no conclusion statement.
    """

    numerals: tuple[Numeral, ...]
    source: str
    hedged: bool = False
    broken_off: bool = False


def conclude(response: str) -> Conclusion:
    """The concluded answer of a response, as the CMATH method reads it (bounded in time)."""
    start, end = _region(response)
    conclusion = _conclude_in(response, start, end)
    if conclusion.numerals or start == 0:
        return conclusion
    head_end = min(start, REGION_CHARS)
    # Never end inside a number either.
    while (
        head_end > 0 and _numeral_char(response[head_end - 1]) and _numeral_char(response[head_end])
    ):
        head_end -= 1
    return _conclude_in(response, 0, head_end)


def _conclude_in(response: str, start: int, end: int) -> Conclusion:
    """The concluded answer within ``response[start:end]``."""
    statements: list[tuple[int, int, int, str]] = []
    for box in _BOX.finditer(response, start, end):
        statements.append((box.start(), box.end(), _box_end(response, box.end(), end), "\\boxed{}"))
    for marker in _MARKER.finditer(response, start, end):
        begin = _skip_lead(response, marker.end(), end)
        statements.append((marker.start(), begin, _sentence_end(response, begin, end), marker[0]))
    for _, begin, stop, source in sorted(statements, reverse=True)[:LAST_STATEMENTS]:
        numerals = [
            n for n in _in_context(response, begin, stop, start) if _answer_like(response, n)
        ]
        if numerals:
            return Conclusion(tuple(numerals), source.strip(), _hedged(response, numerals))
    # The paper's window: the last two numerals in context. Those in it that cannot be the answer
    # are dropped, not replaced by earlier ones, which would be intermediate values.
    window = _in_context(response, start, end, start)[-LAST_CANDIDATES:]
    numerals = [
        n for n in window if _answer_like(response, n) and not _restated(response, n, start)
    ]
    tail = response[window[-1].end if window else start : end].rstrip()
    return Conclusion(
        tuple(numerals),
        "last numerals",
        hedged=_hedged(response, numerals),
        broken_off=_DANGLING.search(tail[-16:]) is not None,
    )


def values_match(candidate: Numeral, golden: Numeral) -> bool:
    """The paper's rule: integer literals exactly, anything else within 1% relative difference."""
    if candidate.form is Form.INTEGER and golden.form is Form.INTEGER:
        return candidate.value == golden.value
    a, b = candidate.value, golden.value
    return abs(a - b) < RELATIVE_TOLERANCE * (min(abs(a), abs(b)) + TOLERANCE_FLOOR)


class CmathChecker(Checker):
    """The CMATH paper's checker: do the numerals of the concluded answer match the golden one?"""

    name = "cmath"
    description = (
        "CMATH paper: numerals of the concluded answer match golden within 1% (ints exact)"
    )

    def check(self, response: str, golden: str) -> Verdict:
        gold = parse_numeral(golden)
        conclusion = conclude(response)
        candidates = tuple(
            Candidate(
                text=n.text,
                start=n.start,
                end=n.end,
                value=format_value(n.value),
                matches=gold is not None and values_match(n, gold),
            )
            for n in conclusion.numerals
        )
        if not candidates:
            return Verdict(False, (), self.name, "no numeral found in the response")
        read = ", ".join(c.value for c in candidates)
        where = f"{read} ({conclusion.source})"
        if gold is None:
            return Verdict(False, candidates, self.name, f"golden {golden!r} is not a number")
        if conclusion.hedged:
            return Verdict(False, candidates, self.name, f"hedges between {where}")
        if conclusion.broken_off:
            return Verdict(False, candidates, self.name, f"breaks off before concluding, {where}")
        correct = any(c.matches for c in candidates)
        verb = "matches" if correct else "does not match"
        return Verdict(correct, candidates, self.name, f"{where} {verb} golden {golden.strip()}")


def _region(text: str) -> tuple[int, int]:
    """The span of the response that is read: its tail, before any runaway continuation."""
    end = len(text)
    head = text[:TURN_SEARCH_CHARS]
    answered = [m.end() for m in (_MARKER.search(head), _BOX.search(head)) if m is not None]
    if answered:
        turn = _NEW_TURN.search(head, min(answered))
        if turn is not None:
            end = turn.start()
    start = max(0, end - REGION_CHARS)
    # Never start inside a number: a cut 12345 must not be read as 345.
    while 0 < start < end and _numeral_char(text[start - 1]) and _numeral_char(text[start]):
        start += 1
    return start, end


def _numeral_char(char: str) -> bool:
    return char.isdigit() or char in ",./%" or char in "零一二两三四五六七八九十百千万亿"


def _box_end(text: str, begin: int, limit: int) -> int:
    """Where the braces opened just before ``begin`` close (or the read limit)."""
    depth = 1
    stop = min(limit, begin + BOX_CHARS)
    for index in range(begin, stop):
        if text[index] == "{":
            depth += 1
        elif text[index] == "}":
            depth -= 1
            if depth == 0:
                return index
    return stop


def _skip_lead(text: str, begin: int, limit: int) -> int:
    """Past the colons, spaces and markup between a marker and its answer (``答案：\\n**18**``)."""
    stop = min(limit, begin + 12)
    while begin < stop and text[begin] in _STATEMENT_LEAD:
        begin += 1
    return begin


def _sentence_end(text: str, begin: int, limit: int) -> int:
    stop = min(limit, begin + STATEMENT_CHARS)
    found = _SENTENCE_END.search(text, begin, stop)
    return stop if found is None else found.start()


def _in_context(text: str, begin: int, stop: int, floor: int) -> list[Numeral]:
    """The numerals of a span that stand where an answer can, as the paper's context rule asks.

    Operands of written arithmetic, left-hand sides of ``=``, and list, step or ordinal numbers
    are left out. Number words are read only when the span has no other numeral.
    """
    for words in (False, True):
        numerals = [
            n
            for n in find_numerals(text, begin, stop, words=words)
            if not (
                _left_operand(text, n)
                or _right_operand(text, n, floor)
                or _list_number(text, n, floor)
            )
        ]
        if numerals:
            return numerals
    return []


def _answer_like(text: str, numeral: Numeral) -> bool:
    """Whether a numeral in context may be the answer: no operand of worded arithmetic
    (``25除以5``, ``3 times 6``, which the paper's context rule keeps) and not negated (``不是18``).
    """
    after_at = _skip_spaces(text, numeral.end)
    following = text[after_at : after_at + 16].casefold()
    lead = text[max(0, numeral.start - 16) : numeral.start].rstrip(" \t$({[").casefold()
    if following.startswith(_CHINESE_OPERATORS) or lead.endswith(_CHINESE_OPERATORS + _NEGATIONS):
        return False
    for word in _ENGLISH_OPERATORS:
        if following.startswith(word) and _next_char(text, after_at + len(word)).isdigit():
            return False
        if lead.endswith(word) and lead[: -len(word)].rstrip()[-1:].isdigit():
            return False
    return True


def _left_operand(text: str, numeral: Numeral) -> bool:
    """``3`` in ``3×6``, ``3 x 6``, ``3 \\times 6`` and ``(3+6)``; ``18`` in ``18=``."""
    after_at = _skip_spaces(text, numeral.end)
    after = text[after_at : after_at + 1]
    if after == "*" and text[after_at + 1 : after_at + 2] == "*":
        return False  # **18** is markdown bold
    if after and after in _OPERATORS:
        return True
    if after in ("x", "X") and _next_char(text, after_at + 1).isdigit():
        return True
    return text.startswith(_LATEX_OPERATORS, after_at)


def _right_operand(text: str, numeral: Numeral, floor: int) -> bool:
    """``6`` in ``3×6``, ``3 x 6``, ``\\times 6``; also ``第1步`` and ``Step 1``."""
    before_at = _previous_index(text, numeral.start, floor)
    before = text[before_at] if before_at >= floor else ""
    if before == "*" and before_at > floor and text[before_at - 1] == "*":
        return False  # **18** is markdown bold
    following = text[numeral.end : numeral.end + 1]
    if before == "第" and following and following in _INDEXED:
        return True  # 第1步, 第2题; but 第5个 answers "which one?" questions
    if before and before != "=" and before in _OPERATORS:
        return True
    if before in ("x", "X"):
        operand_at = _previous_index(text, before_at, floor)
        if operand_at >= floor and (text[operand_at].isdigit() or text[operand_at] in _CLOSERS):
            return True
    lead = text[max(floor, numeral.start - 16) : numeral.start].rstrip(" \t$({[").casefold()
    return lead.endswith(_LATEX_OPERATORS + _STEP_WORDS)


def _list_number(text: str, numeral: Numeral, floor: int) -> bool:
    """``1. 先算…``, ``2) …``, ``3、…``, ``(1) …`` at the start of a line, before more text."""
    punctuation = text[numeral.end : numeral.end + 1]
    if numeral.form is not Form.INTEGER or not punctuation:
        return False
    if punctuation not in _LIST_PUNCTUATION + _CLOSERS:
        return False
    rest = text[numeral.end + 1 : numeral.end + 40].split("\n", 1)[0]
    if not rest.strip():
        return False
    line_start = max(floor, text.rfind("\n", floor, numeral.start) + 1, numeral.start - 8)
    lead = text[line_start : numeral.start].rstrip()
    if lead.endswith(tuple(_OPENERS)):
        lead = lead[:-1]
    return not lead.strip(_LIST_LEAD) and (line_start == floor or text[line_start - 1] == "\n")


def _restated(text: str, numeral: Numeral, floor: int) -> bool:
    """Whether the numeral sits in a question, or in a restatement of the problem's givens."""
    sentence_start = max(floor, numeral.start - STATEMENT_CHARS)
    for found in _SENTENCE_END.finditer(text, sentence_start, numeral.start):
        sentence_start = found.end()
    ending = _SENTENCE_END.search(text, numeral.end, numeral.end + STATEMENT_CHARS)
    if ending is not None and ending[0] in _QUESTION_MARKS:
        return True
    return (
        _RESTATEMENT.match(text, sentence_start, numeral.start) is not None
        and _CONCLUDING.search(text, sentence_start, numeral.start) is None
    )


def _hedged(text: str, numerals: list[Numeral]) -> bool:
    """Two different values offered as alternatives (``18或20``) or as a range (``20到25``)."""
    for first, second in itertools.pairwise(numerals):
        gap = text[first.end : second.start]
        if values_match(first, second):
            continue
        if (len(gap) <= 40 and _HEDGE.search(gap)) or _RANGE.match(gap):
            return True
    return False


def _skip_spaces(text: str, index: int) -> int:
    """Past up to four spaces and closing brackets: ``(3+6)×2`` has ``6`` before ``×``."""
    stop = min(len(text), index + 4)
    while index < stop and text[index] in " \t" + _CLOSERS:
        index += 1
    return index


def _next_char(text: str, index: int) -> str:
    index = _skip_spaces(text, index)
    return text[index] if index < len(text) else ""


def _previous_index(text: str, index: int, floor: int) -> int:
    """The index of the character before ``index``, past up to four spaces and open brackets."""
    index -= 1
    stop = max(floor, index - 4)
    while index >= stop and text[index] in " \t" + _OPENERS:
        index -= 1
    return index
