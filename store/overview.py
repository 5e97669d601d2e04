"""What is due, read from the summary index alone: `followup today` and the Today view.

`day_agenda(path, day)` makes the day's agenda from what the index keeps of each
open interview for it (`schedule.agenda_entry`: who is to be thanked, briefed or
followed up, and between which days), when the index was made for the data file as
it is now and under the same rule: no interview is read, no summary decoded. It
gives the agenda light (`schedule.agenda_spans`: a tuple per step of an interview),
the day's counts, and the `Action`s of any slice of it (a screen makes only those it
shows).

`overview(path)` takes the open interviews' summaries, the settings and the
reference book from the summary index (see `summary_index.read_index`): no
interview is read, and neither TinyDB nor the repository is loaded.
`overview(path, day)` takes only the summaries of the interviews that can have
something to say on `day`: those whose entries have an action come due by then, or
coming due first after it (`schedule.pick_due`); the others are not even decoded.
When the index is missing, stale, damaged or of another form or rule, or the file
needs the repository's care (another version, a damaged record, a missing file
beside its backup), `day_agenda` gives None and `overview` has the file read by the
repository as always, which gives the same answer or the same refusal. The rules
themselves are `schedule.agenda`, `schedule.agenda_spans` and `schedule.next_action`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from itertools import accumulate
from operator import itemgetter
from pathlib import Path

from . import codec
from .locations import index_path, resolve_link
from .models import Interview, InterviewSummary, Reference, Settings
from .schedule import (
    Action,
    agenda,
    agenda_entry,
    day_spans,
    entry_days,
    next_action,
    pick_due,
    span_actions,
    unreferenced,
)
from .summary_index import Keyed, read_index, read_keys

TYPE_CHECKING = False  # (typing itself is not loaded to run: `followup today` starts without it)
if TYPE_CHECKING:
    from typing import Any

    from .models import Step
    from .schedule import ActionState, AgendaSpan

    # One action of the day's agenda as a plain tuple (see `DayAgenda.rows`).
    AgendaRow = tuple[ActionState, Step, str, str, str, str | None, str | None, dt.date,
                      dt.date, str]

__all__ = ["DayAgenda", "Overview", "day_agenda", "overview"]


class Overview:
    """The interviews' summaries (the open ones at least), the settings and the book,
    as read at one moment; asks the schedule what is due."""

    __slots__ = ("book", "count", "day", "from_index", "settings", "summaries")

    def __init__(self, summaries: Sequence[InterviewSummary], settings: Settings,
                 book: Mapping[str, Reference], from_index: bool,
                 day: dt.date | None = None, count: int | None = None) -> None:
        self.summaries = summaries
        self.settings = settings
        self.book = book
        # Whether it was read from the summary index (for tests and the benchmark).
        self.from_index = from_index
        # The one day it answers for, when only that day's summaries were read.
        self.day = day
        # How many interviews the file holds (all of them, not only those read).
        self.count = len(summaries) if count is None else count

    def _for(self, day: dt.date) -> Sequence[InterviewSummary]:
        if self.day is not None and day != self.day:
            raise ValueError(f"read for {self.day}, not {day}")
        return self.summaries

    def agenda_for(self, day: dt.date) -> list[Action]:
        """Every action due or late on `day` (`schedule.agenda`)."""
        return agenda(self._for(day), self.settings, self.book, day)

    def next_action(self, day: dt.date) -> Action | None:
        """The first action to come due after `day` (`schedule.next_action`)."""
        return next_action(self._for(day), self.settings, self.book, day)

    def day_agenda(self, day: dt.date) -> DayAgenda:
        """`day`'s agenda, light (see `DayAgenda`), from the summaries."""
        settings = self.settings
        entries = [agenda_entry(summary, settings) for summary in self._for(day)
                   if summary.is_open]
        spans, late, due, listed = day_spans(entries, self.book, day)
        return DayAgenda(day, spans, settings, self.book, self.count,
                         unreferenced=unreferenced(entries, day), counts=(late, due),
                         entries=listed)


