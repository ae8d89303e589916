"""Throughput of the cmath checker against a naive "last number equals golden" baseline.

Both run in this process on the same few thousand responses, built here from templates in the
styles models write (short Chinese answers, chain of thought, English, ``\\boxed{}``, fractions,
percentages, long rambles, garbage), with a fixed seed. The baseline is the floor any checker is
measured against: one regex for the last number and one comparison, nothing else. Rounds
alternate (baseline, cmath, baseline, ...) so that warm-up and machine noise fall on both sides;
the best round of each is compared. The share of verdicts on which the two agree is printed too,
to show that the extra time buys different judgements.

Run: ``python tests/perf/perf_checker.py [--responses N] [--rounds N] [--seed N]``.
"""

from __future__ import annotations

import argparse
import random
import re
import time
from collections.abc import Callable
from fractions import Fraction

from mathbench.plugins.checkers.cmath_checker import CmathChecker

LAST_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def naive_check(response: str, golden: str) -> bool:
    """The baseline: the last number in the response equals the golden answer."""
    numbers = LAST_NUMBER.findall(response)
    if not numbers:
        return False
    percent = golden.endswith("%")
    expected = Fraction(golden.rstrip("%")) / (100 if percent else 1)
    return Fraction(numbers[-1]) == expected


def build_responses(count: int, seed: int) -> list[tuple[str, str]]:
    """(response, golden) pairs; about two thirds are right, the rest wrong or unanswered."""
    rng = random.Random(seed)
    filler = "我们一步一步来思考，先理清题目中的数量关系，再列式计算。"
    english = "Let us reason carefully about every quantity in the problem before computing. "

    def one() -> tuple[str, str]:
        a, b = rng.randint(2, 99), rng.randint(2, 30)
        right = rng.random() < 0.67
        product = a * b if right else a * b + rng.choice((-2, -1, 1, 3))
        style = rng.randrange(10)
        if style == 0:
            return f"答：一共有{product}个。", str(a * b)
        if style == 1:
            return (
                f"每盒有{a}个，{b}盒一共有{a}×{b}={product}（个）。\n答：一共有{product}个。",
                str(a * b),
            )
        if style == 2:
            return (
                f"Each box holds {a} apples, so {b} boxes hold {a} × {b} = {product} apples.\n"
                f"The answer is {product}.",
                str(a * b),
            )
        if style == 3:
            return f"So the answer is $\\boxed{{{product}}}$.", str(a * b)
        if style == 4:
            numerator = a if right else a + 1
            return f"答：占全班的\\frac{{{numerator}}}{{{a + b}}}。", f"{a}/{a + b}"
        if style == 5:
            share = round(100 * a / (a + b), 1) if right else 50.5
            return f"{a}÷{a + b}≈{share / 100:.3f}\n答：约占{share}%。", f"{a}/{a + b}"
        if style == 6:
            body = filler * rng.randint(40, 160)
            return f"{body}\n所以一共有{a}×{b}={product}个。", str(a * b)
        if style == 7:
            body = english * rng.randint(30, 120)
            return f"{body}First, {a} times {b} gives {product}. So there are {product}.", str(
                a * b
            )
        if style == 8:
            if rng.random() < 0.05:  # now and then a runaway generation of ~60k characters
                return f"答：{product}个。\n" + filler * 2000, str(a * b)
            return f"答案可能是{product}或{product + 2}。", str(a * b)
        return rng.choice(("", "抱歉，我无法回答。", "asdf }}{{ \\boxed{", "答案是B")), str(a * b)

    return [one() for _ in range(count)]


def timed(
    check: Callable[[str, str], bool], pairs: list[tuple[str, str]]
) -> tuple[float, list[bool]]:
    started = time.perf_counter()
    verdicts = [check(response, golden) for response, golden in pairs]
    return time.perf_counter() - started, verdicts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    pairs = build_responses(args.responses, args.seed)
    checker = CmathChecker()

    def cmath_check(response: str, golden: str) -> bool:
        return checker.check(response, golden).correct

    best = {"naive": float("inf"), "cmath": float("inf")}
    verdicts: dict[str, list[bool]] = {}
    for _ in range(args.rounds):
        for name, check in (("naive", naive_check), ("cmath", cmath_check)):
            seconds, verdicts[name] = timed(check, pairs)
            best[name] = min(best[name], seconds)

    characters = sum(len(response) for response, _ in pairs)
    agree = sum(a == b for a, b in zip(verdicts["naive"], verdicts["cmath"], strict=True))
    naive_rate = len(pairs) / best["naive"]
    cmath_rate = len(pairs) / best["cmath"]
    print(f"responses: {len(pairs)} ({characters / len(pairs):,.0f} characters on average)")
    print(f"naive last number: {naive_rate:12,.0f} verdicts/s")
    print(f"cmath checker:     {cmath_rate:12,.0f} verdicts/s")
    print(f"ratio: cmath runs at {cmath_rate / naive_rate:.3f} of the naive speed")
    print(f"verdicts that agree: {agree / len(pairs):.1%}")


if __name__ == "__main__":
    main()
