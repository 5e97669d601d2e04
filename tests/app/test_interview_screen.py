"""The real app, driven by keys through Pilot, on a temporary data file.

Every change is checked where it matters: on screen (badge, header counts)
and on disk, read back with a fresh Repository as another session would.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from store.messages import MessageKind, render_message
from store.models import Step
from store.repository import Repository
from store.schedule import ActionState, agenda, badge
from tests.conftest import TODAY, build_mixed_data, fixed_clock
from tui import clipboard
from tui.app import FollowupApp, make_app
from tui.clipboard import CopyFallbackScreen
from tui.help import HelpScreen, help_keys
from tui.main_screen import MainScreen
from widgets.interview_list import InterviewList
from widgets.message_preview import MessagePreview
from widgets.steps_view import StepsView
from widgets.text import clean

SIZE = (100, 30)

# The list on 26 Nov, most urgent first (see build_mixed_data).
ORDER = ["Northwind Labs", "Acme Corp", "Globex", "Pied Piper", "Initech", "Hooli",
         "Umbrella Health"]


def screen_text(app: FollowupApp) -> str:
    """What the terminal shows, as plain lines."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


def main(app: FollowupApp) -> MainScreen:
    return app.main


def row(app: FollowupApp, company: str) -> Any:
    return next(r for r in app.query_one(InterviewList).rows if r.company == company)


