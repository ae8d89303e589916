"""Checking a hand-written distractor variant of a problem against the CMATH paper's rule.

The paper's distractor set adds 1 to 5 irrelevant facts to a problem; each distractor is a short
phrase holding exactly one number, and the answer does not change. An authored variant is checked
as it is typed:

- the variant is compared with the original character by character, and the text it adds is cut
  into phrases at clause punctuation; every added phrase that holds a number is a distractor, and
  must hold exactly one;
- there must be 1 to 5 distractors;
- text the variant removes or rewrites from the original is reported (the CMATH file itself
  rewords a little around its insertions, so this warns rather than refuses), and removing a
  number from the original is an error, since the answer would then depend on other facts;
- near-duplicates of the variants already written for the same original are reported.

Numbers are Arabic numerals (with decimals, fractions and percent signs, half-width or
full-width), which is how CMATH writes every quantity; a Chinese numeral such as 三 is not counted,
because the same characters also form ordinary words (一共, 一些).

Whether the answer is unchanged is for the annotator to confirm; nothing here solves problems.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Literal

from rapidfuzz import fuzz

MAX_DISTRACTORS = 5
#: A rapidfuzz ratio (0-100) at or above which two variants are called near-duplicates.
NEAR_DUPLICATE_RATIO = 90.0

#: Half-width and full-width digits, decimal points, fraction slashes and percent signs.
_DIGIT = "0-9\uff10-\uff19"
_NUMBER = re.compile(rf"[{_DIGIT}]+(?:[.\uff0e][{_DIGIT}]+)?(?:[/\uff0f][{_DIGIT}]+)?[%\uff05]?")
#: Clause boundaries: Chinese and Western punctuation, and a full stop that is not a decimal point.
_PHRASE_BREAK = re.compile(
    rf"[，,。；;\uff01!\uff1f?、：:\n]|(?<![{_DIGIT}])[.\uff0e]|[.\uff0e](?![{_DIGIT}])"
)

SegmentKind = Literal["same", "added", "removed"]


def numbers_in(text: str) -> list[str]:
    """The Arabic numerals in ``text``, in order."""
    return _NUMBER.findall(text)


@dataclass(frozen=True)
class Segment:
    """A run of the diff between original and variant: kept, added by the variant, or removed."""

    kind: SegmentKind
    text: str


@dataclass(frozen=True)
class Phrase:
    """An added phrase and the numbers it holds; a distractor when it holds any."""

    text: str
    numbers: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return len(self.numbers) == 1


@dataclass(frozen=True)
class VariantCheck:
    """Everything the editor shows about a variant; ``errors`` empty means it may be saved."""

    segments: tuple[Segment, ...]
    phrases: tuple[Phrase, ...]
    removed: tuple[str, ...]
    near_duplicates: tuple[tuple[str, float], ...]
    errors: tuple[str, ...] = field(default=())
    warnings: tuple[str, ...] = field(default=())

    @property
    def distractors(self) -> tuple[Phrase, ...]:
        return tuple(phrase for phrase in self.phrases if phrase.numbers)

    @property
    def numbers_added(self) -> tuple[int, ...]:
        """How many numbers each distractor adds (each should be 1)."""
        return tuple(len(phrase.numbers) for phrase in self.distractors)

    @property
    def ok(self) -> bool:
        return not self.errors


def diff(original: str, variant: str) -> tuple[Segment, ...]:
    """Character-level diff, as kept / added / removed runs in reading order."""
    matcher = SequenceMatcher(None, original, variant, autojunk=False)
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            segments.append(Segment("same", original[i1:i2]))
            continue
        if i2 > i1:
            segments.append(Segment("removed", original[i1:i2]))
        if j2 > j1:
            segments.append(Segment("added", variant[j1:j2]))
    return tuple(segments)


def added_phrases(segments: Iterable[Segment]) -> tuple[Phrase, ...]:
    """The added text cut into phrases at clause punctuation, blank pieces dropped."""
    phrases = []
    for segment in segments:
        if segment.kind != "added":
            continue
        for piece in _PHRASE_BREAK.split(segment.text):
            text = piece.strip()
            if text:
                phrases.append(Phrase(text, tuple(numbers_in(text))))
    return tuple(phrases)


def near_duplicates(
    variant: str, others: Iterable[str], threshold: float = NEAR_DUPLICATE_RATIO
) -> tuple[tuple[str, float], ...]:
    """The ``others`` whose rapidfuzz ratio to ``variant`` is at least ``threshold``, closest
    first."""
    scored = [(other, fuzz.ratio(variant, other)) for other in others if other]
    close = [(other, score) for other, score in scored if score >= threshold]
    return tuple(sorted(close, key=lambda pair: -pair[1]))


def check_variant(original: str, variant: str, existing: Sequence[str] = ()) -> VariantCheck:
    """Validate ``variant`` of ``original`` against the paper's rule; ``existing`` are the other
    variants of the same original, for the near-duplicate warning."""
    original, variant = original.strip(), variant.strip()
    segments = diff(original, variant)
    phrases = added_phrases(segments)
    removed = tuple(s.text for s in segments if s.kind == "removed" and s.text.strip())
    errors: list[str] = []
    warnings: list[str] = []
    distractors = [phrase for phrase in phrases if phrase.numbers]
    if variant == original:
        errors.append("The variant is the original: add 1 to 5 distractor phrases.")
    elif not distractors:
        errors.append("No added phrase holds a number: a distractor is a fact with one number.")
    elif len(distractors) > MAX_DISTRACTORS:
        errors.append(f"{len(distractors)} distractors: the rule allows 1 to {MAX_DISTRACTORS}.")
    for phrase in distractors:
        if len(phrase.numbers) > 1:
            errors.append(
                f"“{phrase.text}” holds {len(phrase.numbers)} numbers "
                f"({', '.join(phrase.numbers)}): a distractor holds exactly one."
            )
    lost = Counter(numbers_in(original)) - Counter(numbers_in(variant))
    if lost:
        errors.append(
            f"The variant drops {', '.join(sorted(lost.elements()))} from the original: "
            "the facts the answer rests on must stay."
        )
    for phrase in phrases:
        if not phrase.numbers:
            warnings.append(
                f"“{phrase.text}” adds no number, so it is not counted as a distractor."
            )
    if removed:
        shown = ", ".join(f"“{text}”" for text in removed[:3])
        warnings.append(f"Rewords the original (removes {shown}): check that the meaning holds.")
    duplicates = near_duplicates(variant, [other for other in existing if other != original])
    for other, score in duplicates[:3]:
        warnings.append(f"Near-duplicate ({score:.0f}%) of an existing variant: “{other[:40]}…”")
    return VariantCheck(
        segments=segments,
        phrases=phrases,
        removed=removed,
        near_duplicates=duplicates,
        errors=tuple(errors),
        warnings=tuple(warnings),
    )
