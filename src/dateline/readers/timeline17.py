"""The Timeline17 data set: articles and reference timelines of one outlet folder.

Layout of an outlet folder such as ``timeline17/bpoil_bbc``::

    InputDocs/<YYYY-MM-DD>/<id>.htm.txt   articles: tokenised, one sentence per line
    timelines/*.txt                       reference timelines (tilse text format)
    time_annotated/...                    HeidelTime output (not read here)

and the root holds the outlet folders and ``queries.json`` (topic keywords).

- The publication date of an article is the name of its date folder (nothing else: the
  text is never searched for a date).
- The outlet is the folder name after the first ``_`` (``bpoil_bbc`` → ``bbc``); the topic
  comes from the part before it through :data:`TOPICS` (``EgyptianProtest_cnn`` → ``egypt``);
  an unknown prefix becomes its own lower-cased topic.
- The article text is the file's lines, stripped, blank lines dropped, joined with ``\\n``:
  one sentence per line, still tokenised as the data set ships it (``-LRB-``, `````` ``...''``),
  because the reference timelines are tokenised the same way. Timeline17 has no separate
  title (the first line runs headline, standfirst and first sentence together), so
  ``title`` is empty rather than a guess.
- Reference timelines go through :mod:`dateline.readers.tilse` (dates sorted, duplicate
  dates read as tilse reads them by default); a reference file that cannot be read at all
  is skipped with an :class:`InputWarning`.

Bad files (18 of the 3,759 shipped articles are empty) raise :class:`InputError` from
:func:`read_article`; :func:`read_articles` skips them with an :class:`InputWarning`.
"""

from __future__ import annotations

import functools
import json
import os
import re
import warnings
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from dateline.errors import InputError, InputWarning
from dateline.limits import DEFAULT_LIMITS, Limits
from dateline.model import Article, Timeline
from dateline.readers import tilse
from dateline.readers._io import checked, display_path, parse_day, read_text

__all__ = [
    "TOPICS",
    "article_files",
    "folders_by_topic",
    "is_outlet_folder",
    "outlet_folders",
    "outlet_of",
    "parse_article",
    "read_article",
    "read_articles",
    "read_corpus",
    "read_queries",
    "read_references",
    "topic_of",
]

#: Folder-name prefix → topic, as the Timeline17 protocol merges outlets into topics.
#: Matched case-insensitively.
TOPICS: dict[str, str] = {
    "bpoil": "bpoil",
    "EgyptianProtest": "egypt",
    "Finan": "finan",
    "H1N1": "h1n1",
    "haiti": "haiti",
    "IraqWar": "iraq",
    "LibyaWar": "libya",
    "MJ": "mj",
    "SyrianCrisis": "syria",
}
_TOPICS_CASEFOLDED = {prefix.casefold(): topic for prefix, topic in TOPICS.items()}

INPUT_DOCS = "InputDocs"
TIMELINES = "timelines"
QUERIES = "queries.json"
_NATURAL = re.compile(r"([0-9]+)")  # ASCII digits: int() of any other digit is not what a name means


def _split_name(folder_name: str) -> tuple[str, str]:
    prefix, sep, outlet = folder_name.partition("_")
    if not sep or not prefix or not outlet:
        raise InputError(folder_name, None, "not a Timeline17 folder name: expected <topic>_<outlet>, e.g. bpoil_bbc")
    return prefix, outlet


def topic_of(folder_name: str) -> str:
    """Topic of an outlet folder: ``LibyaWar_cnn`` → ``libya`` (see :data:`TOPICS`)."""
    prefix, _ = _split_name(Path(folder_name).name)
    return _TOPICS_CASEFOLDED.get(prefix.casefold(), prefix.lower())


def outlet_of(folder_name: str) -> str:
    """Outlet of an outlet folder: ``bpoil_washingtonpost`` → ``washingtonpost``."""
    return _split_name(Path(folder_name).name)[1]


def is_outlet_folder(path: str | Path) -> bool:
    """True when ``path`` is a folder with an ``InputDocs`` subfolder (False when that cannot
    be told, e.g. for a folder that may not be entered)."""
    return os.path.isdir(os.path.join(path, INPUT_DOCS))


def outlet_folders(root: str | Path) -> list[Path]:
    """The outlet folders of a Timeline17 root (or ``[root]`` when it is one), sorted."""
    root = Path(root)
    if is_outlet_folder(root):
        return [root]
    if not os.path.isdir(root):
        raise InputError(display_path(root), None, "no such folder: expected a Timeline17 root or outlet folder")
    return sorted(p for p in root.iterdir() if is_outlet_folder(p))


def folders_by_topic(root: str | Path) -> dict[str, list[Path]]:
    """Outlet folders grouped by topic: ``{"bpoil": [.../bpoil_bbc, ...], ...}``."""
    groups: dict[str, list[Path]] = {}
    for folder in outlet_folders(root):
        groups.setdefault(topic_of(folder.name), []).append(folder)
    return groups


def _natural_key(path: Path) -> tuple[object, ...]:
    return tuple(int(part) if i % 2 else part for i, part in enumerate(_NATURAL.split(path.name)))


