"""dateline.store on both backends (SQLite and PostgreSQL): writing annotated records,
idempotence, reading back, search, re-tag reads and writes; SQLite's migrations, WAL mode
and a SIGKILL in the middle of an ingest."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from _shared import REPO, need_sample
from dateline.annotate import Tagger, annotate, annotate_record
from dateline.errors import DatelineError
from dateline.model import (
    AnnotatedArticle,
    Article,
    ArticleRecord,
    Granularity,
    Sentence,
    Timex,
    TimexType,
)
from dateline.readers import dateline_text
from dateline.store import QueryError, SqliteStore, Store, WriteResult, open_store
from dateline.store.ranges import value_range
from dateline.store.schema import FTS_HASHSIZE, MIGRATIONS, SCHEMA_VERSION, migrate
from dateline.text import split_sentences


def _sample() -> list[Article]:
    return [dateline_text.read(p) for p in sorted((need_sample() / "articles").glob("*.txt"))]


def _records(articles: list[Article], tagger: Tagger | None = None) -> list[ArticleRecord]:
    return [annotate_record(a, tagger) for a in articles]


def _write(store: Store, articles: list[Article], batch_size: int = 500) -> WriteResult:
    """Write ``articles`` (not tagged) in batches, as the ingest pipeline does."""
    total = WriteResult()
    for i in range(0, len(articles), batch_size):
        done = store.write(_records(articles[i : i + batch_size]))
        total.added += done.added
        total.present += done.present
    return total


def _synthetic(n: int, topic: str = "synth") -> Iterator[Article]:
    for i in range(n):
        yield Article.create(
            published=date(2020, 1, 1 + i % 28),
            title=f"Article {i}",
            text=f"Body of article {i} about bridges. It has two sentences.",
            topics=(topic,),
            outlet=f"outlet{i % 3}",
        )


@pytest.fixture
def store(location: str) -> Iterator[Store]:
    with open_store(location) as s:
        yield s


def _rows(store: Store, sql: str) -> list[tuple[object, ...]]:
    """Rows of an SQL query on the store's own database (either backend)."""
    if isinstance(store, SqliteStore):
        return [tuple(r) for r in sqlite3.connect(store.path).execute(sql).fetchall()]
    from dateline.store.postgres import PostgresStore

    assert isinstance(store, PostgresStore)
    return [tuple(r) for r in store.db.execute(sql.encode()).fetchall()]


def test_open_store_is_the_sqlite_backend(tmp_path: Path) -> None:
    with open_store(tmp_path / "o.db") as s:
        assert isinstance(s, SqliteStore) and isinstance(s, Store)
    with pytest.raises(TypeError):
        Store()  # type: ignore[abstract]  # the interface itself cannot be opened


def test_write_is_idempotent_and_round_trips(store: Store) -> None:
    arts = _sample()
    v0 = store.content_version()
    report = _write(store, arts, batch_size=7)
    assert report.added == [a.id for a in arts] and not report.present
    v1 = store.content_version()
    assert v1 != v0
    again = _write(store, arts)
    assert not again.added and again.present == [a.id for a in arts]
    assert store.content_version() == v1
    counts = store.counts()
    assert counts["articles"] == len(arts)
    assert counts["sentences"] == sum(len(split_sentences(a.id, a.text)) for a in arts)
    for art in arts:
        assert store.article(art.id) == art
        stored = store.annotated(art.id)
        assert stored is not None and stored.sentences == split_sentences(art.id, art.text)
        assert stored.timexes == () and stored.tagger is None
    assert store.article("0000000000000000") is None and store.annotated("nope") is None


def test_duplicates_in_one_batch_and_new_topics_on_present_articles(store: Store) -> None:
    a = next(_synthetic(1, "libya"))
    b = Article(**{**{f: getattr(a, f) for f in a.__dataclass_fields__}, "topics": ("syria",)})
    report = store.write(_records([a, a]))
    assert report.added == [a.id] and report.present == [a.id]
    v = store.content_version()
    report = store.write([], present=[b])
    assert report.present == [a.id] and not report.added
    stored = store.article(a.id)
    assert stored is not None and stored.topics == ("libya", "syria")
    assert store.content_version() != v
    assert [(t.topic, t.count) for t in store.topics()] == [("libya", 1), ("syria", 1)]


