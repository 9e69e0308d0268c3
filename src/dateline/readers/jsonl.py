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
  not a bad file; so is a line longer than the reading limit, which is skipped without being
  held in memory. Lines end with LF, CRLF or a lone CR; a UTF-16 or UTF-32 file with a byte
  order mark is read too (:func:`dateline.readers._io.text_lines`).
- What JSON allows but an article cannot be is a bad line too, never an exception: a number
  of more than 40 digits, ``NaN``/``Infinity``, nesting deeper than Python's parser can go,
  a string with a lone surrogate (``"\ud800"``: not text), and an article outside the
  limits of :mod:`dateline.limits` (size, publication date, topic tags).
"""

from __future__ import annotations

import dataclasses
import json
import re
import warnings
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from dateline.errors import InputError, InputWarning
from dateline.limits import DEFAULT_LIMITS, Limits, text_problem
from dateline.model import Article
from dateline.readers._io import checked, display_path, open_file, text_lines
from dateline.text import normalise_topic

__all__ = ["KEYS", "parse", "parse_bytes", "read"]

_OPTIONAL_STR = ("url", "outlet", "place", "caption", "attribution", "language")
KEYS = frozenset(("id", "published", "title", "text", "topics", "authors", *_OPTIONAL_STR))
_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
_MAX_DIGITS = 40  # digits of a JSON number: more is not a value an article has


class _NotAValue(ValueError):
    """A JSON value Python can parse but an article has no use for (a huge number, NaN)."""


def _int(digits: str) -> int:
    if len(digits.lstrip("-")) > _MAX_DIGITS:
        raise _NotAValue(f"a number of {len(digits.lstrip('-')):,} digits (at most {_MAX_DIGITS})")
    return int(digits)


def _constant(name: str) -> Any:
    raise _NotAValue(f"{name} is not a JSON value")


def _loads(line: str, path: str | None, lineno: int) -> Any:
    """``json.loads(line)``, with every way it can fail on hostile input as an InputError."""
    try:
        return json.loads(line, parse_int=_int, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise InputError(path, lineno, f"invalid JSON ({exc.msg} at column {exc.colno}): "
                         "expected one JSON object per line") from None
    except _NotAValue as exc:
        raise InputError(path, lineno, f"{exc}: expected one JSON object per line") from None
    except RecursionError:
        raise InputError(path, lineno, "JSON nested too deeply: expected one JSON object per line "
                         "(an article is a flat object)") from None


def read(path: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> Iterator[Article | InputError]:
    """The articles of a JSON lines file, with an InputError for each bad line."""
    where = display_path(path)
    try:
        f = open_file(path, where)  # a regular file only
    except InputError as exc:
        yield exc
        return
    with f:
        yield from parse_bytes(f, where, limits=limits)


def parse(text: str, path: str | None = None, *, limits: Limits = DEFAULT_LIMITS) -> Iterator[Article | InputError]:
    """Parse JSON lines ``text`` (see the module docstring)."""
    lines = ((n, line if problem is None else problem) for n, line, problem in text_lines(text, path, limits))
    return _parse(lines, path, limits)


def parse_bytes(stream: BinaryIO | bytes, path: str | None = None, *,
                limits: Limits = DEFAULT_LIMITS) -> Iterator[Article | InputError]:
    """Parse JSON lines from ``stream`` (a binary file, or the bytes of one), a chunk at a
    time, each line decoded on its own; an empty file is one InputError."""

    def decoded() -> Iterator[tuple[int, str | InputError]]:
        started = False  # a non-blank line was seen
        for lineno, line, problem in text_lines(stream, path, limits):
            if problem is not None:
                if not started and line and not line.lstrip().startswith("{"):
                    # not JSON lines at all: one error for the file, not one per line
                    yield lineno, InputError(path, lineno, f"not JSON lines: {problem.reason}")
                    return
                started = True
                yield lineno, problem
                continue
            started = started or bool(line.strip())
            yield lineno, line

    empty = True
    for item in _parse(decoded(), path, limits):
        empty = False
        yield item
    if empty:
        yield InputError(path, None, "empty file: expected text")


def _parse(lines: Iterable[tuple[int, str | InputError]], path: str | None,
           limits: Limits) -> Iterator[Article | InputError]:
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
            yield _article(line, path, lineno, unknown, limits)
        except InputError as exc:
            if first and not line.startswith("{"):
                # not JSON lines at all: one error for the file, not one per line
                yield InputError(path, lineno, f"not JSON lines: {exc.reason}")
                return
            yield exc
        first = False
    if unknown:
        shown = sorted(unknown)
        more = f" and {len(shown) - 20} more" if len(shown) > 20 else ""
        warnings.warn(
            InputWarning(path, None, f"unknown keys ignored: {', '.join(k[:40] for k in shown[:20])}{more}"),
            stacklevel=2,
        )


def _article(line: str, path: str | None, lineno: int, unknown: set[str], limits: Limits) -> Article:
    obj = _loads(line, path, lineno)
    if not isinstance(obj, dict):
        raise InputError(path, lineno, "expected a JSON object with published, title and text")
    for key in obj:
        problem = text_problem(key, "a key")
        if problem is not None:
            raise InputError(path, lineno, problem)
    unknown.update(k for k in obj if k not in KEYS)

    published_raw = obj.get("published")
    if not isinstance(published_raw, str):
        raise InputError(path, lineno, 'missing "published": expected "YYYY-MM-DD" or an ISO date-time')
    problem = text_problem(published_raw, '"published"')
    if problem is not None:
        raise InputError(path, lineno, problem)
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
    for name, value in (("title", title), ("text", text)):
        problem = text_problem(value, f'"{name}"')
        if problem is not None:  # before the id is made of them (a lone surrogate cannot be hashed)
            raise InputError(path, lineno, problem)
    if len(topics) > limits.max_topics:
        raise InputError(path, lineno, f"{len(topics)} topic tags: at most {limits.max_topics}")
    normalised = tuple(dict.fromkeys(t for t in map(normalise_topic, topics) if t))
    article = Article.create(
        published=published, title=title.strip(), text=text, topics=normalised, origin=path,
        authors=tuple(a.strip() for a in authors if a.strip()), **fields
    )
    given_id = obj.get("id")
    if given_id is not None:
        if not isinstance(given_id, str) or not _ID.fullmatch(given_id):
            raise InputError(path, lineno, '"id" must be 1-128 letters, digits, ".", "_", ":" or "-"')
        article = dataclasses.replace(article, id=given_id)
    return checked(article, path, lineno, limits)


def _published(raw: str, path: str | None, lineno: int) -> date | datetime:
    if not raw.isascii():
        raise InputError(path, lineno, f'"published" {raw[:40]!r} is not ASCII (other digits or letters): '
                         'expected "YYYY-MM-DD" or an ISO date-time in the digits 0-9')
    try:
        if len(raw) <= 10:
            return date.fromisoformat(raw)
        return datetime.fromisoformat(raw)
    except ValueError as exc:
        raise InputError(path, lineno, f'"published" {raw[:40]!r}: {exc}; expected "YYYY-MM-DD" or an ISO date-time') from None
