"""The one answer reader: where a response states its answer, for every checker.

lm-evaluation-harness separates *where the answer is* (its filters) from *how it is compared* (its
metrics); mathbench does the same. Every checker reads a response through this module, so that a
response has one answer whichever checker judges it: ``cmath`` compares its numerals by the
paper's rule, ``numeric`` exactly, ``symbolic`` by meaning.

How the answer is found, in a response of any length, in bounded time:

* **The region.** Only the last ``REGION_CHARS`` characters are read, before any runaway
  continuation (a small model answers, then writes ``问题2：`` or ``<|im_start|>`` and a new
  problem of its own). When that tail holds no numeral, the head is read instead.
* **Statements.** The answer is what the last answer statement says: a ``\\boxed{}``
  (``\\fbox{}``), or the sentence after ``答：``, ``答案是``, "The answer is", "Answer:", "The final
  answer is", ``####``. Later statements win, so a self-correction ("wait, it is 18. The answer is
  18.") is read, and checks written after the answer (``验算：…``) are not.
* **Without a statement**, the CMATH paper's rule: the last two numerals in context, leaving out
  restated givens and questions; a response that breaks off mid-sentence concluded nothing.
* **What a numeral is** (``answer_context``): operands, list numbers, negated and qualified
  numbers (``不到18``, ``18的一半``) are no answer; ``3×10⁵`` and ``2^{10}`` are one value each;
  ``\\sqrt{2}`` and ``2\\pi`` are expressions, not the numbers they contain.
* **Hedges and refusals**: two different values offered as alternatives or a range, and a response
  that ends by declining to answer ("条件不足，无法回答", "cannot be determined"), give no answer
  to credit, whatever numbers the working mentions.

``final_answer`` gives the same statement as text (a LaTeX answer for ``symbolic``, words for an
answer that is no number), with the math-span and last-number fallbacks MATH graders use. What one
statement says is read by ``answer_text``, what a closing line says by ``closing_line``; both
walk the response with the position helpers of ``response_text``.
"""

# Full-width Chinese punctuation (：，。) is what this module reads, not a confusable typo:
# ruff: noqa: RUF001

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, replace
from functools import lru_cache

from mathbench.plugins.checkers.answer_context import (
    IRRATIONALS,
    SENTENCE_END,
    STATEMENT_CHARS,
    Expression,
    hedged,
    last_refusal,
    read_numerals,
    restated,
)
from mathbench.plugins.checkers.answer_text import (
    FinalAnswer,
    Statement,
    last_math_span,
    last_number,
    statement_text,
    trimmed,
)
from mathbench.plugins.checkers.closing_line import (
    ASIDE_LINE,
    BOLD_SEGMENT,
    BREAKDOWN,
    FIRST_LINE_CHARS,
    LETTER,
    concluding_line,
)
from mathbench.plugins.checkers.latex_normalise import comparison_key, normalise
from mathbench.plugins.checkers.numerals import VULGAR_FRACTIONS, Numeral, find_numerals
from mathbench.plugins.checkers.response_text import (
    MAX_ANSWER_CHARS,
    box_end,
    last_sentence_start,
    numeral_char,
    sentence_end,
    skip_lead,
    without_currency,
)

#: The reason every checker gives for a response that declines to answer.
REFUSED = 'declines to answer ("cannot be determined")'

#: How much of the end of a response is read for its answer.
REGION_CHARS = 8_000

#: How far from the start a runaway continuation (a new problem after the answer) is looked for.
TURN_SEARCH_CHARS = 20_000


#: The paper's truncation: the last two candidates when no answer statement is found.
LAST_CANDIDATES = 2

#: How many of the last answer statements are looked at (a loop of ``答：`` must stay cheap).
LAST_STATEMENTS = 8

#: How far from the end a matrix typed as a list of rows is looked for.
MATRIX_CHARS = 400

#: Longest last line after a closing check read as the answer stated again.
RESTATED_CHARS = 60

#: Longest parenthetical read as an aside around a number, either side of it.
ASIDE_CHARS = 120


#: A final fragment this long that the response wrote before is a repetition loop cut short.
LOOP_MIN_CHARS = 12

LOOP_FRAGMENT_CHARS = 600
#: How far back from the end a JSON object's "answer" field is looked for.
JSON_READ_CHARS = 2_000

# Both patterns start by consuming one character from a small set, which lets the regex engine
# skip ahead to candidates instead of trying every position of a long response; lookbehinds then
# tell which alternative that character began.
_MARKER = re.compile(
    r"[答aA#]"
    r"(?:(?<=答)(?<![回解]答)[*_]{0,2}[ \t]{0,3}[:：]"
    r"|(?<=答)案[^\n。！？!?；;，,：:不]{0,8}?(?:是|为|[:：])"
    r"|(?<=答)案[ \t]{0,3}(?=[0-9])"
    # "Long answer:" and "Short answer:" name a kind of test question, not an answer.
    # "Steve can answer: 38" and "left to answer: 7" are a verb's count, not an answer.
    r"|(?<=[aA])(?<![A-Za-z0-9_][aA])(?<![Ll]ong a)(?<![Ss]hort a)"
    r"(?<![Cc]an a)(?<!not a)(?<!uld a)(?<![Tt]o a)(?i:nswer[*_ \t]{0,4}"
    r"(?:is|was|would[ \t]+be|will[ \t]+be|should[ \t]+be|[:：=]))"
    r"|(?<=#)###)"
)

_BOX = re.compile(r"\\(?:boxed|fbox)[ \t]{0,3}\{")

_NEW_TURN = re.compile(
    r"\n[ \t>*#]{0,6}(?:问题|题目|例题|练习|习题|(?i:question|problem|q|user|human|instruction"
    r"|exercise|practice))"
    r"[ \t]{0,3}[0-9一二三四五六七八九十]{0,3}[ \t]{0,3}[:：]"
    # A Markdown heading that numbers a new problem ("### Question 2").
    r"|\n[ \t]{0,3}#{1,6}[ \t]{0,3}(?:问题|题目|(?i:question|problem|exercise))[ \t]{0,3}"
    r"[0-9一二三四五六七八九十]{1,3}[ \t*]{0,3}(?=\n)"
    r"|<\|(?:im_start|im_end|endoftext|user)"
)

