"""Timeline requests over HTTP: the parameters, their limits, and the cache.

A request carries the arguments of ``dateline timeline`` (``query``, ``keywords``,
``topic``, ``from``, ``to``, ``dates``, ``per_date``, ``method``, ``granularity``,
``title``) and becomes one call of :func:`dateline.tls.build`. The timeline's id is a hash
of the normalised parameters and the store's content version, so the same request on the
same content is built once and served from memory afterwards, and any change to the stored
articles (an upload, a re-tag) gives new ids. Concurrent requests for a timeline that is
being built wait for that one build instead of starting their own (:meth:`TimelineCache.flight`);
the builds themselves run in worker processes (:mod:`dateline.web.workers`).
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from dateline.model import Timeline, TimelineGranularity
from dateline.web.params import StrictInt

if TYPE_CHECKING:
    from dateline.web.workers import Job

__all__ = [
    "LIMITS",
    "CachedTimeline",
    "TimelineCache",
    "TimelineRequest",
    "limit_name",
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
_CHAR_LIMITS = ("query_chars", "keyword_chars")
assert len({LIMITS[n] for n in _CHAR_LIMITS}) == len(_CHAR_LIMITS), "limit_name() tells them apart by value"


def limit_name(parameter: str, maximum: int, characters: bool) -> str:
    """The name in :data:`LIMITS` of the limit ``maximum`` of ``parameter``: a limit on
    characters by its value, any other limit (a count) by the parameter's name."""
    if characters:
        return next(n for n in _CHAR_LIMITS if LIMITS[n] == maximum)
    return parameter


def _stripped(value: Any) -> Any:
    """Text without surrounding white space (limits apply to what is used)."""
    return value.strip() if isinstance(value, str) else value


def _keywords(value: Any) -> Any:
    """The keywords without surrounding white space, empty ones dropped."""
    if isinstance(value, list):
        return [k for k in (_stripped(v) for v in value) if k != ""]
    return value


Keyword = Annotated[str, StringConstraints(max_length=LIMITS["keyword_chars"])]
QueryText = Annotated[Annotated[str, StringConstraints(max_length=LIMITS["query_chars"])] | None,
                      BeforeValidator(_stripped)]
ShortText = Annotated[Keyword | None, BeforeValidator(_stripped)]


class TimelineRequest(BaseModel):
    """What ``POST /api/timelines`` takes (the options of ``dateline timeline``). At least
    one of ``query``, ``keywords``, ``topic`` and ``entity`` says what the timeline is about. Text is
    used without surrounding white space, and its limits apply to that."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    query: QueryText = Field(None, description="Free text: selects articles (full-text search); its "
                         "content words are the keywords every summary sentence must contain.",
                         examples=["bridge repair vote"])
    keywords: Annotated[list[Keyword] | None, BeforeValidator(_keywords)] = Field(
        None, max_length=LIMITS["keywords"], description="Articles and summary sentences must contain "
        "one of them (case-insensitive substring).", examples=[["bridge", "fenwick"]])
    topic: ShortText = Field(None, description="Topic tag of the articles.", examples=["fenwick bridge"])
    entity: ShortText = Field(None, description="A person, organisation or place (a name, an alias or #ID of "
                              "`GET /api/entities`): its articles, every summary sentence mentioning it, each "
                              "sentence's provenance with the spans of its mentions (`mentions`).",
                              examples=["Raymond T. Ostrander"])
    since: date | None = Field(None, alias="from", description="First day (publication and events).")
    until: date | None = Field(None, alias="to", description="Last day (publication and events).")
    dates: Annotated[int | None, StrictInt] = Field(
        None, ge=1, le=LIMITS["dates"],
        description=f"Number of dates, 1 to {LIMITS['dates']} (default: from the size and span of the selection).")
    per_date: Annotated[int | None, StrictInt] = Field(
        None, ge=1, le=LIMITS["per_date"],
        description=f"Sentences per date, 1 to {LIMITS['per_date']} (default: from the size of the selection).")
    method: ShortText = Field(None, description="Timeline method (default: the engine's default).")
    granularity: TimelineGranularity = Field(TimelineGranularity.DAY,
                                             description="Entries for days, months or years.")
    title: ShortText = Field(None, description="Title of the timeline (default: the query, keywords or topic).")

    @model_validator(mode="after")
    def _about_something(self) -> TimelineRequest:
        if not (self.query or self.keywords or self.topic or self.entity):
            raise ValueError("say what the timeline is about: give query, keywords, topic or entity")
        if self.since is not None and self.until is not None and self.since > self.until:
            raise ValueError(f"empty window: from ({self.since.isoformat()}) is after to ({self.until.isoformat()})")
        return self

    def normalised(self) -> dict[str, Any]:
        """The parameters with empty values dropped, in one canonical form (the cache key)."""
        out: dict[str, Any] = {
            "query": self.query or None,
            "keywords": self.keywords or None,
            "topic": self.topic or None,
            "entity": self.entity or None,
            "from": self.since.isoformat() if self.since else None,
            "to": self.until.isoformat() if self.until else None,
            "dates": self.dates,
            "per_date": self.per_date,
            "method": self.method or None,
            "granularity": self.granularity.value,
            "title": self.title or None,
        }
        return {k: v for k, v in out.items() if v is not None}


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
    """Built timelines by id, least recently used evicted past ``size``, and the builds in
    progress; thread-safe."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._items: OrderedDict[str, CachedTimeline] = OrderedDict()
        self._lock = threading.Lock()
        self._flights: dict[str, Job] = {}
        self.builds = 0  # how many timelines were built (not served from memory)

    def get(self, timeline_id: str) -> CachedTimeline | None:
        with self._lock:
            item = self._items.get(timeline_id)
            if item is not None:
                self._items.move_to_end(timeline_id)
            return item

    def put(self, item: CachedTimeline) -> CachedTimeline:
        """Keep ``item`` (the one already kept under its id, if any, wins)."""
        with self._lock:
            kept = self._items.setdefault(item.id, item)
            if kept is item:
                self.builds += 1
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
            return kept

    def flight(self, timeline_id: str, start: Callable[[], Job], join: Callable[[Job], None]) -> Job:
        """The build of ``timeline_id`` in progress (``join(job)`` counts one more waiter),
        or a new one from ``start()`` (which may raise: nothing is recorded then). The
        build is forgotten when it ends."""
        with self._lock:
            job = self._flights.get(timeline_id)
            if job is not None and not job.future.done():
                join(job)
                return job
            job = start()
            self._flights[timeline_id] = job

        def landed(_: object) -> None:
            with self._lock:
                if self._flights.get(timeline_id) is job:
                    del self._flights[timeline_id]

        job.future.add_done_callback(landed)
        return job

    def __len__(self) -> int:
        return len(self._items)
