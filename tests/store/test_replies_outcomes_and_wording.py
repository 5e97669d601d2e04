"""The job seeker's whole path, in the store: replies heard, outcomes that close the
loop, a further round's heads-up before it, and messages that read well with what is
known. Pure rules and the repository on a temporary file, with a fixed today."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from urllib.parse import unquote

import pytest

from store import codec
from store.message_kinds import MessageKind, Tone
from store.messages import render_message
from store.models import Interview, InterviewSummary, Outcome, Settings, Step
from store.repository import InvalidInput, Repository
from store.schedule import ActionState, actions_for, agenda, badge, follow_up_plan, next_action
from store.workflow import (
    Closed,
    TooEarly,
    draft_for,
    mail_draft,
    mark_done,
    outcome_kinds,
    record_outcome,
    record_reply,
    undo_done,
)
from tests.conftest import TODAY, day

# Thu 26 Nov 2026 is today.
SETTINGS = Settings(name="Alex Morgan", phone="+1 412 555 0199", email="alex@example.com")


def acme(repo: Repository, company: str = "Acme Corp", **extra) -> Interview:
    repo.update_settings(name=SETTINGS.name, phone=SETTINGS.phone, email=SETTINGS.email)
    pat = repo.add_reference("Pat Kim", email="pat@example.com",
                             notes="my work on the billing migration")
    fields = dict(
        interviewers=[{"name": "Dana Lee", "title": "Head of Data", "hiring_manager": True,
                       "email": "dana@acme.example", "topic": "the nightly loads"},
                      {"name": "Sam Ortiz", "title": "Staff Engineer",
                       "topic": "their code review habits"},
                      {"name": "Jo Park", "topic": "on-call"}],
        references=[pat.id], key_points="streaming pipelines and on-call")
    fields.update(extra)
    return repo.add_interview(company, "Data Engineer", day(11, 16), **fields)


def plan(repo: Repository, interview_id: str, today: dt.date = TODAY):
    return follow_up_plan(repo.interview(interview_id), repo.settings(), repo.book(), today)


def summary_badge(repo: Repository, interview_id: str, today: dt.date):
    """The list's badge from the summary read off the file, and from the whole interview."""
    fresh = Repository(repo.path)
    summary = next(s for s in fresh.index().summaries if s.id == interview_id)
    whole = fresh.interview(interview_id)
    settings, book = fresh.settings(), fresh.book()
    return badge(summary, settings, book, today), badge(whole, settings, book, today)


# --- 3. replies and the decision date -------------------------------------------------------


def test_a_reply_with_a_new_decision_date_moves_the_follow_up_after_it(repo: Repository):
    interview = acme(repo, decision_by=day(11, 20))
    assert plan(repo, interview.id).due_on == day(11, 23)  # the day after the old date
    noted = record_reply(repo, interview.id, TODAY, decision_by=day(12, 4),
                         note="still deciding, we'll know next week")
    saved = repo.interview(interview.id)
    assert saved.decision_by == day(12, 4)
    assert [(r.on, r.decision_by, r.previous_decision_by, r.note) for r in saved.replies] == [
        (TODAY, day(12, 4), day(11, 20), "still deciding, we'll know next week")]
    assert "2026-12-04 (was 2026-11-20)" in saved.history[-1].what
    # The first business day after Fri 4 Dec.
    assert plan(repo, interview.id).due_on == day(12, 7)
    assert "Next follow-up: Mon 7 Dec" in noted.text
    assert summary_badge(repo, interview.id, TODAY)[0] == summary_badge(
        repo, interview.id, TODAY)[1]


def test_a_reply_without_a_date_restarts_the_wait_and_the_count(repo: Repository):
    interview = acme(repo)
    repo.log_follow_up(interview.id, day(11, 9) + dt.timedelta(days=14), "email")  # Mon 23
    repo.log_follow_up(interview.id, day(11, 24), "call")
    assert plan(repo, interview.id).move_on  # two sent with no answer
    record_reply(repo, interview.id, TODAY, on=day(11, 25))
    after = plan(repo, interview.id)
    # Five business days (the settings' wait) from Wed 25 Nov, and it is the first again.
    assert after.number == 1 and not after.move_on
    assert after.due_on == day(12, 2)
    assert "after their reply on Wed 25 Nov" in after.reason
    draft = draft_for(repo.interview(interview.id), repo.settings(), repo.book(), day(12, 2),
                      Step.FOLLOW_UP, None)
    assert draft is not None and draft.message.kind is MessageKind.FOLLOW_UP_EMAIL
    listed, whole = summary_badge(repo, interview.id, day(12, 2))
    assert listed == whole and listed.due == 1  # the follow-up (the thank-yous are late)


