"""Showing the user's data literally, as Textual and Rich objects.

Everything the user typed (a company called "[bold]Evil[/]", a name pasted
with an escape sequence in it) reaches the screen through these helpers: they
build `Content` (or `rich.text.Text`) objects, which are never parsed as
markup, from text cleaned by `store.text.clean`, the one cleaner of control
characters.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.content import Content

from store.text import CONTROL_PLACEHOLDER, ESCAPE_PLACEHOLDER, clean, visible

__all__ = ["CONTROL_PLACEHOLDER", "ESCAPE_PLACEHOLDER", "PASTE_LIMIT", "clean", "literal",
           "literal_text", "visible"]

# The most a field takes from one paste: the store's limit on its longest texts (notes).
# Here, not beside the fields, so that the paste bound set up before the first frame
# (tui/paste.py) does not load the editing widgets.
PASTE_LIMIT = 10_000


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
