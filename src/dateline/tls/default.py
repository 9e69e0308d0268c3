"""dateline's own timeline method (the default).

1. **Candidate days**: every day in the window that a sentence mentions (a time expression
   resolved to that day by the tagger) or that an article was published on.
2. **Date ranking** by a logistic-regression ranker over the evidence of
   :mod:`dateline.tls.features` (mention counts, cross-references from later articles,
   publication bursts, ...). The weights are trained leave-one-topic-out on the Timeline17
   development topics (``bench/tls_train.py``; :func:`dateline.tls.ranker.choose` makes sure
   a development topic is never ranked with weights that saw it).
3. **Candidate sentences** of a day: the sentences that mention it, and the undated early
   sentences (first six) of the articles published on it or the next day.
4. **Summaries**: CENTROID-OPT over the day's candidates, only sentences with a query
   keyword, skipping sentences too close (TF-IDF cosine above ``cross_date_sim``) to one
   already used on another day. Days are summarised best first until ``n_dates`` days have
   a summary.

The choices and their measured effect are in the README's timeline section and
``bench/tls_ablation.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from dateline.tls.corpus import Collection
from dateline.tls.datewise import pm_mean_filter
from dateline.tls.features import FEATURES, candidate_days, day_features, mentions_by_day
from dateline.tls.ranker import Model
from dateline.tls.summarize import centroid_opt

__all__ = ["Options", "select"]


@dataclass(frozen=True)
class Options:
    """Switches of the method (the defaults are the method; the rest is for ablations)."""

    clip_sents: int = 5  # undated sentences with position <= clip_sents are publication candidates
    pub_days: int = 2  # ... for their publication day and the day before
    cross_date_sim: float = 0.5  # skip a sentence this close to one used on another day
    use_pub_candidates: bool = True
    max_lag: int | None = None  # mentions only from articles published at most this many days after
    pm_filter: bool = False  # DATEWISE's PM-MEAN knee filter on the candidates
    min_gap: int = 0  # chosen days at least this many days apart


def _heuristic_scores(x: np.ndarray) -> np.ndarray:
    """Without trained weights: articles mentioning the day plus cross-references."""
    return x[:, FEATURES.index("articles")] + x[:, FEATURES.index("later_articles")]


def select(
    coll: Collection,
    x: sparse.csr_matrix,
    allowed: np.ndarray,
    n_dates: int,
    per_date: int,
    window: tuple[int, int],
    *,
    model: Model | None = None,
    options: Options = Options(),
) -> list[tuple[int, list[int], float]]:
    """``[(day, sentence rows, score), ...]`` for up to ``n_dates`` days."""
    by_day = mentions_by_day(coll)
    days = candidate_days(coll, window)
    if not len(days):
        return []
    feats = day_features(coll, days, allowed, by_day)
    scores = model.score(feats) if model is not None else _heuristic_scores(feats)
    order = np.argsort(-scores, kind="stable")
    pub_rows = _publication_candidates(coll, options) if options.use_pub_candidates else {}

    out: list[tuple[int, list[int], float]] = []
    used: list[int] = []
    for j in order.tolist():
        if len(out) >= n_dates:
            break
        d = int(days[j])
        if options.min_gap and any(abs(d - o[0]) < options.min_gap for o in out):
            continue
        ment = by_day.get(d, [])
        if options.max_lag is not None:
            ment = [i for i in ment if d - 1 <= coll.pub[i] <= d + options.max_lag]
        dated = set(ment)
        pub = [i for i in pub_rows.get(d, []) if i not in dated]
        cand = pm_mean_filter(ment, pub, x, faithful_knee=False) if options.pm_filter else ment + pub
        if not cand:
            continue
        rows = np.asarray(cand)
        ok = allowed[rows].copy()
        if used and options.cross_date_sim < 1:
            sims = x[rows] @ x[used].T
            ok &= ~(np.asarray(sims.max(axis=1).todense()).ravel() > options.cross_date_sim)
        chosen = centroid_opt(x[rows], per_date, ok)
        if chosen:
            picked = [int(rows[c]) for c in chosen]
            used.extend(picked)
            out.append((d, picked, float(scores[j])))
    return out


def _publication_candidates(coll: Collection, options: Options) -> dict[int, list[int]]:
    """Day -> undated early sentences of the articles published on it or the next days."""
    undated = np.fromiter((not m for m in coll.mentions), dtype=bool, count=len(coll))
    rows: dict[int, list[int]] = {}
    for i in np.flatnonzero(undated & (coll.position <= options.clip_sents)).tolist():
        for back in range(options.pub_days):
            rows.setdefault(int(coll.pub[i]) - back, []).append(i)
    return rows
