"""Keys that arrive in one burst (a fast typist, a paste, a slow SSH link) are
handled in the order they were typed."""

from __future__ import annotations

import datetime as dt

from textual import events
from textual.app import App
from textual.widgets import Input

from tui.app import FollowupApp
from tui.forms import InterviewForm

TODAY = dt.date(2026, 11, 26)


class Host(App[None]):
    BINDINGS = FollowupApp.BINDINGS

    def on_mount(self) -> None:
        self.push_screen(InterviewForm(TODAY))


def _burst(app: App[None], keys: list[str]) -> None:
    # As the terminal driver does: every key posted at once, none handled yet.
    for key in keys:
        char = key if len(key) == 1 else None
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
