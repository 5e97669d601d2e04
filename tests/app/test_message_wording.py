"""The message on show, in the user's own words: templates (E), one message (w), tone (T).

Pilot tests on the real app and a temporary data file; what is saved is read
back with a fresh Repository, as the next session would. The editor is a
small script ($EDITOR) that appends a line, so nothing waits for a person.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import TextArea

from store.messages import MessageKind, Tone, builtin_template
from store.models import Step
from store.repository import Repository
from store.templates import template_path
from tests.app.test_interview_screen import screen_text, select, settle
from tests.conftest import fixed_clock
from tui import editor
from tui.app import FollowupApp, make_app
from tui.forms import ConfirmScreen
from tui.main_screen import MainScreen
from tui.reword import RewordScreen
from widgets.message_preview import MessagePreview

SIZE = (100, 30)


@pytest.fixture
def app(db_path: Path, mixed_data: dict[str, str]) -> FollowupApp:
    return make_app(db_path, clock=fixed_clock)


@pytest.fixture
def appending_editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """$EDITOR is a script that appends a line with a misspelt placeholder."""
    script = tmp_path / "fake-editor"
    script.write_text("#!/bin/sh\nprintf 'See you soon, $topc!\\n' >> \"$1\"\n")
    script.chmod(0o700)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(script))
    return script


@contextlib.contextmanager
def _no_suspend() -> Iterator[None]:
    yield


def let_editor_run(app: FollowupApp, monkeypatch: pytest.MonkeyPatch) -> None:
    """The headless driver cannot hand the terminal over; run the editor without that."""
    monkeypatch.setattr(app, "suspend", _no_suspend)


def notes(app: FollowupApp, severity: str | None = None) -> list[str]:
    return [n.message for n in app.said
            if severity is None or n.severity == severity]


def preview_text(app: FollowupApp) -> str:
    """Everything the preview holds (title, message, notes), scrolled or not."""
    return app.main.query_one(MessagePreview).text


def sam_thanks(db_path: Path, mixed_data: dict[str, str]) -> tuple[str, str]:
    acme = Repository(db_path).interview(mixed_data["Acme Corp"])
    return acme.id, acme.interviewers[1].id


# --- E: the template, in the user's editor ------------------------------------------------


async def test_E_opens_the_template_and_the_preview_follows(
        app: FollowupApp, appending_editor: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    let_editor_run(app, monkeypatch)
    path = template_path(MessageKind.THANK_EMAIL, Tone.WARM)
    assert not path.exists()
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "Acme Corp")
        await pilot.press("1", "E")
        await pilot.pause()
        # The built-in text was copied there first, the editor added its line.
        text = path.read_text()
        assert text.startswith("Thank you for the $role interview")
        assert text.endswith("See you soon, $topc!\n")
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        # The preview is drawn from the file now: the new line, its gap, its problem.
        line = text.count("\n")
        shown = preview_text(app)
        assert "See you soon, <<topc>>!" in shown
        problem = f"line {line}: unknown placeholder $topc (did you mean $topic?)"
        assert problem in shown
        assert any(problem in n for n in notes(app, "warning"))


async def test_E_without_an_editor_says_where_the_file_is(
        app: FollowupApp, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    path = template_path(MessageKind.THANK_EMAIL, Tone.FORMAL)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "Acme Corp")
        await pilot.press("1", "T")
        await settle(pilot)
        await pilot.press("E")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        said = notes(app, "warning")
        assert said and said[-1].startswith(f"No editor is set. {path} holds the text")
        assert said[-1].endswith("set $EDITOR (say, export EDITOR=nano) and press E again.")
        # The file to edit is there, the built-in formal text in it, private.
        assert path.read_text() == builtin_template(MessageKind.THANK_EMAIL, Tone.FORMAL) + "\n"
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


async def test_E_where_the_terminal_cannot_be_handed_over(
        app: FollowupApp, appending_editor: Path) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "Acme Corp")
        await pilot.press("1", "E")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert any("cannot be handed to an editor" in n for n in notes(app, "warning"))


def test_the_editor_script_runs_on_the_file(appending_editor: Path, tmp_path: Path) -> None:
    target = tmp_path / "t.txt"
    target.write_text("Hello\n")
    target.chmod(0o644)
    editor.run_editor(editor.editor_command() or [], target)
    assert target.read_text() == "Hello\nSee you soon, $topc!\n"
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600


def test_an_editor_that_fails_or_is_missing_is_named(tmp_path: Path) -> None:
    target = tmp_path / "t.txt"
    target.write_text("x")
    with pytest.raises(editor.EditorError, match="exited with status 3"):
        editor.run_editor([sys.executable, "-c", "raise SystemExit(3)"], target)
    with pytest.raises(editor.EditorError, match="cannot start the editor no-such-editor"):
        editor.run_editor(["no-such-editor"], target)


def test_which_editor() -> None:
    assert editor.editor_command({"VISUAL": "code --wait", "EDITOR": "vi"}) == ["code", "--wait"]
    assert editor.editor_command({"VISUAL": "  ", "EDITOR": "nano"}) == ["nano"]
    assert editor.editor_command({}) is None
    with pytest.raises(editor.EditorError, match="fix its quotes"):
        editor.editor_command({"EDITOR": "'nano"})


# --- w: one message, reworded -------------------------------------------------------------


async def reword(pilot: Pilot[Any], addition: str) -> str:
    """Press w, add `addition` at the end of the text, save; the text saved."""
    app: FollowupApp = pilot.app  # type: ignore[assignment]
    await pilot.press("w")
    await pilot.pause()
    assert isinstance(app.screen, RewordScreen)
    area = app.screen.query_one(TextArea)
    await pilot.press("ctrl+end")
    assert area.cursor_location == area.document.end
    await pilot.press(*[{"\n": "enter", " ": "space"}.get(c, c) for c in addition])
    text = area.text
    await pilot.press("ctrl+s")
    await settle(pilot)
    return text


async def test_a_reworded_message_is_what_c_copies(app: FollowupApp, db_path: Path,
                                                  mixed_data: dict[str, str]) -> None:
    interview_id, sam = sam_thanks(db_path, mixed_data)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "Acme Corp")
        await pilot.press("1")
        template_text = app.main._draft.message.text
        mine = await reword(pilot, "\nPS: go Pirates")
        assert mine == template_text + "\nPS: go Pirates"
        assert isinstance(app.screen, MainScreen)
        assert "edited" in preview_text(app) and "PS: go Pirates" in preview_text(app)
        await pilot.press("c")
        await pilot.pause()
        assert app.clipboard == mine
        # Kept with the interview, for the next session and the history.
        saved = Repository(db_path).interview(interview_id)
        draft = saved.draft(Step.THANK, sam, "thank_email", "warm")
        assert draft is not None and draft.text == mine
        assert saved.history[-1].what == "Edited the thank-you email to Sam Ortiz"
        # Dana's thank-you is still the template's.
        await pilot.press("k")
        await pilot.pause()
        assert "PS: go Pirates" not in preview_text(app)


async def test_W_goes_back_to_the_template_after_asking(app: FollowupApp, db_path: Path,
                                                       mixed_data: dict[str, str]) -> None:
    interview_id, sam = sam_thanks(db_path, mixed_data)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "Acme Corp")
        await pilot.press("1")
        template_text = app.main._draft.message.text
        await reword(pilot, "\nPS")
        await pilot.press("W")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert Repository(db_path).interview(interview_id).drafts
        await pilot.press("W", "y")
        await settle(pilot)
        assert Repository(db_path).interview(interview_id).drafts == ()
        assert "edited" not in preview_text(app).split("\n")[0]
        await pilot.press("c")
        await pilot.pause()
        assert app.clipboard == template_text


async def test_esc_in_the_reword_editor_asks_before_throwing_text_away(
        app: FollowupApp, db_path: Path, mixed_data: dict[str, str]) -> None:
    interview_id, _ = sam_thanks(db_path, mixed_data)
    before = Repository(db_path).interview(interview_id)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "Acme Corp")
        await pilot.press("1", "w", "x", "escape")
        await pilot.pause()
        assert isinstance(app.screen, RewordScreen)
        assert any("esc again" in n for n in notes(app, "warning"))
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    assert Repository(db_path).interview(interview_id) == before


async def test_ctrl_r_puts_the_template_text_back(app: FollowupApp, db_path: Path,
                                                 mixed_data: dict[str, str]) -> None:
    interview_id, sam = sam_thanks(db_path, mixed_data)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "Acme Corp")
        await pilot.press("1")
        template_text = app.main._draft.message.text
        await reword(pilot, "\nPS")
        # Reworded again back to the template's words: nothing of the user's is kept.
        await pilot.press("w", "ctrl+r", "ctrl+s")
        await settle(pilot)
        assert Repository(db_path).interview(interview_id).drafts == ()
        assert app.main._draft.message.text == template_text


# --- T: the tone, kept per person ---------------------------------------------------------


async def test_the_tone_is_kept_for_the_next_session(db_path: Path,
                                                    mixed_data: dict[str, str]) -> None:
    first = make_app(db_path, clock=fixed_clock)
    async with first.run_test(size=SIZE) as pilot:
        await select(pilot, "Acme Corp")
        await pilot.press("1", "T")  # Sam: formal
        await pilot.press("2", "T", "T")  # Jordan: formal, then LinkedIn
        await settle(pilot)
        assert first.main._draft.message.tone is Tone.LINKEDIN
    again = make_app(db_path, clock=fixed_clock)
    async with again.run_test(size=SIZE) as pilot:
        await select(pilot, "Acme Corp")
        await pilot.press("1")
        await pilot.pause()
        assert again.main._draft.message.tone is Tone.FORMAL
        assert "Thank-you email (formal) to Sam Ortiz" in screen_text(again)
        await pilot.press("k")  # Dana was left as she was
        await pilot.pause()
        assert again.main._draft.message.tone is Tone.WARM
        await pilot.press("2")
        await pilot.pause()
        assert again.main._draft.message.tone is Tone.LINKEDIN


async def test_a_reference_who_prefers_texts_gets_the_text_first(
        db_path: Path, mixed_data: dict[str, str]) -> None:
    repo = Repository(db_path, clock=fixed_clock)
    jordan = repo.reference_named("Jordan Kim")
    assert jordan is not None
    repo.update_reference(jordan.id, channel="text")
    app = make_app(db_path, clock=fixed_clock)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "Acme Corp")
        await pilot.press("2")
        await pilot.pause()
        assert app.main._draft.message.tone is Tone.TEXT
        assert "Reference heads-up (text) to Jordan Kim" in screen_text(app)


# --- quality notes ------------------------------------------------------------------------


async def test_a_nagging_follow_up_is_pointed_out_at_80x24(app: FollowupApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await select(pilot, "Globex")  # the follow-up is due today
        await pilot.press("3")
        await reword(pilot, "\nJust checking in!")
        # In sight at once, on the line under the message...
        assert "edited" in screen_text(app)
        assert "Before sending: sounds like nagging" in screen_text(app)
        # ...and in full under it.
        assert 'Says "just checking in": give them a reason to reply' in preview_text(app)
