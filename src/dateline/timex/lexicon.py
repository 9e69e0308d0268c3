"""The tagger's lexicon: words and what they mean, as module-level tables.

Nothing here is code that decides anything; :mod:`dateline.timex.grammar` turns these tables
into regular expressions and :mod:`dateline.timex.normalise` looks meanings up in them.
Keys are lower case; a key ending in ``.`` is an abbreviation (its dot is optional in text
unless listed in :data:`DOT_REQUIRED`).
"""

from __future__ import annotations

from dateline.model import Granularity

# --- calendar names -------------------------------------------------------------------

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

#: Determiners before which an ambiguous month name used as a modifier is the month ("the
#: March accession", "this May deadline").
MONTH_DETERMINERS: frozenset[str] = frozenset({"the", "a", "this", "that", "its", "their", "his", "her", "our"})

#: Words after a number that make it a count or an amount, not a day of the month ("April 24
#: and 25 people", "June 3 to 5 percent"); units of time are in :data:`UNIT_SPELLINGS`.
COUNT_NOUNS: frozenset[str] = frozenset({
    "percent", "pct", "per", "cent", "people", "persons", "times", "others", "of", "million",
    "billion", "thousand", "hundred", "dollars", "dollar", "points", "point", "games", "game",
    "goals", "seats", "votes", "members", "men", "women", "children", "killed", "dead",
    "injured", "wounded", "ago", "and a half",
})

#: Prepositions: after "the March" they make it the noun ("the March on Washington").
PREPOSITIONS: frozenset[str] = frozenset({
    "on", "of", "to", "for", "from", "in", "into", "against", "across", "through", "toward",
    "towards", "at", "by", "with", "past", "around", "along", "up", "down", "out", "over",
})

#: Weekday abbreviations that need their dot to stand alone ("Sun." yes, "Sun" no; before a
#: date, "Sun Mar 27, 2011", the dot is optional).
DOT_REQUIRED: frozenset[str] = frozenset({"sun.", "sat.", "wed.", "mon."})

WEEKDAYS: dict[str, int] = {
    "monday": 1, "mon.": 1,
    "tuesday": 2, "tue.": 2, "tues.": 2,
    "wednesday": 3, "wed.": 3,
    "thursday": 4, "thu.": 4, "thur.": 4, "thurs.": 4,
    "friday": 5, "fri.": 5,
    "saturday": 6, "sat.": 6,
    "sunday": 7, "sun.": 7,
}

SEASONS: dict[str, str] = {
    "spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI",
}

#: Month in which each season starts (northern hemisphere, as TimeML annotates).
SEASON_START_MONTH: dict[str, int] = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}

PARTS_OF_DAY: dict[str, str] = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI",
    "daybreak": "MO", "dawn": "MO", "dusk": "EV",
}

#: Named clock times.
NAMED_TIMES: dict[str, str] = {"noon": "12:00", "midday": "12:00", "midnight": "24:00"}

#: Words before a named time that make it an idiom, not a clock time ("high noon").
NAMED_TIME_IDIOMS: frozenset[str] = frozenset({"high"})

# --- numbers --------------------------------------------------------------------------

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

#: Quantity words of unknown amount: "several years" -> PXY.
VAGUE_QUANTITIES: frozenset[str] = frozenset({
    "several", "a few", "few", "some", "many", "a number of", "numerous", "the next few",
    "the past few", "the last few",
})

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

# --- units ----------------------------------------------------------------------------

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

# --- deictic and reference words ------------------------------------------------------

#: Day words and their offset from the anchor day.
DAY_WORDS: dict[str, int] = {
    "today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0, "overnight": -1,
    "the day before yesterday": -2, "the day after tomorrow": 2,
}

#: Day words that carry a part of day of their own.
DAY_WORD_PARTS: dict[str, str] = {"tonight": "NI", "overnight": "NI"}

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


# --- direction and modifiers ----------------------------------------------------------

#: "last/next/this" -> offset of the period from the one containing the anchor.
DIRECTIONS: dict[str, int] = {
    "last": -1, "past": -1, "previous": -1, "preceding": -1, "prior": -1,
    "this": 0, "current": 0, "present": 0, "the current": 0, "this past": -1,
    "next": 1, "coming": 1, "following": 1, "upcoming": 1, "this coming": 1,
    "the coming": 1, "the next": 1, "the following": 1, "the previous": -1,
    "the past": -1, "the last": -1,
}

