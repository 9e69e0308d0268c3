"""``build()``: a timeline from annotated articles or a store, with sensible defaults.

This is the one entry point people, the CLI, the web app and the API use; it never sets
``TaskInput.held_out``, so every method uses its parts trained on everything, whatever the
articles' topic tags. The benchmark calls the registered methods directly with the
protocol's task input (:mod:`dateline.evaluate.protocol`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from dateline.entities.lookup import find
from dateline.entities.select import select
from dateline.model import AnnotatedArticle, Granularity, Timeline
from dateline.text import normalise_topic
from dateline.tls.contract import TaskInput, TimelineError
from dateline.tls.registry import get
from dateline.tls.stories import attach, fold
from dateline.tls.vectors import stopwords

if TYPE_CHECKING:
    from dateline.store.base import Store

__all__ = [
    "MAX_DATES",
    "MAX_PER_DATE",
    "build",
    "default_dates",
    "default_per_date",
    "query_keywords",
]

MAX_DATES = 1000
MAX_PER_DATE = 50
_GRANULARITIES = (Granularity.DAY, Granularity.MONTH, Granularity.YEAR)
_WORD = re.compile(r"\w[\w'-]*\w|\w")


def query_keywords(query: str | None) -> tuple[str, ...]:
    """The content words of a free-text query (lower-cased, stop words dropped)."""
    if not query:
        return ()
    stop = stopwords()
    words = [w.lower() for w in _WORD.findall(query)]
    return tuple(dict.fromkeys(w for w in words if w not in stop and len(w) > 1))


def default_dates(articles: Sequence[AnnotatedArticle]) -> int:
    """l from the collection: twice the square root of the number of distinct publication
    days, between 3 and 50 (a month of daily coverage gives 11 dates, 150 days give 24)."""
    days = len({a.article.day for a in articles})
    return int(min(50, max(3, round(2 * math.sqrt(days)))))


def default_per_date(articles: Sequence[AnnotatedArticle], dates: int) -> int:
    """k from the collection: one sentence per ten articles per date, between 1 and 3."""
    return int(min(3, max(1, round(len(articles) / (10 * max(dates, 1))))))


def _check_count(name: str, value: int | None, limit: int) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise TimelineError(f"{name} must be a whole number, got {value!r}")
    if value < 1:
        raise TimelineError(f"{name} must be at least 1, got {value}")
    if value > limit:
        raise TimelineError(f"{name} must be at most {limit}, got {value}")


def build(
    articles_or_store: Iterable[AnnotatedArticle] | Any,
    query: str | None = None,
    *,
    dates: int | None = None,
    per_date: int | None = None,
    window: tuple[date | None, date | None] | None = None,
    method: str | None = None,
    keywords: Sequence[str] | None = None,
    topic: str | None = None,
    granularity: Granularity | str = Granularity.DAY,
    name: str | None = None,
    entity: str | None = None,
) -> Timeline:
    """Build a timeline.

    ``articles_or_store``: annotated articles, or a :class:`dateline.store.Store` (then the
    articles are those matching ``topic``/``query``/``keywords`` in ``window``). ``query``:
    free text; its content words are the keywords unless ``keywords`` is given. Every summary
    sentence contains at least one keyword (no keywords: no filter). ``dates`` (l) and
    ``per_date`` (k) default from the collection (:func:`default_dates`,
    :func:`default_per_date`). ``window``: first and last day (either may be None); articles
    published outside it are ignored and only days inside it are chosen. ``method``: a name
    in the registry (default: the registry's default). ``granularity``: ``day`` (default),
    ``month`` or ``year`` entries. ``name``: the timeline's name (default: the query, else
    the keywords, else the topic). Articles of the same story (near-duplicates, as the store
    grouped them) give each of their sentences once, and its provenance lists the other
    articles that carried it (:mod:`dateline.tls.stories`).

    ``entity``: a timeline of a named entity (needs a store whose entities were
    recognised): its name, an alias or ``#ID`` (:func:`dateline.entities.lookup.find`); the
    articles are those that mention it (every alias), every summary sentence mentions it,
    and each sentence's provenance names the spans of its mentions (``mentions``). The
    timeline's ``meta`` names the entity (``entity``) and, when the name was not exact, what
    was taken for it (``entity_note``).

    Raises :class:`TimelineError` with a message saying what to change when no article
    matches, the window is empty, l or k are out of range, no sentence is dated, or no
    sentence contains a keyword.
    """
    _check_count("dates", dates, MAX_DATES)
    _check_count("per_date", per_date, MAX_PER_DATE)
    try:
        gran = Granularity(granularity)
    except ValueError:
        raise TimelineError(f"granularity must be one of day, month, year; got {granularity!r}") from None
    if gran not in _GRANULARITIES:
        raise TimelineError(f"granularity must be one of day, month, year; got {gran.value!r}")
    since, until = window if window is not None else (None, None)
    if since is not None and until is not None and since > until:
        raise TimelineError(f"empty window: {since} is after {until}")
    kws = tuple(k.strip() for k in keywords if k.strip()) if keywords is not None else query_keywords(query)
    subject: dict[str, frozenset[int]] | None = None
    spans: dict[tuple[str, int], tuple[tuple[int, int], ...]] = {}
    entity_meta: dict[str, Any] = {}
    if entity is not None:
        if not hasattr(articles_or_store, "entity_documents"):
            raise TimelineError("an entity timeline needs a store whose entities were recognised")
        store = cast("Store", articles_or_store)
        match = find(store, entity)
        name = name or match.name
        entity_meta = {"entity": [e.to_dict() for e in match.entities] or [{"name": match.name}]}
        if match.note:
            entity_meta["entity_note"] = match.note
        chosen = select(store, match, topic=topic, since=since, until=until, keywords=kws)
        articles, subject, spans = chosen.articles, chosen.subject, chosen.spans
        if not articles:
            raise TimelineError(f"no article mentions {match.name!r}" + (f" with {_describe(topic, query, kws)}"
                                                                         if topic or query or kws else "")
                                + _window_text(since, until))
    name = name or query or (", ".join(kws) if keywords is not None else None) or topic

    if entity is not None:
        pass
    elif hasattr(articles_or_store, "documents"):
        articles = list(articles_or_store.documents(
            topic=topic, since=since, until=until, query=query, keywords=list(kws) or None))
        what = _describe(topic, query, kws)
        if not articles:
            raise TimelineError(f"no article matches {what}" + _window_text(since, until))
    else:
        every = list(articles_or_store)
        if not every:
            raise TimelineError("no articles given")
        if topic is not None:
            want = normalise_topic(topic)
            every = [a for a in every if want in {normalise_topic(t) for t in a.article.topics}]
            if not every:
                raise TimelineError(f"no article has the topic {topic!r}")
        articles = [a for a in every
                    if (since is None or a.article.day >= since) and (until is None or a.article.day <= until)]
        if not articles:
            first = min(a.article.day for a in every)
            last = max(a.article.day for a in every)
            raise TimelineError(f"no article published{_window_text(since, until)} "
                                f"(the articles run from {first} to {last})")
    articles.sort(key=lambda a: (a.article.day, a.article.id))
    articles, carriers = fold(articles)
    first_day = since or articles[0].article.day
    last_day = until or articles[-1].article.day
    if not any(a.tagger is not None for a in articles) and not any(
            t.granularity in (Granularity.DAY, Granularity.TIME) for a in articles for ts in a.timexes for t in ts):
        raise TimelineError(
            f"none of the {len(articles)} articles mentions a day the tagger could resolve "
            "(no dated sentences); are the articles annotated? (dateline retag)")
    l_ = dates if dates is not None else default_dates(articles)
    k_ = per_date if per_date is not None else default_per_date(articles, l_)
    task = TaskInput(articles=articles, keywords=kws, dates=int(l_), per_date=int(k_),
                     window=(first_day, last_day), query=query, granularity=gran, name=name, subject=subject)
    timeline = get(method).func(task)
    if not timeline.entries:
        if subject is not None:
            raise TimelineError(f"no date of the {len(articles)} articles that mention {name!r} has a sentence "
                                "mentioning it to summarise it")
        if kws and not _any_keyword(articles, kws):
            raise TimelineError(f"no sentence of the {len(articles)} articles contains any of the "
                                f"keywords {', '.join(kws)}")
        raise TimelineError(f"no date of the {len(articles)} articles has a sentence to summarise it"
                            + (f" with the keywords {', '.join(kws)}" if kws else ""))
    meta = dict(timeline.meta)
    meta.update(method=meta.get("method", method), dates=task.dates, per_date=task.per_date,
                window=[first_day.isoformat(), last_day.isoformat()], keywords=list(kws),
                articles=len(articles), granularity=gran.value,
                repeated_sentences=sum(len(c) for c in carriers.values()), **entity_meta)
    timeline = attach(replace(timeline, meta=meta, name=timeline.name or name), carriers)
    return _with_mentions(timeline, spans) if spans else timeline


def _with_mentions(timeline: Timeline, spans: dict[tuple[str, int], tuple[tuple[int, int], ...]]) -> Timeline:
    """Each provenance with the spans of the entity's mentions in its sentence."""
    entries = tuple(
        replace(e, provenance=tuple(replace(p, mentions=spans.get((p.article_id, p.sentence_index), ()))
                                    for p in e.provenance))
        for e in timeline.entries
    )
    return replace(timeline, entries=entries)


def _any_keyword(articles: Sequence[AnnotatedArticle], kws: Sequence[str]) -> bool:
    low = [k.lower() for k in kws]
    return any(k in s.text.lower() for a in articles for s in a.sentences for k in low)


def _describe(topic: str | None, query: str | None, kws: Sequence[str]) -> str:
    parts = []
    if topic:
        parts.append(f"topic {topic!r}")
    if query:
        parts.append(f"query {query!r}")
    elif kws:
        parts.append(f"keywords {', '.join(kws)}")
    return " and ".join(parts) or "the selection"


def _window_text(since: date | None, until: date | None) -> str:
    if since and until:
        return f" between {since} and {until}"
    if since:
        return f" on or after {since}"
    if until:
        return f" on or before {until}"
    return ""
