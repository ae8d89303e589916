"""The help screen (``?``): what the screen underneath is for, and every key it answers to.

The screen's own keys come first (what the annotator came for), then the keys that work on every
screen, then the keys of the widget that has the focus, described for this app rather than with
the widget's generic words (Textual calls ``left`` "Scroll Left"; in a reader of responses it
scrolls a long line sideways, and where a screen gives ``left`` a meaning, that one is listed).
"""

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

#: What the widgets' own keys do here, by action (their built-in descriptions are generic).
WIDGET_KEYS: dict[str, str] = {
    "cursor_up": "move up a row",
    "cursor_down": "move down a row",
    "cursor_left": "scroll the table left (long rows)",
    "cursor_right": "scroll the table right (long rows)",
    "scroll_left": "scroll the text left (long lines)",
    "scroll_right": "scroll the text right (long lines)",
    "scroll_up": "scroll up",
    "scroll_down": "scroll down",
    "page_up": "a page up",
    "page_down": "a page down",
    "scroll_home": "to the top",
    "scroll_end": "to the bottom",
    "scroll_top": "to the top",
    "scroll_bottom": "to the bottom",
    "first": "to the first",
    "last": "to the last",
}


def key_table(screen: Screen[object]) -> str:
    """A Markdown table of the keys active on ``screen``: its own bindings first, then the
    app's, then the focused widget's (a key the screen binds is listed once, with its meaning
    on the screen)."""
    groups: tuple[list[str], list[str], list[str]] = ([], [], [])
    own = screen._bindings.key_to_bindings
    # The keys this screen's class declares (not the tab/shift+tab every screen inherits).
    declared = {binding.key for binding in Binding.make_bindings(type(screen).BINDINGS)}
    seen_keys: set[str] = set()
    seen: set[tuple[str, str]] = set()
    app = screen.app
    for active in screen.active_bindings.values():
        binding = active.binding
        if active.node is screen:
            group = 0 if binding.key in declared else 1
        elif active.node is app:
            group = 1
        elif binding.key in own:
            continue  # listed below with the screen's meaning
        else:
            group = 2
        description = binding.description
        if group == 2:
            description = WIDGET_KEYS.get(binding.action, description)
        if not description or (binding.action, description) in seen:
            continue
        seen.add((binding.action, description))
        groups[group].append(f"| `{app.get_key_display(binding)}` | {description} |")
        seen_keys.add(binding.key)
    # Keys the screen binds but a focused widget claimed first are still the screen's to list.
    for key, bindings in own.items():
        for binding in bindings:
            if key not in seen_keys and binding.description:
                groups[0].append(f"| `{app.get_key_display(binding)}` | {binding.description} |")
                seen_keys.add(key)
    rows = [*groups[0], *groups[1], *groups[2]]
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
