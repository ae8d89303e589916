"""``mathbench.datafiles.Record`` and ``read_jsonl``: what a benchmark's reader builds on, and the
one-sentence errors that name the file, the record and the field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mathbench.datafiles import Record, read_jsonl
from mathbench.errors import MathbenchError


def _record(**fields: object) -> Record:
    return Record(Path("data/asdiv.xml"), "<Problem> 7", fields)


def test_read_jsonl_yields_each_object_placed_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "test.jsonl"
    path.write_text('{"question": "一加一?", "golden": "2"}\n{"question": " Why? "}\n', "utf-8")

    first, second = read_jsonl(path)

    assert (first.path, first.place, first.fields) == (
        path,
        "line 1",
        {"question": "一加一?", "golden": "2"},
    )
    assert (second.place, second.string("question")) == ("line 2", " Why? ")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'{"a": 1}\n{oops\n', "line 2: not a valid UTF-8 JSON line"),
        (b'{"a": 1}\n\n', "line 2: not a valid UTF-8 JSON line"),
        (b'{"a": "\xff"}\n', "line 1: not a valid UTF-8 JSON line"),
        (b'{"a": 1}\n[1, 2]\n', "line 2: expected a JSON object per line."),
        (b"", "is empty: expected one JSON object per line."),
    ],
)
def test_read_jsonl_stops_at_what_is_not_an_object_per_line(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "test.jsonl"
    path.write_bytes(content)

    with pytest.raises(MathbenchError, match=re.escape(str(path))) as raised:
        list(read_jsonl(path))

    assert expected in str(raised.value)


def test_read_jsonl_leaves_an_empty_file_to_a_reader_that_counts_itself(tmp_path: Path) -> None:
    path = tmp_path / "test.jsonl"
    path.write_bytes(b"")

    assert list(read_jsonl(path, allow_empty=True)) == []


def test_error_names_file_place_and_field() -> None:
    error = _record().error("Grade", "must be a grade from 1 to 6, got 'K'")

    assert (
        str(error)
        == "data/asdiv.xml, <Problem> 7: field 'Grade' must be a grade from 1 to 6, got 'K'."
    )


def test_value_is_any_type_but_a_missing_field_is_an_error() -> None:
    record = _record(level=None, answer=[1])

    assert (record.value("level"), record.value("answer")) == (None, [1])
    with pytest.raises(MathbenchError, match=re.escape("<Problem> 7: field 'Body' is missing.")):
        record.value("Body")


def test_string_is_returned_exactly_as_written() -> None:
    assert _record(answer=" 40% ").string("answer") == " 40% "


@pytest.mark.parametrize(
    ("value", "expected"),
    [(18, "must be a non-empty string, got 18"), ("  ", "must be a non-empty string, got '  '")],
)
def test_string_must_have_more_than_white_space(value: object, expected: str) -> None:
    with pytest.raises(MathbenchError, match=re.escape(f"field 'answer' {expected}.")):
        _record(answer=value).string("answer")


def test_integer_in_its_range() -> None:
    record = _record(grade=6, steps=0)

    assert record.integer("grade", range(1, 7)) == 6
    assert record.integer("steps") == 0


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, "must be an integer, got True"),
        (3.0, "must be an integer, got 3.0"),
        ("3", "must be an integer, got '3'"),
        (7, "must be from 1 to 6, got 7"),
    ],
)
def test_integer_refuses_booleans_floats_text_and_values_out_of_range(
    value: object, expected: str
) -> None:
    with pytest.raises(MathbenchError, match=re.escape(f"field 'grade' {expected}.")):
        _record(grade=value).integer("grade", range(1, 7))
