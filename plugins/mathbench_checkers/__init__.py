"""Built-in answer checkers: ``cmath``, the CMATH paper's numeral-matching checker.

Registered ``trylast`` so that a third-party plugin registering a checker of the same name wins.
The numeral reader in ``mathbench_checkers.numerals`` is shared with stricter checkers.
"""

from __future__ import annotations

from collections.abc import Callable

from mathbench.checker import Checker
from mathbench.hookspecs import hookimpl
from mathbench_checkers.cmath_checker import CmathChecker


@hookimpl(trylast=True)
def register_checkers(register: Callable[[Checker], None]) -> None:
    register(CmathChecker())
