"""The values that flow through mathbench: problems, prompts, generations and verdicts.

They are plain frozen dataclasses so that plugins, the store and the reviewer can pass them around
without importing each other, and so that a stored row and an in-memory value look the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

#: JSON-compatible annotation values (grade, reasoning steps, subject, ...). Kept scalar so that the
#: store can group by them in plain SQL.
AnnotationValue = str | int | float | bool | None

#: ``undecided`` is a checker that could not reach a verdict (its bounded proof timed out, its
#: worker failed): counted apart like an errored item, never stored as wrong, judged again on the
#: next run.
Outcome = Literal["correct", "wrong", "no_answer", "undecided"]


@dataclass(frozen=True)
class Problem:
    """One benchmark item.

    ``id`` is unique and stable within its benchmark (it survives re-downloads and re-orderings of
    the data file) because runs refer to problems by it. ``golden`` is the answer exactly as the
    data file writes it; checkers decide how to read it.
    """

    id: str
    text: str
    golden: str
    split: str
    annotations: dict[str, AnnotationValue] = field(default_factory=dict)


@dataclass(frozen=True)
class Message:
    """One chat turn; backends without a chat template join the turns themselves."""

    role: Literal["system", "user", "assistant"]
    content: str


@dataclass(frozen=True)
class GenerationParams:
    """Everything that changes what a model writes, and so belongs to a run's identity.

    ``temperature == 0`` means greedy decoding. ``seed`` is passed to backends that can honour it.
    """

    max_tokens: int = 512
    temperature: float = 0.0
    top_p: float = 1.0
    seed: int = 0
    stop: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "max_tokens": self.max_tokens,
            "temperature": self.temperature,
            "top_p": self.top_p,
            "seed": self.seed,
            "stop": list(self.stop),
        }


@dataclass(frozen=True)
class GenerationRequest:
    """A prompt to complete. ``key`` comes back on the matching ``Completion`` so that backends
    may answer out of order (batched or concurrent backends do)."""

    key: str
    messages: tuple[Message, ...]
    params: GenerationParams


@dataclass(frozen=True)
class Completion:
    """What a backend produced for one request.

    A request that failed (server error, time-out, context overflow) is a ``Completion`` with
    ``error`` set and ``text`` empty: the runner stores it as an errored generation, reports count
    it apart, and a resumed run asks again.
    """

    key: str
    text: str
    finish_reason: str | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    latency_s: float | None = None
    error: str | None = None


@dataclass(frozen=True)
class Candidate:
    """A span of the response that a checker read as a possible answer.

    ``start``/``end`` are character offsets into the response (``response[start:end] == text``),
    so a reviewer can highlight exactly what the checker saw. ``value`` is the checker's normalised
    reading (for example ``"3/5"`` for ``五分之三``); ``matches`` says whether it equals the golden
    answer under the checker's rules.
    """

    text: str
    start: int
    end: int
    value: str
    matches: bool


@dataclass(frozen=True)
class Verdict:
    """A checker's judgement of one response.

    ``correct`` is the verdict. ``candidates`` are all the spans the checker considered, in
    response order; an empty tuple means the checker found no answer at all, which reports count
    apart from a wrong answer. ``reason`` is a short sentence for humans ("last number 18 equals
    golden 18"). ``undecided`` says the checker could not decide (``correct`` is then False but
    means nothing): the item is counted apart and judged again later.
    """

    correct: bool
    candidates: tuple[Candidate, ...]
    checker: str
    reason: str = ""
    undecided: bool = False

    @property
    def outcome(self) -> Outcome:
        if self.undecided:
            return "undecided"
        if self.correct:
            return "correct"
        return "wrong" if self.candidates else "no_answer"
