"""The detail pane follows the list's cursor: j and k show the interview the cursor
is on, with its steps and message, however fast they are typed, and never a pane
worked out before the data (or a template) changed.

The panes next to the cursor are prepared while the app is idle; these tests move
onto such panes after a change and check what the screen shows.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.pilot import Pilot

from store.message_kinds import MessageKind, Tone
from store.models import Step
from store.repository import Repository
from store.templates import template_path, write_default
from tests.conftest import TODAY, fixed_clock
from tui.app import FollowupApp, make_app
from widgets.interview_list import InterviewList
from widgets.message_preview import MessagePreview
from widgets.steps_view import StepsView

SIZE = (100, 30)

# The list on 26 Nov, most urgent first (see build_mixed_data).
ORDER = ["Northwind Labs", "Acme Corp", "Globex", "Pied Piper", "Initech", "Hooli",
         "Umbrella Health"]


@pytest.fixture
def app(db_path: Path, mixed_data: dict[str, str]) -> FollowupApp:
    return make_app(db_path, clock=fixed_clock)


def screen_text(app: FollowupApp) -> str:
    """What the terminal shows, as plain lines."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def detail_text(app: FollowupApp) -> str:
    """The right-hand side of the screen: the header, the steps and the message."""
    width = app.query_one(InterviewList).outer_size.width
    return "\n".join(line[width:].rstrip() for line in screen_text(app).splitlines()[1:-1])


async def idle(pilot: Pilot[Any]) -> None:
    """Let saves finish and the app do what it does while nothing is typed."""
    await pilot.app.workers.wait_for_complete()
    for _ in range(4):
        await pilot.pause()


async def go_to(pilot: Pilot[Any], company: str) -> None:
    """The list cursor onto `company` with j, one key at a time."""
    app: FollowupApp = pilot.app  # type: ignore[assignment]
    app.query_one(InterviewList).focus()
    await pilot.press("g")
    for _ in range(ORDER.index(company)):
        await pilot.press("j")
        await idle(pilot)
    assert app.main.interview is not None and app.main.interview.company == company


async def test_k_after_a_save_shows_what_was_saved(app: FollowupApp, db_path: Path,
                                                   mixed_data: dict[str, str]) -> None:
    """Sam is thanked on Acme; j then k come back to Acme with Sam thanked, and the
    message moves on to what is still to do."""
    acme = Repository(db_path).interview(mixed_data["Acme Corp"])
    sam = acme.interviewers[1]
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, "Acme Corp")
        assert "thanked Thu 26 Nov" not in detail_text(app)
        await pilot.press("1")
        await pilot.pause()
        assert app.query_one(StepsView).item_id == sam.id
        await pilot.press("space")
        await idle(pilot)
        await pilot.press("escape", "j")
        await idle(pilot)
        assert "Globex" in detail_text(app)
        await pilot.press("k")
        await idle(pilot)
        shown = detail_text(app)
        assert "Acme Corp" in shown
        assert "2 of 2 thanked" in shown
        assert f"{sam.name}  thanked Thu 26 Nov" in shown
        # Both thanked: the pane opens on the reference who is due.
        assert app.main.active_step is Step.REFERENCES
        assert "Reference heads-up" in app.query_one(MessagePreview).text


async def test_a_change_from_another_session_reaches_the_pane_next_to_the_cursor(
        db_path: Path, mixed_data: dict[str, str]) -> None:
    """While the cursor is on Northwind, Acme's pane (next to it) is ready; another
    session then thanks Sam on Acme. j shows Acme as it is on disk now."""
    app = make_app(db_path, clock=fixed_clock)
    app.poll_seconds = 0.05
    acme_id = mixed_data["Acme Corp"]
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, "Northwind Labs")
        other = Repository(db_path, clock=fixed_clock)
        other.mark_thanked(acme_id, other.interview(acme_id).interviewers[1].id, TODAY)
        for _ in range(40):
            await pilot.pause(0.05)
            await app.workers.wait_for_complete()
            acme_row = next(r for r in app.query_one(InterviewList).rows
                            if r.interview_id == acme_id)
            if acme_row.badge_text != "2 due today":
                break
        await idle(pilot)
        # Still the row under Northwind (the most urgent first).
        await pilot.press("j")
        await idle(pilot)
        assert app.main.interview is not None and app.main.interview.id == acme_id
        assert "2 of 2 thanked" in detail_text(app)


def _burst(app: FollowupApp, keys: list[str]) -> None:
    # As the terminal driver does: every key posted at once, none handled yet.
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))


