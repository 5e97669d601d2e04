"""The interview list's rows, most urgent first, kept up to date from one snapshot to the
next without sorting them all again.

After a save only the rows of the interviews that changed are redone and moved:
at ten thousand interviews, sorting them all again would hold up the screen for
a frame or more. The repository hands back the same summary object for an
unchanged interview, which is how a changed one is recognised.

Each row is kept with the summary it was made from, and nothing else: where a row
sorts (its badge's sort key) and what it adds to the late and due counts are worked
out again from that summary when the row is moved or taken out. At ten thousand
interviews, a sort key, a badge's counts and a dict entry kept for every row took
more memory than the rows themselves.
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
from store.schedule import Badge, badge
from tui.state import Snapshot
from widgets.interview_list import InterviewRow

# How many rows a new snapshot may move one at a time (and one in sixteen more), rather
# than sort them all again.
_MOVED_AT_MOST = 256


def search_text(summary: InterviewSummary, book: Mapping[str, Reference]) -> str:
    """What the list filter looks in: company, role and every person's name."""
    names = list(summary.interviewer_names)
    names += [book[ref_id].name for ref_id in summary.reference_ids if ref_id in book]
    return "\n".join((summary.company, summary.role, *names)).casefold()


def make_row(summary: InterviewSummary, status: Badge,
             shared: dict[Any, str] | None = None) -> InterviewRow:
    """The row of one interview with its badge `status`. `shared` keeps one copy of each
    day's text and each badge's text for all the rows (thousands of rows, a few hundred
    such texts)."""
    text = status.text
    when = shared.get(summary.date) if shared is not None else None
    if when is None:
        when = format_day(summary.date)
        if shared is not None:
            shared[summary.date] = when
    if shared is not None:
        text = shared.setdefault(text, text)
    return InterviewRow(
        interview_id=summary.id,
        company=summary.company,
        role=summary.role,
        when=when,
        badge_kind=status.kind,
        badge_text=text,
    )


def row_entry(summary: InterviewSummary, snapshot: Snapshot,
              shared: dict[Any, str] | None = None) -> tuple[InterviewRow, Badge]:
    """The row of one interview, and its badge (where it sorts, its late and due)."""
    status = badge(summary, snapshot.settings, snapshot.book, snapshot.today)
    return make_row(summary, status, shared), status


class RowIndex:
    """The rows in order, and the late and due actions over all of them (the badges'
    counts add up to the summary bar's)."""

    def __init__(self) -> None:
        self._made_for: tuple[dt.date, Settings, Mapping[str, Reference]] | None = None
        # The rows in order, and beside each the summary it was made from.
        self._rows: list[InterviewRow] = []
        self._order: list[InterviewSummary] = []
        self._summaries: tuple[InterviewSummary, ...] = ()  # those the rows were made from
        self.counts = (0, 0)  # late and due actions over all interviews
        # What the filter looks in, by interview id: made when the filter is first used
        # (at ten thousand interviews it is a megabyte and more that most sessions
        # never need), from the summaries by id (made then too).
        self._search: dict[str, str] = {}
        self._by_id: dict[str, InterviewSummary] | None = None
        self._shared: dict[Any, str] = {}  # the texts rows share (see make_row)

    def search_text(self, row: InterviewRow) -> str:
        """The casefolded company, role and people of a row's interview, for the filter."""
        text = self._search.get(row.interview_id)
        if text is None:
            by_id = self._by_id
            if by_id is None:
                by_id = self._by_id = {s.id: s for s in self._order}
            summary = by_id.get(row.interview_id)
            if summary is None or self._made_for is None:
                return f"{row.company}\n{row.role}".casefold()
            text = self._search[row.interview_id] = search_text(summary, self._made_for[2])
        return text

    def _badge(self, summary: InterviewSummary) -> Badge:
        assert self._made_for is not None
        today, settings, book = self._made_for
        return badge(summary, settings, book, today)

    def _sort_key(self, summary: InterviewSummary) -> tuple[Any, ...]:
        return self._badge(summary).sort_key

    def update(self, snapshot: Snapshot) -> list[InterviewRow]:
        """The rows of `snapshot`, most urgent first."""
        today, settings, book = snapshot.today, snapshot.settings, snapshot.book
        summaries = snapshot.interviews.summaries
        previous, self._summaries = self._summaries, summaries
        self._by_id = None
        # A new day, new settings or a reference renamed (the filter searches the
        # names): redo every row.
        if not self._order or self._made_for != (today, settings, book):
            self._made_for = (today, settings, book)
            self._rebuild(summaries)
            return self._rows
        changed, old = _changes(summaries, previous)
        if len(changed) + len(old) > _MOVED_AT_MOST + len(summaries) // 16:
            # (Many changed, by another session or an import: each moved row costs a
            # few badges, and sorting them all again is quicker.)
            self._rebuild(summaries)
            return self._rows
        late, due = self.counts
        order, rows = self._order, self._rows
        for summary in old:
            status = self._badge(summary)
            at = bisect_left(order, status.sort_key, key=self._sort_key)
            if at >= len(order) or order[at] is not summary:
                # (Not where its key says: cannot happen while the rows are in order,
                # but rows out of place would stay so; sorting again puts them right.)
                self._rebuild(summaries)
                return self._rows
            del order[at]
            del rows[at]
            self._search.pop(summary.id, None)
            late, due = late - status.late, due - status.due
        shared = self._shared
        for summary in changed:
            row, status = row_entry(summary, snapshot, shared)
            at = bisect_left(order, status.sort_key, key=self._sort_key)
            order.insert(at, summary)
            rows.insert(at, row)
            late, due = late + status.late, due + status.due
        self.counts = (late, due)
        return rows

    def _rebuild(self, summaries: tuple[InterviewSummary, ...]) -> None:
        """Every row made afresh, and sorted."""
        self._search, self._shared = {}, {}
        shared = self._shared
        today, settings, book = self._made_for  # type: ignore[misc]
        late = due = 0
        keyed: list[tuple[tuple[Any, ...], InterviewSummary, InterviewRow]] = []
        for summary in summaries:
            status = badge(summary, settings, book, today)
            keyed.append((status.sort_key, summary, make_row(summary, status, shared)))
            late += status.late
            due += status.due
        # (Sort keys end with the interview's id: no two are equal, and the sort never
        # compares the summaries or rows beside them.)
        keyed.sort(key=_first)
        self._order = [entry[1] for entry in keyed]
        self._rows = [entry[2] for entry in keyed]
        self.counts = (late, due)


def _first(entry: tuple[Any, ...]) -> Any:
    return entry[0]


def _changes(summaries: tuple[InterviewSummary, ...], previous: tuple[InterviewSummary, ...]
             ) -> tuple[list[InterviewSummary], list[InterviewSummary]]:
    """The summaries new or changed since `previous`, and those of `previous` they
    replace or that are gone."""
    if len(summaries) == len(previous):
        # Each where it was (a save changed interviews and added or removed none): found
        # by comparing the two in step, which at ten thousand interviews is a fraction
        # of looking each one up.
        differs = list(map(is_not, summaries, previous))  # (in C: no Python loop over all)
        changed = list(compress(summaries, differs))
        old = list(compress(previous, differs))
        if all(new.id == was.id for new, was in zip(changed, old, strict=True)):
            return changed, old
    before = {s.id: s for s in previous}
    changed, old = [], []
    for summary in summaries:
        was = before.pop(summary.id, None)
        if was is not summary:
            changed.append(summary)
            if was is not None:
                old.append(was)
    old += before.values()  # deleted
    return changed, old
