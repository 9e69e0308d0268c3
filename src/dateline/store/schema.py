"""The store's schema as an ordered list of migrations.

``MIGRATIONS[i]`` takes a database from version ``i`` to ``i + 1``. The version is kept in
``PRAGMA user_version`` and each applied migration is recorded in ``schema_migrations``;
both change in the same transaction as the migration itself, so a migration is applied
completely or not at all. Never edit a released migration: append a new one.

A migration is an SQL script, or a function of the connection when it moves data in a way
SQL cannot say plainly (it runs inside the migration's transaction and must not commit).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

from dateline.errors import DatelineError

__all__ = ["FTS_HASHSIZE", "MIGRATIONS", "SCHEMA_VERSION", "migrate", "version"]

#: Bytes of pending full-text entries FTS5 keeps in memory before it writes them as a new
#: segment (its default is 1 MiB). With 8 MiB an ingest batch of hundreds of news articles
#: is one segment instead of several, and FTS5 merges segments less often. Measured on the
#: synthetic 10x corpus (37,330 articles, 1,000 per transaction): CPU in the FTS5 insert
#: 6.0 s with the default, 4.8 s with 8 MiB; with 200 per transaction it made no difference.
FTS_HASHSIZE = 8 * 2**20


def _sentences_as_json(conn: sqlite3.Connection) -> None:
    """Migration 3: the sentence spans of an article move into one JSON column of its row,
    ``[[start, end], ...]``, and ``sentences`` becomes a view over it (same columns).

    One row per sentence cost ingest more than anything but the full-text index (about a
    fifth of untagged ingest CPU after the other fixes); one JSON value per article is
    written with the article row and read with it.
    """
    conn.execute("ALTER TABLE articles ADD COLUMN sentence_spans TEXT NOT NULL DEFAULT '[]'")
    rows = conn.execute("SELECT article, char_start, char_end FROM sentences ORDER BY article, idx")
    pending: list[tuple[str, int]] = []
    current: int | None = None
    spans: list[tuple[int, int]] = []
    for pk, start, end in rows:
        if pk != current:
            if current is not None:
                pending.append((json.dumps(spans, separators=(",", ":")), current))
            current, spans = pk, []
            if len(pending) >= 10_000:
                conn.executemany("UPDATE articles SET sentence_spans = ? WHERE pk = ?", pending)
                pending = []
        spans.append((start, end))
    if current is not None:
        pending.append((json.dumps(spans, separators=(",", ":")), current))
    conn.executemany("UPDATE articles SET sentence_spans = ? WHERE pk = ?", pending)
    conn.execute("DROP TABLE sentences")
    conn.execute(
        "CREATE VIEW sentences(article, idx, char_start, char_end) AS"
        " SELECT a.pk, s.key, json_extract(s.value, '$[0]'), json_extract(s.value, '$[1]')"
        " FROM articles a, json_each(a.sentence_spans) s"
    )
    conn.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('hashsize', ?)", (FTS_HASHSIZE,))


#: (name, SQL script or function) in order.
MIGRATIONS: tuple[tuple[str, str | Callable[[sqlite3.Connection], None]], ...] = (
    (
        "articles, topics, sentences, full-text index",
        """
        CREATE TABLE schema_migrations (
            version INTEGER PRIMARY KEY,
            name    TEXT NOT NULL,
            applied TEXT NOT NULL
        );
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE articles (
            pk          INTEGER PRIMARY KEY,
            id          TEXT NOT NULL UNIQUE,
            published   TEXT NOT NULL,          -- ISO date or date-time, as read
            day         TEXT NOT NULL,          -- YYYY-MM-DD
            title       TEXT NOT NULL,
            caption     TEXT NOT NULL DEFAULT '',
            place       TEXT,
            outlet      TEXT,
            attribution TEXT,
            url         TEXT,
            origin      TEXT,
            language    TEXT NOT NULL DEFAULT 'en',
            text        TEXT NOT NULL,
            n_sentences INTEGER NOT NULL,
            added       TEXT NOT NULL           -- UTC time of ingest
        );
        CREATE INDEX articles_day ON articles(day);
        CREATE TABLE article_topics (
            topic   TEXT NOT NULL,
            article INTEGER NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
            PRIMARY KEY (topic, article)
        ) WITHOUT ROWID;
        CREATE INDEX article_topics_article ON article_topics(article);
        CREATE TABLE sentences (
            article    INTEGER NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
            idx        INTEGER NOT NULL,
            char_start INTEGER NOT NULL,
            char_end   INTEGER NOT NULL,
            PRIMARY KEY (article, idx)
        ) WITHOUT ROWID;
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, text, content='articles', content_rowid='pk',
            tokenize='porter unicode61 remove_diacritics 2'
        );  -- kept in step by the store itself (a trigger would double the cost of ingest)
        """,
    ),
    (
        "timexes, tagger version per article",
        """
        ALTER TABLE articles ADD COLUMN tagger TEXT;  -- tagger version of its timexes; NULL: not tagged
        CREATE INDEX articles_tagger ON articles(tagger);
        CREATE TABLE timexes (
            article     INTEGER NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
            sentence    INTEGER NOT NULL,       -- index of the sentence holding its start
            char_start  INTEGER NOT NULL,       -- offsets into articles.text
            char_end    INTEGER NOT NULL,
            text        TEXT NOT NULL,
            type        TEXT NOT NULL,          -- DATE, TIME, DURATION, SET
            value       TEXT NOT NULL,          -- TimeML value
            granularity TEXT NOT NULL,
            anchor      TEXT,                   -- YYYY-MM-DD it was resolved against
            mod         TEXT,
            first_day   TEXT,                   -- days the value covers (DATE/TIME), else NULL
            last_day    TEXT
        );
        CREATE INDEX timexes_article ON timexes(article, sentence);
        CREATE INDEX timexes_days ON timexes(first_day, last_day);
        """,
    ),
    ("sentence spans as JSON in the article row (sentences becomes a view); FTS5 hashsize", _sentences_as_json),
    (
        "authors of an article; what was fetched from each URL (conditional GET, items seen)",
        """
        ALTER TABLE articles ADD COLUMN authors TEXT NOT NULL DEFAULT '[]';  -- JSON list of names
        CREATE TABLE fetch_state (
            url           TEXT PRIMARY KEY,     -- an address, or file:///path for a watched file
            etag          TEXT,                 -- validators of the last 200 response
            last_modified TEXT,
            item_version  TEXT,                 -- the feed/sitemap date (or file mtime and size) last read
            status        INTEGER,              -- HTTP status of the last fetch (NULL for files)
            checked       TEXT NOT NULL         -- UTC time of the last fetch or read
        ) WITHOUT ROWID;
        """,
    ),
    (
        "stories (near-duplicate groups) and their MinHash signatures; saved timelines",
        """
        ALTER TABLE articles ADD COLUMN story TEXT;      -- id of the story's first article; NULL: not grouped
        ALTER TABLE articles ADD COLUMN signature BLOB; -- MinHash signature; NULL: none (too short, or not grouped)
        CREATE INDEX articles_story ON articles(story);
        CREATE TABLE story_bands (          -- LSH: articles whose signatures share a band
            band    INTEGER NOT NULL,       -- hash of one band of the signature
            article INTEGER NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
            PRIMARY KEY (band, article)
        ) WITHOUT ROWID;
        CREATE TABLE saved_timelines (
            name            TEXT PRIMARY KEY,
            request         TEXT NOT NULL,  -- JSON: selection, method and parameters
            result          TEXT NOT NULL,  -- JSON: the timeline as last built
            fingerprint     TEXT NOT NULL,  -- of the selection when it was last built
            content_version TEXT NOT NULL,  -- of the store when it was last checked
            created         TEXT NOT NULL,  -- UTC times, ISO 8601
            refreshed       TEXT NOT NULL,  -- last built
            checked         TEXT NOT NULL,  -- last compared with the store
            new_entries     TEXT NOT NULL DEFAULT '[]',  -- JSON: dates (ISO labels) new at the last build
            changed_entries TEXT NOT NULL DEFAULT '[]',  -- JSON: dates whose sentences changed then
            refreshes       INTEGER NOT NULL DEFAULT 0
        );
        """,
    ),
    (
        "named entities: canonical entities, their aliases, mentions; recogniser version per article",
        """
        ALTER TABLE articles ADD COLUMN recogniser TEXT;  -- version of the entity recogniser run on it; NULL: not run
        CREATE INDEX articles_recogniser ON articles(recogniser);
        CREATE TABLE entities (
            id   INTEGER PRIMARY KEY,
            type TEXT NOT NULL,             -- PERSON, ORG, GPE, ... (the recogniser's types)
            key  TEXT NOT NULL,             -- the canonical name as merged (dateline.entities.names.key)
            name TEXT NOT NULL,             -- the canonical name as first written
            UNIQUE (type, key)
        );
        CREATE TABLE entity_aliases (
            entity INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
            key    TEXT NOT NULL,           -- the alias as merged
            alias  TEXT NOT NULL,           -- as first written
            PRIMARY KEY (entity, key)
        );
        CREATE INDEX entity_aliases_key ON entity_aliases(key);
        CREATE TABLE mentions (
            entity     INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
            article    INTEGER NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
            sentence   INTEGER NOT NULL,    -- index of the sentence holding it
            char_start INTEGER NOT NULL,    -- offsets into articles.text
            char_end   INTEGER NOT NULL,
            text       TEXT NOT NULL        -- the surface text
        );
        CREATE INDEX mentions_entity ON mentions(entity, article);
        CREATE INDEX mentions_article ON mentions(article);
        """,
    ),
)

SCHEMA_VERSION = len(MIGRATIONS)


def version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> list[int]:
    """Apply the migrations the database lacks, up to ``target``; return their versions.

    ``conn`` must be in autocommit mode (``isolation_level=None``): each migration runs in
    its own ``BEGIN IMMEDIATE`` … ``COMMIT``.
    """
    current = version(conn)
    if current > SCHEMA_VERSION:
        raise DatelineError(
            f"the database has schema version {current}, newer than this dateline knows "
            f"({SCHEMA_VERSION}): upgrade dateline"
        )
    applied = []
    for number in range(current + 1, target + 1):
        name, script = MIGRATIONS[number - 1]
        conn.execute("BEGIN IMMEDIATE")
        try:
            if version(conn) >= number:  # another process migrated meanwhile
                conn.execute("ROLLBACK")
                continue
            if callable(script):
                script(conn)
            else:
                for statement in _statements(script):
                    conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_migrations(version, name, applied) VALUES (?, ?, ?)",
                (number, name, datetime.now(UTC).isoformat(timespec="seconds")),
            )
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        applied.append(number)
    return applied


def _statements(script: str) -> list[str]:
    """Split a script into complete statements (triggers contain ``;`` inside BEGIN … END)."""
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out
