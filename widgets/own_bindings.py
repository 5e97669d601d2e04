"""A node's own key bindings run as Textual's lookup runs them, for a key handled
before (or instead of) that lookup: see `TwoLineList.handle_key` and the app's keys
typed before a tab."""

from __future__ import annotations

from textual.dom import DOMNode


async def run_own_binding(node: DOMNode, key: str) -> bool | None:
    """Run the first of `node`'s own bindings of `key` (not a priority one) whose action
    runs, as Textual's lookup does at each node from the focus up: True when one ran,
    False when none did. None when the app has a keymap: Textual's own lookup applies it,
    so the key is left to that. (Textual's `_bindings` and `_keymap`; textual is
    pinned.)"""
    app = node.app
    if app._keymap:
        return None
    for binding in node._bindings.key_to_bindings.get(key, ()):
        if not binding.priority and await app.run_action(binding.action, node):
            return True
    return False
