"""The FastAPI app behind ``dateline serve``: the JSON API under ``/api``, the pages, and
the error handling that keeps every failure a short JSON (API) or HTML (pages) message.

Threads and SQLite: every request opens its own :class:`~dateline.store.Store` in the thread
that serves it and closes it before returning (opening costs about 0.3 ms). The store is in
WAL mode, so readers never wait for each other, nor for an upload that is writing. Uploads
take turns (one lock), because the ingest pipeline collects the readers' warnings with
process-wide state.
"""

from __future__ import annotations

import json
import logging
import threading
import unicodedata
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import urlencode, urlsplit

import jinja2
from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers, UploadFile
from starlette.exceptions import HTTPException

from dateline import __version__
from dateline.annotate.pipeline import IngestResult
from dateline.errors import DatelineError
from dateline.store import QueryError, Store, open_store
from dateline.web import render
from dateline.web.timelines import (
    LIMITS,
    CachedTimeline,
    LimitError,
    TimelineCache,
    TimelineRequest,
    check_limits,
    check_text,
    timeline_id,
)

__all__ = ["ApiError", "Settings", "create_app"]

log = logging.getLogger("dateline.web")

HERE = Path(__file__).resolve().parent
MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # one upload request (all its files together)
MAX_UPLOAD_FILES = 100
MAX_BODY_BYTES = 64 * 1024  # any other request body (a timeline request is a few hundred bytes)
MAX_LIST = 500  # articles per page of GET /api/articles
MAX_HITS = 100  # hits of GET /api/search
UPLOAD_FORMATS = ("auto", "dateline", "jsonl")
EXPORT_TYPES = {
    "json": "application/json",
    "timelinejs": "application/json",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "tilse": "text/plain; charset=utf-8",
    "text": "text/plain; charset=utf-8",
}
PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
EXPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"
_HL = ("\ue000", "\ue001")  # snippet highlight markers of the search page (private use characters)


class ApiError(HTTPException):
    """An error the client can act on: HTTP ``status``, a short ``code``, a sentence saying
    what was wrong, and for a limit its name and maximum."""

    def __init__(self, status: int, code: str, message: str, limit: dict[str, Any] | None = None) -> None:
        super().__init__(status_code=status, detail=message)
        self.code = code
        self.message = message
        self.limit = limit

    def body(self) -> dict[str, Any]:
        out: dict[str, Any] = {"error": self.code, "message": self.message}
        if self.limit is not None:
            out["limit"] = self.limit
        return out


def _limit_error(exc: LimitError) -> ApiError:
    if exc.limit is None:
        return ApiError(422, "invalid_parameter", str(exc))
    return ApiError(422, "limit_exceeded", str(exc), {"name": exc.limit, "parameter": exc.name, "max": exc.maximum})


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

    # -- timelines ----------------------------------------------------------------------

    def timeline(self, params: dict[str, Any]) -> CachedTimeline:
        """The timeline for ``params`` (normalised request), from memory when this request
        was built on the same content before."""
        try:
            check_limits(params)
        except LimitError as exc:
            raise _limit_error(exc) from None
        except ValueError as exc:
            raise ApiError(422, "invalid_parameter", str(exc)) from None
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
                       "links": {fmt: f"/api/timelines/{tid}?format={fmt}" for fmt in EXPORT_TYPES}
                       | {"page": timeline_page_url(params)}}
                body = json.dumps(obj, ensure_ascii=False).encode("utf-8")
                return CachedTimeline(tid, params, version, tl, body)

            return self.cache.get_or_build(tid, make)

    def coverage(self, item: CachedTimeline) -> dict[str, Any]:
        """Articles per publication day of the timeline's selection (computed once)."""
        with item.lock:
            if "counts" not in item.extras:
                p, meta = item.params, item.timeline.meta
                since, until = (date.fromisoformat(p[k]) if k in p else None for k in ("from", "to"))
                with self.store() as store:
                    item.extras["counts"] = store.day_counts(
                        topic=p.get("topic"), since=since, until=until, query=p.get("query"),
                        keywords=list(meta.get("keywords") or ()) or None)  # type: ignore[call-overload]
            counts: dict[date, int] = item.extras["counts"]
        window = item.timeline.meta.get("window") or [min(counts).isoformat(), max(counts).isoformat()]
        entries = [(e.date, e.granularity) for e in item.timeline.entries]
        return render.coverage_chart(counts, entries, (date.fromisoformat(window[0]), date.fromisoformat(window[1])))

    # -- uploads ------------------------------------------------------------------------

    def ingest(self, files: list[tuple[str, bytes]], fmt: str) -> IngestResult:
        """Read ``files`` (name, content) as ``dateline ingest`` reads files, and store them."""
        from dateline.annotate import ingest
        from dateline.readers import Source, read_source

        forced = None if fmt == "auto" else fmt
        items = (item for name, data in files for item in read_source(Source(Path(name), forced), data=data))
        with self.upload_lock, self.store() as store:
            try:
                return ingest(store, items)
            except DatelineError as exc:  # the database cannot be written
                raise ApiError(503, "store_unavailable", str(exc)) from None


