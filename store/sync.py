"""Two-way sync of the open actions with the user's own CalDAV calendar: the rules.

Everything here is pure: which to-dos to send, update or cancel, and what a
to-do ticked or reopened in the calendar does to the data, worked out from the
data, what the server holds and what the last sync saw. The network is
`store.caldav_server`, a thin adapter; the CLI and the app drive the two.

The rules:

* Every open action (due, late, or waiting with its day) is one to-do, under
  the UID `followup ics` gives it. Its text is updated in place when it
  changes (a digest of what it says travels with it).
* An action that went away (outcome recorded, interview deleted, person
  removed) is marked CANCELLED there, not left to nag.
* A to-do ticked in the calendar since the last sync marks the action done
  here, dated by its COMPLETED time ("done in the calendar" in the history).
  One reopened there (it was COMPLETED at the last sync, it is not now) is
  undone here. Otherwise this side wins: an action done here is COMPLETED
  there, one undone here is opened again.
* A to-do the user deleted in the calendar is not sent again.
* What the server holds under our UIDs is always read first, so a sync cut
  off halfway is completed by the next one: the same UID is updated, never
  added twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shlex
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from .calendar import (
    COMPLETED,
    NEEDS_ACTION,
    CalendarTodo,
    ServerTodo,
    calendar_todos,
)
from .models import Interview, Reference, Settings, Step
from .schedule import Action, ActionState
from .sync_state import DELETED, Seen, SyncState

__all__ = ["DELETED", "Seen", "SyncState"]  # kept here too: the rules speak of them

DEFAULT_CALENDAR = "followup"
PASSWORD_ENV = "FOLLOWUP_CALDAV_PASSWORD"
SETTINGS_FILE = "caldav.json"
CALENDAR_NOTE = "done in the calendar"


class SyncError(Exception):
    """A sync that could not be done. The message says why and what to do."""


def account_key(url: str, username: str, calendar: str) -> str:
    return f"{url.rstrip('/')}|{username}|{calendar}"


# --- what to send and what to take -----------------------------------------------


@dataclass(frozen=True, slots=True)
class Send:
    """One to-do to write to the server."""

    kind: str  # "create", "update", "complete", "reopen", "cancel"
    uid: str
    todo: CalendarTodo | None  # None for a cancel (the server's own text is kept)
    server: ServerTodo | None  # None for a create


@dataclass(frozen=True, slots=True)
class Take:
    """One change the calendar brings back: an action done (or undone) there."""

    done: bool
    todo: CalendarTodo
    on: dt.date  # for a done: the day it was ticked


@dataclass(frozen=True, slots=True)
class Plan:
    takes: tuple[Take, ...]
    sends: tuple[Send, ...]
    # The state to keep once the sends are written (each send adds its new ETag).
    items: Mapping[str, Seen]

    @property
    def empty(self) -> bool:
        return not self.takes and not self.sends


def plan(todos: Iterable[CalendarTodo], server: Mapping[str, ServerTodo],
         seen: Mapping[str, Seen], today: dt.date) -> Plan:
    """What one sync does, from the data's to-dos (`calendar_todos(..., closed=True)`),
    the server's to-dos of ours by UID, and what the last sync saw."""
    wanted = {todo.uid: todo for todo in todos}
    takes: list[Take] = []
    sends: list[Send] = []
    items: dict[str, Seen] = {}
    for uid, there in server.items():
        todo = wanted.get(uid)
        before = seen.get(uid)
        items[uid] = Seen(uid, there.href, there.etag, there.status)
        ticked_there = there.etag != (before.etag if before else None)
        if todo is not None and ticked_there:
            if there.status == COMPLETED and todo.completed is None and (
                    before is None or before.status != COMPLETED):
                on = there.completed.date() if there.completed else today
                takes.append(Take(True, todo, on))
                continue
            if (there.status == NEEDS_ACTION and todo.completed is not None
                    and before is not None and before.status == COMPLETED):
                takes.append(Take(False, todo, today))
                continue
        if todo is None or not todo.wanted:
            # Gone here: outcome recorded, interview deleted, person removed.
            if there.status == NEEDS_ACTION:
                sends.append(Send("cancel", uid, None, there))
            continue
        if todo.status != there.status:
            kind = {COMPLETED: "complete", NEEDS_ACTION: "reopen"}[todo.status]
            sends.append(Send(kind, uid, todo, there))
        elif there.digest != todo.digest and todo.completed is None:
            # A done to-do's text is left as it is: it rings no more.
            sends.append(Send("update", uid, todo, there))
    for uid, todo in wanted.items():
        if uid in server or not todo.wanted or todo.completed is not None:
            # Done ones are sent only to complete a to-do already there.
            continue
        before = seen.get(uid)
        if before is not None and before.status in (NEEDS_ACTION, DELETED):
            # It was there at the last sync and is not now: deleted in the calendar.
            items[uid] = replace(before, status=DELETED)
            continue
        sends.append(Send("create", uid, todo, None))
    return Plan(tuple(takes), tuple(sends), items)


