"""Reference timelines in the tilse text format and as JSON lines.

**Text format** (Timeline17's ``timelines/*.txt``, what the tilse package reads and writes)::

    2010-09-19
    The ruptured well is finally sealed ...
    --------------------------------
    2010-09-17
    BP pumps cement to seal the damaged well ...
    --------------------------------

A date line, the sentences of that date one per line, a line of 32 dashes; repeat.

**JSON lines**: one entry per line, ``{"date": "YYYY-MM-DD", "sentences": ["...", ...]}``;
blank lines are ignored, other keys are ignored.

How this reader relates to tilse 0.2.1 (``tilse.data.timelines.Timeline.from_file``), which
strips every line, treats any line that parses as a date as a date line, and lets the *last*
block of a duplicated date overwrite the earlier ones:

- Dates are sorted (some Timeline17 files are descending, ``SyrianCrisis_reuters/tl2.2.txt``
  is in no order); a :class:`~dateline.model.Timeline` is always ascending.
- Duplicate dates (``bpoil_guardian/timelines/guardian.txt`` has 2010-07-23 and 2010-07-27
  twice) are governed by ``duplicates``: ``"merge"`` (default) keeps the sentences of all
  blocks in file order, ``"last"`` reproduces tilse (the last block wins), ``"error"``
  rejects the file. ``merge`` and ``last`` issue an :class:`~dateline.errors.InputWarning`
  naming both lines, so no sentence disappears silently.
- Lenient where it is safe (the held-out Timeline17 topics are checked elsewhere): lines are
  stripped (trailing spaces, CRLF), a UTF-8 BOM is dropped, dates may lack zero padding
  (``2009-6-25``, which tilse's ``strptime`` accepts too) or use ``/`` or ``.``; a separator
  of another length than 32 dashes is accepted with a warning.
- Repaired with a warning, where tilse would silently lose data: a missing final separator
  (tilse drops that last block), a date line where a separator was expected (the block is
  closed there), a date with no sentence (kept as an entry without sentences).
- Rejected with :class:`~dateline.errors.InputError` (path, line, reason): a line shaped like
  a date that is not one (``2010-13-45``), text where a date line was expected (before the
  first date line or right after a separator: this is how a malformed date line such as
  ``July 23, 2010`` shows up), a file with no entry, bytes that are not UTF-8, an empty or
  binary file.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Literal

from dateline.errors import InputError, InputWarning
from dateline.model import Timeline, TimelineEntry
from dateline.readers._io import decode, parse_day

__all__ = ["Duplicates", "SEPARATOR", "loads", "loads_jsonl", "read"]

SEPARATOR = "-" * 32
Duplicates = Literal["merge", "last", "error"]
_DUPLICATE_POLICIES = ("merge", "last", "error")
_JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")


def read(
    path: str | Path, *, duplicates: Duplicates = "merge", format: str | None = None
) -> Timeline:
    """Read the reference timeline in the file at ``path``.

    ``format`` is ``"text"`` or ``"jsonl"``; by default it follows the extension
    (``.jsonl``/``.ndjson``/``.json`` are JSON lines) and otherwise the first character
    (``{`` means JSON lines). The timeline's ``name`` is the file name.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), None, f"cannot read file: {exc.strerror or exc}") from None
    text = decode(data, str(path))
    if format is None:
        is_json = path.suffix.lower() in _JSONL_SUFFIXES or text.lstrip().startswith("{")
        format = "jsonl" if is_json else "text"
    if format == "jsonl":
        return loads_jsonl(text, path=str(path), duplicates=duplicates, name=path.name)
    if format == "text":
        return loads(text, path=str(path), duplicates=duplicates, name=path.name)
    raise ValueError(f"unknown timeline format {format!r}: expected 'text' or 'jsonl'")


def loads(
    text: str,
    *,
    path: str | None = None,
    duplicates: Duplicates = "merge",
    name: str | None = None,
) -> Timeline:
    """Parse a timeline in the tilse text format (see the module docstring)."""
    _check_policy(duplicates)
    blocks: list[tuple[date, int, list[str]]] = []  # (date, line of the date, sentences)
    current: tuple[date, int, list[str]] | None = None
    for lineno, raw in enumerate(text.split("\n"), 1):
        line = raw.strip().lstrip("\ufeff")
        if not line:
            continue
        if _is_separator(line):
            if current is None:
                raise InputError(path, lineno, "separator line without a date line before it: expected a date line YYYY-MM-DD")
            if len(line) != len(SEPARATOR):
                _warn(path, lineno, f"separator of {len(line)} dashes (expected {len(SEPARATOR)}): accepted")
            blocks.append(current)
            current = None
            continue
        try:
            day = parse_day(line)
        except ValueError as exc:
            raise InputError(path, lineno, f"malformed date line: {exc}; expected YYYY-MM-DD") from None
        if day is not None:
            if current is not None:
                _warn(
                    path,
                    lineno,
                    f"date line where the separator of the block for {current[0]} (line {current[1]}) was expected: block closed here",
                )
                blocks.append(current)
            current = (day, lineno, [])
            continue
        if current is None:
            where = "before the first date line" if not blocks else "after a separator"
            raise InputError(path, lineno, f"expected a date line YYYY-MM-DD {where}, found {_clip(line)!r}")
        current[2].append(line)
    if current is not None:
        _warn(path, current[1], f"the block for {current[0]} has no final separator line: accepted")
        blocks.append(current)
    if not blocks:
        raise InputError(path, None, "no timeline entries: expected date lines, sentence lines and separator lines of 32 dashes")
    return _build(blocks, path, duplicates, name)


def loads_jsonl(
    text: str,
    *,
    path: str | None = None,
    duplicates: Duplicates = "merge",
    name: str | None = None,
) -> Timeline:
    """Parse a timeline as JSON lines: ``{"date": "YYYY-MM-DD", "sentences": [str, ...]}``."""
    _check_policy(duplicates)
    blocks: list[tuple[date, int, list[str]]] = []
    for lineno, raw in enumerate(text.split("\n"), 1):
        line = raw.strip().lstrip("\ufeff")
        if not line:
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(path, lineno, f"invalid JSON ({exc.msg} at column {exc.colno}): expected one JSON object per line") from None
        if not isinstance(obj, dict):
            raise InputError(path, lineno, 'expected a JSON object {"date": ..., "sentences": [...]}')
        raw_date = obj.get("date")
        if not isinstance(raw_date, str):
            raise InputError(path, lineno, 'missing "date": expected "YYYY-MM-DD"')
        try:
            day = parse_day(raw_date.strip())
        except ValueError as exc:
            raise InputError(path, lineno, f'malformed "date": {exc}; expected YYYY-MM-DD') from None
        if day is None:
            raise InputError(path, lineno, f'malformed "date" {_clip(raw_date)!r}: expected YYYY-MM-DD')
        sentences = obj.get("sentences")
        if not isinstance(sentences, list) or not all(isinstance(s, str) for s in sentences):
            raise InputError(path, lineno, '"sentences" must be a list of strings')
        blocks.append((day, lineno, [s.strip() for s in sentences if s.strip()]))
    if not blocks:
        raise InputError(path, None, 'no timeline entries: expected lines like {"date": "YYYY-MM-DD", "sentences": [...]}')
    return _build(blocks, path, duplicates, name)


def _build(
    blocks: Iterable[tuple[date, int, list[str]]],
    path: str | None,
    duplicates: Duplicates,
    name: str | None,
) -> Timeline:
    by_day: dict[date, tuple[int, list[str]]] = {}
    for day, lineno, sentences in blocks:
        if not sentences:
            _warn(path, lineno, f"date {day} has no sentences: kept as an entry without sentences")
        seen = by_day.get(day)
        if seen is None:
            by_day[day] = (lineno, list(sentences))
            continue
        first_line, kept = seen
        if duplicates == "error":
            raise InputError(path, lineno, f"duplicate date {day} (first on line {first_line})")
        if duplicates == "last":
            _warn(path, lineno, f"duplicate date {day} (also on line {first_line}): the last block replaces the earlier one (tilse behaviour)")
            by_day[day] = (lineno, list(sentences))
        else:
            _warn(path, lineno, f"duplicate date {day} (also on line {first_line}): sentences of both blocks merged in file order")
            kept.extend(sentences)
    entries = [TimelineEntry(date=day, sentences=tuple(s)) for day, (_, s) in sorted(by_day.items())]
    return Timeline(entries=tuple(entries), name=name, meta={"path": path} if path else {})


def _is_separator(line: str) -> bool:
    return len(line) >= 4 and line.count("-") == len(line)


def _check_policy(duplicates: str) -> None:
    if duplicates not in _DUPLICATE_POLICIES:
        raise ValueError(f"duplicates must be one of {_DUPLICATE_POLICIES}, not {duplicates!r}")


def _warn(path: str | None, line: int | None, reason: str) -> None:
    warnings.warn(InputWarning(path, line, reason), stacklevel=3)


def _clip(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
