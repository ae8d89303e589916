"""The CMATH benchmarks on the real, pinned files: the counts and facts that the data's SOURCE.md
and the paper state. Skipped, with the reason, where the files are not available."""

from __future__ import annotations

from collections import Counter

import pytest

from mathbench.plugins.cmath.benchmarks import CmathBenchmark, CmathDistractorBenchmark
from mathbench.types import Problem

pytestmark = pytest.mark.usefixtures("real_data")


def _by_id(problems: list[Problem]) -> dict[str, Problem]:
    by_id = {problem.id: problem for problem in problems}
    assert len(by_id) == len(problems), "problem ids are not unique"
    return by_id


def test_dev_has_100_problems_per_grade() -> None:
    dev = list(CmathBenchmark().problems("dev"))

    assert len(_by_id(dev)) == 600
    assert Counter(p.annotations["grade"] for p in dev) == dict.fromkeys(range(1, 7), 100)
    assert dev[0].id == "dev-0000"
    assert dev[0].text == "芳芳买了一本书有99页，看了90页，她还剩多少页没有看？"


def test_test_has_the_published_per_grade_counts() -> None:
    test = list(CmathBenchmark().problems("test"))

    assert len(_by_id(test)) == 1098
    grades = Counter(p.annotations["grade"] for p in test)
    assert [grades[grade] for grade in range(1, 7)] == [164, 253, 237, 120, 126, 198]
    assert (test[0].golden, test[-1].id) == ("18", "test-1097")


def test_test_quirks_are_handled() -> None:
    test = _by_id(list(CmathBenchmark().problems("test")))

    assert test["test-0904"].text == test["test-0904"].text.strip()
    assert test["test-0904"].text.startswith("给一个正方体")
    # The duplicate problem stays two problems, as the paper counts it.
    assert test["test-0943"].text == test["test-0961"].text
    assert all(p.golden == p.golden.strip() and p.golden for p in test.values())


def test_annotations_are_integers_in_their_documented_ranges() -> None:
    problems = [*CmathBenchmark().problems("dev"), *CmathBenchmark().problems("test")]

    steps = {p.annotations["reasoning_step"] for p in problems}
    digits = {p.annotations["num_digits"] for p in problems}
    assert steps == set(range(1, 6))
    assert digits == set(range(1, 9))


def test_distractor_set_is_60_originals_by_6_counts_with_derived_grades() -> None:
    problems = list(CmathDistractorBenchmark().problems("test"))

    assert len(_by_id(problems)) == 360
    assert Counter(p.annotations["distractor"] for p in problems) == dict.fromkeys(range(6), 60)
    for row, problem in enumerate(problems):
        assert problem.annotations["grade"] == row // 60 + 1
        assert problem.annotations["original_id"] == f"d{row // 6:03d}-0"
        assert problem.id == f"d{row // 6:03d}-{row % 6}"


def test_distractor_originals_are_traced_to_dev_and_test() -> None:
    problems = list(CmathDistractorBenchmark().problems("test"))
    regular = _by_id([*CmathBenchmark().problems("test"), *CmathBenchmark().problems("dev")])

    originals = [p for p in problems if p.annotations["distractor"] == 0]
    sources = {p.id: p.annotations.get("source_id") for p in originals}
    assert sum(source is not None for source in sources.values()) == 58
    assert sources["d012-0"] == "test-0318"  # in both splits: the test id wins
    for original in originals:
        source_id = sources[original.id]
        if source_id is not None:
            source = regular[str(source_id)]
            assert source.text == original.text
            assert source.annotations["grade"] == original.annotations["grade"]
