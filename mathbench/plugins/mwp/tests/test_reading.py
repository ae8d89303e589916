"""The Math23K, SVAMP and ASDiv readers on small hand-written files in each set's own format:
texts, golden answers as written, annotations, and malformed records."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from mathbench.errors import MathbenchError
from mathbench.plugins.mwp.reading import read_asdiv, read_math23k, read_svamp

# -- Math23K: pretty-printed objects one after another ------------------------------------------


def _math23k_record(problem_id: str = "35", ans: str = "880", **change: str) -> dict[str, str]:
    return {
        "id": problem_id,
        "original_text": "每两棵柳树之间的间隔是20米，周长=多少米？",
        "segmented_text": "每 两棵 柳树 之间 的 间隔 是 20 米",
        "equation": "x=44*20",
        "ans": ans,
    } | change


def _write_math23k(path: Path, records: list[Any]) -> Path:
    """Objects as Math23K writes them: indented over several lines, one after another."""
    path.write_text("".join(json.dumps(r, ensure_ascii=False, indent=4) + "\n" for r in records))
    return path


def test_math23k_objects_one_after_another_become_problems(tmp_path: Path) -> None:
    path = _write_math23k(
        tmp_path / "math23k_test.json",
        [
            _math23k_record("35", "((2)/(3))"),
            _math23k_record("65", "5((7)/(10))", original_text=" 买文具用去多少元？ "),
            _math23k_record("118", "25%"),
        ],
    )

    first, second, third = read_math23k(path)

    assert (first.id, first.golden, first.split) == ("35", "((2)/(3))", "test")
    assert first.text == "每两棵柳树之间的间隔是20米，周长=多少米？"
    assert first.annotations == {"equation": "x=44*20"}
    assert (second.id, second.text, second.golden) == ("65", "买文具用去多少元？", "5((7)/(10))")
    assert (third.id, third.golden) == ("118", "25%")


def test_math23k_also_reads_one_object_per_line(tmp_path: Path) -> None:
    path = tmp_path / "math23k_test.json"
    path.write_text("".join(json.dumps(_math23k_record(str(i))) + "\n" for i in range(3)))

    assert [p.id for p in read_math23k(path)] == ["0", "1", "2"]


def test_math23k_broken_object_is_named_by_record_and_line(tmp_path: Path) -> None:
    path = _write_math23k(tmp_path / "math23k_test.json", [_math23k_record()])
    with path.open("a") as out:
        out.write('{\n    "id": "36",\n    "ans": 12\n')  # cut short: no closing brace

    with pytest.raises(MathbenchError, match=re.escape(f"{path}, record 2 (line 8): not valid")):
        read_math23k(path)


@pytest.mark.parametrize(
    ("second", "expected"),
    [
        (_math23k_record("35"), "field 'id' repeats '35' from record 1 (line 1)"),
        (_math23k_record("36", ans=""), "field 'ans' must be a non-empty string"),
        (_math23k_record() | {"id": 36}, "field 'id' must be a non-empty string, got 36"),
        ({"id": "36"}, "field 'original_text' is missing"),
    ],
)
def test_math23k_malformed_record_names_file_record_and_field(
    tmp_path: Path, second: dict[str, Any], expected: str
) -> None:
    path = _write_math23k(tmp_path / "math23k_test.json", [_math23k_record("35"), second])

    with pytest.raises(MathbenchError, match=re.escape(f"{path}, record 2 (line 8): {expected}")):
        read_math23k(path)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "is empty"),
        (b"  \n\n", "is empty"),
        (b'["35"]', "record 1 (line 1): expected a JSON object"),
        (b'{"id": "\xff"}', "not UTF-8 text"),
    ],
)
def test_math23k_file_of_another_shape_is_named(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "math23k_test.json"
    path.write_bytes(content)

    with pytest.raises(MathbenchError, match=re.escape(expected)):
        read_math23k(path)


# -- SVAMP: one JSON array -----------------------------------------------------------------------


def _svamp_record(problem_id: str = "chal-1", answer: Any = 51.0, **change: Any) -> dict[str, Any]:
    return {
        "ID": problem_id,
        "Body": "Each pack of dvds costs 76 dollars. If there is a discount of 25 dollars",
        "Question": "How much do you have to pay?",
        "Equation": "( 76.0 - 25.0 )",
        "Answer": answer,
        "Type": "Subtraction",
    } | change


def _write_svamp(path: Path, records: list[Any]) -> Path:
    path.write_text(json.dumps(records, indent=4))
    return path


def test_svamp_ends_the_body_as_a_sentence_and_writes_whole_answers_without_point(
    tmp_path: Path,
) -> None:
    path = _write_svamp(
        tmp_path / "SVAMP.json",
        [
            _svamp_record("chal-1", 51.0),
            _svamp_record("chal-2", 2.5, Body=" Dan had $ 3 left! ", Question=" How much? "),
            _svamp_record("chal-3", 7, Type="Common-Divison"),
        ],
    )

    first, second, third = read_svamp(path)

    assert (first.id, first.golden, first.split) == ("chal-1", "51", "test")
    assert first.text == (
        "Each pack of dvds costs 76 dollars. If there is a discount of 25 dollars. "
        "How much do you have to pay?"
    )
    assert first.annotations == {"type": "Subtraction", "equation": "( 76.0 - 25.0 )"}
    assert (second.text, second.golden) == ("Dan had $ 3 left! How much?", "2.5")
    assert (third.golden, third.annotations["type"]) == ("7", "Common-Division")


@pytest.mark.parametrize(
    ("second", "expected"),
    [
        (_svamp_record("chal-1"), "field 'ID' repeats 'chal-1' from record 1"),
        (_svamp_record("chal-2", "51"), "field 'Answer' must be a finite number, got '51'"),
        (_svamp_record("chal-2", True), "field 'Answer' must be a finite number, got True"),
        (_svamp_record("chal-2", float("nan")), "field 'Answer' must be a finite number, got nan"),
        (_svamp_record("chal-2", Question=""), "field 'Question' must be a non-empty string"),
        (_svamp_record("chal-2", None), "field 'Answer' must be a finite number, got None"),
        (
            {"ID": "chal-2", "Body": "B", "Question": "Q?", "Type": "Addition"},
            "field 'Answer' is missing",
        ),
    ],
)
def test_svamp_malformed_record_names_file_record_and_field(
    tmp_path: Path, second: dict[str, Any], expected: str
) -> None:
    path = _write_svamp(tmp_path / "SVAMP.json", [_svamp_record("chal-1"), second])

    with pytest.raises(MathbenchError, match=re.escape(f"{path}, record 2: {expected}")):
        read_svamp(path)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("[]", "expected a non-empty JSON array of objects"),
        ('{"ID": "chal-1"}', "expected a non-empty JSON array of objects"),
        ('[{"ID": "chal-1"', "not a valid UTF-8 JSON file"),
        ('[["chal-1"]]', "record 1: expected a JSON object"),
    ],
)
def test_svamp_file_of_another_shape_is_named(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "SVAMP.json"
    path.write_text(content)

    with pytest.raises(MathbenchError, match=re.escape(expected)):
        read_svamp(path)


# -- ASDiv: XML ----------------------------------------------------------------------------------


def _asdiv_problem(
    problem_id: str = "nluds-0001",
    answer: str = "9 (apples)",
    grade: str = "1",
    body: str = "Seven red apples and two green apples are in the basket.",
    question: str = "How many apples are in the basket?",
    solution_type: str = "Addition",
) -> str:
    return (
        f'<Problem ID="{problem_id}" Grade="{grade}" Source="http://www.k5learning.com">\n'
        f"<Body>{body}</Body>\n<Question>{question}</Question>\n"
        f"<Solution-Type>{solution_type}</Solution-Type>\n<Answer>{answer}</Answer>\n"
        "<Formula>7+2=9</Formula>\n</Problem>\n"
    )


def _write_asdiv(path: Path, problems: list[str]) -> Path:
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8" ?>\n<Machine-Reading-Corpus-File>\n<ProblemSet>\n'
        + "".join(problems)
        + "</ProblemSet>\n</Machine-Reading-Corpus-File>\n"
    )
    return path


def test_asdiv_problems_keep_units_and_get_grade_and_answer_annotations(tmp_path: Path) -> None:
    path = _write_asdiv(
        tmp_path / "ASDiv.xml",
        [
            _asdiv_problem(),
            _asdiv_problem(
                "nluds-0002",
                "5 (years old); 15 (years old)",
                grade="6",
                body="Tom &amp; Ann are 20 years old together. If Ann is 10 years older, ",
                question="how old are they? ",
                solution_type="Algebra-2",
            ),
            _asdiv_problem("nluds-0003", "Mrs. Hilt", solution_type="Comparison"),
            _asdiv_problem("nluds-0004", "3:30 p.m.", solution_type="Substraction"),
            _asdiv_problem("nluds-0005", "-(1/3)"),
        ],
    )

    first, multi, name, time, fraction = read_asdiv(path)

    assert (first.id, first.golden, first.split) == ("nluds-0001", "9 (apples)", "test")
    assert first.text == (
        "Seven red apples and two green apples are in the basket. "
        "How many apples are in the basket?"
    )
    assert first.annotations == {
        "grade": 1,
        "solution_type": "Addition",
        "multi_answer": False,
        "numeric_answer": True,
        "formula": "7+2=9",
    }
    assert multi.text == (
        "Tom & Ann are 20 years old together. If Ann is 10 years older, how old are they?"
    )
    assert multi.golden == "5 (years old); 15 (years old)"
    assert (multi.annotations["grade"], multi.annotations["multi_answer"]) == (6, True)
    assert multi.annotations["numeric_answer"] is True
    assert (name.golden, name.annotations["numeric_answer"]) == ("Mrs. Hilt", False)
    assert time.annotations["numeric_answer"] is False
    assert time.annotations["solution_type"] == "Subtraction"
    assert fraction.annotations["numeric_answer"] is True


@pytest.mark.parametrize(
    ("second", "expected"),
    [
        (_asdiv_problem("nluds-0001"), "field 'ID' repeats 'nluds-0001' from <Problem> 1"),
        (_asdiv_problem("nluds-0002", grade="7"), "field 'Grade' must be a grade from 1 to 6"),
        (_asdiv_problem("nluds-0002", grade="K"), "field 'Grade' must be a grade from 1 to 6"),
        (_asdiv_problem("nluds-0002", answer=""), "field 'Answer' must be a non-empty string"),
        ('<Problem ID="nluds-0002" Grade="2"><Body>B</Body></Problem>', "'Answer' is missing"),
    ],
)
def test_asdiv_malformed_problem_names_file_problem_and_field(
    tmp_path: Path, second: str, expected: str
) -> None:
    path = _write_asdiv(tmp_path / "ASDiv.xml", [_asdiv_problem(), second])

    with pytest.raises(MathbenchError, match=re.escape(f"{path}, <Problem> 2: ")) as raised:
        read_asdiv(path)

    assert expected in str(raised.value)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("<Machine-Reading-Corpus-File><ProblemSet>", "not well-formed XML"),
        (
            "<Machine-Reading-Corpus-File><ProblemSet/></Machine-Reading-Corpus-File>",
            "no <Problem>",
        ),
        ("<Problem ID='nluds-0001'/>", "no <Problem> under <ProblemSet>"),
    ],
)
def test_asdiv_file_of_another_shape_is_named(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "ASDiv.xml"
    path.write_text(content)

    with pytest.raises(MathbenchError, match=re.escape(expected)):
        read_asdiv(path)
