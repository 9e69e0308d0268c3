"""Entity recognition as an annotate step: batches of stored articles → their mentions.

:func:`recognise_batch` is the per-batch function an
:class:`~dateline.annotate.executor.Executor` runs (a module-level function of picklable
values: worker processes may run it, each loading the model once);
:func:`dateline.annotate.pipeline.recognise` reads the batches from the store and writes
what comes back, one transaction per batch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dateline.model import AnnotatedArticle, EntityRecord

if TYPE_CHECKING:
    from dateline.annotate.pipeline import Failure

__all__ = ["EntityBatch", "recognise_batch"]


@dataclass(frozen=True, slots=True)
class EntityBatch:
    """What recognising a batch gave: a record per article, and the articles it failed on."""

    records: list[EntityRecord]
    failed: list[Failure] = field(default_factory=list)
    sentences: int = 0  # sentences of the batch's articles


def recognise_batch(batch: list[AnnotatedArticle]) -> EntityBatch:
    """The entities of every article of ``batch``; when the batch fails as a whole, each
    article is tried alone and one that fails is a :class:`Failure` (not written: it stays
    due)."""
    from dateline.annotate.pipeline import Failure
    from dateline.entities import recognise as ner

    total = sum(len(a.sentences) for a in batch)
    try:
        return EntityBatch(ner.recognise_batch(batch), sentences=total)
    except ner.EntitiesUnavailable:
        raise
    except Exception:  # one bad article must not lose the batch: try each alone
        records, failed = [], []
        for a in batch:
            try:
                records.extend(ner.recognise_batch([a]))
            except Exception as exc:
                failed.append(Failure(a.article.id, a.article.origin, exc))
        return EntityBatch(records, failed, total)
