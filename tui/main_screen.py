"""The interview screen: the list on the left, the selected interview's steps and its
message on the right.

The screen coordinates; it does not decide. What is due and what a step says come
from `tui.presenters`, the list's rows from `tui.row_index`, the message and what
done means from `store.workflow`, the keys from `tui.keys`, and each form or
rewording is a flow of its own (`tui.form_flows`, `tui.message_flows`). Widgets
report what the user did (`InterviewList.Selected`, `StepsView.Moved`, ...) and
the screen answers by setting its reactives and handing data down.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.cache import LRUCache
from textual.containers import Center, Middle
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import AwaitMount
from textual.widgets import Input

from store.message_kinds import MessageKind, Tone, kinds_for, variants_for
from store.models import (
    Interview,
    Step,
)
from store.repository import Repository
from store.schedule import (
    FollowUpPlan,
    actions_for,
    follow_up_plan,
    format_day,
)
from store.storage import DataFileError
from store.templates import template_version, user_templates_dir
from store.workflow import (
    NEXT_FOLLOW_UP,
    Closed,
    Draft,
    Toggled,
    draft_for,
    follow_up_too_early,
    gap_to_ask,
    mail_draft,
    message_kind,
    outcome_kinds,
    person_key,
    toggle_done,
)
from tui import form_flows, message_flows
from tui.keys import main_keys
from tui.presenters import (
    STEPS,
    MessageView,
    current_item,
    first_step_to_do,
    follow_up_view,
    message_view,
    reference_view,
    saving_view,
    thank_view,
)
from tui.row_index import RowIndex
from tui.state import Host, Snapshot
from widgets.empty_state import EmptyState
from widgets.interview_header import InterviewHeader
from widgets.interview_list import InterviewList
from widgets.kept_render import KeptRender, UnpaintedHorizontal, UnpaintedVertical
from widgets.key_footer import KeyFooter
from widgets.list_filter import ListFilter, parse_filter
from widgets.message_preview import MessagePreview
from widgets.status_line import StatusLine
from widgets.step_items import StepView
from widgets.steps_view import StepsView
from widgets.summary_bar import SummaryBar
from widgets.text import clean

# (key, action, footer description, footer group), in the Footer's order (tui/keys.py)
KEYS: tuple[tuple[str, str, str, Binding.Group | None], ...] = tuple(
    (key.keys[0], key.action, key.footer, key.group) for key in main_keys())

# Where each key is shown in the footer: each part of the screen offers the ones
# that matter there, and the help screen (?) lists them all. The footer shows as
# many as fit, in the order of KEYS, and says when keys are left out. ("wide-"
# areas once meant "from 100 columns on"; the footer now decides by its width.)
FOOTER_AREAS: dict[str, set[str]] = {key.name: set(key.areas) for key in main_keys()}
# Keys acted on before the keys typed after them are handed on (see tui/keys.py).
PRIORITY = frozenset(key.keys[0] for key in main_keys() if key.priority)
SHORT = 30
TIGHT = 20  # and under this, the header is one line
MEMO_KEPT = 300  # steps and messages worked out, kept for the interviews seen last
# The panes drawn ahead that are known to be ready: the last two (the interviews above
# and below the cursor). One drawn before those may have left the views' kept layouts
# (`LinesView.LAYOUTS_KEPT`) and is drawn again when the cursor comes back beside it.
READY_KEPT = 2
# How long a change may take to be saved before its item says "saving…": two frames at
# 60 a second, quicker than the eye notices. A save that lands sooner goes straight to
# its new mark, with no "saving…" flashing by; once saves take longer than that (a
# large file, a slow disk), "saving…" is shown in the frame after the key. (The
# frame after one drawn from idle comes one to two frames later: "saving…" drawn
# needlessly would hold the tick back.)
SAVING_AFTER = 2 / 60
FRAME = 1 / 60  # how long the template files' versions are taken as seen



def _message_step_of(interview: Interview | None, step: Step) -> Step:
    """Whose message the preview shows for `step`: once the outcome is known, step 3
    shows the answer to it (accept an offer, ask for time, reply to a rejection)."""
    if (step is Step.FOLLOW_UP and interview is not None and not interview.is_open
            and outcome_kinds(interview)):
        return Step.OUTCOME
    return step


class MainScreen(KeptRender, Screen[None]):
    """List, detail and the message to send: the whole daily review on one screen."""

    AUTO_FOCUS = "InterviewList"

    BINDINGS = [
        # Each key twice: once as shown in the Footer where it matters (see
        # FOOTER_AREAS), once hidden so it still works everywhere else.
        *(Binding(key, action, description, group=group, priority=key in PRIORITY)
          for key, action, description, group in KEYS),
        *(Binding(key, f"quietly({action!r})", description, show=False,
                  priority=key in PRIORITY)
          for key, action, description, _ in KEYS),
    ]

    # No repaint of their own (repaint=False): the watchers update just the widgets
    # that change, where a repaint would redraw the whole screen on every key.
    snapshot: reactive[Snapshot | None] = reactive(None, init=False, repaint=False)
    selected_id: reactive[str | None] = reactive(None, init=False, repaint=False)
    active_step: reactive[Step] = reactive(Step.THANK, init=False, repaint=False)

    def __init__(self, waiting: bool = False) -> None:
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
        # The interview on show, for the reading and the selection it was looked up in.
        self._interview_seen: tuple[object, str | None, Interview | None] | None = None
        # The template files' versions, looked at once per frame (see `_template_version`).
        self._versions: dict[tuple[MessageKind, Tone], tuple[int, int, int] | None] = {}
        self._versions_at = 0.0  # when they were looked at
        self._views: dict[Step, StepView] = {}
        self._plan: FollowUpPlan | None = None
        self._draft: Draft | None = None
        self._keys_state: tuple[object, ...] = ()
        self._rows = RowIndex()
        self._unreadable = ""
        self._filter_anchor: str | None = None
        # Made while the Today view is the first screen: its widgets are made in the
        # background once it is mounted, and it is filled in when first shown.
        self._waiting = waiting
        self._mounting: AwaitMount | None = None  # the waiting screen's widgets, mounting
        self._followed = False  # the detail follows the list's cursor
        # A message copied with its gaps on the second press: what the first press saw.
        self._copy_armed: tuple[str, Step, str | None, str] | None = None
        # Set while a follow-up before the decision date is logged after the user said so.
        self._confirmed_early = False
        # Worked out from one snapshot, by interview (see `_memo`).
        self._memo_of: Snapshot | None = None
        self._memo_store: LRUCache[tuple[object, ...], object] = LRUCache(MEMO_KEPT)
        self._templates_of: tuple[Snapshot, Path] | None = None
        self._ahead_asked = False
        self._ready: LRUCache[tuple[object, ...], bool] = LRUCache(READY_KEPT)
        self._heading = 1  # the way the list's cursor last moved: 1 down, -1 up
        # The items marked done or undone whose change is still on its way to the disk,
        # (interview id, step, item id): shown as "saving…" until it has landed.
        self._saving: Counter[tuple[str, Step, str]] = Counter()
        self._slow_saves = True  # until one is seen to take less than SAVING_AFTER

    @property
    def followup(self) -> Host:
        return self.app  # type: ignore[return-value]

    # --- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # Styled for the window's height from the start (see on_resize): a class set
        # after the first frame's styles would style the whole screen again.
        self.set_class(self.app.size.height < SHORT, "-short")
        # Opening on the Today view, this screen is not seen until the user leaves it:
        # its widgets (and its list: ten thousand badges and rows, say) are made in the
        # background (see `build`), not all at once.
        if not self._waiting:
            yield from self._widgets()

    def _widgets(self) -> ComposeResult:
        yield SummaryBar(id="summary")
        with UnpaintedHorizontal(id="main"):
            yield InterviewList(id="interviews")
            with UnpaintedVertical(id="detail"):
                yield InterviewHeader(id="header")
                yield StepsView(id="steps")
                yield MessagePreview(id="preview")
        with Middle(id="empty"), Center():
            yield EmptyState()
        yield ListFilter(id="filter")
        yield KeyFooter()
        # Hidden until there is something to confirm: there from the start, so that the
        # first confirmation is drawn with the change it confirms (one mounted then
        # reaches the screen frames later).
        yield StatusLine()

    def on_mount(self) -> None:
        self.snapshot = self.followup.snapshot
        if self._waiting:
            self.start_building()
        else:
            self._follow_the_list()

    def start_building(self) -> None:
        """Make a waiting screen's widgets, in the background."""
        if self._waiting and self._mounting is None:
            self._mounting = self.mount_compose(self._widgets())

    async def build(self) -> None:
        """A waiting screen's widgets, made and mounted: awaited before it is shown, so
        that the keys typed after the one that leaves the Today view find them."""
        self.start_building()
        if self._mounting is not None:
            await self._mounting
            if not self._followed:
                self._follow_the_list()

    def _follow_the_list(self) -> None:
        # The detail follows the list's cursor within the same key press, so the
        # moved cursor and the interview it is on reach the screen in one frame
        # (the list's Selected message would arrive after a frame of its own).
        self._followed = True
        self.query_one(InterviewList).followed_by(self, self._list_moved)

    def _list_moved(self, old: int, new: int) -> None:
        self._heading = 1 if new >= old else -1
        selected = self.query_one(InterviewList).selected_id
        if selected is not None:
            self.selected_id = selected

    # --- data down -------------------------------------------------------------------------

    def catch_up(self) -> None:
        """Fill in what a waiting screen has not filled in yet (see compose); its
        widgets are there (see `build`)."""
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
        rows = self._rows.update(snapshot)
        interview_list = self.query_one(InterviewList)
        # The cursor stays on its interview, or where it was when that one went away
        # (or the filter no longer shows it).
        interview_list.set_rows(rows, self.selected_id)
        selected = interview_list.selected_id
        self._show_filter_count()
        # A filter that no longer lets anything through leaves no interview to show.
        detail = self.query_one("#detail")
        detail.visible = bool(interview_list.rows)
        if not detail.visible and self.focused is not None and detail in \
                self.focused.ancestors:
            self.set_focus(interview_list)
        # The same counts as `agenda` would give, without building every action.
        late, due = self._rows.counts
        self.query_one(SummaryBar).show(format_day(snapshot.today, with_year=True), late, due,
                                        len(rows))
        has_any = bool(rows)
        self.query_one("#main").display = has_any
        self.query_one("#empty").display = not has_any
        if not has_any:
            self.query_one(EmptyState).show(bool(snapshot.settings.name.strip()))
            self.set_focus(None)
            self.query_one(ListFilter).close()
        elif self.focused is None:
            self.set_focus(interview_list)
        if selected != self.selected_id:
            self.selected_id = selected  # the watcher repaints the detail
        else:
            self._show_detail()
        self._refresh_keys()

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
        by_id, selected = self._by_id, self.selected_id
        # Asked for about a hundred times in drawing one snapshot (the footer's keys ask
        # too): looked up once per reading and selection.
        seen = self._interview_seen
        if seen is not None and seen[0] is by_id and seen[1] == selected:
            return seen[2]
        try:
            interview = by_id.get(selected or "")
        except DataFileError as exc:
            # One damaged record: say so (once) and show nothing for it, rather than stop.
            if str(exc) != self._unreadable:
                self._unreadable = str(exc)
                self.notify(clean(str(exc)), title="The data file has a problem", severity="error",
                            markup=False, timeout=10)
            return None
        self._interview_seen = (by_id, selected, interview)
        return interview

    def _show_detail(self, choose_step: bool = False) -> None:
        interview, snapshot = self.interview, self.snapshot
        if interview is None or snapshot is None:
            self._draft = None
            return
        self.query_one(InterviewHeader).show(interview)
        self._plan, views = self._steps_of(interview, snapshot)
        self._views = self._with_saving(views)
        if choose_step and not self._in_detail():
            step = first_step_to_do(self._views)
            if step is not self.active_step:
                # Drawn below in one go (what the watcher would do, once).
                self.set_reactive(MainScreen.active_step, step)
        self._draw_steps()
        self._show_message()
        self._draw_ahead()

    def _draw_steps(self) -> None:
        """The steps of the interview on show, on the step and items the user is on."""
        self.query_one(StepsView).show(
            tuple(self._views[step] for step in STEPS), STEPS.index(self.active_step) + 1,
            {number: self._current_item(step) for number, step in enumerate(STEPS, 1)})

    def _with_saving(self, views: dict[Step, StepView]) -> dict[Step, StepView]:
        """The steps of the interview on show, with its changes on their way marked."""
        interview_id = self.selected_id
        return {step: saving_view(view, {item for (iid, s, item) in self._saving
                                         if iid == interview_id and s is step})
                for step, view in views.items()}

    def _show_saving(self) -> None:
        """Draw the steps again with the marks of the changes on their way, and only
        those (the rest of the detail has not changed)."""
        if self.interview is None or not self._views:
            return
        views = self._with_saving(self._views)
        if all(views[step] is view for step, view in self._views.items()):
            return  # no mark to add or take back: nothing to draw
        self._views = views
        self._draw_steps()

    def _current_item(self, step: Step) -> str | None:
        """The item the user is on in `step`: the one they chose, else the first to do."""
        return current_item(self._views.get(step), self._person.get(step))

    # --- drawn ahead ------------------------------------------------------------------------
    #
    # What the detail pane shows for an interview is worked out once per snapshot
    # (`_steps_of`, `_message_of`), and for the interviews above and below the list's
    # cursor it is worked out and laid out while the app is idle (`_draw_ahead`): `j`
    # then swaps lines in. A new snapshot (a save, another day) drops all of it.

    def _memo(self, snapshot: Snapshot) -> LRUCache[tuple[object, ...], object]:
        """What was worked out from `snapshot` (nothing from an older one), for the
        interviews seen last: holding j through ten thousand keeps no more."""
        if self._memo_of is not snapshot:
            self._memo_of = snapshot
            self._memo_store = LRUCache(MEMO_KEPT)
        return self._memo_store

    def _templates_dir(self, snapshot: Snapshot) -> Path:
        """The folder of the user's own templates, looked up once per snapshot (it comes
        from the environment and the platform's rules: a look-up costs more than the
        template file's `stat`)."""
        if self._templates_of is None or self._templates_of[0] is not snapshot:
            self._templates_of = (snapshot, user_templates_dir())
        return self._templates_of[1]

    def _steps_of(self, interview: Interview, snapshot: Snapshot,
                  ) -> tuple[FollowUpPlan, dict[Step, StepView]]:
        """The follow-up plan and the three steps of `interview`, worked out once."""
        memo = self._memo(snapshot)
        key = ("steps", interview.id)
        found = memo.get(key)
        if found is None:
            actions = actions_for(interview, snapshot.settings, snapshot.book, snapshot.today)
            plan = follow_up_plan(interview, snapshot.settings, snapshot.book, snapshot.today)
            found = memo[key] = (plan, {
                Step.THANK: thank_view(interview, actions, snapshot.today),
                Step.REFERENCES: reference_view(interview, actions, snapshot.book,
                                                snapshot.today),
                Step.FOLLOW_UP: follow_up_view(interview, plan, snapshot.today),
            })
        return found  # type: ignore[return-value]

    def _message_of(self, interview: Interview, snapshot: Snapshot, step: Step,
                    person: str | None) -> tuple[Draft | str, MessageView | None, str]:
        """The message for `person` in `step` of `interview` (or why there is none), how
        the preview shows it, and its mail link; worked out once for the same choices."""
        kind = self._kind_of(interview, step)
        step = _message_step_of(interview, step)
        # A tone chosen with T and still being saved is shown at once.
        wanted = self._tone_wanted.get((interview.id, step, person_key(step, person)))
        tone = wanted if wanted in variants_for(kind) else None
        memo = self._memo(snapshot)
        key = ("message", interview.id, step, person, kind, tone)
        found: Any = memo.get(key)
        # A template file changed since (`followup templates edit` in another terminal):
        # the message is drawn from it again.
        if found is None or found[3] != self._template_version(found[0], snapshot):
            shown = self._work_out_message(interview, snapshot, step, person, kind, tone)
            found = memo[key] = (*shown, self._template_version(shown[0], snapshot))
        return found[0], found[1], found[2]

    def _forget_versions(self) -> None:
        self._versions.clear()
        self._versions_at = time.monotonic()

    def _template_version(self, draft: Draft | str, snapshot: Snapshot,
                          ) -> tuple[int, int, int] | None:
        """The version of the template file a draft was made from (see
        `template_version`), looked at once per frame (a sixtieth of a second): a key
        that shows a message looks at the disk at most once, and a file changed
        meanwhile is seen by the next frame."""
        if isinstance(draft, str):
            return None
        which = (draft.message.kind, draft.message.tone)
        if time.monotonic() - self._versions_at > FRAME:
            self._forget_versions()
        if which not in self._versions:
            self._versions[which] = template_version(
                *which, templates_dir=self._templates_dir(snapshot))
        return self._versions[which]

    def _work_out_message(self, interview: Interview, snapshot: Snapshot, step: Step,
                          person: str | None, kind: MessageKind, tone: Tone | None,
                          ) -> tuple[Draft | str, MessageView | None, str]:
        try:
            draft = draft_for(interview, snapshot.settings, snapshot.book, snapshot.today,
                              step, person, kind=kind, tone=tone,
                              templates_dir=self._templates_dir(snapshot))
        except Closed as closed:
            # The outcome is known: say what happened rather than show a stale draft.
            return str(closed)[:1].upper() + str(closed)[1:] + ".", None, ""
        if draft is None:
            if step is Step.THANK:
                return "Add an interviewer (a in step 1) to draft a thank-you.", None, ""
            return "Add a reference (a in step 2) to draft their heads-up.", None, ""
        kinds = outcome_kinds(interview) if step is Step.OUTCOME else kinds_for(step)
        # The draft as a mailto: link for the title (OSC 8: the terminal on the user's
        # own computer opens it, over SSH too); "" for a message that is not an email.
        link = ""
        if draft.message.subject:
            try:
                link = mail_draft(interview, snapshot.book, step, person, draft).url
            except ValueError:
                pass
        return draft, message_view(draft, kinds), link

    def _draw_ahead(self) -> None:
        """Once the frame is out: the panes of the interviews next to the cursor."""
        if not self._ahead_asked:
            self._ahead_asked = True
            # What `call_after_refresh` does once its message reaches this screen, done
            # here (Textual's `Screen._invoke_later`; textual is pinned): the message
            # would be one more turn of the event loop before the frame of a key.
            self._invoke_later(self._prepare_ahead, self)

    def _prepare_ahead(self) -> None:
        """Work out and lay out the pane of one interview next to the list's cursor (the
        one a key in the same direction as the last would show first), then ask again
        for the next: each step is short, so a key pressed meanwhile waits little."""
        self._ahead_asked = False
        snapshot, interview_list = self.snapshot, self.query_one(InterviewList)
        if (snapshot is None or self._waiting or self._in_detail() or not self.is_current
                or not interview_list.rows):
            return
        cursor, rows = interview_list.cursor, interview_list.rows
        for offset in (self._heading, -self._heading):
            if not 0 <= cursor + offset < len(rows):
                continue
            interview_id = rows[cursor + offset].interview_id
            # (Laid out for this snapshot and size: after a save or a resize the panes
            # are laid out again.)
            ready = (snapshot.seq, interview_id, self.size)
            if ready in self._ready:
                continue
            self._ready[ready] = True
            interview_list.prepare_row(cursor + offset)
            try:
                interview = self._by_id.get(interview_id)
            except DataFileError:
                interview = None  # said when it is shown
            if interview is not None:
                self._prepare_pane(interview, snapshot)
            self._draw_ahead()
            return

    def _prepare_pane(self, interview: Interview, snapshot: Snapshot) -> None:
        """What the pane would show for `interview` opened from the list (see
        `_show_detail`), laid out in the widgets without being shown."""
        _, views = self._steps_of(interview, snapshot)
        step = first_step_to_do(views)
        chosen = {number: current_item(views[each], None) for number, each in enumerate(STEPS, 1)}
        self.query_one(InterviewHeader).prepare(interview)
        self.query_one(StepsView).prepare(tuple(views[each] for each in STEPS),
                                          STEPS.index(step) + 1, chosen)
        person = None if step is Step.FOLLOW_UP else chosen[STEPS.index(step) + 1]
        draft, view, link = self._message_of(interview, snapshot, step, person)
        preview = self.query_one(MessagePreview)
        if view is None:
            preview.prepare_nothing(str(draft))
        else:
            preview.prepare(view.title, view.hint, view.text, view.markers, view.has_subject,
                            view.notes, edited=view.edited, summary=view.summary, link=link)

    # --- the message ------------------------------------------------------------------------

    def _message_step(self, step: Step) -> Step:
        """Whose message the preview shows for `step` (see `_message_step_of`)."""
        return _message_step_of(self.interview, step)

    def _kinds_here(self, step: Step) -> tuple[MessageKind, ...]:
        """The messages `v` goes through in `step`."""
        interview = self.interview
        if self._message_step(step) is Step.OUTCOME and interview is not None:
            return outcome_kinds(interview)
        return kinds_for(step)

    def _kind(self, step: Step) -> MessageKind:
        """The message of `step`: the one chosen with `v` this session, else the usual."""
        return self._kind_of(self.interview, step)

    def _kind_of(self, interview: Interview | None, step: Step) -> MessageKind:
        step = _message_step_of(interview, step)
        chosen = self._variant.get(step)
        if interview is None:
            return chosen or kinds_for(step)[0]
        if step is Step.OUTCOME and chosen not in outcome_kinds(interview):
            chosen = None
        return message_kind(interview, step, chosen=chosen)

    def _person_key(self, step: Step) -> str:
        return person_key(step, self._current_item(step))

    def _show_message(self) -> None:
        preview = self.query_one(MessagePreview)
        interview, snapshot = self.interview, self.snapshot
        if interview is None or snapshot is None:
            self._draft = None
            preview.show_nothing("No interview selected.")
            self._refresh_keys()
            return
        step = self.active_step
        person = None if step is Step.FOLLOW_UP else self._current_item(step)
        draft, view, link = self._message_of(interview, snapshot, step, person)
        if isinstance(draft, str) or view is None:
            self._draft = None
            preview.show_nothing(str(draft))
            self._refresh_keys()
            return
        self._draft = draft
        self._refresh_keys()
        preview.show(view.title, view.hint, view.text, view.markers, view.has_subject,
                     view.notes, edited=view.edited, summary=view.summary, link=link)

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
        if self._waiting and not self._followed:
            # From the Today view's palette before this screen's widgets are made.
            async def when_built() -> None:
                await self.build()
                self.go_to(interview_id)

            self.call_next(when_built)
            return
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
        wanted = parse_filter(text, self._rows.search_text)
        interview_list = self.query_one(InterviewList)
        interview_list.set_filter(wanted.predicate, prefer=self._filter_anchor, text=text)
        self._show_filter_count(wanted.problems)
        # Hidden, not taken out: the list keeps its width (the list says why it is empty).
        self.query_one("#detail").visible = bool(interview_list.rows)
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
        if action == "filter" and isinstance(self.focused, Input):
            return False  # a `/` typed into the filter itself
        if action in ("filter", "back"):
            return bool(self._by_id)
        if self.interview is None:
            return False
        if action in ("toggle_done", "add"):
            return self._area() == "step"
        if action == "variant":
            return len(self._kinds_here(self.active_step)) > 1
        if action == "mail":
            return self._draft is not None and bool(self._draft.message.subject)
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
        if area in FOOTER_AREAS[action] or f"wide-{area}" in FOOTER_AREAS[action]:
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
        self.query_one(InterviewHeader).set_short(self.size.height < TIGHT)
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
        kinds = self._kinds_here(step)
        self._variant[self._message_step(step)] = kinds[
            (kinds.index(self._kind(step)) + 1) % len(kinds)]
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
        step = self._message_step(self.active_step)
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
        step = self._message_step(self.active_step)
        message_flows.reword(self.app, self.followup, draft, interview.id, step,
                             self._person_key(step))

    def action_use_template(self) -> None:
        """Forget the user's wording of this message (asks first: it is their work)."""
        self._sync()
        draft, interview = self._draft, self.interview
        if draft is None or interview is None or draft.edited is None:
            self.notify("This message is the template's text already.", severity="warning")
            return
        step = self._message_step(self.active_step)
        message_flows.use_template(self.app, self.followup, draft, interview.id, step,
                                   self._person_key(step))

    def action_edit_template(self) -> None:
        """The template of the message on show, in $VISUAL/$EDITOR; the preview follows."""
        self._sync()
        if self._draft is None:
            self.notify("No message here yet whose template could be edited.",
                        severity="warning")
            return

        def redraw() -> Draft | None:
            # The template's new text: nothing worked out from the old one is shown.
            self._memo_of = None
            self._forget_versions()
            self._show_message()
            return self._draft

        message_flows.edit_template(self.app, self._draft, redraw)

    def action_copy(self) -> None:
        """Copy the message; one with an empty field asks for it first, or is copied only
        on a second press that says what is missing."""
        from tui.clipboard import copy_text

        self._sync()
        draft, interview = self._draft, self.interview
        if draft is None or interview is None:
            self.notify("Nothing to copy here yet.", severity="warning")
            return
        message = draft.message
        what = f"the {message.kind.label.lower()} for {draft.recipient}"
        if not message.missing:
            self._copy_armed = None
            copy_text(self.app, message.text, what)
            return
        step = self._message_step(self.active_step)
        person = None if step in (Step.FOLLOW_UP, Step.OUTCOME) else self._current_item(step)
        armed = (interview.id, step, person, message.text)
        if self._copy_armed == armed:
            # The second, explicit press: copied as it is, saying what is missing.
            self._copy_armed = None
            copy_text(self.app, message.text, what, missing=message.markers)
            return
        gap = gap_to_ask(interview, step, person, message)
        if gap is not None:
            form_flows.fill_gap(self.app, self.followup, interview, step, person, gap,
                                self._copy_after_fill,
                                cancelled=lambda: self._arm_copy(armed, message.markers))
            return
        self._arm_copy(armed, message.markers)

    def _arm_copy(self, armed: tuple[str, Step, str | None, str],
                  markers: tuple[str, ...]) -> None:
        """Not copied: say what is missing; the next c copies it as it is."""
        self._copy_armed = armed
        self.notify(f"Not copied: {', '.join(markers)} still empty. Press c again to copy "
                    "it as it is.", title="Fill it in first", severity="warning",
                    markup=False, timeout=6)

    def _copy_after_fill(self, _saved: Interview) -> None:
        """The gap was filled and saved: show the message, then copy it (or ask again)."""
        self._show_detail()
        self.action_copy()

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
        if self._message_step(step) is Step.OUTCOME:
            self.notify("The answer to the outcome is yours to send: c copies it, m opens it "
                        "in your mail program.", timeout=4)
            return
        today = self.followup.today()
        interview_id, kind = interview.id, self._kind(step)
        # Decided in the save, against what is being saved: a second press while the
        # first is on its way takes it back rather than logging a second follow-up.
        seen = tuple(f.id for f in interview.follow_ups)
        logging = step is Step.FOLLOW_UP and (item in (None, NEXT_FOLLOW_UP))
        early = follow_up_too_early(interview, today) if logging else None
        if early and not self._confirmed_early:
            from tui.forms import ConfirmScreen

            def confirmed(yes: bool | None) -> None:
                if yes:
                    self._confirmed_early = True
                    try:
                        self.action_toggle_done()
                    finally:
                        self._confirmed_early = False

            question = Content.assemble(early[:1].upper() + early[1:],
                                        ". Log a follow-up today anyway?")
            self.app.push_screen(ConfirmScreen(question, "Log it"), confirmed)
            return
        force = bool(early)

        def toggle(repo: Repository) -> Toggled:
            return toggle_done(repo, interview_id, step, item or NEXT_FOLLOW_UP, today,
                               kind=kind, seen=seen, force=force)

        # "saving…" in place of the mark, then the tick (or the mark taken back) once
        # the file is durable, or the old mark again if the save fails. A save that
        # lands quickly goes straight to its tick (see SAVING_AFTER).
        saving = (interview_id, step, item or NEXT_FOLLOW_UP)
        self._saving[saving] += 1
        if self._slow_saves:
            self._show_saving()
        else:
            self.set_timer(SAVING_AFTER, self._show_saving)
        started = time.monotonic()

        def ended(repainted: bool) -> None:
            self._slow_saves = time.monotonic() - started > SAVING_AFTER
            self._saving[saving] -= 1
            if self._saving[saving] <= 0:
                del self._saving[saving]
            if not repainted:
                self._show_saving()

        def focus(result: Toggled) -> None:
            if step is Step.FOLLOW_UP:
                self._person[Step.FOLLOW_UP] = result.item
                self._show_detail()

        gaps = self._draft.message.markers if self._draft is not None else ()

        def said(result: Toggled) -> str:
            if result.done and gaps:
                # Never marked sent silently with a gap in the message.
                return f"{result.text} (its message still had {', '.join(gaps)} empty)"
            return result.text

        self.followup.save(toggle, done=said, then=focus, ended=ended)

    def action_mail(self) -> None:
        """The message as a draft in the user's mail program: opened here when this
        computer has one, and always a link on the message's title."""
        self._sync()
        draft, interview, snapshot = self._draft, self.interview, self.snapshot
        if draft is None or interview is None or snapshot is None:
            self.notify("No message here yet.", severity="warning")
            return
        step = self._message_step(self.active_step)
        person = None if step in (Step.FOLLOW_UP, Step.OUTCOME) else self._current_item(step)
        try:
            mail = mail_draft(interview, snapshot.book, step, person, draft)
        except ValueError as exc:
            self.notify(clean(str(exc)), severity="warning", markup=False)
            return
        from tui.mail import open_mail_draft

        said = open_mail_draft(mail.url)
        if mail.note:
            said = f"{mail.note}. {said}"
        self.notify(clean(said), title="Mail draft", markup=False, timeout=6)

    def action_references_needed(self) -> None:
        """Mark the interview as needing no references (or, again, as needing them)."""
        interview = self.interview
        if interview is None:
            return
        if interview.references:
            self.notify("This interview lists references already.", severity="warning")
            return
        interview_id, needed = interview.id, interview.references_not_needed
        self.followup.save(
            lambda repo: repo.set_references_needed(interview_id, needed),
            done="References asked for again" if needed else "No references needed")

    def action_reply(self) -> None:
        if (interview := self.interview) is not None:
            form_flows.record_reply(self.app, self.followup, interview)

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

    # --- forms (tui/form_flows.py) -----------------------------------------------------------

    def _select_in_list(self, interview: Interview) -> None:
        self._show_in_list(interview.id)
        self.set_focus(self.query_one(InterviewList))

    def _focus_on(self, step: Step) -> Callable[[str | None], None]:
        """After a save: on to the person (or follow-up) just added in `step`."""
        def focus(item_id: str | None) -> None:
            if item_id is not None:
                self._person[step] = item_id
            self._focus_step(step)
            self._show_detail()

        return focus

    def action_new_interview(self) -> None:
        def select(saved: Interview) -> None:
            self.selected_id = saved.id
            self.set_focus(self.query_one(InterviewList))

        form_flows.new_interview(self.app, self.followup, select)

    def action_edit(self) -> None:
        self._sync()
        interview = self.interview
        if interview is None:
            return
        step, item = self.active_step, self._current_item(self.active_step)
        in_step = self._area() == "step" and item is not None
        person = interview.interviewer(item or "") if step is Step.THANK else None
        if in_step and person is not None:
            form_flows.edit_interviewer(self.app, self.followup, interview, person)
        elif in_step and step is Step.REFERENCES:
            ref = self.snapshot.book.get(item or "") if self.snapshot is not None else None
            if ref is not None:
                form_flows.edit_reference(self.app, self.followup, ref)
        else:
            form_flows.edit_interview(self.app, self.followup, interview)

    def action_add(self) -> None:
        self._sync()
        if self.active_step is Step.THANK:
            self.action_add_interviewer()
        elif self.active_step is Step.REFERENCES:
            self.action_add_reference()
        else:
            self.action_log_follow_up()

    def action_add_interviewer(self) -> None:
        if (interview := self.interview) is not None:
            form_flows.add_interviewer(self.app, self.followup, interview,
                                       self._focus_on(Step.THANK))

    def action_add_reference(self) -> None:
        interview, snapshot = self.interview, self.snapshot
        if interview is not None and snapshot is not None:
            form_flows.add_reference(self.app, self.followup, interview, snapshot.book,
                                     self._focus_on(Step.REFERENCES))

    def action_log_follow_up(self) -> None:
        if (interview := self.interview) is not None:
            form_flows.log_follow_up(self.app, self.followup, interview)

    def action_outcome(self) -> None:
        if (interview := self.interview) is not None:
            form_flows.record_outcome(self.app, self.followup, interview, self._select_in_list)

    def action_next_round(self) -> None:
        """Set up the next round of the interview on show (from the command palette)."""
        if (interview := self.interview) is not None:
            form_flows.next_round(self.app, self.followup, interview, self._select_in_list)

    def action_delete(self) -> None:
        if (interview := self.interview) is not None:
            form_flows.delete_interview(self.app, self.followup, interview,
                                        lambda: self.set_focus(self.query_one(InterviewList)))

    def action_settings(self) -> None:
        if (snapshot := self.snapshot) is not None:
            form_flows.edit_settings(self.app, self.followup, snapshot.settings)


def _parse(action: str) -> tuple[str, str, tuple[object, ...]]:
    """`step(2)` as ("step", "step(2)", (2,)); `copy` as ("copy", "copy", ())."""
    name, _, rest = action.partition("(")
    params = tuple(int(p) for p in rest.rstrip(")").split(",") if p.strip()) if rest else ()
    return name, action, params


_FOOTER_ACTIONS = tuple(_parse(action) for _, action, _, _ in KEYS)
