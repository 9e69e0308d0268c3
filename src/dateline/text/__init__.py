"""Text helpers: sentence splitting with character spans, and normalisation.

``split_sentences`` lives in :mod:`dateline.text.sentences` (imported here lazily by name).
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dateline.text.sentences import sentence_spans, split_sentences

__all__ = ["normalise_topic", "sentence_spans", "split_sentences"]

_WS = re.compile(r"\s+")


def normalise_topic(topic: str) -> str:
    """The form a topic tag is stored and matched in: NFC, lower case, single spaces.

    ``"CITY COUNCIL  BUDGET"`` → ``"city council budget"``; ``"bpoil"`` stays ``"bpoil"``.
    """
    return _WS.sub(" ", unicodedata.normalize("NFC", topic)).strip().lower()


def __getattr__(name: str) -> Any:
    if name in ("split_sentences", "sentence_spans"):
        from dateline.text import sentences

        return getattr(sentences, name)
    raise AttributeError(f"module 'dateline.text' has no attribute {name!r}")
