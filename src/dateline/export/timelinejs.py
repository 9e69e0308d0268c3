"""The timeline in the Knight Lab TimelineJS3 JSON format.

Each entry becomes an event whose ``start_date`` goes exactly down to the entry's
granularity: ``{"year", "month", "day"}`` for a day, ``{"year", "month"}`` for a month,
``{"year"}`` for a year; weeks, quarters, seasons, halves, decades and centuries get an
``end_date`` at the same precision (the last day of a week, the last month of a quarter,
the last year of a decade) so TimelineJS draws the whole period. ``text.headline`` is the
first sentence (shortened to 120 characters), ``text.text`` all sentences with their
sources as escaped HTML, ``group`` the granularity ("Days", "Months", ...) so coarse entries
get their own row, and ``unique_id`` the ISO label of the period.
"""

from __future__ import annotations

import json
from datetime import date
from html import escape
from typing import Any

from dateline.export._common import also_sources, safe_url, source_label, title_of
from dateline.export.period import human_label, iso_label, period_end
from dateline.model import Granularity, Timeline

__all__ = ["dumps", "to_dict"]

_DAY = (Granularity.TIME, Granularity.DAY, Granularity.NONE)
_MONTH = (Granularity.MONTH, Granularity.QUARTER, Granularity.SEASON, Granularity.HALF)
_GROUPS = {
    Granularity.TIME: "Days", Granularity.DAY: "Days", Granularity.NONE: "Days",
    Granularity.WEEK: "Weeks", Granularity.MONTH: "Months", Granularity.QUARTER: "Quarters",
    Granularity.SEASON: "Seasons", Granularity.HALF: "Half-years", Granularity.YEAR: "Years",
    Granularity.DECADE: "Decades", Granularity.CENTURY: "Centuries",
}
_HEADLINE = 120


def _date(d: date, g: Granularity) -> dict[str, int]:
    if g in _DAY or g is Granularity.WEEK:
        return {"year": d.year, "month": d.month, "day": d.day}
    if g in _MONTH:
        return {"year": d.year, "month": d.month}
    return {"year": d.year}


def _headline(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= _HEADLINE:
        return text
    cut = text[: _HEADLINE - 1].rsplit(" ", 1)[0]
    return cut + "\u2026"


def to_dict(timeline: Timeline) -> dict[str, Any]:
    events = []
    for e in timeline.entries:
        g = Granularity(e.granularity)
        items = []
        for i, sentence in enumerate(e.sentences):
            item = escape(" ".join(sentence.split()))
            if e.provenance:
                p = e.provenance[i]
                label = escape(source_label(p))
                url = safe_url(p.url)
                if url:
                    label = f'<a href="{escape(url, quote=True)}">{label}</a>'
                also = ", ".join(
                    f'<a href="{escape(u, quote=True)}">{escape(lbl)}</a>' if u else escape(lbl)
                    for lbl, u in also_sources(p))
                item += f" <small>({label}{'; also in: ' + also if also else ''})</small>"
            items.append(f"<p>{item}</p>")
        event: dict[str, Any] = {
            "start_date": _date(e.date, g),
            "display_date": human_label(e.date, g),
            "text": {"headline": escape(_headline(e.sentences[0])) if e.sentences else "",
                     "text": "".join(items)},
            "group": _GROUPS[g],
            "unique_id": f"d-{iso_label(e.date, g)}",
        }
        if g not in _DAY and g not in (Granularity.MONTH, Granularity.YEAR):
            event["end_date"] = _date(period_end(e.date, g), g)
        events.append(event)
    return {"title": {"text": {"headline": escape(title_of(timeline)), "text": ""}}, "events": events}


def dumps(timeline: Timeline) -> str:
    return json.dumps(to_dict(timeline), ensure_ascii=False, indent=2) + "\n"
