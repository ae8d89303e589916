"""Forms an answer is written in that the reader must take as the value they write.

Each is a kind of writing independent labellers met in model responses: a Chinese numeral
counted with a measure word, a bold 答, a decimal without its leading zero, a vector in angle
brackets or transposed, a check in brackets after the value, a ratio unreduced or written as a
fraction, a root approximated in prose, and "one" as a pronoun.
"""

# Full-width Chinese punctuation is what these responses are written in.
# ruff: noqa: RUF001

from __future__ import annotations

import pytest

from mathbench.plugins.checkers.numerals import find_numerals
from mathbench.plugins.checkers.numeric_checker import NumericChecker, NumericChecker1e3
from mathbench.plugins.checkers.symbolic_checker import SymbolicChecker

NUMERIC = NumericChecker()
SYMBOLIC = SymbolicChecker()


@pytest.mark.parametrize(
    ("response", "golden", "wrong"),
    [
        ("52 ÷ 8 = 6（束）……4（枝）\n答：能扎成六束，还剩4枝。", "6", "4"),
        ("答：一共摆了三层，每层5盆。", "3", "5"),
        ("答：可以装七筐，还多2斤。", "7", "2"),
    ],
)
def test_a_chinese_numeral_counted_with_a_measure_word_is_the_count(
    response: str, golden: str, wrong: str
) -> None:
    problem = (
        "能扎成几束？" if "束" in response else "一共几层？" if "层" in response else "装几筐？"
    )
    assert NUMERIC.check(response, golden, problem=problem).correct
    assert not NUMERIC.check(response, wrong, problem=problem).correct


@pytest.mark.parametrize("marker", ["**答**：", "__答__:", "**答：**"])
def test_a_bold_answer_marker_is_a_marker(marker: str) -> None:
    working = "速度和：40 + 50 = 90（千米/小时）\n时间：450 ÷ 90 = 5（小时）"
    response = f"{working}\n\n{marker}经过5小时两车相遇。"
    problem = "两车同时相对开出，经过几小时相遇？"
    assert NUMERIC.check(response, "5", problem=problem).correct
    assert not NUMERIC.check(response, "2", problem=problem).correct


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("6.0 × 0.05 = .3", ["6.0", "0.05", ".3"]),
        ("x = .25 and y = -.5", [".25", "-.5"]),
        ("It ends... 45 more", ["45"]),  # an ellipsis is no decimal point
        ("version v1.45", []),  # glued to a word: a name
    ],
)
def test_a_decimal_without_its_leading_zero_is_read(text: str, values: list[str]) -> None:
    assert [n.text for n in find_numerals(text)] == values


def test_math401_reads_a_decimal_without_its_leading_zero() -> None:
    assert NumericChecker1e3().check("6.0 × 0.05 = .3", "0.3000", problem="6.0*0.05=").correct


@pytest.mark.parametrize(
    ("response", "golden"),
    [
        ("Comparing entries, $b = 3a$. Taking $a = 1$ gives the direction ⟨1, 3⟩.",
         "\\begin{pmatrix} 1 \\\\ 3 \\end{pmatrix}"),
        ("Then a = −4, c = 2.\n\nv = (−4, 1, 2)ᵀ",
         "\\begin{pmatrix} -4 \\\\ 1 \\\\ 2 \\end{pmatrix}"),
        ("So the vector is (2, 5)^T.", "\\begin{pmatrix} 2 \\\\ 5 \\end{pmatrix}"),
    ],
)  # fmt: skip
def test_a_vector_in_angle_brackets_or_transposed_is_read_whole(response: str, golden: str) -> None:
    assert SYMBOLIC.check(response, golden).correct
    assert not SYMBOLIC.check(response, "\\begin{pmatrix} 1 \\\\ 1 \\end{pmatrix}").correct


@pytest.mark.parametrize(
    "response",
    [
        "The smallest five-digit palindrome that 13 divides is 10101 (= 13 × 777).",
        "So the answer is 10101 (= 13 × 777).",
    ],
)
def test_a_check_in_brackets_after_the_value_is_an_aside(response: str) -> None:
    assert SYMBOLIC.check(response, "10101").correct
    assert not SYMBOLIC.check(response, "777").correct


@pytest.mark.parametrize(
    ("response", "golden", "expected"),
    [
        ("The ratio of boys to girls is 48:36.", "4:3", True),  # unreduced
        ("The ratio of boys to girls is 4/3.", "4:3", True),  # as a fraction
        ("The ratio of boys to girls is 48 to 36.", "4:3", True),  # a ratio asked: "to"
        ("The ratio of boys to girls is 36:48.", "4:3", False),  # inverted
        ("The ratio of boys to girls is 3/4.", "4:3", False),
    ],
)
def test_a_ratio_answers_by_its_value(response: str, golden: str, expected: bool) -> None:
    problem = "There are 48 boys and 36 girls. What is the ratio of boys to girls?"
    assert NUMERIC.check(response, golden, problem=problem).correct is expected