#: A problem the model makes up to follow its answer ("Follow-up question:", "拓展："): it opens
#: a new turn wherever the answer markers stand, since its own "Answer:" is not the response's.
_FOLLOW_UP = re.compile(
    r"\n[ \t>*#]{0,6}(?:拓展(?:练习|题)?|追问|思考题|变式练习"
    r"|(?i:(?:follow[- ]?up|bonus|extra|additional|related|next)[ \t]+"
    r"(?:question|problem|exercise)s?|follow[- ]?up))[ \t]{0,3}[0-9]{0,3}[ \t]{0,3}[:：]"
    # As a Markdown heading of its own line ("### Follow-up question").
    r"|\n[ \t]{0,3}#{1,6}[ \t]{0,3}(?:拓展练习|追问|思考题"
    r"|(?i:(?:follow[- ]?up|bonus|extra|additional|related|next)[ \t]+"
    r"(?:question|problem|exercise)s?))[ \t*]{0,3}(?=\n)"
)
_DANGLING = re.compile(
    r"(?:所以|因此|然后|接着|再|那么|得|是|为|等于|加上|减去|乘以|除以|[=+×÷*/:：-]"
    r"|(?i:\b(?:so|then|and|is|are|to|of|by|the|we|get|gives|equals|plus|minus|times)))$"
)

#: Closing pleasantries after the answer, to the end of the response.
_PLEASANTRY = re.compile(
    # On a line of its own, or after the answer's sentence on its line ("… is **14**. I hope …").
    r"(?:\n|(?<=[.!?*$])[ \t])[ \t]*+"
    r"(?i:i\s+hope\s+(?:this|that|it)\s+helps|hope\s+(?:this|that)\s+helps"
    r"|let\s+me\s+know\s+if"
    r"|feel\s+free\s+to|happy\s+to\s+help|if\s+you\s+have\s+any\s+(?:other\s+|more\s+)?questions)"
    r"[^\n]*+\s*+$"
)

#: Words a sentence cannot end on, beyond ``_DANGLING``'s: a relative or a preposition.
_BROKEN_WORD = re.compile(
    r"\b(?:(?i:which|that|because|since|with|for|as|than|when|where|while|but|in|on|at)|a|an)$"
)

#: A sentence that opens a justification or a check of the answer before it.
_JUSTIFYING_OPENING = re.compile(
    r"[ \t\n*_#>(]*+(?:因为|验算|检验|检查|(?i:this\s+is\s+because|because|since|to\s+check"
    r"|check(?:ing)?|verif(?:y|ication)|let\s+me\s+(?:double[- ]?)?check"
    r"|let's\s+(?:double[- ]?)?check|reason|explanation"
    # A supposition after the answer ("If she wanted 3 more, she would need …") answers nothing,
    # nor does an extra it goes on to ("We could also find the perimeter, which …").
    r"|if|suppose|(?:we|you|i)\s+(?:could|can|might)\s+also|additionally|in\s+addition"
    r"|note\s+that|by\s+the\s+way|for\s+comparison)\b|如果|假如)"
)

#: "one" as a pronoun (the one, each one, one of them) is no number.
_PRONOUN_ONE = re.compile(
    r"(?i:\b(?:the|each|no|any|every|this|that|which|another|some)\s+one\b|\bone\s+of\b)"
)

#: Working: an operator or a relation; one "*" multiplies, "**" is Markdown bold.
_WORKING = re.compile(r"[=:：×÷+/]|(?<!\*)\*(?!\*)|\\times|\\div")

#: Before a number word that names a given, not the answer: a determiner ("these two days") or a
#: preposition of time ("after three months", "over five days", "in one week").
_DETERMINED = re.compile(
    r"(?i:\b(?:these|those|the|his|her|their|its|each|every|all|both|after|over|during|within"
    r"|in|for|per)\s+)$"
)

_SCALE_AFTER_DIGITS = re.compile(
    r"[ \t]*(?:万|亿|千|百|(?i:hundred|thousand|million|billion|trillion)\b)"
)
#: A value given under a label, as recaps list them ("James: 33", "乙：45").
_LABELLED_VALUE = re.compile(r"[A-Za-z\u4e00-\u9fff][ \t]*+[:：][ \t]*+[-−$]?\d")
_RESULT_BEFORE = re.compile(r"[=＝≈][ \t*_$]{0,4}$")
#: Where the clause of an equation begins: a comma or colon, a full stop, a line, a "是".
_CLAUSE_OPENING = re.compile(r"[,，;；:：。\n]|是|(?<=[a-z])\.\s")
_HYPOTHETICAL = re.compile(r"如果|假如|假设|要是|若是|倘若|(?i:if|suppose|assuming|had)\b")

_CONCLUSION_WORD = re.compile(
    r"(?:所以|因此|因而|综上|故|(?i:so|therefore|thus|hence|in\s+conclusion)\b)[ \t,，:：]*"
)

#: A line that opens with a concluding word: an answer, for telling a runaway continuation after
#: it (``所以…290吨水。\n\n问题2：…答：…``) from a heading before the working.
_CONCLUDING_LINE = re.compile(
    r"(?:^|\n)[ \t*#>]{0,6}(?:所以|因此|综上|(?i:so|therefore|thus|hence)\b)[^\n]*?\d"
)

#: A digit that is part of a word: letters, then digits, up to it (``mp3``, ``H2O``, ``COVID19``).
_IN_WORD_DIGIT = re.compile(r".*[A-Za-z]\d*\d$")
_WORKED_RESULT = re.compile(r"=[ \t]*\$?-?[0-9]")
_LIST_MATRIX_AT_END = re.compile(
    r"(\[[ \t]*+\[[^\[\]\n]*+\](?:[ \t]*+,\s*+\[[^\[\]\n]*+\])++[ \t]*+\])[ \t.*_]*+$"
)


#: A paragraph that opens by justifying the answer stated before it.
_JUSTIFICATION_HEAD = re.compile(
    r"[\s*_#>]*+(?:理由|原因|解释|(?i:here(?:'|’)?s\s+why|why|reason(?:ing)?|explanation"
    r"|justification))[*_ \t]*+[:：]"
)

