"""The real thing: SmolLM2 through llama.cpp on real CMATH problems into a real DuckDB file.

Covers the foundation's promises: a run stores what it generates, a second run makes no model call
(it does not even load the model), and a run killed mid-way resumes with nothing lost or duplicated.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

import mathbench

pytest.importorskip(
    "llama_cpp", reason="needs the llama-cpp extra: pip install 'mathbench[llama-cpp]'"
)

pytestmark = pytest.mark.slow

MODEL = "llama-cpp:smollm2"


def stored_generations(db: Path) -> list[tuple[str, str]]:
    with duckdb.connect(str(db), read_only=True) as connection:
        rows = connection.execute(
            "SELECT problem_id, response FROM generations ORDER BY problem_id"
        ).fetchall()
    return [(str(a), str(b)) for a, b in rows]


def test_evaluate_smollm2_on_cmath_then_resume_without_the_model(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "e2e.duckdb"
    arguments = dict(
        benchmark="cmath",
        model=MODEL,
        split="dev",
        limit=1,
        stratify="grade",
        max_tokens=96,
        db=db,
        progress=False,
    )
    first = mathbench.evaluate(**arguments)  # type: ignore[arg-type]
    assert (first.total, first.generated, first.reused, first.errored) == (6, 6, 0, 0)
    assert first.completion_tokens > 0
    generations = stored_generations(db)
    assert len(generations) == 6
    assert all(response.strip() for _, response in generations)

    report = first.report()
    assert [t.value for t in report.breakdowns["grade"]] == ["1", "2", "3", "4", "5", "6"]
    assert report.overall.scored == 6
    for verdict in first.verdicts.values():
        assert verdict.checker == "numeric"  # the CMATH benchmarks' default: the strict checker

    # Resume: the model must not even be loaded. Make loading it impossible, then rerun.
    import llama_cpp

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a resumed run loaded the model")

    monkeypatch.setattr(llama_cpp, "Llama", refuse)
    second = mathbench.evaluate(**arguments)  # type: ignore[arg-type]
    assert (second.generated, second.reused) == (0, 6)
    assert second.run_id == first.run_id
    assert {k: v.correct for k, v in second.verdicts.items()} == {
        k: v.correct for k, v in first.verdicts.items()
    }
    assert stored_generations(db) == generations


@pytest.mark.parametrize(("stop", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_ctrl_c_and_sigterm_stop_cleanly_and_say_how_to_resume(
    data_dir: Path, tmp_path: Path, stop: signal.Signals, status: int
) -> None:
    db = tmp_path / "interrupted.duckdb"
    command = [
        sys.executable, "-m", "mathbench", "run", "cmath", "--split", "dev", "-m", MODEL,
        "--limit", "30", "--max-tokens", "48", "--db", str(db),
    ]  # fmt: skip
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    for line in process.stderr:
        if " stored" in line and "loading model" not in line:
            process.send_signal(stop)
            break
    rest = process.stderr.read()
    process.wait(timeout=120)
    assert process.returncode == status
    assert "Run the same command again to resume" in rest
    assert "Traceback" not in rest
    stored = stored_generations(db)
    assert 1 <= len(stored) < 30


def test_killed_run_resumes_with_nothing_lost_or_duplicated(data_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "killed.duckdb"
    command = [
        sys.executable,
        "-m",
        "mathbench",
        "run",
        "cmath",
        "--split",
        "dev",
        "-m",
        MODEL,
        "--limit",
        "8",
        "--max-tokens",
        "48",
        "--db",
        str(db),
    ]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=os.environ.copy())
    assert process.stderr is not None
    deadline = time.monotonic() + 300
    seen = ""
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        seen += line
        if not line and process.poll() is not None:
            break
        if " stored" in line and not line.split(":")[-1].strip().startswith(("0/", "1/")):
            process.send_signal(signal.SIGKILL)  # no chance to clean up: the worst case
            break
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL, f"run ended before it could be killed:\n{seen}"

    before = stored_generations(db)
    assert 2 <= len(before) < 8

    resumed = mathbench.evaluate(
        benchmark="cmath", model=MODEL, split="dev", limit=8, max_tokens=48, db=db, progress=False
    )
    assert resumed.reused == len(before)
    assert resumed.generated == 8 - len(before)
    after = stored_generations(db)
    assert len(after) == 8 == len({problem_id for problem_id, _ in after})
    assert set(before) <= set(after)  # what was stored before the kill is kept as it was


def test_read_commands_work_while_a_run_writes(data_dir: Path, tmp_path: Path) -> None:
    """`runs`, `report` and `export` in a second process while a real run writes the file: the
    run releases the file between its half-second batches, so they read it instead of failing
    with "in use"; and the run itself is not disturbed by them."""
    db = tmp_path / "shared.duckdb"
    run = [sys.executable, "-m", "mathbench", "run", "cmath", "--split", "dev", "-m", MODEL]
    run += ["--limit", "6", "--max-tokens", "48", "--db", str(db)]
    writer = subprocess.Popen(run, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    assert writer.stderr is not None
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:  # wait until answers are being stored
        line = writer.stderr.readline()
        if " stored" in line and not line.split(":")[-1].strip().startswith("0/"):
            break
        assert line or writer.poll() is None, "the run ended before it stored anything"
    read_while_running = 0

    def read(*arguments: str) -> str:
        nonlocal read_while_running
        reading = subprocess.run(
            [sys.executable, "-m", "mathbench", *arguments, "--db", str(db)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert reading.returncode == 0, f"{arguments[0]}: {reading.stderr}"
        read_while_running += writer.poll() is None
        return reading.stdout

    run_id = json.loads(read("runs", "--json"))[0]["run_id"]
    assert json.loads(read("report", "--json"))[0]["run_id"] == run_id
    read("export", run_id, "--format", "jsonl", "-o", str(tmp_path / "partial.jsonl"))
    assert read_while_running >= 1, "the run finished before any reader ran beside it"
    writer.stderr.read()
    assert writer.wait(timeout=300) == 0
    assert len(stored_generations(db)) == 6
