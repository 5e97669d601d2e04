"""The `followup` command as a user runs it in a shell: a subprocess, its output and exit code."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from store.export import CSV_COLUMNS
from tui.cli import __version__, build_parser, main

ROOT = Path(__file__).resolve().parents[2]
# No NO_COLOR and a colour terminal type: only the missing TTY should turn colour off.
ENV = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
ENV.update({"PYTHONPATH": str(ROOT), "TERM": "xterm-256color", "PYTHONIOENCODING": "utf-8"})
ENV.pop("FOLLOWUP_DB", None)

FRIDAY = "2026-11-20"  # the interview
THURSDAY = "2026-11-26"  # the day the agenda is asked for
ID = re.compile(r"^[0-9a-f]{6}$")


def run(db: Path, *args: str, env: dict[str, str] | None = None
        ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", "--db", str(db), *args], cwd=ROOT,
                          env=env or ENV, capture_output=True, text=True, timeout=60)


def call(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The same command run in this process (`main(argv)`): for the many quick checks.

    The scenarios a user would type run as real subprocesses (`run`); this keeps the
    matrix tests (every bad input, every command on a damaged file) fast.
    """
    out, err = io.StringIO(), io.StringIO()
    argv = ["--db", str(db), *args]
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv, out=out)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    return subprocess.CompletedProcess(argv, code, out.getvalue(), err.getvalue())


