"""Hostile input at every way in: the command line, an import file, the forms.

Generated text mixes Rich markup (`[bold red]`, `[/]`, `[@click=app.quit]`),
ANSI and OSC escape sequences, control characters, right-to-left and
combining characters, emoji, 10,000-character fields, empty strings, bytes
that are not UTF-8 and dates out of range. Each way in must take it without
a crash: saved and read back unchanged where the field accepts it (less the
spaces around it), a clear one-line refusal where it does not, and shown
literally, with every escape made harmless.

By default each property tries 40 to 50 cases (those driven through the
running app, 2 to 6). `HYPOTHESIS_PROFILE=thorough` tries 1,000 of each (200 for
the slowest, the whole way through the form); the figures of the last such
run are in docs/guarantees.md.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
import io
import json
import re
import tempfile
import threading
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from textual.widgets import Input, TextArea

from store.repository import InvalidInput, Repository
from store.text import CONTROLS
from tests.conftest import fixed_clock
from tui.app import FollowupApp, make_app
from tui.cli import main
from tui.forms import InterviewForm
from widgets.text import clean

THOROUGH = settings().max_examples >= 1000
# Through the running app a case takes a tenth of a second; the whole way through
# the form (opening it, saving, repainting) over a second.
FORM_CASES = 1000 if THOROUGH else 6
DISPLAY_CASES = 1000 if THOROUGH else 6
FULL_FORM_CASES = 200 if THOROUGH else 2
OPTION_CASES = 1000 if THOROUGH else 40
CLI_CASES = 1000 if THOROUGH else 50

FIXTURES_OK = settings(deadline=None,
                       suppress_health_check=[HealthCheck.function_scoped_fixture,
                                              HealthCheck.too_slow])

# --- what hostile text is made of ------------------------------------------------------

MARKUP = ["[bold red]", "[/]", "[/bold red]", "[@click=app.quit]", "[@click=app.bell]",
          "[link=https://evil.example]", "[/link]", "[b]x[/b]", "\\[", "[", "]", "[on red]",
          "$text-error", "${name}", "$name", "$$", "%s", "{0}", "{name}", "<<topic>>"]
ESCAPES = ["\x1b[31m", "\x1b[0m", "\x1b[2J", "\x1b[H", "\x1b]0;owned\x07",
           "\x1b]52;c;ZXZpbA==\x07", "\x1b]8;;https://evil.example\x1b\\", "\x1bP+q\x1b\\",
           "\x9b31m", "\x07", "\x08", "\r", "\n", "\t", "\x00", "\x7f", "\x85", "\x0b"]
SCRIPTS = ["\u202e", "\u202d", "\u2066", "\u2069", "\u200f", "\u200e", "\u200b", "\ufeff",
           "\u2028", "e\u0301", "\u0301", "\u0300\u0301\u0302\u0303", "مرحبا", "שלום",
           "日本語", "👩\u200d👩\u200d👧\u200d👦", "🇺🇳", "🎉", "Ω", "ﷺ", "\U0001d54f"]

pieces = st.one_of(st.sampled_from(MARKUP), st.sampled_from(ESCAPES),
                   st.sampled_from(SCRIPTS),
                   st.text(st.characters(exclude_categories=("Cs",)), max_size=12))
hostile = st.lists(pieces, min_size=1, max_size=10).map("".join)
# Bytes that are not UTF-8 arrive from the command line as lone surrogates.
undecodable = st.sampled_from(["\udcff", "Acme \udce9", "\ud800"])


def often(common: st.SearchStrategy[Any], rare: st.SearchStrategy[Any],
          times: int = 6) -> st.SearchStrategy[Any]:
    """`common` in most cases, `rare` in about one in `times + 1`. (Not `one_of`, which
    flattens nested choices and so weighs each leaf of `rare` as much as `common`.)"""
    return st.integers(min_value=0, max_value=times).flatmap(
        lambda pick: common if pick else rare)


# Mostly text a field takes; now and then one that must be refused (or only just taken).
field_text = often(hostile, st.one_of(
    st.just(""), st.just("   "),
    st.integers(min_value=150, max_value=10_050).map(lambda n: ("Ab [c]\x1b " * n)[:n]),
    undecodable,
), times=12)


def has_surrogates(text: str) -> bool:
    return any(0xD800 <= ord(ch) <= 0xDFFF for ch in text)


# Characters that must never reach a terminal raw: C0 (but newline, tab), DEL, C1,
# and the bidirectional overrides and isolates.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def visible_words(text: str) -> list[str]:
    """The words of `text` that hold nothing a terminal would act on."""
    return [w for w in text.split() if not RAW.search(w)]


def call(db: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(["--db", str(db), *args], out=out)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    return code, out.getvalue(), err.getvalue()


def fresh_db(tmp_path: Path) -> Path:
    return Path(tempfile.mkdtemp(dir=tmp_path)) / "followup.json"


def assert_harmless(stream: str, what: object) -> None:
    assert "Traceback" not in stream, what
    found = RAW.search(stream.replace("\r\n", "").replace("\n", ""))
    assert found is None, (what, found.group(), stream[:500])


# --- the command line --------------------------------------------------------------------


@settings(FIXTURES_OK, max_examples=CLI_CASES)
@given(company=field_text, role=field_text,
       person=often(field_text.filter(lambda t: "<" not in t and ">" not in t), field_text),
       notes=field_text, phone=field_text)
def test_add_keeps_hostile_text_or_refuses_it_on_one_line(
        tmp_path: Path, company: str, role: str, person: str, notes: str, phone: str) -> None:
    db = fresh_db(tmp_path)
    code, out, err = call(db, "add", f"--company={company}", f"--role={role}",
                          "--date=2026-11-20", f"--interviewer={person}", f"--notes={notes}",
                          f"--office-phone={phone}")
    assert_harmless(out + err, "add")
    event("refused" if code else "saved")
    if code != 0:
        assert code in (1, 2)
        assert err.count("\n") == 1 and err.startswith("followup"), err
        assert not db.exists() or Repository(db).interviews() == ()
        return
    # Accepted: exactly as typed, less the spaces around it.
    assert not any(map(has_surrogates, (company, role, person, notes, phone)))
    [saved] = Repository(db).interviews()
    assert (saved.company, saved.role, saved.notes, saved.office_phone) == \
        (company.strip(), role.strip(), notes.strip(), phone.strip())
    # And every way of reading it back shows it harmlessly, markup as typed.
    for args in (["list"], ["today", "--on", "2026-11-26"], ["message", saved.id, "thank"],
                 ["message", saved.id, "follow_up"], ["ics"]):
        code, out, err = call(db, *args)
        # A message with an empty field (no topic, no signature) is printed and exits 3.
        assert code == (3 if args[0] == "message" and "still empty" in err else 0), (args, err)
        assert_harmless(out + err, args)
        if args == ["list"]:
            for word in visible_words(company.strip())[:20]:
                assert word in out
    code, out, _ = call(db, "export")
    assert code == 0 and json.loads(out)["interviews"][0]["company"] == company.strip()


commands = st.sampled_from([
    ["list"], ["today", "--on"], ["done", "ID", "thank", "--person"],
    ["done", "ID", "references", "--on"], ["undo", "ID", "thank", "--person"],
    ["message", "ID", "thank", "--person"], ["message", "ID", "thank", "--tone"],
    ["message", "ID", "references", "--kind"], ["settings", "--name"],
    ["settings", "--signature"], ["settings", "--phone"], ["settings", "--wait"],
    ["today", "--json", "--on"], ["done"], ["message"], ["import"], ["ics", "--days"],
    ["add", "--company=Acme", "--role=R", "--date"],
    ["add", "--company=Acme", "--role=R", "--date=today", "--decision-by"],
    ["add", "--company=Acme", "--role=R", "--date=today", "--round"],
    ["add", "--company=Acme", "--role=R", "--date=today", "--time"],
    ["add", "--company=Acme", "--role=R", "--date=today", "--reference"],
])
dates = st.one_of(field_text, st.sampled_from(
    ["9999-12-31", "0001-01-01", "+99999d", "-99999d", "+9999w", "2026-02-30", "fri",
     "+3b", "1969-12-31", "2200-01-01", "today", "２０２６-１１-２０"]))


@settings(FIXTURES_OK, max_examples=OPTION_CASES)
@given(command=commands, value=dates)
def test_any_option_given_hostile_text_fails_cleanly_or_works(
        tmp_path: Path, command: list[str], value: str) -> None:
    db = fresh_db(tmp_path)
    repo = Repository(db)
    interview = repo.add_interview("Acme", "Analyst", dt.date(2026, 11, 20),
                                   interviewers=[{"name": "Dana Lee"}])
    ref = repo.add_reference("Pat Kim")
    repo.attach_reference(interview.id, ref.id)
    before = db.read_bytes()
    argv = [interview.id if part == "ID" else part for part in command]
    # `--option=value` so that a value starting with "-" is still a value.
    argv = [*argv[:-1], f"{argv[-1]}={value}"] if argv[-1].startswith("--") else [*argv, value]
    code, out, err = call(db, *argv)
    assert_harmless(out + err, argv)
    # 3: a message printed with a field still empty.
    assert code in (0, 1, 2, 3), (argv, code, err)
    event(f"exit {code}")
    if code == 3:
        assert argv[0] == "message" and "still empty" in err and out
    elif code != 0:
        assert err.count("\n") == 1 and err.startswith("followup"), (argv, err)
        assert db.read_bytes() == before, argv
    # Whatever was accepted, the file still opens and the agenda still works.
    assert call(db, "today")[0] == 0
    assert call(db, "ics")[0] == 0


# --- an import file ------------------------------------------------------------------------

day_text = often(st.dates(min_value=dt.date(1970, 1, 1), max_value=dt.date(2199, 12, 31))
                 .map(dt.date.isoformat), st.one_of(dates, st.none(), st.integers(), st.just([])),
                 times=30)
any_value = st.one_of(field_text, st.none(), st.integers(), st.booleans(), st.just({}),
                      st.just([]), st.floats(allow_nan=True))


# Ids are short hex; an export edited by hand (or by another program) may hold anything.
ident = often(st.text(min_size=1, max_size=8),
              st.one_of(undecodable, st.sampled_from(["\x1f", "a,b;c", "x\x1b[31m", " ", "1"])),
              times=20)


def maybe(value: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly a good value; sometimes something of another kind altogether."""
    return often(value, any_value, times=60)


