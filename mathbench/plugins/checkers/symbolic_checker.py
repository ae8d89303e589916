"""The ``symbolic`` checker: LaTeX answers (MATH) judged by their meaning, not their spelling.

A check runs in stages, each cheaper than the next, and stops at the first that decides:

1. **Extract** the final answer with the shared answer reader (``answer.final_answer``): what
   the last answer statement says (``\\boxed{}`` with braces balanced, "The answer is",
   "Final Answer:", ``答案是``), else the last ``$...$``/``\\(...\\)``/``\\[...\\]``, else the last
   number. Its span is the verdict's one candidate. An answer longer than ``MAX_ANSWER_CHARS``
   is judged wrong without being read.
2. **Normalised text**: both answers lose dollar signs, ``\\left``, spacing, units, ``\\%``,
   thousands separators and ``\\dfrac`` spellings; equal strings are correct.
3. **Value**: both are parsed by our own bounded parser (``latex``; never ``eval`` nor
   ``sympify``) and compared structurally (tuples, intervals, sets, matrices, ``\\pm``,
   equations) and by value: exactly for rationals, at 30 digits otherwise, and for expressions
   with variables at random points, where any difference decides "wrong".
4. **Sympy** confirms an identity between expressions with variables that random evaluation
   found (``expand``, then ``simplify``, then ``equals``), in a worker process with a wall-clock
   timeout (``bounded``). An identity sympy cannot show is wrong; a proof that times out, or a
   worker that fails, is **undecided**: never stored as wrong, judged again on the next run.

Rounding follows ``policy.Rounding.EXACT``: MATH asks for exact answers, so ``0.67`` is not
``2/3`` (Math-Verify and the MATH graders agree).

Requires sympy (``pip install 'mathbench[math]'``): its ``mpmath`` evaluates irrational values
in stage 3, and sympy itself runs only in the worker. Golden answers are parsed once per process.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction
from functools import lru_cache
from typing import ClassVar

from mathbench.checker import Checker
from mathbench.plugins.checkers.answer import MARKED_SOURCES, REFUSED, final_answer
from mathbench.plugins.checkers.answer_forms import (
    as_interval,
    percent_as_fraction,
    ratio_as_fraction,
    same_clock_time,
)
from mathbench.plugins.checkers.bounded import SympyPool, shared_pool
from mathbench.plugins.checkers.closing_line import LETTER, offers_options, stated_in
from mathbench.plugins.checkers.latex import (
    EvaluationError,
    Group,
    Mul,
    Node,
    Number,
    ParseError,
    Pow,
    Relation,
    compare,
    compare_in_order,
    free_symbols,
    parse,
    same_form,
)
from mathbench.plugins.checkers.latex_normalise import comparison_key, normalise
from mathbench.plugins.checkers.numerals import format_value, parse_numeral
from mathbench.plugins.checkers.policy import Rounding
from mathbench.plugins.checkers.response_text import MAX_ANSWER_CHARS
from mathbench.types import Candidate, Verdict

#: The signs a worked line ends on its value after.
_RELATION_SIGN = re.compile(r"=|\\approx(?![A-Za-z])|≈|\\equiv(?![A-Za-z])|≡")
_APPROXIMATE = ("\\approx", "≈")
_INTEGER_FRACTION = re.compile(r"\\frac\{(\d{1,12})\}\{(\d{1,12})\}|(\d{1,12})\s*/\s*(\d{1,12})")
#: Arithmetic on numbers left undone: a number raised to a power (``7^2``), a product of
#: numbers and pi (``\\pi \\cdot 7^2``, ``3 \\times 5``), or a sum or difference of two
#: rational numbers (``\\frac{16}{7} - \\frac{4}{7}``; not ``1 + 2\\sqrt{3}``, which is finished).
_RATIONAL = r"(?:\d+(?:\.\d+)?|\\[dt]?frac(?:\{\d+\}\{\d+\}|\d\d))"
_UNDONE_ARITHMETIC = re.compile(
    r"\d\s*\^|(?:\d|\\pi)\s*(?:\\cdot|\\times|\*)\s*(?:\d|\\pi)"
    rf"|(?<![\w}}^\\.]){_RATIONAL}\s*[-+]\s*{_RATIONAL}(?![\w\\^{{.])"
)
#: A variable in a side of a relation is a letter outside a LaTeX command's name.
_LATEX_COMMAND = re.compile(r"\\[A-Za-z]+")
#: Equations offered as alternatives ("k = 6 or k = 24/5"), of which no one side is the answer.
_ALTERNATIVES = re.compile(r"=[^=]*\bor\b[^=]*=")
#: A question that asks for its answer in a stated form.
_FORM_ASKED = re.compile(r"(?i:\bin\s+the\s+form\b|\bof\s+the\s+form\b)")
#: Words that make the value after them a bound ("less than 52", "more than $10$").
_BOUND_BEFORE = re.compile(
    r"(?i:\b(?:less|fewer|more|greater|smaller|larger)[ \t]++than|\bunder|\bbelow)[ \t*$]*+$"
)
#: A question that asks for its values in an order, which a list in another order does not give.
_ORDER_ASKED = re.compile(
    r"(?i:\bin\s+(?:increasing|decreasing|ascending|descending)\s+order"
    r"|\bfrom\s+(?:least|smallest|lowest|greatest|largest|highest)\s+to\s+"
    r"(?:least|smallest|lowest|greatest|largest|highest)\b)"
)
#: A question that asks to rewrite an expression it states, which is then no answer to it.
_WORK_OUT = re.compile(r"(?i:\b(?:simplify|rationalize|expand|factor|evaluate|compute)\b)")
#: An option letter that opens an answer, then what the option says ("D) f(0) = 5").
_OPTION_LEAD = re.compile(r"[ \t*]*+\(?([A-H])\)[ \t]")
#: A ratio of two numbers (``3:1``, ``2 : 5``).
_NUMBER_RATIO = re.compile(r"\s*(\d{1,9}(?:\.\d{1,9})?)\s*:\s*(\d{1,9}(?:\.\d{1,9})?)\s*")
#: A number and one to three letters after a space (``160 m``): a unit, or a variable's product.
_NUMBER_AND_LETTERS = re.compile(r"\s*(-?\d+(?:\.\d+)?)\s+([A-Za-z]{1,3})\.?\s*")
#: Largest whole exponent counted as its repeated factors (``x^{96}`` is no 96 factors' worth).
MAX_POWER = 12
#: A question that asks to factor an expression ("Factor $x^2 - 9$.", "Factor completely").
_FACTOR_ASKED = re.compile(r"(?i:\bfactor(?:ize|ise)?\b(?!s)(?!\s+of\b))")
#: Shortest expression (spaces aside) recognised as a restatement of the question's.
MIN_RESTATED_CHARS = 5
#: Words that count none, as a closing sentence answers "how many" with them.
_NONE_WORDS = frozenset({"no", "none"})
#: A trigonometric function of an angle in degrees, and one of a bare whole number.
_DEGREE_TRIG = re.compile(r"\\(?:sin|cos|tan|cot|sec|csc)\s*\(?\s*\d+\s*\^\s*\{?\s*\\circ")
_BARE_TRIG = re.compile(r"\\?(sin|cos|tan|cot|sec|csc)\s*\(?\s*(\d{1,3})\s*\)?(?![\d.^°]|\s*\^)")
#: A golden answer that is one word (``\\text{MAKE}``); a bold segment; a word glossed in
#: brackets after words in another script ("星期日 (Sunday)").
_TEXT_GOLDEN = re.compile(r"\s*\\(?:text|textbf|mbox)\{\s*([A-Za-z]{3,20})\s*\}\s*")
#: What makes a sentence that names a word no answer of it: a denial or an alternative.
_NEGATION = re.compile(r"(?i:\b(?:not|never|no|or|either)\b|n't\b)|或")
_BOLD = re.compile(r"\*\*([^*\n]{1,40}+)\*\*")
_GLOSS = re.compile(r"(?<=[^\x00-\x7f])[ \t]*+\(([A-Za-z]{3,20})\)")
#: Longest normalised answer shown as a candidate's value.
VALUE_CHARS = 200


class SymbolicChecker(Checker):
    """Equivalence of LaTeX answers: normalised text, then value, then a bounded sympy proof."""

    name = "symbolic"
    description = "LaTeX answers (MATH): normalised text, exact/numeric value, sympy equivalence"
    requires = ("sympy",)
    extra = "math"
    #: MATH asks for exact answers (``policy.Rounding``); a subclass may choose ``CORRECT``.
    rounding: ClassVar[Rounding] = Rounding.EXACT

    def __init__(self, pool: SympyPool | None = None) -> None:
        """``pool`` runs the sympy proofs; by default the process-wide ``shared_pool()``."""
        self._pool = pool

    def check(self, response: str, golden: str, *, problem: str | None = None) -> Verdict:
        """``problem``, when given, tells whether the question asks for an equation in a stated
        form ("in the form Ax + By + Cz + D = 0, where A > 0"): then an equation that is the
        golden one times another factor is a different answer."""
        final = final_answer(response, problem)
        if final is None or not final.text.strip():
            return Verdict(False, (), self.name, "no final answer found in the response")
        if final.refused:
            return Verdict(False, (), self.name, REFUSED)
        if _BOUND_BEFORE.search(response, max(0, final.start - 24), final.start):
            # "**Answer: less than 52 km**": a bound on the value, not the value.
            candidate = Candidate(final.text, final.start, final.end, "", False)
            return Verdict(False, (candidate,), self.name, "gives a bound, not a value")
        golden_text, golden_key, golden_tree = _read_golden(golden)

        def verdict(correct: bool, reason: str, value: str, undecided: bool = False) -> Verdict:
            candidate = Candidate(final.text, final.start, final.end, value[:VALUE_CHARS], correct)
            return Verdict(correct, (candidate,), self.name, reason, undecided=undecided)

        if len(final.text) > MAX_ANSWER_CHARS:
            return verdict(False, f"the answer is longer than {MAX_ANSWER_CHARS} characters", "")
        answer_text = normalise(final.text)
        if problem is not None:
            answer_text = _without_problem_unit(answer_text, problem)
            option = _OPTION_LEAD.match(final.text)
            if option is not None and offers_options(problem):
                answer_text = option[1]  # "The answer is D) f(0) = 5.": the option chosen
        if answer_text.casefold() in _NONE_WORDS and final.source == "last line":
            answer_text = "0"  # "there are no such integers": a count of none
        worded = parse_numeral(answer_text) if answer_text[:1].isalpha() else None
        if worded is not None:  # "eighteen", "zero": a number in words is that number
            answer_text = format_value(worded.value)
        if comparison_key(answer_text) == golden_key and golden_key:
            return verdict(True, f"{answer_text} is {golden_text} once normalised", answer_text)
        if same_clock_time(comparison_key(answer_text), final.text, golden_key):
            return verdict(True, f"{answer_text} is {golden_text} on a 12-hour clock", answer_text)
        answer_text = _in_golden_form(answer_text, final.text, golden_text, problem)
        if _DEGREE_TRIG.search(golden_text):
            # "cos 58" for a golden \cos 58^\circ: the problem counts its angles in degrees.
            answer_text = _BARE_TRIG.sub(r"\\\1 \2^\\circ", answer_text)
        word = _word_stated(response, golden, marked=final.source in MARKED_SOURCES)
        if word is not None:
            # "… so we can spell **MAKE**: 13 × 1 × 11 × 5 = 715.": the one bold word of the
            # closing paragraph, or one glossed in brackets ("星期日 (Sunday)"), is a worded
            # answer that the check after it does not replace.
            candidate = Candidate(word[0], word.start(1), word.end(1), golden_text, True)
            return Verdict(True, (candidate,), self.name, f"states {golden_text!r}")
        if isinstance(golden_tree, ParseError):
            last_side = _last_side(answer_text, exact_golden=True)
            if last_side and comparison_key(normalise(last_side)) == golden_key:
                # "a : b = \tfrac{1}{12} : \tfrac{1}{6} = \mathbf{1:2}" for a golden 1:2.
                return verdict(True, f"{last_side} is {golden_text} once normalised", last_side)
            ratio = _ratio_value(golden_text)
            if ratio is not None and ratio == _value_of(last_side or answer_text):
                # "the ratio of the height to the radius is $3$" for a golden 3:1.
                return verdict(True, f"{answer_text} is the value of {golden_text}", answer_text)
            return verdict(False, f"differs from golden {golden_text} ({golden_tree})", answer_text)
        try:
            answer_tree = parse(answer_text)
        except ParseError as error:
            if _ALTERNATIVES.search(answer_text) or _ALTERNATIVES.search(final.text):
                # "k = 6 or k = 24/5": two answers offered, of which the grader takes neither.
                return verdict(False, f"offers alternatives (golden {golden_text})", answer_text)
            # "\\left\\lceil \\frac{23}{2} \\right\\rceil = 12": a worked line ends on its value.
            last_side = _last_side(
                answer_text, exact_golden="." not in golden_text, problem=problem
            )
            if last_side:  # "100\\pi : 32\\pi = 25 : 8": the last side, in the golden's form too
                last_side = _in_golden_form(last_side, last_side, golden_text, None)
            try:
                answer_tree = parse(last_side)
            except ParseError:
                return verdict(False, f"the answer cannot be read as math ({error})", answer_text)
            answer_text = last_side.strip()
        try:
            judgement = compare(golden_tree, answer_tree, self.rounding)
        except (EvaluationError, ArithmeticError) as error:
            return verdict(False, f"the answers could not be compared ({error})", answer_text)
        if judgement.verdict != "equal":
            return verdict(False, f"{judgement.reason} (golden {golden_text})", answer_text)
        if problem is not None and _ORDER_ASKED.search(problem):
            # "What are the four integers in increasing order?": "13, 12, 9, 7" lists them all,
            # but not as asked.
            judgement = compare_in_order(golden_tree, answer_tree, self.rounding)
            if judgement.verdict != "equal":
                reason = (
                    f"{judgement.reason}, in the order the question asks (golden {golden_text})"
                )
                return verdict(False, reason, answer_text)
        if problem is not None and _FACTOR_ASKED.search(problem):
            given, written = _variable_factors(golden_tree), _variable_factors(answer_tree)
            if written < given:
                # "Factor $7x^3 - 21x^2 + 14x$": $7x(x^2 - 3x + 2)$ is equal but unfinished.
                reason = f"not factored as far as the golden answer (golden {golden_text})"
                return verdict(False, reason, answer_text)
        if problem is not None and _restates_the_question(answer_text, golden_key, problem):
            reason = f"restates the expression the question asks to work out (golden {golden_text})"
            return verdict(False, reason, answer_text)
        if problem is not None and _FORM_ASKED.search(problem) and not same_form(judgement):
            reason = (
                f"the same equation, but not in the form the question asks (golden {golden_text})"
            )
            return verdict(False, reason, answer_text)
        reason = judgement.reason
        for proof in judgement.proofs:
            result = (self._pool or shared_pool()).prove(proof)
            if result.holds is None:
                reason = f"undecided: {result.detail} (golden {golden_text})"
                return verdict(False, reason, answer_text, undecided=True)
            if result.holds is not True:
                reason = f"random evaluation agreed but {result.detail} (golden {golden_text})"
                return verdict(False, reason, answer_text)
            reason = f"{judgement.reason}; {result.detail}"
        return verdict(True, f"{reason} (golden {golden_text})", answer_text)


def _ratio_value(text: str) -> Fraction | None:
    """The value of a ratio of two numbers (``3:1`` is 3), None for anything else."""
    found = _NUMBER_RATIO.fullmatch(text)
    if found is None or not Fraction(found[2]):
        return None
    return Fraction(found[1]) / Fraction(found[2])


def _value_of(text: str) -> Fraction | None:
    """The value of an answer that is one plain number (``3``, ``\\frac{3}{1}``), else None."""
    read = parse_numeral(text.strip())
    return None if read is None else read.value


def _without_problem_unit(answer: str, problem: str) -> str:
    """A number without the unit letters after it (``160 m``, ``12 ft``) that the problem writes
    after its own numbers ("… is 140 m"): a unit there, not a variable times the number."""
    found = _NUMBER_AND_LETTERS.fullmatch(answer)
    if found is None:
        return answer
    unit = re.escape(found[2])
    # A single letter glued to a number ("2m") is a variable's product; a spaced one a unit.
    gap = "+" if len(found[2]) == 1 else "*"
    written = rf"\d(?:\$|\s|\\[ ,;!]|~){gap}(?:\\(?:text|mbox|mathrm)\{{\s*)?{unit}\b"
    return found[1] if re.search(written, problem) else answer


def _in_golden_form(answer: str, written: str, golden: str, problem: str | None) -> str:
    """The answer rewritten in the golden answer's form where it is written in another one
    (``answer_forms``): an inequality for an interval, a ratio or a percentage for a fraction;
    a leading ``=`` (``Ratio $= 25 : 8$``) dropped."""
    answer = answer.lstrip(" =")
    return (
        as_interval(answer, golden)
        or ratio_as_fraction(answer, golden)
        or percent_as_fraction(answer, written, golden, problem)
        or _worked_to_percent(answer, written, golden, problem)
        or answer
    )


def _worked_to_percent(answer: str, written: str, golden: str, problem: str | None) -> str | None:
    """A line worked out to a percentage (``\\frac{6}{300} = 2\\%``, ``50\\% + 10\\% = 60\\%``) as
    that percentage's fraction, on the terms of ``percent_as_fraction``; never a line that
    only approximates one (``\\frac13 \\approx 33.3\\%``)."""
    written = written.lstrip(" $=")
    signs = _RELATION_SIGN.findall(written)
    if not signs or signs[-1] != "=" or len(_RELATION_SIGN.findall(answer)) != len(signs):
        return None
    last = _RELATION_SIGN.split(answer)[-1].strip()
    return percent_as_fraction(last, _RELATION_SIGN.split(written)[-1], golden, problem)


def _word_stated(response: str, golden: str, *, marked: bool) -> re.Match[str] | None:
    """Where the closing paragraph states a golden answer that is a word (``\\text{MAKE}``,
    ``\\text{Sunday}``): glossed in brackets ("答案是星期日 (Sunday)"); or, for an answer no
    box or marker states, as its one bold segment or in its closing sentence. None otherwise."""
    word = _TEXT_GOLDEN.fullmatch(golden)
    if word is None:
        return None
    tail = response.rstrip()
    paragraph = tail.rfind("\n\n", 0, len(tail)) + 1
    glossed = list(_GLOSS.finditer(tail, paragraph))
    if len(glossed) == 1 and glossed[0][1].casefold() == word[1].casefold():
        return glossed[0]
    if marked:
        return None
    bold = list(_BOLD.finditer(tail, paragraph))
    if len(bold) == 1:
        # "…, so **Dana** has the larger meals.": the bold word is the answer, whichever it is.
        return bold[0] if bold[0][1].strip(" .").casefold() == word[1].casefold() else None
    # "Kim's birthday fell on a Saturday.": the closing sentence names it, and neither denies
    # it nor offers another.
    sentence = max(tail.rfind(". ", paragraph), tail.rfind("\n", paragraph), paragraph - 1) + 1
    named = re.compile(rf"(?i:\b({re.escape(word[1])})\b)").search(tail, sentence)
    if named is not None and not _NEGATION.search(tail, sentence):
        return named
    return None


def _variable_factors(tree: Node) -> int:
    """How many factors with a variable a product has (``7x(x-1)(x-2)``: 3; a whole power as
    its repeated base, ``(x-1)^2`` as 2); 0 for a value without variables, 1 for any other
    expression."""
    if isinstance(tree, Relation) and tree.ops and all(op == "=" for op in tree.ops):
        return _variable_factors(tree.sides[-1])  # "x^2 - 9 = (x+3)(x-3)": its last side
    if isinstance(tree, Mul):
        return sum(_variable_factors(factor) for factor in tree.factors)
    if isinstance(tree, Pow):
        exponent = tree.exponent
        times = 1
        if isinstance(exponent, Number) and exponent.value.denominator == 1:
            times = int(exponent.value) if 0 < exponent.value <= MAX_POWER else 1
        return _variable_factors(tree.base) * times
    if isinstance(tree, Group) and tree.opening == "(" and len(tree.items) == 1:
        return _variable_factors(tree.items[0])
    return 1 if free_symbols(tree) else 0


def _restates_the_question(answer: str, golden_key: str, problem: str) -> bool:
    """Whether the answer is the very expression a "Simplify …" / "Rationalize …" question gives:
    equal in value to the golden answer, and no answer to the question."""
    if not _WORK_OUT.search(problem):
        return False
    key = comparison_key(answer)
    if key == golden_key or len(key) < MIN_RESTATED_CHARS or not any(c in key for c in "\\^/"):
        return False
    stated = comparison_key(normalise(problem[-MAX_ANSWER_CHARS * 4 :]))
    # Whole terms only: "6^\circ" is not restated by the "66^\circ" of "\sin 66^\circ".
    return re.search(rf"(?<![\d.]){re.escape(key)}(?![\d.])", stated) is not None


def _last_side(answer: str, *, exact_golden: bool, problem: str | None = None) -> str:
    """The value a worked line ends on: after its last ``=``, ``\\approx`` or ``\\equiv``
    (``1529 \\equiv 5``, its modulus dropped by ``normalise``, ends on 5); empty for none. A
    line that ends on an approximation of an exact value (``= \\frac{\\sqrt{2}}{2} \\approx
    0.7071``, or only ``\\frac{\\sqrt{3}}{2} \\approx 0.866`` against an ``exact_golden``)
    ends on the exact value, which the approximation only illustrates; unless that exact side
    is the ``problem``'s own expression (``\\arccos(-1) \\approx 3.1416``), which the
    approximation then answers."""
    sides = _RELATION_SIGN.split(answer)
    if len(sides) < 2:
        return ""
    signs = _RELATION_SIGN.findall(answer)
    exact = sides[-2]
    worked_to_exact = len(sides) > 2 and signs[-2] not in _APPROXIMATE
    # "= \\frac{32\\sqrt2}{3} \\approx 15.08" for a golden 15.08 asked "to the nearest
    # hundredth": against a decimal golden the approximation is what the line answers.
    said_exact = exact_golden and (worked_to_exact or _constant(exact))
    if said_exact and problem is not None and not worked_to_exact and stated_in(exact, problem):
        said_exact = False
    if signs[-1] in _APPROXIMATE and said_exact and not _unreduced(exact):
        return exact
    # "= \\frac{234}{54} \\approx 4.33": an exact value left unreduced is no finished answer;
    # the approximation is what the line gives.
    return sides[-1]


def _constant(side: str) -> bool:
    """Whether a side is a value written without variables (``\\dfrac{\\sqrt{3}}{2}``, ``2\\pi``),
    which an approximation after it only illustrates; ``x \\approx 2.5`` names a variable."""
    letters = _LATEX_COMMAND.sub("", side)
    return not LETTER.search(letters) and any(c.isdigit() for c in side)


def _unreduced(side: str) -> bool:
    """Whether a side is no finished value: a fraction of integers not in lowest terms
    (``\\frac{234}{54}``), or arithmetic on numbers left undone (``\\pi \\cdot 7^2``)."""
    if _UNDONE_ARITHMETIC.search(side):
        return True
    found = _INTEGER_FRACTION.fullmatch(side.strip())
    if found is None:
        return False
    numerator, denominator = int(found[1] or found[3]), int(found[2] or found[4])
    return math.gcd(numerator, denominator) > 1


@lru_cache(maxsize=16_384)
def _read_golden(golden: str) -> tuple[str, str, Node | ParseError]:
    """A golden answer's normalised text, its comparison key, and its tree (or why none)."""
    text = golden
    boxed = final_answer(golden) if "\\boxed" in golden or "\\fbox" in golden else None
    if boxed is not None:
        text = boxed.text
    normalised = normalise(text[:MAX_ANSWER_CHARS])
    try:
        tree: Node | ParseError = parse(normalised)
    except ParseError as error:
        tree = error
    return normalised, comparison_key(normalised), tree
