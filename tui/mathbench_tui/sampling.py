"""Drawing the verification sample: seeded, reproducible, optionally stratified.

The same spec (run, checker, size, seed, stratification) over the same responses always draws the
same items in the same order, so that annotators who choose the same settings judge the same
responses and can be compared with Cohen's kappa. With ``stratify`` (grade, say) the sample is
allocated to the groups in proportion to their size (largest remainders), so that it estimates the
checker's precision and recall over the run as a whole while no group is left out by chance.
The items are shuffled, so that an annotator does not see all of one grade, or all of the
checker's "correct" calls, in a row.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from mathbench.results import Population, RunInfo
from mathbench.results.annotations import SampleItem, SampleSpec


def allocate(group_sizes: dict[str, int], size: int) -> dict[str, int]:
    """How many to draw from each group: proportional to its size, rounded by largest
    remainder (ties to the group listed first), never more than the group holds."""
    total = sum(group_sizes.values())
    if size >= total:
        return dict(group_sizes)
    quotas = {group: size * n / total for group, n in group_sizes.items()}
    taken = {group: int(quota) for group, quota in quotas.items()}
    order = sorted(group_sizes, key=lambda group: -(quotas[group] - taken[group]))
    for group in order[: size - sum(taken.values())]:
        taken[group] += 1
    return taken


def draw_sample(
    spec: SampleSpec, run: RunInfo, population: Sequence[Population]
) -> list[SampleItem]:
    """The items of ``spec`` drawn from the run's scored responses (see the module docstring)."""
    rng = random.Random(spec.seed)
    if spec.stratify is None:
        chosen = rng.sample(list(population), min(spec.size, len(population)))
    else:
        groups: dict[str, list[Population]] = {}
        for item in population:
            groups.setdefault(str(item.annotations.get(spec.stratify)), []).append(item)
        counts = allocate({group: len(items) for group, items in groups.items()}, spec.size)
        chosen = []
        for group, items in groups.items():
            chosen.extend(rng.sample(items, counts[group]))
        rng.shuffle(chosen)
    return [
        SampleItem(
            position=position,
            generation_key=run.generation_key,
            benchmark=item.benchmark,
            problem_id=item.problem_id,
            sample_index=0,
            text=item.text,
            golden=item.golden,
            response=item.response,
            annotations=item.annotations,
            checker_correct=item.correct,
            checker_outcome=item.outcome,
            candidates=item.candidates,
            reason=item.reason,
        )
        for position, item in enumerate(chosen)
    ]
