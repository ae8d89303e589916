"""The judgement log's later words: unsure, undo (a retraction), adjudication, top-ups, and
files written before them opening and migrating."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from mathbench._human_judgements import checker_agreement, consensus_agreement
from mathbench.plugins.tui.tests.test_annotations import item, stored_sample
from mathbench.results.annotations import MIGRATIONS, AnnotationStore, SampleSpec, _item_row


def test_unsure_is_judged_but_never_a_label(tmp_path: Path) -> None:
    with AnnotationStore(tmp_path / "a.sqlite") as store:
        sample_id = stored_sample(store)
        judged = store.judge(sample_id, 0, "ana", None, "cannot read the response")
        assert judged.unsure and judged.verdict == "unsure"
        store.judge(sample_id, 1, "ana", False)
        current = store.judgements(sample_id)["ana"]
        assert current[0].unsure and not current[1].unsure
        assert store.human_labels("ana") == {("key", "dev-0001", 0): False}


def test_undo_appends_a_retraction_and_restores_the_earlier_word(tmp_path: Path) -> None:
    with AnnotationStore(tmp_path / "a.sqlite") as store:
        sample_id = stored_sample(store)
        store.judge(sample_id, 0, "ana", True)
        store.judge(sample_id, 1, "ana", True)
        store.judge(sample_id, 1, "ana", False, "changed my mind")
        store.judge(sample_id, 1, "ben", True)
        undone = store.undo(sample_id, "ana")
        assert undone is not None and undone.position == 1 and undone.note == "changed my mind"
        assert store.judgements(sample_id)["ana"][1].human_correct is True
        assert store.undo(sample_id, "ana") is not None  # item 1's first word
        assert set(store.judgements(sample_id)["ana"]) == {0}
        assert store.judgements(sample_id)["ben"][1].human_correct is True  # not ben's
        assert store.undo(sample_id, "ana") is not None
        assert store.undo(sample_id, "ana") is None
        assert "ana" not in store.judgements(sample_id)
        assert store._rows("SELECT count(*) FROM judgements") == [(7,)]


def test_disagreements_are_adjudicated_and_attributed(tmp_path: Path) -> None:
    with AnnotationStore(tmp_path / "a.sqlite") as store:
        sample_id = stored_sample(store)
        store.judge(sample_id, 0, "ana", True)
        store.judge(sample_id, 0, "ben", False)
        store.judge(sample_id, 1, "ana", True)
        store.judge(sample_id, 1, "ben", True)
        store.judge(sample_id, 2, "ana", None)
        store.judge(sample_id, 2, "ben", True)
        assert store.disagreements(sample_id) == [0, 2]
        store.adjudicate(sample_id, 0, "cleo", False, "the unit is missing")
        store.adjudicate(sample_id, 0, "dan", True)
        resolved = store.adjudications(sample_id)
        assert list(resolved) == [0] and resolved[0].adjudicator == "dan"
        assert resolved[0].human_correct is True


def test_a_short_sample_is_topped_up_once(tmp_path: Path) -> None:
    with AnnotationStore(tmp_path / "a.sqlite") as store:
        spec = SampleSpec("run1", "cmath", size=5, seed=1)
        info = store.save_sample(
            spec,
            [item(0), item(1)],
            population=2,
            results_db=Path("r"),
            created_by="ana",
            errored=1,
            pending=7,
        )
        assert info.short
        assert info.describe_shortfall().startswith(
            "2 of 5 items asked: the run had 2 scored answers (1 errored and 7 not answered yet, "
            "left out) at "
        )
        more = [item(2), item(3), item(4)]
        info = store.top_up(
            spec.sample_id, more, holding=2, population=9, errored=1, pending=0, drawn_by="ben"
        )
        assert info.items == 5 and not info.short and info.describe_shortfall() == ""
        assert [d.drawn_by for d in info.draws] == ["ana", "ben"]
        # A second top-up from a stale count is dropped: the first one stands.
        again = store.top_up(
            spec.sample_id, more, holding=2, population=9, errored=1, pending=0, drawn_by="cleo"
        )
        assert again.items == 5 and len(again.draws) == 2


def test_a_file_from_before_these_migrations_opens_and_keeps_its_judgements(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.sqlite"
    old = sqlite3.connect(path)
    old.executescript(MIGRATIONS[0][1])
    old.executescript(
        "CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT);"
        "INSERT INTO schema_migrations VALUES ('a001_initial', 'then');"
        "INSERT INTO samples VALUES ('s1', 'run1', 'cmath', 2, 0, NULL, 2, 'r', 'ana', 'then');"
    )
    old.executemany(
        "INSERT INTO sample_items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [_item_row("s1", item(0)), _item_row("s1", item(1))],
    )
    old.executemany(
        "INSERT INTO judgements (sample_id, position, annotator, human_correct, note, created_at)"
        " VALUES ('s1', ?, 'ana', ?, ?, 'then')",
        [(0, 1, ""), (1, 1, ""), (1, 0, "typed before the upgrade")],
    )
    old.commit()
    old.close()
    with AnnotationStore(path) as store:
        mine = store.judgements("s1")["ana"]
        assert mine[0].verdict == "correct" and mine[1].verdict == "incorrect"
        assert mine[1].note == "typed before the upgrade"
        assert store.undo("s1", "ana") is not None
        assert store.judgements("s1")["ana"][1].verdict == "correct"
        assert store.tag_names()[0] == "misread question"


def test_precision_and_recall_leave_unsure_apart_and_use_adjudication(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite"
    with AnnotationStore(path) as store:
        sample_id = stored_sample(store, size=4)  # the checker calls every item correct
        said: list[tuple[bool | None, bool]] = [
            (True, True),
            (True, False),
            (None, True),
            (False, False),
        ]
        for position, (first, second) in enumerate(said):
            store.judge(sample_id, position, "ana", first)
            store.judge(sample_id, position, "ben", second)
        store.adjudicate(sample_id, 1, "cleo", True)
    ana, ben = checker_agreement(path, "run1", "cmath")
    assert (ana.judged, ana.unsure, ana.true_positive, ana.false_positive) == (3, 1, 2, 1)
    assert (ben.judged, ben.unsure) == (4, 0)
    consensus = consensus_agreement(path, "run1", "cmath")
    assert consensus is not None
    # item 0 agreed, item 1 adjudicated correct, item 2 ana unsure / ben correct, item 3 agreed
    assert (consensus.true_positive, consensus.false_positive) == (3, 1)
    assert consensus.unresolved == 0 and consensus.adjudicated == 1
