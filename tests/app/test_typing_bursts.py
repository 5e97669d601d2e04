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
