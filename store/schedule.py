"""When each step after an interview is due, and how to say so.

Pure functions over the frozen models: `today` is always passed in and nothing
here reads the clock, so every rule can be tested with fixed dates.

Business days are Monday to Friday; holidays are not taken into account.

The rules:

* Thank-you: one action per interviewer, due on the interview date, on time
  through the next business day, late after that.
* References: one action per reference listed on the interview, same timing;
  for a further round (round 2 on) the heads-up goes before the interview:
  due two business days before it (on time through the business day after).
* Follow-up: due the first business day after the decision date when the
  employer gave one, otherwise `settings.follow_up_wait` business days after
  the interview. A reply from the employer starts again: its new decision
  date holds the follow-up back the same way, and without one (or with the
  decision date already past) the wait counts from the reply; only the
  follow-ups after the reply count toward the limit. Each later one
  `settings.follow_up_gap` business days after
  the last (never before the decision date allows), up to
  `settings.max_follow_ups`, after which it is time to move on; never
  before the interview day, even when one was logged before it. On time
  through `FOLLOW_UP_GRACE` business days after its due date.
* An interview whose outcome is not open has nothing pending; one still ahead
  has everything waiting.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
from itertools import compress
from operator import itemgetter

from store.dates import format_day
from store.frozen import Frozen, set_field
from store.models import (
    Interview,
    InterviewSummary,
    Outcome,
    Reference,
    Settings,
    Step,
    ThankChannel,
    ordinal,
)

TYPE_CHECKING = False  # (typing itself is not loaded to run: `followup today` starts without it)
if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "FOLLOW_UP_GRACE",
    "Action",
    "ActionState",
    "Badge",
    "FollowUpPlan",
    "ROW_STEPS",
    "actions_for",
    "add_business_days",
    "agenda",
    "agenda_entry",
    "agenda_spans",
    "badge",
    "business_days_between",
    "day_spans",
    "describe_next",
    "due_days",
    "entry_days",
    "follow_up_action",
    "follow_up_plan",
    "format_day",
    "is_business_day",
    "next_business_day",
    "next_action",
    "next_due",
    "pick_due",
    "reference_actions",
    "span_actions",
    "thank_actions",
    "unreferenced",
    "what_happened",
]


# Business days after its due date that a follow-up still counts as on time.
FOLLOW_UP_GRACE = 2


class ActionState(StrEnum):
    WAITING = "waiting"  # not due yet
    DUE = "due"  # due and still on time
    LATE = "late"  # past the last on-time day
    DONE = "done"
    CLOSED = "closed"  # the interview has an outcome; nothing left to do
    MOVE_ON = "move_on"  # every follow-up was sent without an answer


class Action(Frozen):
    """One thing to do for one interview, and where it stands on `today`."""

    __slots__ = ("interview_id", "company", "role", "step", "person", "person_id", "due_on",
                 "late_after", "state", "done_on", "reason")

    interview_id: str
    company: str
    role: str
    step: Step
    person: str | None  # interviewer or reference name; None for a follow-up
    person_id: str | None  # Interviewer.id or Reference.id; None for a follow-up
    due_on: dt.date
    late_after: dt.date  # the last day that still counts as on time
    state: ActionState
    done_on: dt.date | None
    reason: str  # one sentence for the user explaining the state

    def __init__(self, interview_id: str, company: str, role: str, step: Step, person: str | None,
                 person_id: str | None, due_on: dt.date, late_after: dt.date, state: ActionState,
                 done_on: dt.date | None, reason: str) -> None:
        set_field(self, "interview_id", interview_id)
        set_field(self, "company", company)
        set_field(self, "role", role)
        set_field(self, "step", step)
        set_field(self, "person", person)
        set_field(self, "person_id", person_id)
        set_field(self, "due_on", due_on)
        set_field(self, "late_after", late_after)
        set_field(self, "state", state)
        set_field(self, "done_on", done_on)
        set_field(self, "reason", reason)

    @property
    def pending(self) -> bool:
        return self.state is ActionState.DUE or self.state is ActionState.LATE


class FollowUpPlan(Frozen):
    """The next follow-up: when, why then, and what is still open before it."""

    __slots__ = ("number", "due_on", "late_after", "state", "reason", "decision_note",
                 "open_earlier_steps", "move_on")

    number: int  # which follow-up comes next, 1-based
    due_on: dt.date | None  # None when closed or time to move on
    late_after: dt.date | None
    state: ActionState
    reason: str
    # "Don't follow up before ...", while a decision date holds the follow-up back.
    decision_note: str | None
    open_earlier_steps: tuple[str, ...]  # thank-yous and references still to do
    move_on: bool

    def __init__(self, number: int, due_on: dt.date | None, late_after: dt.date | None,
                 state: ActionState, reason: str, decision_note: str | None,
                 open_earlier_steps: tuple[str, ...], move_on: bool) -> None:
        set_field(self, "number", number)
        set_field(self, "due_on", due_on)
        set_field(self, "late_after", late_after)
        set_field(self, "state", state)
        set_field(self, "reason", reason)
        set_field(self, "decision_note", decision_note)
        set_field(self, "open_earlier_steps", open_earlier_steps)
        set_field(self, "move_on", move_on)


class Badge(Frozen):
    """The one-line status of an interview in the list."""

    __slots__ = ("kind", "text", "sort_key", "late", "due")

    kind: ActionState  # never DONE (see `badge`)
    text: str  # at most 22 characters
    sort_key: tuple[Any, ...]  # late, due, waiting (by date), move_on, done, closed
    # How many of the interview's actions `agenda` lists today, late and due.
    late: int
    due: int

    def __init__(self, kind: ActionState, text: str, sort_key: tuple[Any, ...], late: int = 0,
                 due: int = 0) -> None:
        set_field(self, "kind", kind)
        set_field(self, "text", text)
        set_field(self, "sort_key", sort_key)
        set_field(self, "late", late)
        set_field(self, "due", due)


# --- business days -----------------------------------------------------------

def is_business_day(d: dt.date) -> bool:
    return d.weekday() < 5


def next_business_day(d: dt.date) -> dt.date:
    """The first business day strictly after `d`."""
    weekday = d.weekday()
    return d + dt.timedelta(days=3 if weekday == 4 else 2 if weekday == 5 else 1)


def add_business_days(d: dt.date, n: int) -> dt.date:
    """The `n`th business day after `d` (before it when `n` is negative).

    `n == 0` gives `d` itself when it is a business day, else the next one.
    """
    weekday = d.weekday()
    if n == 0:
        return d if weekday < 5 else next_business_day(d)
    if n > 0:
        if weekday > 4:  # counting from a weekend is counting from its Friday
            d -= dt.timedelta(days=weekday - 4)
            weekday = 4
        weeks, rest = divmod(n, 5)
        days = weeks * 7 + rest + (2 if weekday + rest > 4 else 0)
        return d + dt.timedelta(days=days)
    if weekday > 4:  # counting back from a weekend is counting back from its Monday
        d += dt.timedelta(days=7 - weekday)
        weekday = 0
    weeks, rest = divmod(-n, 5)
    days = weeks * 7 + rest + (2 if weekday - rest < 0 else 0)
    return d - dt.timedelta(days=days)


def _business_days_through(d: dt.date) -> int:
    """Business days from Mon 1 Jan 0001 up to and including `d`."""
    weeks, weekday = divmod(d.toordinal() - 1, 7)
    return weeks * 5 + min(weekday + 1, 5)


def business_days_between(a: dt.date, b: dt.date) -> int:
    """Business days after `a` up to and including `b`; negative when `b` is before `a`.

    Thu 26 Nov to Mon 30 Nov is 2 (Fri and Mon), so that
    `business_days_between(a, add_business_days(a, n)) == n` for `n >= 0`.
    """
    return _business_days_through(b) - _business_days_through(a)


# --- sentences ---------------------------------------------------------------


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


_THANKED_VIA = {
    ThankChannel.EMAIL: " by email",
    ThankChannel.CARD: " with a card",
    ThankChannel.CALL: " by phone",
}

# Outcome labels short enough for a badge ("closed: " + label <= 22 characters).
_SHORT_OUTCOME = {Outcome.SECOND_INTERVIEW: "2nd interview"}


def _window_state(due_on: dt.date, late_after: dt.date, today: dt.date) -> ActionState:
    if today < due_on:
        return ActionState.WAITING
    if today <= late_after:
        return ActionState.DUE
    return ActionState.LATE


def _pending_reason(
    state: ActionState, due_on: dt.date, late_after: dt.date, today: dt.date
) -> str:
    if state is ActionState.LATE:
        ago = _plural(business_days_between(due_on, today), "business day")
        return f"Late: due {format_day(due_on)}, {ago} ago"
    if today == due_on:
        return "Due today"
    if today == late_after:
        return "Due today, the last day to be on time"
    return f"Due by {format_day(late_after)}"


def _interview_ahead(interview: Interview | InterviewSummary) -> str:
    return f"Interview is on {format_day(interview.date)}"


def what_happened(interview: Interview) -> str:
    """What happened, in the steps' words: `Offer on Thu 3 Dec`, or `Closed: offer` when
    the day was not kept."""
    if interview.outcome_on is not None:
        return f"{interview.outcome.heading} on {format_day(interview.outcome_on)}"
    return f"Closed: {interview.outcome.label}"


def _closed_reason(interview: Interview | InterviewSummary) -> str:
    # A summary does not keep the outcome's day (none of its callers asks this of a
    # closed one: the agenda and the next action leave closed interviews out).
    if isinstance(interview, InterviewSummary):
        return f"Closed: {interview.outcome.label}"
    return what_happened(interview)


def _reference_name(book: Mapping[str, Reference], reference_id: str) -> str:
    reference = book.get(reference_id)
    return reference.name if reference is not None else "Unknown reference"


# --- building actions ----------------------------------------------------------

# Through its frozen __init__ an Action costs one object.__setattr__
# per field, about 2.5 µs, and the agenda can hold tens of thousands of them.
# Inside this module they are built by filling the slots directly: the same
# value, equal to and hashing like one built the usual way.
_new_object = object.__new__
(
    _set_interview_id,
    _set_company,
    _set_role,
    _set_step,
    _set_person,
    _set_person_id,
    _set_due_on,
    _set_late_after,
    _set_state,
    _set_done_on,
    _set_reason,
) = (getattr(Action, name).__set__ for name in Action._field_names)


def _action(
    interview: Interview | InterviewSummary,
    step: Step,
    person: str | None,
    person_id: str | None,
    due_on: dt.date,
    late_after: dt.date,
    state: ActionState,
    done_on: dt.date | None,
    reason: str,
) -> Action:
    action = _new_object(Action)
    _set_interview_id(action, interview.id)
    _set_company(action, interview.company)
    _set_role(action, interview.role)
    _set_step(action, step)
    _set_person(action, person)
    _set_person_id(action, person_id)
    _set_due_on(action, due_on)
    _set_late_after(action, late_after)
    _set_state(action, state)
    _set_done_on(action, done_on)
    _set_reason(action, reason)
    return action


# --- thank-yous and references -------------------------------------------------


_Timing = tuple[dt.date, dt.date, ActionState, str]


def _step_timing(interview: Interview | InterviewSummary, today: dt.date) -> _Timing:
    """The due day, the last on-time day, and the state and reason of every thank-you
    not done (and of every reference heads-up of a first round).

    Due on the interview day and on time through the next business day.
    """
    late_after = next_business_day(interview.date)
    if not interview.is_open:
        return interview.date, late_after, ActionState.CLOSED, _closed_reason(interview)
    if today < interview.date:
        return interview.date, late_after, ActionState.WAITING, _interview_ahead(interview)
    state = ActionState.DUE if today <= late_after else ActionState.LATE
    return (interview.date, late_after, state,
            _pending_reason(state, interview.date, late_after, today))


def reference_window(date: dt.date, round_: int) -> tuple[dt.date, dt.date]:
    """(due_on, late_after) of a reference heads-up for an interview on `date`: after a
    first interview, as the thank-yous; for a further round, due two business days
    before it, so that the references hear of it before the employer calls them again
    (still on time, like a first round's, through the business day after it)."""
    if round_ >= 2:
        return add_business_days(date, -2), next_business_day(date)
    return date, next_business_day(date)


def _reference_timing(interview: Interview | InterviewSummary, today: dt.date) -> _Timing:
    if interview.round < 2:
        return _step_timing(interview, today)
    due_on, late_after = reference_window(interview.date, interview.round)
    if not interview.is_open:
        return due_on, late_after, ActionState.CLOSED, _closed_reason(interview)
    state = _window_state(due_on, late_after, today)
    if state is ActionState.WAITING:
        reason = (f"Brief them from {format_day(due_on)}, before the "
                  f"{ordinal(interview.round)} interview on {format_day(interview.date)}")
    else:
        reason = _pending_reason(state, due_on, late_after, today)
    return due_on, late_after, state, reason


def _thank_actions(
    interview: Interview,
    timing: _Timing,
    pending_only: bool,
) -> list[Action]:
    due_on, late_after, open_state, open_reason = timing
    actions = []
    for person in interview.interviewers:
        if person.thanked_on is None:
            state, reason = open_state, open_reason
        elif pending_only:
            continue
        else:
            via = _THANKED_VIA.get(person.thanked_via, "") if person.thanked_via else ""
            state, reason = ActionState.DONE, f"Thanked {format_day(person.thanked_on)}{via}"
        actions.append(
            _action(
                interview,
                Step.THANK,
                person.name,
                person.id,
                due_on,
                late_after,
                state,
                person.thanked_on,
                reason,
            )
        )
    return actions


def _reference_actions(
    interview: Interview,
    book: Mapping[str, Reference],
    timing: _Timing,
    pending_only: bool,
) -> list[Action]:
    due_on, late_after, open_state, open_reason = timing
    actions = []
    for use in interview.references:
        if use.notified_on is None:
            state, reason = open_state, open_reason
        elif pending_only:
            continue
        else:
            state, reason = ActionState.DONE, f"Told {format_day(use.notified_on)}"
            if use.called:
                reason += "; the employer has called them"
        actions.append(
            _action(
                interview,
                Step.REFERENCES,
                _reference_name(book, use.reference_id),
                use.reference_id,
                due_on,
                late_after,
                state,
                use.notified_on,
                reason,
            )
        )
    return actions


def thank_actions(interview: Interview, today: dt.date) -> list[Action]:
    """One thank-you per interviewer, in the interview's order."""
    return _thank_actions(interview, _step_timing(interview, today), pending_only=False)


def reference_actions(
    interview: Interview, book: Mapping[str, Reference], today: dt.date
) -> list[Action]:
    """One "tell them to expect a call" per reference listed on the interview, in its order.

    A reference missing from the book is named "Unknown reference".
    """
    timing = _reference_timing(interview, today)
    return _reference_actions(interview, book, timing, pending_only=False)


def _open_people(interview: Interview) -> int:
    """How many thank-yous and references are not done yet."""
    count = 0
    for person in interview.interviewers:
        if person.thanked_on is None:
            count += 1
    for use in interview.references:
        if use.notified_on is None:
            count += 1
    return count


def _people_and_follow_ups(
    interview: Interview | InterviewSummary,
) -> tuple[int, tuple[dt.date, ...]]:
    """How many thank-yous and references are not done yet, and the days follow-ups
    were sent, from a whole interview or its summary alike."""
    if isinstance(interview, InterviewSummary):
        return interview.open_people, interview.follow_up_dates
    return _open_people(interview), tuple(f.on for f in interview.follow_ups_since_reply)


def _people_windows(
    interview: Interview | InterviewSummary,
) -> list[tuple[int, dt.date, dt.date]]:
    """(how many, due_on, late_after) of the thank-yous and heads-ups not done yet: one
    window for a first round, the heads-ups apart (before the interview) for a further one."""
    people, _ = _people_and_follow_ups(interview)
    if interview.round < 2:
        return [(people, interview.date, next_business_day(interview.date))] if people else []
    if isinstance(interview, InterviewSummary):
        refs = interview.open_references
    else:
        refs = sum(1 for u in interview.references if u.notified_on is None)
    windows = []
    if people - refs:
        windows.append((people - refs, interview.date, next_business_day(interview.date)))
    if refs:
        windows.append((refs, *reference_window(interview.date, interview.round)))
    return windows


def _follow_up_dates(interview: Interview | InterviewSummary) -> tuple[dt.date, ...]:
    """The days of the follow-ups that count toward the next one (those since the last
    reply), from a whole interview or its summary alike."""
    if isinstance(interview, InterviewSummary):
        return interview.follow_up_dates
    return tuple(f.on for f in interview.follow_ups_since_reply)


def _waiting_people(
    interview: Interview | InterviewSummary,
) -> tuple[list[tuple[str, str]], tuple[str, ...]]:
    """(id, name) of the interviewers not thanked yet, and the book ids of the references
    not told yet, in the interview's order, from a whole interview or its summary alike.
    For an open interview."""
    if isinstance(interview, InterviewSummary):
        return list(zip(interview.thank_ids, interview.thank_names, strict=True)), \
            interview.brief_ids
    return ([(p.id, p.name) for p in interview.interviewers if p.thanked_on is None],
            tuple(u.reference_id for u in interview.references if u.notified_on is None))


def _replied_on(interview: Interview | InterviewSummary) -> dt.date | None:
    if isinstance(interview, InterviewSummary):
        return interview.replied_on
    reply = interview.last_reply
    return reply.on if reply else None


# --- follow-up ---------------------------------------------------------------


def _follow_up_due(
    interview: Interview | InterviewSummary, settings: Settings
) -> tuple[dt.date, str]:
    """When the next follow-up is due, and which rule set the date.

    The rule is "decision", "wait" (after the interview), "gap" (after the last
    follow-up) or "interview" (the gap would end before the interview day).
    Only meaningful while fewer than `max_follow_ups` were logged.
    """
    sent = _follow_up_dates(interview)
    last = max(sent) if sent else None
    return _next_follow_up(interview.date, interview.decision_by, last, settings,
                           _replied_on(interview))


def _next_follow_up(
    date: dt.date, decision_by: dt.date | None, last: dt.date | None, settings: Settings,
    replied_on: dt.date | None = None,
) -> tuple[dt.date, str]:
    """`_follow_up_due` from the dates alone: the interview's, the decision's, the last
    follow-up since the reply (None before the first) and the last reply's."""
    if replied_on is not None and replied_on >= date and last is None:
        # They answered: a decision date still ahead of the reply holds the follow-up
        # back; otherwise the wait starts again from the reply.
        if decision_by is not None and decision_by >= replied_on:
            return next_business_day(decision_by), "decision"
        return add_business_days(replied_on, max(settings.follow_up_wait, 0)), "reply"
    if last is not None:
        due_on = add_business_days(last, max(settings.follow_up_gap, 0))
        rule = "gap"
        if due_on < date:
            # A follow-up logged before the interview is a typo or from an
            # earlier round; never ask before the interview has taken place, so
            # that one still ahead has everything waiting.
            due_on, rule = add_business_days(date, 0), "interview"
        if decision_by is not None:
            hold = next_business_day(decision_by)
            if hold > due_on:
                return hold, "decision"
        return due_on, rule
    if decision_by is not None:
        # A decision date before the interview is a typo; never ask before the day after.
        hold = max(next_business_day(decision_by), next_business_day(date))
        return hold, "decision"
    return add_business_days(date, max(settings.follow_up_wait, 0)), "wait"


def _follow_up_window(interview: Interview, settings: Settings) -> tuple[dt.date, dt.date] | None:
    """(due_on, late_after) of the next follow-up; None when it is time to move on."""
    if len(interview.follow_ups_since_reply) >= settings.max_follow_ups:
        return None
    due_on, _ = _follow_up_due(interview, settings)
    return due_on, add_business_days(due_on, FOLLOW_UP_GRACE)


def _decision_note(interview: Interview | InterviewSummary, hold: dt.date) -> str:
    assert interview.decision_by is not None
    return (
        f"Don't follow up before {format_day(hold)}: "
        f"they said they'd decide by {format_day(interview.decision_by)}."
    )


def _open_earlier_steps(interview: Interview, book: Mapping[str, Reference]) -> tuple[str, ...]:
    steps = [
        f"Thank-you to {person.name} not sent yet"
        for person in interview.interviewers
        if person.thanked_on is None
    ]
    steps += [
        f"{_reference_name(book, use.reference_id)} not told about the call yet"
        for use in interview.references
        if use.notified_on is None
    ]
    return tuple(steps)


def _move_on_reason(sent: int) -> str:
    if sent == 0:
        return 'No follow-ups to send: time to move on. Record the outcome as "no answer".'
    return (
        f"{_plural(sent, 'follow-up')} sent with no answer: time to move on. "
        'Record the outcome as "no answer".'
    )


def _follow_up_timing(
    interview: Interview | InterviewSummary, settings: Settings, today: dt.date
) -> tuple[dt.date, dt.date, ActionState, str, str | None]:
    """(due_on, late_after, state, reason, decision note) of the next follow-up.

    For an open interview with fewer than `max_follow_ups` logged.
    """
    due_on, rule = _follow_up_due(interview, settings)
    late_after = add_business_days(due_on, FOLLOW_UP_GRACE)
    state = _window_state(due_on, late_after, today)
    note = _decision_note(interview, due_on) if rule == "decision" and today < due_on else None
    if state is not ActionState.WAITING:
        reason = _pending_reason(state, due_on, late_after, today)
    elif today < interview.date:
        reason = _interview_ahead(interview)
    elif note is not None:
        reason = note
    elif rule == "wait":
        wait = _plural(max(settings.follow_up_wait, 0), "business day")
        reason = f"Follow up on {format_day(due_on)}, {wait} after the interview."
    elif rule == "reply":
        wait = _plural(max(settings.follow_up_wait, 0), "business day")
        replied = _replied_on(interview)
        assert replied is not None
        reason = (f"Follow up on {format_day(due_on)}, {wait} after their reply on "
                  f"{format_day(replied)}.")
    elif rule == "interview":
        reason = f"Next follow-up on {format_day(due_on)}, once the interview has taken place."
    else:
        last = max(_follow_up_dates(interview))
        gap = _plural(max(settings.follow_up_gap, 0), "business day")
        reason = (
            f"Next follow-up on {format_day(due_on)}, "
            f"{gap} after the last one on {format_day(last)}."
        )
    return due_on, late_after, state, reason, note


def follow_up_plan(
    interview: Interview, settings: Settings, book: Mapping[str, Reference], today: dt.date
) -> FollowUpPlan:
    """The next follow-up: when, why then, and what is still open from the earlier steps."""
    sent = len(interview.follow_ups_since_reply)
    number = sent + 1
    if not interview.is_open:
        return FollowUpPlan(
            number, None, None, ActionState.CLOSED, _closed_reason(interview), None, (), False
        )
    open_steps = _open_earlier_steps(interview, book)
    if sent >= settings.max_follow_ups:
        return FollowUpPlan(
            number, None, None, ActionState.MOVE_ON, _move_on_reason(sent), None, open_steps, True
        )
    due_on, late_after, state, reason, note = _follow_up_timing(interview, settings, today)
    return FollowUpPlan(number, due_on, late_after, state, reason, note, open_steps, False)


def _follow_up_action(
    interview: Interview | InterviewSummary, settings: Settings, today: dt.date
) -> Action | None:
    if not interview.is_open or len(_follow_up_dates(interview)) >= settings.max_follow_ups:
        return None
    due_on, late_after, state, reason, _ = _follow_up_timing(interview, settings, today)
    return _action(interview, Step.FOLLOW_UP, None, None, due_on, late_after, state, None, reason)


def follow_up_action(
    interview: Interview, settings: Settings, book: Mapping[str, Reference], today: dt.date
) -> Action | None:
    """The next follow-up as an action; None when closed or when it is time to move on."""
    return _follow_up_action(interview, settings, today)


# --- the whole interview, and all of them ---------------------------------------


def actions_for(
    interview: Interview, settings: Settings, book: Mapping[str, Reference], today: dt.date
) -> list[Action]:
    """Every action of the interview, in any state, in step order.

    On a closed interview, thank-yous and references already done stay DONE and
    the rest are CLOSED; there is no follow-up action.
    """
    actions = _thank_actions(interview, _step_timing(interview, today), pending_only=False)
    actions += _reference_actions(interview, book, _reference_timing(interview, today),
                                  pending_only=False)
    follow_up = _follow_up_action(interview, settings, today)
    if follow_up is not None:
        actions.append(follow_up)
    return actions


# Each company's casefolded name, once for all its interviews (the list keeps a sort
# key per interview: at ten thousand, half a megabyte of copies otherwise). Started
# afresh past a few thousand names.
_FOLDED: dict[str, str] = {}


def _folded(text: str) -> str:
    folded = _FOLDED.get(text)
    if folded is None:
        if len(_FOLDED) > 8192:
            _FOLDED.clear()
        folded = _FOLDED[text] = text.casefold()
    return folded


def badge(
    interview: Interview | InterviewSummary,
    settings: Settings,
    book: Mapping[str, Reference],
    today: dt.date,
) -> Badge:
    """The interview's one-line status for the list, and where it sorts.

    The sort key puts late first (oldest due date first), then due (nearest
    deadline first), then waiting (soonest first), move on, and closed (most
    recent interview first); ties go by company, then interview id. A summary
    (`Repository.index`) gives the same badge as the whole interview.
    """
    tie = (_folded(interview.company), interview.id)
    if not interview.is_open:
        label = _SHORT_OUTCOME.get(interview.outcome, interview.outcome.label)
        return Badge(ActionState.CLOSED, f"closed: {label}", (5, -interview.date.toordinal(), *tie))
    people, dates = _people_and_follow_ups(interview)
    late = due = 0
    oldest_late: dt.date | None = None
    deadline: dt.date | None = None
    waiting: dt.date | None = None
    for count, due_on, late_after in _people_windows(interview) if people else ():
        state = _window_state(due_on, late_after, today)
        if state is ActionState.LATE:
            late += count
            oldest_late = due_on if oldest_late is None else min(oldest_late, due_on)
        elif state is ActionState.DUE:
            due += count
            deadline = late_after if deadline is None else min(deadline, late_after)
        else:
            waiting = due_on if waiting is None else min(waiting, due_on)
    if len(dates) < settings.max_follow_ups:
        due_on, _ = _next_follow_up(interview.date, interview.decision_by,
                                    max(dates) if dates else None, settings,
                                    _replied_on(interview))
        late_after = add_business_days(due_on, FOLLOW_UP_GRACE)
        state = _window_state(due_on, late_after, today)
        if state is ActionState.LATE:
            late += 1
            oldest_late = due_on if oldest_late is None else min(oldest_late, due_on)
        elif state is ActionState.DUE:
            due += 1
            deadline = late_after if deadline is None else min(deadline, late_after)
        else:
            waiting = due_on if waiting is None else min(waiting, due_on)
    if oldest_late is not None:
        text = f"{late} late, {due} due" if due else f"{late} late"
        return Badge(ActionState.LATE, text, (0, oldest_late.toordinal(), *tie), late, due)
    if deadline is not None:
        text = "due today" if due == 1 else f"{due} due today"
        return Badge(ActionState.DUE, text, (1, deadline.toordinal(), *tie), late, due)
    if waiting is not None:
        if today < interview.date:
            text = f"interview {format_day(interview.date)}"
        else:
            text = f"wait to {format_day(waiting)}"
        return Badge(ActionState.WAITING, text, (2, waiting.toordinal(), *tie))
    # Nothing late, due or waiting: every follow-up was sent. (An open interview
    # always has a next follow-up or this, so "done" (rank 4) is never given.)
    return Badge(ActionState.MOVE_ON, "move on", (3, interview.date.toordinal(), *tie))


def agenda(
    interviews: Iterable[Interview | InterviewSummary],
    settings: Settings,
    book: Mapping[str, Reference],
    today: dt.date,
) -> list[Action]:
    """Every due or late action of the interviews: late first, then by due date, then company.

    Within one interview: thank-yous, references, then the follow-up, people in
    the order the interview lists them. Summaries (`Repository.index`) give the
    same list as the whole interviews: the agenda needs nothing more of one
    (`Repository.agenda_for` reads no interview in full).
    """
    # Sort groups of actions that share a key (an interview's thank-yous and
    # references all do) rather than each action: fewer keys to build and compare.
    groups: list[tuple[tuple[Any, ...], list[Action]]] = []
    # Thousands of actions fall in a few hundred windows: each window's state and
    # sentence are worked out once.
    windows: dict[tuple[dt.date, dt.date], tuple[ActionState, str]] = {}

    def window(due_on: dt.date, late_after: dt.date) -> tuple[ActionState, str]:
        found = windows.get((due_on, late_after))
        if found is None:
            state = _window_state(due_on, late_after, today)
            reason = ("" if state is ActionState.WAITING
                      else _pending_reason(state, due_on, late_after, today))
            found = windows[due_on, late_after] = (state, reason)
        return found

    # And on a few hundred interview days: each day's windows are worked out once.
    days: dict[tuple[dt.date, int], tuple[tuple[dt.date, dt.date], tuple[dt.date, dt.date]]] = {}
    # As are the follow-ups' due days, from the same few dates.
    follow_ups: dict[tuple[Any, ...], tuple[dt.date, dt.date]] = {}
    waiting, late_state = ActionState.WAITING, ActionState.LATE
    room = settings.max_follow_ups
    thank_step, brief_step, follow_up_step = Step.THANK, Step.REFERENCES, Step.FOLLOW_UP
    new = _new_object

    for seq, interview in enumerate(interviews):
        # Closed interviews have nothing pending; one still ahead only the heads-ups
        # before a further round.
        date, round_ = interview.date, interview.round
        if not interview.is_open or (today < date and round_ < 2):
            continue
        company = interview.company.casefold()
        interview_id, shown_company, role = interview.id, interview.company, interview.role
        thanks, briefs = _waiting_people(interview)
        found = days.get((date, round_))
        if found is None:
            found = days[date, round_] = ((date, next_business_day(date)),
                                          reference_window(date, round_))
        thank_window, brief_window = found
        people: list[Action] = []
        late = False
        first: dt.date | None = None
        for step, window_of in ((thank_step, thank_window), (brief_step, brief_window)):
            if not (thanks if step is thank_step else briefs):
                continue
            due_on, late_after = window_of
            state, reason = window(due_on, late_after)
            if state is waiting:
                continue
            late = late or state is late_state
            if first is None or due_on < first:
                first = due_on
            who = thanks if step is thank_step else [
                (ref_id, _reference_name(book, ref_id)) for ref_id in briefs]
            for person_id, name in who:
                action = new(Action)
                _set_interview_id(action, interview_id)
                _set_company(action, shown_company)
                _set_role(action, role)
                _set_step(action, step)
                _set_person(action, name)
                _set_person_id(action, person_id)
                _set_due_on(action, due_on)
                _set_late_after(action, late_after)
                _set_state(action, state)
                _set_done_on(action, None)
                _set_reason(action, reason)
                people.append(action)
        if people:
            groups.append(((not late, first, company, interview_id, seq, 0), people))
        dates = _follow_up_dates(interview)
        if len(dates) < room:
            last = max(dates) if dates else None
            replied_on = _replied_on(interview)
            decision_by = interview.decision_by
            timing = follow_ups.get((date, decision_by, last, replied_on))
            if timing is None:
                due_on, _ = _next_follow_up(date, decision_by, last, settings, replied_on)
                timing = follow_ups[date, decision_by, last, replied_on] = (
                    due_on, add_business_days(due_on, FOLLOW_UP_GRACE))
            due_on, late_after = timing
            if due_on <= today:
                state, reason = window(due_on, late_after)
                follow_up = _action(interview, follow_up_step, None, None, due_on, late_after,
                                    state, None, reason)
                key = (state is not late_state, due_on, company, interview_id, seq, 1)
                groups.append((key, [follow_up]))
    groups.sort(key=itemgetter(0))
    return [action for _, actions in groups for action in actions]
def next_due(
    interviews: Iterable[Interview],
    settings: Settings,
    book: Mapping[str, Reference],
    today: dt.date,
) -> dt.date | None:
    """The earliest day after `today` when a waiting action becomes due, if any."""
    earliest: dt.date | None = None
    for interview in interviews:
        if not interview.is_open:
            continue
        for _, due_on, _ in _people_windows(interview):
            if today < due_on and (earliest is None or due_on < earliest):
                earliest = due_on
        window = _follow_up_window(interview, settings)
        if window is not None and today < window[0]:
            if earliest is None or window[0] < earliest:
                earliest = window[0]
    return earliest


def due_days(interview: Interview | InterviewSummary, settings: Settings) -> tuple[dt.date, ...]:
    """The days the interview's actions come due, earliest first, each once; () for a
    closed interview. Whatever `agenda` lists of it on a day came due on one of these
    by then, and the action `next_action` finds after a day is due on the first of
    these after it: the summary index keeps them, so that `followup today` reads only
    the interviews that can have something to say on the day asked (see `pick_due`).
    """
    if not interview.is_open:
        return ()
    days = {due_on for _, due_on, _ in _people_windows(interview)}
    dates = _follow_up_dates(interview)
    if len(dates) < settings.max_follow_ups:
        due_on, _ = _next_follow_up(interview.date, interview.decision_by,
                                    max(dates) if dates else None, settings,
                                    _replied_on(interview))
        days.add(due_on)
    return tuple(sorted(days))


def pick_due(due: Iterable[Sequence[int]], day: int) -> list[bool]:
    """Of interviews whose `due_days` (as ordinals) are `due`, those `agenda` and
    `next_action` need on the day of ordinal `day`: each with something come due by
    then, and each with something coming due on the first day after it that anything
    does. The others give neither an action nor the next one."""
    due = list(due)
    upcoming = min((d for days in due for d in days if d > day), default=None)
    return [bool(days) and (days[0] <= day or upcoming in days) for days in due]


# --- the day's agenda from the summary index ----------------------------------------
#
# `followup today` prints tens of thousands of actions and the Today view draws its
# first screenful before anything else: both start from what the summary index keeps
# of each open interview, its `agenda_entry` (the same on any day), and make the day's
# agenda from those (`agenda_spans`): plain tuples, one per step of an interview come
# due, rather than an `Action` per person.

# The steps of an agenda's span, in the order an interview's come.
ROW_STEPS = (Step.THANK, Step.REFERENCES, Step.FOLLOW_UP)

if TYPE_CHECKING:
    # One step of one interview on the day's agenda, and the people it has to reach:
    # (state, step, entry, person ids, person names, due_on, late_after, reason). The
    # entry is the interview's `agenda_entry` (its id, company and role first); the ids
    # and names go in pairs, one action each, in the agenda's order (for a follow-up,
    # `[None]` and `[None]`: one action, no one named). The other fields are those of
    # each action's `Action` (`span_actions` makes them). Never changed once made.
    AgendaSpan = tuple[ActionState, Step, list[Any], list[str | None], list[str | None],
                       dt.date, dt.date, str]

# The places in an agenda entry (see `agenda_entry`).
ENTRY_SIZE = 14
_EARLIEST = 4


def agenda_entry(interview: Interview | InterviewSummary, settings: Settings) -> list[Any]:
    """What the day's agenda needs of an interview, the same on any day, as plain JSON
    (the summary index keeps it for each open interview, under `settings`), each thing
    in its place, so that a day's agenda is read off it without a loop:

        [id, company, role, lists no reference, first due,
         thank due, thank late after, ids to thank, names to thank,
         brief due, brief late after, reference ids to brief,
         follow-up due, follow-up late after]

    The fourth is 1 when the interview lists no reference at all, else 0 (see
    `unreferenced`); the fifth, the first of the days below (0 when there is none).
    Days are ordinals; a step with nothing to do has 0 for its days and no one in its
    lists (a closed interview has none). The interviewers still to thank are given by
    id and name; the references still to brief by their book ids only (they are named
    as the book says on the day asked); a follow-up names no one. `agenda_spans` makes
    any day's agenda from these, and `entry_days` their due days."""
    listed = (interview.reference_ids if isinstance(interview, InterviewSummary)
              else interview.references)
    entry: list[Any] = [interview.id, interview.company, interview.role, 0 if listed else 1,
                        0, 0, 0, [], [], 0, 0, [], 0, 0]
    if not interview.is_open:
        return entry
    date = interview.date
    thanks, briefs = _waiting_people(interview)
    if thanks:
        entry[5:9] = [date.toordinal(), next_business_day(date).toordinal(),
                      [person_id for person_id, _ in thanks], [name for _, name in thanks]]
    if briefs:
        due_on, late_after = reference_window(date, interview.round)
        entry[9:12] = [due_on.toordinal(), late_after.toordinal(), list(briefs)]
    dates = _follow_up_dates(interview)
    if len(dates) < settings.max_follow_ups:
        due_on, _ = _next_follow_up(date, interview.decision_by, max(dates) if dates else None,
                                    settings, _replied_on(interview))
        entry[12:14] = [due_on.toordinal(),
                        add_business_days(due_on, FOLLOW_UP_GRACE).toordinal()]
    entry[_EARLIEST] = min(filter(None, (entry[5], entry[9], entry[12])), default=0)
    return entry


def entry_days(entry: Sequence[Any]) -> list[int]:
    """The days (ordinals) an `agenda_entry`'s actions come due, earliest first, each
    once: its interview's `due_days`. TypeError when it is not an entry."""
    if type(entry) is not list or len(entry) != ENTRY_SIZE:
        raise TypeError("not an agenda entry")
    return sorted({entry[5], entry[9], entry[12]} - {0})


def unreferenced(entries: Iterable[Sequence[Any]], today: dt.date) -> frozenset[str]:
    """The interviews with something due by `today` (on its agenda) that list no
    reference, from their `agenda_entry`s: only these can need one (the interview in
    full tells: `workflow.needs_references`), so only these are read to say so."""
    day = today.toordinal()
    return frozenset(entry[0] for entry in entries
                     if entry[3] == 1 and 0 < entry[_EARLIEST] <= day)


# Above every ordinal (the year 9999 is 3,652,059): added to an on-time action's day,
# it sorts after every late one.
_ON_TIME = 1 << 22
_NO_ONE: list[str | None] = [None]
_ID, _COMPANY, _ROLE, _FIRST_DUE = itemgetter(0), itemgetter(1), itemgetter(2), itemgetter(4)


def agenda_spans(entries: Iterable[Any], book: Mapping[str, Reference],
                 today: dt.date) -> list[AgendaSpan]:
    """`agenda` on `today` as spans (see `AgendaSpan`), from the interviews'
    `agenda_entry`s in the interviews' order: the same actions, in the same order.
    ValueError (or TypeError) when an entry is not one `agenda_entry` makes (a damaged
    summary index: then the interviews are read)."""
    return day_spans(entries, book, today)[0]


def day_spans(entries: Iterable[Any], book: Mapping[str, Reference], today: dt.date,
              ) -> tuple[list[AgendaSpan], int, int, list[list[Any]]]:
    """`agenda_spans`, how many of its actions are late and how many are due and still on
    time (the summary bar and `followup today` say these), counted as they are made, and
    the entries of the interviews it lists, each once (by company, then id)."""
    day = today.toordinal()
    if type(entries) is not list:
        entries = list(entries)
    # Those with something come due by `today`, by company, then id, then their order:
    # the agenda's order among actions alike in lateness and day.
    if entries and {*map(type, entries)} != {list}:
        raise ValueError("not an agenda entry")
    firsts = list(map(_FIRST_DUE, entries))
    if firsts and {*map(type, firsts)} != {int}:
        raise ValueError("an agenda entry's day is not a day")
    picked = list(compress(entries, map(day.__ge__, firsts)))
    ids = list(map(_ID, picked))
    companies = list(map(_COMPANY, picked))
    if picked and ({*map(type, ids)} != {str} or {*map(type, companies)} != {str}
                   or {*map(type, map(_ROLE, picked))} != {str}):
        raise ValueError("an agenda entry's interview is not text")
    companies = list(map(str.casefold, companies))
    if "\0" in "".join(companies):
        keys: list[Any] = list(zip(companies, ids, strict=True))
    else:  # (one string a key compares faster than a pair, in the same order)
        keys = list(map("\0".join, zip(companies, ids, strict=True)))
    order = sorted(range(len(picked)), key=keys.__getitem__)
    # Thousands of actions fall in a few hundred windows: each window's days, state and
    # sentence are worked out once; and each reference's name once.
    windows: dict[tuple[int, int], tuple[ActionState, str, dt.date, dt.date]] = {}
    named: dict[str, str] = {}
    known = named.get
    # The spans by lateness and day (their order in each, the agenda's).
    ranks: dict[int, list[AgendaSpan]] = {}
    late_state = ActionState.LATE
    thank_step, brief_step, follow_up_step = ROW_STEPS
    no_one = _NO_ONE
    late_count = count = 0
    listed: list[list[Any]] = []
    add = listed.append
    for entry in map(picked.__getitem__, order):
        (_, _, _, _, _, thank_due, thank_late, thank_ids, thank_names, brief_due, brief_late,
         brief_ids, follow_due, follow_late) = entry
        people: list[AgendaSpan] | None = None
        late = False
        first = 0
        if thank_ids and thank_due <= day:
            state, reason, due_on, late_on = (windows.get((thank_due, thank_late))
                                              or _span_window(windows, thank_due, thank_late,
                                                              today))
            if type(thank_ids) is not list or len(thank_ids) != len(thank_names):
                raise ValueError("an agenda entry's interviewers are not named")
            "".join(thank_ids), "".join(thank_names)  # (TypeError but for text)
            people = [(state, thank_step, entry, thank_ids, thank_names, due_on, late_on,
                       reason)]
            first = thank_due
            count += len(thank_ids)
            if state is late_state:
                late = True
                late_count += len(thank_ids)
        if brief_ids and brief_due <= day:
            state, reason, due_on, late_on = (windows.get((brief_due, brief_late))
                                              or _span_window(windows, brief_due, brief_late,
                                                              today))
            if type(brief_ids) is not list:
                raise ValueError("an agenda entry's references are not a list")
            names = list(map(known, brief_ids))
            if None in names:
                names = []
                for ref_id in brief_ids:
                    name = known(ref_id)
                    if name is None:
                        if type(ref_id) is not str:
                            raise ValueError("an agenda entry's reference is not text")
                        name = named[ref_id] = _reference_name(book, ref_id)
                    names.append(name)
            span = (state, brief_step, entry, brief_ids, names, due_on, late_on, reason)
            count += len(brief_ids)
            if state is late_state:
                late = True
                late_count += len(brief_ids)
            if people is None:
                people = [span]
                first = brief_due
            else:
                people.append(span)
                if brief_due < first:
                    first = brief_due
        # The thank-yous and heads-ups go together, by the first of them, late if one
        # is; then the follow-up, by its own day.
        if people is not None:
            add(entry)
            rank = first if late else first + _ON_TIME
            same = ranks.get(rank)
            if same is None:
                ranks[rank] = people
            else:
                same += people
        if follow_due and follow_due <= day:
            state, reason, due_on, late_on = (windows.get((follow_due, follow_late))
                                              or _span_window(windows, follow_due, follow_late,
                                                              today))
            if people is None:
                add(entry)
            count += 1
            if state is late_state:
                late_count += 1
                rank = follow_due
            else:
                rank = follow_due + _ON_TIME
            span = (state, follow_up_step, entry, no_one, no_one, due_on, late_on, reason)
            same = ranks.get(rank)
            if same is None:
                ranks[rank] = [span]
            else:
                same.append(span)
    spans: list[AgendaSpan] = []
    for rank in sorted(ranks):
        spans += ranks[rank]
    return spans, late_count, count - late_count, listed


def _span_window(windows: dict[tuple[int, int], tuple[ActionState, str, dt.date, dt.date]],
                 due: int, late_after: int, today: dt.date,
                 ) -> tuple[ActionState, str, dt.date, dt.date]:
    """The state, sentence and days of the actions due on `due` and late after
    `late_after`, worked out once and kept in `windows`."""
    if type(due) is not int or type(late_after) is not int:
        raise ValueError("an agenda entry's day is not a day")
    due_on, late_on = dt.date.fromordinal(due), dt.date.fromordinal(late_after)
    state = _window_state(due_on, late_on, today)
    window = windows[due, late_after] = (
        state, _pending_reason(state, due_on, late_on, today), due_on, late_on)
    return window


_STATE, _IDS = itemgetter(0), itemgetter(3)


def span_actions(spans: Sequence[AgendaSpan], start: int = 0,
                 stop: int | None = None) -> list[Action]:
    """The `Action`s of the spans' actions from `start` to `stop` (as in a slice of
    them all): `agenda(...)[start:stop]`, making only those."""
    start, stop, _ = slice(start, stop).indices(sum(map(len, map(_IDS, spans))))
    return _actions(spans, start, stop)


def _actions(spans: Iterable[AgendaSpan], start: int, stop: int) -> list[Action]:
    """`span_actions` of actions `start` to `stop` (0 <= start, both counted from the
    first action of `spans`)."""
    actions = []
    at = 0  # the place of the span's first action
    for state, step, entry, ids, names, due_on, late_on, reason in spans:
        if at >= stop:
            break
        size = len(ids)
        if at + size > start:
            interview_id, company, role = entry[0], entry[1], entry[2]
            for n in range(max(start - at, 0), min(stop - at, size)):
                action = _new_object(Action)
                _set_interview_id(action, interview_id)
                _set_company(action, company)
                _set_role(action, role)
                _set_step(action, step)
                _set_person(action, names[n])
                _set_person_id(action, ids[n])
                _set_due_on(action, due_on)
                _set_late_after(action, late_on)
                _set_state(action, state)
                _set_done_on(action, None)
                _set_reason(action, reason)
                actions.append(action)
        at += size
    return actions


def next_action(
    interviews: Iterable[Interview | InterviewSummary],
    settings: Settings,
    book: Mapping[str, Reference],
    today: dt.date,
) -> Action | None:
    """The first waiting action to come due after `today` (the one `next_due` dates).

    Ties on the day go by company, then interview id; within an interview the
    thank-yous come before the references and the follow-up. Summaries
    (`Repository.index`) give the same answer as the whole interviews.
    """
    best: tuple[dt.date, str, str, int] | None = None
    chosen: Interview | InterviewSummary | None = None
    for interview in interviews:
        if not interview.is_open:
            continue
        tie = (interview.company.casefold(), interview.id)
        people, dates = _people_and_follow_ups(interview)
        for _, due_on, _ in _people_windows(interview) if people else ():
            if today < due_on:
                key = (due_on, *tie, 0)
                if best is None or key < best:
                    best, chosen = key, interview
        if len(dates) < settings.max_follow_ups:
            due_on, _ = _next_follow_up(interview.date, interview.decision_by,
                                        max(dates) if dates else None, settings,
                                        _replied_on(interview))
            if today < due_on:
                key = (due_on, *tie, 1)
                if best is None or key < best:
                    best, chosen = key, interview
    if best is None or chosen is None:
        return None
    if best[3] == 1:
        return _follow_up_action(chosen, settings, today)
    thanks, briefs = _waiting_people(chosen)
    people_actions = []
    if thanks:
        due_on, late_after, state, reason = _step_timing(chosen, today)
        people_actions += [_action(chosen, Step.THANK, name, person_id, due_on, late_after,
                                   state, None, reason) for person_id, name in thanks]
    if briefs:
        due_on, late_after, state, reason = _reference_timing(chosen, today)
        people_actions += [_action(chosen, Step.REFERENCES, _reference_name(book, ref_id),
                                   ref_id, due_on, late_after, state, None, reason)
                           for ref_id in briefs]
    waiting = [a for a in people_actions if a.due_on == best[0]]
    return (waiting or people_actions)[0]


_STEP_NOUNS = {
    Step.THANK: "thank-you",
    Step.REFERENCES: "reference heads-up",
    Step.FOLLOW_UP: "follow-up",
}


def describe_next(action: Action) -> str:
    """`Mon 30 Nov (Globex — follow-up)`: when an action comes due, and what it is."""
    return f"{format_day(action.due_on)} ({action.company} — {_STEP_NOUNS[action.step]})"
