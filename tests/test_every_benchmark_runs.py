"""`mathbench run` on every built-in benchmark with its default checker and template, for real:
SmolLM2 through llama.cpp on two problems each, into one DuckDB file, and each report shows the
benchmark's own breakdown."""

from __future__ import annotations

from pathlib import Path

import pytest

import mathbench
from mathbench.registry import load_registry

pytest.importorskip("llama_cpp", reason="needs the llama-cpp extra: mathbench[llama-cpp]")

pytestmark = pytest.mark.slow

SPLITS = [
    ("cmath", "test"),
    ("cmath-distractor", "test"),
    ("gsm8k", "test"),
    ("math", "test"),
    ("math", "math500"),
    ("math401", "test"),
    ("math23k", "test"),
    ("svamp", "test"),
    ("asdiv", "test"),
]


@pytest.mark.parametrize(("name", "split"), SPLITS)
def test_run_with_defaults(name: str, split: str, data_dir: Path, tmp_path: Path) -> None:
    benchmark = load_registry().benchmark(name)
    result = mathbench.evaluate(
        benchmark=name,
        model="llama-cpp:smollm2",
        split=split,
        limit=2,
        max_tokens=16,
        db=tmp_path / "all.duckdb",
        progress=False,
    )
    assert (result.total, result.generated, result.errored) == (2, 2, 0)
    report = result.report()
    assert report.config["checker"] == benchmark.default_checker
    assert report.config["template"] == benchmark.default_template
    assert report.overall.scored == 2
    assert set(report.breakdowns) == set(benchmark.report_by)
    if benchmark.report_cross:
        assert report.cross == benchmark.report_cross and report.cross_tallies
