"""What every rule family shares: the context a match is resolved in, the resolution a
normaliser returns, and reading matched words through the lexicon."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from dateline.model import Granularity, Timex, TimexType
from dateline.timex import lexicon as lx

Groups = dict[str, str]


DAY_VALUE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?![0-9])")


@dataclass(slots=True)
class Context:
    """What a normaliser may look at besides the match: the text, the anchor day, and the
    timexes already found in this text (in order)."""

    text: str
    anchor: date
    #: Per granularity, the latest timex resolved without help from earlier ones (what a
    #: later "a year earlier" or "the following month" refers to). Constant-time look-ups
    #: keep tagging linear however many timexes a text has.
    references: dict[Granularity, Timex] = field(default_factory=dict)
    #: The latest timex that names a day (``1998-08-07``, ``1998-08-07T15:00``), however it
    #: was resolved: the day a later clock time without a day of its own is on.
    last_day: Timex | None = None

    def remember(self, timex: Timex) -> None:
        if timex.type in (TimexType.DATE, TimexType.TIME) and timex.value[:1].isdigit():
            self.references[timex.granularity] = timex

    def saw(self, timex: Timex) -> None:
        """Note a timex the engine keeps (resolved directly or from a reference)."""
        if DAY_VALUE.match(timex.value):
            self.last_day = timex

    def latest(self, grans: tuple[Granularity, ...]) -> Timex | None:
        """The latest remembered timex of one of these granularities."""
        found = [t for g in grans if (t := self.references.get(g)) is not None]
        return max(found, key=lambda t: t.start) if found else None


@dataclass(frozen=True, slots=True)
class Resolution:
    value: str
    type: TimexType | None = None  # None: the rule's type
    mod: str | None = None
    granularity: Granularity | None = None  # None: derived from the value
    from_reference: bool = False  # resolved against an earlier timex, not the anchor
    trim_determiner: bool = False  # adjectival ("a five-year plan"): the article is not part of it


_SPACES = re.compile(r"\s+")


_APOS = re.compile(r"\s?['\u2019]")


_DASH = re.compile(r"[\u2010\u2011\u2013]")


@lru_cache(maxsize=8192)
def key(text: str) -> str:
    """A lexicon key for matched text: lower case, one space, plain apostrophes/hyphens.
    (Memoised: the same few thousand words and phrases are looked up over and over.)"""
    k = _SPACES.sub(" ", text.strip().lower())
    k = _APOS.sub("'", k)
    return _DASH.sub("-", k)


def lookup(table: dict[str, object] | frozenset[str], text: str) -> object | None:
    """Look ``text`` up in a lexicon table, trying its abbreviation spellings."""
    k = key(text)
    for cand in (k, k + ".", k.rstrip("."), k.replace("-", " "), k.replace(" ", "-")):
        if cand in table:
            return table[cand] if isinstance(table, dict) else cand
    return None


_DIGITS = re.compile(r"[0-9][0-9,]*(?:\.[0-9]+)?")


_FRACTIONS = {"1/2": 0.5, "1/4": 0.25, "3/4": 0.75, "\u00bd": 0.5}


def parse_number(text: str) -> float | None:
    """"2 1/2" -> 2.5, "twenty-four" -> 24, "a couple of" -> 2, "1,000" -> 1000."""
    k = key(text)
    extra = 0.0
    for suffix in (" and a half", " and half", "-and-a-half"):
        if k.endswith(suffix):
            k, extra = k[: -len(suffix)], 0.5
    parts = k.split(" ")
    if len(parts) == 2 and parts[1] in _FRACTIONS:
        k, extra = parts[0], _FRACTIONS[parts[1]]
    if _DIGITS.fullmatch(k):
        return float(k.replace(",", "")) + extra
    value = lookup(lx.CARDINALS, k)
    if isinstance(value, int):
        return value + extra
    pieces = re.split(r"[- ]+", k)
    if len(pieces) == 2 and pieces[0] in lx.TENS:
        tens, ones = lx.CARDINALS.get(pieces[0]), lx.CARDINALS.get(pieces[1])
        if tens is not None and ones is not None and ones < 10:
            return tens + ones + extra
    return None


def cap_ok(text: str) -> bool:
    """Calendar names must be capitalised (or the text is all capitals)."""
    return bool(text) and text[0].isupper()


def month_number(text: str) -> int | None:
    if text.isdigit():
        n = int(text)
        return n if 1 <= n <= 12 else None
    if not cap_ok(text):
        return None
    v = lookup(lx.MONTHS, text)
    return v if isinstance(v, int) else None


def year_number(text: str, anchor: date) -> int:
    """A year from "1998", "98" or "'98" (two digits: the year within 50 years of the anchor)."""
    digits = text.lstrip("'\u2019")
    y = int(digits)
    if len(digits) == 2:
        century = anchor.year // 100 * 100
        y += century
        if y > anchor.year + 50:
            y -= 100
        elif y < anchor.year - 50:
            y += 100
    return y


def day_number(text: str) -> int:
    return int(re.match(r"[0-9]+", text).group(0))  # type: ignore[union-attr]


def mod_of(groups: Groups) -> str | None:
    if "midmod" in groups:
        return "MID"
    if "mod" in groups:
        v = lookup(lx.DATE_MODIFIERS, groups["mod"])
        return v if isinstance(v, str) else None
    if "qmod" in groups:
        v = lookup(lx.QUANTITY_MODIFIERS, groups["qmod"])
        return v if isinstance(v, str) else None
    if "approx" in groups:
        return {"or so": "APPROX", "or more": "EQUAL_OR_MORE", "or longer": "EQUAL_OR_MORE",
                "plus": "EQUAL_OR_MORE"}.get(key(groups["approx"]))
    return None


def unit_of(text: str) -> str | None:
    u = lookup(lx.UNIT_SPELLINGS, text)
    return u if isinstance(u, str) else None


_PREV_WORD = re.compile(r"([A-Za-z-]{1,20})[\s,]{1,3}$")


def prev_word(ctx: Context, start: int) -> str:
    m = _PREV_WORD.search(ctx.text, max(0, start - 24), start)
    return m.group(1).lower() if m else ""


#: A normaliser: (context, the match's named groups, start, end) -> a resolution, or None to reject the match.
Normaliser = Callable[[Context, Groups, int, int], 'Resolution | None']
