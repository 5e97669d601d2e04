"""The head of the detail pane: which interview this is, and the facts the steps rely on.

Drawn with the line API (see `widgets.lines`): the header of the next interview
is laid out and drawn ahead, and showing it is a swap of lines.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.content import Content
from textual.geometry import Region
from textual.strip import Strip

from store.dates import format_day
from store.models import Interview, Outcome
from widgets.kept_render import background_colors
from widgets.lines import Block, LinesView
from widgets.text import literal


class InterviewHeader(LinesView, can_focus=False):
    """Company and role, then date, round, decision date and the office phone."""

    DEFAULT_CSS = """
    InterviewHeader { height: auto; overflow-y: hidden; }
    """

    PAD_LINES = False  # no block style to run to the edge
    # A cell of room on either side of the text, drawn with its lines (in the cells
    # CSS padding would have) rather than as padding: a view with padding is drawn
    # through Textual's styles a line at a time, where a bare one swaps in the lines
    # it drew ahead.
    MARGIN = 1

    def __init__(self, *, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._interview: Interview | None = None
        self._short = False
        # Text made for the last few interviews: by the object's identity (the object
        # kept with it), with the (width, short) it was made for.
        self._made: dict[int, tuple[Interview, tuple[int, bool], Content]] = {}

    def set_short(self, short: bool) -> None:
        """On a very short terminal, the company and role alone, on one line: the
        rows go to the message (the date is in the list, the rest in `e`)."""
        if short != self._short:
            self._short = short
            self._draw()

    def show(self, interview: Interview) -> None:
        self._interview = interview
        self._draw()

    def prepare(self, interview: Interview) -> None:
        """Lay out and draw what `show` would show for `interview`, without showing it."""
        if self._width() > 0:
            super().prepare(*self._blocks_for(interview))

    def on_resize(self) -> None:
        # The facts are packed for the width: made again for the new one. (LinesView's
        # own handler runs after this one and finds nothing left to do.)
        self._draw()

    def _draw(self) -> None:
        interview = self._interview
        # Not yet laid out: drawn when it is (on_resize), for its real width.
        if interview is None or self._width() <= 0:
            return
        key, blocks = self._blocks_for(interview)
        self.set_blocks(blocks, key=key)

    def _blocks_for(self, interview: Interview) -> tuple[object, list[Block]]:
        """The header of `interview` as blocks, and the key they are laid out under
        (the text and its styles: the same key, the same lines)."""
        content = self._made_for(interview)
        key = ("header", content.plain, tuple(content.spans), self._short)
        return key, [Block(content, wrap=not self._short)]

    def _made_for(self, interview: Interview) -> Content:
        """The text for `interview` at this width, worked out once (an interview is a
        frozen value: the same object, the same text)."""
        width = self._width()
        made = self._made.get(id(interview))
        if made is not None and made[0] is interview and made[1] == (width, self._short):
            return made[2]
        content = self._text(interview, width)
        if len(self._made) >= 8:
            self._made.pop(next(iter(self._made)))
        self._made[id(interview)] = (interview, (width, self._short), content)
        return content

    def _width(self, region: Region | None = None) -> int:
        return super()._width(region) - 2 * self.MARGIN

    def _render(self, line: Content | None, width: int) -> Strip:
        # The left margin before the text, in the background as padding is (the right
        # one is the rest of the row).
        base_background, background = background_colors(self)
        margin = self._styles_cache.get_inner_outer(base_background, background)[0].rich_style
        return Strip.join([Strip([Segment(" " * self.MARGIN, margin)], self.MARGIN),
                           super()._render(line, width)])

    def _text(self, interview: Interview, width: int) -> Content:
        title = Content.assemble(
            literal(interview.company, "bold $text-accent"), " — ", literal(interview.role, "bold")
        )
        if self._short:
            return title.truncate(width, ellipsis=True)
        when = format_day(interview.date, with_year=True)
        if interview.time is not None:
            when += f" {interview.time.strftime('%H:%M')}"
        facts = [Content(when), Content(interview.format.value),
                 Content(f"{interview.round_label} round")]
        if not interview.is_open:
            good = interview.outcome in (Outcome.OFFER, Outcome.SECOND_INTERVIEW)
            facts.append(Content.styled(f"outcome: {interview.outcome.label}",
                                        "bold $text-success" if good else "bold $text-muted"))
        more = []
        if interview.decision_by is not None:
            more.append(Content.assemble(("Decision by ", "$text-muted"),
                                         format_day(interview.decision_by)))
        if interview.office_phone:
            more.append(Content.assemble(("Office phone ", "$text-muted"),
                                         literal(interview.office_phone)))
        else:
            more.append(Content.styled("Office phone not known yet (e to add it)", "$text-muted"))
        lines = [title, *_pack(facts, width), *_pack(more, width)]
        return Content("\n").join(lines)


def _pack(facts: list[Content], width: int) -> list[Content]:
    """Facts joined with " · ", a new line between two facts rather than inside one
    (a phone number split over two lines is hard to read)."""
    lines: list[Content] = []
    for fact in facts:
        if lines and lines[-1].cell_length + 3 + fact.cell_length <= width:
            lines[-1] = Content.assemble(lines[-1], " · ", fact)
        else:
            lines.append(fact)
    return lines
