"""Figures for papers and slides: accuracy by an annotation, one line (or bar group) per run.

The CMATH paper's Figure 2 (accuracy against grade, reasoning steps, digits and distractors, one
line per model) is what people put into their own papers. A figure here is drawn from the very
tallies ``mathbench report`` prints (``RunReport.breakdowns``), never from a second count, so that
a figure and the table beside it cannot disagree.

Each point shows its count (``n=``, the scored items its accuracy is over) and a 95% Wilson
interval, because a grade of 10 problems and a grade of 200 look alike as a bare percentage. The
palette is Okabe-Ito (told apart with any colour vision, and in grey with the markers), and the
size is a paper column (3.5 in wide). matplotlib is an optional extra (``mathbench[plot]``),
imported only when a figure is drawn, always with the file-only Agg canvas: no display is needed.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from mathbench._export import writing
from mathbench._run_labels import run_labels
from mathbench.errors import MathbenchError
from mathbench.report import RunReport, Tally, sort_key
from mathbench.results.intervals import wilson_interval

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

FigureFormat = Literal["png", "svg", "pdf"]
FORMATS: tuple[FigureFormat, ...] = ("png", "svg", "pdf")

#: Okabe & Ito (2008), "Color Universal Design": distinguishable with every kind of colour vision.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
#: A second cue beside colour, for grey-scale prints.
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
#: A paper column: 3.5 in wide; each panel this high.
COLUMN_WIDTH_IN = 3.5
PANEL_HEIGHT_IN = 2.3
PNG_DPI = 300


@dataclass(frozen=True)
class Point:
    """One group of one run: its accuracy over ``scored`` items, with a 95% Wilson interval."""

    value: str
    correct: int
    scored: int
    accuracy: float | None
    interval: tuple[float, float] | None
    passed: bool | None

    @classmethod
    def of(cls, tally: Tally) -> Point:
        return cls(
            value=tally.value,
            correct=tally.correct,
            scored=tally.scored,
            accuracy=tally.accuracy,
            interval=wilson_interval(tally.correct, tally.scored),
            passed=tally.passed,
        )


@dataclass(frozen=True)
class Series:
    """One run's points in a panel: a line, or one bar of each group."""

    run_id: str
    label: str
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Panel:
    """Accuracy by one annotation, for every run that reports by it.

    ``numeric`` panels (grade, steps, digits, distractors) are drawn as lines over the values;
    others (subject, problem type) as groups of bars. ``pass_marks`` are the benchmarks' pass
    lines where ``by`` is the annotation they pass by (CMATH: 60% per grade)."""

    by: str
    values: tuple[str, ...]
    series: tuple[Series, ...]
    numeric: bool
    pass_marks: tuple[float, ...]


def default_by(reports: Sequence[RunReport]) -> list[str]:
    """The benchmarks' own report-by annotations, in their order: what ``mathbench report``
    breaks accuracy down by."""
    keys: list[str] = []
    for report in reports:
        keys.extend(key for key in report.breakdowns if key not in keys)
    return keys


def _resolve(requested: str, reports: Sequence[RunReport]) -> str:
    """The annotation ``requested`` names in every report, allowing a plural for a singular
    (``distractors`` for the ``distractor`` annotation)."""
    for report in reports:
        if requested in report.breakdowns:
            continue
        near = [k for k in report.breakdowns if requested.rstrip("s") == k.rstrip("s")]
        if near and all(near[0] in r.breakdowns for r in reports):
            return near[0]
        available = ", ".join(report.breakdowns) or "nothing (overall accuracy only)"
        raise MathbenchError(
            f"Run {report.run_id} ({report.config.get('benchmark')}) has no breakdown by "
            f"{requested!r}; its report breaks accuracy down by {available}."
        )
    return requested


