r"""Which numerals of an answer statement stand where an answer can, and which are no number.

The answer reader (``answer``, beside this module) finds the statement a response concludes with;
this module reads the numbers in it the way a grader does:

* **Context.** Operands of written arithmetic (``3×6``, ``25除以5``, ``3 times 6``), left-hand
  sides of ``=``, list, step and ordinal numbers (``1.``, ``第1步``, ``Step 1``) are no answer.
* **A numeral is an answer only when the answer is that numeral.** A number written with an
  exponent, a factorial or scientific notation (``2^{10}``, ``10!``, ``3×10⁵``, ``4.2e3``) is read
  as the one value it denotes, computed exactly within tight bounds; one that is part of an
  irrational or symbolic expression (``\sqrt{2}``, ``2\pi``, ``2√3``), qualified (``不到18``,
  ``18的一半``, ``less than 18``, ``half of 18``) or negated (``不是18``, ``not 12``) is an
  ``Expression``: the statement has an answer, and it is not that number.
* **Refusals** (``条件不足，无法回答``, "cannot be determined") are found so that a response
  that declines to answer is never credited with a number from its working.

Everything is a bounded scan of a short span (a statement is at most a few hundred characters);
nothing is evaluated but integer arithmetic on at most a few dozen digits.
"""

# Full-width Chinese punctuation and Unicode math signs are what this module reads:
# ruff: noqa: RUF001

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass
from fractions import Fraction

from mathbench.plugins.checkers.numerals import Form, Numeral, find_numerals
from mathbench.plugins.checkers.units import compound_after
from mathbench.types import Candidate

#: Longest statement (or sentence, looking back) read around a numeral.
STATEMENT_CHARS = 160
#: Bounds of the values computed from exponents, factorials and scientific notation: beyond
#: them a written number is no school answer, and it is kept as an expression instead.
MAX_EXPONENT = 64
MAX_FACTORIAL = 30
MAX_RESULT_BITS = 256

