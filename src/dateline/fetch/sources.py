"""Reading addresses: fetch a URL, tell what it is, hand it to its reader, and follow the
links a feed or sitemap lists.

    from dateline.fetch import Fetcher
    from dateline.fetch.sources import WebReader

    with Fetcher() as fetcher:
        reader = WebReader(fetcher, store)          # store: conditional GET, items seen
        result = ingest(store, reader.read_urls(["https://example.org/feed.xml"]))
        reader.save_states(store)                   # only after the articles are stored

What an address is: its Content-Type first (``text/html`` a page; RSS, Atom and JSON Feed
types a feed; ``application/warc`` a web archive; ``application/pdf`` and images are
rejected as not articles), else its first bytes (as for files); a ``.gz`` body that is not
content-encoded is decompressed first (``sitemap.xml.gz``).

With a store, each address's validators (ETag, Last-Modified) are sent on the next fetch,
so an unchanged address costs a 304 and reads nothing; and a page a feed or sitemap lists
with the same date (or id) as at the last poll is not fetched at all. The new states are
kept in :attr:`WebReader.pending` and written by :meth:`WebReader.save_states`, which the
caller runs after the articles are stored: a process killed in between fetches those
addresses again rather than losing their articles. A page whose fetch failed (network,
5xx, 429, robots.txt unreadable) keeps no state and is tried again next time, and the feed
or sitemap that listed it keeps no validators (it is read again in full, not answered 304).

Every failure is an :class:`~dateline.errors.InputError` naming the address and the
reason; the rest goes on.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from dateline.errors import InputError
from dateline.fetch.client import Fetcher, FetchError, Response
from dateline.model import Article
from dateline.readers import Format
from dateline.readers.web import DateFallback, Link, LinkKind, ReadOptions
from dateline.store.base import FetchState, Store

__all__ = ["MAX_SITEMAP_DEPTH", "ReadCounts", "WebReader", "format_of"]

#: A sitemap index may list sitemap indexes this deep (the protocol allows one level).
MAX_SITEMAP_DEPTH = 2
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json",
               "application/x-rss+xml")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_NOT_ARTICLES = ("application/pdf", "image/", "video/", "audio/", "application/zip", "application/octet-stream")


@dataclass(slots=True)
class ReadCounts:
    """What the fetching did: addresses fetched (200), answered 304, skipped because a
    listing showed them unchanged, and failed."""

    fetched: int = 0
    not_modified: int = 0
    unchanged: int = 0
    failed: int = 0
    failures: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, int]:
        return {"fetched": self.fetched, "not_modified": self.not_modified, "unchanged": self.unchanged,
                "failed": self.failed}


def format_of(response: Response) -> Format | str:
    """The reader for a response, or the reason none fits."""
    from dateline.readers import webformats

    media = response.media_type
    if media in _HTML_TYPES:
        return Format.HTML
    if media in _FEED_TYPES:
        return Format.FEED
    if media == "application/warc":
        return Format.WARC
    if media.startswith(_NOT_ARTICLES) and not response.body.startswith(b"WARC/"):
        return f"a {media} document, not a web page, feed, sitemap or WARC file"
    found = webformats.detect(response.body[:4096])
    if found is not None:
        return found
    return f"content of type {media or 'unknown'} that is not a web page, feed, sitemap or WARC file"


class WebReader:
    """Reads addresses through ``fetcher``; ``store`` (optional) keeps what was fetched.

    ``stop``: called before each fetch; when it returns True nothing more is fetched (the
    ``watch`` command stops after the current item this way). ``date_fallback``: for pages
    without a date of their own."""

    def __init__(
        self,
        fetcher: Fetcher,
        store: Store | None = None,
        *,
        date_fallback: DateFallback = DateFallback.NONE,
        stop: Callable[[], bool] | None = None,
    ) -> None:
        self.fetcher = fetcher
        self.store = store
        self.date_fallback = date_fallback
        self.stop = stop or (lambda: False)
        self.pending: dict[str, FetchState] = {}
        self.counts = ReadCounts()
        self._read: set[str] = set()  # addresses read in this run (a page in two listings once)

    @property
    def options(self) -> ReadOptions:
        """Read options whose links are fetched by this reader."""
        return ReadOptions(date_fallback=self.date_fallback, resolve=self.resolve)

    def read_urls(self, urls: Iterable[str]) -> Iterator[Article | InputError]:
        """The articles behind each address, in order."""
        for url in urls:
            if self.stop():
                return
            yield from self.read_url(url)

    def read_url(
        self, url: str, *, listed: date | datetime | None = None, version: str | None = None, depth: int = 0
    ) -> Iterator[Article | InputError]:
        """The articles behind one address (``listed``/``version``: what the listing that
        named it said about it)."""
        if url in self._read:
            return
        self._read.add(url)
        known = self._state(url)
        try:
            response = self.fetcher.get(url, etag=known.etag if known else None,
                                        last_modified=known.last_modified if known else None)
        except FetchError as exc:
            self.counts.failed += 1
            yield InputError(url, None, exc.reason)
            return
        if response.status == 304:
            self.counts.not_modified += 1
            assert known is not None
            self._keep(FetchState(url, known.etag, known.last_modified, version or known.item_version, 304))
            return
        self.counts.fetched += 1
        # the content was received: whatever the readers make of it, it is not fetched again unchanged
        self._keep(FetchState(url, response.etag, response.last_modified, version, 200))
        yield from self._read_response(response, listed, depth)

    def resolve(self, link: Link, depth: int = 0) -> Iterator[Article | InputError]:
        """Fetch and read what a feed or sitemap lists (the ``resolve`` of :attr:`options`)."""
        if self.stop():
            return
        if link.version is not None:
            known = self._state(link.url)
            if known is not None and known.item_version == link.version:
                self.counts.unchanged += 1
                return
        if link.kind is LinkKind.SITEMAP and depth >= MAX_SITEMAP_DEPTH:
            yield InputError(link.url, None, f"sitemap index nested more than {MAX_SITEMAP_DEPTH} deep: not read")
            return
        yield from self.read_url(link.url, listed=link.published, version=link.version,
                                 depth=depth + (link.kind is LinkKind.SITEMAP))

    def save_states(self, store: Store | None = None) -> int:
        """Write the pending states (after the articles read are stored); the number written."""
        target = store or self.store
        states = list(self.pending.values())
        if target is not None and states:
            target.save_fetch_states(states)
        self.pending.clear()
        return len(states)

    # -- helpers -------------------------------------------------------------------------

    def _state(self, url: str) -> FetchState | None:
        if url in self.pending:
            return self.pending[url]
        if self.store is None:
            return None
        return self.store.fetch_states([url]).get(url)

    def _keep(self, state: FetchState) -> None:
        if self.store is not None:
            self.pending[state.url] = state

    def _read_response(self, response: Response, listed: date | datetime | None,
                       depth: int) -> Iterator[Article | InputError]:
        from dateline.readers import feed, html, sitemap, warc, webformats

        url = response.url
        body = response.body
        if body[:2] == b"\x1f\x8b":  # a .gz file served as is (the transfer itself is decoded by httpx)
            try:
                body = webformats.gunzip(url, io.BytesIO(body))
            except InputError as exc:
                yield InputError(url, None, exc.reason)
                return
            response = Response(response.url, response.final_url, response.status, response.headers, body,
                                response.fetched)
        fmt = format_of(response)
        if not isinstance(fmt, Format):  # the reason no reader fits
            yield InputError(url, None, fmt)
            return
        try:
            if fmt is Format.HTML:
                yield html.parse(body, origin=url, url=response.final_url, charset=response.charset,
                                 listed=listed, fetched=response.fetched, date_fallback=self.date_fallback)
            elif fmt is Format.WARC:
                yield from warc.read(io.BytesIO(body), url, self.date_fallback)
            else:
                failed = self.counts.failed
                items = feed.parse(body, url) if fmt is Format.FEED else sitemap.parse(body, url)
                for item in items:
                    if isinstance(item, Link):
                        yield from self.resolve(item, depth)
                        if self.stop():
                            self._incomplete(url)
                            return
                    else:
                        yield item
                if self.counts.failed > failed:
                    self._incomplete(url)
        except InputError as exc:
            yield InputError(url, exc.line, exc.reason)

    def _incomplete(self, url: str) -> None:
        """A listing some of whose links were not read (a fetch failed, or the run was
        stopped): its validators are not kept, so the next run reads it again rather than
        taking a 304 for "nothing new" (the links already read are skipped as unchanged)."""
        state = self.pending.get(url)
        if state is not None:
            self.pending[url] = FetchState(url, None, None, state.item_version, state.status)
