"""Choosing a verification sample: resume a stored one, or draw a new one (size, seed,
stratification). The same settings always give the same sample, so annotators who pick the same
ones judge the same responses.

A run that is still writing has fewer answers than it will have: a sample drawn from it holds what
there was, says so on the verification screen (with the errored and unanswered items left out),
and is topped up to its asked size when drawn again with the same settings, or with ``t``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.validation import Integer
from textual.widgets import Button, Input, Label, OptionList, Select
from textual.widgets.option_list import Option

from mathbench.errors import MathbenchError
from mathbench.plugins.tui.context import ReviewContext
from mathbench.plugins.tui.sampling import draw_sample, top_up
from mathbench.plugins.tui.screens.runs import WORKER_ERRORS
from mathbench.results import RunInfo
from mathbench.results.annotations import SampleInfo, SampleSpec
from mathbench.results.items import RowFilter


def _left_out(context: ReviewContext, run: RunInfo, scored: int) -> tuple[int, int]:
    """``(errored, pending)``: the run's items a sample cannot draw, errored as the index counts
    them and pending as the rest of the run's problems without a scored answer."""
    _, summary = context.index.page([run], RowFilter(), limit=1)
    errored = summary.counts.get("errored", 0)
    return errored, max(0, run.problems - scored - errored)


def top_up_sample(context: ReviewContext, info: SampleInfo) -> SampleInfo:
    """Draw the items a short sample lacks from the run's answers now (in a worker: it reads the
    results). Returns the sample as stored afterwards."""
    run = context.run(info.spec.run_id)
    population = context.source.population(run)
    held = context.annotations.items(info.sample_id)
    errored, pending = _left_out(context, run, len(population))
    return context.annotations.top_up(
        info.sample_id,
        top_up(info.spec, run, population, held),
        holding=len(held),
        population=len(population),
        errored=errored,
        pending=pending,
        drawn_by=context.annotator,
    )


class SampleSetupScreen(ModalScreen[str | None]):
    """Dismisses with the sample id to judge, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "Cancel")]

    @dataclass
    class Drawn(Message):
        sample_id: str

    @dataclass
    class Failed(Message):
        error: str

    def __init__(self, context: ReviewContext, run: RunInfo) -> None:
        super().__init__()
        self.context = context
        self.run = run

    def compose(self) -> ComposeResult:
        samples = self.context.annotations.samples(self.run.run_id)
        with Vertical(id="setup-box"):
            yield Label(
                Content(
                    f"Verify the checker {self.run.checker!r} on run {self.run.short_id} "
                    f"({self.run.label}, {self.run.benchmark}/{self.run.split})"
                ),
                id="setup-title",
            )
            if samples:
                yield Label("Resume a sample (enter):")
                yield OptionList(
                    *[
                        Option(
                            f"{s.sample_id}  "
                            + (
                                f"{s.items} of {s.spec.size} items (short)"
                                if s.short
                                else f"{s.items} items"
                            )
                            + f", seed {s.spec.seed}"
                            + (f", by {s.spec.stratify}" if s.spec.stratify else "")
                            + f"  · drawn by {s.created_by} {s.created_at}",
                            id=s.sample_id,
                        )
                        for s in samples
                    ],
                    id="samples",
                )
            yield Label("Or draw a new one:")
            with Horizontal(id="setup-fields"):
                yield Input("200", id="size", validators=[Integer(minimum=1)], compact=True)
                yield Input("0", id="seed", validators=[Integer()], compact=True)
                yield Select[str](
                    [(f"stratified by {key}", key) for key in self.run.report_by],
                    prompt="not stratified",
                    id="stratify",
                    compact=True,
                )
                yield Button("Draw", id="draw", variant="primary", compact=True)
            yield Label("size · seed · stratification", classes="hint")

    def on_mount(self) -> None:
        """Resuming is the common case: the stored samples get the focus when there are any."""
        stored = self.query("#samples")
        if stored:
            samples = self.query_one("#samples", OptionList)
            samples.highlighted = 0
            samples.focus()
        else:
            self.query_one("#size", Input).focus()

    @on(OptionList.OptionSelected, "#samples")
    def _resume(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    @on(Button.Pressed, "#draw")
    @on(Input.Submitted)
    def _draw(self) -> None:
        size, seed = self.query_one("#size", Input), self.query_one("#seed", Input)
        if not size.is_valid or not seed.is_valid:
            self.notify(
                "Size must be a positive whole number, seed a whole number.", severity="error"
            )
            return
        stratify = self.query_one("#stratify", Select).value
        spec = SampleSpec(
            run_id=self.run.run_id,
            checker=self.run.checker,
            size=int(size.value),
            seed=int(seed.value),
            stratify=stratify if isinstance(stratify, str) else None,
        )
        self.query_one("#draw", Button).disabled = True
        self._draw_sample(spec)

    @work(thread=True, exclusive=True, group="draw")
    def _draw_sample(self, spec: SampleSpec) -> None:
        store = self.context.annotations
        try:
            stored = store.sample(spec.sample_id)
            if stored is not None and stored.short:
                top_up_sample(self.context, stored)
            elif stored is None:
                population = self.context.source.population(self.run)
                if not population:
                    raise MathbenchError(
                        f"Run {self.run.short_id} has no scored response to verify yet."
                    )
                errored, pending = _left_out(self.context, self.run, len(population))
                store.save_sample(
                    spec,
                    draw_sample(spec, self.run, population),
                    population=len(population),
                    results_db=self.context.source.path,
                    created_by=self.context.annotator,
                    errored=errored,
                    pending=pending,
                )
        except WORKER_ERRORS as error:
            self.post_message(self.Failed(str(error)))
            return
        self.post_message(self.Drawn(spec.sample_id))

    @on(Drawn)
    def _drawn(self, message: Drawn) -> None:
        self.dismiss(message.sample_id)

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.query_one("#draw", Button).disabled = False
        self.notify(message.error, severity="error", timeout=10)