#: A share of a number, worked out after it ("1% of 1600 = 16", "2/3 of $12 = $8").
_OF_OPERAND = re.compile(r"[ \t]++of[ \t]++[$¥￥]?\d[\d,.]*+[ \t]*+(?:=|≈|\\approx)")
_PART_FORMS = (Form.PERCENT, Form.FRACTION, Form.DECIMAL, Form.MIXED)
_OPERATORS = frozenset("+-*/×÷^·=<>≤≥\u2212\uff0b\uff0d\uff0a\uff0f\uff1d")
#: After an equals sign, ASCII or full-width (``3×79-14=223`` written in full-width forms), a
#: number is a result, no operand.
_EQUALS = ("=", "\uff1d")
#: A short unit word after a number and before an arithmetic operator.
#: The unit or noun of an operand, before its operator: "465 ft - 399 ft", "134 toy cars + 269
#: dolls", "3 people × $33".
_UNIT_BEFORE_OPERATOR = re.compile(
    r"[A-Za-z]{1,12}(?:[ \t][A-Za-z]{1,12})?[ \t]{1,2}(?=[-+×÷\u2212*/=])"
)
_LATEX_OPERATORS = ("\\times", "\\div", "\\cdot", "\\pm")
#: Arithmetic in words: Chinese ones are never anything else; English ones only between numbers.
_CHINESE_OPERATORS = ("除以", "乘以", "加上", "减去")
_NUMBER_WORDS = (
    r"zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy"
    r"|eighty|ninety|hundred|thousand|million"
)
#: A number word beginning or ending a span, beside a worded operator ("ninety-eight minus").
_NUMBER_WORD_START = re.compile(rf"(?i:(?:{_NUMBER_WORDS})\b)")
_NUMBER_WORD_END = re.compile(rf"(?i:\b(?:{_NUMBER_WORDS}))$")
#: English number words of several words ("one thousand two hundred", "twenty-four").
_COMPOUND_NUMBER_WORD = re.compile(
    r"(?i:\b(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|one|two|three|four|five"
    r"|six|seven|eight|nine|ten|eleven|twelve)[ -](?:hundred|thousand|million|one|two|three"
    r"|four|five|six|seven|eight|nine)\b[\w -]*)"
)
#: Measure words a one-character Chinese numeral counts with in an answer statement (not 分,
#: which 十分 "very" shares).
MEASURE_WORDS = frozenset(
    "年岁个只天次人本元米条块张辆棵头位名倍台件支盒箱瓶袋页周"
    "串束堆组排层份双副把枝朵颗粒片根座间节段篇首套杯碗桶筐捆斤吨升克角秒"
)
#: Measure words counting repetitions ("减去九十次6" subtracts 6 ninety times).
_REPETITIONS = ("次", "遍", "回")
_ENGLISH_OPERATORS = ("times", "plus", "minus", "divided by", "multiplied by")
_NEGATIONS = (
    "不是",
    "不为",
    "不等于",
    "并非",
    "而非",
    "不用",
    "不需要",
    "not",
    "isn't",
    "≠",
    "\\neq",
)
#: Words before a number that make the answer a bound or a share of it, not the number itself.
_QUALIFIERS_BEFORE = (
    "不到", "不足", "少于", "小于", "低于", "多于", "大于", "高于", "超过", "less than",
    "more than", "fewer than", "greater than", "half of", "twice", "double",
)  # fmt: skip
#: A qualifier, then at most a few characters of the quantity's name, then the number
#: (不到每分钟50米, less than 18).
#: Comparatives that take an object: "超过计划19.8万吨" says by how much the plan was exceeded (an
#: answer), "超过18" and "超过每分钟50米" a bound. The others qualify whatever follows them.
_COMPARATIVES = ("超过", "多于", "少于", "大于", "小于", "高于", "低于")
_QUALIFIED = re.compile(
    "(?:"
    + "|".join(map(re.escape, [q for q in _QUALIFIERS_BEFORE if q not in _COMPARATIVES]))
    + r")[\u4e00-\u9fff]{0,4}$"
    + "|(?:"
    + "|".join(map(re.escape, _COMPARATIVES))
    + r")(?:[约大概]|每[\u4e00-\u9fff]{0,3})?$"
)
_QUALIFIER_AFTER = re.compile(
    r"[ \t]{0,2}(?:[\u4e00-\u9fff]{0,4}?的(?:一半|[0-9一二两三四五六七八九十几]+倍"
    r"|[0-9一二三四五六七八九十几]+分之)"
    r"|多[个元人本只块米天条张辆棵千万百十]|以上|以下|(?i:or\s+(?:more|less|fewer)\b))"
)
_STEP_WORDS = ("step", "步骤")
#: What follows 第N when N indexes the solution rather than answering: 第1步, 第2题, 第3问.
_INDEXED = "步题问"
_LIST_PUNCTUATION = ".)、\uff09"
_LIST_LEAD = " \t>*#-"
#: The word a labelled line's index follows ("Side 3:", "Case 2:", "方案2：").
_INDEXED_LABEL = re.compile(r"[ \t>*#-]*+(?:[A-Za-z]{2,12}+[ \t]++|[\u4e00-\u9fff]{1,4}+)")
_CLOSERS = ")]\uff09"
_OPENERS = "([\uff08"
_QUESTION_MARKS = "?？"
#: Where a sentence ends: CJK and Western stops and line breaks, not the point of ``3.5``.
SENTENCE_END = re.compile(r"[。！？!?；;\n]|\.(?![0-9\uff10-\uff19])")
_RESTATEMENT = re.compile(
    r"[ \t>*#-]{0,6}(?:已知|题目|根据题意|由题意|题中|题意|问题中"
    r"|(?i:we\s+know|given|the\s+problem|from\s+the\s+problem|according\s+to\s+the\s+problem))"
)
_CONCLUDING = re.compile(
    r"所以|因此|因而|于是|那么|则|可得|得到|得出|一共|=|(?i:\b(?:so|therefore|thus|hence)\b)"
)
#: Where a clause ends: "Lost: 16. Total lost or given away: 229" offers no choice between them.
_CLAUSE_BREAK = re.compile(r"[，,；;。:：\n]|\.[ \t]")
_HEDGE_OPENING = re.compile(
    r"(?:也|还)?(?:可能|或者|或是|或|还是|要么)|(?i:or\b|either\b|maybe\b|perhaps\b)"
)
_HEDGE = re.compile(r"或者|或是|或|还是|也可能|要么|(?i:\bor\b|\beither\b)")
#: A range (20到25, 20~25) is no single answer either; only a short gap makes one.
_RANGE = re.compile(r"^[ \t]{0,2}(?:到|至|~|～|(?i:to))[ \t]{0,2}$")
#: "between 7 and 8": the two ends of a range.
_AND = re.compile(r"[ \t]++and[ \t]++$")
_BETWEEN_BEFORE = re.compile(r"(?i:\bbetween)[ \t]++$")
#: Two bounds stated together ("至少有13人，最多有17人", "at least 4 and at most 6") are a range.
_LOWER_BOUND = re.compile(r"至少|最少|不少于|(?i:at\s+least|no\s+fewer\s+than|no\s+less\s+than)")
_UPPER_BOUND = re.compile(r"最多|至多|不超过|不多于|(?i:at\s+most|no\s+more\s+than)")
REFUSAL = re.compile(
    r"条件不足|条件不够|缺少条件|信息不足|数据不足"
    r"|(?:无法|不能)(?:准确|精确|直接|唯一)?(?:回答|确定|计算出?|求出|解答|得出|判断|知道)"
    r"|求不出|题目有误|题目不完整|我不确定|不确定答案"
    r"|(?i:cannot\s+be\s+(?:determined|answered|calculated|found)"
    r"|can(?:no|')t\s+(?:be\s+)?(?:determine|answer|calculate|tell|solve|confirm)[ds]?"
    r"|can(?:no|')t\s+give\s+(?:you\s+)?an?\s+(?:valid\s+|definite\s+|single\s+|meaningful\s+)?answer"
    r"|(?:does\s+not|doesn't|do\s+not|don't)\s+have\s+an?\s+(?:valid|unique|definite|meaningful"
    r"|well-defined)\s+answer"
    r"|(?:unable|not\s+able)\s+to\s+(?:answer|determine|solve|give|provide)"
    r"|no\s+valid\s+answer|i'?m\s+not\s+sure\s+of"
    r"|i'?m\s+not\s+sure\s+what\s+(?:is\s+being\s+asked|the\s+question)"
    r"|could\s+you\s+(?:please\s+)?clarify"
    r"|\bno\s+(?:largest|smallest|greatest|least|maximum|minimum)\s+(?:value|number)"
    r"|without\s+ever\s+reaching\s+a\s+(?:largest|smallest|greatest|least|maximum|minimum)"
    r"|(?:is|are)\s+unbounded"
    r"|(?:not\s+enough|insufficient|missing)\s+(?:information|data)"
    r"|impossible\s+to\s+(?:determine|answer|know|tell)"
    r"|(?:is|are)\s+not\s+(?:possible|enough)\s+to\s+(?:determine|answer))"
)
#: Large-number units written after digits: Chinese 万 and 亿, English scale words.
_SCALES = {
    "万亿": 10**12, "亿": 10**8, "万": 10**4,
    "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
}  # fmt: skip
_YUAN_JIAO = re.compile(r"元([0-9]|[一二两三四五六七八九])角(?:([0-9]|[一二两三四五六七八九])分)?")
#: "N and a half" in Chinese: a measure word, then 半 that starts no other word (半径, 半圆, 半价).
_AND_A_HALF = re.compile(
    r"(?:个|天|年|月|周|小时|倍|斤|元|块|米|公里|千米|吨|杯|瓶)?半(?![径圆价数球岛边夜])"
)
_THOUSANDS_SUFFIX = re.compile(r"([kKM])(?![A-Za-z0-9])")
_DIGITS_WITH_MAGNITUDE = re.compile(r"([千百])([0-9]{1,3})(?![0-9])")
_SCALE = re.compile(r"[ \t]{0,2}(万亿|亿|万|(?i:thousand|million|billion|trillion)\b)")
_SCALE_SUFFIX = re.compile(r"(万亿|亿|万|(?i:thousand|million|billion|trillion))$")
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")


