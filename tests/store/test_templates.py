"""Message variants and the user's own template files: found, checked, never fatal."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from store import templates
from store.messages import (
    FIELDS,
    MISSING_OPEN,
    TEXT_LIMIT,
    MessageKind,
    Tone,
    builtin_template,
    default_tone,
    has_subject,
    kinds_for,
    render_message,
    resolve_tone,
    variants_for,
)
from store.models import ContactChannel, FollowUp, Outcome, ReferenceUse, Step
from store.templates import (
    TemplateProblem,
    check_template,
    list_templates,
    load_template,
    parse_template_name,
    stray_files,
    template_path,
    write_default,
)
from tests.store.test_messages import BANNED, BOOK, INTERVIEW, PRIYA, SAM, SETTINGS, THURSDAY

ROOT = Path(__file__).resolve().parents[2]
AFTER_DECISION = dt.date(2026, 11, 30)  # the Monday after "by Friday"
ALL_VARIANTS = [(kind, tone) for kind in MessageKind for tone in variants_for(kind)]
DECIDED = dataclasses.replace(
    INTERVIEW, outcome=Outcome.OFFER, references=(ReferenceUse(PRIYA.id, called=True),)
)


def draft(kind, tone=None, interview=None, **kwargs):
    """Each kind addressed and timed the way the app would send it, from `templates_dir`."""
    if kind in (MessageKind.REFERENCE_HEADS_UP, MessageKind.REFERENCE_THANKS):
        kwargs.setdefault("reference", PRIYA)
        kwargs.setdefault("book", BOOK)
    elif kind in (MessageKind.THANK_EMAIL, MessageKind.THANK_CARD):
        kwargs.setdefault("interviewer", SAM)
    if interview is None:
        interview = DECIDED if kind is MessageKind.REFERENCE_THANKS else INTERVIEW
    kwargs.setdefault("today", AFTER_DECISION if kind in kinds_for(Step.FOLLOW_UP) else THURSDAY)
    return render_message(kind, interview, SETTINGS, tone=tone, **kwargs)


@pytest.fixture(autouse=True)
def no_user_templates(tmp_path, monkeypatch):
    """Whatever is in the developer's own config folder stays out of these tests."""
    monkeypatch.setenv("FOLLOWUP_CONFIG_DIR", str(tmp_path / "no-config"))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "templates"


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


# --- variants --------------------------------------------------------------------------


def test_every_message_has_warm_and_formal_and_references_have_channels():
    for kind in MessageKind:
        assert variants_for(kind)[:2] == (Tone.WARM, Tone.FORMAL)
        assert variants_for(kind.value) == variants_for(kind)
    for kind in (MessageKind.REFERENCE_HEADS_UP, MessageKind.REFERENCE_THANKS):
        assert set(variants_for(kind)) == {"warm", "formal", "linkedin", "text"}
    assert variants_for(MessageKind.THANK_EMAIL) == ("warm", "formal")


def test_tone_is_checked_against_the_kind():
    assert resolve_tone(MessageKind.THANK_EMAIL, None) is Tone.WARM
    assert resolve_tone(MessageKind.THANK_EMAIL, "formal") is Tone.FORMAL
    with pytest.raises(ValueError, match="thank_email has no 'text' variant: use warm, formal"):
        resolve_tone(MessageKind.THANK_EMAIL, "text")
    with pytest.raises(ValueError):
        draft(MessageKind.FOLLOW_UP_EMAIL, "linkedin")


def test_the_warm_variant_is_the_original_text():
    for kind in MessageKind:
        plain = render_message(kind, INTERVIEW, SETTINGS, template=builtin_template(kind))
        default = render_message(kind, INTERVIEW, SETTINGS)
        assert (default.text, default.tone, default.source) == (plain.text, Tone.WARM, None)


