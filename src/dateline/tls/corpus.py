"""The task input of a timeline method, flattened into arrays over sentences.

Every method works on the same view of its input: one row per sentence of every article,
with the article it belongs to, its position, the article's publication day, and the days
its time expressions resolve to. Days are proleptic Gregorian ordinals (``date.toordinal``)
so date arithmetic is integer arithmetic in numpy.

A sentence is dated *by what it says*: each time expression the tagger resolved to a day
(TimeML type DATE or TIME, day or time granularity, a complete ``YYYY-MM-DD`` value) gives
the sentence a mention of that day. Month- and year-level expressions are kept separately
(``month_mentions``) for methods that build month-level entries.

Two readings of the text on top of the tagger's values:

- **The day a sentence is about** (``about_day``): the first day-level expression that is
  not inside a subordinate clause of time ("since", "after", "before", "until", "when",
  "following", "ahead of", "prior to" between the last clause boundary and the
  expression) and is not a clock time alone ("10:07 am" names a time, and the tagger
  takes its day from the anchor); a later such expression replaces it when it names a
  more recent day that is not after the day after publication (a report tells the latest
  development; earlier days in the same sentence are background). "The city closed the
  bridge at 12:30 p.m. Wednesday, eight days after inspectors found the first crack on
  Jan. 16" is about Wednesday; "Ultrasonic testing that began Monday turned up cracks
  Wednesday morning" is about Wednesday. A planned day named first is not replaced by an
  earlier one named later ("The council, which will vote on Feb. 13, closed the bridge
  Wednesday" stays under Feb. 13): measured on Timeline17, where such sentences are
  mostly page furniture ("updated : Tue Mar 01 2011 ...") and weekdays the tagger put in
  the wrong week, taking the latest past day instead cost 0.002 AR1-F and 0.003 AR2-F.
  "Since Feb. 5, a shuttle has carried riders" is about no day in particular: it falls
  back to its first day-level expression and is flagged (``subordinate``).
  A time stamp (a date with a written year and a clock time with minutes: "February 2 ,
  2011 at 6:29 pm | ...", "At 12:19 pm on 28 May 2010 , James wrote : ...") says when a
  reader comment, a byline or a page was posted, not what the sentence is about: like a
  clock time alone it is not an about-day (:func:`is_stamp`; a comment is then flagged
  like the "since" sentence), though it still counts as a mention of its day.
- **Chronologies** (``chronology``): news articles often embed key-event lists, one entry
  per sentence, each starting with its date ("March 5 - The rebel council declares
  itself ..."). A sentence is an entry when its first expression starts it, names a month
  (or is a full ISO date), and is followed by a dash or a colon (not by a clock time, as
  in comment timestamps "24th February 2012 - 16:48"); an article with at least
  :data:`CHRONOLOGY_MIN` entries on as many distinct days is a chronology, and its entries
  are flagged. Such lists are written in the historical present without years, which a
  tagger reading each expression alone can resolve to the next year ("February 24 -
  Militias take control ..." published in October -> next February); an entry without a
  written year that resolves after its article's publication day is moved back one year
  when that lands on or before the publication day.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
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
    "CHRONOLOGY_MIN",
    "Collection",
    "collect",
    "is_stamp",
    "keyword_mask",
    "subject_mask",
    "make_timeline",
    "timex_day",
    "timex_month",
]

_DAY_VALUE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:T|$)")
_MONTH_VALUE = re.compile(r"(\d{4})-(\d{2})$")
_DATED = (TimexType.DATE, TimexType.TIME)
#: Entries (on as many distinct days) that make an article a chronology.
CHRONOLOGY_MIN = 3
_SUBORDINATE = re.compile(r"\b(?:since|after|before|until|till|when|following|ahead\s+of|prior\s+to)\b", re.I)
_CLAUSE_END = re.compile(r"[,;:()]|\s--?\s|\u2013|\u2014")
_ENTRY_SEP = re.compile(r"\s*(?:--?|:|\u2013|\u2014)\s*")
_CLOCK = re.compile(r"\d{1,2}[:.]\d\d")
_MONTH_NAME = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b\.?|\d{4}-\d\d-\d\d", re.I)
_YEAR = re.compile(r"\d{4}")
#: A clock time alone ("10:07 am", "11:41:00", "1400 GMT"): it names a time of some day, which
#: the tagger takes to be the anchor's; it does not say which day a sentence is about.
_CLOCK_ONLY = re.compile(
    r"\s*(?:\d{1,2}(?:[:.]\d\d){0,2}|\d{4}(?=\s*[a-z]))\s*(?:[ap]\.?\s?m\.?)?\s*(?:[a-z]{2,4}\.?)?\s*", re.I)
#: A time stamp: a date with a written year and a clock time with minutes, in the expression
#: or right after it ("At 12:19 pm on 28 May 2010 , James wrote", "February 2 , 2011 at 6:29 pm |",
#: "Wed Jun 2 , 2010 2:39 pm EDT"): when a comment or a page was posted, not what a sentence is about.
_STAMP_YEAR = re.compile(r"\b(?:1[89]|2\d)\d\d\b")
_STAMP_CLOCK_AFTER = re.compile(r"\s*(?:at\s+|,\s*|\|\s*)?\d{1,2}[:.]\d\d")


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
    - ``about_day[i]``: the day the sentence is about (module docstring), 0 when it names
      no day; ``subordinate[i]``: every day it names is inside a subordinate clause of time
      (``about_day`` is then its first day-level expression); ``chronology[i]``: the
      sentence is an entry of a chronology.
    - ``report``: set only on collections whose days were coarsened to months or years
      (:mod:`dateline.tls.methods`): the sentence was published on or after the day it is
      about (at day level, where that can no longer be read from ``pub`` and
      ``about_day``); empty otherwise.
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
    about_day: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    subordinate: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    chronology: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    report: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))

    def __len__(self) -> int:
        return len(self.texts)

    def provenance(self, i: int) -> Provenance:
        return self.articles[int(self.article[i])].provenance(int(self.position[i]))

    @property
    def start(self) -> int:
        return int(self.article_pub.min()) if len(self.article_pub) else 0

    @property
    def end(self) -> int:
        return int(self.article_pub.max()) if len(self.article_pub) else 0


def collect(articles: Iterable[AnnotatedArticle], *, chronologies: bool = True, stamps: bool = True) -> Collection:
    """Flatten annotated articles (in the order given) into a :class:`Collection`.
    ``chronologies=False``: do not look for chronologies (no entries, no year correction);
    ``stamps=False``: read time stamps like any other date (see :func:`is_stamp`)."""
    arts = list(articles)
    texts: list[str] = []
    art_idx: list[int] = []
    pos: list[int] = []
    pub: list[int] = []
    mentions: list[tuple[int, ...]] = []
    first: list[int] = []
    about: list[int] = []
    subordinate: list[bool] = []
    chronology: list[bool] = []
    months: list[tuple[int, ...]] = []
    art_pub: list[int] = []
    for a_i, a in enumerate(arts):
        p = a.article.day.toordinal()
        art_pub.append(p)
        entries = _chronology_entries(a) if chronologies else {}
        for s_i, s in enumerate(a.sentences):
            texts.append(s.text)
            art_idx.append(a_i)
            pos.append(s_i)
            pub.append(p)
            days: list[int] = []
            mons: list[int] = []
            first_day = -1
            main: list[int] = []  # days named outside subordinate clauses, in text order
            for t in a.sentence_timexes(s_i):
                d = timex_day(t)
                if d is not None:
                    if s_i in entries and first_day < 0:
                        d = entries[s_i]
                    if d not in days:
                        days.append(d)
                    if first_day < 0:
                        first_day = d
                    if not _CLOCK_ONLY.fullmatch(t.text) and not (stamps and is_stamp(t, a.article.text)) \
                            and not _in_subordinate_clause(a.article.text, s.start, t.start):
                        main.append(d)
                    continue
                m = timex_month(t)
                if m is not None and m not in mons:
                    mons.append(m)
                if first_day < 0 and t.type in _DATED and t.value[:4].isdigit():
                    first_day = 0  # first dated timex is coarser than a day
            mentions.append(tuple(days))
            months.append(tuple(mons))
            first.append(max(first_day, 0))
            about_day = 0
            for d in main:  # the first, replaced by a later more recent one up to the day after publication
                if not about_day or about_day < d <= p + 1:
                    about_day = d
            about.append(about_day or (days[0] if days else 0))
            subordinate.append(bool(days) and not main)
            chronology.append(s_i in entries)
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
        about_day=np.asarray(about, dtype=np.int64),
        subordinate=np.asarray(subordinate, dtype=bool),
        chronology=np.asarray(chronology, dtype=bool),
    )


def is_stamp(t: Timex, text: str) -> bool:
    """Whether ``t`` (a timex of ``text``) is a time stamp: a date with a written year and a
    clock time with minutes in it or right after it ("February 2 , 2011 at 6:29 pm | ...",
    "At 12:19 pm on 28 May 2010 , James wrote : ...", "Wed Jun 2 , 2010 2:39 pm EDT"). Reader
    comments, bylines and page footers carry them; they say when something was posted, so a
    sentence is not *about* a stamp's day (it still counts as a mention of the day)."""
    if not _STAMP_YEAR.search(t.text):
        return False
    return bool(_CLOCK.search(t.text) or _STAMP_CLOCK_AFTER.match(text, t.end))


