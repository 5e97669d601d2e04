"""The data file: it survives a kill mid-write, two writers, a full disk and a damaged file."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench import kill_test
from store import storage as storage_module
from store.repository import SCHEMA_VERSION, Repository
from store.storage import DataFileError, SafeJSONStorage, dumps_data

ROOT = Path(__file__).resolve().parents[2]
DAY = dt.date(2026, 11, 20)
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "followup.json"


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The most permissive umask: private modes must come from the code, not the umask."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# --- a kill mid-write ---------------------------------------------------------------


def test_a_file_being_written_when_the_process_is_killed_still_loads(path: Path) -> None:
    """26 kills of a writer making real changes: 6 at chosen steps of a save, 20 at
    random moments. `python bench/kill_test.py` runs the long version (200 kills)."""
    result = kill_test.run(path, rounds=20, seed=20261126)
    assert result.problems == []
    assert result.kills == 20 + len(kill_test.STAGES)
    # After the kills the summary index was sometimes current (then it agreed with the
    # file: `problems` says so) and sometimes not (then it was not used).
    assert result.index_trusted > 0 and result.index_rebuilt > 0
    # Every window of the atomic write was hit on purpose, and survived.
    assert set(result.stages) == set(kill_test.STAGES)
    assert all(result.stages.values()), result.stages
    # The random kills did catch saves halfway (a save is most of what the writer does).
    assert result.in_save > len(kill_test.STAGES)
    assert result.changes >= result.kills, "the writer should have got some work done"
    # A killed save's temporary files are removed by the next save: they never pile up.
    # One save has two at most (the new file, and the link that becomes the backup):
    # a kill between the link and its rename leaves both.
    assert result.most_temp_files <= 2


# --- two writers ---------------------------------------------------------------------

# 100 changes a process: 40 new interviews, and 60 edits of interviews the other
# process edits too (its own interviewer to thank, a follow-up, its own setting).
SESSION = r"""
import datetime as dt, sys
from store.repository import Repository
path, who, setting, shared = sys.argv[1:5]
repo = Repository(path)
sys.stdout.write("ready\n"); sys.stdout.flush()
sys.stdin.readline()
day = dt.date(2026, 11, 20)
mine = next(p.id for p in repo.interview(shared).interviewers if p.name == who)
for n in range(100):
    kind = n % 5
    if kind in (0, 1):
        repo.add_interview(f"{who} {n}", "Analyst", day)
    elif kind == 2:
        repo.log_follow_up(shared, day, note=f"{who} {n}")
    elif kind == 3:
        if repo.interview(shared).interviewer(mine).thanked:
            repo.unmark_thanked(shared, mine)
        else:
            repo.mark_thanked(shared, mine, day)
    else:
        repo.update_settings(**{setting: f"{who} {n}"})
