"""Loading plugins from the ``mathbench`` entry-point group and collecting what they register.

Built-in plugins and third-party ones take the same road. Nothing here is module-global:
``load_registry`` builds a fresh plugin manager each time, as pytest does, so tests need no reset.

**Isolation.** Everything a plugin runs goes through ``_isolated``: importing its module, pluggy's
validation of its hook implementations (a wrong argument name, an unknown hook without
``optionalhook=True``), each of its hooks, ``register_commands`` included. Any exception there,
``SystemExit`` and ``KeyboardInterrupt`` included (any ``BaseException``), makes the plugin
*failed*: it stays in ``Registry.plugins`` with its distribution and a one-line reason that names
the exception and the step (``SystemExit: the plugin called sys.exit(3) (importing foo)``), shown
by ``mathbench plugins``; nothing it registered is kept (when ``register_commands`` raises, which
happens only on the command line, the commands it had added and its components are taken back
out); the other plugins keep working. Nothing is swallowed without a trace.

**Ctrl-C.** A ``KeyboardInterrupt`` that a plugin raises itself (``raise KeyboardInterrupt`` on
import) is a plugin fault, recorded as above; a Ctrl-C from the user still stops the program. They
are told apart by their origin: while plugin code runs in the main thread, a SIGINT handler wraps
the one in place (Python's default raises ``KeyboardInterrupt``) and remembers the exception the
signal raised. Once a SIGINT has arrived, that exception propagates, whatever the plugin did with
it (let it through, raised something else, or swallowed it: then it is raised when the plugin's
code returns). Any other ``KeyboardInterrupt`` is the plugin's own: outside the main thread Python
never delivers SIGINT, and with SIGINT ignored or left to its default action (ending the process)
no signal raises one.

**Names.** A plugin is its entry point *and* its distribution: a third party whose entry point is
called ``cmath`` loads beside the built-in ``cmath`` plugin (distribution ``mathbench``), neither
disappears, and ``mathbench plugins`` notes that the name is used twice. One distribution listed
twice (an editable install beside a wheel) loads once. An entry point naming a module (or object)
that is already loaded as another plugin fails with a reason naming that plugin; built-ins load
first, so it is never the built-in that fails. ``MATHBENCH_DISABLE_PLUGINS`` takes entry-point
names (``cmath`` skips every plugin of that name) or ``distribution:name``.

**Precedence between components.** When two plugins register a component of the same kind and name,
one from a plugin that declares its components *defaults* (a module-level ``MATHBENCH_DEFAULTS =
True``, as every built-in does) yields to one from a plugin that does not; otherwise the first one
registered wins. The rule is the plugin's own declaration, not where it comes from: a built-in
moved into a distribution of its own keeps its place, and a corrected edition of a benchmark from a
third party wins over the built-in. Entry points load built-ins first, then the others, each in
order of (entry-point name, distribution), then ``extra_plugins``. The losing component is kept in
``Registry.shadowed``; ``mathbench plugins`` names it, the one used instead and the rule.
"""

from __future__ import annotations

import inspect
import os
import signal
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import partial
from importlib.metadata import EntryPoint, entry_points
from types import FrameType
from typing import Any, Literal, TypeVar

import pluggy

from mathbench import hookspecs
from mathbench._component import Component
from mathbench._templates import PromptTemplate
from mathbench.backend import Backend
from mathbench.benchmark import Benchmark
from mathbench.checker import Checker
from mathbench.errors import MathbenchError

ENTRY_POINT_GROUP = "mathbench"
DISABLE_ENV = "MATHBENCH_DISABLE_PLUGINS"
#: The distribution that ships the built-in plugins.
BUILTIN_DISTRIBUTION = "mathbench"
#: The module-level flag by which a plugin declares its components defaults that others override.
DEFAULTS_FLAG = "MATHBENCH_DEFAULTS"
#: The longest failure reason kept (it is shown on one line).
_REASON_CHARS = 300

