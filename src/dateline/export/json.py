"""The timeline as one JSON document, with the provenance of every sentence.

::

    {"name": ..., "meta": {...},
     "entries": [{"date": "2011-01", "granularity": "month", "start": "2011-01-01",
                  "end": "2011-01-31", "label": "January 2011", "score": 0.8,
                  "sentences": [{"text": ..., "provenance": {"article_id", "sentence_index",
                                 "start", "end", "origin", "url", "outlet", "title",
                                 "also": [{...}, ...], "mentions"?: [[start, end], ...]}}]}]}

``date`` is the ISO label of the period (``2011-01-25``, ``2011-01``, ``2011``) so a month
stays a month; ``start``/``end`` are its first and last day. ``provenance`` is null for
sentences of a timeline that has none (a reference timeline). ``also`` lists, with the same
fields, the other articles of the same story that carried the sentence (empty when none).
``mentions``, in an entity timeline only: the spans (offsets into the article text) of the
entity's mentions in the sentence.
:func:`from_dict` reads the document back into a :class:`~dateline.model.Timeline`.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from typing import Any

from dateline.export._common import json_safe
from dateline.export.period import human_label, iso_label, period_end
from dateline.model import Granularity, Provenance, Timeline, TimelineEntry

__all__ = ["dumps", "from_dict", "to_dict"]


def to_dict(timeline: Timeline) -> dict[str, Any]:
    entries = []
    for e in timeline.entries:
        sentences = [
            {"text": s, "provenance": _provenance_dict(e.provenance[i]) if e.provenance else None}
            for i, s in enumerate(e.sentences)
        ]
        entries.append({
            "date": iso_label(e.date, e.granularity),
            "granularity": str(e.granularity),
            "start": e.date.isoformat(),
            "end": period_end(e.date, e.granularity).isoformat(),
            "label": human_label(e.date, e.granularity),
            "score": e.score,
            "sentences": sentences,
        })
    return {"name": timeline.name, "meta": json_safe(timeline.meta), "entries": entries}


def _provenance_dict(p: Provenance) -> dict[str, Any]:
    """The provenance as JSON; ``mentions`` (an entity timeline's mention spans) only when
    there are some."""
    out = asdict(p)
    _drop_empty_mentions(out)
    return out


def _drop_empty_mentions(obj: dict[str, Any]) -> None:
    if not obj.get("mentions"):
        obj.pop("mentions", None)
    for other in obj.get("also") or ():
        _drop_empty_mentions(other)


def dumps(timeline: Timeline, *, indent: int | None = 2) -> str:
    return json.dumps(to_dict(timeline), ensure_ascii=False, indent=indent) + "\n"


def _provenance(obj: dict[str, Any]) -> Provenance:
    return Provenance(
        article_id=obj["article_id"], sentence_index=int(obj["sentence_index"]), start=int(obj["start"]),
        end=int(obj["end"]), origin=obj.get("origin"), url=obj.get("url"), outlet=obj.get("outlet"),
        title=obj.get("title"), also=tuple(_provenance(o) for o in obj.get("also") or ()),
        mentions=tuple((int(m[0]), int(m[1])) for m in obj.get("mentions") or ()),
    )


def from_dict(obj: dict[str, Any]) -> Timeline:
    """The :class:`Timeline` a :func:`to_dict` document describes (``meta`` as JSON gave it)."""
    entries = []
    for e in obj["entries"]:
        sentences = e["sentences"]
        prov = tuple(_provenance(s["provenance"]) for s in sentences if s.get("provenance"))
        entries.append(TimelineEntry(
            date=date.fromisoformat(e["start"]),
            sentences=tuple(s["text"] for s in sentences),
            granularity=Granularity(e["granularity"]),
            provenance=prov if len(prov) == len(sentences) else (),
            score=e.get("score"),
        ))
    return Timeline(entries=tuple(entries), name=obj.get("name"), meta=dict(obj.get("meta") or {}))
