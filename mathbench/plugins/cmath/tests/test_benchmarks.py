"""The two CMATH benchmarks as the plugin registers them, on small files or the pinned ones."""

from __future__ import annotations

import hashlib
import json
import re
import socket
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import pluggy
import pytest

import mathbench.plugins.cmath
from mathbench import hookspecs
from mathbench.benchmark import Benchmark
from mathbench.datafiles import DataFile
from mathbench.errors import MathbenchError
from mathbench.plugins.cmath.benchmarks import DATA_FILES, CmathBenchmark, CmathDistractorBenchmark


def _registered() -> dict[str, Benchmark]:
    manager = pluggy.PluginManager("mathbench")
    manager.add_hookspecs(hookspecs)
    manager.register(mathbench.plugins.cmath)
    found: list[Benchmark] = []
    manager.hook.register_benchmarks(register=found.append)
    return {benchmark.name: benchmark for benchmark in found}


def test_register_benchmarks_registers_cmath_and_the_distractor_set() -> None:
    benchmarks = _registered()

    assert set(benchmarks) == {"cmath", "cmath-distractor"}
    cmath = benchmarks["cmath"]
    assert (cmath.splits, cmath.default_split) == (("dev", "test"), "test")
    assert (cmath.default_checker, cmath.default_template) == ("numeric", "raw")
    assert cmath.report_by == ("grade", "reasoning_step", "num_digits")
    assert (cmath.pass_by, cmath.pass_mark) == ("grade", 0.6)
    distractor = benchmarks["cmath-distractor"]
    assert (distractor.splits, distractor.default_split) == (("test",), "test")
    assert distractor.default_checker == "numeric"
    assert distractor.report_by == ("distractor", "grade")
    assert all(not benchmark.missing_requirements() for benchmark in benchmarks.values())


@pytest.mark.parametrize("benchmark", [CmathBenchmark(), CmathDistractorBenchmark()])
def test_unknown_split_is_an_error_before_any_data_is_read(benchmark: Benchmark) -> None:
    with pytest.raises(MathbenchError, match=re.escape("has no split 'train'; choose one of")):
        benchmark.problems("train")


def test_data_files_are_pinned_to_commits_over_https() -> None:
    for file in DATA_FILES.values():
        for url in (file.url, *file.mirrors):
            assert url.startswith("https://")
            assert re.search(r"/[0-9a-f]{40}/", url), f"{url} is not pinned to a commit"
        assert file.benchmark_dir == "cmath"


def _fixture_files(folder: Path) -> Mapping[str, DataFile]:
    """Tiny stand-ins for the three files, pinned by their own checksums."""
    dev = [{"grade": 1, "input": "甲题?", "golden": "1", "reasoning_step": 1, "num_digits": 1}]
    test = [
        {"grade": 2, "question": "乙题?", "golden": "2", "reasoning_step": 1, "num_digits": 1},
        {"grade": 1, "question": "甲题?", "golden": "1", "reasoning_step": 1, "num_digits": 1},
    ]
    distractor = [
        {"input": "甲题?" if k == 0 else "无关 " * k + "甲题?", "original": "甲题?", "golden": "1"}
        | {"distractor": k}
        for k in range(6)
    ]
    (folder / "cmath").mkdir(parents=True)
    files = {}
    for key, records in (("dev", dev), ("test", test), ("distractor", distractor)):
        pinned = DATA_FILES[key]
        content = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()
        (folder / "cmath" / pinned.filename).write_bytes(content)
        files[key] = replace(pinned, sha256=hashlib.sha256(content).hexdigest(), size=len(content))
    return files


def test_cmath_reads_each_split_from_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = _fixture_files(tmp_path / "data")
    monkeypatch.setenv("MATHBENCH_DATA_DIR", str(tmp_path / "data"))
    benchmark = CmathBenchmark(files)

    assert [p.id for p in benchmark.problems("dev")] == ["dev-0000"]
    assert [p.id for p in benchmark.problems("test")] == ["test-0000", "test-0001"]


def test_distractor_source_ids_prefer_the_test_split(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = _fixture_files(tmp_path / "data")
    monkeypatch.setenv("MATHBENCH_DATA_DIR", str(tmp_path / "data"))

    problems = list(CmathDistractorBenchmark(files).problems("test"))

    assert [p.id for p in problems] == [f"d000-{k}" for k in range(6)]
    assert {p.annotations["source_id"] for p in problems} == {"test-0001"}


def test_a_file_other_than_the_pinned_one_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fixture_files(tmp_path / "data")
    monkeypatch.setenv("MATHBENCH_DATA_DIR", str(tmp_path / "data"))

    with pytest.raises(MathbenchError) as raised:
        CmathBenchmark().problems("test")

    message = str(raised.value)
    assert str(tmp_path / "data" / "cmath" / "cmath_test.jsonl") in message
    assert DATA_FILES["test"].sha256 in message


def test_an_unreachable_source_is_an_error_naming_the_offline_way(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    with socket.socket() as probe:  # a port that nothing listens on once the probe closes
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    unreachable: dict[str, Any] = {"url": f"http://127.0.0.1:{port}/x.jsonl", "mirrors": ()}
    files = {key: replace(file, **unreachable) for key, file in DATA_FILES.items()}

    with pytest.raises(MathbenchError, match="MATHBENCH_DATA_DIR"):
        CmathBenchmark(files).problems("dev")
