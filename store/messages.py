"""The messages a job seeker sends after an interview, drafted from their own data.

Each built-in template is plain text with `$name` placeholders (see `FIELDS`).
Rendering is one pass of `string.Template` syntax with our own substitution:
values are inserted literally and never expanded again, so a company called
`${signature}` or `{0.__class__}` or `[bold]` comes out exactly as typed. A
field with no value renders as `<<name>>` and is listed in `Message.missing`,
so the screen can highlight it and warn before the draft is copied.

Sentences that depend on what is known (is there a decision date? has it
passed? what was the outcome?) are built here in Python and handed to the
template as one value, so a template never needs a date it may not have.

Every message comes in a warm tone (the default) and a formal one; the
reference messages also as a short LinkedIn message and a text message, the
two without a subject. Any of them can be replaced by a file of the user's own
(`store.templates`), which `render_message` reads unless given the text.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import string
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from store.models import (
    ContactChannel,
    Interview,
    Interviewer,
    Outcome,
    Reference,
    Settings,
    Step,
    ordinal,
)

if TYPE_CHECKING:
    from store.quality import QualityNote
    from store.templates import TemplateProblem

MISSING_OPEN, MISSING_CLOSE = "<<", ">>"


class MessageKind(StrEnum):
    THANK_EMAIL = "thank_email"
    THANK_CARD = "thank_card"
    REFERENCE_HEADS_UP = "reference_heads_up"
    FOLLOW_UP_EMAIL = "follow_up_email"
    FOLLOW_UP_CALL = "follow_up_call"
    SECOND_FOLLOW_UP_EMAIL = "second_follow_up_email"
    # After the outcome: thank a reference and tell them how it went.
    REFERENCE_THANKS = "reference_thanks"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]

    @property
    def has_subject(self) -> bool:
        """Whether the usual (warm) variant is an email; see `has_subject` for others."""
        return self not in (MessageKind.THANK_CARD, MessageKind.FOLLOW_UP_CALL)


class Tone(StrEnum):
    """A variant of a message: its register, or for references the channel."""

    WARM = "warm"  # the default
    FORMAL = "formal"
    LINKEDIN = "linkedin"  # a short message, no subject
    TEXT = "text"  # an SMS: at most `TEXT_LIMIT` characters, no subject


TEXT_LIMIT = 320

_VARIANTS: dict[MessageKind, tuple[Tone, ...]] = {
    kind: (Tone.WARM, Tone.FORMAL, Tone.LINKEDIN, Tone.TEXT)
    if kind in (MessageKind.REFERENCE_HEADS_UP, MessageKind.REFERENCE_THANKS)
    else (Tone.WARM, Tone.FORMAL)
    for kind in MessageKind
}


def variants_for(kind: MessageKind | str) -> tuple[Tone, ...]:
    """The tones `kind` comes in, the default first."""
    return _VARIANTS[MessageKind(kind)]


def resolve_tone(kind: MessageKind | str, tone: Tone | str | None) -> Tone:
    """`tone` checked against `kind` (None is the default); ValueError if it has none such."""
    variants = variants_for(kind)
    if tone is None or tone == "":
        return variants[0]
    if tone in variants:
        return Tone(tone)
    raise ValueError(
        f"{MessageKind(kind).value} has no {str(tone)!r} variant: "
        f"use {', '.join(t.value for t in variants)}"
    )


def has_subject(kind: MessageKind | str, tone: Tone | str | None = None) -> bool:
    """Whether this variant is an email: a subject line, a blank line, then the body."""
    kind = MessageKind(kind)
    return kind.has_subject and resolve_tone(kind, tone) not in (Tone.LINKEDIN, Tone.TEXT)


def default_tone(kind: MessageKind | str, reference: Reference | None = None) -> Tone:
    """The variant to offer first: the channel the reference prefers, when there is one."""
    wanted = {ContactChannel.TEXT: Tone.TEXT, ContactChannel.LINKEDIN: Tone.LINKEDIN}
    tone = wanted.get(reference.channel) if reference else None
    return tone if tone in variants_for(kind) else Tone.WARM


_KIND_LABELS = {
    MessageKind.THANK_EMAIL: "Thank-you email",
    MessageKind.THANK_CARD: "Thank-you card",
    MessageKind.REFERENCE_HEADS_UP: "Reference heads-up",
    MessageKind.FOLLOW_UP_EMAIL: "Follow-up email",
    MessageKind.FOLLOW_UP_CALL: "Follow-up call notes",
    MessageKind.SECOND_FOLLOW_UP_EMAIL: "Second follow-up email",
    MessageKind.REFERENCE_THANKS: "Reference thank-you and update",
}


def marker(name: str) -> str:
    """How a missing field shows in a draft: `<<topic>>`."""
    return f"{MISSING_OPEN}{name}{MISSING_CLOSE}"


@dataclass(frozen=True, slots=True)
class Message:
    kind: MessageKind
    subject: str  # "" for messages without a subject (card, call notes, text, LinkedIn)
    body: str
    missing: tuple[str, ...]  # fields that had no value, in order of first use
    tone: Tone = Tone.WARM
    # The user's template file it was drafted from; None for the built-in text.
    source: Path | None = None
    # What is wrong with that file (an unknown placeholder, say), with its line.
    problems: tuple[TemplateProblem, ...] = ()
    # What a careful reader would point out before it is sent (`store.quality`).
    notes: tuple[QualityNote, ...] = ()

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
    "hiring_manager_intro": (
        'The hiring manager with their title when known, e.g. "Dana Lee (Head of Data)"'
    ),
    "office_phone": "The number the employer will call your references from",
    "my_name": "Your name",
    "my_phone": "Your phone number",
    "my_email": "Your email address",
    "signature": "Your sign-off (Settings signature, else your name)",
    "interviewer_names": 'Everyone who interviewed you, e.g. "Dana Lee and Sam Ortiz"',
    "round": 'Which interview round, e.g. "2nd"',
    "reference_relationship": "How the reference knows you",
    "reference_names": "The references you listed for this interview",
    "reference_call_thanks": "Thanks that fit whether the employer called the reference",
    "outcome": 'How it ended, in a few words, e.g. "an offer", "not selected"',
    "outcome_news": "A few sentences telling a reference how it ended and what comes next",
    "outcome_brief": 'One short sentence with the outcome, for a text message',
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
    MessageKind.REFERENCE_THANKS: """\
