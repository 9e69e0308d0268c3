"""The annotate stage, and the pipelines every entry point shares.

- :mod:`~dateline.annotate.article`: one article → its sentences and the timexes of each
  (:func:`annotate` gives an :class:`~dateline.model.AnnotatedArticle`,
  :func:`annotate_record` the :class:`~dateline.model.ArticleRecord` a store writes);
- :mod:`~dateline.annotate.tagger`: the temporal tagger and its version;
- :mod:`~dateline.annotate.pipeline`: :func:`ingest` (readers → annotate → store, in
  batches) and :func:`retag` (store → tag again → store), used by the CLI, the web app and
  the demo;
- :mod:`~dateline.annotate.stories`: near-duplicate articles grouped into stories (MinHash
  signatures, an LSH index); :func:`group_stories` groups stored articles that have none;
- :mod:`~dateline.annotate.entities`: named entities of stored articles (:func:`recognise`,
  ``dateline annotate --entities``; the optional ``entities`` extra);
- :mod:`~dateline.annotate.executor`: where the annotation of a batch runs (this process by
  default; the seam for worker processes).
"""

from __future__ import annotations

from dateline.annotate.article import (
    annotate,
    annotate_record,
    assign_timexes,
    assign_to_spans,
    retag_record,
)
from dateline.annotate.executor import Executor, InProcess
from dateline.annotate.pipeline import (
    BATCH_SIZE,
    RETAG_BATCH_SIZE,
    IngestResult,
    group_stories,
    ingest,
    recognise,
    retag,
)
from dateline.annotate.tagger import DEFAULT, Default, Tagger, default_tagger

__all__ = [
    "BATCH_SIZE",
    "DEFAULT",
    "RETAG_BATCH_SIZE",
    "Default",
    "Executor",
    "InProcess",
    "IngestResult",
    "Tagger",
    "annotate",
    "annotate_record",
    "assign_timexes",
    "assign_to_spans",
    "default_tagger",
    "group_stories",
    "ingest",
    "recognise",
    "retag",
    "retag_record",
]