def _exponent_pattern(group: str) -> str:
    """An exponent after ``^``: braced (``^{-3}``) or bare (``^3``), in named groups."""
    digits = r"[-+\u2212]?[0-9]{1,4}"
    return rf"(?:\{{[ \t]*(?P<{group}b>{digits})[ \t]*\}}|(?P<{group}p>{digits}))"


_SCIENTIFIC = re.compile(
    r"[ \t]{0,2}(?:×|[xX*·]|\\times|\\cdot)[ \t]{0,2}10[ \t]{0,2}"
    rf"(?:(?:\^|\*\*)[ \t]{{0,2}}{_exponent_pattern('s')}|(?P<ssup>[⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]{{1,4}}))"
)
_E_NOTATION = re.compile(r"[eE](?P<e>[-+]?[0-9]{1,7})(?![0-9A-Za-z_])")
_POWER = re.compile(
    rf"[ \t]{{0,2}}(?:\^|\*\*)[ \t]{{0,2}}{_exponent_pattern('w')}|(?P<wsup>[⁰¹²³⁴⁵⁶⁷⁸⁹]{{1,4}})"
)
_FACTORIAL = re.compile(r"!(?=[ \t]{0,2}(?:[=}$)\]]|\\))")
_SYMBOLIC_AFTER = re.compile(r"[ \t]{0,2}(?:\\cdot[ \t]{0,2})?(?:\\pi(?![A-Za-z])|π|\\sqrt|√)")
#: A LaTeX fraction's opening, and what makes one irrational (``\frac{\sqrt{3}}{2}``).
_FRACTION_OPEN = re.compile(r"\\[dt]?frac[ \t]{0,2}\{")
_IRRATIONAL = re.compile(r"\\sqrt|√|\\cbrt|\\pi(?![A-Za-z])|π")
#: How far back a fraction's opening is looked for, and how long one of its parts may be.
_FRACTION_REACH = 40
_GROUP_CHARS = 80
_ROOT_BEFORE = re.compile(r"(?:\\sqrt(?:\[[^\]]{0,4}\])?|√|\\cbrt)[ \t]{0,2}\{?[ \t]{0,2}$")