"""


def test_two_processes_making_100_changes_each_lose_and_repeat_nothing(path: Path) -> None:
    shared = Repository(path).add_interview(
        "Shared", "Analyst", DAY, interviewers=[{"name": "one"}, {"name": "two"}]).id
    procs = [subprocess.Popen([sys.executable, "-c", SESSION, str(path), who, setting, shared],
                              cwd=ROOT, env=ENV, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for who, setting in (("one", "name"), ("two", "signature"))]
    for proc in procs:
        assert proc.stdout is not None and proc.stdout.readline() == "ready\n"
    for proc in procs:  # start both together
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    repo = Repository(path)
    added = [i.company for i in repo.interviews() if i.id != shared]
    expected = [f"{who} {n}" for who in ("one", "two") for n in range(100) if n % 5 < 2]
    assert len(added) == len(expected) == 80
    assert sorted(added) == sorted(expected)  # none lost, none twice
    assert len({i.id for i in repo.interviews()}) == 81
    together = repo.interview(shared)
    notes = [f.note for f in together.follow_ups]
    assert sorted(notes) == sorted(f"{who} {n}" for who in ("one", "two")
                                   for n in range(100) if n % 5 == 2)
    # Each thanked and unthanked its own interviewer 20 times: an even count, so back to
    # "not thanked"; a lost or repeated toggle would leave one thanked.
    assert [p.thanked for p in together.interviewers] == [False, False]
    assert sum(1 for h in together.history if h.what.startswith("Thanked")) == 20
    assert sum(1 for h in together.history if h.what.startswith("Undid")) == 20
    # Each wrote a different setting; neither wrote over the other's.
    assert repo.settings().name == "one 99" and repo.settings().signature == "two 99"


# --- a damaged or foreign file is refused and left alone ---------------------------


def make_file_with_backup(path: Path) -> None:
    repo = Repository(path)
    repo.add_interview("Acme", "Analyst", DAY)
    repo.add_interview("Globex", "Dev", DAY)
    assert path.with_name(path.name + ".bak").exists()


def _valid_text(path: Path) -> str:
    return path.read_text()


DAMAGE = {
    "truncated": lambda text: text[: len(text) // 2].encode(),
    "garbage": lambda text: b"\x00\xff\xfe garbage \x89PNG",
    "not json": lambda text: b"this is not json at all",
    "empty": lambda text: b"",
    "whitespace": lambda text: b"  \n\n",
    "a list": lambda text: b"[1, 2, 3]",
    "a string": lambda text: b'"followup"',
    "null": lambda text: b"null",
    "tables not objects": lambda text: b'{"interviews": [], "meta": {"1": {"schema": 1}}}',
    "no schema": lambda text: json.dumps(
        {"interviews": json.loads(text)["interviews"]}).encode(),
    "record of the wrong type": lambda text: json.dumps(
        {**json.loads(text), "references": {"1": 42}}).encode(),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_file_is_refused_naming_it_and_its_backup(path: Path, damage: str) -> None:
    make_file_with_backup(path)
    backup = path.with_name(path.name + ".bak")
    bad = DAMAGE[damage](_valid_text(path))
    path.write_bytes(bad)
    backup_before = backup.read_bytes()
    with pytest.raises(DataFileError) as err:
        Repository(path)
    message = str(err.value)
    assert str(path) in message
    assert str(backup) in message
    assert "restore" in message
    assert "\n" not in message
    assert path.read_bytes() == bad
    assert backup.read_bytes() == backup_before
    assert leftovers(path.parent) == []


def test_a_damaged_file_without_a_backup_says_there_is_none(path: Path) -> None:
    path.write_text("{")
    with pytest.raises(DataFileError, match="no backup") as err:
        Repository(path)
    assert str(path) in str(err.value)
    assert path.read_text() == "{"


def test_a_file_from_a_newer_followup_is_refused_and_left_alone(path: Path) -> None:
    make_file_with_backup(path)
    data = json.loads(path.read_text())
    data["meta"] = {"1": {"schema": SCHEMA_VERSION + 1}}
    newer = json.dumps(data).encode()
    path.write_bytes(newer)
    with pytest.raises(DataFileError) as err:
        Repository(path)
    message = str(err.value)
    assert str(path) in message and "newer followup" in message
    assert "Upgrade followup" in message
    assert str(path.with_name(path.name + ".bak")) in message
    assert path.read_bytes() == newer


def test_a_json_error_says_where(path: Path) -> None:
    path.write_text('{"meta": {"1": {"schema": 1}},\n "interviews": {,}}')
    with pytest.raises(DataFileError, match="line 2"):
        Repository(path)


def test_a_missing_file_is_not_created_when_asked_not_to(path: Path) -> None:
    with pytest.raises(DataFileError, match="does not exist"):
        Repository(path, create=False)
    assert not path.exists()


def test_a_folder_given_as_the_data_file(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="is a folder"):
        Repository(tmp_path)


# --- permissions ------------------------------------------------------------------------


def test_a_new_folder_is_private_and_the_files_too(tmp_path: Path, open_umask: None) -> None:
    path = tmp_path / "new" / "deeper" / "followup.json"
    repo = Repository(path)
    assert not path.parent.exists()  # reading creates nothing
    repo.add_interview("Acme", "Analyst", DAY)
    assert mode(path.parent) == 0o700
    assert mode(path) == 0o600
    for n in range(4):
        repo.add_interview(f"Acme {n}", "Analyst", DAY)
        assert mode(path) == 0o600
        assert mode(path.with_name(path.name + ".bak")) == 0o600
    assert mode(path.with_name(path.name + ".lock")) == 0o600


def test_an_existing_folder_keeps_its_mode(tmp_path: Path, open_umask: None) -> None:
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o755)
    Repository(folder / "followup.json").add_interview("Acme", "Analyst", DAY)
    assert mode(folder) == 0o755
    assert mode(folder / "followup.json") == 0o600


def test_a_loose_data_file_is_made_private_on_the_next_save(path: Path) -> None:
    Repository(path).update_settings(name="Alex")
    os.chmod(path, 0o644)
    Repository(path).add_interview("Acme", "Analyst", DAY)
    assert mode(path) == 0o600
    assert mode(path.with_name(path.name + ".bak")) == 0o600


def run_cli(path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", "--db", str(path), *args], cwd=ROOT,
                          env={**ENV, "NO_COLOR": "1"}, capture_output=True, text=True,
                          timeout=60)


def test_restore_and_export_output_are_private(tmp_path: Path) -> None:
    path = tmp_path / "data" / "followup.json"
    code = ("import os, sys; os.umask(0); from tui.cli import main; "
            "sys.exit(main(sys.argv[1:]))")

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-c", code, "--db", str(path), *args],
                              cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=60)

    assert cli("add", "--company", "Acme", "--role", "R", "--date", "2026-11-20").returncode == 0
    assert cli("add", "--company", "Globex", "--role", "R", "--date", "2026-11-20").returncode == 0
    restored = cli("restore")
    assert restored.returncode == 0, restored.stderr
    assert mode(path) == 0o600
    assert mode(path.with_name(path.name + ".bak")) == 0o600
    kept = [p for p in path.parent.iterdir() if ".replaced-" in p.name]
    assert len(kept) == 1 and mode(kept[0]) == 0o600
    for fmt in ("json", "csv"):
        out = tmp_path / f"export.{fmt}"
        done = cli("export", "--format", fmt, "--output", str(out))
        assert done.returncode == 0, done.stderr
        assert mode(out) == 0o600
    # An existing, readable export file is made private when written over.
    loose = tmp_path / "loose.json"
    loose.write_text("old")
    os.chmod(loose, 0o644)
    assert cli("export", "--output", str(loose)).returncode == 0
    assert mode(loose) == 0o600
    assert json.loads(loose.read_text())["format"] == "followup-export"


# --- the backup -------------------------------------------------------------------------


def test_the_backup_holds_the_previous_version(path: Path) -> None:
    repo = Repository(path)
    repo.update_settings(name="Alex")
    backup = path.with_name(path.name + ".bak")
    for n in range(3):
        previous = path.read_bytes()
        repo.add_interview(f"Acme {n}", "Analyst", DAY)
        assert backup.read_bytes() == previous
        assert path.read_bytes() != previous
    assert [i.company for i in Repository(backup, create=False).interviews()] == \
        ["Acme 0", "Acme 1"]


# --- a failed write ---------------------------------------------------------------------


def _fail_on(monkeypatch: pytest.MonkeyPatch, name: str, path: Path, code: int) -> None:
    real = getattr(os, name)

    def failing(*args: Any) -> Any:
        # os.replace(src, dst): fail only the rename onto the data file.
        if name != "replace" or Path(args[1]) == path:
            raise OSError(code, os.strerror(code))
        return real(*args)

    monkeypatch.setattr(storage_module.os, name, failing)


@pytest.mark.parametrize("call", ["replace", "fsync"])
def test_a_full_disk_leaves_the_file_and_the_session_consistent(
        path: Path, monkeypatch: pytest.MonkeyPatch, call: str) -> None:
    repo = Repository(path)
    kept = repo.add_interview("Acme", "Analyst", DAY, interviewers=[{"name": "Dana"}])
    before = path.read_bytes()
    _fail_on(monkeypatch, call, path, errno.ENOSPC)
    with pytest.raises(DataFileError) as err:
        repo.add_interview("Globex", "Dev", DAY)
    assert "disk is full" in str(err.value) and "not saved" in str(err.value)
    with pytest.raises(DataFileError):
        repo.mark_thanked(kept.id, kept.interviewers[0].id, DAY)
    with pytest.raises(DataFileError):
        repo.update_settings(name="Alex")
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert leftovers(path.parent) == []
    # The session forgets what it could not save: it agrees with the disk.
    assert repo.interviews() == Repository(path).interviews() == (kept,)
    assert not repo.interview(kept.id).interviewers[0].thanked
    assert repo.settings().name == ""
    # And it can save again once there is room.
    repo.add_interview("Globex", "Dev", DAY)
    assert {i.company for i in Repository(path).interviews()} == {"Acme", "Globex"}


def test_a_read_only_folder_is_reported_and_nothing_changes(path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    repo = Repository(path)
    repo.add_interview("Acme", "Analyst", DAY)
    before = path.read_bytes()

    def no_temp(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(storage_module.tempfile, "mkstemp", no_temp)
    with pytest.raises(DataFileError, match="not writable"):
        repo.add_interview("Globex", "Dev", DAY)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert [i.company for i in repo.interviews()] == ["Acme"]


# --- another process's change -------------------------------------------------------------


ADD_ONE = ("import sys, datetime as dt; from store.repository import Repository; "
           "print(Repository(sys.argv[1]).add_interview(sys.argv[2], 'R', "
           "dt.date(2026, 11, 20)).id)")


def add_elsewhere(path: Path, company: str) -> str:
    done = subprocess.run([sys.executable, "-c", ADD_ONE, str(path), company], cwd=ROOT,
                          env=ENV, capture_output=True, text=True, timeout=60, check=True)
    return done.stdout.strip()


def test_the_session_picks_up_another_process_s_change(path: Path) -> None:
    repo = Repository(path)
    mine = repo.add_interview("Acme", "Analyst", DAY)
    assert not repo.changed_on_disk()
    assert repo.reload() is False
    theirs = add_elsewhere(path, "Globex")
    assert repo.changed_on_disk()
    assert repo.reload() is True
    assert not repo.changed_on_disk()
    assert {i.id for i in repo.interviews()} == {mine.id, theirs}
    # A plain read picks it up too, without an explicit reload.
    third = add_elsewhere(path, "Initech")
    assert repo.interview(third).company == "Initech"
    # And a change made here keeps theirs.
    repo.add_interview("Hooli", "Ops", DAY)
    assert {i.company for i in Repository(path).interviews()} == \
        {"Acme", "Globex", "Initech", "Hooli"}


def test_a_change_landing_while_the_file_is_read_is_not_missed(
        path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another process saves between our read of the file and our look at its stamp."""
    mine, theirs = Repository(path), Repository(path)
    theirs.add_interview("Acme", "Analyst", DAY)
    real_take = storage_module.take_file
    armed = True

    def take_then_other_saves(p: Path) -> Any:
        nonlocal armed
        taken = real_take(p)
        if armed:
            armed = False
            theirs.add_interview("Globex", "Dev", DAY)
        return taken

    monkeypatch.setattr(storage_module, "take_file", take_then_other_saves)
    assert [i.company for i in mine.interviews()] == ["Acme"]  # read before Globex landed
    assert mine.changed_on_disk()
    mine.add_interview("Initech", "Ops", DAY)
    assert {i.company for i in Repository(path).interviews()} == {"Acme", "Globex", "Initech"}


