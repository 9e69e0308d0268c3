"""Timeline summarization: choose the dates that mattered and say what happened on each.

``build(articles_or_store, query, dates=l, per_date=k, window=None, method=None)`` is the
entry point (:mod:`dateline.tls.api`); the methods are in :mod:`dateline.tls.methods`
(``dateline``, the default; ``datewise``, the published baseline). numpy/scipy are only
imported when a timeline is built.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dateline.tls.api import TaskInput, TimelineError, build

__all__ = ["TaskInput", "TimelineError", "build"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from dateline.tls import api

        return getattr(api, name)
    raise AttributeError(f"module 'dateline.tls' has no attribute {name!r}")
