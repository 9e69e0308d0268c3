"""What the routes share: the app's settings, the store per request, the worker pool, timelines
built once and kept, and uploads through the ingest pipeline.

Threads and SQLite: every cheap request (search, an article, the topics) opens its own store
in the thread that serves it and closes it before returning (opening costs about 0.3 ms).
The SQLite store is in WAL mode, so readers never wait for each other, nor for an upload
that is writing.

Costly work runs in the worker processes of a :class:`~dateline.web.workers.WorkerPool`:
timeline builds (with a deadline, ``Settings.build_timeout``, and stopped when every client
that asked for them has disconnected) and uploads (the ingest pipeline: reading, tagging,
writing; never stopped half-way by a client leaving). When the pool is full the answer is
``503`` with ``Retry-After``; so is an upload beyond the number the pool can hold, before its
body is read, which bounds the memory uploads take.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import unicodedata
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import PurePath
from typing import Any
from urllib.parse import urlencode

import jinja2
from fastapi import Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from dateline.annotate.pipeline import IngestResult
from dateline.export.formats import ExportFormat
from dateline.limits import DEFAULT_LIMITS, Limits
from dateline.model import AnnotatedArticle
from dateline.readers import Format
from dateline.store import Store, open_store
from dateline.web import render
from dateline.web.errors import ApiError
from dateline.web.timelines import CachedTimeline, TimelineCache, timeline_id
from dateline.web.workers import Busy, Job, JobCancelled, JobFailed, JobTimeout, WorkerPool

__all__ = [
    "BUILD_TIMEOUT",
    "EXPORT_TYPES",
    "MAX_UPLOAD_BYTES",
    "MAX_UPLOAD_FILES",
    "ClientGone",
    "Settings",
    "State",
    "UploadFormat",
    "app_state",
    "read_upload",
    "timeline_page_url",
]

MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # one upload request (all its files together)
MAX_UPLOAD_FILES = 100
#: Seconds a timeline request may take, waiting and building (then ``503 build_timeout``):
#: how long one request can hold a worker, and less than clients commonly wait (30 s).
BUILD_TIMEOUT = 20.0

log = logging.getLogger("dateline.web")

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
    rebinding), the upload size limit, how many built timelines are kept in memory, the
    limits of an uploaded article, and the deadline of a timeline request."""

    db: str
    read_only: bool = False
    allowed_hosts: tuple[str, ...] | None = None
    max_upload_bytes: int = MAX_UPLOAD_BYTES
    cache_size: int = 256
    limits: Limits = DEFAULT_LIMITS
    build_timeout: float = BUILD_TIMEOUT


class ClientGone(Exception):
    """The client disconnected while its request waited: there is nobody to answer."""


