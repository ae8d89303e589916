"""Math word problem sets as a mathbench plugin: ``math23k``, ``svamp`` and ``asdiv``.

The hook is marked ``trylast``, as defaults are: a third-party plugin that registers a benchmark of
the same name (a corrected edition of the data, say) is meant to win over the built-in one.
"""

from __future__ import annotations

from collections.abc import Callable

from mathbench.benchmark import Benchmark
from mathbench.hookspecs import hookimpl
from mathbench_mwp.benchmarks import AsdivBenchmark, Math23kBenchmark, SvampBenchmark

__all__ = ["AsdivBenchmark", "Math23kBenchmark", "SvampBenchmark", "register_benchmarks"]


@hookimpl(trylast=True)
def register_benchmarks(register: Callable[[Benchmark], None]) -> None:
    register(Math23kBenchmark())
    register(SvampBenchmark())
    register(AsdivBenchmark())
