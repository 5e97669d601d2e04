"""The workflow's rules, without a screen: which message an action gets, what done and
undo record (and by which channel), and what a second toggle in a burst does."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from store.message_kinds import MessageKind, Tone
from store.models import FollowUpChannel, Interview, Outcome, Step, ThankChannel
from store.repository import InvalidInput, Repository
from store.workflow import (
    NEXT_FOLLOW_UP,
    ToneFrom,
    closed_by_outcome,
    draft_for,
    mark_done,
    message_kind,
    toggle_done,
    undo_done,
)
from tests.conftest import TODAY, day, fixed_clock

INTERVIEW_DAY = dt.date(2026, 11, 20)  # a Friday


@pytest.fixture
def repo(db_path: Path) -> Repository:
    return Repository(db_path, clock=fixed_clock)


def add_acme(repo: Repository, **extra: object) -> Interview:
    return repo.add_interview("Acme", "Analyst", INTERVIEW_DAY, interviewers=[
        {"name": "Dana Lee", "email": "dana@acme.example", "hiring_manager": True},
        {"name": "Sam Ortiz"}], **extra)  # type: ignore[arg-type]


@pytest.mark.parametrize("step", [Step.THANK, Step.REFERENCES, Step.FOLLOW_UP])
def test_mark_done_and_undo_done_per_step(repo: Repository, step: Step) -> None:
    pat = repo.add_reference("Pat Kim")
    interview = add_acme(repo, references=[pat.id])
    person = {Step.THANK: interview.interviewers[1].id, Step.REFERENCES: pat.id,
              Step.FOLLOW_UP: None}[step]
    done = mark_done(repo, interview.id, step, person, TODAY).interview
    if step is Step.THANK:
        assert done.interviewer(person or "").thanked_on == TODAY  # type: ignore[union-attr]
        assert not done.interviewers[0].thanked
    elif step is Step.REFERENCES:
        assert done.reference_use(pat.id).notified_on == TODAY  # type: ignore[union-attr]
    else:
        assert [f.on for f in done.follow_ups] == [TODAY]
    undone = undo_done(repo, interview.id, step, person).interview
    assert not any(p.thanked for p in undone.interviewers)
    assert not any(u.notified for u in undone.references)
    assert undone.follow_ups == ()
    assert len(undone.history) == 3


def test_mark_done_takes_a_date(repo: Repository) -> None:
    interview = add_acme(repo)
    done = mark_done(repo, interview.id, "thank", interview.interviewers[0].id, TODAY,
                     on=day(11, 21)).interview
    assert done.interviewers[0].thanked_on == day(11, 21)


@pytest.mark.parametrize("step", [Step.THANK, Step.REFERENCES])
def test_done_needs_the_person(repo: Repository, step: Step) -> None:
    interview = add_acme(repo)
    with pytest.raises(InvalidInput, match="say which"):
        mark_done(repo, interview.id, step, None, TODAY)
    with pytest.raises(InvalidInput, match="say which"):
        undo_done(repo, interview.id, step, None)


def test_undo_a_follow_up_when_there_is_none(repo: Repository) -> None:
    interview = add_acme(repo)
    with pytest.raises(InvalidInput, match="no follow-up to undo"):
        undo_done(repo, interview.id, Step.FOLLOW_UP, None)
    assert len(repo.interview(interview.id).history) == 1  # a refusal writes nothing


def test_the_channel_is_the_message_it_was_done_with(repo: Repository) -> None:
    interview = add_acme(repo)
    dana = interview.interviewers[0].id
    card = mark_done(repo, interview.id, Step.THANK, dana, TODAY, kind="thank_card")
    assert card.interview.interviewer(dana).thanked_via is ThankChannel.CARD  # type: ignore[union-attr]
    call = mark_done(repo, interview.id, Step.FOLLOW_UP, None, TODAY, kind="follow_up_call")
    assert call.interview.follow_ups[-1].channel is FollowUpChannel.CALL
    asked = mark_done(repo, interview.id, Step.FOLLOW_UP, None, TODAY, via="call")
    assert asked.interview.follow_ups[-1].channel is FollowUpChannel.CALL
    with pytest.raises(InvalidInput, match="a follow-up goes by email or call"):
        mark_done(repo, interview.id, Step.FOLLOW_UP, None, TODAY, via="card")


def test_after_the_outcome_a_reference_is_thanked_not_told(repo: Repository) -> None:
    pat = repo.add_reference("Pat Kim")
    interview = add_acme(repo, references=[pat.id])
    repo.set_outcome(interview.id, Outcome.OFFER)
    assert message_kind(repo.interview(interview.id), Step.REFERENCES) \
        is MessageKind.REFERENCE_THANKS
    done = toggle_done(repo, interview.id, Step.REFERENCES, pat.id, TODAY)
    use = done.interview.reference_use(pat.id)
    assert use is not None and use.thanked_on == TODAY and use.notified_on is None
    assert done.text == "Marked Pat Kim as thanked today"
    undone = toggle_done(repo, interview.id, Step.REFERENCES, pat.id, TODAY)
    assert undone.interview.reference_use(pat.id).thanked_on is None  # type: ignore[union-attr]


def test_what_an_outcome_closes(repo: Repository) -> None:
    interview = add_acme(repo)
    closing = closed_by_outcome(interview, repo.settings(), repo.book(), TODAY)
    assert [(a.step, a.person) for a in closing] == [
        (Step.THANK, "Dana Lee"), (Step.THANK, "Sam Ortiz"), (Step.FOLLOW_UP, None)]
    repo.set_outcome(interview.id, Outcome.REJECTED)
    assert closed_by_outcome(repo.interview(interview.id), repo.settings(), repo.book(),
                             TODAY) == []


def test_a_second_toggle_in_a_burst_takes_the_follow_up_back(repo: Repository) -> None:
    interview = add_acme(repo)
    seen = tuple(f.id for f in interview.follow_ups)  # what the screen showed: none
    first = toggle_done(repo, interview.id, Step.FOLLOW_UP, NEXT_FOLLOW_UP, TODAY, seen=seen)
    assert first.done and first.item == first.interview.follow_ups[0].id
    # Pressed again before the screen showed the first: the same "next follow-up".
    second = toggle_done(repo, interview.id, Step.FOLLOW_UP, NEXT_FOLLOW_UP, TODAY, seen=seen)
    assert not second.done and second.item == NEXT_FOLLOW_UP
    assert second.interview.follow_ups == ()
    # Without what the screen saw (a script), every call logs one.
    toggle_done(repo, interview.id, Step.FOLLOW_UP, NEXT_FOLLOW_UP, TODAY)
    again = toggle_done(repo, interview.id, Step.FOLLOW_UP, NEXT_FOLLOW_UP, TODAY)
    assert len(again.interview.follow_ups) == 2


def test_a_follow_up_of_another_day_is_not_taken_back(repo: Repository) -> None:
    interview = add_acme(repo)
    repo.log_follow_up(interview.id, day(11, 25))
    toggled = toggle_done(repo, interview.id, Step.FOLLOW_UP, NEXT_FOLLOW_UP, TODAY, seen=())
    assert [f.on for f in toggled.interview.follow_ups] == [day(11, 25), TODAY]


def test_the_draft_takes_the_tone_chosen_and_the_user_s_words(repo: Repository) -> None:
    interview = add_acme(repo)
    dana = interview.interviewers[0].id
    usual = draft_for(interview, repo.settings(), repo.book(), TODAY, Step.THANK, dana)
    assert usual is not None and usual.message.tone is Tone.WARM
    assert usual.tone_from is ToneFrom.USUAL
    repo.set_tone(interview.id, Step.THANK, dana, "formal")
    repo.save_draft(interview.id, Step.THANK, dana, "thank_email", "formal", "Mine.\n\nThanks.")
    mine = draft_for(repo.interview(interview.id), repo.settings(), repo.book(), TODAY,
                     Step.THANK, dana)
    assert mine is not None and mine.tone_from is ToneFrom.CHOSEN
    assert mine.message.text == "Mine.\n\nThanks."
    assert mine.template is not None and mine.template.subject == "Thank you: Analyst interview"
    assert mine.title == "Thank-you email (formal) to Dana Lee"


def test_the_second_follow_up_gets_its_own_message(repo: Repository) -> None:
    interview = add_acme(repo)
    repo.log_follow_up(interview.id, day(11, 25))
    current = repo.interview(interview.id)
    draft = draft_for(current, repo.settings(), repo.book(), TODAY, Step.FOLLOW_UP, None)
    assert draft is not None and draft.message.kind is MessageKind.SECOND_FOLLOW_UP_EMAIL
    first = draft_for(current, repo.settings(), repo.book(), TODAY, Step.FOLLOW_UP, None,
                      number=1)
    assert first is not None and first.message.kind is MessageKind.FOLLOW_UP_EMAIL


def test_a_person_no_longer_listed_has_no_draft(repo: Repository) -> None:
    interview = add_acme(repo)
    assert draft_for(interview, repo.settings(), repo.book(), TODAY, Step.THANK, "gone") is None
    assert draft_for(interview, repo.settings(), repo.book(), TODAY, Step.REFERENCES,
                     "gone") is None
    with pytest.raises(ValueError, match="'haiku' is not a message kind"):
        draft_for(interview, repo.settings(), repo.book(), TODAY, Step.THANK,
                  interview.interviewers[0].id, kind="haiku")
