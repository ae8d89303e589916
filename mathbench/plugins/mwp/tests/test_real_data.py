"""Math23K, SVAMP and ASDiv on the real, pinned files: the counts and quirks that the data's
SOURCE.md files state. Skipped, with the reason, where the files are not available."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from mathbench.plugins.mwp.benchmarks import AsdivBenchmark, Math23kBenchmark, SvampBenchmark
from mathbench.types import Problem

pytestmark = pytest.mark.usefixtures("real_data")


def _unique(problems: list[Problem]) -> list[Problem]:
    assert len({p.id for p in problems}) == len(problems), "problem ids are not unique"
    return problems


def test_math23k_test_split_has_1000_problems_with_golden_answers_as_written() -> None:
    problems = _unique(list(Math23kBenchmark().problems("test")))

    assert len(problems) == 1000
    assert (problems[0].id, problems[0].golden) == ("35", "880")
    assert problems[0].annotations == {"equation": "x=44*20"}
    forms = Counter(re.sub(r"\d+", "N", p.golden) for p in problems)
    assert forms["((N)/(N))"] == 70
    assert forms["N((N)/(N))"] == 8
    assert forms["N%"] + forms["N.N%"] == 29
    assert all(p.annotations["equation"].startswith("x=") for p in problems)  # type: ignore[union-attr]


def test_svamp_has_1000_problems_with_whole_answers_and_sentences() -> None:
    problems = _unique(list(SvampBenchmark().problems("test")))

    assert len(problems) == 1000
    first = problems[0]
    assert (first.id, first.golden) == ("chal-1", "51")
    assert first.text == (
        "Each pack of dvds costs 76 dollars. If there is a discount of 25 dollars on each pack. "
        "How much do you have to pay to buy each pack?"
    )
    assert all(re.fullmatch(r"\d+", p.golden) for p in problems)
    assert all(re.search(r"[.?!] [A-Z]", p.text) for p in problems)
    assert Counter(p.annotations["type"] for p in problems) == {
        "Subtraction": 531,
        "Addition": 195,
        "Common-Division": 166,
        "Multiplication": 108,
    }


def test_asdiv_has_2305_problems_by_grade_with_90_multi_answer_ones_kept() -> None:
    problems = _unique(list(AsdivBenchmark().problems("test")))

    assert len(problems) == 2305
    assert (problems[0].id, problems[-1].id) == ("nluds-0001", "nluds-2305")
    grades = Counter(p.annotations["grade"] for p in problems)
    assert [grades[grade] for grade in range(1, 7)] == [195, 340, 808, 301, 146, 515]
    multi = [p for p in problems if p.annotations["multi_answer"]]
    assert len(multi) == 90
    assert all(";" in p.golden for p in multi)
    assert Counter(p.annotations["solution_type"] for p in multi) == {
        "Algebra-2": 62,
        "Algebra-1": 21,
        "Geometry": 7,
    }
    assert problems[0].golden == "9 (apples)"


def test_asdiv_answers_that_are_not_numbers_are_marked() -> None:
    problems = list(AsdivBenchmark().problems("test"))

    other = [p for p in problems if not p.annotations["numeric_answer"]]
    assert len(other) == 122
    assert not any(p.annotations["multi_answer"] for p in other)
    goldens = {p.golden for p in other}
    assert {"Mrs. Hilt", "Yes", "They are equal", "3:30 p.m."} <= goldens
    assert all(not re.fullmatch(r"\d+ \([^()]*\)", golden) for golden in goldens)


def test_asdiv_texts_are_clean_and_solution_types_spelled_once() -> None:
    problems = list(AsdivBenchmark().problems("test"))

    assert all(p.text == p.text.strip() for p in problems)
    continued = [p for p in problems if re.search(r", [a-z]", p.text)]
    assert len(continued) >= 800  # questions that complete the body's sentence
    types = Counter(p.annotations["solution_type"] for p in problems)
    assert len(types) == 24
    assert (types["Subtraction"], "Substraction" in types) == (453, False)
