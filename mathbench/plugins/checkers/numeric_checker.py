"""The ``numeric`` checker: is the model's concluded answer the golden number, strictly?

Where the CMATH paper's method (``cmath``) accepts a response when *any* of the last two numerals
is within 1% of the golden answer, ``numeric`` reads only what the response concludes and
compares it exactly, the way the field's "strict match" graders do (lm-eval's GSM8K strict match
takes the number right after "The answer is"):

* **What is read.** The answer statement is found by the shared answer reader
  (``answer``: the last ``\\boxed{}``, ``答：``, ``答案是``, "The answer is",
  "Answer:" or ``####``, with operands, list numbers, negated and qualified numbers left out,
  ``3×10⁵`` read as one value, ``\\sqrt{2}`` as no number, and a runaway continuation cut off).
  When the statement names several quantities and the problem text is given, the one the
  question asks for is taken (``question``: by unit, entity, percent and givens); otherwise the
  *last* numeral, because an answer statement usually ends on the quantity asked
  (``答：今年是2024年，小明今年8岁。``). A response that ends by declining to answer
  ("条件不足，无法回答") has no answer, whatever its working computed.
  A golden answer of k parts (ASDiv's
  ``5 (years old); 15 (years old)``) takes the last k numerals (reading on to the end of the
  statement's line when the statement stops short), and every part must match, in order, as a
  human grader marks a multi-part answer. Hedging (``18 or 20``) and a response that breaks off
  mid-sentence are wrong.
* **How values compare** (``policy``: ``Rounding.CORRECT``). Integers and fractions are exact
  rationals and must be equal (``72/180`` equals ``0.4`` and ``2/5``; ``0.67`` is not ``2/3``;
  ``约64`` is not 63.8). A percentage is its number over 100; when the question asks for a
  percentage, "35%" also answers a golden written bare (``35``) and a bare ``35`` a golden
  ``35%``. A decimal the model writes for a golden value with no
  terminating decimal form counts when it is that value correctly rounded at the written places,
  with at least two places and three significant digits (``3.33`` and ``0.333`` for 10/3 and 1/3;
  not ``3.3`` nor ``0.33``); and the other way round, an exact fraction counts for a golden
  decimal that is its correct rounding (``1/3`` for a golden ``0.333``: the data set rounded it).
  A decimal and a golden decimal rounded at other places count as one value when the response
  shows the quotient both round (``85 / 6 ≈ 14.17`` for a golden ``14.2``), and a value and its
  approximation (``16.2857 ≈ 16.29``) are one answer, either form matching.
  When
  either side is written as a decimal, the benchmark's ``Tolerance`` applies as well; the
  default, a relative 1e-9, only forgives float noise such as ``0.30000000000000004``.
* **A benchmark states its own tolerance** by registering a subclass under its own name: Math401
  counts ``|prediction - target| < 1e-3`` as correct, which is ``numeric-1e-3`` below.
* **Golden answers** are read in the forms the staged data sets write: ``18``, ``2.5``,
  ``72/180``, ``40%``, ``1,450``, ``-3``, ``51.0``, a GSM8K solution's ``#### 18``, Math23K's
  ``((2)/(3))`` and ``5((7)/(10))``, ASDiv's ``9 (apples)``, ``-(1/3)``, ``6th`` and ``;``-separated
  parts, Chinese numerals (``二十四``, ``五分之三``). The same bracket forms are read in responses.
  A golden that is no number (ASDiv's ``John``, ``Yes``, ``3:30 p.m.``, ratios such as ``3:4``)
  must appear as words, in order and case-insensitively, in the answer statement's line (or the
  last line).
"""

from __future__ import annotations

import itertools
import re
from collections import deque
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import lru_cache
from typing import ClassVar

from mathbench.checker import Checker
from mathbench.plugins.checkers.answer import REFUSED, conclude, final_answer, worked_from
from mathbench.plugins.checkers.answer_context import (
    IRRATIONALS,
    Expression,
    operand,
    read_numerals,
    scale_of,
)
from mathbench.plugins.checkers.irrational_value import value_around
from mathbench.plugins.checkers.numerals import (
    MAX_DIGITS,
    Form,
    Numeral,
    find_numerals,
    format_value,
    parse_numeral,
)
from mathbench.plugins.checkers.policy import (
    IRRATIONAL_SLACK,
    Rounding,
    Units,
    both_round,
    correctly_rounded,
    rounds_irrational,
)
from mathbench.plugins.checkers.question import (
    NOTHING_ASKED,
    Asked,
    asks_for,
    choose,
    read_question,
)
from mathbench.plugins.checkers.response_text import last_sentence_start
from mathbench.plugins.checkers.units import (
    compound_units,
    contradicts,
    converts,
    in_larger_unit,
    unit_of,
)
from mathbench.types import Candidate, Verdict

#: A label's index after its word ("Side 3:", "Part 2："), which numbers the line, not a part.
_LABEL_INDEX = re.compile(r"[ \t]*+[:\uff1a]")
#: How far before a part's number the name it is said of may stand ("Ana is 17 years": 7).
NAME_REACH = 24
#: A name in a question (capitalised, not its first word): the parts it asks for by name.
_NAME = re.compile(r"(?<![A-Za-z'\u2019])[A-Z][a-z]++(?![A-Za-z])")
#: How much of a response's end is searched for the problem's own expression restated.
RESTATED_READ_CHARS = 4_000
#: A problem that is an arithmetic expression and nothing else (Math401's "71/22=").
_BARE_EXPRESSION = re.compile(r"[\s\d.+\-*/×÷()^%（）]+[=\uff1d]\s*")
#: A quotient followed by its remainder ("= 4 remainder 3", "=4……3", "= 4 R 3"): no value of
#: the division, which the response goes on to work out.
_REMAINDER_AFTER = re.compile(r"[ \t]*+(?:(?i:remainder|rem\b|r(?=[ \t]*+\d))|余|…)")
#: A golden answer has at most this many parts (ASDiv's longest has 3).
MAX_PARTS = 8
#: The most parts tried in every order, for a question that names none of them apart.
MAX_UNORDERED = 4
#: How much of a problem's end is read for how it asks (its question is at the end).
MAX_QUESTION_CHARS = 300
#: How far past the answer statement a multi-part answer, or a worded one, is looked for.
LINE_CHARS = 300