people = st.fixed_dictionaries(
    {"id": maybe(ident), "name": maybe(field_text)},
    optional={"title": maybe(field_text), "topic": maybe(field_text),
              "thanked_on": day_text, "thanked_via": maybe(st.sampled_from(["email", "card"])),
              "hiring_manager": any_value})
interviews = st.fixed_dictionaries(
    {"id": maybe(ident), "company": maybe(field_text),
     "role": maybe(field_text), "date": day_text},
    optional={"decision_by": day_text,
              "time": often(st.just("09:30"), st.sampled_from(["25:00", "", "9h"]), times=20),
              "notes": maybe(field_text), "office_phone": maybe(field_text),
              "round": maybe(st.integers(-5, 200)), "format": maybe(st.just("video")),
              "outcome": maybe(st.sampled_from(["open", "offer", "nope"])),
              "interviewers": maybe(st.lists(people, max_size=3)),
              "follow_ups": maybe(st.lists(st.fixed_dictionaries(
                  {"id": st.text(min_size=1, max_size=4), "on": day_text}), max_size=2)),
              "history": maybe(st.lists(st.fixed_dictionaries(
                  {"at": maybe(st.just("2026-11-20T09:00:00")), "what": maybe(field_text)}),
                  max_size=2))})
exports = st.fixed_dictionaries(
    {"format": maybe(st.just("followup-export")), "schema": maybe(st.just(1)),
     "interviews": maybe(st.lists(interviews, min_size=1, max_size=3))},
    optional={
              "references": maybe(st.lists(st.fixed_dictionaries(
                  {"id": maybe(ident), "name": maybe(field_text)},
                  optional={"phone": maybe(field_text),
                            "channel": maybe(st.sampled_from(["email", "phone", "fax"]))}),
                  max_size=3)),
              "settings": maybe(st.fixed_dictionaries(
                  {}, optional={"name": maybe(field_text), "signature": maybe(field_text),
                                "follow_up_wait": maybe(st.integers(-1, 70))}))})