#: Anaphoric references to the time the text is narrating: "that day", "later that year",
#: "the next morning". Unit word -> the granularities of an earlier timex it can refer to
#: (nearest first). "the same day" is left out: it mostly refers to an event ("the same day
#: he resigned"), not to a date.
ANAPHORIC_UNITS: dict[str, tuple[Granularity, ...]] = {
    "day": (Granularity.DAY, Granularity.TIME),
    "morning": (Granularity.DAY, Granularity.TIME),
    "afternoon": (Granularity.DAY, Granularity.TIME),
    "evening": (Granularity.DAY, Granularity.TIME),
    "night": (Granularity.DAY, Granularity.TIME),
    "week": (Granularity.WEEK, Granularity.DAY, Granularity.TIME),
    "weekend": (Granularity.WEEK, Granularity.DAY, Granularity.TIME),
    "month": (Granularity.MONTH, Granularity.DAY, Granularity.TIME),
    "quarter": (Granularity.QUARTER, Granularity.MONTH, Granularity.DAY),
    "year": (Granularity.YEAR, Granularity.QUARTER, Granularity.HALF, Granularity.MONTH,
             Granularity.WEEK, Granularity.DAY, Granularity.TIME),
}

#: "the next/following/previous day": the day after/before the one being narrated.
ANAPHORIC_STEPS: dict[str, int] = {"next": 1, "following": 1, "previous": -1, "preceding": -1}

#: Directions that count from the date last mentioned, not from the anchor.
ANAPHORIC_DIRECTIONS: frozenset[str] = frozenset({
    "following", "the following", "previous", "the previous", "preceding", "prior",
})

#: Determiners that belong to the noun phrase, not to an adjectival time expression
#: ("a [[five-year]] plan", "the [[third-quarter]] loss").
DETERMINERS: frozenset[str] = frozenset({"a", "an", "the", "its", "their", "his", "her", "our", "your"})

#: Offset words after an amount: "two days ago", "a year earlier", "a week from now".
#: ("later", "before" and "after" are left out: TimeML annotates "three days later" and
#: "two days before the vote" as a duration, the other word being a signal.)
OFFSET_WORDS: dict[str, int] = {"ago": -1, "earlier": -1, "from now": 1, "hence": 1}

#: A preposition before an amount of time that, in a future clause, makes it the date that
#: far ahead ("will be redeemed in five years" -> the year five years on), not a length.
FUTURE_POINT_PREPOSITIONS: frozenset[str] = frozenset({"in"})

#: Words shortly before such a phrase that make it a span looked back over ("the first time
#: in thirty years", "its steepest drop in 80 years"); so do superlatives in "-est".
SPAN_BEFORE_WORDS: frozenset[str] = frozenset({
    "first", "last", "only", "most", "least", "best", "worst", "record", "ever", "time",
})

#: Date modifiers before a date: "early", "the end of" ... -> TIMEX3 mod.
DATE_MODIFIERS: dict[str, str] = {
    "early": "START", "earlier": "START", "the beginning of": "START", "the start of": "START",
    "beginning of": "START", "start of": "START", "the early part of": "START",
    "the dawn of": "START", "the first part of": "START",
    "mid": "MID", "mid-": "MID", "the middle of": "MID", "middle of": "MID", "the mid": "MID",
    "late": "END", "later": "END", "the end of": "END", "end of": "END", "the close of": "END",
    "the latter part of": "END", "the last part of": "END", "the tail end of": "END",
    "the rest of": "END", "the remainder of": "END", "the balance of": "END",
    "around": "APPROX", "approximately": "APPROX", "roughly": "APPROX",
}

#: Quantity modifiers before a duration: "more than two years" -> MORE_THAN.
QUANTITY_MODIFIERS: dict[str, str] = {
    "around": "APPROX", "approximately": "APPROX", "roughly": "APPROX",
    "some": "APPROX", "an estimated": "APPROX", "nearly": "APPROX",
    "close to": "APPROX", "just over": "MORE_THAN", "just under": "LESS_THAN",
    "more than": "MORE_THAN", "longer than": "MORE_THAN",
    "less than": "LESS_THAN", "fewer than": "LESS_THAN",
    "shorter than": "LESS_THAN",
    "at least": "EQUAL_OR_MORE", "no less than": "EQUAL_OR_MORE", "at most": "EQUAL_OR_LESS",
    "no more than": "EQUAL_OR_LESS", "up to": "EQUAL_OR_LESS", "as long as": "EQUAL_OR_MORE",
    "as many as": "EQUAL_OR_LESS", "as much as": "EQUAL_OR_LESS",
}

