"""What a careful friend would point out before a draft is sent.

`check_message` reads a rendered message beside the interview it is about and
returns notes: a thank-you with nothing personal in it, one that runs long,
gaps still marked `<<...>>`, a follow-up that nags or comes before the date
they said they would decide by, a text message too long for two SMS.
`render_message` runs it on every draft (`Message.notes`).
"""

from __future__ import annotations

import datetime as dt
import re

from store.dates import long_date
from store.message_kinds import TEXT_LIMIT, Message, MessageKind, QualityNote, Tone, marker
from store.models import Interview, Interviewer, Outcome

THANK_YOU_WORD_LIMIT = 150

THANK_KINDS = (MessageKind.THANK_EMAIL, MessageKind.THANK_CARD)
FOLLOW_UP_KINDS = (
    MessageKind.FOLLOW_UP_EMAIL,
    MessageKind.FOLLOW_UP_CALL,
    MessageKind.SECOND_FOLLOW_UP_EMAIL,
)
# Phrases that say "I have nothing to say, answer me": the reader hears nagging.
NAGGING = (
    "just checking in",
    "checking in",
    "touching base",
    "touch base",
    "circling back",
    "circle back",
    "any update",
)


# A few words for each warning, for a line that must fit on a small screen.
SHORT: dict[str, str] = {
    "no_topic": "nothing personal in it yet",
    "too_long": f"over {THANK_YOU_WORD_LIMIT} words",
    "placeholders": "gaps left",
    "nagging": "sounds like nagging",
    "too_early": "before their decision date",
    "text_too_long": f"over {TEXT_LIMIT} characters",
    "topic_unused": "does not mention what you talked about",
    "no_outcome": "no outcome yet",
}


def short_text(note: QualityNote) -> str:
    """`sounds like nagging`: the note in a few words (its first clause when it has no
    short form)."""
    return SHORT.get(note.code) or note.text.split(":")[0].rstrip(".")


def _flat(text: str) -> str:
    return " ".join(text.lower().split())


def _words(text: str) -> int:
    return len(text.split())


def check_message(
    message: Message,
    interview: Interview,
    today: dt.date | None,
    *,
    kind: MessageKind | None = None,
    interviewer: Interviewer | None = None,
) -> tuple[QualityNote, ...]:
    """Notes on one draft, warnings first. `today` None skips the checks on timing.

    `interviewer` is who a thank-you or call is for (default: the hiring
    manager, as `render_message` addresses it); `kind` defaults to the
    message's own.
    """
    kind = MessageKind(kind or message.kind)
    notes: list[QualityNote] = []
    person = interviewer or interview.hiring_manager
    topic = person.topic.strip() if person else ""
    flat = _flat(message.text)
    skip_markers: set[str] = set()

    if kind in THANK_KINDS or (kind is MessageKind.FOLLOW_UP_CALL and "topic" in message.missing):
        who = person.name.strip() if person and person.name.strip() else "this interviewer"
        if not topic:
            skip_markers.add("topic")
            notes.append(QualityNote(
                "warning",
                f"Nothing personal yet: note what you talked about with {who}, so the "
                "message could only have been written to them.",
                "no_topic",
            ))
        elif kind in THANK_KINDS and _flat(topic) not in flat:
            notes.append(QualityNote(
                "info",
                f"The message does not mention what you talked about with {who} "
                f"({topic}).",
                "topic_unused",
            ))

    if kind in THANK_KINDS and _words(message.body) > THANK_YOU_WORD_LIMIT:
        notes.append(QualityNote(
            "warning",
            f"{_words(message.body)} words: a thank-you reads best under "
            f"{THANK_YOU_WORD_LIMIT}. Keep the one detail that makes it theirs.",
            "too_long",
        ))

    gaps = [m for m in message.markers if m not in {marker(n) for n in skip_markers}]
    if gaps:
        notes.append(QualityNote(
            "warning", f"Still to fill in before sending: {', '.join(gaps)}.", "placeholders"
        ))

    if kind in FOLLOW_UP_KINDS:
        said = [p for p in NAGGING if re.search(rf"\b{re.escape(p)}s?\b", flat)]
        # "checking in" is part of "just checking in": name the longer phrase only.
        said = [p for p in said if not any(p != q and p in q for q in said)]
        if said:
            quoted = ", ".join(f'"{p}"' for p in said)
            notes.append(QualityNote(
                "warning",
                f"Says {quoted}: give them a reason to reply instead, such as an offer "
                "to send something or a question about their timeline.",
                "nagging",
            ))
        decision_by = interview.decision_by
        if today is not None and decision_by is not None and today <= decision_by:
            notes.append(QualityNote(
                "warning",
                f"They said they would decide by {long_date(decision_by)}: a follow-up "
                "before then can read as pressure. Wait until the day after.",
                "too_early",
            ))

    if message.tone is Tone.TEXT and len(message.text) > TEXT_LIMIT:
        notes.append(QualityNote(
            "warning",
            f"{len(message.text)} characters: a text over {TEXT_LIMIT} arrives in pieces "
            "or not at all. Shorten it.",
            "text_too_long",
        ))

    if kind is MessageKind.REFERENCE_THANKS and interview.outcome is Outcome.OPEN:
        notes.append(QualityNote(
            "info",
            "No outcome yet: this tells them you are still waiting. Record the outcome "
            "to share the news.",
            "no_outcome",
        ))

    return tuple(sorted(notes, key=lambda n: n.severity != "warning"))