async def settle(pilot: Pilot[Any]) -> None:
    """Let saves finish and the screen repaint."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def counts(db_path: Path) -> tuple[int, int]:
    fresh = Repository(db_path, clock=fixed_clock)
    actions = agenda(fresh.interviews(), fresh.settings(), fresh.book(), TODAY)
    late = sum(1 for a in actions if a.state is ActionState.LATE)
    due = sum(1 for a in actions if a.state is ActionState.DUE)
    return late, due


async def select(pilot: Pilot[Any], company: str) -> None:
    """Move the list cursor to `company` with j, as a user would."""
    app: FollowupApp = pilot.app  # type: ignore[assignment]
    app.query_one(InterviewList).focus()
    await pilot.press("g")
    for _ in range(ORDER.index(company)):
        await pilot.press("j")
    await pilot.pause()
    assert main(app).interview is not None
    assert main(app).interview.company == company


@pytest.fixture
def app(db_path: Path, mixed_data: dict[str, str]) -> FollowupApp:
    return make_app(db_path, clock=fixed_clock)


async def test_list_is_sorted_by_what_needs_action(app: FollowupApp) -> None:
    async with app.run_test(size=SIZE):
        assert [r.company for r in app.query_one(InterviewList).rows] == ORDER
        assert [r.badge_kind for r in app.query_one(InterviewList).rows] == [
            "late", "due", "due", "waiting", "waiting", "move_on", "closed"]
        assert isinstance(app.focused, InterviewList)


async def test_space_thanks_and_undoes(app: FollowupApp, db_path: Path,
                                      mixed_data: dict[str, str]) -> None:
    acme = mixed_data["Acme Corp"]
    sam = Repository(db_path).interview(acme).interviewers[1]
    assert sam.name == "Sam Ortiz"
    late, due = counts(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "Acme Corp")
        assert row(app, "Acme Corp").badge_text == "2 due today"
        assert f"{late} late" in screen_text(app) and f"{due} due" in screen_text(app)
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.focused, StepsView) and app.focused.number == 1
        # The first one still to thank is chosen for us: Sam (Dana is thanked).
        assert app.focused.item_id == sam.id

        await pilot.press("space")
        await settle(pilot)
        on_disk = Repository(db_path).interview(acme).interviewer(sam.id)
        assert on_disk is not None and on_disk.thanked_on == TODAY
        assert row(app, "Acme Corp").badge_text == "due today"
        assert counts(db_path) == (late, due - 1)
        assert f"{due - 1} due" in screen_text(app)
        assert "thanked Thu 26 Nov by email" in screen_text(app)

        await pilot.press("space")
        await settle(pilot)
        on_disk = Repository(db_path).interview(acme).interviewer(sam.id)
        assert on_disk is not None and on_disk.thanked_on is None
        assert row(app, "Acme Corp").badge_text == "2 due today"
        assert f"{due} due" in screen_text(app)


async def test_space_on_card_records_a_card(app: FollowupApp, db_path: Path,
                                            mixed_data: dict[str, str]) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "Acme Corp")
        await pilot.press("1", "v", "space")
        await settle(pilot)
    sam = Repository(db_path).interview(mixed_data["Acme Corp"]).interviewers[1]
    assert sam.thanked_via is not None and sam.thanked_via.value == "card"


async def test_space_tells_a_reference(app: FollowupApp, db_path: Path,
                                       mixed_data: dict[str, str]) -> None:
    acme = mixed_data["Acme Corp"]
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "Acme Corp")
        await pilot.press("2", "space")
        await settle(pilot)
        use = Repository(db_path).interview(acme).references[0]
        assert use.notified_on == TODAY
        assert "told Thu 26 Nov" in screen_text(app)
        await pilot.press("space")
        await settle(pilot)
        assert Repository(db_path).interview(acme).references[0].notified_on is None


async def test_space_logs_a_follow_up_and_undoes_it(app: FollowupApp, db_path: Path,
                                                    mixed_data: dict[str, str]) -> None:
    globex = mixed_data["Globex"]
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "Globex")
        assert row(app, "Globex").badge_text == "due today"
        await pilot.press("3", "space")
        await settle(pilot)
        logged = Repository(db_path).interview(globex).follow_ups
        assert [(f.on, f.channel.value) for f in logged] == [(TODAY, "email")]
        # The highlight moved onto the follow-up just logged, so space undoes it.
        assert isinstance(app.focused, StepsView) and app.focused.item_id == logged[0].id
        assert row(app, "Globex").badge_kind == "waiting"
        await pilot.press("space")
        await settle(pilot)
        assert Repository(db_path).interview(globex).follow_ups == ()
        assert row(app, "Globex").badge_text == "due today"


async def test_copy_puts_the_shown_message_on_the_clipboard(
        app: FollowupApp, db_path: Path, mixed_data: dict[str, str]) -> None:
    repo = Repository(db_path)
    acme = repo.interview(mixed_data["Acme Corp"])
    sam = acme.interviewers[1]

    def expected(kind: MessageKind, **who: Any) -> str:
        return render_message(kind, acme, repo.settings(), book=repo.book(), today=TODAY,
                              **who).text

    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "Acme Corp")
        await pilot.press("1", "c")
        await pilot.pause()
        assert app.clipboard == expected(MessageKind.THANK_EMAIL, interviewer=sam)
        texts = [n.message for n in app.said]
        assert any(t.startswith("Copied the thank-you email for Sam Ortiz (") and
                   t.endswith("characters) through the terminal") for t in texts)
        # v switches to the card; the preview and the copy follow.
        await pilot.press("v", "c")
        assert app.clipboard == expected(MessageKind.THANK_CARD, interviewer=sam)
        # k moves to Dana: her message, with her topic.
        await pilot.press("k", "v", "c")
        await pilot.pause()
        assert app.clipboard == expected(MessageKind.THANK_EMAIL, interviewer=acme.interviewers[0])
        # Step 2: the heads-up for Jordan; step 3: the follow-up, then the call notes.
        await pilot.press("2", "c")
        await pilot.pause()
        jordan = repo.book()[acme.references[0].reference_id]
        assert app.clipboard == expected(MessageKind.REFERENCE_HEADS_UP, reference=jordan)
        await pilot.press("3", "c")
        await pilot.pause()
        assert app.clipboard == expected(MessageKind.FOLLOW_UP_EMAIL)
        await pilot.press("v", "c")
        assert app.clipboard == expected(MessageKind.FOLLOW_UP_CALL)


async def test_preview_shows_exactly_what_is_copied(app: FollowupApp) -> None:
    async with app.run_test(size=(120, 60)) as pilot:
        await select(pilot, "Acme Corp")
        await pilot.press("1", "c")
        await pilot.pause()
        shown = app.screen.query_one(MessagePreview).message
        assert shown == app.clipboard


async def test_copy_warns_about_missing_fields(app: FollowupApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        # Northwind's Riley Chen has no topic yet.
        await pilot.press("1", "j")
        await pilot.pause()
        assert "<<topic>> is still empty" in screen_text(app)
        # c asks for it in place; left empty, only a second c copies it as it is.
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert "<<topic>>" not in (app.clipboard or "")
        await pilot.press("c")
        await pilot.pause()
        assert "<<topic>>" in app.clipboard
        warnings = [n for n in app.said if n.severity == "warning"]
        assert [n.message for n in warnings] == [
            "Not copied: <<topic>> still empty. Press c again to copy it as it is.",
            "<<topic>> is still empty — fill it in before sending"]


async def test_step_keys_enter_escape_and_tab(app: FollowupApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = main(app)
        for number, step in ((2, Step.REFERENCES), (3, Step.FOLLOW_UP), (1, Step.THANK)):
            await pilot.press(str(number))
            await pilot.pause()
            assert isinstance(app.focused, StepsView) and app.focused.number == number
            assert screen.active_step is step
        await pilot.press("escape")
        assert isinstance(app.focused, InterviewList)
        # enter opens the step that needs doing first (Northwind: thank-yous are late).
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.focused, StepsView) and app.focused.number == 1
        # j past the last interviewer goes on to the references.
        await pilot.press("j", "j")
        await pilot.pause()
        assert isinstance(app.focused, StepsView) and app.focused.number == 2
        await pilot.press("escape", "tab")
        await pilot.pause()
        assert isinstance(app.focused, StepsView)
        # Tab goes on from the steps to the message under them, then back to the list;
        # shift+tab goes the other way.
        preview = app.screen.query_one(MessagePreview)
        await pilot.press("tab")
        assert app.focused is not None and preview in app.focused.ancestors_with_self
        await pilot.press("tab")
        assert isinstance(app.focused, InterviewList)
        await pilot.press("shift+tab")
        assert app.focused is not None and preview in app.focused.ancestors_with_self
        await pilot.press("shift+tab")
        assert isinstance(app.focused, StepsView)


async def test_footer_shows_the_keys_of_the_focused_area(app: FollowupApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "Open" in footer and "Copy" in footer and "Done" not in footer
        await pilot.press("1")
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "Done" in footer and "Add" in footer and "Open" not in footer


async def test_data_is_shown_literally(db_path: Path) -> None:
    repo = Repository(db_path, clock=fixed_clock)
    evil = "[bold red]Evil[/] [@click=app.quit]x"
    interview = repo.add_interview(evil, "Role [b]x[/b]", TODAY,
                                   interviewers=[{"name": "Mal", "topic": "[link=x]y[/link]"}])
    # A name with an escape, as an older version's import could have stored it (refused
    # at every way in now).
    data = json.loads(db_path.read_text())
    data["interviews"]["1"]["interviewers"][0]["name"] = "Mal\x1b[31mlory"
    db_path.write_text(json.dumps(data))
    assert interview.id
    app = make_app(db_path, clock=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("1")
        await pilot.pause()
        text = screen_text(app)
        assert evil in text  # in the list and in the header
        assert text.count(evil) >= 2
        assert "Role [b]x[/b]" in text
        assert "Mal␛[31mlory" in text
        assert "\x1b" not in text
        assert "[link=x]y[/link]" in text
        assert app.is_running  # the @click did not quit


def test_clean_makes_controls_visible() -> None:
    assert clean("a\x1b[2Jb\x07c") == "a␛[2Jb�c"
    assert clean("one\ntwo\tthree") == "one two three"
    assert clean("one\r\ntwo\tx", multiline=True) == "one\ntwo\tx"
    assert clean("bidi\u202eevil") == "bidi�evil"


async def test_another_session_is_picked_up(db_path: Path, mixed_data: dict[str, str]) -> None:
    app = make_app(db_path, clock=fixed_clock)
    app.poll_seconds = 0.05
    acme = mixed_data["Acme Corp"]
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "Acme Corp")
        other = Repository(db_path, clock=fixed_clock)
        interview = other.interview(acme)
        other.mark_thanked(acme, interview.interviewers[1].id, TODAY)
        other.mark_notified(acme, interview.references[0].reference_id, TODAY)
        for _ in range(40):
            await pilot.pause(0.05)
            await app.workers.wait_for_complete()
            if row(app, "Acme Corp").badge_kind != "due":
                break
        assert row(app, "Acme Corp").badge_kind == "waiting"
        # The selection stayed on Acme, although it moved down the list.
        assert main(app).interview is not None and main(app).interview.id == acme
        assert app.query_one(InterviewList).selected_id == acme


async def test_repository_errors_become_notifications(db_path: Path,
                                                      mixed_data: dict[str, str]) -> None:
    app = make_app(db_path, clock=fixed_clock)
    app.poll_seconds = 3600  # so the app has not seen the deletion below
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "Acme Corp")
        Repository(db_path).delete_interview(mixed_data["Acme Corp"])
        await pilot.press("1", "space")
        await settle(pilot)
        errors = [n for n in app.said if n.severity == "error"]
        assert errors and "no interview with id" in errors[0].message
        assert app.is_running


async def test_empty_state_on_first_launch(db_path: Path) -> None:
    app = make_app(db_path, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "No interviews yet" in text and "press n" in text
        assert not app.query_one("#main").display
        # The keys that need an interview do nothing and are not offered.
        await pilot.press("space", "c", "1", "o", "d")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        footer = text.splitlines()[-1]
        assert "New" in footer and "Copy" not in footer


async def test_help_screen_lists_every_key(app: FollowupApp) -> None:
    bound: set[str] = set()
    for owner in (FollowupApp, MainScreen, InterviewList, StepsView):
        for binding in owner.BINDINGS:
            bound.update(k.strip() for k in binding.key.split(","))  # type: ignore[union-attr]
    bound |= {"tab", "shift+tab", "ctrl+p", "ctrl+q"}
    assert bound - help_keys() == set()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        # The steps' keys are further down: scroll there, as a reader would.
        app.screen.query_one("VerticalScroll").scroll_end(animate=False)
        await pilot.pause()
        assert "Mark done today" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_no_clipboard_offers_the_text_to_select(
        app: FollowupApp, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("FOLLOWUP_CLIPBOARD", "none")
    monkeypatch.setattr(clipboard, "_private_dir", None)
    monkeypatch.setattr(clipboard.tempfile, "tempdir", str(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "c")
        await pilot.pause()
        assert isinstance(app.screen, CopyFallbackScreen)
        shown = app.screen.text
        assert app.screen.query_one("#fallback-text").text == shown
        path = app.screen.path
        assert path is not None and path.read_text(encoding="utf-8") == shown
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
        assert app.clipboard == ""  # nothing was sent to the terminal
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


def test_clipboard_routes() -> None:
    assert clipboard.terminal_can_copy({"TERM": "xterm-256color"})
    assert clipboard.terminal_can_copy({"TERM": "tmux-256color", "SSH_TTY": "/dev/pts/1"})
    assert not clipboard.terminal_can_copy({"TERM": "dumb"})
    assert not clipboard.terminal_can_copy({"TERM": "xterm", "FOLLOWUP_CLIPBOARD": "none"})
    assert not clipboard.has_local_display({}, platform="linux")
    assert clipboard.has_local_display({"DISPLAY": ":0"}, platform="linux")
    assert clipboard.has_local_display({"WAYLAND_DISPLAY": "wayland-0"}, platform="linux")
    assert clipboard.has_local_display({}, platform="darwin")
    assert not clipboard.has_local_display({"FOLLOWUP_CLIPBOARD": "terminal"},
                                           platform="darwin")


async def test_delete_asks_first(app: FollowupApp, db_path: Path,
                                 mixed_data: dict[str, str]) -> None:
    from tui.forms import ConfirmScreen

    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "Globex")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert mixed_data["Globex"] in {i.id for i in Repository(db_path).interviews()}
        await pilot.press("d", "y")
        await settle(pilot)
        assert mixed_data["Globex"] not in {i.id for i in Repository(db_path).interviews()}
        assert "Globex" not in [r.company for r in app.query_one(InterviewList).rows]
        # The cursor stays where Globex was: now on the next one down.
        assert main(app).interview is not None
        assert main(app).interview.company == "Pied Piper"


async def test_new_interview_through_the_form(db_path: Path) -> None:
    app = make_app(db_path, clock=fixed_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Initrode")
        await pilot.press("tab", *"Platform engineer", "tab", *"yesterday")
        for _ in range(12):  # time, format, round, decision by, office phone, notes, ...
            await pilot.press("tab")
            if app.focused is not None and any(
                    node.id == "person0-name" for node in app.focused.ancestors):
                break
        await pilot.press(*"Dana Lee", "tab", "tab", *"dana@initrode.com")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        rows = app.query_one(InterviewList).rows
        assert [r.company for r in rows] == ["Initrode"]
        assert rows[0].badge_text == "due today"
        assert "Dana Lee" in screen_text(app)
    saved = Repository(db_path).interviews()
    assert [(i.company, i.role, str(i.date)) for i in saved] == [
        ("Initrode", "Platform engineer", "2026-11-25")]
    assert [(p.name, p.email) for p in saved[0].interviewers] == [
        ("Dana Lee", "dana@initrode.com")]


async def test_command_palette_goes_to_an_interview(app: FollowupApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"go to glob")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert main(app).interview is not None
        assert main(app).interview.company == "Globex"


async def test_thousands_of_interviews_build_once(db_path: Path) -> None:
    """The list draws only what is on screen: 5,000 interviews start without delay."""
    repo = Repository(db_path, clock=fixed_clock)
    build_mixed_data(repo)
    data = repo.export_data()
    template = data["interviews"][0]
    data["interviews"] = [dict(template, id=f"x{n:05d}", company=f"Company {n}")
                          for n in range(5000)]
    repo.import_data(data)
    app = make_app(db_path, clock=fixed_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("G")
        await pilot.pause()
        assert len(app.query_one(InterviewList).rows) == 5007
        assert main(app).interview is not None
        assert main(app).interview.company == "Umbrella Health"


async def test_daily_review_typed_fast(app: FollowupApp, db_path: Path,
                                       mixed_data: dict[str, str]) -> None:
    """j, enter, space, j, space in one burst: each key acts on what the one before chose."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "enter", "space", "j", "space")
        await settle(pilot)
    acme = Repository(db_path).interview(mixed_data["Acme Corp"])
    assert [p.thanked_on for p in acme.interviewers] == [dt.date(2026, 11, 25), TODAY]
    assert [u.notified_on for u in acme.references] == [TODAY]


