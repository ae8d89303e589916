"""Reading the Math23K, SVAMP and ASDiv files into ``Problem``s.

Each set comes in its own original format, read as published rather than from a conversion, so that
the pinned bytes are the authors' own:

* Math23K ``math23k_test.json`` is neither JSON nor JSON Lines but pretty-printed objects written
  one after another; they are decoded in a loop. Golden answers stay as written (``25%``,
  ``((2)/(3))``, ``5((7)/(10))`` for 5 7/10): checkers decide how to read Math23K's brackets;
* SVAMP is one JSON array. Many bodies end without a full stop where the question starts a new
  sentence ("If there is a discount of 25 dollars on each pack" / "How much do you have to pay?"),
  so the text is the body, with a full stop added where it has none, a space, and the question:
  the form of the evaluation harness that ToRA, DeepSeek-Math and Qwen2.5-Math report with.
  ``Answer`` is a float that is always whole; the golden answer is its shortest decimal form
  (51.0 -> ``51``);
* ASDiv is XML. The text is the body, a space and the question, with nothing added: where the
  question continues the body's sentence the body ends with a comma ("If she adds 12 more pounds,"
  / "how many pounds does she have?"). Answers carry units (``9 (apples)``) and stay as written.
  90 problems have several answers separated by ``;`` (``5 (years old); 15 (years old)``): they
  are kept, marked ``multi_answer``, and their golden answer keeps every part, for the checker to
  require each of them. ``numeric_answer`` tells apart the answers that are numbers (with or
  without a unit) from those that are not: ratios and clock times (``3:4``, ``3:30 p.m.``), names
  and yes/no (``Mrs. Hilt``), which a numeric checker cannot confirm.

Two spellings are corrected in annotations so that reports do not show a one-problem group:
SVAMP's type ``Common-Divison`` and ASDiv's solution type ``Substraction``.

Ids are the datasets' own (``35``, ``chal-1``, ``nluds-0001``) and must be unique. The readers take
a path, not a ``DataFile``, so that tests can feed them small hand-written files. Each format's
reader yields ``mathbench.datafiles.Record``s whose place names the record (``record 3 (line 15)``,
``<Problem> 7``): one that does not have the expected shape stops the reading with a
``MathbenchError`` naming the file, the record and the field.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

from mathbench.datafiles import Record
from mathbench.errors import MathbenchError
from mathbench.types import Problem

_SPELLING = {"Common-Divison": "Common-Division", "Substraction": "Subtraction"}
_NOT_JSON_SPACE = re.compile(r"[^ \t\n\r]")
#: One part of an ASDiv answer that is a number: ``9``, ``2.5``, ``3/4``, ``-(1/3)``, with an
#: optional unit in parentheses.
_NUMBER_PART = re.compile(r"-?(?:\d+(?:\.\d+)?(?:/\d+)?|\(\d+/\d+\))(?:\s+\([^()]*\))?")


def read_math23k(path: Path) -> list[Problem]:
    """The Math23K test split (1000 problems): ``original_text``, ``ans``, ``equation``."""
    ids = _UniqueIds()
    return [
        Problem(
            id=ids.check(record, "id"),
            text=record.string("original_text").strip(),
            golden=record.string("ans"),
            split="test",
            annotations={"equation": record.string("equation")},
        )
        for record in _concatenated_objects(path)
    ]


def read_svamp(path: Path) -> list[Problem]:
    """The SVAMP challenge set (1000 problems), with annotations ``type`` and ``equation``."""
    ids = _UniqueIds()
    problems = []
    for record in _array_objects(path):
        kind = record.string("Type").strip()
        problems.append(
            Problem(
                id=ids.check(record, "ID"),
                text=f"{_sentence(record.string('Body'))} {record.string('Question').strip()}",
                golden=_whole_or_decimal(record, "Answer"),
                split="test",
                annotations={
                    "type": _SPELLING.get(kind, kind),
                    "equation": record.string("Equation").strip(),
                },
            )
        )
    return problems


def read_asdiv(path: Path) -> list[Problem]:
    """ASDiv (2305 problems): annotations ``grade`` (1-6), ``solution_type``, ``multi_answer``,
    ``numeric_answer`` and ``formula``."""
    ids = _UniqueIds()
    problems = []
    for record in _xml_problems(path):
        golden = record.string("Answer")
        parts = [part.strip() for part in golden.split(";")]
        kind = record.string("Solution-Type").strip()
        problems.append(
            Problem(
                id=ids.check(record, "ID"),
                text=f"{record.string('Body').strip()} {record.string('Question').strip()}",
                golden=golden,
                split="test",
                annotations={
                    "grade": _grade(record, "Grade"),
                    "solution_type": _SPELLING.get(kind, kind),
                    "multi_answer": len(parts) > 1,
                    "numeric_answer": all(_NUMBER_PART.fullmatch(part) for part in parts),
                    "formula": record.string("Formula").strip(),
                },
            )
        )
    return problems


def _sentence(body: str) -> str:
    """An SVAMP body as a sentence of its own: stripped, with a full stop unless it has one."""
    body = body.strip()
    return body if body.endswith((".", "?", "!")) else f"{body}."


def _whole_or_decimal(record: Record, field: str) -> str:
    """A JSON number as text, without the ``.0`` of a whole float (51.0 -> ``51``)."""
    value = record.value(field)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise record.error(field, f"must be a finite number, got {value!r}")
    return str(int(value)) if float(value).is_integer() else repr(value)


def _grade(record: Record, field: str) -> int:
    """A school grade written as text, ``"1"`` to ``"6"``."""
    value = record.string(field)
    if not re.fullmatch(r"[1-6]", value):
        raise record.error(field, f"must be a grade from 1 to 6, got {value!r}")
    return int(value)


class _UniqueIds:
    """Checks that each record's id is new, naming the record that used it first."""

    def __init__(self) -> None:
        self._places: dict[str, str] = {}

    def check(self, record: Record, field: str) -> str:
        problem_id = record.string(field).strip()
        if problem_id in self._places:
            raise record.error(field, f"repeats {problem_id!r} from {self._places[problem_id]}")
        self._places[problem_id] = record.place
        return problem_id


