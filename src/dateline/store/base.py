"""The store interface: what every backend provides, and the values it gives back.

A store persists and queries; it never annotates. The annotate pipeline
(:mod:`dateline.annotate.pipeline`) writes already-annotated records in batches
(:meth:`Store.write`) and, to re-tag, reads records back (:meth:`Store.stale`) and replaces
their timexes (:meth:`Store.replace_timexes`); entity recognition
(:func:`dateline.annotate.pipeline.recognise`) reads the articles not read yet
(:meth:`Store.unrecognised`) and writes their mentions (:meth:`Store.write_entities`, which
merges names into entities by :func:`dateline.entities.names.key`). Everything else reads:
the CLI, the web app and the timeline engine.

Guarantees every backend keeps:

- **Idempotent writes.** A record whose article id is already stored counts as present
  and adds nothing but topic tags it did not have (the same Timeline17 article sits in two
  topics' folders), also when another process stored it since the batch was formed.
- **Batches.** One call of a writing method is one transaction: a process killed at any
  moment leaves every committed batch complete and nothing of the batch in flight.
- **Concurrent readers.** Readers see the last committed state while a writer writes.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Self

from dateline.errors import DatelineError
from dateline.model import AnnotatedArticle, Article, ArticleRecord, EntityRecord, Mention

__all__ = [
    "EntityInfo",
    "FetchState",
    "QueryError",
    "SavedTimeline",
    "SearchHit",
    "Store",
    "StoredSignature",
    "StoryInfo",
    "TopicInfo",
    "WriteResult",
]


class QueryError(DatelineError):
    """A full-text query the store cannot parse."""


@dataclass(slots=True)
class WriteResult:
    """What a write did: ids added, and ids that were already present (in order)."""

    added: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A full-text hit: ``rank`` is the BM25 score (lower is better); ``snippet`` a
    fragment of the text with the matched terms between the highlight markers."""

    id: str
    rank: float
    snippet: str
    title: str
    published: str
    outlet: str | None


