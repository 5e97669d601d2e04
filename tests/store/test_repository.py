"""The repository: every change a user makes, as the values they get back and the file keeps."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import errno
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from store import codec, repository
from store.models import (
    ContactChannel,
    FollowUp,
    FollowUpChannel,
    Format,
    HistoryEntry,
    Interview,
    Interviewer,
    InterviewSummary,
    Outcome,
    Reference,
    ReferenceUse,
    Settings,
    Step,
    ThankChannel,
)
from store.repository import (
    EXPORT_FORMAT,
    SCHEMA_VERSION,
    Docs,
    ImportSummary,
    InvalidInput,
    NotFound,
    Repository,
)
from store.storage import DataFileError
from store.sync import SyncState

ROOT = Path(__file__).resolve().parents[2]
INTERVIEW_DAY = dt.date(2026, 11, 20)  # a Friday
START = dt.datetime(2026, 11, 26, 9, 30)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, start: dt.datetime = START) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def tick(self, minutes: int = 1) -> dt.datetime:
        self.now += dt.timedelta(minutes=minutes)
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def contents(path: Path) -> bytes | None:
    """The file's bytes; None while it is not there (reading creates nothing)."""
    return path.read_bytes() if path.exists() else None


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "followup.json"


@pytest.fixture
def repo(path: Path, clock: Clock) -> Repository:
    return Repository(path, clock=clock)


def add_acme(repo: Repository, **extra: Any) -> Interview:
    values: dict[str, Any] = {
        "interviewers": [{"name": "Dana Lee", "email": "dana@acme.example"},
                         {"name": "Sam Ortiz"}],
    }
    values.update(extra)
    return repo.add_interview("Acme", "Analyst", INTERVIEW_DAY, **values)


def on_disk(path: Path) -> Repository:
    """A second, fresh view of the file, as another process would have."""
    return Repository(path, create=False)


# --- values, never documents ------------------------------------------------------

_PLAIN = (str, int, float, bool, type(None), dt.date, dt.time, dt.datetime, enum.Enum)


def assert_frozen_value(value: Any, where: str = "result") -> None:
    """A frozen dataclass all the way down: no dict, list or TinyDB Document anywhere."""
    if isinstance(value, _PLAIN):
        return
    if isinstance(value, tuple):
        for n, item in enumerate(value):
            assert_frozen_value(item, f"{where}[{n}]")
        return
    assert dataclasses.is_dataclass(value) and not isinstance(value, type), \
        f"{where} is a {type(value).__name__}, not a model value"
    assert type(value).__dataclass_params__.frozen, f"{where} is not frozen"  # type: ignore[attr-defined]
    for f in dataclasses.fields(value):
        assert_frozen_value(getattr(value, f.name), f"{where}.{f.name}")


