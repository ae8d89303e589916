"""The Math401 benchmark as the plugin registers it, on a small file or the pinned one."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from mathbench.errors import MathbenchError
from mathbench.plugins.math401.benchmarks import DATA_FILES, Math401Benchmark
from mathbench.registry import load_registry


def test_math401_is_registered_through_its_entry_point() -> None:
    registry = load_registry()

    benchmark = registry.benchmark("math401")

    assert isinstance(benchmark, Math401Benchmark)
    assert registry.components["benchmark"]["math401"].plugin.name == "math401"
    assert (benchmark.splits, benchmark.default_split) == (("test",), "test")
    assert (benchmark.default_checker, benchmark.default_template) == ("numeric-1e-3", "raw")
    assert (benchmark.report_by, benchmark.pass_by, benchmark.extra) == (
        ("group",),
        None,
        "math401",
    )


def test_unknown_split_is_an_error_before_any_data_is_read() -> None:
    expected = "has no split 'dev'; choose one of: test"
    with pytest.raises(MathbenchError, match=re.escape(expected)):
        Math401Benchmark().problems("dev")


def test_data_file_is_pinned_to_a_commit_over_https() -> None:
    (file,) = DATA_FILES.values()
    pinned = (
        r"https://raw\.githubusercontent\.com/GanjinZero/math401-llm/[0-9a-f]{40}/math401\.json"
    )
    assert re.fullmatch(pinned, file.url)
    assert (file.benchmark_dir, file.filename) == ("math401", "math401.json")


def test_problems_come_from_the_file_under_the_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = [json.dumps({"query": f"{i}*1=", "response": str(i)}) + "\n" for i in range(401)]
    content = "".join(lines).encode()
    (tmp_path / "math401").mkdir()
    (tmp_path / "math401" / "math401.json").write_bytes(content)
    monkeypatch.setenv("MATHBENCH_DATA_DIR", str(tmp_path))
    pinned = replace(DATA_FILES["test"], sha256=hashlib.sha256(content).hexdigest())

    problems = list(Math401Benchmark({"test": pinned}).problems("test"))

    assert [(p.id, p.text, p.golden) for p in problems[:2]] == [
        ("test-000", "0*1=", "0"),
        ("test-001", "1*1=", "1"),
    ]


def test_a_file_other_than_the_pinned_one_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "math401").mkdir()
    (tmp_path / "math401" / "math401.json").write_text('{"query": "1+1=", "response": "2"}\n')
    monkeypatch.setenv("MATHBENCH_DATA_DIR", str(tmp_path))

    with pytest.raises(MathbenchError) as raised:
        Math401Benchmark().problems("test")

    assert str(tmp_path / "math401" / "math401.json") in str(raised.value)
    assert DATA_FILES["test"].sha256 in str(raised.value)
