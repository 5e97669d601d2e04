"""Due and upcoming actions as an iCalendar file (RFC 5545), one to-do each.

Each to-do's UID is made from the interview, the step and the person, so
importing a newer export updates the same entries instead of adding copies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from urllib.parse import quote

from .models import Interview, Reference, Settings, Step
from .schedule import ActionState, actions_for
from .text import CONTROLS

PRODID = "-//followup//followup agenda//EN"
UID_DOMAIN = "followup.invalid"

_VERBS = {Step.THANK: "Thank", Step.REFERENCES: "Brief reference", Step.FOLLOW_UP: "Follow up"}


def _escape(text: str) -> str:
    # Control characters (and the bidirectional overrides, which make text show in
    # another order than it reads) have no place in a calendar line: the one table of
    # them (store/text.py), each made a space; line breaks are escaped as \n.
    cleaned = CONTROLS.sub(lambda m: m.group() if m.group() == "\n" else " ",
                           text.replace("\r\n", "\n"))
    return (cleaned.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


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


def _token(text: str) -> str:
    return quote(text, safe="-._~")


def to_ics(interviews: Iterable[Interview], settings: Settings,
           book: Mapping[str, Reference], today: dt.date, days: int = 14,
           stamp: dt.datetime | None = None) -> str:
    """Every action due, late, or coming due within `days` days, as VTODOs.

    Actions done in the last `days` days are included as completed, so a
    calendar that imported them while open marks them done on re-import.
    """
    horizon = today + dt.timedelta(days=days)
    since = today - dt.timedelta(days=days)
    stamp = stamp or dt.datetime.now(dt.UTC)
    dtstamp = stamp.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
             "X-WR-CALNAME:followup"]
    for interview in sorted(interviews, key=lambda i: (i.date, i.id)):
        for number, done in enumerate(interview.follow_ups, start=1):
            if done.on >= since:
                summary = f"Follow up — {interview.company} ({interview.role})"
                lines += _todo(uid_for(interview.id, Step.FOLLOW_UP, None, number), dtstamp,
                               done.on, done.on, summary, f"Followed up by {done.channel.value}.",
                               completed=done.on)
        for action in actions_for(interview, settings, book, today):
            if action.state is ActionState.DONE:
                if action.step is Step.FOLLOW_UP or not action.done_on or action.done_on < since:
                    continue
            elif action.state not in (ActionState.DUE, ActionState.LATE, ActionState.WAITING):
                continue
            if action.due_on > horizon:
                continue
            number = len(interview.follow_ups) + 1
            who = f" {action.person}" if action.person else ""
            summary = f"{_VERBS[action.step]}{who} — {interview.company} ({interview.role})"
            description = action.reason
            if interview.office_phone and action.step is Step.REFERENCES:
                description += f"\nThey may call from {interview.office_phone}."
            lines += _todo(uid_for(interview.id, action.step, action.person_id, number),
                           dtstamp, action.due_on, action.late_after, summary, description,
                           completed=action.done_on if action.state is ActionState.DONE
                           else None, late=action.state is ActionState.LATE)
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _todo(uid: str, dtstamp: str, start: dt.date, last_day: dt.date, summary: str,
          description: str, completed: dt.date | None = None, late: bool = False) -> list[str]:
    lines = [
        "BEGIN:VTODO",
        f"UID:{uid}",
        f"DTSTAMP:{dtstamp}",
        f"DTSTART;VALUE=DATE:{start.strftime('%Y%m%d')}",
        # DUE is exclusive for all-day values: the day after the last on-time day.
        f"DUE;VALUE=DATE:{(last_day + dt.timedelta(days=1)).strftime('%Y%m%d')}",
        f"SUMMARY:{_escape(summary)}",
        f"DESCRIPTION:{_escape(description)}",
    ]
    if completed is not None:
        lines += ["STATUS:COMPLETED", f"COMPLETED:{completed.strftime('%Y%m%d')}T120000Z"]
    else:
        lines += ["STATUS:NEEDS-ACTION", f"PRIORITY:{1 if late else 5}"]
    lines.append("END:VTODO")
    return lines
