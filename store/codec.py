"""Turning model values into plain JSON documents and back.

The documents are what sits in the data file and in an export. Reading is
lenient about optional fields (older files may lack them) and strict about
the ones that identify a record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import Enum

from .dates import MAX_YEAR, MIN_YEAR
from .models import (
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

TYPE_CHECKING = False  # (typing itself is not loaded to run: `followup today` starts without it)
if TYPE_CHECKING:
    from typing import Any, TypeVar

    from .frozen import Frozen

    T = TypeVar("T", bound=Frozen)

# The version of the data file's form, kept in its "meta" table; a file of another
# version is migrated (or refused) by the repository before anything reads it.
SCHEMA_VERSION = 1


class BadRecord(ValueError):
    """A stored or imported record is missing something or has a bad value."""




def _builder(cls: type[T]) -> Callable[..., T]:
    """A constructor of the frozen value `cls` taking every field, in order, that
    fills the slots directly: its own __init__ goes through object.__setattr__ once
    per field, and a reading builds tens of thousands of these. The values are
    checked by the caller, as they would be for the class's own constructor."""
    setters = tuple(getattr(cls, name).__set__ for name in cls._field_names)
    new = object.__new__

    def build(*values: Any) -> T:
        made: T = new(cls)
        for put, value in zip(setters, values, strict=True):
            put(made, value)
        return made

    return build


# Dates read, by their text: ten thousand interviews fall on a few hundred days,
# and the values (and their parsing) are shared.
_DAYS: dict[str, dt.date] = {}


def _date(value: Any) -> dt.date | None:
    day = _DAYS.get(value) if type(value) is str else None
    if day is not None:
        return day
    if value in (None, ""):
        return None
    try:
        day = dt.date.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise BadRecord(f"bad date {value!r}") from exc
    # The schedule counts business days from these: a date near the ends of the
    # calendar would overflow. Typed dates are held to the same years.
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise BadRecord(f"date {value!r} is outside {MIN_YEAR}-{MAX_YEAR}")
    if len(_DAYS) >= 4096:
        _DAYS.clear()
    _DAYS[value] = day
    return day


def _datetime(value: Any) -> dt.datetime:
    if value in (None, ""):
        return dt.datetime(1970, 1, 1)
    try:
        return dt.datetime.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise BadRecord(f"bad timestamp {value!r}") from exc


def _time(value: Any) -> dt.time | None:
    if value in (None, ""):
        return None
    try:
        return dt.time.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise BadRecord(f"bad time {value!r}") from exc


def _iso(value: dt.date | dt.time | None) -> str | None:
    return value.isoformat() if value is not None else None


def is_unicode(value: str) -> bool:
    """False for text with lone surrogates: undecodable bytes from the command line
    (Python's surrogateescape) or a `\\udcff` escape in JSON. They cannot be saved."""
    if value.isascii():
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _text(doc: dict[str, Any], key: str, default: str = "") -> str:
    value = doc.get(key, default)
    if type(value) is str and value.isascii():
        return value  # the common case, and always valid text
    if value is None:
        return default
    if not isinstance(value, str):
        raise BadRecord(f"{key} should be text, not {type(value).__name__}")
    if not is_unicode(value):
        raise BadRecord(f"{key} holds characters that are not valid text")
    return value


def _enum(enum: type[Enum], value: Any, default: Any) -> Any:
    if value in (None, ""):
        return default
    member = enum._value2member_map_.get(value) if type(value) is str else None
    if member is not None:
        return member
    try:
        return enum(value)
    except ValueError as exc:
        choices = ", ".join(e.value for e in enum)
        raise BadRecord(f"{value!r} is not one of {choices}") from exc


def _required(doc: dict[str, Any], key: str) -> Any:
    if key not in doc or doc[key] in (None, ""):
        raise BadRecord(f"missing {key}")
    return doc[key]


def _required_day(doc: dict[str, Any], key: str) -> dt.date:
    day = _date(_required(doc, key))
    assert day is not None  # _required refused None and ""
    return day


def _id(doc: dict[str, Any], key: str = "id") -> str:
    value = doc.get(key)
    if type(value) is str and value and value.isascii():
        return value  # the common case
    value = _required(doc, key)
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise BadRecord(f"{key} should be text, not {type(value).__name__}")
    value = str(value)
    if not is_unicode(value):
        raise BadRecord(f"{key} holds characters that are not valid text")
    return value


