"""The list of interviews: two lines per interview, drawn with the line API.

A `TwoLineList`: only the rows on screen are drawn, each line once. Rows are
plain frozen values built once per data change by the screen; this widget only
lays them out, and filters them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual.content import Content
from textual.message import Message

from store.schedule import ActionState
from widgets.text import literal, literal_text
from widgets.two_line_list import BOLD, NOT_BOLD, TwoLineList

BADGE_KINDS = (ActionState.LATE, ActionState.DUE, ActionState.WAITING, ActionState.MOVE_ON,
               ActionState.DONE, ActionState.CLOSED)


@dataclass(frozen=True, slots=True)
class InterviewRow:
    """One interview as the list shows it."""

    interview_id: str
    company: str
    role: str
    when: str  # "Thu 19 Nov"
    badge_kind: ActionState  # one of BADGE_KINDS
    badge_text: str
    # Casefolded text for the filter to look in, where the row is made with it (the
    # interview screen gives it to the filter when first used instead: see RowIndex).
    search: str = ""


class InterviewList(TwoLineList[InterviewRow]):
    """Interviews, one per two lines, most urgent first (the screen sorts them).

    No enter here: what "open" means (and doing it within the same key press,
    before the next key arrives) is up to the screen. A double click posts Opened.
    """

    COMPONENT_PREFIX = "interview-list"
    COMPONENT_CLASSES = {
        "interview-list--cursor",
        "interview-list--cursor-blurred",
        "interview-list--detail",
        *(f"interview-list--{kind}" for kind in BADGE_KINDS),
    }

    DEFAULT_CSS = """
    InterviewList {
        background: $surface;
        & > .interview-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .interview-list--cursor-blurred {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .interview-list--detail { color: $text-muted; }
        & > .interview-list--late { color: $text-error; background: $error-muted; }
        & > .interview-list--due { color: $text-warning; background: $warning-muted; }
        & > .interview-list--waiting { color: $text-primary; background: $primary-muted; }
        & > .interview-list--move_on { color: $text-secondary; background: $secondary-muted; }
        & > .interview-list--done { color: $text-success; background: $success-muted; }
        & > .interview-list--closed { color: $text-muted; background: $boost; }
    }
    """

    class Selected(Message):
        """The cursor moved to another interview."""

        def __init__(self, interview_list: InterviewList, interview_id: str) -> None:
            super().__init__()
            self.interview_list = interview_list
            self.interview_id = interview_id

        @property
        def control(self) -> InterviewList:
            return self.interview_list

    class Opened(Message):
        """The user asked to work on the interview under the cursor (double click)."""

        def __init__(self, interview_list: InterviewList, interview_id: str) -> None:
            super().__init__()
            self.interview_list = interview_list
            self.interview_id = interview_id

        @property
        def control(self) -> InterviewList:
            return self.interview_list

    def __init__(self, *, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        # Every row the screen gave, and the ones the filter lets through (shown).
        self._all: Sequence[InterviewRow] = ()
        self._filter: Callable[[InterviewRow], bool] | None = None
        # Where each shown interview is, worked out when first asked for (None: not
        # yet): after a save, ten thousand rows need only the cursor's found again.
        self._index_of: dict[str, int] | None = {}

    # --- data down -------------------------------------------------------------

    @property
    def selected_id(self) -> str | None:
        row = self.current
        return row.interview_id if row is not None else None

    @property
    def total(self) -> int:
        """How many rows there are, shown or not."""
        return len(self._all)

    @property
    def filtered(self) -> bool:
        return self._filter is not None

    @property
    def _index(self) -> dict[str, int]:
        if self._index_of is None:
            self._index_of = {row.interview_id: i for i, row in enumerate(self.rows)}
        return self._index_of

    def set_rows(self, rows: Sequence[InterviewRow], selected: str | None) -> None:
        """Show `rows` (those the filter lets through) with the cursor on `selected`;
        when that one is not shown, the cursor stays where it was. `rows` is kept as it
        is given (a lazy sequence stays lazy), and must not change afterwards (a list is
        copied)."""
        self._all = tuple(rows) if isinstance(rows, list) else rows
        self._show(selected)

    def shows(self, interview_id: str) -> bool:
        """Whether the interview is in the list as shown (not hidden by the filter)."""
        return interview_id in self._index

    def select(self, interview_id: str) -> None:
        """Put the cursor on a shown interview, without a Selected message: the screen
        asking already knows."""
        if (index := self._index.get(interview_id)) is not None:
            old = self.cursor
            self.set_reactive(TwoLineList.cursor, index)
            self._refresh_rows(old, index)
            self._scroll_to_cursor()

    def set_filter(self, keep: Callable[[InterviewRow], bool] | None,
                   prefer: str | None = None, text: str = "") -> None:
        """Show only the rows `keep` lets through (all for None), in the same order.

        The cursor goes to `prefer` if it is shown, else stays on its interview if
        that is, else goes to the top.
        """
        selected = self.selected_id
        if prefer is not None and (index := self._all_index().get(prefer)) is not None and (
                keep is None or keep(self._all[index])):
            selected = prefer
        self._filter = keep
        # Said in the list, where the rows were: the layout stays as it was.
        self.set_empty(None if keep is None else Content.assemble(
            ("No interview matches ", "italic $text-muted"), literal(f"'{text.strip()}'", "bold"),
            (" — esc clears", "italic $text-muted")))
        self.set_reactive(TwoLineList.cursor, 0)
        self._show(selected)

    def _all_index(self) -> dict[str, int]:
        if self._filter is None:
            return self._index
        return {row.interview_id: i for i, row in enumerate(self._all)}

    def _show(self, selected: str | None) -> None:
        keep = self._filter
        rows = self._all if keep is None else tuple(filter(keep, self._all))
        self._index_of = None
        cursor = _find(rows, selected, self.cursor)
        # Without the watcher: the screen asks what is selected.
        self._show_rows(rows, self.cursor if cursor is None else cursor)

    # --- actions -----------------------------------------------------------------

    def action_open(self) -> None:
        if (interview_id := self.selected_id) is not None:
            self.post_message(self.Opened(self, interview_id))

    def _cursor_moved(self) -> None:
        if (interview_id := self.selected_id) is not None:
            self.post_message(self.Selected(self, interview_id))

    def _row_clicked(self, chain: int) -> None:
        if chain > 1:
            self.action_open()

    # --- drawing -------------------------------------------------------------------

    def _row_text(self, row: InterviewRow, part: int, width: int, state: str,
                  base: Style) -> Text:
        if part == 0:
            badge = Text(f" {row.badge_text} ", style=self._style(row.badge_kind), end="")
            room = max(1, width - badge.cell_len - 3)
            company = literal_text(row.company, base + BOLD)
            company.truncate(room, overflow="ellipsis", pad=True)
            return Text.assemble(" ", company, " ", badge, " ", style=base, end="")
        detail_style = base + NOT_BOLD if state else base + self._style("detail")
        # Shorten the role, not the date: the date tells rows apart.
        role = literal_text(row.role)
        role.truncate(max(1, width - len(row.when) - 5), overflow="ellipsis")
        return Text.assemble(" ", role, " · ", row.when, style=detail_style, end="")



def _find(rows: Sequence[InterviewRow], interview_id: str | None, near: int) -> int | None:
    """Where `interview_id` is in `rows`, looked for first at `near` (where the cursor
    was): one look, or one pass, rather than an index of every row."""
    if interview_id is None:
        return None
    if 0 <= near < len(rows) and rows[near].interview_id == interview_id:
        return near
    find = getattr(rows, "find", None)
    if find is not None:
        # (A lazy sequence that finds a row without making every row.)
        found: int | None = find(interview_id)
        return found
    for at, row in enumerate(rows):
        if row.interview_id == interview_id:
            return at
    return None
