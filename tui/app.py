"""The followup application: one repository, one clock, one main screen.

`make_app` is the only way the CLI and the tests build the app. Every change
goes through the repository in a worker thread, so a slow disk never freezes
a key press; the screen is repainted from what the repository returns, never
from what we hoped it would save. Another session saving the same file is
noticed by polling and shown without a key press.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import gc
import os
import select
import signal
import sys
import termios
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence, Set
from concurrent.futures import Future
from pathlib import Path
from typing import Any, TypeVar

from textual import events, work
from textual._dispatch_key import dispatch_key  # (textual is pinned)
from textual.app import App, ScreenStackError
from textual.content import Content
from textual.geometry import Region
from textual.notifications import Notification, Notify
from textual.widget import MountError, Widget
from textual.worker import WorkerCancelled, WorkerFailed

from store.dates import now
from store.models import Interview, Step
from store.overview import DayAgenda, day_agenda
from store.repository import InterviewIndex, InvalidInput, NotFound, Repository
from store.schedule import Action, ActionState, agenda
from store.storage import LOCK_WAIT, DataFileError
from store.text import clean
from tui.keys import On, bindings
from tui.made_on_use import MadeOnUse
from tui.state import AgendaKey, Snapshot
from widgets.own_bindings import run_own_binding
from widgets.status_line import StatusLine

T = TypeVar("T")

# How a session is ended from outside: SIGHUP when the terminal or the SSH
# connection goes away, SIGTERM from `kill` or a shutting-down system. Textual
# handles neither, so without a handler the process dies on the spot with the
# terminal left in the alternate screen, raw mode and mouse reporting.
EXIT_SIGNALS = (signal.SIGTERM, signal.SIGHUP)

# Once a session is ending (a signal, the terminal gone), how long Textual gets to
# put the terminal back after the last save has landed, before the process leaves
# by force: a terminal that vanished can leave Textual's writer thread dead and the
# event loop stuck behind it (seen when a tmux window closes during start-up).
EXIT_GRACE = 0.7

# Benchmarking aid: with this set to 1 in the environment, the app quits right
# after its first frame (with the interview list filled in), so `bench/run.py`
# can time spawn-to-first-paint as the run time of a whole process.
EXIT_AFTER_PAINT = "FOLLOWUP_EXIT_AFTER_PAINT"


def _followup_commands() -> Any:
    """The palette's own commands, imported when the palette first opens (Textual's
    palette machinery is not needed for the first frame)."""
    from tui.commands import FollowupCommands

    return FollowupCommands


def leave_after_first_frame(app: App[Any]) -> None:
    """End the process at once, its first frame drawn (FOLLOWUP_EXIT_AFTER_PAINT=1, for
    timing start-up): the terminal is restored, but nothing is torn down, which at
    ten thousand interviews takes longer than some of start-up itself. The
    benchmark's bare app leaves the same way."""
    driver = app._driver
    if driver is not None:
        driver.stop_application_mode()
        driver.close()  # waits for the terminal output to be written
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


