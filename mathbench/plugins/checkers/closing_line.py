"""What a closing line says as the answer, when no box or marker states it.

Many responses end in a sentence ("So the area is $12\\pi$.", "**Maximum value: 27,648**") rather
than a box. This module reads that line as a teacher would: the value it says something *is*, the
one bold value, the clause said of what the question asks about (``question.choose``), a line that
is only math, a word the problem offers as an option; not the reason, aside or check that follows
the answer.
"""

# Full-width Chinese punctuation (：，。) is what this module reads, not a confusable typo:
# ruff: noqa: RUF001

from __future__ import annotations

import itertools
import re
from fractions import Fraction
from functools import lru_cache

from mathbench.plugins.checkers.answer_context import (
    STATEMENT_CHARS,
)
from mathbench.plugins.checkers.answer_text import (
    LAST_NUMBER,
    MATH_DELIMITERS,
    VARIABLE,
    FinalAnswer,
    joined_spans_start,
    last_math_span,
    trimmed,
    value_at,
)
from mathbench.plugins.checkers.latex_normalise import comparison_key, normalise
from mathbench.plugins.checkers.numerals import Numeral, find_numerals, parse_numeral
from mathbench.plugins.checkers.plain_math import ending_expression
from mathbench.plugins.checkers.question import choose, read_question, without_figures
from mathbench.plugins.checkers.response_text import MAX_ANSWER_CHARS, last_sentence_start

#: Longest first line read as an answer stated before its working.
FIRST_LINE_CHARS = 40


#: A sentence's end in prose (outside a number and outside math, which the caller checks).
_PROSE_SENTENCE_END = re.compile(
    # "!" after a digit or a bracket is a factorial (5!\cdot 2!), not the end of a sentence.
    # The stop of "a.m." or "p.m." is an abbreviation's ("arrives at 9 a.m. Denver time").
    # A parenthesis opening a sentence makes it an aside ("… = 2/3. (Then the degree is 2.)").
    # A degree or percent sign, or bold, may end one ("… = 36°. Since …").
    r"(?<=[a-z0-9)\]$°%*])(?<![AaPp]\.[Mm])\.\s+(?=[A-Z(])|[。！？]|\?(?=\s|$)|(?<![\d)}\]])!(?=\s|$)"
)

_UNESCAPED_DOLLAR = re.compile(r"(?<!\\)\$")


#: The verb of a concluding sentence, before the value it states.
_COPULA = re.compile(
    r"(?i:\b(?:is|are|was|were|equals|be|gives|yields)\b|\b(?:that|it)[’']s\b)"
    # "… is therefore 1": an adverb between the copula and its value.
    r"(?i:[ \t]++(?:therefore|thus|hence|then|simply|just|exactly|clearly|also|indeed|always"
    r"|each|both)\b)?"
)


#: A dash that breaks an answer down into parts; not one that refines it ("— specifically 2").
BREAKDOWN = re.compile(
    # "… make 11 groups, each with 4 plates and 3 spoons": what each part holds is no answer.
    r"(?:[ \t][—–][ \t]|——|[ \t]--[ \t]|,[ \t]*+each[ \t]++(?:with|having|containing|of)\b"
    # "… to 16 schools, and each school receives 3 computers": what each part gets.
    r"|,[ \t]*+and[ \t]++each[ \t]++[a-z]++[ \t]++(?:receives|gets|has|holds|will[ \t]++get)\b"
    # "… = 14 games: 2 wins, 2 losses and 10 draws": the parts, counted, after a colon.
    r"|:(?=[ \t]++\d++[ \t]++[a-z]++,[ \t]))"
    # "8 toys — or 7 if there's sales tax": an alternative offered, which the hedge check reads.
    r"(?![ \t]*+(?i:specifically|namely|exactly|that\s+is|i\.e\.|or\b))"
)

#: Numbers listed alone on a line, a space after each comma (not 8,000's thousands).
_NUMBERS_ALONE = re.compile(r"[ \t]*+[-−]?\d[\d.]*+(?:,[ \t]++[-−]?\d[\d.]*+)++[ \t.]*+")
#: Another value offered after the one a line says ("— or **27**", ", or perhaps 9").
_OR_ALTERNATIVE = re.compile(
    r"(?:[—–,][ \t]*+|[ \t]++-[ \t]++)(?i:or)(?:[ \t]++(?:perhaps|maybe|possibly))?[ \t]++"
    r"\**+\$?([-−]?\d[\d./]*+)"
)
#: "either" before a value, and the "or" value after it ("either 8 or about 4", "either 8080 or
#: slightly less, around 8076").
_EITHER_BEFORE = re.compile(r"(?i:\beither)[ \t*$]*+$")
_OR_AFTER_EITHER = re.compile(
    # "either 8080 or slightly less, around 8076": a few words may come before the other value.
    r"[ \t*$]*+,?[ \t]*+(?i:or)(?:[ \t]++[A-Za-z]{1,12}+,?){0,4}[ \t]++\**+\$?([-−]?\d[\d./]*+)"
)
#: A number written out as a product or sum of numbers ("giving $2057 = 11 \\times 187$"): a
#: check of the value said before it, not a new value.
_NUMBER_WRITTEN_OUT = re.compile(r"[ \t]*+\d++[ \t]*+=(?:[ \t\d+\-*^{}()×·]|\\times|\\cdot)++")
_COLON_BEFORE_MATH = re.compile(r"[:：][ \t]*+\$$")
_THEN = re.compile(r"(?i:\b(?:so|thus|therefore|hence|giving|which\s+gives)\b)|所以|因此")
_BETWEEN = re.compile(r"(?i:\bbetween)[ \t]++([-−]?\d[\d,.]*+[ \t]++and[ \t]++[-−]?\d[\d,.]*+)")

