"""The rest of the daily pass, driven by keys: filtering the list, the history, the next
round after a second interview, thanking references after the outcome, the tone key,
and the theme that is remembered."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from store.messages import MessageKind, default_tone, render_message
from store.models import Outcome, Step
from store.repository import Repository
from tests.conftest import TODAY, build_mixed_data, day, fixed_clock
from tui import main_screen, row_index
from tui.app import FollowupApp, make_app
from tui.help import help_keys
from tui.history import HistoryScreen
from tui.main_screen import MainScreen
from tui.next_round import NextRoundForm, NextRoundQuestion
from tui.today_screen import TodayScreen
from widgets import kept_render
from widgets.agenda_list import AgendaList
from widgets.interview_list import InterviewList
from widgets.list_filter import FilterInput, ListFilter, parse_filter
from widgets.steps_view import StepsView

SIZE = (100, 30)
ORDER = ["Northwind Labs", "Acme Corp", "Globex", "Pied Piper", "Initech", "Hooli",
         "Umbrella Health"]


def screen_text(app: FollowupApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def shown(app: FollowupApp) -> list[str]:
    return [r.company for r in app.query_one(InterviewList).rows]


def status(app: FollowupApp) -> str:
    return str(app.main.query_one(".filter-status").render())


async def select(pilot: Pilot[Any], company: str) -> None:
    app: FollowupApp = pilot.app  # type: ignore[assignment]
    app.query_one(InterviewList).focus()
    await pilot.press("g", *["j"] * ORDER.index(company))
    await pilot.pause()
    assert app.main.interview is not None and app.main.interview.company == company


@pytest.fixture
def app(db_path: Path, mixed_data: dict[str, str]) -> FollowupApp:
    return make_app(db_path, clock=fixed_clock)


# --- the filter ---------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "companies"), [
    ("acme", ["Acme Corp"]),
    ("ENGINEER", ["Northwind Labs", "Pied Piper", "Initech", "Hooli", "Umbrella Health"]),
    ("hank", ["Globex"]),  # an interviewer
    ("priya", ["Northwind Labs"]),  # a reference, by the name in the book
    ("jordan kim", ["Acme Corp"]),  # every word must match
    ("is:late", ["Northwind Labs"]),
    ("is:due", ["Northwind Labs", "Acme Corp", "Globex"]),
    ("is:closed", ["Umbrella Health"]),
    ("is:open", ORDER[:-1]),
    ("is:open engineer", ["Northwind Labs", "Pied Piper", "Initech", "Hooli"]),
    ("is:late is:closed", []),
])
async def test_slash_filters_the_list(app: FollowupApp, typed: str,
                                      companies: list[str]) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.focused, FilterInput)
        for ch in typed:
            await pilot.press("space" if ch == " " else ch)
        await pilot.pause()
        assert shown(app) == companies
        assert status(app).startswith(f"{len(companies)} of 7 interviews")
        if companies:
            # The detail follows the first interview still shown.
            assert app.main.interview is not None
            assert app.main.interview.company == companies[0]
        else:
            assert not app.main.query_one("#detail").visible


async def test_filter_keeps_the_selection_when_it_is_still_shown(app: FollowupApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "Initech")
        await pilot.press("slash", *"is:open")
        await pilot.pause()
        assert app.main.interview is not None and app.main.interview.company == "Initech"


async def test_enter_keeps_the_filter_and_escape_clears_it(app: FollowupApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"is:late", "enter")
        await pilot.pause()
        assert isinstance(app.focused, InterviewList)
        assert shown(app) == ["Northwind Labs"]
        text = screen_text(app)
        assert "/ is:late" in text and "1 of 7 interviews" in text
        # Keys work on what is shown: step 1 of Northwind.
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.focused, StepsView)
        await pilot.press("escape")  # out of the step, back to the list: filter stays
        await pilot.pause()
        assert shown(app) == ["Northwind Labs"]
        await pilot.press("escape")  # in the list: clears it
        await pilot.pause()
        assert shown(app) == ORDER
        assert not app.main.query_one(ListFilter).has_class("-shown")
        assert "of 7 interviews" not in screen_text(app)


async def test_escape_in_the_filter_clears_it(app: FollowupApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"hooli")
        await pilot.pause()
        assert shown(app) == ["Hooli"]
        await pilot.press("escape")
        await pilot.pause()
        assert shown(app) == ORDER
        assert isinstance(app.focused, InterviewList)
        # The next / starts afresh.
        await pilot.press("slash")
        await pilot.pause()
        assert app.main.query_one(FilterInput).value == ""


async def test_letters_typed_in_the_filter_are_not_keys(app: FollowupApp,
                                                        db_path: Path) -> None:
    before = db_path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        # n (new), d (delete), t (today), q (quit), c (copy) are all text here.
        await pilot.press("slash", *"ndtqc")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.main.query_one(FilterInput).value == "ndtqc"
        assert app.is_running
    assert db_path.read_bytes() == before


async def test_an_unknown_quick_filter_is_named(app: FollowupApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"is:lat")  # still typing: no complaint
        await pilot.pause()
        assert "not a filter" not in status(app)
        await pilot.press("e", "x")
        await pilot.pause()
        assert status(app).startswith(
            "is:latex is not a filter: use is:open is:closed is:late is:due")
        assert shown(app) == ORDER  # ignored, not "nothing matches"


async def test_the_filter_follows_changes(app: FollowupApp, db_path: Path,
                                          mixed_data: dict[str, str]) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"is:due", "enter")
        await pilot.pause()
        assert shown(app) == ["Northwind Labs", "Acme Corp", "Globex"]
        await select(pilot, "Globex")
        await pilot.press("3", "space")  # the follow-up is sent: Globex waits now
        await settle(pilot)
        assert shown(app) == ["Northwind Labs", "Acme Corp"]
        assert status(app).startswith("2 of 7 interviews")
        # Nothing matches once Acme's two are done and Northwind is gone: no stale detail.
        await pilot.press("slash", "backspace", "backspace", "backspace", "backspace",
                          "backspace", "backspace", *"hooli is:due", "enter")
        await pilot.pause()
        assert shown(app) == []
        assert not app.main.query_one("#detail").visible
        # Nothing of the last interview's steps or message is left beside the list.
        assert "Appreciation" not in screen_text(app)
        assert "Office phone" not in screen_text(app)
        assert status(app).startswith("0 of 7 interviews")


async def test_the_palette_reaches_an_interview_the_filter_hides(app: FollowupApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"acme", "enter")
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"go to glob")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.main.interview is not None and app.main.interview.company == "Globex"
        assert shown(app) == ORDER


def test_parse_filter() -> None:
    assert not parse_filter("  ").active
    wanted = parse_filter("Acme  IS:LATE is:open")
    assert wanted.words == ("acme",)
    assert wanted.kinds == frozenset({"late"})
    assert parse_filter("is:nope").problems == (
        "is:nope is not a filter: use is:open is:closed is:late is:due",)
    assert parse_filter("is:").problems == ()


async def test_filtering_ten_thousand_reuses_the_rows(db_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The filter looks at the rows already built: no interview is worked out again."""
    repo = Repository(db_path, clock=fixed_clock)
    build_mixed_data(repo)
    data = repo.export_data()
    template = data["interviews"][0]
    data["interviews"] = [dict(template, id=f"x{n:05d}", company=f"Company {n}")
                          for n in range(10_000)]
    repo.import_data(data)
    app = make_app(db_path, clock=fixed_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        built = app.query_one(InterviewList).rows
        calls: list[str] = []
        real_badge = row_index.badge
        monkeypatch.setattr(row_index, "badge",
                            lambda *a, **k: calls.append("badge") or real_badge(*a, **k))
        await pilot.press("slash", *"company 42")
        await pilot.pause()
        # Both words, anywhere: Company 42, 142, 420, 1042, 4200, ...
        expected = [f"Company {n}" for n in range(10_000) if "42" in str(n)]
        assert sorted(shown(app)) == sorted(expected)
        assert status(app).startswith(f"{len(expected)} of 10,007 interviews")
        await pilot.press("escape")
        await pilot.pause()
        assert app.query_one(InterviewList).rows == built
        assert all(a is b for a, b in zip(app.query_one(InterviewList).rows, built, strict=True))
        assert calls == []


# --- history ---------------------------------------------------------------------------


async def test_h_shows_everything_recorded_with_its_date(app: FollowupApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "Globex")
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        text = screen_text(app)
        assert "History — Globex · Product Designer (1st round)" in text
        lines = [line for line in text.splitlines() if "Thu 26 Nov 2026 09:00" in line]
        # Newest first.
        assert [line.split("09:00")[1].split("│")[0].strip() for line in lines] == [
            "Chris Park says the employer called",
            "Told Chris Park they may be called",
            "Thanked Hank Scorpio (card)",
            "Added the 1st interview at Globex",
        ]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        # t from the history goes on to the Today view, as from anywhere else.
        await pilot.press("h", "t")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_history_shows_what_the_user_just_did(app: FollowupApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "Acme Corp")
        await pilot.press("1", "space")
        await settle(pilot)
        await pilot.press("h")
        await pilot.pause()
        text = screen_text(app)
        first = next(line for line in text.splitlines() if "09:00" in line)
        assert "Thanked Sam Ortiz (email)" in first


# --- second interview: the next round --------------------------------------------------


async def test_second_interview_offers_the_next_round(app: FollowupApp, db_path: Path,
                                                      mixed_data: dict[str, str]) -> None:
    acme_id = mixed_data["Acme Corp"]
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "Acme Corp")
        await pilot.press("o", "2")
        await settle(pilot)
        # The outcome is saved before anything is asked.
        assert Repository(db_path).interview(acme_id).outcome is Outcome.SECOND_INTERVIEW
        assert isinstance(app.screen, NextRoundQuestion)
        assert "Acme Corp asked you back. Set up the 3rd round now?" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, NextRoundForm)
        assert "3rd round — Acme Corp" in screen_text(app)
        # Prefilled but for the date, which has the cursor.
        assert (form.text("company"), form.text("role"), form.text("round")) == (
            "Acme Corp", "Senior Developer", "3")
        assert form.text("office_phone") == "+1 412 555 0100"
        assert form.text("date") == "" and app.focused is form.field("date").control
        await pilot.press("ctrl+s")  # no date yet: refused, named
        await pilot.pause()
        assert isinstance(app.screen, NextRoundForm)
        await pilot.press(*"2026-12-03", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)

    repo = Repository(db_path)
    first = repo.interview(acme_id)
    rounds = [i for i in repo.interviews() if i.company == "Acme Corp"]
    assert len(rounds) == 2
    third = next(i for i in rounds if i.id != acme_id)
    assert (third.round, third.date, third.role) == (3, day(12, 3), "Senior Developer")
    assert [p.name for p in third.interviewers] == ["Dana Lee", "Sam Ortiz"]
    assert all(p.thanked_on is None for p in third.interviewers)
    assert [u.reference_id for u in third.references] == [
        u.reference_id for u in first.references]
    assert all(u.notified_on is None for u in third.references)


