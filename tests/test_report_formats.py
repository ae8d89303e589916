"""`mathbench report --format markdown|latex`: the terminal report's tables as text to paste, with
the same numbers as `--json`, and whatever a model name holds escaped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mathbench.cli import cli
from mathbench.registry import Registry
from tests.reporting_kit import invoke, run_ids

#: A model name with characters both formats must escape.
MODEL = "scripted:my_model|v2&#%"


@pytest.fixture
def stored(toy_registry: Registry, tmp_path: Path) -> tuple[Registry, Path, str]:
    db = tmp_path / "formats.duckdb"
    assert invoke(toy_registry, "run", "toy", "-m", MODEL, "--db", db).exit_code == 0
    return toy_registry, db, run_ids(toy_registry, db)[0]


def test_markdown_tables_hold_the_reports_numbers(stored: tuple[Registry, Path, str]) -> None:
    registry, db, run_id = stored
    text = invoke(registry, "report", run_id, "--db", db, "--format", "markdown").output
    report = json.loads(invoke(registry, "report", run_id, "--db", db, "--json").output)[0]
    assert report["overall"]["accuracy"] == pytest.approx(0.6)
    lines = text.splitlines()
    assert lines[0] == "**Runs**"
    assert lines[2] == "| run | model | data | checker | template | accuracy | also |"
    assert lines[3] == "| --- | --- | --- | --- | --- | ---: | --- |"
    assert lines[4] == (
        f"| {run_id} | scripted:my\\_model\\|v2&#% | toy/test | exact | raw | 60.0% (3/5) "
        "| 1 no answer |"
    )
    grade = lines.index("**Accuracy by grade (pass = accuracy >= 60%)**")
    assert lines[grade + 2] == f"| grade | problems | scripted:my\\_model\\|v2&#% ({run_id[:8]}) |"
    assert lines[grade + 4 : grade + 7] == [
        "| 1 | 2 | 100.0% (2/2) ✓ |",
        "| 2 | 2 | 50.0% (1/2) ✗ |",
        "| 3 | 1 | 0.0% (0/1) ✗ |",
    ]
    assert lines[-1] == report["verdict"].replace("_", "\\_").replace("|", "\\|")
    # Every table row has as many cells as its header: a pipe in a name did not split a cell.
    for line in lines:
        if line.startswith("| "):
            assert line.replace("\\|", "").count("|") in {8, 5, 4}, line


def test_latex_tabulars_hold_the_reports_numbers(stored: tuple[Registry, Path, str]) -> None:
    registry, db, run_id = stored
    text = invoke(registry, "report", run_id, "--db", db, "--format", "latex").output
    assert text.count(r"\begin{tabular}") == text.count(r"\end{tabular}") == 2
    assert r"\begin{tabular}{lllllrl}" in text and r"\begin{tabular}{lrr}" in text
    assert (
        f"{run_id} & scripted:my\\_model|v2\\&\\#\\% & toy/test & exact & raw & 60.0\\% (3/5) "
        r"& 1 no answer \\"
    ) in text
    assert r"1 & 2 & 100.0\% (2/2) $\checkmark$ \\" in text
    assert r"2 & 2 & 50.0\% (1/2) $\times$ \\" in text
    # Outside comments, every special character is escaped: no bare & beyond column breaks.
    for line in text.splitlines():
        if line.startswith("%") or not line.endswith(r"\\"):
            continue
        cells = line.removesuffix(r"\\").replace(r"\&", "").split("&")
        assert len(cells) in {3, 7}, line
        assert "#" not in line.replace(r"\#", "") and "_" not in line.replace(r"\_", "")
    assert "% " + "scripted:my\\_model|v2\\&\\#\\% passes grade 1" in text


def test_json_stays_and_does_not_mix_with_a_format(stored: tuple[Registry, Path, str]) -> None:
    registry, db, run_id = stored
    data = json.loads(invoke(registry, "report", run_id, "--db", db, "--json").output)
    assert data[0]["run_id"] == run_id
    result = CliRunner().invoke(
        cli, ["report", run_id, "--db", str(db), "--json", "--format", "latex"], obj=registry
    )
    assert result.exit_code == 1
    assert result.output == "Error: --json and --format latex ask for two outputs; choose one.\n"
