"""Prompt templates: how a problem becomes chat messages.

The built-in templates are registered through the same ``mathbench`` entry-point group as any
plugin, so a third party adds templates the same way:

* ``raw``: the problem text alone, zero-shot (the CMATH paper's setting);
* ``cot``: zero-shot chain of thought (Kojima et al. 2022), asking for the answer in a fixed form;
* ``fewshot``: worked examples as earlier chat turns, then the problem. The examples are the
  benchmark's ``exemplars(split)`` (GSM8K 8, MATH 4, as their literature uses; see
  ``Benchmark.exemplars``).
"""

from __future__ import annotations

import re
from abc import abstractmethod
from collections.abc import Callable, Sequence
from typing import ClassVar

from mathbench._component import Component
from mathbench.hookspecs import hookimpl
from mathbench.types import Message, Problem

_CJK = re.compile(r"[\u4e00-\u9fff]")


def is_chinese(text: str) -> bool:
    """Whether a problem is written in Chinese, so instructions and answer lines match it."""
    return bool(_CJK.search(text))


def answer_line(problem: Problem) -> str:
    """How a worked example states its answer, in the problem's language."""
    return (
        f"答案是：{problem.golden}"
        if is_chinese(problem.text)
        else (f"The answer is {problem.golden}.")
    )


class PromptTemplate(Component):
    """A named way to ask a problem. Its name (and exemplars, if any) are part of a run's identity.

    A template with ``uses_exemplars`` receives the benchmark's worked examples; the runner then
    leaves those problems out of the evaluation, since the model has seen their answers.
    """

    uses_exemplars: ClassVar[bool] = False

    @abstractmethod
    def render(self, problem: Problem, exemplars: Sequence[Problem] = ()) -> tuple[Message, ...]:
        """The messages sent to the model for this problem."""


class RawTemplate(PromptTemplate):
    """The problem text alone, zero-shot: the CMATH paper's setting."""

    name = "raw"
    description = "the problem text alone as the user turn (zero-shot, as in the CMATH paper)"

    def render(self, problem: Problem, exemplars: Sequence[Problem] = ()) -> tuple[Message, ...]:
        return (Message("user", problem.text),)


class ChainOfThoughtTemplate(PromptTemplate):
    """Zero-shot chain of thought, with the answer asked for in the form the checkers read first."""

    name = "cot"
    description = "zero-shot chain of thought: think step by step, then state the answer"

    def render(self, problem: Problem, exemplars: Sequence[Problem] = ()) -> tuple[Message, ...]:
        if is_chinese(problem.text):
            instruction = "请一步一步地思考，最后一行写“答案是：”和答案。"
        else:
            instruction = 'Let\'s think step by step, and end with a line "The answer is N."'
        return (Message("user", f"{problem.text}\n{instruction}"),)


class FewShotTemplate(PromptTemplate):
    """Worked examples as earlier user/assistant turns, then the problem.

    An example's assistant turn is its worked solution (the ``solution`` annotation, where the
    benchmark has one) followed by the answer line, so the model learns the answer form too.
    """

    name = "fewshot"
    description = (
        "the benchmark's worked examples as earlier chat turns (GSM8K 8-shot, MATH 4-shot)"
    )
    uses_exemplars = True

    def render(self, problem: Problem, exemplars: Sequence[Problem] = ()) -> tuple[Message, ...]:
        messages: list[Message] = []
        for example in exemplars:
            solution = example.annotations.get("solution")
            worked = f"{solution}\n{answer_line(example)}" if solution else answer_line(example)
            messages += [Message("user", example.text), Message("assistant", worked)]
        messages.append(Message("user", problem.text))
        return tuple(messages)


#: Built-in components are defaults: a plugin registering one of the same name replaces it.
MATHBENCH_DEFAULTS = True


@hookimpl
def register_prompt_templates(register: Callable[[PromptTemplate], None]) -> None:
    register(RawTemplate())
    register(ChainOfThoughtTemplate())
    register(FewShotTemplate())
