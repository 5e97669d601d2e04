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
- `closed_by_outcome` is what recording an outcome closes, `outcome_kinds` the
  messages it offers instead, and `refuse_closed` why a step has nothing to send
  once it is known;
- `record_reply` and `record_outcome` note what the employer said;
- `mail_draft` is a message ready for the user's mail program (`store.mailto`).

Each change is decided inside the repository's transaction against the data
as it is on disk, not as a screen last saw it: two presses in one burst are
two toggles of one action, never two follow-ups.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from enum import StrEnum
from pathlib import Path

from store.dates import format_day
from store.drafts import reworded
from store.frozen import Frozen, set_field
from store.mailto import mailto_url
from store.message_kinds import Message, MessageKind, Tone, default_tone, kinds_for, variants_for
from store.messages import render_message
from store.models import (
    FollowUpChannel,
    Interview,
    Interviewer,
    Outcome,
    Reference,
    Rewording,
    Settings,
    Step,
    ThankChannel,
)
from store.repository import InvalidInput, NotFound, Repository
from store.schedule import (
    Action,
    ActionState,
    actions_for,
    follow_up_plan,
    next_business_day,
    what_happened,
)

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


# The answers an outcome calls for, to the hiring manager (every outcome also owes
# each reference who was told a thank-you with the news: the references step).
_OUTCOME_KINDS: dict[Outcome, tuple[MessageKind, ...]] = {
    Outcome.OFFER: (MessageKind.OFFER_ACCEPT, MessageKind.OFFER_TIME),
    Outcome.REJECTED: (MessageKind.REJECTION_REPLY,),
}


# What sending each of them does, in a few words for a sentence.
_ANSWER_WORDS = {
    MessageKind.OFFER_ACCEPT: "accept the offer",
    MessageKind.OFFER_TIME: "ask for time to decide",
    MessageKind.REJECTION_REPLY: "reply graciously and ask for feedback",
}


def answer_words(kinds: tuple[MessageKind, ...]) -> str:
    """`accept the offer or ask for time to decide`."""
    return " or ".join(_ANSWER_WORDS[k] for k in kinds)


def outcome_kinds(interview: Interview) -> tuple[MessageKind, ...]:
    """The messages that answer the interview's outcome, the usual first; () for none."""
    return _OUTCOME_KINDS.get(interview.outcome, ())


class Closed(InvalidInput):
    """The interview's outcome is known: this step has nothing to send any more."""

    def __init__(self, text: str, offered: tuple[MessageKind, ...] = ()) -> None:
        super().__init__(text)
        self.offered = offered


_STEP_NOUNS = {Step.THANK: "thank-you", Step.REFERENCES: "heads-up",
               Step.FOLLOW_UP: "follow-up"}


def refuse_closed(interview: Interview, step: Step, kind: MessageKind | None = None) -> None:
    """Raise Closed when `step` (with `kind`) is not offered for this interview: after
    the outcome, no thank-you, heads-up or follow-up (the references' thanks with the
    news, and the answer to the outcome, are); before it, no answer to an outcome."""
    if step is Step.OUTCOME:
        if interview.is_open:
            raise Closed(f"there is no outcome yet at {interview.company}: record one "
                         "first (offer, rejected, withdrawn or next round)")
        offered = outcome_kinds(interview)
        if not offered:
            raise Closed(f"{what_happened(interview)} at {interview.company}: there is no "
                         "answer to send; the references are owed a thank-you with the news")
        if kind is not None and kind not in offered:
            raise Closed(f"{kind.label} does not fit: {what_happened(interview)} at "
                         f"{interview.company}; use "
                         f"{', '.join(k.value for k in offered)}", offered)
        return
    if interview.is_open:
        return
    if step is Step.REFERENCES and kind in (None, MessageKind.REFERENCE_THANKS):
        return
    offered = outcome_kinds(interview)
    then = f"; what fits now: {answer_words(offered)}" if offered else ""
    raise Closed(f"the interview at {interview.company} is closed "
                 f"({what_happened(interview)}): no {_STEP_NOUNS[step]} to send{then}",
                 offered)