#: A number and "or" just before the last number of a line: the line offers two.
_ALTERNATIVE_BEFORE = re.compile(
    r"[-−]?\d[\d,./]*+[ \t]*+,?[ \t]*+(?:(?i:or)|或者?|还是)[ \t]++"
    r"(?:(?i:possibly|perhaps|maybe|probably)[ \t]++)?$"
)

_CLAUSE_BOUNDARY = re.compile(r"[,;:]|(?i:\b(?:and|so|then|but)\b)")

_FUNCTION_WORDS = frozenset((
    "the", "and", "what", "how", "many", "much", "doe", "did", "are", "wa", "were", "thi", "that",
    "which", "its", "with", "from", "for", "ha", "have", "value", "find",
))  # fmt: skip

#: A later clause that concludes rather than coordinates: "…, so the larger is 18", "— that's 8".
_CONCLUDING_CLAUSE = re.compile(
    r"(?i:\b(?:so|thus|therefore|hence|which\s+gives)\b|\b(?:that|it)[’']s\b)|[—–]|所以|因此"
)


#: A label's colon after a word ("Maximum value: 27,648"), not a ratio's between numbers (12 : 35).
_LABEL_COLON = re.compile(r"[A-Za-z\u4e00-\u9fff)*][ \t]*+[:：]")


#: A parenthetical that closes the last sentence (or only a remark after a dash follows it:
#: "… feet farther (about 31.4 feet) — independent of the size of the Earth!") and checks or
#: explains its answer.
_TRAILING_ASIDE = re.compile(
    # "The greatest digit is **9** (92 = 4 × 23).", "is 10901 (= 11 × 991).": an equation in
    # brackets checks the value.
    r"[ \t]\((?=[^()\n=]{0,60}+=)[^()\n]*+\)[ \t.]*+$"
    r"|[ \t]\((?=(?i:and|i\.e\.|e\.g\.|which|since|because|check|note|so|as|from|that|with|the|this"
    # "(dividing numerator and denominator by 3)": a gerund explains how.
    r"|where|when|about|approximately|roughly|[a-z]{3,}ing)\b|≈)[^()\n]*+(?:\([^()\n]*+\)[^()\n]*+)*+\)"
    r"[ \t.]*+(?:[—–][^\d\n]*+)?$"
)
#: The things a count counts, listed in brackets after its noun ("= 8 primes (2, 2, 3, 5, 5).").
_COUNTED_LIST = re.compile(r"\d[ \t]++[A-Za-z]{2,20}+([ \t]\([^()\n,]*+,[^()\n]*+\))[ \t.]*+$")

#: A clause giving the reason after the answer, to the end of the sentence.
#: Plain assignments of numbers to one-letter names, listed to end a line ("a = 4 and b = 1").
_ASSIGNED_NUMBER = r"[A-Za-z](?:_\w)?[ \t]*+=[ \t]*+[-−]?\d[\d./]*+"
_LISTED_ASSIGNMENTS = re.compile(
    rf"(?<![A-Za-z0-9])({_ASSIGNED_NUMBER}(?:[ \t]*+(?:,[ \t]*+(?:and[ \t]++)?|and[ \t]++)"
    rf"{_ASSIGNED_NUMBER})++)[ \t.]*+$"
)
#: A problem asking for values as a tuple ("the ordered pair $(a,b)$").
_TUPLE_ASKED = re.compile(r"(?i:\bordered\s+(?:pair|triple)|\(\s*[a-z]\s*,\s*[a-z]\s*[,)])")
_TRAILING_REASON = re.compile(
    r"(?:[,;][ \t]++(?:because|since)|(?<=[$\d])[ \t]++because)\b[^\n]*+$"
)
#: A condition on one variable closing a line ("…, attained at $x = 3$", "… at t = 2."): where the
#: value said before it holds, not the value.
_TRAILING_CONDITION = re.compile(
    r",?[ \t]++(?:(?:attained|achieved|reached|occurring|which[ \t]++occurs)[ \t]++)?"
    r"(?:when|at|for|where|if)[ \t]++\$?[ \t]*+(\\?[A-Za-zθ](?:_\{?\w+\}?)?)[ \t]*+="
    r"[ \t]*+[-−]?[0-9A-Za-z.\\{}/^()π√]{1,30}+[ \t]*+\$?[ \t.!]*+$"
)
_SPACE_OR_DOLLAR = re.compile(r"[\s$]+")
#: The base a value closing a line is written in ("… = 108$ in base 10.").
_TRAILING_BASE = re.compile(
    r"[ \t]++(?:(?i:in|to)[ \t]++)?(?i:base)[ \t]*+\$?[ \t]*+\d{1,2}[ \t]*+\$?[ \t.!]*+$"
)

