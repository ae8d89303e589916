"""One HTML file to attach to an email: the report, its figures and every item, readable offline.

Everything is inline (styles, the SVG figures, the items, a few lines of plain JavaScript), so the
file opens from disk in any browser with no network, and a 1,000-item run stays around a megabyte.
The page holds the run table, the grade verdict sentences, the breakdown tables and figures (from
the same ``RunReport`` tallies ``mathbench report`` prints), the checker's precision and recall
against human judgements where the reviewer has some, and a table of items (first sample of each
problem, as the accuracy is) with each response and the spans the checker read highlighted.

The item table filters by run, status and annotation value. The filter lives in the URL fragment
(``report.html#status=wrong&grade=3``): a filtered view is a link to share, and the page applies
the fragment it is opened with. Without JavaScript every item is shown.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mathbench._export import writing
from mathbench._figures import default_by, figure_panels, inline_svg
from mathbench._human_judgements import CheckerAgreement, checker_agreement
from mathbench._report_formats import report_notes, report_tables
from mathbench._run_labels import run_labels
from mathbench.errors import MathbenchError
from mathbench.report import STATUS_SQL, RunReport
from mathbench.results.status import STATUSES, Status
from mathbench.store import Store
from mathbench.types import Candidate


@dataclass(frozen=True)
class ItemRow:
    """One problem of a run as the item table shows it. ``filters`` holds the annotations the
    report breaks down by, as the report groups them (``str(value)``)."""

    run_id: str
    position: int
    problem_id: str
    status: Status
    filters: dict[str, str]
    text: str
    golden: str
    response: str | None
    error: str | None
    candidates: tuple[Candidate, ...]


@dataclass(frozen=True)
class ReportPage:
    """What the page shows, read from the store in one go so that the file is released before
    the figures are drawn."""

    reports: list[RunReport]
    items: dict[str, list[ItemRow]]
    agreements: dict[str, list[CheckerAgreement]]


def item_rows(store: Store, report: RunReport) -> list[ItemRow]:
    """The run's problems in run order, first sample only, with the report's status rule."""
    keys = list(report.breakdowns)
    rows = store.connection.execute(
        f"SELECT position, problem_id, {STATUS_SQL}, annotations, text, golden, response, "
        f"error, candidates FROM ({store.run_rows_sql(report.run_id)}) "
        "WHERE sample_index = 0 ORDER BY position"
    ).fetchall()
    items = []
    for position, problem_id, status, stored, text, golden, response, error, found in rows:
        values = json.loads(stored)
        items.append(
            ItemRow(
                run_id=report.run_id,
                position=int(position),
                problem_id=str(problem_id),
                status=status,
                filters={key: str(values[key]) for key in keys if key in values},
                text=str(text),
                golden=str(golden),
                response=response,
                error=error,
                candidates=tuple(Candidate(**c) for c in json.loads(found)) if found else (),
            )
        )
    return items


def gather(store: Store, reports: Sequence[RunReport], annotations: Path) -> ReportPage:
    """Everything the page needs from the results and the annotations file."""
    return ReportPage(
        reports=list(reports),
        items={r.run_id: item_rows(store, r) for r in reports},
        agreements={
            r.run_id: checker_agreement(annotations, r.run_id, str(r.config.get("checker")))
            for r in reports
        },
    )


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def highlighted(response: str, candidates: Sequence[Candidate]) -> str:
    """The escaped response with each span the checker read in a ``<mark>`` (``class="m"`` when
    it matches the golden answer). Overlapping or out-of-range spans are skipped, never let to
    garble the text."""
    parts: list[str] = []
    done = 0
    for candidate in sorted(candidates, key=lambda c: (c.start, c.end)):
        if (
            candidate.start < done
            or candidate.end > len(response)
            or candidate.start >= candidate.end
        ):
            continue
        parts.append(_e(response[done : candidate.start]))
        css = ' class="m"' if candidate.matches else ""
        parts.append(
            f'<mark{css} title="read as {_e(candidate.value)}">'
            f"{_e(response[candidate.start : candidate.end])}</mark>"
        )
        done = candidate.end
    parts.append(_e(response[done:]))
    return "".join(parts)


def _tables_html(reports: Sequence[RunReport]) -> str:
    parts = []
    for table in report_tables(reports, mark=lambda passed: "✓" if passed else "✗"):
        head = "".join(f"<th>{_e(h)}</th>" for h in table.header)
        body = "".join(
            "<tr>"
            + "".join(
                f'<td class="{"n" if i in table.numeric else ""}">{_e(c)}</td>'
                for i, c in enumerate(row)
            )
            + "</tr>"
            for row in table.rows
        )
        parts.append(
            f"<h3>{_e(table.title)}</h3><table><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table>"
        )
    return "".join(parts)


def _figures_html(reports: Sequence[RunReport]) -> str:
    """An inline SVG per annotation, or one sentence saying why there is none."""
    if not default_by(reports):
        return ""
    try:
        svgs = [
            f"<figure>{inline_svg([panel], salt=str(i))}<figcaption>Accuracy by "
            f"{_e(panel.by)}, 95% Wilson intervals</figcaption></figure>"
            for i, panel in enumerate(figure_panels(reports))
        ]
    except MathbenchError as missing:  # matplotlib absent: the tables above still hold it all
        return f'<h2>Figures</h2><p class="note">{_e(missing)}</p>'
    return "<h2>Figures</h2>" + "".join(svgs)


def _agreement_html(page: ReportPage, labels: dict[str, str]) -> str:
    rows = "".join(
        f"<tr><td>{_e(labels[run_id])} ({_e(run_id[:8])})</td><td>{_e(a.annotator)}</td>"
        f'<td class="n">{a.judged}</td><td class="n">{_e(a.precision.describe())}</td>'
        f'<td class="n">{_e(a.recall.describe())}</td></tr>'
        for run_id, agreements in page.agreements.items()
        for a in agreements
    )
    if not rows:
        return ""
    return (
        "<h2>The checker, verified by hand</h2><p>Responses judged in <code>mathbench review"
        "</code>; precision: of those the checker calls correct, the share a human calls correct; "
        "recall: of those a human calls correct, the share the checker does (95% Wilson "
        "intervals).</p><table><thead><tr><th>run</th><th>annotator</th><th>judged</th>"
        f"<th>precision</th><th>recall</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def _select(name: str, label: str, counts: Counter[str], order: Sequence[str]) -> str:
    options = "".join(
        f'<option value="{_e(v)}">{_e(v)} ({counts[v]})</option>' for v in order if counts[v]
    )
    return (
        f'<label>{_e(label)} <select data-filter="{_e(name)}">'
        f'<option value="">all</option>{options}</select></label>'
    )


def _items_html(page: ReportPage) -> str:
    rows = [row for run_id in page.items for row in page.items[run_id]]
    several = len(page.reports) > 1
    controls = []
    if several:
        runs = Counter(row.run_id for row in rows)
        controls.append(_select("run", "run", runs, list(page.items)))
    controls.append(_select("status", "status", Counter(r.status for r in rows), STATUSES))
    keys = list(dict.fromkeys(k for r in page.reports for k in r.breakdowns))
    for key in keys:
        counts = Counter(row.filters[key] for row in rows if key in row.filters)
        values = list(
            dict.fromkeys(
                t.value for r in page.reports for t in r.breakdowns[key] if key in r.breakdowns
            )
        )
        controls.append(_select(key, key, counts, values))
    body = []
    for row in rows:
        if row.response is None:
            response = '<span class="note">not generated yet</span>'
        elif row.error is not None:
            response = f'<span class="note">backend error: {_e(row.error)}</span>'
        else:
            response = highlighted(row.response, row.candidates)
        annotations = " ".join(f"{_e(k)}&nbsp;{_e(v)}" for k, v in row.filters.items())
        run = f"<td>{_e(row.run_id[:8])}</td>" if several else ""
        body.append(
            f'<tr data-run="{_e(row.run_id)}" data-status="{row.status}" '
            f'data-ann="{_e(json.dumps(row.filters, ensure_ascii=False))}">'
            f'<td class="n">{row.position + 1}</td>{run}<td>{_e(row.problem_id)}</td>'
            f'<td><span class="s {row.status}">{row.status.replace("_", " ")}</span></td>'
            f"<td>{annotations}</td><td>{_e(row.golden)}</td>"
            f'<td><div class="q">{_e(row.text)}</div><div class="r">{response}</div></td></tr>'
        )
    run_head = "<th>run</th>" if several else ""
    return (
        f'<h2>Items</h2><form id="filters">{"".join(controls)}'
        f'<output id="shown">{len(rows)} of {len(rows)} items shown</output></form>'
        f'<table id="items"><thead><tr><th>#</th>{run_head}<th>problem</th><th>status</th>'
        "<th>annotations</th><th>golden</th><th>problem and response (checker's spans "
        'marked: <mark class="m">matches</mark> <mark>does not</mark>)</th></tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


_STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:1.5em auto;max-width:72em;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1em}th,td{border-bottom:1px solid #ddd;
padding:.25em .6em;text-align:left;vertical-align:top}td.n{text-align:right;white-space:nowrap}
h3{font-size:1em;margin-bottom:.2em}.verdict{font-weight:600;font-size:1.1em}.note{color:#666}
figure{display:inline-block;margin:0 1.5em 1em 0}figure svg{width:26em;height:auto}
figcaption{font-size:.85em;color:#555}form label{margin-right:1em}output{color:#555}
.q{color:#555;margin-bottom:.3em}.r{white-space:pre-wrap;max-height:14em;overflow:auto;
font-family:ui-monospace,monospace;font-size:.9em}mark{background:#fde49c}mark.m{background:#b7e4c7}
.s{padding:0 .35em;border-radius:.3em;white-space:nowrap}.correct{background:#d8f3dc}
.wrong{background:#ffd6d6}.no_answer{background:#eee}.undecided,.pending{background:#fff3bf}
.errored{background:#ffc9c9}
"""

