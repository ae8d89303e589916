"""Terminal rendering of reports and run lists (rich tables), one run or several side by side."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from mathbench._compare import Comparison
from mathbench._human_judgements import CheckerAgreement, ConsensusAgreement
from mathbench.report import RunReport, Tally, sort_key
from mathbench.results import Proportion


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def _mark(tally: Tally) -> Text:
    if tally.passed is None:
        return Text("")
    return Text("✓", style="green") if tally.passed else Text("✗", style="red")


def _cell(tally: Tally | None, with_mark: bool) -> Text:
    if tally is None:
        return Text("")
    text = Text(f"{_percent(tally.accuracy)} ({tally.correct}/{tally.scored})")
    if not tally.complete:
        text.append(f" +{tally.unscored}?", style="yellow")
    if with_mark and tally.passed is not None:
        text.append(" ")
        text.append_text(_mark(tally))
    return text


def _also(tally: Tally) -> Text:
    """What the accuracy does not show: answers not found, undecided, errored and pending items."""
    text = Text()
    for count, label, style in (
        (tally.no_answer, "no answer", ""),
        (tally.undecided, "undecided", "yellow"),
        (tally.errored, "errored", "red"),
        (tally.pending, "pending", "yellow"),
    ):
        if count:
            if text:
                text.append(", ")
            text.append(f"{count} {label}", style=style)
    return text


def summary_table(reports: Sequence[RunReport]) -> Table:
    """One row per run; narrow enough for an 80-column terminal."""
    table = Table(title="Runs", title_justify="left")
    table.add_column("run", no_wrap=True)
    table.add_column("model", overflow="fold")
    table.add_column("data", overflow="fold")
    table.add_column("checker")
    table.add_column("accuracy", justify="right", no_wrap=True)
    sampled = any(r.samples > 1 for r in reports)
    if sampled:
        table.add_column("maj@k", justify="right", no_wrap=True)
        table.add_column("pass@k", justify="right", no_wrap=True)
    table.add_column("also", overflow="fold")
    for report in reports:
        o = report.overall
        config = report.config
        table.add_row(
            report.run_id,
            report.label,
            f"{config['benchmark']}/{config['split']}",
            config["checker"],
            f"{_percent(o.accuracy)} ({o.correct}/{o.scored})",
            *(
                [
                    f"{_percent(o.majority_accuracy)} @{report.samples}",
                    f"{_percent(o.pass_rate)} @{report.samples}",
                ]
                if sampled
                else []
            ),
            _also(o),
        )
    return table


def breakdown_table(reports: Sequence[RunReport], key: str) -> Table:
    """Accuracy per value of ``key``, one column per run; the pass mark where ``key`` is the
    benchmark's pass-by annotation (the CMATH paper's Table 3)."""
    pass_note = ""
    if any(r.pass_by == key for r in reports):
        pass_note = f" (✓ = accuracy >= {reports[0].pass_mark:.0%})"
    table = Table(title=f"Accuracy by {key}{pass_note}", title_justify="left")
    table.add_column(key, justify="right")
    if len(reports) == 1:
        table.add_column("problems", justify="right")
    for report in reports:
        table.add_column(f"{report.label}\n{report.run_id}", justify="right")
    values: list[str] = []
    for report in reports:
        for tally in report.breakdowns.get(key, []):
            if tally.value not in values:
                values.append(tally.value)
    for value in values:
        cells: list[RenderableType] = [value]
        groups = [
            next((t for t in r.breakdowns.get(key, []) if t.value == value), None) for r in reports
        ]
        if len(reports) == 1:
            cells.append(str(groups[0].total if groups[0] else 0))
        cells.extend(
            _cell(g, with_mark=r.pass_by == key) for g, r in zip(groups, reports, strict=True)
        )
        table.add_row(*cells)
    return table


def cross_table(report: RunReport) -> Table:
    """Accuracy per (row value, column value), e.g. MATH by subject x level."""
    assert report.cross is not None
    rows, columns = report.cross
    table = Table(
        title=f"Accuracy by {rows} x {columns} ({report.label} {report.run_id})",
        title_justify="left",
    )
    column_values = sorted({b for _, b in report.cross_tallies}, key=sort_key)
    row_values = list(dict.fromkeys(a for a, _ in report.cross_tallies))
    table.add_column(rows)
    for value in column_values:
        table.add_column(f"{columns} {value}", justify="right")
    for row in row_values:
        cells: list[RenderableType] = [row]
        for column in column_values:
            tally = report.cross_tallies.get((row, column))
            cells.append(_cell(tally, with_mark=False))
        table.add_row(*cells)
    return table


def render_reports(reports: Sequence[RunReport]) -> RenderableType:
    parts: list[RenderableType] = [summary_table(reports)]
    keys: list[str] = []
    for report in reports:
        keys.extend(k for k in report.breakdowns if k not in keys)
    parts.extend(breakdown_table(reports, key) for key in keys)
    parts.extend(cross_table(r) for r in reports if r.cross and r.cross_tallies)
    sentences = [s for s in (r.verdict_sentence() for r in reports) if s]
    parts.extend(Text(s, style="bold") for s in sentences)
    if any(not r.overall.complete for r in reports):
        parts.append(
            Text(
                "Cells marked +N? have N undecided, errored or pending items, excluded from the "
                "accuracy; run the same `mathbench run` again to retry them.",
                style="yellow",
            )
        )
    return Group(*parts)


def print_reports(reports: Sequence[RunReport], console: Console | None = None) -> None:
    (console or Console()).print(render_reports(reports))


def _ratio(ratio: Proportion) -> str:
    """``96.0% [91.6, 98.2]`` (95% Wilson interval), or ``-`` when nothing was counted."""
    value, interval = ratio.value, ratio.interval
    if value is None or interval is None:
        return "-"
    return f"{value:.1%} [{interval[0] * 100:.1f}, {interval[1] * 100:.1f}]"


def agreement_line(
    report: RunReport, agreements: Sequence[CheckerAgreement], consensus: ConsensusAgreement | None
) -> Text | None:
    """``checker cmath agreed with 2 annotators on 40 items: precision 96.0% [86.5, 98.9], recall
    97.9% [89.1, 99.6]``: the paper's hand check of its checker, over the distinct responses the
    annotators judged (the adjudicated label where there is one, else the label they share), so
    that two annotators of one response count it once; responses on which they disagree and
    nobody adjudicated are named and left out. None when nobody judged the run."""
    if not agreements or consensus is None:
        return None
    people = f"{len(agreements)} annotator{'s' if len(agreements) > 1 else ''}"
    line = (
        f"{report.run_id}: checker {report.config.get('checker')} agreed with {people} on "
        f"{consensus.judged} items: precision {_ratio(consensus.precision)}, "
        f"recall {_ratio(consensus.recall)}"
    )
    if consensus.unresolved:
        line += f"; {consensus.unresolved} items where they disagree await adjudication"
    return Text(line)


def tags_line(report: RunReport, counts: dict[str, int]) -> Text | None:
    """``3f2a9c01: failure tags from the reviewer: arithmetic slip 12, misread question 3``."""
    if not counts:
        return None
    tags = ", ".join(f"{tag} {n}" for tag, n in counts.items())
    return Text(f"{report.run_id}: failure tags from the reviewer: {tags}")


def _excerpt(response: str, comparison_spans: list[tuple[int, int]], width: int = 160) -> Text:
    """The end of a response (where answers are), with the spans the checkers read underlined."""
    start = max(0, len(response) - width)
    if comparison_spans:
        start = min(start, max(0, min(s for s, _ in comparison_spans) - 40))
    end = min(len(response), start + width * 2)
    text = Text(("…" if start else "") + response[start:end].replace("\n", " "))
    offset = 1 if start else 0
    for span_start, span_end in comparison_spans:
        if start <= span_start and span_end <= end:
            text.stylize("bold underline", span_start - start + offset, span_end - start + offset)
    return text


def print_comparison(comparison: Comparison, show: int, console: Console) -> None:
    """The agreement table of two checkers, then the first ``show`` disagreements."""
    first, second = comparison.first, comparison.second
    table = Table(title=f"{first} vs {second}", title_justify="left")
    table.add_column("")
    table.add_column(f"{second} correct", justify="right")
    table.add_column(f"{second} wrong", justify="right")
    table.add_row(f"{first} correct", str(comparison.both_correct), str(len(comparison.only_first)))
    table.add_row(f"{first} wrong", str(len(comparison.only_second)), str(comparison.both_wrong))
    console.print(table)
    console.print(
        f"{comparison.total} responses compared, agreement {_percent(comparison.agreement)}; "
        f"{len(comparison.disagreements)} disagreements."
    )
    for item in comparison.disagreements[:show]:
        verdicts = (item.first, item.second)
        spans = [(c.start, c.end) for v in verdicts for c in v.candidates]
        console.print(Text(f"\n{item.key} (golden {item.golden})", style="bold"))
        for verdict in verdicts:
            mark = "✓" if verdict.correct else "✗"
            console.print(Text(f"  {verdict.checker}: {mark} {verdict.reason}"))
        console.print(Text("  ").append_text(_excerpt(item.response, spans)))
