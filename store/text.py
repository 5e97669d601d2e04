"""The one control-character cleaner: every way data reaches a terminal goes through it.

A company or name holding `ESC ] 52 ; c ; ... BEL` (it can arrive through an
import, a paste, a hand-edited file) would, written raw, set the clipboard,
retitle the window or clear the screen. Lists, titles, labels, toasts, the
command line's output and the CSV export all show such text through `clean`
(or `visible`, which keeps positions for editing), and the JSON outputs
through `dumps`, so a control character is never sent as itself.

What counts as a control: the C0 controls and DEL, the C1 controls, and the
bidirectional overrides and isolates, which make text display in an order
other than the one it is stored in.

At the door, `line_problem` says what is wrong with a one-line field (a name,
a company) that holds any of them: the store refuses such a value.
"""

from __future__ import annotations

import json
import re

TYPE_CHECKING = False  # (typing itself is not loaded to run: `followup today` starts without it)
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

ESCAPE_PLACEHOLDER = "\u241b"  # ␛
CONTROL_PLACEHOLDER = "\ufffd"  # �

CONTROL_CHARS = "\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
# The patterns, by name, compiled the first time one is used (`_pattern`): most text
# has nothing to clean (`one_line` and `one_lines` see that without them), and a
# command that only prints, such as `followup today`, need not compile any.
_PATTERNS = {
    "CONTROLS": f"[{CONTROL_CHARS}]",
    "_LINE_BREAKS": "\r\n|[\r\n\t\v\f\u2028\u2029\x85]",
    # Characters JSON may carry raw but a terminal must not see: C1 controls, DEL, the
    # bidi controls and the line/paragraph separators (the C0 ones json escapes itself).
    "_JSON_RAW": "[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]",
}
_compiled: dict[str, re.Pattern[str]] = {}


def _pattern(name: str) -> re.Pattern[str]:
    found = _compiled.get(name)
    if found is None:
        found = _compiled[name] = re.compile(_PATTERNS[name])
    return found


def __getattr__(name: str) -> re.Pattern[str]:
    """`CONTROLS` (any control character), compiled when first asked for."""
    if name == "CONTROLS":
        return _pattern(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _placeholder(match: re.Match[str]) -> str:
    return ESCAPE_PLACEHOLDER if match.group() == "\x1b" else CONTROL_PLACEHOLDER


def clean(value: str, *, multiline: bool = False) -> str:
    """`value` with every control character made visible and harmless.

    On one line (a list row, a title) line breaks and tabs become spaces so a
    row stays one row; in a multi-line text (a message) newlines and tabs are
    kept, a CR LF pair becomes a plain newline.
    """
    if multiline:
        value = value.replace("\r\n", "\n")
        return _pattern("CONTROLS").sub(
            lambda m: m.group() if m.group() in "\n\t" else _placeholder(m),
                            value)
    return _pattern("CONTROLS").sub(_placeholder, _pattern("_LINE_BREAKS").sub(" ", value))


def one_line(value: str) -> str:
    """`value` cleaned and with its runs of white space made one space."""
    if (value.isascii() and value.isprintable() and "  " not in value
            and value[:1] != " " and value[-1:] != " "):
        return value  # the common case: nothing to clean (printable ASCII has no control)
    return " ".join(clean(value).split())


def one_lines(values: Iterable[str]) -> list[str]:
    """`one_line` of each of `values`, in order; looked at all at once first, since
    most data has nothing to clean (`followup today` cleans tens of thousands)."""
    values = list(values)
    joined = "|".join(values)
    if (joined.isascii() and joined.isprintable() and "  " not in joined
            and " |" not in joined and "| " not in joined
            and joined[:1] != " " and joined[-1:] != " "):
        return values  # each is printable ASCII without a space at an end or twice
    return [one_line(value) for value in values]


def visible(value: str, *, keep: str = "") -> str:
    """`value` with each control character (but those in `keep`) replaced by one
    placeholder: the same length, so positions in it still line up (for editing)."""
    return _pattern("CONTROLS").sub(
        lambda m: m.group() if m.group() in keep else _placeholder(m), value)


def has_controls(value: str) -> bool:
    return _pattern("CONTROLS").search(value) is not None


def line_problem(value: str) -> str | None:
    """Why `value` cannot be a one-line field (a name, a company), or None.

    A control character there is never something a person typed on purpose:
    it came from a paste or another program, and it would act on a terminal.
    """
    found = _pattern("CONTROLS").search(value)
    if found is None:
        return None
    char = found.group()
    if char in "\r\n\u2028\u2029\x85\v\f":
        return "holds a line break; keep it on one line"
    if char == "\t":
        return "holds a tab; use spaces"
    return (f"holds a control character (U+{ord(char):04X}, shown as "
            f"{_placeholder(found)}); delete it and type the text again")


def dumps(value: Any, **kwargs: Any) -> str:
    """`json.dumps` that keeps non-ASCII text readable but writes every control
    character (C0, DEL, C1, bidi, line separators) as a `\\uXXXX` escape: the same
    data for a JSON reader, nothing that acts on a terminal."""
    text = json.dumps(value, ensure_ascii=False, **kwargs)
    return _pattern("_JSON_RAW").sub(lambda m: f"\\u{ord(m.group()):04x}", text)


# Spreadsheets read a cell starting with one of these as a formula (OWASP's
# "CSV injection"); a tab or CR in front does too in some of them.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """One CSV cell: its control characters made visible (so the file is safe to
    `cat`), and, if it would start a formula in a spreadsheet, prefixed with an
    apostrophe, which shows the text as typed (OWASP's advice)."""
    text = value if isinstance(value, str) else str(value)
    if text.startswith(FORMULA_STARTS):
        text = "'" + text
    return clean(text, multiline=True)
