"""Due and upcoming actions as iCalendar to-dos (RFC 5545), one per action.

One builder makes every to-do: the file `followup ics` writes and the to-dos
`followup sync` sends to the user's calendar server are the same text. Each
to-do's UID is made from the interview, the step and the person, so importing
a newer file (or syncing again) updates the same entries instead of adding
copies.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import quote

from .models import Interview, Reference, Settings, Step
from .schedule import Action, ActionState, actions_for
from .text import CONTROLS

PRODID = "-//followup//followup agenda//EN"
UID_DOMAIN = "followup.invalid"
# The morning the alarm rings, counted from the start of the day the action becomes due.
ALARM_AFTER = "PT9H"
DIGEST = "X-FOLLOWUP-DIGEST"

_VERBS = {Step.THANK: "Thank", Step.REFERENCES: "Brief reference", Step.FOLLOW_UP: "Follow up"}

NEEDS_ACTION, COMPLETED, CANCELLED = "NEEDS-ACTION", "COMPLETED", "CANCELLED"


def _escape(text: str) -> str:
    # Control characters (and the bidirectional overrides, which make text show in
    # another order than it reads) have no place in a calendar line; keep the rest,
    # and the line breaks, which the calendar writes as \n.
    cleaned = "\n".join(CONTROLS.sub(" ", line) for line in text.replace("\r\n", "\n")
                        .split("\n"))
    return (cleaned.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def _fold(line: str) -> str:
    """Fold a content line at 75 octets, never inside a UTF-8 character."""
    raw = line.encode("utf-8")
    if len(raw) <= 75:
        return line
    parts: list[str] = []
    start, limit = 0, 75
    while start < len(raw):
        end = min(start + limit, len(raw))
        while end < len(raw) and (raw[end] & 0xC0) == 0x80:
            end -= 1
        parts.append(raw[start:end].decode("utf-8"))
        start, limit = end, 74  # continuation lines start with a space
    return "\r\n ".join(parts)


def uid_for(interview_id: str, step: Step, person_id: str | None, number: int = 1) -> str:
    who = person_id or f"n{number}"
    # Ids are short hex, but an imported one may hold anything (a comma, an escape):
    # percent-encoded, a UID stays one valid, stable token.
    return f"{_token(interview_id)}-{step.value}-{_token(who)}@{UID_DOMAIN}"


def is_ours(uid: str) -> bool:
    return uid.endswith("@" + UID_DOMAIN)


def _token(text: str) -> str:
    return quote(text, safe="-._~")


@dataclass(frozen=True, slots=True)
class CalendarTodo:
    """One action as a calendar to-do: what it says, and its days."""

    uid: str
    interview_id: str
    step: Step
    person_id: str | None
    number: int  # which follow-up this is (1 for thank-yous and references)
    summary: str
    description: str
    starts: dt.date  # the day it becomes due: DTSTART, and the alarm's morning
    last_day: dt.date  # the last on-time day: DUE
    completed: dt.date | None  # the day it was done, or None while it is open
    late: bool
    # False for an action the interview no longer asks for (its outcome was recorded):
    # a calendar that still shows it open is told it was cancelled.
    wanted: bool = True

    @property
    def status(self) -> str:
        if not self.wanted:
            return CANCELLED
        return COMPLETED if self.completed is not None else NEEDS_ACTION

    def content_lines(self) -> list[str]:
        """The to-do's own lines, without DTSTAMP and the digest (see `digest`)."""
        lines = [
            f"UID:{self.uid}",
            f"DTSTART;VALUE=DATE:{self.starts:%Y%m%d}",
            # The last on-time day, as calendar and task apps show a date-only DUE.
            f"DUE;VALUE=DATE:{self.last_day:%Y%m%d}",
            f"SUMMARY:{_escape(self.summary)}",
            f"DESCRIPTION:{_escape(self.description)}",
        ]
        if self.status == COMPLETED:
            assert self.completed is not None
            lines += [f"STATUS:{COMPLETED}", f"COMPLETED:{self.completed:%Y%m%d}T120000Z"]
        elif self.status == CANCELLED:
            lines += [f"STATUS:{CANCELLED}"]
        else:
            lines += [f"STATUS:{NEEDS_ACTION}", f"PRIORITY:{1 if self.late else 5}",
                      "BEGIN:VALARM", "ACTION:DISPLAY", f"DESCRIPTION:{_escape(self.summary)}",
                      f"TRIGGER;RELATED=START:{ALARM_AFTER}", "END:VALARM"]
        return lines

    @property
    def digest(self) -> str:
        """A fingerprint of what the to-do says (not its status): a server copy with
        the same one needs no update for its text."""
        text = "\n".join(line for line in self.content_lines()
                         if not line.startswith(("STATUS:", "COMPLETED:", "PRIORITY:")))
        return hashlib.sha256(text.encode()).hexdigest()[:24]


