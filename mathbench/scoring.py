"""Scoring responses made elsewhere: a JSONL file of ``{"golden", "response", ...}`` lines.

This is the input format of the official CMATH ``eval.py``; extra scalar fields (``grade``,
``reasoning_step``, ``num_digits``, ...) become annotations that the report breaks down by. An
optional ``problem`` (or ``question``) field gives the problem text to checkers that read it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mathbench.checker import Checker, judge
from mathbench.errors import MathbenchError
from mathbench.report import Item, RunReport, tally
from mathbench.types import AnnotationValue, Verdict

DEFAULT_REPORT_BY = ("grade", "reasoning_step", "num_digits")


@dataclass(frozen=True)
class ScoredLine:
    line: int
    golden: str
    response: str
    annotations: dict[str, AnnotationValue]
    verdict: Verdict


_PROBLEM_FIELDS = ("problem", "question")


def _read_line(
    path: Path, number: int, text: str
) -> tuple[str, str, str | None, dict[str, AnnotationValue]]:
    where = f"{path}, line {number}"
    try:
        record = json.loads(text)
    except json.JSONDecodeError as error:
        raise MathbenchError(f"{where} is not valid JSON ({error.msg}).") from None
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


def score_file(path: Path, checker: Checker) -> list[ScoredLine]:
    """Check every line; a malformed line stops with a sentence naming the file and line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise MathbenchError(f"No such file: {path}.") from None
    except UnicodeDecodeError:
        raise MathbenchError(f"{path} is not UTF-8 text.") from None
    scored = []
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        golden, response, problem, annotations = _read_line(path, number, text)
        verdict = judge(checker, response, golden, problem)
        scored.append(ScoredLine(number, golden, response, annotations, verdict))
    if not scored:
        raise MathbenchError(f"{path} holds no responses to score.")
    return scored


def report_scored(
    path: Path, checker: Checker, scored: Sequence[ScoredLine], report_by: Sequence[str] = ()
) -> RunReport:
    """A report over a scored file, grouped by the annotations present (grade passes at 60%)."""
    present = {key for line in scored for key in line.annotations}
    by = [key for key in (*report_by, *DEFAULT_REPORT_BY) if key in present]
    by = list(dict.fromkeys(by))
    pass_by = "grade" if "grade" in present else None
    items = [Item(str(line.line), line.annotations, line.verdict.outcome) for line in scored]
    overall, breakdowns = tally(items, by, pass_by, 0.6)
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
    )


def write_verdicts(scored: Sequence[ScoredLine], output: Path) -> None:
    """One JSON line per scored line: the input, the verdict and the candidates with spans."""
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", encoding="utf-8") as handle:
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
