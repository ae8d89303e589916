"""Measure the answer checkers on the independent, hand-labelled yardstick.

``labelled.jsonl`` holds responses written by someone who never read the checkers' code, each
labelled correct or not as a teacher grades a final answer (see README.md beside this file). One
third of it (chosen by a hash of each item's id, so the split never moves) is **held out**: rules
are tuned on the rest, and the held-out third is measured only to report, never to tune.

    python tests/yardstick/measure.py [--part dev|heldout|all] [--json]

prints precision / recall of every checker on the word problems (and on the CMATH items alone),
accuracy on the MATH answers, and the same for Math-Verify where it is installed (the ``dev``
extra) and for the official CMATH regex method. Problem texts are read from the benchmark files
(``MATHBENCH_DATA_DIR``), since checkers may read the question.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from mathbench.checker import Checker, judge
from mathbench.registry import load_registry

HERE = Path(__file__).resolve().parent
LABELLED = HERE / "labelled.jsonl"
#: The later sets, all held out: each by another author who never saw the checkers, their tests or
#: fixtures, written after the set before it had been measured once, clean, and its kinds of
#: response fixed (README.md here says what each covers). The ninth author and those after were
#: told the units policy the first seven labelled by; the eighth was not.
SETS = {
    f"heldout{n}": HERE / f"heldout{n}.jsonl"
    for n in range(2, 133)
    if (HERE / f"heldout{n}.jsonl").exists()
}
#: The split of each benchmark the yardstick's problem ids refer to.
SPLITS = {
    "cmath": "dev",
    "gsm8k": "test",
    "math": "math500",
    "svamp": "test",
    "asdiv": "test",
    "math23k": "test",
    "math401": "test",
}


@dataclass(frozen=True)
class Item:
    id: str
    benchmark: str
    golden: str
    response: str
    label: bool
    kind: str
    problem: str | None


def part_of(item_id: str) -> str:
    """``heldout`` for a fixed third of the items, ``dev`` for the rest."""
    digest = hashlib.sha256(item_id.encode()).digest()
    return "heldout" if digest[0] % 3 == 0 else "dev"


def load(part: str, with_problems: bool = True) -> list[Item]:
    """The labelled items of one part (``dev``, ``heldout``, ``all`` of the first set, or
    ``heldout2`` / ``heldout3``, the later sets), with their problem texts when available."""
    source = SETS.get(part, LABELLED)
    rows = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line]
    rows = [row for row in rows if part == "all" or part in SETS or part_of(row["id"]) == part]
    wanted = {(row["benchmark"], _split_of(row["benchmark"], row["problem_id"])) for row in rows}
    texts = _problem_texts(wanted) if with_problems else {}
    return [
        Item(
            row["id"],
            row["benchmark"],
            row["golden"],
            row["response"],
            bool(row["label"]),
            row.get("kind", ""),
            texts.get((row["benchmark"], row["problem_id"])),
        )
        for row in rows
    ]


def _split_of(benchmark: str, problem_id: str) -> str:
    """The split a problem id belongs to: CMATH and MATH ids say ``test-`` for their test split."""
    if benchmark in ("cmath", "math") and problem_id.startswith("test-"):
        return "test"
    return SPLITS[benchmark]


def _problem_texts(splits: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """Problem texts by (benchmark, id), from the benchmark files; empty where there are none."""
    if not os.environ.get("MATHBENCH_DATA_DIR"):
        return {}
    registry = load_registry()
    texts: dict[tuple[str, str], str] = {}
    for name, split in splits:
        for problem in registry.benchmark(name).problems(split):
            texts[(name, problem.id)] = problem.text
    return texts


@dataclass
class Score:
    """Precision and recall of "judged correct" against the human label."""

    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    true_negative: int = 0
    undecided: int = 0
    seconds: float = 0.0
    misses: list[str] = field(default_factory=list)

    def add(self, item: Item, said_correct: bool, undecided: bool = False) -> None:
        self.undecided += undecided
        if said_correct and item.label:
            self.true_positive += 1
        elif said_correct:
            self.false_positive += 1
            self.misses.append(f"FP {item.id} {item.kind}")
        elif item.label:
            self.false_negative += 1
            self.misses.append(f"FN {item.id} {item.kind}")
        else:
            self.true_negative += 1

    @property
    def total(self) -> int:
        return self.true_positive + self.false_positive + self.false_negative + self.true_negative

    @property
    def precision(self) -> float:
        judged = self.true_positive + self.false_positive
        return self.true_positive / judged if judged else 1.0

    @property
    def recall(self) -> float:
        relevant = self.true_positive + self.false_negative
        return self.true_positive / relevant if relevant else 1.0

    @property
    def accuracy(self) -> float:
        return (self.true_positive + self.true_negative) / self.total if self.total else 1.0

    def as_dict(self) -> dict[str, object]:
        return {
            "n": self.total,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "accuracy": round(self.accuracy, 4),
            "undecided": self.undecided,
            "verdicts_per_s": round(self.total / self.seconds, 1) if self.seconds else None,
            "misses": self.misses,
        }


Judge = Callable[[Item], tuple[bool, bool]]


def mathbench_judge(name: str) -> Judge:
    return checker_judge(load_registry().checker(name))


def checker_judge(checker: Checker) -> Judge:
    """Each item judged by ``checker``, with its problem text when there is one."""

    def run(item: Item) -> tuple[bool, bool]:
        verdict = judge(checker, item.response, item.golden, item.problem)
        return verdict.correct, verdict.undecided

    return run


def default_judge() -> Judge:
    """Each item judged by its own benchmark's default checker (what ``mathbench run`` uses)."""
    registry = load_registry()
    checkers = {name: registry.checker(registry.benchmark(name).default_checker) for name in SPLITS}

    def run(item: Item) -> tuple[bool, bool]:
        verdict = judge(checkers[item.benchmark], item.response, item.golden, item.problem)
        return verdict.correct, verdict.undecided

    return run


