"""A list of rows two lines high, drawn with the line API: the interview list and
the Today view's actions.

OptionList measures every option before it can draw (Textual issue #5498:
seconds at 10k options), so this is a ScrollView that only renders the rows on
screen and caches each rendered line. Rows are plain frozen values made by the
screen (a lazy sequence stays lazy: only the rows drawn or asked for are made);
a subclass says how one row reads, this class lays rows out and moves the
cursor over them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar, Generic, TypeVar, cast

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.dom import DOMNode
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from widgets.kept_render import ScreenRepaint, background_colors
from widgets.own_bindings import run_own_binding
from widgets.scroll_bar import DrawnScrollBar

ROW_HEIGHT = 2
# The lines kept (made, as frames showed them, joined with the scroll bar): as many as
# this many screens of the list show, at the tallest it has been. Rows further away
# are made again if the cursor comes back to them: kept, every row the cursor passed
# stayed in memory.
SCREENS_KEPT = 4
BOLD = Style(bold=True)
NOT_BOLD = Style(bold=False)

Row = TypeVar("Row")


class TwoLineList(ScreenRepaint, DrawnScrollBar, ScrollView, Generic[Row], can_focus=True):
    """Rows, one per two lines, in the order the screen gives, with a cursor.

    The vertical scroll bar is drawn by the list, in its last column, when the rows
    are more than fit (see `widgets.scroll_bar`)."""

    # Rows are cut to the width: never a horizontal scroll bar (it showed as a stray
    # cell under a list narrow enough to have a vertical one).
    DEFAULT_CSS = """
    TwoLineList { overflow-x: hidden; overflow-y: hidden; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("home,g", "first", "First", show=False),
        Binding("end,G", "last", "Last", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
    ]

    # The prefix of the subclass's component classes: "<prefix>--cursor",
    # "<prefix>--cursor-blurred", "<prefix>--detail" and its own.
    COMPONENT_PREFIX: ClassVar[str] = ""

    # The watcher redraws the two rows involved; repainting every row is not needed.
    cursor: reactive[int] = reactive(0, always_update=False, init=False, repaint=False)

    def __init__(self, *, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._rows: Sequence[Row] = ()
        # Rendered lines by (row, line, width, cursor state); rows are values, so a
        # changed one simply misses the cache.
        self._lines: LRUCache[tuple[Row, int, int, str], Strip] = LRUCache(SCREENS_KEPT)
        self._empty: Content | None = None  # what an empty list says instead
        # Lines as a frame shows them, by the id of the row's line, for one styling
        # (`_finish`): see `_finished_line`.
        self._finished: LRUCache[int, tuple[Strip | None, Strip]] = LRUCache(SCREENS_KEPT)
        self._finish: tuple[object, ...] = ()
        # Lines as the last frames showed them (see `render_lines`).
        self._shown: dict[tuple[int, int, str, int], tuple[Row, Strip | None, Strip]] = {}
        self._shown_look: tuple[object, ...] = ()
        self._announce_moves = True  # see `followed_by`
        # Each line joined with a cell of the scroll bar, by (the line's id, the cell's
        # id), with the line and cell it was made from.
        self._with_bar: LRUCache[tuple[int, int], tuple[Strip, Strip, Strip]] = LRUCache(
            SCREENS_KEPT)

    def set_empty(self, text: Content | None) -> None:
        """What the list says while it has no rows (None: nothing)."""
        if text != self._empty:
            self._empty = text
            if not self._rows:
                self.refresh()

    # --- data down -------------------------------------------------------------

    @property
    def rows(self) -> Sequence[Row]:
        return self._rows

    @property
    def current(self) -> Row | None:
        """The row under the cursor."""
        if 0 <= self.cursor < len(self._rows):
            return self._rows[self.cursor]
        return None

    def _show_rows(self, rows: Sequence[Row], cursor: int) -> None:
        """Show `rows` with the cursor on row `cursor` (kept within the list), without
        the cursor's watcher: the screen asking already knows.

        Only the rows on screen that are not what they were are drawn again (after a
        save, the changed interview's, and where the cursor was and is), unless the
        list scrolled."""
        old_rows, old_cursor, old_y = self._rows, self.cursor, int(self.scroll_offset.y)
        had_bar = self.bar_shown()
        self._rows = rows
        self.virtual_size = Size(self.size.width, len(rows) * ROW_HEIGHT)
        self.set_reactive(TwoLineList.cursor, max(0, min(cursor, len(rows) - 1)))
        self._scroll_to_cursor()
        # (The scroll bar shown or gone: every row has another width.)
        if (not rows or not old_rows or int(self.scroll_offset.y) != old_y
                or had_bar != self.bar_shown()):
            self.refresh()
            return
        first = old_y // ROW_HEIGHT
        last = (old_y + self.size.height - 1) // ROW_HEIGHT
        moved = old_cursor != self.cursor
        changed = []
        for index in range(first, last + 1):
            old = old_rows[index] if index < len(old_rows) else None
            new = rows[index] if index < len(rows) else None
            if old is not new or (moved and index in (old_cursor, self.cursor)):
                changed.append(index)
        if changed:
            self._refresh_rows(*changed)

    # --- the scroll bar (drawn by the list: see widgets.scroll_bar) ----------------

    def bar_shown(self) -> bool:
        """Whether the rows are more than fit: then the list draws its scroll bar."""
        return self.virtual_size.height > self.scrollable_content_region.height > 0

    @property
    def allow_vertical_scroll(self) -> bool:
        # (Textual's scroll bar is hidden: the wheel scrolls as long as there is more.)
        return self.max_scroll_y > 0

    def _row_width(self) -> int:
        """The width of the rows: the list's, less the scroll bar's column when shown."""
        width = self.scrollable_content_region.width
        return width - self.bar_width() if self.bar_shown() else width

    def _bar(self, top: float | None = None) -> list[Strip] | None:
        """The scroll bar's cell on each row of the view, scrolled to `top` (where it is,
        for None); None: no bar."""
        if not self.bar_shown():
            return None
        return self.drawn_bar(self.scrollable_content_region.height, self.virtual_size.height,
                              self.scroll_y if top is None else top)

    # --- actions -----------------------------------------------------------------

    async def handle_key(self, event: events.Key) -> bool:
        # The list's own keys (j, k, the arrows...) act where the key first arrives (the
        # list had the focus as it was typed), as Textual's bindings would act on them
        # (the focused widget's bindings come first, once the app's priority keys,
        # looked at before the key was handed here, have passed it on), rather than
        # after the key has gone up through the list's containers and the screen to
        # the app: a turn of the event loop each. (With a keymap set, the usual way.)
        if await run_own_binding(self, event.key):
            event.stop()
            return True
        return await super().handle_key(event)

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
        self._refresh_rows(old, new)
        self._scroll_to_cursor()
        if self._announce_moves:
            self._cursor_moved()

    def _cursor_moved(self) -> None:
        """Tell the screen (a subclass posts its own message)."""

    def followed_by(self, node: DOMNode, callback: Callable[..., object]) -> None:
        """`node` (the screen) follows the cursor itself, within the key press that moves
        it: `callback` watches `cursor`, and the list tells it nothing more
        (`_cursor_moved`'s message, on its way up through each container, would reach
        it a turn of the event loop per widget later, after a frame of its own)."""
        node.watch(self, "cursor", callback, init=False)
        self._announce_moves = False

    async def _on_click(self, event: events.Click) -> None:
        if self.on_bar(event):
            return  # the scroll bar's click (see widgets.scroll_bar)
        index = (event.y + int(self.scroll_offset.y)) // ROW_HEIGHT
        if 0 <= index < len(self._rows):
            self.cursor = index
            self._row_clicked(event.chain)

    def _row_clicked(self, chain: int) -> None:
        """A click (`chain` 2 for a double click) put the cursor on a row."""

    # --- drawing -------------------------------------------------------------------

    def _scroll_to_cursor(self) -> None:
        top, y = self.scroll_y, self.cursor * ROW_HEIGHT
        if top == self.scroll_target_y and top <= y and (
                y + ROW_HEIGHT <= top + self.scrollable_content_region.height):
            return  # in sight already: nothing to work out
        if self._rows:
            self.scroll_to_region(
                Region(0, self.cursor * ROW_HEIGHT, 1, ROW_HEIGHT), animate=False, force=True
            )

    def prepare_row(self, index: int) -> None:
        """Draw, without showing them, the lines the view will show with the cursor on
        row `index` (the list scrolled to it if it must): the row under the cursor,
        the one it leaves, and every line beside the scroll bar's cells as they will
        be. Moving the cursor there then finds them drawn (styled and filtered as a
        frame shows them)."""
        if not 0 <= index < len(self._rows):
            return
        width = self._row_width()
        state = "focused" if self.has_focus else "blurred"
        finish = self._finishing()
        rows, top = self.scrollable_content_region.height, int(self.scroll_offset.y)
        if index * ROW_HEIGHT < top:
            top = index * ROW_HEIGHT
        elif (index + 1) * ROW_HEIGHT > top + rows:
            top = (index + 1) * ROW_HEIGHT - rows
        bar = self._bar(top)
        shown = self._shown_for((width, _widths(finish))) if finish is not None else None
        for y in range(rows):
            at, part = divmod(top + y, ROW_HEIGHT)
            if not 0 <= at < len(self._rows):
                continue
            row, cell = self._rows[at], bar[y] if bar is not None else None
            row_state = state if at == index else ""
            if shown is not None and finish is not None:
                self._shown_line(shown, y, row, part, row_state, cell, width, finish)
            else:
                self._row_line(row, part, width, row_state)

    # --- lines as a frame shows them -----------------------------------------------
    #
    # Textual styles a widget's line (its border, padding, the app's colour filters)
    # each time the line is dirty, and a cursor move makes four lines dirty. Here the
    # styled line is kept with the row's line it was made from, so a row drawn before
    # (or prepared) costs a look-up, with the very same cells.

    def _finishing(self) -> tuple[object, ...] | None:
        """What styling a line depends on (None: styles this view leaves to Textual)."""
        styles = self.styles
        if (styles.gutter.top or styles.gutter.bottom or styles.tint.a
                or any(edge for edge, _ in styles.outline) or styles.has_rule("hatch")
                or self.opacity != 1.0 or styles.text_opacity != 1.0
                or self._border_title is not None or self._border_subtitle is not None
                or (self.auto_links and self.hover_style._link_id)):
            return None
        app = self.app
        base_background, background = background_colors(self)
        finish = (self.region.size, self.content_region.size, styles.padding, base_background,
                  background, styles.border, tuple(self.get_line_filters()),
                  id(app.ansi_theme), app.native_ansi_color)
        if finish != self._finish:
            # A line's styling does not depend on the view's height (with no border or
            # padding above or below it): a line shown, then hidden, under the list (a
            # confirmation) keeps the lines made.
            if _widths(finish) != _widths(self._finish):
                self._finished.clear()
            self._finish = finish
        return self._finish

    def _finished_line(self, y: int, content: Strip | None,
                       finish: tuple[object, ...]) -> Strip:
        """Line `y` made from `content` (None: below the content) as Textual's styles
        make it, filters applied; kept with `content`."""
        key = id(content)
        kept = self._finished.get(key)
        if kept is not None and kept[0] is content:
            return kept[1]
        size, content_size, padding, base_background, background, _, filters, _, _ = finish
        app = self.app
        strip = self._styles_cache.render_line(
            self.styles, y, size, content_size, padding, base_background,  # type: ignore[arg-type]
            background, lambda _: content, None, None, 1.0, app.ansi_theme,  # type: ignore[arg-type]
            app.native_ansi_color)
        for line_filter in filters:  # type: ignore[attr-defined]
            strip = strip.apply_filter(line_filter, background)  # type: ignore[arg-type]
        self._finished[key] = (content, strip)
        return strip

    def render_lines(self, crop: Region) -> list[Strip]:
        finish = self._finishing()
        if finish is None:
            return super().render_lines(crop)
        # (What each line asks for, worked out once for the pass.)
        content_height = self.content_region.height
        self._keep_lines(SCREENS_KEPT * content_height)
        width, top = self._row_width(), int(self.scroll_offset.y)
        focused, line, finished_line = self.has_focus, self._line, self._finished_line
        bar = self._bar()
        rows, cursor, shown_line = self._rows, self.cursor, self._shown_line
        shown = self._shown_for((width, _widths(finish)))
        strips = []
        for y in crop.line_range:
            index, part = divmod(y + top, ROW_HEIGHT)
            cell = bar[y] if bar is not None else None
            if y < content_height and 0 <= index < len(rows):
                state = ("focused" if focused else "blurred") if index == cursor else ""
                strips.append(shown_line(shown, y, rows[index], part, state, cell, width,
                                         finish))
                continue
            strip = line(y, width, top, focused) if y < content_height else None
            if strip is not None and cell is not None:
                strip = self._joined(strip, cell)
            strips.append(finished_line(y, strip, finish))
        if crop.column_span != (0, self.region.width):
            x1, x2 = crop.column_span
            strips = [strip.crop(x1, x2) for strip in strips]
        return strips

    def _shown_line(self, shown: dict[tuple[int, int, str, int],
                                      tuple[Row, Strip | None, Strip]],
                    y: int, row: Row, part: int, state: str, cell: Strip | None, width: int,
                    finish: tuple[object, ...]) -> Strip:
        """Line `part` of `row` (the cursor's `state` on it) with the scroll bar's `cell`
        beside it on line `y`, as a frame shows it: found in `shown` (see `_shown_for`)
        with one look-up, by the row's identity (rows are values: a changed one is
        another object), else made and kept there."""
        key = (id(row), part, state, id(cell))
        kept = shown.get(key)
        if kept is None or kept[0] is not row or kept[1] is not cell:
            strip = self._row_line(row, part, width, state)
            if cell is not None:
                strip = self._joined(strip, cell)
            kept = shown[key] = (row, cell, self._finished_line(y, strip, finish))
        return kept[2]

    def _shown_for(self, look: tuple[object, ...]) -> dict[tuple[int, int, str, int],
                                                          tuple[Row, Strip | None, Strip]]:
        """The lines as frames showed them (see `render_lines`), for rows `look[0]` wide
        styled as `look[1]` says (whatever the list's height, as `_finishing` keeps
        them): forgotten when either changes, or when they are many."""
        if look != self._shown_look or len(self._shown) > self._lines.maxsize:
            self._shown_look = look
            self._shown = {}
        return self._shown

    def _keep_lines(self, kept: int) -> None:
        """Keep at least `kept` lines of each kind (see `SCREENS_KEPT`); as many as
        `_lines` keeps, those as frames showed them too (see `_shown_for`)."""
        if kept > self._lines.maxsize:
            for lines in (self._lines, self._finished, self._with_bar):
                lines.grow(kept)

    def _refresh_rows(self, *indexes: int) -> None:
        """Draw these rows again, with one refresh (each is a repaint to hand on)."""
        top, width = int(self.scroll_offset.y), self.size.width
        self.refresh(*[Region(0, index * ROW_HEIGHT - top, width, ROW_HEIGHT)
                       for index in indexes])

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self._rows) * ROW_HEIGHT)
        self._scroll_to_cursor()

    def on_focus(self) -> None:
        self._refresh_rows(self.cursor)

    def on_blur(self) -> None:
        self._refresh_rows(self.cursor)

    def notify_style_update(self) -> None:
        # A theme change changes every colour: forget the rendered lines.
        self._lines.clear()
        self._finished.clear()
        self._shown = {}
        super().notify_style_update()

    def _style(self, name: str) -> Style:
        return self.get_visual_style(f"{self.COMPONENT_PREFIX}--{name}").rich_style

    def render_line(self, y: int) -> Strip:
        line = self._line(y, self._row_width(), int(self.scroll_offset.y), self.has_focus)
        bar = self._bar()
        if bar is not None and 0 <= y < len(bar):
            return self._joined(line, bar[y])
        return line

    def _line(self, y: int, width: int, top: int, focused: bool) -> Strip:
        """Line `y` for a view `width` cells wide scrolled to line `top`."""
        index, part = divmod(y + top, ROW_HEIGHT)
        if not self._rows and self._empty is not None:
            return self._empty_line(y, width)
        if not 0 <= index < len(self._rows):
            return Strip.blank(width, self.rich_style)
        state = ("focused" if focused else "blurred") if index == self.cursor else ""
        return self._row_line(self._rows[index], part, width, state)

    def _row_line(self, row: Row, part: int, width: int, state: str) -> Strip:
        """Line `part` of `row`, `width` cells wide, with the cursor's `state` on it ("" for
        a row without the cursor): drawn once and kept."""
        key = (row, part, width, state)
        strip = self._lines.get(key)
        if strip is None:
            strip = self._lines[key] = self._render_row_line(row, part, width, state)
        return strip

    def _empty_line(self, y: int, width: int) -> Strip:
        """Line `y` of the empty list's text, wrapped to the width after a space."""
        assert self._empty is not None
        lines = self._empty.wrap(max(1, width - 2)) if width > 2 else []
        if not 1 <= y <= len(lines):  # a blank line above it, as above a row
            return Strip.blank(width, self.rich_style)
        line = Content.assemble(" ", lines[y - 1])
        base = self.visual_style
        segments = [Segment(text, style.rich_style if style else None)
                    for text, style in line.render(base, end="", parse_style=self._get_style)]
        return Strip(segments).extend_cell_length(width, self.rich_style).crop(0, width)

    def _render_row_line(self, row: Row, part: int, width: int, state: str) -> Strip:
        if state == "focused":
            base = self._style("cursor")
        elif state == "blurred":
            base = self._style("cursor-blurred")
        else:
            base = self.rich_style
        line = self._row_text(row, part, width, state, base)
        line.truncate(width, overflow="ellipsis", pad=True)
        # Text.render applies the line's own style only when it has spans: give it one,
        # or an unstyled line comes out in the terminal's default colours (dark on a
        # light theme, and without the cursor's highlight).
        line.stylize_before(line.style)
        segments = list(line.render(self.app.console))
        return Strip(segments, width).extend_cell_length(width, base).crop(0, width)

    def _row_text(self, row: Row, part: int, width: int, state: str, base: Style) -> Text:
        """Line `part` (0 or 1) of `row` on `base` (the cursor's style, or the list's);
        `state` is "focused" or "blurred" on the cursor's row, else ""."""
        raise NotImplementedError


def _widths(finish: tuple[object, ...]) -> tuple[object, ...]:
    """A styling (see `TwoLineList._finishing`) without the view's heights."""
    if not finish:
        return finish
    size, content_size, *rest = finish
    return (cast(Size, size).width, cast(Size, content_size).width, *rest)
