"""Space shows "saving…" on the item at once, then the tick once the file is durable.

Nothing is shown as done (or as undone) before it is on disk: while the save is
on its way the item says "saving…" in place of its mark and date; a save that
fails puts the old mark back and says why. The saves are held on their way to
the disk here (as a slow disk would hold them) to look at the screen meanwhile.
"""

from __future__ import annotations

import errno
import threading
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from store.repository import Repository
from tests.conftest import TODAY, fixed_clock
from tui.app import FollowupApp, make_app
from widgets.interview_list import InterviewList
from widgets.status_line import StatusLine
from widgets.steps_view import StepsView
from widgets.summary_bar import SummaryBar

SIZE = (100, 30)


class HeldWrites:
    """Holds the app's saves just before they write the data file, until released."""

    def __init__(self, app: FollowupApp) -> None:
        self.gate = threading.Event()
        storage = app.repo.storage
        write_file = storage._write_file

        def held(data: Any) -> None:
            self.gate.wait(10)  # never for ever: a failing test still ends
            write_file(data)

        storage._write_file = held  # type: ignore[method-assign]

    def release(self) -> None:
        self.gate.set()


def line_of(app: FollowupApp, name: str) -> str:
    """The line of the steps pane that names `name`, as the terminal shows it."""
    strips = app.screen._compositor.render_strips()
    region = app.screen.query_one(StepsView).region
    for strip in strips[region.y:region.bottom]:
        text = strip.text[region.x:region.right]
        if name in text:
            return text.lstrip("▌ ").rstrip()  # without the active step's gutter
    raise AssertionError(f"{name} is not in the steps pane")


async def open_acme_thanks(pilot: Pilot[Any]) -> None:
    """Acme Corp, step 1: Dana Lee thanked on Wed 25 Nov, Sam Ortiz to thank today."""
    app = pilot.app
    app.query_one(InterviewList).focus()
    await pilot.press("g")
    await pilot.press("j")
    await pilot.pause()
    assert app.main.interview is not None and app.main.interview.company == "Acme Corp"
    await pilot.press("1")
    await pilot.pause()


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def thanked_on(db_path: Path, acme: str, name: str) -> Any:
    interview = Repository(db_path, clock=fixed_clock).interview(acme)
    return next(p.thanked_on for p in interview.interviewers if p.name == name)


@pytest.fixture
def app(db_path: Path, mixed_data: dict[str, str]) -> FollowupApp:
    return make_app(db_path, clock=fixed_clock)


async def test_marking_done_shows_saving_then_the_tick(app: FollowupApp, db_path: Path,
                                                       mixed_data: dict[str, str]) -> None:
    acme = mixed_data["Acme Corp"]
    async with app.run_test(size=SIZE) as pilot:
        await open_acme_thanks(pilot)
        assert line_of(app, "Sam Ortiz").startswith("• Sam Ortiz  thank today")
        held = HeldWrites(app)
        await pilot.press("space")
        await pilot.pause()
        # On its way: neither the old mark nor the tick, and nothing on disk yet.
        assert line_of(app, "Sam Ortiz").startswith("… Sam Ortiz  saving…")
        assert "thank today" not in line_of(app, "Sam Ortiz")
        assert thanked_on(db_path, acme, "Sam Ortiz") is None
        held.release()
        await settle(pilot)
        assert line_of(app, "Sam Ortiz").startswith("✓ Sam Ortiz  thanked Thu 26 Nov by email")
        assert thanked_on(db_path, acme, "Sam Ortiz") == TODAY
        assert "Marked Sam Ortiz as thanked" in app.said[-1].message


