"""The answer checker plugin interface."""

from __future__ import annotations

from abc import abstractmethod

from mathbench.component import Component
from mathbench.types import Verdict


class Checker(Component):
    """Turns a model response and a golden answer into a ``Verdict``.

    A checker never evaluates model output as code, and bounds every parse in time and size: the
    response is untrusted text of any length.
    """

    @abstractmethod
    def check(self, response: str, golden: str) -> Verdict:
        """Judge one response against the golden answer as the benchmark wrote it."""
