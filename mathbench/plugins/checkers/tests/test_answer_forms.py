"""An answer written in another form than the golden one, rewritten as a MATH grader reads it."""

from __future__ import annotations

import pytest

from mathbench.plugins.checkers.answer_forms import (
    as_interval,
    percent_as_fraction,
    ratio_as_fraction,
    same_clock_time,
)
from mathbench.plugins.checkers.symbolic_checker import SymbolicChecker


@pytest.mark.parametrize(
    ("answer", "interval"),
    [
        ("k < 4", "(-\\infty, 4)"),
        ("y \\ge 46", "[46, \\infty)"),
        ("t > -2", "(-2, \\infty)"),
        ("x \\le \\frac{1}{2}", "(-\\infty, \\frac{1}{2}]"),
        ("2 < x \\le 5", "(2, 5]"),
    ],
)
def test_an_inequality_is_the_interval_it_bounds(answer: str, interval: str) -> None:
    assert as_interval(answer, "(0,1)") == interval


def test_rewritings_apply_only_where_the_golden_has_the_other_form() -> None:
    assert as_interval("k < 4", "4") is None
    assert ratio_as_fraction("3 : 4", "3:4") is None
    assert percent_as_fraction("25", "25%", "25", "What percent of the class?") is None
    assert percent_as_fraction("25", "25%", "\\frac{1}{4}", None) is None
    assert not same_clock_time("1:03", "1:03 AM", "13:03")


@pytest.mark.parametrize(
    ("response", "golden", "wrong", "problem"),
    [
        ("Combining the cases: $m < -3$.", "(-\\infty,-3)", "(-\\infty,-3]", None),
        ("**Range:** all real numbers $y \\ge 12$.", "[12, \\infty)", "(12, \\infty)", None),
        ("Ratio $= 50\\pi : 18\\pi = 25 : 9$", "\\frac{25}{9}", "\\frac{9}{25}", None),
        ("Both dice miss: 1/2 × 1/2 = 1/4.\n\n**Answer: 25%**", "\\frac{1}{4}", "\\frac{1}{2}",
         "What is the probability that neither die shows a prime?"),
        ("12:20 PM + 43 minutes = 1:03 PM.\n\nAnswer: 1:03", "\\text{1:03 PM}",
         "\\text{1:30 PM}", None),
    ],
)  # fmt: skip
def test_symbolic_reads_an_answer_in_another_form(
    response: str, golden: str, wrong: str, problem: str | None
) -> None:
    assert SymbolicChecker().check(response, golden, problem=problem).correct
    assert not SymbolicChecker().check(response, wrong, problem=problem).correct