def test_every_public_method_hands_out_frozen_values(repo: Repository, clock: Clock) -> None:
    calls: dict[str, Callable[[], Any]] = {}
    ref = repo.add_reference("Pat Kim", email="pat@x.example")
    calls["add_reference"] = lambda: repo.add_reference("Robin Roe")
    acme = add_acme(repo, references=[ref.id])
    dana, sam = acme.interviewers
    calls["add_interview"] = lambda: repo.add_interview("Globex", "Dev", INTERVIEW_DAY)
    calls["interviews"] = repo.interviews
    calls["interview"] = lambda: repo.interview(acme.id)
    calls["find_interview"] = lambda: repo.find_interview(acme.id[:5])
    calls["references"] = repo.references
    calls["reference"] = lambda: repo.reference(ref.id)
    calls["reference_named"] = lambda: repo.reference_named("pat kim")
    calls["reference_for"] = lambda: repo.reference_for(repo.interview(acme.id), "Pat")
    calls["settings"] = repo.settings
    calls["update_settings"] = lambda: repo.update_settings(name="Alex")
    calls["update_interview"] = lambda: repo.update_interview(acme.id, notes="n")
    calls["set_outcome"] = lambda: repo.set_outcome(acme.id, Outcome.OPEN)
    calls["set_references_needed"] = lambda: repo.set_references_needed(acme.id, False)
    calls["record_reply"] = lambda: repo.record_reply(acme.id, INTERVIEW_DAY, note="soon")
    calls["add_interviewer"] = lambda: repo.add_interviewer(acme.id, "Kai")
    calls["update_interviewer"] = lambda: repo.update_interviewer(acme.id, sam.id, title="Lead")
    calls["interviewer_named"] = lambda: repo.interviewer_named(repo.interview(acme.id), "dana")
    calls["mark_thanked"] = lambda: repo.mark_thanked(acme.id, dana.id, INTERVIEW_DAY)
    calls["unmark_thanked"] = lambda: repo.unmark_thanked(acme.id, dana.id)
    calls["update_reference"] = lambda: repo.update_reference(ref.id, notes="ex-boss")
    calls["mark_notified"] = lambda: repo.mark_notified(acme.id, ref.id, INTERVIEW_DAY)
    calls["unmark_notified"] = lambda: repo.unmark_notified(acme.id, ref.id)
    calls["mark_called"] = lambda: repo.mark_called(acme.id, ref.id)
    calls["mark_reference_thanked"] = lambda: repo.mark_reference_thanked(
        acme.id, ref.id, INTERVIEW_DAY)
    calls["unmark_reference_thanked"] = lambda: repo.unmark_reference_thanked(acme.id, ref.id)
    calls["next_round"] = lambda: repo.next_round(acme.id, dt.date(2026, 12, 1))
    calls["log_follow_up"] = lambda: repo.log_follow_up(acme.id, dt.date(2026, 11, 27))
    calls["update_follow_up"] = lambda: repo.update_follow_up(
        acme.id, repo.interview(acme.id).follow_ups[0].id, reply="Next week")
    calls["remove_follow_up"] = lambda: repo.remove_follow_up(
        acme.id, repo.interview(acme.id).follow_ups[0].id)
    calls["detach_reference"] = lambda: repo.detach_reference(acme.id, ref.id)
    calls["attach_reference"] = lambda: repo.attach_reference(acme.id, ref.id)
    calls["remove_interviewer"] = lambda: repo.remove_interviewer(
        acme.id, repo.interview(acme.id).interviewers[-1].id)
    calls["delete_interview"] = lambda: repo.delete_interview(
        repo.add_interview("Initech", "Ops", INTERVIEW_DAY).id)
    calls["save_draft"] = lambda: repo.save_draft(acme.id, Step.THANK, dana.id, "thank_email",
                                                  "warm", "Thanks, Dana!")
    calls["clear_draft"] = lambda: repo.clear_draft(acme.id, Step.THANK, dana.id, "thank_email",
                                                    "warm")
    calls["set_tone"] = lambda: repo.set_tone(acme.id, Step.THANK, dana.id, "formal")
    calls["import_data"] = lambda: repo.import_data(repo.export_data())
    calls["save_sync_state"] = lambda: repo.save_sync_state(SyncState(account="a|b|c"))
    calls["sync_state"] = repo.sync_state
    calls["now"] = repo.now
    calls["today"] = repo.today

    for name, call in calls.items():
        result = call()
        if isinstance(result, tuple):
            assert result, f"{name} returned an empty tuple; the test should see values"
        assert_frozen_value(result, name)
    index = repo.index()
    assert set(index) == {i.id for i in repo.interviews()}
    for key in index:
        assert_frozen_value(index[key], f"index[{key!r}]")
    assert_frozen_value(index.summaries, "index.summaries")
    assert isinstance(repo.book(), dict)
    for key, value in repo.book().items():
        assert isinstance(value, Reference) and key == value.id
    # export_data is the one JSON-ready dict, by design: it is what the file holds.
    assert json.loads(json.dumps(repo.export_data())) == repo.export_data()
    agenda = repo.agenda(dt.date(2026, 11, 26))
    assert agenda
    for action in agenda:
        assert_frozen_value(action, "agenda")
    assert repo.agenda_for(dt.date(2026, 11, 26)) == agenda
    upcoming = repo.next_action(INTERVIEW_DAY - dt.timedelta(days=7))
    assert upcoming is not None
    assert_frozen_value(upcoming, "next_action")
    assert repo.changed_on_disk() is False and repo.reload() is False
    assert repo.check_interview("Acme", "R", INTERVIEW_DAY) is None
    name, details = repo.check_reference(" Kai ", channel="phone")
    assert name == "Kai" and details["channel"] is ContactChannel.PHONE

    # Every public method is exercised here, so a new one that leaks documents is noticed.
    public = {name for name in dir(Repository)
              if not name.startswith("_") and callable(getattr(Repository, name))}
    # `noting` hands out a context for history entries (tests/store/test_sync_rules.py).
    others = {"book", "export_data", "changed_on_disk", "reload", "agenda", "agenda_for",
              "next_action", "check_interview", "check_reference", "index", "noting"}
    assert public - others - set(calls) == set(), "a public method is not covered here"


def test_values_cannot_be_changed_in_place(repo: Repository) -> None:
    interview = add_acme(repo)
    with pytest.raises(dataclasses.FrozenInstanceError):
        interview.company = "Evil"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        interview.interviewers[0].name = "Evil"  # type: ignore[misc]
    assert repo.interview(interview.id).company == "Acme"


def test_changes_are_on_disk_when_the_call_returns(repo: Repository, path: Path) -> None:
    ref = repo.add_reference("Pat Kim")
    interview = add_acme(repo, references=[ref.id], time=dt.time(14, 0),
                         format=Format.ONSITE, round=2, decision_by=dt.date(2026, 12, 4),
                         office_phone="+1 555 0100", notes="Panel")
    repo.mark_thanked(interview.id, interview.interviewers[0].id, INTERVIEW_DAY,
                      ThankChannel.CARD)
    again = on_disk(path).interview(interview.id)
    assert again == repo.interview(interview.id)
    assert again.time == dt.time(14, 0) and again.format is Format.ONSITE and again.round == 2
    assert again.interviewers[0].thanked_via is ThankChannel.CARD
    assert on_disk(path).references() == (ref,)


# --- history ----------------------------------------------------------------------


def test_each_change_writes_one_history_entry_at_the_clock_time(
        repo: Repository, clock: Clock) -> None:
    ref = repo.add_reference("Pat Kim")
    interview = add_acme(repo, references=[ref.id])
    assert interview.history == (HistoryEntry(START, "Added the 1st interview at Acme"),)
    assert interview.created == START and interview.updated == START
    dana = interview.interviewers[0]

    steps: list[tuple[Callable[[], Interview], str]] = [
        (lambda: repo.mark_thanked(interview.id, dana.id, INTERVIEW_DAY), "Thanked Dana Lee"),
        (lambda: repo.unmark_thanked(interview.id, dana.id), "Undid the thank-you to Dana"),
        (lambda: repo.mark_notified(interview.id, ref.id, INTERVIEW_DAY), "Told Pat Kim"),
        (lambda: repo.unmark_notified(interview.id, ref.id), "Undid the heads-up to Pat Kim"),
        (lambda: repo.mark_called(interview.id, ref.id), "Pat Kim says the employer called"),
        (lambda: repo.log_follow_up(interview.id, dt.date(2026, 11, 27)), "Followed up"),
        (lambda: repo.set_outcome(interview.id, Outcome.OFFER), "Outcome: offer"),
        (lambda: repo.update_interview(interview.id, role="Senior Analyst"), "Edited role"),
        (lambda: repo.add_interviewer(interview.id, "Kai Wu"), "Added interviewer Kai Wu"),
        (lambda: repo.detach_reference(interview.id, ref.id), "Removed reference Pat Kim"),
        (lambda: repo.attach_reference(interview.id, ref.id), "Listed reference Pat Kim"),
    ]
    for n, (change, text) in enumerate(steps, start=2):
        at = clock.tick(7)
        result = change()
        assert len(result.history) == n, text
        assert result.history[-1].at == at
        assert text in result.history[-1].what
        assert result.updated == at
        assert result.created == START
    # The history is kept on disk, oldest first.
    assert [h.at for h in on_disk(repo.path).interview(interview.id).history] == \
        [START + dt.timedelta(minutes=7 * k) for k in range(len(steps) + 1)]


