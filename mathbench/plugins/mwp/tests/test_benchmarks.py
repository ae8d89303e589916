"""The three word problem benchmarks as the plugin registers them, on small files or the pinned
ones."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from mathbench.benchmark import Benchmark
from mathbench.errors import MathbenchError
from mathbench.plugins.mwp.benchmarks import (
    DATA_FILES,
    AsdivBenchmark,
    Math23kBenchmark,
    SvampBenchmark,
)
from mathbench.registry import load_registry

BENCHMARKS = (Math23kBenchmark, SvampBenchmark, AsdivBenchmark)


def test_the_three_benchmarks_are_registered_through_the_mwp_entry_point() -> None:
    registry = load_registry()

    for kind in BENCHMARKS:
        benchmark = registry.benchmark(kind.name)
        assert isinstance(benchmark, kind)
        assert registry.components["benchmark"][kind.name].plugin.name == "mwp"
        assert (benchmark.splits, benchmark.default_split) == (("test",), "test")
        assert (benchmark.default_checker, benchmark.default_template) == ("numeric", "raw")
        assert benchmark.extra == "mwp"


def test_each_benchmark_declares_its_natural_breakdown() -> None:
    assert (Math23kBenchmark.report_by, Math23kBenchmark.pass_by) == ((), None)
    assert (SvampBenchmark.report_by, SvampBenchmark.pass_by) == (("type",), None)
    asdiv = (AsdivBenchmark.report_by, AsdivBenchmark.pass_by, AsdivBenchmark.pass_mark)
    assert asdiv == (("grade",), "grade", 0.6)


@pytest.mark.parametrize("kind", BENCHMARKS)
def test_unknown_split_is_an_error_before_any_data_is_read(kind: type[Benchmark]) -> None:
    expected = "has no split 'train'; choose one of: test"
    with pytest.raises(MathbenchError, match=re.escape(expected)):
        kind().problems("train")


def test_data_files_are_pinned_to_commits_over_https() -> None:
    assert set(DATA_FILES) == {kind.name for kind in BENCHMARKS}
    for name, file in DATA_FILES.items():
        assert re.fullmatch(r"https://raw\.githubusercontent\.com/[^ ]+/[0-9a-f]{40}/.+", file.url)
        assert file.url.endswith(f"/{file.filename}")
        assert file.benchmark_dir == name


def test_each_benchmark_reads_its_own_file_from_the_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    contents = {
        "math23k": json.dumps(
            {"id": "7", "original_text": "题?", "equation": "x=1", "ans": "1"}, indent=4
        ),
        "svamp": json.dumps(
            [
                {"ID": "chal-9", "Body": "B.", "Question": "Q?", "Equation": "1", "Answer": 1.0}
                | {"Type": "Addition"}
            ]
        ),
        "asdiv": (
            '<Machine-Reading-Corpus-File><ProblemSet><Problem ID="nluds-0009" Grade="2">'
            "<Body>B.</Body><Question>Q?</Question><Solution-Type>Addition</Solution-Type>"
            "<Answer>1 (apple)</Answer><Formula>1=1</Formula></Problem></ProblemSet>"
            "</Machine-Reading-Corpus-File>"
        ),
    }
    files = {}
    for name, text in contents.items():
        pinned = DATA_FILES[name]
        (tmp_path / pinned.benchmark_dir).mkdir()
        (tmp_path / pinned.benchmark_dir / pinned.filename).write_text(text)
        files[name] = replace(pinned, sha256=hashlib.sha256(text.encode()).hexdigest())
    monkeypatch.setenv("MATHBENCH_DATA_DIR", str(tmp_path))

    read = {
        kind.name: list(kind({"test": files[kind.name]}).problems("test")) for kind in BENCHMARKS
    }

    assert [(p.id, p.golden) for p in read["math23k"]] == [("7", "1")]
    assert [(p.id, p.golden) for p in read["svamp"]] == [("chal-9", "1")]
    assert [(p.id, p.golden) for p in read["asdiv"]] == [("nluds-0009", "1 (apple)")]


def test_a_file_other_than_the_pinned_one_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "asdiv").mkdir()
    (tmp_path / "asdiv" / "ASDiv.xml").write_text("<Machine-Reading-Corpus-File/>")
    monkeypatch.setenv("MATHBENCH_DATA_DIR", str(tmp_path))

    with pytest.raises(MathbenchError) as raised:
        AsdivBenchmark().problems("test")

    assert str(tmp_path / "asdiv" / "ASDiv.xml") in str(raised.value)
    assert DATA_FILES["asdiv"].sha256 in str(raised.value)
