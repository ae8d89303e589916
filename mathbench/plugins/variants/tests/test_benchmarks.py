"""Authored variants as the `variants` benchmark: run through mathbench's own runner with a
backend plugin registered the way a third party's is, and reported by number of distractors."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from mathbench import Backend, Completion, GenerationRequest, MathbenchError, hookimpl
from mathbench.plugins.variants.benchmarks import VariantsBenchmark
from mathbench.registry import load_registry
from mathbench.report import build_reports
from mathbench.results.annotations import AnnotationStore
from mathbench.runner import RunSpec, run_evaluation
from mathbench.store import Store

ORIGINAL = "李奶奶养了3只公鸡，15只母鸡。一共有多少只鸡？"


class Echo(Backend):
    """Answers 18 unless the prompt mentions pigs (a model that a distractor confuses)."""

    name = "echo"
    description = "answers 18, or 28 when distracted by pigs"

    def generate(self, requests: Sequence[GenerationRequest]) -> Iterator[Completion]:
        for request in requests:
            answer = "28" if "猪" in request.messages[-1].content else "18"
            yield Completion(request.key, f"答：{answer}只。")


class EchoPlugin:
    @hookimpl
    def register_backends(self, register: Callable[[type[Backend]], None]) -> None:
        register(Echo)


def author(path: Path) -> None:
    with AnnotationStore(path) as store:
        for text, added in (
            ("李奶奶养了3只公鸡，15只母鸡。张爷爷养了10头猪。一共有多少只鸡？", (1,)),
            ("李奶奶养了3只公鸡，15只母鸡，还有2只鸭。一共有多少只鸡？", (1,)),
        ):
            store.save_variant(
                benchmark="cmath",
                original_id="dev-0042",
                original=ORIGINAL,
                golden="18",
                annotations={"grade": 1},
                text=text,
                numbers_added=added,
                golden_confirmed=True,
                author="alice",
            )


def test_variants_run_and_report_by_distractor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    results = tmp_path / "results.duckdb"
    monkeypatch.setenv("MATHBENCH_DB", str(results))
    author(results.with_name("results.annotations.sqlite"))
    registry = load_registry(extra_plugins=[("echo", EchoPlugin())])
    spec = RunSpec.build(registry=registry, benchmark="variants", model="echo:m")
    assert [p.annotations["distractor"] for p in spec.problems] == [0, 1, 1]
    assert spec.problems[0].text == ORIGINAL and spec.problems[0].id == "cmath:dev-0042#0"
    result = run_evaluation(spec, db=results, progress=False)
    with Store(results, read_only=True) as store:
        report = build_reports(store, [result.run_id])[0]
    by_distractor = {t.value: (t.correct, t.scored) for t in report.breakdowns["distractor"]}
    assert by_distractor == {"0": (1, 1), "1": (1, 2)}


def test_without_variants_the_benchmark_says_how_to_make_some(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MATHBENCH_ANNOTATIONS", str(tmp_path / "none.sqlite"))
    with pytest.raises(MathbenchError, match="author variants with `mathbench review`"):
        VariantsBenchmark().problems("all")
    AnnotationStore(tmp_path / "none.sqlite").close()
    with pytest.raises(MathbenchError, match="holds no confirmed variants"):
        VariantsBenchmark().problems("all")
    with pytest.raises(MathbenchError, match="no split 'test'"):
        VariantsBenchmark().problems("test")


def test_editing_a_variant_makes_a_new_problem_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.sqlite"
    monkeypatch.setenv("MATHBENCH_ANNOTATIONS", str(path))
    author(path)
    before = [p.id for p in VariantsBenchmark().problems("all")]
    with AnnotationStore(path) as store:
        first = store.variants()[0]
        store.save_variant(
            benchmark="cmath", original_id="dev-0042", original=ORIGINAL, golden="18",
            annotations={}, text=first.text.replace("10头", "12头"), numbers_added=(1,),
            golden_confirmed=True, author="bob", variant_id=first.variant_id,
        )  # fmt: skip
    after = [p.id for p in VariantsBenchmark().problems("all")]
    assert before[0] == after[0] and before[2] == after[2] and before[1] != after[1]


def test_a_run_with_db_reads_the_variants_beside_that_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--db`` is honoured: the variants are those beside the results file the run writes, not
    beside ``$MATHBENCH_DB`` (which holds none here)."""
    from click.testing import CliRunner

    from mathbench.cli import cli

    monkeypatch.setenv("MATHBENCH_DB", str(tmp_path / "elsewhere" / "default.duckdb"))
    results = tmp_path / "study" / "results.duckdb"
    results.parent.mkdir()
    author(results.with_name("results.annotations.sqlite"))
    registry = load_registry(extra_plugins=[("echo", EchoPlugin())])
    args = ["run", "variants", "-m", "echo:m", "--db", str(results), "--no-progress", "--json"]

    ran = CliRunner().invoke(cli, args, obj=registry)

    assert ran.exit_code == 0, ran.output
    assert '"total": 3' in ran.output
