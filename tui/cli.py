"""The `followup` command: the full-screen app, and subcommands for the shell.

Only the app itself imports textual; the subcommands load `store` alone so
that `followup today` in a login shell or cron job starts quickly.
"""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import gc
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from store import __version__, dates, locations
from store.dates import DATE_HELP, DateError, parse_date, parse_time
from store.models import Format, Outcome, Step, ThankChannel
from store.text import clean, one_line

TYPE_CHECKING = False  # (typing itself is not loaded to run: `followup today` starts without it)
if TYPE_CHECKING:
    from typing import Any, NoReturn, TextIO

PASSWORD_ENV = "FOLLOWUP_CALDAV_PASSWORD"  # store.sync.PASSWORD_ENV, without importing it

STEP_NAMES = {"thank": Step.THANK, "thanks": Step.THANK, "references": Step.REFERENCES,
              "reference": Step.REFERENCES, "refs": Step.REFERENCES,
              "follow_up": Step.FOLLOW_UP, "follow-up": Step.FOLLOW_UP,
              "followup": Step.FOLLOW_UP, "outcome": Step.OUTCOME}

# How the command line names an outcome.
OUTCOME_NAMES = {"offer": Outcome.OFFER, "rejected": Outcome.REJECTED,
                 "withdrawn": Outcome.WITHDRAWN, "next-round": Outcome.SECOND_INTERVIEW,
                 "no-answer": Outcome.NO_ANSWER, "open": Outcome.OPEN}

ID_HELP = "the interview's id, as `followup list` shows it (its first letters will do)"

# `followup message` exits with this when the message still has empty fields.
EXIT_INCOMPLETE = 3


def to_json(value: Any) -> str:
    """`store.export.to_json`, loaded when a command writes JSON (the app never does)."""
    from store.export import to_json

    return to_json(value)


def to_csv(*args: Any) -> str:
    """`store.export.to_csv`, loaded when `followup export --format csv` runs."""
    from store.export import to_csv

    return to_csv(*args)


class CliError(Exception):
    """A problem to report on one line of stderr, exiting non-zero."""


def _today() -> dt.date:
    return dates.today()


def _date_arg(text: str) -> dt.date:
    try:
        return parse_date(text, _today())
    except DateError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _time_arg(text: str) -> dt.time:
    try:
        return parse_time(text)
    except DateError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _person_arg(text: str) -> tuple[str, str]:
    from store.contacts import ContactError, parse_person

    try:
        return parse_person(text)
    except ContactError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _topic_arg(text: str) -> tuple[str, str]:
    name, sep, topic = text.partition(":")
    if not sep or not name.strip() or not topic.strip():
        raise argparse.ArgumentTypeError(
            f'{text!r}: write a topic as "NAME: what you talked about"')
    return name.strip(), topic.strip()


def _named(names: list[str], name: str, what: str) -> int:
    """Which of `names` `name` means (full or first name, any case)."""
    wanted = " ".join(name.split()).casefold()
    for n, full in enumerate(names):
        if " ".join(full.split()).casefold() == wanted:
            return n
    firsts = [n for n, full in enumerate(names)
              if full.split() and full.split()[0].casefold() == wanted]
    if len(firsts) == 1:
        return firsts[0]
    listed = ", ".join(names) or "none"
    _fail(f"{what} {name!r} is not one of the interviewers given with --interviewer "
          f"({listed})")


def _step_arg(text: str) -> Step:
    try:
        return STEP_NAMES[text.strip().lower()]
    except KeyError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a step: use thank, references, follow_up or outcome") from None