def article_files(folder: str | Path, errors: list[OSError] | None = None) -> list[Path]:
    """The article files of an outlet folder, by date folder then file number: every entry
    of a date folder that is not itself a folder (a named pipe or a device among them is
    returned too, and rejected when read).

    A folder that cannot be listed raises OSError, or, with ``errors``, is appended to it
    and skipped (the other date folders are still listed)."""
    docs = Path(folder) / INPUT_DOCS
    if not os.path.isdir(docs):
        raise InputError(display_path(folder), None, f"no {INPUT_DOCS} folder: expected a Timeline17 outlet folder")
    files: list[Path] = []
    try:
        days = [day for day in docs.iterdir() if os.path.isdir(day)]
    except OSError as exc:
        if errors is None:
            raise
        errors.append(exc)
        return []
    for day in days:
        try:
            files.extend(p for p in day.iterdir() if not os.path.isdir(p))
        except OSError as exc:
            if errors is None:
                raise
            errors.append(exc)
    return sorted(files, key=lambda p: (p.parent.name, _natural_key(p)))


def read_article(path: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> Article:
    """Read one article file ``<folder>/InputDocs/<YYYY-MM-DD>/<id>.htm.txt``."""
    return parse_article(read_text(path, limits), path, limits=limits)


def parse_article(text: str, path: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> Article:
    """The article whose file content is ``text``; ``path`` (``.../<folder>/InputDocs/
    <YYYY-MM-DD>/<id>.htm.txt``) gives its date, topic and outlet (names that are not
    valid UTF-8 with their bad bytes as ``\\xNN`` escapes, as :func:`display_path` shows them)."""
    where = display_path(path)
    # string operations, not Path objects: this runs once per article on the ingest path
    parts = display_path(os.path.normpath(os.path.abspath(path))).split(os.sep)
    if len(parts) < 4 or parts[-3] != INPUT_DOCS:
        raise InputError(where, None, f"not inside {INPUT_DOCS}/<YYYY-MM-DD>/: cannot tell its publication date")
    outlet_name, day_name = parts[-4], parts[-2]
    published = _day_of_folder(day_name, where)
    try:
        topic, outlet = _folder_fields(outlet_name)
    except InputError as exc:
        raise InputError(where, None, f"outlet folder {outlet_name!r}: {exc.reason}") from None
    text = "\n".join(filter(None, map(str.strip, text.split("\n"))))
    if not text:
        raise InputError(where, None, "empty file: expected text")
    article = Article.create(published=published, title="", text=text, topics=(topic,), outlet=outlet, origin=where)
    return checked(article, where, None, limits)


@functools.lru_cache(maxsize=4096)
def _folder_fields(outlet_name: str) -> tuple[str, str]:
    return topic_of(outlet_name), outlet_of(outlet_name)


def _day_of_folder(day_name: str, where: str) -> date:
    try:
        published = parse_day(day_name)
    except ValueError as exc:
        raise InputError(where, None, f"date folder {day_name!r}: {exc}") from None
    if published is None:
        raise InputError(where, None, f"date folder {day_name!r} is not a date: expected YYYY-MM-DD")
    return published


def read_articles(folder: str | Path) -> Iterator[Article]:
    """The articles of one outlet folder; an unreadable file is skipped with an
    :class:`InputWarning` (use :func:`article_files` and :func:`read_article` to handle
    errors yourself)."""
    for path in article_files(folder):
        try:
            yield read_article(path)
        except InputError as exc:
            warnings.warn(InputWarning(exc.path, exc.line, f"skipped: {exc.reason}"), stacklevel=2)


def read_corpus(root: str | Path) -> Iterator[Article]:
    """The articles of every outlet folder under a Timeline17 root (see :func:`read_articles`)."""
    for folder in outlet_folders(root):
        yield from read_articles(folder)


def read_references(
    folder: str | Path, *, duplicates: tilse.Duplicates | str = tilse.Duplicates.LAST
) -> list[tuple[str, Timeline]]:
    """The reference timelines of an outlet folder: ``[(file name, Timeline), ...]`` sorted
    by file name. ``duplicates`` as in :func:`dateline.readers.tilse.read`; a file that
    cannot be read is skipped with an :class:`InputWarning`."""
    tl_dir = Path(folder) / TIMELINES
    if not os.path.isdir(tl_dir):
        raise InputError(display_path(folder), None, f"no {TIMELINES} folder: expected a Timeline17 outlet folder")
    files = sorted(p for p in tl_dir.iterdir() if os.path.isfile(p) and p.suffix == ".txt")
    out = []
    for p in files:
        try:
            out.append((p.name, tilse.read(p, duplicates=duplicates, format=tilse.Format.TEXT)))
        except InputError as exc:
            warnings.warn(InputWarning(exc.path, exc.line, f"reference skipped: {exc.reason}"), stacklevel=2)
    return out


def read_queries(root: str | Path) -> dict[str, tuple[str, ...]]:
    """Topic keywords from ``queries.json`` (keys starting with ``_`` are comments)."""
    path = Path(root) / QUERIES
    try:
        obj = json.loads(read_text(path))
    except json.JSONDecodeError as exc:
        raise InputError(str(path), exc.lineno, f"invalid JSON: {exc.msg}") from None
    if not isinstance(obj, dict):
        raise InputError(str(path), 1, "expected a JSON object {topic: [keywords]}")
    queries: dict[str, tuple[str, ...]] = {}
    for topic, words in obj.items():
        if topic.startswith("_"):
            continue
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise InputError(str(path), None, f"topic {topic!r}: expected a list of keyword strings")
        queries[topic] = tuple(words)
    return queries
