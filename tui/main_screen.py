"""The main screen: the interview list on the left, the selected interview's steps on the right.

The screen is the only place that turns store values into what widgets show:
it sorts the list by `schedule.badge`, builds each step's `StepView`, and
renders the message for whatever the user is on. Widgets report what the user
did (`InterviewList.Selected`, `StepsView.Moved`, ...) and the screen
answers by setting its reactives and handing data down.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Mapping
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Middle, Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer

from store.locations import display_path
from store.message_kinds import MessageKind, Tone, has_subject, kinds_for, variants_for
from store.models import (
    Interview,
    Interviewer,
    InterviewSummary,
    Outcome,
    Step,
    ThankChannel,
)
from store.quality import short_text
from store.repository import Repository
from store.schedule import (
    Action,
    ActionState,
    Badge,
    FollowUpPlan,
    actions_for,
    badge,
    follow_up_plan,
    format_day,
)
from store.storage import DataFileError
from store.templates import template_path, write_default
from store.workflow import (
    NEXT_FOLLOW_UP,
    Closed,
    Draft,
    Toggled,
    draft_for,
    message_kind,
    person_key,
    toggle_done,
)
from tui.clipboard import copy_text
from tui.state import Host, Snapshot
from widgets.empty_state import EmptyState
from widgets.interview_header import InterviewHeader
from widgets.interview_list import InterviewList, InterviewRow
from widgets.list_filter import ListFilter, parse_filter
from widgets.message_preview import MessagePreview
from widgets.steps_view import StepItem, StepsView, StepView
from widgets.summary_bar import SummaryBar
from widgets.text import clean, literal

STEPS = (Step.THANK, Step.REFERENCES, Step.FOLLOW_UP)
STEP_GROUP = Binding.Group("Step", compact=True)

# (key, action, footer description, footer group)
KEYS: tuple[tuple[str, str, str, Binding.Group | None], ...] = (
    ("enter", "open", "Open", None),
    ("space", "toggle_done", "Done", None),
    ("c", "copy", "Copy", None),
    ("v", "variant", "Variant", None),
    ("T", "tone", "Tone", None),
    ("w", "reword", "Reword", None),
    ("W", "use_template", "Use template", None),
    ("E", "edit_template", "Template", None),
    ("a", "add", "Add", None),
    ("e", "edit", "Edit", None),
    ("n", "new_interview", "New", None),
    ("o", "outcome", "Outcome", None),
    ("d", "delete", "Delete", None),
    ("1", "step(1)", "Appreciation", STEP_GROUP),
    ("2", "step(2)", "References", STEP_GROUP),
    ("3", "step(3)", "Follow-up", STEP_GROUP),
    ("escape", "back", "List", None),
    ("s", "settings", "Settings", None),
    ("t", "today", "Today", None),
    ("slash", "filter", "Filter", None),
    ("h", "history", "History", None),
)

# Where each key is shown in the Footer: 80 columns hold about eight keys, so
# each part of the screen shows the ones that matter there, and the help
# screen (?) lists them all. "wide" ones are shown from WIDE columns on.
FOOTER_AREAS: dict[str, set[str]] = {
    "open": {"list"},
    "toggle_done": {"step"},
    "copy": {"list", "step", "preview"},
    "variant": {"step", "preview"},
    "tone": {"wide-step", "wide-preview"},
    "reword": {"wide-step", "preview"},
    "use_template": {"preview"},
    "edit_template": {"wide-preview"},
    "add": {"step"},
    "edit": {"list", "step"},
    "new_interview": {"list", "empty"},
    "outcome": {"wide-list"},
    "delete": {"wide-list"},
    "step": {"list"},
    "back": {"step", "preview"},
    "settings": {"empty"},
    "today": {"list", "wide-step"},
    "filter": {"list"},
    "history": {"wide-step"},
}
WIDE = 100
SHORT = 30

_VIA = {ThankChannel.EMAIL: " by email", ThankChannel.CARD: " by card",
        ThankChannel.CALL: " by phone"}


class MainScreen(Screen[None]):
    """List, detail and the message to send: the whole daily review on one screen."""

    AUTO_FOCUS = "InterviewList"

    BINDINGS = [
        # Each key twice: once as shown in the Footer where it matters (see
        # FOOTER_AREAS), once hidden so it still works everywhere else.
        *(Binding(key, action, description, group=group)
          for key, action, description, group in KEYS),
        *(Binding(key, f"quietly({action!r})", description, show=False)
          for key, action, description, _ in KEYS),
    ]

    # No repaint of their own (repaint=False): the watchers update just the widgets
    # that change, where a repaint would redraw the whole screen on every key.
    snapshot: reactive[Snapshot | None] = reactive(None, init=False, repaint=False)
    selected_id: reactive[str | None] = reactive(None, init=False, repaint=False)
    active_step: reactive[Step] = reactive(Step.THANK, init=False, repaint=False)

    def __init__(self) -> None:
        super().__init__()
        # The item the user is on in each step (interviewer id, reference id,
        # follow-up id or NEXT_FOLLOW_UP), kept while the same interview is shown.
        self._person: dict[Step, str] = {}
        # The message variant the user chose with `v`, per step, for the session.
        self._variant: dict[Step, MessageKind] = {}
        # The tone chosen with `T` (warm, formal; LinkedIn or text for a reference) for
        # (interview, step, person), shown at once while it is being saved with the
        # interview; the saved choice (`Interview.tone_for`) is used after that.
        self._tone_wanted: dict[tuple[str, Step, str], Tone] = {}
        self._by_id: Mapping[str, Interview] = {}
        self._views: dict[Step, StepView] = {}
        self._plan: FollowUpPlan | None = None
        self._draft: Draft | None = None
        self._keys_state: tuple[object, ...] = ()
        # Rows are rebuilt only for interviews that changed: the repository hands
        # back the same summary for an unchanged interview. Each entry also keeps
        # the badge, whose late and due counts add up to the summary bar's.
        self._row_cache: dict[str, tuple[InterviewSummary, dt.date, Any, InterviewRow, Badge]] = {}
        self._rows_for: tuple[dt.date, Any, Any] | None = None
        self._order: list[tuple] = []  # the rows' sort keys, in order
        self._order_rows: list[InterviewRow] = []
        self._counts = (0, 0)  # late and due actions over all interviews
        self._unreadable = ""
        self._filter_anchor: str | None = None
        self._waiting = False  # built when first shown (see on_mount)

    @property
    def followup(self) -> Host:
        return self.app  # type: ignore[return-value]

    # --- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # Styled for the window's height from the start (see on_resize): a class set
        # after the first frame's styles would style the whole screen again.
        self.set_class(self.app.size.height < SHORT, "-short")
        yield SummaryBar(id="summary")
        with Horizontal(id="main"):
            yield InterviewList(id="interviews")
            with Vertical(id="detail"):
                yield InterviewHeader(id="header")
                yield StepsView(id="steps")
                yield MessagePreview(id="preview")
        with Middle(id="empty"), Center():
            yield EmptyState()
        yield ListFilter(id="filter")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        # Opening on the Today view, this screen is not seen until the user leaves it:
        # its list (ten thousand badges and rows, say) is built then, not before the
        # first frame.
        self._waiting = self.followup.opens_on_today
        self.snapshot = self.followup.snapshot
        # The detail follows the list's cursor within the same key press, so the
        # moved cursor and the interview it is on reach the screen in one frame
        # (the list's Selected message would arrive after a frame of its own).
        interview_list = self.query_one(InterviewList)
        self.watch(interview_list, "cursor", self._list_moved, init=False)

    def _list_moved(self) -> None:
        selected = self.query_one(InterviewList).selected_id
        if selected is not None:
            self.selected_id = selected

    # --- data down -------------------------------------------------------------------------

    def catch_up(self) -> None:
        """Build what a waiting screen has not built yet (see on_mount)."""
        if self._waiting:
            self._waiting = False
            self.on_resize()
            self.watch_snapshot(self.snapshot)

    def watch_snapshot(self, snapshot: Snapshot | None) -> None:
        if snapshot is None:
            return
        self._by_id = snapshot.interviews
        if self._waiting:
            return
        rows = self._rows(snapshot)
        interview_list = self.query_one(InterviewList)
        # The cursor stays on its interview, or where it was when that one went away
        # (or the filter no longer shows it).
        interview_list.set_rows(rows, self.selected_id)
        selected = interview_list.selected_id
        self._show_filter_count()
        # A filter that no longer lets anything through leaves no interview to show.
        detail = self.query_one("#detail")
        detail.display = bool(interview_list.rows)
        if not detail.display and self.focused is not None and detail in \
                self.focused.ancestors:
            self.set_focus(interview_list)
        # The same counts as `agenda` would give, without building every action.
        late, due = self._counts
        self.query_one(SummaryBar).show(format_day(snapshot.today, with_year=True), late, due,
                                        len(rows))
        has_any = bool(rows)
        self.query_one("#main").display = has_any
        self.query_one("#empty").display = not has_any
        if not has_any:
            self.set_focus(None)
            self.query_one(ListFilter).close()
        elif self.focused is None:
            self.set_focus(interview_list)
        if selected != self.selected_id:
            self.selected_id = selected  # the watcher repaints the detail
        else:
            self._show_detail()
        self._refresh_keys()

    def _rows(self, snapshot: Snapshot) -> list[InterviewRow]:
        """The list's rows, most urgent first. After a save only the rows of the
        interviews that changed are redone and moved: at ten thousand interviews,
        sorting them all again would hold up the screen for a frame or more."""
        cache = self._row_cache
        today, settings, book = snapshot.today, snapshot.settings, snapshot.book
        summaries = snapshot.interviews.summaries
        # A reference renamed changes the names the filter searches: redo every row.
        if not cache or self._rows_for != (today, settings, book):
            self._rows_for = (today, settings, book)
            fresh = {s.id: self._row_entry(s, snapshot) for s in summaries}
            entries = sorted(fresh.values(), key=_sort_key)
            self._row_cache = fresh
            self._order = [entry[4].sort_key for entry in entries]
            self._order_rows = [entry[3] for entry in entries]
            self._counts = (sum(e[4].late for e in entries), sum(e[4].due for e in entries))
            return self._order_rows
        changed = []
        kept = 0
        for summary in summaries:
            cached = cache.get(summary.id)
            if cached is not None and cached[0] is summary:
                kept += 1
            else:
                changed.append(summary)
        gone = []
        if kept + sum(1 for s in changed if s.id in cache) < len(cache):  # some were deleted
            ids = {s.id for s in summaries}
            gone = [key for key in cache if key not in ids]
        late, due = self._counts
        for key in [*gone, *(s.id for s in changed if s.id in cache)]:
            old = cache.pop(key)
            at = bisect_left(self._order, old[4].sort_key)
            del self._order[at]
            del self._order_rows[at]
            late, due = late - old[4].late, due - old[4].due
        for summary in changed:
            entry = cache[summary.id] = self._row_entry(summary, snapshot)
            at = bisect_left(self._order, entry[4].sort_key)
            self._order.insert(at, entry[4].sort_key)
            self._order_rows.insert(at, entry[3])
            late, due = late + entry[4].late, due + entry[4].due
        self._counts = (late, due)
        return self._order_rows

    @staticmethod
    def _row_entry(summary: InterviewSummary, snapshot: Snapshot,
                   ) -> tuple[InterviewSummary, dt.date, Any, InterviewRow, Badge]:
        status = badge(summary, snapshot.settings, snapshot.book, snapshot.today)
        row = InterviewRow(
            interview_id=summary.id,
            company=summary.company,
            role=summary.role,
            when=format_day(summary.date),
            badge_kind=status.kind,
            badge_text=status.text,
            search=_search_text(summary, snapshot.book),
        )
        return (summary, snapshot.today, snapshot.settings, row, status)

    def watch_selected_id(self, old: str | None, new: str | None) -> None:
        if old != new:
            self._person.clear()
            self._show_detail(choose_step=True)

    def watch_active_step(self) -> None:
        step = self.active_step
        steps = self.query_one(StepsView)
        if steps.number != STEPS.index(step) + 1:
            steps.go_to(STEPS.index(step) + 1, self._current_item(step))
        self._show_message()
        self._refresh_keys()

    @property
    def interview(self) -> Interview | None:
        try:
            return self._by_id.get(self.selected_id or "")
        except DataFileError as exc:
            # One damaged record: say so (once) and show nothing for it, rather than stop.
            if str(exc) != self._unreadable:
                self._unreadable = str(exc)
                self.notify(clean(str(exc)), title="The data file has a problem", severity="error",
                            markup=False, timeout=10)
            return None

    def _show_detail(self, choose_step: bool = False) -> None:
        interview, snapshot = self.interview, self.snapshot
        if interview is None or snapshot is None:
            self._draft = None
            return
        self.query_one(InterviewHeader).show(interview)
        actions = actions_for(interview, snapshot.settings, snapshot.book, snapshot.today)
        self._plan = plan = follow_up_plan(interview, snapshot.settings, snapshot.book,
                                           snapshot.today)
        self._views = {
            Step.THANK: self._thank_view(interview, actions),
            Step.REFERENCES: self._reference_view(interview, actions),
            Step.FOLLOW_UP: self._follow_up_view(interview, plan),
        }
        self.query_one(StepsView).show(
            tuple(self._views[step] for step in STEPS), STEPS.index(self.active_step) + 1,
            {number: self._current_item(step) for number, step in enumerate(STEPS, 1)})
        if choose_step and not self._in_detail():
            step = self._first_step_to_do()
            if step is not self.active_step:
                self.active_step = step  # the watcher shows the message
                return
        self._show_message()

    def _first_step_to_do(self) -> Step:
        for wanted in (("late", "due"), ("waiting",)):
            for step in STEPS:
                if any(item.state in wanted for item in self._views[step].items):
                    return step
        return Step.THANK

    def _current_item(self, step: Step) -> str | None:
        """The item the user is on in `step`: the one they chose, else the first to do."""
        view = self._views.get(step)
        if view is None or not view.items:
            return None
        ids = [item.item_id for item in view.items]
        chosen = self._person.get(step)
        if chosen in ids:
            return chosen
        for item in view.items:
            if item.state in ("late", "due", "waiting"):
                return item.item_id
        return ids[0]

    # --- building the steps ----------------------------------------------------------------

    @staticmethod
    def _state_of(items: tuple[StepItem, ...], fallback: str = "") -> str:
        states = {item.state for item in items}
        for state in ("late", "due", "waiting", "move_on", "closed", "done"):
            if state in states:
                return state
        return fallback

    def _pending_note(self, action: Action, verb: str) -> str:
        if action.state is ActionState.LATE:
            return f"late, due {format_day(action.due_on)}"
        if action.state is ActionState.DUE:
            if self.snapshot is not None and self.snapshot.today >= action.late_after:
                return f"{verb} today"
            return f"{verb} by {format_day(action.late_after)}"
        if action.state is ActionState.WAITING:
            return f"after the interview on {format_day(action.due_on)}"
        return "not done"

    def _thank_view(self, interview: Interview, actions: list[Action]) -> StepView:
        by_person = {a.person_id: a for a in actions if a.step is Step.THANK}
        items = []
        for person in interview.interviewers:
            action = by_person.get(person.id)
            if person.thanked_on is not None:
                state = "done"
                via = _VIA.get(person.thanked_via, "") if person.thanked_via else ""
                note = f"thanked {format_day(person.thanked_on)}{via}"
            elif action is not None:
                state = action.state.value
                note = self._pending_note(action, "thank")
            else:
                state, note = "closed", "not thanked"
            items.append(StepItem(person.id, state, person.name, person.title, note))
        done = sum(1 for p in interview.interviewers if p.thanked)
        total = len(interview.interviewers)
        return StepView(
            number=1,
            title=Step.THANK.title,
            status=f"{done} of {total} thanked" if total else "no interviewers yet",
            state=self._state_of(tuple(items)),
            items=tuple(items),
            empty="No interviewers yet: press a here to add who you met.",
        )

    def _reference_view(self, interview: Interview, actions: list[Action]) -> StepView:
        if not interview.is_open:
            return self._reference_thanks_view(interview)
        assert self.snapshot is not None
        book = self.snapshot.book
        by_ref = {a.person_id: a for a in actions if a.step is Step.REFERENCES}
        items = []
        for use in interview.references:
            ref = book.get(use.reference_id)
            action = by_ref.get(use.reference_id)
            if use.notified_on is not None:
                state = "done"
                note = f"told {format_day(use.notified_on)}"
                if use.called:
                    note += "; they were called"
            elif action is not None:
                state = action.state.value
                note = self._pending_note(action, "tell them")
            else:
                state, note = "closed", "not told"
            items.append(StepItem(use.reference_id, state,
                                  ref.name if ref else "Unknown reference",
                                  ref.relationship if ref else "", note))
        told = sum(1 for use in interview.references if use.notified)
        total = len(interview.references)
        return StepView(
            number=2,
            title=Step.REFERENCES.title,
            status=f"{told} of {total} told" if total else "none listed",
            state=self._state_of(tuple(items)),
            items=tuple(items),
            empty="No references listed: press a here to add one from your book.",
        )

    def _reference_thanks_view(self, interview: Interview) -> StepView:
        """After the outcome: each reference who was told is owed thanks and the news."""
        assert self.snapshot is not None
        book = self.snapshot.book
        items = []
        for use in interview.references:
            ref = book.get(use.reference_id)
            if use.thanked_on is not None:
                state, note = "done", f"thanked {format_day(use.thanked_on)}"
            elif use.notified_on is not None:
                state = "due"
                note = "thank them, share the news"
                if use.called:
                    note = "called; " + note
            else:
                state, note = "closed", "not told, so nothing owed"
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
            state=self._state_of(tuple(items)),
            items=tuple(items),
            notes=(("due", f"Outcome: {interview.outcome.label}. Thank each one you told."),)
            if told and thanked < len(told) else (),
            empty="No references were listed for this interview.",
        )

    def _follow_up_view(self, interview: Interview, plan: FollowUpPlan) -> StepView:
        items = []
        for number, follow_up in enumerate(interview.follow_ups, 1):
            note = f"{follow_up.channel.value}, {format_day(follow_up.on)}"
            if follow_up.reply:
                note += f"; reply: {follow_up.reply}"
            items.append(StepItem(follow_up.id, "done", f"Follow-up {number}", note=note,
                                  detail=follow_up.note))
        state = plan.state
        status = {
            ActionState.LATE: "late",
            ActionState.DUE: "due",
            ActionState.WAITING: "not yet",
            ActionState.MOVE_ON: "time to move on",
            ActionState.CLOSED: f"closed: {interview.outcome.label}",
        }.get(state, state.value)
        if plan.due_on is not None and state in (ActionState.DUE, ActionState.LATE,
                                                 ActionState.WAITING):
            if state is ActionState.WAITING:
                note = f"on {format_day(plan.due_on)}"
            elif state is ActionState.LATE:
                note = f"late, due {format_day(plan.due_on)}"
            else:
                assert plan.late_after is not None and self.snapshot is not None
                note = ("today" if self.snapshot.today >= plan.late_after
                        else f"by {format_day(plan.late_after)}")
            items.append(StepItem(NEXT_FOLLOW_UP, state.value, f"Follow-up {plan.number}",
                                  note=note, detail="space when sent"))
        # Closed says it all in the title ("closed: offer").
        notes: list[tuple[str, str]] = ([] if state is ActionState.CLOSED
                                        else [(state.value, plan.reason)])
        if plan.decision_note and plan.decision_note != plan.reason:
            notes.append(("waiting", plan.decision_note))
        if plan.open_earlier_steps:
            unthanked = sum(1 for p in interview.interviewers if not p.thanked)
            untold = sum(1 for u in interview.references if not u.notified)
            still = []
            if unthanked:
                still.append("1 thank-you" if unthanked == 1 else f"{unthanked} thank-yous")
            if untold:
                still.append("1 reference" if untold == 1 else f"{untold} references")
            notes.append(("due", f"Still open: {', '.join(still)}"))
        return StepView(
            number=3,
            title=Step.FOLLOW_UP.title,
            status=status,
            state=state.value,
            items=tuple(items),
            notes=tuple(notes),
            empty="No follow-ups were sent.",
        )

    # --- the message ------------------------------------------------------------------------

    def _kind(self, step: Step) -> MessageKind:
        """The message of `step`: the one chosen with `v` this session, else the usual."""
        interview = self.interview
        chosen = self._variant.get(step)
        if interview is None:
            return chosen or kinds_for(step)[0]
        return message_kind(interview, step, chosen=chosen)

    def _person_key(self, step: Step) -> str:
        return person_key(step, self._current_item(step))

    def _make_draft(self) -> Draft | str:
        """The message for the step and item the user is on, or why there is none."""
        interview, snapshot = self.interview, self.snapshot
        if interview is None or snapshot is None:
            return "No interview selected."
        step = self.active_step
        person = None if step is Step.FOLLOW_UP else self._current_item(step)
        kind = self._kind(step)
        # A tone chosen with T and still being saved is shown at once.
        wanted = self._tone_wanted.get((interview.id, step, person_key(step, person)))
        try:
            draft = draft_for(interview, snapshot.settings, snapshot.book, snapshot.today,
                              step, person, kind=kind,
                              tone=wanted if wanted in variants_for(kind) else None)
        except Closed as closed:
            # The outcome is known: say what happened rather than show a stale draft.
            return str(closed)[:1].upper() + str(closed)[1:] + "."
        if draft is not None:
            return draft
        if step is Step.THANK:
            return "Add an interviewer (a in step 1) to draft a thank-you."
        return "Add a reference (a in step 2) to draft their heads-up."

    def _show_message(self) -> None:
        preview = self.query_one(MessagePreview)
        draft = self._make_draft()
        if isinstance(draft, str):
            self._draft = None
            preview.show_nothing(draft)
            self._refresh_keys()
            return
        self._draft = draft
        self._refresh_keys()
        message = draft.message
        kind = message.kind
        kinds = kinds_for(self.active_step)
        hints = []
        if len(kinds) > 1:
            following = kinds[(kinds.index(kind) + 1) % len(kinds)]
            hints.append(f"v: {following.label.lower()}")
        tones = variants_for(kind)
        if len(tones) > 1:
            hints.append(f"T: {tones[(tones.index(message.tone) + 1) % len(tones)].value}")
        if draft.edited is not None:
            hints.append("W: template's text")
        notes = [(note.severity, note.text) for note in message.notes]
        notes += [("warning", str(problem)) for problem in message.problems]
        # Under a long message the notes are out of sight: name the warnings in a few
        # words on a line that stays (gaps have their own line already).
        gaps = ("placeholders", "no_topic") if message.markers else ()
        warnings = [short_text(note) for note in message.notes
                    if note.severity == "warning" and note.code not in gaps]
        warnings += ["a problem in the template"] if message.problems else []
        summary = f"↓ Before sending: {'; '.join(warnings)}" if warnings else ""
        preview.show(self._title(draft), " · ".join(hints), message.text, message.markers,
                     has_subject(kind, message.tone), notes, edited=draft.edited is not None,
                     summary=summary)

    @staticmethod
    def _title(draft: Draft) -> str:
        return draft.title

    # --- what the widgets report ---------------------------------------------------------------

    @on(InterviewList.Selected)
    def _interview_selected(self, event: InterviewList.Selected) -> None:
        self.selected_id = event.interview_id

    @on(InterviewList.Opened)
    def _interview_opened(self, event: InterviewList.Opened) -> None:
        self.selected_id = event.interview_id
        self._focus_step(self.active_step)

    def action_open(self) -> None:
        """Into the selected interview's steps, at the one that needs doing first."""
        self._sync()
        self._focus_step(self.active_step)

    @on(StepsView.Moved)
    def _step_item_moved(self, event: StepsView.Moved) -> None:
        step = STEPS[event.number - 1]
        if event.item_id is not None:
            self._person[step] = event.item_id
        # A move reported late (keys typed fast) must not pull the message back
        # to a step already left: `_sync` has caught up with the view already.
        if event.view.number != event.number:
            return
        if step is not self.active_step:
            self.active_step = step  # the watcher shows the message
        else:
            self._show_message()
        self._refresh_keys()

    def _sync(self) -> None:
        """Catch up with moves whose messages are still on their way.

        Keys can arrive faster than the widgets' messages: before acting on
        "the focused item", read the list cursor and the active step's
        highlight directly, so `j` then `space` always acts on what `j` chose.
        """
        list_id = self.query_one(InterviewList).selected_id
        if list_id is not None and list_id != self.selected_id:
            self.selected_id = list_id
        steps = self.query_one(StepsView)
        step = STEPS[steps.number - 1]
        item = steps.item_id
        moved = item is not None and item != self._person.get(step)
        if item is not None:
            self._person[step] = item
        if step is not self.active_step:
            self.active_step = step  # the watcher shows the message
        elif moved:
            self._show_message()

    def go_to(self, interview_id: str) -> None:
        """Select an interview (from the command palette) and put the cursor on it."""
        self.catch_up()
        if self._show_in_list(interview_id):
            self.set_focus(self.query_one(InterviewList))

    def _show_in_list(self, interview_id: str) -> bool:
        """Put the list cursor on an interview (clearing a filter that hides it)."""
        if interview_id not in self._by_id:
            return False
        interview_list = self.query_one(InterviewList)
        if not interview_list.shows(interview_id):
            self._clear_filter()
        self.selected_id = interview_id
        interview_list.select(interview_id)
        return True

    def open_action(self, interview_id: str, step: Step, person_id: str | None) -> None:
        """Open an interview at one step and person (from the Today view)."""
        self.catch_up()
        if not self._show_in_list(interview_id):
            return
        self._person[step] = person_id if person_id is not None else NEXT_FOLLOW_UP
        self._show_detail()
        self._focus_step(step)

    # --- the filter ----------------------------------------------------------------------------

    def action_filter(self) -> None:
        # While typing, the cursor comes back to this interview whenever it is shown
        # again: a word half typed must not lose the user's place for good.
        self._filter_anchor = self.selected_id
        self.query_one(ListFilter).open()
        self._refresh_keys()

    def _apply_filter(self, text: str) -> None:
        wanted = parse_filter(text)
        interview_list = self.query_one(InterviewList)
        interview_list.set_filter(wanted.predicate, prefer=self._filter_anchor)
        self._show_filter_count(wanted.problems)
        self.query_one("#detail").display = bool(interview_list.rows)
        if interview_list.selected_id != self.selected_id:
            self.selected_id = interview_list.selected_id

    def _show_filter_count(self, problems: tuple[str, ...] = ()) -> None:
        interview_list = self.query_one(InterviewList)
        self.query_one(ListFilter).show_count(len(interview_list.rows), interview_list.total,
                                              problems)

    def _clear_filter(self) -> None:
        self.query_one(ListFilter).close()
        self._apply_filter("")

    @on(ListFilter.Changed)
    def _filter_changed(self, event: ListFilter.Changed) -> None:
        self._apply_filter(event.text)

    @on(ListFilter.Cleared)
    def _filter_cleared(self) -> None:
        self._clear_filter()
        self.set_focus(self.query_one(InterviewList))

    @on(ListFilter.Submitted)
    def _filter_submitted(self) -> None:
        interview_list = self.query_one(InterviewList)
        if not interview_list.filtered:
            self._clear_filter()
        self.set_focus(interview_list)

    # --- other views ---------------------------------------------------------------------------

    def action_today(self) -> None:
        self.followup.action_today()

    def action_history(self) -> None:
        interview = self.interview
        if interview is None:
            return
        from tui.history import HistoryScreen

        self.app.push_screen(HistoryScreen(interview))

    # --- keys ----------------------------------------------------------------------------------

    def _area(self) -> str:
        focused = self.focused
        if isinstance(focused, InterviewList):
            return "list"
        if isinstance(focused, StepsView):
            return "step"
        if focused is not None and self.query_one(MessagePreview) in focused.ancestors_with_self:
            return "preview"
        return ""

    def _in_detail(self) -> bool:
        return self._area() in ("step", "preview")

    def can(self, action: str, parameters: tuple[object, ...] = ()) -> bool | None:
        """Whether `action` can run now: True, False, or None for "not now" (dimmed)."""
        if action in ("new_interview", "settings", "today"):
            return True
        if action in ("filter", "back"):
            return bool(self._by_id)
        if self.interview is None:
            return False
        if action in ("toggle_done", "add"):
            return self._area() == "step"
        if action == "variant":
            return len(kinds_for(self.active_step)) > 1
        if action == "tone":
            return self._draft is not None and len(variants_for(self._draft.message.kind)) > 1
        if action == "copy":
            return True if self._draft is not None else None
        if action in ("reword", "edit_template"):
            return self._draft is not None
        if action == "use_template":
            return self._draft is not None and self._draft.edited is not None
        return True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "quietly":
            name, _, params = _parse(str(parameters[0]))
            return bool(self.can(name, params))
        if action not in FOOTER_AREAS:
            return True
        enabled = self.can(action, parameters)
        if enabled is False:
            return False
        area = self._area() if self.interview is not None else "empty"
        wide = self.size.width >= WIDE
        if area in FOOTER_AREAS[action] or (wide and f"wide-{area}" in FOOTER_AREAS[action]):
            return enabled
        # Not shown here: the hidden twin binding runs it instead.
        return False

    def action_quietly(self, action: str) -> None:
        """Run `action` from its hidden key binding (see BINDINGS) or the command palette."""
        name, _, params = _parse(action)
        getattr(self, f"action_{name}")(*params)

    def _refresh_keys(self) -> None:
        """Ask the Footer to redraw, but only when the keys it shows may have changed:
        rebuilding it costs more than everything else a key press does."""
        # Exactly what the Footer shows: each key's check (shown, dimmed or hidden).
        state = tuple(self.check_action(name, params)
                      for name, _, params in _FOOTER_ACTIONS)
        if state != self._keys_state:
            self._keys_state = state
            self.refresh_bindings()

    def on_resize(self) -> None:
        if self._waiting:
            return  # styled for its size when it is first shown (restyling costs)
        # On a short terminal only the active step shows its people, so the
        # message keeps enough lines to be read.
        self.set_class(self.size.height < SHORT, "-short")
        self.query_one(StepsView).set_short(self.size.height < SHORT)
        self._refresh_keys()

    def _focus_step(self, step: Step) -> None:
        if step is not self.active_step:
            self.active_step = step
        # Now, not later (Widget.focus waits a turn): a key typed right after
        # this one must already find the focus here.
        self.set_focus(self.query_one(StepsView))

    def action_step(self, number: int) -> None:
        self._focus_step(STEPS[number - 1])

    def action_back(self) -> None:
        interview_list = self.query_one(InterviewList)
        if self.focused is interview_list and self.query_one(ListFilter).has_class("-shown"):
            self._clear_filter()
        self.set_focus(interview_list)

    def action_variant(self) -> None:
        self._sync()
        step = self.active_step
        kinds = kinds_for(step)
        self._variant[step] = kinds[(kinds.index(self._kind(step)) + 1) % len(kinds)]
        self._show_message()

    def action_tone(self) -> None:
        """The next tone for this person, kept with the interview for the next session."""
        self._sync()
        draft, interview = self._draft, self.interview
        if draft is None or interview is None:
            return
        kind = draft.message.kind
        tones = variants_for(kind)
        tone = tones[(tones.index(draft.message.tone) + 1) % len(tones)]
        step = self.active_step
        person = self._person_key(step)
        key = (interview.id, step, person)
        # Shown at once, so T pressed three times is three steps even while the
        # first is being saved; each save writes the latest choice.
        self._tone_wanted[key] = tone
        self._show_message()
        interview_id = interview.id

        def remember(repo: Repository) -> Interview:
            return repo.set_tone(interview_id, step, person, self._tone_wanted.get(key, tone))

        def saved(interview: Interview) -> None:
            if interview.tone_for(step, person) == self._tone_wanted.get(key):
                del self._tone_wanted[key]

        self.followup.save(remember, then=saved)

    def action_reword(self) -> None:
        """This one message in an editor; what is saved is copied from then on."""
        self._sync()
        draft, interview = self._draft, self.interview
        if draft is None or interview is None:
            self.notify("No message here to reword yet.", severity="warning")
            return
        from tui.reword import RewordScreen

        message = draft.message
        template_text = (draft.template or message).text
        kind, tone = message.kind, message.tone
        step = self.active_step
        person = self._person_key(step)
        interview_id, title, edited = interview.id, self._title(draft), draft.edited
        what = title[:1].lower() + title[1:]

        def done(text: str | None) -> None:
            if text is None or text == message.text:
                return
            if text.rstrip() == template_text.rstrip():
                # The template's own words: nothing of the user's to keep.
                if edited is not None:
                    self.followup.save(
                        lambda repo: repo.clear_draft(interview_id, step, person, kind, tone),
                        done=f"Back to the template's text for the {what}")
                return
            self.followup.save(
                lambda repo: repo.save_draft(interview_id, step, person, kind, tone, text),
                done=f"Saved your wording of the {what}; c copies it")

        note = (f"Only this message changes. E edits the wording of every "
                f"{kind.label.lower()}.")
        self.app.push_screen(RewordScreen(title, message.text, template_text, note), done)

    def action_use_template(self) -> None:
        """Forget the user's wording of this message (asks first: it is their work)."""
        self._sync()
        draft, interview = self._draft, self.interview
        if draft is None or interview is None or draft.edited is None:
            self.notify("This message is the template's text already.", severity="warning")
            return
        from tui.forms import ConfirmScreen

        kind, tone = draft.message.kind, draft.message.tone
        step = self.active_step
        person = self._person_key(step)
        interview_id, title = interview.id, self._title(draft)
        what = title[:1].lower() + title[1:]
        question = Content.assemble("Forget your wording of the ", literal(what),
                                    " and go back to the template's text?")

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.followup.save(
                    lambda repo: repo.clear_draft(interview_id, step, person, kind, tone),
                    done=f"Back to the template's text for the {what}")

        self.app.push_screen(ConfirmScreen(question, "Use the template"), confirmed)

    def action_edit_template(self) -> None:
        """The template of the message on show, in $VISUAL/$EDITOR; the preview follows."""
        self._sync()
        draft = self._draft
        if draft is None:
            self.notify("No message here yet whose template could be edited.",
                        severity="warning")
            return
        from tui.editor import edit_in_terminal

        kind, tone = draft.message.kind, draft.message.tone
        try:
            path = write_default(kind, tone)
        except OSError as exc:
            where = display_path(template_path(kind, tone))
            self.notify(f"Cannot create {where}: {exc.strerror or exc}", title="Not edited",
                        severity="error", markup=False, timeout=10)
            return
        trouble = edit_in_terminal(self.app, path)
        if trouble:
            self.notify(trouble, title="Template not edited", severity="warning", markup=False,
                        timeout=10)
        self._show_message()
        shown = self._draft
        template = shown.template or shown.message if shown is not None else None
        problems = template.problems if template is not None else ()
        if problems:
            self.notify("\n".join(str(problem) for problem in problems),
                        title="Check the template", severity="warning", markup=False,
                        timeout=10)
        elif not trouble:
            self.notify(f"Saved {display_path(path)}: every {kind.label.lower()} "
                        f"({tone.value}) is worded by it now", markup=False)
        if shown is not None and shown.edited is not None:
            self.notify("This message keeps your own wording; W goes back to the template's "
                        "text.", markup=False)

    def action_copy(self) -> None:
        self._sync()
        draft = self._draft
        if draft is None:
            self.notify("Nothing to copy here yet.", severity="warning")
            return
        what = f"the {draft.message.kind.label.lower()} for {draft.recipient}"
        copy_text(self.app, draft.message.text, what, missing=draft.message.markers)

    def action_toggle_done(self) -> None:
        self._sync()
        interview, step = self.interview, self.active_step
        if interview is None:
            return
        item = self._current_item(step)
        if item is None and step is not Step.FOLLOW_UP:
            what = "an interviewer" if step is Step.THANK else "a reference"
            self.notify(f"Add {what} first (a).", severity="warning")
            return
        today = self.followup.today()
        interview_id, kind = interview.id, self._kind(step)
        # Decided in the save, against what is being saved: a second press while the
        # first is on its way takes it back rather than logging a second follow-up.
        seen = tuple(f.id for f in interview.follow_ups)

        def toggle(repo: Repository) -> Toggled:
            return toggle_done(repo, interview_id, step, item or NEXT_FOLLOW_UP, today,
                               kind=kind, seen=seen)

        def focus(result: Toggled) -> None:
            if step is Step.FOLLOW_UP:
                self._person[Step.FOLLOW_UP] = result.item
                self._show_detail()

        self.followup.save(toggle, done=lambda result: result.text, then=focus)

    def action_toggle_called(self) -> None:
        """The reference you are on says the employer called them (or, again, that it didn't)."""
        interview = self.interview
        item = self._current_item(Step.REFERENCES)
        if interview is None or item is None:
            self.notify("No reference listed for this interview.", severity="warning")
            return
        interview_id = interview.id

        def toggle(repo: Repository) -> str:
            use = repo.interview(interview_id).reference_use(item)
            called = not (use is not None and use.called)
            repo.mark_called(interview_id, item, called)
            ref = repo.book().get(item)
            name = ref.name if ref else "The reference"
            return f"{name} was called" if called else f"{name}: not called after all"

        self.followup.save(toggle, done=lambda text: text)

    # --- forms -------------------------------------------------------------------------------

    def action_new_interview(self) -> None:
        from tui.forms import InterviewForm

        def added(result: dict[str, Any] | None) -> None:
            if not result:
                return
            fields = dict(result)
            people = [{"name": name, "email": email}
                      for name, email in fields.pop("interviewers", None) or ()]

            def add(repo: Repository) -> Interview:
                return repo.add_interview(interviewers=people, **fields)

            def select(saved: Interview) -> None:
                self.selected_id = saved.id
                self.set_focus(self.query_one(InterviewList))

            self.followup.save(add, done=lambda saved: f"Added {saved.company}", then=select)

        self.app.push_screen(InterviewForm(self.followup.today()), added)

    def action_edit(self) -> None:
        self._sync()
        interview = self.interview
        if interview is None:
            return
        step, item = self.active_step, self._current_item(self.active_step)
        if self._area() == "step" and step is Step.THANK and item is not None:
            person = interview.interviewer(item)
            if person is not None:
                self._edit_interviewer(interview, person)
                return
        if self._area() == "step" and step is Step.REFERENCES and item is not None:
            self._edit_reference(item)
            return
        from tui.forms import InterviewForm

        interview_id = interview.id

        def edited(result: dict[str, Any] | None) -> None:
            if not result:
                return
            fields = self._changed_only(
                {k: v for k, v in result.items() if k != "interviewers"}, interview)
            if fields:
                self.followup.save(lambda repo: repo.update_interview(interview_id, **fields),
                                   done="Saved the interview")

        self.app.push_screen(InterviewForm(self.followup.today(), interview), edited)

    def _edit_interviewer(self, interview: Interview, person: Interviewer) -> None:
        from tui.forms import InterviewerForm

        interview_id, person_id = interview.id, person.id

        def edited(result: dict[str, Any] | None) -> None:
            fields = self._changed_only(result, person) if result else {}
            if fields:
                self.followup.save(
                    lambda repo: repo.update_interviewer(interview_id, person_id, **fields),
                    done=f"Saved {fields.get('name') or person.name}")

        self.app.push_screen(InterviewerForm(self.followup.today(), person), edited)

    def _edit_reference(self, reference_id: str) -> None:
        from tui import forms

        assert self.snapshot is not None
        ref = self.snapshot.book.get(reference_id)
        editor = getattr(forms, "ReferenceEditForm", None)
        if ref is None or editor is None:
            self.notify("Editing a reference is not available yet.", severity="warning")
            return

        def edited(result: dict[str, Any] | None) -> None:
            fields = self._changed_only(result, ref) if result else {}
            if fields:
                self.followup.save(lambda repo: repo.update_reference(reference_id, **fields),
                                   done=f"Saved {fields.get('name') or ref.name}")

        self.app.push_screen(editor(ref), edited)

    def action_add(self) -> None:
        self._sync()
        if self.active_step is Step.THANK:
            self.action_add_interviewer()
        elif self.active_step is Step.REFERENCES:
            self.action_add_reference()
        else:
            self.action_log_follow_up()

    def action_add_interviewer(self) -> None:
        interview = self.interview
        if interview is None:
            return
        from tui.forms import InterviewerForm

        interview_id = interview.id
        before = {p.id for p in interview.interviewers}

        def added(result: dict[str, Any] | None) -> None:
            if not result:
                return

            def focus_new(saved: Interview) -> None:
                new = [p.id for p in saved.interviewers if p.id not in before]
                if new:
                    self._person[Step.THANK] = new[0]
                self._focus_step(Step.THANK)
                self._show_detail()

            self.followup.save(lambda repo: repo.add_interviewer(interview_id, **result),
                               done=f"Added {result.get('name', 'the interviewer')}",
                               then=focus_new)

        self.app.push_screen(InterviewerForm(self.followup.today()), added)

    def action_add_reference(self) -> None:
        interview, snapshot = self.interview, self.snapshot
        if interview is None or snapshot is None:
            return
        from tui.forms import ReferenceForm

        interview_id = interview.id
        book = sorted(snapshot.book.values(), key=lambda r: r.name.casefold())
        listed = [use.reference_id for use in interview.references]

        def added(result: dict[str, Any] | None) -> None:
            if not result:
                return

            def attach(repo: Repository) -> str:
                if "reference_id" in result:
                    reference_id = result["reference_id"]
                else:
                    reference_id = repo.add_reference(**result["new"]).id
                repo.attach_reference(interview_id, reference_id)
                return reference_id

            def focus_new(reference_id: str) -> None:
                self._person[Step.REFERENCES] = reference_id
                self._focus_step(Step.REFERENCES)
                self._show_detail()

            self.followup.save(attach, done="Listed the reference", then=focus_new)

        self.app.push_screen(ReferenceForm(book, listed), added)

    def action_log_follow_up(self) -> None:
        interview = self.interview
        if interview is None:
            return
        from tui.forms import FollowUpForm

        interview_id = interview.id

        def logged(result: dict[str, Any] | None) -> None:
            if result:
                self.followup.save(lambda repo: repo.log_follow_up(interview_id, **result),
                                   done="Logged the follow-up")

        self.app.push_screen(FollowUpForm(self.followup.today()), logged)

    def action_outcome(self) -> None:
        interview = self.interview
        if interview is None:
            return
        from tui.forms import OutcomeForm

        interview_id = interview.id

        def chosen(outcome: Any) -> None:
            if outcome is None:
                return

            def offer_next_round(saved: Interview) -> None:
                if saved.outcome is Outcome.SECOND_INTERVIEW:
                    self._offer_next_round(saved)

            self.followup.save(lambda repo: repo.set_outcome(interview_id, outcome),
                               done=lambda saved: f"Outcome: {saved.outcome.label}",
                               then=offer_next_round)

        self.app.push_screen(OutcomeForm(interview.outcome), chosen)

    def action_next_round(self) -> None:
        """Set up the next round of the interview on show (from the command palette)."""
        interview = self.interview
        if interview is not None:
            self._next_round_form(interview)

    def _offer_next_round(self, interview: Interview) -> None:
        """After "second interview": offer to set up the next round, prefilled."""
        from tui.next_round import NextRoundQuestion

        def answered(yes: bool | None) -> None:
            if yes:
                self._next_round_form(interview)

        self.app.push_screen(NextRoundQuestion(interview), answered)

    def _next_round_form(self, interview: Interview) -> None:
        from tui.next_round import NextRoundForm

        interview_id = interview.id

        def add(fields: dict[str, Any] | None) -> None:
            if not fields:
                return
            fields = {k: v for k, v in fields.items() if k != "interviewers"}
            date = fields.pop("date")

            def select(saved: Interview) -> None:
                self._show_in_list(saved.id)
                self.set_focus(self.query_one(InterviewList))

            self.followup.save(lambda repo: repo.next_round(interview_id, date, **fields),
                               done=lambda saved: f"Added the {saved.round_label} round at "
                                                  f"{saved.company}",
                               then=select)

        self.app.push_screen(NextRoundForm(self.followup.today(), interview), add)

    def action_delete(self) -> None:
        interview = self.interview
        if interview is None:
            return
        from tui.forms import ConfirmScreen

        interview_id, company = interview.id, interview.company
        question = Content.assemble(
            "Delete the interview at ", literal(company, "bold"), " (", literal(interview.role),
            f", {format_day(interview.date)}) and everything recorded for it?",
        )

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.followup.save(lambda repo: repo.delete_interview(interview_id),
                                   done=f"Deleted the interview at {company}",
                                   then=lambda _: self.set_focus(self.query_one(InterviewList)))

        self.app.push_screen(ConfirmScreen(question), confirmed)

    def action_settings(self) -> None:
        snapshot = self.snapshot
        if snapshot is None:
            return
        from tui.forms import SettingsForm

        def saved(result: dict[str, Any] | None) -> None:
            fields = self._changed_only(result, snapshot.settings) if result else {}
            if fields:
                self.followup.save(lambda repo: repo.update_settings(**fields),
                                   done="Saved your settings")

        self.app.push_screen(SettingsForm(snapshot.settings), saved)

    def _changed_only(self, values: dict[str, Any], before: object) -> dict[str, Any]:
        """The fields of a saved form that differ from the record it was opened on.

        Another session may have changed the record while the form was open;
        saving only what was changed here keeps that change instead of putting
        back the value the form started with.
        """
        changed = {k: v for k, v in values.items()
                   if _as_edited(getattr(before, k, None)) != _as_edited(v)}
        if not changed:
            self.notify("Nothing changed, so nothing was saved.", timeout=3)
        return changed


def _as_edited(value: object) -> object:
    """A value as a form's TextArea gives it back: any line break (\\r\\n, \\x1e,
    \\u2028 ...) a plain newline. Notes that only look different that way were not
    edited, and are not saved over."""
    return "\n".join(value.splitlines()) if isinstance(value, str) else value


def _search_text(summary: InterviewSummary, book: Any) -> str:
    """What the list filter looks in: company, role and every person's name."""
    names = list(summary.interviewer_names)
    names += [book[ref_id].name for ref_id in summary.reference_ids if ref_id in book]
    return "\n".join((summary.company, summary.role, *names)).casefold()


def _sort_key(entry: tuple[Any, Any, Any, Any, Badge]) -> tuple:
    return entry[4].sort_key


def _parse(action: str) -> tuple[str, str, tuple[object, ...]]:
    """`step(2)` as ("step", "step(2)", (2,)); `copy` as ("copy", "copy", ())."""
    name, _, rest = action.partition("(")
    params = tuple(int(p) for p in rest.rstrip(")").split(",") if p.strip()) if rest else ()
    return name, action, params


_FOOTER_ACTIONS = tuple(_parse(action) for _, action, _, _ in KEYS)
