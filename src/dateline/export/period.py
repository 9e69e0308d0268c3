"""The period a timeline entry stands for, written for people and for machines.

A :class:`~dateline.model.TimelineEntry` carries ``date`` (the first day of its period) and
a :class:`~dateline.model.Granularity`. Every exporter labels an entry through this module,
so a month-level entry reads "2011-01" / "January 2011" everywhere and is never shown as
the day 2011-01-01.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from dateline.model import Granularity

__all__ = ["iso_label", "human_label", "period_end"]

_SEASONS = {12: "WI", 1: "WI", 2: "WI", 3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU", 8: "SU",
            9: "FA", 10: "FA", 11: "FA"}
_SEASON_NAMES = {"WI": "Winter", "SP": "Spring", "SU": "Summer", "FA": "Autumn"}


def iso_label(day: date, granularity: Granularity = Granularity.DAY) -> str:
    """TimeML-style label of the period that starts at ``day``: ``2011-01-25``,
    ``2011-W04``, ``2011-01``, ``2011-Q1``, ``2011-SU``, ``2011-H1``, ``2011``, ``201`` (the
    2010s), ``20`` (the 21st century). ``time`` and ``none`` are labelled as days."""
    g = Granularity(granularity)
    if g is Granularity.WEEK:
        year, week, _ = day.isocalendar()
        return f"{year:04d}-W{week:02d}"
    if g is Granularity.MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    if g is Granularity.QUARTER:
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    if g is Granularity.SEASON:
        return f"{day.year:04d}-{_SEASONS[day.month]}"
    if g is Granularity.HALF:
        return f"{day.year:04d}-H{1 if day.month <= 6 else 2}"
    if g is Granularity.YEAR:
        return f"{day.year:04d}"
    if g is Granularity.DECADE:
        return f"{day.year // 10:03d}"
    if g is Granularity.CENTURY:
        return f"{day.year // 100:02d}"
    return day.isoformat()


def human_label(day: date, granularity: Granularity = Granularity.DAY) -> str:
    """A label for people: ``Tue 25 January 2011``, ``week 4 of 2011``, ``January 2011``,
    ``Q1 2011``, ``Summer 2011``, ``first half of 2011``, ``2011``, ``the 2010s``,
    ``the 21st century``."""
    g = Granularity(granularity)
    if g is Granularity.WEEK:
        year, week, _ = day.isocalendar()
        return f"week {week} of {year}"
    if g is Granularity.MONTH:
        return f"{calendar.month_name[day.month]} {day.year}"
    if g is Granularity.QUARTER:
        return f"Q{(day.month - 1) // 3 + 1} {day.year}"
    if g is Granularity.SEASON:
        return f"{_SEASON_NAMES[_SEASONS[day.month]]} {day.year}"
    if g is Granularity.HALF:
        return f"{'first' if day.month <= 6 else 'second'} half of {day.year}"
    if g is Granularity.YEAR:
        return str(day.year)
    if g is Granularity.DECADE:
        return f"the {day.year // 10 * 10}s"
    if g is Granularity.CENTURY:
        n = day.year // 100 + 1
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"the {n}{suffix} century"
    return f"{calendar.day_abbr[day.weekday()]} {day.day} {calendar.month_name[day.month]} {day.year}"


def period_end(day: date, granularity: Granularity = Granularity.DAY) -> date:
    """The last day of the period that starts at ``day`` (``day`` itself for a day)."""
    g = Granularity(granularity)
    if g is Granularity.WEEK:
        return day + timedelta(days=6 - day.weekday())
    if g is Granularity.MONTH:
        return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
    if g in (Granularity.QUARTER, Granularity.SEASON):
        first = day.month
        if g is Granularity.QUARTER:
            first = (day.month - 1) // 3 * 3 + 1
        last_month = first + 2
        year = day.year + (last_month - 1) // 12
        last_month = (last_month - 1) % 12 + 1
        return date(year, last_month, calendar.monthrange(year, last_month)[1])
    if g is Granularity.HALF:
        return date(day.year, 6, 30) if day.month <= 6 else date(day.year, 12, 31)
    if g is Granularity.YEAR:
        return date(day.year, 12, 31)
    if g is Granularity.DECADE:
        return date(min(day.year // 10 * 10 + 9, 9999), 12, 31)
    if g is Granularity.CENTURY:
        return date(min(day.year // 100 * 100 + 99, 9999), 12, 31)
    return day
