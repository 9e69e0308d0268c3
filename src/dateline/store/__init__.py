"""The store: one typed interface (:class:`~dateline.store.base.Store`) and its backends.

- :mod:`~dateline.store.base`: the interface every backend provides, its guarantees, and
  the values it gives back (:class:`SearchHit`, :class:`TopicInfo`, :class:`WriteResult`);
- :mod:`~dateline.store.sqlite`: SQLite, embedded (the default);
- :mod:`~dateline.store.schema`: the SQLite schema as ordered migrations;
- :mod:`~dateline.store.postgres`: PostgreSQL, the server store (``postgresql://`` URLs;
  the ``postgres`` extra), with its schema in :mod:`~dateline.store.pg_schema`;
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

from dateline.errors import DatelineError
from dateline.store.base import QueryError, SearchHit, Store, TopicInfo, WriteResult
from dateline.store.location import describe, is_url
from dateline.store.sqlite import SqliteStore

__all__ = ["QueryError", "SearchHit", "SqliteStore", "Store", "TopicInfo", "WriteResult", "describe", "is_url",
           "open_store"]


def open_store(location: str | Path) -> Store:
    """The store at ``location``: a PostgreSQL URL (``postgresql://user@host/db``, a
    database that exists; needs the ``postgres`` extra), else a SQLite database file
    (created when missing)."""
    if is_url(location):
        try:
            from dateline.store.postgres import PostgresStore
        except ImportError:
            raise DatelineError(
                "a PostgreSQL URL needs psycopg: pip install 'dateline[postgres]'") from None
        return PostgresStore(str(location))
    return SqliteStore(location)
