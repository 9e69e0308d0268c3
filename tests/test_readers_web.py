"""The web readers: html (on the real article-extraction pages and hand-made ones), feed
(RSS 2.0 and Atom shaped as large outlets serve them, JSON Feed, RSS 0.91/1.0), sitemap,
WARC (written with warcio), .gz for every format, format detection, and bad input."""

from __future__ import annotations

import gzip
import io
import json
import os
import warnings
from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("trafilatura")
pytest.importorskip("warcio")

from click.testing import CliRunner  # noqa: E402

from _pages import article_page  # noqa: E402
from _shared import need_article_extraction  # noqa: E402
from _warc import write_warc  # noqa: E402
from dateline.cli import main  # noqa: E402
from dateline.errors import InputError, InputWarning  # noqa: E402
from dateline.model import Article  # noqa: E402
from dateline.readers import (  # noqa: E402  # noqa: E402
    Format,
    ReadOptions,
    Source,
    detect,
    feed,
    html,
    read_source,
    scan,
    sitemap,
)
from dateline.readers.web import DateFallback, Link, decode_markup  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures" / "news"


def _read(path: Path, data: bytes | None = None, **kw: object) -> list[Article | InputError]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InputWarning)
        return list(read_source(Source(path, None), data, **kw))  # type: ignore[arg-type]


# -- html: the real pages ------------------------------------------------------------------


def test_real_pages_dated_by_their_address_and_cleaned() -> None:
    root = need_article_extraction()
    gold = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    dated = 0
    for key, entry in gold.items():
        day = html.url_day(entry["url"])
        article = html.parse((root / "html" / f"{key}.html").read_bytes(), origin=key, url=entry["url"],
                             date_fallback=DateFallback.FETCHED, fetched=None) if day else None
        if article is not None:
            dated += 1
            assert article.day == day, entry["url"]
            assert article.url == entry["url"] and article.text and article.title
    assert dated == 18
    # rule 1: the WSJ page repeats its headline and standfirst at the top of the body
    wsj = next(k for k, v in gold.items() if "wsj.com" in v["url"])
    a = html.parse((root / "html" / f"{wsj}.html").read_bytes(), origin=wsj, url=gold[wsj]["url"],
                   date_fallback=DateFallback.NONE)
    assert a.title.startswith("Google Stadia, Microsoft xCloud, Apple Arcade")
    assert not a.text.startswith("Google Stadia") and a.outlet == "Wall Street Journal"
    assert a.authors == ("Sarah E Needleman",) and a.language == "en"


def test_real_page_rules_are_reported_per_page() -> None:
    root = need_article_extraction()
    gold = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    key = next(k for k, v in gold.items() if "venturebeat.com" in v["url"])
    text, _ = decode_markup((root / "html" / f"{key}.html").read_bytes())
    got = html.extract(text, gold[key]["url"])
    assert got is not None
    assert got.attribution is not None and got.attribution.startswith("Reporting by")
    assert ("attribution", got.attribution) in got.changes
    assert all("Reporting by" not in p for p in got.paragraphs)


# -- html: hand-made pages -----------------------------------------------------------------


def test_hand_made_page_fields() -> None:
    page = article_page(url="https://herald.example/news/strike").encode()
    a = html.parse(page, origin="strike.html")
    assert a.published == date(2019, 11, 19)
    assert a.title == "Port strike ends after three weeks"  # " - Harbour Herald" taken off
    assert a.outlet == "Harbour Herald" and a.authors == ("Jane Roe",) and a.language == "en"
    assert a.caption == "Dockers accept a pay offer after three weeks on strike."
    assert a.url == "https://herald.example/news/strike" and a.origin == "strike.html"
    assert a.text.startswith("Dock workers in Fenwick") and "newsletter" not in a.text.lower()
    assert "Ferry fares" not in a.text and "All rights reserved" not in a.text


def test_page_without_date_rejected_unless_fallback(tmp_path: Path) -> None:
    path = tmp_path / "undated.html"
    path.write_text(article_page(published=None), encoding="utf-8")
    os.utime(path, (1_600_000_000, 1_600_000_000))  # 2020-09-13
    [err] = _read(path)
    assert isinstance(err, InputError) and "no publication date" in err.reason and "--date-fallback" in err.reason
    [a] = _read(path, options=ReadOptions(date_fallback=DateFallback.FETCHED))
    assert isinstance(a, Article) and a.published == date(2020, 9, 13)