def timeline_page_url(params: dict[str, Any]) -> str:
    """The page of the timeline for these (normalised) parameters."""
    query = {k: (", ".join(v) if isinstance(v, list) else v) for k, v in params.items()}
    return "/timeline?" + urlencode(query)


# -- the guard: hosts, cross-origin posts, body size, security headers -------------------

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class Guard:
    """Pure ASGI middleware: refuses requests naming another host (DNS rebinding) and
    POSTs from another origin (a web page cannot make the browser upload to this server);
    limits request bodies (uploads: the upload limit; anything else: 64 KiB), before
    reading when Content-Length says so, else while reading; adds security headers."""

    def __init__(self, app: Any, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        host = headers.get("host", "")
        refusal = self._refusal(scope, headers, host)
        if refusal is not None:
            await JSONResponse(refusal.body(), status_code=refusal.status_code)(scope, receive, send)
            return
        path: str = scope["path"]
        upload = path in ("/api/articles", "/upload") and scope["method"] == "POST"
        limit = self.settings.max_upload_bytes if upload else MAX_BODY_BYTES
        name = "upload_bytes" if upload else "body_bytes"
        too_big = ApiError(413, "limit_exceeded", f"the request body is larger than {limit} bytes",
                           {"name": name, "max": limit})
        declared = headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            early = too_big

            async def refuse() -> Message:
                raise early
            receive_limited: Receive = refuse
        else:
            seen = 0

            async def receive_limited() -> Message:
                nonlocal seen
                message = await receive()
                if message["type"] == "http.request":
                    seen += len(message.get("body", b""))
                    if seen > limit:
                        raise too_big
                return message

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                raw = list(message.get("headers", []))
                names = {k.lower() for k, _ in raw}
                extra = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin"),
                         (b"x-frame-options", b"DENY"), (b"content-security-policy", PAGE_CSP.encode())]
                raw.extend((k, v) for k, v in extra if k not in names)
                message["headers"] = raw
            await send(message)

        await self.app(scope, receive_limited, send_with_headers)

    def _refusal(self, scope: Scope, headers: Headers, host: str) -> ApiError | None:
        allowed = self.settings.allowed_hosts
        if allowed is not None and _hostname(host) not in allowed:
            return ApiError(400, "bad_host", f"this server does not answer for host {host[:100]!r}")
        if scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            origin = headers.get("origin")
            if origin is not None and urlsplit(origin).netloc.lower() != host.lower():
                return ApiError(403, "cross_origin", "requests that change or compute things must come "
                                "from this server's own pages (or a program, without an Origin header)")
        return None


def _hostname(host: str) -> str:
    host = host.strip().lower()
    if host.startswith("["):  # [::1]:8000
        return host[: host.find("]") + 1]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


# -- the app -----------------------------------------------------------------------------


