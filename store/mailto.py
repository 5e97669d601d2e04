"""A message as a `mailto:` link (RFC 6068), for the user's own mail program.

The address, subject and body are percent-encoded as UTF-8 (a space is `%20`,
never `+`), and the body's line breaks are CRLF (`%0D%0A`), as the RFC asks:
any mail program that opens the link gets a draft with To, Subject and Body
filled, exactly as written.
"""

from __future__ import annotations

from urllib.parse import quote

__all__ = ["mailto_url"]


def _encode(text: str, safe: str = "") -> str:
    return quote(text, safe=safe, encoding="utf-8", errors="strict")


def crlf(text: str) -> str:
    """Every line break as CRLF."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")


def mailto_url(to: str, subject: str, body: str) -> str:
    """`mailto:dana@acme.example?subject=…&body=…`.

    `to` may be empty (the user fills it in). Only `@` is left as it is in the
    address; everything but letters, digits and `-._~` is encoded elsewhere, so
    that `&`, `=`, `?`, `#` and `%` in the text cannot end a field early.
    """
    address = _encode(to.strip(), safe="@")
    fields = []
    if subject:
        fields.append(f"subject={_encode(' '.join(subject.split()))}")
    if body:
        fields.append(f"body={_encode(crlf(body))}")
    return f"mailto:{address}" + (f"?{'&'.join(fields)}" if fields else "")