def scale_of(numeral: Numeral) -> int:
    """The large-number unit a numeral was written with (``7.6万``: 10000), or 1."""
    found = _SCALE_SUFFIX.search(numeral.text)
    return _SCALES[found[1].lower()] if found is not None else 1


#: Why an expression is no number when it denotes an irrational one: it has a value, which a
#: golden answer the data set rounded (Math401's ``-0.7071``) may still be.
ROOT = "a root, not a number"
IRRATIONAL_MULTIPLE = "a multiple of an irrational number, not a number"
IRRATIONAL = "an irrational number, not a number written out"
IRRATIONALS = frozenset({ROOT, IRRATIONAL_MULTIPLE, IRRATIONAL})


@dataclass(frozen=True)
class Expression:
    """A span where a statement answers with something that is not a plain number: ``\\sqrt{2}``,
    ``2\\pi``, ``不到18``, ``not 12``. ``why`` says what it is, for the verdict's reason."""

    text: str
    start: int
    end: int
    why: str

    @property
    def reason(self) -> str:
        """The verdict's reason when this is the answer: why it matches no golden number."""
        return f"the answer {self.text!r} is {self.why}"

    def candidate(self) -> Candidate:
        """The span to show a reviewer, matching nothing."""
        return Candidate(self.text, self.start, self.end, self.why, False)


def read_numerals(
    text: str, begin: int, stop: int, floor: int, *, chinese_words: bool = False
) -> tuple[list[Numeral], list[Expression]]:
    """The numerals of ``text[begin:stop]`` that may be its answer, and the expressions in it.

    Number words are read only when the span has no other numeral; with ``chinese_words`` (an
    answer statement), Chinese numerals of two characters or more are read beside digits too
    ("答：12个同学一共可以糊八十四个纸盒。").
    """
    kept: list[Expression] = []
    for words in (False, True):
        found = find_numerals(text, begin, stop, words=words)
        if not words:
            found = _with_compound_words(text, begin, stop, found)
        if chinese_words and not words:
            found = _with_chinese_words(text, begin, stop, found)
        numerals: list[Numeral] = []
        expressions: list[Expression] = []
        for numeral in _with_notation(text, found, stop):
            if isinstance(numeral, Expression):
                expressions.append(numeral)
            elif not (
                _left_operand(text, numeral)
                or _right_operand(text, numeral, floor)
                or _list_number(text, numeral, floor)
            ):
                why = _not_the_number(text, numeral, floor)
                if why is None:
                    numerals.append(numeral)
                else:
                    expressions.append(Expression(numeral.text, numeral.start, numeral.end, why))
        if numerals:
            return numerals, expressions
        if expressions:
            # "答：现在只要跳三分钟，不用4分钟": every digit is negated or qualified; the number
            # in words may still answer, so words are read before these are given back.
            kept = kept or expressions
    return [], kept


def _with_chinese_words(text: str, begin: int, stop: int, found: list[Numeral]) -> list[Numeral]:
    """``found`` with the Chinese numerals of the span added, in text order: those of two
    characters or more, and one character before a measure word ("再过十年", "三个"); 一 alone
    is too often a determiner (一共, 同一天) to be read."""
    if text[begin:stop].isascii():
        return found  # no Chinese numeral can be there (the common English case, read fast)
    worded = [
        n
        for n in find_numerals(text, begin, stop, words=True)
        if n.chinese
        and (len(n.text) >= 2 or (n.text != "一" and text[n.end : n.end + 1] in MEASURE_WORDS))
        and not any(d.start < n.end and n.start < d.end for d in found)
    ]
    return sorted([*found, *worded], key=lambda n: n.start) if worded else found


