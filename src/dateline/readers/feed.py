"""News feeds: RSS 0.9x, 1.0 and 2.0, Atom (feedparser) and JSON Feed 1.x.

Each item is one of:

- an **article**, when it carries the full text: Atom ``<content>``, RSS
  ``<content:encoded>``, JSON Feed ``content_html``/``content_text``; or a summary of at
  least :data:`FULL_TEXT_WORDS` words (some feeds put the whole story in
  ``<description>``). The text is the content's paragraphs (promotion lines such as "The
  post ... appeared first on ..." dropped, as for web pages); title, link (``url``),
  authors, the feed's title (``outlet``) and language come from the feed, the summary
  becomes the ``caption`` unless the text starts with it;
- a :class:`~dateline.readers.web.Link` to the item's page, when it has only a summary or
  nothing: the page is fetched and read as a web page when fetching is on (the item's date
  is used when the page has none), and the item is rejected with that reason otherwise.

Publication date: the item's published date, else its updated date, as the day it is in
the time zone the feed writes it in (the outlet's day). A full-text item
without either is read from its page when it has a link (a Link), else rejected.

The XML is checked first (:mod:`dateline.readers._xml`: entity declarations refused), and
a document that is an HTML page rather than a feed is rejected as such. feedparser 6.0
does not read JSON Feed, so it is parsed here from its specification (jsonfeed.org).
"""

from __future__ import annotations

import calendar
import email.utils
import json
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

from dateline.errors import InputError
from dateline.model import Article
from dateline.readers import html
from dateline.readers._xml import parse_safely
from dateline.readers.web import Link, news_module

__all__ = ["FULL_TEXT_WORDS", "looks_like", "looks_like_json_feed", "parse"]

#: A summary at least this long counts as the full text.
FULL_TEXT_WORDS = 150
_FEED_ROOTS = ("rss", "feed", "rdf", "channel")


def looks_like(head: bytes) -> bool:
    """True when the first bytes are an RSS, RDF or Atom document's (root element)."""
    return _root_name(head) in _FEED_ROOTS


def looks_like_json_feed(head: bytes) -> bool:
    """True when the first bytes are a JSON Feed's (``"version": "https://jsonfeed.org/...``)."""
    return head.lstrip()[:1] == b"{" and b"jsonfeed.org/version" in head


def _root_name(head: bytes) -> str | None:
    """The local name of the root element of an XML document, lower case, from its first
    bytes (declaration, comments, processing instructions and doctype skipped)."""
    text = head.decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    pos = 0
    while pos < len(text):
        start = text.find("<", pos)
        if start < 0:
            return None
        if text.startswith(("<?", "<!--", "<!"), start):
            end = text.find("-->", start) + 3 if text.startswith("<!--", start) else text.find(">", start) + 1
            if end <= 0:
                return None
            pos = end
            continue
        name = text[start + 1 :].split(None, 1)[0].split(">", 1)[0].split("/", 1)[0]
        return name.rsplit(":", 1)[-1].lower()
    return None


def root_name(head: bytes) -> str | None:
    """The root element's local name (see :func:`_root_name`), for format detection."""
    return _root_name(head)


