"""The store's side of the daily review: the next round, thanking references after
the outcome, and what comes due next when nothing is due today."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from store import codec
from store.models import Format, Interview, Outcome, Reference, ReferenceUse, Settings, Step
from store.repository import InvalidInput, NotFound, Repository
from store.schedule import ActionState, describe_next, next_action, next_due
from tests.conftest import TODAY, day, fixed_clock

THU26 = TODAY
MON30 = day(11, 30)
BOOK = {"r-sam": Reference("r-sam", "Sam Ortiz")}


def on_disk(path: Path) -> Repository:
    return Repository(path, create=False)


def interviewed(repo: Repository) -> Interview:
    """Acme on Mon 23 Nov: both interviewers thanked, both references told, the employer
    called one of them, two follow-ups sent, an offer made."""
    sam = repo.add_reference("Sam Ortiz", email="sam@example.org")
    kim = repo.add_reference("Kim Park", phone="+1 555 0101")
    acme = repo.add_interview(
        "Acme", "Analyst", day(11, 23), time=dt.time(10, 0), format=Format.ONSITE,
        decision_by=day(11, 25), office_phone="+1 555 0100", notes="panel of two",
        interviewers=[{"name": "Dana Lee", "topic": "the data platform", "email": "d@acme.io"},
                      {"name": "Raj Patel", "title": "Staff Engineer"}],
        references=[sam.id, kim.id])
    for person in acme.interviewers:
        repo.mark_thanked(acme.id, person.id, day(11, 23))
    repo.mark_notified(acme.id, sam.id, day(11, 23))
    repo.mark_notified(acme.id, kim.id, day(11, 24))
    repo.mark_called(acme.id, sam.id)
    repo.log_follow_up(acme.id, day(11, 25))
    return repo.set_outcome(acme.id, Outcome.SECOND_INTERVIEW)


# --- the next round ---------------------------------------------------------------


def test_next_round_copies_the_people_with_nothing_done(repo: Repository,
                                                         db_path: Path) -> None:
    first = interviewed(repo)
    second = repo.next_round(first.id, day(12, 3), time=dt.time(14, 30))

    assert second.id != first.id
    assert (second.company, second.role, second.round) == ("Acme", "Analyst", 2)
    assert (second.date, second.time) == (day(12, 3), dt.time(14, 30))
    assert second.office_phone == "+1 555 0100"
    assert second.format is Format.ONSITE
    assert second.outcome is Outcome.OPEN
    # A new conversation: no decision date, notes or follow-ups carried over.
    assert (second.decision_by, second.notes, second.follow_ups) == (None, "", ())
    assert [(p.name, p.title, p.email, p.hiring_manager) for p in second.interviewers] == [
        ("Dana Lee", "", "d@acme.io", True), ("Raj Patel", "Staff Engineer", "", False)]
    assert [(p.thanked_on, p.thanked_via, p.topic) for p in second.interviewers] == [
        (None, None, ""), (None, None, "")]
    assert second.references == tuple(ReferenceUse(u.reference_id) for u in first.references)

    # Both on disk; the first round is unchanged but for a note in its history.
    fresh = on_disk(db_path)
    assert fresh.interview(second.id) == second
    before = fresh.interview(first.id)
    assert before.interviewers == first.interviewers
    assert before.references == first.references
    assert before.outcome is Outcome.SECOND_INTERVIEW
    assert before.history[-1].what == "Set up the 2nd round for 2026-12-03"
    assert second.history[-1].what == "Added the 2nd interview at Acme (after the 1st)"


def test_next_round_takes_new_details(repo: Repository) -> None:
    first = interviewed(repo)
    second = repo.next_round(first.id, day(12, 3), format="video", decision_by=day(12, 10),
                             office_phone="+1 555 0199", notes="with the CTO")
    assert (second.format, second.decision_by) == (Format.VIDEO, day(12, 10))
    assert (second.office_phone, second.notes) == ("+1 555 0199", "with the CTO")


def test_next_round_is_due_from_its_own_day(repo: Repository) -> None:
    first = interviewed(repo)
    second = repo.next_round(first.id, day(12, 1))
    assert [a.interview_id for a in repo.agenda(THU26)] == []
    due = repo.agenda(day(12, 1))
    assert {(a.step, a.person) for a in due} == {
        (Step.THANK, "Dana Lee"), (Step.THANK, "Raj Patel"),
        (Step.REFERENCES, "Sam Ortiz"), (Step.REFERENCES, "Kim Park")}
    assert {a.interview_id for a in due} == {second.id}


@pytest.mark.parametrize(("when", "decision", "problem"), [
    (day(11, 20), None, r"the next round \(2026-11-20\) is before the 1st round "
                        r"\(2026-11-23\); check the date"),
    (day(12, 3), day(12, 1), "the decision date .* is before the interview"),
])
def test_next_round_refuses_bad_dates_and_writes_nothing(
        repo: Repository, db_path: Path, when: dt.date, decision: dt.date | None,
        problem: str) -> None:
    first = interviewed(repo)
    before = db_path.read_bytes()
    with pytest.raises(InvalidInput, match=problem):
        repo.next_round(first.id, when, decision_by=decision)
    assert db_path.read_bytes() == before
    assert len(repo.interviews()) == 1


def test_next_round_of_an_unknown_interview(repo: Repository) -> None:
    with pytest.raises(NotFound):
        repo.next_round("nope", THU26)


def test_no_round_after_the_99th(repo: Repository) -> None:
    last = repo.add_interview("Acme", "Analyst", day(11, 2), round=99)
    with pytest.raises(InvalidInput, match="round must be a whole number from 1 to 99"):
        repo.next_round(last.id, THU26)


# --- thanking references after the outcome ------------------------------------------


def test_mark_and_unmark_a_reference_thanked(repo: Repository, db_path: Path) -> None:
    acme = interviewed(repo)
    sam, kim = (u.reference_id for u in acme.references)
    thanked = repo.mark_reference_thanked(acme.id, sam, THU26)
    assert thanked.reference_use(sam).thanked_on == THU26
    assert thanked.reference_use(sam).thanked
    assert not thanked.reference_use(kim).thanked
    # Thanking does not undo what was recorded before.
    assert thanked.reference_use(sam).notified_on == day(11, 23)
    assert thanked.reference_use(sam).called
    assert thanked.history[-1].what == "Thanked Sam Ortiz and shared the news"
    assert on_disk(db_path).interview(acme.id).reference_use(sam).thanked_on == THU26

    undone = repo.unmark_reference_thanked(acme.id, sam)
    assert undone.reference_use(sam).thanked_on is None
    assert undone.history[-1].what == "Undid the thank-you to Sam Ortiz"
    assert on_disk(db_path).interview(acme.id).reference_use(sam).thanked_on is None


def test_thanking_someone_not_listed_is_refused(repo: Repository) -> None:
    acme = interviewed(repo)
    robin = repo.add_reference("Robin Roe")
    with pytest.raises(NotFound, match="Robin Roe is not a reference for Acme"):
        repo.mark_reference_thanked(acme.id, robin.id, THU26)


def test_a_file_from_before_reference_thanks_still_opens(tmp_path: Path) -> None:
    """Files written before `thanked_on` existed: every reference reads as not thanked,
    and the file opens and saves as usual."""
    path = tmp_path / "followup.json"
    old_use = {"reference_id": "r1", "notified_on": "2026-11-20", "called": True}
    path.write_text(json.dumps({
        "meta": {"1": {"schema": 1}},
        "references": {"1": {"id": "r1", "name": "Sam Ortiz"}},
        "interviews": {"1": {"id": "a1", "company": "Acme", "role": "Analyst",
                             "date": "2026-11-20", "outcome": "offer",
                             "references": [old_use]}},
    }))
    repo = Repository(path, clock=fixed_clock)
    use = repo.interview("a1").references[0]
    assert (use.notified_on, use.called, use.thanked_on) == (day(11, 20), True, None)
    repo.mark_reference_thanked("a1", "r1", THU26)
    saved = json.loads(path.read_text())["interviews"]["1"]["references"][0]
    assert saved == {**old_use, "thanked_on": "2026-11-26"}


def test_codec_round_trips_a_thanked_reference() -> None:
    use = ReferenceUse("r1", notified_on=day(11, 20), called=True, thanked_on=THU26)
    assert codec.reference_use_from_doc(codec.reference_use_to_doc(use)) == use


def test_a_bad_thanked_date_is_a_bad_record() -> None:
    with pytest.raises(codec.BadRecord, match="bad date 'soon'"):
        codec.reference_use_from_doc({"reference_id": "r1", "thanked_on": "soon"})


# --- what comes due next ---------------------------------------------------------


def make(id: str, company: str, when: dt.date, *, done: bool = False,
         outcome: Outcome = Outcome.OPEN, decision_by: dt.date | None = None) -> Interview:
    from store.models import Interviewer

    return Interview(
        id=id, company=company, role="Engineer", date=when, outcome=outcome,
        decision_by=decision_by,
        interviewers=(Interviewer("p1", "Dana Lee", thanked_on=when if done else None),),
        references=(ReferenceUse("r-sam", notified_on=when if done else None),))


def test_next_action_names_what_comes_due_first() -> None:
    settings = Settings()
    interviews = [
        # All done on Tue 24 Nov; they decide by Fri 27 Nov: follow up Mon 30 Nov.
        make("g", "Globex", day(11, 24), done=True, decision_by=day(11, 27)),
        make("p", "Pied Piper", day(12, 1)),  # the thank-yous wait for Tue 1 Dec
        make("u", "Umbrella", day(11, 27), outcome=Outcome.OFFER),
    ]
    action = next_action(interviews, settings, BOOK, THU26)
    assert action is not None
    assert (action.interview_id, action.company, action.step) == ("g", "Globex", Step.FOLLOW_UP)
    assert action.due_on == MON30 == next_due(interviews, settings, BOOK, THU26)
    assert action.state is ActionState.WAITING

    # On Mon 30 Nov Globex is due, so what comes next is Pied Piper's thank-you.
    later = next_action(interviews, settings, BOOK, MON30)
    assert later is not None
    assert (later.company, later.step, later.person) == ("Pied Piper", Step.THANK, "Dana Lee")
    assert later.due_on == day(12, 1) == next_due(interviews, settings, BOOK, MON30)


def test_next_action_ties_go_by_company_and_none_when_nothing_waits() -> None:
    settings = Settings()
    both = [make("z", "Zeta", day(12, 1)), make("a", "acme", day(12, 1))]
    action = next_action(both, settings, BOOK, THU26)
    assert action is not None and action.company == "acme"
    assert next_action([], settings, BOOK, THU26) is None
    closed = [make("u", "Umbrella", day(12, 1), outcome=Outcome.REJECTED)]
    assert next_action(closed, settings, BOOK, THU26) is None


def test_next_round_takes_a_changed_company_role_and_round(repo: Repository) -> None:
    first = interviewed(repo)
    later = repo.next_round(first.id, day(12, 3), company="Acme Group", role="Senior Analyst",
                            round=3)
    assert (later.company, later.role, later.round) == ("Acme Group", "Senior Analyst", 3)
    with pytest.raises(InvalidInput, match="company is required"):
        repo.next_round(first.id, day(12, 3), company="  ")


def test_describe_next() -> None:
    settings = Settings()
    globex = [make("g", "Globex", day(11, 24), done=True, decision_by=day(11, 27))]
    action = next_action(globex, settings, BOOK, THU26)
    assert action is not None
    assert describe_next(action) == "Mon 30 Nov (Globex — follow-up)"
    pied = next_action([make("p", "Pied Piper", day(12, 1))], settings, BOOK, THU26)
    assert pied is not None and describe_next(pied) == "Tue 1 Dec (Pied Piper — thank-you)"