def still_applies(take: Take, interview: Interview) -> bool:
    """Whether a take would change the interview as it is now (the app may have done
    the same thing since the server was read)."""
    todo = take.todo
    if todo.step is Step.THANK:
        person = next((p for p in interview.interviewers if p.id == todo.person_id), None)
        return person is not None and (person.thanked_on is None) == take.done
    if todo.step is Step.REFERENCES:
        use = next((u for u in interview.references if u.reference_id == todo.person_id), None)
        return use is not None and (use.notified_on is None) == take.done
    sent = len(interview.follow_ups)
    return todo.number == (sent + 1 if take.done else sent)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a sync did, counted."""

    created: int = 0
    updated: int = 0
    completed: int = 0
    reopened: int = 0
    cancelled: int = 0
    done_here: int = 0
    undone_here: int = 0
    skipped: int = 0  # changed on the server while this sync ran: taken up next time

    def add(self, other: Outcome) -> Outcome:
        return Outcome(*(a + b for a, b in zip(_counts(self), _counts(other), strict=True)))

    def describe(self) -> str:
        parts = [f"{n} {what}" for n, what in (
            (self.created, "sent"), (self.updated, "updated"),
            (self.completed, "completed there"), (self.reopened, "reopened there"),
            (self.cancelled, "cancelled there"), (self.done_here, "done in the calendar"),
            (self.undone_here, "undone in the calendar"),
            (self.skipped, "changed meanwhile, left for the next sync")) if n]
        return ", ".join(parts) if parts else "nothing to change"


def _counts(outcome: Outcome) -> tuple[int, ...]:
    return (outcome.created, outcome.updated, outcome.completed, outcome.reopened,
            outcome.cancelled, outcome.done_here, outcome.undone_here, outcome.skipped)


SEND_COUNTS = {"create": "created", "update": "updated", "complete": "completed",
               "reopen": "reopened", "cancel": "cancelled"}


_SEND_WORDS = {"create": "send", "update": "update", "complete": "complete there",
               "reopen": "reopen there", "cancel": "cancel there"}


def describe_plan(p: Plan) -> list[str]:
    """One line per thing a sync would do, for `followup sync --dry-run`."""
    from .schedule import format_day

    lines = []
    for take in p.takes:
        if take.done:
            lines.append(f"done here (ticked {format_day(take.on)}): {take.todo.summary}")
        else:
            lines.append(f"undone here (reopened there): {take.todo.summary}")
    for send in p.sends:
        if send.todo is not None:
            name = send.todo.summary
            if send.kind in ("create", "update", "reopen"):
                name += f", due by {format_day(send.todo.last_day)}"
        else:
            assert send.server is not None
            name = send.server.summary or send.uid
        lines.append(f"{_SEND_WORDS[send.kind]}: {name}")
    return lines


# --- the to-dos and their ready-made messages ------------------------------------


def ready_message(interview: Interview, action: Action, settings: Settings,
                  book: Mapping[str, Reference], today: dt.date) -> str:
    """The message `followup message` prints for the action (`workflow.draft_for`): the
    usual kind, in the tone chosen for the person, in the user's own wording if any."""
    from .workflow import draft_for

    try:
        draft = draft_for(interview, settings, book, today, action.step, action.person_id)
    except ValueError:
        draft = None
    return draft.message.text if draft is not None else action.reason


