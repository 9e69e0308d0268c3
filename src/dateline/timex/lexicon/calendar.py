"""Names of months, weekdays, seasons, parts of the day and holidays; day words, reference
words and frequency words."""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "AFTERNOON_PARTS",
    "AMBIGUOUS_MONTHS",
    "AMBIGUOUS_SEASONS",
    "DAY_WORDS",
    "DAY_WORD_PARTS",
    "DOT_REQUIRED",
    "DayPart",
    "FREQUENCY_WORDS",
    "HOLIDAYS",
    "HolidayForm",
    "LAST_PARTS",
    "MONTHS",
    "NAMED_TIMES",
    "NAMED_TIME_IDIOMS",
    "PARTS_OF_DAY",
    "PART_OF_DAY_DIRECTIONS",
    "REF_WORDS",
    "SEASONS",
    "SEASON_START_MONTH",
    "SET_QUANTIFIERS",
    "WEEKDAYS",
]


class DayPart(StrEnum):
    """TIMEX3 parts of the day (the ``T..`` of ``2018-01-24TNI``)."""

    MORNING = "MO"
    AFTERNOON = "AF"
    EVENING = "EV"
    NIGHT = "NI"

class HolidayForm(StrEnum):
    """How a holiday of :data:`HOLIDAYS` falls in a year."""

    FIXED = "fixed"  # (month, day): the same day every year
    ON_AFTER = "onafter"  # (month, weekday 1-7, day): the first such weekday on or after that day
    EASTER = "easter"  # (days after Easter Sunday, 0, 0)


#: Month names and abbreviations -> month number.
MONTHS: dict[str, int] = {
    "january": 1, "jan.": 1,
    "february": 2, "feb.": 2,
    "march": 3, "mar.": 3,
    "april": 4, "apr.": 4,
    "may": 5,
    "june": 6, "jun.": 6,
    "july": 7, "jul.": 7,
    "august": 8, "aug.": 8,
    "september": 9, "sept.": 9, "sep.": 9,
    "october": 10, "oct.": 10,
    "november": 11, "nov.": 11,
    "december": 12, "dec.": 12,
}

#: Month names that are also ordinary English words: accepted only when capitalised and
#: with date-like company (a day, a year, a modifier or a preposition of time before them).
AMBIGUOUS_MONTHS: frozenset[str] = frozenset({"may", "march", "mar.", "jan.", "jun.", "jul."})

#: Weekday abbreviations that need their dot to stand alone ("Sun." yes, "Sun" no; before a
#: date, "Sun Mar 27, 2011", the dot is optional).
DOT_REQUIRED: frozenset[str] = frozenset({"sun.", "sat.", "wed.", "mon."})

#: Weekday names and abbreviations -> ISO weekday (Monday 1 ... Sunday 7).
WEEKDAYS: dict[str, int] = {
    "monday": 1, "mon.": 1,
    "tuesday": 2, "tue.": 2, "tues.": 2,
    "wednesday": 3, "wed.": 3,
    "thursday": 4, "thu.": 4, "thur.": 4, "thurs.": 4,
    "friday": 5, "fri.": 5,
    "saturday": 6, "sat.": 6,
    "sunday": 7, "sun.": 7,
}

#: Season names -> TIMEX3 season code.
SEASONS: dict[str, str] = {
    "spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI",
}

#: Season names that are also common nouns ("the fall of Ben Ali", "a spring"): not a season
#: without company that makes them one.
AMBIGUOUS_SEASONS: frozenset[str] = frozenset({"fall", "spring"})

#: Month in which each season starts (northern hemisphere, as TimeML annotates).
SEASON_START_MONTH: dict[str, int] = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}

#: Parts of the day -> TIMEX3 part-of-day code.
PARTS_OF_DAY: dict[str, DayPart] = {
    "morning": DayPart.MORNING, "afternoon": DayPart.AFTERNOON, "evening": DayPart.EVENING,
    "night": DayPart.NIGHT, "daybreak": DayPart.MORNING, "dawn": DayPart.MORNING,
    "dusk": DayPart.EVENING,
}

#: Parts of the day whose hours are after noon: "7 in the evening" is 19:00, and so is "7
#: at night" (but "2 at night" is 02:00, see :mod:`dateline.timex.clock`).
AFTERNOON_PARTS: frozenset[DayPart] = frozenset({DayPart.AFTERNOON, DayPart.EVENING, DayPart.NIGHT})

#: Parts of the day "last" can name ("last night" is yesterday's; "last morning" is not said).
LAST_PARTS: frozenset[DayPart] = frozenset({DayPart.NIGHT, DayPart.EVENING})

#: Words before a part of the day and their offset from the anchor day in days ("this
#: morning", "tomorrow evening", "last night"; no word: the anchor day).
PART_OF_DAY_DIRECTIONS: dict[str, int] = {"": 0, "this": 0, "yesterday": -1, "tomorrow": 1, "last": -1}

