"""The reviewer and a real `mathbench run` on the same results file, at the same time.

The run is the real thing: SmolLM2 through llama.cpp on real CMATH problems, in its own process.
The reviewer is open before the run starts (it must not keep the run out), reads the file between
the run's batches (or a snapshot while the run holds it, and says so), takes judgements meanwhile
(they go to the annotations file), and reads the live file when the run is done; the results file
is whole afterwards.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from textual.widgets import Input

from mathbench.plugins.tui.app import ReviewApp
from mathbench.plugins.tui.components.banner import AccessBanner
from mathbench.plugins.tui.context import ReviewContext
from mathbench.plugins.tui.screens.verify import VerifyScreen
from mathbench.plugins.tui.tests.conftest import SIZE
from mathbench.plugins.tui.tests.helpers import settle
from mathbench.report import build_reports
from mathbench.results.annotations import AnnotationStore
from mathbench.store import Store

pytestmark = [pytest.mark.asyncio, pytest.mark.slow]


def start_run(results: Path, data: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "MATHBENCH_DATA_DIR": str(data)}
    command = [
        sys.executable, "-m", "mathbench", "run", "cmath", "--split", "dev",
        "-m", "llama-cpp:smollm2", "--limit", "3", "--max-tokens", "24",
        "--db", str(results), "--no-progress",
    ]  # fmt: skip
    return subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def wait_until_writing(results: Path, run: subprocess.Popen[str]) -> None:
    """Until the run has committed answers to the file. The run opens the file for each
    half-second batch and lets go between them, so a short read-only look does not keep it out
    (a batch that meets it waits in memory for the next attempt)."""
    before = _generations(results)
    deadline = time.monotonic() + 120
    while _generations(results) <= before:
        if run.poll() is not None:
            _, err = run.communicate()
            pytest.fail(f"the run ended before writing: {err[-2000:]}")
        if time.monotonic() > deadline:
            pytest.fail("the run did not start writing within 120 s")
        time.sleep(0.2)


def _generations(results: Path) -> int:
    try:
        with duckdb.connect(str(results), read_only=True) as connection:
            row = connection.execute("SELECT count(*) FROM generations").fetchone()
    except duckdb.IOException:  # the run is writing a batch right now
        return -1
    return int(row[0]) if row else 0


async def test_reviewing_while_a_real_run_writes(
    results_db: Path, annotations_path: Path, data_dir: Path
) -> None:
    data = data_dir
    if importlib.util.find_spec("llama_cpp") is None:
        pytest.skip("llama-cpp-python is not installed: pip install 'mathbench[llama-cpp]'")
    context = ReviewContext.open(results_db, annotations_path, annotator="alice")
    app = ReviewApp(context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert context.source.access.mode == "live"
        # The reviewer is open and idle: the run must be able to take the file.
        run = start_run(results_db, data)
        try:
            wait_until_writing(results_db, run)
            await pilot.press("r")
            await settle(pilot)
            access = context.source.access
            # The run lets go of the file between its half-second batches, so the reviewer
            # mostly reads it live; when it meets a batch being written it reads a verified
            # copy and says whose run holds the file.
            assert access.mode in ("live", "snapshot")
            if access.mode == "snapshot":
                assert access.holder_pid == str(run.pid)
                banner = str(app.screen.query_one(AccessBanner).render())
                assert f"A run (process {run.pid}) is writing results.duckdb" in banner
            # Judging goes on meanwhile: a sample of a stored run, one judgement committed.
            await pilot.press("v")
            await settle(pilot)
            size = app.screen.query_one("#size", Input)
            size.value = "3"
            size.focus()
            await pilot.press("enter")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, VerifyScreen)
            await pilot.press("c")
            sample_id = screen.info.sample_id
            await pilot.press("escape")
            _, err = run.communicate(timeout=300)
        finally:
            if run.poll() is None:
                run.kill()
        assert run.returncode == 0, err[-2000:]
        await pilot.press("r")
        await settle(pilot)
        assert context.source.access.mode == "live"
        assert len(context.runs) == 3
        assert not app.screen.query_one(AccessBanner).has_class("-snapshot")
    context.close()
    with Store(results_db, read_only=True) as store:
        reports = build_reports(store, [run.run_id for run in context.runs])
    assert sum(report.overall.total for report in reports) == 9 + 9 + 3
    with AnnotationStore(annotations_path) as store:
        assert 0 in store.judgements(sample_id)["alice"]
