"""The Textual reviewer (``mathbench review``), registered through the ``mathbench`` entry-point
group like every plugin.

It registers the ``review`` command (the ``variants`` benchmark of the variants annotators author
is a plugin of its own, ``variants``). Importing this module imports no Textual: the
command imports it when it runs, and says which extra to install when it is missing.
"""

from __future__ import annotations

import click

from mathbench import hookimpl
from mathbench.plugins.tui.command import review

__all__ = ["register_commands", "review"]

#: Built-in components are defaults: a plugin registering one of the same name replaces it.
MATHBENCH_DEFAULTS = True


@hookimpl
def register_commands(cli: click.Group) -> None:
    cli.add_command(review)