# --- many interviews: the list is kept in order one change at a time ---------------------


def fill_many(repo: Repository, count: int) -> None:
    """Interviews spread over six weeks around TODAY, some with people still to thank."""
    for n in range(count):
        when = TODAY - dt.timedelta(days=(n * 7) % 40 - 5)
        repo.add_interview(f"Company {n:02d}", "Engineer", when,
                           interviewers=[{"name": f"Person {n}"}, {"name": f"Other {n}"}],
                           decision_by=when + dt.timedelta(days=3) if n % 3 == 0 else None)


def fresh_order(db_path: Path) -> list[str]:
    """The list as a newly started app would sort it, from the file alone."""
    fresh = Repository(db_path, clock=fixed_clock)
    settings, book = fresh.settings(), fresh.book()
    interviews = sorted(fresh.interviews(),
                        key=lambda i: badge(i, settings, book, TODAY).sort_key)
    return [i.id for i in interviews]


async def test_after_each_change_the_list_is_in_the_order_a_fresh_start_gives(
        db_path: Path, repo: Repository) -> None:
    fill_many(repo, 40)
    app = make_app(db_path, clock=fixed_clock)
    async with app.run_test(size=SIZE) as pilot:
        ids = lambda: [r.interview_id for r in app.query_one(InterviewList).rows]  # noqa: E731
        assert ids() == fresh_order(db_path)
        for done, steps_down in enumerate((0, 3, 7, 1), 1):
            app.query_one(InterviewList).focus()
            await pilot.press("g", *["j"] * steps_down, "enter", "space")
            await settle(pilot)
            thanked = sum(p.thanked for i in Repository(db_path).interviews()
                          for p in i.interviewers)
            assert thanked == done
            assert ids() == fresh_order(db_path)
            late, due = counts(db_path)
            assert f"{late} late" in screen_text(app) and f"{due} due" in screen_text(app)
        app.query_one(InterviewList).focus()
        await pilot.press("g", "j", "j", "d", "y")
        await settle(pilot)
        assert len(ids()) == 39
        assert ids() == fresh_order(db_path)