async def test_the_new_round_is_selected_in_the_list(app: FollowupApp,
                                                     mixed_data: dict[str, str]) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "Globex")
        await pilot.press("o", "2", "y")
        await settle(pilot)
        await pilot.press(*"fri", "ctrl+s")
        await settle(pilot)
        interview = app.main.interview
        assert interview is not None and interview.id != mixed_data["Globex"]
        assert (interview.company, interview.round, interview.date) == ("Globex", 2, day(11, 27))
        assert app.query_one(InterviewList).selected_id == interview.id
        assert any(n.message == "Added the 2nd round at Globex" for n in app.said)


async def test_not_now_keeps_just_the_outcome(app: FollowupApp, db_path: Path,
                                              mixed_data: dict[str, str]) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "Acme Corp")
        await pilot.press("o", "2")
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    repo = Repository(db_path)
    assert repo.interview(mixed_data["Acme Corp"]).outcome is Outcome.SECOND_INTERVIEW
    assert len(repo.interviews()) == 7


async def test_other_outcomes_ask_nothing(app: FollowupApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "Acme Corp")
        await pilot.press("o", "4")  # rejected
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_a_next_round_before_the_last_is_refused_in_the_form(app: FollowupApp,
                                                                   db_path: Path) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "Acme Corp")
        await pilot.press("o", "2", "y")
        await settle(pilot)
        await pilot.press(*"2026-11-01", "ctrl+s")
        await settle(pilot)
        errors = [n.message for n in app.said if n.severity == "error"]
        assert errors == ["the next round (2026-11-01) is before the 2nd round (2026-11-25); "
                          "check the date"]
    assert len(Repository(db_path).interviews()) == 7


