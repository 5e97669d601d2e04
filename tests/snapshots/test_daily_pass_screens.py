"""The daily-review screens as a user sees them, pinned as SVG snapshots.

Fixed clock (Thu 26 Nov 2026), the mixed data set, fixed terminal sizes. After a
deliberate change of look, run `pytest tests/snapshots/test_daily_pass_screens.py
--snapshot-update` and look at every changed picture before accepting it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from store.models import Outcome
from store.repository import Repository
from tests.conftest import day, fixed_clock
from tui.app import FollowupApp, make_app

SnapCompare = Callable[..., bool]


@pytest.fixture
def today_app(db_path: Path, mixed_data: dict[str, str]) -> FollowupApp:
    return make_app(db_path, clock=fixed_clock, today_first=True)


@pytest.fixture
def app(db_path: Path, mixed_data: dict[str, str]) -> FollowupApp:
    return make_app(db_path, clock=fixed_clock)


async def _settle(pilot: Any) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _without_toasts(pilot: Any) -> None:
    """Take the "Saved" toasts away: they time out after a few seconds, so whether one
    is still there depends on how busy the machine is (the Pilot tests check them)."""
    pilot.app.clear_notifications()
    await pilot.pause()


def _keys(*keys: str) -> Callable[[Any], Any]:
    """Press `keys` one at a time, letting the screen settle after each, as at human speed."""

    async def press(pilot: Any) -> None:
        for key in keys:
            await pilot.press(key)
            await _settle(pilot)
        await _without_toasts(pilot)

    return press


# --- the Today view ---------------------------------------------------------------------


def test_today_view(snap_compare: SnapCompare, today_app: FollowupApp) -> None:
    # Two done (ticked, kept in place), the cursor on the next one, its message beside.
    async def two_done(pilot: Any) -> None:
        await pilot.press("space", "space")
        await _settle(pilot)
        await _without_toasts(pilot)

    assert snap_compare(today_app, run_before=two_done, terminal_size=(100, 30))


def test_today_view_80x24(snap_compare: SnapCompare, today_app: FollowupApp) -> None:
    assert snap_compare(today_app, terminal_size=(80, 24))


def test_today_view_nothing_due(snap_compare: SnapCompare, db_path: Path) -> None:
    repo = Repository(db_path, clock=fixed_clock)
    globex = repo.add_interview("Globex", "Engineer", day(11, 24), decision_by=day(11, 27),
                                interviewers=[{"name": "Hank Scorpio"}])
    repo.mark_thanked(globex.id, globex.interviewers[0].id, day(11, 24))
    app = make_app(db_path, clock=fixed_clock)
    assert snap_compare(app, run_before=_keys("t"), terminal_size=(80, 24))


# --- the list filter ---------------------------------------------------------------------


def test_filter_active(snap_compare: SnapCompare, app: FollowupApp) -> None:
    assert snap_compare(app, press=["slash", *"is:open", "space", *"engineer"],
                        terminal_size=(100, 30))


def test_filter_kept_at_80x24(snap_compare: SnapCompare, app: FollowupApp) -> None:
    assert snap_compare(app, press=["slash", *"is:late", "enter"], terminal_size=(80, 24))


# --- history, the next round, references after the outcome ---------------------------------


def test_history(snap_compare: SnapCompare, app: FollowupApp) -> None:
    assert snap_compare(app, run_before=_keys("j", "h"), terminal_size=(100, 30))


def test_second_interview_question(snap_compare: SnapCompare, app: FollowupApp) -> None:
    async def second_interview(pilot: Any) -> None:
        await pilot.press("j", "o", "2")
        await _settle(pilot)
        await _without_toasts(pilot)

    assert snap_compare(app, run_before=second_interview, terminal_size=(100, 30))


def test_next_round_form(snap_compare: SnapCompare, app: FollowupApp) -> None:
    async def to_the_form(pilot: Any) -> None:
        await pilot.press("j", "o", "2")
        await _settle(pilot)
        await pilot.press("y")
        await _settle(pilot)
        await _without_toasts(pilot)

    assert snap_compare(app, run_before=to_the_form, terminal_size=(100, 30))


def test_reference_thanks_after_the_outcome(snap_compare: SnapCompare, db_path: Path,
                                            mixed_data: dict[str, str]) -> None:
    Repository(db_path, clock=fixed_clock).set_outcome(mixed_data["Globex"], Outcome.OFFER)
    app = make_app(db_path, clock=fixed_clock)
    # Globex sorts with the closed ones now, before Umbrella Health (older).
    assert snap_compare(app, run_before=_keys("G", "k", "2"), terminal_size=(100, 30))


# --- themes -----------------------------------------------------------------------------------


@pytest.mark.parametrize("theme", ["textual-light", "nord"])
def test_main_screen_in_another_theme(snap_compare: SnapCompare, db_path: Path,
                                      mixed_data: dict[str, str], theme: str) -> None:
    Repository(db_path).update_settings(theme=theme)
    app = make_app(db_path, clock=fixed_clock)
    assert snap_compare(app, run_before=_keys("j", "1"), terminal_size=(100, 30))


def test_today_view_in_the_light_theme(snap_compare: SnapCompare, db_path: Path,
                                       mixed_data: dict[str, str]) -> None:
    Repository(db_path).update_settings(theme="textual-light")
    app = make_app(db_path, clock=fixed_clock, today_first=True)

    async def one_done(pilot: Any) -> None:
        await pilot.press("space")
        await _settle(pilot)
        await _without_toasts(pilot)

    assert snap_compare(app, run_before=one_done, terminal_size=(100, 30))
