"""What to send for an action and what marking it done means: the one place the
interview screen, the Today view and every command ask.

Given an interview, the settings, the reference book and today:

- `actions` are its actions and where each stands (`schedule.actions_for`);
- `draft_for` is the message for one of them: which kind, which tone (asked
  for, else chosen for that person, else the channel a reference prefers),
  the user's own wording of it when they saved one, the filled template and
  what a reader would notice;
- `mark_done`, `undo_done` and `toggle_done` record it: a thank-you (by email
  or card, as drafted), a reference told or, once the outcome is known,
  thanked and told the news, a follow-up logged (by email or call) or
  removed;
- `closed_by_outcome` is what recording an outcome closes.

Each change is decided inside the repository's transaction against the data
as it is on disk, not as a screen last saw it: two presses in one burst are
two toggles of one action, never two follow-ups.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from store.dates import format_day
from store.drafts import reworded
from store.message_kinds import Message, MessageKind, Tone, default_tone, kinds_for, variants_for
from store.messages import render_message
from store.models import (
    FollowUpChannel,
    Interview,
    Interviewer,
    Reference,
    Rewording,
    Settings,
    Step,
    ThankChannel,
)
from store.repository import InvalidInput, NotFound, Repository
from store.schedule import Action, ActionState, actions_for

# The item that stands for the follow-up still to send (the logged ones go by their id).
NEXT_FOLLOW_UP = "next"


def actions(interview: Interview, settings: Settings, book: Mapping[str, Reference],
            today: dt.date) -> list[Action]:
    """Every action of the interview and where it stands today, in step order."""
    return actions_for(interview, settings, book, today)


def closed_by_outcome(interview: Interview, settings: Settings,
                      book: Mapping[str, Reference], today: dt.date) -> list[Action]:
    """The actions still to do that recording an outcome would close: the thank-yous
    and heads-ups not sent, and the next follow-up. (The references are then owed a
    thank-you and the news instead of a heads-up: see `message_kind`.)"""
    return [a for a in actions_for(interview, settings, book, today)
            if a.state in (ActionState.WAITING, ActionState.DUE, ActionState.LATE)]


# --- the message ---------------------------------------------------------------------


class ToneFrom(StrEnum):
    """Where a draft's tone came from, so a surface can say why it is not the usual one."""

    ASKED = "asked"  # given for this one draft (`--tone`, or T before it is saved)
    CHOSEN = "chosen"  # chosen for this person earlier and kept with the interview
    CHANNEL = "channel"  # the reference prefers a text or a LinkedIn message
    USUAL = "usual"


@dataclass(frozen=True, slots=True)
class Draft:
    """The message for one action, and whom it goes to."""

    message: Message
    recipient: str
    tone_from: ToneFrom = ToneFrom.USUAL
    # The user's own wording when they saved one for this person, and then
    # `template` is the message as the template makes it.
    edited: Rewording | None = None
    template: Message | None = None

    @property
    def title(self) -> str:
        """`Thank-you email (formal) to Dana Lee`."""
        kind, tone = self.message.kind, self.message.tone
        preposition = "for" if kind is MessageKind.FOLLOW_UP_CALL else "to"
        variant = "" if tone is Tone.WARM else f" ({tone.value})"
        return f"{kind.label}{variant} {preposition} {self.recipient}"


def person_key(step: Step, person_id: str | None) -> str:
    """Whose messages a tone or a rewording belongs to: the interviewer or reference;
    the follow-ups go to the hiring manager ("")."""
    return "" if step is Step.FOLLOW_UP else person_id or ""


def next_follow_up_number(interview: Interview) -> int:
    return len(interview.follow_ups) + 1


