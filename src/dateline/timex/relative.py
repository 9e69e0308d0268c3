"""Expressions that count from another time: from the anchor ("two years ago", "a week from
now") or from a time the text named earlier ("a year earlier" after "the third quarter",
"that day", "later that year", "the next morning", "the year before", "the year-ago
quarter", "the latest period")."""

from __future__ import annotations

import re
from datetime import timedelta

from dateline.model import Granularity, Timex, TimexType
from dateline.timex import lexicon as lx
from dateline.timex.context import (
    Context,
    Groups,
    Normaliser,
    Resolution,
    key,
    lookup,
    mod_of,
    parse_number,
    unit_of,
)
from dateline.timex.grammar import Kind, alternation
from dateline.timex.values import (
    day_value,
    shift,
    shift_years,
    start_of,
    value_at,
    weekend_value,
    year_value,
)

__all__ = ["KINDS"]

_OR_SO = re.compile(r"\s{1,3}or\s{1,3}" + alternation(lx.OR_SO_WORDS) + r"\b", re.I)


def _anaphoric(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    """"that day", "later that year", "the next morning": the time being narrated, i.e. the
    latest date of a fitting granularity found earlier in the text (for "the next/previous
    day", one day after/before it; with no such date, the anchor's day)."""
    if "aunit3" in groups:
        return _period_before_after(ctx, groups)
    unit = key(groups.get("aunit") or groups["aunit2"])
    step = lx.ANAPHORIC_STEPS.get(key(groups.get("astep", "")), 0)
    ref = ctx.latest(lx.ANAPHORIC_UNITS[unit])
    if "astep" in groups and _OR_SO.match(ctx.text, end):
        ref = None  # "in the next day or two": from now
    base = start_of(ref.value.partition("T")[0]) if ref is not None else None
    if base is None:
        if "astep" not in groups:
            return None  # "that day" with nothing to refer to
        base = ctx.anchor
    day = base + timedelta(days=step)
    part = lookup(lx.PARTS_OF_DAY, unit)
    if part is not None:
        return Resolution(f"{day_value(day)}T{part}", TimexType.TIME, granularity=Granularity.TIME,
                          from_reference=ref is not None)
    if unit == "weekend":
        return Resolution(weekend_value(day, 0), granularity=Granularity.WEEK, from_reference=True)
    gran = lx.UNITS[unit][0]
    return Resolution(value_at(day, gran), granularity=gran, from_reference=ref is not None)


def _period_before_after(ctx: Context, groups: Groups) -> Resolution | None:
    """"the year before", "the day after" ending a clause: the period before or after the
    latest date of a fitting granularity found earlier in the text; nothing to refer to, no
    timex (the anchor is not what such a phrase counts from)."""
    unit = key(groups["aunit3"])
    ref = ctx.latest(lx.ANAPHORIC_UNITS[unit])
    base = start_of(ref.value.partition("T")[0]) if ref is not None else None
    if base is None:
        return None
    gran = lx.UNITS[unit][0]
    step = lx.BEFORE_AFTER[key(groups["aside"])]
    return Resolution(value_at(shift(base, step, gran), gran), granularity=gran, from_reference=True)


def _reference_period(ctx: Context) -> Timex | None:
    """The latest quarter/half timex found so far in the text (what "a year earlier" in a
    company report refers back to)."""
    return ctx.latest((Granularity.QUARTER, Granularity.HALF))


def _latest_period(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    """"the latest period" in a company report: the quarter (or half) it reports on; not a
    time expression when the text has named none."""
    ref = _reference_period(ctx)
    return Resolution(ref.value, from_reference=True) if ref is not None else None


def _year_ago(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    """"year-earlier", "the year-ago period": the period under discussion a year before."""
    unit = key(groups["unitadj"])
    anchor = ctx.anchor
    if unit == "year":
        ref = _reference_period(ctx)
        if ref is not None:
            shifted = shift_years(ref.value, -1)
            if shifted:
                return Resolution(shifted, from_reference=True, trim_determiner=True)
        return Resolution(year_value(anchor.year - 1), granularity=Granularity.YEAR, trim_determiner=True)
    gran = Granularity.MONTH if unit == "month" else Granularity.QUARTER
    return Resolution(value_at(shift(anchor, -1, gran), gran), granularity=gran, trim_determiner=True)


def _offset(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    unit = unit_of(groups["unit"])
    direction = lookup(lx.OFFSET_WORDS, groups["off"])
    if unit is None or direction is None or unit == "weekend":
        return None
    mod = mod_of(groups)
    if "num" not in groups:  # "several years ago", "years ago"
        return Resolution("PAST_REF" if direction < 0 else "FUTURE_REF", mod=mod)
    n = parse_number(groups["num"])
    if n is None:
        return None
    anchor = ctx.anchor
    steps = direction * int(n)
    if unit == "year" and n == 1:
        ref = _reference_period(ctx)
        if ref is not None:
            shifted = shift_years(ref.value, steps)
            if shifted:
                return Resolution(shifted, mod=mod, from_reference=True)
    if unit in lx.TIME_UNITS or unit == "night":
        return Resolution(day_value(anchor), mod=mod, granularity=Granularity.DAY)
    gran = lx.UNITS[unit][0]
    if unit == "decade":
        return Resolution(year_value(anchor.year + 10 * steps), mod=mod, granularity=Granularity.YEAR)
    if unit == "century":
        return Resolution(year_value(anchor.year + 100 * steps), mod=mod, granularity=Granularity.YEAR)
    return Resolution(value_at(shift(anchor, steps, gran), gran), mod=mod, granularity=gran)


KINDS: dict[Kind, Normaliser] = {
    Kind.ANAPHORIC: _anaphoric,
    Kind.LATEST_PERIOD: _latest_period,
    Kind.YEAR_AGO: _year_ago,
    Kind.OFFSET: _offset,
}