@settings(FIXTURES_OK, max_examples=CLI_CASES)
@given(data=often(exports, any_value, times=20))
def test_an_import_takes_a_hostile_export_whole_or_refuses_it(tmp_path: Path,
                                                              data: Any) -> None:
    db = fresh_db(tmp_path)
    repo = Repository(db, clock=fixed_clock)
    repo.add_interview("Mine", "Analyst", dt.date(2026, 11, 20))
    before = db.read_bytes()
    try:
        summary = repo.import_data(data)
    except InvalidInput:
        event("refused")
        assert db.read_bytes() == before  # refused whole: nothing half-imported
        return
    event("imported" if summary.interviews_added else "taken, no new interview")
    # Taken: it reads back, a fresh session opens it, and every view of it works.
    fresh = Repository(db, clock=fixed_clock)
    assert len(fresh.interviews()) == 1 + summary.interviews_added
    by_id = {i.id: i for i in fresh.interviews()}
    first: dict[str, dict[str, Any]] = {}
    for record in data.get("interviews") or []:
        first.setdefault(str(record["id"]), record)  # a repeated id is skipped
    for key, record in first.items():
        if key in by_id and by_id[key].company != "Mine":
            assert by_id[key].company == (record.get("company") or "")
            assert by_id[key].date.isoformat() == record["date"]
    for args in (["list"], ["today", "--on", "2026-11-26"], ["ics"], ["export"]):
        code, out, err = call(db, *args)
        assert code == 0, (args, err)
        if args != ["export"]:
            assert_harmless(out + err, args)


