"""Widgets whose lines, unchanged since the last frame, are handed back as they were.

Textual's compositor asks every widget in the part of the screen a frame redraws
for all of its lines, changed or not: on each key press the screen, the panes
holding the list and the detail, the footer and the summary bar styled and
filtered every one of their lines again, a cost per widget whatever it showed.
A `KeptRender` widget hands back the lines it gave last time while Textual has
marked none of them to be drawn again (it does whenever the widget must be: new
content, new styles, a new size) and nothing else they are made from changed.
"""

from __future__ import annotations

from textual.containers import Horizontal, Vertical
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget


class KeptRender:
    """For a widget (put before its Textual base): its lines kept between frames.
    (Not a Widget itself: Textual takes a widget's default styles from its first
    widget base.)"""

    _kept_render: tuple[object, list[Strip]] | None = None

    def render_lines(self: Widget, crop: Region) -> list[Strip]:  # type: ignore[misc]
        key = (crop, self.region.size, tuple(self.get_line_filters()), self.background_colors,
               self.hover_style)
        kept = self._kept_render  # type: ignore[attr-defined]
        if kept is not None and kept[0] == key and not self._styles_cache._dirty_lines:
            return kept[1]  # type: ignore[no-any-return]
        lines = super().render_lines(crop)  # type: ignore[misc]
        self._kept_render = (key, lines)  # type: ignore[attr-defined]
        return lines  # type: ignore[no-any-return]


class KeptHorizontal(KeptRender, Horizontal):
    """A `Horizontal` whose lines are kept between frames."""


class KeptVertical(KeptRender, Vertical):
    """A `Vertical` whose lines are kept between frames."""
