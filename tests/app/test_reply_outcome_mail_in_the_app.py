"""The job seeker's path in the app, driven by keys: a gap filled in place before a copy,
a reply heard, a follow-up before the decision date confirmed, an outcome answered,
a mail draft, and the empty screen once settings are saved. Today is Thu 26 Nov 2026."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from store.models import Outcome, Step
from store.repository import Repository
from store.workflow import draft_for
from tests.app.test_cli import call
from tests.app.test_interview_screen import screen_text, settle
from tests.conftest import TODAY, day, fixed_clock
from tui import cli, mail
from tui.app import FollowupApp, make_app
from tui.forms import ConfirmScreen, GapForm, ReplyForm
from widgets.message_preview import MessagePreview

SIZE = (110, 32)


@pytest.fixture(autouse=True)
def cli_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "_today", lambda: TODAY)


def acme(repo: Repository, **extra: Any) -> str:
    repo.update_settings(name="Alex Morgan", phone="+1 412 555 0199",
                         email="alex@example.com")
    pat = repo.add_reference("Pat Kim", email="pat@example.com")
    fields: dict[str, Any] = dict(
        interviewers=[{"name": "Dana Lee", "email": "dana@acme.example",
                       "topic": "the nightly loads", "hiring_manager": True},
                      {"name": "Sam Ortiz"}],
        references=[pat.id], notes="talked about their Kafka migration")
    fields.update(extra)
    return repo.add_interview("Acme Corp", "Data Engineer", day(11, 25), **fields).id


async def open_step(app: FollowupApp, pilot: Pilot[Any], interview_id: str, step: Step,
                    person: str | None = None) -> None:
    await pilot.pause()
    app.main.open_action(interview_id, step, person)
    await pilot.pause()


async def test_c_asks_for_the_topic_in_place_then_copies(db_path: Path, repo: Repository):
    interview_id = acme(repo)
    sam = repo.interview(interview_id).interviewers[1]
    app = make_app(db_path, clock=fixed_clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_step(app, pilot, interview_id, Step.THANK, sam.id)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, GapForm)
        assert "What did you talk about with Sam Ortiz?" in screen_text(app)
        # The interview's notes are offered; the user types over them.
        assert app.screen.text("answer") == "talked about their Kafka migration"
        app.screen.field("answer").control.value = ""
        await pilot.press(*"their code reviews", "enter")
        await settle(pilot)
        assert Repository(db_path).interview(interview_id).interviewers[1].topic == \
            "their code reviews"
        assert "our conversation about their code reviews" in app.clipboard
        assert "<<" not in app.clipboard


async def test_a_gap_left_empty_is_copied_only_on_a_second_press(db_path: Path,
                                                                  repo: Repository):
    interview_id = acme(repo)
    sam = repo.interview(interview_id).interviewers[1]
    app = make_app(db_path, clock=fixed_clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_step(app, pilot, interview_id, Step.THANK, sam.id)
        before = app.clipboard
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.clipboard == before  # not copied
        warning = [n.message for n in app.said if n.severity == "warning"]
        assert any("Not copied: <<topic>> still empty. Press c again" in w for w in warning)
        await pilot.press("c")
        await pilot.pause()
        assert "<<topic>>" in app.clipboard


async def test_r_notes_a_reply_and_the_follow_up_moves(db_path: Path, repo: Repository):
    interview_id = acme(repo, decision_by=day(11, 27))
    app = make_app(db_path, clock=fixed_clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_step(app, pilot, interview_id, Step.FOLLOW_UP)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReplyForm)
        await pilot.press("enter", *"2026-12-04", "enter", *"next week", "enter")
        await settle(pilot)
        saved = Repository(db_path).interview(interview_id)
        assert saved.decision_by == day(12, 4) and saved.replies[0].note == "next week"
        assert "Next follow-up: Mon 7 Dec" in " ".join(n.message for n in app.said)
        text = screen_text(app)
        assert "Don't follow up before Mon 7 Dec" in text
        assert "Their reply, Thu 26 Nov: next week (deciding by Fri 4 Dec)" in text


async def test_a_follow_up_before_the_decision_date_asks_first(db_path: Path,
                                                               repo: Repository):
    interview_id = acme(repo, decision_by=day(11, 27))
    app = make_app(db_path, clock=fixed_clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_step(app, pilot, interview_id, Step.FOLLOW_UP)
        await pilot.press("space")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "decide by Fri 27 Nov" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert Repository(db_path).interview(interview_id).follow_ups == ()
        await pilot.press("space")
        await pilot.pause()
        await pilot.click("#confirm-yes")
        await settle(pilot)
        assert [f.on for f in Repository(db_path).interview(interview_id).follow_ups] == \
            [TODAY]


async def test_after_an_offer_the_steps_say_so_and_step_3_answers_it(db_path: Path,
                                                                      repo: Repository):
    interview_id = acme(repo)
    repo.set_outcome(interview_id, Outcome.OFFER, on=TODAY)
    expected = draft_for(repo.interview(interview_id), repo.settings(), repo.book(), TODAY,
                         Step.OUTCOME, None)
    assert expected is not None
    app = make_app(db_path, clock=fixed_clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_step(app, pilot, interview_id, Step.FOLLOW_UP)
        text = screen_text(app)
        assert "Offer on Thu 26 Nov" in text
        assert "No follow-up now: accept the offer or ask for time to decide" in text
        await pilot.press("c")
        await pilot.pause()
        # The same text as `followup message ID outcome`.
        assert app.clipboard == expected.message.text
        printed = call(db_path, "message", interview_id, "outcome")
        assert printed.stdout == expected.message.text + "\n"
        await pilot.press("v", "c")
        await pilot.pause()
        assert "a few days to consider it" in app.clipboard
        # Step 1: what happened, no stale thank-you.
        await pilot.press("1")
        await pilot.pause()
        text = screen_text(app)
        assert "Offer on Thu 26 Nov; 0 of 2 thanked" in text
        assert "thank-you to send" in text
        assert "Dana Lee  not thanked" in text


async def test_m_opens_a_mail_draft_or_says_the_title_is_a_link(
        db_path: Path, repo: Repository, monkeypatch: pytest.MonkeyPatch):
    interview_id = acme(repo)
    dana = repo.interview(interview_id).interviewers[0]
    opened: list[list[str]] = []
    monkeypatch.setattr(mail, "opener", lambda: ["xdg-open"])
    monkeypatch.setattr(mail.subprocess, "Popen",
                        lambda argv, **_: opened.append(argv))
    app = make_app(db_path, clock=fixed_clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_step(app, pilot, interview_id, Step.THANK, dana.id)
        title = app.screen.query_one(MessagePreview).query_one(".preview-title")
        links = [span.style.link for span in title.visual.spans
                 if not isinstance(span.style, str)]
        assert links and links[0].startswith("mailto:dana@acme.example?subject=Thank%20you")
        await pilot.press("m")
        await pilot.pause()
        assert opened == [["xdg-open", links[0]]]
        # Over SSH (no opener): the link on the title is the way.
        monkeypatch.setattr(mail, "opener", lambda: None)
        await pilot.press("m")
        await pilot.pause()
        assert "Click the message's title" in app.said[-1].message
        assert len(opened) == 1


def test_the_opener_is_not_used_over_ssh(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 22 10.0.0.2 22")
    monkeypatch.setenv("DISPLAY", ":0")
    assert mail.opener() is None


async def test_the_empty_screen_stops_asking_for_settings_once_saved(db_path: Path):
    app = make_app(db_path, clock=fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "Press s to put your name" in screen_text(app)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press(*"Alex Morgan")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Press s to put your name" not in screen_text(app)
        assert "No interviews yet" in screen_text(app)



async def test_a_new_interview_takes_its_people_and_references_in_one_pass(
        db_path: Path, repo: Repository):
    repo.update_settings(name="Alex Morgan")
    pat = repo.add_reference("Pat Kim", email="pat@example.com")
    app = make_app(db_path, clock=fixed_clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        form.field("company").control.value = "Initrode"
        form.field("role").control.value = "Platform engineer"
        form.field("notes").control.text = "their Kafka migration"
        form.field("person0-name").control.value = "Dana Lee"
        form.field("person0-title").control.value = "Head of Data"
        form.field("person0-email").control.value = "dana@initrode.com"
        # The notes are offered as what was talked about.
        form.field("person0-topic").control.focus()
        await pilot.pause()
        assert form.text("person0-topic") == "their Kafka migration"
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.pause()
        assert app.focused is form.field("person1-name").control
        await pilot.press(*"Sam Ortiz")
        form.field("person1-topic").control.focus()
        await pilot.pause()
        await pilot.press(*"code reviews")
        form.field("references").control.select(pat.id)
        form.field("new_references").control.value = "Jo Park <jo@example.com>"
        await pilot.press("ctrl+s")
        await settle(pilot)
        errors = [(f.id, str(f.query_one(".field-error").visual)) for f in form.fields()
                  if f.has_error]
        assert errors == []
    saved = Repository(db_path).interviews()[0]
    assert [(p.name, p.title, p.email, p.hiring_manager, p.topic)
            for p in saved.interviewers] == [
        ("Dana Lee", "Head of Data", "dana@initrode.com", True, "their Kafka migration"),
        ("Sam Ortiz", "", "", False, "code reviews")]
    book = Repository(db_path).book()
    assert [book[u.reference_id].name for u in saved.references] == ["Pat Kim", "Jo Park"]
    assert book[saved.references[1].reference_id].email == "jo@example.com"


async def test_no_references_yet_is_said_until_one_is_added_or_none_needed(
        db_path: Path, repo: Repository):
    repo.update_settings(name="Alex Morgan")
    interview_id = repo.add_interview("Initrode", "Platform engineer", TODAY,
                                      interviewers=[{"name": "Dana Lee", "topic": "x"}]).id
    app = make_app(db_path, clock=fixed_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await pilot.pause()
        # The Today view names it beside its due thank-you.
        text = screen_text(app)
        assert "Initrode: no references yet — add one (a) or mark" in text
        assert "'none needed' (N) in its step 2" in text
        await pilot.press("t")
        await open_step(app, pilot, interview_id, Step.REFERENCES)
        assert "2 References  no references yet" in screen_text(app)
        await pilot.press("N")
        await settle(pilot)
        assert Repository(db_path).interview(interview_id).references_not_needed
        assert "2 References  none needed" in screen_text(app)
