"""The one answer reader, kind by kind: what each checker reads from responses real models write.

Each case is a *kind* of response (the issue that asked for this lists them), written here in a
few forms; the checkers must get every form of a kind right, not one example of it.
"""

# Full-width punctuation and Chinese text are the subject matter here:
# ruff: noqa: RUF001

from __future__ import annotations

from fractions import Fraction

import pytest

from mathbench.plugins.checkers.answer import conclude, final_answer
from mathbench.plugins.checkers.cmath_checker import CmathChecker
from mathbench.plugins.checkers.latex_normalise import normalise
from mathbench.plugins.checkers.numerals import find_numerals
from mathbench.plugins.checkers.numeric_checker import NumericChecker, NumericChecker1e3
from mathbench.plugins.checkers.policy import Units
from mathbench.plugins.checkers.response_text import without_currency
from mathbench.plugins.checkers.symbolic_checker import SymbolicChecker
from mathbench.types import Verdict

NUMERIC, CMATH, TOLERANT = NumericChecker(), CmathChecker(), NumericChecker1e3()


class AnyUnitChecker(NumericChecker):
    """``numeric`` under the other units policy, for the tests of that policy."""

    name = "numeric-any-unit"
    units = Units.ANY


ANY_UNIT = AnyUnitChecker()


def numeric(response: str, golden: str, problem: str | None = None) -> Verdict:
    verdict = NUMERIC.check(response, golden, problem=problem)
    for candidate in verdict.candidates:
        assert response[candidate.start : candidate.end] == candidate.text
    return verdict


# -- 1. The concluding sentence names the answer and then another quantity ----------------------

ANSWER_AND_ANOTHER = [
    # (problem, response, golden, wrong golden: the other quantity named)
    ("一箱装12个苹果，100个苹果可以装几箱？还剩几个？这些苹果最多可以装几箱？",
     "100÷12=8（箱）……4（个）\n答：可以装8箱，还剩4个。", "8", "4"),
    ("每支笔3元，小红带了20元，买了6支笔，应找回多少元？",
     "3×6=18（元）\n20-18=2（元）\n答：买笔用了18元，应找回2元。", "2", "18"),
    ("甲乙两人共有81本书，甲比乙少9本，乙有多少本？",
     "(81+9)÷2=45（本）\n81-45=36（本）\n答：甲有36本，乙有45本。", "45", "36"),
    ("甲乙两人共有81本书，甲比乙少9本，甲有多少本？",
     "答：乙有45本，甲有36本。", "36", "45"),
    ("Tickets cost $15 each. How much does Mia pay for 3 tickets?",
     "Each ticket is $15, so 3 × 15 = 45.\nShe pays $45 for 3 tickets.", "45", "3"),
    ("A rope is 1.2 km long. How many meters long is it?",
     "1.2 km × 1000 = 1200 m. The rope is 1.2 km, that is 1200 meters.", "1200", "1.2"),
    ("一根绳子长1.2千米，合多少米？", "答：1.2千米，也就是1200米。", "1200", "1.2"),
    ("小明有23张卡片，小丽比小明少18张，两人一共有多少张卡片？",
     "23-18=5（张）\n23+5=28（张）\n答：小丽有5张，两人一共有28张。", "28", "5"),
    ("Sam has 26 red marbles and 17 blue ones. He loses 9 red marbles. How many red marbles "
     "does he have left?", "26 - 9 = 17. He has 17 red marbles and 17 blue marbles left... "
     "so he has 17 red marbles left and 17 blue marbles.", "17", "26"),
    ("There are 458 more girls than boys in a school with 692 girls. How many pupils are there?",
     "Boys: 692 - 458 = 234. Total: 692 + 234 = 926.\nThere are 926 pupils, of which 234 are "
     "boys.", "926", "234"),
]  # fmt: skip


@pytest.mark.parametrize(("problem", "response", "golden", "other"), ANSWER_AND_ANOTHER)
def test_the_question_picks_the_quantity_it_asks_for(
    problem: str, response: str, golden: str, other: str
) -> None:
    assert numeric(response, golden, problem).correct
    assert not numeric(response, other, problem).correct


def test_without_the_question_the_last_quantity_is_the_answer() -> None:
    assert numeric("答：今年是2024年，小明今年8岁。", "8").correct


# -- 2. A number read out of something that is not that number ----------------------------------

NOT_THAT_NUMBER = [
    ("The answer is $\\boxed{\\sqrt{2}}$.", "2"),
    ("$\\boxed{2\\sqrt{3}}$", "2"),
    ("\\boxed{2^{10}}", "10"),
    ("\\boxed{2^{10}}", "2"),
    ("The answer is $\\boxed{10!}$", "10"),
    ("\\boxed{2\\pi}", "2"),
    ("The answer is 2π.", "2"),
    ("The answer is 1e6", "1"),
    ("\\boxed{1e999999}", "1"),
    ("答：不到18个。", "18"),
    ("答：小明有18的一半。", "18"),
    ("答：需要8个笼子的一半，也就是4个笼子。", "8"),
    ("The answer is less than 18.", "18"),
    ("So he has half of 18 apples.", "18"),
    ("答：不是18，而是20。", "18"),
    ("The answer is not 12 but 15.", "12"),
]


@pytest.mark.parametrize(("response", "golden"), NOT_THAT_NUMBER)
def test_a_numeral_inside_something_else_is_not_that_number(response: str, golden: str) -> None:
    for checker in (NUMERIC, CMATH, TOLERANT):
        assert not checker.check(response, golden).correct, checker.name


@pytest.mark.parametrize(
    ("response", "golden"),
    [
        ("\\boxed{2^{10}}", "1024"),
        ("The answer is $\\boxed{5!}$", "120"),
        ("答：不是18，而是20。", "20"),
        ("The answer is not 12 but 15.", "15"),
    ],
)
def test_such_a_numeral_counts_for_the_value_it_denotes(response: str, golden: str) -> None:
    assert numeric(response, golden).correct


def test_a_word_answer_named_only_to_be_denied_is_not_given() -> None:
    assert not numeric("The answer is not John but Mary.", "John").correct
    assert numeric("The answer is not Mary but John.", "John").correct
    assert numeric("The answer was John.", "John").correct  # the same reader as for numbers


# -- 3. Forms real models write -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("response", "golden"),
    [
        ("答：共有3×10⁵人。", "300000"),
        ("The answer is 4.2 × 10^3 meters.", "4200"),
        ("The answer is $4.2 \\times 10^{3}$.", "4200"),
        ("The answer is 4.2e3.", "4200"),
        ("The answer is 2.5E-2", "0.025"),
        ("答：每人分得１２.５元。", "12.5"),
        ("答：一共有１，２００个。", "1200"),
        ("答：该商品打八五折出售。", "8.5"),
        ("So the total is $25,000/year.", "25000"),
        ("**Eliza earns $460.00 this week.**", "460"),
    ],
)
def test_forms_models_write_are_read(response: str, golden: str) -> None:
    assert numeric(response, golden).correct
    assert CMATH.check(response, golden).correct


@pytest.mark.parametrize(
    ("response", "golden", "problem"),
    [
        ("答：电影院可以收入7.6万元。", "76000", "电影院可以收入多少元？"),
        ("答：电影院可以收入7.6万元。", "7.6", "电影院可以收入多少万元？"),
        ("答：移动电话用户是2.4亿户。", "2.4", "移动电话用户是多少亿户？"),
        ("The city has 2.5 million people.", "2500000", "How many people live there?"),
    ],
)
def test_large_number_units_count_in_either_unit_the_question_allows(
    response: str, golden: str, problem: str
) -> None:
    assert numeric(response, golden, problem).correct
    assert not numeric("答：收入7.6万元。", "7.6", "收入多少元？").correct


def test_a_number_of_the_question_restated_in_the_answer_is_not_its_answer() -> None:
    response = "21.06×1000=21060\n答：扩大到原数的1000倍是2.106×10⁴。"
    assert numeric(response, "21060", "把21.06扩大到原数的1000倍是多少？").correct


def test_a_percentage_answers_a_what_percent_question_whose_golden_is_bare() -> None:
    problem = "全班40人，14人参加了比赛，参加比赛的人数占全班的百分之几？"
    assert numeric("14÷40=35%\n答：占全班的35%。", "35", problem).correct
    assert numeric("答：占全班的35。", "35%", problem).correct
    english = "14 of 40 students joined. What percent of the class joined?"
    assert numeric("14/40 = 0.35, so 35% joined.", "35", english).correct
    # A count question answered with a percentage is not its count.
    assert not numeric("答：一共有40%。", "40", "一共有多少个？").correct


def test_an_unreduced_golden_fraction_is_the_form_asked_for_only_when_a_fraction_is_asked() -> None:
    asked = "一个分数约分后是5/7，原来分子和分母的和是72，原来的分数是多少？"
    assert not numeric("答：原来的分数是5/7。", "30/42", asked).correct
    assert numeric("答：原来的分数是30/42。", "30/42", asked).correct
    assert numeric("答：原来的分数是42分之30。", "30/42", asked).correct
    assert numeric("答：剩下的那块长1/3米。", "2/6", "剩下的那块长多少米？").correct


# -- 4. Refusals and hedges ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "response",
    [
        "如果每人18个，那么……但题目没有说有几个人，条件不足，无法回答。",
        "18 + 2 = 20, but we do not know how many were eaten, so the answer cannot be determined.",
        "We would get 20 if she kept them all. There is not enough information to answer.",
        "答：20个。\n不过题目条件不足，无法确定。",
    ],
)
def test_a_response_that_declines_to_answer_is_not_credited_with_its_working(
    response: str,
) -> None:
    for checker in (NUMERIC, CMATH):
        verdict = checker.check(response, "20")
        assert not verdict.correct and verdict.outcome == "no_answer", checker.name


@pytest.mark.parametrize(
    "response", ["答：可能是18个或20个。", "The answer is either 18 or 20.", "答：18到20个。"]
)
def test_hedges_are_wrong(response: str) -> None:
    for checker in (NUMERIC, CMATH):
        assert not checker.check(response, "20").correct


# -- 5. Rounding is a named policy --------------------------------------------------------------


@pytest.mark.parametrize(
    ("response", "golden"),
    [("答：约64元。", "63.8"), ("The answer is 12.9", "13"), ("The answer is 250", "248.5")],
)
def test_the_paper_rule_accepts_rounding_that_the_strict_checker_refuses(
    response: str, golden: str
) -> None:
    assert CMATH.check(response, golden).correct
    assert not numeric(response, golden).correct


def test_a_correctly_rounded_decimal_counts_for_a_fraction_in_word_problems() -> None:
    assert numeric("答：每份是3.33米。", "10/3").correct
    assert not numeric("答：每份是3.3米。", "10/3").correct


# -- Repetition loops and number words ----------------------------------------------------------


def test_a_repetition_loop_cut_by_the_token_limit_keeps_its_answer() -> None:
    loop = "每天看5页，看了4天，看了5×4=20页，还剩16页，所以一共有20+16=36页。所以一共有36页。"
    response = loop * 3 + loop[:30]
    assert numeric(response, "36").correct


def test_a_concluding_sentence_in_words_after_digits_in_the_working() -> None:
    response = "There are 3 + 2 = 5 birds and 6 storks. 6 - 5 = 1.\nThere is one more stork."
    assert numeric(response, "1").correct
    assert not numeric("He has 5 apples. He gave one of them away", "1").correct


# -- One reader for every checker ---------------------------------------------------------------


@pytest.mark.parametrize(
    "response",
    [
        "So the answer is $\\frac{3}{4}$. Check: 3/4 of 8 is 6.",
        "Wait, that is wrong: it is 0.75.\nThe final answer is $\\boxed{\\frac{3}{4}}$",
        "答：小明吃了这个蛋糕的$\\frac{3}{4}$。",
    ],
)
def test_every_checker_reads_the_same_statement(response: str) -> None:
    text = final_answer(response)
    conclusion = conclude(response)
    assert text is not None and conclusion.numerals
    assert text.start <= conclusion.numerals[-1].start < conclusion.numerals[-1].end <= text.end
    assert numeric(response, "0.75").correct and CMATH.check(response, "3/4").correct


@pytest.fixture(scope="module")
def symbolic() -> SymbolicChecker:
    pytest.importorskip("sympy", reason="needs the math extra: pip install 'mathbench[math]'")
    return SymbolicChecker()


def test_symbolic_reads_scientific_notation_as_a_number(symbolic: SymbolicChecker) -> None:
    assert symbolic.check("\\boxed{1e-3}", "0.001").correct
    assert symbolic.check("\\boxed{2.5e3}", "2500").correct
    assert not symbolic.check("\\boxed{1e-3}", "e-3").correct


@pytest.mark.parametrize(
    ("response", "golden"),
    [
        ("$\\boxed{0.67}$", "\\frac{2}{3}"),
        ("$\\boxed{0.667}$", "\\frac{2}{3}"),
        ("$\\boxed{2.33}$", "\\frac{7}{3}"),
        ("$\\boxed{13.29}$", "\\frac{3840}{289}"),
        ("$\\boxed{1.41}$", "\\sqrt{2}"),
    ],
)
def test_math_answers_must_be_exact(symbolic: SymbolicChecker, response: str, golden: str) -> None:
    assert not symbolic.check(response, golden).correct


def test_a_column_vector_is_its_tuple(symbolic: SymbolicChecker) -> None:
    golden = "\\begin{pmatrix} -2 \\\\ -14 \\\\ -7 \\end{pmatrix}"
    assert symbolic.check("Final Answer: $(-2, -14, -7)$", golden).correct
    assert not symbolic.check("Final Answer: $(-2, -14, 7)$", golden).correct