def test_bad_pages_rejected_with_their_reason(tmp_path: Path) -> None:
    cases = {
        "nobody.html": b"<!DOCTYPE html><html><head><title>Menu</title></head><body><nav><a href='/'>Home</a>"
                       b"</nav></body></html>",
        "report.html": b"%PDF-1.4\n%\xc7\xec\x8f\xa2\n5 0 obj",
        "empty.html": b"   \n",
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
    reasons = {Path(str(e.path)).name: e.reason for e in _read_all(tmp_path) if isinstance(e, InputError)}
    assert "no article text" in reasons["nobody.html"]
    assert "a PDF document" in reasons["report.html"]
    assert "empty" in reasons["empty.html"]


def _read_all(folder: Path) -> list[Article | InputError]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InputWarning)
        return list(scan([folder]))


def test_non_utf8_pages_decoded_by_declared_or_detected_charset() -> None:
    text = "Café owners in Zürich said the strike cost them “dearly” — a fortnight of trade. " * 3
    page = article_page(charset="windows-1252", paragraphs=(text,) * 3)
    a = html.parse(page.encode("cp1252"), origin="x")
    assert "Zürich" in a.text and "“dearly”" in a.text
    # no declaration at all: detected (not UTF-8, so not read as UTF-8)
    bare = page.replace('<meta charset="windows-1252">', "")
    assert decode_markup(bare.encode("cp1252"))[0].count("Zürich") == 9
    # a server's header wins over nothing; a BOM over everything
    assert decode_markup("é".encode("utf-16"), "latin-1")[1] == "utf-16"


# -- feeds ---------------------------------------------------------------------------------


def test_rss2_as_outlets_serve_it() -> None:
    items = list(feed.parse((FIXTURES / "rss2_outlet.xml").read_bytes(), "rss.xml"))
    links = [i for i in items if isinstance(i, Link)]
    [article] = [i for i in items if isinstance(i, Article)]
    assert [link.url.rsplit("/", 1)[-1] for link in links] == ["world-50481234", "world-50479876"]
    assert links[0].published == date(2019, 11, 20) and links[0].version == "Wed, 20 Nov 2019 08:14:55 GMT"
    assert article.title == "Council approves budget after all-night session"
    assert article.authors == ("Jane Roe",) and article.outlet == "Harbour Herald - World"
    assert article.language == "en" and article.published == date(2019, 11, 20)
    assert article.caption.startswith("Councillors agreed")
    assert article.text.count("\n\n") == 3 and "appeared first on" not in article.text


def test_atom_as_outlets_serve_it() -> None:
    items = list(feed.parse((FIXTURES / "atom_outlet.xml").read_bytes(), "atom.xml"))
    assert all(isinstance(i, Article) for i in items)
    first, second = items
    assert isinstance(first, Article) and isinstance(second, Article)
    # 18:30 at -05:00 is the 19th where the outlet is (the 20th in UTC would be wrong)
    assert first.published == date(2019, 11, 19) and first.authors == ("Sam Writer",)
    assert "Photo by" not in first.text and "Continue reading" not in first.text
    assert second.authors == ("Alex Reporter", "Kim Editor") and second.url == "https://127.0.0.1/2019/11/18/chips"


def test_json_feed_and_old_rss() -> None:
    jf = {"version": "https://jsonfeed.org/version/1.1", "title": "Wire", "language": "en-US",
          "items": [{"id": "1", "url": "https://wire.example/a", "title": "A", "content_text": "Para one.\n\nPara two.",
                     "date_published": "2019-11-18T23:30:00-08:00", "authors": [{"name": "R. Porter"}]},
                    {"id": "2", "url": "https://wire.example/b", "summary": "Short."},
                    "not an object"]}
    items = list(feed.parse(json.dumps(jf).encode(), "feed.json"))
    a, link, bad = items
    assert isinstance(a, Article) and a.text == "Para one.\n\nPara two." and a.published == date(2019, 11, 18)
    assert a.authors == ("R. Porter",) and a.outlet == "Wire"
    assert isinstance(link, Link) and link.url == "https://wire.example/b"
    assert isinstance(bad, InputError) and "item 3" in bad.reason
    rss091 = (b'<?xml version="1.0"?><rss version="0.91"><channel><title>Old</title><item><title>T</title>'
              b"<link>https://old.example/t</link><description>Short summary.</description></item></channel></rss>")
    [old] = feed.parse(rss091, "old.xml")
    assert isinstance(old, Link) and old.published is None
    rdf = (b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
           b'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>R</title>'
           b'</channel><item rdf:about="https://rdf.example/x"><title>X</title><link>https://rdf.example/x</link>'
           b"<dc:date>2019-11-18</dc:date></item></rdf:RDF>")
    [item] = feed.parse(rdf, "rdf.xml")
    assert isinstance(item, Link) and item.published == date(2019, 11, 18)


