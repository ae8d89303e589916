"""The MATH benchmark as the plugin registers it, on small files or the pinned ones."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from mathbench.errors import MathbenchError
from mathbench.plugins.math.benchmarks import DATA_FILES, MathBenchmark
from mathbench.registry import load_registry


def test_math_is_registered_through_its_entry_point() -> None:
    registry = load_registry()

    benchmark = registry.benchmark("math")

    assert isinstance(benchmark, MathBenchmark)
    assert registry.components["benchmark"]["math"].plugin.name == "math"
    assert (benchmark.splits, benchmark.default_split) == (("test", "math500"), "test")
    assert (benchmark.default_checker, benchmark.default_template) == ("symbolic", "raw")
    assert benchmark.report_by == ("subject", "level")
    assert benchmark.report_cross == ("subject", "level")
    assert (benchmark.pass_by, benchmark.extra) == (None, "math")


def test_unknown_split_is_an_error_before_any_data_is_read() -> None:
    expected = "has no split 'train'; choose one of: test, math500"
    with pytest.raises(MathbenchError, match=re.escape(expected)):
        MathBenchmark().problems("train")


def test_data_files_are_pinned_to_commits_over_https() -> None:
    for file in DATA_FILES.values():
        for url in (file.url, *file.mirrors):
            assert url.startswith("https://")
            assert re.search(r"/[0-9a-f]{40}/", url), f"{url} is not pinned to a commit"
        assert file.benchmark_dir == "math"
    assert "prm800k" in DATA_FILES["math500"].mirrors[0]


def test_each_split_reads_its_own_file_from_the_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = {
        "test": {"problem": "P?", "level": "Level 2", "type": "Geometry"}
        | {"solution": "$\\boxed{3}$", "idx": 0},
        "math500": {"problem": "Q?", "solution": "$\\boxed{4}$", "answer": "4"}
        | {"subject": "Algebra", "level": 1, "unique_id": "test/algebra/9.json"},
    }
    (tmp_path / "math").mkdir()
    files = {}
    for split, record in records.items():
        content = (json.dumps(record) + "\n").encode()
        pinned = DATA_FILES[split]
        (tmp_path / "math" / pinned.filename).write_bytes(content)
        files[split] = replace(pinned, sha256=hashlib.sha256(content).hexdigest())
    monkeypatch.setenv("MATHBENCH_DATA_DIR", str(tmp_path))
    benchmark = MathBenchmark(files)

    assert [(p.id, p.golden) for p in benchmark.problems("test")] == [("test-0000", "3")]
    assert [(p.id, p.golden) for p in benchmark.problems("math500")] == [
        ("test/algebra/9.json", "4")
    ]


def test_a_file_other_than_the_pinned_one_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "math").mkdir()
    (tmp_path / "math" / "math500.jsonl").write_text("{}\n")
    monkeypatch.setenv("MATHBENCH_DATA_DIR", str(tmp_path))

    with pytest.raises(MathbenchError) as raised:
        MathBenchmark().problems("math500")

    assert str(tmp_path / "math" / "math500.jsonl") in str(raised.value)
    assert DATA_FILES["math500"].sha256 in str(raised.value)
