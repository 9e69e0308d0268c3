"""dateline's own timeline method (the default).

1. **Candidate days**: every day in the window that a sentence mentions (a time expression
   resolved to that day by the tagger) or that an article was published on.
2. **Date ranking** by a linear ranker over the evidence of :mod:`dateline.tls.features`
   (articles mentioning the day, cross-references from later articles, publication bursts,
   chronologies listing the day, ...): the average of logistic regressions fitted on a few
   subsets of those features, trained on the Timeline17 development topics
   (``tools/tls_train.py``, ``make weights``). The benchmark holds each task's topic out
   (``TaskInput.held_out``, :func:`dateline.tls.ranker.load_model`), so a development topic
   is never scored with weights, or settings, that saw it; everything else uses the
   weights trained on all topics.
3. **Candidate sentences** of a day: the sentences *about* that day
   (:mod:`dateline.tls.corpus`: the latest day named outside subordinate clauses of time;
   the date *ranker* counts every expression), and the undated early sentences (first six)
   of the articles published on it or the next day (DATEWISE's P set). TF-IDF vectors are
   fitted on this candidate pool (sentences with a dated expression, and every article's
   first six), not on every sentence: faster, and measured no worse.
4. **Summaries**: CENTROID-OPT over the day's candidates, only sentences with a query
   keyword. Among those it chooses from, in this order and each only when it leaves some:
   sentences of ordinary length (8 to 35 tokens; longer ones are mostly headline/byline
   blobs), sentences that name a day outside a subordinate clause and not only in a time
   stamp ("Since Feb. 5, a shuttle has carried riders" and reader comments "February 2 ,
   2011 at 6:29 pm | ..." are about no day in particular), and reports (published on
   or after the day: "the council voted 6-1 tonight", not "the council will vote
   Tuesday"). Days are summarised best first until ``n_dates`` days have a summary.

Settings: the switches of :class:`Options`. Those in ``tools/tls_train.py``, ``make weights``'s summary
grid (dating by the about-day or the first timex, the report preference, the length
preference) are chosen there, nested leave-one-topic-out, and stored with each ranker
model; the avoidance of subordinate-clause sentences is a fixed choice for readability
(measured: about neutral, ``bench/tls_ablation.py``). The other switches are for
ablations.

How it differs from DATEWISE: the date ranker (features over every day-level expression,
cross-references, publication bursts and chronologies; logistic regression trained
leave-one-topic-out), candidate days that only publication makes candidates, sentences
dated by the day they are about, chronology entries kept in the past, no PM-MEAN filter,
TF-IDF over the candidate pool, and the preferences of step 4.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

import numpy as np
from scipy import sparse

from dateline.tls.corpus import Collection
from dateline.tls.datewise import pm_mean_filter
from dateline.tls.features import FEATURES, Feature, candidate_days, day_features, mentions_by_day
from dateline.tls.ranker import Model
from dateline.tls.summarise import centroid_opt

__all__ = ["Candidates", "Dating", "Options", "Subordinate", "Summariser", "centroid_summary", "rank_days",
           "select"]


class Dating(StrEnum):
    """The days a sentence is a candidate for."""

    ABOUT = "about"  # the day it is about (dateline.tls.corpus)
    FIRST = "first"  # the day of its first time expression (DATEWISE's rule)
    ANY = "any"  # every day it names


class Subordinate(StrEnum):
    """Sentences that name days only in subordinate clauses of time ("Since Feb. 5, ...")."""

    FALLBACK = "fallback"  # candidates for their first day, like any other
    AVOID = "avoid"  # chosen only when the day has no other candidate
    DROP = "drop"  # never candidates


@dataclass(frozen=True)
class Options:
    """Switches of the method (the defaults are the method; the rest is for ablations).
    Settings given as strings (weights files, ablation rows) become the enum members."""

    ranker: Feature | None = None  # date ranking: None, the trained ranker; a feature: that feature alone
    clip_sents: int = 5  # undated sentences with position <= clip_sents are publication candidates
    pub_days: int = 2  # ... for their publication day and the day before
    use_pub_candidates: bool = True
    max_lag: int | None = None  # mentions only from articles published at most this many days after
    pm_filter: bool = False  # DATEWISE's PM-MEAN knee filter on the candidates
    cross_date_sim: float = 0.95  # skip a sentence this close (cosine) to one used on another day (1: off)
    min_tokens: int = 8  # prefer summary sentences of min_tokens..max_tokens tokens (0: no bound)
    max_tokens: int = 35
    min_gap: int = 0  # chosen days at least this many days apart
    vector_pool: bool = True  # TF-IDF over the candidate pool only (False: every sentence)
    stem: bool = True  # TF-IDF terms stemmed (dateline.tls.vectors)
    faithful_knee: bool = False  # PM-MEAN threshold read as news-tls does (see datewise.py)
    dating: Dating = Dating.ABOUT  # the days a sentence is a candidate for
    chronologies: bool = True  # find chronologies (entries, year correction): dateline.tls.corpus
    stamps: bool = True  # time stamps (comments, bylines) name no day a sentence is about: dateline.tls.corpus
    subordinate: Subordinate = Subordinate.AVOID  # sentences naming days only in subordinate clauses
    prefer_reports: bool = True  # prefer sentences published on or after the day (reports over previews)

    def __post_init__(self) -> None:
        if self.ranker is not None:
            object.__setattr__(self, "ranker", _member(Feature, self.ranker, "date ranker"))
        object.__setattr__(self, "dating", _member(Dating, self.dating, "dating"))
        object.__setattr__(self, "subordinate", _member(Subordinate, self.subordinate, "subordinate"))


_E = TypeVar("_E", bound=StrEnum)


def _member(kind: type[_E], value: str, what: str) -> _E:
    try:
        return kind(value)
    except ValueError:
        raise ValueError(f"unknown {what} {value!r}: expected one of {', '.join(kind)}") from None


#: ``summarise(x, rows, day, k, mask) -> chosen`` picks at most ``k`` of a day's candidate
#: ``rows`` (``x``: their TF-IDF rows; ``mask``: the ones that may be chosen) and returns
#: their positions in ``rows``. The default is CENTROID-OPT; experiments swap it.
Summariser = Callable[[sparse.csr_matrix, np.ndarray, int, int, np.ndarray], list[int]]


def centroid_summary(x: sparse.csr_matrix, rows: np.ndarray, day: int, k: int, mask: np.ndarray) -> list[int]:
    """CENTROID-OPT over the day's candidates (:func:`dateline.tls.summarise.centroid_opt`)."""
    return centroid_opt(x, k, mask)