def test_a_refused_change_writes_no_history(repo: Repository, path: Path) -> None:
    interview = add_acme(repo)
    before = contents(path)
    with pytest.raises(NotFound):
        repo.mark_thanked(interview.id, "nobody", INTERVIEW_DAY)
    with pytest.raises(InvalidInput):
        repo.update_interview(interview.id, company="  ")
    assert contents(path) == before
    assert len(repo.interview(interview.id).history) == 1


# --- interviewers and the hiring manager ------------------------------------------


def flagged(interview: Interview) -> list[str]:
    return [p.name for p in interview.interviewers if p.hiring_manager]


def test_the_first_interviewer_is_the_hiring_manager(repo: Repository) -> None:
    interview = add_acme(repo)
    assert interview.hiring_manager.name == "Dana Lee"
    assert flagged(interview) == ["Dana Lee"]
    later = repo.add_interviewer(interview.id, "Kai Wu")
    assert flagged(later) == ["Dana Lee"]


def test_the_first_added_to_an_interview_without_any_is_the_hiring_manager(
        repo: Repository) -> None:
    interview = repo.add_interview("Acme", "Analyst", INTERVIEW_DAY)
    assert interview.hiring_manager is None
    first = repo.add_interviewer(interview.id, "Kai Wu")
    second = repo.add_interviewer(interview.id, "Lou Park")
    assert first.hiring_manager.name == "Kai Wu"
    assert flagged(second) == ["Kai Wu"]


def test_the_hiring_manager_can_be_changed_and_there_is_only_one(repo: Repository) -> None:
    interview = add_acme(repo)
    sam = interview.interviewers[1]
    changed = repo.update_interviewer(interview.id, sam.id, hiring_manager=True)
    assert changed.hiring_manager.name == "Sam Ortiz"
    assert flagged(changed) == ["Sam Ortiz"]
    added = repo.add_interviewer(changed.id, "Kai Wu", hiring_manager=True)
    assert flagged(added) == ["Kai Wu"]
    assert flagged(on_disk(repo.path).interview(interview.id)) == ["Kai Wu"]


def test_an_interviewer_given_as_the_hiring_manager_at_add(repo: Repository) -> None:
    interview = repo.add_interview(
        "Acme", "Analyst", INTERVIEW_DAY,
        interviewers=[{"name": "Dana"}, {"name": "Sam", "hiring_manager": True}])
    assert flagged(interview) == ["Sam"]


def test_removing_the_hiring_manager_leaves_the_next_one(repo: Repository) -> None:
    interview = add_acme(repo)
    after = repo.remove_interviewer(interview.id, interview.interviewers[0].id)
    assert [p.name for p in after.interviewers] == ["Sam Ortiz"]
    assert after.hiring_manager.name == "Sam Ortiz"


def test_interviewer_named_by_full_or_first_name(repo: Repository) -> None:
    interview = add_acme(repo)
    assert repo.interviewer_named(interview, "  dana   LEE ").name == "Dana Lee"
    assert repo.interviewer_named(interview, "sam").name == "Sam Ortiz"
    with pytest.raises(NotFound, match="Dana Lee, Sam Ortiz"):
        repo.interviewer_named(interview, "Kai")
    two = repo.add_interviewer(interview.id, "Dana Park")
    with pytest.raises(NotFound, match="more than one"):
        repo.interviewer_named(two, "Dana")


def test_an_interviewer_needs_a_name(repo: Repository) -> None:
    interview = add_acme(repo)
    with pytest.raises(InvalidInput, match="interviewer's name is required"):
        repo.add_interviewer(interview.id, "   ")
    with pytest.raises(InvalidInput, match="interviewer's name"):
        repo.add_interview("Acme", "Analyst", INTERVIEW_DAY, interviewers=[{"name": ""}])


# --- the reference book -----------------------------------------------------------


def test_add_reference_reuses_a_name_already_in_the_book(repo: Repository) -> None:
    pat = repo.add_reference("Pat Kim", email="pat@x.example", phone="")
    again = repo.add_reference("  pat   KIM ", email="other@x.example", phone="+1 555 0101")
    assert again.id == pat.id
    assert len(repo.references()) == 1
    # A detail it lacked is filled in; one it had is kept.
    assert again.email == "pat@x.example"
    assert again.phone == "+1 555 0101"
    assert again.name == "Pat Kim"
    assert on_disk(repo.path).reference(pat.id) == again


def test_add_reference_with_nothing_new_writes_nothing(repo: Repository, path: Path) -> None:
    repo.add_reference("Pat Kim", email="pat@x.example")
    before = contents(path)
    repo.add_reference("PAT KIM", email="pat@x.example")
    assert contents(path) == before


def test_references_are_alphabetical(repo: Repository) -> None:
    for name in ("zoe Young", "Adam Bell", "mia Chen"):
        repo.add_reference(name)
    assert [r.name for r in repo.references()] == ["Adam Bell", "mia Chen", "zoe Young"]


def test_add_reference_refuses_a_bad_channel_clearly(repo: Repository, path: Path) -> None:
    before = contents(path)
    with pytest.raises(InvalidInput, match="pigeon.*email"):
        repo.add_reference("Pat Kim", channel="pigeon")
    with pytest.raises(InvalidInput, match="name is required"):
        repo.add_reference(" ")
    assert contents(path) == before


