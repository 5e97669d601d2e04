"""A paste is bounded before Textual's input parser reads it.

Textual's parser reads a bracketed paste one character at a time, and an ESC
inside one starts an escape sequence it then gives up on and replays as key
presses: a megabyte pasted with escapes in it (a log, a terminal capture) took
over a minute and 700 MB, and its replayed keys could close the form. This
parser passes on at most PASTE_LIMIT + 1 characters of any paste (the field
then says it was cut) with each ESC in it shown as ␛, before the parser sees
them. It is put in place of Textual's when the app runs in a real terminal.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual._xterm_parser import XTermParser

from store.text import ESCAPE_PLACEHOLDER
from widgets.text import PASTE_LIMIT

PASTE_START = "\x1b[200~"
PASTE_END = "\x1b[201~"


def _partial_end(data: str, start: int) -> int:
    """How many characters at the end of `data` (from `start` on) could begin PASTE_END."""
    for size in range(min(len(PASTE_END) - 1, len(data) - start), 0, -1):
        if PASTE_END.startswith(data[-size:]):
            return size
    return 0


class BoundedPasteParser(XTermParser):
    """Textual's parser, fed each paste cut to PASTE_LIMIT + 1 characters, ESC as ␛."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._in_paste = False
        self._kept = 0
        self._carry = ""  # the start of what may be the paste's end marker

    def feed(self, data: str) -> Iterable[Any]:
        if not data:
            return super().feed(data)  # the end of the input
        bounded = self.bound(data)
        # (An empty feed would mean the end of the input to the parser.)
        return super().feed(bounded) if bounded else ()

    def bound(self, data: str) -> str:
        data, self._carry = self._carry + data, ""
        out: list[str] = []
        pos = 0
        while pos < len(data):
            if not self._in_paste:
                at = data.find(PASTE_START, pos)
                if at < 0:
                    out.append(data[pos:])
                    break
                out.append(data[pos:at + len(PASTE_START)])
                pos = at + len(PASTE_START)
                self._in_paste, self._kept = True, 0
                continue
            at = data.find(PASTE_END, pos)
            end = at if at >= 0 else len(data) - _partial_end(data, pos)
            room = max(0, PASTE_LIMIT + 1 - self._kept)
            body = data[pos:end][:room].replace("\x1b", ESCAPE_PLACEHOLDER)
            self._kept += len(body)
            out.append(body)
            if at < 0:
                self._carry = data[end:]
                break
            out.append(PASTE_END)
            pos = at + len(PASTE_END)
            self._in_paste = False
        return "".join(out)


def bound_pastes() -> None:
    """Use BoundedPasteParser in Textual's Linux drivers (the app calls this before it
    takes over a real terminal)."""
    from textual.drivers import linux_driver, linux_inline_driver

    linux_driver.XTermParser = BoundedPasteParser  # type: ignore[misc]
    linux_inline_driver.XTermParser = BoundedPasteParser  # type: ignore[misc]
