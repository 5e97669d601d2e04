"""The messages a job seeker sends after an interview, drafted from their own data.

Each built-in template is plain text with `$name` placeholders (see `FIELDS`).
Rendering is one pass of `string.Template` syntax with our own substitution:
values are inserted literally and never expanded again, so a company called
`${signature}` or `{0.__class__}` or `[bold]` comes out exactly as typed. A
field with no value renders as `<<name>>` and is listed in `Message.missing`,
so the screen can highlight it and warn before the draft is copied.

Sentences that depend on what is known (is there a decision date? has it
passed?) are built here in Python and handed to the template as one value, so
a template never needs a date it may not have.
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from store.models import Interview, Interviewer, Reference, Settings, Step, ordinal

MISSING_OPEN, MISSING_CLOSE = "<<", ">>"


class MessageKind(StrEnum):
    THANK_EMAIL = "thank_email"
    THANK_CARD = "thank_card"
    REFERENCE_HEADS_UP = "reference_heads_up"
    FOLLOW_UP_EMAIL = "follow_up_email"
    FOLLOW_UP_CALL = "follow_up_call"
    SECOND_FOLLOW_UP_EMAIL = "second_follow_up_email"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]

    @property
    def has_subject(self) -> bool:
        return self not in (MessageKind.THANK_CARD, MessageKind.FOLLOW_UP_CALL)


_KIND_LABELS = {
    MessageKind.THANK_EMAIL: "Thank-you email",
    MessageKind.THANK_CARD: "Thank-you card",
    MessageKind.REFERENCE_HEADS_UP: "Reference heads-up",
    MessageKind.FOLLOW_UP_EMAIL: "Follow-up email",
    MessageKind.FOLLOW_UP_CALL: "Follow-up call notes",
    MessageKind.SECOND_FOLLOW_UP_EMAIL: "Second follow-up email",
}


def marker(name: str) -> str:
    """How a missing field shows in a draft: `<<topic>>`."""
    return f"{MISSING_OPEN}{name}{MISSING_CLOSE}"


@dataclass(frozen=True, slots=True)
class Message:
    kind: MessageKind
    subject: str  # "" for messages without a subject (card, call notes)
    body: str
    missing: tuple[str, ...]  # fields that had no value, in order of first use

    @property
    def text(self) -> str:
        """What is copied: the subject, a blank line and the body, or just the body."""
        if self.subject:
            return f"{self.subject}\n\n{self.body}"
        return self.body

    @property
    def markers(self) -> tuple[str, ...]:
        # Built from `missing` rather than found by scanning, so a value that
        # happens to contain "<<x>>" is never mistaken for a gap.
        text = self.text
        return tuple(m for m in map(marker, self.missing) if m in text)

    @property
    def complete(self) -> bool:
        return not self.missing


FIELDS: dict[str, str] = {
    "first_name": "First name of the person written to (the reference, else the interviewer)",
    "person_name": "Full name of the person written to",
    "person_title": "Job title of the interviewer written to",
    "company": "The company you interviewed with",
    "role": "The role you interviewed for",
    "interview_date": 'Day of the interview, e.g. "Thursday 26 November"',
    "interview_weekday": 'Weekday of the interview, e.g. "Thursday"',
    "when_we_met": '"today", "yesterday" or "on Thursday", as seen from the day of writing',
    "topic": "What you talked about with this interviewer",
    "decision_by": 'The date they said they would decide by, e.g. "Friday 27 November"',
    "timing": "A sentence about their timing; mentions the decision date only if there is one",
    "timeline_question": "A question about their timeline, for a call",
    "call_reason": "Why you are calling; says so when it is not your first follow-up",
    "hiring_manager": "Full name of the hiring manager",
    "hiring_manager_title": "Job title of the hiring manager",
    "hiring_manager_intro": 'The hiring manager with their title when known, e.g. "Dana Lee (Head of Data)"',
    "office_phone": "The number the employer will call your references from",
    "my_name": "Your name",
    "my_phone": "Your phone number",
    "my_email": "Your email address",
    "signature": "Your sign-off (Settings signature, else your name)",
    "interviewer_names": 'Everyone who interviewed you, e.g. "Dana Lee and Sam Ortiz"',
    "round": 'Which interview round, e.g. "2nd"',
    "reference_relationship": "How the reference knows you",
    "reference_names": "The references you listed for this interview",
}


# Emails: the subject on the first line, a blank line, then the body.
TEMPLATES: dict[MessageKind, str] = {
    MessageKind.THANK_EMAIL: """\
Thank you for the $role interview

Dear $first_name,

Thank you for speaking with me $when_we_met about the $role role at $company.

