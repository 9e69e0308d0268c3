"""The annotate stage: Article → AnnotatedArticle (sentences, and the timexes of each).

The body is split once (:func:`dateline.text.sentences.split_sentences`) and tagged once
(``dateline.timex.tag(article.text, article.published)``, imported lazily); each timex goes
to the sentence that contains its start (or, if it starts in the whitespace between two
sentences, to the sentence before it).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from dateline.model import AnnotatedArticle, Article, Sentence, Timex
from dateline.text.sentences import split_sentences

__all__ = ["DEFAULT", "Tagger", "annotate", "assign_timexes", "default_tagger"]


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


def default_tagger() -> Tagger | None:
    """``dateline.timex`` as a :class:`Tagger`, or None when it is not installed yet."""
    try:
        from dateline import timex
    except ImportError:
        return None
    tag = getattr(timex, "tag", None)
    if tag is None:
        return None
    return Tagger(tag=tag, version=str(getattr(timex, "TAGGER_VERSION", "unknown")))


def annotate(article: Article, tagger: Tagger | _Default | None = DEFAULT) -> AnnotatedArticle:
    """Sentences and timexes of ``article``. ``tagger=None`` skips temporal tagging (the
    result then has no timex lists and ``tagger`` None)."""
    if isinstance(tagger, _Default):
        tagger = default_tagger()
    sentences = split_sentences(article.id, article.text)
    if tagger is None:
        return AnnotatedArticle(article=article, sentences=sentences)
    timexes = tagger.tag(article.text, article.published)
    return AnnotatedArticle(
        article=article,
        sentences=sentences,
        timexes=assign_timexes(sentences, timexes),
        tagger=tagger.version,
    )


def assign_timexes(sentences: Sequence[Sentence], timexes: Sequence[Timex]) -> tuple[tuple[Timex, ...], ...]:
    """One tuple of timexes per sentence: each timex in the sentence containing its start."""
    if not sentences:
        return ()
    starts = [s.start for s in sentences]
    buckets: list[list[Timex]] = [[] for _ in sentences]
    for tx in sorted(timexes, key=lambda t: (t.start, t.end)):
        buckets[max(bisect_right(starts, tx.start) - 1, 0)].append(tx)
    return tuple(tuple(b) for b in buckets)
