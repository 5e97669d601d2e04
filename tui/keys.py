"""Every key followup understands, declared once.

Each entry says which keys run which action on which screen, what the Footer
calls it and where on the interview screen the Footer shows it, its line in the
`?` help, and its name in the command palette. The screens' bindings, the
palette and the help are all built from `KEYS`; a test checks the README's key
table against it. Keys a widget handles itself (moving in a list) are here for
the help only (`action=""`): the widget owns their binding.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from textual.binding import Binding

from store.frozen import Frozen, set_field


class Where(StrEnum):
    """The help screen's areas, in its order."""

    EVERYWHERE = "Everywhere"
    LIST = "In the interview list"
    STEP = "In a step"
    TODAY = "In the Today view"
    MESSAGE = "The message (in a step too)"


class On(StrEnum):
    """Whose action a key runs."""

    APP = "app"
    MAIN = "main"  # the interview screen
    TODAY = "today"  # the Today view
    WIDGET = "widget"  # the focused widget's own binding (help only here)


STEP_GROUP = Binding.Group("Step", compact=True)


class Key(Frozen):
    __slots__ = ("keys", "action", "on", "where", "help", "footer", "areas", "group", "palette",
                 "palette_help", "palette_key", "help_keys", "priority", "show")

    keys: tuple[str, ...]  # Textual key names; () for an action only the palette offers
    action: str  # `toggle_done`, `step(2)`; "" for a widget's own key
    on: On
    where: Where
    help: str  # its line in `?`; "" when another entry's line covers it
    footer: str  # the Footer's word; "" for a key the Footer never shows
    # Where the interview screen's Footer offers it: list, step, preview, empty
    # ("wide-" ones too, as room allows). Elsewhere the key still works.
    areas: frozenset[str]
    group: Binding.Group | None
    palette: str  # its name in the command palette; "" for not offered
    palette_help: str  # what the palette says (default: `help`)
    palette_key: str | None  # how the palette names its key (default: the first)
    help_keys: tuple[str, ...]  # the keys its help line names (default: `keys`)
    priority: bool
    show: bool | None  # in the Footer (default: when it has a Footer word)

    def __init__(self, keys: tuple[str, ...], action: str, on: On, where: Where, help: str,
                 footer: str = "", areas: frozenset[str] = frozenset(),
                 group: Binding.Group | None = None, palette: str = "", palette_help: str = "",
                 palette_key: str | None = None, help_keys: tuple[str, ...] = (),
                 priority: bool = False, show: bool | None = None) -> None:
        set_field(self, "keys", keys)
        set_field(self, "action", action)
        set_field(self, "on", on)
        set_field(self, "where", where)
        set_field(self, "help", help)
        set_field(self, "footer", footer)
        set_field(self, "areas", areas)
        set_field(self, "group", group)
        set_field(self, "palette", palette)
        set_field(self, "palette_help", palette_help)
        set_field(self, "palette_key", palette_key)
        set_field(self, "help_keys", help_keys)
        set_field(self, "priority", priority)
        set_field(self, "show", show)

    @property
    def name(self) -> str:
        """The action without its parameters: `step` for `step(2)`."""
        return self.action.split("(", 1)[0]


def _areas(*names: str) -> frozenset[str]:
    return frozenset(names)


