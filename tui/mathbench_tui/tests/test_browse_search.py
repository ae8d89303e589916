"""Search finds responses as well as problem texts (issue 11: search over responses too)."""

from __future__ import annotations

import pytest
from mathbench_tui.app import ReviewApp
from mathbench_tui.components.failure_table import FailureTable
from mathbench_tui.context import ReviewContext
from mathbench_tui.tests.conftest import RUN_IDS, SIZE
from mathbench_tui.tests.helpers import settle

pytestmark = pytest.mark.asyncio


async def test_a_phrase_only_a_response_holds_finds_that_row(context: ReviewContext) -> None:
    context.selected = list(RUN_IDS.values())
    app = ReviewApp(context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"我不知道")  # alpha's reply to dev-0102, in no problem text
        await settle(pilot)
        rows = app.screen.query_one(FailureTable).rows_shown
        assert [(row.run_id, row.problem_id) for row in rows] == [(RUN_IDS["alpha"], "dev-0102")]
