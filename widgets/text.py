"""Showing the user's data literally.

Everything the user typed (a company called "[bold]Evil[/]", a name pasted
with an escape sequence in it) reaches the screen through these helpers: they
build `Content` (or `rich.text.Text`) objects, which are never parsed as
markup, and replace
control characters with visible placeholders, because a raw ESC or carriage
return would move the terminal's cursor and scramble the screen.
"""

from __future__ import annotations

import re

from rich.style import Style
from rich.text import Text
from textual.content import Content

ESCAPE_PLACEHOLDER = "\u241b"  # ␛
CONTROL_PLACEHOLDER = "\ufffd"  # �

# C0 and C1 controls and DEL, plus the bidirectional overrides and isolates,
# which can make text display in an order other than the one it is stored in.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile("\r\n|[\r\n\t\v\f\u2028\u2029\x85]")


def _placeholder(match: re.Match[str]) -> str:
    return ESCAPE_PLACEHOLDER if match.group() == "\x1b" else CONTROL_PLACEHOLDER


def clean(value: str, *, multiline: bool = False) -> str:
    """`value` with every control character made visible and harmless.

    On one line (a list row, a title) line breaks and tabs become spaces so a
    row stays one row; in a multi-line text (a message) newlines and tabs are
    kept, a CR LF pair becomes a plain newline.
    """
    if multiline:
        value = value.replace("\r\n", "\n")
        kept = ("\n", "\t")
        return _CONTROLS.sub(
            lambda m: m.group() if m.group() in kept else _placeholder(m), value
        )
    return _CONTROLS.sub(_placeholder, _LINE_BREAKS.sub(" ", value))


def literal(value: str, style: str = "", *, multiline: bool = False) -> Content:
    """Content showing `value` exactly as typed (cleaned of controls), never as markup.

    `style` may name theme variables ("bold $text-warning"): Content resolves
    them when drawn, so every theme gets its own colours.
    """
    text = clean(value, multiline=multiline)
    return Content.styled(text, style) if style else Content(text)


def literal_text(value: str, style: str | Style = "") -> Text:
    """A Rich Text of `value` on one line, for code that renders Rich objects itself."""
    return Text(clean(value), style=style, end="")


def visible(value: str, *, keep: str = "") -> str:
    """`value` with each control character (but those in `keep`) replaced by one
    placeholder: the same length, so positions in it still line up (for editing)."""
    return _CONTROLS.sub(lambda m: m.group() if m.group() in keep else _placeholder(m), value)
