"""The three steps after an interview, with a cursor on the person the message is for.

The screen turns the schedule's values into one `StepView` per step; this
widget only draws them, as lines (see `widgets.lines`), and moves a cursor
over their people: j/k go from person to person and on into the next step.
Each move posts `StepsView.Moved` so the screen can show the matching message;
the view never talks to the preview itself.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.message import Message

from store.schedule import ActionState
from widgets.lines import Block, LinesView
from widgets.step_items import StepItem, StepView
from widgets.text import literal

# How each state is marked in front of a person: a symbol that reads without colour too.
MARKS = {
    ActionState.DONE: "✓",
    ActionState.LATE: "!",
    ActionState.DUE: "•",
    ActionState.WAITING: "○",
    ActionState.CLOSED: "–",
    ActionState.MOVE_ON: "–",
}

# Theme variables only, so every built-in theme (light ones too) stays readable.
STATE_STYLES = {
    ActionState.DONE: "$text-success",
    ActionState.LATE: "bold $text-error",
    ActionState.DUE: "bold $text-warning",
    ActionState.WAITING: "$text-primary",
    ActionState.CLOSED: "$text-muted",
    ActionState.MOVE_ON: "$text-secondary",
}
NOTE_STYLES = {**STATE_STYLES, ActionState.WAITING: "", ActionState.DONE: ""}

# An item whose change is on its way to the disk: neither its old mark nor the new
# one (nothing is shown as done before it is saved), and a word for why.
SAVING_MARK = ("…", "$text-muted")
SAVING_NOTE = ("saving…", "italic $text-muted")

ACTIVE_MARK = Content.styled("▌", "$accent")
NO_MARK = Content(" ")
CURSOR_STYLE = "on $block-cursor-blurred-background"
FOCUS_STYLE = "on $boost"


def item_line(item: StepItem) -> Content:
    """`• Sam Ortiz  thank today  · Staff Engineer`; `… Sam Ortiz  saving…` while its
    change is being saved."""
    parts: list[Content | str | tuple[str, str]] = [
        SAVING_MARK if item.saving else (MARKS.get(item.state, " "),
                                         STATE_STYLES.get(item.state, "")),
        " ",
        literal(item.label, "bold"),
    ]
    if item.saving:
        parts += ["  ", SAVING_NOTE]
    elif item.note:
        parts += ["  ", literal(item.note, STATE_STYLES.get(item.state, "") or "$text-muted")]
    if item.detail:
        parts += [("  · ", "$text-muted"), literal(item.detail, "$text-muted")]
    return Content.assemble(*parts)


class StepsView(LinesView, can_focus=True):
    """Three numbered steps: each a title with its status, notes, then its people."""

    BINDINGS: list[BindingType] = [
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("up,k", "cursor_up", "Up", show=False),
    ]

    OWN_SCROLL_BAR = True

    DEFAULT_CSS = """
    StepsView {
        overflow-y: hidden;
    }
    """

    class Moved(Message):
        """The cursor is now on `item_id` (None: a step without people) of step `number`."""

        def __init__(self, view: StepsView, number: int, item_id: str | None) -> None:
            super().__init__()
            self.view = view
            self.number = number
            self.item_id = item_id

        @property
        def control(self) -> StepsView:
            return self.view

    def __init__(self, *, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._views: tuple[StepView, ...] = ()
        self._active = 1
        # The item the cursor is on, in each step (by number).
        self._chosen: dict[int, str | None] = {}
        self._short = False
        # Whose each block of lines is, (step number, item id or ""): where the cursor
        # is drawn, and what a click lands on.
        self._owners: list[tuple[int, str]] = []
        # Blocks made for the values they show (see `_key`), kept as long as the
        # lines laid out for them.
        self._made: LRUCache[object, tuple[list[Block], list[tuple[int, str]]]] = \
            LRUCache(self.LAYOUTS_KEPT)

    # --- what the screen sets --------------------------------------------------------

    @property
    def number(self) -> int:
        """The step the cursor is in."""
        return self._active

    @property
    def item_id(self) -> str | None:
        """The person (or follow-up) under the cursor."""
        return self._chosen.get(self._active)

    def show(self, views: tuple[StepView, ...], active: int,
             chosen: dict[int, str | None]) -> None:
        """Draw `views` with the cursor in step `active` and, in each step, on the item
        `chosen` for it (the first item when that one is not there)."""
        self._views = views
        self._active = active
        self._chosen = {view.number: _pick(view, chosen.get(view.number)) for view in views}
        self._draw()

    def set_short(self, short: bool) -> None:
        """On a short terminal only the step the cursor is in shows its people."""
        if short != self._short:
            self._short = short
            self._draw()

    def go_to(self, number: int, item_id: str | None = None) -> None:
        """Put the cursor in step `number`, on `item_id` if given (and there), without a
        Moved message: the screen asking already knows."""
        self._active = number
        if item_id is not None:
            view = self._view(number)
            if view is not None and item_id in (item.item_id for item in view.items):
                self._chosen[number] = item_id
        self._draw()

    # --- moving ----------------------------------------------------------------------------

    def _view(self, number: int) -> StepView | None:
        for view in self._views:
            if view.number == number:
                return view
        return None

    def _move(self, direction: int) -> None:
        view = self._view(self._active)
        if view is None:
            return
        ids = [item.item_id for item in view.items]
        current = self._chosen.get(self._active)
        at = ids.index(current) if current in ids else -1
        if ids and 0 <= at + direction < len(ids) and at >= 0:
            self._chosen[self._active] = ids[at + direction]
        else:
            number = self._active + direction
            following = self._view(number)
            if following is None:
                return
            self._active = number
            people = [item.item_id for item in following.items]
            if people:
                self._chosen[number] = people[0] if direction > 0 else people[-1]
        self._draw()
        self.post_message(self.Moved(self, self._active, self.item_id))

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_cursor_up(self) -> None:
        self._move(-1)

    async def _on_click(self, event: events.Click) -> None:
        block = self.block_at(event.y + int(self.scroll_offset.y))
        if block is None:
            return
        number, item_id = self._owners[block]
        if (number, item_id) != (self._active, self.item_id):
            self._active = number
            if item_id:
                self._chosen[number] = item_id
            self._draw()
            self.post_message(self.Moved(self, self._active, self.item_id))

    def on_focus(self) -> None:
        self._draw()

    def on_blur(self) -> None:
        self._draw()

    # --- drawing ---------------------------------------------------------------------------

    def prepare(self, views: tuple[StepView, ...], active: int,
                chosen: dict[int, str | None]) -> None:
        """Lay out and draw, without showing them, the steps `show` would show for the
        same values while the view is not focused (the list is): showing them then
        is a swap of lines."""
        picked = {view.number: _pick(view, chosen.get(view.number)) for view in views}
        key, blocks, _ = self._blocks_for(views, active, picked, False)
        super().prepare(key, blocks)

    def _draw(self) -> None:
        key, blocks, self._owners = self._blocks_for(self._views, self._active, self._chosen,
                                                     self.has_focus)
        self.set_blocks(blocks, key=key)
        self._show_cursor()

    def _blocks_for(self, views: tuple[StepView, ...], active: int,
                    chosen: dict[int, str | None], focused: bool,
                    ) -> tuple[object, list[Block], list[tuple[int, str]]]:
        """The blocks for these values (and whose each is), made once, and the key
        they are laid out under: everything the lines depend on but the width and
        the theme."""
        key = (views, active, tuple(sorted(chosen.items())), self._short, focused)
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = self._make_blocks(views, active, chosen, focused)
        return (key, *made)

    def _make_blocks(self, views: tuple[StepView, ...], active_number: int,
                     chosen: dict[int, str | None], focused: bool,
                     ) -> tuple[list[Block], list[tuple[int, str]]]:
        short = self._short
        blocks: list[Block] = []
        # Whose each block is: (step number, item id or "").
        owners: list[tuple[int, str]] = []

        def add(block: Block, number: int, item_id: str = "") -> None:
            blocks.append(block)
            owners.append((number, item_id))

        for n, view in enumerate(views):
            active = view.number == active_number
            gutter = ACTIVE_MARK if active else NO_MARK
            back = FOCUS_STYLE if active and focused else ""
            title = Content.assemble(
                (f"{view.number} {view.title}", "bold"),
                "  ",
                literal(view.status, STATE_STYLES.get(view.state, "")),
            )
            add(Block(title, wrap=False, gutter=gutter, style=back), view.number)
            folded = short and not active
            if not folded:
                for state, sentence in view.notes:
                    add(Block(literal(sentence, NOTE_STYLES.get(state, "")), indent=2,
                              gutter=gutter, style=back), view.number)
                for item in view.items:
                    on_it = active and item.item_id == chosen.get(view.number)
                    style = f"{back} {CURSOR_STYLE}".strip() if on_it else back
                    add(Block(item_line(item), wrap=False, gutter=gutter, style=style),
                        view.number, item.item_id)
                if not view.items and view.empty:
                    add(Block(literal(view.empty, "italic $text-muted"), indent=2,
                              gutter=gutter, style=back), view.number)
            last = n == len(views) - 1
            if not last and not folded:
                add(Block(Content(""), wrap=False), view.number)
        return blocks, owners

    def _line_of(self, number: int, item_id: str = "") -> int | None:
        """The line of a step's title (no `item_id`) or of one of its people."""
        try:
            return self.line_of(self._owners.index((number, item_id)))
        except ValueError:
            return None

    def _show_cursor(self) -> None:
        """Keep the step's title and the person under the cursor in sight."""
        title = self._line_of(self._active)
        if title is None:
            return
        item = self._line_of(self._active, self.item_id) if self.item_id else None
        if item is None:
            self.scroll_to_line(title)
        else:
            self.scroll_to_line(title, min(item - title + 1, max(1, self.size.height)))
            self.scroll_to_line(item)

    def on_resize(self) -> None:
        # (LinesView's own handler runs after this one and finds nothing left to do.)
        self._draw()


def _pick(view: StepView, wanted: str | None) -> str | None:
    ids = [item.item_id for item in view.items]
    if wanted in ids:
        return wanted
    return ids[0] if ids else None
