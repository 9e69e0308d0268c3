"""Properties of the tagger over generated text (hypothesis)."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.timex import tag
from dateline.timex.timeml import TimeMLDocument, parse_timeml, timeml_string
from dateline.timex.values import VALUE_GRAMMAR

# Pieces of news text that make time expressions likely, mixed with arbitrary text.
FRAGMENTS = [
    "Jan.", "January", "Feb. 30", "May", "march", "Sept.", "24", "31st", "2018", "1998", "0000",
    "99999", "'90s", "1990s", "mid-", ",", " , ", ".", "the", "last", "next", "this", "past",
    "early", "late", "earlier", "about", "more than", "nearly", "two", "a", "several", "2 1/2",
    "twenty-four", "nineteen ninety-six", "week", "weeks", "month", "year", "years", "decade",
    "quarter", "third", "fourth-quarter", "half", "ago", "later", "earlier", "from now", "day",
    "days", "hours", "Monday", "Friday", "weekend", "today", "yesterday", "tomorrow", "tonight",
    "morning", "night", "noon", "midnight", "3", "p.m.", "12:30", "EST", "o'clock", "now",
    "recently", "future", "every", "each", "other", "daily", "annually", "summer", "fall",
    "Christmas", "of", "in", "on", "at", "will", "said", "was", "is set for", "1/24/2018",
    "2018-01-24", "2018-02-30", "Q3", "FY98", "&", "<", ">", "\"", "'", "\n", "-", "/", ":",
]

texts = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), max_size=30
).map(" ".join)
anchors = st.dates(min_value=date(1800, 1, 1), max_value=date(2200, 12, 31))


@settings(max_examples=300, deadline=None)
@given(texts, anchors)
def test_spans_values_and_order(text: str, anchor: date) -> None:
    found = tag(text, anchor)
    previous_end = 0
    for t in found:
        assert 0 <= t.start < t.end <= len(text)
        assert t.start >= previous_end  # sorted and non-overlapping
        previous_end = t.end
        assert text[t.start : t.end] == t.text
        assert VALUE_GRAMMAR.fullmatch(t.value), t
        assert t.anchor == anchor


@settings(max_examples=200, deadline=None)
@given(texts, anchors)
def test_round_trip_through_timeml(text: str, anchor: date) -> None:
    found = tag(text, anchor)
    doc = TimeMLDocument(docid="generated", dct=anchor, text=text)
    again = parse_timeml(timeml_string(doc, found))
    assert again.text == text
    assert again.dct == anchor
    assert [(t.start, t.end, t.text, t.type, t.value, t.mod) for t in again.timexes] == [
        (t.start, t.end, t.text, t.type, t.value, t.mod) for t in found
    ]


@settings(max_examples=100, deadline=None)
@given(texts, anchors)
def test_tagging_is_deterministic(text: str, anchor: date) -> None:
    assert tag(text, anchor) == tag(text, anchor)
