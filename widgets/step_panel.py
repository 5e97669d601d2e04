"""One of the three steps after an interview: its title, its notes and its people.

The screen turns the schedule's values into a `StepView`; this widget only
draws it. Moving between people posts `StepItems.Focused` so the screen can
show the matching message; the panel never talks to the preview itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from widgets.text import literal

# How each state is marked in front of a person: a symbol that reads without colour too.
MARKS = {
    "done": "✓",
    "late": "!",
    "due": "•",
    "waiting": "○",
    "closed": "–",
    "move_on": "–",
}


@dataclass(frozen=True, slots=True)
class StepItem:
    """One person (or follow-up) in a step."""

    item_id: str
    state: str  # a key of MARKS
    label: str  # "Dana Lee", "Follow-up 1"
    detail: str = ""  # "Engineering Manager", "former manager"
    note: str = ""  # "thanked Wed 25 Nov", "late: due Mon 16 Nov"


@dataclass(frozen=True, slots=True)
class StepView:
    """Everything one step panel shows."""

    number: int  # 1, 2 or 3
    title: str  # "Appreciation"
    status: str  # "1 of 2 thanked"
    state: str  # drives the title colour: a key of MARKS, or "" for none
    items: tuple[StepItem, ...] = ()
    notes: tuple[tuple[str, str], ...] = ()  # (state, sentence) lines under the title
    empty: str = ""  # said when there are no items


class StepItems(OptionList):
    """The people of one step; j/k move, and moving past either end is left to the parent."""

    BINDINGS: list[BindingType] = [
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("up,k", "cursor_up", "Up", show=False),
    ]

    class Focused(Message):
        """The user is now on this item of this step: moved to it, or (`gained`)
        focused this list."""

        def __init__(self, items: StepItems, number: int, item_id: str | None,
                     gained: bool = False) -> None:
            super().__init__()
            self.items = items
            self.number = number
            self.item_id = item_id
            self.gained = gained

        @property
        def control(self) -> StepItems:
            return self.items

    def __init__(self, number: int, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.number = number

    @property
    def item_id(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None else None

    def action_cursor_down(self) -> None:
        # Past the last item the key is left to whoever contains this list (the
        # screen moves on to the next step), handled in the same key press.
        if self.highlighted is None or self.highlighted >= self.option_count - 1:
            raise SkipAction()
        super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.highlighted is None or self.highlighted <= 0:
            raise SkipAction()
        super().action_cursor_up()

    def on_focus(self) -> None:
        self.post_message(self.Focused(self, self.number, self.item_id, gained=True))

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        # Only the user's own moves count: a redraw while elsewhere must not
        # pull the preview over to this step.
        if self.has_focus:
            self.post_message(self.Focused(self, self.number, self.item_id))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()


class StepPanel(Vertical):
    """A numbered step: title with its status, notes, then its people."""

    DEFAULT_CSS = """
    StepPanel {
        height: auto;
        & > StepItems { height: auto; max-height: 12; }
        & > .step-notes { height: auto; display: none; }
        & > .step-empty { height: auto; display: none; }
        &.-has-notes > .step-notes { display: block; }
        &.-no-items > .step-empty { display: block; }
    }
    """

    def __init__(self, number: int, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.number = number

    def compose(self) -> ComposeResult:
        yield Static(classes="step-title")
        yield Static(classes="step-notes")
        yield StepItems(self.number, id=f"step-items-{self.number}")
        yield Static(classes="step-empty")

    @property
    def items(self) -> StepItems:
        return self.query_one(StepItems)

    def show(self, view: StepView, highlighted: str | None) -> None:
        """Draw `view` with the highlight on the item `highlighted` (if it is there)."""
        title = Content.assemble(
            (f"{view.number} {view.title}", "bold"),
            "  ",
            literal(view.status, STATE_STYLES.get(view.state, "")),
        )
        self.query_one(".step-title", Static).update(title)
        notes = self.query_one(".step-notes", Static)
        notes.update(Content("\n").join(
            literal(sentence, NOTE_STYLES.get(state, "")) for state, sentence in view.notes
        ))
        # Classes, not inline styles, so the app's stylesheet can still hide
        # parts of a panel (short terminals show only the active step's people).
        self.set_class(bool(view.notes), "-has-notes")
        self.set_class(not view.items and bool(view.empty), "-no-items")
        self.query_one(".step-empty", Static).update(literal(view.empty, "italic $text-muted"))
        items = self.items
        items.set_options(_option(item) for item in view.items)
        if view.items:
            ids = [item.item_id for item in view.items]
            items.highlighted = ids.index(highlighted) if highlighted in ids else 0


# Theme variables only, so every built-in theme (light ones too) stays readable.
STATE_STYLES = {
    "done": "$text-success",
    "late": "bold $text-error",
    "due": "bold $text-warning",
    "waiting": "$text-primary",
    "closed": "$text-muted",
    "move_on": "$text-secondary",
}
NOTE_STYLES = {**STATE_STYLES, "waiting": "", "done": ""}


def _option(item: StepItem) -> Option:
    parts: list[Content | str | tuple[str, str]] = [
        (MARKS.get(item.state, " "), STATE_STYLES.get(item.state, "")),
        " ",
        literal(item.label, "bold"),
    ]
    if item.note:
        parts += ["  ", literal(item.note, STATE_STYLES.get(item.state, "") or "$text-muted")]
    if item.detail:
        parts += [("  · ", "$text-muted"), literal(item.detail, "$text-muted")]
    return Option(Content.assemble(*parts), id=item.item_id)
