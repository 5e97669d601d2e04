"""The message drafts: complete on complete data, honest about gaps, safe with any text."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store.messages import (
    FIELDS,
    MISSING_CLOSE,
    MISSING_OPEN,
    TEMPLATES,
    Message,
    MessageKind,
    fields_for,
    kinds_for,
    render_message,
    render_template,
)
from store.models import Interview, Interviewer, Reference, ReferenceUse, Settings, Step

THURSDAY = dt.date(2026, 11, 26)
FRIDAY = dt.date(2026, 11, 27)

DANA = Interviewer(
    id="dana",
    name="Dana Lee",
    title="Head of Analytics",
    email="dana@acme.example",
    hiring_manager=True,
    topic="how the team moved its weekly reporting to dbt",
)
SAM = Interviewer(id="sam", name="Sam Ortiz", title="Senior Analyst", topic="the churn model")
PRIYA = Reference(id="priya", name="Priya Shah", relationship="my manager at Initech")
BOOK = {PRIYA.id: PRIYA}

INTERVIEW = Interview(
    id="i1",
    company="Acme Ltd",
    role="Data Analyst",
    date=THURSDAY,
    round=2,
    decision_by=FRIDAY,
    office_phone="020 7946 0000",
    interviewers=(DANA, SAM),
    references=(ReferenceUse(reference_id=PRIYA.id),),
)
SETTINGS = Settings(
    name="Alex Kim",
    signature="Alex Kim\n07700 900123",
    phone="07700 900123",
    email="alex@example.com",
)


@pytest.fixture(autouse=True)
def no_user_templates(tmp_path, monkeypatch):
    """render_message reads the user's own templates; the developer's must not count here."""
    monkeypatch.setenv("FOLLOWUP_CONFIG_DIR", str(tmp_path / "no-config"))


def render(kind: MessageKind, interview: Interview = INTERVIEW, **kwargs) -> Message:
    """Each kind addressed the way the app addresses it."""
    if kind is MessageKind.REFERENCE_HEADS_UP:
        kwargs.setdefault("reference", PRIYA)
        kwargs.setdefault("book", BOOK)
    elif kind in (MessageKind.THANK_EMAIL, MessageKind.THANK_CARD):
        kwargs.setdefault("interviewer", SAM)
    return render_message(kind, interview, kwargs.pop("settings", SETTINGS), **kwargs)


def words(text: str) -> int:
    return len(text.split())


# --- the public shape -------------------------------------------------------


def test_labels_and_values():
    assert [k.label for k in MessageKind] == [
        "Thank-you email",
        "Thank-you card",
        "Reference heads-up",
        "Follow-up email",
        "Follow-up call notes",
        "Second follow-up email",
        "Reference thank-you and update",
        "Offer acceptance",
        "Offer: asking for time",
        "Reply to the decision",
    ]
    assert MessageKind("thank_email") is MessageKind.THANK_EMAIL
    assert (MISSING_OPEN, MISSING_CLOSE) == ("<<", ">>")


def test_kinds_for_each_step():
    assert kinds_for(Step.THANK) == (MessageKind.THANK_EMAIL, MessageKind.THANK_CARD)
    assert kinds_for(Step.REFERENCES) == (
        MessageKind.REFERENCE_HEADS_UP,
        MessageKind.REFERENCE_THANKS,
    )
    assert kinds_for(Step.FOLLOW_UP) == (
        MessageKind.FOLLOW_UP_EMAIL,
        MessageKind.FOLLOW_UP_CALL,
        MessageKind.SECOND_FOLLOW_UP_EMAIL,
    )
    assert {k for step in Step for k in kinds_for(step)} == set(MessageKind)


def test_every_kind_has_a_template_using_only_documented_fields():
    assert set(TEMPLATES) == set(MessageKind)
    for kind, template in TEMPLATES.items():
        used = set(re.findall(r"\$\{?([_a-z][_a-z0-9]*)", template))
        assert used <= set(FIELDS), (kind, used - set(FIELDS))


def test_emails_have_a_one_line_subject_then_a_blank_line():
    for kind, template in TEMPLATES.items():
        if kind in (MessageKind.THANK_CARD, MessageKind.FOLLOW_UP_CALL):
            continue
        subject, blank, body = template.partition("\n\n")
        assert blank and subject.strip() and "\n" not in subject, kind
        assert body.strip(), kind


def test_fields_for_covers_every_documented_field():
    values = fields_for(INTERVIEW, SETTINGS, interviewer=SAM, reference=PRIYA, book=BOOK)
    assert set(values) == set(FIELDS)
    assert all(isinstance(v, str) for v in values.values())


def test_field_values():
    values = fields_for(INTERVIEW, SETTINGS, interviewer=SAM)
    assert values["first_name"] == "Sam"
    assert values["person_name"] == "Sam Ortiz"
    assert values["topic"] == "the churn model"
    assert values["interview_date"] == "Thursday 26 November"
    assert values["interview_weekday"] == "Thursday"
    assert values["decision_by"] == "Friday 27 November"
    assert values["hiring_manager"] == "Dana Lee"
    assert values["hiring_manager_title"] == "Head of Analytics"
    assert values["office_phone"] == "020 7946 0000"
    assert values["interviewer_names"] == "Dana Lee and Sam Ortiz"
    assert values["round"] == "2nd"
    assert values["my_name"] == "Alex Kim"
    assert values["my_phone"] == "07700 900123"
    assert values["my_email"] == "alex@example.com"
    assert values["signature"] == "Alex Kim\n07700 900123"
    assert values["reference_relationship"] == ""


def test_reference_fields():
    values = fields_for(INTERVIEW, SETTINGS, reference=PRIYA, book=BOOK)
    assert values["first_name"] == "Priya"
    assert values["person_name"] == "Priya Shah"
    assert values["reference_relationship"] == "my manager at Initech"
    assert values["reference_names"] == "Priya Shah"


def test_addressed_to_the_hiring_manager_by_default():
    values = fields_for(INTERVIEW, SETTINGS)
    assert values["first_name"] == "Dana"
    assert values["topic"] == DANA.topic


def test_signature_falls_back_to_my_name_phone_and_email():
    values = fields_for(INTERVIEW, dataclasses.replace(SETTINGS, signature="  "))
    assert values["signature"] == "Alex Kim\n07700 900123\nalex@example.com"
    only_name = Settings(name="Alex Kim")
    assert fields_for(INTERVIEW, only_name)["signature"] == "Alex Kim"


def test_interviewer_names_with_three_people():
    third = Interviewer(id="jo", name="Jo Park")
    interview = dataclasses.replace(INTERVIEW, interviewers=(DANA, SAM, third))
    assert fields_for(interview, SETTINGS)["interviewer_names"] == "Dana Lee, Sam Ortiz and Jo Park"


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (None, "on Thursday"),
        (THURSDAY, "today"),
        (FRIDAY, "yesterday"),
        (dt.date(2026, 11, 30), "on Thursday"),
        (dt.date(2026, 12, 10), "on Thursday 26 November"),
    ],
)
def test_when_we_met(today, expected):
    assert fields_for(INTERVIEW, SETTINGS, today=today)["when_we_met"] == expected


# --- complete on complete data ----------------------------------------------


@pytest.mark.parametrize("kind", list(MessageKind))
@pytest.mark.parametrize("today", [None, THURSDAY, dt.date(2026, 12, 7)])
def test_every_builtin_is_complete_on_complete_data(kind, today):
    message = render(kind, today=today)
    assert message.missing == ()
    assert message.markers == ()
    assert MISSING_OPEN not in message.text and MISSING_CLOSE not in message.text
    assert "$" not in message.text
    assert message.kind is kind


@pytest.mark.parametrize("kind", list(MessageKind))
def test_subject_only_for_emails(kind):
    message = render(kind)
    if kind in (MessageKind.THANK_CARD, MessageKind.FOLLOW_UP_CALL):
        assert message.subject == ""
    else:
        assert message.subject and "\n" not in message.subject


def test_thank_you_email_is_personal():
    message = render(MessageKind.THANK_EMAIL, interviewer=SAM, today=THURSDAY)
    assert message.body.startswith("Dear Sam,")
    assert "the churn model" in message.body
    assert "speaking with me today" in message.body
    assert "Data Analyst" in message.subject
    assert message.body.endswith("Alex Kim\n07700 900123")


def test_reference_heads_up_says_who_from_which_number_and_asks_to_be_told():
    body = render(MessageKind.REFERENCE_HEADS_UP).body
    assert body.startswith("Hi Priya,")
    assert "Dana Lee (Head of Analytics)" in body
    assert "Acme Ltd" in body and "Data Analyst" in body
    assert "020 7946 0000" in body
    assert "let me know once they have called" in body
    assert "appreciate" in body


def test_call_notes_have_talking_points_and_a_voicemail_with_my_number():
    body = render(MessageKind.FOLLOW_UP_CALL).body
    bullets = [line for line in body.splitlines() if line.startswith("- ")]
    assert len(bullets) >= 5
    assert "- Ask for: Dana Lee" in body
    voicemail = next(line for line in bullets if line.startswith("- Voicemail:"))
    assert "07700 900123" in voicemail
    assert "anything else" in body


def test_later_call_says_it_is_a_follow_up():
    first = render(MessageKind.FOLLOW_UP_CALL, follow_up_number=1).body
    second = render(MessageKind.FOLLOW_UP_CALL, follow_up_number=2).body
    assert "earlier message" not in first
    assert "earlier message" in second


def test_follow_up_number_starts_at_one():
    with pytest.raises(ValueError):
        render(MessageKind.FOLLOW_UP_CALL, follow_up_number=0)


# --- decision dates -----------------------------------------------------------

FOLLOW_UPS = kinds_for(Step.FOLLOW_UP)


@pytest.mark.parametrize("kind", FOLLOW_UPS)
@pytest.mark.parametrize("today", [None, dt.date(2026, 12, 7)])
def test_follow_up_without_decision_date_does_not_mention_one(kind, today):
    interview = dataclasses.replace(INTERVIEW, decision_by=None)
    message = render(kind, interview, today=today)
    assert message.missing == ()
    lowered = message.text.lower()
    assert "decide" not in lowered and "decision" not in lowered
    assert "27 november" not in lowered


def test_follow_up_email_mentions_the_date_they_named():
    body = render(MessageKind.FOLLOW_UP_EMAIL, today=None).body
    assert "decide by Friday 27 November" in body
    assert "Thursday 26 November" in body and "Data Analyst" in body
    assert "anything else you need from me" in body


def test_follow_up_email_is_gentle_once_the_date_has_passed():
    passed = render(MessageKind.FOLLOW_UP_EMAIL, today=dt.date(2026, 12, 7)).body
    assert "had hoped to decide by Friday 27 November" in passed
    early = render(MessageKind.FOLLOW_UP_EMAIL, today=THURSDAY).body
    assert "had hoped" not in early
    assert "decide by Friday 27 November" in early


def test_call_asks_about_the_timeline():
    passed = render(MessageKind.FOLLOW_UP_CALL, today=dt.date(2026, 12, 7)).body
    assert "updated timeline" in passed
    undated = render(MessageKind.FOLLOW_UP_CALL, dataclasses.replace(INTERVIEW, decision_by=None))
    assert "Timeline:" in undated.body


def test_a_template_using_decision_by_reports_it_missing():
    text, missing = render_template(
        "by $decision_by", fields_for(dataclasses.replace(INTERVIEW, decision_by=None), SETTINGS)
    )
    assert text == "by <<decision_by>>"
    assert missing == ("decision_by",)


# --- missing fields -------------------------------------------------------------


def test_missing_topic_is_reported_and_shown():
    quiet = dataclasses.replace(SAM, topic="")
    for kind in (MessageKind.THANK_EMAIL, MessageKind.THANK_CARD):
        message = render(kind, interviewer=quiet)
        assert message.missing == ("topic",)
        assert message.markers == ("<<topic>>",)
        assert message.text.count("<<topic>>") == 1


def test_only_fields_the_template_uses_are_reported():
    bare = dataclasses.replace(INTERVIEW, office_phone="", decision_by=None)
    assert render(MessageKind.THANK_EMAIL, bare).missing == ()
    heads_up = render(MessageKind.REFERENCE_HEADS_UP, bare)
    # An unknown office phone is not a gap: the sentence says the number is unknown.
    assert heads_up.missing == ()
    assert "from a number you won't recognise" in heads_up.body


def test_missing_fields_are_listed_once_in_order_of_use():
    message = render(
        MessageKind.FOLLOW_UP_CALL,
        interviewer=dataclasses.replace(DANA, topic=""),
        settings=Settings(),
    )
    assert message.missing == ("my_name", "topic", "my_phone")
    assert message.markers == ("<<my_name>>", "<<topic>>", "<<my_phone>>")
    assert message.text.count("<<my_phone>>") == 2


def test_missing_in_the_subject_is_reported():
    message = render(MessageKind.THANK_EMAIL, dataclasses.replace(INTERVIEW, role=""))
    assert message.missing == ("role",)
    assert "<<role>>" in message.subject and "<<role>>" in message.body


def test_heads_up_without_a_reference_still_renders():
    message = render_message(MessageKind.REFERENCE_HEADS_UP, INTERVIEW, SETTINGS)
    assert "first_name" not in message.missing  # falls back to the hiring manager
    no_one = dataclasses.replace(INTERVIEW, interviewers=())
    message = render_message(MessageKind.REFERENCE_HEADS_UP, no_one, SETTINGS)
    assert "first_name" in message.missing
    # No one to name as the caller: the sentence still reads well.
    assert "hiring_manager_intro" not in message.missing
    assert "Someone from Acme Ltd may call you" in message.body


def test_heads_up_names_the_caller_without_a_title_when_none_is_known():
    untitled = dataclasses.replace(
        INTERVIEW,
        interviewers=tuple(dataclasses.replace(p, title="") for p in INTERVIEW.interviewers),
    )
    message = render_message(MessageKind.REFERENCE_HEADS_UP, untitled, SETTINGS)
    assert not message.missing
    assert "()" not in message.body
    assert f"{untitled.hiring_manager.name} may call you" in message.body


def test_markers_ignore_lookalikes_in_the_data():
    odd = dataclasses.replace(SAM, topic="the <<topic>> placeholder in our old reports")
    message = render(MessageKind.THANK_EMAIL, interviewer=odd)
    assert message.missing == ()
    assert message.markers == ()


# --- render_template --------------------------------------------------------------


def test_render_template_syntax():
    values = {"a": "A", "b": "B"}
    assert render_template("$a ${b}c $$a $$", values) == ("A Bc $a $", ())
    assert render_template("costs $5 or $ 6", values) == ("costs $5 or $ 6", ())
    assert render_template("", values) == ("", ())


def test_render_template_unknown_and_blank():
    text, missing = render_template("$nope ${a} $b $nope", {"a": " \n", "b": ""})
    assert text == "<<nope>> <<a>> <<b>> <<nope>>"
    assert missing == ("nope", "a", "b")


HOSTILE = [
    "[bold]Acme[/bold]",
    "${signature}",
    "$signature",
    "$$",
    "{0.__class__}",
    "{role}",
    "%s %(role)s",
    r"\1 \g<0>",
    "<<topic>>",
    "Café 🚀 日本",
    "line one\nline two",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_are_inserted_literally(value):
    text, missing = render_template("[$a|${a}]", {"a": value, "signature": "SIG"})
    assert text == f"[{value}|{value}]"
    assert missing == ()


@pytest.mark.parametrize("kind", list(MessageKind))
def test_hostile_data_in_every_message(kind):
    nasty = dataclasses.replace(
        INTERVIEW,
        company="${signature} [bold]Acme[/] {0.__class__}",
        role="$$role $my_name 🚀",
        interviewers=(dataclasses.replace(DANA, topic="{topic} and $topic\\1"), SAM),
        office_phone="%s {0}",
    )
    settings = dataclasses.replace(SETTINGS, signature="$company\nline two")
    message = render(kind, nasty, settings=settings, interviewer=nasty.interviewers[0])
    assert message.missing == ()
    body = message.body
    if "$company" in TEMPLATES[kind]:
        assert "${signature} [bold]Acme[/] {0.__class__}" in body
    if "$role" in TEMPLATES[kind]:
        assert "$$role $my_name 🚀" in body
    if "$topic" in TEMPLATES[kind]:
        assert "{topic} and $topic\\1" in body
    if "$signature" in TEMPLATES[kind]:
        assert body.endswith("$company\nline two")
    assert "<class" not in message.text and "Alex Kim 🚀" not in message.text


def test_newlines_in_values_do_not_break_the_subject():
    interview = dataclasses.replace(INTERVIEW, role="Data\n\nAnalyst")
    message = render(MessageKind.THANK_EMAIL, interview)
    assert message.subject == "Thank you for the Data Analyst interview"
    assert message.text.startswith(message.subject + "\n\nDear Sam,")


@given(st.text())
def test_any_value_comes_out_unchanged(value):
    text, missing = render_template("<$x>", {"x": value})
    if value.strip():
        assert (text, missing) == (f"<{value}>", ())
    else:
        assert (text, missing) == ("<<<x>>>", ("x",))


# --- Message --------------------------------------------------------------------------


def test_message_text_layout():
    email = Message(MessageKind.THANK_EMAIL, subject="Hello", body="Body\nmore", missing=())
    assert email.text == "Hello\n\nBody\nmore"
    card = Message(MessageKind.THANK_CARD, subject="", body="Dear Sam,", missing=())
    assert card.text == "Dear Sam,"


def test_message_markers():
    message = Message(
        MessageKind.THANK_CARD, subject="", body="about <<topic>>, <<topic>>", missing=("topic",)
    )
    assert message.markers == ("<<topic>>",)


def test_message_is_frozen():
    message = render(MessageKind.THANK_CARD)
    with pytest.raises(dataclasses.FrozenInstanceError):
        message.body = "x"  # type: ignore[misc]


# --- tone ---------------------------------------------------------------------------------

BANNED = [
    "just checking in",
    "checking in",
    "touching base",
    "touch base",
    "circle back",
    "reach out",
    "just wanted",
    "don't hesitate",
    "perfect fit",
    "hit the ground running",
    "thank you for your time and consideration",
    "per my last",
    "at your earliest convenience",
]


@pytest.mark.parametrize("kind", list(MessageKind))
def test_no_cliches_or_nagging(kind):
    texts = [TEMPLATES[kind]] + [
        render(kind, follow_up_number=n, today=today).text
        for n in (1, 2)
        for today in (None, THURSDAY, dt.date(2026, 12, 7))
    ]
    for text in texts:
        lowered = text.lower().replace("\n", " ")
        for phrase in BANNED:
            assert phrase not in lowered, (kind, phrase)


def test_word_limits():
    for today in (None, THURSDAY, dt.date(2026, 12, 10)):
        assert words(render(MessageKind.THANK_EMAIL, today=today).body) <= 150
        assert words(render(MessageKind.THANK_CARD, today=today).body) <= 60
    assert words(render(MessageKind.SECOND_FOLLOW_UP_EMAIL).body) < words(
        render(MessageKind.FOLLOW_UP_EMAIL).body
    )


def test_template_word_limits_leave_room_for_a_long_topic():
    # Placeholders count as one word each; a topic of ~20 words must still fit.
    assert words(TEMPLATES[MessageKind.THANK_EMAIL].partition("\n\n")[2]) <= 130
    assert words(TEMPLATES[MessageKind.THANK_CARD]) <= 45


# --- purity -----------------------------------------------------------------------------------