def test_attach_and_detach_a_reference(repo: Repository) -> None:
    pat = repo.add_reference("Pat Kim")
    robin = repo.add_reference("Robin Roe")
    interview = add_acme(repo, references=[pat.id, pat.id])
    assert interview.references == (ReferenceUse(pat.id),)
    attached = repo.attach_reference(interview.id, robin.id)
    assert [u.reference_id for u in attached.references] == [pat.id, robin.id]
    with pytest.raises(InvalidInput, match="Robin Roe is already listed for Acme"):
        repo.attach_reference(interview.id, robin.id)
    detached = repo.detach_reference(interview.id, pat.id)
    assert [u.reference_id for u in detached.references] == [robin.id]
    with pytest.raises(NotFound, match="Pat Kim is not a reference for Acme"):
        repo.detach_reference(interview.id, pat.id)
    # The book keeps the person: they may be used for the next interview.
    assert repo.reference(pat.id).name == "Pat Kim"


def test_an_unknown_reference_cannot_be_listed(repo: Repository, path: Path) -> None:
    interview = add_acme(repo)
    before = contents(path)
    with pytest.raises(NotFound):
        repo.attach_reference(interview.id, "nobody")
    with pytest.raises(NotFound):
        repo.add_interview("Acme", "Analyst", INTERVIEW_DAY, references=["nobody"])
    assert contents(path) == before


def test_reference_for_finds_a_listed_reference_by_name(repo: Repository) -> None:
    pat = repo.add_reference("Pat Kim")
    repo.add_reference("Robin Roe")  # in the book, not listed for this interview
    interview = add_acme(repo, references=[pat.id])
    assert repo.reference_for(interview, "pat").id == pat.id
    with pytest.raises(NotFound, match="references: Pat Kim"):
        repo.reference_for(interview, "Robin")


# --- marking steps done -----------------------------------------------------------


def test_mark_and_unmark_thanked(repo: Repository) -> None:
    interview = add_acme(repo)
    dana, sam = interview.interviewers
    thanked = repo.mark_thanked(interview.id, dana.id, dt.date(2026, 11, 21), "card")
    assert thanked.interviewer(dana.id).thanked_on == dt.date(2026, 11, 21)
    assert thanked.interviewer(dana.id).thanked_via is ThankChannel.CARD
    assert not thanked.interviewer(sam.id).thanked
    undone = repo.unmark_thanked(interview.id, dana.id)
    assert undone.interviewer(dana.id).thanked_on is None
    assert undone.interviewer(dana.id).thanked_via is None


def test_mark_and_unmark_notified(repo: Repository) -> None:
    pat = repo.add_reference("Pat Kim")
    interview = add_acme(repo, references=[pat.id])
    told = repo.mark_notified(interview.id, pat.id, INTERVIEW_DAY)
    assert told.reference_use(pat.id).notified_on == INTERVIEW_DAY
    assert repo.unmark_notified(interview.id, pat.id).reference_use(pat.id).notified_on is None
    assert repo.mark_called(interview.id, pat.id).reference_use(pat.id).called
    assert not repo.mark_called(interview.id, pat.id, False).reference_use(pat.id).called
    robin = repo.add_reference("Robin Roe")
    with pytest.raises(NotFound, match="Robin Roe is not a reference for Acme"):
        repo.mark_notified(interview.id, robin.id, INTERVIEW_DAY)


def test_follow_ups_are_kept_in_date_order(repo: Repository) -> None:
    interview = add_acme(repo)
    repo.log_follow_up(interview.id, dt.date(2026, 12, 8), FollowUpChannel.CALL, note="second")
    repo.log_follow_up(interview.id, dt.date(2026, 11, 27), note="first")
    result = repo.log_follow_up(interview.id, dt.date(2026, 12, 1), note="middle")
    assert [f.note for f in result.follow_ups] == ["first", "middle", "second"]
    assert result.follow_ups[2].channel is FollowUpChannel.CALL
    assert len({f.id for f in result.follow_ups}) == 3
    assert on_disk(repo.path).interview(interview.id).follow_ups == result.follow_ups


def test_update_and_remove_a_follow_up(repo: Repository) -> None:
    interview = add_acme(repo)
    logged = repo.log_follow_up(interview.id, dt.date(2026, 11, 27))
    f = logged.follow_ups[0]
    replied = repo.update_follow_up(interview.id, f.id, reply="Decision next week")
    assert replied.follow_ups == (FollowUp(f.id, f.on, f.channel, "", "Decision next week"),)
    assert replied.history[-1].what == "Noted their reply"
    with pytest.raises(NotFound, match="no follow-up"):
        repo.update_follow_up(interview.id, "nope", note="x")
    with pytest.raises(InvalidInput, match="cannot change"):
        repo.update_follow_up(interview.id, f.id, id="x")
    assert repo.remove_follow_up(interview.id, f.id).follow_ups == ()


# --- outcome, edits, deletion -------------------------------------------------------


def test_set_outcome(repo: Repository) -> None:
    interview = add_acme(repo)
    closed = repo.set_outcome(interview.id, "rejected")
    assert closed.outcome is Outcome.REJECTED and not closed.is_open
    assert repo.set_outcome(interview.id, Outcome.OPEN).is_open
    with pytest.raises(ValueError):
        repo.set_outcome(interview.id, "hired-ish")


def test_delete_an_interview(repo: Repository, path: Path) -> None:
    keep = add_acme(repo)
    gone = repo.add_interview("Globex", "Dev", INTERVIEW_DAY)
    assert repo.delete_interview(gone.id) == gone
    assert [i.id for i in repo.interviews()] == [keep.id]
    with pytest.raises(NotFound):
        repo.interview(gone.id)
    with pytest.raises(NotFound):
        repo.delete_interview(gone.id)
    assert [i.id for i in on_disk(path).interviews()] == [keep.id]
    # A new interview after a deletion is kept apart from the ones still there.
    new = repo.add_interview("Initech", "Ops", INTERVIEW_DAY)
    assert {i.id for i in on_disk(path).interviews()} == {keep.id, new.id}


