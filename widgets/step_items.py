"""What one step of an interview shows: the values the screen hands to `StepsView`.

Kept apart from the widget, so the screen code that only works them out (the
presenters, which the Today view uses too) loads without the widget.
"""

from __future__ import annotations

from store.frozen import Frozen, set_field
from store.schedule import ActionState


class StepItem(Frozen):
    """One person (or follow-up) in a step."""

    __slots__ = ("item_id", "state", "label", "detail", "note", "saving")

    item_id: str
    state: ActionState
    label: str  # "Dana Lee", "Follow-up 1"
    detail: str  # "Engineering Manager", "former manager"
    note: str  # "thanked Wed 25 Nov", "late: due Mon 16 Nov"
    saving: bool  # marked done or undone, and not yet on disk

    def __init__(self, item_id: str, state: ActionState, label: str, detail: str = "",
                 note: str = "", saving: bool = False) -> None:
        set_field(self, "item_id", item_id)
        set_field(self, "state", state)
        set_field(self, "label", label)
        set_field(self, "detail", detail)
        set_field(self, "note", note)
        set_field(self, "saving", saving)


class StepView(Frozen):
    """Everything one step shows."""

    __slots__ = ("number", "title", "status", "state", "items", "notes", "empty")

    number: int  # 1, 2 or 3
    title: str  # "Appreciation"
    status: str  # "1 of 2 thanked"
    state: ActionState | None  # drives the title colour; None for none
    items: tuple[StepItem, ...]
    notes: tuple[tuple[ActionState, str], ...]  # (state, sentence) lines under the title
    empty: str  # said when there are no items

    def __init__(self, number: int, title: str, status: str, state: ActionState | None,
                 items: tuple[StepItem, ...] = (),
                 notes: tuple[tuple[ActionState, str], ...] = (), empty: str = "") -> None:
        set_field(self, "number", number)
        set_field(self, "title", title)
        set_field(self, "status", status)
        set_field(self, "state", state)
        set_field(self, "items", items)
        set_field(self, "notes", notes)
        set_field(self, "empty", empty)