#: At most as many digits as the shared numeral reader reads (``int()`` of a longer run is slow).
_DIGITS = rf"[0-9]{{1,{MAX_DIGITS}}}"
_BRACKET_FRACTION = re.compile(
    rf"(?P<whole>{_DIGITS})?\(\((?P<num>{_DIGITS})\)/\((?P<den>{_DIGITS})\)\)"
    rf"|(?P<sign>[-\u2212])\((?P<inner>{_DIGITS}/{_DIGITS})\)"
)
_UNIT_IN_PARENTHESES = re.compile(r"\s*\((?=[^()]*[^\W\d_])[^()]*\)\s*$")
_ORDINAL = re.compile(rf"^({_DIGITS})(?:st|nd|rd|th)$")
_TOKEN = re.compile(r"[^\W_]+|:")
_DECIMALS = re.compile(r"[.\uff0e点]([0-9\uff10-\uff19零\u3007一二两三四五六七八九]+)")
_ARTICLES = frozenset({"the", "a", "an"})
_INTEGERS = re.compile(r"[0-9]+")
_FULL_WIDTH_DIGITS = str.maketrans({0xFF10 + d: str(d) for d in range(10)})
_RATIO_ASKED = re.compile(r"(?i:\bratio\b)|比是多少|之比|比值")
_CLOCK_TIME = re.compile(r"(?<![0-9:])[0-9]{1,2}[:\uff1a][0-9]{2}(?![0-9:])")
#: A clock time with what says which half of the day it is in (下午2:10, 2:10 p.m., 14:10).
_CLOCK = re.compile(
    r"(?<![0-9:])(上午|早上|下午|晚上)?[ \t]{0,2}([0-9]{1,2})[:\uff1a]([0-9]{2})(?![0-9:])"
    r"(?:[ \t]{0,2}(?i:([ap])\.?[ \t]?m\b\.?))?"
)
_AFTERNOON = ("下午", "晚上")
_MORNING = ("上午", "早上")
#: A question asking for several numbers without naming each ("Find the two numbers.").
_UNORDERED_ASKED = re.compile(
    r"(?i:\b(?:the|two|three|both|these|those)\s+(?:numbers|integers|values)\b"
    r"|\bthe\s+dimensions\b)"
    r"|这两个数|这几个数|两个数(?:各|分别)"
)
#: How far before a number a bound ("at least") is looked for.
BOUND_CHARS = 40
_BOUND_BEFORE = re.compile(
    r"(?i:\bat\s+(?:least|most)|\bno\s+(?:more|less|fewer)\s+than)[ \t*_$]*+"
    # "at least 32 - 25 = 7": the bound is said of the equation's result.
    r"(?:[-\u2212+×x*/÷ .,\d()]*+=[ \t*_$]*+)?$"
)
#: A question that asks for a least or most value, which "at least"/"at most" then answers.
_EXTREME_ASKED = re.compile(
    r"(?i:\b(?:least|most|minimum|maximum|smallest|largest|greatest|fewest|minimal|maximal)\b)"
    r"|最少|至少|最多|至多|最小|最大"
)
_DENIALS = ("not", "isn't", "is not", "不是", "并非", "而非", "不")


@dataclass(frozen=True)
class Tolerance:
    """How far a value may be from the golden one when either is written as a decimal.

    ``absolute`` is strict (``|a - b| < absolute``, as Math401's paper counts); ``relative`` is
    inclusive and scales with the larger magnitude. Two exact forms (integers, fractions) are
    compared exactly whatever the tolerance, except that ``absolute`` applies to every form.
    """

    relative: Fraction = Fraction(0)
    absolute: Fraction = Fraction(0)


#: Forgives float noise (``0.30000000000000004``) and nothing a person would write.
DEFAULT_TOLERANCE = Tolerance(relative=Fraction(1, 10**9))


@dataclass(frozen=True)
class GoldenAnswer:
    """A golden answer as ``numeric`` reads it: its numbers in order, or words to find."""

    numbers: tuple[Numeral, ...] = ()
    words: str = ""


@lru_cache(maxsize=65_536)
def read_golden(golden: str) -> GoldenAnswer | None:
    """The numbers (or, for a golden that is no number, the words) of a golden answer; None for
    an empty one. Cached: a benchmark's goldens are read once per process, not per sample."""
    text = golden.strip()
    if "####" in text:
        text = text.rsplit("####", 1)[1].strip()
    parts = [part.strip() for part in text.split(";") if part.strip()]
    if not parts or len(parts) > MAX_PARTS:
        return None
    numbers = [_golden_number(_UNIT_IN_PARENTHESES.sub("", part)) for part in parts]
    if all(number is not None for number in numbers):
        return GoldenAnswer(numbers=tuple(n for n in numbers if n is not None))
    words = " ".join(_UNIT_IN_PARENTHESES.sub("", part) for part in parts)
    return GoldenAnswer(words=words) if _word_tokens(words) else None


