"""The download road end to end: the real file served from 127.0.0.1, an empty cache, no
MATHBENCH_DATA_DIR, and the benchmark's pinned checksum."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from mathbench_math401.benchmarks import DATA_FILES, Math401Benchmark

from mathbench.testing import serve_folder


def test_test_split_downloads_verifies_and_then_reuses_the_cache(
    shared_folder: Path, isolated: Path
) -> None:
    with serve_folder(shared_folder) as server:
        files = {
            key: replace(file, url=server.url(file.filename), mirrors=())
            for key, file in DATA_FILES.items()
        }

        assert len(list(Math401Benchmark(files).problems("test"))) == 401
        assert len(list(Math401Benchmark(files).problems("test"))) == 401

    assert server.requests == ["/math401.json"]
    assert (isolated / "data" / "math401" / "math401.json").is_file()