KEYS: tuple[Key, ...] = (
    # --- everywhere ---
    Key(("question_mark",), "help", On.APP, Where.EVERYWHERE, "This help", footer="Help"),
    Key(("q",), "quit", On.APP, Where.EVERYWHERE, "Quit (everything is already saved)",
        footer="Quit", help_keys=("q", "ctrl+q")),
    Key(("ctrl+p",), "", On.WIDGET, Where.EVERYWHERE,
        "Command palette: every action by name; type a company to go to it"),
    Key(("t",), "today", On.MAIN, Where.EVERYWHERE,
        "Today: every due and late action, all interviews (t or esc: back)",
        footer="Today", areas=_areas("list", "wide-step"), palette="Today",
        palette_help="Every due and late action across all interviews, in one list"),
    Key(("S",), "sync", On.APP, Where.EVERYWHERE,
        "Sync with your calendar now (set it up once with: followup sync)",
        footer="Sync calendar", show=False),
    Key(("tab",), "app.focus_next", On.APP, Where.EVERYWHERE,
        "Move between the list, the three steps and the message", priority=True,
        help_keys=("tab", "shift+tab")),
    Key(("shift+tab",), "app.focus_previous", On.APP, Where.EVERYWHERE, "", priority=True),
    Key(("1",), "step(1)", On.MAIN, Where.EVERYWHERE,
        "Jump to step 1 Appreciation, 2 References, 3 Follow-up", footer="Appreciation",
        areas=_areas("list"), group=STEP_GROUP, palette="Step 1: Appreciation",
        palette_help="Thank each interviewer", help_keys=("1", "2", "3")),
    Key(("2",), "step(2)", On.MAIN, Where.EVERYWHERE, "", footer="References",
        areas=_areas("list"), group=STEP_GROUP, palette="Step 2: References",
        palette_help="Tell each reference a call may come"),
    Key(("3",), "step(3)", On.MAIN, Where.EVERYWHERE, "", footer="Follow-up",
        areas=_areas("list"), group=STEP_GROUP, palette="Step 3: Follow-up",
        palette_help="When and how to follow up"),
    Key(("c",), "copy", On.MAIN, Where.EVERYWHERE,
        "Copy the message on show (through the terminal, and the local clipboard where "
        "there is one)", footer="Copy", areas=_areas("list", "step", "preview"),
        palette="Copy the message", palette_help="Copy the draft on show to the clipboard"),
    Key(("n",), "new_interview", On.MAIN, Where.EVERYWHERE, "New interview", footer="New",
        areas=_areas("list", "empty"), palette="New interview",
        palette_help="Add an interview you have had (or will have)"),
    Key(("e",), "edit", On.MAIN, Where.EVERYWHERE,
        "Edit the interview; in step 1 or 2, the interviewer or reference you are on",
        footer="Edit", areas=_areas("list", "step"), palette="Edit",
        palette_help="Edit the interview, or the interviewer or reference you are on"),
    Key(("o",), "outcome", On.MAIN, Where.EVERYWHERE,
        "Record the outcome: second interview, offer, rejected, ...", footer="Outcome",
        areas=_areas("wide-list"), palette="Record the outcome",
        palette_help="Second interview, offer, rejected, withdrawn or no answer"),
    Key(("r",), "reply", On.MAIN, Where.EVERYWHERE,
        "They replied: note it, with any new date to decide by (the follow-up waits "
        "again)", footer="Reply", palette="They replied",
        palette_help="Note the employer's reply and any new decision date"),
    Key(("d",), "delete", On.MAIN, Where.EVERYWHERE, "Delete the interview (asks first)",
        footer="Delete", areas=_areas("wide-list"), palette="Delete the interview",
        palette_help="Asks before deleting"),
    Key(("h",), "history", On.MAIN, Where.EVERYWHERE,
        "History: everything recorded for the interview, with its date", footer="History",
        areas=_areas("wide-step"), palette="History",
        palette_help="Everything recorded for this interview, with its date"),
    Key(("s",), "settings", On.MAIN, Where.EVERYWHERE,
        "Settings: your name and signature for the messages, the follow-up rhythm",
        footer="Settings", areas=_areas("empty"), palette="Settings",
        palette_help="Your name, phone and signature for the messages; the follow-up rhythm"),
    # --- the interview list ---
    Key(("j", "k", "up", "down"), "", On.WIDGET, Where.LIST,
        "Move; the message follows the interview"),
    Key(("g", "G", "home", "end"), "", On.WIDGET, Where.LIST, "First / last interview"),
    Key(("pageup", "pagedown"), "", On.WIDGET, Where.LIST, "A page up / down"),
    Key(("enter",), "open", On.MAIN, Where.LIST, "Work on the interview: go into its steps",
        footer="Open", areas=_areas("list"), palette="Open the interview",
        palette_help="Go into the selected interview's steps, at the one to do first"),
    Key(("slash",), "filter", On.MAIN, Where.LIST,
        "Filter by company, role or person; is:open is:closed is:late is:due. enter keeps "
        "the filter, esc clears it", footer="Filter", areas=_areas("list"),
        palette="Filter the list",
        palette_help="By company, role or person; is:open, is:closed, is:late, is:due",
        palette_key="/",
        # Acted on at once, so `/acme` typed in one burst puts every letter in the
        # filter (the screen's `can` lets a `/` typed in the filter through).
        priority=True),
    # --- a step ---
    Key(("j", "k", "up", "down"), "", On.WIDGET, Where.STEP,
        "Move between its people; past the end, on to the next step"),
    Key(("space",), "toggle_done", On.MAIN, Where.STEP,
        "Mark done today (thanked, told, followed up; after the outcome, a reference "
        "thanked); press again to undo", footer="Done", areas=_areas("step"),
        palette="Mark done or undo",
        palette_help="Thanked, told or followed up today; again to undo"),
    Key(("a",), "add", On.MAIN, Where.STEP,
        "Add an interviewer (step 1), a reference (step 2), or log a follow-up with its "
        "details (step 3)", footer="Add", areas=_areas("step")),
    Key((), "add_interviewer", On.MAIN, Where.STEP, "", palette="Add an interviewer",
        palette_help="Someone you met at this interview", palette_key="a in step 1"),
    Key((), "add_reference", On.MAIN, Where.STEP, "", palette="Add a reference",
        palette_help="List a reference for this interview", palette_key="a in step 2"),
    Key((), "log_follow_up", On.MAIN, Where.STEP, "", palette="Log a follow-up",
        palette_help="A follow-up you sent, with its date, channel and any reply",
        palette_key="a in step 3"),
    Key(("N",), "references_needed", On.MAIN, Where.STEP,
        "No references needed for this interview (shift+n; again to ask for them)",
        palette="No references needed",
        palette_help="This interview needs no references: stop asking for one (or ask again)"),
    Key((), "toggle_called", On.MAIN, Where.STEP, "",
        palette="Reference says they were called",
        palette_help="Record that the employer called the reference you are on (or undo)"),
    Key((), "next_round", On.MAIN, Where.EVERYWHERE, "", palette="Set up the next round",
        palette_help="A new interview with the same company, role, interviewers and "
                     "references, nothing done yet"),
    Key(("v",), "variant", On.MAIN, Where.STEP,
        "Switch the message: thank-you email / card; follow-up email / call notes / second "
        "follow-up", footer="Variant", areas=_areas("step", "preview"),
        palette="Next message variant",
        palette_help="Thank-you email or card; follow-up email, call notes or second "
                     "follow-up"),
    Key(("T",), "tone", On.MAIN, Where.STEP,
        "Switch the tone (shift+t): warm / formal; for a reference also LinkedIn / text "
        "message. Kept for that person", footer="Tone",
        areas=_areas("wide-step", "wide-preview"), palette="Next tone",
        palette_help="Warm or formal; for a reference also LinkedIn or a text message"),
    Key(("escape",), "back", On.MAIN, Where.STEP, "Back to the list", footer="List",
        areas=_areas("step", "preview"), palette="Back to the list",
        palette_help="Leave the steps", palette_key="escape"),
    # --- the Today view ---
    Key(("j", "k", "up", "down"), "", On.WIDGET, Where.TODAY,
        "Move between the actions, late first"),
    Key(("space",), "toggle_done", On.TODAY, Where.TODAY,
        "Mark done today and move on; on a done one, undo", footer="Done",
        palette="Mark done or undo",
        palette_help="Thanked, told or followed up today; on a done one, undo"),
    Key(("c",), "copy", On.TODAY, Where.TODAY, "Copy its message", footer="Copy",
        palette="Copy the message",
        palette_help="Copy the selected action's message to the clipboard"),
    Key(("enter",), "open", On.TODAY, Where.TODAY, "Open the interview at that step and person",
        footer="Open", palette="Open the interview",
        palette_help="At this step and person, with every wording and tone"),
    Key(("t", "escape"), "back", On.TODAY, Where.TODAY,
        "Back to the interviews (so does t)", footer="Interviews",
        palette="Back to the interviews", palette_help="Leave the Today view",
        palette_key="t or esc", help_keys=("escape",)),
    # --- the message ---
    Key(("up", "down", "pageup", "pagedown"), "", On.WIDGET, Where.MESSAGE,
        "Scroll a long message"),
    Key(("w",), "reword", On.MAIN, Where.MESSAGE,
        "Reword this one message (ctrl+s saves, esc cancels, ctrl+r puts the template's "
        "text back, ctrl+end goes to the end); c copies your wording from then on",
        footer="Reword", areas=_areas("wide-step", "preview"), palette="Reword this message",
        palette_help="Change this one message before copying it; the template stays"),
    Key(("m",), "mail", On.MAIN, Where.MESSAGE,
        "Open the email as a draft in your mail program (To, Subject and Body filled); "
        "its title is also a link your terminal can open, over SSH too", footer="Mail",
        palette="Mail draft",
        palette_help="The email as a draft in your own mail program"),
    Key(("W",), "use_template", On.MAIN, Where.MESSAGE,
        "Forget your wording and go back to the template's text (asks first)",
        footer="Use template", areas=_areas("preview"),
        palette="Back to the template's text",
        palette_help="Forget your wording of this message"),
    Key(("E",), "edit_template", On.MAIN, Where.MESSAGE,
        "Edit the template of this kind of message in $VISUAL / $EDITOR: the wording of "
        "every one", footer="Template", areas=_areas("wide-preview"),
        palette="Edit the template",
        palette_help="The wording of every message of this kind, in $VISUAL or $EDITOR"),
)