def create_app(
    db: str,
    *,
    read_only: bool = False,
    allowed_hosts: tuple[str, ...] | None = None,
    max_upload_bytes: int = MAX_UPLOAD_BYTES,
    cache_size: int = 256,
) -> FastAPI:
    """The app over the store at ``db`` (opened once here, so a bad database fails now)."""
    settings = Settings(db=db, read_only=read_only, allowed_hosts=allowed_hosts,
                        max_upload_bytes=max_upload_bytes, cache_size=cache_size)
    with open_store(db):
        pass
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE / "templates")),
                             autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True)
    state = State(settings=settings, cache=TimelineCache(cache_size), templates=env)
    env.globals.update(version=__version__, read_only=read_only, limits=LIMITS,
                       max_upload_bytes=max_upload_bytes, timeline_page_url=timeline_page_url)
    app = FastAPI(
        title="dateline",
        version=__version__,
        description="Timelines from dated news articles, every line traceable to its source sentence. "
                    "The JSON API of `dateline serve`; errors are JSON objects "
                    '`{"error": code, "message": text}` (limits also name the limit).',
        docs_url=None,
        redoc_url=None,
    )
    app.state.dateline = state
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    _error_handlers(app, state)
    _api_routes(app, state)
    _page_routes(app, state)
    app.add_middleware(Guard, settings=settings)
    return app


def _wants_html(request: Request) -> bool:
    path = request.url.path
    return not (path.startswith("/api/") or path == "/api" or path == "/openapi.json" or path.startswith("/static/"))


def _error_handlers(app: FastAPI, state: State) -> None:
    def respond(request: Request, status: int, body: dict[str, Any]) -> Response:
        if _wants_html(request):
            page = state.templates.get_template("error.html").render(status=status, message=body["message"],
                                                                     limit=body.get("limit"))
            return HTMLResponse(page, status_code=status)
        return JSONResponse(body, status_code=status)

    async def api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return respond(request, exc.status_code, exc.body())

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        codes = {404: "not_found", 405: "method_not_allowed", 400: "bad_request", 413: "limit_exceeded"}
        code = codes.get(exc.status_code, "http_error")
        message = {404: f"nothing at {request.url.path[:200]}",
                   405: f"{request.method} is not allowed on {request.url.path[:200]}"}.get(exc.status_code)
        return respond(request, exc.status_code, {"error": code, "message": message or str(exc.detail)})

    async def validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        details = [{"loc": [str(x) for x in e.get("loc", ())], "message": str(e.get("msg", ""))}
                   for e in exc.errors()]
        summary = "; ".join(f"{'.'.join(d['loc'][1:] or d['loc'])}: {d['message']}" for d in details[:5])
        return respond(request, 422, {"error": "invalid_request", "message": summary or "invalid request",
                                      "details": details})

    async def internal_error(request: Request, exc: Exception) -> Response:
        log.error("internal error on %s %s", request.method, request.url.path, exc_info=exc)
        return respond(request, 500, {"error": "internal_error",
                                      "message": "internal server error; the details are in the server's log"})

    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(Exception, internal_error)


# -- the JSON API ------------------------------------------------------------------------

_ERRORS = {422: {"description": "a parameter is invalid or outside its limit (`limit` names it)"}}


def _day(value: str | None, name: str) -> date | None:
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ApiError(422, "invalid_parameter", f"{name}: {value[:40]!r} is not a date (YYYY-MM-DD)") from None


def _bounded(value: int, name: str, low: int, high: int, limit: str) -> int:
    if value < low:
        raise ApiError(422, "invalid_parameter", f"{name} must be at least {low}, got {value}")
    if value > high:
        raise ApiError(422, "limit_exceeded", f"{name} is {value}; the limit is {high}",
                       {"name": limit, "parameter": name, "max": high})
    return value


def _text_limit(value: str | None, name: str) -> None:
    try:
        check_text(name, value, "query_chars")
    except LimitError as exc:
        raise _limit_error(exc) from None


def _json(obj: Any, status: int = 200) -> Response:
    return Response(json.dumps(obj, ensure_ascii=False).encode("utf-8"), status_code=status,
                    media_type="application/json")


