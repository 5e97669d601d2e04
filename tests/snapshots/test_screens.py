"""What the screen looks like, pinned as SVG snapshots (tests/snapshots/__snapshots__/).

Fixed clock (Thu 26 Nov 2026), fixed data, fixed terminal sizes, and no
blinking cursor (see conftest). After a deliberate change of look, run
`pytest tests/snapshots/test_screens.py --snapshot-update` and look at every changed
picture in snapshot_report.html before accepting it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import fixed_clock
from tui.app import FollowupApp, make_app

SnapCompare = Callable[..., bool]


@pytest.fixture
def app(db_path: Path, mixed_data: dict[str, str]) -> FollowupApp:
    return make_app(db_path, clock=fixed_clock)


def test_first_launch(snap_compare: SnapCompare, db_path: Path) -> None:
    assert snap_compare(make_app(db_path, clock=fixed_clock), terminal_size=(80, 24))


def test_list_of_mixed_states(snap_compare: SnapCompare, app: FollowupApp) -> None:
    assert snap_compare(app, terminal_size=(100, 30))


def test_step_1_appreciation(snap_compare: SnapCompare, app: FollowupApp) -> None:
    # Acme Corp: Dana thanked, Sam still to thank today.
    assert snap_compare(app, press=["j", "1"], terminal_size=(100, 30))


def test_step_1_while_marking_done_is_saving(snap_compare: SnapCompare,
                                             app: FollowupApp) -> None:
    # Sam Ortiz marked done with space, the save still on its way to the disk:
    # "saving…" in place of his mark, and no tick yet.
    gate = threading.Event()

    async def mark_while_the_disk_is_slow(pilot: Any) -> None:
        storage = pilot.app.repo.storage
        write_file = storage._write_file

        def held(data: Any) -> None:
            gate.wait(10)
            write_file(data)

        storage._write_file = held
        take = pilot.app.export_screenshot

        def screenshot(**options: Any) -> str:
            try:
                return str(take(**options))
            finally:
                gate.set()  # the picture is taken: let the save land

        pilot.app.export_screenshot = screenshot
        await pilot.press("j", "1", "space")

    assert snap_compare(app, run_before=mark_while_the_disk_is_slow, terminal_size=(100, 30))


def test_step_2_references(snap_compare: SnapCompare, app: FollowupApp) -> None:
    assert snap_compare(app, press=["j", "2"], terminal_size=(100, 30))


def test_step_3_follow_up_waits_for_the_decision(snap_compare: SnapCompare,
                                                   app: FollowupApp) -> None:
    assert snap_compare(app, press=["j", "3"], terminal_size=(100, 30))


def test_missing_field_is_highlighted(snap_compare: SnapCompare, app: FollowupApp) -> None:
    # Northwind's Riley Chen has no topic: <<topic>> is marked and named.
    async def scroll_to_gap(pilot: Any) -> None:
        await pilot.press("1", "j")
        await pilot.pause()
        pilot.app.screen.query_one(".preview-scroll").scroll_to(y=6, animate=False)

    assert snap_compare(app, run_before=scroll_to_gap, terminal_size=(100, 30))


def test_help_screen(snap_compare: SnapCompare, app: FollowupApp) -> None:
    assert snap_compare(app, press=["question_mark"], terminal_size=(100, 30))


def test_small_terminal_80x24(snap_compare: SnapCompare, app: FollowupApp) -> None:
    assert snap_compare(app, terminal_size=(80, 24))


def test_small_terminal_80x24_in_a_step(snap_compare: SnapCompare, app: FollowupApp) -> None:
    assert snap_compare(app, press=["j", "1"], terminal_size=(80, 24))


def test_large_terminal_120x40(snap_compare: SnapCompare, app: FollowupApp) -> None:
    assert snap_compare(app, press=["j", "3"], terminal_size=(120, 40))
