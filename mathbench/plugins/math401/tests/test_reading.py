"""The Math401 reader on hand-written files: groups from line order, texts, malformed lines."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from mathbench.errors import MathbenchError
from mathbench.plugins.math401.reading import GROUP_NAMES, group_of, read_math401


def _records(count: int = 401) -> list[dict[str, Any]]:
    return [{"query": f"{index}+0=", "response": str(index)} for index in range(count)]


def _write(path: Path, records: list[Any]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def test_groups_follow_line_order_euler_first_then_16_groups_of_25() -> None:
    groups = [group_of(index) for index in (0, 1, 25, 26, 50, 51, 375, 376, 400)]
    assert groups == [0, 1, 1, 2, 2, 3, 15, 16, 16]
    assert len(GROUP_NAMES) == 17


def test_problems_get_ids_groups_and_text_without_leading_spaces(tmp_path: Path) -> None:
    records = _records()
    records[0] = {"query": "e^(iπ)+1=", "response": "0"}
    records[326] = {"query": " ( 44 + 97) * 61 * 65=", "response": "559065.0000"}
    path = _write(tmp_path / "math401.json", records)

    problems = read_math401(path)

    assert len(problems) == 401
    euler = problems[0]
    assert (euler.id, euler.text, euler.golden, euler.split) == (
        "test-000",
        "e^(iπ)+1=",
        "0",
        "test",
    )
    assert euler.annotations == {"group": 0, "group_name": "Euler's identity"}
    bracketed = problems[326]
    assert (bracketed.id, bracketed.text, bracketed.golden) == (
        "test-326",
        "( 44 + 97) * 61 * 65=",
        "559065.0000",
    )
    assert bracketed.annotations == {"group": 14, "group_name": "long expressions with brackets"}
    assert problems[-1].annotations == {"group": 16, "group_name": "logarithms"}


@pytest.mark.parametrize("count", [0, 1, 400])
def test_a_file_of_another_length_is_an_error(tmp_path: Path, count: int) -> None:
    path = _write(tmp_path / "math401.json", _records(count))

    with pytest.raises(MathbenchError, match=f"has {count} problems, not 401"):
        read_math401(path)


def test_a_402nd_line_is_named(tmp_path: Path) -> None:
    path = _write(tmp_path / "math401.json", _records(402))

    with pytest.raises(
        MathbenchError, match=re.escape(f"{path}, line 402: Math401 ends after 401")
    ):
        read_math401(path)


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        ({"query": "1+1=", "response": 2}, "field 'response' must be a non-empty string, got 2"),
        ({"query": "1+1=", "response": ""}, "field 'response' must be a non-empty string"),
        ({"query": "  ", "response": "2"}, "field 'query' must be a non-empty string"),
        ({"response": "2"}, "field 'query' is missing"),
    ],
)
def test_malformed_field_names_file_line_and_field(
    tmp_path: Path, record: dict[str, Any], expected: str
) -> None:
    records = _records()
    records[9] = record
    path = _write(tmp_path / "math401.json", records)

    with pytest.raises(MathbenchError, match=re.escape(f"{path}, line 10: {expected}")):
        read_math401(path)


@pytest.mark.parametrize(
    ("bad_line", "expected"),
    [(b"{oops\n", "not a valid UTF-8 JSON line"), (b"[1]\n", "expected a JSON object per line")],
)
def test_line_that_is_not_a_json_object_is_named(
    tmp_path: Path, bad_line: bytes, expected: str
) -> None:
    path = tmp_path / "math401.json"
    path.write_bytes(b'{"query": "1+1=", "response": "2"}\n' + bad_line)

    with pytest.raises(MathbenchError, match=re.escape(f"{path}, line 2: {expected}")):
        read_math401(path)
