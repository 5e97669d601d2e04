"""The sync's rules, without a server: which to-dos are sent, updated, completed or
cancelled, and what a tick or a reopen in the calendar does here."""

from __future__ import annotations

import datetime as dt
import json
import stat
from pathlib import Path

import pytest

from store.calendar import (
    CANCELLED,
    COMPLETED,
    NEEDS_ACTION,
    CalendarTodo,
    ServerTodo,
    calendar_text,
    read_server_todo,
    vtodo_lines,
)
from store.models import Step
from store.repository import Repository
from store.sync import (
    DELETED,
    Seen,
    SyncError,
    SyncSettings,
    SyncState,
    Take,
    load_settings,
    password,
    plan,
    save_settings,
    still_applies,
    sync_todos,
)
from store.sync_run import save_sync
from tests.conftest import TODAY, day


def todo(uid: str = "i-thank-p@followup.invalid", completed: dt.date | None = None,
         wanted: bool = True, text: str = "Dear Dana") -> CalendarTodo:
    return CalendarTodo(uid, "i", Step.THANK, "p", 1, "Thank Dana — Acme (Eng)", text,
                        day(11, 25), day(11, 26), completed, False, wanted)


def held(item: CalendarTodo, status: str | None = None, etag: str = '"1"',
         completed: dt.datetime | None = None) -> ServerTodo:
    text = calendar_text([vtodo_lines(item, "20261126T090000Z", digest=True)])
    read = read_server_todo(f"/cal/{item.uid}.ics", etag, text)
    assert read is not None
    from dataclasses import replace

    return replace(read, status=status or read.status, completed=completed)


def seen(server: ServerTodo) -> Seen:
    return Seen(server.uid, server.href, server.etag, server.status)


def test_a_new_action_is_sent_once() -> None:
    first = plan([todo()], {}, {}, TODAY)
    assert [(s.kind, s.uid) for s in first.sends] == [("create", todo().uid)]
    there = held(todo())
    again = plan([todo()], {there.uid: there}, {there.uid: seen(there)}, TODAY)
    assert again.empty


def test_a_sync_cut_off_adopts_what_it_sent_instead_of_sending_it_again() -> None:
    # The server has it; the state was never saved (killed before the end).
    there = held(todo())
    p = plan([todo()], {there.uid: there}, {}, TODAY)
    assert p.empty and p.items[there.uid] == seen(there)


def test_a_changed_text_is_updated_in_place() -> None:
    there = held(todo(text="old words"))
    p = plan([todo()], {there.uid: there}, {there.uid: seen(there)}, TODAY)
    assert [(s.kind, s.server) for s in p.sends] == [("update", there)]


def test_ticked_in_the_calendar_is_done_here_on_the_day_it_was_ticked() -> None:
    there = held(todo())
    ticked = held(todo(), COMPLETED, '"2"', dt.datetime(2026, 11, 25, 19, 0))
    p = plan([todo()], {there.uid: ticked}, {there.uid: seen(there)}, TODAY)
    assert p.takes == (Take(True, todo(), day(11, 25)),) and not p.sends
    assert p.items[there.uid].status == COMPLETED


def test_reopened_in_the_calendar_is_undone_here() -> None:
    done = todo(completed=day(11, 25))
    was = held(done)
    reopened = held(done, NEEDS_ACTION, '"3"')
    p = plan([done], {was.uid: reopened}, {was.uid: seen(was)}, TODAY)
    assert p.takes == (Take(False, done, TODAY),)


def test_done_here_completes_it_there_and_undone_here_reopens_it() -> None:
    there = held(todo())
    p = plan([todo(completed=TODAY)], {there.uid: there}, {there.uid: seen(there)}, TODAY)
    assert [s.kind for s in p.sends] == ["complete"] and not p.takes
    # Completed there by this side, then undone here: this side wins, no take.
    completed = held(todo(completed=TODAY))
    p = plan([todo()], {there.uid: completed}, {there.uid: seen(completed)}, TODAY)
    assert [s.kind for s in p.sends] == ["reopen"] and not p.takes


