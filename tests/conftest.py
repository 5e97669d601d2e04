"""Shared fixtures: a fixed clock, a temporary data file, a realistic data set.

Today is Thursday 26 November 2026, 09:00, in every test.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from textual.widgets import Input, TextArea

from store.models import Outcome, ThankChannel
from store.repository import Repository

# `HYPOTHESIS_PROFILE=thorough python -m pytest tests/app/test_hostile_input.py` tries 1,000
# generated cases for each property instead of the default 100 (fewer for the
# slow ones driven through the app; see tests/app/test_hostile_input.py).
settings.register_profile("thorough", max_examples=1000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
if os.environ.get("HYPOTHESIS_PROFILE"):
    settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])

NOW = dt.datetime(2026, 11, 26, 9, 0)
TODAY = NOW.date()


def fixed_clock() -> dt.datetime:
    return NOW


def day(month: int, d: int) -> dt.date:
    return dt.date(2026, month, d)


@pytest.fixture
def clock() -> Callable[[], dt.datetime]:
    return fixed_clock


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "followup.json"


@pytest.fixture
def repo(db_path: Path) -> Repository:
    return Repository(db_path, clock=fixed_clock)


def build_mixed_data(repo: Repository) -> dict[str, str]:
    """Interviews in every state the app has to show; returns their ids by company.

    Seen on Thu 26 Nov 2026 with the default settings (follow up 5 business
    days after the interview, at most 2 follow-ups):

    * Northwind Labs, Mon 16 Nov: thank-yous and a reference late, follow-up late.
    * Acme Corp, Wed 25 Nov: one thank-you done, one due; a reference due;
      they decide by Fri 27 Nov, so no follow-up before Mon 30 Nov.
    * Globex, Thu 19 Nov: all thanked and told; the follow-up is due today.
    * Initech, Tue 24 Nov: all done; they decide by Thu 3 Dec, so wait.
    * Pied Piper, Tue 1 Dec: the interview is still ahead.
    * Hooli, Mon 26 Oct: two follow-ups sent, no answer: time to move on.
    * Umbrella Health: closed with an offer.
    """
    repo.update_settings(name="Alex Morgan", signature="Alex Morgan\n+1 412 555 0199",
                         phone="+1 412 555 0199", email="alex.morgan@example.com")
    jordan = repo.add_reference("Jordan Kim", relationship="former manager at Contoso",
                                email="jordan@example.com", phone="+1 412 555 0101")
    priya = repo.add_reference("Priya Shah", relationship="colleague for four years",
                               email="priya@example.com", channel="phone")
    chris = repo.add_reference("Chris Park", relationship="client", email="chris@example.com")
    ids: dict[str, str] = {}

    northwind = repo.add_interview(
        "Northwind Labs", "Staff Engineer", day(11, 16), time=dt.time(14, 0),
        office_phone="+1 206 555 0142",
        interviewers=[
            {"name": "Morgan Blake", "title": "VP Engineering", "topic": "scaling the on-call rota",
             "hiring_manager": True},
            {"name": "Riley Chen", "title": "Principal Engineer"},
        ],
        references=[priya.id],
    )
    ids["Northwind Labs"] = northwind.id

    acme = repo.add_interview(
        "Acme Corp", "Senior Developer", day(11, 25), time=dt.time(10, 30), round=2,
        decision_by=day(11, 27), office_phone="+1 412 555 0100",
        interviewers=[
            {"name": "Dana Lee", "title": "Engineering Manager",
             "topic": "moving the search service to Postgres", "hiring_manager": True},
            {"name": "Sam Ortiz", "title": "Staff Engineer", "topic": "their code review habits"},
        ],
        references=[jordan.id],
    )
    repo.mark_thanked(acme.id, acme.interviewers[0].id, day(11, 25))
    ids["Acme Corp"] = acme.id

    globex = repo.add_interview(
        "Globex", "Product Designer", day(11, 19), format="onsite",
        office_phone="+1 503 555 0177",
        interviewers=[{"name": "Hank Scorpio", "title": "Head of Design",
                       "topic": "the design system rewrite"}],
        references=[chris.id],
    )
    repo.mark_thanked(globex.id, globex.interviewers[0].id, day(11, 19), via=ThankChannel.CARD)
    repo.mark_notified(globex.id, chris.id, day(11, 20))
    repo.mark_called(globex.id, chris.id)
    ids["Globex"] = globex.id

    initech = repo.add_interview(
        "Initech", "Backend Engineer", day(11, 24), decision_by=day(12, 3),
        interviewers=[{"name": "Bill Lumbergh", "title": "Director", "topic": "TPS reports"}],
    )
    repo.mark_thanked(initech.id, initech.interviewers[0].id, day(11, 24))
    ids["Initech"] = initech.id

    pied = repo.add_interview(
        "Pied Piper", "Platform Engineer", day(12, 1), format="video",
        interviewers=[{"name": "Monica Hall", "title": "CTO"}],
    )
    ids["Pied Piper"] = pied.id

    hooli = repo.add_interview(
        "Hooli", "Site Reliability Engineer", day(10, 26),
        interviewers=[{"name": "Gavin Belson", "title": "CEO", "topic": "uptime"}],
    )
    repo.mark_thanked(hooli.id, hooli.interviewers[0].id, day(10, 26))
    repo.log_follow_up(hooli.id, day(11, 2), "email", note="asked about timeline")
    repo.log_follow_up(hooli.id, day(11, 11), "call", note="left a voicemail")
    ids["Hooli"] = hooli.id

    umbrella = repo.add_interview(
        "Umbrella Health", "Data Engineer", day(11, 3),
        interviewers=[{"name": "Alice Abernathy", "title": "Head of Data", "topic": "pipelines"}],
    )
    repo.mark_thanked(umbrella.id, umbrella.interviewers[0].id, day(11, 3))
    repo.set_outcome(umbrella.id, Outcome.OFFER)
    ids["Umbrella Health"] = umbrella.id
    return ids


@pytest.fixture
def mixed_data(repo: Repository) -> dict[str, str]:
    return build_mixed_data(repo)


@pytest.fixture(autouse=True)
def _stable_rendering(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Snapshots must not depend on when a blinking cursor was caught, or on the host."""
    # The user's own message templates live in the config folder: use none.
    monkeypatch.setenv("FOLLOWUP_CONFIG_DIR", str(tmp_path / "config"))
    for widget in (Input, TextArea):
        monkeypatch.setattr(widget.__dict__["cursor_blink"], "_default", False)
    # The clipboard helper reads these: keep the host's terminal out of the tests.
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("TERM_PROGRAM", raising=False)
    monkeypatch.delenv("FOLLOWUP_CLIPBOARD", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