def vtodo_lines(todo: CalendarTodo, dtstamp: str, digest: bool = False) -> list[str]:
    """The VTODO block of `todo`: the one builder for the file and for sync."""
    body = todo.content_lines()
    extra = [f"{DIGEST}:{todo.digest}"] if digest else []
    return ["BEGIN:VTODO", body[0], f"DTSTAMP:{dtstamp}", *body[1:], *extra, "END:VTODO"]


def calendar_text(blocks: Iterable[list[str]]) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
             "X-WR-CALNAME:followup"]
    for block in blocks:
        lines += block
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def stamp_text(stamp: dt.datetime | None = None) -> str:
    stamp = stamp or dt.datetime.now(dt.UTC)
    return stamp.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


Describe = Callable[[Interview, Action], str]


def file_description(interview: Interview, action: Action) -> str:
    """What a to-do in the calendar file says: why it is due, and who may call."""
    description = action.reason
    if interview.office_phone and action.step is Step.REFERENCES:
        description += f"\nThey may call from {interview.office_phone}."
    return description


def _summary(verb: str, person: str | None, interview: Interview) -> str:
    who = f" {person}" if person else ""
    return f"{verb}{who} — {interview.company} ({interview.role})"


def calendar_todos(interviews: Iterable[Interview], settings: Settings,
                   book: Mapping[str, Reference], today: dt.date, *,
                   describe: Describe = file_description,
                   since: dt.date | None = None, horizon: dt.date | None = None,
                   closed: bool = False) -> list[CalendarTodo]:
    """The to-dos of the interviews: every open action (due, late or waiting) up to
    `horizon`, and the done ones since `since` (every one when None).

    With `closed`, actions a recorded outcome closed come too, as not wanted.
    """
    todos: list[CalendarTodo] = []
    for interview in sorted(interviews, key=lambda i: (i.date, i.id)):
        for number, done in enumerate(interview.follow_ups, start=1):
            if since is None or done.on >= since:
                todos.append(CalendarTodo(
                    uid_for(interview.id, Step.FOLLOW_UP, None, number),
                    interview.id, Step.FOLLOW_UP, None, number,
                    _summary(_VERBS[Step.FOLLOW_UP], None, interview),
                    f"Followed up by {done.channel.value}.", done.on, done.on, done.on, False))
        number = len(interview.follow_ups) + 1
        for action in actions_for(interview, settings, book, today):
            state = action.state
            if state is ActionState.DONE:
                if action.step is Step.FOLLOW_UP or not action.done_on or (
                        since is not None and action.done_on < since):
                    continue
            elif state is ActionState.CLOSED:
                if not closed:
                    continue
            elif state not in (ActionState.DUE, ActionState.LATE, ActionState.WAITING):
                continue
            if horizon is not None and action.due_on > horizon:
                continue
            uid = uid_for(interview.id, action.step, action.person_id, number)
            text = describe(interview, action) if state is not ActionState.CLOSED else ""
            todos.append(CalendarTodo(
                uid, interview.id, action.step, action.person_id,
                number if action.step is Step.FOLLOW_UP else 1,
                _summary(_VERBS[action.step], action.person, interview), text,
                action.due_on, action.late_after,
                action.done_on if state is ActionState.DONE else None,
                state is ActionState.LATE, wanted=state is not ActionState.CLOSED))
    return todos


