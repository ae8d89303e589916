"""Exporting the filtered rows (every page) as JSONL or CSV, with the problem text and the response,
and a folder refused in a sentence."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from textual.widgets import Input, Label

from mathbench.plugins.tui.app import ReviewApp
from mathbench.plugins.tui.context import ReviewContext
from mathbench.plugins.tui.screens.prompt import PathPrompt
from mathbench.plugins.tui.tests.conftest import PROBLEMS, RESPONSES, RUN_IDS, SIZE
from mathbench.plugins.tui.tests.helpers import settle

pytestmark = pytest.mark.asyncio


async def export_to(pilot: object, app: ReviewApp, path: Path) -> None:
    await pilot.press("e")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    assert isinstance(app.screen, PathPrompt)
    app.screen.query_one(Input).value = str(path)
    await pilot.press("enter")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]


async def test_the_failures_of_two_runs_go_to_jsonl_and_csv(
    context: ReviewContext, tmp_path: Path
) -> None:
    context.selected = list(RUN_IDS.values())
    app = ReviewApp(context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        await export_to(pilot, app, tmp_path / "rows.jsonl")
        lines = [json.loads(line) for line in (tmp_path / "rows.jsonl").read_text().splitlines()]
        assert len(lines) == 6 and {line["status"] for line in lines} == {
            "wrong",
            "no_answer",
            "errored",
        }
        assert {line["checker"] for line in lines} == {"cmath"}
        # The problem text and the response, whole, as the detail pane shows them.
        wrong = next(line for line in lines if line["problem_id"] == "dev-0002")
        assert wrong["text"] == PROBLEMS[2].text
        assert wrong["response"] == RESPONSES["alpha"]["dev-0002"]
        errored = next(line for line in lines if line["status"] == "errored")
        assert errored["response"] == ""  # stored with the backend's error, not a reply
        await export_to(pilot, app, tmp_path / "rows.csv")
        with (tmp_path / "rows.csv").open(encoding="utf-8") as file:
            table = list(csv.DictReader(file))
        assert len(table) == 6 and "grade" in table[0] and table[0]["model"].startswith("scr")
        row = next(row for row in table if row["problem_id"] == "dev-0002")
        assert row["text"] == PROBLEMS[2].text
        assert row["response"] == RESPONSES["alpha"]["dev-0002"]


async def test_a_folder_is_refused_in_the_dialog_in_one_sentence(
    context: ReviewContext, tmp_path: Path
) -> None:
    app = ReviewApp(context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await export_to(pilot, app, tmp_path)
        assert isinstance(app.screen, PathPrompt)  # still open, to correct the name
        said = str(app.screen.query_one("#path-problem", Label).render())
        assert "is a folder" in said and "Errno" not in said
