"""Runs and failures: pick runs, filter and search their problems, read each response with the
checker's candidates highlighted, compare runs side by side; the door to the other screens."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
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
from textual.widgets import Footer, Header, SelectionList, Static
from textual.worker import get_current_worker

from mathbench.errors import MathbenchError
from mathbench.results import STATUSES, Detail, RunInfo
from mathbench_tui.components.banner import AccessBanner
from mathbench_tui.components.detail_pane import DetailPane
from mathbench_tui.components.failure_table import FailureTable
from mathbench_tui.components.filter_bar import FilterBar
from mathbench_tui.components.rendering import STATUS_LABELS
from mathbench_tui.components.run_list import RunList, run_caption
from mathbench_tui.context import ReviewContext
from mathbench_tui.index import Row, RowFilter, StatusFilter, Summary

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


def summary_line(summary: Summary, status: StatusFilter) -> Content:
    """``18 of 18 · wrong 13 · no answer 5 · accuracy 0.0%``: the rows shown, of the rows the
    filters other than status leave, and those by status."""
    parts: list[Content | str] = [
        Content.styled(f"{summary.matched:,}", "bold"),
        f" of {summary.total:,}",
    ]
    for name in STATUSES:
        if summary.counts.get(name):
            parts.append(f" · {STATUS_LABELS[name]} {summary.counts[name]:,}")
    if summary.accuracy is not None:
        parts.append(Content.styled(f" · accuracy {summary.accuracy:.1%}", "bold"))
    if status == "disagree":
        parts.append(Content.styled(" · rows where your judgement differs", "$text-warning"))
    return Content.assemble(*parts)


class RunsScreen(Screen[None]):
    """The first screen: runs on the left, the filtered problems, the detail of the one under the
    cursor."""

    HELP = """\
**Runs and failures.** Select runs on the left (space toggles, several at once); the table lists
their problems, one row per problem and run. Filter by status and by each annotation the runs
report by; search is fuzzy over the problem text. The detail pane shows the full response with the
spans the checker read highlighted: green matched the golden answer, yellow did not.
"""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search"),
        Binding("f", "filters", "Filters"),
        Binding("w", "failures", "Failures"),
        Binding("d", "side_by_side", "Side by side"),
        Binding("p", "plots", "Plots"),
        Binding("v", "verify", "Verify checker"),
        Binding("a", "author", "Author variant"),
        Binding("r", "refresh", "Refresh"),
        Binding("t", "table", "Table", show=False),
        Binding("escape", "table", "Table", show=False),
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

    def __init__(self, context: ReviewContext) -> None:
        super().__init__()
        self.context = context
        self.selected: list[str] = list(context.selected)
        self.side_by_side = False
        self.search_query = ""
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
            yield RunList(self.context.runs, self.selected, id="runs")
            with Vertical(id="main"):
                yield FilterBar(id="filters")
                yield Static(id="summary")
                yield FailureTable(id="table")
                yield DetailPane(id="detail")
        yield Footer()

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
        self.sub_title = self.context.source.path.name
        self.run_list.border_title = "runs · space selects"
        self._show_access()
        self.table.focus()
        self.set_interval(SNAPSHOT_REFRESH_S, self._refresh_snapshot)
        self.load(with_values=True)

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
            request = (tuple(self.selected), row_filter, self.search_query)
            if request == self._requested and not force and not with_values:
                return
            self._requested = request
            self._generation += 1
            self.set_timer(LOADING_AFTER_S, partial(self._show_loading, self._generation))
        # The filter choices follow the selection; a newer request must not lose them.
        self._values_pending = self._values_pending or with_values
        self._load(
            self._generation,
            self.selected_runs,
            row_filter,
            self.search_query,
            offset,
            self._values_pending and offset == 0,
            preview=offset == 0,
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
            )

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
    ) -> None:
        def task() -> None:
            index = self.context.index
            if (
                preview
                and len(runs) == 1
                and not index.loaded(runs)
                and (row_filter == RowFilter(human=row_filter.human) and not query.strip())
            ):
                # The first rows at the cost of one query; the screen asks for the rest once
                # they are on screen, so that loading the index does not slow the first paint.
                rows = index.preview(runs[0], limit=PAGE)
                self.post_message(self.RowsLoaded(generation, rows, None, 0, None, True))
                return
            values = index.values(runs) if with_values else None
            search = None
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
                search = tuple((texts[i][0], texts[i][1]) for _, _, i in hits)
            rows, summary = index.page(
                runs,
                RowFilter(row_filter.status, row_filter.annotations, search, row_filter.human),
                offset=offset,
                limit=PAGE,
            )
            if not get_current_worker().is_cancelled:
                self.post_message(self.RowsLoaded(generation, rows, summary, offset, values))

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
        shown = [row.key for row in self.table.rows_shown]
        if message.offset == 0 and shown and shown == [row.key for row in message.rows]:
            self.table.matched = summary.matched  # the preview was right: keep the cursor
        else:
            self.table.show(self.selected_runs, message.rows, summary.matched, message.offset)
        self.query_one("#summary", Static).update(summary_line(summary, self.filters.status))
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

    @on(SelectionList.SelectionHighlighted, "#runs")
    def _run_highlighted(self, event: SelectionList.SelectionHighlighted[str]) -> None:
        self.run_list.border_subtitle = run_caption(self.context.run(event.selection.value))

    @on(SelectionList.SelectedChanged, "#runs")
    def _selection_changed(self) -> None:
        selected = set(self.run_list.selected)
        # Keep the order in which runs are listed (newest first) for columns and side by side.
        self.selected = [run.run_id for run in self.context.runs if run.run_id in selected]
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
        self.run_list.set_runs(message.runs, self.selected)
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
