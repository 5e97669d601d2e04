"""The Today view: every due and late action across all interviews, in one pass.

The list is `schedule.agenda` (late first) as it stood when the view opened.
What the user marks done stays in its place, ticked, so the pass reads as
progress and a slip can be undone with the same key; anything that falls due
while the view is open (another session, a new day) joins at the end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from operator import itemgetter

from textual import events
from textual.app import ComposeResult
from textual.containers import Center, Horizontal, Middle, Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Static

from store import workflow
from store.message_kinds import has_subject
from store.models import Interview, Step
from store.repository import Repository
from store.schedule import (
    Action,
    ActionState,
    describe_next,
    format_day,
    next_action,
)
from store.storage import DataFileError
from store.workflow import (
    NEXT_FOLLOW_UP,
    NO_REFERENCES,
    Draft,
    Toggled,
    needs_references,
    toggle_done,
)
from tui.keys import On, bindings
from tui.made_on_use import MadeOnUse
from tui.presenters import (
    agenda_badge,
    agenda_done_why,
    agenda_what,
    agenda_why,
    message_notes,
)
from tui.state import AgendaKey, Host, Snapshot
from widgets.agenda_list import AgendaList, AgendaRow
from widgets.key_footer import KeyFooter
from widgets.lines import update_static
from widgets.message_preview import MessagePreview
from widgets.summary_bar import SummaryBar
from widgets.text import literal

Key = AgendaKey
_INTERVIEW_ID = itemgetter(0)  # of a Key
# From this width on the selected action's message is shown beside the list.
PREVIEW_WIDTH = 100


def draft_for(step: Step, person_id: str | None, interview: Interview,
              snapshot: Snapshot, done: bool = False) -> Draft | str:
    """The message for one action, as the interview screen drafts it (the tone and
    wording chosen for that person included), or why there is none."""
    # Once logged, the follow-up on show is the one just sent.
    number = max(1, len(interview.follow_ups)) if done and step is Step.FOLLOW_UP else None
    draft = workflow.draft_for(interview, snapshot.settings, snapshot.book, snapshot.today,
                               step, person_id, number=number)
    if draft is not None:
        return draft
    if step is Step.THANK:
        return "That interviewer is no longer listed."
    return "That reference is no longer in your book."


class TodayScreen(Screen[AgendaKey | None]):
    """Late and due actions of every interview; copy, mark done, or open each."""

    AUTO_FOCUS = "AgendaList"

    BINDINGS = bindings(On.TODAY)

    snapshot: reactive[Snapshot | None] = reactive(None, init=False)

    def __init__(self) -> None:
        super().__init__()
        self._day: dt.date | None = None
        self._order: Sequence[Key] = []
        # The last pending value of each action listed, kept to draw it once done
        # (never changed in place: the first is the app's own).
        self._actions: Mapping[Key, Action] = {}
        # What space undoes, for the actions marked done here: the follow-up's id, or None.
        self._undo: dict[Key, str | None] = {}
        self._by_id: Mapping[str, Interview] = {}
        self._draft: Draft | None = None
        self._status_lines = -1
        self._unreadable = ""  # the last damaged record said so (once)
        self._shown = False  # the screen has been shown (see _on_screen_resume)

    @property
    def followup(self) -> Host:
        return self.app  # type: ignore[return-value]

    # --- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # Styled for the window's width from the start: a class set after the first
        # frame's styles would style the whole screen again.
        self.set_class(self.app.size.width < PREVIEW_WIDTH, "-narrow")
        yield SummaryBar(id="today-summary")
        with Horizontal(id="today-main"):
            with Vertical(id="today-left"):
                yield AgendaList(id="agenda")
                yield Static(id="today-status")
            yield MessagePreview(id="today-preview")
        # (The "nothing due" box is made when there is nothing due: see `_show_empty`.)
        yield KeyFooter()

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Textual styles the widgets as they are mounted, then all of them again when
        # the screen is first shown, right after (the handler of Screen, next in line,
        # does that): the second time is skipped, the first frame comes sooner.
        if not self._shown:
            self._shown = True
            event.refresh_styles = False

    def on_unmount(self) -> None:
        self.followup.today_open = False

    def on_mount(self) -> None:
        self.followup.today_open = True
        self.snapshot = self.followup.snapshot
        # The message follows the cursor within the same key press, so the moved cursor
        # and its message reach the screen in one frame.
        # The message follows the cursor within the key press that moves it: the moved
        # cursor and its message reach the screen in one frame.
        self.query_one(AgendaList).followed_by(self, self._show_preview)

    def on_resize(self) -> None:
        narrow = self.size.width < PREVIEW_WIDTH
        if narrow != self.has_class("-narrow"):
            self.set_class(narrow, "-narrow")
            self._show_preview()

    # --- data down -----------------------------------------------------------------------

    def watch_snapshot(self, snapshot: Snapshot | None) -> None:
        if snapshot is None:
            return
        self._by_id = snapshot.interviews
        if snapshot.today != self._day:
            # A new day is a new review.
            self._day = snapshot.today
            self._order, self._actions, self._undo = [], {}, {}
        pending = self.followup.agenda_by_key(snapshot)
        if not self._order:
            # The first reading of the day: every row is one of its actions (their keys
            # made as they are shown: there can be tens of thousands).
            self._order = self.followup.agenda_order(snapshot)
            self._actions = pending
        else:
            known = self._actions
            order = list(self._order)
            for key in pending:
                if key not in known:
                    order.append(key)
            actions = dict(pending)
            for key in order:
                if key not in actions:
                    actions[key] = known[key]  # (done since)
            self._actions = actions
            # Rows of interviews deleted meanwhile go (a set: looking each one up in the
            # index costs a Python call, and there can be tens of thousands of rows).
            ids = set(self._by_id)
            self._order = [key for key in order if key[0] in ids]
        self._show_rows(pending)

    def _show_rows(self, pending: Mapping[Key, Action] | None = None) -> None:
        snapshot = self.snapshot
        assert snapshot is not None
        if pending is None:
            pending = self.followup.agenda_by_key(snapshot)
        agenda_list = self.query_one(AgendaList)
        current = agenda_list.current
        # Each row is made when it is first drawn or asked for: thousands of actions
        # due at once cost no more than the screenful on show.
        rows = _Rows(self._order, pending, self._row)
        try:
            cursor = self._order.index(current.key) if current is not None \
                else agenda_list.cursor
        except ValueError:
            cursor = agenda_list.cursor
        agenda_list.set_rows(rows, cursor)
        late, due = self.followup.agenda_counts(snapshot)
        self.query_one(SummaryBar).show(
            f"Today · {format_day(snapshot.today, with_year=True)}", late, due,
            len(snapshot.interviews))
        has_rows = bool(rows)
        self.query_one("#today-main").display = has_rows
        # (Every action pending is listed: as many rows as actions means none is done.)
        done = 0 if len(self._order) == len(pending) else \
            sum(1 for key in self._order if key not in pending)
        self._show_empty(None if has_rows else self._nothing_due(snapshot))
        if has_rows and done == len(rows):
            self._status(Content.assemble(
                ("All done for today. ", "bold $text-success"), self._next_line(snapshot)))
        elif has_rows:
            left = len(rows) - done
            undo = ("  space on a ticked one undoes", "$text-muted") if self._undo else ""
            self._status(Content.assemble(
                (f"{left} to do", "bold"), (f" · {done} done", "$text-success") if done else "",
                undo, self._no_references()))
        self._show_preview()

    def _show_empty(self, text: Content | None) -> None:
        """The "nothing due" box, with `text`; hidden when None. Made when first needed:
        most days something is due, and the first frame has fewer widgets to style."""
        boxes = self.query_children("#today-empty")
        if text is None:
            if boxes:
                boxes.first().display = False
            return
        if boxes:
            boxes.first().display = True
            self.query_one("#today-empty-text", Static).update(text)
            return
        box = Middle(Center(Static(text, id="today-empty-text")), id="today-empty")
        self.mount(box, before=self.query_one(KeyFooter))

    def _no_references(self) -> Content:
        """A line naming the interviews on the list that have no references yet: their
        heads-up step has nobody to brief, which is not the same as nothing to do."""
        # Only those that list no reference are read in full (thousands of interviews
        # can be on the list, and most days none of them is one).
        snapshot = self.snapshot
        assert snapshot is not None
        maybe = self.followup.may_need_references(snapshot)
        if not maybe:
            return Content("")
        ids = dict.fromkeys(map(_INTERVIEW_ID, self._order))
        companies = [interview.company for i in ids if i in maybe
                     and (interview := self._interview(i)) is not None
                     and needs_references(interview)]
        if not companies:
            return Content("")
        return Content.assemble("\n", literal(", ".join(companies), "bold"), ": ",
                                (NO_REFERENCES + " in its step 2", "$text-warning"))

    def _status(self, content: Content) -> None:
        """The line under the list; the screen is laid out again only when its
        height changes."""
        self._status_lines = update_static(self.query_one("#today-status", Static), content,
                                           self._status_lines)

    def _interview(self, interview_id: str) -> Interview | None:
        """The interview in full, or None when it is gone or its record cannot be read
        (said once: the rest of the list is still good)."""
        try:
            return self._by_id.get(interview_id)
        except DataFileError as exc:
            if str(exc) != self._unreadable:
                self._unreadable = str(exc)
                self.notify(str(exc), title="The data file has a problem", severity="error",
                            markup=False, timeout=10)
            return None

    def _row(self, key: Key, action: Action | None) -> AgendaRow:
        known = self._actions[key]
        interview = self._interview(key[0])
        if interview is None:
            # Listed from its summary, but its record cannot be read in full.
            return AgendaRow(key, action.state if action is not None else ActionState.DONE,
                             known.person or known.step.title,
                             f"{known.company} · {known.role}", "its record cannot be read",
                             "?")
        where = f"{interview.company} · {interview.role}"
        what = agenda_what(known.step, known.person, interview, done=action is None)
        if action is not None:
            today = self._day or action.due_on
            return AgendaRow(key, action.state, what, where, agenda_why(action, today),
                             agenda_badge(action, today))
        why = agenda_done_why(known.step, known.person_id, interview, self._day or known.due_on)
        return AgendaRow(key, ActionState.DONE, what, where, why, "done")

    def _next_line(self, snapshot: Snapshot) -> Content:
        index = snapshot.interviews
        upcoming = next_action(index.summaries, snapshot.settings, snapshot.book,
                               snapshot.today)
        if upcoming is None:
            return Content("Nothing else is waiting.")
        return Content.assemble("Next: ", literal(describe_next(upcoming)), ".")

    def _nothing_due(self, snapshot: Snapshot) -> Content:
        return Content.assemble(
            ("Nothing due today. ", "bold $text-success"), self._next_line(snapshot),
            "\n\n", ("t", "bold $text-warning"), " or ", ("esc", "bold $text-warning"),
            ": back to your interviews",
        )

    # --- the message ---------------------------------------------------------------------

    def _make_draft(self) -> Draft | str:
        row = self.query_one(AgendaList).current
        snapshot = self.snapshot
        if row is None or snapshot is None:
            return "Nothing selected."
        interview_id, step, person_id = row.key
        interview = self._interview(interview_id)
        if interview is None:
            return ("That interview's record cannot be read." if interview_id in self._by_id
                    else "That interview was deleted.")
        done = row.state is ActionState.DONE
        return draft_for(Step(step), person_id, interview, snapshot, done=done)

    def _show_preview(self) -> None:
        # Drafted on narrow terminals too, where the preview is hidden: c copies it.
        draft = self._make_draft()
        preview = self.query_one(MessagePreview)
        if isinstance(draft, str):
            self._draft = None
            preview.show_nothing(draft)
            return
        self._draft = draft
        message = draft.message
        notes = message_notes(message)
        preview.show(draft.title,
                     "enter: other wordings", message.text, message.markers,
                     has_subject(message.kind, message.tone), notes)

    # --- actions -------------------------------------------------------------------------

    def action_back(self) -> None:
        self.followup.leave_today(None)

    def run_action(self, action: str) -> None:
        """Run one of this view's actions by name (from the command palette)."""
        getattr(self, f"action_{action}")()

    def action_copy(self) -> None:
        draft = self._draft
        if draft is None:
            reason = self._make_draft()
            self.notify(reason if isinstance(reason, str) else "Nothing to copy.",
                        severity="warning", markup=False)
            return
        from tui.clipboard import copy_text

        what = f"the {draft.message.kind.label.lower()} for {draft.recipient}"
        copy_text(self.app, draft.message.text, what, missing=draft.message.markers)

    def action_open(self) -> None:
        row = self.query_one(AgendaList).current
        if row is None:
            return
        self.followup.leave_today(row.key)

    def action_toggle_done(self) -> None:
        agenda_list = self.query_one(AgendaList)
        row = agenda_list.current
        if row is None:
            return
        key = row.key
        interview_id, step_value, person_id = key
        step = Step(step_value)
        interview = self._interview(interview_id)
        if interview is None:
            return
        was_done = row.state is ActionState.DONE
        if was_done and key not in self._undo:
            self.notify("Already done. enter opens the interview to change that.",
                        severity="warning")
            return
        # What space takes back: the follow-up logged here, or the person's action.
        item = (self._undo.get(key) if was_done else None) or person_id or NEXT_FOLLOW_UP
        today = self.followup.today()
        seen = tuple(f.id for f in interview.follow_ups)

        def toggle(repo: Repository) -> Toggled:
            return toggle_done(repo, interview_id, step, item, today, seen=seen)

        def settle(result: Toggled) -> None:
            if result.done:
                self._undo[key] = result.item if step is Step.FOLLOW_UP else None
            else:
                self._undo.pop(key, None)
            self._show_rows()

        self.followup.save(toggle, done=lambda result: result.text, then=settle)
        if was_done:
            return
        # On to the next action still to do, at once: the next key acts on it.
        rows = agenda_list.rows
        below = next((n for n in range(agenda_list.cursor + 1, len(rows))
                      if rows[n].state is not ActionState.DONE), None)
        agenda_list.move_to(below if below is not None else agenda_list.cursor + 1)


class _Rows(MadeOnUse[AgendaRow]):
    """The Today list's rows, each made on first use: (key, the pending action or None
    for one done today) -> row."""

    def __init__(self, keys: Sequence[Key], pending: Mapping[Key, Action],
                 make: Callable[[Key, Action | None], AgendaRow]) -> None:
        self._keys = keys
        self._pending = pending
        self._make = make
        self._made: dict[int, AgendaRow] = {}

    def __len__(self) -> int:
        return len(self._keys)

    def _item(self, index: int) -> AgendaRow:
        row = self._made.get(index)
        if row is None:
            key = self._keys[index]
            row = self._made[index] = self._make(key, self._pending.get(key))
        return row
