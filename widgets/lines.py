"""A scrolling view of styled lines, drawn with the line API.

Widgets that size themselves to their content (a Static with `height: auto`,
an OptionList) make Textual measure them, and lay out the whole screen again,
every time their content changes: with a dozen of them in the detail pane that
was most of what a key press cost. A `LinesView` is given its text as blocks,
wraps them itself for its width, and draws only the lines on screen, each
rendered once. New text of the same length costs a repaint of the view alone;
only a change that shows or hides its scroll bar (or, with `height: auto`,
changes its height) asks for a layout.

Text can be laid out ahead, while the app is idle (`prepare`): given the same
key later, `set_blocks` swaps in those lines and their rendered strips instead
of wrapping and drawing them while the user waits.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual._border import get_box, render_row
from textual.cache import LRUCache
from textual.color import Color
from textual.content import Content
from textual.filter import LineFilter
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style as TextualStyle
from textual.widget import Widget
from textual.widgets import Static

from widgets.kept_render import ScreenRepaint, background_colors
from widgets.scroll_bar import DrawnScrollBar


@dataclass(frozen=True, slots=True)
class Block:
    """Text for a `LinesView`: wrapped to the width (`wrap`) or cut with an ellipsis,
    indented by `indent` cells, with `style` under every cell of its lines (a
    background that runs to the right edge)."""

    content: Content
    wrap: bool = True
    indent: int = 0
    style: str = ""
    gutter: Content | None = None  # drawn in the first cell of each line, before the indent


@dataclass(slots=True)
class _Layout:
    """Blocks wrapped for one width, and the strips drawn for them so far."""

    lines: list[Content]
    pinned: list[Content]
    starts: list[int]
    strips: dict[int | str, Strip]


class _FrameLook(NamedTuple):
    """What a frame does to a view's lines depends on (see `LinesView._in_frame`)."""

    base_background: Color
    background: Color
    inner: RichStyle
    width: int  # of the content
    left: int  # padding
    right: int
    filters: tuple[LineFilter, ...]


