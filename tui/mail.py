"""A message into the user's own mail program, as a draft.

Two ways, because one of them always works: the system's opener (`xdg-open`,
`open`) where this computer has a desktop to open it on, and the `mailto:` link
on the message's title, which a terminal with OSC 8 hyperlinks opens on the
computer the user sits at — the one way that works over SSH.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

# Where a link opened here would not reach the user (a session over SSH, no desktop).
_REMOTE = ("SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY")


def opener() -> list[str] | None:
    """The command that opens a URL on this computer's desktop, or None when there is
    none to reach (no opener, no display, or a session over SSH)."""
    if any(os.environ.get(name) for name in _REMOTE):
        return None
    if sys.platform == "darwin":
        return ["open"] if shutil.which("open") else None
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return None
    found = shutil.which("xdg-open")
    return [found] if found else None


def open_mail_draft(url: str) -> str:
    """Open `url` with the system's opener when there is one; what happened, in one
    sentence for the user."""
    command = opener()
    link = "Click the message's title to open it in your mail program"
    if command is None:
        return f"{link} (the terminal opens it on your own computer, over SSH too)."
    try:
        subprocess.Popen([*command, url], stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True)
    except OSError as exc:
        return f"Could not start {command[0]} ({exc.strerror or exc}). {link}."
    return "Opened it as a draft in your mail program."
