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

from tui.keys import On, palette
from widgets.text import clean

# (name in the palette, what it does, the screen action, its key), from tui/keys.py.
ACTIONS: tuple[tuple[str, str, str, str], ...] = tuple(palette(On.MAIN))

# The Today view's own actions, offered while it is on screen.
TODAY_ACTIONS: tuple[tuple[str, str, str, str], ...] = tuple(palette(On.TODAY))


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