def test_find_interview_by_a_unique_start_of_its_id(repo: Repository) -> None:
    interview = add_acme(repo)
    assert repo.find_interview(interview.id) == interview
    assert repo.find_interview(interview.id[:3]) == interview
    with pytest.raises(NotFound, match="followup list"):
        repo.find_interview("zzzzzzz")
    with pytest.raises(NotFound):
        repo.find_interview("")


def test_update_interview_changes_fields(repo: Repository) -> None:
    interview = add_acme(repo)
    edited = repo.update_interview(interview.id, company="  Acme Corp ", round=2,
                                   format="phone", decision_by=dt.date(2026, 12, 4))
    assert edited.company == "Acme Corp"
    assert edited.round == 2 and edited.format is Format.PHONE
    assert edited.history[-1].what == "Edited company, round, format, decision by"


def test_a_decision_date_before_the_interview_is_refused(repo: Repository, path: Path) -> None:
    with pytest.raises(InvalidInput) as err:
        repo.add_interview("Acme", "Analyst", INTERVIEW_DAY, decision_by=dt.date(2026, 11, 19))
    assert "2026-11-19" in str(err.value) and "2026-11-20" in str(err.value)
    assert "before the interview" in str(err.value)
    interview = repo.add_interview("Acme", "Analyst", INTERVIEW_DAY,
                                   decision_by=dt.date(2026, 11, 27))
    before = contents(path)
    with pytest.raises(InvalidInput, match="before the interview"):
        repo.update_interview(interview.id, decision_by=dt.date(2026, 11, 1))
    # Moving the interview after the decision date is the same mistake.
    with pytest.raises(InvalidInput, match="before the interview"):
        repo.update_interview(interview.id, date=dt.date(2026, 12, 1))
    assert contents(path) == before
    assert repo.interview(interview.id) == interview


@pytest.mark.parametrize(("fields", "message"), [
    ({"company": ""}, "company is required"),
    ({"company": "   "}, "company is required"),
    ({"role": ""}, "role is required"),
    ({"round": 0}, "round must be a whole number"),
    ({"round": 100}, "round must be a whole number"),
    ({"round": True}, "round must be a whole number"),
    ({"company": "x" * 201}, "keep it under 200"),
    ({"outcome": "offer"}, "cannot change outcome"),
    ({"id": "abc"}, "cannot change id"),
])
def test_update_interview_validation(repo: Repository, path: Path, fields: dict[str, Any],
                                     message: str) -> None:
    interview = add_acme(repo)
    before = contents(path)
    with pytest.raises(InvalidInput, match=message):
        repo.update_interview(interview.id, **fields)
    assert contents(path) == before


@pytest.mark.parametrize(("company", "role", "message"), [
    ("", "Analyst", "company is required"), ("Acme", " ", "role is required")])
def test_add_interview_needs_company_and_role(repo: Repository, path: Path, company: str,
                                              role: str, message: str) -> None:
    before = contents(path)
    with pytest.raises(InvalidInput, match=message):
        repo.add_interview(company, role, INTERVIEW_DAY)
    with pytest.raises(InvalidInput, match=message):
        repo.check_interview(company, role, INTERVIEW_DAY)
    assert contents(path) == before
    assert repo.interviews() == ()


def test_check_interview_accepts_what_add_interview_accepts(repo: Repository,
                                                            path: Path) -> None:
    before = contents(path)
    repo.check_interview("Acme", "Analyst", INTERVIEW_DAY, decision_by=INTERVIEW_DAY,
                         interviewers=[{"name": "Dana"}])
    with pytest.raises(InvalidInput, match="interviewer's name"):
        repo.check_interview("Acme", "Analyst", INTERVIEW_DAY, interviewers=[{"name": " "}])
    assert contents(path) == before


# --- settings -----------------------------------------------------------------------


def test_settings_start_at_the_defaults_and_are_saved(repo: Repository, path: Path) -> None:
    assert repo.settings() == Settings()
    changed = repo.update_settings(name="Alex Kim", follow_up_wait=3)
    assert changed == Settings(name="Alex Kim", follow_up_wait=3)
    again = repo.update_settings(signature="Alex")
    assert again.name == "Alex Kim" and again.signature == "Alex"
    assert on_disk(path).settings() == again


@pytest.mark.parametrize(("fields", "message"), [
    ({"follow_up_wait": -1}, "follow_up_wait should be a whole number from 0 to 60"),
    ({"follow_up_gap": 61}, "follow_up_gap should be a whole number from 0 to 60"),
    ({"max_follow_ups": 1.5}, "max_follow_ups should be a whole number"),
    ({"max_follow_ups": True}, "max_follow_ups should be a whole number"),
    ({"follow_up_wait": "5"}, "follow_up_wait should be a whole number"),
    ({"name": 5}, "name should be text"),
    ({"colour": "red"}, "there is no setting colour"),
])
def test_settings_validation(repo: Repository, path: Path, fields: dict[str, Any],
                             message: str) -> None:
    repo.update_settings(name="Alex")
    before = contents(path)
    with pytest.raises(InvalidInput, match=message):
        repo.update_settings(**fields)
    assert contents(path) == before
    assert repo.settings() == Settings(name="Alex")


def test_settings_changed_by_another_session_are_kept(path: Path) -> None:
    one, two = Repository(path), Repository(path)
    one.settings()
    two.update_settings(name="Alex")
    one.update_settings(signature="A.")
    assert Repository(path).settings() == Settings(name="Alex", signature="A.")


