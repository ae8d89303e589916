"""The runner against a real DuckDB file: resume, errored items, rescoring, filters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest

from mathbench import MathbenchError
from mathbench.registry import Registry
from mathbench.report import build_reports
from mathbench.runner import RunSpec, run_evaluation, select_problems
from mathbench.store import Store


def spec(registry: Registry, **overrides: object) -> RunSpec:
    arguments: dict[str, object] = {"benchmark": "toy", "model": "scripted:m"}
    arguments.update(overrides)
    return RunSpec.build(registry=registry, **arguments)  # type: ignore[arg-type]


def test_run_stores_generations_and_verdicts(toy_registry: Registry, tmp_path: Path) -> None:
    db = tmp_path / "run.duckdb"
    result = run_evaluation(spec(toy_registry), db=db, progress=False)
    assert (result.total, result.generated, result.reused) == (5, 5, 0)
    assert result.correct == 3  # p4 answers "3" (wrong), p5 "I do not know" (no answer)
    assert result.accuracy == pytest.approx(3 / 5)
    with duckdb.connect(str(db), read_only=True) as connection:
        assert connection.execute("SELECT count(*) FROM generations").fetchone() == (5,)
        outcomes = dict(connection.execute("SELECT problem_id, outcome FROM verdicts").fetchall())
    assert outcomes == {
        "p1": "correct",
        "p2": "correct",
        "p3": "correct",
        "p4": "wrong",
        "p5": "no_answer",
    }


def test_second_run_makes_no_backend_call(toy_registry: Registry, scripted: Any) -> None:
    first = run_evaluation(spec(toy_registry), progress=False)
    calls_after_first = len(scripted.calls)
    second = run_evaluation(spec(toy_registry), progress=False)
    assert len(scripted.calls) == calls_after_first == 5
    assert second.run_id == first.run_id
    assert (second.generated, second.reused) == (0, 5)
    assert second.correct == first.correct


def test_errored_items_are_stored_apart_and_retried_on_resume(
    toy_registry: Registry, scripted: Any
) -> None:
    failing = spec(toy_registry, options={"fail": "2 + 3 = ?"})
    first = run_evaluation(failing, progress=False)
    assert first.errored == 1
    assert "p2" not in first.verdicts
    with Store() as store:
        report = build_reports(store, [first.run_id])[0]
    assert report.overall.errored == 1
    assert report.overall.scored == 4
    assert report.overall.accuracy == pytest.approx(2 / 4)  # errored is not counted as wrong

    scripted.calls.clear()
    retried = run_evaluation(spec(toy_registry), progress=False)
    assert scripted.calls == ["2 + 3 = ?"]  # only the errored item went to the backend
    assert retried.correct == 3


def test_another_filter_reuses_generations(toy_registry: Registry, scripted: Any) -> None:
    run_evaluation(spec(toy_registry), progress=False)
    scripted.calls.clear()
    other = run_evaluation(spec(toy_registry, where={"grade": ["1"]}), progress=False)
    assert scripted.calls == []
    assert (other.total, other.reused) == (2, 2)


def test_rescoring_with_another_checker_reuses_generations(
    toy_registry: Registry, scripted: Any
) -> None:
    scripted.answers["1 + 1 = ?"] = "2.0"  # equal as a number, not as text
    exact = run_evaluation(spec(toy_registry), progress=False)
    scripted.calls.clear()
    numeric = run_evaluation(spec(toy_registry, checker="numeric-equal"), progress=False)
    assert scripted.calls == []
    assert numeric.run_id != exact.run_id
    assert (numeric.generated, numeric.reused, numeric.rescored) == (0, 5, 5)
    assert not exact.verdicts["p1"].correct
    assert numeric.verdicts["p1"].correct
    with Store() as store:
        checkers = store.connection.execute(
            "SELECT checker, count(*) FROM verdicts GROUP BY checker ORDER BY checker"
        ).fetchall()
    assert checkers == [("exact", 5), ("numeric-equal", 5)]
    again = run_evaluation(spec(toy_registry, checker="numeric-equal"), progress=False)
    assert again.rescored == 0  # stored verdicts are read back, not recomputed


def test_limit_per_group_and_filters(toy_registry: Registry) -> None:
    problems = list(toy_registry.benchmark("toy").problems("test"))
    assert [p.id for p in select_problems(problems, {}, 1, "grade")] == ["p1", "p3", "p5"]
    assert [p.id for p in select_problems(problems, {"grade": ["2"]}, None, None)] == ["p3", "p4"]
    assert [p.id for p in select_problems(problems, {}, 2, None)] == ["p1", "p2"]


def test_runs_differ_by_generation_parameters(toy_registry: Registry) -> None:
    greedy = spec(toy_registry)
    hotter = spec(toy_registry, temperature=0.7)
    assert greedy.generation_key != hotter.generation_key
    assert greedy.run_id != hotter.run_id


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"benchmark": "nope"}, "No benchmark named 'nope'"),
        ({"model": "scripted"}, "should be BACKEND:MODEL"),
        ({"model": "nope:x"}, "No backend named 'nope'"),
        ({"split": "train"}, "has no split 'train'"),
        ({"checker": "nope"}, "No checker named 'nope'"),
        ({"where": {"grade": ["9"]}}, "No problem of toy/test matches"),
        ({"options": {"colour": "red"}}, "has no option 'colour'"),
        ({"max_tokens": 0}, "--max-tokens must be at least 1"),
    ],
)
def test_bad_configuration_is_one_sentence(
    toy_registry: Registry, overrides: dict[str, object], message: str
) -> None:
    with pytest.raises(MathbenchError, match=message):
        spec(toy_registry, **overrides)


def test_report_pass_marks(toy_registry: Registry) -> None:
    result = run_evaluation(spec(toy_registry), progress=False)
    report = result.report()
    by_grade = {t.value: t for t in report.breakdowns["grade"]}
    assert by_grade["1"].passed is True  # 2/2
    assert by_grade["2"].passed is False  # 1/2 < 60%
    assert by_grade["3"].passed is False  # 0/1, no answer
    assert report.verdict_sentence() == (
        "scripted:m passes grade 1 (accuracy >= 60%) and fails grades 2-3."
    )


def test_a_model_that_fails_to_load_leaves_no_pending_run(
    toy_registry: Registry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.conftest import ScriptedBackend

    def refuse(self: ScriptedBackend, model: str, settings: dict[str, Any]) -> None:
        raise MathbenchError(f"No model {model!r} here.")

    monkeypatch.setattr(ScriptedBackend, "__init__", refuse)
    db = tmp_path / "failed.duckdb"
    with pytest.raises(MathbenchError, match="No model"):
        run_evaluation(spec(toy_registry), db=db, progress=False)
    with duckdb.connect(str(db), read_only=True) as connection:
        assert connection.execute("SELECT count(*) FROM runs").fetchone() == (0,)
        assert connection.execute("SELECT count(*) FROM run_problems").fetchone() == (0,)
