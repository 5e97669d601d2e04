"""The user's own wording: one plain-text file per message, in the config folder.

`<config_dir>/templates/<kind>.txt` replaces the built-in warm text of a
message, and `<kind>.<tone>.txt` one of its other variants
(`thank_email.formal.txt`, `reference_heads_up.text.txt`). An email's file
holds the subject on the first line, a blank line, then the body; placeholders
are the `$name`s listed in `wording.FIELDS`, and `$$` is a dollar sign.

Reading a file never fails: a file that cannot be read, is not UTF-8 or is
empty gives way to the built-in text, and what is wrong is reported as a
`TemplateProblem` with the file and line, ready to show the user. A file with
an unknown placeholder is still used; the draft shows the gap as `<<name>>`.
"""

from __future__ import annotations

import difflib
import os
import string
from pathlib import Path
from typing import NamedTuple

from store import locations
from store.frozen import Frozen, set_field
from store.message_kinds import (
    MessageKind,
    TemplateProblem,
    Tone,
    has_subject,
    resolve_tone,
    variants_for,
)
from store.storage import NotRegular, open_regular
from store.wording import FIELDS, builtin_template

TEMPLATES_FOLDER = "templates"
SUFFIX = ".txt"


class Template(Frozen):
    """A message's template: its text, the user's file it came from, what is wrong with it."""

    __slots__ = ("text", "source", "problems")

    text: str
    source: Path | None  # the user's file; None for the built-in text
    problems: tuple[TemplateProblem, ...]

    def __init__(self, text: str, source: Path | None,
                 problems: tuple[TemplateProblem, ...] = ()) -> None:
        set_field(self, "text", text)
        set_field(self, "source", source)
        set_field(self, "problems", problems)

    @property
    def builtin(self) -> bool:
        return self.source is None


class TemplateEntry(NamedTuple):
    kind: MessageKind
    tone: Tone
    path: Path
    overridden: bool  # the user's file exists and is used instead of the built-in

    @property
    def name(self) -> str:
        return template_name(self.kind, self.tone)


def user_templates_dir() -> Path:
    return locations.config_dir() / TEMPLATES_FOLDER


def template_name(kind: MessageKind | str, tone: Tone | str | None = None) -> str:
    """`thank_email` for the default variant, `thank_email.formal` for another."""
    kind = MessageKind(kind)
    tone = resolve_tone(kind, tone)
    return kind.value if tone is variants_for(kind)[0] else f"{kind.value}.{tone.value}"