def _with_compound_words(text: str, begin: int, stop: int, found: list[Numeral]) -> list[Numeral]:
    """``found`` with English numbers of several words added ("one thousand two hundred points
    in 10 games"): unlike "one" or "two", such words are never anything but a number."""
    if not _COMPOUND_NUMBER_WORD.search(text, begin, stop):
        return found
    # With them, single number words are numbers too ("had sixty-seven and ate sixty-four, so
    # she has three left"), but for "one", which is as often a pronoun.
    worded = [
        n
        for n in find_numerals(text, begin, stop, words=True)
        if not n.chinese
        and n.text.casefold() != "one"
        and not any(d.start < n.end and n.start < d.end for d in found)
    ]
    return sorted([*found, *worded], key=lambda n: n.start) if worded else found


def last_refusal(text: str, start: int, end: int) -> int:
    """Where the last refusal to answer in ``text[start:end]`` begins, or -1."""
    last = -1
    for found in REFUSAL.finditer(text, start, end):
        last = found.start()
    return last


def _with_notation(text: str, numerals: list[Numeral], stop: int) -> list[Numeral | Expression]:
    """The numerals with exponents, factorials and scientific notation read into one value each
    (``3×10⁵`` is 300000, not 3, 10 and 5), and symbolic ones (``2\\pi``, ``\\sqrt{2}``) turned
    into expressions; the numerals swallowed by such a reading are dropped."""
    read: list[Numeral | Expression] = []
    covered = -1
    for numeral in numerals:
        if numeral.start < covered:
            continue
        reading = _notation(text, numeral, stop)
        read.append(reading)
        covered = reading.end
    return read


def _notation(text: str, numeral: Numeral, stop: int) -> Numeral | Expression:
    fraction = _enclosing_fraction(text, numeral.start, stop)
    if fraction is not None and _IRRATIONAL.search(text, *fraction):
        # \frac{\sqrt{3}}{2} is no 3 and no 2, and \frac{\pi}{4} no 4.
        minus = text[fraction[0] - 1 : fraction[0]] in ("-", "\u2212")
        start = fraction[0] - 1 if minus else fraction[0]
        return Expression(text[start : fraction[1]], start, fraction[1], IRRATIONAL)
    root = _ROOT_BEFORE.search(text, max(0, numeral.start - 10), numeral.start)
    if root is not None:
        end = _close_brace(text, numeral.end, stop)
        return Expression(text[root.start() : end], root.start(), end, ROOT)
    if (
        numeral.form is Form.INTEGER
        and 10 <= numeral.value < 100
        and text.startswith("折", numeral.end)
    ):
        # A two-digit discount (八五折, 85折) is 8.5折: the digits are tenths and hundredths.
        return _replaced(text, numeral, numeral.end, numeral.value / 10)
    symbolic = None if numeral.chinese else _SYMBOLIC_AFTER.match(text, numeral.end, stop)
    if symbolic is not None:
        # 2\pi, 2√3 and \frac{1}{2}\sqrt{3} are no 2 and no 1/2.
        end = symbolic.end()
        return Expression(text[numeral.start : end], numeral.start, end, IRRATIONAL_MULTIPLE)
    half = _AND_A_HALF.match(text, numeral.end, stop)
    if half is not None and numeral.form is Form.INTEGER:
        # 两天半 is 2.5 days, 3个半小时 3.5 hours.
        return _replaced(text, numeral, half.end(), numeral.value + Fraction(1, 2))
    if numeral.form not in (Form.INTEGER, Form.DECIMAL) or numeral.chinese:
        return numeral
    money = _YUAN_JIAO.match(text, numeral.end, stop)
    if money is not None and numeral.form in (Form.INTEGER, Form.DECIMAL):
        # 1元7角 is 1.7元, 8元8角5分 is 8.85元.
        jiao = _chinese_or_digits(money[1])
        fen = _chinese_or_digits(money[2]) if money[2] else 0
        if jiao is not None and fen is not None:
            value = numeral.value + Fraction(jiao, 10) + Fraction(fen, 100)
            return _replaced(text, numeral, money.end(), value)
    compound = compound_after(text, numeral.end, stop)
    if compound is not None and numeral.form is Form.INTEGER:
        # 10小时40分钟 is 640 minutes (and 32/3 hours: ``units.in_larger_unit``).
        end, ratio, smaller = compound
        return _replaced(text, numeral, end, numeral.value * ratio + smaller)
    suffix = _THOUSANDS_SUFFIX.match(text, numeral.end, stop)
    if suffix is not None and not numeral.chinese:
        # $90k is 90000, 1.2M is 1200000.
        factor = 1000 if suffix[1] in "kK" else 1_000_000
        return _replaced(text, numeral, suffix.end(), numeral.value * factor)
    thousands = _DIGITS_WITH_MAGNITUDE.match(text, numeral.end, stop)
    if thousands is not None and numeral.form is Form.INTEGER:
        # 1千200 is 1200, 3百05 is 305: a magnitude character between digits.
        magnitude = 1000 if thousands[1] == "千" else 100
        rest = int(thousands[2])
        if rest < magnitude:
            return _replaced(text, numeral, thousands.end(), numeral.value * magnitude + rest)
    scale = _SCALE.match(text, numeral.end, stop)
    if scale is not None:
        # 7.6万 is 76000 and 2.5 million 2500000; ``scale_of`` keeps the scale for a golden
        # answer counted in the same unit ("多少万元").
        return _replaced(text, numeral, scale.end(), numeral.value * _SCALES[scale[1].lower()])
    scientific = _SCIENTIFIC.match(text, numeral.end, stop)
    if scientific is not None:
        return _power(text, numeral, scientific.end(), _exponent(scientific, "s"), scientific=True)
    e_notation = _E_NOTATION.match(text, numeral.end, stop)
    if e_notation is not None:
        return _power(text, numeral, e_notation.end(), int(e_notation["e"]), scientific=True)
    power = _POWER.match(text, numeral.end, stop)
    if power is not None:
        return _power(text, numeral, power.end(), _exponent(power, "w"), scientific=False)
    # The factorial's lookahead may see the box's closing brace, just past the statement.
    factorial = _FACTORIAL.match(text, numeral.end, min(len(text), stop + 3))
    if factorial is not None and numeral.form is Form.INTEGER and numeral.value >= 0:
        end = factorial.end()
        if numeral.value > MAX_FACTORIAL:
            why = "a factorial too large to be an answer"
            return Expression(text[numeral.start : end], numeral.start, end, why)
        return _replaced(text, numeral, end, Fraction(math.factorial(int(numeral.value))))
    return numeral


