"""The repository: every read and change of the user's data goes through here.

It hands out frozen dataclasses (see `models`) and never a TinyDB document.
Each change runs under the storage's exclusive lock as one
read-modify-write, is on disk (fsynced and renamed into place) when the
method returns, and is written into the interview's history.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace
from itertools import chain, compress, count, repeat
from operator import is_
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

from tinydb import TinyDB
from tinydb.table import Document

from . import codec
from .dates import MAX_YEAR, MIN_YEAR, now
from .frozen import Frozen, set_field
from .message_kinds import MessageKind, Tone, kinds_for, resolve_tone, variants_for
from .models import (
    LIMITS,
    ContactChannel,
    FollowUp,
    FollowUpChannel,
    Format,
    HistoryEntry,
    Interview,
    Interviewer,
    InterviewSummary,
    Outcome,
    Reference,
    ReferenceUse,
    Reply,
    Rewording,
    Settings,
    Step,
    ThankChannel,
    ToneChoice,
)
from .storage import DataFileError, Record, SafeJSONStorage, plain_data
from .sync_state import SyncState
from .text import line_problem

if TYPE_CHECKING:
    from .schedule import Action

# The data file's version (kept in `codec`, which a quick reading imports alone).
SCHEMA_VERSION = codec.SCHEMA_VERSION
# The calendar sync's state (store.sync.SyncState). A file without this table (any
# file from before sync) simply has no state yet, so it needs no new schema version,
# and a followup without sync keeps the table as it is.
SYNC_TABLE = "calendar_sync"
EXPORT_FORMAT = "followup-export"

# Each migration takes the whole file's data at version N and returns it at N + 1.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


# --- what each update may change (typed, so a misspelt field is caught before it runs) --


class InterviewChanges(TypedDict, total=False):
    company: str
    role: str
    date: dt.date
    time: dt.time | None
    format: Format | str
    round: int
    decision_by: dt.date | None
    office_phone: str
    notes: str
    key_points: str


class InterviewerChanges(TypedDict, total=False):
    name: str
    title: str
    email: str
    phone: str
    topic: str
    hiring_manager: bool


class ReferenceChanges(TypedDict, total=False):
    name: str
    relationship: str
    email: str
    phone: str
    channel: ContactChannel | str
    notes: str


class FollowUpChanges(TypedDict, total=False):
    on: dt.date
    channel: FollowUpChannel | str
    note: str
    reply: str


class SettingsChanges(TypedDict, total=False):
    name: str
    signature: str
    phone: str
    email: str
    follow_up_wait: int
    follow_up_gap: int
    max_follow_ups: int
    theme: str


class NotFound(LookupError):
    """No interview, interviewer or reference with that id (or name)."""


class InvalidInput(ValueError):
    """A value the user gave cannot be saved. The message names the field and the fix."""


def _clean_line(value: str, field: str, required: bool = False,
                limit: int = LIMITS.text) -> str:
    if not isinstance(value, str):
        raise InvalidInput(f"{field} must be text")
    if not codec.is_unicode(value):
        raise InvalidInput(f"{field} holds bytes that are not UTF-8 text (a terminal or file "
                           "in another encoding?): type it again")
    value = value.strip()
    if required and not value:
        raise InvalidInput(f"{field} is required")
    if len(value) > limit:
        raise InvalidInput(f"{field} is {len(value):,} characters long; keep it under {limit:,}")
    # The short fields (names, company, role, phone, email, title) are one line, shown
    # in lists and titles; the long ones (notes, topics) may hold line breaks.
    if limit <= ONE_LINE_LIMIT:
        _check_one_line(value, field)
    return value


ONE_LINE_LIMIT = 200
# How many interviews converted when asked for are kept (see `Repository._convert`): the
# few the screen shows and draws ahead, many times over. Holding j through ten thousand
# interviews converted each one in turn, and kept them all.
CONVERTED_KEPT = 256


def _check_one_line(value: str, field: str) -> None:
    problem = line_problem(value)
    if problem is not None:
        raise InvalidInput(f"{field} {problem}")


def _check_imported_lines(interviews: Iterable[Interview], refs: Iterable[Reference]) -> None:
    """An import is refused whole when a one-line field holds a control character."""
    for ref in refs:
        for field in ("name", "relationship", "email", "phone"):
            problem = line_problem(getattr(ref, field))
            if problem:
                raise InvalidInput(f"the reference {ref.name!r}: its {field} {problem}; "
                                   "nothing was imported")
    for interview in interviews:
        for field in ("company", "role", "office_phone"):
            problem = line_problem(getattr(interview, field))
            if problem:
                raise InvalidInput(f"the interview {interview.id!r}: its "
                                   f"{field.replace('_', ' ')} {problem}; nothing was imported")
        for person in interview.interviewers:
            for field in ("name", "title", "email"):
                problem = line_problem(getattr(person, field))
                if problem:
                    raise InvalidInput(f"the interview {interview.id!r}: an interviewer's "
                                       f"{field} {problem}; nothing was imported")


def _check_day(day: dt.date | None) -> None:
    """The schedule counts business days from every date: keep clear of the calendar's ends."""
    if day is not None and not MIN_YEAR <= day.year <= MAX_YEAR:
        raise InvalidInput(f"{day.isoformat()} is in the year {day.year}: use a date from "
                           f"{MIN_YEAR} to {MAX_YEAR}")


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


# What the repository keeps of each stored interview (a record's note): its summary
# or, when every record is checked at the start, its summary and the whole interview.
# (The summary alone, not in a tuple: at ten thousand interviews a tuple each is
# 0.6 MB.) A record it cannot read is noted as the error, raised when the file is
# loaded. The storage hands an unchanged record's note on from one reading to the
# next, so the same note means the same record: what was made of it still holds.
_Note = InterviewSummary | tuple[InterviewSummary, Interview]


def _summary(note: _Note) -> InterviewSummary:
    return note if isinstance(note, InterviewSummary) else note[0]


def _note_to_row(note: _Note | Exception) -> list[Any] | None:
    return None if isinstance(note, Exception) else codec.summary_to_row(_summary(note))


def _note_from_row(row: list[Any]) -> _Note:
    return codec.summary_from_row(row)


def _is_open(note: _Note | Exception) -> bool:
    # What a quick reading of the index (`store.overview`) wants: the agenda lists
    # nothing of a closed interview.
    return not isinstance(note, Exception) and _summary(note).is_open


def _due_keys(tables: Mapping[str, Any]) -> tuple[Any, Callable[[Any], list[Any]]]:
    """Keys each open interview's line in the summary index with what the day's agenda
    needs of it (`schedule.agenda_entry`: the days its actions come due, and who and
    when), under the settings being saved: the follow-ups' timing is theirs (and the
    version of the keys: an interview's key is worked out again when that timing
    changed). `followup today` makes its lines from these alone, and the Today view
    its first frame (`store.overview`)."""
    from .schedule import agenda_entry

    docs = list(tables.get("settings", {}).values())
    settings = codec.settings_from_doc(docs[0]) if docs else Settings()

    def key_of(note: _Note) -> list[Any]:
        return agenda_entry(_summary(note), settings)

    return (settings.follow_up_wait, settings.follow_up_gap, settings.max_follow_ups), key_of


def _replaced(summaries: tuple[InterviewSummary, ...], old: InterviewSummary | None,
              new: InterviewSummary) -> tuple[InterviewSummary, ...]:
    """`summaries` with `old` (the very object) replaced by `new`, or `new` added at the
    end. (Found by identity, in C: at ten thousand interviews, each save does this.)"""
    if old is not None:
        # (The first place where it is, without a list of ten thousand answers.)
        at = next(compress(count(), map(is_, summaries, repeat(old))), None)
        if at is not None:
            return (*summaries[:at], new, *summaries[at + 1:])
    return (*summaries, new)


