"""Turning problems, responses and diffs into styled text, with the theme's colours.

Kept apart from the widgets so that the spans are tested directly: the candidate highlighting is
the point of the detail pane (a reviewer must see exactly which characters the checker read).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from textual.content import Content

from mathbench.plugins.tui.distractors import Segment, numbers_in
from mathbench.types import AnnotationValue, Candidate

#: A candidate the checker matched to the golden answer, and one it read but did not match.
MATCHED_STYLE = "bold $text-success on $success-muted"
UNMATCHED_STYLE = "bold $text-warning on $warning-muted"

STATUS_LABELS: Mapping[str, str] = {
    "correct": "correct",
    "wrong": "wrong",
    "no_answer": "no answer",
    "errored": "errored",
    "pending": "pending",
}
STATUS_STYLES: Mapping[str, str] = {
    "correct": "$text-success",
    "wrong": "$text-error",
    "no_answer": "$text-warning",
    "errored": "$text-error italic",
    "pending": "$text-muted italic",
}


def status_text(status: str) -> Content:
    return Content.styled(STATUS_LABELS.get(status, status), STATUS_STYLES.get(status, ""))


def highlight_candidates(response: str, candidates: Iterable[Candidate]) -> Content:
    """The response with each candidate span highlighted in place; spans that do not fit the
    response (a checker bug, or a response edited since) are skipped rather than misplaced."""
    content = Content(response)
    for candidate in candidates:
        if 0 <= candidate.start < candidate.end <= len(response) and (
            response[candidate.start : candidate.end] == candidate.text
        ):
            style = MATCHED_STYLE if candidate.matches else UNMATCHED_STYLE
            content = content.stylize(style, candidate.start, candidate.end)
    return content


def highlight_numbers(text: str) -> Content:
    """A problem text with its numerals in bold, to see at a glance what a distractor adds."""
    content = Content(text)
    position = 0
    for number in numbers_in(text):
        start = text.index(number, position)
        position = start + len(number)
        content = content.stylize("bold $text-accent", start, position)
    return content


def render_diff(segments: Sequence[Segment]) -> Content:
    """Kept text plain, added text underlined in green, removed text struck through in red."""
    parts = []
    for segment in segments:
        if segment.kind == "added":
            parts.append(Content.styled(segment.text, "bold underline $text-success"))
        elif segment.kind == "removed":
            parts.append(Content.styled(segment.text, "strike $text-error"))
        else:
            parts.append(Content(segment.text))
    return Content("").join(parts)


def describe_annotations(annotations: Mapping[str, AnnotationValue]) -> str:
    """``grade 3 · reasoning_step 2 · num_digits 2``."""
    return " · ".join(f"{key} {value}" for key, value in annotations.items())