@pytest.mark.parametrize(
    ("response", "golden", "expected"),
    [
        ("Both legs are known.\n\nSo the hypotenuse is √41 ≈ 6.40.", "\\sqrt{41}", True),
        # The question's own value restated, then approximated: the decimal is the answer.
        ("41 is no square.\n\nIn simplest form, √41 ≈ 6.40.", "\\sqrt{41}", False),
    ],
)
def test_a_root_approximated_in_prose_is_the_root_unless_the_question_states_it(
    response: str, golden: str, expected: bool
) -> None:
    problem = (
        "What is $\\sqrt{41}$ in simplest radical form?"
        if "simplest" in response
        else "The legs of a right triangle are 4 and 5. How long is the hypotenuse?"
    )
    assert SYMBOLIC.check(response, golden, problem=problem).correct is expected


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("Pick the blue one.", []),
        ("Ann has the longer one.", []),
        ("No one knows.", []),
        ("There is only one.", ["one"]),
        ("There is one such number.", ["one"]),
        ("The answer is one.", ["one"]),
    ],
)
def test_one_is_a_pronoun_after_a_determiner(text: str, read: list[str]) -> None:
    assert [n.text for n in find_numerals(text, words=True)] == read


def test_a_middle_one_restated_is_the_value_after_the_colon() -> None:
    response = "The integers are consecutive, so the average is the middle one: 58."
    problem = "Seven consecutive integers sum to 406. What is their average?"
    assert SYMBOLIC.check(response, "58", problem=problem).correct


@pytest.mark.parametrize(
    ("response", "golden", "expected"),
    [
        ("odd", "\\text{odd}", True),  # the whole response is the word
        ("$\\tan x$ has no value there.\n\n**Undefined.**", "0", False),
        ("$\\tan x$ has no value there.\n\n**Undefined.**", "\\text{undefined}", True),
        ("So $x = 5$.\n\nHope this helps!", "5", True),  # a plain closing remark is no answer
    ],
)
def test_a_few_words_alone_or_bold_on_the_last_line_are_the_answer(
    response: str, golden: str, expected: bool
) -> None:
    assert SYMBOLIC.check(response, golden).correct is expected


@pytest.mark.parametrize(
    ("response", "golden"),
    [
        ("Ratio $= \\dfrac{2\\pi}{32\\pi} = \\mathbf{\\dfrac{1}{16}}$.", "\\frac{1}{16}"),
        ("$$\\begin{pmatrix}\\tfrac25\\\\[2pt] -\\tfrac45\\end{pmatrix}$$",
         "\\begin{pmatrix} 2/5 \\\\ -4/5 \\end{pmatrix}"),
        ("The cup is filled to a height of 2 and 5/8 inches.", "2\\frac{5}{8}"),
    ],
)  # fmt: skip
def test_bold_math_row_spacing_and_mixed_numbers_in_words_are_read(
    response: str, golden: str
) -> None:
    assert SYMBOLIC.check(response, golden).correct


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        ("The row is 1, 4, 6, 4, 1; none is prime, so there are **no primes** in it.", True),
        ("So **no pages** share the same digit.", True),
        ("So there are no more than 3 of them.", False),  # a bound, not none
    ],
)
def test_none_answers_how_many_with_zero(response: str, expected: bool) -> None:
    problem = "How many primes are in the fourth row of Pascal's triangle?"
    assert SYMBOLIC.check(response, "0", problem=problem).correct is expected


def test_number_words_before_a_check_in_brackets_are_the_answer() -> None:
    response = "She kept four good apples (10 - 6 = 4)."
    problem = "Ann had ten apples. Six were bad. How many good apples did she keep?"
    assert NUMERIC.check(response, "4", problem=problem).correct
    assert not NUMERIC.check(response, "6", problem=problem).correct


@pytest.mark.parametrize(
    ("response", "golden"),
    [
        ("125 red beads + 240 blue beads = 365 beads in all.", "365"),
        ("Total = 4 friends × $12 = $48.", "48"),
        ("So 3 boxes × 5 = 15 pens. 60 pens ÷ 15 pens = 4 trips in all.", "4"),
    ],
)
def test_operands_with_their_nouns_are_working_and_the_result_is_the_answer(
    response: str, golden: str
) -> None:
    assert NUMERIC.check(response, golden, problem="How many are there in all?").correct


