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

import datetime as dt
import os
import re
import string
from collections.abc import Mapping
from pathlib import Path

from store.dates import long_date, weekday_name
from store.message_kinds import (
    MISSING_CLOSE,
    MISSING_OPEN,
    TEXT_LIMIT,
    Message,
    MessageKind,
    QualityNote,
    TemplateProblem,
    Tone,
    default_tone,
    has_subject,
    kinds_for,
    marker,
    resolve_tone,
    variants_for,
)
from store.models import Interview, Interviewer, Outcome, Reference, Settings, ordinal
from store.quality import check_message
from store.schedule import add_business_days
from store.templates import Template, check_template, load_template
from store.wording import (
    FIELDS,
    OPTIONAL_FIELDS,
    TEMPLATES,
    VARIANT_TEMPLATES,
    builtin_template,
)

# Where these names were first defined; kept importable from here, the module that
# renders them.
__all__ = [
    "FIELDS", "MISSING_CLOSE", "MISSING_OPEN", "TEMPLATES", "TEXT_LIMIT", "VARIANT_TEMPLATES",
    "Message", "MessageKind", "QualityNote", "TemplateProblem", "Tone", "builtin_template",
    "default_tone", "fields_for", "has_subject", "join_names", "kinds_for", "long_date",
    "marker", "render_message", "render_template", "resolve_tone", "split_email",
    "variants_for",
]


def join_names(names: list[str]) -> str:
    """`Dana Lee`, `Dana Lee and Sam Ortiz`, `A, B and C`."""
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _when_we_met(interview_day: dt.date, today: dt.date | None) -> str:
    weekday = weekday_name(interview_day)
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


def _call_number(office_phone: str) -> str:
    phone = office_phone.strip()
    if phone:
        return f"from {phone}, which you won't recognise"
    return "from a number you won't recognise"


def _ask_about(interview: Interview, reference: Reference | None) -> str:
    """What the employer may ask the reference: the job's key points and what the
    reference can speak to; "" when neither is known (the line is then left out)."""
    points = interview.key_points.strip().rstrip(".")
    speaks = reference.notes.strip().rstrip(".") if reference else ""
    if points and speaks:
        return (f"They may ask about {points}. Anything you can say about {speaks} "
                "would help most.")
    if points:
        return f"They may ask about {points}."
    if speaks:
        return f"They may ask about {speaks}, which you know best."
    return ""


def _heads_up_news(interview: Interview, today: dt.date | None) -> str:
    company = interview.company.strip() or "the employer"
    role = interview.role.strip()
    the_role = f"the {role} role" if role else "the role"
    if interview.round < 2:
        return f"I have interviewed for {the_role} at {company} and gave them your name."
    met = join_names([p.name.strip() for p in interview.interviewers])
    after = f", after meeting {met}," if met else ""
    when = long_date(interview.date)
    if today is not None and today >= interview.date:
        return (f"I am through to a further round for {the_role} at {company}{after} and "
                f"had the {ordinal(interview.round)} interview on {when}, so they may be in "
                "touch with you again.")
    return (f"I am through to a further round for {the_role} at {company}{after} and the "
            f"{ordinal(interview.round)} interview is on {when}, so they may be in touch "
            "with you again.")


