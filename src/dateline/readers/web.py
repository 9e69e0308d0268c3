"""What the readers of web formats share (:mod:`~dateline.readers.html`,
:mod:`~dateline.readers.feed`, :mod:`~dateline.readers.warc`,
:mod:`~dateline.readers.sitemap`): the options a read takes, the links a feed or sitemap
hands on to be fetched, decoding a page's bytes, and loading the libraries of the ``news``
extra.

A feed item that carries only a summary, and every entry of a sitemap, is a :class:`Link`:
the article is on the linked page. Readers never fetch; whoever reads with fetching on
passes :attr:`ReadOptions.resolve` (see :func:`dateline.fetch.sources.resolver`), and a
link read without it is rejected with the reason.
"""

from __future__ import annotations

import codecs
import importlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from types import ModuleType
from typing import TYPE_CHECKING

from dateline.errors import DatelineError, InputError

if TYPE_CHECKING:
    from dateline.model import Article

__all__ = [
    "INSTALL_HINT",
    "NOT_FETCHED",
    "DateFallback",
    "Link",
    "LinkKind",
    "ReadOptions",
    "decode_markup",
    "news_module",
]

#: How to install what the web readers need.
INSTALL_HINT = "pip install 'dateline[news]'"
#: The reason a link is rejected when fetching is off.
NOT_FETCHED = "the article is on the linked page, which is not fetched (fetching is off: pass --fetch)"


class DateFallback(StrEnum):
    """What a page without a publication date of its own gets (``--date-fallback``)."""

    NONE = "none"  # rejected, with that reason
    FETCHED = "fetched"  # the day it was fetched (a WARC record's date; a file's modification day)


class LinkKind(StrEnum):
    PAGE = "page"  # an article page
    SITEMAP = "sitemap"  # a sitemap listed by a sitemap index


@dataclass(frozen=True, slots=True)
class Link:
    """A page (or sitemap) a feed or sitemap lists: its address, where it was listed, the
    date the listing gives it (None: none), a version that changes when the listing says
    the page changed (its date as written, or the item's id), and the listed title."""

    url: str
    origin: str | None
    kind: LinkKind = LinkKind.PAGE
    published: date | datetime | None = None
    version: str | None = None
    title: str = ""


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How web formats are read: what a page without a date gets (``date_fallback``), and
    ``resolve``, which fetches a :class:`Link` and reads what is there (None: fetching is
    off, links are rejected)."""

    date_fallback: DateFallback = DateFallback.NONE
    resolve: Callable[[Link], Iterator[Article | InputError]] | None = None


def news_module(name: str, what: str) -> ModuleType:
    """The module ``name`` from the ``news`` extra, or a :class:`DatelineError` saying how
    to install it (``what``: what needs it, for the message)."""
    try:
        return importlib.import_module(name)
    except ImportError:
        raise DatelineError(f"{what} needs the news extra ({name} is not installed): {INSTALL_HINT}") from None


# <meta charset="..."> or <meta http-equiv="Content-Type" content="text/html; charset=...">,
# and <?xml ... encoding="..."?>, in the first bytes of a page
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_SNIFF = 4096
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode_markup(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """The text of an HTML or XML document and the encoding it was read with.

    In order: a byte-order mark; the charset the server declared (``declared``, from
    Content-Type); the page's own ``<meta charset>`` or XML declaration; UTF-8 when the
    bytes are valid UTF-8; otherwise the encoding charset-normalizer finds most likely
    (windows-1252 when it cannot tell). A declared encoding the bytes do not fit is
    skipped, not trusted."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(name, "replace") if name == "utf-8" else data.decode(name, "replace"), name
    head = data[:_SNIFF]
    candidates: list[str | None] = [declared]
    for pattern in (_META_CHARSET, _XML_ENCODING):
        m = pattern.search(head)
        if m:
            candidates.append(m.group(1).decode("ascii"))
    candidates.append("utf-8")
    for candidate in candidates:
        if not candidate:
            continue
        try:
            codec = codecs.lookup(candidate).name
        except LookupError:
            continue
        if codec == "latin-1" or codec == "iso8859-1":  # what pages mean by it (WHATWG)
            codec = "cp1252"
        try:
            return data.decode(codec), codec
        except (UnicodeDecodeError, LookupError):
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 256 * 1024]).best()
    codec = best.encoding if best is not None else "cp1252"
    return data.decode(codec, "replace"), codec