def _read_interview(fd: int | None, place: tuple[str, int, int, int] | None,
                    interview_id: str) -> Interview:
    """The interview whose record lies at `place` in the data file open as `fd`;
    ValueError when it cannot be read so."""
    if fd is None or place is None:
        raise ValueError(f"interview {interview_id} was not read here")
    doc_id, pos, length, start = place
    text = os.pread(fd, length, pos)
    if (len(text) != length or text[:start] != f'"{doc_id}":'.encode()
            or text[-1:] != b"}"):
        raise ValueError("a record is not where the index says")
    try:
        return codec.interview_from_doc(json.loads(text[start:]))
    except (TypeError, AttributeError, KeyError, RecursionError) as exc:
        raise ValueError(f"a record followup cannot read ({exc})") from exc


class DayAgenda:
    """One day's agenda as the summary index gives it (`day_agenda`), light: its spans, its
    counts, and the settings and book as read.

    `spans` are `schedule.agenda_spans` (see `schedule.AgendaSpan`: one per step of an
    interview, with the people it has to reach), in the agenda's order; `len` is how
    many actions they hold, `late` and `due` how many are late and due
    (`schedule.day_spans` counts them as it makes them), `entries` the agenda entries of
    the interviews on it, each once, `count` how many interviews the file holds, and
    `unreferenced` those on the agenda that list no reference (`schedule.unreferenced`).
    `actions(start, stop)` gives the `Action`s of a slice of the agenda, the very ones
    `schedule.agenda` lists there, making only those (a screen, those it shows); `rows`,
    a plain tuple per action (`AgendaRow`). With `keep_open`, `interview` reads an
    interview of the agenda in full from the very file the index was made for; `close`
    it then."""

    __slots__ = ("_fd", "_ids", "_keyed", "_offsets", "_places", "_rows", "book", "count", "day",
                 "due", "entries", "late", "settings", "spans", "unreferenced")

    def __init__(self, day: dt.date, spans: list[AgendaSpan], settings: Settings,
                 book: Mapping[str, Reference], count: int, keyed: Keyed | None = None,
                 unreferenced: frozenset[str] = frozenset(), *,
                 counts: tuple[int, int], entries: list[list[Any]]) -> None:
        self.day = day
        self.spans = spans
        self.late, self.due = counts
        self.entries = entries
        self.settings = settings
        self.book = book
        self.count = count
        self.unreferenced = unreferenced
        self._keyed = keyed
        self._fd = keyed.fd if keyed is not None else None
        # Kept open, the ids of the keyed interviews, in the index's order (`interview`
        # finds their places by them): the keys themselves are let go, those on the
        # agenda are in its spans. (A command that ends after the agenda lets go of it
        # all at once.)
        self._ids: list[Any] = []
        if keyed is not None and self._fd is not None:
            self._ids = list(map(itemgetter(0), keyed.keys.get("interviews", [])))
            keyed.keys = {}
        self._places: dict[str, tuple[str, int, int, int]] | None = None
        # Where each span's actions end among all of them, and the rows: when asked.
        self._offsets: list[int] | None = None
        self._rows: list[AgendaRow] | None = None

    def __len__(self) -> int:
        return self.late + self.due

    def actions(self, start: int = 0, stop: int | None = None) -> list[Action]:
        """The `Action`s of the agenda's actions from `start` to `stop`, as in a slice:
        `schedule.agenda(...)[start:stop]` (found by halving, made alone)."""
        start, stop, _ = slice(start, stop).indices(len(self))
        if start >= stop:
            return []
        offsets = self._offsets
        if offsets is None:
            offsets = self._offsets = list(accumulate(map(len, map(itemgetter(3),
                                                                    self.spans))))
        first = bisect_right(offsets, start)
        before = offsets[first - 1] if first else 0
        return span_actions(self.spans[first:bisect_left(offsets, stop) + 1],
                            start - before, stop - before)

    @property
    def rows(self) -> list[AgendaRow]:
        """A plain tuple per action of the agenda, in its order: (state, step, interview
        id, company, role, person id, person, due_on, late_after, reason), as its
        `Action` has them."""
        rows = self._rows
        if rows is None:
            rows = self._rows = [
                (state, step, entry[0], entry[1], entry[2], ids[n], names[n], due_on, late_on,
                 reason)
                for state, step, entry, ids, names, due_on, late_on, reason in self.spans
                for n in range(len(ids))]
        return rows

    def interview(self, interview_id: str) -> Interview:
        """An interview of the agenda in full, read from the very file the index was
        made for (`keep_open`); ValueError when it cannot be read so (not kept open,
        not on the agenda, not where the index says: the repository can tell)."""
        if self._places is None:
            keyed = self._keyed
            if keyed is None or self._fd is None:
                raise ValueError(f"interview {interview_id} was not read here")
            places = keyed.places().get("interviews", [])
            self._places = dict(zip(self._ids, places, strict=True))
        return _read_interview(self._fd, self._places.get(interview_id), interview_id)

    def close(self) -> None:
        """Let go of the data file (`interview` reads no more)."""
        self._fd = None
        if self._keyed is not None:
            self._keyed.close()


