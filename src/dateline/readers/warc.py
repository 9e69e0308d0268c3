"""Web archives: WARC (and ARC, read as WARC) files, plain or gzipped record by record.

The file is streamed with warcio's ArchiveIterator, so memory does not grow with its size
(``python -m bench.warc`` measures it). Every ``response`` record whose HTTP status is 200
and whose content type is HTML goes through the html reader
(:func:`dateline.readers.html.parse`) with the record's ``WARC-Target-URI`` as the
article's address and its ``WARC-Date`` as the time it was fetched (used only with
``--date-fallback fetched``). Every other record (requests, metadata, ``warcinfo``,
revisits, redirects, error pages, images, PDFs ...) is skipped and counted: one warning per
file says how many of each.

A record that cannot be read (a truncated or corrupt record, gzip that is not gzip) is
rejected with its byte offset, and reading goes on at the next record start found after it
(the next gzip member, or the next ``WARC/1.`` line): the rest of the file goes in. A page
the html reader rejects (no date, no text) is rejected with the record's offset and
address.
"""

from __future__ import annotations

import contextlib
import io
import warnings
import zlib
from collections import Counter, deque
from collections.abc import Iterator
from datetime import datetime
from typing import IO, Any

from dateline.errors import InputError, InputWarning
from dateline.model import Article
from dateline.readers import html
from dateline.readers.web import DateFallback, news_module

__all__ = ["looks_like", "read"]

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_GZIP = b"\x1f\x8b\x08"
_SCAN = 1 << 20  # bytes read at a time when looking for the next record
_LOOKBACK = 8  # records before a read error among which the damaged gzip member is looked for


def looks_like(head: bytes) -> bool:
    """True when the first bytes are an uncompressed WARC record's (gzipped WARC files are
    recognised by their name)."""
    return head.startswith((b"WARC/1.", b"WARC/0."))


def read(
    stream: IO[bytes], origin: str | None, date_fallback: DateFallback = DateFallback.NONE
) -> Iterator[Article | InputError]:
    """The articles of the WARC file open as ``stream`` (seekable, binary), with an
    InputError per bad record or rejected page."""
    archive = news_module("warcio.archiveiterator", "reading WARC files")
    skipped: Counter[str] = Counter()
    start = stream.tell()
    gzipped = stream.read(3) == _GZIP
    stream.seek(start)
    records = 0
    while True:
        iterator = archive.ArchiveIterator(stream, arc2warc=True)
        recent: deque[int] = deque(maxlen=_LOOKBACK)  # offsets of the last records read
        try:
            while True:
                try:
                    with contextlib.redirect_stderr(io.StringIO()):  # warcio writes notes to stderr
                        record = next(iterator)
                except StopIteration:
                    break
                records += 1
                recent.append(iterator.offset)
                item = _record(record, iterator.offset, origin, date_fallback, skipped)
                if item is not None:
                    yield item
            break
        except Exception as exc:  # noqa: BLE001 (warcio, zlib and the HTTP parser raise many kinds)
            bad = iterator.offset
            if gzipped and recent:
                bad = _damaged_member(stream, recent[0], bad)
            yield InputError(origin, None, f"bad WARC record at offset {bad}: {type(exc).__name__}: "
                                           f"{str(exc)[:200] or 'cannot be read'}")
            resume = _next_record_start(stream, bad + 1, gzipped)
            if resume is None:
                break
            stream.seek(resume)
    if records == 0 and not skipped:
        warnings.warn(InputWarning(origin, None, "no WARC records in the file"), stacklevel=2)
    if skipped:
        detail = ", ".join(f"{n} {what}" for what, n in skipped.most_common())
        warnings.warn(InputWarning(origin, None, f"{sum(skipped.values())} records skipped, not HTML pages: {detail}"),
                      stacklevel=2)


def _record(
    record: Any, offset: int, origin: str | None, date_fallback: DateFallback, skipped: Counter[str]
) -> Article | InputError | None:
    kind = record.rec_type
    if kind != "response":
        skipped[kind] += 1
        return None
    http = record.http_headers
    if http is None:  # a response to a non-HTTP request (dns:, ftp:)
        skipped["non-HTTP response"] += 1
        return None
    ctype = (http.get_header("Content-Type") or "").strip()
    media = ctype.split(";", 1)[0].strip().lower()
    status = http.get_statuscode()
    if status != "200":
        skipped[f"response with status {status}"] += 1
        return None
    if media not in _HTML_TYPES:
        skipped[f"{media or 'untyped'} response"] += 1
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    where = f"record at offset {offset} ({url})"
    content = record.content_stream().read(html.MAX_PAGE_BYTES + 1)
    if len(content) > html.MAX_PAGE_BYTES:
        return InputError(origin, None, f"{where}: page larger than {html.MAX_PAGE_BYTES // 2**20} MB")
    try:
        return html.parse(content, origin=origin, url=url, charset=_charset(ctype),
                          fetched=_warc_date(record.rec_headers.get_header("WARC-Date")),
                          date_fallback=date_fallback)
    except InputError as exc:
        return InputError(origin, None, f"{where}: {exc.reason}")


def _charset(ctype: str) -> str | None:
    for part in ctype.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _warc_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def _damaged_member(stream: IO[bytes], since: int, failed_at: int) -> int:
    """The start of the first gzip member between ``since`` and ``failed_at`` that does not
    decompress, else ``failed_at``.

    A damaged member is not always where warcio fails: when zlib does not notice the damage
    at once, the member's garbage can parse as a record (skipped as not HTML) and reading
    fails further on, inside or after it. The member that does not decompress is the one a
    person should look at, and the one whose record was lost."""
    stream.seek(since)
    data = stream.read(failed_at - since + 1)
    starts = [i for i in range(len(data)) if data.startswith(_GZIP, i)]
    for here, after in zip(starts, [*starts[1:], len(data)], strict=True):
        member = data[here:after]
        try:
            zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(member)
        except zlib.error:
            return since + here
    return failed_at


def _next_record_start(stream: IO[bytes], position: int, gzipped: bool) -> int | None:
    """The offset of the first record start at or after ``position``: a gzip member for a
    gzipped file, a ``WARC/1.`` line otherwise; None at the end of the file."""
    marker = _GZIP if gzipped else b"\nWARC/1."
    stream.seek(position)
    carry = b""
    base = position
    while True:
        chunk = stream.read(_SCAN)
        if not chunk:
            return None
        data = carry + chunk
        found = data.find(marker)
        if found >= 0:
            return base - len(carry) + found + (0 if gzipped else 1)
        carry = data[-(len(marker) - 1) :]
        base += len(chunk)
