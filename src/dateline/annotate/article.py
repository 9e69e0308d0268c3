"""Annotating one article: its sentences, and the timexes of each sentence.

The body is split once (:func:`dateline.text.sentences.sentence_spans`) and tagged once
(``tagger.tag(article.text, article.published)``); each timex goes to the sentence that
contains its start (or, if it starts in the whitespace between two sentences, to the
sentence before it). :func:`annotate` gives model objects (:class:`AnnotatedArticle`);
:func:`annotate_record` the same findings as spans (:class:`ArticleRecord`), the form the
ingest pipeline writes to the store.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from dateline.annotate.tagger import DEFAULT, Default, Tagger, resolve
from dateline.model import AnnotatedArticle, Article, ArticleRecord, Sentence, Timex
from dateline.text.sentences import sentence_spans

__all__ = ["annotate", "annotate_record", "assign_timexes", "assign_to_spans", "retag_record"]


def annotate(article: Article, tagger: Tagger | Default | None = DEFAULT) -> AnnotatedArticle:
    """Sentences and timexes of ``article``. ``tagger=None`` skips temporal tagging (the
    result then has no timex lists and ``tagger`` None)."""
    return annotate_record(article, resolve(tagger)).annotated()


def annotate_record(article: Article, tagger: Tagger | None) -> ArticleRecord:
    """What :func:`annotate` finds, as spans (no :class:`Sentence` objects: building them
    costs as much as finding the sentences)."""
    spans = sentence_spans(article.text)
    if tagger is None:
        return ArticleRecord(article, spans)
    found = tagger.tag(article.text, article.published)
    return ArticleRecord(article, spans, assign_to_spans(spans, found), tagger.version)


def retag_record(record: ArticleRecord, tagger: Tagger) -> ArticleRecord:
    """``record`` tagged again with ``tagger``; its sentences are kept."""
    found = tagger.tag(record.article.text, record.article.published)
    return ArticleRecord(record.article, record.spans, assign_to_spans(record.spans, found), tagger.version)


def assign_timexes(sentences: Sequence[Sentence], timexes: Sequence[Timex]) -> tuple[tuple[Timex, ...], ...]:
    """One tuple of timexes per sentence: each timex in the sentence containing its start."""
    return _assign([s.start for s in sentences], timexes)


def assign_to_spans(spans: Sequence[tuple[int, int]], timexes: Sequence[Timex]) -> tuple[tuple[Timex, ...], ...]:
    """:func:`assign_timexes` for sentence spans ``(start, end)``."""
    return _assign([start for start, _ in spans], timexes)


def _assign(starts: list[int], timexes: Sequence[Timex]) -> tuple[tuple[Timex, ...], ...]:
    if not starts:
        return ()
    buckets: list[list[Timex]] = [[] for _ in starts]
    for tx in sorted(timexes, key=lambda t: (t.start, t.end)):
        buckets[max(bisect_right(starts, tx.start) - 1, 0)].append(tx)
    return tuple(tuple(b) for b in buckets)
