"""The tagger's grammar: named sub-patterns built from the lexicon, and the rule table.

A rule is a pattern template plus the *kind* of value it produces (the normaliser function
that turns the rule's named groups into a TIMEX3 value). Templates refer to macros:
``{MONTH}`` is a non-capturing use, ``{MONTH:month}`` captures it as group ``month``.
Adding an expression means adding a rule or a lexicon entry, not engine code.

Every pattern is built from bounded repetitions over disjoint pieces (``\\s{1,3}``, fixed
word lists, ``\\d{1,4}``), so no rule can backtrack catastrophically; the engine applies
them only at a few positions around trigger words, so tagging is linear in the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from dateline.model import TimexType
from dateline.timex import lexicon as lx

__all__ = ["MACROS", "MACRO_TABLES", "RULES", "Kind", "Rule", "alternation", "expand", "trie_regex", "words_of"]


class Kind(StrEnum):
    """What a rule's match is resolved as: each kind has one normaliser function
    (:data:`dateline.timex.normalise.KINDS`)."""

    TIME = "time"
    DATE = "date"
    DAYWORD = "dayword"
    WEEKDAY = "weekday"
    WEEK_OF = "week_of"
    DAY_BEFORE = "day_before"
    MONTH_YEAR = "month_year"
    HOLIDAY = "holiday"
    YEAR = "year"
    YEAR_WORDS = "year_words"
    YEAR_END = "year_end"
    FULL_YEAR = "full_year"
    DECADE = "decade"
    CENTURY = "century"
    QUARTER = "quarter"
    YEAR_PERIOD = "year_period"
    SEASON = "season"
    REL_PERIOD = "rel_period"
    VAGUE_REF = "vague_ref"
    REF = "ref"
    ANAPHORIC = "anaphoric"
    LATEST_PERIOD = "latest_period"
    YEAR_AGO = "year_ago"
    OFFSET = "offset"
    DURATION = "duration"
    UNIT_LONG = "unit_long"
    SET = "set"


_HYPHEN = "[-\u2010\u2011\u2013 ]?"
_APOSTROPHE = "\\s?['\u2019]"  # "new year's", tokenised "new year 's", typographic


def _atoms(entry: str, space: str = r"\s{1,3}") -> list[str]:
    """The regex atoms of one lexicon entry: a space is bounded whitespace (``space``), a
    hyphen may be a space or missing, a trailing abbreviation dot is optional unless
    :data:`lexicon.DOT_REQUIRED` says otherwise."""
    body, tail = entry, []
    if entry.endswith(".") and len(entry) > 1:
        body = entry[:-1]
        tail = [r"\." if entry in lx.DOT_REQUIRED else r"\.?"]
    special = {" ": space, "-": _HYPHEN, "'": _APOSTROPHE}
    return [special.get(ch) or re.escape(ch) for ch in body] + tail


#: A trie of regex atoms: atom -> the trie of what may follow ("" marks an end).
_Trie = dict[str, "_Trie"]


def trie_regex(sequences: Iterable[Sequence[str]]) -> str:
    """A regex alternation of atom sequences factored as a trie, so the regex engine decides
    on each character once instead of trying every word in turn; longer continuations are
    tried first (so "september" wins over "sept.")."""
    trie: _Trie = {}
    for seq in sequences:
        node = trie
        for atom in seq:
            node = node.setdefault(atom, {})
        node[""] = {}

    def depth(node: _Trie) -> int:
        return max((1 + depth(child) for atom, child in node.items() if atom), default=0)

    def emit(node: _Trie) -> str:
        children = sorted(((a, c) for a, c in node.items() if a), key=lambda ac: (-depth(ac[1]), ac[0]))
        branches = [atom + emit(child) for atom, child in children]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return "(?:" + emit(trie) + ")"


def alternation(entries: Iterable[str], space: str = r"\s{1,3}") -> str:
    """A non-capturing alternation of lexicon entries (as a trie, longest first); a space in
    an entry matches ``space``."""
    return trie_regex(_atoms(e, space) for e in set(entries))


_ONES, _HOURS = list(lx.ONES), list(lx.CLOCK_HOURS)

#: Named sub-patterns. Every quantifier is bounded.
MACROS: dict[str, str] = {
    "SP": r"\s{1,3}",
    "SP0": r"\s{0,3}",
    "SEP": r"(?:\s{0,2},\s{0,2}|\s{1,3}|\s{0,2}-\s{0,2})",  # between date parts; tokenised commas
    "MONTH": alternation(lx.MONTHS),
    "WEEKDAY": alternation(lx.WEEKDAYS),
    "WEEKDAYPREFIX": trie_regex(_atoms(w.rstrip(".")) + ([r"\.?"] if w.endswith(".") else []) for w in lx.WEEKDAYS),
    "SEASON": alternation(lx.SEASONS),
    "PART": alternation(lx.PARTS_OF_DAY),
    "NAMEDTIME": alternation(lx.NAMED_TIMES),
    "DAYWORD": alternation(lx.DAY_WORDS),
    "ORD": alternation(lx.ORDINALS),
    "DIR": alternation(lx.DIRECTIONS),
    "OFFSET": alternation(lx.OFFSET_WORDS),
    "DMOD": alternation(k for k in lx.DATE_MODIFIERS if not k.endswith("-")),
    "QMOD": alternation(lx.QUANTITY_MODIFIERS),
    "UNIT": alternation(lx.UNIT_SPELLINGS),
    "FREQ": alternation(lx.FREQUENCY_WORDS),
    "REF": alternation(lx.REF_WORDS),
    "VAGUE": alternation(lx.VAGUE_QUANTITIES),
    "DECADEWORD": alternation(lx.DECADE_WORDS),
    "YEARHUNDRED": alternation(lx.YEAR_HUNDREDS),
    "YEARWORDS": "(?:" + alternation(lx.YEAR_HUNDREDS) + r"\s{1,3}(?:oh\s{1,3})?" + alternation(_ONES + sorted(lx.TENS)) + r"(?:[-\s]{1,2}" + alternation(_ONES) + ")?)",
    "HOLIDAY": alternation(lx.HOLIDAYS),
    "APPROXSUF": alternation(lx.APPROX_SUFFIXES),
    # numbers
    "DAYNUM": r"(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?(?![\d])",
    "YEAR4": r"(?:1[0-9]|20|21)[0-9]{2}(?![\d])",
    "YEAR2": r"['\u2019][0-9]{2}(?![\d])",
    "NUMWORD": (
        "(?:(?:" + alternation(lx.TENS) + r"(?:[-\s]{1,2}" + alternation(_ONES) + ")?"
        "|" + alternation(k for k in lx.CARDINALS if k not in lx.TENS) + r")(?:[-\s]{1,2}(?:hundred|thousand))?)"
    ),
    "DIGITS": r"(?:[0-9]{1,3}(?:,[0-9]{3}){1,2}|[0-9]{1,5})(?:\.[0-9]{1,3})?(?![\d])",
    "FRACTION": r"(?:\s{1,2}(?:1/2|1/4|3/4|\u00bd)|\s{1,3}and\s{1,3}(?:a\s{1,3})?half|-and-a-half)",
    # clock
    "CLOCK12": r"(?:1[0-2]|0?[1-9])(?:[:.][0-5][0-9])?\s{0,2}(?:[ap]\.\s{0,1}m\.?|[ap]m(?![a-z]))",
    "CLOCK24": r"(?:[01]?[0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])?(?![0-9:])",
    "HOURWORD": alternation(_HOURS),
    "OCLOCK": r"(?:1[0-2]|0?[1-9]|" + alternation(_HOURS) + r")\s{1,3}o['\u2019]clock",
    "TZ": r"(?-i:(?:[ECMP][SD]T|GMT|UTC|ET|PT|CT|BST|CET|CEST|EET|MSK|JST|IST|HKT))",
}
# A four-digit 24-hour clock, only with a time zone or "local time" after it ("1400 GMT").
MACROS["CLOCKMIL"] = r"(?:[01][0-9]|2[0-3])[0-5][0-9](?=\s{1,3}(?:" + MACROS["TZ"] + r"|local\s{1,3}time))"

# Composite macros (built from the ones above).
MACROS["NUMBER"] = (
    "(?:" + MACROS["DIGITS"] + "|" + MACROS["NUMWORD"] + ")(?:" + MACROS["FRACTION"] + ")?"
)
MACROS["YEAR"] = "(?:" + MACROS["YEAR4"] + "|" + MACROS["YEAR2"] + ")"
MACROS["CLOCK"] = "(?:" + "|".join(MACROS[k] for k in ("CLOCK12", "OCLOCK", "CLOCK24", "CLOCKMIL", "NAMEDTIME")) + ")"

#: The lexicon entries each macro is built from: the words a macro can match are these
#: entries' words plus the literal words of its regex (the engine uses this to try, for a
#: trigger word, only the rules that can contain it).
MACRO_TABLES: dict[str, tuple[Iterable[str], ...]] = {
    "MONTH": (lx.MONTHS,), "WEEKDAY": (lx.WEEKDAYS,), "WEEKDAYPREFIX": (lx.WEEKDAYS,), "SEASON": (lx.SEASONS,),
    "PART": (lx.PARTS_OF_DAY,), "NAMEDTIME": (lx.NAMED_TIMES,), "DAYWORD": (lx.DAY_WORDS,),
    "ORD": (lx.ORDINALS,), "DIR": (lx.DIRECTIONS,), "OFFSET": (lx.OFFSET_WORDS,),
    "DMOD": (lx.DATE_MODIFIERS,), "QMOD": (lx.QUANTITY_MODIFIERS,), "UNIT": (lx.UNIT_SPELLINGS,),
    "FREQ": (lx.FREQUENCY_WORDS,), "REF": (lx.REF_WORDS,), "VAGUE": (lx.VAGUE_QUANTITIES,),
    "DECADEWORD": (lx.DECADE_WORDS,), "YEARHUNDRED": (lx.YEAR_HUNDREDS,),
    "YEARWORDS": (lx.YEAR_HUNDREDS, _ONES, lx.TENS), "HOLIDAY": (lx.HOLIDAYS,),
    "APPROXSUF": (lx.APPROX_SUFFIXES,), "NUMWORD": (lx.CARDINALS, lx.TENS, _ONES),
    "NUMBER": (lx.CARDINALS, lx.TENS, _ONES), "HOURWORD": (_HOURS,), "OCLOCK": (_HOURS,),
    "CLOCK": (_HOURS, lx.NAMED_TIMES),
}


def words_of(entries: Iterable[str]) -> set[str]:
    """The single words of lexicon entries, lower case, without abbreviation dots."""
    out: set[str] = set()
    for entry in entries:
        out.update(w.rstrip(".") for w in re.split(r"[\s'-]+", entry.lower()) if w.rstrip("."))
    return out


_MACRO_REF = re.compile(r"\{([A-Z][A-Z0-9]*)(?::([a-z0-9_]+))?\}")


def expand(template: str) -> str:
    """Replace ``{MACRO}``/``{MACRO:name}`` in ``template`` by the macro's regex."""

    def sub(m: re.Match[str]) -> str:
        body = MACROS[m.group(1)]
        return f"(?P<{m.group(2)}>{body})" if m.group(2) else f"(?:{body})"

    return _MACRO_REF.sub(sub, template)


