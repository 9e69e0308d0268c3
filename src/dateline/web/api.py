"""The JSON API under ``/api``: articles, search, entities, timelines, uploads.

Every parameter is declared with its type and limits (FastAPI's ``Query``/``Path`` and
pydantic constraints), so ``/openapi.json`` describes them and FastAPI checks them; the
error handlers (:mod:`dateline.web.errors`) answer a violation in the app's JSON shape.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from dateline.export.formats import ExportFormat
from dateline.store import QueryError
from dateline.web.errors import ApiError
from dateline.web.params import Day, StrictInt
from dateline.web.state import EXPORT_TYPES, State, UploadFormat, app_state, read_upload
from dateline.web.timelines import LIMITS, TimelineRequest

__all__ = ["EXPORT_CSP", "MAX_HITS", "MAX_LIST", "MAX_OFFSET", "router"]

MAX_LIST = 500  # articles per page of GET /api/articles
MAX_HITS = 100  # hits of GET /api/search
MAX_OFFSET = 2**62  # SQLite's OFFSET is a signed 64-bit integer
EXPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"

router = APIRouter(prefix="/api")
StateDep = Annotated[State, Depends(app_state)]

_ERRORS: dict[int | str, dict[str, Any]] = {
    422: {"description": "a parameter is invalid or outside its limit (`limit` names it)"}
}
_BUSY: dict[int | str, dict[str, Any]] = {
    503: {"description": "the server is busy (`Retry-After` says when to ask again), or the build took longer "
                         "than its limit (`build_timeout`)"}
}


def _json(obj: Any, status: int = 200) -> Response:
    return Response(json.dumps(obj, ensure_ascii=False).encode("utf-8"), status_code=status,
                    media_type="application/json")


@router.get("/topics", tags=["articles"], summary="Topic tags with article counts and date ranges")
def topics(state: StateDep) -> Response:
    from dateline.store.records import topic_record

    with state.store() as store:
        return _json({"items": [topic_record(t) for t in store.topics()], "counts": store.counts()})


@router.get("/articles", tags=["articles"], summary="List articles (filters, pagination)", responses=_ERRORS)
def list_articles(
    state: StateDep,
    topic: Annotated[str | None, Query(description="Topic tag.", max_length=LIMITS["query_chars"])] = None,
    since: Annotated[date | None, Day, Query(description="Published on or after (YYYY-MM-DD).")] = None,
    until: Annotated[date | None, Day, Query(description="Published on or before (YYYY-MM-DD).")] = None,
    q: Annotated[str | None, Query(description="Full-text query (FTS5 syntax) over title and body.",
                                   max_length=LIMITS["query_chars"])] = None,
    limit: Annotated[int, Query(description=f"At most this many items (1 to {MAX_LIST}).",
                                ge=1, le=MAX_LIST), StrictInt] = 50,
    offset: Annotated[int, Query(description="Skip this many.", ge=0, le=MAX_OFFSET), StrictInt] = 0,
) -> Response:
    """Articles by publication day, without their bodies: `{"items": [...], "total": n,
    "limit": .., "offset": ..}`; `total` counts every match, not only this page. Each
    item has `story` and `story_size`: its story (near-duplicates) and how many articles
    are in it (null when the article was not grouped)."""
    from dateline.store.records import article_record, story_fields

    with state.store() as store:
        try:
            rows = store.articles(topic=topic, since=since, until=until, limit=limit, offset=offset, query=q or None)
            total = store.count(topic=topic, since=since, until=until, query=q or None)
        except QueryError as exc:
            raise ApiError(400, "bad_query", str(exc)) from None
        stories = store.stories([a.id for a in rows])
    return _json({"items": [article_record(a, text=False) | story_fields(stories.get(a.id)) for a in rows],
                  "total": total, "limit": limit, "offset": offset})


@router.get("/articles/{article_id}", tags=["articles"], summary="One article with its sentences and timexes",
            responses={404: {"description": "no article with this id"}})
def get_article(state: StateDep, article_id: str) -> Response:
    """The article (`dateline show --json --sentences`): its fields and body, and
    `sentence_list`: every sentence (index, character span, text) with its time
    expressions (span, text, TimeML type and value, granularity, anchor)."""
    from dateline.store.records import annotated_record

    return _json(annotated_record(state.annotated(article_id), sentence_list=True))


@router.get("/search", tags=["articles"], summary="Full-text search, ranked, with snippets", responses=_ERRORS)
def search(
    state: StateDep,
    q: Annotated[str, Query(description="FTS5 query: words (stemmed), \"a phrase\", OR, NOT, prefix*, title:word.",
                            max_length=LIMITS["query_chars"])],
    limit: Annotated[int, Query(description=f"At most this many hits (1 to {MAX_HITS}).",
                                ge=1, le=MAX_HITS), StrictInt] = 20,
) -> Response:
    """BM25-ranked hits (lower `rank` is better; title matches weigh double), each with
    a snippet whose matched words are between `[` and `]` (as `dateline search --json`)."""
    from dateline.store.records import hit_record

    if not q.strip():
        raise ApiError(422, "invalid_parameter", "q is empty: give words to search for")
    with state.store() as store:
        try:
            hits = store.search(q, limit=limit)
        except QueryError as exc:
            raise ApiError(400, "bad_query", str(exc)) from None
    return _json({"query": q, "items": [hit_record(h) for h in hits]})


@router.get("/entities", tags=["entities"], summary="Named entities with their aliases and counts",
            responses=_ERRORS)
def list_entities(
    state: StateDep,
    type: Annotated[str | None, Query(description="Only this type: PERSON, ORG, GPE, LOC, NORP, FAC, PRODUCT, "
                                      "EVENT, WORK_OF_ART or LAW.", max_length=20)] = None,
    topic: Annotated[str | None, Query(description="Only mentions in articles with this topic tag.",
                                       max_length=LIMITS["query_chars"])] = None,
    limit: Annotated[int, Query(description=f"At most this many items (1 to {MAX_LIST}).",
                                ge=1, le=MAX_LIST), StrictInt] = 50,
    offset: Annotated[int, Query(description="Skip this many.", ge=0, le=MAX_OFFSET), StrictInt] = 0,
) -> Response:
    """The entities (`dateline entities --json`), the most widely mentioned first: `{"items":
    [{"id", "name", "type", "aliases", "articles", "mentions", "first", "last"}], "limit",
    "offset", "recognised"}`; `recognised` is the number of articles read for entities
    (`dateline annotate --entities`)."""
    with state.store() as store:
        found = store.entities(type=type.upper() if type else None, topic=topic or None, limit=limit, offset=offset)
        read = sum(n for v, n in store.recogniser_versions().items() if v is not None)
    return _json({"items": [e.to_dict() for e in found], "limit": limit, "offset": offset, "recognised": read})


@router.get("/entities/{entity_id}", tags=["entities"], summary="One entity, the entities it appears with",
            responses={404: {"description": "no entity with this id"}})
def get_entity(state: StateDep, entity_id: int) -> Response:
    """The entity as `GET /api/entities` lists it, plus `related`: the entities mentioned in
    the same articles, with the number of articles they share (`shared`), and `timeline`:
    the request body of `POST /api/timelines` for its timeline."""
    with state.store() as store:
        info = store.entity(entity_id) if 0 < entity_id < MAX_OFFSET else None
        if info is None:
            raise ApiError(404, "not_found", f"no entity {entity_id} (GET /api/entities lists them)")
        related = store.related_entities(entity_id)
    return _json({**info.to_dict(), "related": [{**e.to_dict(), "shared": n} for e, n in related],
                  "timeline": {"entity": f"#{entity_id}"}})


@router.post("/timelines", tags=["timelines"], summary="Build a timeline (cached)", responses=_ERRORS | _BUSY)
async def post_timeline(request: Request, state: StateDep, body: TimelineRequest) -> Response:
    """Build the timeline of the articles that match `query`, `keywords` and/or
    `topic` (at least one) between `from` and `to`: `dates` dates (at most 200) with
    `per_date` sentences each (at most 10). The answer is the `--format json` timeline
    of `dateline timeline` (`entries` with `date`, `granularity`, `sentences` and each
    sentence's `provenance`: article id, sentence index, character span, origin, url)
    plus `id` (for `GET /api/timelines/{id}`), `content_version` and `links`. The same
    request on unchanged content is answered from memory. Builds run in worker processes,
    as many at a time as the server has CPUs, a few more waiting; beyond that, and for a
    build that takes longer than its limit, the answer is `503` with `Retry-After`. A build
    whose clients have all disconnected is stopped."""
    item = await state.timeline(body.normalised(), request)
    return Response(item.body, media_type="application/json")


@router.get("/timelines/{timeline_id}", tags=["timelines"], summary="A built timeline in a format",
            responses={404: {"description": "no timeline with this id (they are kept in memory)"}})
def get_timeline(
    state: StateDep,
    timeline_id: str,
    format: Annotated[ExportFormat, Query(description="json, timelinejs, md, html, tilse or text.")] = ExportFormat.JSON,
) -> Response:
    """A timeline built by `POST /api/timelines`, as JSON (the same object) or through
    the exporters of `dateline timeline --format`. Timelines are kept in memory (the
    most recent 256): after a restart, POST the request again."""
    from dateline.export.formats import dumps

    item = state.cache.get(timeline_id)
    if item is None:
        raise ApiError(404, "not_found", f"no timeline {timeline_id[:40]!r} (timelines are kept in memory; "
                       "POST /api/timelines builds it again)")
    if format is ExportFormat.JSON:
        return Response(item.body, media_type="application/json")
    headers = {"content-security-policy": EXPORT_CSP} if format is ExportFormat.HTML else None
    return Response(dumps(item.timeline, format), media_type=EXPORT_TYPES[format], headers=headers)


@router.get("/saved-timelines", tags=["timelines"], summary="The saved timelines")
def saved_timelines(state: StateDep) -> Response:
    """Every saved timeline (`dateline timelines --json`): `name`, `request` (the
    options of `dateline timeline`), `title`, `entries` (number of dates), `created`,
    `refreshed` (last rebuilt), `checked` (last compared with the store; UTC, ISO 8601),
    `refreshes`, and `new_entries`/`changed_entries`: the dates the last rebuild added or
    changed."""
    from dateline.tls.saved import saved_record

    with state.store() as store:
        return _json({"items": [saved_record(s) for s in store.saved_timelines()]})


@router.get("/saved-timelines/{name}", tags=["timelines"], summary="One saved timeline with its result",
            responses={404: {"description": "no saved timeline with this name"}})
def saved_timeline(state: StateDep, name: str) -> Response:
    """The saved timeline as listed by `GET /api/saved-timelines`, plus `timeline`: its
    result as last built (the JSON of `POST /api/timelines`, without `id` and `links`)."""
    from dateline.tls.saved import saved_record

    with state.store() as store:
        kept = store.saved_timeline(name) if len(name) <= 200 else None
    if kept is None:
        raise ApiError(404, "not_found", f"no saved timeline {name[:80]!r}")
    return _json({**saved_record(kept), "timeline": kept.result})


_UPLOAD_DOC: dict[str, Any] = {"requestBody": {"content": {
    "multipart/form-data": {"schema": {"type": "object", "properties": {
        "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
        "format": {"type": "string", "enum": [f.value for f in UploadFormat]}}}},
    "text/plain": {"schema": {"type": "string"}},
    "application/x-ndjson": {"schema": {"type": "string"}},
}}}


@router.post("/articles", tags=["articles"], summary="Upload articles (dateline text or JSON lines)",
             openapi_extra=_UPLOAD_DOC,
             responses={403: {"description": "the server is read-only"},
                        413: {"description": "the upload is larger than the limit"}, **_BUSY})
async def upload(
    request: Request,
    state: StateDep,
    format: Annotated[UploadFormat, Query(description="auto, dateline, jsonl, html, feed or warc (multipart: "
                                                     "also a form field).")]
    = UploadFormat.AUTO,
    filename: Annotated[str | None, Query(description="Name of a raw (non-multipart) upload, for format "
                                          "detection (.jsonl) and the report.")] = None,
) -> Response:
    """Store the uploaded articles: multipart `files` (one or more; a browser form or
    `curl -F files=@a.txt`), or one file as the raw body (`curl --data-binary @a.jsonl`).
    Validation and the answer are those of `dateline ingest --json`: `{"added",
    "present", "rejected": [{"path", "line", "reason"}], "ids"}`, plus `warnings`
    (what the readers repaired). A bad file, or a bad line of a JSON lines file, is listed
    in `rejected`, never fatal: everything else is stored."""
    async with state.upload_slot():
        files, fmt = await read_upload(request, state, format, filename)
        result = await state.ingest(files, fmt, request)
    return _json({**result.to_dict(), "warnings": result.warnings})
