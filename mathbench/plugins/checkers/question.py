"""Reading the question, to pick the quantity it asks for from an answer that names several.

An answer statement often names the answer and another quantity: the remainder ("答：可以装9箱，
还剩2个。"), the price of several things ("She pays $45 for 3 tickets."), two people's shares
("答：甲有36本，乙有45本。"), a unit conversion ("1.2千米，也就是1200米"). Which one answers is
decided by the question, as a teacher decides it:

* **The unit asked for**: the word after 多少 / 几 (``几箱`` asks for 箱, ``多少千米`` for 千米,
  ``多少钱`` for 元), after "how many" (tickets), or the kind of quantity "how much" (money),
  "how long", "how far", "how old" ask for; a numeral followed by that unit (or, for money,
  written with ``$`` or 元) is preferred.
* **The entity asked about**: the words before a numeral in its clause (``乙有``) shared with the
  question (``乙有多少本``).
* **What percent**: a percentage, when the question asks for one.
* **Givens**: a number the problem itself states is less likely the answer ("for 3 tickets").

When nothing tells the numerals apart, the checker's own default applies (the last numeral).
Everything is a few linear scans of the problem (read once and cached) and of a short statement.
"""

# Full-width Chinese punctuation is what this module reads, not a confusable typo:
# ruff: noqa: RUF001

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

from mathbench.plugins.checkers.numerals import Form, Numeral, find_numerals
from mathbench.plugins.checkers.units import is_unit, names_a_unit

#: Longest problem text read (a word problem is far shorter).
MAX_PROBLEM_CHARS = 4_000
#: A numeral in the unit the question asks for outranks any number of shared words: of
#: "0.75千米，也就是750米", 750 answers "多少米".
UNIT_WEIGHT = 20
#: The verb right before 多少/几 ("还剩多少元" asks what is *left*): a clause saying it answers.
PREDICATE_WEIGHT = 8
#: How far back from a numeral its clause (the entity it is said of) is read.
CLAUSE_CHARS = 80
#: An average asked and said ("300 Junebugs in all, an average of 60 per day") outranks the
#: unit, which the total shares with it.
AVERAGE_WEIGHT = UNIT_WEIGHT + PREDICATE_WEIGHT
#: A clause that names exactly what the question asks about (长 for 长是多少米) outranks one
#: whose name only contains it (周长).
SUBJECT_WEIGHT = 3
#: A difference asked and said ("Difference: … = 30 minutes longer"), like a total asked and said.
DIFFERENCE_WEIGHT = 3

