"""Rewording one message before it is copied: the text in an editor, the template untouched.

The screen dismisses with the new text (ctrl+s) or None (esc). What is kept
is decided by the caller: the repository stores it with the interview, and
text equal to the template's is no rewording at all.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from widgets.key_footer import KeyFooter
from widgets.safe_fields import SafeTextArea as TextArea
from widgets.text import literal


class RewordScreen(ModalScreen[str | None]):
    """The message on show, in a text area, to change for this one person."""

    DEFAULT_CSS = """
    RewordScreen {
        align: center middle;
        & > #reword-dialog {
            width: 84;
            max-width: 100%;
            height: 1fr;
            max-height: 32;
            border: round $primary;
            border-title-color: $text;
            border-title-style: bold;
            border-subtitle-color: $text-muted;
            background: $surface;
            padding: 0 1;
        }
        & #reword-note {
            height: auto;
            color: $text-muted;
        }
        & TextArea, & TextArea:focus {
            height: 1fr;
            /* The dialog's border is the frame: a second one costs two rows at 80x24. */
            border: none;
            padding: 0;
            margin-top: 1;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority, so that the focused TextArea cannot swallow them.
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel", priority=True),
        Binding("ctrl+r", "template", "Template text", priority=True),
        # TextArea has no keys for the ends of the whole text; a PS goes at the end.
        Binding("ctrl+end", "to_end", "End of the text", show=False, priority=True),
        Binding("ctrl+home", "to_start", "Start of the text", show=False, priority=True),
    ]

    def __init__(self, title: str, text: str, template_text: str, note: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.start_text = text
        self.template_text = template_text
        self.note = note
        self._warned_discard = False

    def compose(self) -> ComposeResult:
        with Vertical(id="reword-dialog") as dialog:
            dialog.border_title = Content.assemble("Reword: ", literal(self.title_text))
            dialog.border_subtitle = "ctrl+s save · esc cancel · ctrl+r template text"
            yield Static(literal(self.note), id="reword-note")
            yield TextArea(self.start_text, soft_wrap=True, tab_behavior="focus",
                           id="reword-text")
        yield KeyFooter()

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        # Snapshot tests set CURSOR_BLINK = False on their app so the picture is stable.
        if getattr(self.app, "CURSOR_BLINK", True) is False:
            area.cursor_blink = False
        area.focus()
        area.move_cursor((0, 0))

    @property
    def text(self) -> str:
        return self.query_one(TextArea).text

    def action_save(self) -> None:
        if not self.text.strip():
            self.notify("The message is empty: write it, or press ctrl+r for the template's "
                        "text.", severity="error", markup=False)
            return
        self.dismiss(self.text)

    def action_cancel(self) -> None:
        # Typing is work: a stray esc must not throw it away unasked.
        if self.text != self.start_text and not self._warned_discard:
            self._warned_discard = True
            self.notify("Press esc again to throw away your changes, or ctrl+s to keep them.",
                        severity="warning", markup=False)
            return
        self.dismiss(None)

    def action_to_end(self) -> None:
        area = self.query_one(TextArea)
        area.move_cursor(area.document.end)

    def action_to_start(self) -> None:
        self.query_one(TextArea).move_cursor((0, 0))

    def action_template(self) -> None:
        """Put the template's text back in the editor (ctrl+z takes it back out)."""
        area = self.query_one(TextArea)
        area.replace(self.template_text, area.document.start, area.document.end)
        area.move_cursor((0, 0))
        self.notify("The template's text is back; ctrl+s keeps it (and forgets your "
                    "wording), ctrl+z undoes.", markup=False)
