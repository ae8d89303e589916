"""The ``variants`` benchmark as a mathbench plugin: distractor variants authored in the reviewer.

A plugin of its own, not part of the reviewer: running the variants needs no Textual, and the
annotations file it reads is the core's (``mathbench.results.annotations``).
"""

from __future__ import annotations

from collections.abc import Callable

from mathbench import Benchmark, hookimpl
from mathbench.plugins.variants.benchmarks import VariantsBenchmark

__all__ = ["VariantsBenchmark", "register_benchmarks"]

#: Built-in components are defaults: a plugin registering one of the same name replaces it.
MATHBENCH_DEFAULTS = True


@hookimpl
def register_benchmarks(register: Callable[[Benchmark], None]) -> None:
    register(VariantsBenchmark())
