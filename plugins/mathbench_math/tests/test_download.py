"""The download road end to end: the real files served from 127.0.0.1, an empty cache, no
MATHBENCH_DATA_DIR, and the benchmark's pinned checksums."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from mathbench_math.benchmarks import DATA_FILES, MathBenchmark

from mathbench.testing import serve_folder


def test_both_splits_download_verify_and_then_reuse_the_cache(
    shared_folder: Path, isolated: Path
) -> None:
    with serve_folder(shared_folder) as server:
        files = {
            key: replace(file, url=server.url(file.filename), mirrors=())
            for key, file in DATA_FILES.items()
        }

        assert len(list(MathBenchmark(files).problems("test"))) == 5000
        assert len(list(MathBenchmark(files).problems("math500"))) == 500
        assert len(list(MathBenchmark(files).problems("math500"))) == 500

    assert server.requests == ["/test.jsonl", "/math500.jsonl"]
    cached = sorted(path.name for path in (isolated / "data" / "math").iterdir())
    assert cached == ["math500.jsonl", "test.jsonl"]


def test_math500_falls_back_to_its_mirror_when_the_origin_sends_an_lfs_pointer(
    shared_folder: Path, tmp_path: Path
) -> None:
    pinned = DATA_FILES["math500"]
    served = tmp_path / "served"
    served.mkdir()
    shutil.copyfile(shared_folder / pinned.filename, served / pinned.filename)
    # What raw.githubusercontent.com sends for the file in openai/prm800k: its Git LFS pointer.
    (served / "pointer.jsonl").write_text(
        f"version https://git-lfs.github.com/spec/v1\noid sha256:{pinned.sha256}\n"
        f"size {pinned.size}\n"
    )
    with serve_folder(served) as server:
        files = {
            "math500": replace(
                pinned, url=server.url("pointer.jsonl"), mirrors=(server.url(pinned.filename),)
            )
        }

        assert len(list(MathBenchmark(files).problems("math500"))) == 500
    assert server.requests == ["/pointer.jsonl", "/math500.jsonl"]