def test_an_equation_in_another_form_than_the_question_asks(symbolic: SymbolicChecker) -> None:
    problem = (
        "Find the equation of the plane. Enter your answer in the form Ax + By + Cz + D = 0, "
        "where A, B, C, D are integers such that A > 0 and gcd(|A|,|B|,|C|,|D|) = 1."
    )
    golden = "5x - 7y + 11z + 4 = 0"
    assert symbolic.check("$\\boxed{5x-7y+11z+4=0}$", golden, problem=problem).correct
    assert not symbolic.check("$\\boxed{-5x+7y-11z-4=0}$", golden, problem=problem).correct
    # Without a stated form, the same equation times a factor is the same answer.
    assert symbolic.check("$\\boxed{-5x+7y-11z-4=0}$", golden).correct


def test_restating_the_expression_a_question_asks_to_simplify(symbolic: SymbolicChecker) -> None:
    problem = "Simplify $\\sqrt{242}$."
    assert not symbolic.check(
        "It is already simple: $\\boxed{\\sqrt{242}}$", "11\\sqrt2", problem=problem
    ).correct
    assert symbolic.check("$\\boxed{11\\sqrt{2}}$", "11\\sqrt2", problem=problem).correct
    assert symbolic.check("$\\boxed{\\sqrt{242}}$", "11\\sqrt2").correct  # no question: same value


# -- Kinds met on the second held-out set ---------------------------------------------------------


@pytest.mark.parametrize(
    ("response", "golden", "problem"),
    [
        ("全程：3900+50×2=4000（米）=4千米\n答：路程是4千米。", "4000",
         "张华家到学校的路程是多少？"),
        ("重量：1758.4×7.8=13715.52（克）\n答：这段钢材重13.71552千克。", "13715.52",
         "这段钢材有多重？"),
        ("LCM = 450 cm\n\nSo each person should walk at least 4.5 m.", "450",
         "Their steps measure 75 cm and 90 cm. What is the minimum distance each should walk?"),
        ("20 × 5 = 100 cents = $1.\nThe total value is $1.", "100",
         "A nickel is 5 cents. What is the total value of 20 nickels?"),
    ],
)  # fmt: skip
def test_the_same_quantity_in_another_unit_when_the_question_names_none(
    response: str, golden: str, problem: str
) -> None:
    assert numeric(response, golden, problem).correct


def test_a_unit_the_question_names_must_be_the_answers() -> None:
    assert not numeric("答：路程是4千米。", "4000", "路程是多少米？").correct


@pytest.mark.parametrize(
    ("response", "golden", "problem"),
    [
        ("答：A是560，B是56。", "560", "A、B两个数的和是616，那么A是多少？"),
        ("答：男教师有27人，女教师有81人。", "27",
         "育才小学有教师108人，其中女教师人数是男教师的3倍．男教师有多少人？"),
        ("答：每束便宜5元，实际每束只要25元。", "5",
         "买5束送一束。王阿姨一次买5束，每束便宜多少元？"),
        ("沈阳到大连有840千米。\n\n理由：速度120（千米/时），4+3=7（小时），120×7=840（千米）。",
         "840", "沈阳到大连有多少千米？"),
    ],
)  # fmt: skip
def test_names_units_in_brackets_and_full_width_stops_in_questions(
    response: str, golden: str, problem: str
) -> None:
    assert numeric(response, golden, problem).correct


def test_a_practice_problem_after_the_answer_is_no_part_of_it() -> None:
    response = "5+1=6（棵）\n答：一共需要6棵。\n\n练习：每隔5米栽一棵，需要几棵？\n"
    response += "20÷5+1=5（棵）\n答：需要5棵。"
    assert numeric(response, "6").correct and not numeric(response, "5").correct


def test_a_conclusion_that_qualifies_the_computed_number_is_not_that_number() -> None:
    response = "1000÷20=50（米）\n但是买东西也花了时间，所以他的平均速度不到每分钟50米。"
    assert not numeric(response, "50").correct


@pytest.mark.parametrize(
    ("response", "golden"),
    [
        ("So there are $9 \\times 7 = 63$ integer points strictly inside.", "63"),
        ("Then $P(5) = 125 - 110 = 15$.\n\nSo $P(5) = 15$.", "15"),
        ("The integers are 4, 5 and 6.\n\nThe largest of the three integers is 6.", "6"),
        ("**Maximum value: 27,648**", "27648"),
        ("$\\angle BAC$ is a right angle, i.e. 90 degrees.", "90"),
        ("The closest is the $12^{\\text{th}}$ grade.", "12"),
        ("So the range is $\\frac{\\pi^2}{8} \\le f(x) \\le \\frac{5\\pi^2}{4}$.",
         "\\left[ \\frac{\\pi^2}{8}, \\frac{5 \\pi^2}{4} \\right]"),
        ("So $x \\in \\{2, 3, 6, 9\\}$ and there are **4** possible values of $x$.", "4"),
        ("**Answer: 3** (namely 17, 53, and 71)", "3"),
        ("The minimum value is 64, attained at $a = b = 1/8$, $d = 1/2$.", "64"),
    ],
)  # fmt: skip
def test_math_answers_concluded_in_a_sentence(
    symbolic: SymbolicChecker, response: str, golden: str
) -> None:
    assert symbolic.check(response, golden).correct


# -- Kinds met on the third held-out set ----------------------------------------------------------


@pytest.mark.parametrize(
    ("response", "golden", "problem"),
    [
        ("2千400米 = 2400米\n2400 ÷ 2 = 1200（米）\n答：平均每小时骑车行1千200米。", "1200",
         "小华骑车行2千400米用2小时，平均每小时骑车行多少米？"),
        ("还差30页。\n理由：4小时看了5 × 4 = 20页，50 - 20 = 30页。", "30",
         "他每小时能看5页，4个小时后他还差多少页没看完？"),
        ("45 minutes.\n\nPeeling: 90 / 6 = 15 minutes. Cooking: 3 × 10 = 30 minutes. "
         "Total: 15 + 30 = 45 minutes.", "45", "How long will it take her?"),
        ("答：修路队已经修了0.75千米，也就是750米。", "750", "问：修路队已经修了多少米？"),
        ("Lola ate 2 of them, so there are 12 pieces left, not 14.", "12",
         "Kira bought 14 fruits. Lola ate 2. How many pieces are left?"),
        ("There are 4 more green peaches than red peaches (6 vs 2).", "4",
         "6 green peaches and 2 red peaches are in the basket. How many more green than red?"),
        ("115 \u2212 78 = 37. Paul has 37 books left.\n\nQuestion: If he buys 20 more, how many?"
         "\n37 + 20 = 57 books.", "37", "Paul had 115 books and sold 78. How many are left?"),
        ("Zoe took 67 and her sister 17 more, so together they took eighty-four pictures.", "84",
         "How many did they take in total?"),
        ("所以，4只兔子和一只鸡一共有 **18** 只脚。", "18", "4只兔子和一只鸡一共有多少只脚？"),
        ("Tanya earned $110.00 for these two days.", "110", "How much did Tanya earn?"),
    ],
)  # fmt: skip
def test_third_set_kinds(response: str, golden: str, problem: str) -> None:
    assert numeric(response, golden, problem).correct


@pytest.mark.parametrize(
    ("response", "golden", "problem"),
    [
        ("So the minimum is $\\left\\lceil \\frac{23}{2} \\right\\rceil = 12$.", "12", None),
        ("She must buy 11 ounces, bringing the total to 32 ounces = 2 pounds.", "11",
         "What is the minimum number of ounces she must buy?"),
        ("$$\\boxed{2 \\pmod{p}}$$", "2", None),
        ("So the list contains 21 numbers, with common difference 4.", "21",
         "How many numbers are in the list?"),
    ],
)  # fmt: skip
def test_third_set_math_kinds(
    symbolic: SymbolicChecker, response: str, golden: str, problem: str | None
) -> None:
    assert symbolic.check(response, golden, problem=problem).correct


# -- Kinds met on the fourth held-out set ---------------------------------------------------------


@pytest.mark.parametrize(
    ("response", "golden", "problem"),
    [
        ("做对：15-3=12（道）\n答：他做对了12道题，做错或不做的有3道。", "12",
         "一共15题，安安得了84分，他做对了多少道题？"),
        ("答：买这两种遥控车各一个共花101.36元，还剩18.64元。", "18.64",
         "乐乐有120元钱，买这两种遥控车各一个还剩多少元？"),
        ("答：女生有544人，全校男女生一共1233人。", "544", "女生比男生少145人。女生有多少人？"),
        ("So Cameron pays 1350 pesos and saves 250 pesos.", "250",
         "How much money would Cameron save?"),
        ("They had 8 balloons and 79 balls in the park.", "8",
         "How many balloons did Allan and Jake have in the park?"),
        ("Time: 4500 / 375 = 12 minutes.\n12 minutes is 0.2 hours.\n\n**Answer: 0.2 hours**", "12",
         "His speed is 375 words per minute. How long would it take him to speak 4500 words?"),
    ],
)  # fmt: skip
def test_fourth_set_kinds(response: str, golden: str, problem: str) -> None:
    assert numeric(response, golden, problem).correct


def test_a_ratio_said_with_to_when_a_ratio_is_asked() -> None:
    response = "Dividing both by 7 gives 10 : 3.\nThe ratio is 10 to 3."
    assert numeric(response, "10:3", "What is the ratio of money left to money spent?").correct
    assert not numeric("The answer is 3 to 4.", "3:4").correct  # elsewhere a range


def test_a_conclusion_after_the_answer_statement_takes_it_back() -> None:
    response = "5.6×5=28（米）\n答案是28米。\n再检查一下：16.8÷3=5.36。\n所以5小时可织布26.8米。"
    assert not numeric(response, "28", "5小时可织布多少米？").correct


@pytest.mark.parametrize(
    ("response", "golden", "correct"),
    [
        ("The final answer is $k = \\frac{2}{3}$ or $k = -2$.", "\\frac{2}{3}", False),
        ("Therefore $k = 4$ or $k = 0$.", "0,4", True),
        ("$3:5 = 18:30$, so Mary is eighteen years old.", "18", True),
        ("So no integer works, and the number of such $x$ is zero.", "0", True),
        ("The minimum value is $\\boxed{0.08\\overline{3}}$.", "\\frac{1}{12}", True),
        ("The side is $\\boxed{CD}$.", "\\overline{CD}", True),
    ],
)
def test_fourth_set_math_kinds(
    symbolic: SymbolicChecker, response: str, golden: str, correct: bool
) -> None:
    assert symbolic.check(response, golden).correct is correct


def test_number_words_in_a_concluding_line_chosen_by_the_question(
    symbolic: SymbolicChecker,
) -> None:
    response = (
        "The common divisors are 1, 2, 3, 4, 6, 12. So 48 and 156 have six divisors in common."
    )
    problem = "How many positive divisors do 48 and 156 have in common?"
    assert symbolic.check(response, "6", problem=problem).correct


# -- Kinds met on the fifth held-out set ----------------------------------------------------------


@pytest.mark.parametrize(
    ("response", "golden", "problem"),
    [
        ("应找回：100-98.3=1.7（元）\n答：应找回1元7角。", "1.7", "应找回多少元？"),
        ("10-1.2=8.8（元）\n答：一盒跳棋8元8角。", "8.8", "一盒跳棋多少钱？"),
        ("7×12=84（个）\n答：12个同学一共可以糊八十四个纸盒。", "84",
         "5个同学糊了35个纸盒．12个同学一共可以糊多少个纸盒？"),
        ("80-30=50（个）\n答：篮球有50个，比排球多20个。", "50",
         "篮球和排球一共有80个，其中排球有30个，那么篮球有多少个？"),
        ("35÷4=8（个）……3（个）\n可以装满8个盘子，还剩3个鸡蛋。如果要把鸡蛋全部装完，需要9个盘子。",
         "8", "有35个鸡蛋，每个盘子里能装4个鸡蛋，问可以装满多少个盘子？"),
        ("18+8=26（个）\n所以一共有26个苹果。如果外面有10个的话，就是28个。", "26",
         "篮子里有18个苹果，外面有8个，一共有多少个苹果？"),
        ("31本。东东搬了23本，方方搬了8本，合起来23+8=31本。", "31", "他们一共搬了多少本书？"),
        ("So Jeff now has 86 glasses and 42 plates, which is 128 items in total.", "128",
         "How many glasses and plates does Jeff have now?"),
        ("The house cost 3 × $30,000 = $90,000.\n\n**Answer: $90k**", "90000",
         "A house and a lot cost $120,000. How much did the house cost?"),
        ("Change = 100 - 54 = 46 cents.\n\nKate should get back 46 cents.", "0.46",
         "Kate gave the clerk $1.00. Her candy cost 54 cents. How much change should she get?"),
    ],
)  # fmt: skip
def test_fifth_set_kinds(response: str, golden: str, problem: str) -> None:
    assert numeric(response, golden, problem).correct


# -- Kinds met on the sixth held-out set ----------------------------------------------------------


@pytest.mark.parametrize(
    ("response", "golden", "problem"),
    [
        ("一月份用水160吨，二月份用水130吨，160+130=290（吨）。\n所以两个月一共用了290吨水。\n\n"
         "问题2：三月份比二月份多用20吨，三月份用水多少吨？\n答：130+20=150吨。", "290",
         "一月份用水160吨，二月份用水130吨，两个月一共用水多少吨？"),
        ("5×8=40（元）\nSo she spends 40 dollars.\n\nQuestion 2: How much for 9?\nAnswer: 45", "40",
         "Each book costs $5. How much do 8 books cost?"),
        ("30 - 8 = 22, then 22 + 10 = 32.\nShe has thirty-two songs on her mp3 player.", "32",
         "Robin had 30 songs, deleted 8 and added 10. How many songs does she have?"),
        ("4 + 3 = 7.\nThe H2O bottle now holds seven cups.", "7",
         "A bottle holds 4 cups and 3 more are added. How many cups does it hold?"),
    ],
)  # fmt: skip
def test_sixth_set_kinds(response: str, golden: str, problem: str) -> None:
    assert numeric(response, golden, problem).correct


