"""Numbers (in words and figures), spoken years and decades, and units of time."""

from __future__ import annotations

from dateline.model import Granularity

__all__ = [
    "ADJECTIVE_BARE_UNITS",
    "ADJECTIVE_COUNTS",
    "ADJECTIVE_ENDINGS",
    "ADJECTIVE_UNITS",
    "CARDINALS",
    "CLOCK_HOURS",
    "DECADE_WORDS",
    "FRACTIONS",
    "HALF_SUFFIXES",
    "LATEST_UNITS",
    "NOT_SPOKEN_YEAR_AFTER",
    "ONES",
    "ORDINALS",
    "PERIOD_UNITS",
    "POINT_UNITS",
    "SMALLER_UNITS",
    "SPOKEN_YEAR_STARTS",
    "TENS",
    "TIME_UNITS",
    "UNITS",
    "UNIT_SPELLINGS",
    "VAGUE_QUANTITIES",
    "YEAR_HUNDREDS",
]


#: Cardinal numbers in words, and the phrases that count like them ("a couple of").
CARDINALS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000,
    "a": 1, "an": 1, "one-and-a-half": 1, "dozen": 12, "a dozen": 12,
    "a couple of": 2, "a couple": 2, "couple of": 2, "a pair of": 2,
}

#: Tens that combine with units ("twenty-four", "twenty four").
TENS: frozenset[str] = frozenset({"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"})

#: Units that combine with tens ("twenty-four", "nineteen oh five").
ONES: tuple[str, ...] = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")

#: Hours of the clock as words ("seven o'clock", "four in the morning").
CLOCK_HOURS: tuple[str, ...] = (*ONES, "ten", "eleven", "twelve")

#: Fractions after a number: "2 1/2 years".
FRACTIONS: dict[str, float] = {"1/2": 0.5, "1/4": 0.25, "3/4": 0.75, "\u00bd": 0.5}

#: Endings that add a half: "two and a half years", "one-and-a-half".
HALF_SUFFIXES: tuple[str, ...] = (" and a half", " and half", "-and-a-half")

#: Quantity words of unknown amount: "several years" -> PXY.
VAGUE_QUANTITIES: frozenset[str] = frozenset({
    "several", "a few", "few", "some", "many", "a number of", "numerous", "the next few",
    "the past few", "the last few",
})

#: Ordinal numbers in words and figures (a day of the month, a quarter, a century).
ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
    "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    "twenty-first": 21, "twenty-second": 22, "twenty-third": 23, "twenty-fourth": 24,
    "twenty-fifth": 25, "twenty-sixth": 26, "twenty-seventh": 27, "twenty-eighth": 28,
    "twenty-ninth": 29, "thirtieth": 30, "thirty-first": 31,
    "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5, "6th": 6, "7th": 7, "8th": 8,
    "9th": 9, "10th": 10, "11th": 11, "12th": 12, "13th": 13, "14th": 14, "15th": 15,
    "16th": 16, "17th": 17, "18th": 18, "19th": 19, "20th": 20, "21st": 21,
}

#: Spoken years: "nineteen ninety-six", "two thousand one" (hundreds word -> first two digits).
YEAR_HUNDREDS: dict[str, int] = {
    "eighteen": 18, "nineteen": 19, "twenty": 20,
}

#: Decade words: "the nineties" -> 9 (the decade digit).
DECADE_WORDS: dict[str, int] = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
    "seventies": 7, "eighties": 8, "nineties": 9,
}

#: How a spoken year may begin ("nineteen ninety", "two thousand"): after "the fall of" or
#: "the spring of" it makes the season that of a year, not a fall or a spring of something.
SPOKEN_YEAR_STARTS: tuple[str, ...] = ("nineteen", "twenty", "two ")

#: Words after a spoken year that make it an amount: "two thousand years", "nineteen twenty
#: people".
NOT_SPOKEN_YEAR_AFTER: frozenset[str] = frozenset({
    "year", "years", "month", "months", "day", "days", "week", "weeks", "hour", "hours",
    "people", "dollars", "times",
})


