"""Writing LaTeX answers in one canonical spelling, before they are parsed and compared.

Where the answer is in a response is the shared reader's job (``answer``, beside this module);
this is plain string work on an answer already extracted (at most ``MAX_ANSWER_CHARS``), with
regular expressions without nested quantifiers. Answers are untrusted model output, so nothing
here evaluates anything.

Normalising removes what does not change an answer's meaning for a MATH grader: dollar signs and
``\\$``, ``\\left``/``\\right``, spacing commands, ``\\dfrac``/``\\tfrac``, ``\\%`` (a MATH answer
asked "what percent" is graded by its number), thousands separators (``10,\\!080``), units in
``\\text{}``/``\\mbox{}`` or as trailing words (``5.4 \\text{ cents}``, ``864 \\mbox{ inches}^2``,
``18 dollars``), ``\\text{ and }`` between answers (read as a comma), and a trailing full stop.
Degree marks are left to the parser, which needs them inside ``\\cos 13^\\circ``.
"""

# Full-width Chinese punctuation and Unicode math are what this module reads, not confusable typos:
# ruff: noqa: RUF001, RUF003

from __future__ import annotations

import re
from fractions import Fraction

_BOXED = ("\\boxed", "\\fbox")
#: Scientific notation as models write it in LaTeX (``1e-3``, ``2.5E6``): spelt as a power of ten
#: so that the parser does not read Euler's number (``1e-3`` is not ``e - 3``).
#: An ordinal's suffix (``12^{\\text{th}}``, ``3rd``): the answer is the number.
_ORDINAL = re.compile(
    r"(?<=\d)\s*(?:\^\s*\{?\s*(?:\\(?:text|mathrm)\s*\{\s*)?(?:st|nd|rd|th)\s*\}?\s*\}?"
    r"|(?:st|nd|rd|th)\b)"
)
#: The modulus written after a residue (``2 \\pmod{p}``, ``2 (mod 7)``): the answer is the residue.
_MODULUS = re.compile(
    r"\s*(?:\\pmod\s*(?:\{[^{}]{0,20}\}|\w{1,20})|\(\s*\\?(?:bmod|mod)\s+[^()]{1,20}\))\s*$"
)
#: A repeating decimal (``0.08\\overline{3}``): written as the fraction it is (1/12).
_REPEATING = re.compile(r"(?<![\d.])(\d+)\.(\d*)\\overline\s*\{(\d{1,12})\}")
#: A named segment or arc (``\\overline{CD}``): its letters.
_SEGMENT = re.compile(r"\\overline\s*\{([A-Za-z]{1,4})\}")
_E_NOTATION = re.compile(r"(?<![\w.\\])([0-9]+(?:\.[0-9]+)?)[eE]([-+]?[0-9]{1,4})(?![\w.])")
#: A Unicode root over a number is over all of its digits (√34 is the root of 34, where LaTeX's
#: ``\\sqrt34`` would take one digit).
_UNICODE_ROOT = re.compile(r"√\s*(\d+(?:\.\d+)?)")
#: Plain-text math as models type it outside LaTeX: ``4*sqrt(2)``, ``pi/2``.
_PLAIN_ROOT = re.compile(r"(?<![\\A-Za-z])sqrt\s*\(([^()]*)\)")
_PLAIN_PI = re.compile(r"(?<![\\A-Za-z])pi(?![A-Za-z])")