def _api_routes(app: FastAPI, state: State) -> None:
    @app.get("/api/topics", tags=["articles"], summary="Topic tags with article counts and date ranges")
    def topics() -> Response:
        from dateline.store.records import topic_record

        with state.store() as store:
            return _json({"items": [topic_record(t) for t in store.topics()], "counts": store.counts()})

    @app.get("/api/articles", tags=["articles"], summary="List articles (filters, pagination)", responses=_ERRORS)
    def list_articles(
        topic: str | None = Query(None, description="Topic tag."),
        since: str | None = Query(None, description="Published on or after (YYYY-MM-DD)."),
        until: str | None = Query(None, description="Published on or before (YYYY-MM-DD)."),
        q: str | None = Query(None, description="Full-text query (FTS5 syntax) over title and body."),
        limit: int = Query(50, description=f"At most this many items (1 to {MAX_LIST})."),
        offset: int = Query(0, description="Skip this many."),
    ) -> Response:
        """Articles by publication day, without their bodies: `{"items": [...], "total": n,
        "limit": .., "offset": ..}`; `total` counts every match, not only this page."""
        from dateline.store.records import article_record

        _text_limit(q, "q")
        _text_limit(topic, "topic")
        first, last = _day(since, "since"), _day(until, "until")
        _bounded(limit, "limit", 1, MAX_LIST, "limit")
        _bounded(offset, "offset", 0, 2**62, "offset")
        with state.store() as store:
            try:
                rows = store.articles(topic=topic, since=first, until=last, limit=limit, offset=offset, query=q or None)
                total = store.count(topic=topic, since=first, until=last, query=q or None)
            except QueryError as exc:
                raise ApiError(400, "bad_query", str(exc)) from None
        return _json({"items": [article_record(a, text=False) for a in rows], "total": total,
                      "limit": limit, "offset": offset})

    @app.get("/api/articles/{article_id}", tags=["articles"], summary="One article with its sentences and timexes",
             responses={404: {"description": "no article with this id"}})
    def get_article(article_id: str) -> Response:
        """The article (`dateline show --json --sentences`): its fields and body, and
        `sentence_list`: every sentence (index, character span, text) with its time
        expressions (span, text, TimeML type and value, granularity, anchor)."""
        from dateline.store.records import annotated_record

        ann = _annotated(state, article_id)
        return _json(annotated_record(ann, sentence_list=True))

    @app.get("/api/search", tags=["articles"], summary="Full-text search, ranked, with snippets", responses=_ERRORS)
    def search(
        q: str = Query(..., description="FTS5 query: words (stemmed), \"a phrase\", OR, NOT, prefix*, title:word."),
        limit: int = Query(20, description=f"At most this many hits (1 to {MAX_HITS})."),
    ) -> Response:
        """BM25-ranked hits (lower `rank` is better; title matches weigh double), each with
        a snippet whose matched words are between `[` and `]` (as `dateline search --json`)."""
        from dateline.store.records import hit_record

        _text_limit(q, "q")
        _bounded(limit, "limit", 1, MAX_HITS, "limit")
        if not q.strip():
            raise ApiError(422, "invalid_parameter", "q is empty: give words to search for")
        with state.store() as store:
            try:
                hits = store.search(q, limit=limit)
            except QueryError as exc:
                raise ApiError(400, "bad_query", str(exc)) from None
        return _json({"query": q, "items": [hit_record(h) for h in hits]})

    @app.post("/api/timelines", tags=["timelines"], summary="Build a timeline (cached)", responses=_ERRORS)
    def post_timeline(body: TimelineRequest) -> Response:
        """Build the timeline of the articles that match `query`, `keywords` and/or
        `topic` (at least one) between `from` and `to`: `dates` dates (at most 200) with
        `per_date` sentences each (at most 10). The answer is the `--format json` timeline
        of `dateline timeline` (`entries` with `date`, `granularity`, `sentences` and each
        sentence's `provenance`: article id, sentence index, character span, origin, url)
        plus `id` (for `GET /api/timelines/{id}`), `content_version` and `links`. The same
        request on unchanged content is answered from memory."""
        item = state.timeline(body.normalised())
        return Response(item.body, media_type="application/json")

    @app.get("/api/timelines/{timeline_id}", tags=["timelines"], summary="A built timeline in a format",
             responses={404: {"description": "no timeline with this id (they are kept in memory)"}})
    def get_timeline(
        timeline_id: str,
        format: str = Query("json", description="json, timelinejs, md, html, tilse or text."),
    ) -> Response:
        """A timeline built by `POST /api/timelines`, as JSON (the same object) or through
        the exporters of `dateline timeline --format`. Timelines are kept in memory (the
        most recent 256): after a restart, POST the request again."""
        from dateline.export.formats import dumps

        if format not in EXPORT_TYPES:
            raise ApiError(422, "invalid_parameter",
                           f"format {format[:40]!r} is not one of {', '.join(EXPORT_TYPES)}")
        item = state.cache.get(timeline_id)
        if item is None:
            raise ApiError(404, "not_found", f"no timeline {timeline_id[:40]!r} (timelines are kept in memory; "
                           "POST /api/timelines builds it again)")
        if format == "json":
            return Response(item.body, media_type="application/json")
        headers = {"content-security-policy": EXPORT_CSP} if format == "html" else None
        return Response(dumps(item.timeline, format), media_type=EXPORT_TYPES[format], headers=headers)

    upload_doc = {"requestBody": {"content": {
        "multipart/form-data": {"schema": {"type": "object", "properties": {
            "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
            "format": {"type": "string", "enum": list(UPLOAD_FORMATS)}}}},
        "text/plain": {"schema": {"type": "string"}},
        "application/x-ndjson": {"schema": {"type": "string"}},
    }}}

    @app.post("/api/articles", tags=["articles"], summary="Upload articles (dateline text or JSON lines)",
              openapi_extra=upload_doc,
              responses={403: {"description": "the server is read-only"},
                         413: {"description": "the upload is larger than the limit"}})
    async def upload(
        request: Request,
        format: str = Query("auto", description="auto, dateline or jsonl (multipart: also a form field)."),
        filename: str | None = Query(None, description="Name of a raw (non-multipart) upload, for format "
                                     "detection (.jsonl) and the report."),
    ) -> Response:
        """Store the uploaded articles: multipart `files` (one or more; a browser form or
        `curl -F files=@a.txt`), or one file as the raw body (`curl --data-binary @a.jsonl`).
        Validation and the answer are those of `dateline ingest --json`: `{"added",
        "present", "rejected": [{"path", "line", "reason"}], "ids"}`, plus `warnings`
        (what the readers repaired). A bad file is listed in `rejected`, never fatal."""
        files, fmt = await _read_upload(request, state, format, filename)
        result = await run_in_threadpool(state.ingest, files, fmt)
        return _json({**result.to_dict(), "warnings": result.warnings})