#: Reads the filter from the URL fragment at load, keeps it there as the selects change.
_SCRIPT = """
(function () {
  var rows = Array.prototype.slice.call(document.querySelectorAll("#items tbody tr"));
  var selects = Array.prototype.slice.call(document.querySelectorAll("select[data-filter]"));
  var shown = document.getElementById("shown");
  var annotations = rows.map(function (row) { return JSON.parse(row.dataset.ann); });
  function wanted() {
    var found = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (pair) {
      var at = pair.indexOf("=");
      if (at > 0) {
        found[decodeURIComponent(pair.slice(0, at))] =
          decodeURIComponent(pair.slice(at + 1).replace(/[+]/g, " "));
      }
    });
    return found;
  }
  function filter() {
    var active = {};
    selects.forEach(function (s) { if (s.value) { active[s.dataset.filter] = s.value; } });
    var count = 0;
    rows.forEach(function (row, i) {
      var keep = Object.keys(active).every(function (key) {
        var value = key === "status" ? row.dataset.status
          : key === "run" ? row.dataset.run : annotations[i][key];
        return value === active[key];
      });
      row.hidden = !keep;
      if (keep) { count += 1; }
    });
    shown.textContent = count + " of " + rows.length + " items shown";
  }
  function fromHash() {
    var found = wanted();
    selects.forEach(function (s) {
      var value = found[s.dataset.filter] || "";
      var known = Array.prototype.some.call(s.options, function (o) { return o.value === value; });
      s.value = known ? value : "";
    });
    filter();
  }
  selects.forEach(function (s) {
    s.addEventListener("change", function () {
      var parts = selects.filter(function (t) { return t.value; }).map(function (t) {
        return encodeURIComponent(t.dataset.filter) + "=" + encodeURIComponent(t.value);
      });
      history.replaceState(null, "", parts.length ? "#" + parts.join("&") : location.pathname);
      filter();
    });
  });
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
"""


def render_page(page: ReportPage) -> str:
    """The whole HTML document."""
    reports = page.reports
    labels = dict(zip((r.run_id for r in reports), run_labels(reports), strict=True))
    ids = ", ".join(r.run_id for r in reports)
    verdicts = "".join(f'<p class="verdict">{_e(note)}</p>' for note in report_notes(reports))
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>mathbench report: {_e(ids)}</title><style>{_STYLE}</style></head><body>"
        f'<h1>mathbench report</h1><p>Runs: <code id="run-ids">{_e(ids)}</code></p>'
        f"{verdicts}<h2>Results</h2>{_tables_html(reports)}{_figures_html(reports)}"
        f"{_agreement_html(page, labels)}{_items_html(page)}"
        f"<script>{_SCRIPT}</script></body></html>\n"
    )


def write_page(page: ReportPage, output: Path) -> int:
    """Write the page to ``output`` (replaced atomically); returns its size in bytes."""
    data = render_page(page).encode("utf-8")
    with writing(output) as path:
        path.write_bytes(data)
    return len(data)
