"""Readers: one module per input format, each turning files into :class:`Article` objects.

- :mod:`~dateline.readers.dateline_text`: the dateline text format (``date YYYY-MM-DD TOPIC``)
- :mod:`~dateline.readers.jsonl`: articles as JSON lines
- :mod:`~dateline.readers.timeline17`: Timeline17 outlet folders (articles, references)
- :mod:`~dateline.readers.tilse`: reference timelines (tilse text format, JSON lines)
- :mod:`~dateline.readers.html`, :mod:`~dateline.readers.feed`, :mod:`~dateline.readers.warc`,
  :mod:`~dateline.readers.sitemap`: web pages, RSS/Atom/JSON feeds, web archives and
  sitemaps (the ``news`` extra; :mod:`~dateline.readers.web` has what they share)

This module finds the files behind a list of paths and picks each file's format
(:func:`sources`), then reads them (:func:`read_source`, :func:`scan`). Reading never stops
at a bad file: the stream holds an :class:`~dateline.errors.InputError` for it (path, line,
reason) and goes on. Only a path that does not exist stops it, before anything is read.

Format detection, unless a format is forced:

1. a folder with an ``InputDocs`` subfolder is a Timeline17 outlet folder: only its
   ``InputDocs/<date>/*`` files are read (``timelines/`` and ``time_annotated/`` are not
   articles), and ``queries.json`` beside outlet folders is skipped;
2. a file under ``InputDocs/<date>/`` is a Timeline17 article; ``.jsonl``/``.ndjson`` is
   JSON lines; ``.html``/``.htm``/``.xhtml`` a web page; ``.warc``/``.arc`` a web archive;
   ``.rss``/``.atom`` a feed;
3. otherwise the content decides: a first non-blank line ``date YYYY-MM-DD ...`` is the
   dateline text format; an HTML document a web page; an XML document whose root is
   ``rss``/``feed``/``RDF`` a feed, ``urlset``/``sitemapindex`` a sitemap; a JSON Feed
   (``"version": "https://jsonfeed.org/..."``) a feed; a first character ``{`` JSON lines;
   ``WARC/1.`` a web archive; anything else is rejected as an unknown format.

A name ending in ``.gz`` (or content starting with the gzip signature) is decompressed
first, whatever the format (``page.html.gz``, ``dump.jsonl.gz``; JSON lines stream); a
gzipped WARC file is read record by record by the WARC reader. A ``.gz`` file that is not
gzip is rejected as such.

Other folders are walked recursively in name order; names starting with ``.`` (``.git``,
``.DS_Store``) are skipped. A folder that cannot be listed, a symbolic link to a folder
inside a folder (not followed: links can make cycles), and anything that is not a regular
file (a named pipe, a socket, a device: reading one could block forever) are reported as
errors in the stream rather than skipped in silence, and never opened.

What every reader shares (only regular files are opened, bounded reads, encodings, line
ends, paths shown safely) is in :mod:`dateline.readers._io`; what an article may be (size,
dates, topic tags, text) in :mod:`dateline.limits`. A reader that fails in an unexpected
way on a file is reported as an error for that file too, and the rest is read.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import BinaryIO

from dateline.errors import DatelineError, InputError
from dateline.limits import DEFAULT_LIMITS, Limits
from dateline.model import Article
from dateline.readers.web import ReadOptions

__all__ = ["FORMATS", "WEB_FORMATS", "Format", "ReadOptions", "Source", "detect", "iter_sources", "read_source",
           "scan", "sources"]


class Format(StrEnum):
    """The article formats there is a reader for (``dateline ingest --format``)."""

    DATELINE = "dateline"  # :mod:`~dateline.readers.dateline_text`
    JSONL = "jsonl"  # :mod:`~dateline.readers.jsonl`
    TIMELINE17 = "timeline17"  # :mod:`~dateline.readers.timeline17`
    HTML = "html"  # :mod:`~dateline.readers.html`
    FEED = "feed"  # :mod:`~dateline.readers.feed`
    WARC = "warc"  # :mod:`~dateline.readers.warc`
    SITEMAP = "sitemap"  # :mod:`~dateline.readers.sitemap`


#: The names of :class:`Format`, in order.
FORMATS: tuple[str, ...] = tuple(f.value for f in Format)
_HEAD = 64 * 1024  # bytes read to detect a file's format
_LINKED_FOLDER = "symbolic link to a folder: not followed (give the folder it points to as a path to read it)"
#: Formats told by a file's name (a trailing ``.gz`` aside).
_SUFFIXES = {".jsonl": Format.JSONL, ".ndjson": Format.JSONL, ".html": Format.HTML, ".htm": Format.HTML,
             ".xhtml": Format.HTML, ".warc": Format.WARC, ".arc": Format.WARC, ".rss": Format.FEED,
             ".atom": Format.FEED}
#: The formats read by :mod:`dateline.readers.webformats`.
WEB_FORMATS = frozenset((Format.HTML, Format.FEED, Format.WARC, Format.SITEMAP))


@dataclass(frozen=True, slots=True)
class Source:
    """A file to read and its format (None: decided by the content); or, with ``error``, a
    file or folder that could not be listed (:func:`read_source` reports it)."""

    path: Path
    format: Format | None
    error: str | None = None


def sources(paths: Iterable[str | Path], format: Format | str | None = None) -> list[Source]:
    """Every file behind ``paths`` with its format, as a list (see :func:`iter_sources`)."""
    return list(iter_sources(paths, format))


def iter_sources(paths: Iterable[str | Path], format: Format | str | None = None) -> Iterator[Source]:
    """Every file behind ``paths`` with its format (see the module docstring), streamed:
    memory does not grow with the number of files.

    Raises :class:`DatelineError` when a path does not exist or ``format`` is unknown;
    both are checked before the first file is produced.
    """
    from dateline.readers import timeline17
    from dateline.readers._io import display_path

    if format is not None and format not in FORMATS:
        raise DatelineError(f"unknown format {format!r}: expected one of {', '.join(FORMATS)}")
    forced = None if format is None else Format(format)
    files = [Path(p) for p in paths]
    missing = [display_path(p) for p in files if not _exists(p)]
    if missing:
        raise DatelineError(f"no such file or folder: {', '.join(missing)}")
    t17_ok = forced in (None, Format.TIMELINE17)
    for path in files:
        try:
            mode = os.stat(path).st_mode
        except OSError as exc:
            yield Source(path, None, f"cannot read: {exc.strerror or exc}")
            continue
        if not stat.S_ISDIR(mode):
            yield _source(path, forced or _detect_path(path))
            continue
        errors: list[OSError] = []  # folders os.walk could not list: reported, not skipped
        for dirpath, dirnames, filenames in os.walk(path, onerror=errors.append):
            yield from _unlisted(errors)
            here = Path(dirpath)
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            if t17_ok and timeline17.is_outlet_folder(here):
                yield from (_source(f, Format.TIMELINE17) for f in timeline17.article_files(here, errors))
                yield from _unlisted(errors)
                dirnames[:] = []
                continue
            t17_root = t17_ok and any(timeline17.is_outlet_folder(here / d) for d in dirnames)
            for name in sorted(filenames):
                if not name.startswith(".") and not (t17_root and name == timeline17.QUERIES):
                    f = here / name
                    yield _source(f, forced or _detect_path(f))
            for d in dirnames:
                if os.path.islink(os.path.join(dirpath, d)):  # os.walk does not enter it
                    yield Source(here / d, None, _LINKED_FOLDER)
        yield from _unlisted(errors)


def _exists(path: Path) -> bool:
    """False only when there is nothing at ``path`` (a file that cannot be examined exists)."""
    try:
        os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError:
        return True
    return True


def _source(path: Path, fmt: Format | None) -> Source:
    """The Source of a file, with the reason it is not read when it is not a regular file."""
    from dateline.readers._io import file_problem

    problem = file_problem(path)
    return Source(path, fmt) if problem is None else Source(path, fmt, problem)


def _unlisted(errors: list[OSError]) -> Iterator[Source]:
    """A Source with the error for each folder that could not be listed (and empty ``errors``)."""
    for exc in errors:
        yield Source(Path(os.fsdecode(exc.filename or "?")), None, f"cannot read folder: {exc.strerror or exc}")
    errors.clear()


def detect(path: str | Path, text: str | None = None) -> Format | None:
    """The format of the file at ``path`` (``text``: its content, when already read), or
    None when neither the path nor the content tells."""
    from dateline.readers import dateline_text, webformats

    by_path = _detect_path(Path(path))
    if by_path is not None or text is None:
        return by_path
    if dateline_text.looks_like(text):
        return Format.DATELINE
    web = webformats.detect(text.encode("utf-8"))
    if web is not None:
        return web
    if text.lstrip().startswith("{"):
        return Format.JSONL
    return None


def read_source(source: Source, data: bytes | None = None, *, options: ReadOptions | None = None,
                limits: Limits = DEFAULT_LIMITS) -> Iterator[Article | InputError]:
    """The articles of one file, or an InputError for each bad file or record; never raises.

    ``data``: the file's content when it is already in memory (an upload); ``source.path``
    then only names it (format detection, messages) and is not read. Otherwise the file is
    opened once, and only if it is a regular file. A ``.gz`` file (by name or content) is
    decompressed first; JSON lines and WARC files are read as a stream. Without a format,
    the first 64 KiB decide it, so a large file of no known format (a video in the folder) is
    rejected without being read whole. ``options``: how web formats are read
    (:class:`~dateline.readers.web.ReadOptions`; default: no date fallback, links not
    fetched). ``limits``: what an article may be (:mod:`dateline.limits`); the readers reject
    an article outside them."""
    from dateline.readers import dateline_text, jsonl, timeline17, webformats
    from dateline.readers._io import check_head, decode, display_path, open_file, read_bytes, sniff

    path = display_path(source.path)
    if source.error is not None:
        yield InputError(path, None, source.error)
        return
    try:
        with contextlib.ExitStack() as stack:
            f: BinaryIO = (io.BytesIO(data) if data is not None
                           else stack.enter_context(open_file(source.path, path)))
            fmt = source.format
            by_name = fmt or _detect_path(source.path)
            if by_name is not Format.WARC and webformats.is_gzip(source.path, f.read(2)):
                f.seek(0)
                if by_name is Format.JSONL:
                    yield from webformats.gunzip_lines(path, f, partial(jsonl.parse_bytes, limits=limits))
                    return
                f = io.BytesIO(webformats.gunzip(path, f))
            f.seek(0)
            if fmt is None:
                head = f.read(_HEAD)
                whole = len(head) < _HEAD or not f.read(1)
                f.seek(0)
                if not whole and not head.strip():  # rare: 64 KiB of white space, then perhaps text
                    head, whole = read_bytes(f, path, limits), True
                    f.seek(0)
                fmt = detect(source.path, sniff(head))
                if fmt is None:
                    check_head(head, path, whole)  # empty, binary, not UTF-8: say that
                    raise InputError(
                        path,
                        1,
                        "unknown format: expected a dateline text file (first line 'date YYYY-MM-DD TOPIC'), "
                        "JSON lines (.jsonl), a web page, feed, sitemap or WARC file, or a Timeline17 folder",
                    )
            if fmt in WEB_FORMATS:
                yield from webformats.read(fmt, source.path, f, options, where=path)
                return
            if fmt == Format.JSONL:
                yield from jsonl.parse_bytes(f, path, limits=limits)
                return
            text = decode(read_bytes(f, path, limits), path)
        if fmt == Format.TIMELINE17:
            yield timeline17.parse_article(text, source.path, limits=limits)
        else:
            yield dateline_text.parse(text, path, limits=limits)
    except InputError as exc:
        yield exc
    except OSError as exc:  # the file went away or cannot be read
        yield InputError(path, None, f"cannot read file: {exc.strerror or exc}")
    except Exception as exc:  # a reader's bug must not stop the batch: report it for this file
        yield InputError(path, None, f"could not be read ({type(exc).__name__}: {str(exc)[:200]}); "
                         "this is a bug in dateline's reader, please report it")


def scan(paths: Iterable[str | Path], format: Format | str | None = None, *, options: ReadOptions | None = None,
         limits: Limits = DEFAULT_LIMITS) -> Iterator[Article | InputError]:
    """Read every file behind ``paths``: articles, and an InputError per bad file or record."""
    sources = iter_sources(paths, format)
    first = next(sources, None)  # checks the paths now, not at the first read
    if first is None:
        return
    yield from read_source(first, options=options, limits=limits)
    for source in sources:
        yield from read_source(source, options=options, limits=limits)


def _detect_path(path: Path) -> Format | None:
    if path.parent.parent.name == "InputDocs":
        return Format.TIMELINE17
    name = path.name.lower().removesuffix(".gz")
    return _SUFFIXES.get(name[name.rfind(".") :]) if "." in name else None