def test_a_reply_in_the_future_or_before_the_interview_changes_nothing(repo: Repository):
    interview = acme(repo)
    before = repo.path.read_bytes()
    with pytest.raises(InvalidInput, match="in the future"):
        record_reply(repo, interview.id, TODAY, on=day(11, 27))
    with pytest.raises(InvalidInput, match="before the interview"):
        record_reply(repo, interview.id, TODAY, on=day(11, 13))
    with pytest.raises(InvalidInput, match="before the reply"):
        record_reply(repo, interview.id, TODAY, decision_by=day(11, 20))
    assert repo.path.read_bytes() == before


def test_a_follow_up_before_the_decision_date_is_refused_unless_forced(repo: Repository):
    interview = acme(repo, decision_by=day(11, 27))
    before = repo.path.read_bytes()
    with pytest.raises(TooEarly, match="decide by Fri 27 Nov"):
        mark_done(repo, interview.id, Step.FOLLOW_UP, None, TODAY)
    assert repo.path.read_bytes() == before
    done = mark_done(repo, interview.id, Step.FOLLOW_UP, None, TODAY, force=True)
    assert [f.on for f in done.interview.follow_ups] == [TODAY]


@pytest.mark.parametrize(("on", "problem"), [(day(11, 27), "in the future"),
                                             (day(11, 13), "before the interview")])
def test_done_on_a_day_that_cannot_be_is_refused(repo: Repository, on, problem):
    interview = acme(repo)
    before = repo.path.read_bytes()
    for step, person in ((Step.THANK, interview.interviewers[0].id),
                         (Step.FOLLOW_UP, None)):
        with pytest.raises(InvalidInput, match=problem):
            mark_done(repo, interview.id, step, person, TODAY, on=on)
    assert repo.path.read_bytes() == before


def test_undo_of_what_was_not_done_writes_nothing(repo: Repository):
    interview = acme(repo)
    before = repo.path.read_bytes()
    with pytest.raises(InvalidInput, match="nothing to undo"):
        undo_done(repo, interview.id, Step.THANK, interview.interviewers[0].id)
    with pytest.raises(InvalidInput, match="no follow-up to undo"):
        undo_done(repo, interview.id, Step.FOLLOW_UP, None)
    assert repo.path.read_bytes() == before


# --- 4. outcomes close the loop -----------------------------------------------------------


def test_an_offer_closes_every_step_and_offers_its_answers(repo: Repository):
    interview = acme(repo)
    repo.mark_notified(interview.id, interview.references[0].reference_id, day(11, 16))
    noted = record_outcome(repo, interview.id, Outcome.OFFER, TODAY, on=day(11, 25))
    assert "closed 3 thank-yous and the follow-up" in noted.text
    assert "thank 1 reference with the news" in noted.text
    saved = repo.interview(interview.id)
    settings, book = repo.settings(), repo.book()
    assert agenda([saved], settings, book, TODAY) == []
    assert next_action([saved], settings, book, TODAY) is None
    states = {a.state for a in actions_for(saved, settings, book, TODAY)}
    assert ActionState.DUE not in states and ActionState.LATE not in states
    thank = actions_for(saved, settings, book, TODAY)[0]
    assert thank.reason == "Offer on Wed 25 Nov"
    for step, person in ((Step.THANK, saved.interviewers[0].id), (Step.FOLLOW_UP, None)):
        with pytest.raises(Closed, match=r"closed \(Offer on Wed 25 Nov\)"):
            draft_for(saved, settings, book, TODAY, step, person)
    with pytest.raises(Closed):
        draft_for(saved, settings, book, TODAY, Step.REFERENCES,
                  saved.references[0].reference_id, kind="reference_heads_up")
    thanks = draft_for(saved, settings, book, TODAY, Step.REFERENCES,
                       saved.references[0].reference_id)
    assert thanks is not None and thanks.message.kind is MessageKind.REFERENCE_THANKS
    assert outcome_kinds(saved) == (MessageKind.OFFER_ACCEPT, MessageKind.OFFER_TIME)
    accept = draft_for(saved, settings, book, TODAY, Step.OUTCOME, None)
    assert accept is not None and accept.recipient == "Dana Lee"
    assert "delighted to accept" in accept.message.body and accept.message.complete
    time = draft_for(saved, settings, book, TODAY, Step.OUTCOME, None, kind="offer_time")
    assert time is not None
    assert "my answer by Tuesday 1 December" in time.message.body


