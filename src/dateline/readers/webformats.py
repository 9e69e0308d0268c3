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
from typing import TYPE_CHECKING

from dateline.errors import InputError
from dateline.model import Article
from dateline.readers.web import NOT_FETCHED, Link, ReadOptions

if TYPE_CHECKING:
    from dateline.readers import Format

__all__ = ["MAX_GUNZIP_BYTES", "detect", "gunzip", "gunzip_lines", "is_gzip", "read", "resolve_links"]

#: A gzipped file (other than JSON lines and WARC, which stream) may hold at most this much.
MAX_GUNZIP_BYTES = 256 * 1024 * 1024
_GZIP_MAGIC = b"\x1f\x8b"


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


def is_gzip(path: Path, data: bytes | None) -> bool:
    """True when the file is to be decompressed: its name ends in ``.gz``, or its content
    (when given) starts with the gzip signature."""
    return path.name.lower().endswith(".gz") or (data is not None and data[:2] == _GZIP_MAGIC)


def gunzip(path: Path, data: bytes | None) -> bytes:
    """The decompressed content of a gzip file (``data``, or read from ``path``), or an
    InputError: not gzip, corrupt, or more than :data:`MAX_GUNZIP_BYTES` once decompressed."""
    where = str(path)
    try:
        raw = data if data is not None else path.read_bytes()
    except OSError as exc:
        raise InputError(where, None, f"cannot read file: {exc.strerror or exc}") from None
    if raw[:2] != _GZIP_MAGIC:
        raise InputError(where, None, "not gzip data (the name ends in .gz but the content does not start "
                                      "with the gzip signature)")
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(raw)) as f:
            out = f.read(MAX_GUNZIP_BYTES + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(where, None, f"corrupt gzip data ({exc})") from None
    if len(out) > MAX_GUNZIP_BYTES:
        raise InputError(where, None, f"decompresses to more than {MAX_GUNZIP_BYTES // 2**20} MB "
                                      "(only JSON lines and WARC files are read as a stream)")
    return out


def gunzip_lines(
    path: Path, data: bytes | None, parse: Callable[[Iterable[bytes], str | None], Iterator[Article | InputError]]
) -> Iterator[Article | InputError]:
    """Stream the lines of a gzipped JSON lines file through ``parse``."""
    where = str(path)
    try:
        raw = io.BytesIO(data) if data is not None else open(path, "rb")  # noqa: SIM115
    except OSError as exc:
        yield InputError(where, None, f"cannot read file: {exc.strerror or exc}")
        return
    with raw:
        if raw.read(2) != _GZIP_MAGIC:
            yield InputError(where, None, "not gzip data (the name ends in .gz but the content does not start "
                                          "with the gzip signature)")
            return
        raw.seek(0)
        try:
            with gzip.GzipFile(fileobj=raw) as f:
                yield from parse(f, where)
        except (OSError, EOFError, zlib.error) as exc:
            yield InputError(where, None, f"corrupt gzip data ({exc}); the lines before it were read")


def read(fmt: Format, path: Path, data: bytes | None, options: ReadOptions | None) -> Iterator[Article | InputError]:
    """The articles of one file in a web format (``data``: its content, when in memory)."""
    from dateline.readers import Format, feed, html, sitemap, warc

    options = options or ReadOptions()
    where = str(path)
    if fmt is Format.WARC:
        try:
            stream = io.BytesIO(data) if data is not None else open(path, "rb")  # noqa: SIM115
        except OSError as exc:
            yield InputError(where, None, f"cannot read file: {exc.strerror or exc}")
            return
        with stream:
            yield from warc.read(stream, where, options.date_fallback)
        return
    if data is None:
        try:
            size = path.stat().st_size
            if fmt is Format.HTML and size > html.MAX_PAGE_BYTES:
                raise InputError(where, None, f"page of {size:,} bytes: larger than the "
                                              f"{html.MAX_PAGE_BYTES // 2**20} MB a web page may have")
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(where, None, f"cannot read file: {exc.strerror or exc}") from None
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
