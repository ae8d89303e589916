"""The Math401 arithmetic benchmark (Yuan et al. 2023) as a mathbench plugin: ``math401``.

A third-party plugin that registers a benchmark of the same name (a corrected edition of the data,
say) wins over the built-in one: the registry prefers a component from any distribution but
mathbench's own (``mathbench.registry``), whatever the order hooks run in.
"""

from __future__ import annotations

from collections.abc import Callable

from mathbench.benchmark import Benchmark
from mathbench.hookspecs import hookimpl
from mathbench.plugins.math401.benchmarks import Math401Benchmark

__all__ = ["Math401Benchmark", "register_benchmarks"]

#: Built-in components are defaults: a plugin registering one of the same name replaces it.
MATHBENCH_DEFAULTS = True


@hookimpl
def register_benchmarks(register: Callable[[Benchmark], None]) -> None:
    register(Math401Benchmark())
