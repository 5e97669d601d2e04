"""The data file, its backup and the terminal under the second round of attacks.

Each test here failed before its fix: a missing file whose backup is then
destroyed, a symlinked data path, an output naming the data file, numbers and
nestings that ended in tracebacks, FIFOs and devices, a second save for one
command, undo of what was never done, done twice, a lock held forever, and
control characters left raw in CSV and JSON output.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from store import storage as storage_module
from store.repository import InvalidInput, Repository
from store.storage import DataFileError, SafeJSONStorage
from tests.app.test_cli import ENV, FRIDAY, ROOT, add, call, ok
from tests.conftest import fixed_clock

HOSTILE = "\x1b]52;c;aGk=\x07\x1b]0;owned\x07\x1b[2J"


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every file in `folder` and its bytes (a symlink by its target)."""
    seen: dict[str, bytes | str] = {}
    for entry in sorted(folder.iterdir()):
        if entry.is_symlink():
            seen[entry.name] = "-> " + os.readlink(entry)
        elif entry.is_file():
            seen[entry.name] = entry.read_bytes()
    return seen


def one_line_error(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 1, (done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "Traceback" not in done.stderr
    return lines[0]


@pytest.fixture
def saved(tmp_path: Path) -> tuple[Path, str]:
    """A data file with one interview (Raj interviewed), saved twice so a backup exists."""
    db = tmp_path / "followup.json"
    interview_id = add(db, "--company", "Acme", "--role", "Analyst", "--date", FRIDAY,
                       "--interviewer", "Raj Patel <raj@example.com>",
                       "--reference", "Jordan Kim <jordan@example.com>")
    ok(db, "settings", "--name", "Alex")
    return db, interview_id


# --- 1. a missing data file with a backup beside it ----------------------------------

READING = [["list"], ["list", "--json"], ["today"], ["settings"], ["export"], ["ics"],
           ["message", "{id}", "thank"]]
CHANGING = [["undo", "{id}", "thank"], ["done", "{id}", "thank"], ["settings", "--name", "B"],
            ["add", "--company", "X", "--role", "Y", "--date", FRIDAY]]


@pytest.mark.parametrize("command", READING + CHANGING, ids=" ".join)
def test_a_missing_file_with_a_backup_stops_every_command(saved: tuple[Path, str],
                                                          command: list[str]) -> None:
    db, interview_id = saved
    db.unlink()
    before = snapshot(db.parent)
    line = one_line_error(call(db, *[part.format(id=interview_id) for part in command]))
    assert str(db.with_name("followup.json.bak")) in line
    assert "followup" in line and "restore" in line
    assert snapshot(db.parent) == before


def test_restore_then_brings_the_data_back(saved: tuple[Path, str]) -> None:
    db, interview_id = saved
    db.unlink()
    call(db, "list")
    call(db, "settings", "--name", "B")
    ok(db, "restore")
    assert interview_id in ok(db, "list")


def test_the_app_refuses_a_missing_file_with_a_backup(saved: tuple[Path, str]) -> None:
    db, _ = saved
    db.unlink()
    with pytest.raises(DataFileError, match="restore"):
        Repository(db, check=False)


def test_reading_a_missing_file_creates_nothing(tmp_path: Path) -> None:
    db = tmp_path / "new" / "followup.json"
    for command in (["list"], ["list", "--json"], ["settings"], ["today"], ["ics"]):
        assert call(db, *command).returncode == 0
    assert not db.parent.exists()
    repo = Repository(db)
    assert repo.interviews() == ()
    assert not db.parent.exists()
    repo.add_interview("Acme", "Analyst", fixed_clock().date())
    assert Repository(db).interviews()[0].company == "Acme"


# --- 4. a symlinked data path ----------------------------------------------------------


def test_a_symlinked_data_file_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "synced" / "followup.json"
    real.parent.mkdir()
    link = tmp_path / "followup.json"
    add(real, "--company", "Acme", "--role", "Analyst", "--date", FRIDAY)
    link.symlink_to(real)
    add(link, "--company", "Globex", "--role", "Engineer", "--date", FRIDAY)
    assert link.is_symlink()
    assert not link.with_name("followup.json.bak").exists()
    companies = [i["company"] for i in json.loads(real.read_text())["interviews"].values()]
    assert companies == ["Acme", "Globex"]
    assert real.with_name("followup.json.bak").exists()
    # Both names lock the same file: the target's lock.
    assert Repository(link).storage.lock_path == real.with_name("followup.json.lock")


# --- 10. an output naming the data file ---------------------------------------------


@pytest.mark.parametrize("suffix", ["", ".bak", ".lock"])
@pytest.mark.parametrize("command", ["ics", "export"])
def test_an_output_naming_the_data_file_is_refused(saved: tuple[Path, str], suffix: str,
                                                   command: str) -> None:
    db, _ = saved
    before = snapshot(db.parent)
    line = one_line_error(call(db, command, "--output", str(db) + suffix))
    assert "data file" in line
    assert snapshot(db.parent) == before


def test_an_output_through_a_link_to_the_data_file_is_refused(saved: tuple[Path, str]) -> None:
    db, _ = saved
    link = db.with_name("calendar.ics")
    link.symlink_to(db)
    before = db.read_bytes()
    one_line_error(call(db, "ics", "--output", str(link)))
    assert db.read_bytes() == before


# --- 11. numbers and nestings that ended in tracebacks ---------------------------------


def test_a_huge_number_in_the_data_file_gets_one_line(saved: tuple[Path, str]) -> None:
    db, _ = saved
    data = json.loads(db.read_text())
    data["settings"]["1"]["follow_up_wait"] = 0
    db.write_text(json.dumps(data).replace('"follow_up_wait": 0',
                                           '"follow_up_wait": ' + "9" * 5000))
    before = snapshot(db.parent)
    line = one_line_error(call(db, "list"))
    assert str(db) in line
    assert snapshot(db.parent) == before


@pytest.mark.parametrize("payload", ["[" * 100_000 + "]" * 100_000, '{"schema": ' + "9" * 5000
                                     + "}"], ids=["nested", "huge number"])
def test_an_import_nested_deep_or_with_a_huge_number_gets_one_line(
        saved: tuple[Path, str], payload: str) -> None:
    db, _ = saved
    source = db.with_name("in.json")
    source.write_text(payload)
    before = snapshot(db.parent)
    line = one_line_error(call(db, "import", str(source)))
    assert "in.json" in line
    assert snapshot(db.parent) == before


# --- 12. files that are not regular files -------------------------------------------


def test_a_fifo_as_the_data_file_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "followup.json"
    os.mkfifo(fifo)
    for command in (["list"], ["today"]):
        done = subprocess.run([sys.executable, "-m", "tui", "--db", str(fifo), *command],
                              cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=20)
        assert "not a regular file" in one_line_error(done)


def test_a_device_as_the_data_file_is_refused(tmp_path: Path) -> None:
    line = one_line_error(call(Path("/dev/zero"), "list"))
    assert "not a regular file" in line


def test_a_template_that_is_a_fifo_or_a_device_is_not_read(tmp_path: Path) -> None:
    from store import templates

    folder = tmp_path / "templates"
    folder.mkdir()
    os.mkfifo(folder / "thank_email.txt")
    (folder / "follow_up_email.txt").symlink_to("/dev/zero")
    (folder / "reference_heads_up.txt").write_text("x" * (templates.MAX_TEMPLATE_BYTES + 1))
    for kind, why in (("thank_email", "not a regular file"),
                      ("follow_up_email", "not a regular file"),
                      ("reference_heads_up", "too large")):
        result: list[object] = []
        worker = threading.Thread(target=lambda k=kind, out=result: out.append(
            templates.load_template(k, templates_dir=folder)), daemon=True)
        worker.start()
        worker.join(5)
        assert result, f"reading {kind} hung"
        template = result[0]
        assert template.builtin  # type: ignore[attr-defined]
        assert why in str(template.problems[0])  # type: ignore[attr-defined]


# --- 6. one command, one save ------------------------------------------------------------


def test_add_with_references_saves_once_and_a_failed_save_leaves_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "followup.json"
    ok(db, "settings", "--name", "Alex")
    writes: list[int] = []
    real = SafeJSONStorage._write_file

    def counted(self: SafeJSONStorage, data: dict) -> None:
        writes.append(1)
        real(self, data)

    monkeypatch.setattr(SafeJSONStorage, "_write_file", counted)
    add(db, "--company", "Acme", "--role", "Analyst", "--date", FRIDAY,
        "--reference", "Jordan Kim <jordan@example.com>", "--reference", "Priya <p@x.org>")
    assert len(writes) == 1

    def full(self: SafeJSONStorage, data: dict) -> None:
        raise DataFileError(self.path, "could not be saved: the disk is full", "Not saved.")

    monkeypatch.setattr(SafeJSONStorage, "_write_file", full)
    before = snapshot(tmp_path)
    done = call(db, "add", "--company", "Globex", "--role", "Analyst", "--date", FRIDAY,
                "--reference", "Chris Park <chris@example.com>")
    assert "disk is full" in one_line_error(done)
    assert snapshot(tmp_path) == before


# --- 7. undo of what was never done; done twice ------------------------------------------


def test_undo_of_a_thank_you_never_sent_is_refused_and_changes_nothing(
        saved: tuple[Path, str]) -> None:
    db, interview_id = saved
    before = snapshot(db.parent)
    line = one_line_error(call(db, "undo", interview_id, "thank"))
    assert "Raj Patel" in line and "not" in line
    line = one_line_error(call(db, "undo", interview_id, "references"))
    assert "Jordan Kim" in line
    assert snapshot(db.parent) == before


def test_done_twice_keeps_the_first_date_unless_on_asks(saved: tuple[Path, str]) -> None:
    db, interview_id = saved
    ok(db, "done", interview_id, "thank", "--on", "2026-11-20")
    before = snapshot(db.parent)
    line = one_line_error(call(db, "done", interview_id, "thank"))
    assert "already" in line and "20 Nov" in line and "--on" in line
    assert snapshot(db.parent) == before
    ok(db, "done", interview_id, "thank", "--on", "2026-11-21")
    data = json.loads(ok(db, "export"))
    person = data["interviews"][0]["interviewers"][0]
    assert person["thanked_on"] == "2026-11-21"
    history = [h["what"] for h in data["interviews"][0]["history"]]
    assert any("Thanked Raj Patel" in h for h in history)
    assert any("2026-11-20" in h and "2026-11-21" in h for h in history)


def test_the_store_refuses_undo_of_what_is_not_done(repo: Repository) -> None:
    interview = repo.add_interview("Acme", "Analyst", fixed_clock().date(),
                                   interviewers=[{"name": "Raj"}])
    before = repo.interview(interview.id).history
    with pytest.raises(InvalidInput, match="Raj"):
        repo.unmark_thanked(interview.id, interview.interviewers[0].id)
    assert repo.interview(interview.id).history == before


# --- 9. a lock held by another process ----------------------------------------------


HOLDER = """
import fcntl, os, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from store.storage import SafeJSONStorage
storage = SafeJSONStorage(sys.argv[1])
with storage.transaction():
    print("held", flush=True)
    time.sleep(60)
"""


def test_a_held_lock_is_waited_for_a_bounded_time_naming_the_holder(
        saved: tuple[Path, str], monkeypatch: pytest.MonkeyPatch) -> None:
    db, _ = saved
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db), str(ROOT)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        monkeypatch.setattr(SafeJSONStorage, "lock_wait", 0.5)
        before = snapshot(db.parent)
        started = time.monotonic()
        line = one_line_error(call(db, "settings", "--name", "B"))
        assert time.monotonic() - started < 5
        assert f"pid {holder.pid}" in line
        assert snapshot(db.parent) == before
    finally:
        holder.kill()
        holder.wait()
    ok(db, "settings", "--name", "B")


def test_the_storage_says_it_is_waiting_once(saved: tuple[Path, str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    db, _ = saved
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db), str(ROOT)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        monkeypatch.setattr(SafeJSONStorage, "lock_wait", 0.6)
        monkeypatch.setattr(storage_module, "LOCK_QUIET", 0.1)
        told: list[int | None] = []
        store = SafeJSONStorage(db)
        store.on_wait = told.append
        with pytest.raises(DataFileError, match=f"pid {holder.pid}"):
            with store.transaction():
                pass
        assert told == [holder.pid]
    finally:
        holder.kill()
        holder.wait()


# --- 3 and 14. CSV and JSON output -------------------------------------------------------


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """A file holding control characters and formulas, as an old import could leave it."""
    db = tmp_path / "followup.json"
    repo = Repository(db, clock=fixed_clock)
    interview = repo.add_interview("Acme", '=HYPERLINK("http://x","click")',
                                   fixed_clock().date(), notes="+1 then @SUM(A1)",
                                   office_phone="-2+3")
    data = json.loads(db.read_text())
    doc = data["interviews"]["1"]
    doc["company"] = "Acme" + HOSTILE + "\u009b31m\u202eevil"
    db.write_text(json.dumps(data))
    assert interview.id
    return db


RAW = ("\x1b", "\x07", "\u009b", "\u202e")


def test_csv_export_escapes_controls_and_neutralises_formulas(hostile: Path) -> None:
    text = ok(hostile, "export", "--format", "csv")
    assert not any(char in text for char in RAW)
    row = list(csv.DictReader(io.StringIO(text)))[0]
    assert row["role"] == "'=HYPERLINK(\"http://x\",\"click\")"
    assert row["notes"] == "'+1 then @SUM(A1)"
    assert row["office_phone"] == "'-2+3"
    assert row["company"].startswith("Acme\u241b]52;c;aGk=")


@pytest.mark.parametrize("command", [["export"], ["list", "--json"], ["today", "--json"]],
                         ids=" ".join)
def test_json_output_escapes_c1_and_bidi_controls(hostile: Path, command: list[str]) -> None:
    # Due today: make the interview a week old so `today` lists it.
    text = ok(hostile, *command, *(["--on", "2026-12-10"] if command[0] == "today" else []))
    assert not any(char in text for char in RAW)
    assert "\\u009b" in text and "\\u202e" in text
    company = json.dumps(json.loads(text), ensure_ascii=False)
    assert "\u009b" in company and "\u202e" in company  # the same data, read back


# --- 2. control characters at the door --------------------------------------------------


@pytest.mark.parametrize("option", ["--company", "--role", "--interviewer", "--reference"])
def test_add_refuses_control_characters_in_a_one_line_field(tmp_path: Path,
                                                            option: str) -> None:
    db = tmp_path / "followup.json"
    args = {"--company": "Acme", "--role": "Analyst"}
    args[option] = "Acme" + HOSTILE
    argv = [part for pair in args.items() for part in pair]
    done = call(db, "add", *argv, "--date", FRIDAY)
    line = one_line_error(done)
    assert "control character" in line
    assert "\x1b" not in done.stderr
    assert not db.exists()


def test_import_refuses_control_characters_in_a_one_line_field(saved: tuple[Path, str]
                                                                ) -> None:
    db, _ = saved
    data = json.loads(ok(db, "export"))
    data["interviews"][0]["id"] = "other1"
    data["interviews"][0]["company"] = "Globex" + HOSTILE
    source = db.with_name("in.json")
    source.write_text(json.dumps(data))
    before = snapshot(db.parent)
    line = one_line_error(call(db, "import", str(source)))
    assert "company" in line and "control character" in line and "nothing was imported" in line
    assert snapshot(db.parent) == before


async def test_the_app_says_whom_it_waits_for_and_keeps_answering(
        saved: tuple[Path, str], monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.app import make_app

    db, _ = saved
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db), str(ROOT)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        monkeypatch.setattr(SafeJSONStorage, "lock_wait", 1.5)
        monkeypatch.setattr(storage_module, "LOCK_QUIET", 0.2)
        app = make_app(db, clock=fixed_clock)
        app.poll_seconds = 3600
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            app.save(lambda repo: repo.update_settings(name="B"), done="Saved")
            await pilot.pause(0.6)
            # The screen still answers while the save waits.
            await pilot.press("question_mark")
            await pilot.pause()
            assert type(app.screen).__name__ == "HelpScreen"
            await app.workers.wait_for_complete()
            await pilot.pause()
            messages = [n.message for n in app.said]
            assert any(f"Waiting for another followup (pid {holder.pid})" in m
                       for m in messages), messages
            assert any(f"pid {holder.pid}" in m and "Nothing was changed" in m
                       for m in messages), messages
            assert not any(m == "Saved" for m in messages)
    finally:
        holder.kill()
        holder.wait()
    assert Repository(db).settings().name == "Alex"
