"""The job seeker's data, as immutable values.

Every function in `store` hands out these frozen values and never a storage
document, so nothing outside `store` can come to depend on how the data is
kept on disk. To change something, ask the repository; it returns the new
value.

They behave as frozen dataclasses (`dataclasses.replace` and `fields` work on
them) but write their `__init__` in the source: see `store.frozen`.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from .frozen import Frozen, set_field

# When an interview was created and changed, for one saved before that was kept.
_EPOCH = dt.datetime(1970, 1, 1)


class Step(StrEnum):
    """The three things to do after an interview, in the order they are done."""

    THANK = "thank"
    REFERENCES = "references"
    FOLLOW_UP = "follow_up"
    # Once the outcome is known: the answer to it (accept an offer, ask for time,
    # reply to a rejection). Not one of the three steps on the way to it.
    OUTCOME = "outcome"

    @property
    def title(self) -> str:  # type: ignore[override]  # the step's name, not str.title()
        return _STEP_TITLES[self]


_STEP_TITLES = {
    Step.THANK: "Appreciation",
    Step.REFERENCES: "References",
    Step.FOLLOW_UP: "Follow-up",
    Step.OUTCOME: "Outcome",
}


class Outcome(StrEnum):
    OPEN = "open"
    SECOND_INTERVIEW = "second_interview"
    OFFER = "offer"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    NO_ANSWER = "no_answer"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")

    @property
    def heading(self) -> str:
        """`Offer`, `Next round`: how the steps name what happened."""
        return _OUTCOME_HEADINGS[self]


_OUTCOME_HEADINGS = {
    Outcome.OPEN: "Open",
    Outcome.SECOND_INTERVIEW: "Next round",
    Outcome.OFFER: "Offer",
    Outcome.REJECTED: "Not selected",
    Outcome.WITHDRAWN: "Withdrawn",
    Outcome.NO_ANSWER: "No answer",
}


class Format(StrEnum):
    ONSITE = "onsite"
    PHONE = "phone"
    VIDEO = "video"


class ThankChannel(StrEnum):
    EMAIL = "email"
    CARD = "card"
    CALL = "call"


class FollowUpChannel(StrEnum):
    EMAIL = "email"
    CALL = "call"


class ContactChannel(StrEnum):
    """How a reference prefers to be reached."""

    EMAIL = "email"
    PHONE = "phone"
    TEXT = "text"
    LINKEDIN = "linkedin"

    @property
    def label(self) -> str:
        """As the user reads it: `LinkedIn`, not `Linkedin`."""
        return _CHANNEL_LABELS[self]


_CHANNEL_LABELS = {
    ContactChannel.EMAIL: "Email",
    ContactChannel.PHONE: "Phone",
    ContactChannel.TEXT: "Text",
    ContactChannel.LINKEDIN: "LinkedIn",
}


class Interviewer(Frozen):
    """One person who interviewed the user, and whether they were thanked."""

    __slots__ = ("id", "name", "title", "email", "phone", "hiring_manager", "topic", "thanked_on",
                 "thanked_via")

    id: str
    name: str
    title: str
    email: str
    phone: str
    hiring_manager: bool
    # "What we talked about": the personal detail that makes a thank-you theirs.
    topic: str
    thanked_on: dt.date | None
    thanked_via: ThankChannel | None

    def __init__(self, id: str, name: str, title: str = "", email: str = "", phone: str = "",
                 hiring_manager: bool = False, topic: str = "", thanked_on: dt.date | None = None,
                 thanked_via: ThankChannel | None = None) -> None:
        set_field(self, "id", id)
        set_field(self, "name", name)
        set_field(self, "title", title)
        set_field(self, "email", email)
        set_field(self, "phone", phone)
        set_field(self, "hiring_manager", hiring_manager)
        set_field(self, "topic", topic)
        set_field(self, "thanked_on", thanked_on)
        set_field(self, "thanked_via", thanked_via)

    @property
    def first_name(self) -> str:
        parts = self.name.split()
        return parts[0] if parts else ""

    @property
    def thanked(self) -> bool:
        return self.thanked_on is not None


class Reference(Frozen):
    """An entry in the reference book, shared by every interview that uses it."""

    __slots__ = ("id", "name", "relationship", "email", "phone", "channel", "notes")

    id: str
    name: str
    relationship: str
    email: str
    phone: str
    channel: ContactChannel
    notes: str

    def __init__(self, id: str, name: str, relationship: str = "", email: str = "", phone: str = "",
                 channel: ContactChannel = ContactChannel.EMAIL, notes: str = "") -> None:
        set_field(self, "id", id)
        set_field(self, "name", name)
        set_field(self, "relationship", relationship)
        set_field(self, "email", email)
        set_field(self, "phone", phone)
        set_field(self, "channel", channel)
        set_field(self, "notes", notes)

    @property
    def first_name(self) -> str:
        parts = self.name.split()
        return parts[0] if parts else ""


class ReferenceUse(Frozen):
    """One reference listed for one interview, and what has happened with them."""

    __slots__ = ("reference_id", "notified_on", "called", "thanked_on")

    reference_id: str
    notified_on: dt.date | None
    called: bool  # the reference told us the employer called
    # When they were thanked and told how it went, once the outcome was known.
    thanked_on: dt.date | None

    def __init__(self, reference_id: str, notified_on: dt.date | None = None, called: bool = False,
                 thanked_on: dt.date | None = None) -> None:
        set_field(self, "reference_id", reference_id)
        set_field(self, "notified_on", notified_on)
        set_field(self, "called", called)
        set_field(self, "thanked_on", thanked_on)

    @property
    def notified(self) -> bool:
        return self.notified_on is not None

    @property
    def thanked(self) -> bool:
        return self.thanked_on is not None


class FollowUp(Frozen):
    """A follow-up the user sent (or made by phone) about the decision."""

    __slots__ = ("id", "on", "channel", "note", "reply")

    id: str
    on: dt.date
    channel: FollowUpChannel
    note: str
    reply: str

    def __init__(self, id: str, on: dt.date, channel: FollowUpChannel = FollowUpChannel.EMAIL,
                 note: str = "", reply: str = "") -> None:
        set_field(self, "id", id)
        set_field(self, "on", on)
        set_field(self, "channel", channel)
        set_field(self, "note", note)
        set_field(self, "reply", reply)


class Reply(Frozen):
    """The employer wrote or called back before deciding ("we'll know next week")."""

    __slots__ = ("id", "on", "note", "decision_by", "previous_decision_by")

    id: str
    on: dt.date
    note: str
    # The new date they said they would decide by, and the one it replaced.
    decision_by: dt.date | None
    previous_decision_by: dt.date | None

    def __init__(self, id: str, on: dt.date, note: str = "", decision_by: dt.date | None = None,
                 previous_decision_by: dt.date | None = None) -> None:
        set_field(self, "id", id)
        set_field(self, "on", on)
        set_field(self, "note", note)
        set_field(self, "decision_by", decision_by)
        set_field(self, "previous_decision_by", previous_decision_by)


class HistoryEntry(Frozen):
    """One line of an interview's history: what changed, and when."""

    __slots__ = ("at", "what")

    at: dt.datetime
    what: str

    def __init__(self, at: dt.datetime, what: str) -> None:
        set_field(self, "at", at)
        set_field(self, "what", what)


