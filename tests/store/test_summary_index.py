"""The summary index beside the data file: used only while it matches the file.

A start reads the list's summaries from `<file>.index` instead of parsing
every interview. These tests change the file behind the index's back, damage
the index, kill a save between the file and the index, and check that the
interviews shown are always the file's, and that reading writes no index.
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import json
import os
import shutil
import stat
from pathlib import Path

import pytest

from store import codec
from store import storage as storage_module
from store.overview import Overview, day_agenda, overview
from store.repository import Repository
from store.schedule import ActionState
from tests.conftest import build_mixed_data, fixed_clock
from tui import cli

DAY = dt.date(2026, 11, 20)


def index_of(path: Path) -> Path:
    return path.with_name(path.name + ".index")


def seen(path: Path) -> tuple[object, ...]:
    """What a full, checked reading of the file gives a list."""
    repo = Repository(path, create=False, check=True, clock=fixed_clock)
    return repo.index().summaries, repo.book(), repo.settings()


def through_index(path: Path) -> tuple[Repository, tuple[object, ...]]:
    repo = Repository(path, create=False, check=False, clock=fixed_clock)
    return repo, (repo.index().summaries, repo.book(), repo.settings())


@pytest.fixture
def filled(db_path: Path) -> Path:
    repo = Repository(db_path, clock=fixed_clock)
    build_mixed_data(repo)
    return db_path


def test_a_save_writes_a_private_index_that_the_next_start_reads(filled: Path) -> None:
    index = index_of(filled)
    assert stat.S_IMODE(index.stat().st_mode) == 0o600
    repo, shown = through_index(filled)
    assert repo.storage.read_from_index
    assert shown == seen(filled)
    # An interview is still read whole from the file when it is opened.
    first = shown[0][0]
    assert repo.interview(first.id) == Repository(filled, check=True).interview(first.id)


def test_changes_after_a_start_from_the_index_keep_file_and_index_agreeing(
        filled: Path) -> None:
    repo, shown = through_index(filled)
    assert repo.storage.read_from_index
    target = shown[0][-1]
    person = repo.interview(target.id).interviewers[0]
    repo.mark_thanked(target.id, person.id, DAY)
    repo.update_settings(signature="Best, Dana")
    added = repo.add_interview("Initech", "Analyst", DAY, interviewers=[{"name": "Bo"}])
    again, after = through_index(filled)
    assert again.storage.read_from_index
    assert after == seen(filled)
    assert added.id in {s.id for s in after[0]}
    assert after[2].signature == "Best, Dana"


def test_a_file_changed_behind_the_index_is_read_from_the_file(filled: Path) -> None:
    """Another program (or an older followup) rewrites the file and not the index."""
    before = seen(filled)
    text = filled.read_text()
    repo = Repository(filled, clock=fixed_clock)
    first = repo.index().summaries[0]
    changed = text.replace(f'"company":"{first.company}"', '"company":"Renamed Ltd"', 1)
    assert changed != text
    filled.write_text(changed)  # in place: same file, new size and time
    repo2, shown = through_index(filled)
    assert not repo2.storage.read_from_index
    assert shown == seen(filled) != before
    assert "Renamed Ltd" in {s.company for s in shown[0]}


def open_descriptors() -> int:
    """Files this process has open, once whatever is no longer used is let go."""
    gc.collect()
    return len(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(),
                    reason="counts open files through /proc, which this system lacks")
def test_an_index_not_used_leaves_no_file_open(filled: Path) -> None:
    """A reading that turns the index down (here the file changed behind it) lets go
    of the data file it opened to check: a long session or a script reading
    again and again does not run out of open files."""
    text = filled.read_text()
    filled.write_text(text.replace('"follow_up_wait":5', '"follow_up_wait":9', 1))
    before = open_descriptors()
    for _ in range(20):
        assert not overview(filled).from_index
        assert not through_index(filled)[0].storage.read_from_index
        assert day_agenda(filled, DAY) is None
    assert open_descriptors() == before


def test_a_restored_backup_is_not_read_through_the_newer_index(filled: Path) -> None:
    repo = Repository(filled, clock=fixed_clock)
    target = repo.index().summaries[0]
    repo.update_interview(target.id, company="Newer Co")
    assert cli.main(["--db", str(filled), "restore"], out=io.StringIO()) == 0
    repo2, shown = through_index(filled)
    assert not repo2.storage.read_from_index
    assert shown == seen(filled)
    assert "Newer Co" not in {s.company for s in shown[0]}


@pytest.mark.parametrize("damage", [
    "missing", "empty", "cut short", "garbage", "not an object", "a row moved",
    "a row of the wrong shape", "a folder", "a link to the file of another index",
    "no agenda entries", "agenda entries for fewer interviews", "agenda entries that are not lists",
    "an agenda entry's day that is not a day", "an agenda entry cut short",
    "an agenda entry naming someone by a number", "a last line going on after its keys",
])
def test_a_missing_or_damaged_index_is_not_trusted_and_reading_leaves_it(
        filled: Path, tmp_path: Path, damage: str) -> None:
    index = index_of(filled)
    good = index.read_bytes()
    lines = good.split(b"\n")
    if damage == "missing":
        index.unlink()
    elif damage == "empty":
        index.write_bytes(b"")
    elif damage == "cut short":
        index.write_bytes(good[: len(good) // 2])
    elif damage == "garbage":
        index.write_bytes(b"\x00\xff" * 100)
    elif damage == "not an object":
        index.write_bytes(b"[1, 2, 3]\n")
    elif damage == "a row moved":
        # The summaries say the second interview is where the first one is.
        lines[1], lines[2] = lines[2], lines[1]
        index.write_bytes(b"\n".join(lines))
    elif damage == "a row of the wrong shape":
        lines[1] = b'["1", 5, 4, {"a": 1}]'
        index.write_bytes(b"\n".join(lines))
    elif damage == "a folder":
        index.unlink()
        index.mkdir()
    elif damage == "a last line going on after its keys":
        lines[-2] = lines[-2][:lines[-2].index(b'],"versions":') + 1] + b"}, and more"
        index.write_bytes(b"\n".join(lines))
    elif "agenda entr" in damage:
        end = json.loads(lines[-2])
        # An interviewer to thank by the first day asked: [id, company, role, whether
        # it lists no reference, first due, thank due, late after, ids, names, ...].
        entry = next(entry for entry in end["keys"] if entry[7] and 0 < entry[5]
                     and entry[5] <= DAY.toordinal())
        if damage == "no agenda entries":
            del end["keys"]
        elif damage == "agenda entries for fewer interviews":
            end["keys"] = end["keys"][1:]
        elif damage == "agenda entries that are not lists":
            end["keys"] = ["soon"] * len(end["keys"])
        elif damage == "an agenda entry's day that is not a day":
            entry[5] = "soon"
        elif damage == "an agenda entry cut short":
            del entry[-1]
        else:
            entry[8][0] = 7
        lines[-2] = json.dumps(end).encode()
        index.write_bytes(b"\n".join(lines))
    else:
        other = tmp_path / "other" / "followup.json"
        other.parent.mkdir()
        shutil.copy(filled, other)
        Repository(other, clock=fixed_clock).update_settings(signature="other")
        index.unlink()
        index.symlink_to(index_of(other))
    before = sorted((p.name, p.is_dir() or p.read_bytes()) for p in filled.parent.iterdir()
                    if p.name != "other")
    repo, shown = through_index(filled)
    # (The summaries' lines are whole when only the agenda entries are damaged.)
    assert not repo.storage.read_from_index or "agenda entr" in damage
    assert shown == seen(filled)
    # The quick reading of `followup today` does not trust it either (two rows of open
    # interviews swapped still give the very same agenda, which is ordered by id).
    quick = overview(filled)
    assert quick.from_index is False or damage == "a row moved" or "agenda entr" in damage
    whole = Repository(filled, create=False, check=True, clock=fixed_clock)
    for day in (DAY, dt.date(2026, 11, 26), dt.date(2026, 12, 20)):
        assert quick.agenda_for(day) == whole.agenda_for(day)
        assert quick.next_action(day) == whole.next_action(day)
        # Nor the reading of one day's interviews, which goes by the entries' due days
        # (a name that is not text leaves them whole: the summaries are still good).
        one_day = overview(filled, day)
        assert one_day.from_index is False or damage in (
            "a row moved", "an agenda entry naming someone by a number")
        assert one_day.agenda_for(day) == whole.agenda_for(day)
        assert one_day.next_action(day) == whole.next_action(day)
        # Nor the agenda made from the entries alone (the lines of the records are not
        # what it reads).
        rows = day_agenda(filled, day)
        assert rows is None or damage in ("a row moved", "a row of the wrong shape")
        assert rows is None or rows.actions() == whole.agenda_for(day)
    # The command line's agenda reads the same and writes nothing either.
    assert cli.main(["--db", str(filled), "today", "--on", "2026-11-26"],
                    out=io.StringIO()) == 0
    after = sorted((p.name, p.is_dir() or p.read_bytes()) for p in filled.parent.iterdir()
                   if p.name != "other")
    assert after == before
    # The next save writes a good one again (over a folder it cannot: then none is used).
    repo.update_settings(signature="again")
    again, _ = through_index(filled)
    assert again.storage.read_from_index is (damage != "a folder")


def test_today_reads_no_file_into_being(db_path: Path) -> None:
    """Before anything is saved, `followup today` creates neither file nor index."""
    assert cli.main(["--db", str(db_path), "today"], out=io.StringIO()) == 0
    assert not db_path.exists() and not index_of(db_path).exists()


@pytest.mark.parametrize("form", [[], ["--json"], ["-q"]])
def test_the_same_agenda_with_and_without_the_index(filled: Path, form: list[str]) -> None:
    days = ["2026-10-01", "2026-11-20", "2026-11-26", "2026-12-20", "2027-03-01"]

    def today() -> list[str]:
        said = []
        for day in days:
            out = io.StringIO()
            assert cli.main(["--db", str(filled), "today", "--on", day, *form],
                            out=out) == 0
            said.append(out.getvalue())
        return said

    assert day_agenda(filled, DAY) is not None
    with_index = today()
    assert "nothing due. Next:" in with_index[0] or form
    assert any(len(text.splitlines()) > 5 for text in with_index)
    index_of(filled).unlink()
    assert today() == with_index


def test_the_days_agenda_comes_from_the_index_alone(filled: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """`followup today` and the Today view's first frame: the day's rows, counts and
    actions made from the agenda entries of the index, decoding no summary, are the
    whole agenda's; with `keep_open`, the interviews on it read in full are the file's."""
    whole = Repository(filled, create=False, check=True, clock=fixed_clock)
    expected = {}
    for offset in range(-40, 45):
        day = dt.date(2026, 11, 26) + dt.timedelta(days=offset)
        expected[day] = whole.agenda_for(day)

    def no(row: object) -> None:
        raise AssertionError("a summary was decoded")

    monkeypatch.setattr(codec, "summary_from_row", no)
    listed = 0
    for day, actions in expected.items():
        quick = day_agenda(filled, day)
        assert quick is not None and quick.day == day
        assert quick.actions() == actions and len(quick) == len(actions)
        for start, stop in ((1, 4), (0, 1), (2, None), (-3, None), (5, 5), (3, 100)):
            assert quick.actions(start, stop) == actions[start:stop]
        assert quick.rows == [(a.state, a.step, a.interview_id, a.company, a.role,
                               a.person_id, a.person, a.due_on, a.late_after, a.reason)
                              for a in actions]
        assert quick.unreferenced == {
            a.interview_id for a in actions if not whole.interview(a.interview_id).references}
        late = sum(1 for action in actions if action.state is ActionState.LATE)
        assert (quick.late, quick.due) == (late, len(actions) - late)
        assert quick.count == len(whole.index())
        listed += len(actions)
    assert listed
    kept = day_agenda(filled, DAY, keep_open=True)
    assert kept is not None
    ids = list(dict.fromkeys(action.interview_id for action in kept.actions()))
    assert ids
    assert [kept.interview(i) for i in ids] == [whole.interview(i) for i in ids]
    with pytest.raises(ValueError):
        kept.interview("not on the agenda")
    kept.close()
    with pytest.raises(ValueError):
        kept.interview(ids[0])
    # Without keep_open nothing is read in full.
    with pytest.raises(ValueError):
        day_agenda(filled, DAY).interview(ids[0])  # type: ignore[union-attr]


def test_a_save_killed_between_the_file_and_the_index_leaves_an_index_not_used(
        filled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = Repository(filled, clock=fixed_clock)
    target = repo.index().summaries[0]
    real_replace = os.replace

    def stop_at_index(src: str, dst: str) -> None:
        if str(dst).endswith(".index"):
            raise KeyboardInterrupt  # stands for the kill: nothing after it runs
        real_replace(src, dst)

    monkeypatch.setattr(storage_module.os, "replace", stop_at_index)
    with pytest.raises(KeyboardInterrupt):
        repo.update_interview(target.id, company="Changed Co")
    monkeypatch.undo()
    again, shown = through_index(filled)
    assert not again.storage.read_from_index
    assert shown == seen(filled)
    assert "Changed Co" in {s.company for s in shown[0]}


def test_a_full_disk_for_the_index_still_saves_the_change(
        filled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The change is durable before the index is written; an index that cannot be
    written is removed rather than left behind stale."""
    repo = Repository(filled, clock=fixed_clock)
    target = repo.index().summaries[0]
    real_mkstemp = storage_module.tempfile.mkstemp

    def full(*args: object, **kwargs: object) -> tuple[int, str]:
        if ".index." in str(kwargs.get("prefix", "")):
            raise OSError(28, "No space left on device")
        return real_mkstemp(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(storage_module.tempfile, "mkstemp", full)
    repo.update_interview(target.id, company="Saved Anyway")
    monkeypatch.undo()
    assert not index_of(filled).exists()
    assert not [p for p in filled.parent.iterdir() if p.name.endswith(".tmp")]
    _, shown = through_index(filled)
    assert "Saved Anyway" in {s.company for s in shown[0]}


def test_an_index_of_summaries_of_another_form_is_not_used(filled: Path) -> None:
    """A followup whose summaries hold other fields wrote this index: it is read afresh."""
    index = index_of(filled)
    head, rest = index.read_bytes().split(b"\n", 1)
    index.write_bytes(head.replace(b'"tag":"summary:id,', b'"tag":"summary:key,') + b"\n" + rest)
    repo, shown = through_index(filled)
    assert not repo.storage.read_from_index
    assert shown == seen(filled)


def test_whatever_else_the_file_keeps_is_read_through_the_index_as_it_is(
        filled: Path) -> None:
    """Tables the index knows nothing of (the calendar sync's state) are read from the
    file itself, at the place the index gives."""
    from store.sync_state import Seen, SyncState

    state = SyncState(account="https://dav.example.org|dana|work",
                      items=(Seen("uid-1", "/c/1.ics", '"e1"', "NEEDS-ACTION"),))
    Repository(filled, clock=fixed_clock).save_sync_state(state)
    repo, shown = through_index(filled)
    assert repo.storage.read_from_index
    assert repo.sync_state() == state
    assert shown == seen(filled)


# --- the quick reading of `followup today` (store.overview) ---------------------------


def agree(quick: Overview, whole: Repository, days: range) -> int:
    """Asserts the same agenda and next action on each day; how many actions were listed."""
    listed = 0
    for offset in days:
        day = dt.date(2026, 11, 26) + dt.timedelta(days=offset)
        assert quick.agenda_for(day) == whole.agenda_for(day)
        assert quick.next_action(day) == whole.next_action(day)
        listed += len(whole.agenda_for(day))
    return listed


def test_the_quick_reading_takes_the_open_interviews_from_the_index_alone(
        filled: Path) -> None:
    quick = overview(filled)
    whole = Repository(filled, create=False, check=True, clock=fixed_clock)
    assert quick.from_index
    assert list(quick.summaries) == [s for s in whole.index().summaries if s.is_open]
    assert quick.settings == whole.settings() and quick.book == whole.book()
    assert agree(quick, whole, range(-20, 40))


def test_the_reading_of_one_day_takes_only_the_interviews_with_something_to_say(
        filled: Path) -> None:
    """`followup today` decodes the interviews with something due by the day asked, or
    coming due first after it, and gives the very agenda and next action of all."""
    whole = Repository(filled, create=False, check=True, clock=fixed_clock)
    open_ids = {s.id for s in whole.index().summaries if s.is_open}
    fewer = 0
    for offset in range(-30, 40):
        day = dt.date(2026, 11, 26) + dt.timedelta(days=offset)
        quick = overview(filled, day)
        assert quick.from_index and quick.day == day
        assert quick.agenda_for(day) == whole.agenda_for(day)
        assert quick.next_action(day) == whole.next_action(day)
        read = {s.id for s in quick.summaries}
        assert read <= open_ids
        assert {a.interview_id for a in whole.agenda_for(day)} <= read
        fewer += len(read) < len(open_ids)
        # It answers for that day only.
        with pytest.raises(ValueError):
            quick.agenda_for(day + dt.timedelta(days=1))
    assert fewer  # some days, some open interviews were not even decoded


def test_the_due_days_in_the_index_follow_the_settings(filled: Path) -> None:
    """The follow-ups' timing is the settings': after a change of them alone (no
    interview saved), the index's due days are the new ones."""
    repo = Repository(filled, clock=fixed_clock)
    repo.update_settings(signature="first a save that keys every interview")
    before = json.loads(index_of(filled).read_bytes().split(b"\n")[-2])["keys"]
    repo.update_settings(follow_up_wait=20, follow_up_gap=1)
    after = json.loads(index_of(filled).read_bytes().split(b"\n")[-2])["keys"]
    assert after != before
    whole = Repository(filled, create=False, check=True, clock=fixed_clock)
    for offset in range(-10, 60, 3):
        day = dt.date(2026, 11, 26) + dt.timedelta(days=offset)
        quick = overview(filled, day)
        assert quick.from_index
        assert quick.agenda_for(day) == whole.agenda_for(day)
        assert quick.next_action(day) == whole.next_action(day)


@pytest.mark.parametrize("earlier", [";due-days:1", ";agenda-entry:1", ";agenda-entry:2",
                                     ";agenda-entry:3"])
def test_an_index_keyed_by_an_earlier_rule_is_not_used(filled: Path, earlier: str) -> None:
    """An index whose keys were worked out by another rule (another tag: the due days
    alone, or agenda entries of an earlier form) is not read, quickly or not, until the
    next save writes this one's."""
    index = index_of(filled)
    head, rest = index.read_bytes().split(b"\n", 1)
    tag = codec.INDEX_TAG.replace(";agenda-entry:4", earlier).encode()
    assert tag != codec.INDEX_TAG.encode()
    index.write_bytes(head.replace(codec.INDEX_TAG.encode(), tag) + b"\n" + rest)
    assert not overview(filled, DAY).from_index
    assert day_agenda(filled, DAY) is None
    assert not through_index(filled)[0].storage.read_from_index
    Repository(filled, clock=fixed_clock).update_settings(signature="again")
    assert overview(filled, DAY).from_index
    assert day_agenda(filled, DAY) is not None


def test_the_quick_reading_follows_each_save(filled: Path) -> None:
    repo = Repository(filled, clock=fixed_clock)
    target = next(s for s in repo.index().summaries if s.is_open and s.thank_ids)
    repo.mark_thanked(target.id, target.thank_ids[0], DAY)
    repo.update_settings(follow_up_wait=1)
    repo.set_outcome(next(s.id for s in repo.index().summaries
                          if s.is_open and s.id != target.id), "offer")
    repo.add_interview("Initech", "Analyst", DAY, interviewers=[{"name": "Bo"}])
    quick = overview(filled)
    assert quick.from_index
    assert quick.settings.follow_up_wait == 1
    assert agree(quick, Repository(filled, create=False, check=True), range(-20, 40))


def test_a_file_changed_behind_the_index_is_not_read_quickly(filled: Path) -> None:
    text = filled.read_text()
    filled.write_text(text.replace('"follow_up_wait":5', '"follow_up_wait":9', 1))
    quick = overview(filled)
    assert not quick.from_index
    assert quick.settings.follow_up_wait == 9
    assert agree(quick, Repository(filled, create=False, check=True), range(-5, 30))


def test_an_index_of_the_earlier_form_is_not_read_quickly(filled: Path) -> None:
    """An index written before it said where each table starts (form 1) is ignored,
    and the next save writes one of this form."""
    index = index_of(filled)
    head, rest = index.read_bytes().split(b"\n", 1)
    index.write_bytes(head.replace(b'{"followup-index":2,', b'{"followup-index":1,') + b"\n"
                      + rest)
    assert not overview(filled).from_index
    Repository(filled, clock=fixed_clock).update_settings(signature="again")
    assert overview(filled).from_index


def test_a_file_of_another_version_is_left_to_the_repository(filled: Path) -> None:
    """A newer followup's file is refused as always, even with an index beside it."""
    from store.storage import DataFileError

    text = filled.read_text()
    filled.write_text(text.replace('"schema":1', '"schema":2', 1))
    with pytest.raises(DataFileError, match="newer followup"):
        overview(filled)


def test_the_index_says_where_each_table_starts_and_which_interviews_are_open(
        filled: Path) -> None:
    import json

    raw = filled.read_bytes()
    lines = index_of(filled).read_bytes().split(b"\n")
    head, end = json.loads(lines[0]), json.loads(lines[-2])
    for n, (name, _, _, at) in enumerate(head["tables"]):
        prefix = ("," if n else "") + json.dumps(name) + ":{"
        assert raw[at - len(prefix) + 1:at + 1] == prefix.encode()
    summaries = Repository(filled, create=False, check=True).index().summaries
    assert end["wanted"] == [n + 1 for n, s in enumerate(summaries) if s.is_open]


def test_an_index_left_for_later_is_written_when_asked_and_matches_the_file(
        filled: Path) -> None:
    """The app shows a change before writing its index (`index_later`): until then the
    old index no longer matches the file and is not used."""
    repo = Repository(filled, clock=fixed_clock)
    repo.storage.index_later = True
    target = repo.index().summaries[0]
    repo.update_interview(target.id, company="Shown First")
    again, shown = through_index(filled)
    assert not again.storage.read_from_index
    assert "Shown First" in {s.company for s in shown[0]}
    repo.update_settings(signature="Best, Dana")  # the next save's index replaces it
    repo.storage.write_index_due()
    again, shown = through_index(filled)
    assert again.storage.read_from_index
    assert shown == seen(filled)
    assert shown[2].signature == "Best, Dana"


def test_an_index_left_for_later_is_not_written_after_a_failed_save(
        filled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A save that fails after the one whose index waits: the data in memory is no
    longer the file's, and no index is written from it."""
    repo = Repository(filled, clock=fixed_clock)
    repo.storage.index_later = True
    first, second = repo.index().summaries[:2]
    repo.update_interview(first.id, company="Saved")

    def full(data: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(repo.storage, "_write_file", full)
    with pytest.raises(OSError):
        repo.update_interview(second.id, company="Never Saved")
    monkeypatch.undo()
    repo.storage.write_index_due()
    _, shown = through_index(filled)
    assert shown == seen(filled)
    assert "Saved" in {s.company for s in shown[0]}
    assert "Never Saved" not in {s.company for s in shown[0]}


def record_lines(index: Path) -> list[bytes]:
    return index.read_bytes().split(b"\n")[1:-2]


@pytest.mark.parametrize("in_kernel", [True, False],
                         ids=["copied in the kernel", "read and written"])
def test_saves_after_a_start_from_the_index_write_each_summary_as_a_full_reading_would(
        filled: Path, in_kernel: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """A save copies the index lines of the interviews it did not change from the index
    it read or last wrote: the next start shows each interview as the file says. Where
    the system cannot copy between files itself (not Linux), the lines are read and
    written."""
    if not in_kernel:
        monkeypatch.delattr(os, "copy_file_range", raising=False)
    repo, shown = through_index(filled)
    assert repo.storage.read_from_index
    ids = [s.id for s in shown[0]]
    repo.update_interview(ids[0], company="First Changed")
    repo.update_interview(ids[-1], company="Last Changed")
    repo.update_interview(ids[len(ids) // 2], role="Middle Changed")
    again, after = through_index(filled)
    assert again.storage.read_from_index
    assert after == seen(filled)
    copied = record_lines(index_of(filled))
    # The same lines as a save by a start that read the whole file (nothing copied).
    fresh = Repository(filled, create=False, check=True, clock=fixed_clock)
    fresh.update_settings(signature="Best, Dana")
    assert not fresh.storage.read_from_index
    assert record_lines(index_of(filled)) == copied


def last_line(index: Path) -> dict[str, object]:
    line: dict[str, object] = json.loads(index.read_bytes().split(b"\n")[-2])
    return line


@pytest.mark.parametrize("company", ["", 'Zoë, [Ünïcode] "Co"'],
                         ids=["plain text", "text beyond ASCII"])
def test_a_save_after_a_start_from_the_index_keys_only_the_changed_interview_again(
        filled: Path, monkeypatch: pytest.MonkeyPatch, company: str) -> None:
    """The index's key of each open interview (what `followup today` picks by) is read
    back from the index for the interviews a save did not change: only the changed
    one's is worked out, and the keys are those a full reading would write (also
    after a key holding text beyond ASCII, quotes, commas and brackets)."""
    from store import repository as repository_module

    if company:
        first_open = next(s for s in seen(filled)[0] if s.is_open)  # type: ignore[attr-defined]
        Repository(filled, clock=fixed_clock).update_interview(first_open.id, company=company)

    worked_out: list[str] = []
    real = repository_module._due_keys

    def counting(tables: object) -> object:
        version, key_of = real(tables)  # type: ignore[arg-type]

        def counted(note: object) -> object:
            worked_out.append(repository_module._summary(note).id)  # type: ignore[arg-type]
            return key_of(note)

        return version, counted

    monkeypatch.setattr(repository_module, "_due_keys", counting)
    repo, shown = through_index(filled)
    assert repo.storage.read_from_index
    open_ids = [s.id for s in shown[0] if s.is_open]
    assert len(open_ids) > 2
    repo.update_interview(open_ids[1], company="Changed Co")
    assert worked_out == [open_ids[1]]
    repo.update_interview(open_ids[-1], role="Changed Role")
    assert worked_out == [open_ids[1], open_ids[-1]]
    keyed = last_line(index_of(filled))
    worked_out.clear()
    fresh = Repository(filled, create=False, check=True, clock=fixed_clock)
    fresh.update_settings(signature="Best, Dana")
    assert not fresh.storage.read_from_index
    assert sorted(worked_out) == sorted(open_ids)  # (a full reading keys every one)
    assert last_line(index_of(filled)) == keyed


def test_an_index_replaced_since_it_was_read_is_not_copied_from(filled: Path) -> None:
    """Another program put a different index beside the file: a save writes the
    summaries afresh rather than copy lines out of it."""
    repo, shown = through_index(filled)
    assert repo.storage.read_from_index
    index = index_of(filled)
    company = shown[0][0].company
    wrong = company[:-1] + ("x" if company[-1] != "x" else "y")
    text = index.read_bytes().replace(company.encode(), wrong.encode())
    replaced = index.with_name("other-index")
    replaced.write_bytes(text)
    os.replace(replaced, index)
    repo.update_settings(signature="Best, Dana")
    again, after = through_index(filled)
    assert again.storage.read_from_index
    assert after == seen(filled)
    assert company in {s.company for s in after[0]}


def test_the_days_interviews_are_read_in_full_from_the_file_the_index_was_made_for(
        filled: Path) -> None:
    repo = Repository(filled, clock=fixed_clock, check=False)
    quick = day_agenda(filled, DAY, keep_open=True)
    assert quick is not None and quick.count == len(repo.index())
    ids = list(dict.fromkeys(action.interview_id for action in quick.actions()))
    assert ids
    expected = {i: repo.interview(i) for i in ids}
    # Another session changes one of them: what was read stays that one reading.
    repo.update_interview(ids[0], company="Renamed Ltd")
    assert {i: quick.interview(i) for i in ids} == expected
    quick.close()
    with pytest.raises(ValueError):
        quick.interview(ids[0])
    # No usable index: nothing is read through it (the repository reads the file).
    (filled.parent / (filled.name + ".index")).unlink()
    assert day_agenda(filled, DAY, keep_open=True) is None
