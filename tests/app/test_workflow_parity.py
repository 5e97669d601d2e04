"""One workflow, three surfaces: the interview screen, the Today view and the command
line give the same message, byte for byte, and done / undo leave the same data.

Each case sets the data up (a tone chosen for the person, their own wording saved,
an outcome recorded), then copies the action's message with `c` in the interview
screen and in the Today view and prints it with `followup message`; then marks it
done and undoes it on each surface, on copies of the same file.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from store.message_kinds import MessageKind
from store.models import ContactChannel, Interview, Outcome, Step
from store.repository import Repository
from store.workflow import draft_for, person_key
from tests.app.test_cli import call
from tests.conftest import TODAY, day, fixed_clock
from tui import cli
from tui.app import FollowupApp, make_app
from tui.today_screen import TodayScreen
from widgets.agenda_list import AgendaList

SIZE = (110, 32)


@dataclass(frozen=True)
class Case:
    step: Step
    person: str  # the name as typed on the command line; "" for the follow-up
    tone: str = ""  # chosen for the person in the app (T), kept with the interview
    reworded: bool = False
    outcome: Outcome = Outcome.OPEN
    kind: MessageKind | None = None  # the message it should be, to be sure of the matrix

    @property
    def id(self) -> str:
        parts = [self.step.value, self.person or "manager", self.tone or "usual",
                 "reworded" if self.reworded else "template", self.outcome.value]
        return "-".join(p.replace(" ", "_") for p in parts)


CASES = [
    Case(Step.THANK, "Dana Lee", kind=MessageKind.THANK_EMAIL),
    # The reported drift: the Today view copied the warm text after T chose formal.
    Case(Step.THANK, "Dana Lee", tone="formal", kind=MessageKind.THANK_EMAIL),
    Case(Step.THANK, "Dana Lee", reworded=True, kind=MessageKind.THANK_EMAIL),
    Case(Step.THANK, "Dana Lee", tone="formal", reworded=True, kind=MessageKind.THANK_EMAIL),
    # Pat prefers a text message: the channel chooses the variant.
    Case(Step.REFERENCES, "Pat Kim", kind=MessageKind.REFERENCE_HEADS_UP),
    Case(Step.REFERENCES, "Pat Kim", reworded=True, kind=MessageKind.REFERENCE_HEADS_UP),
    Case(Step.REFERENCES, "Jordan Cole", tone="linkedin", kind=MessageKind.REFERENCE_HEADS_UP),
    Case(Step.REFERENCES, "Jordan Cole", tone="formal", reworded=True,
         kind=MessageKind.REFERENCE_HEADS_UP),
    Case(Step.FOLLOW_UP, "", kind=MessageKind.FOLLOW_UP_EMAIL),
    Case(Step.FOLLOW_UP, "", tone="formal", reworded=True, kind=MessageKind.FOLLOW_UP_EMAIL),
    # After the outcome: the references are owed thanks and the news.
    Case(Step.REFERENCES, "Jordan Cole", outcome=Outcome.OFFER,
         kind=MessageKind.REFERENCE_THANKS),
    Case(Step.REFERENCES, "Pat Kim", reworded=True, outcome=Outcome.REJECTED,
         kind=MessageKind.REFERENCE_THANKS),
    # After the outcome no thank-you is offered (tests/store/
    # test_replies_outcomes_and_wording.py): the references are thanked with the news of
    # a next round too.
    Case(Step.REFERENCES, "Jordan Cole", tone="formal", outcome=Outcome.SECOND_INTERVIEW,
         kind=MessageKind.REFERENCE_THANKS),
]


def set_up(repo: Repository, case: Case, second_follow_up: bool = False) -> tuple[str, str]:
    """The interview of every case (Thu 19 Nov, a week ago: everything is due), and the
    id of the person the case is about."""
    repo.update_settings(name="Alex Morgan", phone="+1 412 555 0199")
    pat = repo.add_reference("Pat Kim", relationship="former manager",
                             channel=ContactChannel.TEXT, phone="+1 412 555 0101")
    jordan = repo.add_reference("Jordan Cole", relationship="colleague",
                                email="jordan@example.com")
    interview = repo.add_interview(
        "Acme Corp", "Data Engineer", day(11, 19), office_phone="+1 412 555 0100",
        interviewers=[{"name": "Dana Lee", "title": "Head of Data",
                       "topic": "the nightly loads", "hiring_manager": True}],
        references=[pat.id, jordan.id])
    person = {"Dana Lee": interview.interviewers[0].id, "Pat Kim": pat.id,
              "Jordan Cole": jordan.id, "": ""}[case.person]
    key = person_key(case.step, person)
    if case.tone:
        repo.set_tone(interview.id, case.step, key, case.tone)
    if case.outcome is not Outcome.OPEN:
        repo.set_outcome(interview.id, case.outcome)
    if case.reworded:
        current = repo.interview(interview.id)
        draft = draft_for(current, repo.settings(), repo.book(), TODAY, case.step, person)
        assert draft is not None
        message = draft.message
        repo.save_draft(interview.id, case.step, key, message.kind, message.tone,
                        f"My own words for {case.id}.\n\nThank you, {case.person or 'all'}.")
    return interview.id, person


def state(db: Path, interview_id: str) -> dict[str, Any]:
    """What done and undo change, as another session would read it."""
    interview: Interview = Repository(db).interview(interview_id)
    return {
        "thanked": [(p.name, p.thanked_on, p.thanked_via) for p in interview.interviewers],
        "references": [(u.reference_id, u.notified_on, u.thanked_on, u.called)
                       for u in interview.references],
        "follow_ups": [(f.on, f.channel) for f in interview.follow_ups],
        "outcome": interview.outcome,
    }


@pytest.fixture(autouse=True)
def cli_today(monkeypatch: pytest.MonkeyPatch) -> None:
    # The command line's today is the app's fixed day in these tests.
    monkeypatch.setattr(cli, "_today", lambda: TODAY)


def cli_args(case: Case, interview_id: str) -> list[str]:
    args = [interview_id, case.step.value]
    return [*args, "--person", case.person] if case.person else args


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_in_interview_screen(app: FollowupApp, pilot: Pilot[Any], interview_id: str,
                                   case: Case, person: str) -> None:
    await pilot.pause()
    app.main.open_action(interview_id, case.step, person or None)
    await pilot.pause()


async def go_to_today_row(app: FollowupApp, pilot: Pilot[Any], interview_id: str,
                          case: Case, person: str) -> bool:
    """The Today view with the case's row selected; False when it is not listed."""
    if not isinstance(app.screen, TodayScreen):
        await pilot.press("t")
        await pilot.pause()
    agenda = app.screen.query_one(AgendaList)
    key = (interview_id, case.step.value, person or None)
    keys = [row.key for row in agenda.rows]
    if key not in keys:
        return False
    agenda.move_to(keys.index(key))
    await pilot.pause()
    return True


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
async def test_the_same_message_everywhere(case: Case, db_path: Path, repo: Repository) -> None:
    interview_id, person = set_up(repo, case)
    expected = draft_for(repo.interview(interview_id), repo.settings(), repo.book(), TODAY,
                         case.step, person)
    assert expected is not None and expected.message.kind is case.kind
    if case.tone:
        assert expected.message.tone.value == case.tone
    assert (expected.edited is not None) == case.reworded

    printed = call(db_path, "message", *cli_args(case, interview_id))
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout == expected.message.text + "\n"

    app = make_app(db_path, clock=fixed_clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_in_interview_screen(app, pilot, interview_id, case, person)
        await pilot.press("c")
        assert app.clipboard == expected.message.text
        listed = await go_to_today_row(app, pilot, interview_id, case, person)
        # Once the outcome is known nothing is due: the Today view has no row for it.
        assert listed == (case.outcome is Outcome.OPEN)
        if listed:
            await pilot.press("c")
            assert app.clipboard == expected.message.text


@pytest.mark.parametrize("case", [c for c in CASES if not c.reworded and not c.tone],
                         ids=lambda c: c.id)
async def test_done_and_undo_leave_the_same_data_everywhere(
        case: Case, db_path: Path, repo: Repository, tmp_path: Path) -> None:
    interview_id, person = set_up(repo, case)
    before = state(db_path, interview_id)
    copies = {}
    for surface in ("cli", "interview", "today"):
        copies[surface] = tmp_path / surface / "followup.json"
        copies[surface].parent.mkdir()
        shutil.copy(db_path, copies[surface])

    done = call(copies["cli"], "done", *cli_args(case, interview_id))
    assert done.returncode == 0, done.stderr
    after = state(copies["cli"], interview_id)
    assert after != before

    app = make_app(copies["interview"], clock=fixed_clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_in_interview_screen(app, pilot, interview_id, case, person)
        await pilot.press("space")
        await settle(pilot)
        assert state(copies["interview"], interview_id) == after
        await pilot.press("space")
        await settle(pilot)
        assert state(copies["interview"], interview_id) == before

    app = make_app(copies["today"], clock=fixed_clock)
    async with app.run_test(size=SIZE) as pilot:
        if await go_to_today_row(app, pilot, interview_id, case, person):
            await pilot.press("space")
            await settle(pilot)
            assert state(copies["today"], interview_id) == after
            await go_to_today_row(app, pilot, interview_id, case, person)
            await pilot.press("space")
            await settle(pilot)
            assert state(copies["today"], interview_id) == before
        else:
            assert case.outcome is not Outcome.OPEN

    undone = call(copies["cli"], "undo", *cli_args(case, interview_id))
    assert undone.returncode == 0, undone.stderr
    assert state(copies["cli"], interview_id) == before


def test_cases_cover_every_message_of_an_action() -> None:
    kinds = {case.kind for case in CASES}
    # The card and the call notes are chosen by hand (v, --kind), not by the workflow;
    # the second follow-up is covered in tests/store/test_workflow.py, the answers to an
    # outcome in tests/app/test_reply_outcome_mail_in_the_app.py.
    assert kinds == set(MessageKind) - {MessageKind.THANK_CARD, MessageKind.FOLLOW_UP_CALL,
                                        MessageKind.SECOND_FOLLOW_UP_EMAIL,
                                        MessageKind.OFFER_ACCEPT, MessageKind.OFFER_TIME,
                                        MessageKind.REJECTION_REPLY}
    assert dt.date(2026, 11, 19) < TODAY