class Rewording(Frozen):
    """A message the user reworded for one person; it is used instead of the template's text.

    One per step, person, kind and tone: a reworded formal thank-you leaves the
    warm one as the template makes it. `kind` and `tone` hold the values of
    `messages.MessageKind` and `messages.Tone` (the model does not know the
    messages, which are built from it).
    """

    __slots__ = ("step", "person_id", "kind", "tone", "text", "saved_at")

    step: Step
    person_id: str  # the interviewer or reference written to; "" for a follow-up
    kind: str
    tone: str
    text: str
    saved_at: dt.datetime

    def __init__(self, step: Step, person_id: str, kind: str, tone: str, text: str,
                 saved_at: dt.datetime) -> None:
        set_field(self, "step", step)
        set_field(self, "person_id", person_id)
        set_field(self, "kind", kind)
        set_field(self, "tone", tone)
        set_field(self, "text", text)
        set_field(self, "saved_at", saved_at)


class ToneChoice(Frozen):
    """The tone picked for one person's messages (for a reference, also the channel)."""

    __slots__ = ("step", "person_id", "tone")

    step: Step
    person_id: str  # as in `Rewording`
    tone: str  # a `messages.Tone` value

    def __init__(self, step: Step, person_id: str, tone: str) -> None:
        set_field(self, "step", step)
        set_field(self, "person_id", person_id)
        set_field(self, "tone", tone)


