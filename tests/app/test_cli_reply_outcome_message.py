"""The job seeker's path from the shell: `reply`, `outcome`, the refusals of `done` and
`undo`, and `message` that never hands over a half-filled text without saying so.
Today is Thu 26 Nov 2026 (the command line's clock is fixed here too)."""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from store.repository import Repository
from tests.app.test_cli import call
from tests.conftest import TODAY
from tui import cli


@pytest.fixture(autouse=True)
def cli_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "_today", lambda: TODAY)


def ok(db: Path, *args: str) -> str:
    done = call(db, *args)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def acme(db_path: Path) -> str:
    ok(db_path, "settings", "--name", "Alex Morgan", "--phone", "+1 412 555 0199",
       "--email", "alex@example.com")
    return ok(db_path, "add", "--company", "Acme", "--role", "Data Engineer",
              "--date", "2026-11-23", "--decision-by", "2026-11-27",
              "--interviewer", "Dana Lee <dana@acme.example>",
              "--interviewer", "Sam Ortiz", "--reference", "Pat Kim <pat@example.com>",
              "--topic", "Dana: the nightly loads",
              "--key-points", "streaming pipelines").strip()


def refused_unchanged(db: Path, *args: str, code: int = 1) -> str:
    """Run a command that must be refused: one line on stderr, the file, its backup and
    the history untouched."""
    backup = db.with_name(db.name + ".bak")
    before = (db.read_bytes(), backup.read_bytes() if backup.exists() else None)
    done = call(db, *args)
    assert done.returncode == code, (done.stdout, done.stderr)
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("followup: error: ")
    assert (db.read_bytes(), backup.read_bytes() if backup.exists() else None) == before
    return done.stderr


# --- 3. reply, and done / undo that refuse -----------------------------------------------------


def test_reply_moves_the_follow_up_after_the_new_decision_date(db_path: Path, acme: str):
    out = ok(db_path, "reply", acme, "--decision-by", "2026-12-04",
             "--note", "still deciding, we'll know next week")
    assert out == ("Noted the reply from Acme today: they will decide by Fri 4 Dec. "
                   "Next follow-up: Mon 7 Dec.\n")
    interview = Repository(db_path).interview(acme)
    assert interview.decision_by.isoformat() == "2026-12-04"
    assert interview.replies[0].note == "still deciding, we'll know next week"
    assert "follow up" not in ok(db_path, "today", "--on", "2026-12-04")
    assert "follow up" in ok(db_path, "today", "--on", "2026-12-07")


def test_reply_without_a_date_restarts_the_wait(db_path: Path, acme: str):
    ok(db_path, "reply", acme, "--on", "2026-11-24")
    # The decision date (Fri 27 Nov) still holds the follow-up back.
    assert "Next follow-up: Mon 30 Nov" in ok(db_path, "reply", acme, "--on", "2026-11-25")
    refused_unchanged(db_path, "reply", acme, "--on", "2026-11-30")


def test_a_follow_up_before_the_decision_date_needs_force(db_path: Path, acme: str):
    err = refused_unchanged(db_path, "done", acme, "follow_up")
    assert "decide by Fri 27 Nov" in err and "--force" in err
    assert "Followed up by email" in ok(db_path, "done", acme, "follow_up", "--force")


@pytest.mark.parametrize(("on", "problem"), [("2026-11-27", "in the future"),
                                             ("2026-11-20", "before the interview")])
def test_done_on_a_day_that_cannot_be(db_path: Path, acme: str, on: str, problem: str):
    err = refused_unchanged(db_path, "done", acme, "thank", "--person", "Dana", "--on", on)
    assert problem in err


def test_undo_of_what_was_not_done_says_so(db_path: Path, acme: str):
    err = refused_unchanged(db_path, "undo", acme, "thank", "--person", "Dana")
    assert "was not thanked: there is nothing to undo" in err
    refused_unchanged(db_path, "undo", acme, "follow_up")


# --- 4. outcomes ---------------------------------------------------------------------------------


def test_an_offer_closes_the_loop_and_offers_its_answers(db_path: Path, acme: str):
    ok(db_path, "done", acme, "references", "--on", "2026-11-23")
    out = ok(db_path, "outcome", acme, "offer", "--on", "2026-11-25")
    assert out.splitlines()[0] == (
        "Offer on Wed 25 Nov at Acme: closed 2 thank-yous and the follow-up. Now: accept "
        "the offer or ask for time to decide; thank 1 reference with the news.")
    assert f"followup message {acme} outcome --kind offer_time" in out
    today = ok(db_path, "today", "--on", "2026-11-30")
    assert "Acme" not in today
    # The calendar keeps what was done, and has nothing left to do for it.
    todos = ok(db_path, "ics").split("BEGIN:VTODO")[1:]
    assert todos and all("STATUS:COMPLETED" in t for t in todos if "Acme" in t)
    for step in ("follow_up", "thank"):
        done = call(db_path, "message", acme, step, "--person", "Dana")
        assert done.returncode == 1 and done.stdout == ""
        assert "is closed (Offer on Wed 25 Nov)" in done.stderr
        assert f"followup message {acme} outcome" in done.stderr
    accept = ok(db_path, "message", acme, "outcome")
    assert accept.startswith("Accepting the Data Engineer offer\n\nDear Dana,")
    time = ok(db_path, "message", acme, "outcome", "--kind", "offer_time")
    assert "my answer by Tuesday 1 December" in time
    news = ok(db_path, "message", acme, "references")
    assert news.startswith("Thank you, and news from Acme")
    assert "offered me the job" in news


