"""People typed on one line: `Dana Lee <dana@acme.com>`, `Dana Lee`, `dana@acme.com`."""

from __future__ import annotations

import pytest

from store.contacts import ContactError, looks_like_email, parse_people, parse_person


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dana Lee <dana@acme.com>", ("Dana Lee", "dana@acme.com")),
        ("  Dana Lee   <dana@acme.com>  ", ("Dana Lee", "dana@acme.com")),
        ("Dana Lee<dana@acme.com>", ("Dana Lee", "dana@acme.com")),
        ('"Dana Lee" <dana@acme.com>', ("Dana Lee", "dana@acme.com")),
        ("Dana Lee < dana@acme.com >", ("Dana Lee", "dana@acme.com")),
        ("Dana Lee", ("Dana Lee", "")),
        ("  Dana  ", ("Dana", "")),
        ("dana@acme.com", ("dana", "dana@acme.com")),
        ("<dana@acme.com>", ("dana", "dana@acme.com")),
        ("José Núñez <jose@example.es>", ("José Núñez", "jose@example.es")),
        ("Sam O'Brien", ("Sam O'Brien", "")),
    ],
)
def test_parse_person(text: str, expected: tuple[str, str]) -> None:
    assert parse_person(text) == expected


@pytest.mark.parametrize("text", ["", "   "])
def test_an_empty_person_is_refused_showing_the_form(text: str) -> None:
    with pytest.raises(ContactError, match="Name <email>"):
        parse_person(text)


@pytest.mark.parametrize("text", ["Dana <not-an-email>", "Dana <dana@acme>", "Dana <a b@c.d>"])
def test_a_bad_email_in_brackets_is_named(text: str) -> None:
    with pytest.raises(ContactError, match="does not look like an email|Name <email>"):
        parse_person(text)


@pytest.mark.parametrize("text", ["Dana <dana@acme.com", "Dana dana@acme.com>",
                                  "Dana <a@b.co> <c@d.co>"])
def test_stray_brackets_are_refused(text: str) -> None:
    with pytest.raises(ContactError):
        parse_person(text)


def test_contact_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        parse_person("")


def test_parse_people_splits_on_commas_and_semicolons() -> None:
    assert parse_people("Dana Lee <dana@acme.com>, Sam Ortiz; pat@x.org") == [
        ("Dana Lee", "dana@acme.com"), ("Sam Ortiz", ""), ("pat", "pat@x.org")]


def test_parse_people_ignores_empty_parts() -> None:
    assert parse_people(" , Dana ;; ,") == [("Dana", "")]
    assert parse_people("") == []


def test_parse_people_keeps_a_quoted_name_with_a_comma_together() -> None:
    # How mail programs write "Last, First": one person, not two.
    assert parse_people('"Lee, Dana" <dana@acme.com>, Sam') == [
        ("Lee, Dana", "dana@acme.com"), ("Sam", "")]


def test_parse_people_reports_the_bad_one() -> None:
    with pytest.raises(ContactError, match="nope"):
        parse_people("Dana, Sam <nope>")


@pytest.mark.parametrize(("text", "expected"), [
    ("dana@acme.com", True), (" dana@acme.com ", True), ("dana@acme", False),
    ("Dana Lee", False), ("a@b@c.d", False), ("", False)])
def test_looks_like_email(text: str, expected: bool) -> None:
    assert looks_like_email(text) is expected
