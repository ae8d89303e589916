"""The GSM8K reader on small hand-written files: golden answers, solutions, malformed lines."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from mathbench.errors import MathbenchError
from mathbench.plugins.gsm8k.reading import read_test


def _write(path: Path, records: list[Any]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def _record(answer: str, question: str = "How many eggs?") -> dict[str, str]:
    return {"question": question, "answer": answer}


def test_golden_is_the_number_after_the_mark_and_solution_loses_calculator_notes(
    tmp_path: Path,
) -> None:
    path = _write(
        tmp_path / "test.jsonl",
        [
            _record("She sells 16 - 3 = <<16-3=13>>13 eggs.\nShe makes $<<13*2=26>>26.\n#### 26"),
            _record("It costs 1,000+1,125=$<<1000+1125=2125>>2,125\n#### 2,125", " Cost?  "),
        ],
    )

    first, second = read_test(path)

    assert (first.id, first.golden, first.split) == ("test-0000", "26", "test")
    assert first.annotations == {"solution": "She sells 16 - 3 = 13 eggs.\nShe makes $26."}
    assert (second.id, second.text, second.golden) == ("test-0001", "Cost?", "2125")
    assert second.annotations["solution"] == "It costs 1,000+1,125=$2,125"


def test_the_last_mark_wins_and_negative_answers_keep_their_sign(tmp_path: Path) -> None:
    path = _write(tmp_path / "test.jsonl", [_record("Step #### 3 is a typo.\n#### -3")])

    (problem,) = read_test(path)

    assert (problem.golden, problem.annotations["solution"]) == ("-3", "Step #### 3 is a typo.")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"answer": "No mark here: 18"}, "field 'answer' must end with '#### ' and a number"),
        ({"answer": "#### eighteen"}, "field 'answer' must end with '#### ' and a number"),
        ({"answer": "#### "}, "field 'answer' must end with '#### ' and a number"),
        ({"answer": 18}, "field 'answer' must be a non-empty string, got 18"),
        ({"question": ""}, "field 'question' must be a non-empty string"),
        ({"question": None}, "field 'question' must be a non-empty string, got None"),
    ],
)
def test_malformed_field_names_file_line_and_field(
    tmp_path: Path, change: dict[str, Any], expected: str
) -> None:
    path = _write(tmp_path / "test.jsonl", [_record("#### 1"), _record("#### 2") | change])

    with pytest.raises(MathbenchError) as raised:
        read_test(path)

    assert str(raised.value).startswith(f"{path}, line 2: ")
    assert expected in str(raised.value)


def test_missing_field_is_named(tmp_path: Path) -> None:
    path = _write(tmp_path / "test.jsonl", [{"question": "Why?"}])

    expected = f"{path}, line 1: field 'answer' is missing"
    with pytest.raises(MathbenchError, match=re.escape(expected)):
        read_test(path)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'{"question": "Q", "answer": "#### 1"}\n{oops\n', "line 2: not a valid UTF-8 JSON line"),
        (b'{"question": "Q", "answer": "#### 1"}\n["a"]\n', "line 2: expected a JSON object"),
        (b"", "is empty: expected one JSON object per line"),
    ],
)
def test_file_that_is_not_json_lines_is_named(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "test.jsonl"
    path.write_bytes(content)

    with pytest.raises(MathbenchError, match=re.escape(expected)):
        read_test(path)
