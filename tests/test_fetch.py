"""Fetching against a local HTTP server on 127.0.0.1 (tests/_http.py): robots.txt, rate
limit, retries with Retry-After, conditional GET, timeouts, size cap, redirects, charsets,
and reading what is fetched (pages, feeds, sitemaps). Nothing here touches the internet."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("httpx")
pytest.importorskip("trafilatura")

from _http import Reply, Server, serve  # noqa: E402
from _pages import article_page  # noqa: E402
from dateline.annotate import ingest  # noqa: E402
from dateline.errors import InputError  # noqa: E402
from dateline.fetch import Fetcher, FetchError, FetchPolicy  # noqa: E402
from dateline.fetch.sources import WebReader  # noqa: E402
from dateline.model import Article  # noqa: E402
from dateline.store import open_store  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures" / "news"
HTML = {"Content-Type": "text/html; charset=utf-8"}


@pytest.fixture
def server() -> Iterator[Server]:
    yield from serve()


class Clock:
    """A fake clock: sleeping moves it; every sleep is recorded."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def fetcher(clock: Clock | None = None, **policy: object) -> Fetcher:
    clock = clock or Clock()
    base = {"rate": 1000.0, "connect_timeout": 2.0, "read_timeout": 2.0, "backoff": 0.01} | policy
    return Fetcher(FetchPolicy(**base), clock=clock, sleep=clock.sleep)  # type: ignore[arg-type]


def test_user_agent_names_dateline_and_robots_is_read_once(server: Server) -> None:
    server.routes["/a"] = Reply(body=b"<html>a</html>", headers=HTML)
    server.routes["/b"] = Reply(body=b"<html>b</html>", headers=HTML)
    with fetcher() as f:
        assert f.get(server.url + "/a").body == b"<html>a</html>"
        f.get(server.url + "/b")
    assert server.paths() == ["/robots.txt", "/a", "/b"]
    agent = server.requests[1][1]["user-agent"]
    assert agent.startswith("dateline/") and "contact" in agent


def test_robots_txt_disallow_is_obeyed(server: Server) -> None:
    server.routes["/robots.txt"] = Reply(body=b"User-agent: *\nDisallow: /private/\n\nUser-agent: dateline\n"
                                              b"Disallow: /news/\nAllow: /news/open\n",
                                         headers={"Content-Type": "text/plain"})
    server.routes["/news/open"] = Reply(body=b"<html>ok</html>", headers=HTML)
    with fetcher() as f:
        with pytest.raises(FetchError, match="disallowed by .*robots.txt"):
            f.get(server.url + "/news/closed")
        assert f.get(server.url + "/news/open").status == 200
    assert "/news/closed" not in server.paths()


def test_robots_txt_that_times_out_disallows_the_host(server: Server) -> None:
    server.routes["/robots.txt"] = Reply(body=b"User-agent: *\nAllow: /\n", delay=1.5)
    server.routes["/page"] = Reply(body=b"<html>x</html>", headers=HTML)
    with fetcher(read_timeout=0.3) as f, pytest.raises(FetchError, match="robots.txt could not be read.*RFC 9309"):
        f.get(server.url + "/page")
    assert "/page" not in server.paths()


def test_robots_txt_5xx_disallows_and_404_allows(server: Server) -> None:
    server.routes["/robots.txt"] = Reply(status=503)
    with fetcher(retries=0) as f, pytest.raises(FetchError, match="robots.txt could not be read"):
        f.get(server.url + "/page")
    server.routes["/robots.txt"] = Reply(status=404)
    server.routes["/page"] = Reply(body=b"<html>x</html>", headers=HTML)
    with fetcher() as f:
        assert f.get(server.url + "/page").status == 200


def test_rate_limit_spaces_requests_to_one_host(server: Server) -> None:
    for p in ("/1", "/2", "/3"):
        server.routes[p] = Reply(body=b"<html>x</html>", headers=HTML)
    clock = Clock()
    with fetcher(clock, rate=0.5) as f:  # one request every 2 s (robots.txt included)
        for p in ("/1", "/2", "/3"):
            f.get(server.url + p)
    assert clock.slept == [2.0, 2.0, 2.0]


