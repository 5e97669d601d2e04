"""Keys that arrive in one burst (a fast typist, a paste, a slow SSH link) are
handled in the order they were typed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual import events
from textual.app import App
from textual.widgets import Input

from store.models import Step
from store.repository import Repository
from tests.conftest import fixed_clock
from tui.app import FollowupApp, make_app
from tui.forms import InterviewForm
from widgets.interview_list import InterviewList
from widgets.steps_view import StepsView

TODAY = dt.date(2026, 11, 26)


class Host(App[None]):
    BINDINGS = FollowupApp.BINDINGS

    def on_mount(self) -> None:
        self.push_screen(InterviewForm(TODAY))


def _burst(app: App[None], keys: list[str]) -> None:
    # As the terminal driver does: every key posted at once, none handled yet.
    for key in keys:
        char = key if len(key) == 1 else " " if key == "space" else None
        app.post_message(events.Key(key, char))


async def test_text_typed_after_tab_in_one_burst_goes_to_the_next_field() -> None:
    app = Host()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        _burst(app, [*"Acme", "tab", *"Data Engineer"])
        await pilot.pause()
        await pilot.pause()
        form = app.screen
        assert form.query_one("#company Input", Input).value == "Acme"
        assert form.query_one("#role Input", Input).value == "Data Engineer"


async def test_space_twice_on_a_follow_up_while_it_is_saved_takes_it_back(
        db_path: Path, mixed_data: dict[str, str]) -> None:
    """Northwind's follow-up is late. `space space` (a key repeat) while the first is
    still being saved: the second press sees the first's follow-up and takes it
    back, instead of logging a second one and saying it is time to move on."""
    northwind = mixed_data["Northwind Labs"]
    app = make_app(db_path, clock=fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.main.open_action(northwind, Step.FOLLOW_UP, None)
        await pilot.pause()
        # The disk is slow: both presses are handled before the first save is done.
        with app._repo_lock:
            _burst(app, ["space", "space"])
            await pilot.pause()
            await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert Repository(db_path).interview(northwind).follow_ups == ()
        # A third press logs it again: each press is one toggle.
        with app._repo_lock:
            _burst(app, ["space"])
            await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(Repository(db_path).interview(northwind).follow_ups) == 1


async def test_a_filter_typed_in_one_burst_after_slash_keeps_every_letter(
        db_path: Path, mixed_data: dict[str, str]) -> None:
    """`/north` typed fast (or pasted): the letters after the slash go into the
    filter, not to the list (which dropped them) or to the screen's keys (`n` would
    open a new interview, `o` the outcome, `t` the Today view)."""
    app = make_app(db_path, clock=fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        if app.screen is not app.main:
            await pilot.press("t")  # from the Today view to the interviews
            await pilot.pause()
        _burst(app, ["slash", *"north"])
        await pilot.pause()
        await pilot.pause()
        assert app.screen is app.main
        assert app.main.query_one("#filter-input", Input).value == "north"
        app.post_message(events.Key("slash", "/"))  # a slash typed in the filter is text
        await pilot.pause()
        assert app.main.query_one("#filter-input", Input).value == "north/"


async def test_j_then_tab_in_one_burst_moves_the_list_then_the_focus(
        db_path: Path, mixed_data: dict[str, str]) -> None:
    """`j<tab>` typed fast: the list's cursor moves down one interview (the key was
    typed in the list), then the focus goes to the steps, whose cursor stays where it
    was; as when the two keys are typed slowly."""
    slow = make_app(db_path, clock=fixed_clock)
    fast = make_app(db_path, clock=fixed_clock)
    seen = []
    for app in (slow, fast):
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            if app.screen is not app.main:
                await pilot.press("t")  # from the Today view to the interviews
                await pilot.pause()
            interviews = app.query_one(InterviewList)
            interviews.focus()
            await pilot.press("g")
            await app.workers.wait_for_complete()
            await pilot.pause()
            first = app.main.interview
            steps = app.query_one(StepsView)
            if app is slow:
                await pilot.press("j", "tab")
            else:
                _burst(app, ["j", "tab"])
            await pilot.pause()
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.focused is steps
            assert app.main.interview is not None and first is not None
            assert app.main.interview.id != first.id
            seen.append((app.main.interview.id, steps.number, steps.item_id))
    assert seen[0] == seen[1]


async def test_keys_typed_before_a_slash_act_in_the_list(
        db_path: Path, mixed_data: dict[str, str]) -> None:
    """`jj/` typed fast moves the list's cursor two down, then opens the filter (the
    slash acts at once, but the keys before it were typed in the list)."""
    app = make_app(db_path, clock=fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        if app.screen is not app.main:
            await pilot.press("t")
            await pilot.pause()
        interviews = app.query_one(InterviewList)
        interviews.focus()
        await pilot.press("g")
        await pilot.pause()
        order = [row.interview_id for row in interviews.rows]
        _burst(app, ["j", "j", "slash"])
        await pilot.pause()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.focused is app.main.query_one("#filter-input", Input)
        assert interviews.selected_id == order[2]
