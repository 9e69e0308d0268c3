"""DATEWISE (Gholipour Ghalandari & Ifrim, ACL 2020), re-implemented for dateline.

Written from the paper and a reading of the authors' code (news-tls,
``news_tls/datewise.py`` and ``summarizers.py``). The steps, as published:

1. **Dating sentences.** A sentence's date is the value of its *first* time expression
   when that one is day-level (a sentence whose first expression is a month or a year has
   no date, even if a day follows). Here the expressions come from dateline's tagger
   instead of HeidelTime.
2. **Date ranking** over the days some sentence is dated to, kept inside the task window:
   - ``mentions``: by the number of sentences dated to the day (ties: first mentioned first);
   - ``supervised``: a linear regression over the per-day features of news-tls'
     ``SupervisedDateRanker`` (sentences dated to the day in total, before and after their
     article's publication; the same three counts over articles), each feature column
     L2-normalised over the days of the task. news-tls also lists "documents published on
     the day", but its code never fills it in (always 0), so it is left out here: same
     model. The weights ship in ``weights/datewise.json``; the benchmark uses, on each
     Timeline17 topic, those trained without it (see ``tools/tls_train.py``, ``make weights`` and
     :mod:`dateline.tls.ranker`).
     news-tls ships trained models but not the code that made them; here the regression
     target is 1 for a day of the task's reference timeline and 0 for any other day some
     sentence is dated to, one example per day and task (our reading of the paper).
3. **PM-MEAN candidates** for a day d: the sentences dated to d (M) and, of the sentences
   without a date among the first six of each article (index 0..5, news-tls' ``j <= 5``),
   those published on d or on d + 1 (P). With both sets non-empty, the date vector keeps the
   terms present in both, weighted by the mean of the two sets' summed TF-IDF vectors;
   candidates whose cosine with it is positive and above a knee-point threshold are kept
   (all of M and P when none is).
4. **CENTROID-OPT** summaries of k sentences (:func:`dateline.tls.summarise.centroid_opt`),
   only from sentences containing a query keyword; a day whose summary comes out empty is
   skipped, and ranking goes on until l days have a summary.

Deviations, each on purpose:

- The knee threshold. news-tls finds the knee on the *sorted* similarities but then reads
  the threshold from the *unsorted* array at that index (``all_sims[cut]``), which makes the
  threshold depend on sentence order. This is what produced the published numbers, so it is
  kept by default (``faithful_knee=True``); ``faithful_knee=False`` reads the sorted array.
- TF-IDF: dateline's own (:mod:`dateline.tls.vectors`), fitted on the task's sentences as
  news-tls fits its vectoriser on the collection; stop words from the SMART list instead of
  scikit-learn's.
"""

from __future__ import annotations

from collections import defaultdict
from enum import StrEnum

import numpy as np
from scipy import sparse

from dateline.tls.corpus import Collection
from dateline.tls.summarise import centroid_opt

__all__ = ["CLIP_SENTS", "DateRanker", "PUB_END", "date_features", "knee_point", "pm_mean_filter", "rank_dates", "select"]

CLIP_SENTS = 5  # undated sentences with index <= 5 are publication candidates
PUB_END = 2  # ... for the publication day and the day before (d, d - 1)
FEATURES = ("sents_total", "sents_before", "sents_after", "docs_total", "docs_before", "docs_after")


def knee_point(values: np.ndarray) -> int:
    """Index of the point of ``values`` (sorted descending) farthest from the line through
    the first and last points; 0 for fewer than three points or a flat curve."""
    n = len(values)
    if n < 3:
        return 0
    pts = np.column_stack([np.arange(n, dtype=np.float64), np.asarray(values, dtype=np.float64)])
    line = pts[-1] - pts[0]
    norm = np.sqrt(line @ line)
    if norm == 0:
        return 0
    line /= norm
    rel = pts - pts[0]
    along = rel @ line
    dist = np.sqrt(((rel - np.outer(along, line)) ** 2).sum(axis=1))
    return int(np.argmax(dist))


def date_features(coll: Collection) -> tuple[np.ndarray, np.ndarray]:
    """Days (ordinals, ascending) with a sentence dated to them, and the raw features of
    each day (columns :data:`FEATURES`)."""
    dated = np.flatnonzero(coll.first_timex_day)
    stats: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0, 0])
    seen: set[tuple[int, int]] = set()
    for i in dated:
        d = int(coll.first_timex_day[i])
        p = int(coll.pub[i])
        f = stats[d]
        f[0] += 1
        f[1] += d < p
        f[2] += d > p
        key = (int(coll.article[i]), d)
        if key not in seen:
            seen.add(key)
            f[3] += 1
            f[4] += d < p
            f[5] += d > p
    days = np.asarray(sorted(stats), dtype=np.int64)
    feats = np.asarray([stats[int(d)] for d in days], dtype=np.float64).reshape(len(days), len(FEATURES))
    return days, feats


