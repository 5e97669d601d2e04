"""A message in the user's own words: the text they reworded, checked like any draft.

The repository keeps the text (`Interview.drafts`, `Repository.save_draft`);
this turns it back into a `Message` beside the one the template makes, so the
screen shows it, copies it and points out what a reader would notice exactly
as for a drafted message.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from store.message_kinds import Message, has_subject, marker
from store.models import Interview, Interviewer
from store.quality import check_message


def reworded(message: Message, text: str, interview: Interview, today: dt.date | None, *,
             interviewer: Interviewer | None = None) -> Message:
    """`message` with `text` (the user's own wording of it) in place of the template's.

    The text is kept exactly as written: what is copied is what was typed. An
    email's first line is its subject when a blank line follows it. Gaps still
    marked `<<name>>` stay named in `missing`; template problems no longer
    apply. `interviewer` is who a thank-you is for, as in `check_message`.
    """
    subject, gap, body = text.partition("\n\n")
    if not (has_subject(message.kind, message.tone) and gap and subject.strip()
            and "\n" not in subject):
        subject, body = "", text
    missing = tuple(name for name in message.missing if marker(name) in text)
    edited = dataclasses.replace(message, subject=subject, body=body, missing=missing,
                                 source=None, problems=(), notes=())
    notes = check_message(edited, interview, today, kind=message.kind, interviewer=interviewer)
    if marker("topic") not in text:
        # "Nothing personal yet" is about the gap the template leaves; once the user
        # has written the message themselves, the personal detail is theirs to give.
        notes = tuple(note for note in notes if note.code != "no_topic")
    return dataclasses.replace(edited, notes=notes)