def needs_references(interview: Interview) -> bool:
    """An open interview with no references listed, not marked "none needed": the
    heads-up step has nobody to brief, which must not pass for nothing to do."""
    return interview.is_open and not interview.references and \
        not interview.references_not_needed


NO_REFERENCES = "no references yet — add one (a) or mark 'none needed' (N)"


# --- the message ---------------------------------------------------------------------


class ToneFrom(StrEnum):
    """Where a draft's tone came from, so a surface can say why it is not the usual one."""

    ASKED = "asked"  # given for this one draft (`--tone`, or T before it is saved)
    CHOSEN = "chosen"  # chosen for this person earlier and kept with the interview
    CHANNEL = "channel"  # the reference prefers a text or a LinkedIn message
    USUAL = "usual"


class Draft(Frozen):
    """The message for one action, and whom it goes to."""

    __slots__ = ("message", "recipient", "tone_from", "edited", "template")

    message: Message
    recipient: str
    tone_from: ToneFrom
    # The user's own wording when they saved one for this person, and then
    # `template` is the message as the template makes it.
    edited: Rewording | None
    template: Message | None

    def __init__(self, message: Message, recipient: str, tone_from: ToneFrom = ToneFrom.USUAL,
                 edited: Rewording | None = None, template: Message | None = None) -> None:
        set_field(self, "message", message)
        set_field(self, "recipient", recipient)
        set_field(self, "tone_from", tone_from)
        set_field(self, "edited", edited)
        set_field(self, "template", template)

    @property
    def title(self) -> str:
        """`Thank-you email (formal) to Dana Lee`."""
        kind, tone = self.message.kind, self.message.tone
        preposition = "for" if kind is MessageKind.FOLLOW_UP_CALL else "to"
        variant = "" if tone is Tone.WARM else f" ({tone.value})"
        return f"{kind.label}{variant} {preposition} {self.recipient}"


def person_key(step: Step, person_id: str | None) -> str:
    """Whose messages a tone or a rewording belongs to: the interviewer or reference;
    the follow-ups and the answer to the outcome go to the hiring manager ("")."""
    return "" if step in (Step.FOLLOW_UP, Step.OUTCOME) else person_id or ""


def next_follow_up_number(interview: Interview) -> int:
    """Which follow-up comes next: the employer's reply starts the count again."""
    return len(interview.follow_ups_since_reply) + 1


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
    if step is Step.OUTCOME:
        return (outcome_kinds(interview) or kinds)[0]
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
    Closed (an InvalidInput) when the outcome is known and the step is no longer
    offered, or for the answer to an outcome not known (see `refuse_closed`).
    """
    step = Step(step)
    number = number or next_follow_up_number(interview)
    kind = message_kind(interview, step, number=number, chosen=kind)
    refuse_closed(interview, step, kind)
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
        if step is Step.OUTCOME:
            interviewer = manager
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


class Toggled(Frozen):
    """What marking done or undoing did."""

    __slots__ = ("interview", "done", "text", "item")

    interview: Interview  # as saved
    done: bool  # whether the action is done now
    text: str  # one line for the user: "Marked Dana Lee as thanked today"
    # The item the action now is: the follow-up just logged, or NEXT_FOLLOW_UP once
    # the one logged is removed; the person's id in steps 1 and 2.
    item: str

    def __init__(self, interview: Interview, done: bool, text: str, item: str) -> None:
        set_field(self, "interview", interview)
        set_field(self, "done", done)
        set_field(self, "text", text)
        set_field(self, "item", item)


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


class TooEarly(InvalidInput):
    """A follow-up before the decision date: done only when the user confirms."""


def follow_up_too_early(interview: Interview, on: dt.date) -> str | None:
    """Why a follow-up `on` that day comes before the employer's decision date, or None."""
    decision = interview.decision_by
    if decision is None or on > decision or not interview.is_open:
        return None
    return (f"they said they would decide by {format_day(decision)}: a follow-up before "
            f"{format_day(next_business_day(decision))} can read as pushing")


