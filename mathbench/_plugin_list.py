"""What ``mathbench plugins`` shows: each component, who ships it, and whether it can be used.

Besides the components: the plugins that failed (skipped, with their distribution and the one-line
reason), entry-point names that more than one distribution uses (all of them are loaded), and each
component shadowed by another of the same kind and name, with the one used instead and why (the
precedence rule is in :mod:`mathbench.registry`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from rich.console import Console
from rich.table import Table
from rich.text import Text

from mathbench.registry import BUILTIN_DISTRIBUTION, Registered, Registry

_T = TypeVar("_T")


def _component_row(entry: Registered) -> dict[str, Any]:
    """One component; asking it about itself runs plugin code, so an error there is shown on
    its row instead of taking the listing down."""

    def ask(question: Callable[[], _T], default: _T) -> tuple[_T, str | None]:
        try:
            return question(), None
        except Exception as error:
            return default, f"{type(error).__name__}: {error}".splitlines()[0]

    none: list[str] = []
    missing, error = ask(lambda: list(entry.missing), none)
    install: str | None = None
    if missing:
        install, install_error = ask(lambda: str(entry.component.install_hint()), "")
        error = error or install_error
    description, description_error = ask(lambda: str(entry.component.description), "")
    error = error or description_error
    return {
        "kind": entry.kind,
        "name": entry.name,
        "description": description,
        "plugin": entry.plugin.name,
        "distribution": entry.plugin.distribution,
        "version": entry.plugin.version,
        "available": not missing and error is None,
        "missing": missing,
        "install": install,
        "error": error,
    }


def _precedence(loser: Registered, winner: Registered | None) -> str:
    if winner is None:
        return ""
    if winner.plugin.defaults or not loser.plugin.defaults:
        return "the first one registered wins"
    return "a plugin's component takes precedence over another's declared defaults"


def plugin_rows(registry: Registry) -> dict[str, Any]:
    """Components by kind, plus plugins that failed to load, name clashes, as plain data."""
    components = [
        _component_row(by_name[name])
        for by_name in registry.components.values()
        for name in sorted(by_name)
    ]
    plugins = [
        {
            "plugin": p.name,
            "distribution": p.distribution,
            "version": p.version,
            "status": "failed" if p.error else "loaded",
            "error": p.error,
        }
        for p in registry.plugins
    ]
    failed = [
        {"plugin": p.name, "distribution": p.distribution, "version": p.version, "error": p.error}
        for p in registry.failed
    ]
    shared: dict[str, list[str]] = {}
    for p in registry.plugins:
        shared.setdefault(p.name, []).append(p.distribution)
    name_clashes = [
        {"plugin": name, "distributions": distributions}
        for name, distributions in shared.items()
        if len(set(distributions)) > 1
    ]
    shadowed = []
    for e in registry.shadowed:
        winner = registry.shadowed_by(e)
        shadowed.append(
            {
                "kind": e.kind,
                "name": e.name,
                "plugin": e.plugin.name,
                "distribution": e.plugin.distribution,
                "shadowed_by": (
                    {"plugin": winner.plugin.name, "distribution": winner.plugin.distribution}
                    if winner
                    else None
                ),
                "rule": _precedence(e, winner),
            }
        )
    return {
        "components": components,
        "plugins": plugins,
        "failed": failed,
        "name_clashes": name_clashes,
        "shadowed": shadowed,
    }


def print_plugins(registry: Registry, console: Console) -> None:
    data = plugin_rows(registry)
    table = Table(title="mathbench plugins", title_justify="left")
    for column in ("kind", "name", "distribution", "status", "description"):
        table.add_column(column)
    for row in data["components"]:
        if row["error"]:
            status = Text(f"error: {row['error']}", style="red")
        elif row["available"]:
            status = Text("available", style="green")
        else:
            status = Text(f"unavailable: {row['install']}", style="yellow")
        table.add_row(
            row["kind"],
            row["name"],
            f"{row['distribution']} {row['version']}".strip(),
            status,
            row["description"],
        )
    console.print(table)
    for failure in data["failed"]:
        console.print(
            Text.assemble(
                ("Plugin failed to load and was skipped: ", "bold red"),
                f"{failure['plugin']} (from {failure['distribution']} {failure['version']}): "
                f"{failure['error']}",
            )
        )
    for clash in data["name_clashes"]:
        distributions: list[str] = clash["distributions"]
        example = next((d for d in distributions if d != BUILTIN_DISTRIBUTION), distributions[-1])
        console.print(
            Text(
                f"Note: the plugin name {clash['plugin']!r} is used by "
                f"{' and '.join(distributions)}; each is loaded (disable one with "
                f"MATHBENCH_DISABLE_PLUGINS={example}:{clash['plugin']}).",
                style="yellow",
            )
        )
    for entry in data["shadowed"]:
        winner = entry["shadowed_by"]
        instead = (
            f"by the one from {winner['distribution']} (plugin {winner['plugin']!r}): "
            f"{entry['rule']}"
            if winner
            else "by another plugin of the same name"
        )
        console.print(
            Text(
                f"Note: {entry['kind']} {entry['name']!r} from {entry['distribution']} "
                f"(plugin {entry['plugin']!r}) is shadowed {instead}.",
                style="yellow",
            )
        )
