"""What the data file keeps of the calendar sync: the to-dos the last sync saw on
the server (their place and version), and when a sync last changed something.

Kept apart from the sync's rules (`store.sync`) so the repository can read and
write it without importing them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from .frozen import Frozen, set_field

DELETED = "DELETED"  # the user deleted the to-do in the calendar


class Seen(Frozen):
    """One of our to-dos as the server held it after the last sync."""

    __slots__ = ("uid", "href", "etag", "status")

    uid: str
    href: str
    etag: str
    status: str  # NEEDS-ACTION, COMPLETED, CANCELLED, or DELETED

    def __init__(self, uid: str, href: str, etag: str, status: str) -> None:
        set_field(self, "uid", uid)
        set_field(self, "href", href)
        set_field(self, "etag", etag)
        set_field(self, "status", status)


class SyncState(Frozen):
    """What the data file keeps of the sync, saved with the data."""

    __slots__ = ("account", "calendar_url", "items", "last_at", "last_what")

    account: str  # the server, user and calendar the items below belong to
    calendar_url: str
    items: tuple[Seen, ...]  # by UID
    last_at: dt.datetime | None  # when a sync last changed something
    last_what: str  # and what it did

    def __init__(self, account: str = "", calendar_url: str = "", items: tuple[Seen, ...] = (),
                 last_at: dt.datetime | None = None, last_what: str = "") -> None:
        set_field(self, "account", account)
        set_field(self, "calendar_url", calendar_url)
        set_field(self, "items", items)
        set_field(self, "last_at", last_at)
        set_field(self, "last_what", last_what)

    @property
    def by_uid(self) -> dict[str, Seen]:
        return {seen.uid: seen for seen in self.items}

    @staticmethod
    def keep(items: Mapping[str, Seen]) -> tuple[Seen, ...]:
        """`items` in the order they are kept (so an unchanged state compares equal)."""
        return tuple(items[uid] for uid in sorted(items))

    def to_doc(self) -> dict[str, Any]:
        return {"account": self.account, "calendar_url": self.calendar_url,
                "items": {s.uid: [s.href, s.etag, s.status] for s in self.items},
                "last_at": self.last_at.isoformat() if self.last_at else None,
                "last_what": self.last_what}

    @classmethod
    def from_doc(cls, doc: Any) -> SyncState:
        """The state in a stored document; anything unreadable reads as no state (the
        next sync then reads everything back from the server)."""
        if not isinstance(doc, dict):
            return cls()
        items: dict[str, Seen] = {}
        raw = doc.get("items")
        for uid, value in (raw.items() if isinstance(raw, dict) else ()):
            if (isinstance(value, list) and len(value) == 3
                    and all(isinstance(v, str) for v in value)):
                items[uid] = Seen(uid, *value)
        try:
            last_at = dt.datetime.fromisoformat(doc["last_at"]) if doc.get("last_at") else None
        except (TypeError, ValueError):
            last_at = None
        return cls(str(doc.get("account") or ""), str(doc.get("calendar_url") or ""),
                   cls.keep(items), last_at, str(doc.get("last_what") or ""))