#: Named clock times.
NAMED_TIMES: dict[str, str] = {"noon": "12:00", "midday": "12:00", "midnight": "24:00"}

#: Words before a named time that make it an idiom, not a clock time ("high noon").
NAMED_TIME_IDIOMS: frozenset[str] = frozenset({"high"})

#: Day words and their offset from the anchor day.
DAY_WORDS: dict[str, int] = {
    "today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0, "overnight": -1,
    "the day before yesterday": -2, "the day after tomorrow": 2,
}

#: Day words that carry a part of day of their own.
DAY_WORD_PARTS: dict[str, DayPart] = {"tonight": DayPart.NIGHT, "overnight": DayPart.NIGHT}

#: Words whose value is a TIMEX3 reference value (type DATE).
REF_WORDS: dict[str, str] = {
    "now": "PRESENT_REF", "currently": "PRESENT_REF", "current": "PRESENT_REF",
    "presently": "PRESENT_REF", "nowadays": "PRESENT_REF", "at present": "PRESENT_REF",
    "at the moment": "PRESENT_REF", "these days": "PRESENT_REF",
    "the present": "PRESENT_REF", "present-day": "PRESENT_REF",
    "recently": "PAST_REF", "more recently": "PAST_REF", "recent": "PAST_REF", "lately": "PAST_REF",
    "the past": "PAST_REF",
    "the future": "FUTURE_REF", "someday": "FUTURE_REF",
    "the near future": "FUTURE_REF", "the foreseeable future": "FUTURE_REF",
    "the coming years": "FUTURE_REF", "the years ahead": "FUTURE_REF",
    "recent years": "PAST_REF", "recent decades": "PAST_REF",
    "the near term": "FUTURE_REF", "the short term": "FUTURE_REF", "the long term": "FUTURE_REF",
    "the longer term": "FUTURE_REF",
}


#: Frequency adverbs/adjectives -> TIMEX3 SET value.
FREQUENCY_WORDS: dict[str, str] = {
    "hourly": "PT1H", "daily": "P1D", "nightly": "P1D", "weekly": "P1W",
    "biweekly": "P2W", "fortnightly": "P2W", "monthly": "P1M", "bimonthly": "P2M",
    "quarterly": "P3M", "annually": "P1Y", "yearly": "P1Y", "semiannually": "P6M",
}

#: Quantifiers that turn a unit or a calendar name into a SET: "every Tuesday".
SET_QUANTIFIERS: frozenset[str] = frozenset({"every", "each", "per", "a", "an"})

_FIXED, _ON_AFTER, _EASTER = HolidayForm.FIXED, HolidayForm.ON_AFTER, HolidayForm.EASTER

#: Holidays: (FIXED, month, day, 0) | (ON_AFTER, month, weekday 1-7, day): the first such
#: weekday on or after that day of the month (the fourth Thursday of November is the
#: first Thursday on or after the 22nd) | (EASTER, days after Easter Sunday, 0, 0).
HOLIDAYS: dict[str, tuple[HolidayForm, int, int, int]] = {
    "christmas": (_FIXED, 12, 25, 0), "christmas day": (_FIXED, 12, 25, 0),
    "christmas eve": (_FIXED, 12, 24, 0), "boxing day": (_FIXED, 12, 26, 0),
    "new year's day": (_FIXED, 1, 1, 0), "new year's eve": (_FIXED, 12, 31, 0),
    "valentine's day": (_FIXED, 2, 14, 0),
    "independence day": (_FIXED, 7, 4, 0), "the fourth of july": (_FIXED, 7, 4, 0),
    "halloween": (_FIXED, 10, 31, 0), "veterans day": (_FIXED, 11, 11, 0),
    "armistice day": (_FIXED, 11, 11, 0), "bastille day": (_FIXED, 7, 14, 0),
    "st. patrick's day": (_FIXED, 3, 17, 0), "may day": (_FIXED, 5, 1, 0),
    "thanksgiving": (_ON_AFTER, 11, 4, 22), "thanksgiving day": (_ON_AFTER, 11, 4, 22),
    "labor day": (_ON_AFTER, 9, 1, 1), "memorial day": (_ON_AFTER, 5, 1, 25),
    "martin luther king day": (_ON_AFTER, 1, 1, 15), "presidents day": (_ON_AFTER, 2, 1, 15),
    "columbus day": (_ON_AFTER, 10, 1, 8), "mother's day": (_ON_AFTER, 5, 7, 8),
    "father's day": (_ON_AFTER, 6, 7, 15), "election day": (_ON_AFTER, 11, 2, 2),
    "easter": (_EASTER, 0, 0, 0), "easter sunday": (_EASTER, 0, 0, 0),
    "easter monday": (_EASTER, 1, 0, 0), "good friday": (_EASTER, -2, 0, 0),
    "ash wednesday": (_EASTER, -46, 0, 0), "palm sunday": (_EASTER, -7, 0, 0),
}