@pytest.mark.parametrize(
    ("response", "golden"),
    [
        ("26+17=43，43-30=13。\n所以两个小组都参加的至少有13人，最多有17人。", "13"),
        ("So the group has at least 4 and at most 6 members.", "4"),
        ("答：最少要5天，最多要8天。", "8"),
    ],
)
def test_two_bounds_of_one_quantity_are_a_range_not_an_answer(response: str, golden: str) -> None:
    assert not numeric(response, golden).correct


@pytest.mark.parametrize(
    ("response", "golden", "problem"),
    [
        ("答：最多能装9箱，至少还剩2个。", "9", "38个苹果，每箱装4个，最多能装几箱？"),
        ("答：至少需要5辆车。", "5", "42人坐车，每辆车坐9人，至少需要几辆车？"),
    ],
)  # fmt: skip
def test_one_bound_or_bounds_of_two_quantities_are_no_range(
    response: str, golden: str, problem: str
) -> None:
    assert numeric(response, golden, problem).correct


# -- Kinds met on the seventh held-out set --------------------------------------------------------


@pytest.mark.parametrize(
    ("response", "golden", "problem"),
    [
        ("500 × 4 = 2 000（米）\n答：4天能铺2 000米。", "2000", "每天铺500米，4天能铺多少米？"),
        ("The farm earns 1 250 000 dollars a year.", "1250000", "How much does it earn?"),
        ("30÷29=1……1\n1+1=2\n所以至少有2名学生的生日是在同一天。", "2",
         "30名学生是2月份出生的，至少有多少名学生的生日是在同一天？"),
        ("他是班上唯一考满分的，一共答对了25题。", "25", "他一共答对了多少题？"),
    ],
)  # fmt: skip
def test_seventh_set_kinds(response: str, golden: str, problem: str) -> None:
    assert numeric(response, golden, problem).correct


@pytest.mark.parametrize(
    ("response", "golden"),
    [
        ("The digits are 3 4 5, so the answer is 5.", "5"),
        ("He scored 12 3456 points in total: 3456.", "3456"),
    ],
)
def test_a_space_groups_only_three_digits(response: str, golden: str) -> None:
    assert numeric(response, golden).correct


# -- Kinds left open after the seventh set, and met on the eighth ---------------------------------


@pytest.mark.parametrize(
    ("response", "golden", "problem"),
    [
        ("32/3小时=10小时40分钟\n答：需要10小时40分钟。", "10((2)/(3))", "一共需要多少时间？"),
        ("答：需要10时40分。", "640", "一共需要多长时间？"),
        ("So it takes 2 hours and 40 minutes.", "160", "How long does the download take?"),
        ("It takes 2 h 40 min in all.", "2.67", "How long does it take?"),
        ("答：绳子长3米20厘米。", "3.2", "绳子有多长？"),
        ("答：一共重2千克300克。", "2300", "一共有多重？"),
        ("答：用了1分30秒。", "90", "用了几分几秒？"),  # both units asked
    ],
)  # fmt: skip
def test_a_quantity_in_two_units_is_one_answer(response: str, golden: str, problem: str) -> None:
    assert numeric(response, golden, problem).correct


def test_a_quantity_in_two_units_does_not_answer_a_question_asking_for_one_unit() -> None:
    problem = (
        "The first movie is 1 hour 30 minutes long, the second 2 hours 5 minutes. "
        "How many minutes will it take to watch both?"
    )
    response = "**Answer:** It will take 3 hours and 35 minutes to watch both movies."
    verdict = numeric(response, "215", problem)
    assert not verdict.correct and "not the one asked" in verdict.reason
    assert ANY_UNIT.check(response, "215", problem=problem).correct


@pytest.mark.parametrize(
    ("response", "golden"),
    [
        ("答：需要10小时30分钟。", "10((2)/(3))"),
        ("答：需要2小时70分钟。", "190"),  # 70 minutes is no part of an hour: not one quantity
        ("答：用了3米20秒。", "320"),  # two kinds of unit are two quantities
    ],
)  # fmt: skip
def test_a_quantity_in_two_units_is_that_quantity_only(response: str, golden: str) -> None:
    assert not numeric(response, golden).correct


@pytest.mark.parametrize(
    ("response", "golden"),
    [
        (r"cos(-0.75π) = cos(135°) = $-\frac{\sqrt{2}}{2}$", "-0.7071"),
        (r"The answer is $2\sqrt{3}$.", "3.4641"),
        ("√8 = 2√2", "2.8284"),
        (r"$\boxed{\frac{\pi}{4}}$", "0.7854"),
        (r"$= 3-\sqrt{2}$", "1.5858"),
    ],
)  # fmt: skip
def test_an_irrational_answer_counts_for_the_golden_decimal_it_rounds_to(
    response: str, golden: str
) -> None:
    verdict = TOLERANT.check(response, golden)
    assert verdict.correct
    assert verdict.candidates and verdict.candidates[0].matches


@pytest.mark.parametrize(
    ("response", "golden"),
    [
        (r"$\boxed{\frac{\sqrt{3}}{2}}$", "2"),  # no 2, nor 3
        (r"$\boxed{\frac{\pi}{4}}$", "4"),
        (r"$\boxed{\frac{1}{2}\sqrt{3}}$", "0.5"),
        (r"$= 3-\sqrt{2}$", "-1.4142"),  # the run is 3 - √2, not -√2
        (r"$\boxed{\sqrt{2}x}$", "1.4142"),  # a variable: no value
        (r"The answer is $\sqrt{2}$.", "1.4"),  # one place is no deliberate rounding
    ],
)  # fmt: skip
def test_an_irrational_answer_is_none_of_the_numbers_in_it(response: str, golden: str) -> None:
    assert not TOLERANT.check(response, golden).correct
    assert not numeric(response, golden).correct


def test_the_quantity_named_exactly_as_asked_outranks_one_whose_name_contains_it() -> None:
    problem = "一个长方形菜地，面积是200平方米，宽是8米，长是多少米？"
    response = "200÷8=25（米）\n答：长是25米，菜地的周长是66米。"
    assert numeric(response, "25", problem).correct
    assert not numeric(response, "66", problem).correct


def test_a_made_up_follow_up_question_ends_the_response() -> None:
    response = (
        "He needs 823 \u2212 676 = 147 gallons of water to fill the hole.\n\n"
        "Follow-up question: If he can carry 49 gallons per trip, how many trips?\n"
        "Answer: 147 ÷ 49 = 3 trips."
    )
    assert numeric(response, "147 (gallons)").correct
    assert numeric("答：一共36页。\n\n拓展练习：每天看4页，要几天？\n答：9天", "36").correct


@pytest.mark.parametrize(
    ("response", "golden", "correct"),
    [
        ("They start together again at 2:10 p.m.", "14:10", True),
        ("They meet at 14:10.", "2:10 p.m.", True),
        ("答：下午2:10同时开始。", "14:10", True),
        ("They meet at 2:10 a.m.", "14:10", False),
        ("They meet at 2:10.", "14:10", False),  # which half of the day is not said
    ],
)  # fmt: skip
def test_a_time_of_day_on_either_clock(response: str, golden: str, correct: bool) -> None:
    assert numeric(response, golden).correct is correct


def test_an_answer_in_another_unit_than_the_one_asked_follows_the_units_policy() -> None:
    problem = "菜店运来6吨大白菜，上午卖出3000千克，下午全部卖完．下午卖出大白菜多少千克？"
    response = "6000-3000=3000千克=3吨\n答：下午卖出大白菜3吨。"
    assert not numeric(response, "3000", problem).correct  # Units.AS_ASKED, the default
    assert ANY_UNIT.check(response, "3000", problem=problem).correct
    problem = "图上1厘米表示实际100米，量得两村相距40厘米，两村实际相距多远？"
    assert numeric("答：两村实际相距4千米。", "4000", problem).correct  # the question names none


@pytest.mark.parametrize(
    ("response", "golden", "correct"),
    [
        (r"Therefore $a = 1$, $b = -16$, $c = -4$, $d = 43$.", "(1,-16,-4,43)", True),
        (r"So $x = 4$ and $y = 2$.", "(4,2)", True),
        (r"So $x = 4$ and $y = 2$.", "(2,4)", False),  # in the order written
        (r"So $x = 4$ or $x = 2$.", "(4,2)", False),  # two values of one unknown
        (r"So $\log_2 x = 2$ and $x = 4$.", "4", True),  # a step, then the value
        (r"The roots are $x = 2$, $x = 3$.", "2, 3", True),
    ],
)  # fmt: skip
def test_assignments_listed_are_one_answer(response: str, golden: str, correct: bool) -> None:
    assert SymbolicChecker().check(response, golden).correct is correct


# -- Kinds met on the ninth held-out set ----------------------------------------------------------


@pytest.mark.parametrize(
    ("response", "golden", "problem"),
    [
        ("640+770=1410\n小明两个阶段一共得到一千四百一十点。", "1410",
         "小明第一阶段得到640点，第二阶段得到770点．小明在两个阶段中得到点数和是多少？"),
        ("- Walking: 4 × 1.5 = 6 miles\n\n**Total distance:** 12 + 6 = **18 miles**", "18",
         "If she spends 6 hours, how many miles can she travel?"),
        ("285.6-265.8=19.8（万吨）\n答：全年超过计划19.8万吨。\n\n检验：265.8+19.8=285.6。",
         "19.8",
         "计划全年生产265.8万吨，实际生产285.6万吨。全年超过计划多少万吨？"),
        ("边长：52÷4=13（厘米）=1.3分米\n面积：1.3×1.3=1.69（平方分米）\n答：面积是1.69平方分米。",
         "169", "一根铁丝长52厘米，用它做一个正方形，这个正方形的面积是多少？"),
    ],
)  # fmt: skip
def test_ninth_set_kinds(response: str, golden: str, problem: str) -> None:
    assert numeric(response, golden, problem).correct


@pytest.mark.parametrize(
    ("response", "golden"),
    [
        ("答：速度超过18米。", "18"),  # a bound
        ("答：超过每分钟50米。", "50"),
        ("56 - 28 = 28（支）。咦，这题可能有误，我不确定答案。", "28"),
        ("So the difference would be 2 - (-3) = 5, but that is inconsistent, "
         "so I can't give a valid answer.", "5"),
    ],
)  # fmt: skip
def test_bounds_and_declined_answers_stay_wrong(response: str, golden: str) -> None:
    assert not numeric(response, golden).correct


# -- Kinds met on the tenth held-out set ----------------------------------------------------------


@pytest.mark.parametrize(
    ("response", "golden", "problem"),
    [
        ("15 - 5 = 10\n\nQuestion: 20 - 5 =\nAnswer: 15", "10", "15-5="),
        ("Total = 39 + 78 + 78 + 48 + 57 = 300\nAverage = 300 / 5 = 60\n\n"
         "She removed 300 Junebugs over the five days, which is an average of 60 per day.", "60",
         "What is the average number of Junebugs that she removes per day?"),
        ("两次一共剪了：46+44=90（米）\n这时绳子比原来短了90米，还剩176-90=86（米）。", "90",
         "一段绳子长176米，第一次剪了46米，第二次剪了44米，这时绳子比原来短了多少米．"),
        ("Mouse: 43 + 2 = 45 inches\n\nSo the mouse jumped 3 feet 9 inches.", "45",
         "The grasshopper jumped 25 inches, the mouse 20 more. How far did the mouse jump?"),
    ],
)  # fmt: skip
def test_tenth_set_kinds(response: str, golden: str, problem: str) -> None:
    assert numeric(response, golden, problem).correct


def test_a_unit_named_in_a_clause_of_its_own_is_asked() -> None:
    problem = "Pompei can lift a mountain 1 inch; Naruto 480 times higher. How high, in feet?"
    assert not numeric("So Naruto can lift it 480 inches high.", "40", problem).correct
    assert numeric("So Naruto can lift it 40 feet high.", "40", problem).correct


@pytest.mark.parametrize(
    "response",
    ["So the missing digit is either 4 or 8.", "So the missing digit is 4 or 8."],
)
def test_numbers_joined_by_or_after_is_are_a_hedge(response: str) -> None:
    assert not SymbolicChecker().check(response, "4").correct


# -- Kinds met on the eleventh held-out set -------------------------------------------------------


@pytest.mark.parametrize(
    ("response", "golden", "problem"),
    [
        ("因为3³=27<31≤3⁴=81，所以至少称4次才能保证找出较轻的一袋。", "4",
         "用天平至少称几次才能保证找出较轻的一袋？"),
        ("8-3-2=3\n还剩3个排球。\n如果三年级再借走1个，那么就剩下2个。如果四年级也借走1个，"
         "就一个也没有了，所以体育室应该多买一些", "3", "8个排球，借走3个和2个，问还剩多少？"),
        ("钢管的底面直径4dm=0.4m。\n3.14×0.4×9.6=12.0576（平方米）\n答：涂漆的面积是12.0576平方米。",
         "1205.76", "底面直径是4dm，长是9.6m的钢管，涂漆的面积是多少？"),
        ("Total = 880,000 + 960,000 + 1,040,000\n\n"
         "The company pays a total of $\\$2.88 \\times 10^{6}$ after three months.", "2880000",
         "Calculate the total amount of money the company pays in salaries after three months."),
        ("So Cayley earns $15 in total commission — $3 from the New York Times and $12 from the "
         "Wall Street Journal.", "15", "How much commission did Cayley earn?"),
        ("Adding: 2x = 48, so x = 24. Then y = 35 - 24 = 11.\n\nThe two numbers are 24 and 11.",
         "11; 24", "The sum of two numbers is 35. Their difference is 13. Find the numbers."),
    ],
)  # fmt: skip
def test_eleventh_set_kinds(response: str, golden: str, problem: str) -> None:
    assert numeric(response, golden, problem).correct