# --- after the outcome: thanking the references -------------------------------------------


async def test_references_are_thanked_after_the_outcome(app: FollowupApp, db_path: Path,
                                                        mixed_data: dict[str, str]) -> None:
    globex_id = mixed_data["Globex"]
    async with app.run_test(size=SIZE) as pilot:
        await select(pilot, "Globex")
        await pilot.press("o", "3")  # an offer
        await settle(pilot)
        await pilot.press("2")
        await pilot.pause()
        text = screen_text(app)
        assert "0 of 1 thanked" in text
        assert "Chris Park  called; thank them, share the news" in text
        assert "Reference thank-you and update to Chris Park" in text

        repo = Repository(db_path)
        globex = repo.interview(globex_id)
        chris = repo.book()[globex.references[0].reference_id]
        kind = MessageKind.REFERENCE_THANKS
        expected = render_message(kind, globex, repo.settings(), reference=chris,
                                  book=repo.book(), today=TODAY,
                                  tone=default_tone(kind, chris)).text
        assert "offer" in expected
        await pilot.press("c")
        await pilot.pause()
        assert app.clipboard == expected

        await pilot.press("space")
        await settle(pilot)
        use = Repository(db_path).interview(globex_id).references[0]
        assert use.thanked_on == TODAY and use.notified_on == day(11, 20)
        text = screen_text(app)
        assert "1 of 1 thanked" in text and "thanked Thu 26 Nov" in text
        await pilot.press("space")
        await settle(pilot)
        assert Repository(db_path).interview(globex_id).references[0].thanked_on is None


