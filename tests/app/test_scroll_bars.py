"""The scroll bars of the list and of the message: drawn by the views in their own
lines (see widgets/scroll_bar.py), they must look exactly as Textual's own at every
position, and still be dragged and clicked with the mouse."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.style import Style
from textual.scrollbar import ScrollBarRender
from textual.widget import Widget

from store.repository import Repository
from tests.conftest import day, fixed_clock
from tui.app import FollowupApp, make_app
from widgets.interview_list import InterviewList
from widgets.lines import LinesView
from widgets.message_preview import MessageBody
from widgets.status_line import StatusLine
from widgets.two_line_list import SCREENS_KEPT


def bar_column(app: Any, widget: Widget) -> list[tuple[str, Style]]:
    """The cells of the widget's scroll bar column as the screen shows them (meta, which
    only names the mouse's actions, left out)."""
    region = widget.scrollable_content_region
    x = region.right - 1
    # (The compositor's whole frame, as the terminal would be sent it.)
    lines = app.screen._compositor.render_strips()
    cells = []
    for y in range(region.y, region.bottom):
        segments = list(lines[y].crop(x, x + 1))
        cells.append((segments[0].text, segments[0].style.copy().clear_meta_and_links()
                      if segments[0].style else Style()))
    return cells


async def textuals_own_bar(pilot: Any, widget: Widget) -> list[tuple[str, Style]]:
    """The same column with Textual's own scroll bar shown in its place."""
    widget.styles.overflow_y = "auto"
    await pilot.pause()
    try:
        return bar_column(pilot.app, widget)
    finally:
        widget.styles.overflow_y = "hidden"
        await pilot.pause()


def rendered_by_textual(widget: Widget) -> list[tuple[str, Style]]:
    """What Textual's `ScrollBarRender` makes of the view's length and place, in the
    colours `ScrollBar.render` gives it, on the view's style."""
    region = widget.scrollable_content_region
    colours = widget.bar_style()  # type: ignore[attr-defined]
    virtual = widget.virtual_size.height
    segments = ScrollBarRender.render_bar(
        size=region.height, virtual_size=virtual,
        window_size=region.height if region.height < virtual else 0,
        position=int(widget.scroll_y * 8) / 8, thickness=1,
        back_color=colours.bgcolor, bar_color=colours.color)
    base = widget.rich_style
    return [(segment.text, (base + segment.style).copy().clear_meta_and_links())
            for segment in segments.segments if segment.text != "\n"]


def forty_interviews(db_path: Path) -> FollowupApp:
    """The app on forty interviews: more than the list shows at once, so it scrolls."""
    repo = Repository(db_path)
    repo.update_settings(name="Alex Morgan")
    for n in range(40):
        repo.add_interview(f"Company {n}", "Engineer", day(11, 1 + n % 25))
    return make_app(db_path, clock=fixed_clock)


