"""The line at the top: today's date and how much needs doing across all interviews."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static


class SummaryBar(Horizontal):
    """`followup · Thu 26 Nov 2026` on the left, `2 late · 3 due` on the right."""

    DEFAULT_CSS = """
    SummaryBar {
        height: 1;
        dock: top;
        background: $panel;
        & > .summary-today { width: 1fr; }
        & > .summary-counts { width: auto; }
    }
    """

    def compose(self) -> ComposeResult:
        yield Static(classes="summary-today")
        yield Static(classes="summary-counts")

    def show(self, today: str, late: int, due: int, interviews: int) -> None:
        self.query_one(".summary-today", Static).update(
            Content.assemble(" ", ("followup", "bold $text-accent"), "  ", today)
        )
        parts: list[str | tuple[str, str]] = []
        if late:
            parts += [(f"{late} late", "bold $text-error"), "  "]
        if due:
            parts += [(f"{due} due", "bold $text-warning"), "  "]
        if not late and not due:
            parts += [("nothing due", "$text-success"), "  "]
        noun = "interview" if interviews == 1 else "interviews"
        parts += [(f"{interviews} {noun}", "$text-muted"), " "]
        self.query_one(".summary-counts", Static).update(Content.assemble(*parts))