def test_a_file_that_disappears_is_reported(path: Path) -> None:
    repo = Repository(path)
    repo.update_settings(name="Alex")
    path.unlink()
    with pytest.raises(DataFileError, match="disappeared"):
        repo.interviews()


def test_the_storage_refuses_to_write_over_a_damaged_file(path: Path) -> None:
    Repository(path)
    path.write_text("{broken")
    with pytest.raises(DataFileError):
        SafeJSONStorage(path)
    assert path.read_text() == "{broken"


def test_the_file_text_is_plain_json_and_follows_every_change() -> None:
    # Each document's bytes are remembered between saves; a change to one must show.
    data = {"meta": {"1": {"schema": 1}},
            "interviews": {"1": {"id": "a", "company": "Acme ✓"}, "2": {"id": "b"}},
            "odd": {"x\"y": {"k": [1, 2]}, "3": 42}}

    def plain() -> str:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    assert dumps_data(data) == plain()
    data["interviews"]["2"]["company"] = "Globex"  # a remembered document, changed
    data["interviews"]["4"] = {"id": "c"}  # a new one
    data["interviews"]["1"] = {"id": "a", "company": "Acme Corp"}  # one replaced
    del data["meta"]["1"]["schema"]
    assert dumps_data(data) == plain()
    # A document moved to another id is written under its new id.
    data["interviews"]["5"] = data["interviews"].pop("4")
    assert dumps_data(data) == plain()
    assert json.loads(dumps_data(data)) == data