#: Words after a number that make it approximate: "two years or so".
APPROX_SUFFIXES: frozenset[str] = frozenset({"or so", "or more", "or longer", "plus"})

# --- frequency (SET) ------------------------------------------------------------------

#: Frequency adverbs/adjectives -> TIMEX3 SET value.
FREQUENCY_WORDS: dict[str, str] = {
    "hourly": "PT1H", "daily": "P1D", "nightly": "P1D", "weekly": "P1W",
    "biweekly": "P2W", "fortnightly": "P2W", "monthly": "P1M", "bimonthly": "P2M",
    "quarterly": "P3M", "annually": "P1Y", "yearly": "P1Y", "semiannually": "P6M",
}

#: Quantifiers that turn a unit or a calendar name into a SET: "every Tuesday".
SET_QUANTIFIERS: frozenset[str] = frozenset({"every", "each", "per", "a", "an"})

# --- tense cues -----------------------------------------------------------------------

#: Words that make the clause future (nearest cue to the expression wins).
FUTURE_CUES: frozenset[str] = frozenset({
    "will", "'ll", "shall", "wo", "going", "gonna", "next", "upcoming", "scheduled", "expected",
    "due", "planning", "intends", "slated", "tomorrow", "await", "awaits",
    "awaiting", "projected", "postponed", "delayed", "would", "might", "soon",
    "expects", "aims", "vows", "promises", "threatens", "likely", "payable", "effective",
    "should", "must", "begins", "starts", "opens", "resumes", "reopens", "meets", "convenes",
    "takes", "expires", "ends", "runs", "arrives", "departs", "leaves", "returns",
})

#: Two-word future cues: "set to resume", "plans to", "is to".
FUTURE_BIGRAMS: frozenset[tuple[str, str]] = frozenset({
    ("set", "to"), ("set", "for"), ("plans", "to"), ("plan", "to"), ("is", "to"), ("are", "to"),
    ("hopes", "to"), ("hope", "to"), ("wants", "to"), ("want", "to"), ("intend", "to"),
    ("aim", "to"), ("ready", "to"), ("about", "to"), ("supposed", "to"),
})

#: Modal verbs: "one day" right after one is a vague future point ("will one day be"), not a
#: duration.
MODALS: frozenset[str] = frozenset({"will", "would", "could", "might", "may", "can", "should", "shall", "must"})

#: Two-word phrases whose first word is not a tense cue there ("next to the embassy").
NOT_CUE_BIGRAMS: frozenset[tuple[str, str]] = frozenset({("next", "to")})

#: What follows the date heading an entry of a chronology ("February 24 - ...", "5 August: ...").
ENTRY_SEPARATORS: tuple[str, ...] = ("--", "-", ":", "\u2013", "\u2014")

#: Words right before a date that make it a deadline ahead ("until Tuesday", "by Friday").
DEADLINE_WORDS: frozenset[str] = frozenset({"until", "till", "by"})

#: Auxiliaries of the perfect: a past participle after them is not a simple past ("has won",
#: "will have spilled").
PERFECT_AUXILIARIES: frozenset[str] = frozenset({"has", "have", "had", "'ve", "'d"})

#: Future cues that count only before the expression ("would meet Friday"); after it they
#: usually belong to another clause ("if they had ... in June, then things would ...").
LEFT_ONLY_CUES: frozenset[str] = frozenset({"would", "might", "should", "must", "could"})

#: Past-tense auxiliaries that turn a following future cue into a past one
#: ("had been due to expire Friday", "was scheduled for Monday").
PAST_AUXILIARIES: frozenset[str] = frozenset({"had", "was", "were", "been"})

