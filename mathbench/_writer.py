"""Writing a run's answers in batches by time: fast at a GPU's pace, safe when killed.

One transaction per answer stored 45 answers a second, slower than a vLLM server on one GPU
produces them. ``BatchWriter`` keeps answers as they arrive and commits them together at least
every ``FLUSH_S`` seconds (or every ``FLUSH_ITEMS`` answers), from a small thread as well as on
arrival, so that a batch never waits for the next answer of a slow model: a killed process loses
at most the answers of the last ``FLUSH_S`` seconds. Between batches the store releases the file,
so that readers (``report``, the reviewer) can open it while the run goes on; when a reader holds
it, the batch waits in memory and is written at the next attempt.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable

from mathbench.store import NewGeneration, Store, StoreBusy

#: Longest time an answer waits in memory before it is committed.
FLUSH_S = 0.5
#: Most answers in one batch.
FLUSH_ITEMS = 2_000
#: How long the last batch of a run may wait for a reader to let go of the file.
FINAL_WAIT_S = 120.0


class BatchWriter:
    """Buffers a run's generations and commits them in batches; a context manager."""

    def __init__(self, store: Store, generation_key: str) -> None:
        self._store = store
        self._generation_key = generation_key
        self._pending: list[NewGeneration] = []
        self._oldest: float | None = None
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._error: BaseException | None = None
        self._ticker = threading.Thread(target=self._tick, name="mathbench-writer", daemon=True)
        #: Called with the number of generations each committed batch held.
        self.on_commit: Callable[[int], None] = lambda count: None

    def __enter__(self) -> BatchWriter:
        self._ticker.start()
        return self

    def __exit__(self, *exc: object) -> None:
        """Stop the ticker and commit what is left, waiting for a reader if need be."""
        self._stopped.set()
        self._ticker.join()
        deadline = time.monotonic() + FINAL_WAIT_S
        while True:
            try:
                self.flush()
                return
            except StoreBusy:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(0.2)

    def add(self, generation: NewGeneration) -> None:
        """Keep one generation; commit the batch when it is old or large enough."""
        if self._error is not None:
            raise self._error
        with self._lock:
            self._pending.append(generation)
            if self._oldest is None:
                self._oldest = time.monotonic()
            due = len(self._pending) >= FLUSH_ITEMS or self._age() >= FLUSH_S
        if due:
            self._try_flush()

    def flush(self) -> None:
        """Commit every kept generation now, in one transaction, then release the file."""
        with self._lock:
            if not self._pending:
                return
            batch = self._pending
            try:
                self._store.save_generations(self._generation_key, batch)
            finally:
                self._store.release()
            self._pending, self._oldest = [], None
        self.on_commit(len(batch))

    def _try_flush(self) -> None:
        # A reader holding the file leaves the batch in memory for the next attempt.
        with contextlib.suppress(StoreBusy):
            self.flush()

    def _age(self) -> float:
        return 0.0 if self._oldest is None else time.monotonic() - self._oldest

    def _tick(self) -> None:
        while not self._stopped.wait(FLUSH_S / 5):
            if self._age() >= FLUSH_S:
                try:
                    self._try_flush()
                except BaseException as error:  # reported to the run on its next answer
                    self._error = error
                    return
