"""HTTP fetching with manners: robots.txt, a rate limit per host, timeouts, a size cap,
retries with backoff, conditional GET and a redirect limit (httpx).

    from dateline.fetch import Fetcher, FetchPolicy

    with Fetcher(FetchPolicy(rate=1.0)) as fetcher:
        response = fetcher.get("https://example.org/news/feed.xml", etag='"abc"')
        response.status    # 200, or 304 when the etag still matches (body empty)

What a fetch does, in order, for the address and for every redirect hop:

- **robots.txt** of the host is read once (cached for 24 hours, as RFC 9309 allows) with
  ``urllib.robotparser``, for the product token ``dateline`` (the most specific rule wins,
  as the RFC says, not the first in the file); an address it disallows is refused. A robots.txt that answers 4xx allows everything; one that cannot be read (5xx,
  a timeout, a refused connection) means *disallow everything* for that host, as RFC 9309
  (section 2.3.1.4) requires, until the next attempt 10 minutes later: a crawler must not
  take a server's trouble as permission. A ``Crawl-delay`` slows the host down (at most 60 s).
- **rate limit**: at most ``rate`` requests per second to one host (default 1), robots.txt
  requests included.
- **timeouts**: ``connect_timeout`` to connect, ``read_timeout`` between two bytes, and
  ``total_timeout`` for the whole response (a server that dribbles bytes is cut off).
- **size cap**: the body is streamed and the transfer aborted past ``max_bytes`` (checked
  on the decoded bytes, so a gzip bomb is cut off too); a Content-Length above the cap is
  refused before the body is read.
- **retries**: 429, 500, 502, 503 and 504 answers and failed connections are tried again,
  ``retries`` times, waiting what ``Retry-After`` asks (seconds or an HTTP date) or else 1,
  2, 4 ... seconds; a wait longer than ``max_retry_wait`` is not made (the fetch fails with
  the server's request in the reason). A read timeout is not retried: a server too slow now
  is rarely fast a second later, and each try would cost the whole timeout again.
- **conditional GET**: ``etag``/``last_modified`` (kept per address by the caller) are sent
  as ``If-None-Match``/``If-Modified-Since``; a 304 answer is a :class:`Response` with
  status 304 and no body.
- **redirects**: followed by hand, at most ``max_redirects``; a loop is refused as such.

Every failure is a :class:`FetchError` with the address and a reason a person can act on.
"""

from __future__ import annotations

import email.utils
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Self
from urllib.parse import urljoin, urlsplit

from dateline import __version__
from dateline.errors import DatelineError
from dateline.readers.web import news_module

__all__ = ["DEFAULT_USER_AGENT", "FetchError", "FetchPolicy", "Fetcher", "Response"]

#: Names dateline and its version; ``--user-agent`` (or ``$DATELINE_USER_AGENT``) should add
#: a way to reach whoever runs it, as polite crawlers do.
DEFAULT_USER_AGENT = f"dateline/{__version__} (+https://example.invalid/dateline; contact: unset)"
_RETRY_STATUS = frozenset((429, 500, 502, 503, 504))
_REDIRECT_STATUS = frozenset((301, 302, 303, 307, 308))
_ROBOTS_TTL = 24 * 3600.0
_ROBOTS_RETRY = 600.0
_MAX_CRAWL_DELAY = 60.0
_ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309: at least 500 KiB must be parsed
_TOKEN = "dateline"


