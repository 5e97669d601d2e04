"""The app ended from outside: a dropped SSH connection (SIGHUP), `kill` (SIGTERM).

The real app runs in a pseudo-terminal (and in tmux), a change is made with
the keyboard, the signal is sent, and then: the change is on disk, the app
has left the alternate screen and switched mouse reporting and the other
modes off, the terminal is back in its normal mode, and nothing was printed
but the app's own screen (no traceback).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import fcntl
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from store.repository import Repository
from tests.conftest import TODAY, fixed_clock
from tui.app import make_app

ROOT = Path(__file__).resolve().parents[2]

# What Textual switches on, and what leaving the app must switch off again.
RESET = {
    "alternate screen": b"\x1b[?1049l",
    "cursor shown": b"\x1b[?25h",
    "mouse buttons": b"\x1b[?1000l",
    "mouse motion": b"\x1b[?1003l",
    "SGR mouse": b"\x1b[?1006l",
    "bracketed paste": b"\x1b[?2004l",
    "focus events": b"\x1b[?1004l",
    "kitty keyboard": b"\x1b[<u",
}


def wait_for(check: Callable[[], bool], timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


def app_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(PYTHONPATH=str(ROOT), TERM="xterm-256color",
               FOLLOWUP_CONFIG_DIR=str(tmp_path / "config"), FOLLOWUP_CLIPBOARD="terminal")
    return env


def one_interview(db: Path) -> tuple[str, str]:
    """An interview next week with one interviewer to thank: nothing is due yet, so the
    app opens on the interviews rather than the Today view."""
    repo = Repository(db)
    interview = repo.add_interview("Signal Corp", "Engineer",
                                   dt.date.today() + dt.timedelta(days=7),
                                   interviewers=[{"name": "Dana Lee"}])
    return interview.id, interview.interviewers[0].id


def thanked(db: Path, interview_id: str) -> bool:
    return Repository(db, create=False).interview(interview_id).interviewers[0].thanked


# A terminal control sequence (colour, cursor movement) in what the app writes.
_CSI = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]")


class PtyApp:
    """`followup` on the follower side of a pseudo-terminal, everything it writes collected."""

    def __init__(self, db: Path, env: dict[str, str], size: tuple[int, int] = (100, 30)) -> None:
        self.leader, follower = os.openpty()
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        self.before = termios.tcgetattr(follower)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tui", "--db", str(db)], cwd=ROOT, env=env,
            stdin=follower, stdout=follower, stderr=follower, start_new_session=True)
        os.close(follower)
        self.output = bytearray()
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.leader, 65536)
            except OSError:  # EIO once the app has gone, EBADF once we hung up
                return
            if not chunk:
                return
            with self._lock:
                self.output += chunk

    def seen(self) -> bytes:
        with self._lock:
            return bytes(self.output)

    def shows(self, text: str, after: int = 0) -> bool:
        # Looked for in the text as drawn: a change of colour can fall inside a word.
        return text.encode() in _CSI.sub(b"", self.seen()[after:])

    def press(self, keys: bytes) -> None:
        os.write(self.leader, keys)

    def hang_up(self) -> None:
        """The terminal goes away, as when the SSH connection drops."""
        os.close(self.leader)
        self.leader = -1

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        if self.leader >= 0:
            os.close(self.leader)


@pytest.fixture
def pty_app(tmp_path: Path) -> Iterator[Callable[[Path], PtyApp]]:
    started: list[PtyApp] = []

    def start(db: Path) -> PtyApp:
        app = PtyApp(db, app_env(tmp_path))
        started.append(app)
        return app

    yield start
    for app in started:
        app.close()


def thank_in_the_app(app: PtyApp) -> None:
    assert wait_for(lambda: app.shows("Dana Lee")), app.seen()[-2000:]
    app.press(b"1")
    mark = len(app.seen())
    app.press(b" ")
    # The notification is shown only once the change is on disk.
    assert wait_for(lambda: app.shows("Marked Dana Lee as thanked today", mark)), \
        app.seen()[-2000:]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_ends_the_app_cleanly_with_the_change_kept(
        tmp_path: Path, pty_app: Callable[[Path], PtyApp], sig: signal.Signals) -> None:
    db = tmp_path / "followup.json"
    interview_id, _ = one_interview(db)
    app = pty_app(db)
    thank_in_the_app(app)
    mark = len(app.seen())
    app.proc.send_signal(sig)
    assert app.proc.wait(20) == 128 + sig  # as a shell reports a signalled command
    assert thanked(db, interview_id)
    app._reader.join(5)
    leaving = app.seen()[mark:]
    missing = [name for name, sequence in RESET.items() if sequence not in leaving]
    assert missing == [], f"not switched off on {sig.name}: {missing}"
    # The alternate screen is left last of all: nothing of the app is drawn after it.
    assert leaving.rfind(RESET["alternate screen"]) > leaving.rfind(b"Dana Lee")
    assert b"Traceback" not in app.seen() and b"Error" not in leaving
    # The terminal is back in the mode it was in: echo and line editing on.
    now = termios.tcgetattr(app.leader)
    assert now[3] & (termios.ECHO | termios.ICANON) == termios.ECHO | termios.ICANON
    assert now[3] == app.before[3]


def test_a_dropped_connection_keeps_the_change_and_the_app_goes(
        tmp_path: Path, pty_app: Callable[[Path], PtyApp]) -> None:
    """The terminal is gone before the app hears of it: nothing to restore, nowhere to
    write to, and still no hang and nothing lost."""
    db = tmp_path / "followup.json"
    interview_id, _ = one_interview(db)
    app = pty_app(db)
    thank_in_the_app(app)
    app.hang_up()
    app.proc.send_signal(signal.SIGHUP)
    assert app.proc.wait(20) == 128 + signal.SIGHUP
    assert thanked(db, interview_id)
    # And the next session opens the file normally.
    assert Repository(db, create=False).interview(interview_id).company == "Signal Corp"


# --- in tmux: what the user sees afterwards ------------------------------------------


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_after_sigterm_in_tmux_the_shell_prompt_is_back(tmp_path: Path) -> None:
    db = tmp_path / "followup.json"
    interview_id, _ = one_interview(db)
    socket = f"followup-test-{uuid.uuid4().hex[:8]}"
    conf = tmp_path / "tmux.conf"
    conf.write_text("set -g history-limit 200\n")

    def tmux(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["tmux", "-L", socket, "-f", str(conf), *args],
                              capture_output=True, text=True, timeout=20)

    def screen() -> str:
        return tmux("capture-pane", "-p").stdout

    def flags() -> dict[str, str]:
        names = ["alternate_on", "mouse_any_flag", "mouse_button_flag", "mouse_sgr_flag",
                 "cursor_flag"]
        out = tmux("display", "-p", " ".join(f"#{{{n}}}" for n in names)).stdout.split()
        return dict(zip(names, out, strict=True))

    env = app_env(tmp_path)
    assignments = [f"{k}={env[k]}" for k in ("PYTHONPATH", "TERM", "FOLLOWUP_CONFIG_DIR",
                                             "FOLLOWUP_CLIPBOARD")]
    shell = ["env", "-u", "DISPLAY", "-u", "WAYLAND_DISPLAY", *assignments, "PS1=ready$ ",
             "bash", "--norc", "--noprofile", "-i"]
    try:
        assert tmux("new-session", "-d", "-x", "100", "-y", "30", "-c", str(ROOT),
                    *shell).returncode == 0
        assert wait_for(lambda: "ready$" in screen()), screen()
        tmux("send-keys", f"{sys.executable} -m tui --db {db}", "Enter")
        assert wait_for(lambda: "Dana Lee" in screen()), screen()
        assert flags()["alternate_on"] == "1" and flags()["mouse_any_flag"] == "1"
        tmux("send-keys", "1")
        tmux("send-keys", "Space")
        assert wait_for(lambda: "Marked Dana Lee as thanked today" in screen()), screen()
        shell_pid = int(tmux("display", "-p", "#{pane_pid}").stdout)
        children = Path(f"/proc/{shell_pid}/task/{shell_pid}/children").read_text().split()
        assert len(children) == 1
        app_pid = int(children[0])
        os.kill(app_pid, signal.SIGTERM)
        assert wait_for(lambda: not Path(f"/proc/{app_pid}").exists())  # reaped by the shell
        tmux("send-keys", "echo exit=$?", "Enter")
        assert wait_for(lambda: "exit=143" in screen()), screen()
        shown = screen()
        assert "Traceback" not in shown and "Dana Lee" not in shown
        assert shown.rstrip().splitlines()[-2:] == ["exit=143", "ready$"]
        assert flags() == {"alternate_on": "0", "mouse_any_flag": "0",
                           "mouse_button_flag": "0", "mouse_sgr_flag": "0", "cursor_flag": "1"}
    finally:
        tmux("kill-server")
    assert thanked(db, interview_id)


# --- the waiting, step by step (in-process) -----------------------------------------------


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch, mixed_data: dict[str, str]) -> threading.Event:
    """Holds every thank-you save (after the data is built) until set: a slow disk."""
    opened = threading.Event()
    real = Repository.mark_thanked

    def slow(self: Repository, *args: Any, **kwargs: Any) -> Any:
        assert opened.wait(20), "the test never let the save through"
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Repository, "mark_thanked", slow)
    return opened


async def _until_stopped(app: Any) -> None:
    for _ in range(200):
        if not app.is_running:
            return
        await asyncio.sleep(0.05)


@pytest.mark.parametrize("how", ["signal", "q"])
async def test_leaving_waits_for_the_save_under_way(db_path: Path, mixed_data: dict[str, str],
                                                    gate: threading.Event, how: str) -> None:
    ids = mixed_data
    app = make_app(db_path, clock=fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        # The list opens on Northwind Labs, the most urgent: thank Morgan Blake.
        await pilot.press("1", "space")
        await pilot.pause()
        # (Pilot's press returns once the key is handled, that is once the app has gone.)
        pressing = None
        if how == "signal":
            app.end_session(signal.SIGTERM)
        else:
            pressing = asyncio.create_task(pilot.press("q"))
        await asyncio.sleep(0.2)
        assert app.is_running, "left before the change was saved"
        gate.set()
        if pressing is not None:
            await pressing
        await _until_stopped(app)
        assert not app.is_running
    assert app.return_code == (143 if how == "signal" else 0)
    northwind = Repository(db_path).interview(ids["Northwind Labs"])
    assert [p.thanked_on for p in northwind.interviewers] == [TODAY, None]


async def test_a_second_signal_leaves_at_once(db_path: Path, mixed_data: dict[str, str],
                                              gate: threading.Event) -> None:
    ids = mixed_data
    app = make_app(db_path, clock=fixed_clock)
    before = db_path.read_bytes()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("1", "space")
        await pilot.pause()
        app.end_session(signal.SIGTERM)
        await pilot.pause(0.1)
        assert app.is_running
        app.end_session(signal.SIGTERM)
        await _until_stopped(app)
        assert not app.is_running
        gate.set()  # the save carries on in its thread and still lands whole
    assert app.return_code == 143
    assert wait_for(lambda: db_path.read_bytes() != before)
    assert Repository(db_path).interview(ids["Northwind Labs"]).interviewers[0].thanked


# --- a terminal that goes away at a bad moment -----------------------------------------


def test_a_terminal_gone_without_a_hang_up_ends_the_app(
        tmp_path: Path, pty_app: Callable[[Path], PtyApp]) -> None:
    """A pseudo-terminal that is not the app's controlling terminal closes with no
    SIGHUP: the app notices by itself (it used to spin a core on its dead input)."""
    db = tmp_path / "followup.json"
    interview_id, _ = one_interview(db)
    app = pty_app(db)
    thank_in_the_app(app)
    app.hang_up()
    assert app.proc.wait(10) == 128 + signal.SIGHUP
    assert thanked(db, interview_id)


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_a_tmux_window_closed_right_after_start_up_ends_the_app(tmp_path: Path) -> None:
    """Closed as soon as the first frame is drawn: the terminal goes while Textual is
    still writing to it. The app used to stay alive in about half of the tries, deaf
    even to SIGTERM, its main thread waiting on a writer thread that never came back."""
    db = tmp_path / "followup.json"
    one_interview(db)
    socket = f"followup-test-{uuid.uuid4().hex[:8]}"
    env = app_env(tmp_path)
    assignments = [f"{k}={env[k]}" for k in ("PYTHONPATH", "TERM", "FOLLOWUP_CONFIG_DIR",
                                             "FOLLOWUP_CLIPBOARD")]

    def tmux(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["tmux", "-L", socket, "-f", "/dev/null", *args],
                              capture_output=True, text=True, timeout=20)

    left: list[int] = []
    try:
        # A session of its own keeps the server up between the windows closed.
        tmux("new-session", "-d", "-s", "keep", "sleep", "600")
        for n in range(4):
            tmux("new-window", "-d", "-n", f"w{n}", "-c", str(ROOT), "env", *assignments,
                 sys.executable, "-m", "tui", "--db", str(db))
            pid = int(tmux("display", "-p", "-t", f"w{n}", "#{pane_pid}").stdout)
            assert wait_for(lambda n=n: "Signal Corp" in tmux(
                "capture-pane", "-p", "-t", f"w{n}").stdout), f"window {n} did not start"
            tmux("kill-window", "-t", f"w{n}")
            if not wait_for(lambda pid=pid: not _alive(pid), timeout=5):
                left.append(pid)
                os.kill(pid, signal.SIGTERM)
                if not wait_for(lambda pid=pid: not _alive(pid), timeout=3):
                    os.kill(pid, signal.SIGKILL)
    finally:
        tmux("kill-server")
    assert left == [], f"{len(left)} of 4 apps were still running 5 s after their window closed"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (not yet reaped by tmux) has already left.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False
