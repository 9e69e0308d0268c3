"""What the routes share: the app's settings, the store per request, timelines built once
and kept, and uploads through the ingest pipeline.

Threads and SQLite: every request opens its own store in the thread that serves it and
closes it before returning (opening costs about 0.3 ms). The SQLite store is in WAL mode,
so readers never wait for each other, nor for an upload that is writing. Uploads take turns
(one lock), because the ingest pipeline collects the readers' warnings with process-wide
state.
"""

from __future__ import annotations

import json
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import urlencode

import jinja2
from fastapi import Request
from starlette.datastructures import UploadFile

from dateline.annotate.pipeline import IngestResult
from dateline.errors import DatelineError
from dateline.export.formats import ExportFormat
from dateline.model import AnnotatedArticle
from dateline.readers import Format
from dateline.store import QueryError, Store, open_store
from dateline.web import render
from dateline.web.errors import ApiError
from dateline.web.timelines import CachedTimeline, TimelineCache, timeline_id

__all__ = [
    "EXPORT_TYPES",
    "MAX_UPLOAD_BYTES",
    "MAX_UPLOAD_FILES",
    "Settings",
    "State",
    "UploadFormat",
    "app_state",
    "read_upload",
    "timeline_page_url",
]

MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # one upload request (all its files together)
MAX_UPLOAD_FILES = 100

#: The media type of each timeline format, in the order a timeline's ``links`` list them.
EXPORT_TYPES: dict[ExportFormat, str] = {
    ExportFormat.JSON: "application/json",
    ExportFormat.TIMELINEJS: "application/json",
    ExportFormat.MD: "text/markdown; charset=utf-8",
    ExportFormat.HTML: "text/html; charset=utf-8",
    ExportFormat.TILSE: "text/plain; charset=utf-8",
    ExportFormat.TEXT: "text/plain; charset=utf-8",
}


class UploadFormat(StrEnum):
    """How the files of an upload are read: each file's format detected, or all in one
    format. Uploads never fetch: the items of an uploaded feed that have only a summary are
    rejected with the reason (a server that fetched the addresses an upload names could be
    made to reach hosts only it can reach)."""

    # the readers' formats that work on single files (a Timeline17 article needs its folder;
    # a sitemap only lists addresses to fetch)

    AUTO = "auto"
    DATELINE = Format.DATELINE.value
    JSONL = Format.JSONL.value
    HTML = Format.HTML.value
    FEED = Format.FEED.value
    WARC = Format.WARC.value


@dataclass(frozen=True)
class Settings:
    """How an app is set up: the database, whether uploads are refused, the hosts a
    request may name (None: any; loopback-only servers pass their names, which stops DNS
    rebinding), the upload size limit and how many built timelines are kept in memory."""

    db: str
    read_only: bool = False
    allowed_hosts: tuple[str, ...] | None = None
    max_upload_bytes: int = MAX_UPLOAD_BYTES
    cache_size: int = 256


