"""`mathbench plot`: the figures' numbers are the report's, and every built-in benchmark's
report-by annotations come out as a PNG and an SVG that parse."""

from __future__ import annotations

import json
import struct
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from mathbench._figures import COLUMN_WIDTH_IN, PNG_DPI, figure_panels
from mathbench.cli import cli
from mathbench.registry import Registry, load_registry
from mathbench.report import build_reports
from mathbench.results.annotations import AnnotationStore
from mathbench.results.intervals import wilson_interval
from mathbench.store import Store
from tests.reporting_kit import OracleBackend, OraclePlugin, invoke, run_ids

pytest.importorskip("matplotlib", reason="figures need the plot extra: mathbench[plot]")

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
SVG = "{http://www.w3.org/2000/svg}"


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the PNG's header chunk (IHDR), after checking the signature."""
    assert data[:8] == PNG_MAGIC, "not a PNG"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def svg_texts(path: Path) -> list[str]:
    """Every text in the SVG, which must parse as XML with an <svg> root."""
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG}svg"
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


@pytest.fixture
def two_models(toy_registry: Registry, tmp_path: Path) -> tuple[Registry, Path, list[str]]:
    """Two real runs of the toy benchmark (five problems, three grades) in one DuckDB file; the
    second model answers only the first problem right."""
    db = tmp_path / "runs.duckdb"
    assert invoke(toy_registry, "run", "toy", "-m", "scripted:a", "--db", db).exit_code == 0
    from tests.conftest import TOY_PROBLEMS, ScriptedBackend

    ScriptedBackend.answers = {p.text: "0" for p in TOY_PROBLEMS}
    ScriptedBackend.answers[TOY_PROBLEMS[0].text] = TOY_PROBLEMS[0].golden
    assert invoke(toy_registry, "run", "toy", "-m", "scripted:b", "--db", db).exit_code == 0
    return toy_registry, db, run_ids(toy_registry, db)


def test_figure_data_are_the_reports_numbers(
    two_models: tuple[Registry, Path, list[str]],
) -> None:
    registry, db, ids = two_models
    printed = json.loads(invoke(registry, "report", *ids, "--db", db, "--json").output)
    with Store(db, read_only=True) as store:
        panels = figure_panels(build_reports(store, ids))
    assert [p.by for p in panels] == ["grade"]
    panel = panels[0]
    assert panel.numeric and panel.values == ("1", "2", "3")
    assert panel.pass_marks == (0.6,)
    assert [s.run_id for s in panel.series] == ids
    assert [s.label for s in panel.series] == ["scripted:a", "scripted:b"]
    for series, report in zip(panel.series, printed, strict=True):
        groups = report["breakdowns"]["grade"]
        assert [p.value for p in series.points] == [g["value"] for g in groups]
        for point, group in zip(series.points, groups, strict=True):
            assert (point.correct, point.scored) == (group["correct"], group["scored"])
            assert point.accuracy == group["accuracy"]
            assert point.passed == group["passed"]
            assert point.interval == wilson_interval(group["correct"], group["scored"])
    # The toy run: grade 1 all right, grade 2 half, grade 3 none; the second model grade 1 half.
    assert [p.accuracy for p in panel.series[0].points] == [1.0, 0.5, 0.0]
    assert [p.accuracy for p in panel.series[1].points] == [0.5, 0.0, 0.0]


def test_runs_of_one_model_are_told_apart_by_checker(
    toy_registry: Registry, tmp_path: Path
) -> None:
    db = tmp_path / "checkers.duckdb"
    for checker in ("exact", "numeric-equal"):
        ran = invoke(
            toy_registry, "run", "toy", "-m", "scripted:m", "--checker", checker, "--db", db
        )
        assert ran.exit_code == 0
    with Store(db, read_only=True) as store:
        panel = figure_panels(build_reports(store, run_ids(toy_registry, db)))[0]
    assert [s.label for s in panel.series] == [
        "scripted:m (checker exact)",
        "scripted:m (checker numeric-equal)",
    ]


def test_plot_writes_png_svg_and_pdf(two_models: tuple[Registry, Path, list[str]]) -> None:
    registry, db, ids = two_models
    folder = db.parent
    for name in ("grade.png", "grade.svg", "grade.pdf"):
        shown = invoke(registry, "plot", *ids, "--by", "grades", "-o", folder / name, "--db", db)
        assert shown.output == f"Wrote {folder / name}: accuracy by grade for 2 run(s).\n"
    width, height = png_size((folder / "grade.png").read_bytes())
    assert width == pytest.approx(COLUMN_WIDTH_IN * PNG_DPI, abs=2)
    assert 0.5 * width < height < width
    texts = svg_texts(folder / "grade.svg")
    assert {"scripted:a", "scripted:b", "pass 60%", "grade", "accuracy (%)"} <= set(texts)
    assert texts[:6] == ["1", "n=2", "2", "n=2", "3", "n=1"]  # each tick: value, then count
    assert (folder / "grade.pdf").read_bytes().startswith(b"%PDF-")


