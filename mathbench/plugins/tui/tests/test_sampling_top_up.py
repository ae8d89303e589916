"""Topping up a sample drawn from an unfinished run: the stored items stay, the new ones come
from answers not yet drawn, the sample reaches its asked size, and strata are filled first."""

from __future__ import annotations

from mathbench.plugins.tui.sampling import draw_sample, top_up
from mathbench.plugins.tui.tests.test_sampling import RUN, population
from mathbench.results.annotations import SampleSpec


def test_a_sample_drawn_early_is_topped_up_to_its_size() -> None:
    full = population({1: 10, 2: 10})
    spec = SampleSpec("run1", "cmath", size=10, seed=3)
    early = draw_sample(spec, RUN, full[:4])
    assert len(early) == 4
    more = top_up(spec, RUN, full, early)
    assert len(more) == 6 and [i.position for i in more] == list(range(4, 10))
    ids = [i.problem_id for i in early + more]
    assert len(set(ids)) == 10
    assert more == top_up(spec, RUN, full, early)  # reproducible
    assert top_up(spec, RUN, full, early + more) == []


def test_a_stratified_top_up_fills_the_short_groups_first() -> None:
    full = population({1: 10, 2: 10})
    spec = SampleSpec("run1", "cmath", size=10, seed=0, stratify="grade")
    early = draw_sample(spec, RUN, full[:10])  # only grade 1 had answers
    assert {i.annotations["grade"] for i in early} == {1}
    held = early[:5]
    more = top_up(spec, RUN, full, held)
    assert [i.annotations["grade"] for i in more] == [2] * 5
