"""Loading plugins from the ``mathbench`` entry-point group and collecting what they register.

Built-in plugins and third-party ones take the same road. Each entry point is loaded on its own, so
one that fails to import (or whose hook raises) is recorded with its distribution and error and
skipped while the others keep working. Nothing here is module-global: ``load_registry`` builds a
fresh plugin manager each time, as pytest does, so tests need no reset.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint, entry_points
from typing import Any, Literal

import pluggy

from mathbench import hookspecs
from mathbench.backend import Backend
from mathbench.benchmark import Benchmark
from mathbench.checker import Checker
from mathbench.component import Component
from mathbench.errors import MathbenchError
from mathbench.templates import PromptTemplate

ENTRY_POINT_GROUP = "mathbench"
DISABLE_ENV = "MATHBENCH_DISABLE_PLUGINS"

Kind = Literal["benchmark", "backend", "checker", "template"]

_HOOKS: dict[Kind, str] = {
    "benchmark": "register_benchmarks",
    "backend": "register_backends",
    "checker": "register_checkers",
    "template": "register_prompt_templates",
}


@dataclass(frozen=True)
class PluginInfo:
    """One loaded (or failed) plugin: its entry-point name and the distribution that ships it."""

    name: str
    distribution: str
    version: str
    error: str | None = None


@dataclass(frozen=True)
class Registered:
    """A component with the plugin that registered it."""

    kind: Kind
    component: Any
    plugin: PluginInfo

    @property
    def name(self) -> str:
        return str(self.component.name)

    @property
    def missing(self) -> list[str]:
        return self.component.missing_requirements()  # type: ignore[no-any-return]


@dataclass
class Registry:
    """Every component the installed plugins registered, by kind and name."""

    plugins: list[PluginInfo] = field(default_factory=list)
    components: dict[Kind, dict[str, Registered]] = field(
        default_factory=lambda: {kind: {} for kind in _HOOKS}
    )
    #: Components that lost a name clash to an earlier registration, for ``mathbench plugins``.
    shadowed: list[Registered] = field(default_factory=list)
    manager: pluggy.PluginManager = field(default_factory=lambda: _new_manager())

    @property
    def failed(self) -> list[PluginInfo]:
        return [plugin for plugin in self.plugins if plugin.error]

    def benchmark(self, name: str) -> Benchmark:
        return self._usable("benchmark", name)  # type: ignore[no-any-return]

    def backend_class(self, name: str) -> type[Backend]:
        return self._usable("backend", name)  # type: ignore[no-any-return]

    def checker(self, name: str) -> Checker:
        return self._usable("checker", name)  # type: ignore[no-any-return]

    def template(self, name: str) -> PromptTemplate:
        return self._usable("template", name)  # type: ignore[no-any-return]

    def names(self, kind: Kind) -> list[str]:
        return sorted(self.components[kind])

    def _usable(self, kind: Kind, name: str) -> Any:
        entry = self.components[kind].get(name)
        if entry is None:
            known = ", ".join(self.names(kind)) or "none installed"
            hint = self._failed_hint()
            raise MathbenchError(f"No {kind} named {name!r} (known: {known}).{hint}")
        missing = entry.missing
        if missing:
            component: Component = entry.component
            raise MathbenchError(
                f"The {kind} {name!r} needs {', '.join(missing)}, which is not installed: "
                f"run {component.install_hint()}."
            )
        return entry.component

    def _failed_hint(self) -> str:
        if not self.failed:
            return ""
        names = ", ".join(f"{p.name} ({p.distribution})" for p in self.failed)
        return f" Plugins that failed to load: {names}; see `mathbench plugins`."

    def add_plugin(self, plugin: object, info: PluginInfo) -> None:
        """Register one plugin object and collect its components; a hook that raises marks the
        plugin failed and leaves what others registered intact."""
        self.manager.register(plugin, name=info.name)
        collected: list[Registered] = []
        try:
            for kind, hook_name in _HOOKS.items():
                hook = getattr(self.manager.hook, hook_name)
                for impl in hook.get_hookimpls():
                    if impl.plugin is plugin:
                        impl.function(register=_collector(kind, info, collected))
        except Exception as error:  # a third party's bug must not take the others down
            self.manager.unregister(plugin)
            self.plugins.append(
                PluginInfo(info.name, info.distribution, info.version, _describe(error))
            )
            return
        self.plugins.append(info)
        for entry in collected:
            self._add(entry)

    def _add(self, entry: Registered) -> None:
        by_name = self.components[entry.kind]
        existing = by_name.get(entry.name)
        if existing is None or (_is_builtin(existing) and not _is_builtin(entry)):
            if existing is not None:
                self.shadowed.append(existing)
            by_name[entry.name] = entry
        else:
            self.shadowed.append(entry)

    def add_commands(self, cli: Any) -> None:
        """Let every plugin add its sub-commands to the CLI group."""
        self.manager.hook.register_commands(cli=cli)


def _collector(kind: Kind, info: PluginInfo, into: list[Registered]) -> Callable[[Any], None]:
    expected: type = {
        "benchmark": Benchmark,
        "backend": Backend,
        "checker": Checker,
        "template": PromptTemplate,
    }[kind]

    def register(component: Any) -> None:
        is_class = isinstance(component, type)
        ok = issubclass(component, expected) if is_class else isinstance(component, expected)
        if ok and (kind == "backend") != is_class:
            ok = False
        if not ok:
            shape = "a subclass" if kind == "backend" else "an instance"
            raise TypeError(
                f"{_HOOKS[kind]} was given {component!r}; it takes {shape} of {expected.__name__}"
            )
        into.append(Registered(kind, component, info))

    return register


def _is_builtin(entry: Registered) -> bool:
    return entry.plugin.distribution == "mathbench"


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


def _new_manager() -> pluggy.PluginManager:
    manager = pluggy.PluginManager("mathbench")
    manager.add_hookspecs(hookspecs)
    return manager


def _disabled() -> set[str]:
    return {name.strip() for name in os.environ.get(DISABLE_ENV, "").split(",") if name.strip()}


def _load(entry_point: EntryPoint) -> tuple[object | None, PluginInfo]:
    dist = entry_point.dist
    info = PluginInfo(
        name=entry_point.name,
        distribution=dist.name if dist else "unknown",
        version=dist.version if dist else "unknown",
    )
    try:
        return entry_point.load(), info
    except Exception as error:
        return None, PluginInfo(info.name, info.distribution, info.version, _describe(error))


def load_registry(extra_plugins: Iterable[tuple[str, object]] = ()) -> Registry:
    """Load every plugin of the ``mathbench`` entry-point group, then ``extra_plugins``.

    ``extra_plugins`` are ``(name, plugin object)`` pairs registered the same way; tests use it to
    add a plugin without installing a distribution. Plugins named in ``MATHBENCH_DISABLE_PLUGINS``
    (comma-separated entry-point names) are skipped.
    """
    registry = Registry()
    disabled = _disabled()
    seen: set[str] = set()
    for entry_point in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: ep.name):
        # An environment can list one distribution twice (an editable install beside a wheel).
        if entry_point.name in disabled or entry_point.name in seen:
            continue
        seen.add(entry_point.name)
        plugin, info = _load(entry_point)
        if plugin is None:
            registry.plugins.append(info)
        else:
            registry.add_plugin(plugin, info)
    for name, plugin in extra_plugins:
        registry.add_plugin(plugin, PluginInfo(name, distribution="(in process)", version=""))
    return registry
