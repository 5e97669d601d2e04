"""What the user sees at each size: nothing clipped, covered, stale or leaking.

Each test plays the screen updates onto a model terminal (`tests.terminal`), so
it reads what a real terminal would show, a line the app forgot to redraw
included.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.binding import Binding

from tests.conftest import fixed_clock
from tests.terminal import Terminal, attach
from tui.app import FollowupApp, make_app
from widgets.key_footer import ALL_KEYS, FooterKey, entries_from, fit


def start(db_path: Path, width: int, height: int) -> tuple[FollowupApp, Terminal]:
    app = make_app(db_path, clock=fixed_clock)
    return app, attach(app, width, height)


def lines(terminal: Terminal) -> list[str]:
    return terminal.text.split("\n")


# --- 1. the preview shows the focused message's own notes ------------------------------------

async def test_a_note_of_the_last_person_does_not_stay_on_the_screen(
        db_path: Path, mixed_data: dict[str, str]) -> None:
    # Northwind: Morgan has a topic noted, Riley has none (so his message has a gap).
    app, terminal = start(db_path, 80, 24)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert "Thank-you email to Morgan Blake" in terminal.text
        assert "is still empty" not in terminal.text
        await pilot.press("j")
        await pilot.pause()
        assert "Thank-you email to Riley Chen" in terminal.text
        assert "<<topic>> is still empty" in terminal.text
        await pilot.press("k")
        await pilot.pause()
        assert "Thank-you email to Morgan Blake" in terminal.text
        assert "is still empty" not in terminal.text, terminal.text
        assert "before sending" not in terminal.text, terminal.text


# --- 3. the footer: whole keys, help and quit always, a sign when keys are left out -----------

def footer(terminal: Terminal) -> str:
    return lines(terminal)[-1]


@pytest.mark.parametrize("size", [(60, 15), (80, 24), (100, 30)])
async def test_the_footer_keeps_help_and_quit_and_cuts_no_key(
        db_path: Path, mixed_data: dict[str, str], size: tuple[int, int]) -> None:
    app, terminal = start(db_path, *size)
    async with app.run_test(size=size) as pilot:
        for keys in ((), ("enter",), ("tab",)):
            await pilot.press(*keys)
            await pilot.pause()
            line = footer(terminal)
            assert len(line) <= size[0]
            assert "q Quit" in line, line
            assert "? Help" in line or f"… ? {ALL_KEYS}" in line, line
            for cut in ("? He ", "Lis▏", "palettep", "paletteQ", "▏"):
                assert not line.endswith(cut.strip()) and "▏" not in line, line
            shown = app.screen.query_one("KeyFooter")
            labels = [entry.label for entry in shown.shown()]
            assert " ".join(labels) == line.strip(), line


async def test_at_80x24_a_step_says_that_keys_are_left_out(
        db_path: Path, mixed_data: dict[str, str]) -> None:
    app, terminal = start(db_path, 80, 24)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        line = footer(terminal)
        assert "T Tone" in line and "w Reword" in line
        # History does not fit: the footer says there are more keys, and where.
        assert "h History" not in line
        assert line.rstrip().endswith(f"esc List … ? {ALL_KEYS} q Quit"), line


def test_fit_shows_each_key_whole_or_not_at_all() -> None:
    entries = [FooterKey(("c",), "c", "Copy"), FooterKey(("v",), "v", "Variant"),
               FooterKey(("h",), "h", "History"), FooterKey(("question_mark",), "?", "Help"),
               FooterKey(("q",), "q", "Quit")]
    keep = ("question_mark", "q")
    assert fit(entries, keep, 80) == (entries, False)
    for width in range(0, 40):
        shown, hidden = fit(entries, keep, width)
        text = " ".join(entry.label for entry in shown)
        assert len(text) <= width
        if width >= len("… ? all keys q Quit"):
            assert text.endswith("q Quit")
            assert hidden == (text != "c Copy v Variant h History ? Help q Quit")
    shown, hidden = fit(entries, keep, 30)
    assert " ".join(e.label for e in shown) == "c Copy … ? all keys q Quit"
    assert hidden


def test_a_group_of_keys_is_one_entry() -> None:
    group = Binding.Group("Step", compact=True)
    bindings = [(Binding("1", "step(1)", "One", group=group), True, "1"),
                (Binding("2", "step(2)", "Two", group=group), True, "2"),
                (Binding("3", "step(3)", "Three", group=group), True, "3"),
                (Binding("t,escape", "back", "Back"), True, "t"),
                (Binding("escape", "back", "Back"), True, "esc")]
    assert [e.label for e in entries_from(bindings)] == ["123 Step", "t Back"]


# --- 2. 60x15: the message is in sight in a step; boxes keep their frame ------------------------

async def test_at_60x15_a_step_shows_its_message(db_path: Path,
                                                 mixed_data: dict[str, str]) -> None:
    app, terminal = start(db_path, 60, 15)
    async with app.run_test(size=(60, 15)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert "Thank-you email to" in terminal.text
        assert "Thank you for the" in terminal.text, terminal.text
        await pilot.press("tab")
        await pilot.pause()
        assert "Thank you for the" in terminal.text, terminal.text


def assert_framed(terminal: Terminal) -> None:
    """Every box on the screen is closed on the right: no border cut by the window's edge."""
    rows = [line for line in lines(terminal) if line.strip()[:1] in ("╭", "│", "╰")]
    assert rows, terminal.text
    for line in rows:
        body = line.strip()
        assert body[-1] == {"╭": "╮", "│": "│", "╰": "╯"}[body[0]], terminal.text


