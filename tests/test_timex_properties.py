"""Properties of the tagger over generated text (hypothesis)."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.timex import tag
from dateline.timex.engine import Stats
from dateline.timex.engine import tag as tag_counted
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

#: Calendar names after a direction or modifier: what resolves differently depending on
#: where the anchor lies in its year ("next January" anchored on December 30).
DIRECTION_WORDS = ["last", "next", "this", "this past", "the coming", "the following", "the previous",
                   "early", "late", "mid-", "the end of", "since", "until", "by", ""]
CALENDAR_NAMES = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Dec.", "Monday", "Wednesday", "Saturday", "Sunday",
    "spring", "summer", "fall", "winter", "Christmas", "New Year's Day", "New Year's Eve",
    "Thanksgiving", "Easter", "Good Friday", "week", "weekend", "month", "quarter",
    "fourth quarter", "first half", "year", "decade", "century", "29th", "Feb. 29", "Dec. 31",
    "Jan. 1", "31st of December",
]
phrases = st.builds(
    lambda d, name, year: " ".join(p for p in (d, name, year) if p),
    st.sampled_from(DIRECTION_WORDS), st.sampled_from(CALENDAR_NAMES),
    st.sampled_from(["", "", "", "next year", "last year", "2012", "of last year"]),
)

texts = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), phrases, st.text(max_size=6)), max_size=30
).map(" ".join)


def _near_new_year(year: int, offset: int) -> date:
    """A day within a month either side of January 1 of ``year`` (clipped to the calendar)."""
    return date.fromordinal(min(max(date(year, 1, 1).toordinal() + offset, 1), date.max.toordinal()))


#: Anchors anywhere in the calendar (years 1-9999), with extra weight at the turn of a year
#: and at the calendar's edges, where "last December"/"next January" need other years.
anchors = st.one_of(
    st.dates(),
    st.builds(_near_new_year, st.integers(1, 9999), st.integers(-31, 31)),
    st.dates(max_value=date(1, 3, 1)),
    st.dates(min_value=date(9999, 10, 1)),
)


@settings(max_examples=300, deadline=None)
@given(texts, anchors)
def test_spans_values_and_order(text: str, anchor: date) -> None:
    stats = Stats()
    found = tag_counted(text, anchor, stats)
    assert stats.errors == 0  # no normaliser raised (the engine would have skipped the match)
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


FRAMES = ["He left {}.", "We will meet {}.", "{}", "Since {} prices rose.", "It lasts until {}."]


@settings(max_examples=2000, deadline=None)
@given(st.sampled_from(FRAMES), st.sampled_from(DIRECTION_WORDS[:6]), st.sampled_from(CALENDAR_NAMES[:31]),
       anchors)
def test_calendar_names_resolve_against_any_anchor(frame: str, direction: str, name: str, anchor: date) -> None:
    """One directed calendar name per text, so many more anchors are tried per name."""
    text = frame.format(f"{direction} {name}")
    stats = Stats()
    found = tag_counted(text, anchor, stats)
    assert stats.errors == 0
    for t in found:
        assert VALUE_GRAMMAR.fullmatch(t.value), t
        assert text[t.start : t.end] == t.text