def sync_todos(interviews: Iterable[Interview], settings: Settings,
               book: Mapping[str, Reference], today: dt.date) -> list[CalendarTodo]:
    """Every to-do a sync keeps in the calendar, with its ready-made message."""
    def describe(interview: Interview, action: Action) -> str:
        if action.state in (ActionState.DUE, ActionState.LATE, ActionState.WAITING):
            return ready_message(interview, action, settings, book, today)
        return action.reason  # done: what it says once ticked

    return calendar_todos(interviews, settings, book, today, closed=True, describe=describe)


# --- settings and password -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SyncSettings:
    url: str
    username: str
    calendar: str = DEFAULT_CALENDAR
    password_command: str = ""

    @property
    def account(self) -> str:
        return account_key(self.url, self.username, self.calendar)


def settings_path(config: Path) -> Path:
    return config / SETTINGS_FILE


def load_settings(config: Path) -> SyncSettings | None:
    """The saved sync settings; None before the first sync; SyncError if unreadable."""
    path = settings_path(config)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise SyncError(f"the sync settings in {path} cannot be read ({exc}); run "
                        "`followup sync --url URL --username USER` again to rewrite them"
                        ) from exc
    if not isinstance(doc, dict) or not all(isinstance(doc.get(k), str)
                                            for k in ("url", "username")):
        raise SyncError(f"the sync settings in {path} are not followup's; run "
                        "`followup sync --url URL --username USER` again to rewrite them")
    return SyncSettings(doc["url"], doc["username"],
                        str(doc.get("calendar") or DEFAULT_CALENDAR),
                        str(doc.get("password_command") or ""))


def save_settings(config: Path, value: SyncSettings) -> Path:
    """Write the settings (never a password) readable only by the user, atomically."""
    from .locations import ensure_private_dir

    ensure_private_dir(config)
    path = settings_path(config)
    text = json.dumps({"url": value.url, "username": value.username,
                       "calendar": value.calendar, "password_command": value.password_command},
                      indent=2) + "\n"
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return path


def password(value: SyncSettings, environ: Mapping[str, str] | None = None,
             timeout: float = 30) -> str:
    """The password: the command's first line of output, else the environment variable.
    It is never stored and never put into a message."""
    environ = os.environ if environ is None else environ
    if value.password_command:
        try:
            done = subprocess.run(["sh", "-c", value.password_command], capture_output=True,
                                  timeout=timeout, stdin=subprocess.DEVNULL, check=False)
        except subprocess.TimeoutExpired as exc:
            raise SyncError(f"the password command gave no answer in {timeout:.0f} s; run it "
                            "by hand to check it, or change it with --password-command"
                            ) from exc
        except OSError as exc:
            raise SyncError(f"the password command could not be run ({exc.strerror})") from exc
        if done.returncode != 0:
            raise SyncError(f"the password command failed (exit {done.returncode}); run "
                            f"{shlex.quote(value.password_command)} by hand to see why")
        secret = done.stdout.decode("utf-8", "replace").split("\n", 1)[0].rstrip("\r")
        if not secret:
            raise SyncError("the password command printed nothing; it should print the "
                            "password on its first line")
        return secret
    secret = environ.get(PASSWORD_ENV, "")
    if not secret:
        raise SyncError(f"no password: give --password-command CMD (e.g. 'pass show dav') "
                        f"or set {PASSWORD_ENV}")
    return secret


def href_for(calendar_url: str, uid: str) -> str:
    """Where a new to-do is put: the same place for the same UID, so a create repeated
    after a sync was cut off lands on the first one."""
    name = hashlib.sha256(uid.encode()).hexdigest()[:32]
    return calendar_url.rstrip("/") + f"/followup-{name}.ics"