class FollowupApp(App[None]):
    """followup's terminal interface."""

    CSS_PATH = "app.tcss"
    TITLE = "followup"
    COMMANDS = App.COMMANDS | {_followup_commands}
    # tab and shift+tab have priority, so focus moves before the keys typed after tab
    # are handed out: otherwise a fast typist's (or a paste's) "Acme<tab>Data Engineer"
    # lands entirely in the first field.
    BINDINGS = bindings(On.APP)

    # Seconds between looks at the data file for other sessions' changes.
    poll_seconds: float = 2.0

    def __init__(self, repo: Repository | None, clock: Callable[[], dt.datetime] = now,
                 today_first: bool = False, sync_at_start: bool = False,
                 quick: DayAgenda | None = None,
                 path: Path | None = None) -> None:
        super().__init__()
        self._repo = repo
        self._path = path if repo is None else repo.path
        self._open_lock = threading.Lock()
        # What the first frame is drawn from when the app opens on the Today view
        # before the whole file is read (see `make_app`); None once it is read.
        self._quick = quick
        # Its reading in the background, once started (see `read_all`).
        self._reading: Future[Snapshot] | None = None
        self._started = False  # what follows the reading of the whole file has started
        # Why the file could not be used, found when it was read after the first frame:
        # the command line reports it as it would have before start-up.
        self.start_error: DataFileError | None = None
        self.clock = clock
        # Open on the Today view when something is due or late (the CLI asks for it).
        self.today_first = today_first
        self.today_open = False  # the Today view is on the screen stack
        self._agenda: tuple[int, list[Action]] = (-1, [])
        self._agenda_keys: tuple[int, Mapping[AgendaKey, Action]] = (-1, {})
        # One repository, used from worker threads one at a time.
        self._repo_lock = threading.Lock()
        self._seq = 0
        self._last_error = ""
        self._caught_signals: list[tuple[signal.Signals, Any]] = []
        self._ending = False
        self._exit_task: asyncio.Task[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._finished = threading.Event()  # `run` has returned
        self._watchdog: threading.Thread | None = None
        if repo is not None:
            self._hook(repo)
        # Everything told to the user this session, toasts and status line alike.
        self.said: list[Notification] = []
        # With calendar sync set up (`followup sync`), one sync in the background at start.
        self.sync_at_start = sync_at_start
        if quick is not None:
            # The day's agenda, as the summary index says it: all the Today view draws.
            self._seq += 1
            self.snapshot: Snapshot = Snapshot(
                interviews=_QuickIndex(quick, self), book=quick.book,
                settings=quick.settings, today=self.today(), seq=self._seq)
            self._agenda_keys = (self._seq, _DayActions(quick))
        else:
            # Read before the first frame: there is nothing useful to draw without it,
            # and a broken file is reported before the terminal is taken over.
            self.snapshot = self._read()

    def _hook(self, repo: Repository) -> None:
        # Told from the storage's thread when a save waits for another process's lock.
        repo.storage.on_wait = self._waiting_for_lock
        # A save's summary index is written once its change is on the screen.
        repo.storage.index_later = True

    @property
    def repo(self) -> Repository:
        """The repository on the data file; opened on first use when the app started
        from the summary index (from any thread: once)."""
        repo = self._repo
        if repo is None:
            with self._open_lock:
                repo = self._repo
                if repo is None:
                    assert self._path is not None
                    repo = Repository(self._path, clock=self.clock, check=False)
                    self._hook(repo)
                    self._repo = repo
        return repo

    def read_all(self) -> None:
        """When the first frame was drawn from the summary index: the whole file, read
        now (or, when its reading has started in the background, once it is done), and
        shown as it says (another session may have changed it meanwhile). A file that
        cannot be used ends the app, and the command line says why. Then what waited
        for it starts (see `_after_reading`)."""
        quick = self._quick
        if quick is None:
            return
        reading = self._reading
        if reading is None:
            reading = self._reading = Future()
            self._read_into(reading)
        try:
            snapshot = reading.result()  # (waits for the background reading)
        except DataFileError as exc:
            self.start_error = exc
            self.exit(return_code=1)
            return
        finally:
            if self._quick is not None:
                self._quick = None
                quick.close()
        self._apply(snapshot)
        self._after_reading()

    def _read_into(self, reading: Future[Snapshot]) -> None:
        """The whole file read into `reading`, and, with the Today view open, its agenda
        worked out (from any thread)."""
        try:
            with self._repo_lock:
                snapshot = self._read()
                self._prepare_agenda(snapshot)
        except BaseException as exc:
            reading.set_exception(exc)
            if not isinstance(exc, Exception):
                raise
        else:
            reading.set_result(snapshot)

    @work(thread=True, exclusive=True, group="read", name="read the data file")
    def _read_in_background(self) -> None:
        # The screen keeps answering keys meanwhile (at ten thousand interviews the
        # reading takes about half a second); what needs the whole file waits for it.
        reading = self._reading
        assert reading is not None
        self._read_into(reading)
        with contextlib.suppress(RuntimeError):  # (the app has ended meanwhile)
            self.call_from_thread(self.read_all)

    # --- reading ---------------------------------------------------------------

    def today(self) -> dt.date:
        return self.clock().date()

    def _read(self) -> Snapshot:
        """A fresh snapshot. Call with the repository lock held (or before any worker runs)."""
        self._seq += 1
        return Snapshot(
            interviews=self.repo.index(),
            book=self.repo.book(),
            settings=self.repo.settings(),
            today=self.today(),
            seq=self._seq,
        )

    def _prepare_agenda(self, snapshot: Snapshot) -> None:
        """In a worker, with the repository lock held: work out the agenda of a new
        snapshot while the Today view is open, so that showing it does not hold up
        the screen (at ten thousand interviews it is a few tenths of a second)."""
        if self.today_open:
            self.agenda_by_key(snapshot)

    def agenda(self, snapshot: Snapshot) -> list[Action]:
        """Every due and late action of `snapshot`, worked out once per reading: the
        main screen counts them and the Today view lists them."""
        seq, actions = self._agenda
        if seq != snapshot.seq:
            by_key = self._agenda_keys
            if by_key[0] == snapshot.seq:
                # (The day's agenda as the summary index gave it: every action made now.)
                actions = list(by_key[1].values())
            else:
                # From the interviews' summaries alone: none is read in full (ten thousand
                # interviews, half of them with something due, start as quickly as ten).
                actions = agenda(snapshot.interviews.summaries, snapshot.settings,
                                 snapshot.book, snapshot.today)
            self._agenda = (snapshot.seq, actions)
        return actions

    def agenda_by_key(self, snapshot: Snapshot) -> Mapping[AgendaKey, Action]:
        """The agenda by (interview id, step, person id), in its order, as the Today view
        keeps it; worked out once per reading."""
        seq, by_key = self._agenda_keys
        if seq != snapshot.seq:
            # (`_value_`, not `.value`: the property costs more than the rest here.)
            by_key = {(a.interview_id, a.step._value_, a.person_id): a
                      for a in self.agenda(snapshot)}
            self._agenda_keys = (snapshot.seq, by_key)
        return by_key

    def agenda_order(self, snapshot: Snapshot) -> Sequence[AgendaKey]:
        """The keys of `agenda_by_key`, in the agenda's order."""
        by_key = self.agenda_by_key(snapshot)
        if isinstance(by_key, _DayActions):
            return by_key.order  # (each made when asked for)
        return list(by_key)

    def agenda_counts(self, snapshot: Snapshot) -> tuple[int, int]:
        """(late, due): how many of the agenda's actions are late, and how many due."""
        by_key = self.agenda_by_key(snapshot)
        if isinstance(by_key, _DayActions):
            return by_key.counts
        # (Counted in C: there can be tens of thousands.)
        late = [action.state for action in by_key.values()].count(ActionState.LATE)
        return late, len(by_key) - late

    def may_need_references(self, snapshot: Snapshot) -> Set[str]:
        """The open interviews that list no reference: only these can need one (asked
        of the interview in full: `workflow.needs_references`)."""
        by_key = self.agenda_by_key(snapshot)
        if isinstance(by_key, _DayActions):
            return by_key.unreferenced  # (those on the day's agenda)
        return {s.id for s in snapshot.interviews.summaries
                if not s.reference_ids and s.is_open}

    @property
    def opens_on_today(self) -> bool:
        """Whether the app opens on the Today view (there is something to do today)."""
        return self.today_first and bool(self.agenda_by_key(self.snapshot))

    def get_default_screen(self) -> Any:
        if self.opens_on_today:
            # The Today view is the first screen: the interview screen (its module, its
            # widgets, its list) is made after the first frame, off the screen, and
            # takes the Today view's place when the user leaves it.
            from tui.today_screen import TodayScreen

            return TodayScreen()
        return self._interview_screen()

    def _interview_screen(self, waiting: bool = False) -> Any:
        """The interview screen, made on first use (`waiting`: its widgets are made in
        the background, and it is filled in when it is first shown)."""
        self.read_all()  # (it lists every interview)
        main = getattr(self, "main", None)
        if main is None:
            from tui.main_screen import MainScreen

            main = self.main = MainScreen(waiting=waiting)
        return main

    def on_mount(self) -> None:
        theme = self.snapshot.settings.theme
        if theme and theme in self.available_themes:
            self.theme = theme
        self.set_interval(self.poll_seconds, self._poll, name="watch the data file")
        # Tests run headless inside the test runner's own process: leave its signals alone.
        if not self.is_headless:
            self._catch_exit_signals()
        self.call_after_refresh(self._check_size)

    async def on_event(self, event: events.Event) -> None:
        if type(event) is events.Key and not event.is_forwarded:
            # Where the focus is as the key is typed: the key is handed to that widget,
            # and its bindings are looked up from there too (`_on_key`).
            event.typed_at = self.focused  # type: ignore[attr-defined]
        await super().on_event(event)

    async def _on_key(self, event: events.Key) -> None:
        # A key the focused widget did not take comes back here, and Textual looks up
        # its binding from the focus as it is *now*. A tab (or a slash) typed right
        # after it has priority and has already moved the focus: `j<tab>` in one burst
        # would move the step cursor instead of the list's. So the binding is looked up
        # from the widget the key was typed at, while that is still on this screen.
        # (With a keymap set, Textual's own lookup, which applies it.)
        typed_at = getattr(event, "typed_at", None)
        if (typed_at is None or typed_at is self.focused or self._keymap
                or not typed_at.is_attached or typed_at.screen is not self.screen):
            return  # Textual's own handler looks it up from the focus
        event.prevent_default()
        if not await self._bindings_from(typed_at, event.key):
            await dispatch_key(self, event)

    async def _bindings_from(self, widget: Widget, key: str) -> bool:
        """Run `key`'s (non-priority) binding as seen from `widget`: its own, then its
        ancestors', up to and including a modal screen (as Textual's own lookup does
        from the focus). True when one ran."""
        for node in widget.ancestors_with_self:
            if await run_own_binding(node, key):
                return True
            if node.is_modal:
                break
        return False

    def on_resize(self, event: events.Resize) -> None:
        # Called before Textual's own handler has recorded the new size: use the event's.
        self._check_size(event.size)

    def _check_size(self, size: tuple[int, int] | None = None) -> None:
        """Too small a window gets a "make it larger" screen over whatever is open."""
        from tui.too_small import TooSmallScreen, too_small

        if too_small(*(size or self.size)) and not any(
                isinstance(screen, TooSmallScreen) for screen in self.screen_stack):
            self.push_screen(TooSmallScreen())

    def on_unmount(self) -> None:
        from tui.clipboard import remove_private_copies

        remove_private_copies()
        for sig, previous in self._caught_signals:
            with contextlib.suppress(ValueError, OSError, TypeError):
                signal.signal(sig, previous)
        self._caught_signals.clear()

    def run(self, *args: Any, **kwargs: Any) -> Any:
        if not kwargs.get("headless"):
            from tui.paste import bound_pastes

            bound_pastes()  # before Textual starts reading the terminal
        try:
            return super().run(*args, **kwargs)
        finally:
            self._finished.set()

    def on_ready(self) -> None:
        # Textual's first frame is on the terminal, with the list filled in (the
        # main screen fills it when it mounts, before that frame is drawn).
        self._after_first_frame()

    def _after_first_frame(self) -> None:
        # (The first screen, the interviews or the Today view, is filled in when it
        # has its snapshot.)
        if getattr(self.screen_stack[0], "snapshot", None) is None:
            self.call_after_refresh(self._after_first_frame)
        elif os.environ.get(EXIT_AFTER_PAINT) == "1":
            leave_after_first_frame(self)
        elif self._quick is not None:
            # Drawn from the summary index: the whole file is read in the background,
            # and the rest starts when it is in (`read_all`).
            self._reading = Future()
            self._read_in_background()
        else:
            self._after_reading()

    def _after_reading(self) -> None:
        """What starts once the whole file is read, after the first frame."""
        if self._started:
            return
        self._started = True
        if not gc.isenabled():
            # Switched off for start-up by the command line (tui/cli.py). (Not
            # frozen: the Today view made at start-up is garbage once left, and a
            # frozen object is never collected.)
            gc.enable()
        if getattr(self, "main", None) is None:
            # Opened on the Today view: the interview screen is made now, while the
            # user reads the first frame, and kept off the screen until it is shown.
            self._start_off_screen(self._interview_screen(waiting=True))
        self._warm()
        if self.sync_at_start:
            self._sync(at_start=True)

    @work(thread=True, exclusive=True, group="warm", name="prepare the first save")
    def _warm(self) -> None:
        # Each document's JSON text, worked out now while the user reads the list,
        # so that the first save writes out only the changed interview.
        with self._repo_lock:
            self.repo.storage.warm()

    def _start_off_screen(self, screen: Any) -> None:
        """Start `screen` (its messages, its mounting) without showing it, as pushing it
        would. (Textual's own step for that; its version is pinned in pyproject.toml.)"""
        self._get_screen(screen)

    def _apply(self, snapshot: Snapshot) -> None:
        if snapshot.seq <= self.snapshot.seq:
            return
        self.snapshot = snapshot
        main = getattr(self, "main", None)
        if main is not None:
            main.snapshot = snapshot
        if not self.today_open:
            # (A Today view still mounting takes the app's snapshot when it mounts; and
            # its module is not loaded by a save when no Today view was ever opened.)
            return
        from tui.today_screen import TodayScreen

        for screen in self.screen_stack:
            if isinstance(screen, TodayScreen):
                screen.snapshot = snapshot

    def watch_theme(self, theme: str) -> None:
        """Remember a theme chosen in the command palette for the next start."""
        snapshot = getattr(self, "snapshot", None)
        if snapshot is not None and theme != snapshot.settings.theme:
            self.save(lambda repo: repo.update_settings(theme=theme))

    # --- other sessions and the passing of days ----------------------------------

    def _poll(self) -> None:
        if self._quick is not None or self.start_error is not None:
            return  # the whole file is being read (see `read_all`), or was refused
        if self.today() != self.snapshot.today or self.repo.changed_on_disk():
            self._reload()

    @work(thread=True, exclusive=True, group="reload", name="reload the data file")
    def _reload(self) -> None:
        try:
            with self._repo_lock:
                self.repo.reload()
                snapshot = self._read()
                self._prepare_agenda(snapshot)
        except DataFileError as exc:
            self.call_from_thread(self._report_error, exc, once=True)
            return
        self._last_error = ""
        self.call_from_thread(self._apply, snapshot)

    # --- writing -------------------------------------------------------------------

    def save(
        self,
        change: Callable[[Repository], T],
        *,
        done: str | Callable[[T], str] | None = None,
        then: Callable[[T], None] | None = None,
        ended: Callable[[bool], None] | None = None,
    ) -> None:
        """Run `change` on the repository in a worker, then repaint from what it saved.

        `done` is a notification for success (or a function of the result
        making one); `then` runs on the UI thread after the repaint, with
        the result, to move the selection or focus to what changed. `ended`
        runs on the UI thread as soon as the change is saved or has failed, to
        take back a mark shown while it was on its way: with True just before
        the screen is repainted from the save, with False when no repaint
        follows (the save failed, or a newer reading is on the screen already).
        """
        self._save(change, done, then, ended)

    @work(thread=True, group="save", name="save a change")
    def _save(self, change: Callable[[Repository], Any], done: Any, then: Any,
              ended: Any) -> None:
        try:
            with self._repo_lock:
                result = change(self.repo)
                snapshot = self._read()
                self._prepare_agenda(snapshot)
        except (InvalidInput, NotFound, DataFileError, ValueError) as exc:
            self.call_from_thread(self._refused, exc, ended)
            return

        def show() -> None:
            # Everything the save changes, drawn in one go: it reaches the screen in
            # the frame after the file is durable.
            if done is not None:
                self._status_line_first()
            if ended is not None:
                ended(snapshot.seq > self.snapshot.seq)  # (what `_apply` checks)
            self._apply(snapshot)
            if then is not None:
                then(result)
            message = done(result) if callable(done) else done
            if message:
                self.say_at_once(message, timeout=3)
            # The summary index (it makes the next start quicker) after the frame.
            self.call_after_refresh(self._write_index)

        self.call_from_thread(show)

    @work(thread=True, group="save", name="write the summary index")
    def _write_index(self) -> None:
        with self._repo_lock:
            self.repo.storage.write_index_due()

    def notify(self, message: str, *, title: str = "", severity: Any = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Every toast, whoever sends it (screens, forms, Textual itself), with its
        control characters made visible: a name in an error message is data."""
        super().notify(clean(message, multiline=True), title=clean(title), severity=severity,
                       timeout=timeout, markup=markup)

    def _refused(self, exc: Exception, ended: Callable[[bool], None] | None) -> None:
        """A change not saved: its mark taken back, and why, in one line."""
        if ended is not None:
            ended(False)
        self._report_error(exc)

    def say_at_once(self, message: str, timeout: float = 3) -> None:
        """A short confirmation on the status line now, in the frame that shows the change
        it confirms (`notify` goes through the message queue: a frame later, and the
        change would reach the screen in two frames). A toast where there is no line."""
        note = Notification(clean(message, multiline=True), timeout=timeout, markup=False)
        if self._status_line(note):
            self._remember(note)
        else:
            self.notify(message, markup=False, timeout=timeout)

    def _status_line_first(self) -> None:
        """Before a repaint that ends with a confirmation: the screen's status line is
        asked to draw before the rest, so that its new text, set last (once `then`
        has closed or opened what it does), reaches the screen in the same frame.
        Each widget hands its redraw to the screen in the order it was first asked;
        one asked after the screen has taken the others is drawn in a frame of its
        own, 17 to 33 ms later."""
        try:
            screen = self.screen
        except ScreenStackError:  # the app is on its way out: the repaint still goes on
            return
        for line in screen.query_children(StatusLine):
            line.refresh()

    def _report_error(self, exc: Exception, once: bool = False) -> None:
        text = clean(str(exc))
        if once and text == self._last_error:
            return
        self._last_error = text
        title = "The data file has a problem" if isinstance(exc, DataFileError) else "Not saved"
        self.notify(text, title=title, severity="error", markup=False, timeout=10)

    # --- telling the user -------------------------------------------------------------

    def on_notify(self, event: Notify) -> None:
        """Where each `notify` goes: short confirmations ("information") to the screen's
        status line, which replaces itself and covers nothing; warnings and errors to a
        toast, one at a time, on the side of the screen away from the focused widget.
        (Screens and widgets just call `notify`.)"""
        note = event.notification
        self._remember(note)
        if note.severity == "information" and self._status_line(note):
            event.prevent_default()  # no toast
            return
        App.clear_notifications(self)  # at most one toast at a time
        self._place_toasts()
        # Textual's own handler, next, shows the toast.

    def _remember(self, note: Notification) -> None:
        self.said.append(note)
        del self.said[:-100]

    def _status_line(self, note: Notification) -> bool:
        """Show `note` on the screen's status line; False where a screen has none (a
        form or another dialog, where the toast goes instead)."""
        from tui.too_small import TooSmallScreen

        screen = self.screen
        if screen.is_modal or isinstance(screen, TooSmallScreen) or not screen.is_mounted:
            return False
        lines = screen.query_children(StatusLine)
        line = lines.first() if lines else StatusLine()
        if not lines:
            try:
                screen.mount(line)
            except MountError:  # the app is on its way out
                return False
        message: str | Content = note.message
        if note.markup:
            try:
                message = Content.from_markup(note.message)
            except Exception:  # markup that does not parse is shown as typed
                message = note.message
        line.say(message, note.title, note.timeout)
        return True

    def _place_toasts(self) -> None:
        """Toasts at the top right, or at the bottom right when the focused widget is
        up there (the steps, a form's first fields): never over what the user is on."""
        screen = self.screen
        focused = screen.focused
        width, height = screen.size
        toast_width, toast_height = min(60, width // 2), 6
        below = Region(width - toast_width, height - 1 - toast_height, toast_width, toast_height)
        above = Region(width - toast_width, 1, toast_width, toast_height)
        # At the top unless the focused widget is there: at the bottom they would cover
        # the status line, and the message pane, where the eye is after `c`.
        top = True
        if focused is not None:
            region = focused.region
            top = region.intersection(above).area <= region.intersection(below).area
        screen.set_class(top, "-toasts-top")
        # Under the top line; or above the footer and the status line when it shows.
        lines = [line for line in screen.query_children(StatusLine) if line.display]
        shown = sum(line.outer_size.height for line in lines)
        for rack in screen.query_children("#textual-toastrack"):
            rack.styles.margin = (1, 0, 0, 0) if top else (0, 0, 1 + shown, 0)

    def clear_notifications(self) -> None:
        """Take every toast away, and the status line's message."""
        super().clear_notifications()
        for line in self.screen.query(StatusLine):
            line.clear()

    # --- ending the session ----------------------------------------------------------

    def _catch_exit_signals(self) -> None:
        """Catch SIGTERM and SIGHUP, and watch for the terminal going away.

        A plain signal handler, not the event loop's: it runs in the main thread
        even while the loop is stuck (waiting on a writer thread whose terminal
        is gone), so the session always ends. The terminal is watched from a
        thread of its own that sleeps in poll() until the terminal hangs up: a
        pseudo-terminal that is not the controlling one closes with no SIGHUP,
        and Textual's input thread then spins on the end of its input.
        """
        self._loop = asyncio.get_running_loop()
        for sig in EXIT_SIGNALS:
            try:
                previous = signal.signal(sig, self._on_exit_signal)
            except (ValueError, OSError):
                continue  # not the main thread, or a platform without these signals
            self._caught_signals.append((sig, previous))
        fd = _terminal_fd()
        if fd is not None:
            threading.Thread(target=self._watch_terminal, args=(fd,), daemon=True,
                             name="watch the terminal").start()

    def _on_exit_signal(self, sig: int, _frame: Any) -> None:
        self._leave_soon(sig)

    def _leave_soon(self, sig: int) -> None:
        """From a signal handler or a thread: end the session through the event loop,
        and make sure the process goes even if the loop never gets to it."""
        if self._watchdog is None:
            self._watchdog = threading.Thread(target=self._leave_by_force,
                                              args=(128 + int(sig),), daemon=True,
                                              name="leave by force")
            self._watchdog.start()
        loop = self._loop
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(self.end_session, sig)

    def _watch_terminal(self, fd: int) -> None:
        poller = select.poll()
        poller.register(fd, 0)  # no events asked for: only a hang-up or error wakes it
        while not self._finished.is_set():
            try:
                events = poller.poll(500)
            except InterruptedError:
                continue
            except OSError:
                return
            if any(mask & (select.POLLHUP | select.POLLERR | select.POLLNVAL)
                   for _, mask in events):
                self._leave_soon(signal.SIGHUP)
                return

    def _leave_by_force(self, code: int) -> None:
        """Leave the process if the clean way out does not get there: once a save under
        way has landed (it holds the repository lock, and waits for another process's
        lock a bounded time), Textual gets EXIT_GRACE seconds to restore the terminal.
        Every confirmed change is on disk already, and every save is atomic."""
        if self._repo_lock.acquire(timeout=LOCK_WAIT + 5):
            self._repo_lock.release()
        if self._finished.wait(EXIT_GRACE):
            return
        fd = _terminal_fd()
        if fd is not None:
            with contextlib.suppress(OSError, termios.error, AttributeError, TypeError):
                os.write(fd, RESET_TERMINAL)
                attrs = getattr(self._driver, "attrs_before", None)
                if attrs:
                    termios.tcsetattr(fd, termios.TCSANOW, attrs)
        os._exit(code)

    def _waiting_for_lock(self, pid: int | None) -> None:
        who = f"another followup (pid {pid})" if pid else "another followup"
        with contextlib.suppress(RuntimeError):
            self.call_from_thread(self.notify, f"Waiting for {who} to finish its change…",
                                  title="Waiting", timeout=LOCK_WAIT)

    def end_session(self, sig: int) -> None:
        """Leave cleanly on a signal: let a save under way reach the disk, then exit
        (which puts the terminal back). A second signal leaves at once; the data
        file is whole either way, as every save is an atomic rename."""
        code = 128 + int(sig)
        if self._ending:
            self.exit(return_code=code)
            return
        self._ending = True
        # Kept: the loop holds tasks only weakly.
        self._exit_task = asyncio.get_running_loop().create_task(self._exit_after_saves(code))

    async def _exit_after_saves(self, code: int) -> None:
        await self.saves_finished()
        self.exit(return_code=code)

    async def saves_finished(self) -> None:
        """Wait until every change handed to `save` is on disk (or has failed)."""
        saves = [w for w in self.workers if w.group == "save" and not w.is_finished]
        if saves:
            try:
                await self.workers.wait_for_complete(saves)
            except (WorkerCancelled, WorkerFailed):
                pass  # the app is going anyway (a second signal); the file is whole
        # The last save's summary index, if its turn has not come yet (not waited for:
        # a save still holding the repository is on its way out with the app).
        if self._repo is not None and self._repo_lock.acquire(blocking=False):
            try:
                with contextlib.suppress(DataFileError, OSError):
                    self._repo.storage.write_index_due()
            finally:
                self._repo_lock.release()

    async def action_quit(self) -> None:
        # A change made just before `q` is still saved before the app goes.
        await self.saves_finished()
        self.exit()

    # --- app-wide actions ------------------------------------------------------------

    def action_today(self) -> None:
        """The Today view, over the main screen (or back from it)."""
        from tui.today_screen import TodayScreen

        if isinstance(self.screen, TodayScreen):
            self.leave_today(None)
        elif self.screen is getattr(self, "main", None):
            self.push_screen(TodayScreen(), self._back_from_today)

    def leave_today(self, opened: AgendaKey | None) -> None:
        """Back from the Today view to the interviews; at `opened`'s interview, step and
        person when given."""
        if len(self.screen_stack) > 1:
            # Over the interview screen.
            self.screen.dismiss(opened)
        else:
            # The first screen of the session: the interview screen takes its place.
            self.call_next(self._replace_today, opened)

    async def _replace_today(self, opened: AgendaKey | None) -> None:
        # (Switching takes back the result callback of the screen it replaces, which a
        # first screen, never pushed, does not have: it is given an empty one.)
        self.screen._push_result_callback(self, None)
        await self.switch_screen(self._interview_screen(waiting=True))
        await self._back_from_today(opened)

    async def _back_from_today(self, opened: AgendaKey | None) -> None:
        # Back on the interviews, their screen is made if it waited (see MainScreen),
        # before the keys typed after this one are handed on.
        await self.main.build()
        if opened is None:
            self.main.catch_up()
        else:
            interview_id, step, person_id = opened
            self.main.open_action(interview_id, Step(step), person_id)

    # --- the calendar sync ------------------------------------------------------------

    def action_sync(self) -> None:
        """Sync with the user's CalDAV calendar now, in a worker (see `store.sync`)."""
        self._sync(at_start=False)

    @work(thread=True, exclusive=True, group="sync", name="sync with the calendar")
    def _sync(self, at_start: bool) -> None:
        from store import locations
        from store.sync import SyncError, load_settings, password
        from store.sync_run import run_sync

        try:
            settings = load_settings(locations.config_dir())
            if settings is None:
                if not at_start:
                    self.call_from_thread(
                        self.notify, "Calendar sync is not set up: run `followup sync --url URL "
                        "--username USER --password-command CMD` once in a shell.",
                        title="Not synced", severity="warning", markup=False, timeout=10)
                return
            if not at_start:
                self.call_from_thread(self.notify, "Syncing with the calendar…", markup=False,
                                      timeout=3)
            secret = password(settings)
            # Its own reader of the file: the network never holds up the app's saves,
            # and the file's lock keeps the two from writing over each other.
            repo = Repository(self.repo.path, clock=self.clock, check=False)
            report = run_sync(repo, settings, secret, self.today())
        except (SyncError, DataFileError) as exc:
            self.call_from_thread(self.notify, clean(f"Calendar sync failed: {exc}"),
                                  title="Not synced", severity="error", markup=False,
                                  timeout=10)
            return
        when = self.clock().strftime("%H:%M")
        self.call_from_thread(self.notify, clean(f"Synced with the calendar at {when}: "
                                                 f"{report.describe()}."),
                              markup=False, timeout=8)
        if report.outcome.done_here or report.outcome.undone_here:
            self.call_from_thread(self._reload)

    def action_help(self) -> None:
        from tui.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())


# What Textual switches on, switched off: mouse modes, bracketed paste, focus events,
# the alternate screen; the cursor shown again.
RESET_TERMINAL = (b"\x1b[?1000l\x1b[?1003l\x1b[?1015l\x1b[?1006l\x1b[?2004l\x1b[?1004l"
                  b"\x1b[<u\x1b[?1049l\x1b[?25h")


def _terminal_fd() -> int | None:
    """The terminal the app draws on (Textual writes to stderr), if it is one."""
    for stream in (sys.__stderr__, sys.__stdin__):
        try:
            if stream is not None and os.isatty(stream.fileno()):
                return stream.fileno()
        except (OSError, ValueError):
            continue
    return None


class _QuickIndex(InterviewIndex):
    """The interviews with something to do today, as the first frame knows them: each
    read in full from the data file as it was when the summary index was read (see
    `store.overview.DayAgenda`); by the repository if it cannot be. (No summaries:
    what needs them waits for the whole file, `FollowupApp.read_all`.)"""

    def __init__(self, quick: DayAgenda, app: FollowupApp) -> None:
        self._quick = quick
        self._app = app
        self._known: dict[str, None] | None = None  # their ids, in the agenda's order

    @property
    def _ids(self) -> dict[str, None]:
        known = self._known
        if known is None:
            known = self._known = dict.fromkeys(span[2][0] for span in self._quick.spans)
        return known

    def __getitem__(self, interview_id: str) -> Interview:
        try:
            return self._quick.interview(interview_id)  # (an open interview of the file)
        except (ValueError, OSError):
            pass
        if interview_id not in self._ids:
            raise KeyError(interview_id)
        try:
            return self._app.repo.interview(interview_id)
        except NotFound:
            raise KeyError(interview_id) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return self._quick.count  # every interview of the file, as the summary bar says

    def __contains__(self, interview_id: object) -> bool:
        return interview_id in self._ids


class _DayActions(Mapping[AgendaKey, Action]):
    """The day's agenda by (interview id, step, person id), in its order, from the
    summary index (`store.overview.DayAgenda`): each key and `Action` is made when first
    asked for, as the first frame shows a screenful of thousands."""

    def __init__(self, day: DayAgenda) -> None:
        self._day = day
        self._size = len(day)
        self.order = _DayKeys(self)
        self._at: dict[AgendaKey, int] = {}  # the keys made, by place in the order
        self._every = False  # every key is in `_at`
        self._made: dict[int, Action] = {}
        self.counts = (day.late, day.due)
        self.unreferenced = day.unreferenced

    def action(self, n: int) -> Action:
        """The `n`th action."""
        action = self._made.get(n)
        if action is None:
            if not 0 <= n < self._size:
                raise IndexError(n)
            action = self._made[n] = self._day.actions(n, n + 1)[0]
        return action

    def key(self, n: int) -> AgendaKey:
        """The key of the `n`th action."""
        action = self.action(n)
        key = (action.interview_id, action.step._value_, action.person_id)
        self._at[key] = n
        return key

    def place(self, key: object) -> int | None:
        """Where the action of `key` is in the order; None when it is not on the agenda."""
        n = self._at.get(key)  # type: ignore[call-overload]
        if n is None and not self._every:
            self._at = {k: n for n, k in enumerate(self)}
            self._every = True
            n = self._at.get(key)  # type: ignore[call-overload]
        return n

    def __getitem__(self, key: AgendaKey) -> Action:
        n = self.place(key)
        if n is None:
            raise KeyError(key)
        return self.action(n)

    def __iter__(self) -> Iterator[AgendaKey]:
        # (A span is one step of an interview: (state, step, entry, person ids, ...), the
        # entry starting with the interview's id; see `store.schedule.AgendaSpan`.)
        for span in self._day.spans:
            interview_id, step = span[2][0], span[1]._value_
            for person_id in span[3]:
                yield interview_id, step, person_id

    def __len__(self) -> int:
        return self._size

    def __contains__(self, key: object) -> bool:
        return self.place(key) is not None


class _DayKeys(MadeOnUse[AgendaKey]):
    """The day's agenda's keys in its order (`_DayActions.order`), each made when
    first asked for."""

    def __init__(self, actions: _DayActions) -> None:
        self._actions = actions

    def __len__(self) -> int:
        return len(self._actions)

    def _item(self, index: int) -> AgendaKey:
        return self._actions.key(index)

    def __iter__(self) -> Iterator[AgendaKey]:
        return iter(self._actions)

    def index(self, key: object, start: int = 0, stop: int | None = None) -> int:
        n = self._actions.place(key)
        if n is None or n < start or (stop is not None and n >= stop):
            raise ValueError(f"{key!r} is not on the agenda")
        return n


def _quick_start(path: Path, today: dt.date) -> DayAgenda | None:
    """The day's agenda from the summary index, when it can be used and something is
    due: the Today view's first frame is drawn from it, and the file read after."""
    quick = day_agenda(path, today, keep_open=True)
    if quick is None:
        return None
    if not len(quick):
        quick.close()
        return None
    return quick


def make_app(db_path: Path, *, clock: Callable[[], dt.datetime] | None = None,
             today_first: bool = False, repo: Repository | None = None,
             sync_at_start: bool = False) -> FollowupApp:
    """Build the app on the data file `db_path`, with `clock` as "now" (tests fix it).

    With `today_first` (as `followup` starts it) the Today view opens over the
    main screen when anything is due or late.

    Raises `store.storage.DataFileError` when the file cannot be used, before
    the terminal is taken over, so the caller can print the reason plainly.
    `repo`, when given, is a Repository already open on `db_path` (the command
    line opens one to check the file first; reading it twice would double the
    start-up time). With `sync_at_start` (as `followup` starts it) the app syncs
    once with the calendar in the background, when sync is set up.
    """
    clock = clock or now
    if repo is None and today_first:
        # Opening on the Today view: its first frame needs only the day's agenda and
        # the interviews on it, read through the summary index when it matches the
        # file; everything else (every summary, the list) is read after that frame.
        quick = _quick_start(Path(db_path), clock().date())
        if quick is not None:
            return FollowupApp(None, clock, today_first=True, sync_at_start=sync_at_start,
                               quick=quick, path=Path(db_path))
    if repo is None:
        # Interviews are read in full only when shown: the list needs only a summary
        # of each, which is what makes ten thousand of them start quickly.
        repo = Repository(Path(db_path), clock=clock, check=False)
    return FollowupApp(repo, clock, today_first=today_first, sync_at_start=sync_at_start)
