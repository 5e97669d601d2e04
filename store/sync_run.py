"""One calendar sync from start to end: read the server, work out the plan
(`store.sync`), write the to-dos, then save what came back with the data.

The data file is written after the to-dos are, and only when something
changed: a sync that fails on the way leaves it as it was, and a sync with
nothing to do leaves it byte for byte the same (so its backup stays the
version before the user's last change). When the calendar brought changes
back, a second round sends what they changed (the next follow-up's to-do).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from .calendar import CANCELLED, calendar_text, cancelled_text, stamp_text, vtodo_lines
from .repository import Repository
from .sync import (
    CALENDAR_NOTE,
    Outcome,
    Plan,
    Seen,
    Send,
    SyncSettings,
    SyncState,
    Take,
    describe_plan,
    plan,
    still_applies,
    sync_todos,
)


@dataclass(frozen=True, slots=True)
class SyncReport:
    outcome: Outcome
    calendar_url: str
    plan_lines: tuple[str, ...] = field(default=())  # a dry run: what it would do

    def describe(self) -> str:
        return self.outcome.describe()


def run_sync(repo: Repository, settings: SyncSettings, secret: str, today: dt.date, *,
             dry_run: bool = False, timeout: float | None = None,
             now: Callable[[], dt.datetime] | None = None,
             on_progress: Callable[[int, int], None] | None = None,
             on_connected: Callable[[], None] | None = None) -> SyncReport:
    """Sync the open actions with the calendar; SyncError (data untouched) on failure.

    `on_connected` is called once the server has answered with the calendar's
    to-dos (the CLI keeps the settings then, so a sync cut off later is finished by
    a plain `followup sync`)."""
    from .caldav_server import TIMEOUT, CalendarGone, CalendarServer

    now = now or (lambda: dt.datetime.now().replace(microsecond=0))
    state = repo.sync_state()
    if state.account != settings.account:
        # Another server or calendar: what was seen on the old one says nothing here.
        state = SyncState(account=settings.account)
    server = CalendarServer(settings, secret, timeout or TIMEOUT, state.calendar_url)
    if not server.connect(create=not dry_run):
        held = {}  # a dry run before the first sync: the calendar is not made yet
    try:
        held = server.todos() if server.calendar_url else {}
    except CalendarGone:
        state = SyncState(account=settings.account)
        server.calendar_url = ""
        server.connect()
        held = server.todos()
    if on_connected is not None and not dry_run:
        on_connected()
    total = Outcome()
    for _ in range(2):
        todos = sync_todos(repo.interviews(), repo.settings(), repo.book(), today)
        the_plan = plan(todos, held, state.by_uid, today)
        if dry_run:
            return SyncReport(Outcome(), server.calendar_url, tuple(describe_plan(the_plan)))
        outcome, items = _send(server, the_plan, on_progress)
        new_state = replace(state, calendar_url=server.calendar_url,
                            items=SyncState.keep(items))
        if the_plan.empty and new_state == state:
            break  # nothing changed: the file is left as it is
        done = sum(1 for take in the_plan.takes if take.done)
        outcome = replace(outcome, done_here=done, undone_here=len(the_plan.takes) - done)
        total = total.add(outcome)
        state = replace(new_state, last_at=now(), last_what=total.describe())
        if not save_sync(repo, state, the_plan.takes, today):
            break
        # What the calendar brought back may change other to-dos (the next follow-up):
        # one more round sends them now rather than at the next sync.
        held = server.todos()
    return SyncReport(total, server.calendar_url)


def save_sync(repo: Repository, state: SyncState, takes: Iterable[Take],
              today: dt.date) -> int:
    """Apply what the calendar brought back and keep the sync's state, under one lock.

    Each take is done or undone by `workflow.mark_done` / `undo_done`, the rules
    the app and the command line use, and written into the history as done in
    the calendar; one that no longer applies (done here meanwhile) is left out.
    The number applied.
    """
    from .repository import InvalidInput, NotFound
    from .workflow import mark_done, undo_done

    applied = 0
    with repo.storage.transaction():
        for take in takes:
            todo = take.todo
            try:
                interview = repo.interview(todo.interview_id)
            except NotFound:
                continue
            if not still_applies(take, interview):
                continue
            try:
                with repo.noting(CALENDAR_NOTE):
                    if take.done:
                        # Ticked there means sent: a follow-up before the decision date
                        # was the user's choice (force); a tick dated after today (a
                        # phone in another time zone) counts as today.
                        mark_done(repo, interview.id, todo.step, todo.person_id, today,
                                  on=min(take.on, today), force=True)
                    else:
                        undo_done(repo, interview.id, todo.step, todo.person_id)
            except (InvalidInput, NotFound):
                continue
            applied += 1
        repo.save_sync_state(state)
    return applied


# Writes at once: a server far away answers each after a round trip, so a first sync
# of a thousand to-dos one at a time would take minutes.
PARALLEL_WRITES = 4


def _send(server: Any, the_plan: Plan,
          on_progress: Callable[[int, int], None] | None) -> tuple[Outcome, dict[str, Seen]]:
    from concurrent.futures import ThreadPoolExecutor

    from .caldav_server import Conflict

    items = dict(the_plan.items)
    counts = dict.fromkeys(("created", "updated", "completed", "reopened", "cancelled",
                            "skipped"), 0)
    dtstamp = stamp_text()
    total = len(the_plan.sends)

    def write(send: Send) -> tuple[Send, str, str, str] | None:
        there = send.server
        if send.todo is None:
            assert there is not None
            text, status = cancelled_text(there, dtstamp), CANCELLED
        else:
            text = calendar_text([vtodo_lines(send.todo, dtstamp, digest=True)])
            status = send.todo.status
        try:
            href, etag = server.put(send.uid, text, there.href if there else None,
                                    there.etag if there else None)
        except Conflict:
            return None
        return send, href, etag, status

    with ThreadPoolExecutor(PARALLEL_WRITES) as pool:
        # In order, so a failure is raised here (the rest are let finish, then dropped:
        # the next sync reads them back).
        for n, written in enumerate(pool.map(write, the_plan.sends), start=1):
            if written is None:
                counts["skipped"] += 1
                continue
            send, href, etag, status = written
            items[send.uid] = Seen(send.uid, href, etag, status)
            counts[_COUNTED[send.kind]] += 1
            if on_progress is not None:
                on_progress(n, total)
    return Outcome(**counts), items


_COUNTED = {"create": "created", "update": "updated", "complete": "completed",
            "reopen": "reopened", "cancel": "cancelled"}