#: Letters naming a problem's options ("(A)", "B)"), and a line that gives its choice of them.
_OPTION_IN_PROBLEM = re.compile(r"\(([A-H])\)|(?<![A-Za-z(])([A-H])\)")

_OPTION_ANSWER = re.compile(
    r"[ \t*#>_]*+(\(?[A-H]\)?(?:[ \t]*+(?:,|and|&)[ \t]*+\(?[A-H]\)?)*+)"
    r"(?=[ \t]*+[*_.)]*+[ \t]*+(?:$|\n)|\)?[ \t]+(?:\$|[A-Za-z]))"
)

#: A line that ends on a bold value ("= **40 points**.", "is a **circle**.").
_BOLD_AT_END = re.compile(r"\*\*([^*\n]{1,80}+)\*\*[ \t.!。]*+$")

#: A line that opens on a bold value and says only words of it after ("**B** is the one.").
_BOLD_LEAD = re.compile(
    # The words after it may hold a compound adjective ("4-door"), never a number of their own.
    r"[ \t]*+\*\*([^*\n]{1,80}+)\*\*"
    r"(?=[ \t]++[A-Za-z](?:[A-Za-z ,'-]|\d++-(?=[A-Za-z])){0,80}+[.!]?[ \t]*+$)"
)

#: A sentence that ends by saying something is a word ("the function is odd.").
_WORD_SAID = re.compile(
    r"(?:(?i:\b(?:is|are|be)\b)[ \t]++|[:：][ \t]*+)(?:(?:also|an?|the)[ \t]++)?([A-Za-z]++)"
    r"[ \t.!]*+$"
)

_PROSE_WORD = re.compile(r"[A-Za-z]{3,}+")
_FACTORIAL = re.compile(r"![ \t]*+(?:[a-z(×·*/+=-]|\\cdot)")
_NAME_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*+")

_OPTION_LETTER_ALONE = re.compile(r"\(?[A-H]\)?")

BOLD_SEGMENT = re.compile(r"\*\*([^*\n]{1,80}+)\*\*")

_ONE_WORD = re.compile(r"[A-Za-z]++")

_NEGATED_WORD = re.compile(r"(?i:\bnot\b|\bneither\b)")


#: A leading clause that gives a reason, up to its comma ("Since one root is $1$, ").
_REASON_CLAUSE = re.compile(
    # "Since the base is positive (and bigger than 5, because …), the base is $b = 7$.": an aside
    # in brackets inside the reason does not end it.
    r"[ \t*_]*+(?i:since|because|as|given\s+that)\b(?:[^,(\n]|\([^()\n]{0,200}+\)){0,200}+,"
)
_SCIENTIFIC_TAIL = re.compile(r"[×x*·][ \t]*+10(?:\^|[⁻⁰¹²³⁴⁵⁶⁷⁸⁹])")


#: A line that is one parenthetical aside ("(The father is 30.)").
ASIDE_LINE = re.compile(r"\s*\([^()\n]*\)[\s.]*")

#: A sentence that holds LaTeX, which the math-span rules read instead.
_LATEX_OPENING = re.compile(r"\$|\\[(\[]|\\(?:frac|sqrt|boxed|cdot|times)")

#: A first line that is a number alone, bold or in dollars at most ("18.", "**6**", "$40$").
_BARE_VALUE = re.compile(r"\s*[*$]*\s*(-?\d+(?:\.\d+)?(?:/[1-9]\d*)?)\s*[*$]*\s*\.?\s*")

#: A tuple of numbers written in prose at the end of a line ("the vector (-6, 6).", "⟨1, 7⟩").
#: Possessive throughout: a long run of digits must not be split every way before a match fails.
_TUPLE_TERM = r"(?:\d++(?:\.\d++)?|pi|π)"

_TUPLE_ENTRY = rf"\s*+[-−]?{_TUPLE_TERM}(?:\s*+(?:[*/^]\s*+)?{_TUPLE_TERM})*+\s*+"

#: In round or angle brackets, and transposed or not ("(-2, 3, 3)ᵀ" is a column vector).
_TUPLE_AT_END = re.compile(
    rf"(\({_TUPLE_ENTRY}(?:,{_TUPLE_ENTRY})+\)|⟨{_TUPLE_ENTRY}(?:,{_TUPLE_ENTRY})+⟩)"
    r"(?:ᵀ|\^T|\^\{T\})?[\s.!*]*$"
)


#: A line that opens with a label ("Quotient:"), and a second labelled quantity after its value
#: (", remainder: …", " (remainder …)").
_LEADING_LABEL = re.compile(r"[ \t*_]*+([A-Za-z]{3,20}+)[ \t*_]*+[:：]")
_OTHER_LABELLED = re.compile(
    r"(?:,|[ \t]\()[ \t]*+[*_]*+([A-Za-z]{3,20}+)[*_]*+(?:[ \t]*+[:：=]|[ \t]++\$)"
)


