"""The ``mathbench review`` command.

Textual is imported inside the command, never when the plugin is loaded, so that ``mathbench
--help`` and ``mathbench plugins`` stay fast; and since this plugin registers the command even when
the ``tui`` extra is missing, the command itself says which extra to install.
"""

from __future__ import annotations

import getpass
import importlib.util
from pathlib import Path

import click

from mathbench import DB_ENV, default_db_path
from mathbench.errors import MathbenchError
from mathbench.results.annotations import ANNOTATIONS_ENV, annotations_path

#: Import names the reviewer needs, all brought by ``mathbench[tui]``.
REQUIRES = ("textual", "rapidfuzz", "textual_plotext")


def default_annotator() -> str:
    """The OS user name; ``annotator`` where the environment names none (some containers)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "annotator"


def missing_requirements() -> list[str]:
    return [name for name in REQUIRES if importlib.util.find_spec(name) is None]


@click.command()
@click.argument("run_ids", nargs=-1)
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    help=f"DuckDB file with the results (default: ${DB_ENV} or the user data directory).",
)
@click.option(
    "--annotator",
    help="Name recorded with every judgement and variant (default: the OS user name).",
)
@click.option(
    "--annotations",
    type=click.Path(dir_okay=False, path_type=Path),
    help=f"SQLite file for judgements and variants (default: ${ANNOTATIONS_ENV}, else "
    "RESULTS.annotations.sqlite beside the results file).",
)
def review(
    run_ids: tuple[str, ...], db: Path | None, annotator: str | None, annotations: Path | None
) -> None:
    """Browse failures, verify the answer checker by hand, author distractor variants.

    RUN_IDS (ids or unique prefixes) are selected at start; default: the latest run.
    """
    missing = missing_requirements()
    if missing:
        raise MathbenchError(
            f"`mathbench review` needs {', '.join(missing)}, which is not installed: "
            "run pip install 'mathbench[tui]'."
        )
    from mathbench_tui.app import ReviewApp
    from mathbench_tui.context import ReviewContext

    results = (db or default_db_path()).expanduser()
    context = ReviewContext.open(
        results,
        annotations or annotations_path(results),
        annotator=annotator or default_annotator(),
        run_ids=run_ids,
    )
    try:
        ReviewApp(context).run()
    finally:
        context.close()
