"""Timeline requests over HTTP: the parameters, their limits, and the cache.

A request carries the arguments of ``dateline timeline`` (``query``, ``keywords``,
``topic``, ``from``, ``to``, ``dates``, ``per_date``, ``method``, ``granularity``,
``title``) and becomes one call of :func:`dateline.tls.build`. The timeline's id is a hash
of the normalised parameters and the store's content version, so the same request on the
same content is built once and served from memory afterwards, and any change to the stored
articles (an upload, a re-tag) gives new ids. Concurrent requests for a timeline that is
being built wait for that one build instead of starting their own.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from dateline.model import Timeline

__all__ = [
    "LIMITS",
    "CachedTimeline",
    "LimitError",
    "TimelineCache",
    "TimelineRequest",
    "check_limits",
    "timeline_id",
]

#: The limits of a request, by the name an error message gives them.
LIMITS: dict[str, int] = {
    "query_chars": 500,   # characters in a query (search, article filter, timeline)
    "dates": 200,         # dates of a timeline
    "per_date": 10,       # sentences per date
    "keywords": 50,       # keywords of a timeline
    "keyword_chars": 100,  # characters in one keyword, a topic, a title or a method name
}


class LimitError(ValueError):
    """A request parameter outside its limit: ``name`` is the parameter, ``limit`` the
    name of the limit in :data:`LIMITS` (or None for a lower bound)."""

    def __init__(self, name: str, message: str, limit: str | None = None, maximum: int | None = None) -> None:
        super().__init__(message)
        self.name = name
        self.limit = limit
        self.maximum = maximum


class TimelineRequest(BaseModel):
    """What ``POST /api/timelines`` takes (the options of ``dateline timeline``). At least
    one of ``query``, ``keywords`` and ``topic`` says what the timeline is about."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    query: str | None = Field(None, description="Free text: selects articles (full-text search); its "
                              "content words are the keywords every summary sentence must contain.",
                              examples=["bridge repair vote"])
    keywords: list[str] | None = Field(None, description="Articles and summary sentences must contain one "
                                       "of them (case-insensitive substring).", examples=[["bridge", "fenwick"]])
    topic: str | None = Field(None, description="Topic tag of the articles.", examples=["fenwick bridge"])
    since: date | None = Field(None, alias="from", description="First day (publication and events).")
    until: date | None = Field(None, alias="to", description="Last day (publication and events).")
    dates: int | None = Field(None, description="Number of dates, 1 to 200 (default: from the size and "
                              "span of the selection).")
    per_date: int | None = Field(None, description="Sentences per date, 1 to 10 (default: from the size "
                                 "of the selection).")
    method: str | None = Field(None, description="Timeline method (default: the engine's default).")
    granularity: Literal["day", "month", "year"] = Field("day", description="Entries for days, months or years.")
    title: str | None = Field(None, description="Title of the timeline (default: the query, keywords or topic).")

    def normalised(self) -> dict[str, Any]:
        """The parameters with empty values dropped, in one canonical form (the cache key)."""
        kws = [k.strip() for k in self.keywords or () if k.strip()]
        out: dict[str, Any] = {
            "query": (self.query or "").strip() or None,
            "keywords": kws or None,
            "topic": (self.topic or "").strip() or None,
            "from": self.since.isoformat() if self.since else None,
            "to": self.until.isoformat() if self.until else None,
            "dates": self.dates,
            "per_date": self.per_date,
            "method": (self.method or "").strip() or None,
            "granularity": self.granularity,
            "title": (self.title or "").strip() or None,
        }
        return {k: v for k, v in out.items() if v is not None}


def check_limits(params: dict[str, Any]) -> None:
    """Raise :class:`LimitError` naming the first parameter outside its limit, or
    ValueError when the request does not say what the timeline is about."""
    if not ("query" in params or "keywords" in params or "topic" in params):
        raise ValueError("say what the timeline is about: give query, keywords or topic")
    check_text("query", params.get("query"), "query_chars")
    for name in ("topic", "title", "method"):
        check_text(name, params.get(name), "keyword_chars")
    kws = params.get("keywords") or []
    if len(kws) > LIMITS["keywords"]:
        raise LimitError("keywords", f"keywords has {len(kws)} items; the limit is {LIMITS['keywords']}",
                         "keywords", LIMITS["keywords"])
    for k in kws:
        check_text("keywords", k, "keyword_chars")
    for name in ("dates", "per_date"):
        value = params.get(name)
        if value is None:
            continue
        if value < 1:
            raise LimitError(name, f"{name} must be at least 1, got {value}")
        if value > LIMITS[name]:
            raise LimitError(name, f"{name} is {value}; the limit is {LIMITS[name]}", name, LIMITS[name])
    if "from" in params and "to" in params and params["from"] > params["to"]:
        raise ValueError(f"empty window: from ({params['from']}) is after to ({params['to']})")


def check_text(name: str, value: str | None, limit: str) -> None:
    """Raise :class:`LimitError` when ``value`` is longer than the limit ``limit``."""
    if value is not None and len(value) > LIMITS[limit]:
        raise LimitError(name, f"{name} is {len(value)} characters long; the limit is {LIMITS[limit]}",
                         limit, LIMITS[limit])


def timeline_id(params: dict[str, Any], content_version: str) -> str:
    """16 hex digits of SHA-256 over the normalised parameters and the content version."""
    key = json.dumps(params, sort_keys=True, ensure_ascii=False) + "\x1f" + content_version
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


@dataclass
class CachedTimeline:
    """A built timeline, its request, and what serving it needs (computed once)."""

    id: str
    params: dict[str, Any]
    content_version: str
    timeline: Timeline
    body: bytes  # the JSON response of POST /api/timelines, encoded
    extras: dict[str, Any] = field(default_factory=dict)  # per-page data computed on first use
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)


class TimelineCache:
    """Built timelines by id, least recently used evicted past ``size``; thread-safe."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._items: OrderedDict[str, CachedTimeline] = OrderedDict()
        self._lock = threading.Lock()
        self._building: dict[str, threading.Lock] = {}
        self.builds = 0  # how many timelines were built (not served from memory)

    def get(self, timeline_id: str) -> CachedTimeline | None:
        with self._lock:
            item = self._items.get(timeline_id)
            if item is not None:
                self._items.move_to_end(timeline_id)
            return item

    def get_or_build(self, timeline_id: str, build: Callable[[], CachedTimeline]) -> CachedTimeline:
        """The cached timeline ``timeline_id``, built with ``build()`` when missing (once,
        however many threads ask at the same time; an exception is not cached)."""
        item = self.get(timeline_id)
        if item is not None:
            return item
        with self._lock:
            building = self._building.setdefault(timeline_id, threading.Lock())
        with building:
            item = self.get(timeline_id)
            if item is not None:
                return item
            try:
                item = build()
                with self._lock:  # stored before the building lock is dropped: no second build
                    self.builds += 1
                    self._items[timeline_id] = item
                    while len(self._items) > self.size:
                        self._items.popitem(last=False)
            finally:
                with self._lock:
                    self._building.pop(timeline_id, None)
            return item

    def __len__(self) -> int:
        return len(self._items)
