"""One line above the footer for short confirmations: "Copied ...", "Marked ... as thanked".

Each new message replaces the last, and it goes by itself after a few seconds.
Unlike a toast it covers nothing: the screen above it gives up the rows it
takes while it is shown.
"""

from __future__ import annotations

from textual.content import Content
from textual.timer import Timer
from textual.widgets import Static

from widgets.lines import update_static
from widgets.text import literal


class StatusLine(Static):
    """The latest confirmation, for `timeout` seconds; nothing (and no room taken) after."""

    DEFAULT_CSS = """
    StatusLine {
        /* In the screen's flow, last: right above a docked footer (two widgets
           docked at the bottom would be drawn over each other). */
        height: auto;
        max-height: 2;
        padding: 0 1;
        background: $boost;
        color: $text;
        display: none;
        &.-shown { display: block; }
    }
    """

    _timer: Timer | None = None
    _height = -1  # the lines the message on show wraps to (-1: not shown)

    def say(self, message: str | Content, title: str = "", timeout: float = 5) -> None:
        text = message if isinstance(message, Content) else literal(message)
        if title:
            text = Content.assemble(literal(title, "bold"), ": ", text)
        # A message in place of one as high: only this line is drawn again, the
        # screen is not laid out again (one frame, not three).
        self._height = update_static(self, text, self._height)
        self.add_class("-shown")
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(timeout, self.clear)

    def on_resize(self) -> None:
        # The height the message on show was laid out to: the next one as high is
        # drawn in place.
        self._height = self.content_region.height if self.has_class("-shown") else -1

    def clear(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.remove_class("-shown")
        self.update("")
        self._height = -1

    @property
    def text(self) -> str:
        """What the line says now ("" when nothing)."""
        visual = self.visual
        return visual.plain if self.has_class("-shown") and isinstance(visual, Content) else ""