#: A check of the answer opening a sentence or line.
_CHECK_OPENER = re.compile(
    r"(?:(?<=[.!?。！？\n])|^)[ \t*_#>]*+(?:验算|检验|(?i:let(?:\s+me|'s|\s+us)\s+(?:double[- ]?)?"
    r"(?:check|verify)|double[- ]?check(?:ing)?|sanity\s+check|quick\s+check|check(?:ing)?[ \t]*+:"
    # "Check $n = 4$:", "Checking with x = 3:": a check of one value, named before the colon.
    r"|check(?:ing)?[ \t]++[^:\n.!?]{1,30}?[:：]"
    r"|verif(?:y|ication)[ \t]*+:|(?:here(?:'|’)?s\s+why|why|reason(?:ing)?|explanation"
    r"|justification)[ \t]*+:))"
)

_WORD = re.compile(r"[A-Za-z]{3,}+")
#: An "answer" field of JSON, its value quoted or a bare number.
_JSON_ANSWER = re.compile(
    r"\"(?:final_)?answer\"[ \t]*+:[ \t]*+"
    r"(?:\"([^\"\n]{1,200}+)\"|([-−]?[\d.,/]{1,40}+))\s*+[,}]"
)
#: A statement that denies its value ("the answer is not 18", "答案不是18").
_DENIED = re.compile(r"(?i:not|never)\b|不是|并非")
#: An answer that says the value asked for does not exist.
_NONE_EXISTS = re.compile(
    r"(?i:\bno\s+(?:attained\s+|such\s+)?(?:minimum|maximum|(?:greatest|least)\s+value)\b"
    r"|\b(?:does\s+not|doesn't|do\s+not|don't)\s+exist\b)|不存在|无解"
)

#: Brackets that close a sentence ("… five good CDs (12 - 7 = 5).").
_CLOSING_BRACKETS = re.compile(r"[ \t]*+[(（][^()（）\n]{1,80}+[)）][ \t.。!]*+$")
#: A remark that the answer before it is final: it does not factor or simplify further.
_REMARK = re.compile(
    r"(?i:\b(?:does\s*n[o']t|do\s*n[o']t|cannot|can\s*not|can't|won't)\s+(?:be\s+)?"
    r"(?:factor|simplif|reduc)\w*[^.\n]{0,40}?\bfurther\b|\bis\s+irreducible\b"
    r"|\bneither\b[^.\n]{0,30}?\bfactors\s+further\b)|不能再(?:分解|化简)"
)
_DIGITS = re.compile(r"\d+")
#: A Markdown horizontal rule ending the text ("---" before a made-up follow-up question).
_HORIZONTAL_RULE = re.compile(r"(?:\n[ \t]*+[-*_]{3,}+[ \t]*+)+$")
#: A question that asks for a count, and a closing clause that counts none.
_HOW_MANY = re.compile(r"(?i:\bhow\s+many\b)|多少个|几个")
#: A count asked for by an opening imperative ("Find the number of solutions to …").
_COUNT_ASKED = re.compile(r"[ \t]*+(?i:(?:find|compute|determine)\s+the\s+number\s+of\b)")
_NONE = re.compile(
    r"(?i:(?:\bthere\s+(?:are|is|were|exist)|\bso|\btherefore|\bthus|\bhence|\bends\s+in"
    r"|\bhas|\bhave)[ \t]+[*_]{0,2}"
    r"(no|none)\b(?![ \t]+(?:more|longer|other)\b))"
)
#: A last line of one to three words and no number, bold or not.
_WORDED_LINE = re.compile(
    r"(?:^|\n)[ \t]*+(\*\*|__)?(?P<words>[A-Za-z][A-Za-z'-]*+(?:[ \t][A-Za-z'-]++){0,2})"
    r"[.!]?(?(1)\1)[.!]?[ \t]*+$"
)
#: The end of a sentence, not of a clause ("there is no minimum; the infimum is 0" is one).
_FULL_STOP = re.compile(r"[.!?。！？](?=\s)")
#: A line or sentence break between two numerals.
_SENTENCE_BREAK = re.compile(rf"\n|{_FULL_STOP.pattern}")
#: A clause that denies its value ("did not find 30 eggs", "不是18个").
_DENIAL_BEFORE_DASH = re.compile(r"(?i:\b(?:not|never)\b|n't\b)|不是|并非|没有")
_BOLD_FIRST_LINE = re.compile(r"[ \t]*+\*\*([^*\n]{1,40}+)\*\*[ \t]*+(?:\n|$)")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*+\n[ \t]*+\S")

#: A conclusion after a check, which the check does not replace ("so" only concludes the check).
_CONCLUDES_AGAIN = re.compile(
    r"答|\\boxed|(?i:\b(?:therefore|thus|hence|answer)\b)"
    # "Check: … = 42. So $n = 42$.": a sentence that opens with "So" concludes again.
    r"|(?:^|(?<=[.!?。！？\n]))[ \t*_]*+(?:So|所以|因此)\b"
    # "Checking: √4 = 2 ✓. The only possible value is x = 3.": a sentence that names the value.
    r"|(?:^|(?<=[.!?。！？\n]))[ \t*_]*+The[ \t]++(?:(?:only|final|possible|unique)[ \t]++){0,2}"
    r"(?:value|solution|answer|result)s?[ \t]++(?:is|are)\b"
)


#: An asking phrase right before the math it asks for, one noun ("the sum") between at most.
_SEVERAL = re.compile(r"(?i:\bor\b|\band\b)|,|\\text|或|和")
_ASKING = re.compile(
    r"(?i:\b(?:value\s+of|find|compute|evaluate|determine|calculate|what\s+is|what's)"
    r"(?:\s+the\s+[a-z]+)?[ \t]*+)$"
)
_DISPLAY_MATH = re.compile(r"\$\$[^$]{0,2000}+\$\$")

#: A ``$...$`` span of a problem, for the math its question asks to find.
_DOLLAR_SPAN = re.compile(r"(?<!\\)\$([^$]{1,200}+)\$")


