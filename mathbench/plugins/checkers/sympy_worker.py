"""The sympy worker process: ``python -m mathbench.plugins.checkers.sympy_worker``.

It is started by ``bounded`` (beside it) as a plain interpreter running this module, never
through ``multiprocessing``: the ``spawn`` method re-imports the caller's ``__main__`` in the
child, which re-ran a user's unguarded script (and failed outright for a script read from stdin
or run with ``-m``). Here nothing of the caller is imported; the worker reads length-prefixed
pickled ``Proof``s from its stdin and writes ``(holds, detail)`` answers to its stdout.

Pickle crosses only the pipe between mathbench and a child it started itself, and what the
worker unpickles are parsed, bounded trees (``mathbench.plugins.checkers.latex``), never model text:
sympy objects are built from the whitelist in ``to_sympy`` and nothing else.
"""

from __future__ import annotations

import os
import pickle
import signal
import struct
import sys
from types import ModuleType
from typing import IO, Any

#: Address space a worker may use; sympy on a bounded tree needs far less.
WORKER_MEMORY_BYTES = 2 * 1024**3
#: Every frame starts with its length as 4 big-endian bytes.
HEADER = struct.Struct(">I")
READY = "ready"


def write_frame(stream: IO[bytes], value: Any) -> None:
    """Send one value, length first, and flush it."""
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(HEADER.pack(len(payload)) + payload)
    stream.flush()


def read_frame(stream: IO[bytes]) -> Any:
    """Receive one value; ``EOFError`` when the other side has closed the pipe."""
    header = _read_exactly(stream, HEADER.size)
    (length,) = HEADER.unpack(header)
    return pickle.loads(_read_exactly(stream, length))


def _read_exactly(stream: IO[bytes], size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = stream.read(size - len(data))
        if not chunk:
            raise EOFError("the pipe was closed")
        data += chunk
    return data


def main() -> None:
    """Cap memory, import sympy, say ready, then answer proofs until stdin closes."""
    # Ctrl-C in a terminal reaches the whole process group: the parent decides what stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The protocol owns the real stdout; anything a library prints goes to stderr instead.
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    requests = sys.stdin.buffer
    _limit_memory()
    import sympy

    from mathbench.plugins.checkers.latex.to_sympy import to_sympy

    write_frame(answers, READY)
    while True:
        try:
            proof = read_frame(requests)
        except EOFError:
            return
        try:
            answer = _decide(proof, sympy, to_sympy)
        except Exception as error:  # sympy raises many kinds; the worker must outlive them all
            answer = (None, f"sympy could not decide ({type(error).__name__})")
        write_frame(answers, answer)


def _decide(proof: Any, sympy: ModuleType, to_sympy: Any) -> tuple[bool | None, str]:
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


if __name__ == "__main__":
    main()