class LinesView(ScreenRepaint, DrawnScrollBar, ScrollView):
    """Blocks of text, wrapped for the width, scrolled, and drawn a line at a time.

    With `OWN_SCROLL_BAR` the view draws its scroll bar itself, in its last
    column, kept for it whether the text overflows or not (set `overflow-y:
    hidden`): showing or hiding Textual's scroll bar lays the whole screen out
    again, which a view whose length changes on every key press cannot afford.
    With `TEXTUAL_BAR` too, the bar is Textual's, cell for cell, and the mouse
    drags it (see `widgets.scroll_bar`); without, a plain thumb on a track.
    """

    OWN_SCROLL_BAR = False
    TEXTUAL_BAR = False
    # Each line filled to the width with spaces in the view's text style, or (False)
    # left short: the rest of its row shows the view's background only, as a Static's.
    PAD_LINES = True
    # How many laid-out texts are kept by key (see `prepare`): the one on show and
    # those around it (the interviews before and after the cursor, and a marked
    # item's states: before, saving, after and back). Each holds its lines drawn,
    # and what the frames made of them: at 4, marking done and undone laid out
    # again at every save.
    LAYOUTS_KEPT = 6

    DEFAULT_CSS = """
    LinesView {
        height: 1fr;
        overflow-x: hidden;
    }
    """

    def __init__(self, *, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._blocks: tuple[Block, ...] = ()
        self._pinned_blocks: tuple[Block, ...] = ()
        self._lines: list[Content] = []
        self._starts: list[int] = []  # the first line of each block
        # Lines kept in sight at the bottom of the view, under the scrolled ones.
        self._pinned: list[Content] = []
        self._laid_out_for = -1  # the width `_lines` were wrapped for
        self._strips: dict[int | str, Strip] = {}
        # Texts laid out by key, each for the width it was wrapped for (see `prepare`).
        self._layouts: LRUCache[tuple[object, int], _Layout] = LRUCache(self.LAYOUTS_KEPT)
        # With OWN_SCROLL_BAR: each line's strip joined with its scroll bar cell, by
        # (the strip's id, the cell's id), and the strip and cell it was joined from;
        # as many as the kept layouts have lines in sight (see `_keep_made`).
        self._with_bar: LRUCache[tuple[int, int], tuple[Strip, Strip, Strip]] = LRUCache(
            self.LAYOUTS_KEPT)
        self._bar_cell_strips: dict[str, Strip] = {}  # the plain bar's cells, by style
        # Lines with room at their sides (see `_padded`), with the line they were made of.
        # As many as the kept layouts have lines in sight (see `_keep_made`).
        self._padded_lines: LRUCache[tuple[object, ...], tuple[Strip, Strip]] = LRUCache(
            self.LAYOUTS_KEPT)
        self._pass: tuple[int, int, int, list[Strip] | None] | None = None
        self._drew_bare = False  # the last pass drew its lines itself (see `_render_bare`)
        self._rule_made: tuple[object, Strip] | None = None  # see `_rule`

    # --- text in -----------------------------------------------------------------

    def set_blocks(self, blocks: Sequence[Block], *, scroll_home: bool = False,
                   pinned: Sequence[Block] = (), key: object = None) -> None:
        """Show `blocks`, and `pinned` under them at the bottom of the view, always in
        sight; the view repaints, and lays out only if it must.

        `key` names the text (the same key, the same blocks): text laid out ahead
        under that key (`prepare`) is swapped in as it is, and the text shown now is
        kept, so coming back to it costs no layout either."""
        self._blocks = tuple(blocks)
        self._pinned_blocks = tuple(pinned)
        pinned_before = len(self._pinned)
        # The view's place and size do not change in here (only a layout changes them,
        # and none runs in between): looked up once, not at every step.
        region, size = self.scrollable_content_region, self.size
        scrolled = self.scroll_offset.y
        old_height = self.virtual_size.height
        width = self._width(region)
        view = region.height
        layout = self._layouts.get((key, width)) if key is not None else None
        changed = self._lay_out(width, layout, view)
        if key is not None and width > 0 and layout is None:
            self._layouts[(key, width)] = _Layout(self._lines, self._pinned, self._starts,
                                                  self._strips)
        if scroll_home and (self.scroll_y or self.scroll_target_y):
            self.scroll_to(y=0, animate=False, immediate=True)
        # A scroll bar drawn here moves its thumb when the length changes: its column
        # is drawn again, with the lines that changed.
        thumb_moved = self.OWN_SCROLL_BAR and old_height != self.virtual_size.height and (
            max(old_height, self.virtual_size.height) > view)
        if changed is None or scrolled != self.scroll_offset.y:
            self.refresh()
            return
        # Only the lines whose text or styles changed are drawn again: moving to an
        # interview much like the last one redraws a few lines, not the whole view.
        top = int(self.scroll_offset.y)
        pinned_at = view - len(self._pinned)
        rows: set[int] = set()
        if pinned_before != len(self._pinned):
            # The rows pinned lines were on, or now are on, show other lines: a note
            # that went (or came) must not stay behind on the rows of the scrolled text.
            rows.update(range(max(0, view - max(pinned_before, len(self._pinned))), view))
        for index in changed:
            y = pinned_at + (-1 - index) if index < 0 else index - top
            if 0 <= y < view and (index < 0 or y < pinned_at):
                rows.add(y)
        # One region per run of rows: each refresh has a cost of its own.
        width, regions, run = size.width, [], None
        for y in sorted(rows):
            if run is not None and y == run[0] + run[1]:
                run = (run[0], run[1] + 1)
            else:
                if run is not None:
                    regions.append(Region(0, run[0], width, run[1]))
                run = (y, 1)
        if run is not None:
            regions.append(Region(0, run[0], width, run[1]))
        if thumb_moved:
            right = region.x - self.region.x + region.width
            regions.append(Region(right - 1, region.y - self.region.y, 1, view))
        if regions:
            self.refresh(*regions)

    def prepare(self, key: object, blocks: Sequence[Block],
                pinned: Sequence[Block] = ()) -> None:
        """Lay out `blocks` (and `pinned`) for the current width and draw the lines
        that would be in sight, without showing them: `set_blocks` with the same key
        shows them later at the cost of a swap. Nothing on screen changes."""
        width = self._width()
        if key is None or width <= 0 or (key, width) in self._layouts:
            return
        lines: list[Content] = []
        starts: list[int] = []
        pinned_lines: list[Content] = []
        for block in blocks:
            starts.append(len(lines))
            lines += self._block_lines(block, width)
        for block in pinned:
            pinned_lines += self._block_lines(block, width)
        view = self.scrollable_content_region.height
        strips: dict[int | str, Strip] = {}
        for index, line in enumerate(lines[:max(0, view - len(pinned_lines))]):
            strips[index] = self._render(line, width)
        for index, line in enumerate(pinned_lines):
            strips[-1 - index] = self._render(line, width)
        layout = self._layouts[(key, width)] = _Layout(lines, pinned_lines, starts, strips)
        self._finish_ahead(layout, width, view)

    def _finish_ahead(self, layout: _Layout, width: int, view: int) -> None:
        """Take the lines in sight of a layout drawn ahead through what a frame does to
        them (the scroll bar's cell joined on, filled to the width, the app's line
        filters): each strip keeps what was made of it, so the frame that shows the
        layout finds every line made."""
        if view <= 0 or not self._bare():
            return
        look = self._frame_look()
        bar = self._bar_for(len(layout.lines) + len(layout.pinned), view, 0)
        pinned_at = view - len(layout.pinned)
        for y in range(view):
            index = -1 - (y - pinned_at) if layout.pinned and y >= pinned_at else y
            strip = layout.strips.get(index)
            if strip is None:
                strip = layout.strips[index] = self._render(None, width)
            if bar is not None:
                strip = self._joined(strip, bar[y])
            self._in_frame(strip, look)

    @property
    def line_count(self) -> int:
        return len(self._lines)

    def line_text(self, index: int) -> str:
        return self._lines[index].plain if 0 <= index < len(self._lines) else ""

    @property
    def text(self) -> str:
        """Everything the view holds, as plain text, a block a line (pinned ones last)."""
        return "\n".join(block.content.plain for block in (*self._blocks, *self._pinned_blocks))

    @property
    def first_block(self) -> str:
        """The first block's text, unwrapped."""
        return self._blocks[0].content.plain if self._blocks else ""

    def line_of(self, block: int) -> int | None:
        """The first line of block number `block` (None before the view has a width)."""
        return self._starts[block] if 0 <= block < len(self._starts) else None

    def block_at(self, line: int) -> int | None:
        """Which block line `line` belongs to."""
        if not 0 <= line < len(self._lines):
            return None
        return bisect_right(self._starts, line) - 1

    def scroll_to_line(self, index: int, height: int = 1) -> None:
        """Scroll just enough to show lines `index` to `index + height - 1`."""
        top = self.scroll_y
        if top == self.scroll_target_y and top <= index and (
                index + height <= top + self.scrollable_content_region.height):
            return  # in sight already
        self.scroll_to_region(Region(0, index, 1, height), animate=False, force=True,
                              immediate=True)

    # --- layout --------------------------------------------------------------------

    def _width(self, region: Region | None = None) -> int:
        """The width the lines are wrapped for (in `region`, the view's scrollable
        content region when it is known already)."""
        width = (region or self.scrollable_content_region).width
        return width - 1 if self.OWN_SCROLL_BAR else width

    @property
    def allow_vertical_scroll(self) -> bool:
        if self.OWN_SCROLL_BAR:
            return self.max_scroll_y > 0
        return super().allow_vertical_scroll

    def _lay_out(self, width: int, layout: _Layout | None = None,
                 view: int | None = None) -> set[int] | None:
        """Wrap the blocks for `width` (or take them as `layout` has them). Returns the
        indexes of the lines that differ from the ones shown before (pinned lines as
        -1, -2...), or None when everything must be drawn again (another width)."""
        lines: list[Content] = []
        pinned: list[Content] = []
        starts: list[int] = []
        ready: dict[int | str, Strip] = {}
        if layout is not None:
            lines, pinned, starts, ready = layout.lines, layout.pinned, layout.starts, \
                layout.strips
        elif width > 0:
            for block in self._blocks:
                starts.append(len(lines))
                lines += self._block_lines(block, width)
            for block in self._pinned_blocks:
                pinned += self._block_lines(block, width)
        old_strips = self._strips
        # A layout's own strips: drawn once, whichever time it is on show.
        self._strips = ready
        changed: set[int] | None = None
        if width == self._laid_out_for:
            changed = set()
            for old, new, key in ((self._lines, lines, lambda i: i),
                                  (self._pinned, pinned, lambda i: -1 - i)):
                for i, line in enumerate(new):
                    strip = old_strips.get(key(i))
                    if i < len(old) and strip is not None and _same(old[i], line):
                        self._strips.setdefault(key(i), strip)
                    else:
                        changed.add(key(i))
                changed.update(key(i) for i in range(len(new), len(old)))
        self._lines, self._pinned, self._starts = lines, pinned, starts
        self._laid_out_for = width
        self._set_height(len(lines) + len(pinned), width, view)
        return changed

    def _block_lines(self, block: Block, width: int) -> list[Content]:
        gutter = block.gutter
        lead = (gutter.cell_length if gutter is not None else 0) + block.indent
        room = max(1, width - lead)
        if block.wrap:
            parts = block.content.wrap(room) or [Content("")]
        else:
            parts = [block.content.split("\n")[0].truncate(room, ellipsis=True)]
        lines = []
        for part in parts:
            line = part.truncate(room, pad=self.PAD_LINES)
            if lead:
                line = Content.assemble(gutter or "", " " * block.indent, line)
            if block.style:
                line = line.stylize_before(block.style)
            lines.append(line)
        return lines

    def _set_height(self, height: int, width: int | None = None,
                    view: int | None = None) -> None:
        """Make the view `height` lines long (`width` and `view`, the width of its lines
        and the height of its scrollable region, when they are known already)."""
        size = Size(self._width() if width is None else width, height)
        if size == self.virtual_size:
            return
        if view is None:
            view = self.scrollable_content_region.height
        if not self.is_mounted or view <= 0:
            self.virtual_size = size
            return
        before, after = self.virtual_size.height > view, height > view
        if self.OWN_SCROLL_BAR:
            silent = True
        elif self.styles.height is not None and self.styles.height.is_auto:
            # The view is as tall as its lines up to its max-height: while the
            # lines overflow it before and after, its height stays the same.
            silent = before and after
        else:
            silent = before == after
        if silent:
            # The same height and the same scroll bar as before: no need to lay the
            # screen out again, only to repaint this view.
            self.set_reactive(Widget.virtual_size, size)
            if not self.OWN_SCROLL_BAR:
                self._scroll_update(size)
            else:
                self.scroll_y = self.validate_scroll_y(self.scroll_y)
        else:
            # A layout already under way (this can run from on_resize) would take
            # the request as its own and end without it: ask again after it.
            pending = self._layout_required
            self.virtual_size = size
            if pending:
                self.call_after_refresh(self.refresh, layout=True)

    def on_resize(self) -> None:
        if self._width() != self._laid_out_for:
            self._lay_out(self._width())
        else:
            self._set_height(len(self._lines) + len(self._pinned))

    def notify_style_update(self) -> None:
        # A theme change changes every colour: draw the lines again.
        self._strips.clear()
        self._layouts.clear()
        self._bar_cell_strips.clear()
        self._padded_lines.clear()
        super().notify_style_update()

    # --- drawing -------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        # What every line of this pass asks for (the width, the view's height, the
        # scroll bar's thumb), worked out once for the pass rather than per line.
        self._pass = self._geometry()
        try:
            if not self._bare():
                if self._drew_bare:
                    self._drew_bare = False
                    self._styles_cache.clear()  # its lines are older than ours
                return super().render_lines(crop)
            self._drew_bare = True
            return self._render_bare(crop)
        finally:
            self._pass = None

    def _bare(self) -> bool:
        """Whether the view's lines are drawn here rather than through Textual's styles
        cache: it has nothing around or over its lines (outline, tint, hatch or
        opacity) but, at most, a rule along its top and room at its sides (a border
        on the top edge alone, padding on the left and right), which are drawn here
        as the styles cache draws them (see `_render_bare`)."""
        styles = self.styles
        (right, _), (bottom, _), (left, _) = styles.border[1:]
        padding = styles.padding
        return (not right and not bottom and not left and not padding.top
                and not padding.bottom and not any(edge for edge, _ in styles.outline)
                and not styles.tint.a and self.opacity == 1.0 and styles.text_opacity == 1.0
                and not styles.has_rule("hatch") and self._border_title is None
                and self._border_subtitle is None)

    def _render_bare(self, crop: Region) -> list[Strip]:
        """What Textual's styles cache makes of the view's lines (the rule along its top,
        each line filled to the content's width in the background with the room at
        its sides, then through the app's line filters), made from the strips this
        view keeps: a strip seen before comes back from its own caches, where the
        styles cache would make every dirty line anew."""
        look = self._frame_look()
        self._keep_made(crop.height)
        render_line, in_frame = self.render_line, self._in_frame
        top = self.styles.gutter.top
        strips = [self._filtered(self._rule(look.base_background, look.background), look)
                  if y < top else in_frame(render_line(y - top), look)
                  for y in crop.line_range]
        if crop.column_span != (0, self.outer_size.width):
            x1, x2 = crop.column_span
            strips = [strip.crop(x1, x2) for strip in strips]
        return strips

    def _frame_look(self) -> _FrameLook:
        """What a frame does to each of the view's lines depends on (see `_in_frame`)."""
        base_background, background = background_colors(self)
        inner = self._styles_cache.get_inner_outer(base_background, background)[0].rich_style
        padding = self.styles.padding
        return _FrameLook(base_background, background, inner, self.content_region.width,
                          padding.left, padding.right, tuple(self.get_line_filters()))

    def _in_frame(self, strip: Strip, look: _FrameLook) -> Strip:
        """A line of the view as the styles cache makes it for a frame: filled to the
        content's width in the background, with the room at its sides, then through
        the app's line filters. (The frame, and the lines laid out ahead, both.)"""
        _, background, inner, width, left, right, filters = look
        strip = strip.adjust_cell_length(width, inner)
        if left or right:
            strip = self._padded(strip, left, right, inner)
        for line_filter in filters:
            strip = strip.apply_filter(line_filter, background)
        return strip

    @staticmethod
    def _filtered(strip: Strip, look: _FrameLook) -> Strip:
        """`strip` through the app's line filters (the rule along the top: only those)."""
        for line_filter in look.filters:
            strip = strip.apply_filter(line_filter, look.background)
        return strip

    def _padded(self, strip: Strip, left: int, right: int, inner: RichStyle) -> Strip:
        """`strip` with the room at its sides, made once per strip (a new strip would be
        filtered and cut at the frame's edges again in every frame)."""
        key = (id(strip), left, right, inner)
        kept = self._padded_lines.get(key)
        if kept is None or kept[0] is not strip:
            kept = self._padded_lines[key] = (strip, Strip.join(
                [Strip.blank(left, inner), strip, Strip.blank(right, inner)]))
        return kept[1]

    def _rule(self, base_background: Color, background: Color) -> Strip:
        """The view's top border as the styles cache draws it (with `get_box` and
        `render_row`, Textual's own), made once for its colours and width."""
        edge, color = self.styles.border_top
        width = self.outer_size.width
        key = (edge, color, base_background, background, width)
        if self._rule_made is None or self._rule_made[0] != key:
            inner, outer = self._styles_cache.get_inner_outer(base_background, background)
            box = get_box(edge, inner, outer, TextualStyle(foreground=base_background + color))
            segments = render_row(box[0], width, False, False, [])
            self._rule_made = (key, Strip(segments, width))
        return self._rule_made[1]

    def _geometry(self) -> tuple[int, int, int, list[Strip] | None]:
        """(width of the lines, height of the view, first line in sight, the own scroll
        bar's cell on each row or None when it draws none)."""
        view = self.scrollable_content_region.height
        bar = self._bar_for(self.virtual_size.height, view, self.scroll_offset.y)
        return self._width(), view, int(self.scroll_offset.y), bar

    def bar_shown(self) -> bool:
        return (self.OWN_SCROLL_BAR and self.TEXTUAL_BAR
                and self.virtual_size.height > self.scrollable_content_region.height > 0)

    def _bar_for(self, total: int, view: int, offset: float) -> list[Strip] | None:
        """The own scroll bar's cell on each of the `view` rows, for `total` lines
        scrolled to `offset` (None: the view draws no bar)."""
        if not self.OWN_SCROLL_BAR or view <= 0:
            return None
        self._keep_made(view)
        if self.TEXTUAL_BAR:
            if total > view:
                return self.drawn_bar(view, total, offset)
            # The column kept, blank, as Textual leaves a scroll bar's gutter: in the
            # view's background.
            base_background, background = background_colors(self)
            inner = self._styles_cache.get_inner_outer(base_background, background)[0].rich_style
            key = f"gutter {inner}"
            cell = self._bar_cell_strips.get(key)
            if cell is None:
                cell = self._bar_cell_strips[key] = Strip.blank(self.bar_width(), inner)
            return [cell] * view
        thumb = self._thumb(total, view, offset)
        return [self._scroll_bar_cell(self._bar_name(y, thumb)) for y in range(view)]

    def _keep_made(self, view: int) -> None:
        """Keep the lines joined with their bar cells, and those with room at their
        sides, for `view` rows of each kept layout (the most rows the view has had: a
        line shown, then hidden, in the row above it comes and goes with each
        confirmation). Each holds its line, and what the frames made of it, alive:
        kept past its layout, every interview the cursor passed would stay in memory."""
        kept = self.LAYOUTS_KEPT * view
        self._with_bar.grow(kept)
        self._padded_lines.grow(kept)

    def _thumb(self, total: int, view: int, offset: float) -> tuple[int, int] | None:
        """The own scroll bar's thumb as (start, size), for `total` lines in a view of
        `view` scrolled to `offset` (None when it draws none)."""
        if not self.OWN_SCROLL_BAR or not total > view > 0:
            return None
        size = max(1, round(view * view / total))
        return round(offset * (view - size) / max(1, total - view)), size

    @staticmethod
    def _bar_name(y: int, thumb: tuple[int, int] | None) -> str:
        """The style of the own scroll bar's cell on row `y` ("" for none)."""
        if thumb is None:
            return ""
        start, size = thumb
        return "on $scrollbar" if start <= y < start + size else "on $scrollbar-background"

    def render_line(self, y: int) -> Strip:
        width, view, top, bar = self._pass or self._geometry()
        if width != self._laid_out_for:
            self._lay_out(width)
        pinned_at = view - len(self._pinned)
        if self._pinned and y >= pinned_at:
            # Pinned lines are cached under negative numbers: -1 the first, -2 the next...
            index, line = -1 - (y - pinned_at), self._pinned[y - pinned_at]
        else:
            index = y + top
            line = self._lines[index] if 0 <= index < len(self._lines) else None
        strip = self._strips.get(index)
        if strip is None:
            strip = self._render(line, width)
            self._strips[index] = strip
        if bar is not None and y < len(bar):
            return self._joined(strip, bar[y])
        return strip

    def _render(self, line: Content | None, width: int) -> Strip:
        """One line, already cut to `width`, as a strip of exactly `width` cells.

        The segments straight from the Content: going through `Visual.to_strips`
        costs ten times as much per line (it looks up link and selection styles
        that these views never have)."""
        base = self.visual_style
        if line is None:
            return Strip.blank(width, base.rich_style)
        segments = [Segment(text, style.rich_style if style else None)
                    for text, style in line.render(base, end="", parse_style=self._get_style)]
        strip = Strip(segments)
        if not self.PAD_LINES:
            return strip.crop(0, width)  # the rest of the row in the view's background
        return strip.extend_cell_length(width, base.rich_style).crop(0, width)

    def _scroll_bar_cell(self, name: str) -> Strip:
        """One cell of the scroll bar drawn in the last column: `name` is its style
        ("" for none)."""
        cell = self._bar_cell_strips.get(name)
        if cell is None:
            cell = self._bar_cell_strips[name] = self._render(Content.styled(" ", name), 1)
        return cell


def _same(a: Content, b: Content) -> bool:
    """The same text with the same styles (Content's own == compares the text only)."""
    return a.plain == b.plain and a.spans == b.spans


def update_static(static: Static, content: Content, height_before: int) -> int:
    """Show `content` in a Static of `height: auto`, laying the screen out again only
    when its height (the lines it wraps to at its width) changes. Returns that
    height, to be passed back the next time (-1 while the Static has no width yet:
    it is laid out every time until it has one)."""
    width = static.content_region.width
    height = len(content.wrap(width)) if width else -1
    relayout = height != height_before or height < 0
    # A layout already under way (this can run from on_resize) would take the
    # request as its own and end without the new height: ask again after it.
    pending = relayout and static._layout_required
    static.update(content, layout=relayout)
    if pending:
        static.call_after_refresh(static.refresh, layout=True)
    return height
