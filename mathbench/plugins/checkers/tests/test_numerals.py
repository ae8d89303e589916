"""The numeral reader: every form, exact values, exact spans, and bounded cost on hostile text."""

# Full-width digits and Chinese punctuation are the subject of these tests, not typos:
# ruff: noqa: RUF001

from __future__ import annotations

import time
from fractions import Fraction

import pytest

from mathbench.plugins.checkers.numerals import (
    MAX_DIGITS,
    Form,
    Numeral,
    find_numerals,
    format_value,
    parse_numeral,
)


def read(text: str, *, words: bool = False) -> list[tuple[str, Fraction, Form]]:
    found = find_numerals(text, words=words)
    for numeral in found:
        assert text[numeral.start : numeral.end] == numeral.text
    return [(n.text, n.value, n.form) for n in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("有18个", [("18", Fraction(18), Form.INTEGER)]),
        ("共1,450元", [("1,450", Fraction(1450), Form.INTEGER)]),
        ("12,345,678", [("12,345,678", Fraction(12345678), Form.INTEGER)]),
        ("１８个", [("１８", Fraction(18), Form.INTEGER)]),
        ("１，４５０元", [("１，４５０", Fraction(1450), Form.INTEGER)]),
        ("3.5千克", [("3.5", Fraction(7, 2), Form.DECIMAL)]),
        ("１２．５", [("１２．５", Fraction(25, 2), Form.DECIMAL)]),
        ("占72/180", [("72/180", Fraction(2, 5), Form.FRACTION)]),
        ("３／４", [("３／４", Fraction(3, 4), Form.FRACTION)]),
        ("$\\frac{3}{4}$", [("\\frac{3}{4}", Fraction(3, 4), Form.FRACTION)]),
        ("\\dfrac{ 2 }{ 5 }", [("\\dfrac{ 2 }{ 5 }", Fraction(2, 5), Form.FRACTION)]),
        ("\\tfrac{-3}{4}", [("\\tfrac{-3}{4}", Fraction(-3, 4), Form.FRACTION)]),
        ("\\frac12", [("\\frac12", Fraction(1, 2), Form.FRACTION)]),
        ("五分之三", [("五分之三", Fraction(3, 5), Form.FRACTION)]),
        ("5分之3", [("5分之3", Fraction(3, 5), Form.FRACTION)]),
        ("十二分之五", [("十二分之五", Fraction(5, 12), Form.FRACTION)]),
        ("万分之一", [("万分之一", Fraction(1, 10000), Form.FRACTION)]),
        ("2又1/3", [("2又1/3", Fraction(7, 3), Form.MIXED)]),
        ("二又三分之一", [("二又三分之一", Fraction(7, 3), Form.MIXED)]),
        ("2\\frac{1}{3}", [("2\\frac{1}{3}", Fraction(7, 3), Form.MIXED)]),
        ("2 1/2 cups", [("2 1/2", Fraction(5, 2), Form.MIXED)]),
        ("40%", [("40%", Fraction(2, 5), Form.PERCENT)]),
        ("４０ ％", [("４０ ％", Fraction(2, 5), Form.PERCENT)]),
        ("百分之四十", [("百分之四十", Fraction(2, 5), Form.PERCENT)]),
        ("百分之37.5", [("百分之37.5", Fraction(3, 8), Form.PERCENT)]),
        ("百分之三十七点五", [("百分之三十七点五", Fraction(3, 8), Form.PERCENT)]),
        ("三分之一千克", [("三分之一", Fraction(1, 3), Form.FRACTION)]),
        ("took **1⅓ hours**", [("1⅓", Fraction(4, 3), Form.MIXED)]),
        ("2 ¾ miles", [("2 ¾", Fraction(11, 4), Form.MIXED)]),
        ("add ½ cup", [("½", Fraction(1, 2), Form.FRACTION)]),
    ],
)
def test_each_form_has_its_exact_value_and_span(
    text: str, expected: list[tuple[str, Fraction, Form]]
) -> None:
    assert read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("温度是-5℃", [("-5", Fraction(-5))]),
        ("答：−8", [("−8", Fraction(-8))]),
        ("= -7", [("-7", Fraction(-7))]),
        ("负3", [("负3", Fraction(-3))]),
        ("-\\frac{1}{2}", [("-\\frac{1}{2}", Fraction(-1, 2))]),
        ("5-3=2", [("5", Fraction(5)), ("3", Fraction(3)), ("2", Fraction(2))]),
        ("x-1", [("1", Fraction(1))]),
        ("(2)-1", [("2", Fraction(2)), ("1", Fraction(1))]),
        ("- 5 apples", [("5", Fraction(5))]),
    ],
)
def test_a_minus_is_a_sign_only_where_it_is_no_subtraction(
    text: str, expected: list[tuple[str, Fraction]]
) -> None:
    assert [(n.text, n.value) for n in find_numerals(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("H2O CO2 mp3 x2 A4 var_1", []),
        ("\\approx3.14", [Fraction(157, 50)]),
        ("2023/10/5", [Fraction(2023), Fraction(10), Fraction(5)]),
        ("1,4500", [Fraction(1), Fraction(4500)]),
        ("18，20", [Fraction(18), Fraction(20)]),
        ("3 12/4", [Fraction(3), Fraction(3)]),
        ("1/0", []),
        ("ⅠⅡⅢ ①②③ ⁵⁶", []),
    ],
)
def test_things_that_are_not_one_number(text: str, expected: list[Fraction]) -> None:
    assert [n.value for n in find_numerals(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("答：二十四个", [("二十四", 24)]),
        ("一共一百零五个", [("一百零五", 105)]),
        ("两千零五十", [("两千零五十", 2050)]),
        ("一万二千", [("一万二千", 12000)]),
        ("一亿二千万", [("一亿二千万", 120_000_000)]),
        ("二〇二三年", [("二〇二三", 2023)]),
        ("三点五", [("三点五", Fraction(7, 2))]),
        ("一千克", [("一", 1)]),
        ("十分钟", [("十", 10)]),
        ("十分好", []),
        ("一些人一起吃了一个", [("一", 1)]),
        ("twenty-four", [("twenty-four", 24)]),
        ("one hundred and five", [("one hundred and five", 105)]),
        ("Two Thousand three hundred", [("Two Thousand three hundred", 2300)]),
        ("someone alone", []),
    ],
)
def test_number_words_only_on_request(text: str, expected: list[tuple[str, Fraction]]) -> None:
    assert [(n.text, n.value) for n in find_numerals(text, words=True)] == expected
    assert find_numerals(text) == []


