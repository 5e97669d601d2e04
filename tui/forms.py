"""Modal forms: add and edit interviews, interviewers, references, follow-ups, settings.

Every form is a `ModalScreen` that dismisses with plain values (dicts, enums,
ids) or `None` when cancelled, so the screens that push them decide what to
store and the forms never touch the repository.

How the forms behave, the same in each:
* tab / shift+tab move between fields; enter in a one-line field moves on and
  saves on the last field; ctrl+s saves from anywhere; escape cancels.
* Nothing is checked while the user is still typing a field for the first
  time. A failed save marks every problem under its field, focuses the first
  one, and from then on the marks follow the text as it is corrected.
* Dates take everything `parse_date` takes and show the day they resolve to
  beside the field, so `fri` or `+2w` can be checked before saving.
* Text that comes from the user's data (a company's name in a title, a
  reference's name in a list) is turned into `Content` without markup, so
  `[b]Acme[/b]` is shown as typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any, ClassVar, TypeVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, HorizontalGroup, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import (
    Button,
    Checkbox,
    Label,
    OptionList,
    Select,
    SelectionList,
    Static,
)
from textual.widgets.option_list import Option

from store.contacts import ContactError, looks_like_email, parse_people
from store.dates import DateError, format_day, parse_date, parse_time
from store.models import (
    LIMITS,
    ContactChannel,
    FollowUpChannel,
    Format,
    Interview,
    Interviewer,
    Outcome,
    Reference,
    Settings,
)

# Every field in the forms shows a control character in its text (an escape in an
# imported name, say) as a placeholder instead of sending it to the terminal.
from store.text import clean, line_problem
from widgets.key_footer import KeyFooter
from widgets.safe_fields import SafeInput as Input
from widgets.safe_fields import SafeTextArea as TextArea
from widgets.text import literal

ResultT = TypeVar("ResultT")

# The repository's limits (store/repository.py, store/codec.py), checked here
# too so the user hears about them beside the field rather than after saving.
NAME_LIMIT = LIMITS.name
PHONE_LIMIT = LIMITS.phone
NOTES_LIMIT = LIMITS.text  # notes, topics, a follow-up's note and reply
SETTING_MIN, SETTING_MAX = 0, 60

SAVE_HINT = "ctrl+s save · esc cancel"


class Invalid(ValueError):
    """A field's text cannot be used. The message says what is wrong and what to write."""


# --- building blocks ------------------------------------------------------------


class FormBody(VerticalScroll, can_focus=False):
    """The scrolling part of a dialog. Not a tab stop: focusing a field scrolls to it."""


