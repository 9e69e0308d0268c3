"""Calendar days: month-day(-year) dates, weekdays, yesterday/today/tomorrow, "the week of",
"the day before", and the second day of "April 24 and 25"; :func:`resolve_day` is also the
day of a time of day (:mod:`dateline.timex.clock`)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from dateline.model import Granularity, Timex, TimexType
from dateline.timex import lexicon as lx
from dateline.timex.choice import choose
from dateline.timex.context import (
    DAY_VALUE,
    Context,
    Groups,
    Normaliser,
    Resolution,
    cap_ok,
    day_number,
    key,
    lookup,
    mod_of,
    month_number,
    year_number,
)
from dateline.timex.grammar import Kind, alternation
from dateline.timex.lexicon import DayPart, Mod
from dateline.timex.tense import FUTURE, PAST, SINCE, UNKNOWN, Tense, tense_at
from dateline.timex.values import day_value, week_value

__all__ = ["KINDS", "coordinated_day", "resolve_day", "weekday_date"]


def resolve_day(ctx: Context, start: int, end: int, groups: Groups, tense: Tense | None = None) -> date | None:
    """The day named by the day part of a match (a month-day(-year), a weekday or
    yesterday/today/tomorrow); ``None`` when the match names no day."""
    anchor = ctx.anchor
    for m_key, d_key, y_key in (("month", "day", "year"), ("month2", "day2", "year2"),
                                ("month3", "dayord3", "year3"), ("month", "dayord", "year"),
                                ("month4", "day4", "year4"), ("month4", "dayord4", "year4")):
        if m_key in groups and d_key in groups:
            month = month_number(groups[m_key])
            if month is None:
                raise ValueError("not a month")
            day = day_number(groups[d_key]) if d_key.startswith("day") and not d_key.startswith("dayord") \
                else lx.ORDINALS[key(groups[d_key])]
            if y_key in groups:
                return date(year_number(ctx, groups[y_key]), month, day)
            ranged = _RANGE_YEAR.match(ctx.text, end)
            if ranged:  # "September 2-6, 2010", "Feb. 15/16, 2011": the range's year
                return date(int(ranged.group(1)), month, day)
            if tense is None:
                tense = UNKNOWN if _is_entry_heading(ctx, start, end) else tense_at(ctx, start, end, UNKNOWN)
            cands = []
            for y in (anchor.year - 1, anchor.year, anchor.year + 1):
                try:
                    d = date(y, month, day)
                except ValueError:
                    continue
                cands.append((d, d + timedelta(days=1), d.isoformat()))
            if not cands:
                raise ValueError("no such day")
            chosen = choose(cands, anchor, tense, ctx.policy, ctx.policy.unknown_future_window_days)
            return date.fromisoformat(chosen or cands[0][2])
    if "wd3" in groups:
        return weekday_date(ctx, start, end, groups["wd3"], groups.get("dir"), tense)
    if "dw" in groups:
        offset = lookup(lx.DAY_WORDS, groups["dw"])
        if offset is None:
            raise ValueError("not a day word")
        return anchor + timedelta(days=offset)
    return None


#: The connector of a second day of the same month ("April 24 [and] 25", "Jan. 3[-]5",
#: "Feb. 15[/]16", "March 3 [to] 5"). Commas are not connectors: "March 3, 4" is too often
#: "March 3, 4 people".
_DAY_CONNECTOR = (r"(?:\s{0,2}(?:-|\u2013|\\?/)\s{0,2}|\s{1,3}" + alternation(lx.DAY_RANGE_CONNECTORS)
                  + r"\s{1,3})")
#: The rest of a day range that ends in a year: "[September 2]-6, 2010", "[Feb. 15]\\/16 , 2011".
_RANGE_YEAR = re.compile(_DAY_CONNECTOR + r"[0-9]{1,2}(?:st|nd|rd|th)?\s{0,2},?\s{0,2}([12][0-9]{3})(?![\w])")

#: A day number that ends an expression (the first day of a coordination).
_ENDS_IN_DAY = re.compile(r"(?<![0-9])([0-9]{1,2})(?:st|nd|rd|th)?$")

#: The second day of a coordination, and what may not follow it (a count, a clock time, a
#: decimal, another month: then the number is not a day of this month).
_SECOND_DAY = re.compile(_DAY_CONNECTOR + r"(?P<day>3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?(?![0-9])"
                         r"(?:\s{0,2},?\s{0,2}(?P<year>[12][0-9]{3})(?![\w]))?")


_NOT_A_DAY_AFTER = re.compile(
    r"\s{0,2}(?:[.,:/-]?[0-9]|%|[ap]\.?m\b|o['\u2019]clock)"
    r"|\s{0,3}(?:[A-Za-z]{1,20}\s{1,3})?(?:" + alternation(lx.UNIT_SPELLINGS) + "|" + alternation(lx.COUNT_NOUNS) + r")(?![A-Za-z])"
    r"|\s{0,3}" + alternation(lx.MONTHS) + r"(?![A-Za-z])", re.I)


def coordinated_day(ctx: Context, first: Timex) -> Timex | None:
    """The second day of "April 24 and 25", "Jan. 3-5", "March 3 to 5, 2011": a timex for
    the day number (and the year after it), in the month and year of ``first`` (a day that
    ends in a day number).

    The year after the second day already applies to the first (:data:`_RANGE_YEAR`). The
    second day must come after the first and exist in the month, and no unit, count or month
    may follow it ("April 24 and 25 people", "March 3 to 5 p.m.", "May 3 and 4 June").
    """
    if first.type != TimexType.DATE or not DAY_VALUE.fullmatch(first.value):
        return None
    m = _ENDS_IN_DAY.search(first.text)
    if m is None or int(m.group(1)) != int(first.value[8:10]):
        return None
    second = _SECOND_DAY.match(ctx.text, first.end)
    if second is None or _NOT_A_DAY_AFTER.match(ctx.text, second.end()):
        return None
    day = int(second.group("day"))
    if day <= int(first.value[8:10]) or (second.group("year") and second.group("year") != first.value[:4]):
        return None
    try:
        d = date(int(first.value[:4]), int(first.value[5:7]), day)
    except ValueError:
        return None
    start, end = second.start("day"), second.end()
    timex = Timex(start=start, end=end, text=ctx.text[start:end], type=TimexType.DATE,
                  value=day_value(d), granularity=Granularity.DAY, anchor=ctx.anchor)
    ctx.saw(timex)
    return timex


_LINE_OPENING = re.compile(r"(?:^|\n)[ \t*\u2022-]{0,4}$")

_ENTRY_SEPARATOR = re.compile(
    r"(?:\s{0,2}\\?/\s{0,2}[0-9]{1,2})?(?:\s{0,2},?\s{0,2}[0-9]{4})?\s{0,3}(?:"
    + "|".join(re.escape(s) for s in lx.ENTRY_SEPARATORS) + r")\s")


def _is_entry_heading(ctx: Context, start: int, end: int) -> bool:
    """Whether the expression heads an entry of a chronology: it opens its line and a dash
    or colon follows it ("February 24 - Anti-government militias take control of Misrata").
    The entry's verbs are in the historic present and say nothing about its tense."""
    return bool(_LINE_OPENING.search(ctx.text, max(0, start - 6), start)) and bool(
        _ENTRY_SEPARATOR.match(ctx.text, end))


