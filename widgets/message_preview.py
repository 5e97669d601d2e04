"""The draft message, exactly as it will be copied, with its gaps marked.

The body is the message text itself (cleaned of control characters only), so
what the user reads is what lands in their clipboard. Gaps such as `<<topic>>`
are highlighted and named under the text.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.cache import LRUCache
from textual.content import Content
from textual.style import Style

from widgets.kept_render import UnpaintedVertical
from widgets.lines import Block, LinesView
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


NO_TITLE = Content("Message")
NOTE_STYLES = {"warning": "$text-warning", "info": "$text-muted"}
EDITED_STYLE = "bold $text-accent on $accent-muted"


class MessageBody(LinesView, can_focus=True):
    """The message and the notes under it, scrolled with the arrow keys when it is focused."""

    # Drawn in its lines, Textual's own bar (see widgets.scroll_bar): its column is
    # kept whether or not the bar is shown, so a message that grows past the view
    # does not re-wrap every line to make room for it.
    OWN_SCROLL_BAR = True
    TEXTUAL_BAR = True

    DEFAULT_CSS = """
    MessageBody {
        height: 1fr;
        overflow-y: hidden;
    }
    """


class MessageTitle(LinesView, can_focus=False):
    """The message's title on one line, cut with an ellipsis, drawn with the line API
    (the title of the next interview's message is drawn ahead with its text)."""

    DEFAULT_CSS = """
    MessageTitle { height: 1; overflow-y: hidden; }
    """

    PAD_LINES = False  # the rest of the row in the background, as a Static's

    def __init__(self, *, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._heading = Content("")

    @property
    def visual(self) -> Content:
        """The title as shown, with its styles (the mail link among them)."""
        return self._heading

    def show(self, heading: Content) -> None:
        self._heading = heading
        self.set_blocks([Block(heading, wrap=False)], key=_title_key(heading))

    def prepare_title(self, heading: Content) -> None:
        self.prepare(_title_key(heading), [Block(heading, wrap=False)])


def _title_key(heading: Content) -> object:
    return ("title", heading.plain, tuple(heading.spans))


class MessagePreview(UnpaintedVertical):
    """A title line, the scrollable message with notes under it, and a warning about gaps.

    Only its title and its message are drawn (see `UnpaintedVertical`): a rule or
    room around them is theirs (the title's border and padding, the message's
    margin), so a frame cuts each line of the message for the two of them alone."""

    DEFAULT_CSS = """
    MessagePreview {
        height: 1fr;
        & > .preview-title { height: 1; }
    }
    """

    def __init__(self, *, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        # The title and blocks made for the values shown (see `show`), kept as long
        # as the lines laid out for them.
        self._made: LRUCache[tuple[object, ...], tuple[Content, list[Block], list[Block]]] = \
            LRUCache(MessageBody.LAYOUTS_KEPT)

    def compose(self) -> ComposeResult:
        yield MessageTitle(classes="preview-title")
        yield MessageBody(classes="preview-scroll")

    @property
    def body(self) -> MessageBody:
        return self.query_one(MessageBody)

    @property
    def message(self) -> str:
        """The message as shown (unwrapped): what `c` copies."""
        return self.body.first_block

    @property
    def text(self) -> str:
        """What the preview shows, as plain text: the title, then the message and its notes."""
        heading = self.query_one(MessageTitle).visual.plain
        return f"{heading}\n{self.body.text}"

    def show(self, title: str, hint: str, text: str, markers: Sequence[str],
             has_subject: bool, notes: Sequence[tuple[str, str]] = (),
             edited: bool = False, summary: str = "", link: str = "") -> None:
        """Show one draft.

        `hint` names the keys for the other variants ("" for none); `notes` are
        (severity, sentence) pairs a careful reader would point out, shown under
        the message where they cannot be mistaken for part of it; `summary`
        names them in a few words on a line that stays in sight under a long
        message. `edited` marks a message the user reworded, at the start of the
        title where the narrowest terminal still shows it. `link` (a `mailto:` URL,
        percent-encoded) makes the title a hyperlink the terminal can open (OSC 8).
        """
        key = ("show", title, hint, text, tuple(markers), has_subject, tuple(notes), edited,
               summary, link)
        heading, blocks, pinned = self._made_for(key)
        # One line, whatever it says: no need to lay the screen out again.
        self.query_one(MessageTitle).show(heading)
        # Pinned under the text, in the same view: new text never lays out the screen.
        self.body.set_blocks(blocks, scroll_home=True, pinned=pinned, key=key)

    def prepare(self, title: str, hint: str, text: str, markers: Sequence[str],
                has_subject: bool, notes: Sequence[tuple[str, str]] = (),
                edited: bool = False, summary: str = "", link: str = "") -> None:
        """Lay out and draw the message `show` would show with the same values, without
        showing it: showing it then is a swap of lines."""
        key = ("show", title, hint, text, tuple(markers), has_subject, tuple(notes), edited,
               summary, link)
        heading, blocks, pinned = self._made_for(key)
        self.query_one(MessageTitle).prepare_title(heading)
        self.body.prepare(key, blocks, pinned)

    def _made_for(self, key: tuple[object, ...]) -> tuple[Content, list[Block], list[Block]]:
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = _make(*key[1:])  # type: ignore[arg-type]
        return made

    def show_nothing(self, reason: str) -> None:
        """No draft to show (no people in the step yet): say what would make one."""
        self.query_one(MessageTitle).show(NO_TITLE)
        self.body.set_blocks(_nothing(reason), scroll_home=True, key=("nothing", reason))

    def prepare_nothing(self, reason: str) -> None:
        """Lay out what `show_nothing` would show, without showing it."""
        self.query_one(MessageTitle).prepare_title(NO_TITLE)
        self.body.prepare(("nothing", reason), _nothing(reason))


def _nothing(reason: str) -> list[Block]:
    return [Block(literal(reason, "italic $text-muted"))]


def _make(title: str, hint: str, text: str, markers: tuple[str, ...], has_subject: bool,
          notes: tuple[tuple[str, str], ...], edited: bool, summary: str,
          link: str) -> tuple[Content, list[Block], list[Block]]:
    """The title line, the blocks of the message and its notes, and the lines pinned
    under them (see `MessagePreview.show`)."""
    heading = Content.assemble(literal(title, "bold"))
    if link:
        heading = heading.stylize(Style(link=link))
    if edited:
        heading = Content.assemble((" edited ", EDITED_STYLE), " ", heading)
    if hint:
        heading = Content.assemble(heading, "  ", literal(hint, "$text-muted"))
    blocks = [Block(highlight_markers(text, markers, has_subject))]
    if notes:
        blocks += [Block(Content("")),
                   Block(Content.styled("Before you send:", "bold $text-muted"))]
        blocks += [Block(literal(f"• {sentence}", NOTE_STYLES.get(severity, "")))
                   for severity, sentence in notes]
    pinned = [Block(literal(line, "$text-warning"))
              for line in (missing_warning(markers), summary) if line]
    return heading, blocks, pinned