def test_bad_feeds() -> None:
    with pytest.raises(InputError, match="an HTML page, not a feed"):
        list(feed.parse(article_page().encode(), "feed.xml"))
    laughs = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
              b'<rss version="2.0"><channel><title>&b;</title></channel></rss>')
    with pytest.raises(InputError, match="declares entities"):
        list(feed.parse(laughs, "bomb.xml"))
    with pytest.raises(InputError, match="not a feed"):
        list(feed.parse(b"<?xml version='1.0'?><catalog><book/></catalog>", "books.xml"))
    assert list(feed.parse(b"<rss version='2.0'><channel><title>Empty</title></channel></rss>", "e.xml")) == []


def test_feed_file_links_rejected_without_fetching(tmp_path: Path) -> None:
    path = tmp_path / "world.rss"
    path.write_bytes((FIXTURES / "rss2_outlet.xml").read_bytes())
    got = _read(path)
    assert sum(isinstance(g, Article) for g in got) == 1
    reasons = [g.reason for g in got if isinstance(g, InputError)]
    assert len(reasons) == 2 and all("not fetched" in r and "--fetch" in r for r in reasons)


# -- sitemaps ------------------------------------------------------------------------------


def test_sitemap_entries_and_bad_sitemaps() -> None:
    xml = (b'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
           b"<url><loc>https://s.example/a</loc><lastmod>2019-11-18T10:00:00+00:00</lastmod></url>"
           b"<url><lastmod>2019-11-18</lastmod></url></urlset>")
    a, bad = sitemap.parse(xml, "sitemap.xml")
    assert isinstance(a, Link) and a.url == "https://s.example/a" and a.published is None
    assert a.version == "2019-11-18T10:00:00+00:00"  # lastmod: a version, not a publication date
    assert isinstance(bad, InputError) and "no <loc>" in bad.reason
    with pytest.raises(InputError, match="not a sitemap"):
        list(sitemap.parse(b"<?xml version='1.0'?><catalog/>", "x.xml"))
    with pytest.raises(InputError, match="not well-formed"):
        list(sitemap.parse(b"<urlset><url><loc>x</url></urlset>", "x.xml"))
    external = (b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY e SYSTEM "http://evil.example/x">]>'
                b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&e;</loc></url></urlset>')
    with pytest.raises(InputError, match="declares entities"):
        list(sitemap.parse(external, "x.xml"))


# -- WARC ----------------------------------------------------------------------------------


@pytest.mark.parametrize("gzipped", [True, False])
def test_warc_html_records_read_others_skipped_and_counted(tmp_path: Path, gzipped: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gzipped else "crawl.warc")
    urls = write_warc(path, gzip=gzipped)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", InputWarning)
        got = list(read_source(Source(path, None)))
    assert all(isinstance(g, Article) for g in got)
    assert [g.url for g in got if isinstance(g, Article)] == urls
    cafe = got[-1]
    assert isinstance(cafe, Article) and "Zürich" in cafe.text and cafe.published == date(2019, 11, 19)
    assert isinstance(got[0], Article) and got[0].published == date(2019, 11, 18)  # from the record's address
    [note] = [str(w.message) for w in caught]
    assert "records skipped" in note and "response with status 301" in note and "404" in note
    assert "application/pdf response" in note and "request" in note and "warcinfo" in note