#: One ASCII letter: a lone variable or point's name, and what makes a value no plain number.
LETTER = re.compile(r"[A-Za-z]")
#: Math that works something out, and a few words of a noun closing a line after it.
_WORKED = re.compile(r"\\times|\\cdot|\\frac|\^|[-+*/×·]")
_NOUN_TO_END = re.compile(r"[$ \t]*+(?:[A-Za-z]++[ \t]*+){0,3}[.!]?[ \t]*+")


def _labels_asked(line: str, other: re.Match[str], problem: str) -> bool:
    """Whether a line's leading label names what the question asks for and the second label
    does not ("Find the quotient …": ``Quotient:`` and ``remainder``)."""
    lead = _LEADING_LABEL.match(line)
    if lead is None or lead.end() >= other.start():
        return False
    asked = _content_words(_question_sentence(problem))
    return bool(_content_words(lead[1]) & asked) and not _content_words(other[1]) & asked


def _said_in_line(response: str, start: int, end: int, problem: str | None) -> FinalAnswer | None:
    """The value a line says something *is*: of several ("The shorter piece is 10 cm and the
    longer piece is 50 cm."), the one said of what the question asks about, else the last; one
    said first and then explained after a dash ("It's 3 — the common factors are 1 and 3") is
    the line's answer."""
    said: list[tuple[int, FinalAnswer]] = []
    for copula in _COPULA.finditer(response, start, end):
        value = value_at(response, copula.end(), end)
        if value is not None:
            said.append((copula.start(), value))
    if not said:
        return None
    first_at, first = said[0]
    dash = BREAKDOWN.match(response, first.end, end)
    explained = dash is not None and not _THEN.match(response, dash.end(), end)
    if explained and not response[start:first_at].strip(" *_"):
        return first  # nothing before "It's": the value the whole line is about
    concluded = any(
        _CONCLUDING_CLAUSE.search(response, earlier.end, copula_at)
        for (_, earlier), (copula_at, _) in itertools.pairwise(said)
    )
    if len(said) > 1 and problem is not None and not concluded:
        # "A is X and B is Y": coordinate clauses, of which the question names one: by the
        # words of its asking clause ("how many years old is Andrew now?"), else of its sentence.
        for asking in (read_question(problem).text, _question_sentence(problem)):
            found = _said_of(response, start, said, _content_words(asking))
            if found is not None:
                return found
    return said[-1][1]


def _said_of(
    response: str, start: int, said: list[tuple[int, FinalAnswer]], asked: frozenset[str]
) -> FinalAnswer | None:
    """Of values said in coordinate clauses, the one whose subject names most of ``asked``; one
    value said of it over a list ("The three integers are 20, 22, 24, and the smallest is 20.");
    None for a tie."""
    clause_start = start
    scored = []
    for copula_at, value in said:
        # The subject is the clause's own words, after its last "," "and" or "so".
        subject = _CLAUSE_BOUNDARY.split(response[clause_start:copula_at])[-1]
        scored.append((len(_content_words(subject) & asked), copula_at, value))
        clause_start = value.end
    single = [item for item in scored if item[0] > 0 and "," not in item[2].text]
    if len(single) == 1 and len(single) < sum(score > 0 for score, _, _ in scored):
        return single[0][2]
    best = max(score for score, _, _ in scored)
    if best > 0 and sum(score == best for score, _, _ in scored) == 1:
        return next(value for score, _, value in scored if score == best)
    return None


def _with_alternative(response: str, said: FinalAnswer, end: int) -> FinalAnswer:
    """The value a line says, or with the other value it offers after it ("**28** perfect
    squares — or **27** if 'between' is strict"): both together, which no golden equals."""
    other = _OR_ALTERNATIVE.search(response, said.end, end)
    if other is None and _EITHER_BEFORE.search(response, max(0, said.start - 12), said.start):
        # "the value is either 8 or about 4": the two values "either" offers.
        other = _OR_AFTER_EITHER.match(response, said.end, end)
    if other is None:
        return said
    first, second = parse_numeral(said.text.strip("*$ ")), parse_numeral(other[1].rstrip("."))
    if first is not None and second is not None and first.value == second.value:
        return said  # "The ratio is 5/4, or 1.25.": one value said twice
    return FinalAnswer(response[said.start : other.end()], said.start, other.end(), said.source)


def _inside_brackets(line: str, at: int) -> bool:
    """Whether ``line[at]`` stands inside a bracket opened before it and not yet closed."""
    return line.count("(", 0, at) > line.count(")", 0, at)


def _only_a_condition(line: str, condition: re.Match[str], problem: str | None) -> bool:
    """Whether a trailing ``at x = 3`` only conditions the value said before it: something
    before it is a value, and the question either states that condition itself or does not ask
    about its variable ("At what $x$ …?" is answered by the condition)."""
    if not any(char.isdigit() for char in line[: condition.start()]):
        return False
    if problem is None:
        return True
    stated = _SPACE_OR_DOLLAR.sub("", condition.group(0).split(maxsplit=1)[-1].rstrip(". "))
    if stated and stated in _SPACE_OR_DOLLAR.sub("", problem):
        return True
    # "At what $x$ …?", "Find $t$ …", "the value of $x$": asked; "the minimum value of $y$ in
    # $y = x^2 - 6x + 13$" only writes $x$ in the function it gives.
    variable = re.escape(condition[1])
    asking = (
        rf"(?i:\b(?:what|which|find|of|for|solve\s+for))[ \t]*+\$?[ \t]*+{variable}(?![A-Za-z])"
    )
    return re.search(asking, _question_sentence(problem)) is None


