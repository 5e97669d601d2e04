"""What each part of the screen shows and says, worked out from the data alone.

Pure functions: the schedule's values in, the widgets' values out (`StepView`,
`AgendaRow` parts, `MessageView`), so the wording of every step, row and message
pane is tested without running the app. The screens call them and hand the result to their widgets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from dataclasses import replace

from store.dates import format_day
from store.frozen import Frozen, set_field
from store.message_kinds import Message, MessageKind, has_subject, variants_for
from store.models import Interview, Reference, Step, ThankChannel
from store.quality import short_text
from store.schedule import Action, ActionState, FollowUpPlan, what_happened
from store.workflow import (
    NEXT_FOLLOW_UP,
    NO_REFERENCES,
    Draft,
    answer_words,
    needs_references,
    outcome_kinds,
)
from widgets.step_items import StepItem, StepView

STEPS = (Step.THANK, Step.REFERENCES, Step.FOLLOW_UP)
PENDING = (ActionState.LATE, ActionState.DUE, ActionState.WAITING)
# The most pressing state first: a step takes the colour of its most pressing item.
URGENCY = (ActionState.LATE, ActionState.DUE, ActionState.WAITING, ActionState.MOVE_ON,
           ActionState.CLOSED, ActionState.DONE)

_VIA = {ThankChannel.EMAIL: " by email", ThankChannel.CARD: " by card",
        ThankChannel.CALL: " by phone"}


# --- the three steps of an interview ---------------------------------------------------


def state_of(items: Iterable[StepItem]) -> ActionState | None:
    """The most pressing state among `items`; None when there are none."""
    states = {item.state for item in items}
    return next((state for state in URGENCY if state in states), None)


def first_step_to_do(views: Mapping[Step, StepView]) -> Step:
    """The step to open an interview at: the first with something due, else waiting."""
    for wanted in ((ActionState.LATE, ActionState.DUE), (ActionState.WAITING,)):
        for step in STEPS:
            if any(item.state in wanted for item in views[step].items):
                return step
    return Step.THANK


def current_item(view: StepView | None, chosen: str | None) -> str | None:
    """The item the user is on in a step: the one they chose, else the first to do."""
    if view is None or not view.items:
        return None
    ids = [item.item_id for item in view.items]
    if chosen in ids:
        return chosen
    for item in view.items:
        if item.state in PENDING:
            return item.item_id
    return ids[0]


def pending_note(action: Action, verb: str, today: dt.date) -> str:
    """`late, due Mon 16 Nov`, `thank today`, `tell them by Tue 1 Dec`."""
    if action.state is ActionState.LATE:
        return f"late, due {format_day(action.due_on)}"
    if action.state is ActionState.DUE:
        if today >= action.late_after:
            return f"{verb} today"
        return f"{verb} by {format_day(action.late_after)}"
    if action.state is ActionState.WAITING:
        return f"after the interview on {format_day(action.due_on)}"
    # Closed by the outcome: the step's title says what happened.
    return "not thanked" if action.step is Step.THANK else "not done"


def thank_view(interview: Interview, actions: list[Action], today: dt.date) -> StepView:
    """Step 1: each interviewer, thanked or still to thank."""
    by_person = {a.person_id: a for a in actions if a.step is Step.THANK}
    items = []
    for person in interview.interviewers:
        action = by_person.get(person.id)
        if person.thanked_on is not None:
            state = ActionState.DONE
            via = _VIA.get(person.thanked_via, "") if person.thanked_via else ""
            note = f"thanked {format_day(person.thanked_on)}{via}"
        elif action is not None:
            state = action.state
            note = pending_note(action, "thank", today)
        else:
            state, note = ActionState.CLOSED, "not thanked"
        items.append(StepItem(person.id, state, person.name, person.title, note))
    done = sum(1 for p in interview.interviewers if p.thanked)
    total = len(interview.interviewers)
    status = f"{done} of {total} thanked" if total else "no interviewers yet"
    if not interview.is_open and done < total:
        # What happened, rather than thank-yous that are no longer owed.
        status = f"{what_happened(interview)}; {status}"
    return StepView(
        number=1,
        title=Step.THANK.title,
        status=status,
        state=state_of(items),
        items=tuple(items),
        empty="No interviewers yet: press a here to add who you met.",
    )


def reference_view(interview: Interview, actions: list[Action],
                   book: Mapping[str, Reference], today: dt.date) -> StepView:
    """Step 2: each reference told or still to tell; after the outcome, to thank."""
    if not interview.is_open:
        return reference_thanks_view(interview, book)
    by_ref = {a.person_id: a for a in actions if a.step is Step.REFERENCES}
    items = []
    for use in interview.references:
        ref = book.get(use.reference_id)
        action = by_ref.get(use.reference_id)
        if use.notified_on is not None:
            state = ActionState.DONE
            note = f"told {format_day(use.notified_on)}"
            if use.called:
                note += "; they were called"
        elif action is not None:
            state = action.state
            note = pending_note(action, "tell them", today)
            if state is ActionState.WAITING and action.due_on < interview.date:
                # A further round's heads-up: due before the interview.
                note = f"from {format_day(action.due_on)}, before the interview"
        else:
            state, note = ActionState.CLOSED, "not told"
        items.append(StepItem(use.reference_id, state,
                              ref.name if ref else "Unknown reference",
                              ref.relationship if ref else "", note))
    told = sum(1 for use in interview.references if use.notified)
    total = len(interview.references)
    return StepView(
        number=2,
        title=Step.REFERENCES.title,
        status=(f"{told} of {total} told" if total else
                "no references yet" if needs_references(interview) else "none needed"),
        state=state_of(items),
        items=tuple(items),
        notes=((ActionState.DUE, NO_REFERENCES[:1].upper() + NO_REFERENCES[1:] + "."),)
        if needs_references(interview) else (),
        empty=("No references needed for this interview (N to ask for them again)."
               if interview.references_not_needed else
               "No references yet: press a here to add one from your book (or a new one)."),
    )


def reference_thanks_view(interview: Interview, book: Mapping[str, Reference]) -> StepView:
    """After the outcome: each reference who was told is owed thanks and the news."""
    items = []
    for use in interview.references:
        ref = book.get(use.reference_id)
        if use.thanked_on is not None:
            state, note = ActionState.DONE, f"thanked {format_day(use.thanked_on)}"
        elif use.notified_on is not None:
            state = ActionState.DUE
            note = "thank them, share the news"
            if use.called:
                note = "called; " + note
        else:
            state, note = ActionState.CLOSED, "not told, so nothing owed"
        items.append(StepItem(use.reference_id, state,
                              ref.name if ref else "Unknown reference",
                              ref.relationship if ref else "", note))
    told = [use for use in interview.references if use.notified]
    thanked = sum(1 for use in told if use.thanked)
    if not interview.references:
        status = "none listed"
    elif not told:
        status = "none was told"
    else:
        status = f"{thanked} of {len(told)} thanked"
    return StepView(
        number=2,
        title=Step.REFERENCES.title,
        status=status,
        state=state_of(items),
        items=tuple(items),
        notes=((ActionState.DUE, f"Outcome: {interview.outcome.label}. Thank each one you "
                                 "told."),)
        if told and thanked < len(told) else (),
        empty="No references were listed for this interview.",
    )


_FOLLOW_UP_STATUS = {
    ActionState.LATE: "late",
    ActionState.DUE: "due",
    ActionState.WAITING: "not yet",
    ActionState.MOVE_ON: "time to move on",
}


def follow_up_view(interview: Interview, plan: FollowUpPlan, today: dt.date) -> StepView:
    """Step 3: the follow-ups sent, the next one and when, and what is still open."""
    items = []
    for number, follow_up in enumerate(interview.follow_ups, 1):
        note = f"{follow_up.channel.value}, {format_day(follow_up.on)}"
        if follow_up.reply:
            note += f"; reply: {follow_up.reply}"
        items.append(StepItem(follow_up.id, ActionState.DONE, f"Follow-up {number}", note=note,
                              detail=follow_up.note))
    state = plan.state
    status = (what_happened(interview) if state is ActionState.CLOSED
              else _FOLLOW_UP_STATUS.get(state, state.value))
    if plan.due_on is not None and state in PENDING:
        if state is ActionState.WAITING:
            note = f"on {format_day(plan.due_on)}"
        elif state is ActionState.LATE:
            note = f"late, due {format_day(plan.due_on)}"
        else:
            assert plan.late_after is not None
            note = "today" if today >= plan.late_after else f"by {format_day(plan.late_after)}"
        # Numbered after every one sent (the count toward the limit starts again after
        # a reply, but the list goes on).
        items.append(StepItem(NEXT_FOLLOW_UP, state, f"Follow-up {len(interview.follow_ups) + 1}",
                              note=note, detail="space when sent"))
    # Closed says what happened in the title ("Offer on Thu 3 Dec"); the message
    # under it is the answer to the outcome, where there is one.
    notes: list[tuple[ActionState, str]] = ([] if state is ActionState.CLOSED
                                            else [(state, plan.reason)])
    answers = outcome_kinds(interview) if state is ActionState.CLOSED else ()
    if answers:
        notes.append((ActionState.DUE, f"No follow-up now: {answer_words(answers)} "
                                       "(the message below; v for the other)"
                      if len(answers) > 1 else
                      f"No follow-up now: {answer_words(answers)} (the message below)"))
    reply = interview.last_reply
    if reply is not None and state is not ActionState.CLOSED:
        said = f"Their reply, {format_day(reply.on)}"
        said += f": {reply.note}" if reply.note else ""
        if reply.decision_by is not None:
            said += f" (deciding by {format_day(reply.decision_by)})"
        notes.append((ActionState.DONE, said))
    if plan.decision_note and plan.decision_note != plan.reason:
        notes.append((ActionState.WAITING, plan.decision_note))
    if plan.open_earlier_steps:
        unthanked = sum(1 for p in interview.interviewers if not p.thanked)
        untold = sum(1 for u in interview.references if not u.notified)
        still = []
        if unthanked:
            still.append("1 thank-you" if unthanked == 1 else f"{unthanked} thank-yous")
        if untold:
            still.append("1 reference" if untold == 1 else f"{untold} references")
        notes.append((ActionState.DUE, f"Still open: {', '.join(still)}"))
    return StepView(
        number=3,
        title=Step.FOLLOW_UP.title,
        status=status,
        state=state,
        items=tuple(items),
        notes=tuple(notes),
        empty="No follow-ups were sent.",
    )


def saving_view(view: StepView, saving: Collection[str]) -> StepView:
    """`view` with the items in `saving` (ids) shown as being saved, and no other: done
    or undone is shown only once the change is on disk."""
    if not any((item.item_id in saving) != item.saving for item in view.items):
        return view
    return replace(view, items=tuple(
        item if (item.item_id in saving) == item.saving else
        replace(item, saving=item.item_id in saving) for item in view.items))


# --- a row of the Today view -------------------------------------------------------------


def agenda_what(step: Step, person: str | None, interview: Interview, done: bool) -> str:
    """`Thank Dana Lee`, `Brief Pat Kim`, `Follow up again with Dana Lee`."""
    if step is Step.THANK:
        return f"Thank {person}"
    if step is Step.REFERENCES:
        return f"Brief {person}"
    manager = interview.hiring_manager
    earlier = len(interview.follow_ups) - (1 if done else 0)
    first = "Follow up" if earlier <= 0 else "Follow up again"
    return f"{first} with {manager.name}" if manager else first


def agenda_done_why(step: Step, person_id: str | None, interview: Interview,
                    today: dt.date) -> str:
    """`Thanked today`, `Told Tue 24 Nov`: under a row marked done."""
    def when(day: dt.date) -> str:
        return "today" if day == today else format_day(day)

    if step is Step.THANK:
        person = interview.interviewer(person_id or "")
        if person is not None and person.thanked_on is not None:
            return f"Thanked {when(person.thanked_on)}"
    elif step is Step.REFERENCES:
        use = interview.reference_use(person_id or "")
        if use is not None and use.notified_on is not None:
            return f"Told {when(use.notified_on)}"
    elif interview.follow_ups:
        return f"Followed up {when(interview.follow_ups[-1].on)}"
    return "Done"


def agenda_badge(action: Action, today: dt.date) -> str:
    """`late 8 days`, `due today`, `due by Mon 30 Nov`: the reason, short enough for a row."""
    if action.state is ActionState.LATE:
        days = (today - action.due_on).days
        return f"late {days} day" if days == 1 else f"late {days} days"
    if today >= action.late_after:
        return "due today"
    return f"due by {format_day(action.late_after)}"


def agenda_why(action: Action, today: dt.date) -> str:
    """The reason under the badge, short enough to stay whole beside the interview."""
    if action.state is ActionState.LATE:
        return f"was due {format_day(action.due_on)}"
    if today >= action.late_after:
        return "last day on time"
    if today == action.due_on:
        return "due from today"
    return f"due since {format_day(action.due_on)}"


# --- the message on show -------------------------------------------------------------------


class MessageView(Frozen):
    """What the message pane shows for a draft (`MessagePreview.show`)."""

    __slots__ = ("title", "hint", "text", "markers", "has_subject", "notes", "edited", "summary")

    title: str  # "Thank-you email (formal) to Dana Lee"
    hint: str  # the keys for the other wordings: "v: thank-you card · T: warm"
    text: str
    markers: tuple[str, ...]
    has_subject: bool
    notes: tuple[tuple[str, str], ...]  # (severity, sentence)
    edited: bool
    summary: str  # the warnings in a few words, on a line that stays in sight

    def __init__(self, title: str, hint: str, text: str, markers: tuple[str, ...],
                 has_subject: bool, notes: tuple[tuple[str, str], ...], edited: bool,
                 summary: str) -> None:
        set_field(self, "title", title)
        set_field(self, "hint", hint)
        set_field(self, "text", text)
        set_field(self, "markers", markers)
        set_field(self, "has_subject", has_subject)
        set_field(self, "notes", notes)
        set_field(self, "edited", edited)
        set_field(self, "summary", summary)


def message_view(draft: Draft, kinds: tuple[MessageKind, ...]) -> MessageView:
    """The draft as the interview screen shows it; `kinds` are the step's messages."""
    message = draft.message
    kind = message.kind
    hints = []
    if len(kinds) > 1:
        following = kinds[(kinds.index(kind) + 1) % len(kinds)]
        hints.append(f"v: {following.label.lower()}")
    tones = variants_for(kind)
    if len(tones) > 1:
        hints.append(f"T: {tones[(tones.index(message.tone) + 1) % len(tones)].value}")
    if draft.edited is not None:
        hints.append("W: template's text")
    # Under a long message the notes are out of sight: name the warnings in a few
    # words on a line that stays (gaps have their own line already).
    gaps = ("placeholders", "no_topic") if message.markers else ()
    warnings = [short_text(note) for note in message.notes
                if note.severity == "warning" and note.code not in gaps]
    warnings += ["a problem in the template"] if message.problems else []
    return MessageView(
        title=draft.title,
        hint=" · ".join(hints),
        text=message.text,
        markers=message.markers,
        has_subject=has_subject(kind, message.tone),
        notes=message_notes(message),
        edited=draft.edited is not None,
        summary=f"↓ Before sending: {'; '.join(warnings)}" if warnings else "",
    )


def message_notes(message: Message) -> tuple[tuple[str, str], ...]:
    """What a careful reader would point out, then what is wrong with the template."""
    unsigned = (("warning", "Your name is not set: s puts your name, phone and email into "
                            "every message."),) \
        if "signature" in message.missing or "my_name" in message.missing else ()
    return (*((note.severity, note.text) for note in message.notes), *unsigned,
            *(("warning", str(problem)) for problem in message.problems))