# --- export and import --------------------------------------------------------------


def fill(repo: Repository) -> None:
    repo.update_settings(name="Alex Kim", signature="Alex\n+1 555", follow_up_gap=4)
    pat = repo.add_reference("Pat Kim", relationship="ex-manager", email="pat@x.example",
                             channel=ContactChannel.TEXT, notes="prefers mornings")
    robin = repo.add_reference("Robin Roe")
    acme = add_acme(repo, references=[pat.id, robin.id], time=dt.time(9, 15),
                    decision_by=dt.date(2026, 12, 4), notes="[bold]x[/] ${x} 🎉")
    repo.mark_thanked(acme.id, acme.interviewers[0].id, INTERVIEW_DAY, "call")
    repo.mark_notified(acme.id, pat.id, INTERVIEW_DAY)
    repo.log_follow_up(acme.id, dt.date(2026, 11, 30), "call", note="left a message")
    repo.save_draft(acme.id, Step.THANK, acme.interviewers[1].id, "thank_card", "formal",
                    "Dear Sam,\n\nThank you. [bold]$x[/]\n\nAlex")
    repo.set_tone(acme.id, Step.REFERENCES, pat.id, "text")
    repo.set_tone(acme.id, Step.FOLLOW_UP, "", "formal")
    globex = repo.add_interview("Globex", "Dev", dt.date(2026, 11, 2), round=2)
    repo.set_outcome(globex.id, Outcome.REJECTED)


def test_export_import_export_gives_the_same_data(repo: Repository, tmp_path: Path) -> None:
    fill(repo)
    exported = repo.export_data()
    assert exported["format"] == EXPORT_FORMAT and exported["schema"] == SCHEMA_VERSION
    assert len(exported["interviews"]) == 2 and len(exported["references"]) == 2
    text = json.dumps(exported)
    fresh = Repository(tmp_path / "empty.json")
    summary = fresh.import_data(json.loads(text))
    assert summary == ImportSummary(interviews_added=2, interviews_skipped=0, references_added=2)
    assert fresh.export_data() == exported
    assert Repository(tmp_path / "empty.json").export_data() == exported
    assert fresh.interviews() and set(fresh.interviews()) == set(repo.interviews())


def test_importing_the_same_export_again_adds_nothing(repo: Repository, path: Path) -> None:
    fill(repo)
    before = contents(path)
    summary = repo.import_data(repo.export_data())
    assert summary == ImportSummary(interviews_added=0, interviews_skipped=2, references_added=0)
    assert contents(path) == before


def test_import_maps_references_onto_the_book_by_name(repo: Repository, tmp_path: Path) -> None:
    fill(repo)
    other = Repository(tmp_path / "other.json")
    mine = other.add_reference("PAT KIM")
    summary = other.import_data(repo.export_data())
    assert summary.references_added == 1  # Robin Roe; Pat Kim was already in the book
    acme = next(i for i in other.interviews() if i.company == "Acme")
    assert acme.references[0].reference_id == mine.id
    assert all(u.reference_id in other.book() for u in acme.references)


def test_import_keeps_settings_already_made(repo: Repository, tmp_path: Path) -> None:
    fill(repo)
    other = Repository(tmp_path / "other.json")
    other.update_settings(name="Someone Else")
    other.import_data(repo.export_data())
    assert other.settings().name == "Someone Else"


def test_import_after_settings_were_set_back_to_the_defaults(
        repo: Repository, tmp_path: Path) -> None:
    fill(repo)
    other = Repository(tmp_path / "other.json")
    other.update_settings(name="X")
    other.update_settings(name="")
    summary = other.import_data(repo.export_data())
    assert summary.interviews_added == 2
    assert other.settings() == repo.settings()


@pytest.mark.parametrize("fail_at", [1, 2, 3])
def test_an_import_is_all_or_nothing(repo: Repository, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch, fail_at: int) -> None:
    """The disk fills up at the n-th save: the import is then wholly in, or wholly out."""
    fill(repo)
    target = tmp_path / "other.json"
    other = Repository(target)
    other.add_reference("Kai Wu")
    before = target.read_bytes()
    real_replace = os.replace
    saves = 0

    def full_disk(src: Any, dst: Any) -> None:
        nonlocal saves
        if Path(dst) == target:
            saves += 1
            if saves == fail_at:
                raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr("store.storage.os.replace", full_disk)
    try:
        other.import_data(repo.export_data())
    except DataFileError as exc:
        assert "disk is full" in str(exc)
        failed = True
    else:
        failed = False
    monkeypatch.undo()
    fresh = Repository(target)
    if failed:
        assert target.read_bytes() == before
        assert [r.name for r in fresh.references()] == ["Kai Wu"]
        assert fresh.interviews() == ()
    else:
        assert len(fresh.interviews()) == 2
        assert len(fresh.references()) == 3
    # Either way the session that tried agrees with the disk.
    assert other.export_data() == fresh.export_data()


def good_export() -> dict[str, Any]:
    return {"format": EXPORT_FORMAT, "schema": SCHEMA_VERSION, "settings": {},
            "references": [], "interviews": [
                {"id": "abc123", "company": "Acme", "role": "R", "date": "2026-11-20"}]}


def broken(**changes: Any) -> dict[str, Any]:
    data = good_export()
    data.update(changes)
    return data


def broken_interview(**changes: Any) -> dict[str, Any]:
    data = good_export()
    data["interviews"][0].update(changes)
    return data


