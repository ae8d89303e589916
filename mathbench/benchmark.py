"""The benchmark plugin interface."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Iterator
from typing import ClassVar

from mathbench.component import Component
from mathbench.types import Problem


class Benchmark(Component):
    """A source of problems, with the defaults that make ``mathbench run NAME`` do the right thing.

    ``report_by`` lists the annotations that reports break accuracy down by (CMATH: grade,
    reasoning steps, digits); ``pass_by`` names the one whose groups get a pass/fail mark at
    ``pass_mark`` (the CMATH paper passes a grade at 60% accuracy).
    """

    splits: ClassVar[tuple[str, ...]]
    default_split: ClassVar[str]
    default_checker: ClassVar[str]
    default_template: ClassVar[str] = "raw"
    report_by: ClassVar[tuple[str, ...]] = ()
    pass_by: ClassVar[str | None] = None
    pass_mark: ClassVar[float] = 0.6

    @abstractmethod
    def problems(self, split: str) -> Iterator[Problem]:
        """Yield the split's problems in a stable order; raise ``MathbenchError`` when the data
        cannot be obtained (never yield nothing silently)."""
