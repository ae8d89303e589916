"""Choosing a verification sample: resume a stored one, or draw a new one (size, seed,
stratification). The same settings always give the same sample, so annotators who pick the same
ones judge the same responses."""

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
from mathbench.results import RunInfo
from mathbench.results.annotations import SampleSpec
from mathbench_tui.context import ReviewContext
from mathbench_tui.sampling import draw_sample
from mathbench_tui.screens.runs import WORKER_ERRORS


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
                            f"{s.sample_id}  {s.items} items, seed {s.spec.seed}"
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
            if store.sample(spec.sample_id) is None:
                population = self.context.source.population(self.run)
                if not population:
                    raise MathbenchError(
                        f"Run {self.run.short_id} has no scored response to verify yet."
                    )
                store.save_sample(
                    spec,
                    draw_sample(spec, self.run, population),
                    population=len(population),
                    results_db=self.context.source.path,
                    created_by=self.context.annotator,
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
