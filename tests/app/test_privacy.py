"""Private by default: every file that holds the user's data is theirs alone.

Checked with the most permissive umask (0), so the modes are the code's own
doing: the data folder 0700; the data file, its backup, its lock, a replaced
copy kept by `restore`, an export, a calendar file and the clipboard's
fallback file 0600 - after every kind of change, an import and a restore
included. And nothing is written anywhere it was not asked for.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui import clipboard
from tui.cli import main


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def cli(db: Path, *args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--db", str(db), *args], out=out)
    assert code == 0, err.getvalue()
    return code, out.getvalue()


def _unstamped(calendar: str) -> str:
    return re.sub(r"DTSTAMP:\d{8}T\d{6}Z", "DTSTAMP:", calendar)


def files_of(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): mode(p) for p in sorted(folder.rglob("*"))}


def test_every_file_holding_the_data_is_private(tmp_path: Path, open_umask: None,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "home" / ".local" / "share" / "followup" / "followup.json"
    _, out = cli(db, "add", "--company", "Acme", "--role", "Analyst", "--date", "2026-11-20",
                 "--interviewer", "Dana Lee", "--reference", "Pat Kim <pat@example.org>")
    interview_id = out.strip()
    assert mode(db.parent) == 0o700

    def private() -> None:
        files = files_of(db.parent)
        assert files and all(m == 0o600 for m in files.values()), files

    private()
    cli(db, "done", interview_id, "thank")
    cli(db, "settings", "--name", "Alex", "--phone", "+1 555 0199")
    private()

    # An export goes to stdout; nothing is written unless a path is given.
    before = files_of(tmp_path)
    _, exported = cli(db, "export")
    _, csv_text = cli(db, "export", "--format", "csv")
    _, calendar = cli(db, "ics")
    assert json.loads(exported)["interviews"] and "Acme" in csv_text
    assert "BEGIN:VCALENDAR" in calendar
    assert files_of(tmp_path) == before

    outside = tmp_path / "out"
    outside.mkdir(mode=0o755)
    for args in (["export", "--output", str(outside / "all.json")],
                 ["export", "--format", "csv", "--output", str(outside / "all.csv")],
                 ["ics", "--output", str(outside / "due.ics")]):
        cli(db, *args)
    assert files_of(outside) == {"all.json": 0o600, "all.csv": 0o600, "due.ics": 0o600}
    # The same calendar, but for the time it was made (DTSTAMP, to the second).
    assert _unstamped((outside / "due.ics").read_bytes().decode()) == _unstamped(calendar)

    # An import into a fresh data file, and a restore: still private.
    other = tmp_path / "elsewhere" / "followup.json"
    cli(other, "import", str(outside / "all.json"))
    assert mode(other.parent) == 0o700
    # A new file has no backup until its second save; its summary index (company,
    # role and interviewers' names of each interview) is as private as the file.
    assert files_of(other.parent) == {"followup.json": 0o600, "followup.json.lock": 0o600,
                                      "followup.json.index": 0o600}
    cli(db, "import", str(outside / "all.json"))  # nothing new: skipped, still private
    private()
    cli(db, "restore")
    private()
    assert any(".replaced-" in name for name in files_of(db.parent))


def test_the_clipboard_fallback_file_is_private(tmp_path: Path, open_umask: None,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clipboard, "_private_dir", None)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # so TMPDIR is read again
    first = clipboard.write_private_copy("Dear Dana, ...")
    second = clipboard.write_private_copy("Dear Sam, ...")
    assert first.parent == second.parent and first != second
    assert first.parent.parent == tmp_path
    assert mode(first.parent) == 0o700
    assert mode(first) == mode(second) == 0o600
    assert first.read_text() == "Dear Dana, ..."


def test_the_clipboard_fallback_files_go_when_the_app_quits(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The copy-by-hand view's file holds a message with names and phone numbers: it is
    removed when the session ends, and the view says so."""
    monkeypatch.setattr(clipboard, "_private_dir", None)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    path = clipboard.write_private_copy("Dear Dana, call me on +1 412 555 0199")
    assert "removed when followup quits" in clipboard.where_it_stays(path)
    clipboard.remove_private_copies()
    assert not path.exists() and not path.parent.exists()
    assert list(tmp_path.iterdir()) == []


async def test_the_app_removes_the_fallback_files_on_quitting(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.conftest import fixed_clock
    from tui.app import make_app

    monkeypatch.setattr(clipboard, "_private_dir", None)
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    app = make_app(tmp_path / "followup.json", clock=fixed_clock)
    async with app.run_test() as pilot:
        path = clipboard.write_private_copy("Dear Dana")
        await pilot.press("q")
    assert not path.exists()
    assert list((tmp_path / "tmp").iterdir()) == []


def test_a_loose_followup_data_folder_is_tightened(tmp_path: Path, open_umask: None) -> None:
    """The default data folder, left 0755 by an older version or a hand-made mkdir, is
    made 0700 by the next save (a folder chosen with --db keeps its mode)."""
    folder = tmp_path / "share" / "followup"
    folder.mkdir(parents=True, mode=0o755)
    os.chmod(folder, 0o755)
    os.chmod(folder.parent, 0o755)
    cli(folder / "followup.json", "add", "--company", "Acme", "--role", "Analyst",
        "--date", "2026-11-20")
    assert mode(folder) == 0o700
    assert mode(tmp_path / "share") == 0o755
