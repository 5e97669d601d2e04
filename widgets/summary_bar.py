"""The line at the top: today's date and how much needs doing across all interviews."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from widgets.kept_render import KeptRender, ScreenRepaint


class _Part(ScreenRepaint, Static):
    """One side of the bar: its new counts reach the screen with the list's and the
    steps' repaints after a save, in the same frame (see `ScreenRepaint`)."""


class SummaryBar(KeptRender, Horizontal):
    """`followup · Thu 26 Nov 2026` on the left, `2 late · 3 due` on the right."""

    DEFAULT_CSS = """
    SummaryBar {
        height: 1;
        dock: top;
        background: $panel;
        /* Cut with an ellipsis before it runs into the counts. */
        & > .summary-today { width: 1fr; text-wrap: nowrap; text-overflow: ellipsis;
                             margin-right: 1; }
        & > .summary-counts { width: auto; }
    }
    """

    _width = -1  # of the counts on show
    _shown: tuple[str, int, int, int] | None = None  # what it says now

    def compose(self) -> ComposeResult:
        yield _Part(classes="summary-today")
        yield _Part(classes="summary-counts")

    def show(self, today: str, late: int, due: int, interviews: int) -> None:
        if (today, late, due, interviews) == self._shown:
            return  # a save that changes no count: nothing to draw
        self._shown = (today, late, due, interviews)
        # One line each: the screen is laid out again only when the counts' width
        # changes (the left part takes whatever room is left).
        self.query_one(".summary-today", Static).update(
            Content.assemble(" ", ("followup", "bold $text-accent"), "  ", today), layout=False
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
        counts = Content.assemble(*parts)
        self.query_one(".summary-counts", Static).update(
            counts, layout=counts.cell_length != self._width)
        self._width = counts.cell_length
