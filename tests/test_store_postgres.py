"""The PostgreSQL store where it differs from SQLite or where a server makes a difference:
URLs (bad, unreachable, wrong password, a newer schema: one clear line, nothing written, no
password shown), the same results as SQLite on real data (Timeline17 folders: ids,
sentences, time expressions, stories, `dateline timeline`), `dateline db copy` both ways,
concurrent ingests of overlapping inputs while a web server reads, and a server restarted
in the middle of an ingest.

The interface itself runs on both backends in the store, CLI and web tests (the
``location`` fixture of conftest.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from bench.pgserver import PgServer
from click.testing import CliRunner

from _shared import REPO, need_sample, need_timeline17
from _web import serve
from dateline.annotate import ingest
from dateline.cli import main
from dateline.errors import DatelineError
from dateline.model import Article
from dateline.readers import scan
from dateline.store import SqliteStore, Store, open_store
from dateline.store.base import FetchState, SavedTimeline
from dateline.store.location import describe, public_url
from dateline.store.pg_schema import SCHEMA_VERSION
from dateline.store.postgres import PostgresStore

T17_FOLDERS = ("bpoil_bbc", "haiti_bbc")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def _articles_in(url: str) -> int:
    import psycopg

    with psycopg.connect(url) as conn:
        if conn.execute("SELECT to_regclass('articles')").fetchone() == (None,):
            return 0
        row = conn.execute("SELECT count(*) FROM articles").fetchone()
    return int(row[0]) if row else 0


def snapshot(store: Store) -> dict[str, Any]:
    """Everything the interface gives back about the stored articles."""
    docs = list(store.documents())
    ids = [d.article.id for d in docs]
    return {
        "documents": [(d.article, d.sentences, d.timexes, d.tagger, d.story) for d in docs],
        "order": [a.id for a in store.articles()],
        "topics": store.topics(),
        "counts": store.counts(),
        "stories": store.stories(ids),
        "taggers": store.tagger_versions(),
        "days": store.day_counts(keywords=["oil", "spill"]),
    }


# -- URLs and bad input ----------------------------------------------------------------------


def test_open_store_dispatches_on_the_url(pg_url: str, tmp_path: Path) -> None:
    with open_store(pg_url) as s:
        assert isinstance(s, PostgresStore) and isinstance(s, Store)
        assert s.schema_version == SCHEMA_VERSION
    with open_store(str(tmp_path / "x.db")) as f:
        assert isinstance(f, SqliteStore)
    assert public_url("postgresql://ann:s3cret@db.example:5433/news?sslmode=require") == (
        "postgresql://ann:***@db.example:5433/news?sslmode=require")
    assert public_url("postgresql://ann@db/news?password=s3cret") == "postgresql://ann@db/news?password=***"
    assert describe("some/file.db") == "some/file.db"


def test_two_stores_open_at_once_migrate_once(pg_url: str) -> None:
    with open_store(pg_url) as a, open_store(pg_url) as b:
        assert a.content_version() == b.content_version()
    import psycopg

    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT version FROM schema_migrations").fetchall() == [(1,), (2,)]


def _one_error_line(code: int, out: str, err: str, secret: str | None = None) -> str:
    assert code == 1, (code, out, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert "Traceback" not in err + out
    if secret:
        assert secret not in err + out
    return lines[0]


def test_bad_urls_are_one_clear_line_and_never_show_the_password(pg_server: PgServer, tmp_path: Path) -> None:
    folder = str(need_sample() / "articles")
    port = pg_server.port
    dead = f"postgresql://dateline:hunter22@127.0.0.1:{_closed_port()}/news"
    line = _one_error_line(*run("ingest", folder, "--db", dead), secret="hunter22")
    assert "cannot connect to the database postgresql://dateline:***@127.0.0.1:" in line and "refused" in line
    wrong = f"postgresql://dateline:wrong-pass-77@127.0.0.1:{port}/postgres"
    line = _one_error_line(*run("articles", "--db", wrong), secret="wrong-pass-77")
    assert "password authentication failed" in line
    line = _one_error_line(*run("ingest", folder, "--db", pg_server.url("nosuchdb")), secret="dateline-test-secret")
    assert "no database at postgresql://dateline:***@" in line and "create it first" in line
    for bad in ("postgresql://dateline:pw5511@127.0.0.1:notaport/x", "postgresql://[::1/x"):
        line = _one_error_line(*run("articles", "--db", bad), secret="pw5511")
        assert "URL" in line or "cannot connect" in line, line
    for command in (["search", "x"], ["timeline", "--topic", "x"], ["serve", "--read-only"], ["timelines"]):
        _one_error_line(*run(*command, "--db", wrong), secret="wrong-pass-77")


def _closed_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # closed again when the socket is: nothing listens


def test_a_newer_schema_is_refused_and_nothing_is_written(pg_url: str) -> None:
    import psycopg

    with open_store(pg_url):
        pass
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("INSERT INTO schema_migrations VALUES (%s, 'from the future', 'later')", (SCHEMA_VERSION + 1,))
    # a new process: nothing cached of the first opening
    proc = subprocess.run([sys.executable, "-m", "dateline.cli", "ingest", str(need_sample() / "articles"),
                           "--db", pg_url], capture_output=True, text=True, cwd=REPO)
    line = _one_error_line(proc.returncode, proc.stdout, proc.stderr, secret="dateline-test-secret")
    assert f"has schema version {SCHEMA_VERSION + 1}, newer than this dateline knows ({SCHEMA_VERSION})" in line
    assert _articles_in(pg_url) == 0


def test_a_database_that_is_not_reachable_from_the_library_is_a_dateline_error() -> None:
    with pytest.raises(DatelineError, match="cannot connect to the database"):
        open_store(f"postgresql://nobody:pw@127.0.0.1:{_closed_port()}/x")


# -- the same results as SQLite --------------------------------------------------------------


def test_timeline17_folders_give_the_same_results_in_both_backends(pg_url: str, tmp_path: Path) -> None:
    t17 = need_timeline17()
    lite = str(tmp_path / "t17.db")
    for db in (lite, pg_url):
        code, out, err = run("ingest", *(str(t17 / f) for f in T17_FOLDERS), "--db", db, "--json")
        assert code == 0, err
    with open_store(lite) as a, open_store(pg_url) as b:
        left, right = snapshot(a), snapshot(b)
        assert left["counts"]["articles"] > 200 and left["counts"]["timexes"] > 1000
        for key in left:
            assert left[key] == right[key], key
        for query in ("oil", "spill AND well", '"gulf of mexico"', "bp NOT obama", "text:oil", "leak*"):
            assert [x.article.id for x in a.documents(query=query)] == [x.article.id for x in b.documents(query=query)], query
            assert a.count(query=query) == b.count(query=query) > 0, query
            assert {h.id for h in a.search(query, limit=1000)} == {h.id for h in b.search(query, limit=1000)}, query
    for args in (["--topic", "bpoil"], ["--topic", "bpoil", "--keywords", "oil,spill", "--dates", "5"],
                 ["--query", "oil spill", "--from", "2010-05-01", "--to", "2010-08-31", "-f", "json"]):
        outs = [run("timeline", *args, "--db", db) for db in (lite, pg_url)]
        assert outs[0][0] == 0 and outs[0][1].strip(), outs[0]
        assert outs[0][:2] == outs[1][:2], args


# -- dateline db copy --------------------------------------------------------------------------


def test_db_copy_round_trip_sqlite_postgres_sqlite(pg_url: str, tmp_path: Path) -> None:
    from dateline.tls import saved

    src = str(tmp_path / "src.db")
    with open_store(src) as store:
        result = ingest(store, [a for a in scan([need_sample() / "articles"]) if isinstance(a, Article)])
        assert result.added == 60 and result.joined == 1
        store.save_fetch_states([FetchState("https://example.org/feed", etag='"abc"', status=200),
                                 FetchState("file:///tmp/x.txt", item_version="123 456")])
        saved.save(store, "bridge", saved.make_request(topic="fenwick bridge"))
    code, out, err = run("db", "copy", src, pg_url)
    assert code == 0, err
    assert out.startswith("60 articles copied (0 already there), ") and "1 saved timelines" in out
    assert "dateline-test-secret" not in out + err and "copying 60 articles" in err
    back = str(tmp_path / "back.db")
    code, out, err = run("db", "copy", pg_url, back)
    assert code == 0, err
    with open_store(src) as a, open_store(pg_url) as b, open_store(back) as c:
        first = snapshot(a)
        assert first == snapshot(b) == snapshot(c)
        assert a.all_fetch_states() == b.all_fetch_states() == c.all_fetch_states()
        assert len(a.all_fetch_states()) == 2
        kept: list[SavedTimeline | None] = [s.saved_timeline("bridge") for s in (a, b, c)]
        assert kept[0] is not None and kept[0] == kept[1] == kept[2]
        stories = first["stories"]
        assert any(len(i.members) == 2 for i in stories.values())
        # the band keys came along: a near-duplicate ingested later joins the copied story
        wire = next(i for i in stories.values() if len(i.members) == 2)
        assert {sig.article_id for _, sig in c.story_candidates(_bands_of(a, wire.members[0]))} >= {wire.members[0]}
    again = run("db", "copy", src, pg_url)
    assert again[0] == 0 and again[1].startswith("0 articles copied (60 already there)")
    _one_error_line(*run("db", "copy", src, src))
    _one_error_line(*run("db", "copy", str(tmp_path / "none.db"), pg_url))
    assert not (tmp_path / "none.db").exists()


def _bands_of(store: Store, article_id: str) -> list[int]:
    for batch in store.export(1000):
        for r in batch:
            if r.article.id == article_id:
                return list(r.bands)
    raise AssertionError(article_id)


# -- concurrency and faults ------------------------------------------------------------------


def _jsonl(path: Path, articles: list[Article]) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for a in articles:
            f.write(json.dumps({"published": a.published.isoformat(), "title": a.title, "text": a.text,
                                "topics": list(a.topics), "outlet": a.outlet}) + "\n")
    return path


def _synthetic(n: int, start: int = 0) -> list[Article]:
    return [Article.create(published=date(2021, 1 + i % 12, 1 + i % 28), title=f"Report {i}",
                           text=f"Report {i}: the council met on Monday, March 3, and voted on budget item {i}. "
                                f"A second vote follows next week. Officials said {i * 7} residents attended.",
                           topics=("council",), outlet=f"outlet{i % 4}")
            for i in range(start, start + n)]


def test_two_concurrent_ingests_of_overlapping_inputs_store_each_article_once(
        pg_url: str, tmp_path: Path) -> None:
    """Two `dateline ingest` processes over overlapping inputs and a web server reading all the
    while: both finish without an error, every article is stored once with its timexes once,
    and the result equals one ingest of the union into SQLite."""
    left = _jsonl(tmp_path / "left.jsonl", _synthetic(600, 0))
    right = _jsonl(tmp_path / "right.jsonl", _synthetic(600, 300))  # 300 in common
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with serve(pg_url, "--read-only") as (base, _):
        import httpx

        procs = [subprocess.Popen([sys.executable, "-m", "dateline.cli", "ingest", str(f), "--db", pg_url,
                                   "--batch-size", "20", "--json"], cwd=REPO, env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for f in (left, right)]
        statuses = []
        while any(p.poll() is None for p in procs):
            for url in ("/api/topics", "/api/search?q=council", "/api/articles?limit=5"):
                statuses.append(httpx.get(base + url, timeout=30).status_code)
        outs = [p.communicate() for p in procs]
    assert all(p.returncode == 0 for p in procs), [e for _, e in outs]
    assert set(statuses) == {200} and len(statuses) >= 3
    reports = [json.loads(o) for o, _ in outs]
    assert sum(r["added"] for r in reports) == 900 and sum(r["present"] for r in reports) == 300
    assert not any(r["rejected"] for r in reports)
    lite = str(tmp_path / "union.db")
    code, _, err = run("ingest", str(left), str(right), "--db", lite)
    assert code == 0, err
    with open_store(pg_url) as pg, open_store(lite) as sq:
        assert pg.counts() == sq.counts() and pg.counts()["articles"] == 900
        mine = {d.article.id: (d.sentences, d.timexes) for d in pg.documents()}
        theirs = {d.article.id: (d.sentences, d.timexes) for d in sq.documents()}
        assert mine == theirs


RESTART_WAIT = 120.0


def test_a_server_restart_mid_ingest_is_a_clear_error_and_a_rerun_completes(
        pg_server: PgServer, pg_url: str, tmp_path: Path) -> None:
    total = 1500
    data = _jsonl(tmp_path / "many.jsonl", _synthetic(total))
    cmd = [sys.executable, "-m", "dateline.cli", "ingest", str(data), "--db", pg_url, "--batch-size", "10"]
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + RESTART_WAIT
    seen = 0
    while time.monotonic() < deadline and proc.poll() is None and seen < 100:
        time.sleep(0.05)
        seen = _articles_in(pg_url)
    assert proc.poll() is None, "the ingest finished before the server could be restarted"
    pg_server.restart()
    out, err = proc.communicate(timeout=RESTART_WAIT)
    line = _one_error_line(proc.returncode, out, err, secret="dateline-test-secret")
    assert "the database postgresql://dateline:***@127.0.0.1:" in line, line
    survived = _articles_in(pg_url)
    assert 100 <= survived < total and survived % 10 == 0  # whole batches only
    rerun = subprocess.run([*cmd, "--json"], cwd=REPO, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    report = json.loads(rerun.stdout)
    assert (report["added"], report["present"]) == (total - survived, survived)
    with open_store(pg_url) as store:
        assert store.counts()["articles"] == total
        assert all(len(d.sentences) == 3 and d.tagger for d in store.documents())


def test_a_lost_connection_is_a_dateline_error_and_the_next_store_reconnects(
        pg_server: PgServer) -> None:
    url = pg_server.create_database("lost_connection")
    try:
        with open_store(url) as store:
            store.write([])
            assert store.count() == 0
            import psycopg

            with psycopg.connect(pg_server.url(), autocommit=True) as admin:
                admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                              " WHERE datname = 'lost_connection' AND pid <> pg_backend_pid()")
            with pytest.raises(DatelineError, match="the database postgresql://dateline:\\*\\*\\*@"):
                store.count()
        with open_store(url) as again:
            assert again.count() == 0
    finally:
        pg_server.drop_database("lost_connection")


def test_sigkill_mid_ingest_leaves_whole_batches_and_a_rerun_completes(pg_url: str, tmp_path: Path) -> None:
    import signal

    total = 1500
    data = _jsonl(tmp_path / "many.jsonl", _synthetic(total))
    cmd = [sys.executable, "-m", "dateline.cli", "ingest", str(data), "--db", pg_url, "--batch-size", "10", "--json"]
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + RESTART_WAIT
    seen = 0
    while time.monotonic() < deadline and proc.poll() is None and seen < 100:
        time.sleep(0.05)
        seen = _articles_in(pg_url)
    assert proc.poll() is None, "the ingest finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate()
    survived = _articles_in(pg_url)
    assert 100 <= survived < total and survived % 10 == 0
    import psycopg

    with psycopg.connect(pg_url) as conn:  # every stored article complete: its topic tag and timexes are there
        untagged = conn.execute("SELECT count(*) FROM articles a WHERE NOT EXISTS"
                                " (SELECT 1 FROM article_topics t WHERE t.article = a.pk)"
                                " OR NOT EXISTS (SELECT 1 FROM timexes x WHERE x.article = a.pk)").fetchone()
    assert untagged == (0,)
    rerun = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    report = json.loads(rerun.stdout)
    assert (report["added"], report["present"]) == (total - survived, survived)


def test_serve_names_the_url_without_its_password(pg_url: str) -> None:
    with serve(pg_url, "--read-only") as (_, proc):
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    assert "serving postgresql://dateline:***@127.0.0.1:" in err and "dateline-test-secret" not in err
