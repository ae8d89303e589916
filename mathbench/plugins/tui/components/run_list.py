"""The runs sidebar: every stored run, several of which can be selected side by side.

Runs of one model on one benchmark differ by checker, template, sampling and model file, so each
option spells those out on a second line, and the settings that differ between the listed runs
are bold, where the eye finds them. A selected run is marked with a filled dot and bold text, not
only a colour; the cursor stops at either end of the list instead of wrapping round, so that a
held key cannot carry it onto another run and a space there deselect the wrong one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from mathbench.plugins.tui.run_facts import RunFacts
from mathbench.results import RunInfo

SELECTED_MARK = "●"
UNSELECTED_MARK = "○"


def run_settings(run: RunInfo, facts: RunFacts) -> dict[str, str]:
    """The settings that tell runs of one model apart, by name, as the list shows them."""
    return {
        "data": f"{run.benchmark}/{run.split}",
        "template": run.template,
        "checker": f"checker {run.checker}",
        "sampling": facts.sampling,
        "samples": f"×{run.samples}" if run.samples > 1 else "",
        "problems": f"{run.problems:,} problems",
        "model file": facts.model_file,
    }


def differing(runs: Sequence[RunInfo], facts: Mapping[str, RunFacts]) -> set[str]:
    """Which settings take more than one value among ``runs`` (those are shown bold)."""
    seen: dict[str, set[str]] = {}
    for run in runs:
        for name, value in run_settings(run, facts.get(run.run_id, RunFacts())).items():
            seen.setdefault(name, set()).add(value)
    return {name for name, values in seen.items() if len(values) > 1}


def run_label(
    run: RunInfo, facts: RunFacts, *, selected: bool, emphasised: set[str] | None = None
) -> Content:
    """``● 3f2a9c01 llama-cpp:smollm2`` then ``cmath/dev · raw · checker cmath · T0 s0 ≤512 ·
    600 problems`` (and the model file, when the backend names one) on the lines below."""
    emphasised = emphasised or set()
    mark = (SELECTED_MARK, "bold $text-accent") if selected else (UNSELECTED_MARK, "$text-muted")
    first = Content.assemble(
        mark,
        " ",
        (run.short_id, "$text-accent"),
        " ",
        (run.label, "bold" if selected else ""),
    )
    settings = run_settings(run, facts)
    parts = [
        Content.styled(value, "bold" if name in emphasised else "$text-muted")
        for name, value in settings.items()
        if value and name != "model file"
    ]
    lines = [first, Content.assemble("  ", Content(" · ").join(parts))]
    if settings["model file"]:
        style = "bold" if "model file" in emphasised else "$text-muted"
        lines.append(Content.assemble("  ", Content.styled(settings["model file"], style)))
    return Content("\n").join(lines)


def run_caption(run: RunInfo) -> str:
    """``llama-cpp:smollm2 · raw · checker cmath · 600 problems``."""
    return f"{run.label} · {run.template} · checker {run.checker} · {run.problems} problems"


class RunList(OptionList):
    """Runs newest first; space (or enter) toggles the one under the cursor in or out of the
    selection and posts ``SelectionChanged``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space,enter", "toggle_run", "Select run", show=False),
    ]

    @dataclass
    class SelectionChanged(Message):
        selected: list[str]

    def __init__(
        self,
        runs: Sequence[RunInfo],
        selected: Sequence[str],
        facts: Mapping[str, RunFacts] | None = None,
        *,
        id: str | None = None,
    ) -> None:
        self._runs = list(runs)
        self._facts: Mapping[str, RunFacts] = facts or {}
        self._selected = {run.run_id for run in runs if run.run_id in selected}
        super().__init__(*self._run_options(), id=id)

    @property
    def selected(self) -> list[str]:
        """The selected run ids, in list order (newest first)."""
        return [run.run_id for run in self._runs if run.run_id in self._selected]

    @property
    def highlighted_run(self) -> RunInfo | None:
        index = self.highlighted
        return self._runs[index] if index is not None and 0 <= index < len(self._runs) else None

    def _run_options(self) -> list[Option]:
        emphasised = differing(self._runs, self._facts)
        return [
            Option(
                run_label(
                    run,
                    self._facts.get(run.run_id, RunFacts()),
                    selected=run.run_id in self._selected,
                    emphasised=emphasised,
                ),
                id=run.run_id,
            )
            for run in self._runs
        ]

    def _relabel(self) -> None:
        highlighted = self.highlighted
        for index, option in enumerate(self._run_options()):
            self.replace_option_prompt_at_index(index, option.prompt)
        self.highlighted = highlighted
        self.post_message(self.SelectionChanged(self.selected))

    def set_runs(
        self, runs: Sequence[RunInfo], selected: Sequence[str], facts: Mapping[str, RunFacts]
    ) -> None:
        """Replace the listed runs (after a refresh), keeping the selection where it still
        exists and the cursor on the same run."""
        current = self.highlighted_run
        self._runs, self._facts = list(runs), facts
        self._selected = {run.run_id for run in runs if run.run_id in selected}
        self.clear_options()
        self.add_options(self._run_options())
        ids = [run.run_id for run in self._runs]
        if current is not None and current.run_id in ids:
            self.highlighted = ids.index(current.run_id)

    def toggle(self, run_id: str) -> None:
        self._selected ^= {run_id}
        self._relabel()

    def select_all(self) -> None:
        self._selected = {run.run_id for run in self._runs}
        self._relabel()

    def action_toggle_run(self) -> None:
        run = self.highlighted_run
        if run is not None:
            self.toggle(run.run_id)

    def action_cursor_down(self) -> None:
        if self.highlighted is None:
            super().action_cursor_down()
        elif self.highlighted < self.option_count - 1:
            self.highlighted += 1

    def action_cursor_up(self) -> None:
        if self.highlighted is None:
            super().action_cursor_up()
        elif self.highlighted > 0:
            self.highlighted -= 1
