"""``dateline watch``: polls against a local HTTP server on 127.0.0.1 (a feed that gains an
item between two polls), folders, the saved-timeline refresh after a poll that added
articles, a clean stop on SIGINT after the current item, and nothing committed lost on
``kill -9``. Nothing here touches the internet."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("httpx")
pytest.importorskip("trafilatura")

from click.testing import CliRunner  # noqa: E402

from _http import Reply, Server, serve  # noqa: E402
from _pages import article_page  # noqa: E402
from dateline.cli import main  # noqa: E402
from dateline.fetch import Fetcher, FetchPolicy  # noqa: E402
from dateline.fetch.sources import WebReader  # noqa: E402
from dateline.fetch.watch import file_key, poll  # noqa: E402
from dateline.store import open_store  # noqa: E402

DATELINE = Path(sys.executable).parent / "dateline"
RSS = {"Content-Type": "application/rss+xml"}
HTML = {"Content-Type": "text/html; charset=utf-8"}


@pytest.fixture
def server() -> Iterator[Server]:
    yield from serve()


def rss(server: Server, *slugs: str) -> bytes:
    """An RSS 2.0 feed whose items (summaries only) link to /news/<slug>."""
    items = "".join(
        f"<item><title>Story {s}</title><link>{server.url}/news/{s}</link><guid>{server.url}/news/{s}</guid>"
        f"<description>Summary of {s}.</description><pubDate>Tue, 19 Nov 2019 0{i}:00:00 GMT</pubDate></item>"
        for i, s in enumerate(slugs)
    )
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Herald</title>'
            f"<link>{server.url}</link><language>en</language>{items}</channel></rss>").encode()


def page(slug: str, delay: float = 0.0) -> Reply:
    return Reply(body=article_page(f"Story {slug} about the port").encode(), headers=HTML, etag=f'"{slug}"',
                 delay=delay)


def test_two_polls_a_new_item_appears(server: Server, tmp_path: Path) -> None:
    server.routes["/rss.xml"] = [Reply(body=rss(server, "a", "b"), headers=RSS, etag='"1"'),
                                 Reply(body=rss(server, "a", "b", "c"), headers=RSS, etag='"2"')]
    for slug in "abc":
        server.routes[f"/news/{slug}"] = page(slug)
    db = tmp_path / "w.db"
    result = CliRunner().invoke(main, ["watch", server.url + "/rss.xml", "--every", "1s", "--polls", "2", "--json",
                                       "--rate", "100", "--no-tag", "--db", str(db)])
    assert result.exit_code == 0, result.output
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first["added"] == 2 and first["fetch"]["fetched"] == 3 and not first["rejected"]
    # the second poll fetches the feed (changed) and only the new item's page
    assert second["added"] == 1 and second["fetch"] == {"fetched": 2, "not_modified": 0, "unchanged": 2, "failed": 0}
    assert server.paths().count("/news/a") == 1 and server.paths().count("/news/c") == 1
    with open_store(db) as store:
        assert sorted(a.title for a in store.articles()) == [f"Story {s} about the port" for s in "abc"]


def test_an_unchanged_feed_costs_a_304(server: Server, tmp_path: Path) -> None:
    server.routes["/rss.xml"] = Reply(body=rss(server, "a"), headers=RSS, etag='"1"')
    server.routes["/news/a"] = page("a")
    with open_store(tmp_path / "w.db") as store, Fetcher(FetchPolicy(rate=100)) as f:
        one = poll(store, [server.url + "/rss.xml"], WebReader(f, store), tagger=None)
        before = len(server.requests)
        two = poll(store, [server.url + "/rss.xml"], WebReader(f, store), tagger=None)
    assert one.added == 1 and two.added == 0 and two.present == 0
    assert two.fetch["not_modified"] == 1 and server.paths()[before:] == ["/rss.xml"]


def test_network_errors_reported_and_survived(server: Server, tmp_path: Path) -> None:
    server.routes["/rss.xml"] = Reply(body=rss(server, "a", "down"), headers=RSS, etag='"1"')
    server.routes["/news/a"] = page("a")
    server.routes["/news/down"] = Reply(status=503)
    with open_store(tmp_path / "w.db") as store, Fetcher(FetchPolicy(rate=100, retries=0)) as f:
        report = poll(store, [server.url + "/rss.xml", "http://127.0.0.1:9/closed.xml"], WebReader(f, store),
                      tagger=None)
        # the failed page keeps no state, and its feed no validators: the next poll tries it again
        assert server.url + "/news/down" not in store.fetch_states([server.url + "/news/down"])
        server.routes["/news/down"] = page("down")
        again = poll(store, [server.url + "/rss.xml"], WebReader(f, store), tagger=None)
    assert again.added == 1 and again.fetch["unchanged"] == 1
    assert report.added == 1
    reasons = {r["path"]: r["reason"] for r in report.rejected}
    assert "HTTP 503" in reasons[server.url + "/news/down"]
    assert "could not connect" in reasons["http://127.0.0.1:9/closed.xml"] or "robots.txt" in reasons[
        "http://127.0.0.1:9/closed.xml"]


def test_folders_only_new_or_changed_files_read(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("date 2019-03-14 BUDGET\n\nTitle A\n\nBody of A.\n", encoding="utf-8")
    with open_store(tmp_path / "w.db") as store, Fetcher() as f:
        one = poll(store, [str(folder)], WebReader(f, store), tagger=None)
        (folder / "b.txt").write_text("date 2019-03-15 BUDGET\n\nTitle B\n\nBody of B.\n", encoding="utf-8")
        two = poll(store, [str(folder)], WebReader(f, store), tagger=None)
        assert store.fetch_states([file_key(folder / "a.txt")])
    assert (one.added, one.files_read) == (1, 1)
    assert (two.added, two.files_read, two.files_unchanged) == (1, 1, 1)


def test_saved_timeline_gains_the_date_of_a_new_item(server: Server, tmp_path: Path) -> None:
    """A saved timeline over the watched feed's articles: the first poll stores a strike
    story of 19 November, the timeline is saved; the second poll finds a new item (the port
    reopening on 21 November) and the saved timeline gains that date; a third poll with
    nothing new refreshes nothing."""
    strike = Reply(body=article_page("Port strike ends after three weeks").encode(), headers=HTML, etag='"s"')
    reopen = (
        "The port of Fenwick reopened on Thursday after the dockers' strike, and the first container "
        "ships berthed before noon.",
        "Port officials said the backlog of ships at the port would be cleared by early December.",
        "Shipping lines said they would send their cargo back to the port from next week.",
    )
    reopened = Reply(body=article_page("Port reopens as first ships berth", published="2019-11-21T12:00:00+00:00",
                                       paragraphs=reopen).encode(), headers=HTML, etag='"r"')
    server.routes["/news/strike"] = strike
    server.routes["/news/reopen"] = reopened
    server.routes["/rss.xml"] = [Reply(body=rss(server, "strike"), headers=RSS, etag='"1"'),
                                 Reply(body=rss(server, "strike", "reopen"), headers=RSS, etag='"2"'),
                                 Reply(body=rss(server, "strike", "reopen"), headers=RSS, etag='"2"')]
    db = str(tmp_path / "w.db")
    runner = CliRunner()
    watch = ["watch", server.url + "/rss.xml", "--polls", "1", "--json", "--rate", "100", "--db", db]
    first = runner.invoke(main, watch)
    assert first.exit_code == 0, first.output
    saved = runner.invoke(main, ["timeline", "--keywords", "port", "--dates", "5", "--per-date", "1",
                                 "--save", "port", "--db", db])
    assert saved.exit_code == 0, saved.output
    with open_store(db) as store:
        before = store.saved_timeline("port")
    assert before is not None
    dates_before = {e["date"] for e in before.result["entries"]}
    assert "2019-11-21" not in dates_before

    second = runner.invoke(main, watch)
    assert second.exit_code == 0, second.output
    report = json.loads(second.stdout.splitlines()[-1])
    assert report["added"] == 1
    (refresh,) = report["refreshed"]
    assert refresh["name"] == "port" and refresh["status"] == "refreshed" and "2019-11-21" in refresh["added"]
    with open_store(db) as store:
        after = store.saved_timeline("port")
    assert after is not None and "2019-11-21" in {e["date"] for e in after.result["entries"]}
    assert "2019-11-21" in after.new_entries

    third = runner.invoke(main, watch)
    assert third.exit_code == 0, third.output
    assert json.loads(third.stdout.splitlines()[-1])["refreshed"] is None  # nothing added, nothing rebuilt



def _count(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:  # not created yet
        return 0


def _start_watch(server: Server, db: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(DATELINE), "watch", server.url + "/rss.xml", "--every", "1h", "--json", "--rate", "100", "--no-tag",
         "--batch-size", "1", "--db", str(db)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for_articles(proc: subprocess.Popen[str], db: Path, n: int) -> None:
    deadline = time.monotonic() + 60
    while _count(db) < n:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the watch stored nothing within a minute"
        time.sleep(0.05)


def test_sigint_stops_after_the_current_item_and_keeps_it(server: Server, tmp_path: Path) -> None:
    slugs = [f"s{i}" for i in range(6)]
    server.routes["/rss.xml"] = Reply(body=rss(server, *slugs), headers=RSS, etag='"1"')
    for slug in slugs:
        server.routes[f"/news/{slug}"] = page(slug, delay=0.4)
    db = tmp_path / "w.db"
    proc = _start_watch(server, db)
    _wait_for_articles(proc, db, 1)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "stopping after the current item" in err
    [report] = [json.loads(line) for line in out.splitlines()]
    stored = _count(db)
    assert report["stopped"] is True and report["added"] == stored and 1 <= stored < len(slugs)
    with open_store(db) as store:  # what was read is recorded, so the next poll skips it
        states = store.fetch_states([f"{server.url}/news/{s}" for s in slugs])
    assert len(states) == stored
    # the next poll reads the rest, and nothing twice
    result = CliRunner().invoke(main, ["watch", server.url + "/rss.xml", "--polls", "1", "--json", "--rate", "100",
                                       "--no-tag", "--db", str(db)])
    assert json.loads(result.stdout)["added"] == len(slugs) - stored and _count(db) == len(slugs)


def test_kill_9_loses_nothing_committed(server: Server, tmp_path: Path) -> None:
    slugs = [f"k{i}" for i in range(6)]
    server.routes["/rss.xml"] = Reply(body=rss(server, *slugs), headers=RSS, etag='"1"')
    for slug in slugs:
        server.routes[f"/news/{slug}"] = page(slug, delay=0.4)
    db = tmp_path / "w.db"
    proc = _start_watch(server, db)
    _wait_for_articles(proc, db, 2)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)
    committed = _count(db)
    assert committed >= 2
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    result = CliRunner().invoke(main, ["watch", server.url + "/rss.xml", "--polls", "1", "--json", "--rate", "100",
                                       "--no-tag", "--db", str(db)])
    report = json.loads(result.stdout)
    # every page is stored once: those committed before the kill are present or skipped, the rest added
    assert _count(db) == len(slugs) and report["added"] == len(slugs) - committed