def message_kind(interview: Interview, step: Step, *, number: int | None = None,
                 chosen: MessageKind | str | None = None) -> MessageKind:
    """The message for an action of `step`: `chosen` when it is one of the step's,
    else the usual one. Once the outcome is known a reference is owed thanks and the
    news; from the second follow-up on, the follow-up is the second one's email.
    ValueError for a `chosen` kind the step does not have."""
    kinds = kinds_for(step)
    if chosen:
        try:
            kind = MessageKind(chosen)
        except ValueError:
            raise ValueError(f"{str(chosen)!r} is not a message kind: use one of "
                             f"{', '.join(k.value for k in kinds)}") from None
        if kind not in kinds:
            raise ValueError(f"{kind.value} is not a message for the {step.value} step: use "
                             f"one of {', '.join(k.value for k in kinds)}")
        return kind
    if step is Step.REFERENCES and not interview.is_open:
        return MessageKind.REFERENCE_THANKS
    if step is Step.FOLLOW_UP and (number or next_follow_up_number(interview)) >= 2:
        return MessageKind.SECOND_FOLLOW_UP_EMAIL
    return kinds[0]


def tone_for(interview: Interview, step: Step, person_id: str | None, kind: MessageKind, *,
             reference: Reference | None = None,
             asked: Tone | str | None = None) -> tuple[Tone, ToneFrom]:
    """The tone of `kind` for this person, and why. ValueError for an `asked` tone the
    kind does not come in."""
    variants = variants_for(kind)
    if asked:
        if asked not in variants:
            raise ValueError(f"{kind.value} has no {str(asked)!r} variant: use "
                             f"{', '.join(t.value for t in variants)}")
        return Tone(asked), ToneFrom.ASKED
    chosen = interview.tone_for(step, person_key(step, person_id))
    if chosen in variants:
        return Tone(chosen), ToneFrom.CHOSEN
    tone = default_tone(kind, reference)
    return tone, ToneFrom.CHANNEL if tone is not variants[0] else ToneFrom.USUAL


def draft_for(interview: Interview, settings: Settings, book: Mapping[str, Reference],
              today: dt.date, step: Step, person_id: str | None, *,
              kind: MessageKind | str | None = None, tone: Tone | str | None = None,
              number: int | None = None, templates_dir: Path | None = None) -> Draft | None:
    """The message for one action, or None when its person is no longer listed.

    `person_id` is the interviewer (step 1) or reference (step 2); `kind` and
    `tone` choose another message or tone than the usual (ValueError when the
    step or kind has none such); `number` is which follow-up (default: the next).
    The user's own wording of that message for that person replaces the template's.
    """
    step = Step(step)
    number = number or next_follow_up_number(interview)
    kind = message_kind(interview, step, number=number, chosen=kind)
    interviewer: Interviewer | None = None
    reference: Reference | None = None
    if step is Step.THANK:
        interviewer = interview.interviewer(person_id or "")
        if interviewer is None:
            return None
        recipient = interviewer.name
    elif step is Step.REFERENCES:
        reference = book.get(person_id or "")
        if reference is None or interview.reference_use(reference.id) is None:
            return None
        recipient = reference.name
    else:
        manager = interview.hiring_manager
        recipient = manager.name if manager else "the hiring manager"
    chosen_tone, tone_from = tone_for(interview, step, person_id, kind, reference=reference,
                                      asked=tone)
    message = render_message(kind, interview, settings, interviewer=interviewer,
                             reference=reference, book=book, today=today,
                             follow_up_number=number, tone=chosen_tone,
                             templates_dir=templates_dir)
    saved = interview.draft(step, person_key(step, person_id), message.kind, message.tone)
    if saved is None:
        return Draft(message, recipient, tone_from)
    mine = reworded(message, saved.text, interview, today, interviewer=interviewer)
    return Draft(mine, recipient, tone_from, edited=saved, template=message)


# --- done and undo ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Toggled:
    """What marking done or undoing did."""

    interview: Interview  # as saved
    done: bool  # whether the action is done now
    text: str  # one line for the user: "Marked Dana Lee as thanked today"
    # The item the action now is: the follow-up just logged, or NEXT_FOLLOW_UP once
    # the one logged is removed; the person's id in steps 1 and 2.
    item: str


def _when(on: dt.date, today: dt.date) -> str:
    return "today" if on == today else f"on {format_day(on)}"


def thank_channel(kind: MessageKind | None, via: ThankChannel | str | None = None) -> ThankChannel:
    """How a thank-you went: as asked, else as drafted (a card for the card's text)."""
    if via:
        return ThankChannel(via)
    return ThankChannel.CARD if kind is MessageKind.THANK_CARD else ThankChannel.EMAIL