class _NoId(codec.BadRecord):
    """A stored interview without an id (named by its place in the file)."""


class Docs(Mapping[str, Record]):
    """The interviews' stored records by id, in the file's order, as read at one moment.

    A save makes a new one and never changes one: an index handed out (see
    `Repository.index`) keeps reading the moment it was made at while the next save
    is written in another thread. The new one shares the records of the one before
    (`base`) and holds the few saved since over them (`newer`), rather than a copy of
    all ten thousand: each copy left its room behind in the saving thread's heap, a
    megabyte over a few saves. Past `FOLD_AT` of them, a save copies them in once.
    """

    __slots__ = ("_base", "_newer", "_added")

    FOLD_AT = 256

    def __init__(self, base: dict[str, Record], newer: dict[str, Record] | None = None,
                 added: int = 0) -> None:
        self._base = base
        self._newer: dict[str, Record] = newer or {}
        self._added = added  # how many of `newer` are not in `base`

    def __getitem__(self, interview_id: str) -> Record:
        found = self._newer.get(interview_id)
        return found if found is not None else self._base[interview_id]

    def get(self, interview_id: str, default: Any = None) -> Any:
        found = self._newer.get(interview_id)
        return found if found is not None else self._base.get(interview_id, default)

    def __contains__(self, interview_id: object) -> bool:
        return interview_id in self._newer or interview_id in self._base

    def __iter__(self) -> Iterator[str]:
        if not self._added:
            return iter(self._base)
        base = self._base
        return chain(base, [key for key in self._newer if key not in base])

    def __len__(self) -> int:
        return len(self._base) + self._added

    def records(self) -> Iterator[tuple[str, Record]]:
        """(id, record) of each interview, in the file's order."""
        if not self._newer:
            return iter(self._base.items())
        return ((key, self[key]) for key in self)

    def with_record(self, interview_id: str, record: Record) -> Docs:
        """These records with `record` under `interview_id` (in its place, or last)."""
        newer = dict(self._newer)
        added = self._added + (interview_id not in newer and interview_id not in self._base)
        newer[interview_id] = record
        if len(newer) <= self.FOLD_AT:
            return Docs(self._base, newer, added)
        base = dict(self._base)
        base.update(newer)
        return Docs(base)


class InterviewIndex(Mapping[str, Interview]):
    """Every interview by id, as read at one moment, and a summary of each for lists.

    An interview is converted from its stored record only when it is asked
    for (then kept until its record changes): a list of ten thousand needs
    only their summaries, and the screen only the one the user is on.
    """

    def __init__(self, repo: Repository, docs: Docs,
                 summaries: tuple[InterviewSummary, ...]) -> None:
        self._repo = repo
        self._docs = docs
        self.summaries = summaries

    def __getitem__(self, interview_id: str) -> Interview:
        return self._repo._convert(interview_id, self._docs[interview_id])

    def __iter__(self) -> Iterator[str]:
        return iter(self._docs)

    def __len__(self) -> int:
        return len(self._docs)

    def __contains__(self, interview_id: object) -> bool:
        return interview_id in self._docs


class ImportSummary(Frozen):
    """What an import added and what it skipped."""

    __slots__ = ("interviews_added", "interviews_skipped", "references_added")

    interviews_added: int
    interviews_skipped: int
    references_added: int

    def __init__(self, interviews_added: int, interviews_skipped: int,
                 references_added: int) -> None:
        set_field(self, "interviews_added", interviews_added)
        set_field(self, "interviews_skipped", interviews_skipped)
        set_field(self, "references_added", references_added)


