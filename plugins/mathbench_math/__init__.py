"""The MATH benchmark (Hendrycks et al. 2021) as a mathbench plugin: ``math`` (test, math500).

The hook is marked ``trylast``, as defaults are: a third-party plugin that registers a benchmark of
the same name (a corrected edition of the data, say) is meant to win over the built-in one.
"""

from __future__ import annotations

from collections.abc import Callable

from mathbench.benchmark import Benchmark
from mathbench.hookspecs import hookimpl
from mathbench_math.benchmarks import MathBenchmark

__all__ = ["MathBenchmark", "register_benchmarks"]


@hookimpl(trylast=True)
def register_benchmarks(register: Callable[[Benchmark], None]) -> None:
    register(MathBenchmark())