class FetchError(DatelineError):
    """A fetch that failed: ``url`` and ``reason``."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"{url}: {reason}")


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """How politely and how patiently to fetch (see the module docstring)."""

    user_agent: str = DEFAULT_USER_AGENT
    rate: float = 1.0  # requests per second to one host
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    total_timeout: float = 120.0
    max_bytes: int = 32 * 1024 * 1024
    retries: int = 3
    max_retry_wait: float = 120.0
    backoff: float = 1.0  # first wait without Retry-After, doubled at each retry
    max_redirects: int = 5
    obey_robots: bool = True


@dataclass(frozen=True, slots=True)
class Response:
    """A 200 or 304 answer: the address asked for, the one answered (after redirects), the
    status, the headers (lower-case names), the body and when it was fetched (UTC)."""

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    body: bytes
    fetched: datetime

    @property
    def media_type(self) -> str:
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = part.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                return value.strip().strip("\"'")
        return None

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")


@dataclass(slots=True)
class _Robots:
    parser: urllib.robotparser.RobotFileParser | None  # None: allow everything
    error: str | None  # the host's robots.txt could not be read: everything disallowed
    expires: float
    delay: float = 0.0


@dataclass(slots=True)
class _Stats:
    requests: int = 0
    retries: int = 0
    waits: list[float] = field(default_factory=list)


class Fetcher:
    """Fetches addresses under a :class:`FetchPolicy`. ``clock`` and ``sleep`` are the
    monotonic clock and the sleep the rate limit and retries use (tests pass their own);
    ``transport`` an httpx transport (tests may pass a mock). Not thread-safe."""

    def __init__(
        self,
        policy: FetchPolicy | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        transport: Any = None,
    ) -> None:
        httpx = news_module("httpx", "fetching URLs")
        self.policy = policy or FetchPolicy()
        self._httpx = httpx
        self._clock = clock
        self._sleep = sleep
        p = self.policy
        self._client = httpx.Client(
            headers={"User-Agent": p.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(p.read_timeout, connect=p.connect_timeout),
            follow_redirects=False,
            transport=transport,
        )
        self._next: dict[str, float] = {}  # host -> earliest time of its next request
        self._robots: dict[str, _Robots] = {}
        self.stats = _Stats()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    # -- the one public operation ----------------------------------------------------------

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Response:
        """GET ``url`` (see the module docstring); :class:`FetchError` when it fails."""
        conditional = {}
        if etag:
            conditional["If-None-Match"] = etag
        if last_modified:
            conditional["If-Modified-Since"] = last_modified
        seen = [url]
        current = url
        while True:
            _check_address(current)
            self._check_robots(current)
            status, headers, body = self._get_with_retries(current, conditional)
            if status in _REDIRECT_STATUS:
                location = headers.get("location")
                if not location:
                    raise FetchError(url, f"HTTP {status} redirect without a Location header")
                target = urljoin(current, location.strip())
                if target in seen:
                    raise FetchError(url, "redirect loop: " + " → ".join([*seen[seen.index(target):], target]))
                if len(seen) > self.policy.max_redirects:
                    raise FetchError(url, f"more than {self.policy.max_redirects} redirects")
                seen.append(target)
                current = target
                continue
            fetched = datetime.now(UTC)
            if status in (200, 304):
                return Response(url, current, status, headers, body if status == 200 else b"", fetched)
            raise FetchError(url, _status_reason(status, current, url))

    # -- robots.txt ----------------------------------------------------------------------

    def _check_robots(self, url: str) -> None:
        if not self.policy.obey_robots:
            return
        host = _host(url)
        rules = self._robots.get(host)
        if rules is None or rules.expires <= self._clock():
            rules = self._robots[host] = self._read_robots(url)
        if rules.error is not None:
            raise FetchError(url, f"{host}/robots.txt could not be read ({rules.error}); RFC 9309 says to take "
                                  "that as disallowing everything: tried again in 10 minutes")
        if rules.parser is not None and not rules.parser.can_fetch(_TOKEN, url):
            raise FetchError(url, f"disallowed by {host}/robots.txt for {_TOKEN!r}")

    def _read_robots(self, url: str) -> _Robots:
        parts = urlsplit(url)
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        now = self._clock()
        current = robots_url
        try:
            for _ in range(6):  # RFC 9309: follow at least five redirects
                status, headers, body = self._get_once(current, {}, max_bytes=_ROBOTS_MAX_BYTES, truncate=True)
                if status in _REDIRECT_STATUS and headers.get("location"):
                    current = urljoin(current, headers["location"].strip())
                    continue
                break
            else:
                return _Robots(None, None, now + _ROBOTS_TTL)  # too many redirects: RFC says allow
        except (FetchError, _Retryable) as exc:
            return _Robots(None, exc.reason, now + _ROBOTS_RETRY)
        if 200 <= status < 300:
            parser = urllib.robotparser.RobotFileParser(robots_url)
            parser.parse(body.decode("utf-8", "replace").splitlines())
            _most_specific_first(parser)
            delay = parser.crawl_delay(_TOKEN)
            return _Robots(parser, None, now + _ROBOTS_TTL,
                           min(float(delay), _MAX_CRAWL_DELAY) if delay is not None else 0.0)
        if 400 <= status < 500 and status != 429:
            return _Robots(None, None, now + _ROBOTS_TTL)  # no robots.txt: everything allowed
        return _Robots(None, f"HTTP {status}", now + _ROBOTS_RETRY)

    # -- requests ------------------------------------------------------------------------

    def _get_with_retries(self, url: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        p = self.policy
        attempt = 0
        while True:
            try:
                status, got, body = self._get_once(url, headers, max_bytes=p.max_bytes)
            except _Retryable as exc:
                got, reason = {}, exc.reason
            else:
                if status not in _RETRY_STATUS:
                    return status, got, body
                reason = _status_reason(status, url, url)
            got = got or {}
            if attempt >= p.retries:
                raise FetchError(url, f"{reason} (after {attempt + 1} tries)")
            wait = _retry_after(got.get("retry-after"), p.backoff * 2**attempt)
            if wait > p.max_retry_wait:
                raise FetchError(url, f"{reason}; the server asks to retry after {wait:.0f} s, more than the "
                                      f"{p.max_retry_wait:.0f} s dateline waits")
            attempt += 1
            self.stats.retries += 1
            self.stats.waits.append(wait)
            self._sleep(wait)

    def _wait_turn(self, url: str) -> None:
        host = _host(url)
        rules = self._robots.get(host)
        interval = max(1.0 / self.policy.rate if self.policy.rate > 0 else 0.0, rules.delay if rules else 0.0)
        now = self._clock()
        due = self._next.get(host, now)
        if due > now:
            self._sleep(due - now)
            now = due
        self._next[host] = now + interval

    def _get_once(
        self, url: str, headers: dict[str, str], *, max_bytes: int, truncate: bool = False
    ) -> tuple[int, dict[str, str], bytes]:
        """One request: status, headers (lower-case names) and body (empty for redirects and
        errors). Raises _Retryable for a failed connection, FetchError for other failures."""
        httpx = self._httpx
        self._wait_turn(url)
        self.stats.requests += 1
        deadline = time.monotonic() + self.policy.total_timeout
        try:
            with self._client.stream("GET", url, headers=headers) as r:
                got = {k.lower(): v for k, v in r.headers.items()}
                if r.status_code != 200:
                    return r.status_code, got, b""
                declared = got.get("content-length", "")
                if declared.isdigit() and int(declared) > max_bytes and not truncate:
                    raise FetchError(url, f"body of {int(declared):,} bytes (Content-Length): larger than the "
                                          f"{_mb(max_bytes)} limit")
                chunks: list[bytes] = []
                size = 0
                for chunk in r.iter_bytes():
                    size += len(chunk)
                    if size > max_bytes:
                        if truncate:
                            chunks.append(chunk[: max_bytes - (size - len(chunk))])
                            break
                        raise FetchError(url, f"body larger than the {_mb(max_bytes)} limit: transfer aborted")
                    chunks.append(chunk)
                    if time.monotonic() > deadline:
                        raise FetchError(url, f"too slow: the whole response took longer than "
                                              f"{self.policy.total_timeout:.0f} s")
                return r.status_code, got, b"".join(chunks)
        except httpx.ConnectTimeout:
            raise _Retryable(f"could not connect within {self.policy.connect_timeout:g} s") from None
        except httpx.ConnectError as exc:
            raise _Retryable(f"could not connect ({_short(exc)})") from None
        except httpx.ReadTimeout:
            raise FetchError(url, f"too slow: no data for {self.policy.read_timeout:g} s (read timeout)") from None
        except httpx.TooManyRedirects:  # not raised with follow_redirects=False; kept for clarity
            raise FetchError(url, "too many redirects") from None
        except httpx.DecodingError as exc:
            raise FetchError(url, f"the body cannot be decoded as its Content-Encoding says ({_short(exc)})") from None
        except httpx.RemoteProtocolError as exc:
            raise _Retryable(f"the server broke the connection ({_short(exc)})") from None
        except httpx.InvalidURL as exc:
            raise FetchError(url, f"not a valid address ({exc})") from None
        except httpx.HTTPError as exc:
            raise FetchError(url, f"{type(exc).__name__}: {_short(exc)}") from None


def _most_specific_first(parser: urllib.robotparser.RobotFileParser) -> None:
    """Order each group's rules so the first match is the most specific one (the longest
    path; an allow before a disallow of the same length), as RFC 9309 (2.2.2) requires:
    ``urllib.robotparser`` applies the first rule that matches, in file order."""
    entries: list[Any] = getattr(parser, "entries", [])
    default = getattr(parser, "default_entry", None)
    groups = [*entries, *([default] if default is not None else [])]
    for group in groups:
        group.rulelines.sort(key=lambda rule: (-len(rule.path), not rule.allowance))


class _Retryable(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _check_address(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise FetchError(url, "not an http(s) address")


def _host(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}"


def _retry_after(value: str | None, default: float) -> float:
    """The wait a Retry-After header asks for (seconds, or an HTTP date), else ``default``."""
    if not value:
        return default
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _status_reason(status: int, url: str, asked: str) -> str:
    from http import HTTPStatus

    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "unknown status"
    where = f" (redirected to {url})" if url != asked else ""
    return f"HTTP {status} {phrase}{where}"


def _short(exc: BaseException) -> str:
    return str(exc)[:200] or type(exc).__name__


def _mb(size: int) -> str:
    return f"{size / 2**20:g} MB" if size >= 2**20 else f"{size:,} bytes"
