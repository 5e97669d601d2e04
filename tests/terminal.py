"""What a real terminal would show: the app's screen updates played onto a grid of cells.

Headless tests read the screen from Textual's compositor, which draws every
widget afresh. A terminal only ever gets the parts the app says changed; a
line the app forgets to redraw stays there, stale. `Terminal` keeps the cells
as a terminal would, from the same updates the app sends to one.
"""

from __future__ import annotations

import re
from typing import Any

from rich.cells import cell_len
from textual._compositor import CompositorUpdate
from textual.app import App

# A control sequence (CSI ... letter), another escape sequence, or one character.
_TOKEN = re.compile(r"\x1b\[([0-9;?]*)([A-Za-z])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b.|(.)",
                    re.DOTALL)


class Terminal:
    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.cells = [[" "] * width for _ in range(height)]
        self.x = self.y = 0

    def feed(self, data: str) -> None:
        for match in _TOKEN.finditer(data):
            params, command, char = match.group(1), match.group(2), match.group(3)
            if command in ("H", "f"):
                numbers = [int(p) if p else 1 for p in (params or "").split(";")] + [1, 1]
                self.y, self.x = numbers[0] - 1, numbers[1] - 1
            elif char == "\r":
                self.x = 0
            elif char == "\n":
                self.y += 1
            elif char is not None:
                width = cell_len(char)
                if 0 <= self.y < self.height and 0 <= self.x < self.width:
                    self.cells[self.y][self.x] = char
                    if width == 2 and self.x + 1 < self.width:
                        self.cells[self.y][self.x + 1] = ""
                self.x += width

    @property
    def text(self) -> str:
        return "\n".join("".join(row).rstrip() for row in self.cells)

    def resize(self, width: int, height: int) -> None:
        self.__init__(width, height)  # type: ignore[misc]


def attach(app: App[Any], width: int, height: int) -> Terminal:
    """A Terminal that receives every screen update `app` sends from now on.

    Call before `run_test`, with the same size."""
    terminal = Terminal(width, height)
    display = app._display

    def shown(screen: Any, renderable: Any) -> None:
        if isinstance(renderable, CompositorUpdate):
            terminal.feed(renderable.render_segments(app.console))
        display(screen, renderable)

    app._display = shown  # type: ignore[method-assign]
    return terminal