def test_an_action_that_went_away_is_cancelled_once() -> None:
    there = held(todo())
    for wanted in ([], [todo(wanted=False)]):
        p = plan(wanted, {there.uid: there}, {there.uid: seen(there)}, TODAY)
        assert [s.kind for s in p.sends] == ["cancel"]
    gone = held(todo(), CANCELLED, '"4"')
    assert plan([], {gone.uid: gone}, {gone.uid: seen(gone)}, TODAY).empty
    # A to-do done there before the outcome was recorded stays done.
    finished = held(todo(), COMPLETED)
    assert not plan([], {there.uid: finished}, {there.uid: seen(finished)}, TODAY).sends


def test_a_to_do_deleted_in_the_calendar_is_not_sent_again() -> None:
    there = held(todo())
    p = plan([todo()], {}, {there.uid: seen(there)}, TODAY)
    assert p.empty and p.items[there.uid].status == DELETED
    assert plan([todo()], {}, p.items, TODAY).empty


def test_a_take_applies_only_while_it_still_changes_something(
        repo: Repository, mixed_data: dict[str, str]) -> None:
    acme = repo.interview(mixed_data["Acme Corp"])
    [open_one] = [t for t in sync_todos(repo.interviews(), repo.settings(), repo.book(), TODAY)
                  if t.interview_id == acme.id and t.step is Step.THANK
                  and t.completed is None]
    assert still_applies(Take(True, open_one, TODAY), acme)
    assert not still_applies(Take(False, open_one, TODAY), acme)
    save_sync(repo, SyncState(account="a"), [Take(True, open_one, day(11, 25))], TODAY)
    acme = repo.interview(acme.id)
    person = acme.interviewer(open_one.person_id)
    assert person.thanked_on == day(11, 25)
    assert acme.history[-1].what.endswith("— done in the calendar")
    # Done here already: the same take again changes nothing.
    assert save_sync(repo, SyncState(account="a"), [Take(True, open_one, TODAY)], TODAY) == 0


def test_the_state_is_kept_with_the_data_and_an_older_file_reads_as_none(
        repo: Repository, db_path: Path) -> None:
    assert repo.sync_state() == SyncState()
    state = SyncState("u|n|c", "http://x/c/", (Seen("a@followup.invalid", "/c/a", '"1"',
                                                     NEEDS_ACTION),),
                      dt.datetime(2026, 11, 26, 9, 0), "3 sent")
    repo.save_sync_state(state)
    assert Repository(db_path).sync_state() == state
    data = json.loads(db_path.read_text())
    data["calendar_sync"] = {"1": {"items": "nonsense", "last_at": "yesterday"}}
    db_path.write_text(json.dumps(data))
    assert Repository(db_path).sync_state() == SyncState()


def test_settings_are_private_and_never_hold_the_password(tmp_path: Path) -> None:
    config = tmp_path / "config"
    path = save_settings(config, SyncSettings("https://dav.example.org/", "ann", "followup",
                                              "pass show dav"))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(config.stat().st_mode) == 0o700
    assert load_settings(config) == SyncSettings("https://dav.example.org/", "ann",
                                                 "followup", "pass show dav")
    path.write_text("{not json")
    with pytest.raises(SyncError, match="run `followup sync --url URL --username USER`"):
        load_settings(config)


def test_the_password_comes_from_the_command_or_the_environment() -> None:
    settings = SyncSettings("https://x/", "ann")
    assert password(settings, {"FOLLOWUP_CALDAV_PASSWORD": "from-env"}) == "from-env"
    with pytest.raises(SyncError, match="give --password-command CMD"):
        password(settings, {})
    command = SyncSettings("https://x/", "ann", password_command="printf 's3cret\\nuser: ann'")
    assert password(command, {}) == "s3cret"
    # A failing command is named, and what it printed is not repeated.
    failing = SyncSettings("https://x/", "ann", password_command="x=s3; echo ${x}cret; exit 3")
    with pytest.raises(SyncError) as caught:
        password(failing, {})
    assert "exit 3" in str(caught.value) and "s3cret" not in str(caught.value)
