"""The command palette (ctrl+p): every action of the keys by name, and interviews by company.

On the Today view it offers that view's own actions instead.

Company names are the user's data, so their hits are highlighted here on a
literal Text: `Matcher.highlight` would read "[bold]" in a name as markup.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from widgets.text import clean

# (name in the palette, what it does, the screen action, its key)
ACTIONS: tuple[tuple[str, str, str, str], ...] = (
    ("Open the interview", "Go into the selected interview's steps, at the one to do first",
     "open", "enter"),
    ("Copy the message", "Copy the draft on show to the clipboard", "copy", "c"),
    ("Mark done or undo", "Thanked, told or followed up today; again to undo", "toggle_done",
     "space"),
    ("Next message variant", "Thank-you email or card; follow-up email, call notes or second "
     "follow-up", "variant", "v"),
    ("Next tone", "Warm or formal; for a reference also LinkedIn or a text message", "tone",
     "T"),
    ("Reword this message", "Change this one message before copying it; the template stays",
     "reword", "w"),
    ("Back to the template's text", "Forget your wording of this message", "use_template",
     "W"),
    ("Edit the template", "The wording of every message of this kind, in $VISUAL or $EDITOR",
     "edit_template", "E"),
    ("New interview", "Add an interview you have had (or will have)", "new_interview", "n"),
    ("Edit", "Edit the interview, or the interviewer or reference you are on", "edit", "e"),
    ("Add an interviewer", "Someone you met at this interview", "add_interviewer", "a in step 1"),
    ("Add a reference", "List a reference for this interview", "add_reference", "a in step 2"),
    ("Log a follow-up", "A follow-up you sent, with its date, channel and any reply",
     "log_follow_up", "a in step 3"),
    ("Reference says they were called", "Record that the employer called the reference you "
     "are on (or undo)", "toggle_called", ""),
    ("Record the outcome", "Second interview, offer, rejected, withdrawn or no answer",
     "outcome", "o"),
    ("Set up the next round", "A new interview with the same company, role, interviewers and "
     "references, nothing done yet", "next_round", ""),
    ("History", "Everything recorded for this interview, with its date", "history", "h"),
    ("Delete the interview", "Asks before deleting", "delete", "d"),
    ("Step 1: Appreciation", "Thank each interviewer", "step(1)", "1"),
    ("Step 2: References", "Tell each reference a call may come", "step(2)", "2"),
    ("Step 3: Follow-up", "When and how to follow up", "step(3)", "3"),
    ("Back to the list", "Leave the steps", "back", "escape"),
    ("Settings", "Your name, phone and signature for the messages; the follow-up rhythm",
     "settings", "s"),
    ("Today", "Every due and late action across all interviews, in one list", "today", "t"),
    ("Filter the list", "By company, role or person; is:open, is:closed, is:late, is:due",
     "filter", "/"),
)

# The Today view's own actions, offered while it is on screen.
TODAY_ACTIONS: tuple[tuple[str, str, str, str], ...] = (
    ("Open the interview", "Go into the selected interview's steps, at the one to do first",
     "open", "enter"),
    ("Mark done or undo", "Thanked, told or followed up today; on a done one, undo",
     "toggle_done", "space"),
    ("Copy the message", "Copy the selected action's message to the clipboard", "copy", "c"),
    ("Open the interview", "At this step and person, with every wording and tone", "open",
     "enter"),
    ("Back to the interviews", "Leave the Today view", "back", "t or esc"),
)


def _action_name(action: str) -> str:
    return action.split("(", 1)[0]


def _parameters(action: str) -> tuple[object, ...]:
    if "(" not in action:
        return ()
    return tuple(int(p) for p in action[action.index("(") + 1:-1].split(",") if p)


class FollowupCommands(Provider):
    """followup's own commands in the palette."""

    def _main(self) -> Any:
        return getattr(self.app, "main", None)

    def _available(self) -> list[tuple[str, str, Callable[[], Any]]]:
        from tui.today_screen import TodayScreen

        if isinstance(self.screen, TodayScreen):
            today = self.screen
            return [(name, f"{help_text} ({key})", partial(today.run_action, action))
                    for name, help_text, action, key in TODAY_ACTIONS]
        main = self._main()
        if main is None:
            return []
        found = []
        for name, help_text, action, key in ACTIONS:
            if main.can(_action_name(action), _parameters(action)):
                shown_help = f"{help_text} ({key})" if key else help_text
                found.append((name, shown_help, partial(main.action_quietly, action)))
        return found

    async def discover(self) -> Hits:
        for name, help_text, run in self._available():
            yield DiscoveryHit(name, run, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, run in self._available():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), run, help=help_text)
        main = self._main()
        if main is None or main.snapshot is None:
            return
        for interview in main.snapshot.interviews.summaries:
            candidate = clean(f"Go to {interview.company}: {interview.role}")
            score, offsets = matcher.fuzzy_search.match(matcher.query, candidate)
            if score > 0:
                shown = Text(candidate)
                for offset in offsets:
                    shown.stylize("bold underline", offset, offset + 1)
                yield Hit(score * 0.9, shown, partial(main.go_to, interview.id), text=candidate)
