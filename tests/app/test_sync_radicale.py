"""`followup sync` against a real CalDAV server: Radicale on a free localhost port.

The phone's side is played by the `caldav` client, as a calendar app would
tick a to-do. One server serves the module (each test its own user, so its
own calendars); the faults get their own small servers.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import http.server
import io
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import caldav
import pytest
from caldav.lib.error import DAVError

from store import workflow
from store.models import Outcome as InterviewOutcome
from store.models import Step
from store.repository import Repository
from store.sync import SyncError, SyncSettings
from store.sync_run import run_sync
from tests.conftest import TODAY, day, fixed_clock
from tui import cli

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def radicale(folder: Path, *auth: str) -> Iterator[str]:
    """A Radicale server on a free localhost port, storing in `folder`; its URL."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", "",
         "--server-hosts", f"127.0.0.1:{port}", "--storage-filesystem-folder", str(folder),
         *(auth or ("--auth-type", "none")), "--logging-level", "warning",
         # Radicale waits a second before each refusal; the client's first request,
         # before it knows the scheme, is one.
         "--auth-delay", "0"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("Radicale did not start") from None
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with radicale(tmp_path_factory.mktemp("radicale")) as url:
        yield url


_users = iter(range(10_000))


@pytest.fixture
def user() -> str:
    return f"user{next(_users)}"


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOLLOWUP_CALDAV_PASSWORD", "secret-password")
    monkeypatch.setattr(cli, "_today", lambda: TODAY)


