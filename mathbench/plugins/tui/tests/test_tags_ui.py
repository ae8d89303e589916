"""Failure tags while browsing: `t` tags the row under the cursor from the editable set; the
table shows the tags and the line above it counts them; the tag filter shows only the rows that
carry a tag."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static

from mathbench.plugins.tui.app import ReviewApp
from mathbench.plugins.tui.components.failure_table import FailureTable
from mathbench.plugins.tui.context import ReviewContext
from mathbench.plugins.tui.screens.runs import RunsScreen
from mathbench.plugins.tui.screens.tag_prompt import TagPrompt
from mathbench.plugins.tui.tests.conftest import RUN_IDS
from mathbench.plugins.tui.tests.helpers import settle

pytestmark = pytest.mark.asyncio


async def test_tagging_a_row_shows_and_counts_the_tag(context: ReviewContext) -> None:
    context.selected = [RUN_IDS["alpha"]]
    app = ReviewApp(context)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "t")  # dev-0002: 30+6=36, golden 24
        await settle(pilot)
        assert isinstance(app.screen, TagPrompt)
        await pilot.press("space")  # the first tag offered: misread question
        app.screen.query_one(Input).focus()
        await pilot.press(*"sign error", "enter", "escape")
        await settle(pilot)
        assert context.annotations.tags_for(RUN_IDS["alpha"], "dev-0002") == [
            "misread question",
            "sign error",
        ]
        assert "sign error" in context.annotations.tag_names()
        table = app.screen.query_one(FailureTable)
        assert table.current is not None and table.current.problem_id == "dev-0002"
        cells = [str(cell) for cell in table.get_row_at(table.cursor_row)]
        assert "misread question, sign error" in cells
        line = str(app.screen.query_one("#active-filters", Static).render())
        assert "tags: misread question 1 · sign error 1" in line


async def test_the_table_filters_by_a_failure_tag_and_remembers_it(
    context: ReviewContext, annotations_path: Path, results_db: Path
) -> None:
    context.selected = list(RUN_IDS.values())
    store = context.annotations
    store.tag_item(RUN_IDS["alpha"], "dev-0002", "arithmetic slip", "bob")
    store.tag_item(RUN_IDS["beta"], "dev-0101", "arithmetic slip", "bob")
    store.tag_item(RUN_IDS["beta"], "dev-0001", "unit error", "bob")
    app = ReviewApp(context)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RunsScreen)
        offered = screen.filters.tag_select  # a value not offered would be refused
        offered.value = "unit error"
        await settle(pilot)
        assert [row.key for row in screen.table.rows_shown] == [f"{RUN_IDS['beta']}/cmath/dev-0001"]
        offered.value = "arithmetic slip"
        await settle(pilot)
        rows = screen.table.rows_shown
        assert [(row.run_id, row.problem_id) for row in rows] == [
            (RUN_IDS["alpha"], "dev-0002"),
            (RUN_IDS["beta"], "dev-0101"),
        ]
        line = str(screen.query_one("#active-filters", Static).render())
        assert 'tag "arithmetic slip"' in line
        await pilot.press("w")  # with the other filters, as any filter: both are failures
        await settle(pilot)
        assert len(screen.table.rows_shown) == 2
    context.close()
    again = ReviewContext.open(results_db, annotations_path, annotator="alice")
    app = ReviewApp(again)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RunsScreen) and screen.filters.tag == "arithmetic slip"
        assert [row.problem_id for row in screen.table.rows_shown] == ["dev-0002", "dev-0101"]
    again.close()
