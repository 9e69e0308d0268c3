"""Choosing among candidate periods (the same day, month, season or holiday in neighbouring
years) by the tense of the clause and nearness to the anchor, as the
:class:`~dateline.timex.policy.Policy` says."""

from __future__ import annotations

from datetime import date, timedelta

from dateline.timex.policy import Policy
from dateline.timex.tense import FUTURE, PAST, SINCE, UNKNOWN, Tense
from dateline.timex.values import add_months, month_value

__all__ = ["Candidate", "choose", "month_candidates"]

#: A candidate period: (first day, day after the last, TIMEX3 value).
Candidate = tuple[date, date, str]


def _distance(c: Candidate, anchor: date, policy: Policy) -> int:
    if c[0] <= anchor < c[1]:
        return 0
    if c[0] > anchor:
        return (c[0] - anchor).days + policy.past_bias_days
    return (anchor - c[1]).days + 1


def choose(cands: list[Candidate], anchor: date, tense: Tense, policy: Policy,
           future_window: int | None = None) -> str | None:
    """Pick one of ``cands`` (one per year around the anchor's year, sorted): the anchor
    year's one, unless the tense points the other way (past tense and it lies after the
    anchor, future tense and it is over), in which case the neighbour in that direction;
    with no tense, the nearest (with a bias to the past), leaving out candidates that start
    more than ``future_window`` days after the anchor."""
    if not cands:
        return None
    if tense is UNKNOWN:
        pool = cands
        if future_window is not None:
            limit = anchor + timedelta(days=future_window)
            pool = [c for c in cands if c[0] <= limit] or cands
        return min(pool, key=lambda c: _distance(c, anchor, policy))[2]
    this = [c for c in cands if c[0].year == anchor.year] or cands
    c = this[0]
    slack = timedelta(days=policy.tense_slack_days if (c[1] - c[0]).days <= 1 else policy.month_tense_slack_days)
    if tense is SINCE:
        tense, slack = PAST, timedelta(0)
    if tense is PAST and c[0] > anchor + slack:
        earlier = [x for x in cands if x[0] <= anchor]
        return earlier[-1][2] if earlier else c[2]
    if tense is FUTURE and c[1] + slack <= anchor:
        later = [x for x in cands if x[1] > anchor]
        return later[0][2] if later else c[2]
    return min((x for x in cands if x[0] <= anchor + slack and x[1] + slack > anchor),
               key=lambda x: _distance(x, anchor, policy), default=c)[2]


def month_candidates(anchor: date, month: int, years: int) -> list[Candidate]:
    """Month ``month`` of each year within ``years`` of the anchor's, in order; a month whose
    end is past 9999 is left out (and years before 1 do not exist)."""
    out = []
    for y in range(max(1, anchor.year - years), min(9999, anchor.year + years) + 1):
        first = date(y, month, 1)
        if y < 9999 or month < 12:
            out.append((first, add_months(first, 1), month_value(y, month)))
    return out
