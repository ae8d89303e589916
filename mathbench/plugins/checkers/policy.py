"""Grading policies, each named and written once: how close a rounded answer may be, and what a
percentage answers.

A checker states its policies; a benchmark chooses a checker by them (its ``default_checker``):

* ``Rounding.EXACT`` — the value must be the golden value (``0.67`` is not ``2/3``). MATH asks for
  exact answers, and Math-Verify and the MATH graders mark rounded decimals wrong.
* ``Rounding.CORRECT`` — exact, or, for a golden value with no terminating decimal form, that
  value correctly rounded at the places written, with at least ``MIN_DECIMAL_PLACES`` places and
  ``MIN_SIGNIFICANT_DIGITS`` significant digits (``3.33`` and ``0.333`` for 10/3 and 1/3; not
  ``3.3``), and the other way round for a golden that the data set rounded. Word problems whose
  answers divide unevenly are answered so by careful models and graded so by teachers. When the
  response shows the quotient it rounds (``85 / 6 ≈ 14.17``) and a golden decimal is that
  quotient rounded at its own places (``14.2``), the two are one value rounded twice
  (``both_round``).
* ``Rounding.PAPER`` — the CMATH paper's rule: integer literals exactly, anything else within a
  relative 1% (``PAPER_RELATIVE``, with ``PAPER_FLOOR`` added to the smaller magnitude). Kept to
  reproduce the paper; it also accepts ``64`` for 63.8 and ``12.9`` for 13.
* ``Units.AS_ASKED`` — an answer in another unit than the golden one's counts, converted, only
  when the question names no unit ("4千米" answers "路程是多少？" for 4000 米, not "多少米？");
  ``Units.ANY`` converts whatever the question names. Seven of eight independent labellers
  marked an answer in another unit than the one asked wrong, as Chinese teachers do.
* ``percent_answers_number`` — "35%" answers a "what percent?" question whose golden is the bare
  ``35`` (data sets write such goldens both ways).
"""

from __future__ import annotations

from enum import StrEnum
from fractions import Fraction

from mathbench.plugins.checkers.numerals import significant_digits, terminates

#: The paper's tolerance: relative difference below 1%, with 1e-6 added to the smaller magnitude.
PAPER_RELATIVE = Fraction(1, 100)
PAPER_FLOOR = Fraction(1, 10**6)
#: Places and significant digits a rounded decimal needs to stand for a golden value that has no
#: terminating decimal form (``3.33`` for 10/3, not ``3.3``).
MIN_DECIMAL_PLACES = 2
MIN_SIGNIFICANT_DIGITS = 3


class Rounding(StrEnum):
    """How a rounded answer is judged (see the module docstring)."""

    EXACT = "exact"
    CORRECT = "correctly rounded"
    PAPER = "within 1% (the CMATH paper)"


class Units(StrEnum):
    """When an answer in another unit than the golden one's counts (see the module docstring)."""

    AS_ASKED = "in the unit the question names, any unit when it names none"
    ANY = "in any unit, converted"


def within_paper_tolerance(a: Fraction, b: Fraction) -> bool:
    """The CMATH paper's comparison of two values that are not both integer literals."""
    return abs(a - b) < PAPER_RELATIVE * (min(abs(a), abs(b)) + PAPER_FLOOR)


def correctly_rounded(written: Fraction, places: int, exact: Fraction) -> bool:
    """Whether a decimal written with ``places`` places is ``exact`` (a value with no terminating
    decimal form) correctly rounded, with enough places and digits to be a deliberate rounding.

    This is the one rounding rule: ``numeric`` applies it to numerals and ``symbolic`` (when its
    policy allows rounding) to parsed numbers."""
    return not terminates(exact) and _rounds(written, places, exact, Fraction(0))


def rounds_irrational(written: Fraction, places: int, approximation: Fraction) -> bool:
    """``correctly_rounded`` for an irrational value known as a 30-digit ``approximation``
    (``-\\frac{\\sqrt{2}}{2}`` for a golden ``-0.7071``): its last digits may be off by 1e-25."""
    return _rounds(written, places, approximation, IRRATIONAL_SLACK)


def both_round(
    written: Fraction, places: int, golden: Fraction, golden_places: int, exact: Fraction
) -> bool:
    """Whether an answer's decimal and a golden decimal are the same ``exact`` value (one with
    no terminating decimal form, shown in the response) each correctly rounded: ``14.17`` and a
    golden ``14.2`` for 85/6. The answer's rounding meets ``correctly_rounded``'s bar; the
    golden's is the data set's own and may be coarser, with three significant digits still (a
    golden ``1.5`` may be exact, not 32/21 rounded), or one place finer (``3.33`` and a golden
    ``3.333`` for 10/3); a golden two places finer asks for more than the answer gives (Math401's
    ``3.3256`` against ``3.33``)."""
    return (
        correctly_rounded(written, places, exact)
        and 1 <= golden_places <= places + 1
        and significant_digits(golden, golden_places) >= MIN_SIGNIFICANT_DIGITS
        and abs(golden - exact) <= Fraction(1, 2 * 10**golden_places)
    )


#: How far a 30-digit approximation of an irrational value may be from it.
IRRATIONAL_SLACK = Fraction(1, 10**25)


def _rounds(written: Fraction, places: int, value: Fraction, slack: Fraction) -> bool:
    return (
        places >= MIN_DECIMAL_PLACES
        and significant_digits(written, places) >= MIN_SIGNIFICANT_DIGITS
        and abs(written - value) <= Fraction(1, 2 * 10**places) + slack
    )