def test_a_check_after_the_answer_is_no_answer() -> None:
    response = "He needs 5 boxes. Check: 5 × 4 = 20."
    assert NUMERIC.check(response, "5", problem="How many boxes does he need?").correct


@pytest.mark.parametrize(
    ("problem", "expected"),
    [
        ("A battery loses 10% of its charge each hour. After 4 hours the charge left was 46%. "
         "What was the charge at the start?", True),
        # Percent given of something else: the charge asked is no percentage.
        ("A shop gives 10% off. A battery's charge lasts 86 hours at the start. After 4 hours, "
         "what charge in hours is left?", False),
    ],
)  # fmt: skip
def test_a_quantity_the_problem_gives_in_percent_is_answered_in_percent(
    problem: str, expected: bool
) -> None:
    response = "The battery started at **86%**."
    assert NUMERIC.check(response, "86", problem=problem).correct is expected


@pytest.mark.parametrize(
    ("response", "golden", "expected"),
    [
        ("Three odd integers sum to 45, so n = 13. The integers are 13, 15, 17, and the "
         "smallest is 13.", "13", True),
        ("Each exterior angle is 180° − 150° = 30°. They sum to 360°, so the polygon has "
         "360° / 30° = 12 sides — a regular dodecagon.", "12", True),
    ],
)  # fmt: skip
def test_the_value_said_of_what_is_asked_answers_it(
    response: str, golden: str, expected: bool
) -> None:
    problem = (
        "What is the smallest of the three integers?"
        if "smallest" in response
        else "A regular polygon has interior angles of 150 degrees. How many sides does it have?"
    )
    assert SYMBOLIC.check(response, golden, problem=problem).correct is expected


@pytest.mark.parametrize(
    ("response", "golden", "expected"),
    [
        ("1001 = 7 × 11 × 13: the letters G, K, M, so we spell **GKM**: 7 × 11 × 13 = 1001.",
         "\\text{GKM}", True),
        ("300 days is 42 weeks and 6 days back from Monday: **Tuesday**.", "\\text{Tuesday}",
         True),
        ("Going back 6 days from Monday gives Tuesday.\n\nHer birthday fell on a Tuesday.",
         "\\text{Tuesday}", True),
        ("所以答案是星期二 (Tuesday)。", "\\text{Tuesday}", True),
        ("It is either Tuesday or Wednesday, depending on the calendar.", "\\text{Tuesday}",
         False),
        ("Ben has 0.4 and Ann 0.3, so **Ben** has the larger share.", "\\text{Ann}", False),
    ],
)  # fmt: skip
def test_a_word_answer_is_read_bold_glossed_or_in_the_closing_sentence(
    response: str, golden: str, expected: bool
) -> None:
    assert SYMBOLIC.check(response, golden).correct is expected


@pytest.mark.parametrize(
    ("response", "golden", "expected"),
    [
        ("$$5y^3 - 10y^2 + 15y = 5y(y^2 - 2y + 3)$$\nThe quadratic has discriminant "
         "$4 - 12 < 0$, so it does not factor further over the reals.", "5y(y^2-2y+3)", True),
        ("Quotient: $x^2 + 1$ (remainder $3x - 2$).", "x^2+1", True),
        ("Quotient: **x² + 1**, remainder: 3x − 2.", "x^2+1", True),
        ("Quotient: $x^2 + 1$ (remainder $3x - 2$).", "3x-2", False),
    ],
)  # fmt: skip
def test_a_remark_or_another_labelled_quantity_after_the_answer_is_not_it(
    response: str, golden: str, expected: bool
) -> None:
    problem = (
        "Find the quotient when $x^4 + 2x^2 + 3x - 1$ is divided by $x^2 + 1$."
        if "Quotient" in response
        else "Factor $5y^3 - 10y^2 + 15y$."
    )
    assert SYMBOLIC.check(response, golden, problem=problem).correct is expected


@pytest.mark.parametrize(
    ("response", "expected"),
    [("Answer: cos 40", True), ("**cos 40**", True), ("Answer: sin 50", True),
     ("Answer: cos 50", False)],
)  # fmt: skip
def test_a_trig_answer_without_its_degree_sign_counts_in_degrees_as_the_golden_does(
    response: str, expected: bool
) -> None:
    assert SYMBOLIC.check(response, "\\cos 40^\\circ").correct is expected


def test_math401_reads_the_approximation_of_its_restated_expression() -> None:
    math401 = NumericChecker1e3()
    assert not math401.check("60/95 = 12/19 ≈ 0.63", "0.6316", problem="60/95=").correct
    assert math401.check("60/95 = 12/19 ≈ 0.632", "0.6316", problem="60/95=").correct