async def test_a_reference_never_told_is_owed_nothing(db_path: Path) -> None:
    repo = Repository(db_path, clock=fixed_clock)
    sam = repo.add_reference("Sam Ortiz")
    kim = repo.add_reference("Kim Park")
    acme = repo.add_interview("Acme", "Analyst", day(11, 20), interviewers=[{"name": "Dana"}],
                              references=[sam.id, kim.id])
    repo.mark_notified(acme.id, sam.id, day(11, 20))
    repo.set_outcome(acme.id, Outcome.REJECTED)
    app = make_app(db_path, clock=fixed_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        text = screen_text(app)
        assert "0 of 1 thanked" in text
        assert "Kim Park  not told, so nothing owed" in text
        # The one owed thanks comes first.
        assert isinstance(app.focused, StepsView) and app.focused.item_id == sam.id


# --- tone is T; t is Today ----------------------------------------------------------


async def test_shift_t_switches_the_tone_and_t_opens_today(app: FollowupApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await select(pilot, "Acme Corp")
        await pilot.press("1")
        await pilot.pause()
        assert "Thank-you email to Sam Ortiz" in screen_text(app)
        assert "T: formal" in screen_text(app)
        await pilot.press("T")
        await pilot.pause()
        assert "Thank-you email (formal) to Sam Ortiz" in screen_text(app)
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("t")
        await pilot.pause()
        # The tone chosen is kept for the session.
        assert "Thank-you email (formal) to Sam Ortiz" in screen_text(app)
        assert app.main.active_step is Step.THANK


# --- the theme ---------------------------------------------------------------------------


async def test_the_theme_chosen_in_the_palette_is_remembered(app: FollowupApp,
                                                             db_path: Path) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"theme")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        await pilot.press(*"nord")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert app.theme == "nord"
    assert Repository(db_path).settings().theme == "nord"
    again = make_app(db_path, clock=fixed_clock)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.theme == "nord"


async def test_starting_with_the_saved_theme_writes_nothing(db_path: Path,
                                                            mixed_data: dict[str, str]) -> None:
    Repository(db_path).update_settings(theme="textual-light")
    before = db_path.read_bytes()
    app = make_app(db_path, clock=fixed_clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "textual-light"
    assert db_path.read_bytes() == before


async def test_an_unknown_saved_theme_falls_back_quietly(db_path: Path,
                                                         mixed_data: dict[str, str]) -> None:
    Repository(db_path).update_settings(theme="no-such-theme")
    app = make_app(db_path, clock=fixed_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"
        assert isinstance(app.screen, MainScreen)


async def test_a_theme_chosen_while_an_interview_is_shown_draws_the_whole_screen_anew(
        db_path: Path, mixed_data: dict[str, str]) -> None:
    """Every part of the screen (the list's rows as the last frames drew them, the
    detail pane's views, the counts, the footer) is drawn in the new theme's colours,
    backgrounds included, as when the app starts with that theme: none keeps the
    colours it worked out for the old one."""

    async def screen_drawn(theme: str | None) -> list[object]:
        app = make_app(db_path, clock=fixed_clock)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("j")
            await settle(pilot)
            if theme is not None:
                app.theme = theme
                await settle(pilot)
            return [list(line) for line in app.screen._compositor.render_strips()]

    Repository(db_path).update_settings(theme="textual-dark")
    changed = await screen_drawn("nord")
    Repository(db_path).update_settings(theme="nord")
    # As a new process starts: without the colours this one worked out (kept by the
    # styles they came from, for every screen alike).
    kept_render._BACKGROUNDS.clear()
    assert changed == await screen_drawn(None)


# --- keys are documented ------------------------------------------------------------------


def test_help_lists_every_key_of_the_new_views() -> None:
    from tui.forms import ConfirmScreen

    bound: set[str] = set()
    for owner in (MainScreen, TodayScreen, AgendaList, FilterInput, HistoryScreen):
        for binding in owner.BINDINGS:
            bound.update(k.strip() for k in binding.key.split(","))  # type: ignore[union-attr]
    assert bound - help_keys() == set()
    assert issubclass(NextRoundQuestion, ConfirmScreen)


def test_every_main_screen_key_is_in_the_palette() -> None:
    from tui.commands import ACTIONS, TODAY_ACTIONS

    in_palette = {action.split("(")[0] for _, _, action, _ in ACTIONS}
    keyed = {action.split("(")[0] for _, action, _, _ in main_screen.KEYS}
    # a is "add" in each step: the palette names the three.
    assert keyed - in_palette == {"add"}
    assert {"add_interviewer", "add_reference", "log_follow_up"} <= in_palette
    assert {action for _, _, action, _ in TODAY_ACTIONS} == {
        binding.action for binding in TodayScreen.BINDINGS}  # type: ignore[union-attr]


async def test_done_with_the_last_one_the_filter_shows(app: FollowupApp, db_path: Path,
                                                       mixed_data: dict[str, str]) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"globex", "space", *"is:due", "enter")
        await pilot.pause()
        assert shown(app) == ["Globex"]
        await pilot.press("3", "space")
        await settle(pilot)
        assert Repository(db_path).interview(mixed_data["Globex"]).follow_ups != ()
        # Globex waits now, so nothing is shown, and no stale interview beside the list.
        assert shown(app) == []
        assert not app.main.query_one("#detail").visible
        # Nothing of the last interview's steps or message is left beside the list.
        assert "Appreciation" not in screen_text(app)
        assert "Office phone" not in screen_text(app)
        assert status(app).startswith("0 of 7 interviews")
        assert isinstance(app.focused, InterviewList)
        await pilot.press("escape")
        await pilot.pause()
        assert len(shown(app)) == 7
        assert app.main.query_one("#detail").visible
        assert app.main.interview is not None
