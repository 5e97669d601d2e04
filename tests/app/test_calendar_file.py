"""The calendar file and the to-dos sync sends are one builder's output; this reads
it with two independent parsers (`icalendar`, and `vobject`, the one Radicale
uses) and checks the days are the ones the app shows."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest
import vobject

from store.calendar import (
    CalendarTodo,
    calendar_text,
    cancelled_text,
    read_server_todo,
    to_ics,
    vtodo_lines,
)
from store.models import Step
from store.repository import Repository
from store.schedule import ActionState, actions_for, format_day
from store.sync import sync_todos
from tests.conftest import TODAY, day

ROOT = Path(__file__).resolve().parents[2]
STAMP = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)


def test_due_is_the_day_the_app_says_in_both_parsers(repo: Repository,
                                                     mixed_data: dict[str, str]) -> None:
    # Pied Piper's interview is on Tue 1 Dec: the thank-you is on time up to Wed 2 Dec.
    on_the_day = day(12, 1)
    pied = repo.interview(mixed_data["Pied Piper"])
    [thank] = [a for a in actions_for(pied, repo.settings(), repo.book(), on_the_day)
               if a.step is Step.THANK]
    assert thank.late_after == day(12, 2)
    text = to_ics(repo.interviews(), repo.settings(), repo.book(), on_the_day, stamp=STAMP)
    assert "DUE;VALUE=DATE:20261202" in text

    by_vobject = {str(t.uid.value): t for t in vobject.readOne(text).vtodo_list}
    by_icalendar = {str(t["UID"]): t for t in icalendar.Calendar.from_ical(text).walk("VTODO")}
    assert by_vobject.keys() == by_icalendar.keys() and by_vobject
    actions = {a.person or a.company: a for i in repo.interviews()
               for a in actions_for(i, repo.settings(), repo.book(), on_the_day)
               if a.state in (ActionState.DUE, ActionState.LATE, ActionState.WAITING)}
    for uid, todo in by_vobject.items():
        assert todo.due.value == by_icalendar[uid].decoded("DUE")
        assert todo.dtstart.value == by_icalendar[uid].decoded("DTSTART")
        assert todo.dtstart.value <= todo.due.value
        if todo.status.value != "NEEDS-ACTION":
            continue
        summary = todo.summary.value
        action = next(a for key, a in actions.items()
                      if key in summary and a.company in summary)
        # The last on-time day, as a date-only DUE shows in a calendar app.
        assert todo.due.value == action.late_after
        if action.reason.startswith("Due by"):
            assert action.reason == f"Due by {format_day(todo.due.value)}"
        # An alarm the morning the action becomes due.
        [alarm] = todo.valarm_list
        assert alarm.trigger.value == dt.timedelta(hours=9)
        assert alarm.trigger.params["RELATED"] == ["START"]
        assert alarm.action.value == "DISPLAY"


def test_sync_sends_the_same_to_do_as_the_file(repo: Repository,
                                              mixed_data: dict[str, str]) -> None:
    in_file = icalendar.Calendar.from_ical(
        to_ics(repo.interviews(), repo.settings(), repo.book(), TODAY, stamp=STAMP))
    file_todos = {str(t["UID"]): t for t in in_file.walk("VTODO")}
    for todo in sync_todos(repo.interviews(), repo.settings(), repo.book(), TODAY):
        if todo.uid not in file_todos or todo.completed is not None:
            continue
        sent = icalendar.Calendar.from_ical(
            calendar_text([vtodo_lines(todo, "20261126T090000Z", digest=True)]))
        [item] = sent.walk("VTODO")
        mine = file_todos[todo.uid]
        for name in ("SUMMARY", "DTSTART", "DUE", "STATUS", "PRIORITY"):
            assert item[name].to_ical() == mine[name].to_ical(), name
        # The sync carries the ready-made message instead of the reason.
        assert str(item["DESCRIPTION"]).startswith(("Thank you", "A call from", "Dear", "Hi"))


def test_a_to_do_read_back_and_cancelled_keeps_what_it_says() -> None:
    todo = CalendarTodo("a-thank-b@followup.invalid", "a", Step.THANK, "b", 1,
                        "Thank Dana, Lee — Acme; Co", "Line one\nLine two, with a comma",
                        day(12, 1), day(12, 2), None, False)
    text = calendar_text([vtodo_lines(todo, "20261126T090000Z", digest=True)])
    held = read_server_todo("/cal/x.ics", '"1"', text)
    assert held is not None and held.digest == todo.digest and held.status == "NEEDS-ACTION"
    cancelled = vobject.readOne(cancelled_text(held, "20261127T090000Z"))
    [item] = cancelled.vtodo_list
    assert item.status.value == "CANCELLED"
    assert item.summary.value == "Thank Dana, Lee — Acme; Co"
    assert item.description.value == "Line one\nLine two, with a comma"
    assert not hasattr(item, "valarm")
    # A control character in the data never reaches a calendar line as itself.
    hostile = CalendarTodo("h@followup.invalid", "h", Step.THANK, "p", 1,
                           "Thank \x1b]52;c;aGk=\x07Eve\u202e", "Hi\r\nthere\x00",
                           day(12, 1), day(12, 2), None, False)
    written = calendar_text([vtodo_lines(hostile, "20261126T090000Z")])
    assert not re.search("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f\u202e]", written)
    [item] = vobject.readOne(written).vtodo_list
    assert item.description.value == "Hi\nthere "
    # Someone else's to-do in the same calendar is not ours to touch.
    other = text.replace("@followup.invalid", "@example.org")
    assert read_server_todo("/cal/y.ics", '"2"', other) is None


@pytest.mark.parametrize("code", [
    "import tui.app",
    "from tui import cli; cli.main(['today'])",
])
def test_starting_followup_does_not_import_caldav(code: str, tmp_path: Path) -> None:
    check = (f"import sys\n{code}\n"
             "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
             "('caldav', 'niquests', 'icalendar', 'lxml'))\n"
             "assert not bad, bad\n")
    done = subprocess.run([sys.executable, "-c", check], cwd=ROOT, capture_output=True,
                          text=True, env={"FOLLOWUP_DB": str(tmp_path / "x.json"),
                                          "FOLLOWUP_CONFIG_DIR": str(tmp_path / "c"),
                                          "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr


def test_every_due_by_the_app_shows_is_the_due_day_in_the_file(
        repo: Repository, mixed_data: dict[str, str]) -> None:
    checked = 0
    for offset in range(14):
        today = TODAY + dt.timedelta(days=offset)
        text = to_ics(repo.interviews(), repo.settings(), repo.book(), today, stamp=STAMP)
        due = {t.summary.value: t.due.value for t in vobject.readOne(text).vtodo_list}
        for interview in repo.interviews():
            for action in actions_for(interview, repo.settings(), repo.book(), today):
                if action.reason.startswith("Due by"):
                    [mine] = [when for summary, when in due.items()
                              if interview.company in summary and (action.person or "") in summary
                              and summary.startswith({Step.THANK: "Thank",
                                                      Step.REFERENCES: "Brief",
                                                      Step.FOLLOW_UP: "Follow"}[action.step])]
                    assert action.reason == f"Due by {format_day(mine)}"
                    checked += 1
    assert checked
