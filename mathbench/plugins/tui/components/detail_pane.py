"""The detail pane: the problem, its golden answer, the full response with the checker's
candidates highlighted in place, and the verdict; or the same problem across runs, side by side.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from mathbench.plugins.tui.components.rendering import (
    describe_annotations,
    highlight_candidates,
    status_text,
)
from mathbench.results import Detail


def verdict_line(detail: Detail, human: bool | None) -> Content:
    """``wrong — 29, 18 (last numerals) does not match golden 47 · cmath`` and, when the
    annotator judged this response, what they said."""
    parts: list[Content | str] = [status_text(detail.status)]
    if detail.error:
        parts.append(Content.styled(f" — backend error: {detail.error}", "$text-error"))
    elif detail.reason:
        parts.append(f" — {detail.reason}")
    parts.append(Content.styled(f" · checker {detail.run.checker}", "$text-muted"))
    if human is not None:
        mark = "correct" if human else "incorrect"
        agrees = (detail.status == "correct") == human
        style = "$text-success" if agrees else "bold $text-error"
        parts.append(Content.styled(f" · you judged it {mark}", style))
    return Content.assemble(*parts)


def response_content(detail: Detail) -> Content:
    if detail.response is None:
        return Content.styled("(not generated yet)", "$text-muted italic")
    if not detail.response:
        return Content.styled("(empty response)", "$text-muted italic")
    return highlight_candidates(detail.response, detail.candidates)


def _footnote(detail: Detail) -> str:
    facts = []
    if detail.finish_reason:
        facts.append(f"finish: {detail.finish_reason}")
    if detail.completion_tokens is not None:
        facts.append(f"{detail.completion_tokens} tokens")
    if detail.run.samples > 1:
        facts.append(f"sample 1 of {detail.run.samples}")
    return " · ".join(facts)


class DetailPane(VerticalScroll):
    """Shows one ``Detail``, several side by side, or a sentence when there is nothing to show.
    Moving from one detail to the next rewrites the same widgets (removing and mounting six took
    most of a key press's time)."""

    can_focus = True

    #: The widgets of one detail, by class, in order.
    PARTS = (
        "detail-header",
        "detail-problem",
        "detail-golden",
        "detail-response",
        "detail-verdict",
        "detail-foot",
    )

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._parts: list[Static] = []

    async def show_message(self, message: str) -> None:
        self._parts = []
        await self.remove_children()
        await self.mount(Static(Content(message), classes="detail-empty"))

    async def show_detail(self, detail: Detail, human: bool | None) -> None:
        header = Content.assemble(
            (f"{detail.benchmark} {detail.problem_id}", "bold"),
            "  ",
            (describe_annotations(detail.annotations), "$text-muted"),
            "  ",
            (f"run {detail.run.short_id} {detail.run.label}", "$text-accent"),
        )
        contents = [
            header,
            Content(detail.text),
            Content.assemble(("golden ", "$text-muted"), (detail.golden, "bold")),
            response_content(detail),
            verdict_line(detail, human),
            Content.styled(_footnote(detail), "$text-muted"),
        ]
        if self._parts:
            for part, content in zip(self._parts, contents, strict=True):
                part.update(content)
        else:
            await self.remove_children()
            self._parts = [
                Static(content, classes=name)
                for name, content in zip(self.PARTS, contents, strict=True)
            ]
            await self.mount_all(self._parts)
        self.scroll_home(animate=False)

    async def show_side_by_side(self, details: Sequence[Detail]) -> None:
        """The problem once, then one column per run with its response and verdict."""
        self._parts = []
        await self.remove_children()
        if not details:
            await self.mount(Static("No selected run covers this problem.", classes="detail-empty"))
            return
        first = details[0]
        header = Content.assemble(
            (f"{first.benchmark} {first.problem_id}", "bold"),
            "  ",
            (describe_annotations(first.annotations), "$text-muted"),
            "  ",
            ("golden ", "$text-muted"),
            (first.golden, "bold"),
        )
        columns = [
            Vertical(
                Static(
                    Content.assemble(
                        (detail.run.short_id, "$text-accent"), " ", (detail.run.label, "bold")
                    ),
                    classes="card-title",
                ),
                Static(verdict_line(detail, None), classes="detail-verdict"),
                Static(response_content(detail), classes="detail-response"),
                classes="run-card",
            )
            for detail in details
        ]
        await self.mount_all(
            [
                Static(header, classes="detail-header"),
                Static(Content(first.text), classes="detail-problem"),
                Horizontal(*columns, classes="side-by-side"),
            ]
        )
        self.scroll_home(animate=False)
