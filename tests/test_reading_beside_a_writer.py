"""Every read command works while another process holds the results file past the wait.

A run releases the file between its half-second batches, so readers usually get in at once
(``tests/test_end_to_end.py`` reads beside a real run). A process that keeps the file (an older
mathbench, a long transaction) must not turn ``report`` into "in use": the read commands then read
a consistent snapshot (``mathbench.results.snapshot``) and say so in one line.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from mathbench.cli import cli
from mathbench.registry import Registry

HOLD = """
import sys, time, duckdb
connection = duckdb.connect(sys.argv[1])
print("held", flush=True)
sys.stdin.read()
"""


@pytest.fixture
def stored_run(toy_registry: Registry, tmp_path: Path) -> tuple[Path, str]:
    db = tmp_path / "held.duckdb"
    args = ["run", "toy", "-m", "scripted:m", "--db", str(db), "--no-progress"]
    assert CliRunner().invoke(cli, args, obj=toy_registry).exit_code == 0
    listed = CliRunner().invoke(cli, ["runs", "--db", str(db), "--json"], obj=toy_registry)
    return db, json.loads(listed.output)[0]["run_id"]


@pytest.fixture
def held(stored_run: tuple[Path, str]) -> Iterator[None]:
    """Another process with a read-write connection to the file, until the test ends."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(stored_run[0])],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    try:
        yield
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)


@pytest.mark.usefixtures("held")
@pytest.mark.parametrize(
    "command",
    [
        ["report", "--json"],
        ["runs", "--json"],
        ["export", "RUN", "-o", "OUT"],
        ["plot", "RUN", "-o", "OUT.svg"],
    ],
)
def test_read_commands_read_a_snapshot_and_say_so(
    command: list[str], stored_run: tuple[Path, str], toy_registry: Registry, tmp_path: Path
) -> None:
    db, run_id = stored_run
    args = [
        run_id if part == "RUN" else str(tmp_path / "out.jsonl") if part == "OUT" else part
        for part in command
    ]
    args = [str(tmp_path / "figure.svg") if part == "OUT.svg" else part for part in args]

    result = CliRunner().invoke(cli, [*args, "--db", str(db)], obj=toy_registry)

    assert result.exit_code == 0, result.output
    note = [line for line in result.stderr.splitlines() if line.startswith("Note:")]
    assert len(note) == 1 and f"is writing {db}" in note[0] and "copy taken at" in note[0]
    if command[0] == "report":
        [report] = json.loads(result.stdout)
        assert (report["run_id"], report["overall"]["correct"]) == (run_id, 3)
    if command[0] == "runs":
        assert [run["run_id"] for run in json.loads(result.stdout)] == [run_id]


def test_the_snapshot_is_removed_when_the_reader_closes(
    stored_run: tuple[Path, str], held: None, tmp_path: Path
) -> None:
    from mathbench.store import Store

    with Store(stored_run[0], read_only=True) as store:
        assert store.latest_run_id() == stored_run[1]
        copies = [path for path in Path(store._snapshot_dir or "").glob("*")]
        assert copies
    assert not any(path.exists() for path in copies)
