"""The schedule rules, on fixed dates around the weekend of Sat 28 Nov 2026."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store import codec
from store.models import (
    FollowUp,
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
from store.schedule import (
    Action,
    ActionState,
    actions_for,
    add_business_days,
    agenda,
    badge,
    business_days_between,
    follow_up_action,
    follow_up_plan,
    format_day,
    is_business_day,
    next_business_day,
    next_due,
    reference_actions,
    thank_actions,
)

MON23 = dt.date(2026, 11, 23)
TUE24 = dt.date(2026, 11, 24)
WED25 = dt.date(2026, 11, 25)
THU26 = dt.date(2026, 11, 26)
FRI27 = dt.date(2026, 11, 27)
SAT28 = dt.date(2026, 11, 28)
SUN29 = dt.date(2026, 11, 29)
MON30 = dt.date(2026, 11, 30)
TUE01 = dt.date(2026, 12, 1)
WED02 = dt.date(2026, 12, 2)
THU03 = dt.date(2026, 12, 3)
FRI04 = dt.date(2026, 12, 4)
MON07 = dt.date(2026, 12, 7)
TUE08 = dt.date(2026, 12, 8)

DEFAULTS = Settings()
BOOK = {
    "r-sam": Reference("r-sam", "Sam Ortiz"),
    "r-kim": Reference("r-kim", "Kim Park"),
}


def make_interview(
    day: dt.date = THU26,
    *,
    id: str = "i1",
    company: str = "Acme",
    role: str = "Engineer",
    people: tuple[Interviewer, ...] | None = None,
    refs: tuple[ReferenceUse, ...] | None = None,
    follow_ups: tuple[dt.date, ...] = (),
    decision_by: dt.date | None = None,
    outcome: Outcome = Outcome.OPEN,
) -> Interview:
    if people is None:
        people = (Interviewer("p-dana", "Dana Lee"),)
    if refs is None:
        refs = (ReferenceUse("r-sam"),)
    return Interview(
        id=id,
        company=company,
        role=role,
        date=day,
        decision_by=decision_by,
        outcome=outcome,
        interviewers=people,
        references=refs,
        follow_ups=tuple(FollowUp(f"f{n}", on) for n, on in enumerate(follow_ups)),
    )


def all_done(day: dt.date = THU26, **kwargs) -> Interview:
    """An interview whose thank-yous and references are all done."""
    return make_interview(
        day,
        people=(Interviewer("p-dana", "Dana Lee", thanked_on=day),),
        refs=(ReferenceUse("r-sam", notified_on=day),),
        **kwargs,
    )


# --- business days -----------------------------------------------------------


def test_the_fixture_dates_are_the_days_they_are_named_after():
    names = [format_day(d) for d in (THU26, FRI27, SAT28, SUN29, MON30)]
    assert names == ["Thu 26 Nov", "Fri 27 Nov", "Sat 28 Nov", "Sun 29 Nov", "Mon 30 Nov"]


@pytest.mark.parametrize(
    ("day", "expected"),
    [(THU26, True), (FRI27, True), (SAT28, False), (SUN29, False), (MON30, True)],
)
def test_is_business_day(day, expected):
    assert is_business_day(day) is expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [(WED25, THU26), (THU26, FRI27), (FRI27, MON30), (SAT28, MON30), (SUN29, MON30)],
)
def test_next_business_day_is_strictly_after(day, expected):
    assert next_business_day(day) == expected


@pytest.mark.parametrize(
    ("day", "n", "expected"),
    [
        (THU26, 0, THU26),
        (SAT28, 0, MON30),
        (SUN29, 0, MON30),
        (THU26, 1, FRI27),
        (THU26, 2, MON30),
        (FRI27, 1, MON30),
        (SAT28, 1, MON30),
        (SUN29, 1, MON30),
        (SAT28, 2, TUE01),
        (THU26, 5, THU03),
        (FRI27, 5, FRI04),
        (THU26, 7, MON07),
        (MON23, 10, MON07),
        (MON30, -1, FRI27),
        (TUE01, -2, FRI27),
        (SAT28, -1, FRI27),
        (SUN29, -2, THU26),
        (MON07, -10, MON23),
    ],
)
def test_add_business_days(day, n, expected):
    assert add_business_days(day, n) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (THU26, THU26, 0),
        (THU26, FRI27, 1),
        (THU26, SAT28, 1),
        (THU26, SUN29, 1),
        (THU26, MON30, 2),
        (FRI27, MON30, 1),
        (SAT28, SUN29, 0),
        (SAT28, MON30, 1),
        (MON30, THU26, -2),
        (THU26, MON07, 7),
    ],
)
def test_business_days_between(a, b, expected):
    assert business_days_between(a, b) == expected


def _naive_add(day: dt.date, n: int) -> dt.date:
    if n == 0:
        while not is_business_day(day):
            day += dt.timedelta(days=1)
        return day
    step = dt.timedelta(days=1 if n > 0 else -1)
    left = abs(n)
    while left:
        day += step
        if day.weekday() < 5:
            left -= 1
    return day


def _naive_between(a: dt.date, b: dt.date) -> int:
    lo, hi, sign = (a, b, 1) if a <= b else (b, a, -1)
    days = (lo + dt.timedelta(days=k) for k in range(1, (hi - lo).days + 1))
    return sign * sum(1 for d in days if d.weekday() < 5)


dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))


@settings(max_examples=100, deadline=None)
@given(dates, st.integers(min_value=-60, max_value=60))
def test_add_business_days_matches_counting_one_day_at_a_time(day, n):
    assert add_business_days(day, n) == _naive_add(day, n)


@settings(max_examples=100, deadline=None)
@given(dates, st.integers(min_value=0, max_value=60))
def test_add_business_days_lands_on_a_business_day(day, n):
    result = add_business_days(day, n)
    assert is_business_day(result)
    assert result >= day
    if n:
        assert business_days_between(day, result) == n
    else:
        assert result == (day if is_business_day(day) else next_business_day(day))


@settings(max_examples=100, deadline=None)
@given(dates, st.integers(min_value=0, max_value=90))
def test_business_days_between_matches_counting(a, span):
    b = a + dt.timedelta(days=span)
    assert business_days_between(a, b) == _naive_between(a, b)
    assert business_days_between(b, a) == -_naive_between(a, b)


@settings(max_examples=100, deadline=None)
@given(dates)
def test_next_business_day_is_the_first_after(day):
    result = next_business_day(day)
    assert result > day and is_business_day(result)
    assert business_days_between(day, result) == 1


def test_format_day():
    assert format_day(FRI27) == "Fri 27 Nov"
    assert format_day(FRI27, with_year=True) == "Fri 27 Nov 2026"
    assert format_day(dt.date(2027, 1, 1)) == "Fri 1 Jan"
    assert format_day(dt.date(2027, 11, 26), with_year=True) == "Fri 26 Nov 2027"


# --- thank-yous --------------------------------------------------------------


def test_one_thank_you_per_interviewer_in_order():
    people = (Interviewer("p1", "Dana Lee"), Interviewer("p2", "Ravi Shah"))
    actions = thank_actions(make_interview(people=people), THU26)
    assert [(a.person, a.person_id) for a in actions] == [("Dana Lee", "p1"), ("Ravi Shah", "p2")]
    first = actions[0]
    assert (first.interview_id, first.company, first.role) == ("i1", "Acme", "Engineer")
    assert first.step is Step.THANK
    assert (first.due_on, first.late_after) == (THU26, FRI27)
    assert first.done_on is None


def test_no_interviewers_no_thank_yous():
    assert thank_actions(make_interview(people=()), THU26) == []


@pytest.mark.parametrize(
    ("today", "state", "reason"),
    [
        (WED25, ActionState.WAITING, "Interview is on Thu 26 Nov"),
        (THU26, ActionState.DUE, "Due today"),
        (FRI27, ActionState.DUE, "Due today, the last day to be on time"),
        (SAT28, ActionState.LATE, "Late: due Thu 26 Nov, 1 business day ago"),
        (SUN29, ActionState.LATE, "Late: due Thu 26 Nov, 1 business day ago"),
        (MON30, ActionState.LATE, "Late: due Thu 26 Nov, 2 business days ago"),
    ],
)
def test_thank_you_after_a_thursday_interview(today, state, reason):
    (action,) = thank_actions(make_interview(THU26), today)
    assert (action.state, action.reason) == (state, reason)
    assert action.pending is (state in (ActionState.DUE, ActionState.LATE))


@pytest.mark.parametrize(
    ("today", "state", "reason"),
    [
        (FRI27, ActionState.DUE, "Due today"),
        (SAT28, ActionState.DUE, "Due by Mon 30 Nov"),
        (SUN29, ActionState.DUE, "Due by Mon 30 Nov"),
        (MON30, ActionState.DUE, "Due today, the last day to be on time"),
        (TUE01, ActionState.LATE, "Late: due Fri 27 Nov, 2 business days ago"),
    ],
)
def test_thank_you_after_a_friday_interview_is_on_time_through_monday(today, state, reason):
    (action,) = thank_actions(make_interview(FRI27), today)
    assert action.late_after == MON30
    assert (action.state, action.reason) == (state, reason)


def test_thank_you_after_a_weekend_interview_is_on_time_through_monday():
    (action,) = thank_actions(make_interview(SAT28), SUN29)
    assert (action.due_on, action.late_after) == (SAT28, MON30)
    assert (action.state, action.reason) == (ActionState.DUE, "Due by Mon 30 Nov")
    (action,) = thank_actions(make_interview(SAT28), TUE01)
    assert action.state is ActionState.LATE


@pytest.mark.parametrize(
    ("via", "reason"),
    [
        (ThankChannel.EMAIL, "Thanked Thu 26 Nov by email"),
        (ThankChannel.CARD, "Thanked Thu 26 Nov with a card"),
        (ThankChannel.CALL, "Thanked Thu 26 Nov by phone"),
        (None, "Thanked Thu 26 Nov"),
    ],
)
def test_thanked_is_done_whenever_it_happened(via, reason):
    person = Interviewer("p1", "Dana Lee", thanked_on=THU26, thanked_via=via)
    for today in (THU26, MON30, MON07):
        (action,) = thank_actions(make_interview(people=(person,)), today)
        assert (action.state, action.done_on, action.reason) == (ActionState.DONE, THU26, reason)
        assert not action.pending


def test_thank_you_sent_late_is_still_done():
    person = Interviewer("p1", "Dana Lee", thanked_on=TUE01)
    (action,) = thank_actions(make_interview(THU26, people=(person,)), MON07)
    assert action.state is ActionState.DONE


def test_closed_interview_has_no_pending_thank_you_but_keeps_what_was_done():
    people = (Interviewer("p1", "Dana Lee", thanked_on=THU26), Interviewer("p2", "Ravi Shah"))
    interview = make_interview(people=people, outcome=Outcome.OFFER)
    done, closed = thank_actions(interview, MON30)
    assert done.state is ActionState.DONE
    assert (closed.state, closed.reason) == (ActionState.CLOSED, "Closed: offer")
    assert not closed.pending


# --- references --------------------------------------------------------------


def test_one_reference_action_per_reference_use_named_from_the_book():
    refs = (ReferenceUse("r-sam"), ReferenceUse("r-kim"))
    actions = reference_actions(make_interview(refs=refs), BOOK, THU26)
    assert [(a.person, a.person_id) for a in actions] == [
        ("Sam Ortiz", "r-sam"),
        ("Kim Park", "r-kim"),
    ]
    assert all(a.step is Step.REFERENCES for a in actions)
    assert all((a.due_on, a.late_after) == (THU26, FRI27) for a in actions)


def test_a_reference_missing_from_the_book_still_gets_an_action():
    (action,) = reference_actions(make_interview(refs=(ReferenceUse("gone"),)), BOOK, THU26)
    assert (action.person, action.person_id) == ("Unknown reference", "gone")


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (WED25, ActionState.WAITING),
        (THU26, ActionState.DUE),
        (FRI27, ActionState.DUE),
        (SAT28, ActionState.LATE),
        (MON30, ActionState.LATE),
    ],
)
def test_reference_timing_is_the_thank_you_timing(today, state):
    (action,) = reference_actions(make_interview(THU26), BOOK, today)
    (thanks,) = thank_actions(make_interview(THU26), today)
    assert action.state is state
    assert (action.due_on, action.late_after, action.reason) == (
        thanks.due_on,
        thanks.late_after,
        thanks.reason,
    )


def test_notified_reference_is_done():
    refs = (ReferenceUse("r-sam", notified_on=FRI27), ReferenceUse("r-kim", FRI27, called=True))
    told, called = reference_actions(make_interview(refs=refs), BOOK, MON30)
    assert (told.state, told.done_on, told.reason) == (ActionState.DONE, FRI27, "Told Fri 27 Nov")
    assert called.reason == "Told Fri 27 Nov; the employer has called them"


def test_reference_told_before_the_interview_is_done_not_waiting():
    refs = (ReferenceUse("r-sam", notified_on=TUE24),)
    (action,) = reference_actions(make_interview(THU26, refs=refs), BOOK, WED25)
    assert action.state is ActionState.DONE


def test_closed_interview_reference_is_closed():
    interview = make_interview(outcome=Outcome.REJECTED)
    (action,) = reference_actions(interview, BOOK, MON30)
    assert (action.state, action.reason) == (ActionState.CLOSED, "Closed: rejected")


# --- follow-up: the first one --------------------------------------------------


FIVE_DAYS_AFTER = "Follow up on Thu 3 Dec, 5 business days after the interview."


@pytest.mark.parametrize(
    ("today", "state", "reason"),
    [
        (MON30, ActionState.WAITING, FIVE_DAYS_AFTER),
        (WED02, ActionState.WAITING, FIVE_DAYS_AFTER),
        (THU03, ActionState.DUE, "Due today"),
        (FRI04, ActionState.DUE, "Due by Mon 7 Dec"),
        (MON07, ActionState.DUE, "Due today, the last day to be on time"),
        (TUE08, ActionState.LATE, "Late: due Thu 3 Dec, 3 business days ago"),
    ],
)
def test_first_follow_up_waits_five_business_days(today, state, reason):
    plan = follow_up_plan(all_done(THU26), DEFAULTS, BOOK, today)
    assert (plan.number, plan.due_on, plan.late_after) == (1, THU03, MON07)
    assert (plan.state, plan.reason) == (state, reason)
    assert plan.decision_note is None
    assert not plan.move_on
    assert plan.open_earlier_steps == ()


def test_follow_up_wait_comes_from_settings():
    plan = follow_up_plan(all_done(THU26), Settings(follow_up_wait=1), BOOK, THU26)
    assert plan.due_on == FRI27
    assert plan.reason == "Follow up on Fri 27 Nov, 1 business day after the interview."
    plan = follow_up_plan(all_done(FRI27), Settings(follow_up_wait=1), BOOK, SAT28)
    assert plan.due_on == MON30


def test_follow_up_for_an_interview_still_ahead_is_waiting():
    plan = follow_up_plan(all_done(MON30), DEFAULTS, BOOK, FRI27)
    assert (plan.state, plan.reason) == (ActionState.WAITING, "Interview is on Mon 30 Nov")
    assert plan.due_on == MON07


DECISION_NOTE = "Don't follow up before Mon 30 Nov: they said they'd decide by Fri 27 Nov."


@pytest.mark.parametrize("today", [TUE24, WED25, THU26, FRI27, SAT28, SUN29])
def test_decision_date_holds_the_follow_up_back(today):
    plan = follow_up_plan(all_done(TUE24, decision_by=FRI27), DEFAULTS, BOOK, today)
    assert plan.due_on == MON30
    assert plan.late_after == WED02
    assert plan.state is ActionState.WAITING
    assert plan.decision_note == DECISION_NOTE
    assert plan.reason == DECISION_NOTE


def test_decision_note_goes_once_the_follow_up_is_due():
    plan = follow_up_plan(all_done(TUE24, decision_by=FRI27), DEFAULTS, BOOK, MON30)
    assert (plan.state, plan.reason, plan.decision_note) == (ActionState.DUE, "Due today", None)
    plan = follow_up_plan(all_done(TUE24, decision_by=FRI27), DEFAULTS, BOOK, THU03)
    assert plan.state is ActionState.LATE
    assert plan.reason == "Late: due Mon 30 Nov, 3 business days ago"


def test_decision_date_before_the_wait_would_end_sets_the_date():
    # "We'll decide by Thursday", after a Wednesday interview: follow up Friday.
    plan = follow_up_plan(all_done(WED25, decision_by=THU26), DEFAULTS, BOOK, WED25)
    assert plan.due_on == FRI27
    assert plan.decision_note == (
        "Don't follow up before Fri 27 Nov: they said they'd decide by Thu 26 Nov."
    )


def test_decision_date_after_the_wait_would_end_sets_the_date():
    decision_by = dt.date(2026, 12, 11)  # a Friday, two weeks out
    plan = follow_up_plan(all_done(THU26, decision_by=decision_by), DEFAULTS, BOOK, THU03)
    assert plan.due_on == dt.date(2026, 12, 14)
    assert plan.state is ActionState.WAITING
    assert plan.decision_note == (
        "Don't follow up before Mon 14 Dec: they said they'd decide by Fri 11 Dec."
    )


@pytest.mark.parametrize("decision_by", [SAT28, SUN29])
def test_decision_date_on_a_weekend_means_monday(decision_by):
    plan = follow_up_plan(all_done(TUE24, decision_by=decision_by), DEFAULTS, BOOK, WED25)
    assert plan.due_on == MON30


def test_decision_date_before_the_interview_never_asks_before_the_next_day():
    plan = follow_up_plan(all_done(THU26, decision_by=MON23), DEFAULTS, BOOK, THU26)
    assert plan.due_on == FRI27


def test_decision_note_also_shows_while_the_interview_is_ahead():
    plan = follow_up_plan(all_done(WED25, decision_by=FRI27), DEFAULTS, BOOK, TUE24)
    assert plan.state is ActionState.WAITING
    assert plan.reason == "Interview is on Wed 25 Nov"
    assert plan.decision_note == DECISION_NOTE


# --- follow-up: the next ones and moving on --------------------------------------


def test_second_follow_up_waits_the_gap_after_the_last():
    interview = all_done(THU26 - dt.timedelta(days=7), follow_ups=(THU26,))
    plan = follow_up_plan(interview, DEFAULTS, BOOK, MON30)
    assert (plan.number, plan.due_on, plan.late_after) == (2, MON07, dt.date(2026, 12, 9))
    assert plan.state is ActionState.WAITING
    assert plan.reason == (
        "Next follow-up on Mon 7 Dec, 7 business days after the last one on Thu 26 Nov."
    )
    assert plan.decision_note is None
    assert follow_up_plan(interview, DEFAULTS, BOOK, MON07).state is ActionState.DUE


def test_gap_counts_from_the_latest_follow_up_whatever_the_order():
    interview = all_done(MON23 - dt.timedelta(days=14), follow_ups=(THU26, MON23))
    plan = follow_up_plan(interview, Settings(max_follow_ups=3, follow_up_gap=2), BOOK, THU26)
    assert (plan.number, plan.due_on) == (3, MON30)


def test_later_follow_up_never_before_the_decision_date_allows():
    interview = all_done(MON23, decision_by=dt.date(2026, 12, 11), follow_ups=(TUE24,))
    plan = follow_up_plan(interview, DEFAULTS, BOOK, MON07)
    assert plan.due_on == dt.date(2026, 12, 14)
    assert plan.decision_note == (
        "Don't follow up before Mon 14 Dec: they said they'd decide by Fri 11 Dec."
    )


def test_later_follow_up_after_the_decision_date_is_the_gap_alone():
    interview = all_done(MON23, decision_by=FRI27, follow_ups=(MON30,))
    plan = follow_up_plan(interview, DEFAULTS, BOOK, TUE01)
    assert plan.due_on == dt.date(2026, 12, 9)
    assert plan.decision_note is None


def test_after_the_last_follow_up_it_is_time_to_move_on():
    interview = all_done(TUE24 - dt.timedelta(days=21), follow_ups=(MON23, TUE01))
    plan = follow_up_plan(interview, DEFAULTS, BOOK, WED02)
    assert plan.move_on
    assert (plan.number, plan.due_on, plan.late_after) == (3, None, None)
    assert plan.state is ActionState.MOVE_ON
    assert plan.reason == (
        '2 follow-ups sent with no answer: time to move on. Record the outcome as "no answer".'
    )
    assert follow_up_action(interview, DEFAULTS, BOOK, WED02) is None


def test_max_follow_ups_comes_from_settings():
    interview = all_done(MON23 - dt.timedelta(days=14), follow_ups=(MON23,))
    assert follow_up_plan(interview, Settings(max_follow_ups=1), BOOK, MON30).move_on
    assert not follow_up_plan(interview, Settings(max_follow_ups=3), BOOK, MON30).move_on
    plan = follow_up_plan(all_done(), Settings(max_follow_ups=0), BOOK, MON30)
    assert plan.move_on
    assert plan.reason.startswith("No follow-ups to send")


def test_follow_up_comes_due_with_earlier_steps_open_and_lists_them():
    people = (
        Interviewer("p1", "Dana Lee"),
        Interviewer("p2", "Ravi Shah", thanked_on=MON23),
    )
    refs = (ReferenceUse("r-sam"), ReferenceUse("r-kim", notified_on=MON23), ReferenceUse("x"))
    interview = make_interview(MON23, people=people, refs=refs)
    plan = follow_up_plan(interview, DEFAULTS, BOOK, MON30)
    assert plan.state is ActionState.DUE
    assert plan.open_earlier_steps == (
        "Thank-you to Dana Lee not sent yet",
        "Sam Ortiz not told about the call yet",
        "Unknown reference not told about the call yet",
    )


def test_closed_interview_has_no_follow_up():
    for outcome in Outcome:
        if outcome is Outcome.OPEN:
            continue
        interview = make_interview(MON23, outcome=outcome)
        plan = follow_up_plan(interview, DEFAULTS, BOOK, MON30)
        assert plan.state is ActionState.CLOSED
        assert (plan.due_on, plan.late_after, plan.decision_note) == (None, None, None)
        assert plan.open_earlier_steps == ()
        assert not plan.move_on
        assert plan.reason == f"Closed: {outcome.label}"
        assert follow_up_action(interview, DEFAULTS, BOOK, MON30) is None


def test_follow_up_action_mirrors_the_plan():
    interview = make_interview(MON23)
    plan = follow_up_plan(interview, DEFAULTS, BOOK, MON30)
    action = follow_up_action(interview, DEFAULTS, BOOK, MON30)
    assert action == Action(
        interview_id="i1",
        company="Acme",
        role="Engineer",
        step=Step.FOLLOW_UP,
        person=None,
        person_id=None,
        due_on=plan.due_on,
        late_after=plan.late_after,
        state=plan.state,
        done_on=None,
        reason=plan.reason,
    )
    assert action.pending


# --- actions_for -------------------------------------------------------------


def test_actions_for_lists_every_step_in_order():
    people = (Interviewer("p1", "Dana Lee"), Interviewer("p2", "Ravi Shah", thanked_on=THU26))
    refs = (ReferenceUse("r-sam"), ReferenceUse("r-kim"))
    actions = actions_for(make_interview(THU26, people=people, refs=refs), DEFAULTS, BOOK, FRI27)
    assert [(a.step, a.person) for a in actions] == [
        (Step.THANK, "Dana Lee"),
        (Step.THANK, "Ravi Shah"),
        (Step.REFERENCES, "Sam Ortiz"),
        (Step.REFERENCES, "Kim Park"),
        (Step.FOLLOW_UP, None),
    ]
    assert [a.state for a in actions] == [
        ActionState.DUE,
        ActionState.DONE,
        ActionState.DUE,
        ActionState.DUE,
        ActionState.WAITING,
    ]


def test_actions_for_a_closed_interview_has_nothing_pending_and_no_follow_up():
    actions = actions_for(make_interview(MON23, outcome=Outcome.OFFER), DEFAULTS, BOOK, MON30)
    assert [a.step for a in actions] == [Step.THANK, Step.REFERENCES]
    assert not any(a.pending for a in actions)


def test_actions_for_a_future_interview_are_all_waiting():
    actions = actions_for(make_interview(MON30), DEFAULTS, BOOK, FRI27)
    assert {a.state for a in actions} == {ActionState.WAITING}
    assert {a.reason for a in actions} == {"Interview is on Mon 30 Nov"}


def test_actions_are_frozen_values():
    (action,) = thank_actions(make_interview(), THU26)
    with pytest.raises(dataclasses.FrozenInstanceError):
        action.state = ActionState.DONE  # type: ignore[misc]
    built = Action(
        interview_id="i1",
        company="Acme",
        role="Engineer",
        step=Step.THANK,
        person="Dana Lee",
        person_id="p-dana",
        due_on=THU26,
        late_after=FRI27,
        state=ActionState.DUE,
        done_on=None,
        reason="Due today",
    )
    assert action == built
    assert hash(action) == hash(built)
    assert repr(action) == repr(built)
    assert dataclasses.replace(action, reason="x").reason == "x"


# --- badge -------------------------------------------------------------------


def test_badge_counts_late_actions():
    people = (Interviewer("p1", "Dana Lee"), Interviewer("p2", "Ravi Shah"))
    b = badge(make_interview(THU26, people=people), DEFAULTS, BOOK, MON30)
    assert (b.kind, b.text) == ("late", "3 late")


def test_badge_counts_late_and_due_together():
    # Thanks and reference late since Fri 20 Nov; the follow-up due today, Fri 27 Nov.
    b = badge(make_interview(dt.date(2026, 11, 20)), DEFAULTS, BOOK, FRI27)
    assert (b.kind, b.text) == ("late", "2 late, 1 due")


def test_badge_due():
    assert badge(make_interview(THU26, refs=()), DEFAULTS, BOOK, THU26).text == "due today"
    b = badge(make_interview(FRI27), DEFAULTS, BOOK, SAT28)
    assert (b.kind, b.text) == ("due", "2 due today")


def test_badge_waiting_for_the_follow_up():
    b = badge(all_done(THU26), DEFAULTS, BOOK, FRI27)
    assert (b.kind, b.text) == ("waiting", "wait to Thu 3 Dec")
    b = badge(all_done(TUE24, decision_by=FRI27), DEFAULTS, BOOK, SAT28)
    assert (b.kind, b.text) == ("waiting", "wait to Mon 30 Nov")


def test_badge_for_an_interview_ahead():
    b = badge(make_interview(MON30), DEFAULTS, BOOK, FRI27)
    assert (b.kind, b.text) == ("waiting", "interview Mon 30 Nov")


def test_badge_move_on():
    interview = all_done(dt.date(2026, 11, 2), follow_ups=(dt.date(2026, 11, 10), MON23))
    b = badge(interview, DEFAULTS, BOOK, MON30)
    assert (b.kind, b.text) == ("move_on", "move on")


@pytest.mark.parametrize("outcome", [o for o in Outcome if o is not Outcome.OPEN])
def test_badge_closed_fits(outcome):
    b = badge(make_interview(outcome=outcome), DEFAULTS, BOOK, MON30)
    assert b.kind == "closed"
    assert b.text.startswith("closed: ")
    assert len(b.text) <= 22
    assert badge(make_interview(outcome=Outcome.OFFER), DEFAULTS, BOOK, MON30).text == (
        "closed: offer"
    )


def test_badges_sort_by_what_needs_action_first():
    interviews = {
        "closed-old": make_interview(dt.date(2026, 10, 1), outcome=Outcome.REJECTED),
        "closed-new": make_interview(MON23, outcome=Outcome.OFFER),
        "move-on": all_done(dt.date(2026, 11, 2), follow_ups=(dt.date(2026, 11, 10), MON23)),
        "wait-later": all_done(MON30),
        "wait-sooner": all_done(TUE24, decision_by=MON30),
        "ahead": make_interview(WED02),
        "due-b": make_interview(FRI27, company="Beta"),
        "due-a": make_interview(FRI27, company="alpha"),
        "late-new": make_interview(THU26),
        "late-old": make_interview(dt.date(2026, 11, 16)),
    }
    badges = {
        name: badge(dataclasses.replace(iv, id=name), DEFAULTS, BOOK, MON30)
        for name, iv in interviews.items()
    }
    ordered = sorted(badges, key=lambda name: badges[name].sort_key)
    assert ordered == [
        "late-old",
        "late-new",
        "due-a",
        "due-b",
        "wait-sooner",
        "ahead",
        "wait-later",
        "move-on",
        "closed-new",
        "closed-old",
    ]
    kinds = [badges[name].kind for name in ordered]
    assert kinds == ["late"] * 2 + ["due"] * 2 + ["waiting"] * 3 + ["move_on"] + ["closed"] * 2


@settings(max_examples=100, deadline=None)
@given(
    st.integers(min_value=-20, max_value=40),
    st.integers(min_value=0, max_value=6),
    st.sampled_from(list(Outcome)),
)
def test_badge_text_is_always_short(offset, people, outcome):
    interview = make_interview(
        MON30 - dt.timedelta(days=offset),
        people=tuple(Interviewer(f"p{n}", f"P {n}") for n in range(people)),
        outcome=outcome,
    )
    assert len(badge(interview, DEFAULTS, BOOK, MON30).text) <= 22


# --- agenda and next_due -----------------------------------------------------


def test_agenda_lists_due_and_late_only_late_first_then_due_date_then_company():
    interviews = [
        make_interview(FRI27, id="due-zeta", company="Zeta"),
        make_interview(FRI27, id="due-acme", company="acme"),
        make_interview(THU26, id="late", company="Late Co"),
        make_interview(TUE01, id="ahead"),
        make_interview(THU26, id="closed", outcome=Outcome.WITHDRAWN),
        all_done(FRI27, id="done"),
        make_interview(dt.date(2026, 11, 16), id="late-old", refs=(ReferenceUse("r-kim"),)),
    ]
    actions = agenda(iter(interviews), DEFAULTS, BOOK, MON30)
    assert [(a.interview_id, a.step, a.state) for a in actions] == [
        ("late-old", Step.THANK, ActionState.LATE),
        ("late-old", Step.REFERENCES, ActionState.LATE),
        ("late-old", Step.FOLLOW_UP, ActionState.LATE),
        ("late", Step.THANK, ActionState.LATE),
        ("late", Step.REFERENCES, ActionState.LATE),
        ("due-acme", Step.THANK, ActionState.DUE),
        ("due-acme", Step.REFERENCES, ActionState.DUE),
        ("due-zeta", Step.THANK, ActionState.DUE),
        ("due-zeta", Step.REFERENCES, ActionState.DUE),
    ]
    assert all(a.pending for a in actions)


def test_agenda_puts_a_late_follow_up_before_a_due_thank_you():
    interviews = [make_interview(FRI27, id="new"), all_done(MON23 - dt.timedelta(7), id="old")]
    actions = agenda(interviews, DEFAULTS, BOOK, MON30)
    assert [(a.interview_id, a.state) for a in actions] == [
        ("old", ActionState.LATE),
        ("new", ActionState.DUE),
        ("new", ActionState.DUE),
    ]


def test_agenda_keeps_people_in_the_order_of_the_interview():
    people = tuple(Interviewer(f"p{n}", name) for n, name in enumerate(["Zed", "Amy", "Mo"]))
    actions = agenda([make_interview(THU26, people=people, refs=())], DEFAULTS, BOOK, THU26)
    assert [a.person for a in actions] == ["Zed", "Amy", "Mo"]


def test_agenda_is_empty_when_nothing_is_due():
    assert agenda([], DEFAULTS, BOOK, MON30) == []
    assert agenda([all_done(FRI27), make_interview(TUE01)], DEFAULTS, BOOK, MON30) == []


def test_agenda_survives_the_same_interview_twice():
    interview = make_interview(THU26)
    assert len(agenda([interview, interview], DEFAULTS, BOOK, MON30)) == 4


def test_next_due():
    assert next_due([], DEFAULTS, BOOK, MON30) is None
    interviews = [all_done(THU26), make_interview(WED02), make_interview(FRI27)]
    # The Thursday interview's follow-up (Thu 3 Dec) comes after the Wednesday interview.
    assert next_due(interviews, DEFAULTS, BOOK, MON30) == WED02
    assert next_due(interviews[:1], DEFAULTS, BOOK, MON30) == THU03


def test_next_due_after_a_decision_date():
    interviews = [all_done(TUE24, decision_by=FRI27)]
    assert next_due(interviews, DEFAULTS, BOOK, FRI27) == MON30
    assert next_due(interviews, DEFAULTS, BOOK, SAT28) == MON30
    # Due today is not "next".
    assert next_due(interviews, DEFAULTS, BOOK, MON30) is None


def test_next_due_ignores_closed_move_on_and_done():
    interviews = [
        make_interview(TUE01, outcome=Outcome.OFFER),
        all_done(dt.date(2026, 11, 2), follow_ups=(dt.date(2026, 11, 10), MON23)),
    ]
    assert next_due(interviews, DEFAULTS, BOOK, MON30) is None


# --- the fast paths agree with actions_for -------------------------------------

people_st = st.lists(
    st.builds(
        Interviewer,
        id=st.uuids().map(str),
        name=st.sampled_from(["Dana Lee", "Ravi Shah", "Mo"]),
        thanked_on=st.none() | st.dates(dt.date(2026, 11, 1), dt.date(2026, 12, 31)),
    ),
    max_size=3,
)
refs_st = st.lists(
    st.builds(
        ReferenceUse,
        reference_id=st.sampled_from(["r-sam", "r-kim", "gone"]),
        notified_on=st.none() | st.dates(dt.date(2026, 11, 1), dt.date(2026, 12, 31)),
    ),
    max_size=3,
)
interview_st = st.builds(
    make_interview,
    st.dates(dt.date(2026, 10, 15), dt.date(2026, 12, 15)),
    id=st.uuids().map(str),
    company=st.sampled_from(["Acme", "acme", "Beta", "Zeta"]),
    people=people_st.map(tuple),
    refs=refs_st.map(tuple),
    follow_ups=st.lists(st.dates(dt.date(2026, 11, 1), dt.date(2026, 12, 15)), max_size=3).map(
        tuple
    ),
    decision_by=st.none() | st.dates(dt.date(2026, 10, 15), dt.date(2026, 12, 31)),
    outcome=st.sampled_from([Outcome.OPEN, Outcome.OPEN, Outcome.OPEN, Outcome.OFFER]),
)
settings_st = st.builds(
    Settings,
    follow_up_wait=st.integers(0, 10),
    follow_up_gap=st.integers(0, 10),
    max_follow_ups=st.integers(0, 3),
)
today_st = st.dates(dt.date(2026, 10, 10), dt.date(2027, 1, 31))


@settings(max_examples=150, deadline=None)
@given(st.lists(interview_st, max_size=6), settings_st, today_st)
def test_agenda_badge_and_next_due_agree_with_actions_for(interviews, prefs, today):
    every = [a for iv in interviews for a in actions_for(iv, prefs, BOOK, today)]
    pending = [a for a in every if a.pending]
    assert sorted(map(repr, agenda(interviews, prefs, BOOK, today))) == sorted(map(repr, pending))

    waiting = [a.due_on for a in every if a.state is ActionState.WAITING]
    assert next_due(interviews, prefs, BOOK, today) == (min(waiting) if waiting else None)

    for interview in interviews:
        actions = actions_for(interview, prefs, BOOK, today)
        states = [a.state for a in actions]
        kind = badge(interview, prefs, BOOK, today).kind
        if not interview.is_open:
            assert kind == "closed"
            assert ActionState.DUE not in states and ActionState.LATE not in states
        elif ActionState.LATE in states:
            assert kind == "late"
        elif ActionState.DUE in states:
            assert kind == "due"
        elif ActionState.WAITING in states:
            assert kind == "waiting"
        else:
            assert kind == "move_on"
            assert follow_up_plan(interview, prefs, BOOK, today).move_on


@settings(max_examples=150, deadline=None)
@given(interview_st, settings_st, today_st)
def test_every_action_is_consistent_with_its_dates(interview, prefs, today):
    for action in actions_for(interview, prefs, BOOK, today):
        assert action.due_on <= action.late_after
        if action.state is ActionState.DONE:
            assert action.done_on is not None
            continue
        assert action.done_on is None
        if not interview.is_open:
            assert action.state is ActionState.CLOSED
        elif today < interview.date:
            assert action.state is ActionState.WAITING
        elif today < action.due_on:
            assert action.state is ActionState.WAITING
        elif today <= action.late_after:
            assert action.state is ActionState.DUE
        else:
            assert action.state is ActionState.LATE
        if action.step is Step.FOLLOW_UP and interview.decision_by is not None:
            assert action.due_on > interview.decision_by
            assert is_business_day(action.due_on)


@settings(max_examples=150, deadline=None)
@given(st.lists(interview_st, max_size=6), settings_st, today_st)
def test_a_summary_gives_the_same_badge_and_the_agendas_counts(interviews, prefs, today):
    # The list is built from summaries read straight from the file (Repository.index);
    # they must place and count each interview exactly as the whole interview does.
    late = due = 0
    for interview in interviews:
        summary = codec.interview_summary_from_doc(codec.interview_to_doc(interview))
        assert summary == InterviewSummary.of(interview)
        whole = badge(interview, prefs, BOOK, today)
        assert badge(summary, prefs, BOOK, today) == whole
        late, due = late + whole.late, due + whole.due
    listed = agenda(interviews, prefs, BOOK, today)
    assert late == sum(1 for a in listed if a.state is ActionState.LATE)
    assert due == sum(1 for a in listed if a.state is ActionState.DUE)


def test_agenda_is_sorted():
    interviews = [
        make_interview(MON23 + dt.timedelta(days=n % 9), id=f"i{n}", company=f"C{n % 4}")
        for n in range(40)
    ]
    actions = agenda(interviews, DEFAULTS, BOOK, MON30)
    keys = [(a.state is not ActionState.LATE, a.due_on, a.company.casefold()) for a in actions]
    assert keys == sorted(keys)


def test_follow_up_logged_before_an_interview_still_ahead_waits_for_the_interview():
    # Found by the property test above: with a zero wait and gap, a follow-up
    # logged on Sun 1 Nov made the next one due Mon 2 Nov for an interview on
    # Tue 3 Nov, so actions_for had it due while agenda (rightly) skipped it.
    prefs = Settings(follow_up_wait=0, follow_up_gap=0, max_follow_ups=2)
    today = dt.date(2026, 11, 2)
    past = [make_interview(dt.date(2026, 10, 15), id=f"i{n}", people=(), refs=()) for n in range(5)]
    ahead = make_interview(
        dt.date(2026, 11, 3), id="ahead", people=(), refs=(), follow_ups=(dt.date(2026, 11, 1),)
    )
    interviews = [*past, ahead]
    pending = [a for iv in interviews for a in actions_for(iv, prefs, BOOK, today) if a.pending]
    listed = agenda(interviews, prefs, BOOK, today)
    assert sorted(map(repr, listed)) == sorted(map(repr, pending))
    assert [a.interview_id for a in listed] == [f"i{n}" for n in range(5)]
    assert all(a.state is ActionState.LATE for a in listed)

    (follow_up,) = actions_for(ahead, prefs, BOOK, today)
    assert (follow_up.state, follow_up.due_on) == (ActionState.WAITING, dt.date(2026, 11, 3))
    assert follow_up.reason == "Interview is on Tue 3 Nov"
    assert badge(ahead, prefs, BOOK, today).kind == "waiting"
    assert next_due(interviews, prefs, BOOK, today) == dt.date(2026, 11, 3)
    # On the interview day it comes due like a first follow-up with no wait.
    assert follow_up_action(ahead, prefs, BOOK, dt.date(2026, 11, 3)).state is ActionState.DUE


def test_follow_up_logged_before_a_weekend_interview_waits_for_monday():
    interview = all_done(SAT28, follow_ups=(MON23,))
    plan = follow_up_plan(interview, Settings(follow_up_gap=0), BOOK, SAT28)
    assert (plan.state, plan.due_on) == (ActionState.WAITING, MON30)
    assert plan.reason == "Next follow-up on Mon 30 Nov, once the interview has taken place."


# --- purity --------------------------------------------------------


def test_what_comes_due_next_from_summaries_is_the_same_as_from_whole_interviews(
        repo, mixed_data) -> None:
    """`followup today` and the Today view name the next action from the summaries,
    reading no interview in full."""
    from store.schedule import next_action

    index, book = repo.index(), repo.book()
    settings_ = repo.settings()
    named = 0
    for offset in range(-10, 40):
        day = dt.date(2026, 11, 26) + dt.timedelta(days=offset)
        whole = next_action(repo.interviews(), settings_, book, day)
        assert next_action(index.summaries, settings_, book, day) == whole
        assert repo.next_action(day) == whole
        named += whole is not None
    assert named
