"""The embedded store: SQLite (stdlib ``sqlite3``) in WAL mode.

What it keeps: articles, their topic tags, sentence spans (a JSON column of the article
row; ``sentences`` is a view over it), timexes (with the tagger version that produced them
and the days each DATE/TIME value covers), and an FTS5 index over title and text. The
schema is versioned (:mod:`dateline.store.schema`) and upgraded when a store is opened.
WAL mode: readers (the web app) see the last committed state while an ingest writes.

    with SqliteStore("dateline.db") as store:
        store.articles(topic="bpoil", since=date(2010, 5, 1), limit=20)   # list[Article]
        store.search("budget vote", limit=10)    # list[SearchHit], BM25-ranked, snippets

The interface and its guarantees are :class:`dateline.store.base.Store`'s.
"""

from __future__ import annotations

import functools
import hashlib
import json
import sqlite3
import uuid
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

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
from dateline.store.ranges import value_range
from dateline.store.schema import migrate
from dateline.text import normalise_topic

__all__ = ["SqliteStore"]

_ARTICLE_COLUMNS = (
    "a.pk, a.id, a.published, a.title, a.caption, a.place, a.outlet, a.attribution, a.url, "
    "a.origin, a.language, a.text, a.tagger, "
    "(SELECT group_concat(topic, char(31)) FROM article_topics t WHERE t.article = a.pk), "
    "a.sentence_spans, a.authors, a.story"
)
_TIMEX_COLUMNS = "article, sentence, char_start, char_end, text, type, value, granularity, anchor, mod"
_CHUNK = 200  # articles read per query when streaming
# Snippets (see SqliteStore._snippet). snippet() over 4 KiB costs at most a few ms even when
# every word matches (64 KiB of one matching word: ~0.5 s; 512 KiB: ~30 s, python -m
# bench.article_size); a window of 4 KiB is about 700 words, far more than a snippet shows.
_SNIPPET_WHOLE = 4096
_SNIPPET_WINDOW = 4096
_SNIPPET_SCAN = 256 * 1024
_SNIPPET_ROUND = 16  # windows indexed before each look for a match
_TOKENIZE = "'porter unicode61 remove_diacritics 2'"  # as articles_fts (schema.py)


def _published(text: str) -> date | datetime:
    return date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)


def _has_keyword(words: Sequence[str], title: str, text: str) -> bool:
    """The keyword rule of :meth:`Store.documents`: a case-folded substring of title or text."""
    haystack = f"{title}\n{text}".casefold()
    return any(w in haystack for w in words)


def _window(text: str, start: int) -> str:
    """``text[start:start + _SNIPPET_WINDOW]`` without a word cut at either end (when white
    space is near)."""
    end = start + _SNIPPET_WINDOW
    piece = text[start:end]
    if start > 0:
        cut = piece.find(" ", 0, 64)
        piece = piece[cut + 1 :] if cut >= 0 else piece
    if end < len(text):
        cut = piece.rfind(" ", len(piece) - 64)
        piece = piece[:cut] if cut >= 0 else piece
    return piece


def _dumps(spans: Sequence[tuple[int, int]]) -> str:
    """Sentence spans as stored: compact JSON ``[[start,end],...]``."""
    return json.dumps(spans, separators=(",", ":"))


def _authors(names: Sequence[str]) -> str:
    """Authors as stored: a JSON list (``[]`` when there are none)."""
    return json.dumps(list(names), ensure_ascii=False) if names else "[]"


_DATED = (TimexType.DATE, TimexType.TIME)
_NO_DAYS: tuple[str | None, str | None] = (None, None)


@functools.lru_cache(maxsize=8192)
def _days_of(value: str) -> tuple[str | None, str | None]:
    """First and last day (ISO) a DATE/TIME value covers; news repeats a few values a lot."""
    span = value_range(value)
    return (span[0].isoformat(), span[1].isoformat()) if span else _NO_DAYS


