"""The keys are declared once (tui/keys.py): the screens' bindings, the palette, the help
and the README's key table all agree with that one registry."""

from __future__ import annotations

import re
from pathlib import Path

from tui import commands, help, keys
from tui.app import FollowupApp
from tui.keys import KEYS, On
from tui.main_screen import FOOTER_AREAS
from tui.main_screen import KEYS as MAIN_KEYS
from tui.today_screen import TodayScreen

ROOT = Path(__file__).resolve().parents[2]
README_NAMES = {"?": "question_mark", "esc": "escape", "/": "slash", "space": "space"}


def readme_keys() -> set[str]:
    """Every key named in the Key column of the README's key table."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = re.search(r"^\| Where \| Key \| What it does \|\n(?:\|.*\n)+", text, re.M)
    assert table is not None, "the README has no key table"
    found = set()
    for row in table.group(0).splitlines()[2:]:
        key_cell = row.split("|")[2]
        for key in re.findall(r"`([^`]+)`", key_cell):
            found.add(README_NAMES.get(key, key))
        if "arrows" in key_cell:
            found |= {"up", "down"}
    return found


def test_the_readme_table_names_the_keys_of_the_registry() -> None:
    bound = {key for k in KEYS if k.action and k.keys for key in k.keys}
    # Moving focus is the terminal's usual tab; the README leaves it out.
    bound -= {"tab", "shift+tab"}
    named = readme_keys()
    assert bound - named == set(), "keys missing from the README's key table"
    described = keys.bound_keys() | {"ctrl+p"}
    assert named - described == set(), "the README names keys the app does not have"


def test_bindings_palette_and_help_come_from_the_registry() -> None:
    main = keys.main_keys()
    assert [action for _, action, _, _ in MAIN_KEYS] == list(keys.FOOTER_ORDER)
    assert set(FOOTER_AREAS) == {k.name for k in main}
    assert [b.action for b in TodayScreen.BINDINGS] == [  # type: ignore[union-attr]
        k.action for k in keys.keys_on(On.TODAY)]
    assert {b.key for b in FollowupApp.BINDINGS} == {  # type: ignore[union-attr]
        "question_mark", "q", "S", "tab", "shift+tab"}
    assert help.HELP == keys.help_table()
    assert {action for _, _, action, _ in commands.ACTIONS} == {
        k.action for k in keys.keys_on(On.MAIN) if k.palette}


def test_every_main_screen_action_has_a_handler() -> None:
    from tui.main_screen import MainScreen

    for k in keys.keys_on(On.MAIN):
        assert hasattr(MainScreen, f"action_{k.name}"), k.action
    for k in keys.keys_on(On.TODAY):
        assert hasattr(TodayScreen, f"action_{k.name}"), k.action