def figure_panels(reports: Sequence[RunReport], by: Sequence[str] = ()) -> list[Panel]:
    """A panel per annotation in ``by`` (default: every annotation the reports break down by,
    each with the runs that report by it), from the reports' own tallies."""
    if not reports:
        raise MathbenchError("No run to draw; give one or more run ids.")
    keys = [_resolve(key, reports) for key in by] if by else default_by(reports)
    if not keys:
        names = ", ".join(sorted({str(r.config.get("benchmark")) for r in reports}))
        raise MathbenchError(
            f"The runs' benchmark ({names}) reports overall accuracy only, with no annotation "
            "to draw accuracy against; `mathbench report` shows it."
        )
    labels = run_labels(reports)
    panels = []
    for key in dict.fromkeys(keys):
        series = tuple(
            Series(report.run_id, label, tuple(Point.of(t) for t in report.breakdowns[key]))
            for report, label in zip(reports, labels, strict=True)
            if key in report.breakdowns
        )
        values = sorted({p.value for s in series for p in s.points}, key=sort_key)
        panels.append(
            Panel(
                by=key,
                values=tuple(values),
                series=series,
                numeric=all(sort_key(v)[0] == 0 for v in values),
                pass_marks=tuple(sorted({r.pass_mark for r in reports if r.pass_by == key})),
            )
        )
    return panels


def figure_format(output: Path) -> FigureFormat:
    """The format ``output``'s suffix names; anything else is one sentence."""
    suffix = output.suffix.lower().lstrip(".")
    for known in FORMATS:
        if suffix == known:
            return known
    raise MathbenchError(
        f"Cannot tell the figure format from {output.name!r}; end the file name with .png, .svg "
        "or .pdf."
    )


