"""Starting `mathbench review` wrong: the wrong file as --db, no terminal, no annotator name.
Each is one sentence on stderr and an exit at once, never a traceback, a hang or escape codes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from mathbench.errors import MathbenchError
from mathbench.plugins.tui.command import NO_TERMINAL, choose_annotator
from mathbench.plugins.tui.context import ReviewContext
from mathbench.plugins.tui.state import ANNOTATOR_ENV, ReviewState, Session, state_path
from mathbench.plugins.tui.tests.conftest import RUN_IDS
from mathbench.plugins.tui.tests.test_command import mathbench


def test_a_csv_as_db_is_one_sentence(tmp_path: Path) -> None:
    csv = tmp_path / "results.csv"
    csv.write_text("problem,answer\n1,2\n")
    result = mathbench("review", "--db", str(csv), "--annotator", "alice")
    assert result.returncode == 1
    assert "not a DuckDB database (a CSV or other text file?)" in result.stderr
    assert "in-memory" not in result.stderr and "Traceback" not in result.stderr


def test_the_annotations_file_as_db_is_named_and_nothing_is_downloaded(
    tmp_path: Path,
) -> None:
    annotations = tmp_path / "runs.annotations.sqlite"
    sqlite3.connect(annotations).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(MathbenchError, match=r"is an SQLite file .*annotations file"):
        ReviewContext.open(annotations, tmp_path / "a.sqlite", annotator="alice")
    result = mathbench("review", "--db", str(annotations), "--annotator", "alice")
    assert result.returncode == 1 and "is an SQLite file" in result.stderr
    assert "extension" not in result.stderr.lower()


def test_without_a_terminal_review_exits_at_once_with_a_sentence(results_db: Path) -> None:
    # subprocess.run with captured output gives the child no terminal on stdin or stdout.
    result = mathbench("review", "--db", str(results_db), "--annotator", "alice")
    assert result.returncode == 1
    assert NO_TERMINAL.split(";")[0] in result.stderr
    assert "\x1b[" not in result.stdout + result.stderr


def test_the_annotator_is_given_then_the_environment_then_remembered(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(ANNOTATOR_ENV, raising=False)
    assert choose_annotator(None, "", ask=False) is None  # never the OS user ("root")
    assert choose_annotator(None, "carol", ask=False) == "carol"
    monkeypatch.setenv(ANNOTATOR_ENV, "bob")
    assert choose_annotator(None, "carol", ask=False) == "bob"
    assert choose_annotator(" alice ", "carol", ask=False) == "alice"


def test_remembered_selection_is_used_when_no_run_is_given(
    results_db: Path, annotations_path: Path
) -> None:
    state = ReviewState.load(state_path(annotations_path))
    state.sessions["alice"] = Session(selected=[RUN_IDS["alpha"], "gone"])
    state.save()
    context = ReviewContext.open(results_db, annotations_path, annotator="alice")
    assert context.selected == [RUN_IDS["alpha"]]
    context.close()
    other = ReviewContext.open(results_db, annotations_path, annotator="bob")
    assert other.selected == [RUN_IDS["beta"]]  # bob's session is his own: the latest run
    other.close()
