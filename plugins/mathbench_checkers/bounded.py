"""Sympy work under a wall-clock bound that holds in any thread: a small pool of worker processes.

``signal.alarm`` only interrupts the main thread, and a thread cannot be stopped at all, so the
only bound that holds wherever a checker runs (a runner's thread pool, a Textual worker, a web
server) is a separate process that can be killed. Each worker is started with the ``spawn``
method (never ``fork``: forking a process that runs threads can copy a held lock into the child),
imports sympy once, caps its own address space, and then answers ``Proof`` requests over a pipe.
A request that does not finish within the timeout gets its worker killed and replaced on the next
request; the caller receives ``ProofResult(None, "... timed out ...")`` instead of waiting.

What crosses the pipe is a ``Proof`` of parsed, bounded trees (``mathbench_checkers.latex_math``),
never text: the worker builds sympy objects from the whitelist in ``to_sympy`` and nothing else.

Costs, measured by ``tests/perf/perf_symbolic.py``: starting a worker is dominated by importing
sympy (about a second), paid once per worker and again after each timeout; a proof round trip of
a small identity costs a few milliseconds. Only answers with variables that random evaluation
could not tell apart ever reach a worker, so most verdicts never pay either.
"""

from __future__ import annotations

import atexit
import multiprocessing
import queue
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from types import ModuleType

from mathbench_checkers.latex_math import Proof, to_sympy

#: Seconds a single proof may take before its worker is killed.
DEFAULT_TIMEOUT_S = 2.0
#: Seconds a new worker may take to import sympy and report ready.
START_TIMEOUT_S = 60.0
#: Address space a worker may use; sympy on a bounded tree needs far less.
WORKER_MEMORY_BYTES = 2 * 1024**3


@dataclass(frozen=True)
class ProofResult:
    """``holds`` is True (proven), False (sympy found them different or could not prove it) or
    None (no answer: timed out, or the worker failed); ``detail`` says which."""

    holds: bool | None
    detail: str


class _Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, context: multiprocessing.context.SpawnContext) -> None:
        parent, child = context.Pipe()
        self.connection: Connection = parent
        self.process: BaseProcess = context.Process(
            target=_serve, args=(child,), name="mathbench-sympy", daemon=True
        )
        self.process.start()
        child.close()
        if not parent.poll(START_TIMEOUT_S):
            self.stop()
            raise RuntimeError(f"a sympy worker did not start within {START_TIMEOUT_S:.0f} s")
        parent.recv()

    def stop(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()


class SympyPool:
    """A fixed number of sympy worker processes, started when first needed; thread-safe.

    ``prove`` blocks while every worker is busy, so at most ``workers`` proofs run at once.
    """

    def __init__(self, workers: int = 1, timeout_s: float = DEFAULT_TIMEOUT_S) -> None:
        self.timeout_s = timeout_s
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.LifoQueue[_Worker | None] = queue.LifoQueue()
        for _ in range(workers):
            self._idle.put(None)
        self._closed = False

    def prove(self, proof: Proof) -> ProofResult:
        """Ask a worker whether the identity holds, waiting at most ``timeout_s`` for it."""
        if self._closed:
            return ProofResult(None, "the sympy pool is closed")
        worker = self._idle.get()
        try:
            if worker is None:
                worker = _Worker(self._context)
            worker.connection.send(proof)
            if worker.connection.poll(self.timeout_s):
                holds, detail = worker.connection.recv()
                return ProofResult(holds, detail)
            worker.stop()
            worker = None
            return ProofResult(None, f"sympy timed out after {self.timeout_s:g} s")
        except (EOFError, OSError, RuntimeError) as error:
            if worker is not None:
                worker.stop()
                worker = None
            return ProofResult(None, f"the sympy worker failed ({type(error).__name__})")
        finally:
            self._idle.put(worker)

    def close(self) -> None:
        """Stop every idle worker (busy ones stop when their proof returns)."""
        self._closed = True
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                return
            if worker is not None:
                worker.stop()


_shared: SympyPool | None = None
_shared_lock = threading.Lock()


def shared_pool() -> SympyPool:
    """The process-wide pool that checkers share (one worker), closed when the process exits."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = SympyPool()
            atexit.register(_shared.close)
        return _shared


def _serve(connection: Connection) -> None:
    """The worker's loop: cap memory, import sympy, report ready, then answer proofs."""
    _limit_memory()
    import sympy

    connection.send("ready")
    while True:
        try:
            proof = connection.recv()
        except EOFError:
            return
        try:
            holds, detail = _decide(proof, sympy)
        except Exception as error:  # sympy raises many kinds; the worker must outlive them all
            holds, detail = None, f"sympy could not decide ({type(error).__name__})"
        connection.send((holds, detail))


def _decide(proof: Proof, sympy: ModuleType) -> tuple[bool | None, str]:
    golden, answer = to_sympy(proof.golden), to_sympy(proof.answer)
    if proof.kind == "equation":
        ratio = sympy.simplify(golden / answer)
        if ratio.is_number and ratio.is_finite and ratio.is_nonzero:
            return True, f"sympy: the equations differ by the factor {ratio}"
        return False, "sympy: the equations are not multiples of each other"
    difference = golden - answer
    if difference == 0 or sympy.expand(difference) == 0:
        return True, "sympy: the difference expands to 0"
    if sympy.simplify(difference) == 0:
        return True, "sympy: the difference simplifies to 0"
    equal = golden.equals(answer)
    if equal:
        return True, "sympy: equals() holds"
    return False, "sympy could not show the expressions equal"


def _limit_memory() -> None:
    try:
        import resource
    except ImportError:  # not on Windows; the timeout still bounds the work
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if soft == resource.RLIM_INFINITY or soft > WORKER_MEMORY_BYTES:
        ceiling = WORKER_MEMORY_BYTES
        if hard != resource.RLIM_INFINITY:
            ceiling = min(hard, ceiling)
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
