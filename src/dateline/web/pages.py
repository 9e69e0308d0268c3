"""The web UI: the start page, search, timelines, saved timelines, articles, uploads and
the API's manual.

Pages are HTML rendered from the templates (which escape every string); their errors are
the error page (:mod:`dateline.web.errors`). None of them is part of the OpenAPI document.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from dateline.model import Timeline
from dateline.store import QueryError
from dateline.web import render
from dateline.web.errors import ApiError, split_errors
from dateline.web.params import strict_int
from dateline.web.state import State, UploadFormat, app_state, read_upload, timeline_page_url
from dateline.web.timelines import LIMITS, TimelineRequest

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
StateDep = Annotated[State, Depends(app_state)]
_HL = ("\ue000", "\ue001")
_ENTITY_TYPES = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW")  # snippet highlight markers of the search page (private use characters)


def _page(state: State, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(state.templates.get_template(name).render(**context), status_code=status)


def _methods() -> list[str]:
    """The timeline methods of the registry, its default first."""
    from dateline.tls.registry import default_name, names

    default = default_name()
    return [default, *(n for n in names() if n != default)]


@router.get("/")
def home(state: StateDep) -> HTMLResponse:
    with state.store() as store:
        topics, counts = store.topics(), store.counts()
    return _page(state, "home.html", topics=topics, counts=counts, methods=_methods(), form={})


@router.get("/search")
def search_page(state: StateDep, q: Annotated[str, Query(max_length=LIMITS["query_chars"])] = "") -> Response:
    if not q.strip():
        return RedirectResponse("/", status_code=303)
    with state.store() as store:
        try:
            hits = store.search(q, limit=50, highlight=_HL)
            total = store.count(query=q)
            error = None
        except QueryError as exc:
            hits, total, error = [], 0, str(exc)
    results = [{"hit": h, "snippet": _snippet_parts(h.snippet)} for h in hits]
    return _page(state, "search.html", status=400 if error else 200, q=q, results=results, total=total, error=error)


def _form_params(request: Request) -> dict[str, Any]:
    """The timeline form's fields (query string) as a TimelineRequest's input."""
    q = request.query_params
    raw: dict[str, Any] = {}
    for key in ("query", "topic", "entity", "from", "to", "method", "granularity", "title"):
        value = q.get(key, "").strip()
        if value:
            raw[key] = value
    if q.get("keywords", "").strip():
        raw["keywords"] = [k.strip() for k in q["keywords"].split(",") if k.strip()]
    for key in ("dates", "per_date"):
        value = q.get(key, "").strip()
        if value:
            number = strict_int(value)
            if number is None:
                raise ApiError(422, "invalid_parameter", f"{key} must be a whole number (digits 0-9), "
                               f"got {value[:20]!r}")
            raw[key] = number
    return raw


@router.get("/timeline")
async def timeline_page(request: Request, state: StateDep) -> HTMLResponse:
    form = {k: v for k, v in request.query_params.items() if v}
    context: dict[str, Any] = {"form": form, "methods": _methods(), "item": None, "error": None}

    def topics() -> list[Any]:
        with state.store() as store:
            return list(store.topics())

    async def page(status: int) -> HTMLResponse:
        return _page(state, "timeline.html", status=status, topics=await run_in_threadpool(topics), **context)

    try:
        if not form:
            return await page(200)
        params = TimelineRequest.model_validate(_form_params(request)).normalised()
        item = await state.timeline(params, request)
    except ValidationError as exc:
        mine, others = split_errors(exc.errors(), located=False)
        if others or not mine:
            context["error"] = "; ".join(f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in others)
            return await page(422)
        context["error"] = mine[0].message
        return await page(mine[0].status_code)
    except ApiError as exc:
        if exc.status_code == 503:  # busy: the error page, with Retry-After
            raise
        context["error"] = exc.message
        return await page(exc.status_code)
    # The page depends on the timeline only (its id covers the content, hence the
    # topics too): rendered once, then served from memory like the timeline.
    html = item.extras.get("page")
    if html is None:
        def render_page() -> str:
            back = timeline_page_url(item.params)
            context.update(form={k: (", ".join(v) if isinstance(v, list) else str(v)) for k, v in item.params.items()},
                           item=item, tl=item.timeline, chart=state.coverage(item), back=back,
                           entries=_entries(item.timeline, back), topics=topics())
            rendered: str = item.extras.setdefault("page",
                                                   state.templates.get_template("timeline.html").render(**context))
            return rendered

        html = await run_in_threadpool(render_page)
    return HTMLResponse(html)


@router.get("/entities")
def entities_page(state: StateDep, type: Annotated[str | None, Query(max_length=20)] = None,
                  topic: Annotated[str | None, Query(max_length=LIMITS["keyword_chars"])] = None,
                  offset: Annotated[int, Query(ge=0, le=2**62)] = 0) -> HTMLResponse:
    """The entities of the store, the most widely mentioned first, 100 a page."""
    kind = type.upper() if type else None
    with state.store() as store:
        read = bool(store.recogniser_versions().keys() - {None})
        found = store.entities(type=kind, topic=topic or None, limit=101, offset=offset)
    more = len(found) > 100
    return _page(state, "entities.html", entities=found[:100], read=read, kind=kind, topic=topic or "",
                 offset=offset, more=more, types=_ENTITY_TYPES)


@router.get("/entities/{entity_id}")
async def entity_page(request: Request, state: StateDep, entity_id: int) -> HTMLResponse:
    """An entity: its aliases, the entities it appears with, and its timeline."""
    def read() -> tuple[Any, list[Any]]:
        with state.store() as store:
            info = store.entity(entity_id) if 0 < entity_id < 2**62 else None
            return info, (store.related_entities(entity_id) if info is not None else [])

    info, related = await run_in_threadpool(read)
    if info is None:
        raise ApiError(404, "not_found", f"no entity {entity_id} (the entities page lists them)")
    params = TimelineRequest.model_validate({"entity": f"#{entity_id}"}).normalised()
    error = None
    entries: list[dict[str, Any]] = []
    try:
        item = await state.timeline(params, request)
        back = f"/entities/{entity_id}"
        entries = _entries(item.timeline, back)
    except ApiError as exc:
        if exc.status_code == 503:
            raise
        error = exc.message
    return _page(state, "entity.html", e=info, related=related, entries=entries, error=error,
                 live=timeline_page_url(params))


@router.get("/timelines")
def saved_list_page(state: StateDep) -> HTMLResponse:
    from dateline.tls.saved import saved_record

    with state.store() as store:
        records = [saved_record(s) for s in store.saved_timelines()]
    for r in records:
        r["page"] = "/timelines/" + quote(r["name"], safe="")
        r["live"] = timeline_page_url(r["request"])
    return _page(state, "saved.html", records=records)


@router.get("/timelines/{name}")
def saved_page(state: StateDep, name: str) -> HTMLResponse:
    from dateline.tls.saved import saved_record, timeline_of

    with state.store() as store:
        kept = store.saved_timeline(name) if len(name) <= 200 else None
    if kept is None:
        raise ApiError(404, "not_found", f"no saved timeline {name[:80]!r}")
    tl = timeline_of(kept)
    back = "/timelines/" + quote(kept.name, safe="")
    return _page(state, "saved_timeline.html", s=saved_record(kept), tl=tl, live=timeline_page_url(kept.request),
                 entries=_entries(tl, back, new=kept.new_entries, changed=kept.changed_entries))


@router.get("/articles/{article_id}")
def article_page(state: StateDep, article_id: str, s: str | None = None, back: str | None = None) -> HTMLResponse:
    ann = state.annotated(article_id)
    number = strict_int(s) if s is not None and len(s) < 7 else None
    highlight = number if number is not None and number >= 0 else None
    if highlight is not None and not any(x.index == highlight for x in ann.sentences):
        highlight = None  # no such sentence: show the article without a highlight
    back_url = back if back and back.startswith(("/timeline?", "/timelines/", "/entities/")) and len(back) < 4000 else None
    n_timexes = sum(len(t) for t in ann.timexes)
    return _page(state, "article.html", a=ann.article, ann=ann, pieces=render.article_pieces(ann, highlight),
                 highlight=highlight, back=back_url, n_timexes=n_timexes)


@router.get("/upload")
def upload_page(state: StateDep) -> HTMLResponse:
    return _page(state, "upload.html", result=None, formats=tuple(UploadFormat))


@router.post("/upload")
async def upload_form(request: Request, state: StateDep) -> HTMLResponse:
    async with state.upload_slot():
        files, fmt = await read_upload(request, state, UploadFormat.AUTO, None)
        names = [n for n, _ in files]
        result = await state.ingest(files, fmt, request)
    return _page(state, "upload.html", result=result, names=names, formats=tuple(UploadFormat))


@router.get("/docs")
def docs_page(request: Request, state: StateDep) -> HTMLResponse:
    return _page(state, "docs.html", operations=_operations(request.app.openapi()))


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


def _sentence_href(article_id: str, index: int, back: str) -> str:
    return f"/articles/{article_id}?" + urlencode({"s": index, "back": back}) + f"#s{index}"


def _entries(timeline: Timeline, back: str, new: Sequence[str] = (),
             changed: Sequence[str] = ()) -> list[dict[str, Any]]:
    """The entries of ``timeline`` as the timeline templates list them: each sentence with
    a link to it in its article, its source, and the other outlets that carried it;
    ``new``/``changed``: ISO labels of entries to mark (a saved timeline's last rebuild)."""
    from dateline.export._common import source_label
    from dateline.export.period import human_label, iso_label

    out = []
    for e in timeline.entries:
        sentences = []
        for i, text in enumerate(e.sentences):
            p = e.provenance[i] if e.provenance else None
            also = [{"label": q.outlet or source_label(q), "href": _sentence_href(q.article_id, q.sentence_index, back)}
                    for q in (p.also if p else ())]
            sentences.append({"text": " ".join(text.split()),
                              "href": _sentence_href(p.article_id, p.sentence_index, back) if p else None,
                              "source": source_label(p) if p else None,
                              "where": f"sentence {p.sentence_index + 1}" if p else None,
                              "also": also})
        iso = iso_label(e.date, e.granularity)
        out.append({"iso": iso, "label": human_label(e.date, e.granularity),
                    "granularity": str(e.granularity), "sentences": sentences,
                    "mark": "new" if iso in new else "changed" if iso in changed else None})
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
                schema = _resolve(schemas, content["application/json"].get("schema", {}))
                body = [{"name": name, "type": _type_of(schemas, prop), "description": prop.get("description", "")}
                        for name, prop in schema.get("properties", {}).items()]
            ops.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                        "description": op.get("description", ""), "body": body,
                        "content_types": [c for c in content if c != "application/json"],
                        "parameters": [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                                        "type": _type_of(schemas, p.get("schema", {})),
                                        "description": p.get("description", "")}
                                       for p in op.get("parameters", [])],
                        "responses": {k: v.get("description", "") for k, v in op.get("responses", {}).items()}})
    return ops


def _resolve(schemas: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """``schema``, or the component schema it refers to (``$ref``)."""
    ref = schema.get("$ref")
    if isinstance(ref, str):
        found = schemas.get(ref.rsplit("/", 1)[-1], {})
        return found if isinstance(found, dict) else {}
    return schema


def _type_of(schemas: dict[str, Any], schema: dict[str, Any]) -> str:
    schema = _resolve(schemas, schema)
    if "anyOf" in schema:
        return " or ".join(_type_of(schemas, s) for s in schema["anyOf"] if s.get("type") != "null")
    if schema.get("type") == "array":
        return f"list of {_type_of(schemas, schema.get('items', {}))}"
    if "enum" in schema:
        return " | ".join(str(v) for v in schema["enum"])
    return str(schema.get("format") or schema.get("type") or "any")
