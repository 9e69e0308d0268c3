"""Per-day evidence that a day matters, from what the articles say and when they appeared.

:func:`day_features` returns, for every candidate day of a task (a day some sentence
mentions or some article was published on, inside the window), the counts below, each as
``log(1 + count)`` and then standardised over the task's candidate days (mean 0, standard
deviation 1), so a ranker trained on one collection applies to another of a different size.

====================  ===================================================================
``mentions``          sentences with a time expression resolved to the day
``articles``          articles mentioning the day
``keyword_articles``  articles mentioning the day that contain a query keyword
``later_articles``    articles published after the day that mention it (cross-references:
                      the story keeps coming back to it)
``pub_days``          distinct publication days of the articles mentioning it (how long
                      it stays in the news)
``published``         articles published on the day or the next (publication burst)
``chronologies``      chronologies (key-event lists, :mod:`dateline.tls.corpus`) with an
                      entry for the day, counting only lists whose article has a query
                      keyword in one of its first three sentences (on topic)
====================  ===================================================================
"""

from __future__ import annotations

from collections import defaultdict
from enum import StrEnum

import numpy as np

from dateline.tls.corpus import Collection

__all__ = ["FEATURES", "Feature", "candidate_days", "day_features", "mentions_by_day", "raw_features",
           "standardise"]


class Feature(StrEnum):
    """The per-day features, in the column order of :func:`day_features` (see the table)."""

    MENTIONS = "mentions"
    ARTICLES = "articles"
    KEYWORD_ARTICLES = "keyword_articles"
    LATER_ARTICLES = "later_articles"
    PUB_DAYS = "pub_days"
    PUBLISHED = "published"
    CHRONOLOGIES = "chronologies"


FEATURES: tuple[Feature, ...] = tuple(Feature)


def mentions_by_day(coll: Collection) -> dict[int, list[int]]:
    """Day (ordinal) -> rows of the sentences that mention it (each row once per day)."""
    by_day: dict[int, list[int]] = defaultdict(list)
    for i, days in enumerate(coll.mentions):
        for d in days:
            by_day[d].append(i)
    return by_day


def candidate_days(coll: Collection, window: tuple[int, int]) -> np.ndarray:
    """Days inside ``window`` that some sentence mentions or some article was published on."""
    start, end = window
    days = {d for ds in coll.mentions for d in ds if start <= d <= end}
    days.update(int(p) for p in coll.article_pub if start <= p <= end)
    return np.asarray(sorted(days), dtype=np.int64)


def raw_features(
    coll: Collection,
    days: np.ndarray,
    allowed: np.ndarray,
    by_day: dict[int, list[int]] | None = None,
) -> np.ndarray:
    """The counts of :data:`FEATURES` (one row per day of ``days``), not transformed."""
    by_day = mentions_by_day(coll) if by_day is None else by_day
    keyword_articles = {int(a) for a in coll.article[allowed]}
    lead = allowed & (coll.position < 3)
    on_topic = {int(a) for a in coll.article[lead]}
    lists: dict[int, set[int]] = defaultdict(set)
    for i in np.flatnonzero(coll.chronology).tolist():
        a = int(coll.article[i])
        if a in on_topic:
            lists[int(coll.about_day[i])].add(a)
    pub_count: dict[int, int] = defaultdict(int)
    for p in coll.article_pub.tolist():
        pub_count[p] += 1
    raw = np.zeros((len(days), len(FEATURES)), dtype=np.float64)
    for r, d in enumerate(days.tolist()):
        rows = by_day.get(d, [])
        arts = {int(coll.article[i]) for i in rows}
        pubs = [int(coll.article_pub[a]) for a in arts]
        raw[r] = (
            len(rows),
            len(arts),
            len(arts & keyword_articles),
            sum(p > d for p in pubs),
            len(set(pubs)),
            pub_count.get(d, 0) + pub_count.get(d + 1, 0),
            len(lists.get(d, ())),
        )
    return raw


def standardise(raw: np.ndarray) -> np.ndarray:
    """``log(1 + raw)``, each column scaled to mean 0 and standard deviation 1 over the rows."""
    x = np.log1p(raw)
    if len(x) < 2:
        return np.zeros_like(x)
    sd = x.std(axis=0)
    sd[sd == 0] = 1.0
    scaled: np.ndarray = (x - x.mean(axis=0)) / sd
    return scaled


def day_features(
    coll: Collection,
    days: np.ndarray,
    allowed: np.ndarray,
    by_day: dict[int, list[int]] | None = None,
) -> np.ndarray:
    """Feature matrix (one row per day of ``days``, columns :data:`FEATURES`)."""
    return standardise(raw_features(coll, days, allowed, by_day))