Kind = Literal["benchmark", "backend", "checker", "template"]

_HOOKS: dict[Kind, str] = {
    "benchmark": "register_benchmarks",
    "backend": "register_backends",
    "checker": "register_checkers",
    "template": "register_prompt_templates",
}

_T = TypeVar("_T")


@dataclass(frozen=True)
class PluginInfo:
    """One loaded (or failed) plugin: its entry-point name and the distribution that ships it."""

    name: str
    distribution: str
    version: str
    error: str | None = None
    #: The plugin declared its components defaults (``MATHBENCH_DEFAULTS = True``).
    defaults: bool = False

    @property
    def builtin(self) -> bool:
        return self.distribution == BUILTIN_DISTRIBUTION


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
    #: Components that lost a name clash to another registration, for ``mathbench plugins``.
    shadowed: list[Registered] = field(default_factory=list)
    manager: pluggy.PluginManager = field(default_factory=lambda: _new_manager())
    #: Loaded plugin objects with their info, in load order.
    _loaded: list[tuple[object, PluginInfo]] = field(
        default_factory=list, repr=False, compare=False
    )
    #: Every component of a loaded plugin, in registration order (``components`` and
    #: ``shadowed`` are replayed from it when a plugin fails late, in ``register_commands``).
    _entries: list[Registered] = field(default_factory=list, repr=False, compare=False)

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

    def shadowed_by(self, entry: Registered) -> Registered | None:
        """The component that is used in place of the shadowed ``entry``."""
        return self.components[entry.kind].get(entry.name)

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
        """Register one plugin object and collect its components. If its validation or one of
        its hooks raises (anything, see the module docstring), the plugin is recorded as failed
        and nothing it registered is kept; what others registered stays intact."""
        if plugin is None:  # pluggy would ignore it without a word
            self.plugins.append(replace(info, error="the entry point names None, not a plugin"))
            return
        owner = next((other for obj, other in self._loaded if obj is plugin), None)
        if owner is not None:
            self.plugins.append(
                replace(
                    info,
                    error=f"{_shown(plugin)} is already loaded as plugin {owner.name!r} "
                    f"from {owner.distribution}; not loaded twice",
                )
            )
            return
        info = replace(info, defaults=getattr(plugin, DEFAULTS_FLAG, False) is True)
        internal_name = self._internal_name(info)
        error = _isolated(
            "checking its hook implementations", partial(self._register, plugin, internal_name)
        )[1]
        if error is not None:
            self._unregister(plugin)
            self.plugins.append(replace(info, error=error))
            return
        collected: list[Registered] = []
        for kind, hook_name in _HOOKS.items():
            register = _collector(kind, info, collected)
            for impl in self._impls(hook_name, plugin):
                call = partial(impl.function, *[register for _ in impl.argnames])
                error = _isolated(f"in {hook_name}", call)[1]
                if error is not None:
                    self._unregister(plugin)
                    self.plugins.append(replace(info, error=error))
                    return
        self.plugins.append(info)
        self._loaded.append((plugin, info))
        for entry in collected:
            self._entries.append(entry)
            self._add(entry)

    def add_commands(self, cli: Any) -> None:
        """Let every plugin add its sub-commands to the CLI group (in pluggy's call order). A
        plugin whose ``register_commands`` raises is marked failed: the commands it added are
        taken out again, and so are its components; the other plugins' commands stay."""
        for impl in reversed(self.manager.hook.register_commands.get_hookimpls()):
            plugin = impl.plugin
            info = next((i for obj, i in self._loaded if obj is plugin), None)
            commands = getattr(cli, "commands", None)
            before = dict(commands) if isinstance(commands, dict) else None
            call = partial(impl.function, *[cli for _ in impl.argnames])
            error = _isolated("in register_commands", call)[1]
            if error is None:
                continue
            if commands is not None and before is not None:
                commands.clear()
                commands.update(before)
            self._fail_loaded(plugin, info or PluginInfo(impl.plugin_name, "unknown", ""), error)

    def _register(self, plugin: object, internal_name: str) -> None:
        self.manager.register(plugin, name=internal_name)
        for caller in self.manager.get_hookcallers(plugin) or []:
            if caller.has_spec():
                continue
            for impl in caller.get_hookimpls():
                if impl.plugin is plugin and not impl.optionalhook:
                    known = ", ".join(
                        name for name in dir(hookspecs) if name.startswith("register_")
                    )
                    raise pluggy.PluginValidationError(
                        plugin, f"unknown hook {caller.name!r} (mathbench has {known})"
                    )

    def _internal_name(self, info: PluginInfo) -> str:
        """A pluggy name no other plugin has: entry-point names may repeat across distributions."""
        base = f"{info.distribution}:{info.name}"
        name, number = base, 1
        while self.manager.has_plugin(name) or self.manager.is_blocked(name):
            number += 1
            name = f"{base}#{number}"
        return name

    def _impls(self, hook_name: str, plugin: object) -> list[Any]:
        hook = getattr(self.manager.hook, hook_name)
        return [impl for impl in reversed(hook.get_hookimpls()) if impl.plugin is plugin]

    def _unregister(self, plugin: object) -> None:
        for name, registered in self.manager.list_name_plugin():
            if registered is plugin:
                self.manager.unregister(name=name)

    def _fail_loaded(self, plugin: object, info: PluginInfo, error: str) -> None:
        """Turn an already loaded plugin into a failed one and take its components back out."""
        self._unregister(plugin)
        self._loaded = [(obj, i) for obj, i in self._loaded if obj is not plugin]
        failed = replace(info, error=error)
        index = next((i for i, known in enumerate(self.plugins) if known is info), None)
        if index is None:
            self.plugins.append(failed)
        else:
            self.plugins[index] = failed
        self._entries = [entry for entry in self._entries if entry.plugin is not info]
        for by_name in self.components.values():
            by_name.clear()
        self.shadowed.clear()
        for entry in self._entries:
            self._add(entry)

    def _add(self, entry: Registered) -> None:
        by_name = self.components[entry.kind]
        existing = by_name.get(entry.name)
        if existing is None or (existing.plugin.defaults and not entry.plugin.defaults):
            if existing is not None:
                self.shadowed.append(existing)
            by_name[entry.name] = entry
        else:
            self.shadowed.append(entry)


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
        entry = Registered(kind, component, info)
        entry.name  # noqa: B018 -- a name that cannot be read fails the plugin now, not later
        into.append(entry)

    return register