def test_articles_filters_and_order(store: Store) -> None:
    arts = _sample()
    _write(store, arts)
    listed = store.articles()
    assert [a.day for a in listed] == sorted(a.day for a in arts)
    bridge = store.articles(topic="FENWICK  BRIDGE")
    assert bridge and all(a.topics == ("fenwick bridge",) for a in bridge)
    assert store.count(topic="fenwick bridge") == len(bridge) == sum(a.topics == ("fenwick bridge",) for a in arts)
    window = store.articles(since=date(2024, 3, 1), until=date(2024, 3, 31))
    assert window and all(date(2024, 3, 1) <= a.day <= date(2024, 3, 31) for a in window)
    assert len(window) == sum(a.day.month == 3 for a in arts)
    page = store.articles(limit=5, offset=5)
    assert [a.id for a in page] == [a.id for a in listed[5:10]]
    topics = {t.topic: t for t in store.topics()}
    assert topics["water rates"].count == sum(a.topics == ("water rates",) for a in arts)
    assert topics["fenwick bridge"].first == min(a.day for a in bridge)


def test_documents_filters(store: Store) -> None:
    arts = _sample()
    _write(store, arts)
    everything = list(store.documents())
    assert len(everything) == len(arts)
    assert [d.article.day for d in everything] == sorted(a.day for a in arts)
    water = list(store.documents(topic="water rates", since=date(2024, 7, 20)))
    assert water and all(d.article.topics == ("water rates",) and d.article.day >= date(2024, 7, 20) for d in water)
    lead = list(store.documents(query="lead"))
    expected = {a.id for a in arts if any(w.lower().strip(".,;:'\"") in ("lead", "leads", "leading") for w in (a.title + " " + a.text).split())}
    assert {d.article.id for d in lead} >= expected and lead
    shuttle = list(store.documents(keywords=["SHUTTLE", "zzzz"]))
    assert {d.article.id for d in shuttle} == {a.id for a in arts if "shuttle" in (a.title + "\n" + a.text).lower()}
    assert list(store.documents(keywords=["zzzz"])) == []


def test_search_ranks_and_snippets(store: Store) -> None:
    _write(store, _sample())
    hits = store.search("lawsuit", limit=5)
    assert 0 < len(hits) <= 5
    assert [h.rank for h in hits] == sorted(h.rank for h in hits)
    assert all("[" in h.snippet and "]" in h.snippet for h in hits)
    assert store.search('"Fenwick Street Bridge" AND crack', limit=50)
    assert store.search("zzzqqq") == []
    for bad in ('"unterminated', "U.S.", "a AND", "nosuchcolumn:word"):
        with pytest.raises(QueryError, match="cannot parse the search query"):
            store.search(bad)


def test_resolve_prefix(store: Store) -> None:
    arts = list(_synthetic(40))
    _write(store, arts)
    full = arts[0].id
    assert store.resolve(full) == full and store.resolve(full[:8].upper()) == full
    with pytest.raises(DatelineError, match="no article"):
        store.resolve("ffffffffffffffff0")
    with pytest.raises(DatelineError, match="at least 4"):
        store.resolve("ab")
    prefixes = [a.id[:1] for a in arts]
    common = max(set(prefixes), key=prefixes.count)
    if prefixes.count(common) > 1:
        with pytest.raises(DatelineError):
            store.resolve(common)


