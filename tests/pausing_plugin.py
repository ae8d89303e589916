"""A test-only plugin whose run stops at a chosen point and waits there to be signalled.

``tests/test_signals.py`` installs it as a distribution and runs ``mathbench run pausing -m
pausing:m`` in a subprocess with ``PAUSE_AT`` naming the point: ``problems`` (the benchmark is
read, before anything is written), ``save`` (inside the store's ``save_problems``, whose JSON
encoding of the last problem's annotations calls ``items()``), ``load`` (the model loads) or
``generate`` (two answers given, the third not yet). There it writes ``MARKER`` and sleeps until
a signal ends the sleep, so the test signals a known point instead of guessing with a timer.
Without ``PAUSE_AT`` the same run goes straight through: that is the resume.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from mathbench import (
    AnnotationValue,
    Backend,
    Benchmark,
    Completion,
    GenerationRequest,
    Problem,
    hookimpl,
)

PAUSE_AT = "MATHBENCH_TEST_PAUSE_AT"
MARKER = "MATHBENCH_TEST_MARKER"
#: Problems in the benchmark; answers given before the ``generate`` pause.
PROBLEMS = 6
ANSWERED_BEFORE_PAUSE = 2
#: How long a pause waits for its signal before it gives up (the test then fails on the status).
PAUSE_LIMIT_S = 120.0


def pause(point: str) -> None:
    """At the point ``PAUSE_AT`` names, say so in ``MARKER`` and wait for a signal."""
    if os.environ.get(PAUSE_AT) != point:
        return
    Path(os.environ[MARKER]).write_text(point)
    deadline = time.monotonic() + PAUSE_LIMIT_S
    while time.monotonic() < deadline:
        time.sleep(0.05)
    raise RuntimeError(f"paused at {point} for {PAUSE_LIMIT_S} s and no signal came")


class PausingAnnotations(dict[str, AnnotationValue]):
    """Annotations that pause when the store serializes them (``json`` asks a ``dict``
    subclass for its ``items()``), that is inside ``Store.save_problems``."""

    def items(self) -> Iterator[tuple[str, AnnotationValue]]:  # type: ignore[override]
        pause("save")
        return iter(list(super().items()))


class PausingBenchmark(Benchmark):
    """``PROBLEMS`` one-line sums; the last one's annotations pause while they are stored."""

    name = "pausing"
    description = "sums whose run pauses where a test signals it"
    splits = ("test",)
    default_split = "test"
    default_checker = "numeric"
    report_by = ("grade",)

    def problems(self, split: str) -> Iterator[Problem]:
        pause("problems")
        for n in range(1, PROBLEMS + 1):
            annotations: dict[str, AnnotationValue] = {"grade": n % 3}
            if n == PROBLEMS:
                annotations = PausingAnnotations(annotations)
            yield Problem(f"p{n}", f"{n} + {n} = ?", str(2 * n), split, annotations)


class PausingBackend(Backend):
    """Answers every sum right, at once; pauses while "loading" or after two answers."""

    name = "pausing"
    description = "answers sums, pausing where a test signals it"

    def __init__(self, model: str, options: dict[str, object]) -> None:
        super().__init__(model, options)
        pause("load")

    def generate(self, requests: Sequence[GenerationRequest]) -> Iterator[Completion]:
        for index, request in enumerate(requests):
            if index == ANSWERED_BEFORE_PAUSE:
                pause("generate")
            left = request.messages[-1].content.split("+")[0]
            yield Completion(key=request.key, text=f"The answer is {2 * int(left)}.")


@hookimpl
def register_benchmarks(register: Callable[[Benchmark], None]) -> None:
    register(PausingBenchmark())


@hookimpl
def register_backends(register: Callable[[type[Backend]], None]) -> None:
    register(PausingBackend)
