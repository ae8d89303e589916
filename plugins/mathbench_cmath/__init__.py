"""The CMATH benchmarks as a mathbench plugin: ``cmath`` (dev, test) and ``cmath-distractor``.

The hook is marked ``trylast``, as defaults are: a third-party plugin that registers a benchmark of
the same name (a corrected edition of the data, say) is meant to win over the built-in one.
"""

from __future__ import annotations

from collections.abc import Callable

from mathbench.benchmark import Benchmark
from mathbench.hookspecs import hookimpl
from mathbench_cmath.benchmarks import CmathBenchmark, CmathDistractorBenchmark

__all__ = ["CmathBenchmark", "CmathDistractorBenchmark", "register_benchmarks"]


@hookimpl(trylast=True)
def register_benchmarks(register: Callable[[Benchmark], None]) -> None:
    register(CmathBenchmark())
    register(CmathDistractorBenchmark())
