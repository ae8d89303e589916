"""The GSM8K benchmark as the plugin registers it, on a small file or the pinned one."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from pathlib import Path

import pytest

from mathbench.errors import MathbenchError
from mathbench.plugins.gsm8k.benchmarks import DATA_FILES, Gsm8kBenchmark
from mathbench.registry import load_registry


def test_gsm8k_is_registered_through_its_entry_point() -> None:
    registry = load_registry()

    benchmark = registry.benchmark("gsm8k")

    assert isinstance(benchmark, Gsm8kBenchmark)
    assert registry.components["benchmark"]["gsm8k"].plugin.name == "gsm8k"
    assert (benchmark.splits, benchmark.default_split) == (("test",), "test")
    assert (benchmark.default_checker, benchmark.default_template) == ("numeric", "raw")
    assert (benchmark.report_by, benchmark.pass_by, benchmark.extra) == ((), None, "gsm8k")
    assert benchmark.fewshot_shots == 8


def test_unknown_split_is_an_error_before_any_data_is_read() -> None:
    expected = "has no split 'train'; choose one of: test"
    with pytest.raises(MathbenchError, match=re.escape(expected)):
        Gsm8kBenchmark().problems("train")


def test_data_file_is_pinned_to_a_commit_over_https() -> None:
    (file,) = DATA_FILES.values()
    pinned = r"https://raw\.githubusercontent\.com/openai/grade-school-math/[0-9a-f]{40}/.*"
    assert re.fullmatch(pinned, file.url)
    assert (file.benchmark_dir, file.filename) == ("gsm8k", "test.jsonl")


def test_problems_come_from_the_file_under_the_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = b'{"question": "Q?", "answer": "2 + 2 = <<2+2=4>>4\\n#### 4"}\n'
    (tmp_path / "gsm8k").mkdir()
    (tmp_path / "gsm8k" / "test.jsonl").write_bytes(content)
    monkeypatch.setenv("MATHBENCH_DATA_DIR", str(tmp_path))
    pinned = replace(DATA_FILES["test"], sha256=hashlib.sha256(content).hexdigest())

    (problem,) = Gsm8kBenchmark({"test": pinned}).problems("test")

    assert (problem.id, problem.text, problem.golden) == ("test-0000", "Q?", "4")


def test_a_file_other_than_the_pinned_one_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "gsm8k").mkdir()
    (tmp_path / "gsm8k" / "test.jsonl").write_text('{"question": "Q?", "answer": "#### 4"}\n')
    monkeypatch.setenv("MATHBENCH_DATA_DIR", str(tmp_path))

    with pytest.raises(MathbenchError) as raised:
        Gsm8kBenchmark().problems("test")

    assert str(tmp_path / "gsm8k" / "test.jsonl") in str(raised.value)
    assert DATA_FILES["test"].sha256 in str(raised.value)
