"""Failure tags and notes on results items: an editable set of names, an append-only log."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from mathbench import MathbenchError
from mathbench.results.annotations import DEFAULT_TAGS, AnnotationStore


def test_a_new_file_offers_the_default_tags_and_takes_new_ones(tmp_path: Path) -> None:
    with AnnotationStore(tmp_path / "a.sqlite") as store:
        assert store.tag_names() == list(DEFAULT_TAGS)
        assert store.add_tag_name("  wrong   language ", "ana")[-1] == "wrong language"
        assert store.add_tag_name("wrong language", "ben").count("wrong language") == 1
        assert "unit error" not in store.remove_tag_name("unit error", "ana")
        with pytest.raises(MathbenchError, match="needs a name"):
            store.add_tag_name("  ", "ana")
    with AnnotationStore(tmp_path / "a.sqlite") as again:
        assert again.tag_names()[-1] == "wrong language"
        assert "unit error" not in again.tag_names()


def test_tags_are_counted_per_run_and_untagging_appends(tmp_path: Path) -> None:
    with AnnotationStore(tmp_path / "a.sqlite") as store:
        store.tag_item("run1", "p1", "arithmetic slip", "ana")
        store.tag_item("run1", "p1", "arithmetic slip", "ben")
        store.tag_item("run1", "p1", "incomplete", "ana")
        store.tag_item("run1", "p2", "arithmetic slip", "ana")
        store.tag_item("run2", "p1", "unit error", "ana")
        assert store.tags_for("run1", "p1") == ["arithmetic slip", "incomplete"]
        assert store.tags_for("run1", "p1", annotator="ben") == ["arithmetic slip"]
        assert store.tag_counts("run1") == {"arithmetic slip": 2, "incomplete": 1}
        assert store.tagged("run1", "arithmetic slip") == {("p1", 0), ("p2", 0)}

        store.untag_item("run1", "p1", "incomplete", "ana")
        store.untag_item("run1", "p2", "arithmetic slip", "ana")
        assert store.tags_for("run1", "p1") == ["arithmetic slip"]
        assert store.tag_counts("run1") == {"arithmetic slip": 1}
        store.tag_item("run1", "p1", "incomplete", "ana")  # re-tagging after removal works
        assert store.tags_for("run1", "p1") == ["arithmetic slip", "incomplete"]
    log = sqlite3.connect(tmp_path / "a.sqlite").execute("SELECT count(*) FROM item_tags")
    assert log.fetchone() == (8,)  # every add and removal is kept


def test_notes_on_any_item_keep_every_version(tmp_path: Path) -> None:
    with AnnotationStore(tmp_path / "a.sqlite") as store:
        store.note_item("run1", "p1", "reads 3 as 8", "ana")
        store.note_item("run1", "p1", "reads the 3 in line 2 as 8", "ana")
        store.note_item("run1", "p1", "fine", "ben")
        notes = store.notes_for("run1", "p1")
        assert [(n.annotator, n.note) for n in notes] == [
            ("ana", "reads the 3 in line 2 as 8"),
            ("ben", "fine"),
        ]
        store.note_item("run1", "p1", "", "ben")
        assert [n.annotator for n in store.notes_for("run1", "p1")] == ["ana"]
    log = sqlite3.connect(tmp_path / "a.sqlite").execute("SELECT count(*) FROM item_notes")
    assert log.fetchone() == (4,)