#: Words before a four-digit number that make it a name or a count, not a year
#: ("Resolution 1973", "flight 1549"); and words after it ("1930 people").
NOT_YEAR_BEFORE: frozenset[str] = frozenset({
    "resolution", "no", "no.", "number", "nos", "flight", "route", "room", "page", "pages",
    "article", "chapter", "section", "paragraph", "code", "model", "channel", "highway",
    "interstate", "bus", "apartment", "suite", "box", "item", "lot", "pin", "rule", "act",
    "bill", "hr", "h.r.", "s.", "file", "case", "exit", "gate", "pier", "platform", "street",
    "avenue", "seat", "row", "level", "version", "vol", "vol.", "issue", "hall",
})
NOT_YEAR_AFTER: frozenset[str] = frozenset({
    "people", "persons", "men", "women", "children", "troops", "soldiers", "police",
    "protesters", "civilians", "workers", "employees", "jobs", "dead", "deaths", "killed",
    "injured", "wounded", "homes", "houses", "cars", "barrels", "tons", "tonnes", "miles",
    "kilometers", "km", "feet", "meters", "points", "shares", "votes", "times", "cases",
    "units", "members", "residents", "refugees", "prisoners", "pounds", "dollars", "euros",
    # a 24-hour clock time: "(1400 GMT)"
    "gmt", "utc", "est", "edt", "cst", "cdt", "pst", "pdt", "cet", "bst", "hours", "hrs",
})

#: Capitalised words that, right after a capitalised weekday, "Daily", "Weekly" or "Night",
#: make it part of the name of a newspaper or a programme ("The Sunday Times", "the Daily
#: Mail", "Saturday Night Live"), not a time expression.
NAME_HEADS: frozenset[str] = frozenset({
    "times", "telegraph", "mirror", "express", "post", "herald", "independent", "mail", "star",
    "tribune", "observer", "standard", "news", "journal", "gazette", "chronicle", "sun",
    "record", "beast", "caller", "show", "live", "briefing", "kos", "planet", "globe", "nation",
    "edition", "magazine", "review",
})

#: Words before a time expression that keep it one even when a name head follows ("on
#: Tuesday Times Square was closed": unpunctuated text).
NAME_HEAD_EXCEPTIONS: frozenset[str] = frozenset({
    "on", "by", "until", "till", "since", "from", "last", "next", "this", "that", "early", "late",
    "before", "after", "of",
})

#: Function words: a capitalised one before "daily" opens a sentence or a title, it does not
#: name a country or a party ("French daily Le Figaro" is a newspaper, "With daily fire" is not).
FUNCTION_WORDS: frozenset[str] = frozenset({
    "with", "and", "but", "or", "for", "in", "on", "at", "by", "of", "from", "as", "to", "the",
    "a", "an", "its", "their", "his", "her", "our", "your", "my", "this", "that", "these", "those",
    "after", "before", "amid", "despite", "during", "under", "over", "through", "than", "more",
})

#: Abbreviations whose dot does not end a clause for the tense scan ("at 4 a.m. EDT
#: Thursday", "Sept. 5", "Mr. Smith"); one-letter abbreviations ("a.m.", "U.S.") never do.
NON_FINAL_ABBREVIATIONS: frozenset[str] = frozenset({
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    "Mon", "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat", "Sun",
    "Mr", "Mrs", "Ms", "Dr", "Gov", "Sen", "Rep", "Gen", "Lt", "Col", "Sgt", "Capt", "Adm",
    "St", "Jr", "Sr", "No", "Mt", "Ft", "Prof", "Rev", "Hon", "vs",
    # US states as news style abbreviates them ("in Biloxi, Miss., on Friday")
    "Ala", "Ariz", "Ark", "Calif", "Colo", "Conn", "Del", "Fla", "Ga", "Ill", "Ind", "Kan", "Ky",
    "La", "Md", "Mass", "Mich", "Minn", "Miss", "Mo", "Mont", "Neb", "Nev", "Okla", "Ore", "Pa",
    "Tenn", "Tex", "Va", "Vt", "Wash", "Wis", "Wyo",
})

