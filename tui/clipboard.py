"""The one way followup copies text, and what it tells the user about it.

1. Always through the terminal (OSC 52, `App.copy_to_clipboard`): the only
   way that reaches the user's own clipboard over SSH or inside tmux.
2. Also the local clipboard (pyperclip) where this machine has a display of
   its own, in a child process with a one-second limit: pyperclip's helpers
   (xclip, xsel, wl-copy) write errors straight onto the terminal Textual is
   drawing on and can hang, and a child process can be silenced and killed
   where a thread cannot.
3. Where neither can be reached (`TERM=dumb`, or `FOLLOWUP_CLIPBOARD=none`),
   the text is written to a private file and shown in a view it can be
   selected from.

`FOLLOWUP_CLIPBOARD` may be `terminal` (OSC 52 only), `local` (pyperclip
only) or `none`; anything else means both.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from widgets.message_preview import missing_warning
from widgets.text import clean, literal

ENV_CLIPBOARD = "FOLLOWUP_CLIPBOARD"
LOCAL_TIMEOUT = 1.0

# Terminals known not to take OSC 52: nothing we send would reach a clipboard.
_NO_OSC52_TERMS = {"dumb", "linux"}
_NO_OSC52_PROGRAMS = {"Apple_Terminal"}

_LOCAL_COPY = (
    "import sys, pyperclip\n"
    "pyperclip.copy(sys.stdin.buffer.read().decode('utf-8'))\n"
)

_private_dir: Path | None = None


def _mode(environ: Mapping[str, str]) -> str:
    return environ.get(ENV_CLIPBOARD, "").strip().lower()


def terminal_can_copy(environ: Mapping[str, str] | None = None) -> bool:
    """Whether OSC 52 sent to this terminal can reach a clipboard."""
    environ = os.environ if environ is None else environ
    if _mode(environ) in ("none", "off", "local"):
        return False
    if environ.get("TERM", "") in _NO_OSC52_TERMS:
        return False
    return environ.get("TERM_PROGRAM", "") not in _NO_OSC52_PROGRAMS


def has_local_display(environ: Mapping[str, str] | None = None,
                      platform: str | None = None) -> bool:
    """Whether this machine has a desktop clipboard for pyperclip to reach."""
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if _mode(environ) in ("none", "off", "terminal"):
        return False
    if platform == "darwin" or platform.startswith("win"):
        return True
    return bool(environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


def copy_locally(text: str, timeout: float = LOCAL_TIMEOUT) -> bool:
    """Put `text` on the local clipboard with pyperclip; False on any failure or timeout.

    The child runs in a session of its own: with no controlling terminal, neither it
    nor a helper it starts can open /dev/tty and write over the screen, and on a
    timeout the whole group (a hung xclip included) is killed, not just the child.
    """
    try:
        proc = subprocess.Popen(
            [sys.executable, "-c", _LOCAL_COPY],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        return False
    try:
        proc.communicate(text.encode("utf-8", errors="replace"), timeout=timeout)
    except (OSError, subprocess.SubprocessError):
        _kill_group(proc)
        return False
    return proc.returncode == 0


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        proc.kill()
    try:
        proc.wait(timeout=LOCAL_TIMEOUT)
    except subprocess.TimeoutExpired:
        pass


def write_private_copy(text: str) -> Path:
    """Write `text` to a new 0600 file in a 0700 folder of its own; return its path.
    The folder is removed when the app quits (`remove_private_copies`), or at the
    latest when this process ends normally."""
    global _private_dir
    if _private_dir is None or not _private_dir.is_dir():
        _private_dir = Path(tempfile.mkdtemp(prefix="followup-"))
        atexit.register(remove_private_copies)
    path = _private_dir / f"message-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.txt"
    counter = 1
    while path.exists():
        counter += 1
        path = path.with_name(f"{path.stem.split('~')[0]}~{counter}.txt")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    return path


def remove_private_copies() -> None:
    """Remove the copy-by-hand files and their folder: each holds a whole message,
    names and phone numbers included."""
    global _private_dir
    folder, _private_dir = _private_dir, None
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


def where_it_stays(path: Path) -> str:
    return f"Also saved to {path} (readable only by you; removed when followup quits)"


def copy_text(app: App, text: str, what: str, *, missing: Sequence[str] = ()) -> None:
    """Copy `text` every way that can reach the user, and say how it went.

    `what` names the text for the notification ("the thank-you email for Dana
    Lee"); `missing` lists gaps such as `<<topic>>`, which earn a warning.
    """
    if missing:
        app.notify(clean(missing_warning(missing)), title="Not ready to send",
                   severity="warning", markup=False)
    terminal = terminal_can_copy()
    if terminal:
        app.copy_to_clipboard(text)
    # Headless runs are tests: they must never touch the desktop clipboard.
    if has_local_display() and not app.is_headless:
        def local_then_report() -> None:
            local = copy_locally(text)
            app.call_from_thread(_report, app, text, what, terminal, local)

        app.run_worker(local_then_report, thread=True, group="clipboard",
                       name="copy to the local clipboard")
    else:
        _report(app, text, what, terminal, False)


def _report(app: App, text: str, what: str, terminal: bool, local: bool) -> None:
    size = f"{len(text):,} characters"
    if terminal or local:
        ways = " and ".join(
            way for way, used in (("through the terminal", terminal),
                                  ("to the local clipboard", local)) if used
        )
        app.notify(clean(f"Copied {what} ({size}) {ways}"), markup=False)
        return
    try:
        path: Path | None = write_private_copy(text)
    except OSError:
        path = None
    app.notify(
        clean(f"No clipboard could be reached, so {what} ({size}) is shown to select and copy"
              + (f"; it is also in {path}" if path else "")),
        severity="warning",
        markup=False,
    )
    app.push_screen(CopyFallbackScreen(text, path))


class CopyFallbackScreen(ModalScreen[None]):
    """The text to copy by hand: selectable, read-only, with the file it was saved to."""

    BINDINGS = [Binding("escape", "dismiss", "Close")]

    DEFAULT_CSS = """
    CopyFallbackScreen {
        align: center middle;
        & > Vertical {
            width: 90%;
            max-width: 100;
            height: 90%;
            border: round $warning;
            padding: 0 1;
            background: $surface;
        }
        Label { width: 1fr; margin-bottom: 1; }
        TextArea { height: 1fr; }
        #fallback-path { margin: 1 0 0 0; color: $text-muted; }
        Button { margin-top: 1; }
    }
    """

    def __init__(self, text: str, path: Path | None) -> None:
        super().__init__()
        self.text = text
        self.path = path

    def compose(self) -> ComposeResult:
        # Imported only when this screen is needed (TextArea is slow to import).
        from widgets.safe_fields import SafeTextArea  # shows controls as placeholders

        with Vertical() as box:
            box.border_title = "Copy by hand"
            yield Label(
                "No clipboard could be reached from here. Select the text below "
                "(mouse, or shift+arrows; ctrl+a selects all) and copy it with your "
                "terminal's own copy."
            )
            yield SafeTextArea(self.text, read_only=True, soft_wrap=True, show_line_numbers=False,
                           id="fallback-text")
            if self.path is not None:
                yield Label(literal(where_it_stays(self.path)), id="fallback-path")
            yield Button("Close", variant="primary", id="fallback-close")

    def on_mount(self) -> None:
        self.query_one("#fallback-text").focus()

    @on(Button.Pressed, "#fallback-close")
    def _close(self) -> None:
        self.dismiss(None)