@pytest.mark.parametrize("size", [(60, 15), (80, 24)])
async def test_the_first_launch_box_fits_the_window(db_path: Path,
                                                    size: tuple[int, int]) -> None:
    app, terminal = start(db_path, *size)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert "No interviews yet" in terminal.text
        assert_framed(terminal)
        assert any(line.strip().startswith("╰") for line in lines(terminal)), terminal.text


@pytest.mark.parametrize("size", [(60, 15), (80, 24)])
async def test_the_today_box_with_nothing_due_fits_the_window(repo, db_path: Path,
                                                              size: tuple[int, int]) -> None:
    from tests.conftest import day

    initech = repo.add_interview("Initech", "Backend Engineer", day(11, 24),
                                 decision_by=day(12, 3),
                                 interviewers=[{"name": "Bill Lumbergh", "topic": "TPS"}])
    repo.mark_thanked(initech.id, initech.interviewers[0].id, day(11, 24))
    app, terminal = start(db_path, *size)
    async with app.run_test(size=size) as pilot:
        await pilot.press("t")
        await pilot.pause()
        assert "Nothing due today" in terminal.text
        assert_framed(terminal)
        # The top line keeps a gap between the day and the counts.
        assert "2026 nothing due" in " ".join(lines(terminal)[0].split()), terminal.text


# --- 5. a filter with no match says so, the layout unchanged ----------------------------------

@pytest.mark.parametrize("size", [(60, 15), (80, 24)])
async def test_a_filter_with_no_match_says_so_and_keeps_the_layout(
        db_path: Path, mixed_data: dict[str, str], size: tuple[int, int]) -> None:
    app, terminal = start(db_path, *size)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        divider = lines(terminal)[1].index("▕")
        await pilot.press("slash", *"zzz")
        await pilot.pause()
        in_list = " ".join(" ".join(line[:divider] for line in lines(terminal)).split())
        assert "No interview matches 'zzz' — esc clears" in in_list, terminal.text
        assert all(line[divider] == "▕" for line in lines(terminal)[1:-3]), terminal.text
        await pilot.press("escape")
        await pilot.pause()
        assert "Northwind Labs" in terminal.text
        assert "No interview matches" not in terminal.text


# --- 4. confirmations on the status line; a toast only for what needs attention ---------------

def toasts(app: FollowupApp) -> list:
    from textual.widgets._toast import Toast

    return list(app.screen.query(Toast))


@pytest.mark.parametrize("size", [(60, 15), (80, 24)])
async def test_a_copy_is_confirmed_on_the_status_line_not_over_the_message(
        db_path: Path, mixed_data: dict[str, str], size: tuple[int, int]) -> None:
    app, terminal = start(db_path, *size)
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.press("enter", "c")
        await pilot.pause()
        assert toasts(app) == []
        status = " ".join(" ".join(lines(terminal)[-4:-1]).split())
        assert "Copied the thank-you email for Morgan Blake" in status, terminal.text
        # The footer is still there, whole, under it.
        assert lines(terminal)[-1].rstrip().endswith("q Quit"), terminal.text
        # Marking done replaces the line rather than stacking another message.
        await pilot.press("space")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert toasts(app) == []
        assert "Marked Morgan Blake as thanked today" in terminal.text
        assert "Copied the thank-you" not in terminal.text


async def test_a_warning_toast_keeps_off_the_focused_message_and_comes_one_at_a_time(
        db_path: Path, mixed_data: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    app, terminal = start(db_path, 80, 24)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("enter", "tab")  # the message has the focus, at the bottom
        await pilot.pause()
        focused = app.screen.focused
        assert focused is not None and focused.region.y > 12
        await pilot.press("E")
        await pilot.pause()
        await pilot.press("E")
        await pilot.pause(0.2)
        shown = toasts(app)
        assert len(shown) == 1, ([(n.severity, n.message) for n in app.said], terminal.text)
        assert not shown[0].region.overlaps(focused.region), (shown[0].region, focused.region)
        assert "No editor is set" in terminal.text
        # In a step (the steps are at the top) it goes to the bottom instead.
        await pilot.press("1", "E")
        await pilot.pause(0.2)
        shown = toasts(app)
        focused = app.screen.focused
        assert len(shown) == 1 and focused is not None, (
            [n.message for n in app.said], terminal.text)
        assert not shown[0].region.overlaps(focused.region), (shown[0].region, focused.region)
