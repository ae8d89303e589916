"""The symbolic checker end to end: its stages, its verdicts' spans, adversarial input, threads."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator

import pluggy
import pytest

import mathbench.plugins.checkers
from mathbench import hookspecs
from mathbench.checker import Checker
from mathbench.plugins.checkers.bounded import SympyPool
from mathbench.plugins.checkers.latex import Proof, Symbol
from mathbench.plugins.checkers.symbolic_checker import SymbolicChecker
from mathbench.types import Verdict

#: Wall-clock bound on any one check in these tests, sympy proof included.
BOUND_S = 3.0


@pytest.fixture(scope="module")
def checker() -> Iterator[SymbolicChecker]:
    """A checker whose worker is already started, so that ``BOUND_S`` times checks, not imports."""
    pool = SympyPool(workers=1, timeout_s=2.0)
    pool.prove(Proof("expression", Symbol("x"), Symbol("x")))
    yield SymbolicChecker(pool=pool)
    pool.close()


def judged(checker: Checker, response: str, golden: str) -> Verdict:
    started = time.perf_counter()
    verdict = checker.check(response, golden)
    assert time.perf_counter() - started < BOUND_S
    assert verdict.checker == "symbolic" and verdict.reason
    for candidate in verdict.candidates:
        assert response[candidate.start : candidate.end] == candidate.text
        assert candidate.matches is verdict.correct
    return verdict


@pytest.mark.parametrize(
    ("response", "golden", "correct", "reason"),
    [
        ("So the answer is $\\boxed{\\dfrac{14}{3}}$.", "\\frac{14}{3}", True, "normalised"),
        ("The answer is 14/3.", "\\frac{14}{3}", True, "equals"),
        ("The answer is 4.6667.", "\\frac{14}{3}", False, "is not"),  # exact answers only
        ("$\\boxed{4.7}$", "\\frac{14}{3}", False, "is not"),
        ("$\\boxed{\\sqrt{242}}$", "11\\sqrt2", True, "equals"),
        ("$\\boxed{ab+2a+5b+10}$", "(a+5)(b+2)", True, "sympy: the difference expands to 0"),
        ("$\\boxed{ab+2a+5b+11}$", "(a+5)(b+2)", False, "differ at a random point"),
        ("$\\boxed{2x - y + 3 = 0}$", "y = 2x + 3", True, "sympy: the equations differ"),
        ("Final Answer: The final answer is $(3, 4]$. I hope it is correct.", "(3,4]", True, ""),
        ("$\\boxed{(3, 4)}$", "(3,4]", False, "brackets"),
        ("$\\boxed{\\left( 3, \\pi/2 \\right)}$", "\\left( 3, \\frac{\\pi}{2} \\right)", True, ""),
        ("$\\boxed{EVELYN}$", "\\text{Evelyn}", True, "words"),
        ("$\\boxed{(E)}$", "\\text{(C)}", False, ""),
        ("It costs $\\boxed{5.40}$ cents.", "5.4 \\text{ cents}", True, ""),
        ("$\\boxed{38\\frac{4}{7}}$", "\\frac{270}7\\text{ degrees}", True, ""),
        ("The solutions are $x = -2, 1$.", "-2,1", True, ""),
        ("$\\boxed{1 - \\sqrt{19}, 1 + \\sqrt{19}}$", "1 \\pm \\sqrt{19}", True, "any order"),
        ("$\\boxed{x = 5}$", "5", True, ""),
        ("$\\boxed{\\begin{pmatrix} -1 & 0 \\\\ 0 & -1 \\end{pmatrix}}$",
         "\\begin{pmatrix} -1 & 0 \\\\ 0 & -1 \\end{pmatrix}", True, ""),
        ("$\\boxed{10,080}$", "10,\\!080", True, ""),
        ("$\\boxed{2\\cos 15^\\circ}$", "2\\cos 15^{\\circ}", True, ""),
        ("$\\boxed{f(2) < f(1) < f(4)}$", "f(2) < f(1) < f(4)", True, "normalised"),
        ("$\\boxed{\\overline{AB}}$", "\\overline{CD}", False, "(golden CD)"),
        ("$\\boxed{x @ 1}$", "5", False, "cannot be read as math"),
    ],
)  # fmt: skip
def test_answers_are_judged_by_meaning(
    checker: SymbolicChecker, response: str, golden: str, correct: bool, reason: str
) -> None:
    verdict = judged(checker, response, golden)
    assert verdict.correct is correct, verdict.reason
    assert reason in verdict.reason


def test_no_final_answer_is_no_answer(checker: SymbolicChecker) -> None:
    for response in ("", "I cannot solve this.", "$\\boxed{}$", "\\boxed{   }"):
        verdict = judged(checker, response, "5")
        assert verdict.outcome == "no_answer", response


def test_the_golden_may_be_a_whole_solution_with_a_boxed_answer(checker: SymbolicChecker) -> None:
    solution = "We find $x=2$, so the sum is $\\boxed{\\frac{1}{2}}$."
    assert judged(checker, "The answer is 0.5.", solution).correct


ADVERSARIAL = [
    "\\boxed{10**10**10}",
    "\\boxed{2^{2^{100}}}",
    "\\boxed{9^{9^{9^{9^{9}}}}}",
    "\\boxed{" + "(" * 10_000 + "1" + ")" * 10_000 + "}",
    "$" + "(" * 400 + "1" + ")" * 400 + "$",
    "\\boxed{" + "\\frac{1}{" * 300 + "2" + "}" * 300 + "}",
    "\\boxed{x" + "!" * 500 + "}",
    "\\boxed{" + "2**" * 299 + "2}",
    "\\boxed{" + "-" * 590 + "1}",
    "\\boxed{" + "{" * 5_000,
    "The answer is " + "9" * 100_000,
    "x" * 1_000_000 + " The answer is 5.",
    "$" * 100_000,
    "\\boxed{" * 50_000,
    "The answer is " + "1+" * 50_000 + "1",
    "\\boxed{\\sqrt{\\sqrt{\\sqrt{\\sqrt{\\sqrt{\\sqrt{10^{10^{10}}}}}}}}}",
    "\\boxed{(10^{1000})! }",
    "\\boxed{\\sin(10^{10^{5}})}",
    "\\boxed{e^{e^{e^{e^{e^{e}}}}}}",
    "\\boxed{x^{10^{9}} - x^{10^{9}}}",
    "\\boxed{\\u0000\\x00\u202e\ud7ff\U0001f600 \u00a0}",
    "".join(chr(c) for c in range(0x2000, 0x2400)),
]


@pytest.mark.parametrize("response", ADVERSARIAL, ids=range(len(ADVERSARIAL)))
def test_adversarial_input_gets_a_verdict_with_a_reason_in_time(
    checker: SymbolicChecker, response: str
) -> None:
    verdict = judged(checker, response, "5")
    assert verdict.correct is response.endswith("The answer is 5."), verdict.reason


def test_adversarial_golden_answers_are_read_within_bounds(checker: SymbolicChecker) -> None:
    for golden in ("10**10**10", "(" * 5_000, "\\frac" * 2_000, "9" * 10_000):
        verdict = judged(checker, "\\boxed{5}", golden)
        assert not verdict.correct and verdict.reason


def test_a_slow_sympy_proof_is_cut_off_and_left_undecided_never_wrong() -> None:
    pool = SympyPool(workers=1, timeout_s=0.5)
    pool.prove(Proof("expression", Symbol("x"), Symbol("x")))
    slow = SymbolicChecker(pool=pool)
    square = "x^2+y^2+z^2+w^2+2xy+2xz+2xw+2yz+2yw+2zw+2x+2y+2z+2w+1"
    try:
        started = time.perf_counter()
        verdict = slow.check(f"\\boxed{{(x+y+z+w+1)^{{18}}({square})}}", "(x+y+z+w+1)^{20}")
        seconds = time.perf_counter() - started
    finally:
        pool.close()
    assert verdict.undecided and verdict.outcome == "undecided"
    assert "undecided: sympy timed out after 0.5 s" in verdict.reason
    assert seconds < 0.5 + 2.0  # the timeout, and killing the worker


def test_checks_from_several_threads_at_once(checker: SymbolicChecker) -> None:
    cases = [
        ("$\\boxed{x^2+2x+1}$", "(x+1)^2", True),
        ("$\\boxed{\\frac{28}{6}}$", "\\frac{14}{3}", True),
        ("$\\boxed{(2,\\infty)}$", "(2,\\infty)", True),
        ("$\\boxed{x^2+2x+2}$", "(x+1)^2", False),
    ] * 5
    results: dict[int, bool] = {}

    def run(index: int, response: str, golden: str) -> None:
        results[index] = checker.check(response, golden).correct

    threads = [
        threading.Thread(target=run, args=(index, response, golden))
        for index, (response, golden, _) in enumerate(cases)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert [results[i] for i in range(len(cases))] == [correct for _, _, correct in cases]


def test_sympy_never_runs_in_the_checking_process() -> None:
    """A proof is made in the worker: the checking process never imports sympy, and importing
    the plugin (as ``mathbench plugins`` does) imports neither sympy nor mpmath."""
    script = (
        "import sys, mathbench.plugins.checkers\n"
        "assert 'mpmath' not in sys.modules and 'sympy' not in sys.modules\n"
        "from mathbench.plugins.checkers.symbolic_checker import SymbolicChecker\n"
        "v = SymbolicChecker().check('$\\\\boxed{ab+2a+5b+10}$', '(a+5)(b+2)')\n"
        "print(v.correct, 'sympy' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert result.stdout.split() == ["True", "False"], result.stderr


def test_symbolic_is_registered_as_a_plugin_with_its_extra() -> None:
    manager = pluggy.PluginManager("mathbench")
    manager.add_hookspecs(hookspecs)
    manager.register(mathbench.plugins.checkers)
    registered: list[Checker] = []
    register: Callable[[Checker], None] = registered.append
    manager.hook.register_checkers(register=register)
    symbolic = next(c for c in registered if c.name == "symbolic")
    assert (symbolic.requires, symbolic.extra) == (("sympy",), "math")
    assert symbolic.missing_requirements() == []
