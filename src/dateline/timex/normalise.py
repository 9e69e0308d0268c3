"""The normaliser: turns a matched span (a rule's named groups) plus the anchor into a timex.

Each rule of :mod:`dateline.timex.rules` names a *kind*; :data:`KINDS` maps a kind to the
function that resolves it, which lives in the module of its rule family
(:mod:`~dateline.timex.clock`, :mod:`~dateline.timex.days`, :mod:`~dateline.timex.periods`,
:mod:`~dateline.timex.years`, :mod:`~dateline.timex.holidays`,
:mod:`~dateline.timex.relative`, :mod:`~dateline.timex.durations`,
:mod:`~dateline.timex.sets`). A function returns a :class:`~dateline.timex.context.Resolution`
or ``None`` to reject the match (an impossible date such as February 30, a lower-case "may",
"fall" used as a verb ...), in which case the engine tries the next-best match.

Relative expressions are resolved against the anchor (the publication date), with two
kinds of context: the tense of the clause (:mod:`~dateline.timex.tense`; for weekdays,
months and quarters without a year: past tense looks back, future looks forward) and the
expressions found earlier in the same text (for "a year earlier" after "the third quarter").
"""

from __future__ import annotations

import re

from dateline.model import Granularity, Timex, TimexType
from dateline.timex import clock, days, durations, holidays, periods, relative, sets, years
from dateline.timex import lexicon as lx
from dateline.timex.context import Context, Groups, Normaliser
from dateline.timex.grammar import Kind, Rule, alternation
from dateline.timex.names import in_name
from dateline.timex.values import granularity_of_value, is_valid_value

__all__ = ["KINDS", "normalise"]

#: Kind of a rule -> the function that resolves its matches.
KINDS: dict[Kind, Normaliser] = {
    **clock.KINDS, **days.KINDS, **periods.KINDS, **years.KINDS, **holidays.KINDS,
    **relative.KINDS, **durations.KINDS, **sets.KINDS,
}


_HYPHEN = "[-\u2010\u2013]"
#: A hyphenated or singular unit after a number makes an adjective: "five-year", "two day"
#: (see :data:`lexicon.ADJECTIVE_UNITS`).
_ADJECTIVAL = re.compile(
    _HYPHEN + alternation(lx.ADJECTIVE_UNITS) + "(?:" + _HYPHEN + alternation(lx.ADJECTIVE_ENDINGS) + r")?\b"
    r"|\b(?:" + alternation(lx.ADJECTIVE_COUNTS) + r"|[0-9]{1,3})\s{1,3}" + alternation(lx.ADJECTIVE_BARE_UNITS)
    + r"\b(?!s)", re.I)


def normalise(rule: Rule, groups: Groups, ctx: Context, start: int, end: int) -> Timex | None:
    """The timex for a match of ``rule`` at ``start:end``, or ``None`` if it is rejected."""
    if in_name(ctx, start, end):
        return None
    try:
        res = KINDS[rule.kind](ctx, groups, start, end)
    except (ValueError, OverflowError, KeyError):
        return None
    if res is None or not is_valid_value(res.value):
        return None  # also what arithmetic beyond year 0 or 9999 would spell
    ttype = res.type or rule.type
    gran = res.granularity
    if res.trim_determiner or _ADJECTIVAL.search(ctx.text, start, end):
        first, sep, _rest = ctx.text[start:end].partition(" ")
        if sep and first.lower() in lx.DETERMINERS:
            start += len(first) + 1
            while start < end and ctx.text[start].isspace():
                start += 1
    if gran is None:
        gran = granularity_of_value(res.value) if ttype in (TimexType.DATE, TimexType.TIME) else Granularity.NONE
    timex = Timex(
        start=start,
        end=end,
        text=ctx.text[start:end],
        type=ttype,
        value=res.value,
        granularity=gran,
        anchor=ctx.anchor,
        mod=None if res.mod is None else res.mod.value,  # a plain str outside the tagger
    )
    if not res.from_reference:
        ctx.remember(timex)
    ctx.saw(timex)
    return timex