def _annotated(state: State, article_id: str) -> Any:
    if len(article_id) > 128:
        raise ApiError(404, "not_found", "no article with this id")
    with state.store() as store:
        ann = store.annotated(article_id)
    if ann is None:
        raise ApiError(404, "not_found", f"no article {article_id!r}")
    return ann


def _clean_name(name: str | None) -> str:
    """An uploaded file's name as the report shows it: no folders, no control characters."""
    base = PurePath((name or "").replace("\\", "/")).name
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C").strip()
    return base[:200] or "upload"


async def _read_upload(request: Request, state: State, fmt: str,
                       filename: str | None) -> tuple[list[tuple[str, bytes]], str]:
    if state.settings.read_only:
        raise ApiError(403, "read_only", "this server was started with --read-only: uploads are refused")
    ctype = request.headers.get("content-type", "")
    files: list[tuple[str, bytes]] = []
    if ctype.startswith("multipart/form-data"):
        form = await request.form(max_files=MAX_UPLOAD_FILES, max_fields=20)
        fmt = str(form.get("format") or fmt)
        for value in form.getlist("files") + [v for k, v in form.multi_items() if k not in ("files", "format")]:
            if isinstance(value, UploadFile):
                data = await value.read()
                if value.filename or data:  # a form submitted without a file sends an empty part
                    files.append((_clean_name(value.filename), data))
    else:
        data = await request.body()
        if data:
            files.append((_clean_name(filename), data))
    if fmt not in UPLOAD_FORMATS:
        raise ApiError(422, "invalid_parameter", f"format {fmt[:40]!r} is not one of {', '.join(UPLOAD_FORMATS)}")
    if not files:
        raise ApiError(400, "no_file", "the request holds no file: send multipart `files`, or the file as the body")
    return files, fmt