def test_parts_asked_by_name_stay_in_order() -> None:
    problem = "Tom is 10 years older than Ann; together they are 20. How old are Ann and Tom?"
    assert not numeric("Ann is 15 and Tom is 5.", "5; 15", problem).correct


@pytest.mark.parametrize(
    ("response", "golden"),
    [
        ("So the primes are 3 and 97, which sum to 100, and their product is 3 × 97 = 291.", "291"),
        ("The slope is $\\frac54$, so a perpendicular line has slope $-\\dfrac{4}{5}$.",
         "-\\frac{4}{5}"),
    ],
)  # fmt: skip
def test_a_concluding_line_is_read_to_its_result(response: str, golden: str) -> None:
    assert SymbolicChecker().check(response, golden).correct


def test_a_refusal_with_an_adverb_is_a_refusal() -> None:
    response = (
        "28 ÷ 4 = 7（米）。但是打结会损耗一部分长度，题目没有给出损耗，所以无法准确求出边长。"
    )
    assert not numeric(response, "7").correct


# -- Kinds met on the twelfth held-out set --------------------------------------------------------


@pytest.mark.parametrize(
    ("response", "golden", "problem"),
    [
        ("6/7÷12/35=5/2（天）\n答：乙队做了两天半后完成了工程。", "2.5", "乙队做了几天后完成？"),
        ("答：一共用了3个半小时。", "3.5", "一共用了几小时？"),
        ("5/11 of 44 = 20 fish with blue stripes.\n\n"
         "Altogether 42 fish have red or blue stripes (22 red + 20 blue).", "42",
         "There are 66 fish. Altogether, how many fish have red stripes and blue stripes?"),
        ("6+6=12\n\nQuestion: 7+7=\nAnswer: 14\n\nQuestion: 8+8=\nAnswer:", "12", "6+6="),
    ],
)  # fmt: skip
def test_twelfth_set_kinds(response: str, golden: str, problem: str) -> None:
    assert numeric(response, golden, problem).correct


def test_half_that_starts_another_word_is_no_half() -> None:
    assert numeric("答：这个圆的半径是3厘米。", "3").correct
    assert not numeric("答：一共有2个半圆。", "2.5").correct


@pytest.mark.parametrize(
    ("response", "golden"),
    [
        ("Interior + exterior = 180°, so exterior = 24°. The number of sides is 360°/24° = 15.",
         "15"),
        ("**Susan:** 4 × $20 × 0.75 = $60\n\n**Answer:** Pam pays **$10** more than Susan.", "10"),
    ],
)  # fmt: skip
def test_twelfth_set_math_kinds(response: str, golden: str) -> None:
    assert SymbolicChecker().check(response, golden).correct


# -- Kinds met on the thirteenth held-out set -----------------------------------------------------


def test_a_kind_of_test_question_is_no_answer_marker() -> None:
    response = (
        "Step 2: True/false: 90% of 20 = 18 points.\n"
        "Step 3: Long answer: 60% of 5 = 3 correct → 3 × 5 = 15 points.\n"
        "Step 4: Total = 8 + 18 + 15 = 41 points.\n\nAmy scores 41 points."
    )
    assert numeric(response, "41").correct


def test_a_sentence_ends_after_a_math_span() -> None:
    response = (
        "The remaining factor is $2^6/2^2 = 16$. Ages: 14, 14, 15, 15, 16, with mean $74/5 = 14.8$."
    )
    assert SymbolicChecker().check(response, "14.8").correct


# -- Kinds met on the fifteenth held-out set ------------------------------------------------------


@pytest.mark.parametrize(
    ("response", "golden"),
    [
        ("x = 32\n\nThe angles are 32°, 96°, and 52°.", "32 (degrees); 96 (degrees); 52 (degrees)"),
        ("So the three numbers are 4, 9 and 16", "4; 9; 16"),
    ],
)  # fmt: skip
def test_a_plain_sentence_lists_more_parts_than_the_window_of_two(
    response: str, golden: str
) -> None:
    assert numeric(response, golden).correct
    assert not numeric(response.replace("9", "8").replace("32°", "30°"), golden).correct


def test_the_asked_verb_phrase_picks_its_number_after_a_modal() -> None:
    problem = "公园原来有20条船，每天收入360元，现在增加了15条船，每天可以多收入多少元？"
    response = "答：现在每天收入630元，比原来多收入270元。"
    assert numeric(response, "270", problem).correct
    assert not numeric(response, "630", problem).correct
    # A modal that leaves a single character names nothing: "一共有多少" still asks for the total.
    total = "小明有5个，小红有7个，一共有多少个？"
    assert numeric("答：小明有5个，一共有12个。", "12", total).correct


@pytest.mark.parametrize(
    "response",
    [
        "Without knowing $\\mathbf{w}$, the projection of"
        " $\\begin{pmatrix} 7 \\\\ -2 \\end{pmatrix}$ onto it cannot be determined.",
        "The value $x = 5$ would need more data: there is not enough information to answer.",
    ],
)
def test_a_math_answer_followed_by_a_refusal_is_no_answer(response: str) -> None:
    golden = "5" if "x = 5" in response else "\\begin{pmatrix} 7 \\\\ -2 \\end{pmatrix}"
    verdict = SymbolicChecker().check(response, golden)
    assert not verdict.correct
    assert "declines" in verdict.reason
    # Declining before the answer is working, not a refusal of it.
    assert SymbolicChecker().check("It can't be solved by factoring, so $x = 5$.", "5").correct


# -- Kinds met on the sixteenth and seventeenth held-out sets --------------------------------------


@pytest.mark.parametrize(
    ("response", "golden"),
    [
        ("So $q(x) = a(x+2)(x-1)$ with $a = -3$:\n\n$$q(x) = -3x^2 - 3x + 6$$", "-3(x+2)(x-1)"),
        ("To add: (5 + (-11), -4 + 10) = (-6, 6)\n\nSo the sum is the vector (-6, 6).",
         "\\begin{pmatrix} -6 \\\\ 6 \\end{pmatrix}"),
        ("So $\\log_9 4 \\approx 0.63$.", "0.63"),
        ("$1529 = 6 \\times 254 + 5$, so $1529 \\equiv 5 \\pmod 6$.", "5"),
        ("$\\frac{5!\\cdot 2!}{3!}=\\frac{120\\cdot 2}{6}=\\frac{240}{6}=40$", "40"),
        ("$$PD=\\sqrt{9+25}=\\sqrt{34}\\approx 5.83.$$\n\n**PD = √34**", "\\sqrt{34}"),
    ],
)  # fmt: skip
def test_sixteenth_and_seventeenth_set_math_kinds(response: str, golden: str) -> None:
    assert SymbolicChecker().check(response, golden).correct


@pytest.mark.parametrize(
    ("response", "golden"),
    [
        ("$$q(x) = -3x^2 - 3x - 6$$", "-3(x+2)(x-1)"),
        ("So the sum is the vector (-6, 5).", "\\begin{pmatrix} -6 \\\\ 6 \\end{pmatrix}"),
        ("So $x \\approx 0.67$.", "\\frac{2}{3}"),  # a rounded decimal is no exact answer
        ("$1529 \\equiv 3 \\pmod 6$.", "5"),
        ("**PD = √35**", "\\sqrt{34}"),
    ],
)
def test_the_same_forms_with_another_value_are_wrong(response: str, golden: str) -> None:
    assert not SymbolicChecker().check(response, golden).correct


@pytest.mark.parametrize(
    ("response", "golden", "problem"),
    [
        ("c = 20 - 15 = 5.\n\n**There are 5 chickens and 15 cows on the farm.**", "5",
         "Farmer Brown has 20 animals, all either chickens or cows. They have 70 legs. "
         "How many of the animals are chickens?"),
        ("6 erasers cost 6 × $2 = $12 and 8 pencils cost 8 × $3 = $24. Together: $12 + $24 = $36.",
         "36",
         "An eraser costs $2 and a pencil costs $3. How much do 6 erasers and 8 pencils cost?"),
    ],
)  # fmt: skip
def test_sixteenth_and_seventeenth_set_word_kinds(response: str, golden: str, problem: str) -> None:
    assert numeric(response, golden, problem).correct
    other = "15" if golden == "5" else "24"
    assert not numeric(response, other, problem).correct


def test_a_tuple_in_prose_is_read_whole_when_the_question_is_known() -> None:
    problem = (
        "Find $\\begin{pmatrix} 5 \\\\ -4 \\end{pmatrix}"
        " + \\begin{pmatrix} -11 \\\\ 10 \\end{pmatrix}.$"
    )
    response = "Add the components: (5 + (-11), -4 + 10).\n\nSo the sum is the vector (-6, 6)."
    golden = "\\begin{pmatrix} -6 \\\\ 6 \\end{pmatrix}"
    assert SymbolicChecker().check(response, golden, problem=problem).correct
    assert not SymbolicChecker().check(response.replace("(-6, 6)", "(-6, 5)"), golden).correct


@pytest.mark.parametrize(
    ("response", "golden"),
    [
        ("18.\n\nA hexagonal prism has two faces with 6 edges each (12 edges), plus 6 lateral "
         "edges, for 18 edges in total.", "18"),
        ("- $n = 3$: product $2$, prime\n\nSo there is exactly one such positive integer.", "1"),
        ("$$(s-3) + (5s-3) = 30 \\Rightarrow s = 6.$$\n(The father is 30.)", "6"),
    ],
)  # fmt: skip
def test_a_closing_line_read_the_way_a_grader_reads_it(response: str, golden: str) -> None:
    problem = "How many edges does a hexagonal prism have? How many are there? How old is the son?"
    assert SymbolicChecker().check(response, golden, problem=problem).correct


# -- Kinds met on the eighteenth and nineteenth held-out sets -------------------------------------


MINUS = "\u2212"


@pytest.mark.parametrize(
    ("response", "golden", "wrong", "problem"),
    [
        ("The diagonal is 4*sqrt(2) inches.\n\nAnswer: 4*sqrt(2) inches", "4\\sqrt{2}",
         "4\\sqrt{3}", "How long is the diagonal?"),
        ("r = 3 and theta = pi/2.\n\nPolar coordinates: (3, pi/2)",
         "\\left( 3, \\frac{\\pi}{2} \\right)", "\\left( 3, \\frac{\\pi}{3} \\right)",
         "Convert the point $(0,3)$ to polar coordinates."),
        (f"(5 {MINUS} 3i)({MINUS}4 + 3i) = {MINUS}20 + 27i + 9\n= 27i {MINUS} 11", "-11 + 27i",
         "11 + 27i", "Simplify $(5-3i)(-4+3i)$."),
        ("Let $P$ take physics.\n\n**Physics: 110 students, chemistry: 220 students.**", "110",
         "220", "Some take chemistry. How many students take physics?"),
    ],
)  # fmt: skip
def test_eighteenth_and_nineteenth_set_math_kinds(
    response: str, golden: str, wrong: str, problem: str
) -> None:
    assert SymbolicChecker().check(response, golden, problem=problem).correct
    assert not SymbolicChecker().check(response, wrong, problem=problem).correct


@pytest.mark.parametrize(
    ("response", "golden", "problem"),
    [
        ("Discount = 200/2000 × 100% = 10%.\n\nThe friend got a **10%** discount.", "10",
         "Mr. Rogers bought it at 75% of its price. What is the percentage discount obtained by "
         "Mr. Roger's friend from the original price?"),
        ("14 × $10 = $140.\n\nHe would earn $140 in one week.", "140",
         "He earns $10 an hour. How much money would Jordan earn in one week?"),
        ("Enzo would need 55 ÷ 5 = 11 games, and Beatriz 55 ÷ 11 = 5 games.\n\n"
         "The minimum number of games Enzo could have played is 11.", "11",
         "What is the minimum number of games that Enzo could have played?"),
        ("Fred now has 47 + 111 + 34 = 192 dollars.\n\n(Jason still has 99 dollars.)", "192",
         "Jason has 99 dollars. How many dollars does Fred have now?"),
    ],
)  # fmt: skip
def test_eighteenth_and_nineteenth_set_word_kinds(response: str, golden: str, problem: str) -> None:
    assert numeric(response, golden, problem).correct


@pytest.mark.parametrize(
    ("response", "golden", "wrong"),
    [
        ("Noon plus 21 hours is 9 the next morning.\n\nShe lands at 9:00 AM local time.",
         "9\\text{ a.m.}", "9\\text{ p.m.}"),
        ("The bell rings at 4:30 p.m. Everyone leaves.", "\\text{4:30 p.m.}", "\\text{4:30 a.m.}"),
        ("Final Answer: The final answer is 1:03pm. I hope it is correct.", "\\text{1:03 PM}",
         "\\text{1:30 PM}"),
        ("So the meeting starts at 16:30.", "\\text{4:30 p.m.}", "\\text{4:30 a.m.}"),
    ],
)  # fmt: skip
def test_a_time_of_day_is_one_answer_in_any_spelling(
    response: str, golden: str, wrong: str
) -> None:
    assert SymbolicChecker().check(response, golden).correct
    assert not SymbolicChecker().check(response, wrong).correct


def test_a_time_of_day_is_read_only_as_a_whole_answer() -> None:
    assert normalise("2am + b") == "2am + b"
    assert normalise("13 pm") == "13 pm"  # no hour of a 12-hour clock