@pytest.mark.parametrize(
    ("response", "golden", "problem", "expected"),
    [
        ("Therefore $a : b = \\tfrac{1}{8} : \\tfrac{1}{4} = \\mathbf{1:2}$.", "1:2", None, True),
        ("Therefore $a : b = \\tfrac{1}{8} : \\tfrac{1}{4} = \\mathbf{2:1}$.", "1:2", None, False),
        # A figure's percent labels ask for no percent: 40% answers a golden 2/5.
        ("Answer: 40%", "\\frac{2}{5}",
         'What fraction chose red? [asy]\nlabel("40\\%",(0,0),N);\n[/asy]', True),
        ("So $12!$ ends in no zeroes when written in base 13.", "0",
         "How many zeroes does $12!$ end in, when written in base 13?", True),
        ("Ben is 9 years old now and his aunt is 45.", "9",
         "Ben's aunt is five times his age. If she was 36 when he was born, how many years old "
         "is Ben now?", True),
    ],
)  # fmt: skip
def test_ratios_figures_none_and_the_asking_clause(
    response: str, golden: str, problem: str | None, expected: bool
) -> None:
    assert SYMBOLIC.check(response, golden, problem=problem).correct is expected


@pytest.mark.parametrize(
    ("response", "golden"),
    [
        ("**Answer:** The plant used **3,120 kilowatt-hours** of power in May.", "3120"),
        ("They meet every 12 minutes, so 1440 / 12 = 120 times in a day.\n\n**120 times**",
         "120"),
    ],
)  # fmt: skip
def test_a_hyphenated_unit_and_a_bold_count_with_its_unit_are_read(
    response: str, golden: str
) -> None:
    assert SYMBOLIC.check(response, golden).correct


def test_a_result_after_a_full_width_equals_sign_ends_the_working() -> None:
    response = "这个数：24÷60%＝40\n40×30%＝12"
    assert NUMERIC.check(response, "12", problem="一个数的60%是24，这个数的30%是多少？").correct


@pytest.mark.parametrize(
    ("response", "golden"),
    [
        ("Then $30 - 9a = 2a$, so $a = \\frac{30}{11}$ (≈ 2.727).", "\\frac{30}{11}"),
        ("$x + y = 4 + 6 = 10$.\n\n---\n**Follow-up question:** If $xy = 2$, what is $x + y$?\n"
         "*Answer:* Then $x + y = 3$.", "10"),
        ("There are 9 choices for the first digit and 10 for the other 5: $9 \\times 10^5$ codes.",
         "900,\\!000"),
        ("So her head travels $6\\pi$ feet farther (about 18.8 feet) — whatever the planet!",
         "6\\pi"),
        ("Then $s^2 = 49$ or $s^2 = 3$. Only $s = 7$ puts $P$ inside the cube.", "7"),
        ("$$x^4 + 5x^2 + 4 = (x^2 + 4)(x^2 + 1)$$\n\nNeither quadratic factors further over the "
         "integers (discriminants $-16$ and $-4$).", "(x^2+1)(x^2+4)"),
    ],
)  # fmt: skip
def test_asides_rules_remarks_and_named_points_after_the_answer_are_not_it(
    response: str, golden: str
) -> None:
    assert SYMBOLIC.check(response, golden).correct


def test_a_decimal_rounding_a_quotient_worked_out_earlier_matches_a_coarser_golden() -> None:
    response = "Mean: 701 ÷ 7 = 100.142857...\n\nThe mean is about **100.14** cones."
    assert NUMERIC.check(response, "100.1 (cones)", problem="What is the mean?").correct
    assert not NUMERIC.check(response, "100.2 (cones)", problem="What is the mean?").correct


def test_a_json_answer_field_is_the_word_problem_answer() -> None:
    response = '```json\n{\n  "boxes": 3,\n  "total_pens": 60,\n  "answer": 12\n}\n```'
    assert NUMERIC.check(response, "12", problem="How many pens are in each pack?").correct
    assert not NUMERIC.check(response, "60", problem="How many pens are in each pack?").correct


def test_not_being_able_to_give_an_answer_is_a_refusal() -> None:
    response = (
        "If we simply add them we get 27 + 101 = 128 kg, which is not realistic. I'm not able "
        "to give a meaningful answer to this question as stated."
    )
    assert not NUMERIC.check(response, "128", problem="How much did she weigh before?").correct


def test_a_ratio_verdict_names_the_checker_that_gave_it() -> None:
    verdict = NumericChecker1e3().check("The ratio is 48:36.", "4:3", problem="What ratio?")
    assert verdict.correct and verdict.checker == "numeric-1e-3"
