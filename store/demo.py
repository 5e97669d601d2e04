"""Realistic sample data, laid out around a given day so that every state shows at once.

Used by `followup --demo` (on a throwaway file) and by the tests.
"""

from __future__ import annotations

import datetime as dt

from .models import Format, Outcome
from .repository import Repository


def _business_days_before(day: dt.date, n: int) -> dt.date:
    while n:
        day -= dt.timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def _next_weekday(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7 or 7)


def fill_demo(repo: Repository, today: dt.date) -> None:
    """Add a job search in full swing: something late, due, waiting, done and closed."""
    repo.update_settings(name="Alex Kim", signature="Alex Kim\n+1 555 0199",
                         phone="+1 555 0199", email="alex.kim@example.com")
    sam = repo.add_reference("Sam Ortiz", relationship="former manager at Initech",
                             email="sam.ortiz@example.org", phone="+1 555 0142")
    priya = repo.add_reference("Priya Natarajan", relationship="tech lead, two projects",
                               email="priya@example.net", phone="+1 555 0177",
                               channel="text")
    lee = repo.add_reference("Jordan Lee", relationship="client at Hooli",
                             email="jordan.lee@example.com", channel="linkedin")

    # Interviewed two business days ago: the thank-yous are late.
    two_ago = _business_days_before(today, 2)
    acme = repo.add_interview(
        "Acme Analytics", "Senior Data Engineer", two_ago, time=dt.time(14, 0),
        format=Format.ONSITE, office_phone="+1 555 0100",
        interviewers=[
            {"name": "Dana Lee", "title": "Head of Data", "email": "dana.lee@acme.example",
             "topic": "moving the nightly batch jobs to streaming"},
            {"name": "Raj Patel", "title": "Staff Engineer", "email": "raj@acme.example"},
        ],
        references=[sam.id, priya.id],
        notes="Panel of two; whiteboard on pipeline design.")
    repo.mark_notified(acme.id, sam.id, two_ago)

    # Interviewed today, they'll decide by next Friday: thanks and references due.
    globex = repo.add_interview(
        "Globex", "Platform Engineer", today, time=dt.time(10, 30), format=Format.VIDEO,
        decision_by=_next_weekday(today, 4), office_phone="+1 555 0123",
        interviewers=[{"name": "Maria Gonzales", "title": "Engineering Manager",
                       "email": "maria.g@globex.example",
                       "topic": "how the team runs its on-call rotation"}],
        references=[lee.id])
    del globex

    # A week ago, all thanked and briefed; follow-up now due.
    week_ago = _business_days_before(today, 6)
    initrode = repo.add_interview(
        "Initrode", "Data Platform Lead", week_ago, format=Format.VIDEO, round=2,
        office_phone="+1 555 0150",
        interviewers=[{"name": "Chris Young", "title": "VP Engineering",
                       "email": "chris@initrode.example",
                       "topic": "the data platform roadmap for next year"}],
        references=[sam.id])
    person = initrode.interviewers[0]
    repo.mark_thanked(initrode.id, person.id, week_ago)
    repo.mark_notified(initrode.id, sam.id, week_ago)

    # Yesterday; they decide next week, so the follow-up waits.
    yesterday = _business_days_before(today, 1)
    umbrella = repo.add_interview(
        "Umbrella Health", "Analytics Engineer", yesterday, format=Format.PHONE,
        decision_by=today + dt.timedelta(days=7), office_phone="+1 555 0166",
        interviewers=[{"name": "Tom Becker", "title": "Recruiter",
                       "email": "tom.becker@umbrella.example",
                       "topic": "the move to a four-day week"}],
        references=[priya.id])
    repo.mark_thanked(umbrella.id, umbrella.interviewers[0].id, yesterday)
    repo.mark_notified(umbrella.id, priya.id, yesterday)

    # Next week: everything waits until the day.
    repo.add_interview(
        "Stark Industries", "ML Engineer", _next_weekday(today, 1), time=dt.time(9, 0),
        format=Format.ONSITE, office_phone="+1 555 0188",
        interviewers=[{"name": "Pepper Hughes", "title": "Director of Engineering"}])

    # Two follow-ups sent, no answer: time to move on.
    month_ago = _business_days_before(today, 22)
    vandelay = repo.add_interview(
        "Vandelay Imports", "Data Analyst", month_ago, format=Format.VIDEO,
        interviewers=[{"name": "Art Vandelay", "title": "Owner",
                       "email": "art@vandelay.example", "topic": "importing and exporting"}])
    repo.mark_thanked(vandelay.id, vandelay.interviewers[0].id, month_ago)
    repo.log_follow_up(vandelay.id, _business_days_before(today, 16), note="Sent email")
    repo.log_follow_up(vandelay.id, _business_days_before(today, 8), channel="call",
                       note="Left a voicemail")

    # Closed: an offer.
    offer_day = _business_days_before(today, 15)
    hooli = repo.add_interview(
        "Hooli", "Backend Engineer", offer_day, format=Format.ONSITE, round=3,
        interviewers=[{"name": "Gavin Belson", "title": "CEO", "email": "gavin@hooli.example",
                       "topic": "compression algorithms"}],
        references=[lee.id])
    repo.mark_thanked(hooli.id, hooli.interviewers[0].id, offer_day)
    repo.mark_notified(hooli.id, lee.id, offer_day)
    repo.set_outcome(hooli.id, Outcome.OFFER)
