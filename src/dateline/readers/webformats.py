"""Reading the web formats from files (or uploads): which one a file is, gzip, and handing
each to its reader (:mod:`~dateline.readers.html`, :mod:`~dateline.readers.feed`,
:mod:`~dateline.readers.warc`, :mod:`~dateline.readers.sitemap`).

:func:`dateline.readers.read_source` calls :func:`read` for these formats, and
:func:`is_gzip`/:func:`gunzip` for any ``.gz`` file. Links that a feed or sitemap lists are
fetched and read through ``options.resolve`` when fetching is on, else rejected with the
reason (:data:`~dateline.readers.web.NOT_FETCHED`).
"""

from __future__ import annotations

import gzip
import io
import os
import zlib
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, cast

from dateline.errors import InputError
from dateline.model import Article
from dateline.readers.web import NOT_FETCHED, Link, ReadOptions

if TYPE_CHECKING:
    from dateline.readers import Format

__all__ = ["MAX_GUNZIP_BYTES", "detect", "gunzip", "gunzip_lines", "is_gzip", "read", "resolve_links"]

#: A gzipped file (other than JSON lines and WARC, which stream) may hold at most this much.
MAX_GUNZIP_BYTES = 256 * 1024 * 1024
_GZIP_MAGIC = b"\x1f\x8b"
_NOT_GZIP = "not gzip data (the name ends in .gz but the content does not start with the gzip signature)"


def detect(head: bytes) -> Format | None:
    """The web format the first bytes of a file are in, or None."""
    from dateline.readers import Format, feed, html, sitemap, warc

    if warc.looks_like(head):
        return Format.WARC
    if feed.looks_like_json_feed(head):
        return Format.FEED
    if html.looks_like(head):
        return Format.HTML
    if sitemap.looks_like(head):
        return Format.SITEMAP
    if feed.looks_like(head):
        return Format.FEED
    return None


def is_gzip(path: Path, head: bytes) -> bool:
    """True when the file is to be decompressed: its name ends in ``.gz``, or its first
    bytes ``head`` start with the gzip signature."""
    return path.name.lower().endswith(".gz") or head[:2] == _GZIP_MAGIC


def gunzip(where: str, stream: BinaryIO) -> bytes:
    """The decompressed content of the gzip data in ``stream``, or an InputError: not gzip,
    corrupt, or more than :data:`MAX_GUNZIP_BYTES` once decompressed."""
    if stream.read(2) != _GZIP_MAGIC:
        raise InputError(where, None, _NOT_GZIP)
    stream.seek(0)
    try:
        with gzip.GzipFile(fileobj=stream) as f:
            out = f.read(MAX_GUNZIP_BYTES + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(where, None, f"corrupt gzip data ({exc})") from None
    if len(out) > MAX_GUNZIP_BYTES:
        raise InputError(where, None, f"decompresses to more than {MAX_GUNZIP_BYTES // 2**20} MB "
                                      "(only JSON lines and WARC files are read as a stream)")
    return out


def gunzip_lines(
    where: str, stream: BinaryIO, parse: Callable[[BinaryIO, str | None], Iterator[Article | InputError]]
) -> Iterator[Article | InputError]:
    """Stream the lines of the gzipped JSON lines in ``stream`` through ``parse``; a file cut
    short or corrupt keeps the lines before the damage and ends with an InputError."""
    if stream.read(2) != _GZIP_MAGIC:
        yield InputError(where, None, _NOT_GZIP)
        return
    stream.seek(0)
    with gzip.GzipFile(fileobj=stream) as f:
        salvaged = _Salvaging(f)
        yield from parse(cast(BinaryIO, salvaged), where)
    if salvaged.error is not None:
        yield InputError(where, None, f"corrupt gzip data ({salvaged.error}); the lines before it were read")


class _Salvaging(io.RawIOBase):
    """A gzip stream read in small pieces, so that what was decompressed before damage
    (a file cut short, corrupt data) is still given out; the error is kept in ``error`` and
    the stream then ends."""

    def __init__(self, gz: gzip.GzipFile) -> None:
        self._gz = gz
        self.error: Exception | None = None

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        want = size if size is not None and size >= 0 else 1 << 62
        out = bytearray()
        while self.error is None and len(out) < want:
            try:
                piece = self._gz.read1(min(1 << 16, want - len(out)))
            except (OSError, EOFError, zlib.error) as exc:
                self.error = exc
                break
            if not piece:
                break
            out += piece
        return bytes(out)


def read(fmt: Format, path: Path, stream: BinaryIO, options: ReadOptions | None,
         where: str | None = None) -> Iterator[Article | InputError]:
    """The articles of one file in a web format, read from ``stream`` (the open file, or its
    content in memory); ``path`` names it (``where``: as messages show it) and gives a saved
    page its modification time."""
    from dateline.readers import Format, feed, html, sitemap, warc

    options = options or ReadOptions()
    where = where if where is not None else str(path)
    if fmt is Format.WARC:
        yield from warc.read(stream, where, options.date_fallback)
        return
    limit = html.MAX_PAGE_BYTES if fmt is Format.HTML else MAX_GUNZIP_BYTES
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputError(where, None, f"larger than the {limit // 2**20} MB a "
                                      f"{'web page' if fmt is Format.HTML else 'feed or sitemap'} may have")
    if fmt is Format.HTML:
        yield html.parse(data, origin=where, fetched=_modified(path), date_fallback=options.date_fallback)
        return
    items = feed.parse(data, where) if fmt is Format.FEED else sitemap.parse(data, where)
    yield from resolve_links(items, options)


def resolve_links(items: Iterable[Article | Link | InputError], options: ReadOptions) -> Iterator[Article | InputError]:
    """Articles and errors as they are; each link fetched and read through
    ``options.resolve``, or rejected when fetching is off."""
    for item in items:
        if not isinstance(item, Link):
            yield item
        elif options.resolve is not None:
            yield from options.resolve(item)
        else:
            yield InputError(item.origin, None, f"{item.url}: {NOT_FETCHED}")


def _modified(path: Path) -> datetime | None:
    """When the file was last changed: the "fetched" time of a saved page."""
    try:
        return datetime.fromtimestamp(os.stat(path).st_mtime, UTC)
    except OSError:
        return None
