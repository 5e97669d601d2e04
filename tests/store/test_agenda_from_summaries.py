"""The agenda and the next action worked out from the interviews' summaries alone.

`followup today` and the Today view list what is due from the summaries kept in
the summary index, reading no interview in full: for any day, settings and
state of the interviews, that list must be the one the whole interviews give.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from store import codec
from store.models import Interview, InterviewSummary, Reply
from store.repository import Repository
from store.schedule import (
    ActionState,
    agenda,
    agenda_entry,
    agenda_spans,
    day_spans,
    due_days,
    entry_days,
    next_action,
    pick_due,
    span_actions,
    unreferenced,
)
from tests.conftest import build_mixed_data, fixed_clock
from tests.store.test_schedule import (
    BOOK,
    THU26,
    interview_st,
    make_interview,
    settings_st,
    today_st,
)

replies_st = st.lists(
    st.builds(Reply, id=st.uuids().map(str),
              on=st.dates(dt.date(2026, 10, 20), dt.date(2026, 12, 20)),
              decision_by=st.none() | st.dates(dt.date(2026, 10, 20), dt.date(2027, 1, 10))),
    max_size=2,
)


@st.composite
def any_interview(draw: st.DrawFn) -> Interview:
    """An interview of any round, with or without replies from the employer."""
    interview = draw(interview_st)
    return dataclasses.replace(interview, round=draw(st.integers(1, 3)),
                               replies=tuple(draw(replies_st)))


def summaries_of(interviews: list[Interview]) -> list[list[InterviewSummary]]:
    """Each way a summary comes to be: from the stored document, from the interview
    just saved, and back from its line in the summary index."""
    from_docs = [codec.interview_summary_from_doc(codec.interview_to_doc(i)) for i in interviews]
    from_saves = [InterviewSummary.of(i) for i in interviews]
    from_index = [codec.summary_from_row(codec.summary_to_row(s)) for s in from_saves]
    return [from_docs, from_saves, from_index]


@settings(max_examples=200, deadline=None)
@given(st.lists(any_interview(), max_size=6), settings_st, st.lists(today_st, min_size=1,
                                                                     max_size=4))
def test_the_agenda_from_summaries_is_the_agenda_from_whole_interviews(
        interviews, prefs, days) -> None:
    for summaries in summaries_of(interviews):
        for day in days:
            assert agenda(summaries, prefs, BOOK, day) == agenda(interviews, prefs, BOOK, day)
            assert next_action(summaries, prefs, BOOK, day) == \
                next_action(interviews, prefs, BOOK, day)


@settings(max_examples=200, deadline=None)
@given(st.lists(any_interview(), max_size=6), settings_st, st.lists(today_st, min_size=1,
                                                                     max_size=4))
def test_the_interviews_picked_by_their_due_days_give_the_whole_agenda(
        interviews, prefs, days) -> None:
    """`followup today` reads only the interviews `pick_due` picks by the due days the
    summary index keeps: they give the agenda and the next action of all of them."""
    for summaries in summaries_of(interviews):
        due = [[d.toordinal() for d in due_days(s, prefs)] for s in summaries]
        assert due == [[d.toordinal() for d in due_days(i, prefs)] for i in interviews]
        for day in days:
            picked = [s for s, yes in zip(summaries, pick_due(due, day.toordinal()),
                                          strict=True) if yes]
            assert agenda(picked, prefs, BOOK, day) == agenda(interviews, prefs, BOOK, day)
            assert next_action(picked, prefs, BOOK, day) == \
                next_action(interviews, prefs, BOOK, day)


@settings(max_examples=300, deadline=None)
@given(st.lists(any_interview(), max_size=6), settings_st,
       st.lists(today_st, min_size=1, max_size=4), st.integers(-3, 12), st.integers(-3, 12))
def test_the_agenda_from_the_agenda_entries_is_the_whole_agenda(
        interviews, prefs, days, start, stop) -> None:
    """`followup today` and the Today view's first frame make the day's agenda from the
    agenda entries the summary index keeps (as JSON) of the open interviews: the same
    actions in the same order, any slice of them, and the same counts."""
    whole_entries = [agenda_entry(i, prefs) for i in interviews if i.is_open]
    for summaries in summaries_of(interviews):
        entries = json.loads(json.dumps([agenda_entry(s, prefs) for s in summaries
                                         if s.is_open]))
        assert entries == json.loads(json.dumps(whole_entries))
        assert [entry_days(e) for e in entries] == [
            [d.toordinal() for d in due_days(i, prefs)] for i in interviews if i.is_open]
        # Each entry says the first of its due days (0 when it has none): the agenda
        # passes over those with nothing due yet without looking further.
        assert [e[4] for e in entries] == [(entry_days(e) or [0])[0] for e in entries]
        for day in days:
            spans = agenda_spans(entries, BOOK, day)
            expected = agenda(interviews, prefs, BOOK, day)
            assert span_actions(spans) == expected
            assert span_actions(spans, start, stop) == expected[start:stop]
            late = sum(1 for action in expected if action.state is ActionState.LATE)
            # Counted as they are made, with the entries of the interviews listed, each
            # once.
            again, *counts, listed = day_spans(entries, BOOK, day)
            assert again == spans and counts == [late, len(expected) - late]
            assert len({id(entry) for entry in listed}) == len(listed)
            assert {id(entry) for entry in listed} == {id(span[2]) for span in spans}
            assert [entry[0] for entry in listed] == sorted(
                {action.interview_id for action in expected},
                key=lambda found: next((i.company.casefold(), i.id) for i in interviews
                                       if i.id == found))
            # The interviews on the agenda that list no reference: only those can need
            # one (the Today view reads them in full to say so).
            assert unreferenced(entries, day) == {
                action.interview_id for action in expected
                if not next(i for i in interviews if i.id == action.interview_id).references}


def test_the_agenda_from_the_agenda_entries_orders_companies_as_the_whole_agenda() -> None:
    """Interviews alike in lateness and day go by company (any case), then id, then
    their order, whatever characters the names hold: a company that begins another
    comes first, whatever the ids."""
    names = [("b2", "acme\x00z"), ("a9", "Acme"), ("b1", "ACME"), ("a1", "acme\x00"),
             ("c1", "Ácme"), ("b1", "acme"), ("a0", "Zeta"), ("z9", "")]
    interviews = [make_interview(THU26, id=interview_id, company=company)
                  for interview_id, company in names]
    prefs = codec.Settings()
    entries = json.loads(json.dumps([agenda_entry(i, prefs) for i in interviews]))
    for day in (THU26, THU26 + dt.timedelta(days=1), THU26 + dt.timedelta(days=30)):
        expected = agenda(interviews, prefs, BOOK, day)
        assert expected
        assert span_actions(agenda_spans(entries, BOOK, day)) == expected
        # Without the companies holding a NUL, the same order again.
        plain = [entry for entry in entries if "\x00" not in entry[1]]
        assert span_actions(agenda_spans(plain, BOOK, day)) == [
            action for action in expected if "\x00" not in action.company]


@settings(max_examples=50, deadline=None)
@given(any_interview())
def test_a_closed_interview_keeps_no_one_waiting_in_its_summary(interview) -> None:
    closed = dataclasses.replace(interview, outcome=codec.Outcome.OFFER)
    summary = InterviewSummary.of(closed)
    assert (summary.thank_ids, summary.thank_names, summary.brief_ids) == ((), (), ())
    assert codec.interview_summary_from_doc(codec.interview_to_doc(closed)) == summary


def test_the_repository_agenda_for_any_day_reads_no_interview_in_full(db_path) -> None:
    build_mixed_data(Repository(db_path, clock=fixed_clock))
    whole = Repository(db_path, create=False, check=True, clock=fixed_clock)
    repo = Repository(db_path, create=False, check=False, clock=fixed_clock)
    assert repo.storage.read_from_index
    start = dt.date(2026, 11, 10)
    listed = 0
    for offset in range(45):
        day = start + dt.timedelta(days=offset)
        expected = agenda(whole.interviews(), whole.settings(), whole.book(), day)
        assert repo.agenda_for(day) == expected
        assert repo.next_action(day) == next_action(whole.interviews(), whole.settings(),
                                                    whole.book(), day)
        listed += len(expected)
    assert listed
    # Nothing was converted from its stored record.
    assert repo._converted == {}
