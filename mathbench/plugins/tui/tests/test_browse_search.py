"""Search finds responses as well as problem texts (issue 11: search over responses too), and
near matches: the texts that contain the query come at once, the rest when typing pauses."""

from __future__ import annotations

import pytest

from mathbench.plugins.tui.app import ReviewApp
from mathbench.plugins.tui.components.failure_table import FailureTable
from mathbench.plugins.tui.context import ReviewContext
from mathbench.plugins.tui.tests.conftest import RUN_IDS, SIZE
from mathbench.plugins.tui.tests.helpers import searched, settle

pytestmark = pytest.mark.asyncio


async def test_a_phrase_only_a_response_holds_finds_that_row(context: ReviewContext) -> None:
    context.selected = list(RUN_IDS.values())
    app = ReviewApp(context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"我不知道")  # alpha's reply to dev-0102, in no problem text
        await searched(pilot)
        rows = app.screen.query_one(FailureTable).rows_shown
        assert [(row.run_id, row.problem_id) for row in rows] == [(RUN_IDS["alpha"], "dev-0102")]


async def test_a_near_match_comes_once_typing_pauses(context: ReviewContext) -> None:
    context.selected = [RUN_IDS["alpha"]]
    app = ReviewApp(context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # No problem text contains it (dev-0000 has a comma between), but it nearly matches.
        await pilot.press("slash", *"苹果吃了2个")
        await searched(pilot)
        rows = app.screen.query_one(FailureTable).rows_shown
        assert rows and rows[0].problem_id == "dev-0000"
        summary = str(app.screen.query_one("#summary").render())
        assert "searching further" not in summary
