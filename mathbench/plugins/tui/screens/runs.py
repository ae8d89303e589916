"""Runs and failures: pick runs, filter and search their problems, read each response with the
checker's candidates highlighted, compare runs side by side; the door to the other screens."""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

import duckdb
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, OptionList, Static
from textual.worker import get_current_worker

from mathbench.errors import MathbenchError
from mathbench.plugins.tui.components.banner import AccessBanner
from mathbench.plugins.tui.components.detail_pane import DetailPane
from mathbench.plugins.tui.components.failure_table import FailureTable
from mathbench.plugins.tui.components.filter_bar import FilterBar, describe_filters, short_name
from mathbench.plugins.tui.components.rendering import STATUS_LABELS
from mathbench.plugins.tui.components.run_list import RunList, run_caption
from mathbench.plugins.tui.context import ReviewContext
from mathbench.plugins.tui.export_rows import write_rows
from mathbench.plugins.tui.search import SEARCH_LIMIT, SearchColumns
from mathbench.plugins.tui.state import Session
from mathbench.plugins.tui.tags_view import describe_totals, tag_totals, tagged_rows, tags_by_row
from mathbench.results import STATUSES, Detail, RunInfo
from mathbench.results.items import Row, RowFilter, Sort, StatusFilter, Summary

#: Rows per request: a screen and a bit (see ``FailureTable``).
PAGE = 24
#: Seconds of pause in typing before a search looks further than the texts that contain it.
SEARCH_AFTER_S = 0.25
#: Details read ahead of the cursor per batch (each run among them costs a query).
READ_AHEAD = 8
#: Details cached for moving back and forth; past this the cache starts again.
DETAILS_KEPT = 5000
#: Seconds of quiet after an answer before the texts of a new selection are prepared for search.
PREPARE_SEARCH_AFTER_S = 0.5
#: How long a request may take before the summary line says the runs are being read.
LOADING_AFTER_S = 0.3
#: Seconds after the last change before the session is written.
SAVE_AFTER_S = 1.0
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
row per problem and run, the rows of one problem together. Filter by status, by each
annotation the runs report by and by failure tag; search shows at once the problems whose text
contains what you type, then (when typing pauses) the fuzzy matches and the responses that
contain it. The detail pane shows the full response with the spans the checker read
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
        """A page of rows; its counts follow (``Counted``), so that counting a million rows
        does not hold up the table. A ``partial`` answer comes first and the full answer for
        the same request follows it: a ``preview`` (the first rows, read before the index is
        ready), or the problems that contain the search text before the fuzzy and response
        hits."""

        generation: int
        rows: list[Row]
        offset: int
        values: dict[str, list[str]] | None
        partial: bool = False
        preview: bool = False
        #: The filter as run, search hits included (what an export writes).
        row_filter: RowFilter | None = None
        #: Details read with the rows (the first row's), by row key.
        details: dict[str, Detail] = field(default_factory=dict)

    @dataclass
    class Counted(Message):
        """The summary of the first page's filter, and the failure tags by row and counted."""

        generation: int
        summary: Summary
        partial: bool
        tags: dict[str, list[str]]
        tag_totals: Counter[str]

    @dataclass
    class Reading(Message):
        """Runs read into the index so far, of those a request needed."""

        generation: int
        done: int
        total: int

    @dataclass
    class DetailsRead(Message):
        """Details of rows by row key (the row under the cursor, or those after it when read
        ``ahead``), and the keys asked for, no longer being read whatever came of it."""

        asked: list[str]
        details: dict[str, Detail]
        ahead: bool

    @dataclass
    class SideBySideLoaded(Message):
        generation: int
        details: list[Detail]

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
        #: The prepared problem texts search reads, for the selection they were read for.
        self._columns = SearchColumns()
        #: The full hits of the last search: ``(selection, query)`` and (texts, responses).
        self._hits: tuple[tuple[tuple[str, ...], str], tuple[Any, Any]] | None = None
        #: Details read ahead of the cursor by row key, those being read, and the one shown.
        self._details: dict[str, Detail] = {}
        self._being_read: set[str] = set()
        self._reading_ahead = False
        self._detail_shown: str | None = None
        self._saving: Timer | None = None

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
        self._read_human()
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
        self.filters.restore(session.status, dict(session.annotations), session.search, session.tag)

    def _remember(self) -> None:
        """Keep what the annotator has on screen, written a moment after the last change and
        when the screen closes: a file written on every key is time taken from the key."""
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
            tag=self.filters.tag,
        )
        state.annotator = state.annotator or self.context.annotator
        if self._saving is not None:
            self._saving.stop()
        self._saving = self.set_timer(SAVE_AFTER_S, state.save)

    def on_unmount(self) -> None:
        if self.context.state is not None:
            self.context.state.save()

    async def on_screen_resume(self) -> None:
        """Back from verifying: new judgements change the disagreement filter and the detail."""
        self._read_human()
        if self._requested is not None:
            self.load()
            row = self.table.current
            if row is not None:
                self._detail_shown = None
                await self.show_detail(row)

    # -- loading --------------------------------------------------------------------------------

    def _read_human(self) -> None:
        """The annotator's judgements, read when the screen opens and on coming back from
        verifying (where they change), not on every key."""
        self._human = self.context.annotations.human_labels(self.context.annotator)

    def current_filter(self) -> RowFilter:
        return RowFilter(
            status=self.filters.status,
            annotations=self.filters.annotations,
            search=None,
            human=tuple((key, pid, correct) for (key, pid, _), correct in self._human.items()),
            tag=self.filters.tag,
        )

    def load(self, *, with_values: bool = False, offset: int = 0, force: bool = False) -> None:
        """Ask for a page of rows under the current selection and filters (a new first page
        unless ``offset``); a newer request makes older answers stale. Widgets announce their
        first values as they mount, so a request equal to the last one is not repeated."""
        if not self.selected_runs:
            self._generation += 1
            self._requested = None
            self.table.show([], [], 0, 0)
            self._say(
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
            self.context.index.interrupt_search()  # a response scan for an older request
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
            partial=offset == 0,
            sort=self.sort,
        )

    def _load_rest(self, generation: int) -> None:
        """The full answer to a request whose partial answer is on screen."""
        if generation == self._generation:
            self._load(
                generation,
                self.selected_runs,
                self.current_filter(),
                self.search_query,
                0,
                self._values_pending,
                partial=False,
                sort=self.sort,
            )

    def _describe_active(self, tag_note: str = "") -> None:
        """The always-visible line of what narrows or orders the table (the filter bar itself
        may be cut off on a narrow terminal), with the failure tags counted."""
        active = describe_filters(
            self.filters.status, self.filters.annotations, self.search_query, self.filters.tag
        )
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
        self.query_one("#active-filters", Static).update(line, layout=False)

    def _say(self, line: Content | str) -> None:
        """The summary line below the table: one line high whatever it says, so no layout pass
        (a few milliseconds of every key)."""
        self.query_one("#summary", Static).update(line, layout=False)

    def _show_loading(self, generation: int) -> None:
        """A slow answer (a large run being read into the index) says so in the summary line; a
        quick one never flickers it. (Not the table's loading overlay: a DataTable filled while
        covered can keep its header widths until the next change.)"""
        if generation == self._generation and self._shown_generation != generation:
            self._say(Content.styled("reading the selected runs…", "$text-accent"))

    @work(thread=True, exclusive=True, group="rows")
    def _load(
        self,
        generation: int,
        runs: list[RunInfo],
        row_filter: RowFilter,
        query: str,
        offset: int,
        with_values: bool,
        partial: bool,
        sort: Sort,
    ) -> None:
        def task() -> None:
            index, worker = self.context.index, get_current_worker()
            if (
                partial
                and len(runs) == 1
                and not index.loaded(runs)
                and (row_filter == RowFilter(human=row_filter.human) and not query.strip())
                and sort == Sort()
            ):
                # The first rows at the cost of one query; the screen asks for the rest once
                # they are on screen, so that loading the index does not slow the first paint.
                rows = index.preview(runs[0], limit=PAGE)
                self.post_message(self.RowsLoaded(generation, rows, 0, None, True, True))
                return

            def reading(done: int, total: int) -> None:
                self.post_message(self.Reading(generation, done, total))

            index.ensure(runs, reading)
            values = index.values(runs) if with_values else None
            store = self.context.annotations
            searched = replace(row_filter, search=None, response_hits=None)
            if row_filter.tag:
                searched = replace(searched, tagged=tagged_rows(store, runs, row_filter.tag))
            more = False
            if query.strip():
                hits = self._search(
                    runs, query, quick=partial, cancelled=lambda: worker.is_cancelled
                )
                if hits is None:
                    return  # a newer request replaced this one
                more = hits[1] is None
                searched = replace(searched, search=hits[0], response_hits=hits[1])
            rows = index.rows(runs, searched, offset=offset, limit=PAGE, sort=sort)
            if worker.is_cancelled:
                return
            # The new first row's detail comes with the rows (10 to 20 ms), so that the table
            # and the detail change in one frame, not one after the other.
            first = rows[0] if offset == 0 and rows and not self.side_by_side else None
            details = {}
            if first is not None and first.key not in self._details:
                details = index.details(self.context.runs, [first])
            if worker.is_cancelled:
                return
            self.post_message(
                self.RowsLoaded(generation, rows, offset, values, more, False, searched, details)
            )

        self._guarded(task)

    @work(thread=True, group="count")
    def _count(
        self, generation: int, runs: list[RunInfo], row_filter: RowFilter, partial: bool
    ) -> None:
        """The summary line's counts and the failure tags, once the rows are drawn: counting a
        million rows beside the drawing would slow both, and the rows are drawn with the tags
        as they were (tags change on ``t``, which reads the rows again)."""

        def task() -> None:
            summary = self.context.index.summary(runs, row_filter)
            store = self.context.annotations
            tags, totals = tags_by_row(store, runs), tag_totals(store, runs)
            self.post_message(self.Counted(generation, summary, partial, tags, totals))

        self._guarded(task)

    def _search(
        self, runs: list[RunInfo], query: str, *, quick: bool, cancelled: Callable[[], bool]
    ) -> tuple[Any, Any] | None:
        """Search hits as ``(texts, responses)``: when ``quick``, only the problems that contain
        the text (``responses`` None: the rest follows); else the fuzzy hits and the responses
        that contain the text, kept for the next page and the next filter. None when cancelled."""
        selection = tuple(run.run_id for run in runs)
        key = (selection, query.strip())
        if self._hits is not None and self._hits[0] == key:
            return self._hits[1]
        column = self._columns.get(selection, partial(self.context.index.texts, runs))
        if quick:
            return tuple(column.containing(query)), None
        ranked = column.ranked(query, cancelled)
        said = (
            None if ranked is None else self.context.index.response_hits(runs, query, SEARCH_LIMIT)
        )
        if ranked is None or said is None or cancelled():
            return None
        self._hits = (key, (tuple(ranked), said))
        return self._hits[1]

    def _prepare_search(self, generation: int) -> None:
        """Prepare the search texts of the selection while the annotator reads, so that the first
        key of a search does not wait for them."""
        if generation == self._generation:
            self._prepare_column(self.selected_runs)

    @work(thread=True, group="search-column")
    def _prepare_column(self, runs: list[RunInfo]) -> None:
        def task() -> None:
            selection = tuple(run.run_id for run in runs)
            self._columns.get(selection, partial(self.context.index.texts, runs))

        self._guarded(task)

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
        if message.preview:
            self.table.show(self.selected_runs, message.rows, len(message.rows), 0)
            self._say("counting…")
            self.call_after_refresh(self._load_rest, message.generation)
            return
        self._details.update(message.details)
        if message.offset == 0:
            self._shown_filter = message.row_filter
        self.table.order = self.sort
        shown = [row.key for row in self.table.rows_shown]
        keys = [row.key for row in message.rows]
        # Until the count comes: one more row when the page is full, so that the table asks
        # for the next page; none for a partial answer (the full one replaces it).
        full = not message.partial and len(message.rows) == PAGE
        matched = message.offset + len(message.rows) + full
        if message.offset == 0 and shown and keys[: len(shown)] == shown:
            # The rows on screen were right (a preview, or the texts that contain the search):
            # keep them and the cursor, and add what the full answer has beyond them.
            self.table.show(
                self.selected_runs, message.rows[len(shown) :], matched, len(shown), self._tags
            )
            self.table.set_tags(self._tags)
        else:
            self.table.show(self.selected_runs, message.rows, matched, message.offset, self._tags)
        self._show_access()
        row = self.table.current
        if message.offset == 0 and row is not None:
            await self.show_detail(row)  # in the table's frame, not after it
        if message.offset == 0 and message.row_filter is not None:
            self.table.after_drawn(
                partial(
                    self._count,
                    message.generation,
                    self.selected_runs,
                    message.row_filter,
                    message.partial,
                )
            )

    @on(Counted)
    async def _counted(self, message: Counted) -> None:
        if message.generation != self._generation:
            return
        if not message.partial:
            self.table.matched = message.summary.matched
        if message.tags != self._tags:
            self._tags = message.tags
            self.table.set_tags(message.tags)
        self.filters.set_tags(list(message.tag_totals))
        self._describe_active(describe_totals(message.tag_totals))
        line = summary_line(message.summary, self.filters.status, self.selected_runs)
        if message.partial:
            line = Content.assemble(line, ("  searching further…", "$text-accent"))
            # The fuzzy ranking and the responses once typing pauses: each key of a query gets
            # its quick answer, and the slow part runs once, for the query as finally typed.
            self.set_timer(SEARCH_AFTER_S, partial(self._load_rest, message.generation))
        else:
            self.set_timer(
                PREPARE_SEARCH_AFTER_S, partial(self._prepare_search, message.generation)
            )
        self._say(line)
        if not message.summary.matched and not message.partial:
            self._detail_shown = None
            await self.detail.show_message("No problem matches these filters.")

    @on(Reading)
    def _reading(self, message: Reading) -> None:
        if message.generation == self._generation and message.total > 1:
            self._say(
                Content.styled(
                    f"reading the selected runs… {message.done} of {message.total}",
                    "$text-accent",
                )
            )

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.notify(message.error, severity="error", timeout=10)

    @on(FailureTable.NeedMore)
    def _more(self, message: FailureTable.NeedMore) -> None:
        self.load(offset=message.offset)

    @on(FailureTable.Highlighted)
    async def _highlighted(self, message: FailureTable.Highlighted) -> None:
        await self.show_detail(message.row)

    async def show_detail(self, row: Row) -> None:
        """The detail of ``row``: at once when it was read ahead, else read on its own (a few
        milliseconds); either way the rows after it are read ahead."""
        self._detail_generation += 1
        if self.side_by_side:
            self._detail_shown = None
            self._load_side_by_side(self._detail_generation, row)
            return
        detail = self._details.get(row.key)
        if detail is None:
            if row.key not in self._being_read:
                self._read_details([row], ahead=False)
        elif self._detail_shown != row.key:
            self._detail_shown = row.key
            human = self._human.get((row.generation_key, row.problem_id, 0))
            await self.detail.show_detail(detail, human)
        self.table.after_drawn(self._read_ahead)

    def _read_ahead(self) -> None:
        """Read the details of the next rows after the cursor that are not read yet, a few at a
        time (one batch in flight), so that moving down shows each at once."""
        if self._reading_ahead:
            return
        rows = self.table.rows_shown
        start = max(self.table.cursor_row, 0)
        wanted = [
            row
            for row in rows[start : start + PAGE // 2]
            if row.key not in self._details and row.key not in self._being_read
        ][:READ_AHEAD]
        if wanted:
            self._reading_ahead = True
            self._read_details(wanted, ahead=True)

    def _read_details(self, rows: list[Row], *, ahead: bool) -> None:
        self._being_read.update(row.key for row in rows)
        self._read(rows, ahead)

    @work(thread=True, group="details")
    def _read(self, rows: list[Row], ahead: bool) -> None:
        found: dict[str, Detail] = {}

        def task() -> None:
            found.update(self.context.index.details(self.context.runs, rows, ahead=ahead))

        self._guarded(task)
        self.post_message(self.DetailsRead([row.key for row in rows], found, ahead))

    @on(DetailsRead)
    async def _details_read(self, message: DetailsRead) -> None:
        self._being_read.difference_update(message.asked)
        if len(self._details) > DETAILS_KEPT:
            self._details.clear()
        self._details.update(message.details)
        if message.ahead:
            self._reading_ahead = False
        row = self.table.current
        if row is not None and row.key in message.details and not self.side_by_side:
            await self.show_detail(row)
        elif message.ahead:
            self._read_ahead()

    @work(thread=True, group="side-by-side")
    def _load_side_by_side(self, generation: int, row: Row) -> None:
        def task() -> None:
            details = self.context.index.across(self.selected_runs, row)
            self.post_message(self.SideBySideLoaded(generation, details))

        self._guarded(task)

    @on(SideBySideLoaded)
    async def _side_by_side_loaded(self, message: SideBySideLoaded) -> None:
        if message.generation == self._detail_generation and self.side_by_side:
            await self.detail.show_side_by_side(message.details)

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
        # At once, not when the select's change comes back round after its repaint (the same
        # request then is not run again).
        self.load()

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
        from mathbench.plugins.tui.screens.tag_prompt import TagPrompt

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
        from mathbench.plugins.tui.screens.prompt import PathPrompt

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
            written = write_rows(path, rows, runs, tags, index.responses(rows))
            self.post_message(self.Exported(written, path))

        self._guarded(task)

    @on(Exported)
    def _exported(self, message: Exported) -> None:
        self.notify(f"Wrote {message.written:,} rows to {message.path}.")

    async def action_side_by_side(self) -> None:
        self.side_by_side = not self.side_by_side
        self.notify("Side by side across the selected runs" if self.side_by_side else "One run")
        row = self.table.current
        if row is not None:
            await self.show_detail(row)

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
            self._columns.forget()
            self.post_message(self.Refreshed(list(self.context.runs)))

        self._guarded(task)

    @on(Refreshed)
    def _refreshed(self, message: Refreshed) -> None:
        self._hits, self._detail_shown = None, None
        self._details.clear()
        known = {run.run_id for run in message.runs}
        self.selected = [run_id for run_id in self.selected if run_id in known]
        self.run_list.set_runs(message.runs, self.selected, self.context.facts)
        self._title_runs()
        self._show_access()
        self.load(with_values=True, force=True)

    def action_plots(self) -> None:
        from mathbench.plugins.tui.screens.plots import PlotsScreen

        if not self.selected_runs:
            self.notify("Select a run first (space in the runs list).", severity="warning")
            return
        self.app.push_screen(PlotsScreen(self.context, self.selected_runs))

    def action_verify(self) -> None:
        from mathbench.plugins.tui.screens.sample_setup import SampleSetupScreen
        from mathbench.plugins.tui.screens.verify import VerifyScreen

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
        from mathbench.plugins.tui.screens.author import AuthorScreen

        row = self.table.current
        if row is None:
            self.notify("Highlight a problem to write variants of.", severity="warning")
            return
        self.app.push_screen(AuthorScreen(self.context, row))