def _question_sentence(problem: str) -> str:
    """The sentence of a problem that asks (the last with "?"), or its last sentence."""
    tail = problem[-STATEMENT_CHARS * 2 :]
    asked = tail.rfind("?")
    stop = asked if asked >= 0 else len(tail)
    begin = max(tail.rfind(". ", 0, stop), tail.rfind("\n", 0, stop), tail.rfind("$. ", 0, stop))
    return tail[begin + 1 : stop]


def _content_words(text: str) -> frozenset[str]:
    """Lower-case words of three letters or more, singular, less function words."""
    words = (w.lower() for w in _PROSE_WORD.findall(text))
    return frozenset(w[:-1] if w.endswith("s") else w for w in words) - _FUNCTION_WORDS


def concluding_line(response: str, start: int, end: int, problem: str | None) -> FinalAnswer | None:
    """What the last line says, for a response that concludes in words ("So $P(5) = 15$.",
    "The largest of the three integers is 6.", "**Maximum value: 27,648**"): the value it says
    something *is*; else, of several numbers, the one the question asks for ("She must buy 11
    ounces, bringing the total to 32 ounces = 2 pounds."); else its last math span or its last
    number outside math, whichever comes later. None for a line with neither, or one inside a
    display block."""
    stripped = response[start:end].rstrip()
    line_start = start + stripped.rfind("\n") + 1
    line_end = start + len(stripped)
    # Of a line holding several sentences, the last one.
    line_start = (
        last_sentence_start(response, line_start, line_end, _PROSE_SENTENCE_END) or line_start
    )
    line = response[line_start:line_end]
    chosen_option = (
        problem is not None
        and offers_options(problem)
        and _OPTION_LETTER_ALONE.fullmatch(line.strip(" \t.*")) is not None
    )
    if ASIDE_LINE.fullmatch(line) and line_start > start and not chosen_option:
        # "… s = 6.$$\n(The father is 30.)": an aside after the answer is not it; "(B)" alone,
        # for a problem that offers options, is the one chosen.
        return concluding_line(response, start, line_start - 1, problem)
    reason_after = _TRAILING_REASON.search(line)
    if reason_after is not None and _inside_brackets(line, reason_after.start()):
        reason_after = None  # "(and bigger than 5, because …), the base is $b = 7$."
    if reason_after is not None and reason_after.start() > 0:
        # "$\\log_2 1 = 0$, because $2^0 = 1$.": the reason after the answer is not it.
        line_end = line_start + reason_after.start()
        line = response[line_start:line_end]
    condition = _TRAILING_CONDITION.search(line)
    if condition is not None and _only_a_condition(line, condition, problem):
        # "The curve passes through (15, -29) at t = 2.": the value comes before its condition.
        line_end = line_start + condition.start()
        line = response[line_start:line_end]
    base = _TRAILING_BASE.search(line)
    if base is not None and base.start() > 0:
        # "So $1230_4 = 108$ in base 10.": the base names how the value is written.
        line_end = line_start + base.start()
        line = response[line_start:line_end]
    other = _OTHER_LABELLED.search(line)
    if other is not None and problem is not None and _labels_asked(line, other, problem):
        # "Quotient: $x^2 - 2x + 8$ (remainder $-25x + 8$).": the labelled value asked for,
        # not the other quantity labelled after it.
        line_end = line_start + other.start()
        line = response[line_start:line_end]
    counted = _COUNTED_LIST.search(line)
    if counted is not None:
        line_end = line_start + counted.start(1)
        line = response[line_start:line_end]
    aside = _TRAILING_ASIDE.search(line)
    if aside is not None and aside.start() > 0:
        # "So $k = 900$ (and $240\cdot900 = 216000 = 60^3$).": the aside checks the answer.
        line_end = line_start + aside.start()
        line = response[line_start:line_end]
    if problem is not None and offers_options(problem):
        option = _OPTION_ANSWER.match(response, line_start, line_end)
        if option is not None:
            # "**D) $f(0) = 5$**", "A, C, F": the options chosen are the answer.
            return FinalAnswer(option[1], option.start(1), option.end(1), "last line")
    if (
        line.count("$$") % 2
        or line.strip() in ("\\]", "$$")
        or ("\\[" in line and "\\]" not in line)
    ):
        return None
    if _NUMBERS_ALONE.fullmatch(line):
        # "7, 9, 12, 13": a line of numbers listed and nothing else is one answer of them all.
        return trimmed(response, line_start, line_end, "last line")
    whole = _whole_line_math(response, line_start, line_end)
    if whole is not None:
        return whole  # "$$q(x) = -3x^2 - 3x + 6$$": a line of math alone is the answer as written
    bold = _BOLD_AT_END.search(line)
    if bold is not None and _short_value(bold[1], whole_line=not line[: bold.start()].strip()):
        # "Total at 18: **$3,800**", "The graph is a **circle**.": the bold value ends the line.
        return trimmed(response, line_start + bold.start(1), line_start + bold.end(1), "last line")
    lead = _BOLD_LEAD.match(line)
    if lead is not None and _short_value(lead[1], whole_line=True):
        # "**(9, 11)** is the odd one out.": a bold value that the line then describes.
        return trimmed(response, line_start + lead.start(1), line_start + lead.end(1), "last line")
    tuple_asked = problem is not None and _TUPLE_ASKED.search(problem) is not None
    listed = _LISTED_ASSIGNMENTS.search(line) if tuple_asked else None
    if listed is not None and not _LATEX_OPENING.search(line):
        # "Therefore a = 4 and b = 1.": values listed by name, a tuple's entries in plain text.
        return trimmed(
            response, line_start + listed.start(1), line_start + listed.end(1), "last line"
        )
    plain = (
        None if _LATEX_OPENING.search(line) else ending_expression(response, line_start, line_end)
    )
    if plain is not None:
        # "M + N = 91 + 13 = 104", "… simplifies to 2 + 2k.": plain-text math read to its end.
        return trimmed(response, *plain, "last line")
    # "The minimum value is 64, attained at $a = 1/8$": the value the line says something *is*.
    emphasised = _only_bold_value(response, line_start, line_end, problem)
    if emphasised is not None:
        return emphasised  # "Wonder Woman can capture **27 criminals** in 4½ hours."
    # "Since one root is $1$, $(d-1)(e-1) = 0$.": what a leading "since" clause says is a reason.
    reason = _REASON_CLAUSE.match(response, line_start, line_end)
    said = _said_in_line(response, reason.end() if reason else line_start, line_end, problem)
    if said is not None:
        later = last_math_span(response, said.end, line_end) or _concluded_number(
            response, said.end, line_end
        )
        concludes = (
            later is not None
            and not _NUMBER_WRITTEN_OUT.fullmatch(later.text)
            and (
                _THEN.search(response, said.end, later.start)
                # "There are 6 doubles out of 36 outcomes: $\\frac{6}{36}=\\frac16$.": a colon
                # introduces the math that works it out.
                or (
                    _COLON_BEFORE_MATH.search(response, said.end, later.start) is not None
                    and (
                        "=" in later.text
                        # "… 10 for each of the other 8 digits: $9 \times 10^8$ zip codes.": the
                        # math after the colon, with only its noun after it, is the count.
                        or (
                            _WORKED.search(later.text) is not None
                            and _NOUN_TO_END.fullmatch(response, later.end, line_end) is not None
                        )
                    )
                )
            )
        )
        if not concludes:
            return _with_alternative(response, said, line_end)
        # "The slope is $\frac54$, so a perpendicular line has slope $-\dfrac{4}{5}$": what the
        # line concludes comes after its "so".
        return later
    worded = _word_said(response, line_start, line_end, problem)
    if worded is not None:
        return worded  # "so the function is odd.", "which is M."
    math = last_math_span(response, line_start, line_end)
    if math is not None and LETTER.fullmatch(math.text):
        # "Only $s = 9$ puts $P$ inside the cube.": a point or variable named after the value.
        earlier = last_math_span(response, line_start, math.start - 1)
        math = earlier if earlier is not None and any(c.isdigit() for c in earlier.text) else math
    if math is not None and VARIABLE.fullmatch(math.text):
        math = None  # "... possible values of $x$": a variable's name is no answer
    if math is not None:
        joined_start = joined_spans_start(response, math.start, line_start)
        if joined_start != math.start:
            math = trimmed(response, joined_start, math.end, "last line")
    numbers = [
        found
        for found in LAST_NUMBER.finditer(response, line_start, line_end)
        # Outside math: a number in a math span is read with its span.
        if len(_UNESCAPED_DOLLAR.findall(response, line_start, found.start())) % 2 == 0
        # "There are 3! orderings": a factorial inside a sentence is no value of 3.
        and not _FACTORIAL.match(response, found.end(), line_end)
    ]
    between = (
        _BETWEEN.search(response, max(line_start, numbers[-1].start() - 40), numbers[-1].end())
        if numbers
        else None
    )
    if between is not None and between.end() == numbers[-1].end():
        # "The sum lies between 12 and 13.": both ends, the pair a "between" question asks.
        return FinalAnswer(between[1], between.start(1), between.end(1), "last line")
    last_is_unit_value = numbers and (_is_time(numbers[-1][0]) or _is_scientific(numbers[-1][0]))
    if numbers and (math is None or math.end < numbers[-1].end()) and last_is_unit_value:
        # "The train arrives at 9:00 AM Denver time.": a line ending on a time of day says it.
        found = numbers[-1]
        return FinalAnswer(found.group(0), found.start(), found.end(), "last line")
    if numbers and (math is None or math.end < numbers[-1].end()):
        last = numbers[-1]
        alternative = _ALTERNATIVE_BEFORE.search(
            response, max(line_start, last.start() - 40), last.start()
        )
        if alternative is not None:
            # "I'd say 6 or 12.": both alternatives, which is a hedge, never only one of them.
            return FinalAnswer(
                response[alternative.start() : last.end()],
                alternative.start(),
                last.end(),
                "last line",
            )
    tuple_end = _TUPLE_AT_END.search(response, line_start, line_end)
    if tuple_end is not None and (math is None or tuple_end.start(1) >= math.end):
        # "So the sum is the vector (-6, 6).": a tuple in prose is one answer, not its entries.
        return FinalAnswer(tuple_end[1], tuple_end.start(1), tuple_end.end(1), "last line")
    if math is None and problem is not None:
        # Numbers in words too: "So 48 and 156 have six positive divisors in common."
        read = [
            n
            for n in find_numerals(response, line_start, line_end, words=True)
            if len(_UNESCAPED_DOLLAR.findall(response, line_start, n.start)) % 2 == 0
            and not _FACTORIAL.match(response, n.end, line_end)
        ]
        if len(read) > 1:
            # "18.", then "… for 18 edges in total.": a bare value first is what the end confirms.
            first = _bare_first_value(response, start)
            chains = _worked_chains(response, read)
            chosen = next((n for n in read if n.value == first), None) or choose(
                response, [chain[-1] for chain in chains], read_question(problem)
            )
            chain = next((chain for chain in chains if chain[-1] is chosen), [chosen])
            # "Average = 162/50 = 3.24 ≈ 3.2": the worked chain, whose last side (or the exact
            # value its approximation illustrates) the checker reads.
            begin = chain[0].start
            if len(chain) > 1 and response[begin - 1 : begin] == "√":
                begin -= 1  # "AB = √70 ≈ 8.37": the root is part of the value approximated
            if len(chain) > 1 and stated_in(response[begin : chain[0].end], problem):
                # "What is $\sqrt{53}$ in simplest radical form?" … "√53 ≈ 7.28": the
                # question's own value, restated, is no answer; what the chain makes of it is.
                begin = chain[1].start
            return FinalAnswer(response[begin : chosen.end], begin, chosen.end, "last line")
        if len(read) == 1 and not numbers:
            # "So there is exactly one such positive integer.": the one number, in words.
            return FinalAnswer(read[0].text, read[0].start, read[0].end, "last line")
    number = None
    if numbers:
        found = numbers[-1]
        number = FinalAnswer(found.group(0), found.start(), found.end(), "last line")
    if math is not None and (number is None or math.end > number.end):
        return FinalAnswer(math.text, math.start, math.end, "last line")
    return number


