"""The failure-tag dialog (``t`` on the runs screen): the small, editable set of tags, those on
the row under the cursor ticked; ``space``/``enter`` ticks or unticks one, typing a new name and
``enter`` adds it to the set (for everybody) and ticks it, ``escape`` closes.

Each change is committed to the annotations file at once, as a judgement is; the dialog returns
the tags the row carries when it closes, so the table can show them without reading them again.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from mathbench.errors import MathbenchError
from mathbench.results.annotations import AnnotationStore
from mathbench.results.items import Row


class TagPrompt(ModalScreen[list[str]]):
    """Dismisses with the row's tags (by this annotator) as they are when it closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("space", "tick", "Tick / untick", show=False),
    ]

    def __init__(self, store: AnnotationStore, row: Row, annotator: str) -> None:
        super().__init__()
        self.store = store
        self.row = row
        self.annotator = annotator
        self.names = store.tag_names()
        self.ticked = set(store.tags_for(row.run_id, row.problem_id, annotator=annotator))

    def compose(self) -> ComposeResult:
        with Vertical(id="tag-box"):
            yield Label(
                Content.assemble(
                    "Failure tags for ",
                    (f"{self.row.problem_id}", "bold"),
                    f" in run {self.row.run_id[:8]}",
                )
            )
            yield OptionList(*self._options(), id="tag-names")
            yield Input(placeholder="new tag: type a name, enter adds it", id="new-tag")
            yield Label(
                "space/enter tick or untick · tab to the new-tag field · escape closes",
                classes="hint",
            )

    def _options(self) -> list[Option]:
        names = [*self.names, *sorted(self.ticked - set(self.names))]
        return [
            Option(Content(f"{'[x]' if name in self.ticked else '[ ]'} {name}"), id=name)
            for name in names
        ]

    def _redraw(self) -> None:
        options = self.query_one("#tag-names", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options(self._options())
        options.highlighted = highlighted

    def _set(self, name: str, on_row: bool) -> None:
        try:
            if on_row:
                self.store.tag_item(self.row.run_id, self.row.problem_id, name, self.annotator)
                self.ticked.add(name)
            else:
                self.store.untag_item(self.row.run_id, self.row.problem_id, name, self.annotator)
                self.ticked.discard(name)
        except MathbenchError as error:
            self.notify(str(error), severity="error")
        self._redraw()

    def action_tick(self) -> None:
        options = self.query_one("#tag-names", OptionList)
        if options.highlighted is None or not options.has_focus:
            return
        name = options.get_option_at_index(options.highlighted).id
        if name is not None:
            self._set(name, name not in self.ticked)

    @on(OptionList.OptionSelected, "#tag-names")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self._set(event.option.id, event.option.id not in self.ticked)

    @on(Input.Submitted, "#new-tag")
    def _new_tag(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        if not name:
            return
        try:
            self.names = self.store.add_tag_name(name, self.annotator)
        except MathbenchError as error:
            self.notify(str(error), severity="error")
            return
        event.input.value = ""
        self._set(name, True)

    def action_close(self) -> None:
        self.dismiss(sorted(self.ticked))
