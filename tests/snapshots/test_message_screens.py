"""What rewording a message and the notes on it look like, pinned as SVG snapshots.

Same rules as tests/snapshots/test_screens.py: fixed clock and data, fixed sizes, no
blinking cursor; look at every changed picture before accepting it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import TextArea

from tests.conftest import fixed_clock
from tui.app import FollowupApp, make_app

SnapCompare = Callable[..., bool]


@pytest.fixture
def app(db_path: Path, mixed_data: dict[str, str]) -> FollowupApp:
    return make_app(db_path, clock=fixed_clock)


async def _reword_sam(pilot: Any, addition: str) -> None:
    """Acme Corp, Sam Ortiz's thank-you: w, a line added at the end, ctrl+s."""
    await pilot.press("j", "1", "w")
    await pilot.pause()
    area = pilot.app.screen.query_one(TextArea)
    area.move_cursor(area.document.end)
    await pilot.press(*[{"\n": "enter", " ": "space"}.get(c, c) for c in addition])
    await pilot.press("ctrl+s")
    await pilot.app.workers.wait_for_complete()
    pilot.app.clear_notifications()
    await pilot.pause()


def test_the_reword_editor_80x24(snap_compare: SnapCompare, app: FollowupApp) -> None:
    assert snap_compare(app, press=["j", "1", "w"], terminal_size=(80, 24))


def test_a_reworded_message_80x24(snap_compare: SnapCompare, app: FollowupApp) -> None:
    async def reword(pilot: Any) -> None:
        await _reword_sam(pilot, "\nPS: go Pirates!")
        pilot.app.screen.query_one(".preview-scroll").focus()
        await pilot.pause()
        pilot.app.screen.query_one(".preview-scroll").scroll_end(animate=False)
        await pilot.pause()

    assert snap_compare(app, run_before=reword, terminal_size=(80, 24))


def test_notes_before_sending_80x24(snap_compare: SnapCompare, app: FollowupApp) -> None:
    # Acme Corp said they would decide by Fri 27 Nov: a follow-up today is too early,
    # and this one, reworded, also nags.
    async def nag(pilot: Any) -> None:
        await pilot.press("j", "3", "w")
        await pilot.pause()
        area = pilot.app.screen.query_one(TextArea)
        area.move_cursor(area.document.end)
        await pilot.press("enter", *"Just", "space", *"checking", "space", *"in!")
        await pilot.press("ctrl+s")
        await pilot.app.workers.wait_for_complete()
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app, run_before=nag, terminal_size=(80, 24))


def test_notes_under_the_message_80x24(snap_compare: SnapCompare, app: FollowupApp) -> None:
    # The same notes in full, under the message, scrolled to.
    async def scroll(pilot: Any) -> None:
        await pilot.press("j", "3")
        await pilot.pause()
        pilot.app.screen.query_one(".preview-scroll").focus()
        await pilot.pause()
        pilot.app.screen.query_one(".preview-scroll").scroll_end(animate=False)
        await pilot.pause()

    assert snap_compare(app, run_before=scroll, terminal_size=(80, 24))
