"""The scroll bars of the list and of the message: drawn from cells kept per thumb
position (see widgets/scroll_bar.py), they must look exactly as Textual's own at
every position, and still be dragged and clicked with the mouse."""

from __future__ import annotations

from pathlib import Path

from textual.geometry import Region
from textual.scrollbar import ScrollBar

from store.repository import Repository
from tests.conftest import day, fixed_clock
from tui.app import make_app
from widgets.interview_list import InterviewList
from widgets.message_preview import MessageBody
from widgets.scroll_bar import KeptScrollBar


def textuals_own(bar: ScrollBar) -> list[list[object]]:
    """The bar's lines as Textual's scroll bar draws them (nothing kept)."""
    bar._styles_cache.clear()
    crop = Region(0, 0, bar.size.width, bar.size.height)
    return [list(strip) for strip in ScrollBar.render_lines(bar, crop)]


def shown(bar: ScrollBar) -> list[list[object]]:
    crop = Region(0, 0, bar.size.width, bar.size.height)
    return [list(strip) for strip in bar.render_lines(crop)]


async def test_holding_j_through_a_long_list_moves_its_thumb_as_textual_draws_it(
        db_path: Path) -> None:
    repo = Repository(db_path)
    repo.update_settings(name="Alex Morgan")
    for n in range(40):
        repo.add_interview(f"Company {n}", "Engineer", day(11, 1 + n % 25))
    app = make_app(db_path, clock=fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        interview_list = app.query_one(InterviewList)
        interview_list.focus()
        bar = interview_list.vertical_scrollbar
        assert isinstance(bar, KeptScrollBar)
        tops = set()
        # Down to the end and back up: every place of the thumb, each seen twice.
        for key in ["j"] * 45 + ["k"] * 45:
            await pilot.press(key)
            await pilot.pause()
            tops.add(interview_list.scroll_offset.y)
            assert shown(bar) == textuals_own(bar)
        assert len(tops) > 20  # the list did scroll, one row at a time


async def test_the_message_scroll_bar_is_dragged_and_clicked_with_the_mouse(
        db_path: Path, mixed_data: dict[str, str]) -> None:
    app = make_app(db_path, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        body = app.query_one(MessageBody)
        assert body.max_scroll_y > 0  # a message longer than the view
        bar = body.vertical_scrollbar
        await pilot.mouse_down(bar, offset=(0, 0))
        await pilot.hover(bar, offset=(0, 3))
        await pilot.mouse_up(bar, offset=(0, 3))
        await pilot.pause()
        dragged = body.scroll_y
        assert dragged > 0
        await pilot.click(bar, offset=(0, 0))  # the track above the thumb: back up
        await pilot.pause()
        assert body.scroll_y < dragged