# The interview screen's Footer shows its keys in this order, as many as fit: the
# ones used most first; where the footer has no room for every key, the last are
# the ones left out.
FOOTER_ORDER = ("open", "toggle_done", "copy", "variant", "tone", "reword", "use_template",
                "edit_template", "mail", "add", "references_needed", "edit", "new_interview",
                "reply", "step(1)", "step(2)", "step(3)", "back", "settings", "today",
                "filter", "history", "outcome", "delete")

# The palette lists a screen's actions in this order (the ones used most first).
PALETTE_ORDER = ("open", "copy", "toggle_done", "variant", "tone", "reword", "use_template",
                 "edit_template", "new_interview", "edit", "add_interviewer", "add_reference",
                 "log_follow_up", "toggle_called", "outcome", "next_round", "history", "delete",
                 "step(1)", "step(2)", "step(3)", "back", "settings", "today", "filter")

_SHOWN = {
    "question_mark": "?",
    "escape": "esc",
    "up": "↑",
    "down": "↓",
    "pageup": "pgup",
    "pagedown": "pgdn",
    "slash": "/",
}


def key_display(key: str) -> str:
    """A key as the help and the palette write it: `?`, `esc`, `↑`."""
    return _SHOWN.get(key, key)


def keys_on(on: On) -> tuple[Key, ...]:
    return tuple(k for k in KEYS if k.on is on)


