"""Words that make a look-alike not a time expression: a count ("1930 people"), a name ("The
Sunday Times", "Resolution 1973"), a verb ("may", "march"), a rate ("$5 million a year")."""

from __future__ import annotations

from dateline.timex.lexicon.calendar import WEEKDAYS

__all__ = [
    "COUNT_NOUNS",
    "FUNCTION_WORDS",
    "LENGTH_PREPOSITIONS",
    "MONTH_DETERMINERS",
    "NAME_HEADS",
    "NAME_HEAD_EXCEPTIONS",
    "NAME_WORDS",
    "NEWSPAPER_NOUNS",
    "NOT_YEAR_AFTER",
    "NOT_YEAR_BEFORE",
    "PERCENT_WORDS",
    "PREPOSITIONS",
    "RATE_WORDS",
    "TIME_PREPOSITIONS",
]


#: Determiners before which an ambiguous month name used as a modifier is the month ("the
#: March accession", "this May deadline").
MONTH_DETERMINERS: frozenset[str] = frozenset({"the", "a", "this", "that", "its", "their", "his", "her", "our"})

#: Prepositions: after "the March" they make it the noun ("the March on Washington").
PREPOSITIONS: frozenset[str] = frozenset({
    "on", "of", "to", "for", "from", "in", "into", "against", "across", "through", "toward",
    "towards", "at", "by", "with", "past", "around", "along", "up", "down", "out", "over",
})

#: Words whose capitalised form can open the name of a newspaper or a programme (see
#: :data:`NAME_HEADS`).
NAME_WORDS: frozenset[str] = frozenset(WEEKDAYS) | {"daily", "weekly", "night"}

#: Frequency words that are also nouns for a newspaper ("the Communist Party daily Granma").
NEWSPAPER_NOUNS: frozenset[str] = frozenset({"daily", "weekly"})

#: Words before an ambiguous month name ("May", "March") or a bare season that make it the
#: time ("in May", "since March", "during the summer" ...).
TIME_PREPOSITIONS: frozenset[str] = frozenset({
    "in", "since", "by", "until", "till", "through", "from", "to", "during", "before",
    "after", "of", "between", "and", "or", "last", "next", "this", "early", "late", "mid",
    "around", "about", "circa", "throughout", "on", "for", "that", "as", "past",
})

#: Words shortly before "a year" that make it a rate ("$5 million a year", "3 percent a
#: month"), unless one of :data:`LENGTH_PREPOSITIONS` comes right before it.
RATE_WORDS: frozenset[str] = frozenset({
    "percent", "million", "billion", "thousand", "hundred", "times", "once", "twice", "cent",
    "cents", "dollar", "dollars", "barrels", "tons", "people", "each", "share", "point", "points",
})

#: Prepositions right before "a year" that make it a length ("for a year", "in a year").
LENGTH_PREPOSITIONS: frozenset[str] = frozenset({
    "for", "in", "within", "after", "over", "during", "about", "than", "of", "last", "past",
    "next", "since", "until", "by", "before",
})

#: Words after a four-digit number that make it a percentage, not a year (as does "%").
PERCENT_WORDS: frozenset[str] = frozenset({"percent", "per cent"})

#: Words after a number that make it a count or an amount, not a day of the month ("April 24
#: and 25 people", "June 3 to 5 percent"); units of time are in :data:`UNIT_SPELLINGS`.
COUNT_NOUNS: frozenset[str] = frozenset({
    "percent", "pct", "per", "cent", "people", "persons", "times", "others", "of", "million",
    "billion", "thousand", "hundred", "dollars", "dollar", "points", "point", "games", "game",
    "goals", "seats", "votes", "members", "men", "women", "children", "killed", "dead",
    "injured", "wounded", "ago", "and a half",
})

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
