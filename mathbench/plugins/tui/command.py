"""The ``mathbench review`` command.

Textual is imported inside the command, never when the plugin is loaded, so that ``mathbench
--help`` and ``mathbench plugins`` stay fast; and since this plugin registers the command even when
the ``tui`` extra is missing, the command itself says which extra to install.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import click

from mathbench import DB_ENV, default_db_path
from mathbench.errors import MathbenchError
from mathbench.plugins.tui.state import ANNOTATOR_ENV, GUIDELINES_ENV, ReviewState, state_path
from mathbench.results.annotations import ANNOTATIONS_ENV, annotations_path

#: Import names the reviewer needs, all brought by ``mathbench[tui]``.
REQUIRES = ("textual", "rapidfuzz", "textual_plotext")


#: Said instead of starting a full-screen app that nobody can see or answer (a pipe, a CI job).
NO_TERMINAL = (
    "`mathbench review` is a full-screen terminal app and needs a terminal on stdin and stdout; "
    "run it in a terminal window (not through a pipe or a redirect)."
)


def has_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def choose_annotator(given: str | None, remembered: str, *, ask: bool) -> str | None:
    """Who signs the judgements: ``--annotator``, else ``$MATHBENCH_ANNOTATOR``, else the name
    remembered from the last session, else asked once (at a terminal). Never the OS user: in a
    container that is ``root`` for everybody, and judgements signed alike cannot be told apart
    (kappa between annotators would compare a person with themselves)."""
    for name in (given, os.environ.get(ANNOTATOR_ENV), remembered):
        if name and name.strip():
            return name.strip()
    if not ask:
        return None
    name = click.prompt(
        "Your name as annotator (every judgement is signed with it; remembered, "
        f"or pass --annotator / set {ANNOTATOR_ENV})",
        type=str,
    )
    return str(name).strip() or None


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
    help=f"Name recorded with every judgement and variant (default: ${ANNOTATOR_ENV}, else the "
    "name given last time, else asked once).",
)
@click.option(
    "--annotations",
    type=click.Path(dir_okay=False, path_type=Path),
    help=f"SQLite file for judgements and variants (default: ${ANNOTATIONS_ENV}, else "
    "RESULTS.annotations.sqlite beside the results file).",
)
@click.option(
    "--guidelines",
    type=click.Path(path_type=Path),
    help=f"Annotation guidelines shown on `g` while verifying: a Markdown file, or a folder of "
    f"<benchmark>.md files (default: ${GUIDELINES_ENV}, else guidelines/ beside the "
    "annotations file).",
)
def review(
    run_ids: tuple[str, ...],
    db: Path | None,
    annotator: str | None,
    annotations: Path | None,
    guidelines: Path | None,
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
    from mathbench.plugins.tui.app import ReviewApp
    from mathbench.plugins.tui.context import ReviewContext
    from mathbench.plugins.tui.results_file import check_results_file

    results = (db or default_db_path()).expanduser()
    check_results_file(results)
    given = guidelines.expanduser() if guidelines else None
    judgements = annotations or annotations_path(results)
    remembered = ReviewState.load(state_path(judgements)).annotator
    terminal = has_terminal()
    name = choose_annotator(annotator, remembered, ask=terminal)
    if not terminal:
        # The database and run ids are still checked first: their sentences say more.
        ReviewContext.open(
            results, judgements, annotator=name or "-", run_ids=run_ids, guidelines=given
        ).close()
        raise MathbenchError(NO_TERMINAL)
    if name is None:
        raise MathbenchError(f"Name the annotator: --annotator NAME or ${ANNOTATOR_ENV}.")
    context = ReviewContext.open(
        results, judgements, annotator=name, run_ids=run_ids, guidelines=given
    )
    if context.state is not None:
        context.state.annotator = context.annotator
        context.state.save()
    try:
        ReviewApp(context).run()
    finally:
        context.close()
