"""The yardstick for bench/run.py: the smallest Textual app worth timing.

A Header, one Static and a Footer, with one key (space) that changes the
Static's text, started and stopped the same way as followup. Every figure the
benchmark prints is a ratio to this app measured in the same run, so a busy
machine slows both alike.

    FOLLOWUP_EXIT_AFTER_PAINT=1 python bench/baseline_app.py   # quits after its first frame
"""

from __future__ import annotations

import os
import sys

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, Static

EXIT_AFTER_PAINT = "FOLLOWUP_EXIT_AFTER_PAINT"


class BaselineApp(App[None]):
    BINDINGS = [Binding("space", "bump", "Bump"), Binding("q", "quit", "Quit")]

    def __init__(self) -> None:
        super().__init__()
        self.presses = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Nothing pressed yet", id="text")
        yield Footer()

    def on_ready(self) -> None:
        # Textual's first frame is on the terminal.
        if os.environ.get(EXIT_AFTER_PAINT) == "1":
            # As followup does: end the process at once, the terminal restored.
            if self._driver is not None:
                self._driver.stop_application_mode()
                self._driver.close()
            sys.stdout.flush()
            os._exit(0)

    def action_bump(self) -> None:
        self.presses += 1
        self.query_one("#text", Static).update(f"Pressed {self.presses} times")


if __name__ == "__main__":
    BaselineApp().run()