@dataclass(frozen=True)
class Conclusion:
    """The numerals a response offers as its answer, and where they were found.

    ``source`` is ``"\\boxed{}"``, the marker text (``"答："``, ``"answer is"``), or
    ``"last numerals"`` when the paper's last-two rule was used. ``expressions`` are answers that
    are no plain number (``\\sqrt{2}``, ``不到18``). ``hedged`` says the response offers two
    different values as alternatives; ``broken_off`` that it stops mid-sentence with no conclusion
    statement; ``refused`` that it ends by declining to answer.
    """

    numerals: tuple[Numeral, ...]
    source: str
    hedged: bool = False
    broken_off: bool = False
    refused: bool = False
    expressions: tuple[Expression, ...] = ()


def conclude(response: str) -> Conclusion:
    """The numerals of the concluded answer of a response (bounded in time)."""
    start, end = region(response)
    conclusion = _conclude_in(response, start, end)
    if conclusion.numerals or conclusion.expressions or start == 0:
        return conclusion
    head_end = min(start, REGION_CHARS)
    # Never end inside a number either.
    while (
        head_end > 0 and numeral_char(response[head_end - 1]) and numeral_char(response[head_end])
    ):
        head_end -= 1
    return _conclude_in(response, 0, head_end)


def final_answer(response: str, problem: str | None = None) -> FinalAnswer | None:
    """The final answer of a response as text: what its last answer statement says, else the
    last math span (``$...$``, ``\\(...\\)``, ``\\[...\\]``), else the last number; None when
    there is none."""
    response = without_currency(response)
    start, end = region(response)
    found = None
    # "Let $\\boxed{N}$ mean the number of divisors of $N$": a problem that makes the box its
    # own notation has boxes in its working that are terms, not answers.
    boxes_are_notation = problem is not None and "\\boxed" in problem
    for statement in reversed(statements(response, start, end)):
        if statement.concluding or (boxes_are_notation and statement.source == "\\boxed{}"):
            continue
        found = statement_text(response, statement, end)
        if found is not None and _DENIED.match(found.text):
            found = None  # "Careful — the answer is not 18. …": a denial states no answer
            continue
        if found is not None and _NONE_EXISTS.search(response, statement.after, found.end):
            # "**Answer: no minimum exists (the infimum is 4).**": the value it names is not
            # what it answers.
            return replace(found, refused=True)
        if found is not None:
            break
    if found is None:
        # "So the number is 7. Let me double-check: 5 times 7 is 35 …": read before the check.
        stop = _before_closing_check(response, start, end)
        stop = _before_closing_remark(response, start, stop)
        found = (
            _json_answer(response, start, stop)
            or (_bold_first_line(response, start) if stop < end else None)
            or _trailing_matrix(response, start, stop)
            or _none_counted(response, start, stop, problem)
            or concluding_line(response, start, stop, problem)
            or _worded_line(response, start, stop)
            or last_math_span(response, start, stop)
            or last_number(response, start, stop)
        )
    if found is not None and found.source not in MARKED_SOURCES and _broken_off(response, end):
        return None  # "So the number of arrangements is $45360 - 25200$, which": cut off
    if found is not None and problem is not None:
        found = (
            _asked_assignment(response, found, problem)
            or _asked_in_line(response, found, problem)
            or found
        )
    if found is None or found.source in MARKED_SOURCES:
        return found
    if last_refusal(response, found.end, end) >= 0:
        return replace(found, refused=True)
    line_start = response.rfind("\n", 0, found.start) + 1
    sentence_start = last_sentence_start(response, line_start, found.start, _FULL_STOP)
    if _NONE_EXISTS.search(response, sentence_start or line_start, found.end):
        # "Therefore the expression has no minimum value (its infimum is 2).": likewise.
        return replace(found, refused=True)
    return found


#: The sources of a final answer that a box or an answer marker commits to.
MARKED_SOURCES = ("\\boxed{}", "answer marker")


def _before_closing_check(response: str, start: int, end: int) -> int:
    """Where a check of the answer that closes the response begins ("Let me double-check: …",
    "Verification: …", "验算：…"), or ``end``: a check that concludes again ("…, so x = 7"), is
    followed by another paragraph, or follows no number is read as it is."""
    floor = max(start, end - LOOP_FRAGMENT_CHARS * 2)
    last = None
    for found in _CHECK_OPENER.finditer(response, floor, end):
        last = found
    if (
        last is None
        or _CONCLUDES_AGAIN.search(response, last.end(), end)
        # "Check: … ✓\n\n$a = 41$": a short last paragraph after the check states the answer
        # again; more checking, or an aside in brackets, does not.
        or _restated_after(response, last.end(), end)
        or not any(c.isdigit() for c in response[max(start, last.start() - 400) : last.start()])
    ):
        return end
    return last.start()


def _before_closing_remark(response: str, start: int, end: int) -> int:
    """Where a closing line that only remarks on the answer before it begins ("The quadratic
    factor has discriminant $1-160<0$, so it does not factor further."), or ``end``."""
    stripped = response[start:end].rstrip()
    line = stripped.rfind("\n")
    if line < 0 or not stripped[:line].strip() or not _REMARK.search(stripped, line):
        return end
    return start + line


def _json_answer(response: str, start: int, end: int) -> FinalAnswer | None:
    """The value of an "answer" field that a JSON object closing the response gives
    (``{"reasoning": "…", "answer": "-1/16"}``); None when there is none."""
    last = deque(_JSON_ANSWER.finditer(response, max(start, end - JSON_READ_CHARS), end), maxlen=1)
    if not last or response[last[0].end() : end].strip(" \t\r\n`}"):
        return None
    group = 1 if last[0][1] is not None else 2
    return trimmed(response, last[0].start(group), last[0].end(group), "answer marker")


def _bold_first_line(response: str, start: int) -> FinalAnswer | None:
    """A short bold answer alone on the first line of a response that closes by checking it
    ("**n = 4.**", working, then "Check $n = 4$: … ✓"): what the check confirms."""
    if start != 0:
        return None
    found = _BOLD_FIRST_LINE.match(response)
    if found is None or not any(c.isalnum() for c in found[1]) or _WORD.search(found[1]):
        return None  # a sentence in bold ("**John's dad is 42 years old.**") is read as one
    return trimmed(response, found.start(1), found.end(1), "last line")


