"""The answer checker plugin interface, and the one way the core calls a checker."""

from __future__ import annotations

import inspect
from abc import abstractmethod
from functools import cache

from mathbench._component import Component
from mathbench.types import Verdict

#: Longest reason kept for a checker that failed (its exception's text may be long).
MAX_REASON_CHARS = 300


class Checker(Component):
    """Turns a model response and a golden answer into a ``Verdict``.

    A checker never evaluates model output as code, and bounds every parse in time and size: the
    response is untrusted text of any length.

    A checker that reads the question declares an optional keyword,
    ``check(self, response, golden, *, problem: str | None = None)``: ``problem`` is then the
    problem's text whenever the caller has it, so that the checker can pick the quantity asked
    from an answer that names several ("she pays $45 for 3 tickets" answers "how much?" with 45).
    Checkers without it keep working: callers go through ``judge``.
    """

    @abstractmethod
    def check(self, response: str, golden: str) -> Verdict:
        """Judge one response against the golden answer as the benchmark wrote it."""


def judge(checker: Checker, response: str, golden: str, problem: str | None = None) -> Verdict:
    """``checker.check``, with the problem text passed only to checkers that take it.

    Checkers written before ``problem`` existed (``check(self, response, golden)``) keep working:
    the runner, ``score``, ``compare`` and the reviewer all call checkers through here. A checker
    that raises gives an *undecided* verdict that says why: the response stays stored, is never
    counted wrong, and is judged again on the next run (or by another checker).
    """
    try:
        if problem is not None and _takes_problem(type(checker)):
            # A keyword the subclass declares beyond the base signature (see ``Checker``).
            return checker.check(response, golden, problem=problem)  # type: ignore[call-arg]
        return checker.check(response, golden)
    except Exception as error:  # a checker's bug must not cost the generation it was judging
        reason = f"undecided: the checker {checker.name!r} failed ({type(error).__name__}: {error})"
        return Verdict(False, (), checker.name, reason[:MAX_REASON_CHARS], undecided=True)


@cache
def _takes_problem(checker_class: type[Checker]) -> bool:
    try:
        parameters = inspect.signature(checker_class.check).parameters
    except (TypeError, ValueError):  # a C-implemented or otherwise opaque check
        return False
    return "problem" in parameters or any(
        p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values()
    )
