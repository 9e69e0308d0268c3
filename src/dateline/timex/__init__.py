"""The temporal tagger: find time expressions in a text and resolve them against an anchor.

``tag(text, anchor)`` returns :class:`dateline.model.Timex` objects sorted by start offset
and non-overlapping; ``start``/``end`` are offsets into ``text``. ``TAGGER_VERSION`` changes
whenever the output for some input changes (the store records it to know what to re-tag).

How the tagger chooses when the text leaves a choice open (which Friday a bare "Friday" is)
is set by a :class:`~dateline.timex.policy.Policy`; ``tag`` uses
:data:`~dateline.timex.policy.DEFAULT_POLICY` unless given another. The rules, each with the
examples it is tested on, are listed in docs/tagger-rules.md.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from dateline.model import Timex

if TYPE_CHECKING:
    from dateline.timex.policy import Policy

TAGGER_VERSION = "0.7"

__all__ = ["TAGGER_VERSION", "tag"]


def tag(text: str, anchor: date | datetime, policy: Policy | None = None) -> list[Timex]:
    """Tag ``text``; relative expressions are resolved against ``anchor``, open choices as
    ``policy`` says (default: :data:`~dateline.timex.policy.DEFAULT_POLICY`)."""
    from dateline.timex.engine import tag as _tag

    return _tag(text, anchor) if policy is None else _tag(text, anchor, policy=policy)
