"""The tagger's grammar: named sub-patterns (macros) built from the lexicon, and what a rule is.

A rule is a pattern template plus the *kind* of value it produces (the normaliser function
that turns the rule's named groups into a TIMEX3 value) and the examples it is tested on;
the rules themselves are in :mod:`dateline.timex.rules`. Templates refer to macros:
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
from datetime import date
from enum import StrEnum

from dateline.model import TimexType
from dateline.timex import lexicon as lx

__all__ = [
    "EXAMPLE_ANCHOR", "MACROS", "MACRO_TABLES", "Example", "Family", "Kind", "Rule", "alternation",
    "example", "expand", "trie_regex", "words_of",
]


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


#: The publication date an example is resolved against unless it names its own (a Wednesday).
EXAMPLE_ANCHOR = date(2018, 1, 24)


@dataclass(frozen=True, slots=True)
class Example:
    """A phrase a rule must tag, and what it must make of it: the rule's test and its
    documentation (docs/tagger-rules.md is generated from the examples).

    ``text`` is tagged whole, against ``anchor``; the rule must produce a timex spanning
    ``text[start:end]`` with ``value``, ``mod`` and ``type`` (``None``: the rule's type).
    ``source`` names the TempEval-3 document (``TimeBank/wsj_0152``) whose text holds
    ``text`` and whose gold annotation gives that span that value; examples without a source
    are written for the rule or taken from Timeline17 articles (which have no gold values).
    Build examples with :func:`example`.
    """

    text: str
    start: int
    end: int
    value: str
    anchor: date = EXAMPLE_ANCHOR
    type: TimexType | None = None
    mod: str | None = None
    source: str | None = None

    @property
    def span(self) -> str:
        return self.text[self.start : self.end]


def example(marked: str, value: str, anchor: str | None = None, *, type: TimexType | None = None,
            mod: str | None = None, source: str | None = None) -> Example:
    """An :class:`Example` from text with the expression in brackets: ``example("The
    council will vote [Friday].", "2018-01-26")``; ``anchor`` is an ISO date."""
    start, end = marked.find("["), marked.find("]")
    if not 0 <= start < end or marked.count("[") != 1 or marked.count("]") != 1:
        raise ValueError(f"an example needs its expression in one pair of brackets: {marked!r}")
    text = marked[:start] + marked[start + 1 : end] + marked[end + 1 :]
    return Example(text, start, end - 1, value, date.fromisoformat(anchor) if anchor else EXAMPLE_ANCHOR,
                   type, mod, source)


@dataclass(frozen=True, slots=True)
class Rule:
    """One pattern of the grammar.

    ``kind`` names the normaliser function; ``type`` is the TIMEX3 type the kind produces
    unless the normaliser decides otherwise; ``template`` uses macros (see :func:`expand`).
    Rules earlier in :data:`dateline.timex.rules.RULES` win ties between matches of equal
    length. ``heads``, if given, names the macros whose words can be the rule's first
    trigger word (the engine then tries the rule only for those words, not for every word
    the template can match). ``examples`` are what the rule is tested and documented with.
    """

    name: str
    kind: Kind
    type: TimexType
    template: str
    heads: tuple[str, ...] = ()
    examples: tuple[Example, ...] = ()


@dataclass(frozen=True, slots=True)
class Family:
    """A family of rules (times of day, calendar dates ...), as documented together."""

    title: str
    about: str
    rules: tuple[Rule, ...]
