"""What ``mathbench plugins`` shows: each component, who ships it, and whether it can be used."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from mathbench.registry import Registry


def plugin_rows(registry: Registry) -> dict[str, Any]:
    """Components by kind, plus plugins that failed to load, as plain data."""
    components = []
    for kind, by_name in registry.components.items():
        for name in sorted(by_name):
            entry = by_name[name]
            missing = entry.missing
            components.append(
                {
                    "kind": kind,
                    "name": name,
                    "description": entry.component.description,
                    "plugin": entry.plugin.name,
                    "distribution": entry.plugin.distribution,
                    "version": entry.plugin.version,
                    "available": not missing,
                    "missing": missing,
                    "install": entry.component.install_hint() if missing else None,
                }
            )
    failed = [
        {"plugin": p.name, "distribution": p.distribution, "version": p.version, "error": p.error}
        for p in registry.failed
    ]
    shadowed = [
        {
            "kind": e.kind,
            "name": e.name,
            "plugin": e.plugin.name,
            "distribution": e.plugin.distribution,
        }
        for e in registry.shadowed
    ]
    return {"components": components, "failed": failed, "shadowed": shadowed}


def print_plugins(registry: Registry, console: Console) -> None:
    data = plugin_rows(registry)
    table = Table(title="mathbench plugins", title_justify="left")
    for column in ("kind", "name", "distribution", "status", "description"):
        table.add_column(column)
    for row in data["components"]:
        status = (
            Text("available", style="green")
            if row["available"]
            else Text(f"unavailable: {row['install']}", style="yellow")
        )
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
    for entry in data["shadowed"]:
        console.print(
            Text(
                f"Note: {entry['kind']} {entry['name']!r} from {entry['distribution']} is "
                "shadowed by another plugin of the same name.",
                style="yellow",
            )
        )