def _concatenated_objects(path: Path) -> Iterator[Record]:
    """The JSON objects of a file that writes them one after another (Math23K's format)."""
    try:
        content = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise MathbenchError(f"{path}: not UTF-8 text ({error}).") from error
    decoder = json.JSONDecoder()
    number, line, position = 0, 1, 0
    while (found := _NOT_JSON_SPACE.search(content, position)) is not None:
        number += 1
        line += content.count("\n", position, found.start())
        place = f"record {number} (line {line})"
        try:
            record, end = decoder.raw_decode(content, found.start())
        except json.JSONDecodeError as error:
            raise MathbenchError(f"{path}, {place}: not valid JSON ({error}).") from error
        if not isinstance(record, dict):
            raise MathbenchError(f"{path}, {place}: expected a JSON object.")
        yield Record(path, place, record)
        line += content.count("\n", found.start(), end)
        position = end
    if number == 0:
        raise MathbenchError(f"{path} is empty: expected JSON objects one after another.")


def _array_objects(path: Path) -> Iterator[Record]:
    """The objects of a file holding one JSON array of objects (SVAMP's format)."""
    try:
        content = json.loads(path.read_bytes())
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise MathbenchError(f"{path}: not a valid UTF-8 JSON file ({error}).") from error
    if not isinstance(content, list) or not content:
        raise MathbenchError(f"{path}: expected a non-empty JSON array of objects.")
    for number, record in enumerate(content, start=1):
        if not isinstance(record, dict):
            raise MathbenchError(f"{path}, record {number}: expected a JSON object.")
        yield Record(path, f"record {number}", record)


def _xml_problems(path: Path) -> Iterator[Record]:
    """ASDiv's ``<Problem>`` elements, each as its attributes and its children's text."""
    try:
        root = ElementTree.parse(path).getroot()
    except ElementTree.ParseError as error:
        raise MathbenchError(f"{path}: not well-formed XML ({error}).") from error
    elements = root.findall("./ProblemSet/Problem")
    if not elements:
        raise MathbenchError(f"{path} has no <Problem> under <ProblemSet>: it is not ASDiv's XML.")
    for number, element in enumerate(elements, start=1):
        fields: dict[str, object] = dict(element.attrib)
        fields.update((child.tag, child.text) for child in element)
        yield Record(path, f"<Problem> {number}", fields)
