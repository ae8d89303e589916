"""The ``symbolic`` checker: LaTeX answers (MATH) judged by their meaning, not their spelling.

A check runs in stages, each cheaper than the next, and stops at the first that decides:

1. **Extract** the final answer: the last ``\\boxed{}`` (braces balanced), else what follows the
   last "The answer is"/"Final Answer:", else the last ``$...$``/``\\(...\\)``/``\\[...\\]``, else
   the last number (``latex_normalise.extract_final_answer``). Its span is the verdict's one
   candidate. An answer longer than ``MAX_ANSWER_CHARS`` is judged wrong without being read.
2. **Normalised text**: both answers lose dollar signs, ``\\left``, spacing, units, ``\\%``,
   thousands separators and ``\\dfrac`` spellings; equal strings are correct.
3. **Value**: both are parsed by our own bounded parser (``latex_math``; never ``eval`` nor
   ``sympify``) and compared structurally (tuples, intervals, sets, matrices, ``\\pm``,
   equations) and by value: exactly for rationals, at 30 digits otherwise, and for expressions
   with variables at random points, where any difference decides "wrong".
4. **Sympy** confirms an identity between expressions with variables that random evaluation
   found (``expand``, then ``simplify``, then ``equals``), in a worker process with a wall-clock
   timeout (``bounded``); a timeout or an unproven identity is judged wrong, with the reason.

Requires sympy (``pip install 'mathbench[math]'``): its ``mpmath`` evaluates irrational values
in stage 3, and sympy itself runs only in the worker. Golden answers are parsed once per process.
"""

from __future__ import annotations

from functools import lru_cache

from mathbench.checker import Checker
from mathbench.types import Candidate, Verdict
from mathbench_checkers.bounded import SympyPool, shared_pool
from mathbench_checkers.latex_math import (
    EvaluationError,
    Node,
    ParseError,
    compare,
    parse,
)
from mathbench_checkers.latex_normalise import (
    MAX_ANSWER_CHARS,
    comparison_key,
    extract_final_answer,
    normalise,
)

#: Longest normalised answer shown as a candidate's value.
VALUE_CHARS = 200


class SymbolicChecker(Checker):
    """Equivalence of LaTeX answers: normalised text, then value, then a bounded sympy proof."""

    name = "symbolic"
    description = "LaTeX answers (MATH): normalised text, exact/numeric value, sympy equivalence"
    requires = ("sympy",)
    extra = "math"

    def __init__(self, pool: SympyPool | None = None) -> None:
        """``pool`` runs the sympy proofs; by default the process-wide ``shared_pool()``."""
        self._pool = pool

    def check(self, response: str, golden: str) -> Verdict:
        final = extract_final_answer(response)
        if final is None or not final.text.strip():
            return Verdict(False, (), self.name, "no final answer found in the response")
        golden_text, golden_key, golden_tree = _read_golden(golden)

        def verdict(correct: bool, reason: str, value: str) -> Verdict:
            candidate = Candidate(final.text, final.start, final.end, value[:VALUE_CHARS], correct)
            return Verdict(correct, (candidate,), self.name, reason)

        if len(final.text) > MAX_ANSWER_CHARS:
            return verdict(False, f"the answer is longer than {MAX_ANSWER_CHARS} characters", "")
        answer_text = normalise(final.text)
        if comparison_key(answer_text) == golden_key and golden_key:
            return verdict(True, f"{answer_text} is {golden_text} once normalised", answer_text)
        if isinstance(golden_tree, ParseError):
            return verdict(False, f"differs from golden {golden_text} ({golden_tree})", answer_text)
        try:
            answer_tree = parse(answer_text)
        except ParseError as error:
            return verdict(False, f"the answer cannot be read as math ({error})", answer_text)
        try:
            judgement = compare(golden_tree, answer_tree)
        except (EvaluationError, ArithmeticError) as error:
            return verdict(False, f"the answers could not be compared ({error})", answer_text)
        if judgement.verdict != "equal":
            return verdict(False, f"{judgement.reason} (golden {golden_text})", answer_text)
        reason = judgement.reason
        for proof in judgement.proofs:
            result = (self._pool or shared_pool()).prove(proof)
            if result.holds is not True:
                reason = f"random evaluation agreed but {result.detail} (golden {golden_text})"
                return verdict(False, reason, answer_text)
            reason = f"{judgement.reason}; {result.detail}"
        return verdict(True, f"{reason} (golden {golden_text})", answer_text)


@lru_cache(maxsize=16_384)
def _read_golden(golden: str) -> tuple[str, str, Node | ParseError]:
    """A golden answer's normalised text, its comparison key, and its tree (or why none)."""
    text = golden
    boxed = extract_final_answer(golden) if "\\boxed" in golden or "\\fbox" in golden else None
    if boxed is not None:
        text = boxed.text
    normalised = normalise(text[:MAX_ANSWER_CHARS])
    try:
        tree: Node | ParseError = parse(normalised)
    except ParseError as error:
        tree = error
    return normalised, comparison_key(normalised), tree