def stated_in(value: str, problem: str) -> bool:
    """Whether a value that is no plain number (``√53``) is written in the problem itself."""
    key = comparison_key(normalise(value))
    return not key.isdigit() and key in comparison_key(normalise(problem[-MAX_ANSWER_CHARS:]))


#: What joins the values of a worked chain: ``162/50 = 3.24 ≈ 3.2``.
_CHAIN_LINK = re.compile(r"[ \t]*(?:=|≈|\\approx)[ \t]*")
#: An operator right before a numeral, which makes it an operand (``180 ÷ 11``).
_OPERATOR_BEFORE = re.compile(r"[÷×*/·+\-−^][ \t]*$")


def _worked_chains(response: str, numerals: list[Numeral]) -> list[list[Numeral]]:
    """The numerals grouped into chains that relation signs join (``162/50 = 3.24 ≈ 3.2``);
    a numeral that no sign joins to its neighbours is a chain of its own."""
    chains: list[list[Numeral]] = []
    for numeral in numerals:
        if (
            chains
            and _CHAIN_LINK.fullmatch(response, chains[-1][-1].end, numeral.start)
            # "… = eleven" is read in words; "180 ÷ 11 ≈ 16.36" approximates no 11.
            and any(c.isdigit() for c in numeral.text)
            and not _OPERATOR_BEFORE.search(
                response, max(0, chains[-1][0].start - 8), chains[-1][0].start
            )
        ):
            chains[-1].append(numeral)
        else:
            chains.append([numeral])
    return chains


