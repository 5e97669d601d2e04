"""The draft message, exactly as it will be copied, with its gaps marked.

The body is the message text itself (cleaned of control characters only), so
what the user reads is what lands in their clipboard. Gaps such as `<<topic>>`
are highlighted and named under the text.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from widgets.text import clean, literal

MISSING_STYLE = "bold $text-warning on $warning-muted"


def missing_warning(markers: Sequence[str]) -> str:
    """`<<topic>> is still empty — fill it in before sending`, for one gap or several."""
    if not markers:
        return ""
    if len(markers) == 1:
        names = markers[0]
        verb = "is"
    else:
        names = ", ".join(markers[:-1]) + " and " + markers[-1]
        verb = "are"
    return f"{names} {verb} still empty — fill it in before sending"


def highlight_markers(text: str, markers: Sequence[str], has_subject: bool) -> Content:
    """The message as Content: the subject line bold, every gap highlighted."""
    body = literal(text, multiline=True)
    if has_subject and "\n" in text:
        body = body.stylize("bold", 0, text.index("\n"))
    plain = body.plain
    for marker in markers:
        shown = clean(marker)
        start = plain.find(shown)
        while start != -1:
            body = body.stylize(MISSING_STYLE, start, start + len(shown))
            start = plain.find(shown, start + len(shown))
    return body


NOTE_STYLES = {"warning": "$text-warning", "info": "$text-muted"}
EDITED_STYLE = "bold $text-accent on $accent-muted"


class MessagePreview(Vertical):
    """A title line, the scrollable message with notes under it, and a warning about gaps."""

    DEFAULT_CSS = """
    MessagePreview {
        height: 1fr;
        & > .preview-title { height: auto; }
        /* A stable gutter: in a narrow window the text re-flowed when the scroll bar
           came and went, which made it come and go again, without end. */
        & > VerticalScroll { height: 1fr; scrollbar-gutter: stable; }
        & .preview-notes { height: auto; margin-top: 1; display: none; }
        &.-has-notes .preview-notes { display: block; }
        & > .preview-warning { height: auto; color: $text-warning; display: none; }
        &.-has-gaps > .preview-warning { display: block; }
    }
    """

    def compose(self) -> ComposeResult:
        yield Static(classes="preview-title")
        with VerticalScroll(classes="preview-scroll"):
            yield Static(classes="preview-body")
            yield Static(classes="preview-notes")
        yield Static(classes="preview-warning")

    def show(self, title: str, hint: str, text: str, markers: Sequence[str],
             has_subject: bool, notes: Sequence[tuple[str, str]] = (),
             edited: bool = False, summary: str = "") -> None:
        """Show one draft.

        `hint` names the keys for the other variants ("" for none); `notes` are
        (severity, sentence) pairs a careful reader would point out, shown under
        the message where they cannot be mistaken for part of it; `summary`
        names them in a few words on a line that stays in sight under a long
        message. `edited` marks a message the user reworded, at the start of the
        title where the narrowest terminal still shows it.
        """
        heading = Content.assemble(literal(title, "bold"))
        if edited:
            heading = Content.assemble((" edited ", EDITED_STYLE), " ", heading)
        if hint:
            heading = Content.assemble(heading, "  ", literal(hint, "$text-muted"))
        self.query_one(".preview-title", Static).update(heading)
        self.query_one(".preview-body", Static).update(
            highlight_markers(text, markers, has_subject)
        )
        self.query_one(".preview-notes", Static).update(Content("\n").join(
            [Content.styled("Before you send:", "bold $text-muted")]
            + [literal(f"• {sentence}", NOTE_STYLES.get(severity, ""))
               for severity, sentence in notes]
        ))
        self.set_class(bool(notes), "-has-notes")
        pinned = [line for line in (missing_warning(markers), summary) if line]
        self.query_one(".preview-warning", Static).update(literal("\n".join(pinned),
                                                                  multiline=True))
        self.set_class(bool(pinned), "-has-gaps")
        self.query_one(VerticalScroll).scroll_home(animate=False)

    def show_nothing(self, reason: str) -> None:
        """No draft to show (no people in the step yet): say what would make one."""
        self.query_one(".preview-title", Static).update(Content("Message"))
        self.query_one(".preview-body", Static).update(literal(reason, "italic $text-muted"))
        self.set_class(False, "-has-notes")
        self.set_class(False, "-has-gaps")
