"""Helpers every rich exporter shares: source descriptions and JSON-safe metadata."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import PurePath
from typing import Any

from dateline.model import Provenance, Timeline

__all__ = ["also_sources", "json_safe", "source_label", "safe_url"]


def source_label(p: Provenance) -> str:
    """``outlet, "title"`` when known; else the file name of the origin; else the article id."""
    parts: list[str] = []
    if p.outlet:
        parts.append(p.outlet)
    if p.title:
        parts.append(f"\u201c{p.title}\u201d")
    if not parts and p.origin:
        parts.append(PurePath(p.origin).name)
    if not parts:
        parts.append(f"article {p.article_id}")
    return ", ".join(parts)


def also_sources(p: Provenance) -> list[tuple[str, str | None]]:
    """The other articles that carried the sentence (:attr:`Provenance.also`), as
    ``(label, http(s) url or None)``: the outlet (else :func:`source_label`), each label once."""
    out: dict[str, str | None] = {}
    for q in p.also:
        label = q.outlet or source_label(q)
        if label not in out or out[label] is None:
            out[label] = safe_url(q.url)
    return list(out.items())


def safe_url(url: str | None) -> str | None:
    """``url`` when it is an http(s) address, else None (no ``javascript:`` links)."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def json_safe(value: Any) -> Any:
    """``value`` with dates as ISO strings and tuples as lists (for ``Timeline.meta``)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_safe(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def title_of(timeline: Timeline, default: str = "Timeline") -> str:
    return timeline.name or default
