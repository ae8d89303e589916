"""Reading a results file that another process holds: consistent snapshots, and the switch back
to the live file once it is released."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from mathbench import MathbenchError
from mathbench.plugins.tui.context import ReviewContext
from mathbench.plugins.tui.tests.conftest import RUN_IDS
from mathbench.results import Access, take_snapshot
from mathbench.results.items import RowFilter

#: Commits pairs of rows about 100 times a second, checkpointing every 1 MB of log (every few
#: seconds): harder on a copy than a run, which checkpoints every 16 MB. Prints "ready" once it
#: holds the file.
WRITER = """
import sys, time
import duckdb
connection = duckdb.connect(sys.argv[1])
connection.execute("SET checkpoint_threshold = '1MB'")
connection.execute("CREATE TABLE IF NOT EXISTS runs (n INTEGER)")
connection.execute("CREATE TABLE IF NOT EXISTS t (i INTEGER PRIMARY KEY, payload VARCHAR)")
connection.execute("CREATE TABLE IF NOT EXISTS u (i INTEGER PRIMARY KEY)")
print("ready", flush=True)
end = time.time() + float(sys.argv[2])
i = 0
while time.time() < end:
    i += 1
    connection.execute("BEGIN")
    connection.execute("INSERT INTO t VALUES (?, ?)", [i, f"{i}-" + "x" * 3000])
    connection.execute("INSERT INTO u VALUES (?)", [i])
    connection.execute("COMMIT")
    time.sleep(0.01)
"""

HOLDER = """
import sys, time
import duckdb
connection = duckdb.connect(sys.argv[1])
print("ready", flush=True)
sys.stdin.readline()
connection.close()
"""


def start(code: str, *args: str) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "ready"
    return process


def test_snapshots_of_a_file_being_written_are_consistent(tmp_path: Path) -> None:
    source = tmp_path / "busy.duckdb"
    writer = start(WRITER, str(source), "8")
    try:
        time.sleep(0.5)
        size_before = source.stat().st_size
        for n in range(8):
            time.sleep(0.5)
            copy = take_snapshot(source, tmp_path / f"copy{n}.duckdb", quiet_s=0.02)
            connection = duckdb.connect(str(copy), read_only=True)
            rows, top, bad = connection.execute(
                "SELECT count(*), coalesce(max(i), 0), "
                "count(*) FILTER (WHERE NOT starts_with(payload, i::VARCHAR || '-')) FROM t"
            ).fetchone() or (0, 0, 0)
            pairs = connection.execute("SELECT count(*), coalesce(max(i), 0) FROM u").fetchone()
            connection.close()
            # Every committed pair is whole in the copy: both rows or neither, none torn.
            assert (rows, top) == pairs and rows == top and bad == 0
        # The writer did checkpoint meanwhile (the main file grew), so the copies were tested
        # against the case that tears naive ones.
        assert source.stat().st_size > size_before
    finally:
        writer.wait(timeout=30)


def test_a_file_that_never_settles_is_a_sentence(tmp_path: Path) -> None:
    source = tmp_path / "restless.duckdb"
    duckdb.connect(str(source)).close()
    stop = threading.Event()

    def touch() -> None:
        while not stop.is_set():
            source.touch()
            time.sleep(0.005)

    toucher = threading.Thread(target=touch)
    toucher.start()
    try:
        with pytest.raises(MathbenchError, match=r"Could not copy .* consistently"):
            take_snapshot(source, tmp_path / "copy.duckdb", attempts=3, quiet_s=0.05)
    finally:
        stop.set()
        toucher.join()


def test_the_reviewer_reads_a_snapshot_while_another_process_holds_the_file(
    results_db: Path, annotations_path: Path
) -> None:
    holder = start(HOLDER, str(results_db))
    try:
        context = ReviewContext.open(results_db, annotations_path, annotator="alice")
        access = context.source.access
        assert access.mode == "snapshot" and access.holder_pid == str(holder.pid)
        assert "showing a snapshot taken at" in access.describe(results_db)
        assert [run.run_id for run in context.runs] == [RUN_IDS["beta"], RUN_IDS["alpha"]]
        _, summary = context.index.page(context.runs[:1], RowFilter())
        assert summary.matched == 9
        # Still held: a refresh takes a fresh snapshot rather than failing.
        context.reload()
        assert context.source.access.mode == "snapshot"
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=30)
    context.reload()
    assert context.source.access == Access("live")
    assert len(context.runs) == 2
    context.close()