# --- reading one document at a time ----------------------------------------------------

# Interviews whose text looks like the file's own layout, and one with a nested object
# under a number (which the one-at-a-time reading cannot split: the whole file is parsed).
TRICKY = {
    "meta": {"1": {"schema": SCHEMA_VERSION}},
    "settings": {},
    "interviews": {
        "1": {"id": "a", "notes": 'ends with },"2":{ and }},"x":{', "company": "Café ✓ 🎉"},
        "2": {"id": "b", "notes": "a \\ backslash, a \" quote, a tab\t", "nested": {"k": [1]}},
        "10": {"id": "c", "extra": [{"1": {}}, {}], "ctrl": "\u0001"},
    },
    "references": {"1": {"id": "r", "name": "Sam"}},
}
NESTED = {"1": {"id": "d", "newer": {"1": {"x": 1}, "2": {"y": 2}}}}


def tricky_layouts() -> dict[str, str]:
    both = {**TRICKY, "interviews": {**TRICKY["interviews"], **NESTED}}
    return {
        "the writer's own": dumps_data(TRICKY),
        "with a nested numbered object": dumps_data(both),
        "json.dumps's default": json.dumps(TRICKY),
        "indented, by hand": json.dumps(TRICKY, indent=2) + "\n",
        "a table repeated": dumps_data(TRICKY)[:-1] + ',"meta":{"1":{"schema":1}}}',
        "empty": "{}",
    }


