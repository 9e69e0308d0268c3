"""Years ("1998", "fiscal 1989", "'98"), spoken years ("nineteen ninety-six"), the end or the
whole of this year, decades ("the 1990s", "the nineties") and centuries ("the 20th century")."""

from __future__ import annotations

import re

from dateline.model import Granularity
from dateline.timex import lexicon as lx
from dateline.timex.context import (
    Context,
    Groups,
    Normaliser,
    Resolution,
    key,
    lookup,
    mod_of,
    parse_number,
    prev_word,
    year_number,
)
from dateline.timex.grammar import Kind, alternation
from dateline.timex.lexicon import Mod
from dateline.timex.values import year_value

__all__ = ["KINDS", "spoken_year"]

#: Characters right before a four-digit number that make it an amount ("$2018").
_NOT_YEAR_BEFORE = frozenset("$#\u00a3\u20ac\u00a5")
#: A percentage or a decimal: "1999%", "2082.1".
_NOT_YEAR_AFTER = re.compile(
    r"\s{0,2}(?:%|" + alternation(lx.PERCENT_WORDS, space=r"\s?") + r"\b)|[.,:][0-9]", re.I)
#: The years a four-digit number may be.
_YEARS = range(1000, 2200)
_NEXT_WORD = re.compile(r"\s{1,3}([A-Za-z]{1,20})")


def _year_kind(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    if "year" in groups:
        y = int(groups["year"])
    else:
        y = year_number(ctx, groups["year2"]) if len(groups["year2"]) == 2 else int(groups["year2"])
    if start > 0 and ctx.text[start - 1] in _NOT_YEAR_BEFORE:
        return None
    if _NOT_YEAR_AFTER.match(ctx.text, end):
        return None
    if "mod" not in groups and "midmod" not in groups and end - start == 4:  # a bare number
        after = _NEXT_WORD.match(ctx.text, end)
        if prev_word(ctx, start) in lx.NOT_YEAR_BEFORE or (after and after.group(1).lower() in lx.NOT_YEAR_AFTER):
            return None
    if y not in _YEARS:
        return None
    return Resolution(year_value(y), mod=mod_of(groups))


_UNIT_AFTER = re.compile(r"[\s-]{1,3}" + alternation(lx.NOT_SPOKEN_YEAR_AFTER) + r"\b", re.I)
_YEAR_PREFIX = re.compile(r"^(?:the\s{1,3})?year\s{1,3}", re.I)


def spoken_year(text: str) -> int | None:
    """"nineteen ninety-six" -> 1996, "nineteen oh five" -> 1905, "two thousand one" -> 2001."""
    k = key(text)
    if k.startswith("two thousand"):
        rest_text = k[len("two thousand"):].strip()
        if rest_text.startswith("and "):
            rest_text = rest_text[4:]
        rest = parse_number(rest_text) if rest_text else 0
        return 2000 + int(rest) if rest is not None and rest < 100 else None
    head, _, tail = k.partition(" ")
    hundreds = lx.YEAR_HUNDREDS.get(head)
    oh = tail.startswith("oh ")
    rest = parse_number(tail[3:] if oh else tail)
    if hundreds is None or rest is None or rest != int(rest):
        return None
    if (oh and not 1 <= rest <= 9) or (not oh and not 10 <= rest < 100):
        return None
    return hundreds * 100 + int(rest)


def _year_words(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    if _UNIT_AFTER.match(ctx.text, end):
        return None  # "two thousand years"
    text = ctx.text[start:end]
    if "mod" in groups or "midmod" in groups:
        text = text[len(groups.get("mod") or groups["midmod"]) :].lstrip(" -")
    y = spoken_year(_YEAR_PREFIX.sub("", text))
    if y is None:
        return None
    return Resolution(year_value(y), mod=mod_of(groups))


def _year_end(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    return Resolution(year_value(ctx.anchor.year), mod=Mod.END, granularity=Granularity.YEAR)


def _full_year(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    year = ctx.anchor.year
    if "latest" in key(ctx.text[start:end]):
        year -= 1
    return Resolution(year_value(year), granularity=Granularity.YEAR)


def _decade(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    anchor = ctx.anchor
    if "decword" in groups:
        dec = lookup(lx.DECADE_WORDS, groups["decword"])
        if dec is None:
            return None
        cent = None
    else:
        dec = int(groups["dec"])
        cent = groups.get("cent")
    if cent is None:
        matched = ctx.text[start:end].lower()
        if "apos" not in groups and not matched.startswith("the") and "mod" not in groups \
                and "midmod" not in groups and "decword" not in groups:
            return None  # "in his 90s"
        c = anchor.year // 100
        if dec * 10 > anchor.year % 100 + ctx.policy.decade_ahead_years:
            c -= 1
        cent = f"{c:02d}"
    return Resolution(f"{cent}{dec}", mod=mod_of(groups), granularity=Granularity.DECADE)


def _century(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    n = lookup(lx.ORDINALS, groups["ord"])
    if n is None or n < 1:
        return None
    return Resolution(f"{n - 1:02d}", mod=mod_of(groups), granularity=Granularity.CENTURY)


KINDS: dict[Kind, Normaliser] = {
    Kind.YEAR: _year_kind,
    Kind.YEAR_WORDS: _year_words,
    Kind.YEAR_END: _year_end,
    Kind.FULL_YEAR: _full_year,
    Kind.DECADE: _decade,
    Kind.CENTURY: _century,
}