# A panel's thank-yous differ in their first and last lines: each person gets the
# next variant in the order of their ids, so two people never share one (up to three
# of them) and a person's note stays the same from one draft to the next.
_PANEL_OPENINGS = (
    "Thank you for speaking with me $when_we_met about the $role role at $company.",
    "Thank you for taking the time to meet me $when_we_met to talk about the $role role at "
    "$company.",
    "It was a pleasure to meet you $when_we_met and to hear more about the $role role at "
    "$company.",
)
_PANEL_MIDDLES = (
    "It gave me a clearer picture of the work, and I would very much like to be part of it.",
    "It showed me how the team works, and it made me even keener to join it.",
    "It left me with a real sense of the work, and I would love to be part of it.",
)
_PANEL_CLOSINGS = ("With thanks,", "Best wishes,", "Warm regards,")
_MANAGER_OPENING = (
    "Thank you for speaking with me $when_we_met about the $role role at $company, and for "
    "explaining what the role needs and what comes next."
)
_MANAGER_MIDDLE = (
    "It gave me a clearer picture of what the role would ask of me, and I would very much "
    "like to take it on. I look forward to hearing about the next steps."
)
_FORMAL_OPENINGS = (
    "Thank you for meeting with me $when_we_met to discuss the $role position at $company.",
    "I am grateful for the time you took $when_we_met to discuss the $role position at "
    "$company.",
    "It was a pleasure to meet you $when_we_met and to learn more about the $role position at "
    "$company.",
)
_FORMAL_MIDDLES = (
    "It gave me a clearer understanding of the role, and it confirmed my interest in "
    "joining your team.",
    "It helped me understand how the team works, and it confirmed my interest in the "
    "position.",
    "It deepened my understanding of the work, and my interest in contributing to it.",
)
_FORMAL_CLOSINGS = ("Kind regards,", "Best regards,", "With kind regards,")
_FORMAL_MANAGER_OPENING = (
    "Thank you for meeting with me $when_we_met to discuss the $role position at $company, "
    "and for explaining its scope and the next steps."
)
_FORMAL_MANAGER_MIDDLE = (
    "It gave me a clear understanding of what the role requires, and it confirmed my "
    "interest in taking it on. I look forward to hearing about the next steps."
)


def panel_variant(interview: Interview, interviewer: Interviewer | None) -> int | None:
    """Which wording a thank-you to this interviewer uses: None for the hiring
    manager, else the person's place among the rest of the panel (by id)."""
    if interviewer is None:
        return None
    manager = interview.hiring_manager
    if manager is not None and manager.id == interviewer.id:
        return None
    panel = sorted(p.id for p in interview.interviewers if manager is None or p.id != manager.id)
    return panel.index(interviewer.id) if interviewer.id in panel else 0


def _thank_lines(interview: Interview, interviewer: Interviewer | None,
                 formal: bool) -> dict[str, str]:
    """The thank-you's varied lines, as wording with placeholders."""
    variant = panel_variant(interview, interviewer)
    if variant is None:
        opening, middle = ((_FORMAL_MANAGER_OPENING, _FORMAL_MANAGER_MIDDLE) if formal
                           else (_MANAGER_OPENING, _MANAGER_MIDDLE))
        closing = "Kind regards," if formal else "With thanks,"
    else:
        openings, middles, closings = ((_FORMAL_OPENINGS, _FORMAL_MIDDLES, _FORMAL_CLOSINGS)
                                       if formal else
                                       (_PANEL_OPENINGS, _PANEL_MIDDLES, _PANEL_CLOSINGS))
        n = variant % len(openings)
        opening, middle, closing = openings[n], middles[n], closings[n]
    return {"thank_opening": opening, "thank_middle": middle, "thank_closing": closing}


def _expand_fragments(template: str, fragments: Mapping[str, str]) -> str:
    """Put the wording fragments (`$thank_opening`: our own text, holding placeholders
    of its own) into the template, so that their placeholders are filled, and reported
    when empty, like the template's."""
    def substitute(match: re.Match[str]) -> str:
        name = match.group("named") or match.group("braced")
        if match.group("escaped") is None and name in fragments:
            return fragments[name]
        return str(match.group(0))

    return string.Template.pattern.sub(substitute, template)


def signature_of(settings: Settings) -> str:
    """The sign-off: the one set in settings, else the name, phone and email there."""
    if settings.signature.strip():
        return settings.signature
    return "\n".join(v.strip() for v in (settings.name, settings.phone, settings.email)
                     if v.strip())


