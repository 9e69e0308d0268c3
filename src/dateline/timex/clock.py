"""Times of day: clock times ("3 p.m.", "noon", "seven o'clock"), parts of the day ("this
morning", "Friday night"), and the day they are on."""

from __future__ import annotations

import re
from datetime import date, timedelta

from dateline.model import Granularity, TimexType
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
)
from dateline.timex.days import resolve_day
from dateline.timex.grammar import Kind, alternation
from dateline.timex.lexicon import DayPart
from dateline.timex.tense import SENTENCE_BREAK
from dateline.timex.values import day_value

__all__ = ["KINDS"]

_CLOCK = re.compile(
    r"(?P<h>[0-9]{1,2})(?:[:.](?P<m>[0-9]{2}))?(?::(?P<s>[0-9]{2}))?\s{0,2}(?P<ap>[ap])?", re.I
)


def _clock(text: str) -> str:
    """``HH:MM`` (or ``HH:MM:SS``) of a clock time: "3 p.m.", "15:30", "1400", "noon", "seven"."""
    named = lookup(lx.NAMED_TIMES, text)
    if named is not None:
        return named
    k = key(text)
    words = k.split(" ")
    n = parse_number(words[0]) if not words[0][:1].isdigit() else None
    if n is not None:  # "seven o'clock"
        return f"{int(n):02d}:00"
    if len(k) == 4 and k.isdigit():  # "1400 GMT"
        k = f"{k[:2]}:{k[2:]}"
    m = _CLOCK.match(k)
    if m is None:
        raise ValueError("not a clock time")
    h = int(m.group("h"))
    minute = int(m.group("m") or 0)
    ap = m.group("ap")
    if ap:
        if not 1 <= h <= 12:
            raise ValueError("bad 12-hour clock")
        h = (h % 12) + (12 if ap.lower() == "p" else 0)
    if h > 24 or minute > 59:
        raise ValueError("bad clock")
    out = f"{h:02d}:{minute:02d}"
    if m.group("s"):
        out += f":{m.group('s')}"
    return out


_DAY_NAMES = "(?:" + alternation(lx.WEEKDAYS) + "|" + alternation(lx.DAY_WORDS) + ")"

_OPEN, _CLOSE = r"(?:\(|-LRB-)", r"(?:\)|-RRB-)"  # tokenised text spells brackets -LRB- -RRB-

#: A parenthetical at a clock time that names its day: "10:35 a.m. (0735 GMT) Friday", "at 4
#: in the morning (4 a.m. EDT Thursday)", "(0735 GMT) Friday" for the clock inside it.
_PAREN_DAY = re.compile(
    r"(?:\s{1,3}local\s{1,3}time)?(?:"
    r"\s{0,3}" + _OPEN + r"(?:[^()\n]{0,40}?[\s(])?(?P<inner>" + _DAY_NAMES + r")\.?\s{0,2}" + _CLOSE
    + r"|\s{0,3}" + _OPEN + r"[^()\n]{1,40}?" + _CLOSE + r"\s{0,3},?\s{0,2}(?:on\s{1,3})?(?P<after>" + _DAY_NAMES + r")(?![\w])"
    + r"|\s{0,3}" + _CLOSE + r"\s{0,3},?\s{0,2}(?:on\s{1,3})?(?P<close>" + _DAY_NAMES + r")(?![\w]))",
    re.IGNORECASE,
)


def _day_in_parenthetical(ctx: Context, end: int) -> date | None:
    """The day a parenthetical right after ``end`` names, if it names one."""
    m = _PAREN_DAY.match(ctx.text, end)
    if m is None:
        return None
    name = next(g for g in ("inner", "after", "close") if m.group(g))
    s, e = m.span(name)
    word = m.group(name)
    groups = {"wd3": word} if lookup(lx.WEEKDAYS, word) is not None else {"dw": word}
    return resolve_day(ctx, s, e, groups)


def _day_before_clock(ctx: Context, start: int) -> date | None:
    """The day of the latest date before a clock time in the same sentence ("on Jan. 25 at
    3 p.m.", "May 14 , 2010 09:52 UTC", "Wednesday , trading down 0.2 percent at 1836
    GMT"): a clock time without a day of its own is on the day last named, not
    necessarily on the anchor's."""
    prev = ctx.last_day
    if prev is None or prev.end > start or start - prev.end > ctx.policy.clock_day_reach:
        return None
    if SENTENCE_BREAK.search(ctx.text, prev.end, start):
        return None
    return date.fromisoformat(prev.value[:10])


_AM_PM = re.compile(r"[ap]\.?\s?m", re.I)


def _time(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    day = resolve_day(ctx, start, end, groups)
    dirw = key(groups.get("dirw", ""))
    if day is None and not dirw and "clock" in groups:
        day = _day_in_parenthetical(ctx, end) or _day_before_clock(ctx, start)
    part = None
    if "part" in groups:
        part = lookup(lx.PARTS_OF_DAY, groups["part"])
    if day is None:
        if "dw" in groups:
            return None
        offset = lx.PART_OF_DAY_DIRECTIONS.get(dirw)
        if dirw == "last":  # "last night" is yesterday's; "last morning" is not said
            offset = -1 if part in lx.LAST_PARTS else None
        if offset is None:
            return None
        if not dirw and "clock" not in groups and "mod" not in groups and "midmod" not in groups:
            return None  # a bare "morning" or "night"
        day = ctx.anchor + timedelta(days=offset)
    if "clock" in groups:
        named = lookup(lx.NAMED_TIMES, groups["clock"]) is not None
        if named and ctx.text.startswith(groups["clock"], start) and prev_word(ctx, start) in lx.NAMED_TIME_IDIOMS:
            return None  # "high noon"
        clock = _clock(groups["clock"])
        later = lookup(lx.PARTS_OF_DAY, groups.get("partw", ""))
        hour = int(clock[:2])
        # "7 in the evening", "10 at night" (a named time is 12:00 or 24:00 and stays so)
        if later in lx.AFTERNOON_PARTS and not _AM_PM.search(groups["clock"]) \
                and (6 <= hour < 12 or (later is not DayPart.NIGHT and hour < 12)):
            clock = f"{hour + 12:02d}{clock[2:]}"
        value = f"{day_value(day)}T{clock}"
    elif part is not None:
        value = f"{day_value(day)}T{part}"
    else:
        return None
    dw = lookup(lx.DAY_WORD_PARTS, groups.get("dw", ""))
    if dw is not None and "clock" not in groups and part is None:
        value = f"{day_value(day)}T{dw}"
    return Resolution(value, TimexType.TIME, mod_of(groups), Granularity.TIME)


KINDS: dict[Kind, Normaliser] = {Kind.TIME: _time}
