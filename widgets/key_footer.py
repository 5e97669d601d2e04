"""The key line at the bottom: every key the screen offers now, each whole or not at all.

Textual's own Footer lays its keys out as widgets side by side and, when they do
not fit, cuts one in half and pushes the last ones (help and quit among them)
off the edge. This footer reads the same thing, the screen's active bindings,
but lays them out itself for its width: the keys it must keep (help and quit
by default, the form's save and cancel in a form) are always there, the others
follow in the screen's order as far as they fit, and when some are left out it
says so, `… ? all keys`, so a user knows there are more.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.widget import Widget

from store.frozen import Frozen, set_field
from widgets.kept_render import KeptRender

# Between two keys: one space, as Textual's compact footer has it.
GAP = " "
MORE = "…"
ALL_KEYS = "all keys"  # what `?` is called once some keys are left out
# Always shown when the screen has them: the way back or out of a form, help, quit.
KEEP = ("escape", "ctrl+s", "question_mark", "q")


class FooterKey(Frozen):
    """One entry of the footer: `1 2 3 Step` is one entry for three keys."""

    __slots__ = ("keys", "display", "description", "enabled")

    keys: tuple[str, ...]  # the Textual key names, the first of each binding
    display: str  # how the keys are written: `⏎`, `^s`, `123`
    description: str
    enabled: bool

    def __init__(self, keys: tuple[str, ...], display: str, description: str,
                 enabled: bool = True) -> None:
        set_field(self, "keys", keys)
        set_field(self, "display", display)
        set_field(self, "description", description)
        set_field(self, "enabled", enabled)

    @property
    def label(self) -> str:
        return f"{self.display} {self.description}" if self.description else self.display


def entries_from(bindings: Iterable[tuple[Binding, bool, str]]) -> list[FooterKey]:
    """The footer's entries from (binding, enabled, key display) in the screen's order:
    one per action, and a compact group (`1 2 3 Step`) as a single entry."""
    entries: list[FooterKey] = []
    seen: set[str] = set()
    group_of: list[Binding.Group | None] = []
    for binding, enabled, shown in bindings:
        if binding.action in seen:
            continue
        seen.add(binding.action)
        key = binding.key.split(",")[0].strip()
        group = binding.group
        if group is not None and group_of and group_of[-1] is group:
            last = entries[-1]
            joiner = "" if group.compact else " "
            entries[-1] = FooterKey((*last.keys, key), f"{last.display}{joiner}{shown}",
                                    group.description, last.enabled or enabled)
            continue
        description = binding.description
        if group is not None:
            description = group.description
        entries.append(FooterKey((key,), shown, description, enabled))
        group_of.append(group)
    return entries


def fit(entries: Sequence[FooterKey], keep: Sequence[str], width: int,
        extra: FooterKey | None = None) -> tuple[list[FooterKey], bool]:
    """The entries to show in `width` cells, in their order, and whether some were left out.

    Entries for a key in `keep` are always shown (they go last, in `keep`'s
    order); the others as far as they fit, from the first. `extra` (the command
    palette) is shown only when everything else fits too. When something is left
    out, the `?` entry reads `? all keys` and `…` goes before it.
    """
    kept = [entry for name in keep for entry in entries if entry.keys[0] == name]
    others = [entry for entry in entries if entry not in kept]

    def length(shown: Sequence[FooterKey]) -> int:
        return sum(len(entry.label) for entry in shown) + len(GAP) * max(0, len(shown) - 1)

    everything = [*others, *kept]
    if length(everything) <= width:
        if extra is not None and length([*everything, extra]) + 1 <= width:
            return [*everything, extra], False
        return everything, False
    # Some are left out: say so, and `?` (when there is one) shows them all.
    kept = [FooterKey(e.keys, e.display, ALL_KEYS, e.enabled)
            if e.keys[0] == "question_mark" else e for e in kept]
    marker = FooterKey((), MORE, "")
    shown: list[FooterKey] = []
    for entry in others:
        if length([*shown, entry, marker, *kept]) <= width:
            shown.append(entry)
        else:
            break
    # `… ? all keys`: the marker right before the key that shows the rest.
    at = next((n for n, e in enumerate(kept) if e.keys[0] == "question_mark"), len(kept))
    result = [*shown, *kept[:at], marker, *kept[at:]]
    # Narrower than the kept keys themselves: as many whole ones as fit.
    while result and length(result) > width:
        if marker in result:
            result.remove(marker)
        else:
            result.pop(0)
    return result, True


class KeyFooter(KeptRender, Widget):
    """One line of keys, read from the screen's active bindings whatever table they come from."""

    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        width: 1fr;
        background: $footer-background;
        color: $footer-description-foreground;
    }
    """

    KEY_STYLE = "bold $footer-key-foreground"

    def __init__(self, keep: Sequence[str] = KEEP, *,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.keep = tuple(keep)
        self._spans: list[tuple[int, int, str]] = []  # (start, end, key) of each entry shown
        self.hidden = False  # whether keys were left out the last time it was drawn

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: object) -> None:
        self.refresh()

    def entries(self) -> tuple[list[FooterKey], FooterKey | None]:
        """What the screen offers now, and the command palette's entry (None without one)."""
        active = self.screen.active_bindings
        shown = [(binding, enabled, self.app.get_key_display(binding))
                 for _, binding, enabled, _ in active.values() if binding.show]
        entries = entries_from(shown)
        palette = None
        if self.app.ENABLE_COMMAND_PALETTE:
            found = active.get(self.app.COMMAND_PALETTE_BINDING)
            if found is not None:
                binding = found.binding
                palette = FooterKey((binding.key,), self.app.get_key_display(binding),
                                    binding.description, found.enabled)
        return entries, palette

    def shown(self) -> list[FooterKey]:
        entries, palette = self.entries()
        shown, self.hidden = fit(entries, self.keep, self.size.width, palette)
        return shown

    def render(self) -> Content:
        parts: list[Content | str | tuple[str, str]] = []
        spans: list[tuple[int, int, str]] = []
        at = 0
        shown = self.shown()
        for index, entry in enumerate(shown):
            if index:
                parts.append(GAP)
                at += len(GAP)
            dim = "" if entry.enabled else " dim"
            if entry.display == MORE and not entry.keys:
                parts.append((MORE, "$footer-description-foreground"))
            else:
                parts.append((entry.display, self.KEY_STYLE + dim))
                if entry.description:
                    parts.append((f" {entry.description}", "dim" if dim else ""))
            if entry.keys:
                spans.append((at, at + len(entry.label), entry.keys[0]))
            at += len(entry.label)
        self._spans = spans
        return Content.assemble(*parts)

    @property
    def text(self) -> str:
        """The line as drawn, as plain text."""
        return GAP.join(entry.label for entry in self.shown())

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                event.stop()
                self.app.simulate_key(key)
                return
