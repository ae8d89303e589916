"""The ``mathbench`` command line.

Every error a user can cause arrives as a ``MathbenchError`` and is printed as one sentence with
exit status 1; Ctrl-C exits with 130 after the runner has said how to resume.
"""

from __future__ import annotations

import json
import signal
import sys
import threading
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from mathbench.errors import MathbenchError
from mathbench.registry import Registry, load_registry
from mathbench.store import DB_ENV, Store, default_db_path

#: Runs the `runs` table shows by default (rendering thousands of rows takes seconds).
RUNS_SHOWN = 50
DB_OPTION_HELP = f"DuckDB file with the results (default: ${DB_ENV} or the user data directory)."


def _registry(ctx: click.Context) -> Registry:
    registry = ctx.find_root().obj
    if not isinstance(registry, Registry):
        registry = load_registry()
        ctx.find_root().obj = registry
    return registry


def _pairs(values: tuple[str, ...], what: str) -> dict[str, list[str]]:
    pairs: dict[str, list[str]] = {}
    for value in values:
        key, sep, item = value.partition("=")
        if not sep or not key:
            raise MathbenchError(f"{what} {value!r} should be KEY=VALUE.")
        pairs.setdefault(key.strip(), []).append(item.strip())
    return pairs


def _db_path(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """``--db``, refused before any work where no results could be kept in it: DuckDB's
    in-memory database (``:memory:``, also through ``$MATHBENCH_DB``), or a path under a file."""
    path = value if value is not None else default_db_path()
    given = f"--db {path}" if value is not None else f"${DB_ENV}={path}"
    if str(path).startswith(":memory:"):
        raise MathbenchError(
            f"{given} is an in-memory database, which keeps nothing once the command ends; "
            "give a file such as results.duckdb, since results are stored to be resumed and "
            "reported."
        )
    folder = path.absolute().parent
    try:
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
        usable = folder.is_dir()
    except OSError:  # a folder this user cannot look into: opening the file will say
        return value
    if not usable:
        raise MathbenchError(f"{given} cannot be created: {folder} is a file, not a folder.")
    return value


#: ``--db`` of every command (click makes a new option each time a decorator is applied).
_db_option = click.option(
    "--db", type=click.Path(dir_okay=False, path_type=Path), callback=_db_path, help=DB_OPTION_HELP
)
_force_option = click.option(
    "--force", is_flag=True, help="Overwrite the output file if it exists."
)


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


class _OneLineUsageError(click.UsageError):
    """A usage error said in one line, as every other error is: click's usage block and its "Try
    --help" line would bury the sentence (and the line count is a promise, see the README)."""

    def show(self, file: Any = None) -> None:
        command = self.ctx.command_path if self.ctx is not None else "mathbench"
        click.echo(f"Error: {self.format_message()} (see `{command} --help`)", err=True)


class _Group(click.Group):
    """Turns a ``MathbenchError`` from any sub-command into click's one-line ``Error: ...``, and
    a usage error (a mistyped option, a value of the wrong type) into one line too."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except MathbenchError as error:
            raise click.ClickException(str(error)) from None
        except click.UsageError as error:
            if isinstance(error, _OneLineUsageError):
                raise
            raise _OneLineUsageError(error.format_message(), error.ctx) from None


#: Prefixes of the ``run`` parameters that plugins declare, so that they never clash with its own.
_FILTER, _FLAG = "filter__", "flag__"


class _RunCommand(click.Command):
    """``run``, with the options the installed plugins declare: each benchmark's filter
    annotations (``--grade 3`` is ``--where grade=3``; ``Benchmark.filter_options``) and each
    backend's everyday settings (``--base-url URL`` is ``-o base_url=URL``; ``BackendOption.flag``).
    The core names none of them, so a plugin adds its own and a removed plugin takes its along."""

    def get_params(self, ctx: click.Context) -> list[click.Parameter]:
        own = super().get_params(ctx)
        taken = {name for param in own for name in param.opts}
        return [*own[:-1], *_declared_options(_registry(ctx), taken), own[-1]]  # --help last


def _declared_options(registry: Registry, taken: set[str]) -> list[click.Option]:
    filters: dict[str, list[str]] = {}
    for name in registry.names("benchmark"):
        for annotation in registry.benchmark(name).filter_options:
            filters.setdefault(annotation, []).append(name)
    flags: dict[str, tuple[str, list[str]]] = {}
    for name in registry.names("backend"):
        for option in registry.backend_class(name).options:
            if option.flag:
                flags.setdefault(option.name, (option.help, []))[1].append(name)
    declared = [
        click.Option(
            [f"--{annotation.replace('_', '-')}", f"{_FILTER}{annotation}"],
            multiple=True,
            help=f"Only these {annotation} values (repeatable; --where {annotation}=V); "
            f"declared by {', '.join(benchmarks)}.",
        )
        for annotation, benchmarks in filters.items()
    ]
    declared += [
        click.Option(
            [f"--{option.replace('_', '-')}", f"{_FLAG}{option}"],
            help=f"{help[:1].upper()}{help[1:]} (-o {option}=...; {', '.join(backends)}).",
        )
        for option, (help, backends) in flags.items()
    ]
    return [option for option in declared if option.opts[0] not in taken]


@click.group(cls=_Group)
@click.version_option(package_name="mathbench")
def cli() -> None:
    """Evaluate language models on math word problems, and say which school grade they pass."""


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_context
def plugins(ctx: click.Context, as_json: bool) -> None:
    """List every benchmark, backend, checker and template, with the distribution that ships it."""
    from mathbench._plugin_list import plugin_rows, print_plugins

    registry = _registry(ctx)
    if as_json:
        _echo_json(plugin_rows(registry))
    else:
        print_plugins(registry, Console())


@cli.command(cls=_RunCommand)
@click.argument("benchmark")
@click.option("--model", "-m", required=True, help="BACKEND:MODEL, e.g. llama-cpp:smollm2.")
@click.option("--split", help="Benchmark split (default: the benchmark's own).")
@click.option(
    "--limit", type=int, help="Evaluate only the first N problems (per group with --stratify)."
)
@click.option(
    "--stratify", metavar="ANNOTATION", help="Apply --limit per value of ANNOTATION, e.g. grade."
)
@click.option(
    "--where",
    multiple=True,
    metavar="KEY=VALUE",
    help="Only problems whose annotation KEY is VALUE (repeatable).",
)
@click.option("--checker", help="Answer checker (default: the benchmark's own).")
@click.option("--template", help="Prompt template (default: the benchmark's own).")
@click.option("--max-tokens", type=int, default=512, show_default=True)
@click.option("--temperature", type=float, default=0.0, show_default=True, help="0 means greedy.")
@click.option("--top-p", type=float, default=1.0, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option(
    "--samples",
    type=int,
    default=1,
    show_default=True,
    help="Samples per problem (needs --temperature > 0); reports add maj@k and pass@k.",
)
@click.option(
    "--option",
    "-o",
    "options",
    multiple=True,
    metavar="NAME=VALUE",
    help="Backend option, e.g. -o n_gpu_layers=-1 (repeatable).",
)
@_db_option
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--no-progress", is_flag=True, help="Do not show the progress display.")
@click.pass_context
def run(
    ctx: click.Context,
    /,
    benchmark: str,
    model: str,
    split: str | None,
    limit: int | None,
    stratify: str | None,
    where: tuple[str, ...],
    checker: str | None,
    template: str | None,
    max_tokens: int,
    temperature: float,
    top_p: float,
    seed: int,
    samples: int,
    options: tuple[str, ...],
    db: Path | None,
    as_json: bool,
    no_progress: bool,
    **declared: Any,
) -> None:
    """Evaluate a model on a benchmark; rerunning the same command resumes it."""
    from mathbench._evaluate import evaluate
    from mathbench._render import print_reports
    from mathbench.report import build_reports

    filters = _pairs(where, "--where")
    backend_options = {k: v[-1] for k, v in _pairs(options, "--option").items()}
    for key, value in declared.items():
        if key.startswith(_FILTER) and value:
            # --grade G is --where grade=G: given both, a problem of any of the grades named is
            # kept, as with a --where repeated on one annotation.
            annotation = key.removeprefix(_FILTER)
            filters[annotation] = list(dict.fromkeys([*filters.get(annotation, []), *value]))
        elif key.startswith(_FLAG) and value is not None:
            backend_options[key.removeprefix(_FLAG)] = value
    result = evaluate(
        benchmark=benchmark,
        model=model,
        split=split,
        limit=limit,
        stratify=stratify,
        where=filters,
        checker=checker,
        template=template,
        max_tokens=max_tokens,
        temperature=temperature,
        top_p=top_p,
        seed=seed,
        samples=samples,
        options=backend_options,
        db=db,
        progress=not no_progress,
        registry=_registry(ctx),
    )
    with Store(result.db, read_only=True) as store:
        reports = build_reports(store, [result.run_id])
    if as_json:
        _echo_json([r.as_dict() for r in reports])
        return
    err = Console(stderr=True)
    err.print(
        f"run {result.run_id}: {result.generated} generated, {result.reused} reused from "
        f"{result.db}" + (f", {result.rescored} rescored" if result.rescored else "")
    )
    print_reports(reports)


@cli.command()
@_db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=RUNS_SHOWN,
    show_default=True,
    help="Show the newest N runs in the table.",
)
@click.option("--all", "show_all", is_flag=True, help="Show every run in the table.")
def runs(db: Path | None, as_json: bool, limit: int, show_all: bool) -> None:
    """List the stored runs, newest first (JSON lists them all)."""
    from mathbench._render import summary_table
    from mathbench.report import summarize_runs

    with Store(db, read_only=True) as store:
        reports = summarize_runs(store)
    if not as_json and not show_all and len(reports) > limit:
        Console().print(summary_table(reports[:limit]))
        click.echo(f"... and {len(reports) - limit} older runs: `mathbench runs --all` lists them.")
        return
    if as_json:
        _echo_json(
            [
                {"run_id": r.run_id, "config": r.config, "overall": r.overall.as_dict()}
                for r in reports
            ]
        )
    elif not reports:
        click.echo("No runs stored yet; `mathbench run BENCHMARK --model BACKEND:MODEL` makes one.")
    else:
        Console().print(summary_table(reports))


def _report_run_ids(store: Store, run_ids: tuple[str, ...]) -> list[str]:
    """The full ids of the runs given by prefix, or the latest run when none is given."""
    ids = [store.resolve_run_id(r) for r in run_ids]
    if not ids:
        latest = store.latest_run_id()
        if latest is None:
            raise MathbenchError(f"No runs stored in {store.path} yet.")
        ids = [latest]
    return ids


def _database_files(store: Store) -> list[tuple[str, Path]]:
    """The database and its write-ahead log (a file there would be replayed): never an output."""
    return [
        ("database", store.path),
        ("database's log", store.path.with_name(f"{store.path.name}.wal")),
    ]


@cli.command()
@click.argument("run_ids", nargs=-1)
@_db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "markdown", "latex"]),
    default="table",
    show_default=True,
    help="Terminal tables, Markdown (a README, a paper draft) or LaTeX tabulars.",
)
@click.option(
    "--html",
    "html_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write one self-contained HTML file instead: tables, figures and every item.",
)
@click.option(
    "--annotations",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The reviewer's judgements and tags file, for --html and the checker agreement line "
    "(default: $MATHBENCH_ANNOTATIONS, else beside the results file).",
)
@_force_option
def report(
    run_ids: tuple[str, ...],
    db: Path | None,
    as_json: bool,
    fmt: str,
    html_file: Path | None,
    annotations: Path | None,
    force: bool,
) -> None:
    """Report one run or several side by side (default: the latest run)."""
    from mathbench._render import print_reports
    from mathbench.report import build_reports

    if as_json and fmt != "table":
        raise MathbenchError(f"--json and --format {fmt} ask for two outputs; choose one.")
    with Store(db, read_only=True) as store:
        ids = _report_run_ids(store, run_ids)
        reports = build_reports(store, ids)
        results_path = store.path
        if html_file is not None:
            from mathbench._export import check_output
            from mathbench._html_report import gather
            from mathbench.results.annotations import annotations_path

            judgements = annotations or annotations_path(store.path)
            check_output(
                html_file,
                force=force,
                inputs=[*_database_files(store), ("annotations file", judgements)],
            )
            page = gather(store, reports, judgements)
    if html_file is not None:
        from mathbench._html_report import write_page

        size = write_page(page, html_file)
        click.echo(f"Wrote the report of {len(ids)} run(s) to {html_file} ({size:,} bytes).")
    elif as_json:
        _echo_json([r.as_dict() for r in reports])
    elif fmt != "table":
        from mathbench._report_formats import format_reports

        click.echo(format_reports(reports, "markdown" if fmt == "markdown" else "latex"), nl=False)
    else:
        print_reports(reports)
        _print_human_checks(reports, annotations or _annotations_beside(results_path))


def _annotations_beside(results: Path) -> Path:
    from mathbench.results.annotations import annotations_path

    return annotations_path(results)


def _print_human_checks(reports: list[Any], judgements: Path) -> None:
    """After the tables: how far annotators agreed with each run's checker, and the failure
    tags they gave its responses (nothing when the reviewer was never used on it)."""
    from mathbench._human_judgements import checker_agreement, consensus_agreement
    from mathbench._render import agreement_line, tags_line
    from mathbench.results.annotations import AnnotationStore

    if not judgements.is_file():
        return
    console = Console()
    with AnnotationStore(judgements, read_only=True) as store:
        for report in reports:
            checker = str(report.config["checker"])
            agreements = checker_agreement(judgements, report.run_id, checker)
            consensus = consensus_agreement(judgements, report.run_id, checker)
            for line in (
                agreement_line(report, agreements, consensus),
                tags_line(report, store.tag_counts(report.run_id)),
            ):
                if line is not None:
                    console.print(line)


@cli.command()
@click.argument("run_ids", nargs=-1)
@click.option(
    "--by",
    multiple=True,
    help="Annotation to draw accuracy against: grade, reasoning_step, num_digits, distractors, "
    "subject, level, ... (repeatable, a panel each; default: the benchmark's own).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The figure file: .png, .svg or .pdf.",
)
@_force_option
@_db_option
def plot(
    run_ids: tuple[str, ...], by: tuple[str, ...], output: Path, force: bool, db: Path | None
) -> None:
    """Draw accuracy by annotation, one line or bar group per run, with 95% intervals."""
    from mathbench._export import check_output
    from mathbench._figures import figure_format, figure_panels, write_figure
    from mathbench.report import build_reports

    figure_format(output)
    with Store(db, read_only=True) as store:
        ids = _report_run_ids(store, run_ids)
        check_output(output, force=force, inputs=_database_files(store))
        reports = build_reports(store, ids)
    panels = figure_panels(reports, by)
    write_figure(panels, output)
    drawn = ", ".join(panel.by for panel in panels)
    click.echo(f"Wrote {output}: accuracy by {drawn} for {len(ids)} run(s).")


@cli.command()
@click.argument("run_id")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "parquet"]),
    default="jsonl",
    show_default=True,
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Output file (default: RUN_ID.FORMAT).",
)
@_force_option
@_db_option
def export(run_id: str, fmt: str, output: Path | None, force: bool, db: Path | None) -> None:
    """Export a run, one row per problem, as JSONL, CSV or Parquet."""
    from mathbench._export import check_output, export_run

    with Store(db, read_only=True) as store:
        full_id = store.resolve_run_id(run_id)
        target = output or Path(f"{full_id}.{fmt}")
        check_output(target, force=force, inputs=_database_files(store))
        count = export_run(store, full_id, fmt, target)  # type: ignore[arg-type]
    click.echo(f"Wrote {count} rows to {target}.")


#: The benchmark whose answers ``score`` reads by default: its input is CMATH's eval.py format.
SCORED_BENCHMARK = "cmath"


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--benchmark",
    default=SCORED_BENCHMARK,
    show_default=True,
    help="The benchmark the responses answer: its checker, report-by fields and pass mark.",
)
@click.option(
    "--checker",
    help="Answer checker (default: the benchmark's; `cmath` is the CMATH paper's 1% rule).",
)
@click.option(
    "--by", multiple=True, metavar="FIELD", help="Also break down by this field (repeatable)."
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write each line's verdict and candidates as JSONL.",
)
@_force_option
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_context
def score(
    ctx: click.Context,
    file: Path,
    benchmark: str,
    checker: str | None,
    by: tuple[str, ...],
    output: Path | None,
    force: bool,
    as_json: bool,
) -> None:
    """Score responses made elsewhere: JSONL lines with golden and response (as CMATH eval.py)."""
    from mathbench._export import check_output
    from mathbench._render import print_reports
    from mathbench._scoring import report_scored, score_file, write_verdicts

    registry = _registry(ctx)
    answered = registry.benchmark(benchmark)
    chosen = registry.checker(checker or answered.default_checker)
    if output is not None:
        check_output(output, force=force, inputs=[("input file", file)])
    scored = score_file(file, chosen, by)
    if output is not None:
        write_verdicts(scored, output)
    run_report = report_scored(file, chosen, scored, by, answered)
    if as_json:
        _echo_json(run_report.as_dict())
    else:
        print_reports([run_report])


@cli.command()
@click.argument("run_id")
@click.option(
    "--checker",
    "checkers",
    multiple=True,
    required=True,
    help="Two checkers to compare (give --checker twice), e.g. numeric and cmath.",
)
@click.option("--show", type=int, default=10, show_default=True, help="Disagreements to print.")
@_db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON, with every disagreement.")
@click.pass_context
def compare(
    ctx: click.Context,
    run_id: str,
    checkers: tuple[str, ...],
    show: int,
    db: Path | None,
    as_json: bool,
) -> None:
    """Judge a run's stored responses with two checkers and show where they disagree."""
    from mathbench._compare import compare_run
    from mathbench._render import print_comparison

    if len(checkers) != 2 or checkers[0] == checkers[1]:
        raise MathbenchError("Give two different checkers: --checker A --checker B.")
    registry = _registry(ctx)
    first, second = (registry.checker(name) for name in checkers)
    with Store(db, create=False) as store:
        comparison = compare_run(store, store.resolve_run_id(run_id), first, second)
    if as_json:
        _echo_json(comparison.as_dict())
    else:
        print_comparison(comparison, show, Console())


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the program is, so that a run stops as on Ctrl-C: what has arrived
    is committed and the resume sentence printed; the exit status is then 143."""


#: Set on SIGTERM: the status is 143 even where the ``Terminated`` raised became another
#: interrupt on its way (DuckDB reports it as an interrupted query).
_TERMINATED = threading.Event()


def _terminate(signum: int, frame: object) -> None:
    _TERMINATED.set()
    raise Terminated


def main() -> None:
    """Entry point: plugins add their commands; Ctrl-C exits with 130 and SIGTERM with 143, with
    no traceback (a run has already said how to resume)."""
    signal.signal(signal.SIGTERM, _terminate)
    try:
        registry = load_registry()
        registry.add_commands(cli)
        status = cli.main(obj=registry, standalone_mode=False)
    except (click.exceptions.Abort, KeyboardInterrupt):
        # click turns an interrupt inside a command into Abort.
        sys.exit(143 if _TERMINATED.is_set() else 130)
    except click.UsageError as error:  # of the group itself (``mathbench --nosuch``)
        _OneLineUsageError(error.format_message(), error.ctx).show()
        sys.exit(error.exit_code)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    sys.exit(status if isinstance(status, int) else 0)
