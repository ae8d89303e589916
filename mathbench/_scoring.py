"""Scoring responses made elsewhere: a JSONL file of ``{"golden", "response", ...}`` lines.

This is the input format of the official CMATH ``eval.py``; extra scalar fields (``grade``,
``reasoning_step``, ``num_digits``, ...) become annotations. Which of them the report breaks down
by, and which gets a pass mark, is the benchmark's to say (``report_by``, ``pass_by``,
``pass_mark``): the file's responses are read as answers to that benchmark's problems. An optional
``problem`` (or ``question``) field gives the problem text to checkers that read it.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from mathbench.benchmark import Benchmark
from mathbench.checker import Checker, judge
from mathbench.errors import MathbenchError
from mathbench.report import Item, RunReport, tally
from mathbench.types import AnnotationValue, Verdict


@dataclass(frozen=True)
class ScoredLine:
    line: int
    golden: str
    response: str
    annotations: dict[str, AnnotationValue]
    verdict: Verdict


_PROBLEM_FIELDS = ("problem", "question")


def _int_or_digits(digits: str) -> int | str:
    """A JSON integer as an int, or as its digits when it has more than Python converts (4,300
    by default): a golden answer is compared as text anyway."""
    try:
        return int(digits)
    except ValueError:
        return digits


def _read_line(
    path: Path, number: int, text: str
) -> tuple[str, str, str | None, dict[str, AnnotationValue]]:
    where = f"{path}, line {number}"
    try:
        record = json.loads(text, parse_int=_int_or_digits)
    except json.JSONDecodeError as error:
        raise MathbenchError(f"{where} is not valid JSON ({error.msg}).") from None
    except RecursionError:
        raise MathbenchError(
            f"{where} nests arrays or objects too deeply to read; each line should be one "
            "object with golden and response."
        ) from None
    except ValueError as error:  # a limit of Python's conversions, not the JSON's syntax
        raise MathbenchError(f"{where} could not be read ({error}).") from None
    if not isinstance(record, dict):
        raise MathbenchError(f"{where} should be a JSON object with golden and response.")
    for key in ("golden", "response"):
        if key not in record:
            raise MathbenchError(f"{where} has no {key!r} field.")
    golden, response = record.pop("golden"), record.pop("response")
    if not isinstance(golden, str | int | float) or isinstance(golden, bool):
        raise MathbenchError(f"{where}: 'golden' should be a string or a number.")
    if not isinstance(response, str):
        raise MathbenchError(f"{where}: 'response' should be a string.")
    problem = next((record.pop(key) for key in _PROBLEM_FIELDS if key in record), None)
    if problem is not None and not isinstance(problem, str):
        raise MathbenchError(f"{where}: 'problem' should be a string.")
    annotations = {
        key: value
        for key, value in record.items()
        if isinstance(value, str | int | float | bool) or value is None
    }
    return str(golden), response, problem, annotations


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    """The file's numbered lines, split at ``\\n`` only (a ``\\r`` before it dropped): JSON
    strings may hold U+2028, U+2029 and U+0085, which ``str.splitlines`` also splits at."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise MathbenchError(f"No such file: {path}.") from None
    except UnicodeDecodeError:
        raise MathbenchError(f"{path} is not UTF-8 text.") from None
    except OSError as error:
        raise MathbenchError(f"Cannot read {path}: {error.strerror or error}.") from None
    for number, line in enumerate(text.split("\n"), start=1):
        yield number, line.removesuffix("\r")


def check_fields(path: Path, present: Collection[str], report_by: Sequence[str]) -> None:
    """Refuse a ``--by`` field that no line of ``path`` has, naming the fields it has."""
    for key in report_by:
        if key not in present:
            names = ", ".join(sorted(present)) or "none besides golden and response"
            raise MathbenchError(
                f"{path} has no field {key!r} to break down by (--by); its fields are: {names}."
            )


def score_file(path: Path, checker: Checker, report_by: Sequence[str] = ()) -> list[ScoredLine]:
    """Check every line; a malformed line, or a ``report_by`` field no line has, stops with a
    sentence naming the file (and line) before any line is judged."""
    records = [
        (number, *_read_line(path, number, text)) for number, text in _lines(path) if text.strip()
    ]
    if not records:
        raise MathbenchError(f"{path} holds no responses to score.")
    check_fields(path, {key for record in records for key in record[4]}, report_by)
    return [
        ScoredLine(number, golden, response, annotations, judge(checker, response, golden, problem))
        for number, golden, response, problem, annotations in records
    ]


def report_scored(
    path: Path,
    checker: Checker,
    scored: Sequence[ScoredLine],
    report_by: Sequence[str] = (),
    benchmark: Benchmark | None = None,
) -> RunReport:
    """A report over a scored file, broken down by ``report_by`` and by those of ``benchmark``'s
    report-by annotations that the file has, with its pass mark where the file has its field."""
    present = {key for line in scored for key in line.annotations}
    check_fields(path, present, report_by)
    declared = benchmark.report_by if benchmark else ()
    by = list(dict.fromkeys(key for key in (*report_by, *declared) if key in present))
    pass_by = benchmark.pass_by if benchmark and benchmark.pass_by in present else None
    pass_mark = benchmark.pass_mark if benchmark else Benchmark.pass_mark
    items = [Item(str(line.line), line.annotations, line.verdict.outcome) for line in scored]
    overall, breakdowns = tally(items, by, pass_by, pass_mark)
    config = {
        "benchmark": path.name,
        "split": "file",
        "checker": checker.name,
        "backend": "file",
        "model": path.name,
    }
    return RunReport(
        run_id="-",
        label=path.name,
        config=config,
        overall=overall,
        breakdowns=breakdowns,
        pass_by=pass_by,
        pass_mark=pass_mark,
    )


def write_verdicts(scored: Sequence[ScoredLine], output: Path) -> None:
    """One JSON line per scored line: the input, the verdict and the candidates with spans.

    ``output`` is replaced if it exists: ``check_output`` first is the caller's to call."""
    from mathbench._export import writing

    with writing(output) as path, path.open("w", encoding="utf-8") as handle:
        for line in scored:
            record = {
                "line": line.line,
                "golden": line.golden,
                **line.annotations,
                "correct": line.verdict.correct,
                "outcome": line.verdict.outcome,
                "reason": line.verdict.reason,
                "candidates": [c.__dict__ for c in line.verdict.candidates],
            }
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
