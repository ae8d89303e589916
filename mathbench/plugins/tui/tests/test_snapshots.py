"""SVG snapshots of the main screens at a fixed size, over the fixture database.

Update them with ``pytest tui --snapshot-update`` after checking the new pictures by eye.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from mathbench.plugins.tui.app import ReviewApp
from mathbench.plugins.tui.context import ReviewContext
from mathbench.plugins.tui.tests.conftest import RUN_IDS, SIZE
from mathbench.plugins.tui.tests.helpers import settle
from mathbench.results import annotations as annotations_file

Compare = Callable[..., bool]


def steps(*keys: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    """Press ``keys`` one by one, letting the app settle after each, with no cursor blinking."""

    async def run(pilot: Pilot[None]) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        for widget in pilot.app.screen.query(Input):
            widget.cursor_blink = False
        for area in pilot.app.screen.query(TextArea):
            area.cursor_blink = False
        pilot.app.clear_notifications()
        # A DataTable measures its columns when its message queue is idle, then repaints: give
        # it real time for both, or the picture may catch header-only widths.
        await pilot.pause(0.3)

    return run


def test_runs_and_failures(snap_compare: Compare, context: ReviewContext) -> None:
    context.selected = [RUN_IDS["alpha"]]
    assert snap_compare(ReviewApp(context), terminal_size=SIZE, run_before=steps("down", "down"))


def test_side_by_side(snap_compare: Compare, context: ReviewContext) -> None:
    context.selected = list(RUN_IDS.values())
    assert snap_compare(ReviewApp(context), terminal_size=SIZE, run_before=steps("down", "d"))


def test_verification(
    snap_compare: Compare, context: ReviewContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The short-sample line says when the sample was drawn: a fixed clock keeps the picture fixed.
    monkeypatch.setattr(annotations_file, "_now", lambda: "2026-01-01T10:00:00")
    context.selected = [RUN_IDS["alpha"]]
    # Three judgements, so that the matrix, the intervals and a revealed verdict show.
    assert snap_compare(
        ReviewApp(context), terminal_size=SIZE, run_before=steps("v", "enter", "c", "x", "escape")
    )


def test_authoring(snap_compare: Compare, context: ReviewContext) -> None:
    async def run(pilot: Pilot[None]) -> None:
        await steps("a")(pilot)
        pilot.app.screen.query_one(
            TextArea
        ).text = "小明有9个苹果，吃了2个，妈妈又买了3个梨和4个桃，还剩几个？"
        await steps()(pilot)

    assert snap_compare(ReviewApp(context), terminal_size=SIZE, run_before=run)


def test_plots(snap_compare: Compare, context: ReviewContext) -> None:
    context.selected = list(RUN_IDS.values())
    assert snap_compare(ReviewApp(context), terminal_size=SIZE, run_before=steps("p"))