def test_a_rejection_offers_a_gracious_reply(db_path: Path, acme: str):
    ok(db_path, "outcome", acme, "rejected")
    reply = ok(db_path, "message", acme, "outcome")
    assert "feedback" in reply and "future roles at Acme" in reply
    wrong = call(db_path, "message", acme, "outcome", "--kind", "offer_accept")
    assert wrong.returncode == 1 and "does not fit" in wrong.stderr


def test_next_round_sets_up_the_interview_and_briefs_the_references_before_it(
        db_path: Path, acme: str):
    out = ok(db_path, "outcome", acme, "next-round", "--next-date", "2026-12-03")
    new_id = re.search(r"set up for 2026-12-03: (\w+)", out).group(1)
    assert "brief" not in ok(db_path, "today", "--on", "2026-11-30")
    due = ok(db_path, "today", "--on", "2026-12-01")
    assert re.search(rf"due\s+brief\s+Acme · Data Engineer\s+Pat Kim\s+{new_id}", due)
    heads_up = ok(db_path, "message", new_id, "references", "--on", "2026-12-01")
    assert "further round" in heads_up and "after meeting Dana Lee and Sam Ortiz" in heads_up
    refused_unchanged(db_path, "outcome", acme, "offer", "--next-date", "2026-12-03")


def test_an_outcome_in_the_future_is_refused(db_path: Path, acme: str):
    assert "in the future" in refused_unchanged(db_path, "outcome", acme, "offer",
                                                "--on", "2026-11-30")


# --- 2 and 7. message -----------------------------------------------------------------------------


def test_a_message_with_a_gap_exits_3_unless_allowed(db_path: Path, acme: str):
    gap = call(db_path, "message", acme, "thank", "--person", "Sam")
    assert gap.returncode == cli.EXIT_INCOMPLETE
    assert "<<topic>>" in gap.stdout  # the text still comes out
    assert "still empty in this message: topic" in gap.stderr
    assert "--allow-incomplete" in gap.stderr
    allowed = call(db_path, "message", acme, "thank", "--person", "Sam", "--allow-incomplete")
    assert allowed.returncode == 0 and allowed.stdout == gap.stdout


def test_message_on_a_day_drafts_it_as_of_then(db_path: Path, acme: str):
    # The interview was Mon 23 Nov.
    assert "speaking with me yesterday" in ok(db_path, "message", acme, "thank", "--person",
                                              "Dana", "--on", "2026-11-24")
    assert "speaking with me on Monday" in ok(db_path, "message", acme, "thank", "--person",
                                              "Dana")


def test_message_mailto_prints_an_rfc_6068_link(db_path: Path, acme: str):
    url = ok(db_path, "message", acme, "thank", "--person", "Dana", "--mailto").strip()
    assert url.startswith("mailto:dana@acme.example?subject=Thank%20you%20for%20the%20Data")
    body = unquote(url.split("&body=", 1)[1])
    assert body.startswith("Dear Dana,\r\n\r\n") and "\n" not in body.replace("\r\n", "")
    nobody = call(db_path, "message", acme, "thank", "--person", "Sam", "--mailto",
                  "--allow-incomplete")
    assert nobody.returncode == 0 and nobody.stdout.startswith("mailto:?subject=")
    assert "no email is known for Sam Ortiz" in nobody.stderr
    card = call(db_path, "message", acme, "thank", "--person", "Dana", "--kind", "thank_card",
                "--mailto")
    assert card.returncode == 1 and "not an email" in card.stderr


def test_message_on_a_fresh_home_creates_nothing(tmp_path: Path):
    home = tmp_path / "home"
    done = call(home / "data" / "followup.json", "message", "abc", "thank")
    assert done.returncode == 1 and "no interviews yet" in done.stderr
    assert not home.exists()


def test_the_heads_up_reads_well_without_an_office_phone(db_path: Path, acme: str):
    heads_up = ok(db_path, "message", acme, "references")
    assert "<<" not in heads_up
    assert "from a number you won't recognise" in heads_up
    assert "They may ask about streaming pipelines" in heads_up
    assert heads_up.endswith("Alex Morgan\n+1 412 555 0199\nalex@example.com\n")


def test_every_option_has_help_text():
    parser = cli.build_parser()
    missing = []

    def walk(p: argparse.ArgumentParser, where: str) -> None:
        for action in p._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    walk(sub, f"{where} {name}")
            elif not isinstance(action, argparse._HelpAction) and not action.help:
                missing.append(f"{where} {'/'.join(action.option_strings) or action.dest}")

    walk(parser, "followup")
    assert missing == []


def test_list_aligns_every_row(db_path: Path, acme: str):
    ok(db_path, "add", "--company", "Globex", "--role", "Designer", "--date", "2026-12-01",
       "--interviewer", "Hank")
    ok(db_path, "outcome", acme, "no-answer")
    rows = ok(db_path, "list").splitlines()
    assert len(rows) == 2
    starts = {row.index(c) for row in rows for c in ("Acme", "Globex") if c in row}
    assert len(starts) == 1, rows
