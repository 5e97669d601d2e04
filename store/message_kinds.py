"""What a message is, apart from how it is worded: its kind, its tones, the message
itself and the notes and problems that come with it.

Rendering (`store.messages`), the user's files (`store.templates`) and the checks
(`store.quality`) all build on these types, so none of them needs another.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Literal

from store.frozen import Frozen, set_field
from store.locations import display_path
from store.models import LIMITS, ContactChannel, Reference, Step

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
    # The answer to the outcome, to the hiring manager.
    OFFER_ACCEPT = "offer_accept"
    OFFER_TIME = "offer_time"  # thanks for the offer, and a few days to decide
    REJECTION_REPLY = "rejection_reply"  # thanks, feedback, the door kept open

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


TEXT_LIMIT = LIMITS.sms

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
    MessageKind.OFFER_ACCEPT: "Offer acceptance",
    MessageKind.OFFER_TIME: "Offer: asking for time",
    MessageKind.REJECTION_REPLY: "Reply to the decision",
}


def marker(name: str) -> str:
    """How a missing field shows in a draft: `<<topic>>`."""
    return f"{MISSING_OPEN}{name}{MISSING_CLOSE}"


class QualityNote(Frozen):
    """What a careful reader would point out before a draft is sent (`store.quality`)."""

    __slots__ = ("severity", "text", "code")

    severity: Literal["warning", "info"]
    text: str
    # A stable name for the rule, for tests and for the screen to pick an icon.
    code: str

    def __init__(self, severity: Literal["warning", "info"], text: str, code: str = "") -> None:
        set_field(self, "severity", severity)
        set_field(self, "text", text)
        set_field(self, "code", code)


class TemplateProblem(Frozen):
    """What is wrong with the user's template file, with its line (`store.templates`)."""

    __slots__ = ("path", "line", "message")

    path: Path | None  # None for a template given as text, not read from a file
    line: int | None  # 1-based; None when it concerns the whole file
    message: str

    def __init__(self, path: Path | None, line: int | None, message: str) -> None:
        set_field(self, "path", path)
        set_field(self, "line", line)
        set_field(self, "message", message)

    def __str__(self) -> str:
        where = display_path(self.path) if self.path else "template"
        at = f" line {self.line}" if self.line else ""
        return f"{where}{at}: {self.message}"


class Message(Frozen):
    """A message made ready for one person: its subject, body and what to check."""

    __slots__ = ("kind", "subject", "body", "missing", "tone", "source", "problems", "notes")

    kind: MessageKind
    subject: str  # "" for messages without a subject (card, call notes, text, LinkedIn)
    body: str
    missing: tuple[str, ...]  # fields that had no value, in order of first use
    tone: Tone
    # The user's template file it was drafted from; None for the built-in text.
    source: Path | None
    # What is wrong with that file (an unknown placeholder, say), with its line.
    problems: tuple[TemplateProblem, ...]
    # What a careful reader would point out before it is sent (`store.quality`).
    notes: tuple[QualityNote, ...]

    def __init__(self, kind: MessageKind, subject: str, body: str, missing: tuple[str, ...],
                 tone: Tone = Tone.WARM, source: Path | None = None,
                 problems: tuple[TemplateProblem, ...] = (),
                 notes: tuple[QualityNote, ...] = ()) -> None:
        set_field(self, "kind", kind)
        set_field(self, "subject", subject)
        set_field(self, "body", body)
        set_field(self, "missing", missing)
        set_field(self, "tone", tone)
        set_field(self, "source", source)
        set_field(self, "problems", problems)
        set_field(self, "notes", notes)

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


_KINDS_FOR_STEP: dict[Step, tuple[MessageKind, ...]] = {
    Step.THANK: (MessageKind.THANK_EMAIL, MessageKind.THANK_CARD),
    # The thank-you goes once the outcome is known; the heads-up is the usual choice.
    Step.REFERENCES: (MessageKind.REFERENCE_HEADS_UP, MessageKind.REFERENCE_THANKS),
    Step.FOLLOW_UP: (
        MessageKind.FOLLOW_UP_EMAIL,
        MessageKind.FOLLOW_UP_CALL,
        MessageKind.SECOND_FOLLOW_UP_EMAIL,
    ),
    # Which of these fit depends on the outcome (`workflow.outcome_kinds`).
    Step.OUTCOME: (
        MessageKind.OFFER_ACCEPT,
        MessageKind.OFFER_TIME,
        MessageKind.REJECTION_REPLY,
    ),
}


def kinds_for(step: Step) -> tuple[MessageKind, ...]:
    """The drafts offered for one step, the usual choice first."""
    return _KINDS_FOR_STEP[step]
