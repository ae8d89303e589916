"""Drawing the verification sample: seeded, reproducible, optionally stratified.

The same spec (run, checker, size, seed, stratification) over the same responses always draws the
same items in the same order, so that annotators who choose the same settings judge the same
responses and can be compared with Cohen's kappa. With ``stratify`` (grade, say) the sample is
allocated to the groups in proportion to their size (largest remainders), so that it estimates the
checker's precision and recall over the run as a whole while no group is left out by chance.
The items are shuffled, so that an annotator does not see all of one grade, or all of the
checker's "correct" calls, in a row.

A sample drawn while its run is still writing holds only the answers there were; ``top_up`` later
draws the missing items from the answers that have arrived since, appended after the stored ones
(which never change, so judgements already made stay on the same responses). Its seed is the
spec's seed and the number of items held, so the same top-up of the same sample draws the same
items.
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
    return _items(run, chosen, start=0)


def top_up(
    spec: SampleSpec,
    run: RunInfo,
    population: Sequence[Population],
    held: Sequence[SampleItem],
) -> list[SampleItem]:
    """Up to ``spec.size - len(held)`` more items from the answers not in ``held``; stratified
    towards the allocation the whole sample would have now (groups short of their share first,
    then at random from what is left)."""
    missing = spec.size - len(held)
    taken = {item.problem_id for item in held}
    fresh = [item for item in population if item.problem_id not in taken]
    if missing <= 0 or not fresh:
        return []
    rng = random.Random(spec.seed * 1_000_003 + len(held))
    if spec.stratify is None:
        chosen = rng.sample(fresh, min(missing, len(fresh)))
    else:
        key = spec.stratify
        groups: dict[str, list[Population]] = {}
        for item in population:
            groups.setdefault(str(item.annotations.get(key)), []).append(item)
        wanted = allocate({group: len(items) for group, items in groups.items()}, spec.size)
        have: dict[str, int] = {}
        for drawn in held:
            group = str(drawn.annotations.get(key))
            have[group] = have.get(group, 0) + 1
        chosen = []
        for group, items in groups.items():
            left = [item for item in items if item.problem_id not in taken]
            need = max(0, wanted[group] - have.get(group, 0))
            chosen.extend(rng.sample(left, min(need, len(left), missing - len(chosen))))
        picked = {item.problem_id for item in chosen}
        rest = [item for item in fresh if item.problem_id not in picked]
        chosen.extend(rng.sample(rest, min(missing - len(chosen), len(rest))))
        rng.shuffle(chosen)
    return _items(run, chosen, start=len(held))


def _items(run: RunInfo, chosen: Sequence[Population], *, start: int) -> list[SampleItem]:
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
        for position, item in enumerate(chosen, start=start)
    ]