def sync(db: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(["--db", str(db), "sync", *args], out=out)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    return code, out.getvalue(), err.getvalue()


def phone(url: str, user: str, name: str = "followup") -> caldav.Calendar:
    """The calendar as a phone's calendar app sees it."""
    client = caldav.DAVClient(url=url, username=user, password="secret-password")
    return next(c for c in client.principal().calendars() if c.get_display_name() == name)


def todos_there(calendar: caldav.Calendar) -> dict[str, caldav.Todo]:
    found = {}
    for todo in calendar.todos(include_completed=True):
        uid = str(todo.icalendar_component["UID"])
        assert uid not in found, f"two to-dos with the UID {uid}"
        found[uid] = todo
    return found


def status(todo: caldav.Todo) -> str:
    return str(todo.icalendar_component.get("STATUS", "NEEDS-ACTION"))


def summary(todo: caldav.Todo) -> str:
    return str(todo.icalendar_component["SUMMARY"])


def one(todos: dict[str, caldav.Todo], text: str) -> caldav.Todo:
    [match] = [t for t in todos.values() if summary(t).startswith(text)]
    return match


def first_sync(db: Path, server: str, user: str) -> None:
    code, out, err = sync(db, "--url", server, "--username", user)
    assert (code, err) == (0, ""), err
    assert out.startswith("Synced with the calendar 'followup': ")


# --- the scenarios ----------------------------------------------------------------


def test_first_sync_creates_the_calendar_and_one_to_do_per_open_action(
        server: str, user: str, env: None, repo: Repository, mixed_data: dict[str, str],
        db_path: Path) -> None:
    code, out, err = sync(db_path, "--url", server, "--username", user)
    assert (code, err) == (0, "")
    calendar = phone(server, user)
    todos = todos_there(calendar)
    open_actions = [t for t in todos.values() if status(t) == "NEEDS-ACTION"]
    assert len(todos) == len(open_actions)
    assert out == f"Synced with the calendar 'followup': {len(todos)} sent.\n"
    assert {"Thank Morgan Blake — Northwind Labs (Staff Engineer)",
            "Follow up — Globex (Product Designer)",
            "Thank Monica Hall — Pied Piper (Platform Engineer)"} <= {
                summary(t) for t in todos.values()}
    # The calendar was made for to-dos.
    assert "VTODO" in calendar.get_supported_components()
    # The DESCRIPTION is the message `followup message` prints, ready to send.
    morgan = one(todos, "Thank Morgan Blake")
    message = io.StringIO()
    with contextlib.redirect_stderr(io.StringIO()):
        assert cli.main(["--db", str(db_path), "message", mixed_data["Northwind Labs"],
                         "thank", "--person", "Morgan"], out=message) == 0
    assert str(morgan.icalendar_component["DESCRIPTION"]) == message.getvalue().rstrip("\n")
    # DUE is the last on-time day, the alarm the morning it became due.
    assert morgan.icalendar_component.decoded("DUE") == day(11, 17)
    [alarm] = morgan.icalendar_component.subcomponents
    assert alarm.name == "VALARM"
    assert str(alarm["TRIGGER"].to_ical(), "ascii") == "PT9H"
    # The settings are kept, private, without the password.
    saved = Path(os.environ["FOLLOWUP_CONFIG_DIR"]) / "caldav.json"
    assert saved.stat().st_mode & 0o777 == 0o600
    assert "secret-password" not in saved.read_text()
    assert "secret-password" not in out + err


def test_a_to_do_completed_on_the_phone_is_done_here_and_reopened_is_undone(
        server: str, user: str, env: None, repo: Repository, mixed_data: dict[str, str],
        db_path: Path) -> None:
    first_sync(db_path, server, user)
    todos = todos_there(phone(server, user))
    ticked = dt.datetime(2026, 11, 25, 18, 30, tzinfo=dt.UTC)
    one(todos, "Thank Morgan Blake").complete(completion_timestamp=ticked)

    code, out, _ = sync(db_path)
    assert code == 0
    assert "1 done in the calendar" in out
    repo.reload()
    northwind = repo.interview(mixed_data["Northwind Labs"])
    morgan = northwind.interviewers[0]
    assert morgan.thanked_on == ticked.astimezone().date()
    assert northwind.history[-1].what.endswith("— done in the calendar")

    # Reopened on the phone: undone here.
    one(todos_there(phone(server, user)), "Thank Morgan Blake").uncomplete()
    code, out, _ = sync(db_path)
    assert code == 0 and "1 undone in the calendar" in out
    repo.reload()
    assert repo.interview(mixed_data["Northwind Labs"]).interviewers[0].thanked_on is None


def test_a_follow_up_ticked_on_the_phone_logs_it_and_sends_the_next_one(
        server: str, user: str, env: None, repo: Repository, mixed_data: dict[str, str],
        db_path: Path) -> None:
    first_sync(db_path, server, user)
    one(todos_there(phone(server, user)), "Follow up — Globex").complete()
    assert sync(db_path)[0] == 0
    repo.reload()
    assert len(repo.interview(mixed_data["Globex"]).follow_ups) == 1
    globex = [t for t in todos_there(phone(server, user)).values()
              if summary(t).startswith("Follow up — Globex")]
    # The one ticked, and the next follow-up, open.
    assert sorted(status(t) for t in globex) == ["COMPLETED", "NEEDS-ACTION"]


def test_marking_done_here_completes_it_there(
        server: str, user: str, env: None, repo: Repository, mixed_data: dict[str, str],
        db_path: Path) -> None:
    first_sync(db_path, server, user)
    northwind = repo.interview(mixed_data["Northwind Labs"])
    workflow.mark_done(repo, northwind.id, Step.THANK, northwind.interviewers[1].id, TODAY)
    code, out, _ = sync(db_path)
    assert (code, out) == (0, "Synced with the calendar 'followup': 1 completed there.\n")
    riley = one(todos_there(phone(server, user)), "Thank Riley Chen")
    assert status(riley) == "COMPLETED"


def test_an_outcome_cancels_the_interviews_to_dos(
        server: str, user: str, env: None, repo: Repository, mixed_data: dict[str, str],
        db_path: Path) -> None:
    first_sync(db_path, server, user)
    repo.set_outcome(mixed_data["Northwind Labs"], InterviewOutcome.REJECTED)
    repo.delete_interview(mixed_data["Pied Piper"])
    code, out, _ = sync(db_path)
    assert code == 0
    todos = todos_there(phone(server, user))
    northwind = [t for t in todos.values() if "Northwind Labs" in summary(t)]
    pied_piper = [t for t in todos.values() if "Pied Piper" in summary(t)]
    assert northwind and {status(t) for t in northwind} == {"CANCELLED"}
    assert pied_piper and {status(t) for t in pied_piper} == {"CANCELLED"}
    assert f"{len(northwind) + len(pied_piper)} cancelled there" in out
    # Cancelled to-dos no longer ring.
    assert all(not t.icalendar_component.subcomponents for t in northwind)


def test_two_syncs_in_a_row_change_nothing_and_make_no_copy(
        server: str, user: str, env: None, repo: Repository, mixed_data: dict[str, str],
        db_path: Path) -> None:
    first_sync(db_path, server, user)
    before = db_path.read_bytes(), db_path.stat().st_mtime_ns
    there = {uid: t.data for uid, t in todos_there(phone(server, user)).items()}
    code, out, _ = sync(db_path)
    assert (code, out) == (0, "Synced with the calendar 'followup': nothing to change.\n")
    assert (db_path.read_bytes(), db_path.stat().st_mtime_ns) == before
    assert {uid: t.data for uid, t in todos_there(phone(server, user)).items()} == there


def test_a_dry_run_lists_what_it_would_do_and_does_nothing(
        server: str, user: str, env: None, repo: Repository, mixed_data: dict[str, str],
        db_path: Path) -> None:
    before = db_path.read_bytes()
    code, out, _ = sync(db_path, "--url", server, "--username", user, "--dry-run")
    assert code == 0
    assert ("send: Thank Morgan Blake — Northwind Labs (Staff Engineer), due by Tue 17 Nov\n"
            in out)
    assert out.endswith("nothing was sent or changed (dry run).\n")
    assert db_path.read_bytes() == before
    assert not (Path(os.environ["FOLLOWUP_CONFIG_DIR"]) / "caldav.json").exists()
    client = caldav.DAVClient(url=server, username=user, password="x")
    assert client.principal().calendars() == []


# --- faults -------------------------------------------------------------------------


def test_a_stopped_server_gives_one_clear_line_and_leaves_the_file(
        tmp_path: Path, user: str, env: None, repo: Repository, mixed_data: dict[str, str],
        db_path: Path) -> None:
    with radicale(tmp_path / "gone") as url:
        first_sync(db_path, url, user)
    workflow.mark_done(repo, mixed_data["Globex"], Step.FOLLOW_UP, None, TODAY)
    before = db_path.read_bytes()
    code, out, err = sync(db_path)
    assert (code, out) == (1, "")
    assert err.startswith("followup: error: sync failed: cannot reach 127.0.0.1:")
    assert "try again later" in err and err.count("\n") == 1
    assert db_path.read_bytes() == before


def test_a_refused_password_says_so(tmp_path: Path, env: None, repo: Repository,
                                    mixed_data: dict[str, str], db_path: Path) -> None:
    users = tmp_path / "users"
    users.write_text("ann:right-password\n")
    auth = ("--auth-type", "htpasswd", "--auth-htpasswd-filename", str(users),
            "--auth-htpasswd-encryption", "plain")
    before = db_path.read_bytes()
    with radicale(tmp_path / "auth", *auth) as url:
        code, out, err = sync(db_path, "--url", url, "--username", "ann",
                              "--password-command", "echo wrong-password")
        assert (code, out) == (1, "")
        assert "refused the user name or password (HTTP 401)" in err
        assert "wrong-password" not in err and err.count("\n") == 1
        assert db_path.read_bytes() == before
        assert not (Path(os.environ["FOLLOWUP_CONFIG_DIR"]) / "caldav.json").exists()
        # The right one, from the command, works.
        code, out, err = sync(db_path, "--url", url, "--username", "ann",
                              "--password-command", "printf 'right-password\\nmore'")
        assert (code, err) == (0, ""), err


@contextlib.contextmanager
def fake_server(handler: type[http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True  # a slow answer still under way is not waited for
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


class Nonsense(http.server.BaseHTTPRequestHandler):
    def _answer(self) -> None:
        body = b"<html><body>Welcome to nginx!</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_PROPFIND = do_REPORT = do_PUT = do_OPTIONS = do_MKCALENDAR = _answer

    def log_message(self, *args: object) -> None:
        pass


class Slow(Nonsense):
    def _answer(self) -> None:
        time.sleep(3)

    do_GET = do_PROPFIND = do_REPORT = do_PUT = do_OPTIONS = _answer


def test_nonsense_and_a_slow_server_give_one_line_and_leave_the_file(
        env: None, repo: Repository, mixed_data: dict[str, str], db_path: Path) -> None:
    before = db_path.read_bytes()
    with fake_server(Nonsense) as url:
        code, out, err = sync(db_path, "--url", url, "--username", "ann")
    assert (code, out) == (1, "")
    assert err.startswith("followup: error: sync failed: 127.0.0.1:")
    assert "check --url points at a CalDAV server" in err and err.count("\n") == 1
    with fake_server(Slow) as url:
        settings = SyncSettings(url, "ann")
        with pytest.raises(SyncError, match=r"did not answer within 1 s.*try again later"):
            run_sync(repo, settings, "pw", TODAY, timeout=1)
    assert db_path.read_bytes() == before


def test_a_sync_killed_halfway_is_completed_by_the_next_with_no_copy(
        server: str, user: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "many.json"
    repo = Repository(db, clock=fixed_clock)
    today = dt.date.today()  # the killed sync runs in its own process, on the real clock
    for n in range(100):
        repo.add_interview(f"Company {n:03}", "Engineer", today,
                           interviewers=[{"name": f"Person {n}"}])
    env = {**os.environ, "FOLLOWUP_CALDAV_PASSWORD": "pw", "FOLLOWUP_CONFIG_DIR":
           str(tmp_path / "config"), "PYTHONPATH": str(ROOT)}
    monkeypatch.setenv("FOLLOWUP_CONFIG_DIR", env["FOLLOWUP_CONFIG_DIR"])
    monkeypatch.setenv("FOLLOWUP_CALDAV_PASSWORD", "pw")
    monkeypatch.setattr(cli, "_today", lambda: today)
    before = db.read_bytes()
    process = subprocess.Popen(
        [sys.executable, "-m", "tui", "--db", str(db), "sync", "--url", server,
         "--username", user], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        calendar = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            with contextlib.suppress(StopIteration, DAVError):
                calendar = calendar or phone(server, user)
                if len(calendar.todos()) >= 40:
                    break
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait()
    assert process.returncode == -signal.SIGKILL, "the sync ended before it could be cut off"
    assert calendar is not None
    sent = todos_there(calendar)
    assert 40 <= len(sent) < 200
    assert db.read_bytes() == before  # nothing saved: the file is as it was
    # Ticked on the phone before the next sync: that tick is not lost.
    ticked = next(iter(sent.values()))
    ticked.complete()

    code, out, err = sync(db)
    assert (code, err) == (0, ""), err
    todos = todos_there(calendar)
    assert len(todos) == 200  # exactly one to-do per action (100 thank-yous, 100 follow-ups)
    repo.reload()
    thanked = [i for i in repo.interviews() if i.interviewers[0].thanked_on is not None]
    assert len(thanked) == 1 and summary(ticked).startswith(
        f"Thank {thanked[0].interviewers[0].name} ")
    assert sync(db)[1].endswith("nothing to change.\n")


# --- the app ----------------------------------------------------------------------


async def test_s_in_the_app_syncs_in_a_worker_and_says_what_it_did(
        server: str, user: str, env: None, repo: Repository, mixed_data: dict[str, str],
        db_path: Path) -> None:
    from tui.app import make_app

    app = make_app(db_path, clock=fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("S")
        await pilot.pause()
        [note] = [n for n in app.said if n.title == "Not synced"]
        assert "run `followup sync --url URL" in note.message
    first_sync(db_path, server, user)
    one(todos_there(phone(server, user)), "Thank Morgan Blake").complete()

    app = make_app(db_path, clock=fixed_clock, sync_at_start=True)
    async with app.run_test(size=(100, 30)) as pilot:
        # The screen answers keys while the sync runs.
        await pilot.press("j")
        await app.workers.wait_for_complete()
        await pilot.pause()
        synced = [n.message for n in app.said if n.message.startswith("Synced")]
        assert synced == ["Synced with the calendar at 09:00: 1 done in the calendar."]
        await app.workers.wait_for_complete()
        await pilot.pause()
        northwind = app.snapshot.interviews[mixed_data["Northwind Labs"]]
        assert northwind.interviewers[0].thanked_on is not None
        await pilot.press("S")
        await app.workers.wait_for_complete()
        await pilot.pause()
        synced = [n.message for n in app.said if n.message.startswith("Synced")]
        assert synced[-1] == "Synced with the calendar at 09:00: nothing to change."