def ok(db: Path, *args: str, quick: bool = True) -> str:
    done = (call if quick else run)(db, *args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def add(db: Path, *args: str, quick: bool = True) -> str:
    out = ok(db, "add", *args, quick=quick)
    assert ID.match(out.strip()), out
    return out.strip()


def today_json(db: Path, on: str = THURSDAY, quick: bool = True) -> list[dict[str, Any]]:
    return json.loads(ok(db, "today", "--on", on, "--json", quick=quick))


def export(db: Path) -> dict[str, Any]:
    return json.loads(ok(db, "export"))


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A data file with a few interviews, built once; tests work on copies."""
    db = tmp_path_factory.mktemp("filled") / "followup.json"
    acme = add(db, "--company", "Acme", "--role", "Analyst", "--date", FRIDAY,
               "--interviewer", "Dana Lee <dana@acme.example>", "--interviewer", "Sam Ortiz",
               "--reference", "Pat Kim <pat@x.example>", "--decision-by", "2026-12-04")
    # Today's interview: its thank-you is due, not late.
    globex = add(db, "--company", "Globex", "--role", "Engineer", "--date", THURSDAY,
                 "--interviewer", "Kai Wu", "--reference", "  pat   KIM ")
    # Three weeks ago: a follow-up is late as well.
    initech = add(db, "--company", "Initech", "--role", "Ops", "--date", "2026-11-05",
                  "--interviewer", "Lou Park", "--notes", "line one\nline two, \"quoted\"")
    ok(db, "done", initech, "thank", "--on", "2026-11-05")
    return {"db": db, "acme": acme, "globex": globex, "initech": initech}


@pytest.fixture
def db(filled: dict[str, Any], tmp_path: Path) -> Path:
    copy = tmp_path / "data" / "followup.json"
    copy.parent.mkdir()
    shutil.copy2(filled["db"], copy)
    shutil.copy2(filled["db"].with_name(copy.name + ".bak"), copy.with_name(copy.name + ".bak"))
    return copy


# --- add, and the reference book -----------------------------------------------------


def test_add_prints_the_new_id_and_reuses_a_reference(tmp_path: Path) -> None:
    db = tmp_path / "new" / "followup.json"
    done = run(db, "add", "--company", "Acme", "--role", "Analyst", "--date", FRIDAY,
               "--reference", "Pat Kim <pat@x.example>")
    assert done.returncode == 0, done.stderr
    assert ID.match(done.stdout.strip()) and done.stdout.count("\n") == 1
    assert done.stderr == ""
    second = add(db, "--company", "Globex", "--role", "Dev", "--date", FRIDAY,
                 "--reference", " pat   KIM ", quick=False)
    listed = json.loads(ok(db, "list", "--json"))
    assert sorted((i["id"], i["company"]) for i in listed) == \
        sorted([(done.stdout.strip(), "Acme"), (second, "Globex")])
    data = export(db)
    assert [(r["name"], r["email"]) for r in data["references"]] == \
        [("Pat Kim", "pat@x.example")]
    assert {tuple(u["reference_id"] for u in i["references"]) for i in data["interviews"]} == \
        {(data["references"][0]["id"],)}


def test_a_reference_named_again_is_taken_from_the_book(filled: dict[str, Any]) -> None:
    data = export(filled["db"])
    assert [(r["name"], r["email"]) for r in data["references"]] == \
        [("Pat Kim", "pat@x.example")]
    pat = data["references"][0]["id"]
    uses = {i["company"]: [u["reference_id"] for u in i["references"]]
            for i in data["interviews"]}
    assert uses == {"Acme": [pat], "Globex": [pat], "Initech": []}


def test_add_takes_every_option(tmp_path: Path) -> None:
    db = tmp_path / "followup.json"
    new = add(db, "--company", "Acme", "--role", "Analyst", "--date", FRIDAY, "--time", "2:30pm",
              "--format", "onsite", "--round", "2", "--office-phone", "+1 555 0100",
              "--interviewer", "Dana Lee <dana@acme.example>", "--interviewer", "Sam")
    [interview] = export(db)["interviews"]
    assert interview["id"] == new
    assert (interview["time"], interview["format"], interview["round"],
            interview["office_phone"]) == ("14:30:00", "onsite", 2, "+1 555 0100")
    assert [(p["name"], p["email"], p["hiring_manager"]) for p in interview["interviewers"]] == \
        [("Dana Lee", "dana@acme.example", True), ("Sam", "", False)]


# --- today ------------------------------------------------------------------------------


def test_today_json_lists_what_is_due_late_first(filled: dict[str, Any]) -> None:
    items = today_json(filled["db"], quick=False)
    keys = {"interview_id", "company", "role", "step", "person", "due_on", "late"}
    for item in items:
        assert keys <= set(item)
        assert item["step"] in ("thank", "references", "follow_up")
        assert isinstance(item["late"], bool)
        dt.date.fromisoformat(item["due_on"])
    got = {(i["company"], i["step"], i["person"], i["due_on"], i["late"]) for i in items}
    assert got == {
        ("Acme", "thank", "Dana Lee", FRIDAY, True),
        ("Acme", "thank", "Sam Ortiz", FRIDAY, True),
        ("Acme", "references", "Pat Kim", FRIDAY, True),
        ("Globex", "thank", "Kai Wu", THURSDAY, False),
        ("Globex", "references", "Pat Kim", THURSDAY, False),
        ("Initech", "follow_up", None, "2026-11-12", True),
    }
    order = [(not i["late"], i["due_on"]) for i in items]
    assert order == sorted(order), "late first, then by due date"
    assert {i["interview_id"] for i in items if i["company"] == "Acme"} == {filled["acme"]}


def test_today_on_a_quiet_day_says_so(tmp_path: Path) -> None:
    db = tmp_path / "followup.json"
    add(db, "--company", "Acme", "--role", "Analyst", "--date", "2026-12-01",
        "--interviewer", "Dana")
    assert today_json(db) == []
    out = ok(db, "today", "--on", THURSDAY)
    assert "nothing due" in out and "Tue 1 Dec" in out


def test_done_takes_an_action_off_today(db: Path, filled: dict[str, Any]) -> None:
    acme = filled["acme"]
    out = ok(db, "done", acme, "thank", "--person", "Dana", quick=False)
    assert "Thanked Dana Lee" in out
    left = {(i["interview_id"], i["step"], i["person"]) for i in today_json(db, quick=False)}
    assert (acme, "thank", "Dana Lee") not in left
    assert (acme, "thank", "Sam Ortiz") in left
    ok(db, "done", acme[:4], "references")  # one reference: no --person needed
    assert (acme, "references", "Pat Kim") not in {
        (i["interview_id"], i["step"], i["person"]) for i in today_json(db)}
    # Undo puts it back.
    ok(db, "undo", acme, "thank", "--person", "dana lee")
    assert (acme, "thank", "Dana Lee") in {
        (i["interview_id"], i["step"], i["person"]) for i in today_json(db)}


def test_done_follow_up_and_its_date(db: Path, filled: dict[str, Any]) -> None:
    initech = filled["initech"]
    ok(db, "done", initech, "follow-up", "--on", "2026-11-25")
    interview = next(i for i in export(db)["interviews"] if i["id"] == initech)
    assert [f["on"] for f in interview["follow_ups"]] == ["2026-11-25"]
    assert not [i for i in today_json(db) if i["interview_id"] == initech]


@pytest.mark.parametrize(("args", "message"), [
    (("thank",), "say which interviewer with --person (one of: Dana Lee, Sam Ortiz, Dana Park)"),
    (("thank", "--person", "Dana"), "more than one interviewer"),
    (("thank", "--person", "Zed"), "no interviewer named 'Zed' at Acme"),
    (("references", "--person", "Zed"), "no reference named 'Zed' for Acme"),
])
def test_done_with_an_unclear_person_says_who_is_meant(
        db: Path, filled: dict[str, Any], tmp_path: Path, args: tuple[str, ...],
        message: str) -> None:
    from store.repository import Repository

    Repository(db).add_interviewer(filled["acme"], "Dana Park")
    before = db.read_bytes()
    done = call(db, "done", filled["acme"], *args)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and message in done.stderr
    assert done.stdout == ""
    assert db.read_bytes() == before


# --- message ----------------------------------------------------------------------------


def test_message_prints_subject_blank_line_body_and_warns_of_gaps(
        db: Path, filled: dict[str, Any]) -> None:
    done = run(db, "message", filled["acme"], "thank", "--person", "Dana")
    # Gaps: the text is printed, and the exit status says it is not ready to send.
    assert done.returncode == 3, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].strip() and "Analyst" in lines[0]
    assert lines[1] == ""
    assert lines[2].startswith("Dear Dana")
    assert "Acme" in done.stdout
    # Nothing about the conversation or the signature is known yet.
    assert "warning" in done.stderr and "topic" in done.stderr and "signature" in done.stderr
    ok(db, "settings", "--signature", "Alex Kim")
    again = call(db, "message", filled["acme"], "thank", "--person", "Dana")
    assert "signature" not in again.stderr and "Alex Kim" in again.stdout


def test_message_for_a_follow_up_not_yet_due_says_when(tmp_path: Path) -> None:
    db = tmp_path / "followup.json"
    new = add(db, "--company", "Acme", "--role", "Analyst", "--date", "today",
              "--interviewer", "Dana")
    done = run(db, "message", new, "follow_up", "--allow-incomplete")
    assert done.returncode == 0, done.stderr
    notes = [line for line in done.stderr.splitlines() if line.startswith("note:")]
    assert notes and "business days after the interview" in notes[0]
    assert "Dear Dana" in done.stdout


def test_message_for_a_due_follow_up_has_no_note(db: Path, filled: dict[str, Any]) -> None:
    done = call(db, "message", filled["initech"], "follow_up", "--allow-incomplete")
    assert done.returncode == 0
    assert not [line for line in done.stderr.splitlines() if line.startswith("note:")]


# --- export and import ------------------------------------------------------------------


def test_export_import_export_is_the_same(filled: dict[str, Any], tmp_path: Path) -> None:
    first = ok(filled["db"], "export", quick=False)
    dump = tmp_path / "export.json"
    dump.write_text(first)
    empty = tmp_path / "empty" / "followup.json"
    out = ok(empty, "import", str(dump), quick=False)
    assert "Imported 3 interviews and 1 references" in out
    assert ok(empty, "export", quick=False) == first
    again = ok(empty, "import", str(dump))
    assert "Imported 0 interviews" in again and "skipped 3" in again


def test_csv_export_has_a_header_and_a_row_per_interview(filled: dict[str, Any]) -> None:
    text = ok(filled["db"], "export", "--format", "csv", quick=False)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == CSV_COLUMNS
    assert sorted(r[0] for r in rows[1:]) == \
        sorted([filled["acme"], filled["globex"], filled["initech"]])
    initech = next(dict(zip(CSV_COLUMNS, r, strict=True)) for r in rows[1:]
                   if r[0] == filled["initech"])
    assert initech["notes"] == "line one\nline two, \"quoted\""
    assert initech["thanked"] == "1" and initech["interviewers"] == "Lou Park"


# --- bad input changes nothing ------------------------------------------------------------


BAD = [
    ("add", "--company", "Acme", "--role", "R", "--date", "someday"),
    ("add", "--company", "Acme", "--role", "R", "--date", "2062-13-01"),
    ("add", "--company", "Acme", "--date", FRIDAY),
    ("add", "--company", "  ", "--role", "R", "--date", FRIDAY, "--reference", "New Person"),
    ("add", "--company", "Acme", "--role", "R", "--date", FRIDAY, "--decision-by", "2026-11-01",
     "--reference", "New Person <new@x.example>"),
    ("add", "--company", "Acme", "--role", "R", "--date", FRIDAY, "--interviewer", "Dana <oops>"),
    ("add", "--company", "Acme", "--role", "R", "--date", FRIDAY, "--round", "0"),
    ("add", "--company", "Acme", "--role", "R", "--date", FRIDAY, "--time", "25:00"),
    ("add", "--company", "Acme", "--role", "R", "--date", FRIDAY, "--format", "carrier"),
    ("done", "ffffff", "thank"),
    ("done", "{acme}", "nonsense"),
    ("done", "{acme}", "thank", "--on", "someday"),
    ("undo", "ffffff", "thank"),
    ("undo", "{initech}", "follow_up"),
    ("message", "ffffff", "thank"),
    ("message", "{acme}", "thank", "--person", "Sam", "--kind", "haiku"),
    ("today", "--on", "someday"),
    ("today", "--bogus"),
    ("settings", "--wait", "99"),
    ("settings", "--wait", "soon"),
    ("import", "/nonexistent/export.json"),
    ("import", "{garbage}"),
    ("import", "{foreign}"),
    ("export", "--output", "/nonexistent/folder/export.json"),
    ("export", "--output", "{tmp}"),
    ("frobnicate",),
]


# These run as real subprocesses too: one of each kind of failure.
AS_SUBPROCESS = {BAD[0], BAD[2], BAD[4], BAD[9], BAD[21]}


@pytest.mark.parametrize("args", BAD, ids=lambda a: " ".join(a)[:50])
def test_bad_input_fails_on_one_line_and_changes_nothing(
        db: Path, filled: dict[str, Any], tmp_path: Path, args: tuple[str, ...]) -> None:
    garbage = tmp_path / "garbage.json"
    garbage.write_text("{not json")
    foreign = tmp_path / "foreign.json"
    foreign.write_text('{"some": "other program"}')
    names = {"acme": filled["acme"], "initech": filled["initech"], "garbage": garbage,
             "foreign": foreign, "tmp": tmp_path}
    argv = [a.format(**names) for a in args]
    backup = db.with_name(db.name + ".bak")
    before, backup_before = db.read_bytes(), backup.read_bytes()
    done = (run if args in AS_SUBPROCESS else call)(db, *argv)
    assert done.returncode != 0
    assert done.stderr.count("\n") == 1 and done.stderr.strip(), done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""
    assert db.read_bytes() == before
    assert backup.read_bytes() == backup_before


def test_usage_mistakes_exit_2_and_refusals_exit_1(db: Path) -> None:
    assert run(db, "today", "--on", "someday").returncode == 2
    assert run(db, "done", "ffffff", "thank").returncode == 1
    assert call(db, "today", "--on", "someday").returncode == 2


# --- restore --------------------------------------------------------------------------------


def test_restore_puts_back_the_backup_and_keeps_the_replaced_file(db: Path) -> None:
    backup = db.with_name(db.name + ".bak")
    previous, current = backup.read_bytes(), db.read_bytes()
    done = run(db, "restore")
    assert done.returncode == 0, done.stderr
    assert db.read_bytes() == previous
    assert backup.read_bytes() == previous
    kept = sorted(db.parent.glob(db.name + ".replaced-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == current
    assert str(kept[0]) in done.stdout
    # Restoring again at once keeps that second replaced file too, not over the first.
    assert run(db, "restore").returncode == 0
    kept = sorted(db.parent.glob(db.name + ".replaced-*"))
    assert len(kept) == 2
    assert sorted(k.read_bytes() for k in kept) == sorted([current, previous])


def test_restore_mends_a_damaged_file(db: Path) -> None:
    good = db.with_name(db.name + ".bak").read_bytes()
    db.write_text("{damaged")
    assert call(db, "today").returncode == 1
    assert run(db, "restore").returncode == 0
    assert db.read_bytes() == good
    assert call(db, "today", "--on", THURSDAY).returncode == 0
    kept = list(db.parent.glob(db.name + ".replaced-*"))
    assert [k.read_text() for k in kept] == ["{damaged"]


def test_restore_without_a_usable_backup_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "followup.json"
    add(db, "--company", "Acme", "--role", "R", "--date", FRIDAY)
    db.with_name(db.name + ".bak").unlink(missing_ok=True)
    before = db.read_bytes()
    done = call(db, "restore")
    assert done.returncode == 1 and "no backup" in done.stderr
    db.with_name(db.name + ".bak").write_text("also broken")
    done = run(db, "restore")
    assert done.returncode == 1 and "not usable either" in done.stderr
    assert done.stderr.count("\n") == 1
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == \
        ["followup.json", "followup.json.bak", "followup.json.index", "followup.json.lock"]


# --- version and help ------------------------------------------------------------------------


def test_version(tmp_path: Path) -> None:
    done = run(tmp_path / "f.json", "--version")
    assert done.returncode == 0 and done.stdout.strip() == f"followup {__version__}"
    assert not (tmp_path / "f.json").exists()


def subcommands() -> list[str]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return sorted(action.choices)


def test_help_of_the_command(tmp_path: Path) -> None:
    done = run(tmp_path / "f.json", "--help")
    assert done.returncode == 0
    for name in subcommands():
        assert name in done.stdout
    assert not (tmp_path / "f.json").exists()


@pytest.mark.parametrize("command", subcommands())
def test_help_of_each_subcommand(command: str, capsys: pytest.CaptureFixture[str],
                                 tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--db", str(tmp_path / "f.json"), command, "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: followup {command}")
    assert not (tmp_path / "f.json").exists()


# --- a damaged data file ----------------------------------------------------------------------


def commands_on(interview_id: str, tmp_path: Path) -> list[list[str]]:
    export_file = tmp_path / "export.json"
    export_file.write_text(json.dumps({"format": "followup-export", "schema": 1}))
    return [
        [], ["list"], ["list", "--json"], ["today"], ["today", "--json"],
        ["add", "--company", "A", "--role", "R", "--date", FRIDAY],
        ["done", interview_id, "thank"], ["undo", interview_id, "thank"],
        ["message", interview_id, "thank"], ["export"], ["export", "--format", "csv"],
        ["import", str(export_file)], ["settings"], ["settings", "--name", "X"],
        ["ics"], ["ics", "--output", str(tmp_path / "due.ics")],
        ["reply", interview_id], ["outcome", interview_id, "offer"],
        # The data file is checked before any server is asked (nothing listens on port 9).
        ["sync", "--url", "http://127.0.0.1:9/", "--username", "a",
         "--password-command", "echo pw"],
    ]


def _newer(data: bytes) -> bytes:
    doc = json.loads(data)
    doc["meta"] = {"1": {"schema": 99}}
    return json.dumps(doc).encode()


# Each way a data file can be unusable, and the advice its message must give.
DAMAGE = {
    "truncated": (lambda data: data[:-40], "restore"),
    "garbage": (lambda data: b"\x00\xff\xfe garbage \x89PNG", "restore"),
    "empty": (lambda data: b"", "restore"),
    "wrong shape": (lambda data: b'[{"interviews": 1}]', "restore"),
    "a record of the wrong type": (
        lambda data: json.dumps({**json.loads(data), "references": {"1": 42}}).encode(),
        "restore"),
    "from a newer followup": (_newer, "Upgrade followup"),
    # As root, file modes are not enforced: the refusal is simulated (test_broken_files
    # makes a real one as another user).
    "unreadable": (lambda data: data, "chmod 600"),
}


def _raw(path: Path) -> bytes:
    with open(path, "rb") as handle:  # not Path.read_bytes, which "unreadable" refuses
        return handle.read()


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_data_file_stops_every_command(db: Path, filled: dict[str, Any],
                                                 tmp_path: Path, damage: str,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    spoil, advice = DAMAGE[damage]
    damaged = spoil(db.read_bytes())
    db.write_bytes(damaged)
    backup = db.with_name(db.name + ".bak")
    backup_before = backup.read_bytes()
    if damage == "unreadable":
        real_read = Path.read_bytes

        def refuse(path: Path) -> bytes:
            if path == db:
                raise PermissionError(13, "Permission denied", str(path))
            return real_read(path)

        monkeypatch.setattr(Path, "read_bytes", refuse)
        real_open = os.open

        def refuse_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            # The storage's private copy of the file opens it for reading this way.
            if Path(path) == db and not flags & (os.O_WRONLY | os.O_RDWR):
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(path, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", refuse_open)
    commands = commands_on(filled["acme"], tmp_path)
    assert {c[0] for c in commands if c} | {"restore", "templates"} >= set(subcommands())
    # [] is the app itself: it stops before taking over the terminal.
    assert [] in commands
    for argv in commands:
        code = main(["--db", str(db), *argv])
        captured = capsys.readouterr()
        assert code == 1, argv
        assert captured.out == ""
        assert captured.err.count("\n") == 1
        assert captured.err.startswith(f"followup: error: {db}: "), captured.err
        assert advice in captured.err, captured.err
        assert _raw(db) == damaged, argv
        assert _raw(backup) == backup_before, argv
        assert not [p for p in db.parent.iterdir() if p.name.endswith(".tmp")], argv
    if damage != "truncated":
        return
    # The same, as the user sees it from the shell.
    done = run(db, "today")
    assert done.returncode == 1
    assert f"followup --db {db} restore" in done.stderr
    assert db.read_bytes() == damaged


# --- the terminal -----------------------------------------------------------------------------


def test_today_without_a_terminal_has_no_colour(db: Path) -> None:
    out = ok(db, "today", "--on", THURSDAY)
    assert "LATE" in out and "\x1b" not in out


def test_today_on_a_terminal_is_coloured(db: Path) -> None:
    # The counterpart of the test above: colour does appear where a terminal is.
    leader, follower = pty.openpty()
    try:
        done = subprocess.run([sys.executable, "-m", "tui", "--db", str(db), "today", "--on",
                               THURSDAY], cwd=ROOT, env=ENV, stdout=follower,
                              stderr=subprocess.PIPE, timeout=60)
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(leader)
    assert done.returncode == 0
    assert b"\x1b[" in b"".join(chunks)


HOSTILE_COMPANY = "[bold]Acme[/bold] \x1b[31mRED\x1b[0m ${x} 🎉"
HOSTILE_ROLE = "Data $role {role} [link=http://x]click[/link] \x1b]0;title\x07"
HOSTILE_PERSON = "Dana \x1b[2J Lee 🙂"
HOSTILE_NOTES = "line\nnext \x1b[31m [red]x[/red] ${HOME} %s {0}"


def _put_in_file(db: Path, change: Any) -> None:
    """Change the data file by hand, as an older version's import could have left it
    (a one-line field with a control character is refused at every way in now)."""
    data = json.loads(db.read_text())
    change(data)
    db.write_text(json.dumps(data))


def test_hostile_text_round_trips_and_never_reaches_the_terminal_raw(tmp_path: Path) -> None:
    db = tmp_path / "followup.json"
    new = add(db, "--company", "Acme", "--role", "R", "--date", FRIDAY,
              "--interviewer", "Dana", "--notes", HOSTILE_NOTES,
              "--reference", "Pat Kim", quick=False)

    def hostile(data: dict[str, Any]) -> None:
        doc = data["interviews"]["1"]
        doc["company"], doc["role"] = HOSTILE_COMPANY, HOSTILE_ROLE
        doc["interviewers"][0]["name"] = HOSTILE_PERSON
        data["references"]["1"]["name"] = "Pat \x1b[1mKim"

    _put_in_file(db, hostile)
    [interview] = export(db)["interviews"]
    assert interview["company"] == HOSTILE_COMPANY
    assert interview["role"] == HOSTILE_ROLE
    assert interview["notes"] == HOSTILE_NOTES
    assert interview["interviewers"][0]["name"] == HOSTILE_PERSON
    csv_text = ok(db, "export", "--format", "csv")
    # The CSV shows control characters as placeholders (it is read on terminals too);
    # the JSON export above keeps the data exactly.
    assert "\x1b" not in csv_text and "RED\u241b[0m" in csv_text
    for args in (("today", "--on", THURSDAY), ("list",),
                 ("message", new, "thank", "--allow-incomplete"),
                 ("message", new, "references", "--allow-incomplete"), ("done", new, "thank"),
                 ("undo", new, "thank")):
        done = (run if args[0] in ("today", "list") else call)(db, *args)
        assert done.returncode == 0, (args, done.stderr)
        assert "\x1b" not in done.stdout and "\x07" not in done.stdout, args
        assert "\x1b" not in done.stderr, args
    listed = ok(db, "today", "--on", THURSDAY)
    assert "[bold]Acme[/bold]" in listed and "🎉" in listed and "${x}" in listed
    # A refusal quoting the data is still one harmless line.
    done = call(db, "done", new, "thank", "--person", "Zed")
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "\x1b" not in done.stderr


def test_an_error_quoting_a_name_with_a_newline_stays_on_one_line(tmp_path: Path) -> None:
    db = tmp_path / "followup.json"
    new = add(db, "--company", "Acme", "--role", "R", "--date", FRIDAY,
              "--interviewer", "Dana")
    _put_in_file(db, lambda data: data["interviews"]["1"].update(company="Acme\nCorp"))
    done = call(db, "done", new, "thank", "--person", "Zed")
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1
    assert "Acme Corp" in done.stderr


def test_an_imported_id_with_escapes_is_shown_harmlessly(tmp_path: Path) -> None:
    db = tmp_path / "followup.json"
    dump = tmp_path / "export.json"
    dump.write_text(json.dumps({"format": "followup-export", "schema": 1, "interviews": [
        {"id": "x\x1b[31m", "company": "Acme", "role": "R", "date": FRIDAY,
         "interviewers": [{"id": "p1", "name": "Dana"}]}]}))
    ok(db, "import", str(dump))
    for args in (("today", "--on", THURSDAY), ("list",)):
        out = ok(db, *args)
        assert "Acme" in out and "\x1b" not in out and "x\u241b[31m" in out
