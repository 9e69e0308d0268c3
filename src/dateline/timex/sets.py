"""Sets: frequencies ("every Tuesday", "each July", "every morning", "twice a week", "daily")."""

from __future__ import annotations

import re

from dateline.model import TimexType
from dateline.timex import lexicon as lx
from dateline.timex.context import (
    Context,
    Groups,
    Normaliser,
    Resolution,
    key,
    lookup,
    month_number,
    parse_number,
    unit_of,
)
from dateline.timex.durations import duration_value
from dateline.timex.grammar import Kind, alternation

__all__ = ["KINDS"]

#: A weekday name after "every second": "every second Tuesday of the month" (not a set of seconds).
_WEEKDAY_AFTER = re.compile(r"\s{1,3}" + alternation(w for w in lx.WEEKDAYS if not w.endswith(".")), re.I)


def _set(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    if "freq" in groups:
        value = lookup(lx.FREQUENCY_WORDS, groups["freq"])
        return Resolution(value, TimexType.SET) if value is not None else None
    if "month" in groups:
        month = month_number(groups["month"])
        return Resolution(f"XXXX-{month:02d}", TimexType.SET) if month else None
    part = lookup(lx.PARTS_OF_DAY, groups.get("part", ""))
    if "wd3" in groups or "weekdayplural" in groups:
        wd = lookup(lx.WEEKDAYS, groups.get("wd3") or groups["weekdayplural"][:-1])
        if wd is None:
            return None
        if "other" in key(ctx.text[start:end]).split(" "):
            return Resolution("P2W", TimexType.SET)  # "every other Monday"
        value = f"XXXX-WXX-{wd}" + (f"T{part}" if part is not None else "")
        return Resolution(value, TimexType.SET)
    if "unit" not in groups:
        if part is not None:
            return Resolution(f"XXXX-XX-XXT{part}", TimexType.SET)
        return None
    unit = unit_of(groups["unit"])
    if unit is None or unit == "weekend":
        return None
    n = parse_number(groups["num"]) if "num" in groups else 1.0
    if n is None:
        return None
    if "other" in key(ctx.text[start:end]).split(" "):
        n *= 2
    if unit == "second" and _WEEKDAY_AFTER.match(ctx.text, end):
        return None  # "every second Tuesday of the month"
    return Resolution(duration_value(n, unit), TimexType.SET)


KINDS: dict[Kind, Normaliser] = {Kind.SET: _set}
