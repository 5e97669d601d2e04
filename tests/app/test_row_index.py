"""The interview list's rows after a save are the rows a fresh start would show.

After a save only the changed interviews' rows are redone and moved (see
tui/row_index.py): checked here against rows made from scratch, for a change in
place, an interview added and one deleted.
"""

from __future__ import annotations

from store.repository import Repository
from tests.conftest import TODAY
from tui.row_index import RowIndex
from tui.state import Snapshot


def snapshot(repo: Repository, seq: int) -> Snapshot:
    return Snapshot(interviews=repo.index(), book=repo.book(), settings=repo.settings(),
                    today=TODAY, seq=seq)


def fresh(repo: Repository) -> tuple[list[object], tuple[int, int]]:
    rows = RowIndex()
    return list(rows.update(snapshot(repo, 0))), rows.counts


def test_rows_after_each_save_are_the_rows_from_scratch(
        repo: Repository, mixed_data: dict[str, str]) -> None:
    rows = RowIndex()
    rows.update(snapshot(repo, 1))
    acme = repo.interview(mixed_data["Acme Corp"])
    repo.mark_thanked(acme.id, acme.interviewers[1].id, TODAY)  # in place
    assert (list(rows.update(snapshot(repo, 2))), rows.counts) == fresh(repo)
    northwind = repo.interview(mixed_data["Northwind Labs"])
    repo.mark_thanked(northwind.id, northwind.interviewers[0].id, TODAY)
    repo.unmark_thanked(acme.id, acme.interviewers[1].id)  # and back
    assert (list(rows.update(snapshot(repo, 3))), rows.counts) == fresh(repo)
    added = repo.add_interview("Soylent", "Analyst", TODAY, interviewers=[{"name": "Bo"}])
    assert (list(rows.update(snapshot(repo, 4))), rows.counts) == fresh(repo)
    repo.delete_interview(mixed_data["Globex"])
    assert (list(rows.update(snapshot(repo, 5))), rows.counts) == fresh(repo)
    assert added.id in {row.interview_id for row in rows.update(snapshot(repo, 6))}


def test_rows_after_many_changes_at_once_are_the_rows_from_scratch(
        repo: Repository, mixed_data: dict[str, str]) -> None:
    """An import (or another session's sync) changing hundreds of interviews at once
    gives the rows a fresh start would show."""
    rows = RowIndex()
    rows.update(snapshot(repo, 1))
    data = repo.export_data()
    template = data["interviews"][0]
    data["interviews"] = [dict(template, id=f"x{n:04d}", company=f"Company {n % 37}",
                               date=f"2026-{9 + n % 3:02d}-{1 + n % 28:02d}")
                          for n in range(400)]
    repo.import_data(data)
    assert (list(rows.update(snapshot(repo, 2))), rows.counts) == fresh(repo)
    acme = repo.interview(mixed_data["Acme Corp"])
    repo.mark_thanked(acme.id, acme.interviewers[1].id, TODAY)
    assert (list(rows.update(snapshot(repo, 3))), rows.counts) == fresh(repo)


def test_a_save_keeps_the_rows_of_the_interviews_it_did_not_change(
        repo: Repository, mixed_data: dict[str, str]) -> None:
    """Unchanged interviews keep their very rows as drawn (the list redraws only the
    rest), and the changed one moves to where a fresh start would put it."""
    rows = RowIndex()
    first = rows.update(snapshot(repo, 1))
    before = [first[n] for n in range(len(first))]  # (drawn one by one, as the list does)
    acme = repo.interview(mixed_data["Acme Corp"])
    repo.mark_thanked(acme.id, acme.interviewers[1].id, TODAY)
    repo.mark_notified(acme.id, acme.references[0].reference_id, TODAY)  # due to waiting
    second = rows.update(snapshot(repo, 2))
    after = [second[n] for n in range(len(second))]
    assert (after, rows.counts) == fresh(repo)
    assert [r.interview_id for r in after] != [r.interview_id for r in before]
    kept = [r for r in before if r.interview_id != acme.id]
    assert all(any(r is a for a in after) for r in kept)


def test_rows_asked_for_one_by_one_are_the_rows_gone_through(
        repo: Repository, mixed_data: dict[str, str]) -> None:
    """The list asks for the rows it draws, one at a time, and the filter goes through
    them all: both see the same rows, a row drawn twice is the very same row (the list
    redraws only what changed), and a row is found by its interview."""
    rows = RowIndex().update(snapshot(repo, 1))
    drawn = [rows[n] for n in range(len(rows))]
    assert all(rows[n] is drawn[n] for n in range(len(rows)))
    every = list(rows)
    assert every == drawn
    assert all(a is b for a, b in zip(every, drawn, strict=True))
    assert [r.company for r in rows[1:3]] == [r.company for r in every[1:3]]
    for n, row in enumerate(every):
        assert rows.find(row.interview_id) == n
    assert rows.find("no such interview") is None
