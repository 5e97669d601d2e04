"""What a window too small for the app shows: how big it needs to be, and that nothing is lost.

Below MIN_WIDTH x MIN_HEIGHT the list, the steps and the forms no longer fit
well enough to read a message or see what a key did. Rather than a jumble
(or a form cut off mid-field), this screen goes over whatever is open, says
how big the window is and needs to be, and goes away by itself as soon as
the window is large enough again - with the form, the selection and the text
typed so far exactly as they were.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Middle
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

MIN_WIDTH = 60
MIN_HEIGHT = 15


def too_small(width: int, height: int) -> bool:
    return width < MIN_WIDTH or height < MIN_HEIGHT


def message(width: int, height: int) -> Content:
    return Content.assemble(
        ("Make the window larger", "bold $text-warning"),
        f"\n\nfollowup needs {MIN_WIDTH}×{MIN_HEIGHT}; this one is {width}×{height}.\n"
        "Nothing is lost: it all comes back.\n",
        ("q", "bold"), ("/", "$text-muted"), ("ctrl+q", "bold"), " quits",
    )


class TooSmallScreen(Screen[None]):
    """Over everything while the window is too small; dismisses itself when it is not.

    A full screen, not a modal one: the screens beneath are then not laid out at
    sizes they were never meant for (the main screen's panes, squeezed under 40
    columns, kept re-flowing and burned a core doing it)."""

    DEFAULT_CSS = """
    TooSmallScreen {
        background: $background;
        & Static {
            color: $foreground;
            width: auto;
            max-width: 100%;
            height: auto;
            text-align: center;
        }
    }
    """

    # Every key but quitting waits for a usable window: a key pressed blind could
    # change something the user cannot see.
    BINDINGS = [Binding("q", "app.quit", "Quit", show=False)]

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Static(message(*self.app.size), id="too-small")

    def on_resize(self, event: events.Resize) -> None:
        self._fit()

    def on_screen_resume(self) -> None:
        self._fit()

    def _fit(self) -> None:
        width, height = self.app.size
        if not too_small(width, height):
            if self.app.screen is self:
                self.dismiss(None)
            return
        self.query_one("#too-small", Static).update(message(width, height))

    def on_key(self, event: events.Key) -> None:
        if event.key not in ("q", "ctrl+q"):
            event.stop()
            event.prevent_default()