def _exponent(match: re.Match[str], group: str) -> int | None:
    raw = match[f"{group}b"] or match[f"{group}p"]
    if raw is None:
        raw = (match[f"{group}sup"] or "").translate(_SUPERSCRIPTS)
    try:
        return int(raw.replace("\u2212", "-"))
    except ValueError:
        return None


def _power(
    text: str, numeral: Numeral, end: int, exponent: int | None, *, scientific: bool
) -> Numeral | Expression:
    """``numeral × 10^exponent`` (scientific) or ``numeral^exponent``, exactly, within bounds."""
    if exponent is None or abs(exponent) > MAX_EXPONENT or (numeral.value == 0 and exponent < 0):
        why = "a power too large to be an answer"
        return Expression(text[numeral.start : end], numeral.start, end, why)
    value = numeral.value * Fraction(10) ** exponent if scientific else numeral.value**exponent
    if max(value.numerator.bit_length(), value.denominator.bit_length()) > MAX_RESULT_BITS:
        why = "a power too large to be an answer"
        return Expression(text[numeral.start : end], numeral.start, end, why)
    return _replaced(text, numeral, end, value)


def _chinese_or_digits(char: str) -> int | None:
    if char.isdigit():
        return int(char)
    return "一二三四五六七八九".find(char) + 1 if char != "两" else 2


def _replaced(text: str, numeral: Numeral, end: int, value: Fraction) -> Numeral:
    form = Form.INTEGER if value.denominator == 1 else Form.DECIMAL
    return Numeral(text[numeral.start : end], numeral.start, end, value, form, numeral.chinese)


def _enclosing_fraction(text: str, index: int, stop: int) -> tuple[int, int] | None:
    """The span of the ``\\frac{..}{..}`` that ``text[index]`` is inside, or None."""
    openings = list(_FRACTION_OPEN.finditer(text, max(0, index - _FRACTION_REACH), index))
    for opening in reversed(openings):
        numerator_end = _after_group(text, opening.end() - 1, stop)
        if numerator_end is None or text[numerator_end : numerator_end + 1] != "{":
            continue
        end = _after_group(text, numerator_end, stop)
        if end is not None and end > index:
            return opening.start(), end
    return None


def _after_group(text: str, brace: int, stop: int) -> int | None:
    """Past the ``}`` that closes the ``{`` at ``brace``, when it closes within reach."""
    close = closing_brace(text, brace + 1, min(stop, brace + _GROUP_CHARS))
    return close + 1 if close >= 0 else None


