"""The download road end to end: the real files served from 127.0.0.1, an empty cache, no
MATHBENCH_DATA_DIR, and the benchmark's pinned checksums."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from mathbench_cmath.benchmarks import DATA_FILES, CmathBenchmark, CmathDistractorBenchmark

from mathbench.testing import serve_folder


def test_benchmarks_download_verify_and_then_reuse_the_cache(
    shared_cmath: Path, isolated: Path
) -> None:
    with serve_folder(shared_cmath) as server:
        files = {
            key: replace(file, url=server.url(file.filename), mirrors=())
            for key, file in DATA_FILES.items()
        }

        assert len(list(CmathBenchmark(files).problems("test"))) == 1098
        assert len(list(CmathDistractorBenchmark(files).problems("test"))) == 360
        assert len(list(CmathBenchmark(files).problems("dev"))) == 600

    assert sorted(server.requests) == [
        "/cmath_dev.jsonl",
        "/cmath_test.jsonl",
        "/distractor.jsonl",
    ]
    cached = sorted(path.name for path in (isolated / "data" / "cmath").iterdir())
    assert cached == ["cmath_dev.jsonl", "cmath_test.jsonl", "distractor.jsonl"]


def test_test_split_falls_back_to_its_mirror(shared_cmath: Path) -> None:
    test = DATA_FILES["test"]
    files = dict(DATA_FILES)
    with serve_folder(shared_cmath) as server:
        files["test"] = replace(
            test, url=server.url("gone/cmath_test.jsonl"), mirrors=(server.url(test.filename),)
        )

        assert len(list(CmathBenchmark(files).problems("test"))) == 1098
    assert server.requests == ["/gone/cmath_test.jsonl", "/cmath_test.jsonl"]