# --- interviewers, references, follow-ups --------------------------------------


def interviewer_to_doc(p: Interviewer) -> dict[str, Any]:
    return {
        "id": p.id, "name": p.name, "title": p.title, "email": p.email, "phone": p.phone,
        "hiring_manager": p.hiring_manager, "topic": p.topic,
        "thanked_on": _iso(p.thanked_on),
        "thanked_via": p.thanked_via.value if p.thanked_via else None,
    }


_new_interviewer = _builder(Interviewer)


def interviewer_from_doc(doc: dict[str, Any]) -> Interviewer:
    return _new_interviewer(
        _id(doc), _text(doc, "name"), _text(doc, "title"), _text(doc, "email"),
        _text(doc, "phone"), bool(doc.get("hiring_manager", False)), _text(doc, "topic"),
        _date(doc.get("thanked_on")), _enum(ThankChannel, doc.get("thanked_via"), None),
    )


def reference_to_doc(r: Reference) -> dict[str, Any]:
    return {
        "id": r.id, "name": r.name, "relationship": r.relationship, "email": r.email,
        "phone": r.phone, "channel": r.channel.value, "notes": r.notes,
    }


def reference_from_doc(doc: dict[str, Any]) -> Reference:
    return Reference(
        id=_id(doc), name=_text(doc, "name"),
        relationship=_text(doc, "relationship"), email=_text(doc, "email"),
        phone=_text(doc, "phone"),
        channel=_enum(ContactChannel, doc.get("channel"), ContactChannel.EMAIL),
        notes=_text(doc, "notes"),
    )


def reference_use_to_doc(u: ReferenceUse) -> dict[str, Any]:
    return {"reference_id": u.reference_id, "notified_on": _iso(u.notified_on),
            "called": u.called, "thanked_on": _iso(u.thanked_on)}


_new_reference_use = _builder(ReferenceUse)


def reference_use_from_doc(doc: dict[str, Any]) -> ReferenceUse:
    return _new_reference_use(_id(doc, "reference_id"), _date(doc.get("notified_on")),
                              bool(doc.get("called", False)),
                              # Files from before reference thank-yous lack it: not thanked.
                              _date(doc.get("thanked_on")))


def follow_up_to_doc(f: FollowUp) -> dict[str, Any]:
    return {"id": f.id, "on": f.on.isoformat(), "channel": f.channel.value, "note": f.note,
            "reply": f.reply}


_new_follow_up = _builder(FollowUp)


def follow_up_from_doc(doc: dict[str, Any]) -> FollowUp:
    on = _date(_required(doc, "on"))
    assert on is not None
    return _new_follow_up(_id(doc), on,
                          _enum(FollowUpChannel, doc.get("channel"), FollowUpChannel.EMAIL),
                          _text(doc, "note"), _text(doc, "reply"))


def reply_to_doc(r: Reply) -> dict[str, Any]:
    return {"id": r.id, "on": r.on.isoformat(), "note": r.note,
            "decision_by": _iso(r.decision_by),
            "previous_decision_by": _iso(r.previous_decision_by)}


def reply_from_doc(doc: dict[str, Any]) -> Reply:
    return Reply(id=_id(doc), on=_required_day(doc, "on"), note=_text(doc, "note"),
                 decision_by=_date(doc.get("decision_by")),
                 previous_decision_by=_date(doc.get("previous_decision_by")))


def draft_to_doc(d: Rewording) -> dict[str, Any]:
    return {"step": d.step.value, "person_id": d.person_id, "kind": d.kind, "tone": d.tone,
            "text": d.text, "saved_at": d.saved_at.isoformat()}


def draft_from_doc(doc: dict[str, Any]) -> Rewording:
    # A kind or tone this version does not know (written by a newer one) is kept as
    # it is: the screen simply never asks for it.
    return Rewording(step=_enum(Step, _required(doc, "step"), None),
                 person_id=_text(doc, "person_id"), kind=str(_required(doc, "kind")),
                 tone=_text(doc, "tone"), text=_text(doc, "text"),
                 saved_at=_datetime(doc.get("saved_at")))


def tone_choice_to_doc(t: ToneChoice) -> dict[str, Any]:
    return {"step": t.step.value, "person_id": t.person_id, "tone": t.tone}


