"""The MATH readers on small hand-written files: the two files' shapes, the last \\boxed{},
levels (including "Level ?"), duplicate ids and malformed lines."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from mathbench.errors import MathbenchError
from mathbench.plugins.math.reading import last_boxed, read_math500, read_test


def _write(path: Path, records: list[Any]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def _test_record(idx: int = 0, **change: Any) -> dict[str, Any]:
    return {
        "problem": "What is $1+1$?",
        "level": "Level 1",
        "type": "Prealgebra",
        "solution": "We add: $1+1=\\boxed{2}$.",
        "idx": idx,
    } | change


def _math500_record(unique_id: str = "test/algebra/1.json", **change: Any) -> dict[str, Any]:
    return {
        "problem": "Solve $x^2=4$ for $x>0$.",
        "solution": "So $x=\\boxed{2}$.",
        "answer": "2",
        "subject": "Algebra",
        "level": 2,
        "unique_id": unique_id,
    } | change


@pytest.mark.parametrize(
    ("solution", "expected"),
    [
        ("$\\boxed{2}$", "2"),
        ("first $\\boxed{1}$, then $\\boxed{\\frac{1}{2}}$.", "\\frac{1}{2}"),
        ("$\\boxed{\\left( 3, \\frac{\\pi}{2} \\right)}$", "\\left( 3, \\frac{\\pi}{2} \\right)"),
        ("$\\boxed{\\{1, 2\\}}$", "\\{1, 2\\}"),
        ("$\\boxed{\\left\\{ x \\right.}$", "\\left\\{ x \\right."),
        ("$\\boxed{ \\frac{3}{16} }$", " \\frac{3}{16} "),
        ("$\\boxed{2}$ and $\\boxed{\\frac{1}{2}$", None),
        ("no box here: 2", None),
    ],
)
def test_last_boxed_reads_balanced_braces(solution: str, expected: str | None) -> None:
    assert last_boxed(solution) == expected


def test_test_file_gets_golden_from_the_solution_and_annotations_renamed(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "test.jsonl",
        [
            _test_record(0),
            _test_record(7, level="Level 5", type="Number Theory", problem=" Why? "),
        ],
    )

    first, second = read_test(path)

    assert (first.id, first.text, first.golden, first.split) == (
        "test-0000",
        "What is $1+1$?",
        "2",
        "test",
    )
    assert first.annotations == {
        "subject": "Prealgebra",
        "level": 1,
        "idx": 0,
        "solution": "We add: $1+1=\\boxed{2}$.",
    }
    assert (second.id, second.text) == ("test-0007", "Why?")
    assert (second.annotations["subject"], second.annotations["level"]) == ("Number Theory", 5)


def test_math500_keeps_its_answer_and_unique_id(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "math500.jsonl",
        [_math500_record(answer="\\left( 3, \\frac{\\pi}{2} \\right)", level=4)],
    )

    (problem,) = read_math500(path)

    assert (problem.id, problem.golden, problem.split) == (
        "test/algebra/1.json",
        "\\left( 3, \\frac{\\pi}{2} \\right)",
        "math500",
    )
    assert problem.annotations == {
        "subject": "Algebra",
        "level": 4,
        "unique_id": "test/algebra/1.json",
        "solution": "So $x=\\boxed{2}$.",
    }


def test_either_files_level_form_reads_in_both(tmp_path: Path) -> None:
    test = _write(tmp_path / "test.jsonl", [_test_record(level=3)])
    math500 = _write(tmp_path / "math500.jsonl", [_math500_record(level="Level 3")])

    assert read_test(test)[0].annotations["level"] == 3
    assert read_math500(math500)[0].annotations["level"] == 3


def test_unrated_level_is_kept_as_none(tmp_path: Path) -> None:
    path = _write(tmp_path / "test.jsonl", [_test_record(level="Level ?")])

    (problem,) = read_test(path)

    assert problem.annotations["level"] is None


@pytest.mark.parametrize("level", ["Level 6", "Level 0", "3", "level 3", "Hard", 0, 6, True, None])
def test_any_other_level_is_an_error(tmp_path: Path, level: object) -> None:
    path = _write(tmp_path / "test.jsonl", [_test_record(level=level)])

    with pytest.raises(MathbenchError, match=re.escape(f"got {level!r}")) as raised:
        read_test(path)

    assert str(raised.value).startswith(f"{path}, line 1: field 'level' must be 1 to 5")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"solution": "The answer is 2."}, "field 'solution' has no \\boxed{...}"),
        ({"solution": "So $\\boxed{ }$."}, "field 'solution' has no \\boxed{...}"),
        ({"idx": "1"}, "field 'idx' must be a non-negative integer, got '1'"),
        ({"idx": -1}, "field 'idx' must be a non-negative integer, got -1"),
        ({"idx": 0}, "field 'idx' repeats 0 from line 1"),
        ({"type": ""}, "field 'type' must be a non-empty string"),
        ({"problem": 5}, "field 'problem' must be a non-empty string, got 5"),
    ],
)
def test_malformed_test_line_names_file_line_and_field(
    tmp_path: Path, change: dict[str, Any], expected: str
) -> None:
    path = _write(tmp_path / "test.jsonl", [_test_record(0), _test_record(1) | change])

    with pytest.raises(MathbenchError) as raised:
        read_test(path)

    assert str(raised.value).startswith(f"{path}, line 2: ")
    assert expected in str(raised.value)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"unique_id": "test/algebra/1.json"}, "'unique_id' repeats 'test/algebra/1.json' from"),
        ({"answer": ""}, "field 'answer' must be a non-empty string"),
        ({"subject": None}, "field 'subject' must be a non-empty string, got None"),
    ],
)
def test_malformed_math500_line_names_file_line_and_field(
    tmp_path: Path, change: dict[str, Any], expected: str
) -> None:
    second = _math500_record("test/algebra/2.json") | change
    path = _write(tmp_path / "math500.jsonl", [_math500_record(), second])

    with pytest.raises(MathbenchError) as raised:
        read_math500(path)

    assert str(raised.value).startswith(f"{path}, line 2: ")
    assert expected in str(raised.value)


def test_missing_field_is_named(tmp_path: Path) -> None:
    record = _math500_record()
    del record["answer"]
    path = _write(tmp_path / "math500.jsonl", [record])

    with pytest.raises(MathbenchError, match=re.escape("line 1: field 'answer' is missing")):
        read_math500(path)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"{oops\n", "line 1: not a valid UTF-8 JSON line"),
        (b"[1]\n", "line 1: expected a JSON object per line"),
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
