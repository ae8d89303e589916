"""The help screen (``?``): what the screen underneath is for, and every key it answers to."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Markdown

GENERAL = """\
Every judgement and variant is saved the moment it is made, in the annotations file beside the
results; quitting loses nothing, and coming back resumes where you left off. `q` quits, `?` shows
this help, `escape` goes back.
"""


def key_table(screen: Screen[object]) -> str:
    """A Markdown table of the keys active on ``screen``, from its own bindings."""
    rows = []
    seen = set()
    for active in screen.active_bindings.values():
        binding = active.binding
        if not binding.description or (binding.action, binding.description) in seen:
            continue
        seen.add((binding.action, binding.description))
        rows.append(f"| `{screen.app.get_key_display(binding)}` | {binding.description} |")
    return "| key | does |\n| --- | --- |\n" + "\n".join(rows)


class HelpScreen(ModalScreen[None]):
    """Built from the screen it covers, so that it never drifts from the actual keys."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", "Close help"),
    ]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.under_help = str(getattr(under, "HELP", "") or "")
        self.keys = key_table(under)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Markdown(f"{self.under_help}\n\n{self.keys}\n\n{GENERAL}")