def _check_done_day(interview: Interview, step: Step, on: dt.date, today: dt.date) -> None:
    """A day something was done is not in the future, nor before the interview (a
    further round's heads-up, which goes before it, apart)."""
    if on > today:
        raise InvalidInput(f"{format_day(on, with_year=True)} is in the future: give the day "
                           "it was done (today or earlier)")
    if step is Step.REFERENCES and interview.round >= 2:
        return
    if on < interview.date:
        raise InvalidInput(f"{format_day(on, with_year=True)} is before the interview "
                           f"({format_day(interview.date, with_year=True)}): check the date")


def mark_done(repo: Repository, interview_id: str, step: Step | str, person_id: str | None,
              today: dt.date, *, on: dt.date | None = None,
              kind: MessageKind | str | None = None, via: str | None = None,
              force: bool = False) -> Toggled:
    """Record one action as done `on` (default today): the thank-you to an
    interviewer, the heads-up to a reference (after the outcome: their thanks and
    the news), or a follow-up. `kind` is the message it was done with (default the
    action's usual one) and gives the channel unless `via` says otherwise.

    Without `on`, a thank-you or heads-up already done is refused, naming its
    date (which is kept): only an `on` changes it. A day in the future or before
    the interview is refused; a follow-up before the decision date is TooEarly
    unless `force`.
    """
    step = Step(step)
    if step is Step.OUTCOME:
        raise InvalidInput("the answer to the outcome is yours to send; there is nothing "
                           "to mark")
    with repo.storage.transaction():
        interview = repo.interview(interview_id)
        chosen = _kind_of(interview, step, kind)
        day = on or today
        _check_done_day(interview, step, day, today)
        if on is None and step is not Step.FOLLOW_UP and person_id:
            _refuse_done_again(repo, interview, step, person_id, chosen)
        if step is Step.FOLLOW_UP and not force:
            early = follow_up_too_early(interview, day)
            if early:
                raise TooEarly(early)
        return _mark(repo, interview, step, person_id, chosen, day, today, via)


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
                seen: Collection[str] | None = None, force: bool = False) -> Toggled:
    """Done if it was not, undone if it was: what the space key does.

    Decided here, against the data being saved, not against what the screen
    showed when the key was pressed: a second press while the first is being
    saved undoes it. `item` is the interviewer or reference, or for a follow-up
    its id (remove it) or NEXT_FOLLOW_UP (log one). `seen` are the ids of the
    follow-ups the screen showed: one logged today since then was logged by a
    press still on its way to the screen, so this press takes it back (None: the
    caller showed nothing, and the next follow-up is logged). Logging a follow-up
    before the decision date is TooEarly unless `force` (the user confirmed).
    """
    step = Step(step)
    with repo.storage.transaction():
        interview = repo.interview(interview_id)
        chosen = _kind_of(interview, step, kind)
        if step is Step.FOLLOW_UP:
            early = None if force else follow_up_too_early(interview, today)
            if item not in (None, "", NEXT_FOLLOW_UP):
                if any(f.id == item for f in interview.follow_ups):
                    return _undo(repo, interview, step, item, chosen)
                # Removed meanwhile (a press before this one): this press logs it again.
                if early:
                    raise TooEarly(early)
                return _mark(repo, interview, step, None, chosen, today, today, None)
            pending = [f for f in interview.follow_ups
                       if seen is not None and f.id not in seen and f.on == today]
            if pending:
                return _undo(repo, interview, step, pending[-1].id, chosen)
            if early:
                raise TooEarly(early)
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


# --- what the employer said ----------------------------------------------------------


class Noted(Frozen):
    """What recording a reply or an outcome did, in one line for the user."""

    __slots__ = ("interview", "text", "closed", "offered")

    interview: Interview  # as saved
    text: str
    # For an outcome: the actions it closed, and the answers it offers.
    closed: tuple[Action, ...]
    offered: tuple[MessageKind, ...]

    def __init__(self, interview: Interview, text: str, closed: tuple[Action, ...] = (),
                 offered: tuple[MessageKind, ...] = ()) -> None:
        set_field(self, "interview", interview)
        set_field(self, "text", text)
        set_field(self, "closed", closed)
        set_field(self, "offered", offered)


