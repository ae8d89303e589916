"""The import names the built-ins had before they moved into ``mathbench.plugins``.

``mathbench_checkers``, ``mathbench_cmath`` and the other ``mathbench_*`` names are the names
docs/plugins.md gives third-party plugins; the built-ins held them until they moved, so that a
third party's ``mathbench_foo`` can never collide with one. Code that imports an old name keeps
working for a release, with a DeprecationWarning naming the new one: each old name, and each of
its submodules, is the *same module object* as the new one (not a copy), so ``isinstance`` checks
and monkeypatching agree whichever name a script used.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import warnings
from collections.abc import Sequence
from types import ModuleType

#: Old top-level name -> where the package lives now.
MOVED = {
    f"mathbench_{name}": f"mathbench.plugins.{name}"
    for name in (
        "checkers",
        "cmath",
        "gsm8k",
        "hf",
        "llama_cpp",
        "math",
        "math401",
        "mwp",
        "openai",
        "tui",
        "variants",
    )
}


def new_name(old: str) -> str | None:
    """The module's name under ``mathbench.plugins``, or None for a name that never moved."""
    top, _, rest = old.partition(".")
    target = MOVED.get(top)
    if target is None:
        return None
    return f"{target}.{rest}" if rest else target


class _AliasLoader(importlib.abc.Loader):
    """Loads an old name as the module already imported (or now imported) under its new name."""

    def __init__(self, target: str) -> None:
        self.target = target

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        return importlib.import_module(self.target)

    def exec_module(self, module: ModuleType) -> None:
        """Nothing to run: the module ran once, under its new name."""


class _AliasFinder(importlib.abc.MetaPathFinder):
    """Answers the submodules of an old name (``mathbench_checkers.answer_reader``)."""

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        target_name = new_name(fullname)
        if target_name is None or "." not in fullname:
            return None
        return importlib.machinery.ModuleSpec(fullname, _AliasLoader(target_name))


_FINDER = _AliasFinder()


def alias(old: str) -> None:
    """Make the old top-level name ``old`` the package that moved, and warn once that it moved.

    Called by the tiny package that still carries the old name (``legacy/`` in the repository),
    which the import system then replaces by what is in ``sys.modules`` under its name.
    """
    target = MOVED[old]
    warnings.warn(
        f"{old} is now {target}; the old name will be removed in a later release",
        DeprecationWarning,
        stacklevel=3,
    )
    if _FINDER not in sys.meta_path:
        sys.meta_path.insert(0, _FINDER)
    sys.modules[old] = importlib.import_module(target)
