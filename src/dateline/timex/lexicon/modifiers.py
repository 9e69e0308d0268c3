"""The words around the head of an expression: directions ("last", "next"), modifiers
("early", "more than"), offsets ("ago"), anaphora ("that day"), and the words an expression
may open with."""

from __future__ import annotations

from enum import StrEnum

from dateline.model import Granularity

__all__ = [
    "ANAPHORIC_DIRECTIONS",
    "ANAPHORIC_STEPS",
    "ANAPHORIC_UNITS",
    "APPROX_SUFFIXES",
    "BEFORE_AFTER",
    "DATE_MODIFIERS",
    "DAY_RANGE_CONNECTORS",
    "DETERMINERS",
    "DIRECTIONS",
    "EXTRA_HEADS",
    "FUTURE_POINT_PREPOSITIONS",
    "INDEFINITE_ARTICLES",
    "Mod",
    "OFFSET_WORDS",
    "OPENING_WORDS",
    "OR_SO_WORDS",
    "OTHER_QUARTER_DIRECTIONS",
    "PAST_DIRECTION_WORDS",
    "PERIOD_END_WORDS",
    "PREPOSITION_DIRECTIONS",
    "QUANTITY_MODIFIERS",
    "SPAN_BEFORE_WORDS",
    "YEAR_DIRECTIONS",
]


class Mod(StrEnum):
    """TIMEX3 ``mod`` values the tagger gives."""

    START = "START"
    MID = "MID"
    END = "END"
    APPROX = "APPROX"
    MORE_THAN = "MORE_THAN"
    LESS_THAN = "LESS_THAN"
    EQUAL_OR_MORE = "EQUAL_OR_MORE"
    EQUAL_OR_LESS = "EQUAL_OR_LESS"


#: "last/next/this" -> offset of the period from the one containing the anchor.
DIRECTIONS: dict[str, int] = {
    "last": -1, "past": -1, "previous": -1, "preceding": -1, "prior": -1,
    "this": 0, "current": 0, "present": 0, "the current": 0, "this past": -1,
    "next": 1, "coming": 1, "following": 1, "upcoming": 1, "this coming": 1,
    "the coming": 1, "the next": 1, "the following": 1, "the previous": -1,
    "the past": -1, "the last": -1,
}

#: "this/last/next year" (after a month, a season or a quarter) -> offset in years from the
#: anchor's year; any other word (as "the" in "the third quarter of the year") is this year.
YEAR_DIRECTIONS: dict[str, int] = {"this": 0, "last": -1, "next": 1}

#: Words that make "<word> <units>" a reference to the past ("recent years", "the past
#: weeks"); the other directions refer to the future ("the coming months").
PAST_DIRECTION_WORDS: frozenset[str] = frozenset({
    "recent", "past", "last", "previous", "preceding", "prior", "this past", "the past",
    "the last", "the previous",
})

#: Directions that, bare before a weekday, are prepositions ("following Tuesday's
#: earthquake"); "the following Tuesday" is still a date.
PREPOSITION_DIRECTIONS: frozenset[str] = frozenset({"following", "previous", "preceding", "prior"})

#: Directions before "quarter" that name a quarter other than the one a company report is
#: about ("next quarter"); "this quarter" and "the quarter" are that one.
OTHER_QUARTER_DIRECTIONS: frozenset[str] = frozenset({"next", "last", "past", "the past", "the last"})

#: "the year before", "the day after" -> the direction counted from the period narrated.
BEFORE_AFTER: dict[str, int] = {"before": -1, "earlier": -1, "after": 1, "later": 1}

#: Words after "the year" or "the fiscal year" that make it the length of a fiscal year
#: ("the year ended Aug. 31": ``P1Y``).
PERIOD_END_WORDS: frozenset[str] = frozenset({"ended", "ending", "ends", "that ended"})

#: Words after "or" that make "the next day" count from now: "in the next day or two".
OR_SO_WORDS: frozenset[str] = frozenset({"two", "so", "three", "more"})

#: Words between two day numbers of a month ("April 24 and 25", "March 3 to 5").
DAY_RANGE_CONNECTORS: frozenset[str] = frozenset({"and", "or", "to", "through", "thru", "till", "until"})

#: Articles that are the number 1 before a unit ("a year"): a rate after an amount ("$5
#: million a year").
INDEFINITE_ARTICLES: frozenset[str] = frozenset({"a", "an"})

#: Anaphoric references to the time the text is narrating: "that day", "later that year",
#: "the next morning". Unit word -> the granularities of an earlier timex it can refer to
#: (nearest first). "the same day" is left out: it mostly refers to an event ("the same day
#: he resigned"), not to a date.
ANAPHORIC_UNITS: dict[str, tuple[Granularity, ...]] = {
    "day": (Granularity.DAY, Granularity.TIME),
    "morning": (Granularity.DAY, Granularity.TIME),
    "afternoon": (Granularity.DAY, Granularity.TIME),
    "evening": (Granularity.DAY, Granularity.TIME),
    "night": (Granularity.DAY, Granularity.TIME),
    "week": (Granularity.WEEK, Granularity.DAY, Granularity.TIME),
    "weekend": (Granularity.WEEK, Granularity.DAY, Granularity.TIME),
    "month": (Granularity.MONTH, Granularity.DAY, Granularity.TIME),
    "quarter": (Granularity.QUARTER, Granularity.MONTH, Granularity.DAY),
    "year": (Granularity.YEAR, Granularity.QUARTER, Granularity.HALF, Granularity.MONTH,
             Granularity.WEEK, Granularity.DAY, Granularity.TIME),
}

