"""After "second interview": set up the next round from the one before.

A question first (the user may not know the date yet), then the interview
form, prefilled from the earlier round: company, role, office phone and format,
the round one higher, and the date left for the user to give. The
interviewers and references come along, with nothing done yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from textual.content import Content
from textual.widgets import Button, Input

from store.models import Interview, ordinal
from tui.forms import ConfirmScreen, InterviewForm
from widgets.text import literal


class NextRoundQuestion(ConfirmScreen):
    """"Set up the 2nd round at Acme now?" — a yes that adds, so it is not red."""

    DEFAULT_CSS = """
    NextRoundQuestion > #confirm-dialog {
        border: round $primary;
    }
    """

    def __init__(self, interview: Interview) -> None:
        people = len(interview.interviewers) + len(interview.references)
        question = Content.assemble(
            literal(interview.company, "bold"), " asked you back. Set up the ",
            f"{ordinal(interview.round + 1)} round now?\n\n",
            ("Company, role and office phone are filled in, and "
             + ("its interviewers and references come along with nothing done yet. "
                if people else "")
             + "You give the date.", "$text-muted"),
        )
        super().__init__(question, confirm_label="Set up")

    def on_mount(self) -> None:
        # ConfirmScreen's own on_mount runs after this one and focuses Cancel: move on
        # once it has. Adding a round loses nothing, so yes is the one ready for enter.
        yes = self.query_one("#confirm-yes", Button)
        yes.variant = "primary"
        self.call_after_refresh(yes.focus)


class NextRoundForm(InterviewForm):
    """The interview form for the next round, prefilled from the one before."""

    def __init__(self, today: dt.date, earlier: Interview) -> None:
        self.earlier = earlier
        prefill = replace(earlier, round=earlier.round + 1, time=None, decision_by=None,
                          notes="")
        super().__init__(today, prefill)

    def heading(self) -> Content:
        return Content.assemble(f"{ordinal(self.earlier.round + 1)} round — ",
                                literal(self.earlier.company))

    def on_mount(self) -> None:
        # The one thing not known from the round before: start there, empty. (The
        # form's own on_mount, which runs after this one, focuses the first field.)
        date = self.field("date").control
        assert isinstance(date, Input)
        date.value = ""
        date.placeholder = "2026-12-03, fri, +1w"
        self.call_after_refresh(date.focus)
