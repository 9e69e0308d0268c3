"""The server store: PostgreSQL (psycopg 3; ``pip install 'dateline[postgres]'``).

What it keeps is what the SQLite store keeps (:mod:`dateline.store.pg_schema`): articles,
topic tags, sentence spans, timexes, stories, fetch states, saved timelines, and a full-text
index (a ``tsvector`` column with a GIN index). Every interface method gives the same
results as :class:`~dateline.store.sqlite.SqliteStore` (ids, order, sentences, timexes,
stories, timelines); search ranks with ``ts_rank`` instead of BM25, so the order of hits of
equal relevance may differ.

Concurrency: any number of processes read and write at once. Every writing method is one
transaction holding a transaction-level advisory lock, so writers take turns as SQLite's
``BEGIN IMMEDIATE`` makes them (no deadlocks, no lock errors; the annotation that precedes a
write runs in parallel), and articles are inserted with ``ON CONFLICT DO NOTHING``: an
article another process stored meanwhile counts as present. Readers never wait.

    with PostgresStore("postgresql://user@host/dateline") as store:
        store.articles(topic="bpoil", since=date(2010, 5, 1), limit=20)

A URL names a database that exists (``createdb dateline``); the schema is created and
upgraded when a store is opened. Connections are kept open for reuse within a process (the
web app opens a store per request), one per store at a time.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import inspect
import json
import os
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from typing import Any, ParamSpec, TypeVar, cast

import psycopg
from psycopg import errors as pg_errors

from dateline.errors import DatelineError
from dateline.model import (
    AnnotatedArticle,
    Article,
    ArticleRecord,
    EntityRecord,
    Granularity,
    Mention,
    Sentence,
    Timex,
    TimexType,
)
from dateline.store.base import (
    EntityInfo,
    FetchState,
    QueryError,
    SavedTimeline,
    SearchHit,
    Store,
    StoredSignature,
    StoryInfo,
    TopicInfo,
    WriteResult,
)
from dateline.store.fts_query import to_tsquery_text
from dateline.store.location import public_url, secrets
from dateline.store.pg_schema import TS_CONFIG, WRITE_LOCK, migrate
from dateline.store.sqlite import (
    _DATED,
    _NO_DAYS,
    _SNIPPET_ROUND,
    _SNIPPET_SCAN,
    _SNIPPET_WHOLE,
    _SNIPPET_WINDOW,
    _authors,
    _days_of,
    _dumps,
    _has_keyword,
    _published,
    _window,
)
from dateline.text import normalise_topic

__all__ = ["PostgresStore"]

Conn = psycopg.Connection[tuple[Any, ...]]
P = ParamSpec("P")
R = TypeVar("R")

_ARTICLE_COLUMNS = (
    "a.pk, a.id, a.published, a.title, a.caption, a.place, a.outlet, a.attribution, a.url, "
    "a.origin, a.language, a.text, a.tagger, "
    "(SELECT string_agg(topic, chr(31) ORDER BY topic) FROM article_topics t WHERE t.article = a.pk), "
    "a.sentence_spans, a.authors, a.story, a.day"
)
_TIMEX_COLUMNS = "article, sentence, char_start, char_end, text, type, value, granularity, anchor, mod"
_CHUNK = 200  # articles read per query when streaming
_TSQUERY = f"to_tsquery('{TS_CONFIG}', %s)"
# Highlight markers inside PostgreSQL (private-use characters), replaced by the caller's.
_HL_START, _HL_STOP = "\ue010", "\ue011"
_HEADLINE_OPTIONS = f'StartSel={_HL_START}, StopSel={_HL_STOP}, MaxWords=16, MinWords=12, ShortWord=2'
_POOL_SIZE = 8

_pool_lock = threading.Lock()
_pool: dict[tuple[int, str], list[Conn]] = {}  # idle connections by (process id, URL)
_migrated: set[tuple[int, str]] = set()


def _one_line(exc: BaseException, url: str) -> str:
    """The message of a psycopg error on one line, without the password."""
    text = str(exc).strip()
    for prefix in ("connection failed: ", "connection is bad: "):
        text = text.removeprefix(prefix)
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.strip().startswith("HINT")]
    text = "; ".join(lines) or type(exc).__name__
    text = " ".join(text.split())
    for secret in secrets(url):
        text = text.replace(secret, "***")
    return text


def _connect(url: str) -> Conn:
    where = public_url(url)
    try:
        conn = psycopg.connect(url, autocommit=True, connect_timeout=10)
    except psycopg.ProgrammingError as exc:  # a URL libpq cannot read
        raise DatelineError(f"not a PostgreSQL URL: {where} ({_one_line(exc, url)}); expected "
                            "postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE") from None
    except psycopg.OperationalError as exc:
        line = _one_line(exc, url)
        if "database" in line and "does not exist" in line:
            raise DatelineError(f"no database at {where}: the server has no such database; create it first "
                                "(createdb NAME, or CREATE DATABASE NAME)") from None
        raise DatelineError(f"cannot connect to the database {where}: {line}") from None
    except UnicodeError:
        raise DatelineError(f"not a PostgreSQL URL: {where} (it holds a character that is not text)") from None
    return conn


def _checkout(url: str) -> Conn:
    key = (os.getpid(), url)
    while True:
        with _pool_lock:
            idle = _pool.get(key)
            conn = idle.pop() if idle else None
        if conn is None:
            return _connect(url)
        try:
            if not conn.closed and not conn.broken:
                conn.execute("SELECT 1")
                return conn
        except psycopg.Error:
            pass
        with contextlib.suppress(psycopg.Error):
            conn.close()


def _checkin(url: str, conn: Conn) -> None:
    if conn.closed or conn.broken:
        return
    try:
        if conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
            conn.rollback()
    except psycopg.Error:
        conn.close()
        return
    key = (os.getpid(), url)
    with _pool_lock:
        idle = _pool.setdefault(key, [])
        if len(idle) < _POOL_SIZE:
            idle.append(conn)
            return
    conn.close()


def _guarded(method: Callable[P, R]) -> Callable[P, R]:
    """Database errors of ``method`` as one clear :class:`DatelineError` (a lost connection,
    a server shut down mid-write); generators are guarded while they are iterated."""

    def fail(store: PostgresStore, exc: psycopg.Error) -> DatelineError:
        store._discard()
        return DatelineError(f"the database {store.where} failed: {_one_line(exc, store.url)}")

    if inspect.isgeneratorfunction(method):
        @functools.wraps(method)
        def gen(*args: P.args, **kwargs: P.kwargs) -> Any:
            store = cast(PostgresStore, args[0])
            try:
                yield from cast(Iterator[Any], method(*args, **kwargs))
            except (QueryError, DatelineError):
                raise
            except psycopg.Error as exc:
                raise fail(store, exc) from None

        return cast(Callable[P, R], gen)

    @functools.wraps(method)
    def plain(*args: P.args, **kwargs: P.kwargs) -> R:
        store = cast(PostgresStore, args[0])
        try:
            return method(*args, **kwargs)
        except (QueryError, DatelineError):
            raise
        except psycopg.Error as exc:
            raise fail(store, exc) from None

    return plain


class PostgresStore(Store):
    """A store in the PostgreSQL database at ``url`` (``postgresql://…``; the database must
    exist, the schema is created when missing)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.where = public_url(url)
        self._db: Conn | None = _checkout(url)
        key = (os.getpid(), url)
        if key not in _migrated:
            try:
                migrate(self._db, self.where)
                self._ensure_meta()
            except DatelineError:
                self._discard()
                raise
            except psycopg.Error as exc:
                self._discard()
                raise DatelineError(f"cannot open the database {self.where}: {_one_line(exc, url)}") from None
            _migrated.add(key)

    # -- lifecycle ------------------------------------------------------------------------

    @property
    def db(self) -> Conn:
        if self._db is None:
            raise DatelineError(f"the database {self.where} is closed")
        return self._db

    def close(self) -> None:
        if self._db is not None:
            _checkin(self.url, self._db)
            self._db = None

    def _discard(self) -> None:
        """Close the connection for good (it failed; it is not reused)."""
        if self._db is not None:
            with contextlib.suppress(psycopg.Error):
                self._db.close()
            self._db = None
        _migrated.discard((os.getpid(), self.url))

    @property
    def schema_version(self) -> int:
        from dateline.store.pg_schema import version

        return version(self.db)

    def _ensure_meta(self) -> None:
        with self.db.transaction():
            self.db.execute("INSERT INTO meta VALUES ('store_uuid', %s) ON CONFLICT DO NOTHING",
                            (uuid.uuid4().hex[:8],))
            self.db.execute("INSERT INTO meta VALUES ('content_version', '0') ON CONFLICT DO NOTHING")

    def _lock(self) -> None:
        """Take the writers' lock for the current transaction."""
        self.db.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))

    def _bump_version(self) -> None:
        self.db.execute("UPDATE meta SET value = (value::bigint + 1)::text WHERE key = 'content_version'")

    @_guarded
    def content_version(self) -> str:
        rows: dict[str, str] = dict(self.db.execute("SELECT key, value FROM meta WHERE key IN ('store_uuid', 'content_version')"))
        return f"{rows['store_uuid']}-{rows['content_version']}"

    # -- writing --------------------------------------------------------------------------

    @_guarded
    def known(self, ids: Sequence[str]) -> set[str]:
        return set(self._pks(ids))

    @_guarded
    def write(self, records: Sequence[ArticleRecord], present: Sequence[Article] = ()) -> WriteResult:
        new, also = list(records), list(present)
        result = WriteResult()
        if len({r.article.id for r in new}) != len(new):  # the same article twice: the first counts
            unique: dict[str, ArticleRecord] = {}
            for r in new:
                if r.article.id in unique:
                    also.append(r.article)
                else:
                    unique[r.article.id] = r
            new = list(unique.values())
        db = self.db
        with db.transaction():
            self._lock()
            changed = False
            stored = self._pks([r.article.id for r in new])  # by another process since the batch was read
            if stored:
                also.extend(r.article for r in new if r.article.id in stored)
                new = [r for r in new if r.article.id not in stored]
            if new:
                now = datetime.now(UTC).isoformat(timespec="seconds")
                rows = [(a.id, a.published.isoformat(), a.day, a.title, a.caption, a.place, a.outlet,
                         a.attribution, a.url, a.origin, a.language, a.text, len(r.spans), _dumps(r.spans), now,
                         r.tagger, _authors(a.authors), r.story, r.signature)
                        for r in new for a in (r.article,)]
                columns = list(zip(*rows, strict=True))
                db.execute(
                    "INSERT INTO articles(id, published, day, title, caption, place, outlet, attribution, url,"
                    " origin, language, text, n_sentences, sentence_spans, added, tagger, authors, story, signature)"
                    " SELECT id, published, day, title, caption, place, outlet, attribution, url, origin, language,"
                    " text, n_sentences, sentence_spans, added, tagger, authors, story, signature"
                    " FROM unnest(%s::text[], %s::text[], %s::date[], %s::text[], %s::text[], %s::text[],"
                    " %s::text[], %s::text[], %s::text[], %s::text[], %s::text[], %s::text[], %s::int[],"
                    " %s::text[], %s::text[], %s::text[], %s::text[], %s::text[], %s::bytea[])"
                    " WITH ORDINALITY AS r(id, published, day, title, caption, place, outlet, attribution, url,"
                    " origin, language, text, n_sentences, sentence_spans, added, tagger, authors, story,"
                    " signature, ord) ORDER BY ord ON CONFLICT (id) DO NOTHING",
                    [list(c) for c in columns],
                )
                pks = self._pks([r.article.id for r in new])
                raced = [r for r in new if r.article.id not in pks]  # cannot happen under the lock; kept safe
                also.extend(r.article for r in raced)
                new = [r for r in new if r.article.id in pks]
                topic_rows = [(normalise_topic(t), pks[r.article.id]) for r in new for t in r.article.topics]
                self._insert_topics(topic_rows)
                self._insert_timexes([(pks[r.article.id], r.timexes, r.article.day) for r in new if r.timexes])
                self._insert_bands([(pks[r.article.id], r.bands) for r in new if r.bands])
                result.added.extend(r.article.id for r in new)
                changed = bool(new)
            result.present.extend(a.id for a in also)
            tagged = [(normalise_topic(t), a.id) for a in also for t in a.topics]
            if tagged:
                cur = db.execute(
                    "INSERT INTO article_topics(topic, article) SELECT t.topic, a.pk"
                    " FROM unnest(%s::text[], %s::text[]) AS t(topic, id) JOIN articles a ON a.id = t.id"
                    " ON CONFLICT DO NOTHING",
                    [[t for t, _ in tagged], [i for _, i in tagged]],
                )
                changed = changed or cur.rowcount > 0
            if changed:
                self._bump_version()
        return result

    def _insert_topics(self, rows: Sequence[tuple[str, int]]) -> None:
        if rows:
            self.db.execute(
                "INSERT INTO article_topics(topic, article) SELECT * FROM unnest(%s::text[], %s::bigint[])"
                " ON CONFLICT DO NOTHING",
                [[t for t, _ in rows], [pk for _, pk in rows]],
            )

    def _insert_timexes(self, articles: Sequence[tuple[int, Sequence[Sequence[Timex]], date]]) -> None:
        """The timexes of ``(pk, timexes per sentence, publication day)``, with the days each
        DATE/TIME value covers (COPY: one round trip for a batch)."""
        with self.db.cursor() as cur, cur.copy(
            f"COPY timexes({_TIMEX_COLUMNS}, first_day, last_day) FROM STDIN"
        ) as copy:
            for pk, timexes, day in articles:
                day_iso = day.isoformat()
                for index, txs in enumerate(timexes):
                    for t in txs:
                        first, last = _days_of(t.value) if t.type in _DATED else _NO_DAYS
                        anchor = day_iso if t.anchor is None else t.anchor.isoformat()
                        copy.write_row((pk, index, t.start, t.end, t.text, str(t.type), t.value,
                                        str(t.granularity), anchor, t.mod, first, last))

    @_guarded
    def stale(self, tagger: str, *, batch_size: int, force: bool = False) -> Iterator[list[ArticleRecord]]:
        due = "" if force else "AND (a.tagger IS NULL OR a.tagger != %(version)s)"
        return self._record_pages(due, {"version": tagger}, batch_size)

    def _record_pages(self, condition: str, params: dict[str, object], batch_size: int) -> Iterator[list[ArticleRecord]]:
        """The stored articles matching ``condition`` (an ``AND ...`` on ``articles a``) as
        records with their sentence spans, in ``pk`` order, ``batch_size`` at a time: each
        page starts after the last ``pk`` of the page before."""
        last_pk = 0
        while True:
            rows = self.db.execute(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles a WHERE a.pk > %(last)s {condition} ORDER BY a.pk LIMIT %(n)s",
                {**params, "last": last_pk, "n": batch_size},
            ).fetchall()
            if not rows:
                return
            last_pk = rows[-1][0]
            yield [ArticleRecord(self._article(row), [(s, e) for s, e in json.loads(row[14])]) for row in rows]

    @_guarded
    def replace_timexes(self, records: Sequence[ArticleRecord]) -> None:
        if not records:
            return
        db = self.db
        with db.transaction():
            self._lock()
            pks = self._pks([r.article.id for r in records])
            for version in dict.fromkeys(r.tagger for r in records):
                ours = [pks[r.article.id] for r in records if r.tagger == version and r.article.id in pks]
                db.execute("DELETE FROM timexes WHERE article = ANY(%s)", (ours,))
                db.execute("UPDATE articles SET tagger = %s WHERE pk = ANY(%s)", (version, ours))
            self._insert_timexes([(pks[r.article.id], r.timexes, r.article.day) for r in records
                                  if r.article.id in pks])
            self._bump_version()

    @_guarded
    def fetch_states(self, urls: Sequence[str]) -> dict[str, FetchState]:
        rows = self.db.execute(
            "SELECT url, etag, last_modified, item_version, status, checked FROM fetch_state WHERE url = ANY(%s)",
            (list(urls),),
        )
        return {row[0]: FetchState(*row) for row in rows}

    @_guarded
    def save_fetch_states(self, states: Sequence[FetchState]) -> None:
        if not states:
            return
        now = datetime.now(UTC).isoformat(timespec="seconds")
        db = self.db
        with db.transaction(), db.cursor() as cur:
            self._lock()
            cur.executemany(
                "INSERT INTO fetch_state(url, etag, last_modified, item_version, status, checked)"
                " VALUES (%s,%s,%s,%s,%s,%s) ON CONFLICT (url) DO UPDATE SET etag = EXCLUDED.etag,"
                " last_modified = EXCLUDED.last_modified, item_version = EXCLUDED.item_version,"
                " status = EXCLUDED.status, checked = EXCLUDED.checked",
                [(s.url, s.etag, s.last_modified, s.item_version, s.status, s.checked or now) for s in states],
            )

    @_guarded
    def all_fetch_states(self) -> list[FetchState]:
        rows = self.db.execute(
            "SELECT url, etag, last_modified, item_version, status, checked FROM fetch_state ORDER BY url")
        return [FetchState(*row) for row in rows]

    @_guarded
    def export(self, batch_size: int) -> Iterator[list[ArticleRecord]]:
        last_pk = 0
        while True:
            rows = self.db.execute(
                f"SELECT {_ARTICLE_COLUMNS}, a.signature FROM articles a WHERE a.pk > %s ORDER BY a.pk LIMIT %s",
                (last_pk, batch_size),
            ).fetchall()
            if not rows:
                return
            last_pk = rows[-1][0]
            bands: dict[int, list[int]] = {}
            for pk, band in self.db.execute(
                "SELECT article, band FROM story_bands WHERE article = ANY(%s) ORDER BY article, band",
                ([r[0] for r in rows],),
            ):
                bands.setdefault(pk, []).append(int(band))
            yield [
                ArticleRecord(ann.article, [(x.start, x.end) for x in ann.sentences], ann.timexes, ann.tagger,
                              signature=None if row[18] is None else bytes(row[18]),
                              bands=tuple(bands.get(row[0], ())), story=ann.story)
                for row, ann in zip(rows, self._annotate_rows(rows), strict=True)
            ]

    # -- stories --------------------------------------------------------------------------

    def _insert_bands(self, articles: Sequence[tuple[int, Sequence[int]]]) -> None:
        rows = [(band, pk) for pk, bands in articles for band in bands]
        if rows:
            self.db.execute(
                "INSERT INTO story_bands(band, article) SELECT * FROM unnest(%s::bigint[], %s::bigint[])"
                " ON CONFLICT DO NOTHING",
                [[b for b, _ in rows], [pk for _, pk in rows]],
            )

    @_guarded
    def story_candidates(self, bands: Sequence[int]) -> list[tuple[int, StoredSignature]]:
        out: list[tuple[int, StoredSignature]] = []
        for i in range(0, len(bands), 5000):
            out.extend(
                (int(band), StoredSignature(int(pk), article_id, story, bytes(sig)))
                for band, pk, article_id, story, sig in self.db.execute(
                    "SELECT b.band, a.pk, a.id, coalesce(a.story, a.id), a.signature"
                    " FROM story_bands b JOIN articles a ON a.pk = b.article"
                    " WHERE b.band = ANY(%s::bigint[]) AND a.signature IS NOT NULL",
                    (list(bands[i : i + 5000]),),
                )
            )
        return out

    @_guarded
    def ungrouped(self, batch_size: int) -> Iterator[list[ArticleRecord]]:
        return self._record_pages("AND a.story IS NULL", {}, batch_size)

    @_guarded
    def set_stories(self, records: Sequence[ArticleRecord]) -> None:
        if not records:
            return
        db = self.db
        with db.transaction():
            self._lock()
            db.execute(
                "UPDATE articles a SET story = r.story, signature = r.signature"
                " FROM unnest(%s::text[], %s::bytea[], %s::text[]) AS r(story, signature, id) WHERE a.id = r.id",
                [[r.story for r in records], [r.signature for r in records], [r.article.id for r in records]],
            )
            pks = self._pks([r.article.id for r in records if r.bands])
            self._insert_bands([(pks[r.article.id], r.bands) for r in records if r.bands and r.article.id in pks])
            self._bump_version()

    @_guarded
    def stories(self, article_ids: Sequence[str]) -> dict[str, StoryInfo]:
        ids = list(dict.fromkeys(article_ids))
        story_of: dict[str, str] = dict(
            self.db.execute("SELECT id, story FROM articles WHERE id = ANY(%s) AND story IS NOT NULL", (ids,)))
        members: dict[str, list[str]] = {}
        wanted = list(dict.fromkeys(story_of.values()))
        for story, article_id in self.db.execute(
            "SELECT story, id FROM articles WHERE story = ANY(%s) ORDER BY day, pk", (wanted,)
        ):
            members.setdefault(story, []).append(article_id)
        return {a: StoryInfo(story, tuple(members.get(story, (a,)))) for a, story in story_of.items()}

    # -- named entities -------------------------------------------------------------------

    @_guarded
    def unrecognised(self, recogniser: str, *, batch_size: int, force: bool = False) -> Iterator[list[AnnotatedArticle]]:
        last_pk = 0
        due = "" if force else "AND (a.recogniser IS NULL OR a.recogniser != %(version)s)"
        while True:
            rows = self.db.execute(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles a WHERE a.pk > %(last)s {due} ORDER BY a.pk LIMIT %(n)s",
                {"last": last_pk, "version": recogniser, "n": batch_size},
            ).fetchall()
            if not rows:
                return
            last_pk = rows[-1][0]
            yield list(self._annotate_rows(rows))

    @_guarded
    def write_entities(self, records: Sequence[EntityRecord]) -> None:
        from dateline.entities.names import clean, key

        db = self.db
        with db.transaction():
            self._lock()
            pks = self._pks([r.article_id for r in records])
            ids: dict[tuple[str, str], int] = {}

            def entity_of(m: Mention) -> int:
                k = key(m.name)
                found = ids.get((m.type, k))
                if found is not None:
                    return found
                row = db.execute("SELECT id FROM entities WHERE type = %s AND key = %s", (m.type, k)).fetchone()
                if row is None and m.short:
                    owners = db.execute(
                        "SELECT DISTINCT e.id FROM entity_aliases x JOIN entities e ON e.id = x.entity"
                        " WHERE x.key = %s AND e.type = %s LIMIT 2", (k, m.type)).fetchall()
                    if len(owners) == 1:
                        row = owners[0]
                if row is None:
                    row = db.execute("INSERT INTO entities(type, key, name) VALUES (%s, %s, %s) RETURNING id",
                                     (m.type, k, m.name)).fetchone()
                assert row is not None
                ids[(m.type, k)] = int(row[0])
                return int(row[0])

            for r in records:
                pk = pks.get(r.article_id)
                if pk is None:
                    continue
                db.execute("DELETE FROM mentions WHERE article = %s", (pk,))
                rows, aliases = [], []
                for m in r.mentions:
                    entity = entity_of(m)
                    alias = clean(m.text, m.type) or " ".join(m.text.split())
                    rows.append((entity, pk, m.sentence, m.start, m.end, m.text))
                    aliases.append((entity, key(alias), alias))
                    aliases.append((entity, key(m.name), m.name))
                if rows:
                    with db.cursor() as cur:
                        cur.executemany("INSERT INTO mentions(entity, article, sentence, char_start, char_end, text)"
                                        " VALUES (%s, %s, %s, %s, %s, %s)", rows)
                        cur.executemany("INSERT INTO entity_aliases(entity, key, alias) VALUES (%s, %s, %s)"
                                        " ON CONFLICT DO NOTHING", aliases)
                db.execute("UPDATE articles SET recogniser = %s WHERE pk = %s", (r.recogniser, pk))
            self._bump_version()

    @_guarded
    def export_entities(self, batch_size: int) -> Iterator[list[EntityRecord]]:
        last_pk = 0
        while True:
            rows = self.db.execute(
                "SELECT pk, id, recogniser FROM articles WHERE pk > %s AND recogniser IS NOT NULL"
                " ORDER BY pk LIMIT %s", (last_pk, batch_size)).fetchall()
            if not rows:
                return
            last_pk = rows[-1][0]
            found: dict[int, list[Mention]] = {int(r[0]): [] for r in rows}
            for pk, sent, start, end, text, kind, name in self.db.execute(
                    "SELECT m.article, m.sentence, m.char_start, m.char_end, m.text, e.type, e.name FROM mentions m"
                    " JOIN entities e ON e.id = m.entity WHERE m.article = ANY(%s)"
                    " ORDER BY m.article, m.char_start, m.char_end, m.ctid", (list(found),)):
                found[int(pk)].append(Mention(int(sent), int(start), int(end), text, kind, name))
            yield [EntityRecord(r[1], tuple(found[int(r[0])]), r[2]) for r in rows]

    @_guarded
    def recogniser_versions(self) -> dict[str | None, int]:
        return {r[0]: int(r[1]) for r in self.db.execute("SELECT recogniser, count(*) FROM articles GROUP BY recogniser")}

    def _entity_infos(self, where: str, params: Sequence[Any], order: str, limit: int | None = None,
                      offset: int = 0, topic: str | None = None) -> list[EntityInfo]:
        scope = ""
        scope_params: list[Any] = []
        if topic:
            scope = " AND m.article IN (SELECT article FROM article_topics WHERE topic = %s)"
            scope_params.append(normalise_topic(topic))
        sql = (
            "SELECT e.id, e.name, e.type, count(DISTINCT m.article) AS n_articles, count(*) AS n_mentions,"
            " min(a.day), max(a.day) FROM entities e JOIN mentions m ON m.entity = e.id"
            f" JOIN articles a ON a.pk = m.article WHERE TRUE {where}{scope}"
            f" GROUP BY e.id, e.name, e.type ORDER BY {order}"
            + (" LIMIT %s OFFSET %s" if limit is not None else "")
        )
        rows = self._query(sql, [*params, *scope_params, *([limit, offset] if limit is not None else [])]).fetchall()
        aliases: dict[int, list[str]] = {int(r[0]): [] for r in rows}
        if aliases:
            for entity, alias in self.db.execute(
                    "SELECT entity, alias FROM entity_aliases WHERE entity = ANY(%s) ORDER BY entity, seq",
                    (list(aliases),)):
                aliases[int(entity)].append(alias)
        return [EntityInfo(int(r[0]), r[1], r[2], tuple(aliases[int(r[0])]), int(r[3]), int(r[4]), r[5], r[6])
                for r in rows]

    @_guarded
    def entities(self, type: str | None = None, topic: str | None = None, limit: int | None = None,
                 offset: int = 0) -> list[EntityInfo]:
        where, params = ("AND e.type = %s", [type]) if type else ("", [])
        return self._entity_infos(where, params, "n_articles DESC, n_mentions DESC, e.name, e.id", limit, offset,
                                  topic)

    @_guarded
    def entity(self, entity_id: int) -> EntityInfo | None:
        found = self._entity_infos("AND e.id = %s", [entity_id], "e.id")
        return found[0] if found else None

    @_guarded
    def entities_named(self, name: str) -> list[EntityInfo]:
        from dateline.entities.names import key

        k = key(name)
        found = self._entity_infos("AND e.key = %s", [k], "n_mentions DESC, e.id")
        if not found:
            found = self._entity_infos("AND e.id IN (SELECT entity FROM entity_aliases WHERE key = %s)", [k],
                                       "n_mentions DESC, e.id")
        return found

    @_guarded
    def entity_names(self) -> list[tuple[str, int]]:
        return [(r[0], int(r[1])) for r in self.db.execute(
            "SELECT x.alias, x.entity FROM entity_aliases x WHERE x.entity IN (SELECT DISTINCT entity FROM mentions)"
            " ORDER BY x.entity, x.seq")]

    @_guarded
    def entity_documents(self, entity_ids: Sequence[int], topic: str | None = None, since: date | None = None,
                         until: date | None = None) -> Iterator[tuple[AnnotatedArticle, tuple[Mention, ...]]]:
        ids = [int(i) for i in entity_ids]
        if not ids:
            return
        names = {int(r[0]): (r[1], r[2]) for r in self.db.execute(
            "SELECT id, name, type FROM entities WHERE id = ANY(%s)", (ids,))}
        where, params = self._filters(topic, since, until, None)
        where = (where + " AND" if where else "WHERE") + " a.pk IN (SELECT article FROM mentions WHERE entity = ANY(%s))"
        params = [*params, ids]
        last: tuple[date, int] | None = None
        while True:
            keyset = " AND (a.day, a.pk) > (%s, %s)" if last else ""
            rows = self._query(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles a {where}{keyset} ORDER BY a.day, a.pk LIMIT %s",
                [*params, *(last or ()), _CHUNK],
            ).fetchall()
            if not rows:
                return
            last = (rows[-1][17], rows[-1][0])
            pks = [r[0] for r in rows]
            found: dict[int, list[Mention]] = {pk: [] for pk in pks}
            for pk, entity, sent, start, end, text in self.db.execute(
                    "SELECT article, entity, sentence, char_start, char_end, text FROM mentions"
                    " WHERE article = ANY(%s) AND entity = ANY(%s) ORDER BY article, char_start, char_end",
                    (pks, ids)):
                name, kind = names[int(entity)]
                found[pk].append(Mention(int(sent), int(start), int(end), text, kind, name))
            for row, ann in zip(rows, list(self._annotate_rows(rows)), strict=True):
                yield ann, tuple(found[row[0]])

    @_guarded
    def related_entities(self, entity_id: int, limit: int = 20) -> list[tuple[EntityInfo, int]]:
        rows = self.db.execute(
            "SELECT m.entity, count(DISTINCT m.article) AS shared FROM mentions m"
            " WHERE m.article IN (SELECT article FROM mentions WHERE entity = %s) AND m.entity != %s"
            " GROUP BY m.entity ORDER BY shared DESC, m.entity LIMIT %s", (entity_id, entity_id, limit)).fetchall()
        out = []
        for entity, shared in rows:
            info = self.entity(int(entity))
            if info is not None:
                out.append((info, int(shared)))
        out.sort(key=lambda t: (-t[1], t[0].name))
        return out

    # -- saved timelines ------------------------------------------------------------------

    @_guarded
    def selection_fingerprint(
        self, topic: str | None = None, since: date | None = None, until: date | None = None,
        query: str | None = None,
    ) -> str:
        where, params = self._filters(topic, since, until, query)
        row = self._query(
            "SELECT count(*), coalesce(max(a.pk), 0), coalesce(sum(a.pk), 0)::text, count(a.tagger),"
            " coalesce(string_agg(DISTINCT a.tagger, ','), ''), count(a.story),"
            " coalesce(sum(length(a.story)), 0)::text"
            f" FROM articles a {where}",
            params,
        ).fetchone()
        return hashlib.sha256(json.dumps(list(row or ())).encode("utf-8")).hexdigest()[:16]

    @_guarded
    def entity_fingerprint(
        self, entity_ids: Sequence[int], aliases: Sequence[str] = (), topic: str | None = None,
        since: date | None = None, until: date | None = None,
    ) -> str:
        ids = sorted({int(i) for i in entity_ids})
        words = sorted({" ".join(a.split()).casefold() for a in aliases if a.strip()})
        digest = hashlib.sha256(json.dumps([ids, words]).encode("utf-8"))
        where, params = self._filters(topic, since, until, None)
        mentioned = "a.pk IN (SELECT article FROM mentions WHERE entity = ANY(%s))"
        if words:  # every article of the window is a candidate: the alias rule reads the text
            head = f"SELECT a.pk, a.tagger, a.story, a.recogniser, {mentioned}, a.title, a.text FROM articles a {where}"
            args: list[Any] = [ids, *params]
        else:
            where = (where + " AND " if where else "WHERE ") + mentioned
            head = f"SELECT a.pk, a.tagger, a.story, a.recogniser, TRUE, '', '' FROM articles a {where}"
            args = [*params, ids]
        chosen: set[int] = set()
        last = 0
        while True:
            keyset = (" AND" if where else " WHERE") + " a.pk > %s"
            rows = self._query(f"{head}{keyset} ORDER BY a.pk LIMIT %s", [*args, last, _CHUNK]).fetchall()
            if not rows:
                break
            last = rows[-1][0]
            for pk, tagger, story, recogniser, has, title, text in rows:
                if has or _has_keyword(words, title, text):
                    chosen.add(int(pk))
                    digest.update(json.dumps([pk, tagger, story, recogniser]).encode("utf-8"))
        if ids:
            mentions = [list(r) for r in self.db.execute(
                "SELECT article, entity, sentence, char_start, char_end, text FROM mentions WHERE entity = ANY(%s)"
                " ORDER BY article, char_start, char_end, entity, sentence, text", (ids,))
                if int(r[0]) in chosen]
            digest.update(json.dumps(mentions, ensure_ascii=False).encode("utf-8"))
        return digest.hexdigest()[:16]

    _SAVED_COLUMNS = ("name, request, result, fingerprint, content_version, created, refreshed, checked,"
                      " new_entries, changed_entries, refreshes")

    @staticmethod
    def _saved(row: Sequence[Any]) -> SavedTimeline:
        return SavedTimeline(
            name=row[0], request=json.loads(row[1]), result=json.loads(row[2]), fingerprint=row[3],
            content_version=row[4], created=row[5], refreshed=row[6], checked=row[7],
            new_entries=tuple(json.loads(row[8])), changed_entries=tuple(json.loads(row[9])),
            refreshes=int(row[10]),
        )

    @_guarded
    def saved_timelines(self) -> list[SavedTimeline]:
        rows = self.db.execute(f"SELECT {self._SAVED_COLUMNS} FROM saved_timelines ORDER BY name").fetchall()
        return [self._saved(r) for r in rows]

    @_guarded
    def saved_timeline(self, name: str) -> SavedTimeline | None:
        row = self._query(f"SELECT {self._SAVED_COLUMNS} FROM saved_timelines WHERE name = %s", [name]).fetchone()
        return None if row is None else self._saved(row)

    @_guarded
    def save_timeline(self, saved: SavedTimeline) -> None:
        columns = self._SAVED_COLUMNS.split(", ")
        updates = ", ".join(f"{c.strip()} = EXCLUDED.{c.strip()}" for c in columns[1:])
        with self.db.transaction():
            self._lock()
            self.db.execute(
                f"INSERT INTO saved_timelines({self._SAVED_COLUMNS}) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)"
                f" ON CONFLICT (name) DO UPDATE SET {updates}",
                (saved.name, json.dumps(saved.request, ensure_ascii=False),
                 json.dumps(saved.result, ensure_ascii=False), saved.fingerprint, saved.content_version,
                 saved.created, saved.refreshed, saved.checked, json.dumps(list(saved.new_entries)),
                 json.dumps(list(saved.changed_entries)), saved.refreshes),
            )

    @_guarded
    def delete_saved_timeline(self, name: str) -> bool:
        with self.db.transaction():
            self._lock()
            return self._query("DELETE FROM saved_timelines WHERE name = %s", [name]).rowcount > 0

    # -- reading --------------------------------------------------------------------------

    def _pks(self, ids: Sequence[str]) -> dict[str, int]:
        if not ids:
            return {}
        return dict(self._query("SELECT id, pk FROM articles WHERE id = ANY(%s)", [list(ids)]).fetchall())

    @_guarded
    def resolve(self, prefix: str) -> str:
        prefix = prefix.strip().lower()
        if len(prefix) < 4 or not all(c in "0123456789abcdefghijklmnopqrstuvwxyz._:-" for c in prefix):
            if self._query("SELECT 1 FROM articles WHERE id = %s", [prefix]).fetchone():
                return prefix
            raise DatelineError(f"no article {prefix!r}: give an id or at least 4 of its first characters")
        rows = self._query(
            "SELECT id FROM articles WHERE id >= %s AND id < %s ORDER BY id LIMIT 2",
            [prefix, prefix + "\U0010ffff"],
        ).fetchall()
        if not rows:
            raise DatelineError(f"no article with id {prefix!r} (see `dateline articles`)")
        if len(rows) > 1 and rows[0][0] != prefix:
            raise DatelineError(f"id prefix {prefix!r} is ambiguous: give more characters")
        return str(rows[0][0])

    @_guarded
    def article(self, article_id: str) -> Article | None:
        row = self._query(f"SELECT {_ARTICLE_COLUMNS} FROM articles a WHERE a.id = %s", [article_id]).fetchone()
        return None if row is None else self._article(row)

    @_guarded
    def annotated(self, article_id: str) -> AnnotatedArticle | None:
        row = self._query(f"SELECT {_ARTICLE_COLUMNS} FROM articles a WHERE a.id = %s", [article_id]).fetchone()
        return None if row is None else next(self._annotate_rows([row]))

    @_guarded
    def articles(
        self,
        topic: str | None = None,
        since: date | None = None,
        until: date | None = None,
        limit: int | None = None,
        offset: int = 0,
        query: str | None = None,
    ) -> list[Article]:
        where, params = self._filters(topic, since, until, query)
        sql = f"SELECT {_ARTICLE_COLUMNS} FROM articles a {where} ORDER BY a.day, a.pk LIMIT %s OFFSET %s"
        rows = self._query(sql, [*params, limit, offset]).fetchall()
        return [self._article(r) for r in rows]

    @_guarded
    def count(self, topic: str | None = None, since: date | None = None, until: date | None = None,
              query: str | None = None) -> int:
        where, params = self._filters(topic, since, until, query)
        row = self._query(f"SELECT count(*) FROM articles a {where}", params).fetchone()
        return int(row[0]) if row else 0

    @_guarded
    def day_counts(
        self,
        topic: str | None = None,
        since: date | None = None,
        until: date | None = None,
        query: str | None = None,
        keywords: Iterable[str] | None = None,
    ) -> dict[date, int]:
        where, params = self._filters(topic, since, until, query)
        words = [k.casefold() for k in keywords or () if k.strip()]
        if not words:
            grouped = self._query(f"SELECT a.day, count(*) FROM articles a {where} GROUP BY a.day", params)
            return {day: int(n) for day, n in grouped}
        counts: dict[date, int] = {}
        last: tuple[date, int] | None = None
        while True:  # in chunks: memory does not grow with the store
            keyset = ("AND" if where else "WHERE") + " (a.day, a.pk) > (%s, %s)" if last else ""
            rows = self._query(
                f"SELECT a.day, a.pk, a.title, a.text FROM articles a {where} {keyset} ORDER BY a.day, a.pk LIMIT %s",
                [*params, *(last or ()), _CHUNK],
            ).fetchall()
            if not rows:
                return counts
            last = (rows[-1][0], rows[-1][1])
            for day, _pk, title, text in rows:
                if _has_keyword(words, title, text):
                    counts[day] = counts.get(day, 0) + 1

    @_guarded
    def documents(
        self,
        topic: str | None = None,
        since: date | None = None,
        until: date | None = None,
        query: str | None = None,
        keywords: Iterable[str] | None = None,
    ) -> Iterator[AnnotatedArticle]:
        where, params = self._filters(topic, since, until, query)
        words = [k.casefold() for k in keywords or () if k.strip()]
        last: tuple[date, int] | None = None
        while True:  # keyset pages: no cursor stays open between them, memory stays bounded
            keyset = ("AND" if where else "WHERE") + " (a.day, a.pk) > (%s, %s)" if last else ""
            rows = self._query(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles a {where} {keyset} ORDER BY a.day, a.pk LIMIT %s",
                [*params, *(last or ()), _CHUNK],
            ).fetchall()
            if not rows:
                return
            last = (rows[-1][17], rows[-1][0])
            if words:
                rows = [r for r in rows if _has_keyword(words, r[3], r[11])]
            yield from self._annotate_rows(rows)

    @_guarded
    def search(self, query: str, limit: int = 10, highlight: tuple[str, str] = ("[", "]")) -> list[SearchHit]:
        """Full-text search (the query language of :mod:`dateline.store.fts_query`), best
        first by ``ts_rank`` (title words weigh twice as much as body words); ``rank`` is
        minus the ``ts_rank``, so lower is better as with BM25. Snippets come from a bounded
        window of the text, as SQLite's (:meth:`_snippet`)."""
        tsquery = to_tsquery_text(query)
        rows = self._query(
            f"SELECT a.pk, a.id, -ts_rank('{{0.1, 0.2, 0.5, 1.0}}', a.fts, q) AS rank, a.title, a.published,"
            f" a.outlet FROM articles a, {_TSQUERY} AS q WHERE a.fts @@ q ORDER BY rank, a.pk LIMIT %s",
            [tsquery, limit],
        ).fetchall()
        snippets = self._snippets([r[0] for r in rows], tsquery, highlight)
        return [SearchHit(id=r[1], rank=float(r[2]), snippet=snippets[r[0]], title=r[3], published=r[4],
                          outlet=r[5]) for r in rows]

    def _snippets(self, pks: list[int], tsquery: str, highlight: tuple[str, str]) -> dict[int, str]:
        """The snippet of each article ``pks``: ``ts_headline`` over the whole text when it is
        at most :data:`_SNIPPET_WHOLE` characters (all such hits in one statement);
        otherwise over the first window of :data:`_SNIPPET_WINDOW` characters (overlapping
        by a quarter, cut at white space) among those in the first :data:`_SNIPPET_SCAN`
        characters that matches the query with the title (the first window alone first,
        where most matches are, then :data:`_SNIPPET_ROUND` at a time); without one, the
        start of the text. ``ts_headline`` parses all the text it is given, so it is never
        given a whole long article: the cost is linear in at most :data:`_SNIPPET_SCAN`
        characters per hit, whatever the size of the article."""
        out: dict[int, str] = {}
        if not pks:
            return out
        rows = self._query(
            f"SELECT a.pk, a.title, a.text, CASE WHEN length(a.text) <= {_SNIPPET_WHOLE}"
            f" THEN ts_headline('{TS_CONFIG}', a.text, q, %s) END FROM articles a, {_TSQUERY} AS q"
            " WHERE a.pk = ANY(%s)",
            [_HEADLINE_OPTIONS, tsquery, pks],
        ).fetchall()
        for pk, title, text, headline in rows:
            if headline is not None:
                out[pk] = self._dress(str(headline), str(text), 0, str(text), highlight)
            else:
                out[pk] = self._window_snippet(str(title), str(text), tsquery, highlight)
        return out

    def _window_snippet(self, title: str, text: str, tsquery: str, highlight: tuple[str, str]) -> str:
        step = _SNIPPET_WINDOW * 3 // 4
        starts = list(range(0, min(len(text), _SNIPPET_SCAN), step))
        rounds = [starts[:1]] + [starts[i : i + _SNIPPET_ROUND] for i in range(1, len(starts), _SNIPPET_ROUND)]
        for batch in rounds:
            pieces = [_window(text, s) for s in batch]
            hit = self._query(  # no ORDER BY: unnest gives the windows in order, and LIMIT stops at the first
                f"SELECT i, ts_headline('{TS_CONFIG}', w.piece, q, %s) FROM unnest(%s::text[])"
                f" WITH ORDINALITY AS w(piece, i), {_TSQUERY} AS q"
                f" WHERE (setweight(to_tsvector('{TS_CONFIG}', %s), 'A')"
                f" || setweight(to_tsvector('{TS_CONFIG}', w.piece), 'B')) @@ q LIMIT 1",
                [_HEADLINE_OPTIONS, pieces, tsquery, title],
            ).fetchone()
            if hit is not None:
                k = int(hit[0]) - 1
                return self._dress(str(hit[1]), pieces[k], batch[k], text, highlight)
        return " ".join(text[:400].split()[:16]) + "…"

    @staticmethod
    def _dress(snip: str, piece: str, start: int, text: str, highlight: tuple[str, str]) -> str:
        """A headline of ``piece`` (which starts at ``start`` in ``text``) with the caller's
        highlight markers, and ``…`` where it does not reach the start or the end of the
        text."""
        plain = snip.replace(_HL_START, "").replace(_HL_STOP, "")
        at = piece.find(plain)
        before = "…" if start > 0 or at > 0 else ""
        after = "…" if at < 0 or at + len(plain) < len(piece) or start + len(piece) < len(text) else ""
        return before + snip.replace(_HL_START, highlight[0]).replace(_HL_STOP, highlight[1]) + after

    @_guarded
    def topics(self) -> list[TopicInfo]:
        rows = self.db.execute(
            "SELECT t.topic, count(*), min(a.day), max(a.day) FROM article_topics t"
            " JOIN articles a ON a.pk = t.article GROUP BY t.topic ORDER BY t.topic"
        ).fetchall()
        return [TopicInfo(r[0], int(r[1]), r[2], r[3]) for r in rows]

    @_guarded
    def counts(self) -> dict[str, int]:
        row = self.db.execute(
            "SELECT (SELECT count(*) FROM articles), (SELECT coalesce(sum(n_sentences), 0) FROM articles),"
            " (SELECT count(*) FROM timexes), (SELECT count(DISTINCT topic) FROM article_topics)"
        ).fetchone()
        assert row is not None
        return {"articles": int(row[0]), "sentences": int(row[1]), "timexes": int(row[2]), "topics": int(row[3])}

    @_guarded
    def tagger_versions(self) -> dict[str | None, int]:
        return {r[0]: int(r[1]) for r in self.db.execute("SELECT tagger, count(*) FROM articles GROUP BY tagger")}

    # -- helpers --------------------------------------------------------------------------

    def _filters(
        self, topic: str | None, since: date | None, until: date | None, query: str | None
    ) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if topic:
            clauses.append("a.pk IN (SELECT article FROM article_topics WHERE topic = %s)")
            params.append(normalise_topic(topic))
        if since is not None:
            clauses.append("a.day >= %s")
            params.append(since)
        if until is not None:
            clauses.append("a.day <= %s")
            params.append(until)
        if query:
            clauses.append(f"a.fts @@ {_TSQUERY}")
            params.append(to_tsquery_text(query))
        return ("WHERE " + " AND ".join(clauses) if clauses else ""), params

    def _query(self, sql: str, params: Sequence[Any]) -> psycopg.Cursor[tuple[Any, ...]]:
        """``execute(sql, params)``; a parameter that is not text (a lone surrogate) is a
        :class:`QueryError` saying so, as a query ``to_tsquery`` refuses."""
        try:
            return self.db.execute(sql.encode("utf-8"), params)
        except UnicodeEncodeError as exc:
            raise QueryError(f"the query or filter holds a character that is not text ({exc.object[exc.start]!r}, "
                             "a lone surrogate: an argument or file name that is not UTF-8?)") from None
        except pg_errors.SyntaxError as exc:
            if "tsquery" in str(exc):
                raise QueryError(f"cannot parse the search query ({_one_line(exc, self.url)})") from None
            raise

    @staticmethod
    def _article(row: Sequence[Any]) -> Article:
        topics = tuple(row[13].split("\x1f")) if row[13] else ()
        return Article(
            id=row[1], published=_published(row[2]), title=row[3], text=row[11], topics=topics,
            caption=row[4], place=row[5], outlet=row[6], attribution=row[7], url=row[8],
            origin=row[9], language=row[10], authors=tuple(json.loads(row[15])) if row[15] != "[]" else (),
        )

    def _annotate_rows(self, rows: Sequence[Sequence[Any]]) -> Iterator[AnnotatedArticle]:
        if not rows:
            return
        pks = [r[0] for r in rows]
        timexes: dict[int, dict[int, list[Timex]]] = {pk: {} for pk in pks}
        for pk, sent, start, end, text, kind, value, gran, anchor, mod in self.db.execute(
            f"SELECT {_TIMEX_COLUMNS} FROM timexes WHERE article = ANY(%s)"
            " ORDER BY article, sentence, char_start, char_end",
            (pks,),
        ):
            timexes[pk].setdefault(sent, []).append(
                Timex(
                    start=start, end=end, text=text, type=TimexType(kind), value=value,
                    granularity=Granularity(gran), anchor=date.fromisoformat(anchor) if anchor else None, mod=mod,
                )
            )
        for row in rows:
            pk, article_id, text, tagger = row[0], row[1], row[11], row[12]
            sents = tuple([
                Sentence(article_id, i, start, end, text[start:end])
                for i, (start, end) in enumerate(json.loads(row[14]))
            ])
            per_sentence = (
                tuple(tuple(timexes[pk].get(i, ())) for i in range(len(sents))) if tagger is not None else ()
            )
            yield AnnotatedArticle(article=self._article(row), sentences=sents, timexes=per_sentence, tagger=tagger,
                                   story=row[16])
