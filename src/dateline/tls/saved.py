"""Saved timelines: a timeline request kept in the store with its last result, and rebuilt
when the articles it selects change.

``dateline timeline ... --save NAME`` stores the request (selection, method and
parameters: the options of ``dateline timeline``, see :func:`make_request`) and the
timeline it gave. :func:`refresh_all` (``dateline timelines refresh``; a watcher calls it
after each poll that stored articles) rebuilds those whose selection changed, cheaply:

1. a saved timeline remembers the store's content version when it was last compared with
   the store; if the store has not changed since, nothing is read;
2. otherwise the selection's fingerprint (:meth:`~dateline.store.Store.selection_fingerprint`
   over topic, window and full-text query: the matching articles' count, largest and summed
   ingest numbers, tagger versions and stories, one aggregate query) is compared with the
   one it was built from; if it is the same, only the content version is updated;
3. otherwise the timeline is built again and compared with the previous result: dates that
   were not in it are *new*, dates whose sentences differ are *changed*; both are kept with
   the result, so the CLI and the web app can mark them.

An entity timeline (``--entity NAME``) keeps the name in its request; its fingerprint
(:meth:`~dateline.store.Store.entity_fingerprint`) looks the name up again
(:func:`dateline.entities.lookup.find`) and covers the articles that mention the entities
found or contain one of their aliases (as the timeline selects them:
:func:`dateline.entities.select.select`), with their mentions of them and their recogniser
versions: it changes when such an article is added or its entities are recognised again,
and when the name comes to stand for other entities or gains an alias, not when an
unrelated article is added.

Keywords (``--keywords``) filter in Python, not in the store, so they are not part of the
fingerprint: an article matching the topic but none of the keywords also triggers a
rebuild (which then finds nothing new). A rebuild that fails (the selection no longer gives
a timeline) keeps the previous result and reports the reason.
"""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

from dateline.entities.lookup import find
from dateline.entities.select import match_aliases
from dateline.errors import DatelineError
from dateline.export.json import from_dict, to_dict
from dateline.model import Timeline
from dateline.store.base import QueryError, SavedTimeline, Store
from dateline.tls.api import build
from dateline.tls.contract import TimelineError

__all__ = [
    "MAX_NAME",
    "RefreshResult",
    "build_request",
    "make_request",
    "refresh",
    "refresh_all",
    "save",
    "saved_record",
    "timeline_of",
]

MAX_NAME = 100


@dataclass(frozen=True, slots=True)
class RefreshResult:
    """What refreshing one saved timeline did. ``status``: ``unchanged`` (its selection did
    not change; nothing was built), ``refreshed`` (built again) or ``failed`` (the rebuild
    failed, ``error`` says why; the previous result is kept). ``added``/``changed``: the
    dates (ISO labels) new in the result, or whose sentences changed; ``removed``: dates of
    the previous result that are gone (a timeline of l dates drops one for each it adds);
    ``entries``: the number of dates of the current result; ``seconds``: wall time of the
    refresh."""

    name: str
    status: str
    entries: int
    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    error: str | None = None
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "status": self.status, "entries": self.entries, "added": list(self.added),
                "changed": list(self.changed), "removed": list(self.removed), "error": self.error,
                "seconds": round(self.seconds, 3)}


def make_request(
    *,
    query: str | None = None,
    keywords: Sequence[str] | None = None,
    entity: str | None = None,
    topic: str | None = None,
    since: date | None = None,
    until: date | None = None,
    dates: int | None = None,
    per_date: int | None = None,
    method: str | None = None,
    granularity: str = "day",
    title: str | None = None,
) -> dict[str, Any]:
    """A timeline request in its one canonical form (what is saved, and the key of the web
    app's cache): the options of ``dateline timeline`` under the names of the HTTP API
    (``from``/``to`` as ISO days), empty values left out."""
    out: dict[str, Any] = {
        "query": query or None,
        "keywords": list(keywords) if keywords else None,
        "entity": entity if entity is not None and entity.strip() else None,
        "topic": topic or None,
        "from": since.isoformat() if since else None,
        "to": until.isoformat() if until else None,
        "dates": dates,
        "per_date": per_date,
        "method": method or None,
        "granularity": granularity,
        "title": title or None,
    }
    return {k: v for k, v in out.items() if v is not None}


def _window(request: dict[str, Any]) -> tuple[date | None, date | None]:
    since, until = (request.get(k) for k in ("from", "to"))
    return (date.fromisoformat(since) if since else None, date.fromisoformat(until) if until else None)


def build_request(store: Store, request: dict[str, Any]) -> Timeline:
    """The timeline ``request`` (a :func:`make_request` dict) gives on ``store`` now."""
    return build(store, request.get("query"), dates=request.get("dates"), per_date=request.get("per_date"),
                 window=_window(request), method=request.get("method"), keywords=request.get("keywords"),
                 topic=request.get("topic"), granularity=request.get("granularity", "day"),
                 name=request.get("title"), entity=request.get("entity"))


