"""The temporal tagger: find time expressions in a text and resolve them against an anchor.

``tag(text, anchor)`` returns :class:`dateline.model.Timex` objects sorted by start offset
and non-overlapping; ``start``/``end`` are offsets into ``text``. ``TAGGER_VERSION`` changes
whenever the output for some input changes (the store records it to know what to re-tag).
"""

from __future__ import annotations

from datetime import date, datetime

from dateline.model import Timex

TAGGER_VERSION = "0.7"

__all__ = ["TAGGER_VERSION", "tag"]


def tag(text: str, anchor: date | datetime) -> list[Timex]:
    """Tag ``text``; relative expressions are resolved against ``anchor``."""
    from dateline.timex.engine import tag as _tag

    return _tag(text, anchor)