class SqliteStore(Store):
    """A store in the SQLite database file ``path`` (created when missing; ``:memory:``
    for one in memory)."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None, timeout=30.0)
            # 16 KiB pages (only a new database takes it): articles are a few KB each, and
            # bench runs showed ~15% less ingest CPU than the default 4 KiB.
            self._db.execute("PRAGMA page_size = 16384")
            self._db.execute("PRAGMA foreign_keys = ON")
            if self.path != ":memory:":
                self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = NORMAL")
            migrate(self._db)
            self._ensure_meta()
        except sqlite3.DatabaseError as exc:
            raise DatelineError(f"cannot open the database {self.path}: {exc}") from None

    # -- lifecycle ------------------------------------------------------------------------

    def close(self) -> None:
        self._db.close()

    @property
    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _ensure_meta(self) -> None:
        if self._db.execute("SELECT 1 FROM meta WHERE key = 'store_uuid'").fetchone():
            return
        self._db.execute("BEGIN IMMEDIATE")
        self._db.execute("INSERT OR IGNORE INTO meta VALUES ('store_uuid', ?)", (uuid.uuid4().hex[:8],))
        self._db.execute("INSERT OR IGNORE INTO meta VALUES ('content_version', '0')")
        self._db.execute("COMMIT")

    def _bump_version(self) -> None:
        self._db.execute(
            "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'content_version'"
        )

    def content_version(self) -> str:
        rows = dict(self._db.execute("SELECT key, value FROM meta WHERE key IN ('store_uuid', 'content_version')"))
        return f"{rows['store_uuid']}-{rows['content_version']}"

    # -- writing --------------------------------------------------------------------------

    def known(self, ids: Sequence[str]) -> set[str]:
        return set(self._pks(ids))

    def write(self, records: Sequence[ArticleRecord], present: Sequence[Article] = ()) -> WriteResult:
        try:
            return self._write(list(records), list(present))
        except sqlite3.OperationalError as exc:  # read-only file, disk full, locked too long
            raise DatelineError(f"cannot write to the database {self.path}: {exc}") from None

    def _write(self, new: list[ArticleRecord], present: list[Article]) -> WriteResult:
        """One transaction: the new articles (with their sentence spans), their timexes, topic
        tags and full-text entries (one statement per table, not one per article), and the
        topic tags of present articles."""
        db = self._db
        result = WriteResult()
        if len({r.article.id for r in new}) != len(new):  # the same article twice: the first counts
            unique: dict[str, ArticleRecord] = {}
            for r in new:
                if r.article.id in unique:
                    present.append(r.article)
                else:
                    unique[r.article.id] = r
            new = list(unique.values())
        db.execute("BEGIN IMMEDIATE")
        try:
            changes = db.total_changes
            stored = self._pks([r.article.id for r in new])  # by another process since the batch was read
            if stored:
                present.extend(r.article for r in new if r.article.id in stored)
                new = [r for r in new if r.article.id not in stored]
            if new:
                now = datetime.now(UTC).isoformat(timespec="seconds")
                db.executemany(
                    "INSERT INTO articles(id, published, day, title, caption, place, outlet, attribution,"
                    " url, origin, language, text, n_sentences, sentence_spans, added, tagger, authors, story,"
                    " signature) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    [
                        (a.id, a.published.isoformat(), a.day.isoformat(), a.title, a.caption, a.place,
                         a.outlet, a.attribution, a.url, a.origin, a.language, a.text, len(r.spans),
                         _dumps(r.spans), now, r.tagger, _authors(a.authors), r.story, r.signature)
                        for r in new
                        for a in (r.article,)
                    ],
                )
                pks = self._pks([r.article.id for r in new])
                # the full-text index reads title and text from the rows just written
                db.execute(
                    "INSERT INTO articles_fts(rowid, title, text) SELECT pk, title, text FROM articles"
                    " WHERE pk IN (SELECT value FROM json_each(?))",
                    (json.dumps(list(pks.values())),),
                )
                db.executemany(
                    "INSERT OR IGNORE INTO article_topics(topic, article) VALUES (?, ?)",
                    [(normalise_topic(t), pks[r.article.id]) for r in new for t in r.article.topics],
                )
                self._insert_timexes([(pks[r.article.id], r.timexes, r.article.day) for r in new if r.timexes])
                self._insert_bands([(pks[r.article.id], r.bands) for r in new if r.bands])
                result.added.extend(r.article.id for r in new)
            result.present.extend(a.id for a in present)
            tagged = [(normalise_topic(t), a.id) for a in present for t in a.topics]
            if tagged:
                db.executemany(
                    "INSERT OR IGNORE INTO article_topics(topic, article) SELECT ?, pk FROM articles WHERE id = ?",
                    tagged,
                )
            if db.total_changes != changes:
                self._bump_version()
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return result

    def _insert_timexes(self, articles: Sequence[tuple[int, Sequence[Sequence[Timex]], date]]) -> None:
        """The timexes of ``(pk, timexes per sentence, publication day)``, with the days each
        DATE/TIME value covers."""
        rows = []
        for pk, timexes, day in articles:
            day_iso = day.isoformat()
            for index, txs in enumerate(timexes):
                for t in txs:
                    first, last = _days_of(t.value) if t.type in _DATED else _NO_DAYS
                    anchor = day_iso if t.anchor is None else t.anchor.isoformat()
                    rows.append((pk, index, t.start, t.end, t.text, str(t.type), t.value, str(t.granularity),
                                 anchor, t.mod, first, last))
        if rows:
            self._db.executemany(
                f"INSERT INTO timexes({_TIMEX_COLUMNS}, first_day, last_day)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                rows,
            )

    def stale(self, tagger: str, *, batch_size: int, force: bool = False) -> Iterator[list[ArticleRecord]]:
        due = "" if force else "AND (a.tagger IS NULL OR a.tagger != :version)"
        return self._record_pages(due, {"version": tagger}, batch_size)

    def _record_pages(self, condition: str, params: dict[str, object], batch_size: int) -> Iterator[list[ArticleRecord]]:
        """The stored articles matching ``condition`` (an ``AND ...`` on ``articles a``) as
        records with their sentence spans, in ``pk`` order, ``batch_size`` at a time: each
        page starts after the last ``pk`` of the page before."""
        last_pk = 0
        while True:
            rows = self._db.execute(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles a WHERE a.pk > :last {condition} ORDER BY a.pk LIMIT :n",
                {**params, "last": last_pk, "n": batch_size},
            ).fetchall()
            if not rows:
                return
            last_pk = rows[-1][0]
            yield [ArticleRecord(self._article(row), [(s, e) for s, e in json.loads(row[14])]) for row in rows]

    def replace_timexes(self, records: Sequence[ArticleRecord]) -> None:
        if not records:
            return
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            pks = self._pks([r.article.id for r in records])
            for version in dict.fromkeys(r.tagger for r in records):
                ours = [pks[r.article.id] for r in records if r.tagger == version]
                marks = ",".join("?" * len(ours))
                db.execute(f"DELETE FROM timexes WHERE article IN ({marks})", ours)
                db.execute(f"UPDATE articles SET tagger = ? WHERE pk IN ({marks})", [version, *ours])
            self._insert_timexes([(pks[r.article.id], r.timexes, r.article.day) for r in records])
            self._bump_version()
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def fetch_states(self, urls: Sequence[str]) -> dict[str, FetchState]:
        out: dict[str, FetchState] = {}
        for i in range(0, len(urls), 500):
            chunk = list(urls[i : i + 500])
            marks = ",".join("?" * len(chunk))
            for row in self._db.execute(
                "SELECT url, etag, last_modified, item_version, status, checked FROM fetch_state"
                f" WHERE url IN ({marks})", chunk
            ):
                out[row[0]] = FetchState(*row)
        return out

    def save_fetch_states(self, states: Sequence[FetchState]) -> None:
        if not states:
            return
        now = datetime.now(UTC).isoformat(timespec="seconds")
        db = self._db
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                db.executemany(
                    "INSERT OR REPLACE INTO fetch_state(url, etag, last_modified, item_version, status, checked)"
                    " VALUES (?,?,?,?,?,?)",
                    [(s.url, s.etag, s.last_modified, s.item_version, s.status, s.checked or now) for s in states],
                )
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        except sqlite3.OperationalError as exc:
            raise DatelineError(f"cannot write to the database {self.path}: {exc}") from None

    def all_fetch_states(self) -> list[FetchState]:
        rows = self._db.execute(
            "SELECT url, etag, last_modified, item_version, status, checked FROM fetch_state ORDER BY url")
        return [FetchState(*row) for row in rows]

    def export(self, batch_size: int) -> Iterator[list[ArticleRecord]]:
        last_pk = 0
        while True:
            rows = self._db.execute(
                f"SELECT {_ARTICLE_COLUMNS}, a.signature FROM articles a WHERE a.pk > ? ORDER BY a.pk LIMIT ?",
                (last_pk, batch_size),
            ).fetchall()
            if not rows:
                return
            last_pk = rows[-1][0]
            pks = [r[0] for r in rows]
            bands: dict[int, list[int]] = {}
            for pk, band in self._db.execute(
                "SELECT article, band FROM story_bands WHERE article IN (SELECT value FROM json_each(?))"
                " ORDER BY article, band", (json.dumps(pks),)
            ):
                bands.setdefault(pk, []).append(int(band))
            yield [
                ArticleRecord(ann.article, [(x.start, x.end) for x in ann.sentences], ann.timexes, ann.tagger,
                              signature=None if row[17] is None else bytes(row[17]),
                              bands=tuple(bands.get(row[0], ())), story=ann.story)
                for row, ann in zip(rows, self._annotate_rows(rows), strict=True)
            ]

    # -- stories --------------------------------------------------------------------------

    def _insert_bands(self, articles: Sequence[tuple[int, Sequence[int]]]) -> None:
        rows = [(band, pk) for pk, bands in articles for band in bands]
        if rows:
            self._db.executemany("INSERT OR IGNORE INTO story_bands(band, article) VALUES (?, ?)", rows)

    def story_candidates(self, bands: Sequence[int]) -> list[tuple[int, StoredSignature]]:
        out: list[tuple[int, StoredSignature]] = []
        for i in range(0, len(bands), 5000):
            chunk = json.dumps(list(bands[i : i + 5000]))
            out.extend(
                (int(band), StoredSignature(int(pk), article_id, story, bytes(sig)))
                for band, pk, article_id, story, sig in self._db.execute(
                    "SELECT b.band, a.pk, a.id, coalesce(a.story, a.id), a.signature"
                    " FROM story_bands b JOIN articles a ON a.pk = b.article"
                    " WHERE b.band IN (SELECT value FROM json_each(?)) AND a.signature IS NOT NULL",
                    (chunk,),
                )
            )
        return out

    def ungrouped(self, batch_size: int) -> Iterator[list[ArticleRecord]]:
        return self._record_pages("AND a.story IS NULL", {}, batch_size)

    def set_stories(self, records: Sequence[ArticleRecord]) -> None:
        if not records:
            return
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            db.executemany("UPDATE articles SET story = ?, signature = ? WHERE id = ?",
                           [(r.story, r.signature, r.article.id) for r in records])
            pks = self._pks([r.article.id for r in records if r.bands])
            self._insert_bands([(pks[r.article.id], r.bands) for r in records if r.bands and r.article.id in pks])
            self._bump_version()
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def stories(self, article_ids: Sequence[str]) -> dict[str, StoryInfo]:
        ids = list(dict.fromkeys(article_ids))
        story_of: dict[str, str] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            story_of.update(self._db.execute(
                f"SELECT id, story FROM articles WHERE id IN ({marks}) AND story IS NOT NULL", chunk))
        members: dict[str, list[str]] = {}
        wanted = list(dict.fromkeys(story_of.values()))
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for story, article_id in self._db.execute(
                f"SELECT story, id FROM articles WHERE story IN ({marks}) ORDER BY day, pk", chunk
            ):
                members.setdefault(story, []).append(article_id)
        return {a: StoryInfo(story, tuple(members.get(story, (a,)))) for a, story in story_of.items()}

    # -- named entities -------------------------------------------------------------------

    def unrecognised(self, recogniser: str, *, batch_size: int, force: bool = False) -> Iterator[list[AnnotatedArticle]]:
        last_pk = 0
        due = "" if force else "AND (a.recogniser IS NULL OR a.recogniser != ?)"
        while True:
            params: list[Any] = [last_pk] + ([] if force else [recogniser]) + [batch_size]
            rows = self._db.execute(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles a WHERE a.pk > ? {due} ORDER BY a.pk LIMIT ?", params
            ).fetchall()
            if not rows:
                return
            last_pk = rows[-1][0]
            yield list(self._annotate_rows(rows))

    def write_entities(self, records: Sequence[EntityRecord]) -> None:
        from dateline.entities.names import clean, key

        db = self._db
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise DatelineError(f"cannot write to the database {self.path}: {exc}") from None
        try:
            pks = self._pks([r.article_id for r in records])
            ids: dict[tuple[str, str], int] = {}

            def entity_of(m: Mention) -> int:
                k = key(m.name)
                found = ids.get((m.type, k))
                if found is not None:
                    return found
                row = db.execute("SELECT id FROM entities WHERE type = ? AND key = ?", (m.type, k)).fetchone()
                if row is None and m.short:
                    owners = db.execute(
                        "SELECT DISTINCT e.id FROM entity_aliases x JOIN entities e ON e.id = x.entity"
                        " WHERE x.key = ? AND e.type = ? LIMIT 2", (k, m.type)).fetchall()
                    if len(owners) == 1:
                        row = owners[0]
                if row is None:
                    row = db.execute("INSERT INTO entities(type, key, name) VALUES (?, ?, ?) RETURNING id",
                                     (m.type, k, m.name)).fetchone()
                ids[(m.type, k)] = int(row[0])
                return int(row[0])

            for r in records:
                pk = pks.get(r.article_id)
                if pk is None:
                    continue
                db.execute("DELETE FROM mentions WHERE article = ?", (pk,))
                rows, aliases = [], []
                for m in r.mentions:
                    entity = entity_of(m)
                    alias = clean(m.text, m.type) or " ".join(m.text.split())
                    rows.append((entity, pk, m.sentence, m.start, m.end, m.text))
                    aliases.append((entity, key(alias), alias))
                    aliases.append((entity, key(m.name), m.name))
                db.executemany("INSERT INTO mentions(entity, article, sentence, char_start, char_end, text)"
                               " VALUES (?, ?, ?, ?, ?, ?)", rows)
                db.executemany("INSERT OR IGNORE INTO entity_aliases(entity, key, alias) VALUES (?, ?, ?)", aliases)
                db.execute("UPDATE articles SET recogniser = ? WHERE pk = ?", (r.recogniser, pk))
            self._bump_version()
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def export_entities(self, batch_size: int) -> Iterator[list[EntityRecord]]:
        last_pk = 0
        while True:
            rows = self._db.execute(
                "SELECT pk, id, recogniser FROM articles WHERE pk > ? AND recogniser IS NOT NULL ORDER BY pk LIMIT ?",
                (last_pk, batch_size)).fetchall()
            if not rows:
                return
            last_pk = rows[-1][0]
            found: dict[int, list[Mention]] = {int(r[0]): [] for r in rows}
            for pk, sent, start, end, text, kind, name in self._db.execute(
                    "SELECT m.article, m.sentence, m.char_start, m.char_end, m.text, e.type, e.name FROM mentions m"
                    " JOIN entities e ON e.id = m.entity WHERE m.article IN (SELECT value FROM json_each(?))"
                    " ORDER BY m.article, m.char_start, m.char_end, m.rowid", (json.dumps(list(found)),)):
                found[int(pk)].append(Mention(int(sent), int(start), int(end), text, kind, name))
            yield [EntityRecord(r[1], tuple(found[int(r[0])]), r[2]) for r in rows]

    def recogniser_versions(self) -> dict[str | None, int]:
        return {r[0]: int(r[1]) for r in self._db.execute("SELECT recogniser, count(*) FROM articles GROUP BY recogniser")}

    def _entity_infos(self, where: str, params: Sequence[Any], order: str, limit: int | None = None,
                      offset: int = 0, topic: str | None = None) -> list[EntityInfo]:
        scope = ""
        scope_params: list[Any] = []
        if topic:
            scope = " AND m.article IN (SELECT article FROM article_topics WHERE topic = ?)"
            scope_params.append(normalise_topic(topic))
        sql = (
            "SELECT e.id, e.name, e.type, count(DISTINCT m.article) AS n_articles, count(*) AS n_mentions,"
            " min(a.day), max(a.day) FROM entities e JOIN mentions m ON m.entity = e.id"
            f" JOIN articles a ON a.pk = m.article WHERE 1 = 1 {where}{scope}"
            f" GROUP BY e.id, e.name, e.type ORDER BY {order}"
            + (" LIMIT ? OFFSET ?" if limit is not None else "")
        )
        rows = self._db.execute(sql, [*params, *scope_params, *([limit, offset] if limit is not None else [])]).fetchall()
        aliases: dict[int, list[str]] = {int(r[0]): [] for r in rows}
        ids = list(aliases)
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            for entity, alias in self._db.execute(
                    f"SELECT entity, alias FROM entity_aliases WHERE entity IN ({marks}) ORDER BY entity, rowid", chunk):
                aliases[int(entity)].append(alias)
        return [EntityInfo(int(r[0]), r[1], r[2], tuple(aliases[int(r[0])]), int(r[3]), int(r[4]),
                           date.fromisoformat(r[5]) if r[5] else None, date.fromisoformat(r[6]) if r[6] else None)
                for r in rows]

    def entities(self, type: str | None = None, topic: str | None = None, limit: int | None = None,
                 offset: int = 0) -> list[EntityInfo]:
        where, params = ("AND e.type = ?", [type]) if type else ("", [])
        return self._entity_infos(where, params, "n_articles DESC, n_mentions DESC, e.name, e.id", limit, offset,
                                  topic)

    def entity(self, entity_id: int) -> EntityInfo | None:
        found = self._entity_infos("AND e.id = ?", [entity_id], "e.id")
        return found[0] if found else None

    def entities_named(self, name: str) -> list[EntityInfo]:
        from dateline.entities.names import key

        k = key(name)
        found = self._entity_infos("AND e.key = ?", [k], "n_mentions DESC, e.id")
        if not found:
            found = self._entity_infos("AND e.id IN (SELECT entity FROM entity_aliases WHERE key = ?)", [k],
                                       "n_mentions DESC, e.id")
        return found

    def entity_names(self) -> list[tuple[str, int]]:
        return [(r[0], int(r[1])) for r in self._db.execute(
            "SELECT x.alias, x.entity FROM entity_aliases x WHERE x.entity IN (SELECT DISTINCT entity FROM mentions)"
            " ORDER BY x.entity, x.rowid")]

    def entity_documents(self, entity_ids: Sequence[int], topic: str | None = None, since: date | None = None,
                         until: date | None = None) -> Iterator[tuple[AnnotatedArticle, tuple[Mention, ...]]]:
        ids = [int(i) for i in entity_ids]
        if not ids:
            return
        marks = ",".join("?" * len(ids))
        names = {int(r[0]): (r[1], r[2]) for r in self._db.execute(
            f"SELECT id, name, type FROM entities WHERE id IN ({marks})", ids)}
        where, params = self._filters(topic, since, until, None)
        where = (where + " AND" if where else "WHERE") + f" a.pk IN (SELECT article FROM mentions WHERE entity IN ({marks}))"
        cursor = self._query(f"SELECT {_ARTICLE_COLUMNS} FROM articles a {where} ORDER BY a.day, a.pk", [*params, *ids])
        while True:
            rows = cursor.fetchmany(_CHUNK)
            if not rows:
                return
            pks = [r[0] for r in rows]
            pk_marks = ",".join("?" * len(pks))
            found: dict[int, list[Mention]] = {pk: [] for pk in pks}
            for pk, entity, sent, start, end, text in self._db.execute(
                    f"SELECT article, entity, sentence, char_start, char_end, text FROM mentions"
                    f" WHERE article IN ({pk_marks}) AND entity IN ({marks}) ORDER BY article, char_start",
                    [*pks, *ids]):
                name, kind = names[int(entity)]
                found[pk].append(Mention(int(sent), int(start), int(end), text, kind, name))
            for row, ann in zip(rows, self._annotate_rows(rows), strict=True):
                yield ann, tuple(found[row[0]])

    def related_entities(self, entity_id: int, limit: int = 20) -> list[tuple[EntityInfo, int]]:
        rows = self._db.execute(
            "SELECT m.entity, count(DISTINCT m.article) AS shared FROM mentions m"
            " WHERE m.article IN (SELECT article FROM mentions WHERE entity = ?) AND m.entity != ?"
            " GROUP BY m.entity ORDER BY shared DESC, m.entity LIMIT ?", (entity_id, entity_id, limit)).fetchall()
        out = []
        for entity, shared in rows:
            info = self.entity(int(entity))
            if info is not None:
                out.append((info, int(shared)))
        out.sort(key=lambda t: (-t[1], t[0].name))
        return out

    # -- saved timelines ------------------------------------------------------------------

    def selection_fingerprint(
        self, topic: str | None = None, since: date | None = None, until: date | None = None,
        query: str | None = None,
    ) -> str:
        where, params = self._filters(topic, since, until, query)
        row = self._query(
            "SELECT count(*), coalesce(max(a.pk), 0), coalesce(sum(a.pk), 0), count(a.tagger),"
            " coalesce(group_concat(DISTINCT a.tagger), ''), count(a.story),"
            " coalesce(sum(length(a.story)), 0)"
            f" FROM articles a {where}",
            params,
        ).fetchone()
        return hashlib.sha256(json.dumps(list(row)).encode("utf-8")).hexdigest()[:16]

    def entity_fingerprint(
        self, entity_ids: Sequence[int], aliases: Sequence[str] = (), topic: str | None = None,
        since: date | None = None, until: date | None = None,
    ) -> str:
        ids = sorted({int(i) for i in entity_ids})
        words = sorted({" ".join(a.split()).casefold() for a in aliases if a.strip()})
        digest = hashlib.sha256(json.dumps([ids, words]).encode("utf-8"))
        where, params = self._filters(topic, since, until, None)
        mentioned = "a.pk IN (SELECT article FROM mentions WHERE entity IN (SELECT value FROM json_each(?)))"
        if words:  # every article of the window is a candidate: the alias rule reads the text
            sql = (f"SELECT a.pk, a.tagger, a.story, a.recogniser, {mentioned}, a.title, a.text"
                   f" FROM articles a {where} ORDER BY a.pk")
            args = [json.dumps(ids), *params]
        else:
            where = (where + " AND " if where else "WHERE ") + mentioned
            sql = f"SELECT a.pk, a.tagger, a.story, a.recogniser, 1, '', '' FROM articles a {where} ORDER BY a.pk"
            args = [*params, json.dumps(ids)]
        chosen: set[int] = set()
        cursor = self._query(sql, args)
        while rows := cursor.fetchmany(_CHUNK):
            for pk, tagger, story, recogniser, has, title, text in rows:
                if has or _has_keyword(words, title, text):
                    chosen.add(int(pk))
                    digest.update(json.dumps([pk, tagger, story, recogniser]).encode("utf-8"))
        if ids:
            mentions = [list(r) for r in self._db.execute(
                "SELECT article, entity, sentence, char_start, char_end, text FROM mentions"
                " WHERE entity IN (SELECT value FROM json_each(?))"
                " ORDER BY article, char_start, char_end, entity, sentence, text", (json.dumps(ids),))
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

    def saved_timelines(self) -> list[SavedTimeline]:
        rows = self._db.execute(f"SELECT {self._SAVED_COLUMNS} FROM saved_timelines ORDER BY name").fetchall()
        return [self._saved(r) for r in rows]

    def saved_timeline(self, name: str) -> SavedTimeline | None:
        row = self._db.execute(f"SELECT {self._SAVED_COLUMNS} FROM saved_timelines WHERE name = ?",
                               (name,)).fetchone()
        return None if row is None else self._saved(row)

    def save_timeline(self, saved: SavedTimeline) -> None:
        try:
            self._db.execute(
                f"INSERT OR REPLACE INTO saved_timelines({self._SAVED_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (saved.name, json.dumps(saved.request, ensure_ascii=False),
                 json.dumps(saved.result, ensure_ascii=False), saved.fingerprint, saved.content_version,
                 saved.created, saved.refreshed, saved.checked, json.dumps(list(saved.new_entries)),
                 json.dumps(list(saved.changed_entries)), saved.refreshes),
            )
        except sqlite3.OperationalError as exc:
            raise DatelineError(f"cannot write to the database {self.path}: {exc}") from None

    def delete_saved_timeline(self, name: str) -> bool:
        return self._db.execute("DELETE FROM saved_timelines WHERE name = ?", (name,)).rowcount > 0

    # -- reading --------------------------------------------------------------------------

    def _pks(self, ids: Sequence[str]) -> dict[str, int]:
        out: dict[str, int] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            out.update(self._db.execute(f"SELECT id, pk FROM articles WHERE id IN ({marks})", chunk))
        return out

    def _has(self, article_id: str) -> bool:
        return bool(self._db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone())

    def resolve(self, prefix: str) -> str:
        """The full id of the one article whose id starts with ``prefix`` (at least 4
        characters), or :class:`DatelineError`."""
        prefix = prefix.strip().lower()
        if len(prefix) < 4 or not all(c in "0123456789abcdefghijklmnopqrstuvwxyz._:-" for c in prefix):
            if self._has(prefix):
                return prefix
            raise DatelineError(f"no article {prefix!r}: give an id or at least 4 of its first characters")
        rows = self._db.execute(
            "SELECT id FROM articles WHERE id >= ? AND id < ? ORDER BY id LIMIT 2",
            (prefix, prefix + "\U0010ffff"),
        ).fetchall()
        if not rows:
            raise DatelineError(f"no article with id {prefix!r} (see `dateline articles`)")
        if len(rows) > 1 and rows[0][0] != prefix:
            raise DatelineError(f"id prefix {prefix!r} is ambiguous: give more characters")
        return str(rows[0][0])

    def article(self, article_id: str) -> Article | None:
        row = self._db.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles a WHERE a.id = ?", (article_id,)).fetchone()
        return None if row is None else self._article(row)

    def annotated(self, article_id: str) -> AnnotatedArticle | None:
        row = self._db.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles a WHERE a.id = ?", (article_id,)).fetchone()
        if row is None:
            return None
        return next(self._annotate_rows([row]))

    def articles(
        self,
        topic: str | None = None,
        since: date | None = None,
        until: date | None = None,
        limit: int | None = None,
        offset: int = 0,
        query: str | None = None,
    ) -> list[Article]:
        """Articles by publication day then ingest order; ``since``/``until`` inclusive;
        ``query`` an FTS5 query over title and text."""
        where, params = self._filters(topic, since, until, query)
        sql = f"SELECT {_ARTICLE_COLUMNS} FROM articles a {where} ORDER BY a.day, a.pk LIMIT ? OFFSET ?"
        rows = self._query(sql, [*params, -1 if limit is None else limit, offset])
        return [self._article(r) for r in rows]

    def count(self, topic: str | None = None, since: date | None = None, until: date | None = None,
              query: str | None = None) -> int:
        where, params = self._filters(topic, since, until, query)
        return int(self._query(f"SELECT count(*) FROM articles a {where}", params).fetchone()[0])

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
        where, params = self._filters(topic, since, until, query)
        words = [k.casefold() for k in keywords or () if k.strip()]
        counts: dict[date, int] = {}
        if not words:
            rows = self._query(f"SELECT a.day, count(*) FROM articles a {where} GROUP BY a.day", params)
            return {date.fromisoformat(day): int(n) for day, n in rows}
        for day, title, text in self._query(f"SELECT a.day, a.title, a.text FROM articles a {where}", params):
            if _has_keyword(words, title, text):
                counts[date.fromisoformat(day)] = counts.get(date.fromisoformat(day), 0) + 1
        return counts

    def documents(
        self,
        topic: str | None = None,
        since: date | None = None,
        until: date | None = None,
        query: str | None = None,
        keywords: Iterable[str] | None = None,
    ) -> Iterator[AnnotatedArticle]:
        """Annotated articles by publication day, streamed (memory does not grow with the
        store). ``topic`` a topic tag; ``since``/``until`` inclusive days; ``query`` an FTS5
        query over title and text; ``keywords``: keep articles whose title or text contains
        at least one of them, case-insensitively, as a substring (the Timeline17 rule)."""
        where, params = self._filters(topic, since, until, query)
        words = [k.casefold() for k in keywords or () if k.strip()]
        sql = f"SELECT {_ARTICLE_COLUMNS} FROM articles a {where} ORDER BY a.day, a.pk"
        cursor = self._query(sql, params)
        while True:
            rows = cursor.fetchmany(_CHUNK)
            if not rows:
                return
            if words:
                rows = [r for r in rows if _has_keyword(words, r[3], r[11])]
            yield from self._annotate_rows(rows)

    def search(self, query: str, limit: int = 10, highlight: tuple[str, str] = ("[", "]")) -> list[SearchHit]:
        """Full-text search (FTS5 query syntax: words, ``"a phrase"``, ``OR``, ``NOT``,
        ``prefix*``, ``title:word``), best first; title matches weigh twice as much.

        The hits are ranked first, then a snippet is made for each of the ``limit`` best
        (:meth:`_snippet`): FTS5's ``snippet()`` costs time quadratic in the number of
        matches in the text it is given, so it is never given a whole long article."""
        rows = self._query(
            "SELECT a.pk, a.id, bm25(articles_fts, 2.0, 1.0) AS rank, a.title, a.published, a.outlet"
            " FROM articles_fts JOIN articles a ON a.pk = articles_fts.rowid"
            " WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?",
            [query, limit],
        ).fetchall()
        return [SearchHit(id=r[1], rank=float(r[2]), snippet=self._snippet(r[0], query, highlight), title=r[3],
                          published=r[4], outlet=r[5]) for r in rows]

    def _snippet(self, pk: int, query: str, highlight: tuple[str, str]) -> str:
        """The snippet of article ``pk`` for ``query``: FTS5's ``snippet()`` over the whole
        text when it is at most :data:`_SNIPPET_WHOLE` characters; otherwise over the first
        window of :data:`_SNIPPET_WINDOW` characters (windows overlap by a quarter, cut at
        white space) that matches the query on its own, among those in the first
        :data:`_SNIPPET_SCAN` characters; without one, the start of the text. Each window is
        indexed in a temporary FTS5 table of this connection with the store's tokenizer, so
        the matching words are those of the search. Cost: linear in at most
        :data:`_SNIPPET_SCAN` characters, whatever the size of the article."""
        title, text = self._db.execute("SELECT title, text FROM articles WHERE pk = ?", (pk,)).fetchone()
        if len(text) <= _SNIPPET_WHOLE:
            row = self._query(
                "SELECT snippet(articles_fts, 1, ?, ?, '…', 16) FROM articles_fts WHERE articles_fts MATCH ? AND rowid = ?",
                [highlight[0], highlight[1], query, pk],
            ).fetchone()
            return str(row[0]) if row else ""
        db = self._db
        db.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.snippet_windows USING fts5(title, text, tokenize={_TOKENIZE})")
        step = _SNIPPET_WINDOW * 3 // 4
        starts = list(range(0, min(len(text), _SNIPPET_SCAN), step))
        try:
            for first in range(0, len(starts), _SNIPPET_ROUND):  # most first matches are in the first round
                db.executemany(
                    "INSERT INTO temp.snippet_windows(rowid, title, text) VALUES (?, ?, ?)",
                    [(i + 1, title, _window(text, starts[i])) for i in range(first, min(first + _SNIPPET_ROUND, len(starts)))],
                )
                row = self._query(
                    "SELECT rowid, snippet(snippet_windows, 1, ?, ?, '…', 16) FROM temp.snippet_windows"
                    " WHERE snippet_windows MATCH ? ORDER BY rowid LIMIT 1",
                    [highlight[0], highlight[1], query],
                ).fetchone()
                if row is not None:
                    start, snip = starts[int(row[0]) - 1], str(row[1])
                    before = "…" if start > 0 and not snip.startswith("…") else ""
                    after = "…" if start + _SNIPPET_WINDOW < len(text) and not snip.endswith("…") else ""
                    return before + snip + after
                db.execute("DELETE FROM temp.snippet_windows")
        finally:
            db.execute("DELETE FROM temp.snippet_windows")
        words = text[:400].split()[:16]
        return " ".join(words) + "…"

    def topics(self) -> list[TopicInfo]:
        """Every topic tag with its article count and first and last publication day."""
        rows = self._db.execute(
            "SELECT t.topic, count(*), min(a.day), max(a.day) FROM article_topics t"
            " JOIN articles a ON a.pk = t.article GROUP BY t.topic ORDER BY t.topic"
        ).fetchall()
        return [TopicInfo(r[0], int(r[1]), date.fromisoformat(r[2]), date.fromisoformat(r[3])) for r in rows]

    def counts(self) -> dict[str, int]:
        """Numbers of articles, sentences, timexes and topics."""
        one = self._db.execute
        return {
            "articles": int(one("SELECT count(*) FROM articles").fetchone()[0]),
            "sentences": int(one("SELECT coalesce(sum(n_sentences), 0) FROM articles").fetchone()[0]),
            "timexes": int(one("SELECT count(*) FROM timexes").fetchone()[0]),
            "topics": int(one("SELECT count(DISTINCT topic) FROM article_topics").fetchone()[0]),
        }

    def tagger_versions(self) -> dict[str | None, int]:
        """Number of articles per tagger version of their timexes (None: never tagged)."""
        return {r[0]: int(r[1]) for r in self._db.execute("SELECT tagger, count(*) FROM articles GROUP BY tagger")}

    # -- helpers --------------------------------------------------------------------------

    def _filters(
        self, topic: str | None, since: date | None, until: date | None, query: str | None
    ) -> tuple[str, list[Any]]:
        clauses, params = [], []
        if topic:
            clauses.append("a.pk IN (SELECT article FROM article_topics WHERE topic = ?)")
            params.append(normalise_topic(topic))
        if since is not None:
            clauses.append("a.day >= ?")
            params.append(since.isoformat())
        if until is not None:
            clauses.append("a.day <= ?")
            params.append(until.isoformat())
        if query:
            clauses.append("a.pk IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
            params.append(query)
        return ("WHERE " + " AND ".join(clauses) if clauses else ""), params

    def _query(self, sql: str, params: Sequence[Any]) -> sqlite3.Cursor:
        """``execute(sql, params)``; a full-text query FTS5 refuses, or a parameter that is
        not text (a lone surrogate), is a :class:`QueryError` saying so."""
        try:
            return self._db.execute(sql, params)
        except UnicodeEncodeError as exc:
            raise QueryError(f"the query or filter holds a character that is not text ({exc.object[exc.start]!r}, "
                             "a lone surrogate: an argument or file name that is not UTF-8?)") from None
        except sqlite3.OperationalError as exc:
            # A full-text query is the only part of a statement that comes from outside; SQLite
            # reports what it refuses in it (syntax, an unknown column, a bare "*") as a plain
            # SQLITE_ERROR, while a busy, locked, read-only, full or damaged database has a
            # code of its own and stays an OperationalError.
            if "MATCH" in sql and (getattr(exc, "sqlite_errorcode", 1) & 0xFF) == sqlite3.SQLITE_ERROR:
                raise QueryError(
                    f"cannot parse the search query ({exc}); put words with punctuation "
                    'in double quotes, e.g. "U.S." or "p.m."'
                ) from None
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
        marks = ",".join("?" * len(pks))
        timexes: dict[int, dict[int, list[Timex]]] = {pk: {} for pk in pks}
        for pk, sent, start, end, text, kind, value, gran, anchor, mod in self._db.execute(
            f"SELECT {_TIMEX_COLUMNS} FROM timexes WHERE article IN ({marks}) ORDER BY article, sentence, char_start",
            pks,
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


