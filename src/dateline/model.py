"""The shared vocabulary of dateline: small, frozen, typed dataclasses.

Every stage (readers, annotate, store, tls, export, evaluate, web) takes and returns these
objects. Nothing here does I/O; nothing here imports another dateline module.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import TypedDict, Unpack

__all__ = [
    "AnnotatedArticle",
    "Article",
    "ArticleRecord",
    "EntityRecord",
    "Granularity",
    "Mention",
    "Provenance",
    "Sentence",
    "Timeline",
    "TimelineEntry",
    "TimelineGranularity",
    "Timex",
    "TimexType",
    "article_id",
    "normalise_for_id",
]


class Granularity(StrEnum):
    """How precise a date (of a timex or of a timeline entry) is, finest first."""

    TIME = "time"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    SEASON = "season"
    HALF = "half"
    YEAR = "year"
    DECADE = "decade"
    CENTURY = "century"
    NONE = "none"  # durations, sets, PRESENT_REF/PAST_REF/FUTURE_REF, unresolved values


class TimelineGranularity(StrEnum):
    """What each entry of a timeline covers: a day, a month or a year."""

    # the granularities of timeline entries: a subset of Granularity, with the same values

    DAY = "day"
    MONTH = "month"
    YEAR = "year"


class TimexType(StrEnum):
    """The four TimeML TIMEX3 types."""

    DATE = "DATE"
    TIME = "TIME"
    DURATION = "DURATION"
    SET = "SET"


#: The ASCII characters str.split() splits on, each to a space.
_ASCII_SPACE = str.maketrans(dict.fromkeys("\t\n\v\f\r\x1c\x1d\x1e\x1f", " "))


def normalise_for_id(text: str) -> str:
    """Unicode NFC, unified line ends and collapsed whitespace: what the article id hashes."""
    if text.isascii():
        # the same result as below, ~3x faster: no list of words (ASCII is already NFC)
        text = text.translate(_ASCII_SPACE)
        while "  " in text:
            text = text.replace("  ", " ")
        return text.strip(" ")
    # str.split() splits on exactly the characters regex \s matches, and is ~10x faster.
    return " ".join(unicodedata.normalize("NFC", text).split())


def article_id(published: date | datetime, title: str, text: str) -> str:
    """Stable content hash of an article: 16 hex digits of SHA-256.

    It covers the publication day, the title and the body, each normalised with
    :func:`normalise_for_id`, so the same article read twice, from two paths, with CRLF or
    LF line ends, or with different blank-line layout, gets the same id. Metadata that
    depends on where the article was read from (origin, url) is not part of it.
    """
    day = published.date() if isinstance(published, datetime) else published
    payload = "\x1f".join((day.isoformat(), normalise_for_id(title), normalise_for_id(text)))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


class ArticleFields(TypedDict, total=False):
    """The fields of :class:`Article` that :meth:`Article.create` takes as keywords."""

    topics: tuple[str, ...]
    caption: str
    place: str | None
    outlet: str | None
    attribution: str | None
    url: str | None
    origin: str | None
    language: str
    authors: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Article:
    """One news article.

    ``text`` is the body (no title, no caption, no dateline prefix, no attribution).
    Sentence and timex spans are character offsets into ``text``.
    """

    id: str
    published: date | datetime
    title: str
    text: str
    topics: tuple[str, ...] = ()
    caption: str = ""
    place: str | None = None
    outlet: str | None = None
    attribution: str | None = None
    url: str | None = None
    origin: str | None = None
    language: str = "en"
    authors: tuple[str, ...] = ()  # bylines, as the page or file names them

    @classmethod
    def create(
        cls, *, published: date | datetime, title: str, text: str, **fields: Unpack[ArticleFields]
    ) -> Article:
        """Build an Article whose id is the content hash (see :func:`article_id`)."""
        return cls(id=article_id(published, title, text), published=published, title=title, text=text, **fields)

    @property
    def day(self) -> date:
        """The publication date without a time of day."""
        return self.published.date() if isinstance(self.published, datetime) else self.published


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of an article body: ``text == article.text[start:end]``."""

    article_id: str
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Timex:
    """A time expression found in a text and resolved against an anchor date.

    ``value`` is the TimeML TIMEX3 value exactly as TempEval-3 annotates it
    (``2018-01-24``, ``2017-12``, ``2018-W04``, ``2018-01-24T15:00``, ``P1M``,
    ``PRESENT_REF``, ``XXXX-XX-XX`` ...). ``start``/``end`` are character offsets into the
    text that was tagged; ``anchor`` is the date the value was resolved against.
    """

    start: int
    end: int
    text: str
    type: TimexType
    value: str
    granularity: Granularity = Granularity.NONE
    anchor: date | None = None
    mod: str | None = None  # TIMEX3 mod: APPROX, START, END, MID, BEFORE, AFTER, ...


