"""Early engine: ISO dates and today/yesterday/tomorrow only (being replaced)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from dateline.errors import DatelineError
from dateline.model import Granularity, Timex, TimexType

_RX = re.compile(r"\b(?:(\d{4})-(\d{2})-(\d{2})|(today|yesterday|tomorrow))\b", re.I)
_REL = {"today": 0, "yesterday": -1, "tomorrow": 1}


class AnchorError(DatelineError):
    """The anchor is not a date."""


def tag(text: str, anchor: date | datetime) -> list[Timex]:
    if not isinstance(anchor, date):
        raise AnchorError(f"anchor must be a date or datetime, got {anchor!r}")
    day = anchor.date() if isinstance(anchor, datetime) else anchor
    out: list[Timex] = []
    for m in _RX.finditer(text):
        if m.group(4):
            v = (day + timedelta(days=_REL[m.group(4).lower()])).isoformat()
        else:
            try:
                v = date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
            except ValueError:
                continue
        out.append(Timex(m.start(), m.end(), m.group(0), TimexType.DATE, v, Granularity.DAY, day))
    return out