@pytest.mark.parametrize(("kind", "tone"), ALL_VARIANTS)
def test_every_builtin_variant_is_clean_on_complete_data(kind, tone, folder):
    message = draft(kind, tone, templates_dir=folder)
    assert message.missing == () and MISSING_OPEN not in message.text and "$" not in message.text
    assert message.problems == ()
    assert message.notes == ()
    assert message.source is None and message.tone == tone and message.kind is kind
    assert bool(message.subject) == has_subject(kind, tone)
    assert check_template(builtin_template(kind, tone), kind, tone) == ()
    used = set(re.findall(r"\$\{?([_a-z][_a-z0-9]*)", builtin_template(kind, tone)))
    assert used <= set(FIELDS)


@pytest.mark.parametrize(("kind", "tone"), ALL_VARIANTS)
def test_no_variant_nags_or_reaches_for_a_cliche(kind, tone, folder):
    texts = [builtin_template(kind, tone)] + [
        draft(kind, tone, follow_up_number=n, today=today, templates_dir=folder).text
        for n in (1, 2)
        for today in (None, THURSDAY, AFTER_DECISION)
    ]
    for text in texts:
        lowered = " ".join(text.lower().split())
        for phrase in BANNED + ["any update", "circling back"]:
            assert phrase not in lowered, (kind, tone, phrase)


def test_formal_thank_yous_are_short():
    for today in (None, THURSDAY, dt.date(2026, 12, 10)):
        assert len(draft(MessageKind.THANK_EMAIL, "formal", today=today).body.split()) <= 150
        assert len(draft(MessageKind.THANK_CARD, "formal", today=today).body.split()) <= 60
    body = builtin_template(MessageKind.THANK_EMAIL, "formal").partition("\n\n")[2]
    assert len(body.split()) <= 130  # room for a topic of about twenty words


@pytest.mark.parametrize("outcome", list(Outcome))
@pytest.mark.parametrize("called", [False, True])
def test_text_and_linkedin_have_no_subject_and_texts_fit(outcome, called):
    interview = dataclasses.replace(
        INTERVIEW, outcome=outcome, references=(ReferenceUse(PRIYA.id, called=called),)
    )
    for kind in (MessageKind.REFERENCE_HEADS_UP, MessageKind.REFERENCE_THANKS):
        for tone in ("text", "linkedin"):
            message = draft(kind, tone, interview)
            assert message.subject == "" and not has_subject(kind, tone)
            assert message.text.startswith("Hi Priya,")
            assert message.missing == ()
        assert len(draft(kind, "text", interview).text) <= TEXT_LIMIT


NEWS = {
    Outcome.OFFER: "offered me the job",
    Outcome.SECOND_INTERVIEW: "invited me to a third interview",  # after the 2nd round
    Outcome.REJECTED: "another candidate",
    Outcome.WITHDRAWN: "withdraw",
    Outcome.NO_ANSWER: "not heard back",
    Outcome.OPEN: "decide by Friday 27 November",
}


@pytest.mark.parametrize("outcome", list(Outcome))
@pytest.mark.parametrize("tone", ["warm", "formal", "linkedin"])
def test_reference_thanks_tells_each_outcome(outcome, tone):
    interview = dataclasses.replace(DECIDED, outcome=outcome)
    message = draft(MessageKind.REFERENCE_THANKS, tone, interview, today=THURSDAY)
    assert NEWS[outcome] in message.body
    assert "Thank you for speaking with Acme Ltd about me" in message.body
    assert message.missing == ()
    if outcome in (Outcome.REJECTED, Outcome.WITHDRAWN, Outcome.NO_ANSWER):
        assert "give your name again" in message.body


def test_reference_thanks_when_they_were_not_called_and_after_the_date():
    quiet = dataclasses.replace(DECIDED, outcome=Outcome.OPEN, references=(ReferenceUse(PRIYA.id),))
    body = draft(MessageKind.REFERENCE_THANKS, interview=quiet, today=AFTER_DECISION).body
    assert "for being ready to take their call" in body
    assert "still waiting to hear" in body and "27 November" not in body
    withdrawn = dataclasses.replace(quiet, outcome=Outcome.WITHDRAWN)
    assert "they will not be calling you" in draft(MessageKind.REFERENCE_THANKS,
                                                   interview=withdrawn).body
    chased = dataclasses.replace(
        quiet, outcome=Outcome.NO_ANSWER, follow_ups=(FollowUp("f1", AFTER_DECISION),)
    )
    assert "despite following up" in draft(MessageKind.REFERENCE_THANKS, interview=chased).body