def follow_up_channel(kind: MessageKind | None,
                      via: FollowUpChannel | str | None = None) -> FollowUpChannel:
    """How a follow-up went: as asked, else as drafted (a call for the call notes)."""
    if via:
        try:
            return FollowUpChannel(via)
        except ValueError:
            raise InvalidInput(f"a follow-up goes by {' or '.join(FollowUpChannel)}, "
                               f"not {str(via)!r}") from None
    return FollowUpChannel.CALL if kind is MessageKind.FOLLOW_UP_CALL else FollowUpChannel.EMAIL


def _need(person_id: str | None, who: str) -> str:
    if not person_id:
        raise InvalidInput(f"say which {who}")
    return person_id


def _is_done(interview: Interview, step: Step, person_id: str, kind: MessageKind) -> bool:
    if step is Step.THANK:
        person = interview.interviewer(person_id)
        if person is None:
            raise NotFound(f"no interviewer with id {person_id!r}")
        return person.thanked
    use = interview.reference_use(person_id)
    if use is None:
        raise NotFound(f"no reference with id {person_id!r} on this interview")
    return use.thanked if kind is MessageKind.REFERENCE_THANKS else use.notified


def _mark(repo: Repository, interview: Interview, step: Step, person_id: str | None,
          kind: MessageKind, on: dt.date, today: dt.date, via: str | None) -> Toggled:
    when = _when(on, today)
    if step is Step.THANK:
        person_id = _need(person_id, "interviewer was thanked")
        saved = repo.mark_thanked(interview.id, person_id, on, via=thank_channel(kind, via))
        person = saved.interviewer(person_id)
        name = person.name if person else "them"
        return Toggled(saved, True, f"Marked {name} as thanked {when}", person_id)
    if step is Step.REFERENCES:
        person_id = _need(person_id, "reference was told")
        name = _reference_name(repo, person_id)
        if kind is MessageKind.REFERENCE_THANKS:
            saved = repo.mark_reference_thanked(interview.id, person_id, on)
            return Toggled(saved, True, f"Marked {name} as thanked {when}", person_id)
        saved = repo.mark_notified(interview.id, person_id, on)
        return Toggled(saved, True, f"Marked {name} as told {when}", person_id)
    channel = follow_up_channel(kind, via)
    before = {f.id for f in interview.follow_ups}
    saved = repo.log_follow_up(interview.id, on, channel)
    new = next((f.id for f in saved.follow_ups if f.id not in before), NEXT_FOLLOW_UP)
    text = f"Logged a follow-up to {interview.company} by {channel.value} {when}"
    return Toggled(saved, True, text, new)


def _undo(repo: Repository, interview: Interview, step: Step, person_id: str | None,
          kind: MessageKind) -> Toggled:
    if step is Step.THANK:
        person_id = _need(person_id, "interviewer")
        saved = repo.unmark_thanked(interview.id, person_id)
        person = saved.interviewer(person_id)
        name = person.name if person else "them"
        return Toggled(saved, False, f"Undid the thank-you to {name}", person_id)
    if step is Step.REFERENCES:
        person_id = _need(person_id, "reference")
        name = _reference_name(repo, person_id)
        if kind is MessageKind.REFERENCE_THANKS:
            saved = repo.unmark_reference_thanked(interview.id, person_id)
            return Toggled(saved, False, f"Undid the thank-you to {name}", person_id)
        saved = repo.unmark_notified(interview.id, person_id)
        return Toggled(saved, False, f"Undid the heads-up to {name}", person_id)
    if person_id in (None, "", NEXT_FOLLOW_UP):
        if not interview.follow_ups:
            raise InvalidInput("there is no follow-up to undo")
        person_id = interview.follow_ups[-1].id
    saved = repo.remove_follow_up(interview.id, person_id)
    return Toggled(saved, False, f"Removed the follow-up to {interview.company}",
                   NEXT_FOLLOW_UP)


def _reference_name(repo: Repository, reference_id: str) -> str:
    reference = repo.book().get(reference_id)
    return reference.name if reference else "the reference"


