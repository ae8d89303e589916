"""Prompt templates (raw, cot, fewshot), several samples with maj@k / pass@k, crossed reports."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import duckdb
import pytest
from click.testing import CliRunner

from mathbench import Benchmark, MathbenchError, Message, Problem, hookimpl
from mathbench._templates import ChainOfThoughtTemplate, FewShotTemplate, RawTemplate
from mathbench.cli import cli
from mathbench.registry import Registry
from mathbench.runner import RunSpec, run_evaluation

WORKED = Problem(
    "w1", "Tom has 2 apples and buys 3. How many?", "5", "test", {"solution": "2 + 3 = 5"}
)
CHINESE = Problem("c1", "小明有2个苹果，又买了3个，一共有几个？", "5", "test")


def test_raw_and_cot_templates() -> None:
    assert RawTemplate().render(WORKED) == (Message("user", WORKED.text),)
    (english,) = ChainOfThoughtTemplate().render(WORKED)
    assert english.content.startswith(WORKED.text)
    assert "step by step" in english.content and "The answer is" in english.content
    (chinese,) = ChainOfThoughtTemplate().render(CHINESE)
    assert "一步一步" in chinese.content and "答案是" in chinese.content


def test_fewshot_template_shows_worked_examples_as_turns() -> None:
    messages = FewShotTemplate().render(CHINESE, [WORKED, CHINESE])
    assert [m.role for m in messages] == ["user", "assistant", "user", "assistant", "user"]
    assert messages[1].content == "2 + 3 = 5\nThe answer is 5."
    assert messages[3].content == "答案是：5"  # no worked solution: the answer line alone
    assert messages[-1] == Message("user", CHINESE.text)


def spec(registry: Registry, **overrides: Any) -> RunSpec:
    arguments: dict[str, Any] = {"benchmark": "toy", "model": "scripted:m", **overrides}
    return RunSpec.build(registry=registry, **arguments)


def test_fewshot_run_leaves_exemplars_out_and_keys_generations_by_them(
    toy_registry: Registry, scripted: Any
) -> None:
    toy = toy_registry.benchmark("toy")
    assert toy.fewshot_shots == 4
    fewshot = spec(toy_registry, template="fewshot")
    assert [p.id for p in fewshot.exemplars] == ["p1", "p2", "p3", "p4"]
    assert [p.id for p in fewshot.problems] == ["p5"]  # the model has seen the others' answers
    assert fewshot.generation_key != spec(toy_registry).generation_key
    result = run_evaluation(fewshot, progress=False)
    assert result.total == 1
    with duckdb.connect(str(result.db), read_only=True) as connection:
        (prompt,) = connection.execute("SELECT prompt FROM generations").fetchone() or ("",)
    turns = json.loads(prompt)
    assert (
        len(turns) == 9 and turns[0]["content"] == "1 + 1 = ?" and turns[1]["role"] == "assistant"
    )


def test_samples_report_majority_and_pass_at_k(toy_registry: Registry, scripted: Any) -> None:
    # p1: two of three samples right -> majority right; p2: one of three -> pass only;
    # p3: none right.
    scripted.answers.update(
        {"1 + 1 = ?": ["2", "3", "2"], "2 + 3 = ?": ["4", "5", "4"], "3 * 4 = ?": ["11", "13", "1"]}
    )
    sampled = spec(toy_registry, temperature=0.8, samples=3, where={"grade": ["1", "2"]})
    result = run_evaluation(sampled, progress=False)
    assert result.total == 12  # 4 problems x 3 samples
    assert len(result.sample_verdicts) == 12
    report = result.report()
    overall = report.overall
    assert overall.sampled == 4
    # first samples (seeds 0): p1 "2" right, p2 "4" wrong, p3 "11" wrong, p4 "3" wrong
    assert overall.accuracy == pytest.approx(1 / 4)
    assert overall.majority_correct == 1  # p1
    assert overall.any_correct == 2  # p1, p2
    assert report.as_dict()["overall"]["pass_rate"] == pytest.approx(2 / 4)

    scripted.calls.clear()
    more = spec(toy_registry, temperature=0.8, samples=4, where={"grade": ["1", "2"]})
    run_evaluation(more, progress=False)
    assert len(scripted.calls) == 4  # only the fourth sample of each problem is new


def test_samples_need_a_temperature(toy_registry: Registry) -> None:
    with pytest.raises(MathbenchError, match="needs --temperature above 0"):
        spec(toy_registry, samples=3)


def test_cli_shows_majority_columns(toy_registry: Registry, tmp_path: Any) -> None:
    db = str(tmp_path / "s.duckdb")
    result = CliRunner().invoke(
        cli,
        ["run", "toy", "-m", "scripted:m", "--samples", "2", "--temperature", "0.5",
         "--db", db, "--no-progress"],
        obj=toy_registry,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "maj@k" in result.output and "pass@k" in result.output


class CrossedBenchmark(Benchmark):
    name = "crossed"
    splits = ("test",)
    default_split = "test"
    default_checker = "exact"
    report_by = ("subject", "level")
    report_cross = ("subject", "level")

    def problems(self, split: str) -> Iterator[Problem]:
        for index, (subject, level, golden) in enumerate(
            [("Algebra", 1, "2"), ("Algebra", 2, "5"), ("Geometry", 1, "12"), ("Geometry", 1, "9")]
        ):
            yield Problem(f"x{index}", ["1 + 1 = ?", "2 + 3 = ?", "3 * 4 = ?", "?"][index],
                          golden, split, {"subject": subject, "level": level})  # fmt: skip


class CrossedPlugin:
    @hookimpl
    def register_benchmarks(self, register: Callable[[Benchmark], None]) -> None:
        register(CrossedBenchmark())


def test_crossed_report(registry_with: Callable[..., Registry]) -> None:
    registry = registry_with(("crossed", CrossedPlugin()))
    report = run_evaluation(spec(registry, benchmark="crossed"), progress=False).report()
    assert report.cross == ("subject", "level")
    cells = {pair: (t.correct, t.scored) for pair, t in report.cross_tallies.items()}
    assert cells == {("Algebra", "1"): (1, 1), ("Algebra", "2"): (1, 1), ("Geometry", "1"): (1, 2)}
    table = report.as_dict()["cross"]
    assert table["rows"] == "subject" and len(table["cells"]) == 3