async def test_a_damaged_interview_is_reported_when_shown_and_the_rest_still_work(
        db_path: Path, repo: Repository) -> None:
    import json

    repo.add_interview("Acme", "Engineer", TODAY, interviewers=[{"name": "Dana"}])
    repo.add_interview("Globex", "Analyst", TODAY - dt.timedelta(days=1))
    data = json.loads(db_path.read_text())
    for doc in data["interviews"].values():
        if doc["company"] == "Globex":
            doc["history"] = ["not an entry"]  # damaged where the list does not look
    db_path.write_text(json.dumps(data))

    app = make_app(db_path, clock=fixed_clock)
    async with app.run_test(size=SIZE) as pilot:
        rows = app.query_one(InterviewList).rows
        assert sorted(r.company for r in rows) == ["Acme", "Globex"]
        globex = 0 if rows[0].company == "Globex" else 1
        app.query_one(InterviewList).focus()
        await pilot.press("g", *["j"] * globex)
        await pilot.pause()
        assert main(app).selected_id == rows[globex].interview_id
        assert main(app).interview is None
        assert any(n.title == "The data file has a problem" for n in app.said)
        # Acme is still there to work on.
        await pilot.press("g", *["j"] * (1 - globex))
        await pilot.pause()
        assert main(app).interview is not None and main(app).interview.company == "Acme"