def test_timexes_are_stored_with_day_ranges_and_tagger_version(store: Store) -> None:
    art = Article.create(published=date(2024, 1, 26), title="T", text="It closed Wednesday. It reopens next month. For two weeks.")
    found = [
        Timex(10, 19, "Wednesday", TimexType.DATE, "2024-01-24", Granularity.DAY, date(2024, 1, 26)),
        Timex(32, 42, "next month", TimexType.DATE, "2024-02", Granularity.MONTH, date(2024, 1, 26)),
        Timex(48, 57, "two weeks", TimexType.DURATION, "P2W", Granularity.NONE, date(2024, 1, 26)),
    ]
    tagger = Tagger(tag=lambda text, anchor: found, version="t-1")
    store.write(_records([art], tagger))
    ann = store.annotated(art.id)
    assert ann is not None and ann.tagger == "t-1"
    assert [[t for t in ts] for ts in ann.timexes] == [[found[0]], [found[1]], [found[2]]]
    rows = _rows(store, "SELECT value, first_day, last_day FROM timexes ORDER BY char_start")
    assert rows == [("2024-01-24", "2024-01-24", "2024-01-24"), ("2024-02", "2024-02-01", "2024-02-29"), ("P2W", None, None)]


def test_stale_and_replace_timexes(store: Store) -> None:
    arts = list(_synthetic(25))
    _write(store, arts)
    assert store.tagger_versions() == {None: 25}
    batches = list(store.stale("t-2", batch_size=10))
    assert [len(b) for b in batches] == [10, 10, 5]
    first = batches[0][0]
    assert first.article == arts[0] and list(first.spans) == [(0, 32), (33, 54)] and first.timexes == ()

    def tagged(record: ArticleRecord, version: str) -> ArticleRecord:
        i = record.article.text.index("bridges")
        tx = Timex(i, i + 7, "bridges", TimexType.DATE, "2020-01", Granularity.MONTH, None)
        return ArticleRecord(record.article, record.spans, ((tx,), ()), version)

    v = store.content_version()
    store.replace_timexes([tagged(r, "t-2") for r in batches[0]])
    assert store.content_version() != v
    assert store.tagger_versions() == {"t-2": 10, None: 15} and store.counts()["timexes"] == 10
    assert sum(map(len, store.stale("t-2", batch_size=100))) == 15
    assert sum(map(len, store.stale("t-2", batch_size=7, force=True))) == 25
    store.replace_timexes([tagged(r, "t-2") for r in batches[0]])  # again: replaced, not added
    assert store.counts()["timexes"] == 10
    ann = store.annotated(arts[0].id)
    assert ann is not None and ann.tagger == "t-2"
    assert ann.timexes[0][0].anchor == arts[0].day  # anchor defaults to the article day
    assert ann.sentences == split_sentences(arts[0].id, arts[0].text)  # sentences are kept


def test_article_stored_by_another_process_meanwhile(location: str) -> None:
    # between forming a batch and writing it, another writer stores one of its articles:
    # it counts as present, and the rest of the batch is written
    arts = list(_synthetic(5))
    with open_store(location) as first:
        records = _records(arts)
        with open_store(location) as other:
            assert other.write([records[2]]).added == [arts[2].id]
        report = first.write(records)
        assert report.added == [a.id for a in arts if a.id != arts[2].id]
        assert report.present == [arts[2].id]
        assert first.counts()["articles"] == 5 and first.counts()["sentences"] == 10
    if not location.startswith("postgresql:"):
        _consistent_small(Path(location))


def _consistent_small(path: Path) -> None:
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
    assert db.execute("SELECT count(*) FROM articles_fts").fetchone()[0] == db.execute(
        "SELECT count(*) FROM articles").fetchone()[0]
    db.close()


def test_value_range() -> None:
    d = date
    assert value_range("2018-01-24") == (d(2018, 1, 24), d(2018, 1, 24))
    assert value_range("2018-01-24T15:00") == (d(2018, 1, 24), d(2018, 1, 24))
    assert value_range("2018-01-24TMO") == (d(2018, 1, 24), d(2018, 1, 24))
    assert value_range("2024-02") == (d(2024, 2, 1), d(2024, 2, 29))
    assert value_range("2018-W04") == (d(2018, 1, 22), d(2018, 1, 28))
    assert value_range("2018-W04-WE") == (d(2018, 1, 27), d(2018, 1, 28))
    assert value_range("2017-Q3") == (d(2017, 7, 1), d(2017, 9, 30))
    assert value_range("2017-H2") == (d(2017, 7, 1), d(2017, 12, 31))
    assert value_range("2017-SU") == (d(2017, 6, 1), d(2017, 8, 31))
    assert value_range("2017-WI") == (d(2017, 12, 1), d(2018, 2, 28))
    assert value_range("2017") == (d(2017, 1, 1), d(2017, 12, 31))
    assert value_range("199") == (d(1990, 1, 1), d(1999, 12, 31))
    assert value_range("19") == (d(1900, 1, 1), d(1999, 12, 31))
    for none in ("P2M", "PRESENT_REF", "XXXX-XX-24", "2018-02-30", "2018-W54", "0000", "", "2018-13"):
        assert value_range(none) is None, none