def _none_counted(response: str, start: int, end: int, problem: str | None) -> FinalAnswer | None:
    """The "no" of a closing sentence that answers a "how many" question with none ("so there
    are **no primes** in this row", "So **no pages** share a digit"), when no number follows
    it: ``symbolic`` reads it as 0."""
    if problem is None or not (
        _HOW_MANY.search(problem[-STATEMENT_CHARS:]) or _COUNT_ASKED.match(problem)
    ):
        return None
    stripped = response[start:end].rstrip()
    line_start = start + stripped.rfind("\n") + 1
    sentence = last_sentence_start(response, line_start, start + len(stripped), _FULL_STOP)
    found = deque(_NONE.finditer(response, sentence or line_start, start + len(stripped)), maxlen=1)
    after = _DIGITS.findall(response, found[0].end(), start + len(stripped)) if found else []
    if not found or any(number not in problem for number in after):
        return None  # "… no more than 3": a number after it; the question's own may be restated
    return FinalAnswer(found[0][1], found[0].start(1), found[0].end(1), "last line")


def _worded_line(response: str, start: int, end: int) -> FinalAnswer | None:
    """An answer in a few words with no number, on a bold last line ("**Undefined.**") or as
    the whole response ("even"): what it says, not the math of the working before it."""
    found = _WORDED_LINE.search(response, start, end)
    if found is None or (found.start() > start and found[1] is None):
        return None  # a plain closing remark ("Hope this helps!") is no answer
    return trimmed(response, found.start("words"), found.end("words"), "last line")


def _trailing_matrix(response: str, start: int, end: int) -> FinalAnswer | None:
    """A matrix typed as a list of rows that ends the response, over several lines or one
    ("M = [[3, -3],\n     [4, -2]]"); ``latex_normalise`` reads it as a ``pmatrix``."""
    found = _LIST_MATRIX_AT_END.search(response, max(start, end - MATRIX_CHARS), end)
    return (
        None if found is None else FinalAnswer(found[1], found.start(1), found.end(1), "last line")
    )


def _restated_after(response: str, start: int, end: int) -> bool:
    """Whether ``response[start:end]`` ends on a paragraph of its own that is a short answer line
    (``$a = 41$``), not more checking nor an aside in brackets."""
    if not _PARAGRAPH_BREAK.search(response, start, end):
        return False
    stripped = response[start:end].rstrip()
    last = stripped[stripped.rfind("\n") + 1 :].strip()
    return len(last) <= RESTATED_CHARS and not last.startswith(("(", "（"))


def _asked_assignment(response: str, found: FinalAnswer, problem: str) -> FinalAnswer | None:
    """Of an answer that assigns values (``$a = 2$, $b = 3$, $c = 2$, and $a + b + c = 7$``,
    ``$(d-1)(e-1) = 0$``), the value of the one whose left side is what the question asks to
    find: a math span of its question sentence ("what is the value of the sum $A+B+C$?") or its
    last one ("Find $a + b + c.$"). The others are steps to it. None when no one assignment is."""
    if "=" not in found.text:
        return None
    asked = _asked_expressions(problem)
    offset, values = found.start, []
    for piece in found.text.split("$"):
        left, equals, right = piece.partition("=")
        # "$c_2^2+c_1^2+c_0^2=100+1089+961=2150$": worked on, to the value after its last "=";
        # never through "k = 6 or k = 24/5", which offers two.
        several = "=" in right and _SEVERAL.search(right) is not None
        if equals and right.strip() and not several and _math_key(left) in asked:
            value_start, value_end = offset + piece.rfind("=") + 1, offset + len(piece)
            values.append(trimmed(response, value_start, value_end, found.source))
        offset += len(piece) + 1
    # "$x = 9$ or $x = -4$" assigns the asked variable twice: two answers, not one of them.
    return values[0] if len(values) == 1 else None


#: The commands a plain value is written with (``\\frac{7}{2}``, ``2\\sqrt{3}``, ``3\\pi``).
_LATEX_NUMBER_WORDS = re.compile(r"\\(?:[dt]?frac|sqrt|pi|cdot|times|left|right)(?![A-Za-z])")


def _asked_in_line(response: str, found: FinalAnswer, problem: str) -> FinalAnswer | None:
    """The value a closing line assigns to what the question asks for, beside another value it
    says ("The mean is 51.2 when $n = 9$.", "So the digit is 6 and $n = 42$." for "What is the
    value of $n$?"): one ``$x = v$`` span of the line whose value is a number, for an answer no
    box or marker states."""
    if found.source != "last line":
        return None
    asked = _asked_expressions(problem)
    if not asked:
        return None
    line_start = response.rfind("\n", 0, found.start) + 1
    line_end = response.find("\n", found.end)
    values = []
    for span in _DOLLAR_SPAN.finditer(
        response, line_start, len(response) if line_end < 0 else line_end
    ):
        left, equals, right = span[1].partition("=")
        value = _LATEX_NUMBER_WORDS.sub("", right)
        numeric = bool(equals and right.strip()) and "=" not in right and not LETTER.search(value)
        if numeric and _math_key(left) in asked:
            values.append(
                trimmed(response, span.start(1) + len(left) + 1, span.end(1), found.source)
            )
    if len(values) != 1 or values[0].start <= found.start < values[0].end:
        return None
    return values[0]


@lru_cache(maxsize=4096)
def _asked_expressions(problem: str) -> frozenset[str]:
    """The keys of the math a question asks to find: the last spans that an asking phrase
    ("Find", "value of", "What is") opens."""
    # Display math ($$…$$) first, so that it does not pair the inline dollars after it wrongly.
    tail = _DISPLAY_MATH.sub(" ", problem[-MAX_ANSWER_CHARS:])
    spans = [
        found[1]
        for found in _DOLLAR_SPAN.finditer(tail)
        # "What is the value of the sum $A+B+C$?", "Find $a + b + c.$"; not "the quotient when
        # $T$ is divided by 14", where $T$ is no thing asked.
        if _ASKING.search(tail, max(0, found.start() - 40), found.start())
    ]
    keys = {_math_key(span.rstrip(" .,?")) for span in spans[-2:] if "=" not in span}
    return frozenset(key for key in keys if key)