# --- the detail pane, drawn as lines -------------------------------------------------------


async def test_the_header_grows_for_an_interview_with_more_to_say(app: FollowupApp) -> None:
    # At 80 columns Acme's decision date and office phone take a line each, one
    # more than Northwind's: the header must grow rather than cut the phone off.
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Office phone +1 206 555 0142" in screen_text(app)
        await select(pilot, "Acme Corp")
        shown = screen_text(app)
        assert "Decision by Fri 27 Nov" in shown
        assert "Office phone +1 412 555 0100" in shown


async def test_j_goes_through_every_person_and_on_into_the_next_step(
        app: FollowupApp, db_path: Path, mixed_data: dict[str, str]) -> None:
    acme = Repository(db_path).interview(mixed_data["Acme Corp"])
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "Acme Corp")
        await pilot.press("1", "k")  # already at the top: stays
        await pilot.pause()
        steps = app.query_one(StepsView)
        assert (steps.number, steps.item_id) == (1, acme.interviewers[0].id)
        seen = []
        for _ in range(5):
            seen.append((steps.number, steps.item_id))
            await pilot.press("j")
            await pilot.pause()
        assert seen[:3] == [(1, acme.interviewers[0].id), (1, acme.interviewers[1].id),
                            (2, acme.references[0].reference_id)]
        assert seen[3][0] == 3
        # The message follows the cursor.
        assert main(app).active_step is Step.FOLLOW_UP
        assert "Follow-up email to Dana Lee" in screen_text(app)


async def test_a_click_on_a_person_shows_their_message(app: FollowupApp, db_path: Path,
                                                        mixed_data: dict[str, str]) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "Acme Corp")
        steps = app.query_one(StepsView)
        line = next(i for i in range(steps.line_count) if "Jordan Kim" in steps.line_text(i))
        await pilot.click(StepsView, offset=(4, line))
        await pilot.pause()
        assert main(app).active_step is Step.REFERENCES
        assert "Reference heads-up to Jordan Kim" in screen_text(app)


async def test_the_person_under_the_cursor_stays_in_sight(db_path: Path) -> None:
    repo = Repository(db_path, clock=fixed_clock)
    interview = repo.add_interview("Initrode", "Data Engineer", TODAY, interviewers=[
        {"name": f"Person {n}", "title": "Engineer"} for n in range(1, 13)])
    app = make_app(db_path, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        for _ in range(11):
            await pilot.press("j")
        await pilot.pause()
        steps = app.query_one(StepsView)
        assert steps.item_id == interview.interviewers[11].id
        assert "Person 12" in screen_text(app)
        assert "Thank-you email to Person 12" in screen_text(app)
