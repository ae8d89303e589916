"""The cmath checker against human judgement, as the CMATH paper measured its own tool.

``fixtures/cmath_labelled.jsonl`` holds responses written for this test, each labelled with what a
human grader decides (is the model's final answer correct?), not with what the checker does; a few
are cases where the paper's method is lenient by design and count against the checker. The paper
reports 96% precision and 98% recall for its tool, so ours must do at least as well.

``fixtures/eval_py_input.jsonl`` is in the input format of the paper's ``eval.py``: one JSON object
a line with (at least) ``golden`` and ``response``; ``golden`` may be a JSON string or number.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mathbench.plugins.checkers.cmath_checker import CmathChecker

FIXTURES = Path(__file__).parent / "fixtures"
PAPER_PRECISION = 0.96
PAPER_RECALL = 0.98


def load(name: str) -> list[dict[str, Any]]:
    with (FIXTURES / name).open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def test_labelled_fixtures_are_many_varied_and_well_formed() -> None:
    cases = load("cmath_labelled.jsonl")
    assert len(cases) >= 120
    assert all(set(case) == {"response", "golden", "label", "note"} for case in cases)
    assert all(isinstance(case["label"], bool) and case["note"] for case in cases)
    positives = sum(case["label"] for case in cases)
    assert 40 <= positives <= len(cases) - 40
    assert any(len(case["response"]) > 20_000 for case in cases)
    assert any(case["response"] == "" for case in cases)


def test_precision_and_recall_meet_the_papers_figures() -> None:
    checker = CmathChecker()
    judged = []
    for case in load("cmath_labelled.jsonl"):
        verdict = checker.check(case["response"], case["golden"])
        for candidate in verdict.candidates:
            assert case["response"][candidate.start : candidate.end] == candidate.text
        judged.append((verdict.correct, case["label"], case["note"], verdict.reason))
    true_positives = sum(said and truth for said, truth, _, _ in judged)
    said_correct = sum(said for said, _, _, _ in judged)
    truly_correct = sum(truth for _, truth, _, _ in judged)
    precision = true_positives / said_correct
    recall = true_positives / truly_correct
    misjudged = [f"{note}: {reason}" for said, truth, note, reason in judged if said != truth]
    assert precision >= PAPER_PRECISION, misjudged
    assert recall >= PAPER_RECALL, misjudged


def read_eval_py_input(path: Path) -> list[tuple[str, str, bool]]:
    """(golden, response, label) per line, reading the keys as ``eval.py`` does."""
    rows = []
    with path.open(encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines if line.strip()]
    for record in records:
        golden, response = record.get("golden"), record.get("response")
        rows.append(("" if golden is None else str(golden), response or "", record["label"]))
    return rows


def test_a_file_in_the_eval_py_input_format_is_scored_as_labelled() -> None:
    checker = CmathChecker()
    rows = read_eval_py_input(FIXTURES / "eval_py_input.jsonl")
    assert len(rows) >= 12
    verdicts = [checker.check(response, golden) for golden, response, _ in rows]
    assert [v.correct for v in verdicts] == [label for _, _, label in rows]
    accuracy = sum(v.correct for v in verdicts) / len(verdicts)
    assert accuracy == sum(label for _, _, label in rows) / len(rows)