def _math_key(text: str) -> str:
    return comparison_key(normalise(text[:MAX_ANSWER_CHARS]))


def statements(response: str, start: int, end: int) -> list[Statement]:
    """The last ``LAST_STATEMENTS`` answer statements of ``response[start:end]``, in order."""
    found: list[Statement] = []
    for box in _BOX.finditer(response, start, end):
        close = box_end(response, box.end(), end)
        found.append(Statement(box.start(), box.end(), box.end(), close, "\\boxed{}"))
    for marker in _MARKER.finditer(response, start, end):
        begin = skip_lead(response, marker.end(), end)
        stop = sentence_end(response, begin, end)
        found.append(Statement(marker.start(), marker.end(), begin, stop, marker[0].strip()))
    concluding = _concluding_sentence(response, start, end)
    if found and concluding is not None and concluding.start > found[-1].start:
        # "答案是28米。再检查一下：…所以5小时可织布26.8米。": a conclusion after the answer
        # statement takes it back, as a self-correction does.
        found.append(concluding)
    found.sort(key=lambda statement: statement.start)
    return found[-LAST_STATEMENTS:]


def _concluding_sentence(response: str, start: int, end: int) -> Statement | None:
    """The last sentence, when it opens with a conclusion word (所以, 因此, So, Therefore)."""
    floor = max(start, end - STATEMENT_CHARS)
    sentence_start = last_sentence_start(response, floor, end) or floor
    while sentence_start < end and response[sentence_start] in " \t\r\n*>-":
        sentence_start += 1
    opening = _CONCLUSION_WORD.match(response, sentence_start, end)
    if opening is None:
        return None
    begin = skip_lead(response, opening.end(), end)
    stop = sentence_end(response, begin, end)
    source = opening[0].strip(" ,，")
    return Statement(sentence_start, opening.end(), begin, stop, source, concluding=True)


def region(text: str) -> tuple[int, int]:
    """The span of the response that is read: its tail, before any runaway continuation."""
    end = len(text)
    head = text[:TURN_SEARCH_CHARS]
    answered = [
        m.end()
        for m in (_MARKER.search(head), _BOX.search(head), _CONCLUDING_LINE.search(head))
        if m is not None
    ]
    # A new problem after the answer; without an answer statement, after some working at least.
    # "15 - 5 = 10\n\nQuestion: 20 - 5 =\nAnswer: 15": the first marker is the made-up
    # question's; a worked result before that question is the response's own answer.
    earlier = _NEW_TURN.search(head, 1, min(answered)) if answered else None
    turn = _NEW_TURN.search(head, min(answered) if answered else 1)
    if earlier is not None and _WORKED_RESULT.search(head, 0, earlier.start()):
        end = earlier.start()
    elif turn is not None and (answered or any(c.isdigit() for c in head[: turn.start()])):
        end = turn.start()
    follow_up = _FOLLOW_UP.search(head, 1, end)
    if follow_up is not None and any(c.isdigit() for c in head[: follow_up.start()]):
        end = follow_up.start()
    end = _before_loop(text, end)
    end = _before_broken_fragment(text, end)
    pleasantry = _PLEASANTRY.search(text, max(0, end - LOOP_FRAGMENT_CHARS), end)
    if pleasantry is not None and any(
        c.isdigit() for c in text[max(0, pleasantry.start() - 400) : pleasantry.start()]
    ):
        end = pleasantry.start()  # "I hope this helps! Let me know if you have any other …"
    start = max(0, end - REGION_CHARS)
    # Never start inside a number: a cut 12345 must not be read as 345.
    while 0 < start < end and numeral_char(text[start - 1]) and numeral_char(text[start]):
        start += 1
    return start, end


def _before_broken_fragment(text: str, end: int) -> int:
    """Where a response that breaks off mid-sentence ends its last whole sentence, when the
    broken one only justifies or checks the answer ("Each seat can hold 5 people. This is because
    20 divided by 4 is 5, and each seat has to hold the same number of"): a grader reads the
    answer before it. Any other broken sentence ("So the number of arrangements is $45360 -
    25200$, which", a small model's loop cut mid-step) is left as it is: it concluded nothing."""
    if not _broken_off(text, end):
        return end
    floor = max(0, end - LOOP_FRAGMENT_CHARS)
    last = last_sentence_start(text, floor, end)
    if last is None or not _JUSTIFYING_OPENING.match(text, last, end):
        return end
    if not any(c.isdigit() for c in text[max(0, last - LOOP_FRAGMENT_CHARS) : last]):
        return end
    return last


def _broken_off(text: str, end: int) -> bool:
    """Whether ``text[:end]`` stops on a word that needs more after it ("and 32 is 4 times")."""
    closing = _HORIZONTAL_RULE.sub("", text[max(0, end - 24) : end].rstrip())
    if closing.endswith(("**", "__")) and any(c.isdigit() for c in closing):
        return False  # "**144 times**": a bold answer closed deliberately, its unit and all
    tail = closing.rstrip("*_ \t")  # bold marks close no sentence
    return _DANGLING.search(tail) is not None or _BROKEN_WORD.search(tail) is not None


def _before_loop(text: str, end: int) -> int:
    """Where a response that loops ends its last whole sentence: a small model repeating its
    working until the token limit stops mid-sentence on a fragment it has written before, after
    its answer (``…一共有36页。小明每天看5页，…所以这本书一共有``): the fragment concludes
    nothing."""
    last_end = last_sentence_start(text, max(0, end - LOOP_FRAGMENT_CHARS), end)
    if last_end is None:
        return end
    fragment = text[last_end:end].strip()
    if (
        len(fragment) < LOOP_MIN_CHARS
        or text.find(fragment, max(0, end - REGION_CHARS), last_end) < 0
    ):
        return end
    return last_end


