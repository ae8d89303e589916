"""Checker verification with Pilot: draw a sample, judge with the verdict hidden, notes,
resuming after quitting, a second annotator's kappa, and the JSONL export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from mathbench.plugins.tui.app import ReviewApp
from mathbench.plugins.tui.components.stats_panel import StatsPanel
from mathbench.plugins.tui.context import ReviewContext
from mathbench.plugins.tui.screens.prompt import PathPrompt
from mathbench.plugins.tui.screens.sample_setup import SampleSetupScreen
from mathbench.plugins.tui.screens.verify import VerifyScreen
from mathbench.plugins.tui.tests.conftest import RUN_IDS, SIZE
from mathbench.plugins.tui.tests.helpers import settle
from mathbench.results.annotations import AnnotationStore

pytestmark = pytest.mark.asyncio


def text(app: ReviewApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def open_sample(pilot: Pilot[None], size: str = "5") -> VerifyScreen:
    await settle(pilot)
    await pilot.press("v")
    await settle(pilot)
    assert isinstance(pilot.app.screen, SampleSetupScreen)
    size_input = pilot.app.screen.query_one("#size", Input)
    size_input.value = size
    size_input.focus()
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, VerifyScreen)
    return screen


async def test_judging_hides_the_verdict_until_judged_and_saves_at_once(
    results_db: Path, annotations_path: Path
) -> None:
    context = ReviewContext.open(results_db, annotations_path, annotator="alice")
    context.selected = [RUN_IDS["alpha"]]
    app = ReviewApp(context)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_sample(pilot)
        assert len(screen.items) == 5 and screen.position == 0
        first = screen.items[0]
        # Before judging: no verdict, no highlighted span.
        assert "Is the final answer correct?" in text(app, "#item-reveal")
        assert not app.screen.query_one("#item-response", Static).visual.spans  # type: ignore[attr-defined]
        # Agreeing with the checker commits at once and shows the spans; enter moves on.
        await pilot.press("c" if first.checker_correct else "x")
        assert screen.position == 0 and "agrees" in text(app, "#item-reveal")
        await pilot.press("enter")
        assert screen.position == 1
        with AnnotationStore(annotations_path) as other_connection:
            saved = other_connection.judgements(screen.info.sample_id)["alice"]
            assert saved[0].human_correct is first.checker_correct
        # Disagreeing reveals the verdict and asks for a note.
        second = screen.items[1]
        await pilot.press("x" if second.checker_correct else "c")
        assert screen.position == 1
        assert "disagrees" in text(app, "#item-reveal")
        assert app.screen.focused is app.screen.query_one("#note", Input)
        for key in "unit":
            await pilot.press(key)
        await pilot.press("enter")
        assert screen.position == 2
        stats = str(app.screen.query_one(StatsPanel).render())
        assert "alice: 2 of 5 judged" in stats and "accuracy  50.0%" in stats
    context.close()
    # Quitting and coming back resumes at the first item not judged.
    context = ReviewContext.open(results_db, annotations_path, annotator="alice")
    context.selected = [RUN_IDS["alpha"]]
    app = ReviewApp(context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        await pilot.press("enter")  # the stored sample, listed first and focused
        await settle(pilot)
        resumed = app.screen
        assert isinstance(resumed, VerifyScreen) and resumed.position == 2
        await pilot.press("left")
        assert resumed.mine[1].note == "unit"
        assert app.screen.query_one("#note", Input).value == "unit"
    context.close()


async def test_a_second_annotator_gives_kappa_and_the_export_has_both(
    results_db: Path, annotations_path: Path, tmp_path: Path
) -> None:
    for annotator, flip in (("alice", False), ("bob", True)):
        context = ReviewContext.open(results_db, annotations_path, annotator=annotator)
        context.selected = [RUN_IDS["beta"]]
        app = ReviewApp(context)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_sample(pilot, size="4")
            for item in list(screen.items):
                agree = item.position % 2 == 0 if flip else True
                key = "c" if item.checker_correct == agree else "x"
                await pilot.press(key)
                if app.screen.focused is app.screen.query_one("#note", Input):
                    await pilot.press("ctrl+k")
                await pilot.press("enter")
            stats = str(app.screen.query_one(StatsPanel).render())
            if flip:
                assert "Cohen's kappa with" in stats and "alice:" in stats
                target = tmp_path / "labels.jsonl"
                await pilot.press("e")
                assert isinstance(app.screen, PathPrompt)
                prompt = app.screen.query_one(Input)
                prompt.value = str(target)
                await pilot.press("enter")
                await settle(pilot)
        context.close()
    lines = [json.loads(line) for line in target.read_text().splitlines()]
    assert len(lines) == 4
    assert all({j["annotator"] for j in line["judgements"]} == {"alice", "bob"} for line in lines)