def closing_brace(text: str, begin: int, stop: int) -> int:
    """Where the ``}`` closing a brace opened just before ``begin`` stands in ``text[:stop]``,
    or -1 when it does not close there."""
    depth = 1
    for at in range(begin, stop):
        if text[at] == "{":
            depth += 1
        elif text[at] == "}":
            depth -= 1
            if depth == 0:
                return at
    return -1


def _close_brace(text: str, index: int, stop: int) -> int:
    """Past a closing brace right after ``index`` (``\\sqrt{2}`` ends after its ``}``)."""
    at = index
    while at < stop and at < index + 3 and text[at] in " \t":
        at += 1
    return at + 1 if at < stop and text[at] == "}" else index


def _not_the_number(text: str, numeral: Numeral, floor: int) -> str | None:
    """Why a numeral in context still is not the answer (a worded operand, negated, qualified),
    or None."""
    if _worded_operand(text, numeral):
        return "an operand of arithmetic in words"
    lead = text[max(floor, numeral.start - 16) : numeral.start].rstrip(" \t$({[*").casefold()
    if lead.endswith(_NEGATIONS) and not lead.endswith(("而不是", "rather than")):
        return "negated: the answer is not this number"
    if _QUALIFIED.search(lead) is not None:
        return "a bound or a share of this number, not the number"
    if _QUALIFIER_AFTER.match(text, numeral.end, min(len(text), numeral.end + 16)) is not None:
        return "a bound or a share of this number, not the number"
    return None


def _worded_operand(text: str, numeral: Numeral) -> bool:
    """An operand of worded arithmetic (``25除以5``, ``3 times 6``), which the paper's context
    rule keeps but which is no answer."""
    after_at = _skip_spaces(text, numeral.end)
    following = text[after_at : after_at + 16].casefold()
    lead = text[max(0, numeral.start - 16) : numeral.start].rstrip(" \t$({[").casefold()
    if following.startswith(_CHINESE_OPERATORS):
        return True
    if lead.endswith(_CHINESE_OPERATORS) and not following.startswith(_REPETITIONS):
        # "连续减去九十次6": a count of times after the operator is no operand of it.
        return True
    for word in _ENGLISH_OPERATORS:
        if following.startswith(word):
            after = _skip_spaces(text, after_at + len(word))
            if text[after : after + 1].isdigit() or _NUMBER_WORD_START.match(text, after):
                return True  # "3 times 6", "ninety-eight minus seventy-three"
        if lead.endswith(word):
            before = lead[: -len(word)].rstrip()
            if before[-1:].isdigit() or _NUMBER_WORD_END.search(before):
                return True
    return False


def operand(text: str, numeral: Numeral, floor: int) -> bool:
    """Whether a numeral is an operand of arithmetic (``3`` and ``6`` in ``3×6 = 18``), which
    is working rather than anything a response concludes."""
    return _left_operand(text, numeral) or _right_operand(text, numeral, floor)


def _left_operand(text: str, numeral: Numeral) -> bool:
    """``3`` in ``3×6``, ``3 x 6``, ``3 \\times 6`` and ``(3+6)``; ``18`` in ``18=``."""
    after_at = _skip_spaces(text, numeral.end)
    unit = _UNIT_BEFORE_OPERATOR.match(text, after_at)
    if unit is not None:
        after_at = unit.end()  # "465 ft - 399 ft = 66 ft": a unit between operand and operator
    after = text[after_at : after_at + 1]
    if after == "*" and text[after_at + 1 : after_at + 2] == "*":
        return False  # **18** is markdown bold
    if numeral.form in _PART_FORMS and _OF_OPERAND.match(text, numeral.end):
        return True  # "1% of 1600 = 16", "2/3 of 12 = 8": a share worked out
    if after == "/" and _is_word_char(text[after_at + 1 : after_at + 2]):
        return False  # a rate: $25,000/year, 5元/千克
    if after and after in _OPERATORS:
        return True
    if after in ("x", "X") and _next_char(text, after_at + 1).isdigit():
        return True
    return text.startswith(_LATEX_OPERATORS, after_at)


def _is_word_char(char: str) -> bool:
    return bool(char) and (char.isalpha() or "\u4e00" <= char <= "\u9fff")