def test_default_tone_follows_the_references_channel():
    texter = dataclasses.replace(PRIYA, channel=ContactChannel.TEXT)
    linked = dataclasses.replace(PRIYA, channel=ContactChannel.LINKEDIN)
    assert default_tone(MessageKind.REFERENCE_HEADS_UP, texter) is Tone.TEXT
    assert default_tone(MessageKind.REFERENCE_THANKS, linked) is Tone.LINKEDIN
    assert default_tone(MessageKind.REFERENCE_HEADS_UP, PRIYA) is Tone.WARM
    assert default_tone(MessageKind.THANK_EMAIL, texter) is Tone.WARM
    assert default_tone(MessageKind.THANK_EMAIL) is Tone.WARM


# --- where the files are --------------------------------------------------------------


def test_template_paths(folder, monkeypatch, tmp_path):
    assert template_path("thank_email", templates_dir=folder) == folder / "thank_email.txt"
    assert template_path(MessageKind.THANK_EMAIL, "warm", templates_dir=folder).name == (
        "thank_email.txt"
    )
    assert template_path(MessageKind.REFERENCE_HEADS_UP, "text", templates_dir=folder).name == (
        "reference_heads_up.text.txt"
    )
    monkeypatch.setenv("FOLLOWUP_CONFIG_DIR", str(tmp_path / "cfg"))
    assert template_path("thank_card", "formal") == tmp_path / "cfg/templates/thank_card.formal.txt"
    # Asked again (as every message shown asks), it is the same path; and it follows
    # the folder when that is set elsewhere, or not set at all.
    assert template_path("thank_card", "formal") is template_path("thank_card", "formal")
    monkeypatch.setenv("FOLLOWUP_CONFIG_DIR", str(tmp_path / "other"))
    assert template_path("thank_card", "formal") == (
        tmp_path / "other/templates/thank_card.formal.txt")
    monkeypatch.delenv("FOLLOWUP_CONFIG_DIR")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert template_path("thank_card", "formal") == (
            tmp_path / "xdg/followup/templates/thank_card.formal.txt")


def test_parse_template_name():
    assert parse_template_name("thank_email") == (MessageKind.THANK_EMAIL, Tone.WARM)
    assert parse_template_name("Thank-Card.formal.txt") == (MessageKind.THANK_CARD, Tone.FORMAL)
    assert parse_template_name("reference_heads_up.text") == (
        MessageKind.REFERENCE_HEADS_UP, Tone.TEXT)
    with pytest.raises(ValueError, match="did you mean thank_email"):
        parse_template_name("thank_emial")
    with pytest.raises(ValueError, match="no message is called 'thank_email.text'"):
        parse_template_name("thank_email.text")


# --- the user's own files -------------------------------------------------------------


def test_a_users_file_is_used(folder):
    write(folder / "thank_email.txt", "Thanks from me, $first_name\n\nGreat talk about $topic.\n")
    message = draft(MessageKind.THANK_EMAIL, templates_dir=folder)
    assert message.subject == "Thanks from me, Sam"
    assert message.body == "Great talk about the churn model."
    assert message.source == folder / "thank_email.txt"
    assert message.problems == ()
    # Other variants and kinds keep the built-in text.
    assert draft(MessageKind.THANK_EMAIL, "formal", templates_dir=folder).source is None
    assert draft(MessageKind.THANK_CARD, templates_dir=folder).source is None


def test_the_config_folder_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("FOLLOWUP_CONFIG_DIR", str(tmp_path))
    write(tmp_path / "templates/reference_heads_up.text.txt", "Hi $first_name! From $company.")
    message = draft(MessageKind.REFERENCE_HEADS_UP, "text")
    assert message.text == "Hi Priya! From Acme Ltd."
    assert load_template("reference_heads_up", "text").source == (
        tmp_path / "templates/reference_heads_up.text.txt")