async def test_undoing_shows_saving_then_the_mark_taken_back(
        app: FollowupApp, db_path: Path, mixed_data: dict[str, str]) -> None:
    acme = mixed_data["Acme Corp"]
    async with app.run_test(size=SIZE) as pilot:
        await open_acme_thanks(pilot)
        await pilot.press("k")  # up from Sam to Dana, thanked yesterday
        await pilot.pause()
        assert line_of(app, "Dana Lee").startswith("✓ Dana Lee  thanked Wed 25 Nov")
        held = HeldWrites(app)
        await pilot.press("space")
        await pilot.pause()
        assert line_of(app, "Dana Lee").startswith("… Dana Lee  saving…")
        assert thanked_on(db_path, acme, "Dana Lee") is not None  # still thanked on disk
        held.release()
        await settle(pilot)
        assert line_of(app, "Dana Lee").startswith("• Dana Lee  ")
        assert "saving…" not in line_of(app, "Dana Lee")
        assert thanked_on(db_path, acme, "Dana Lee") is None


async def test_two_presses_on_their_way_keep_saving_until_both_landed(
        app: FollowupApp, db_path: Path, mixed_data: dict[str, str]) -> None:
    acme = mixed_data["Acme Corp"]
    async with app.run_test(size=SIZE) as pilot:
        await open_acme_thanks(pilot)
        held = HeldWrites(app)
        await pilot.press("space", "space")
        await pilot.pause()
        assert line_of(app, "Sam Ortiz").startswith("… Sam Ortiz  saving…")
        held.release()
        await settle(pilot)
        # Marked, then taken back by the second press: as it was, and no "saving…".
        assert line_of(app, "Sam Ortiz").startswith("• Sam Ortiz  thank today")
        assert thanked_on(db_path, acme, "Sam Ortiz") is None


async def test_a_failed_save_puts_the_mark_back_and_says_why(
        app: FollowupApp, db_path: Path, mixed_data: dict[str, str]) -> None:
    acme = mixed_data["Acme Corp"]
    before = db_path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await open_acme_thanks(pilot)
        storage = app.repo.storage

        def disk_full(data: Any) -> None:
            raise storage._write_error(OSError(errno.ENOSPC, "No space left on device"))

        storage._write_file = disk_full  # type: ignore[method-assign]
        await pilot.press("space")
        await settle(pilot)
        assert line_of(app, "Sam Ortiz").startswith("• Sam Ortiz  thank today")
        assert "saving…" not in line_of(app, "Sam Ortiz")
        said = app.said[-1]
        assert said.severity == "error"
        assert "could not be saved: the disk is full" in said.message
        assert "this change was not saved" in said.message
    assert db_path.read_bytes() == before
    assert thanked_on(db_path, acme, "Sam Ortiz") is None


async def test_logging_a_follow_up_shows_saving_then_the_follow_up(
        app: FollowupApp, db_path: Path, mixed_data: dict[str, str]) -> None:
    async with app.run_test(size=SIZE) as pilot:
        app.query_one(InterviewList).focus()
        await pilot.press("g")
        await pilot.press("j")
        await pilot.press("j")
        await pilot.pause()
        assert app.main.interview is not None and app.main.interview.company == "Globex"
        await pilot.press("3")  # its follow-up is due today
        await pilot.pause()
        assert line_of(app, "Follow-up 1").startswith("• Follow-up 1  by Mon 30 Nov")
        held = HeldWrites(app)
        await pilot.press("space")
        await pilot.pause()
        assert line_of(app, "Follow-up 1").startswith("… Follow-up 1  saving…")
        held.release()
        await settle(pilot)
        assert line_of(app, "Follow-up 1").startswith("✓ Follow-up 1  email, Thu 26 Nov")
        logged = Repository(db_path, clock=fixed_clock).interview(
            mixed_data["Globex"]).follow_ups
        assert [f.on for f in logged] == [TODAY]