def day_agenda(path: Path, day: dt.date, keep_open: bool = False) -> DayAgenda | None:
    """`day`'s agenda from the summary index alone (what it keeps of each open
    interview: `schedule.agenda_entry`), reading no interview and decoding no summary;
    None when the index cannot be used: missing, stale, damaged, of another form or
    rule, or the file needs the repository (then read it, or `overview`). With
    `keep_open`, the data file is kept open for `DayAgenda.interview` (`close` it).
    Creates nothing. For `followup today` and the Today view's first frame."""
    path = resolve_link(path)
    keyed = read_keys(path, index_path(path), codec.INDEX_TAG, keep_open=keep_open)
    if keyed is None:
        return None
    found = None
    try:
        small = _small_tables(keyed.tables)
        if small is not None:
            settings, book = small
            entries = keyed.keys.get("interviews", [])
            spans, late, due, listed = day_spans(entries, book, day)
            # (What was read goes with the agenda, which holds most of it anyway: a
            # command that ends after it lets go of it all at once.)
            found = DayAgenda(day, spans, settings, book, keyed.count.get("interviews", 0),
                              keyed, unreferenced(entries, day), counts=(late, due),
                              entries=listed)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError,
            RecursionError):
        found = None  # a damaged index: the repository reads the file
    finally:
        if found is None:
            keyed.close()
    return found


def _is_open(summary: InterviewSummary) -> bool:
    return summary.is_open


# How the interviews' summaries are kept in the index (as `Repository` writes them).
_CODECS: Mapping[str, Any] = {
    "interviews": (codec.summary_to_row, codec.summary_from_row, _is_open)}


def _from_index(path: Path, day: dt.date | None) -> Overview | None:
    choose = None
    if day is not None:
        ordinal = day.toordinal()

        def choose(keys: list[Any]) -> list[bool]:
            return pick_due(map(entry_days, keys), ordinal)

    indexed = read_index(path, index_path(path), _CODECS, codec.INDEX_TAG, choose)
    if indexed is None:
        return None
    found = _small_tables(indexed.tables)
    if found is None:
        return None
    settings, book = found
    return Overview(indexed.notes.get("interviews", []), settings, book, True, day,
                    indexed.count.get("interviews"))


def _small_tables(tables: Mapping[str, Any]) -> tuple[Settings, dict[str, Reference]] | None:
    """The settings and the reference book from the small tables; None when the file
    needs the repository (another version to migrate, a damaged record to name)."""
    try:
        meta = tables.get("meta", {})
        if not any(type(doc) is dict and type(doc.get("schema")) is int
                   and doc["schema"] == codec.SCHEMA_VERSION for doc in meta.values()):
            return None  # the repository migrates it, or says why it cannot
        settings_docs = list(tables.get("settings", {}).values())
        settings = codec.settings_from_doc(settings_docs[0]) if settings_docs else Settings()
        book: dict[str, Reference] = {}
        for doc in tables.get("references", {}).values():
            reference = codec.reference_from_doc(doc)
            book[reference.id] = reference
    except (ValueError, TypeError, AttributeError, KeyError):
        return None  # the repository names the damaged record
    return settings, book


def overview(path: Path, day: dt.date | None = None) -> Overview:
    """What the data file at `path` holds for the agenda (on `day` only, if given):
    from its summary index when that matches the file, else read by the repository
    (DataFileError when the file cannot be used). Creates nothing."""
    path = resolve_link(path)
    found = _from_index(path, day)
    if found is not None:
        return found
    from .repository import Repository

    repo = Repository(path, create=False, check=False)
    return Overview(repo.index().summaries, repo.settings(), repo.book(), False)
