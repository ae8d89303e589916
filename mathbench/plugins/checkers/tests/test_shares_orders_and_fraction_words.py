"""Kinds of writing met in the hundred-and-first to hundred-and-eighth rounds of independent
labels: a fraction typed as one character (``1⅓``) or spelled with an ordinal of two words
("four thirty-fifths"), a share of a number worked out ("1% of 1600 = 16"), a quotient given
with its remainder before its decimal, an ellipsis before an approximation, an answer asked in
an order, and a degree answer that only looks like part of the question's angle."""

# Responses write the minus sign as models type it.
# ruff: noqa: RUF001

from __future__ import annotations

from fractions import Fraction

import pytest

from mathbench.plugins.checkers.numerals import find_numerals
from mathbench.plugins.checkers.numeric_checker import NumericChecker, NumericChecker1e3
from mathbench.plugins.checkers.symbolic_checker import SymbolicChecker

NUMERIC = NumericChecker()
SYMBOLIC = SymbolicChecker()


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("That leaves four thirty-fifths of the pie.", Fraction(4, 35)),
        ("eleven twelfths", Fraction(11, 12)),
        ("one twenty-first of the total", Fraction(1, 21)),
        ("seven hundredths", Fraction(7, 100)),
        ("The two thirds of the class", Fraction(2, 3)),
    ],
)
def test_fractions_in_words_with_any_ordinal_are_read(text: str, value: Fraction) -> None:
    assert [n.value for n in find_numerals(text, words=True)] == [value]


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("on the one hundredth day", []),  # an ordinal, not 1/100
        ("wait two seconds", [Fraction(2)]),  # a time, not 2/2
    ],
)
def test_ordinals_and_times_are_not_fractions(text: str, values: list[Fraction]) -> None:
    assert [n.value for n in find_numerals(text, words=True)] == values


def test_a_fraction_in_words_answers_an_exact_golden() -> None:
    problem = "Ann eats $\\frac{1}{5}$ of a cake and Bo eats $\\frac{2}{7}$. What fraction is left?"
    response = "Together they eat 7/35 + 10/35 = 17/35, which leaves eighteen thirty-fifths."
    assert SYMBOLIC.check(response, "\\frac{18}{35}", problem=problem).correct
    assert not SYMBOLIC.check(response, "\\frac{17}{35}", problem=problem).correct


@pytest.mark.parametrize(
    ("response", "golden", "expected"),
    [
        ("The walk takes 1 hour and 40 minutes, that is **1⅔ hours**.", "1.67", True),
        ("Since 15 minutes is ¼ of an hour, the drive took 2¼ hours.", "2.25", True),
        ("Since 15 minutes is ¼ of an hour, the drive took 2¼ hours.", "0.25", False),
    ],
)
def test_a_vulgar_fraction_character_is_the_value_it_writes(
    response: str, golden: str, expected: bool
) -> None:
    problem = "How many hours did the trip take?"
    assert NUMERIC.check(response, golden, problem=problem).correct is expected


@pytest.mark.parametrize(
    ("response", "golden", "expected"),
    [
        ("The crate weighs 900 pounds. 3% of 900 = 27 pounds of force.", "27", True),
        ("The crate weighs 900 pounds. 3% of 900 = 27 pounds of force.", "0.03", False),
        ("Of the 24 pupils, 3/4 of 24 = 18 walk to school.", "18", True),
    ],
)
def test_a_share_of_a_number_worked_out_is_answered_by_its_result(
    response: str, golden: str, expected: bool
) -> None:
    problem = "If the force needed is 3% of the weight how much force is needed?"
    assert NUMERIC.check(response, golden, problem=problem).correct is expected


def test_a_quotient_with_its_remainder_is_not_the_value_of_the_division() -> None:
    checker = NumericChecker1e3()
    response = "71 ÷ 12 = 5 remainder 11, so 71/12 = 5 11/12 ≈ 5.917."
    assert checker.check(response, "5.9166", problem="71÷12=").correct
    assert not checker.check("71 ÷ 12 = 5 remainder 11.", "5.9166", problem="71÷12=").correct


def test_an_ellipsis_before_the_approximation_still_joins_the_pair() -> None:
    response = "Total = 100, count = 6.\nMean = 100 ÷ 6 = 16.666… ≈ 16.67"
    problem = "What is the mean of the numbers?"
    assert NUMERIC.check(response, "16.7", problem=problem).correct
    assert not NUMERIC.check(response, "16.6", problem=problem).correct


