"""The table of problems: one row per problem and run, loaded a page at a time.

A run can hold hundreds of thousands of problems; the table holds what has been scrolled to, and
asks for the next page when the cursor reaches its last row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.message import Message
from textual.widgets import DataTable

from mathbench.results import RunInfo
from mathbench_tui.components.filter_bar import short_name
from mathbench_tui.index import Row

#: Cells of problem text shown in the table (a CJK character takes two).
TEXT_CELLS = 28
#: No column is wider than this (a long golden answer is cut; the detail pane has it whole).
MAX_COLUMN_CELLS = TEXT_CELLS
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
    """Posts ``Highlighted`` for the row under the cursor and ``NeedMore`` at the last row."""

    @dataclass
    class Highlighted(Message):
        row: Row

    @dataclass
    class NeedMore(Message):
        offset: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.rows_shown: list[Row] = []
        self.matched = 0
        self._runs: dict[str, RunInfo] = {}
        self._annotation_keys: tuple[str, ...] = ()
        self._with_run = False
        self._asked_for: int | None = None

    @property
    def current(self) -> Row | None:
        if not self.rows_shown or not 0 <= self.cursor_row < len(self.rows_shown):
            return None
        return self.rows_shown[self.cursor_row]

    def show(self, runs: Sequence[RunInfo], rows: Sequence[Row], matched: int, offset: int) -> None:
        """Show a first page (``offset == 0``: replaces everything) or append a further one;
        ``matched`` is how many rows the filter matches in all (more pages follow up to it).

        Column widths are set here from the first page rather than left to the DataTable,
        which measures its columns only when its message queue falls idle and can then keep
        drawing header-only widths until something else makes it repaint; fixed widths also
        keep the columns still as further pages arrive."""
        if offset == 0:
            self._runs = {run.run_id: run for run in runs}
            self._annotation_keys = tuple(dict.fromkeys(k for run in runs for k in run.report_by))
            self._with_run = len(runs) > 1
            cells = [self._cells(row) for row in rows]
            labels = [
                *(["run"] if self._with_run else []),
                "problem",
                *(short_name(key) for key in self._annotation_keys),
                "status",
                "golden",
                "answer",
                "text",
            ]
            self.clear(columns=True)
            for index, label in enumerate(labels):
                widest = max((line[index].cell_len for line in cells), default=0)
                self.add_column(label, width=min(max(len(label), widest), MAX_COLUMN_CELLS))
            self.rows_shown = []
        else:
            cells = [self._cells(row) for row in rows]
        self.matched = matched
        self._asked_for = None
        for row, line in zip(rows, cells, strict=True):
            self.add_row(*line, key=row.key)
        self.rows_shown.extend(rows)
        if offset == 0 and rows:
            self.move_cursor(row=0)

    def _cells(self, row: Row) -> list[Text]:
        label, style = STATUS_CELLS.get(row.status, (row.status, ""))
        text = plain(" ".join(row.text.split()))
        text.truncate(TEXT_CELLS, overflow="ellipsis")
        return [
            *([plain(row.run_id[:8])] if self._with_run else []),
            plain(row.problem_id),
            *(plain(str(row.annotations.get(key, ""))) for key in self._annotation_keys),
            Text(label, style=style, no_wrap=True, end=""),
            plain(row.golden),
            plain(row.answer or ""),
            text,
        ]

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        row = self.current
        if row is None:
            return
        self.post_message(self.Highlighted(row))
        at_end = self.cursor_row >= len(self.rows_shown) - 1
        if at_end and len(self.rows_shown) < self.matched and self._asked_for is None:
            self._asked_for = len(self.rows_shown)
            self.post_message(self.NeedMore(len(self.rows_shown)))
