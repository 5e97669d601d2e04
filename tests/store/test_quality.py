"""The notes a careful reader would make on a draft: they fire on bad drafts, not on good ones."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from store.messages import Message, MessageKind, Tone, render_message
from store.models import Outcome
from store.quality import NAGGING, QualityNote, check_message
from tests.store.test_messages import DANA, FRIDAY, INTERVIEW, PRIYA, SAM, SETTINGS, THURSDAY

MONDAY = dt.date(2026, 11, 30)


@pytest.fixture(autouse=True)
def no_user_templates(tmp_path, monkeypatch):
    monkeypatch.setenv("FOLLOWUP_CONFIG_DIR", str(tmp_path / "no-config"))


def message(kind=MessageKind.FOLLOW_UP_EMAIL, body="Dear Dana,\n\nThank you.", *,
            subject="Hello", missing=(), tone=Tone.WARM) -> Message:
    return Message(kind, subject, body, tuple(missing), tone=tone)


def codes(notes) -> list[str]:
    return [n.code for n in notes]


# --- good drafts stay quiet -----------------------------------------------------------


@pytest.mark.parametrize("kind", list(MessageKind))
def test_a_good_draft_has_no_notes(kind):
    interview = dataclasses.replace(INTERVIEW, outcome=Outcome.SECOND_INTERVIEW)
    today = MONDAY if kind.value.startswith(("follow", "second")) else THURSDAY
    draft = render_message(kind, interview, SETTINGS, interviewer=SAM, reference=PRIYA,
                           today=today)
    assert check_message(draft, interview, today, kind=kind, interviewer=SAM) == ()
    assert draft.notes == ()


def test_render_message_attaches_the_notes():
    quiet = dataclasses.replace(SAM, topic="")
    draft = render_message(MessageKind.THANK_EMAIL, INTERVIEW, SETTINGS, interviewer=quiet,
                           today=THURSDAY)
    assert draft.notes == check_message(draft, INTERVIEW, THURSDAY, interviewer=quiet)
    assert codes(draft.notes) == ["no_topic"]


# --- personal detail ----------------------------------------------------------------------


def test_a_thank_you_without_a_topic_is_flagged_once():
    quiet = dataclasses.replace(SAM, topic="")
    for kind in (MessageKind.THANK_EMAIL, MessageKind.THANK_CARD):
        draft = render_message(kind, INTERVIEW, SETTINGS, interviewer=quiet)
        (note,) = check_message(draft, INTERVIEW, THURSDAY, kind=kind, interviewer=quiet)
        assert (note.severity, note.code) == ("warning", "no_topic")
        assert "Sam Ortiz" in note.text


def test_the_call_notes_without_a_topic_are_flagged():
    interview = dataclasses.replace(
        INTERVIEW, interviewers=(dataclasses.replace(DANA, topic=""), SAM))
    draft = render_message(MessageKind.FOLLOW_UP_CALL, interview, SETTINGS, today=MONDAY)
    assert codes(draft.notes) == ["no_topic"]


def test_a_thank_you_that_leaves_out_the_topic_gets_an_info_note():
    draft = render_message(MessageKind.THANK_CARD, INTERVIEW, SETTINGS, interviewer=SAM,
                           template="Dear $first_name, thank you for your time.")
    (note,) = draft.notes
    assert (note.severity, note.code) == ("info", "topic_unused")
    assert "the churn model" in note.text


def test_the_hiring_manager_is_assumed_when_no_interviewer_is_given():
    draft = render_message(MessageKind.THANK_EMAIL, INTERVIEW, SETTINGS)
    assert check_message(draft, INTERVIEW, THURSDAY) == ()
    no_topic = dataclasses.replace(INTERVIEW, interviewers=(dataclasses.replace(DANA, topic=""),))
    assert codes(check_message(draft, no_topic, THURSDAY)) == ["no_topic"]


# --- length ------------------------------------------------------------------------------


def test_a_thank_you_over_150_words_is_flagged():
    topic = SAM.topic
    ok = message(MessageKind.THANK_EMAIL, " ".join(["word"] * 146) + f" {topic}")
    assert check_message(ok, INTERVIEW, THURSDAY, interviewer=SAM) == ()
    long = message(MessageKind.THANK_EMAIL, " ".join(["word"] * 148) + f" {topic}")
    (note,) = check_message(long, INTERVIEW, THURSDAY, interviewer=SAM)
    assert (note.severity, note.code) == ("warning", "too_long")
    assert note.text.startswith("151 words")
    # Other messages may run longer.
    assert check_message(dataclasses.replace(long, kind=MessageKind.FOLLOW_UP_EMAIL),
                         INTERVIEW, MONDAY) == ()


def test_a_text_over_320_characters_is_flagged():
    fits = message(MessageKind.REFERENCE_HEADS_UP, "x" * 320, subject="", tone=Tone.TEXT)
    assert check_message(fits, INTERVIEW, THURSDAY) == ()
    long = dataclasses.replace(fits, body="x" * 321)
    (note,) = check_message(long, INTERVIEW, THURSDAY)
    assert (note.code, note.severity) == ("text_too_long", "warning")
    assert "321 characters" in note.text
    # The same length is fine in an email.
    assert check_message(dataclasses.replace(long, tone=Tone.WARM), INTERVIEW, THURSDAY) == ()


def test_a_long_company_name_can_push_a_rendered_text_over():
    wordy = dataclasses.replace(INTERVIEW, company="A" * 200)
    draft = render_message(MessageKind.REFERENCE_HEADS_UP, wordy, SETTINGS, reference=PRIYA,
                           tone="text")
    assert "text_too_long" in codes(draft.notes)


# --- gaps ---------------------------------------------------------------------------------


def test_placeholders_left_are_flagged():
    draft = message(body="Dear <<first_name>>, about <<role>>.", missing=("first_name", "role"))
    (note,) = check_message(draft, INTERVIEW, MONDAY)
    assert (note.code, note.severity) == ("placeholders", "warning")
    assert "<<first_name>>, <<role>>" in note.text


def test_a_rendered_gap_is_flagged():
    bare = dataclasses.replace(INTERVIEW, company="")
    draft = render_message(MessageKind.REFERENCE_HEADS_UP, bare, SETTINGS, reference=PRIYA)
    assert codes(draft.notes) == ["placeholders"]
    assert "<<company>>" in draft.notes[0].text


# --- follow-ups --------------------------------------------------------------------------


@pytest.mark.parametrize("phrase", ["Just checking in", "touching base", "Circling back",
                                    "any update", "Any updates", "touch base", "circle back"])
@pytest.mark.parametrize("kind", [MessageKind.FOLLOW_UP_EMAIL, MessageKind.FOLLOW_UP_CALL,
                                  MessageKind.SECOND_FOLLOW_UP_EMAIL])
def test_a_nagging_follow_up_is_flagged(phrase, kind):
    draft = message(kind, f"Dear Dana,\n\n{phrase}\non the role?", subject="")
    (note,) = check_message(draft, INTERVIEW, MONDAY)
    assert (note.code, note.severity) == ("nagging", "warning")
    assert phrase.lower().removesuffix("s") in note.text.lower()


def test_nagging_names_the_longest_phrase_and_spares_lookalikes():
    draft = message(body="Just checking in about the checking inventory role.")
    (note,) = check_message(draft, INTERVIEW, MONDAY)
    assert '"just checking in"' in note.text and '"checking in"' not in note.text
    clean = message(body="I enjoyed the part on checking inventory and updates to any model.")
    assert check_message(clean, INTERVIEW, MONDAY) == ()
    assert all(p == p.lower() for p in NAGGING)


def test_nagging_is_a_follow_up_rule():
    draft = message(MessageKind.THANK_CARD, "Any update on the churn model, Sam?", subject="")
    assert check_message(draft, INTERVIEW, THURSDAY, interviewer=SAM) == ()


@pytest.mark.parametrize(("today", "early"), [
    (THURSDAY, True), (FRIDAY, True), (MONDAY, False), (None, False),
])
def test_a_follow_up_before_the_decision_date_is_flagged(today, early):
    for kind in (MessageKind.FOLLOW_UP_EMAIL, MessageKind.SECOND_FOLLOW_UP_EMAIL):
        notes = check_message(message(kind), INTERVIEW, today)
        assert codes(notes) == (["too_early"] if early else [])
    if early:
        assert "Friday 27 November" in notes[0].text
    undated = dataclasses.replace(INTERVIEW, decision_by=None)
    assert check_message(message(), undated, today) == ()
    # A thank-you is meant to go before the decision.
    thanks = render_message(MessageKind.THANK_EMAIL, INTERVIEW, SETTINGS, interviewer=SAM)
    assert check_message(thanks, INTERVIEW, today, interviewer=SAM) == ()


# --- the reference thank-you ----------------------------------------------------------------


def test_a_reference_thank_you_before_the_outcome_gets_an_info_note():
    draft = render_message(MessageKind.REFERENCE_THANKS, INTERVIEW, SETTINGS, reference=PRIYA)
    (note,) = draft.notes
    assert (note.code, note.severity) == ("no_outcome", "info")
    decided = dataclasses.replace(INTERVIEW, outcome=Outcome.REJECTED)
    assert check_message(draft, decided, MONDAY) == ()


# --- shape --------------------------------------------------------------------------------


def test_warnings_come_first_and_kind_defaults_to_the_messages():
    draft = message(MessageKind.THANK_EMAIL, "Dear Sam, <<x>>", missing=("x",))
    notes = check_message(draft, INTERVIEW, THURSDAY, interviewer=SAM)
    assert [n.severity for n in notes] == ["warning", "info"]
    assert codes(notes) == ["placeholders", "topic_unused"]
    as_follow_up = check_message(draft, INTERVIEW, THURSDAY, kind=MessageKind.FOLLOW_UP_EMAIL)
    assert codes(as_follow_up) == ["placeholders", "too_early"]
    assert isinstance(notes[0], QualityNote)
    with pytest.raises(dataclasses.FrozenInstanceError):
        notes[0].text = "x"  # type: ignore[misc]