def _round_arg(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 99:
        raise argparse.ArgumentTypeError(f"{text!r} is not a round: use a number from 1 to 99")
    return value


class _Parser(argparse.ArgumentParser):
    """Reports a usage mistake on one line, with where to read more."""

    def error(self, message: str) -> NoReturn:
        # argparse quotes what was typed ("unrecognized arguments: ..."): keep any
        # escape sequence in it from reaching the terminal.
        self.exit(2, f"{self.prog}: error: {_one_line(message)} (see `{self.prog} --help`)\n")


# `build_parser(APP)`: the parser of a command line that only opens the app.
APP = ""


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; with `only`, with that command's parser alone:
    parsing `followup today` in a cron job need not build fifteen others. With APP, the
    app's options alone."""
    parser = _Parser(
        prog="followup",
        description=(
            "After the interview: thank each interviewer, brief your references, follow up "
            "at the right time. With no command, opens the full-screen app."),
        # Shown by `followup --help` alone (and finding the default folder takes a
        # library of its own).
        epilog=(f"Dates may be written as {DATE_HELP}. The data file is --db, else "
                f"${locations.ENV_DB}, else {locations.data_path(environ={})}."
                if only is None else None),
    )
    parser.add_argument("--db", metavar="PATH", help="the data file to use")
    parser.add_argument("--version", action="version", version=f"followup {__version__}")
    parser.add_argument("--demo", action="store_true",
                        help="open the app on a throwaway copy of sample data (your own "
                             "file is not touched)")
    if only == APP:
        # Opening the app: its options alone (the fifteen commands' parsers take longer
        # to build than the app's first frame takes to draw its rows).
        parser.set_defaults(command=None)
        return parser
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(name: str, **kwargs: Any) -> Any:
        # One command's run builds that command's parser alone: each parser made costs
        # argparse's look for translations of its texts, on disk.
        return sub.add_parser(name, **kwargs) if only in (None, name) else None

    add = command("add", help="add an interview; prints its id",
                  description="Add an interview and print its id.")
    if only in (None, "add"):
        add.add_argument("--company", required=True, help="the company you interviewed with")
        add.add_argument("--role", required=True, help="the role you interviewed for")
        add.add_argument("--date", required=True, type=_date_arg, help="the interview date")
        add.add_argument("--time", type=_time_arg, help="the interview's time, HH:MM")
        add.add_argument("--format", choices=[f.value for f in Format], default=Format.VIDEO.value,
                         help="how the interview was held (default: video)")
        add.add_argument("--round", type=_round_arg, default=1, help="1 for a first interview")
        add.add_argument("--interviewer", action="append", default=[], type=_person_arg,
                         metavar='"NAME <EMAIL>"',
                         help="someone who interviewed you (repeat for each; the first is taken "
                              "as the hiring manager)")
        add.add_argument("--topic", action="append", default=[], type=_topic_arg,
                         metavar='"NAME: TOPIC"',
                         help='what you talked about with one interviewer, e.g. "Dana: their '
                              'Kafka migration" (repeat for each); every thank-you needs one')
        add.add_argument("--hiring-manager", metavar="NAME",
                         help="which interviewer is the hiring manager (default: the first)")
        add.add_argument("--reference", action="append", default=[], type=_person_arg,
                         metavar='"NAME <EMAIL>"',
                         help="a reference to brief (repeat for each; a name already in your "
                              "reference book is reused)")
        add.add_argument("--decision-by", type=_date_arg,
                         help="the date they said they would decide by")
        add.add_argument("--office-phone", default="",
                         help="the number your references should expect a call from")
        add.add_argument("--notes", default="",
                         help='your notes, e.g. "talked about their Kafka migration"')
        add.add_argument("--key-points", default="",
                         help="what the job is mostly about; your references' heads-up says "
                              "they may ask about it")

    lst = command("list", help="list interviews with their ids and status")
    if only in (None, "list"):
        lst.add_argument("--json", action="store_true", help="machine-readable output")

    today = command("today", help="what is due or late today",
                    description="Print every action that is due or late.")
    if only in (None, "today"):
        today.add_argument("--on", type=_date_arg, help="show the agenda for another day")
        today.add_argument("--json", action="store_true", help="machine-readable output")
        today.add_argument("-q", "--quiet", action="store_true",
                           help="print nothing when nothing is due (for cron, which mails "
                                "whatever a job prints)")

    done = command("done", help="mark an action done",
                   description="Mark one action done (thanked, told, followed up).")
    if only in (None, "done"):
        done.add_argument("interview_id", metavar="INTERVIEW_ID", help=ID_HELP)
        done.add_argument("step", type=_step_arg, metavar="STEP",
                          help="thank, references or follow_up")
        done.add_argument("--person", help="the interviewer or reference (name or first name)")
        done.add_argument("--on", type=_date_arg, help="when it was done (default: today)")
        done.add_argument("--via", choices=[c.value for c in ThankChannel],
                          help="how it went: email, card or call for a thank-you, email or call "
                               "for a follow-up (default: as the message, else email)")
        done.add_argument("--force", action="store_true",
                          help="log a follow-up even before the date they said they would "
                               "decide by")
        done.add_argument("--kind", help="the message it was done with, as for `message --kind` "
                                         "(reference_heads_up before the outcome, "
                                         "reference_thanks after it)")

    undo = command("undo", help="undo marking an action done")
    if only in (None, "undo"):
        undo.add_argument("interview_id", metavar="INTERVIEW_ID", help=ID_HELP)
        undo.add_argument("step", type=_step_arg, metavar="STEP",
                          help="thank, references or follow_up")
        undo.add_argument("--person", help="the interviewer or reference (name or first name)")
        undo.add_argument("--kind", help="the message it was done with, as for `done --kind`")

    msg = command("message", help="print an action's ready-made message",
                  description="Print the ready-made message for an action: an email's "
                              "subject on the first line, a blank line, then the body. "
                              f"Exits {EXIT_INCOMPLETE} when a field is still empty "
                              "(the text is printed all the same).")
    if only in (None, "message"):
        msg.add_argument("interview_id", metavar="INTERVIEW_ID", help=ID_HELP)
        msg.add_argument("step", type=_step_arg, metavar="STEP",
                         help="thank, references, follow_up, or outcome (the answer to an offer "
                              "or a rejection)")
        msg.add_argument("--person", help="the interviewer or reference (name or first name)")
        msg.add_argument("--kind", help="another message for the step: thank_card, "
                                        "follow_up_call, second_follow_up_email, reference_thanks, "
                                        "offer_time")
        msg.add_argument("--tone", help="warm or formal; for references also linkedin or text "
                                        "(default: warm, or the reference's preferred channel)")
        msg.add_argument("--on", type=_date_arg,
                         help="draft it as of another day (default: today)")
        msg.add_argument("--allow-incomplete", action="store_true",
                         help=f"exit 0 even when a field is still empty (not {EXIT_INCOMPLETE})")
        msg.add_argument("--mailto", action="store_true",
                         help="print a mailto: link instead, for your mail program: To, Subject "
                              "and Body filled in (RFC 6068)")

    reply = command(
        "reply", help="note that the employer answered (\"we'll know next week\")",
        description="Note a reply from the employer. A new decision date replaces the old "
                    "one and the follow-up waits for the business day after it; without "
                    "one, the wait starts again from the reply. The follow-ups are counted "
                    "again from the reply.")
    if only in (None, "reply"):
        reply.add_argument("interview_id", metavar="INTERVIEW_ID", help=ID_HELP)
        reply.add_argument("--on", type=_date_arg, help="the day of the reply (default: today)")
        reply.add_argument("--decision-by", type=_date_arg,
                           help="the new date they said they would decide by")
        reply.add_argument("--note", default="", help="what they said, in a few words")

    outcome = command(
        "outcome", help="record how it ended: offer, rejected, withdrawn or next-round",
        description="Record the outcome. Nothing more is due for the interview; the "
                    "messages that fit are offered instead (`followup message ID outcome`, "
                    "and each reference's thank-you with the news).")
    if only in (None, "outcome"):
        outcome.add_argument("interview_id", metavar="INTERVIEW_ID", help=ID_HELP)
        outcome.add_argument("outcome", choices=list(OUTCOME_NAMES), metavar="OUTCOME",
                             help="offer, rejected, withdrawn, next-round, no-answer, or open "
                                  "to take it back")
        outcome.add_argument("--on", type=_date_arg,
                             help="the day you heard (default: today)")
        outcome.add_argument("--next-date", type=_date_arg,
                             help="with next-round: the day of the next interview, to set it up "
                                  "(same people; the references are briefed before it)")

    exp = command(
        "export", help="write all data to stdout (or --output)",
        description="Write all data to stdout (or --output). JSON keeps every text exactly, "
                    "control characters written as \\u escapes. CSV shows them as ␛ or �, and "
                    "puts an apostrophe before a cell starting with = + - @ (or a tab), which "
                    "a spreadsheet would otherwise run as a formula.")
    if only in (None, "export"):
        exp.add_argument("--format", choices=["json", "csv"], default="json",
                         help="json (everything, for import) or csv (one row per interview)")
        exp.add_argument("--output", metavar="PATH", help="write to this file (created 0600)")

    imp = command("import", help="add the records of a JSON export")
    if only in (None, "import"):
        imp.add_argument("file", metavar="FILE", help="a file written by `followup export`")

    ics = command("ics", help="write due and upcoming actions as a calendar file",
                  description="Write an iCalendar file (one to-do per action) of what "
                              "is due, late, or coming due. Re-importing updates the "
                              "same to-dos instead of adding copies.")
    if only in (None, "ics"):
        ics.add_argument("--days", type=int, default=14,
                         help="how many days ahead to include (default 14)")
        ics.add_argument("--output", metavar="PATH",
                         help="write to this file (created readable only by you) instead of stdout")

    sync = command(
        "sync", help="two-way sync of the due actions with your CalDAV calendar",
        description="Send every open action to your own CalDAV calendar (Nextcloud, Fastmail, "
                    "iCloud, Radicale, ...) as a to-do with its ready-made message, and bring "
                    "back the ones ticked there. The first time, give --url, --username and "
                    "--password-command; they are kept (not the password) for plain "
                    f"`followup sync`. Without --password-command, ${PASSWORD_ENV} is read.")
    if only in (None, "sync"):
        sync.add_argument("--url", help="the server (its root is enough, e.g. "
                                        "https://cloud.example.org/remote.php/dav)")
        sync.add_argument("--username", metavar="USER", help="your user name on that server")
        sync.add_argument("--password-command", metavar="CMD",
                          help="a command that prints the password, e.g. 'pass show dav'")
        sync.add_argument("--calendar", metavar="NAME",
                          help="the calendar to use, created when missing (default: followup)")
        sync.add_argument("--dry-run", action="store_true",
                          help="list what would be sent and taken, change nothing")

    command("restore", help="put back the previous version of the data file",
            description="Replace the data file with its backup (the version before the "
                        "last change). The replaced file is kept beside it.")

    st = command("settings", help="show or change your name, signature and timing")
    if only in (None, "settings"):
        st.add_argument("--name", help="your name, for the messages")
        st.add_argument("--signature",
                        help="your sign-off (default: your name, phone and email)")
        st.add_argument("--phone", help="your phone number")
        st.add_argument("--email", help="your email address")
        st.add_argument("--wait", type=int, dest="follow_up_wait",
                        help="business days to wait before following up")
        st.add_argument("--gap", type=int, dest="follow_up_gap",
                        help="business days between follow-ups")
        st.add_argument("--max", type=int, dest="max_follow_ups",
                        help="follow-ups before moving on")

    tpl = command(
        "templates", help="list, show or edit the wording of the messages",
        description="Every message can be reworded: your own file in the config folder "
                    f"(${locations.ENV_CONFIG}, else {locations.config_dir(environ={})}) "
                    "replaces the built-in text. With no action, lists them all."
                    if only in (None, "templates") else None)
    if only in (None, "templates"):
        tpl_sub = tpl.add_subparsers(dest="templates_action", metavar="ACTION",
                                     parser_class=_Parser)
        tpl_sub.add_parser("list",
                           help="every message, its file, and whether it is yours (default)")
        tpl_sub.add_parser("fields", help="the $placeholders a template can use")
        for action, what in (("show", "print a template's text (yours if you have one)"),
                             ("edit", "open a template in $VISUAL or $EDITOR, copying the "
                                      "built-in text first")):
            one = tpl_sub.add_parser(action, help=what,
                                     description=what[0].upper() + what[1:] + ".")
            one.add_argument("name", metavar="NAME",
                             help="a message, e.g. thank_email or thank_email.formal")
            one.add_argument("--tone", help="warm (the default) or formal; for the reference "
                                            "messages also linkedin or text")
            if action == "show":
                one.add_argument("--builtin", action="store_true",
                                 help="the built-in text even if you have your own")
    return parser


# --- helpers ------------------------------------------------------------------


def _fail(message: str) -> NoReturn:
    raise CliError(message)


def _open(args: argparse.Namespace, create: bool = True, check: bool = True) -> Any:
    from store.repository import Repository

    return Repository(locations.data_path(args.db), create=create, check=check)


def _use_colour(stream: TextIO) -> bool:
    return stream.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def _paint(text: str, code: str, colour: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if colour else text


def safe(text: str) -> str:
    """Data text made harmless for a terminal (newlines and tabs kept): the one cleaner."""
    return clean(text, multiline=True)


def _one_line(text: str) -> str:
    return one_line(text)


def _resolve_person(repo: Any, interview: Any, step: Step, name: str | None) -> str | None:
    """The id of the interviewer or reference meant by `name` for this step."""
    if step is Step.FOLLOW_UP:
        return None
    if step is Step.THANK:
        people = interview.interviewers
        if name:
            return repo.interviewer_named(interview, name).id
        if len(people) == 1:
            return people[0].id
        if not people:
            _fail(f"{interview.company} has no interviewers; add one in the app first")
        names = ", ".join(p.name for p in people)
        _fail(f"say which interviewer with --person (one of: {names})")
    uses = interview.references
    if name:
        return repo.reference_for(interview, name).id
    if len(uses) == 1:
        return uses[0].reference_id
    if not uses:
        _fail(f"{interview.company} lists no references")
    book = repo.book()
    names = ", ".join(book[u.reference_id].name for u in uses if u.reference_id in book)
    _fail(f"say which reference with --person (one of: {names})")


# --- commands -------------------------------------------------------------------


def cmd_add(args: argparse.Namespace, out: TextIO) -> int:
    interviewers: list[dict[str, Any]] = [{"name": n, "email": e} for n, e in args.interviewer]
    names = [person["name"] for person in interviewers]
    for name, topic in args.topic:
        interviewers[_named(names, name, "--topic")]["topic"] = topic
    if args.hiring_manager:
        chosen = _named(names, args.hiring_manager, "--hiring-manager")
        for n, person in enumerate(interviewers):
            person["hiring_manager"] = n == chosen
    repo = _open(args)
    # Check everything before the references go into the book: a refused interview
    # must not leave its references behind.
    repo.check_interview(args.company, args.role, args.date, round=args.round,
                         decision_by=args.decision_by, office_phone=args.office_phone,
                         notes=args.notes, interviewers=interviewers,
                         key_points=args.key_points)
    for name, email in args.reference:
        repo.check_reference(name, email=email)
    # One save for the interview and its references: a failed save leaves neither.
    interview = repo.add_interview(
        args.company, args.role, args.date, time=args.time, format=Format(args.format),
        round=args.round, decision_by=args.decision_by, office_phone=args.office_phone,
        notes=args.notes, key_points=args.key_points, interviewers=interviewers,
        new_references=[(name, {"email": email}) for name, email in args.reference])
    print(interview.id, file=out)
    return 0


def cmd_list(args: argparse.Namespace, out: TextIO) -> int:
    from store.schedule import badge

    repo = _open(args)
    settings, book, today = repo.settings(), repo.book(), _today()
    rows = [(badge(i, settings, book, today), i) for i in repo.interviews()]
    rows.sort(key=lambda pair: pair[0].sort_key)
    if args.json:
        out.write(to_json([{"id": i.id, "company": i.company, "role": i.role,
                            "date": i.date.isoformat(), "outcome": i.outcome.value,
                            "status": b.kind, "status_text": b.text} for b, i in rows]))
        return 0
    if not rows:
        print("No interviews yet. Add one with `followup add` or in the app (`followup`).",
              file=out)
        return 0
    # Every row aligned, whatever the length of an id (an imported one) or a status.
    id_w = max(len(_one_line(i.id)) for _, i in rows)
    status_w = max(len(b.text) for b, _ in rows)
    for b, i in rows:
        print(f"{_one_line(i.id):<{id_w}}  {i.date.isoformat()}  {b.text:<{status_w}}  "
              f"{_one_line(i.company)} · {_one_line(i.role)}", file=out)
    return 0


def cmd_today(args: argparse.Namespace, out: TextIO) -> int:
    # Tens of thousands of summaries and actions, all kept until the command ends: the
    # cyclic garbage collector would go through them again and again and free nothing
    # (at ten thousand interviews, about half the command's time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _agenda_today(args, out)
    finally:
        # (Not when the process ends right after, as `run` ends it: running again, the
        # collector would go through all of them once more, for nothing.)
        if collecting and not _left:
            gc.enable()


def _agenda_today(args: argparse.Namespace, out: TextIO) -> int:
    from store.dates import format_day
    from store.schedule import ActionState, describe_next

    day = args.on or _today()
    path = locations.resolve_link(locations.data_path(args.db))
    if not path.exists() and not locations.backup_path(path).exists():
        # A login shell or cron job asking before followup was ever used: say so,
        # and leave no data folder behind.
        if args.json:
            out.write("[]\n")
        elif not args.quiet:
            print(f"followup · {format_day(day, with_year=True)}: no interviews yet. Add one "
                  "with `followup add` or in the app (`followup`).", file=out)
        return 0
    # From what the summary index keeps of each open interview for the agenda, when it
    # matches the file: no interview is read, no summary decoded. Else from the
    # interviews' summaries, read by the repository (the same rows).
    from store.overview import day_agenda, overview

    seen = day_agenda(path, day) or overview(path, day).day_agenda(day)
    spans = seen.spans
    if args.json:
        late_state = ActionState.LATE
        out.write(to_json([{
            "interview_id": entry[0], "company": entry[1], "role": entry[2],
            "step": step.value, "person": names[n], "person_id": ids[n],
            "due_on": due_on.isoformat(), "late": state is late_state, "reason": reason,
        } for state, step, entry, ids, names, due_on, _, reason in spans
            for n in range(len(ids))]))
        if _left is not None:
            _left.append(seen)
        return 0
    head = f"followup · {format_day(day, with_year=True)}"
    if not spans:
        if args.quiet:
            return 0
        upcoming = overview(path, day).next_action(day)
        nxt = f" Next: {_one_line(describe_next(upcoming))}." if upcoming else ""
        print(f"{head}: nothing due.{nxt}", file=out)
        return 0
    late = seen.late
    counts = f"{late} late, {seen.due} due" if late else f"{seen.due} due"
    print(f"{head}: {counts}", file=out)
    _write_agenda(spans, _use_colour(out), out, seen.entries)
    if _left is not None:
        _left.append(seen)
    return 0


def _write_agenda(spans: list[Any], colour: bool, out: TextIO, entries: list[Any]) -> None:
    """Write `followup today`'s lines for the day's agenda (`store.schedule.agenda_spans`)
    to `out`, aligned in columns: the state, the step, the interview, the person and
    its id. `entries` are the agenda entries of the interviews on it, each once
    (`DayAgenda.entries`)."""
    from itertools import chain, repeat
    from operator import itemgetter

    from store.schedule import ROW_STEPS, ActionState
    from store.text import one_lines

    first = itemgetter(0)
    # Each interview's and each person's text is cleaned and padded once (the sets of
    # them gathered in C: there can be tens of thousands).
    by_id = dict(zip(map(first, entries), entries, strict=True))
    if len(by_id) != len(entries):
        # (Backwards: of interviews sharing an id, the first one's text, as the lines say.)
        entries = list(map(itemgetter(2), reversed(spans)))
        by_id = dict(zip(map(first, entries), entries, strict=True))
        entries = list(by_id.values())
    wheres = list(map(" · ".join, zip(one_lines(list(map(itemgetter(1), entries))),
                                      one_lines(list(map(itemgetter(2), entries))),
                                      strict=True)))
    if max(map(len, wheres)) > 40:
        wheres = [_clip(where, 40) for where in wheres]
    places = dict(zip(by_id, zip(map(str.ljust, wheres, repeat(max(map(len, wheres)) + 2)),
                                 one_lines(list(by_id)), strict=True), strict=True))
    people = list(set(chain.from_iterable(map(itemgetter(4), spans))))
    shown = one_lines([person or "" for person in people])
    if max(map(len, shown)) > 24:
        shown = [_clip(name, 24) for name in shown]
    names = dict(zip(people, map(str.ljust, shown, repeat(max(map(len, shown)) + 2)),
                     strict=True))
    labels = {Step.THANK: "thank", Step.REFERENCES: "brief", Step.FOLLOW_UP: "follow up"}
    late, thank, brief = ActionState.LATE, Step.THANK, Step.REFERENCES
    late_tag, due_tag = _paint("LATE", "1;31", colour), _paint("due ", "33", colour)
    # The start of a line by lateness and step.
    late_starts, due_starts = ([f"  {tag}  {labels[step]:<9}  " for step in ROW_STEPS]
                               for tag in (late_tag, due_tag))
    named = names.__getitem__
    # Written some hundred spans at a time: twenty thousand lines printed one by one
    # take longer than the rest, and all at once take memory that is slow to come by.
    chunk: list[str] = []
    add = chunk.append
    for begin in range(0, len(spans), 700):
        for state, step, entry, _, persons, _, _, _ in spans[begin:begin + 700]:
            start = (late_starts if state is late else due_starts)[
                0 if step is thank else 1 if step is brief else 2]
            where, shown_id = places[entry[0]]
            if not shown_id:  # (no id to end its lines: then no padding either)
                for person in persons:
                    add(f"{start}{where}{names[person]}".rstrip())
            elif len(persons) == 1:
                add(f"{start}{where}{names[persons[0]]}{shown_id}")
            elif len(persons) == 2:  # (the span's lines at once)
                one, two = persons
                add(f"{start}{where}{names[one]}{shown_id}\n"
                    f"{start}{where}{names[two]}{shown_id}")
            elif len(persons) == 3:
                one, two, three = persons
                add(f"{start}{where}{names[one]}{shown_id}\n"
                    f"{start}{where}{names[two]}{shown_id}\n"
                    f"{start}{where}{names[three]}{shown_id}")
            else:
                head = start + where
                add(head + f"{shown_id}\n{head}".join(map(named, persons)) + shown_id)
        add("")
        out.write("\n".join(chunk))
        chunk.clear()


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def cmd_done(args: argparse.Namespace, out: TextIO) -> int:
    from store.dates import format_day
    from store.workflow import TooEarly, mark_done

    repo = _open(args)
    with repo.storage.transaction():
        interview = repo.find_interview(args.interview_id)
        person_id = _resolve_person(repo, interview, args.step, args.person)
        on = args.on or _today()
        try:
            done = mark_done(repo, interview.id, args.step, person_id, _today(), on=args.on,
                             kind=_kind_arg(args.kind), via=args.via, force=args.force)
        except TooEarly as early:
            _fail(f"{early}; nothing was logged (give --force to log it anyway)")
    print(f"{_one_line(done.interview.history[-1].what)} — {format_day(on)}.", file=out)
    return 0


def cmd_undo(args: argparse.Namespace, out: TextIO) -> int:
    from store.workflow import undo_done

    repo = _open(args)
    with repo.storage.transaction():
        interview = repo.find_interview(args.interview_id)
        person_id = _resolve_person(repo, interview, args.step, args.person)
        done = undo_done(repo, interview.id, args.step, person_id, kind=_kind_arg(args.kind))
    print(f"{_one_line(done.interview.history[-1].what)}.", file=out)
    return 0


def _kind_arg(text: str | None) -> str | None:
    return text.strip().lower() if text else None


def cmd_message(args: argparse.Namespace, out: TextIO) -> int:
    from store.dates import format_day
    from store.message_kinds import Tone
    from store.schedule import actions_for
    from store.workflow import Closed, ToneFrom, draft_for, mail_draft

    # Reading creates nothing: no data file, no backup, no folder.
    path = locations.resolve_link(locations.data_path(args.db))
    if not path.exists() and not locations.backup_path(path).exists():
        _fail(f"no interview {args.interview_id!r}: there are no interviews yet (add one with "
              "`followup add` or in the app)")
    repo = _open(args, create=False)
    interview = repo.find_interview(args.interview_id)
    settings, book, today = repo.settings(), repo.book(), args.on or _today()
    person_id = _resolve_person(repo, interview, args.step, args.person)
    try:
        draft = draft_for(interview, settings, book, today, args.step, person_id,
                          kind=_kind_arg(args.kind),
                          tone=args.tone.strip().lower() if args.tone else None)
    except Closed as closed:
        hint = (f" (`followup message {args.interview_id} outcome`)" if closed.offered
                and args.step is not Step.OUTCOME else "")
        _fail(f"{closed}{hint}")
    except ValueError as exc:
        _fail(str(exc))
    if draft is None:
        _fail(f"no such person for the {args.step.value} step")
    message = draft.message
    if draft.tone_from is ToneFrom.CHOSEN and message.tone is not Tone.WARM:
        print(f"note: the {message.tone} variant, as chosen in the app (--tone warm for the "
              "usual one)", file=sys.stderr)
    elif draft.tone_from is ToneFrom.CHANNEL:
        print(f"note: the {message.tone} variant, as {safe(draft.recipient)} prefers it "
              "(--tone warm for the email)", file=sys.stderr)
    if draft.edited is not None:
        saved = draft.edited.saved_at
        print(f"note: your own wording, saved {format_day(saved.date())} {saved:%H:%M} in the app "
              "(W there goes back to the template's text)", file=sys.stderr)
    for problem in message.problems:
        print(f"warning: {safe(str(problem))}", file=sys.stderr)
    for note in message.notes:
        # The gaps are named below and an early follow-up by the schedule's note.
        if note.code not in ("placeholders", "too_early"):
            print(f"{note.severity}: {safe(note.text)}", file=sys.stderr)
    for action in actions_for(interview, settings, book, today):
        if action.step is args.step and action.person_id == person_id:
            if not action.pending:
                print(f"note: {safe(action.reason)}", file=sys.stderr)
            break
    if message.missing:
        print(f"warning: still empty in this message: {', '.join(message.missing)} "
              f"(shown as {', '.join(message.markers)}); fill them in before sending"
              + ("" if args.allow_incomplete else
                 f" (exit status {EXIT_INCOMPLETE}; --allow-incomplete to accept it)"),
              file=sys.stderr)
    if args.mailto:
        try:
            mail = mail_draft(interview, book, args.step, person_id, draft)
        except ValueError as exc:
            _fail(str(exc))
        if mail.note:
            print(f"note: {safe(mail.note)}", file=sys.stderr)
        # Percent-encoded: nothing in it can reach the terminal as a control character.
        print(mail.url, file=out)
    else:
        # The names and company in it are the user's data: keep their control
        # characters from reaching the terminal.
        out.write(safe(message.text))
        if not message.text.endswith("\n"):
            out.write("\n")
    if message.missing and not args.allow_incomplete:
        return EXIT_INCOMPLETE
    return 0


def cmd_reply(args: argparse.Namespace, out: TextIO) -> int:
    from store.workflow import record_reply

    repo = _open(args)
    with repo.storage.transaction():
        interview = repo.find_interview(args.interview_id)
        noted = record_reply(repo, interview.id, _today(), on=args.on,
                             decision_by=args.decision_by, note=args.note)
    print(f"{_one_line(noted.text)}.", file=out)
    return 0


def cmd_outcome(args: argparse.Namespace, out: TextIO) -> int:
    from store.workflow import record_outcome

    outcome = OUTCOME_NAMES[args.outcome]
    if args.next_date and outcome is not Outcome.SECOND_INTERVIEW:
        _fail("--next-date goes with next-round: the day of the next interview")
    repo = _open(args)
    with repo.storage.transaction():
        interview = repo.find_interview(args.interview_id)
        if args.next_date:
            # Checked before anything is saved: a refused next round records nothing.
            if args.next_date < (args.on or _today()):
                _fail(f"the next interview ({args.next_date.isoformat()}) is before the "
                      "day you heard; check --next-date")
        noted = record_outcome(repo, interview.id, outcome, _today(), on=args.on)
        nxt = (repo.next_round(interview.id, args.next_date)
               if args.next_date else None)
    print(f"{_one_line(noted.text)}.", file=out)
    for n, kind in enumerate(noted.offered):
        chosen = f" --kind {kind.value}" if n else ""
        print(f"  {kind.label}: followup message {_one_line(interview.id)} outcome{chosen}",
              file=out)
    if nxt is not None:
        print(f"The {nxt.round_label} interview is set up for "
              f"{nxt.date.isoformat()}: {nxt.id}", file=out)
    elif outcome is Outcome.SECOND_INTERVIEW:
        print(f"Set up the next round with `followup outcome {_one_line(interview.id)} "
              "next-round --next-date DATE`, or in the app.", file=out)
    return 0


def _write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)


def _refuse_own_files(name: str, data_file: Path) -> None:
    """An output must not be the data file, its backup or its lock (or a link to one):
    writing there would truncate the user's data outside the lock."""
    path = locations.resolve_link(Path(name).expanduser())
    data_file = locations.resolve_link(data_file)
    own = (data_file, locations.backup_path(data_file), locations.lock_path(data_file))
    for mine in own:
        same = os.path.realpath(path) == os.path.realpath(mine)
        if not same and path.exists() and mine.exists():
            same = os.path.samefile(path, mine)
        if same:
            _fail(f"cannot write {name}: it is followup's data file or its backup or lock; "
                  "give another file name")


def _write_output(name: str, text: str, data_file: Path) -> None:
    """Write `text` to the file the user named (created 0600), or fail on one clear line."""
    _refuse_own_files(name, data_file)
    path = Path(name).expanduser()
    if path.is_dir():
        _fail(f"cannot write {name}: it is a folder; give a file name, such as "
              f"{path / 'followup.ics'}")
    if not path.parent.is_dir():
        _fail(f"cannot write {name}: the folder {path.parent} does not exist")
    try:
        _write_private(path, text)
    except OSError as exc:
        _fail(f"cannot write {name}: {exc.strerror or exc}")


def cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    repo = _open(args, create=False)
    if args.format == "csv":
        text = to_csv(repo.interviews(), repo.book())
    else:
        text = to_json(repo.export_data())
    if args.output:
        _write_output(args.output, text, repo.path)
        print(f"Wrote {args.output} (readable only by you).", file=sys.stderr)
    else:
        out.write(text)
    return 0


# Far above any real export (ten thousand interviews are about 10 MB).
MAX_IMPORT_BYTES = 200 << 20


def cmd_import(args: argparse.Namespace, out: TextIO) -> int:
    from store.storage import NotRegular, open_regular

    try:
        with os.fdopen(open_regular(Path(args.file)), "rb") as handle:
            raw = handle.read(MAX_IMPORT_BYTES + 1).decode("utf-8")
    except NotRegular:
        _fail(f"cannot read {args.file}: it is not a regular file (a pipe or a device); "
              "save the export to a file first")
    except OSError as exc:
        _fail(f"cannot read {args.file}: {exc.strerror}")
    except UnicodeDecodeError:
        _fail(f"{args.file} is not a text file")
    except ValueError:  # a NUL in the name: only possible when called from Python
        _fail(f"{args.file!r} is not a file name")
    if len(raw) > MAX_IMPORT_BYTES:
        _fail(f"{args.file} is over {MAX_IMPORT_BYTES >> 20} MB: that is not a followup "
              "export")
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        _fail(f"{args.file} is not JSON (line {exc.lineno}: {exc.msg}); "
              "import reads what `followup export` writes")
    except RecursionError:
        _fail(f"{args.file} is nested too deeply to be a followup export; nothing was "
              "imported")
    except ValueError as exc:  # a number over Python's 4,300-digit limit
        _fail(f"{args.file} cannot be read as JSON ({exc}); nothing was imported")
    repo = _open(args)
    summary = repo.import_data(data)
    print(f"Imported {summary.interviews_added} interviews and {summary.references_added} "
          f"references; skipped {summary.interviews_skipped} already here.", file=out)
    return 0


def cmd_restore(args: argparse.Namespace, out: TextIO) -> int:
    import tempfile

    from store.storage import DataFileError, parse_file, take_lock

    path = locations.resolve_link(locations.data_path(args.db))
    backup = locations.backup_path(path)
    if not backup.exists():
        _fail(f"there is no backup to restore ({backup} does not exist)")
    try:
        # Under the data file's lock, so that no save (a running app, another command)
        # happens halfway through; and by renames, so the data file is never missing.
        lock = os.open(locations.lock_path(path), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            take_lock(lock, path)
            fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                            dir=path.parent)
            tmp = Path(tmp_name)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(backup.read_bytes())
                    handle.flush()
                    os.fsync(handle.fileno())
                try:
                    parse_file(tmp)
                except DataFileError as exc:
                    _fail(f"the backup {backup} is not usable either: {exc.problem}")
                kept = None
                if path.exists():
                    kept = _keep_replaced(path)
                # Copy rather than rename the backup, so that it stays available.
                os.replace(tmp, path)
            finally:
                tmp.unlink(missing_ok=True)
        finally:
            os.close(lock)
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            reason = "the disk is full: free some space and run it again"
        elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            reason = f"{path.parent} is not writable: make it writable for you and run it again"
        else:
            reason = f"{exc.strerror or exc}"
        _fail(f"cannot restore {path}: {reason}. Nothing was changed")
    extra = f" The replaced file is kept as {kept}." if kept else ""
    print(f"Restored {path} from {backup}.{extra}", file=out)
    return 0


def _keep_replaced(path: Path) -> Path:
    """Keep `path` under a name of its own (never over an earlier kept file)."""
    stamp = dates.now().strftime("%Y%m%d-%H%M%S")
    for n in range(1000):
        kept = path.with_name(f"{path.name}.replaced-{stamp}" + (f"-{n}" if n else ""))
        try:
            os.link(path, kept)
            return kept
        except FileExistsError:
            continue
        except OSError:
            import shutil

            if kept.exists():
                continue
            shutil.copy2(path, kept)
            return kept
    _fail(f"too many replaced copies of {path} kept today; move some aside")


def cmd_settings(args: argparse.Namespace, out: TextIO) -> int:
    repo = _open(args)
    fields = {k: getattr(args, k) for k in ("name", "signature", "phone", "email",
                                              "follow_up_wait", "follow_up_gap",
                                              "max_follow_ups")
              if getattr(args, k) is not None}
    settings = repo.update_settings(**fields) if fields else repo.settings()
    for key in ("name", "signature", "phone", "email", "follow_up_wait", "follow_up_gap",
                "max_follow_ups"):
        value = getattr(settings, key)
        print(f"{key.replace('_', ' ')}: {safe(str(value)) if value != '' else '(not set)'}",
              file=out)
    return 0


def cmd_ics(args: argparse.Namespace, out: TextIO) -> int:
    from store.calendar import to_ics

    if not 0 <= args.days <= 366:
        _fail(f"--days {args.days}: use a number of days from 0 to 366")
    repo = _open(args)
    text = to_ics(repo.interviews(), repo.settings(), repo.book(), _today(), days=args.days)
    if args.output:
        _write_output(args.output, text, repo.path)
        print(f"Wrote {args.output} (readable only by you).", file=sys.stderr)
    else:
        out.write(text)
    return 0


def sync_settings(args: argparse.Namespace) -> Any:
    """The sync settings: the saved ones with what the command line changes."""
    from store.sync import DEFAULT_CALENDAR, SyncSettings, load_settings

    saved = load_settings(locations.config_dir())
    given = {"url": args.url, "username": args.username, "calendar": args.calendar,
             "password_command": args.password_command}
    if saved is None:
        if not args.url or args.username is None:
            _fail("sync is not set up yet: run `followup sync --url URL --username USER "
                  "--password-command CMD` once (see \"Reminders on your phone\" in the "
                  "README)")
        return SyncSettings(args.url, args.username, args.calendar or DEFAULT_CALENDAR,
                            args.password_command or "")
    return SyncSettings(**{key: value if value is not None else getattr(saved, key)
                           for key, value in given.items()})


def cmd_sync(args: argparse.Namespace, out: TextIO) -> int:
    from store.sync import SyncError, password, save_settings
    from store.sync_run import run_sync

    try:
        settings = sync_settings(args)
        secret = password(settings)
        repo = _open(args)
        report = run_sync(repo, settings, secret, _today(), dry_run=args.dry_run,
                          on_connected=lambda: save_settings(locations.config_dir(), settings))
    except SyncError as exc:
        _fail(f"sync failed: {exc}. Nothing was changed here")
    if args.dry_run:
        for line in report.plan_lines:
            print(_one_line(line), file=out)
        print(f"{len(report.plan_lines) or 'Nothing'} to do; nothing was sent or changed "
              "(dry run).", file=out)
        return 0
    print(f"Synced with the calendar {_one_line(settings.calendar)!r}: "
          f"{report.describe()}.", file=out)
    return 0


def cmd_templates(args: argparse.Namespace, out: TextIO) -> int:
    import shlex
    import shutil
    import subprocess

    from store import templates
    from store.messages import FIELDS, builtin_template, resolve_tone

    action = args.templates_action or "list"
    if action == "fields":
        width = max(map(len, FIELDS)) + 1
        print("Placeholders a template can use (write $$ for a dollar sign):", file=out)
        for name, description in FIELDS.items():
            print(f"  ${name:<{width}} {description}", file=out)
        return 0
    if action == "list":
        entries = templates.list_templates()
        width = max(len(e.name) for e in entries)
        print(f"Your own templates go in {templates.user_templates_dir()}", file=out)
        for entry in entries:
            state = "yours   " if entry.overridden else "built-in"
            print(f"  {entry.name:<{width}}  {state}  {safe(str(entry.path))}", file=out)
            if entry.overridden:
                for problem in templates.load_template(entry.kind, entry.tone).problems:
                    print(f"      ! {safe(str(problem))}", file=out)
        for stray in templates.stray_files():
            print(f"  ? {safe(stray.name)} is not used: no message has that name", file=out)
        print("Change one with `followup templates edit NAME`; the placeholders are listed by "
              "`followup templates fields`.", file=out)
        return 0
    try:
        kind, tone = templates.parse_template_name(args.name)
        if args.tone:
            named = args.name.lower().removesuffix(".txt").partition(".")[2]
            if named and named != args.tone.lower():
                _fail(f"{args.name} is the {named} variant, but --tone says {args.tone}")
            tone = resolve_tone(kind, args.tone.lower())
    except ValueError as exc:
        _fail(str(exc))
    if action == "show":
        if args.builtin:
            text, problems = builtin_template(kind, tone), ()
        else:
            template = templates.load_template(kind, tone)
            text, problems = template.text, template.problems
        for problem in problems:
            print(f"warning: {safe(str(problem))}", file=sys.stderr)
        out.write(text + "\n")
        return 0
    path = templates.write_default(kind, tone)
    env = os.environ
    editor = env.get("VISUAL") or env.get("EDITOR") or ("vi" if shutil.which("vi") else "")
    if not editor.strip():
        print(path, file=out)
        print("followup: no editor found: set $EDITOR (say, `export EDITOR=nano`), or open "
              "the file above in any text editor.", file=sys.stderr)
        return 1
    try:
        done = subprocess.run([*shlex.split(editor), str(path)], check=False)
    except (OSError, ValueError) as exc:
        _fail(f"cannot start the editor {editor!r} ({getattr(exc, 'strerror', None) or exc}); "
              f"set $EDITOR to one that works. The template is {path}")
    if done.returncode != 0:
        _fail(f"the editor {editor!r} exited with status {done.returncode}; "
              f"the template is {path}")
    try:
        os.chmod(path, 0o600)  # an editor that saves a new file may not keep the mode
    except OSError:
        pass
    problems = templates.load_template(kind, tone).problems
    for problem in problems:
        print(f"warning: {safe(str(problem))}", file=sys.stderr)
    if problems:
        print(f"Saved {path}, with the problems above; until they are fixed, a draft shows "
              "an unknown placeholder as <<name>>.", file=out)
    else:
        print(f"Saved {path}; it is used from now on instead of the built-in text.", file=out)
    return 0


COMMANDS = {"ics": cmd_ics, "add": cmd_add, "list": cmd_list, "today": cmd_today, "done": cmd_done,
            "undo": cmd_undo, "message": cmd_message, "reply": cmd_reply,
            "outcome": cmd_outcome, "export": cmd_export,
            "import": cmd_import, "restore": cmd_restore, "settings": cmd_settings,
            "templates": cmd_templates, "sync": cmd_sync}


def run_app(args: argparse.Namespace) -> int:
    # The cyclic garbage collector would run dozens of times while start-up builds its
    # objects (the interviews' summaries, the screen's widgets) and find next to
    # nothing to free: it waits until the first frame is drawn (see tui.app), or
    # until start-up fails.
    gc.disable()
    try:
        return _run_app(args)
    finally:
        gc.enable()


def _run_app(args: argparse.Namespace) -> int:
    if args.demo:
        return run_demo()
    path = locations.data_path(args.db)
    from tui.app import make_app

    # Fails here, in plain text, on a data file that cannot be used; the app reads
    # each interview in full only when it shows it (and, opening on the Today view,
    # the whole file only after its first frame).
    app = make_app(path, today_first=True, sync_at_start=True)
    app.run()
    found = getattr(app, "start_error", None)
    if found is not None:
        raise found  # found after the first frame: said as it would be before
    # Non-zero when the session was ended by a signal (128 + its number).
    return app.return_code or 0


def run_demo() -> int:
    import tempfile

    from store.demo import fill_demo
    from store.repository import Repository

    with tempfile.TemporaryDirectory(prefix="followup-demo-") as folder:
        path = Path(folder) / "demo.json"
        fill_demo(Repository(path), _today())
        from tui.app import make_app

        app = make_app(path, today_first=True)
        app.run()
    return app.return_code or 0


def _refusals() -> tuple[type[Exception], ...]:
    """The errors reported on one line: ours, and the store's refusals, of the store's
    modules loaded so far (one never loaded raised nothing; `followup today` reads
    without loading the repository)."""
    found: list[type[Exception]] = [CliError]
    repository = sys.modules.get("store.repository")
    if repository is not None:
        found += [repository.InvalidInput, repository.NotFound]
    storage = sys.modules.get("store.storage")
    if storage is not None:
        found.append(storage.DataFileError)
    return tuple(found)


def _opens_the_app(argv: Sequence[str]) -> bool:
    """Whether `argv` only opens the app: its options alone, written out in full (help,
    the version, a command, anything else is parsed by the whole parser)."""
    words = iter(argv)
    for word in words:
        if word == "--db":
            if next(words, "--").startswith("-"):
                return False  # no file named: the whole parser says so
        elif not word.startswith("--db=") and word != "--demo":
            return False
    return True


def _command_named(argv: Sequence[str]) -> str | None:
    """The command `argv` names, if it is one (its parser is the one built in full);
    None for anything else, such as `--help` before any command or a misspelt one."""
    words = iter(argv)
    for word in words:
        if word == "--":
            return None
        if word == "--db":
            next(words, None)  # its value, even a file named like a command
        elif not word.startswith("-"):
            return word if word in COMMANDS else None
    return None


# What a command that only reads leaves for the process's exit to let go, when `run`
# ends the process right after it (None when `main` is called otherwise).
_left: list[Any] | None = None


def run() -> NoReturn:
    """The `followup` program (the console script, `python -m tui`): `main`, then exit
    with its code. When `followup today` has written everything, the process ends at
    once: the tens of thousands of objects of a day's agenda go with it rather than one
    by one, and the garbage collector it paused is not run over them (nothing is open
    for writing then, and no exit handler is set)."""
    global _left
    _left = []
    code = main()
    if _left:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception as exc:
                # Said, with the status, as the interpreter's own exit says it.
                from contextlib import suppress
                from traceback import format_exception_only

                with suppress(Exception):
                    sys.stderr.write(f"Exception ignored in: {stream!r}\n"
                                     + "".join(format_exception_only(exc)))
                    sys.stderr.flush()
                code = 120
        os._exit(code)
    raise SystemExit(code)


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    words = sys.argv[1:] if argv is None else argv
    args = build_parser(APP if _opens_the_app(words) else _command_named(words)
                        ).parse_args(argv)
    try:
        if args.command is None:
            return run_app(args)
        return COMMANDS[args.command](args, out)
    except _refusals() as exc:  # (worked out only when something was raised)
        # One line, whatever the names quoted in it hold (a newline, an escape).
        print(f"followup: error: {_one_line(str(exc))}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # `followup today | head` closed the pipe; that is not an error.
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    run()
