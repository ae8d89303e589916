"""Every staged data file against its own benchmark's checker, through the conformance kit.

For each built-in benchmark and split: ids unique and stable, annotations typed, and every golden
answer, written back the way a model concludes, judged correct by the benchmark's default checker.
A golden answer its own checker refuses would make a perfect model score below 100%: a silent
wrong number in every report of that benchmark.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mathbench import Problem
from mathbench.registry import load_registry
from mathbench.testing import check_benchmark

BUILT_IN = [
    "cmath",
    "cmath-distractor",
    "gsm8k",
    "math",
    "math401",
    "math23k",
    "svamp",
    "asdiv",
]


def boxed(problem: Problem) -> str:
    return f"The final answer is $\\boxed{{{problem.golden}}}$."


@pytest.mark.parametrize("name", BUILT_IN)
def test_golden_answers_pass_their_own_checker(name: str, data_dir: Path) -> None:
    registry = load_registry()
    benchmark = registry.benchmark(name)
    if benchmark.default_checker == "symbolic":
        check_benchmark(benchmark, registry=registry, response_for=boxed)
    else:
        check_benchmark(benchmark, registry=registry)
