"""The statistics against values computed by hand (the working is in each test)."""

from __future__ import annotations

import math

import pytest

from mathbench.plugins.tui.stats import Z_95, Confusion, Proportion, cohen_kappa, wilson_interval


def test_wilson_interval_half_of_ten() -> None:
    # p = 0.5, n = 10, z² = 3.8415: centre = (0.5 + 0.19207) / 1.38415 = 0.5;
    # half = 1.95996 * sqrt(0.025 + 0.0096036) / 1.38415 = 1.95996 * 0.186021 / 1.38415 = 0.26341
    low, high = wilson_interval(5, 10) or (0.0, 0.0)
    assert low == pytest.approx(0.23659, abs=1e-5)
    assert high == pytest.approx(0.76341, abs=1e-5)


def test_wilson_interval_at_the_edges() -> None:
    # 0 of 10: the lower bound is 0 and the upper is z² / (n + z²) = 3.8415 / 13.8415 = 0.27753.
    low, high = wilson_interval(0, 10) or (1.0, 0.0)
    assert low == 0.0 and high == pytest.approx(0.27753, abs=1e-5)
    # n of n mirrors it.
    low, high = wilson_interval(10, 10) or (1.0, 0.0)
    assert low == pytest.approx(0.72247, abs=1e-5) and high == 1.0
    assert wilson_interval(0, 0) is None


def test_wilson_interval_the_papers_precision() -> None:
    # 96 of 100: centre = (0.96 + 0.019207) / 1.038415 = 0.94300;
    # half = 1.95996 * sqrt(0.000384 + 0.00009604) / 1.038415 = 1.95996 * 0.021910 / 1.038415
    #      = 0.04135 -> [0.90165, 0.98435].
    low, high = wilson_interval(96, 100) or (0.0, 0.0)
    assert low == pytest.approx(0.90163, abs=1e-4)
    assert high == pytest.approx(0.98434, abs=1e-4)
    assert pytest.approx(1.959964, abs=1e-6) == Z_95


def test_wilson_interval_refuses_impossible_counts() -> None:
    with pytest.raises(ValueError):
        wilson_interval(11, 10)
    with pytest.raises(ValueError):
        wilson_interval(-1, 10)


def test_proportion_describes_itself() -> None:
    assert Proportion(5, 10).describe() == "50.0% [23.7, 76.3] (5/10)"
    assert Proportion(0, 0).describe() == "- (0/0)"
    assert Proportion(0, 0).value is None


def test_confusion_precision_recall_accuracy() -> None:
    # checker ✓ / human ✓: 8, checker ✓ / human ✗: 2, checker ✗ / human ✓: 1, both ✗: 9.
    pairs = [(True, True)] * 8 + [(True, False)] * 2 + [(False, True)] + [(False, False)] * 9
    confusion = Confusion.of(pairs)
    assert (confusion.true_positive, confusion.false_positive) == (8, 2)
    assert (confusion.false_negative, confusion.true_negative) == (1, 9)
    assert confusion.precision == Proportion(8, 10)
    assert confusion.recall == Proportion(8, 9)
    assert confusion.accuracy == Proportion(17, 20)


def test_cohen_kappa_textbook_example() -> None:
    # 50 items: both yes 20, A yes/B no 5, A no/B yes 10, both no 15.
    # p_o = 35/50 = 0.7; A says yes 25/50, B says yes 30/50:
    # p_e = 0.5 * 0.6 + 0.5 * 0.4 = 0.5; kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4.
    first = [True] * 20 + [True] * 5 + [False] * 10 + [False] * 15
    second = [True] * 20 + [False] * 5 + [True] * 10 + [False] * 15
    assert cohen_kappa(first, second) == pytest.approx(0.4)


def test_cohen_kappa_perfect_chance_and_undefined() -> None:
    assert cohen_kappa([True, False, True], [True, False, True]) == pytest.approx(1.0)
    # Opposite on every item with balanced labels: p_o = 0, p_e = 0.5, kappa = -1.
    assert cohen_kappa([True, False], [False, True]) == pytest.approx(-1.0)
    # Both annotators say "correct" to everything: chance agreement is 1, kappa is 0/0.
    assert cohen_kappa([True, True], [True, True]) is None
    assert cohen_kappa([], []) is None
    with pytest.raises(ValueError):
        cohen_kappa([True], [])


def test_cohen_kappa_three_categories() -> None:
    # A: x x y z, B: x y y z -> p_o = 3/4; A: x 1/2, y 1/4, z 1/4; B: x 1/4, y 1/2, z 1/4;
    # p_e = 1/8 + 1/8 + 1/16 = 5/16; kappa = (12/16 - 5/16) / (11/16) = 7/11.
    kappa = cohen_kappa(list("xxyz"), list("xyyz"))
    assert kappa is not None and math.isclose(kappa, 7 / 11)
