"""TIMEX3 values: the value grammar, granularity of a value, and calendar arithmetic.

Everything here is pure functions over ``datetime.date`` and strings; the normaliser
(:mod:`dateline.timex.normalise`) builds values with these helpers so every value the tagger
produces is spelt one way.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from dateline.model import Granularity

__all__ = [
    "VALUE_GRAMMAR",
    "add_months",
    "day_value",
    "granularity_of_value",
    "is_valid_value",
    "month_value",
    "shift",
    "week_value",
    "year_value",
]

_Y = r"(?:BC)?[0-9X]{4}"
_DATE = (
    rf"(?:{_Y}"
    r"(?:-(?:[0-9]{2}|XX)(?:-(?:[0-9]{2}|XX))?"  # -MM, -MM-DD
    r"|-W(?:[0-9]{2}|XX)(?:-(?:[1-7X]|WE))?"  # -Www, -Www-D, -Www-WE
    r"|-Q[1-4X]|-H[12X]|-(?:SP|SU|FA|WI))?"
    r"|[0-9X]{3}|[0-9X]{2})"  # decade, century
)
_TIME = r"T(?:[0-9X]{2}(?::[0-9X]{2}(?::[0-9X]{2}(?:\.[0-9]{1,6})?)?)?|MO|AF|EV|NI|DT)(?:Z|[+-][0-9]{2}(?::?[0-9]{2})?)?"
_NUM = r"(?:[0-9]{1,9}(?:\.[0-9]{1,6})?|X)"
_DURATION = rf"P(?:(?:{_NUM}(?:Y|M|W|D|Q|H|DE|CE|ML|E|C|L)){{1,4}}(?:T(?:{_NUM}[HMS]){{1,3}})?|T(?:{_NUM}[HMS]){{1,3}})"

#: A complete TIMEX3 value (DATE, TIME, DURATION or SET), as a compiled regex.
VALUE_GRAMMAR = re.compile(
    rf"(?:PRESENT_REF|PAST_REF|FUTURE_REF|{_DATE}(?:{_TIME})?|XXXX-WXX-[1-7](?:{_TIME})?|{_TIME}|{_DURATION})"
)


def is_valid_value(value: str) -> bool:
    """Whether ``value`` matches the TIMEX3 value grammar."""
    return VALUE_GRAMMAR.fullmatch(value) is not None


_GRAN_PATTERNS: tuple[tuple[re.Pattern[str], Granularity], ...] = tuple(
    (re.compile(p), g)
    for p, g in (
        (r"(?:BC)?[0-9X]{4}-[0-9X]{2}-[0-9X]{2}T.*", Granularity.TIME),
        (r"T.*", Granularity.TIME),
        (r"(?:BC)?[0-9X]{4}-[0-9X]{2}-[0-9X]{2}", Granularity.DAY),
        (r"(?:BC)?[0-9X]{4}-W[0-9X]{2}-(?:[1-7X])", Granularity.DAY),
        (r"(?:BC)?[0-9X]{4}-W[0-9X]{2}(?:-WE)?", Granularity.WEEK),
        (r"(?:BC)?[0-9X]{4}-[0-9X]{2}", Granularity.MONTH),
        (r"(?:BC)?[0-9X]{4}-Q[1-4X]", Granularity.QUARTER),
        (r"(?:BC)?[0-9X]{4}-(?:SP|SU|FA|WI)", Granularity.SEASON),
        (r"(?:BC)?[0-9X]{4}-H[12X]", Granularity.HALF),
        (r"(?:BC)?[0-9X]{4}", Granularity.YEAR),
        (r"[0-9X]{3}", Granularity.DECADE),
        (r"[0-9X]{2}", Granularity.CENTURY),
    )
)


def granularity_of_value(value: str) -> Granularity:
    """The granularity a DATE/TIME value is expressed at (NONE for REFs, durations, sets)."""
    for pattern, gran in _GRAN_PATTERNS:
        if pattern.fullmatch(value):
            return gran
    return Granularity.NONE


def add_months(d: date, months: int) -> date:
    """``d`` moved by ``months`` calendar months (day clipped to the month's length)."""
    total = d.year * 12 + (d.month - 1) + months
    year, month = divmod(total, 12)
    month += 1
    if not 1 <= year <= 9999:
        raise OverflowError("year out of range")
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def shift(d: date, amount: int, unit: Granularity) -> date:
    """``d`` moved by ``amount`` units (day, week, month, quarter, half, year, decade, century).

    Raises OverflowError when the result leaves years 1-9999.
    """
    if unit is Granularity.DAY:
        return d + timedelta(days=amount)
    if unit is Granularity.WEEK:
        return d + timedelta(weeks=amount)
    months = {
        Granularity.MONTH: 1,
        Granularity.QUARTER: 3,
        Granularity.SEASON: 3,
        Granularity.HALF: 6,
        Granularity.YEAR: 12,
        Granularity.DECADE: 120,
        Granularity.CENTURY: 1200,
    }[unit]
    return add_months(d, amount * months)


def year_value(year: int) -> str:
    """``0998``, ``2018``; OverflowError outside years 0-9999."""
    if not 0 <= year <= 9999:
        raise OverflowError(f"year {year} out of range")
    return f"{year:04d}"


def month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def day_value(d: date) -> str:
    return d.isoformat()


def week_value(d: date) -> str:
    """The ISO week of ``d``: ``2018-W04``."""
    iso = d.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


_SEASONS = ("WI", "WI", "SP", "SP", "SP", "SU", "SU", "SU", "FA", "FA", "FA", "WI")


def value_at(d: date, gran: Granularity) -> str:
    """The value of the period of granularity ``gran`` that contains ``d``."""
    if gran is Granularity.DAY:
        return day_value(d)
    if gran is Granularity.WEEK:
        return week_value(d)
    if gran is Granularity.MONTH:
        return month_value(d.year, d.month)
    if gran is Granularity.QUARTER:
        return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
    if gran is Granularity.HALF:
        return f"{d.year:04d}-H{(d.month - 1) // 6 + 1}"
    if gran is Granularity.SEASON:
        return f"{d.year:04d}-{_SEASONS[d.month - 1]}"
    if gran is Granularity.YEAR:
        return year_value(d.year)
    if gran is Granularity.DECADE:
        return f"{d.year // 10:03d}"
    if gran is Granularity.CENTURY:
        return f"{d.year // 100:02d}"
    raise ValueError(f"no calendar value for granularity {gran}")


def weekend_value(anchor: date, weeks: int) -> str:
    saturday = anchor + timedelta(days=6 - anchor.isoweekday() + 7 * weeks)
    return f"{week_value(saturday)}-WE"


def start_of(value: str) -> date | None:
    """The first day of a calendar value (``1998``, ``1998-03``, ``1998-Q2``, ``1998-03-05``)."""
    m = re.fullmatch(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?|-Q([1-4])|-W([0-9]{2}))?", value)
    if m is None:
        return None
    y = int(m.group(1))
    if m.group(3):
        return date(y, int(m.group(2)), int(m.group(3)))
    if m.group(2):
        return date(y, int(m.group(2)), 1)
    if m.group(4):
        return date(y, 3 * int(m.group(4)) - 2, 1)
    if m.group(5):
        return date.fromisocalendar(y, int(m.group(5)), 1)
    return date(y, 1, 1)


def shift_years(value: str, years: int) -> str | None:
    m = re.fullmatch(r"([0-9]{4})(-.*)?", value)
    if m is None:
        return None
    return f"{int(m.group(1)) + years:04d}{m.group(2) or ''}"
