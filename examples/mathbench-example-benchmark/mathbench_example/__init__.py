"""An example third-party mathbench plugin: registers the ``mental-arithmetic`` benchmark.

It uses nothing but mathbench's public API, exactly as a plugin on PyPI would.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from importlib.resources import files

from mathbench import Benchmark, Problem, hookimpl


class MentalArithmetic(Benchmark):
    """Twelve one-step problems, annotated with the operation and the number of digits."""

    name = "mental-arithmetic"
    description = "twelve one-step arithmetic word problems (example plugin)"
    splits = ("test",)
    default_split = "test"
    default_checker = "cmath"
    report_by = ("operation", "digits")

    def problems(self, split: str) -> Iterator[Problem]:
        self.check_split(split)
        source = files("mathbench_example") / "problems.jsonl"
        for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), start=1):
            record = json.loads(line)
            yield Problem(
                id=f"ma-{number:02d}",
                text=record["question"],
                golden=record["answer"],
                split=split,
                annotations={"operation": record["operation"], "digits": record["digits"]},
            )


@hookimpl
def register_benchmarks(register: Callable[[Benchmark], None]) -> None:
    register(MentalArithmetic())