#: An answer that is a time of day (``9\\text{ a.m.}``, ``\\text{4:30 p.m.}``, ``9:00 AM``,
#: ``1:03pm``), written on the 24-hour clock (``9:00``, ``16:30``) so that every spelling of one
#: time is one key. Only a whole answer: inside an expression ``2am`` is a product.
_TIME_OF_DAY = re.compile(
    r"(?:\\(?:text|mbox|mathrm)\s*\{\s*)?(?<![\d.])(\d{1,2})(?::([0-5]\d))?\s*"
    r"(?:\\(?:text|mbox|mathrm)\s*\{\s*)?([AaPp])\.?\s?[Mm]\.?(?![A-Za-z])(?:\s*\})?"
)
_SPACING = re.compile(r"(?<!\\)\\[!,;: ]|\\q?quad\b|~|\\displaystyle\b|\\limits\b")
_LEFT_RIGHT = re.compile(
    r"\\(?:left|right|big|Big|bigg|Bigg)[lr]?(?![A-Za-z])\s*(?=[()\[\]{}|.\\])"
)
_LEFT_RIGHT_DOT = re.compile(r"\\(?:left|right)\.")
_FRAC_SPELLINGS = re.compile(r"\\[dtc]frac(?![A-Za-z])")
_BINOM_SPELLINGS = re.compile(r"\\[dt]binom(?![A-Za-z])")
_TEXT_COMMANDS = re.compile(
    r"\\(?:mbox|mathrm|textrm|textbf|textit|mathbf|mathit|operatorname|text)\s*\{([^{}]*)\}"
)
#: Font commands that may wrap any math (``\\mathbf{\\dfrac{1}{16}}``, ``\\boldsymbol{x}``).
_STYLE_COMMAND = re.compile(r"\\(?:mathbf|boldsymbol|bm|pmb|mathrm)\s*\{")
#: Row spacing after a matrix row break (``\\\\[2pt]``), which spaces and says nothing.
_ROW_SPACING = re.compile(r"\\\\\s*\[[^\]]{0,12}\]")
_TEXT_AND = re.compile(r"\\text\s*\{\s*(?:and|or|,)\s*\}|\s+(?:and|or)\s+")
_PERCENT = re.compile(r"\\?%")
_DOLLARS = re.compile(r"\\\$|\$")
_GROUPED = re.compile(r"(?<![\d.])\d{1,3}(?:,\d{3})+(?![\d])")
_GROUPING_MARK = re.compile(r"(?<=\d)(?:,\s*\\!\s*|\{,\})(?=\d{3})")
#: Units a MATH answer or a model writes after a number, as ``\\text{}`` or as plain words; the
#: optional ``^2``/``^3`` keeps ``15\\mbox{ cm}^2`` a unit.
_TEXT_UNIT = re.compile(
    r"(?:(?<=[\d})\].\s])|(?<=\\pi))\s*\\(?:text|mbox)\s*\{\s*[A-Za-z][A-Za-z .]*\}"
    r"(?:\s*\^\s*\{?[23]\}?)?"
)
_WORD_UNIT = re.compile(
    r"(?:(?<=[\d})\]])|(?<=\\pi))\s+(?!(?i:sin|cos|tan|cot|sec|csc|log|ln|exp|and|or|[ap]\.?m)\b)"
    r"[A-Za-z][A-Za-z]+(?:[\s-]+[A-Za-z][A-Za-z]+){0,3}\.?(?:\s*\^\s*\{?[23]\}?)?\s*$"
)
#: A mixed number typed plainly (``8 4/7``), the whole answer: 8 and 4/7, not 8 times 4/7.
_MIXED_WITH_AND = re.compile(r"^(\d+)[ \t]+and[ \t]+(\d+)/(\d+)$")
_PLAIN_MIXED = re.compile(r"^(\d+)[ \t]+(\d+)/(\d+)$")
#: A matrix typed as a list of rows (``[[3, -3], [4, -2]]``), and one of its rows.
_LIST_MATRIX = re.compile(r"^\[\s*\[[^\[\]]*\](?:\s*,\s*\[[^\[\]]*\])+\s*\]$")
_LIST_ROW = re.compile(r"\[([^\[\]]*)\]")
_LEADING_NOUN = re.compile(
    r"^(?!(?:sin|cos|tan|cot|sec|csc|log|exp)[ \t])[a-z]{3,}[ \t]+(?=[-−]?\d[\d.,/]*$)"
)
_OPTION_LETTER = re.compile(r"^\(?([A-Z])\)$")
_TRAILING = re.compile(r"[\s.,;]+$")
_REPEATED_COMMAS = re.compile(r",(?:\s*,)+")