def test_crawl_delay_slows_the_host(server: Server) -> None:
    server.routes["/robots.txt"] = Reply(body=b"User-agent: *\nCrawl-delay: 5\n")
    server.routes["/1"] = Reply(body=b"<html>x</html>", headers=HTML)
    server.routes["/2"] = Reply(body=b"<html>x</html>", headers=HTML)
    clock = Clock()
    with fetcher(clock, rate=10.0) as f:
        f.get(server.url + "/1")
        f.get(server.url + "/2")
    assert clock.slept[-1] == 5.0


def test_429_with_retry_after_is_retried_after_the_wait_asked(server: Server) -> None:
    server.routes["/busy"] = [Reply(status=429, headers={"Retry-After": "7"}), Reply(body=b"<html>ok</html>",
                                                                                     headers=HTML)]
    clock = Clock()
    with fetcher(clock) as f:
        assert f.get(server.url + "/busy").body == b"<html>ok</html>"
    assert 7.0 in clock.slept
    assert server.paths().count("/busy") == 2


def test_retry_after_beyond_the_cap_fails_at_once(server: Server) -> None:
    server.routes["/busy"] = Reply(status=429, headers={"Retry-After": "86400"})
    clock = Clock()
    with fetcher(clock, max_retry_wait=60) as f, pytest.raises(FetchError, match="retry after 86400 s"):
        f.get(server.url + "/busy")
    assert server.paths().count("/busy") == 1


def test_5xx_is_retried_with_backoff_then_reported(server: Server) -> None:
    server.routes["/down"] = Reply(status=503)
    clock = Clock()
    with fetcher(clock, retries=2, backoff=1.0) as f, pytest.raises(FetchError, match=r"HTTP 503 .*after 3 tries"):
        f.get(server.url + "/down")
    assert [s for s in clock.slept if s >= 1.0] == [1.0, 2.0]


def test_conditional_get_costs_a_304(server: Server) -> None:
    server.routes["/feed"] = Reply(body=b"<rss version='2.0'><channel></channel></rss>", etag='"v1"',
                                   headers={"Content-Type": "application/rss+xml"})
    with fetcher() as f:
        first = f.get(server.url + "/feed")
        assert first.status == 200 and first.etag == '"v1"'
        again = f.get(server.url + "/feed", etag=first.etag)
    assert again.status == 304 and again.body == b""
    assert server.requests[-1][1]["if-none-match"] == '"v1"'


def test_a_server_too_slow_is_cut_off(server: Server) -> None:
    server.routes["/slow"] = Reply(body=b"<html>late</html>", delay=1.5)
    with fetcher(read_timeout=0.3) as f, pytest.raises(FetchError, match="too slow"):
        f.get(server.url + "/slow")
    server.routes["/dribble"] = Reply(body=b"x" * 8192, trickle=0.2, headers=HTML)
    with fetcher(read_timeout=5, total_timeout=0.5) as f, pytest.raises(FetchError, match="too slow: the whole"):
        f.get(server.url + "/dribble")


def test_a_body_too_large_is_refused(server: Server) -> None:
    server.routes["/big"] = Reply(body=b"x" * 50_000, headers=HTML)
    with fetcher(max_bytes=10_000) as f, pytest.raises(FetchError, match="Content-Length.*larger than"):
        f.get(server.url + "/big")
    # no Content-Length (chunked): the transfer is aborted once past the cap
    big = gzip.compress(b"<html>" + b"a" * 2_000_000 + b"</html>")  # a small gzip that decodes to 2 MB
    server.routes["/bomb"] = Reply(body=big, headers=HTML | {"Content-Encoding": "gzip"})
    with fetcher(max_bytes=100_000) as f, pytest.raises(FetchError, match="larger than the .* limit"):
        f.get(server.url + "/bomb")