@pytest.mark.parametrize(
    ("answer", "expected"),
    [("2, 5, 8, 11", True), ("11, 8, 5, 2", False)],
)
def test_a_list_asked_in_an_order_must_be_in_that_order(answer: str, expected: bool) -> None:
    problem = "Find the four numbers. List them in increasing order, separated by commas."
    response = f"Working through the sums gives the numbers. The answer is $\\boxed{{{answer}}}$."
    assert SYMBOLIC.check(response, "2,5,8,11", problem=problem).correct is expected
    # Without an order asked, any order lists the same numbers.
    assert SYMBOLIC.check(response, "2,5,8,11", problem="Find the four numbers.").correct


def test_a_degree_answer_is_no_restatement_of_a_longer_angle_in_the_question() -> None:
    problem = "Compute $\\arcsin(\\sin 44^\\circ - \\sin 40^\\circ)$ in degrees."
    assert SYMBOLIC.check("Final Answer: $4^\\circ$", "4^{\\circ}", problem=problem).correct
    # The question's own expression, restated whole, is still no answer to it.
    simplify = "Simplify $\\frac{6}{8}$."
    assert not SYMBOLIC.check("It is $\\frac{6}{8}$.", "\\frac{3}{4}", problem=simplify).correct


def test_points_in_a_diagrams_code_are_no_options() -> None:
    problem = (
        "On the line, $AB = 12$ and $C$ is the midpoint of $\\overline{BD}$. What is $AC$?\n"
        '[asy]\npair A,B,C,D; dot(A); dot(B); dot(C); label("$A$",A,S);\n[/asy]'
    )
    response = "BD = 8, so BC = 4.\n\nC is the midpoint of BD, so AC = AB + BC = 12 + 4 = 16 cm."
    assert SYMBOLIC.check(response, "16", problem=problem).correct
    assert not SYMBOLIC.check(response, "C", problem=problem).correct


@pytest.mark.parametrize(
    ("problem", "expected"),
    [
        ("Two ropes are 150 m and 130 m long. How much rope is saved?", True),
        ("Let $m$ be a positive integer with $160 = 2m$. What is $160$ times $m$?", False),
    ],
)
def test_unit_letters_the_problem_writes_after_numbers_are_a_unit(
    problem: str, expected: bool
) -> None:
    response = "Saved = 150 + 130 − 120 = 160 m."
    assert SYMBOLIC.check(response, "160", problem=problem).correct is expected


@pytest.mark.parametrize(
    ("response", "golden", "expected"),
    [
        ("Greatest value $= \\frac19 - 4 \\approx -3.89$.", "-\\frac{35}{9}", False),
        ("$$\\arccos(-1) \\approx 3.1416 \\text{ radians}.$$", "\\pi", False),
        (
            "So $\\sin 45^\\circ = \\frac{\\sqrt{2}}{2} \\approx 0.7071$.",
            "\\frac{\\sqrt{2}}{2}",
            True,
        ),
    ],
)
def test_an_approximation_answers_when_its_exact_side_is_unfinished_or_the_question_itself(
    response: str, golden: str, expected: bool
) -> None:
    problem = "Compute $\\arccos (-1).$" if "arccos" in response else "Find the value."
    assert SYMBOLIC.check(response, golden, problem=problem).correct is expected


def test_a_verb_before_answer_colon_makes_no_answer_marker() -> None:
    response = "All questions: 50. Maria can answer: 41.\n\nDifference = 50 − 41 = 9 questions."
    problem = "What's the difference between the number of questions and those Maria can answer?"
    assert NUMERIC.check(response, "9", problem=problem).correct
    assert not NUMERIC.check(response, "41", problem=problem).correct


@pytest.mark.parametrize(
    ("response", "golden", "expected"),
    [
        ("Probability $= \\frac{9}{300} = 3\\%$.", "\\frac{3}{100}", True),
        ("Red is 30% and blue is 15%, so together 30% + 15% = 45%.", "\\frac{9}{20}", True),
        ("So the share is $1 - \\frac23 \\approx 33.3\\%$.", "\\frac{1}{3}", False),
    ],
)
def test_a_line_worked_to_a_percentage_answers_a_fraction_asked(
    response: str, golden: str, expected: bool
) -> None:
    problem = "What fraction of the marbles are red or blue?"
    assert SYMBOLIC.check(response, golden, problem=problem).correct is expected


@pytest.mark.parametrize(
    ("response", "golden", "expected"),
    [
        ("The mean is 51.2 when $n = 9$.", "9", True),
        ("The mean is 51.2 when $n = 9$.", "51.2", False),
        ("So the digit is 5 and $n = 47$.", "47", True),
    ],
)
def test_the_value_assigned_to_the_variable_asked_answers_in_a_closing_line(
    response: str, golden: str, expected: bool
) -> None:
    problem = "The mean of the row is $51.2$. What is the value of $n$?"
    assert SYMBOLIC.check(response, golden, problem=problem).correct is expected


