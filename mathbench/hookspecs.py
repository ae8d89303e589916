"""The hook specifications a plugin implements, and the marker it implements them with.

Hooks receive a ``register`` callback rather than returning values (the pattern of simonw/llm), so
that one plugin can register any number of components and the core can record which plugin
registered what.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    import click

    from mathbench._templates import PromptTemplate
    from mathbench.backend import Backend
    from mathbench.benchmark import Benchmark
    from mathbench.checker import Checker

hookspec = pluggy.HookspecMarker("mathbench")
hookimpl = pluggy.HookimplMarker("mathbench")


@hookspec
def register_benchmarks(register: Callable[[Benchmark], None]) -> None:
    """Register benchmark instances (cheap to construct: data is read only when asked for)."""


@hookspec
def register_backends(register: Callable[[type[Backend]], None]) -> None:
    """Register model backend classes; they are instantiated per run with a model name."""


@hookspec
def register_checkers(register: Callable[[Checker], None]) -> None:
    """Register answer checker instances."""


@hookspec
def register_prompt_templates(register: Callable[[PromptTemplate], None]) -> None:
    """Register named prompt templates that turn a problem into chat messages."""


@hookspec
def register_commands(cli: click.Group) -> None:
    """Add sub-commands to the ``mathbench`` command line (as ``mathbench review`` arrives)."""