def test_redirects_followed_loops_and_too_many_refused(server: Server) -> None:
    server.routes["/old"] = Reply(status=301, headers={"Location": "/new"})
    server.routes["/new"] = Reply(body=b"<html>new</html>", headers=HTML)
    server.routes["/a"] = Reply(status=302, headers={"Location": "/b"})
    server.routes["/b"] = Reply(status=302, headers={"Location": "/a"})
    for i in range(10):
        server.routes[f"/r{i}"] = Reply(status=307, headers={"Location": f"/r{i + 1}"})
    with fetcher() as f:
        r = f.get(server.url + "/old")
        assert r.final_url == server.url + "/new" and r.body == b"<html>new</html>"
        with pytest.raises(FetchError, match="redirect loop"):
            f.get(server.url + "/a")
        with pytest.raises(FetchError, match="more than 5 redirects"):
            f.get(server.url + "/r0")


def test_404_and_bad_gzip_and_not_http(server: Server) -> None:
    server.routes["/bad-gzip"] = Reply(body=b"this is not gzip", headers=HTML | {"Content-Encoding": "gzip"})
    with fetcher() as f:
        with pytest.raises(FetchError, match="HTTP 404 Not Found"):
            f.get(server.url + "/missing")
        with pytest.raises(FetchError, match="cannot be decoded"):
            f.get(server.url + "/bad-gzip")
        with pytest.raises(FetchError, match="not an http"):
            f.get("file:///etc/passwd")


# -- reading what is fetched ---------------------------------------------------------------


def _read(server: Server, *paths: str, store: object = None) -> list[Article | InputError]:
    with fetcher() as f:
        reader = WebReader(f, store)  # type: ignore[arg-type]
        return list(reader.read_urls([server.url + p for p in paths]))


