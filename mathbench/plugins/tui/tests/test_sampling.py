"""Drawing verification samples: reproducible, proportional when stratified."""

from __future__ import annotations

from datetime import datetime

from mathbench.plugins.tui.sampling import allocate, draw_sample
from mathbench.results import Population, RunInfo
from mathbench.results.annotations import SampleSpec

RUN = RunInfo("run1", datetime(2026, 1, 1), "cmath", "dev", "b", "m", "raw", "cmath", "key", 30)


def population(grades: dict[int, int]) -> list[Population]:
    made: list[Population] = []
    for grade, count in grades.items():
        for _ in range(count):
            n = len(made)
            made.append(
                Population(
                    n, "cmath", f"p{n}", "t", "1", {"grade": grade}, "r", n % 2 == 0, "correct",
                    (), "",
                )
            )  # fmt: skip
    return made


def test_allocate_is_proportional_with_largest_remainders() -> None:
    # 10 of (50, 30, 20): quotas 5, 3, 2 exactly.
    assert allocate({"a": 50, "b": 30, "c": 20}, 10) == {"a": 5, "b": 3, "c": 2}
    # 10 of (1, 1, 1): quotas 3.33 each; the remainder 1 goes to the first listed.
    assert allocate({"a": 1, "b": 1, "c": 1}, 2) == {"a": 1, "b": 1, "c": 0}
    # 4 of (5, 3, 2): quotas 2.0, 1.2, 0.8 -> floors 2, 1, 0 and the one left goes to c (0.8).
    assert allocate({"a": 5, "b": 3, "c": 2}, 4) == {"a": 2, "b": 1, "c": 1}
    assert allocate({"a": 2, "b": 1}, 10) == {"a": 2, "b": 1}


def test_the_same_spec_draws_the_same_items() -> None:
    items = population({1: 10, 2: 10, 3: 10})
    spec = SampleSpec("run1", "cmath", size=12, seed=7)
    first = [i.problem_id for i in draw_sample(spec, RUN, items)]
    assert first == [i.problem_id for i in draw_sample(spec, RUN, items)]
    other = SampleSpec("run1", "cmath", size=12, seed=8)
    assert first != [i.problem_id for i in draw_sample(other, RUN, items)]
    assert len(set(first)) == 12
    assert spec.sample_id != other.sample_id


def test_stratified_sample_follows_the_groups() -> None:
    items = population({1: 20, 2: 10, 3: 10})
    spec = SampleSpec("run1", "cmath", size=8, seed=0, stratify="grade")
    drawn = draw_sample(spec, RUN, items)
    grades = [int(str(i.annotations["grade"])) for i in drawn]
    assert (grades.count(1), grades.count(2), grades.count(3)) == (4, 2, 2)
    assert [i.position for i in drawn] == list(range(8))
    assert grades != sorted(grades)  # shuffled, so that grades do not come in blocks


def test_a_sample_larger_than_the_run_takes_every_response() -> None:
    items = population({1: 3})
    assert len(draw_sample(SampleSpec("run1", "cmath", size=200), RUN, items)) == 3