def main_keys() -> tuple[Key, ...]:
    """The interview screen's keys with a binding, in the Footer's order."""
    by_action = {k.action: k for k in keys_on(On.MAIN) if k.keys}
    return tuple(by_action[action] for action in FOOTER_ORDER)


def bindings(on: On) -> list[Binding]:
    """The bindings of the app or the Today view, one per entry."""
    return [Binding(",".join(k.keys), k.action, k.footer,
                    show=bool(k.footer) if k.show is None else k.show,
                    priority=k.priority, group=k.group)
            for k in keys_on(on) if k.keys]


def palette(on: On) -> list[tuple[str, str, str, str]]:
    """(name, what it does, action, key) of each action the palette offers on a screen."""
    offered = []
    rank = {action: n for n, action in enumerate(PALETTE_ORDER)}
    for k in sorted(keys_on(on), key=lambda k: rank.get(k.action, len(rank))):
        if not k.palette:
            continue
        key = k.palette_key if k.palette_key is not None else \
            " or ".join(key_display(key) for key in k.keys[:1])
        offered.append((k.palette, k.palette_help or k.help, k.action, key))
    return offered


def help_table() -> tuple[tuple[str, tuple[tuple[tuple[str, ...], str], ...]], ...]:
    """The `?` screen: (area, ((keys, what they do), ...)), in the areas' order."""
    return tuple(
        (where.value, tuple((k.help_keys or k.keys, k.help) for k in KEYS
                            if k.where is where and k.help))
        for where in Where)


def bound_keys(entries: Iterable[Key] = KEYS) -> set[str]:
    """Every key named by the entries, bound or described."""
    return {key for k in entries for key in (*k.keys, *k.help_keys)}