def parse_template_name(text: str) -> tuple[MessageKind, Tone]:
    """Read `thank_email`, `thank_email.formal` or `thank_email.formal.txt`.

    ValueError with the names that exist, and the nearest one when there is one.
    """
    name = text.strip().lower().replace("-", "_")
    name = name.removesuffix(SUFFIX)
    kind_text, _, tone_text = name.partition(".")
    try:
        kind = MessageKind(kind_text)
        return kind, resolve_tone(kind, tone_text or None)
    except ValueError:
        names = [template_name(k, t) for k in MessageKind for t in variants_for(k)]
        close = difflib.get_close_matches(name, names, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise ValueError(
            f"no message is called {text!r}{hint}; the messages are "
            f"{', '.join(k.value for k in MessageKind)}, each also with .formal, and the "
            "reference messages with .linkedin and .text"
        ) from None


# Each template's path, by what it is worked out from. Every message shown asks where its
# template is (to see whether the user reworded it since). A new Path each time interned
# its parts afresh and let them go, which uses up the room in the interpreter's table of
# interned strings until it makes the table anew at twice the size: a megabyte, within
# a few dozen key presses.
_PATHS: dict[tuple[object, ...], Path] = {}
_PATHS_KEPT = 256
# What the user's folder of templates is worked out from (see `locations.config_dir`).
_CONFIG_FROM = (locations.ENV_CONFIG, "XDG_CONFIG_HOME", "HOME", "APPDATA", "LOCALAPPDATA")


def template_path(
    kind: MessageKind | str, tone: Tone | str | None = None, *, templates_dir: Path | None = None
) -> Path:
    """Where the user's file for this message and tone lives (it may not exist)."""
    environ = os.environ
    key = (kind, tone, templates_dir) if templates_dir is not None else (
        kind, tone, *[environ.get(name) for name in _CONFIG_FROM])
    path = _PATHS.get(key)
    if path is None:
        folder = user_templates_dir() if templates_dir is None else Path(templates_dir)
        if len(_PATHS) >= _PATHS_KEPT:
            _PATHS.clear()
        path = _PATHS[key] = folder / f"{template_name(kind, tone)}{SUFFIX}"
    return path


def _suggest(name: str) -> str:
    close = difflib.get_close_matches(name, FIELDS, n=1)
    if not close and name.lower() in FIELDS:
        close = [name.lower()]
    return f" (did you mean ${close[0]}?)" if close else ""


def check_template(
    text: str, kind: MessageKind | str, tone: Tone | str | None = None, path: Path | None = None
) -> tuple[TemplateProblem, ...]:
    """What is wrong with a template's text, each with its line."""
    problems: list[TemplateProblem] = []

    def report(line: int | None, message: str) -> None:
        problems.append(TemplateProblem(path, line, message))

    if not text.strip():
        report(None, "is empty")
        return tuple(problems)
    if has_subject(kind, tone):
        lines = text.split("\n")
        if not lines[0].strip():
            report(1, "the first line should be the email's subject, but it is blank")
        elif len(lines) < 2 or lines[1].strip():
            report(2, "leave a blank line after the subject (line 1), then write the message")
        elif lines[0].rstrip().endswith(",") and lines[0].split()[0] in ("Dear", "Hi", "Hello"):
            report(1, f"the first line is the subject, but it looks like a greeting "
                      f"({lines[0].strip()!r}); put the subject above it")
    for match in string.Template.pattern.finditer(text):
        name = match.group("named") or match.group("braced")
        if name is None or name in FIELDS:
            continue
        line = text.count("\n", 0, match.start()) + 1
        report(line, f"unknown placeholder ${name}{_suggest(name)}")
    return tuple(problems)


def _normalise(text: str) -> str:
    # Editors differ: Windows line ends, a final newline. Neither is meant as text.
    return text.replace("\r\n", "\n").replace("\r", "\n").rstrip()


# A message is a few hundred words; anything past this is not one.
MAX_TEMPLATE_BYTES = 64 * 1024


def template_version(
    kind: MessageKind | str, tone: Tone | str | None = None, *, templates_dir: Path | None = None
) -> tuple[int, int, int] | None:
    """What changes whenever the user's file for this message and tone is written,
    replaced or removed (None: there is no such file): a message drawn from the
    template earlier is still right while this stays the same."""
    try:
        stat = os.stat(template_path(kind, tone, templates_dir=templates_dir))
    except (OSError, ValueError):
        return None
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


def load_template(
    kind: MessageKind | str, tone: Tone | str | None = None, *, templates_dir: Path | None = None
) -> Template:
    """The user's file for this message and tone if there is a usable one, else the built-in."""
    kind = MessageKind(kind)
    tone = resolve_tone(kind, tone)
    path = template_path(kind, tone, templates_dir=templates_dir)
    builtin = builtin_template(kind, tone)

    def fallback(line: int | None, why: str) -> Template:
        problem = TemplateProblem(path, line, f"{why}; using the built-in text instead")
        return Template(builtin, None, (problem,))

    try:
        with os.fdopen(open_regular(path), "rb") as handle:
            raw = handle.read(MAX_TEMPLATE_BYTES + 1)
    except FileNotFoundError:
        return Template(builtin, None)
    except IsADirectoryError:
        return fallback(None, "is a folder, not a file")
    except NotRegular:
        return fallback(None, "is not a regular file (a pipe or a device)")
    except OSError as exc:
        return fallback(None, f"cannot be read ({exc.strerror or exc})")
    if len(raw) > MAX_TEMPLATE_BYTES:
        return fallback(None, f"is too large (over {MAX_TEMPLATE_BYTES // 1024} KB)")
    try:
        # utf-8-sig: a byte-order mark from Notepad is not part of the subject.
        text = _normalise(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return fallback(line, "is not UTF-8 text (save it as UTF-8)")
    if not text.strip():
        return fallback(None, "is empty")
    return Template(text, path, check_template(text, kind, tone, path))


def list_templates(templates_dir: Path | None = None) -> list[TemplateEntry]:
    """Every message and variant, with the file that would override it."""
    return [
        TemplateEntry(kind, tone, path, path.is_file())
        for kind in MessageKind
        for tone in variants_for(kind)
        for path in [template_path(kind, tone, templates_dir=templates_dir)]
    ]


def stray_files(templates_dir: Path | None = None) -> list[Path]:
    """Files in the templates folder that no message uses (a misspelt name, say)."""
    folder = user_templates_dir() if templates_dir is None else Path(templates_dir)
    known = {entry.path.name for entry in list_templates(folder)}
    try:
        return sorted(p for p in folder.iterdir() if p.name not in known and p.suffix == SUFFIX)
    except OSError:
        return []


def _make_private_dirs(folder: Path) -> None:
    """Create `folder` and any missing parents, each 0700 (mkdir's parents ignore mode)."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for each in reversed(missing):
        locations.ensure_private_dir(each)


def write_default(
    kind: MessageKind | str, tone: Tone | str | None = None, *, templates_dir: Path | None = None
) -> Path:
    """Copy the built-in text to the user's file for editing; an existing file is kept."""
    kind = MessageKind(kind)
    tone = resolve_tone(kind, tone)
    path = template_path(kind, tone, templates_dir=templates_dir)
    if path.exists():
        return path
    _make_private_dirs(path.parent)
    try:
        # O_EXCL: never overwrite, even a file that appeared a moment ago.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(builtin_template(kind, tone) + "\n")
    return path
