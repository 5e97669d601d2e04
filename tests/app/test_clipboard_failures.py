"""The local clipboard failing every way it can, without freezing or marking the screen.

pyperclip (and the xclip / xsel / wl-copy it drives) may raise, hang, or
write to stderr - or straight to the terminal. A stand-in pyperclip, put
first on the child's import path, does each of these; the copy helper must
give up within its one-second limit, kill the child and anything it started,
and keep all of it off the screen the app is drawing on.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from store.repository import Repository
from tui import clipboard

ROOT = Path(__file__).resolve().parents[2]
NOISE = "CLIPBOARD-NOISE"

FAKE_PYPERCLIP = r'''
"""A pyperclip that misbehaves as $FAKE_CLIPBOARD says."""
import os, subprocess, sys, time

def copy(text):
    mode = os.environ.get("FAKE_CLIPBOARD", "")
    report = os.environ.get("FAKE_CLIPBOARD_REPORT")
    if report:
        helper = subprocess.Popen(["sleep", "60"])  # a helper it started (xclip, say)
        with open(report, "w") as handle:
            handle.write(f"{os.getpid()} {helper.pid}\n")
    if "noise" in mode:
        print("NOISE on stdout", flush=True)
        sys.stderr.write("NOISE on stderr: xclip: Error: Can't open display\n")
        sys.stderr.flush()
        os.write(2, b"NOISE on fd 2\n")
        try:
            with open("/dev/tty", "w") as tty:
                tty.write("\x1b[2J\x1b[HNOISE straight to the terminal\n")
        except OSError:
            pass
    if "raise" in mode:
        raise RuntimeError("Pyperclip could not find a copy/paste mechanism")
    if "hang" in mode:
        time.sleep(60)
    with open(os.environ["FAKE_CLIPBOARD_OUT"], "w", encoding="utf-8") as handle:
        handle.write(text)
'''.replace("NOISE", NOISE)


@pytest.fixture
def fake_pyperclip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "fake"
    folder.mkdir()
    (folder / "pyperclip.py").write_text(FAKE_PYPERCLIP)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(folder), str(ROOT)]))
    monkeypatch.setenv("FAKE_CLIPBOARD_OUT", str(tmp_path / "copied.txt"))
    monkeypatch.setenv("FAKE_CLIPBOARD_REPORT", str(tmp_path / "pids.txt"))
    return tmp_path


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def test_a_working_clipboard_gets_the_text_exactly(fake_pyperclip: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_CLIPBOARD", "")
    text = "Dear Dana,\n\nthank you — merci — شكرا 🎉\n"
    assert clipboard.copy_locally(text) is True
    assert (fake_pyperclip / "copied.txt").read_text(encoding="utf-8") == text


@pytest.mark.parametrize("mode", ["raise", "noise raise", "noise"])
def test_a_failing_or_noisy_clipboard_says_nothing_on_the_terminal(
        fake_pyperclip: Path, monkeypatch: pytest.MonkeyPatch,
        capfd: pytest.CaptureFixture[str], mode: str) -> None:
    monkeypatch.setenv("FAKE_CLIPBOARD", mode)
    assert clipboard.copy_locally("Dear Dana") is ("raise" not in mode)
    out, err = capfd.readouterr()
    assert NOISE not in out and NOISE not in err


def test_a_hanging_clipboard_is_given_up_and_killed(fake_pyperclip: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_CLIPBOARD", "hang")
    assert clipboard.LOCAL_TIMEOUT == 1.0
    assert clipboard.copy_locally("Dear Dana") is False
    child, helper = map(int, (fake_pyperclip / "pids.txt").read_text().split())
    # The child and the helper it started are both gone: nothing is left hanging.
    assert not alive(child)
    for _ in range(50):
        if not alive(helper):
            break
        time.sleep(0.02)
    assert not alive(helper)
    assert not (fake_pyperclip / "copied.txt").exists()


# --- in a real terminal -------------------------------------------------------------------


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Callable[..., subprocess.CompletedProcess[str]]]:
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    socket = f"followup-test-{uuid.uuid4().hex[:8]}"
    conf = tmp_path / "tmux.conf"
    conf.write_text("set -g set-clipboard on\nset -g history-limit 100\n")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["tmux", "-L", socket, "-f", str(conf), *args],
                              capture_output=True, text=True, timeout=20)

    yield run
    run("kill-server")


def wait_for(check: Callable[[], bool], timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


def test_a_noisy_hanging_clipboard_neither_freezes_nor_marks_the_screen(
        fake_pyperclip: Path, tmux: Callable[..., subprocess.CompletedProcess[str]]) -> None:
    db = fake_pyperclip / "followup.json"
    repo = Repository(db)
    # A complete message (c on one with a gap would first ask for it).
    repo.update_settings(name="Alex Kim")
    # Next week: nothing is due yet, so the app opens on the interviews, not Today.
    for company in ("First Corp", "Second Corp"):
        repo.add_interview(company, "Engineer", dt.date.today() + dt.timedelta(days=7),
                           interviewers=[{"name": "Dana Lee", "topic": "tmux"}])
    env = {"FOLLOWUP_DB": str(db), "FOLLOWUP_CONFIG_DIR": str(fake_pyperclip / "config"),
           "PYTHONPATH": os.environ["PYTHONPATH"], "TERM": "xterm-256color",
           # A display, so that the app tries the local clipboard as well.
           "DISPLAY": ":99", "FAKE_CLIPBOARD": "noise hang",
           "FAKE_CLIPBOARD_OUT": os.environ["FAKE_CLIPBOARD_OUT"],
           "FAKE_CLIPBOARD_REPORT": os.environ["FAKE_CLIPBOARD_REPORT"]}
    command = ["env", *[f"{k}={v}" for k, v in env.items()], sys.executable, "-m", "tui"]
    assert tmux("new-session", "-d", "-x", "100", "-y", "30", "-c", str(ROOT),
                *command).returncode == 0

    def screen() -> str:
        return tmux("capture-pane", "-p").stdout

    assert wait_for(lambda: "First Corp — Engineer" in screen()), screen()
    tmux("send-keys", "c")
    # While the clipboard hangs, the app still answers keys: move down to Second Corp.
    assert wait_for(lambda: (fake_pyperclip / "pids.txt").exists())
    tmux("send-keys", "j")
    assert wait_for(lambda: "Second Corp — Engineer" in screen()), screen()
    # The terminal's copy went through; the local one, given up, is not claimed.
    assert wait_for(lambda: "Copied the thank-you" in screen()), screen()
    shown = screen()
    assert "through the" in shown and "local" not in shown, shown
    assert NOISE not in shown
    assert tmux("show-buffer").stdout.startswith("Thank you")  # the OSC 52 copy
    child, helper = map(int, (fake_pyperclip / "pids.txt").read_text().split())
    assert wait_for(lambda: not alive(child) and not alive(helper))
    tmux("send-keys", "q")
    assert wait_for(lambda: tmux("list-sessions").returncode != 0)
