"""Math word problem sets as a mathbench plugin: ``math23k``, ``svamp`` and ``asdiv``.

A third-party plugin that registers a benchmark of the same name (a corrected edition of the data,
say) wins over the built-in one: the registry prefers a component from any distribution but
mathbench's own (``mathbench.registry``), whatever the order hooks run in.
"""

from __future__ import annotations

from collections.abc import Callable

from mathbench.benchmark import Benchmark
from mathbench.hookspecs import hookimpl
from mathbench.plugins.mwp.benchmarks import AsdivBenchmark, Math23kBenchmark, SvampBenchmark

__all__ = ["AsdivBenchmark", "Math23kBenchmark", "SvampBenchmark", "register_benchmarks"]

#: Built-in components are defaults: a plugin registering one of the same name replaces it.
MATHBENCH_DEFAULTS = True


@hookimpl
def register_benchmarks(register: Callable[[Benchmark], None]) -> None:
    register(Math23kBenchmark())
    register(SvampBenchmark())
    register(AsdivBenchmark())