#: A title's full stop ends no sentence ("Mr. Roger's friend").
_TITLE = r"(?:(?<=\bMr)|(?<=\bMrs)|(?<=\bMs)|(?<=\bDr)|(?<=\bSt)|(?<=\bJr))\."
_SENTENCES = re.compile(
    rf"(?:[^。！？!?；;\n.\uff0e]|\.(?!\s|$)|{_TITLE})*(?:[。！？!?；;\n\uff0e]|\.(?=\s|$)|$)"
)
_ASKS = re.compile(
    r"多少|几|求|是否|哪|(?i:\b(?:how|what|which|find|calculate|compute|determine)\b)"
)
#: A question in words (letters or Chinese), unlike a bare expression such as "71/22=".
_WORDED = re.compile(r"[A-Za-z]{2}|[\u4e00-\u9fff]")
_CLAUSE_BREAK = re.compile(r"[，,：:、（(]")
_CLAUSE_START = re.compile(r"[，,：:、（(。；;!?！？\n]|\.(?:\s|$)")
#: Where a line's label ("**Total:**", "Together:") starts, looking back from its colon.
_LABEL_START = re.compile(r"[\n。；;!?！？，,]|\.(?:\s|$)")
LABEL_CHARS = 24
#: How far back a number's line label is looked for (bounded for megabyte lines).
LINE_LABEL_REACH = 200
#: Where the words said of a numeral after it end: before the next clause ("1350 pesos and saves").
_AFTER_END = re.compile(r"[，,。；;：:、（(\n]|\.(?:\s|$)|\band\b|和|并且")
_CHINESE_UNIT = re.compile(r"(?:多少|几)([\u4e00-\u9fff])([\u4e00-\u9fff]?)")
#: Two-character units, read whole after 多少 (多少千米); any other unit is one character.
_COMPOUND_UNITS = frozenset(
    [
        "千米",
        "厘米",
        "分米",
        "毫米",
        "千克",
        "公斤",
        "公里",
        "公顷",
        "平方",
        "立方",
        "小时",
        "分钟",
        "毫升",
        "万元",
        "亿元",
    ]
)
_IN_UNIT = re.compile(r"(?i:\b(?:in|into)\s+([a-z]+)\b)")
_AVERAGE = re.compile(r"平均|(?i:\b(?:average|mean)\b)")
#: Names of a kind of quantity after 多少, which ask for no unit (多少时间 is not 多少时).
_QUANTITY_NAMES = frozenset(["时间", "距离", "路程", "长度", "重量", "面积", "体积", "容积"])
_MONEY_WORDS = re.compile(
    r"钱|(?i:\b(?:cost|costs|pay|pays|paid|spend|spent|earn|earns|earned|save|saves|saved|money"
    r"|price|dollars?|cents?|profit|charge|charges|owe|owes|budget|tip|tips|fee|fees)\b)"
)
_ENGLISH_UNIT = re.compile(
    r"(?i:\b(?:how\s+many|number\s+of)\s+(?:more\s+|fewer\s+|less\s+)?"
    r"(?:of\s+(?:the|these|those|his|her|their|its)\s+)?([a-z]+)(?:\s+([a-z]+))?)"
)
#: "How many of the animals are chickens?": the plural noun the counted ones are said to be.
_COUNTED_AS = re.compile(r"(?i:\bhow\s+many\b[^?]{0,60}?\b(?:are|were)\s+([a-z]+s)\s*\?)")
#: Words of a total: a question asking for one is answered by the quantity said to be one.
_AGGREGATE = re.compile(
    r"一共|总共|共有|共计|合计|总数|总和|一起|(?i:\b(?:total|altogether|in\s+all|combined|together|sum)\b)"
)
_COMPARATIVE = (
    r"more|less|fewer|longer|shorter|older|younger|taller|heavier|lighter|farther|further"
    r"|faster|slower|bigger|larger|smaller|greater|cheaper|dearer"
)
#: A question asking for a difference, and a clause or label that gives one.
_DIFFERENCE_ASKED = re.compile(
    rf"(?i:\bhow\s+(?:much|many)\s+(?:[a-z]+\s+)?(?:{_COMPARATIVE})\b|\bdifference\b)"
    r"|[多少差]多少|相差"
)
_DIFFERENCE = re.compile(rf"(?i:\bdifference\b|\b(?:{_COMPARATIVE})\b)|相差|差")
_HOW = re.compile(r"(?i:\bhow\s+(much\s+time|much|long|far|old|tall|heavy|fast)\b)")
_SCALED_UNIT_ASKED = re.compile(
    r"(?:多少|几)(?:万|亿)|(?i:\bhow\s+many\s+(?:thousands|millions|billions)\b|\bin\s+(?:thousands|millions|billions)\b)"
)
#: A given counted in a large-number unit ("40万台", "15.6万元").
_SCALED_GIVEN = re.compile(r"\d[\d.]*+[ \t]*+(?:万|亿)")
_ASK_WORDS = re.compile(r"多少|几")
_DAY_OR_MONTH = (
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|January|February|March|April|May|June|July"
    r"|August|September|October|November|December)\b"
)
_PAIR_ASKED = re.compile(
    r"(?i:\bhow\s+many\s+[a-z]+\s+and\s+[a-z]+"
    # "How much do 6 erasers and 8 pencils cost?": the price of both together.
    r"|\bhow\s+much\s+(?:do|does|did|will|would)\s[^?]{0,60}?\sand\s[^?]{0,40}?\bcost"
    # "… deliver Monday - Wednesday?", "from January to March": a span of days or months.
    rf"|\b{_DAY_OR_MONTH}\s*(?:-|–|—|to|through|thru)\s*{_DAY_OR_MONTH})"
    r"|(?:星期|周)[一二三四五六日天]\s*(?:到|至|-|—|～|~)\s*(?:星期|周)[一二三四五六日天]"
)
_PREDICATE = re.compile(r"([\u4e00-\u9fff]{1,2})(?=多少|几)")
#: The name a quantity is said of, just before its copula: 长 in 长是多少米 and in 长是25米, and
#: 周长 (not 长) in 菜地的周长是66米.
_SUBJECT = re.compile(r"([\u4e00-\u9fff]{1,4})(?:是|有|为|等于|约)[ \t]{0,2}$")
_ASKED_SUBJECT = re.compile(r"([\u4e00-\u9fff]{1,6}?)(?:是|有|为|等于)?(?:多少|几)")
#: Modal and adverbial words that open a verb phrase asked about ("每天可以多收入多少元"): the
#: quantity is named by what follows them ("多收入").
_AUXILIARY = re.compile(r"可以|能够|需要|还要|应该|一共|总共|[能要还共再又才]")
_FRACTION_ASKED = re.compile(r"分数是|什么分数|哪个分数|(?i:\bwhat\s+(?:is\s+the\s+)?fraction\b)")
_PERCENT_ASKED = re.compile(
    r"百分之几|百分之多少|百分数|百分比|百分率|(?i:\bpercent|\bpercentage|%)"
)
_KIND_UNITS = {
    "long": "second seconds minute minutes min mins hour hours hr hrs day days week weeks month "
    "months year years foot feet inch inches meter meters metre metres cm centimeters km "
    "kilometers mile miles yard yards",
    "much time": "second seconds minute minutes min mins hour hours hr hrs day days week weeks "
    "month months year years",
    "far": "meter meters metre metres km kilometers kilometer mile miles foot feet yard yards cm",
    "old": "year years",
    "tall": "foot feet inch inches meter meters cm centimeters",
    "heavy": "pound pounds lb lbs kg kilograms gram grams ounce ounces ton tons",
    "fast": "mph km/h miles meters",
}
_MONEY_UNITS = frozenset(["元", "块", "角", "yuan", "dollar", "dollars", "cent", "cents", "usd"])
_STOP_CHARS = frozenset("的是了在和与或还一有个这那就都也要能可以答所以因此则为")
_STOP_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "is",
        "are",
        "was",
        "were",
        "be",
        "has",
        "have",
        "had",
        "and",
        "or",
        "with",
        "by",
        "it",
        "its",
        "he",
        "she",
        "they",
        "them",
        "his",
        "her",
        "their",
        "there",
        "this",
        "that",
        "so",
        "therefore",
        "thus",
        "total",
        "answer",
    ]
)
_WORD = re.compile(r"[a-z]+")
#: Words between a number and its unit ("18 more apples", "5 of the cookies").
_AUXILIARIES = frozenset(
    ["do", "does", "did", "will", "would", "can", "could", "should", "must", "may", "might"]
)
_NOT_UNITS = frozenset(
    [
        "more",
        "fewer",
        "less",
        "extra",
        "total",
        "additional",
        "other",
        "of",
        "left",
        "remaining",
        "new",
    ]
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_NAME = re.compile(r"(?<![A-Za-z])[A-Z](?![A-Za-z])")
_UNIT_AFTER = re.compile(
    r"[ \t*_]{0,4}[（(]?(?:([\u4e00-\u9fff]{1,3})|([A-Za-z]+)(?:[ \t]+([A-Za-z]+))?)"
)


@dataclass(frozen=True)
class Question:
    """What a problem asks for, as far as choosing between quantities needs."""

    text: str
    units: tuple[str, ...]
    money: bool
    percent: bool
    fraction: bool
    aggregate: bool
    words: frozenset[str]
    unit_tokens: frozenset[str]
    asked_numbers: frozenset[Fraction]
    givens: frozenset[Fraction]
    #: The characters just before 多少/几 (剩 in 还剩多少元), without stop characters.
    predicate: frozenset[str]
    #: The units the question names (多少米, how many tickets), apart from the kinds of quantity
    #: "how long" or "how far" imply: only a named unit forbids an answer in another one.
    named_units: tuple[str, ...]
    #: The name of what is asked about (长 in 长是多少米), or "".
    subject: str = ""
    #: It asks for an average (平均每天, the average number per day).
    average: bool = False
    #: It asks for a difference (how much longer, 多多少, 相差多少).
    difference: bool = False


#: A figure drawn in Asymptote (to its end, if unclosed), whose labels ("dot(A)", "25%") are
#: code, not words of the question.
_FIGURE = re.compile(r"\[asy\].*?(?:\[/asy\]|$)", re.DOTALL)


def without_figures(problem: str) -> str:
    """The problem with each Asymptote figure's code blanked out."""
    return _FIGURE.sub(" ", problem)


@lru_cache(maxsize=8_192)
def read_question(problem: str) -> Question:
    """The question a problem asks (its last asking sentence) and what it asks for."""
    text = problem[-MAX_PROBLEM_CHARS:]
    sentences = [s.strip() for s in _SENTENCES.findall(text) if s.strip()]
    asking = [s for s in sentences if s.endswith(("?", "？")) or _ASKS.search(s)]
    question = asking[-1] if asking else (sentences[-1] if sentences else "")
    # The clause that asks, not the givens before it in the same sentence.
    clauses = [c for c in _CLAUSE_BREAK.split(question) if c.strip()]
    asked = [c for c in clauses if _ASKS.search(c)]
    focus = asked[-1] if asked else question
    # "Altogether, how many fish ...": an adverb clause of its own before the asking one.
    lead = clauses[clauses.index(focus) - 1].strip() if asked and clauses.index(focus) else ""
    aggregate_lead = _AGGREGATE.fullmatch(lead) is not None
    units: list[str] = [
        m[1] + m[2] if m[1] + m[2] in _COMPOUND_UNITS else m[1]
        for m in _CHINESE_UNIT.finditer(focus)
        if m[1] + m[2] not in _QUANTITY_NAMES
    ]
    for match in _ENGLISH_UNIT.finditer(focus):
        # "how many positive divisors": the noun may follow an adjective; "how many pupils are"
        # has a verb there, which is no unit.
        if (
            _PAIR_ASKED.match(match[0] + " and x")
            and " and " in focus[match.end() : match.end() + 5]
        ):
            continue  # "how many glasses and plates": a total of both, in neither unit
        units.append(_singular(match[1]))
        if match[2] and match[2].lower() not in _STOP_WORDS | _AUXILIARIES:
            units.append(_singular(match[2]))
    units.extend(_singular(m[1]) for m in _COUNTED_AS.finditer(focus))
    # "how high can he lift it, in feet?": the unit is named in a clause of its own.
    units.extend(_singular(m[1]) for m in _IN_UNIT.finditer(question) if is_unit(m[1]))
    # Units of measure only: "多少铁皮" asks for sheet iron, in no unit, so any area unit answers.
    named = [unit for unit in units if names_a_unit(unit)]
    how = _HOW.search(focus)
    kind = " ".join(how[1].lower().split()) if how is not None else ""
    money = "钱" in focus or (
        kind == "much" and bool(_MONEY_WORDS.search(question) or "$" in text or "元" in text)
    )
    if kind in _KIND_UNITS:
        units.extend(_singular(unit) for unit in _KIND_UNITS[kind].split())
    if any(unit.startswith("钱") for unit in units):
        money = True
    return Question(
        text=focus,
        units=tuple(dict.fromkeys(units)),
        money=money,
        percent=_PERCENT_ASKED.search(question) is not None,
        fraction=_FRACTION_ASKED.search(focus) is not None,
        # "How many glasses and plates": two kinds counted together are a total.
        aggregate=aggregate_lead
        or _AGGREGATE.search(focus) is not None
        or _PAIR_ASKED.search(focus) is not None,
        # The asking words (多少, 几) are no content: "比排球多20个" shares nothing with "有多少个".
        words=_tokens(_ASK_WORDS.sub(" ", focus)),
        unit_tokens=_tokens(" ".join(units)),
        # Chinese number words too: "在两个阶段中" asked, "两个阶段" in the answer is restated.
        asked_numbers=frozenset(n.value for n in find_numerals(focus))
        | frozenset(n.value for n in find_numerals(focus, words=True) if n.chinese),
        predicate=frozenset().union(*(_tokens(m[1]) for m in _PREDICATE.finditer(focus))),
        named_units=tuple(dict.fromkeys(named)),
        # "line up in rows of four": a given in words is a given too (English words only, as
        # Chinese ones also make ordinary words: 一共, 一些).
        givens=frozenset(n.value for n in find_numerals(text))
        | frozenset(n.value for n in find_numerals(text, words=True) if n.text.isascii()),
        subject=_name(_ASKED_SUBJECT.search(focus)),
        average=_AVERAGE.search(focus) is not None,
        difference=_DIFFERENCE_ASKED.search(focus) is not None,
    )


def _name(found: re.Match[str] | None) -> str:
    """The name a quantity is said of, from the CJK run before its copula: after its last 的, and
    after an auxiliary word that leaves at least two characters ("可以多收入" names "多收入")."""
    if found is None:
        return ""
    name = found[1].rsplit("的", 1)[-1]
    auxiliary = list(_AUXILIARY.finditer(name))
    if auxiliary and len(name) - auxiliary[-1].end() >= 2:
        return name[auxiliary[-1].end() :]
    return name


def choose(response: str, numerals: Sequence[Numeral], question: Question) -> Numeral:
    """The numeral of an answer statement that answers ``question``: the best fit by unit,
    entity, percent and givens; the last one where they tie."""
    if not _WORDED.search(question.text):
        # "71/22=": a bare expression says nothing of which number answers it; its value
        # restated in another form ("3 5/22") is the answer, not a given.
        return numerals[-1]
    all_given = all(n.value in question.givens for n in numerals)
    best, best_score = numerals[-1], None
    for index, numeral in enumerate(numerals):
        # Each numeral's own context: from the previous clause break (or numeral) to the next.
        before = numerals[index - 1].end if index else max(0, numeral.start - CLAUSE_CHARS)
        after = (
            numerals[index + 1].start if index + 1 < len(numerals) else numeral.end + CLAUSE_CHARS
        )
        restated = not all_given and numeral.value in question.asked_numbers
        # A number of the question's own sentence ("扩大到原数的1000倍是多少？") is restated with
        # the question's words around it: they say nothing about it being the answer.
        score = _fit(response, numeral, question, before, min(after, len(response)), restated)
        if not all_given and numeral.value in question.givens:
            score -= 1
        if numeral.chinese and response[numeral.start : numeral.end + 2] in question.text:
            score -= UNIT_WEIGHT  # "五年级…比三年级多捐四元": 五年级 and 三年级 name grades
        if best_score is None or score >= best_score:
            best, best_score = numeral, score
    return best


@dataclass(frozen=True)
class Asked:
    """Kinds of answer a question asks for that change how values compare."""

    percent: bool = False
    fraction: bool = False
    #: Counted in a large-number unit (多少万元, how many million); None when unknown.
    scaled_unit: bool | None = None
    #: The quantity asked is one the problem gives in percent ("the charge remaining was 28%.
    #: What was the charge …?"): "94%" answers a golden 94, as for a percentage asked.
    percent_given: bool = False


NOTHING_ASKED = Asked()


def asks_for(problem: str | None) -> Asked:
    """What kind of number a problem asks for: a percentage ("百分之几", "what percent"), or a
    fraction itself ("原来的分数是多少", "what fraction"); nothing when the problem is unknown."""
    if problem is None:
        return NOTHING_ASKED
    question = read_question(problem)
    scaled: bool | None = _SCALED_UNIT_ASKED.search(question.text) is not None
    if not scaled and _SCALED_GIVEN.search(problem):
        # "40万台 … 下半年生产电视机多少台？": a problem that counts in 万 may have its golden
        # counted in 万 too (Math23K's 45 for 45万台), so either reading counts.
        scaled = None
    return Asked(
        percent=question.percent,
        fraction=question.fraction,
        scaled_unit=scaled,
        percent_given=not question.percent and _given_in_percent(problem, question.text),
    )


def _given_in_percent(problem: str, focus: str) -> bool:
    """Whether a word the asking clause names (``charge``) is given in percent in a sentence
    before it ("the charge remaining was 28%")."""
    words = {w.casefold() for w in _CONTENT_WORD.findall(focus)} - _NOT_CONTENT
    if not words:
        return False
    text = problem[-MAX_PROBLEM_CHARS:]
    before = text[: text.rfind(focus)] if focus in text else text
    return any(
        "%" in sentence and words & {w.casefold() for w in _CONTENT_WORD.findall(sentence)}
        for sentence in _SENTENCES.findall(before)
    )


#: Words of four letters or more, and those among them that name nothing asked about.
_CONTENT_WORD = re.compile(r"[A-Za-z]{4,}")
_NOT_CONTENT = frozenset(
    [
        "what",
        "which",
        "when",
        "where",
        "there",
        "their",
        "them",
        "they",
        "does",
        "have",
        "much",
        "many",
        "that",
        "this",
        "with",
        "from",
        "will",
        "would",
        "were",
        "total",
    ]
)


def _fit(
    response: str,
    numeral: Numeral,
    question: Question,
    floor: int,
    ceiling: int,
    restated: bool = False,
) -> int:
    score = 0
    unit = _unit_after(response, numeral)
    label = _line_label(response, numeral.start)
    if unit and any(_same_unit(unit, asked) for asked in question.units):
        score += UNIT_WEIGHT
    elif not unit and label and question.unit_tokens & _tokens(label):
        score += UNIT_WEIGHT  # "Girls: 600 - 240 = 360" for "How many girls …?"
    money = unit in _MONEY_UNITS or response[max(0, numeral.start - 1) : numeral.start] in "$¥￥"
    if question.money and money and numeral.start > 0:
        score += 4
    if question.percent and numeral.form is Form.PERCENT:
        score += UNIT_WEIGHT  # a percentage answers "what percentage" as a unit answers its own
    clause_start = max(floor, numeral.start - CLAUSE_CHARS)
    for found in _CLAUSE_START.finditer(response, clause_start, numeral.start):
        clause_start = found.end()
    ending = _AFTER_END.search(response, numeral.end, min(ceiling, numeral.end + CLAUSE_CHARS))
    clause_end = ending.start() if ending is not None else min(ceiling, numeral.end + CLAUSE_CHARS)
    clause = response[clause_start : numeral.start] + " " + response[numeral.end : clause_end]
    if _AGGREGATE.search(clause):
        # A total answers a question asking for one, and only such a question.
        score += 3 if question.aggregate else -3
    elif question.aggregate and _AGGREGATE.match(label):
        score += 3  # a line labelled as a total; labels are terse, so no penalty the other way
    if question.predicate and question.predicate <= _tokens(clause):
        score += PREDICATE_WEIGHT
    if question.average and _AVERAGE.search(clause):
        score += AVERAGE_WEIGHT
    if question.difference and (_DIFFERENCE.search(clause) or _DIFFERENCE.match(label)):
        # "Difference: 72 - 42 = 30 minutes longer" answers "how much longer …?".
        score += DIFFERENCE_WEIGHT
    if question.subject and not restated:
        said_of = _name(
            _SUBJECT.search(response, max(clause_start, numeral.start - 8), numeral.start)
        )
        if said_of == question.subject or _verb_before(response, numeral, question.subject):
            score += SUBJECT_WEIGHT
    # The words the clause shares with the question, beyond the unit already counted.
    if not restated:
        # A line's label counts too ("Physics: 110 students, chemistry: 220 students").
        score += len(_tokens(f"{clause} {label}") & question.words - question.unit_tokens)
    return score


def _line_label(response: str, at: int) -> str:
    """The label of the line or clause holding ``at`` ("Together: $12 + $24 = $36" says what each
    of its numbers is part of), or ""."""
    reach = max(0, at - LINE_LABEL_REACH)
    line_start = max(response.rfind("\n", reach, at) + 1, reach)
    colon = max(response.rfind(":", line_start, at), response.rfind("：", line_start, at))
    if colon < 0:
        return ""
    # The label itself: from the start of its line, sentence or clause (bold marks dropped).
    start = max(0, colon - LABEL_CHARS)
    for found in _LABEL_START.finditer(response, start, colon):
        start = found.end()
    return response[start:colon].strip(" \t*_#-")


def _verb_before(response: str, numeral: Numeral, subject: str) -> bool:
    """The asked verb phrase right before the number, with no copula ("比原来多收入270元" for
    "每天可以多收入多少元"): two characters at least, so that a lone verb names nothing."""
    return len(subject) >= 2 and response.endswith(subject, 0, numeral.start)


def _same_unit(unit: str, asked: str) -> bool:
    """Chinese units match by prefix (多少米 reads 米 in 1200米长); English words whole."""
    if unit.isascii():
        return unit == asked
    return unit.startswith(asked) or asked.startswith(unit)


def _unit_after(response: str, numeral: Numeral) -> str:
    found = _UNIT_AFTER.match(response, numeral.end, numeral.end + 40)
    if found is None:
        return ""
    if found[1]:
        return found[1]
    word = found[2].lower()
    if word in _NOT_UNITS and found[3]:
        word = found[3].lower()
    return _singular(word)


def _singular(word: str) -> str:
    word = word.lower()
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    if len(word) > 2 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _tokens(text: str) -> frozenset[str]:
    """Content words (English) and characters (Chinese) of a short text."""
    lowered = text.casefold()
    words = {_singular(w) for w in _WORD.findall(lowered) if w not in _STOP_WORDS and len(w) > 1}
    chars = {c for c in _CJK.findall(lowered) if c not in _STOP_CHARS}
    # Single capital letters name things in problems ("A是多少", "point B"): kept as names.
    names = {f"name:{letter}" for letter in _NAME.findall(text)}
    return frozenset(words | chars | names)
