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
from itertools import compress
from operator import is_not
from typing import Any

from store.dates import format_day
from store.models import InterviewSummary, Reference, Settings
from store.schedule import badge
from tui.state import Snapshot
from widgets.interview_list import InterviewRow

# (the summary it was made from, its row, and of its badge: where it sorts, and its
# late and due actions). Not the badge itself: at ten thousand interviews, every
# object kept per row counts.
_Entry = tuple[InterviewSummary, InterviewRow, tuple[Any, ...], int, int]


def search_text(summary: InterviewSummary, book: Mapping[str, Reference]) -> str:
    """What the list filter looks in: company, role and every person's name."""
    names = list(summary.interviewer_names)
    names += [book[ref_id].name for ref_id in summary.reference_ids if ref_id in book]
    return "\n".join((summary.company, summary.role, *names)).casefold()


def row_entry(summary: InterviewSummary, snapshot: Snapshot,
              shared: dict[Any, str] | None = None) -> _Entry:
    """The row of one interview. `shared` keeps one copy of each day's text and each
    badge's text for all the rows (thousands of rows, a few hundred such texts)."""
    status = badge(summary, snapshot.settings, snapshot.book, snapshot.today)
    text = status.text
    when = shared.get(summary.date) if shared is not None else None
    if when is None:
        when = format_day(summary.date)
        if shared is not None:
            shared[summary.date] = when
    if shared is not None:
        text = shared.setdefault(text, text)
    row = InterviewRow(
        interview_id=summary.id,
        company=summary.company,
        role=summary.role,
        when=when,
        badge_kind=status.kind,
        badge_text=text,
    )
    return (summary, row, status.sort_key, status.late, status.due)


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
        # What the filter looks in, by interview id: made when the filter is first used
        # (at ten thousand interviews it is a megabyte and more that most sessions
        # never need).
        self._search: dict[str, str] = {}
        self._shared: dict[Any, str] = {}  # the texts rows share (see row_entry)

    def search_text(self, row: InterviewRow) -> str:
        """The casefolded company, role and people of a row's interview, for the filter."""
        text = self._search.get(row.interview_id)
        if text is None:
            entry = self._cache.get(row.interview_id)
            if entry is None or self._made_for is None:
                return f"{row.company}\n{row.role}".casefold()
            text = self._search[row.interview_id] = search_text(entry[0], self._made_for[2])
        return text

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
            self._search, self._shared = {}, {}
            fresh = {s.id: row_entry(s, snapshot, self._shared) for s in summaries}
            entries = sorted(fresh.values(), key=lambda entry: entry[2])
            self._cache = fresh
            self._order = [entry[2] for entry in entries]
            self._rows = [entry[1] for entry in entries]
            self.counts = (sum(e[3] for e in entries), sum(e[4] for e in entries))
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
            self._search.pop(key, None)
            old = cache.pop(key)
            at = bisect_left(self._order, old[2])
            del self._order[at]
            del self._rows[at]
            late, due = late - old[3], due - old[4]
        for summary in changed:
            entry = cache[summary.id] = row_entry(summary, snapshot, self._shared)
            at = bisect_left(self._order, entry[2])
            self._order.insert(at, entry[2])
            self._rows.insert(at, entry[1])
            late, due = late + entry[3], due + entry[4]
        self.counts = (late, due)
        return self._rows


def _changed_in_place(summaries: tuple[InterviewSummary, ...],
                      previous: tuple[InterviewSummary, ...]) -> list[InterviewSummary] | None:
    """The summaries changed since `previous` when each is where it was (a save changed
    interviews and added or removed none): found by comparing the two in step, which
    at ten thousand interviews is a fraction of looking each one up. None otherwise."""
    if len(summaries) != len(previous):
        return None
    differs = list(map(is_not, summaries, previous))  # (in C: no Python loop over all)
    changed = list(compress(summaries, differs))
    if any(new.id != old.id
           for new, old in zip(changed, compress(previous, differs), strict=True)):
        return None
    return changed
