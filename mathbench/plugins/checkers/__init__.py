"""Built-in answer checkers: ``cmath`` (the CMATH paper's method), ``numeric`` (strict final
answer), ``numeric-1e-3`` (Math401's tolerance) and ``symbolic`` (LaTeX answers, sympy).

A third-party plugin registering a checker of the same name wins (the registry's precedence rule).
The numeral reader in ``mathbench.plugins.checkers.numerals`` is shared with stricter checkers, and
``mathbench._compare.compare_checkers`` shows where two checkers disagree. No module
imported here imports sympy or mpmath: ``symbolic`` loads them when it first checks.
"""

from __future__ import annotations

from collections.abc import Callable

from mathbench.checker import Checker
from mathbench.hookspecs import hookimpl
from mathbench.plugins.checkers.cmath_checker import CmathChecker
from mathbench.plugins.checkers.numeric_checker import NumericChecker, NumericChecker1e3
from mathbench.plugins.checkers.symbolic_checker import SymbolicChecker

#: Built-in components are defaults: a plugin registering one of the same name replaces it.
MATHBENCH_DEFAULTS = True


@hookimpl
def register_checkers(register: Callable[[Checker], None]) -> None:
    register(CmathChecker())
    register(NumericChecker())
    register(NumericChecker1e3())
    register(SymbolicChecker())
