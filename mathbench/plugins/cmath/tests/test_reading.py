"""The CMATH readers on small hand-written files: ids, fields, annotations, and malformed lines."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from mathbench.errors import MathbenchError
from mathbench.plugins.cmath.reading import read_dev, read_distractor, read_test


def _write(path: Path, records: list[Any]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def _graded(text_field: str, text: str, golden: str = "9", grade: int = 1) -> dict[str, Any]:
    return {
        "grade": grade,
        text_field: text,
        "golden": golden,
        "reasoning_step": 2,
        "num_digits": 3,
    }


def _distractor_rows(originals: int) -> list[dict[str, Any]]:
    rows = []
    for number in range(originals):
        original = f"原题{number}小明有{number}个苹果 又买了2个 现在有几个?"
        for count in range(6):
            text = original if count == 0 else f"{'无关的事实 ' * count}{original}"
            rows.append(
                {
                    "input": text,
                    "original": original,
                    "golden": str(number + 2),
                    "distractor": count,
                }
            )
    return rows


def test_dev_lines_become_problems_with_stable_ids(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "dev.jsonl",
        [_graded("input", "芳芳看了90页?", "9"), _graded("input", "第二题?", "1/5", grade=6)],
    )

    first, second = read_dev(path)

    assert (first.id, first.text, first.golden, first.split) == (
        "dev-0000",
        "芳芳看了90页?",
        "9",
        "dev",
    )
    assert first.annotations == {"grade": 1, "reasoning_step": 2, "num_digits": 3}
    assert (second.id, second.golden, second.annotations["grade"]) == ("dev-0001", "1/5", 6)


def test_test_text_is_stripped_but_golden_kept_as_written(tmp_path: Path) -> None:
    path = _write(tmp_path / "test.jsonl", [_graded("question", " 至少有几个面? ", golden="40%")])

    (problem,) = read_test(path)

    assert (problem.id, problem.text, problem.golden) == ("test-0000", "至少有几个面?", "40%")
    assert problem.split == "test"


def test_dev_file_read_as_test_names_the_missing_field(tmp_path: Path) -> None:
    path = _write(tmp_path / "dev.jsonl", [_graded("input", "一题?")])

    with pytest.raises(MathbenchError, match=r"line 1: field 'question' is missing"):
        read_test(path)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"grade": "3"}, "field 'grade' must be an integer, got '3'"),
        ({"grade": True}, "field 'grade' must be an integer, got True"),
        ({"grade": 7}, "field 'grade' must be from 1 to 6, got 7"),
        ({"reasoning_step": 0}, "field 'reasoning_step' must be a positive integer, got 0"),
        ({"num_digits": None}, "field 'num_digits' must be an integer, got None"),
        ({"golden": 18}, "field 'golden' must be a non-empty string, got 18"),
        ({"golden": " "}, "field 'golden' must be a non-empty string"),
        ({"input": "  "}, "field 'input' must be a non-empty string"),
    ],
)
def test_malformed_field_names_file_line_and_field(
    tmp_path: Path, change: dict[str, Any], expected: str
) -> None:
    path = _write(
        tmp_path / "dev.jsonl", [_graded("input", "好题?"), _graded("input", "坏题?") | change]
    )

    with pytest.raises(MathbenchError) as raised:
        read_dev(path)

    assert str(raised.value).startswith(f"{path}, line 2: ")
    assert expected in str(raised.value)


@pytest.mark.parametrize(
    ("second_line", "expected"),
    [
        (b"{not json}\n", "line 2: not a valid UTF-8 JSON line"),
        (b"\n", "line 2: not a valid UTF-8 JSON line"),
        (b'"\xff"\n', "line 2: not a valid UTF-8 JSON line"),
        (b"[1, 2]\n", "line 2: expected a JSON object per line"),
    ],
)
def test_line_that_is_not_a_json_object_is_named(
    tmp_path: Path, second_line: bytes, expected: str
) -> None:
    path = tmp_path / "dev.jsonl"
    good = json.dumps(_graded("input", "好题?"), ensure_ascii=False).encode() + b"\n"
    path.write_bytes(good + second_line)

    with pytest.raises(MathbenchError, match=re.escape(f"{path}, {expected}")):
        read_dev(path)


def test_distractor_rows_get_ids_grades_and_original_ids(tmp_path: Path) -> None:
    rows = _distractor_rows(12)
    path = _write(tmp_path / "distractor.jsonl", rows)

    problems = read_distractor(path, {})

    assert [p.id for p in problems[:7]] == [*(f"d000-{k}" for k in range(6)), "d001-0"]
    assert [p.text for p in problems] == [row["input"] for row in rows]
    last = problems[-1]
    assert last.id == "d011-5"
    assert last.annotations == {"distractor": 5, "grade": 2, "original_id": "d011-0"}
    assert [p.annotations["grade"] for p in problems] == [1] * 60 + [2] * 12
    assert {p.split for p in problems} == {"test"}
    assert problems[8].golden == "3"


def test_distractor_source_id_is_set_where_the_original_is_a_known_problem(tmp_path: Path) -> None:
    rows = _distractor_rows(2)
    path = _write(tmp_path / "distractor.jsonl", rows)

    problems = read_distractor(path, {rows[6]["original"]: "test-0318"})

    assert all("source_id" not in p.annotations for p in problems[:6])
    assert {p.annotations["source_id"] for p in problems[6:]} == {"test-0318"}


def test_distractor_out_of_order_is_an_error(tmp_path: Path) -> None:
    rows = _distractor_rows(1)
    rows[2]["distractor"], rows[3]["distractor"] = 3, 2
    path = _write(tmp_path / "distractor.jsonl", rows)

    with pytest.raises(MathbenchError, match=r"line 3: field 'distractor' must be 2 .*got 3"):
        read_distractor(path, {})


def test_distractor_block_with_two_originals_is_an_error(tmp_path: Path) -> None:
    rows = _distractor_rows(1)
    rows[4]["original"] = "另一道题?"
    path = _write(tmp_path / "distractor.jsonl", rows)

    with pytest.raises(MathbenchError, match=r"line 5: field 'original' differs from line 1"):
        read_distractor(path, {})


def test_distractor_file_ending_inside_a_block_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path / "distractor.jsonl", _distractor_rows(2)[:9])

    with pytest.raises(MathbenchError, match="9 rows, not a multiple of 6"):
        read_distractor(path, {})


def test_distractor_file_longer_than_six_grades_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path / "distractor.jsonl", _distractor_rows(61))

    with pytest.raises(MathbenchError, match="line 361: the distractor file ends after 360 rows"):
        read_distractor(path, {})
