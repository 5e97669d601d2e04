"""The ? screen: every key, by where it works.

Built from the one registry of keys (`tui.keys`), grouped by where they work,
with the vim keys beside the arrows; a test checks that every key bound anywhere
in the app appears in it.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.keys import help_table, key_display

# (area, [(keys, what they do)]); keys are Textual key names (see tui/keys.py).
HELP = help_table()


def help_keys() -> set[str]:
    """Every key the help names (Textual key names)."""
    return {key for _, entries in HELP for keys, _ in entries for key in keys}


def help_text() -> str:
    """The help as plain text (for tests and for anyone who wants to grep it)."""
    lines = []
    for area, entries in HELP:
        lines.append(area)
        lines += [f"  {' '.join(key_display(k) for k in keys)}  {what}" for keys, what in entries]
    return "\n".join(lines)


class HelpScreen(ModalScreen[None]):
    """Every key followup understands, in a two-column table by area."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close"),
    ]

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        & > VerticalScroll {
            width: 90%;
            max-width: 100;
            height: auto;
            max-height: 90%;
            border: round $primary;
            border-title-style: bold;
            padding: 0 1;
            background: $surface;
        }
        & .help-area {
            margin-top: 1;
            text-style: bold;
            color: $text-accent;
        }
        & .help-area.-first { margin-top: 0; }
        & Grid {
            grid-size: 2;
            grid-columns: 16 1fr;
            height: auto;
        }
        & .help-keys { color: $text-warning; text-style: bold; height: auto; }
        & .help-what { height: auto; }
    }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "Keys"
            scroll.border_subtitle = "esc to close"
            for index, (area, entries) in enumerate(HELP):
                yield Static(area, classes="help-area" + (" -first" if index == 0 else ""))
                with Grid():
                    for keys, what in entries:
                        yield Static(Content(" ".join(key_display(k) for k in keys)),
                                     classes="help-keys")
                        yield Static(Content(what), classes="help-what")