def test_an_unknown_placeholder_is_reported_with_file_and_line_and_marked(folder):
    path = write(folder / "thank_email.txt",
                 "Thank you\n\nDear $first_name,\n\nI enjoyed $topc.\nCosts $$5 ${rol}\n")
    message = draft(MessageKind.THANK_EMAIL, templates_dir=folder)
    assert [(p.path, p.line) for p in message.problems] == [(path, 5), (path, 6)]
    assert str(message.problems[0]) == (
        f"{path} line 5: unknown placeholder $topc (did you mean $topic?)")
    assert message.problems[1].message == "unknown placeholder $rol (did you mean $role?)"
    assert "I enjoyed <<topc>>." in message.body and "Costs $5 <<rol>>" in message.body
    assert message.missing == ("topc", "rol")
    assert "<<topc>>" in message.markers
    assert any(n.code == "placeholders" for n in message.notes)


def test_problems_name_the_file_as_the_user_knows_it(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    folder = tmp_path / ".config/followup/templates"
    write(folder / "thank_email.txt", "Thank you\n\nDear $first_name,\n\n\nOn $topc.")
    problem = load_template("thank_email", templates_dir=folder).problems[0]
    assert str(problem) == ("~/.config/followup/templates/thank_email.txt line 6: "
                            "unknown placeholder $topc (did you mean $topic?)")


def test_a_placeholder_with_no_close_match_gets_no_suggestion(folder):
    write(folder / "thank_card.txt", "Dear $first_name, $zzzqqq")
    (problem,) = load_template("thank_card", templates_dir=folder).problems
    assert problem.message == "unknown placeholder $zzzqqq"


def test_a_file_that_is_not_utf8_falls_back_to_the_builtin(folder):
    path = write(folder / "thank_card.txt", b"Dear $first_name,\n\nCaf\xe9 talk")
    template = load_template("thank_card", templates_dir=folder)
    assert template.text == builtin_template("thank_card") and template.source is None
    (problem,) = template.problems
    assert (problem.path, problem.line) == (path, 3)
    assert "not UTF-8" in problem.message and "built-in" in problem.message
    message = draft(MessageKind.THANK_CARD, templates_dir=folder)
    assert message.problems == template.problems and message.missing == ()


def test_an_unreadable_file_falls_back_to_the_builtin(folder, monkeypatch):
    path = write(folder / "thank_email.txt", "Subject\n\nBody")
    real = templates.open_regular

    def refuse(name):
        if name == path:
            raise PermissionError(13, "Permission denied", str(name))
        return real(name)

    monkeypatch.setattr(templates, "open_regular", refuse)
    template = load_template("thank_email", templates_dir=folder)
    assert template.source is None and template.text == builtin_template("thank_email")
    assert str(template.problems[0]) == (
        f"{path}: cannot be read (Permission denied); using the built-in text instead")


def test_a_folder_or_an_empty_file_falls_back_too(folder):
    (folder / "thank_email.txt").mkdir(parents=True)
    write(folder / "thank_card.txt", "  \n\n")
    for kind, why in (("thank_email", "is a folder"), ("thank_card", "is empty")):
        template = load_template(kind, templates_dir=folder)
        assert template.source is None and why in template.problems[0].message


def test_an_email_with_a_blank_first_line(folder):
    path = write(folder / "thank_email.txt", "\nDear $first_name,\n\nThank you.")
    message = draft(MessageKind.THANK_EMAIL, templates_dir=folder)
    assert [(p.path, p.line) for p in message.problems] == [(path, 1)]
    assert "subject" in message.problems[0].message
    assert message.subject == "<<subject>>" and "subject" in message.missing
    assert message.body == "Dear Sam,\n\nThank you."


def test_an_email_without_the_blank_line_after_the_subject(folder):
    write(folder / "follow_up_email.txt", "About the $role role\nDear $first_name,\n\nHello.")
    message = draft(MessageKind.FOLLOW_UP_EMAIL, templates_dir=folder)
    assert [p.line for p in message.problems] == [2]
    assert "blank line after the subject" in message.problems[0].message
    assert message.subject == "About the Data Analyst role"
    assert message.body == "Dear Dana,\n\nHello."


def test_a_greeting_in_the_subject_line_is_noticed():
    problems = check_template("Dear $first_name,\n\nThank you.", "thank_email")
    assert [p.line for p in problems] == [1] and "greeting" in problems[0].message
    # A card and a text have no subject, so any first line is fine.
    assert check_template("Dear $first_name,\nThank you.", "thank_card") == ()
    assert check_template("Hi $first_name, news!", "reference_thanks", "text") == ()


def test_windows_line_ends_a_byte_order_mark_and_a_final_newline_are_ignored(folder):
    write(folder / "thank_email.txt",
          "\ufeffThank you, $first_name\r\n\r\nGood to meet you.\r\n\r\n".encode())
    message = draft(MessageKind.THANK_EMAIL, templates_dir=folder)
    assert (message.subject, message.body, message.problems) == (
        "Thank you, Sam", "Good to meet you.", ())


def test_a_template_given_as_text_is_checked_but_no_file_is_read(folder):
    write(folder / "thank_card.txt", "from the file")
    message = draft(MessageKind.THANK_CARD, templates_dir=folder, template="Hi $frist_name")
    assert message.body == "Hi <<frist_name>>" and message.source is None
    assert message.problems == (
        TemplateProblem(None, 1, "unknown placeholder $frist_name (did you mean $first_name?)"),)
    assert str(message.problems[0]).startswith("template line 1: ")


def test_list_templates_and_stray_files(folder):
    entries = list_templates(folder)
    assert [(e.kind, e.tone) for e in entries] == ALL_VARIANTS
    assert not any(e.overridden for e in entries)
    write(folder / "thank_card.formal.txt", "Dear $person_name, thank you.")
    write(folder / "thank_crad.txt", "typo")
    write(folder / "notes.md", "not a template")
    (overridden,) = [e for e in list_templates(folder) if e.overridden]
    kind, tone, path, flag = overridden
    assert (kind, tone, path, flag) == (
        MessageKind.THANK_CARD, Tone.FORMAL, folder / "thank_card.formal.txt", True)
    assert overridden.name == "thank_card.formal"
    assert stray_files(folder) == [folder / "thank_crad.txt"]
    assert stray_files(folder / "missing") == []


def test_write_default_copies_the_builtin_privately_and_never_overwrites(tmp_path):
    folder = tmp_path / "cfg" / "templates"
    path = write_default("reference_heads_up", "linkedin", templates_dir=folder)
    assert path == folder / "reference_heads_up.linkedin.txt"
    assert path.read_text(encoding="utf-8") == builtin_template(
        "reference_heads_up", "linkedin") + "\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for each in (folder, folder.parent):
        assert stat.S_IMODE(each.stat().st_mode) == 0o700
    loaded = load_template("reference_heads_up", "linkedin", templates_dir=folder)
    assert (loaded.text, loaded.source, loaded.problems) == (
        builtin_template("reference_heads_up", "linkedin"), path, ())
    path.write_text("mine", encoding="utf-8")
    assert write_default("reference_heads_up", "linkedin", templates_dir=folder) == path
    assert path.read_text(encoding="utf-8") == "mine"


def test_the_default_folder_is_the_config_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("FOLLOWUP_CONFIG_DIR", str(tmp_path / "c"))
    assert templates.user_templates_dir() == tmp_path / "c" / "templates"
    assert write_default("thank_email") == tmp_path / "c/templates/thank_email.txt"
    assert stat.S_IMODE((tmp_path / "c").stat().st_mode) == 0o700


# --- the command line -------------------------------------------------------------------


def followup(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("VISUAL", "EDITOR")}
    environ.update(FOLLOWUP_CONFIG_DIR=str(tmp_path / "cfg"),
                   FOLLOWUP_DB=str(tmp_path / "data" / "followup.json"), NO_COLOR="1", **env)
    return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True,
                          text=True, cwd=ROOT, env=environ, timeout=60)