def _golden_number(part: str) -> Numeral | None:
    bracket = _BRACKET_FRACTION.fullmatch(part)
    if bracket is not None:
        value, form = _bracket_value(bracket)
        return Numeral(part, 0, len(part), value, form)
    if part.startswith(("-(", "\u2212(")) and part.endswith(")"):
        inner = parse_numeral(part[2:-1])
        if inner is not None:
            return Numeral(part, 0, len(part), -inner.value, inner.form, inner.chinese)
    ordinal = _ORDINAL.match(part)
    if ordinal is not None:
        return Numeral(part, 0, len(part), Fraction(int(ordinal[1])), Form.INTEGER)
    return parse_numeral(part)


def _bracket_value(match: re.Match[str]) -> tuple[Fraction, Form]:
    if match["inner"] is not None:
        numerator, denominator = match["inner"].split("/")
        return -Fraction(int(numerator), int(denominator) or 1), Form.FRACTION
    fraction = Fraction(int(match["num"]), int(match["den"]) or 1)
    if match["whole"] is None:
        return fraction, Form.FRACTION
    return int(match["whole"]) + fraction, Form.MIXED


def numbers_match(
    candidate: Numeral,
    golden: Numeral,
    tolerance: Tolerance,
    *,
    percent_asked: bool = False,
    percent_given: bool = False,
    fraction_asked: bool = False,
    scaled_unit_asked: bool | None = None,
) -> bool:
    """Whether a numeral the response concludes equals a golden one under ``numeric``'s rules.

    ``percent_given`` says the quantity asked is given in percent in the problem: then
    ``35%`` answers a golden ``35``. ``percent_asked`` says the question asks for a percentage:
    then ``35%`` answers a golden
    ``35`` and a bare ``35`` a golden ``35%``. ``fraction_asked`` says it asks for a fraction
    itself, whose written form then counts (``_same_fraction``). ``scaled_unit_asked`` says
    whether it counts in a large-number unit (``多少万元``), so that ``7.6万`` answers a golden
    ``7.6``; None when unknown (then both readings count)."""
    a, b = candidate.value, golden.value
    if a == b:
        return not fraction_asked or _same_fraction(candidate, golden)
    larger = in_larger_unit(candidate.text, a)
    if larger is not None and (larger == b or _rounds_to(golden, larger)):
        return True  # 2 hours and 40 minutes for a golden 8/3 hours (or 2.67)
    scale = scale_of(candidate)
    if scale != 1 and a / scale == b and scaled_unit_asked is not False:
        return True  # 7.6万元 for a golden 7.6 counted in 万元
    if percent_given and candidate.form is Form.PERCENT and golden.form is not Form.PERCENT:
        return a * 100 == b  # "94%" for a golden 94: a quantity the problem gives in percent
    if percent_asked and (candidate.form is Form.PERCENT) != (golden.form is Form.PERCENT):
        # "35%" for a golden 35, or 35 for a golden 35%: either way the number of percent.
        return a * 100 == b if candidate.form is Form.PERCENT else a == b * 100
    difference = abs(a - b)
    if tolerance.absolute and difference < tolerance.absolute:
        return True
    inexact = _is_decimal(candidate) or _is_decimal(golden)
    if inexact and tolerance.relative and difference <= tolerance.relative * max(abs(a), abs(b)):
        return True
    return _rounds_to(candidate, b) or (not _is_decimal(candidate) and _rounds_to(golden, a))


def _in_another_unit(
    response: str, numeral: Numeral, golden: Numeral, golden_text: str, problem: str, units: Units
) -> str | None:
    """The unit an answer is written in, when the answer is the golden quantity in that unit
    ("4千米" for 4000 counted in 米) and ``units`` lets it count; else None. A unit the golden
    answer names (ASDiv's ``2.42 (dollar)``) is one it counts in, though the problem only names
    coins: ``242 cents`` is that amount."""
    if units is Units.AS_ASKED and read_question(problem).named_units:
        return None  # the question asks for a unit: the answer must be in it
    unit = unit_of(response, numeral.start, numeral.end)
    if unit is None or not converts(
        numeral.value, unit, golden.value, problem, response[-8_000:], golden_text
    ):
        return None
    return unit


def _question_matters(numerals: list[Numeral]) -> bool:
    return any(n.form in (Form.PERCENT, Form.FRACTION) or scale_of(n) != 1 for n in numerals)


def _same_fraction(candidate: Numeral, golden: Numeral) -> bool:
    """Whether the answer writes the golden fraction's own numerator and denominator: when the
    question asks for a fraction itself ("what was the original fraction?") and the golden one is
    unreduced (``30/42``), its reduced value (``5/7``) is another fraction, not the answer."""
    written = _written_fraction(golden.text)
    if written is None or Fraction(*written).numerator == written[0]:
        return True  # reduced, or not written as a fraction: the value is what counts
    return _written_fraction(candidate.text) == written


def _written_fraction(text: str) -> tuple[int, int] | None:
    """The numerator and denominator a fraction is written with (``42分之30`` is 30 over 42)."""
    parts = [int(part) for part in _INTEGERS.findall(text.translate(_FULL_WIDTH_DIGITS))]
    if len(parts) != 2:
        return None
    numerator, denominator = (parts[1], parts[0]) if "分之" in text else (parts[0], parts[1])
    return (numerator, denominator) if denominator else None


def _rounds_to(decimal: Numeral, exact: Fraction) -> bool:
    """Whether a written decimal is ``exact``, a value with no terminating decimal form, correctly
    rounded, with enough places and digits to be a deliberate rounding."""
    places = decimal_places(decimal)
    return places is not None and correctly_rounded(decimal.value, places, exact)