def any_unit_judge() -> Judge:
    """``numeric`` with the other units policy (``Units.ANY``): an answer in another unit than
    the one the question names counts, converted. Shown beside the default ``Units.AS_ASKED`` so
    that the choice between them is measured, not assumed."""
    from mathbench.plugins.checkers.numeric_checker import NumericChecker
    from mathbench.plugins.checkers.policy import Units

    class AnyUnit(NumericChecker):
        name = "numeric-any-unit"
        units = Units.ANY

    return checker_judge(AnyUnit())


def official_cmath_judge() -> Judge:
    """The CMATH paper's published extraction, restated here for comparison (its ``eval.py``
    does not run as published): per line, numerals (``12``, ``2.5``, ``3/4``, ``40%``) that
    stand alone or beside Chinese text, CJK punctuation or ``=``/``:``/``$``; ``a分之b`` and
    ``\\frac{a}{b}`` as fractions; digit separators dropped; the last two candidates; correct
    when one equals the golden value (integers) or is within 1% of it."""
    import re
    from fractions import Fraction

    number = r"\d+[./]?\d*%?"
    left = r"[\u4e00-\u9fa5$:：，\uff1d≈=\->{]"
    right = r"[\u4e00-\u9fa5,，。°℃$}（]|\([^\d\s]|\.$"
    alone = re.compile(rf"^{number}$")
    first = re.compile(rf"^({number}) ?(?=[\u4e00-\u9fa5,，。°℃$])")
    inside = re.compile(rf"(?<={left}) ?({number}) ?(?:{right})")
    last = re.compile(rf"(?<={left}) ?({number})$")
    chinese_fraction = re.compile(r"(\d+)分之(\d+)")

    def value(text: str) -> Fraction | int | None:
        text = text.strip()
        try:
            if text.endswith("%"):
                return Fraction(text[:-1]) / 100
            if "/" in text:
                top, bottom = text.split("/")
                return Fraction(int(top), int(bottom)) if int(bottom) else None
            return Fraction(text) if "." in text else int(text)
        except (ValueError, ZeroDivisionError):
            return None

    def same(a: Fraction | int, b: Fraction | int) -> bool:
        if isinstance(a, int) and isinstance(b, int):
            return a == b
        x, y = Fraction(a), Fraction(b)
        return bool(abs(x - y) / (min(abs(x), abs(y)) + Fraction(1, 10**6)) < Fraction(1, 100))

    def run(item: Item) -> tuple[bool, bool]:
        text = re.sub(r"\\frac{([^}]+)}{([^}]+)}", r"\1/\2", item.response)
        text = re.sub(r"(?<=\d)[, ](?=\d)", "", text)
        found: list[str] = []
        for line in text.splitlines():
            found += first.findall(line) + inside.findall(line)
            found += [f"{b}/{a}" for a, b in chinese_fraction.findall(line)]
            found += last.findall(line) + alone.findall(line)
        found = [f.strip() for f in found if not f.strip().startswith("/")]
        found = [f for f in found if not f.endswith("/")][-2:]
        golden = value(item.golden)
        values = [v for v in map(value, found) if v is not None]
        return golden is not None and any(same(golden, v) for v in values), False

    return run


