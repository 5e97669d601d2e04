"""Input and TextArea that never send a control character in their text to the terminal.

Textual draws a field's text as it is: an escape sequence in a company name
(from an import, a script, a paste) would reach the terminal from inside an
edit form and recolour or scramble the screen. These show each control
character as one visible placeholder (␛ for ESC, � for the others), one for
one, so the cursor and selection still line up with the text; the value
itself is left exactly as it is.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Input, TextArea

from widgets.text import visible


class SafeInput(Input):
    """An Input showing control characters as placeholders."""

    @property
    def _value(self) -> Text:
        if self.password:
            return super()._value
        text = Text(visible(self.value), no_wrap=True, overflow="ignore", end="")
        if self.highlighter is not None:
            text = self.highlighter(text)
        return text


class SafeTextArea(TextArea):
    """A TextArea showing control characters (but tabs, which it lays out) as placeholders."""

    def get_line(self, line_index: int) -> Text:
        line = super().get_line(line_index)
        shown = visible(line.plain, keep="\t")
        if shown == line.plain:
            return line
        return Text(shown, end="", no_wrap=True)