class Interview(Frozen):
    """One interview, with its people, what was done after it, and how it ended."""

    __slots__ = ("id", "company", "role", "date", "time", "format", "round", "decision_by",
                 "office_phone", "notes", "outcome", "outcome_on", "key_points",
                 "references_not_needed", "created", "updated", "interviewers", "references",
                 "follow_ups", "history", "drafts", "tones", "replies")

    id: str
    company: str
    role: str
    date: dt.date
    time: dt.time | None
    format: Format
    round: int
    # The date the interviewer said they would decide by ("by Friday").
    decision_by: dt.date | None
    # The number the employer will call references from.
    office_phone: str
    notes: str
    outcome: Outcome
    # The day the outcome was known (None for an open interview, or one recorded
    # before the date was kept).
    outcome_on: dt.date | None
    # What the job is mostly about, for the references' heads-up ("they may ask about").
    key_points: str
    # The user said this interview needs no references (so none is asked for).
    references_not_needed: bool
    created: dt.datetime
    updated: dt.datetime
    interviewers: tuple[Interviewer, ...]
    references: tuple[ReferenceUse, ...]
    follow_ups: tuple[FollowUp, ...]
    history: tuple[HistoryEntry, ...]
    drafts: tuple[Rewording, ...]
    tones: tuple[ToneChoice, ...]
    replies: tuple[Reply, ...]

    def __init__(self, id: str, company: str, role: str, date: dt.date, time: dt.time | None = None,
                 format: Format = Format.VIDEO, round: int = 1, decision_by: dt.date | None = None,
                 office_phone: str = "", notes: str = "", outcome: Outcome = Outcome.OPEN,
                 outcome_on: dt.date | None = None, key_points: str = "",
                 references_not_needed: bool = False, created: dt.datetime = _EPOCH,
                 updated: dt.datetime = _EPOCH, interviewers: tuple[Interviewer, ...] = (),
                 references: tuple[ReferenceUse, ...] = (), follow_ups: tuple[FollowUp, ...] = (),
                 history: tuple[HistoryEntry, ...] = (), drafts: tuple[Rewording, ...] = (),
                 tones: tuple[ToneChoice, ...] = (), replies: tuple[Reply, ...] = ()) -> None:
        set_field(self, "id", id)
        set_field(self, "company", company)
        set_field(self, "role", role)
        set_field(self, "date", date)
        set_field(self, "time", time)
        set_field(self, "format", format)
        set_field(self, "round", round)
        set_field(self, "decision_by", decision_by)
        set_field(self, "office_phone", office_phone)
        set_field(self, "notes", notes)
        set_field(self, "outcome", outcome)
        set_field(self, "outcome_on", outcome_on)
        set_field(self, "key_points", key_points)
        set_field(self, "references_not_needed", references_not_needed)
        set_field(self, "created", created)
        set_field(self, "updated", updated)
        set_field(self, "interviewers", interviewers)
        set_field(self, "references", references)
        set_field(self, "follow_ups", follow_ups)
        set_field(self, "history", history)
        set_field(self, "drafts", drafts)
        set_field(self, "tones", tones)
        set_field(self, "replies", replies)

    @property
    def is_open(self) -> bool:
        return self.outcome is Outcome.OPEN

    @property
    def last_reply(self) -> Reply | None:
        return max(self.replies, key=lambda r: r.on) if self.replies else None

    @property
    def follow_ups_since_reply(self) -> tuple[FollowUp, ...]:
        """The follow-ups that count toward the next one: those after the employer's
        last reply (a reply starts the count again)."""
        reply = self.last_reply
        if reply is None:
            return self.follow_ups
        return tuple(f for f in self.follow_ups if f.on > reply.on)

    @property
    def hiring_manager(self) -> Interviewer | None:
        for person in self.interviewers:
            if person.hiring_manager:
                return person
        return self.interviewers[0] if self.interviewers else None

    def interviewer(self, interviewer_id: str) -> Interviewer | None:
        return next((p for p in self.interviewers if p.id == interviewer_id), None)

    def reference_use(self, reference_id: str) -> ReferenceUse | None:
        return next((r for r in self.references if r.reference_id == reference_id), None)

    def draft(self, step: Step, person_id: str, kind: str, tone: str) -> Rewording | None:
        """The user's own wording of this message, if they reworded it."""
        return next((d for d in self.drafts if d.step == step and d.person_id == person_id
                     and d.kind == kind and d.tone == tone), None)

    def tone_for(self, step: Step, person_id: str) -> str:
        """The tone chosen for this person's messages in `step`; "" when none was."""
        return next((t.tone for t in self.tones
                     if t.step == step and t.person_id == person_id), "")

    @property
    def round_label(self) -> str:
        return ordinal(self.round)


