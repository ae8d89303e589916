"""Units of measure, for an answer given in another unit than the golden one counts in.

When a question names no unit ("张华家到学校的路程是多少？") a teacher accepts the same quantity in
any unit ("4千米" for a golden 4000 counted in 米); when it names one ("多少米？") the answer must
be in it, and this module is not asked. A conversion counts only to a unit of the same kind that
the problem or the response itself mentions, so that a number is never matched through a unit
nobody used.

A quantity written in two units of one kind (``10小时40分钟``, ``2 hours and 40 minutes``,
``3米20厘米``) is one answer: ``compound_after`` reads it, valued in its smaller unit, and
``in_larger_unit`` gives the same quantity in its larger one, since either is what a teacher
reads it as.
"""

from __future__ import annotations

import re
from fractions import Fraction

#: Each unit's kind and size in that kind's base unit; several spellings each.
_UNITS: dict[str, tuple[str, Fraction]] = {}


def _define(kind: str, size: Fraction | int, *spellings: str) -> None:
    for spelling in spellings:
        _UNITS[spelling] = (kind, Fraction(size))


_define("length", 1000, "千米", "公里", "km", "kilometer", "kilometre")
_define("length", 1, "米", "m", "meter", "metre")
_define("length", Fraction(1, 10), "分米", "dm", "decimeter", "decimetre")
_define("length", Fraction(1, 100), "厘米", "cm", "centimeter", "centimetre")
_define("length", Fraction(1, 1000), "毫米", "mm", "millimeter", "millimetre")
# US customary units, exactly as defined in metres, grams and litres ("in" is too common a word).
_define("length", Fraction(1609344, 1000), "mile")
_define("length", Fraction(9144, 10000), "yard", "yd")
_define("length", Fraction(3048, 10000), "foot", "feet", "ft")
_define("length", Fraction(254, 10000), "inch", "inche")
_define("mass", 1_000_000, "吨", "ton", "tonne")
_define("mass", 1000, "千克", "公斤", "kg", "kilogram")
_define("mass", 1, "克", "g", "gram")
_define("mass", Fraction(45359237, 100000), "pound", "lb")
_define("mass", Fraction(28349523125, 10**9), "ounce", "oz")
_define("time", 86400, "天", "day")
_define("time", 3600, "小时", "时", "hour", "hr", "h")
_define("time", 60, "分钟", "minute", "min")
_define("time", 1, "秒", "second", "sec", "s")
_define("money", 100, "元", "块", "yuan", "dollar")
_define("money", 10, "角")
_define("money", 1, "cent")
_define("area", 1_000_000, "平方千米", "km²", "km2")
_define("area", 10_000, "公顷", "hectare")
_define("area", 1, "平方米", "m²", "m2")
_define("area", Fraction(1, 100), "平方分米", "dm²", "dm2")
_define("area", Fraction(1, 10_000), "平方厘米", "cm²", "cm2")
_define("volume", 1000, "立方米", "m³", "m3")
_define("volume", 1, "立方分米", "升", "liter", "litre", "l", "dm³", "dm3")
_define("volume", Fraction(1, 1000), "立方厘米", "毫升", "milliliter", "millilitre", "ml", "cm³")
_define("volume", Fraction(3785411784, 10**9), "gallon", "gal")
_define("volume", Fraction(946352946, 10**9), "quart", "qt")
_define("volume", Fraction(473176473, 10**9), "pint", "pt")

#: The unit a golden answer names in brackets after its number (``9 (pounds)``).
_GOLDEN_UNIT = re.compile(r"\(([A-Za-z]+)\)")
_AFTER = re.compile(
    r"[ \t*_]{0,4}[（(]?[ \t]{0,1}([\u4e00-\u9fff]{1,4}|[A-Za-z][A-Za-z²³23]{0,11})"
)
_MENTION = re.compile(
    "|".join(
        # "4dm": a unit glued to its number is still mentioned.
        sorted((re.escape(u) if not u.isascii() else rf"(?<![A-Za-z]){re.escape(u)}s?\b"
                for u in _UNITS),
               key=len, reverse=True)
    )
)  # fmt: skip


def is_unit(word: str) -> bool:
    """Whether a word is a unit of measure (``feet``, ``minutes``, ``千克``)."""
    return _lookup(word) is not None


def names_a_unit(word: str) -> bool:
    """Whether a word a question asks in is a unit of measure or begins one (多少平方米 is read
    as 平方; 多少铁皮 as 铁, which is no unit)."""
    return is_unit(word) or (not word.isascii() and any(u.startswith(word) for u in _UNITS))


def contradicts(unit: str, golden: str) -> bool:
    """Whether ``unit`` is of the same kind as the unit a golden answer names in brackets
    (ASDiv's ``9 (pounds)``) but another size: the same number is then another quantity."""
    named = _GOLDEN_UNIT.search(golden)
    mine, theirs = _lookup(unit), _lookup(named[1]) if named else None
    return mine is not None and theirs is not None and mine[0] == theirs[0] and mine[1] != theirs[1]


def _lookup(word: str) -> tuple[str, Fraction] | None:
    """A unit's kind and size by any of its spellings, singular or with a plural s."""
    key = word.lower()
    return _UNITS.get(key) or (_UNITS.get(key[:-1]) if key.endswith("s") else None)


