"""Durations: amounts of time ("two years", "more than a decade", "a day-long meeting",
"the next 12 to 18 months"), with the cases where an amount is something else: a rate ("$5
million a year"), an age ("37 years old"), a date ahead ("will be redeemed in five years")."""

from __future__ import annotations

import re

from dateline.model import Granularity, TimexType
from dateline.timex import lexicon as lx
from dateline.timex.context import (
    Context,
    Groups,
    Normaliser,
    Resolution,
    key,
    mod_of,
    parse_number,
    prev_word,
    unit_of,
)
from dateline.timex.grammar import Kind, alternation
from dateline.timex.tense import FUTURE, tense_at
from dateline.timex.values import shift, value_at

__all__ = ["KINDS", "duration_value"]


def _code(unit: str) -> str:
    """The TIMEX3 duration letter(s) of a unit: "year" -> "Y"."""
    return lx.UNITS[unit][1]


def duration_value(n: float | None, unit: str) -> str:
    """``P2Y``, ``PT48H``, ``P2Y6M`` (2.5 years), ``PXM`` (n unknown); quarters in months."""
    if unit == "quarter":
        if n is None:
            return "PXQ"
        n, unit = n * 3, "month"
    if unit == "fortnight":
        n, unit = (None if n is None else n * 2), "week"
    t = "T" if unit in lx.TIME_UNITS else ""
    if n is None:
        return f"P{t}X{_code(unit)}"
    whole = int(n)
    frac = n - whole
    if frac and unit in lx.SMALLER_UNITS:
        smaller, factor = lx.SMALLER_UNITS[unit]
        rest = frac * factor
        if rest == int(rest):
            head = f"{whole}{_code(unit)}" if whole else ""
            t2 = "T" if smaller in lx.TIME_UNITS and not t else ""
            return f"P{t}{head}{t2}{int(rest)}{_code(smaller)}"
    num = f"{whole}" if not frac else f"{n:g}"
    return f"P{t}{num}{_code(unit)}"


_RATE_BEFORE = re.compile(r"(?:[0-9%]|\b" + alternation(lx.RATE_WORDS) + r"\b)[^.;:()]{0,30}$", re.I)
_NOT_RATE_BEFORE = re.compile(r"\b" + alternation(lx.LENGTH_PREPOSITIONS) + r"\s{1,3}$", re.I)


def _is_rate(ctx: Context, start: int) -> bool:
    """Whether "a year" at ``start`` is a rate ("$5 million a year") rather than a length."""
    before = ctx.text[max(0, start - 40) : start]
    return bool(_RATE_BEFORE.search(before)) and not _NOT_RATE_BEFORE.search(before)


_OF = re.compile(r"\s{1,3}of\b", re.I)

_AGE = re.compile(r"[-\s]{1,3}old\b", re.I)

_WORDS_BEFORE = re.compile(r"((?:[A-Za-z'-]{1,25}[\s,]{1,3}){1,5})$")


def _span_before(ctx: Context, start: int) -> bool:
    """Whether a superlative or "first"/"ever"... stands in the five words before ``start``."""
    m = _WORDS_BEFORE.search(ctx.text, max(0, start - 130), start)
    words = m.group(1).lower().replace(",", " ").split() if m else []
    return any(w in lx.SPAN_BEFORE_WORDS or (len(w) > 4 and w.endswith("est")) for w in words)


#: Determiners that make "<determiner> five years" a length, never a date ahead.
_DEFINITE = lx.DETERMINERS - lx.INDEFINITE_ARTICLES


def _duration(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    unit = unit_of(groups["unit"])
    if unit is None or unit == "weekend":
        return None
    mod = mod_of(groups)
    if "vague" in groups or "num2" in groups or "num" not in groups:
        n: float | None = None
    else:
        n = parse_number(groups["num"])
        if n is None:
            return None
        num_key = key(groups["num"])
        if num_key in lx.INDEFINITE_ARTICLES:
            if unit == "second":
                return None
            if _is_rate(ctx, start):
                return Resolution(duration_value(1, unit), TimexType.SET)
        if n == 0 or (1800 <= n <= 2199 and groups["num"].isdigit()):
            return None  # "the 1988 second quarter": a year, not 1988 seconds
        if "andhalf" in groups:
            n += 0.5
        if unit == "quarter" and n <= 3 and _OF.match(ctx.text, end):
            return None  # "a quarter of the vote", "three quarters of them"
    if _AGE.match(ctx.text, end) or key(ctx.text[start:end]).endswith("-old"):
        return None  # an age: "37 years old", "a 6-year-old boy"
    if key(ctx.text[start:end]) == "one day" and prev_word(ctx, start) in lx.MODALS:
        return Resolution("FUTURE_REF", TimexType.DATE, granularity=Granularity.NONE)  # "will one day be"
    if (n is not None and n == int(n) and mod is None and unit in lx.POINT_UNITS and "dir" not in groups
            and key(ctx.text[start:end]).split(" ")[0] not in _DEFINITE
            and prev_word(ctx, start) in lx.FUTURE_POINT_PREPOSITIONS and not _span_before(ctx, start)
            and tense_at(ctx, start, end) is FUTURE):
        gran = lx.UNITS[unit][0]  # "will be redeemed in five years": a date ahead
        return Resolution(value_at(shift(ctx.anchor, int(n), gran), gran), TimexType.DATE, granularity=gran)
    return Resolution(duration_value(n, unit), TimexType.DURATION, mod, Granularity.NONE)


def _unit_long(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    """An adjective of length without a number: "a day-long meeting" (``P1D``), "a
    decades-long battle" (``PXDE``, how many is not said); the article is the noun's."""
    unit = unit_of(groups["unit"])
    if unit is None or unit in ("weekend", "night"):
        return None
    plural = key(groups["unit"]) != unit
    return Resolution(duration_value(None if plural else 1, unit), TimexType.DURATION,
                      granularity=Granularity.NONE, trim_determiner=True)


KINDS: dict[Kind, Normaliser] = {Kind.DURATION: _duration, Kind.UNIT_LONG: _unit_long}
