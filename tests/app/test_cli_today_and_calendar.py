"""The daily review from the shell: `followup today` in a login shell or cron, the
calendar file, and `--demo` keeping its hands off the user's own data."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import icalendar
import pytest

from store.calendar import to_ics
from store.demo import fill_demo
from store.repository import Repository
from store.schedule import agenda, badge
from tests.conftest import TODAY, day, fixed_clock
from tui import cli

ROOT = Path(__file__).resolve().parents[2]
STAMP = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)


def call(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(list(args), out=out)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "_today", lambda: TODAY)


# --- followup today, for a login shell or cron ------------------------------------------


def quiet(db: Path) -> None:
    repo = Repository(db, clock=fixed_clock)
    acme = repo.add_interview("Acme", "Analyst", day(12, 1), interviewers=[{"name": "Dana"}])
    del acme


def test_today_gives_the_garbage_collector_back_as_it_found_it(
        db_path: Path, fixed_today: None) -> None:
    """The agenda is worked out with the collector paused; a program calling `main`
    (the tests, a script) gets it back running, even when the command fails."""
    import gc

    quiet(db_path)
    assert gc.isenabled()
    assert call("--db", str(db_path), "today")[0] == 0
    assert gc.isenabled()
    db_path.write_text("not json")
    assert call("--db", str(db_path), "today")[0] == 1
    assert gc.isenabled()
    gc.disable()
    try:
        assert call("--db", str(db_path.with_name("none.json")), "today")[0] == 0
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_today_on_a_quiet_day_names_what_comes_next(db_path: Path, fixed_today: None) -> None:
    quiet(db_path)
    code, out, err = call("--db", str(db_path), "today")
    assert (code, err) == (0, "")
    assert out == "followup · Thu 26 Nov 2026: nothing due. Next: Tue 1 Dec (Acme — thank-you).\n"


def test_quiet_prints_nothing_when_nothing_is_due(db_path: Path, fixed_today: None) -> None:
    quiet(db_path)
    assert call("--db", str(db_path), "today", "--quiet") == (0, "", "")
    assert call("--db", str(db_path), "today", "-q", "--json") == (0, "[]\n", "")


def test_quiet_still_prints_what_is_due(db_path: Path, fixed_today: None,
                                        mixed_data: dict[str, str]) -> None:
    code, out, _ = call("--db", str(db_path), "today", "--quiet")
    assert code == 0
    assert out.startswith("followup · Thu 26 Nov 2026: 4 late, 3 due\n")
    assert out.count("\n") == 8


def test_today_before_any_data_creates_nothing(tmp_path: Path, fixed_today: None) -> None:
    """A login shell asking before followup was ever used leaves no folder behind."""
    db = tmp_path / "never" / "followup.json"
    code, out, err = call("--db", str(db), "today")
    assert (code, err) == (0, "")
    assert "no interviews yet" in out and "followup add" in out
    assert call("--db", str(db), "today", "--json") == (0, "[]\n", "")
    assert call("--db", str(db), "today", "--quiet") == (0, "", "")
    assert not db.parent.exists()


def test_today_in_a_cron_like_environment(db_path: Path, mixed_data: dict[str, str]) -> None:
    """No terminal, no TERM, a bare PATH and the C locale, as cron runs a job: plain text
    (no colour codes), UTF-8 all the same, exit 0."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(db_path.parent), "LANG": "C",
           "PYTHONPATH": str(ROOT), "FOLLOWUP_DB": str(db_path)}
    done = subprocess.run([sys.executable, "-m", "tui", "today", "--on", "2026-11-26"],
                          cwd=ROOT, env=env, capture_output=True, timeout=60,
                          stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    text = done.stdout.decode("utf-8")
    assert text.startswith("followup · Thu 26 Nov 2026: 4 late, 3 due")
    assert "\x1b" not in text
    assert "LATE  thank" in text and "Northwind Labs · Staff Engineer" in text


@pytest.mark.parametrize("options", [[], ["--json"]])
def test_the_program_ends_once_everything_is_written(
        db_path: Path, mixed_data: dict[str, str], tmp_path: Path, options: list[str]) -> None:
    """The program (`python -m tui`, the `followup` script) ends as soon as the agenda is
    written: into a file (written in blocks), every line is there, and it exits 0."""
    args = ["--db", str(db_path), "today", "--on", "2026-11-26", *options]
    code, expected, _ = call(*args)
    assert code == 0 and expected.count("\n") > 3
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    written = tmp_path / "agenda.txt"
    with written.open("wb") as out:
        done = subprocess.run([sys.executable, "-m", "tui", *args], cwd=ROOT, env=env,
                              stdout=out, stderr=subprocess.PIPE, timeout=60,
                              stdin=subprocess.DEVNULL)
    assert (done.returncode, done.stderr) == (0, b"")
    assert written.read_text("utf-8") == expected


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_the_program_says_when_the_agenda_could_not_be_written(
        db_path: Path, mixed_data: dict[str, str], tmp_path: Path) -> None:
    """A disk full under the last lines is said, and the exit status is not 0, as for any
    program whose last output could not be written."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    with open("/dev/full", "wb") as out:
        done = subprocess.run([sys.executable, "-m", "tui", "--db", str(db_path), "today",
                               "--on", "2026-11-26"], cwd=ROOT, env=env, stdout=out,
                              stderr=subprocess.PIPE, timeout=60, stdin=subprocess.DEVNULL)
    assert done.returncode != 0
    assert b"No space left on device" in done.stderr


# --- the calendar file --------------------------------------------------------------------


def todos(text: str) -> dict[str, Any]:
    calendar = icalendar.Calendar.from_ical(text)
    return {str(todo["UID"]): todo for todo in calendar.walk("VTODO")}


def test_the_calendar_parses_and_says_what_is_due(repo: Repository,
                                                  mixed_data: dict[str, str]) -> None:
    text = to_ics(repo.interviews(), repo.settings(), repo.book(), TODAY, stamp=STAMP)
    calendar = icalendar.Calendar.from_ical(text)
    assert str(calendar["PRODID"]) == "-//followup//followup agenda//EN"
    items = todos(text)
    summaries = {str(t["SUMMARY"]) for t in items.values()}
    assert "Thank Morgan Blake — Northwind Labs (Staff Engineer)" in summaries
    assert "Brief reference Priya Shah — Northwind Labs (Staff Engineer)" in summaries
    assert "Follow up — Globex (Product Designer)" in summaries
    # Every action due or late today is there, still to do.
    pending = [t for t in items.values() if str(t["STATUS"]) == "NEEDS-ACTION"]
    due_today = agenda(repo.interviews(), repo.settings(), repo.book(), TODAY)
    assert len([t for t in pending if t.decoded("DTSTART") <= TODAY]) == len(due_today)
    # A reference's heads-up says which number will call.
    priya = next(t for t in items.values() if "Priya Shah" in str(t["SUMMARY"]))
    assert "They may call from +1 206 555 0142." in str(priya["DESCRIPTION"])
    # DUE is the last on-time day, as calendar and task apps show it: the app says
    # "thank by Tue 17 Nov" for an interview on Mon 16 Nov.
    morgan = next(t for t in items.values() if "Morgan Blake" in str(t["SUMMARY"]))
    assert morgan.decoded("DTSTART") == day(11, 16)
    assert morgan.decoded("DUE") == day(11, 17)
    assert int(morgan["PRIORITY"]) == 1  # late
    # The alarm rings the morning it became due.
    [alarm] = morgan.walk("VALARM")
    assert alarm["TRIGGER"].params["RELATED"] == "START"
    assert alarm.decoded("TRIGGER") == dt.timedelta(hours=9)
    assert str(alarm["ACTION"]) == "DISPLAY"


def test_re_export_keeps_the_uids_and_completes_what_was_done(
        repo: Repository, mixed_data: dict[str, str]) -> None:
    before = todos(to_ics(repo.interviews(), repo.settings(), repo.book(), TODAY, stamp=STAMP))
    acme = repo.interview(mixed_data["Acme Corp"])
    sam = acme.interviewers[1]
    sam_uid = next(uid for uid, t in before.items() if "Thank Sam Ortiz" in str(t["SUMMARY"]))
    assert str(before[sam_uid]["STATUS"]) == "NEEDS-ACTION"
    repo.mark_thanked(acme.id, sam.id, TODAY)
    repo.log_follow_up(mixed_data["Globex"], TODAY)

    after = todos(to_ics(repo.interviews(), repo.settings(), repo.book(), TODAY, stamp=STAMP))
    # Same interview, step and person: same UID, so a calendar updates it.
    assert sam_uid in after
    assert str(after[sam_uid]["STATUS"]) == "COMPLETED"
    assert after[sam_uid].decoded("COMPLETED").date() == TODAY
    # Every to-do still to do before is in the new file under the same UID.
    assert set(before) <= set(after)
    globex_uid = next(uid for uid, t in before.items()
                      if str(t["SUMMARY"]) == "Follow up — Globex (Product Designer)")
    assert str(after[globex_uid]["STATUS"]) == "COMPLETED"
    unchanged = [uid for uid in before if uid not in (sam_uid, globex_uid)]
    assert all(str(after[uid]["STATUS"]) == str(before[uid]["STATUS"]) for uid in unchanged)
    # And exporting again without a change gives the same file.
    again = to_ics(repo.interviews(), repo.settings(), repo.book(), TODAY, stamp=STAMP)
    assert again == to_ics(repo.interviews(), repo.settings(), repo.book(), TODAY, stamp=STAMP)


def test_ics_output_is_private_and_parses(db_path: Path, mixed_data: dict[str, str],
                                          tmp_path: Path, fixed_today: None) -> None:
    target = tmp_path / "agenda.ics"
    target.write_text("an older export, readable by all")
    os.chmod(target, 0o644)
    code, out, err = call("--db", str(db_path), "ics", "--output", str(target))
    assert (code, out) == (0, "")
    assert err == f"Wrote {target} (readable only by you).\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    raw = target.read_bytes()
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    assert "Thank Morgan Blake" in str(todos(raw.decode("utf-8")))


@pytest.mark.parametrize(("where", "message"), [
    ("{tmp}/missing/agenda.ics", "the folder {tmp}/missing does not exist"),
    ("{tmp}", "it is a folder; give a file name, such as {tmp}/followup.ics"),
    ("{tmp}/locked/agenda.ics", "Permission denied"),
])
def test_ics_output_to_a_bad_path_fails_clearly(db_path: Path, mixed_data: dict[str, str],
                                                tmp_path: Path, where: str,
                                                message: str) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    os.chmod(locked, 0o500)
    if message == "Permission denied" and os.access(locked, os.W_OK):
        pytest.skip("running as a user who can write anywhere")
    path = where.format(tmp=tmp_path)
    before = db_path.read_bytes()
    try:
        code, out, err = call("--db", str(db_path), "ics", "--output", path)
    finally:
        os.chmod(locked, 0o700)
    assert (code, out) == (1, "")
    assert err == f"followup: error: cannot write {path}: {message.format(tmp=tmp_path)}\n"
    assert db_path.read_bytes() == before


# --- the demo ---------------------------------------------------------------------------


def test_the_demo_data_shows_every_state(tmp_path: Path) -> None:
    repo = Repository(tmp_path / "demo.json", clock=fixed_clock)
    fill_demo(repo, TODAY)
    interviews = repo.interviews()
    kinds = {badge(i, repo.settings(), repo.book(), TODAY).kind for i in interviews}
    assert kinds == {"late", "due", "waiting", "move_on", "closed"}
    # Something is due, so the demo opens on the Today view.
    assert agenda(interviews, repo.settings(), repo.book(), TODAY)
    assert repo.settings().name == "Alex Kim"


def test_demo_never_touches_the_users_file(db_path: Path, mixed_data: dict[str, str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """With FOLLOWUP_DB (or --db) naming the user's file, --demo runs on a copy of
    sample data in a folder of its own, and the user's file stays byte for byte."""
    import tui.app

    mine = db_path.read_bytes()
    backup = db_path.with_name(db_path.name + ".bak")
    backup_bytes = backup.read_bytes()
    seen: list[tuple[Path, bool]] = []

    class FakeApp:
        return_code = None

        def __init__(self, path: Path, today_first: bool) -> None:
            self.path = Path(path)
            seen.append((self.path, today_first))

        def run(self) -> None:
            # What a user would do in the demo: change something, on the demo's file.
            repo = Repository(self.path)
            assert {i.company for i in repo.interviews()} >= {"Acme Analytics", "Globex"}
            repo.update_settings(theme="nord", name="Someone Else")
            first = repo.interviews()[0]
            repo.delete_interview(first.id)

    def fake_make_app(path: Path, *, clock: Any = None, today_first: bool = False,
                      repo: Any = None, sync_at_start: bool = False) -> FakeApp:
        # The demo's throwaway data never goes to the user's calendar.
        assert not sync_at_start
        return FakeApp(path, today_first)

    monkeypatch.setattr(tui.app, "make_app", fake_make_app)
    monkeypatch.setenv("FOLLOWUP_DB", str(db_path))
    for argv in (["--demo"], ["--db", str(db_path), "--demo"]):
        code, out, err = call(*argv)
        assert (code, out, err) == (0, "", "")
    assert len(seen) == 2
    for path, today_first in seen:
        assert path != db_path and db_path.parent not in path.parents
        assert today_first
        assert not path.parent.exists()  # thrown away afterwards
    assert db_path.read_bytes() == mine
    assert backup.read_bytes() == backup_bytes
    assert Repository(db_path).settings().name == "Alex Morgan"


def test_the_app_opens_on_today_from_the_command(db_path: Path, mixed_data: dict[str, str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import tui.app

    seen: list[tuple[Path, bool]] = []

    class FakeApp:
        return_code = None

        def run(self) -> None:
            pass

    def fake_make_app(path: Path, *, clock: Any = None, today_first: bool = False,
                      repo: Any = None, sync_at_start: bool = False) -> FakeApp:
        seen.append((Path(path), today_first))
        return FakeApp()

    monkeypatch.setattr(tui.app, "make_app", fake_make_app)
    assert call("--db", str(db_path)) == (0, "", "")
    assert seen == [(db_path, True)]




def test_only_the_apps_own_options_open_it(db_path: Path, mixed_data: dict[str, str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The app's command line is parsed without the commands' options (quicker to start),
    and anything else on it is still refused, or answered, as before."""
    import tui.app

    opened: list[Path] = []

    class FakeApp:
        return_code = None

        def run(self) -> None:
            pass

    def fake_make_app(path: Path, **_: Any) -> FakeApp:
        opened.append(Path(path))
        return FakeApp()

    monkeypatch.setattr(tui.app, "make_app", fake_make_app)
    assert call(f"--db={db_path}") == (0, "", "")
    assert opened == [db_path]
    code, out, err = call("--db", str(db_path), "tday")
    assert code == 2 and "invalid choice: 'tday'" in err and out == ""
    code, out, err = call("--db", str(db_path), "--dbx")
    assert code == 2 and "unrecognized arguments: --dbx" in err
    code, out, err = call("--db")
    assert code == 2 and "--db: expected one argument" in err
    code, out, _ = call("--db", str(db_path), "--help")
    assert code == 0 and "today" in out and "COMMAND" in out
    assert opened == [db_path]
