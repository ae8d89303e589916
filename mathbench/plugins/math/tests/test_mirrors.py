"""The mirror a pinned file falls back to, served from 127.0.0.1 with the real file. The download
road every benchmark shares is checked once for all in tests/test_benchmark_downloads.py."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from mathbench.plugins.math.benchmarks import DATA_FILES, MathBenchmark
from mathbench.testing import serve_folder


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
