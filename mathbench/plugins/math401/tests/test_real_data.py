"""The Math401 benchmark on the real, pinned file: the counts and quirks that the data's
SOURCE.md states. Skipped, with the reason, where the file is not available."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from mathbench.plugins.math401.benchmarks import Math401Benchmark

pytestmark = pytest.mark.usefixtures("real_data")


def test_401_problems_in_euler_plus_16_groups_of_25() -> None:
    problems = list(Math401Benchmark().problems("test"))

    assert len({p.id for p in problems}) == len(problems) == 401
    groups = Counter(p.annotations["group"] for p in problems)
    assert groups == {0: 1} | dict.fromkeys(range(1, 17), 25)
    assert (problems[0].text, problems[0].golden) == ("e^(iπ)+1=", "0")


def test_group_boundaries_match_the_readme() -> None:
    problems = list(Math401Benchmark().problems("test"))

    def first(group: int) -> str:
        return next(p.text for p in problems if p.annotations["group"] == group)

    assert first(1) == "1+1="
    assert first(4) == "221034337578+352470528397="
    assert first(11) == "2**3="
    assert first(14) == "( 44 + 97) * 61 * 65="
    assert first(15) == "sin(-0.5π)="
    assert first(16) == "log 2(71)="


def test_texts_are_stripped_expressions_and_goldens_numbers() -> None:
    problems = list(Math401Benchmark().problems("test"))

    assert all(p.text == p.text.strip() and p.text.endswith("=") for p in problems)
    assert all(re.fullmatch(r"-?\d+(\.\d+)?", p.golden) for p in problems)
    # The 8 queries that appear in both group 11 and group 13 stay two problems each.
    texts = Counter(p.text for p in problems)
    repeated = {text for text, count in texts.items() if count > 1}
    assert repeated == {"3^3=", "1**3=", "7^4=", "8**4=", "3^4=", "6**3=", "e+pi=", "e-pi="}
