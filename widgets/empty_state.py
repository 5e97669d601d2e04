"""What a first launch shows instead of an empty list."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

WELCOME = Content.assemble(
    ("No interviews yet", "bold $text-accent"),
    "\n\n",
    "After an interview, press ",
    ("n", "bold $text-warning"),
    " to add it: the company, the role, the day,\nand who you met.\n\n",
    "followup then drafts a personal thank-you for each interviewer,\n",
    "tells you when to give your references a heads-up,\n",
    "and when to follow up without nagging.\n\n",
    "Press ",
    ("s", "bold $text-warning"),
    " to put your name and signature into the messages.\n",
    _KEYS := Content.assemble(("Press ", "$text-muted"),
    ("?", "bold $text-muted"),
    (" for every key, ", "$text-muted"),
    ("q", "bold $text-muted"),
    (" to quit.", "$text-muted")),
)

# Once the settings hold a name, the welcome no longer asks for it.
WELCOME_SET_UP = Content.assemble(*WELCOME.divide([WELCOME.plain.index("Press s")])[:1],
                                  _KEYS)


class EmptyState(Static):
    """A friendly panel saying what to do first."""

    DEFAULT_CSS = """
    EmptyState {
        width: auto;
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