def parse(data: bytes, origin: str | None) -> Iterator[Article | Link | InputError]:
    """The items of the feed ``data`` (``origin`` names it in messages and articles)."""
    if looks_like_json_feed(data[:4096]) or data.lstrip()[:1] == b"{":
        yield from _json_feed(data, origin)
        return
    if html.looks_like(data[:4096]):
        raise InputError(origin, 1, "an HTML page, not a feed: expected RSS, Atom or JSON Feed "
                                    "(the feed may have moved; a web page is read with --format html)")
    parse_safely(data, origin, strict=False)
    feedparser = news_module("feedparser", "reading feeds")
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    if not parsed.entries:
        if parsed.get("bozo") and not parsed.get("version"):
            raise InputError(origin, None, f"not a feed ({parsed.get('bozo_exception')}): expected RSS, Atom or JSON Feed")
        if not parsed.get("version"):
            raise InputError(origin, None, "not a feed: expected RSS, Atom or JSON Feed")
        return  # a feed with no items
    channel = parsed.feed
    outlet = _clean(channel.get("title", "")) or None
    language = _language(channel.get("language"))
    for index, entry in enumerate(parsed.entries, 1):
        yield _item(
            origin,
            index,
            link=entry.get("link"),
            title=entry.get("title", ""),
            content=[c.get("value", "") for c in entry.get("content", []) if c.get("value")],
            summary=entry.get("summary", ""),
            # dict.get: feedparser's own get() maps a missing "updated" to "published", with a warning
            published=_local_day(dict.get(entry, "published")) or _local_day(dict.get(entry, "updated"))
            or _struct_day(dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")),
            version=dict.get(entry, "updated") or dict.get(entry, "published") or dict.get(entry, "id"),
            authors=[a.get("name", "") for a in entry.get("authors", []) if isinstance(a, dict)]
            or ([entry["author"]] if entry.get("author") else []),
            outlet=outlet,
            language=language,
        )


def _json_feed(data: bytes, origin: str | None) -> Iterator[Article | Link | InputError]:
    try:
        obj = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(origin, None, f"not a JSON Feed ({exc})") from None
    if not isinstance(obj, dict) or "jsonfeed.org/version" not in str(obj.get("version", "")):
        raise InputError(origin, None, 'not a JSON Feed: expected "version": "https://jsonfeed.org/version/1.1"')
    items = obj.get("items")
    if not isinstance(items, list):
        raise InputError(origin, None, 'a JSON Feed without "items": expected a list')
    outlet = _clean(str(obj.get("title") or "")) or None
    language = _language(obj.get("language"))
    feed_authors = _json_authors(obj)
    for index, item in enumerate(items, 1):
        if not isinstance(item, dict):
            yield InputError(origin, None, f"item {index}: expected a JSON object")
            continue
        content = [str(item[k]) for k in ("content_html",) if item.get(k)]
        if not content and item.get("content_text"):
            content = ["<p>" + "</p><p>".join(_escape(p) for p in str(item["content_text"]).split("\n\n")) + "</p>"]
        raw_date = item.get("date_published") or item.get("date_modified")
        yield _item(
            origin,
            index,
            link=item.get("url") or item.get("external_url"),
            title=str(item.get("title") or ""),
            content=content,
            summary=str(item.get("summary") or ""),
            published=_iso_day(raw_date),
            version=str(item.get("date_modified") or raw_date or item.get("id") or "") or None,
            authors=_json_authors(item) or feed_authors,
            outlet=outlet,
            language=language,
        )


def _item(
    origin: str | None,
    index: int,
    *,
    link: str | None,
    title: str,
    content: list[str],
    summary: str,
    published: date | None,
    version: str | None,
    authors: list[str],
    outlet: str | None,
    language: str,
) -> Article | Link | InputError:
    title = _clean(html.fragment_text(title))
    summary_paragraphs = html.fragment_paragraphs(summary) if summary else []
    paragraphs: list[str] = []
    for part in content:
        paragraphs.extend(html.fragment_paragraphs(part))
    if not paragraphs and sum(len(p.split()) for p in summary_paragraphs) >= FULL_TEXT_WORDS:
        paragraphs, summary_paragraphs = summary_paragraphs, []
    where = f"item {index}" + (f" ({link})" if link else "")
    if not paragraphs or published is None:
        if link:
            return Link(url=link, origin=origin, published=published, version=version, title=title)
        what = "no text" if not paragraphs else "no date"
        return InputError(origin, None, f"{where}: {what} and no link to the article's page")
    text = "\n\n".join(paragraphs)
    caption = " ".join(summary_paragraphs)
    if caption and html.starts_with(text, caption):
        caption = ""
    return Article.create(
        published=published,
        title=title,
        text=text,
        caption=caption,
        outlet=outlet,
        authors=tuple(a for a in (_clean(x) for x in authors) if a),
        url=link,
        origin=origin,
        language=language,
    )


def _json_authors(obj: dict[str, Any]) -> list[str]:
    people = obj.get("authors") or ([obj["author"]] if isinstance(obj.get("author"), dict) else [])
    return [str(p.get("name")) for p in people if isinstance(p, dict) and p.get("name")] if isinstance(people, list) else []


def _local_day(value: object) -> date | None:
    """The day of an RFC 3339 (Atom) or RFC 822 (RSS) date as written, in the time zone it
    is written in: the outlet's day, which a conversion to UTC could move by one."""
    if not isinstance(value, str) or not value.strip():
        return None
    day = _iso_day(value)
    if day is not None:
        return day
    try:
        return email.utils.parsedate_to_datetime(value.strip()).date()
    except (TypeError, ValueError, IndexError):
        return None


def _struct_day(value: time.struct_time | None) -> date | None:
    """feedparser's dates are UTC struct_time values."""
    if value is None:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), UTC).date()
    except (OverflowError, ValueError, OSError):
        return None


def _iso_day(value: object) -> date | None:
    if not isinstance(value, str) or not value.strip():
        return None
    raw = value.strip().replace("Z", "+00:00")
    try:
        return datetime.fromisoformat(raw).date() if len(raw) > 10 else date.fromisoformat(raw)
    except ValueError:
        return None


def _language(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        return "und"
    return value.strip().replace("_", "-").split("-", 1)[0].lower() or "und"


def _clean(text: str) -> str:
    return " ".join(text.split())


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
