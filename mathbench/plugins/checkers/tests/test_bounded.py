"""The sympy worker pool: proofs, a wall-clock bound that holds off the main thread, recovery."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from fractions import Fraction

import pytest

from mathbench.plugins.checkers.bounded import ProofResult, SympyPool
from mathbench.plugins.checkers.latex import Add, Mul, Number, Pow, Proof, Symbol, parse

X, Y, Z = Symbol("x"), Symbol("y"), Symbol("z")


def _slow_proof() -> Proof:
    """An identity sympy needs far more than a second to refute: expanding two 24th powers of a
    four-term sum (this tree is built directly: the parser would refuse an answer this long)."""
    one, two, twelve = Number(Fraction(1)), Number(Fraction(2)), Number(Fraction(12))
    golden = Pow(Add((X, Y, Z, one)), Number(Fraction(24)))
    answer = Mul((Pow(Add((X, Y, Z, one)), twelve), Pow(Add((X, Y, Z, two)), twelve)))
    return Proof("expression", golden, answer)


@pytest.fixture(scope="module")
def pool() -> Iterator[SympyPool]:
    """A pool whose timeout leaves room for a loaded machine: these proofs take milliseconds."""
    bounded = SympyPool(workers=1, timeout_s=10.0)
    yield bounded
    bounded.close()


def test_a_true_identity_is_proven(pool: SympyPool) -> None:
    proof = Proof("expression", parse("(a+5)(b+2)"), parse("ab+2a+5b+10"))
    assert pool.prove(proof) == ProofResult(True, "sympy: the difference expands to 0")


def test_an_identity_that_only_simplify_shows_is_proven(pool: SympyPool) -> None:
    proof = Proof("expression", parse("\\frac{\\sin 2x}{2}"), parse("\\sin x \\cos x"))
    result = pool.prove(proof)
    assert result.holds is True, result.detail


def test_equations_that_differ_by_a_factor_are_the_same(pool: SympyPool) -> None:
    proof = Proof("equation", parse("y - 2x - 3"), parse("4x - 2y + 6"))
    result = pool.prove(proof)
    assert result == ProofResult(True, "sympy: the equations differ by the factor -1/2")


def test_a_false_identity_is_not_proven(pool: SympyPool) -> None:
    result = pool.prove(Proof("expression", parse("x^2"), parse("x^3")))
    assert result.holds is False


def test_a_slow_proof_is_cut_off_at_the_timeout_from_a_thread() -> None:
    bounded = SympyPool(workers=1, timeout_s=0.5)
    bounded.prove(Proof("expression", X, X))  # start the worker: its start-up is not timed
    outcome: list[tuple[ProofResult, float]] = []

    def prove() -> None:
        started = time.perf_counter()
        outcome.append((bounded.prove(_slow_proof()), time.perf_counter() - started))

    try:
        worker = threading.Thread(target=prove)
        worker.start()
        worker.join(timeout=30)
        assert not worker.is_alive()
        result, seconds = outcome[0]
        assert result.holds is None and "timed out after 0.5 s" in result.detail
        assert seconds < 0.5 + 2.0  # the timeout plus killing the worker, never sympy's own time
        # The killed worker is replaced: the next proof works.
        assert bounded.prove(Proof("expression", X, X)).holds is True
    finally:
        bounded.close()


def test_proofs_from_many_threads_share_the_pool(pool: SympyPool) -> None:
    proof = Proof("expression", parse("(x+1)^2"), parse("x^2+2x+1"))
    results: list[ProofResult] = []
    threads = [threading.Thread(target=lambda: results.append(pool.prove(proof))) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert [r.holds for r in results] == [True] * 6


def test_a_closed_pool_answers_without_starting_a_worker() -> None:
    closed = SympyPool()
    closed.close()
    result = closed.prove(Proof("expression", X, X))
    assert result == ProofResult(None, "the sympy pool is closed")


def test_sympy_errors_in_the_worker_are_reported_not_raised(pool: SympyPool) -> None:
    huge = Pow(Add((X, Number(Fraction(1)))), Number(Fraction(10**6)))
    result = pool.prove(Proof("expression", huge, huge))
    assert result.holds is None and "could not decide" in result.detail


def test_a_quick_proof_does_not_wait_behind_slow_ones_from_other_threads() -> None:
    """Six threads hold workers with slow proofs; a seventh thread's trivial proof gets a worker
    of its own and is answered while all six are still running."""
    bounded = SympyPool(workers=8, timeout_s=15.0)
    slow_done: list[float] = []
    started = threading.Barrier(7)

    def slow() -> None:
        started.wait(timeout=60)
        bounded.prove(_slow_proof())
        slow_done.append(time.monotonic())

    threads = [threading.Thread(target=slow) for _ in range(6)]
    try:
        for thread in threads:
            thread.start()
        started.wait(timeout=60)
        time.sleep(0.5)  # let the slow proofs take their workers first
        quick = bounded.prove(Proof("expression", parse("(a+1)^2"), parse("a^2+2a+1")))
        quick_done = time.monotonic()
        assert quick.holds is True, quick.detail
        for thread in threads:
            thread.join(timeout=120)
        assert len(slow_done) == 6
        assert quick_done < min(slow_done)
    finally:
        bounded.close()