#: "the next/following/previous day": the day after/before the one being narrated.
ANAPHORIC_STEPS: dict[str, int] = {"next": 1, "following": 1, "previous": -1, "preceding": -1}

#: Directions that count from the date last mentioned, not from the anchor.
ANAPHORIC_DIRECTIONS: frozenset[str] = frozenset({
    "following", "the following", "previous", "the previous", "preceding", "prior",
})

#: Determiners that belong to the noun phrase, not to an adjectival time expression
#: ("a [[five-year]] plan", "the [[third-quarter]] loss").
DETERMINERS: frozenset[str] = frozenset({"a", "an", "the", "its", "their", "his", "her", "our", "your"})

#: Offset words after an amount: "two days ago", "a year earlier", "a week from now".
#: ("later", "before" and "after" are left out: TimeML annotates "three days later" and
#: "two days before the vote" as a duration, the other word being a signal.)
OFFSET_WORDS: dict[str, int] = {"ago": -1, "earlier": -1, "from now": 1, "hence": 1}

#: A preposition before an amount of time that, in a future clause, makes it the date that
#: far ahead ("will be redeemed in five years" -> the year five years on), not a length.
FUTURE_POINT_PREPOSITIONS: frozenset[str] = frozenset({"in"})

#: Words shortly before such a phrase that make it a span looked back over ("the first time
#: in thirty years", "its steepest drop in 80 years"); so do superlatives in "-est".
SPAN_BEFORE_WORDS: frozenset[str] = frozenset({
    "first", "last", "only", "most", "least", "best", "worst", "record", "ever", "time",
})

#: Date modifiers before a date: "early", "the end of" ... -> TIMEX3 mod.
DATE_MODIFIERS: dict[str, Mod] = {
    "early": Mod.START, "earlier": Mod.START, "the beginning of": Mod.START, "the start of": Mod.START,
    "beginning of": Mod.START, "start of": Mod.START, "the early part of": Mod.START,
    "the dawn of": Mod.START, "the first part of": Mod.START,
    "mid": Mod.MID, "mid-": Mod.MID, "the middle of": Mod.MID, "middle of": Mod.MID, "the mid": Mod.MID,
    "late": Mod.END, "later": Mod.END, "the end of": Mod.END, "end of": Mod.END, "the close of": Mod.END,
    "the latter part of": Mod.END, "the last part of": Mod.END, "the tail end of": Mod.END,
    "the rest of": Mod.END, "the remainder of": Mod.END, "the balance of": Mod.END,
    "around": Mod.APPROX, "approximately": Mod.APPROX, "roughly": Mod.APPROX,
}

#: Quantity modifiers before a duration: "more than two years" -> MORE_THAN.
QUANTITY_MODIFIERS: dict[str, Mod] = {
    "around": Mod.APPROX, "approximately": Mod.APPROX, "roughly": Mod.APPROX,
    "some": Mod.APPROX, "an estimated": Mod.APPROX, "nearly": Mod.APPROX,
    "close to": Mod.APPROX, "just over": Mod.MORE_THAN, "just under": Mod.LESS_THAN,
    "more than": Mod.MORE_THAN, "longer than": Mod.MORE_THAN,
    "less than": Mod.LESS_THAN, "fewer than": Mod.LESS_THAN,
    "shorter than": Mod.LESS_THAN,
    "at least": Mod.EQUAL_OR_MORE, "no less than": Mod.EQUAL_OR_MORE, "at most": Mod.EQUAL_OR_LESS,
    "no more than": Mod.EQUAL_OR_LESS, "up to": Mod.EQUAL_OR_LESS, "as long as": Mod.EQUAL_OR_MORE,
    "as many as": Mod.EQUAL_OR_LESS, "as much as": Mod.EQUAL_OR_LESS,
}

#: Words after an amount that make it approximate: "two years or so".
APPROX_SUFFIXES: dict[str, Mod] = {
    "or so": Mod.APPROX, "or more": Mod.EQUAL_OR_MORE, "or longer": Mod.EQUAL_OR_MORE,
    "plus": Mod.EQUAL_OR_MORE,
}

#: Words an expression may open with before its head word, besides the words of the
#: direction, modifier, number, weekday, holiday and reference tables (the engine walks back
#: over them from a trigger: "[the third] quarter", "[more than two] weeks").
OPENING_WORDS: frozenset[str] = frozenset({
    "the", "of", "fiscal", "calendar", "other", "once", "twice", "times", "latest",
    "same", "most", "recent", "first", "final", "initial", "remaining", "entire", "full",
    "each", "every", "per", "its", "their", "his", "her", "more", "additional", "long",
    "and", "mid", "model", "school", "financial", "at", "on", "straight", "consecutive",
    "trading", "business", "year", "that", "yesterday", "tomorrow", "today", "tonight",
    "half", "year-ago", "year-earlier", "comparable", "corresponding", "our", "your", "in",
})

#: Head words that rules spell out in their patterns rather than take from a table above
#: ("the first [half]", "[o'clock]", "every [Mondays]" ...): the engine's trigger scan
#: looks for these too.
EXTRA_HEADS: tuple[str, ...] = (
    "term", "half", "period", "thousand", "o'clock", "weekday", "weekdays", "mondays",
    "tuesdays", "wednesdays", "thursdays", "fridays", "saturdays", "sundays",
    "christmas", "easter", "thanksgiving", "halloween", "eve",
)