def unit_of(text: str, start: int, end: int) -> str | None:
    """The unit written with the number at ``text[start:end]``: after it (``4千米``, ``4.5 m``,
    ``1200（米）``) or a currency sign before it (``$1``); None when there is none."""
    if start > 0 and text[start - 1] == "$" and text[end : end + 1] != "$":
        return "dollar"
    found = _AFTER.match(text, end, end + 16)
    if found is None:
        return None
    word = found[1]
    for length in range(len(word), 0, -1):  # the longest spelling that starts the word
        candidate = word[:length]
        key = candidate.lower()
        if key in _UNITS or (key.endswith("s") and key[:-1] in _UNITS and length == len(word)):
            return key if key in _UNITS else key[:-1]
        if candidate.isascii():
            return None  # an English word must be a unit whole, not by its first letters
    return None


def converts(value: Fraction, unit: str, golden: Fraction, *texts: str) -> bool:
    """Whether ``value`` in ``unit`` is ``golden`` in a unit of the same kind that one of
    ``texts`` (the problem, the response) mentions."""
    kind, size = _UNITS[unit]
    for text in texts:
        names = [mention[0].lower() for mention in _MENTION.finditer(text)]
        if "$" in text:
            names.append("dollar")  # "$1.00" mentions dollars as "1 dollar" does
        for name in names:
            other = _lookup(name)
            for other_kind, other_size in _with_derived(other):
                if (
                    other_kind == kind
                    and other_size != size
                    and value * size / other_size == golden
                ):
                    return True
    return False


def _with_derived(unit: tuple[str, Fraction] | None) -> list[tuple[str, Fraction]]:
    """A unit, and for a length the area and volume units it makes: an area computed from sides
    in 厘米 counts in 平方厘米 though nobody wrote that unit."""
    if unit is None:
        return []
    kind, size = unit
    if kind != "length":
        return [unit]
    # Areas count in 平方米, volumes in 立方分米 (a litre): (size m)^3 is size^3 * 1000 dm³.
    return [unit, ("area", size**2), ("volume", size**3 * 1000)]


#: Kinds a quantity is written in two units of. Money has its own reading (``1元7角``), which
#: also takes the 角 and 分 that name other things elsewhere.
_COMPOUND_KINDS = ("time", "length", "mass")
#: ``分`` is a minute only beside hours or seconds (``10时40分``, ``1分30秒``); alone it is too
#: many other things (a point, a cent, a part).
_MINUTE = "分"


def _spelling_pattern(spellings: list[str]) -> str:
    """Longest spelling first; an English one whole, in any case, with an optional plural s."""
    return "|".join(
        re.escape(u) if not u.isascii() else rf"(?i:{re.escape(u)}s?)\b"
        for u in sorted(spellings, key=len, reverse=True)
    )


_COMPOUND_UNITS = _spelling_pattern(
    [*(u for u, (kind, _) in _UNITS.items() if kind in _COMPOUND_KINDS), _MINUTE]
)
_COMPOUND = re.compile(
    rf"[ \t]{{0,2}}(?P<big>{_COMPOUND_UNITS})[ \t]{{0,2}}"
    r"(?:(?:and|又|零|,|，)[ \t]{0,2})?(?P<rest>[0-9]{1,4}(?:\.[0-9]{1,6})?)[ \t]{0,2}"
    rf"(?P<small>{_COMPOUND_UNITS})"
)


def compound_after(text: str, end: int, stop: int) -> tuple[int, Fraction, Fraction] | None:
    """When the whole number ending at ``end`` is the first part of a quantity in two units
    (``10`` of ``10小时40分钟``): where the quantity ends, how many of its smaller unit make its
    larger one, and its second part. None when it is not, for which the second unit must be
    smaller than the first, of the same kind, and its part fewer than one of the larger unit."""
    found = _COMPOUND.match(text, end, stop)
    if found is None:
        return None
    ratio = _ratio(found["big"], found["small"])
    rest = Fraction(found["rest"])
    if ratio is None or rest >= ratio:
        return None
    return found.end(), ratio, rest


def in_larger_unit(text: str, value: Fraction) -> Fraction | None:
    """``value``, a quantity in two units counted in its smaller one (``text`` is what it was
    read from: ``2 hours and 40 minutes``, 160), counted in its larger one instead (8/3)."""
    found = _compound_in(text)
    return None if found is None else value / found[2]


def compound_units(text: str) -> tuple[str, str] | None:
    """The two units a quantity in two units is written in (``小时``, ``分钟``), or None."""
    found = _compound_in(text)
    return None if found is None else (found[0], found[1])


def _compound_in(text: str) -> tuple[str, str, Fraction] | None:
    """The larger and smaller unit of the quantity in two units ``text`` holds, and their ratio."""
    found = _COMPOUND.search(text)
    ratio = None if found is None else _ratio(found["big"], found["small"])
    return None if found is None or ratio is None else (found["big"], found["small"], ratio)


def _ratio(big: str, small: str) -> Fraction | None:
    """How many ``small`` make one ``big``, when both are units of one kind and ``big`` is the
    larger; None otherwise."""
    larger, smaller = _unit(big, beside=small), _unit(small, beside=big)
    if larger is None or smaller is None or larger[0] != smaller[0] or smaller[1] >= larger[1]:
        return None
    return larger[1] / smaller[1]


def _unit(spelling: str, *, beside: str) -> tuple[str, Fraction] | None:
    if spelling == _MINUTE:
        beside_unit = _unit(beside, beside="")
        return _UNITS["分钟"] if beside_unit in (_UNITS["小时"], _UNITS["秒"]) else None
    return _lookup(spelling)