Thank you, and news from $company

Hi $first_name,

$reference_call_thanks

$outcome_news

Having you in my corner made all of this easier, and I am very grateful.

$signature""",
}


# The other variants. A formal message says the same things in fewer, plainer
# words; a LinkedIn message has no subject; a text message fits in two SMS.
VARIANT_TEMPLATES: dict[tuple[MessageKind, Tone], str] = {
    (MessageKind.THANK_EMAIL, Tone.FORMAL): """\
Thank you: $role interview

Dear $person_name,

Thank you for meeting with me $when_we_met to discuss the $role position at \
$company.

I valued our discussion of $topic. It gave me a clearer understanding of the \
role, and it confirmed my interest in joining your team.

Should any further information be useful, such as references or samples of my \
work, I would be pleased to provide it.

Kind regards,
$signature""",
    (MessageKind.THANK_CARD, Tone.FORMAL): """\
Dear $person_name,

Thank you for meeting with me to discuss the $role position. I valued our \
discussion of $topic, and it confirmed my interest in joining $company.

Kind regards,
$signature""",
    (MessageKind.REFERENCE_HEADS_UP, Tone.FORMAL): """\
Reference for the $role position at $company

Dear $first_name,

Thank you again for agreeing to act as a reference for me. I have interviewed \
for the $role position at $company and have given them your details.

$hiring_manager_intro may contact you in the coming days, most likely from \
$office_phone.

I would be grateful if you could let me know once they have been in touch.

With many thanks,
$signature""",
    (MessageKind.REFERENCE_HEADS_UP, Tone.LINKEDIN): """\
Hi $first_name,

Thank you again for being one of my references. I have interviewed for the \
$role role at $company, and $hiring_manager_intro may call you in the next few \
days, probably from $office_phone.

Could you let me know once they have called? Thank you so much.

$my_name""",
    (MessageKind.REFERENCE_HEADS_UP, Tone.TEXT): """\
