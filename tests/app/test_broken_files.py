"""Files and disks that let the user down, for real where the machine allows it.

* A data file its owner may not read, and a folder they may not write to:
  as root, file modes are not enforced, so these run the command as another
  user (`setpriv`); as anyone else, they run it directly.
* A full disk and a read-only disk: a small tmpfs, mounted when the tests
  run as root; elsewhere they are skipped (test_storage covers the same code
  with a patched write, and the app test below runs both ways).
* The data file damaged by someone else while the app is open.

Each time: one clear line naming the file and what to do, a non-zero exit
for a command, an error notification in the app with the change not shown
as done, and the data file byte-for-byte as it was.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from store import storage as storage_module
from store.repository import Repository
from tests.conftest import build_mixed_data, fixed_clock
from tui.app import FollowupApp, make_app

ROOT = Path(__file__).resolve().parents[2]
NOBODY = 65534


def screen_text(app: FollowupApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# --- as a user the file modes apply to ----------------------------------------------------


@pytest.fixture
def user_folder() -> Iterator[Path]:
    """A folder the command's user owns, somewhere that user can reach."""
    folder = Path(tempfile.mkdtemp(prefix="followup-modes-"))
    if os.geteuid() == 0:
        os.chown(folder, NOBODY, NOBODY)
    try:
        yield folder
    finally:
        os.chmod(folder, 0o700)
        shutil.rmtree(folder)


def give_away(*paths: Path) -> None:
    if os.geteuid() == 0:
        for path in paths:
            os.chown(path, NOBODY, NOBODY)


