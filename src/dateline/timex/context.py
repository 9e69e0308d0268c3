"""What every rule family shares: the context a match is resolved in, the resolution a
normaliser returns, and reading matched words through the lexicon."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import TypeVar

from dateline.model import Granularity, Timex, TimexType
from dateline.timex import lexicon as lx
from dateline.timex.lexicon import Mod
from dateline.timex.policy import DEFAULT_POLICY, Policy

__all__ = [
    "DAY_VALUE", "Context", "Groups", "Normaliser", "Resolution", "cap_ok", "day_number", "key",
    "lookup", "mod_of", "month_number", "parse_number", "prev_word", "unit_of", "year_number",
]

#: A match's named groups that took part in it: group name -> matched text.
Groups = dict[str, str]

#: A day value (``1998-08-07``, also the day of ``1998-08-07T15:00``).
DAY_VALUE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?![0-9])")


@dataclass(slots=True)
class Context:
    """What a normaliser may look at besides the match: the text, the anchor day, the
    policy, and the timexes already found in this text (in order)."""

    text: str
    anchor: date
    policy: Policy = DEFAULT_POLICY
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
    """What a normaliser makes of a match."""

    value: str
    type: TimexType | None = None  # None: the rule's type
    mod: Mod | None = None
    granularity: Granularity | None = None  # None: derived from the value
    from_reference: bool = False  # resolved against an earlier timex, not the anchor
    trim_determiner: bool = False  # adjectival ("a five-year plan"): the article is not part of it


#: A normaliser: (context, the match's named groups, start, end) -> a resolution, or None
#: to reject the match.
Normaliser = Callable[[Context, Groups, int, int], Resolution | None]

_SPACES = re.compile(r"\s+")
_APOS = re.compile(r"\s?['\u2019]")
_DASH = re.compile(r"[\u2010\u2011\u2013]")
_V = TypeVar("_V")


@lru_cache(maxsize=8192)
def key(text: str) -> str:
    """A lexicon key for matched text: lower case, one space, plain apostrophes/hyphens.
    (Memoised: the same few thousand words and phrases are looked up over and over.)"""
    k = _SPACES.sub(" ", text.strip().lower())
    k = _APOS.sub("'", k)
    return _DASH.sub("-", k)


def lookup(table: Mapping[str, _V], text: str) -> _V | None:
    """Look ``text`` up in a lexicon table, trying its abbreviation spellings."""
    k = key(text)
    for cand in (k, k + ".", k.rstrip("."), k.replace("-", " "), k.replace(" ", "-")):
        if cand in table:
            return table[cand]
    return None


_DIGITS = re.compile(r"[0-9][0-9,]*(?:\.[0-9]+)?")


def parse_number(text: str) -> float | None:
    """"2 1/2" -> 2.5, "twenty-four" -> 24, "a couple of" -> 2, "1,000" -> 1000."""
    k = key(text)
    extra = 0.0
    for suffix in lx.HALF_SUFFIXES:
        if k.endswith(suffix):
            k, extra = k[: -len(suffix)], 0.5
    parts = k.split(" ")
    if len(parts) == 2 and parts[1] in lx.FRACTIONS:
        k, extra = parts[0], lx.FRACTIONS[parts[1]]
    if _DIGITS.fullmatch(k):
        return float(k.replace(",", "")) + extra
    value = lookup(lx.CARDINALS, k)
    if value is not None:
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
    """1-12 from a month number or a capitalised month name."""
    if text.isdigit():
        n = int(text)
        return n if 1 <= n <= 12 else None
    if not cap_ok(text):
        return None
    return lookup(lx.MONTHS, text)


def year_number(ctx: Context, text: str) -> int:
    """A year from "1998", "98" or "'98" (two digits: the year within
    :attr:`Policy.two_digit_year_window` years of the anchor's)."""
    digits = text.lstrip("'\u2019")
    y = int(digits)
    if len(digits) == 2:
        anchor, window = ctx.anchor, ctx.policy.two_digit_year_window
        y += anchor.year // 100 * 100
        if y > anchor.year + window:
            y -= 100
        elif y < anchor.year - window:
            y += 100
    return y


_LEADING_DIGITS = re.compile(r"[0-9]+")


def day_number(text: str) -> int:
    """The day of the month of "5", "05", "5th"."""
    m = _LEADING_DIGITS.match(text)
    if m is None:
        raise ValueError(f"not a day number: {text!r}")
    return int(m.group(0))


def mod_of(groups: Groups) -> Mod | None:
    """The TIMEX3 mod the match's modifier words give ("early", "more than", "or so")."""
    if "midmod" in groups:
        return Mod.MID
    if "mod" in groups:
        return lookup(lx.DATE_MODIFIERS, groups["mod"])
    if "qmod" in groups:
        return lookup(lx.QUANTITY_MODIFIERS, groups["qmod"])
    if "approx" in groups:
        return lx.APPROX_SUFFIXES.get(key(groups["approx"]))
    return None


def unit_of(text: str) -> str | None:
    """The unit of :data:`lexicon.UNITS` a unit word spells ("yrs" -> "year")."""
    return lookup(lx.UNIT_SPELLINGS, text)


_PREV_WORD = re.compile(r"([A-Za-z-]{1,20})[\s,]{1,3}$")


def prev_word(ctx: Context, start: int) -> str:
    """The word before ``start`` (across a comma), lower case; "" if there is none."""
    m = _PREV_WORD.search(ctx.text, max(0, start - 24), start)
    return m.group(1).lower() if m else ""
