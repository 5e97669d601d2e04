"""Textual's vertical scroll bar, drawn by the view it scrolls, in the view's own lines.

Textual draws a scroll bar as a widget of its own beside the view's lines: on
every key press that scrolls the list (or shows a message of another length)
it was one more widget to wake, draw and put on the screen, and its column cut
every line of the view in two where the frame is put together. A view with a
`DrawnScrollBar` (and `overflow-y: hidden`, so Textual draws none) joins the
bar's cell to each of its lines instead: the same cells Textual's bar draws at
every thumb position (track, thumb and its partly filled ends, in the hover and
dragged colours too), each made once and kept. The mouse works as on Textual's:
a click on the track pages up or down, the thumb is dragged.
"""

from __future__ import annotations

from math import ceil

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.cache import LRUCache
from textual.geometry import Offset, Region
from textual.scrollbar import ScrollBarRender
from textual.strip import Strip
from textual.widget import Widget

from widgets.kept_render import background_colors

BARS = ScrollBarRender.VERTICAL_BARS
EIGHTHS = len(BARS)
Cell = object  # "above", "below", "thumb", ("start", n), ("end", n), or "track"


def bar_position(scrolled: float) -> float:
    """A scroll position as a bar takes it: to an eighth of a line, as
    `ScrollBar.validate_position` rounds it."""
    return int(scrolled * EIGHTHS) / EIGHTHS


def thumb_eighths(size: int, virtual: int, window: int,
                  position: float) -> tuple[int, int] | None:
    """Where `ScrollBarRender.render_bar` puts the thumb of a bar `size` cells long,
    in eighths of a cell (None: no thumb, the track alone)."""
    window = window if window < virtual else 0
    if not (window and size and virtual and size != virtual):
        return None
    thumb_size = max(1, window / (virtual / size))
    at = (size - thumb_size) * (position / (virtual - window))
    start = int(at * EIGHTHS)
    return start, start + ceil(thumb_size * EIGHTHS)


def bar_cells(size: int, thumb: tuple[int, int] | None) -> list[Cell]:
    """What each cell of the bar shows, as `ScrollBarRender.render_bar` fills them in:
    the track above or below the thumb (each pages its own way when clicked), the
    thumb, or the thumb's partly filled first or last cell."""
    if thumb is None:
        return ["track"] * size
    start_index, start_bar = divmod(max(0, thumb[0]), EIGHTHS)
    end_index, end_bar = divmod(max(0, thumb[1]), EIGHTHS)
    cells: list[Cell] = []
    for y in range(size):
        if y == end_index and BARS[EIGHTHS - 1 - end_bar] != " ":
            cells.append(("end", end_bar))
        elif y == start_index and BARS[EIGHTHS - 1 - start_bar] != " ":
            cells.append(("start", start_bar))
        elif start_index <= y < end_index:
            cells.append("thumb")
        else:
            cells.append("below" if y >= end_index else "above")
    return cells


def cell_segment(cell: Cell, base: Style, back: object, bar: object,
                 thickness: int = 1) -> Segment:
    """One cell as `ScrollBarRender.render_bar` draws it, on the view's `base` style
    (the mouse actions it names are the view's to handle: see `DrawnScrollBar`)."""
    if cell == "thumb":
        style = Style(color=bar, reverse=True)  # type: ignore[arg-type]
        text = " "
    elif isinstance(cell, tuple):
        which, eighths = cell
        style = (Style(bgcolor=back, color=bar, reverse=True) if which == "end"  # type: ignore[arg-type]
                 else Style(bgcolor=back, color=bar))  # type: ignore[arg-type]
        text = BARS[EIGHTHS - 1 - eighths]
    else:
        style = Style(bgcolor=back)  # type: ignore[arg-type]
        text = " "
    return Segment(text * thickness, base + style)


