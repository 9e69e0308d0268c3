"""The timeline methods as functions of a :class:`~dateline.tls.api.TaskInput`.

- ``dateline`` (the default): :mod:`dateline.tls.default` with its trained date ranker.
- ``datewise``: DATEWISE as published (supervised date ranker, PM-MEAN, CENTROID-OPT).
- ``datewise-mentions``: DATEWISE with the mention-count date ranker.

Month- and year-level timelines (``TaskInput.granularity``) run the same methods on a
collection whose days are replaced by the first day of their month (year): a sentence
mentioning 3 May 2011 or "May 2011" counts for May 2011.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

import numpy as np

from dateline.model import Granularity, Timeline
from dateline.tls.api import TaskInput

__all__ = ["DEFAULT_METHOD", "METHODS", "dateline_method", "datewise", "datewise_mentions", "prepare_dateline",
           "run_dateline", "with_options"]

Method = Callable[[TaskInput], Timeline]


def _period_start(ordinal: int, gran: Granularity) -> int:
    d = date.fromordinal(ordinal)
    if gran is Granularity.MONTH:
        return date(d.year, d.month, 1).toordinal()
    return date(d.year, 1, 1).toordinal()


def _coarsen(coll, gran: Granularity):  # type: ignore[no-untyped-def]
    from dateline.tls.corpus import Collection

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


def _prepare(task: TaskInput, pool: int | None = None, chronologies: bool = True,  # type: ignore[no-untyped-def]
             stamps: bool = True, stem: bool = False):
    """The collection, TF-IDF rows, keyword mask and window (ordinals) of a task. ``pool``:
    vectorise only the sentences that can be candidates (those with a day- or month-level
    mention and the first ``pool + 1`` of each article), idf fitted on them; None: every
    sentence. ``stem``: stemmed TF-IDF terms (:mod:`dateline.tls.vectors`)."""
    from dateline.tls.corpus import collect, keyword_mask
    from dateline.tls.vectors import tfidf, tfidf_rows

    coll = collect(task.articles, chronologies=chronologies, stamps=stamps)
    if pool is None:
        x, _ = tfidf(coll.texts, stem)
    else:
        dated = np.fromiter((bool(m or n) for m, n in zip(coll.mentions, coll.month_mentions, strict=True)),
                            dtype=bool, count=len(coll))
        x = tfidf_rows(coll.texts, np.flatnonzero(dated | (coll.position <= pool)), stem)
    allowed = keyword_mask(coll.texts, task.keywords)
    start, end = task.window[0].toordinal(), task.window[1].toordinal()
    if task.granularity is not Granularity.DAY:
        coll = _coarsen(coll, task.granularity)
        start, end = _period_start(start, task.granularity), _period_start(end, task.granularity)
    return coll, x, allowed, (start, end)


def _timeline(task: TaskInput, coll, picks, method: str, **meta: object) -> Timeline:  # type: ignore[no-untyped-def]
    from dateline.tls.corpus import make_timeline

    return make_timeline(coll, picks, granularity=task.granularity, name=task.name,
                         meta={"method": method, **meta})


def _topics(task: TaskInput) -> list[str]:
    return [t for a in task.articles for t in a.article.topics[:1]]


def dateline_method(task: TaskInput) -> Timeline:
    """dateline's own method (see :mod:`dateline.tls.default`)."""
    from dateline.tls import ranker

    return run_dateline(task, ranker.choose("dateline", _topics(task)))


def run_dateline(task: TaskInput, model, prepared=None) -> Timeline:  # type: ignore[no-untyped-def]
    """dateline's method with the date ranker ``model`` (a :class:`dateline.tls.ranker.Model`,
    whose ``options`` are the method's settings; ``task.options`` override them).
    ``prepared``: the result of :func:`prepare_dateline` for ``task`` and these options,
    when the caller runs the same task several times (training)."""
    from dataclasses import fields

    from dateline.errors import DatelineError
    from dateline.tls import default

    known = {f.name for f in fields(default.Options)}
    unknown = sorted(set(model.options) - known)
    if unknown:
        raise DatelineError(f"the date ranker weights carry unknown settings {', '.join(unknown)}: "
                            "they are stale; run bench/tls_train.py")
    opts = default.Options(**{**model.options, **task.options})
    coll, x, allowed, window = prepared if prepared is not None else prepare_dateline(task, opts)
    picks = default.select(coll, x, allowed, task.dates, task.per_date, window,
                           model=model if opts.ranker == "trained" else None, options=opts)
    trained_on = list(model.trained_on) if opts.ranker == "trained" else []
    return _timeline(task, coll, picks, "dateline", ranker_trained_on=trained_on)


def prepare_dateline(task: TaskInput, opts):  # type: ignore[no-untyped-def]
    """The collection, TF-IDF rows, keyword mask and window dateline's method works on."""
    return _prepare(task, pool=opts.clip_sents if opts.vector_pool else None, chronologies=opts.chronologies,
                    stamps=opts.stamps, stem=opts.stem)


def datewise(task: TaskInput) -> Timeline:
    """DATEWISE with the supervised date ranker (the published configuration)."""
    from dateline.tls import datewise as dw
    from dateline.tls import ranker

    coll, x, allowed, window = _prepare(task)
    model = ranker.choose("datewise", _topics(task))
    weights = np.append(model.coef, model.intercept)
    picks = dw.select(coll, x, allowed, task.dates, task.per_date, window, ranker="supervised", weights=weights)
    return _timeline(task, coll, picks, "datewise", ranker_trained_on=list(model.trained_on))


def datewise_mentions(task: TaskInput) -> Timeline:
    """DATEWISE with the mention-count date ranker."""
    from dateline.tls import datewise as dw

    coll, x, allowed, window = _prepare(task)
    picks = dw.select(coll, x, allowed, task.dates, task.per_date, window, ranker="mentions")
    return _timeline(task, coll, picks, "datewise-mentions")


METHODS: dict[str, Method] = {
    "dateline": dateline_method,
    "datewise": datewise,
    "datewise-mentions": datewise_mentions,
}
DEFAULT_METHOD = "dateline"


def with_options(task: TaskInput, **options: object) -> TaskInput:
    """``task`` with method options (for ablations)."""
    return replace(task, options={**task.options, **options})
