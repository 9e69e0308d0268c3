"""The PostgreSQL store's schema as an ordered list of migrations.

The same concepts as the SQLite schema (:mod:`dateline.store.schema`): articles with their
sentence spans (a JSON column of the article row), topic tags, timexes with the days each
DATE/TIME value covers, fetch states, stories with their MinHash band keys, saved timelines,
and a full-text index: a ``tsvector`` column over title (weight A) and body (weight B) with
a GIN index.

``MIGRATIONS[i]`` takes a database from version ``i`` to ``i + 1``; each applied migration
is a row of ``schema_migrations``, written in the same transaction as the migration, so a
migration is applied completely or not at all. Migrations run under an advisory lock, so
two processes opening a new database at once apply each migration once. Never edit a
released migration: append a new one.

Text columns that are compared or ordered (ids, topics, stories, names) use the ``C``
collation: byte order, as SQLite compares text, whatever the database's default.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from dateline.errors import DatelineError

if TYPE_CHECKING:
    import psycopg

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "TS_CONFIG", "migrate", "version"]

#: The text search configuration of the full-text index: English Snowball stemming, no stop
#: words (as SQLite's FTS5 porter tokenizer: a search for "the" or "after" finds articles).
TS_CONFIG = "dateline_english"

#: Characters of an article's body in the full-text index. A ``tsvector`` holds at most
#: 1 MiB; 512 Ki characters of words that are all different stay below it, and every
#: article of news size (under 100 KB) is indexed whole.
FTS_CHARS = 512 * 1024

#: Key of the advisory lock every writer holds for its transaction ("dateline" in ASCII).
WRITE_LOCK = 0x646174656C696E65

MIGRATIONS: tuple[tuple[str, str], ...] = (
    (
        "articles, topics, sentence spans, timexes, full-text index, fetch state, stories, saved timelines",
        f"""
        CREATE TABLE meta (key TEXT COLLATE "C" PRIMARY KEY, value TEXT NOT NULL);
        CREATE TEXT SEARCH DICTIONARY {TS_CONFIG}_stem (TEMPLATE = snowball, LANGUAGE = english);
        CREATE TEXT SEARCH CONFIGURATION {TS_CONFIG} (COPY = english);
        ALTER TEXT SEARCH CONFIGURATION {TS_CONFIG}
            ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
            WITH {TS_CONFIG}_stem;
        CREATE TABLE articles (
            pk             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,  -- ingest order
            id             TEXT COLLATE "C" NOT NULL UNIQUE,
            published      TEXT NOT NULL,          -- ISO date or date-time, as read
            day            DATE NOT NULL,
            title          TEXT NOT NULL,
            caption        TEXT NOT NULL DEFAULT '',
            place          TEXT,
            outlet         TEXT,
            attribution    TEXT,
            url            TEXT,
            origin         TEXT,
            language       TEXT NOT NULL DEFAULT 'en',
            text           TEXT NOT NULL,
            n_sentences    INTEGER NOT NULL,
            sentence_spans TEXT NOT NULL DEFAULT '[]',   -- JSON [[start, end], ...]
            authors        TEXT NOT NULL DEFAULT '[]',   -- JSON list of names
            added          TEXT NOT NULL,                -- UTC time of ingest
            tagger         TEXT,                         -- tagger version of its timexes; NULL: not tagged
            story          TEXT COLLATE "C",             -- id of the story's first article; NULL: not grouped
            signature      BYTEA,                        -- MinHash signature; NULL: none
            fts            tsvector GENERATED ALWAYS AS (
                setweight(to_tsvector('{TS_CONFIG}', title), 'A')
                || setweight(to_tsvector('{TS_CONFIG}', left(text, {FTS_CHARS})), 'B')
            ) STORED
        );
        CREATE INDEX articles_day ON articles(day, pk);
        CREATE INDEX articles_tagger ON articles(tagger);
        CREATE INDEX articles_story ON articles(story);
        CREATE INDEX articles_fts ON articles USING GIN (fts);
        CREATE TABLE article_topics (
            topic   TEXT COLLATE "C" NOT NULL,
            article BIGINT NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
            PRIMARY KEY (topic, article)
        );
        CREATE INDEX article_topics_article ON article_topics(article);
        CREATE TABLE timexes (
            article     BIGINT NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
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
        CREATE TABLE fetch_state (
            url           TEXT COLLATE "C" PRIMARY KEY,
            etag          TEXT,
            last_modified TEXT,
            item_version  TEXT,
            status        INTEGER,
            checked       TEXT NOT NULL
        );
        CREATE TABLE story_bands (
            band    BIGINT NOT NULL,        -- hash of one band of the signature
            article BIGINT NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
            PRIMARY KEY (band, article)
        );
        CREATE TABLE saved_timelines (
            name            TEXT COLLATE "C" PRIMARY KEY,
            request         TEXT NOT NULL,
            result          TEXT NOT NULL,
            fingerprint     TEXT NOT NULL,
            content_version TEXT NOT NULL,
            created         TEXT NOT NULL,
            refreshed       TEXT NOT NULL,
            checked         TEXT NOT NULL,
            new_entries     TEXT NOT NULL DEFAULT '[]',
            changed_entries TEXT NOT NULL DEFAULT '[]',
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
            id   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            type TEXT COLLATE "C" NOT NULL,
            key  TEXT COLLATE "C" NOT NULL,
            name TEXT COLLATE "C" NOT NULL,
            UNIQUE (type, key)
        );
        CREATE TABLE entity_aliases (
            entity BIGINT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
            key    TEXT COLLATE "C" NOT NULL,
            alias  TEXT NOT NULL,
            seq    BIGINT GENERATED ALWAYS AS IDENTITY,  -- order of first use
            PRIMARY KEY (entity, key)
        );
        CREATE INDEX entity_aliases_key ON entity_aliases(key);
        CREATE TABLE mentions (
            entity     BIGINT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
            article    BIGINT NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
            sentence   INTEGER NOT NULL,
            char_start INTEGER NOT NULL,
            char_end   INTEGER NOT NULL,
            text       TEXT NOT NULL
        );
        CREATE INDEX mentions_entity ON mentions(entity, article);
        CREATE INDEX mentions_article ON mentions(article);
        """,
    ),
)

SCHEMA_VERSION = len(MIGRATIONS)

_MIGRATIONS_TABLE = (
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied TEXT NOT NULL)"
)


def version(conn: psycopg.Connection[tuple[object, ...]]) -> int:
    """The schema version of the database (0: no dateline schema yet)."""
    exists = conn.execute("SELECT to_regclass('schema_migrations') IS NOT NULL").fetchone()
    if not exists or not exists[0]:
        return 0
    row = conn.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()
    return int(row[0]) if row else 0  # type: ignore[call-overload]


def migrate(conn: psycopg.Connection[tuple[object, ...]], where: str, target: int = SCHEMA_VERSION) -> list[int]:
    """Apply the migrations the database lacks, up to ``target``; return their versions.
    ``where`` names the database in errors (its URL without the password). ``conn`` is in
    autocommit mode; each migration is one transaction."""
    current = version(conn)
    if current > SCHEMA_VERSION:
        raise DatelineError(
            f"the database {where} has schema version {current}, newer than this dateline knows "
            f"({SCHEMA_VERSION}): upgrade dateline"
        )
    if current >= target:
        return []
    applied = []
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
        conn.execute(_MIGRATIONS_TABLE)
        current = version(conn)  # another process may have migrated meanwhile
        if current > SCHEMA_VERSION:
            raise DatelineError(
                f"the database {where} has schema version {current}, newer than this dateline knows "
                f"({SCHEMA_VERSION}): upgrade dateline"
            )
        for number in range(current + 1, target + 1):
            name, script = MIGRATIONS[number - 1]
            with conn.transaction():  # a savepoint: one migration applies completely or not at all
                conn.execute(script.encode("utf-8"))
                conn.execute(
                    "INSERT INTO schema_migrations(version, name, applied) VALUES (%s, %s, %s)",
                    (number, name, datetime.now(UTC).isoformat(timespec="seconds")),
                )
            applied.append(number)
    return applied