class DrawnScrollBar:
    """For a scrolling view (put before its Textual base, with `overflow-y: hidden`):
    its vertical scroll bar drawn in its last column by the view itself (see the
    module's notes). The view joins `drawn_bar(...)`'s cells to its lines and asks
    `on_bar` before acting on a click."""

    _bar_grab: tuple[int, float] | None = None  # (screen row taken at, scroll position)
    _bar_hover = False
    _bar_kept: LRUCache[object, list[Strip]] | None = None
    _bar_made: dict[object, Strip] | None = None
    _bar_colours: dict[tuple[bool, bool], Style] | None = None
    # Each line joined with its bar cell (see `_joined`), by (the line's id, the cell's
    # id): made by the view, of the size it needs.
    _with_bar: LRUCache[tuple[int, int], tuple[Strip, Strip, Strip]]

    def _joined(self, line: Strip, cell: Strip) -> Strip:
        """`line` with the bar's `cell` after it, made once per line and cell (kept with
        the two it was made of: an id is used again once its object is gone)."""
        key = (id(line), id(cell))
        kept = self._with_bar.get(key)
        if kept is None or kept[0] is not line or kept[1] is not cell:
            kept = self._with_bar[key] = (line, cell, Strip.join([line, cell]))
        return kept[2]

    def notify_style_update(self) -> None:
        # New colours (a theme change): the bar's cells, and the lines joined with them,
        # are made again.
        self._with_bar.clear()
        self._bar_kept = self._bar_made = self._bar_colours = None
        super().notify_style_update()  # type: ignore[misc]

    def bar_width(self: Widget) -> int:  # type: ignore[misc]
        """The bar's width (`scrollbar-size-vertical`)."""
        return self.styles.scrollbar_size_vertical

    def bar_style(self: Widget) -> Style:  # type: ignore[misc]
        """The thumb's and track's colours, as `ScrollBar.render` works them out; kept
        until the view's styles change (`notify_style_update`, as Textual keeps the
        view's own visual style)."""
        which = (self._bar_grab is not None, self._bar_hover)  # type: ignore[attr-defined]
        kept = self._bar_colours  # type: ignore[attr-defined]
        if kept is None:
            kept = self._bar_colours = {}  # type: ignore[attr-defined]
        colours = kept.get(which)
        if colours is None:
            colours = kept[which] = self._work_out_bar_style()  # type: ignore[attr-defined]
        return colours  # type: ignore[no-any-return]

    def _work_out_bar_style(self: Widget) -> Style:  # type: ignore[misc]
        styles = self.styles
        if self._bar_grab is not None:  # type: ignore[attr-defined]
            background = styles.scrollbar_background_active
            color = styles.scrollbar_color_active
        elif self._bar_hover:  # type: ignore[attr-defined]
            background = styles.scrollbar_background_hover
            color = styles.scrollbar_color_hover
        else:
            background = styles.scrollbar_background
            color = styles.scrollbar_color
        if background.a < 1:
            base_background, _ = background_colors(self)
            background = base_background + background
        color = background + color
        return Style.from_color(color.rich_color, background.rich_color)

    def drawn_bar(self: Widget, size: int, virtual: int,  # type: ignore[misc]
                  position: float) -> list[Strip]:
        """The bar's cell on each of its `size` rows, for `virtual` lines in a view of
        `size` scrolled to `position`: the lines Textual's bar would draw."""
        position = bar_position(position)
        thumb = (None if self.screen.styles.scrollbar_color.a == 0
                 else thumb_eighths(size, virtual, size, position))
        colours = self.bar_style()  # type: ignore[attr-defined]
        base = self.visual_style.rich_style  # (Textual keeps it until the styles change)
        thickness = self.bar_width()  # type: ignore[attr-defined]
        key = (size, thumb, colours, base, thickness)
        kept: LRUCache[object, list[Strip]] | None = self._bar_kept  # type: ignore[attr-defined]
        if kept is None:
            kept = self._bar_kept = LRUCache(64)  # type: ignore[attr-defined]
        strips = kept.get(key)
        if strips is None:
            # Each kind of cell made once for these colours, whatever the thumb's place:
            # the same cell is the same strip, so a line joined with it before (and
            # finished for the frame) is found again.
            made = self._bar_made  # type: ignore[attr-defined]
            if made is None or len(made) > 256:
                made = self._bar_made = {}  # type: ignore[attr-defined]
            back, bar = colours.bgcolor, colours.color
            strips = []
            for cell in bar_cells(size, thumb):
                which = (cell, colours, base, thickness)
                strip = made.get(which)
                if strip is None:
                    strip = made[which] = Strip(
                        [cell_segment(cell, base, back, bar, thickness)], thickness)
                strips.append(strip)
            kept[key] = strips
        return strips

    # --- the mouse, as on Textual's bar ------------------------------------------------

    def bar_shown(self: Widget) -> bool:  # type: ignore[misc]
        """Whether the bar is drawn now (a view says when: see TwoLineList, LinesView)."""
        raise NotImplementedError

    def _bar_row(self: Widget, offset: Offset | None) -> int | None:  # type: ignore[misc]
        """The row of the bar at `offset` (in the view's content), None off the bar."""
        if offset is None or not self.bar_shown():  # type: ignore[attr-defined]
            return None
        region = self.scrollable_content_region
        if not region.width - self.bar_width() <= offset.x < region.width or not (  # type: ignore[attr-defined]
                0 <= offset.y < region.height):
            return None
        return offset.y

    def on_bar(self: Widget, event: events.MouseEvent) -> bool:  # type: ignore[misc]
        """Whether the mouse event is on the drawn bar (the view's own click handling
        leaves it alone, as Textual's bar keeps its clicks from the view)."""
        return self._bar_row(event.get_content_offset(self)) is not None  # type: ignore[attr-defined,no-any-return]

    def _bar_thumb(self: Widget) -> tuple[int, int] | None:  # type: ignore[misc]
        """The thumb's first and last row + 1, as drawn now."""
        size = self.scrollable_content_region.height
        position = bar_position(self.scroll_y)
        thumb = thumb_eighths(size, self.virtual_size.height, size, position)
        if thumb is None:
            return None
        return thumb[0] // EIGHTHS, ceil(thumb[1] / EIGHTHS)

    def _refresh_bar(self: Widget) -> None:  # type: ignore[misc]
        region = self.scrollable_content_region
        width = self.bar_width()  # type: ignore[attr-defined]
        x = region.x - self.region.x + region.width - width
        self.refresh(Region(x, region.y - self.region.y, width, region.height))

    async def _on_mouse_down(self: Widget, event: events.MouseDown) -> None:  # type: ignore[misc]
        row = self._bar_row(event.get_content_offset(self))  # type: ignore[attr-defined]
        if row is None:
            return
        event.stop()
        thumb = self._bar_thumb()  # type: ignore[attr-defined]
        if thumb is None:
            return
        if thumb[0] <= row < thumb[1]:
            self._bar_grab = (event.screen_y, bar_position(self.scroll_y))  # type: ignore[attr-defined]
            self.capture_mouse()
            self._refresh_bar()  # type: ignore[attr-defined]
        elif row < thumb[0]:
            self.scroll_page_up()
        else:
            self.scroll_page_down()

    async def _on_mouse_move(self: Widget, event: events.MouseMove) -> None:  # type: ignore[misc]
        grab = self._bar_grab  # type: ignore[attr-defined]
        if grab is not None:
            window = self.scrollable_content_region.height
            if window:
                y = grab[1] + (event.screen_y - grab[0]) * (self.virtual_size.height / window)
                self.scroll_to(y=y, animate=not self.app.supports_smooth_scrolling,
                               duration=0.1)
            event.stop()
            return
        hover = self._bar_row(event.get_content_offset(self)) is not None  # type: ignore[attr-defined]
        if hover != self._bar_hover:  # type: ignore[attr-defined]
            self._bar_hover = hover  # type: ignore[attr-defined]
            self._refresh_bar()  # type: ignore[attr-defined]

    async def _on_mouse_up(self: Widget, event: events.MouseUp) -> None:  # type: ignore[misc]
        if self._bar_grab is not None:  # type: ignore[attr-defined]
            self._bar_grab = None  # type: ignore[attr-defined]
            self.release_mouse()
            self._refresh_bar()  # type: ignore[attr-defined]
            event.stop()

    def _on_leave(self: Widget, event: events.Leave) -> None:  # type: ignore[misc]
        if self._bar_hover:  # type: ignore[attr-defined]
            self._bar_hover = False  # type: ignore[attr-defined]
            self._refresh_bar()  # type: ignore[attr-defined]