#: What ends an answer that is a sentence of its own ("No.", "**Yes**,", "No —").
_ANSWER_ALONE = re.compile(r"[*_]*+[ \t]*+(?:[.!,:;\u2014\u2013\n]|$)")
#: What joins a value to its approximation: ``16.2857 ≈ 16.29``, ``= 2/3 \\approx 0.667``,
#: ``14.1666… ≈ 14.17`` (the ellipsis says the digits go on).
_APPROXIMATELY = re.compile(r"(?:…|\.{3})?[ \t]*(?:≈|\\approx|约等于)[ \t$¥￥]*")


def _approximation_answering(
    response: str, numerals: list[Numeral], numeral: Numeral, golden: Numeral
) -> Numeral:
    """Of a value and its approximation in the concluded answer (``16.2857 ≈ 16.29``, ``2/3 ≈
    0.667``), the one that answers: the approximation against a golden decimal, which asks for
    one (Math401's ``2.6176``: "89/34 ≈ 2.62" is too coarse), else the value approximated. A
    numeral that is no member of such a pair answers itself."""
    index = next((i for i, n in enumerate(numerals) if n.start == numeral.start), None)
    if index is None:
        return numeral
    pairs = [(index - 1, index), (index, index + 1)]
    for first, second in (
        (numerals[a], numerals[b]) for a, b in pairs if a >= 0 and b < len(numerals)
    ):
        if _APPROXIMATELY.fullmatch(response, first.end, second.start):
            return second if _is_decimal(golden) else first
    return numeral


#: A quotient the response works out: ``85 / 6``, ``10 ÷ 3``, ``701 ÷ 7``.
_QUOTIENT = re.compile(
    r"(?<![\d.,/])(\d[\d,]*(?:\.\d+)?)[ \t]*(?:÷|/|\\div)[ \t]*(\d[\d,]*(?:\.\d+)?)(?![\d/])"
)


def _rounded_alike(response: str, decimal: Numeral, golden: Numeral) -> bool:
    """Whether the answer's decimal and the golden decimal both round a quotient the response
    works out (``85 / 6 ≈ 14.17``, "about **14.17**", for a golden ``14.2``): the same value
    rounded at other places. Only a shown quotient counts: two decimals alone do not say which
    value they both round."""
    places, golden_places = decimal_places(decimal), decimal_places(golden)
    if places is None or golden_places is None or decimal.form is Form.PERCENT:
        return False
    for found in _QUOTIENT.finditer(response, max(0, len(response) - 4_000)):
        dividend, divisor = (Fraction(part.replace(",", "")) for part in found.groups())
        if divisor and both_round(
            decimal.value, places, golden.value, golden_places, dividend / divisor
        ):
            return True
    return False


def decimal_places(numeral: Numeral) -> int | None:
    """Places of the decimal a numeral writes (``33.3%`` writes 0.333: 3), None for no decimal."""
    if not _is_decimal(numeral):
        return None
    found = _DECIMALS.findall(numeral.text)
    places = len(found[-1]) if found else 0
    return places + (2 if numeral.form is Form.PERCENT else 0)


def _is_decimal(numeral: Numeral) -> bool:
    if numeral.form is Form.DECIMAL:
        return True
    return numeral.form is Form.PERCENT and any(c in numeral.text for c in ".\uff0e点")


