"""The MATH benchmark on the real, pinned files: the counts and facts that the data's SOURCE.md
states. Skipped, with the reason, where the files are not available."""

from __future__ import annotations

from collections import Counter

import pytest

from mathbench.plugins.math.benchmarks import MathBenchmark
from mathbench.plugins.math.reading import last_boxed
from mathbench.types import Problem

pytestmark = pytest.mark.usefixtures("real_data")

SUBJECTS = (
    "Algebra",
    "Counting & Probability",
    "Geometry",
    "Intermediate Algebra",
    "Number Theory",
    "Prealgebra",
    "Precalculus",
)


def _counts(problems: list[Problem], key: str) -> list[int]:
    counts = Counter(p.annotations[key] for p in problems)
    assert len(counts) == (len(SUBJECTS) if key == "subject" else 5)
    order = SUBJECTS if key == "subject" else range(1, 6)
    return [counts[value] for value in order]


def test_test_split_has_the_published_subject_and_level_counts() -> None:
    problems = list(MathBenchmark().problems("test"))

    assert len({p.id for p in problems}) == len(problems) == 5000
    assert (problems[0].id, problems[-1].id) == ("test-0000", "test-4999")
    assert _counts(problems, "subject") == [1187, 474, 479, 903, 540, 871, 546]
    assert _counts(problems, "level") == [437, 894, 1131, 1214, 1324]
    assert problems[0].golden == "2"
    # 90 solutions box more than one expression; the last box is the answer.
    several = [p for p in problems if str(p.annotations["solution"]).count("\\boxed{") > 1]
    assert len(several) == 90


def test_math500_has_the_published_subject_and_level_counts() -> None:
    problems = list(MathBenchmark().problems("math500"))

    assert len({p.id for p in problems}) == len(problems) == 500
    assert problems[0].id == "test/precalculus/807.json"
    assert problems[0].golden == "\\left( 3, \\frac{\\pi}{2} \\right)"
    assert _counts(problems, "subject") == [124, 38, 41, 97, 62, 82, 56]
    assert _counts(problems, "level") == [43, 90, 105, 128, 134]


def test_every_math500_answer_is_the_last_box_of_the_same_test_problem() -> None:
    test = {p.annotations["solution"]: p for p in MathBenchmark().problems("test")}
    math500 = list(MathBenchmark().problems("math500"))

    for problem in math500:
        original = test[problem.annotations["solution"]]
        assert original.text == problem.text
        assert original.golden == problem.golden == last_boxed(str(problem.annotations["solution"]))
        assert original.annotations["subject"] == problem.annotations["subject"]
        assert original.annotations["level"] == problem.annotations["level"]
    assert not {p.id for p in math500} & {p.id for p in test.values()}
