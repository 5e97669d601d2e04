"""Narrowing the interview list: typed words, and quick filters such as `is:late`.

Matching works on the rows the list already holds and the text the screen
gives for each (the casefolded company, role and people, worked out once, when
the filter is first used), so typing stays quick at ten thousand interviews: no
interview is looked at again and nothing is re-sorted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static

from store.schedule import ActionState
from widgets.interview_list import InterviewRow
from widgets.text import literal

# is:NAME → which badges it keeps.
QUICK_FILTERS: dict[str, tuple[ActionState, ...]] = {
    "open": (ActionState.LATE, ActionState.DUE, ActionState.WAITING, ActionState.MOVE_ON,
             ActionState.DONE),
    "closed": (ActionState.CLOSED,),
    "late": (ActionState.LATE,),
    "due": (ActionState.LATE, ActionState.DUE),
}
QUICK_HINT = "is:open is:closed is:late is:due"
PLACEHOLDER = f"company, role or person · {QUICK_HINT}"


def _company_and_role(row: InterviewRow) -> str:
    return row.search or f"{row.company}\n{row.role}".casefold()


@dataclass(frozen=True, slots=True)
class RowFilter:
    """What the user typed, understood: words every row must contain, and badges."""

    words: tuple[str, ...] = ()
    kinds: frozenset[str] | None = None  # None: any badge
    problems: tuple[str, ...] = ()
    # The casefolded text a row's words are looked for in (the screen's, which names
    # the people too; else the row's own).
    haystack: Callable[[InterviewRow], str] = _company_and_role

    @property
    def active(self) -> bool:
        return bool(self.words) or self.kinds is not None

    def matches(self, row: InterviewRow) -> bool:
        if self.kinds is not None and row.badge_kind not in self.kinds:
            return False
        if self.words:
            haystack = self.haystack(row)
            for word in self.words:
                if word not in haystack:
                    return False
        return True

    @property
    def predicate(self) -> Callable[[InterviewRow], bool] | None:
        return self.matches if self.active else None


def parse_filter(text: str,
                 haystack: Callable[[InterviewRow], str] = _company_and_role) -> RowFilter:
    """`acme is:late` → rows containing "acme" whose badge is late.

    Several `is:` filters together keep what all of them keep. An unknown one is
    named in `problems` and ignored; one still being typed (`is:la`) is ignored
    quietly.
    """
    words: list[str] = []
    kinds: set[str] | None = None
    problems: list[str] = []
    for token in text.split():
        name = token.casefold()
        if name.startswith("is:"):
            wanted = name[3:]
            if wanted in QUICK_FILTERS:
                keep = set(QUICK_FILTERS[wanted])
                kinds = keep if kinds is None else kinds & keep
            elif not any(known.startswith(wanted) for known in QUICK_FILTERS):
                problems.append(f"{token} is not a filter: use {QUICK_HINT}")
            continue
        words.append(name)
    return RowFilter(tuple(words), None if kinds is None else frozenset(kinds), tuple(problems),
                     haystack)


class FilterInput(Input):
    """The typed filter. Escape clears and closes it; enter keeps it and goes to the list."""

    BINDINGS = [
        Binding("enter", "submit", "Keep filter"),
        Binding("escape", "clear", "Clear filter"),
    ]

    def action_clear(self) -> None:
        self.post_message(ListFilter.Cleared())


class ListFilter(Horizontal):
    """`/ acme is:late     3 of 40 · esc clears`: a line above the footer while filtering."""

    DEFAULT_CSS = """
    ListFilter {
        height: 1;
        display: none;
        background: $panel;
        &.-shown { display: block; }
        & > .filter-slash { width: 3; padding: 0 1; color: $text-accent; }
        & > FilterInput { width: 1fr; height: 1; border: none; padding: 0; }
        & > FilterInput:focus { border: none; background-tint: transparent; }
        & > .filter-status { width: auto; padding: 0 1; }
    }
    """

    class Changed(Message):
        """The filter text changed (on every key)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Cleared(Message):
        """The user cleared the filter (escape)."""

    class Submitted(Message):
        """The user is done typing (enter): the filter stays, the list takes the keys."""

    def compose(self) -> ComposeResult:
        yield Static("/", classes="filter-slash")
        yield FilterInput(placeholder=PLACEHOLDER, compact=True, id="filter-input")
        yield Static(classes="filter-status")

    @property
    def input(self) -> FilterInput:
        return self.query_one(FilterInput)

    @property
    def text(self) -> str:
        return self.input.value

    def open(self) -> None:
        """Show the line and put the cursor in it, keeping what was typed before."""
        self.add_class("-shown")
        # Focused at once (`focus()` would wait its turn behind keys already typed).
        self.screen.set_focus(self.input)
        self.input.cursor_position = len(self.input.value)

    def close(self) -> None:
        """Clear and hide the line."""
        self.remove_class("-shown")
        with self.input.prevent(Input.Changed):
            self.input.value = ""

    _count: tuple[int, int, tuple[str, ...]] | None = None  # what the count says now

    def show_count(self, shown: int, total: int, problems: tuple[str, ...] = ()) -> None:
        # Unchanged (a save that changes no count, say): nothing to draw, and the
        # screen is not laid out again for it.
        if (shown, total, problems) == self._count:
            return
        self._count = (shown, total, problems)
        parts: list[Content | tuple[str, str] | str] = []
        if problems:
            parts += [literal(problems[0], "$text-warning"), "  "]
        noun = "interview" if total == 1 else "interviews"
        style = "bold $text-warning" if shown == 0 else "bold"
        parts.append((f"{shown:,} of {total:,} {noun}", style))
        parts.append(("  esc clears", "$text-muted"))
        self.query_one(".filter-status", Static).update(Content.assemble(*parts))

    @on(Input.Changed, "#filter-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

    @on(Input.Submitted, "#filter-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted())