def mark_done(repo: Repository, interview_id: str, step: Step | str, person_id: str | None,
              today: dt.date, *, on: dt.date | None = None,
              kind: MessageKind | str | None = None, via: str | None = None) -> Toggled:
    """Record one action as done `on` (default today): the thank-you to an
    interviewer, the heads-up to a reference (after the outcome: their thanks and
    the news), or a follow-up. `kind` is the message it was done with (default the
    action's usual one) and gives the channel unless `via` says otherwise.

    Without `on`, a thank-you or heads-up already done is refused, naming its
    date (which is kept): only an `on` changes it.
    """
    step = Step(step)
    with repo.storage.transaction():
        interview = repo.interview(interview_id)
        chosen = _kind_of(interview, step, kind)
        if on is None and step is not Step.FOLLOW_UP and person_id:
            _refuse_done_again(repo, interview, step, person_id, chosen)
        return _mark(repo, interview, step, person_id, chosen, on or today, today, via)


def _refuse_done_again(repo: Repository, interview: Interview, step: Step, person_id: str,
                       kind: MessageKind) -> None:
    if not _is_done(interview, step, person_id, kind):
        return
    if step is Step.THANK:
        person = interview.interviewer(person_id)
        assert person is not None and person.thanked_on is not None
        name, what, day = person.name, "thanked", person.thanked_on
    else:
        use = interview.reference_use(person_id)
        assert use is not None
        thanks = kind is MessageKind.REFERENCE_THANKS
        name, what = _reference_name(repo, person_id), "thanked" if thanks else "told"
        on = use.thanked_on if thanks else use.notified_on
        assert on is not None
        day = on
    raise InvalidInput(f"{name} was already {what} on {format_day(day, with_year=True)}: "
                       "that date is kept (give --on DATE to change it)")


def undo_done(repo: Repository, interview_id: str, step: Step | str, person_id: str | None,
              *, kind: MessageKind | str | None = None) -> Toggled:
    """Take back one action marked done; for a follow-up, `person_id` is the one to
    remove (default: the latest)."""
    step = Step(step)
    with repo.storage.transaction():
        interview = repo.interview(interview_id)
        chosen = _kind_of(interview, step, kind)
        return _undo(repo, interview, step, person_id, chosen)


def toggle_done(repo: Repository, interview_id: str, step: Step | str, item: str | None,
                today: dt.date, *, kind: MessageKind | str | None = None,
                seen: Collection[str] | None = None) -> Toggled:
    """Done if it was not, undone if it was: what the space key does.

    Decided here, against the data being saved, not against what the screen
    showed when the key was pressed: a second press while the first is being
    saved undoes it. `item` is the interviewer or reference, or for a follow-up
    its id (remove it) or NEXT_FOLLOW_UP (log one). `seen` are the ids of the
    follow-ups the screen showed: one logged today since then was logged by a
    press still on its way to the screen, so this press takes it back (None: the
    caller showed nothing, and the next follow-up is logged).
    """
    step = Step(step)
    with repo.storage.transaction():
        interview = repo.interview(interview_id)
        chosen = _kind_of(interview, step, kind)
        if step is Step.FOLLOW_UP:
            if item not in (None, "", NEXT_FOLLOW_UP):
                if any(f.id == item for f in interview.follow_ups):
                    return _undo(repo, interview, step, item, chosen)
                # Removed meanwhile (a press before this one): this press logs it again.
                return _mark(repo, interview, step, None, chosen, today, today, None)
            pending = [f for f in interview.follow_ups
                       if seen is not None and f.id not in seen and f.on == today]
            if pending:
                return _undo(repo, interview, step, pending[-1].id, chosen)
            return _mark(repo, interview, step, None, chosen, today, today, None)
        person_id = _need(item, "interviewer" if step is Step.THANK else "reference")
        if _is_done(interview, step, person_id, chosen):
            return _undo(repo, interview, step, person_id, chosen)
        return _mark(repo, interview, step, person_id, chosen, today, today, None)


def _kind_of(interview: Interview, step: Step, kind: MessageKind | str | None) -> MessageKind:
    try:
        return message_kind(interview, step, chosen=kind)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None