#: Calendar unit words -> (granularity, TIMEX3 duration unit, is-time-unit).
UNITS: dict[str, tuple[Granularity, str, bool]] = {
    "second": (Granularity.TIME, "S", True),
    "minute": (Granularity.TIME, "M", True),
    "hour": (Granularity.TIME, "H", True),
    "day": (Granularity.DAY, "D", False),
    "night": (Granularity.DAY, "D", False),
    "week": (Granularity.WEEK, "W", False),
    "weekend": (Granularity.WEEK, "WE", False),
    "fortnight": (Granularity.WEEK, "W2", False),
    "month": (Granularity.MONTH, "M", False),
    "quarter": (Granularity.QUARTER, "Q", False),
    "year": (Granularity.YEAR, "Y", False),
    "decade": (Granularity.DECADE, "DE", False),
    "century": (Granularity.CENTURY, "CE", False),
    "millennium": (Granularity.CENTURY, "ML", False),
}

#: Plural and abbreviated spellings of :data:`UNITS` keys.
UNIT_SPELLINGS: dict[str, str] = {
    "seconds": "second", "secs": "second", "sec": "second",
    "minutes": "minute", "mins": "minute", "min": "minute",
    "hours": "hour", "hrs": "hour", "hr": "hour",
    "days": "day", "nights": "night", "weeks": "week", "weekends": "weekend",
    "months": "month", "quarters": "quarter", "years": "year", "yrs": "year",
    "decades": "decade", "centuries": "century", "millennia": "millennium",
    "millenniums": "millennium",
    **{u: u for u in ("second", "minute", "hour", "day", "night", "week", "weekend",
                      "fortnight", "month", "quarter", "year", "decade", "century",
                      "millennium")},
}

#: Calendar units that "this/last/next X" resolves at (the period containing the anchor).
PERIOD_UNITS: frozenset[str] = frozenset({
    "day", "week", "weekend", "month", "quarter", "year", "decade", "century",
})

#: The units of :data:`UNITS` that are times of day (a duration of them is ``PT..``).
TIME_UNITS: frozenset[str] = frozenset(u for u, (_, _, is_time) in UNITS.items() if is_time)

#: How a fraction of a unit is spelt in the next smaller unit: "2 1/2 years" is ``P2Y6M``.
SMALLER_UNITS: dict[str, tuple[str, int]] = {
    "year": ("month", 12), "decade": ("year", 10), "century": ("year", 100),
    "millennium": ("year", 1000), "week": ("day", 7), "day": ("hour", 24),
    "hour": ("minute", 60), "minute": ("second", 60), "quarter": ("month", 3),
}

#: Units whose "in N units" in a future clause is the date that far ahead ("will be redeemed
#: in five years"), not a length.
POINT_UNITS: frozenset[str] = frozenset({"day", "week", "month", "year"})

#: Units "the latest/current <unit>" names a period of ("the latest quarter").
LATEST_UNITS: frozenset[str] = frozenset({"quarter", "week", "month"})

#: Units that, joined to a number by a hyphen, make an adjective of length or age ("a
#: five-year plan", "the third-quarter loss", "a 6-year-old", with one of
#: :data:`ADJECTIVE_ENDINGS`); so does one of :data:`ADJECTIVE_BARE_UNITS` after one of
#: :data:`ADJECTIVE_COUNTS` ("a two day meeting"). The article before such an expression is
#: the noun's, not part of the expression.
ADJECTIVE_UNITS: frozenset[str] = frozenset({
    "year", "month", "week", "day", "hour", "minute", "quarter", "decade", "century",
})
ADJECTIVE_ENDINGS: frozenset[str] = frozenset({"old", "long", "ago", "earlier"})
ADJECTIVE_COUNTS: frozenset[str] = frozenset({
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
})
ADJECTIVE_BARE_UNITS: frozenset[str] = frozenset({"year", "month", "week", "day", "hour", "minute"})
