"""Timeline summarisation: choose the dates that mattered and say what happened on each.

``build(articles_or_store, query, dates=l, per_date=k, window=None, method=None)`` is the
entry point (:mod:`dateline.tls.api`). The method contract (:class:`TaskInput`,
:class:`TimelineError`) is :mod:`dateline.tls.contract`; the methods, by name, are in
:mod:`dateline.tls.registry`. Importing this package loads neither numpy nor scipy:
``build`` (and with it the engine) is imported the first time it is used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from dateline.tls.contract import TaskInput, TimelineError

if TYPE_CHECKING:
    from dateline.tls.api import build

__all__ = ["TaskInput", "TimelineError", "build"]


def __getattr__(name: str) -> Any:
    if name == "build":
        return importlib.import_module("dateline.tls.api").build
    raise AttributeError(f"module 'dateline.tls' has no attribute {name!r}")