@dataclass(frozen=True, slots=True)
class AnnotatedArticle:
    """An article with its sentences and, for each sentence, the timexes inside it.

    ``timexes[i]`` belongs to ``sentences[i]``; timex spans are offsets into
    ``article.text`` (not into the sentence). This is what the annotate stage produces,
    what the store gives back, and what timeline methods consume.
    """

    article: Article
    sentences: tuple[Sentence, ...]
    timexes: tuple[tuple[Timex, ...], ...] = ()
    tagger: str | None = None  # version of the tagger that produced ``timexes``; None: not tagged
    story: str | None = None  # the story (near-duplicate group) it belongs to; None: not grouped

    def __post_init__(self) -> None:
        if self.timexes and len(self.timexes) != len(self.sentences):
            raise ValueError(
                f"article {self.article.id}: {len(self.sentences)} sentences but "
                f"{len(self.timexes)} timex lists"
            )

    def sentence_timexes(self, index: int) -> tuple[Timex, ...]:
        return self.timexes[index] if self.timexes else ()

    def provenance(self, position: int) -> Provenance:
        """Where ``sentences[position]`` comes from, for a timeline entry."""
        s, art = self.sentences[position], self.article
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


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """What the annotate stage found in an article, as spans: the form the store writes.

    ``spans[i]`` is the ``(start, end)`` of sentence ``i`` in ``article.text``;
    ``timexes[i]`` the timexes of sentence ``i`` (``()`` when the article is not tagged);
    ``tagger`` the version of the tagger that found them (None: not tagged); ``signature``
    the MinHash signature of its words (None: not computed, or too few words to compare),
    ``bands`` the keys under which a store finds it as a near-duplicate candidate, and
    ``story`` the story it belongs to (None: not grouped). The same facts as an
    :class:`AnnotatedArticle`, without a :class:`Sentence` object per sentence (building
    those costs about as much as finding the sentences, and a store needs only the spans).
    """

    article: Article
    spans: Sequence[tuple[int, int]]
    timexes: tuple[tuple[Timex, ...], ...] = ()
    tagger: str | None = None
    signature: bytes | None = None
    bands: tuple[int, ...] = ()
    story: str | None = None

    @classmethod
    def of(cls, ann: AnnotatedArticle) -> ArticleRecord:
        """The record of an annotated article."""
        return cls(ann.article, [(s.start, s.end) for s in ann.sentences], ann.timexes, ann.tagger,
                   story=ann.story)

    def annotated(self) -> AnnotatedArticle:
        """The record as an :class:`AnnotatedArticle` (with its :class:`Sentence` objects)."""
        a, text = self.article, self.article.text
        sentences = tuple([Sentence(a.id, i, s, e, text[s:e]) for i, (s, e) in enumerate(self.spans)])
        return AnnotatedArticle(article=a, sentences=sentences, timexes=self.timexes, tagger=self.tagger,
                                story=self.story)


@dataclass(frozen=True, slots=True)
class Mention:
    """A mention of a named entity in an article: the sentence it is in, its span (offsets
    into ``article.text``), its surface text, its type (``PERSON``, ``ORG``, ``GPE`` ...) and
    the name it resolves to in its article. ``short``: a short form or an acronym the
    article never spelled out (the store may link it to an entity by its aliases)."""

    sentence: int
    start: int
    end: int
    text: str
    type: str
    name: str
    short: bool = False


@dataclass(frozen=True, slots=True)
class EntityRecord:
    """What the entity recogniser found in one article: its mentions in text order, and the
    version of the recogniser (the store keeps it, so a new version can be run again)."""

    article_id: str
    mentions: tuple[Mention, ...]
    recogniser: str


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a timeline sentence comes from.

    ``also``: the same sentence in other articles of the same story (near-duplicates: a
    wire story carried by several outlets), each with its own provenance; the timeline
    shows the sentence once. Empty when no other article of the selection carried it.
    """

    article_id: str
    sentence_index: int
    start: int
    end: int
    origin: str | None = None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    also: tuple[Provenance, ...] = ()
    mentions: tuple[tuple[int, int], ...] = ()  # spans (in the article text) of the entity a timeline is about

    @property
    def outlets(self) -> tuple[str, ...]:
        """Every outlet that carried the sentence (this article's first), each once."""
        return tuple(dict.fromkeys(p.outlet for p in (self, *self.also) if p.outlet))


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One date of a timeline and what happened on it.

    ``date`` is the first day of the period when the granularity is coarser than a day
    (2017-12-01 for a ``month`` entry about December 2017). ``provenance`` is either empty
    (reference timelines) or has one item per sentence.
    """

    date: date
    sentences: tuple[str, ...]
    granularity: Granularity = Granularity.DAY
    provenance: tuple[Provenance, ...] = ()
    score: float | None = None

    def __post_init__(self) -> None:
        if self.provenance and len(self.provenance) != len(self.sentences):
            raise ValueError(
                f"TimelineEntry {self.date}: {len(self.sentences)} sentences but "
                f"{len(self.provenance)} provenance items"
            )


class TimelineFields(TypedDict, total=False):
    """The fields of :class:`Timeline` that :meth:`Timeline.from_entries` takes as keywords."""

    name: str | None
    meta: dict[str, object]


@dataclass(frozen=True, slots=True)
class Timeline:
    """An ordered timeline (entries sorted by date, at most one entry per date)."""

    entries: tuple[TimelineEntry, ...]
    name: str | None = None
    meta: dict[str, object] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        dates = [e.date for e in self.entries]
        if dates != sorted(dates):
            raise ValueError("Timeline entries must be sorted by date")
        if len(set(dates)) != len(dates):
            raise ValueError("Timeline has more than one entry for a date")

    @classmethod
    def from_entries(
        cls, entries: list[TimelineEntry] | tuple[TimelineEntry, ...], **kw: Unpack[TimelineFields]
    ) -> Timeline:
        """Sort ``entries`` by date; entries sharing a date are merged in order."""
        merged: dict[date, TimelineEntry] = {}
        for e in sorted(entries, key=lambda e: e.date):
            prev = merged.get(e.date)
            if prev is None:
                merged[e.date] = e
            else:
                prov = prev.provenance + e.provenance if prev.provenance and e.provenance else ()
                merged[e.date] = TimelineEntry(
                    date=e.date,
                    sentences=prev.sentences + e.sentences,
                    granularity=prev.granularity,
                    provenance=prov,
                    score=prev.score,
                )
        return cls(entries=tuple(merged.values()), **kw)

    @property
    def dates(self) -> list[date]:
        return [e.date for e in self.entries]

    def __len__(self) -> int:
        return len(self.entries)
