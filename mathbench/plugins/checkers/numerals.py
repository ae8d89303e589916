"""Finding the numbers a text writes, with their exact values and the span each one occupies.

Answer checkers read numbers out of untrusted model output, so everything here is a single pass
of regular expressions without nested ambiguous quantifiers (time linear in the scanned length),
never ``eval``, and values are exact ``Fraction``s: a checker decides its own tolerance, and a
stricter checker can demand equality. Offsets always index the original text
(``text[n.start:n.end] == n.text``) so that a reviewer can highlight what was read; nothing is
rewritten before matching.

Forms read: integers (``18``, ``1,450``, full-width digits), decimals (``3.5``), fractions
(``2/5``, ``\\frac{2}{5}``, ``\\dfrac``, ``\\tfrac``, ``\\frac12``, ``五分之二``, ``5分之2``), mixed
numbers (``2又1/3``, ``二又三分之一``, ``2\\frac{1}{3}``, ``2 1/3``), percentages (``40%``,
``百分之四十``, both read as 2/5) and a minus sign where it is a sign rather than a subtraction.
Number words (Chinese ``二十四``, English ``twenty-four``) are read only on request, because the
same characters make ordinary words (``一共``, ``一些``, ``the one``) and a caller knows where a
worded answer may stand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

#: A digit run longer than this is no school answer, and ``int()`` of a huge run is slow (and
#: refused past 4,300 digits), so such runs are skipped.
MAX_DIGITS = 30
#: Longest run of Chinese numeral characters read as one number (一千二百三十四万五千六百七十八
#: is 16); longer runs are text, not a number.
MAX_CHINESE_CHARS = 16

# Full-width forms, written as escapes so that they cannot be mistaken for their ASCII twins.
_FW_DOT, _FW_SLASH, _FW_PERCENT = "\uff0e", "\uff0f", "\uff05"
_MINUS, _FW_MINUS, _FW_RPAREN = "\u2212", "\uff0d", "\uff09"
_IDEOGRAPHIC_ZERO = "\u3007"

_CN_DIGITS = {
    "零": 0, _IDEOGRAPHIC_ZERO: 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_CN_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_CHARS = frozenset(f"零{_IDEOGRAPHIC_ZERO}一二两三四五六七八九十百千万亿")
_FULL_WIDTH = str.maketrans({0xFF10 + d: str(d) for d in range(10)} | {ord(_FW_DOT): "."})
_SIGNS = f"-{_MINUS}{_FW_MINUS}"
#: Characters after which a minus sign is a subtraction, not a sign (``5-3``, ``x-1``, ``(2)-1``).
_OPERAND_END = f"){_FW_RPAREN}]】}}%{_FW_PERCENT}"
#: Words that begin with 一 but are no number (一共 "altogether", 一些 "some", ...).
_YI_WORDS = "共些下起定样直般切同致旦边面半"
#: Words that end with 一 and are no number (同一天 "the same day", 唯一 "the only", 之一 "one
#: of", 每一 "every", 统一 "uniform").
_WORDS_BEFORE_YI = "同唯之每统任某单逐"

_FW_COMMA = "\uff0c"
#: English number words and their values; scales multiply what comes before them.
# fmt: off
_EN_UNITS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
)
_EN_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
# fmt: on
_EN_SMALL = dict(zip(_EN_UNITS, range(20), strict=True)) | {
    word: 10 * tens for tens, word in enumerate(_EN_TENS, 2)
}
_EN_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6}

_D = "[0-9\uff10-\uff19]"
_FW_D = "[\uff10-\uff19]"
#: Spaces that group thousands (SI style: ``2 000``, with a space, no-break or thin space).
_GROUP_SPACES = " \u00a0\u2009\u202f"
# 1,450 with ASCII commas; full-width digits may also group with the full-width comma, which
# between ASCII digits is a Chinese clause comma that separates two numbers. A space groups only
# groups of exactly three digits (``2 000米``, ``1 250 000``), never ``3 4`` or ``12 3456``.
_INT = (
    rf"(?:{_D}{{1,3}}(?:,{_D}{{3}})+(?!{_D})"
    rf"|{_FW_D}{{1,3}}(?:{_FW_COMMA}{_FW_D}{{3}})+(?!{_D})"
    rf"|(?<!{_D}[{_GROUP_SPACES}]){_D}{{1,3}}(?:[{_GROUP_SPACES}]{_D}{{3}})+(?!{_D}|[{_GROUP_SPACES}]{_D})"
    rf"|{_D}+)"
)
_UNGROUP = str.maketrans("", "", "," + _FW_COMMA + _GROUP_SPACES)
_NUM = rf"{_INT}(?:[.{_FW_DOT}]{_D}+)?"
_CN = f"[{''.join(sorted(_CN_CHARS))}]"
# 千 before 克, 米 or 瓦 is the unit prefix (一千克 is 1 kg, 三分之一千米 is 1/3 km), not 1000.
_CN_INT = rf"{_CN}{{1,{MAX_CHINESE_CHARS}}}(?!(?<=千)[克米瓦])"
_CN_NUM = rf"{_CN_INT}(?:点[{''.join(_CN_DIGITS)}]{{1,{MAX_CHINESE_CHARS}}})?"
_SP = "[ \t]{0,3}"
#: The point of a decimal written without its leading zero (".45"), never one that ends a
#: sentence or an ellipsis.
_LEADING_DOT = r"\.(?=[0-9])"

#: Fractions typed as one character (``1⅓`` hours, ``½`` cup).
VULGAR_FRACTIONS = {
    "½": Fraction(1, 2), "⅓": Fraction(1, 3), "⅔": Fraction(2, 3), "¼": Fraction(1, 4),
    "¾": Fraction(3, 4), "⅕": Fraction(1, 5), "⅖": Fraction(2, 5), "⅗": Fraction(3, 5),
    "⅘": Fraction(4, 5), "⅙": Fraction(1, 6), "⅚": Fraction(5, 6), "⅐": Fraction(1, 7),
    "⅛": Fraction(1, 8), "⅜": Fraction(3, 8), "⅝": Fraction(5, 8), "⅞": Fraction(7, 8),
    "⅑": Fraction(1, 9), "⅒": Fraction(1, 10),
}  # fmt: skip

_ALTERNATIVES = [
    # 2\frac{1}{3}, \dfrac{-3}{4}, \frac12
    rf"(?P<latex>(?:(?P<lx_whole>{_INT}){_SP})?\\[dt]?frac"
    rf"(?:{_SP}\{{{_SP}(?P<lx_num>[-{_MINUS}]?{_NUM}){_SP}\}}{_SP}\{{{_SP}(?P<lx_den>{_NUM}){_SP}\}}"
    r"|(?P<lx_n1>[0-9])(?P<lx_d1>[0-9])))",
    # 2又1/3, 二又三分之一
    rf"(?P<mixed>(?P<mx_whole>{_INT}|{_CN_INT}){_SP}又{_SP}"
    rf"(?:(?P<mx_num>{_INT})[/{_FW_SLASH}](?P<mx_den>{_INT})"
    rf"|(?P<mx_cden>{_INT}|{_CN_INT}){_SP}分之{_SP}(?P<mx_cnum>{_INT}|{_CN_INT})))",
    # 五分之三, 5分之3, 百分之四十, 百分之37.5
    rf"(?P<cnfrac>(?P<cf_den>{_INT}|{_CN_INT}){_SP}分之{_SP}(?P<cf_num>{_NUM}|{_CN_NUM}))",
    # 2/5, 72/180, 2 1/3 and 2 and 1/3 (a whole number, one space, a fraction); never part of
    # a date 2023/10/5
    rf"(?P<frac>(?<![/{_FW_SLASH}])(?:(?P<fr_whole>{_INT}) (?:and )?)?"
    rf"(?P<fr_num>{_INT})[/{_FW_SLASH}](?P<fr_den>{_INT})(?!{_D}|[/{_FW_SLASH}]{_D}))",
    rf"(?P<pct>(?P<pc_num>{_NUM}){_SP}[%{_FW_PERCENT}])",
    # 1⅓, ½: a vulgar fraction character, after a whole number or alone
    rf"(?P<vulgar>(?:(?P<vg_whole>{_INT})[ \t]?)?(?P<vg_part>[{''.join(VULGAR_FRACTIONS)}]))",
    # 18, 2.5, and a decimal written without its leading zero (".45", "= .5")
    rf"(?P<num>{_NUM}|(?<![\w.]){_LEADING_DOT}{_D}+)",
]
_EN_WORD = "|".join(sorted([*_EN_SMALL, *_EN_SCALES], key=len, reverse=True))
_CN_WORD = rf"(?P<cnword>{_CN}+(?:点{_CN}+)?(?!(?<=千)[克米瓦]))"
#: English fractions in words: "one half", "two thirds", "three quarters", "eleven twelfths",
#: "four thirty-fifths". "second" is a denominator only after tens ("twenty-seconds"): "two
#: seconds" is a time.
_EN_ORDINALS = {
    "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
    "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60,
    "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100, "thousandth": 1000,
}  # fmt: skip
_EN_DENOMINATORS = (
    {"half": 2, "halves": 2, "quarter": 4, "quarters": 4}
    | _EN_ORDINALS
    | {f"{word}s": value for word, value in _EN_ORDINALS.items()}
)
_EN_UNIT_ORDINALS = {"first": 1, "second": 2} | {
    word: value for word, value in _EN_ORDINALS.items() if value < 10
}
_EN_TENS_ORDINAL = (
    rf"(?P<ef_tens>{'|'.join(_EN_TENS)})-(?P<ef_unit>{'|'.join(_EN_UNIT_ORDINALS)})s?"
)
_EN_NUMERATORS = "|".join(sorted(_EN_UNITS[1:], key=len, reverse=True))
_EN_FRACTION = (
    # "the one hundredth day" is an ordinal, no fraction.
    r"(?P<enfrac>(?i:(?!(?<=the )[a-z]+[ \t-](?:hundredth|thousandth))"
    rf"\b(?P<ef_num>{_EN_NUMERATORS})[ \t-]"
    rf"(?:{_EN_TENS_ORDINAL}"
    rf"|(?P<ef_den>{'|'.join(sorted(_EN_DENOMINATORS, key=len, reverse=True))}))\b))"
)
# Not the first half of a compound adjective ("four-tuple", "two-digit", "six-sided").
_EN_NUMBER = (
    rf"(?P<enword>(?i:\b(?:{_EN_WORD})\b(?:(?:[ \t-]|[ \t]+and[ \t]+)(?:{_EN_WORD})\b)*)"
    r"(?!-[A-Za-z]))"
)
# A numeral can only start at one of these characters; testing that first spares trying every
# alternative at every position of ordinary text (70 times faster on Chinese prose).
_FIRST = f".0-9\uff10-\uff19\\\\{''.join(sorted(_CN_CHARS))}{''.join(VULGAR_FRACTIONS)}"
_EN_FIRST = "".join(sorted({word[0] for word in [*_EN_SMALL, *_EN_SCALES]}))
_NUMERAL = re.compile(f"(?=[{_FIRST}])(?:{'|'.join(_ALTERNATIVES)})")
_NUMERAL_OR_WORD = re.compile(
    f"(?=[{_FIRST}{_EN_FIRST}{_EN_FIRST.upper()}])"
    f"(?:{'|'.join([*_ALTERNATIVES, _CN_WORD, _EN_FRACTION, _EN_NUMBER])})"
)


class Form(StrEnum):
    """How a numeral was written; the CMATH rule compares two integer literals exactly."""

    INTEGER = "integer"
    DECIMAL = "decimal"
    FRACTION = "fraction"
    MIXED = "mixed"
    PERCENT = "percent"


@dataclass(frozen=True, slots=True)
class Numeral:
    """One number written in a text: its span, exact value and written form.

    ``chinese`` says it was written with Chinese numeral characters (``二十四``, ``五分之三``).
    """

    text: str
    start: int
    end: int
    value: Fraction
    form: Form
    chinese: bool = False


def find_numerals(
    text: str, start: int = 0, end: int | None = None, *, words: bool = False
) -> list[Numeral]:
    """Every numeral in ``text[start:end]``, in text order, with offsets into ``text``.

    Digits glued to a preceding letter (``x2``, ``H2O``, ``mp3``) are names, not numbers, and are
    skipped; LaTeX commands (``\\approx3``) are not letters in this sense. ``words`` also reads
    number words (``二十四``, ``三点五``, ``twenty-four``, ``one hundred and five``); Chinese
    fractions and percentages (``五分之三``, ``百分之四十``) are always read, being unambiguous.
    """
    stop = len(text) if end is None else min(end, len(text))
    pattern = _NUMERAL_OR_WORD if words else _NUMERAL
    found: list[Numeral] = []
    for match in pattern.finditer(text, start, stop):
        if _glued_to_word(text, match.start(), start):
            continue
        found.extend(_read(text, match, start))
    return found


def parse_numeral(text: str) -> Numeral | None:
    """The value of a string that is one numeral and nothing else (a golden answer), or None.

    Surrounding whitespace and TeX dollar signs are allowed (``" 72/180 "``, ``"$18$"``); anything
    else around the number (a unit, a word) makes it unreadable, since golden answers in data
    files are plain numbers and guessing at them would hide a broken data file.
    """
    stripped = text.strip().strip("$").strip()
    found = find_numerals(stripped, words=True)
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(stripped):
        return found[0]
    return None


def format_value(value: Fraction) -> str:
    """A short canonical reading of a value: ``1450``, ``0.4``, ``-2.25`` or ``1/3``.

    A value with a terminating decimal expansion of at most 12 places is written as a decimal
    (what a reader expects for ``40%``), any other as a reduced fraction.
    """
    numerator, denominator = value.numerator, value.denominator
    if denominator == 1:
        return str(numerator)
    rest, twos, fives = denominator, 0, 0
    while rest % 2 == 0:
        rest, twos = rest // 2, twos + 1
    while rest % 5 == 0:
        rest, fives = rest // 5, fives + 1
    places = max(twos, fives)
    if rest != 1 or places > 12:
        return f"{numerator}/{denominator}"
    digits = str(abs(numerator) * 10**places // denominator).rjust(places + 1, "0")
    sign = "-" if numerator < 0 else ""
    return f"{sign}{digits[:-places]}.{digits[-places:]}"


def _read(text: str, match: re.Match[str], floor: int) -> list[Numeral]:
    """The numeral(s) one regex match stands for; none where a part is too long to be a number."""
    if match["latex"] is not None:
        return _one(text, match, floor, _latex_value(match))
    if match["mixed"] is not None:
        return _one(text, match, floor, _mixed_value(match))
    if match["cnfrac"] is not None:
        return _one(text, match, floor, _chinese_fraction_value(match))
    if match["frac"] is not None:
        return _slash_fraction(text, match, floor)
    if match["pct"] is not None:
        number = _decimal(match["pc_num"])
        return _one(text, match, floor, None if number is None else (number / 100, Form.PERCENT))
    if match["vulgar"] is not None:
        whole = _integer(match["vg_whole"]) if match["vg_whole"] else 0
        part = VULGAR_FRACTIONS[match["vg_part"]]
        form = Form.MIXED if match["vg_whole"] else Form.FRACTION
        return _one(text, match, floor, None if whole is None else (whole + part, form))
    if match["num"] is not None:
        number = _decimal(match["num"])
        form = Form.DECIMAL if any(c in match["num"] for c in f".{_FW_DOT}") else Form.INTEGER
        return _one(text, match, floor, None if number is None else (number, form))
    if match["cnword"] is not None:
        return _one(text, match, floor, _chinese_word_value(text, match))
    if match["enfrac"] is not None:
        numerator = _EN_SMALL[match["ef_num"].casefold()]
        denominator = (
            _EN_DENOMINATORS[match["ef_den"].casefold()]
            if match["ef_den"] is not None
            else _EN_SMALL[match["ef_tens"].casefold()]
            + _EN_UNIT_ORDINALS[match["ef_unit"].casefold()]
        )
        return _one(text, match, floor, (Fraction(numerator, denominator), Form.FRACTION))
    one = match["enword"].casefold() == "one"
    if one and _PRONOUN_ONE.search(text, max(floor, match.start() - 24), match.end()):
        return []  # "Ann has the longer one.", "No one knows": a pronoun, not a number
    value = Fraction(_english_number(match["enword"]))
    negative = _NEGATIVE_WORD.search(text, max(floor, match.start() - 12), match.start())
    if negative is not None and value:
        # "negative fifteen": the word is the sign
        start = negative.start()
        return [Numeral(text[start : match.end()], start, match.end(), -value, Form.INTEGER)]
    return _one(text, match, floor, (value, Form.INTEGER))


#: The word for a minus sign before a number in words.
_NEGATIVE_WORD = re.compile(r"(?i:\bnegative)[ \t]+$")


#: "one" standing for a thing: after a determiner and an adjective ("the longer one", "a red
#: one"), or after "this", "that", "which", "each", "every", "no", "any", "another".
_PRONOUN_ONE = re.compile(
    r"(?i:\b(?:(?:the|a|an)\s+(?!only\b)[a-z]{2,}|this|that|which|each|every|no|any|another"
    r"|the)\s+one)$"
)


def _one(
    text: str, match: re.Match[str], floor: int, reading: tuple[Fraction, Form] | None
) -> list[Numeral]:
    if reading is None:
        return []
    return [_signed(text, match.start(), match.end(), floor, *reading)]


def _signed(text: str, start: int, end: int, floor: int, value: Fraction, form: Form) -> Numeral:
    """A numeral, with a sign in front of it taken in when that sign is no subtraction."""
    chinese = any(c in _CN_CHARS for c in text[start:end])
    if start > floor and (text[start - 1] in _SIGNS or text[start - 1] == "负"):
        before = start - 2
        while before >= floor and before > start - 5 and text[before] in " \t":
            before -= 1
        # "is -1", "be -3": a word of prose before a spaced minus glued to its number leaves it
        # a sign; a variable before it subtracts ("x - 1", "x-1").
        after_word = (
            before < start - 2
            and before > floor
            and _is_ascii_letter(text[before])
            and _is_ascii_letter(text[before - 1])
        )
        is_sign = (
            text[start - 1] == "负"
            or after_word
            or not (
                before >= floor
                and (
                    text[before].isdigit()
                    or _is_ascii_letter(text[before])
                    or text[before] in _OPERAND_END
                )
            )
        )
        if is_sign and value != 0:
            start -= 1
            value = -value
    return Numeral(text[start:end], start, end, value, form, chinese)


def _glued_to_word(text: str, start: int, floor: int) -> bool:
    """Whether a match starts right after an ASCII letter that is not the end of a TeX command."""
    before = start - 1
    if before < floor or not _is_ascii_letter(text[before]):
        return False
    while before >= floor and before > start - 24 and _is_ascii_letter(text[before]):
        before -= 1
    return not (before >= floor and text[before] == "\\")


def _is_ascii_letter(char: str) -> bool:
    return char.isascii() and (char.isalpha() or char == "_")


def _integer(digits: str) -> int | None:
    plain = digits.translate(_FULL_WIDTH).translate(_UNGROUP)
    if len(plain) > MAX_DIGITS:
        return None
    return int(plain)


def _decimal(number: str) -> Fraction | None:
    plain = number.translate(_FULL_WIDTH).translate(_UNGROUP).lstrip(_SIGNS)
    if len(plain.replace(".", "")) > MAX_DIGITS:
        return None
    value = Fraction(int(plain)) if plain.isdigit() else Fraction(plain)
    return -value if number[0] in _SIGNS else value


def _ratio(numerator: Fraction | int | None, denominator: Fraction | int | None) -> Fraction | None:
    if numerator is None or denominator is None or denominator == 0:
        return None
    return Fraction(numerator) / Fraction(denominator)


def _latex_value(match: re.Match[str]) -> tuple[Fraction, Form] | None:
    if match["lx_num"] is not None:
        fraction = _ratio(_decimal(match["lx_num"]), _decimal(match["lx_den"]))
    else:
        fraction = _ratio(int(match["lx_n1"]), int(match["lx_d1"]))
    if fraction is None:
        return None
    if match["lx_whole"] is None:
        return fraction, Form.FRACTION
    whole = _integer(match["lx_whole"])
    return None if whole is None else (whole + fraction, Form.MIXED)


def _mixed_value(match: re.Match[str]) -> tuple[Fraction, Form] | None:
    whole = _integer_or_chinese(match["mx_whole"])
    if match["mx_num"] is not None:
        fraction = _ratio(_integer(match["mx_num"]), _integer(match["mx_den"]))
    else:
        fraction = _ratio(
            _integer_or_chinese(match["mx_cnum"]), _integer_or_chinese(match["mx_cden"])
        )
    if whole is None or fraction is None:
        return None
    return whole + fraction, Form.MIXED


def _chinese_fraction_value(match: re.Match[str]) -> tuple[Fraction, Form] | None:
    denominator = _integer_or_chinese(match["cf_den"])
    numerator_text = match["cf_num"]
    if numerator_text[0] in _CN_CHARS:
        numerator = _chinese_number(numerator_text)
    else:
        numerator = _decimal(numerator_text)
    fraction = _ratio(numerator, denominator)
    if fraction is None:
        return None
    return fraction, Form.PERCENT if match["cf_den"] == "百" else Form.FRACTION


def _slash_fraction(text: str, match: re.Match[str], floor: int) -> list[Numeral]:
    """``a/b``, or ``w a/b`` as a mixed number when ``a/b`` is a proper fraction.

    ``3 12/4`` is no mixed number, so it is read as the two numerals ``3`` and ``12/4``.
    """
    fraction = _ratio(_integer(match["fr_num"]), _integer(match["fr_den"]))
    if fraction is None:
        return []
    if match["fr_whole"] is None:
        return [_signed(text, match.start(), match.end(), floor, fraction, Form.FRACTION)]
    whole = _integer(match["fr_whole"])
    if whole is not None and 0 <= fraction < 1:
        return [_signed(text, match.start(), match.end(), floor, whole + fraction, Form.MIXED)]
    numerals = []
    if whole is not None:
        whole_start, whole_end = match.span("fr_whole")
        numerals.append(_signed(text, whole_start, whole_end, floor, Fraction(whole), Form.INTEGER))
    numerals.append(
        _signed(text, match.start("fr_num"), match.end(), floor, fraction, Form.FRACTION)
    )
    return numerals


def _chinese_word_value(text: str, match: re.Match[str]) -> tuple[Fraction, Form] | None:
    word = match["cnword"]
    following = text[match.end() : match.end() + 1]
    preceding = text[match.start() - 1 : match.start()] if match.start() else ""
    in_word = (following and following in _YI_WORDS) or (
        preceding and preceding in _WORDS_BEFORE_YI
    )
    if len(word) > MAX_CHINESE_CHARS or (word == "一" and in_word):
        return None
    if word == "十" and following == "分" and text[match.end() + 1 : match.end() + 2] != "钟":
        return None  # 十分 is "very" unless it is 十分钟 (ten minutes)
    value = _chinese_number(word)
    if value is None:
        return None
    return value, Form.DECIMAL if "点" in word else Form.INTEGER


def _integer_or_chinese(text: str) -> Fraction | None:
    if text[0] in _CN_CHARS:
        return _chinese_number(text)
    integer = _integer(text)
    return None if integer is None else Fraction(integer)


def _chinese_number(word: str) -> Fraction | None:
    """二十四 -> 24, 两千零五 -> 2005, 一万二千 -> 12000, 二〇二三 -> 2023, 三点五 -> 7/2."""
    whole, _, decimals = word.partition("点")
    integer = _chinese_integer(whole)
    if integer is None:
        return None
    if not decimals:
        return Fraction(integer)
    if any(c not in _CN_DIGITS for c in decimals):
        return None
    digits = "".join(str(_CN_DIGITS[c]) for c in decimals)
    return Fraction(integer) + Fraction(int(digits), 10 ** len(digits))


def _chinese_integer(word: str) -> int | None:
    if not word or len(word) > MAX_CHINESE_CHARS:
        return None
    if all(c in _CN_DIGITS for c in word):
        return int("".join(str(_CN_DIGITS[c]) for c in word))
    total = section = digit = 0
    for char in word:
        if char in _CN_DIGITS:
            digit = _CN_DIGITS[char]
        elif char in _CN_SMALL_UNITS:
            section += (digit or 1) * _CN_SMALL_UNITS[char]
            digit = 0
        elif char == "万":
            total += (section + digit or 1) * 10**4
            section = digit = 0
        else:  # 亿 scales everything before it: 一万亿, 三亿
            total = (total + section + digit or 1) * 10**8
            section = digit = 0
    return total + section + digit


def _english_number(words: str) -> int:
    """twenty-four -> 24, one hundred and five -> 105, two thousand three hundred -> 2300."""
    total = current = 0
    for word in re.split(r"[ \t-]+", words.casefold()):
        if word in _EN_SMALL:
            current += _EN_SMALL[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in _EN_SCALES:
            total += (current or 1) * _EN_SCALES[word]
            current = 0
    return total + current


def terminates(value: Fraction) -> bool:
    """Whether a value has a finite decimal expansion (its denominator has no prime but 2, 5).

    A decimal answer can state such a value exactly, so stricter checkers accept no rounding of it.
    """
    denominator = value.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    return denominator == 1


def significant_digits(value: Fraction, places: int) -> int:
    """Significant digits of a decimal written with ``places`` decimals: ``0.0123`` has 3."""
    scaled = abs(value) * 10**places
    return len(str(scaled.numerator // scaled.denominator).lstrip("0"))
