"""Plain-text math (no LaTeX) read to the value a sentence ends on, as a grader reads it."""

# Unicode math is what these tests are about, not confusable typos:
# ruff: noqa: RUF001

from __future__ import annotations

import time

import pytest

from mathbench.plugins.checkers.answer import final_answer
from mathbench.plugins.checkers.latex_normalise import normalise
from mathbench.plugins.checkers.plain_math import ending_expression
from mathbench.plugins.checkers.symbolic_checker import SymbolicChecker


def ending(sentence: str) -> str | None:
    span = ending_expression(sentence, 0, len(sentence))
    return None if span is None else sentence[span[0] : span[1]]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("P + Q = 44 + 17 = 61", "61"),
        ("So the total is 4 × (2+3+4) = 4 × 9 = 36.", "36"),
        ("g(3x) = (3x)² − 2(3x) = **9x² − 6x**", "9x² − 6x"),
        ("The volume is 36π cubic inches.", "36π"),
        ("Collecting terms, the expression simplifies to 5 + 3m.", "5 + 3m"),
        ("Total: 12,480 ÷ 6 = 2,080 pounds per hour", "2,080"),
        ("**d = −14**", "−14"),
        ("= 8i − 3", "8i − 3"),
        # Not one value: several equations, a conversion said aside, a bare number, prose.
        ("Since PQ = 4, QR = 9.", None),
        ("So m = 2 and n = 5.", None),
        ("He must buy 7 ounces, bringing the total to 48 ounces = 3 pounds.", None),
        ("The answer is 12.", None),
        ("So the function is even.", None),
        ("He ate 5 a day.", None),
    ],
)
def test_a_sentence_of_plain_math_ends_on_its_value(sentence: str, expected: str | None) -> None:
    assert ending(sentence) == expected


def test_two_equations_joined_by_or_are_read_whole_as_a_hedge() -> None:
    assert ending("**m = 3 or m = 7/2**") == "m = 3 or m = 7/2"
    assert not SymbolicChecker().check("**m = 3 or m = 7/2**", "\\frac{7}{2}").correct


@pytest.mark.parametrize(
    ("answer", "latex"),
    [
        ("−8 + 3i", "-8 + 3i"),
        ("5√3 − 1", "5\\sqrt{3} - 1"),
        ("√(y+2)", "\\sqrt{y+2}"),
        ("t² + t⁻¹", "t^{2} + t^{-1}"),
        ("½ · 18", "\\frac{1}{2} \\cdot  18"),
        ("３６÷４＝９", "36\\div 4=9"),
    ],
)
def test_unicode_math_is_spelt_as_latex(answer: str, latex: str) -> None:
    assert normalise(answer) == latex


@pytest.mark.parametrize(
    ("response", "golden", "wrong"),
    [
        ("The center is (−5, 2), so the sum is −5 + 2 = −3.", "-3", "3"),
        ("Each side is √64 = 8, so the area is 7² + 1² = 49 + 1 = 50 square units.", "50", "49"),
        ("2(5t − 1) + 3 = 10t − 2 + 3 = 10t + 1", "10t+1", "10t-1"),
        ("tan(π/4) = 1, and π/4 lies in (−π/2, π/2), so arctan(1) = π/4.", "\\frac{\\pi}{4}",
         "\\frac{\\pi}{2}"),
        ("Quick check: the roots are −2 and 6.\n\ny = (x + 2)(x − 6) = x² − 4x − 12", "x^2-4x-12",
         "x^2+4x-12"),
    ],
)  # fmt: skip
def test_symbolic_reads_plain_math_answers(response: str, golden: str, wrong: str) -> None:
    assert SymbolicChecker().check(response, golden).correct
    assert not SymbolicChecker().check(response, wrong).correct


HOSTILE = {
    "operators": "1 + " * 500_000,
    "equations": "x = " * 500_000,
    "minus signs": "−" * 2_000_000,
    "roots": "√(" * 1_000_000,
    "words": "units " * 400_000,
    "full stops": "." * 2_000_000,
    "superscripts": "²" * 2_000_000,
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_megabyte_of_plain_math_reads_quickly(name: str) -> None:
    started = time.perf_counter()
    found = final_answer("So the value is " + HOSTILE[name])
    SymbolicChecker().check("So the value is " + HOSTILE[name], "2")
    elapsed = time.perf_counter() - started
    assert found is None or len(found.text) <= 1_000_000 + 20
    assert elapsed < 3, f"{name}: {elapsed:.2f}s"