def tone_choice_from_doc(doc: dict[str, Any]) -> ToneChoice:
    return ToneChoice(step=_enum(Step, _required(doc, "step"), None),
                      person_id=_text(doc, "person_id"), tone=_text(doc, "tone"))


# --- interviews -------------------------------------------------------------


def interview_to_doc(i: Interview) -> dict[str, Any]:
    return {
        "id": i.id, "company": i.company, "role": i.role, "date": i.date.isoformat(),
        "time": _iso(i.time), "format": i.format.value, "round": i.round,
        "decision_by": _iso(i.decision_by), "office_phone": i.office_phone, "notes": i.notes,
        "outcome": i.outcome.value, "outcome_on": _iso(i.outcome_on),
        "key_points": i.key_points, "references_not_needed": i.references_not_needed,
        "created": i.created.isoformat(),
        "updated": i.updated.isoformat(),
        "interviewers": [interviewer_to_doc(p) for p in i.interviewers],
        "references": [reference_use_to_doc(u) for u in i.references],
        "follow_ups": [follow_up_to_doc(f) for f in i.follow_ups],
        "history": [{"at": h.at.isoformat(), "what": h.what} for h in i.history],
        "drafts": [draft_to_doc(d) for d in i.drafts],
        "tones": [tone_choice_to_doc(t) for t in i.tones],
        "replies": [reply_to_doc(r) for r in i.replies],
    }


_new_history = _builder(HistoryEntry)


def interview_from_doc(doc: dict[str, Any]) -> Interview:
    if not isinstance(doc, dict):
        raise BadRecord("an interview should be an object")
    when = _date(_required(doc, "date"))
    assert when is not None
    rnd = doc.get("round", 1)
    if not isinstance(rnd, int) or isinstance(rnd, bool) or rnd < 1:
        raise BadRecord(f"round should be a whole number from 1, not {rnd!r}")
    return Interview(
        id=_id(doc), company=_text(doc, "company"), role=_text(doc, "role"),
        date=when, time=_time(doc.get("time")),
        format=_enum(Format, doc.get("format"), Format.VIDEO), round=rnd,
        decision_by=_date(doc.get("decision_by")), office_phone=_text(doc, "office_phone"),
        notes=_text(doc, "notes"), outcome=_enum(Outcome, doc.get("outcome"), Outcome.OPEN),
        # The outcome's day, the key points and the replies came later: missing is none.
        outcome_on=_date(doc.get("outcome_on")), key_points=_text(doc, "key_points"),
        references_not_needed=doc.get("references_not_needed") is True,
        replies=tuple(reply_from_doc(d) for d in doc.get("replies") or ()),
        created=_datetime(doc.get("created")), updated=_datetime(doc.get("updated")),
        interviewers=tuple([interviewer_from_doc(d) for d in doc.get("interviewers") or ()]),
        references=tuple([reference_use_from_doc(d) for d in doc.get("references") or ()]),
        follow_ups=tuple([follow_up_from_doc(d) for d in doc.get("follow_ups") or ()]),
        history=tuple([_new_history(_datetime(h.get("at")), _text(h, "what"))
                       for h in doc.get("history") or ()]),
        # Both came after the first files were written: a missing key is "none".
        drafts=tuple([draft_from_doc(d) for d in doc.get("drafts") or ()]),
        tones=tuple([tone_choice_from_doc(t) for t in doc.get("tones") or ()]),
    )


_OUTCOMES = {o.value: o for o in Outcome}

# One string for each distinct text the summaries repeat: the same companies, roles,
# interviewers and references come back interview after interview. (Not Python's
# own table of interned strings: that one never shrinks, and at ten thousand
# interviews it grew by a megabyte.) Started afresh past a few thousand.
_TEXTS: dict[str, str] = {}
_TEXTS_KEPT = 8192


def _shared_text(doc: dict[str, Any], key: str) -> str:
    value = _text(doc, key)
    if len(_TEXTS) > _TEXTS_KEPT:
        _TEXTS.clear()
    return _TEXTS.setdefault(value, value)