def to_ics(interviews: Iterable[Interview], settings: Settings,
           book: Mapping[str, Reference], today: dt.date, days: int = 14,
           stamp: dt.datetime | None = None) -> str:
    """Every action due, late, or coming due within `days` days, as VTODOs.

    Actions done in the last `days` days are included as completed, so a
    calendar that imported them while open marks them done on re-import.
    """
    todos = calendar_todos(interviews, settings, book, today,
                           since=today - dt.timedelta(days=days),
                           horizon=today + dt.timedelta(days=days))
    dtstamp = stamp_text(stamp)
    return calendar_text(vtodo_lines(todo, dtstamp) for todo in todos)


# --- reading a to-do back from a calendar server ---------------------------------


@dataclass(frozen=True, slots=True)
class ServerTodo:
    """What the sync needs of one of our to-dos as a calendar server holds it."""

    uid: str
    href: str
    etag: str
    status: str  # NEEDS-ACTION, COMPLETED, CANCELLED (IN-PROCESS reads as NEEDS-ACTION)
    completed: dt.datetime | None  # when it was ticked, in local time
    digest: str  # ours as sent, or "" when the calendar app dropped it
    summary: str  # as it reads there (escapes left as they are)
    text: str  # the whole calendar object, to cancel it without losing what it says


class NotACalendar(ValueError):
    """The server's answer is not a calendar object."""


def unfold(text: str) -> list[str]:
    return re.sub(r"\r?\n[ \t]", "", text).replace("\r\n", "\n").split("\n")


def read_server_todo(href: str, etag: str, text: str) -> ServerTodo | None:
    """The to-do in `text` (one calendar object), or None when it is not a to-do of ours."""
    lines = unfold(text)
    if not lines or lines[0].strip().upper() != "BEGIN:VCALENDAR":
        raise NotACalendar(f"{href} is not a calendar object")
    fields: dict[str, str] = {}
    depth = 0
    inside = False
    for line in lines:
        upper = line.upper()
        if upper.startswith("BEGIN:"):
            if upper == "BEGIN:VTODO" and not inside and depth == 1:
                inside = True
            depth += 1
            continue
        if upper.startswith("END:"):
            depth -= 1
            if inside and depth == 1:
                break
            continue
        if inside and depth == 2:
            name, _, value = line.partition(":")
            key = name.split(";", 1)[0].upper()
            fields.setdefault(key, value.strip())
    uid = fields.get("UID", "")
    if not is_ours(uid):
        return None
    status = fields.get("STATUS", NEEDS_ACTION).upper()
    if status not in (COMPLETED, CANCELLED):
        status = NEEDS_ACTION
    return ServerTodo(uid, href, etag, status, _when(fields.get("COMPLETED", "")),
                      fields.get(DIGEST, ""), fields.get("SUMMARY", ""), text)


def _when(value: str) -> dt.datetime | None:
    """A COMPLETED time as local time: UTC when it ends in Z, else as written."""
    try:
        if value.endswith("Z"):
            moment = dt.datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)
            return moment.astimezone().replace(tzinfo=None)
        if "T" in value:
            return dt.datetime.strptime(value, "%Y%m%dT%H%M%S")
        if value:
            return dt.datetime.strptime(value, "%Y%m%d")
    except ValueError:
        return None
    return None


def cancelled_text(todo: ServerTodo, dtstamp: str) -> str:
    """The server's to-do, told it was cancelled: status CANCELLED, its alarm gone."""
    out: list[str] = []
    depth = 0
    in_todo = skipping = False
    for line in unfold(todo.text):
        if not line:
            continue
        upper = line.upper()
        if upper.startswith("BEGIN:"):
            depth += 1
            if upper == "BEGIN:VTODO" and depth == 2:
                in_todo = True
            elif in_todo and upper == "BEGIN:VALARM":
                skipping = True
        if in_todo and depth == 2 and not upper.startswith(("BEGIN:", "END:")):
            key = line.split(":", 1)[0].split(";", 1)[0].upper()
            if key in ("STATUS", "COMPLETED", "PRIORITY", "DTSTAMP", "PERCENT-COMPLETE"):
                continue
        if not skipping:
            out.append(line)
        if upper.startswith("END:"):
            if in_todo and depth == 2 and upper == "END:VTODO":
                out[-1:-1] = [f"STATUS:{CANCELLED}", f"DTSTAMP:{dtstamp}"]
                in_todo = False
            if upper == "END:VALARM":
                skipping = False
            depth -= 1
    return "".join(_fold(line) + "\r\n" for line in out)
