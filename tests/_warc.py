"""WARC files for the tests, written with warcio: HTML responses, a redirect, a 404, a
PDF, a page in windows-1252, requests and a warcinfo record."""

from __future__ import annotations

import io
from pathlib import Path

from _pages import article_page

__all__ = ["write_warc"]


def write_warc(path: Path, *, gzip: bool = True, pages: int = 2) -> list[str]:
    """Write the test WARC at ``path``; the addresses of its HTML pages (articles) in order."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    urls = []
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "dateline tests"}))

        def response(url: str, status: str, ctype: str | None, body: bytes, extra: list[tuple[str, str]] = ()) -> None:  # type: ignore[assignment]
            headers = [("Content-Type", ctype)] if ctype else []
            http = StatusAndHeaders(status, headers + list(extra), protocol="HTTP/1.1")
            req = StatusAndHeaders(f"GET {url.split('/', 3)[-1]} HTTP/1.1", [("Host", "news.example")],
                                   is_http_request=True)
            writer.write_record(writer.create_warc_record(url, "request", http_headers=req))
            writer.write_record(writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=http,
                warc_headers_dict={"WARC-Date": "2019-11-20T10:00:00Z"}))

        for i in range(pages):
            url = f"https://news.example/2019/11/{18 + i}/story-{i}"
            response(url, "200 OK", "text/html; charset=utf-8",
                     article_page(f"Story number {i} of the day", published=None).encode("utf-8"))
            urls.append(url)
        response("https://news.example/old", "301 Moved Permanently", "text/html",
                 b"<html><body>moved</body></html>", [("Location", "https://news.example/new")])
        response("https://news.example/missing", "404 Not Found", "text/html; charset=utf-8",
                 b"<html><body><h1>Page not found</h1></body></html>")
        response("https://news.example/report.pdf", "200 OK", "application/pdf", b"%PDF-1.7\n1 0 obj\n")
        latin = article_page("Café owners count the cost", charset="windows-1252",
                             published="2019-11-19T08:00:00+01:00",
                             paragraphs=("Café owners in Zürich said the strike cost them “dearly”.",) * 4)
        response("https://news.example/cafe", "200 OK", "text/html; charset=windows-1252", latin.encode("cp1252"))
        urls.append("https://news.example/cafe")
    return urls
