"""Articles as JSON lines: one JSON object per line.

Required: ``published`` (``YYYY-MM-DD`` or an ISO 8601 date-time), ``title`` (may be
empty), ``text`` (the body, not empty). Optional: ``id``, ``topics`` (a list of strings, or
one string), ``authors`` (the same), ``url``, ``outlet``, ``place``, ``caption``,
``attribution``, ``language``.

- Without ``id`` the article id is the content hash (:meth:`Article.create`); a given
  ``id`` (letters, digits, ``.``, ``_``, ``:``, ``-``; at most 128 characters) is kept, so a
  source system's ids survive.
- The text is kept exactly as given (sentence spans index it); a line break in it counts as
  a paragraph break for sentence splitting.
- Each line stands alone: a bad line is one :class:`~dateline.errors.InputError` (path,
  line, reason) in the result stream and the other lines are still read; but a file whose
  first line does not even start with ``{`` is one error (it is not JSON lines). Unknown keys are
  ignored with one :class:`~dateline.errors.InputWarning` per file. Blank lines are skipped.
- Files are read line by line (:func:`read`, :func:`parse_bytes`): memory does not grow with
  the size of the file, and a line that is not UTF-8 (or holds a NUL byte) is a bad line,
  not a bad file.
"""

from __future__ import annotations

import dataclasses
import json
import re
import warnings
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path

from dateline.errors import InputError, InputWarning
from dateline.model import Article
from dateline.readers._io import decode_line
from dateline.text import normalise_topic

__all__ = ["KEYS", "parse", "parse_bytes", "read"]

_OPTIONAL_STR = ("url", "outlet", "place", "caption", "attribution", "language")
KEYS = frozenset(("id", "published", "title", "text", "topics", "authors", *_OPTIONAL_STR))
_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
_BOM = b"\xef\xbb\xbf"


def read(path: str | Path) -> Iterator[Article | InputError]:
    """The articles of a JSON lines file, with an InputError for each bad line."""
    try:
        f = open(path, "rb")  # noqa: SIM115 (a generator: closed by the with below)
    except OSError as exc:
        yield InputError(str(path), None, f"cannot read file: {exc.strerror or exc}")
        return
    with f:
        yield from parse_bytes(f, str(path))


def parse(text: str, path: str | None = None) -> Iterator[Article | InputError]:
    """Parse JSON lines ``text`` (see the module docstring)."""
    return _parse(enumerate(text.split("\n"), 1), path)


def parse_bytes(lines: Iterable[bytes], path: str | None = None) -> Iterator[Article | InputError]:
    """Parse JSON lines from ``lines`` of bytes (a binary file, or ``BytesIO(data)``), each
    decoded on its own; an empty file is one InputError."""

    def decoded() -> Iterator[tuple[int, str | InputError]]:
        started = False  # a non-blank line was seen
        for lineno, raw in enumerate(lines, 1):
            if lineno == 1 and raw.startswith(_BOM):
                raw = raw[len(_BOM) :]
            try:
                line = decode_line(raw, path, lineno)
            except InputError as exc:
                if not started and not raw.lstrip().startswith(b"{"):
                    # not JSON lines at all: one error for the file, not one per line
                    yield lineno, InputError(path, lineno, f"not JSON lines: {exc.reason}")
                    return
                started = True
                yield lineno, exc
                continue
            started = started or bool(line.strip())
            yield lineno, line

    empty = True
    for item in _parse(decoded(), path):
        empty = False
        yield item
    if empty:
        yield InputError(path, None, "empty file: expected text")


def _parse(lines: Iterable[tuple[int, str | InputError]], path: str | None) -> Iterator[Article | InputError]:
    unknown: set[str] = set()
    first = True
    for lineno, raw in lines:
        if isinstance(raw, InputError):  # a line that is not text
            yield raw
            first = False
            continue
        line = raw.strip()
        if not line:
            continue
        try:
            yield _article(line, path, lineno, unknown)
        except InputError as exc:
            if first and not line.startswith("{"):
                # not JSON lines at all: one error for the file, not one per line
                yield InputError(path, lineno, f"not JSON lines: {exc.reason}")
                return
            yield exc
        first = False
    if unknown:
        warnings.warn(
            InputWarning(path, None, f"unknown keys ignored: {', '.join(sorted(unknown))}"),
            stacklevel=2,
        )


def _article(line: str, path: str | None, lineno: int, unknown: set[str]) -> Article:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(path, lineno, f"invalid JSON ({exc.msg} at column {exc.colno}): expected one JSON object per line") from None
    if not isinstance(obj, dict):
        raise InputError(path, lineno, "expected a JSON object with published, title and text")
    unknown.update(k for k in obj if k not in KEYS)

    published_raw = obj.get("published")
    if not isinstance(published_raw, str):
        raise InputError(path, lineno, 'missing "published": expected "YYYY-MM-DD" or an ISO date-time')
    published = _published(published_raw.strip(), path, lineno)
    title, text = obj.get("title"), obj.get("text")
    if not isinstance(title, str):
        raise InputError(path, lineno, 'missing "title": expected a string (may be empty)')
    if not isinstance(text, str) or not text.strip():
        raise InputError(path, lineno, 'missing or empty "text": expected the article body')
    topics = obj.get("topics", [])
    if isinstance(topics, str):
        topics = [topics]
    if not isinstance(topics, list) or not all(isinstance(t, str) for t in topics):
        raise InputError(path, lineno, '"topics" must be a string or a list of strings')
    authors = obj.get("authors", [])
    if isinstance(authors, str):
        authors = [authors]
    if not isinstance(authors, list) or not all(isinstance(a, str) for a in authors):
        raise InputError(path, lineno, '"authors" must be a string or a list of strings')
    fields: dict[str, str] = {}
    for key in _OPTIONAL_STR:
        value = obj.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise InputError(path, lineno, f'"{key}" must be a string')
        fields[key] = value
    normalised = tuple(dict.fromkeys(t for t in map(normalise_topic, topics) if t))
    article = Article.create(
        published=published, title=title.strip(), text=text, topics=normalised, origin=path,
        authors=tuple(a.strip() for a in authors if a.strip()), **fields
    )
    given_id = obj.get("id")
    if given_id is None:
        return article
    if not isinstance(given_id, str) or not _ID.fullmatch(given_id):
        raise InputError(path, lineno, '"id" must be 1-128 letters, digits, ".", "_", ":" or "-"')
    return dataclasses.replace(article, id=given_id)


def _published(raw: str, path: str | None, lineno: int) -> date | datetime:
    try:
        if len(raw) <= 10:
            return date.fromisoformat(raw)
        return datetime.fromisoformat(raw)
    except ValueError as exc:
        raise InputError(path, lineno, f'"published" {raw!r}: {exc}; expected "YYYY-MM-DD" or an ISO date-time') from None
