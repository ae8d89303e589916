"""Answers that deny a value, approximate one, or close on something other than what is asked.

Each case is a kind of response that independent labellers marked one way and the reader read
the other: a value denied and then corrected after a dash, an answer saying no minimum exists
while naming a bound, a worked line that ends on a coarser approximation than the golden asks
for, a box used as the problem's own notation, and a "who" question whose line ends on a length.
"""

from __future__ import annotations

import pytest

from mathbench.plugins.checkers.numeric_checker import NumericChecker, NumericChecker1e3
from mathbench.plugins.checkers.symbolic_checker import SymbolicChecker

NUMERIC = NumericChecker()
SYMBOLIC = SymbolicChecker()


@pytest.mark.parametrize(
    "response",
    [
        "The class did not collect 24 cans — they collected 36.",
        "So it isn't 24 -- it's 36.",
        "答案不是24个——是36个。",
    ],
)
def test_a_value_denied_and_corrected_after_a_dash_answers_with_the_correction(
    response: str,
) -> None:
    assert NUMERIC.check(response, "36").correct
    assert not NUMERIC.check(response, "24").correct


def test_a_dash_after_an_answer_still_breaks_it_into_parts() -> None:
    response = "She earns $15 in total — $3 from the bakery and $12 from the shop."
    assert NUMERIC.check(response, "15").correct
    assert not NUMERIC.check(response, "12").correct


@pytest.mark.parametrize(
    "response",
    [
        "The bound is never reached.\n\n**Answer: no minimum exists (the infimum is 7).**",
        "Answer: The maximum does not exist; the values only approach $7$.",
        "所以最小值不存在（下确界是7）。\n\n答：最小值不存在，下确界为 $7$。",
    ],
)
def test_an_answer_that_says_the_value_does_not_exist_is_no_answer(response: str) -> None:
    assert not SYMBOLIC.check(response, "7").correct


def test_an_answer_naming_what_exists_is_read() -> None:
    response = "The minimum exists and is attained at $x = 1$.\n\nAnswer: $7$"
    assert SYMBOLIC.check(response, "7").correct


@pytest.mark.parametrize(
    ("response", "golden", "expected"),
    [
        # The question asks for a decimal to the nearest hundredth: 4.7 is too coarse.
        ("Total = 235.\n\nMean = 235/50 = 4.70 ≈ 4.7", "4.70", True),
        ("Total = 236.\n\nMean = 236/50 = 4.72 ≈ 4.7", "4.72", False),
        # Against an exact golden, the exact value the approximation illustrates.
        ("So the ratio is $\\frac{22}{7} \\approx 3.14$.", "\\frac{22}{7}", True),
        # A sum of fractions left undone is no finished exact answer: the decimal is.
        ("Time above the line: $\\frac{16}{7} - \\frac{4}{7} \\approx 1.714$ s.", "\\frac{12}{7}",
         False),
        ("Time above the line: $\\frac{16}{7} - \\frac{4}{7} = \\frac{12}{7}$ s.",
         "\\frac{12}{7}", True),
        # A sum with a radical is a finished exact value.
        ("So the length is $1 + 2\\sqrt{3} \\approx 4.46$.", "1+2\\sqrt{3}", True),
    ],
)  # fmt: skip
def test_a_worked_line_answers_with_its_last_side_or_the_exact_value_it_approximates(
    response: str, golden: str, expected: bool
) -> None:
    problem = "What is the value? Express your answer as a decimal to the nearest hundredth."
    assert SYMBOLIC.check(response, golden, problem=problem).correct is expected


def test_an_operand_before_an_approximation_is_no_value_approximated() -> None:
    response = "Left to right: 1 + 2 = 3, 3 · 3 = 9.\n\n180 ÷ 11 ≈ 16.36"
    problem = "What is $(1 + 2 \\cdot 3 \\cdot 4 \\cdot 5) \\div 11$?"
    assert not SYMBOLIC.check(response, "11", problem=problem).correct


def test_a_math401_approximation_coarser_than_its_tolerance_is_wrong() -> None:
    assert not NumericChecker1e3().check("89/34 ≈ 2.62", "2.6176", problem="89/34=").correct
    assert NumericChecker1e3().check("89/34 ≈ 2.6176", "2.6176", problem="89/34=").correct


def test_boxes_are_terms_where_the_problem_makes_the_box_its_notation() -> None:
    problem = (
        "Let $\\boxed{N}$ mean the number of whole number divisors of $N$. Find the value of "
        "$\\boxed{\\boxed{7}\\times\\boxed{9}}$."
    )
    response = (
        "$\\boxed{7} = 2$ and $\\boxed{9} = 3$, so we need $\\boxed{6}$, and 6 has divisors "
        "1, 2, 3, 6: $\\boxed{6} = 4$.\n\n**The value is 4.**"
    )
    assert SYMBOLIC.check(response, "4", problem=problem).correct
    assert not SYMBOLIC.check(response, "6", problem=problem).correct


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        ("Ann's rope is 12 + 3 = 15 m long, against 12 m for Ben. The longer rope is 15 m.",
         False),
        ("Ann's rope is 12 + 3 = 15 m long, against 12 m for Ben. So Ann has the longer rope.",
         True),
        ("Ann's rope is 15 m and Ben's is 12 m. Since 15 > 12, Ann has the longer one.", True),
    ],
)  # fmt: skip
def test_a_name_asked_for_is_answered_by_the_line_s_last_sentence(
    response: str, expected: bool
) -> None:
    problem = "Ben's rope is 12 m long. Ann's rope is 3 m longer. Who has the longer rope?"
    assert NUMERIC.check(response, "Ann", problem=problem).correct is expected
