"""The task input of a timeline method, flattened into arrays over sentences.

Every method works on the same view of its input: one row per sentence of every article,
with the article it belongs to, its position, the article's publication day, and the days
its time expressions resolve to. Days are proleptic Gregorian ordinals (``date.toordinal``)
so date arithmetic is integer arithmetic in numpy.

A sentence is dated *by what it says*: each time expression the tagger resolved to a day
(TimeML type DATE or TIME, day or time granularity, a complete ``YYYY-MM-DD`` value) gives
the sentence a mention of that day. Month- and year-level expressions are kept separately
(``month_mentions``) for methods that build month-level entries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from dateline.model import (
    AnnotatedArticle,
    Granularity,
    Provenance,
    Timeline,
    TimelineEntry,
    Timex,
    TimexType,
)

__all__ = [
    "Collection",
    "collect",
    "keyword_mask",
    "make_timeline",
    "timex_day",
    "timex_month",
]

_DAY_VALUE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:T|$)")
_MONTH_VALUE = re.compile(r"(\d{4})-(\d{2})$")
_DATED = (TimexType.DATE, TimexType.TIME)


def timex_day(t: Timex) -> int | None:
    """The day (ordinal) a timex resolves to, when it names one exact day; else None."""
    if t.type not in _DATED or t.granularity not in (Granularity.DAY, Granularity.TIME):
        return None
    m = _DAY_VALUE.match(t.value)
    if m is None:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3])).toordinal()
    except ValueError:
        return None


def timex_month(t: Timex) -> int | None:
    """The first day (ordinal) of the month a month-level timex names; else None."""
    if t.type is not TimexType.DATE or t.granularity is not Granularity.MONTH:
        return None
    m = _MONTH_VALUE.match(t.value)
    if m is None or not 1 <= int(m[2]) <= 12:
        return None
    return date(int(m[1]), int(m[2]), 1).toordinal()


@dataclass
class Collection:
    """The sentences of a task's articles, as parallel arrays (row ``i`` = one sentence).

    - ``texts[i]``: the sentence text; ``article[i]``: index into ``articles``;
      ``position[i]``: index of the sentence in its article; ``pub[i]``: publication day
      of its article (ordinal).
    - ``mentions[i]``: the days (ordinals) its time expressions resolve to, in text order
      (duplicates removed); ``first_timex_day[i]``: the day of its *first* dated time
      expression when that one is day-level, else 0 (DATEWISE's rule for dating a sentence);
      ``month_mentions[i]``: first days of the months named at month level.
    """

    articles: list[AnnotatedArticle]
    texts: list[str]
    article: np.ndarray
    position: np.ndarray
    pub: np.ndarray
    mentions: list[tuple[int, ...]]
    first_timex_day: np.ndarray
    month_mentions: list[tuple[int, ...]]
    article_pub: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    def __len__(self) -> int:
        return len(self.texts)

    def provenance(self, i: int) -> Provenance:
        a = self.articles[int(self.article[i])]
        s = a.sentences[int(self.position[i])]
        art = a.article
        return Provenance(
            article_id=art.id,
            sentence_index=s.index,
            start=s.start,
            end=s.end,
            origin=art.origin,
            url=art.url,
            outlet=art.outlet,
            title=art.title or None,
        )

    @property
    def start(self) -> int:
        return int(self.article_pub.min()) if len(self.article_pub) else 0

    @property
    def end(self) -> int:
        return int(self.article_pub.max()) if len(self.article_pub) else 0


def collect(articles: Iterable[AnnotatedArticle]) -> Collection:
    """Flatten annotated articles (in the order given) into a :class:`Collection`."""
    arts = list(articles)
    texts: list[str] = []
    art_idx: list[int] = []
    pos: list[int] = []
    pub: list[int] = []
    mentions: list[tuple[int, ...]] = []
    first: list[int] = []
    months: list[tuple[int, ...]] = []
    art_pub: list[int] = []
    for a_i, a in enumerate(arts):
        p = a.article.day.toordinal()
        art_pub.append(p)
        for s_i, s in enumerate(a.sentences):
            texts.append(s.text)
            art_idx.append(a_i)
            pos.append(s_i)
            pub.append(p)
            days: list[int] = []
            mons: list[int] = []
            first_day = -1
            for t in a.sentence_timexes(s_i):
                d = timex_day(t)
                if d is not None:
                    if d not in days:
                        days.append(d)
                    if first_day < 0:
                        first_day = d
                    continue
                m = timex_month(t)
                if m is not None and m not in mons:
                    mons.append(m)
                if first_day < 0 and t.type in _DATED and t.value[:4].isdigit():
                    first_day = 0  # first dated timex is coarser than a day
            mentions.append(tuple(days))
            months.append(tuple(mons))
            first.append(max(first_day, 0))
    return Collection(
        articles=arts,
        texts=texts,
        article=np.asarray(art_idx, dtype=np.int64),
        position=np.asarray(pos, dtype=np.int64),
        pub=np.asarray(pub, dtype=np.int64),
        mentions=mentions,
        first_timex_day=np.asarray(first, dtype=np.int64),
        month_mentions=months,
        article_pub=np.asarray(art_pub, dtype=np.int64),
    )


def keyword_mask(texts: Sequence[str], keywords: Sequence[str]) -> np.ndarray:
    """True for each text that contains one of ``keywords`` (lower-cased substring match, as
    the Timeline17 protocol filters summary sentences). No keywords: every text passes."""
    kws = [k.lower() for k in keywords if k.strip()]
    if not kws:
        return np.ones(len(texts), dtype=bool)
    return np.fromiter((any(k in t.lower() for k in kws) for t in texts), dtype=bool, count=len(texts))


def make_timeline(
    coll: Collection,
    picks: Iterable[tuple[int, Sequence[int], float | None]],
    *,
    granularity: Granularity = Granularity.DAY,
    name: str | None = None,
    meta: dict[str, object] | None = None,
) -> Timeline:
    """A :class:`Timeline` from ``(day ordinal, sentence rows, score)`` picks: each sentence
    with its provenance. Picks without sentences are left out."""
    entries = [
        TimelineEntry(
            date=date.fromordinal(int(day)),
            sentences=tuple(coll.texts[i] for i in rows),
            granularity=granularity,
            provenance=tuple(coll.provenance(i) for i in rows),
            score=None if score is None else float(score),
        )
        for day, rows, score in picks
        if len(rows)
    ]
    return Timeline.from_entries(entries, name=name, meta=dict(meta or {}))
