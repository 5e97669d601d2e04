"""The interview list's rows, most urgent first, kept up to date from one snapshot to the
next without sorting them all again.

After a save only the rows of the interviews that changed are redone and moved:
at ten thousand interviews, sorting them all again would hold up the screen for
a frame or more. The repository hands back the same summary object for an
unchanged interview, which is how a changed one is recognised.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Mapping
from typing import Any

from store.dates import format_day
from store.models import InterviewSummary, Reference, Settings
from store.schedule import Badge, badge
from tui.state import Snapshot
from widgets.interview_list import InterviewRow

# (the summary it was made from, its row, its badge)
_Entry = tuple[InterviewSummary, InterviewRow, Badge]


def search_text(summary: InterviewSummary, book: Mapping[str, Reference]) -> str:
    """What the list filter looks in: company, role and every person's name."""
    names = list(summary.interviewer_names)
    names += [book[ref_id].name for ref_id in summary.reference_ids if ref_id in book]
    return "\n".join((summary.company, summary.role, *names)).casefold()


def row_entry(summary: InterviewSummary, snapshot: Snapshot) -> _Entry:
    status = badge(summary, snapshot.settings, snapshot.book, snapshot.today)
    row = InterviewRow(
        interview_id=summary.id,
        company=summary.company,
        role=summary.role,
        when=format_day(summary.date),
        badge_kind=status.kind,
        badge_text=status.text,
        search=search_text(summary, snapshot.book),
    )
    return (summary, row, status)


class RowIndex:
    """The rows in order, and the late and due actions over all of them (the badges'
    counts add up to the summary bar's)."""

    def __init__(self) -> None:
        self._cache: dict[str, _Entry] = {}
        self._made_for: tuple[dt.date, Settings, Mapping[str, Reference]] | None = None
        self._order: list[tuple[Any, ...]] = []  # the rows' sort keys, in order
        self._rows: list[InterviewRow] = []
        self._summaries: tuple[InterviewSummary, ...] = ()  # those the rows were made from
        self.counts = (0, 0)  # late and due actions over all interviews

    def update(self, snapshot: Snapshot) -> list[InterviewRow]:
        """The rows of `snapshot`, most urgent first."""
        cache = self._cache
        today, settings, book = snapshot.today, snapshot.settings, snapshot.book
        summaries = snapshot.interviews.summaries
        previous, self._summaries = self._summaries, summaries
        # A new day, new settings or a reference renamed (the filter searches the
        # names): redo every row.
        if not cache or self._made_for != (today, settings, book):
            self._made_for = (today, settings, book)
            fresh = {s.id: row_entry(s, snapshot) for s in summaries}
            entries = sorted(fresh.values(), key=lambda entry: entry[2].sort_key)
            self._cache = fresh
            self._order = [entry[2].sort_key for entry in entries]
            self._rows = [entry[1] for entry in entries]
            self.counts = (sum(e[2].late for e in entries), sum(e[2].due for e in entries))
            return self._rows
        changed = _changed_in_place(summaries, previous)
        gone: list[str] = []
        if changed is None:
            changed = []
            kept = 0
            for summary in summaries:
                cached = cache.get(summary.id)
                if cached is not None and cached[0] is summary:
                    kept += 1
                else:
                    changed.append(summary)
            if kept + sum(1 for s in changed if s.id in cache) < len(cache):  # some deleted
                ids = {s.id for s in summaries}
                gone = [key for key in cache if key not in ids]
        late, due = self.counts
        for key in [*gone, *(s.id for s in changed if s.id in cache)]:
            old = cache.pop(key)
            at = bisect_left(self._order, old[2].sort_key)
            del self._order[at]
            del self._rows[at]
            late, due = late - old[2].late, due - old[2].due
        for summary in changed:
            entry = cache[summary.id] = row_entry(summary, snapshot)
            at = bisect_left(self._order, entry[2].sort_key)
            self._order.insert(at, entry[2].sort_key)
            self._rows.insert(at, entry[1])
            late, due = late + entry[2].late, due + entry[2].due
        self.counts = (late, due)
        return self._rows


def _changed_in_place(summaries: tuple[InterviewSummary, ...],
                      previous: tuple[InterviewSummary, ...]) -> list[InterviewSummary] | None:
    """The summaries changed since `previous` when each is where it was (a save changed
    interviews and added or removed none): found by comparing the two in step, which
    at ten thousand interviews is a fraction of looking each one up. None otherwise."""
    if len(summaries) != len(previous):
        return None
    pairs = [(new, old) for new, old in zip(summaries, previous, strict=True) if new is not old]
    if any(new.id != old.id for new, old in pairs):
        return None
    return [new for new, _ in pairs]