class NumericChecker(Checker):
    """The strict final-answer checker. A benchmark states its own tolerance by subclassing it
    with another ``name`` and ``tolerance`` (as ``NumericChecker1e3`` does) and registering it."""

    name = "numeric"
    description = "strict: the concluded answer equals golden (exact rationals, rounded decimals)"
    tolerance: ClassVar[Tolerance] = DEFAULT_TOLERANCE
    rounding: ClassVar[Rounding] = Rounding.CORRECT
    units: ClassVar[Units] = Units.AS_ASKED

    def check(self, response: str, golden: str, *, problem: str | None = None) -> Verdict:
        """``problem``, when given, picks the quantity asked from a statement naming several."""
        gold = read_golden(golden)
        if gold is None:
            return Verdict(False, (), self.name, f"golden {golden!r} cannot be read")
        if gold.words:
            return self._check_words(response, gold.words, problem)
        return self._check_numbers(response, gold.numbers, golden, problem)

    def _check_numbers(
        self, response: str, golden: tuple[Numeral, ...], golden_text: str, problem: str | None
    ) -> Verdict:
        masked, regions = _mask_bracket_fractions(response)
        conclusion = conclude(masked)
        if conclusion.refused:
            return Verdict(False, (), self.name, REFUSED)
        numerals = [_unmask(response, regions, n) for n in conclusion.numerals]
        concluded = list(numerals)
        wanted = len(golden)
        unmarked = conclusion.source == "last numerals"
        restated = _expression_restated(response, problem) if wanted == 1 and unmarked else None
        if restated is not None:
            # "10+7=17\n\n11+8=19": the problem's own expression, written out with its value,
            # and then made-up ones of the same kind.
            numerals, conclusion = [restated], replace(conclusion, hedged=False)
        if conclusion.source != "last numerals" and 0 < len(numerals) < wanted:
            numerals.extend(_read_on(masked, response, regions, numerals[-1].end, wanted))
        elif 0 < len(numerals) < wanted:
            missing = wanted - len(numerals)
            numerals[:0] = _read_back(masked, response, regions, numerals[0].start, missing)
        if not numerals and conclusion.expressions:
            return self._check_expression(masked, conclusion.expressions[-1], golden)
        if not numerals:
            return Verdict(False, (), self.name, "no number found in the response")
        expected = "; ".join(format_value(g.value) for g in golden)
        # What the question asks for matters only to percentages, fractions and 万-scaled
        # numbers; reading it is skipped for the rest.
        asked = asks_for(problem) if _question_matters([*numerals, *golden]) else NOTHING_ASKED
        if conclusion.hedged:
            # Every alternative is shown, so that a reviewer sees what the response wavers between.
            candidates = self._candidates(
                numerals,
                [any(self._match(n, g, asked) for g in golden) for n in numerals],
            )
            return Verdict(False, candidates, self.name, f"hedges between {_read(candidates)}")
        question = read_question(problem) if problem else None
        if (
            wanted == 1
            and len(numerals) == 2
            and question is not None
            and numerals[0].value in question.givens
            and worked_from(response, numerals[0], numerals[1])
        ):
            # "… 28 clowns in each, so the total is 5 × 28 = 140": a given, then the equation
            # that uses it; the given is working. A value worked out before ("短了90米，还剩
            # 176 - 90 = 86米") may be the answer, and the question chooses.
            chosen = numerals[1:]
        elif wanted == 1 and len(numerals) > 1 and question is not None:
            chosen = [choose(response, numerals, question)]
        else:
            chosen = numerals[-wanted:]
        # With fewer numerals than parts, they are compared with the first parts (and it is wrong).
        matches = [self._match(n, g, asked) for n, g in zip(chosen, golden, strict=False)]
        if 1 < wanted == len(chosen) and not all(matches) and _asks_unordered(problem):
            # "Find the two numbers": "24 and 11" answers a golden "11; 24".
            order = self._any_order(chosen, golden, asked)
            if order is not None:
                chosen, matches = order, [True] * wanted
        elif 1 < wanted == len(chosen):
            # "the ages of Ana and Jack": "Jack is 12 … and Ana is 17" names each part.
            named = _in_named_order(response, chosen, problem)
            if named is not None:
                chosen = named
                matches = [self._match(n, g, asked) for n, g in zip(chosen, golden, strict=True)]
        if wanted == 1 and chosen:
            answering = _approximation_answering(response, concluded, chosen[0], golden[0])
            if answering is not chosen[0]:
                chosen, matches = [answering], [self._match(answering, golden[0], asked)]
        converted = ""
        if wanted == 1 and chosen and matches[0] and not self._in_units_asked(chosen[0], problem):
            matches, converted = [False], " in two units, not the one asked"
        if wanted == 1 and chosen and matches[0] and _bound_not_asked(response, chosen[0], problem):
            # "at least 18 more stamps" for "how many more": a bound, unless a bound is asked.
            matches, converted = [False], " as a bound the question does not ask for"
        if wanted == 1 and chosen and matches[0]:
            unit = unit_of(response, chosen[0].start, chosen[0].end)
            if unit is not None and contradicts(unit, golden_text):
                # "9 kilograms" for ASDiv's "9 (pounds)": the right number of the wrong unit.
                matches, converted = [False], f" in {unit}, not the golden answer's unit"
        if wanted == 1 and chosen and not matches[0] and problem:
            unit = _in_another_unit(
                response, chosen[0], golden[0], golden_text, problem, self.units
            )
            if unit is not None:
                matches, converted = [True], f" in {unit}"
        if (
            wanted == 1
            and chosen
            and not matches[0]
            and not self.tolerance.absolute  # a stated tolerance (Math401's 1e-3) is the rule
            and _rounded_alike(response, chosen[0], golden[0])
        ):
            matches, converted = [True], " (the quotient it rounds, as the golden does)"
        candidates = self._candidates(chosen, matches)
        where = f"{_read(candidates)}{converted} ({conclusion.source})"
        if len(chosen) < wanted:
            reason = f"{where}: {wanted} numbers expected ({expected})"
            return Verdict(False, candidates, self.name, reason)
        if conclusion.broken_off:
            return Verdict(False, candidates, self.name, f"breaks off before concluding, {where}")
        correct = all(matches)
        verb = "matches" if correct else "does not match"
        return Verdict(correct, candidates, self.name, f"{where} {verb} golden {expected}")

    def _any_order(
        self, numerals: list[Numeral], golden: tuple[Numeral, ...], asked: Asked
    ) -> list[Numeral] | None:
        """The numerals in an order in which each matches its golden part, or None."""
        if len(numerals) > MAX_UNORDERED:
            return None
        for order in itertools.permutations(numerals):
            if all(self._match(n, g, asked) for n, g in zip(order, golden, strict=True)):
                return list(order)
        return None

    def _in_units_asked(self, numeral: Numeral, problem: str | None) -> bool:
        """Whether a quantity in two units (``3 hours and 35 minutes``) may answer the question:
        under ``Units.AS_ASKED``, only one that names no unit, or both of them ("几小时几分")."""
        units = compound_units(numeral.text)
        if units is None or problem is None or self.units is not Units.AS_ASKED:
            return True
        question = read_question(problem)
        return not question.named_units or all(
            unit.lower() in question.text.lower() for unit in units
        )

    def _check_expression(
        self, response: str, expression: Expression, golden: tuple[Numeral, ...]
    ) -> Verdict:
        """An answer that is no plain number is wrong, except an irrational one whose value a
        golden decimal is the rounding of (``-\\frac{\\sqrt{2}}{2}`` for Math401's ``-0.7071``)."""
        valued = None
        if len(golden) == 1 and expression.why in IRRATIONALS and _is_decimal(golden[0]):
            floor = response.rfind("\n", 0, expression.start) + 1
            stop = response.find("\n", expression.end)
            stop = len(response) if stop < 0 else stop
            valued = value_around(response, expression.start, expression.end, floor, stop)
        if valued is None or not self._value_matches(valued.value, golden[0]):
            return Verdict(False, (expression.candidate(),), self.name, expression.reason)
        text, shown = response[valued.start : valued.end], format_value(golden[0].value)
        candidate = Candidate(text, valued.start, valued.end, shown, True)
        reason = f"{text!r} ({float(valued.value):.6g}) rounds to golden {shown}"
        return Verdict(True, (candidate,), self.name, reason)

    def _value_matches(self, value: Fraction, golden: Numeral) -> bool:
        places = decimal_places(golden)
        if places is not None and rounds_irrational(golden.value, places, value):
            return True
        difference = abs(value - golden.value)
        if self.tolerance.absolute and difference < self.tolerance.absolute:
            return True
        relative = self.tolerance.relative * max(abs(value), abs(golden.value))
        return difference <= relative + IRRATIONAL_SLACK

    def _match(self, numeral: Numeral, golden: Numeral, asked: Asked = NOTHING_ASKED) -> bool:
        return numbers_match(
            numeral,
            golden,
            self.tolerance,
            percent_asked=asked.percent,
            percent_given=asked.percent_given,
            fraction_asked=asked.fraction,
            scaled_unit_asked=asked.scaled_unit,
        )

    @staticmethod
    def _candidates(numerals: list[Numeral], matches: list[bool]) -> tuple[Candidate, ...]:
        return tuple(
            Candidate(n.text, n.start, n.end, format_value(n.value), match)
            for n, match in zip(numerals, matches, strict=True)
        )

    def _check_words(self, response: str, words: str, problem: str | None = None) -> Verdict:
        start, end = _answer_line(response)
        if start == end:
            return Verdict(False, (), self.name, "no answer found in the response")
        golden_clock = _CLOCK.fullmatch(words.strip())
        said = deque(_CLOCK.finditer(response, start, end), maxlen=1)
        if golden_clock is not None and said and _minutes(said[0]) is not None:
            # 2:10 p.m. for a golden 14:10: the same time of day on either clock; and 6:10 p.m.
            # for a golden 6:10 that names no half of the day.
            mine, theirs = _minutes(said[0]), _minutes(golden_clock)
            halfless = not golden_clock[1] and not golden_clock[4] and int(golden_clock[2]) <= 12
            same = mine == theirs or (
                halfless and mine is not None and theirs is not None and (mine - theirs) % 720 == 0
            )
            candidate = Candidate(said[0][0], said[0].start(), said[0].end(), words, same)
            verb = "states" if same else "ends on"
            return Verdict(same, (candidate,), self.name, f"{verb} {said[0][0].strip()!r}")
        stated = [
            f
            for f in _words_pattern(words, _RATIO_ASKED.search(problem or "") is not None).finditer(
                response, start, end
            )
            if not _negated(response, f.start())
        ]
        found = stated[0] if stated else None
        later = _later_clock_time(response, found.end(), end) if found is not None else None
        if later is not None:
            # "20:13... actually it is 19:58": the last time the answer gives is its answer.
            candidate = Candidate(later[0], later.start(), later.end(), later[0], False)
            return Verdict(False, (candidate,), self.name, f"ends on {later[0]!r}, not {words!r}")
        named = _named_answer(response, problem, start, end)
        if stated and named is not None and not any(f.start() in range(*named[1:]) for f in stated):
            # "Jesse's class has 16 …, so **Kimi's class** has the higher ratio": the name the
            # line gives as its answer, not one it mentions on the way.
            candidate = Candidate(named[0], named[1], named[2], named[0], False)
            return Verdict(False, (candidate,), self.name, f"ends on {named[0]!r}, not {words!r}")
        sentence = last_sentence_start(response, start, end) if stated else None
        # "No. Four dimes are 40¢, …": an answer in words that opens the response, then its reasons.
        opening = (
            found is not None
            and not response[: found.start()].strip(" \t*_#>")
            and _ANSWER_ALONE.match(response, found.end()) is not None
        )
        last = None
        if sentence is not None and not opening and all(f.end() <= sentence for f in stated):
            quantities = find_numerals(response, sentence, end)
            last = quantities[-1] if quantities else None
        if last is not None:
            # "John's shoe is 20 cm long, … The longer shoe is 20 cm long." for "Who has the
            # longer shoe?": the line's last sentence states a quantity, not the name asked for.
            candidate = Candidate(last.text, last.start, last.end, last.text, False)
            return Verdict(False, (candidate,), self.name, f"ends on {last.text!r}, not {words!r}")
        if found is not None:
            candidate = Candidate(found[0], found.start(), found.end(), words, True)
            return Verdict(True, (candidate,), self.name, f"states {words!r}")
        ratio_asked = _RATIO_ASKED.search(problem or "") is not None
        ratio = _ratio_stated(response, words, start, end, ratio_asked)
        if ratio is not None:
            verb = "states" if ratio.matches else "ends on"
            reason = f"{verb} the ratio {ratio.text!r} (golden {words})"
            return Verdict(ratio.matches, (ratio,), self.name, reason)
        line = Candidate(response[start:end], start, end, response[start:end].strip(), False)
        return Verdict(False, (line,), self.name, f"the answer does not state {words!r}")


