"""Dates as people type them (`2026-11-27`, `today`, `fri`, `+3d`) and as they are
shown (`Fri 27 Nov`, `Thursday 26 November`): the one place days are read and written."""

from __future__ import annotations

import datetime as dt
import re

# Years outside this range are almost surely typing mistakes (2062 for 2026).
MIN_YEAR = 1970
MAX_YEAR = 2199

_WEEKDAYS = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
}
_OFFSET = re.compile(r"^([+-])\s*(\d{1,4})\s*([dwb]?)$")

DATE_HELP = ("YYYY-MM-DD, today, tomorrow, yesterday, a weekday (fri = the next Friday), "
             "or +3d / +2w / +4b")


_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def format_day(d: dt.date, with_year: bool = False) -> str:
    """The day as "Fri 27 Nov", or "Fri 27 Nov 2026" with the year, in every locale."""
    text = f"{_DAY_NAMES[d.weekday()][:3]} {d.day} {_MONTH_NAMES[d.month - 1][:3]}"
    return f"{text} {d.year}" if with_year else text


def long_date(day: dt.date) -> str:
    """`Thursday 26 November`, in English whatever the locale (for messages)."""
    return f"{_DAY_NAMES[day.weekday()]} {day.day} {_MONTH_NAMES[day.month - 1]}"


def weekday_name(day: dt.date) -> str:
    """`Thursday`."""
    return _DAY_NAMES[day.weekday()]


def now() -> dt.datetime:
    """The one clock: the local time to the second. The app, the repository and every
    command take theirs from here unless a test hands them a fixed one."""
    return dt.datetime.now().replace(microsecond=0)


def today() -> dt.date:
    return now().date()


class DateError(ValueError):
    """A date the user typed could not be understood. The message says how to write one."""


def parse_date(text: str, today: dt.date) -> dt.date:
    """Understand a date as a user would type it, relative to `today`.

    A weekday name means the next such day after today (`fri` typed on a Friday
    is the Friday a week later). `+3d` is three days on, `+2w` two weeks, and
    `+4b` four business days.
    """
    cleaned = " ".join(str(text).split()).lower()
    if not cleaned:
        raise DateError(f"enter a date: {DATE_HELP}")
    if cleaned == "today":
        return today
    if cleaned == "tomorrow":
        return today + dt.timedelta(days=1)
    if cleaned == "yesterday":
        return today - dt.timedelta(days=1)
    if cleaned in _WEEKDAYS:
        ahead = (_WEEKDAYS[cleaned] - today.weekday()) % 7 or 7
        return today + dt.timedelta(days=ahead)
    match = _OFFSET.match(cleaned)
    if match:
        sign = 1 if match.group(1) == "+" else -1
        amount = int(match.group(2))
        unit = match.group(3) or "d"
        try:
            if unit == "b":
                result = _add_business_days(today, sign * amount)
            else:
                days = amount * (7 if unit == "w" else 1)
                result = today + dt.timedelta(days=sign * days)
        except OverflowError as exc:
            raise DateError(f"{text!r} is too far away") from exc
        return _in_range(result, text)
    try:
        result = dt.date.fromisoformat(cleaned)
    except ValueError:
        raise DateError(f"{str(text)!r} is not a date: use {DATE_HELP}") from None
    return _in_range(result, text)


def _in_range(result: dt.date, text: str) -> dt.date:
    if not MIN_YEAR <= result.year <= MAX_YEAR:
        raise DateError(
            f"{str(text)!r} is in the year {result.year}: "
            f"use a date from {MIN_YEAR} to {MAX_YEAR}"
        )
    return result


def _add_business_days(day: dt.date, n: int) -> dt.date:
    step = 1 if n >= 0 else -1
    remaining = abs(n)
    while remaining:
        day += dt.timedelta(days=step)
        if day.weekday() < 5:
            remaining -= 1
    return day


def parse_time(text: str) -> dt.time:
    cleaned = str(text).strip().lower()
    match = re.fullmatch(r"(\d{1,2})(?::(\d{2}))?\s*(am|pm)?", cleaned)
    if not match:
        raise DateError(f"{str(text)!r} is not a time: use HH:MM (24-hour) or 2:30pm")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if match.group(3):
        if not 1 <= hour <= 12:
            raise DateError(f"{str(text)!r} is not a time: the hour must be 1 to 12 with am/pm")
        hour = hour % 12 + (12 if match.group(3) == "pm" else 0)
    if hour > 23 or minute > 59:
        raise DateError(f"{str(text)!r} is not a time: use HH:MM (24-hour) or 2:30pm")
    return dt.time(hour, minute)
