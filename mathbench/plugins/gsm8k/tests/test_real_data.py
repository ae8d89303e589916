"""The GSM8K benchmark on the real, pinned file: the counts and quirks that the data's SOURCE.md
states. Skipped, with the reason, where the file is not available."""

from __future__ import annotations

import re

import pytest

from mathbench.plugins.gsm8k.benchmarks import Gsm8kBenchmark

pytestmark = pytest.mark.usefixtures("real_data")


def test_test_split_has_1319_problems_with_unique_ids_and_integer_answers() -> None:
    problems = list(Gsm8kBenchmark().problems("test"))

    assert len(problems) == 1319
    assert len({p.id for p in problems}) == 1319
    assert (problems[0].id, problems[-1].id) == ("test-0000", "test-1318")
    assert problems[0].text.startswith("Janet\u2019s ducks lay 16 eggs per day.")
    assert problems[0].golden == "18"
    assert all(re.fullmatch(r"-?\d+", p.golden) for p in problems)
    assert sum(p.golden.startswith("-") for p in problems) == 2


def test_solutions_are_clean_worked_text() -> None:
    problems = list(Gsm8kBenchmark().problems("test"))
    solutions = [str(p.annotations["solution"]) for p in problems]

    assert solutions[0] == (
        "Janet sells 16 - 3 - 4 = 9 duck eggs a day.\n"
        "She makes 9 * 2 = $18 every day at the farmer\u2019s market."
    )
    assert not any("<<" in s or ">>" in s or "####" in s for s in solutions)
    assert all(s.strip() == s and s for s in solutions)