def test_cli_lists_the_templates_marking_the_users_own(tmp_path):
    folder = tmp_path / "cfg" / "templates"
    write(folder / "thank_email.formal.txt", "Thanks\n\nDear $first_name, about $topc.")
    result = followup(tmp_path, "templates")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert str(folder) in lines[0]
    mine = next(line for line in lines if "thank_email.formal " in line)
    assert "yours" in mine and str(folder / "thank_email.formal.txt") in mine
    plain = next(line for line in lines if line.split()[:1] == ["thank_email"])
    assert "built-in" in plain and str(folder / "thank_email.txt") in plain
    assert sum("built-in" in line for line in lines) == len(ALL_VARIANTS) - 1
    assert "line 3: unknown placeholder $topc (did you mean $topic?)" in result.stdout
    assert followup(tmp_path, "templates", "list").stdout == result.stdout


def test_cli_lists_the_fields(tmp_path):
    result = followup(tmp_path, "templates", "fields")
    assert result.returncode == 0, result.stderr
    for name, description in FIELDS.items():
        assert re.search(rf"^\s+\${name}\s+{re.escape(description)}$", result.stdout, re.M), name


def test_cli_shows_a_template(tmp_path):
    result = followup(tmp_path, "templates", "show", "reference_heads_up", "--tone", "text")
    assert result.returncode == 0, result.stderr
    assert result.stdout == builtin_template("reference_heads_up", "text") + "\n"
    write(tmp_path / "cfg/templates/thank_card.formal.txt", "Dear $first_name, $topc")
    mine = followup(tmp_path, "templates", "show", "thank_card.formal")
    assert mine.stdout == "Dear $first_name, $topc\n"
    assert "line 1: unknown placeholder $topc" in mine.stderr
    builtin = followup(tmp_path, "templates", "show", "thank_card", "--tone", "formal",
                       "--builtin")
    assert builtin.stdout == builtin_template("thank_card", "formal") + "\n"
    wrong = followup(tmp_path, "templates", "show", "thank_emial")
    assert wrong.returncode == 1 and "did you mean thank_email?" in wrong.stderr
    clash = followup(tmp_path, "templates", "show", "thank_card.formal", "--tone", "warm")
    assert clash.returncode == 1