class NumericChecker1e3(NumericChecker):
    """Math401's rule (Yuan et al. 2023): correct when ``|prediction - target| < 1e-3``."""

    name = "numeric-1e-3"
    description = "numeric, with Math401's absolute tolerance |answer - golden| < 1e-3"
    tolerance = Tolerance(relative=DEFAULT_TOLERANCE.relative, absolute=Fraction(1, 1000))


def _read(candidates: tuple[Candidate, ...]) -> str:
    return ", ".join(c.value for c in candidates)


def _mask_bracket_fractions(response: str) -> tuple[str, list[tuple[int, int]]]:
    """The response with Math23K's ``((2)/(3))``, ``5((7)/(10))`` and ``-(1/3)`` respelt in place
    as ``2/3``, ``5 7/10`` and ``-1/3`` padded with spaces to the same length, so that the shared
    reader sees plain fractions while every offset still indexes the original text."""
    if "((" not in response and "-(" not in response and "\u2212(" not in response:
        return response, []
    pieces: list[str] = []
    regions: list[tuple[int, int]] = []
    last = 0
    for match in _BRACKET_FRACTION.finditer(response):
        if match["inner"] is not None:
            plain = f"-{match['inner']}"
        else:
            whole = f"{match['whole']} " if match["whole"] is not None else ""
            plain = f"{whole}{match['num']}/{match['den']}"
        pieces.append(response[last : match.start()])
        pieces.append(plain.ljust(match.end() - match.start()))
        regions.append(match.span())
        last = match.end()
    pieces.append(response[last:])
    return "".join(pieces), regions


