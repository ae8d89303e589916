"""Fixtures of the core's tests (the isolation every test gets is in the repository's conftest.py).

Test plugins are registered the way a real plugin is (hook implementations passed to
``load_registry``), so the runner and CLI are exercised through the public plugin road.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from mathbench import (
    Backend,
    BackendOption,
    Benchmark,
    Completion,
    GenerationRequest,
    Problem,
    hookimpl,
)
from mathbench.registry import Registry, load_registry

TOY_PROBLEMS = [
    Problem("p1", "1 + 1 = ?", "2", "test", {"grade": 1}),
    Problem("p2", "2 + 3 = ?", "5", "test", {"grade": 1}),
    Problem("p3", "3 * 4 = ?", "12", "test", {"grade": 2}),
    Problem("p4", "10 / 4 = ?", "2.5", "test", {"grade": 2}),
    Problem("p5", "half of 9 = ?", "4.5", "test", {"grade": 3}),
]


class ToyBenchmark(Benchmark):
    """Five arithmetic problems in one split, annotated with a grade."""

    name = "toy"
    description = "five arithmetic problems for tests"
    splits = ("test",)
    default_split = "test"
    default_checker = "exact"
    report_by = ("grade",)
    pass_by = "grade"

    def problems(self, split: str) -> Iterator[Problem]:
        yield from TOY_PROBLEMS


class ScriptedBackend(Backend):
    """Answers from a script: ``answers[problem text]``; a text in ``fail`` errors. Counts calls
    in a class-level list so tests can assert how many requests reached the backend."""

    name = "scripted"
    description = "answers from a script, for tests"
    options = (BackendOption("fail", str, "", "comma-separated problem texts that error"),)
    calls: list[str] = []  # noqa: RUF012 - shared on purpose: the runner instantiates the class
    #: prompt -> answer, or a list of answers picked by the request's seed (samples differ).
    answers: dict[str, str | list[str]] = {}  # noqa: RUF012

    def generate(self, requests: Sequence[GenerationRequest]) -> Iterator[Completion]:
        failing = {text for text in self.settings["fail"].split(",") if text}
        for request in requests:
            prompt = request.messages[-1].content
            type(self).calls.append(prompt)
            if prompt in failing:
                yield Completion(key=request.key, text="", error="HTTP 500: scripted failure")
            else:
                answer = self.answers.get(prompt, "I do not know")
                if isinstance(answer, list):
                    answer = answer[request.params.seed % len(answer)]
                yield Completion(key=request.key, text=answer, completion_tokens=3)


class ToyPlugin:
    """A plugin object registering the toy benchmark, the scripted backend and an exact checker."""

    @hookimpl
    def register_benchmarks(self, register: Callable[[Benchmark], None]) -> None:
        register(ToyBenchmark())

    @hookimpl
    def register_backends(self, register: Callable[[type[Backend]], None]) -> None:
        register(ScriptedBackend)

    @hookimpl
    def register_checkers(self, register: Callable[[object], None]) -> None:
        from mathbench import Checker, Verdict
        from mathbench.types import Candidate

        class Exact(Checker):
            name = "exact"
            description = "stripped response equals golden"

            def check(self, response: str, golden: str) -> Verdict:
                text = response.strip()
                if not text or not text[0].isdigit():
                    return Verdict(False, (), self.name, "no number")
                match = text == golden
                return Verdict(match, (Candidate(text, 0, len(text), text, match),), self.name)

        class Numeric(Checker):
            name = "numeric-equal"
            description = "the response read as a number equals golden read as a number"

            def check(self, response: str, golden: str) -> Verdict:
                text = response.strip()
                try:
                    match = float(text) == float(golden)
                except ValueError:
                    return Verdict(False, (), self.name, "not a number")
                return Verdict(match, (Candidate(text, 0, len(text), text, match),), self.name)

        register(Exact())
        register(Numeric())


@pytest.fixture
def toy_registry() -> Registry:
    ScriptedBackend.calls = []
    ScriptedBackend.answers = {p.text: p.golden for p in TOY_PROBLEMS[:3]}
    ScriptedBackend.answers[TOY_PROBLEMS[3].text] = "3"
    return load_registry(extra_plugins=[("toy", ToyPlugin())])


@pytest.fixture
def registry_with(toy_registry: Registry) -> Callable[..., Registry]:
    """A registry with the toy plugin and the given ``(name, plugin)`` pairs."""

    def build(*plugins: tuple[str, object]) -> Registry:
        return load_registry(extra_plugins=[("toy", ToyPlugin()), *plugins])

    return build


@pytest.fixture
def scripted(toy_registry: Registry) -> type[ScriptedBackend]:
    """The scripted backend class, whose ``calls`` list records every request it answered."""
    return ScriptedBackend


def make_distribution(
    root: Path, name: str, entry_points: dict[str, str], modules: dict[str, str]
) -> Path:
    """Lay out an installed distribution (dist-info + modules) under ``root``, as pip would:
    a third-party plugin that ``importlib.metadata`` finds once ``root`` is on ``sys.path``."""
    dist_info = root / f"{name.replace('-', '_')}-1.0.dist-info"
    dist_info.mkdir(parents=True)
    (dist_info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
    lines = "\n".join(f"{key} = {value}" for key, value in entry_points.items())
    (dist_info / "entry_points.txt").write_text(f"[mathbench]\n{lines}\n")
    for module, source in modules.items():
        (root / f"{module}.py").write_text(textwrap.dedent(source))
    return root