# --- the forms, in the running app ---------------------------------------------------------


class AppInAThread:
    """One running app (under Pilot) on an event loop of its own, for many generated cases:
    starting an app, or even opening a form, costs more than a case itself."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        assert self._ready.wait(60), "the app did not start"

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_until_complete(self._main())

    async def _main(self) -> None:
        self._stop = asyncio.Event()
        self.app: FollowupApp = make_app(self.db, clock=fixed_clock)
        self.app.poll_seconds = 3600
        async with self.app.run_test(size=(120, 40)) as pilot:
            self.pilot = pilot
            await pilot.pause()
            self._ready.set()
            await self._stop.wait()

    def run(self, step: Callable[..., Awaitable[Any]], *args: Any) -> Any:
        async def in_the_app() -> Any:
            with self.app._context():  # as a key handler would run: the app is "active"
                return await step(self.pilot, *args)

        done = asyncio.run_coroutine_threadsafe(in_the_app(), self.loop)
        return done.result(timeout=120)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(60)


def screen_lines(app: FollowupApp) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


def no_raw_controls(lines: list[str], case: object) -> None:
    for line in lines:
        assert RAW.search(line) is None, (line, case)


typed = field_text.filter(lambda t: not has_surrogates(t))  # a terminal sends UTF-8
form_fields = st.fixed_dictionaries({
    "company": typed, "role": typed,
    "date": often(st.sampled_from(["2026-11-20", "today", "fri", "+3b"]),
                  dates.filter(lambda t: not has_surrogates(t))),
    "time": often(st.just(""), st.sampled_from(["14:30", "2:30pm", "25:61", "noon",
                                                "\x1b[31m", "[b]"])),
    "decision_by": often(st.just(""), st.sampled_from(["fri", "2026-11-19", "9999-12-31",
                                                       "[b]x[/b]"])),
    "office_phone": typed,
    # The first interviewer's name and email, as the form takes them.
    "person0-name": often(st.sampled_from(["", "Dana Lee", "Dana <Lee>"]), typed, times=2),
    "person0-email": often(st.sampled_from(["", "dana@acme.example", "dana@acme"]), typed),
    "notes": typed,
})


def as_text_area(text: str) -> str:
    """`text` as a TextArea gives it back: every kind of line break (\\x1e, \\u2028 ...)
    starts a new line, as with str.splitlines, and the lines are joined with the
    newline the text itself used (\\r\\n, else \\n, else \\r), as Textual's Document does."""
    newline = next((n for n in ("\r\n", "\n", "\r") if n in text), "\n")
    return newline.join(text.splitlines()).strip()


def set_fields(form: InterviewForm, values: dict[str, str]) -> None:
    for field_id, text in values.items():
        control = form.query_one(f"#{field_id}").control
        if isinstance(control, TextArea):
            control.text = text
        else:
            assert isinstance(control, Input)
            control.value = text