class DateRanker(StrEnum):
    """DATEWISE's date rankers (step 2 of the module docstring)."""

    MENTIONS = "mentions"
    SUPERVISED = "supervised"


def rank_dates(
    coll: Collection,
    method: DateRanker = DateRanker.MENTIONS,
    weights: np.ndarray | None = None,
) -> list[int]:
    """Days ranked best first (see the module docstring). ``weights``: for ``supervised``,
    one weight per feature followed by the intercept."""
    try:
        method = DateRanker(method)
    except ValueError:
        raise ValueError(f"unknown date ranker {method!r}: expected one of {', '.join(DateRanker)}") from None
    if method is DateRanker.MENTIONS:
        order: dict[int, int] = {}
        for d in coll.first_timex_day[coll.first_timex_day > 0]:
            d = int(d)
            order[d] = order.get(d, 0) + 1
        return [d for d, _ in sorted(order.items(), key=lambda kv: kv[1], reverse=True)]
    if weights is None:
        raise ValueError("the supervised date ranker needs weights")
    days, x = date_features(coll)
    if not len(days):
        return []
    norms = np.linalg.norm(x, axis=0)
    norms[norms == 0] = 1.0
    scores = (x / norms) @ weights[:-1] + weights[-1]
    ranked = sorted(zip(days.tolist(), scores.tolist(), strict=True), key=lambda t: t[1], reverse=True)
    return [d for d, _ in ranked]


def _pm_mean(
    coll: Collection, x: sparse.csr_matrix
) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    ment: dict[int, list[int]] = defaultdict(list)
    pub: dict[int, list[int]] = defaultdict(list)
    for i in range(len(coll)):
        d = int(coll.first_timex_day[i])
        if d:
            ment[d].append(i)
        elif coll.position[i] <= CLIP_SENTS:
            for back in range(PUB_END):
                pub[int(coll.pub[i]) - back].append(i)
    return ment, pub


def pm_mean_filter(
    ment: list[int], pub: list[int], x: sparse.csr_matrix, faithful_knee: bool = True
) -> list[int]:
    """PM-MEAN: the rows of ``ment`` (sentences dated to the day) and ``pub`` (undated early
    sentences published on the day or the next) close enough to the day's date vector."""
    if ment and pub:
        sub = x[ment + pub]
        sub = sub[:, np.unique(sub.indices)]  # only the columns in use
        xm, xp = sub[: len(ment)], sub[len(ment) :]
        cm = np.asarray(xm.sum(axis=0)).ravel()
        cp = np.asarray(xp.sum(axis=0)).ravel()
        both = (cm != 0) & (cp != 0)
        c = np.where(both, cm / len(ment) + cp / len(pub), 0.0)
        norm = np.linalg.norm(c)
        if norm == 0:
            return ment + pub
        c /= norm
        sims = np.concatenate([xm @ c, xp @ c])  # rows are unit length: dot = cosine
        cut = knee_point(np.sort(sims)[::-1])
        thresh = sims[cut] if faithful_knee else np.sort(sims)[::-1][cut]
        rows = np.asarray(ment + pub)
        keep = rows[(sims > 0) & (sims > thresh)].tolist()
        return keep or ment + pub
    return ment or pub


def select(
    coll: Collection,
    x: sparse.csr_matrix,
    allowed: np.ndarray,
    n_dates: int,
    per_date: int,
    window: tuple[int, int],
    *,
    ranker: DateRanker = DateRanker.MENTIONS,
    weights: np.ndarray | None = None,
    faithful_knee: bool = True,
) -> list[tuple[int, list[int], float]]:
    """DATEWISE on a collection: ``[(day, sentence rows, score), ...]`` for up to ``n_dates``
    days, ``per_date`` sentences each;
    score is ``1 / rank`` of the day among the ranked days."""
    start, end = window
    ranked = [d for d in rank_dates(coll, ranker, weights) if start <= d <= end]
    ment, pub = _pm_mean(coll, x)
    out: list[tuple[int, list[int], float]] = []
    for rank, d in enumerate(ranked, start=1):
        if len(out) >= n_dates:
            break
        cand = pm_mean_filter(ment.get(d, []), pub.get(d, []), x, faithful_knee)
        if not cand:
            continue
        rows = np.asarray(cand)
        chosen = centroid_opt(x[rows], per_date, allowed[rows])
        if chosen:
            out.append((d, [int(rows[j]) for j in chosen], 1.0 / rank))
    return out
