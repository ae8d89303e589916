"""Issue 11, item 3: runs can be told apart, selected runs are obvious, the cursor does not wrap,
plot lines differ, and accuracy is never pooled across runs."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest
from textual.widgets import Static

from mathbench.plugins.tui.app import ReviewApp
from mathbench.plugins.tui.components.accuracy_plot import AccuracyPlot
from mathbench.plugins.tui.components.run_list import (
    SELECTED_MARK,
    UNSELECTED_MARK,
    RunList,
    differing,
    run_label,
)
from mathbench.plugins.tui.context import ReviewContext
from mathbench.plugins.tui.run_facts import facts_from_config
from mathbench.plugins.tui.tests.conftest import RUN_IDS, SIZE
from mathbench.plugins.tui.tests.helpers import settle
from mathbench.results import RunInfo


def labels(app: ReviewApp) -> list[str]:
    runs = app.screen.query_one(RunList)
    return [str(runs.get_option_at_index(i).prompt) for i in range(runs.option_count)]


@pytest.mark.asyncio
async def test_each_run_shows_checker_template_and_size_and_selection_by_a_mark(
    context: ReviewContext,
) -> None:
    app = ReviewApp(context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        beta, alpha = labels(app)
        assert beta.startswith(SELECTED_MARK) and alpha.startswith(UNSELECTED_MARK)
        for text in ("checker cmath", "raw", "cmath/dev", "9 problems"):
            assert text in alpha
        runs = app.screen.query_one(RunList)
        runs.focus()
        await pilot.press("down", "space")
        await settle(pilot)
        assert labels(app)[1].startswith(SELECTED_MARK)
        assert "2 selected" in str(runs.border_title)


def test_sampling_and_model_file_are_shown_and_what_differs_is_bold() -> None:
    config = {
        "generation": {
            "model": {"backend": "llama-cpp", "model": "smollm2", "file": "SmolLM2-Q8.gguf"},
            "params": {"temperature": 0.7, "top_p": 1.0, "seed": 3, "max_tokens": 512},
        }
    }
    hot, cold = facts_from_config(config), facts_from_config({})
    assert hot.sampling == "T0.7 s3 ≤512" and hot.model_file == "SmolLM2-Q8.gguf"
    info = RunInfo(
        "r1", datetime(2026, 1, 1), "cmath", "dev", "llama-cpp", "smollm2", "raw", "cmath", "k", 9
    )
    emphasised = differing([info, replace(info, run_id="r2")], {"r1": hot, "r2": cold})
    assert emphasised == {"sampling", "model file"}
    label = run_label(info, hot, selected=True, emphasised=emphasised)
    assert "T0.7 s3 ≤512" in str(label) and "SmolLM2-Q8.gguf" in str(label)
    bold = {str(label)[span.start : span.end] for span in label.spans if "bold" in str(span.style)}
    assert "T0.7 s3 ≤512" in bold and "checker cmath" not in bold


@pytest.mark.asyncio
async def test_the_cursor_stops_at_the_ends_instead_of_wrapping(context: ReviewContext) -> None:
    app = ReviewApp(context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        runs = app.screen.query_one(RunList)
        runs.focus()
        runs.highlighted = 0
        await pilot.press("up")
        assert runs.highlighted == 0
        await pilot.press("down", "down", "down")
        assert runs.highlighted == 1
        await pilot.press("space")  # toggles the last run, not the first after a wrap
        await settle(pilot)
        assert runs.selected == [RUN_IDS["beta"], RUN_IDS["alpha"]]


@pytest.mark.asyncio
async def test_the_run_list_uses_a_wide_terminal(context: ReviewContext) -> None:
    app = ReviewApp(context)
    async with app.run_test(size=(230, 40)) as pilot:
        await settle(pilot)
        assert app.screen.query_one(RunList).outer_size.width > 50


@pytest.mark.asyncio
async def test_accuracy_is_given_per_run_never_pooled(context: ReviewContext) -> None:
    context.selected = list(RUN_IDS.values())
    app = ReviewApp(context)
    async with app.run_test(size=(160, 36)) as pilot:
        await settle(pilot)
        line = str(app.screen.query_one("#summary", Static).render())
        # alpha: 5 of 7 scored; beta: 6 of 9. The pooled 11 of 16 (68.8%) must not appear.
        assert "a1a1a1a1 71.4%" in line and "b2b2b2b2 66.7%" in line
        assert "68.8%" not in line


@pytest.mark.asyncio
async def test_plot_lines_have_distinct_colours_and_markers(context: ReviewContext) -> None:
    context.selected = list(RUN_IDS.values())
    app = ReviewApp(context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        lines = app.screen.query_one(AccuracyPlot).lines
        assert len(lines) == 2
        assert len({color for _, color, _ in lines}) == 2
        assert len({marker for _, _, marker in lines}) == 2
