"""Selected runs, filters, search and sort are remembered between sessions, per annotator."""

from __future__ import annotations

from pathlib import Path

import pytest

from mathbench.plugins.tui.app import ReviewApp
from mathbench.plugins.tui.components.failure_table import FailureTable
from mathbench.plugins.tui.components.run_list import RunList
from mathbench.plugins.tui.context import ReviewContext
from mathbench.plugins.tui.screens.runs import RunsScreen
from mathbench.plugins.tui.state import ReviewState, state_path
from mathbench.plugins.tui.tests.conftest import RUN_IDS, SIZE
from mathbench.plugins.tui.tests.helpers import settle

pytestmark = pytest.mark.asyncio


async def test_a_second_session_opens_as_the_first_was_left(
    results_db: Path, annotations_path: Path
) -> None:
    first = ReviewContext.open(results_db, annotations_path, annotator="alice")
    app = ReviewApp(first)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one(RunList).focus()
        await pilot.press("down", "space")
        await settle(pilot)
        app.screen.query_one(FailureTable).focus()
        await pilot.press("w", "s")
        await settle(pilot)
    first.close()
    saved = ReviewState.load(state_path(annotations_path)).session("alice")
    assert saved.status == "failures" and len(saved.selected) == 2

    second = ReviewContext.open(results_db, annotations_path, annotator="alice")
    assert second.selected == [RUN_IDS["beta"], RUN_IDS["alpha"]]
    app = ReviewApp(second)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RunsScreen)
        assert screen.filters.status == "failures" and screen.sort.column == "grade"
        assert {row.status for row in screen.table.rows_shown} <= {
            "wrong",
            "no_answer",
            "errored",
        }
    second.close()