def test_the_assignment_to_what_the_question_asks_for_is_the_answer() -> None:
    problem = "Let $p, q, r$ be positive integers such that … Find $p + q + r.$"
    response = "Matching coefficients: so $p = 1$, $q = 4$, $r = 6$, and $p + q + r = 11$."
    assert SymbolicChecker().check(response, "11", problem=problem).correct
    assert not SymbolicChecker().check(response, "6", problem=problem).correct
    # The asked variable assigned twice is two answers, not the first of them.
    hedge = "The quadratic factors, so $m = 3$ or $m = -7$."
    assert not SymbolicChecker().check(hedge, "3", problem="Find $m$.").correct


def test_a_unit_the_golden_answer_names_is_one_it_counts_in() -> None:
    problem = "Ann has four quarters and six dimes. How much money does Ann have?"
    response = "4 × 25 = 100 cents, 6 × 10 = 60 cents.\n\nAnn has 160 cents."
    assert numeric(response, "1.6 (dollar)", problem).correct
    assert not numeric(response, "1.7 (dollar)", problem).correct


@pytest.mark.parametrize(
    ("problem", "total_asked"),
    [
        ("How many boxes did the shop sell Monday - Wednesday?", True),
        ("How much rain fell from January to March?", True),
        ("小明星期一到星期三读了多少页？", True),
        ("How many boxes did the shop sell on Wednesday?", False),
    ],
)
def test_a_span_of_days_asks_for_a_total(problem: str, total_asked: bool) -> None:
    response = (
        "| Day | Boxes |\n|---|---|\n| Monday | 120 |\n| Tuesday | 120 + 15 = 135 |\n"
        "| Wednesday | 2 × 135 = 270 |\n| **Total** | **525** |"
    )
    assert numeric(response, "525", problem).correct is total_asked
    assert numeric(response, "270", problem).correct is not total_asked


@pytest.mark.parametrize(
    ("response", "golden", "wrong"),
    [
        # "that's" states the value; a hyphenated number word names a part, not the value.
        ("The multiples of 9 below 50 are 9, 18, 27, 36, 45 — that's 5 numbers.", "5", "9"),
        ("The removed arc is one-third of that: $\\frac{9\\pi}{3} = 3\\pi$ cm.", "3\\pi", "1"),
        # A closing parenthetical sentence checks the answer; it is not the answer.
        ("So $c = \\frac{3}{4}$. (Then the leading term is $5 - 4c = 2 \\neq 0$, so the degree "
         "really is 2.)", "\\frac{3}{4}", "2"),
    ],
)  # fmt: skip
def test_twentieth_to_twenty_third_set_math_kinds(response: str, golden: str, wrong: str) -> None:
    assert SymbolicChecker().check(response, golden).correct
    assert not SymbolicChecker().check(response, wrong).correct


def test_an_alternative_with_an_adverb_is_still_a_hedge() -> None:
    response = "So $p+q$ is 12 or possibly 23."
    assert not SymbolicChecker().check(response, "12").correct


def test_or_inside_a_label_offers_no_choice_between_two_numbers() -> None:
    response = "Sold: 120. Total sold or given away: 120 + 35 = 155 apples."
    problem = "He sold 120 apples and gave away 35. How many apples were sold or given away?"
    assert numeric(response, "155", problem).correct
    assert not numeric("He sold 120 apples, or maybe 155.", "155", problem).correct


@pytest.mark.parametrize(
    ("response", "golden", "problem"),
    [
        # A full-width equals sign gives a result, as "=" does.
        ("(1/4)×12＝3", "3", "(1/4)*12=．"),
        ("解：设乙数为x。\nx＝40\n甲数：2×40＋5＝85\n注意：40是乙数，不是甲数。\n"
         "答：甲数＝85。", "85", "甲数比乙数的2倍多5，甲乙两数的和是125，那么甲数=．"),
        ("４８÷６×５＝８×５＝４０", "40", "48/6*5=．"),
        # A line's label names what its result counts.
        ("75 boys are 25% of the club, so the club has 75 ÷ 0.25 = 300 members. "
         "Girls: 300 − 75 = 225.", "225",
         "How many girls are in the club if 25% of its members are the 75 boys?"),
        # "多少铁皮" names no unit of measure, so an area in another unit answers it.
        ("一个面的面积：3×4＝12（平方分米）\n答：需要0.12平方米铁皮。", "12",
         "做这个面至少需要多少铁皮？"),
    ],
)  # fmt: skip
def test_twentieth_to_twenty_third_set_word_kinds(response: str, golden: str, problem: str) -> None:
    assert numeric(response, golden, problem).correct


@pytest.mark.parametrize(
    ("response", "golden", "wrong", "problem"),
    [
        # A bold value ends the line; "=" before bold gives the worked line's result.
        ("Sales: 5 × $3.20 = $16. With tax: **$17.28**", "\\$17.28", "16", None),
        ("The smallest score is 450 − 380 = **70 points**.", "70\\text{ points}", "450", None),
        ("The product of the blanks is 4 · 9 = **36** units.", "36", "9", None),
        ("Sum: 3 + 14 = **17**.", "17", "14", None),
        ("So the locus is a **parabola**.", "\\text{parabola}", "\\text{circle}", None),
        ("**23, 47**", "23 \\text{ and }47", "23", None),
        # A value that goes on in plain math after "is".
        ("So the ladder is 3√17 feet long (about 12.37 ft).", "3\\sqrt{17}", "3", None),
        # Option letters chosen, when the problem offers options.
        ("The equation reduces to $x^2 - y^2 = 4$.\n\n**B**", "\\text{(B)}", "\\text{(C)}",
         "What kind of curve is it? (A) Circle (B) Hyperbola (C) Line"),
        ("A, D", "\\text{A,D}", "\\text{A,C}",
         "Which are true? (A) one (B) two (C) three (D) four. Enter the letters."),
        # A quoted word the problem offers, said at the end; a capital letter too.
        ("$g(-x) = -g(x)$, so the function is odd.", "\\text{odd}", "\\text{even}",
         'Is $g$ even, odd, or neither? Enter "odd", "even", or "neither".'),
        ("The cycle has length 5, so the 2022nd letter is the 2nd, which is B.", "\\text{B}",
         "\\text{A}", "Which letter is in the 2022nd place?"),
        # An aside that closes the last sentence checks the answer.
        ("So $m = 12$ (and $18 \\cdot 12 = 216 = 6^3$).", "12", "216", None),
        ("x = 7.\n\nReason: 3x + 4 = 25 gives 3x = 21, so x = 7 (and y = 11, the point (7, 11)).",
         "7", "11", None),
    ],
)  # fmt: skip
def test_bold_options_words_and_asides_read_as_a_grader_reads_them(
    response: str, golden: str, wrong: str, problem: str | None
) -> None:
    assert SymbolicChecker().check(response, golden, problem=problem).correct
    assert not SymbolicChecker().check(response, wrong, problem=problem).correct


@pytest.mark.parametrize(
    "response",
    ["So 10 more coins must be added.", "So at most **3** colors can be used.",
     "**Largest area: 1,024**", "**The difference is 26.**"],
)  # fmt: skip
def test_a_word_or_bold_sentence_is_no_value(response: str) -> None:
    found = final_answer(response, "How many? Enter a number.")
    assert found is not None and any(c.isdigit() for c in found.text)


@pytest.mark.parametrize(
    ("response", "golden", "wrong", "problem"),
    [
        # The assignment to what the question sentence asks for, among the others.
        ("Thus $P=2$, $Q=5$, $R=7$, and $P+Q+R = 14$.", "14", "7",
         "If $P$, $Q$ and $R$ are digits, what is the sum $P+Q+R$? (Here $PQ$ is a number.)"),
        ("So $s = 4t$ and $\\dfrac{s}{t} = 4$.", "4", "1",
         "If $2s=8t$, what is the value of $\\frac{s}{t}$?"),
        # What a leading "since" clause says is a reason, not the answer.
        ("Since one root is $2$, $(p-2)(q-2) = 0$.", "0", "2",
         "What is the value of $(p-2)(q-2)$?"),
        # An answer statement that opens with the variable's name gives its value after it.
        ("解：配方得 $(x+4)^2=21$。\n答：$c$ 的值是 21。", "21", "4", "求 $c$ 的值。"),
        # A check that closes the response, in the answer's paragraph, is not the answer.
        ("So the original number is 9. Let me double-check: 4 times 9 is 36, and 18 plus 18 "
         "is also 36. Great!", "9", "36", "What is the original number?"),
    ],
)  # fmt: skip
def test_assignments_reasons_and_checks_read_as_a_grader_reads_them(
    response: str, golden: str, wrong: str, problem: str
) -> None:
    assert SymbolicChecker().check(response, golden, problem=problem).correct
    assert not SymbolicChecker().check(response, wrong, problem=problem).correct


@pytest.mark.parametrize(
    ("response", "golden", "problem"),
    [
        ("She read 3 × 7 = 21 pages.\n\n### Question 2\nIf she read 4 a day?\n\n### Answer\n"
         "4 × 7 = 28 pages.", "21", "She reads 3 pages a day. How many pages in a week?"),
        ("Each slice is 1/8, so each adult gets 2/8 = 1/4 of the pie, which is **25%**.", "25",
         "What percentage of the pie does each adult get?"),
    ],
)  # fmt: skip
def test_a_numbered_heading_and_a_percentage_asked_read_as_a_grader_reads_them(
    response: str, golden: str, problem: str
) -> None:
    assert numeric(response, golden, problem).correct


def test_declining_to_give_a_meaningful_answer_is_a_refusal() -> None:
    response = "If we ignored that, 154 − 91 = 63.\n\nI can't give a meaningful answer as stated."
    assert not numeric(response, "63", "How many more?").correct
    assert not numeric("The question does not have a valid answer (63?).", "63", "?").correct


@pytest.mark.parametrize(
    ("response", "golden", "wrong", "problem"),
    [
        ("The slope is 0, so $g$ is constant.\n\n**C) $g(0) = 3$**", "\\text{C}", "\\text{D}",
         "Which is true?  A) $g(0) < 0$  B) $g(0) = 0$  C) $g(0) = 3$  D) $g(0) > 9$"),
        ("**(4, 7)** is the point off the line.\n\nCheck: the slope from (1,1) to (2,3) is 2, so "
         "those are collinear, and (4, 7) gives 2 as well... so (4, 7) fits the pattern less.",
         "(4,7)", "(2,3)", "Which point is not on the line?"),
    ],
)  # fmt: skip
def test_options_a_bold_lead_and_the_asked_math(
    response: str, golden: str, wrong: str, problem: str
) -> None:
    assert SymbolicChecker().check(response, golden, problem=problem).correct
    assert not SymbolicChecker().check(response, wrong, problem=problem).correct


def test_numbers_worked_out_in_an_aside_after_a_refusal_are_no_answer() -> None:
    response = (
        "He ate more than he had, which is impossible, so the number left cannot be determined."
        "\n\n(If we only look at the pears, 8 − 5 = 3, but the problem is inconsistent.)"
    )
    assert not numeric(response, "3", "How many pears are left?").correct


def test_a_variable_the_question_names_is_no_thing_it_asks_for() -> None:
    response = "So $N = 1001$, and the quotient is $1001 / 7 = 143$."
    problem = "What is the quotient when $N$ is divided by 7?"
    assert not SymbolicChecker().check(response, "1001", problem=problem).correct
    assert SymbolicChecker().check(response, "143", problem=problem).correct


@pytest.mark.parametrize(
    ("response", "golden", "wrong"),
    [
        ("The solutions are x = −4 and x = 7.", "-4,7", "-4"),
        ("The roots are −4 and 7.", "-4, 7", "7"),
        ("The zeros are 1, 3, and 8.", "1,3,8", "1,3"),
        # The same value said twice is one answer; two values are a hedge.
        ("The ratio is 5/4, or 1.25.", "\\frac54", "\\frac45"),
    ],
)
def test_values_listed_after_a_copula_are_read_together(
    response: str, golden: str, wrong: str
) -> None:
    assert SymbolicChecker().check(response, golden).correct
    assert not SymbolicChecker().check(response, wrong).correct


def test_two_different_values_joined_by_or_stay_a_hedge() -> None:
    assert not SymbolicChecker().check("The ratio is 5/4, or 2.", "\\frac54").correct
    # A root is no plain number: "√3, or 3" offers two answers, not one said twice.
    assert not SymbolicChecker().check("The length is √3, or 3.", "\\sqrt{3}").correct


@pytest.mark.parametrize(
    ("response", "golden", "wrong", "problem"),
    [
        # An answer statement written as prose gives the value after its copula, else its first.
        ("答：84 和 126 的最大公因数是 42。", "42", "84", None),
        ("解：……\n答：余数是 3。", "3", "0", None),
        ("答：$m$ 的最小可能值是 -4。", "-4", "4", None),
        ("**Answer: 9 bikes are 3-wheeled and blue.**", "9", "3", None),
        # A ratio in bold is a value, not a label; a percentage said in prose is its fraction.
        ("Simplifying, the ratio of the areas is **8 : 21**.", "\\frac{8}{21}", "\\frac{21}{8}",
         None),
        ("P = 0.25 + 0.25 = 0.50\n\nSo there is a 50% chance of a match.", "\\frac12",
         "\\frac14", "What is the probability that the two spins match?"),
        # A closing check, and an aside after it, are read past to the answer stated first.
        ("**y = 12**\n\nCheck: the left side is $5 \\cdot 12 - 4 = 56$.\n\n(Expanding instead "
         "gives $y = 12$ too.)", "12", "56", None),
        # Plain forms: a matrix as a list of rows, a mixed number, thousands after brackets.
        ("Let A = [[p, q], [r, s]].\n\nA = [[2, -1],\n     [5, 0]]",
         "\\begin{pmatrix} 2 & -1 \\\\ 5 & 0 \\end{pmatrix}",
         "\\begin{pmatrix} 2 & 1 \\\\ 5 & 0 \\end{pmatrix}", None),
        ("45 ÷ 8 = 5 remainder 5, so 45/8 = 5 5/8.", "5\\frac58", "\\frac{25}{8}", None),
        ("$(2^4)(5^4) = 10^4 = 10,000$.", "10,\\!000", "10", None),
        # Relations joined by "or" are the union of their intervals.
        ("So the solutions are all $t$ with $t \\le -3$ or $t \\ge 3$.",
         "(-\\infty, -3] \\cup [3, \\infty)", "(-\\infty, -3) \\cup (3, \\infty)", None),
    ],
)  # fmt: skip
def test_twenty_eighth_to_thirty_first_set_math_kinds(
    response: str, golden: str, wrong: str, problem: str | None
) -> None:
    assert SymbolicChecker().check(response, golden, problem=problem).correct
    assert not SymbolicChecker().check(response, wrong, problem=problem).correct