def as_user(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`followup ARGS` as the owner of `folder`'s files, to whom their modes apply."""
    prefix: list[str] = []
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root, which ignores file modes, and there is no setpriv "
                        "to run the command as another user")
        prefix = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT), "NO_COLOR": "1",
           "FOLLOWUP_CONFIG_DIR": str(folder / "config"), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([*prefix, sys.executable, "-m", "tui", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


def filled(folder: Path) -> tuple[Path, str]:
    db = folder / "followup.json"
    repo = Repository(db)
    interview = repo.add_interview("Acme", "Analyst", fixed_clock().date(),
                                   interviewers=[{"name": "Dana Lee"}])
    repo.update_settings(name="Alex")
    give_away(*folder.iterdir())
    return db, interview.id


def test_a_data_file_its_owner_cannot_read(user_folder: Path) -> None:
    db, interview_id = filled(user_folder)
    os.chmod(db, 0o000)
    before = open(db, "rb").read()  # noqa: SIM115 (root reads it regardless)
    for args in ([], ["today"], ["list"], ["add", "--company", "B", "--role", "R", "--date",
                                           "today"], ["done", interview_id, "thank"]):
        done = as_user(user_folder, "--db", str(db), *args)
        assert done.returncode == 1, (args, done.stderr)
        assert done.stdout == ""
        assert done.stderr == (
            f"followup: error: {db}: cannot be read (permission denied). Check who owns it "
            f"and its mode (it should be yours, 0600): `chmod 600 {db}`. Nothing was changed.\n")
        with open(db, "rb") as handle:
            assert handle.read() == before
    assert leftovers(user_folder) == []


@pytest.mark.parametrize("lock_file", ["kept", "missing"])
def test_a_folder_its_owner_cannot_write_to(user_folder: Path, lock_file: str) -> None:
    db, interview_id = filled(user_folder)
    if lock_file == "missing":
        db.with_name(db.name + ".lock").unlink()
    os.chmod(user_folder, 0o500)
    before = db.read_bytes()
    # Reading works: the agenda, the list, an export to stdout.
    for args in (["today"], ["list"], ["export"]):
        done = as_user(user_folder, "--db", str(db), *args)
        assert done.returncode == 0, (args, done.stderr)
    # A change is refused, saying which folder to fix.
    for args in (["add", "--company", "B", "--role", "R", "--date", "today"],
                 ["done", interview_id, "thank"], ["settings", "--name", "Sam"]):
        done = as_user(user_folder, "--db", str(db), *args)
        assert done.returncode == 1, (args, done.stderr)
        assert done.stdout == ""
        assert done.stderr.count("\n") == 1
        assert done.stderr.startswith(f"followup: error: {db}: could not be saved: its "
                                      "folder is not writable")
        assert f"Make {user_folder} writable for you" in done.stderr
        assert "not saved" in done.stderr
        assert db.read_bytes() == before
    assert leftovers(user_folder) == []


# --- a disk that is full, or read-only --------------------------------------------------------


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB tmpfs of our own (root only)."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small disk needs root; test_storage covers a full disk with "
                    "a patched write")
    where = tmp_path / "disk"
    where.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs",
                           str(where)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip()})")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def fill(disk: Path) -> Path:
    """Take every free byte of `disk`; returns the file that holds them."""
    filler = disk / "filler"
    with open(filler, "wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    return filler


def remount_read_only(disk: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True, capture_output=True)


def cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "tui", "--db", str(db), *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("disk_state", ["full", "read-only"])
def test_a_command_on_a_disk_that_cannot_take_a_change(tiny_disk: Path, disk_state: str) -> None:
    db = tiny_disk / "data" / "followup.json"
    interview_id = build_mixed_data(Repository(db, clock=fixed_clock))["Acme Corp"]
    before = db.read_bytes()
    backup_before = db.with_name(db.name + ".bak").read_bytes()
    if disk_state == "full":
        fill(tiny_disk)
        problem, advice = "the disk is full", "Free some space and try again"
    else:
        remount_read_only(tiny_disk)
        problem, advice = "its folder is not writable", f"Make {db.parent} writable"
    for args in (["add", "--company", "B", "--role", "R", "--date", "today"],
                 ["done", interview_id, "thank", "--person", "Sam"],
                 ["settings", "--name", "Sam"], ["restore"]):
        done = cli(db, *args)
        assert done.returncode == 1, (args, done.stderr)
        assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr
        assert str(db) in done.stderr
        if args != ["restore"]:
            assert f"could not be saved: {problem}" in done.stderr and advice in done.stderr
        assert db.read_bytes() == before
        assert db.with_name(db.name + ".bak").read_bytes() == backup_before
    assert leftovers(db.parent) == []
    # What is saved can still be read.
    done = cli(db, "today")
    assert done.returncode == 0 and "Acme Corp" in done.stdout


# --- the app, when a save cannot be made -----------------------------------------------------


def _patched_full_disk(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    real = os.fsync

    def no_room(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(storage_module.os, "fsync", no_room)
    return lambda: monkeypatch.setattr(storage_module.os, "fsync", real)


@pytest.mark.parametrize("disk", ["tmpfs", "patched"])
async def test_the_app_when_the_disk_fills_during_a_save(
        disk: str, request: pytest.FixtureRequest, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    folder = request.getfixturevalue("tiny_disk") if disk == "tmpfs" else tmp_path
    db = folder / "data" / "followup.json"
    build_mixed_data(Repository(db, clock=fixed_clock))
    app = make_app(db, clock=fixed_clock)
    before = db.read_bytes()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        if disk == "tmpfs":
            filler = fill(folder)
            free: Callable[[], None] = filler.unlink
        else:
            free = _patched_full_disk(monkeypatch)
        # Thank Morgan Blake (Northwind Labs, first in the list).
        await pilot.press("1", "space")
        await app.workers.wait_for_complete()
        await pilot.pause()
        errors = [n for n in app.said if n.severity == "error"]
        assert len(errors) == 1
        assert errors[0].title == "The data file has a problem"
        assert f"{db}: could not be saved: the disk is full" in errors[0].message
        assert "this change was not saved" in errors[0].message
        # Not shown as done: Morgan is still to thank, the list still says so.
        assert "Morgan Blake" in screen_text(app)
        assert "thanked Thu 26 Nov" not in screen_text(app)
        assert db.read_bytes() == before
        assert leftovers(db.parent) == []
        # Once there is room again, the same key saves it.
        free()
        await pilot.press("space")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "thanked Thu 26 Nov by email" in screen_text(app)
        assert app.is_running
    northwind = next(i for i in Repository(db).interviews() if i.company == "Northwind Labs")
    assert northwind.interviewers[0].thanked


async def test_the_app_on_a_read_only_disk_shows_the_data_and_refuses_changes(
        tiny_disk: Path) -> None:
    db = tiny_disk / "data" / "followup.json"
    build_mixed_data(Repository(db, clock=fixed_clock))
    remount_read_only(tiny_disk)
    before = db.read_bytes()
    app = make_app(db, clock=fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "Northwind Labs" in screen_text(app)
        await pilot.press("1", "space")
        await app.workers.wait_for_complete()
        await pilot.pause()
        errors = [n.message for n in app.said if n.severity == "error"]
        assert len(errors) == 1 and "could not be saved: its folder is not writable" in errors[0]
        assert "thanked Thu 26 Nov" not in screen_text(app)
    assert db.read_bytes() == before


# --- damaged by someone else while the app is open ---------------------------------------------


async def saves(app: Any) -> None:
    """Wait for the saves under way; the polls' reloads (exclusive, each one cancelling
    the one before when the poll is this fast) are not waited for."""
    await app.workers.wait_for_complete([w for w in app.workers if w.group == "save"])


async def test_a_file_damaged_while_the_app_is_open(db_path: Path) -> None:
    build_mixed_data(Repository(db_path, clock=fixed_clock))
    app = make_app(db_path, clock=fixed_clock)
    app.poll_seconds = 0.05
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        good = db_path.read_bytes()
        db_path.write_bytes(good[: len(good) // 3])  # another program cut it short
        damaged = db_path.read_bytes()

        def errors() -> list[Any]:
            return [n for n in app.said if n.severity == "error"]

        for _ in range(40):
            await pilot.pause(0.05)
            if errors():
                break
        await pilot.pause(0.3)  # several more polls: the same problem is told once
        assert len(errors()) == 1
        message = errors()[0].message
        assert str(db_path) in message and "does not parse as JSON" in message
        assert f"followup --db {db_path} restore" in message
        # The last good reading stays on screen, and a change is refused, not written.
        assert "Northwind Labs" in screen_text(app)
        await pilot.press("1", "space")
        await saves(app)
        await pilot.pause()
        assert db_path.read_bytes() == damaged
        assert "thanked Thu 26 Nov" not in screen_text(app)
        # `followup restore` in another terminal mends it; the app carries on by itself.
        restored = cli(db_path, "restore")
        assert restored.returncode == 0, restored.stderr
        await pilot.pause(0.3)
        await saves(app)
        await pilot.press("space")
        await saves(app)
        await pilot.pause()
        assert "thanked Thu 26 Nov by email" in screen_text(app)