def test_an_assignment_to_an_expression_is_no_value_of_what_is_asked() -> None:
    response = (
        "Since $\\tan 90^\\circ$ is undefined, "
        "$\\cot 90^\\circ = \\dfrac{1}{\\tan 90^\\circ}$ is **undefined**."
    )
    assert not SYMBOLIC.check(response, "0", problem="Find $\\cot 90^\\circ.$").correct


@pytest.mark.parametrize(
    ("response", "golden", "expected"),
    [
        ("There are 6 vans with 12 kids in each, so in all there are 6 × 12 = 72.", "72", True),
        ("There are 6 vans with 12 kids in each, so in all there are 6 × 12 = 72.", "12", False),
    ],
)
def test_a_given_then_the_equation_that_uses_it_is_working_then_result(
    response: str, golden: str, expected: bool
) -> None:
    problem = "Six vans each carry 12 kids. How many kids are in the vans altogether?"
    assert NUMERIC.check(response, golden, problem=problem).correct is expected


def test_a_value_worked_out_before_another_may_still_be_the_one_asked() -> None:
    response = (
        "两次一共剪了：30 + 20 = 50（米）\n这时绳子比原来短了50米，还剩 120 - 50 = 70（米）。"
    )
    problem = "一段绳子长120米，第一次剪了30米，第二次剪了20米，这时绳子比原来短了多少米？"
    assert NUMERIC.check(response, "50", problem=problem).correct


@pytest.mark.parametrize(
    ("response", "problem", "golden"),
    [
        (
            "Completing the square, the least value of y is 2, reached when x = 5.",
            "What is the least possible value of $y$ in $y = x^2 - 10x + 27$?",
            "2",
        ),
        ("So $2012_3 = 59$ in base 10.", "Convert $2012_3$ to base 10.", "59"),
        (
            "The range is all real numbers except 2, i.e. $y \\neq 2$.",
            "What is the range of $g(x) = \\frac{2x+1}{x-4}$?",
            "(-\\infty,2)\\cup(2,\\infty)",
        ),
        (
            "The number is 6k + 5 = 3(2k + 1) + 2.\n\nSo 2 marbles are left in bags of three.",
            "In bags of six, five are left over. In bags of three, how many are left over?",
            "2",
        ),
    ],
)
def test_what_closes_the_line_after_the_value_qualifies_it(
    response: str, problem: str, golden: str
) -> None:
    assert SYMBOLIC.check(response, golden, problem=problem).correct


@pytest.mark.parametrize(
    ("response", "golden", "expected"),
    [
        ("$$5x^3 - 20x = 5x(x^2 - 4)$$", "5x(x-2)(x+2)", False),
        ("$$5x^3 - 20x = 5x(x^2 - 4) = 5x(x+2)(x-2)$$", "5x(x-2)(x+2)", True),
        ("So the factored form is $(x+1)(x+1)$.", "(x+1)^2", True),
        ("So the factored form is $(x+1)^2$.", "(x+1)(x+1)", True),
        ("It does not factor further: $3y(y^2 + y + 5)$.", "3y(y^2+y+5)", True),
    ],
)
def test_a_factorization_stopped_short_of_the_golden_one_is_unfinished(
    response: str, golden: str, expected: bool
) -> None:
    problem = "Factor the expression completely."
    assert SYMBOLIC.check(response, golden, problem=problem).correct is expected
    # Asked to expand or evaluate, not to factor, the same value is the same answer.
    assert SYMBOLIC.check(response, golden, problem="Simplify the expression.").correct


@pytest.mark.parametrize(
    ("response", "golden", "expected"),
    [
        ("She should start cooking at 5:45 PM.", "5:45", True),
        ("She should start cooking at 5:45 PM.", "17:45", True),
        ("She should start cooking at 5:45 AM.", "17:45", False),
        ("She should start cooking at 5:15 PM.", "5:45", False),
    ],
)
def test_a_golden_time_naming_no_half_of_the_day_is_either_half(
    response: str, golden: str, expected: bool
) -> None:
    problem = "Dinner is at 6:30 and takes 45 minutes. When should she start cooking?"
    assert NUMERIC.check(response, golden, problem=problem).correct is expected


def test_a_negative_number_in_words_is_negative() -> None:
    response = "The other number is negative twelve, because (-12) × (-12) = 144 too."
    problem = "The square of 12 is 144. The square of what other number is 144?"
    assert SYMBOLIC.check(response, "-12", problem=problem).correct
    assert not SYMBOLIC.check(response, "12", problem=problem).correct


