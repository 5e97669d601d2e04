"""The list of interviews: two lines per interview, drawn with the line API.

OptionList measures every option before it can draw (Textual issue #5498:
seconds at 10k options), so this is a ScrollView that only renders the rows on
screen and caches each rendered line. Rows are plain frozen values built once
per data change by the screen; this widget only lays them out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from widgets.text import literal_text

ROW_HEIGHT = 2
BOLD = Style(bold=True)
NOT_BOLD = Style(bold=False)
BADGE_KINDS = ("late", "due", "waiting", "move_on", "done", "closed")


@dataclass(frozen=True, slots=True)
class InterviewRow:
    """One interview as the list shows it."""

    interview_id: str
    company: str
    role: str
    when: str  # "Thu 19 Nov"
    badge_kind: str  # one of BADGE_KINDS
    badge_text: str
    # Casefolded company, role and people (interviewers, references), for the filter.
    search: str = ""


class InterviewList(ScrollView, can_focus=True):
    """Interviews, one per two lines, most urgent first (the screen sorts them)."""

    # No enter here: what "open" means (and doing it within the same key press,
    # before the next key arrives) is up to the screen. A double click posts Opened.
    BINDINGS: list[BindingType] = [
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("home,g", "first", "First", show=False),
        Binding("end,G", "last", "Last", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
    ]

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

    # The watcher redraws the two rows involved; repainting every row is not needed.
    cursor: reactive[int] = reactive(0, always_update=False, init=False, repaint=False)

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
        self._all: tuple[InterviewRow, ...] = ()
        self._filter: Callable[[InterviewRow], bool] | None = None
        self._rows: tuple[InterviewRow, ...] = ()
        self._index: dict[str, int] = {}
        # Rendered lines by (row, line, width, cursor state); rows are values, so
        # a changed interview simply misses the cache.
        self._lines: LRUCache[tuple[InterviewRow, int, int, str], Strip] = LRUCache(1024)

    # --- data down -------------------------------------------------------------

    @property
    def rows(self) -> tuple[InterviewRow, ...]:
        return self._rows

    @property
    def selected_id(self) -> str | None:
        if 0 <= self.cursor < len(self._rows):
            return self._rows[self.cursor].interview_id
        return None

    @property
    def total(self) -> int:
        """How many rows there are, shown or not."""
        return len(self._all)

    @property
    def filtered(self) -> bool:
        return self._filter is not None

    def set_rows(self, rows: Sequence[InterviewRow], selected: str | None) -> None:
        """Show `rows` (those the filter lets through) with the cursor on `selected`;
        when that one is not shown, the cursor stays where it was."""
        self._all = tuple(rows)
        self._show(selected)

    def shows(self, interview_id: str) -> bool:
        """Whether the interview is in the list as shown (not hidden by the filter)."""
        return interview_id in self._index

    def select(self, interview_id: str) -> None:
        """Put the cursor on a shown interview, without a Selected message: the screen
        asking already knows."""
        if (index := self._index.get(interview_id)) is not None:
            old = self.cursor
            self.set_reactive(InterviewList.cursor, index)
            self._refresh_row(old)
            self._refresh_row(index)
            self._scroll_to_cursor()

    def set_filter(self, keep: Callable[[InterviewRow], bool] | None,
                   prefer: str | None = None) -> None:
        """Show only the rows `keep` lets through (all for None), in the same order.

        The cursor goes to `prefer` if it is shown, else stays on its interview if
        that is, else goes to the top.
        """
        selected = self.selected_id
        if prefer is not None and (index := self._all_index().get(prefer)) is not None and (
                keep is None or keep(self._all[index])):
            selected = prefer
        self._filter = keep
        self.set_reactive(InterviewList.cursor, 0)
        self._show(selected)

    def _all_index(self) -> dict[str, int]:
        if self._filter is None:
            return self._index
        return {row.interview_id: i for i, row in enumerate(self._all)}

    def _show(self, selected: str | None) -> None:
        keep = self._filter
        self._rows = self._all if keep is None else tuple(filter(keep, self._all))
        self._index = {row.interview_id: i for i, row in enumerate(self._rows)}
        self.virtual_size = Size(self.size.width, len(self._rows) * ROW_HEIGHT)
        cursor = self._index.get(selected or "")
        if cursor is None:
            cursor = max(0, min(self.cursor, len(self._rows) - 1))
        # Set without the watcher: the screen asks what is selected.
        self.set_reactive(InterviewList.cursor, cursor)
        self._scroll_to_cursor()
        self.refresh()

    # --- actions -----------------------------------------------------------------

    def _move_to(self, index: int) -> None:
        if not self._rows:
            return
        self.cursor = max(0, min(index, len(self._rows) - 1))

    def action_cursor_down(self) -> None:
        self._move_to(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self._move_to(self.cursor - 1)

    def action_first(self) -> None:
        self._move_to(0)

    def action_last(self) -> None:
        self._move_to(len(self._rows) - 1)

    def action_page_down(self) -> None:
        self._move_to(self.cursor + max(1, self.scrollable_content_region.height // ROW_HEIGHT))

    def action_page_up(self) -> None:
        self._move_to(self.cursor - max(1, self.scrollable_content_region.height // ROW_HEIGHT))

    def action_open(self) -> None:
        if (interview_id := self.selected_id) is not None:
            self.post_message(self.Opened(self, interview_id))

    def watch_cursor(self, old: int, new: int) -> None:
        self._refresh_row(old)
        self._refresh_row(new)
        self._scroll_to_cursor()
        if (interview_id := self.selected_id) is not None:
            self.post_message(self.Selected(self, interview_id))

    async def _on_click(self, event: events.Click) -> None:
        row = (event.y + int(self.scroll_offset.y)) // ROW_HEIGHT
        if 0 <= row < len(self._rows):
            self.cursor = row
            if event.chain > 1:
                self.action_open()

    # --- drawing -------------------------------------------------------------------

    def _scroll_to_cursor(self) -> None:
        if self._rows:
            self.scroll_to_region(
                Region(0, self.cursor * ROW_HEIGHT, 1, ROW_HEIGHT), animate=False, force=True
            )

    def _refresh_row(self, index: int) -> None:
        y = index * ROW_HEIGHT - int(self.scroll_offset.y)
        self.refresh(Region(0, y, self.size.width, ROW_HEIGHT))

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self._rows) * ROW_HEIGHT)
        self._scroll_to_cursor()

    def on_focus(self) -> None:
        self._refresh_row(self.cursor)

    def on_blur(self) -> None:
        self._refresh_row(self.cursor)

    def notify_style_update(self) -> None:
        # A theme change changes every colour: forget the rendered lines.
        self._lines.clear()
        super().notify_style_update()

    def _style(self, name: str) -> Style:
        return self.get_visual_style(f"interview-list--{name}").rich_style

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line_no = y + int(self.scroll_offset.y)
        index, part = divmod(line_no, ROW_HEIGHT)
        if not 0 <= index < len(self._rows):
            return Strip.blank(width, self.rich_style)
        row = self._rows[index]
        state = ("focused" if self.has_focus else "blurred") if index == self.cursor else ""
        key = (row, part, width, state)
        strip = self._lines.get(key)
        if strip is None:
            strip = self._render_row_line(row, part, width, state)
            self._lines[key] = strip
        return strip

    def _render_row_line(self, row: InterviewRow, part: int, width: int, state: str) -> Strip:
        if state == "focused":
            base = self._style("cursor")
        elif state == "blurred":
            base = self._style("cursor-blurred")
        else:
            base = self.rich_style
        if part == 0:
            badge = Text(f" {row.badge_text} ", style=self._style(row.badge_kind), end="")
            room = max(1, width - badge.cell_len - 3)
            company = literal_text(row.company, base + BOLD)
            company.truncate(room, overflow="ellipsis", pad=True)
            line = Text.assemble(" ", company, " ", badge, " ", style=base, end="")
        else:
            detail_style = base + NOT_BOLD if state else base + self._style("detail")
            # Shorten the role, not the date: the date tells rows apart.
            role = literal_text(row.role)
            role.truncate(max(1, width - len(row.when) - 5), overflow="ellipsis")
            line = Text.assemble(" ", role, " · ", row.when, style=detail_style, end="")
        line.truncate(width, overflow="ellipsis", pad=True)
        # Text.render applies the line's own style only when it has spans: give it one,
        # or an unstyled line comes out in the terminal's default colours (dark on a
        # light theme, and without the cursor's highlight).
        line.stylize_before(line.style)
        segments = list(line.render(self.app.console))
        return Strip(segments, width).extend_cell_length(width, base).crop(0, width)