def people_of(result: dict[str, Any]) -> list[dict[str, str]]:
    """The form's interviewers, as the main screen hands them to the repository."""
    return list(result.get("interviewers") or ())


async def open_form(pilot: Any) -> InterviewForm:
    await pilot.press("n")
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, InterviewForm)
    # Keep it open: record what it would hand back instead of closing.
    form.saved = []
    form.dismiss = lambda result=None: form.saved.append(result)  # type: ignore[method-assign]
    return form


async def fill_and_check(pilot: Any, values: dict[str, str]) -> dict[str, Any]:
    """Put `values` in the open form's fields, then save (ctrl+s's action)."""
    form = pilot.app.screen
    if not isinstance(form, InterviewForm):
        form = await open_form(pilot)
    set_fields(form, values)
    await pilot.pause()
    shown = screen_lines(pilot.app)  # what the fields show while being filled in
    form.action_save()
    await pilot.pause()
    return {
        "lines": shown + screen_lines(pilot.app),
        "result": form.saved.pop() if form.saved else None,
        "problems": [str(f.query_one(".field-error").render()) for f in form.fields()
                     if f.has_error],
        "running": pilot.app.is_running,
    }


def test_the_interview_form_takes_hostile_text_or_says_what_to_fix(tmp_path: Path) -> None:
    db = tmp_path / "followup.json"
    runner = AppInAThread(db)
    tally: Counter[str] = Counter()
    repo = Repository(db, clock=fixed_clock)
    try:
        @settings(deadline=None, max_examples=FORM_CASES,
                  suppress_health_check=[HealthCheck.too_slow])
        @given(values=form_fields)
        def case(values: dict[str, str]) -> None:
            tally["cases"] += 1
            outcome = runner.run(fill_and_check, values)
            assert outcome["running"]
            no_raw_controls(outcome["lines"], values)
            result = outcome["result"]
            event("refused" if result is None else "accepted")
            tally["refused" if result is None else "accepted"] += 1
            if result is None:
                # Refused: each problem named under its field, on one line.
                assert outcome["problems"] and all(outcome["problems"]), values
                assert all("\n" not in problem for problem in outcome["problems"])
                return
            assert outcome["problems"] == []
            for key in ("company", "role", "office_phone"):
                assert result[key] == values[key].strip()
            assert result["notes"] == as_text_area(values["notes"])
            # What the form accepts, the store takes, exactly: the typing is not lost
            # after the form has closed.
            fields = {k: v for k, v in result.items()
                      if k not in ("interviewers", "new_references")}
            saved = repo.add_interview(interviewers=people_of(result), **fields)
            assert (saved.company, saved.role, saved.office_phone, saved.notes) == \
                (result["company"], result["role"], result["office_phone"], result["notes"])

        case()
    finally:
        runner.close()
    # (Hypothesis's statistics leave out a property defined inside a test; shown with -rP.)
    print(f"cases tried (with the shrinking of any failure): {dict(tally)}")


async def add_through_the_form(pilot: Any, values: dict[str, str]) -> dict[str, Any]:
    """The whole way: n, fill in, ctrl+s, the save, the repainted main screen."""
    app: FollowupApp = pilot.app
    await pilot.press("n")
    await pilot.pause()
    form = app.screen
    assert isinstance(form, InterviewForm)
    set_fields(form, values)
    await pilot.pause()
    await pilot.press("ctrl+s")
    await app.workers.wait_for_complete()
    await pilot.pause()
    if app.screen is form:
        await pilot.press("escape")
        await pilot.pause()
        return {"saved": None}
    errors = [n.message for n in app.said if n.severity == "error"]
    app.clear_notifications()
    app.said.clear()
    await pilot.pause()
    interview = app.main.interview
    return {"saved": interview.id if interview else None, "errors": errors,
            "lines": screen_lines(app)}


# Values the form accepts, so that every case goes the whole way through: a one-line
# field takes no control character (the form says so under the field), so they are
# left out of those; the notes keep them.
one_line = typed.map(lambda t: CONTROLS.sub("", t))
acceptable = st.fixed_dictionaries({
    "company": one_line.filter(lambda t: 0 < len(t.strip()) <= 200),
    "role": one_line.filter(lambda t: 0 < len(t.strip()) <= 200),
    "office_phone": one_line.filter(lambda t: len(t.strip()) <= 100),
    "notes": typed.filter(lambda t: len(t.strip()) <= 10_000),
})


