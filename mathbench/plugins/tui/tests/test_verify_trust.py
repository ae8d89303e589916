"""Verification an annotator can trust (issue 11, items 1 and 6 and the annotator features):
short samples say why and are topped up, unsure and undo, escape means one thing, re-judging is
undoable, notes on earlier items stay put, spans are in view before moving on, the export counts
judged items, guidelines on screen, and adjudication."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Markdown, Static

from mathbench.plugins.tui.app import ReviewApp
from mathbench.plugins.tui.context import ReviewContext
from mathbench.plugins.tui.sampling import draw_sample
from mathbench.plugins.tui.screens.adjudicate import AdjudicateScreen
from mathbench.plugins.tui.screens.guidelines import GuidelinesScreen
from mathbench.plugins.tui.screens.prompt import PathPrompt
from mathbench.plugins.tui.screens.verify import VerifyScreen
from mathbench.plugins.tui.state import GUIDELINES_ENV
from mathbench.plugins.tui.tests.conftest import RUN_IDS, SIZE
from mathbench.plugins.tui.tests.helpers import settle
from mathbench.plugins.tui.tests.test_verify_screen import open_sample, text
from mathbench.results.annotations import AnnotationStore, SampleSpec

pytestmark = pytest.mark.asyncio


def alpha_app(results_db: Path, annotations_path: Path, annotator: str = "alice") -> ReviewApp:
    context = ReviewContext.open(results_db, annotations_path, annotator=annotator)
    context.selected = [RUN_IDS["alpha"]]
    return ReviewApp(context)


def notices(app: ReviewApp) -> str:
    return " | ".join(str(n.message) for n in app._notifications)


async def wait_for(pilot: Pilot[None], condition: object, tries: int = 200) -> None:
    for _ in range(tries):
        if callable(condition) and condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("condition not met")


async def test_a_short_sample_says_why_and_is_topped_up(
    results_db: Path, annotations_path: Path
) -> None:
    app = alpha_app(results_db, annotations_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_sample(pilot, size="10")
        assert len(screen.items) == 7  # alpha: 7 scored, 1 errored, 1 pending
        status = text(app, "#sample-status")
        assert "7 of 10 items asked: the run had 7 scored answers" in status
        assert "1 errored and 1 not answered yet, left out" in status
        assert "t tops it up" in status
    app.context.close()
    # A sample drawn while the run had answered only three problems, topped up later with `t`.
    context = app.context = ReviewContext.open(results_db, annotations_path, annotator="alice")
    run = context.run(RUN_IDS["alpha"])
    spec = SampleSpec(run.run_id, run.checker, size=5, seed=9)
    early = draw_sample(spec, run, context.source.population(run)[:3])
    context.annotations.save_sample(
        spec, early, population=3, results_db=results_db, created_by="ana", pending=5
    )
    app = ReviewApp(context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = VerifyScreen(context, spec.sample_id)
        await app.push_screen(screen)
        await settle(pilot)
        assert "3 of 5 items asked" in text(app, "#sample-status")
        await pilot.press("t")
        await wait_for(pilot, lambda: len(screen.items) == 5)
        await settle(pilot)
        assert screen.items[:3] == early
        assert not app.screen.query_one("#sample-status", Static).display
    context.close()


async def test_unsure_counts_apart_and_backspace_undoes(
    results_db: Path, annotations_path: Path
) -> None:
    app = alpha_app(results_db, annotations_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_sample(pilot, size="4")
        await pilot.press("s")
        assert screen.mine[0].unsure and "unsure" in text(app, "#item-reveal")
        assert "unsure (in no ratio): 1" in str(app.screen.query_one("#stats", Static).render())
        await pilot.press("enter")
        assert screen.position == 1
        await pilot.press("backspace")
        assert screen.position == 0 and 0 not in screen.mine
        assert "Is the final answer correct?" in text(app, "#item-reveal")
        sample_id = screen.info.sample_id
    app.context.close()
    with AnnotationStore(annotations_path) as store:
        assert store._rows("SELECT verdict FROM judgements ORDER BY id") == [
            ("unsure",),
            ("retract",),
        ]
        assert store.judgements(sample_id) == {}


async def test_escape_in_the_note_does_not_leave_and_ctrl_k_skips(
    results_db: Path, annotations_path: Path
) -> None:
    app = alpha_app(results_db, annotations_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_sample(pilot, size="4")
        first = screen.items[0]
        await pilot.press("x" if first.checker_correct else "c")  # disagree: the note opens
        note = app.screen.query_one("#note", Input)
        assert app.screen.focused is note
        await pilot.press("escape", "escape")
        assert app.screen is screen and app.screen.focused is note
        shown = {key: b.binding.description for key, b in screen.active_bindings.items()}
        assert shown["ctrl+k"] == "Skip note" and shown["enter"] == "Save note"
        await pilot.press("ctrl+k")
        assert app.screen.focused is None and app.screen is screen
        await pilot.press("escape")
        assert not isinstance(app.screen, VerifyScreen)
    app.context.close()


async def test_rejudging_an_earlier_item_is_undoable_and_its_note_stays_put(
    results_db: Path, annotations_path: Path
) -> None:
    app = alpha_app(results_db, annotations_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_sample(pilot, size="4")
        for item in screen.items[:3]:
            await pilot.press("c" if item.checker_correct else "x", "enter")
        assert screen.position == 3
        await pilot.press("left", "left", "left")
        assert screen.position == 0
        first = screen.items[0]
        await pilot.press("x" if first.checker_correct else "c")  # changes an earlier judgement
        assert "Changed item 1" in notices(app) and "backspace undoes" in notices(app)
        assert screen.position == 0
        await pilot.press("ctrl+k", "backspace")  # out of the note field, then undo
        assert screen.mine[0].human_correct is first.checker_correct
        # A note on an earlier item is saved there, without jumping to the unjudged item.
        await pilot.press("n")
        for key in "ok":
            await pilot.press(key)
        await pilot.press("enter")
        assert screen.position == 0 and screen.mine[0].note == "ok"
    app.context.close()


async def test_agreeing_shows_the_spans_before_moving_on(
    results_db: Path, annotations_path: Path
) -> None:
    app = alpha_app(results_db, annotations_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_sample(pilot, size="4")
        item = next(i for i in screen.items if i.candidates)
        screen.position = item.position
        screen.show_item()
        await pilot.press("c" if item.checker_correct else "x")
        assert screen.position == item.position
        response = app.screen.query_one("#item-response", Static)
        assert response.visual.spans  # type: ignore[attr-defined]
        assert f"the checker read: “{item.candidates[0].text}”" in text(app, "#item-reveal")
    app.context.close()


async def test_export_counts_judged_and_unjudged_items(
    results_db: Path, annotations_path: Path, tmp_path: Path
) -> None:
    app = alpha_app(results_db, annotations_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_sample(pilot, size="4")
        await pilot.press("s", "enter", "s")
        await pilot.press("e")
        assert isinstance(app.screen, PathPrompt)
        app.screen.query_one(Input).value = str(tmp_path / "labels.jsonl")
        await pilot.press("enter")
        await settle(pilot)
        assert "Wrote 4 items" in notices(app)
        assert "2 judged (2 by you), 2 not judged yet" in notices(app)
        assert screen.info.items == 4
    app.context.close()


async def test_guidelines_beside_the_annotations_file_are_shown(
    results_db: Path, annotations_path: Path
) -> None:
    guidelines = annotations_path.parent / "guidelines"
    guidelines.mkdir()
    (guidelines / "cmath.md").write_text("# CMATH\n\nA bare number counts as an answer.\n")
    app = alpha_app(results_db, annotations_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_sample(pilot, size="3")
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, GuidelinesScreen)
        assert app.screen.path == guidelines / "cmath.md"
        markdown = app.screen.query_one(Markdown)
        assert "bare number" in markdown.source
        await pilot.press("g")
        assert isinstance(app.screen, VerifyScreen)
    app.context.close()


async def test_guidelines_given_on_the_command_line_win_over_the_environment(
    results_db: Path, annotations_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "team"
    elsewhere.mkdir()
    (elsewhere / "cmath.md").write_text("# From the environment\n")
    monkeypatch.setenv(GUIDELINES_ENV, str(elsewhere))
    given = tmp_path / "rules.md"
    given.write_text("# Given\n\nUnits do not matter.\n")
    context = ReviewContext.open(results_db, annotations_path, annotator="alice", guidelines=given)
    context.selected = [RUN_IDS["alpha"]]
    app = ReviewApp(context)
    async with app.run_test(size=SIZE) as pilot:
        await open_sample(pilot, size="3")
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, GuidelinesScreen) and app.screen.path == given
        assert "Units do not matter" in app.screen.query_one(Markdown).source
    context.close()


async def test_adjudication_walks_disagreements_and_records_who_resolved(
    results_db: Path, annotations_path: Path
) -> None:
    app = alpha_app(results_db, annotations_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_sample(pilot, size="3")
        sample_id = screen.info.sample_id
    app.context.close()
    with AnnotationStore(annotations_path) as store:
        for position in range(3):
            store.judge(sample_id, position, "ana", True)
            store.judge(sample_id, position, "ben", position != 1)
    app = alpha_app(results_db, annotations_path, annotator="cleo")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.push_screen(VerifyScreen(app.context, sample_id))
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        adjudicate = app.screen
        assert isinstance(adjudicate, AdjudicateScreen) and adjudicate.positions == [1]
        shown = str(adjudicate.query_one("#adjudicate-item", Static).render())
        assert "ana: correct" in shown and "ben: incorrect" in shown
        await pilot.press("x")
        await pilot.press("escape")
        assert isinstance(app.screen, VerifyScreen)
    app.context.close()
    with AnnotationStore(annotations_path) as store:
        resolved = store.adjudications(sample_id)[1]
        assert resolved.adjudicator == "cleo" and resolved.human_correct is False