def rank_days(coll: Collection, allowed: np.ndarray, window: tuple[int, int], model: Model | None,
              options: Options, by_day: dict[int, list[int]]) -> tuple[np.ndarray, np.ndarray]:
    """The candidate days and their scores (higher: more important)."""
    days = candidate_days(coll, window)
    if not len(days):
        return days, np.zeros(0)
    feats = day_features(coll, days, allowed, by_day)
    if options.ranker is None:
        if model is None:
            raise ValueError("the trained date ranker needs a model")
        return days, model.score(feats)
    return days, feats[:, FEATURES.index(options.ranker)]


class Candidates:
    """The candidate sentences of any day and the masks that decide which may be chosen."""

    def __init__(self, coll: Collection, allowed: np.ndarray, options: Options,
                 by_day: dict[int, list[int]] | None = None) -> None:
        self.coll = coll
        self.allowed = allowed
        self.options = options
        self.by_day = mentions_by_day(coll) if by_day is None else by_day
        self.pub_rows = _publication_candidates(coll, options) if options.use_pub_candidates else {}
        self.preferred = allowed
        if options.max_tokens or options.min_tokens:
            n_tok = np.fromiter((len(t.split()) for t in coll.texts), dtype=np.int64, count=len(coll))
            self.preferred = allowed & (n_tok >= options.min_tokens)
            if options.max_tokens:
                self.preferred = self.preferred & (n_tok <= options.max_tokens)

    def rows(self, d: int, x: sparse.csr_matrix | None = None) -> np.ndarray:
        """The candidates of day ``d``: the sentences dated to it (``options.dating``), then
        the publication candidates (``x`` is needed for the PM-MEAN filter)."""
        coll, options = self.coll, self.options
        ment = self.by_day.get(d, [])
        if options.dating is Dating.ABOUT:
            ment = [i for i in ment if coll.about_day[i] == d]
            if options.subordinate is Subordinate.DROP:
                ment = [i for i in ment if not coll.subordinate[i]]
        elif options.dating is Dating.FIRST:
            ment = [i for i in ment if coll.first_timex_day[i] == d]
        if options.max_lag is not None:
            ment = [i for i in ment if d - 1 <= coll.pub[i] <= d + options.max_lag]
        dated = set(ment)
        pub = [i for i in self.pub_rows.get(d, []) if i not in dated]
        if options.pm_filter and x is not None:
            return np.asarray(pm_mean_filter(ment, pub, x, faithful_knee=options.faithful_knee), dtype=np.int64)
        return np.asarray(ment + pub, dtype=np.int64)

    def choosable(self, d: int, rows: np.ndarray, ok: np.ndarray) -> np.ndarray:
        """Of the candidates ``rows`` that pass ``ok`` (keyword filter and redundancy), the
        ones to choose from: the preferred length, then not about a day only in a
        subordinate clause, then reports (published on or after ``d``), each step applied
        only when it leaves some."""
        coll, options = self.coll, self.options
        pref = ok & self.preferred[rows]
        if options.subordinate is Subordinate.AVOID:
            main = pref & ~coll.subordinate[rows]
            pref = main if main.any() else pref
        if options.prefer_reports:
            report = pref & (coll.report[rows] if len(coll.report) else coll.pub[rows] >= d)
            pref = report if report.any() else pref
        return pref if pref.any() else ok


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
    summarise: Summariser = centroid_summary,
) -> list[tuple[int, list[int], float]]:
    """``[(day, sentence rows, score), ...]`` for up to ``n_dates`` days: days in the
    ranker's order, each summarised by ``summarise`` over its candidates, until ``n_dates``
    days have a summary."""
    by_day = mentions_by_day(coll)
    days, scores = rank_days(coll, allowed, window, model, options, by_day)
    if not len(days):
        return []
    order = np.argsort(-scores, kind="stable")
    cands = Candidates(coll, allowed, options, by_day)
    out: list[tuple[int, list[int], float]] = []
    used: list[int] = []
    is_used = np.zeros(len(coll), dtype=bool)
    used_t: sparse.csr_matrix | None = None  # the chosen sentences' vectors, transposed
    for j in order.tolist():
        if len(out) >= n_dates:
            break
        d = int(days[j])
        if options.min_gap and any(abs(d - o[0]) < options.min_gap for o in out):
            continue
        rows = cands.rows(d, x)
        if not len(rows):
            continue
        ok = allowed[rows].copy()
        xr = x[rows]
        if used and options.cross_date_sim < 1:
            # no sentence twice, and none that repeats one chosen for another day (the same
            # wire sentence in several articles, a publication candidate of two days)
            ok &= ~is_used[rows]
            if used_t is None:
                used_t = x[used].T.tocsr()
            ok &= ~((xr @ used_t).toarray().max(axis=1) > options.cross_date_sim)
        chosen = summarise(xr, rows, d, per_date, cands.choosable(d, rows, ok))
        if chosen:
            picked = [int(rows[c]) for c in chosen]
            used.extend(picked)
            is_used[picked] = True
            used_t = None
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
