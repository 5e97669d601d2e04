"""Every screen a user sees, at 60x15, 80x24 and 120x40, in a dark and a light theme.

One run of the app per picture. Before the picture is compared, the same run
checks what the issue of small terminals was about, on every screen and size:

* the footer shows each key whole or not at all, and keeps the keys that must
  stay (`?` and `q`; a form's `esc` and `^s`);
* no widget runs past the right edge of the window (a box that loses its right
  border, a line cut by the window instead of wrapped);
* nothing stale: what a terminal shows, built only from the updates the app
  sent it, is what the app would draw afresh.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandList

from store.repository import Repository
from tests.conftest import build_mixed_data, day, fixed_clock
from tests.terminal import Terminal, attach
from tui.app import FollowupApp, make_app
from tui.forms import FormScreen
from widgets.key_footer import ALL_KEYS, MORE, KeyFooter

SnapCompare = Callable[..., bool]
Drive = Callable[[Any], Awaitable[None]]

SIZES = [(60, 15), (80, 24), (120, 40)]
THEMES = ["textual-dark", "textual-light"]


async def settle(pilot: Any) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def keys(*pressed: str) -> Drive:
    async def drive(pilot: Any) -> None:
        for key in pressed:
            await pilot.press(key)
            await settle(pilot)
    return drive


def form_error(*pressed: str, field: str = "", value: str = "") -> Drive:
    """Open a form, optionally put a bad value into a field, and try to save it."""
    async def drive(pilot: Any) -> None:
        await keys(*pressed)(pilot)
        if field:
            screen = pilot.app.screen
            assert isinstance(screen, FormScreen)
            screen.field(field).control.value = value
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, FormScreen)  # refused: the form stays, with its error
    return drive


async def open_palette(pilot: Any) -> None:
    """The palette, searched for "interview". Unsearched, it lists each provider's
    commands in the order the providers answer, which varies from run to run;
    searched, by how well each matches. Its commands come in from workers: wait
    until the list has settled."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*"interview")
    palette = pilot.app.screen
    last = -1
    for _ in range(100):
        await pilot.pause(0.05)
        count = palette.query_one(CommandList).option_count
        busy = palette._show_busy or any(not w.is_finished for w in palette.workers)
        if count == last and count > 0 and not busy:
            return
        last = count


def one_thank_you_due(repo: Repository) -> None:
    repo.update_settings(name="Alex Morgan")
    repo.add_interview("Acme Corp", "Senior Developer", day(11, 25),
                       interviewers=[{"name": "Dana Lee", "topic": "search"}])


# (name, data, how to get there)
STATES: list[tuple[str, Callable[[Repository], Any] | None, Drive]] = [
    ("first-launch", None, keys()),
    ("list", build_mixed_data, keys()),
    ("step-1", build_mixed_data, keys("j", "1")),
    ("step-2", build_mixed_data, keys("j", "2")),
    ("step-3", build_mixed_data, keys("j", "3")),
    ("today", build_mixed_data, keys("t")),
    ("today-all-done", one_thank_you_due, keys("t", "space")),
    ("form-interview", build_mixed_data, form_error("n")),
    ("form-interviewer", build_mixed_data, form_error("j", "1", "a")),
    ("form-settings", build_mixed_data,
     form_error("s", field="follow_up_wait", value="soon")),
    ("help", build_mixed_data, keys("question_mark")),
    ("history", build_mixed_data, keys("j", "h")),
    ("palette", build_mixed_data, open_palette),
]


def footer_problems(app: FollowupApp, line: str) -> list[str]:
    """What is wrong with the footer line as drawn: a key cut, a key that must stay missing."""
    footers = app.screen.query(KeyFooter)
    if not footers:
        return []
    footer = footers.first()
    entries, palette = footer.entries()
    labels = {entry.label for entry in entries}
    labels |= {f"{e.display} {ALL_KEYS}" for e in entries}
    labels |= {palette.label} if palette is not None else set()
    labels.add(MORE)
    problems = []
    rest = line.strip()
    while rest:
        found = max((label for label in labels if rest.startswith(label) and
                     (len(rest) == len(label) or rest[len(label)] == " ")),
                    key=len, default=None)
        if found is None:
            problems.append(f"a cut or unknown key at {rest!r} in {line!r}")
            break
        rest = rest[len(found):].lstrip()
    offered = {entry.keys[0]: entry for entry in entries}
    for key in footer.keep:
        entry = offered.get(key)
        if entry is not None and entry.label not in line and \
                f"{entry.display} {ALL_KEYS}" not in line:
            problems.append(f"{entry.label!r} is not in {line!r}")
    return problems


def layout_problems(app: FollowupApp) -> list[str]:
    """Widgets whose box runs past the right edge of the window."""
    screen = app.screen
    width = screen.size.width
    return [f"{widget!r} runs to column {region.right} of {width}"
            for widget, (region, _clip) in screen._compositor.visible_widgets.items()
            if region.right > width]


def stale_problems(app: FollowupApp, terminal: Terminal) -> list[str]:
    fresh = [strip.text.rstrip() for strip in app.screen._compositor.render_strips()]
    shown = terminal.text.split("\n")
    return [f"line {y}: terminal shows {got!r}, the app draws {want!r}"
            for y, (got, want) in enumerate(zip(shown, fresh, strict=False)) if got != want]


def make(db_path: Path, fill: Callable[[Repository], Any] | None, theme: str) -> FollowupApp:
    repo = Repository(db_path, clock=fixed_clock)
    if fill is not None:
        fill(repo)
    if theme != "textual-dark":
        repo.update_settings(theme=theme)
    return make_app(db_path, clock=fixed_clock)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("state", STATES, ids=lambda state: state[0])
def test_screen(snap_compare: SnapCompare, db_path: Path, state: tuple[str, Any, Drive],
                size: tuple[int, int], theme: str) -> None:
    name, fill, drive = state
    app = make(db_path, fill, theme)
    terminal = attach(app, *size)

    async def run_before(pilot: Any) -> None:
        await pilot.pause()
        await drive(pilot)
        await pilot.pause()
        line = app.screen._compositor.render_strips()[-1].text
        problems = [*footer_problems(app, line), *layout_problems(app),
                    *stale_problems(app, terminal)]
        assert not problems, "\n".join([f"{name} at {size} in {theme}:", *problems,
                                        terminal.text])
        if name in ("list", "step-1", "step-2", "step-3", "today", "first-launch"):
            assert "q Quit" in line and "? " in line, line
        # The status line goes after a few seconds: take it away now, so the picture
        # does not depend on how busy the machine is.
        app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app, run_before=run_before, terminal_size=size)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", [(40, 10), (59, 24)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_too_small(snap_compare: SnapCompare, db_path: Path, size: tuple[int, int],
                   theme: str) -> None:
    app = make(db_path, build_mixed_data, theme)
    assert snap_compare(app, terminal_size=size)
