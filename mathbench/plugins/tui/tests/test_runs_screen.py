"""The runs-and-failures screen, driven with Textual's Pilot over the real fixture database."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Select, Static

from mathbench.plugins.tui.app import ReviewApp
from mathbench.plugins.tui.components.detail_pane import DetailPane
from mathbench.plugins.tui.components.failure_table import FailureTable
from mathbench.plugins.tui.components.rendering import MATCHED_STYLE, UNMATCHED_STYLE
from mathbench.plugins.tui.context import ReviewContext
from mathbench.plugins.tui.screens.help import HelpScreen
from mathbench.plugins.tui.screens.plots import PlotsScreen
from mathbench.plugins.tui.screens.runs import RunsScreen
from mathbench.plugins.tui.tests.conftest import RUN_IDS, SIZE
from mathbench.plugins.tui.tests.helpers import settle
from mathbench.store import Store

pytestmark = pytest.mark.asyncio


def shown(app: ReviewApp) -> list[tuple[str, str]]:
    table = app.screen.query_one(FailureTable)
    return [(row.run_id[:1], row.problem_id) for row in table.rows_shown]


def summary(app: ReviewApp) -> str:
    return str(app.screen.query_one("#summary", Static).render())


async def test_first_screen_lists_the_latest_run_and_its_detail(context: ReviewContext) -> None:
    app = ReviewApp(context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, RunsScreen)
        assert len(shown(app)) == 9 and {run for run, _ in shown(app)} == {"b"}
        assert summary(app).startswith("9 of 9 · correct 6 · wrong 3 · accuracy 66.7%")
        detail = app.screen.query_one(DetailPane)
        texts = [str(static.render()) for static in detail.query(Static)]
        assert any("小明有9个苹果" in text for text in texts)
        assert any(text.startswith("correct") for text in texts)


async def test_failures_key_and_annotation_filter(context: ReviewContext) -> None:
    context.selected = [RUN_IDS["alpha"]]
    app = ReviewApp(context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert [pid for _, pid in shown(app)] == ["dev-0002", "dev-0102", "dev-0201"]
        assert summary(app).startswith("3 of 9 · correct 5")
        grade = next(s for s in app.screen.query(Select) if s.name == "grade")
        grade.value = "2"
        await settle(pilot)
        assert [pid for _, pid in shown(app)] == ["dev-0102"]
        await pilot.press("w")
        await settle(pilot)
        assert [pid for _, pid in shown(app)] == ["dev-0100", "dev-0101", "dev-0102"]


async def test_detail_highlights_the_candidates_the_checker_read(context: ReviewContext) -> None:
    context.selected = [RUN_IDS["alpha"]]
    app = ReviewApp(context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "down")  # dev-0002: "30+6=36，所以鱼36元。", golden 24
        await settle(pilot)
        response = app.screen.query_one(".detail-response", Static)
        content = response.visual
        spans = [(str(content)[s.start : s.end], str(s.style)) for s in content.spans]  # type: ignore[attr-defined]
        assert ("36", UNMATCHED_STYLE) in spans
        await pilot.press("up", "up")  # dev-0000, correct: the matching span is green
        await settle(pilot)
        content = app.screen.query_one(".detail-response", Static).visual
        assert any(str(s.style) == MATCHED_STYLE for s in content.spans)  # type: ignore[attr-defined]


async def test_search_is_fuzzy_over_problem_text(context: ReviewContext) -> None:
    app = ReviewApp(context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        for key in "桃子":
            await pilot.press(key)
        await settle(pilot)
        assert shown(app)[0] == ("b", "dev-0200")
        await pilot.press("escape")
        assert app.screen.focused is app.screen.query_one(FailureTable)


async def test_two_runs_side_by_side(context: ReviewContext) -> None:
    app = ReviewApp(context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one("#runs").focus()
        await pilot.press("down", "space")  # also select alpha
        await settle(pilot)
        assert len(shown(app)) == 18
        app.screen.query_one(FailureTable).focus()
        await pilot.press("d")
        await settle(pilot)
        cards = app.screen.query(".run-card")
        assert len(cards) == 2
        titles = [str(card.query_one(".card-title", Static).render()) for card in cards]
        assert titles == ["b2b2b2b2 scripted:beta", "a1a1a1a1 scripted:alpha"]


async def test_help_and_plots_open_and_close(context: ReviewContext) -> None:
    app = ReviewApp(context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "Side by side" in app.screen.keys and "Runs and failures" in app.screen.under_help
        await pilot.press("escape")
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, PlotsScreen)
        await pilot.press("right")
        await settle(pilot)
        assert app.screen.current == 1
        await pilot.press("escape")
        assert isinstance(app.screen, RunsScreen)


async def test_refresh_keeps_the_selection(context: ReviewContext) -> None:
    app = ReviewApp(context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RunsScreen)
        assert len(shown(app)) == 9 and screen.selected == [RUN_IDS["beta"]]


async def test_an_empty_database_says_how_to_make_a_run(tmp_path: Path) -> None:
    results = tmp_path / "empty.duckdb"
    Store(results).close()
    context = ReviewContext.open(results, tmp_path / "a.sqlite", annotator="alice")
    app = ReviewApp(context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "No runs stored yet" in summary(app)
        await pilot.press("v", "a", "p")
        await settle(pilot)
        assert isinstance(app.screen, RunsScreen)
        assert len(app._notifications) == 3
    context.close()