def test_chinese_flag_marks_numerals_written_in_chinese() -> None:
    found = find_numerals("五分之三和5分之3", words=True)
    assert [(n.text, n.chinese) for n in found] == [("五分之三", True), ("5分之3", False)]


def test_offsets_index_the_whole_text_when_a_window_is_given() -> None:
    text = "开头12，中间34，结尾56"
    found = find_numerals(text, 5, 11)
    assert [(n.text, n.start, n.end) for n in found] == [("34", 7, 9)]
    assert all(text[n.start : n.end] == n.text for n in found)


def test_a_window_that_cuts_a_number_reads_only_its_part() -> None:
    # The caller decides where to cut; the checker moves its cuts off digits for this reason.
    assert [n.text for n in find_numerals("12345", 2)] == ["345"]


@pytest.mark.parametrize(
    ("golden", "value", "form"),
    [
        ("18", Fraction(18), Form.INTEGER),
        (" 72/180 ", Fraction(2, 5), Form.FRACTION),
        ("40%", Fraction(2, 5), Form.PERCENT),
        ("3.5", Fraction(7, 2), Form.DECIMAL),
        ("-3", Fraction(-3), Form.INTEGER),
        ("1,450", Fraction(1450), Form.INTEGER),
        ("$18$", Fraction(18), Form.INTEGER),
        ("二十四", Fraction(24), Form.INTEGER),
    ],
)
def test_parse_numeral_reads_a_golden_answer(golden: str, value: Fraction, form: Form) -> None:
    parsed = parse_numeral(golden)
    assert parsed is not None and (parsed.value, parsed.form) == (value, form)


@pytest.mark.parametrize("golden", ["", "abc", "1 2", "18个", "3:2", "x=5", "1/0"])
def test_parse_numeral_refuses_anything_but_one_number(golden: str) -> None:
    assert parse_numeral(golden) is None


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Fraction(1450), "1450"),
        (Fraction(2, 5), "0.4"),
        (Fraction(-9, 4), "-2.25"),
        (Fraction(1, 1024), "0.0009765625"),
        (Fraction(1, 3), "1/3"),
        (Fraction(7, 3), "7/3"),
        (Fraction(1, 10**13), "1/10000000000000"),
        (Fraction(-1, 2), "-0.5"),
    ],
)
def test_format_value(value: Fraction, text: str) -> None:
    assert format_value(value) == text


def test_ten_thousand_digits_are_no_number_and_cost_little() -> None:
    started = time.perf_counter()
    assert find_numerals("1234567890" * 1000) == []
    assert find_numerals("9" * (MAX_DIGITS + 1)) == []
    assert [n.value for n in find_numerals("9" * MAX_DIGITS)] == [Fraction(10**MAX_DIGITS - 1)]
    assert time.perf_counter() - started < 1


@pytest.mark.parametrize(
    "garbage",
    [
        "{" * 100_000,
        "\\frac{" * 20_000,
        "\\frac{1}{" * 10_000,
        "五分之" * 30_000,
        "1/" * 50_000,
        "1," * 50_000,
        "一" * 100_000,
        "one and " * 10_000,
        "1" + " " * 100_000 + "%",
    ],
)
def test_hostile_text_is_read_in_linear_time(garbage: str) -> None:
    started = time.perf_counter()
    found: list[Numeral] = find_numerals(garbage, words=True)
    assert all(garbage[n.start : n.end] == n.text for n in found)
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize(
    ("text", "value"),
    [("the difference is −4.", -4), ("so it must be -7", -7), ("x − 4", 4), ("2y −4", 4)],
)
def test_a_minus_after_a_word_of_prose_is_a_sign(text: str, value: int) -> None:
    assert find_numerals(text)[-1].value == value