@pytest.fixture(params=["from a private copy", "in memory"])
def reading(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways of reading the file: the second where no private copy can be made."""
    if request.param == "in memory":
        monkeypatch.setattr(storage_module, "_private_copy", lambda path: None)
    return str(request.param)


@pytest.mark.parametrize("layout", tricky_layouts())
def test_every_layout_reads_the_same_as_a_whole_file_parse(path: Path, layout: str,
                                                           reading: str) -> None:
    text = tricky_layouts()[layout]
    path.write_text(text, encoding="utf-8")
    seen: list[Any] = []
    data = storage_module.load_file(path, {"interviews": lambda doc: seen.append(doc) or doc})
    expected = json.loads(text)
    assert storage_module.plain_data(data) == expected
    # The reader saw each interview once, as the dict it is.
    assert seen == list(expected.get("interviews", {}).values())
    for doc_id, record in data.get("interviews", {}).items():
        assert isinstance(record, storage_module.Record)
        assert record.note == expected["interviews"][doc_id]
    if layout == "the writer's own":
        # Read one at a time: each record's text is a piece of the file as read.
        records = data["interviews"].values()
        if reading == "in memory":
            assert all(isinstance(r.text, memoryview) for r in records)
        else:
            assert all(r.text is None and r.copy is not None for r in records)
    # Written back, it is the same data again, in the writer's layout.
    assert json.loads(dumps_data(data)) == expected


def test_unchanged_interviews_are_written_back_byte_for_byte(path: Path, reading: str) -> None:
    repo = Repository(path)
    first = repo.add_interview("Acme ✓", "Analyst", DAY, notes='odd },"9":{ notes')
    second = repo.add_interview("Globex", "Dev", DAY)
    before = path.read_bytes()
    repo = Repository(path)  # records read from the file
    repo.log_follow_up(second.id, DAY)
    after = path.read_bytes()
    # The file is what json.dumps makes of the data: compact, UTF-8, unescaped.
    assert after.decode() == json.dumps(json.loads(after), ensure_ascii=False,
                                        separators=(",", ":"))
    first_text = json.dumps(json.loads(before)["interviews"]["1"], ensure_ascii=False,
                            separators=(",", ":")).encode()
    assert first_text in before and first_text in after
    assert repo.interview(first.id) == Repository(path).interview(first.id)
    assert len(Repository(path).interview(second.id).follow_ups) == 1


def test_a_reload_reads_again_only_the_interviews_another_process_changed(
        path: Path, reading: str) -> None:
    repo = Repository(path)
    ids = [repo.add_interview(f"Company {n}", "Analyst", DAY).id for n in range(5)]
    parsed: list[str] = []
    storage = SafeJSONStorage(path, records={"interviews": lambda doc: parsed.append(doc["id"])})
    assert sorted(parsed) == sorted(ids)
    parsed.clear()
    Repository(path).log_follow_up(ids[2], DAY)  # another session
    storage.read()
    assert parsed == [ids[2]]
    assert [r.note for r in storage.read()["interviews"].values()] == [None] * 5


def test_a_record_that_is_not_utf8_is_refused_like_a_damaged_file(path: Path) -> None:
    Repository(path).add_interview("Acme", "Analyst", DAY)
    path.write_bytes(path.read_bytes().replace(b"Acme", b"Ac\xffme"))
    with pytest.raises(DataFileError, match="not UTF-8"):
        Repository(path)


def test_saves_between_unchanged_interviews_keep_every_one(path: Path, reading: str) -> None:
    """Changes, additions and a deletion among many unchanged interviews, each saved
    from the interviews read before (runs of the file copied as they are)."""
    repo = Repository(path)
    ids = [repo.add_interview(f"Company {n}", "Analyst", DAY).id for n in range(40)]
    expected = {i: f"Company {n}" for n, i in enumerate(ids)}
    repo = Repository(path)
    for n in (0, 17, 18, 39):
        repo.update_interview(ids[n], company=f"Changed {n}")
        expected[ids[n]] = f"Changed {n}"
    repo.delete_interview(ids[25])
    del expected[ids[25]]
    added = repo.add_interview("Newcomer", "Dev", DAY)
    expected[added.id] = "Newcomer"
    repo.log_follow_up(ids[1], DAY)
    for session in (repo, Repository(path)):
        assert {i.id: i.company for i in session.interviews()} == expected
    assert len(Repository(path).interview(ids[1]).follow_ups) == 1
    text = path.read_bytes().decode()
    assert text == json.dumps(json.loads(text), ensure_ascii=False, separators=(",", ":"))