class _CtrlC:
    """While installed, notes the ``KeyboardInterrupt`` that a real SIGINT raises."""

    def __init__(self) -> None:
        self.interrupt: BaseException | None = None
        self._previous: Any = None
        self._installed = False

    def install(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return  # SIGINT is only ever handled in the main thread
        previous = signal.getsignal(signal.SIGINT)
        if not callable(previous):
            return  # ignored, or the default action: it ends the process, no exception
        try:
            signal.signal(signal.SIGINT, self._handle)
        except ValueError:  # not the main interpreter
            return
        self._previous, self._installed = previous, True

    def restore(self) -> None:
        if self._installed:
            signal.signal(signal.SIGINT, self._previous)
            self._installed = False

    def _handle(self, signum: int, frame: FrameType | None) -> Any:
        try:
            return self._previous(signum, frame)
        except BaseException as interrupt:
            self.interrupt = interrupt
            raise


def _isolated(where: str, function: Callable[[], _T]) -> tuple[_T | None, str | None]:
    """Run plugin code: ``(result, None)``, or ``(None, reason)`` if it raised anything. A real
    Ctrl-C (see the module docstring) is re-raised, even if the plugin caught it."""
    ctrl_c = _CtrlC()
    ctrl_c.install()
    result: _T | None = None
    try:
        result = function()
    except BaseException as error:  # a plugin's fault, whatever it raised, unless Ctrl-C
        if ctrl_c.interrupt is None:
            return None, _describe(error, where)
    finally:
        ctrl_c.restore()
    if ctrl_c.interrupt is not None:
        raise ctrl_c.interrupt  # the user's, whatever the plugin made of it
    return result, None


def _describe(error: BaseException, where: str) -> str:
    """One line: the exception and what the plugin was doing."""
    kind = type(error).__name__
    try:  # the exception is the plugin's too: its str() may fail
        if isinstance(error, SystemExit):
            what = f"{kind}: the plugin called sys.exit({error.code!r})"
        elif isinstance(error, KeyboardInterrupt):
            what = f"{kind}: raised by the plugin itself, not by Ctrl-C"
        else:
            message = "; ".join(line.strip() for line in str(error).splitlines() if line.strip())
            what = f"{kind}: {message}" if message else kind
    except Exception:
        what = f"{kind} (its message could not be shown)"
    text = f"{what} ({where})"
    return text if len(text) <= _REASON_CHARS else text[: _REASON_CHARS - 1] + "\u2026"


def _shown(plugin: object) -> str:
    name = inspect.getattr_static(plugin, "__name__", None)  # runs none of the plugin's code
    return f"module {name}" if isinstance(name, str) else f"object {type(plugin).__name__}"


def _new_manager() -> pluggy.PluginManager:
    manager = pluggy.PluginManager("mathbench")
    manager.add_hookspecs(hookspecs)
    return manager


def _disabled(info: PluginInfo) -> bool:
    names = {name.strip() for name in os.environ.get(DISABLE_ENV, "").split(",") if name.strip()}
    qualified = {(_normalized(dist), name) for dist, _, name in (n.rpartition(":") for n in names)}
    return info.name in names or (_normalized(info.distribution), info.name) in qualified


def _info(entry_point: EntryPoint) -> PluginInfo:
    dist = entry_point.dist
    return PluginInfo(
        name=entry_point.name,
        distribution=(dist.name if dist else None) or "unknown",
        version=(dist.version if dist else None) or "unknown",
    )


def _normalized(distribution: str) -> str:
    return distribution.lower().replace("-", "_").replace(".", "_")


def load_registry(extra_plugins: Iterable[tuple[str, object]] = ()) -> Registry:
    """Load every plugin of the ``mathbench`` entry-point group, then ``extra_plugins``.

    ``extra_plugins`` are ``(name, plugin object)`` pairs registered the same way; tests use it to
    add a plugin without installing a distribution. Plugins named in ``MATHBENCH_DISABLE_PLUGINS``
    (comma-separated entry-point names, or ``distribution:name`` for one of several plugins that
    share a name) are skipped. A plugin that fails is recorded, never raised (module docstring).
    """
    registry = Registry()
    seen: set[tuple[str, str]] = set()
    found = [
        (_info(entry_point), entry_point) for entry_point in entry_points(group=ENTRY_POINT_GROUP)
    ]
    # Built-ins first, so that an entry point naming a built-in module fails, not the built-in.
    found.sort(key=lambda pair: (not pair[0].builtin, pair[0].name, pair[0].distribution))
    for info, entry_point in found:
        # An environment can list one distribution twice (an editable install beside a wheel).
        key = (_normalized(info.distribution), info.name)
        if key in seen or _disabled(info):
            continue
        seen.add(key)
        plugin, error = _isolated(f"importing {entry_point.value}", entry_point.load)
        if error is not None:
            registry.plugins.append(replace(info, error=error))
        else:
            registry.add_plugin(plugin, info)
    for name, plugin in extra_plugins:
        registry.add_plugin(plugin, PluginInfo(name, distribution="(in process)", version=""))
    return registry
