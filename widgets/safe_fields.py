"""Input and TextArea that never send a control character in their text to the terminal.

Textual draws a field's text as it is: an escape sequence in a company name
(from an import, a script, a paste) would reach the terminal from inside an
edit form and recolour or scramble the screen. These show each control
character as one visible placeholder (␛ for ESC, � for the others), one for
one, so the cursor and selection still line up with the text; the value
itself is left exactly as it is.

A paste is cut to what the field can take before Textual handles it: a
megabyte pasted by mistake took Textual half a minute and most of a gigabyte
to lay out, and an Input with a length limit dropped the whole paste. What is
cut is said in a notification.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.widgets import Input, TextArea

from widgets.text import PASTE_LIMIT, visible


def _first_line(text: str) -> str:
    """The text before the first line break (as Input keeps it), without splitting all
    of a huge paste into lines."""
    ends = [at for at in (text.find("\n"), text.find("\r")) if at >= 0]
    return text[:min(ends)] if ends else text


def _say_cut(widget: Input | TextArea, kept: int, given: int) -> None:
    # (`given` may itself be cut short already: see tui/paste.py.)
    widget.notify(f"Pasted the first {kept:,} characters: this field takes no more, and the "
                  "rest was left out.", title="Paste cut short", severity="warning",
                  markup=False)


class SafeInput(Input):
    """An Input showing control characters as placeholders, taking a bounded paste."""

    def _on_paste(self, event: events.Paste) -> None:
        line = _first_line(event.text)
        start, end = sorted(self.selection)
        room = PASTE_LIMIT
        if self.max_length:
            room = max(0, min(room, self.max_length - len(self.value) + (end - start)))
        if len(line) > room:
            _say_cut(self, room, len(line))
            line = line[:room]
        # Textual would also call Input's own handler with the whole paste: not that.
        event.prevent_default()
        event.stop()
        super()._on_paste(events.Paste(line))

    @property
    def _value(self) -> Text:
        if self.password:
            return super()._value
        text = Text(visible(self.value), no_wrap=True, overflow="ignore", end="")
        if self.highlighter is not None:
            text = self.highlighter(text)
        return text


class SafeTextArea(TextArea):
    """A TextArea showing control characters (but tabs, which it lays out) as placeholders,
    taking a bounded paste."""

    paste_limit = PASTE_LIMIT

    async def _on_paste(self, event: events.Paste) -> None:
        text = event.text
        if len(text) > self.paste_limit:
            _say_cut(self, self.paste_limit, len(text))
            text = text[:self.paste_limit]
        event.prevent_default()
        event.stop()
        await super()._on_paste(events.Paste(text))

    def get_line(self, line_index: int) -> Text:
        line = super().get_line(line_index)
        shown = visible(line.plain, keep="\t")
        if shown == line.plain:
            return line
        return Text(shown, end="", no_wrap=True)