def weekday_date(ctx: Context, start: int, end: int, text: str, direction: str | None,
                 tense: Tense | None) -> date:
    """The day a weekday name means: by its direction word ("last Friday"), else by the
    tense of its clause and the policy (a bare "Friday")."""
    if not cap_ok(text):
        raise ValueError("weekday not capitalised")
    wd = lookup(lx.WEEKDAYS, text)
    if wd is None:
        raise ValueError("not a weekday")
    anchor = ctx.anchor
    delta = wd - anchor.isoweekday()  # -6..6: this week's day
    if direction is not None:
        d = lookup(lx.DIRECTIONS, direction)
        k = key(direction)
        if k == "this":
            return anchor + timedelta(days=delta)
        if d == -1:
            back = (anchor.isoweekday() - wd) % 7 or 7
            return anchor - timedelta(days=back)
        if d == 1:
            fwd = (wd - anchor.isoweekday()) % 7 or 7
            return anchor + timedelta(days=fwd)
    if tense is None:
        tense = tense_at(ctx, start, end)
    back = (anchor.isoweekday() - wd) % 7
    fwd = (wd - anchor.isoweekday()) % 7
    if tense is FUTURE:
        return anchor + timedelta(days=fwd)
    if tense is SINCE or (tense is PAST and back <= ctx.policy.past_weekday_max_back):
        return anchor - timedelta(days=back)
    if tense is PAST:
        return anchor + timedelta(days=fwd)
    if back <= fwd + ctx.policy.unknown_weekday_bias:
        return anchor - timedelta(days=back)
    return anchor + timedelta(days=fwd)


def _date(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    day = resolve_day(ctx, start, end, groups)
    if day is None:
        return None
    if "clock" in groups:
        return Resolution(f"{day_value(day)}T{groups['clock']}", TimexType.TIME, None, Granularity.TIME)
    return Resolution(day_value(day), mod=mod_of(groups))


def _week_of(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    day = resolve_day(ctx, start, end, groups)
    return Resolution(week_value(day), granularity=Granularity.WEEK) if day else None


def _day_before(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    """"the day before last Tuesday's hearing", "the night after Christmas"."""
    day = resolve_day(ctx, start, end, groups)
    if day is None:
        return None
    day += timedelta(days=lx.BEFORE_AFTER[key(groups["rel"])])
    if key(groups["dayrel"]) == "night":
        return Resolution(f"{day_value(day)}T{DayPart.NIGHT}", TimexType.TIME, granularity=Granularity.TIME)
    return Resolution(day_value(day))


def _dayword(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    day = resolve_day(ctx, start, end, groups)
    if day is None or mod_of(groups) is Mod.APPROX:
        return None
    part = lookup(lx.DAY_WORD_PARTS, groups["dw"])
    if part is not None:
        return Resolution(f"{day_value(day)}T{part}", TimexType.TIME, mod_of(groups), Granularity.TIME)
    return Resolution(day_value(day), mod=mod_of(groups))


def _weekday_kind(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    mod = mod_of(groups)
    if mod is Mod.APPROX:
        return None  # "get around Wednesday's ruling": a preposition, not a modifier
    if key(groups.get("dir", "")) in lx.PREPOSITION_DIRECTIONS:
        return None  # "following Tuesday's earthquake": a preposition; "the following Tuesday" is fine
    day = weekday_date(ctx, start, end, groups["wd3"], groups.get("dir"), None)
    return Resolution(day_value(day), mod=mod)


KINDS: dict[Kind, Normaliser] = {
    Kind.DATE: _date,
    Kind.DAYWORD: _dayword,
    Kind.WEEK_OF: _week_of,
    Kind.DAY_BEFORE: _day_before,
    Kind.WEEKDAY: _weekday_kind,
}
