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

from collections.abc import Hashable, Sequence

from mathbench.results import Z_95, Confusion, Proportion, wilson_interval

#: ``Z_95``, ``wilson_interval``, ``Proportion`` and ``Confusion`` are the core's (one definition,
#: shared with the figures, the HTML report and ``mathbench report``); they stay importable from
#: here for the reviewer's modules.
__all__ = [
    "Z_95",
    "Confusion",
    "Proportion",
    "cohen_kappa",
    "wilson_interval",
]


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
