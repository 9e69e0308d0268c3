"""What the web app's worker processes run (:mod:`dateline.web.workers`): module-level
functions whose arguments and results are picklable. Each opens the store itself (a worker
shares nothing with the server but the database file).

A failure the client can act on comes back as a :class:`Refused` value (its HTTP status,
code and message), not as an exception, so that it crosses the process boundary as plain
data."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from dateline.annotate.pipeline import IngestResult
from dateline.errors import DatelineError
from dateline.limits import Limits
from dateline.model import Timeline

__all__ = ["Built", "Refused", "build_timeline", "ingest_files"]


@dataclass(frozen=True, slots=True)
class Built:
    """A built timeline and the JSON answer of ``POST /api/timelines``, encoded."""

    timeline: Timeline
    body: bytes


@dataclass(frozen=True, slots=True)
class Refused:
    """What to answer instead: ``status``, ``code`` and ``message`` of an API error."""

    status: int
    code: str
    message: str


def build_timeline(db: str, params: dict[str, Any], timeline_id: str, version: str) -> Built | Refused:
    """The timeline for ``params`` (a validated, normalised request) over the store at
    ``db`` (whose content version was ``version`` when ``timeline_id`` was made of it)."""
    from dateline.export.json import to_dict
    from dateline.store import QueryError, open_store
    from dateline.tls import build
    from dateline.web.state import EXPORT_TYPES, timeline_page_url

    kws = params.get("keywords")
    name = params.get("title")  # None: build() names it after the query, keywords or topic
    since, until = (date.fromisoformat(params[k]) if k in params else None for k in ("from", "to"))
    try:
        with open_store(db) as store:
            tl = build(store, params.get("query"), dates=params.get("dates"),
                       per_date=params.get("per_date"), window=(since, until),
                       method=params.get("method"), keywords=kws, topic=params.get("topic"),
                       granularity=params.get("granularity", "day"), name=name, entity=params.get("entity"))
    except QueryError as exc:
        return Refused(400, "bad_query", str(exc))
    except DatelineError as exc:
        return Refused(422, "no_timeline", str(exc))
    obj = {"id": timeline_id, **to_dict(tl), "content_version": version, "request": params,
           "links": {fmt.value: f"/api/timelines/{timeline_id}?format={fmt}" for fmt in EXPORT_TYPES}
           | {"page": timeline_page_url(params)}}
    return Built(tl, json.dumps(obj, ensure_ascii=False).encode("utf-8"))


def ingest_files(db: str, files: list[tuple[str, bytes]], fmt: str | None, limits: Limits) -> IngestResult | Refused:
    """Read ``files`` (name, content) as ``dateline ingest`` reads files (``fmt``: the
    format of every file, None: detected per file), and store them."""
    from dateline.annotate import ingest
    from dateline.readers import Format, Source, read_source
    from dateline.store import open_store

    forced = None if fmt is None else Format(fmt)
    items = (item for name, data in files for item in read_source(Source(Path(name), forced), data=data, limits=limits))
    try:
        with open_store(db) as store:
            return ingest(store, items, limits=limits)
    except DatelineError as exc:  # the database cannot be written
        return Refused(503, "store_unavailable", str(exc))
