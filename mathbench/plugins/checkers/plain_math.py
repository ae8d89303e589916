"""Math typed as plain text, outside LaTeX: what a sentence of it ends on.

Chat models often answer MATH problems without a dollar sign: ``M + N = 91 + 13 = 104``,
``f(2x) = (2x)² − 3(2x) + 4 = **4x² − 6x + 4**``, "the area is 49π square feet", "the expression
simplifies to 2 + 2k". A grader reads such a sentence to its end: the value after its last
``=``, or the expression it ends on after "is"/"to"/a colon. The reader (``answer``) asks this
module for that span; ``latex_normalise`` then spells its Unicode (``−``, ``²``, ``√``, ``π``,
``½``) as LaTeX for the parser.

A run of plain math is made of numbers, operators, brackets, one-letter variables (``k``, ``x``,
``i``), point names (``AE``) and function names (``sqrt``, ``cos``); any other word ends it.
Every pattern is possessive and every scan is bounded by ``RUN_CHARS``, so a megabyte line costs
no more than a short one.
"""

# Unicode math (−, ², √, π) and full-width signs are what this module reads, not confusable typos:
# ruff: noqa: RUF001, RUF002, RUF003

from __future__ import annotations

import re

#: How far back from a sentence's end a run of plain math is looked for.
RUN_CHARS = 400
#: How many words (units: "square feet", "pounds per hour") may follow the run before the end.
TRAILING_WORDS = 3

_FUNCTION = r"(?:sqrt|pi|sin|cos|tan|cot|sec|csc|log|ln|exp)(?![A-Za-z])"
_TOKEN = (
    r"\d{1,3}+(?:,\d{3})++(?![\d])|\d++(?:\.\d++)?+"
    rf"|(?<![A-Za-z]){_FUNCTION}"
    # Point and segment names (AE, M); "I" and "A" before a word are a pronoun and an article.
    r"|(?<![A-Za-z])(?!(?:I|A)[ \t]++[a-z])[A-Z]{1,3}+(?![A-Za-z])"
    r"|(?<![A-Za-z])(?!a[ \t]++[A-Za-z])[a-z](?![A-Za-z])|[α-ωΑ-Ω]"
    # A product of variables after its coefficient, before an operator ("3qr + 6q"): no unit
    # ("5cm") or ordinal ("3rd") is followed by one.
    r"|(?<=\d)[a-z]{2,3}+(?=[ \t]*+[-−+=)^])"
    # One "*" multiplies; "**" is Markdown bold, around the run rather than in it.
    r"|(?<!\*)\*(?!\*)"
    r"|[-−+/^=()\[\],×÷·⋅±√π∞²³⁴⁵⁶⁷⁸⁹⁰¹⁻½⅓⅔¼¾%!|'′°]"
    # A ratio's colon between two numbers ("10 : 50 = 1 : 5"); never a label's ("Answer: 5").
    r"|(?<=[\d \t]):(?=[ \t]*+\d)"
    r"|[ \t]++"
)
_RUN = re.compile(rf"(?:{_TOKEN})++")
_FUNCTION_WORD = re.compile(_FUNCTION)
_WORD = re.compile(r"[A-Za-z]{2,}+")
#: What makes a run math rather than a number of prose: an operator, a root, a variable.
_MATH_FEATURE = re.compile(r"[=+−\-*/^×÷·⋅±√π∞²³⁴⁻½⅓⅔¼¾(]|[A-Za-z]")
_VALUE = re.compile(r"[0-9π√∞½⅓⅔¼¾]")
#: Numbers, signed or not, listed by commas and nothing else.
_NUMBER_LIST = re.compile(r"[-−]?[\d.]++(?:[ \t]*+,[ \t]*+[-−]?[\d.]++)++")
_LABEL_ONLY = re.compile(r"[ \t*_#>]*+[A-Za-z][A-Za-z ]{0,30}+[:：][ \t*_]*+")
#: A number and a one-letter unit after a space ("40 m"), which is no product.
_NUMBER_AND_UNIT = re.compile(r"[-−]?[\d.,]++[ \t]++[A-Za-z]")
#: An assignment that opens a run: ``x = 7``, ``AE = 2``, ``h⁻¹(x) =``.
_ASSIGNED = re.compile(r"[ \t]*+[A-Za-z]{1,3}+[⁻¹()A-Za-z \t]{0,8}+=")
#: An assignment listed before another: "m = 2 and ", "PQ = 4, " (not "32 = 4h → ").
_LISTED_ASSIGNMENT = re.compile(r"[A-Za-z]{1,3}+[ \t]*+=[^=]{1,40}?(?:[,;]|\band\b)[ \t]*+$")
#: A word's value listed before another word's ("Dogs = … = **160**, cats "), which is labelled.
_LABELLED_LIST = re.compile(
    r"[A-Za-z]{2,12}+[ \t]*+=[^\n]{1,60}?[,;][ \t]*+(?:and[ \t]++)?[A-Za-z]{2,12}+[ \t]*+$"
)
#: Bold opening right after an equals sign: what follows is the worked line's result.
_BOLD_RESULT = re.compile(r"=[ \t]*+[*_]{1,3}+[ \t]*+$")
#: The words after which a sentence's last expression is what it says: "is 49π", "simplifies to
#: 2 + 2k", "Answer: −7", "= **4x² − 6x + 4**" (bold, which breaks the run, after a worked line).
_LINKING = re.compile(
    r"(?i:\b(?:is|are|was|were|be|equals|to|by|gives|get|gets|becomes|that's|it's)"
    r"|[:：=])[ \t*_]*+$"
)
#: A quantity with its unit, just before an "=" that converts it.
_QUANTITY_BEFORE = re.compile(r"\d[ \t]*+[A-Za-z]{2,}+(?:[ \t]++[A-Za-z]{2,}+)?+[ \t]*+$")
_OPERATOR = re.compile(r"[-−+*/×÷·⋅^]")
_SYMBOLIC = re.compile(r"[π√]|(?<![A-Za-z])[a-z](?![A-Za-z])")
#: "or" between two equations: the sentence offers both.
_OR = re.compile(r"(?i:\bor\b)|或")