async def test_a_burst_of_j_and_k_ends_on_the_right_interview_with_its_message(
        db_path: Path, mixed_data: dict[str, str]) -> None:
    """Keys typed faster than the screen draws end on the same screen as the same keys
    typed one at a time."""
    keys = ["j", "j", "j", "j", "k", "j", "j"]  # ends on Hooli
    slow = make_app(db_path, clock=fixed_clock)
    async with slow.run_test(size=SIZE) as pilot:
        await idle(pilot)
        for key in keys:
            await pilot.press(key)
            await idle(pilot)
        expected = detail_text(slow)
        expected_message = slow.query_one(MessagePreview).text
    assert "Hooli" in expected

    fast = make_app(db_path, clock=fixed_clock)
    async with fast.run_test(size=SIZE) as pilot:
        await idle(pilot)
        _burst(fast, keys)
        await idle(pilot)
        assert fast.main.interview is not None and fast.main.interview.company == "Hooli"
        assert fast.query_one(InterviewList).selected_id == mixed_data["Hooli"]
        assert detail_text(fast) == expected
        assert fast.query_one(MessagePreview).text == expected_message


@contextlib.contextmanager
def _no_suspend() -> Iterator[None]:
    yield


async def test_a_template_edited_with_E_words_the_next_interview_s_message_too(
        app: FollowupApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Northwind's thank-you (the pane above Acme's) was ready before the template
    changed; k shows it in the new wording."""
    script = tmp_path / "fake-editor"
    script.write_text("#!/bin/sh\nprintf 'See you soon!\\n' >> \"$1\"\n")
    script.chmod(0o700)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(script))
    # The headless driver cannot hand the terminal over; run the editor without that.
    monkeypatch.setattr(app, "suspend", _no_suspend)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, "Acme Corp")
        assert "See you soon!" not in app.query_one(MessagePreview).text
        await pilot.press("1", "E")
        await idle(pilot)
        assert "See you soon!" in app.query_one(MessagePreview).text
        await pilot.press("escape", "k")
        await idle(pilot)
        assert app.main.interview is not None
        assert app.main.interview.company == "Northwind Labs"
        preview = app.query_one(MessagePreview).text
        assert preview.startswith("Thank-you email")
        assert "See you soon!" in preview


async def test_a_template_file_changed_outside_the_app_words_the_message_shown_again(
        app: FollowupApp) -> None:
    """`followup templates edit` in another terminal: coming back to a message drawn
    earlier shows it in the new wording."""
    path = template_path(MessageKind.THANK_EMAIL, Tone.WARM)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, "Acme Corp")
        assert app.query_one(MessagePreview).text.startswith("Thank-you email")
        await pilot.press("j")
        await idle(pilot)
        write_default(MessageKind.THANK_EMAIL, Tone.WARM)
        path.write_text(path.read_text() + "\nSee you soon!\n")
        await pilot.press("k")
        await idle(pilot)
        assert app.main.interview is not None and app.main.interview.company == "Acme Corp"
        assert "See you soon!" in app.query_one(MessagePreview).text


async def test_coming_back_up_the_list_finds_the_next_pane_drawn_ahead(
        app: FollowupApp, monkeypatch: pytest.MonkeyPatch) -> None:
    """Down to the end of the list and back to the top: the pane under the first row is
    drawn ahead again (those drawn on the way down have left the views' kept layouts),
    so j swaps in lines laid out ahead rather than wrapping text while the user waits."""
    from widgets.lines import LinesView

    # The views keep the layouts of the pane on show and its neighbours only: the seven
    # interviews here then go through them as ten thousand would.
    monkeypatch.setattr(LinesView, "LAYOUTS_KEPT", 4)
    async with app.run_test(size=SIZE) as pilot:
        await go_to(pilot, ORDER[-1])
        await pilot.press("g")
        await idle(pilot)
        laid_out_ahead: list[bool] = []
        set_blocks = LinesView.set_blocks

        def noted(view: LinesView, blocks: Any, **kwargs: Any) -> None:
            laid_out_ahead.append((kwargs.get("key"), view._width()) in view._layouts)
            set_blocks(view, blocks, **kwargs)

        monkeypatch.setattr(LinesView, "set_blocks", noted)
        await pilot.press("j")
        assert app.main.interview is not None and app.main.interview.company == ORDER[1]
        # The header, the steps and the message: each had its text laid out already.
        assert laid_out_ahead and all(laid_out_ahead)
        assert ORDER[1] in detail_text(app)
