"""The one cleaner, for many texts at once (`store.text.one_lines`).

`followup today` cleans each company, role, id and name on its agenda (tens of
thousands) through `one_lines`, which looks at them all at once first: whatever the
texts, it must give exactly what `one_line` gives each of them.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from store.text import one_line, one_lines

# Plain text mostly, with what the quick look must not miss: spaces at the ends and
# twice, the separator it joins with, controls, line breaks, bidi marks, non-ASCII.
pieces = st.one_of(
    st.sampled_from(["Acme", "Ada Lovelace", " ", "  ", "|", " |", "| ", "\x1b[31m", "\n",
                     "\t", "\x85", "\u202e", "é", "日本", "\x7f", ""]),
    st.text(max_size=6))
texts = st.lists(st.lists(pieces, max_size=4).map("".join), max_size=8)


@settings(max_examples=500, deadline=None)
@given(texts)
def test_many_texts_are_cleaned_as_each_would_be(values: list[str]) -> None:
    assert one_lines(values) == [one_line(value) for value in values]


def test_text_with_nothing_to_clean_is_given_back_as_it_is() -> None:
    values = ["Acme Corp", "Staff Engineer", "000185", "", "Lee Ortiz"]
    assert one_lines(values) == values
    assert one_lines(["Acme ", "Corp"]) == ["Acme", "Corp"]
    assert one_lines(["Acme", " Corp"]) == ["Acme", "Corp"]
    assert one_lines(["a\x1b]0;x\x07b"]) == [one_line("a\x1b]0;x\x07b")] != ["a\x1b]0;x\x07b"]
