"""Every kind of expression against anchors on every day of a leap and a non-leap year and
at the edges of the calendar (years 1 and 9999): the tagger never raises and every value
matches the TIMEX3 grammar.

The bug that made this module: "next January" anchored on 2011-12-30 and "last December"
anchored on 2011-01-02 raised IndexError (no candidate month on the right side of the
anchor), which made ingest reject whole articles. The hand-written cases pin the resolution
of those expressions; the battery hunts the whole class.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date, timedelta

import pytest

from dateline.timex import lexicon as lx
from dateline.timex import normalise, tag
from dateline.timex.engine import Stats
from dateline.timex.engine import tag as tag_counted
from dateline.timex.grammar import Kind
from dateline.timex.values import VALUE_GRAMMAR

MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"]
WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
SEASON_NAMES = ["spring", "summer", "fall", "autumn", "winter"]
HOLIDAY_NAMES = sorted({name.title().replace("'S", "'s") for name in lx.HOLIDAYS})
#: One holiday of each kind of rule (fixed day, n-th weekday, Easter-based) near each turn.
CORE_HOLIDAYS = ["Christmas", "New Year's Day", "New Year's Eve", "Thanksgiving", "Labor Day",
                 "Martin Luther King Day", "Easter", "Good Friday", "Ash Wednesday"]
DIRECTIONS = ["last", "next", "this", "this past", "this coming", "the coming", "the following",
              "the previous", "the past", "past", "coming", "early", "late", "mid-", "the end of"]
CORE_DIRECTIONS = ["last", "next", "this", "this past", "the following", "early", "the end of"]
UNITS = ["second", "minute", "hour", "day", "night", "week", "weekend", "fortnight", "month",
         "quarter", "year", "decade", "century", "millennium"]
AMOUNTS = ["a", "one", "two", "11", "100", "2,000", "9999", "several", "a few", "2 1/2"]
OFFSETS = ["ago", "earlier", "from now", "later", "hence", "before", "after"]
#: Each expression in a past, a future and a tenseless clause (tense picks among candidates).
FRAMES = ("He left {}.", "We will meet {}.", "{}")


def _core() -> list[str]:
    """The expressions whose value depends on where the anchor lies in its year, month and
    week: calendar names with and without a direction (in every tense frame), day numbers,
    weekends, and offsets by every unit."""
    out: list[str] = []
    for name in MONTH_NAMES + WEEKDAY_NAMES + SEASON_NAMES + CORE_HOLIDAYS:
        out.extend(frame.format(name) for frame in FRAMES)
        out.extend(f"{d} {name}" for d in CORE_DIRECTIONS)
        out.append(f"{name} next year")
    for month in ("Feb.", "December", "January"):
        for day in ("29", "31", "the 29th"):
            out.extend(frame.format(f"{month} {day}") for frame in FRAMES)
    out.extend(f"{d} {unit}" for unit in UNITS for d in ("last", "next", "this", "the following"))
    out.extend(f"two {unit}s ago, a {unit} from now" for unit in UNITS)
    out.extend(frame.format(e) for e in ("the weekend", "the quarter", "the fourth quarter",
                                         "midnight Sunday", "Friday night")
               for frame in FRAMES)
    return out


def _full() -> list[str]:
    """Every kind of rule, with every direction, unit, amount and offset word."""
    out: list[str] = []
    for name in MONTH_NAMES + ["Jan.", "Sept.", "Dec."] + WEEKDAY_NAMES + SEASON_NAMES + HOLIDAY_NAMES:
        out.append(name)
        out.extend(f"{d} {name}" for d in DIRECTIONS)
        out.append(f"{name} next year")
        out.append(f"{name} last year")
    for unit in UNITS:
        out.extend(f"{d} {unit}" for d in DIRECTIONS)
        out.extend(f"{d} {unit}s" for d in ("the past", "the next", "recent", "the coming"))
        out.extend(f"{n} {unit}s {off}" for n in AMOUNTS for off in OFFSETS)
        out.extend(f"a {unit} {off}" for off in OFFSETS)
        out.extend((f"the {unit}", f"every {unit}", f"every other {unit}", f"twice a {unit}",
                    f"the same {unit}", f"the latest {unit}", f"the {unit} ended"))
    for month in ("February", "Feb.", "April", "December", "January"):
        for day in ("1", "28", "29", "30", "31", "the 29th", "29th"):
            out.extend((f"{month} {day}", f"{day} {month}", f"{month} {day}, 2012",
                        f"{month} {day} last year", f"the week of {month} {day}"))
    out.extend(f"the {o} of {m}" for o in ("first", "29th", "thirty-first") for m in ("February", "April"))
    out.extend(f"the {o}" for o in ("first", "29th", "31st"))
    out.extend((
        "the weekend", "this weekend", "last weekend", "next weekend", "weekends",
        "3 p.m.", "3 p.m. Friday", "12:30 p.m. yesterday", "midnight Sunday", "noon tomorrow",
        "10 at night", "9:30 this morning", "four in the morning", "24:00", "23:59:59",
        "5 p.m. EST Dec. 31", "Friday night", "Sunday morning", "tonight", "last night",
        "yesterday afternoon", "tomorrow evening", "overnight", "the day before yesterday",
        "the day after tomorrow", "today", "yesterday", "tomorrow", "this morning",
        "the first quarter", "the fourth quarter", "the third quarter of last year",
        "this year's fourth quarter", "the year-ago quarter", "a year earlier", "year-end",
        "the end of the year", "the full year", "the latest year", "fiscal 1999", "FY12", "Q4",
        "Q1 2012", "H2", "4Q", "the second half", "the first half of next year",
        "the 1990s", "the '90s", "the nineties", "the mid-1980s", "the 21st century",
        "the 1st century", "nineteen ninety-six", "two thousand one", "the year 2000",
        "2012-02-29", "2/29/2012", "12/31/99", "the 1988 quarter", "last year's period",
        "the following year", "the previous month", "the following Tuesday", "the prior quarter",
        "now", "recently", "the future", "the past", "years ago", "months ago",
        "the coming years", "the years ahead", "the past three years", "in five years",
        "two to three weeks", "every Tuesday", "every other Monday", "each July",
        "every morning", "weekly", "annually", "once a month", "three times a year",
        "early next year", "late last month", "mid-December", "the end of this year",
        "the beginning of next month", "earlier this week", "later this month",
        "the same day", "that day", "the time", "the year", "the quarter", "the month",
        "earlier that day", "later that year", "that night", "that weekend", "that quarter",
        "the next morning", "the previous day", "the day before last Tuesday",
        "the night after Dec. 31", "the day after tomorrow", "the latest period",
        "10:35 a.m. (0735 GMT) Friday", "4 in the morning (4 a.m. EDT Thursday)",
        "Wednesday's ruling", "ahead of Sunday's vote", "by Dec. 31",
    ))
    return list(dict.fromkeys(out))


CORE = "\n".join(_core())
#: The full battery in each frame (an anchor gets one of them, in turn).
FULL = ["\n".join(frame.format(e) for e in _full()) for frame in FRAMES]


def _every_day(year: int) -> list[date]:
    start = date(year, 1, 1)
    return [start + timedelta(days=i) for i in range((date(year + 1, 1, 1) - start).days)]


#: Anchor groups: every day of a leap and of a non-leap year, and the edges of the calendar.
ANCHORS: dict[str, list[date]] = {
    "2012 (leap)": _every_day(2012),
    "2011": _every_day(2011),
    "year 1": [date(1, 1, 1) + timedelta(days=i) for i in range(62)] + [date(1, 12, 31), date(2, 1, 1)],
    "year 9999": [date(9999, 12, 31) - timedelta(days=i) for i in range(62)]
    + [date(9998, 12, 31), date(9999, 1, 1)],
}


def _turning(anchors: list[date]) -> list[date]:
    """The anchors at a turn of the month (its first or last day), and February 29."""
    return [a for a in anchors if a.day == 1 or a.day >= monthrange(a.year, a.month)[1] - (a.month == 2)]


def _check(text: str, anchor: date) -> None:
    stats = Stats()
    try:
        found = tag_counted(text, anchor, stats)
    except Exception as exc:  # name the anchor
        raise AssertionError(f"tag raised {exc!r} with anchor {anchor}") from exc
    assert stats.errors == 0, f"a normaliser raised with anchor {anchor} (see the log)"
    end = 0
    for t in found:
        assert VALUE_GRAMMAR.fullmatch(t.value), (anchor, t)
        assert t.start >= end and text[t.start : t.end] == t.text, (anchor, t)
        end = t.end


@pytest.mark.slow
@pytest.mark.parametrize("group", sorted(ANCHORS))
def test_anchor_sensitive_expressions_on_every_anchor(group: str) -> None:
    for anchor in ANCHORS[group]:
        _check(CORE, anchor)


@pytest.mark.slow
@pytest.mark.parametrize("group", sorted(ANCHORS))
def test_every_kind_of_expression_at_the_turn_of_each_month(group: str) -> None:
    turning = _turning(ANCHORS[group])
    assert len(turning) >= (24 if len(ANCHORS[group]) > 300 else 4)
    for anchor in turning:
        _check(FULL[anchor.toordinal() % len(FULL)], anchor)


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        # the two reported crashes
        ("We will meet next January.", date(2011, 12, 30), "2013-01"),
        ("He left last December.", date(2011, 1, 2), "2009-12"),
        # "last/next M" skips the month next to the anchor's ("last February" said in March
        # is a year ago, as TimeBank annotates it); it never looks further than it must
        ("He left last December.", date(2011, 2, 2), "2010-12"),
        ("He left last November.", date(2011, 1, 2), "2010-11"),
        ("We will meet next February.", date(2011, 12, 30), "2012-02"),
        ("We will meet next December.", date(2011, 12, 30), "2012-12"),
        ("He left last January.", date(2011, 1, 2), "2010-01"),
        ("We will meet this January.", date(2011, 12, 30), "2011-01"),
    ],
)
def test_last_and_next_month_near_the_turn_of_the_year(text: str, anchor: date, expected: str) -> None:
    assert [t.value for t in tag(text, anchor)] == [expected]


@pytest.mark.parametrize(
    "anchor", [date(1, 1, 1), date(1, 1, 2), date(1, 12, 31), date(9999, 1, 1), date(9999, 12, 31)]
)
def test_calendar_edges_give_a_value_or_nothing(anchor: date) -> None:
    """At the edges a period beyond year 1 or 9999 has no TIMEX3 value: the expression is
    left untagged (or tagged as what it can be), never an exception or a bad value."""
    for frame in FRAMES:
        for template in ("last December", "next January", "last winter", "next summer",
                         "Christmas", "next Easter", "last Thanksgiving", "Dec. 31", "Jan. 1",
                         "the following year", "two centuries ago", "last decade", "next century"):
            _check(frame.format(template), anchor)


def test_a_failing_normaliser_costs_one_match_not_the_text(monkeypatch: pytest.MonkeyPatch,
                                                            caplog: pytest.LogCaptureFixture) -> None:
    """Defence in depth: were a normaliser to raise (a bug like the one above), the match is
    skipped and counted, the rest of the text is still tagged, and the failure is logged."""

    def broken(*args: object) -> None:
        raise IndexError("list index out of range")

    monkeypatch.setitem(normalise.KINDS, Kind.MONTH_YEAR, broken)
    stats = Stats()
    found = tag_counted("He left last December and came back on Jan. 5, 2011.", date(2011, 1, 2), stats)
    assert [t.value for t in found] == ["2011-01-05"]
    assert stats.errors >= 1  # each reading of "last December" the broken kind was asked for
    assert "month_year" in caplog.text and "IndexError" in caplog.text
