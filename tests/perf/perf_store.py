"""How fast the harness stores results when the model answers at once (a GPU server's speed).

A benchmark of ``--problems`` synthetic problems and an *instant* backend (both registered as
plugins in this process, the road a third party takes) isolate the harness: render, generate,
check with the real ``numeric`` checker, store. Printed, each with its ratio to a baseline run in
this same process:

- **store**: a fresh run's items per second, stored with their verdicts, against a plain DuckDB
  append of the same generation and verdict rows (one transaction, column lists unnested);
- **rerun**: the same run again once finished (nothing to generate), in-process seconds;
- **runs**: ``mathbench runs`` (its table of the newest runs, and ``--json`` with every run) on a
  file holding ``--runs`` runs, as a subprocess, minus a bare ``python -c pass`` (Python's own
  start).

Goals (the core issue): >= 5,000 items/s stored, a finished 5,000-item run reruns in < 1 s,
``runs`` over 3,000 runs in < 1 s. The script exits 1 when one is missed.

Run: ``python tests/perf/perf_store.py [--problems N] [--runs N]``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import duckdb

import mathbench
from mathbench import Backend, Benchmark, Completion, GenerationRequest, Problem, hookimpl
from mathbench.registry import Registry, load_registry
from mathbench.store import Store

GOAL_ITEMS_PER_S = 5_000
GOAL_RERUN_S = 1.0
GOAL_RUNS_S = 1.0


class SyntheticBenchmark(Benchmark):
    """``size`` arithmetic word problems with a grade, generated here."""

    name = "perf-synthetic"
    description = "synthetic problems for the store benchmark"
    splits = ("test",)
    default_split = "test"
    default_checker = "numeric"
    default_template = "raw"
    report_by = ("grade",)
    pass_by = "grade"
    size = 5_000

    def problems(self, split: str) -> Iterator[Problem]:
        for i in range(self.size):
            yield Problem(
                f"p{i:06d}",
                f"Tom has {i % 97} apples and buys {i % 13} more. How many apples has he now?",
                str(i % 97 + i % 13),
                split,
                {"grade": 1 + i % 6},
            )


class InstantBackend(Backend):
    """Answers every prompt at once with a short worked answer (right for 9 in 10 prompts)."""

    name = "instant"
    description = "answers at once, for the store benchmark"

    def generate(self, requests: Sequence[GenerationRequest]) -> Iterator[Completion]:
        for index, request in enumerate(requests):
            numbers = [int(w) for w in request.messages[-1].content.split() if w.isdigit()]
            total = sum(numbers) + (1 if index % 10 == 0 else 0)
            text = f"He has {numbers[0]} + {numbers[1]} = {total} apples. The answer is {total}."
            yield Completion(request.key, text, "stop", 30, 20, 0.0)


class Plugin:
    @hookimpl
    def register_benchmarks(self, register: Callable[[Benchmark], None]) -> None:
        register(SyntheticBenchmark())

    @hookimpl
    def register_backends(self, register: Callable[[type[Backend]], None]) -> None:
        register(InstantBackend)


def baseline_append(path: Path, rows: int) -> float:
    """Seconds for a plain DuckDB append of ``rows`` generations and their verdicts."""
    Store(path).close()
    ids = [f"p{i:06d}" for i in range(rows)]
    text = "He has 3 + 4 = 7 apples. The answer is 7."
    connection = duckdb.connect(str(path))
    started = time.perf_counter()
    connection.execute("BEGIN")
    connection.execute(
        "INSERT INTO generations SELECT 'k', unnest(?::VARCHAR[]), 0, '[]', ?, NULL, 'stop', 30, "
        "20, 0.0, now()",
        [ids, text],
    )
    connection.execute(
        "INSERT INTO verdicts SELECT 'k', unnest(?::VARCHAR[]), 0, 'numeric', true, 'correct', "
        """'[{"text": "7", "start": 39, "end": 40, "value": "7", "matches": true}]', 'r', now()""",
        [ids],
    )
    connection.execute("COMMIT")
    seconds = time.perf_counter() - started
    connection.close()
    return seconds


def evaluate(registry: Registry, db: Path, problems: int) -> mathbench.EvaluationResult:
    return mathbench.evaluate(
        "perf-synthetic",
        "instant:m",
        limit=problems,
        db=db,
        progress=False,
        registry=registry,
    )


def many_runs(path: Path, runs: int) -> None:
    """``runs`` stored runs of 10 problems each, written through the store API."""
    registry = load_registry(extra_plugins=[("perf", Plugin())])
    problems = list(SyntheticBenchmark().problems("test"))[:10]
    with Store(path) as store:
        store.save_problems("perf-synthetic", problems)
        for index in range(runs):
            config = {
                "benchmark": "perf-synthetic", "split": "test", "backend": "instant",
                "model": f"m{index}", "template": "raw", "checker": "numeric", "samples": 1,
                "report": {"by": ["grade"], "pass_by": "grade", "pass_mark": 0.6},
            }  # fmt: skip
            store.save_run(f"r{index:05d}", f"k{index}", config, [p.id for p in problems])
    del registry


def timed_subprocess(arguments: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(arguments, check=True, capture_output=True)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--problems", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=3_000)
    arguments = parser.parse_args(argv)
    SyntheticBenchmark.size = arguments.problems
    registry = load_registry(extra_plugins=[("perf", Plugin())])
    missed = []
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        plain = baseline_append(base / "plain.duckdb", arguments.problems)
        plain_rate = arguments.problems / plain
        started = time.perf_counter()
        first = evaluate(registry, base / "run.duckdb", arguments.problems)
        seconds = time.perf_counter() - started
        rate = first.generated / seconds
        print(
            f"plain DuckDB append of {arguments.problems} rows: {plain:.3f} s ({plain_rate:,.0f}/s)"
        )
        print(
            f"store: {first.generated} items in {seconds:.2f} s = {rate:,.0f} items/s "
            f"(ratio to the plain append {rate / plain_rate:.3f}; goal >= {GOAL_ITEMS_PER_S:,}/s)"
        )
        if rate < GOAL_ITEMS_PER_S:
            missed.append("store")
        started = time.perf_counter()
        again = evaluate(registry, base / "run.duckdb", arguments.problems)
        rerun = time.perf_counter() - started
        assert again.generated == 0 and again.reused == arguments.problems
        print(
            f"rerun of the finished run: {rerun:.3f} s (ratio to the plain append "
            f"{rerun / plain:.2f}; goal < {GOAL_RERUN_S} s)"
        )
        if rerun >= GOAL_RERUN_S:
            missed.append("rerun")
        many_runs(base / "runs.duckdb", arguments.runs)
        python = timed_subprocess([sys.executable, "-c", "pass"])
        for extra in ([], ["--json"]):
            listing = timed_subprocess(
                [
                    sys.executable,
                    "-m",
                    "mathbench",
                    "runs",
                    "--db",
                    str(base / "runs.duckdb"),
                    *extra,
                ]
            )
            print(
                f"`mathbench runs {' '.join(extra)}` over {arguments.runs} runs: {listing:.2f} s, "
                f"{listing - python:.2f} s beyond Python's start ({python:.2f} s; "
                f"goal < {GOAL_RUNS_S} s)"
            )
            if listing - python >= GOAL_RUNS_S:
                missed.append(f"runs {' '.join(extra)}".strip())
    print(json.dumps({"missed": missed}))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
