"""Reports as text to paste elsewhere: Markdown (a README, an issue, a paper draft) and LaTeX
tabulars (a paper).

The tables are the terminal report's (``mathbench._render``): the runs, accuracy per value of each
annotation the benchmark reports by (with the pass mark where it has one, the CMATH paper's Table
3), the crossed table (MATH's subject x level), and the verdict sentences, all from the same
``RunReport`` tallies. A cell reads ``62.5% (5/8)``, followed by ``+N?`` when N items are
undecided, errored or pending (left out of the accuracy), and by a pass or fail mark.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal

from mathbench._run_labels import run_labels
from mathbench.report import RunReport, Tally, sort_key

TextFormat = Literal["markdown", "latex"]

#: One row of a table: its cells as plain text, before escaping.
Row = list[str]


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def _also(tally: Tally) -> str:
    """What the accuracy leaves out: answers not found, undecided, errored, pending."""
    counts = (
        (tally.no_answer, "no answer"),
        (tally.undecided, "undecided"),
        (tally.errored, "errored"),
        (tally.pending, "pending"),
    )
    return ", ".join(f"{count} {label}" for count, label in counts if count)


class Table:
    """A titled table of plain-text cells, which each writer (Markdown, LaTeX, HTML) escapes and
    lays out its own way."""

    def __init__(self, title: str, header: Row, rows: list[Row], numeric: range) -> None:
        self.title = title
        self.header = header
        self.rows = rows
        #: The columns of figures, right-aligned.
        self.numeric = numeric


def _cell(tally: Tally | None, mark: Callable[[bool], str] | None) -> str:
    if tally is None:
        return ""
    text = f"{_percent(tally.accuracy)} ({tally.correct}/{tally.scored})"
    if not tally.complete:
        text += f" +{tally.unscored}?"
    if mark is not None and tally.passed is not None:
        text += " " + mark(tally.passed)
    return text


def report_tables(reports: Sequence[RunReport], mark: Callable[[bool], str]) -> list[Table]:
    """The report's tables: runs, a breakdown per annotation (``mark`` writes pass or fail),
    and the crossed tables."""
    labels = run_labels(reports)
    heads = [f"{label} ({r.run_id[:8]})" for label, r in zip(labels, reports, strict=True)]
    sampled = any(r.samples > 1 for r in reports)
    header = ["run", "model", "data", "checker", "template", "accuracy"]
    if sampled:
        header += ["maj@k", "pass@k"]
    header.append("also")
    rows = []
    for report, label in zip(reports, labels, strict=True):
        config, overall = report.config, report.overall
        row = [
            report.run_id,
            label,
            f"{config.get('benchmark')}/{config.get('split')}",
            str(config.get("checker")),
            str(config.get("template")),
            _cell(overall, None),
        ]
        if sampled:
            row += [
                f"{_percent(overall.majority_accuracy)} @{report.samples}",
                f"{_percent(overall.pass_rate)} @{report.samples}",
            ]
        row.append(_also(overall))
        rows.append(row)
    tables = [Table("Runs", header, rows, numeric=range(5, len(header) - 1))]

    keys: list[str] = []
    for report in reports:
        keys.extend(k for k in report.breakdowns if k not in keys)
    for key in keys:
        marked = [r for r in reports if r.pass_by == key]
        title = f"Accuracy by {key}"
        if marked:
            title += f" (pass = accuracy >= {marked[0].pass_mark:.0%})"
        values: list[str] = []
        for report in reports:
            values.extend(t.value for t in report.breakdowns.get(key, []) if t.value not in values)
        single = len(reports) == 1
        rows = []
        for value in values:
            groups = [
                next((t for t in r.breakdowns.get(key, []) if t.value == value), None)
                for r in reports
            ]
            row = [value]
            if single:
                row.append(str(groups[0].total if groups[0] else 0))
            row += [
                _cell(g, mark if r.pass_by == key else None)
                for g, r in zip(groups, reports, strict=True)
            ]
            rows.append(row)
        header = [key, *(["problems"] if single else []), *heads]
        tables.append(Table(title, header, rows, numeric=range(1, len(header))))

    for report, head in zip(reports, heads, strict=True):
        if not (report.cross and report.cross_tallies):
            continue
        across, down = report.cross
        columns = sorted({b for _, b in report.cross_tallies}, key=sort_key)
        row_values = list(dict.fromkeys(a for a, _ in report.cross_tallies))
        rows = [
            [value, *(_cell(report.cross_tallies.get((value, c)), None) for c in columns)]
            for value in row_values
        ]
        tables.append(
            Table(
                f"Accuracy by {across} x {down}, {head}",
                [across, *(f"{down} {c}" for c in columns)],
                rows,
                numeric=range(1, len(columns) + 1),
            )
        )
    return tables


def report_notes(reports: Sequence[RunReport]) -> list[str]:
    """The verdict sentences, and what ``+N?`` means when a cell has it."""
    notes = [s for s in (r.verdict_sentence() for r in reports) if s]
    if any(not r.overall.complete for r in reports):
        notes.append(
            "Cells marked +N? have N undecided, errored or pending items, excluded from the "
            "accuracy."
        )
    return notes


# -- Markdown ----------------------------------------------------------------------------------

_MARKDOWN_SPECIAL = str.maketrans({c: f"\\{c}" for c in "\\`*_[]<|"})


def _markdown_text(text: str) -> str:
    return text.translate(_MARKDOWN_SPECIAL).replace("\n", " ")


def markdown(reports: Sequence[RunReport]) -> str:
    """GitHub-flavoured Markdown: a bold title and a pipe table per table, then the verdicts."""
    parts = []
    for table in report_tables(reports, mark=lambda passed: "✓" if passed else "✗"):
        aligns = ["---:" if i in table.numeric else "---" for i in range(len(table.header))]
        lines = [
            f"**{_markdown_text(table.title)}**",
            "",
            "| " + " | ".join(_markdown_text(h) for h in table.header) + " |",
            "| " + " | ".join(aligns) + " |",
            *("| " + " | ".join(_markdown_text(c) for c in row) + " |" for row in table.rows),
        ]
        parts.append("\n".join(lines))
    parts.extend(_markdown_text(note) for note in report_notes(reports))
    return "\n\n".join(parts) + "\n"


# -- LaTeX -------------------------------------------------------------------------------------

_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_LATEX_MARKS = {True: "\x00check\x00", False: "\x00cross\x00"}


def _latex_text(text: str) -> str:
    escaped = "".join(_LATEX_SPECIAL.get(c, c) for c in text.replace("\n", " "))
    return escaped.replace(_LATEX_MARKS[True], r"$\checkmark$").replace(
        _LATEX_MARKS[False], r"$\times$"
    )


def latex(reports: Sequence[RunReport]) -> str:
    """A booktabs ``tabular`` per table, its title as a comment above it, verdicts as comments
    below, so that the whole output pastes into a ``table`` environment as it is."""
    parts = [r"% mathbench report; needs \usepackage{booktabs} and \usepackage{amssymb}"]
    for table in report_tables(reports, mark=lambda passed: _LATEX_MARKS[passed]):
        spec = "".join("r" if i in table.numeric else "l" for i in range(len(table.header)))
        lines = [
            f"% {_latex_text(table.title)}",
            f"\\begin{{tabular}}{{{spec}}}",
            r"\toprule",
            " & ".join(_latex_text(h) for h in table.header) + r" \\",
            r"\midrule",
            *(" & ".join(_latex_text(c) for c in row) + r" \\" for row in table.rows),
            r"\bottomrule",
            r"\end{tabular}",
        ]
        parts.append("\n".join(lines))
    parts.extend(f"% {_latex_text(note)}" for note in report_notes(reports))
    return "\n\n".join(parts) + "\n"


def format_reports(reports: Sequence[RunReport], fmt: TextFormat) -> str:
    return markdown(reports) if fmt == "markdown" else latex(reports)