class InterviewSummary(Frozen):
    """What a list of interviews needs of one: enough to place it and say where it stands.

    Read straight from the stored record, so ten thousand of them cost a
    fraction of ten thousand whole `Interview`s (see `Repository.index`).
    """

    __slots__ = ("id", "company", "role", "date", "outcome", "decision_by", "open_people",
                 "follow_up_dates", "interviewer_names", "reference_ids", "replied_on", "round",
                 "open_references", "thank_ids", "thank_names", "brief_ids")

    id: str
    company: str
    role: str
    date: dt.date
    outcome: Outcome
    decision_by: dt.date | None
    open_people: int  # thank-yous and reference heads-ups not done yet
    follow_up_dates: tuple[dt.date, ...]
    # For the list filter, which looks for people too: the interviewers' names and
    # the reference book ids of the references.
    interviewer_names: tuple[str, ...]
    reference_ids: tuple[str, ...]
    # The day of the employer's last reply: the follow-ups are counted from it
    # (`follow_up_dates` holds only those after it) and the wait starts again.
    replied_on: dt.date | None
    round: int
    open_references: int  # reference heads-ups not done yet (part of open_people)
    # Who the agenda lists, in the interview's order: the interviewers not thanked
    # yet (their ids, and their names alike) and the references not told yet (their
    # book ids). Empty for a closed interview, which has nothing left to do.
    thank_ids: tuple[str, ...]
    thank_names: tuple[str, ...]
    brief_ids: tuple[str, ...]

    def __init__(self, id: str, company: str, role: str, date: dt.date,
                 outcome: Outcome = Outcome.OPEN, decision_by: dt.date | None = None,
                 open_people: int = 0, follow_up_dates: tuple[dt.date, ...] = (),
                 interviewer_names: tuple[str, ...] = (), reference_ids: tuple[str, ...] = (),
                 replied_on: dt.date | None = None, round: int = 1, open_references: int = 0,
                 thank_ids: tuple[str, ...] = (), thank_names: tuple[str, ...] = (),
                 brief_ids: tuple[str, ...] = ()) -> None:
        set_field(self, "id", id)
        set_field(self, "company", company)
        set_field(self, "role", role)
        set_field(self, "date", date)
        set_field(self, "outcome", outcome)
        set_field(self, "decision_by", decision_by)
        set_field(self, "open_people", open_people)
        set_field(self, "follow_up_dates", follow_up_dates)
        set_field(self, "interviewer_names", interviewer_names)
        set_field(self, "reference_ids", reference_ids)
        set_field(self, "replied_on", replied_on)
        set_field(self, "round", round)
        set_field(self, "open_references", open_references)
        set_field(self, "thank_ids", thank_ids)
        set_field(self, "thank_names", thank_names)
        set_field(self, "brief_ids", brief_ids)

    @property
    def is_open(self) -> bool:
        return self.outcome is Outcome.OPEN

    @classmethod
    def of(cls, interview: Interview) -> InterviewSummary:
        open_refs = sum(1 for u in interview.references if u.notified_on is None)
        open_people = sum(1 for p in interview.interviewers if p.thanked_on is None)
        reply = interview.last_reply
        thanks = [p for p in interview.interviewers if p.thanked_on is None
                  ] if interview.is_open else []
        return cls(interview.id, interview.company, interview.role, interview.date,
                   interview.outcome, interview.decision_by, open_people + open_refs,
                   tuple(f.on for f in interview.follow_ups_since_reply),
                   tuple(p.name for p in interview.interviewers),
                   tuple(u.reference_id for u in interview.references),
                   reply.on if reply else None, interview.round, open_refs,
                   tuple(p.id for p in thanks), tuple(p.name for p in thanks),
                   tuple(u.reference_id for u in interview.references
                         if u.notified_on is None) if interview.is_open else ())


class Limits(Frozen):
    """How long each kind of field may be, in characters: the forms stop typing there
    and the repository refuses longer."""

    __slots__ = ("name", "phone", "text", "message", "sms")

    name: int  # a company, role, person's name, title, email or relationship
    phone: int
    text: int  # notes, a topic, a follow-up's note and reply
    message: int  # a message the user reworded; longer is a paste gone wrong
    sms: int  # a text message: two SMS

    def __init__(self, name: int = 200, phone: int = 100, text: int = 10000, message: int = 20000,
                 sms: int = 320) -> None:
        set_field(self, "name", name)
        set_field(self, "phone", phone)
        set_field(self, "text", text)
        set_field(self, "message", message)
        set_field(self, "sms", sms)


LIMITS = Limits()


class Settings(Frozen):
    """The user's name and signature for the messages, and the follow-up timing."""

    __slots__ = ("name", "signature", "phone", "email", "follow_up_wait", "follow_up_gap",
                 "max_follow_ups", "theme")

    name: str
    signature: str
    phone: str
    email: str
    # Business days to wait after the interview before following up.
    follow_up_wait: int
    # Business days between one follow-up and the next.
    follow_up_gap: int
    max_follow_ups: int
    theme: str

    def __init__(self, name: str = "", signature: str = "", phone: str = "", email: str = "",
                 follow_up_wait: int = 5, follow_up_gap: int = 7, max_follow_ups: int = 2,
                 theme: str = "") -> None:
        set_field(self, "name", name)
        set_field(self, "signature", signature)
        set_field(self, "phone", phone)
        set_field(self, "email", email)
        set_field(self, "follow_up_wait", follow_up_wait)
        set_field(self, "follow_up_gap", follow_up_gap)
        set_field(self, "max_follow_ups", max_follow_ups)
        set_field(self, "theme", theme)


def ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