def test_a_rejection_is_answered_graciously(repo: Repository):
    interview = acme(repo)
    saved = record_outcome(repo, interview.id, Outcome.REJECTED, TODAY).interview
    reply = draft_for(saved, repo.settings(), repo.book(), TODAY, Step.OUTCOME, None)
    assert reply is not None and reply.message.kind is MessageKind.REJECTION_REPLY
    body = reply.message.body
    assert "Thank you for letting me know" in body
    assert "feedback" in body and "future roles at Acme Corp" in body
    with pytest.raises(Closed, match="does not fit"):
        draft_for(saved, repo.settings(), repo.book(), TODAY, Step.OUTCOME, None,
                  kind="offer_accept")


def test_no_answer_to_an_outcome_before_it_is_known_or_after_a_withdrawal(repo: Repository):
    interview = acme(repo)
    with pytest.raises(Closed, match="no outcome yet"):
        draft_for(interview, repo.settings(), repo.book(), TODAY, Step.OUTCOME, None)
    saved = record_outcome(repo, interview.id, Outcome.WITHDRAWN, TODAY).interview
    with pytest.raises(Closed, match="no answer to send"):
        draft_for(saved, repo.settings(), repo.book(), TODAY, Step.OUTCOME, None)


def test_an_outcome_in_the_future_changes_nothing(repo: Repository):
    interview = acme(repo)
    before = repo.path.read_bytes()
    with pytest.raises(InvalidInput, match="in the future"):
        record_outcome(repo, interview.id, Outcome.OFFER, TODAY, on=day(11, 30))
    assert repo.path.read_bytes() == before


def test_a_next_round_briefs_the_references_before_the_interview(repo: Repository):
    interview = acme(repo)
    record_outcome(repo, interview.id, Outcome.SECOND_INTERVIEW, TODAY)
    nxt = repo.next_round(interview.id, day(12, 3))  # Thursday next week
    settings, book = repo.settings(), repo.book()
    pat = nxt.references[0].reference_id
    heads_up = next(a for a in actions_for(nxt, settings, book, TODAY)
                    if a.step is Step.REFERENCES)
    # Due Tue 1 Dec: before the interview, not after (on time through Fri 4 Dec).
    assert (heads_up.due_on, heads_up.late_after) == (day(12, 1), day(12, 4))
    assert heads_up.state is ActionState.WAITING
    assert "before the 2nd interview on Thu 3 Dec" in heads_up.reason
    assert [a.step for a in agenda([nxt], settings, book, day(12, 1))] == [Step.REFERENCES]
    assert next_action([nxt], settings, book, TODAY).step is Step.REFERENCES
    listed, whole = summary_badge(repo, nxt.id, day(12, 1))
    assert listed == whole and listed.kind == "due"
    draft = draft_for(nxt, settings, book, day(12, 1), Step.REFERENCES, pat)
    assert draft is not None
    body = draft.message.body
    assert "further round" in body and "after meeting Dana Lee, Sam Ortiz and Jo Park" in body
    assert "2nd interview is on Thursday 3 December" in body
    # Briefed the day before: not refused as before the interview.
    done = mark_done(repo, nxt.id, Step.REFERENCES, pat, day(12, 2))
    assert done.interview.references[0].notified_on == day(12, 2)


# --- 1 and 2. what the messages say with what is known --------------------------------------


def test_the_heads_up_says_what_they_may_be_asked_about(repo: Repository):
    interview = acme(repo)
    pat = interview.references[0].reference_id
    draft = draft_for(interview, repo.settings(), repo.book(), TODAY, Step.REFERENCES, pat)
    assert draft is not None
    assert ("They may ask about streaming pipelines and on-call. Anything you can say about "
            "my work on the billing migration would help most.") in draft.message.body
    bare = dataclasses.replace(interview, key_points="")
    plain = render_message(MessageKind.REFERENCE_HEADS_UP, bare, repo.settings(),
                           reference=dataclasses.replace(repo.book()[pat], notes=""))
    # Neither known: the line is left out, no gap and no empty paragraph.
    assert "may ask about" not in plain.body and plain.complete
    assert "\n\n\n" not in plain.body


def test_no_office_phone_and_no_title_read_well(repo: Repository):
    interview = acme(repo, office_phone="")
    untitled = dataclasses.replace(interview, interviewers=tuple(
        dataclasses.replace(p, title="") for p in interview.interviewers))
    for tone in (Tone.WARM, Tone.FORMAL, Tone.LINKEDIN, Tone.TEXT):
        message = render_message(MessageKind.REFERENCE_HEADS_UP, untitled, SETTINGS,
                                 reference=repo.book()[interview.references[0].reference_id],
                                 tone=tone)
        assert message.complete, tone
        assert "<<" not in message.text and "()" not in message.text
        assert "a number you won't recognise" in message.text


