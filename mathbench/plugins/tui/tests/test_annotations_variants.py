"""Authored variants keep every version, and deleting one withdraws it without erasing it."""

from __future__ import annotations

from pathlib import Path

from mathbench.results.annotations import AnnotationStore, Variant


def save(store: AnnotationStore, text: str, variant_id: int | None = None) -> Variant:
    return store.save_variant(
        benchmark="cmath",
        original_id="p1",
        original="小明有9个苹果，还剩几个？",
        golden="9",
        annotations={"grade": 1},
        text=text,
        numbers_added=[1],
        golden_confirmed=True,
        author="ana",
        variant_id=variant_id,
    )


def test_edits_append_versions_and_deletions_withdraw(tmp_path: Path) -> None:
    with AnnotationStore(tmp_path / "a.sqlite") as store:
        first = save(store, "小明有9个苹果，妈妈有3个梨，还剩几个？")
        edited = save(store, "小明有9个苹果，妈妈有4个梨，还剩几个？", first.variant_id)
        other = save(store, "小明有9个苹果，路上花了1元，还剩几个？")
        assert edited.variant_id == first.variant_id and edited.created_at == first.created_at
        assert [v.text for v in store.variant_history(first.variant_id)] == [
            "小明有9个苹果，妈妈有3个梨，还剩几个？",
            "小明有9个苹果，妈妈有4个梨，还剩几个？",
        ]
        assert [v.text for v in store.variants()] == [edited.text, other.text]
        store.delete_variant(first.variant_id, "ben")
        assert [v.variant_id for v in store.variants()] == [other.variant_id]
        assert store.variant(first.variant_id) is None
        assert len(store.variant_history(first.variant_id)) == 2
        out = tmp_path / "variants.jsonl"
        assert store.export_variants(out) == 2  # the original's row and the one left
