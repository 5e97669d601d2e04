"""The modal forms, driven by the keyboard through a minimal host app.

Each test pushes one form, types into it as a user would, and checks what the
form dismissed with (or that it stayed open). Snapshot tests at the end pin how
the new-interview form looks, empty and with an inline error, at 80x24 and
100x30.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static, TextArea

from store.dates import DATE_HELP
from store.models import (
    ContactChannel,
    FollowUpChannel,
    Format,
    Interview,
    Interviewer,
    Outcome,
    Reference,
    Settings,
)
from tui.forms import (
    ConfirmScreen,
    Field,
    FollowUpForm,
    InterviewerForm,
    InterviewForm,
    OutcomeForm,
    ReferenceEditForm,
    ReferenceForm,
    SettingsForm,
)

TODAY = dt.date(2026, 11, 26)  # a Thursday, so "fri" is the next day
BOOK = [
    Reference("r1", "Dana Lee", relationship="former manager at Initech"),
    Reference("r2", "Sam Ortiz", relationship="colleague"),
    Reference("r3", "Priya Raman", relationship="professor", channel=ContactChannel.PHONE),
]
UNSET = object()


class Host(App[None]):
    """Pushes one form and keeps what it dismissed with."""

    # The forms read this and stop their cursors blinking, for stable snapshots.
    CURSOR_BLINK = False

    def __init__(self, make_form: Callable[[], Screen[Any]]) -> None:
        super().__init__()
        self.make_form = make_form
        self.result: Any = UNSET

    def on_mount(self) -> None:
        self.push_screen(self.make_form(), self._keep)

    def _keep(self, value: Any) -> None:
        self.result = value


async def type_text(pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*text)


def field(app: App[Any], field_id: str) -> Field:
    return app.screen.query_one(f"#{field_id}", Field)


def error_text(app: App[Any], field_id: str) -> str:
    return str(field(app, field_id).query_one(".field-error", Static).render())


def side_text(app: App[Any], field_id: str) -> str:
    return str(field(app, field_id).query_one(".field-side", Static).render())


def focused_field(app: App[Any]) -> str | None:
    focused = app.focused
    for node in focused.ancestors if focused else ():
        if isinstance(node, Field):
            return node.id
    return None


# --- InterviewForm ------------------------------------------------------------------


async def test_new_interview_filled_by_keyboard() -> None:
    app = Host(lambda: InterviewForm(TODAY))
    async with app.run_test(size=(100, 30)) as pilot:
        await type_text(pilot, "Acme")
        await pilot.press("tab")
        await type_text(pilot, "Platform engineer")
        await pilot.press("tab")
        # The date starts as "today" and is selected on focus, so typing replaces it.
        await type_text(pilot, "fri")
        assert side_text(app, "date") == "→ Fri 27 Nov 2026"
        await pilot.press("tab")
        await type_text(pilot, "2:30pm")
        assert side_text(app, "time") == "→ 14:30"
        await pilot.press("tab")
        # Format: open the list, go up from Video to Onsite, choose.
        await pilot.press("enter", "up", "up", "enter")
        await pilot.press("tab")
        await type_text(pilot, "2")
        await pilot.press("tab")
        await type_text(pilot, "+2w")
        await pilot.press("tab")
        await type_text(pilot, "555-0100")
        await pilot.press("tab")
        await type_text(pilot, "Ask about on-call")
        await pilot.press("tab")
        await type_text(pilot, "streaming pipelines")
        # Who you met: name, title, email, hiring manager (the first is), topic.
        await pilot.press("tab")
        await type_text(pilot, "Dana Lee")
        await pilot.press("tab")
        await type_text(pilot, "Head of Data")
        await pilot.press("tab")
        await type_text(pilot, "dana@acme.com")
        await pilot.press("tab", "tab")
        # The notes are offered, selected: typing replaces them.
        assert field(app, "person0-topic").control.value == "Ask about on-call"  # type: ignore[attr-defined]
        await type_text(pilot, "their Kafka migration")
        await pilot.press("ctrl+n")
        await pilot.pause()
        await type_text(pilot, "Sam Ortiz")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.result == {
        "company": "Acme",
        "role": "Platform engineer",
        "date": dt.date(2026, 11, 27),
        "time": dt.time(14, 30),
        "format": Format.ONSITE,
        "round": 2,
        "decision_by": dt.date(2026, 12, 10),
        "office_phone": "555-0100",
        "notes": "Ask about on-call",
        "key_points": "streaming pipelines",
        "interviewers": [
            {"name": "Dana Lee", "title": "Head of Data", "email": "dana@acme.com",
             "hiring_manager": True, "topic": "their Kafka migration"},
            {"name": "Sam Ortiz", "title": "", "email": "", "hiring_manager": False,
             "topic": ""}],
        "new_references": [],
    }


async def test_new_interview_defaults() -> None:
    app = Host(lambda: InterviewForm(TODAY))
    async with app.run_test(size=(100, 30)) as pilot:
        await type_text(pilot, "Acme")
        await pilot.press("tab")
        await type_text(pilot, "Engineer")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.result == {
        "company": "Acme", "role": "Engineer", "date": TODAY, "time": None,
        "format": Format.VIDEO, "round": 1, "decision_by": None, "office_phone": "",
        "notes": "", "key_points": "", "interviewers": [], "new_references": [],
    }


async def test_invalid_date_shows_the_problem_and_keeps_the_form_open() -> None:
    app = Host(lambda: InterviewForm(TODAY))
    async with app.run_test(size=(100, 30)) as pilot:
        await type_text(pilot, "Acme")
        await pilot.press("tab")
        await type_text(pilot, "Engineer")
        await pilot.press("tab")
        await type_text(pilot, "frday")
        # While typing, only a hint beside the field; the message waits for a save.
        assert "not understood" in side_text(app, "date")
        assert not field(app, "date").has_error
        await pilot.press("tab", "ctrl+s")
        await pilot.pause()
        assert app.result is UNSET
        assert isinstance(app.screen, InterviewForm)
        assert error_text(app, "date") == f"'frday' is not a date: use {DATE_HELP}"
        assert focused_field(app) == "date"
        # Correcting the text clears the message at once, and then the save goes through.
        await pilot.press("end", "ctrl+u")
        await type_text(pilot, "fri")
        assert not field(app, "date").has_error
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.result["date"] == dt.date(2026, 11, 27)


async def test_empty_company_is_rejected_and_focused() -> None:
    app = Host(lambda: InterviewForm(TODAY))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("tab")
        await type_text(pilot, "Engineer")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.result is UNSET
        assert "required" in error_text(app, "company")
        assert not field(app, "role").has_error
        assert focused_field(app) == "company"
        assert field(app, "company").control.has_class("-invalid")


async def test_other_problems_are_named_under_their_fields() -> None:
    app = Host(lambda: InterviewForm(TODAY))
    async with app.run_test(size=(100, 30)) as pilot:
        form = app.screen
        assert isinstance(form, InterviewForm)
        values = {"company": "Acme", "role": "Engineer", "date": "2026-11-20",
                  "time": "25:00", "round": "0", "decision_by": "2026-11-19",
                  "person0-name": "Dana", "person0-email": "dana@acme"}
        for field_id, text in values.items():
            control = field(app, field_id).control
            assert isinstance(control, Input)
            control.value = text
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.result is UNSET
        assert "is not a time" in error_text(app, "time")
        assert "from 1 to 99" in error_text(app, "round")
        assert "before the interview" in error_text(app, "decision_by")
        assert "does not look like an email" in error_text(app, "person0-email")
        assert focused_field(app) == "time"  # the first field with a problem


async def test_escape_cancels_without_a_value() -> None:
    app = Host(lambda: InterviewForm(TODAY))
    async with app.run_test(size=(100, 30)) as pilot:
        await type_text(pilot, "Acme")
        await pilot.press("escape")
        await pilot.pause()
        assert app.result is None
        assert not isinstance(app.screen, InterviewForm)


async def test_edit_prefills_and_has_no_interviewers_field() -> None:
    interview = Interview(
        id="a1", company="Acme [b]Corp[/b]", role="Staff engineer", date=dt.date(2026, 11, 24),
        time=dt.time(9, 5), format=Format.PHONE, round=3, decision_by=dt.date(2026, 12, 4),
        office_phone="555-0199", notes="Liked the team.\nAsk about on-call.",
        interviewers=(Interviewer("p1", "Dana Lee"),),
    )
    app = Host(lambda: InterviewForm(TODAY, interview))
    async with app.run_test(size=(100, 30)) as pilot:
        form = app.screen
        assert isinstance(form, InterviewForm)
        # Data in the title is shown literally, markup and all.
        assert form.heading().plain == "Edit interview — Acme [b]Corp[/b]"
        assert not form.query("#person0-name")
        assert field(app, "date").control.value == "2026-11-24"  # type: ignore[attr-defined]
        assert field(app, "time").control.value == "09:05"  # type: ignore[attr-defined]
        assert side_text(app, "date") == "→ Tue 24 Nov 2026"
        notes = field(app, "notes").control
        assert isinstance(notes, TextArea) and notes.text == interview.notes
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.result == {
        "company": "Acme [b]Corp[/b]", "role": "Staff engineer", "date": dt.date(2026, 11, 24),
        "time": dt.time(9, 5), "format": Format.PHONE, "round": 3,
        "decision_by": dt.date(2026, 12, 4), "office_phone": "555-0199",
        "notes": "Liked the team.\nAsk about on-call.", "key_points": "",
    }


async def test_enter_moves_on_and_saves_on_the_last_field() -> None:
    app = Host(lambda: InterviewerForm(TODAY))
    async with app.run_test(size=(100, 30)) as pilot:
        await type_text(pilot, "Dana Lee")
        await pilot.press("enter")
        assert focused_field(app) == "title"
        await type_text(pilot, "CTO")
        # Enter passes the hiring-manager box without flipping it; space flips it.
        await pilot.press("enter", "enter")
        assert focused_field(app) == "email"
        await pilot.press("shift+tab", "space", "enter", "enter", "enter")
        assert focused_field(app) == "topic"
        await type_text(pilot, "their move to Rust")
        await pilot.press("enter")
        await pilot.pause()
    assert app.result == {"name": "Dana Lee", "title": "CTO", "email": "", "phone": "",
                          "topic": "their move to Rust", "hiring_manager": True}


async def test_interviewer_form_checks_the_email_and_edits() -> None:
    person = Interviewer("p1", "Sam Ortiz", email="sam@acme.com", topic="hiking")
    app = Host(lambda: InterviewerForm(TODAY, person))
    async with app.run_test(size=(100, 30)) as pilot:
        form = app.screen
        assert isinstance(form, InterviewerForm)
        assert form.heading().plain == "Edit interviewer — Sam Ortiz"
        topic = field(app, "topic")
        assert isinstance(topic.control, Input) and topic.control.value == "hiking"
        assert "thank-you personal" in topic.control.placeholder
        email = field(app, "email").control
        assert isinstance(email, Input)
        email.value = "sam at acme"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.result is UNSET
        assert "does not look like an email" in error_text(app, "email")
        email.value = "sam@acme.io"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.result["email"] == "sam@acme.io"
    assert app.result["hiring_manager"] is False


# --- ReferenceForm ------------------------------------------------------------------


async def test_reference_picked_by_typing_part_of_the_name() -> None:
    app = Host(lambda: ReferenceForm(BOOK))
    async with app.run_test(size=(100, 30)) as pilot:
        book = app.screen.query_one("#book", OptionList)
        assert book.option_count == 4  # three people and "add someone new"
        await type_text(pilot, "ram")
        assert [o.id for o in book.options] == ["r3", "+new"]
        await pilot.press("enter")
        await pilot.pause()
    assert app.result == {"reference_id": "r3"}


async def test_reference_picked_with_the_arrow_keys_leaves_out_excluded() -> None:
    app = Host(lambda: ReferenceForm(BOOK, exclude_ids={"r1"}))
    async with app.run_test(size=(100, 30)) as pilot:
        book = app.screen.query_one("#book", OptionList)
        assert [o.id for o in book.options] == ["r3", "r2", "+new"]
        await pilot.press("down", "enter")
        await pilot.pause()
    assert app.result == {"reference_id": "r2"}


async def test_typing_an_excluded_name_says_they_are_listed() -> None:
    app = Host(lambda: ReferenceForm(BOOK, exclude_ids={"r1"}))
    async with app.run_test(size=(100, 30)) as pilot:
        await type_text(pilot, "dana")
        note = str(app.screen.query_one("#book-note", Static).render())
        assert note == "Dana Lee is already listed for this interview"


async def test_new_reference_from_the_typed_name() -> None:
    app = Host(lambda: ReferenceForm(BOOK))
    async with app.run_test(size=(100, 30)) as pilot:
        await type_text(pilot, "Pat  Kim")
        await pilot.press("enter")  # the only row left: add Pat Kim
        await pilot.pause()
        assert field(app, "name").control.value == "Pat Kim"  # type: ignore[attr-defined]
        assert focused_field(app) == "relationship"
        await type_text(pilot, "mentor")
        await pilot.press("tab")
        await type_text(pilot, "pat@kim.dev")
        await pilot.press("tab", "tab")
        await pilot.press("enter", "down", "enter")  # prefers: phone
        await pilot.press("tab")
        await type_text(pilot, "knows my Rust work")
        await pilot.press("enter")  # last field: saves
        await pilot.pause()
    assert app.result == {"new": {
        "name": "Pat Kim", "relationship": "mentor", "email": "pat@kim.dev", "phone": "",
        "channel": ContactChannel.PHONE, "notes": "knows my Rust work"}}


async def test_empty_book_goes_straight_to_a_new_person_who_needs_a_name() -> None:
    app = Host(lambda: ReferenceForm([]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert focused_field(app) == "name"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.result is UNSET
        assert "required" in error_text(app, "name")
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is None


async def test_reference_edit_prefills_and_saves() -> None:
    app = Host(lambda: ReferenceEditForm(BOOK[2]))
    async with app.run_test(size=(100, 30)) as pilot:
        form = app.screen
        assert isinstance(form, ReferenceEditForm)
        assert form.heading().plain == "Edit reference — Priya Raman"
        await pilot.press("tab", "tab")
        await type_text(pilot, "priya@uni.edu")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.result == {"name": "Priya Raman", "relationship": "professor",
                          "email": "priya@uni.edu", "phone": "",
                          "channel": ContactChannel.PHONE, "notes": ""}


# --- OutcomeForm ----------------------------------------------------------------------


async def test_outcome_starts_on_the_current_one() -> None:
    app = Host(lambda: OutcomeForm(Outcome.OFFER))
    async with app.run_test() as pilot:
        outcomes = app.screen.query_one(OptionList)
        assert outcomes.highlighted_option is not None
        assert outcomes.highlighted_option.id == Outcome.OFFER.value
        await pilot.press("down", "enter")
        await pilot.pause()
    assert app.result is Outcome.REJECTED


@pytest.mark.parametrize(("keys", "expected"), [
    (("2",), Outcome.SECOND_INTERVIEW),
    (("6",), Outcome.NO_ANSWER),
    (("ctrl+s",), Outcome.OPEN),
    (("escape",), None),
])
async def test_outcome_by_digit_save_or_escape(keys: tuple[str, ...],
                                                expected: Outcome | None) -> None:
    app = Host(lambda: OutcomeForm(Outcome.OPEN))
    async with app.run_test() as pilot:
        await pilot.press(*keys)
        await pilot.pause()
    assert app.result is expected


# --- FollowUpForm ---------------------------------------------------------------------


async def test_follow_up_defaults_to_today() -> None:
    app = Host(lambda: FollowUpForm(TODAY))
    async with app.run_test(size=(100, 30)) as pilot:
        assert side_text(app, "on") == "→ Thu 26 Nov 2026"
        await pilot.press("tab")
        await pilot.press("enter", "down", "enter")  # by call
        await pilot.press("tab")
        await type_text(pilot, "Asked about the timeline")
        await pilot.press("tab")
        await type_text(pilot, "Next week")
        await pilot.press("enter")
        await pilot.pause()
    assert app.result == {"on": TODAY, "channel": FollowUpChannel.CALL,
                          "note": "Asked about the timeline", "reply": "Next week"}


async def test_follow_up_rejects_a_bad_date() -> None:
    app = Host(lambda: FollowUpForm(TODAY))
    async with app.run_test(size=(100, 30)) as pilot:
        await type_text(pilot, "yesterdya")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.result is UNSET
        assert "'yesterdya' is not a date" in error_text(app, "on")
        await pilot.press("end", "ctrl+u")
        await type_text(pilot, "yesterday")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.result["on"] == dt.date(2026, 11, 25)
    assert app.result["channel"] is FollowUpChannel.EMAIL


# --- ConfirmScreen --------------------------------------------------------------------


@pytest.mark.parametrize(("keys", "expected"), [
    (("y",), True),
    (("n",), False),
    (("escape",), False),
    (("enter",), False),  # the focus starts on Cancel
    (("right", "enter"), True),
    (("tab", "enter"), True),
])
async def test_confirm(keys: tuple[str, ...], expected: bool) -> None:
    app = Host(lambda: ConfirmScreen("Delete the interview at [b]Acme[/b]?"))
    async with app.run_test() as pilot:
        question = str(app.screen.query_one("#confirm-question", Static).render())
        assert question == "Delete the interview at [b]Acme[/b]?"
        await pilot.press(*keys)
        await pilot.pause()
    assert app.result is expected


# --- SettingsForm ---------------------------------------------------------------------


async def test_settings_prefill_check_and_save() -> None:
    settings = Settings(name="Jo Park", signature="Best,\nJo", email="jo@park.dev",
                        follow_up_wait=5, follow_up_gap=7, max_follow_ups=2)
    app = Host(lambda: SettingsForm(settings))
    async with app.run_test(size=(100, 30)) as pilot:
        wait = field(app, "follow_up_wait").control
        assert isinstance(wait, Input) and wait.value == "5"
        wait.value = "99"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.result is UNSET
        assert "from 0 to 60" in error_text(app, "follow_up_wait")
        assert focused_field(app) == "follow_up_wait"
        await pilot.press("end", "ctrl+u", "3")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.result == {"name": "Jo Park", "signature": "Best,\nJo", "phone": "",
                          "email": "jo@park.dev", "follow_up_wait": 3, "follow_up_gap": 7,
                          "max_follow_ups": 2}


# --- how they look ----------------------------------------------------------------------

# Type a company and role, then a date no one can read, and try to save.
BAD_DATE_KEYS = [*"Acme", "tab", *"Engineer", "tab", *"frday", "ctrl+s"]


@pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=["80x24", "100x30"])
def test_snapshot_new_interview(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(Host(lambda: InterviewForm(TODAY)), terminal_size=size)


@pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=["80x24", "100x30"])
def test_snapshot_new_interview_with_a_bad_date(snap_compare: Any,
                                                size: tuple[int, int]) -> None:
    assert snap_compare(Host(lambda: InterviewForm(TODAY)), press=BAD_DATE_KEYS,
                        terminal_size=size)


def test_snapshot_reference_picker(snap_compare: Any) -> None:
    assert snap_compare(Host(lambda: ReferenceForm(BOOK, exclude_ids={"r2"})),
                        press=[*"a"], terminal_size=(80, 24))


def test_snapshot_confirm(snap_compare: Any) -> None:
    question = "Delete the interview at Acme? Its interviewers, follow-ups and history go too."
    assert snap_compare(Host(lambda: ConfirmScreen(question)), terminal_size=(80, 24))