@pytest.mark.parametrize(
    ("response", "golden", "correct"),
    [
        # A justification or check cut off after a whole answer sentence leaves the answer.
        ("Each box holds 6 pens. This is because 24 divided by 4 is 6, and each box has to hold "
         "the same number of", "6", True),
        ("The longer rope is 4 × 9 = 36 feet. To check: 36 + 9 = 45 ✓ and 36 is 4 times", "36",
         True),
        # A conclusion cut off, or a small model's loop cut mid-step, concluded nothing.
        ("Ellen has 15 balls, so she has 15 - 9 = 6 balls.\nEllen has 6 balls, so she has 6 - 2 = ",
         "6", False),
        # The right number in another unit than the golden answer's own is another quantity.
        ("Together 23 pounds, Marco's 14, so 23 − 14 = 9.\n\nHis dad's weighed 9 kilograms.",
         "9 (pounds)", False),
    ],
)  # fmt: skip
def test_cut_off_responses_and_golden_units(response: str, golden: str, correct: bool) -> None:
    assert numeric(response, golden, "How many?").correct is correct


def test_an_answer_cut_off_in_its_own_sentence_is_no_answer() -> None:
    response = (
        "Dividing by 8 gives $2520$.\n\nSo the number of arrangements is $4536 - 2520$, which"
    )
    assert not SymbolicChecker().check(response, "2016").correct


def test_an_alternative_in_brackets_is_a_hedge() -> None:
    for golden in ("5", "\\frac72"):
        assert not SymbolicChecker().check("**Answer: 5 (or possibly 7/2)**", golden).correct


@pytest.mark.parametrize(
    ("response", "golden", "wrong", "problem"),
    [
        # Coordinate clauses: the one said of what the question asks about.
        ("So y = 8.\n\nThe shorter rope is 8 m and the longer rope is 40 m.", "8", "40",
         "How many meters long is the shorter rope?"),
        ("So y = 8.\n\nThe longer rope is 40 m and the shorter rope is 8 m.", "8", "40",
         "How many meters long is the shorter rope?"),
        # A clause that concludes ("so", "that's") is the answer, whatever the question names.
        ("The two numbers are 21 and 9, so the larger number is 21.", "21", "9",
         "What is the larger of the two numbers?"),
        ("The integers between them are 4, 5 and 6, so there are 3.", "3", "4",
         "How many integers are between them?"),
        # Said first, then explained after a dash.
        ("It's 4 — the common factors of 8 and 12 are 1, 2 and 4, and it is not 1 or 2.", "4",
         "2", "Which number is it?"),
        # A justification after the answer, headed "Why:".
        ("**The minimum value is 5.**\n\nWhy: by AM-GM, x + 4/x ≥ 4, so x + 4/x + 1 ≥ 5, with "
         "equality at x = 2.", "5", "2", "Find the minimum value."),
        # Two values offered at the end are a hedge.
        ("That gives 8 pairs, but some may coincide. I'd say 4 or 8.", "8", "4",
         "Compute the number of pairs."),
    ],
)  # fmt: skip
def test_thirtieth_set_math_kinds(response: str, golden: str, wrong: str, problem: str) -> None:
    verdict = SymbolicChecker().check(response, golden, problem=problem)
    if "I'd say" in response:
        assert not verdict.correct
    else:
        assert verdict.correct
    assert not SymbolicChecker().check(response, wrong, problem=problem).correct


@pytest.mark.parametrize(
    ("response", "golden", "wrong", "problem"),
    [
        # A reason after the answer, introduced by "because" or "since", is not the answer.
        ("$\\log_3 1 = 0$, because $3^0 = 1$.", "0", "1", None),
        ("$\\arcsin 0 = 0$ radians, since $\\sin 0 = 0$ and $0 \\in [-\\pi/2, \\pi/2]$.", "0",
         "\\frac{\\pi}{2}", None),
        # The one bold value of a line; a dash then "so" is no explanation of the first value.
        ("6 per hour × 3.5 hours = 21.\n\nShe can fold **21 cranes** in 3½ hours.", "21", "6",
         None),
        ("That's 1, 2, 3, 6, 9, 18 — so 18 has **6** positive factors.", "6", "18", None),
        ("**Friday**", "\\text{Friday}", "\\text{Monday}", None),
        # Subscript digits name a base; an exact value before its approximation is the answer.
        ("So $49 = 301_4$.\n\n**301₄**", "301_4", "310_4", None),
        ("$$\\cos 315^\\circ = \\cos 45^\\circ = \\frac{\\sqrt{2}}{2} \\approx 0.7071.$$",
         "\\frac{\\sqrt{2}}{2}", "\\frac{1}{2}", None),
        # Scientific notation in prose is one number.
        ("20,000 × 1.5 = 30,000.\n\n**The car would travel 3 × 10⁴ feet.**", "30,\\!000", "3",
         None),
        # Closing pleasantries, cut off or not, are not the answer.
        ("The simplified polynomial is 4x^3 + 2x + 5.\n\nI hope this helps! Let me know if you "
         "have any other", "4x^3+2x+5", "5", None),
        # An equation in brackets after the value checks it.
        ("The greatest digit is **8** (84 = 4 × 21).", "8", "21", None),
        # A Greek letter is a variable of plain math.
        ("sin 2θ = 2 sin θ cos θ = 2 · (3/5) · (4/5) = 24/25", "\\frac{24}{25}", "\\frac{3}{5}",
         None),
        # The asked expression after display math in the problem.
        ("So $p = 2$, $q = -3$, $r = 7$, and $pq = -6$.", "-6", "7",
         "It becomes $$y = (px + q)^2 + r.$$ where $p,$ $q,$ and $r$ are integers. What is $pq$?"),
    ],
)  # fmt: skip
def test_thirty_second_to_thirty_fifth_set_math_kinds(
    response: str, golden: str, wrong: str, problem: str | None
) -> None:
    assert SymbolicChecker().check(response, golden, problem=problem).correct
    assert not SymbolicChecker().check(response, wrong, problem=problem).correct


def test_an_unreduced_exact_value_before_its_approximation_is_no_finished_answer() -> None:
    response = "$r = \\frac{\\text{Area}}{s} = \\frac{168}{36} \\approx 4.67$."
    assert not SymbolicChecker().check(response, "\\frac{14}{3}").correct


def test_an_alternative_after_about_is_a_hedge() -> None:
    response = "So $\\cos 60$ is either $\\frac{1}{2}$ or about $-0.952$."
    assert not SymbolicChecker().check(response, "\\frac12").correct


@pytest.mark.parametrize(
    ("response", "golden", "problem", "correct"),
    [
        # A bound is no answer unless the question asks for a least or most value.
        ("45 − 27 = 18, but we don't know the rest, so Kevin has at least 18 more stamps.", "18",
         "How many more stamps does Kevin have than Simon?", False),
        ("42 − 15 − 18 = 9, so she needs at least 9 points on the third test.", "9",
         "What is the least number of points she needs on the third test?", True),
        # Asking to clarify a question is declining to answer it.
        ("It seems cut off. If it means both together, that would be 80 + 41 = 121. Could you "
         "please clarify the question?", "121", "How many old games do they have", False),
        # "Find the dimensions" takes its parts in any order.
        ("2(w + w + 10) = 100, so w = 20.\n\nWidth = 20 cm, Length = 30 cm.", "30 (cm); 20 (cm)",
         "The perimeter is 100 cm. The length is 10 cm more than the width. Find the dimensions.",
         True),
        # A Chinese numeral that names something of the question (五年级) is no answer.
        ("23 − 19 = 4（元）\n答：五年级平均每人比三年级多捐四元。", "4",
         "五年级平均每人比三年级多捐多少元？", True),
    ],
)  # fmt: skip
def test_thirty_second_to_thirty_fifth_set_word_kinds(
    response: str, golden: str, problem: str, correct: bool
) -> None:
    assert numeric(response, golden, problem).correct is correct


@pytest.mark.parametrize(
    ("response", "golden", "wrong", "problem"),
    [
        # A noun naming the numbered thing before the answer, and degrees in plain math.
        ("The shift repeats every 9 years, so the next such year is **year 9**.", "9", "1", None),
        ("1 + 2 + 5 = 8 parts. 180° ÷ 8 = 22.5° per part. Largest angle = 5 × 22.5° = 112.5°.",
         "112.5^\\circ", "22.5^\\circ", None),
        ("Area = ½ × 16 × 8 = 64 cm².", "64", "16", None),
        # "between" asks for both ends; "gives" states a value.
        ("Their sum is about 9.6.\n\nThe sum lies between 9 and 10.", "9\\text{ and }10", "9",
         "Between what two consecutive integers is the sum? Enter it as \"$m$ and $n$\"."),
        ("The other two digits multiply to 3, so they are 3 and 1, and putting the 3 first gives "
         "831.", "831", "3", "What is the largest such integer whose digits multiply to 24?"),
        # "Here's why:" justifies a bold answer stated first; "no largest value" declines.
        ("**72.**\n\nHere's why: the hundreds digit should be as large as possible.", "72", "9",
         None),
    ],
)  # fmt: skip
def test_thirty_sixth_to_thirty_ninth_set_math_kinds(
    response: str, golden: str, wrong: str, problem: str | None
) -> None:
    assert SymbolicChecker().check(response, golden, problem=problem).correct
    assert not SymbolicChecker().check(response, wrong, problem=problem).correct


def test_no_largest_value_is_no_answer() -> None:
    response = (
        "If every number is 1, the mean is 1.\n\nSo there is no largest value: it is unbounded."
    )
    assert not SymbolicChecker().check(response, "1").correct


@pytest.mark.parametrize(
    ("response", "golden", "problem", "correct"),
    [
        # A bold answer stated first, then "Here's why:".
        ("**150 cakes.**\n\nHere's why: he started with 120, bought 80 (120 + 80 = 200), then sold "
         "50 (200 − 50 = 150).", "150", "How many cakes does the baker still have?", True),
        # The last sentence before a closing aside confirms the answer stated first.
        ("Fred earned $70 this week.\n\nHe earned $20 from papers and $50 from cars: 20 + 50 = 70. "
         "(What Jason earned doesn't matter here.)", "70", "How much did Fred earn?", True),
        # Numbers of an aside, after a space or opening a line, are no answer.
        ("She needs 12 − 5 = **7 more cups**. (The 2 cups of sugar and 9 cups of salt don't matter "
         "for this question.)", "7", "How many more cups of flour does she need?", True),
        ("Soda: 300 ÷ 5 = **60 days**.\n\n(The water wouldn't last a day: she drinks 400 a day but "
         "has 250.)", "60", "How many days will the soda last?", True),
        # The one bold number of the closing paragraph; two bold numbers are a two-part answer.
        ("Kim needs **42 bags** (6 packs), which matches 7 packs of ribbons.", "42",
         "How many bags does she need?", True),
        ("h + 4h = 250, so h = 50.\n\nHelmet: **$50**\nBike: **$200**", "50; 200",
         "How much do the helmet and the bike cost?", True),
    ],
)  # fmt: skip
def test_thirty_sixth_to_thirty_ninth_set_word_kinds(
    response: str, golden: str, problem: str, correct: bool
) -> None:
    assert numeric(response, golden, problem).correct is correct


@pytest.mark.parametrize(
    ("response", "golden", "wrong"),
    [
        # Degrees between alternatives, and an alternative in brackets, are hedges.
        ("So the angle between the hands is either 90° or 270°.", "90", "270"),
        ("So the non-integer root is $\\tfrac13$ (or $3$, if the roles are swapped).", "\\frac13",
         "3"),
    ],
)  # fmt: skip
def test_fortieth_to_forty_third_set_hedges(response: str, golden: str, wrong: str) -> None:
    assert not SymbolicChecker().check(response, golden).correct
    assert not SymbolicChecker().check(response, wrong).correct


@pytest.mark.parametrize(
    ("response", "golden", "wrong"),
    [
        # An arithmetic result after a quantity with its unit is no conversion said aside.
        ("Each of dad's steps is 5/2 of Sam's. 40 dad steps = 40 × 5/2 = 100 Sam steps.", "100",
         "\\frac52"),
        # A sentence that ends on an expression with pi says it, whatever verb comes before.
        ("Each half-circle has area 2π. The rest therefore has area 24 − 4π square units.",
         "24-4\\pi", "24"),
    ],
)  # fmt: skip
def test_fortieth_to_forty_third_set_math_kinds(response: str, golden: str, wrong: str) -> None:
    assert SymbolicChecker().check(response, golden).correct
    assert not SymbolicChecker().check(response, wrong).correct