@pytest.mark.parametrize(
    ("response", "problem", "golden"),
    [
        (
            "Squaring: 2x + 1 = 9, so 2x = 8 and x = 4. Checking: √(8+1) = 3 ✓. "
            "The only possible value is x = 4.",
            "If $\\sqrt{2x+1}=3$, find all possible values of $x$.",
            "4",
        ),
        (
            "$\\frac{21}{6} = \\frac{7}{2}$ (dividing numerator and denominator by 3).",
            "Simplify $\\frac{21}{6}.$",
            "\\frac{7}{2}",
        ),
        (
            "360 = 2³ · 3² · 5, so with multiplicity: 3 + 2 + 1 = 6 primes (2, 2, 2, 3, 3, 5).",
            "How many primes, counted with multiplicity, multiply to make 360?",
            "6",
        ),
        (
            "解：三式相加得 $a+b+c = 2$。\n\n答：$abc$ 的值为 $-30$。",
            "What is the value of the product $abc$?",
            "-30",
        ),
        (
            "- Red 2-door cars: 3\n\n**9** of the cars are 4-door and red.",
            "How many of the cars are 4-door and red?",
            "9",
        ),
        (
            "$$\\frac{4}{13}\\begin{pmatrix}2\\\\3\\end{pmatrix}.$$\n\nSo the projection is "
            "$\\frac{4}{13}\\begin{pmatrix}2\\\\3\\end{pmatrix}$.",
            "Find the projection of $\\mathbf{a}$ onto $\\mathbf{b}$.",
            "\\begin{pmatrix} 8/13 \\\\ 12/13 \\end{pmatrix}",
        ),
    ],
)
def test_the_value_stands_out_from_checks_asides_lists_and_scalars(
    response: str, problem: str, golden: str
) -> None:
    assert SYMBOLIC.check(response, golden, problem=problem).correct


@pytest.mark.parametrize(
    "response",
    [
        "So the value is either 6 or about 3 depending on the reading; most likely 6 or 3.",
        "So the minimum is either 120 or slightly less, around 118.",
        "The gap can be at most 52 km, but not exactly.\n\n**Answer: less than 52 km**",
    ],
)
def test_alternatives_after_either_and_bounds_are_no_value(response: str) -> None:
    for golden in ("6", "120", "52"):
        assert not SYMBOLIC.check(response, golden, problem="Find the value.").correct


@pytest.mark.parametrize(
    ("response", "problem", "golden"),
    [
        (
            "解：个位数字按 7、9、3、1 循环。\n答：$17^6$ 的个位数字是 9。",
            "Find the units digit of $17^6.$",
            "9",
        ),
        (
            "解：两眼的有 40 × 2 = 80（只）。\n答：这40个外星人一共有120只眼睛。",
            "How many eyes total do the 40 aliens have?",
            "120",
        ),
        (
            "Alternating sum $3 - 0 + d - 8 = d - 5$, so $d = 5$.\n\n"
            "The missing digit is 5, giving $3058 = 11 \\times 278$.",
            "What digit must be placed in the blank to make $30\\_8$ a multiple of 11?",
            "5",
        ),
        (
            "Both roots are excluded.\n\nTherefore the equation has no solutions.",
            "Find the number of solutions to the equation \\[\\frac{1}{x - 2} = \\frac{x}{x-2}.\\]",
            "0",
        ),
        (
            "So the ratio of the cone's height to its radius is $3$.",
            "What is the ratio of the cone's height to its radius?",
            "3:1",
        ),
        (
            "The slope is 0, so f is constant.\n\nThe answer is C) f(0) = 7.",
            "Which is true?  A) $f(0) < 0$  B) $f(0) = 0$  C) $f(0) = 7$  D) $f(0) > 9$",
            "\\text{C}",
        ),
        ("Area ratio = 12 : 48 = 1 : 4.", "What is the ratio of the areas?", "\\frac{1}{4}"),
    ],
)
def test_what_a_closing_statement_says_of_its_subject_is_the_answer(
    response: str, problem: str, golden: str
) -> None:
    assert SYMBOLIC.check(response, golden, problem=problem).correct


def test_a_ratio_golden_is_not_its_reversed_ratio() -> None:
    assert not SYMBOLIC.check("So the ratio is 5:2.", "2:5", problem="What is the ratio?").correct


@pytest.mark.parametrize(
    ("response", "golden", "expected"),
    [
        (
            "He can buy 6 toys — or 5 if there is tax, so somewhere between 5 and 6 toys.",
            "6",
            False,
        ),
        ("Ana played 3 + 4 + 9 = 16 games: 3 wins, 4 losses and 9 draws.", "16", True),
        ("No. Three dimes and a quarter are 55¢, which is less than $1.00.", "No", True),
        ("Ben's rope is 10 + 2 = 12 m long. The longer rope is 12 m long.", "Ben", False),
    ],
)
def test_ranges_breakdowns_and_answers_stated_first(
    response: str, golden: str, expected: bool
) -> None:
    problem = "How many can he buy? Does he have enough? Who has the longer rope?"
    assert NUMERIC.check(response, golden, problem=problem).correct is expected
