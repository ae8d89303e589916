"""Checkers that read the question, checkers that do not, and verdicts a checker cannot reach.

``problem`` is an optional keyword of ``check``: the runner, ``score`` and ``compare`` pass the
problem text to checkers that declare it and leave older checkers alone; an *undecided* verdict
(a bounded proof that timed out) is counted apart, never as wrong, and judged again next run.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from click.testing import CliRunner

from mathbench import Checker, Verdict, hookimpl
from mathbench.checker import judge
from mathbench.cli import cli
from mathbench.registry import Registry
from mathbench.report import build_reports
from mathbench.runner import RunSpec, run_evaluation
from mathbench.store import Store
from mathbench.types import Candidate
from tests.conftest import TOY_PROBLEMS


class ReadsQuestion(Checker):
    """Records the problem text it is given, and judges like an exact match."""

    name = "reads-question"
    description = "exact match that records the problem it was given"
    seen: ClassVar[list[str | None]] = []

    def check(self, response: str, golden: str, *, problem: str | None = None) -> Verdict:
        type(self).seen.append(problem)
        match = response.strip() == golden
        return Verdict(match, (Candidate(response, 0, len(response), response, match),), self.name)


class OldStyle(Checker):
    """A checker written before ``problem`` existed."""

    name = "old-style"
    description = "exact match, two-argument check"

    def check(self, response: str, golden: str) -> Verdict:
        match = response.strip() == golden
        return Verdict(match, (Candidate(response, 0, len(response), response, match),), self.name)


class SometimesUndecided(Checker):
    """Undecided while ``decide`` is False (a proof that timed out), exact match after."""

    name = "sometimes-undecided"
    description = "undecided until told to decide"
    decide: ClassVar[bool] = False

    def check(self, response: str, golden: str) -> Verdict:
        match = response.strip() == golden
        candidate = (Candidate(response, 0, len(response), response, match),)
        if not type(self).decide:
            return Verdict(False, candidate, self.name, "undecided: timed out", undecided=True)
        return Verdict(match, candidate, self.name, "decided")


class CheckersPlugin:
    @hookimpl
    def register_checkers(self, register: Callable[[Checker], None]) -> None:
        register(ReadsQuestion())
        register(OldStyle())
        register(SometimesUndecided())


def _registry(registry_with: Callable[..., Registry]) -> Registry:
    ReadsQuestion.seen = []
    SometimesUndecided.decide = False
    return registry_with(("test-checkers", CheckersPlugin()))


def test_judge_passes_the_problem_only_to_checkers_that_take_it() -> None:
    ReadsQuestion.seen = []
    assert judge(ReadsQuestion(), "2", "2", "1 + 1 = ?").correct
    assert ReadsQuestion.seen == ["1 + 1 = ?"]
    assert judge(OldStyle(), "2", "2", "1 + 1 = ?").correct


def test_the_runner_gives_checkers_the_problem_text(
    registry_with: Callable[..., Registry], tmp_path: Path
) -> None:
    registry = _registry(registry_with)
    spec = RunSpec.build(
        registry=registry, benchmark="toy", model="scripted:m", checker="reads-question"
    )
    result = run_evaluation(spec, db=tmp_path / "r.duckdb", progress=False)
    assert result.correct == 3
    assert sorted(map(str, ReadsQuestion.seen)) == sorted(p.text for p in TOY_PROBLEMS)
    old = RunSpec.build(registry=registry, benchmark="toy", model="scripted:m", checker="old-style")
    assert run_evaluation(old, db=tmp_path / "r.duckdb", progress=False).correct == 3


def test_score_passes_a_problem_field(tmp_path: Path) -> None:
    lines = tmp_path / "responses.jsonl"
    lines.write_text(
        json.dumps({"golden": "9", "response": "答：可以装9箱，还剩2个。", "problem": "能装几箱？"})
        + "\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["score", str(lines), "--checker", "numeric", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["overall"]["correct"] == 1


def test_an_undecided_verdict_is_counted_apart_and_judged_again(
    registry_with: Callable[..., Registry], tmp_path: Path, scripted: type
) -> None:
    registry = _registry(registry_with)
    db = tmp_path / "u.duckdb"
    spec = RunSpec.build(
        registry=registry, benchmark="toy", model="scripted:m", checker="sometimes-undecided"
    )
    first = run_evaluation(spec, db=db, progress=False)
    assert first.undecided == 5 and first.accuracy is None
    with Store(db, read_only=True) as store:
        report = build_reports(store, [first.run_id])[0]
    assert (report.overall.undecided, report.overall.wrong, report.overall.scored) == (5, 0, 0)
    assert not report.overall.complete

    SometimesUndecided.decide = True
    calls = len(scripted.calls)  # type: ignore[attr-defined]
    second = run_evaluation(spec, db=db, progress=False)
    assert len(scripted.calls) == calls  # type: ignore[attr-defined]  # nothing regenerated
    assert (second.reused, second.rescored, second.correct) == (5, 5, 3)
    with Store(db, read_only=True) as store:
        report = build_reports(store, [second.run_id])[0]
    assert (report.overall.undecided, report.overall.correct) == (0, 3)


class Crashing(Checker):
    """A checker with a bug: it raises on every response."""

    name = "crashing"
    description = "raises"

    def check(self, response: str, golden: str) -> Verdict:
        raise ZeroDivisionError("a bug in the checker")


class CrashingPlugin:
    @hookimpl
    def register_checkers(self, register: Callable[[Checker], None]) -> None:
        register(Crashing())


def test_a_checker_that_raises_costs_no_generation(
    registry_with: Callable[..., Registry], tmp_path: Path, scripted: type
) -> None:
    registry = registry_with(("crashing", CrashingPlugin()))
    db = tmp_path / "c.duckdb"
    spec = RunSpec.build(registry=registry, benchmark="toy", model="scripted:m", checker="crashing")
    first = run_evaluation(spec, db=db, progress=False)
    assert (first.generated, first.undecided) == (5, 5)
    assert "the checker 'crashing' failed (ZeroDivisionError" in first.verdicts["p1"].reason
    calls = len(scripted.calls)  # type: ignore[attr-defined]
    # Another checker judges the stored generations: no model call.
    rescored = run_evaluation(
        RunSpec.build(registry=registry, benchmark="toy", model="scripted:m", checker="exact"),
        db=db,
        progress=False,
    )
    assert len(scripted.calls) == calls  # type: ignore[attr-defined]
    assert (rescored.reused, rescored.correct) == (5, 3)