def test_plot_refusals_are_one_sentence(two_models: tuple[Registry, Path, list[str]]) -> None:
    registry, db, ids = two_models
    out = db.parent / "figure.png"

    def error(*args: str | Path) -> str:
        result = CliRunner().invoke(cli, [str(a) for a in args], obj=registry)
        assert result.exit_code == 1, result.output
        assert result.output.count("Error:") == 1 and "Traceback" not in result.output
        return result.output

    assert "end the file name with .png, .svg or .pdf" in error(
        "plot", ids[0], "-o", db.parent / "figure.gif", "--db", db
    )
    assert "has no breakdown by 'subject'; its report breaks accuracy down by grade" in error(
        "plot", ids[0], "--by", "subject", "-o", out, "--db", db
    )
    # A database named like a figure is still never the output.
    png_db = db.with_name("runs.png")
    png_db.write_bytes(db.read_bytes())
    assert f"is the database {png_db}" in error("plot", ids[0], "-o", png_db, "--db", png_db)
    assert png_db.read_bytes() == db.read_bytes()

    assert invoke(registry, "plot", ids[0], "-o", out, "--db", db).exit_code == 0
    first = out.read_bytes()
    assert "already exists; pass --force" in error("plot", ids[1], "-o", out, "--db", db)
    assert out.read_bytes() == first
    assert invoke(registry, "plot", ids[1], "-o", out, "--force", "--db", db).exit_code == 0
    assert out.read_bytes() != first


def test_plot_without_matplotlib_names_the_extra(
    two_models: tuple[Registry, Path, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    registry, db, ids = two_models
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # `import matplotlib` now fails
    result = CliRunner().invoke(
        cli, ["plot", ids[0], "-o", str(db.parent / "f.png"), "--db", str(db)], obj=registry
    )
    assert result.exit_code == 1
    assert result.output == (
        "Error: Figures need matplotlib, which is not installed: pip install 'mathbench[plot]'.\n"
    )
    assert not (db.parent / "f.png").exists()


def author_variants(path: Path) -> None:
    """Two confirmed distractor variants of a CMATH problem in a reviewer's annotations file,
    the data of the built-in ``variants`` benchmark."""
    with AnnotationStore(path) as store:
        for distractors, text in enumerate(["小明有3个苹果，小红有2个梨，又买了2个苹果。"], 1):
            store.save_variant(
                benchmark="cmath",
                original_id="test-0",
                original="小明有3个苹果，又买了2个，一共几个？",
                golden="5",
                annotations={"grade": 1},
                text=text,
                numbers_added=list(range(distractors)),
                golden_confirmed=True,
                author="tester",
            )


#: Every built-in benchmark that reports by annotations, with its default split.
REPORTING = [
    (benchmark.name, benchmark.default_split)
    for benchmark in map(load_registry().benchmark, load_registry().names("benchmark"))
    if benchmark.report_by
]


@pytest.mark.parametrize(("name", "split"), REPORTING)
def test_every_builtin_benchmark_draws_its_report_by_annotations(
    name: str,
    split: str,
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    registry_with: Callable[..., Registry],
) -> None:
    if name == "variants":
        monkeypatch.setenv("MATHBENCH_ANNOTATIONS", str(tmp_path / "judged.sqlite"))
        author_variants(tmp_path / "judged.sqlite")
    registry = registry_with(("oracle", OraclePlugin()))
    benchmark = registry.benchmark(name)
    OracleBackend.goldens = {p.text: p.golden for p in benchmark.problems(split)}
    db = tmp_path / f"{name}.duckdb"
    ran = invoke(
        registry,
        *("run", name, "-m", "oracle:x", "--split", split, "--template", "raw"),
        *("--limit", "2", "--stratify", benchmark.report_by[0], "--db", db),
    )
    assert ran.exit_code == 0, ran.output
    for suffix in ("png", "svg"):
        target = tmp_path / f"{name}.{suffix}"
        drawn = invoke(registry, "plot", "-o", target, "--db", db)
        assert drawn.output.startswith(
            f"Wrote {target}: accuracy by {', '.join(benchmark.report_by)}"
        )
    width, height = png_size((tmp_path / f"{name}.png").read_bytes())
    assert width == pytest.approx(COLUMN_WIDTH_IN * PNG_DPI, abs=2)
    assert height > 0.5 * width * len(benchmark.report_by)
    texts = svg_texts(tmp_path / f"{name}.svg")
    for key in benchmark.report_by:  # the x axis' label: the annotation, maybe with a note
        assert any(t.split(" (")[0] == key.replace("_", " ") for t in texts), (key, texts)
    assert texts.count("accuracy (%)") == len(benchmark.report_by)