@dataclass
class State:
    settings: Settings
    cache: TimelineCache
    templates: jinja2.Environment
    upload_lock: threading.Lock = field(default_factory=threading.Lock)

    @contextmanager
    def store(self) -> Iterator[Store]:
        """A store for this thread and this request only."""
        with open_store(self.settings.db) as store:
            yield store

    def annotated(self, article_id: str) -> AnnotatedArticle:
        """The stored article ``article_id`` with its sentences and timexes, or a 404."""
        if len(article_id) > 128:
            raise ApiError(404, "not_found", "no article with this id")
        with self.store() as store:
            ann = store.annotated(article_id)
        if ann is None:
            raise ApiError(404, "not_found", f"no article {article_id!r}")
        return ann

    # -- timelines ----------------------------------------------------------------------

    def timeline(self, params: dict[str, Any]) -> CachedTimeline:
        """The timeline for ``params`` (a validated, normalised request), from memory when
        this request was built on the same content before."""
        from dateline.tls import build

        with self.store() as store:
            version = store.content_version()
            tid = timeline_id(params, version)

            def make() -> CachedTimeline:
                kws = params.get("keywords")
                name = params.get("title")  # None: build() names it after the query, keywords or topic
                since, until = (date.fromisoformat(params[k]) if k in params else None for k in ("from", "to"))
                try:
                    tl = build(store, params.get("query"), dates=params.get("dates"),
                               per_date=params.get("per_date"), window=(since, until),
                               method=params.get("method"), keywords=kws, topic=params.get("topic"),
                               granularity=params.get("granularity", "day"), name=name)
                except QueryError as exc:
                    raise ApiError(400, "bad_query", str(exc)) from None
                except DatelineError as exc:
                    raise ApiError(422, "no_timeline", str(exc)) from None
                from dateline.export.json import to_dict

                obj = {"id": tid, **to_dict(tl), "content_version": version, "request": params,
                       "links": {fmt.value: f"/api/timelines/{tid}?format={fmt}" for fmt in EXPORT_TYPES}
                       | {"page": timeline_page_url(params)}}
                body = json.dumps(obj, ensure_ascii=False).encode("utf-8")
                return CachedTimeline(tid, params, version, tl, body)

            return self.cache.get_or_build(tid, make)

    def coverage(self, item: CachedTimeline) -> dict[str, Any]:
        """Articles per publication day of the timeline's selection (computed once)."""
        meta = item.timeline.meta
        with item.lock:
            if "counts" not in item.extras:
                p = item.params
                since, until = (date.fromisoformat(p[k]) if k in p else None for k in ("from", "to"))
                keywords = meta.get("keywords")
                with self.store() as store:
                    item.extras["counts"] = store.day_counts(
                        topic=p.get("topic"), since=since, until=until, query=p.get("query"),
                        keywords=[str(k) for k in keywords] if isinstance(keywords, list | tuple) and keywords else None)
            counts: dict[date, int] = item.extras["counts"]
        window = meta.get("window")
        first, last = ((str(window[0]), str(window[1])) if isinstance(window, list | tuple) and window
                       else (min(counts).isoformat(), max(counts).isoformat()))
        entries = [(e.date, e.granularity) for e in item.timeline.entries]
        return render.coverage_chart(counts, entries, (date.fromisoformat(first), date.fromisoformat(last)))

    # -- uploads ------------------------------------------------------------------------

    def ingest(self, files: list[tuple[str, bytes]], fmt: UploadFormat) -> IngestResult:
        """Read ``files`` (name, content) as ``dateline ingest`` reads files, and store them."""
        from dateline.annotate import ingest
        from dateline.readers import Source, read_source

        forced = None if fmt is UploadFormat.AUTO else Format(fmt.value)
        items = (item for name, data in files for item in read_source(Source(Path(name), forced), data=data))
        with self.upload_lock, self.store() as store:
            try:
                return ingest(store, items)
            except DatelineError as exc:  # the database cannot be written
                raise ApiError(503, "store_unavailable", str(exc)) from None


def _clean_name(name: str | None) -> str:
    """An uploaded file's name as the report shows it: no folders, no control characters."""
    base = PurePath((name or "").replace("\\", "/")).name
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C").strip()
    return base[:200] or "upload"


async def read_upload(request: Request, state: State, fmt: UploadFormat,
                      filename: str | None) -> tuple[list[tuple[str, bytes]], UploadFormat]:
    """The files of an upload (multipart ``files``, or the raw body named ``filename``)
    and the format to read them as (a multipart ``format`` field overrides ``fmt``)."""
    if state.settings.read_only:
        raise ApiError(403, "read_only", "this server was started with --read-only: uploads are refused")
    ctype = request.headers.get("content-type", "")
    files: list[tuple[str, bytes]] = []
    chosen: str = fmt
    if ctype.startswith("multipart/form-data"):
        form = await request.form(max_files=MAX_UPLOAD_FILES, max_fields=20)
        chosen = str(form.get("format") or fmt)
        for value in form.getlist("files") + [v for k, v in form.multi_items() if k not in ("files", "format")]:
            if isinstance(value, UploadFile):
                data = await value.read()
                if value.filename or data:  # a form submitted without a file sends an empty part
                    files.append((_clean_name(value.filename), data))
    else:
        data = await request.body()
        if data:
            files.append((_clean_name(filename), data))
    if chosen not in tuple(UploadFormat):
        raise ApiError(422, "invalid_parameter",
                       f"format {chosen[:40]!r} is not one of {', '.join(UploadFormat)}")
    if not files:
        raise ApiError(400, "no_file", "the request holds no file: send multipart `files`, or the file as the body")
    return files, UploadFormat(chosen)


def app_state(request: Request) -> State:
    """The app's :class:`State` (a dependency of every route)."""
    state = request.app.state.dateline
    assert isinstance(state, State)
    return state


def timeline_page_url(params: dict[str, Any]) -> str:
    """The page of the timeline for these (normalised) parameters."""
    query = {k: (", ".join(v) if isinstance(v, list) else v) for k, v in params.items()}
    return "/timeline?" + urlencode(query)