def test_the_signature_defaults_to_name_phone_and_email():
    interview = Interview("i", "Acme", "Dev", day(11, 16))
    message = render_message(MessageKind.THANK_EMAIL, interview, SETTINGS)
    assert message.body.endswith("Alex Morgan\n+1 412 555 0199\nalex@example.com")
    own = dataclasses.replace(SETTINGS, signature="Alex")
    assert render_message(MessageKind.THANK_EMAIL, interview, own).body.endswith("\nAlex")


def _without(text: str, *words: str) -> str:
    for word in words:
        text = text.replace(word, "…")
    return text


def test_a_panel_gets_notes_that_differ_and_stay_the_same(repo: Repository):
    interview = acme(repo)
    settings, book = repo.settings(), repo.book()
    texts = {}
    for person in interview.interviewers:
        draft = draft_for(interview, settings, book, TODAY, Step.THANK, person.id)
        assert draft is not None
        again = draft_for(interview, settings, book, TODAY, Step.THANK, person.id)
        assert again is not None and again.message.text == draft.message.text  # stable
        texts[person.name] = _without(draft.message.text, person.first_name, person.topic)
    assert len(set(texts.values())) == 3, texts
    manager = texts["Dana Lee"]
    assert "what comes next" in manager and "next steps" in manager
    assert "next steps" not in texts["Sam Ortiz"] and "next steps" not in texts["Jo Park"]
    # Formal too.
    formal = {p.name: draft_for(interview, settings, book, TODAY, Step.THANK, p.id,
                                tone="formal").message.body for p in interview.interviewers}
    assert len({_without(t, p.first_name, p.name, p.topic) for p, t in
                zip(interview.interviewers, formal.values(), strict=True)}) == 3


# --- 5. into the mail program ----------------------------------------------------------------


def test_a_mail_draft_is_an_rfc_6068_link(repo: Repository):
    interview = acme(repo, company="Acme & Sons")
    dana = interview.interviewers[0]
    draft = draft_for(interview, repo.settings(), repo.book(), TODAY, Step.THANK, dana.id)
    assert draft is not None
    mail = mail_draft(interview, repo.book(), Step.THANK, dana.id, draft)
    assert mail.to == "dana@acme.example" and mail.note == ""
    assert mail.url.startswith("mailto:dana@acme.example?subject=Thank%20you%20for%20the%20")
    query = mail.url.split("?", 1)[1]
    fields = dict(part.split("=", 1) for part in query.split("&"))
    assert set(fields) == {"subject", "body"}  # the "&" in the company is encoded
    assert "%0D%0A" in fields["body"] and "%0A" not in fields["body"].replace("%0D%0A", "")
    assert " " not in mail.url and "+" not in mail.url.replace("%2B", "")
    assert unquote(fields["body"]) == draft.message.body.replace("\n", "\r\n")
    assert unquote(fields["subject"]) == draft.message.subject


def test_a_mail_draft_without_an_email_says_so(repo: Repository):
    interview = acme(repo)
    sam = interview.interviewers[1]
    draft = draft_for(interview, repo.settings(), repo.book(), TODAY, Step.THANK, sam.id)
    mail = mail_draft(interview, repo.book(), Step.THANK, sam.id, draft)
    assert mail.to == "" and mail.url.startswith("mailto:?subject=")
    assert "no email is known for Sam Ortiz" in mail.note
    card = draft_for(interview, repo.settings(), repo.book(), TODAY, Step.THANK, sam.id,
                     kind="thank_card")
    with pytest.raises(InvalidInput, match="not an email"):
        mail_draft(interview, repo.book(), Step.THANK, sam.id, card)


# --- the data file -----------------------------------------------------------------------------


def test_a_file_from_before_replies_and_outcome_days_still_reads(tmp_path: Path):
    old = {"meta": {"1": {"schema": 1}}, "interviews": {"1": {
        "id": "abc123", "company": "Acme", "role": "Dev", "date": "2026-11-16",
        "decision_by": "2026-11-20", "outcome": "offer", "interviewers": [],
        "references": [], "follow_ups": [{"id": "f1", "on": "2026-11-23"}]}}}
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old))
    path.chmod(0o600)
    repo = Repository(path)
    interview = repo.interview("abc123")
    assert interview.replies == () and interview.outcome_on is None
    assert interview.key_points == ""
    assert actions_for(interview, repo.settings(), repo.book(), TODAY) == []
    summary = repo.index().summaries[0]
    assert summary.replied_on is None and summary.follow_up_dates == (day(11, 23),)
    # And what is written now reads back the same.
    doc = codec.interview_to_doc(dataclasses.replace(interview, replies=()))
    assert codec.interview_from_doc(doc) == interview
    assert isinstance(codec.interview_summary_from_doc(doc), InterviewSummary)
