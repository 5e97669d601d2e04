"""What a first launch shows instead of an empty list."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

# One line a paragraph: the box wraps them to its width. (`?` and `q` are always in
# the footer, so the text need not name them.)
WELCOME_SET_UP = Content.assemble(
    ("No interviews yet", "bold $text-accent"),
    "\n\n",
    "After an interview, press ",
    ("n", "bold $text-warning"),
    " to add it: the company, the role, the day, and who you met.\n\n",
    "followup then drafts a personal thank-you for each interviewer, tells you when to "
    "give your references a heads-up, and when to follow up without nagging.",
)

# Until the settings hold a name, the welcome also asks for it.
WELCOME = Content.assemble(
    WELCOME_SET_UP,
    "\n\nPress ",
    ("s", "bold $text-warning"),
    " to put your name and signature into the messages.",
)


class EmptyState(Static):
    """A friendly panel saying what to do first."""

    DEFAULT_CSS = """
    EmptyState {
        width: 72;
        /* Never wider than the window: the text wraps inside the box instead. */
        max-width: 100%;
        height: auto;
        padding: 1 3;
        border: round $primary;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(WELCOME, id=id)

    def show(self, settings_done: bool) -> None:
        """Ask for the name and signature only while they are not set."""
        self.update(WELCOME_SET_UP if settings_done else WELCOME)
