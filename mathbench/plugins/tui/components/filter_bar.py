"""The filters above the failures table: status, each annotation the runs report by, a failure
tag, search."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Select

from mathbench.results.items import StatusFilter

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


def describe_filters(
    status: StatusFilter, annotations: tuple[tuple[str, str], ...], search: str, tag: str = ""
) -> str:
    """``search "桃子" · failures · grade 2 · tag "unit error"``: what narrows the table, in one
    line that stays visible when the filter bar is cut off by a narrow terminal; empty when
    nothing does."""
    parts = []
    if search.strip():
        parts.append(f'search "{search.strip()}"')
    if status != "all":
        parts.append(dict((value, label) for label, value in STATUS_CHOICES)[status])
    parts.extend(f"{short_name(key)} {value}" for key, value in annotations)
    if tag:
        parts.append(f'tag "{tag}"')
    return " · ".join(parts)


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

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        #: Annotation filters remembered from the last session, applied when choices arrive.
        self._remembered: dict[str, str] = {}
        #: The tags offered (the same again changes nothing).
        self._tags: list[str] = []
        #: The annotation choices shown (the same choices again mount nothing).
        self._choices: dict[str, list[str]] | None = None

    def compose(self) -> ComposeResult:
        yield Select[StatusFilter](
            STATUS_CHOICES, value="all", allow_blank=False, id="status-filter", compact=True
        )
        yield Horizontal(id="annotation-filters")
        yield Select[str]([], prompt="tag: any", id="tag-filter", compact=True)
        yield Input(
            placeholder="/ search problems (fuzzy) and responses", id="search", compact=True
        )

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
    def tag_select(self) -> Select[str]:
        return self.query_one("#tag-filter", Select)

    @property
    def tag(self) -> str:
        """The failure tag the rows must carry; empty for any."""
        value = self.tag_select.value
        return value if isinstance(value, str) else ""

    @property
    def annotations(self) -> tuple[tuple[str, str], ...]:
        chosen = []
        for select in self.query_one("#annotation-filters").query(Select):
            if isinstance(select.value, str) and select.name:
                chosen.append((select.name, select.value))
        return tuple(chosen)

    async def set_choices(self, values: Mapping[str, list[str]]) -> None:
        """One select per annotation, keeping what was chosen where the value still exists."""
        if self._choices == values and not self._remembered:
            return
        self._choices = dict(values)
        kept = {**self._remembered, **dict(self.annotations)}
        self._remembered = {}
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

    def set_tags(self, names: Sequence[str]) -> None:
        """The tags the selected runs carry, as choices; the chosen one stays offered even where
        no row carries it now (it still says what the table is filtered by)."""
        chosen = self.tag
        options = list(dict.fromkeys([*names, *([chosen] if chosen else [])]))
        if options == self._tags:
            return
        self._tags = options
        with self.prevent(Select.Changed):
            self.tag_select.set_options([(f"tag {name}", name) for name in options])
            if chosen:
                self.tag_select.value = chosen

    def set_status(self, status: StatusFilter) -> None:
        self.status_select.value = status

    def restore(
        self, status: str, annotations: Mapping[str, str], search: str, tag: str = ""
    ) -> None:
        """Put back what a previous session left (the annotation selects take their remembered
        values when their choices arrive, in ``set_choices``)."""
        if status in {value for _, value in STATUS_CHOICES}:
            self.status_select.value = status
        self._remembered = dict(annotations)
        if tag:
            self.set_tags([tag])
            self.tag_select.value = tag
        self.search_input.value = search

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(self.status, self.annotations))

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.SearchChanged(event.value))