@dataclass
class State:
    settings: Settings
    cache: TimelineCache
    templates: jinja2.Environment
    pool: WorkerPool
    _uploads: int = 0
    _uploads_lock: threading.Lock = field(default_factory=threading.Lock)

    @contextlib.contextmanager
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

    def content_version(self) -> str:
        with self.store() as store:
            return store.content_version()

    async def timeline(self, params: dict[str, Any], request: Request) -> CachedTimeline:
        """The timeline for ``params`` (a validated, normalised request), from memory when
        this request was built on the same content before, else built in a worker (once,
        however many requests ask for it at the same time)."""
        from dateline.web.jobs import Built, Refused, build_timeline

        version = await run_in_threadpool(self.content_version)
        tid = timeline_id(params, version)
        item = self.cache.get(tid)
        if item is not None:
            return item

        def start() -> Job:
            return self.pool.submit(build_timeline, self.settings.db, params, tid, version,
                                    timeout=self.settings.build_timeout)

        try:
            job = self.cache.flight(tid, start, self.pool.join)
        except Busy as exc:
            raise self._busy(exc.retry_after, f"the server is building as many timelines as it can ({exc.running} "
                             f"running, {exc.waiting} waiting)") from None
        outcome = await self._wait(job, request)
        if isinstance(outcome, Refused):
            raise ApiError(outcome.status, outcome.code, outcome.message)
        assert isinstance(outcome, Built)
        return self.cache.put(CachedTimeline(tid, params, version, outcome.timeline, outcome.body))

    def _busy(self, retry_after: int, what: str) -> ApiError:
        return ApiError(503, "busy", f"{what}; try again in {retry_after} s", headers={"retry-after": str(retry_after)})

    async def _wait(self, job: Job, request: Request) -> Any:
        """The result of ``job`` once it is done; this caller stops waiting when its client
        disconnects (:class:`ClientGone`), which stops the job if nobody else waits."""
        try:
            return await _until_done(job, request)
        except JobTimeout as exc:
            retry = self.pool.retry_after()
            if not exc.started:
                raise self._busy(retry, f"the server was too busy to start this within {exc.seconds:g} s") from None
            raise ApiError(503, "build_timeout", f"this took longer than {exc.seconds:g} s, the limit, and was stopped: "
                           "narrow the request (a topic, from and to, a query) or try again when the server is "
                           "less busy", headers={"retry-after": str(retry)}) from None
        except JobCancelled:
            raise ApiError(503, "shutting_down", "the server is stopping; try again in a moment",
                           headers={"retry-after": "5"}) from None
        except JobFailed as exc:
            log.error("a worker failed: %s\n%s", exc, exc.details)
            raise ApiError(500, "internal_error", "internal server error; the details are in the server's log") from None
        finally:
            self.pool.release(job)

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

    @contextlib.asynccontextmanager
    async def upload_slot(self) -> AsyncIterator[None]:
        """Room for one upload (its body in memory, then its ingest), or ``503``: at most as
        many uploads at a time as the worker pool runs and queues."""
        room = self.pool.workers + self.pool.queue_limit
        with self._uploads_lock:
            if self._uploads >= room:
                raise self._busy(self.pool.retry_after(), f"{self._uploads} uploads are being read or stored")
            self._uploads += 1
        try:
            yield
        finally:
            with self._uploads_lock:
                self._uploads -= 1

    async def ingest(self, files: list[tuple[str, bytes]], fmt: UploadFormat, request: Request) -> IngestResult:
        """Read ``files`` (name, content) as ``dateline ingest`` reads files, and store them
        (in a worker; it finishes even if the client leaves)."""
        from dateline.web.jobs import Refused, ingest_files

        forced = None if fmt is UploadFormat.AUTO else fmt.value
        try:
            job = self.pool.submit(ingest_files, self.settings.db, files, forced, self.settings.limits,
                                   cancellable=False)
        except Busy as exc:
            raise self._busy(exc.retry_after, f"the server is busy ({exc.running} jobs running, {exc.waiting} "
                             "waiting)") from None
        del files  # the worker has them
        outcome = await self._wait(job, request)
        if isinstance(outcome, Refused):
            raise ApiError(outcome.status, outcome.code, outcome.message)
        assert isinstance(outcome, IngestResult)
        return outcome


async def _until_done(job: Job, request: Request) -> Any:
    """``job``'s result, waiting at most until its deadline (plus a moment: the pool stops a
    running job itself); raises :class:`ClientGone` when the client disconnects first."""
    loop = asyncio.get_running_loop()
    done: asyncio.Future[None] = loop.create_future()

    def wake() -> None:
        if not done.done():
            done.set_result(None)

    def landed(_: object) -> None:
        with contextlib.suppress(RuntimeError):  # the loop has closed: nobody waits any more
            loop.call_soon_threadsafe(wake)

    job.future.add_done_callback(landed)
    gone = asyncio.ensure_future(_disconnected(request.receive))
    deadline = job.deadline
    timeout = None if deadline is None else max(0.0, deadline - loop.time()) + 1.0  # both time.monotonic()
    try:
        finished, _ = await asyncio.wait({done, gone}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    finally:
        gone.cancel()
    if job.future.done():
        return job.future.result()
    if gone in finished:
        raise ClientGone()
    raise JobTimeout(job.timeout or 0, started=False)


async def _disconnected(receive: Callable[[], Any]) -> None:
    """Return when the client has disconnected (the request body, if any, was read before)."""
    while True:
        message = await receive()
        if message.get("type") == "http.disconnect":
            return


def _clean_name(name: str | None) -> str:
    """An uploaded file's name as the report shows it: no folders, no control characters
    (nor lone surrogates, category Cs)."""
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