def test_pages_of_every_kind_read_or_rejected_with_a_reason(server: Server) -> None:
    server.routes["/news/strike"] = Reply(body=article_page().encode(), headers=HTML)
    latin = article_page("Café owners count the cost", charset="iso-8859-1",
                         paragraphs=("Café owners in Zürich said the strike cost them dearly, à la carte.",) * 3)
    server.routes["/news/cafe"] = Reply(body=latin.encode("latin-1"), headers={"Content-Type": "text/html"})
    server.routes["/news/undated"] = Reply(body=article_page(published=None).encode(), headers=HTML)
    server.routes["/report.pdf"] = Reply(body=b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", headers={"Content-Type": "application/pdf"})
    server.routes["/moved"] = Reply(status=301, headers={"Location": "/news/strike?from=moved"})
    got = _read(server, "/news/strike", "/news/cafe", "/news/undated", "/report.pdf", "/gone", "/moved")
    articles = [g for g in got if isinstance(g, Article)]
    errors = {g.path: g.reason for g in got if isinstance(g, InputError)}
    assert [a.title for a in articles] == ["Port strike ends after three weeks", "Café owners count the cost"]
    assert articles[0].url == server.url + "/news/strike" and articles[0].origin == server.url + "/news/strike"
    assert "Zürich" in articles[1].text
    assert "no publication date" in errors[server.url + "/news/undated"]
    assert "application/pdf" in errors[server.url + "/report.pdf"]
    assert "HTTP 404" in errors[server.url + "/gone"]
    # the redirected page is the same article (same id), read from its final address
    assert len(got) == 6


def test_feed_items_with_a_summary_are_fetched_and_full_items_read_directly(server: Server) -> None:
    rss = (FIXTURES / "rss2_outlet.xml").read_text(encoding="utf-8").replace("127.0.0.1:PORT", server.url[7:])
    server.routes["/news/world/rss.xml"] = Reply(body=rss.encode(), headers={"Content-Type": "application/rss+xml"})
    server.routes["/news/world-50481234"] = Reply(body=article_page(published=None).encode(), headers=HTML)
    got = _read(server, "/news/world/rss.xml")
    articles = [g for g in got if isinstance(g, Article)]
    errors = [g for g in got if isinstance(g, InputError)]
    # item 1: page without a date of its own takes the feed's date; item 2: its page is missing;
    # item 3: full content in the feed, not fetched
    assert [a.published.isoformat() for a in articles] == ["2019-11-20", "2019-11-20"]
    assert articles[1].title == "Council approves budget after all-night session"
    assert "appeared first on" not in articles[1].text
    assert len(errors) == 1 and "HTTP 404" in errors[0].reason and str(errors[0].path).endswith("world-50479876")
    assert "/news/budget" not in server.paths()


def test_sitemap_index_and_news_sitemap(server: Server) -> None:
    index = (f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             f"<sitemap><loc>{server.url}/sitemap-news.xml.gz</loc></sitemap></sitemapindex>")
    news = (f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>{server.url}/a</loc>'
            "<news:news><news:publication><news:name>Herald</news:name><news:language>en</news:language>"
            "</news:publication><news:publication_date>2019-11-18T22:10:00-05:00</news:publication_date>"
            "<news:title>Undated page, dated by the sitemap</news:title></news:news></url></urlset>")
    server.routes["/sitemap.xml"] = Reply(body=index.encode(), headers={"Content-Type": "application/xml"})
    server.routes["/sitemap-news.xml.gz"] = Reply(body=gzip.compress(news.encode()),
                                                  headers={"Content-Type": "application/x-gzip"})
    server.routes["/a"] = Reply(body=article_page(published=None).encode(), headers=HTML)
    got = _read(server, "/sitemap.xml")
    assert len(got) == 1 and isinstance(got[0], Article)
    assert got[0].published.isoformat() == "2019-11-18"


def test_second_poll_costs_a_304_and_reingests_nothing(server: Server, tmp_path: Path) -> None:
    rss = (FIXTURES / "rss2_outlet.xml").read_text(encoding="utf-8").replace("127.0.0.1:PORT", server.url[7:])
    server.routes["/rss.xml"] = Reply(body=rss.encode(), etag='"feed-1"', headers={"Content-Type": "application/rss+xml"})
    for path in ("/news/world-50481234", "/news/world-50479876"):
        server.routes[path] = Reply(body=article_page(path[6:]).encode(), etag=f'"{path}"', headers=HTML)
    with open_store(tmp_path / "w.db") as store, fetcher() as f:
        reader = WebReader(f, store)
        first = ingest(store, reader.read_urls([server.url + "/rss.xml"]), tagger=None)
        reader.save_states()
        assert first.added == 3 and not first.rejected
        before = len(server.requests)
        reader = WebReader(f, store)
        second = ingest(store, reader.read_urls([server.url + "/rss.xml"]), tagger=None)
        reader.save_states()
    assert second.added == 0 and second.present == 0 and not second.rejected
    assert server.paths()[before:] == ["/rss.xml"]  # one conditional request, answered 304
    assert reader.counts.not_modified == 1


def test_xml_bombs_and_a_feed_that_is_html_are_rejected(server: Server) -> None:
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;">'
              b'<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;">]><rss version="2.0"><channel><title>&lol2;</title>'
              b"</channel></rss>")
    external = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&x;</loc></url></urlset>')
    server.routes["/laughs.xml"] = Reply(body=laughs, headers={"Content-Type": "application/rss+xml"})
    server.routes["/external.xml"] = Reply(body=external, headers={"Content-Type": "application/xml"})
    server.routes["/feed-moved"] = Reply(body=article_page().encode(), headers={"Content-Type": "application/rss+xml"})
    got = _read(server, "/laughs.xml", "/external.xml", "/feed-moved")
    reasons = [g.reason for g in got if isinstance(g, InputError)]
    assert len(reasons) == 3
    assert "refused: the XML declares entities" in reasons[0]
    assert "refused: the XML declares entities" in reasons[1]
    assert "an HTML page, not a feed" in reasons[2]
