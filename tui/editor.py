"""Opening a file in the user's own editor ($VISUAL, else $EDITOR) with the app out of the way.

The app hands the terminal over (`App.suspend`), runs the editor and waits,
then takes the terminal back and repaints. Nothing here raises: every way it
can go wrong (no editor set, an editor that will not start or fails, a
terminal that cannot be handed over) comes back as one sentence that says
what to do instead, so the screen can show it.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Mapping
from pathlib import Path

from textual.app import App, SuspendNotSupported

from store.locations import display_path


class EditorError(Exception):
    """The editor could not be started, or it reported a failure."""


def editor_command(environ: Mapping[str, str] | None = None) -> list[str] | None:
    """The editor the user chose, as a command line; None when none is set.

    $VISUAL comes first (the full-screen editor), then $EDITOR; either may
    carry arguments (`code --wait`). No fallback to `vi`: dropping someone who
    never chose it into vi is no kindness.
    """
    environ = os.environ if environ is None else environ
    for name in ("VISUAL", "EDITOR"):
        value = environ.get(name, "").strip()
        if value:
            try:
                words = shlex.split(value)
            except ValueError as exc:
                raise EditorError(f"${name} ({value}) cannot be read as a command: {exc}; "
                                  "fix its quotes") from None
            if words:
                return words
    return None


def run_editor(command: list[str], path: Path) -> None:
    """Run `command` on `path` and wait for it; the file is left private (0600).

    EditorError when the editor cannot be started or exits with a failure.
    """
    shown = shlex.join(command)
    try:
        done = subprocess.run([*command, str(path)], check=False)
    except OSError as exc:
        raise EditorError(f"cannot start the editor {shown} ({exc.strerror or exc}); "
                          "set $EDITOR to one that works") from None
    try:
        # An editor that saves by writing a new file may not keep the mode.
        os.chmod(path, 0o600)
    except OSError:
        pass
    if done.returncode != 0:
        raise EditorError(f"the editor {shown} exited with status {done.returncode}")


def edit_in_terminal(app: App, path: Path, environ: Mapping[str, str] | None = None) -> str:
    """Let the user edit `path` in their editor. "" when that went well, else why not."""
    where = display_path(path)
    try:
        command = editor_command(environ)
    except EditorError as exc:
        return f"{exc}. Or edit {where} in any editor."
    if command is None:
        if path.exists():
            return (f"No editor is set. {where} holds the text to change: open it in any "
                    "editor, or set $EDITOR (say, export EDITOR=nano) and press E again.")
        return "No editor is set. Set $EDITOR (say, export EDITOR=nano) and press E again."
    try:
        with app.suspend():
            run_editor(command, path)
    except SuspendNotSupported:
        return f"This terminal cannot be handed to an editor; edit {where} in another window."
    except EditorError as exc:
        return f"{str(exc)[:1].upper()}{str(exc)[1:]}. The file is {where}."
    return ""
