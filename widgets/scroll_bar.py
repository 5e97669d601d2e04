"""Textual's vertical scroll bar, its lines kept per thumb position.

A view whose text changes on every key press (the message under the list's
cursor, a new length each time) has its scroll bar drawn again cell by cell on
every press, and so has a list that scrolls a row: that cost more than the
lines that changed. This bar draws the same cells Textual's does, and keeps
them: for each position and size of the thumb it has drawn, and for each kind
of cell (the track above or below the thumb, the thumb, its partly filled ends),
so a thumb at a new place is put together from cells drawn before. Mouse and
scroll behaviour are Textual's own (the same widget, only its drawing is kept).
"""

from __future__ import annotations

from math import ceil

from rich.style import Style
from textual.cache import LRUCache
from textual.geometry import Region
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip
from textual.widget import Widget

KEPT = 16  # thumb positions kept per bar


class KeptScrollBar(ScrollBar):
    """A vertical `ScrollBar` whose rendered lines are kept by what they show."""

    def __init__(self, vertical: bool = True, name: str | None = None, *,
                 thickness: int = 1) -> None:
        super().__init__(vertical=vertical, name=name, thickness=thickness)
        self._kept: LRUCache[object, list[Strip]] = LRUCache(KEPT)
        # Each kind of cell as drawn, by (what every cell depends on, the kind): see
        # `_cells`.
        self._cell_lines: LRUCache[object, Strip] = LRUCache(64)

    def _bar_style(self) -> Style:
        """The thumb's and track's colours, as `ScrollBar.render` works them out."""
        assert self.parent is not None
        styles = self.parent.styles
        if self.grabbed:
            background = styles.scrollbar_background_active
            color = styles.scrollbar_color_active
        elif self.mouse_over:
            background = styles.scrollbar_background_hover
            color = styles.scrollbar_color_hover
        else:
            background = styles.scrollbar_background
            color = styles.scrollbar_color
        if background.a < 1:
            base_background, _ = self.parent.background_colors
            background = base_background + background
        color = background + color
        return Style.from_color(color.rich_color, background.rich_color)

    def _thumb(self, size: int) -> tuple[int, int] | None:
        """Where `ScrollBarRender.render_bar` puts the thumb, in eighths of a cell
        (None: no thumb, the track alone)."""
        window_size = ceil(self.window_size if self.window_size < self.window_virtual_size
                           else 0)
        virtual_size = ceil(self.window_virtual_size)
        if not (window_size and size and virtual_size and size != virtual_size):
            return None
        eighths = len(ScrollBarRender.VERTICAL_BARS)
        thumb_size = max(1, window_size / (virtual_size / size))
        position = (size - thumb_size) * (self.position / (virtual_size - window_size))
        start = int(position * eighths)
        return start, start + ceil(thumb_size * eighths)

    def _cells(self, size: int, thumb: tuple[int, int] | None) -> list[object]:
        """What each cell of the bar shows, as `ScrollBarRender.render_bar` fills them
        in: the track above or below the thumb (each scrolls its own way when
        clicked), the thumb, or the thumb's partly filled first or last cell."""
        if thumb is None:
            return ["track"] * size
        bars = ScrollBarRender.VERTICAL_BARS
        eighths = len(bars)
        start_index, start_bar = divmod(max(0, thumb[0]), eighths)
        end_index, end_bar = divmod(max(0, thumb[1]), eighths)
        cells: list[object] = []
        for y in range(size):
            if y == end_index and bars[eighths - 1 - end_bar] != " ":
                cells.append(("end", end_bar))
            elif y == start_index and bars[eighths - 1 - start_bar] != " ":
                cells.append(("start", start_bar))
            elif start_index <= y < end_index:
                cells.append("thumb")
            else:
                cells.append("below" if y >= end_index else "above")
        return cells

    def render_lines(self, crop: Region) -> list[Strip]:
        if not self.vertical or self.parent is None:
            return super().render_lines(crop)
        height = self.size.height
        thumb = None if self.screen.styles.scrollbar_color.a == 0 else self._thumb(height)
        # What every cell depends on but its place on the bar.
        style = (crop.column_span, self.size.width, self._bar_style(), self.rich_style,
                 tuple(self.get_line_filters()), self.thickness)
        key = (crop, height, thumb, style)
        lines = self._kept.get(key)
        if lines is not None:
            return lines
        # A thumb at a new place (the list scrolled): its cells were mostly drawn for
        # other places already.
        cells = self._cells(height, thumb)
        wanted = [(style, cells[y] if 0 <= y < height else None) for y in crop.line_range]
        if all(cell in self._cell_lines for cell in wanted):
            lines = [self._cell_lines[cell] for cell in wanted]
        else:
            lines = super().render_lines(crop)
            for cell, line in zip(wanted, lines, strict=True):
                self._cell_lines[cell] = line
        self._kept[key] = lines
        return lines

    def notify_style_update(self) -> None:
        self._kept.clear()
        self._cell_lines.clear()
        super().notify_style_update()


class KeptScrollBars:
    """For a scrolling widget (put before its Textual base): its vertical scroll bar
    is a `KeptScrollBar`. (Not a Widget itself: Textual takes a widget's default
    styles from its first widget base.)"""

    @property
    def vertical_scrollbar(self: Widget) -> ScrollBar:  # type: ignore[misc]
        # As `Widget.vertical_scrollbar`, with the kept bar.
        if self._vertical_scrollbar is not None:
            return self._vertical_scrollbar
        self._vertical_scrollbar = scroll_bar = KeptScrollBar(
            vertical=True, name="vertical", thickness=self.scrollbar_size_vertical)
        scroll_bar.display = False
        self.app._start_widget(self, scroll_bar)
        return scroll_bar
