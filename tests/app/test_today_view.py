"""The Today view, driven by keys: the daily pass over everything due, across interviews.

Every change is checked on screen and on disk (a fresh Repository, as another
session would read it).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from store.messages import MessageKind, render_message
from store.models import Step
from store.repository import Repository
from tests.conftest import TODAY, day, fixed_clock
from tui.app import FollowupApp, make_app
from tui.main_screen import MainScreen
from tui.today_screen import TodayScreen
from widgets.agenda_list import AgendaList
from widgets.interview_list import InterviewList
from widgets.message_preview import MessagePreview
from widgets.steps_view import StepsView

SIZE = (100, 30)

# The agenda of 26 Nov (see build_mixed_data): late first, then due.
AGENDA = [
    ("Thank Morgan Blake", "Northwind Labs · Staff Engineer", "late"),
    ("Thank Riley Chen", "Northwind Labs · Staff Engineer", "late"),
    ("Brief Priya Shah", "Northwind Labs · Staff Engineer", "late"),
    ("Follow up with Morgan Blake", "Northwind Labs · Staff Engineer", "late"),
    ("Thank Sam Ortiz", "Acme Corp · Senior Developer", "due"),
    ("Brief Jordan Kim", "Acme Corp · Senior Developer", "due"),
    ("Follow up with Hank Scorpio", "Globex · Product Designer", "due"),
]


def screen_text(app: FollowupApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def rows(app: FollowupApp) -> list[tuple[str, str, str]]:
    return [(r.what, r.where, r.state) for r in app.screen.query_one(AgendaList).rows]


def cursor_row(app: FollowupApp) -> str:
    row = app.screen.query_one(AgendaList).current
    assert row is not None
    return row.what


@pytest.fixture
def app(db_path: Path, mixed_data: dict[str, str]) -> FollowupApp:
    return make_app(db_path, clock=fixed_clock, today_first=True)


def quiet_day(repo: Repository) -> None:
    """Nothing due on Thu 26 Nov: Globex all done, they decide by Fri 27 Nov."""
    globex = repo.add_interview("Globex", "Engineer", day(11, 24), decision_by=day(11, 27),
                                interviewers=[{"name": "Hank Scorpio"}])
    repo.mark_thanked(globex.id, globex.interviewers[0].id, day(11, 24))
    repo.add_interview("Pied Piper", "CTO", day(12, 2), interviewers=[{"name": "Monica"}])


# --- at launch --------------------------------------------------------------------


async def test_opens_on_today_when_something_is_due(app: FollowupApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert rows(app) == AGENDA
        assert isinstance(app.focused, AgendaList)
        text = screen_text(app)
        assert "Today · Thu 26 Nov 2026" in text
        assert "late 10 days" in text  # Morgan Blake's thank-you, due Mon 16 Nov
        assert "Northwind Labs · Staff Engineer  was due Mon 16 Nov" in text
        assert "7 to do" in text
        # The first action's message is on show beside the list.
        assert "Thank-you email to Morgan Blake" in text


async def test_j_draws_the_next_action_and_its_message_in_one_frame(app: FollowupApp) -> None:
    """The message beside the list follows the cursor within the key press: the frame
    that moves the cursor shows that action's message, never the last one's."""
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TodayScreen)
        frames: list[tuple[set[str], str]] = []
        refresh = screen._compositor_refresh

        def noted() -> None:
            drawn = {type(widget).__name__ for widget in screen._dirty_widgets}
            refresh()
            frames.append((drawn, screen_text(app)))

        screen._compositor_refresh = noted  # type: ignore[method-assign]
        await pilot.press("j")
        await settle(pilot)
        assert cursor_row(app) == AGENDA[1][0]
        with_cursor = [text for drawn, text in frames if "AgendaList" in drawn]
        assert with_cursor, frames
        # (The second action is Riley Chen's thank-you.)
        assert "Thank-you email to Riley Chen" in with_cursor[0]
        assert "Thank-you email to Morgan Blake" not in with_cursor[0]


async def test_opens_on_the_interviews_when_nothing_is_due(db_path: Path) -> None:
    quiet_day(Repository(db_path, clock=fixed_clock))
    app = make_app(db_path, clock=fixed_clock, today_first=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert isinstance(app.focused, InterviewList)


async def test_tests_and_scripts_start_on_the_interviews(db_path: Path,
                                                          mixed_data: dict[str, str]) -> None:
    app = make_app(db_path, clock=fixed_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_an_interview_whose_record_cannot_be_read_is_named_and_the_rest_works(
        db_path: Path, mixed_data: dict[str, str]) -> None:
    # Globex's record damaged where its summary does not look (a history entry), then
    # saved by a session that reads summaries only: the summary index lists it.
    data = json.loads(db_path.read_text())
    for doc in data["interviews"].values():
        if doc["id"] == mixed_data["Globex"]:
            doc["history"] = [{"at": "not a time", "what": "Added"}]
    db_path.write_text(json.dumps(data))
    Repository(db_path, clock=fixed_clock, check=False).update_settings(phone="555 0100")
    app = make_app(db_path, clock=fixed_clock, today_first=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        # Every other action is listed as before; Globex's from its summary, marked.
        assert rows(app)[:-1] == AGENDA[:-1]
        assert rows(app)[-1] == ("Follow-up", "Globex · Product Designer", "due")
        await pilot.press("G")
        await pilot.pause()
        assert "its record cannot be read" in screen_text(app)
        assert "That interview's record cannot be read." in screen_text(app)
        assert [n.title for n in app.said].count("The data file has a problem") == 1
        await pilot.press("k")  # the rest still works
        await pilot.pause()
        assert cursor_row(app) == "Brief Jordan Kim"
        assert "That interview's record cannot be read." not in screen_text(app)


# --- t, there and back ------------------------------------------------------------


async def test_t_opens_today_from_the_list_and_from_a_step(app: FollowupApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert isinstance(app.focused, InterviewList)
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await pilot.press("2", "t")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("t")
        await pilot.pause()
        # Back where the user was: in step 2.
        assert isinstance(app.focused, StepsView) and app.focused.number == 2


async def test_keys_typed_at_once_after_leaving_today_at_the_start_reach_the_list(
        app: FollowupApp) -> None:
    # The interview screen under the Today view is made after the first frame: keys
    # typed before it is ready wait for it, and none is lost.
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape", "j", "j")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert isinstance(app.focused, InterviewList)
        assert app.focused.cursor == 2
        assert app.main.interview is not None
        assert app.main.selected_id == app.focused.selected_id


async def test_t_is_typed_text_in_a_form(app: FollowupApp) -> None:
    from tui.forms import InterviewForm

    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t", "n")
        await pilot.pause()
        assert isinstance(app.screen, InterviewForm)
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, InterviewForm)
        assert app.screen.text("company") == "t"


# --- space: done, and on to the next ------------------------------------------------


async def test_space_marks_done_moves_on_and_undoes(app: FollowupApp, db_path: Path,
                                                    mixed_data: dict[str, str]) -> None:
    northwind = mixed_data["Northwind Labs"]
    morgan, riley = Repository(db_path).interview(northwind).interviewers
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        # The cursor moves on at once, so the next key acts on the next action.
        assert cursor_row(app) == "Thank Riley Chen"
        await settle(pilot)
        on_disk = Repository(db_path).interview(northwind)
        assert on_disk.interviewer(morgan.id).thanked_on == TODAY
        assert on_disk.interviewer(morgan.id).thanked_via is not None
        assert on_disk.interviewer(riley.id).thanked_on is None
        # Morgan's row stays, ticked, with the way back.
        assert rows(app)[0] == ("Thank Morgan Blake", "Northwind Labs · Staff Engineer", "done")
        text = screen_text(app)
        assert "Northwind Labs · Staff Engineer  Thanked today" in text
        assert "6 to do · 1 done  space on a ticked one undoes" in text
        assert "3 late" in text  # in the bar at the top, was 4
        assert any(n.message == "Marked Morgan Blake as thanked today"
                   for n in app.said)

        await pilot.press("k", "space")
        await settle(pilot)
        assert Repository(db_path).interview(northwind).interviewer(morgan.id).thanked_on is None
        assert rows(app) == AGENDA
        assert "7 to do" in screen_text(app)


async def test_a_burst_of_spaces_marks_each_action_once(app: FollowupApp, db_path: Path,
                                                        mixed_data: dict[str, str]) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space", "space", "space")
        await settle(pilot)
        northwind = Repository(db_path).interview(mixed_data["Northwind Labs"])
        assert [p.thanked_on for p in northwind.interviewers] == [TODAY, TODAY]
        assert [u.notified_on for u in northwind.references] == [TODAY]
        assert northwind.follow_ups == ()
        assert cursor_row(app) == "Follow up with Morgan Blake"
        assert [state for _, _, state in rows(app)] == ["done"] * 3 + ["late"] + ["due"] * 3


async def test_space_on_a_follow_up_logs_it_and_undo_removes_that_one(
        app: FollowupApp, db_path: Path, mixed_data: dict[str, str]) -> None:
    globex = mixed_data["Globex"]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("G")
        assert cursor_row(app) == "Follow up with Hank Scorpio"
        await pilot.press("space")
        await settle(pilot)
        logged = Repository(db_path).interview(globex).follow_ups
        assert [(f.on, f.channel.value) for f in logged] == [(TODAY, "email")]
        assert rows(app)[-1][2] == "done"
        assert "Followed up today" in screen_text(app)
        await pilot.press("space")
        await settle(pilot)
        assert Repository(db_path).interview(globex).follow_ups == ()
        assert rows(app)[-1] == AGENDA[-1]


async def test_all_done_says_what_comes_next(db_path: Path) -> None:
    repo = Repository(db_path, clock=fixed_clock)
    quiet_day(repo)
    acme = repo.add_interview("Acme", "Analyst", TODAY, interviewers=[{"name": "Dana Lee"}])
    app = make_app(db_path, clock=fixed_clock, today_first=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert rows(app) == [("Thank Dana Lee", "Acme · Analyst", "due")]
        await pilot.press("space")
        await settle(pilot)
        assert Repository(db_path).interview(acme.id).interviewers[0].thanked_on == TODAY
        status = str(app.screen.query_one("#today-status").render())
        assert status == "All done for today. Next: Mon 30 Nov (Globex — follow-up)."
        assert "All done for today." in screen_text(app)


# --- c and enter ---------------------------------------------------------------------


async def test_c_copies_the_selected_actions_message(app: FollowupApp, db_path: Path,
                                                     mixed_data: dict[str, str]) -> None:
    repo = Repository(db_path)
    acme = repo.interview(mixed_data["Acme Corp"])
    globex = repo.interview(mixed_data["Globex"])
    jordan = repo.book()[acme.references[0].reference_id]

    def expected(kind: MessageKind, interview: Any, **who: Any) -> str:
        return render_message(kind, interview, repo.settings(), book=repo.book(), today=TODAY,
                              **who).text

    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j", "j", "j", "c")
        await pilot.pause()
        assert app.clipboard == expected(MessageKind.THANK_EMAIL, acme,
                                         interviewer=acme.interviewers[1])
        assert any(n.message.startswith("Copied the thank-you email for Sam Ortiz (") and
                   n.message.endswith("characters) through the terminal")
                   for n in app.said)
        await pilot.press("j", "c")
        await pilot.pause()
        assert app.clipboard == expected(MessageKind.REFERENCE_HEADS_UP, acme, reference=jordan)
        await pilot.press("j", "c")
        await pilot.pause()
        assert app.clipboard == expected(MessageKind.FOLLOW_UP_EMAIL, globex)
        # What is copied is what the preview shows.
        assert app.screen.query_one(MessagePreview).message == app.clipboard


async def test_c_copies_at_80_columns_too(app: FollowupApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Thank-you email" not in screen_text(app)  # no room for the preview
        await pilot.press("c")
        await pilot.pause()
        assert app.clipboard.startswith("Thank you for the Staff Engineer interview\n")
        assert "Dear Morgan," in app.clipboard


async def test_c_warns_about_missing_fields(app: FollowupApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        # Riley Chen has no topic yet.
        await pilot.press("j", "c")
        await pilot.pause()
        assert "<<topic>>" in app.clipboard
        assert [n.message for n in app.said if n.severity == "warning"] == [
            "<<topic>> is still empty — fill it in before sending"]


async def test_enter_opens_the_interview_at_that_step_and_person(
        app: FollowupApp, db_path: Path, mixed_data: dict[str, str]) -> None:
    acme = Repository(db_path).interview(mixed_data["Acme Corp"])
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(5):
            await pilot.press("j")
        assert cursor_row(app) == "Brief Jordan Kim"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.main.interview is not None and app.main.interview.id == acme.id
        assert app.main.query_one(InterviewList).selected_id == acme.id
        assert isinstance(app.focused, StepsView) and app.focused.number == 2
        assert app.focused.item_id == acme.references[0].reference_id
        assert "Reference heads-up to Jordan Kim" in screen_text(app)
        # From there, space works as ever: Jordan is told.
        await pilot.press("space")
        await settle(pilot)
        use = Repository(db_path).interview(acme.id).references[0]
        assert use.notified_on == TODAY


async def test_enter_on_a_follow_up_opens_step_3(app: FollowupApp,
                                                 mixed_data: dict[str, str]) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("G", "enter")
        await pilot.pause()
        assert app.main.interview is not None
        assert app.main.interview.id == mixed_data["Globex"]
        assert isinstance(app.focused, StepsView) and app.focused.number == 3
        assert app.main.active_step is Step.FOLLOW_UP
        assert "Follow-up email to Hank Scorpio" in screen_text(app)


async def test_enter_shows_an_interview_the_filter_hid(app: FollowupApp,
                                                       mixed_data: dict[str, str]) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t", "slash", *"hooli", "enter")
        await pilot.pause()
        assert [r.company for r in app.main.query_one(InterviewList).rows] == ["Hooli"]
        await pilot.press("t", "G", "enter")
        await pilot.pause()
        assert app.main.interview is not None
        assert app.main.interview.id == mixed_data["Globex"]
        assert len(app.main.query_one(InterviewList).rows) == 7


async def test_the_interviews_under_today_are_ready_when_it_closes(app: FollowupApp) -> None:
    # Opening on Today, the list underneath is only built when it is first seen:
    # leaving Today must show it complete, laid out for the window's size.
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("t")
        await pilot.pause()
        assert app.screen is app.main
        assert len(app.main.query_one(InterviewList).rows) == 7
        shown = screen_text(app)
        assert "Northwind Labs — Staff Engineer" in shown
        # 80x24 is short: the steps the cursor is not in show their title only.
        assert app.main.has_class("-short")
        assert "Priya Shah" not in shown  # step 2's reference, folded away


# --- nothing due ------------------------------------------------------------------------


async def test_nothing_due_says_when_the_next_action_comes(db_path: Path) -> None:
    quiet_day(Repository(db_path, clock=fixed_clock))
    app = make_app(db_path, clock=fixed_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        text = screen_text(app)
        assert "Nothing due today. Next: Mon 30 Nov (Globex — follow-up)." in text
        await pilot.press("space", "c", "enter")  # nothing to act on: nothing happens
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_nothing_due_and_nothing_waiting(db_path: Path) -> None:
    app = make_app(db_path, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        assert "Nothing due today. Nothing else is waiting." in screen_text(app)


# --- keeping up with changes --------------------------------------------------------------


async def test_another_session_ticks_the_row(db_path: Path, mixed_data: dict[str, str]) -> None:
    app = make_app(db_path, clock=fixed_clock, today_first=True)
    app.poll_seconds = 0.05
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        other = Repository(db_path, clock=fixed_clock)
        acme = other.interview(mixed_data["Acme Corp"])
        other.mark_thanked(acme.id, acme.interviewers[1].id, TODAY)
        for _ in range(40):
            await pilot.pause(0.05)
            await app.workers.wait_for_complete()
            if rows(app)[4][2] == "done":
                break
        assert rows(app)[4] == ("Thank Sam Ortiz", "Acme Corp · Senior Developer", "done")
        # Done elsewhere: no undo offered here.
        await pilot.press(*["j"] * 4, "space")
        await settle(pilot)
        assert any("Already done" in n.message for n in app.said)
        fresh = Repository(db_path).interview(acme.id)
        assert fresh.interviewers[1].thanked_on == TODAY


async def test_a_new_day_is_a_new_review(db_path: Path, mixed_data: dict[str, str]) -> None:
    now = [dt.datetime(2026, 11, 26, 23, 59)]
    app = make_app(db_path, clock=lambda: now[0], today_first=True)
    app.poll_seconds = 0.05
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        await settle(pilot)
        assert rows(app)[0][2] == "done"
        now[0] = dt.datetime(2026, 11, 27, 0, 1)
        for _ in range(40):
            await pilot.pause(0.05)
            await app.workers.wait_for_complete()
            if "Fri 27 Nov" in screen_text(app):
                break
        assert "Today · Fri 27 Nov 2026" in screen_text(app)
        # Yesterday's tick is gone; Acme's thank-you is late now.
        assert all(state != "done" for _, _, state in rows(app))
        assert ("Thank Sam Ortiz", "Acme Corp · Senior Developer", "late") in rows(app)


# --- the palette -----------------------------------------------------------------------------


async def test_the_palette_offers_the_today_actions(app: FollowupApp, db_path: Path,
                                                    mixed_data: dict[str, str]) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"mark done")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        northwind = Repository(db_path).interview(mixed_data["Northwind Labs"])
        assert northwind.interviewers[0].thanked_on == TODAY


async def test_the_palette_opens_today_from_the_interviews(db_path: Path,
                                                           mixed_data: dict[str, str]) -> None:
    app = make_app(db_path, clock=fixed_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"today")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)



# --- the first frame, drawn from the summary index ------------------------------------


async def test_today_view_at_start_is_the_same_with_or_without_a_usable_index(
        db_path: Path, mixed_data: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    # With the index, the first frame is drawn from it alone: the whole file is read
    # after that frame (held back here, to look at that very frame).
    with monkeypatch.context() as patch:
        patch.setattr(FollowupApp, "read_all", lambda self: None)
        quick = make_app(db_path, clock=fixed_clock, today_first=True)
        async with quick.run_test(size=(120, 30)) as pilot:
            await pilot.pause()
            assert isinstance(quick.screen, TodayScreen)
            first_frame, first_rows = screen_text(quick), rows(quick)
            # (Only the interviews with something due are known: not Umbrella Health.)
            assert mixed_data["Umbrella Health"] not in quick.snapshot.interviews
            assert mixed_data["Acme Corp"] in quick.snapshot.interviews
    # Without it (gone, or made for another version of the file), the repository reads
    # the whole file before the first frame, as always.
    (db_path.parent / (db_path.name + ".index")).unlink()
    full = make_app(db_path, clock=fixed_clock, today_first=True)
    async with full.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert rows(full) == first_rows
        assert screen_text(full) == first_frame
    assert first_rows and "Acme Corp" in first_frame


async def test_an_interview_changed_after_start_is_shown_as_the_file_says(
        app: FollowupApp, repo: Repository, mixed_data: dict[str, str]) -> None:
    # The app has read the day's agenda from the index; another terminal renames a
    # company before the whole file is read: the screen shows the file's truth.
    repo.update_interview(mixed_data["Acme Corp"], company="Acme Rockets")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        where = {w for _, w, _ in rows(app)}
        assert any(w.startswith("Acme Rockets ·") for w in where), where
        assert not any(w.startswith("Acme Corp ·") for w in where)
        await pilot.press("t")  # on to the interviews: the whole file is listed
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        # (Umbrella Health has nothing left to do: not read for the first frame.)
        assert "Umbrella Health" in screen_text(app)
        assert "Acme Rockets" in screen_text(app)


async def test_a_file_broken_after_the_first_frame_ends_the_app_with_its_reason(
        db_path: Path, mixed_data: dict[str, str]) -> None:
    # The first frame is drawn from the summary index; before the whole file is read,
    # another program puts a broken file in its place. The app ends, says why as a
    # start on that file would, and changes nothing: not the file, not its backup.
    app = make_app(db_path, clock=fixed_clock, today_first=True)
    broken = db_path.with_name("broken.json")
    broken.write_text("{broken")
    os.replace(broken, db_path)
    files = {p.name: p.read_bytes() for p in db_path.parent.iterdir() if p.is_file()}
    # Nothing more starts once the file is refused: the warm-up before the first save
    # would meet the broken file too, and fail as an error of its own.
    warmed: list[bool] = []
    app._warm = lambda: warmed.append(True)  # type: ignore[method-assign]
    async with app.run_test(size=(120, 30)) as pilot:
        for _ in range(50):  # (the file is read in the background after the first frame)
            await pilot.pause()
            if app.return_code is not None:
                break
    assert warmed == []
    assert app.return_code == 1
    assert app.start_error is not None
    assert "does not parse as JSON" in str(app.start_error)
    assert {p.name: p.read_bytes() for p in db_path.parent.iterdir() if p.is_file()} == files
    assert db_path.read_text() == "{broken"


async def test_keys_answer_while_the_whole_file_is_read_and_none_is_lost(
        app: FollowupApp, mixed_data: dict[str, str]) -> None:
    # The first frame is drawn from the summary index; the whole file is read after it,
    # in the background (held back here until released). The Today view answers keys
    # meanwhile; what needs every interview (the interview screen) waits for it, and
    # the keys typed after are handed on once it is in.
    release = threading.Event()
    read = app._read

    def held_read() -> Any:
        assert release.wait(10)
        return read()

    app._read = held_read  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("j", "j")
        await pilot.pause()
        assert not release.is_set()
        assert cursor_row(app) == AGENDA[2][0]
        assert rows(app) == AGENDA
        threading.Timer(0.2, release.set).start()
        await pilot.press("j", "t", "j")
        await settle(pilot)
        assert release.is_set()
        assert isinstance(app.screen, MainScreen)
        assert isinstance(app.focused, InterviewList)
        # On Northwind (the row left), then one down; every interview is listed.
        assert app.focused.cursor == 1
        assert len(app.focused.rows) == len(mixed_data)


async def test_the_first_frame_from_the_index_is_the_whole_agenda_as_the_file_says(
        db_path: Path, repo: Repository, mixed_data: dict[str, str]) -> None:
    # More actions than a screen holds, and one interview with no reference yet. The
    # first frame is drawn from the summary index alone, and the whole file read after
    # it (held back here): the list goes to its end, counts and says the same before
    # and after the reading, and the same as a start without the index.
    for n in range(12):
        repo.add_interview(f"Zeta {n:02}", "Engineer", day(11, 18),
                           interviewers=[{"name": f"Pat {n}"}, {"name": f"Lee {n}"}],
                           references=[next(iter(repo.book()))])
    repo.add_interview("Yonder", "Engineer", day(11, 23), interviewers=[{"name": "Kai"}])
    release = threading.Event()
    quick = make_app(db_path, clock=fixed_clock, today_first=True)
    read = quick._read

    def held_read() -> Any:
        assert release.wait(10)
        return read()

    quick._read = held_read  # type: ignore[method-assign]
    seen = []
    async with quick.run_test(size=SIZE) as pilot:
        await pilot.pause()
        seen.append(screen_text(quick))
        assert "Yonder: no references yet" in seen[0]
        await pilot.press("end", "k")
        await pilot.pause()
        seen.append(screen_text(quick))
        assert not release.is_set()
        first_rows = rows(quick)
        release.set()
        await settle(pilot)
        assert rows(quick) == first_rows
        assert screen_text(quick) == seen[-1]
        await pilot.press("home")
        await pilot.pause()
        assert screen_text(quick) == seen[0]
    (db_path.parent / (db_path.name + ".index")).unlink()
    full = make_app(db_path, clock=fixed_clock, today_first=True)
    async with full.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert rows(full) == first_rows
        assert screen_text(full) == seen[0]
        await pilot.press("end", "k")
        await pilot.pause()
        assert screen_text(full) == seen[-1]
    assert len(first_rows) > SIZE[1]
