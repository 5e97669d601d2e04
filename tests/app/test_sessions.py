"""Two sessions on one data file: the app and another process (a second app, a
`followup` command in another terminal, a cron job) changing things at once.

Nothing either makes is lost or made twice; the app shows the other's
changes by itself, within a poll or two (every 2 s); and a form opened
before the other session's change cannot put the old value back.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from textual.widgets import Input, TextArea

from store.repository import Repository
from tests.conftest import TODAY, fixed_clock
from tui.app import FollowupApp, make_app
from tui.forms import InterviewForm, SettingsForm
from widgets.interview_list import InterviewList

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}

# 100 changes: 50 new interviews, 50 edits of interviews the app shows.
OTHER_SESSION = r"""
import datetime as dt, sys
from store.repository import Repository
path, hooli, globex = sys.argv[1:4]
repo = Repository(path)
day = dt.date(2026, 11, 20)
for n in range(100):
    if n % 2 == 0:
        repo.add_interview(f"Other {n // 2}", "Analyst", day)
    elif n % 4 == 1:
        repo.log_follow_up(hooli, day, note=f"other {n}")
    else:
        repo.update_interview(globex, office_phone=f"+1 555 {n:04d}")
"""


def screen_text(app: FollowupApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def test_the_app_and_another_process_change_things_at_once(
        db_path: Path, mixed_data: dict[str, str]) -> None:
    app = make_app(db_path, clock=fixed_clock)
    assert app.poll_seconds == 2.0  # the real rhythm, not a test's
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "7 interviews" in screen_text(app)
        other = subprocess.Popen(
            [sys.executable, "-c", OTHER_SESSION, str(db_path), mixed_data["Hooli"],
             mixed_data["Globex"]],
            cwd=ROOT, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        # Meanwhile, here: thank and un-thank Morgan Blake (Northwind Labs, the first
        # in the list) five times.
        await pilot.press("1")
        for _ in range(5):
            await pilot.press("space")
            await pilot.pause(0.1)
        await app.workers.wait_for_complete()
        _, err = await asyncio.to_thread(other.communicate, timeout=120)
        assert other.returncode == 0, err
        # No key from here on: the app notices by itself.
        for _ in range(100):
            if "57 interviews" in screen_text(app):
                break
            await pilot.pause(0.1)
        assert "57 interviews" in screen_text(app)
        rows = app.query_one(InterviewList).rows
        assert sorted(r.company for r in rows if r.company.startswith("Other")) == \
            sorted(f"Other {n}" for n in range(50))
        assert app.snapshot.interviews[mixed_data["Globex"]].office_phone == "+1 555 0099"
    on_disk = Repository(db_path, clock=fixed_clock)
    assert len(on_disk.interviews()) == 57
    hooli = on_disk.interview(mixed_data["Hooli"])
    assert sorted(f.note for f in hooli.follow_ups if f.note.startswith("other")) == \
        sorted(f"other {n}" for n in range(100) if n % 4 == 1)
    northwind = on_disk.interview(mixed_data["Northwind Labs"])
    assert northwind.interviewers[0].thanked_on == TODAY  # five toggles: thanked
    whats = [h.what for h in northwind.history]
    assert whats.count("Thanked Morgan Blake (email)") == 3
    assert whats.count("Undid the thank-you to Morgan Blake") == 2


async def _fill(pilot: Any, field_id: str, text: str) -> None:
    control = pilot.app.screen.query_one(f"#{field_id}").control
    if isinstance(control, TextArea):
        control.text = text
    else:
        assert isinstance(control, Input)
        control.value = text
    await pilot.pause()


async def test_an_edit_form_opened_before_another_session_s_change_keeps_it(
        db_path: Path, mixed_data: dict[str, str]) -> None:
    app = make_app(db_path, clock=fixed_clock)
    app.poll_seconds = 3600  # the form was opened on what the app had read
    northwind = mixed_data["Northwind Labs"]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, InterviewForm)
        # Another session changes the notes and the office phone meanwhile ...
        Repository(db_path, clock=fixed_clock).update_interview(
            northwind, notes="call back Tuesday", office_phone="+1 206 555 0000")
        # ... and here only the role is changed.
        await _fill(pilot, "role", "Principal Engineer")
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
    saved = Repository(db_path).interview(northwind)
    assert saved.role == "Principal Engineer"
    assert saved.notes == "call back Tuesday"
    assert saved.office_phone == "+1 206 555 0000"


async def test_the_settings_form_keeps_another_session_s_setting(
        db_path: Path, mixed_data: dict[str, str]) -> None:
    app = make_app(db_path, clock=fixed_clock)
    app.poll_seconds = 3600
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SettingsForm)
        Repository(db_path).update_settings(signature="Alex\nsent from the other terminal")
        await _fill(pilot, "name", "Alex M. Morgan")
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
    settings = Repository(db_path).settings()
    assert settings.name == "Alex M. Morgan"
    assert settings.signature == "Alex\nsent from the other terminal"


async def test_saving_a_form_unchanged_writes_nothing(db_path: Path,
                                                      mixed_data: dict[str, str]) -> None:
    app = make_app(db_path, clock=fixed_clock)
    before = db_path.read_bytes()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any("Nothing changed" in n.message for n in app.said)
    assert db_path.read_bytes() == before


async def test_a_field_left_alone_in_a_form_is_not_written_back(db_path: Path) -> None:
    """Notes holding a line break a TextArea shows as a plain newline (here a record
    separator, from an import) are not rewritten by saving another field."""
    repo = Repository(db_path, clock=fixed_clock)
    interview = repo.add_interview("Acme", "Analyst", TODAY, notes="first\x1esecond\r\nthird")
    app = make_app(db_path, clock=fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        await _fill(pilot, "role", "Lead Analyst")
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
    saved = Repository(db_path).interview(interview.id)
    assert saved.role == "Lead Analyst"
    assert saved.notes == "first\x1esecond\r\nthird"