def _last_sentence_words(response: str, start: int, end: int) -> list[Numeral]:
    """Number words that end the last sentence, after any digits in it ("There is one more
    stork.", "…took 17 more, so together they took eighty-four pictures."): the concluding
    sentence states the answer in words after digits in the working."""
    sentence_start = last_sentence_start(response, max(start, end - STATEMENT_CHARS), end) or start
    # "She bought five good CDs (12 - 7 = 5).": a check in brackets closing the sentence is
    # no working before the words.
    aside = _CLOSING_BRACKETS.search(response, sentence_start, end)
    if aside is not None:
        end = aside.start()
    # Digits inside a word ("mp3", "H2O") are part of a name, not working before the words.
    last_digit = max(
        (
            i
            for i in range(sentence_start, end)
            if (response[i].isdigit() or response[i] in VULGAR_FRACTIONS)
            and not _IN_WORD_DIGIT.match(response, max(0, i - 8), i + 1)
        ),
        default=sentence_start - 1,
    )
    sentence_start = last_digit + 1
    scale = _SCALE_AFTER_DIGITS.match(response, sentence_start, end)
    if last_digit >= 0 and scale is not None:
        sentence_start = scale.end()  # "2.5 million": the scale word belongs to the digits
    numerals, _ = read_numerals(response, sentence_start, end, start)
    # "for these two days": a number word after a determiner names a given, not the answer.
    numerals = [
        n for n in numerals if not _DETERMINED.search(response, max(start, n.start - 8), n.start)
    ]
    return [
        n
        for n in numerals
        if not _PRONOUN_ONE.search(response, max(start, n.start - 12), n.end + 4)
        # A lone 一 after digits is a determiner: "找出较轻的一袋", "一个也没有".
        and n.text != "一"
    ]


def _start(item: Numeral | Expression) -> int:
    return item.start


def _hypothetical_tail(response: str, start: int, end: int) -> int:
    """Where trailing sentences that suppose something else begin ("如果外面有10个的话，就是28个。",
    "If we wanted every egg packed, we would need 9."): what they compute answers another
    question. ``end`` when the response does not end so."""
    tail_start = end
    while True:
        floor = max(start, tail_start - STATEMENT_CHARS)
        sentence_start = last_sentence_start(response, floor, tail_start) or start
        while sentence_start < tail_start and response[sentence_start] in " \t\r\n":
            sentence_start += 1
        if sentence_start <= start or not _HYPOTHETICAL.match(response, sentence_start, tail_start):
            return tail_start
        tail_start = sentence_start


def _before_breakdown(
    response: str, items: list[Numeral | Expression], start: int, end: int
) -> list[Numeral | Expression]:
    """The items, less those after a dash that breaks the last sentence's answer down ("He earns
    $15 in total — $3 from the Times and $12 from the Journal."): the parts are not the answer."""
    sentence_start = last_sentence_start(response, max(start, end - STATEMENT_CHARS), end) or start
    dash = BREAKDOWN.search(response, sentence_start, end)
    if dash is None or not any(sentence_start <= n.start < dash.start() for n in items):
        return items
    if _DENIAL_BEFORE_DASH.search(response, sentence_start, dash.start()):
        # "The friends did not find 30 eggs — they found 40.": the dash corrects a denied
        # value; what follows it is the answer, not a part of one.
        return [n for n in items if n.start < sentence_start or n.start > dash.start()]
    if len(_LABELLED_VALUE.findall(response, sentence_start, dash.start())) > 1:
        # "Robert: 27, James: 33, John: 54 — John has 54 - 33 = 21 more": a recap of labelled
        # values, then the dash introduces what they conclude.
        return [n for n in items if n.start < sentence_start or n.start > dash.start()]
    return [n for n in items if n.start < dash.start()]


def _in_aside(text: str, index: int, end: int) -> bool:
    """Whether ``index`` is inside a parenthetical that closes a sentence: "There are 4 more
    green peaches than red ones (6 vs 2)." restates givens beside the answer."""
    reach = ASIDE_CHARS
    opening = max(
        text.rfind("(", max(0, index - reach), index),
        text.rfind("（", max(0, index - reach), index),
    )
    if opening < 0:
        return False
    closing = min(
        (
            c
            for c in (text.find(")", index, index + reach), text.find("）", index, index + reach))
            if c >= 0
        ),
        default=-1,
    )
    between = text[opening + 1 : index]
    if closing < 0 or "\n" in text[opening:closing] or any(c in between for c in "()（）"):
        # "9 × 0.8 ÷ (1 + 20%) = 6（元）": a bracket closed before the number holds no aside.
        return False
    after = text[closing + 1 : min(end, closing + 4)].strip()
    # After a space, or opening a line of its own ("\n\n(The water bottles wouldn't last …)").
    return (not after or after[0] in ".。!！") and (opening == 0 or text[opening - 1] in " \n")


def _stated_first(
    response: str, start: int, end: int, items: list[Numeral | Expression]
) -> Numeral | None:
    """The answer a response states on its first line and confirms at the end ("还差30页。" and
    then "理由：… 50 - 20 = 30页"; "45 minutes." and then "… Total: 15 + 30 = 45 minutes."): a short
    first line of no working holding one numeral, which the last sentence ends on."""
    first_line_end = response.find("\n", start, end)
    first_sentence = SENTENCE_END.search(response, start, min(end, start + FIRST_LINE_CHARS))
    if first_sentence is not None and (first_line_end < 0 or first_sentence.end() < first_line_end):
        first_line_end = first_sentence.end()  # "31本。东东搬了23本，…合起来23+8=31本。"
    if start != 0 or first_line_end < 0 or first_line_end - start > FIRST_LINE_CHARS:
        return None
    on_first = [n for n in items if n.start < first_line_end]
    if len(on_first) != 1 or not isinstance(on_first[0], Numeral):
        return None
    if _WORKING.search(response, start, first_line_end):
        return None  # "4只兔子的脚：4×4=16": the first line is working, not a stated answer
    if _JUSTIFICATION_HEAD.match(response, first_line_end, end):
        return on_first[0]  # "**190 cakes.**\n\nHere's why: …": what follows only justifies it
    stripped = response[first_line_end:end].rstrip()
    if stripped.endswith((")", "）", ").", "）。")):
        # "… = 90. (Jason's money doesn't matter here.)": the aside is no last sentence.
        aside = max(stripped.rfind("("), stripped.rfind("（"))
        end = first_line_end + aside if aside > 0 else end
    last_sentence = last_sentence_start(response, first_line_end, end) or first_line_end
    ending = [n for n in items if last_sentence <= n.start < end and isinstance(n, Numeral)]
    if not ending or ending[-1].value != on_first[0].value:
        return None
    return on_first[0]


