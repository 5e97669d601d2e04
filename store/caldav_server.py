"""The network side of sync: a thin adapter over the `caldav` library.

It finds the calendar (creating it with to-do support when missing), reads
back every to-do of ours with its ETag, and writes one to-do at a time,
guarded by its ETag. Every failure becomes a `SyncError` whose message says
what to do. `caldav` is imported here only, when a sync starts, so starting
followup never pays for it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from .calendar import NotACalendar, ServerTodo, read_server_todo
from .sync import SyncError, SyncSettings, href_for

T = TypeVar("T")

TIMEOUT = 20  # seconds: a server slower than this is reported, not waited on

_QUERY = """<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><D:getetag/><C:calendar-data/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VTODO"/></C:comp-filter>
  </C:filter>
</C:calendar-query>"""


class Conflict(Exception):
    """The to-do changed on the server since it was read (its ETag moved on)."""


class CalendarGone(Exception):
    """The calendar the last sync used is no longer there."""


def _check_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SyncError(f"{url!r} is not a server address: give --url https://... "
                        "(see \"Reminders on your phone\" in the README)")


class CalendarServer:
    """One calendar on one CalDAV server, for the length of one sync."""

    def __init__(self, settings: SyncSettings, password: str, timeout: float = TIMEOUT,
                 calendar_url: str = "") -> None:
        _check_url(settings.url)
        self.settings = settings
        self._password = password
        self._timeout = timeout
        self.calendar_url = calendar_url
        self._client: Any = None
        self._local = threading.local()
        self._owner = 0

    # --- errors -------------------------------------------------------------

    def _guard(self, what: str, call: Callable[[], T]) -> T:
        """Run `call`, turning whatever goes wrong into one SyncError saying what to do."""
        from caldav.lib import error

        host = urlsplit(self.settings.url).netloc
        try:
            return call()
        except (SyncError, Conflict, CalendarGone):
            raise
        except error.AuthorizationError as exc:
            raise SyncError(
                f"{host} refused the user name or password (HTTP {exc.status or 401}) while "
                f"{what}; check --username and the password (iCloud and Fastmail need an "
                "app-specific password)") from exc
        except error.DAVError as exc:
            status = f"HTTP {exc.status}" if exc.status else "an error"
            raise SyncError(f"{host} answered {status} while {what}; check --url points at "
                            "a CalDAV server, or try again later") from exc
        except NotACalendar as exc:
            raise SyncError(f"{host} sent something that is not a calendar while {what} "
                            f"({exc}); check --url points at a CalDAV server") from exc
        except Exception as exc:  # the HTTP library's own errors: down, slow, bad answer
            name = type(exc).__name__
            if "Timeout" in name:
                raise SyncError(f"{host} did not answer within {self._timeout:.0f} s while "
                                f"{what}; try again later") from exc
            if "Connection" in name or isinstance(exc, OSError):
                raise SyncError(f"cannot reach {host} while {what} (is it up, and is --url "
                                "right?); try again later") from exc
            raise SyncError(f"{host} gave an answer followup cannot read while {what} "
                            f"({name}); check --url points at a CalDAV server") from exc

    # --- connecting -----------------------------------------------------------

    def _new_client(self, auth: Any = None) -> Any:
        import caldav

        # (caldav's own types make DAVClient an `object`; it is the client class.)
        client: Any = caldav.DAVClient
        settings = self.settings
        if auth is not None:
            # The scheme the first client worked out with the server (basic, digest):
            # the others need not ask again.
            return client(url=settings.url, auth=auth, timeout=self._timeout,
                          enable_rfc6764=False)
        return client(url=settings.url, username=settings.username,
                      password=self._password, timeout=self._timeout, enable_rfc6764=False)

    def _here(self) -> Any:
        """A client for this thread: `put` runs in a few threads at once, each with its
        own connection."""
        if threading.get_ident() == self._owner or self._client is None:
            return self._client
        client = getattr(self._local, "client", None)
        if client is None:
            client = self._local.client = self._new_client(self._client.auth)
        return client

    def connect(self, create: bool = True) -> str:
        """Find the calendar (creating it, unless not `create`); its URL ("" when it is
        not there and was not created)."""
        import logging


        # caldav logs what surprises it; a one-line error says it instead, and nothing
        # may write over the app's screen.
        logging.getLogger("caldav").addHandler(logging.NullHandler())
        settings = self.settings
        self._client = self._new_client()
        self._owner = threading.get_ident()
        if self.calendar_url:
            # Known from the last sync: no discovery; reading it checks it is there.
            return self.calendar_url
        if not self._guard("asking what the server speaks", self._client.check_cdav_support):
            host = urlsplit(settings.url).netloc
            raise SyncError(f"{host} does not say it speaks CalDAV; check --url points at a "
                            "CalDAV server (see \"Reminders on your phone\" in the README)")
        principal = self._guard("looking up your account", self._client.principal)
        calendars = self._guard("listing your calendars", principal.calendars)
        for calendar in calendars:
            name = self._guard("listing your calendars", calendar.get_display_name)
            if name == settings.calendar:
                self.calendar_url = str(calendar.url)
                return self.calendar_url
        if not create:
            return ""
        created = self._guard(
            f"creating the calendar {settings.calendar!r}",
            lambda: principal.make_calendar(name=settings.calendar,
                                            supported_calendar_component_set=["VTODO"]))
        self.calendar_url = str(created.url)
        return self.calendar_url

    # --- reading and writing --------------------------------------------------

    def todos(self) -> dict[str, ServerTodo]:
        """Every to-do of ours on the calendar, by UID."""
        from caldav.elements import cdav, dav

        def read() -> dict[str, ServerTodo]:
            response = self._client.report(self.calendar_url, _QUERY, depth=1)
            if response.status == 404:
                raise CalendarGone(self.calendar_url)
            if response.status != 207:
                from caldav.lib import error

                raise error.ReportError(f"HTTP {response.status}", status=response.status)
            found: dict[str, ServerTodo] = {}
            props = response.expand_simple_props([dav.GetEtag(), cdav.CalendarData()])
            for href, values in props.items():
                text = values.get(cdav.CalendarData.tag)
                if not isinstance(text, str):
                    continue
                todo = read_server_todo(self._absolute(href),
                                        values.get(dav.GetEtag.tag) or "", text)
                if todo is not None:
                    found[todo.uid] = todo
            return found

        return self._guard("reading the calendar's to-dos", read)

    def _absolute(self, href: str) -> str:
        if href.startswith(("http://", "https://")):
            return href
        parts = urlsplit(self.calendar_url)
        return f"{parts.scheme}://{parts.netloc}{href}"

    def put(self, uid: str, text: str, href: str | None, etag: str | None) -> tuple[str, str]:
        """Write one to-do: over `href` when its ETag is still `etag`, else as a new one.
        Its (href, new ETag); Conflict when it changed there since it was read."""
        target = href or href_for(self.calendar_url, uid)
        headers = {"Content-Type": "text/calendar; charset=utf-8"}
        if href and etag:
            headers["If-Match"] = etag
        elif not href:
            headers["If-None-Match"] = "*"

        def write() -> tuple[str, str]:
            response = self._here().put(target, text, headers)
            if response.status == 412:
                raise Conflict(uid)
            if response.status not in (200, 201, 204):
                from caldav.lib import error

                raise error.PutError(f"HTTP {response.status}", status=response.status)
            return target, response.headers.get("ETag") or ""

        return self._guard("writing a to-do", write)
