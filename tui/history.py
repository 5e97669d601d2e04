"""The h screen: everything recorded for one interview, newest first, with its date."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from store.dates import format_day
from store.models import Interview
from widgets.key_footer import KeyFooter
from widgets.text import literal


class HistoryScreen(ModalScreen[None]):
    """A table of when and what, for the interview on show."""

    BINDINGS = [
        Binding("escape,h,q", "dismiss", "Close"),
        Binding("t", "today", "Today"),
    ]

    DEFAULT_CSS = """
    HistoryScreen {
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
        & Grid {
            grid-size: 2;
            grid-columns: 22 1fr;
            grid-gutter: 0 1;
            height: auto;
        }
        & .history-when { color: $text-muted; height: auto; }
        & .history-what { height: auto; }
        & .history-empty { color: $text-muted; text-style: italic; }
    }
    """

    def __init__(self, interview: Interview) -> None:
        super().__init__()
        self.interview = interview

    def action_today(self) -> None:
        self.dismiss()
        self.app.call_later(self.app.action_today)  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        interview = self.interview
        with VerticalScroll() as scroll:
            scroll.border_title = Content.assemble(
                "History — ", literal(interview.company), " · ", literal(interview.role),
                f" ({interview.round_label} round)")
            scroll.border_subtitle = "esc to close"
            if not interview.history:
                yield Static("Nothing recorded yet.", classes="history-empty")
            with Grid():
                for entry in reversed(interview.history):
                    when = f"{format_day(entry.at.date(), with_year=True)} {entry.at:%H:%M}"
                    yield Static(when, classes="history-when")
                    yield Static(literal(entry.what), classes="history-what")
        yield KeyFooter()