def _conclude_in(response: str, start: int, end: int) -> Conclusion:
    """The concluded answer within ``response[start:end]``."""
    refusal = last_refusal(response, start, end)
    for statement in reversed(statements(response, start, end)):
        numerals, expressions = read_numerals(
            response, statement.begin, statement.end, start, chinese_words=True
        )
        if numerals or expressions:
            return Conclusion(
                tuple(numerals),
                statement.source,
                hedged=hedged(response, numerals),
                refused=refusal > statement.start,
                expressions=tuple(expressions),
            )
    json = _json_answer(response, start, end)
    if json is not None:
        # '{"total_apples": 80, …, "answer": 10}': the field the response names its answer.
        numerals, expressions = read_numerals(response, json.start, json.end, start)
        if numerals or expressions:
            return Conclusion(tuple(numerals), '"answer"', expressions=tuple(expressions))
    # The paper's window: the last two numerals in context. Those in it that cannot be the answer
    # are dropped, not replaced by earlier ones, which would be intermediate values.
    numerals, expressions = read_numerals(response, start, end, start)
    found: list[Numeral | Expression] = [*numerals, *expressions]
    hypothetical = _hypothetical_tail(response, start, end)
    items = sorted(
        (n for n in found if not _in_aside(response, n.start, end) and n.start < hypothetical),
        key=_start,
    )
    worded = _last_sentence_words(response, start, hypothetical)
    if worded and not any(n.start >= worded[0].start for n in items if n not in worded):
        items = [*worded]
    window = _before_breakdown(response, items, start, hypothetical)[-LAST_CANDIDATES:]
    paragraph = response.rfind("\n\n", window[-2].end, window[-1].start) if len(window) > 1 else -1
    if paragraph >= 0 and not ASIDE_LINE.fullmatch(response, paragraph, hypothetical):
        # "… and Beatriz 55 ÷ 11 = 5 games.\n\nThe minimum number … is 11.": a closing
        # paragraph with one number says it alone; the paragraph before it is working.
        window = window[-1:]
    emphasised = _bold_in_last_line(response, items, start, hypothetical)
    if emphasised is not None:
        # "Kristen needs **60 gift bags** (5 packs of bags), which matches 12 packs of bows.":
        # the one bold number of the closing line is the answer its emphasis marks.
        window = [emphasised]
    if window and isinstance(window[-1], Expression) and window[-1].why.startswith("a bound"):
        # The response ends on a bound or share of a number ("不到每分钟50米"): that is its
        # conclusion, and the numerals before it are working.
        window = window[-1:]
    if (
        len(window) > 1
        and isinstance(window[-1], Numeral)
        and _RESULT_BEFORE.search(response, max(start, window[-1].start - 8), window[-1].start)
        and (breaks := _SENTENCE_BREAK.search(response, window[-2].end, window[-1].start))
        # "He needs 5 boxes. Check: 5 × 4 = 20.": a check's result confirms, it is no answer.
        and not _CHECK_OPENER.search(response, breaks.start(), window[-1].start)
    ):
        # "**Total distance:** 12 + 6 = **18 miles**", "… = 12 days. 240 ÷ 12 = 20 minutes per
        # day.": an equation's result ends the response in a line or sentence of its own, and
        # the numbers before it are working.
        window = window[-1:]
    if window and isinstance(window[-1], Expression) and window[-1].why in IRRATIONALS:
        # "cos(135°) = -\frac{\sqrt{2}}{2}": an irrational value ends it, and is its answer.
        window = window[-1:]
    first = _stated_first(response, start, end, items)
    if first is not None:
        window = [first]
    kept = [n for n in window if isinstance(n, Numeral) and not restated(response, n, start)]
    tail = response[window[-1].end if window else start : end].rstrip().rstrip("*_ \t")
    return Conclusion(
        tuple(kept),
        "last numerals",
        hedged=hedged(response, kept),
        broken_off=_DANGLING.search(tail[-16:]) is not None,
        refused=(bool(window) and refusal > window[0].start)
        or _refused_before_aside(response, start, end, refusal, window),
        expressions=tuple(n for n in window if isinstance(n, Expression)),
    )


def worked_from(response: str, earlier: Numeral, result: Numeral) -> bool:
    """Whether ``result`` is what an equation after ``earlier`` gives (``… = 140``), with
    ``earlier``'s value among the operands of its clause (``5 × 28 = 140`` after "28 clowns")."""
    between = response[earlier.end : result.start]
    if not _RESULT_BEFORE.search(between):
        return False
    equals = max(between.rfind(sign) for sign in "=＝≈")
    clause = _CLAUSE_OPENING.split(between[:equals])[-1]
    return any(n.value == earlier.value for n in find_numerals(clause))


def _bold_in_last_line(
    response: str, items: list[Numeral | Expression], start: int, end: int
) -> Numeral | None:
    """The numeral in the one bold segment of the last paragraph, when exactly one numeral of
    the items is inside it ("Helmet: **$40**\nBicycle: **$200**" has two: a two-part answer)."""
    stripped = response[start:end].rstrip()
    paragraph_start = start + stripped.rfind("\n\n") + 1
    bolds = list(BOLD_SEGMENT.finditer(response, paragraph_start, start + len(stripped)))
    if len(bolds) != 1:
        return None
    inside = [
        n
        for n in items
        if isinstance(n, Numeral) and bolds[0].start(1) <= n.start and n.end <= bolds[0].end(1)
    ]
    return inside[0] if len(inside) == 1 else None


def _refused_before_aside(
    response: str, start: int, end: int, refusal: int, window: list[Numeral | Expression]
) -> bool:
    """Whether the response declines to answer and then works numbers out only in an aside
    ("… cannot be determined.\n\n(If we only look at salty cookies, 6 - 3 = 3, but …)")."""
    if refusal < 0 or not window:
        return False
    stripped = response[start:end].rstrip()
    line_start = start + stripped.rfind("\n") + 1
    return (
        refusal < line_start <= window[0].start
        and ASIDE_LINE.fullmatch(response, line_start, start + len(stripped)) is not None
    )