def _right_operand(text: str, numeral: Numeral, floor: int) -> bool:
    """``6`` in ``3×6``, ``3 x 6``, ``\\times 6``; also ``第1步`` and ``Step 1``."""
    before_at = _previous_index(text, numeral.start, floor)
    before = text[before_at] if before_at >= floor else ""
    if before == "*" and before_at > floor and text[before_at - 1] == "*":
        return False  # **18** is markdown bold
    following = text[numeral.end : numeral.end + 1]
    if before == "第" and following and following in _INDEXED:
        return True  # 第1步, 第2题; but 第5个 answers "which one?" questions
    minutes = before == ":" and before_at == numeral.start - 1 and len(numeral.text) == 2
    if minutes and before_at > floor and text[before_at - 1].isdigit():
        return True  # "by 16:00": the minutes of a clock time, no quantity
    if before and before not in _EQUALS and before in _OPERATORS:
        return True
    if before in ("x", "X"):
        operand_at = _previous_index(text, before_at, floor)
        if operand_at >= floor and (text[operand_at].isdigit() or text[operand_at] in _CLOSERS):
            return True
    lead = text[max(floor, numeral.start - 16) : numeral.start].rstrip(" \t$({[").casefold()
    return lead.endswith(_LATEX_OPERATORS + _STEP_WORDS)


def _list_number(text: str, numeral: Numeral, floor: int) -> bool:
    """``1. 先算…``, ``2) …``, ``3、…``, ``(1) …`` at the start of a line, before more text, and
    the index of a labelled line (``Side 3:``)."""
    punctuation = text[numeral.end : numeral.end + 1]
    if numeral.form is not Form.INTEGER or not punctuation:
        return False
    if punctuation in ":\uff1a" and not text[numeral.end + 1 : numeral.end + 2].isdigit():
        # "- Side 3: 3 × 3 = 9 inches", "方案2：": the index of a labelled line (not 3:45).
        line_start = max(floor, text.rfind("\n", floor, numeral.start) + 1, numeral.start - 20)
        at_line_start = line_start == floor or text[line_start - 1] == "\n"
        return (
            at_line_start and _INDEXED_LABEL.fullmatch(text, line_start, numeral.start) is not None
        )
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


def restated(text: str, numeral: Numeral, floor: int) -> bool:
    """Whether the numeral sits in a question, or in a restatement of the problem's givens."""
    sentence_start = max(floor, numeral.start - STATEMENT_CHARS)
    for found in SENTENCE_END.finditer(text, sentence_start, numeral.start):
        sentence_start = found.end()
    ending = SENTENCE_END.search(text, numeral.end, numeral.end + STATEMENT_CHARS)
    if ending is not None and ending[0] in _QUESTION_MARKS:
        return True
    return (
        _RESTATEMENT.match(text, sentence_start, numeral.start) is not None
        and _CONCLUDING.search(text, sentence_start, numeral.start) is None
    )


def hedged(text: str, numerals: list[Numeral]) -> bool:
    """Two different values offered as alternatives (``18或20``) or as a range (``20到25``)."""
    for first, second in itertools.pairwise(numerals):
        gap = text[first.end : second.start]
        if first.value == second.value:
            continue
        # "18或20个", "29只，也可能是21只": the conjunction joins the two numbers, or opens the
        # clause of the second; "做对了12道题，做错或不做的有3道" has it inside another clause's
        # words, which is no choice between them.
        last_clause = _CLAUSE_BREAK.split(gap)[-1].lstrip(" \t") if len(gap) <= 80 else ""
        within = len(gap) <= 40 and not _CLAUSE_BREAK.search(gap) and _HEDGE.search(gap)
        opening = _HEDGE_OPENING.match(last_clause) is not None
        if within or (opening and _CLAUSE_BREAK.search(gap)) or _RANGE.match(gap):
            return True
        if _AND.match(gap) and _BETWEEN_BEFORE.search(text, max(0, first.start - 12), first.start):
            return True  # "somewhere between 7 and 8 toys": a range
        if len(gap) <= 40 and _bounds(text, first, second, gap):
            return True
    return False


def _bounds(text: str, first: Numeral, second: Numeral, gap: str) -> bool:
    """A lower bound before the first value and an upper one before the second (or the reverse),
    on one quantity: both values have the same unit, or the first none ("至少有13人，最多有17人",
    "at least 4 and at most 6"; not "最多能买3个，至少剩2元", two quantities)."""
    before = text[max(0, first.start - 12) : first.start]
    paired = (_LOWER_BOUND.search(before) and _UPPER_BOUND.search(gap)) or (
        _UPPER_BOUND.search(before) and _LOWER_BOUND.search(gap)
    )
    if not paired:
        return False
    unit = text[first.end : first.end + 1]
    return not unit.strip() or unit in "，,；;" or unit == text[second.end : second.end + 1]


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