def test_migrations_upgrade_an_old_database(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, target=1) == [1]
    conn.execute(
        "INSERT INTO articles(id, published, day, title, text, n_sentences, added)"
        " VALUES ('abcdabcdabcdabcd', '2020-01-02', '2020-01-02', 'Old', 'Old body.', 1, 'then')"
    )
    conn.execute("INSERT INTO sentences VALUES (1, 0, 0, 9)")
    conn.execute("INSERT INTO articles_fts(rowid, title, text) VALUES (1, 'Old', 'Old body.')")
    conn.execute("INSERT INTO article_topics VALUES ('old', 1)")
    conn.close()
    with SqliteStore(path) as s:
        assert s.schema_version == SCHEMA_VERSION == len(MIGRATIONS)
        ann = s.annotated("abcdabcdabcdabcd")
        assert ann is not None and ann.article.title == "Old" and ann.tagger is None
        assert ann.sentences == (Sentence("abcdabcdabcdabcd", 0, 0, 9, "Old body."),)
        assert [h.id for h in s.search("body")] == ["abcdabcdabcdabcd"]
        applied = sqlite3.connect(path).execute("SELECT version FROM schema_migrations ORDER BY version").fetchall()
        assert applied == [(v,) for v in range(1, SCHEMA_VERSION + 1)]
    with SqliteStore(path) as s:  # opening again applies nothing
        assert s.schema_version == SCHEMA_VERSION


def _v2_store(path: Path, articles: list[AnnotatedArticle]) -> None:
    """A database as schema version 2 wrote it: one row per sentence."""
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, target=2) == [1, 2]
    for pk, ann in enumerate(articles, 1):
        a = ann.article
        conn.execute(
            "INSERT INTO articles(pk, id, published, day, title, caption, place, outlet, attribution, url, origin,"
            " language, text, n_sentences, added, tagger) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,'then',?)",
            (pk, a.id, a.published.isoformat(), a.day.isoformat(), a.title, a.caption, a.place, a.outlet,
             a.attribution, a.url, a.origin, a.language, a.text, len(ann.sentences), ann.tagger),
        )
        conn.execute("INSERT INTO articles_fts(rowid, title, text) VALUES (?, ?, ?)", (pk, a.title, a.text))
        conn.executemany("INSERT INTO article_topics VALUES (?, ?)", [(t, pk) for t in a.topics])
        # stored out of order on purpose: the migration must order by index
        conn.executemany(
            "INSERT INTO sentences VALUES (?, ?, ?, ?)", [(pk, s.index, s.start, s.end) for s in reversed(ann.sentences)]
        )
        for i, txs in enumerate(ann.timexes):
            for t in txs:
                assert t.anchor is not None
                conn.execute(
                    "INSERT INTO timexes(article, sentence, char_start, char_end, text, type, value, granularity,"
                    " anchor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (pk, i, t.start, t.end, t.text, str(t.type), t.value, str(t.granularity), t.anchor.isoformat()),
                )
    conn.close()