class Repository:
    """The user's interviews, reference book and settings in one data file."""

    def __init__(self, path: str | Path, clock: Callable[[], dt.datetime] = now,
                 create: bool = True, check: bool = True) -> None:
        """Open (or create) the data file at `path`.

        With `check` (the default) every record is read in full now, so a damaged
        one stops this constructor. Without it, only what lists need is read
        now (a damaged date or id still stops it) and the rest of each interview
        when it is first asked for, which raises DataFileError if it is damaged.
        """
        self.path = Path(path)
        self._clock = clock
        self._check = check
        # Interview records are kept as their JSON text, each read once as it is
        # parsed (by `_note`): ten thousand parsed documents would take four times
        # the memory, and the interviews are converted only when asked for.
        # The summaries are also kept in the storage's summary index, from which the
        # next start reads them without parsing the interviews; not when every record
        # is to be checked.
        self._db = TinyDB(self.path, storage=SafeJSONStorage, create=create,
                          records={"interviews": self._note},
                          index={"interviews": (_note_to_row, _note_from_row, _is_open)},
                          read_index=not check, index_tag=codec.INDEX_TAG,
                          index_keys={"interviews": _due_keys})
        self.storage: SafeJSONStorage = self._db.storage  # type: ignore[assignment]
        # A file made by the first save starts with its schema version.
        self.storage.initial = {"meta": {"1": {"schema": SCHEMA_VERSION}}}
        self.path = self.storage.path  # the real file, when `path` is a link to it
        self._interviews = self._db.table("interviews", cache_size=0)
        self._references = self._db.table("references", cache_size=0)
        self._settings = self._db.table("settings", cache_size=0)
        self._meta = self._db.table("meta", cache_size=0)
        self._seen_generation = -1
        # Interview records by interview id (each knows its document id in the table),
        # and the highest document id.
        self._docs = Docs({})
        self._last_doc_id = 0
        # Interviews converted when asked for, with the note of the record they came
        # from: a changed record has a new note, and is converted again. At most
        # CONVERTED_KEPT of them.
        self._converted: dict[str, tuple[_Note, Interview]] = {}
        # Their summaries, in the same order.
        self._summary_tuple: tuple[InterviewSummary, ...] = ()
        self._book: dict[str, Reference] = {}
        self._ref_doc_ids: dict[str, int] = {}
        self._settings_value = Settings()
        # Said after each history entry written meanwhile ("done in the calendar").
        self._history_note = ""
        self._check_schema()

    # --- clock ----------------------------------------------------------------

    def now(self) -> dt.datetime:
        return self._clock()

    def today(self) -> dt.date:
        return self._clock().date()

    @property
    def backup_path(self) -> Path:
        return self.storage.backup_path

    # --- schema ---------------------------------------------------------------

    def _check_schema(self) -> None:
        # The usual case, a file of this version, needs no lock: reading never waits
        # for another session (every save is an atomic rename).
        meta = (self.storage.read() or {}).get("meta", {})
        if any(isinstance(doc, dict) and doc.get("schema") == SCHEMA_VERSION
               and type(doc.get("schema")) is int for doc in meta.values()):
            self._refresh()
            return
        with self.storage.transaction():
            data = self.storage.read() or {}
            meta = data.get("meta", {})
            version = None
            for doc in meta.values():
                if isinstance(doc, dict) and "schema" in doc:
                    version = doc["schema"]
            has_data = any(data.get(name) for name in ("interviews", "references", "settings"))
            if version is None:
                if has_data:
                    raise DataFileError(self.path, "has no schema version, so it is not a "
                                        "followup data file (or it was damaged)")
                if self.path.exists():
                    self._meta.insert({"schema": SCHEMA_VERSION})
                # else: reading creates nothing; the first save writes the version.
                return
            if not isinstance(version, int) or isinstance(version, bool) or version < 1:
                raise DataFileError(self.path, f"has a bad schema version ({version!r})")
            if version > SCHEMA_VERSION:
                raise DataFileError(
                    self.path,
                    f"was written by a newer followup (data version {version}; this one "
                    f"reads up to {SCHEMA_VERSION})",
                    "Upgrade followup (`pip install -U followup`) to open it. "
                    "The file was left untouched" + (
                        f"; the version before its last change is kept in {self.backup_path}"
                        if self.backup_path.exists() else "") + ".",
                )
            while version < SCHEMA_VERSION:
                data = MIGRATIONS[version](plain_data(data))
                version += 1
                data["meta"] = {"1": {"schema": version}}
                self.storage.write(data)
        self._refresh()

    # --- reading --------------------------------------------------------------

    def _refresh(self) -> None:
        """Bring the in-memory values up to date with the file, if it changed."""
        data = self.storage.read() or {}
        if self.storage.generation == self._seen_generation:
            return
        try:
            self._load(data)
        except (ValueError, TypeError, AttributeError, KeyError) as exc:
            # BadRecord is a ValueError; the others come from records of the wrong type
            # (a string where an object belongs, a non-numeric document id).
            raise DataFileError(self.path, f"holds a record followup cannot read ({exc})") from exc
        self._seen_generation = self.storage.generation

    def _note(self, doc: Any) -> _Note | Exception:
        """What to keep of a stored interview as it is read (see `_Note`)."""
        try:
            key = doc.get("id") if isinstance(doc, dict) else None
            if not isinstance(key, str):
                raise _NoId("has no id")
            summary = codec.interview_summary_from_doc(doc)
            return (summary, codec.interview_from_doc(doc)) if self._check else summary
        except (ValueError, TypeError, AttributeError, KeyError) as exc:
            return exc

    def _noted(self, record: Record) -> _Note:
        note: _Note | Exception | None = record.note
        if note is None:
            # Written by this process from a dict (an import): read it now.
            note = record.note = self._note(record.load())
        if isinstance(note, Exception):
            raise note
        return note

    def _load(self, data: dict[str, Any]) -> None:
        docs: dict[str, Record] = {}
        converted: dict[str, tuple[_Note, Interview]] = {}
        summaries: list[InterviewSummary] = []
        old_converted = self._converted
        last_doc_id = 0
        for doc_id, record in data.get("interviews", {}).items():
            try:
                note = self._noted(record)
            except _NoId as exc:
                raise codec.BadRecord(f"interview #{doc_id} has no id") from exc
            summary = _summary(note)
            key = summary.id
            last_doc_id = max(last_doc_id, int(doc_id))
            # Unchanged records keep their summary (the screen relies on that to
            # redo only the rows that changed) and their converted interview.
            if key in docs:
                # The same id twice (a file edited by hand): the last one, in the
                # first one's place, as a dict by id would keep them.
                summaries[[s.id for s in summaries].index(key)] = summary
            else:
                summaries.append(summary)
            value = old_converted.get(key)
            if value is not None and value[0] is note:
                converted[key] = value
            docs[key] = record
        self._docs, self._last_doc_id = Docs(docs), last_doc_id
        self._converted = converted
        self._summary_tuple = tuple(summaries)
        book: dict[str, Reference] = {}
        ref_ids: dict[str, int] = {}
        for doc_id, doc in data.get("references", {}).items():
            ref = codec.reference_from_doc(doc)
            book[ref.id] = ref
            ref_ids[ref.id] = int(doc_id)
        self._book, self._ref_doc_ids = book, ref_ids
        settings_docs = list(data.get("settings", {}).values())
        self._settings_value = (codec.settings_from_doc(settings_docs[0]) if settings_docs
                                else Settings())

    def changed_on_disk(self) -> bool:
        """True when another process saved since this one last looked."""
        return self.storage.changed_on_disk()

    def reload(self) -> bool:
        """Pick up changes made by another process. True when something changed."""
        before = self.storage.generation
        self._refresh()
        return self.storage.generation != before

    def _convert(self, interview_id: str, record: Record) -> Interview:
        """The interview in `record`, converted once per version of the record."""
        try:
            note = self._noted(record)
            if type(note) is tuple:
                return note[1]  # converted (and checked) when the file was read
            found = self._converted.get(interview_id)
            if found is not None and found[0] is note:
                return found[1]
            interview = codec.interview_from_doc(record.load())
        except (ValueError, TypeError, AttributeError, KeyError) as exc:
            raise DataFileError(self.path, f"holds a record followup cannot read ({exc})") from exc
        if len(self._converted) >= CONVERTED_KEPT:
            # (Forgotten all at once: another thread may be reading it.)
            self._converted.clear()
        self._converted[interview_id] = (note, interview)
        return interview

    def index(self) -> InterviewIndex:
        """Every interview by id, read in full only when asked for, with a summary of
        each (in the file's order) for lists: the way to show thousands of them."""
        self._refresh()
        # (The repository's own records: a save puts new ones in their place, never
        # changes these.)
        return InterviewIndex(self, self._docs, self._summary_tuple)

    def interviews(self) -> tuple[Interview, ...]:
        self._refresh()
        return tuple(self._convert(key, doc) for key, doc in self._docs.records())

    def interview(self, interview_id: str) -> Interview:
        self._refresh()
        try:
            doc = self._docs[interview_id]
        except KeyError:
            raise NotFound(f"no interview with id {interview_id!r}") from None
        return self._convert(interview_id, doc)

    def find_interview(self, key: str) -> Interview:
        """An interview by its id or a unique start of it (as typed on the command line)."""
        self._refresh()
        if key in self._docs:
            return self.interview(key)
        matches = [k for k in self._docs if key and k.startswith(key)]
        if len(matches) == 1:
            return self.interview(matches[0])
        if not matches:
            raise NotFound(f"no interview with id {key!r} (`followup list` shows the ids)")
        raise NotFound(f"{key!r} matches {len(matches)} interviews; type more of the id")

    def references(self) -> tuple[Reference, ...]:
        """The reference book, in alphabetical order."""
        self._refresh()
        return tuple(sorted(self._book.values(), key=lambda r: r.name.casefold()))

    def book(self) -> Mapping[str, Reference]:
        self._refresh()
        return dict(self._book)

    def reference(self, reference_id: str) -> Reference:
        self._refresh()
        try:
            return self._book[reference_id]
        except KeyError:
            raise NotFound(f"no reference with id {reference_id!r}") from None

    def reference_named(self, name: str) -> Reference | None:
        self._refresh()
        return next((r for r in self._book.values() if _same_name(r.name, name)), None)

    def settings(self) -> Settings:
        self._refresh()
        return self._settings_value

    def agenda(self, today: dt.date | None = None) -> list[Action]:
        return self.agenda_for(today or self.today())

    def agenda_for(self, day: dt.date) -> list[Action]:
        """Every action due or late on `day` (`schedule.agenda`), worked out from the
        summaries alone: no interview is read in full."""
        from .schedule import agenda

        self._refresh()
        return agenda(self._summary_tuple, self._settings_value, self._book, day)

    def next_action(self, day: dt.date) -> Action | None:
        """The first action to come due after `day` (`schedule.next_action`), or None;
        from the summaries alone, like `agenda_for`."""
        from .schedule import next_action

        self._refresh()
        return next_action(self._summary_tuple, self._settings_value, self._book, day)

    # --- ids ------------------------------------------------------------------

    def _new_id(self, taken: Iterable[str]) -> str:
        from secrets import token_hex  # only when something is added

        taken = set(taken)
        while True:
            key = token_hex(3)
            # All-digit ids read like numbers in a shell; keep a letter in each.
            if key not in taken and not key.isdigit():
                return key

    # --- writing: interviews --------------------------------------------------

    def _entry(self, what: str) -> HistoryEntry:
        note = self._history_note
        return HistoryEntry(at=self.now(), what=f"{what} — {note}" if note else what)

    def _save_interview(self, interview: Interview, what: str) -> Interview:
        """Write one interview (new or changed) with a history entry. Lock held by caller."""
        stamped = replace(interview, updated=self.now(),
                          history=(*interview.history, self._entry(what)))
        doc = codec.interview_to_doc(stamped)
        known = self._docs.get(stamped.id)
        doc_id = int(known.key) if known is not None else None
        before = self.storage.generation
        # What TinyDB's insert and update do, without converting every document id
        # of the table to a number and back (ten thousand of them) on each save.
        data = self.storage.read() or {}
        table = data.setdefault("interviews", {})
        if doc_id is None:
            doc_id = self._last_doc_id + 1
            if str(doc_id) in table:
                raise DataFileError(self.path, f"already holds interview #{doc_id}")
        else:
            old = table.get(str(doc_id))
            old = old.load() if isinstance(old, Record) else old
            # An update keeps fields this version does not know (from a newer one).
            if isinstance(old, dict):
                doc = {**old, **doc}
        table[str(doc_id)] = doc
        self.storage.write(data)
        if before == self._seen_generation and self.storage.generation == before + 1:
            # Only our own write happened since the last load (the lock is held):
            # update the one interview instead of re-reading ten thousand.
            stored = (self.storage.read() or {})["interviews"][str(doc_id)]
            summary = InterviewSummary.of(stamped)
            stored.note = summary
            # New records: the ones before may be held by an index handed out (`index`).
            self._docs = self._docs.with_record(stamped.id, stored)
            self._last_doc_id = max(self._last_doc_id, doc_id)
            # `stamped` is what the record now holds (the codec round-trips it).
            self._converted[stamped.id] = (stored.note, stamped)
            self._summary_tuple = _replaced(
                self._summary_tuple, _summary(self._noted(known)) if known else None, summary)
            self._seen_generation = self.storage.generation
        else:
            self._refresh()
        return self.interview(stamped.id)

    def _change(self, interview_id: str, what: str | Callable[[Interview], str],
                change: Callable[[Interview], Interview]) -> Interview:
        with self.storage.transaction():
            current = self.interview(interview_id)
            changed = change(current)
            text = what(current) if callable(what) else what
            return self._save_interview(changed, text)

    def add_interview(
        self, company: str, role: str, date: dt.date, *, time: dt.time | None = None,
        format: Format = Format.VIDEO, round: int = 1, decision_by: dt.date | None = None,
        office_phone: str = "", notes: str = "", key_points: str = "",
        interviewers: Iterable[Interviewer | Mapping[str, Any]] = (),
        references: Iterable[str] = (),
        new_references: Iterable[tuple[str, Mapping[str, Any]]] = (),
    ) -> Interview:
        """Add an interview. `references` are ids from the reference book;
        `new_references` are (name, details) of people to put in the book as
        `add_reference` would, in the same save: a failed save leaves none of them."""
        company = _clean_line(company, "company", required=True, limit=LIMITS.name)
        role = _clean_line(role, "role", required=True, limit=LIMITS.name)
        self._check_round(round)
        self._check_decision(date, decision_by)
        checked = [self.check_reference(name, **details) for name, details in new_references]
        with self.storage.transaction():
            self._refresh()
            people = self._new_interviewers(interviewers, ())
            ref_ids: list[str] = []
            for ref_id in references:
                self.reference(ref_id)
                if ref_id not in ref_ids:
                    ref_ids.append(ref_id)
            if checked:
                for ref_id in self._put_references(checked):
                    if ref_id not in ref_ids:
                        ref_ids.append(ref_id)
            now = self.now()
            interview = Interview(
                id=self._new_id(self._docs), company=company, role=role, date=date, time=time,
                format=Format(format), round=round, decision_by=decision_by,
                office_phone=_clean_line(office_phone, "office phone", limit=LIMITS.phone),
                notes=_clean_line(notes, "notes"),
                key_points=_clean_line(key_points, "key points", limit=LIMITS.text),
                created=now, updated=now,
                interviewers=people, references=tuple(ReferenceUse(r) for r in ref_ids),
            )
            saved = self._save_interview(
                interview, f"Added the {interview.round_label} interview at {company}")
            if checked:
                # The book changed in the same save: read it again (from memory).
                self._seen_generation = -1
                self._refresh()
            return saved

    def _put_references(self, checked: list[tuple[str, dict[str, Any]]]) -> list[str]:
        """Put the people in the book into the data about to be saved (not saved yet):
        a name already there is reused, any detail it lacked filled in. Their ids."""
        data = self.storage.read()
        assert data is not None  # this storage reads a missing file as {}
        table = data.setdefault("references", {})
        book = {ref.id: (str(self._ref_doc_ids[ref.id]), ref) for ref in self._book.values()}
        next_id = max(self._ref_doc_ids.values(), default=0) + 1
        ids = []
        for name, values in checked:
            found = next(((doc_id, ref) for doc_id, ref in book.values()
                          if _same_name(ref.name, name)), None)
            if found is not None:
                doc_id, ref = found
                missing = {k: v for k, v in values.items()
                           if v and not getattr(ref, k) and k != "channel"}
                ref = replace(ref, **missing)
            else:
                doc_id = str(next_id)
                next_id += 1
                ref = Reference(id=self._new_id([*self._book, *book]), name=name, **values)
            book[ref.id] = (doc_id, ref)
            table[doc_id] = codec.reference_to_doc(ref)
            ids.append(ref.id)
        return ids

    def check_interview(
        self, company: str, role: str, date: dt.date, *, round: int = 1,
        decision_by: dt.date | None = None, office_phone: str = "", notes: str = "",
        interviewers: Iterable[Interviewer | Mapping[str, Any]] = (), key_points: str = "",
    ) -> None:
        """Raise InvalidInput for anything `add_interview` would refuse, writing nothing.

        For callers that save other records first (the references of a new interview)
        and must not leave them behind when the interview itself is refused.
        """
        _clean_line(company, "company", required=True, limit=LIMITS.name)
        _clean_line(role, "role", required=True, limit=LIMITS.name)
        self._check_round(round)
        self._check_decision(date, decision_by)
        _clean_line(office_phone, "office phone", limit=LIMITS.phone)
        _clean_line(notes, "notes")
        _clean_line(key_points, "key points", limit=LIMITS.text)
        self._new_interviewers(interviewers, ())

    def _check_round(self, rnd: int) -> None:
        if not isinstance(rnd, int) or isinstance(rnd, bool) or not 1 <= rnd <= 99:
            raise InvalidInput(f"round must be a whole number from 1 to 99, not {rnd!r}")

    def _check_decision(self, date: dt.date, decision_by: dt.date | None) -> None:
        for day in (date, decision_by):
            _check_day(day)
        if decision_by is not None and decision_by < date:
            raise InvalidInput(
                f"the decision date ({decision_by.isoformat()}) is before the interview "
                f"({date.isoformat()}); check both dates")

    def _new_interviewers(self, people: Iterable[Interviewer | Mapping[str, Any]],
                          existing: tuple[Interviewer, ...]) -> tuple[Interviewer, ...]:
        result = list(existing)
        taken = {p.id for p in existing}
        for person in people:
            fields = (dict(person) if isinstance(person, Mapping)
                      else {k: getattr(person, k) for k in Interviewer.__slots__})
            fields.pop("id", None)
            fields["name"] = _clean_line(fields.get("name", ""), "interviewer's name",
                                         required=True, limit=LIMITS.name)
            for key in ("title", "email", "phone"):
                fields[key] = _clean_line(fields.get(key, ""), f"interviewer's {key}",
                                          limit=LIMITS.name)
            fields["topic"] = _clean_line(fields.get("topic", ""), "topic")
            new_id = self._new_id(taken)
            taken.add(new_id)
            wants_hm = fields.get("hiring_manager")
            fields["hiring_manager"] = bool(wants_hm) if wants_hm is not None else not result
            person_value = Interviewer(id=new_id, **fields)
            if person_value.hiring_manager:
                result = [replace(p, hiring_manager=False) for p in result]
            result.append(person_value)
        return tuple(result)

    def update_interview(self, interview_id: str,
                         **changes: Unpack[InterviewChanges]) -> Interview:
        """Change the interview's own fields (company, role, date, time, format, round,
        decision_by, office_phone, notes, key_points)."""
        fields: dict[str, Any] = dict(changes)
        unknown = set(fields) - InterviewChanges.__optional_keys__
        if unknown:
            raise InvalidInput(f"cannot change {', '.join(sorted(unknown))} this way")
        if "company" in fields:
            fields["company"] = _clean_line(fields["company"], "company", True, LIMITS.name)
        if "role" in fields:
            fields["role"] = _clean_line(fields["role"], "role", True, LIMITS.name)
        if "round" in fields:
            self._check_round(fields["round"])
        if "office_phone" in fields:
            fields["office_phone"] = _clean_line(fields["office_phone"], "office phone",
                                                 limit=LIMITS.phone)
        if "notes" in fields:
            fields["notes"] = _clean_line(fields["notes"], "notes")
        if "key_points" in fields:
            fields["key_points"] = _clean_line(fields["key_points"], "key points",
                                               limit=LIMITS.text)
        if "format" in fields:
            fields["format"] = Format(fields["format"])

        def change(current: Interview) -> Interview:
            new = replace(current, **fields)
            self._check_decision(new.date, new.decision_by)
            return new

        def what(current: Interview) -> str:
            names = [k.replace("_", " ") for k, v in fields.items() if getattr(current, k) != v]
            return "Edited " + (", ".join(names) if names else "nothing")

        return self._change(interview_id, what, change)

    def delete_interview(self, interview_id: str) -> Interview:
        with self.storage.transaction():
            interview = self.interview(interview_id)
            self._interviews.remove(doc_ids=[int(self._docs[interview_id].key)])
            self._refresh()
            return interview

    def set_outcome(self, interview_id: str, outcome: Outcome | str,
                    on: dt.date | None = None) -> Interview:
        """Record how it ended, `on` the day it was known (kept for the steps to say);
        OPEN takes an outcome back."""
        outcome = Outcome(outcome)
        _check_day(on)
        day = None if outcome is Outcome.OPEN else on
        what = (f"Outcome: {outcome.label}" + (f" on {day.isoformat()}" if day else "")
                if outcome is not Outcome.OPEN else "Outcome taken back: open again")
        return self._change(interview_id, what,
                            lambda i: replace(i, outcome=outcome, outcome_on=day))

    def set_references_needed(self, interview_id: str, needed: bool) -> Interview:
        """Whether the interview needs references: "none needed" stops asking for one."""
        what = "References needed" if needed else "No references needed"
        return self._change(interview_id, what,
                            lambda i: replace(i, references_not_needed=not needed))

    def record_reply(self, interview_id: str, on: dt.date, *, note: str = "",
                     decision_by: dt.date | None = None) -> Interview:
        """The employer answered on `on`; a new decision date replaces the old one.
        Kept in the interview's replies (and its history), from which the schedule
        counts the wait and the follow-ups again."""
        _check_day(on)
        _check_day(decision_by)
        note = _clean_line(note, "reply note", limit=LIMITS.text)

        def change(i: Interview) -> Interview:
            if on < i.date:
                raise InvalidInput(f"a reply on {on.isoformat()} is before the interview "
                                   f"({i.date.isoformat()}); check the date")
            if decision_by is not None and decision_by < on:
                raise InvalidInput(f"the new decision date ({decision_by.isoformat()}) is "
                                   f"before the reply ({on.isoformat()}); check both dates")
            reply = Reply(id=self._new_id(r.id for r in i.replies), on=on, note=note,
                          decision_by=decision_by,
                          previous_decision_by=i.decision_by if decision_by else None)
            replies = tuple(sorted((*i.replies, reply), key=lambda r: r.on))
            return replace(i, replies=replies,
                           decision_by=decision_by if decision_by else i.decision_by)

        def what(i: Interview) -> str:
            text = f"Reply on {on.isoformat()}"
            if decision_by is not None:
                was = f" (was {i.decision_by.isoformat()})" if i.decision_by else ""
                text += f": decision by {decision_by.isoformat()}{was}"
            return text + (f": {note}" if note else "")

        return self._change(interview_id, what, change)

    def next_round(self, interview_id: str, date: dt.date, *, time: dt.time | None = None,
                   format: Format | str | None = None, decision_by: dt.date | None = None,
                   office_phone: str | None = None, notes: str = "",
                   company: str | None = None, role: str | None = None,
                   round: int | None = None, key_points: str | None = None) -> Interview:
        """Add the next round of an interview on `date`: the same company, role, office
        phone, interviewers and references (unless given), each with nothing done yet.

        What was talked about (each interviewer's topic) is left empty: a thank-you
        after the next round should be about that conversation, not the last one.
        The earlier interview is left as it is; its history notes the new round.
        """
        with self.storage.transaction():
            earlier = self.interview(interview_id)
            if date < earlier.date:
                raise InvalidInput(
                    f"the next round ({date.isoformat()}) is before the "
                    f"{earlier.round_label} round ({earlier.date.isoformat()}); check the date")
            rnd = earlier.round + 1 if round is None else round
            self._check_round(rnd)
            self._check_decision(date, decision_by)
            phone = earlier.office_phone if office_phone is None else office_phone
            now = self.now()
            interview = Interview(
                id=self._new_id(self._docs),
                company=_clean_line(earlier.company if company is None else company, "company",
                                    required=True, limit=LIMITS.name),
                role=_clean_line(earlier.role if role is None else role, "role",
                                 required=True, limit=LIMITS.name),
                date=date, time=time,
                format=Format(format) if format is not None else earlier.format, round=rnd,
                decision_by=decision_by,
                office_phone=_clean_line(phone, "office phone", limit=LIMITS.phone),
                notes=_clean_line(notes, "notes"),
                key_points=_clean_line(earlier.key_points if key_points is None
                                       else key_points, "key points", limit=LIMITS.text),
                created=now, updated=now,
                interviewers=tuple(replace(p, thanked_on=None, thanked_via=None, topic="")
                                   for p in earlier.interviewers),
                references=tuple(ReferenceUse(u.reference_id) for u in earlier.references),
            )
            added = self._save_interview(
                interview, f"Added the {interview.round_label} interview at {interview.company} "
                           f"(after the {earlier.round_label})")
            self._save_interview(earlier, f"Set up the {interview.round_label} round for "
                                          f"{date.isoformat()}")
            return added

    # --- interviewers ----------------------------------------------------------

    def add_interviewer(self, interview_id: str, name: str, *, title: str = "",
                        email: str = "", phone: str = "", topic: str = "",
                        hiring_manager: bool | None = None) -> Interview:
        person = {"name": name, "title": title, "email": email, "phone": phone,
                  "topic": topic, "hiring_manager": hiring_manager}
        return self._change(
            interview_id, f"Added interviewer {name.strip()}",
            lambda i: replace(i, interviewers=self._new_interviewers([person], i.interviewers)))

    def update_interviewer(self, interview_id: str, interviewer_id: str,
                           **changes: Unpack[InterviewerChanges]) -> Interview:
        fields: dict[str, Any] = dict(changes)
        unknown = set(fields) - InterviewerChanges.__optional_keys__
        if unknown:
            raise InvalidInput(f"cannot change {', '.join(sorted(unknown))} this way")
        if "name" in fields:
            fields["name"] = _clean_line(fields["name"], "interviewer's name", True, LIMITS.name)
        for key in ("title", "email", "phone"):
            if key in fields:
                fields[key] = _clean_line(fields[key], f"interviewer's {key}", limit=LIMITS.name)
        if "topic" in fields:
            fields["topic"] = _clean_line(fields["topic"], "topic")

        def change(i: Interview) -> Interview:
            self._interviewer(i, interviewer_id)
            people = []
            for p in i.interviewers:
                if p.id == interviewer_id:
                    p = replace(p, **fields)
                elif fields.get("hiring_manager"):
                    p = replace(p, hiring_manager=False)
                people.append(p)
            return replace(i, interviewers=tuple(people))

        return self._change(
            interview_id,
            lambda i: f"Edited interviewer {self._interviewer(i, interviewer_id).name}", change)

    def remove_interviewer(self, interview_id: str, interviewer_id: str) -> Interview:
        def change(i: Interview) -> Interview:
            self._interviewer(i, interviewer_id)
            return replace(i, interviewers=tuple(p for p in i.interviewers
                                                 if p.id != interviewer_id))

        return self._change(
            interview_id,
            lambda i: f"Removed interviewer {self._interviewer(i, interviewer_id).name}", change)

    @staticmethod
    def _interviewer(interview: Interview, interviewer_id: str) -> Interviewer:
        person = interview.interviewer(interviewer_id)
        if person is None:
            raise NotFound(f"no interviewer with id {interviewer_id!r} at {interview.company}")
        return person

    def interviewer_named(self, interview: Interview, name: str) -> Interviewer:
        """The interviewer whose name (or first name) is `name`."""
        exact = [p for p in interview.interviewers if _same_name(p.name, name)]
        if not exact:
            exact = [p for p in interview.interviewers if _same_name(p.first_name, name)]
        if len(exact) == 1:
            return exact[0]
        names = ", ".join(p.name for p in interview.interviewers) or "none"
        if not exact:
            raise NotFound(f"no interviewer named {name!r} at {interview.company} "
                           f"(interviewers: {names})")
        raise NotFound(f"{name!r} matches more than one interviewer; use the full name")

    def mark_thanked(self, interview_id: str, interviewer_id: str, on: dt.date,
                     via: ThankChannel | str = ThankChannel.EMAIL) -> Interview:
        """Thanked on `on`. Already thanked: the same date (and way) changes nothing;
        another date replaces the first, and the history says from which."""
        via = ThankChannel(via)
        _check_day(on)
        with self.storage.transaction():
            person = self._interviewer(self.interview(interview_id), interviewer_id)
            if person.thanked_on == on and person.thanked_via == via:
                return self.interview(interview_id)
            earlier = person.thanked_on

            def change(i: Interview) -> Interview:
                return replace(i, interviewers=tuple(
                    replace(p, thanked_on=on, thanked_via=via) if p.id == interviewer_id else p
                    for p in i.interviewers))

            what = f"Thanked {person.name} ({via.value})"
            if earlier is not None and earlier != on:
                what += f": date changed from {earlier.isoformat()} to {on.isoformat()}"
            return self._change(interview_id, what, change)

    def unmark_thanked(self, interview_id: str, interviewer_id: str) -> Interview:
        def change(i: Interview) -> Interview:
            person = self._interviewer(i, interviewer_id)
            if person.thanked_on is None:
                raise InvalidInput(f"{person.name} was not thanked: there is nothing to undo")
            return replace(i, interviewers=tuple(
                replace(p, thanked_on=None, thanked_via=None) if p.id == interviewer_id else p
                for p in i.interviewers))

        return self._change(
            interview_id,
            lambda i: f"Undid the thank-you to {self._interviewer(i, interviewer_id).name}",
            change)

    # --- references -----------------------------------------------------------

    def add_reference(self, name: str, *, relationship: str = "", email: str = "",
                      phone: str = "", channel: ContactChannel | str = ContactChannel.EMAIL,
                      notes: str = "") -> Reference:
        """Add someone to the reference book; a name already there is reused (and any
        detail it lacked is filled in)."""
        name, values = self.check_reference(name, relationship=relationship, email=email,
                                            phone=phone, channel=channel, notes=notes)
        with self.storage.transaction():
            existing = self.reference_named(name)
            if existing is not None:
                missing = {k: v for k, v in values.items()
                           if v and not getattr(existing, k) and k != "channel"}
                if not missing:
                    return existing
                updated = replace(existing, **missing)
                self._references.update(codec.reference_to_doc(updated),
                                        doc_ids=[self._ref_doc_ids[existing.id]])
                self._refresh()
                return self._book[existing.id]
            ref = Reference(id=self._new_id(self._book), name=name, **values)
            next_id = max(self._ref_doc_ids.values(), default=0) + 1
            self._references.insert(Document(codec.reference_to_doc(ref), doc_id=next_id))
            self._refresh()
            return self._book[ref.id]

    @staticmethod
    def check_reference(name: str, *, relationship: str = "", email: str = "", phone: str = "",
                        channel: ContactChannel | str = ContactChannel.EMAIL,
                        notes: str = "") -> tuple[str, dict[str, Any]]:
        """The cleaned name and details `add_reference` would save; InvalidInput if refused."""
        try:
            channel = ContactChannel(channel)
        except ValueError:
            choices = ", ".join(c.value for c in ContactChannel)
            raise InvalidInput(f"{channel!r} is not a way to reach someone: use one of "
                               f"{choices}") from None
        return _clean_line(name, "reference's name", required=True, limit=LIMITS.name), {
            "relationship": _clean_line(relationship, "relationship", limit=LIMITS.name),
            "email": _clean_line(email, "reference's email", limit=LIMITS.name),
            "phone": _clean_line(phone, "reference's phone", limit=LIMITS.phone),
            "channel": channel,
            "notes": _clean_line(notes, "notes"),
        }

    def update_reference(self, reference_id: str,
                         **changes: Unpack[ReferenceChanges]) -> Reference:
        fields: dict[str, Any] = dict(changes)
        unknown = set(fields) - ReferenceChanges.__optional_keys__
        if unknown:
            raise InvalidInput(f"cannot change {', '.join(sorted(unknown))} this way")
        if "name" in fields:
            fields["name"] = _clean_line(fields["name"], "reference's name", True, LIMITS.name)
        if "channel" in fields:
            fields["channel"] = ContactChannel(fields["channel"])
        for key in ("relationship", "email", "phone", "notes"):
            if key in fields:
                fields[key] = _clean_line(fields[key], key)
        with self.storage.transaction():
            updated = replace(self.reference(reference_id), **fields)
            self._references.update(codec.reference_to_doc(updated),
                                    doc_ids=[self._ref_doc_ids[reference_id]])
            self._refresh()
            return self._book[reference_id]

    def attach_reference(self, interview_id: str, reference_id: str) -> Interview:
        def change(i: Interview) -> Interview:
            if i.reference_use(reference_id):
                raise InvalidInput(f"{self._book[reference_id].name} is already listed "
                                   f"for {i.company}")
            return replace(i, references=(*i.references, ReferenceUse(reference_id)))

        return self._change(interview_id,
                            lambda i: f"Listed reference {self.reference(reference_id).name}",
                            change)

    def detach_reference(self, interview_id: str, reference_id: str) -> Interview:
        def change(i: Interview) -> Interview:
            self._use(i, reference_id)
            return replace(i, references=tuple(u for u in i.references
                                               if u.reference_id != reference_id))

        return self._change(interview_id,
                            lambda i: f"Removed reference {self._ref_name(reference_id)}",
                            change)

    def _ref_name(self, reference_id: str) -> str:
        ref = self._book.get(reference_id)
        return ref.name if ref else reference_id

    def _use(self, interview: Interview, reference_id: str) -> ReferenceUse:
        use = interview.reference_use(reference_id)
        if use is None:
            raise NotFound(f"{self._ref_name(reference_id)} is not a reference for "
                           f"{interview.company}")
        return use

    def reference_for(self, interview: Interview, name: str) -> Reference:
        """The reference listed for `interview` whose name (or first name) is `name`."""
        listed = [self._book[u.reference_id] for u in interview.references
                  if u.reference_id in self._book]
        found = [r for r in listed if _same_name(r.name, name)] or \
                [r for r in listed if _same_name(r.first_name, name)]
        if len(found) == 1:
            return found[0]
        names = ", ".join(r.name for r in listed) or "none"
        if not found:
            raise NotFound(f"no reference named {name!r} for {interview.company} "
                           f"(references: {names})")
        raise NotFound(f"{name!r} matches more than one reference; use the full name")

    def _set_use(self, interview_id: str, reference_id: str, what: str,
                 undoing: str = "", **fields: Any) -> Interview:
        """Change a reference's use; with `undoing` (a field), refuse when that field
        is not set: nothing to undo."""
        def change(i: Interview) -> Interview:
            use = self._use(i, reference_id)
            if undoing and not getattr(use, undoing):
                name = self._ref_name(reference_id)
                done = {"notified_on": "told they may be called",
                        "thanked_on": "thanked"}[undoing]
                raise InvalidInput(f"{name} was not {done}: there is nothing to undo")
            return replace(i, references=tuple(
                replace(u, **fields) if u.reference_id == reference_id else u
                for u in i.references))

        return self._change(interview_id, what.format(name=self._ref_name(reference_id)),
                            change)

    def mark_notified(self, interview_id: str, reference_id: str, on: dt.date) -> Interview:
        """Told on `on`. Already told: the same date changes nothing; another replaces
        the first, and the history says from which."""
        _check_day(on)
        with self.storage.transaction():
            earlier = self._use(self.interview(interview_id), reference_id).notified_on
            if earlier == on:
                return self.interview(interview_id)
            what = "Told {name} they may be called"
            if earlier is not None:
                what += f": date changed from {earlier.isoformat()} to {on.isoformat()}"
            return self._set_use(interview_id, reference_id, what, notified_on=on)

    def unmark_notified(self, interview_id: str, reference_id: str) -> Interview:
        return self._set_use(interview_id, reference_id, "Undid the heads-up to {name}",
                             undoing="notified_on", notified_on=None)

    def mark_called(self, interview_id: str, reference_id: str, called: bool = True) -> Interview:
        text = "{name} says the employer called" if called else "{name}: not called after all"
        return self._set_use(interview_id, reference_id, text, called=called)

    def mark_reference_thanked(self, interview_id: str, reference_id: str,
                               on: dt.date) -> Interview:
        """The reference was thanked and told how it went (after the outcome)."""
        return self._set_use(interview_id, reference_id, "Thanked {name} and shared the news",
                             thanked_on=on)

    def unmark_reference_thanked(self, interview_id: str, reference_id: str) -> Interview:
        return self._set_use(interview_id, reference_id, "Undid the thank-you to {name}",
                             undoing="thanked_on", thanked_on=None)

    # --- follow-ups -----------------------------------------------------------

    def log_follow_up(self, interview_id: str, on: dt.date,
                      channel: FollowUpChannel | str = FollowUpChannel.EMAIL,
                      note: str = "", reply: str = "") -> Interview:
        channel = FollowUpChannel(channel)
        _check_day(on)
        note = _clean_line(note, "note")
        reply = _clean_line(reply, "reply")

        def change(i: Interview) -> Interview:
            entry = FollowUp(id=self._new_id(f.id for f in i.follow_ups), on=on,
                             channel=channel, note=note, reply=reply)
            ordered = sorted((*i.follow_ups, entry), key=lambda f: f.on)
            return replace(i, follow_ups=tuple(ordered))

        return self._change(interview_id, f"Followed up by {channel.value}", change)

    def update_follow_up(self, interview_id: str, follow_up_id: str,
                         **changes: Unpack[FollowUpChanges]) -> Interview:
        fields: dict[str, Any] = dict(changes)
        unknown = set(fields) - FollowUpChanges.__optional_keys__
        if unknown:
            raise InvalidInput(f"cannot change {', '.join(sorted(unknown))}")
        if "channel" in fields:
            fields["channel"] = FollowUpChannel(fields["channel"])
        if "on" in fields:
            _check_day(fields["on"])
        for key in ("note", "reply"):
            if key in fields:
                fields[key] = _clean_line(fields[key], key)

        def change(i: Interview) -> Interview:
            if not any(f.id == follow_up_id for f in i.follow_ups):
                raise NotFound(f"no follow-up with id {follow_up_id!r}")
            return replace(i, follow_ups=tuple(
                replace(f, **fields) if f.id == follow_up_id else f for f in i.follow_ups))

        what = "Noted their reply" if fields.get("reply") else "Edited a follow-up"
        return self._change(interview_id, what, change)

    def remove_follow_up(self, interview_id: str, follow_up_id: str) -> Interview:
        def change(i: Interview) -> Interview:
            if not any(f.id == follow_up_id for f in i.follow_ups):
                raise NotFound(f"no follow-up with id {follow_up_id!r}")
            return replace(i, follow_ups=tuple(f for f in i.follow_ups if f.id != follow_up_id))

        return self._change(interview_id, "Removed a follow-up", change)

    # --- the user's own wording and tone, per person ---------------------------

    # A reworded message longer than this is a paste gone wrong, not a message.
    DRAFT_LIMIT = LIMITS.message

    def _recipient(self, interview: Interview, step: Step, person_id: str) -> str:
        """Who a message of `step` goes to, as the history names them ("" for the
        follow-up, which goes to the hiring manager). NotFound if not listed."""
        if step is Step.THANK:
            return self._interviewer(interview, person_id).name
        if step is Step.REFERENCES:
            self._use(interview, person_id)
            return self._ref_name(person_id)
        if person_id:
            raise InvalidInput("a follow-up goes to the hiring manager: give no person for it")
        return ""

    @staticmethod
    def _message_of(step: Step, kind: MessageKind | str,
                    tone: Tone | str | None) -> tuple[MessageKind, Tone]:
        try:
            kind = MessageKind(kind)
        except ValueError:
            choices = ", ".join(k.value for k in kinds_for(step))
            raise InvalidInput(f"{kind!r} is not a message of step {step.title}: use one of "
                               f"{choices}") from None
        if kind not in kinds_for(step):
            raise InvalidInput(f"the {kind.label.lower()} is not a message of step "
                               f"{step.title}")
        try:
            return kind, resolve_tone(kind, tone)
        except ValueError as exc:
            raise InvalidInput(str(exc)) from None

    @staticmethod
    def _message_name(kind: MessageKind, tone: Tone, recipient: str) -> str:
        """`the thank-you email to Dana Lee`, `the reference heads-up (text) to Sam Ortiz`."""
        variant = "" if tone is variants_for(kind)[0] else f" ({tone.value})"
        to = f" to {recipient}" if recipient else ""
        return f"the {kind.label.lower()}{variant}{to}"

    def save_draft(self, interview_id: str, step: Step | str, person_id: str,
                   kind: MessageKind | str, tone: Tone | str | None, text: str) -> Interview:
        """Keep the user's own wording of one message for one person, in place of the
        template's (replacing any wording kept before)."""
        step = Step(step)
        kind, tone = self._message_of(step, kind, tone)
        if not isinstance(text, str):
            raise InvalidInput("the message must be text")
        # Editors differ in line ends and in a final newline; neither is meant as text.
        text = text.replace("\r\n", "\n").replace("\r", "\n").rstrip()
        if not text.strip():
            raise InvalidInput("the message is empty; write it, or go back to the template")
        if len(text) > self.DRAFT_LIMIT:
            raise InvalidInput(f"the message is {len(text):,} characters long; keep it under "
                               f"{self.DRAFT_LIMIT:,}")

        def change(i: Interview) -> Interview:
            self._recipient(i, step, person_id)
            draft = Rewording(step, person_id, kind.value, tone.value, text, self.now())
            kept = tuple(d for d in i.drafts if i.draft(step, person_id, kind, tone) is not d)
            return replace(i, drafts=(*kept, draft))

        return self._change(
            interview_id,
            lambda i: "Edited " + self._message_name(kind, tone,
                                                     self._recipient(i, step, person_id)),
            change)

    def clear_draft(self, interview_id: str, step: Step | str, person_id: str,
                    kind: MessageKind | str, tone: Tone | str | None) -> Interview:
        """Go back to the template's text for one message. Nothing is written when the
        message was never reworded (another session may have cleared it already)."""
        step = Step(step)
        kind, tone = self._message_of(step, kind, tone)
        with self.storage.transaction():
            current = self.interview(interview_id)
            draft = current.draft(step, person_id, kind, tone)
            if draft is None:
                return current
            name = self._message_name(kind, tone, self._recipient(current, step, person_id))
            return self._save_interview(
                replace(current, drafts=tuple(d for d in current.drafts if d is not draft)),
                f"Went back to the template for {name}")

    def set_tone(self, interview_id: str, step: Step | str, person_id: str,
                 tone: Tone | str) -> Interview:
        """Remember the tone (for a reference, perhaps the channel) for one person's
        messages in `step`. Nothing is written when it is already the one chosen."""
        step = Step(step)
        offered = [t for t in Tone if any(t in variants_for(k) for k in kinds_for(step))]
        if tone not in offered:
            choices = ", ".join(t.value for t in offered)
            raise InvalidInput(f"step {step.title} has no tone {str(tone)!r}: use one of "
                               f"{choices}")
        tone = Tone(tone)
        with self.storage.transaction():
            current = self.interview(interview_id)
            recipient = self._recipient(current, step, person_id)
            if current.tone_for(step, person_id) == tone:
                return current
            kept = tuple(t for t in current.tones
                         if not (t.step == step and t.person_id == person_id))
            who = recipient or "the follow-up"
            return self._save_interview(
                replace(current, tones=(*kept, ToneChoice(step, person_id, tone.value))),
                f"Tone for {who}: {tone.value}")

    # --- calendar sync ----------------------------------------------------------

    def sync_state(self) -> SyncState:
        """What the last calendar sync saw (see `store.sync`); empty before the first."""
        self._refresh()
        docs = list(((self.storage.read() or {}).get(SYNC_TABLE) or {}).values())
        return SyncState.from_doc(docs[0] if docs else None)

    def save_sync_state(self, state: SyncState) -> None:
        """Keep the sync's state in the data file (one save, like any other change)."""
        with self.storage.transaction():
            self._refresh()
            data = self.storage.read() or {}
            data[SYNC_TABLE] = {"1": state.to_doc()}
            self.storage.write(data)
            self._refresh()

    @contextlib.contextmanager
    def noting(self, note: str) -> Iterator[None]:
        """History entries written meanwhile end with `note` ("done in the calendar")."""
        before, self._history_note = self._history_note, note
        try:
            yield
        finally:
            self._history_note = before

    # --- settings -------------------------------------------------------------

    def update_settings(self, **changes: Unpack[SettingsChanges]) -> Settings:
        fields: dict[str, Any] = dict(changes)
        unknown = set(fields) - set(codec.settings_to_doc(Settings()))
        if unknown:
            raise InvalidInput(f"there is no setting {', '.join(sorted(unknown))}")
        for key in ("name", "phone", "email"):
            if isinstance(fields.get(key), str):
                _check_one_line(fields[key], f"your {key}")
        with self.storage.transaction():
            # Read the current settings under the lock: another session may have just
            # changed a different one, and that change must not be written over.
            current = codec.settings_to_doc(self.settings())
            current.update(fields)
            try:
                value = codec.settings_from_doc(current)
            except codec.BadRecord as exc:
                raise InvalidInput(str(exc)) from exc
            self._write_settings(value)
            self._refresh()
            return self._settings_value

    def _write_settings(self, value: Settings) -> None:
        doc = codec.settings_to_doc(value)
        if self._settings.contains(doc_id=1):
            self._settings.update(doc, doc_ids=[1])
        else:
            self._settings.insert(Document(doc, doc_id=1))

    # --- export and import ----------------------------------------------------

    def export_data(self) -> dict[str, Any]:
        self._refresh()
        return {
            "format": EXPORT_FORMAT,
            "schema": SCHEMA_VERSION,
            "settings": codec.settings_to_doc(self._settings_value),
            "references": [codec.reference_to_doc(r) for r in self.references()],
            "interviews": [codec.interview_to_doc(i) for i in
                           sorted(self.interviews(), key=lambda i: (i.date, i.id))],
        }

    def import_data(self, data: Any) -> ImportSummary:
        """Add the records of an export. Everything is checked before anything is saved;
        interviews whose id is already here are skipped."""
        if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
            raise InvalidInput("this is not a followup export (made by `followup export`)")
        if data.get("schema") != SCHEMA_VERSION:
            raise InvalidInput(f"this export has data version {data.get('schema')!r}; this "
                               f"followup reads version {SCHEMA_VERSION}")
        try:
            refs = [codec.reference_from_doc(d) for d in data.get("references") or []]
            interviews = [codec.interview_from_doc(d) for d in data.get("interviews") or []]
            settings = (codec.settings_from_doc(data["settings"])
                        if isinstance(data.get("settings"), dict) else None)
        except (codec.BadRecord, AttributeError, TypeError) as exc:
            raise InvalidInput(f"the export holds a record that cannot be read: {exc}") from exc
        _check_imported_lines(interviews, refs)
        with self.storage.transaction():
            self._refresh()
            # One write for the whole import: a failure (a full disk) adds nothing,
            # rather than leaving half an import behind.
            data = self.storage.read() or {}
            book = dict(self._book)
            added_refs = 0
            id_map: dict[str, str] = {}
            next_ref = max(self._ref_doc_ids.values(), default=0) + 1
            for ref in refs:
                existing = book.get(ref.id) or next(
                    (r for r in book.values() if _same_name(r.name, ref.name)), None)
                if existing is not None:
                    id_map[ref.id] = existing.id
                    continue
                data.setdefault("references", {})[str(next_ref)] = codec.reference_to_doc(ref)
                next_ref += 1
                book[ref.id] = ref
                id_map[ref.id] = ref.id
                added_refs += 1
            added = skipped = 0
            taken = set(self._docs)
            next_id = self._last_doc_id + 1
            for interview in interviews:
                if interview.id in taken:
                    skipped += 1
                    continue
                taken.add(interview.id)
                uses = tuple(replace(u, reference_id=id_map.get(u.reference_id, u.reference_id))
                             for u in interview.references)
                data.setdefault("interviews", {})[str(next_id)] = codec.interview_to_doc(
                    replace(interview, references=uses))
                next_id += 1
                added += 1
            take_settings = (settings is not None and settings != Settings()
                             and self._settings_value == Settings())
            if take_settings:
                assert settings is not None
                data["settings"] = {"1": codec.settings_to_doc(settings)}
            if added or added_refs or take_settings:
                self.storage.write(data)
            self._refresh()
        return ImportSummary(added, skipped, added_refs)
