"""Small and odd terminal sizes: a usable layout, or a clear "make the window larger".

At 60x15 the list, the steps and the forms still work (cramped); below that
a screen over everything says how big the window needs to be, and goes away
by itself once it is - with whatever was open (a half-filled form) intact.
Never a traceback, at any size down to a single cell.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from store.repository import Repository
from tests.conftest import fixed_clock
from tui.app import FollowupApp, make_app
from tui.forms import InterviewForm
from tui.main_screen import MainScreen
from tui.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmallScreen

SnapCompare = Callable[..., bool]


def screen_text(app: FollowupApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def test_40x10_says_how_large_the_window_must_be(snap_compare: SnapCompare, db_path: Path,
                                                 mixed_data: dict[str, str]) -> None:
    assert snap_compare(make_app(db_path, clock=fixed_clock), terminal_size=(40, 10))


def test_60x15_is_the_smallest_usable_layout(snap_compare: SnapCompare, db_path: Path,
                                             mixed_data: dict[str, str]) -> None:
    assert (MIN_WIDTH, MIN_HEIGHT) == (60, 15)
    assert snap_compare(make_app(db_path, clock=fixed_clock), press=["1"],
                        terminal_size=(60, 15))


def test_60x15_new_interview_form(snap_compare: SnapCompare, db_path: Path,
                                  mixed_data: dict[str, str]) -> None:
    assert snap_compare(make_app(db_path, clock=fixed_clock), press=["n", *"Acme"],
                        terminal_size=(60, 15))


async def test_a_form_survives_the_window_shrinking_and_growing(db_path: Path,
                                                                mixed_data: dict[str, str]
                                                                ) -> None:
    app = make_app(db_path, clock=fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("n", *"Zeta", "tab", *"SRE")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, InterviewForm)
        for size in ((40, 10), (59, 24), (1, 1)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert isinstance(app.screen, TooSmallScreen), size
            if size[0] >= 40:
                text = screen_text(app)
                assert "Make the window larger" in text
                assert f"needs 60×15; this one is {size[0]}×{size[1]}" in text
            # A key pressed blind does nothing: it does not reach the form beneath.
            await pilot.press("x", "ctrl+s")
        assert [type(s).__name__ for s in app.screen_stack[1:]] == \
            ["InterviewForm", "TooSmallScreen"]
        await pilot.resize_terminal(60, 15)
        await pilot.pause()
        assert app.screen is form
        assert form.field("company").control.value == "Zeta"
        assert form.field("role").control.value == "SRE"
        await pilot.resize_terminal(100, 30)
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert "Zeta" in screen_text(app)
    assert "Zeta" in {i.company for i in Repository(db_path).interviews()}


async def test_every_size_from_one_cell_up_draws_without_an_error(
        db_path: Path, mixed_data: dict[str, str]) -> None:
    app = make_app(db_path, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("1")
        for width, height in ((1, 1), (2, 40), (200, 2), (30, 8), (59, 15), (60, 14),
                              (60, 15), (250, 70)):
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            small = width < MIN_WIDTH or height < MIN_HEIGHT
            assert isinstance(app.screen, TooSmallScreen) == small, (width, height)
            assert screen_text(app)  # drawn
        assert app.is_running


async def test_a_narrow_window_settles_instead_of_laying_out_forever(
        db_path: Path, mixed_data: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Squeezed under 40 columns, the draft's scroll area used to add and drop its
    scroll bar in turn, re-flowing the main screen without end (a core kept busy)."""
    layouts = 0
    real = MainScreen._on_layout

    async def counting(self: MainScreen, message: Any) -> None:
        nonlocal layouts
        layouts += 1
        await real(self, message)

    monkeypatch.setattr(MainScreen, "_on_layout", counting)
    app = make_app(db_path, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for size in ((30, 8), (80, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause(0.2)
            layouts = 0
            await pilot.pause(0.2)
            assert layouts == 0, (size, layouts)


async def test_q_quits_from_the_too_small_screen(db_path: Path) -> None:
    app = make_app(db_path, clock=fixed_clock)
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.press("q")
        await pilot.pause()
    assert not app.is_running