def _check_said_day(interview: Interview, on: dt.date, today: dt.date, what: str) -> None:
    if on > today:
        raise InvalidInput(f"{format_day(on, with_year=True)} is in the future: give the day "
                           f"of the {what} (today or earlier)")
    if on < interview.date:
        raise InvalidInput(f"{format_day(on, with_year=True)} is before the interview "
                           f"({format_day(interview.date, with_year=True)}): check the date")


def record_reply(repo: Repository, interview_id: str, today: dt.date, *,
                 on: dt.date | None = None, decision_by: dt.date | None = None,
                 note: str = "") -> Noted:
    """The employer wrote or called back `on` (default today), perhaps with a new date
    to decide by. Kept in the replies; the follow-up is counted again from it: after
    the new decision date when there is one, else the settings' wait from the reply."""
    day = on or today
    with repo.storage.transaction():
        interview = repo.interview(interview_id)
        if not interview.is_open:
            raise InvalidInput(f"the interview at {interview.company} is closed "
                               f"({what_happened(interview)}): a reply changes nothing now")
        _check_said_day(interview, day, today, "reply")
        saved = repo.record_reply(interview_id, day, note=note, decision_by=decision_by)
        settings, book = repo.settings(), repo.book()
    text = f"Noted the reply from {saved.company} {_when(day, today)}"
    if decision_by is not None:
        text += f": they will decide by {format_day(decision_by)}"
    plan = follow_up_plan(saved, settings, book, today)
    if plan.due_on is not None:
        text += f". Next follow-up: {format_day(plan.due_on)}"
    return Noted(saved, text)


def record_outcome(repo: Repository, interview_id: str, outcome: Outcome | str,
                   today: dt.date, *, on: dt.date | None = None) -> Noted:
    """How it ended, known `on` (default today): closes the thank-yous, heads-ups and
    follow-ups not done and offers the messages that fit instead. OPEN reopens."""
    outcome = Outcome(outcome)
    day = on or today
    with repo.storage.transaction():
        interview = repo.interview(interview_id)
        if outcome is not Outcome.OPEN:
            _check_said_day(interview, day, today, "outcome")
        settings, book = repo.settings(), repo.book()
        closing = tuple(closed_by_outcome(interview, settings, book, today))
        saved = repo.set_outcome(interview_id, outcome, on=day)
    if outcome is Outcome.OPEN:
        return Noted(saved, f"{saved.company} is open again")
    text = f"{what_happened(saved)} at {saved.company}"
    if closing:
        text += f": closed {_closed_summary(closing)}"
    offered = outcome_kinds(saved)
    told = sum(1 for u in saved.references if u.notified)
    now = [answer_words(offered)] if offered else []
    if told:
        now.append(f"thank {told} reference{'s' if told != 1 else ''} with the news")
    if now:
        text += f". Now: {'; '.join(now)}"
    return Noted(saved, text, closing, offered)


def _closed_summary(actions: tuple[Action, ...]) -> str:
    counts: dict[Step, int] = {}
    for action in actions:
        counts[action.step] = counts.get(action.step, 0) + 1
    parts = []
    for step, noun in ((Step.THANK, "thank-you"), (Step.REFERENCES, "heads-up"),
                       (Step.FOLLOW_UP, "follow-up")):
        n = counts.get(step, 0)
        if n == 1 and step is Step.FOLLOW_UP:
            parts.append("the follow-up")
        elif n:
            parts.append(f"{n} {noun}{'s' if n != 1 else ''}")
    return ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]


# --- into the mail program ----------------------------------------------------------------


class MailDraft(Frozen):
    """A message as a draft for the user's mail program."""

    __slots__ = ("to", "subject", "body", "url", "note")

    to: str  # "" when no email is known
    subject: str
    body: str
    url: str  # mailto:, RFC 6068
    # Said to the user when `to` is empty: "no email is known for Dana Lee".
    note: str

    def __init__(self, to: str, subject: str, body: str, url: str, note: str = "") -> None:
        set_field(self, "to", to)
        set_field(self, "subject", subject)
        set_field(self, "body", body)
        set_field(self, "url", url)
        set_field(self, "note", note)