@dataclass(frozen=True, slots=True)
class FetchState:
    """What was last fetched from an address (or read from a watched file): the validators
    of its last 200 response for a conditional GET (``etag``, ``last_modified``), the
    version of the item last read from it (the date a feed or sitemap gave it; a file's
    modification time and size), the HTTP status, and when (``checked``, UTC ISO time; set
    by the store when the state is saved)."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    item_version: str | None = None
    status: int | None = None
    checked: str | None = None


@dataclass(frozen=True, slots=True)
class TopicInfo:
    topic: str
    count: int
    first: date
    last: date


@dataclass(frozen=True, slots=True)
class StoredSignature:
    """An article's MinHash signature as stored: ``seq`` orders the stored articles (later
    writes have larger numbers), ``story`` the story it was put in (its own id when none)."""

    seq: int
    article_id: str
    story: str
    signature: bytes


@dataclass(frozen=True, slots=True)
class StoryInfo:
    """A story (a group of near-duplicate articles): its id and its articles' ids, by
    publication day then ingest order."""

    story: str
    members: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SavedTimeline:
    """A saved timeline: the request it answers (selection, method and parameters, as
    ``dateline timeline`` options), its last result (the timeline as JSON), and when and
    against what it was built.

    ``fingerprint`` is the store's :meth:`Store.selection_fingerprint` of the selection when
    the result was built; ``content_version`` the store's :meth:`Store.content_version` when
    it was last compared with the store. Times are UTC, ISO 8601. ``new_entries`` and
    ``changed_entries``: the dates (ISO labels) that were new, or whose sentences changed,
    at the last rebuild."""

    name: str
    request: dict[str, Any]
    result: dict[str, Any]
    fingerprint: str
    content_version: str
    created: str
    refreshed: str
    checked: str
    new_entries: tuple[str, ...] = ()
    changed_entries: tuple[str, ...] = ()
    refreshes: int = 0


@dataclass(frozen=True, slots=True)
class EntityInfo:
    """A canonical entity: ``id`` (the store's), its canonical ``name`` and ``type``, its
    ``aliases`` (every surface name a mention of it had, titles and all, by first use;
    the canonical name among them), the numbers of ``articles`` and ``mentions``, and the
    first and last publication days of the articles that mention it."""

    id: int
    name: str
    type: str
    aliases: tuple[str, ...]
    articles: int
    mentions: int
    first: date | None
    last: date | None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "type": self.type, "aliases": list(self.aliases),
                "articles": self.articles, "mentions": self.mentions,
                "first": self.first.isoformat() if self.first else None,
                "last": self.last.isoformat() if self.last else None}


class Store(ABC):
    """An open store. Use as a context manager or ``close()``.

    Filters shared by the reading methods: ``topic`` a topic tag (normalised as the readers
    normalise it); ``since``/``until`` inclusive publication days; ``query`` a full-text
    query over title and body (:class:`QueryError` when it cannot be parsed); ``keywords``:
    keep articles whose title or body contains at least one of them, case-insensitively,
    as a substring (the Timeline17 rule).
    """

    # -- lifecycle ------------------------------------------------------------------------

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing (the annotate pipeline) --------------------------------------------------

    @abstractmethod
    def known(self, ids: Sequence[str]) -> set[str]:
        """The ids among ``ids`` that are stored."""

    @abstractmethod
    def write(self, records: Sequence[ArticleRecord], present: Sequence[Article] = ()) -> WriteResult:
        """One transaction: store ``records`` (those whose article is stored meanwhile count
        as present) with their sentence spans, timexes, story, signature and band keys, and
        add the topic tags of the ``present`` articles (already stored)."""

    @abstractmethod
    def stale(self, tagger: str, *, batch_size: int, force: bool = False) -> Iterator[list[ArticleRecord]]:
        """The articles whose timexes are missing or from a tagger version other than
        ``tagger`` (every article with ``force``), in batches of ``batch_size``, each a
        record with the article and its sentence spans (timexes not loaded: ``()``, tagger
        None). Batches are read one at a time, so the caller may write between them."""

    @abstractmethod
    def replace_timexes(self, records: Sequence[ArticleRecord]) -> None:
        """One transaction: the timexes and tagger version of each record's article become
        the record's (sentences are kept)."""

    @abstractmethod
    def fetch_states(self, urls: Sequence[str]) -> dict[str, FetchState]:
        """The saved state of each of ``urls`` that has one."""

    @abstractmethod
    def save_fetch_states(self, states: Sequence[FetchState]) -> None:
        """One transaction: replace the saved state of each state's address. Callers save a
        state only after the articles read from that address are written, so a process
        killed in between fetches the address again rather than losing its articles."""

    @abstractmethod
    def all_fetch_states(self) -> list[FetchState]:
        """Every saved fetch state, by address (what ``dateline db copy`` moves)."""

    @abstractmethod
    def export(self, batch_size: int) -> Iterator[list[ArticleRecord]]:
        """Every stored article as the record that wrote it (sentence spans, timexes and
        tagger version, story, signature and band keys), in ingest order, in batches;
        writing them to another store (:meth:`write`) gives it the same content (``dateline
        db copy``)."""

    # -- stories (near-duplicate groups; the annotate pipeline assigns them) -------------

    @abstractmethod
    def story_candidates(self, bands: Sequence[int]) -> list[tuple[int, StoredSignature]]:
        """``(band, article)`` for every stored article that was written with one of the
        band keys ``bands`` (:attr:`ArticleRecord.bands`), with its signature."""

    @abstractmethod
    def ungrouped(self, batch_size: int) -> Iterator[list[ArticleRecord]]:
        """The articles that have no story yet (ingested without story detection), in
        ingest order, in batches (records with the article and its sentence spans only)."""

    @abstractmethod
    def set_stories(self, records: Sequence[ArticleRecord]) -> None:
        """One transaction: the story, signature and band keys of each record's article
        become the record's."""

    @abstractmethod
    def stories(self, article_ids: Sequence[str]) -> dict[str, StoryInfo]:
        """The story of each of ``article_ids`` that is stored and grouped."""

    # -- named entities (``dateline annotate --entities`` writes them) --------------------

    @abstractmethod
    def unrecognised(self, recogniser: str, *, batch_size: int, force: bool = False) -> Iterator[list[AnnotatedArticle]]:
        """The articles whose entities were not recognised, or by a recogniser version other
        than ``recogniser`` (every article with ``force``), in ingest order, in batches of
        ``batch_size`` annotated articles (sentences and timexes). Batches are read one at a
        time, so the caller may write between them."""

    @abstractmethod
    def write_entities(self, records: Sequence[EntityRecord]) -> None:
        """One transaction: each record's article (skipped when not stored) gets exactly the
        record's mentions (its earlier ones are removed) and the record's recogniser version.

        A mention belongs to the entity of its type whose key is
        ``dateline.entities.names.key(mention.name)``, created (named ``mention.name``) when
        there is none, except a ``short`` mention whose own key is not an entity of its type:
        it goes to the one entity of its type that already has that key as an alias, when
        there is exactly one. The mention's cleaned surface text
        (``dateline.entities.names.clean``, else the surface) is added to its entity's aliases."""

    @abstractmethod
    def recogniser_versions(self) -> dict[str | None, int]:
        """Number of articles per entity recogniser version (None: never run)."""

    @abstractmethod
    def entities(
        self,
        type: str | None = None,
        topic: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[EntityInfo]:
        """Entities with at least one mention (of an article with ``topic``, when given; the
        counts and days then cover those articles only), by number of articles, then
        mentions, descending, then name. ``type``: only that type."""

    @abstractmethod
    def entity(self, entity_id: int) -> EntityInfo | None:
        """The entity with this id, None when there is none (or it has no mention)."""

    @abstractmethod
    def entities_named(self, name: str) -> list[EntityInfo]:
        """The entities whose canonical name's key is ``key(name)``; when there are none, the
        entities with an alias of that key. By number of mentions, descending."""

    @abstractmethod
    def entity_names(self) -> list[tuple[str, int]]:
        """Every alias of every entity with a mention (canonical names included) with the
        entity's id: what a name is looked up among."""

    @abstractmethod
    def entity_documents(
        self,
        entity_ids: Sequence[int],
        topic: str | None = None,
        since: date | None = None,
        until: date | None = None,
    ) -> Iterator[tuple[AnnotatedArticle, tuple[Mention, ...]]]:
        """The annotated articles that mention one of ``entity_ids`` (with the other filters
        of :meth:`documents`), by publication day then ingest order, streamed, each with its
        mentions of those entities in text order (``Mention.name`` is the entity's canonical
        name, ``Mention.short`` False)."""

    @abstractmethod
    def related_entities(self, entity_id: int, limit: int = 20) -> list[tuple[EntityInfo, int]]:
        """The entities mentioned in the same articles as ``entity_id`` with the number of
        articles they share, most shared first (then name)."""

    # -- saved timelines ------------------------------------------------------------------

    @abstractmethod
    def selection_fingerprint(
        self, topic: str | None = None, since: date | None = None, until: date | None = None,
        query: str | None = None,
    ) -> str:
        """A string that changes when the articles :meth:`articles` lists for these filters
        change: one added or tagged with the topic, re-tagged, or put in a story."""

    @abstractmethod
    def saved_timelines(self) -> list[SavedTimeline]:
        """Every saved timeline, by name."""

    @abstractmethod
    def saved_timeline(self, name: str) -> SavedTimeline | None: ...

    @abstractmethod
    def save_timeline(self, saved: SavedTimeline) -> None:
        """Store ``saved``, replacing a saved timeline of the same name."""

    @abstractmethod
    def delete_saved_timeline(self, name: str) -> bool:
        """Delete the saved timeline ``name``; False when there was none."""

    # -- reading --------------------------------------------------------------------------

    @abstractmethod
    def content_version(self) -> str:
        """An opaque string that changes whenever stored content changes (articles, topic
        tags, timexes), and differs between two stores."""

    @abstractmethod
    def resolve(self, prefix: str) -> str:
        """The full id of the one article whose id starts with ``prefix`` (at least 4
        characters), or :class:`DatelineError`."""

    @abstractmethod
    def article(self, article_id: str) -> Article | None: ...

    @abstractmethod
    def annotated(self, article_id: str) -> AnnotatedArticle | None: ...

    @abstractmethod
    def articles(
        self,
        topic: str | None = None,
        since: date | None = None,
        until: date | None = None,
        limit: int | None = None,
        offset: int = 0,
        query: str | None = None,
    ) -> list[Article]:
        """Articles by publication day then ingest order."""

    @abstractmethod
    def count(
        self, topic: str | None = None, since: date | None = None, until: date | None = None, query: str | None = None
    ) -> int:
        """The number of articles :meth:`articles` lists for the same filters (without a limit)."""

    @abstractmethod
    def day_counts(
        self,
        topic: str | None = None,
        since: date | None = None,
        until: date | None = None,
        query: str | None = None,
        keywords: Iterable[str] | None = None,
    ) -> dict[date, int]:
        """The number of articles per publication day among those :meth:`documents` gives
        for the same arguments (days without articles are absent)."""

    @abstractmethod
    def documents(
        self,
        topic: str | None = None,
        since: date | None = None,
        until: date | None = None,
        query: str | None = None,
        keywords: Iterable[str] | None = None,
    ) -> Iterator[AnnotatedArticle]:
        """Annotated articles by publication day, streamed (memory does not grow with the
        store)."""

    @abstractmethod
    def search(self, query: str, limit: int = 10, highlight: tuple[str, str] = ("[", "]")) -> list[SearchHit]:
        """Full-text search, best first."""

    @abstractmethod
    def topics(self) -> list[TopicInfo]:
        """Every topic tag with its article count and first and last publication day."""

    @abstractmethod
    def counts(self) -> dict[str, int]:
        """Numbers of ``articles``, ``sentences``, ``timexes`` and ``topics``."""

    @abstractmethod
    def tagger_versions(self) -> dict[str | None, int]:
        """Number of articles per tagger version of their timexes (None: never tagged)."""