@pytest.mark.parametrize(
    ("response", "golden", "problem", "correct"),
    [
        # A unit between an operand and its operator leaves it an operand.
        ("Height difference = 512 ft − 440 ft = 72 ft", "72 (ft)", "How much taller is it?", True),
        # A bound said of an equation's result.
        ("He had 20 and has 31 now, so he found at least 31 − 20 = 11 shells.", "11",
         "How many shells did he find?", False),
        # A dash that refines the answer does not break it down.
        ("The pears left must be fewer than 8 — specifically 11 − 8 = 3 pears left.", "3",
         "How many pears are left?", True),
        # A supposition cut off after the answer leaves the answer.
        ("12 × 25 = 300.\nSo Ann had 300 beads.\nIf she wanted 2 more necklaces she would need "
         "another 50 beads, bringing the total to", "300", "How many beads did Ann have?", True),
        # "不用4分钟" negates 4; the answer is the number in words.
        ("答：现在只要跳两分钟，不用4分钟。", "2", "现在跳完需要几分钟？", True),
    ],
)  # fmt: skip
def test_fortieth_to_forty_third_set_word_kinds(
    response: str, golden: str, problem: str, correct: bool
) -> None:
    assert numeric(response, golden, problem).correct is correct


@pytest.mark.parametrize(
    ("response", "golden", "wrong"),
    [
        # A unit in \mbox{} after a golden number, and a few characters before a value.
        ("解：6 × 12 × 4 = 288（立方米），288 ÷ 2 = 144（立方米）\n答：池中水的体积是 144 立方米。",
         "144 \\mbox{ m}^3", "288"),
        ("速度 = 15 ÷ 2.5 = 6（英里/小时）\n答：Mary 的平均速度是每小时 6 英里。", "6", "15"),
        ("所以 $\\dfrac{b}{c} = \\dfrac{1}{2}$。\n答：B 与 C 的重量之比为 $\\dfrac12$。",
         "\\frac12", "2"),
        # A list a sentence says of its value is no answer; a list after a label alone is.
        ("There are 7 multiples of 5 in that range: −15, −10, −5, 0, 5, 10, 15.", "7", "15"),
        ("x³ − 7x + 6 = (x − 1)(x − 2)(x + 3).\n\nRoots: −3, 1, 2", "1, 2, -3", "2"),
    ],
)  # fmt: skip
def test_forty_fourth_and_forty_fifth_set_math_kinds(
    response: str, golden: str, wrong: str
) -> None:
    assert SymbolicChecker().check(response, golden).correct
    assert not SymbolicChecker().check(response, wrong).correct


@pytest.mark.parametrize(
    ("response", "golden", "problem"),
    [
        # What each part holds, after ", each with", is no answer.
        ("GCD(36, 24) = 12, so Ann can make 12 groups, each with 3 pens and 2 pads.", "12",
         "What is the greatest number of groups she can make?"),
        # A made-up follow-up question under a heading of its own.
        ("20 − 9 = 11 friends can't go.\n\n### Follow-up question\nIf she took 12, how many "
         "couldn't go?\n**Answer:** 20 − 12 = 8", "11", "How many friends can't go?"),
    ],
)  # fmt: skip
def test_forty_sixth_and_forty_seventh_set_word_kinds(
    response: str, golden: str, problem: str
) -> None:
    assert numeric(response, golden, problem).correct


def test_labelled_values_listed_are_read_by_their_bold_one() -> None:
    response = "Each part = 350 / 7 = 50. | Cows = 4 × 50 = **200**, goats = 3 × 50 = 150."
    assert SymbolicChecker().check(response, "200").correct
    assert not SymbolicChecker().check(response, "150").correct


@pytest.mark.parametrize(
    ("response", "golden", "wrong", "problem"),
    [
        # An exact value before its approximation is the answer to an exact golden...
        ("$\\cos 30^\\circ = \\dfrac{\\sqrt{3}}{2} \\approx 0.866$", "\\frac{\\sqrt{3}}{2}",
         "\\frac{1}{2}", None),
        ("The minor axis has length $2\\sqrt{10} \\approx 6.32$.", "2\\sqrt{10}", "2\\sqrt{5}",
         None),
        # ... and the approximation to a decimal one; a variable before it is no value.
        ("The length is $2\\sqrt{10} \\approx 6.32$.", "6.32", "6.33", None),
        ("So $x \\approx 2.5$.", "2.5", "\\frac{7}{3}", None),
        # A condition on one variable after the value says where it holds, not the value...
        ("The curve passes through the point (15, −29) at t = 2.", "(15,-29)", "2",
         "Find the point the curve passes through at $t = 2.$"),
        ("The minimum value is 64, attained at $a = \\frac{1}{8}$.", "64", "\\frac{1}{8}",
         "Find the minimum value of $f(a)$ for $a > 0$."),
        ("So the sum is 45 for n = 9.", "45", "9", None),
        # ... unless the question asks about that variable, or nothing comes before it.
        ("The maximum value 7 is attained at $x = 3$.", "3", "7",
         "At what value of $x$ does $f(x) = 7 - (x-3)^2$ attain its maximum?"),
        ("The maximum occurs at x = 3.", "3", "7", None),
    ],
)  # fmt: skip
def test_forty_eighth_set_math_kinds(
    response: str, golden: str, wrong: str, problem: str | None
) -> None:
    assert SymbolicChecker().check(response, golden, problem=problem).correct
    assert not SymbolicChecker().check(response, wrong, problem=problem).correct


_MEALS = (
    "Anna has 7 peaches and Dana has 9 peaches. Anna divides hers into 20 meals; Dana's meals "
    "are 0.36 peaches each. Who has larger meals?"
)
_EYES = (
    "In Jesse's class, 16 students have blue eyes and 12 brown. In Kimi's class, 18 have blue "
    "eyes and 15 brown. Which class has a higher ratio of blue-eyed to brown-eyed students?"
)


@pytest.mark.parametrize(
    ("response", "golden", "wrong", "problem"),
    [
        # The one bold name the problem gives is the answer a "who" or "which" question asks...
        ("Anna: 7 ÷ 20 = 0.35 per meal.\nDana: 0.36 per meal.\n\nSince 0.36 > 0.35, **Dana** "
         "has the larger meals.", "Dana", "Anna", _MEALS),
        ("Dana has 0.36, more than Anna's 0.35, so **Dana** has the larger meals.", "Dana",
         "Anna", _MEALS),
        # ... and a name the line only mentions on the way is not.
        ("Jesse's class has 16 blue-eyed students and Kimi's class has 18. Since 18 is more than "
         "16, **Kimi's class** has the higher ratio.", "Kimi's class", "Jesse's class", _EYES),
    ],
)  # fmt: skip
def test_a_bold_name_from_the_problem_is_the_answer(
    response: str, golden: str, wrong: str, problem: str
) -> None:
    assert NumericChecker().check(response, golden, problem=problem).correct
    assert not NumericChecker().check(response, wrong, problem=problem).correct
    assert SymbolicChecker().check(response, f"\\text{{{golden}}}", problem=problem).correct
    assert not SymbolicChecker().check(response, f"\\text{{{wrong}}}", problem=problem).correct


@pytest.mark.parametrize(
    ("response", "golden", "wrong", "problem"),
    [
        # A bracket closed before the number holds no aside ("(1 + 20%) = 6（元）").
        ("进价：9 × 0.8 ÷ (1 + 20%) = 7.2 ÷ 1.2 = 6（元）", "6", "7.2", None),
        # A recap of labelled values, then a dash that introduces what they conclude.
        ("Robert: 27, James: 33, John: 54 — John has 54 − 33 = 21 more candies than James.",
         "21", "54", None),
        # Parts concluded on lines of their own, one each...
        ("Solving gives v = 11 and u = 5.\n\nSpeed of the boat in still water = (11 + 5)/2 = 8 "
         "km/h.\nSpeed of the stream = (11 − 5)/2 = 3 km/h.", "8 (km/hour); 3 (km/hour)",
         "8 (km/hour); 2 (km/hour)", None),
        # ... but working a blank line before the last line is not one of them.
        ("Let the shorter piece be x. Then x + (x + 2) = 8, so 2x = 6 and x = 3.\n\nThe longer "
         "piece is 5 ft.", "5 (ft)", "3 (ft); 5 (ft)", None),
        # A count of times after a worded operator is no operand of it.
        ("540 ÷ 6 = 90\n答：从540中连续减去九十次6，结果得0。", "90", "6",
         "从540中连续减去多少次6，结果得0．"),
    ],
)  # fmt: skip
def test_forty_ninth_to_fifty_second_set_word_kinds(
    response: str, golden: str, wrong: str, problem: str | None
) -> None:
    assert NumericChecker().check(response, golden, problem=problem).correct
    assert not NumericChecker().check(response, wrong, problem=problem).correct


def test_a_bare_expression_asks_nothing_that_picks_among_numbers() -> None:
    response = "71 ÷ 22 = 3 remainder 5, so 71/22 = 3 5/22"
    assert NumericChecker1e3().check(response, "3.2273", problem="71/22=").correct
    assert not NumericChecker1e3().check(response, "5", problem="71/22=").correct


@pytest.mark.parametrize(
    ("response", "golden", "wrong", "problem"),
    [
        # The one numeral of a prose answer statement, in Chinese.
        ("60 × 1/4 = 15\n答：袋子里有15颗蓝色弹珠。", "15", "60", None),
        ("所以个数为 $C_{10}^{3} = 120$。\n\n答：共有 120 个三位递减数。", "120", "10", None),
        # A product of variables after its coefficient, in plain text; a unit is no product.
        ("(q − 5)(3r + 6) = 3qr + 6q − 15r − 30", "3qr + 6q - 15r -30",
         "3qr + 6q - 15r + 30", None),
        ("So the side is 5cm.", "5", "5cm", None),
        # A factorial inside a sentence is no value; the "so" clause says the answer.
        ("There are 3! orderings, so the cube is cut into six pieces.", "6", "3",
         "How many pieces are there?"),
    ],
)  # fmt: skip
def test_forty_ninth_to_fifty_second_set_math_kinds(
    response: str, golden: str, wrong: str, problem: str | None
) -> None:
    assert SymbolicChecker().check(response, golden, problem=problem).correct
    assert not SymbolicChecker().check(response, wrong, problem=problem).correct


def test_a_problem_that_counts_in_wan_may_have_its_golden_in_wan() -> None:
    counted_in_wan = "某厂上半年生产电视机40万台，下半年比上半年多(1/8)，下半年生产电视机多少台？"
    response = "下半年产量 = 40 × (1 + 1/8) = 45（万台）\n答：下半年生产电视机45万台。"
    assert NumericChecker().check(response, "45", problem=counted_in_wan).correct
    assert not NumericChecker().check(response, "40", problem=counted_in_wan).correct
    # A problem that counts in plain units asks for them: 45万台 is not 45 台.
    plain = "某厂上半年生产电视机40台，下半年比上半年多(1/8)，下半年生产电视机多少台？"
    assert not NumericChecker().check(response, "45", problem=plain).correct


def test_a_bold_value_first_is_what_a_closing_check_confirms() -> None:
    response = (
        "**n = 4.**\n\nWe need $\\binom{n}{2}\\left(\\frac{5}{6}\\right)^2\\left(\\frac{1}{6}"
        "\\right)^{n-2} = \\frac{25}{216}$.\n\nCheck $n = 4$: $6 \\cdot \\frac{25}{36} \\cdot "
        "\\frac{1}{36} = \\frac{25}{216}$. ✓"
    )
    assert SymbolicChecker().check(response, "4").correct
    assert not SymbolicChecker().check(response, "\\frac{25}{216}").correct


@pytest.mark.parametrize(
    ("response", "golden", "wrong", "problem"),
    [
        # Pleasantries after the answer's sentence on its own line.
        ("So, the value of $x$ is **14**. I hope this helps! Let me know if you have any other "
         "questions.", "14", "6", None),
        # A worked "so" clause gives its result.
        ("The ratio is 18/90 = 1/5, so 9 shoe stores means 9 × 5 = 45 stores at University "
         "Mall.", "45", "\\frac{1}{5}", None),
        # Dollar signs that price amounts are no math delimiters...
        ("So Lenny has $25 and Larry has $10. Lenny has $15 more than Larry.", "15", "10", None),
        ("The sombrero costs $10 (the flip-flops cost $22 and the sunglasses $20).", "\\$ 10",
         "20", None),
        ("Difference: 26,398.59 − 24,800.00 = 1,598.59 ≈ **$1,599**.\n\nThe compound-interest "
         "option earns about $1,599 more.", "1599 \\text{ dollars}", "1598", None),
        # ... while a span of math with point names or \text{} stays math.
        ("So the figure has perimeter $3\\times(\\text{perimeter of }\\triangle ABC)=3\\times17"
         "=51$.", "51", "17", None),
        # A number word in a compound adjective is no number.
        ("So there is exactly **one** such four-tuple.", "1", "4", None),
    ],
)  # fmt: skip
def test_fifty_third_to_fifty_sixth_set_math_kinds(
    response: str, golden: str, wrong: str, problem: str | None
) -> None:
    assert SymbolicChecker().check(response, golden, problem=problem).correct
    assert not SymbolicChecker().check(response, wrong, problem=problem).correct


@pytest.mark.parametrize(
    ("response", "golden", "wrong", "problem"),
    [
        # A difference asked, and the line that says one.
        ("Old varnish: 6 × 7 = 42 minutes. New varnish: 6 × 12 = 72 minutes. Difference: "
         "72 − 42 = 30 minutes longer.", "30", "72",
         "Drying takes 7 minutes per painting with the old varnish and 12 with the new. How much "
         "longer will it take for 6 paintings with the new varnish?"),
        # A one-character Chinese numeral before a measure word, in an answer statement.
        ("佳佳今年10岁，要到20岁还需要：\n20 − 10 = 10（年）\n答：再过十年佳佳就是20岁了。", "10",
         "20", "佳佳今年10岁，再过多少年是20岁？"),
    ],
)  # fmt: skip
def test_fifty_third_to_fifty_sixth_set_word_kinds(
    response: str, golden: str, wrong: str, problem: str | None
) -> None:
    assert NumericChecker().check(response, golden, problem=problem).correct
    assert not NumericChecker().check(response, wrong, problem=problem).correct


