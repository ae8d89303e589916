"""The progress display of a run: items done, items/s, tokens/s and ETA.

On a terminal it is a rich progress bar. Elsewhere (CI logs, a pipe, a test that watches a run) it
is one plain line per stored item, at most one a second, so a log shows the run advancing without
drowning in redraws.
"""

from __future__ import annotations

import sys
import time
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text


class _RatesColumn(ProgressColumn):
    """items/s and generated tokens/s over what this session generated (not what it reused)."""

    def render(self, task: Task) -> Text:
        elapsed = task.fields.get("gen_elapsed") or 0.0
        items = task.fields.get("gen_items", 0)
        tokens = task.fields.get("gen_tokens", 0)
        if not elapsed or not items:
            return Text("-- items/s", style="progress.data.speed")
        return Text(
            f"{items / elapsed:.2f} items/s  {tokens / elapsed:.1f} tok/s",
            style="progress.data.speed",
        )


class RunProgress:
    """Counts generated items and tokens and shows them; ``elapsed`` is generation time only."""

    def __init__(self, label: str, total: int, done: int, enabled: bool = True) -> None:
        self.label = label
        self.total = total
        self.done = done
        #: Items committed to the store (answers wait up to half a second in a batch).
        self.stored = done
        self.items = 0
        self.tokens = 0
        self.failed = 0
        self.enabled = enabled
        self.started = time.perf_counter()
        self._last_line = 0.0
        self._printed_done = -1
        self.console = Console(stderr=True)
        self.interactive = enabled and self.console.is_terminal
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def __enter__(self) -> RunProgress:
        if self.interactive:
            self._progress = Progress(
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                _RatesColumn(),
                TimeElapsedColumn(),
                TextColumn("eta"),
                TimeRemainingColumn(),
                console=self.console,
            )
            self._progress.__enter__()
            self._task = self._progress.add_task(
                f"loading model for {self.label}", total=self.total, completed=self.done
            )
        elif self.enabled:
            self._line(f"{self.label}: {self.done}/{self.total} stored, loading model")
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            self._progress.__exit__(exc_type, exc, tb)
        elif self.enabled and exc_type is None and self._printed_done != self.stored:
            self._line(self._summary())

    def model_loaded(self) -> None:
        """Generation starts now: rates count from here, not from the model load."""
        self.started = time.perf_counter()
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, description=self.label)

    def committed(self, count: int) -> None:
        """``count`` more answers are committed to the store."""
        self.stored += count

    def advance(self, tokens: int, failed: bool = False) -> None:
        self.done += 1
        self.items += 1
        self.tokens += tokens
        self.failed += failed
        if self._progress is not None and self._task is not None:
            self._progress.update(
                self._task,
                advance=1,
                gen_items=self.items,
                gen_tokens=self.tokens,
                gen_elapsed=self.elapsed,
            )
        elif self.enabled and (
            time.monotonic() - self._last_line >= 1.0 or self.done == self.total
        ):
            self._line(self._summary())

    def _summary(self) -> str:
        elapsed = self.elapsed or 1e-9
        errors = f", {self.failed} errored" if self.failed else ""
        answered = f", {self.done} answered" if self.done != self.stored else ""
        return (
            f"{self.label}: {self.stored}/{self.total} stored{answered}{errors} "
            f"({self.items / elapsed:.2f} items/s, {self.tokens / elapsed:.1f} tok/s)"
        )

    def _line(self, text: str) -> None:
        self._last_line = time.monotonic()
        self._printed_done = self.stored
        print(text, file=sys.stderr, flush=True)
