"""The FastAPI app behind ``dateline serve``: the JSON API under ``/api``
(:mod:`~dateline.web.api`), the pages (:mod:`~dateline.web.pages`), the error handling that
keeps every failure a short JSON (API) or HTML (pages) message
(:mod:`~dateline.web.errors`), and the guard in front of it all
(:mod:`~dateline.web.guard`)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator
from pathlib import Path

import jinja2
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from dateline import __version__
from dateline.limits import DEFAULT_LIMITS, Limits
from dateline.model import TimelineGranularity
from dateline.store import open_store
from dateline.web import api, pages
from dateline.web.errors import ApiError, install_handlers
from dateline.web.guard import Guard
from dateline.web.state import BUILD_TIMEOUT, MAX_UPLOAD_BYTES, Settings, State, timeline_page_url
from dateline.web.timelines import LIMITS, TimelineCache
from dateline.web.workers import WorkerPool

__all__ = ["ApiError", "Settings", "create_app", "shared_pool"]

HERE = Path(__file__).resolve().parent
_SHARED: WorkerPool | None = None


def shared_pool() -> WorkerPool:
    """The worker pool of this process (sized to its CPUs), shared by the apps made here
    without a pool of their own."""
    global _SHARED
    if _SHARED is None:
        _SHARED = WorkerPool()
    return _SHARED


def create_app(
    db: str,
    *,
    read_only: bool = False,
    allowed_hosts: tuple[str, ...] | None = None,
    max_upload_bytes: int = MAX_UPLOAD_BYTES,
    cache_size: int = 256,
    limits: Limits = DEFAULT_LIMITS,
    build_timeout: float = BUILD_TIMEOUT,
    pool: WorkerPool | None = None,
) -> FastAPI:
    """The app over the store at ``db`` (opened once here, so a bad database fails now).
    ``pool``: the worker processes that build timelines and read uploads (default: the
    :func:`shared_pool` of this process); they are stopped when the app shuts down."""
    from dateline.store.location import is_url

    if db != ":memory:" and not is_url(db):
        db = os.path.abspath(db)  # workers open it too
    settings = Settings(db=db, read_only=read_only, allowed_hosts=allowed_hosts, max_upload_bytes=max_upload_bytes,
                        cache_size=cache_size, limits=limits, build_timeout=build_timeout)
    with open_store(db):
        pass
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE / "templates")),
                             autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True)
    state = State(settings=settings, cache=TimelineCache(cache_size), templates=env, pool=pool or shared_pool())
    env.globals.update(version=__version__, read_only=read_only, limits=LIMITS,
                       granularities=[g.value for g in TimelineGranularity],
                       max_upload_bytes=max_upload_bytes, timeline_page_url=timeline_page_url)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state.pool.warm()  # workers ready before the first timeline is asked for
        yield
        await run_in_threadpool(state.pool.close)  # running builds and uploads stop now

    app = FastAPI(
        title="dateline",
        version=__version__,
        description="Timelines from dated news articles, every line traceable to its source sentence. "
                    "The JSON API of `dateline serve`; errors are JSON objects "
                    '`{"error": code, "message": text}` (limits also name the limit).',
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.dateline = state
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    install_handlers(app)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.add_middleware(Guard, settings=settings)
    return app
