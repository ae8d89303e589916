"""The cmath checker's rules one by one, its bounds, and its registration as a plugin."""

# Chinese punctuation is the subject of these tests, not a typo:

from __future__ import annotations

import time
from collections.abc import Callable
from importlib.metadata import entry_points

import pluggy
import pytest

import mathbench.plugins.checkers
from mathbench import hookspecs
from mathbench.checker import Checker
from mathbench.plugins.checkers.answer import REGION_CHARS, conclude
from mathbench.plugins.checkers.cmath_checker import CmathChecker, values_match
from mathbench.plugins.checkers.numerals import parse_numeral

CHECKER = CmathChecker()


def correct(response: str, golden: str) -> bool:
    verdict = CHECKER.check(response, golden)
    assert all(response[c.start : c.end] == c.text for c in verdict.candidates)
    return verdict.correct


@pytest.mark.parametrize(
    ("candidate", "golden", "expected"),
    [
        ("18", "18", True),
        ("19", "18", False),
        ("101", "100", False),  # two integer literals compare exactly
        ("100.5", "100", True),  # otherwise 1% relative: the paper's tolerance, kept as is
        ("18.0", "18", True),
        ("3.33", "10/3", True),
        ("3.3", "10/3", False),  # 1.01% apart
        ("1/3", "0.33", False),  # also 1.01% apart
        ("1/3", "0.333", True),
        ("0.4", "72/180", True),
        ("0", "0", True),
        ("0.0000001", "0", False),  # the 1e-6 floor keeps zero from matching everything small
        ("-5", "5", False),
        ("40%", "0.4", True),
        ("40", "40%", False),  # a percentage is its number over 100, as in the paper
    ],
)
def test_values_match_with_the_papers_tolerance(
    candidate: str, golden: str, expected: bool
) -> None:
    read, gold = parse_numeral(candidate), parse_numeral(golden)
    assert read is not None and gold is not None
    assert values_match(read, gold) is expected


@pytest.mark.parametrize(
    ("response", "golden"),
    [
        ("答：女生占40%。", "40%"),
        ("答：女生占0.4。", "40%"),
        ("答：女生占2/5。", "40%"),
        ("答：女生占百分之四十。", "40%"),
        ("答：女生占五分之二。", "0.4"),
        ("答：女生占40%。", "72/180"),
    ],
)
def test_percentages_are_their_value_over_100(response: str, golden: str) -> None:
    assert correct(response, golden)


def test_a_verdict_names_the_checker_and_highlights_what_it_read() -> None:
    response = "3×6=18（个）\n答：一共有18个。"
    verdict = CHECKER.check(response, "18")
    assert (verdict.correct, verdict.checker, verdict.outcome) == (True, "cmath", "correct")
    [candidate] = verdict.candidates
    assert (candidate.text, candidate.value, candidate.matches) == ("18", "18", True)
    assert response[candidate.start : candidate.end] == "18"
    assert candidate.start == response.rindex("18")
    assert "答：" in verdict.reason and "matches golden 18" in verdict.reason


def test_candidate_values_are_normalised_readings() -> None:
    verdict = CHECKER.check("答：还剩五分之三，也就是1,450的60%。", "3/5")
    assert [(c.text, c.value) for c in verdict.candidates] == [
        ("五分之三", "0.6"),
        ("1,450", "1450"),
        ("60%", "0.6"),
    ]


@pytest.mark.parametrize("response", ["", "   ", "抱歉，我无法回答。", "答案是B", "\\boxed{}"])
def test_no_numeral_is_no_answer_not_a_wrong_one(response: str) -> None:
    verdict = CHECKER.check(response, "18")
    assert (verdict.correct, verdict.candidates, verdict.outcome) == (False, (), "no_answer")


def test_an_unreadable_golden_answer_is_never_matched_and_says_why() -> None:
    verdict = CHECKER.check("答：18", "十八个左右")
    assert not verdict.correct and verdict.outcome == "wrong"
    assert "not a number" in verdict.reason