def test_warc_bad_record_rejected_with_its_offset_rest_read(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, pages=3)
    data = path.read_bytes()
    # corrupt the middle of the file: one gzip member (record) is broken
    members = [i for i in range(len(data)) if data.startswith(b"\x1f\x8b\x08", i)]
    victim = members[len(members) // 2]
    broken = data[:victim + 12] + b"\x00" * 40 + data[victim + 52:]
    path.write_bytes(broken)
    got = _read(path)
    errors = [g for g in got if isinstance(g, InputError)]
    articles = [g for g in got if isinstance(g, Article)]
    assert len(errors) == 1 and f"offset {victim}" in errors[0].reason
    assert 2 <= len(articles) <= 4  # the broken record (perhaps an article) lost, the rest read


def test_warc_page_rejections_name_offset_and_address(tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "undated.warc"
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=False)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            "https://news.example/undated", "response", payload=io.BytesIO(article_page(published=None).encode()),
            http_headers=http, warc_headers_dict={"WARC-Date": "2020-01-02T03:04:05Z"}))
    [err] = _read(path)
    assert isinstance(err, InputError) and "record at offset 0 (https://news.example/undated)" in err.reason
    [a] = _read(path, options=ReadOptions(date_fallback=DateFallback.FETCHED))
    assert isinstance(a, Article) and a.published == date(2020, 1, 2)  # the WARC-Date


def test_read_json_one_object_per_html_record(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    urls = write_warc(path)
    result = CliRunner().invoke(main, ["read", str(path), "--json"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [obj["url"] for obj in lines] == urls
    assert set(lines[0]) >= {"published", "title", "caption", "outlet", "url", "authors", "language", "text", "origin"}
    assert lines[0]["origin"] == str(path) and lines[0]["authors"] == ["Jane Roe"]


# -- gzip and format detection -------------------------------------------------------------


def test_gz_read_for_every_format(tmp_path: Path) -> None:
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(article_page().encode()))
    line = json.dumps({"published": "2019-11-18", "title": "T", "text": "Body."})
    (tmp_path / "dump.jsonl.gz").write_bytes(gzip.compress((line + "\n" + "{bad\n").encode()))
    (tmp_path / "story.txt.gz").write_bytes(gzip.compress(b"date 2019-03-14 BUDGET\n\nTitle\n\nBody text.\n"))
    (tmp_path / "fake.html.gz").write_bytes(b"<html>not gzip</html>")
    (tmp_path / "cut.jsonl.gz").write_bytes(gzip.compress(((line + "\n") * 50).encode())[:-30])
    got = _read_all(tmp_path)
    by_name: dict[str, list[Article | InputError]] = {}
    for g in got:
        name = Path(str(g.path if isinstance(g, InputError) else g.origin)).name
        by_name.setdefault(name, []).append(g)
    assert isinstance(by_name["page.html.gz"][0], Article)
    assert [type(g).__name__ for g in by_name["dump.jsonl.gz"]] == ["Article", "InputError"]
    assert isinstance(by_name["story.txt.gz"][0], Article)
    [fake] = by_name["fake.html.gz"]
    assert isinstance(fake, InputError) and "not gzip" in fake.reason
    cut = by_name["cut.jsonl.gz"]
    assert isinstance(cut[-1], InputError) and "corrupt gzip" in cut[-1].reason and len(cut) > 1


def test_detection_by_name_and_content() -> None:
    assert detect("a.html") == Format.HTML and detect("a.warc.gz") == Format.WARC and detect("x.atom") == Format.FEED
    assert detect("t/InputDocs/2011-01-01/x.htm.txt") == Format.TIMELINE17  # not a web page
    assert detect("x", "<!DOCTYPE html><html><body></body></html>") == Format.HTML
    assert detect("x", '<?xml version="1.0"?>\n<!-- c -->\n<rss version="2.0">') == Format.FEED
    assert detect("x", '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">') == Format.FEED
    assert detect("x", '<?xml version="1.0"?><urlset xmlns="x">') == Format.SITEMAP
    assert detect("x", '{"version": "https://jsonfeed.org/version/1", "items": []}') == Format.FEED
    assert detect("x", '{"published": "2019-01-01", "title": "", "text": "x"}') == Format.JSONL
    assert detect("x", "WARC/1.0\r\nWARC-Type: warcinfo\r\n") == Format.WARC


def test_missing_extra_says_how_to_install() -> None:
    from dateline.errors import DatelineError
    from dateline.readers.web import INSTALL_HINT, news_module

    with pytest.raises(DatelineError, match="needs the news extra") as info:
        news_module("dateline_no_such_module", "reading web pages")
    assert INSTALL_HINT in str(info.value)
