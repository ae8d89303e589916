"""What every registered component (benchmark, backend, checker, template) declares about itself.

A plugin module must import without its heavy dependencies, so that ``mathbench plugins`` can list
it as unavailable with the extra that brings it instead of failing to load it at all.
"""

from __future__ import annotations

import importlib.util
from abc import ABC
from typing import ClassVar


class Component(ABC):
    """Name, one-line description, and the optional dependencies a component needs at use time."""

    name: ClassVar[str]
    description: ClassVar[str] = ""
    #: Import names that must be importable to use the component (e.g. ``("llama_cpp",)``).
    requires: ClassVar[tuple[str, ...]] = ()
    #: The ``mathbench[...]`` extra that installs ``requires``.
    extra: ClassVar[str | None] = None

    @classmethod
    def missing_requirements(cls) -> list[str]:
        return [module for module in cls.requires if importlib.util.find_spec(module) is None]

    @classmethod
    def install_hint(cls) -> str:
        extra = cls.extra or "all"
        return f"pip install 'mathbench[{extra}]'"