def fields_for(
    interview: Interview,
    settings: Settings,
    *,
    interviewer: Interviewer | None = None,
    reference: Reference | None = None,
    book: Mapping[str, Reference] | None = None,
    today: dt.date | None = None,
    follow_up_number: int = 1,
    tone: Tone | None = None,
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
        "interview_weekday": weekday_name(interview.date),
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
            if manager and manager.name.strip() and manager.title.strip()
            else manager.name if manager and manager.name.strip()
            else f"Someone from {interview.company.strip() or 'the employer'}"
        ),
        "office_phone": interview.office_phone,
        "my_name": settings.name,
        "my_phone": settings.phone,
        "my_email": settings.email,
        "signature": signature_of(settings),
        "interviewer_names": join_names([p.name.strip() for p in interview.interviewers]),
        "round": ordinal(interview.round),
        "reference_relationship": reference.relationship if reference else "",
        "reference_names": join_names([n.strip() for n in reference_names]),
        "reference_call_thanks": _reference_call_thanks(interview, called),
        "outcome": _outcome(interview),
        "outcome_news": _outcome_news(interview, called, today),
        "outcome_brief": _outcome_brief(interview, called),
        "call_number": _call_number(interview.office_phone),
        "ask_about": _ask_about(interview, reference),
        "heads_up_news": _heads_up_news(interview, today),
        "key_points": interview.key_points,
        "answer_by": long_date(add_business_days(
            today or interview.outcome_on or interview.date, 3)),
    }
    values = {name: value.strip() for name, value in values.items()}
    fragments = _thank_lines(interview, speaker if not reference else None,
                             formal=tone is Tone.FORMAL)
    values.update({name: render_template(text, values)[0] for name, text in fragments.items()})
    return values


def render_template(template: str, values: Mapping[str, str],
                    optional: frozenset[str] = OPTIONAL_FIELDS) -> tuple[str, tuple[str, ...]]:
    """Fill `$name` and `${name}` from `values`; `$$` is a literal `$`.

    An unknown name, or a value that is empty or only whitespace, renders as
    `<<name>>` and is reported, in order of first use, once. Values are inserted
    as they are: nothing inside them is ever substituted. A `$` that starts no
    placeholder is left alone.
    """
    missing: list[str] = []
    # Stands for an optional field left empty until its line is dropped: text no
    # template or value holds. (os.urandom, as `secrets` uses, without loading its
    # hashing modules at start-up.)
    dropped = f"\x00{os.urandom(8).hex()}\x00"

    def substitute(match: re.Match[str]) -> str:
        if match.group("escaped") is not None:
            return "$"
        name = match.group("named") or match.group("braced")
        if name is None:  # an ill-formed "$", kept as written
            return str(match.group(0))
        value = values.get(name)
        if name in optional and value is not None and not str(value).strip():
            return dropped
        if value is None or not str(value).strip():
            if name not in missing:
                missing.append(name)
            return marker(name)
        return str(value)

    text = string.Template.pattern.sub(substitute, template)
    if dropped in text:
        text = _drop_empty(text, dropped)
    return text, tuple(missing)


def _drop_empty(text: str, dropped: str) -> str:
    """Remove the empty optional fields: a line left blank by one goes, with the blank
    line that separated it from the next paragraph; elsewhere the space before it."""
    lines = text.split("\n")
    out: list[str] = []
    for line in lines:
        if dropped in line and not line.replace(dropped, "").strip():
            # The whole line was the field: drop it and one blank line around it.
            if out and not out[-1].strip():
                out.pop()
            continue
        out.append(line.replace(" " + dropped, "").replace(dropped, ""))
    return "\n".join(out)


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
        tone=tone,
    )
    if template is None:
        loaded = load_template(kind, tone, templates_dir=templates_dir)
    else:
        loaded = Template(template, None, check_template(template, kind, tone))
    text = _expand_fragments(loaded.text, _thank_lines(
        interview, interviewer or interview.hiring_manager if not reference else None,
        formal=tone is Tone.FORMAL))
    subject, subject_missing = "", tuple[str, ...]()
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
    # (Made again rather than `dataclasses.replace`d: that would describe the class as a
    # dataclass first, which costs a millisecond in the first frame.)
    return Message(kind, subject, body, missing, tone, loaded.source, loaded.problems, notes)