# -- the pages ---------------------------------------------------------------------------


def _form_params(request: Request) -> dict[str, Any]:
    """The timeline form's fields (query string) as a TimelineRequest's input."""
    q = request.query_params
    raw: dict[str, Any] = {}
    for key in ("query", "topic", "from", "to", "method", "granularity", "title"):
        value = q.get(key, "").strip()
        if value:
            raw[key] = value
    if q.get("keywords", "").strip():
        raw["keywords"] = [k.strip() for k in q["keywords"].split(",") if k.strip()]
    for key in ("dates", "per_date"):
        value = q.get(key, "").strip()
        if value:
            if not value.lstrip("-").isdigit() or len(value) > 9:
                raise ApiError(422, "invalid_parameter", f"{key} must be a whole number, got {value[:20]!r}")
            raw[key] = int(value)
    return raw


def _page_routes(app: FastAPI, state: State) -> None:
    def page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
        return HTMLResponse(state.templates.get_template(name).render(**context), status_code=status)

    def methods() -> list[str]:
        from dateline.tls.registry import default_name, names

        default = default_name()
        return [default, *(n for n in names() if n != default)]

    @app.get("/", include_in_schema=False)
    def home() -> HTMLResponse:
        with state.store() as store:
            topics, counts = store.topics(), store.counts()
        return page("home.html", topics=topics, counts=counts, methods=methods(), form={})

    @app.get("/search", include_in_schema=False)
    def search_page(q: str = "") -> Response:
        if not q.strip():
            return RedirectResponse("/", status_code=303)
        _text_limit(q, "q")
        with state.store() as store:
            try:
                hits = store.search(q, limit=50, highlight=_HL)
                total = store.count(query=q)
                error = None
            except QueryError as exc:
                hits, total, error = [], 0, str(exc)
        results = [{"hit": h, "snippet": _snippet_parts(h.snippet)} for h in hits]
        return page("search.html", status=400 if error else 200, q=q, results=results, total=total, error=error)

    @app.get("/timeline", include_in_schema=False)
    def timeline_page(request: Request) -> HTMLResponse:
        form = {k: v for k, v in request.query_params.items() if v}
        context: dict[str, Any] = {"form": form, "methods": methods(), "item": None, "error": None}

        def topics() -> list[Any]:
            with state.store() as store:
                return store.topics()

        try:
            if not form:
                return page("timeline.html", topics=topics(), **context)
            params = TimelineRequest.model_validate(_form_params(request)).normalised()
            item = state.timeline(params)
        except ValidationError as exc:
            context["error"] = "; ".join(f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in exc.errors())
            return page("timeline.html", status=422, topics=topics(), **context)
        except ApiError as exc:
            context["error"] = exc.message
            return page("timeline.html", status=exc.status_code, topics=topics(), **context)
        # The page depends on the timeline only (its id covers the content, hence the
        # topics too): rendered once, then served from memory like the timeline.
        html = item.extras.get("page")
        if html is None:
            back = timeline_page_url(item.params)
            context.update(form={k: (", ".join(v) if isinstance(v, list) else str(v)) for k, v in item.params.items()},
                           item=item, tl=item.timeline, chart=state.coverage(item), back=back,
                           entries=_entries(item, back), topics=topics())
            html = item.extras.setdefault("page", state.templates.get_template("timeline.html").render(**context))
        return HTMLResponse(html)

    @app.get("/articles/{article_id}", include_in_schema=False)
    def article_page(article_id: str, s: str | None = None, back: str | None = None) -> HTMLResponse:
        ann = _annotated(state, article_id)
        highlight = int(s) if s is not None and s.isdigit() and len(s) < 7 else None
        if highlight is not None and not any(x.index == highlight for x in ann.sentences):
            highlight = None  # no such sentence: show the article without a highlight
        back_url = back if back and back.startswith("/timeline?") and len(back) < 4000 else None
        n_timexes = sum(len(t) for t in ann.timexes)
        return page("article.html", a=ann.article, ann=ann, pieces=render.article_pieces(ann, highlight),
                    highlight=highlight, back=back_url, n_timexes=n_timexes)

    @app.get("/upload", include_in_schema=False)
    def upload_page() -> HTMLResponse:
        return page("upload.html", result=None, formats=UPLOAD_FORMATS)

    @app.post("/upload", include_in_schema=False)
    async def upload_form(request: Request) -> HTMLResponse:
        files, fmt = await _read_upload(request, state, "auto", None)
        result = await run_in_threadpool(state.ingest, files, fmt)
        return page("upload.html", result=result, names=[n for n, _ in files], formats=UPLOAD_FORMATS)

    @app.get("/docs", include_in_schema=False)
    def docs_page() -> HTMLResponse:
        return page("docs.html", operations=_operations(app.openapi()))