#: Words that make the clause past.
PAST_CUES: frozenset[str] = frozenset({
    "was", "were", "had", "did", "said", "told", "ago", "last", "earlier", "yesterday", "used",
    "previously", "since", "went", "came", "took", "made", "met", "began", "saw", "gave",
    "got", "left", "held", "won", "lost", "fell", "rose", "found", "sent", "led",
    "ran", "spoke", "wrote", "brought", "thought", "felt", "kept", "paid", "sold", "bought",
    "struck", "hit", "shot", "killed", "died", "announced", "reported", "closed", "ended",
    "agreed", "arrived", "became", "broke", "chose", "drove", "fled", "flew", "fought",
    "grew", "heard", "knew", "meant", "put", "quit", "read", "rode", "sat", "set", "shut",
    "spent", "stood", "stole", "swore", "taught", "threw", "understood", "woke", "wore",
    "overnight",
})

#: Words ending in "-ed" that are not past-tense verbs (or not pointing to the past).
NOT_PAST_ED: frozenset[str] = frozenset({
    "need", "speed", "feed", "seed", "red", "bed", "shed", "indeed", "united", "hundred",
    "limited", "proceed", "succeed", "exceed", "led", "wed", "expected", "scheduled", "planned",
    "slated", "proposed", "intended", "anticipated", "projected", "delayed", "postponed", "based",
})

#: Words before an "-ed" word that make it an adjective, not a past verb ("a still
#: unspecified date", "the proposed merger", "its planned expansion"); an adverb may stand
#: between ("the recently announced plan": see :data:`PARTICIPLE_ADVERBS`). Words that can
#: also be a subject ("some chanted Friday", "that ended") are not here.
PARTICIPLE_DETERMINERS: frozenset[str] = DETERMINERS | frozenset({"my", "another"})

#: Adverbs that may stand between such a determiner and the participle.
PARTICIPLE_ADVERBS: frozenset[str] = frozenset({
    "still", "long", "much", "well", "ill", "so", "now", "once", "newly", "recently",
    "previously", "widely", "heavily", "highly", "largely", "closely", "jointly", "privately",
    "publicly", "officially", "originally", "formerly", "tentatively", "partially", "partly",
    "fully", "already", "hastily", "specially", "carefully", "poorly", "badly", "hotly",
})

#: Auxiliaries before a participle that make it not a tense cue ("will be held").
PASSIVE_AUXILIARIES: frozenset[str] = frozenset({"be", "been", "being", "is", "are"})

# --- holidays -------------------------------------------------------------------------

#: Holidays: ("fixed", month, day, 0) | ("onafter", month, weekday 1-7, day): the first such
#: weekday on or after that day of the month (the fourth Thursday of November is the
#: first Thursday on or after the 22nd) | ("easter", days after Easter Sunday, 0, 0).
HOLIDAYS: dict[str, tuple[str, int, int, int]] = {
    "christmas": ("fixed", 12, 25, 0), "christmas day": ("fixed", 12, 25, 0),
    "christmas eve": ("fixed", 12, 24, 0), "boxing day": ("fixed", 12, 26, 0),
    "new year's day": ("fixed", 1, 1, 0), "new year's eve": ("fixed", 12, 31, 0),
    "valentine's day": ("fixed", 2, 14, 0),
    "independence day": ("fixed", 7, 4, 0), "the fourth of july": ("fixed", 7, 4, 0),
    "halloween": ("fixed", 10, 31, 0), "veterans day": ("fixed", 11, 11, 0),
    "armistice day": ("fixed", 11, 11, 0), "bastille day": ("fixed", 7, 14, 0),
    "st. patrick's day": ("fixed", 3, 17, 0), "may day": ("fixed", 5, 1, 0),
    "thanksgiving": ("onafter", 11, 4, 22), "thanksgiving day": ("onafter", 11, 4, 22),
    "labor day": ("onafter", 9, 1, 1), "memorial day": ("onafter", 5, 1, 25),
    "martin luther king day": ("onafter", 1, 1, 15), "presidents day": ("onafter", 2, 1, 15),
    "columbus day": ("onafter", 10, 1, 8), "mother's day": ("onafter", 5, 7, 8),
    "father's day": ("onafter", 6, 7, 15), "election day": ("onafter", 11, 2, 2),
    "easter": ("easter", 0, 0, 0), "easter sunday": ("easter", 0, 0, 0),
    "easter monday": ("easter", 1, 0, 0), "good friday": ("easter", -2, 0, 0),
    "ash wednesday": ("easter", -46, 0, 0), "palm sunday": ("easter", -7, 0, 0),
}
