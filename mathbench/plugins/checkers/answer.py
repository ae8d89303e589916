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
answer that is no number), with the math-span and last-number fallbacks MATH graders use.
"""

# Full-width Chinese punctuation (：，。) is what this module reads, not a confusable typo:
# ruff: noqa: RUF001, RUF003

from __future__ import annotations

import itertools
import re
from collections import deque
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import lru_cache

from mathbench.plugins.checkers.answer_context import (
    IRRATIONALS,
    SENTENCE_END,
    STATEMENT_CHARS,
    Expression,
    closing_brace,
    hedged,
    last_refusal,
    read_numerals,
    restated,
)
from mathbench.plugins.checkers.latex_normalise import comparison_key, normalise
from mathbench.plugins.checkers.numerals import Numeral, find_numerals, parse_numeral
from mathbench.plugins.checkers.plain_math import ending_expression, expression_from
from mathbench.plugins.checkers.question import choose, read_question

#: The reason every checker gives for a response that declines to answer.
REFUSED = 'declines to answer ("cannot be determined")'
#: How much of the end of a response is read for its answer.
REGION_CHARS = 8_000
#: How far from the start a runaway continuation (a new problem after the answer) is looked for.
TURN_SEARCH_CHARS = 20_000
#: Longest ``\\boxed{...}`` content, or final answer text, read; MATH's longest golden answer has
#: 81 characters, so a longer one is reported as too long rather than parsed.
MAX_ANSWER_CHARS = 1_000
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
#: Longest first line read as an answer stated before its working.
FIRST_LINE_CHARS = 40
#: A final fragment this long that the response wrote before is a repetition loop cut short.
LOOP_MIN_CHARS = 12
LOOP_FRAGMENT_CHARS = 600

# Both patterns start by consuming one character from a small set, which lets the regex engine
# skip ahead to candidates instead of trying every position of a long response; lookbehinds then
# tell which alternative that character began.
_MARKER = re.compile(
    r"[答aA#]"
    r"(?:(?<=答)(?<![回解]答)[ \t]{0,3}[:：]"
    r"|(?<=答)案[^\n。！？!?；;，,：:不]{0,8}?(?:是|为|[:：])"
    r"|(?<=答)案[ \t]{0,3}(?=[0-9])"
    # "Long answer:" and "Short answer:" name a kind of test question, not an answer.
    r"|(?<=[aA])(?<![A-Za-z0-9_][aA])(?<![Ll]ong a)(?<![Ss]hort a)(?i:nswer[*_ \t]{0,4}"
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
#: A LaTeX answer's sentence ends at a full stop followed by space, not at ``3.5`` or ``\\ldots``.
_TEXT_SENTENCE_END = re.compile(
    r"\.(?:\s|$)|[\n。；;!?！？]|\bI\s+hope\b|\*\*"
    r"|\s\((?=(?:namely|i\.e\.|e\.g\.|which|since|because|that\s+is|from|when|where)\b)"
)
_STATEMENT_LEAD = " \t\r\n:：*_$=>"
_TEXT_LEAD = " \t*_:："
_MATH_DELIMITERS = (("\\[", "\\]"), ("\\(", "\\)"), ("$$", "$$"), ("$", "$"))
_DANGLING = re.compile(
    r"(?:所以|因此|然后|接着|再|那么|得|是|为|等于|加上|减去|乘以|除以|[=+×÷*/:：-]"
    r"|(?i:\b(?:so|then|and|is|are|to|of|by|the|we|get|gives|equals|plus|minus|times)))$"
)
#: Closing pleasantries after the answer, to the end of the response.
_PLEASANTRY = re.compile(
    r"\n[ \t]*+(?i:i\s+hope\s+(?:this|that|it)\s+helps|hope\s+(?:this|that)\s+helps"
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
    # A supposition after the answer ("If she wanted 3 more, she would need …") answers nothing.
    r"|if|suppose)\b|如果|假如)"
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
#: A sentence's end in prose (outside a number and outside math, which the caller checks).
_PROSE_SENTENCE_END = re.compile(
    # "!" after a digit or a bracket is a factorial (5!\cdot 2!), not the end of a sentence.
    # The stop of "a.m." or "p.m." is an abbreviation's ("arrives at 9 a.m. Denver time").
    # A parenthesis opening a sentence makes it an aside ("… = 2/3. (Then the degree is 2.)").
    r"(?<=[a-z0-9)\]$])(?<![AaPp]\.[Mm])\.\s+(?=[A-Z(])|[。！？]|\?(?=\s|$)|(?<![\d)}\]])!(?=\s|$)"
)
_UNESCAPED_DOLLAR = re.compile(r"(?<!\\)\$")
_JOINED_SPAN = re.compile(
    r"[ \t]*(?:,[ \t]*)?(?:or|and|或者?|和)[ \t]*(?:(?:about|approximately|roughly|possibly|perhaps"
    r"|maybe)[ \t]+)?\$"
    # "is $\\tfrac12$ (or $2$, if …)": an alternative in brackets.
    r"|[ \t]*[(（][ \t]*or[ \t]++\$"
)
_JOINED_BEFORE = re.compile(r"\$[ \t]*(?:,[ \t]*)?(?:or|and|或者?|和)[ \t]*$")
#: Assignments listed by commas (``$a = 1$, $b = -16$``) are one answer too: a tuple's values.
_LISTED_BEFORE = re.compile(r"\$[ \t]*[,，][ \t]*$")
_RESULT_BEFORE = re.compile(r"[=≈][ \t*_$]{0,4}$")
_LISTED_SPAN = re.compile(r"[ \t]*[,，][ \t]*\$")
_ASSIGNMENT = re.compile(r"\s*\\?[A-Za-z](?:_\{?\w+\}?)?\s*=[^=<>]+")
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
#: The verb of a concluding sentence, before the value it states.
_COPULA = re.compile(r"(?i:\b(?:is|are|was|were|equals|be|gives|yields)\b|\b(?:that|it)[’']s\b)")
#: A math span that only names a variable (``$x$``, ``$a_1$``).
_VARIABLE = re.compile(r"\s*\\?[A-Za-z](?:_\{?\w+\}?)?\s*")
#: A dash that breaks an answer down into parts; not one that refines it ("— specifically 2").
_BREAKDOWN = re.compile(
    # "… make 11 groups, each with 4 plates and 3 spoons": what each part holds is no answer.
    r"(?:[ \t][—–][ \t]|——|[ \t]--[ \t]|,[ \t]*+each[ \t]++(?:with|having|containing|of)\b)"
    r"(?![ \t]*+(?i:specifically|namely|exactly|that\s+is|i\.e\.))"
)
_THEN = re.compile(r"(?i:\b(?:so|thus|therefore|hence|giving|which\s+gives)\b)|所以|因此")
_WORKED_RESULT = re.compile(r"=[ \t]*\$?-?[0-9]")
_BOLD_VALUE = re.compile(r"\*\*\s*([^*\n]{0,40}?[0-9][^*\n]{0,40}?)\s*\*\*")
_DEGREES = r"(?:°|\^\\circ|\^\{\\circ\})?"
_ARITHMETIC_CHAIN = re.compile(
    rf"{_DEGREES}(?:[ \t]*(?:[×x*·+\-\u2212/=]|\\times|\\cdot)[ \t]*-?\d+(?:,\d{{3}})*"
    rf"(?:\.\d+)?{_DEGREES})+"
)
_EITHER = re.compile(r"(?i:either)[ \t]+")
_OR_NUMBER = re.compile(
    # A degree sign may close the first value and the second ("either 120° or 240°").
    r"(?:°|\^\\circ)?[ \t]*[,(（]?[ \t]*(?:(?i:or)|或者?|还是)[ \t]*"
    r"(?:(?i:possibly|perhaps|maybe|probably)[ \t]+)?[-−]?\d+(?:,\d{3})*(?:\.\d+)?(?:/\d+)?°?"
)
#: A variable named before its value in a list of values ("x = " in "are x = −5 and x = 3").
_NAMED_VALUE = re.compile(r"[A-Za-z][ \t]*+=[ \t]*+")
#: One more value of a list joined by "and" ("are −5 and 3", "are 2, 7, and 9").
_AND_NUMBER = re.compile(
    r"[ \t]*+(?:,[ \t]*+(?:and[ \t]++)?|and[ \t]++)(?:[A-Za-z][ \t]*+=[ \t]*+)?"
    r"[-−]?\d++(?:\.\d++)?+(?:/\d++)?+(?![\d,.]?\d|[ \t]*+[A-Za-z(])"
)
_COMPOUND_ADJECTIVE = re.compile(r"-[A-Za-z]")
_BETWEEN = re.compile(r"(?i:\bbetween)[ \t]++([-−]?\d[\d,.]*+[ \t]++and[ \t]++[-−]?\d[\d,.]*+)")
#: A number and "or" just before the last number of a line: the line offers two.
_ALTERNATIVE_BEFORE = re.compile(
    r"[-−]?\d[\d,./]*+[ \t]*+,?[ \t]*+(?:(?i:or)|或者?|还是)[ \t]++"
    r"(?:(?i:possibly|perhaps|maybe|probably)[ \t]++)?$"
)
_CLAUSE_BOUNDARY = re.compile(r"[,;:]|(?i:\b(?:and|so|then|but)\b)")
_FUNCTION_WORDS = frozenset((
    "the", "and", "what", "how", "many", "much", "doe", "did", "are", "wa", "were", "thi", "that",
    "which", "its", "with", "from", "for", "ha", "have", "value", "find",
))  # fmt: skip
#: A later clause that concludes rather than coordinates: "…, so the larger is 18", "— that's 8".
_CONCLUDING_CLAUSE = re.compile(
    r"(?i:\b(?:so|thus|therefore|hence|which\s+gives)\b|\b(?:that|it)[’']s\b)|[—–]|所以|因此"
)
_LIST_MATRIX_AT_END = re.compile(
    r"(\[[ \t]*+\[[^\[\]\n]*+\](?:[ \t]*+,\s*+\[[^\[\]\n]*+\])++[ \t]*+\])[ \t.*_]*+$"
)
#: A label's colon after a word ("Maximum value: 27,648"), not a ratio's between numbers (12 : 35).
_LABEL_COLON = re.compile(r"[A-Za-z\u4e00-\u9fff)*][ \t]*+[:：]")
#: What makes a number's continuation math: a root, pi, a variable glued to it, an operator.
_MATH_GOES_ON = re.compile(r"[√π²³^]|^[A-Za-z](?![A-Za-z])|[-−+×÷·*/=][ \t]*+[0-9(√π]")
_OPEN_OR_OPERATOR = " \t([-−+×÷·*/^=,"
#: A parenthetical that closes the last sentence and checks or explains its answer.
_TRAILING_ASIDE = re.compile(
    # "The greatest digit is **9** (92 = 4 × 23).": an equation in brackets checks the value.
    r"[ \t]\((?=[^()\n=]{1,60}+=)[^()\n]*+\)[ \t.]*+$"
    r"|[ \t]\((?=(?i:and|i\.e\.|e\.g\.|which|since|because|check|note|so|as|from|that|with|the|this"
    r"|where|when|about|approximately|roughly|≈)\b)[^()\n]*+(?:\([^()\n]*+\)[^()\n]*+)*+\)"
    r"[ \t.]*+$"
)
#: A clause giving the reason after the answer, to the end of the sentence.
_TRAILING_REASON = re.compile(r"[,;][ \t]++(?:because|since)\b[^\n]*+$")
#: Letters naming a problem's options ("(A)", "B)"), and a line that gives its choice of them.
_OPTION_IN_PROBLEM = re.compile(r"\(([A-H])\)|(?<![A-Za-z(])([A-H])\)")
_OPTION_ANSWER = re.compile(
    r"[ \t*#>_]*+(\(?[A-H]\)?(?:[ \t]*+(?:,|and|&)[ \t]*+\(?[A-H]\)?)*+)"
    r"(?=[ \t]*+[*_.)]*+[ \t]*+(?:$|\n)|\)?[ \t]+(?:\$|[A-Za-z]))"
)
#: A line that ends on a bold value ("= **40 points**.", "is a **circle**.").
_BOLD_AT_END = re.compile(r"\*\*([^*\n]{1,80}+)\*\*[ \t.!。]*+$")
#: A line that opens on a bold value and says only words of it after ("**B** is the one.").
_BOLD_LEAD = re.compile(
    r"[ \t]*+\*\*([^*\n]{1,80}+)\*\*(?=[ \t]++[A-Za-z][A-Za-z ,'-]{0,80}+[.!]?[ \t]*+$)"
)
#: A sentence that ends by saying something is a word ("the function is odd.").
_WORD_SAID = re.compile(
    r"(?i:\b(?:is|are|be)\b)[ \t]++(?:(?:also|an?|the)[ \t]++)?([A-Za-z]++)[ \t.!]*+$"
)
_PROSE_WORD = re.compile(r"[A-Za-z]{3,}+")
_OPTION_LETTER_ALONE = re.compile(r"\(?[A-H]\)?")
_BOLD_SEGMENT = re.compile(r"\*\*([^*\n]{1,80}+)\*\*")
_ONE_WORD = re.compile(r"[A-Za-z]++")
_NEGATED_WORD = re.compile(r"(?i:\bnot\b|\bneither\b)")
#: What says a variable's value after its name: 的值是, 为, =, "is", "equals".
_VARIABLE_COPULA = re.compile(
    r"[ \t]*+(?:[\u4e00-\u9fff]{0,10}?(?:是|为|等于)|=|＝|(?i:is|equals)\b)[ \t]*+"
)
#: A statement written as prose: Chinese, or two English words (a unit alone is no prose).
_PROSE_STATEMENT = re.compile(r"[\u4e00-\u9fff]{2}|[A-Za-z]{2,}+[ \t]++[A-Za-z]{2,}+")
_CJK_BEFORE_VALUE = re.compile(r"[\u4e00-\u9fff]{1,4}[ \t]*+(?=[-−]?\d|\$)")
#: What says a value in an answer statement written as prose.
_STATEMENT_COPULA = re.compile(r"(?:是|为|等于|(?i:\b(?:is|are|was|were|equals)\b))[ \t]*+")
#: A paragraph that opens by justifying the answer stated before it.
_JUSTIFICATION_HEAD = re.compile(
    r"[\s*_#>]*+(?:理由|原因|解释|(?i:here(?:'|’)?s\s+why|why|reason(?:ing)?|explanation"
    r"|justification))[*_ \t]*+[:：]"
)
#: A check of the answer opening a sentence or line.
_CHECK_OPENER = re.compile(
    r"(?:(?<=[.!?。！？\n])|^)[ \t*_#>]*+(?:验算|检验|(?i:let(?:\s+me|'s|\s+us)\s+(?:double[- ]?)?"
    r"(?:check|verify)|double[- ]?check(?:ing)?|sanity\s+check|quick\s+check|check(?:ing)?[ \t]*+:"
    r"|verif(?:y|ication)[ \t]*+:|(?:here(?:'|’)?s\s+why|why|reason(?:ing)?|explanation"
    r"|justification)[ \t]*+:))"
)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*+\n[ \t]*+\S")
#: A conclusion after a check, which the check does not replace ("so" only concludes the check).
_CONCLUDES_AGAIN = re.compile(
    r"答|\\boxed|(?i:\b(?:therefore|thus|hence|answer)\b)"
    # "Check: … = 42. So $n = 42$.": a sentence that opens with "So" concludes again.
    r"|(?:^|(?<=[.!?。！？\n]))[ \t*_]*+(?:So|所以|因此)\b"
)
#: A leading clause that gives a reason, up to its comma ("Since one root is $1$, ").
_REASON_CLAUSE = re.compile(r"[ \t*_]*+(?i:since|because|as|given\s+that)\b[^,\n]{0,200}+,")
#: An asking phrase right before the math it asks for, one noun ("the sum") between at most.
_ASKING = re.compile(
    r"(?i:\b(?:value\s+of|find|compute|evaluate|determine|calculate|what\s+is|what's)"
    r"(?:\s+the\s+[a-z]+)?[ \t]*+)$"
)
_SCIENTIFIC_TAIL = re.compile(r"[×x*·][ \t]*+10(?:\^|[⁻⁰¹²³⁴⁵⁶⁷⁸⁹])")
_DISPLAY_MATH = re.compile(r"\$\$[^$]{0,2000}+\$\$")
#: A ``$...$`` span of a problem, for the math its question asks to find.
_DOLLAR_SPAN = re.compile(r"(?<!\\)\$([^$]{1,200}+)\$")
#: A number as prose writes it; a Unicode root before it is part of it ("**PD = √34**"), and a
#: time of day is one answer ("arrives at 9:00 AM", "at 4 p.m."), not its hour and minutes.
_LAST_NUMBER = re.compile(
    # Scientific notation is one number ("3.2 × 10⁴ feet", "4.5 x 10^6").
    r"\d++(?:\.\d++)?[ \t]*+[×x*·][ \t]*+10(?:\^\{?[-−]?\d{1,3}\}?|[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]{1,4})"
    r"|\d{1,2}(?::[0-5]\d(?![\d:])(?:[ \t]?[AaPp]\.?[Mm](?![A-Za-z])\.?)?"
    r"|[ \t]?[AaPp]\.?[Mm](?![A-Za-z])\.?)"
    r"|(?:√(?=\d))?[-−]?\d+(?:,\d{3})*(?:\.\d+)?(?:/\d+)?%?"
)
#: A line that is one parenthetical aside ("(The father is 30.)").
_ASIDE_LINE = re.compile(r"\s*\([^()\n]*\)[\s.]*")
#: A sentence that holds LaTeX, which the math-span rules read instead.
_LATEX_OPENING = re.compile(r"\$|\\[(\[]|\\(?:frac|sqrt|boxed|cdot|times)")
#: A first line that is a number alone, bold or in dollars at most ("18.", "**6**", "$40$").
_BARE_VALUE = re.compile(r"\s*[*$]*\s*(-?\d+(?:\.\d+)?(?:/[1-9]\d*)?)\s*[*$]*\s*\.?\s*")
#: A tuple of numbers written in prose at the end of a line ("the vector (-6, 6).").
#: Possessive throughout: a long run of digits must not be split every way before a match fails.
_TUPLE_TERM = r"(?:\d++(?:\.\d++)?|pi|π)"
_TUPLE_ENTRY = rf"\s*+-?{_TUPLE_TERM}(?:\s*+(?:[*/^]\s*+)?{_TUPLE_TERM})*+\s*+"
_TUPLE_AT_END = re.compile(rf"(\({_TUPLE_ENTRY}(?:,{_TUPLE_ENTRY})+\))[\s.!*]*$")


@dataclass(frozen=True)
class Statement:
    """Where a response states its answer: ``response[begin:end]``, found by ``source``
    (``"\\boxed{}"``, or the marker as written: ``"答："``, ``"answer is"``) at ``start``;
    ``after`` is where the box or marker itself ends."""

    start: int
    after: int
    begin: int
    end: int
    source: str
    #: A sentence opening with 所以/So rather than a box or marker: it concludes numbers, but its
    #: text is a whole sentence, which ``final_answer`` reads as a concluding line instead.
    concluding: bool = False


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


@dataclass(frozen=True)
class FinalAnswer:
    """The text a response gives as its final answer: ``response[start:end] == text``.

    ``source`` is ``"\\boxed{}"``, ``"answer marker"``, ``"last line"`` (what a concluding
    sentence says), ``"last math"`` or ``"last number"``. ``refused``: an answer no box or marker
    commits to is followed by a refusal ("the projection of $v$ onto it cannot be determined");
    after a marked answer, a refusal is about something else ("… \\boxed{1}. We can't solve for
    $A$ and $B$ because …").
    """

    text: str
    start: int
    end: int
    source: str
    refused: bool = False


def conclude(response: str) -> Conclusion:
    """The numerals of the concluded answer of a response (bounded in time)."""
    start, end = region(response)
    conclusion = _conclude_in(response, start, end)
    if conclusion.numerals or conclusion.expressions or start == 0:
        return conclusion
    head_end = min(start, REGION_CHARS)
    # Never end inside a number either.
    while (
        head_end > 0 and _numeral_char(response[head_end - 1]) and _numeral_char(response[head_end])
    ):
        head_end -= 1
    return _conclude_in(response, 0, head_end)


def final_answer(response: str, problem: str | None = None) -> FinalAnswer | None:
    """The final answer of a response as text: what its last answer statement says, else the
    last math span (``$...$``, ``\\(...\\)``, ``\\[...\\]``), else the last number; None when
    there is none."""
    start, end = region(response)
    found = None
    for statement in reversed(statements(response, start, end)):
        if statement.concluding:
            continue
        found = _statement_text(response, statement, end)
        if found is not None:
            break
    if found is None:
        # "So the number is 7. Let me double-check: 5 times 7 is 35 …": read before the check.
        stop = _before_closing_check(response, start, end)
        found = (
            _trailing_matrix(response, start, stop)
            or _concluding_line(response, start, stop, problem)
            or _last_math_span(response, start, stop)
            or _last_number(response, start, stop)
        )
    if found is not None and found.source not in _MARKED and _broken_off(response, end):
        return None  # "So the number of arrangements is $45360 - 25200$, which": cut off
    if found is not None and problem is not None:
        found = _asked_assignment(response, found, problem) or found
    unmarked = found is not None and found.source not in _MARKED
    if found is not None and unmarked and last_refusal(response, found.end, end) >= 0:
        return replace(found, refused=True)
    return found


#: The sources of a final answer that a box or an answer marker commits to.
_MARKED = ("\\boxed{}", "answer marker")


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
        if equals and "=" not in right and right.strip() and _math_key(left) in asked:
            value_start, value_end = offset + len(left) + 1, offset + len(piece)
            values.append(_trimmed(response, value_start, value_end, found.source))
        offset += len(piece) + 1
    # "$x = 9$ or $x = -4$" assigns the asked variable twice: two answers, not one of them.
    return values[0] if len(values) == 1 else None


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
        close = _box_end(response, box.end(), end)
        found.append(Statement(box.start(), box.end(), box.end(), close, "\\boxed{}"))
    for marker in _MARKER.finditer(response, start, end):
        begin = _skip_lead(response, marker.end(), end)
        stop = _sentence_end(response, begin, end)
        found.append(Statement(marker.start(), marker.end(), begin, stop, marker[0].strip()))
    concluding = _concluding_sentence(response, start, end)
    if found and concluding is not None and concluding.start > found[-1].start:
        # "答案是28米。再检查一下：…所以5小时可织布26.8米。": a conclusion after the answer
        # statement takes it back, as a self-correction does.
        found.append(concluding)
    found.sort(key=lambda statement: statement.start)
    return found[-LAST_STATEMENTS:]


def _last_sentence_start(
    text: str, floor: int, end: int, ends: re.Pattern[str] | None = None
) -> int | None:
    """Where the last sentence of ``text[floor:end]`` that holds anything begins, just past the
    end of the sentence before it; None when no sentence ends in the span before some text."""
    last = None
    for found in (ends or SENTENCE_END).finditer(text, floor, end):
        if text[found.end() : end].strip():
            last = found.end()
    return last


def _concluding_sentence(response: str, start: int, end: int) -> Statement | None:
    """The last sentence, when it opens with a conclusion word (所以, 因此, So, Therefore)."""
    floor = max(start, end - STATEMENT_CHARS)
    sentence_start = _last_sentence_start(response, floor, end) or floor
    while sentence_start < end and response[sentence_start] in " \t\r\n*>-":
        sentence_start += 1
    opening = _CONCLUSION_WORD.match(response, sentence_start, end)
    if opening is None:
        return None
    begin = _skip_lead(response, opening.end(), end)
    stop = _sentence_end(response, begin, end)
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
    while 0 < start < end and _numeral_char(text[start - 1]) and _numeral_char(text[start]):
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
    last = _last_sentence_start(text, floor, end)
    if last is None or not _JUSTIFYING_OPENING.match(text, last, end):
        return end
    if not any(c.isdigit() for c in text[max(0, last - LOOP_FRAGMENT_CHARS) : last]):
        return end
    return last


def _broken_off(text: str, end: int) -> bool:
    """Whether ``text[:end]`` stops on a word that needs more after it ("and 32 is 4 times")."""
    tail = text[max(0, end - 24) : end].rstrip().rstrip("*_ \t")  # bold marks close no sentence
    return _DANGLING.search(tail) is not None or _BROKEN_WORD.search(tail) is not None


def _before_loop(text: str, end: int) -> int:
    """Where a response that loops ends its last whole sentence: a small model repeating its
    working until the token limit stops mid-sentence on a fragment it has written before, after
    its answer (``…一共有36页。小明每天看5页，…所以这本书一共有``): the fragment concludes
    nothing."""
    last_end = _last_sentence_start(text, max(0, end - LOOP_FRAGMENT_CHARS), end)
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
    sentence_start = _last_sentence_start(response, max(start, end - STATEMENT_CHARS), end) or start
    # Digits inside a word ("mp3", "H2O") are part of a name, not working before the words.
    last_digit = max(
        (
            i
            for i in range(sentence_start, end)
            if response[i].isdigit() and not _IN_WORD_DIGIT.match(response, max(0, i - 8), i + 1)
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
        sentence_start = _last_sentence_start(response, floor, tail_start) or start
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
    sentence_start = _last_sentence_start(response, max(start, end - STATEMENT_CHARS), end) or start
    dash = _BREAKDOWN.search(response, sentence_start, end)
    if dash is None or not any(sentence_start <= n.start < dash.start() for n in items):
        return items
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
    if closing < 0 or "\n" in text[opening:closing] or "(" in text[opening + 1 : index]:
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
    last_sentence = _last_sentence_start(response, first_line_end, end) or first_line_end
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
    if paragraph >= 0 and not _ASIDE_LINE.fullmatch(response, paragraph, hypothetical):
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
        and "\n" in response[window[-2].end : window[-1].start]
    ):
        # "**Total distance:** 12 + 6 = **18 miles**": an equation's result ends the response on
        # a line of its own, and the numbers on the lines before it are working.
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


def _bold_in_last_line(
    response: str, items: list[Numeral | Expression], start: int, end: int
) -> Numeral | None:
    """The numeral in the one bold segment of the last paragraph, when exactly one numeral of
    the items is inside it ("Helmet: **$40**\nBicycle: **$200**" has two: a two-part answer)."""
    stripped = response[start:end].rstrip()
    paragraph_start = start + stripped.rfind("\n\n") + 1
    bolds = list(_BOLD_SEGMENT.finditer(response, paragraph_start, start + len(stripped)))
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
        and _ASIDE_LINE.fullmatch(response, line_start, start + len(stripped)) is not None
    )


def _statement_text(response: str, statement: Statement, limit: int) -> FinalAnswer | None:
    """A statement's answer as text: a box's content, or the math span or sentence after a
    marker; None for a marker followed by nothing."""
    if statement.source == "\\boxed{}":
        close = _box_end(response, statement.begin, limit)
        return _trimmed(response, statement.begin, close, "\\boxed{}")
    begin = statement.after
    while begin < limit and response[begin] in _TEXT_LEAD:
        begin += 1
    stop = min(limit, begin + MAX_ANSWER_CHARS)
    for opening, closing in _MATH_DELIMITERS:
        if response.startswith(opening, begin):
            close = _find_unescaped(response, closing, begin + len(opening), stop)
            if close > 0:
                said = _said_of_variable(response, begin + len(opening), close, closing, stop)
                if said is not None:
                    return said
                close = _joined_spans_end(response, close, stop)
                return _trimmed(response, begin + len(opening), close, "answer marker")
    ending = _TEXT_SENTENCE_END.search(response, begin, stop)
    end = ending.start() if ending is not None else stop
    bold = _BOLD_VALUE.match(response, end, stop)
    if bold is not None and not any(c.isdigit() for c in response[begin:end]):
        # "**Answer:** Pam pays **$10** more than Susan.": the value is the bold part.
        return _trimmed(response, bold.start(1), bold.end(1), "answer marker")
    sentence_end = end
    while end > begin and response[end - 1] in " \t*_$":
        end -= 1
    if end <= begin:
        return None
    said = _said_in_prose(response, begin, sentence_end)
    return said or _trimmed(response, begin, end, "answer marker")


def _said_in_prose(response: str, begin: int, end: int) -> FinalAnswer | None:
    """The value an answer statement written as prose gives: the one after its last copula
    ("答：144 和 405 的最大公因数是 9", "答：余数是 0"), else the one it opens with ("Answer: 11
    cars are 4-door and red."); None for a statement that is no prose (``3x + 2``, ``18个``)."""
    if not _PROSE_STATEMENT.search(response, begin, end):
        return None
    said = None
    for copula in _STATEMENT_COPULA.finditer(response, begin, end):
        # "是每小时 6 英里": a few characters naming the unit may come before the value.
        after = _CJK_BEFORE_VALUE.match(response, copula.end(), end)
        value = _value_at(response, copula.end(), end) or (
            _value_at(response, after.end(), end) if after else None
        )
        said = value or said
    said = said or _value_at(response, begin, end)
    return None if said is None else replace(said, source="answer marker")


def _said_in_line(response: str, start: int, end: int, problem: str | None) -> FinalAnswer | None:
    """The value a line says something *is*: of several ("The shorter piece is 10 cm and the
    longer piece is 50 cm."), the one said of what the question asks about, else the last; one
    said first and then explained after a dash ("It's 3 — the common factors are 1 and 3") is
    the line's answer."""
    said: list[tuple[int, FinalAnswer]] = []
    for copula in _COPULA.finditer(response, start, end):
        value = _value_at(response, copula.end(), end)
        if value is not None:
            said.append((copula.start(), value))
    if not said:
        return None
    first_at, first = said[0]
    dash = _BREAKDOWN.match(response, first.end, end)
    explained = dash is not None and not _THEN.match(response, dash.end(), end)
    if explained and not response[start:first_at].strip(" *_"):
        return first  # nothing before "It's": the value the whole line is about
    concluded = any(
        _CONCLUDING_CLAUSE.search(response, earlier.end, copula_at)
        for (_, earlier), (copula_at, _) in itertools.pairwise(said)
    )
    if len(said) > 1 and problem is not None and not concluded:
        # "A is X and B is Y": coordinate clauses, of which the question names one.
        asked = _content_words(_question_sentence(problem))
        clause_start = start
        scored = []
        for copula_at, value in said:
            # The subject is the clause's own words, after its last "," "and" or "so".
            subject = _CLAUSE_BOUNDARY.split(response[clause_start:copula_at])[-1]
            scored.append((len(_content_words(subject) & asked), copula_at, value))
            clause_start = value.end
        best = max(score for score, _, _ in scored)
        if best > 0 and sum(score == best for score, _, _ in scored) == 1:
            return next(value for score, _, value in scored if score == best)
    return said[-1][1]


def _question_sentence(problem: str) -> str:
    """The sentence of a problem that asks (the last with "?"), or its last sentence."""
    tail = problem[-STATEMENT_CHARS * 2 :]
    asked = tail.rfind("?")
    stop = asked if asked >= 0 else len(tail)
    begin = max(tail.rfind(". ", 0, stop), tail.rfind("\n", 0, stop), tail.rfind("$. ", 0, stop))
    return tail[begin + 1 : stop]


def _content_words(text: str) -> frozenset[str]:
    """Lower-case words of three letters or more, singular, less function words."""
    words = (w.lower() for w in _PROSE_WORD.findall(text))
    return frozenset(w[:-1] if w.endswith("s") else w for w in words) - _FUNCTION_WORDS


def _said_of_variable(
    response: str, inner: int, close: int, closing: str, stop: int
) -> FinalAnswer | None:
    """The value an answer statement gives a variable it opens with ("答：$c$ 的值是 90。",
    "Answer: $x$ is $7$"); None when the statement does not open so."""
    if not _VARIABLE.fullmatch(response, inner, close):
        return None
    copula = _VARIABLE_COPULA.match(response, close + len(closing), stop)
    if copula is None:
        return None
    said = _value_at(response, copula.end(), stop)
    return None if said is None else replace(said, source="answer marker")


def _concluding_line(
    response: str, start: int, end: int, problem: str | None
) -> FinalAnswer | None:
    """What the last line says, for a response that concludes in words ("So $P(5) = 15$.",
    "The largest of the three integers is 6.", "**Maximum value: 27,648**"): the value it says
    something *is*; else, of several numbers, the one the question asks for ("She must buy 11
    ounces, bringing the total to 32 ounces = 2 pounds."); else its last math span or its last
    number outside math, whichever comes later. None for a line with neither, or one inside a
    display block."""
    stripped = response[start:end].rstrip()
    line_start = start + stripped.rfind("\n") + 1
    line_end = start + len(stripped)
    # Of a line holding several sentences, the last one.
    line_start = (
        _last_sentence_start(response, line_start, line_end, _PROSE_SENTENCE_END) or line_start
    )
    line = response[line_start:line_end]
    if _ASIDE_LINE.fullmatch(line) and line_start > start:
        # "… s = 6.$$\n(The father is 30.)": an aside after the answer is not it.
        return _concluding_line(response, start, line_start - 1, problem)
    reason_after = _TRAILING_REASON.search(line)
    if reason_after is not None and reason_after.start() > 0:
        # "$\\log_2 1 = 0$, because $2^0 = 1$.": the reason after the answer is not it.
        line_end = line_start + reason_after.start()
        line = response[line_start:line_end]
    aside = _TRAILING_ASIDE.search(line)
    if aside is not None and aside.start() > 0:
        # "So $k = 900$ (and $240\cdot900 = 216000 = 60^3$).": the aside checks the answer.
        line_end = line_start + aside.start()
        line = response[line_start:line_end]
    if problem is not None and _offers_options(problem):
        option = _OPTION_ANSWER.match(response, line_start, line_end)
        if option is not None:
            # "**D) $f(0) = 5$**", "A, C, F": the options chosen are the answer.
            return FinalAnswer(option[1], option.start(1), option.end(1), "last line")
    if (
        line.count("$$") % 2
        or line.strip() in ("\\]", "$$")
        or ("\\[" in line and "\\]" not in line)
    ):
        return None
    whole = _whole_line_math(response, line_start, line_end)
    if whole is not None:
        return whole  # "$$q(x) = -3x^2 - 3x + 6$$": a line of math alone is the answer as written
    bold = _BOLD_AT_END.search(line)
    if bold is not None and _short_value(bold[1], whole_line=not line[: bold.start()].strip()):
        # "Total at 18: **$3,800**", "The graph is a **circle**.": the bold value ends the line.
        return _trimmed(response, line_start + bold.start(1), line_start + bold.end(1), "last line")
    lead = _BOLD_LEAD.match(line)
    if lead is not None and _short_value(lead[1], whole_line=True):
        # "**(9, 11)** is the odd one out.": a bold value that the line then describes.
        return _trimmed(response, line_start + lead.start(1), line_start + lead.end(1), "last line")
    plain = (
        None if _LATEX_OPENING.search(line) else ending_expression(response, line_start, line_end)
    )
    if plain is not None:
        # "M + N = 91 + 13 = 104", "… simplifies to 2 + 2k.": plain-text math read to its end.
        return _trimmed(response, *plain, "last line")
    # "The minimum value is 64, attained at $a = 1/8$": the value the line says something *is*.
    emphasised = _only_bold_value(response, line_start, line_end, problem)
    if emphasised is not None:
        return emphasised  # "Wonder Woman can capture **27 criminals** in 4½ hours."
    # "Since one root is $1$, $(d-1)(e-1) = 0$.": what a leading "since" clause says is a reason.
    reason = _REASON_CLAUSE.match(response, line_start, line_end)
    said = _said_in_line(response, reason.end() if reason else line_start, line_end, problem)
    if said is not None:
        later = _last_math_span(response, said.end, line_end)
        if later is None or not _THEN.search(response, said.end, later.start):
            return said
        # "The slope is $\frac54$, so a perpendicular line has slope $-\dfrac{4}{5}$": what the
        # line concludes comes after its "so".
        return later
    worded = _word_said(response, line_start, line_end, problem)
    if worded is not None:
        return worded  # "so the function is odd.", "which is M."
    math = _last_math_span(response, line_start, line_end)
    if math is not None and _VARIABLE.fullmatch(math.text):
        math = None  # "... possible values of $x$": a variable's name is no answer
    if math is not None:
        joined_start = _joined_spans_start(response, math.start, line_start)
        if joined_start != math.start:
            math = _trimmed(response, joined_start, math.end, "last line")
    numbers = [
        found
        for found in _LAST_NUMBER.finditer(response, line_start, line_end)
        # Outside math: a number in a math span is read with its span.
        if len(_UNESCAPED_DOLLAR.findall(response, line_start, found.start())) % 2 == 0
    ]
    between = (
        _BETWEEN.search(response, max(line_start, numbers[-1].start() - 40), numbers[-1].end())
        if numbers
        else None
    )
    if between is not None and between.end() == numbers[-1].end():
        # "The sum lies between 12 and 13.": both ends, the pair a "between" question asks.
        return FinalAnswer(between[1], between.start(1), between.end(1), "last line")
    last_is_unit_value = numbers and (_is_time(numbers[-1][0]) or _is_scientific(numbers[-1][0]))
    if numbers and (math is None or math.end < numbers[-1].end()) and last_is_unit_value:
        # "The train arrives at 9:00 AM Denver time.": a line ending on a time of day says it.
        found = numbers[-1]
        return FinalAnswer(found.group(0), found.start(), found.end(), "last line")
    if numbers and (math is None or math.end < numbers[-1].end()):
        last = numbers[-1]
        alternative = _ALTERNATIVE_BEFORE.search(
            response, max(line_start, last.start() - 40), last.start()
        )
        if alternative is not None:
            # "I'd say 6 or 12.": both alternatives, which is a hedge, never only one of them.
            return FinalAnswer(
                response[alternative.start() : last.end()],
                alternative.start(),
                last.end(),
                "last line",
            )
    tuple_end = _TUPLE_AT_END.search(response, line_start, line_end)
    if math is None and tuple_end is not None:
        # "So the sum is the vector (-6, 6).": a tuple in prose is one answer, not its entries.
        return FinalAnswer(tuple_end[1], tuple_end.start(1), tuple_end.end(1), "last line")
    if math is None and problem is not None:
        # Numbers in words too: "So 48 and 156 have six positive divisors in common."
        read = [
            n
            for n in find_numerals(response, line_start, line_end, words=True)
            if len(_UNESCAPED_DOLLAR.findall(response, line_start, n.start)) % 2 == 0
        ]
        if len(read) > 1:
            # "18.", then "… for 18 edges in total.": a bare value first is what the end confirms.
            first = _bare_first_value(response, start)
            chosen = next((n for n in read if n.value == first), None) or choose(
                response, read, read_question(problem)
            )
            return FinalAnswer(chosen.text, chosen.start, chosen.end, "last line")
        if len(read) == 1 and not numbers:
            # "So there is exactly one such positive integer.": the one number, in words.
            return FinalAnswer(read[0].text, read[0].start, read[0].end, "last line")
    number = None
    if numbers:
        found = numbers[-1]
        number = FinalAnswer(found.group(0), found.start(), found.end(), "last line")
    if math is not None and (number is None or math.end > number.end):
        return FinalAnswer(math.text, math.start, math.end, "last line")
    return number


def _is_scientific(number: str) -> bool:
    return _SCIENTIFIC_TAIL.search(number) is not None


def _is_time(number: str) -> bool:
    """Whether a number ``_LAST_NUMBER`` read is a time of day (``9:00``, ``4 p.m.``)."""
    return ":" in number or number[-1:].isalpha() or number.endswith(".")


@lru_cache(maxsize=4096)
def _offers_options(problem: str) -> bool:
    """Whether a problem offers lettered options ("(A) Line (B) Circle", "A) … B) …")."""
    return len(set(_OPTION_IN_PROBLEM.findall(problem))) > 1


def _only_bold_value(
    response: str, start: int, end: int, problem: str | None = None
) -> FinalAnswer | None:
    """The one bold value of a line ("… capture **27 criminals** in 4½ hours", "so 48 has **10**
    positive factors"): emphasis marks the answer. None when the line has no bold value or
    several, or when the bold part is a label ("**Step 2**:") or a subject ("**3rd** term is")."""
    options = problem is not None and _offers_options(problem)
    bolds = [
        b
        for b in _BOLD_SEGMENT.finditer(response, start, end)
        # A digit, or an option letter the problem offers ("Only graph **D** matches.").
        if any(c.isdigit() for c in b[1]) or (options and _OPTION_LETTER_ALONE.fullmatch(b[1]))
    ]
    if len(bolds) != 1 or len(_BOLD_SEGMENT.findall(response, start, end)) != 1:
        return None
    bold = bolds[0]
    if not response[start : bold.start()].strip() and not response[bold.end() : end].strip(" .!"):
        return None  # a whole line in bold is a sentence, read as one
    after = response[bold.end() : end]
    if after.lstrip().startswith((":", "：")) or _COPULA.search(after):
        return None
    if not _short_value(bold[1], whole_line=False):
        return None
    return _trimmed(response, bold.start(1), bold.end(1), "last line")


def _short_value(text: str, *, whole_line: bool) -> bool:
    """Whether bold text is a value rather than a sentence or a label: a few words after other
    text ("is a **circle**"); alone on its line, a value with no word in it ("**19, 43**",
    "**(D)**"), since a bold line of words is a sentence ("**The difference is 26.**")."""
    stripped = text.strip()
    if not stripped or _LABEL_COLON.search(stripped) or _COPULA.search(stripped):
        return False
    if whole_line:
        # "**Sunday**": one word alone in bold is the answer; "**The difference is 26.**" is not.
        return _PROSE_WORD.search(stripped) is None or _ONE_WORD.fullmatch(stripped) is not None
    return len(stripped.split()) <= 4


def _word_said(response: str, start: int, end: int, problem: str | None) -> FinalAnswer | None:
    """A word the line ends by saying something *is*, when it is a word the problem offers
    ("Enter "odd", "even", or "neither"") or a capital letter naming a choice or a point."""
    found = _WORD_SAID.search(response, max(start, end - STATEMENT_CHARS), end)
    if found is None:
        return None
    if _NEGATED_WORD.search(response, max(start, found.start(1) - 6), found.start(1)):
        return None  # "the function is not odd"
    word = found[1]
    # Offered: quoted among the answers the problem lets one enter ('Enter "odd", "even", …').
    offered = problem is not None and re.search(rf"(?i:[\"“']{word}[\"”'])", problem) is not None
    if not (len(word) == 1 and word.isupper()) and not offered:
        return None
    return FinalAnswer(word, found.start(1), found.end(1), "last line")


def _bare_first_value(response: str, start: int) -> Fraction | None:
    """The value of a first line that is one number and nothing else ("18.", "**6**")."""
    line_end = response.find("\n", start, start + FIRST_LINE_CHARS)
    found = _BARE_VALUE.fullmatch(response, start, line_end if line_end >= 0 else start)
    return None if found is None else Fraction(found[1])


def _whole_line_math(response: str, start: int, end: int) -> FinalAnswer | None:
    """The math of a line that is one math span and nothing else (a full stop aside)."""
    line = response[start:end].strip().rstrip(".")
    offset = start + (len(response[start:end]) - len(response[start:end].lstrip()))
    for opening, closing in _MATH_DELIMITERS:
        inner = line[len(opening) : len(line) - len(closing)]
        if (
            len(line) > len(opening) + len(closing)
            and line.startswith(opening)
            and line.endswith(closing)
            and closing not in inner
            and inner.strip()
        ):
            inner_start = offset + len(opening)
            return _trimmed(response, inner_start, inner_start + len(inner), "last line")
    return None


def _joined_spans_end(response: str, close: int, limit: int) -> int:
    """Where ``$a$ or $b$`` ends, for a dollar span closing at ``close``: answers joined by "or"
    or "and" are one answer of several values (``k = 4`` or ``k = 0``), never only the first."""
    opening = _rfind_unescaped(response, "$", 0, close)
    while True:
        if response[close] != "$":
            return close
        joined = _JOINED_SPAN.match(response, close + 1, limit)
        listed = None if joined is not None else _LISTED_SPAN.match(response, close + 1, limit)
        joint = joined or listed
        if joint is None:
            return close
        following = _find_unescaped(response, "$", joint.end(), limit)
        if following < 0:
            return close
        if listed is not None and not _assigns(response, opening + 1, close, joint.end()):
            return close
        opening, close = joint.end() - 1, following


def _joined_spans_start(response: str, start: int, floor: int) -> int:
    """Where ``$a$ or $b$`` starts, for a dollar span opening right before ``start``."""
    while True:
        if start < 1 or response[start - 1] != "$":
            return start
        before = _JOINED_BEFORE.search(response, floor, start - 1)
        listed = None if before is not None else _LISTED_BEFORE.search(response, floor, start - 1)
        if before is None and listed is None:
            return start
        joint = before or listed
        assert joint is not None
        opening = _rfind_unescaped(response, "$", floor, joint.start())
        if opening < 0 or not _joinable(response[opening + 1 : joint.start()]):
            return start
        if listed is not None and not _assigns(response, opening + 1, joint.start(), start):
            return start
        start = opening + 1


def _assigns(response: str, earlier: int, earlier_end: int, later: int) -> bool:
    """Whether two comma-listed math spans (the earlier one ``response[earlier:earlier_end]``,
    the later one opening at ``later``) both assign a value to a variable."""
    later_end = _find_unescaped(response, "$", later, later + MAX_ANSWER_CHARS)
    return (
        later_end > 0
        and _ASSIGNMENT.fullmatch(response, earlier, earlier_end) is not None
        and _ASSIGNMENT.fullmatch(response, later, later_end) is not None
    )


def _joinable(span: str) -> bool:
    """Whether a math span joined to the next by "and"/"or" is one of its values (``k = 4``,
    ``4``), not a step towards it (``\\log_2 x = 2`` and ``x = 4``)."""
    left, equals, _ = span.partition("=")
    return not equals or _VARIABLE.fullmatch(left) is not None


def _value_at(response: str, begin: int, limit: int) -> FinalAnswer | None:
    """A math span or a number starting right at ``begin`` (markdown bold allowed)."""
    at = begin
    while at < limit and response[at] in " *_":
        at += 1
    either = _EITHER.match(response, at, limit)
    if either is not None:
        at = either.end()  # "is either 4 or 8": the alternatives are read below
    named = _NAMED_VALUE.match(response, at, limit)
    if named is not None and _LAST_NUMBER.match(response, named.end(), limit):
        at = named.end()  # "The solutions are x = −5 and x = 3": the values, not their name
    for opening, closing in _MATH_DELIMITERS:
        if response.startswith(opening, at):
            close = _find_unescaped(response, closing, at + len(opening), limit)
            if close > 0:
                close = _joined_spans_end(response, close, limit)
                return _trimmed(response, at + len(opening), close, "last line")
            return None
    number = _LAST_NUMBER.match(response, at, limit)
    if number is not None and _COMPOUND_ADJECTIVE.match(response, number.end(), limit):
        return None  # "are 4-door and red": a number in an adjective describes, it is no value
    if number is None:
        # "Mary is eighteen years old": a number in words.
        worded = find_numerals(response, at, min(limit, at + 40), words=True)
        # "is one-quarter of that": a hyphenated number word names a part, not the value.
        if worded and worded[0].start == at and response[worded[0].end : worded[0].end + 1] != "-":
            return FinalAnswer(worded[0].text, worded[0].start, worded[0].end, "last line")
        return None
    end = number.end()
    while (alternative := _OR_NUMBER.match(response, end, limit)) is not None:
        end = alternative.end()  # "4 or 8" is two answers, never only the first
    if end > number.end() and _all_equal(_LAST_NUMBER.findall(response, number.start(), end)):
        end = number.end()  # "7/2, or 3.5": the same value said twice is one answer
    while (listed := _AND_NUMBER.match(response, end, limit)) is not None:
        end = listed.end()  # "are −5 and 3": the values listed are the answer together
    chain = _ARITHMETIC_CHAIN.match(response, end, limit)
    if chain is not None and "=" in chain[0]:
        end = chain.end()  # "is 3 × 97 = 291": the worked value, read to its result
    elif end == number.end():
        end = _math_after_number(response, number.start(), end, limit)
    return FinalAnswer(response[number.start() : end], number.start(), end, "last line")


def _all_equal(numbers: list[str]) -> bool:
    """Whether numbers as prose writes them (``7/2``, ``3.5``, ``1,024``) have one value; a root
    (``√3``) is no plain number, so "√3, or 3" stays two answers."""
    read = [parse_numeral(number) for number in numbers]
    return all(read) and len({numeral.value for numeral in read if numeral}) == 1


def _math_after_number(response: str, start: int, end: int, limit: int) -> int:
    """Where a value that goes on in plain math ends ("is 4√13 feet", "is 49π"), or ``end``
    when it does not go on: the number alone, or brackets left open."""
    extended = expression_from(response, start, limit)
    while extended > end and response[extended - 1] in _OPEN_OR_OPERATOR:
        extended -= 1
    more = response[end:extended]
    text = response[start:extended]
    if not _MATH_GOES_ON.search(more) or text.count("(") != text.count(")"):
        return end
    return extended


def _numeral_char(char: str) -> bool:
    return char.isdigit() or char in ",./%" or char in "零一二两三四五六七八九十百千万亿"


def _box_end(text: str, begin: int, limit: int) -> int:
    """Where the braces opened just before ``begin`` close (or the read limit)."""
    stop = min(limit, begin + MAX_ANSWER_CHARS)
    close = closing_brace(text, begin, stop)
    return close if close >= 0 else stop


def _skip_lead(text: str, begin: int, limit: int) -> int:
    """Past the colons, spaces and markup between a marker and its answer (``答案：\\n**18**``)."""
    stop = min(limit, begin + 12)
    while begin < stop and text[begin] in _STATEMENT_LEAD:
        begin += 1
    return begin


def _sentence_end(text: str, begin: int, limit: int) -> int:
    stop = min(limit, begin + STATEMENT_CHARS)
    found = SENTENCE_END.search(text, begin, stop)
    return stop if found is None else found.start()


def _last_math_span(response: str, start: int, end: int) -> FinalAnswer | None:
    """The last non-empty ``$...$``, ``$$...$$``, ``\\(...\\)`` or ``\\[...\\]``."""
    best: FinalAnswer | None = None
    for opening, closing in _MATH_DELIMITERS:
        close = _rfind_unescaped(response, closing, start, end)
        if close < 0 or (best is not None and best.end >= close):
            continue
        open_at = _rfind_unescaped(response, opening, max(start, close - MAX_ANSWER_CHARS), close)
        inner = open_at + len(opening)
        if open_at < 0 or inner >= close:
            continue
        best = _trimmed(response, inner, close, "last math")
    return best


def _last_number(response: str, start: int, end: int) -> FinalAnswer | None:
    last = deque(_LAST_NUMBER.finditer(response, max(start, end - MAX_ANSWER_CHARS), end), maxlen=1)
    if not last:
        return None
    found = last[0]
    return FinalAnswer(found.group(0), found.start(), found.end(), "last number")


def _trimmed(response: str, start: int, end: int, source: str) -> FinalAnswer:
    """The answer in ``response[start:end]`` without surrounding white space."""
    while start < end and response[start].isspace():
        start += 1
    while end > start and response[end - 1].isspace():
        end -= 1
    return FinalAnswer(response[start:end], start, end, source)


def _find_unescaped(text: str, delimiter: str, start: int, stop: int) -> int:
    """The first ``delimiter`` in ``text[start:stop]`` not escaped by a backslash (``\\$``)."""
    at = text.find(delimiter, start, stop)
    while at > 0 and text[at - 1] == "\\" and delimiter[0] == "$":
        at = text.find(delimiter, at + 1, stop)
    return at


def _rfind_unescaped(text: str, delimiter: str, start: int, stop: int) -> int:
    """The last ``delimiter`` in ``text[start:stop]`` not escaped by a backslash."""
    at = text.rfind(delimiter, start, stop)
    while at > 0 and text[at - 1] == "\\" and delimiter[0] == "$":
        at = text.rfind(delimiter, start, at)
    return at
