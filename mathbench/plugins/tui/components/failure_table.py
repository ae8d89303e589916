"""The table of problems: one row per problem and run, loaded a page at a time.

A run can hold hundreds of thousands of problems; the table holds what has been scrolled to (a
first page of a screen and a bit: a DataTable row costs a quarter of a millisecond to add and
measure, so a short first page keeps a filter within a key press), and asks for the next page
while the cursor is still ``AHEAD`` rows from its last row, so that scrolling seldom waits. The
problem text takes whatever width the other columns leave (a Chinese problem is read in the
table, not guessed from 13 characters), and is cut again when the terminal is resized. Rows of
one problem in several runs follow each other; the problem id and text are written once per
group, so the group shows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widgets import DataTable

from mathbench.plugins.tui.components.filter_bar import short_name
from mathbench.results import RunInfo
from mathbench.results.items import Row, Sort

#: Fewest cells of problem text shown, however narrow the table (a CJK character takes two).
MIN_TEXT_CELLS = 20
#: No other column is wider than this (a long golden answer is cut; the detail pane has it whole).
MAX_COLUMN_CELLS = 28
#: How many rows before the last one the table asks for the next page.
AHEAD = 15
#: What continues a problem's group on the rows after its first.
DITTO = "〃"
#: Rich colours for the table (a DataTable cell is a Rich renderable, not Textual content).
STATUS_CELLS = {
    "correct": ("correct", "green"),
    "wrong": ("wrong", "red"),
    "no_answer": ("no answer", "yellow"),
    "errored": ("errored", "magenta italic"),
    "pending": ("pending", "dim italic"),
}


def plain(value: str) -> Text:
    """A cell that shows ``value`` as it is: a plain string would be read as Rich markup, and
    problem texts hold brackets (MATH's intervals, say)."""
    return Text(value, no_wrap=True, end="")


class FailureTable(DataTable[Text]):
    """Posts ``Highlighted`` for the row under the cursor, ``NeedMore`` at the last row and
    ``SortAsked`` when a column header is chosen."""

    @dataclass
    class Highlighted(Message):
        row: Row

    @dataclass
    class NeedMore(Message):
        offset: int

    @dataclass
    class SortAsked(Message):
        column: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.rows_shown: list[Row] = []
        self.matched = 0
        self.order = Sort()
        self._runs: dict[str, RunInfo] = {}
        self._annotation_keys: tuple[str, ...] = ()
        self._with_run = False
        self._asked_for: int | None = None
        #: The sort key of each column, in order (what a header click sorts by).
        self._sort_keys: list[str] = []
        #: Tags per row key, shown in the last column.
        self._tags: Mapping[str, Sequence[str]] = {}
        self._text_cells = MIN_TEXT_CELLS
        self._laid_out_width = 0
        self._after_drawn: list[Callable[[], object]] = []

    @property
    def current(self) -> Row | None:
        if not self.rows_shown or not 0 <= self.cursor_row < len(self.rows_shown):
            return None
        return self.rows_shown[self.cursor_row]

    @property
    def sort_keys(self) -> list[str]:
        """What the table can be sorted by, in column order."""
        return list(self._sort_keys)

    def show(
        self,
        runs: Sequence[RunInfo],
        rows: Sequence[Row],
        matched: int,
        offset: int,
        tags: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        """Show a first page (``offset == 0``: replaces everything) or append a further one;
        ``matched`` is how many rows the filter matches in all (more pages follow up to it).

        Column widths are set here from the first page rather than left to the DataTable,
        which measures its columns only when its message queue falls idle and can then keep
        drawing header-only widths until something else makes it repaint; fixed widths also
        keep the columns still as further pages arrive."""
        if tags is not None:
            self._tags = tags
        if offset == 0:
            self._runs = {run.run_id: run for run in runs}
            self._annotation_keys = tuple(dict.fromkeys(k for run in runs for k in run.report_by))
            self._with_run = len(runs) > 1
            self.rows_shown = []
            self._layout(list(rows))
        else:
            previous = self.rows_shown[-1] if self.rows_shown else None
            for row in rows:
                self.add_row(*self._cells(row, previous), key=row.key)
                previous = row
            self.rows_shown.extend(rows)
        self.matched = matched
        self._asked_for = None
        if offset == 0 and rows:
            self.move_cursor(row=0)

    def after_drawn(self, callback: Callable[[], object]) -> None:
        """Call ``callback`` once the table has drawn itself: work that can wait (counting a
        million rows, reading details ahead) would slow the drawing of new rows beside it."""
        self._after_drawn.append(callback)
        self.refresh()

    def render_lines(self, crop: Region) -> list[Strip]:
        lines = super().render_lines(crop)
        waiting, self._after_drawn = self._after_drawn, []
        for callback in waiting:
            self.call_later(callback)
        return lines

    def set_tags(self, tags: Mapping[str, Sequence[str]]) -> None:
        """Rewrite the tags column in place (after tagging), keeping the cursor."""
        self._tags = tags
        if not self.rows_shown:
            return
        if bool(tags) != ("tags" in self._sort_keys):
            self._layout(list(self.rows_shown))  # the tags column comes or goes
            return
        if not tags:
            return
        column = self.ordered_columns[self._sort_keys.index("tags")].key
        for row in self.rows_shown:
            self.update_cell(row.key, column, plain(", ".join(self._tags.get(row.key, ()))))

    def _layout(self, rows: list[Row]) -> None:
        """Columns sized to their contents, the text column to the width left over."""
        cursor = self.cursor_row
        keys = [
            *(["run"] if self._with_run else []),
            "problem",
            *self._annotation_keys,
            "status",
            "golden",
            "answer",
            *(["tags"] if self._tags else []),
            "text",
        ]
        labels = [short_name(key) for key in keys]
        self._sort_keys = keys
        previous: Row | None = None
        cells = []
        for row in rows:
            cells.append(self._cells(row, previous, text_cells=None))  # whole, to measure
            previous = row
        widths = [
            min(max(len(label), max((line[i].cell_len for line in cells), default=0)), 60)
            for i, label in enumerate(labels)
        ]
        widths = [min(w, MAX_COLUMN_CELLS) for w in widths[:-1]] + [widths[-1]]
        # Each column is padded by one cell either side; the vertical scrollbar takes its own.
        used = sum(widths[:-1]) + 2 * self.cell_padding * len(widths)
        used += self.styles.scrollbar_size_vertical
        width = self.size.width
        self._laid_out_width = width
        self._text_cells = max(MIN_TEXT_CELLS, width - used) if width else MIN_TEXT_CELLS * 2
        widths[-1] = self._text_cells
        self.clear(columns=True)
        for key, label, column_width in zip(keys, labels, widths, strict=True):
            mark = ""
            if (key == self.order.column and key != "problem") or (
                key == "problem" and self.order.column == "problem" and self.order.descending
            ):
                mark = " ↓" if self.order.descending else " ↑"
            self.add_column(f"{label}{mark}", width=max(column_width, len(label) + len(mark)))
        for row, line in zip(rows, cells, strict=True):
            line[-1].truncate(self._text_cells, overflow="ellipsis")
            self.add_row(*line, key=row.key)
        self.rows_shown = rows
        if rows and 0 < cursor < len(rows):
            self.move_cursor(row=cursor, animate=False)

    def _cells(self, row: Row, previous: Row | None, *, text_cells: int | None = -1) -> list[Text]:
        label, style = STATUS_CELLS.get(row.status, (row.status, ""))
        same_problem = previous is not None and (previous.benchmark, previous.problem_id) == (
            row.benchmark,
            row.problem_id,
        )
        if same_problem and self.order.column == "problem":
            problem, text = Text(DITTO, style="dim", end=""), Text("", end="")
        else:
            problem = plain(row.problem_id)
            text = plain(" ".join(row.text.split()))
            limit = self._text_cells if text_cells == -1 else text_cells
            if limit is not None:
                text.truncate(limit, overflow="ellipsis")
        return [
            *([plain(row.run_id[:8])] if self._with_run else []),
            problem,
            *(plain(str(row.annotations.get(key, ""))) for key in self._annotation_keys),
            Text(label, style=style, no_wrap=True, end=""),
            plain(row.golden),
            plain(row.answer or ""),
            *(
                [Text(", ".join(self._tags.get(row.key, ())), style="italic", no_wrap=True, end="")]
                if "tags" in self._sort_keys
                else []
            ),
            text,
        ]

    def on_resize(self, event: events.Resize) -> None:
        """A wider or narrower table gives the problem text the width that changed."""
        if self.rows_shown and event.size.width != self._laid_out_width:
            self._layout(list(self.rows_shown))

    @on(DataTable.HeaderSelected)
    def _header_selected(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        if 0 <= event.column_index < len(self._sort_keys):
            self.post_message(self.SortAsked(self._sort_keys[event.column_index]))

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        row = self.current
        if row is None:
            return
        self.post_message(self.Highlighted(row))
        near_end = self.cursor_row >= len(self.rows_shown) - AHEAD
        if near_end and len(self.rows_shown) < self.matched and self._asked_for is None:
            self._asked_for = len(self.rows_shown)
            self.post_message(self.NeedMore(len(self.rows_shown)))