def interview_summary_from_doc(doc: dict[str, Any]) -> InterviewSummary:
    """The list's view of a stored interview, checking only the fields it reads.

    `interview_from_doc` checks the rest when the whole interview is asked for.
    """
    if not isinstance(doc, dict):
        raise BadRecord("an interview should be an object")
    when = _date(_required(doc, "date"))
    assert when is not None
    outcome: Any = doc.get("outcome")
    outcome = _OUTCOMES.get(outcome) or _enum(Outcome, outcome, Outcome.OPEN)
    is_open = outcome is Outcome.OPEN
    open_people = 0
    names: list[str] = []
    ref_ids: list[str] = []
    thank_ids: list[str] = []
    thank_names: list[str] = []
    brief_ids: list[str] = []
    for person in doc.get("interviewers") or ():
        name = _shared_text(person, "name")
        if person.get("thanked_on") in (None, ""):
            open_people += 1
            if is_open:
                thank_ids.append(_id(person))
                thank_names.append(name)
        names.append(name)
    open_refs = 0
    for use in doc.get("references") or ():
        ref_id = str(use.get("reference_id") or "")
        ref_id = _TEXTS.setdefault(ref_id, ref_id)
        if use.get("notified_on") in (None, ""):
            open_refs += 1
            if is_open:
                brief_ids.append(ref_id)
        ref_ids.append(ref_id)
    replied_on: dt.date | None = None
    for reply in doc.get("replies") or ():
        on = _required_day(reply, "on")
        if replied_on is None or on > replied_on:
            replied_on = on
    follow_ups = (_required_day(f, "on") for f in doc.get("follow_ups") or ())
    rnd = doc.get("round", 1)
    interviewer_names, reference_ids = tuple(names), tuple(ref_ids)
    return InterviewSummary(
        id=str(_required(doc, "id")), company=_shared_text(doc, "company"),
        role=_shared_text(doc, "role"), date=when, outcome=outcome,
        decision_by=_date(doc.get("decision_by")),
        open_people=open_people + open_refs,
        follow_up_dates=tuple(d for d in follow_ups if replied_on is None or d > replied_on),
        interviewer_names=interviewer_names, reference_ids=reference_ids,
        replied_on=replied_on, round=rnd if isinstance(rnd, int) and rnd >= 1 else 1,
        open_references=open_refs, thank_ids=tuple(thank_ids),
        # (Nobody thanked or told yet: the same tuples as the whole lists, kept once.)
        thank_names=interviewer_names if thank_names == names else tuple(thank_names),
        brief_ids=reference_ids if brief_ids == ref_ids else tuple(brief_ids),
    )


# --- settings ---------------------------------------------------------------

_SETTINGS_INTS = ("follow_up_wait", "follow_up_gap", "max_follow_ups")
_SETTINGS_TEXT = ("name", "signature", "phone", "email", "theme")


def settings_to_doc(s: Settings) -> dict[str, Any]:
    return {k: getattr(s, k) for k in (*_SETTINGS_TEXT, *_SETTINGS_INTS)}


def settings_from_doc(doc: dict[str, Any]) -> Settings:
    defaults = Settings()
    values: dict[str, Any] = {}
    for key in _SETTINGS_TEXT:
        values[key] = _text(doc, key, getattr(defaults, key))
    for key in _SETTINGS_INTS:
        value = doc.get(key, getattr(defaults, key))
        if not isinstance(value, int) or isinstance(value, bool) or value < 0 or value > 60:
            raise BadRecord(f"{key} should be a whole number from 0 to 60, not {value!r}")
        values[key] = value
    return Settings(**values)


# --- the summary index ---------------------------------------------------------
# A summary as a plain JSON row for the storage's summary index, and back: its
# fields in order, days as ISO text, enums as their values, tuples as lists. The
# row was written by this code from a summary of a checked record, so reading it
# back checks its shape only (a damaged index fails here and is read afresh).
# `SUMMARY_ROW` names the fields: an index written with other fields is not used.

_SUMMARY_FIELDS = InterviewSummary._field_names
SUMMARY_ROW = "summary:" + ",".join(_SUMMARY_FIELDS)
# The form of the summary index's notes and keys: the summaries' fields, and the
# rule the keys follow (`schedule.agenda_entry`; give it a new number when that
# changes, so that an index keyed by the old rule is not used).
INDEX_TAG = SUMMARY_ROW + ";agenda-entry:4"


def _day_or_none(value: Any) -> dt.date | None:
    return None if value is None else (_DAYS.get(value) or _date(value))