I especially enjoyed our conversation about $topic. It gave me a clearer picture \
of the work, and I would very much like to be part of it.

If anything would help from my side, such as references or examples of my work, \
I would be glad to send it.

With thanks,
$signature""",
    MessageKind.THANK_CARD: """\
Dear $first_name,

Thank you for our conversation about the $role role. I especially enjoyed \
talking about $topic, and I came away even more interested in joining $company.

With thanks,
$signature""",
    MessageKind.REFERENCE_HEADS_UP: """\
A call from $company may be coming

Hi $first_name,

Thank you again for agreeing to be one of my references. I have interviewed for \
the $role role at $company and gave them your name.

$hiring_manager_intro may call you about me in the next few \
days. The call will probably come from $office_phone, which you won't recognise, \
so please do pick up if you can.

Could you let me know once they have called? It helps me know where things stand.

I really appreciate your help.

$signature""",
    MessageKind.FOLLOW_UP_EMAIL: """\
Thank you again: $role interview

Dear $first_name,

Thank you again for meeting with me on $interview_date about the $role role. \
$timing

Is there anything else you need from me, such as references or examples of my \
work? I would be happy to send it.

I am still very interested in the role and in joining $company.

Best regards,
$signature""",
    MessageKind.FOLLOW_UP_CALL: """\
Follow-up call: $person_name, $company

- Ask for: $person_name
- Opener: "Hello $first_name, it's $my_name. We spoke on $interview_date about \
the $role role. $call_reason"
- Thank: "I really enjoyed our conversation about $topic, and it left me even \
more interested in the role."
- Ask: "Is there anything else you need from me, such as references or examples \
of my work?"
- Timeline: "$timeline_question"
- Voicemail: "Hello $first_name, this is $my_name. We spoke on $interview_date \
about the $role role, and I wanted to thank you again and ask whether you need \
anything else from me. You can reach me on $my_phone. That's $my_phone. Thank you.\"""",
    MessageKind.SECOND_FOLLOW_UP_EMAIL: """\
$role role at $company

Dear $first_name,

Thank you again for considering me for the $role role. I am still very \
interested, and I would be glad to send anything that would help.

If the role has gone to someone else, I would be grateful to know, and I would \
welcome the chance to be considered for future roles at $company.

Best wishes,
$signature""",
}


_KINDS_FOR_STEP: dict[Step, tuple[MessageKind, ...]] = {
    Step.THANK: (MessageKind.THANK_EMAIL, MessageKind.THANK_CARD),
    Step.REFERENCES: (MessageKind.REFERENCE_HEADS_UP,),
    Step.FOLLOW_UP: (
        MessageKind.FOLLOW_UP_EMAIL,
        MessageKind.FOLLOW_UP_CALL,
        MessageKind.SECOND_FOLLOW_UP_EMAIL,
    ),
}


