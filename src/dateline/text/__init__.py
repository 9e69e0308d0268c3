"""Text helpers: sentence splitting with character spans, and normalisation."""

from __future__ import annotations

import re
import unicodedata

from dateline.text.sentences import sentence_spans, split_sentences

__all__ = ["normalise_topic", "sentence_spans", "split_sentences"]

_WS = re.compile(r"\s+")


def normalise_topic(topic: str) -> str:
    """The form a topic tag is stored and matched in: NFC, lower case, single spaces.

    ``"CITY COUNCIL  BUDGET"`` → ``"city council budget"``; ``"bpoil"`` stays ``"bpoil"``.
    """
    return _WS.sub(" ", unicodedata.normalize("NFC", topic)).strip().lower()