Hi $first_name, it's $my_name. I gave $company your name as a reference for the \
$role role. $hiring_manager may call you in the next few days from $office_phone. \
Could you let me know when they do? Thank you!""",
    (MessageKind.FOLLOW_UP_EMAIL, Tone.FORMAL): """\
$role interview on $interview_date

Dear $person_name,

Thank you again for meeting with me on $interview_date to discuss the $role \
position. $timing

If any further information would help, such as references or samples of my \
work, I would be pleased to provide it.

I remain very interested in the position and in joining $company.

Kind regards,
$signature""",
    (MessageKind.FOLLOW_UP_CALL, Tone.FORMAL): """\
Follow-up call: $person_name, $company

- Ask for: $person_name
- Opener: "Hello, this is $my_name. I interviewed with you on $interview_date \
for the $role position. $call_reason"
- Thank: "Our discussion of $topic was very helpful, and it confirmed my \
interest in the position."
- Offer: "If any further information would help, such as references or \
samples of my work, I would be pleased to send it."
- Timeline: "$timeline_question"
- Voicemail: "Hello, this is $my_name. I interviewed for the $role position on \
$interview_date, and I am calling to thank you and to offer any further \
information you may need. I can be reached on $my_phone. That is $my_phone. \
Thank you.\"""",
    (MessageKind.SECOND_FOLLOW_UP_EMAIL, Tone.FORMAL): """\
$role position at $company

Dear $person_name,

I am writing to confirm my continued interest in the $role position. If any \
further information would assist your decision, I would be glad to provide it.

If the position has been filled, I would appreciate knowing, and I would \
welcome being considered for future roles at $company.

Kind regards,
$signature""",
    (MessageKind.REFERENCE_THANKS, Tone.FORMAL): """\
Thank you for your reference

Dear $first_name,

$reference_call_thanks

$outcome_news

I am very grateful for your support.

Kind regards,
$signature""",
    (MessageKind.REFERENCE_THANKS, Tone.LINKEDIN): """\
Hi $first_name,

$reference_call_thanks

$outcome_news

Thank you for being in my corner.

$my_name""",
    (MessageKind.REFERENCE_THANKS, Tone.TEXT): """\
Hi $first_name, it's $my_name. $outcome_brief Thank you so much for being my \
reference for the $role role!""",
}


def builtin_template(kind: MessageKind | str, tone: Tone | str | None = None) -> str:
    """The text followup ships for this message and tone."""
    kind = MessageKind(kind)
    tone = resolve_tone(kind, tone)
    if tone is Tone.WARM:
        return TEMPLATES[kind]
    return VARIANT_TEMPLATES[kind, tone]