def _in_subordinate_clause(text: str, start: int, at: int) -> bool:
    """Whether the expression at ``at`` follows a subordinator of time in its clause (the
    text since the sentence ``start`` or the last clause boundary)."""
    before = text[start:at]
    cut = 0
    for m in _CLAUSE_END.finditer(before):
        cut = m.end()
    return _SUBORDINATE.search(before, cut) is not None


def _chronology_entries(a: AnnotatedArticle) -> dict[int, int]:
    """Sentence index -> day of the entry, for the entries of ``a`` when it is a chronology
    (module docstring); empty when it is not."""
    if not a.timexes:
        return {}
    text = a.article.text
    pub = a.article.day.toordinal()
    entries: dict[int, int] = {}
    for s_i, s in enumerate(a.sentences):
        ts = a.timexes[s_i]
        if not ts:
            continue
        t = ts[0]
        if t.start - s.start > 2 or not _MONTH_NAME.search(t.text):
            continue
        d = timex_day(t)
        if d is None:
            continue
        sep = _ENTRY_SEP.match(text, t.end, s.end)
        if sep is None or sep.end() == t.end or _CLOCK.match(text, sep.end(), s.end):
            continue
        if d > pub and not _YEAR.search(t.text):
            day = date.fromordinal(d)
            try:
                earlier = day.replace(year=day.year - 1).toordinal()
            except ValueError:  # 29 February
                earlier = d
            if earlier <= pub:
                d = earlier
        entries[s_i] = d
    if len(entries) < CHRONOLOGY_MIN or len(set(entries.values())) < CHRONOLOGY_MIN:
        return {}
    return entries


def subject_mask(coll: Collection, subject: Mapping[str, frozenset[int]] | None) -> np.ndarray:
    """True for each sentence of ``coll`` that mentions the task's subject
    (:attr:`dateline.tls.contract.TaskInput.subject`, by :attr:`Sentence.index`); every
    sentence when it is None."""
    if subject is None:
        return np.ones(len(coll), dtype=bool)
    arts = coll.articles
    return np.fromiter(
        (arts[a].sentences[p].index in subject.get(arts[a].article.id, ())
         for a, p in zip(coll.article.tolist(), coll.position.tolist(), strict=True)),
        dtype=bool, count=len(coll))


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