#: A tuple marked as transposed (``(2, 5)^T``, ``(2, 5)ᵀ``): a column vector, read as the tuple.
_TRANSPOSED = re.compile(r"[)\]]\s*(?:\^\s*(?:\{\s*(?:T|\\top)\s*\}|T|\\top)|ᵀ)\s*$")
#: Unicode math as models type it outside LaTeX (``−12 + 15i``, ``4x² − 6x``, ``½ · 64``), and
#: full-width forms (``６８６``, ``＝``), spelt as the LaTeX the parser reads.
_UNICODE_MATH = str.maketrans(
    {
        "−": "-", "×": "\\times ", "÷": "\\div ", "·": "\\cdot ", "⋅": "\\cdot ",
        "±": "\\pm ", "∞": "\\infty ", "π": "\\pi ", "≤": "\\le ", "≥": "\\ge ",
        "½": "\\frac{1}{2}", "⅓": "\\frac{1}{3}", "⅔": "\\frac{2}{3}", "¼": "\\frac{1}{4}",
        "¾": "\\frac{3}{4}", "＝": "=", "＋": "+", "－": "-", "（": "(", "）": ")", "／": "/",
        "．": ".", "，": ",", "°": "^\\circ ", "⟨": "(", "⟩": ")",
        **{chr(0xFF10 + digit): str(digit) for digit in range(10)},
    }
)  # fmt: skip
_SUPERSCRIPT = re.compile(r"[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+")
#: A base written with subscript digits (``1101₄``).
_SUBSCRIPT = re.compile(r"[₀₁₂₃₄₅₆₇₈₉]+")
_SUBSCRIPT_DIGITS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
_SUPERSCRIPT_DIGITS = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")
#: A Unicode root over a bracket or a letter (``√(x+1)``, ``√x``); over digits, ``_UNICODE_ROOT``.
_ROOT_OVER = re.compile(r"√\s*(?:\(([^()]{1,200})\)|([A-Za-z]))")