def recipient_email(interview: Interview, book: Mapping[str, Reference], step: Step,
                    person_id: str | None) -> str:
    """The stored email of whom the step's message goes to; "" when none is known."""
    if step is Step.THANK:
        person = interview.interviewer(person_id or "")
        return person.email.strip() if person else ""
    if step is Step.REFERENCES:
        reference = book.get(person_id or "")
        return reference.email.strip() if reference else ""
    manager = interview.hiring_manager
    return manager.email.strip() if manager else ""


def mail_draft(interview: Interview, book: Mapping[str, Reference], step: Step | str,
               person_id: str | None, draft: Draft) -> MailDraft:
    """The draft as a `mailto:` link with To, Subject and Body filled. InvalidInput
    for a message that is not an email (a card, call notes, a text, a LinkedIn note)."""
    step = Step(step)
    message = draft.message
    if not message.subject:
        raise InvalidInput(f"the {message.kind.label.lower()} ({message.tone.value}) is not "
                           "an email: copy it instead")
    to = recipient_email(interview, book, step, person_id)
    note = "" if to else (f"no email is known for {draft.recipient}: the draft has no "
                          "recipient (add their email to fill it in)")
    return MailDraft(to, message.subject, message.body,
                     mailto_url(to, message.subject, message.body), note)


# --- a gap in a message, filled in place ------------------------------------------------


class Gap(Frozen):
    """An empty field of a message the user can type in place before it is copied."""

    __slots__ = ("field", "question", "suggestion")

    field: str  # the message's field: "topic", "my_name", ...
    question: str  # "What did you talk about with Dana Lee?"
    suggestion: str  # offered as the answer (the interview's notes for a topic)

    def __init__(self, field: str, question: str, suggestion: str = "") -> None:
        set_field(self, "field", field)
        set_field(self, "question", question)
        set_field(self, "suggestion", suggestion)


# Fields typed into a record of their own: (record, its field, the question).
_ASKABLE: dict[str, tuple[str, str, str]] = {
    "topic": ("interviewer", "topic", "What did you talk about with {name}?"),
    "my_name": ("settings", "name", "Your name, for the messages"),
    "signature": ("settings", "name", "Your name, to sign the messages"),
    "my_phone": ("settings", "phone", "Your phone number, for the messages"),
    "my_email": ("settings", "email", "Your email address, for the messages"),
    "company": ("interview", "company", "The company you interviewed with"),
    "role": ("interview", "role", "The role you interviewed for"),
}


def gap_to_ask(interview: Interview, step: Step | str, person_id: str | None,
               message: Message) -> Gap | None:
    """The first empty field of `message` the user can fill in place, or None (then
    copying it takes a second, explicit press)."""
    step = Step(step)
    for name in message.missing:
        if name not in _ASKABLE:
            continue
        record, _, question = _ASKABLE[name]
        if record == "interviewer":
            person = (interview.interviewer(person_id or "") if step is Step.THANK
                      else interview.hiring_manager)
            if person is None:
                continue
            return Gap(name, question.format(name=person.name), interview.notes.strip())
        return Gap(name, question)
    return None


def fill_gap(repo: Repository, interview_id: str, step: Step | str, person_id: str | None,
             gap: Gap, value: str) -> Interview:
    """Save what the user typed for `gap` where it belongs: the interviewer's topic,
    the settings, the interview. InvalidInput for an empty answer."""
    step = Step(step)
    if not value.strip():
        raise InvalidInput(f"type the {gap.field.replace('_', ' ')}, or esc to leave it")
    record, key, _ = _ASKABLE[gap.field]
    with repo.storage.transaction():
        interview = repo.interview(interview_id)
        if record == "interviewer":
            person = (interview.interviewer(person_id or "") if step is Step.THANK
                      else interview.hiring_manager)
            if person is None:
                raise NotFound("that interviewer is no longer listed")
            return repo.update_interviewer(interview_id, person.id, topic=value)
        if record == "settings":
            if key == "name":
                repo.update_settings(name=value)
            elif key == "phone":
                repo.update_settings(phone=value)
            else:
                repo.update_settings(email=value)
            return repo.interview(interview_id)
        if key == "company":
            return repo.update_interview(interview_id, company=value)
        return repo.update_interview(interview_id, role=value)
