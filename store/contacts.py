"""People as typed on one line: `Dana Lee <dana@acme.com>`, `Dana Lee`, `dana@acme.com`."""

from __future__ import annotations

import re

_WITH_EMAIL = re.compile(r"^\s*(?P<name>[^<>]*?)\s*<\s*(?P<email>[^<>\s]+)\s*>\s*$")
_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")


class ContactError(ValueError):
    """A person could not be read from the text. The message shows the expected form."""


def parse_person(text: str) -> tuple[str, str]:
    """Split `Name <email>` into (name, email); email may be absent (returns "")."""
    text = str(text).strip()
    if not text:
        raise ContactError('expected a person as "Name <email>" or "Name"')
    match = _WITH_EMAIL.match(text)
    if match:
        name, email = match.group("name").strip().strip('"'), match.group("email")
        if not _EMAIL.match(email):
            raise ContactError(f"{email!r} does not look like an email address")
        if not name:
            name = email.split("@", 1)[0]
        return name, email
    if "<" in text or ">" in text:
        raise ContactError(f'{text!r}: write a person as "Name <email>"')
    if _EMAIL.match(text):
        return text.split("@", 1)[0], text
    return text, ""


def parse_people(text: str) -> list[tuple[str, str]]:
    """Several people separated by commas or semicolons.

    A separator inside quotes or angle brackets does not split: mail programs
    write `"Lee, Dana" <dana@acme.com>` for one person.
    """
    parts: list[str] = []
    current: list[str] = []
    quoted = bracketed = False
    for ch in str(text):
        if ch == '"' and not bracketed:
            quoted = not quoted
        elif ch == "<" and not quoted:
            bracketed = True
        elif ch == ">" and not quoted:
            bracketed = False
        elif ch in ",;" and not quoted and not bracketed:
            parts.append("".join(current))
            current = []
            continue
        current.append(ch)
    parts.append("".join(current))
    return [parse_person(p) for p in parts if p.strip()]


def looks_like_email(text: str) -> bool:
    return bool(_EMAIL.match(text.strip()))