@dataclass(frozen=True, slots=True)
class Rule:
    """One pattern of the grammar.

    ``kind`` names the normaliser function; ``type`` is the TIMEX3 type the kind produces
    unless the normaliser decides otherwise; ``template`` uses macros (see :func:`expand`).
    Rules earlier in :data:`RULES` win ties between matches of equal length. ``heads``, if
    given, names the macros whose words can be the rule's first trigger word (the engine
    then tries the rule only for those words, not for every word the template can match).
    """

    name: str
    kind: Kind
    type: TimexType
    template: str
    heads: tuple[str, ...] = ()


D, T, DUR, S = TimexType.DATE, TimexType.TIME, TimexType.DURATION, TimexType.SET
K = Kind

# Pieces shared by several rules.
_THE = r"(?:the{SP})?"
_DATEMOD = r"(?:{DMOD:mod}{SP}|(?P<midmod>mid)[-\u2010\u2013]\s{0,1})?"
_DAY_PHRASE = (
    r"(?:(?:{WEEKDAYPREFIX:wd}{SEP})?{MONTH:month}{SP}{DAYNUM:day}(?:{SEP}{YEAR:year})?"
    r"|(?:{WEEKDAYPREFIX:wd2}{SEP})?{DAYNUM:day2}{SP}(?:of{SP})?{MONTH:month2}(?:{SEP}{YEAR4:year2})?"
    r"|(?:{WEEKDAYPREFIX:wd4}{SEP})?{MONTH:month3}{SP}{ORD:dayord3}(?:{SEP}{YEAR4:year3})?"
    r"|(?:{WEEKDAYPREFIX:wd5}{SEP})?{MONTH:month4}{SP}the{SP}(?:{DAYNUM:day4}|{ORD:dayord4})(?:{SEP}{YEAR4:year4})?"
    r"|(?:{DIR:dir}{SP})?{WEEKDAY:wd3}|{DAYWORD:dw})"
)