_KINDS_FOR_STEP: dict[Step, tuple[MessageKind, ...]] = {
    Step.THANK: (MessageKind.THANK_EMAIL, MessageKind.THANK_CARD),
    # The thank-you goes once the outcome is known; the heads-up is the usual choice.
    Step.REFERENCES: (MessageKind.REFERENCE_HEADS_UP, MessageKind.REFERENCE_THANKS),
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


_NEXT_ROUND = {1: "second", 2: "third", 3: "fourth"}
_SEARCH_GOES_ON = "My search goes on, and I hope I may give your name again."


def _next_interview(round_: int) -> str:
    return f"a {_NEXT_ROUND.get(round_, 'further')} interview"


def _outcome(interview: Interview) -> str:
    return {
        Outcome.OPEN: "no decision yet",
        Outcome.SECOND_INTERVIEW: _next_interview(interview.round),
        Outcome.OFFER: "an offer",
        Outcome.REJECTED: "not selected",
        Outcome.WITHDRAWN: "withdrawn",
        Outcome.NO_ANSWER: "no answer",
    }[interview.outcome]


def _reference_call_thanks(interview: Interview, called: bool) -> str:
    company = interview.company.strip() or "the employer"
    role = interview.role.strip()
    if called:
        for_role = f" for the {role} role" if role else ""
        return (
            f"Thank you for speaking with {company} about me{for_role}, and for making "
            "the time to do it."
        )
    what = f"the {role} role at {company}" if role else f"my application to {company}"
    return (
        f"Thank you again for agreeing to be a reference for {what}, and for being "
        "ready to take their call."
    )


def _outcome_news(interview: Interview, called: bool, today: dt.date | None) -> str:
    outcome = interview.outcome
    if outcome is Outcome.OFFER:
        return (
            "I am delighted to tell you that they have offered me the job, and I wanted "
            "you to be among the first to know."
        )
    if outcome is Outcome.SECOND_INTERVIEW:
        return (
            f"I am pleased to say that they have invited me to "
            f"{_next_interview(interview.round)}, so they may be in touch with you again. "
            "I will let you know how it goes."
        )
    if outcome is Outcome.REJECTED:
        return (
            "They have decided to offer the role to another candidate. I am disappointed, "
            f"but I learned a lot from the process. {_SEARCH_GOES_ON}"
        )
    if outcome is Outcome.WITHDRAWN:
        after = "be in touch with you again" if called else "be calling you"
        return (
            f"I have since decided to withdraw my application, so they will not {after}. "
            f"{_SEARCH_GOES_ON}"
        )
    if outcome is Outcome.NO_ANSWER:
        despite = " despite following up" if interview.follow_ups else ""
        return (
            f"I have not heard back from them{despite}, so I am treating the role as "
            f"closed. {_SEARCH_GOES_ON}"
        )
    decision_by = interview.decision_by
    if decision_by and (today is None or today <= decision_by):
        return (
            f"They expect to decide by {long_date(decision_by)}, and I will let you know "
            "as soon as I hear."
        )
    return "I am still waiting to hear their decision, and I will let you know as soon as I do."


def _outcome_brief(interview: Interview, called: bool) -> str:
    company = interview.company.strip() or "the employer"
    return {
        Outcome.OPEN: f"Still no decision from {company}; I'll tell you as soon as I hear.",
        Outcome.SECOND_INTERVIEW: (
            f"{company} has invited me to {_next_interview(interview.round)}, so they may "
            "call you again."
        ),
        Outcome.OFFER: f"Good news: {company} has offered me the job!",
        Outcome.REJECTED: f"{company} went with another candidate, but I learned a lot.",
        Outcome.WITHDRAWN: (
            f"I've withdrawn from {company}'s process, so they won't call you"
            f"{' again' if called else ''}."
        ),
        Outcome.NO_ANSWER: f"I never heard back from {company}, so I've moved on.",
    }[interview.outcome]


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
    use = interview.reference_use(reference.id) if reference else None
    called = bool(use and use.called)
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
        "reference_call_thanks": _reference_call_thanks(interview, called),
        "outcome": _outcome(interview),
        "outcome_news": _outcome_news(interview, called, today),
        "outcome_brief": _outcome_brief(interview, called),
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


def split_email(template: str) -> tuple[str, str]:
    """An email template's subject line and body; the blank line between is dropped."""
    subject, _, rest = template.partition("\n")
    lines = rest.split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    return subject, "\n".join(lines)


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
    tone: Tone | str | None = None,
    template: str | None = None,
    templates_dir: Path | None = None,
) -> Message:
    """Draft one message of `kind`; see `fields_for` for who it is addressed to.

    The text is `template` when given (no file is read), else the user's own
    file for this kind and tone in `templates_dir` (default: the templates
    folder in the user's config folder), else the built-in. What is wrong with
    the user's file is in `Message.problems`; what a reader would notice in the
    result is in `Message.notes`. ValueError for a tone `kind` does not have.
    """
    from store.quality import check_message
    from store.templates import Template, check_template, load_template

    if follow_up_number < 1:
        raise ValueError(f"follow_up_number starts at 1, got {follow_up_number}")
    kind = MessageKind(kind)
    tone = resolve_tone(kind, tone)
    values = fields_for(
        interview,
        settings,
        interviewer=interviewer,
        reference=reference,
        book=book,
        today=today,
        follow_up_number=follow_up_number,
    )
    if template is None:
        loaded = load_template(kind, tone, templates_dir=templates_dir)
    else:
        loaded = Template(template, None, check_template(template, kind, tone))
    text = loaded.text
    subject, subject_missing = "", ()
    if has_subject(kind, tone):
        subject_template, text = split_email(text)
        if subject_template.strip():
            # A subject is one line, whatever the data holds.
            flat = {name: " ".join(value.split()) for name, value in values.items()}
            subject, subject_missing = render_template(subject_template, flat)
        else:
            subject, subject_missing = marker("subject"), ("subject",)
    body, body_missing = render_template(text, values)
    missing = tuple(dict.fromkeys(subject_missing + body_missing))
    message = Message(
        kind=kind,
        subject=subject,
        body=body,
        missing=missing,
        tone=tone,
        source=loaded.source,
        problems=loaded.problems,
    )
    notes = check_message(message, interview, today, kind=kind, interviewer=interviewer)
    return dataclasses.replace(message, notes=notes)
