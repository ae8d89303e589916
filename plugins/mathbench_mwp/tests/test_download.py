"""The download road end to end: the real files served from 127.0.0.1, an empty cache, no
MATHBENCH_DATA_DIR, and the benchmarks' pinned checksums."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from mathbench_mwp.benchmarks import DATA_FILES, AsdivBenchmark, Math23kBenchmark, SvampBenchmark

from mathbench.testing import serve_folder


def test_each_benchmark_downloads_verifies_and_then_reuses_the_cache(
    shared_folder: Path, isolated: Path
) -> None:
    kinds = ((Math23kBenchmark, 1000), (SvampBenchmark, 1000), (AsdivBenchmark, 2305))
    with serve_folder(shared_folder) as server:
        files = {
            name: replace(file, url=server.url(file.relative_path), mirrors=())
            for name, file in DATA_FILES.items()
        }

        for kind, count in kinds:
            assert len(list(kind(files).problems("test"))) == count
            assert len(list(kind(files).problems("test"))) == count

    assert server.requests == [
        "/math23k/math23k_test.json",
        "/svamp/SVAMP.json",
        "/asdiv/ASDiv.xml",
    ]
    for file in DATA_FILES.values():
        assert (isolated / "data" / file.relative_path).is_file()
