"""What the distractor editor shows under the text as you type: the distractors found, the
numbers each adds, errors and warnings, and the diff against the original."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from mathbench.plugins.tui.components.rendering import render_diff
from mathbench.plugins.tui.distractors import MAX_DISTRACTORS, VariantCheck


def check_content(check: VariantCheck) -> Content:
    count = len(check.distractors)
    ok = 1 <= count <= MAX_DISTRACTORS and all(p.ok for p in check.distractors)
    lines: list[Content | str] = [
        Content.assemble(
            ("distractors: ", "$text-muted"),
            (str(count), "bold $text-success" if ok else "bold $text-error"),
            (f"  (1 to {MAX_DISTRACTORS}, each with exactly one number)", "$text-muted"),
        )
    ]
    for phrase in check.distractors:
        mark, style = ("✓", "$text-success") if phrase.ok else ("✗", "$text-error")
        numbers = ", ".join(phrase.numbers)
        lines.append(
            Content.assemble(
                (f"  {mark} ", style),
                f"“{phrase.text}” ",
                (
                    f"adds {len(phrase.numbers)} number{'s' if len(phrase.numbers) != 1 else ''}"
                    f" ({numbers})",
                    "$text-muted",
                ),
            )
        )
    lines.extend(Content.styled(f"✗ {error}", "$text-error") for error in check.errors)
    lines.extend(Content.styled(f"! {warning}", "$text-warning") for warning in check.warnings)
    lines.append(Content.styled("diff against the original:", "$text-muted"))
    lines.append(render_diff(check.segments))
    return Content("\n").join(lines)


class VariantCheckView(Static):
    """Re-rendered on every keystroke in the editor."""

    def show_check(self, check: VariantCheck) -> None:
        self.update(check_content(check))
