"""The ? screen: every key, by where it works.

The list is written for people (grouped, with the vim keys beside the arrows)
and a test checks that every key bound anywhere in the app appears in it.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

# (area, [(keys, what they do)]); keys are Textual key names.
HELP: tuple[tuple[str, tuple[tuple[tuple[str, ...], str], ...]], ...] = (
    ("Everywhere", (
        (("question_mark",), "This help"),
        (("q", "ctrl+q"), "Quit (everything is already saved)"),
        (("ctrl+p",), "Command palette: every action by name; type a company to go to it"),
        (("t",), "Today: every due and late action, all interviews (t or esc: back)"),
        (("S",), "Sync with your calendar now (set it up once with: followup sync)"),
        (("tab", "shift+tab"), "Move between the list, the three steps and the message"),
        (("1", "2", "3"), "Jump to step 1 Appreciation, 2 References, 3 Follow-up"),
        (("c",), "Copy the message on show (through the terminal, and the local clipboard "
                 "where there is one)"),
        (("n",), "New interview"),
        (("e",), "Edit the interview; in step 1 or 2, the interviewer or reference you are on"),
        (("o",), "Record the outcome: second interview, offer, rejected, ..."),
        (("d",), "Delete the interview (asks first)"),
        (("h",), "History: everything recorded for the interview, with its date"),
        (("s",), "Settings: your name and signature for the messages, the follow-up rhythm"),
    )),
    ("In the interview list", (
        (("j", "k", "up", "down"), "Move; the message follows the interview"),
        (("g", "G", "home", "end"), "First / last interview"),
        (("pageup", "pagedown"), "A page up / down"),
        (("enter",), "Work on the interview: go into its steps"),
        (("slash",), "Filter by company, role or person; is:open is:closed is:late is:due. "
                     "enter keeps the filter, esc clears it"),
    )),
    ("In a step", (
        (("j", "k", "up", "down"), "Move between its people; past the end, on to the next step"),
        (("space",), "Mark done today (thanked, told, followed up; after the outcome, a "
                     "reference thanked); press again to undo"),
        (("a",), "Add an interviewer (step 1), a reference (step 2), or log a follow-up with "
                 "its details (step 3)"),
        (("v",), "Switch the message: thank-you email / card; follow-up email / call notes "
                 "/ second follow-up"),
        (("T",), "Switch the tone (shift+t): warm / formal; for a reference also LinkedIn "
                 "/ text message. Kept for that person"),
        (("escape",), "Back to the list"),
    )),
    ("In the Today view", (
        (("j", "k", "up", "down"), "Move between the actions, late first"),
        (("space",), "Mark done today and move on; on a done one, undo"),
        (("c",), "Copy its message"),
        (("enter",), "Open the interview at that step and person"),
        (("escape",), "Back to the interviews (so does t)"),
    )),
    ("The message (in a step too)", (
        (("up", "down", "pageup", "pagedown"), "Scroll a long message"),
        (("w",), "Reword this one message (ctrl+s saves, esc cancels, ctrl+r puts the "
                 "template's text back, ctrl+end goes to the end); c copies your wording "
                 "from then on"),
        (("W",), "Forget your wording and go back to the template's text (asks first)"),
        (("E",), "Edit the template of this kind of message in $VISUAL / $EDITOR: the "
                 "wording of every one"),
    )),
)

_SHOWN = {
    "question_mark": "?",
    "escape": "esc",
    "up": "↑",
    "down": "↓",
    "pageup": "pgup",
    "pagedown": "pgdn",
    "slash": "/",
}


def key_display(key: str) -> str:
    return _SHOWN.get(key, key)


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
