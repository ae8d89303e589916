"""How far the answer checker can be trusted: its agreement with human judgements.

The CMATH paper checked its answer extractor by hand on 200 responses and reported 96% precision
and 98% recall. On a sample of that size a point estimate alone says little, so every proportion
here comes with a 95% Wilson score interval, which (unlike the normal approximation) stays inside
[0, 1] and behaves at 0/n and n/n, exactly where a good checker sits. Agreement between two
annotators on the same sample is Cohen's kappa: raw agreement corrected for the agreement their
label frequencies would give by chance.

"Positive" means *judged correct*: precision is the share of responses the checker calls correct
that a human also calls correct; recall is the share of responses a human calls correct that the
checker also calls correct.

Pure functions over counts, so that they are tested against values computed by hand.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

from mathbench.results import Z_95, Proportion, wilson_interval

#: ``Z_95``, ``wilson_interval`` and ``Proportion`` are the core's (one definition, shared with
#: the figures and the HTML report); they stay importable from here for the reviewer's modules.
__all__ = [
    "Z_95",
    "Confusion",
    "Proportion",
    "cohen_kappa",
    "wilson_interval",
]


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


def cohen_kappa(first: Sequence[Hashable], second: Sequence[Hashable]) -> float | None:
    """Cohen's kappa between two annotators' labels of the same items, in the same order.

    None when it is undefined: no items, or both annotators gave every item one and the same
    label (chance agreement is then 1, and kappa is 0/0).
    """
    if len(first) != len(second):
        raise ValueError(f"label lists differ in length: {len(first)} and {len(second)}")
    total = len(first)
    if total == 0:
        return None
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / total
    categories = set(first) | set(second)
    expected = sum(
        (sum(a == c for a in first) / total) * (sum(b == c for b in second) / total)
        for c in categories
    )
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)
