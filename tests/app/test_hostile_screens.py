"""Every form and modal opened on hostile data shows nothing but printable text.

A company or name holding `ESC ] 52 ; c ; ... BEL` (an OSC 52 clipboard write)
can arrive through an import or a hand-edited file. Drawn raw in a border
title, a label or a toast, it would write the clipboard, retitle the window
and clear the screen. Each screen is opened over the app with such data, and
the lines Textual would send to the terminal are checked.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from textual.screen import Screen

from store.repository import Repository
from tests.conftest import fixed_clock
from tui.app import make_app
from tui.clipboard import CopyFallbackScreen
from tui.forms import (
    ConfirmScreen,
    FollowUpForm,
    InterviewerForm,
    InterviewForm,
    OutcomeForm,
    ReferenceEditForm,
    ReferenceForm,
    SettingsForm,
)
from tui.history import HistoryScreen
from tui.next_round import NextRoundForm, NextRoundQuestion
from tui.reword import RewordScreen

OSC52 = "\x1b]52;c;aGVsbG8=\x07"
HOSTILE = f"Acme{OSC52}\x1b]0;owned\x07\x1b[2J\u009b31m\u202eCorp"
RAW = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def hostile_file(tmp_path: Path) -> tuple[Path, str]:
    """A data file whose names hold escape sequences (as an old import left them)."""
    db = tmp_path / "followup.json"
    repo = Repository(db, clock=fixed_clock)
    jordan = repo.add_reference("Jordan Kim", email="jordan@example.com")
    interview = repo.add_interview("Acme", "Analyst", fixed_clock().date(),
                                   interviewers=[{"name": "Raj", "title": "CTO"}],
                                   references=[jordan.id])
    repo.update_settings(name="Alex", signature="Alex")
    data = json.loads(db.read_text())
    doc = data["interviews"]["1"]
    doc["company"] = HOSTILE
    doc["role"] = HOSTILE
    doc["interviewers"][0]["name"] = "Raj" + OSC52
    doc["interviewers"][0]["title"] = "CTO" + OSC52
    data["references"]["1"]["name"] = "Jordan" + OSC52
    data["settings"]["1"]["name"] = "Alex" + OSC52
    doc["history"].append({"at": "2026-11-26T09:00:00", "what": "Noted " + OSC52})
    db.write_text(json.dumps(data))
    return db, interview.id


def raw_lines(lines: list[str]) -> list[str]:
    return [line for line in lines if RAW.search(line)]


async def test_every_form_and_modal_shows_hostile_data_as_printable_text(
        tmp_path: Path) -> None:
    db, interview_id = hostile_file(tmp_path)
    app = make_app(db, clock=fixed_clock)
    app.poll_seconds = 3600
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        repo = app.repo
        interview = repo.interview(interview_id)
        reference = repo.references()[0]
        today = fixed_clock().date()
        screens: list[Screen] = [
            InterviewForm(today, interview),
            InterviewerForm(today, interview.interviewers[0]),
            ReferenceForm(repo.references()),
            ReferenceEditForm(reference),
            OutcomeForm(interview.outcome),
            FollowUpForm(today),
            SettingsForm(repo.settings()),
            HistoryScreen(interview),
            NextRoundQuestion(interview),
            NextRoundForm(today, interview),
            RewordScreen(HOSTILE, HOSTILE, HOSTILE, note=HOSTILE),
            ConfirmScreen(HOSTILE),
            CopyFallbackScreen(HOSTILE, tmp_path / ("copy" + OSC52 + ".txt")),
        ]
        for screen in screens:
            await app.push_screen(screen)
            await pilot.pause()
            if isinstance(screen, ReferenceForm):
                # The picker lists the book and echoes what is typed.
                await pilot.press(*"Jord")
                await pilot.pause()
            lines = [strip.text for strip in app.screen._compositor.render_strips()]
            assert raw_lines(lines) == [], type(screen).__name__
            assert "Acme" in "".join(lines) or not isinstance(screen, InterviewForm)
            app.pop_screen()
            await pilot.pause()
        # A toast built from data, as an error naming a company would be: every
        # notification goes through the cleaner, whoever sends it.
        app.notify(f"Not saved: {HOSTILE}", title=HOSTILE, markup=False)
        app.screen.notify(HOSTILE, markup=True)
        await pilot.pause()
        shown = [(n.title, n.message) for n in app.said]
        assert len(shown) == 2
        assert all(not RAW.search(title + message) for title, message in shown), shown


async def test_a_form_refuses_a_pasted_control_character_and_says_where(
        tmp_path: Path) -> None:
    db, interview_id = hostile_file(tmp_path)
    app = make_app(db, clock=fixed_clock)
    app.poll_seconds = 3600
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        before = db.read_bytes()
        form = InterviewForm(fixed_clock().date(), app.repo.interview(interview_id))
        await app.push_screen(form)
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form  # kept open, with what was typed
        errors = [str(w.render()) for w in form.query(".field-error") if w.display]
        assert any("control character" in text for text in errors), errors
        assert db.read_bytes() == before


async def test_a_huge_paste_is_cut_to_what_a_field_takes_and_the_form_stays(
        tmp_path: Path) -> None:
    """A megabyte pasted with escapes in it: each field takes what it can hold, says
    what was cut, and the form keeps what was typed before (it used to freeze for
    tens of seconds, and a field with a length limit dropped the paste whole)."""
    from textual import events

    db = tmp_path / "followup.json"
    app = make_app(db, clock=fixed_clock)
    app.poll_seconds = 3600
    huge = ("Acme \x1b[31m red \x1b]0;t\x07 " * 40_000)[:1_000_000]
    async with app.run_test(size=(100, 30)) as pilot:
        form = InterviewForm(fixed_clock().date())
        await app.push_screen(form)
        await pilot.pause()
        role = form.field("role").control
        role.focus()
        await pilot.press(*"Analyst")
        for name in ("company", "person0-topic", "notes"):
            control = form.field(name).control
            control.focus()
            await pilot.pause()
            control.post_message(events.Paste(huge))
            await pilot.pause()
            value = getattr(control, "value", None)
            value = control.text if value is None else value  # type: ignore[attr-defined]
            assert 0 < len(value) <= 10_000, name  # the store's longest field
            assert value.startswith("Acme"), name
        assert app.screen is form
        assert role.value == "Analyst"  # type: ignore[attr-defined]
        cut = [n.message for n in app.said if n.title == "Paste cut short"]
        assert len(cut) == 3 and "first 10,000 characters" in cut[-1]


def test_a_huge_paste_from_the_terminal_reaches_the_app_as_one_bounded_paste() -> None:
    """What the terminal sends for a megabyte pasted with escapes in it: Textual's own
    parser replayed most of it as single key presses (over a minute and 700 MB in a
    real terminal, and an escape among them could close the form)."""
    from textual import events
    from textual.drivers import linux_driver

    from tui.paste import BoundedPasteParser, bound_pastes

    huge = ("Acme \x1b[31m red \x1b]0;t\x07 " * 40_000)[:1_000_000]
    sent = "\x1b[200~" + huge + "\x1b[201~x"
    parser = BoundedPasteParser()
    received = []
    for at in range(0, len(sent), 4096):  # as the input thread reads it
        received += list(parser.feed(sent[at:at + 4096]))
    assert [type(e) for e in received] == [events.Paste, events.Key]
    paste = received[0]
    assert len(paste.text) == 10_001  # one more than any field takes: it says "cut"
    assert paste.text.startswith("Acme ␛[31m red ␛]0;t") and "\x1b" not in paste.text
    assert received[1].character == "x"
    bound_pastes()
    assert linux_driver.XTermParser is BoundedPasteParser
