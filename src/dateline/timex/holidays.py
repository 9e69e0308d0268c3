"""Holidays: fixed days ("Christmas"), n-th weekdays of a month ("Thanksgiving") and days
counted from Easter ("Good Friday"); their weeks and weekends ("Easter week")."""

from __future__ import annotations

from datetime import date, timedelta

from dateline.model import Granularity
from dateline.timex import lexicon as lx
from dateline.timex.choice import choose
from dateline.timex.context import (
    Context,
    Groups,
    Normaliser,
    Resolution,
    cap_ok,
    key,
    lookup,
    mod_of,
    year_number,
)
from dateline.timex.grammar import Kind
from dateline.timex.lexicon import HolidayForm
from dateline.timex.tense import FUTURE, PAST, tense_at
from dateline.timex.values import day_value, week_value

__all__ = ["KINDS", "holiday_date"]


def _easter(year: int) -> date:
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


def holiday_date(name: str, year: int) -> date | None:
    """The date of a holiday of :data:`lexicon.HOLIDAYS` in ``year``."""
    spec = lookup(lx.HOLIDAYS, name)
    if spec is None:
        return None
    form, a, b, c = spec
    if form is HolidayForm.FIXED:
        return date(year, a, b)
    if form is HolidayForm.ON_AFTER:
        first = date(year, a, c)
        return first + timedelta(days=(b - first.isoweekday()) % 7)
    return _easter(year) + timedelta(days=a)


def _holiday(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    name = groups["holiday"]
    if not cap_ok(name):
        return None
    anchor = ctx.anchor
    if "year" in groups:
        d = holiday_date(name, year_number(ctx, groups["year"]))
        return _holiday_period(d, groups) if d else None
    cands = []
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        d = holiday_date(name, y)
        if d:
            cands.append((d, d + timedelta(days=1), day_value(d)))
    direction = lookup(lx.DIRECTIONS, groups.get("dir", ""))
    tense = tense_at(ctx, start, end) if direction is None else (PAST if direction == -1 else FUTURE)
    value = choose(cands, anchor, tense, ctx.policy)
    return _holiday_period(date.fromisoformat(value), groups) if value else None


def _holiday_period(d: date, groups: Groups) -> Resolution:
    """The holiday's day; "Easter week" is the (ISO) week that holds it, "Thanksgiving
    weekend" the weekend that follows it in its week, or precedes it when it falls early
    in the week ("Christmas weekend" when Christmas is a Monday)."""
    unit = key(groups.get("hweek", ""))
    if unit == "week":
        return Resolution(week_value(d), granularity=Granularity.WEEK, mod=mod_of(groups))
    if unit == "weekend":
        saturday = d + timedelta(days=5 - d.weekday()) if d.weekday() >= 3 else d - timedelta(days=d.weekday() + 2)
        return Resolution(f"{week_value(saturday)}-WE", granularity=Granularity.WEEK, mod=mod_of(groups))
    return Resolution(day_value(d), mod=mod_of(groups))


KINDS: dict[Kind, Normaliser] = {Kind.HOLIDAY: _holiday}