@pytest.mark.parametrize("data", [
    None, [], "followup", 42, {},
    {"interviews": []},
    broken(format="something-else"),
    broken(schema=SCHEMA_VERSION + 1),
    broken(schema=None),
    broken(interviews=5),
    broken(interviews=["x"]),
    broken(references=[{"name": "no id"}]),
    broken(references=["x"]),
    broken(settings={"follow_up_wait": -3}),
    broken_interview(date="not a date"),
    broken_interview(date=None),
    broken_interview(id=None),
    broken_interview(round=0),
    broken_interview(round="2"),
    broken_interview(outcome="hired"),
    broken_interview(format="carrier pigeon"),
    broken_interview(time="25:00"),
    broken_interview(company=["list"]),
    broken_interview(interviewers=[{"name": "no id"}]),
    broken_interview(interviewers=[1]),
    broken_interview(interviewers=7),
    broken_interview(follow_ups=[{"id": "f", "on": "yesterday"}]),
    broken_interview(history=["x"]),
], ids=lambda d: json.dumps(d)[:60])
def test_import_of_garbage_is_refused_with_nothing_written(repo: Repository, path: Path,
                                                           data: Any) -> None:
    fill(repo)
    before = contents(path)
    with pytest.raises(InvalidInput):
        repo.import_data(data)
    assert contents(path) == before
    assert len(repo.interviews()) == 2


def test_the_good_export_used_above_does_import(repo: Repository) -> None:
    # So the garbage cases fail for the reason they name, not for some other.
    assert repo.import_data(good_export()).interviews_added == 1
    assert repo.interview("abc123").company == "Acme"


# --- a damaged file -----------------------------------------------------------------


def _meta(**tables: Any) -> str:
    return json.dumps({"meta": {"1": {"schema": SCHEMA_VERSION}}, **tables})


@pytest.mark.parametrize("text", [
    _meta(references={"1": "oops"}),
    _meta(settings={"1": "oops"}),
    _meta(settings={"1": {"follow_up_wait": "soon"}}),
    _meta(interviews={"1": "oops"}),
    _meta(interviews={"1": {"id": "a", "date": "2026-01-01", "interviewers": [1]}}),
    _meta(interviews={"1": {"id": "a", "date": "2026-01-01", "history": ["x"]}}),
    _meta(interviews={"x": {"id": "a", "date": "2026-01-01"}}),
    _meta(interviews={"1": {"id": "a", "date": "someday"}}),
    json.dumps({"meta": {"1": {"schema": True}}}),
    json.dumps({"meta": {"1": {"schema": "1"}}}),
    json.dumps({"interviews": {"1": {"id": "a", "date": "2026-01-01"}}}),
])
def test_a_damaged_record_is_a_data_file_error_and_the_file_is_untouched(
        tmp_path: Path, text: str) -> None:
    path = tmp_path / "followup.json"
    path.write_text(text)
    with pytest.raises(DataFileError) as err:
        Repository(path)
    assert str(path) in str(err.value)
    assert path.read_text() == text
    assert not (tmp_path / "followup.json.bak").exists()


def test_without_check_a_damaged_record_is_reported_when_it_is_read(tmp_path: Path) -> None:
    # The app opens with check=False: only what the list needs is read at start,
    # so a damage elsewhere in a record shows up when that interview is read.
    path = tmp_path / "followup.json"
    text = _meta(interviews={
        "1": {"id": "a", "date": "2026-01-01", "company": "Acme", "history": ["x"]},
        "2": {"id": "b", "date": "2026-01-02", "company": "Globex"},
    })
    path.write_text(text)
    repo = Repository(path, check=False)
    index = repo.index()
    assert [s.company for s in index.summaries] == ["Acme", "Globex"]
    assert index["b"].company == "Globex"
    with pytest.raises(DataFileError) as err:
        index["a"]
    assert str(path) in str(err.value) and "cannot read" in str(err.value)
    with pytest.raises(DataFileError):
        repo.interviews()
    assert path.read_text() == text
    # A damaged date is what the list itself reads: that still stops the start.
    path.write_text(_meta(interviews={"1": {"id": "a", "date": "someday"}}))
    with pytest.raises(DataFileError):
        Repository(path, check=False)


def test_the_index_follows_every_change_and_keeps_unchanged_summaries(repo: Repository) -> None:
    acme = add_acme(repo)
    globex = repo.add_interview("Globex", "Dev", INTERVIEW_DAY)
    before = repo.index()
    dana = acme.interviewers[0]
    repo.mark_thanked(acme.id, dana.id, INTERVIEW_DAY)
    after = repo.index()
    old = {s.id: s for s in before.summaries}
    new = {s.id: s for s in after.summaries}
    # Unchanged interviews keep the very same summary: the screen redoes only the rest.
    assert new[globex.id] is old[globex.id]
    assert new[acme.id].open_people == old[acme.id].open_people - 1
    assert after[acme.id].interviewer(dana.id).thanked_on == INTERVIEW_DAY
    assert new[acme.id] == InterviewSummary.of(repo.interview(acme.id))
    # A snapshot taken before the change still answers for every interview it listed.
    assert set(before) == set(after) == {acme.id, globex.id}
    repo.delete_interview(globex.id)
    assert [s.id for s in repo.index().summaries] == [acme.id]
    # Another session's change is picked up the same way.
    Repository(repo.path).add_interview("Initech", "Ops", INTERVIEW_DAY)
    assert repo.reload()
    assert {s.company for s in repo.index().summaries} == {"Acme", "Initech"}


