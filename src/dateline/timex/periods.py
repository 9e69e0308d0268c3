"""Calendar periods: months ("last May", "January 1998"), seasons, quarters and halves ("the
third quarter", "Q4"), "this/last/next <unit>", and the reference words ("now", "recent
years", "the coming months")."""

from __future__ import annotations

import re
from datetime import date

from dateline.model import Granularity, TimexType
from dateline.timex import lexicon as lx
from dateline.timex.choice import choose, month_candidates
from dateline.timex.context import (
    Context,
    Groups,
    Normaliser,
    Resolution,
    key,
    lookup,
    mod_of,
    month_number,
    prev_word,
    unit_of,
    year_number,
)
from dateline.timex.grammar import Kind, alternation
from dateline.timex.names import month_as_modifier
from dateline.timex.tense import FUTURE, PAST, SINCE, UNKNOWN, tense_at
from dateline.timex.values import (
    add_months,
    month_value,
    shift,
    start_of,
    value_at,
    weekend_value,
    year_value,
)
from dateline.timex.years import spoken_year

__all__ = ["KINDS"]


def _month_year(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    text = groups["month"]
    month = month_number(text)
    if month is None:
        return None
    k = key(text)
    has_year = "year" in groups
    if not has_year and "yeardir" not in groups and "yearw" not in groups and "dir" not in groups and "mod" not in groups and "midmod" not in groups:
        if k.endswith(".") is False and lookup(lx.MONTHS, k) is not None and k + "." in lx.MONTHS:
            return None  # "Jan" alone is a name more often than a month
        if (k in lx.AMBIGUOUS_MONTHS or k + "." in lx.AMBIGUOUS_MONTHS) and prev_word(ctx, start) not in lx.TIME_PREPOSITIONS \
                and not month_as_modifier(ctx, start, end):
            return None
    anchor = ctx.anchor
    if has_year:
        return Resolution(month_value(year_number(ctx, groups["year"]), month), mod=mod_of(groups))
    if "yeardir" in groups:
        y = anchor.year + lx.YEAR_DIRECTIONS.get(key(groups["yeardir"]), 0)
        return Resolution(month_value(y, month), mod=mod_of(groups))
    if "yearw" in groups:
        spoken = spoken_year(groups["yearw"])
        return Resolution(month_value(spoken, month), mod=mod_of(groups)) if spoken else None
    if "dir" in groups:
        d = lookup(lx.DIRECTIONS, groups["dir"])
        if key(groups["dir"]) == "this":
            return Resolution(month_value(anchor.year, month), mod=mod_of(groups))
        # "last M": the latest M that ended before last month ("last February" said in
        # March is a year ago: last month would be "last month"); "next M" likewise: the
        # first M that starts after next month. Two years back or ahead at most ("last
        # December" said on January 2).
        if d in (-1, 1):
            cands = month_candidates(anchor, month, 2)
            this_month = date(anchor.year, anchor.month, 1)
            if d == -1:
                limit = add_months(this_month, -1)
                before = [c for c in cands if c[1] <= limit]
                return Resolution(before[-1][2], mod=mod_of(groups)) if before else None
            limit = add_months(this_month, 2)
            after = [c for c in cands if c[0] >= limit]
            return Resolution(after[0][2], mod=mod_of(groups)) if after else None
    value = choose(month_candidates(anchor, month, 1), anchor, tense_at(ctx, start, end), ctx.policy)
    return Resolution(value, mod=mod_of(groups)) if value else None


def _quarter(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    anchor = ctx.anchor
    if "qcode" in groups:
        code = groups["qcode"].upper()
        half = code.startswith("H")
        n = int(code[1] if code[0] in "QH" else code[0])
    else:
        half = key(groups["qh"]) == "half"
        if "lastord" in groups:
            if not any(k in groups for k in ("year", "year2", "year3", "year4", "ofdir", "yeardir", "possdir")):
                return None  # "the last quarter": a relative period, not the fourth quarter
            n = 2 if half else 4
        else:
            ordinal = lookup(lx.ORDINALS, groups["ord"])
            if ordinal is None:
                return None
            n = ordinal
    if not 1 <= n <= (2 if half else 4):
        return None
    per_year = 2 if half else 4
    letter = "H" if half else "Q"
    year_text = groups.get("year") or groups.get("year2") or groups.get("year3") or groups.get("year4")
    if year_text:
        y = year_number(ctx, year_text)
    elif "ofdir" in groups or "yeardir" in groups or "possdir" in groups:
        word = key(groups.get("ofdir") or groups.get("yeardir") or groups.get("possdir", ""))
        y = anchor.year + lx.YEAR_DIRECTIONS.get(word, 0)
    else:
        current = (anchor.month - 1) * per_year // 12 + 1
        tense = tense_at(ctx, start, end)
        if n > current and tense is not FUTURE:
            y = anchor.year - 1
        elif n < current and tense is FUTURE and current - n >= 2:
            y = anchor.year + 1
        else:
            y = anchor.year
    if "yearago" in groups:
        y -= 1
    return Resolution(f"{y:04d}-{letter}{n}", mod=mod_of(groups))


def _year_period(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    """"the 1988 quarter", "last year's period": the quarter under discussion, in that year."""
    anchor = ctx.anchor
    if "possdir" in groups:
        y = anchor.year + lx.YEAR_DIRECTIONS.get(key(groups["possdir"]), 0)
    else:
        y = int(groups.get("year") or groups["year2"])
    unit = key(groups["unit"])
    ref = ctx.latest((Granularity.QUARTER, Granularity.HALF))
    if unit == "half":
        if ref is not None and "-H" in ref.value:
            return Resolution(f"{y:04d}{ref.value[4:]}", from_reference=True)
        return Resolution(year_value(y), granularity=Granularity.YEAR)
    if ref is not None and "-Q" in ref.value:
        return Resolution(f"{y:04d}{ref.value[4:]}", from_reference=True)
    return Resolution(year_value(y), granularity=Granularity.YEAR)


def _vague_ref(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    """"recent years", "the coming weeks", "the months ahead": PAST_REF / FUTURE_REF."""
    words = key(ctx.text[start:end]).split(" ")
    past = any(w in lx.PAST_DIRECTION_WORDS for w in words)
    return Resolution("PAST_REF" if past else "FUTURE_REF", granularity=Granularity.NONE)


#: "of" and what follows it, unless it is a year: "the fall of [Ben Ali]".
_OF_NOT_YEAR = re.compile(r"\s{1,3}of\s{1,3}(?![0-9]|" + alternation(lx.SPOKEN_YEAR_STARTS) + ")", re.I)


def _season(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    text = groups["season"]
    code = lookup(lx.SEASONS, text)
    if code is None:
        return None
    anchor = ctx.anchor
    if "year" in groups:
        return Resolution(f"{year_number(ctx, groups['year']):04d}-{code}", mod=mod_of(groups))
    if "yearw" in groups:
        y = spoken_year(groups["yearw"])
        return Resolution(f"{y:04d}-{code}", mod=mod_of(groups)) if y else None
    if "yeardir" in groups:
        y = anchor.year + lx.YEAR_DIRECTIONS.get(key(groups["yeardir"]), 0)
        return Resolution(f"{y:04d}-{code}", mod=mod_of(groups))
    if key(text) in lx.AMBIGUOUS_SEASONS and _OF_NOT_YEAR.match(ctx.text, end):
        return None  # "the fall of Ben Ali", "the spring of discontent"
    bare = "the" not in groups and "the0" not in groups and "dir" not in groups and "mod" not in groups and "midmod" not in groups
    if bare and (key(text) in lx.AMBIGUOUS_SEASONS or prev_word(ctx, start) not in lx.TIME_PREPOSITIONS):
        return None
    m0 = lx.SEASON_START_MONTH[code]
    cands = []
    for y in (anchor.year - 2, anchor.year - 1, anchor.year, anchor.year + 1):
        s = date(y, m0, 1)
        cands.append((s, add_months(s, 3), f"{y:04d}-{code}"))
    direction = lookup(lx.DIRECTIONS, groups.get("dir", ""))
    if direction == -1:
        done = [c for c in cands if c[1] <= anchor]
        return Resolution(done[-1][2], mod=mod_of(groups))
    if direction == 1:
        ahead = [c for c in cands if c[0] > anchor]
        return Resolution(ahead[0][2], mod=mod_of(groups))
    if direction == 0:
        return Resolution(choose(cands, anchor, UNKNOWN, ctx.policy) or "", mod=mod_of(groups))
    value = choose(cands, anchor, tense_at(ctx, start, end), ctx.policy)
    return Resolution(value, mod=mod_of(groups)) if value else None


_BEFORE_AFTER = re.compile(r"\s{1,3}" + alternation(lx.BEFORE_AFTER) + r"\b", re.I)
_ENDED = re.compile(r"\s{1,3}" + alternation(lx.PERIOD_END_WORDS) + r"\b", re.I)


def _rel_period(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    unit = unit_of(groups["unit"])
    if unit is None or unit not in lx.PERIOD_UNITS or groups["unit"].lower().endswith("s"):
        return None
    anchor = ctx.anchor
    mod = mod_of(groups)
    if "dir" in groups:
        direction = lookup(lx.DIRECTIONS, groups["dir"])
        if direction is None:
            return None
        offset = direction
    elif "latest" in groups:
        latest = key(groups["latest"])
        if latest == "same":
            return None
        offset = 0 if latest == "current" else -1
        if unit not in lx.LATEST_UNITS:
            return None
    else:  # "the year", "the quarter"
        if _BEFORE_AFTER.match(ctx.text, end):
            return None  # "the year before the war", "the week after Christmas": not this one
        if unit == "year" and _ENDED.match(ctx.text, end):
            return Resolution("P1Y", TimexType.DURATION, mod)
        offset = 0
        if unit == "quarter":
            offset = 0 if tense_at(ctx, start, end) is FUTURE else -1
        elif unit == "day":
            return None
    gran = lx.UNITS[unit][0]
    dir_key = key(groups.get("dir", ""))
    if unit == "quarter" and offset in (0, -1) and dir_key not in lx.OTHER_QUARTER_DIRECTIONS:
        ref = ctx.latest((Granularity.QUARTER,))
        if ref is not None:  # "the quarter", "this quarter": the one the report is about
            return Resolution(ref.value, mod=mod, from_reference=True)
    if dir_key in lx.ANAPHORIC_DIRECTIONS and unit != "weekend":
        ref = ctx.latest((Granularity.DAY, Granularity.WEEK, Granularity.MONTH,
                          Granularity.QUARTER, Granularity.YEAR))
        if ref is not None:  # "the following year": after the year last mentioned
            base = start_of(ref.value)
            if base is not None:
                return Resolution(value_at(shift(base, offset, gran), gran), mod=mod,
                                  granularity=gran, from_reference=True)
    if unit == "weekend":
        if "dir" not in groups:
            tense = tense_at(ctx, start, end)
            if tense is UNKNOWN:  # the nearer weekend, with the weekday's bias to the past
                back, ahead = anchor.isoweekday(), 6 - anchor.isoweekday()
                tense = PAST if back <= ahead + ctx.policy.unknown_weekday_bias else FUTURE
            weeks = -1 if tense in (PAST, SINCE) and anchor.isoweekday() < 6 else 0
        else:
            weeks = offset
        return Resolution(weekend_value(anchor, weeks), mod=mod, granularity=Granularity.WEEK)
    return Resolution(value_at(shift(anchor, offset, gran), gran), mod=mod, granularity=gran)


def _ref(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    value = lookup(lx.REF_WORDS, groups["ref"])
    if value is None:
        return None
    return Resolution(value, granularity=Granularity.NONE)


KINDS: dict[Kind, Normaliser] = {
    Kind.MONTH_YEAR: _month_year,
    Kind.QUARTER: _quarter,
    Kind.SEASON: _season,
    Kind.YEAR_PERIOD: _year_period,
    Kind.VAGUE_REF: _vague_ref,
    Kind.REL_PERIOD: _rel_period,
    Kind.REF: _ref,
}
