"""The batch writer and the store it writes: batches committed on the writer thread when due, what
is left committed at exit (on Ctrl-C too), a failure of the writer thread raised once in the run,
a busy file costing a delay and no answer, and rows stored as they always were."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import duckdb
import pytest

from mathbench import _writer
from mathbench._writer import BatchWriter
from mathbench.errors import MathbenchError
from mathbench.store import NewGeneration, Store, StoreBusy
from mathbench.types import Candidate, Completion, Verdict

WAIT_S = 10.0


def generation(index: int, *, error: str | None = None, text: str = "2") -> NewGeneration:
    verdict = None
    if error is None:
        verdict = Verdict(True, (Candidate(text, 0, len(text), text, True),), "exact", "matches")
    completion = Completion(f"p{index}#0", "" if error else text, "stop", 3, 1, 0.01, error)
    prompt = [{"role": "user", "content": "1 + 1?"}]
    return NewGeneration(f"p{index}", 0, prompt, completion, verdict)


def stored(db: Path) -> list[tuple[object, ...]]:
    with duckdb.connect(str(db), read_only=True) as connection:
        return connection.execute(
            "SELECT g.problem_id, g.error, v.correct FROM generations g LEFT JOIN verdicts v "
            "USING (generation_key, problem_id, sample_index) ORDER BY g.problem_id"
        ).fetchall()


def until(condition: Callable[[], object]) -> None:
    deadline = time.monotonic() + WAIT_S
    while not condition():
        assert time.monotonic() < deadline, "the writer thread never did it"
        time.sleep(0.01)


class RecordingStore(Store):
    """A store that says which thread commits each batch, and can fail its first commits."""

    def __init__(self, path: Path, failures: Sequence[BaseException] = ()) -> None:
        super().__init__(path)
        self.failures = list(failures)
        self.threads: list[str] = []

    def save_generations(self, generation_key: str, batch: Sequence[NewGeneration]) -> None:
        self.threads.append(threading.current_thread().name)
        if self.failures:
            raise self.failures.pop(0)
        super().save_generations(generation_key, batch)


def test_a_batch_is_committed_on_the_writer_thread_once_it_is_due(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_writer, "FLUSH_S", 0.1)
    store = RecordingStore(tmp_path / "results.duckdb")
    committed: list[int] = []
    with store, BatchWriter(store, "key") as writer:
        writer.on_commit = committed.append
        for index in range(3):
            writer.add(generation(index))
        until(lambda: committed == [3])  # by time, with no further answer to trigger it
        assert store.threads == ["mathbench-writer"]
        assert len(stored(store.path)) == 3  # released: another process reads it meanwhile
    assert committed == [3]


def test_a_full_batch_is_committed_before_its_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_writer, "FLUSH_S", 3600.0)
    monkeypatch.setattr(_writer, "FLUSH_ITEMS", 4)
    committed: list[int] = []
    with Store(tmp_path / "results.duckdb") as store, BatchWriter(store, "key") as writer:
        writer.on_commit = committed.append
        for index in range(4):
            writer.add(generation(index))
        until(lambda: committed == [4])
        for index in range(4, 6):
            writer.add(generation(index))
    assert committed == [4, 2]  # the rest at exit
    assert [row[0] for row in stored(store.path)] == [f"p{index}" for index in range(6)]


def test_exit_commits_what_is_left_in_the_run_thread_on_ctrl_c(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_writer, "FLUSH_S", 3600.0)
    store = RecordingStore(tmp_path / "results.duckdb")
    with store, pytest.raises(KeyboardInterrupt), BatchWriter(store, "key") as writer:
        writer.add(generation(1))
        writer.add(generation(2, error="timed out"))
        raise KeyboardInterrupt
    assert store.threads == [threading.current_thread().name]
    assert stored(store.path) == [("p1", None, True), ("p2", "timed out", None)]


def test_a_failure_of_the_writer_thread_is_raised_once_in_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_writer, "FLUSH_S", 0.05)
    failure = MathbenchError("Could not write to results.duckdb (No space left on device).")
    store = RecordingStore(tmp_path / "results.duckdb", [failure])
    with store, pytest.raises(MathbenchError) as raised, BatchWriter(store, "key") as writer:
        writer.add(generation(1))
        until(lambda: store.threads)
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:  # the next answer meets the failure
            writer.add(generation(2))
            time.sleep(0.01)
    assert raised.value is failure
    assert store.threads == ["mathbench-writer"]  # nothing more written after it


def test_a_failure_of_the_last_batch_is_raised_at_exit(tmp_path: Path) -> None:
    failure = MathbenchError("Could not write to results.duckdb (read-only file system).")
    store = RecordingStore(tmp_path / "results.duckdb", [failure])
    with store, pytest.raises(MathbenchError) as raised, BatchWriter(store, "key") as writer:
        writer.add(generation(1))
    assert raised.value is failure


def test_a_busy_file_delays_a_batch_and_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_writer, "FLUSH_S", 0.05)
    busy = [StoreBusy("in use"), StoreBusy("in use")]
    store = RecordingStore(tmp_path / "results.duckdb", busy)
    committed: list[int] = []
    with store, BatchWriter(store, "key") as writer:
        writer.on_commit = committed.append
        writer.add(generation(1))
        until(lambda: len(store.threads) == 3)  # two refusals, then the batch is written
        writer.add(generation(2))
    assert sum(committed) == 2
    assert [row[0] for row in stored(store.path)] == ["p1", "p2"]


def test_a_resumed_answer_replaces_the_errored_one(tmp_path: Path) -> None:
    with Store(tmp_path / "results.duckdb") as store:
        store.save_generations("key", [generation(1, error="timed out"), generation(2)])
        store.save_generations("key", [generation(1), generation(3)])
    assert stored(tmp_path / "results.duckdb") == [
        ("p1", None, True),
        ("p2", None, True),
        ("p3", None, True),
    ]


def test_json_columns_are_stored_as_json_dumps_writes_them(tmp_path: Path) -> None:
    """Exports and SQL users see the text mathbench always wrote (not re-serialized)."""
    prompt = [{"role": "user", "content": '小明有 3 个苹果 — "quoted"\n'}]
    candidates = (Candidate("三", 4, 5, "3", True),)
    verdict = Verdict(True, candidates, "exact", "matches")
    new = NewGeneration("p1", 0, prompt, Completion("p1#0", "答案是三"), verdict)
    with Store(tmp_path / "results.duckdb") as store:
        store.save_generations("key", [new])
        row = store.connection.execute(
            "SELECT g.prompt, v.candidates FROM generations g JOIN verdicts v USING (problem_id)"
        ).fetchone()
    expected_candidates = [candidate.__dict__ for candidate in candidates]
    assert row == (
        json.dumps(prompt, ensure_ascii=False),
        json.dumps(expected_candidates, ensure_ascii=False),
    )


OPEN = "import duckdb, sys; duckdb.connect(sys.argv[1]).close()"


def test_the_file_is_free_for_another_process_between_uses(tmp_path: Path) -> None:
    db = tmp_path / "results.duckdb"
    with Store(db) as store:
        store.save_generations("key", [generation(1)])
        assert subprocess.run([sys.executable, "-c", OPEN, str(db)], check=False).returncode
        store.release()
        subprocess.run([sys.executable, "-c", OPEN, str(db)], check=True)
        assert store.connection.execute("SELECT count(*) FROM generations").fetchone() == (1,)


def test_another_store_of_the_process_waits_for_the_file_to_be_released(tmp_path: Path) -> None:
    """DuckDB lets one instance attach a file at a time, as one process may lock it."""
    db = tmp_path / "results.duckdb"
    with Store(db) as first:
        first.save_generations("key", [generation(1)])
        threading.Timer(0.3, first.release).start()
        with Store(db, read_only=True) as second:
            assert second.connection.execute("SELECT count(*) FROM verdicts").fetchone() == (1,)
