"""Today's actions across every interview: two lines per action, drawn with the line API.

Ten thousand interviews can hold tens of thousands of due actions, more than
an OptionList can build without a pause, so this is a `TwoLineList`, like the
interview list: only the rows on screen are drawn. Rows are plain frozen values
made by the screen; this widget only lays them out and moves the cursor.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from rich.text import Text
from textual.message import Message

from store.frozen import Frozen, set_field
from store.schedule import ActionState
from widgets.text import literal_text
from widgets.two_line_list import BOLD, NOT_BOLD, TwoLineList

STATES = (ActionState.LATE, ActionState.DUE, ActionState.DONE)
# A mark that reads without colour too.
MARKS = {ActionState.LATE: "!", ActionState.DUE: "•", ActionState.DONE: "✓"}


class AgendaRow(Frozen):
    """One action as the Today view shows it."""

    __slots__ = ("key", "state", "what", "where", "why", "badge")

    key: tuple[str, str, str | None]  # interview id, step, person id
    state: ActionState  # one of STATES
    what: str  # "Thank Dana Lee", "Brief Sam Ortiz", "Follow up with Hank Scorpio"
    where: str  # "Acme Corp · Senior Developer"
    why: str  # "Late: due Mon 16 Nov, 8 business days ago"
    badge: str  # "late 8 days", "due today", "due by Mon 30 Nov", "done"

    def __init__(self, key: tuple[str, str, str | None], state: ActionState, what: str,
                 where: str, why: str, badge: str) -> None:
        set_field(self, "key", key)
        set_field(self, "state", state)
        set_field(self, "what", what)
        set_field(self, "where", where)
        set_field(self, "why", why)
        set_field(self, "badge", badge)


class AgendaList(TwoLineList[AgendaRow]):
    """Actions, one per two lines, in the order the screen gives (late first)."""

    COMPONENT_PREFIX = "agenda-list"
    COMPONENT_CLASSES = {
        "agenda-list--cursor",
        "agenda-list--cursor-blurred",
        "agenda-list--detail",
        *(f"agenda-list--{state}" for state in STATES),
    }

    DEFAULT_CSS = """
    AgendaList {
        background: $surface;
        & > .agenda-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .agenda-list--cursor-blurred {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .agenda-list--detail { color: $text-muted; }
        & > .agenda-list--late { color: $text-error; background: $error-muted; }
        & > .agenda-list--due { color: $text-warning; background: $warning-muted; }
        & > .agenda-list--done { color: $text-success; background: $success-muted; }
    }
    """

    class Highlighted(Message):
        """The cursor moved to another action."""

        def __init__(self, agenda_list: AgendaList, row: AgendaRow) -> None:
            super().__init__()
            self.agenda_list = agenda_list
            self.row = row

        @property
        def control(self) -> AgendaList:
            return self.agenda_list

    def set_rows(self, rows: Sequence[AgendaRow], cursor: int) -> None:
        """Show `rows` with the cursor on row `cursor` (kept within the list)."""
        self._show_rows(rows, cursor)

    def _cursor_moved(self) -> None:
        if (row := self.current) is not None:
            self.post_message(self.Highlighted(self, row))

    def _row_text(self, row: AgendaRow, part: int, width: int, state: str,
                  base: Style) -> Text:
        mark_style = base if state else base + Style(color=self._style(row.state).color)
        if part == 0:
            badge = Text(f" {row.badge} ", style=self._style(row.state), end="")
            room = max(1, width - badge.cell_len - 5)
            what = literal_text(row.what, base + BOLD)
            what.truncate(room, overflow="ellipsis", pad=True)
            return Text.assemble(" ", (MARKS.get(row.state, " "), mark_style), " ", what, " ",
                                 badge, " ", style=base, end="")
        detail = base + NOT_BOLD if state else base + self._style("detail")
        # The interview in full where it fits; the badge already gives the gist of
        # the reason, so the reason is what gets cut.
        where = literal_text(row.where)
        where.truncate(max(1, width - 4), overflow="ellipsis")
        return Text.assemble("   ", where, ("  " + row.why) if row.why else "",
                             style=detail, end="")