def math_verify_judge() -> Judge | None:
    try:
        from math_verify import parse, verify
    except ImportError:
        return None

    def run(item: Item) -> tuple[bool, bool]:
        golden = item.golden if "\\boxed" in item.golden else f"${item.golden}$"
        try:
            return bool(verify(parse(golden), parse(item.response))), False
        except Exception:
            return False, False

    return run


def measure(items: list[Item], judges: dict[str, Judge]) -> dict[str, dict[str, object]]:
    groups = {
        "word problems": [i for i in items if i.benchmark != "math"],
        "cmath": [i for i in items if i.benchmark == "cmath"],
        "math": [i for i in items if i.benchmark == "math"],
    }
    results: dict[str, dict[str, object]] = {}
    for group, members in groups.items():
        for name, run in judges.items():
            # symbolic judges LaTeX answers only; numeric and cmath word problems only.
            if (name == "symbolic" and group != "math") or (
                name in ("numeric", "cmath", "official-cmath") and group == "math"
            ):
                continue
            score = Score()
            started = time.perf_counter()
            for item in members:
                correct, undecided = run(item)
                score.add(item, correct, undecided)
            score.seconds = time.perf_counter() - started
            results[f"{group} / {name}"] = score.as_dict()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", choices=["dev", "heldout", "all", *SETS], default="dev")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--misses", action="store_true", help="list the items each got wrong")
    arguments = parser.parse_args(argv)
    items = load(arguments.part)
    judges: dict[str, Judge] = {
        "numeric": mathbench_judge("numeric"),
        "cmath": mathbench_judge("cmath"),
        "default": default_judge(),
        "symbolic": mathbench_judge("symbolic"),
        "numeric, Units.ANY": any_unit_judge(),
    }
    judges["official-cmath"] = official_cmath_judge()
    verifier = math_verify_judge()
    if verifier is not None:
        judges["math-verify"] = verifier
    results = measure(items, judges)
    if arguments.json:
        print(json.dumps(results, indent=2))
        return 0
    with_problems = sum(item.problem is not None for item in items)
    print(f"{arguments.part}: {len(items)} items, {with_problems} with their problem text")
    for name, result in results.items():
        speed = result["verdicts_per_s"]
        print(
            f"  {name:32} n={result['n']:4}  P={result['precision']:.3f}  R={result['recall']:.3f}"
            f"  acc={result['accuracy']:.3f}  undecided={result['undecided']}  {speed}/s"
        )
        if arguments.misses:
            for miss in result["misses"]:  # type: ignore[attr-defined]
                print(f"      {miss}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