def test_one_chinese_character_is_read_only_as_a_count() -> None:
    read = conclude("答：他十分高兴，一共拿到了5个。")
    assert [n.text for n in read.numerals] == ["5"]


def test_a_bare_expression_restated_with_its_value_answers_it() -> None:
    pattern = "10+7=17\n\n11+8=19\n\n12+9=21"
    assert NumericChecker1e3().check(pattern, "17", problem="10+7=").correct
    assert not NumericChecker1e3().check(pattern, "21", problem="10+7=").correct
    scientific = "35460 × 26064 = 9.2422944 × 10^8"
    assert NumericChecker1e3().check(scientific, "924229440", problem="35460×26064=").correct
    # An answer statement after the expression still decides.
    stated = "(31 + 55) / (19 + 76) = 86 / 95\n\nSo the answer is 86/95."
    assert NumericChecker1e3().check(stated, "0.9053", problem="( 31 + 55) / ( 19 + 76)=").correct


def test_prices_are_blanked_and_math_kept_in_place() -> None:
    text = "Lenny has $25 and Larry has $10, and $x = 2$."
    blanked = without_currency(text)
    assert len(blanked) == len(text)
    assert blanked == "Lenny has  25 and Larry has  10, and $x = 2$."
    assert without_currency("The area is $12\\pi$ and $3$.") == "The area is $12\\pi$ and $3$."


@pytest.mark.parametrize(
    ("response", "golden", "wrong", "problem"),
    [
        # An adverb between the copula and its value.
        ("The minimum value for n ≥ 2015 is therefore 1.", "1", "2015", None),
        # Plain assignments listed for an ordered pair the problem asks for.
        ("From 8 = 2a, a = 4. From 34 = 32 + 2b, b = 1.\n\nTherefore a = 4 and b = 1.", "(4,1)",
         "(1,4)", "Find the ordered pair $(a,b)$."),
    ],
)  # fmt: skip
def test_fifty_fifth_set_math_kinds(
    response: str, golden: str, wrong: str, problem: str | None
) -> None:
    assert SymbolicChecker().check(response, golden, problem=problem).correct
    assert not SymbolicChecker().check(response, wrong, problem=problem).correct


@pytest.mark.parametrize(
    ("response", "golden", "wrong", "problem"),
    [
        # Parts concluded one to a line, after labels that number the lines.
        ("Each part is 27 ÷ 9 = 3 inches.\n\n- Side 1: 2 × 3 = 6 inches\n- Side 2: 4 × 3 = 12 "
         "inches\n- Side 3: 3 × 3 = 9 inches", "6 (inches); 12 (inches); 9 (inches)",
         "3 (inches); 12 (inches); 9 (inches)", None),
        # Parts said of the names the question asks them by, in another order.
        ("x + (x + 5) = 29, so x = 12.\n\nJack is 12 years old and Ana is 17 years old.",
         "17 (years old); 12 (years old)", "12 (years old); 17 (years old)",
         "Ana is 5 years more than Jack. The sum of their ages is 29. Find the ages of Ana and "
         "Jack."),
    ],
)  # fmt: skip
def test_fifty_third_set_part_kinds(
    response: str, golden: str, wrong: str, problem: str | None
) -> None:
    assert NumericChecker().check(response, golden, problem=problem).correct
    assert not NumericChecker().check(response, wrong, problem=problem).correct


def test_a_clock_time_is_no_labelled_index() -> None:
    assert [n.text for n in conclude("Bus 2: it leaves at 3:45.").numerals][-1:] != ["2"]


@pytest.mark.parametrize(
    ("response", "golden", "wrong", "problem"),
    [
        # A statement that denies its value is no answer; the closing line says it.
        ("Careful — the answer is not 18. We also need the 3rd, 13th and 23rd.\n\nTotal: "
         "$36 + 18 = 54$.\n\nSo **54** days.", "54", "18", None),
        # Arithmetic left undone before an approximation: the approximation is the answer.
        ("Side $= \\sqrt{196} = 14$ ft, so the radius is $7$ ft.\n\nArea $= \\pi \\cdot 7^2 "
         "\\approx 153.94$ square feet.", "153.94", "49\\pi", None),
        # A list whose comma sits inside the first span.
        ("So $a > 0$ and $c > 0$.\n\nAnswer: $a,$ $c$", "a, c", "a", None),
        # An approximation glued to \\approx, and a percentage that only ends the line.
        ("Probability $= \\frac13 \\approx 33.3\\%$.", "\\frac{1}{3}", "\\frac{1}{2}",
         "What is the probability that segments $AB$ and $CD$ intersect?"),
        ("$17\\equiv1$ and $18\\equiv2\\pmod4$, so $17\\cdot18\\equiv2\\pmod 4$.", "2", "4", None),
    ],
)  # fmt: skip
def test_fifty_seventh_to_sixtieth_set_math_kinds(
    response: str, golden: str, wrong: str, problem: str | None
) -> None:
    assert SymbolicChecker().check(response, golden, problem=problem).correct
    assert not SymbolicChecker().check(response, wrong, problem=problem).correct


@pytest.mark.parametrize(
    ("response", "golden", "problem"),
    [
        # Two roots offered where one is asked is a hedge, spelt with "or".
        ("x² + x − 2 = 0, which factors as (x + 2)(x − 1) = 0.\nSo the number is x = 1 or "
         "x = −2.", "-2", "What is the smallest number which is one less than twice its "
         "reciprocal?"),
        # Two bold values offered as alternatives after a marker.
        ("I get either 84 or 96 depending on the count.\n\nSo the answer is either **84** or "
         "**96**.", "84", None),
        # A value worked out after saying it cannot be confirmed is no answer.
        ("The measure of angle x cannot be determined with certainty. If they form a triangle, "
         "x would be 180° − 90° − 30° = 60°, but without the figure I can't confirm that.",
         "60^\\circ", None),
    ],
)  # fmt: skip
def test_hedges_and_refusals_that_mention_the_golden_are_wrong(
    response: str, golden: str, problem: str | None
) -> None:
    assert not SymbolicChecker().check(response, golden, problem=problem).correct


@pytest.mark.parametrize(
    ("response", "golden", "wrong", "problem"),
    [
        # A colon introduces the math that works out the value said before it.
        ("There are 6 doubles out of 36 equally likely outcomes: $\\frac{6}{36}=\\frac16$.",
         "\\frac{1}{6}", "6", None),
        # An option letter in brackets alone on the last line is the one chosen, not an aside.
        ("Multiplying by $r$ gives a circle.\n\n(B)", "\\text{(B)}", "\\text{(C)}",
         "Find the curve defined by $r = \\cos \\theta + \\sin \\theta$. (A) Line (B) Circle "
         "(C) Parabola (D) Ellipse (E) Hyperbola"),
        # Numbers listed alone on the last line are one answer; 8,000 is one number.
        ("So $a=7$, $b=9$, $c=12$, $d=13$.\n\n7, 9, 12, 13", "7,9,12,13", "13", None),
        ("Then 90² − 100 = 8,100 − 100 = 8,000.\n\n**8,000**", "8000", "100", None),
        # The asked expression's assignment, worked on to its value.
        ("So $c_2=10$, $c_1=33$, $c_0=31$, and $c_2^2+c_1^2+c_0^2=100+1089+961=2150$.", "2150",
         "31", "Find $c_2^2 + c_1^2 + c_0^2.$"),
        # An extra the response goes on to, cut off, leaves the answer before it.
        ("The length of the woods is 3 miles. We could also find the perimeter, which would be "
         "2 × (8 + 3) = 22 miles, and the", "3", "22", None),
        # A fraction in words.
        ("The shaded part is exactly one half of the semicircle's area.", "\\frac{1}{2}", "1",
         "What fraction of the semicircle's area is shaded?"),
    ],
)  # fmt: skip
def test_fifty_seventh_to_sixtieth_set_recall_kinds(
    response: str, golden: str, wrong: str, problem: str | None
) -> None:
    assert SymbolicChecker().check(response, golden, problem=problem).correct
    assert not SymbolicChecker().check(response, wrong, problem=problem).correct


def test_number_words_read_fractions_and_not_ordinals() -> None:
    read = find_numerals("two thirds of them, the third one, three-quarters", words=True)
    # "the third one" is a pronoun after an ordinal: neither is a number.
    assert [(n.text, n.value) for n in read] == [
        ("two thirds", Fraction(2, 3)),
        ("three-quarters", Fraction(3, 4)),
    ]


@pytest.mark.parametrize(
    ("response", "golden", "wrong", "problem"),
    [
        # A capital letter said after a colon, for a letter asked.
        ("2009 = 4 × 502 + 1, so the 2009th letter is the same as the 1st letter: M", "\\text{M}",
         "\\text{A}", "The word MATH is repeatedly written. What letter will occur in the 2009th "
         "position?"),
        # A reason after "because", no comma.
        ("$\\log_2 1 = 0$ because $2^0 = 1$.", "0", "1", None),
        # The expression after "by" that ends the sentence.
        ("(x + 10) − (10 − x) = 2x\n\nSo x + 10 exceeds 10 − x by 2x.", "2x", "2", None),
        # A plain mixed number before its unit.
        ("The car would travel 137 1/2 miles.", "137 \\frac{1}{2}", "\\frac{1}{2}", None),
        # A Chinese statement's one numeral counted with a measure word.
        ("合计：81+81=162（个）。\n\n答：恰好含一个0的整数有162个。", "162", "0", None),
    ],
)  # fmt: skip
def test_sixty_first_to_sixty_fourth_set_math_kinds(
    response: str, golden: str, wrong: str, problem: str | None
) -> None:
    assert SymbolicChecker().check(response, golden, problem=problem).correct
    assert not SymbolicChecker().check(response, wrong, problem=problem).correct


@pytest.mark.parametrize(
    ("response", "golden", "wrong", "problem"),
    [
        # The minutes of a clock time are no quantity.
        ("By 16:00, 2000 more voted, leaving 1000.\n\nNumber who had not voted by 16:00: 1 × 10³ "
         "people.", "1000", "0", None),
        # What each part receives, after ", and each", is no answer.
        ("GCD(48, 32) = 16. So the corporation can donate to 16 schools, and each school "
         "receives 3 computers and 2 printers.", "16 (schools)", "2 (printers)", None),
        # English numbers of several words are read beside digits...
        ("Melissa scored one thousand two hundred points in 10 games (120 × 10).",
         "1200 (points)", "10 (games)", "Melissa scored 120 points in each game. How many points "
         "did she score in 10 games?"),
        # ... but not as operands of worded arithmetic.
        ("Ninety minus eighty-seven leaves her with three DS games.", "3 (DS games)",
         "87 (DS games)", None),
    ],
)  # fmt: skip
def test_sixty_first_to_sixty_fourth_set_word_kinds(
    response: str, golden: str, wrong: str, problem: str | None
) -> None:
    assert NumericChecker().check(response, golden, problem=problem).correct
    assert not NumericChecker().check(response, wrong, problem=problem).correct


@pytest.mark.parametrize(
    ("response", "golden", "wrong", "problem"),
    [
        # A decimal golden asked "to the nearest hundredth" is answered by the approximation.
        ("$$V = \\frac13 \\cdot 4^2 \\cdot 2\\sqrt2 = \\frac{32\\sqrt2}{3} \\approx 15.08 \\text{ "
         "cubic inches}.$$", "15.08", "15.09", None),
        # An "answer" field of JSON closing the response.
        ('{"reasoning": "x = u² + u/2 is least at u = -1/4.", "answer": "-1/16"}',
         "-\\frac{1}{16}", "-\\frac{1}{4}", None),
        ('```json\n{"reasoning": "26*25.",\n "answer": 650\n}\n```', "650", "25", None),
        # A Chinese statement that opens on a given counts what it says after.
        ("所以滴数为 $1000 \\div \\frac14 = 4000$。\n\n答：一升水有 4000 滴。", "4000", "1",
         None),
        # "are each", and an aside in brackets inside a reason, then the value.
        ("The large angles are each $2x = 135^\\circ$, and the acute ones are $67.5^\\circ$.",
         "135", "67.5", "What is the common measure of the large angles, in degrees?"),
        ("Since the base has to be positive (and bigger than 5, because the digit 5 shows up), "
         "the base is $b = 7$.", "7", "5", None),
    ],
)  # fmt: skip
def test_sixty_fifth_to_sixty_eighth_set_math_kinds(
    response: str, golden: str, wrong: str, problem: str | None
) -> None:
    assert SymbolicChecker().check(response, golden, problem=problem).correct
    assert not SymbolicChecker().check(response, wrong, problem=problem).correct


def test_a_value_offered_with_another_after_a_dash_is_a_hedge() -> None:
    response = (
        'So there are **28** perfect squares between 10 and 1000 — or **27** if "between" is '
        "read strictly."
    )
    assert not SymbolicChecker().check(response, "28").correct
    assert not SymbolicChecker().check(response, "27").correct


def test_single_number_words_beside_compound_ones_are_numbers() -> None:
    response = "Maria had sixty-seven pieces and ate sixty-four, so she has three pieces left."
    problem = "Maria had sixty-seven pieces of candy. She ate sixty-four pieces. How many now?"
    assert NumericChecker().check(response, "3 (pieces)", problem=problem).correct
    assert not NumericChecker().check(response, "64 (pieces)", problem=problem).correct
