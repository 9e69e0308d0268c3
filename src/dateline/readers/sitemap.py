"""Sitemaps (sitemaps.org 0.9) and news sitemaps (Google News ``news:`` extension): the
addresses of the pages to fetch, with their dates.

A ``<urlset>`` gives one :class:`~dateline.readers.web.Link` per ``<url>``: ``loc`` the
page, ``news:publication_date`` its publication date when the sitemap is a news sitemap
(``lastmod`` is when the page last changed, not when it was published, so it is only the
link's version: a page whose ``lastmod`` has not changed since the last poll is not fetched
again), ``news:title`` its title. A ``<sitemapindex>`` gives one link per listed sitemap
(kind ``sitemap``), read in turn when fetching is on.

The XML is parsed with entity declarations refused (:mod:`dateline.readers._xml`); an
entry without ``<loc>`` is rejected, the others are read.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

from dateline.errors import InputError
from dateline.readers._xml import parse_safely
from dateline.readers.feed import root_name
from dateline.readers.web import Link, LinkKind

__all__ = ["looks_like", "parse"]

_ROOTS = ("urlset", "sitemapindex")


def looks_like(head: bytes) -> bool:
    """True when the first bytes are a sitemap's or sitemap index's."""
    return root_name(head) in _ROOTS


def parse(data: bytes, origin: str | None) -> Iterator[Link | InputError]:
    """The links of the sitemap ``data``."""
    root = parse_safely(data, origin, strict=True)
    assert root is not None  # strict: an error otherwise
    kind = _local(root.tag)
    if kind not in _ROOTS:
        raise InputError(origin, None, f"not a sitemap (root element <{kind}>): expected <urlset> or <sitemapindex>")
    child = "url" if kind == "urlset" else "sitemap"
    for index, entry in enumerate((e for e in root if _local(e.tag) == child), 1):
        fields = {_local(e.tag): e for e in entry}
        loc = (fields["loc"].text or "").strip() if "loc" in fields else ""
        if not loc:
            yield InputError(origin, None, f"entry {index}: no <loc>: expected the page's address")
            continue
        lastmod = (fields["lastmod"].text or "").strip() if "lastmod" in fields else None
        published: date | None = None
        title = ""
        news = fields.get("news")
        if news is not None:
            parts = {_local(e.tag): e for e in news.iter()}
            published = _day((parts["publication_date"].text or "") if "publication_date" in parts else "")
            title = " ".join((parts["title"].text or "").split()) if "title" in parts else ""
        yield Link(
            url=loc,
            origin=origin,
            kind=LinkKind.PAGE if kind == "urlset" else LinkKind.SITEMAP,
            published=published,
            version=lastmod or (published.isoformat() if published else None),
            title=title,
        )


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1].lower()


def _day(value: str) -> date | None:
    raw = value.strip().replace("Z", "+00:00")
    if not raw:
        return None
    try:
        return datetime.fromisoformat(raw).date() if len(raw) > 10 else date.fromisoformat(raw)
    except ValueError:
        return None
