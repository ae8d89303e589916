"""Every golden answer of every staged data file, fed back as a model would write it, is correct.

This is issue 5's self-consistency check over the real files in ``../shared/data`` (or
``$MATHBENCH_DATA_DIR``): ``numeric`` on CMATH, GSM8K, Math401, Math23K, SVAMP and ASDiv, and
``symbolic`` on MATH (its default checker; MATH answers are LaTeX). The files are read directly,
in the forms their SOURCE.md describes, so that the checkers are tested on what the data really
holds whatever the benchmark plugins do with it. Skipped, with the reason, without the files.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from mathbench.checker import Checker
from mathbench.plugins.checkers.answer import final_answer
from mathbench.plugins.checkers.numeric_checker import NumericChecker, NumericChecker1e3
from mathbench.plugins.checkers.symbolic_checker import SymbolicChecker


def _data_dir() -> Path | None:
    configured = os.environ.get("MATHBENCH_DATA_DIR")
    candidates = [Path(configured)] if configured else []
    candidates.append(Path(__file__).resolve().parents[5] / "shared" / "data")
    return next((path for path in candidates if (path / "gsm8k").is_dir()), None)


DATA = _data_dir()
pytestmark = pytest.mark.skipif(DATA is None, reason="the staged data files are not available")


def _jsonl(*parts: str) -> Iterator[dict[str, object]]:
    assert DATA is not None
    with DATA.joinpath(*parts).open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def _cmath() -> Iterator[tuple[str, str]]:
    for name in ("cmath_dev.jsonl", "cmath_test.jsonl", "distractor.jsonl"):
        for record in _jsonl("cmath", name):
            golden = str(record["golden"])
            yield f"所以答案是{golden}。\n答：{golden}", golden
            yield f"The answer is {golden}.", golden


def _gsm8k() -> Iterator[tuple[str, str]]:
    for record in _jsonl("gsm8k", "test.jsonl"):
        solution = str(record["answer"])
        golden = solution.rsplit("#### ", 1)[1].strip()
        yield solution, golden  # the reference solution itself, calculator annotations and all
        yield f"Let me compute step by step.\nThe answer is {golden}.", golden


def _math401() -> Iterator[tuple[str, str]]:
    for record in _jsonl("math401", "math401.json"):
        golden = str(record["response"])
        yield f"{str(record['query']).strip()} {golden}\nThe answer is {golden}.", golden


def _math23k() -> Iterator[tuple[str, str]]:
    for record in _jsonl("math23k", "math23k_test.jsonl"):
        golden = str(record["ans"])
        yield f"{record['equation']}\n答：{golden}", golden
        yield f"The answer is {golden}.", golden


def _svamp() -> Iterator[tuple[str, str]]:
    assert DATA is not None
    for record in json.loads((DATA / "svamp" / "SVAMP.json").read_text(encoding="utf-8")):
        golden = str(record["Answer"])
        yield f"The answer is {golden}.", golden
        yield f"{record['Equation']} = {int(float(golden))}", golden  # the integer a model writes


def _asdiv() -> Iterator[tuple[str, str]]:
    for record in _jsonl("asdiv", "asdiv.jsonl"):
        golden = str(record["Answer"])
        yield f"Let's see.\nThe answer is {golden}.", golden


@pytest.mark.parametrize(
    ("name", "items", "checker"),
    [
        ("cmath", _cmath, NumericChecker()),
        ("gsm8k", _gsm8k, NumericChecker()),
        ("math401", _math401, NumericChecker()),
        ("math401 at 1e-3", _math401, NumericChecker1e3()),
        ("math23k", _math23k, NumericChecker()),
        ("svamp", _svamp, NumericChecker()),
        ("asdiv", _asdiv, NumericChecker()),
    ],
)
def test_numeric_accepts_every_golden_answer_fed_back(
    name: str, items: object, checker: Checker
) -> None:
    assert callable(items)
    pairs = list(items())
    assert len(pairs) > 300, f"{name}: too few records read"
    failures = []
    for response, golden in pairs:
        verdict = checker.check(response, golden)
        assert all(response[c.start : c.end] == c.text for c in verdict.candidates)
        if not verdict.correct:
            failures.append((golden, response[-80:], verdict.reason))
    assert not failures, f"{name}: {len(failures)} of {len(pairs)} judged wrong: {failures[:5]}"


def _math() -> Iterator[tuple[str, str]]:
    for record in _jsonl("math", "math500.jsonl"):
        golden = str(record["answer"])
        yield f"Thus the answer is $\\boxed{{{golden}}}$.", golden
        yield f"Final Answer: The final answer is ${golden}$. I hope it is correct.", golden
    for record in _jsonl("math", "test.jsonl"):
        solution = str(record["solution"])
        final = final_answer(solution)
        assert final is not None, solution[-100:]
        yield solution, final.text  # the reference solution itself, [asy] figures and all


def test_symbolic_accepts_every_math_golden_answer_fed_back() -> None:
    checker = SymbolicChecker()
    pairs = list(_math())
    assert len(pairs) == 2 * 500 + 5000
    failures = []
    for response, golden in pairs:
        verdict = checker.check(response, golden)
        assert all(response[c.start : c.end] == c.text for c in verdict.candidates)
        if not verdict.correct:
            failures.append((golden, verdict.reason))
    assert not failures, f"{len(failures)} of {len(pairs)} judged wrong: {failures[:5]}"
