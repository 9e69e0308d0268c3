"""Choosing among candidate periods (the same month or day in neighbouring years) by tense
and nearness."""

from __future__ import annotations

from datetime import date, timedelta

from dateline.timex.tense import FUTURE, PAST, SINCE, UNKNOWN
from dateline.timex.values import (
    add_months,
    month_value,
)

#: How many days nearer a future candidate must be than a past one to be preferred when
#: the tense says nothing (news reports more past than future).
PAST_BIAS_DAYS = 31


#: The tense overrides the nearest reading of a day only when it is further than this from
#: the anchor in the other direction (tense cues are noisy; "extended to Nov. 16" is future).
TENSE_SLACK_DAYS = 60


#: The same for months and longer periods: a month that starts within this many days of the
#: anchor is not moved a year by the tense ("was planned for early March" in February).
MONTH_TENSE_SLACK_DAYS = 31


#: With no tense cue, a weekday is the past one unless the next one is this many days
#: nearer (news mostly reports what happened).
UNKNOWN_WEEKDAY_BIAS = 2


#: A weekday in a past clause is at most this many days before the anchor; the one that
#: would be further back is the coming one ("Protesters planned a demonstration on Saturday"
#: on a Friday is tomorrow). News does not name a day most of a week ago by its bare
#: weekday, and the clause's cue is then more often a missed future ("ahead of Thursday's
#: testimony") or a publication date that lags the text (a live page dated the day before
#: its last update).
PAST_WEEKDAY_MAX_BACK = 5


#: With no tense cue, a month-day is read as ahead of the anchor only when it is at most
#: this many days ahead; further ahead, the past one is meant ("February 24 - militias take
#: Misrata" in a chronology published in October). News announces the near future by day
#: ("see you on Nov. 4"); a day months ahead comes with a cue ("is due on", "will").
UNKNOWN_FUTURE_WINDOW_DAYS = 60


def _distance(c: tuple[date, date, str], anchor: date) -> int:
    if c[0] <= anchor < c[1]:
        return 0
    if c[0] > anchor:
        return (c[0] - anchor).days + PAST_BIAS_DAYS
    return (anchor - c[1]).days + 1


def choose(cands: list[tuple[date, date, str]], anchor: date, tense: int,
            future_window: int | None = None) -> str | None:
    """Pick one of ``cands`` (start, end-exclusive, value), one per year around the
    anchor's year, sorted: the anchor year's one, unless the tense points the other way
    (past tense and it lies after the anchor, future tense and it is over), in which case
    the neighbour in that direction; with no tense, the nearest (with a bias to the past),
    leaving out candidates that start more than ``future_window`` days after the anchor."""
    if not cands:
        return None
    if tense == UNKNOWN:
        pool = cands
        if future_window is not None:
            limit = anchor + timedelta(days=future_window)
            pool = [c for c in cands if c[0] <= limit] or cands
        return min(pool, key=lambda c: _distance(c, anchor))[2]
    this = [c for c in cands if c[0].year == anchor.year] or cands
    c = this[0]
    slack = timedelta(days=TENSE_SLACK_DAYS if (c[1] - c[0]).days <= 1 else MONTH_TENSE_SLACK_DAYS)
    if tense == SINCE:
        tense, slack = PAST, timedelta(0)
    if tense == PAST and c[0] > anchor + slack:
        earlier = [x for x in cands if x[0] <= anchor]
        return earlier[-1][2] if earlier else c[2]
    if tense == FUTURE and c[1] + slack <= anchor:
        later = [x for x in cands if x[1] > anchor]
        return later[0][2] if later else c[2]
    return min((x for x in cands if x[0] <= anchor + slack and x[1] + slack > anchor),
               key=lambda x: _distance(x, anchor), default=c)[2]


def _years_around(anchor: date, before: int, after: int) -> range:
    """The years from ``before`` years before the anchor's to ``after`` years after it,
    clipped to the years a ``date`` can have (1-9999)."""
    return range(max(1, anchor.year - before), min(9999, anchor.year + after) + 1)


def month_candidates(anchor: date, month: int, years: int) -> list[tuple[date, date, str]]:
    """Month ``month`` of each year within ``years`` of the anchor's: (first day, first day
    of the next month, value), in order; a month whose end is past 9999 is left out."""
    out = []
    for y in _years_around(anchor, years, years):
        first = date(y, month, 1)
        if y < 9999 or month < 12:
            out.append((first, add_months(first, 1), month_value(y, month)))
    return out
