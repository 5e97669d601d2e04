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

from textual.color import Color
from textual.containers import Horizontal, Vertical
from textual.dom import DOMNode, NoScreen
from textual.geometry import Offset, Region
from textual.messages import Update
from textual.strip import Strip
from textual.widget import Widget

# Background colours by the styles they are worked out from (see `background_colors`).
_BACKGROUNDS: dict[tuple[object, ...], tuple[Color, Color]] = {}
_BACKGROUNDS_KEPT = 256


def background_colors(node: DOMNode) -> tuple[Color, Color]:
    """`node.background_colors`, Textual's: the colours under it and its own, each of
    its ancestors' backgrounds laid over the last. Worked out once for each set of the
    styles they come from (the background, its tint and the opacity of the node and
    each ancestor), which are looked up each time: a frame asks every view it draws,
    and the blending cost more than the rest of drawing a view whose lines are
    ready."""
    key = tuple([(styles.background, styles.background_tint, styles.opacity)
                 for styles in [ancestor.styles for ancestor in node.ancestors_with_self]])
    colors = _BACKGROUNDS.get(key)
    if colors is None:
        if len(_BACKGROUNDS) >= _BACKGROUNDS_KEPT:
            _BACKGROUNDS.clear()
        colors = _BACKGROUNDS[key] = node.background_colors
    return colors


class KeptRender:
    """For a widget (put before its Textual base): its lines kept between frames.
    (Not a Widget itself: Textual takes a widget's default styles from its first
    widget base.)"""

    _kept_render: tuple[object, list[Strip]] | None = None

    def render_lines(self: Widget, crop: Region) -> list[Strip]:  # type: ignore[misc]
        key = (crop, self.region.size, tuple(self.get_line_filters()), background_colors(self),
               self.hover_style)
        kept = self._kept_render  # type: ignore[attr-defined]
        if kept is not None and kept[0] == key and not self._styles_cache._dirty_lines:
            return kept[1]  # type: ignore[no-any-return]
        lines = super().render_lines(crop)  # type: ignore[misc]
        self._kept_render = (key, lines)  # type: ignore[attr-defined]
        return lines  # type: ignore[no-any-return]


class _Unpainted:
    """For a container (put before its Textual base) that only places its children: it
    is left out of every frame (`visibility: hidden` on itself, `visible` on its
    children), so the compositor neither draws its lines nor cuts every line it
    covers at its edges and its children's. It must draw nothing of its own (no
    background, border or scroll bar): where its padding is, the screen's background
    shows, as it did through the container. `visible` still says whether its
    children are shown, and setting it shows or hides them all."""

    _children_shown = True

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        # Set on the widget itself, where no rule for its parent's children overrides it.
        self.styles.visibility = "hidden"  # type: ignore[attr-defined]

    @property
    def visible(self) -> bool:
        return self._children_shown

    @visible.setter
    def visible(self: Widget, value: bool) -> None:  # type: ignore[misc]
        self._children_shown = value  # type: ignore[attr-defined]
        for child in self.children:
            child.visible = value

    @property
    def _focus_sort_key(self: Widget) -> tuple[int, int]:  # type: ignore[misc]
        # Textual orders focus by where each widget is in its container, and knows that
        # only of the widgets it draws: this one is where its children are drawn.
        here, parent = _content_origin(self), self.parent
        if here is None or not isinstance(parent, Widget):
            return Widget._focus_sort_key.fget(self)  # type: ignore[attr-defined,no-any-return]
        origin = _content_origin(parent) or parent.content_region.offset
        return here.y - origin.y, here.x - origin.x


def _content_origin(widget: Widget) -> Offset | None:
    """The top left corner of a widget's content on the screen; for an unpainted one,
    of its children's (None when none of them is drawn)."""
    if not isinstance(widget, _Unpainted):
        return widget.content_region.offset
    regions = [child.region for child in widget.children if child.region]
    if not regions:
        return None
    return Offset(min(region.x for region in regions), min(region.y for region in regions))


class UnpaintedHorizontal(_Unpainted, Horizontal):
    """A `Horizontal` left out of the frames: only its children are drawn."""

    DEFAULT_CSS = """
    UnpaintedHorizontal > * { visibility: visible; }
    """


class UnpaintedVertical(_Unpainted, Vertical):
    """A `Vertical` left out of the frames: only its children are drawn."""

    DEFAULT_CSS = """
    UnpaintedVertical > * { visibility: visible; }
    """


class ScreenRepaint:
    """For a widget (put before its Textual base) that repaints on every key press: a
    repaint is handed to its screen as an update message at once, as the widget's own
    message loop would hand it once it next ran (`Widget._check_refresh`), rather than
    by waking that loop first: one turn of the event loop less per widget before each
    frame. The screen takes the message after whatever it is doing (a frame being
    drawn included), as it takes every widget's. A refresh that lays out, recomposes
    or scrolls, or one before the widget is on a screen, goes Textual's way.
    (Textual's own steps, named after them; textual is pinned.)"""

    def refresh(self: Widget, *regions: Region, repaint: bool = True,  # type: ignore[misc]
                layout: bool = False, recompose: bool = False) -> Widget:
        if (layout or recompose or not repaint or not self.is_mounted or self._closing
                or self._layout_required or self._scroll_required
                or self._refresh_styles_required or not self.display):
            return super().refresh(  # type: ignore[misc,no-any-return]
                *regions, repaint=repaint, layout=layout, recompose=recompose)
        try:
            screen = self.screen
        except NoScreen:
            return super().refresh(*regions)  # type: ignore[misc,no-any-return]
        # What `Widget.refresh` does for a repaint...
        self._layout_cache.clear()
        self._set_dirty(*regions)
        self.clear_cached_dimensions()
        self._rich_style_cache.clear()
        # ... and what its message loop's `_check_refresh` would do next.
        screen.post_message(Update(self))
        return self