def normalise(answer: str) -> str:
    """One spelling of an answer (see the module docstring), spaces kept for the parser."""
    text = answer.strip()
    if not text.isascii():
        text = _ROOT_OVER.sub(lambda m: f"\\sqrt{{{m.group(1) or m.group(2)}}}", text)
        text = _SUPERSCRIPT.sub(lambda m: f"^{{{m[0].translate(_SUPERSCRIPT_DIGITS)}}}", text)
        text = _SUBSCRIPT.sub(lambda m: f"_{{{m[0].translate(_SUBSCRIPT_DIGITS)}}}", text)
        text = text.translate(_UNICODE_MATH)
    for wrapper in _BOXED:
        if text.startswith(wrapper + "{") and text.endswith("}"):
            text = text[len(wrapper) + 1 : -1]
    text = _LEFT_RIGHT_DOT.sub(" ", text)
    text = _LEFT_RIGHT.sub("", text)
    text = _GROUPING_MARK.sub("", text)
    text = _SPACING.sub(" ", text)
    text = _FRAC_SPELLINGS.sub(r"\\frac", text)
    text = _BINOM_SPELLINGS.sub(r"\\binom", text)
    text = _DOLLARS.sub("", text)
    time = _TIME_OF_DAY.fullmatch(text)
    if time is not None:
        text = _twenty_four_hour(time)
    text = _ORDINAL.sub("", text)
    text = _REPEATING.sub(_repeating_fraction, text)
    text = _SEGMENT.sub(r"\1", text)
    if _TRANSPOSED.search(text):  # "[11, 44]ᵀ" is the column vector (11, 44)
        text = _TRANSPOSED.sub(")", text)
        text = "(" + text[1:] if text.startswith("[") else text
    text = _MODULUS.sub("", text)
    text = _E_NOTATION.sub(r"\1\\times10^{\2}", text)
    text = _UNICODE_ROOT.sub(r"\\sqrt{\1}", text)
    text = _PLAIN_ROOT.sub(r"\\sqrt{\1}", text)
    text = _PLAIN_PI.sub(r"\\pi ", text)
    text = _PERCENT.sub("", text)
    text = _MIXED_WITH_AND.sub(r"\1 \2/\3", text)  # "3 and 3/8" is one number, not a list
    text = _REPEATED_COMMAS.sub(",", _TEXT_AND.sub(", ", text))
    stripped = _TEXT_UNIT.sub("", text)
    if stripped.strip():
        text = stripped
    text = _TEXT_COMMANDS.sub(lambda m: m.group(1), text)
    text = _unwrap_styles(text)
    text = _ROW_SPACING.sub(r"\\\\", text)
    text = _WORD_UNIT.sub("", text)
    if not any(bracket in text for bracket in "([{"):
        text = _GROUPED.sub(lambda m: m.group(0).replace(",", ""), text)
    text = _TRAILING.sub("", text).strip()
    head, equals, last_side = text.rpartition("=")
    if equals and not any(bracket in last_side for bracket in "([{"):
        # "(2^3)(5^5) = … = 25,000": the last side's thousands, whatever brackets came before.
        text = head + equals + _GROUPED.sub(lambda m: m.group(0).replace(",", ""), last_side)
    text = _PLAIN_MIXED.sub(r"\1\\frac{\2}{\3}", text)
    text = _LIST_MATRIX.sub(_as_pmatrix, text)
    # An option letter: "(D)", "D)" and "D" are one choice.
    text = _OPTION_LETTER.sub(r"\1", text)
    # "year 12", "page 7": a noun naming the numbered thing, before the number that answers.
    return _LEADING_NOUN.sub("", text)


def _unwrap_styles(text: str) -> str:
    """``text`` without the font commands around math (``\\mathbf{\\dfrac{1}{16}}`` is
    ``\\dfrac{1}{16}``), nested braces and all; a command left unclosed is left as it is."""
    while (found := _STYLE_COMMAND.search(text)) is not None:
        depth, index = 1, found.end()
        while index < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[index], 0)
            index += 1
        if depth:
            return text
        text = text[: found.start()] + text[found.end() : index - 1] + text[index:]
    return text


def _as_pmatrix(match: re.Match[str]) -> str:
    rows = _LIST_ROW.findall(" ".join(match.group(0).split()))
    return (
        "\\begin{pmatrix}"
        + " \\\\ ".join(" & ".join(r.split(",")) for r in rows)
        + "\\end{pmatrix}"
    )


def comparison_key(normalised: str) -> str:
    """The string two normalised answers are compared by first: no spaces at all."""
    return "".join(normalised.split())


def _twenty_four_hour(match: re.Match[str]) -> str:
    hour, minutes, half = int(match.group(1)), match.group(2) or "00", match.group(3).lower()
    if not 1 <= hour <= 12:
        return match.group(0)  # "13 pm" is no time of day; left as written
    return f"{hour % 12 + (12 if half == 'p' else 0)}:{minutes}"


def _repeating_fraction(match: re.Match[str]) -> str:
    whole, fixed, repeated = match.group(1), match.group(2), match.group(3)
    # x = whole.fixed(repeated)... = whole + (fixedrepeated - fixed) / (10^|fixed| (10^|rep| - 1))
    numerator = int(fixed + repeated) - int(fixed or "0")
    denominator = 10 ** len(fixed) * (10 ** len(repeated) - 1)
    value = Fraction(int(whole)) + Fraction(numerator, denominator)
    return f"\\frac{{{value.numerator}}}{{{value.denominator}}}"