def test_cli_edit_copies_the_builtin_and_opens_the_editor(tmp_path):
    editor = tmp_path / "editor.sh"
    editor.write_text("#!/bin/sh\necho 'P.S. See you soon, $first_name.' >> \"$1\"\n")
    editor.chmod(0o700)
    result = followup(tmp_path, "templates", "edit", "thank_email", EDITOR=str(editor))
    assert result.returncode == 0, result.stderr
    path = tmp_path / "cfg/templates/thank_email.txt"
    text = path.read_text(encoding="utf-8")
    assert text == builtin_template("thank_email") + "\nP.S. See you soon, $first_name.\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert str(path) in result.stdout and result.stderr == ""
    # A second edit works on the user's file, not a fresh copy; $VISUAL comes first.
    again = followup(tmp_path, "templates", "edit", "thank_email", VISUAL=str(editor),
                     EDITOR="false")
    assert again.returncode == 0, again.stderr
    assert path.read_text(encoding="utf-8").count("P.S.") == 2


def test_cli_edit_reports_problems_after_editing(tmp_path):
    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\necho "About \\$topc" >> "$1"\n')
    editor.chmod(0o700)
    result = followup(tmp_path, "templates", "edit", "thank_card.formal", EDITOR=str(editor))
    assert result.returncode == 0
    line = builtin_template("thank_card", "formal").count("\n") + 2
    assert f"thank_card.formal.txt line {line}: unknown placeholder $topc" in result.stderr
    assert "with the problems above" in result.stdout


def test_cli_edit_without_an_editor_prints_the_path(tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()
    result = followup(tmp_path, "templates", "edit", "follow_up_call", PATH=str(empty))
    path = tmp_path / "cfg/templates/follow_up_call.txt"
    assert result.returncode == 1
    assert result.stdout.strip() == str(path) and path.is_file()
    assert "$EDITOR" in result.stderr
    missing = followup(tmp_path, "templates", "edit", "follow_up_call",
                       EDITOR="no-such-editor-here")
    assert missing.returncode == 1 and "no-such-editor-here" in missing.stderr