def ending_expression(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of the plain-text math that ``text[start:end]`` (one sentence, no LaTeX) ends
    on: the result after the last ``=`` of a worked line, or the expression after a linking word;
    None when the sentence does not end on math, ends on a bare number (which the reader's other
    rules place), or states several equations (``x = 2 and y = 3``), which name no one value."""
    stop = _before_trailing_words(text, start, end)
    floor = max(start, stop - RUN_CHARS)
    last = None
    for found in _RUN.finditer(text, floor, stop):
        last = found
    if last is None or last.end() != stop:
        return None
    run_start, run_end = _trimmed(text, last.start(), stop)
    run = text[run_start:run_end]
    tail = run[run.rfind("=") + 1 :]
    if tail.count("(") != tail.count(")"):
        return None  # "… is 9 (92 = 4 × 23)": an aside in brackets, which the run only ends
    if not _VALUE.search(run):
        return None
    if not _MATH_FEATURE.search(run):
        # "Median = (29 + 29)/2 = **29**": bold, which breaks the run, sets off its result.
        bold_result = _BOLD_RESULT.search(text, max(start, run_start - 8), run_start)
        return (run_start, run_end) if bold_result else None
    if "=" not in run:
        if _NUMBER_LIST.fullmatch(run) and not _LABEL_ONLY.fullmatch(text, start, run_start):
            # "There are 9 multiples: −24, −18, …, 24": a list the sentence says of its value;
            # only after a label alone ("Roots: −3, 2, 4") is the list the answer.
            return None
        if _NUMBER_AND_UNIT.fullmatch(run):
            return None  # "is 40 m": a number and its unit, which the reader's other rules read
        expression = _OPERATOR.search(run) is not None and _SYMBOLIC.search(run) is not None
        if (
            not expression
            and not _LINKING.search(text, max(start, run_start - 16), run_start)
            and text[start:run_start].strip(" \t*_")
        ):
            return None  # "… has area 32 − 8π square units" ends on an expression, said or not
        return run_start, run_end
    before = text[start:run_start]
    converted = run.startswith("=") and not _OPERATOR.search(run, 1)
    if converted and _QUANTITY_BEFORE.search(text, max(start, run_start - 40), run_start):
        return None  # "bringing the total to 32 ounces = 2 pounds": a conversion, said aside
    if "=" in before or "＝" in before:
        if _OR.search(text, max(start, run_start - 12), run_start):
            # "k = 6 or k = 24/5": both equations are the answer, which is a hedge.
            return _trimmed(text, start, run_end)
        if _ASSIGNED.match(text, run_start) and _LISTED_ASSIGNMENT.search(before[-RUN_CHARS:]):
            return None  # "x = 2 and y = 3": several values, none the answer alone
        if run.startswith("=") and _LABELLED_LIST.search(before[-RUN_CHARS:]):
            return None  # "Dogs = 4 × 40 = **160**, cats = 3 × 40 = 120": labelled values
    if _top_level_equations(run) > 1:
        return None  # "AE = 2, EB = 8"
    result_start = run_start + run.rfind("=") + 1
    result = _trimmed(text, result_start, run_end)
    return result if _VALUE.search(text, *result) else None


def expression_from(text: str, at: int, limit: int) -> int:
    """Where the plain-text math starting at ``at`` ends ("4√13 feet" ends after ``4√13``,
    "5 more than" after ``5``), ``at`` when none starts there. At most ``RUN_CHARS`` are read."""
    found = _RUN.match(text, at, min(limit, at + RUN_CHARS))
    if found is None:
        return at
    return _trimmed(text, at, found.end())[1]


def _before_trailing_words(text: str, start: int, end: int) -> int:
    """Where the sentence ends once its closing marks and up to ``TRAILING_WORDS`` words
    ("square centimeters", "pounds") are set aside; function names (``pi``) are math."""
    start = max(start, end - RUN_CHARS)
    stop = end
    words = 0
    while stop > start:
        while stop > start and text[stop - 1] in " \t.*_!。²³":  # cm², m³: a unit's power
            stop -= 1
        word_start = stop
        while (
            word_start > start and text[word_start - 1].isascii() and text[word_start - 1].isalpha()
        ):
            word_start -= 1
        word = text[word_start:stop]
        if (
            words >= TRAILING_WORDS
            or not _WORD.fullmatch(word)
            or _FUNCTION_WORD.fullmatch(word)
            or word_start == start
        ):
            return stop
        stop, words = word_start, words + 1
    return stop


def _ascii_letter(char: str) -> bool:
    return char.isascii() and char.isalpha()


def _top_level_equations(run: str) -> int:
    """How many comma-separated parts of ``run`` outside brackets hold an ``=``."""
    depth, parts, has_equals = 0, 0, False
    for char in run:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        elif char == "," and depth == 0:
            parts += has_equals
            has_equals = False
        elif char == "=":
            has_equals = True
    return parts + has_equals


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """``start``/``end`` moved past spaces, commas and bold marks at either side."""
    while start < end and text[start] in " \t,*_":
        start += 1
    while end > start and text[end - 1] in " \t,*_":
        end -= 1
    return start, end
