"""The annotate stage: Article → AnnotatedArticle (sentences, and the timexes of each).

The body is split once (:func:`dateline.text.sentences.sentence_spans`) and tagged once
(``dateline.timex.tag(article.text, article.published)``, imported lazily); each timex goes
to the sentence that contains its start (or, if it starts in the whitespace between two
sentences, to the sentence before it). :func:`annotate` returns model objects;
:func:`annotate_spans` the same findings as spans, for the store's ingest path.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from dateline.model import AnnotatedArticle, Article, Sentence, Timex
from dateline.text.sentences import sentence_spans

__all__ = [
    "DEFAULT",
    "Annotation",
    "Tagger",
    "annotate",
    "annotate_spans",
    "assign_timexes",
    "assign_to_spans",
    "default_tagger",
]


@dataclass(frozen=True, slots=True)
class Tagger:
    """A temporal tagger and its version (stored with the timexes it produced, so the
    store knows what to re-tag when the tagger changes)."""

    tag: Callable[[str, date | datetime], list[Timex]]
    version: str


class _Default:
    def __repr__(self) -> str:
        return "DEFAULT"


#: Use :func:`default_tagger` (the sentinel default of :func:`annotate`).
DEFAULT = _Default()


def default_tagger() -> Tagger:
    """``dateline.timex`` as a :class:`Tagger` (imported on first use: it compiles its grammar)."""
    from dateline import timex

    return Tagger(tag=timex.tag, version=timex.TAGGER_VERSION)


class Annotation(NamedTuple):
    """An annotation without model objects (what the store writes): the sentence spans
    ``(start, end)`` in the article text, the timexes of each sentence (``()`` when not
    tagged) and the tagger version (None when not tagged)."""

    spans: list[tuple[int, int]]
    timexes: tuple[tuple[Timex, ...], ...]
    tagger: str | None


def annotate(article: Article, tagger: Tagger | _Default | None = DEFAULT) -> AnnotatedArticle:
    """Sentences and timexes of ``article``. ``tagger=None`` skips temporal tagging (the
    result then has no timex lists and ``tagger`` None)."""
    if isinstance(tagger, _Default):
        tagger = default_tagger()
    spans, timexes, version = annotate_spans(article, tagger)
    text = article.text
    sentences = tuple([Sentence(article.id, i, s, e, text[s:e]) for i, (s, e) in enumerate(spans)])
    return AnnotatedArticle(article=article, sentences=sentences, timexes=timexes, tagger=version)


def annotate_spans(article: Article, tagger: Tagger | None) -> Annotation:
    """What :func:`annotate` finds, as spans: the store's ingest path, which has no use for
    :class:`Sentence` objects (building them costs as much as finding the sentences)."""
    spans = sentence_spans(article.text)
    if tagger is None:
        return Annotation(spans, (), None)
    found = tagger.tag(article.text, article.published)
    return Annotation(spans, assign_to_spans(spans, found), tagger.version)


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
