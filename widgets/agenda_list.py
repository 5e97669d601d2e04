"""Today's actions across every interview: two lines per action, drawn with the line API.

Ten thousand interviews can hold tens of thousands of due actions, more than
an OptionList can build without a pause, so this is a ScrollView that renders
only the rows on screen, like the interview list. Rows are plain frozen values
built by the screen; this widget only lays them out and moves the cursor.
"""

from __future__ import annotations

from collections.abc import Sequence
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
STATES = ("late", "due", "done")
# A mark that reads without colour too.
MARKS = {"late": "!", "due": "•", "done": "✓"}


@dataclass(frozen=True, slots=True)
class AgendaRow:
    """One action as the Today view shows it."""

    key: tuple[str, str, str | None]  # interview id, step, person id
    state: str  # one of STATES
    what: str  # "Thank Dana Lee", "Brief Sam Ortiz", "Follow up with Hank Scorpio"
    where: str  # "Acme Corp · Senior Developer"
    why: str  # "Late: due Mon 16 Nov, 8 business days ago"
    badge: str  # "late 8 days", "due today", "due by Mon 30 Nov", "done"


class AgendaList(ScrollView, can_focus=True):
    """Actions, one per two lines, in the order the screen gives (late first)."""

    BINDINGS: list[BindingType] = [
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("home,g", "first", "First", show=False),
        Binding("end,G", "last", "Last", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
    ]

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

    cursor: reactive[int] = reactive(0, always_update=False, init=False)

    class Highlighted(Message):
        """The cursor moved to another action."""

        def __init__(self, agenda_list: AgendaList, row: AgendaRow) -> None:
            super().__init__()
            self.agenda_list = agenda_list
            self.row = row

        @property
        def control(self) -> AgendaList:
            return self.agenda_list

    def __init__(self, *, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._rows: Sequence[AgendaRow] = ()
        self._lines: LRUCache[tuple[AgendaRow, int, int, str], Strip] = LRUCache(1024)

    # --- data down -------------------------------------------------------------

    @property
    def rows(self) -> Sequence[AgendaRow]:
        return self._rows

    @property
    def current(self) -> AgendaRow | None:
        if 0 <= self.cursor < len(self._rows):
            return self._rows[self.cursor]
        return None

    def set_rows(self, rows: Sequence[AgendaRow], cursor: int) -> None:
        """Show `rows` with the cursor on row `cursor` (kept within the list)."""
        self._rows = rows  # a lazy sequence stays lazy: only rows on screen are made
        self.virtual_size = Size(self.size.width, len(self._rows) * ROW_HEIGHT)
        self.set_reactive(AgendaList.cursor, max(0, min(cursor, len(self._rows) - 1)))
        self._scroll_to_cursor()
        self.refresh()

    # --- actions -----------------------------------------------------------------

    def move_to(self, index: int) -> None:
        if self._rows:
            self.cursor = max(0, min(index, len(self._rows) - 1))

    def action_cursor_down(self) -> None:
        self.move_to(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_to(self.cursor - 1)

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(len(self._rows) - 1)

    def action_page_down(self) -> None:
        self.move_to(self.cursor + max(1, self.scrollable_content_region.height // ROW_HEIGHT))

    def action_page_up(self) -> None:
        self.move_to(self.cursor - max(1, self.scrollable_content_region.height // ROW_HEIGHT))

    def watch_cursor(self, old: int, new: int) -> None:
        self._refresh_row(old)
        self._refresh_row(new)
        self._scroll_to_cursor()
        if (row := self.current) is not None:
            self.post_message(self.Highlighted(self, row))

    async def _on_click(self, event: events.Click) -> None:
        index = (event.y + int(self.scroll_offset.y)) // ROW_HEIGHT
        if 0 <= index < len(self._rows):
            self.cursor = index

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
        return self.get_visual_style(f"agenda-list--{name}").rich_style

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index, part = divmod(y + int(self.scroll_offset.y), ROW_HEIGHT)
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

    def _render_row_line(self, row: AgendaRow, part: int, width: int, state: str) -> Strip:
        if state == "focused":
            base = self._style("cursor")
        elif state == "blurred":
            base = self._style("cursor-blurred")
        else:
            base = self.rich_style
        mark_style = base if state else base + Style(color=self._style(row.state).color)
        if part == 0:
            badge = Text(f" {row.badge} ", style=self._style(row.state), end="")
            room = max(1, width - badge.cell_len - 5)
            what = literal_text(row.what, base + BOLD)
            what.truncate(room, overflow="ellipsis", pad=True)
            line = Text.assemble(" ", (MARKS.get(row.state, " "), mark_style), " ", what, " ",
                                 badge, " ", style=base, end="")
        else:
            detail = base + NOT_BOLD if state else base + self._style("detail")
            # The interview in full where it fits; the badge already gives the gist of
            # the reason, so the reason is what gets cut.
            where = literal_text(row.where)
            where.truncate(max(1, width - 4), overflow="ellipsis")
            line = Text.assemble("   ", where, ("  " + row.why) if row.why else "",
                                 style=detail, end="")
        line.truncate(width, overflow="ellipsis", pad=True)
        # Text.render applies the line's own style only when it has spans: give it one,
        # or an unstyled line comes out in the terminal's default colours (dark on a
        # light theme, and without the cursor's highlight).
        line.stylize_before(line.style)
        segments = list(line.render(self.app.console))
        return Strip(segments, width).extend_cell_length(width, base).crop(0, width)
