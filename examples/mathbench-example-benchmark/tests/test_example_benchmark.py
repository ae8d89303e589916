"""The example plugin's own test: mathbench's conformance kit, as a plugin author runs it."""

from __future__ import annotations

import mathbench_example

from mathbench.testing import check_benchmark, check_plugin


def test_plugin_conforms() -> None:
    check_plugin(mathbench_example)


def test_benchmark_conforms() -> None:
    check_benchmark(mathbench_example.MentalArithmetic())