class FormCheckbox(Checkbox):
    """A checkbox that space toggles and enter leaves, like every other field: pressing
    enter down a form must not flip "hiring manager" on the way past."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "advance", "Next", show=False),
    ]

    def action_advance(self) -> None:
        screen = self.screen
        if isinstance(screen, FormScreen):
            screen.advance(self)


class FieldRow(HorizontalGroup):
    """Two short fields side by side (Format and Round), to spare a row of the screen."""

    DEFAULT_CSS = """
    FieldRow {
        height: auto;
        & > Field.-second {
            width: 30;
        }
        & > Field.-second > .field-label {
            width: auto;
            padding: 1 1 0 2;
        }
    }
    """


class Field(HorizontalGroup):
    """A label, one control and the line under it where a problem is explained.

    `preview` turns the control's text into a short note shown beside it (the
    day a typed date resolves to); it returns None when there is nothing to say
    and raises `Invalid` when the text is not understood yet.
    """

    DEFAULT_CSS = """
    Field {
        height: auto;
        width: 1fr;
        & > .field-label {
            width: 18;
            padding: 1 1 0 0;
            color: $text-muted;
        }
        &.-focused > .field-label {
            color: $text;
            text-style: bold;
        }
        & > .field-main {
            height: auto;
            width: 1fr;
        }
        & .field-row {
            height: auto;
            & > Input, & > Select, & > TextArea {
                width: 1fr;
            }
        }
        & .field-side {
            width: 20;
            height: 3;
            padding: 1 0 0 1;
            color: $text-success;
            &.-unclear {
                color: $text-warning;
            }
        }
        & .field-suffix {
            width: 1fr;
            padding: 1 0 0 1;
            color: $text-muted;
        }
        &.-short .field-row > Input {
            width: 10;
        }
        & .field-row > Checkbox {
            width: 1fr;
        }
        & .field-error {
            display: none;
            color: $text-error;
            padding: 0 1;
        }
        & .field-help {
            color: $text-muted;
            padding: 0 1;
        }
        &.-error {
            & > .field-label {
                color: $text-error;
            }
            /* The message under the field says it better; hidden, not removed, so the
               input keeps its width. */
            & .field-side.-unclear {
                visibility: hidden;
            }
            & .field-error {
                display: block;
            }
            & SelectCurrent {
                border: tall $error 60%;
            }
        }
    }
    """

    def __init__(
        self,
        label: str,
        control: Widget,
        *,
        required: bool = False,
        preview: Callable[[str], str | None] | None = None,
        suffix: str = "",
        help: str = "",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.label = label
        self.control = control
        self.required = required
        self.preview = preview
        self.suffix = suffix
        self.help = help
        if suffix:
            # A number with its unit beside it ("5  business days after the interview").
            self.add_class("-short")

    def compose(self) -> ComposeResult:
        label = Content(self.label)
        if self.required:
            # The asterisk is the usual sign of a required field; its colour is a hint only.
            label = Content.assemble(label, " ", ("*", "bold"))
        yield Label(label, classes="field-label")
        with Vertical(classes="field-main"):
            with Horizontal(classes="field-row"):
                yield self.control
                if self.preview is not None:
                    yield Static("", classes="field-side")
                elif self.suffix:
                    yield Static(Content(self.suffix), classes="field-suffix")
            yield Static("", classes="field-error")
            if self.help:
                yield Static(Content(self.help), classes="field-help")

    def on_mount(self) -> None:
        self.update_preview()

    # A class rather than CSS :focus-within, which Textual 8 does not re-apply to the
    # label when focus leaves for another field: labels stayed bold.
    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.add_class("-focused")

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self.remove_class("-focused")

    @property
    def has_error(self) -> bool:
        return self.has_class("-error")

    def show_error(self, message: str | None) -> None:
        self.set_class(message is not None, "-error")
        self.control.set_class(message is not None, "-invalid")
        self.query_one(".field-error", Static).update(Content(message or ""))

    def update_preview(self) -> None:
        if self.preview is None or not isinstance(self.control, Input):
            return
        side = self.query_one(".field-side", Static)
        try:
            note = self.preview(self.control.value)
        except Invalid:
            side.update("? not understood")
            side.add_class("-unclear")
            return
        side.remove_class("-unclear")
        side.update(Content("→ " + note) if note else "")


def _date_preview(today: dt.date) -> Callable[[str], str | None]:
    def preview(text: str) -> str | None:
        if not text.strip():
            return None
        try:
            return format_day(parse_date(text, today), with_year=True)
        except DateError as exc:
            raise Invalid(str(exc)) from exc

    return preview


def _time_preview(text: str) -> str | None:
    if not text.strip():
        return None
    try:
        return parse_time(text).strftime("%H:%M")
    except DateError as exc:
        raise Invalid(str(exc)) from exc


# --- the form base ----------------------------------------------------------------


class FormScreen(ModalScreen[ResultT]):
    """A dialog of `Field`s with Save and Cancel.

    Subclasses give `heading()`, `compose_fields()` and `parsers()`: one
    function per field id that reads the control, returns the value and raises
    `Invalid` with a message naming the fix. `build(values)` turns the parsed
    values into what the form dismisses with.
    """

    DEFAULT_CSS = """
    FormScreen {
        align: center middle;
        & > #form-dialog {
            width: 84;
            max-width: 100%;
            height: auto;
            max-height: 100%;
            border: round $primary;
            border-title-color: $text;
            border-title-style: bold;
            border-subtitle-color: $text-muted;
            background: $surface;
            padding: 0 1;
        }
        & FormBody {
            height: auto;
            /* 80vh leaves the border, the buttons and the footer their rows at 80x24. */
            max-height: 80vh;
            scrollbar-size-vertical: 1;
        }
        & #form-buttons {
            /* auto, not 1: a fixed-height row here makes Textual 8 size the dialog
               as if the body were never capped, leaving blank rows below. */
            height: auto;
            margin: 1 0 0 0;
            align-horizontal: right;
            & Button {
                margin-left: 2;
                min-width: 10;
            }
        }
        & TextArea {
            height: 5;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        # Priority, so that a focused TextArea or Select cannot swallow it.
        Binding("ctrl+s", "save", "Save", priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._tried_to_save = False

    # --- for subclasses -----------------------------------------------------------

    def heading(self) -> Content:
        raise NotImplementedError

    def compose_fields(self) -> ComposeResult:
        raise NotImplementedError

    def parsers(self) -> dict[str, Callable[[], Any]]:
        raise NotImplementedError

    def build(self, values: dict[str, Any]) -> ResultT:
        raise NotImplementedError

    # --- layout -------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="form-dialog") as dialog:
            dialog.border_title = self.heading()
            dialog.border_subtitle = SAVE_HINT
            with FormBody():
                yield from self.compose_fields()
            with Horizontal(id="form-buttons"):
                # Compact buttons: a row less, which counts at 80x24.
                yield Button("Save", variant="primary", id="form-save", compact=True)
                yield Button("Cancel", id="form-cancel", compact=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        # Snapshot tests set CURSOR_BLINK = False on their app so the picture is stable.
        if getattr(self.app, "CURSOR_BLINK", True) is False:
            for line in self.query(Input):
                line.cursor_blink = False
            for area in self.query(TextArea):
                area.cursor_blink = False
        controls = self.controls()
        if controls:
            controls[0].focus()

    # --- fields -------------------------------------------------------------------

    def fields(self) -> list[Field]:
        # Fields in a hidden part (the reference form's new-person section) do not count.
        return [f for f in self.query(Field)
                if all(node.display for node in f.ancestors_with_self if isinstance(node, Widget))]

    def controls(self) -> list[Widget]:
        return [f.control for f in self.fields() if f.control.focusable]

    def field(self, field_id: str) -> Field:
        return self.query_one(f"#{field_id}", Field)

    def text(self, field_id: str) -> str:
        """The stripped text of a field's Input or TextArea."""
        control = self.field(field_id).control
        if isinstance(control, TextArea):
            return control.text.strip()
        assert isinstance(control, Input)
        return control.value.strip()

    def choice(self, field_id: str) -> Any:
        """The value of a field's Select or checkbox."""
        control = self.field(field_id).control
        assert isinstance(control, Select | Checkbox)
        return control.value

    def required_text(self, field_id: str, what: str, limit: int = NAME_LIMIT) -> str:
        value = self.text(field_id)
        if not value:
            raise Invalid(f"required: type {what}")
        return limited(value, limit)

    # --- saving -------------------------------------------------------------------

    def check(self) -> tuple[dict[str, Any], dict[str, str]]:
        values: dict[str, Any] = {}
        problems: dict[str, str] = {}
        for field_id, parse in self.parsers().items():
            found = self.query(f"#{field_id}").results(Field)
            control = next(iter(found), None)
            control = control.control if control is not None else None
            # A one-line field never takes a control character (from a paste, an
            # import): the store refuses it too. Said under the field, where ␛ / �
            # show where it is.
            problem = (line_problem(control.value.strip()) if isinstance(control, Input)
                       else None)
            if problem is not None:
                problems[field_id] = f"this {problem}"
                continue
            try:
                values[field_id] = parse()
            except Invalid as exc:
                problems[field_id] = str(exc)
        return values, problems

    def action_save(self) -> None:
        self._tried_to_save = True
        values, problems = self.check()
        for field in self.fields():
            field.show_error(problems.get(field.id or ""))
        if problems:
            first = self.field(next(iter(problems)))
            first.control.focus()
            # After the error line is laid out, so that it scrolls into view as well.
            self.call_after_refresh(first.scroll_visible, animate=False)
            return
        self.dismiss(self.build(values))

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _recheck(self) -> None:
        """Update or clear the marks already shown as their text is corrected. New
        problems wait for the next save, so half-typed text is not scolded."""
        if not self._tried_to_save:
            return
        _values, problems = self.check()
        for field in self.fields():
            if field.has_error:
                field.show_error(problems.get(field.id or ""))

    # --- events -------------------------------------------------------------------

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        for ancestor in event.input.ancestors:
            if isinstance(ancestor, Field):
                ancestor.update_preview()
                break
        self._recheck()

    @on(Select.Changed)
    @on(TextArea.Changed)
    @on(Checkbox.Changed)
    def _other_changed(self) -> None:
        self._recheck()

    def advance(self, control: Widget) -> None:
        """Enter in a field: on to the next one, or save when it is the last."""
        controls = self.controls()
        if controls and control is controls[-1]:
            self.action_save()
        else:
            self.focus_next()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.advance(event.input)

    @on(Button.Pressed, "#form-save")
    def _save_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#form-cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()


def limited(value: str, limit: int) -> str:
    if len(value) > limit:
        raise Invalid(f"{len(value):,} characters is too long: keep it under {limit:,}")
    return value


def _email(text: str) -> str:
    if text and not looks_like_email(text):
        raise Invalid(f"{text!r} does not look like an email address: write name@example.com")
    return limited(text, NAME_LIMIT)


def _whole_number(text: str, low: int, high: int, what: str) -> int:
    if not text.isdigit() or not low <= int(text) <= high:
        shown = repr(text) if text else "nothing"
        raise Invalid(f"{what} must be a whole number from {low} to {high}, not {shown}")
    return int(text)


def _options(enum: Iterable[Any]) -> list[tuple[str, Any]]:
    # A member's own label where it has one ("LinkedIn", not "Linkedin").
    return [(member.label if isinstance(member, ContactChannel)
             else member.value.replace("_", " ").capitalize(), member) for member in enum]


def _titled(action: str, name: str | None) -> Content:
    """`Edit interview — Acme`, with the name shown literally."""
    return Content.assemble(action, " — ", clean(name)) if name else Content(action)


# --- interviews -------------------------------------------------------------------


class InterviewForm(FormScreen[dict[str, Any]]):
    """Add an interview with the people who make its messages, in one pass (each
    interviewer's name, title, email, whether they hire, what you talked about; the
    references, from the book or new), or edit an interview's own fields."""

    DEFAULT_CSS = """
    InterviewForm {
        & .form-section {
            margin: 1 0 0 0;
            text-style: bold;
            color: $text-muted;
        }
        & #add-person {
            margin: 0 0 0 18;
        }
        & SelectionList {
            height: auto;
            max-height: 6;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "add_person", "Another interviewer"),
    ]

    def __init__(self, today: dt.date, interview: Interview | None = None,
                 book: Sequence[Reference] = ()) -> None:
        super().__init__()
        self.today = today
        self.interview = interview
        self.book = sorted(book, key=lambda r: r.name.casefold())
        self.people = 1  # interviewer blocks shown

    def heading(self) -> Content:
        if self.interview is None:
            return Content("New interview")
        return _titled("Edit interview", self.interview.company)

    def compose_fields(self) -> ComposeResult:
        old = self.interview
        yield Field("Company", Input(old.company if old else "", max_length=NAME_LIMIT,
                                     placeholder="Acme"), required=True, id="company")
        yield Field("Role", Input(old.role if old else "", max_length=NAME_LIMIT,
                                  placeholder="Senior engineer"), required=True, id="role")
        # A new interview most often has just happened, so the date starts as today.
        yield Field("Date", Input(old.date.isoformat() if old else "today",
                                  placeholder="2026-11-27, today, fri, +3d"),
                    required=True, preview=_date_preview(self.today), id="date")
        yield Field("Time", Input(old.time.strftime("%H:%M") if old and old.time else "",
                                  placeholder="14:30 or 2:30pm"),
                    preview=_time_preview, id="time")
        with FieldRow():
            yield Field("Format", Select(_options(Format), allow_blank=False,
                                         value=old.format if old else Format.VIDEO), id="format")
            yield Field("Round", Input(str(old.round) if old else "1", restrict=r"\d{0,2}",
                                       placeholder="1-99"), id="round", classes="-second")
        yield Field("Decision by",
                    Input(old.decision_by.isoformat() if old and old.decision_by else "",
                                placeholder="the day they said they'd decide"),
                    preview=_date_preview(self.today), id="decision_by")
        yield Field("Office phone", Input(old.office_phone if old else "",
                                          max_length=PHONE_LIMIT,
                                          placeholder="the number they will call references from"),
                    id="office_phone")
        yield Field("Notes", TextArea(old.notes if old else "", soft_wrap=True,
                                      tab_behavior="focus"), id="notes")
        yield Field("Key points", Input(old.key_points if old else "",
                                        placeholder="what the job is mostly about"),
                    help="Your references' heads-up says they may be asked about it.",
                    id="key_points")
        if old is None:
            yield Static("Who you met", classes="form-section")
            yield from person_fields(0)
            yield Button("+ Another interviewer (ctrl+n)", id="add-person", compact=True)
            yield Static("Your references", classes="form-section")
            if self.book:
                yield Field("From your book", SelectionList[str](
                    *((ref.name, ref.id) for ref in self.book)), id="references",
                    help="space picks")
            yield Field("New", Input(placeholder="Pat Kim <pat@example.com>, Jo Park"),
                        help="Added to your reference book too.", id="new_references")

    def parsers(self) -> dict[str, Callable[[], Any]]:
        parsers: dict[str, Callable[[], Any]] = {
            "company": lambda: self.required_text("company", "the company's name"),
            "role": lambda: self.required_text("role", "the role you interviewed for"),
            "date": self._date,
            "time": self._time,
            "format": lambda: self.choice("format"),
            "round": lambda: _whole_number(self.text("round"), 1, 99, "the round"),
            "decision_by": self._decision_by,
            "office_phone": lambda: limited(self.text("office_phone"), PHONE_LIMIT),
            "notes": lambda: limited(self.text("notes"), NOTES_LIMIT),
            "key_points": lambda: limited(self.text("key_points"), NOTES_LIMIT),
        }
        if self.interview is None:
            for n in range(self.people):
                parsers[f"person{n}-name"] = self._person(n)
                for key in ("title", "email", "hiring_manager", "topic"):
                    parsers[f"person{n}-{key}"] = self._person_detail(n, key)
            if self.book:
                parsers["references"] = lambda: list(self.choice("references"))
            parsers["new_references"] = self._new_references
        return parsers

    def choice(self, field_id: str) -> Any:
        control = self.field(field_id).control
        if isinstance(control, SelectionList):
            return control.selected
        return super().choice(field_id)

    def _person(self, n: int) -> Callable[[], str]:
        def parse() -> str:
            name = limited(self.text(f"person{n}-name"), NAME_LIMIT)
            others = [self.text(f"person{n}-{key}") for key in ("title", "email", "topic")]
            if not name and any(others):
                raise Invalid("required: type their name (or clear the other fields)")
            return name
        return parse

    def _person_detail(self, n: int, key: str) -> Callable[[], Any]:
        field_id = f"person{n}-{key}"
        if key == "hiring_manager":
            return lambda: bool(self.field(field_id).control.value)  # type: ignore[attr-defined]
        if key == "email":
            return lambda: _email(self.text(field_id)) if self.text(field_id) else ""
        limit = NOTES_LIMIT if key == "topic" else NAME_LIMIT
        return lambda: limited(self.text(field_id), limit)

    def _new_references(self) -> list[tuple[str, str]]:
        try:
            people = parse_people(self.text("new_references"))
        except ContactError as exc:
            raise Invalid(f"{exc}; separate people with commas") from exc
        for name, _email_address in people:
            limited(name, NAME_LIMIT)
        return people

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Only a new interview takes its people here (editing has their own forms).
        if action == "add_person":
            return self.interview is None
        return True

    async def action_add_person(self) -> None:
        if self.interview is not None:
            return
        n = self.people
        self.people += 1
        button = self.query_one("#add-person", Button)
        await self.query_one(FormBody).mount_all(list(person_fields(n)), before=button)
        self.field(f"person{n}-name").control.focus()

    @on(Button.Pressed, "#add-person")
    async def _add_person_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        await self.action_add_person()

    @on(events.DescendantFocus)
    def _offer_notes(self, event: events.DescendantFocus) -> None:
        """The interview's notes are offered as what you talked about: an empty topic
        takes them when it gets the focus, selected, so typing replaces them."""
        control = event.widget
        field = next((a for a in control.ancestors if isinstance(a, Field)), None)
        if field is None or not (field.id or "").endswith("-topic"):
            return
        notes = " ".join(self.text("notes").split())
        if isinstance(control, Input) and not control.value and notes:
            control.value = limited(notes, NOTES_LIMIT) if len(notes) <= NOTES_LIMIT else ""
            control.select_all()

    def _date(self) -> dt.date:
        try:
            return parse_date(self.text("date"), self.today)
        except DateError as exc:
            raise Invalid(str(exc)) from exc

    def _time(self) -> dt.time | None:
        text = self.text("time")
        if not text:
            return None
        try:
            return parse_time(text)
        except DateError as exc:
            raise Invalid(str(exc)) from exc

    def _decision_by(self) -> dt.date | None:
        text = self.text("decision_by")
        if not text:
            return None
        try:
            decision = parse_date(text, self.today)
        except DateError as exc:
            raise Invalid(str(exc)) from exc
        try:
            interview_day = self._date()
        except Invalid:
            return decision  # the date field carries that problem
        if decision < interview_day:
            raise Invalid(f"{format_day(decision, with_year=True)} is before the interview "
                          f"({format_day(interview_day, with_year=True)}): leave it blank or "
                          "give a later day")
        return decision

    def build(self, values: dict[str, Any]) -> dict[str, Any]:
        """The interview's fields, `interviewers` (dicts for the repository) and
        `references` (book ids) and `new_references` ((name, email) pairs)."""
        people = []
        for n in range(self.people if self.interview is None else 0):
            person = {key: values.pop(f"person{n}-{key}") for key in
                      ("name", "title", "email", "hiring_manager", "topic")}
            if person["name"]:
                people.append(person)
        if people and not any(p["hiring_manager"] for p in people):
            people[0]["hiring_manager"] = True  # the first, as the help says
        if self.interview is None:
            values["interviewers"] = people
        return values


def person_fields(n: int) -> Iterable[Widget]:
    """One interviewer's fields in the new-interview form."""
    yield FieldRow(
        Field("Name", Input(max_length=NAME_LIMIT, placeholder="Dana Lee"),
              id=f"person{n}-name"),
        Field("Title", Input(max_length=NAME_LIMIT, placeholder="Head of Data"),
              id=f"person{n}-title", classes="-second"))
    yield FieldRow(
        Field("Email", Input(max_length=NAME_LIMIT, placeholder="dana@acme.com"),
              id=f"person{n}-email"),
        Field("Hires", FormCheckbox("hiring manager", n == 0),
              id=f"person{n}-hiring_manager", classes="-second"))
    yield Field("Talked about", Input(max_length=NOTES_LIMIT,
                                      placeholder="their Kafka migration"),
                id=f"person{n}-topic",
                help="Makes the thank-you theirs; your notes are offered." if n == 0 else "")


# --- interviewers -----------------------------------------------------------------


class InterviewerForm(FormScreen[dict[str, Any]]):
    """Add or edit one interviewer, with the detail that makes a thank-you personal."""

    def __init__(self, today: dt.date, interviewer: Interviewer | None = None) -> None:
        super().__init__()
        self.today = today
        self.interviewer = interviewer

    def heading(self) -> Content:
        if self.interviewer is None:
            return Content("New interviewer")
        return _titled("Edit interviewer", self.interviewer.name)

    def compose_fields(self) -> ComposeResult:
        old = self.interviewer
        yield Field("Name", Input(old.name if old else "", max_length=NAME_LIMIT,
                                  placeholder="Dana Lee"), required=True, id="name")
        yield Field("Title", Input(old.title if old else "", max_length=NAME_LIMIT,
                                   placeholder="Engineering manager"), id="title")
        yield Field("", FormCheckbox("Hiring manager: the one who decides",
                                 old.hiring_manager if old else False), id="hiring_manager")
        yield Field("Email", Input(old.email if old else "", max_length=NAME_LIMIT,
                                   placeholder="dana@acme.com"), id="email")
        yield Field("Phone", Input(old.phone if old else "", max_length=PHONE_LIMIT),
                    id="phone")
        yield Field("What you talked about",
                    Input(old.topic if old else "",
                          placeholder="a detail to mention: it makes the thank-you personal"),
                    id="topic")

    def parsers(self) -> dict[str, Callable[[], Any]]:
        return {
            "name": lambda: self.required_text("name", "their name"),
            "title": lambda: limited(self.text("title"), NAME_LIMIT),
            "email": lambda: _email(self.text("email")),
            "phone": lambda: limited(self.text("phone"), PHONE_LIMIT),
            "topic": lambda: limited(self.text("topic"), NOTES_LIMIT),
            "hiring_manager": lambda: bool(self.choice("hiring_manager")),
        }

    def build(self, values: dict[str, Any]) -> dict[str, Any]:
        return values


# --- references -------------------------------------------------------------------


class BookFilter(Input):
    """The name filter above the reference list: up/down move the list's highlight,
    so the hands never leave the filter while picking."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "move(1)", "Next", show=False),
        Binding("up", "move(-1)", "Previous", show=False),
        Binding("pagedown", "move(5)", show=False),
        Binding("pageup", "move(-5)", show=False),
    ]

    def action_move(self, step: int) -> None:
        book = self.screen.query_one("#book", OptionList)
        if book.option_count == 0:
            return
        current = book.highlighted if book.highlighted is not None else -step
        book.highlighted = max(0, min(book.option_count - 1, current + step))


class BookList(OptionList, can_focus=False):
    """Driven from the filter, like the command palette's list: never a tab stop."""


NEW_OPTION = "+new"
# More rows than fit on any screen cost time to build and help no one: typing narrows.
BOOK_ROWS = 200
BOOK_LIST_HEIGHT = 10


class ReferenceForm(FormScreen[dict[str, Any]]):
    """Pick someone from the reference book, or add someone new to it.

    Typing filters the book by name; the last row of the list is always "add a
    new reference", which opens the new person's fields with the typed name.
    """

    DEFAULT_CSS = """
    ReferenceForm {
        & BookList {
            height: auto;
            margin: 0 0 0 18;
            border: none;
            padding: 0;
            background: $surface;
            /* The filter has the focus, but this is where the choice is made: show
               the highlight as if the list had it. */
            & > .option-list--option-highlighted {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
        }
        & #book-note {
            margin: 0 0 0 18;
            color: $text-muted;
        }
        & #finder {
            height: auto;
        }
        & #new-person {
            height: auto;
            display: none;
        }
        &.-new {
            & #new-person {
                display: block;
            }
            & #finder {
                display: none;
            }
        }
    }
    """

    def __init__(self, book: Sequence[Reference], exclude_ids: Collection[str] = ()) -> None:
        super().__init__()
        self.book = list(book)
        self.exclude_ids = set(exclude_ids)
        self.candidates = sorted((r for r in self.book if r.id not in self.exclude_ids),
                                 key=lambda r: r.name.casefold())

    @property
    def adding(self) -> bool:
        return self.has_class("-new")

    def heading(self) -> Content:
        return Content("Add a reference")

    def compose_fields(self) -> ComposeResult:
        with Vertical(id="finder"):
            yield Field("Name", BookFilter(placeholder="type to find someone in your book"),
                        id="filter")
            yield BookList(id="book")
            yield Static("", id="book-note")
        with Vertical(id="new-person"):
            yield from _reference_fields(None)

    def on_mount(self) -> None:
        # (Textual calls FormScreen.on_mount after this one by itself: no super() call.)
        # As tall as the whole book (and the "new" row) from the start, so the dialog
        # does not jump about as typing shortens the list.
        self.query_one("#book", BookList).styles.height = min(len(self.candidates) + 1,
                                                              BOOK_LIST_HEIGHT)
        self._refilter("")
        if not self.candidates:
            # Nobody to pick from: go straight to the new person's fields.
            self._start_new("")

    def parsers(self) -> dict[str, Callable[[], Any]]:
        return _reference_parsers(self) if self.adding else {}

    def build(self, values: dict[str, Any]) -> dict[str, Any]:
        return {"new": values}

    # --- the list -----------------------------------------------------------------

    def matches(self, text: str) -> list[Reference]:
        """Everyone whose name holds every word typed, in any order and case."""
        words = text.casefold().split()
        return [r for r in self.candidates if all(w in r.name.casefold() for w in words)]

    def _refilter(self, text: str) -> None:
        found = self.matches(text)
        options: list[Option] = []
        for ref in found[:BOOK_ROWS]:
            prompt = Content.assemble((clean(ref.name), "bold"))
            if ref.relationship:
                prompt = Content.assemble(prompt, "  ", (clean(ref.relationship), "dim"))
            options.append(Option(prompt, id=ref.id))
        typed = " ".join(clean(text).split())
        new_prompt = (Content.assemble("+ Add “", (typed, "bold"), "” as a new reference")
                      if typed else Content("+ Add someone new"))
        options.append(Option(new_prompt, id=NEW_OPTION))
        book = self.query_one("#book", BookList)
        book.set_options(options)
        book.highlighted = 0
        self.query_one("#book-note", Static).update(self._note(typed, len(found)))

    def _note(self, typed: str, found: int) -> Content:
        # Someone already listed is left out of the list; say so rather than let the
        # user wonder why a name they know is in the book does not show up.
        words = typed.casefold().split()
        listed = [r.name for r in self.book if r.id in self.exclude_ids and words
                  and all(w in r.name.casefold() for w in words)]
        if listed:
            return Content.assemble((clean(listed[0]), "bold"),
                                    " is already listed for this interview")
        if found > BOOK_ROWS:
            return Content(f"{found - BOOK_ROWS} more: type more of the name")
        if not self.candidates:
            return Content("Your reference book is empty.")
        return Content("↑↓ choose · enter pick")

    @on(Input.Changed, "#filter Input")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._refilter(event.value)

    @on(Input.Submitted, "#filter Input")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        # Not the base class's "enter moves to the next field": here enter picks.
        event.prevent_default()
        event.stop()
        self._pick()

    @on(OptionList.OptionSelected, "#book")
    def _option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._pick(event.option.id)

    def _pick(self, option_id: str | None = None) -> None:
        if option_id is None:
            option = self.query_one("#book", BookList).highlighted_option
            option_id = option.id if option is not None else NEW_OPTION
        if option_id == NEW_OPTION:
            self._start_new(self.text("filter"))
        else:
            self.dismiss({"reference_id": option_id})

    def _start_new(self, name: str) -> None:
        self.add_class("-new")
        self.query_one("#form-dialog").border_title = "New reference"
        name_input = self.field("name").control
        assert isinstance(name_input, Input)
        name_input.value = " ".join(name.split())
        # With the name already typed, the next thing to tell is how they know you.
        target = self.field("relationship" if name_input.value else "name").control
        self.call_after_refresh(target.focus)

    def action_save(self) -> None:
        if self.adding:
            super().action_save()
        else:
            self._pick()


def _reference_fields(old: Reference | None) -> ComposeResult:
    yield Field("Name", Input(old.name if old else "", max_length=NAME_LIMIT),
                required=True, id="name")
    yield Field("Relationship", Input(old.relationship if old else "", max_length=NAME_LIMIT,
                                      placeholder="former manager at Initech"),
                id="relationship")
    yield Field("Email", Input(old.email if old else "", max_length=NAME_LIMIT), id="email")
    yield Field("Phone", Input(old.phone if old else "", max_length=PHONE_LIMIT), id="phone")
    yield Field("Prefers", Select(_options(ContactChannel), allow_blank=False,
                                  value=old.channel if old else ContactChannel.EMAIL),
                id="channel")
    yield Field("Notes", Input(old.notes if old else "", placeholder="what they can speak to"),
                id="notes")


def _reference_parsers(form: FormScreen[Any]) -> dict[str, Callable[[], Any]]:
    return {
        "name": lambda: form.required_text("name", "their name"),
        "relationship": lambda: limited(form.text("relationship"), NAME_LIMIT),
        "email": lambda: _email(form.text("email")),
        "phone": lambda: limited(form.text("phone"), PHONE_LIMIT),
        "channel": lambda: form.choice("channel"),
        "notes": lambda: limited(form.text("notes"), NOTES_LIMIT),
    }


class ReferenceEditForm(FormScreen[dict[str, Any]]):
    """Change a reference-book entry (it is shared by every interview that lists them).
    Dismisses with dict(name, relationship, email, phone, channel, notes)."""

    def __init__(self, reference: Reference) -> None:
        super().__init__()
        self.reference = reference

    def heading(self) -> Content:
        return _titled("Edit reference", self.reference.name)

    def compose_fields(self) -> ComposeResult:
        yield from _reference_fields(self.reference)

    def parsers(self) -> dict[str, Callable[[], Any]]:
        return _reference_parsers(self)

    def build(self, values: dict[str, Any]) -> dict[str, Any]:
        return values


# --- outcome ----------------------------------------------------------------------


class OutcomeList(OptionList):
    """Outcomes by number as well as by arrow keys: 1 to 6 choose at once."""


class OutcomeForm(ModalScreen[Outcome]):
    """Choose how the application ended up; enter or a digit chooses."""

    DEFAULT_CSS = """
    OutcomeForm {
        align: center middle;
        & > #outcome-dialog {
            width: 44;
            max-width: 100%;
            height: auto;
            max-height: 100%;
            border: round $primary;
            border-title-color: $text;
            border-title-style: bold;
            border-subtitle-color: $text-muted;
            background: $surface;
            padding: 0 1;
        }
        & OutcomeList, & OutcomeList:focus {
            height: auto;
            border: none;
            padding: 0;
            margin: 1 0;
            background: $surface;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "choose", "Save", priority=True),
        *(Binding(str(n), f"choose({n - 1})", show=False) for n in range(1, len(Outcome) + 1)),
    ]

    def __init__(self, current: Outcome) -> None:
        super().__init__()
        self.current = current
        self.outcomes = list(Outcome)

    def compose(self) -> ComposeResult:
        with Vertical(id="outcome-dialog") as dialog:
            dialog.border_title = "Outcome"
            dialog.border_subtitle = "enter choose · esc cancel"
            options = []
            for number, outcome in enumerate(self.outcomes, start=1):
                prompt = Content.assemble((f"{number} ", "dim"), outcome.label.capitalize())
                if outcome is self.current:
                    prompt = Content.assemble(prompt, ("  (now)", "dim"))
                options.append(Option(prompt, id=outcome.value))
            yield OutcomeList(*options, id="outcomes")
        yield KeyFooter()

    def on_mount(self) -> None:
        outcomes = self.query_one(OutcomeList)
        outcomes.highlighted = self.outcomes.index(self.current)
        outcomes.focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(Outcome(event.option.id))

    def action_choose(self, index: int | None = None) -> None:
        if index is None:
            index = self.query_one(OutcomeList).highlighted
        if index is not None:
            self.dismiss(self.outcomes[index])

    def action_cancel(self) -> None:
        self.dismiss(None)


# --- follow-ups -------------------------------------------------------------------


class FollowUpForm(FormScreen[dict[str, Any]]):
    """Log a follow-up: when, how, what was said, and any reply."""

    def __init__(self, today: dt.date) -> None:
        super().__init__()
        self.today = today

    def heading(self) -> Content:
        return Content("Log a follow-up")

    def compose_fields(self) -> ComposeResult:
        yield Field("On", Input("today", placeholder="today, yesterday, 2026-11-27"),
                    required=True, preview=_date_preview(self.today), id="on")
        yield Field("By", Select(_options(FollowUpChannel), allow_blank=False,
                                 value=FollowUpChannel.EMAIL), id="channel")
        yield Field("Note", Input(placeholder="what you wrote or said"), id="note")
        yield Field("Their reply", Input(placeholder="leave blank if none yet"), id="reply")

    def parsers(self) -> dict[str, Callable[[], Any]]:
        def on_day() -> dt.date:
            try:
                return parse_date(self.text("on"), self.today)
            except DateError as exc:
                raise Invalid(str(exc)) from exc

        return {
            "on": on_day,
            "channel": lambda: self.choice("channel"),
            "note": lambda: limited(self.text("note"), NOTES_LIMIT),
            "reply": lambda: limited(self.text("reply"), NOTES_LIMIT),
        }

    def build(self, values: dict[str, Any]) -> dict[str, Any]:
        return values


class ReplyForm(FormScreen[dict[str, Any]]):
    """The employer answered: when, any new date to decide by, what they said."""

    def __init__(self, today: dt.date, company: str) -> None:
        super().__init__()
        self.today = today
        self.company = company

    def heading(self) -> Content:
        return Content.assemble("Reply from ", literal(self.company, "bold"))

    def compose_fields(self) -> ComposeResult:
        yield Field("On", Input("today", placeholder="today, yesterday, 2026-11-27"),
                    required=True, preview=_date_preview(self.today), id="on")
        yield Field("Decide by", Input(placeholder="their new date, if they gave one"),
                    preview=_date_preview(self.today), id="decision_by",
                    help="A new date replaces the old one; without one the wait starts "
                         "again from the reply.")
        yield Field("What they said", Input(placeholder="still deciding, next week"),
                    id="note")

    def parsers(self) -> dict[str, Callable[[], Any]]:
        def day(field_id: str, required: bool) -> Callable[[], dt.date | None]:
            def parse() -> dt.date | None:
                text = self.text(field_id)
                if not text and not required:
                    return None
                try:
                    return parse_date(text, self.today)
                except DateError as exc:
                    raise Invalid(str(exc)) from exc
            return parse

        return {
            "on": day("on", True),
            "decision_by": day("decision_by", False),
            "note": lambda: limited(self.text("note"), NOTES_LIMIT),
        }

    def build(self, values: dict[str, Any]) -> dict[str, Any]:
        return values


class GapForm(FormScreen[str]):
    """One empty field of a message, typed in place before it is copied."""

    def __init__(self, question: str, suggestion: str = "") -> None:
        super().__init__()
        self.question = question
        self.suggestion = suggestion

    def heading(self) -> Content:
        return Content("Fill in before copying")

    def compose_fields(self) -> ComposeResult:
        yield Field("Answer", Input(self.suggestion, placeholder="type it, then enter"),
                    required=True, id="answer", help=self.question
                    + (" (your notes are offered; change them as you like)"
                       if self.suggestion else ""))

    def parsers(self) -> dict[str, Callable[[], Any]]:
        return {"answer": lambda: self.required_text("answer", "the answer", NOTES_LIMIT)}

    def build(self, values: dict[str, Any]) -> str:
        return str(values["answer"])


# --- confirmation -----------------------------------------------------------------


class ConfirmScreen(ModalScreen[bool]):
    """Ask before something that cannot be undone. Cancel has the focus, so a stray
    enter keeps the data."""

    DEFAULT_CSS = """
    ConfirmScreen {
        align: center middle;
        & > #confirm-dialog {
            width: auto;
            min-width: 40;
            max-width: 72;
            height: auto;
            border: round $error;
            border-title-color: $text;
            border-title-style: bold;
            border-subtitle-color: $text-muted;
            background: $surface;
            padding: 1 2 0 2;
        }
        & #confirm-question {
            width: auto;
            max-width: 66;
        }
        & #confirm-buttons {
            width: 100%;
            height: auto;
            align-horizontal: right;
            margin-top: 1;
            & Button {
                margin-left: 1;
                min-width: 12;
            }
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n", "answer(False)", "No"),
        Binding("escape", "answer(False)", "Cancel"),
        Binding("left", "app.focus_previous", show=False),
        Binding("right", "app.focus_next", show=False),
    ]

    def __init__(self, question: str | Content, confirm_label: str = "Delete") -> None:
        super().__init__()
        self.question = (question if isinstance(question, Content)
                         else Content(clean(question, multiline=True)))
        self.confirm_label = confirm_label

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog") as dialog:
            dialog.border_title = Content(self.confirm_label)
            dialog.border_subtitle = "y yes · n no"
            yield Static(self.question, id="confirm-question")
            with Horizontal(id="confirm-buttons"):
                yield Button("Cancel", id="confirm-no")
                yield Button(Content(self.confirm_label), variant="error", id="confirm-yes")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


# --- settings ---------------------------------------------------------------------


class SettingsForm(FormScreen[dict[str, Any]]):
    """Who you are (for the messages) and the follow-up rhythm."""

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings

    def heading(self) -> Content:
        return Content("Settings")

    def compose_fields(self) -> ComposeResult:
        old = self.settings
        yield Field("Your name", Input(old.name, max_length=NAME_LIMIT), id="name")
        yield Field("Email", Input(old.email, max_length=NAME_LIMIT), id="email")
        yield Field("Phone", Input(old.phone, max_length=PHONE_LIMIT), id="phone")
        yield Field("Signature", TextArea(old.signature, soft_wrap=True, tab_behavior="focus"),
                    help="Ends every message; blank: your name, phone and email.",
                    id="signature")
        digits = r"\d{0,2}"
        yield Field("First follow-up", Input(str(old.follow_up_wait), restrict=digits),
                    suffix="business days after the interview", id="follow_up_wait")
        yield Field("Then again", Input(str(old.follow_up_gap), restrict=digits),
                    suffix="business days after the last one", id="follow_up_gap")
        yield Field("Follow up", Input(str(old.max_follow_ups), restrict=digits),
                    suffix="times at most, then move on", id="max_follow_ups")

    def parsers(self) -> dict[str, Callable[[], Any]]:
        def number(field_id: str, what: str) -> Callable[[], int]:
            return lambda: _whole_number(self.text(field_id), SETTING_MIN, SETTING_MAX, what)

        return {
            "name": lambda: limited(self.text("name"), NAME_LIMIT),
            "signature": lambda: self.text("signature"),
            "phone": lambda: limited(self.text("phone"), PHONE_LIMIT),
            "email": lambda: _email(self.text("email")),
            "follow_up_wait": number("follow_up_wait", "the wait"),
            "follow_up_gap": number("follow_up_gap", "the gap"),
            "max_follow_ups": number("max_follow_ups", "the number of follow-ups"),
        }

    def build(self, values: dict[str, Any]) -> dict[str, Any]:
        return values
