"""A message reworded for one person, and the tone chosen for them: kept with the interview.

Store only: the repository's `save_draft`, `clear_draft` and `set_tone`, what
the file and an export hold, and `drafts.reworded`, which turns the kept text
back into a checked message.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from store import codec
from store.drafts import reworded
from store.messages import MessageKind, Tone, render_message
from store.models import ContactChannel, Interview, Step
from store.repository import InvalidInput, NotFound, Repository
from tests.conftest import NOW, TODAY, day


@pytest.fixture
def acme(repo: Repository) -> Interview:
    repo.update_settings(name="Alex Morgan")
    jordan = repo.add_reference("Jordan Kim", channel=ContactChannel.TEXT)
    return repo.add_interview(
        "Acme Corp", "Senior Developer", day(11, 25), decision_by=day(11, 27),
        interviewers=[{"name": "Dana Lee", "topic": "moving search to Postgres"},
                      {"name": "Sam Ortiz"}],
        references=[jordan.id])


def fresh(db_path: Path, interview_id: str) -> Interview:
    """The interview as another session reads it from the file."""
    return Repository(db_path, create=False).interview(interview_id)


# --- save_draft and clear_draft -------------------------------------------------------


def test_a_reworded_message_is_kept_on_disk_with_a_history_entry(
        repo: Repository, acme: Interview, db_path: Path) -> None:
    dana = acme.interviewers[0]
    text = "Thank you for yesterday\n\nHi Dana,\n\nLoved the Postgres chat.\n\nAlex\n"
    saved = repo.save_draft(acme.id, Step.THANK, dana.id, MessageKind.THANK_EMAIL, Tone.WARM,
                            text)
    draft = fresh(db_path, acme.id).draft(Step.THANK, dana.id, "thank_email", "warm")
    assert draft is not None
    # Line ends and the editor's final newline are not part of the message.
    assert draft.text == text.rstrip()
    assert draft.saved_at == NOW
    assert saved.history[-1].what == "Edited the thank-you email to Dana Lee"


def test_each_variant_and_person_keeps_its_own_wording(repo: Repository,
                                                      acme: Interview) -> None:
    dana, sam = acme.interviewers
    repo.save_draft(acme.id, Step.THANK, dana.id, "thank_email", "warm", "A")
    repo.save_draft(acme.id, Step.THANK, dana.id, "thank_email", "formal", "B")
    repo.save_draft(acme.id, Step.THANK, sam.id, "thank_email", "warm", "C")
    saved = repo.save_draft(acme.id, Step.THANK, dana.id, "thank_email", "warm", "A again")
    assert len(saved.drafts) == 3
    texts = {(d.person_id, d.tone): d.text for d in saved.drafts}
    assert texts == {(dana.id, "warm"): "A again", (dana.id, "formal"): "B",
                     (sam.id, "warm"): "C"}
    assert saved.history[-3].what == "Edited the thank-you email (formal) to Dana Lee"
    assert saved.draft(Step.THANK, dana.id, "thank_card", "warm") is None


def test_going_back_to_the_template_forgets_only_that_wording(
        repo: Repository, acme: Interview, db_path: Path) -> None:
    dana = acme.interviewers[0]
    repo.save_draft(acme.id, Step.THANK, dana.id, "thank_email", "warm", "A")
    repo.save_draft(acme.id, Step.THANK, dana.id, "thank_card", "warm", "B")
    cleared = repo.clear_draft(acme.id, Step.THANK, dana.id, "thank_email", "warm")
    assert cleared.history[-1].what == "Went back to the template for the thank-you email " \
                                       "to Dana Lee"
    on_disk = fresh(db_path, acme.id)
    assert on_disk.draft(Step.THANK, dana.id, "thank_email", "warm") is None
    assert on_disk.draft(Step.THANK, dana.id, "thank_card", "warm") is not None


def test_going_back_when_nothing_was_reworded_writes_nothing(
        repo: Repository, acme: Interview, db_path: Path) -> None:
    before = db_path.read_bytes()
    again = repo.clear_draft(acme.id, Step.THANK, acme.interviewers[0].id, "thank_email", None)
    assert again == acme
    assert db_path.read_bytes() == before


def test_a_reference_and_the_follow_up_keep_wording_too(repo: Repository,
                                                       acme: Interview) -> None:
    jordan = acme.references[0].reference_id
    repo.save_draft(acme.id, Step.REFERENCES, jordan, "reference_heads_up", "text", "Hi J")
    saved = repo.save_draft(acme.id, Step.FOLLOW_UP, "", "follow_up_email", None, "Hello")
    assert [h.what for h in saved.history[-2:]] == [
        "Edited the reference heads-up (text) to Jordan Kim",
        "Edited the follow-up email",
    ]


@pytest.mark.parametrize(("step", "person", "kind", "tone", "text", "says"), [
    (Step.THANK, "dana", "thank_email", "warm", "   \n ", "the message is empty"),
    (Step.THANK, "dana", "thank_email", "warm", "x" * 20_001, "keep it under 20,000"),
    (Step.THANK, "dana", "follow_up_email", "warm", "x", "not a message of step Appreciation"),
    (Step.THANK, "dana", "thank_mail", "warm", "x", "use one of thank_email, thank_card"),
    (Step.THANK, "dana", "thank_email", "text", "x", "thank_email has no 'text' variant"),
    (Step.FOLLOW_UP, "dana", "follow_up_email", "warm", "x", "give no person"),
])
def test_wording_that_cannot_be_kept_is_refused_and_nothing_written(
        repo: Repository, acme: Interview, db_path: Path, step: Step, person: str, kind: str,
        tone: str, text: str, says: str) -> None:
    person_id = acme.interviewers[0].id if person == "dana" else person
    before = db_path.read_bytes()
    with pytest.raises(InvalidInput, match=says):
        repo.save_draft(acme.id, step, person_id, kind, tone, text)
    assert db_path.read_bytes() == before


def test_wording_for_someone_not_at_the_interview_is_refused(repo: Repository,
                                                            acme: Interview) -> None:
    with pytest.raises(NotFound, match="no interviewer"):
        repo.save_draft(acme.id, Step.THANK, "nobody", "thank_email", "warm", "x")
    with pytest.raises(NotFound, match="not a reference"):
        repo.save_draft(acme.id, Step.REFERENCES, "nobody", "reference_heads_up", None, "x")


# --- set_tone ---------------------------------------------------------------------------


def test_the_tone_chosen_for_a_person_is_kept(repo: Repository, acme: Interview,
                                              db_path: Path) -> None:
    dana, sam = acme.interviewers
    saved = repo.set_tone(acme.id, Step.THANK, dana.id, Tone.FORMAL)
    assert saved.history[-1].what == "Tone for Dana Lee: formal"
    on_disk = fresh(db_path, acme.id)
    assert on_disk.tone_for(Step.THANK, dana.id) == "formal"
    assert on_disk.tone_for(Step.THANK, sam.id) == ""
    saved = repo.set_tone(acme.id, Step.THANK, dana.id, "warm")
    assert saved.tone_for(Step.THANK, dana.id) == "warm" and len(saved.tones) == 1


def test_choosing_the_same_tone_again_writes_nothing(repo: Repository, acme: Interview,
                                                     db_path: Path) -> None:
    repo.set_tone(acme.id, Step.FOLLOW_UP, "", "formal")
    before = db_path.read_bytes()
    repo.set_tone(acme.id, Step.FOLLOW_UP, "", "formal")
    assert db_path.read_bytes() == before


def test_a_reference_can_be_given_a_channel_as_its_tone(repo: Repository,
                                                       acme: Interview) -> None:
    jordan = acme.references[0].reference_id
    saved = repo.set_tone(acme.id, Step.REFERENCES, jordan, "linkedin")
    assert saved.history[-1].what == "Tone for Jordan Kim: linkedin"
    with pytest.raises(InvalidInput, match="use one of warm, formal"):
        repo.set_tone(acme.id, Step.THANK, acme.interviewers[0].id, "linkedin")
    with pytest.raises(InvalidInput, match="no tone 'chummy'"):
        repo.set_tone(acme.id, Step.THANK, acme.interviewers[0].id, "chummy")


# --- in the file, in an export ------------------------------------------------------------


def test_wording_and_tones_survive_export_and_import(repo: Repository, acme: Interview,
                                                     tmp_path: Path) -> None:
    dana = acme.interviewers[0]
    repo.save_draft(acme.id, Step.THANK, dana.id, "thank_email", "formal", "Dear Ms Lee ${x}")
    repo.set_tone(acme.id, Step.THANK, dana.id, "formal")
    exported = json.loads(json.dumps(repo.export_data()))
    other = Repository(tmp_path / "other.json")
    other.import_data(exported)
    again = other.interview(acme.id)
    assert again.draft(Step.THANK, dana.id, "thank_email", "formal").text == "Dear Ms Lee ${x}"
    assert again.tone_for(Step.THANK, dana.id) == "formal"
    assert other.export_data() == repo.export_data()


def test_a_file_from_before_wording_and_tones_still_reads(repo: Repository,
                                                          acme: Interview) -> None:
    doc = codec.interview_to_doc(acme)
    del doc["drafts"], doc["tones"]
    old = codec.interview_from_doc(doc)
    assert old.drafts == () and old.tones == ()
    assert old == acme


def test_a_kept_wording_without_its_step_is_a_bad_record(acme: Interview) -> None:
    doc = codec.interview_to_doc(acme)
    doc["drafts"] = [{"person_id": "x", "kind": "thank_email", "text": "hi"}]
    with pytest.raises(codec.BadRecord, match="missing step"):
        codec.interview_from_doc(doc)


# --- drafts.reworded --------------------------------------------------------------------


def test_reworded_text_is_copied_exactly_as_written(repo: Repository, acme: Interview) -> None:
    dana = acme.interviewers[0]
    message = render_message(MessageKind.THANK_EMAIL, acme, repo.settings(), interviewer=dana,
                             today=TODAY)
    text = "Thanks!\n\n\nDana,\nthe Postgres move sounds fun.\n\nAlex"
    mine = reworded(message, text, acme, TODAY, interviewer=dana)
    assert mine.text == text
    assert mine.subject == "Thanks!"
    no_gap = reworded(message, "Dana,\nthank you.", acme, TODAY, interviewer=dana)
    assert no_gap.text == "Dana,\nthank you." and no_gap.subject == ""


def test_reworded_text_is_checked_like_a_draft(repo: Repository, acme: Interview) -> None:
    sam = acme.interviewers[1]  # no topic: the template leaves <<topic>>
    message = render_message(MessageKind.THANK_EMAIL, acme, repo.settings(), interviewer=sam,
                             today=TODAY)
    assert "topic" in message.missing
    still = reworded(message, "Hi\n\nSam, I liked <<topic>>. " + "word " * 160, acme, TODAY,
                     interviewer=sam)
    assert still.missing == ("topic",)
    assert {n.code for n in still.notes} >= {"no_topic", "too_long"}
    written = reworded(message, "Hi\n\nSam, I liked your tour of the code review bot.", acme,
                       TODAY, interviewer=sam)
    assert written.missing == () and written.notes == ()


def test_a_reworded_follow_up_still_warns_about_nagging_and_timing(
        repo: Repository, acme: Interview) -> None:
    message = render_message(MessageKind.FOLLOW_UP_EMAIL, acme, repo.settings(), today=TODAY)
    mine = reworded(message, "Hi\n\nJust checking in!", acme, TODAY)
    assert [n.code for n in mine.notes] == ["nagging", "too_early"]
    later = reworded(message, "Hi\n\nJust checking in!", acme, dt.date(2026, 12, 1))
    assert [n.code for n in later.notes] == ["nagging"]


# --- the command line prints what the app would copy ------------------------------------


def test_followup_message_prints_the_wording_and_tone_chosen_in_the_app(
        repo: Repository, acme: Interview, db_path: Path) -> None:
    from tests.app.test_cli import call

    dana, sam = acme.interviewers
    repo.set_tone(acme.id, Step.THANK, dana.id, "formal")
    repo.save_draft(acme.id, Step.THANK, dana.id, "thank_email", "formal",
                    "Thank you\n\nDear Ms Lee,\n\nMy own words.")
    done = call(db_path, "message", acme.id, "thank", "--person", "Dana")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Thank you\n\nDear Ms Lee,\n\nMy own words.\n"
    assert "formal variant, as chosen in the app" in done.stderr
    assert "your own wording, saved Thu 26 Nov 09:00" in done.stderr
    # Asked for another tone, the template's text for it; Sam's is the template's.
    warm = call(db_path, "message", acme.id, "thank", "--person", "Dana", "--tone", "warm")
    assert "My own words" not in warm.stdout and "own wording" not in warm.stderr
    assert "My own words" not in call(db_path, "message", acme.id, "thank", "--person",
                                      "Sam").stdout
