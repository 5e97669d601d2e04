"""What the screens draw from and how they ask for a change: the snapshot and the save
protocol. The screens depend on this, not on the app, so the app can import them
without a circle.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence, Set
from typing import Protocol, TypeVar

from store.frozen import Frozen, set_field
from store.models import Reference, Settings
from store.repository import InterviewIndex, Repository
from store.schedule import Action

T = TypeVar("T")

# One action of the agenda: (interview id, step value, person id or None).
AgendaKey = tuple[str, str, str | None]


class Snapshot(Frozen):
    """Everything the screen draws from, read from the repository in one go.

    Compared by identity: a new snapshot is a new reading, and comparing
    thousands of interviews field by field would cost more than repainting.
    """

    __slots__ = ("interviews", "book", "settings", "today", "seq")

    interviews: InterviewIndex  # by id, each read in full when first asked for
    book: Mapping[str, Reference]
    settings: Settings
    today: dt.date
    seq: int  # increases with every reading, so a late worker cannot undo a newer one

    def __init__(self, interviews: InterviewIndex, book: Mapping[str, Reference],
                 settings: Settings, today: dt.date, seq: int) -> None:
        set_field(self, "interviews", interviews)
        set_field(self, "book", book)
        set_field(self, "settings", settings)
        set_field(self, "today", today)
        set_field(self, "seq", seq)

    __eq__ = object.__eq__  # type: ignore[assignment]
    __hash__ = object.__hash__  # type: ignore[assignment]


class Host(Protocol):
    """What a screen asks of the application."""

    snapshot: Snapshot
    # Whether the Today view is on the screen stack (its agenda is then prepared
    # in the save's worker).
    today_open: bool

    def today(self) -> dt.date: ...

    def save(self, change: Callable[[Repository], T], *,
             done: str | Callable[[T], str] | None = None,
             then: Callable[[T], None] | None = None,
             ended: Callable[[bool], None] | None = None) -> None:
        """Run `change` on the repository in a worker, then repaint from what it saved;
        `done` tells the user, `then` moves the selection to what changed, `ended`
        takes back a mark shown while the change was on its way (saved or not)."""

    def agenda(self, snapshot: Snapshot) -> list[Action]: ...

    def agenda_by_key(self, snapshot: Snapshot) -> Mapping[AgendaKey, Action]: ...

    def agenda_order(self, snapshot: Snapshot) -> Sequence[AgendaKey]: ...

    def agenda_counts(self, snapshot: Snapshot) -> tuple[int, int]: ...

    def may_need_references(self, snapshot: Snapshot) -> Set[str]: ...

    def action_today(self) -> None: ...

    def leave_today(self, opened: AgendaKey | None) -> None: ...