def _fingerprint(store: Store, request: dict[str, Any]) -> str:
    since, until = _window(request)
    entity = request.get("entity")
    if entity is not None:
        try:
            match = find(store, entity)
        except DatelineError as exc:  # the name stands for nothing now: the rebuild says so
            return f"no entity: {exc}"
        return store.entity_fingerprint(match.ids, match_aliases(match), topic=request.get("topic"),
                                        since=since, until=until)
    return store.selection_fingerprint(topic=request.get("topic"), since=since, until=until,
                                       query=request.get("query"))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _check_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise DatelineError("a saved timeline needs a name")
    if len(name) > MAX_NAME:
        raise DatelineError(f"the name of a saved timeline has at most {MAX_NAME} characters, got {len(name)}")
    if any(unicodedata.category(c)[0] == "C" for c in name):
        raise DatelineError(f"the name {name!r} holds a control character")
    return name


def _result(timeline: Timeline) -> dict[str, Any]:
    return to_dict(timeline)


def timeline_of(saved: SavedTimeline) -> Timeline:
    """The saved result as a :class:`Timeline`."""
    return from_dict(saved.result)


def save(store: Store, name: str, request: dict[str, Any], timeline: Timeline | None = None) -> SavedTimeline:
    """Save ``request`` under ``name`` (replacing a saved timeline of that name) with its
    result: ``timeline`` when the caller has just built it from ``request`` on ``store``,
    else built now. Raises :class:`~dateline.tls.TimelineError` when it gives no timeline."""
    name = _check_name(name)
    version = store.content_version()
    fingerprint = _fingerprint(store, request)
    if timeline is None:
        timeline = build_request(store, request)
    now = _now()
    saved = SavedTimeline(name=name, request=dict(request), result=_result(timeline), fingerprint=fingerprint,
                          content_version=version, created=now, refreshed=now, checked=now)
    store.save_timeline(saved)
    return saved


def _labels(result: dict[str, Any]) -> dict[str, list[str]]:
    return {str(e["date"]): [str(s["text"]) for s in e["sentences"]] for e in result.get("entries", [])}


def refresh(store: Store, name: str, *, force: bool = False) -> RefreshResult:
    """Rebuild the saved timeline ``name`` if its selection changed since it was built
    (always with ``force``); see the module docstring."""
    started = time.perf_counter()
    saved = store.saved_timeline(name)
    if saved is None:
        raise DatelineError(f"no saved timeline {name!r} (see `dateline timelines`)")
    entries = len(saved.result.get("entries", []))

    def done(status: str, **kw: Any) -> RefreshResult:
        return RefreshResult(name, status, kw.pop("entries", entries), seconds=time.perf_counter() - started, **kw)

    version = store.content_version()
    if not force and version == saved.content_version:
        return done("unchanged")
    fingerprint = _fingerprint(store, saved.request)
    if not force and fingerprint == saved.fingerprint:
        store.save_timeline(replace(saved, content_version=version, checked=_now()))
        return done("unchanged")
    try:
        timeline = build_request(store, saved.request)
    except (TimelineError, QueryError, DatelineError) as exc:
        store.save_timeline(replace(saved, content_version=version, fingerprint=fingerprint, checked=_now()))
        return done("failed", error=str(exc))
    result = _result(timeline)
    before, after = _labels(saved.result), _labels(result)
    added = tuple(d for d in after if d not in before)
    changed = tuple(d for d in after if d in before and before[d] != after[d])
    removed = tuple(d for d in before if d not in after)
    now = _now()
    store.save_timeline(replace(saved, result=result, fingerprint=fingerprint, content_version=version,
                                refreshed=now, checked=now, new_entries=added, changed_entries=changed,
                                refreshes=saved.refreshes + 1))
    return done("refreshed", entries=len(after), added=added, changed=changed, removed=removed)


def refresh_all(store: Store, *, force: bool = False) -> list[RefreshResult]:
    """:func:`refresh` every saved timeline (by name); one that fails does not stop the others."""
    return [refresh(store, s.name, force=force) for s in store.saved_timelines()]


def saved_record(saved: SavedTimeline) -> dict[str, Any]:
    """A saved timeline for listings (``dateline timelines --json``, the web API): its name,
    request, numbers of entries, when it was created, last built and last checked, and the
    dates new or changed at the last rebuild."""
    result = saved.result
    return {
        "name": saved.name,
        "request": saved.request,
        "title": result.get("name"),
        "entries": len(result.get("entries", [])),
        "created": saved.created,
        "refreshed": saved.refreshed,
        "checked": saved.checked,
        "refreshes": saved.refreshes,
        "new_entries": list(saved.new_entries),
        "changed_entries": list(saved.changed_entries),
    }
