"""Per-day evidence that a day matters, from what the articles say and when they appeared.

:func:`day_features` returns, for every candidate day of a task (a day some sentence
mentions or some article was published on, inside the window), the counts below, each as
``log(1 + count)`` and then standardised over the task's candidate days (mean 0, standard
deviation 1), so a ranker trained on one collection applies to another of a different size.

========================  ===============================================================
``mentions``              sentences with a time expression resolved to the day
``first_mentions``        sentences whose first dated time expression is the day (DATEWISE)
``articles``              articles mentioning the day
``keyword_mentions``      mentioning sentences that contain a query keyword
``later_articles``        articles published two or more days after the day that mention it
                          (cross-references: the story keeps coming back to it)
``earlier_articles``      articles published before the day that mention it (announced)
``published``             articles published on the day
``published_next``        articles published on the next day
``neighbour_mentions``    sentences mentioning the day before or after
``burst``                 articles published on the day and the next, relative to the
                          mean over the window (publication burst)
========================  ===============================================================
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from dateline.tls.corpus import Collection

__all__ = ["FEATURES", "candidate_days", "day_features", "mentions_by_day"]

FEATURES = (
    "mentions",
    "first_mentions",
    "articles",
    "keyword_mentions",
    "later_articles",
    "earlier_articles",
    "published",
    "published_next",
    "neighbour_mentions",
    "burst",
)


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


def day_features(
    coll: Collection,
    days: np.ndarray,
    allowed: np.ndarray,
    by_day: dict[int, list[int]] | None = None,
) -> np.ndarray:
    """Feature matrix (one row per day of ``days``, columns :data:`FEATURES`)."""
    by_day = mentions_by_day(coll) if by_day is None else by_day
    first: dict[int, int] = defaultdict(int)
    for d in coll.first_timex_day[coll.first_timex_day > 0]:
        first[int(d)] += 1
    pub_count: dict[int, int] = defaultdict(int)
    for p in coll.article_pub:
        pub_count[int(p)] += 1
    n = len(days)
    raw = np.zeros((n, len(FEATURES)), dtype=np.float64)
    for r, d in enumerate(days.tolist()):
        rows = by_day.get(d, [])
        arts = {int(coll.article[i]) for i in rows}
        pubs = [int(coll.article_pub[a]) for a in arts]
        raw[r, 0] = len(rows)
        raw[r, 1] = first.get(d, 0)
        raw[r, 2] = len(arts)
        raw[r, 3] = int(np.count_nonzero(allowed[rows])) if rows else 0
        raw[r, 4] = sum(p >= d + 2 for p in pubs)
        raw[r, 5] = sum(p < d for p in pubs)
        raw[r, 6] = pub_count.get(d, 0)
        raw[r, 7] = pub_count.get(d + 1, 0)
        raw[r, 8] = len(by_day.get(d - 1, ())) + len(by_day.get(d + 1, ()))
    if n:
        span = max(int(days[-1]) - int(days[0]) + 1, 1)
        mean_pub = max(sum(pub_count.get(int(d), 0) for d in range(int(days[0]), int(days[-1]) + 1)) / span, 1e-9)
        raw[:, 9] = (raw[:, 6] + raw[:, 7]) / (2 * mean_pub)
    x = np.log1p(raw)
    if n > 1:
        mu = x.mean(axis=0)
        sd = x.std(axis=0)
        sd[sd == 0] = 1.0
        x = (x - mu) / sd
    else:
        x = np.zeros_like(x)
    return x
