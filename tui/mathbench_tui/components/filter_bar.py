"""The filters above the failures table: status, each annotation the runs report by, search."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Select

from mathbench_tui.index import StatusFilter

STATUS_CHOICES: tuple[tuple[str, StatusFilter], ...] = (
    ("status: all", "all"),
    ("failures", "failures"),
    ("correct", "correct"),
    ("wrong", "wrong"),
    ("no answer", "no_answer"),
    ("errored", "errored"),
    ("pending", "pending"),
    ("checker ≠ you", "disagree"),
)

#: Short column and filter names for the annotations the built-in benchmarks report by.
SHORT_NAMES: Mapping[str, str] = {"reasoning_step": "steps", "num_digits": "digits"}


def short_name(key: str) -> str:
    return SHORT_NAMES.get(key, key)


class FilterBar(Horizontal):
    """Posts ``Changed`` when a status or annotation filter changes and ``SearchChanged`` as the
    search text changes."""

    @dataclass
    class Changed(Message):
        status: StatusFilter
        annotations: tuple[tuple[str, str], ...]

    @dataclass
    class SearchChanged(Message):
        query: str

    def compose(self) -> ComposeResult:
        yield Select[StatusFilter](
            STATUS_CHOICES, value="all", allow_blank=False, id="status-filter", compact=True
        )
        yield Horizontal(id="annotation-filters")
        yield Input(placeholder="/ search problem text (fuzzy)", id="search", compact=True)

    @property
    def status_select(self) -> Select[StatusFilter]:
        return self.query_one("#status-filter", Select)

    @property
    def search_input(self) -> Input:
        return self.query_one("#search", Input)

    @property
    def status(self) -> StatusFilter:
        value = self.status_select.value
        return value if isinstance(value, str) else "all"

    @property
    def annotations(self) -> tuple[tuple[str, str], ...]:
        chosen = []
        for select in self.query_one("#annotation-filters").query(Select):
            if isinstance(select.value, str) and select.name:
                chosen.append((select.name, select.value))
        return tuple(chosen)

    async def set_choices(self, values: Mapping[str, list[str]]) -> None:
        """One select per annotation, keeping what was chosen where the value still exists."""
        kept = dict(self.annotations)
        box = self.query_one("#annotation-filters", Horizontal)
        await box.remove_children()
        selects = []
        for key, options in values.items():
            name = short_name(key)
            value = kept.get(key)
            selects.append(
                Select[str](
                    [(f"{name} {option}", option) for option in options],
                    prompt=f"{name}: all",
                    value=value if value in options else Select.NULL,
                    name=key,
                    compact=True,
                    classes="annotation-filter",
                )
            )
        await box.mount_all(selects)

    def set_status(self, status: StatusFilter) -> None:
        self.status_select.value = status

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(self.status, self.annotations))

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.SearchChanged(event.value))