def _is_scientific(number: str) -> bool:
    return _SCIENTIFIC_TAIL.search(number) is not None


def _is_time(number: str) -> bool:
    """Whether a number ``LAST_NUMBER`` read is a time of day (``9:00``, ``4 p.m.``)."""
    return ":" in number or number[-1:].isalpha() or number.endswith(".")


@lru_cache(maxsize=4096)
def offers_options(problem: str) -> bool:
    """Whether a problem offers lettered options ("(A) Line (B) Circle", "A) … B) …")."""
    # An Asymptote diagram's code ("dot(A); draw(B--C)") names points, not options.
    return len(set(_OPTION_IN_PROBLEM.findall(without_figures(problem)))) > 1


def _only_bold_value(
    response: str, start: int, end: int, problem: str | None = None
) -> FinalAnswer | None:
    """The one bold value of a line ("… capture **27 criminals** in 4½ hours", "so 48 has **10**
    positive factors", "exactly **one** such"): emphasis marks the answer. None when the line
    has no bold value or several, or when the bold part is a label ("**Step 2**:") or a subject
    ("**3rd** term is")."""
    options = problem is not None and offers_options(problem)
    bolds = [
        b
        for b in BOLD_SEGMENT.finditer(response, start, end)
        # A digit, an option letter the problem offers ("Only graph **D** matches."), or a name
        # the problem gives ("Since 0.36 > 0.35, **Dana** has the larger meals.").
        if any(c.isdigit() for c in b[1])
        or _number_word(b[1])
        or (options and _OPTION_LETTER_ALONE.fullmatch(b[1]))
        or (problem is not None and _named_in(problem, b[1]))
    ]
    if len(bolds) != 1 or len(BOLD_SEGMENT.findall(response, start, end)) != 1:
        return None
    bold = bolds[0]
    if not response[start : bold.start()].strip() and not response[bold.end() : end].strip(" .!"):
        return None  # a whole line in bold is a sentence, read as one
    after = response[bold.end() : end]
    if after.lstrip().startswith((":", "：")) or _COPULA.search(after):
        return None
    if not _short_value(bold[1], whole_line=False):
        return None
    return trimmed(response, bold.start(1), bold.end(1), "last line")


