"""The web app and HTTP API over the store (``dateline serve``).

The web layer only translates HTTP into library calls (the store, the readers, the ingest
pipeline, :func:`dateline.tls.build`, the exporters) and their results into JSON or pages.
FastAPI, uvicorn and Jinja2 (extra ``web``) are imported when an app is created, never by
``import dateline`` or ``import dateline.web``::

    from dateline.web import create_app
    app = create_app("dateline.db", read_only=False)

Modules: :mod:`~dateline.web.app` (:func:`create_app`), :mod:`~dateline.web.api` (the
JSON API's router), :mod:`~dateline.web.pages` (the pages' router),
:mod:`~dateline.web.errors` (the JSON error shape and the error page),
:mod:`~dateline.web.guard` (hosts, origins, body sizes, security headers),
:mod:`~dateline.web.state` (settings, the store per request, uploads),
:mod:`~dateline.web.timelines` (timeline requests, their limits and the cache),
:mod:`~dateline.web.render` (what pages need that the library does not give directly:
article bodies split into marked segments, the coverage chart geometry).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dateline.web.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from dateline.web.app import create_app

        return create_app
    raise AttributeError(f"module 'dateline.web' has no attribute {name!r}")
