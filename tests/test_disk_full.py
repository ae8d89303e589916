"""A full disk during a run: one sentence, what was committed is kept, and the same run resumes
once there is room. The disk is a real tmpfs of 2 MiB mounted for the test (root only)."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

import mathbench
from mathbench import MathbenchError
from mathbench.registry import Registry, load_registry
from tests.perf.perf_store import Plugin, SyntheticBenchmark

pytestmark = pytest.mark.slow


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root and mount(8)")
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2M", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        with contextlib.suppress(OSError):
            subprocess.run(["umount", "-l", str(mount)], check=False)


def run(registry: Registry, db: Path) -> mathbench.EvaluationResult:
    return mathbench.evaluate(
        "perf-synthetic", "instant:m", limit=20_000, db=db, progress=False, registry=registry
    )


def test_a_full_disk_is_one_sentence_and_the_run_resumes_after(small_disk: Path) -> None:
    SyntheticBenchmark.size = 20_000
    registry = load_registry(extra_plugins=[("perf", Plugin())])
    db = small_disk / "results.duckdb"
    with pytest.raises(MathbenchError, match=r"Could not write to .*No space left on device"):
        run(registry, db)
    with duckdb.connect(str(db), read_only=True) as connection:
        kept = connection.execute("SELECT count(*) FROM generations").fetchone()
    assert kept is not None
    subprocess.run(["mount", "-o", "remount,size=64M", str(small_disk)], check=True)
    resumed = run(registry, db)
    assert resumed.reused == kept[0]
    assert resumed.reused + resumed.generated == 20_000
