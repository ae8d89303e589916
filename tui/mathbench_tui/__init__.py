"""The Textual reviewer (``mathbench review``), registered through the ``mathbench`` entry-point
group like every plugin.

It registers the ``review`` command and the ``variants`` benchmark (the distractor variants
annotators author in the reviewer). Importing this module imports no Textual: the command imports
it when it runs, and says which extra to install when it is missing.
"""

from __future__ import annotations

from collections.abc import Callable

import click

from mathbench.benchmark import Benchmark
from mathbench.hookspecs import hookimpl
from mathbench_tui.command import review
from mathbench_tui.variants import VariantsBenchmark

__all__ = ["VariantsBenchmark", "register_benchmarks", "register_commands", "review"]


@hookimpl
def register_commands(cli: click.Group) -> None:
    cli.add_command(review)


@hookimpl
def register_benchmarks(register: Callable[[Benchmark], None]) -> None:
    register(VariantsBenchmark())
