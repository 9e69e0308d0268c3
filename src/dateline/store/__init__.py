"""The store: one typed interface (:class:`~dateline.store.base.Store`) and its backends.

- :mod:`~dateline.store.base`: the interface every backend provides, its guarantees, and
  the values it gives back (:class:`SearchHit`, :class:`TopicInfo`, :class:`WriteResult`);
- :mod:`~dateline.store.sqlite`: SQLite, embedded (the default);
- :mod:`~dateline.store.schema`: the SQLite schema as ordered migrations;
- :mod:`~dateline.store.ranges`: the days a TimeML value covers;
- :mod:`~dateline.store.records`: the JSON records the CLI and the web API share.

A store persists and queries; the annotate pipeline (:mod:`dateline.annotate`) writes to it::

    from dateline.annotate import ingest
    from dateline.store import open_store

    with open_store("dateline.db") as store:
        ingest(store, articles)                  # annotated, written in batches
        store.articles(topic="bpoil", since=date(2010, 5, 1), limit=20)   # list[Article]
        store.annotated(id)                      # AnnotatedArticle | None
        store.documents(topic=..., since=..., until=..., query=..., keywords=[...])
                                                 # Iterator[AnnotatedArticle]
        store.search("budget vote", limit=10)    # list[SearchHit], BM25-ranked, snippets
        store.topics()                           # list[TopicInfo]
        store.content_version()                  # str; changes whenever content changes
"""

from __future__ import annotations

from pathlib import Path

from dateline.store.base import QueryError, SearchHit, Store, TopicInfo, WriteResult
from dateline.store.sqlite import SqliteStore

__all__ = ["QueryError", "SearchHit", "SqliteStore", "Store", "TopicInfo", "WriteResult", "open_store"]


def open_store(location: str | Path) -> Store:
    """The store at ``location``: a SQLite database file (created when missing)."""
    return SqliteStore(location)
