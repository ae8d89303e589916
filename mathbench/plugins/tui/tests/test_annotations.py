"""The annotations file: samples, the judgement log, variants, exports, and several writers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mathbench import Candidate, MathbenchError
from mathbench.results.annotations import AnnotationStore, SampleItem, SampleSpec, Variant


def item(position: int, *, checker_correct: bool = True) -> SampleItem:
    return SampleItem(
        position=position,
        generation_key="key",
        benchmark="cmath",
        problem_id=f"dev-{position:04d}",
        sample_index=0,
        text=f"问题{position}",
        golden="7",
        response="答：7",
        annotations={"grade": 1},
        checker_correct=checker_correct,
        checker_outcome="correct" if checker_correct else "wrong",
        candidates=(Candidate("7", 2, 3, "7", checker_correct),),
        reason="7 matches",
    )


def stored_sample(store: AnnotationStore, size: int = 3) -> str:
    spec = SampleSpec("run1", "cmath", size=size, seed=1)
    store.save_sample(
        spec, [item(i) for i in range(size)], population=9, results_db=Path("r"), created_by="a"
    )
    return spec.sample_id


def test_a_sample_is_stored_once_and_read_back(tmp_path: Path) -> None:
    with AnnotationStore(tmp_path / "a.sqlite") as store:
        sample_id = stored_sample(store)
        # The same spec again (a second annotator drawing it) keeps the stored items.
        spec = SampleSpec("run1", "cmath", size=3, seed=1)
        again = store.save_sample(
            spec, [item(9)], population=1, results_db=Path("x"), created_by="b"
        )
        assert again.sample_id == sample_id and again.items == 3 and again.created_by == "a"
        assert [i.problem_id for i in store.items(sample_id)] == [
            "dev-0000",
            "dev-0001",
            "dev-0002",
        ]
        assert store.items(sample_id)[0].candidates == (Candidate("7", 2, 3, "7", True),)
        assert [s.sample_id for s in store.samples("run1")] == [sample_id]
        assert store.samples("other") == []


def test_judgements_are_a_log_whose_latest_word_counts(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite"
    with AnnotationStore(path) as store:
        sample_id = stored_sample(store)
        store.judge(sample_id, 0, "alice", True)
        store.judge(sample_id, 0, "alice", False, "the unit is wrong")
        store.judge(sample_id, 1, "bob", True)
    # A new connection (the reviewer reopened) sees everything: each judgement was committed.
    with AnnotationStore(path) as store:
        current = store.judgements(sample_id)
        assert current["alice"][0].human_correct is False
        assert current["alice"][0].note == "the unit is wrong"
        assert set(current) == {"alice", "bob"}
        assert store.human_labels("alice") == {("key", "dev-0000", 0): False}
        log = store._rows("SELECT count(*) FROM judgements")
        assert log == [(3,)]


def test_export_sample_writes_one_line_per_item_with_every_judgement(tmp_path: Path) -> None:
    with AnnotationStore(tmp_path / "a.sqlite") as store:
        sample_id = stored_sample(store)
        store.judge(sample_id, 0, "alice", True)
        store.judge(sample_id, 0, "bob", False, "no unit")
        out = tmp_path / "out" / "labels.jsonl"
        assert store.export_sample(sample_id, out) == 3
        with pytest.raises(MathbenchError):
            store.export_sample("nope", out)
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert lines[0]["judgements"] == [
        {
            "annotator": "alice",
            "correct": True,
            "verdict": "correct",
            "note": "",
            "at": lines[0]["judgements"][0]["at"],
        },
        {
            "annotator": "bob",
            "correct": False,
            "verdict": "incorrect",
            "note": "no unit",
            "at": lines[0]["judgements"][1]["at"],
        },
    ]
    assert lines[0]["checker_correct"] is True and lines[0]["response"] == "答：7"
    assert lines[1]["judgements"] == []


def test_variants_are_saved_updated_and_exported_in_the_cmath_format(tmp_path: Path) -> None:
    original = "李奶奶养了3只公鸡，15只母鸡。一共有多少只鸡？"
    with AnnotationStore(tmp_path / "a.sqlite") as store:

        def save(added: str, numbers: tuple[int, ...], variant_id: int | None = None) -> Variant:
            return store.save_variant(
                benchmark="cmath",
                original_id="dev-0042",
                original=original,
                golden="18",
                annotations={"grade": 1},
                text=original.replace("。", f"。{added}", 1),
                numbers_added=numbers,
                golden_confirmed=True,
                author="alice",
                variant_id=variant_id,
            )

        two = save("张爷爷养了10头猪，2只羊。", (1, 1))
        one = save("张爷爷养了10头猪。", (1,))
        edited = save("张爷爷养了9头猪。", (1,), one.variant_id)
        assert edited.variant_id == one.variant_id and edited.created_at == one.created_at
        assert [v.distractors for v in store.variants(original)] == [2, 1]
        out = tmp_path / "distractor.jsonl"
        assert store.export_variants(out) == 3
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [row["distractor"] for row in rows] == [0, 1, 2]
    assert rows[0] == {"input": original, "original": original, "golden": "18", "distractor": 0}
    assert "9头猪" in rows[1]["input"] and rows[2]["input"] == two.text
    assert set(rows[1]) == {"input", "original", "golden", "distractor"}


def test_a_newer_file_is_refused_with_a_sentence(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite"
    with AnnotationStore(path) as store:
        store._db.execute("INSERT INTO schema_migrations VALUES ('z999_future', 'now')")
    with pytest.raises(MathbenchError, match="newer mathbench"):
        AnnotationStore(path)


WRITER = """
import sys
from pathlib import Path
from mathbench.results.annotations import AnnotationStore
store = AnnotationStore(Path(sys.argv[1]))
for position in range(int(sys.argv[3])):
    store.judge(sys.argv[4], position % 3, sys.argv[2], position % 2 == 0, str(position))
store.close()
"""


def test_several_annotators_write_at_once_and_nothing_is_lost(tmp_path: Path) -> None:
    """Three processes judging into one file at the same time (WAL, BEGIN IMMEDIATE): every
    judgement is in the log afterwards."""
    path = tmp_path / "a.sqlite"
    with AnnotationStore(path) as store:
        sample_id = stored_sample(store)
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), name, "60", sample_id])
        for name in ("alice", "bob", "carol")
    ]
    assert [writer.wait(timeout=60) for writer in writers] == [0, 0, 0]
    with AnnotationStore(path) as store:
        assert store._rows("SELECT annotator, count(*) FROM judgements GROUP BY 1 ORDER BY 1") == [
            ("alice", 60),
            ("bob", 60),
            ("carol", 60),
        ]
        assert set(store.judgements(sample_id)) == {"alice", "bob", "carol"}
