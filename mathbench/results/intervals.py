"""Confidence intervals for proportions: accuracy per group, a checker's precision and recall.

A benchmark group is often small (a CMATH grade at ``--limit 10``, a human verification sample of
200), so a point estimate alone says little. The 95% Wilson score interval is the one used
everywhere in mathbench (the figures' error bars, the HTML report, the reviewer's statistics):
unlike the normal approximation it stays inside [0, 1] and behaves at 0/n and n/n, exactly where a
good model on an easy grade, or a good checker, sits. One definition, so that a figure and the
reviewer never disagree about the same counts.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

#: The two-sided 95% quantile of the standard normal distribution.
Z_95 = 1.959963984540054


def wilson_interval(successes: int, trials: int, z: float = Z_95) -> tuple[float, float] | None:
    """The Wilson score interval for ``successes`` out of ``trials``; None when there are none."""
    if trials < 0 or not 0 <= successes <= trials:
        raise ValueError(f"need 0 <= successes <= trials, got {successes} of {trials}")
    if trials == 0:
        return None
    p = successes / trials
    z2 = z * z
    denominator = 1 + z2 / trials
    centre = (p + z2 / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials)) / denominator
    # At 0/n the lower bound is exactly 0 and at n/n the upper exactly 1; floating point would
    # leave 1e-17 of noise there.
    low = 0.0 if successes == 0 else centre - half
    high = 1.0 if successes == trials else centre + half
    return low, high


@dataclass(frozen=True)
class Proportion:
    """``successes`` out of ``trials``, with its value and 95% Wilson interval: a group's
    accuracy, a checker's precision or recall against human judgements."""

    successes: int
    trials: int

    @property
    def value(self) -> float | None:
        return self.successes / self.trials if self.trials else None

    @property
    def interval(self) -> tuple[float, float] | None:
        return wilson_interval(self.successes, self.trials)

    def describe(self) -> str:
        """``"96.0% [91.6, 98.2] (96/100)"``, or ``"- (0/0)"`` when nothing is counted yet."""
        value, interval = self.value, self.interval
        if value is None or interval is None:
            return f"- ({self.successes}/{self.trials})"
        low, high = interval
        return f"{value:.1%} [{low * 100:.1f}, {high * 100:.1f}] ({self.successes}/{self.trials})"


@dataclass(frozen=True)
class Confusion:
    """The checker's verdicts against human judgements, "correct" being the positive class.

    ``true_positive``: both say correct; ``false_positive``: the checker says correct, the human
    says not; ``false_negative``: the human says correct, the checker says not; ``true_negative``:
    both say not correct.
    """

    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    true_negative: int = 0

    @classmethod
    def of(cls, pairs: Iterable[tuple[bool, bool]]) -> Confusion:
        """From ``(checker_correct, human_correct)`` pairs."""
        counts = {(True, True): 0, (True, False): 0, (False, True): 0, (False, False): 0}
        for checker, human in pairs:
            counts[(bool(checker), bool(human))] += 1
        return cls(
            true_positive=counts[(True, True)],
            false_positive=counts[(True, False)],
            false_negative=counts[(False, True)],
            true_negative=counts[(False, False)],
        )

    @property
    def total(self) -> int:
        return self.true_positive + self.false_positive + self.false_negative + self.true_negative

    @property
    def precision(self) -> Proportion:
        return Proportion(self.true_positive, self.true_positive + self.false_positive)

    @property
    def recall(self) -> Proportion:
        return Proportion(self.true_positive, self.true_positive + self.false_negative)

    @property
    def accuracy(self) -> Proportion:
        return Proportion(self.true_positive + self.true_negative, self.total)