def test_migration_3_moves_sentences_into_the_article_row(tmp_path: Path) -> None:
    tagger = Tagger(
        tag=lambda text, anchor: [Timex(text.index("Monday"), text.index("Monday") + 6, "Monday", TimexType.DATE,
                                        "2024-03-04", Granularity.DAY, date(2024, 3, 6))] if "Monday" in text else [],
        version="t-9",
    )
    arts = [annotate(a, tagger) for a in _sample()]
    arts.append(annotate(Article.create(published=date(2024, 1, 1), title="No body", text="   "), None))
    path = tmp_path / "v2.db"
    _v2_store(path, arts)
    with SqliteStore(path) as s:
        assert s.schema_version == SCHEMA_VERSION >= 3
        for ann in arts:
            assert s.annotated(ann.article.id) == ann
        assert s.counts()["sentences"] == sum(len(a.sentences) for a in arts)
        assert s.search("lawsuit")
    db = sqlite3.connect(path)
    # the view keeps SQL that read the old table working
    assert db.execute("SELECT count(*) FROM sentences").fetchone()[0] == sum(len(a.sentences) for a in arts)
    first = arts[0]
    rows = db.execute(
        "SELECT s.idx, s.char_start, s.char_end FROM sentences s JOIN articles a ON a.pk = s.article"
        " WHERE a.id = ? ORDER BY s.idx", (first.article.id,)
    ).fetchall()
    assert rows == [(x.index, x.start, x.end) for x in first.sentences]
    assert db.execute("SELECT v FROM articles_fts_config WHERE k = 'hashsize'").fetchone() == (FTS_HASHSIZE,)
    db.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_newer_and_broken_databases_are_refused(tmp_path: Path) -> None:
    newer = tmp_path / "newer.db"
    with SqliteStore(newer):
        pass
    sqlite3.connect(newer).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(DatelineError, match="newer than this dateline"):
        SqliteStore(newer)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(DatelineError, match="cannot open the database"):
        SqliteStore(junk)
    with pytest.raises(DatelineError, match="cannot open the database"):
        SqliteStore(tmp_path / "no" / "such" / "dir" / "x.db")


def test_wal_mode(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "wal.db")
    assert sqlite3.connect(store.path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


KILL_SCRIPT = textwrap.dedent(
    """
    import sys, time
    from datetime import date
    from dateline.annotate import Tagger, ingest
    from dateline.model import Article
    from dateline.store import open_store

    def slow(text, anchor):
        time.sleep(0.002)
        return []

    arts = (Article.create(published=date(2020, 1, 1 + i % 28), title=f"A{i}",
                           text=f"Body {i}. Second sentence {i}.", topics=("kill",))
            for i in range(int(sys.argv[2])))
    result = ingest(open_store(sys.argv[1]), arts, tagger=Tagger(slow, "slow"), batch_size=25)
    print(result.added, result.present)
    """
)


def _consistent(path: Path) -> int:
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
    bad = db.execute(
        "SELECT count(*) FROM articles a WHERE a.n_sentences != (SELECT count(*) FROM sentences s WHERE s.article = a.pk)"
        " OR NOT EXISTS (SELECT 1 FROM article_topics t WHERE t.article = a.pk)"
    ).fetchone()[0]
    assert bad == 0
    n = int(db.execute("SELECT count(*) FROM articles").fetchone()[0])
    assert n % 25 == 0 or n == 2000  # whole batches only
    db.close()
    return n


def test_sigkill_mid_ingest_then_rerun_completes(tmp_path: Path) -> None:
    path = tmp_path / "kill.db"
    total = 2000
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    proc = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, str(path), str(total)], env=env, stdout=subprocess.PIPE)
    seen = 0
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if path.exists():
            try:
                seen = sqlite3.connect(path, timeout=1).execute("SELECT count(*) FROM articles").fetchone()[0]
            except sqlite3.OperationalError:
                seen = 0
            if seen >= 200:
                break
        time.sleep(0.02)
    assert proc.poll() is None, "the ingest finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    survived = _consistent(path)
    assert 200 <= survived < total
    rerun = subprocess.run([sys.executable, "-c", KILL_SCRIPT, str(path), str(total)], env=env, capture_output=True, text=True, check=True)
    added, present = map(int, rerun.stdout.split())
    assert (added, present) == (total - survived, survived)
    assert _consistent(path) == total
