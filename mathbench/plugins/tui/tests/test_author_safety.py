"""Distractor authoring an annotator can trust: an edit clears the confirmation, variants can be
deleted (after a yes), edits keep every version, escape asks before discarding text, and `?` and
`q` typed in the editor are text."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Checkbox, OptionList, TextArea

from mathbench.plugins.tui.app import ReviewApp
from mathbench.plugins.tui.context import ReviewContext
from mathbench.plugins.tui.screens.author import AuthorScreen
from mathbench.plugins.tui.screens.confirm import ConfirmScreen
from mathbench.plugins.tui.tests.conftest import SIZE
from mathbench.plugins.tui.tests.helpers import settle
from mathbench.results.annotations import AnnotationStore

pytestmark = pytest.mark.asyncio

VARIANT = "小明有9个苹果，吃了2个，妈妈买了3个梨，还剩几个？"


async def open_author(pilot: Pilot[None]) -> AuthorScreen:
    await settle(pilot)
    await pilot.press("a")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, AuthorScreen)
    return screen


async def test_an_edit_after_confirming_clears_the_tick(context: ReviewContext) -> None:
    app = ReviewApp(context)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_author(pilot)
        screen.editor.text = VARIANT
        await settle(pilot)
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert screen.query_one("#confirm", Checkbox).value
        # An added sentence that changes the answer: the tick must not survive it.
        screen.editor.move_cursor(screen.editor.document.end)
        await pilot.press("a")
        await settle(pilot)
        assert not screen.query_one("#confirm", Checkbox).value
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert context.annotations.variants() == []


async def test_question_mark_and_q_are_text_in_the_editor(context: ReviewContext) -> None:
    app = ReviewApp(context)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_author(pilot)
        assert app.focused is screen.editor
        screen.editor.move_cursor(screen.editor.document.end)
        await pilot.press("q", "question_mark")
        await settle(pilot)
        assert app.screen is screen and app.is_running
        assert screen.editor.text.endswith("q?")


async def test_escape_asks_before_discarding_and_edits_keep_versions(
    context: ReviewContext, annotations_path: Path
) -> None:
    app = ReviewApp(context)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_author(pilot)
        screen.editor.text = VARIANT
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, AuthorScreen) and screen.editor.text == VARIANT
        await pilot.press("ctrl+g", "ctrl+s")
        await settle(pilot)
        assert screen.editing is not None
        first_id = screen.editing.variant_id
        screen.editor.text = VARIANT.replace("3个梨", "5个梨")
        await settle(pilot)
        await pilot.press("ctrl+g", "ctrl+s")
        await settle(pilot)
        history = context.annotations.variant_history(first_id)
        assert [v.text for v in history] == [VARIANT, VARIANT.replace("3个梨", "5个梨")]
        # Saved: escape leaves without asking.
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, (ConfirmScreen, AuthorScreen))


async def test_a_variant_is_deleted_only_after_a_yes(
    context: ReviewContext, annotations_path: Path
) -> None:
    app = ReviewApp(context)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_author(pilot)
        screen.editor.text = VARIANT
        await settle(pilot)
        await pilot.press("ctrl+g", "ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert len(AnnotationStore(annotations_path).variants()) == 1
        await pilot.press("ctrl+d")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, AuthorScreen)
        assert AnnotationStore(annotations_path).variants() == []
        assert len(screen.query_one("#variants", OptionList).options) == 0
        assert screen.editor.text == screen.original.text if screen.original else False
        assert isinstance(screen.editor, TextArea)