RULES: tuple[Rule, ...] = (
    # --- times of day -----------------------------------------------------------------
    Rule("clock_day", K.TIME, T,
         r"(?:{QMOD:qmod}{SP})?{CLOCK:clock}(?:{SP}{TZ:tz})?(?:,?{SP}(?:on{SP})?" + _DAY_PHRASE
         + r"|{SP}(?P<dirw>this|tomorrow|yesterday){SP}(?P<partw>morning|afternoon|evening|night))?"),
    Rule("hour_part", K.TIME, T,
         r"(?P<clock>1[0-2]|[1-9]|{HOURWORD})(?:{SP}o['\u2019]clock)?"
         r"{SP}(?:(?P<dirw>this|tomorrow|yesterday)|in{SP}the|at)"
         r"{SP}(?P<partw>morning|afternoon|evening|night)"),
    Rule("day_clock", K.TIME, T,
         r"(?:(?:{DIR:dir}{SP})?{WEEKDAY:wd3}|{DAYWORD:dw}){SP}(?:at{SP})?{CLOCK:clock}(?:{SP}{TZ:tz})?"),
    Rule("part_day", K.TIME, T,
         _DATEMOD + r"(?:(?:{DIR:dir}{SP})?{WEEKDAY:wd3}|{DAYWORD:dw}){SP}{PART:part}"),
    Rule("part_dayword", K.TIME, T,
         _DATEMOD + r"{PART:part}{SP}(?:of{SP})?" + _DAY_PHRASE, heads=("PART",)),  # "the night of Friday, Oct. 23"
    Rule("this_part", K.TIME, T,
         _DATEMOD + r"(?:(?P<dirw>this|last|tomorrow|yesterday){SP})?{PART:part}"),
    # --- calendar dates ----------------------------------------------------------------
    Rule("iso_date", K.DATE, D,
         r"(?P<year>[12][0-9]{3})-(?P<month>0[1-9]|1[0-2])-(?P<day>3[01]|[12][0-9]|0[1-9])"
         r"(?:T(?P<clock>(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])?))?(?![\d])"),
    Rule("numeric_mdy", K.DATE, D,
         r"(?P<month>1[0-2]|0?[1-9])/(?P<day>3[01]|[12][0-9]|0?[1-9])/(?P<year>[12][0-9]{3}|[0-9]{2})(?![\d/])"),
    Rule("month_day_year", K.DATE, D, _DATEMOD + _DAY_PHRASE.replace("|(?:{DIR:dir}{SP})?{WEEKDAY:wd3}|{DAYWORD:dw}", "")),
    Rule("day_before", K.DAY_BEFORE, D,
         r"the{SP}(?P<dayrel>day|night){SP}(?P<rel>before|after){SP}" + _DAY_PHRASE),
    Rule("week_of", K.WEEK_OF, D,
         r"the{SP}week{SP}of{SP}(?:{MONTH:month}{SP}{DAYNUM:day}(?:{SEP}{YEAR:year})?|{DAYNUM:day2}{SP}{MONTH:month2}(?:{SEP}{YEAR4:year2})?)"),
    Rule("ordinal_of_month", K.DATE, D,
         r"the{SP}{ORD:dayord}{SP}of{SP}{MONTH:month}(?:{SEP}{YEAR4:year})?"),
    Rule("month_year", K.MONTH_YEAR, D,
         _DATEMOD + r"(?:{DIR:dir}{SP})?{MONTH:month}(?:{SP}of)?(?:{SEP}{YEAR:year}|{SP}(?P<yeardir>this|last|next){SP}year"
         r"|{SP}{YEARWORDS:yearw})?"),
    Rule("holiday", K.HOLIDAY, D,
         _DATEMOD + r"(?:{DIR:dir}{SP})?{HOLIDAY:holiday}(?:{SEP}{YEAR4:year})?(?:{SP}(?P<hweek>week(?:end)?)\b)?"),
    Rule("year", K.YEAR, D,
         _DATEMOD + r"(?:(?:the{SP})?(?:fiscal|calendar|model|school|financial)(?:{SP}year)?{SP}|the{SP}year{SP})?"
         r"(?:{YEAR4:year}|(?P<fy>FY|fy|fiscal\s{0,1})(?P<year2>[0-9]{2}|[12][0-9]{3}))(?![\d])"),
    Rule("year_words", K.YEAR_WORDS, D,
         _DATEMOD + r"(?:(?:the{SP})?year{SP})?(?:{YEARHUNDRED:hundreds}{SP}(?:(?P<oh>oh){SP}{NUMWORD:ones}|{NUMWORD:rest})"
         r"|two{SP}thousand(?:{SP}(?:and{SP})?{NUMWORD:rest2})?)"),
    Rule("year_end", K.YEAR_END, D,
         r"(?:(?:around|about|by){SP})?(?:the{SP})?(?:year[-\u2010\u2013 ]end|year['\u2019]s{SP}end|end{SP}of{SP}the{SP}year)"),
    Rule("full_year", K.FULL_YEAR, D,
         r"the{SP}(?:full|entire|whole|current|latest){SP}(?:(?:fiscal|calendar){SP})?year"),
    Rule("decade", K.DECADE, D,
         _THE + _DATEMOD + r"(?P<cent>1[0-9]|20)?(?P<apos>['\u2019])?(?P<dec>[0-9])0['\u2019]?s(?![\w])"),
    Rule("decade_word", K.DECADE, D,
         _THE + _DATEMOD + r"{DECADEWORD:decword}"),
    Rule("century", K.CENTURY, D,
         _THE + _DATEMOD + r"{ORD:ord}(?:{SP}|-)century"),
    Rule("quarter", K.QUARTER, D,
         r"(?:(?:the|its|their){SP})?" + _DATEMOD + r"(?:(?:comparable|corresponding){SP})?(?:(?P<yearago>year[-\u2010\u2013](?:ago|earlier)){SP}|{DIR:dir}{SP}|{YEAR4:year3}{SP}|(?P<possdir>this|last|next){SP}year['\u2019]s{SP}"
         r"|{YEAR4:year4}['\u2019]s{SP})?(?:(?:fiscal|calendar)(?:{SP}|-))?(?:{ORD:ord}|(?P<lastord>final|last))(?:{SP}|-)(?P<qh>quarter|half)"
         r"(?:{SP}of{SP}(?:the{SP})?(?:(?:fiscal|calendar){SP})?(?:{YEAR4:year}|(?P<ofdir>this|last|next|the){SP}year)"
         r"|{SP}(?:fiscal{SP})?{YEAR4:year2}|{SP}(?P<yeardir>last|this|next){SP}year)?"),
    Rule("year_period", K.YEAR_PERIOD, D,
         r"(?:the{SP}{YEAR4:year}|(?P<possdir>this|last|next){SP}year['\u2019]s|{YEAR4:year2}['\u2019]s){SP}(?:fiscal{SP})?(?P<unit>quarter|half|period)"),
    Rule("quarter_code", K.QUARTER, D,
         r"(?P<qcode>Q[1-4]|[1-4]Q|H[12])(?:{SP}(?:FY)?{YEAR:year})?"),
    Rule("season", K.SEASON, D,
         r"(?:(?P<the0>the){SP})?" + _DATEMOD + r"(?:(?P<the>the){SP}|{DIR:dir}{SP})?{SEASON:season}"
         r"(?:{SP}(?:of{SP})?(?:{YEAR4:year}|{YEARWORDS:yearw})|{SP}(?P<yeardir>this|last|next){SP}year)?"),
    # --- relative periods --------------------------------------------------------------
    Rule("anaphoric", K.ANAPHORIC, D,
         r"(?:(?P<rel>earlier|later){SP})?that{SP}(?P<aunit>day|morning|afternoon|evening|night|week|weekend|month|quarter|year)"
         r"|the{SP}(?P<astep>next|following|previous|preceding){SP}(?P<aunit2>day|morning|afternoon|evening|night)"
         # "down from $450 million the year before.": the clause ends there
         r"|the{SP}(?P<aunit3>day|week|month|year){SP}(?P<aside>before|after|earlier|later)"
         r"(?=\s{0,3}(?:[.,;:!?)\"'\u201d]|and\b|but\b|$))"),
    Rule("rel_period", K.REL_PERIOD, D,
         _DATEMOD + r"(?:{DIR:dir}|(?P<the>the)(?:{SP}(?P<latest>latest|same|current|most{SP}recent))?){SP}"
         r"(?:(?:fiscal|calendar){SP})?{UNIT:unit}(?:{SP}{APPROXSUF:approx})?"),
    Rule("latest_period", K.LATEST_PERIOD, D,
         r"the{SP}(?:latest|most{SP}recent|current){SP}period"),
    Rule("year_ago_adj", K.YEAR_AGO, D,
         r"(?:the{SP})?(?P<unitadj>year|month|quarter)[-\u2010\u2013](?P<offw>earlier|ago)"
         r"(?:{SP}(?P<unit>quarter|period|month|year))?"),
    Rule("offset", K.OFFSET, D,
         r"(?:{QMOD:qmod}{SP})?(?:{NUMBER:num}|{VAGUE:vague})(?:{SP}|-)(?:(?:more|additional|full|long){SP})?"
         r"{UNIT:unit}(?:{SP}{APPROXSUF:approx})?{SP}{OFFSET:off}"),
    Rule("bare_offset", K.OFFSET, D,
         r"(?P<unit>years|months|weeks|days|decades|centuries){SP}{OFFSET:off}"),
    Rule("dayword", K.DAYWORD, D, _DATEMOD + r"{DAYWORD:dw}"),
    Rule("weekday", K.WEEKDAY, D, _DATEMOD + r"(?:{DIR:dir}{SP})?{WEEKDAY:wd3}"),
    Rule("ref", K.REF, D, r"{REF:ref}"),
    # --- durations ----------------------------------------------------------------------
    Rule("unit_long", K.UNIT_LONG, DUR,
         r"(?:(?:a|an|the|its|their|his|her){SP})?(?P<unit>{UNIT})[-\u2010\u2013]long"),  # "a day-long meeting", "decades-long"
    Rule("duration", K.DURATION, DUR,
         r"(?:{QMOD:qmod}{SP})?(?:(?:the|a|an|its|their|his|her|each{SP}of{SP}the){SP})?"
         r"(?:(?:{DIR:dir}|first|final|latest|initial|same|remaining|entire|full){SP})?"
         r"(?:{NUMBER:num}|{VAGUE:vague})(?:{SP}|[-\u2010\u2013])(?:(?:more|additional|full|long|straight|consecutive|trading|business){SP})?"
         r"{UNIT:unit}(?P<andhalf>{SP}and{SP}a{SP}half)?(?:[-\u2010\u2013](?:old|long))?(?:{SP}{APPROXSUF:approx})?"),
    Rule("num_to_num", K.DURATION, DUR,
         r"(?:{QMOD:qmod}{SP})?(?:(?:the|a){SP})?(?:(?:{DIR:dir}|first){SP})?{NUMBER:num}(?:{SP}(?:to|or)|-|\u2013){SP0}"
         r"{NUMBER:num2}(?:{SP}|-){UNIT:unit}"),
    Rule("vague_plural", K.VAGUE_REF, D,
         r"(?:the{SP})?(?:{DIR:dir}|recent|coming|ensuing|future){SP}"
         r"(?P<unit>years|months|weeks|days|decades|hours|minutes|centuries|quarters)"),
    Rule("plural_ahead", K.VAGUE_REF, D,
         r"(?:the{SP})?(?P<unit>years|months|weeks|days|decades){SP}ahead"),
    Rule("bare_plural", K.DURATION, DUR,
         r"(?:(?<=for )|(?<=in )|(?<=within )|(?<=after )|(?<=over ))(?P<unit>years|months|weeks|decades|centuries|hours|minutes)"),
    # --- sets ---------------------------------------------------------------------------
    Rule("every_unit", K.SET, S,
         r"(?:every|each|per){SP}(?:other{SP})?(?:{NUMBER:num}{SP})?{UNIT:unit}"),
    Rule("every_weekday", K.SET, S,
         r"(?:every|each){SP}(?:other{SP})?(?:{WEEKDAY:wd3}|(?P<weekdayplural>mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays))(?:{SP}{PART:part})?"),
    Rule("every_month", K.SET, S, r"(?:every|each){SP}{MONTH:month}"),
    Rule("every_part", K.SET, S, r"(?:every|each){SP}{PART:part}"),
    Rule("times_per", K.SET, S,
         r"(?:once|twice|{NUMBER:count}{SP}times){SP}(?:a|an|per|every|each){SP}(?:{NUMBER:num}{SP})?{UNIT:unit}"),
    Rule("frequency", K.SET, S, r"{FREQ:freq}"),
)
