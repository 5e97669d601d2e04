"""Copying reaches a real terminal's clipboard: the app in tmux, `c`, tmux's paste buffer.

With `set -g set-clipboard on`, tmux takes an application's OSC 52 into its
paste buffer even when no client is attached, exactly as it would before
passing it on to the user's terminal over SSH. So this checks the whole way
out: the app's copy helper, Textual's driver, the escape sequence itself.
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
from typing import Any

import pytest

from store.messages import MessageKind, render_message
from store.repository import Repository

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def wait_for(check: Callable[[], bool], timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Callable[..., subprocess.CompletedProcess[str]]]:
    """tmux on a private socket, with OSC 52 going into its paste buffer."""
    socket = f"followup-test-{uuid.uuid4().hex[:8]}"
    conf = tmp_path / "tmux.conf"
    conf.write_text("set -g set-clipboard on\nset -g history-limit 100\n")

    def run(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["tmux", "-L", socket, "-f", str(conf), *args],
                              capture_output=True, text=True, check=check, timeout=20)

    yield run
    run("kill-server", check=False)


def test_copy_lands_in_the_tmux_paste_buffer(tmp_path: Path, tmux: Callable[..., Any]) -> None:
    today = dt.date.today()
    db = tmp_path / "followup.json"
    repo = Repository(db)
    repo.update_settings(name="Alex Morgan")
    interview = repo.add_interview(
        "Tmux Test Corp", "Clipboard Engineer", today,
        interviewers=[{"name": "Dana Lee", "title": "CTO",
                       "topic": "terminals that copy — over SSH"}],
    )
    expected = render_message(MessageKind.THANK_EMAIL, interview, repo.settings(),
                              interviewer=interview.interviewers[0], book=repo.book(),
                              today=today).text

    env = {
        "FOLLOWUP_DB": str(db),
        "FOLLOWUP_CONFIG_DIR": str(tmp_path / "config"),
        "PYTHONPATH": str(ROOT),
        "TERM": "xterm-256color",
    }
    assignments = [f"{k}={v}" for k, v in env.items()]
    # No DISPLAY: the desktop clipboard of whoever runs the tests stays untouched.
    command = ["env", "-u", "DISPLAY", "-u", "WAYLAND_DISPLAY", *assignments,
               sys.executable, "-m", "tui"]
    tmux("new-session", "-d", "-x", "100", "-y", "30", "-c", str(ROOT), *command)

    def screen() -> str:
        return tmux("capture-pane", "-p", check=False).stdout

    # The thank-you is due, so the app opens on the Today view, on that action.
    assert wait_for(lambda: "Tmux Test Corp" in screen()), screen()
    assert "Thank Dana Lee" in screen()
    tmux("send-keys", "c")

    def buffer() -> str:
        return tmux("show-buffer", check=False).stdout

    assert wait_for(lambda: buffer() == expected, timeout=10), (buffer(), screen())
    assert wait_for(lambda: "Copied the thank-you" in screen(), timeout=5), screen()
    tmux("send-keys", "q")
    assert wait_for(lambda: tmux("list-sessions", check=False).returncode != 0, timeout=10)
    assert os.path.exists(db)
