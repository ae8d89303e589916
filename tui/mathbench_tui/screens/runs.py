"""Runs and failures: pick runs, filter and search their problems, read each response with the
checker's candidates highlighted, compare runs side by side; the door to the other screens."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import ClassVar

import duckdb
from rapidfuzz import fuzz, process, utils
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.worker import get_current_worker

from mathbench.errors import MathbenchError
from mathbench.results import STATUSES, Detail, RunInfo
from mathbench.results.items import Row, RowFilter, Sort, StatusFilter, Summary
from mathbench_tui.components.banner import AccessBanner
from mathbench_tui.components.detail_pane import DetailPane
from mathbench_tui.components.failure_table import FailureTable
from mathbench_tui.components.filter_bar import FilterBar, describe_filters, short_name
from mathbench_tui.components.rendering import STATUS_LABELS
from mathbench_tui.components.run_list import RunList, run_caption
from mathbench_tui.context import ReviewContext
from mathbench_tui.export_rows import write_rows
from mathbench_tui.state import Session
from mathbench_tui.tags_view import describe_totals, tag_totals, tags_by_row

#: Search keeps the best hits, so that a one-character query does not list a whole benchmark.
SEARCH_LIMIT = 2000
SEARCH_CUTOFF = 60.0
PAGE = 200
#: How long a request may take before the summary line says the runs are being read.
LOADING_AFTER_S = 0.3
#: Seconds between refreshes while a run holds the file and a snapshot is shown.
SNAPSHOT_REFRESH_S = 15.0

#: What a failed worker may raise: a user-facing sentence, or the databases refusing.
WORKER_ERRORS = (MathbenchError, duckdb.Error, sqlite3.Error, OSError)


def summary_line(
    summary: Summary, status: StatusFilter, runs: list[RunInfo] | None = None
) -> Content:
    """``18 of 18 · wrong 13 · no answer 5 · accuracy 0.0%``: the rows shown, of the rows the
    filters other than status leave, and those by status. Accuracy is one figure per run
    (``accuracy b2b2b2b2 66.7% · a1a1a1a1 62.5%``): a pooled figure over two models or two
    checkers means nothing."""
    parts: list[Content | str] = [
        Content.styled(f"{summary.matched:,}", "bold"),
        f" of {summary.total:,}",
    ]
    for name in STATUSES:
        if summary.counts.get(name):
            parts.append(f" · {STATUS_LABELS[name]} {summary.counts[name]:,}")
    runs = runs or []
    if len(runs) > 1:
        figures = [
            f"{run.short_id} {value:.1%}"
            for run in runs
            if (value := summary.run_accuracy(run.run_id)) is not None
        ]
        if figures:
            parts.append(Content.styled(f" · accuracy {' · '.join(figures)}", "bold"))
    elif summary.accuracy is not None:
        parts.append(Content.styled(f" · accuracy {summary.accuracy:.1%}", "bold"))
    if status == "disagree":
        parts.append(Content.styled(" · rows where your judgement differs", "$text-warning"))
    return Content.assemble(*parts)


class RunsScreen(Screen[None]):
    """The first screen: runs on the left, the filtered problems, the detail of the one under the
    cursor."""

    HELP = """\
