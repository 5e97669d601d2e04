"""Dates and times as a user types them on the command line or in a form."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store.dates import MAX_YEAR, MIN_YEAR, DateError, parse_date, parse_time

THURSDAY = dt.date(2026, 11, 26)
FRIDAY = dt.date(2026, 11, 27)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", THURSDAY),
        ("  Today ", THURSDAY),
        ("TOMORROW", FRIDAY),
        ("yesterday", dt.date(2026, 11, 25)),
        ("2026-12-01", dt.date(2026, 12, 1)),
        (" 2026-12-01 ", dt.date(2026, 12, 1)),
        ("+3d", dt.date(2026, 11, 29)),
        ("+3", dt.date(2026, 11, 29)),
        ("-3d", dt.date(2026, 11, 23)),
        ("+2w", dt.date(2026, 12, 10)),
        ("+0d", THURSDAY),
        # Thursday + 4 business days skips Saturday and Sunday: Wednesday.
        ("+4b", dt.date(2026, 12, 2)),
        ("+1b", FRIDAY),
        ("+2b", dt.date(2026, 11, 30)),
        ("-4b", dt.date(2026, 11, 20)),
    ],
)
def test_parse_date_understands_what_people_type(text: str, expected: dt.date) -> None:
    assert parse_date(text, THURSDAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("fri", FRIDAY),
        ("Friday", FRIDAY),
        ("sat", dt.date(2026, 11, 28)),
        ("mon", dt.date(2026, 11, 30)),
        ("tue", dt.date(2026, 12, 1)),
        ("wednesday", dt.date(2026, 12, 2)),
        # The same weekday as today means the one a week later, never today.
        ("thu", dt.date(2026, 12, 3)),
        ("thursday", dt.date(2026, 12, 3)),
    ],
)
def test_weekday_names_mean_the_next_such_day(text: str, expected: dt.date) -> None:
    assert parse_date(text, THURSDAY) == expected


def test_business_days_from_a_friday_skip_the_weekend() -> None:
    assert parse_date("+1b", FRIDAY) == dt.date(2026, 11, 30)
    assert parse_date("+5b", FRIDAY) == dt.date(2026, 12, 4)


def test_business_days_from_a_saturday_start_on_monday() -> None:
    saturday = dt.date(2026, 11, 28)
    assert parse_date("+1b", saturday) == dt.date(2026, 11, 30)


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)),
       st.integers(min_value=1, max_value=60))
def test_business_day_offsets_always_land_on_a_weekday(today: dt.date, n: int) -> None:
    result = parse_date(f"+{n}b", today)
    assert result.weekday() < 5
    assert result > today
    weekdays = sum(1 for k in range(1, (result - today).days + 1)
                   if (today + dt.timedelta(days=k)).weekday() < 5)
    assert weekdays == n


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)),
       st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]))
def test_a_weekday_is_always_one_to_seven_days_ahead(today: dt.date, name: str) -> None:
    result = parse_date(name, today)
    assert 1 <= (result - today).days <= 7
    assert result.strftime("%a").lower() == name


@pytest.mark.parametrize("text", ["1969-12-31", "0001-01-01", f"{MAX_YEAR + 1}-01-01",
                                  "2262-11-26"])
def test_years_out_of_range_are_refused_with_the_range(text: str) -> None:
    with pytest.raises(DateError) as err:
        parse_date(text, THURSDAY)
    message = str(err.value)
    assert str(MIN_YEAR) in message and str(MAX_YEAR) in message
    assert text in message


def test_offsets_that_leave_the_range_are_refused() -> None:
    with pytest.raises(DateError, match=str(MAX_YEAR)):
        parse_date("+9999w", THURSDAY)


def test_edge_years_are_accepted() -> None:
    assert parse_date(f"{MIN_YEAR}-01-01", THURSDAY) == dt.date(MIN_YEAR, 1, 1)
    assert parse_date(f"{MAX_YEAR}-12-31", THURSDAY) == dt.date(MAX_YEAR, 12, 31)


@pytest.mark.parametrize("text", ["next friday", "2026-13-01", "2026-02-30", "soon", "+3x",
                                  "26/11/2026", "fri day", "\x1b[31m"])
def test_garbage_is_refused_with_the_text_and_how_to_write_a_date(text: str) -> None:
    with pytest.raises(DateError) as err:
        parse_date(text, THURSDAY)
    message = str(err.value)
    assert repr(text) in message
    assert "YYYY-MM-DD" in message and "+3d" in message


@pytest.mark.parametrize("text", ["", "   "])
def test_an_empty_date_asks_for_one(text: str) -> None:
    with pytest.raises(DateError, match="enter a date"):
        parse_date(text, THURSDAY)


def test_date_error_is_a_value_error() -> None:
    # Callers that only know ValueError (argparse types, form validators) still catch it.
    with pytest.raises(ValueError):
        parse_date("nope", THURSDAY)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14:30", dt.time(14, 30)),
        ("9:05", dt.time(9, 5)),
        ("09:05", dt.time(9, 5)),
        ("0:00", dt.time(0, 0)),
        ("23:59", dt.time(23, 59)),
        ("14", dt.time(14, 0)),
        ("2:30pm", dt.time(14, 30)),
        ("2:30 PM", dt.time(14, 30)),
        (" 2pm ", dt.time(14, 0)),
        ("12am", dt.time(0, 0)),
        ("12pm", dt.time(12, 0)),
        ("12:15am", dt.time(0, 15)),
        ("11:59pm", dt.time(23, 59)),
    ],
)
def test_parse_time(text: str, expected: dt.time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["24:00", "12:60", "13pm", "0am", "2:3", "noon", "", "14:30:00",
                                  "1430", "-1:00"])
def test_parse_time_refuses_with_how_to_write_one(text: str) -> None:
    with pytest.raises(DateError) as err:
        parse_time(text)
    assert repr(text) in str(err.value)
    assert "HH:MM" in str(err.value) or "1 to 12" in str(err.value)