def _unmask(response: str, regions: list[tuple[int, int]], numeral: Numeral) -> Numeral:
    """A numeral read in the masked text, its span widened to cover every respelt bracket form
    it overlaps (``0,000((0)/(1))`` is read as one mixed number); elsewhere the masked text is
    the response itself."""
    start, end = numeral.start, numeral.end
    for region_start, region_end in regions:
        if region_start < numeral.end and numeral.start < region_end:
            start, end = min(start, region_start), max(end, region_end)
    if (start, end) == (numeral.start, numeral.end):
        return numeral
    return Numeral(response[start:end], start, end, numeral.value, numeral.form, numeral.chinese)


def _read_on(
    masked: str, response: str, regions: list[tuple[int, int]], start: int, wanted: int
) -> list[Numeral]:
    """More numerals after ``start`` up to the end of its line, for a multi-part answer whose
    statement ends early (``The answer is 5 (years old); 15 (years old).``)."""
    line_end = masked.find("\n", start, start + LINE_CHARS)
    stop = line_end if line_end >= 0 else min(len(masked), start + LINE_CHARS)
    return [_unmask(response, regions, n) for n in find_numerals(masked, start, stop)][:wanted]


def _read_back(
    masked: str, response: str, regions: list[tuple[int, int]], end: int, missing: int
) -> list[Numeral]:
    """The last ``missing`` numerals before ``end`` on its line, for a multi-part answer that the
    paper's window of two cut short (``The angles are 32°, 96°, and 52°.``); operands of the
    line's working and a label's index (``Side 3:``) are none of them. When the line holds too
    few, the parts may be concluded on lines of their own, one each ("Speed of the boat = (11 +
    5)/2 = 8 km/h.\nSpeed of the stream = …", "- Side 1: … = 6 inches\n- Side 2: …"): the lines
    just before are read for one each; working a blank line before is not."""
    start = max(masked.rfind("\n", max(0, end - LINE_CHARS), end) + 1, end - LINE_CHARS)
    found = [
        n
        for n in find_numerals(masked, start, end)
        if not operand(masked, n, start) and not _LABEL_INDEX.match(masked, n.end)
    ]
    line_start = start
    while len(found) < missing and line_start > 0 and masked[line_start - 1] == "\n":
        previous = masked.rfind("\n", max(0, line_start - LINE_CHARS), line_start - 1) + 1
        if previous >= line_start - 1:
            break  # a blank line: what comes before it is working
        before = conclude(masked[previous : line_start - 1])
        if len(before.numerals) != 1 or before.hedged:
            break
        part = before.numerals[0]
        found = [replace(part, start=part.start + previous, end=part.end + previous), *found]
        line_start = previous
    return [_unmask(response, regions, n) for n in found[len(found) - missing :]] if found else []


#: A golden ratio of whole numbers ("9:8"), and a ratio or fraction a line states ("81:72",
#: "81 to 72", "19/31").
_GOLDEN_RATIO = re.compile(r"\s*(\d{1,9})\s*[:：]\s*(\d{1,9})\s*")
_STATED_RATIO = re.compile(
    r"(?<![\d.:/])(\d{1,9}(?:\.\d{1,6})?)[ \t]*(?:[:：/]|(to|比))[ \t]*"
    r"(\d{1,9}(?:\.\d{1,6})?)(?![\d:/])"
)


def _ratio_stated(
    response: str, words: str, start: int, end: int, ratio_asked: bool
) -> Candidate | None:
    """For a golden ratio (``9:8``), the last ratio or fraction the answer line states, marked
    as matching or not by value: "81:72" and "9/8" are the ratio 9:8 unreduced or written as a
    fraction, as teachers grade them; "8:9" is not; "81 to 72" only when a ratio is asked
    (elsewhere it may be a range). None for a golden that is no ratio, or a line that states
    none."""
    golden = _GOLDEN_RATIO.fullmatch(words)
    stated = deque(
        (f for f in _STATED_RATIO.finditer(response, start, end) if ratio_asked or not f[2]),
        maxlen=1,
    )
    if golden is None or not stated or not int(golden[2]):
        return None
    first, second = Fraction(stated[0][1]), Fraction(stated[0][3])
    same = bool(second) and first / second == Fraction(int(golden[1]), int(golden[2]))
    text = stated[0][0]
    return Candidate(text, stated[0].start(), stated[0].end(), text, same)


def _answer_line(response: str) -> tuple[int, int]:
    """Where a worded answer is looked for: from the final answer statement (``\\boxed{}`` or
    "The answer is") to the end of its line, else the last non-empty line."""
    final = final_answer(response)
    if final is not None and final.source in ("\\boxed{}", "answer marker"):
        start = final.start
    else:
        stripped = response.rstrip()
        start = stripped.rfind("\n", max(0, len(stripped) - LINE_CHARS)) + 1
        start = max(start, len(stripped) - LINE_CHARS)
    line_end = response.find("\n", start, start + LINE_CHARS)
    end = line_end if line_end >= 0 else min(len(response), start + LINE_CHARS)
    return start, end