**Runs and failures.** Select runs on the left (space toggles, several at once; a selected run
has a filled dot, and what differs between runs is bold). The table lists their problems, one
row per problem and run, the rows of one problem together. Filter by status and by each
annotation the runs report by; search is fuzzy over the problem text and finds responses that
contain the text too. The detail pane shows the full response with the spans the checker read
highlighted: green matched the golden answer, yellow did not. Selection, filters, search and sort
are remembered for the next session.
"""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search"),
        Binding("f", "filters", "Filters"),
        Binding("w", "failures", "Failures", show=False),
        Binding("t", "tag", "Tag"),
        Binding("v", "verify", "Verify"),
        Binding("a", "author", "Author"),
        Binding("r", "refresh", "Refresh"),
        Binding("s", "sort", "Sort by the next column", show=False),
        Binding("S", "reverse_sort", "Reverse the sort", show=False),
        Binding("e", "export", "Export the filtered rows (JSONL, CSV)", show=False),
        Binding("d", "side_by_side", "Side by side across the selected runs", show=False),
        Binding("p", "plots", "Plots of accuracy", show=False),
        Binding("escape", "table", "Back to the table", show=False),
    ]

    @dataclass
    class RowsLoaded(Message):
        """A page of rows; a ``preview`` (the first rows, read before the index is ready) has no
        summary yet, and the full answer for the same request follows it."""

        generation: int
        rows: list[Row]
        summary: Summary | None
        offset: int
        values: dict[str, list[str]] | None
        preview: bool = False
        #: The filter as run, search hits included (what an export writes).
        row_filter: RowFilter | None = None
        tags: dict[str, list[str]] | None = None
        tag_note: str = ""

    @dataclass
    class DetailLoaded(Message):
        generation: int
        details: list[Detail]
        human: bool | None

    @dataclass
    class Refreshed(Message):
        runs: list[RunInfo]

    @dataclass
    class Failed(Message):
        error: str

    @dataclass
    class Exported(Message):
        written: int
        path: Path

    def __init__(self, context: ReviewContext) -> None:
        super().__init__()
        self.context = context
        self.selected: list[str] = list(context.selected)
        self.side_by_side = False
        self.search_query = ""
        self.sort = Sort()
        #: The last filter the table was filled with, search hits included.
        self._shown_filter: RowFilter | None = None
        self._tags: dict[str, list[str]] = {}
        self._generation = 0
        self._shown_generation = 0
        self._values_pending = False
        #: What the table was last asked to show, so that a repeated request is not run again.
        self._requested: tuple[object, ...] | None = None
        self._detail_generation = 0
        self._human: dict[tuple[str, str, int], bool] = {}
        #: The problem texts search reads, for the selection they were read for.
        self._texts: tuple[tuple[str, ...], list[tuple[str, str, str]]] = ((), [])

    def compose(self) -> ComposeResult:
        yield Header()
        yield AccessBanner(id="banner")
        with Horizontal(id="body"):
            yield RunList(self.context.runs, self.selected, self.context.facts, id="runs")
            with Vertical(id="main"):
                yield FilterBar(id="filters")
                yield Static(id="active-filters")
                yield Static(id="summary")
                yield FailureTable(id="table")
                yield DetailPane(id="detail")
        yield Footer(compact=True)

    @property
    def table(self) -> FailureTable:
        return self.query_one(FailureTable)

    @property
    def filters(self) -> FilterBar:
        return self.query_one(FilterBar)

    @property
    def detail(self) -> DetailPane:
        return self.query_one(DetailPane)

    @property
    def run_list(self) -> RunList:
        return self.query_one(RunList)

    @property
    def selected_runs(self) -> list[RunInfo]:
        by_id = {run.run_id: run for run in self.context.runs}
        return [by_id[run_id] for run_id in self.selected if run_id in by_id]

    def _show_access(self) -> None:
        self.query_one(AccessBanner).show_access(
            self.context.source.access, self.context.source.path
        )

    def on_mount(self) -> None:
        self.sub_title = f"{self.context.source.path.name} · annotator {self.context.annotator}"
        self._title_runs()
        self._show_access()
        self._restore()
        self.table.focus()
        self.set_interval(SNAPSHOT_REFRESH_S, self._refresh_snapshot)
        self.load(with_values=True)

    def _title_runs(self) -> None:
        count = len(self.selected_runs)
        self.run_list.border_title = f"runs · {count} selected · space toggles"

    # -- remembering ---------------------------------------------------------------------------

    def _restore(self) -> None:
        """Filters, search and sort as this annotator left them (the selection was restored
        when the context opened)."""
        state = self.context.state
        if state is None:
            return
        session = state.session(self.context.annotator)
        self.search_query = session.search
        self.sort = Sort(session.sort or "problem", session.descending)
        self.table.order = self.sort
        self.filters.restore(session.status, dict(session.annotations), session.search)

    def _remember(self) -> None:
        state = self.context.state
        if state is None:
            return
        state.sessions[self.context.annotator] = Session(
            selected=list(self.selected),
            status=self.filters.status,
            annotations=list(self.filters.annotations),
            search=self.search_query,
            sort=self.sort.column,
            descending=self.sort.descending,
        )
        state.annotator = state.annotator or self.context.annotator
        state.save()

    def on_screen_resume(self) -> None:
        """Back from verifying: new judgements change the disagreement filter and the detail."""
        if self._requested is not None:
            self.load()
            row = self.table.current
            if row is not None:
                self.show_detail(row)

    # -- loading --------------------------------------------------------------------------------

    def current_filter(self) -> RowFilter:
        self._human = self.context.annotations.human_labels(self.context.annotator)
        return RowFilter(
            status=self.filters.status,
            annotations=self.filters.annotations,
            search=None,
            human=tuple((key, pid, correct) for (key, pid, _), correct in self._human.items()),
        )

    def load(self, *, with_values: bool = False, offset: int = 0, force: bool = False) -> None:
        """Ask for a page of rows under the current selection and filters (a new first page
        unless ``offset``); a newer request makes older answers stale. Widgets announce their
        first values as they mount, so a request equal to the last one is not repeated."""
        if not self.selected_runs:
            self._generation += 1
            self._requested = None
            self.table.show([], [], 0, 0)
            self.query_one("#summary", Static).update(
                "Select a run: space in the runs list."
                if self.context.runs
                else "No runs stored yet: `mathbench run BENCHMARK -m BACKEND:MODEL` makes one."
            )
            return
        row_filter = self.current_filter()
        if offset == 0:
            request = (tuple(self.selected), row_filter, self.search_query, self.sort)
            if request == self._requested and not force and not with_values:
                return
            self._requested = request
            self._generation += 1
            self.set_timer(LOADING_AFTER_S, partial(self._show_loading, self._generation))
        # The filter choices follow the selection; a newer request must not lose them.
        self._values_pending = self._values_pending or with_values
        self._describe_active()
        self._remember()
        self._load(
            self._generation,
            self.selected_runs,
            row_filter,
            self.search_query,
            offset,
            self._values_pending and offset == 0,
            preview=offset == 0,
            sort=self.sort,
        )

    def _load_after_preview(self, generation: int) -> None:
        if generation == self._generation:
            self._load(
                generation,
                self.selected_runs,
                self.current_filter(),
                self.search_query,
                0,
                self._values_pending,
                preview=False,
                sort=self.sort,
            )

    def _describe_active(self, tag_note: str = "") -> None:
        """The always-visible line of what narrows or orders the table (the filter bar itself
        may be cut off on a narrow terminal), with the failure tags counted."""
        active = describe_filters(self.filters.status, self.filters.annotations, self.search_query)
        if self.sort != Sort():
            arrow = "↓" if self.sort.descending else "↑"
            active = " · ".join(
                p for p in (active, f"sorted by {short_name(self.sort.column)} {arrow}") if p
            )
        line = Content.assemble(
            (f"filters: {active}", "bold $text-warning")
            if active
            else ("no filters", "$text-muted"),
            (f"   {tag_note}" if tag_note else "", "$text-muted"),
        )
        self.query_one("#active-filters", Static).update(line)

    def _show_loading(self, generation: int) -> None:
        """A slow answer (a large run being read into the index) says so in the summary line; a
        quick one never flickers it. (Not the table's loading overlay: a DataTable filled while
        covered can keep its header widths until the next change.)"""
        if generation == self._generation and self._shown_generation != generation:
            self.query_one("#summary", Static).update(
                Content.styled("reading the selected runs…", "$text-accent")
            )

    @work(thread=True, exclusive=True, group="rows")
    def _load(
        self,
        generation: int,
        runs: list[RunInfo],
        row_filter: RowFilter,
        query: str,
        offset: int,
        with_values: bool,
        preview: bool,
        sort: Sort,
    ) -> None:
        def task() -> None:
            index = self.context.index
            if (
                preview
                and len(runs) == 1
                and not index.loaded(runs)
                and (row_filter == RowFilter(human=row_filter.human) and not query.strip())
                and sort == Sort()
            ):
                # The first rows at the cost of one query; the screen asks for the rest once
                # they are on screen, so that loading the index does not slow the first paint.
                rows = index.preview(runs[0], limit=PAGE)
                self.post_message(self.RowsLoaded(generation, rows, None, 0, None, True))
                return
            values = index.values(runs) if with_values else None
            searched = replace(row_filter, search=None, response_hits=None)
            if query.strip():
                texts = self._problem_texts(runs)
                hits = process.extract(
                    query,
                    [text for _, _, text in texts],
                    scorer=fuzz.partial_ratio,
                    processor=utils.default_process,
                    score_cutoff=SEARCH_CUTOFF,
                    limit=SEARCH_LIMIT,
                )
                searched = replace(
                    searched,
                    search=tuple((texts[i][0], texts[i][1]) for _, _, i in hits),
                    response_hits=index.response_hits(runs, query, SEARCH_LIMIT),
                )
            rows, summary = index.page(runs, searched, offset=offset, limit=PAGE, sort=sort)
            store = self.context.annotations
            tags = tags_by_row(store, runs)
            tag_note = describe_totals(tag_totals(store, runs)) if offset == 0 else ""
            if not get_current_worker().is_cancelled:
                self.post_message(
                    self.RowsLoaded(
                        generation, rows, summary, offset, values, False, searched, tags, tag_note
                    )
                )

        self._guarded(task)

    def _problem_texts(self, runs: list[RunInfo]) -> list[tuple[str, str, str]]:
        ids = tuple(run.run_id for run in runs)
        if self._texts[0] != ids:
            self._texts = (ids, self.context.index.texts(runs))
        return self._texts[1]

    def _guarded(self, task: Callable[[], None]) -> None:
        """Run a worker's task; what the user can fix becomes a notification, not a crash."""
        try:
            task()
        except WORKER_ERRORS as error:
            self.post_message(self.Failed(str(error)))

    @on(RowsLoaded)
    async def _rows_loaded(self, message: RowsLoaded) -> None:
        if message.generation != self._generation:
            return
        self._shown_generation = message.generation
        if message.values is not None:
            self._values_pending = False
            await self.filters.set_choices(message.values)
        summary = message.summary
        if summary is None:
            self.table.show(self.selected_runs, message.rows, len(message.rows), 0)
            self.query_one("#summary", Static).update("counting…")
            self.call_after_refresh(self._load_after_preview, message.generation)
            return
        if message.tags is not None:
            self._tags = message.tags
        if message.offset == 0:
            self._shown_filter = message.row_filter
            self._describe_active(message.tag_note)
        self.table.order = self.sort
        shown = [row.key for row in self.table.rows_shown]
        if message.offset == 0 and shown and shown == [row.key for row in message.rows]:
            self.table.matched = summary.matched  # the preview was right: keep the cursor
            self.table.set_tags(self._tags)
        else:
            self.table.show(
                self.selected_runs, message.rows, summary.matched, message.offset, self._tags
            )
        self.query_one("#summary", Static).update(
            summary_line(summary, self.filters.status, self.selected_runs)
        )
        self._show_access()
        if message.offset == 0 and not message.rows:
            await self.detail.show_message("No problem matches these filters.")

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.notify(message.error, severity="error", timeout=10)

    @on(FailureTable.NeedMore)
    def _more(self, message: FailureTable.NeedMore) -> None:
        self.load(offset=message.offset)

    @on(FailureTable.Highlighted)
    def _highlighted(self, message: FailureTable.Highlighted) -> None:
        self.show_detail(message.row)

    def show_detail(self, row: Row) -> None:
        self._detail_generation += 1
        human = self._human.get((row.generation_key, row.problem_id, 0))
        self._load_detail(self._detail_generation, row, self.side_by_side, human)

    @work(thread=True, exclusive=True, group="detail")
    def _load_detail(
        self, generation: int, row: Row, side_by_side: bool, human: bool | None
    ) -> None:
        def task() -> None:
            source = self.context.source
            if side_by_side:
                details = source.across_runs(self.selected_runs, row.benchmark, row.problem_id)
            else:
                found = source.detail(self.context.run(row.run_id), row.benchmark, row.problem_id)
                details = [found] if found is not None else []
            if not get_current_worker().is_cancelled:
                self.post_message(self.DetailLoaded(generation, details, human))

        self._guarded(task)

    @on(DetailLoaded)
    async def _detail_loaded(self, message: DetailLoaded) -> None:
        if message.generation != self._detail_generation:
            return
        if self.side_by_side:
            await self.detail.show_side_by_side(message.details)
        elif message.details:
            await self.detail.show_detail(message.details[0], message.human)
        else:
            await self.detail.show_message("This problem is no longer in the results.")

    # -- reacting to the user -------------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#runs")
    def _run_highlighted(self) -> None:
        run = self.run_list.highlighted_run
        self.run_list.border_subtitle = run_caption(run) if run else ""

    @on(RunList.SelectionChanged)
    def _selection_changed(self, message: RunList.SelectionChanged) -> None:
        selected = set(message.selected)
        # Keep the order in which runs are listed (newest first) for columns and side by side.
        self.selected = [run.run_id for run in self.context.runs if run.run_id in selected]
        self._title_runs()
        self.load(with_values=True)

    @on(FilterBar.Changed)
    def _filters_changed(self) -> None:
        self.load()

    @on(FilterBar.SearchChanged)
    def _search_changed(self, message: FilterBar.SearchChanged) -> None:
        self.search_query = message.query
        self.load()

    def action_search(self) -> None:
        self.filters.search_input.focus()

    def action_filters(self) -> None:
        self.filters.status_select.focus()

    def action_table(self) -> None:
        self.table.focus()

    def action_failures(self) -> None:
        self.filters.set_status("all" if self.filters.status == "failures" else "failures")

    def action_sort(self) -> None:
        """Sort by the next column (``problem`` again after the last), ascending."""
        keys = [key for key in self.table.sort_keys if key != "tags"] or ["problem"]
        position = keys.index(self.sort.column) if self.sort.column in keys else -1
        self._sort_by(Sort(keys[(position + 1) % len(keys)]))

    def action_reverse_sort(self) -> None:
        self._sort_by(Sort(self.sort.column, not self.sort.descending))

    @on(FailureTable.SortAsked)
    def _sort_asked(self, message: FailureTable.SortAsked) -> None:
        """A header chosen: sort by it, or reverse the sort if it is already the column."""
        if message.column == "tags":
            return
        if message.column == self.sort.column:
            self.action_reverse_sort()
        else:
            self._sort_by(Sort(message.column))

    def _sort_by(self, sort: Sort) -> None:
        self.sort = sort
        self.table.order = sort
        self.load()

    def action_tag(self) -> None:
        from mathbench_tui.screens.tag_prompt import TagPrompt

        row = self.table.current
        if row is None:
            self.notify("Highlight a row to tag.", severity="warning")
            return

        def tagged(_mine: list[str] | None) -> None:
            self.load(force=True)

        self.app.push_screen(
            TagPrompt(self.context.annotations, row, self.context.annotator), tagged
        )

    def action_export(self) -> None:
        from mathbench_tui.screens.prompt import PathPrompt

        row_filter, runs = self._shown_filter, self.selected_runs
        if row_filter is None or not runs:
            self.notify("Nothing to export yet: select a run.", severity="warning")
            return
        results = self.context.source.path
        default = results.with_name(f"{results.stem}.rows.jsonl")

        def write(path: Path | None) -> None:
            if path is not None:
                self._export(path, runs, row_filter, self.sort)

        self.app.push_screen(
            PathPrompt(
                f"Export the {self.table.matched:,} filtered rows to (.jsonl, or .csv):", default
            ),
            write,
        )

    @work(thread=True, exclusive=True, group="export")
    def _export(self, path: Path, runs: list[RunInfo], row_filter: RowFilter, sort: Sort) -> None:
        def task() -> None:
            index = self.context.index
            _, summary = index.page(runs, row_filter, limit=0)
            rows, _ = index.page(runs, row_filter, limit=max(summary.matched, 1), sort=sort)
            tags = tags_by_row(self.context.annotations, runs)
            self.post_message(self.Exported(write_rows(path, rows, runs, tags), path))

        self._guarded(task)

    @on(Exported)
    def _exported(self, message: Exported) -> None:
        self.notify(f"Wrote {message.written:,} rows to {message.path}.")

    def action_side_by_side(self) -> None:
        self.side_by_side = not self.side_by_side
        self.notify("Side by side across the selected runs" if self.side_by_side else "One run")
        row = self.table.current
        if row is not None:
            self.show_detail(row)

    def action_refresh(self) -> None:
        self.notify("Reading the results again…", timeout=2)
        self._refresh()

    def _refresh_snapshot(self) -> None:
        if self.context.source.access.mode == "snapshot":
            self._refresh()

    @work(thread=True, exclusive=True, group="refresh")
    def _refresh(self) -> None:
        def task() -> None:
            self.context.reload()
            self._texts = ((), [])
            self.post_message(self.Refreshed(list(self.context.runs)))

        self._guarded(task)

    @on(Refreshed)
    def _refreshed(self, message: Refreshed) -> None:
        known = {run.run_id for run in message.runs}
        self.selected = [run_id for run_id in self.selected if run_id in known]
        self.run_list.set_runs(message.runs, self.selected, self.context.facts)
        self._title_runs()
        self._show_access()
        self.load(with_values=True, force=True)

    def action_plots(self) -> None:
        from mathbench_tui.screens.plots import PlotsScreen

        if not self.selected_runs:
            self.notify("Select a run first (space in the runs list).", severity="warning")
            return
        self.app.push_screen(PlotsScreen(self.context, self.selected_runs))

    def action_verify(self) -> None:
        from mathbench_tui.screens.sample_setup import SampleSetupScreen
        from mathbench_tui.screens.verify import VerifyScreen

        row = self.table.current
        run = self.context.run(row.run_id) if row else next(iter(self.selected_runs), None)
        if run is None:
            self.notify("Select a run first (space in the runs list).", severity="warning")
            return

        def open_sample(sample_id: str | None) -> None:
            if sample_id is not None:
                self.app.push_screen(VerifyScreen(self.context, sample_id))

        self.app.push_screen(SampleSetupScreen(self.context, run), open_sample)

    def action_author(self) -> None:
        from mathbench_tui.screens.author import AuthorScreen

        row = self.table.current
        if row is None:
            self.notify("Highlight a problem to write variants of.", severity="warning")
            return
        self.app.push_screen(AuthorScreen(self.context, row))
