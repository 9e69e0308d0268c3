"""Fetching URLs, feeds and sitemaps, and watching sources for what is new.

- :mod:`~dateline.fetch.client`: HTTP with robots.txt, a rate limit per host, timeouts, a
  size cap, retries, conditional GET and a redirect limit (:class:`Fetcher`);
- :mod:`~dateline.fetch.sources`: reading an address (a page, a feed, a sitemap, a WARC
  file) into articles, following what feeds and sitemaps list (:class:`WebReader`);
- :mod:`~dateline.fetch.watch`: polling sources and ingesting only what is new or changed
  (``dateline watch``).

Needs the ``news`` extra (httpx and the web readers' libraries), imported when used.
"""

from __future__ import annotations

from dateline.fetch.client import DEFAULT_USER_AGENT, Fetcher, FetchError, FetchPolicy, Response

__all__ = ["DEFAULT_USER_AGENT", "FetchError", "FetchPolicy", "Fetcher", "Response", "is_url"]


def is_url(text: str) -> bool:
    """True when ``text`` is an http(s) address rather than a path."""
    return text.startswith(("http://", "https://"))