def _matplotlib_figure() -> type[Figure]:
    """matplotlib's ``Figure`` (drawn without pyplot, so no display or global state is
    involved), or one sentence saying how to install it."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        from matplotlib.figure import Figure
    except ImportError:
        raise MathbenchError(
            "Figures need matplotlib, which is not installed: pip install 'mathbench[plot]'."
        ) from None
    return Figure


#: Beyond this many groups, a count under each tick would run into its neighbours.
_ROOMY_TICKS = 8


def _tick_label(panel: Panel, value: str, rotated: bool) -> str:
    """The group value, with its count when every run has the same count there (the common
    case: one benchmark split), so that the count is said once: below the value (just the
    number where ticks are crowded), or beside it on a rotated label."""
    counts = {p.scored for s in panel.series for p in s.points if p.value == value}
    if len(counts) != 1:
        return value
    count = counts.pop()
    if rotated:
        return f"{value} (n={count})"
    return f"{value}\n{count}" if len(panel.values) > _ROOMY_TICKS else f"{value}\nn={count}"


def _draw(axes: Axes, panel: Panel) -> None:
    positions = {value: float(i) for i, value in enumerate(panel.values)}
    if panel.numeric:
        positions = {value: float(value) for value in panel.values}
    ordered = sorted(positions.values())
    spacing = min((b - a for a, b in itertools.pairwise(ordered)), default=1.0)
    runs = len(panel.series)
    shared_counts = all(
        len({p.scored for s in panel.series for p in s.points if p.value == v}) == 1
        for v in panel.values
    )
    width = 0.8 * spacing / max(runs, 1)
    for index, series in enumerate(panel.series):
        colour = OKABE_ITO[index % len(OKABE_ITO)]
        shown = [p for p in series.points if p.accuracy is not None and p.interval is not None]
        offset = (index - (runs - 1) / 2) * (0.06 * spacing if panel.numeric else width)
        xs = [positions[p.value] + offset for p in shown]
        ys = [100 * (p.accuracy or 0.0) for p in shown]
        below = [100 * ((p.accuracy or 0.0) - p.interval[0]) for p in shown if p.interval]
        above = [100 * (p.interval[1] - (p.accuracy or 0.0)) for p in shown if p.interval]
        if panel.numeric:
            axes.errorbar(
                xs,
                ys,
                yerr=[below, above],
                color=colour,
                marker=MARKERS[index % len(MARKERS)],
                markersize=3.5,
                linewidth=1.2,
                elinewidth=0.7,
                capsize=2,
                label=series.label,
            )
        else:
            axes.bar(
                xs,
                ys,
                width=width,
                color=colour,
                hatch=("", "///", "...", "xx", "\\\\", "oo", "++", "--")[index % 8],
                edgecolor="white",
                linewidth=0.4,
                yerr=[below, above],
                error_kw={"elinewidth": 0.7, "capsize": 1.5, "ecolor": "0.2"},
                label=series.label,
            )
        if not shared_counts:
            for x, y, point in zip(xs, ys, shown, strict=True):
                axes.annotate(
                    f"n={point.scored}",
                    (x, y),
                    textcoords="offset points",
                    xytext=(0, 4),
                    ha="center",
                    fontsize=5,
                    color=colour,
                )
    for mark in panel.pass_marks:
        axes.axhline(100 * mark, color="0.35", linestyle="--", linewidth=0.8, zorder=0)
        axes.annotate(
            f"pass {mark:.0%}",
            (1.0, 100 * mark),
            xycoords=("axes fraction", "data"),
            xytext=(-2, 2),
            textcoords="offset points",
            ha="right",
            va="bottom",
            fontsize=6,
            color="0.35",
        )
    rotated = (
        not panel.numeric
        and max((len(v) for v in panel.values), default=0) * len(panel.values) > 40
    )
    axes.set_xticks(
        [positions[v] for v in panel.values],
        [_tick_label(panel, v, rotated) for v in panel.values],
        rotation=35 if rotated else 0,
        horizontalalignment="right" if rotated else "center",
        rotation_mode="anchor" if rotated else "default",
    )
    axes.set_ylim(0, 105)
    axes.set_ylabel("accuracy (%)")
    crowded = shared_counts and not rotated and len(panel.values) > _ROOMY_TICKS
    axes.set_xlabel(panel.by.replace("_", " ") + (" (n below each)" if crowded else ""))
    axes.grid(axis="y", color="0.9", linewidth=0.5)
    axes.set_axisbelow(True)
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(
        loc="lower left",
        bbox_to_anchor=(0.0, 1.0),
        ncol=1 if runs < 3 else 2,
        frameon=False,
        fontsize=6,
        borderaxespad=0.2,
    )


def render_figure(panels: Sequence[Panel], fmt: FigureFormat, *, salt: str = "") -> bytes:
    """The panels, stacked in one figure a paper column wide, as ``fmt`` bytes. ``salt`` makes
    an SVG's element ids unique when several are inlined in one page."""
    figure_class = _matplotlib_figure()
    import matplotlib

    with matplotlib.rc_context(
        {
            "font.size": 7,
            "axes.titlesize": 7,
            "axes.labelsize": 7,
            "xtick.labelsize": 6,
            "ytick.labelsize": 6,
            "svg.fonttype": "none",  # text stays text: smaller, searchable, crisp
            "svg.hashsalt": f"mathbench{salt}",
            "hatch.linewidth": 0.5,
        }
    ):
        legend_rows = sum(
            len(p.series) if len(p.series) < 3 else 1 + len(p.series) // 2 for p in panels
        )
        height = PANEL_HEIGHT_IN * len(panels) + 0.12 * legend_rows
        figure = figure_class(figsize=(COLUMN_WIDTH_IN, height), layout="constrained")
        for axes, panel in zip(
            figure.subplots(len(panels), 1, squeeze=False)[:, 0], panels, strict=True
        ):
            _draw(axes, panel)
        buffer = io.BytesIO()
        metadata = {"Date": None} if fmt in ("svg", "pdf") else {}
        figure.savefig(buffer, format=fmt, dpi=PNG_DPI, metadata=metadata)
    return buffer.getvalue()


def inline_svg(panels: Sequence[Panel], *, salt: str) -> str:
    """The figure as an ``<svg>`` element to put in an HTML page (no XML prologue)."""
    text = render_figure(panels, "svg", salt=salt).decode("utf-8")
    return text[text.index("<svg") :]


def write_figure(panels: Sequence[Panel], output: Path) -> None:
    """Draw the panels into ``output`` in the format its suffix names, replacing it atomically
    (drawn first, so a failure leaves whatever was there)."""
    data = render_figure(panels, figure_format(output))
    with writing(output) as path:
        path.write_bytes(data)