def _required_date(value: Any) -> dt.date:
    day = _date(value)
    if day is None:
        raise BadRecord("a summary's day is missing")
    return day


def _days(values: list[Any]) -> tuple[dt.date, ...]:
    days = _DAYS
    return tuple([days.get(d) or _required_date(d) for d in values]) if values else ()


def _whole(value: Any) -> int:
    if type(value) is not int:
        raise BadRecord(f"a summary's count is {value!r}")
    return value


# `summary_from_row` reads the fields in this order: a summary with other fields
# needs it changed (and stops the import until it is).
_ROW_FIELDS = ("id", "company", "role", "date", "outcome", "decision_by", "open_people",
               "follow_up_dates", "interviewer_names", "reference_ids", "replied_on", "round",
               "open_references", "thank_ids", "thank_names", "brief_ids")
if _SUMMARY_FIELDS != _ROW_FIELDS:
    raise TypeError("codec.summary_from_row does not read InterviewSummary's fields")
(_set_id, _set_company, _set_role, _set_date, _set_outcome, _set_decision_by,
 _set_open_people, _set_follow_up_dates, _set_interviewer_names, _set_reference_ids,
 _set_replied_on, _set_round, _set_open_references, _set_thank_ids, _set_thank_names,
 _set_brief_ids) = (getattr(InterviewSummary, name).__set__ for name in _ROW_FIELDS)
_new = object.__new__


def _row_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if type(value) is tuple:
        return [_row_value(v) for v in value]
    return value


def summary_to_row(s: InterviewSummary) -> list[Any]:
    return [_row_value(getattr(s, name)) for name in _SUMMARY_FIELDS]


def summary_from_row(row: list[Any]) -> InterviewSummary:
    # Built by filling the slots directly (as `schedule` builds its actions), one
    # field after the other, with the common cases inline: a start reads ten
    # thousand of these. The same value, equal and hashing alike.
    (key, company, role, date, outcome, decision_by, open_people, follow_up_dates,
     interviewer_names, reference_ids, replied_on, round_, open_references, thank_ids,
     thank_names, brief_ids) = row
    # Shared: the texts many interviews repeat (companies, roles, people's names and
    # reference ids), once each for all of them (`_TEXTS`); not the ids each interview
    # and person has alone.
    days = _DAYS
    if len(_TEXTS) > _TEXTS_KEPT:
        _TEXTS.clear()
    share = _TEXTS.setdefault
    summary = _new(InterviewSummary)
    if type(key) is not str or type(company) is not str or type(role) is not str:
        raise TypeError("a summary's id, company or role is not text")
    _set_id(summary, key)
    _set_company(summary, share(company, company))
    _set_role(summary, share(role, role))
    _set_date(summary, days.get(date) or _day_or_none(date))
    _set_outcome(summary, _OUTCOMES[outcome])
    _set_decision_by(summary, None if decision_by is None
                     else days.get(decision_by) or _day_or_none(decision_by))
    _set_open_people(summary, open_people if type(open_people) is int else _whole(open_people))
    _set_follow_up_dates(summary, _days(follow_up_dates))
    # ("".join: a TypeError but for lists of text.)
    names = (tuple(map(share, interviewer_names, interviewer_names))
             if interviewer_names and "".join(interviewer_names) is not None else ())
    _set_interviewer_names(summary, names)
    references = (tuple(map(share, reference_ids, reference_ids))
                  if reference_ids and "".join(reference_ids) is not None else ())
    _set_reference_ids(summary, references)
    _set_replied_on(summary, None if replied_on is None
                    else days.get(replied_on) or _day_or_none(replied_on))
    _set_round(summary, round_ if type(round_) is int else _whole(round_))
    _set_open_references(summary, open_references if type(open_references) is int
                         else _whole(open_references))
    _set_thank_ids(summary, tuple(thank_ids)
                   if thank_ids and "".join(thank_ids) is not None else ())
    # Nobody thanked yet, no reference told yet: the same tuple as the whole list.
    _set_thank_names(summary, names if thank_names == interviewer_names
                     else tuple(map(share, thank_names, thank_names))
                     if thank_names and "".join(thank_names) is not None else ())
    _set_brief_ids(summary, references if brief_ids == reference_ids
                   else tuple(map(share, brief_ids, brief_ids))
                   if brief_ids and "".join(brief_ids) is not None else ())
    return summary


