"""Sympy work under a wall-clock bound that holds in any thread: a pool of worker processes.

``signal.alarm`` only interrupts the main thread, and a thread cannot be stopped at all, so the
only bound that holds wherever a checker runs (a runner's thread pool, a Textual worker, a web
server) is a separate process that can be killed. Each worker is a plain interpreter running
``python -m mathbench.plugins.checkers.sympy_worker`` over pipes (see that module for why not
``multiprocessing``): it imports sympy once, caps its own address space, and answers ``Proof``
requests. A request that does not finish within the timeout gets its worker killed (a new one is
started when next needed) and the caller receives ``ProofResult(None, "... timed out ...")``.

The pool grows on demand up to ``workers`` processes, so proofs asked from several threads run
side by side instead of queueing behind one slow proof; the timeout counts from the moment a
worker takes the proof, never the time spent waiting for one.

Costs, measured by ``tests/perf/perf_symbolic.py``: starting a worker is dominated by importing
sympy (about a second), paid once per worker and again after each timeout; a proof round trip of
a small identity costs a few milliseconds. Only answers with variables that random evaluation
could not tell apart ever reach a worker, so most verdicts never pay either.
"""

from __future__ import annotations

import atexit
import os
import select
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from mathbench.plugins.checkers.latex import Proof
from mathbench.plugins.checkers.sympy_worker import READY, read_frame, write_frame

#: Seconds a single proof may take before its worker is killed.
DEFAULT_TIMEOUT_S = 2.0
#: Seconds a new worker may take to import sympy and report ready.
START_TIMEOUT_S = 60.0
#: Most worker processes a pool runs at once by default (each holds sympy, ~100 MB). More than
#: the cores, so that a quick proof never waits behind slow ones from other threads: a slow proof
#: then runs slower, and one that times out is undecided, never wrong.
DEFAULT_WORKERS = 8


@dataclass(frozen=True)
class ProofResult:
    """``holds`` is True (proven), False (sympy found them different or could not prove it) or
    None (no answer: timed out, or the worker failed); ``detail`` says which."""

    holds: bool | None
    detail: str


class WorkerFailed(Exception):
    """A worker that could not start, died, or broke the protocol."""


class _Worker:
    """One worker process and the parent's ends of its pipes."""

    def __init__(self) -> None:
        environment = dict(os.environ)
        # The worker imports this package from where the caller found it, whatever sys.path
        # tricks (an editable install, a test runner) made it importable here.
        package_root = str(Path(__file__).resolve().parents[3])  # holds mathbench/
        environment["PYTHONPATH"] = os.pathsep.join(
            [package_root, *filter(None, [environment.get("PYTHONPATH")])]
        )
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "mathbench.plugins.checkers.sympy_worker"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                bufsize=0,
                env=environment,
                close_fds=True,
            )
        except OSError as error:
            raise WorkerFailed(f"could not start {sys.executable!r} ({error})") from error
        if self._receive(START_TIMEOUT_S) != READY:
            self.stop()
            raise WorkerFailed("the sympy worker did not report ready")

    def ask(self, proof: Proof, timeout_s: float) -> ProofResult:
        assert self.process.stdin is not None
        try:
            write_frame(self.process.stdin, proof)
        except OSError as error:
            raise WorkerFailed(f"the sympy worker went away ({error})") from error
        answer = self._receive(timeout_s)
        if answer is None:
            return ProofResult(None, f"sympy timed out after {timeout_s:g} s")
        if not (isinstance(answer, tuple) and len(answer) == 2):
            raise WorkerFailed("the sympy worker answered out of protocol")
        holds, detail = answer
        return ProofResult(holds if holds is None else bool(holds), str(detail))

    def _receive(self, timeout_s: float) -> object:
        """The next frame, or None when none began within ``timeout_s``."""
        assert self.process.stdout is not None
        ready, _, _ = select.select([self.process.stdout], [], [], timeout_s)
        if not ready:
            return None
        try:
            return read_frame(self.process.stdout)
        except (EOFError, OSError, ValueError) as error:
            raise WorkerFailed(f"the sympy worker died ({type(error).__name__})") from error

    def stop(self) -> None:
        self.process.kill()
        self.process.wait(timeout=5)
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                pipe.close()


class SympyPool:
    """Up to ``workers`` sympy worker processes, started when first needed; thread-safe."""

    def __init__(
        self, workers: int = DEFAULT_WORKERS, timeout_s: float = DEFAULT_TIMEOUT_S
    ) -> None:
        self.timeout_s = timeout_s
        self.workers = max(1, workers)
        self._idle: list[_Worker] = []
        self._running = 0
        self._changed = threading.Condition()
        self._closed = False

    def prove(self, proof: Proof) -> ProofResult:
        """Ask a worker whether the identity holds, waiting at most ``timeout_s`` for its answer.

        ``holds`` is None when no answer came (a time-out, a worker that failed): the caller must
        not read that as "not equal"."""
        try:
            worker = self._acquire()
        except WorkerFailed as error:
            return ProofResult(None, f"no sympy worker could start: {error}")
        if worker is None:
            return ProofResult(None, "the sympy pool is closed")
        keep = False
        try:
            result = worker.ask(proof, self.timeout_s)
            keep = result.holds is not None or "timed out" not in result.detail
            return result
        except WorkerFailed as error:
            return ProofResult(None, f"the sympy worker failed: {error}")
        finally:
            self._release(worker, keep)

    def close(self) -> None:
        """Stop every idle worker (busy ones stop when their proof returns)."""
        with self._changed:
            self._closed = True
            idle, self._idle = self._idle, []
            self._running -= len(idle)
            self._changed.notify_all()
        for worker in idle:
            worker.stop()

    def _acquire(self) -> _Worker | None:
        with self._changed:
            while True:
                if self._closed:
                    return None
                if self._idle:
                    return self._idle.pop()
                if self._running < self.workers:
                    self._running += 1
                    break
                self._changed.wait()
        try:
            return _Worker()
        except BaseException:
            with self._changed:
                self._running -= 1
                self._changed.notify()
            raise

    def _release(self, worker: _Worker, keep: bool) -> None:
        with self._changed:
            if keep and not self._closed:
                self._idle.append(worker)
                self._changed.notify()
                return
            self._running -= 1
            self._changed.notify()
        worker.stop()


_shared: SympyPool | None = None
_shared_lock = threading.Lock()


def shared_pool() -> SympyPool:
    """The process-wide pool that checkers share, closed when the process exits."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = SympyPool()
            atexit.register(_shared.close)
        return _shared