async def test_holding_j_through_a_long_list_moves_its_thumb_as_textual_draws_it(
        db_path: Path) -> None:
    app = forty_interviews(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        interview_list = app.query_one(InterviewList)
        interview_list.focus()
        tops = set()
        # Down to the end and back up: the thumb at every place, its ends partly filled.
        for n, key in enumerate(["j"] * 45 + ["k"] * 45):
            await pilot.press(key)
            await pilot.pause()
            tops.add(interview_list.scroll_offset.y)
            if n % 4 == 0:
                drawn = bar_column(app, interview_list)
                assert drawn == await textuals_own_bar(pilot, interview_list)
        assert len(tops) > 20  # the list did scroll, one row at a time


async def test_the_message_scroll_bar_looks_as_textuals(
        db_path: Path, mixed_data: dict[str, str]) -> None:
    app = make_app(db_path, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        body = app.query_one(MessageBody)
        assert body.max_scroll_y > 0
        for _ in range(3):
            assert bar_column(app, body) == rendered_by_textual(body)
            body.scroll_to(y=body.scroll_y + 2, animate=False)
            await pilot.pause()


async def test_the_message_scroll_bar_is_dragged_and_clicked_with_the_mouse(
        db_path: Path, mixed_data: dict[str, str]) -> None:
    app = make_app(db_path, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        body = app.query_one(MessageBody)
        assert body.max_scroll_y > 0  # a message longer than the view
        bar = body.size.width - 1  # its last column
        await pilot.mouse_down(body, offset=(bar, 0))
        await pilot.hover(body, offset=(bar, 3))
        await pilot.mouse_up(body, offset=(bar, 3))
        await pilot.pause(0.3)
        dragged = body.scroll_y
        assert dragged > 0
        await pilot.click(body, offset=(bar, 0))  # the track above the thumb: back up
        await pilot.pause(0.3)
        assert body.scroll_y < dragged


def list_cells(app: Any, widget: Widget) -> list[list[tuple[str, Style | None]]]:
    """The list's rows as the screen shows them (meta left out)."""
    region = widget.region
    lines = app.screen._compositor.render_strips()
    return [[(segment.text, segment.style.copy().clear_meta_and_links()
              if segment.style else None)
             for segment in lines[y].crop(region.x, region.right)]
            for y in range(region.y, region.bottom)]


def forget_every_line(interview_list: InterviewList) -> None:
    """Everything the list keeps forgotten, so the next frame makes every line again:
    its rows' lines, as finished and as shown (a style update forgets those), and
    those joined with the scroll bar."""
    interview_list.notify_style_update()
    interview_list._with_bar.clear()
    interview_list._finish = ()
    interview_list.refresh()


async def test_the_list_drawn_after_a_confirmation_came_and_went_is_the_list_drawn_afresh(
        db_path: Path) -> None:
    # The confirmation's line takes a row from under the list, then gives it back: the
    # lines the list keeps from before must be the lines it would draw now.
    app = forty_interviews(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        interview_list = app.query_one(InterviewList)
        interview_list.focus()
        for _ in range(20):
            await pilot.press("j")
        await pilot.pause()
        height = interview_list.region.height
        for shown in (True, False, True, False):
            if shown:
                app.say_at_once("Saved")
            else:
                app.screen.query_one(StatusLine).clear()
            await pilot.pause()
            assert (interview_list.region.height < height) is shown
            await pilot.press("k")
            await pilot.press("j")
            await pilot.pause()
            kept = list_cells(app, interview_list)
            forget_every_line(interview_list)
            await pilot.pause()
            assert kept == list_cells(app, interview_list)


async def test_the_list_keeps_a_few_screens_of_lines_however_far_the_cursor_goes(
        db_path: Path) -> None:
    """Down a long list and back up: the lines the list keeps stay within a few screens
    of it (every row the cursor passed used to stay in memory), and the rows it makes
    again on the way back up are drawn as the rows drawn afresh."""
    app = forty_interviews(db_path)
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.pause()
        interview_list = app.query_one(InterviewList)
        interview_list.focus()
        height = interview_list.content_region.height
        kept_at_most = SCREENS_KEPT * height
        for key in ["j"] * 39 + ["k"] * 39:
            await pilot.press(key)
            await pilot.pause()
            for lines in (interview_list._lines, interview_list._finished,
                          interview_list._with_bar):
                assert len(lines) <= kept_at_most
            # (Those as the frames showed them are forgotten at the next frame past it.)
            assert len(interview_list._shown) <= kept_at_most + height
        assert interview_list.cursor == 0
        kept = list_cells(app, interview_list)
        forget_every_line(interview_list)
        await pilot.pause()
        assert kept == list_cells(app, interview_list)


async def test_the_detail_pane_keeps_the_lines_of_its_kept_panes_only(db_path: Path) -> None:
    """Down a long list: each view of the detail pane keeps the lines it made for the
    panes it keeps laid out (the title's padded lines used to pile up, one set for
    every interview the cursor passed)."""
    app = forty_interviews(db_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.query_one(InterviewList).focus()
        for _ in range(39):
            await pilot.press("j")
            await pilot.pause()
        for view in app.screen.query(LinesView):
            # The lines in sight of its kept layouts, at the tallest it has been (as the
            # view counts them for the lines joined with its scroll bar).
            kept_at_most = view._with_bar.maxsize
            assert kept_at_most <= view.LAYOUTS_KEPT * app.size.height
            assert len(view._padded_lines) <= kept_at_most
