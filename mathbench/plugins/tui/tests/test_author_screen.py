"""Distractor authoring with Pilot: the live check, the confirmation, saving, editing, export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, TextArea

from mathbench.plugins.tui.app import ReviewApp
from mathbench.plugins.tui.components.variant_check import VariantCheckView
from mathbench.plugins.tui.context import ReviewContext
from mathbench.plugins.tui.screens.author import AuthorScreen
from mathbench.plugins.tui.screens.prompt import PathPrompt
from mathbench.plugins.tui.tests.conftest import SIZE
from mathbench.plugins.tui.tests.helpers import settle
from mathbench.results.annotations import AnnotationStore

pytestmark = pytest.mark.asyncio

ORIGINAL = "小明有9个苹果，吃了2个，还剩几个？"


async def test_author_save_edit_and_export(
    context: ReviewContext, annotations_path: Path, tmp_path: Path
) -> None:
    app = ReviewApp(context)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")  # the first row: dev-0000
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AuthorScreen)
        editor = screen.query_one(TextArea)
        assert editor.text == ORIGINAL
        # Two numbers in one phrase: the check says so, and saving is refused.
        editor.text = "小明有9个苹果，吃了2个，妈妈买了3个梨和4个桃，还剩几个？"
        await settle(pilot)
        check = str(screen.query_one(VariantCheckView).render())
        assert "holds 2 numbers (3, 4)" in check
        await pilot.press("ctrl+s")
        assert AnnotationStore(annotations_path).variants() == []
        # One number per phrase, but the answer not confirmed yet: still refused.
        editor.text = "小明有9个苹果，吃了2个，妈妈买了3个梨，还剩几个？"
        await settle(pilot)
        assert "distractors: 1" in str(screen.query_one(VariantCheckView).render())
        await pilot.press("ctrl+s")
        assert AnnotationStore(annotations_path).variants() == []
        await pilot.press("ctrl+g", "ctrl+s")
        await settle(pilot)
        saved = AnnotationStore(annotations_path).variants()
        assert [(v.text, v.distractors, v.author) for v in saved] == [
            ("小明有9个苹果，吃了2个，妈妈买了3个梨，还剩几个？", 1, "alice")
        ]
        # A second variant, nearly the same as the first: warned, and saved once confirmed.
        await pilot.press("ctrl+n")
        editor.text = "小明有9个苹果，吃了2个，妈妈买了5个梨，还剩几个？"
        await settle(pilot)
        assert "Near-duplicate" in str(screen.query_one(VariantCheckView).render())
        await pilot.press("ctrl+g", "ctrl+s")
        await settle(pilot)
        assert len(screen.query_one(OptionList).options) == 2
        # Picking the first variant loads it for editing in place.
        variants = screen.query_one(OptionList)
        variants.focus()
        variants.highlighted = 0
        await pilot.press("enter")
        assert screen.editing is not None and screen.editing.variant_id == saved[0].variant_id
        editor.text = "小明有9个苹果，吃了2个，妈妈买了3个梨，爸爸买了6个橘子，还剩几个？"
        await settle(pilot)
        await pilot.press("ctrl+g", "ctrl+s")
        await settle(pilot)
        stored = AnnotationStore(annotations_path).variants()
        assert [v.distractors for v in stored] == [2, 1]
        # Export in the CMATH format.
        target = tmp_path / "distractor.jsonl"
        await pilot.press("ctrl+e")
        assert isinstance(app.screen, PathPrompt)
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot)
    rows = [json.loads(line) for line in target.read_text().splitlines()]
    assert [(row["distractor"], row["golden"]) for row in rows] == [(0, "7"), (1, "7"), (2, "7")]
    assert rows[0]["input"] == rows[0]["original"] == ORIGINAL