def kinds_for(step: Step) -> tuple[MessageKind, ...]:
    """The drafts offered for one step, the usual choice first."""
    return _KINDS_FOR_STEP[step]


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def long_date(day: dt.date) -> str:
    """`Thursday 26 November`, in English whatever the locale."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"


def join_names(names: list[str]) -> str:
    """`Dana Lee`, `Dana Lee and Sam Ortiz`, `A, B and C`."""
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _when_we_met(interview_day: dt.date, today: dt.date | None) -> str:
    weekday = _WEEKDAYS[interview_day.weekday()]
    if today is None:
        return f"on {weekday}"
    days = (today - interview_day).days
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if 0 < days < 7:
        return f"on {weekday}"
    return f"on {long_date(interview_day)}"


def _timing(decision_by: dt.date | None, today: dt.date | None) -> str:
    if decision_by is None:
        return "I know this kind of process takes time."
    day = long_date(decision_by)
    if today is None:
        return (
            f"You mentioned you hoped to decide by {day}, and I understand these things "
            "can take time."
        )
    if today > decision_by:
        return (
            f"I know you had hoped to decide by {day}, and I understand these things "
            "often take longer than planned."
        )
    return f"I know you are planning to decide by {day}, and I don't want to rush you."


def _timeline_question(decision_by: dt.date | None, today: dt.date | None) -> str:
    if decision_by is None:
        return "Do you have a sense of when you expect to make a choice?"
    day = long_date(decision_by)
    if today is not None and today > decision_by:
        return f"I know you had hoped to decide by {day}. Is there an updated timeline?"
    return f"You mentioned deciding by {day}. Is that still the plan?"


def _call_reason(follow_up_number: int) -> str:
    if follow_up_number <= 1:
        return "I'm calling to thank you again."
    return "I'm following up on my earlier message, and I wanted to thank you again."


def fields_for(
    interview: Interview,
    settings: Settings,
    *,
    interviewer: Interviewer | None = None,
    reference: Reference | None = None,
    book: Mapping[str, Reference] | None = None,
    today: dt.date | None = None,
    follow_up_number: int = 1,
) -> dict[str, str]:
    """The value of every field in `FIELDS`; "" where the data has none.

    The message goes to `reference` if given, else to `interviewer`, else to the
    hiring manager. `topic` is always the interviewer's (the hiring manager's
    when no interviewer is given). `book` maps reference ids to references and
    is only needed for `reference_names`. `today` is the day of writing: it lets
    the wording say "today" or notice a decision date has passed; without it the
    wording stays neutral.
    """
    speaker = interviewer or interview.hiring_manager
    manager = interview.hiring_manager
    person_name = reference.name if reference else speaker.name if speaker else ""
    first_name = reference.first_name if reference else speaker.first_name if speaker else ""
    book = book or {}
    reference_names = [
        book[use.reference_id].name for use in interview.references if use.reference_id in book
    ]
    values = {
        "first_name": first_name,
        "person_name": person_name,
        "person_title": speaker.title if speaker and not reference else "",
        "company": interview.company,
        "role": interview.role,
        "interview_date": long_date(interview.date),
        "interview_weekday": _WEEKDAYS[interview.date.weekday()],
        "when_we_met": _when_we_met(interview.date, today),
        "topic": speaker.topic if speaker else "",
        "decision_by": long_date(interview.decision_by) if interview.decision_by else "",
        "timing": _timing(interview.decision_by, today),
        "timeline_question": _timeline_question(interview.decision_by, today),
        "call_reason": _call_reason(follow_up_number),
        "hiring_manager": manager.name if manager else "",
        "hiring_manager_title": manager.title if manager else "",
        # The title is a courtesy, not a must: without it the name stands alone.
        "hiring_manager_intro": (
            f"{manager.name.strip()} ({manager.title.strip()})"
            if manager and manager.title.strip()
            else manager.name if manager else ""
        ),
        "office_phone": interview.office_phone,
        "my_name": settings.name,
        "my_phone": settings.phone,
        "my_email": settings.email,
        "signature": settings.signature.strip() or settings.name,
        "interviewer_names": join_names([p.name.strip() for p in interview.interviewers]),
        "round": ordinal(interview.round),
        "reference_relationship": reference.relationship if reference else "",
        "reference_names": join_names([n.strip() for n in reference_names]),
    }
    return {name: value.strip() for name, value in values.items()}


def render_template(template: str, values: Mapping[str, str]) -> tuple[str, tuple[str, ...]]:
    """Fill `$name` and `${name}` from `values`; `$$` is a literal `$`.

    An unknown name, or a value that is empty or only whitespace, renders as
    `<<name>>` and is reported, in order of first use, once. Values are inserted
    as they are: nothing inside them is ever substituted. A `$` that starts no
    placeholder is left alone.
    """
    missing: list[str] = []

    def substitute(match) -> str:
        if match.group("escaped") is not None:
            return "$"
        name = match.group("named") or match.group("braced")
        if name is None:  # an ill-formed "$", kept as written
            return match.group(0)
        value = values.get(name)
        if value is None or not str(value).strip():
            if name not in missing:
                missing.append(name)
            return marker(name)
        return str(value)

    return string.Template.pattern.sub(substitute, template), tuple(missing)


def render_message(
    kind: MessageKind,
    interview: Interview,
    settings: Settings,
    *,
    interviewer: Interviewer | None = None,
    reference: Reference | None = None,
    book: Mapping[str, Reference] | None = None,
    follow_up_number: int = 1,
    today: dt.date | None = None,
) -> Message:
    """Draft one message of `kind`; see `fields_for` for who it is addressed to."""
    if follow_up_number < 1:
        raise ValueError(f"follow_up_number starts at 1, got {follow_up_number}")
    values = fields_for(
        interview,
        settings,
        interviewer=interviewer,
        reference=reference,
        book=book,
        today=today,
        follow_up_number=follow_up_number,
    )
    template = TEMPLATES[kind]
    subject, subject_missing = "", ()
    if kind.has_subject:
        subject_template, _, template = template.partition("\n\n")
        # A subject is one line, whatever the data holds.
        flat = {name: " ".join(value.split()) for name, value in values.items()}
        subject, subject_missing = render_template(subject_template, flat)
    body, body_missing = render_template(template, values)
    missing = tuple(dict.fromkeys(subject_missing + body_missing))
    return Message(kind=kind, subject=subject, body=body, missing=missing)
