"""What a benchmark or backend declares reaches the command line; the core names none of it.

``mathbench run`` offers each benchmark's ``filter_options`` (``--grade 3`` = ``--where grade=3``)
and each backend's ``BackendOption(flag=True)`` settings (``--base-url``) as options of their own;
``mathbench score`` takes report-by fields, pass mark and default checker from ``--benchmark``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from click.testing import CliRunner, Result

from mathbench import (
    Backend,
    BackendOption,
    Benchmark,
    Completion,
    GenerationRequest,
    Problem,
    hookimpl,
)
from mathbench.cli import cli
from mathbench.registry import Registry
from tests.conftest import TOY_PROBLEMS


class ShelfBenchmark(Benchmark):
    """Toy problems that users filter by shelf, passed per shelf at 50%."""

    name = "shelf"
    description = "toy problems on shelves, for tests"
    splits = ("test",)
    default_split = "test"
    default_checker = "exact"
    report_by = ("shelf",)
    pass_by = "shelf"
    pass_mark = 0.5
    filter_options = ("shelf",)

    def problems(self, split: str) -> Iterator[Problem]:
        for index, problem in enumerate(TOY_PROBLEMS):
            shelf = "top" if index < 2 else "bottom"
            yield Problem(problem.id, problem.text, problem.golden, split, {"shelf": shelf})


class LoudBackend(Backend):
    """Answers every toy problem right; one everyday setting is offered as a flag."""

    name = "loud"
    description = "right answers at a volume, for tests"
    options = (BackendOption("volume", int, 3, "how loud to answer", flag=True),)
    volumes: list[int] = []  # noqa: RUF012 - the runner instantiates the class

    def generate(self, requests: Sequence[GenerationRequest]) -> Iterator[Completion]:
        type(self).volumes.append(self.settings["volume"])
        goldens = {problem.text: problem.golden for problem in TOY_PROBLEMS}
        for request in requests:
            yield Completion(key=request.key, text=goldens[request.messages[-1].content])


class ShelfPlugin:
    @hookimpl
    def register_benchmarks(self, register: Callable[[Benchmark], None]) -> None:
        register(ShelfBenchmark())

    @hookimpl
    def register_backends(self, register: Callable[[type[Backend]], None]) -> None:
        register(LoudBackend)


def invoke(registry: Registry, args: Sequence[str]) -> Result:
    return CliRunner().invoke(cli, list(args), obj=registry)


def test_declared_filters_and_flags_are_run_options_naming_who_declares_them(
    registry_with: Callable[..., Registry],
) -> None:
    shown = invoke(registry_with(("shelf", ShelfPlugin())), ["run", "--help"]).output

    assert "--shelf" in shown and "declared by shelf" in shown
    assert "--volume" in shown and "loud" in shown
    assert "--grade" in shown and "cmath" in shown  # the built-ins take the same road
    assert "--shelf" not in invoke(registry_with(), ["run", "--help"]).output


def test_a_declared_filter_is_a_where_and_a_declared_flag_a_backend_option(
    registry_with: Callable[..., Registry], tmp_path: Path
) -> None:
    registry = registry_with(("shelf", ShelfPlugin()))
    LoudBackend.volumes = []
    db = str(tmp_path / "declared.duckdb")
    args = ["run", "shelf", "-m", "loud:m", "--db", db, "--no-progress", "--json"]

    ran = invoke(registry, [*args, "--shelf", "top", "--volume", "7"])

    assert ran.exit_code == 0, ran.output
    [report] = json.loads(ran.output)
    assert report["overall"]["total"] == 2
    assert LoudBackend.volumes == [7]


def test_a_flag_given_to_a_backend_that_does_not_declare_it_is_one_sentence(
    registry_with: Callable[..., Registry],
) -> None:
    registry = registry_with(("shelf", ShelfPlugin()))

    result = invoke(registry, ["run", "toy", "-m", "scripted:m", "--volume", "7"])

    assert result.exit_code == 1
    assert "Backend 'scripted' has no option 'volume'" in result.output
    assert "Traceback" not in result.output


def test_score_takes_report_by_and_pass_mark_from_the_benchmark(
    registry_with: Callable[..., Registry], tmp_path: Path
) -> None:
    registry = registry_with(("shelf", ShelfPlugin()))
    lines = [
        {"golden": "2", "response": "2", "shelf": "top", "grade": 1},
        {"golden": "5", "response": "4", "shelf": "top", "grade": 1},
        {"golden": "12", "response": "12", "shelf": "bottom", "grade": 2},
    ]
    file = tmp_path / "answers.jsonl"
    file.write_text("".join(json.dumps(line) + "\n" for line in lines))

    shelf = json.loads(
        invoke(registry, ["score", str(file), "--benchmark", "shelf", "--json"]).output
    )
    default = json.loads(invoke(registry, ["score", str(file), "--json"]).output)

    assert (shelf["pass_by"], shelf["pass_mark"]) == ("shelf", 0.5)
    assert list(shelf["breakdowns"]) == ["shelf"]
    assert shelf["config"]["checker"] == "exact"
    # top is 1 of 2: it passes at the shelf benchmark's 50%, where 60% would fail it.
    assert "passes shelfs bottom, top (accuracy >= 50%)" in shelf["verdict"]
    # Without --benchmark the file is read as CMATH's eval.py output: by grade, passed at 60%.
    assert (default["pass_by"], default["pass_mark"]) == ("grade", 0.6)
    assert default["config"]["checker"] == "numeric"
