"""Writing a run's answers in batches by time, on a thread of their own: fast at a GPU's pace,
safe when killed.

One transaction per answer stored 45 answers a second, slower than a vLLM server on one GPU
produces them. ``BatchWriter`` keeps answers as they arrive and commits them together at least
every ``FLUSH_S`` seconds (or every ``FLUSH_ITEMS`` answers), so a killed process loses at most the
answers of the last ``FLUSH_S`` seconds. The commits run on a writer thread: a batch never waits
for the next answer of a slow model, and with a fast one the run checks the next answers while
DuckDB writes (it lets go of the GIL meanwhile; written in the run's thread, the commits took a
third of an instant backend's run). Between batches the store releases the file, so that readers
(``report``, the reviewer) can open it while the run goes on; when a reader holds it, the batch
waits in memory and is written at the next attempt.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from mathbench.store import NewGeneration, Store, StoreBusy

#: Longest time an answer waits in memory before its batch is committed.
FLUSH_S = 0.5
#: Answers that make a batch due before ``FLUSH_S`` has passed.
FLUSH_ITEMS = 2_000
#: How long the last batch of a run may wait for a reader to let go of the file.
FINAL_WAIT_S = 120.0


class BatchWriter:
    """Buffers a run's generations and commits them in batches on a writer thread; a context
    manager whose exit commits what is left in the calling thread."""

    def __init__(self, store: Store, generation_key: str) -> None:
        self._store = store
        self._generation_key = generation_key
        self._pending: list[NewGeneration] = []
        #: When the pending generations must be committed: ``FLUSH_S`` after the first arrived.
        self._due: float | None = None
        self._stopping = False
        #: Guards the three fields above; notified when the writer thread has a new deadline.
        self._changed = threading.Condition()
        self._error: BaseException | None = None
        self._thread = threading.Thread(
            target=self._write_batches, name="mathbench-writer", daemon=True
        )
        #: Called with the number of generations each committed batch held.
        self.on_commit: Callable[[int], None] = lambda count: None

    def __enter__(self) -> BatchWriter:
        self._thread.start()
        return self

    def __exit__(self, exc_type: object, exc: BaseException | None, tb: object) -> None:
        """Let the writer thread end its batch, then commit what is left here (on Ctrl-C too),
        waiting for a reader if need be. The writer thread's error is raised here, unless it is
        the one already leaving the block: the store failed, so nothing more is written."""
        with self._changed:
            self._stopping = True
            self._changed.notify()
        self._join()
        if self._error is not None:
            if exc is self._error:
                return
            raise self._error
        if not self._pending:
            return
        deadline = time.monotonic() + FINAL_WAIT_S
        while True:
            try:
                self._commit(self._pending)
                return
            except StoreBusy:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(0.2)

    def add(self, generation: NewGeneration) -> None:
        """Keep one generation, for the writer thread to commit with its batch; raise what made
        the writer thread fail, if it did."""
        if self._error is not None:
            raise self._error
        with self._changed:
            self._pending.append(generation)
            if self._due is None:
                self._due = time.monotonic() + FLUSH_S
                self._changed.notify()
            elif len(self._pending) == FLUSH_ITEMS:
                self._changed.notify()

    def _commit(self, batch: list[NewGeneration]) -> None:
        """One transaction for ``batch``, then the file is released for readers."""
        try:
            self._store.save_generations(self._generation_key, batch)
        finally:
            self._store.release()
        self.on_commit(len(batch))

    def _write_batches(self) -> None:
        """The writer thread: let go of the file (readers may open it while the model loads;
        the checkpoint of what the run stored before need not delay the load), then commit each
        batch when it is due, until the run stops."""
        try:
            self._store.release()
            while (batch := self._take()) is not None:
                try:
                    self._commit(batch)
                except StoreBusy:  # a reader held the file for LOCK_WAIT_S: try again at once
                    with self._changed:
                        self._pending[:0] = batch
                        self._due = time.monotonic()
        except BaseException as error:  # raised in the run's thread, at its next answer or exit
            self._error = error

    def _take(self) -> list[NewGeneration] | None:
        """Wait until the pending generations are due and take them; None once the run stops
        (its thread commits what is left)."""
        with self._changed:
            while not self._stopping:
                if self._due is not None and (
                    len(self._pending) >= FLUSH_ITEMS or time.monotonic() >= self._due
                ):
                    batch, self._pending, self._due = self._pending, [], None
                    return batch
                self._changed.wait(None if self._due is None else self._due - time.monotonic())
            return None

    def _join(self) -> None:
        """Wait for the writer thread, through a second Ctrl-C too, then raise that: the batch it
        writes takes at most the store's ``LOCK_WAIT_S`` and one transaction, and the store's
        connection must not close under it."""
        interrupted: KeyboardInterrupt | None = None
        while self._thread.is_alive():
            try:
                self._thread.join()
            except KeyboardInterrupt as error:
                interrupted = error
        if interrupted is not None:
            raise interrupted
