"""Uploads of web pages, feeds and WARC files through the web app: stored as `dateline
ingest` stores them; a feed's summary-only items are rejected, never fetched by the server."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("trafilatura")
pytest.importorskip("warcio")

from fastapi.testclient import TestClient  # noqa: E402

from _pages import article_page  # noqa: E402
from _warc import write_warc  # noqa: E402
from dateline.web import create_app  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures" / "news"


def test_upload_html_feed_and_warc(tmp_path: Path, location: str) -> None:
    client = TestClient(create_app(location))
    warc = tmp_path / "crawl.warc.gz"
    urls = write_warc(warc)
    files = [("files", ("strike.html", article_page().encode())),
             ("files", ("world.xml", (FIXTURES / "rss2_outlet.xml").read_bytes())),
             ("files", ("crawl.warc.gz", warc.read_bytes())),
             ("files", ("undated.html", article_page("No date here", published=None).encode()))]
    r = client.post("/api/articles", files=files)
    assert r.status_code == 200, r.text
    report = r.json()
    # 1 page + 1 full-text feed item + the WARC's HTML pages
    assert report["added"] == 2 + len(urls)
    assert any(rej["path"] == "undated.html" and "no publication date" in rej["reason"] for rej in report["rejected"])
    not_fetched = [rej for rej in report["rejected"] if "not fetched" in rej["reason"]]
    assert len(not_fetched) == 2 and all(rej["path"] == "world.xml" for rej in not_fetched)
    stored = [client.get(f"/api/articles/{i}").json() for i in report["ids"]]
    assert {s["url"] for s in stored} >= set(urls)
    assert any(s["authors"] == ["Jane Roe"] and s["outlet"] == "Harbour Herald" for s in stored)


def test_upload_format_forced_and_listed_on_the_page(location: str) -> None:
    client = TestClient(create_app(location))
    r = client.post("/api/articles?format=html&filename=page.bin", content=article_page().encode())
    assert r.status_code == 200 and r.json()["added"] == 1
    form = client.get("/upload").text
    assert 'value="warc"' in form and 'value="feed"' in form and 'value="html"' in form