def test_hostile_text_saved_through_the_form_is_shown_literally(tmp_path: Path) -> None:
    db = tmp_path / "followup.json"
    runner = AppInAThread(db)
    tally: Counter[str] = Counter()
    try:
        @settings(deadline=None, max_examples=FULL_FORM_CASES,
                  suppress_health_check=[HealthCheck.too_slow])
        @given(values=acceptable)
        def case(values: dict[str, str]) -> None:
            tally["cases"] += 1
            outcome = runner.run(add_through_the_form, values)
            assert outcome["saved"] is not None, values
            assert outcome["errors"] == []
            no_raw_controls(outcome["lines"], values)
            saved = Repository(db).interview(outcome["saved"])
            assert saved.company == values["company"].strip()
            assert saved.notes == as_text_area(values["notes"])
            # On screen as typed: markup not applied, escapes shown as ␛; only what the
            # width cuts off is missing.
            screen = "\n".join(outcome["lines"])
            for word in clean(saved.company).split()[:5]:
                if len(word) <= 30:
                    assert word in screen, (word, values)

        case()
    finally:
        runner.close()
    # (Hypothesis's statistics leave out a property defined inside a test; shown with -rP.)
    print(f"cases tried (with the shrinking of any failure): {dict(tally)}")


async def show(pilot: Any, interview_id: str) -> list[str]:
    """The main screen on `interview_id`: list, header, steps, the thank-you's draft."""
    app: FollowupApp = pilot.app
    with app._repo_lock:  # what the poll would do, without waiting for it
        app._apply(app._read())
    await pilot.pause()
    app.main.go_to(interview_id)
    await pilot.pause()
    return screen_lines(app)


stored = st.fixed_dictionaries({
    "company": typed, "role": typed, "person": typed, "topic": typed, "phone": typed,
    "notes": typed})


def test_hostile_data_from_anywhere_is_shown_literally(tmp_path: Path) -> None:
    """Data that came in by the command line or an import, shown on the main screen."""
    db = tmp_path / "followup.json"
    repo = Repository(db, clock=fixed_clock)
    runner = AppInAThread(db)
    tally: Counter[str] = Counter()
    try:
        @settings(deadline=None, max_examples=DISPLAY_CASES,
                  suppress_health_check=[HealthCheck.too_slow])
        @given(values=stored)
        def case(values: dict[str, str]) -> None:
            tally["cases"] += 1

            def cut(text: str, limit: int, fallback: str) -> str:
                return text.strip()[:limit].strip() or fallback

            interview = repo.add_interview(
                "Acme", "Role", dt.date(2026, 11, 24), notes=cut(values["notes"], 10_000, ""),
                interviewers=[{"name": "Dana", "topic": cut(values["topic"], 10_000, "")}])
            # The one-line fields as an older version's import could have stored them
            # (control characters and all: refused at every way in now).
            with repo.storage.transaction():
                interview = repo._save_interview(dataclasses.replace(
                    interview, company=cut(values["company"], 200, "Acme"),
                    role=cut(values["role"], 200, "Role"),
                    office_phone=cut(values["phone"], 100, ""),
                    interviewers=(dataclasses.replace(
                        interview.interviewers[0], name=cut(values["person"], 200, "Dana")),)),
                    "stored by hand")
            lines = runner.run(show, interview.id)
            no_raw_controls(lines, values)
            screen = "\n".join(lines)
            # The header shows the whole company (wrapped); a step row the start of the
            # name, as much as fits: the whole words among its first 20 characters.
            name = clean(interview.interviewers[0].name)
            shown_name = name.split() if len(name) <= 20 else name[:20].split()[:-1]
            for word in clean(interview.company).split()[:3] + shown_name:
                if len(word) <= 30:
                    assert word in screen, (word, values)

        case()
    finally:
        runner.close()
    # (Hypothesis's statistics leave out a property defined inside a test; shown with -rP.)
    print(f"cases tried (with the shrinking of any failure): {dict(tally)}")
