"""The timeline engine's methods, as functions of a :class:`~dateline.tls.contract.TaskInput`
registered in :mod:`dateline.tls.registry`.

- ``dateline`` (the default): :mod:`dateline.tls.default` with its trained date ranker.
- ``datewise``: DATEWISE as published (supervised date ranker, PM-MEAN, CENTROID-OPT).
- ``datewise-mentions``: DATEWISE with the mention-count date ranker.

Month- and year-level timelines (``TaskInput.granularity``) run the same methods on a
collection whose days are replaced by the first day of their month (year): a sentence
mentioning 3 May 2011 or "May 2011" counts for May 2011.
"""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date

import numpy as np
from scipy import sparse

from dateline.errors import DatelineError
from dateline.model import Granularity, Timeline
from dateline.tls import datewise as dw
from dateline.tls import default, ranker
from dateline.tls.contract import Needs, TaskInput
from dateline.tls.corpus import Collection, collect, keyword_mask, make_timeline, subject_mask
from dateline.tls.registry import register
from dateline.tls.vectors import tfidf, tfidf_rows

__all__ = ["Prepared", "dateline_method", "datewise", "datewise_mentions", "prepare_dateline", "run_dateline",
           "with_options"]

#: What a method works on: the collection, the TF-IDF rows, the keyword mask and the window
#: (ordinals).
Prepared = tuple[Collection, sparse.csr_matrix, np.ndarray, tuple[int, int]]


def _period_start(ordinal: int, gran: Granularity) -> int:
    d = date.fromordinal(ordinal)
    if gran is Granularity.MONTH:
        return date(d.year, d.month, 1).toordinal()
    return date(d.year, 1, 1).toordinal()


def _coarsen(coll: Collection, gran: Granularity) -> Collection:
    def p(o: int) -> int:
        return _period_start(int(o), gran)

    mentions = []
    for days, months in zip(coll.mentions, coll.month_mentions, strict=True):
        periods = [p(d) for d in days] + ([p(m) for m in months] if gran is not Granularity.DAY else [])
        mentions.append(tuple(dict.fromkeys(periods)))
    first = np.asarray([p(d) if d else 0 for d in coll.first_timex_day.tolist()], dtype=np.int64)
    about = np.asarray([p(d) if d else 0 for d in coll.about_day.tolist()], dtype=np.int64)
    return Collection(
        articles=coll.articles,
        texts=coll.texts,
        article=coll.article,
        position=coll.position,
        pub=np.asarray([p(o) for o in coll.pub.tolist()], dtype=np.int64),
        mentions=mentions,
        first_timex_day=first,
        month_mentions=coll.month_mentions,
        article_pub=np.asarray([p(o) for o in coll.article_pub.tolist()], dtype=np.int64),
        about_day=about,
        subordinate=coll.subordinate,
        chronology=coll.chronology,
        report=(coll.about_day == 0) | (coll.pub >= coll.about_day),
    )


def _prepare(task: TaskInput, pool: int | None = None, chronologies: bool = True, stamps: bool = True,
             stem: bool = False) -> Prepared:
    """The collection, TF-IDF rows, keyword mask and window (ordinals) of a task. ``pool``:
    vectorise only the sentences that can be candidates (those with a day- or month-level
    mention and the first ``pool + 1`` of each article), idf fitted on them; None: every
    sentence. ``stem``: stemmed TF-IDF terms (:mod:`dateline.tls.vectors`)."""
    coll = collect(task.articles, chronologies=chronologies, stamps=stamps)
    if pool is None:
        x, _ = tfidf(coll.texts, stem)
    else:
        dated = np.fromiter((bool(m or n) for m, n in zip(coll.mentions, coll.month_mentions, strict=True)),
                            dtype=bool, count=len(coll))
        x = tfidf_rows(coll.texts, np.flatnonzero(dated | (coll.position <= pool)), stem)
    allowed = keyword_mask(coll.texts, task.keywords) & subject_mask(coll, task.subject)
    start, end = task.window[0].toordinal(), task.window[1].toordinal()
    if task.granularity is not Granularity.DAY:
        coll = _coarsen(coll, task.granularity)
        start, end = _period_start(start, task.granularity), _period_start(end, task.granularity)
    return coll, x, allowed, (start, end)


def _timeline(task: TaskInput, coll: Collection, picks: list[tuple[int, list[int], float]], method: str,
              **meta: object) -> Timeline:
    return make_timeline(coll, picks, granularity=task.granularity, name=task.name,
                         meta={"method": method, **meta})


@register("dateline", needs=Needs.TIMEXES, default=True)
def dateline_method(task: TaskInput) -> Timeline:
    """dateline's own method (see :mod:`dateline.tls.default`)."""
    return run_dateline(task, ranker.load_model("dateline", task.held_out))


def run_dateline(task: TaskInput, model: ranker.Model, prepared: Prepared | None = None) -> Timeline:
    """dateline's method with the date ranker ``model`` (a :class:`dateline.tls.ranker.Model`,
    whose ``options`` are the method's settings; ``task.options`` override them).
    ``prepared``: the result of :func:`prepare_dateline` for ``task`` and these options,
    when the caller runs the same task several times (training)."""
    known = {f.name for f in fields(default.Options)}
    unknown = sorted(set(model.options) - known)
    if unknown:
        raise DatelineError(f"the date ranker weights carry unknown settings {', '.join(unknown)}: "
                            "they are stale; run make weights")
    opts = default.Options(**{**model.options, **task.options})
    coll, x, allowed, window = prepared if prepared is not None else prepare_dateline(task, opts)
    picks = default.select(coll, x, allowed, task.dates, task.per_date, window,
                           model=model if opts.ranker is None else None, options=opts)
    trained_on = list(model.trained_on) if opts.ranker is None else []
    return _timeline(task, coll, picks, "dateline", ranker_trained_on=trained_on)


def prepare_dateline(task: TaskInput, opts: default.Options) -> Prepared:
    """The collection, TF-IDF rows, keyword mask and window dateline's method works on."""
    return _prepare(task, pool=opts.clip_sents if opts.vector_pool else None, chronologies=opts.chronologies,
                    stamps=opts.stamps, stem=opts.stem)


@register("datewise", needs=Needs.TIMEXES)
def datewise(task: TaskInput) -> Timeline:
    """DATEWISE with the supervised date ranker (the published configuration)."""
    coll, x, allowed, window = _prepare(task)
    model = ranker.load_model("datewise", task.held_out)
    weights = np.append(model.coef, model.intercept)
    picks = dw.select(coll, x, allowed, task.dates, task.per_date, window, ranker=dw.DateRanker.SUPERVISED,
                       weights=weights)
    return _timeline(task, coll, picks, "datewise", ranker_trained_on=list(model.trained_on))


@register("datewise-mentions", needs=Needs.TIMEXES)
def datewise_mentions(task: TaskInput) -> Timeline:
    """DATEWISE with the mention-count date ranker."""
    coll, x, allowed, window = _prepare(task)
    picks = dw.select(coll, x, allowed, task.dates, task.per_date, window, ranker=dw.DateRanker.MENTIONS)
    return _timeline(task, coll, picks, "datewise-mentions")


def with_options(task: TaskInput, **options: object) -> TaskInput:
    """``task`` with method options (for ablations)."""
    return replace(task, options={**task.options, **options})
