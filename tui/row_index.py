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
more memory than the rows themselves. Nor is each row kept: what its badge and date
say (a `Look`, one for all the rows that look alike) is, and the row is made when it
is drawn or the filter looks at it.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Iterator, Mapping
from itertools import compress
from operator import is_not
from typing import Any

from store.dates import format_day
from store.models import InterviewSummary, Reference, Settings
from store.schedule import ActionState, Badge, badge
from tui.made_on_use import MadeOnUse
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


# What a row shows besides its interview's company and role: its badge's kind and text,
# and the day of the interview. A few hundred of these serve ten thousand rows.
Look = tuple[ActionState, str, str]


def make_look(summary: InterviewSummary, status: Badge,
              shared: dict[Any, Any] | None = None) -> Look:
    """How the row of one interview with its badge `status` looks. `shared` keeps one
    copy of each day's text and each look for all the rows."""
    when = shared.get(summary.date) if shared is not None else None
    if when is None:
        when = format_day(summary.date)
        if shared is not None:
            shared[summary.date] = when
    look = (status.kind, status.text, when)
    return shared.setdefault(look, look) if shared is not None else look


def make_row(summary: InterviewSummary, look: Look) -> InterviewRow:
    kind, text, when = look
    return InterviewRow(interview_id=summary.id, company=summary.company, role=summary.role,
                        when=when, badge_kind=kind, badge_text=text)


class _Made:
    """The rows made lately, by interview id, with the summary and look each was made
    from: asked for again (the same row drawn in the next frame), a row is the very
    same object, so the list redraws only the rows that changed."""

    KEPT = 1024

    def __init__(self) -> None:
        self._rows: dict[str, tuple[InterviewSummary, Look, InterviewRow]] = {}

    def known(self, summary: InterviewSummary, look: Look) -> InterviewRow | None:
        """The row made lately of `summary` looking `look`, if there is one."""
        made = self._rows.get(summary.id)
        if made is not None and made[0] is summary and made[1] is look:
            return made[2]
        return None

    def row(self, summary: InterviewSummary, look: Look) -> InterviewRow:
        """The row of `summary` looking `look`: the one made lately, or made now."""
        row = self.known(summary, look)
        if row is not None:
            return row
        if len(self._rows) >= self.KEPT:
            self._rows.clear()
        row = make_row(summary, look)
        self._rows[summary.id] = (summary, look, row)
        return row


class Rows(MadeOnUse[InterviewRow]):
    """The rows of one snapshot, in order, each made when asked for (see `_Made`); all
    of them once they are gone through (by the filter, which looks at every row at
    each key typed: made once, they are looked at as quickly as rows kept all along)."""

    __slots__ = ("_order", "_looks", "_made", "_every")

    def __init__(self, order: tuple[InterviewSummary, ...], looks: tuple[Look, ...],
                 made: _Made) -> None:
        self._order = order
        self._looks = looks
        self._made = made
        self._every: tuple[InterviewRow, ...] | None = None

    def __len__(self) -> int:
        return len(self._order)

    def _item(self, index: int) -> InterviewRow:
        if self._every is not None:
            return self._every[index]
        return self._made.row(self._order[index], self._looks[index])

    def __iter__(self) -> Iterator[InterviewRow]:
        every = self._every
        if every is None:
            # (Those made already are the very same rows: the list redraws no other.)
            made = self._made.known
            every = self._every = tuple(
                row if (row := made(summary, look)) is not None else make_row(summary, look)
                for summary, look in zip(self._order, self._looks, strict=True))
        return iter(every)

    def find(self, interview_id: str) -> int | None:
        """Where the row of `interview_id` is (None: not in the list), found without
        making the rows."""
        for at, summary in enumerate(self._order):
            if summary.id == interview_id:
                return at
        return None


class RowIndex:
    """The rows in order, and the late and due actions over all of them (the badges'
    counts add up to the summary bar's)."""

    def __init__(self) -> None:
        self._made_for: tuple[dt.date, Settings, Mapping[str, Reference]] | None = None
        # The summaries in the rows' order, and how each row looks.
        self._order: list[InterviewSummary] = []
        self._looks: list[Look] = []
        self._made = _Made()
        self._summaries: tuple[InterviewSummary, ...] = ()  # those the rows were made from
        self.counts = (0, 0)  # late and due actions over all interviews
        # What the filter looks in, by interview id: made when the filter is first used
        # (at ten thousand interviews it is a megabyte and more that most sessions
        # never need), from the summaries by id (made then too).
        self._search: dict[str, str] = {}
        self._by_id: dict[str, InterviewSummary] | None = None
        self._shared: dict[Any, Any] = {}  # the texts and looks rows share (see make_look)

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

    def _rows(self) -> Rows:
        return Rows(tuple(self._order), tuple(self._looks), self._made)

    def update(self, snapshot: Snapshot) -> Rows:
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
            return self._rows()
        changed, old = _changes(summaries, previous)
        if len(changed) + len(old) > _MOVED_AT_MOST + len(summaries) // 16:
            # (Many changed, by another session or an import: each moved row costs a
            # few badges, and sorting them all again is quicker.)
            self._rebuild(summaries)
            return self._rows()
        late, due = self.counts
        order, looks = self._order, self._looks
        for summary in old:
            status = self._badge(summary)
            at = bisect_left(order, status.sort_key, key=self._sort_key)
            if at >= len(order) or order[at] is not summary:
                # (Not where its key says: cannot happen while the rows are in order,
                # but rows out of place would stay so; sorting again puts them right.)
                self._rebuild(summaries)
                return self._rows()
            del order[at]
            del looks[at]
            self._search.pop(summary.id, None)
            late, due = late - status.late, due - status.due
        shared = self._shared
        for summary in changed:
            status = badge(summary, settings, book, today)
            at = bisect_left(order, status.sort_key, key=self._sort_key)
            order.insert(at, summary)
            looks.insert(at, make_look(summary, status, shared))
            late, due = late + status.late, due + status.due
        self.counts = (late, due)
        return self._rows()

    def _rebuild(self, summaries: tuple[InterviewSummary, ...]) -> None:
        """Every row made afresh, and sorted."""
        self._search, self._shared = {}, {}
        shared = self._shared
        today, settings, book = self._made_for  # type: ignore[misc]
        late = due = 0
        keyed: list[tuple[tuple[Any, ...], InterviewSummary, Look]] = []
        for summary in summaries:
            status = badge(summary, settings, book, today)
            keyed.append((status.sort_key, summary, make_look(summary, status, shared)))
            late += status.late
            due += status.due
        # (Sort keys end with the interview's id: no two are equal, and the sort never
        # compares the summaries or rows beside them.)
        keyed.sort(key=_first)
        self._order = [entry[1] for entry in keyed]
        self._looks = [entry[2] for entry in keyed]
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