def _in_named_order(
    response: str, numerals: list[Numeral], problem: str | None
) -> list[Numeral] | None:
    """The numerals in the order the question names their parts ("Find the ages of Ana and
    Jack"), when the response says each just after one of those names ("Jack is 12 years old
    and Ana is 17"); None when it does not name them all, one each."""
    if problem is None:
        return None
    names = list(dict.fromkeys(_NAME.findall(read_question(problem).text[1:])))
    if len(names) != len(numerals):
        return None
    said: dict[str, Numeral] = {}
    for numeral in numerals:
        lead = response[max(0, numeral.start - NAME_REACH) : numeral.start]
        last = max(names, key=lead.rfind)
        if lead.rfind(last) < 0 or last in said:
            return None
        said[last] = numeral
    return [said[name] for name in names]


def _expression_restated(response: str, problem: str | None) -> Numeral | None:
    """For a problem that is a bare expression ("10+7="), the value the response last writes
    after that same expression (``9.2422944 × 10^8`` one value); None for a worded problem, one
    never restated, or one restated with working after it (``= 86 / 95``)."""
    if problem is None or not _BARE_EXPRESSION.fullmatch(problem):
        return None
    expression = problem.strip().rstrip("=\uff1d").strip()
    pattern = r"\s*".join(re.escape(char) for char in expression if not char.isspace())
    last = deque(re.finditer(rf"{pattern}\s*[=\uff1d]", response[-RESTATED_READ_CHARS:]), maxlen=1)
    if not last:
        return None
    offset = max(0, len(response) - RESTATED_READ_CHARS)
    line_end = response.find("\n", offset + last[0].end())
    stop = line_end if line_end >= 0 else len(response)
    found, _ = read_numerals(response, offset + last[0].end(), stop, offset + last[0].start())
    if not found or _REMAINDER_AFTER.match(response, found[0].end):
        return None
    return found[0]


def _named_answer(
    response: str, problem: str | None, start: int, end: int
) -> tuple[str, int, int] | None:
    """The words a closing line gives as its answer (a bold name, "the function is odd"), with
    where they stand in the answer line; None when the line gives no answer in words."""
    final = final_answer(response, problem)
    if final is None or final.source != "last line" or not start <= final.start < end:
        return None
    if any(char.isdigit() for char in final.text):
        return None
    return final.text, final.start, final.end


def _later_clock_time(response: str, start: int, end: int) -> re.Match[str] | None:
    """A clock time (``19:58``) after ``start`` in the answer line, which supersedes one before."""
    found = deque(_CLOCK_TIME.finditer(response, start, end), maxlen=1)
    return found[0] if found else None


def _bound_not_asked(response: str, numeral: Numeral, problem: str | None) -> bool:
    """Whether the answer is said as a bound ("at least 18", "at most 5") where the question
    asks for no least or most value ("at least 9 points" answers "the minimum score")."""
    before = response[max(0, numeral.start - BOUND_CHARS) : numeral.start]
    if not _BOUND_BEFORE.search(before):
        return False
    return problem is None or not _EXTREME_ASKED.search(problem[-MAX_QUESTION_CHARS:])


def _asks_unordered(problem: str | None) -> bool:
    return (
        problem is not None and _UNORDERED_ASKED.search(problem[-MAX_QUESTION_CHARS:]) is not None
    )


def _minutes(clock: re.Match[str]) -> int | None:
    """Minutes after midnight of a clock time, on a 24-hour clock; None for no time of day."""
    hour, minute = int(clock[2]), int(clock[3])
    if hour > 24 or minute > 59:
        return None
    afternoon = clock[1] in _AFTERNOON or (clock[4] or "").lower() == "p"
    morning = clock[1] in _MORNING or (clock[4] or "").lower() == "a"
    if afternoon and hour < 12:
        hour += 12
    elif morning and hour == 12:
        hour = 0
    return hour * 60 + minute


def _negated(response: str, start: int) -> bool:
    """Whether words are named only to be denied ("not John but Mary", "不是小明")."""
    lead = response[max(0, start - 12) : start].casefold().rstrip(" \t*_\"'“")
    return lead.endswith(_DENIALS)


def _word_tokens(words: str) -> list[str]:
    tokens = _TOKEN.findall(words.casefold())
    while tokens and tokens[0] in _ARTICLES:
        tokens.pop(0)
    return tokens


@lru_cache(maxsize=4096)
def _words_pattern(words: str, ratio_asked: bool = False) -> re.Pattern[str]:
    """A pattern for the golden's words in order, whatever punctuation or case stands between
    them (``3:30 p.m.`` finds ``3:30 PM``); a colon between numbers must stay a colon."""
    tokens = _word_tokens(words)
    # Asked for a ratio, "10 to 3" states 10:3 (elsewhere "3 to 4" may be a range).
    ratio = ratio_asked and len(tokens) == 3 and tokens[1] == ":" and tokens[0].isdigit()
    parts: list[str] = []
    for index, token in enumerate(tokens):
        if token == ":":
            parts.append(r"\s*(?:[:\uff1a]|\s(?:to|比)\s|比)\s*" if ratio else r"\s*[:\uff1a]\s*")
            continue
        if parts and tokens[index - 1] != ":":
            short = len(token) == 1 or len(tokens[index - 1]) == 1
            parts.append(r"[\W_]*" if short and not token.isdigit() else r"[\W_]+")
        parts.append(re.escape(token))
    return re.compile(rf"(?<![^\W_])(?i:{''.join(parts)})(?![^\W_])")