async def test_after_quick_saves_saving_shows_once_a_save_takes_longer(
        app: FollowupApp, db_path: Path, mixed_data: dict[str, str]) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_acme_thanks(pilot)
        # Saves have been landing within two frames: their tick is shown directly ...
        app.main._slow_saves = False
        held = HeldWrites(app)
        await pilot.press("space")
        # ... and one that has not landed two frames later says "saving…".
        await pilot.pause(0.2)
        assert line_of(app, "Sam Ortiz").startswith("… Sam Ortiz  saving…")
        held.release()
        await settle(pilot)
        assert line_of(app, "Sam Ortiz").startswith("✓ Sam Ortiz  thanked Thu 26 Nov")


async def test_the_summary_index_of_a_save_is_written_after_it_is_shown(
        app: FollowupApp, db_path: Path, mixed_data: dict[str, str]) -> None:
    """The index only makes the next start quicker: written once the change is on
    the screen, and before the app goes, so the next start still reads it."""
    async with app.run_test(size=SIZE) as pilot:
        await open_acme_thanks(pilot)
        await pilot.press("space")
        await settle(pilot)
        await pilot.press("q")
    again = Repository(db_path, clock=fixed_clock, check=False)
    again.index()
    assert again.storage.read_from_index
    assert again.index().summaries == Repository(db_path, check=True).index().summaries


class DrawnTogether:
    """What each frame of the main screen draws again, from now on ("layout": the
    screen laid out again, which draws whatever moved or changed)."""

    def __init__(self, app: FollowupApp) -> None:
        self.frames: list[set[str]] = []
        screen = app.main
        refresh = screen._compositor_refresh

        def noted() -> None:
            drawn = {type(widget).__name__ for widget in screen._dirty_widgets}
            self.frames.append(drawn | ({"layout"} if screen._layout_required else set()))
            refresh()

        screen._compositor_refresh = noted  # type: ignore[method-assign]


@pytest.mark.parametrize("line_before", ["none yet", "showing", "gone again"])
async def test_the_tick_and_its_confirmation_reach_the_screen_in_one_frame(
        app: FollowupApp, line_before: str) -> None:
    """The status line saying what was done is drawn in the frame that draws the tick,
    not a frame later: whether it is the session's first confirmation, one replacing
    another, or one after the last has gone."""
    async with app.run_test(size=SIZE) as pilot:
        await open_acme_thanks(pilot)
        if line_before != "none yet":
            await pilot.press("space", "space")  # marked and taken back: said twice
            await settle(pilot)
        if line_before == "gone again":
            app.main.query_one(StatusLine).clear()  # as it does after a few seconds
            await pilot.pause()
        frames = DrawnTogether(app)
        await pilot.press("space")
        await settle(pilot)
        assert line_of(app, "Sam Ortiz").startswith("✓ Sam Ortiz  thanked Thu 26 Nov")
        assert app.main.query_one(StatusLine).text.startswith("Marked Sam Ortiz as thanked")
        # The frame that draws the tick draws the confirmation too.
        with_tick = [drawn for drawn in frames.frames if "StepsView" in drawn][-1]
        assert "StatusLine" in with_tick, frames.frames


async def test_the_tick_the_list_row_and_the_day_s_counts_reach_the_screen_in_one_frame(
        app: FollowupApp) -> None:
    """Everything a save changes on the main screen is drawn in the frame that draws
    the tick: the interview's row in the list and the counts at the top too, never a
    frame (a sixtieth of a second or more) after."""
    async with app.run_test(size=SIZE) as pilot:
        await open_acme_thanks(pilot)
        counts_before = app.main.query_one(SummaryBar).query(".summary-counts").first().visual
        frames = DrawnTogether(app)
        await pilot.press("space")
        await settle(pilot)
        assert line_of(app, "Sam Ortiz").startswith("✓ Sam Ortiz  thanked Thu 26 Nov")
        counts_after = app.main.query_one(SummaryBar).query(".summary-counts").first().visual
        assert counts_after != counts_before  # (the save changes the day's counts)
        with_tick = [drawn for drawn in frames.frames if "StepsView" in drawn][-1]
        assert {"InterviewList", "_Part"} <= with_tick, frames.frames
