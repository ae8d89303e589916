"""Helpers for the tests of figures and report formats: real runs into a real DuckDB file, made
by an instant backend, so that what is drawn or written is checked against what is stored."""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from click.testing import CliRunner, Result

from mathbench import Backend, Benchmark, Completion, GenerationRequest, Problem, hookimpl
from mathbench.cli import cli
from mathbench.registry import Registry


class OracleBackend(Backend):
    """Answers a problem's golden answer for about two problems in three (chosen by a checksum
    of the prompt, so a rerun answers the same), and "I do not know" otherwise. ``goldens`` maps a
    problem text (the ``raw`` template's prompt) to its answer."""

    name = "oracle"
    description = "golden answers for two problems in three, for tests"
    goldens: dict[str, str] = {}  # noqa: RUF012 - filled by the test before a run

    def generate(self, requests: Sequence[GenerationRequest]) -> Iterator[Completion]:
        for request in requests:
            prompt = request.messages[-1].content
            golden = self.goldens.get(prompt)
            if golden is not None and zlib.crc32(prompt.encode()) % 3:
                yield Completion(request.key, f"The answer is \\boxed{{{golden}}}.")
            else:
                yield Completion(request.key, "I do not know.")


class OraclePlugin:
    @hookimpl
    def register_backends(self, register: Callable[[type[Backend]], None]) -> None:
        register(OracleBackend)


class GradedBenchmark(Benchmark):
    """``size`` synthetic problems over six grades, with realistic responses' worth of text: for
    measuring the HTML report of a run as large as a real one."""

    name = "graded"
    description = "synthetic graded problems for tests"
    splits = ("test",)
    default_split = "test"
    default_checker = "numeric"
    report_by = ("grade",)
    pass_by = "grade"
    size = 1000

    def problems(self, split: str) -> Iterator[Problem]:
        for i in range(self.size):
            yield Problem(
                f"g{i:04d}",
                f"小明有{i}个苹果，又买了{i % 7 + 2}个，一共有多少个苹果？ (problem {i})",
                str(i + i % 7 + 2),
                "test",
                {"grade": i % 6 + 1},
            )


class GradedPlugin:
    @hookimpl
    def register_benchmarks(self, register: Callable[[Benchmark], None]) -> None:
        register(GradedBenchmark())


def invoke(registry: Registry, *args: str | Path) -> Result:
    """A CLI command in process, with the given registry; exceptions are the test's failure."""
    return CliRunner().invoke(cli, [str(a) for a in args], obj=registry, catch_exceptions=False)


def run_ids(registry: Registry, db: Path) -> list[str]:
    """Every run stored in ``db``, oldest first."""
    listed = json.loads(invoke(registry, "runs", "--db", db, "--json").output)
    return [str(run["run_id"]) for run in reversed(listed)]