@pytest.mark.parametrize("fold_at", [Docs.FOLD_AT, 2])
def test_an_index_handed_out_keeps_reading_its_moment_through_later_saves(
        repo: Repository, monkeypatch: pytest.MonkeyPatch, fold_at: int) -> None:
    # The screen holds an index while the next save is written in another thread:
    # what it reads must not change under it, however many saves come after (with a
    # small FOLD_AT, the saves since are folded in along the way too).
    monkeypatch.setattr(Docs, "FOLD_AT", fold_at)
    acme = add_acme(repo)
    globex = repo.add_interview("Globex", "Dev", INTERVIEW_DAY)
    first = repo.index()
    dana, sam = (person.id for person in acme.interviewers)
    repo.mark_thanked(acme.id, dana, INTERVIEW_DAY)
    second = repo.index()
    repo.mark_thanked(acme.id, sam, INTERVIEW_DAY)
    initech = repo.add_interview("Initech", "Ops", INTERVIEW_DAY)
    repo.set_outcome(globex.id, Outcome.REJECTED, INTERVIEW_DAY)
    last = repo.index()
    assert [p.thanked_on for p in first[acme.id].interviewers] == [None, None]
    assert [p.thanked_on for p in second[acme.id].interviewers] == [INTERVIEW_DAY, None]
    assert [p.thanked_on for p in last[acme.id].interviewers] == [INTERVIEW_DAY] * 2
    assert first[globex.id].outcome is Outcome.OPEN
    assert last[globex.id].outcome is Outcome.REJECTED
    # An interview added since is in the later index only, last, as in the file.
    assert list(first) == list(second) == [acme.id, globex.id] and len(first) == 2
    assert list(last) == [acme.id, globex.id, initech.id] and len(last) == 3
    assert initech.id in last and initech.id not in second
    assert [s.id for s in last.summaries] == list(last)
    # And each reads as the file now holds it.
    fresh = Repository(repo.path)
    assert all(last[key] == fresh.interview(key) for key in last)
    assert repo.interviews() == tuple(fresh.interview(key) for key in last)


def test_interviews_read_one_by_one_keep_only_the_last_few_converted(
        path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> None:
    # Holding j through a long list reads each interview in full in turn: the
    # repository keeps the last few of them converted, not every one, and each still
    # reads as the file holds it when asked for again.
    monkeypatch.setattr(repository, "CONVERTED_KEPT", 3)
    writer = Repository(path, clock=clock)
    ids = [writer.add_interview(f"Company {n}", "Dev", INTERVIEW_DAY).id for n in range(8)]
    repo = Repository(path, clock=clock, check=False)
    index = repo.index()
    first = [index[key] for key in ids]
    assert len(repo._converted) <= 3
    assert [index[key] for key in ids] == first == [writer.interview(key) for key in ids]
    assert len(repo._converted) <= 3


def test_an_older_record_without_optional_fields_still_reads(tmp_path: Path) -> None:
    path = tmp_path / "followup.json"
    path.write_text(_meta(interviews={"1": {"id": "a1", "date": "2026-01-05",
                                            "company": "Acme"}}))
    interview = Repository(path).interview("a1")
    assert interview.company == "Acme" and interview.outcome is Outcome.OPEN
    assert interview.interviewers == () and interview.round == 1


def test_codec_round_trips_an_interview(repo: Repository) -> None:
    fill(repo)
    for interview in repo.interviews():
        assert codec.interview_from_doc(codec.interview_to_doc(interview)) == interview


# --- the pure core ------------------------------------------------------------------


def test_models_are_plain(repo: Repository) -> None:
    # Interviewer fields map one-to-one onto the document (no silent loss on save).
    person = Interviewer(id="x", name="Dana", title="t", email="e", phone="p",
                         hiring_manager=True, topic="dbt", thanked_on=INTERVIEW_DAY,
                         thanked_via=ThankChannel.CALL)
    assert codec.interviewer_from_doc(codec.interviewer_to_doc(person)) == person


# --- the daily review's changes with summaries and lazy reading -----------------------


def test_wording_tone_reference_thanks_and_next_round_last_and_keep_summaries_whole(
        tmp_path: Path) -> None:
    """Every change of the daily review and of rewording is on disk as the session sees
    it, and the list's summary of each interview stays the summary of the whole one."""
    from store.messages import kinds_for, variants_for

    db = tmp_path / "followup.json"
    repo = Repository(db, clock=lambda: START, check=False)
    sam = repo.add_reference("Sam Ortiz", email="sam@example.com")
    first = repo.add_interview("Acme", "Engineer", INTERVIEW_DAY,
                               interviewers=[{"name": "Dana Lee"}], references=[sam.id])
    dana = first.interviewers[0].id
    kind = kinds_for(Step.THANK)[0]
    warm, other = variants_for(kind)[0], variants_for(kind)[-1]

    def check() -> Repository:
        fresh = Repository(db, clock=lambda: START)
        for key in (first.id, *(s.id for s in repo.index().summaries)):
            assert repo.interview(key) == fresh.interview(key)
        for summary in repo.index().summaries:
            assert summary == InterviewSummary.of(fresh.interview(summary.id))
        return fresh

    repo.save_draft(first.id, Step.THANK, dana, kind, warm, "Dear Dana, thank you.")
    assert check().interview(first.id).draft(Step.THANK, dana, kind, warm).text == \
        "Dear Dana, thank you."
    repo.set_tone(first.id, Step.THANK, dana, other)
    assert check().interview(first.id).tone_for(Step.THANK, dana) == other
    repo.clear_draft(first.id, Step.THANK, dana, kind, warm)
    assert check().interview(first.id).drafts == ()
    repo.set_outcome(first.id, Outcome.OFFER)
    repo.mark_reference_thanked(first.id, sam.id, START.date())
    assert check().interview(first.id).references[0].thanked_on == START.date()
    repo.unmark_reference_thanked(first.id, sam.id)
    assert check().interview(first.id).references[0].thanked_on is None
    second = repo.next_round(first.id, START.date())
    fresh = check()
    assert fresh.interview(second.id).round == 2
    summary = next(s for s in fresh.index().summaries if s.id == second.id)
    assert summary.interviewer_names == ("Dana Lee",) and summary.reference_ids == (sam.id,)
    # Another session's edit meanwhile is kept by an edit of another field here.
    Repository(db, clock=lambda: START).update_interview(first.id, role="Staff Engineer")
    repo.update_interview(first.id, notes="Met the team")
    both = check().interview(first.id)
    assert (both.role, both.notes) == ("Staff Engineer", "Met the team")
