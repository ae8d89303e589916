"""Prompt templates: how a problem becomes chat messages.

The built-in ``raw`` template is registered through the same ``mathbench`` entry-point group as any
plugin, so a third party can add templates (chain of thought, few-shot) the same way.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable

from mathbench.component import Component
from mathbench.hookspecs import hookimpl
from mathbench.types import Message, Problem


class PromptTemplate(Component):
    """A named way to ask a problem. Its name is part of a run's identity."""

    @abstractmethod
    def render(self, problem: Problem) -> tuple[Message, ...]:
        """The messages sent to the model for this problem."""


class RawTemplate(PromptTemplate):
    """The problem text alone, zero-shot: the CMATH paper's setting."""

    name = "raw"
    description = "the problem text alone as the user turn (zero-shot, as in the CMATH paper)"

    def render(self, problem: Problem) -> tuple[Message, ...]:
        return (Message("user", problem.text),)


@hookimpl(trylast=True)
def register_prompt_templates(register: Callable[[PromptTemplate], None]) -> None:
    register(RawTemplate())
