"""The mirror a pinned file falls back to, served from 127.0.0.1 with the real file. The download
road every benchmark shares is checked once for all in tests/test_benchmark_downloads.py."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from mathbench.plugins.cmath.benchmarks import DATA_FILES, CmathBenchmark
from mathbench.testing import serve_folder


def test_test_split_falls_back_to_its_mirror(shared_cmath: Path) -> None:
    test = DATA_FILES["test"]
    files = dict(DATA_FILES)
    with serve_folder(shared_cmath) as server:
        files["test"] = replace(
            test, url=server.url("gone/cmath_test.jsonl"), mirrors=(server.url(test.filename),)
        )

        assert len(list(CmathBenchmark(files).problems("test"))) == 1098
    assert server.requests == ["/gone/cmath_test.jsonl", "/cmath_test.jsonl"]
