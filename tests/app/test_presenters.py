"""What each step and each Today row shows and says, from the data alone (no app)."""

from __future__ import annotations

import datetime as dt

from store.models import Outcome, Step
from store.repository import Repository
from store.schedule import ActionState, actions_for, follow_up_plan
from store.workflow import NEXT_FOLLOW_UP
from tests.conftest import TODAY, day
from tui.presenters import (
    agenda_badge,
    agenda_done_why,
    agenda_what,
    agenda_why,
    current_item,
    first_step_to_do,
    follow_up_view,
    reference_view,
    saving_view,
    thank_view,
)
from widgets.steps_view import item_line


def views(repo: Repository, interview_id: str, today: dt.date = TODAY):
    interview = repo.interview(interview_id)
    settings, book = repo.settings(), repo.book()
    actions = actions_for(interview, settings, book, today)
    plan = follow_up_plan(interview, settings, book, today)
    return {
        Step.THANK: thank_view(interview, actions, today),
        Step.REFERENCES: reference_view(interview, actions, book, today),
        Step.FOLLOW_UP: follow_up_view(interview, plan, today),
    }


def test_acme_one_thanked_one_due_and_the_follow_up_held_back(
        repo: Repository, mixed_data: dict[str, str]) -> None:
    shown = views(repo, mixed_data["Acme Corp"])
    thank = shown[Step.THANK]
    assert thank.status == "1 of 2 thanked"
    assert [(i.label, i.state, i.note) for i in thank.items] == [
        ("Dana Lee", ActionState.DONE, "thanked Wed 25 Nov by email"),
        ("Sam Ortiz", ActionState.DUE, "thank today"),
    ]
    assert thank.state is ActionState.DUE
    refs = shown[Step.REFERENCES]
    assert refs.status == "0 of 1 told" and refs.items[0].label == "Jordan Kim"
    follow = shown[Step.FOLLOW_UP]
    assert follow.status == "not yet" and follow.state is ActionState.WAITING
    assert [i.item_id for i in follow.items] == [NEXT_FOLLOW_UP]
    assert (ActionState.DUE, "Still open: 1 thank-you, 1 reference") in follow.notes
    # Opened at the first step with something due; on its first person still to do.
    assert first_step_to_do(shown) is Step.THANK
    assert current_item(thank, None) == thank.items[1].item_id
    assert current_item(thank, thank.items[0].item_id) == thank.items[0].item_id


def test_a_closed_interview_thanks_the_references_told(
        repo: Repository, mixed_data: dict[str, str]) -> None:
    globex = mixed_data["Globex"]
    repo.set_outcome(globex, Outcome.OFFER)
    shown = views(repo, globex)
    refs = shown[Step.REFERENCES]
    assert refs.status == "0 of 1 thanked"
    assert refs.items[0].state is ActionState.DUE
    assert refs.items[0].note == "called; thank them, share the news"
    assert refs.notes == ((ActionState.DUE, "Outcome: offer. Thank each one you told."),)
    # What happened, as the steps say it (the day, when it was kept: "Offer on ...").
    assert shown[Step.FOLLOW_UP].status == "Closed: offer"
    # No follow-up: the answer to the offer instead.
    assert shown[Step.FOLLOW_UP].notes == ((
        ActionState.DUE, "No follow-up now: accept the offer or ask for time to decide "
                         "(the message below; v for the other)"),)


def test_time_to_move_on(repo: Repository, mixed_data: dict[str, str]) -> None:
    follow = views(repo, mixed_data["Hooli"])[Step.FOLLOW_UP]
    assert follow.status == "time to move on"
    assert [(i.label, i.note) for i in follow.items] == [
        ("Follow-up 1", "email, Mon 2 Nov"), ("Follow-up 2", "call, Wed 11 Nov")]


def test_today_rows_say_what_and_why(repo: Repository, mixed_data: dict[str, str]) -> None:
    northwind = repo.interview(mixed_data["Northwind Labs"])
    actions = actions_for(northwind, repo.settings(), repo.book(), TODAY)
    thank = actions[0]
    assert agenda_what(thank.step, thank.person, northwind, done=False) == "Thank Morgan Blake"
    assert agenda_badge(thank, TODAY) == "late 10 days"
    assert agenda_why(thank, TODAY) == "was due Mon 16 Nov"
    follow = actions[-1]
    assert agenda_what(follow.step, follow.person, northwind, done=False) \
        == "Follow up with Morgan Blake"
    repo.log_follow_up(northwind.id, TODAY)
    logged = repo.interview(northwind.id)
    assert agenda_what(Step.FOLLOW_UP, None, logged, done=True) == "Follow up with Morgan Blake"
    assert agenda_done_why(Step.FOLLOW_UP, None, logged, TODAY) == "Followed up today"
    assert agenda_done_why(Step.FOLLOW_UP, None, logged, day(11, 27)) == "Followed up Thu 26 Nov"


def test_the_message_pane_names_the_other_wordings_and_the_warnings(
        repo: Repository, mixed_data: dict[str, str]) -> None:
    from store.message_kinds import kinds_for
    from store.workflow import draft_for
    from tui.presenters import message_view

    northwind = repo.interview(mixed_data["Northwind Labs"])
    riley = northwind.interviewers[1]  # no topic noted: the draft has a gap
    draft = draft_for(northwind, repo.settings(), repo.book(), TODAY, Step.THANK, riley.id)
    assert draft is not None
    view = message_view(draft, kinds_for(Step.THANK))
    assert view.title == "Thank-you email to Riley Chen"
    assert view.hint == "v: thank-you card · T: formal"
    assert view.has_subject and view.markers == ("<<topic>>",)
    assert not view.edited and view.summary == ""  # the gap has its own line
    assert view.notes[0][0] == "warning" and "Nothing personal yet" in view.notes[0][1]


def test_an_item_being_saved_says_so_in_place_of_its_mark_and_date(
        repo: Repository, mixed_data: dict[str, str]) -> None:
    thank = views(repo, mixed_data["Acme Corp"])[Step.THANK]
    dana, sam = thank.items
    saving = saving_view(thank, {sam.item_id})
    # Sam's state is kept (the cursor still picks him first), but not drawn as done or due.
    assert saving.items[1].saving and saving.items[1].state is sam.state
    assert item_line(saving.items[1]).plain.startswith("… Sam Ortiz  saving…")
    assert "thank today" not in item_line(saving.items[1]).plain
    assert current_item(saving, None) == sam.item_id
    # Dana, not being saved, is drawn as before; and the mark goes once it has landed.
    assert saving.items[0] is dana
    assert item_line(saving.items[0]).plain.startswith("✓ Dana Lee  thanked Wed 25 Nov")
    landed = saving_view(saving, set())
    assert landed.items == thank.items
    assert saving_view(thank, set()) is thank  # nothing to mark: the same view