def test_an_explicit_answer_statement_wins_over_later_checks() -> None:
    response = "答：一共20个。\n验算：18+2=20，18÷3=6，正确。"
    assert conclude(response).source == "答："
    assert correct(response, "20") and not correct(response, "18")


def test_without_a_statement_the_last_two_numerals_are_the_candidates() -> None:
    response = "每盒有6包，一共有3盒，所以一共有18包，比原来多2包"
    conclusion = conclude(response)
    assert conclusion.source == "last numerals"
    assert [n.text for n in conclusion.numerals] == ["18", "2"]
    assert correct(response, "18") and correct(response, "2") and not correct(response, "6")


@pytest.mark.parametrize(
    "response",
    ["答案是18或20。", "It is 18 or 20.", "答：大约在18到20之间。", "可能是18，也可能是20"],
)
def test_hedging_between_values_is_wrong(response: str) -> None:
    verdict = CHECKER.check(response, "18")
    assert not verdict.correct and "hedges" in verdict.reason


def test_a_response_that_breaks_off_never_concluded() -> None:
    verdict = CHECKER.check("6×3=18（个），然后再减去", "18")
    assert not verdict.correct and "breaks off" in verdict.reason
    assert correct("6×3=18（个），", "18")


def test_a_made_up_follow_up_problem_is_not_read() -> None:
    response = "答：20个。\n\n问题2：小红有3盒，每盒6个，一共有多少个？\n答：18个。"
    assert correct(response, "20") and not correct(response, "18")


def test_an_answer_before_pages_of_filler_is_still_found() -> None:
    response = "答：18\n" + "然后我继续思考。" * (REGION_CHARS // 2)
    assert correct(response, "18")


def test_the_tail_is_cut_off_digits_not_through_a_number() -> None:
    response = "答：12345" + "，" * (REGION_CHARS - 3)
    assert correct(response, "12345")


HOSTILE = {
    "digits": "1" * 5_000_000,
    "answer markers": "答：" * 2_500_000,
    "boxes": "\\boxed{" * 700_000,
    "braces": "{" * 5_000_000,
    "numbers and spaces": "1 " * 2_500_000,
    "list lines": "\n1) x" * 1_000_000,
    "fractions": "\\frac{1}{2}" * 450_000,
    "chinese numerals": "一二三四五六七八九十" * 500_000,
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_5_mb_response_gets_a_verdict_quickly(name: str) -> None:
    response = HOSTILE[name]
    started = time.perf_counter()
    verdict = CHECKER.check(response, "18")
    elapsed = time.perf_counter() - started
    assert verdict.checker == "cmath"
    assert all(response[c.start : c.end] == c.text for c in verdict.candidates)
    assert elapsed < 3, f"{name}: {elapsed:.2f}s"


def test_the_checker_declares_itself() -> None:
    assert isinstance(CHECKER, Checker)
    assert CmathChecker.name == "cmath"
    assert CmathChecker.description and "\n" not in CmathChecker.description
    assert CmathChecker.missing_requirements() == []


def test_register_checkers_registers_the_cmath_checker() -> None:
    registered: list[Checker] = []
    mathbench.plugins.checkers.register_checkers(registered.append)
    assert [type(c) for c in registered if c.name == "cmath"] == [CmathChecker]


def test_the_hook_is_reached_through_pluggy() -> None:
    manager = pluggy.PluginManager("mathbench")
    manager.add_hookspecs(hookspecs)
    manager.register(mathbench.plugins.checkers)
    registered: list[Checker] = []
    register: Callable[[Checker], None] = registered.append
    manager.hook.register_checkers(register=register)
    assert [c.name for c in registered if c.name == "cmath"] == ["cmath"]


def test_installed_entry_point_serves_this_checker() -> None:
    points = {point.name: point for point in entry_points(group="mathbench")}
    if "checkers" not in points:
        pytest.skip("mathbench is not installed (pip install -e .), so no entry points")
    from mathbench import get_checker

    assert isinstance(get_checker("cmath"), CmathChecker)
