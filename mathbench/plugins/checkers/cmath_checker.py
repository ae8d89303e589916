"""The CMATH paper's answer checker (Wei et al. 2023, arXiv 2306.16636), as a working tool.

The paper judges free-form answers automatically and reports 96% precision and 98% recall against
human judgement. Its published tool (``eval.py`` with ``utils.py`` in XiaoMi/cmath) cannot run as
published (``extract_digits_prediction`` calls ``has_exception`` with an argument it does not
take), so this module re-implements the method; no code is taken from it. What the method is:

* It reads the response only, never the question, and looks for the numerals that likely form the
  concluded answer: integers, decimals, ``a/b`` and ``\\frac{a}{b}`` fractions, ``a分之b``,
  percentages, with ``1,450`` read as 1450. A numeral counts only where it stands beside Chinese
  text, punctuation, ``=``, ``:`` or a line boundary, so the operands of ``3×6`` are not
  candidates while the ``18`` after ``=`` is.
* Of those candidates it keeps the last two (its default truncation ``"t"``) and calls the
  response correct when either matches the golden answer.
* Two integer literals match only when equal; any other pair matches when the relative difference
  ``|a - b| / (min(|a|, |b|) + 1e-6)`` is below ``1e-2``, i.e. within 1% (so ``3.33`` matches
  ``10/3`` and ``0.4`` matches ``72/180``, but ``1/3`` is 1.01% from a golden ``0.33`` and does
  not). A percentage is its number over 100: golden ``40%`` matches ``40%``, ``0.4`` and ``2/5``,
  and not a bare ``40``. We keep all of this exactly, with exact ``Fraction`` arithmetic.

Where the paper is silent or its tool falls short, we choose, and say why:

* **An explicit conclusion wins.** When the response states its answer (``\\boxed{}``, ``答：``,
  ``答案是``, ``the answer is``, ``Answer:``, ``####``), the candidates are the numerals of the
  last such statement that has any, not the last two of the whole text: checks (``验算：…``)
  and other remarks after the answer then cannot stand in for it, which is the paper's own
  intent ("numerals that form the concluded answer"). Without one, the last-two rule applies.
* **English and LaTeX responses.** The paper's context rule needs Chinese text around a number;
  ours asks instead that a numeral be no arithmetic operand, no left-hand side of ``=``, no list
  or step number (``1.``, ``第1步``, ``Step 1``) and not negated (``不是18``), so ``The answer is
  18`` is read too, and so are ``\\dfrac``, mixed numbers, full-width digits and negative numbers.
* **Number words** (``二十四``, ``twenty-four``) are read in an answer statement, or a response,
  that offers no other numeral; elsewhere the same characters make ordinary words (``一共``).
* **Hedging** between two different values (``18或20``, ``18 or 20``) or a range (``20到25``)
  is no answer a teacher accepts: it is judged wrong, though the paper's rule would accept it.
* **Restated givens and questions.** Without a conclusion statement, numerals in a sentence that
  restates the problem (``已知…``, ``题目中…``, ``Given …``, until a ``所以``/``=``/``so``) or
  asks a question (ends in ``？``) are not candidates, nor are the operands of worded arithmetic
  (``25除以5``, ``3 times 6``): the paper's context rule would take them.
* **Broken-off responses.** Without a conclusion statement, a response that stops on a dangling
  word (``然后再减去``, ``所以``, ``, so``) never concluded, and is judged wrong whatever its last
  numerals are; the paper's rule would take them.
* **Runaway output.** A small model often answers and then writes a new problem of its own
  (``答：18\\n问题2：…``); the response is cut where such a new turn begins after an answer.
* **Bounds.** Only the last ``REGION_CHARS`` characters before that cut are read (the concluded
  answer is at the end, and the paper reads only the last two numerals anyway), or, when they hold
  no numeral at all (an answer followed by pages of looping filler), the first ``REGION_CHARS``.
  The cut is looked for in the first ``TURN_SEARCH_CHARS`` characters and every regular
  expression is linear, so a response of any length costs a bounded time.
* **A numeral is an answer only when the answer is that numeral**: ``\\sqrt{2}``, ``2\\pi``,
  ``不到18``, ``18的一半`` and ``not 12`` never match 2, 12 or 18; ``3×10⁵`` is 300000; a response
  that ends by declining to answer (``条件不足，无法回答``) is not credited with a number from its
  working.
* Candidates keep response order; the paper's tool orders them by regex kind per line and then
  deduplicates through a ``set``, which only affects which "last two" it keeps.

Everything about *where* the answer is lives in the shared reader
(``answer``, beside this module), which every checker uses; this module holds only the paper's
comparison. Its 1% tolerance is a policy of this checker (``policy.PAPER_TOLERANCE``): it is kept
for reproducing the paper's numbers, and it accepts rounded answers a teacher would not ("约64元"
for 63.8); the CMATH benchmarks' default checker is the strict ``numeric``.
"""

from __future__ import annotations

from mathbench.checker import Checker
from mathbench.plugins.checkers.answer import REFUSED, conclude
from mathbench.plugins.checkers.numerals import Form, Numeral, format_value, parse_numeral
from mathbench.plugins.checkers.policy import within_paper_tolerance
from mathbench.types import Candidate, Verdict


def values_match(candidate: Numeral, golden: Numeral) -> bool:
    """The paper's rule: integer literals exactly, anything else within 1% relative difference."""
    if candidate.form is Form.INTEGER and golden.form is Form.INTEGER:
        return candidate.value == golden.value
    return within_paper_tolerance(candidate.value, golden.value)


class CmathChecker(Checker):
    """The CMATH paper's checker: do the numerals of the concluded answer match the golden one?"""

    name = "cmath"
    description = (
        "CMATH paper: numerals of the concluded answer match golden within 1% (ints exact)"
    )

    def check(self, response: str, golden: str, *, problem: str | None = None) -> Verdict:
        """The paper reads the response only, so ``problem`` is not used."""
        gold = parse_numeral(golden)
        conclusion = conclude(response)
        candidates = tuple(
            Candidate(
                text=n.text,
                start=n.start,
                end=n.end,
                value=format_value(n.value),
                matches=gold is not None and values_match(n, gold),
            )
            for n in conclusion.numerals
        )
        if conclusion.refused:
            return Verdict(False, (), self.name, REFUSED)
        if not candidates and conclusion.expressions:
            expression = conclusion.expressions[-1]
            return Verdict(False, (expression.candidate(),), self.name, expression.reason)
        if not candidates:
            return Verdict(False, (), self.name, "no numeral found in the response")
        read = ", ".join(c.value for c in candidates)
        where = f"{read} ({conclusion.source})"
        if gold is None:
            return Verdict(False, candidates, self.name, f"golden {golden!r} is not a number")
        if conclusion.hedged:
            return Verdict(False, candidates, self.name, f"hedges between {where}")
        if conclusion.broken_off:
            return Verdict(False, candidates, self.name, f"breaks off before concluding, {where}")
        correct = any(c.matches for c in candidates)
        verb = "matches" if correct else "does not match"
        return Verdict(correct, candidates, self.name, f"{where} {verb} golden {golden.strip()}")
