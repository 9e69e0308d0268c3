"""The days a TimeML value covers: ``2017-12`` → 2017-12-01 … 2017-12-31.

The store keeps this range (``first_day``, ``last_day``) with every DATE and TIME timex so
the timeline engine can ask "which timexes fall on or around this day" with an index.
Values that are not a calendar period (durations, sets, ``PRESENT_REF``, anything with
``X``) have no range.

Seasons follow the meteorological convention: ``SP`` March–May, ``SU`` June–August,
``FA`` September–November, ``WI`` December of that year to the end of February of the next
(TimeML says nothing precise about where seasons begin).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, timedelta

__all__ = ["value_range"]

Range = tuple[date, date]


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _day(m: re.Match[str]) -> Range:
    d = date(int(m["y"]), int(m["m"]), int(m["d"]))
    return d, d


def _month(m: re.Match[str]) -> Range:
    y, mo = int(m["y"]), int(m["m"])
    return date(y, mo, 1), _month_end(y, mo)


def _week(m: re.Match[str]) -> Range:
    monday = date.fromisocalendar(int(m["y"]), int(m["w"]), 1)
    if m["we"]:
        return monday + timedelta(days=5), monday + timedelta(days=6)
    return monday, monday + timedelta(days=6)


def _quarter(m: re.Match[str]) -> Range:
    y, q = int(m["y"]), int(m["q"])
    return date(y, 3 * q - 2, 1), _month_end(y, 3 * q)


def _half(m: re.Match[str]) -> Range:
    y, h = int(m["y"]), int(m["h"])
    return date(y, 6 * h - 5, 1), _month_end(y, 6 * h)


_SEASONS = {"SP": (3, 5, 0), "SU": (6, 8, 0), "FA": (9, 11, 0), "WI": (12, 2, 1)}


def _season(m: re.Match[str]) -> Range:
    y = int(m["y"])
    first, last, next_year = _SEASONS[m["s"]]
    return date(y, first, 1), _month_end(y + next_year, last)


def _year(m: re.Match[str]) -> Range:
    y = int(m["y"])
    return date(y, 1, 1), date(y, 12, 31)


def _decade(m: re.Match[str]) -> Range:
    y = int(m["y"]) * 10
    return date(max(y, 1), 1, 1), date(y + 9, 12, 31)


def _century(m: re.Match[str]) -> Range:
    y = int(m["y"]) * 100
    return date(max(y, 1), 1, 1), date(y + 99, 12, 31)


#: Value patterns (matched in full) and how to turn each into a day range.
_PATTERNS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], Range]], ...] = (
    (re.compile(r"(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)(?:T[0-9:.+Z-]+|T(?:MO|AF|EV|NI|DT))?"), _day),
    (re.compile(r"(?P<y>\d{4})-(?P<m>\d\d)"), _month),
    (re.compile(r"(?P<y>\d{4})-W(?P<w>\d\d)(?P<we>-WE)?"), _week),
    (re.compile(r"(?P<y>\d{4})-Q(?P<q>[1-4])"), _quarter),
    (re.compile(r"(?P<y>\d{4})-H(?P<h>[12])"), _half),
    (re.compile(r"(?P<y>\d{4})-(?P<s>SP|SU|FA|WI)"), _season),
    (re.compile(r"(?P<y>\d{4})"), _year),
    (re.compile(r"(?P<y>\d{3})"), _decade),
    (re.compile(r"(?P<y>\d{2})"), _century),
)


def value_range(value: str) -> Range | None:
    """First and last day covered by a TimeML DATE/TIME ``value``, or None."""
    for pattern, to_range in _PATTERNS:
        m = pattern.fullmatch(value)
        if m is not None:
            try:
                first, last = to_range(m)
            except ValueError:  # 2018-02-30, week 54, year 0
                return None
            return (first, last) if first.year >= 1 else None
    return None