def _concluded_number(response: str, start: int, end: int) -> FinalAnswer | None:
    """The one number, digits or words, of a "so" clause that ends a line after a value was
    said ("There are 3! orderings, so the cube is cut into six pieces."), or the one after its
    last "=" ("The ratio is 1/5, so 9 shoe stores means 9 × 5 = 45 stores")."""
    then = _THEN.search(response, start, end)
    if then is None or "$" in response[then.end() : end]:
        return None
    # "…, so 9 shoe stores means 9 × 5 = 45 stores": a worked clause gives its result.
    result = response.rfind("=", then.end(), end)
    found = find_numerals(response, max(then.end(), result + 1), end, words=True)
    if len(found) != 1:
        return None
    return FinalAnswer(found[0].text, found[0].start, found[0].end, "last line")


def _number_word(text: str) -> bool:
    """Whether bold text is a number in words and nothing else ("exactly **one** such")."""
    found = find_numerals(text, words=True)
    return len(found) == 1 and found[0].text == text.strip()


def _named_in(problem: str, text: str) -> bool:
    """Whether bold text is a name of one to three words that the problem itself uses (a person,
    a class, a city), which a question asking "who" or "which" is answered by."""
    words = text.split()
    if not 0 < len(words) <= 3 or not all(_NAME_WORD.fullmatch(word) for word in words):
        return False
    return re.search(rf"(?i:\b{re.escape(text)}\b)", problem) is not None


def _short_value(text: str, *, whole_line: bool) -> bool:
    """Whether bold text is a value rather than a sentence or a label: a few words after other
    text ("is a **circle**"); alone on its line, a value with no word in it ("**19, 43**",
    "**(D)**"), since a bold line of words is a sentence ("**The difference is 26.**")."""
    stripped = text.strip()
    if not stripped or _LABEL_COLON.search(stripped) or _COPULA.search(stripped):
        return False
    if whole_line:
        # "**Sunday**": one word alone in bold is the answer; "**The difference is 26.**" is not.
        return _PROSE_WORD.search(stripped) is None or _ONE_WORD.fullmatch(stripped) is not None
    return len(stripped.split()) <= 4


def _word_said(response: str, start: int, end: int, problem: str | None) -> FinalAnswer | None:
    """A word the line ends by saying something *is*, when it is a word the problem offers
    ("Enter "odd", "even", or "neither"") or a capital letter naming a choice or a point."""
    found = _WORD_SAID.search(response, max(start, end - STATEMENT_CHARS), end)
    if found is None:
        return None
    if _NEGATED_WORD.search(response, max(start, found.start(1) - 6), found.start(1)):
        return None  # "the function is not odd"
    word = found[1]
    # Offered: quoted among the answers the problem lets one enter ('Enter "odd", "even", …').
    offered = problem is not None and re.search(rf"(?i:[\"“']{word}[\"”'])", problem) is not None
    if not (len(word) == 1 and word.isupper()) and not offered:
        return None
    return FinalAnswer(word, found.start(1), found.end(1), "last line")


def _bare_first_value(response: str, start: int) -> Fraction | None:
    """The value of a first line that is one number and nothing else ("18.", "**6**")."""
    line_end = response.find("\n", start, start + FIRST_LINE_CHARS)
    found = _BARE_VALUE.fullmatch(response, start, line_end if line_end >= 0 else start)
    return None if found is None else Fraction(found[1])


def _whole_line_math(response: str, start: int, end: int) -> FinalAnswer | None:
    """The math of a line that is one math span and nothing else (a full stop aside)."""
    line = response[start:end].strip().rstrip(".")
    offset = start + (len(response[start:end]) - len(response[start:end].lstrip()))
    for opening, closing in MATH_DELIMITERS:
        inner = line[len(opening) : len(line) - len(closing)]
        if (
            len(line) > len(opening) + len(closing)
            and line.startswith(opening)
            and line.endswith(closing)
            and closing not in inner
            and inner.strip()
        ):
            inner_start = offset + len(opening)
            return trimmed(response, inner_start, inner_start + len(inner), "last line")
    return None