def _snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """A search snippet as (text, matched) runs, split at the page's highlight markers."""
    parts: list[tuple[str, bool]] = []
    for i, chunk in enumerate(snippet.split(_HL[0])):
        if i == 0:
            parts.append((chunk, False))
            continue
        inner, _, rest = chunk.partition(_HL[1])
        parts.extend([(inner, True), (rest, False)])
    return [(t.replace(_HL[1], ""), m) for t, m in parts if t]


def _entries(item: CachedTimeline, back: str) -> list[dict[str, Any]]:
    from dateline.export._common import source_label
    from dateline.export.period import human_label, iso_label

    out = []
    for e in item.timeline.entries:
        sentences = []
        for i, text in enumerate(e.sentences):
            p = e.provenance[i] if e.provenance else None
            href = (f"/articles/{p.article_id}?" + urlencode({"s": p.sentence_index, "back": back})
                    + f"#s{p.sentence_index}") if p else None
            sentences.append({"text": " ".join(text.split()), "href": href,
                              "source": source_label(p) if p else None,
                              "where": f"sentence {p.sentence_index + 1}" if p else None})
        out.append({"iso": iso_label(e.date, e.granularity), "label": human_label(e.date, e.granularity),
                    "granularity": str(e.granularity), "sentences": sentences})
    return out


def _operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The API's operations from the OpenAPI document, in a shape a template can list."""
    schemas = spec.get("components", {}).get("schemas", {})
    ops = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            body = None
            content = (op.get("requestBody") or {}).get("content", {})
            if "application/json" in content:
                ref = content["application/json"].get("schema", {}).get("$ref", "")
                schema = schemas.get(ref.rsplit("/", 1)[-1], {})
                body = [{"name": name, "type": _type_of(prop), "description": prop.get("description", "")}
                        for name, prop in schema.get("properties", {}).items()]
            ops.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                        "description": op.get("description", ""), "body": body,
                        "content_types": [c for c in content if c != "application/json"],
                        "parameters": [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                                        "type": _type_of(p.get("schema", {})),
                                        "description": p.get("description", "")}
                                       for p in op.get("parameters", [])],
                        "responses": {k: v.get("description", "") for k, v in op.get("responses", {}).items()}})
    return ops


def _type_of(schema: dict[str, Any]) -> str:
    if "anyOf" in schema:
        return " or ".join(_type_of(s) for s in schema["anyOf"] if s.get("type") != "null")
    if schema.get("type") == "array":
        return f"list of {_type_of(schema.get('items', {}))}"
    if "enum" in schema:
        return " | ".join(str(v) for v in schema["enum"])
    return str(schema.get("format") or schema.get("type") or "any")
