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
  twice) are governed by ``duplicates`` (:class:`Duplicates`), one default everywhere
  (``dateline evaluate``, ``dateline bench t17``, the Timeline17 protocol): ``last``, the
  reading of tilse, which the reference scorer uses (the last block wins). ``merge`` keeps
  the sentences of all blocks in file order; ``error`` rejects the file. ``last`` and
  ``merge`` issue an :class:`~dateline.errors.InputWarning` naming both lines, so no
  sentence disappears silently.
- Lenient where it is safe: lines are stripped (trailing spaces, CRLF), a UTF-8 BOM is
  dropped, dates may lack zero padding (``2009-6-25``, which tilse's ``strptime`` accepts
  too) or use ``/`` or ``.``; a separator of another length than 32 dashes is accepted
  with a warning.
- Repaired with a warning, where tilse would silently lose data: a missing final separator
  (tilse drops that last block), a date line where a separator was expected (the block is
  closed there), a date with no sentence (kept as an entry without sentences), a separator
  with no date line before it (ignored).
- Skipped with a warning naming the file and the lines, the rest of the file read: an
  entry whose date line is bad, that is a line shaped like a date that is not one
  (``2011-04-0``, ``2010-13-45``), or text where a date line was expected (before the
  first date line or right after a separator: this is how a malformed date line such as
  ``July 23, 2010`` shows up). The entry's lines up to the next separator (or date line)
  are skipped. In JSON lines, a bad line is skipped the same way.
- Rejected with :class:`~dateline.errors.InputError` (path, line, reason): a file with no
  entry, bytes that are not UTF-8, an empty or binary file.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from pathlib import Path

from dateline.errors import InputError, InputWarning
from dateline.model import Timeline, TimelineEntry
from dateline.readers._io import decode, parse_day

__all__ = ["Duplicates", "Format", "SEPARATOR", "loads", "loads_jsonl", "read"]

SEPARATOR = "-" * 32
_JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")


class Duplicates(StrEnum):
    """What a date that occurs in two blocks of one file means."""

    LAST = "last"  # the last block replaces the earlier ones (tilse's reading; the default)
    MERGE = "merge"  # the sentences of all blocks, in file order
    ERROR = "error"  # the file is rejected


class Format(StrEnum):
    """The formats this module reads."""

    TEXT = "text"
    JSONL = "jsonl"


#: A block of the file: (date, line of the date, sentences).
_Block = tuple[date, int, list[str]]


def read(
    path: str | Path, *, duplicates: Duplicates | str = Duplicates.LAST, format: Format | str | None = None
) -> Timeline:
    """Read the reference timeline in the file at ``path``.

    ``format`` is ``text`` or ``jsonl`` (:class:`Format`); by default it follows the
    extension (``.jsonl``/``.ndjson``/``.json`` are JSON lines) and otherwise the first
    character (``{`` means JSON lines). The timeline's ``name`` is the file name.
    """
    path = Path(path)
    policy = _policy(duplicates)
    if format is not None and format not in tuple(Format):
        raise ValueError(f"unknown timeline format {format!r}: expected one of {', '.join(Format)}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), None, f"cannot read file: {exc.strerror or exc}") from None
    text = decode(data, str(path))
    if format is None:
        is_json = path.suffix.lower() in _JSONL_SUFFIXES or text.lstrip().startswith("{")
        format = Format.JSONL if is_json else Format.TEXT
    parse = loads_jsonl if Format(format) is Format.JSONL else loads
    return parse(text, path=str(path), duplicates=policy, name=path.name)


class _Skip:
    """An entry being skipped: where it starts, why, and how many lines it had."""

    def __init__(self, line: int, reason: str) -> None:
        self.line = line
        self.reason = reason
        self.lines = 1

    def close(self, path: str | None, end: str) -> None:
        extra = self.lines - 1
        tail = f" and the {extra} line{'s' if extra != 1 else ''} after it" if extra else ""
        _warn(path, self.line, f"{self.reason}: entry skipped (this line{tail}, up to {end})")


def loads(
    text: str,
    *,
    path: str | None = None,
    duplicates: Duplicates | str = Duplicates.LAST,
    name: str | None = None,
) -> Timeline:
    """Parse a timeline in the tilse text format (see the module docstring)."""
    policy = _policy(duplicates)
    blocks: list[_Block] = []
    current: _Block | None = None
    skip: _Skip | None = None
    for lineno, raw in enumerate(text.split("\n"), 1):
        line = raw.strip().lstrip("\ufeff")
        if not line:
            continue
        if _is_separator(line):
            if skip is not None:
                skip.close(path, f"the separator on line {lineno}")
                skip = None
            elif current is None:
                _warn(path, lineno, "separator line without a date line before it: ignored")
            else:
                if len(line) != len(SEPARATOR):
                    _warn(path, lineno, f"separator of {len(line)} dashes (expected {len(SEPARATOR)}): accepted")
                blocks.append(current)
                current = None
            continue
        bad: str | None = None
        try:
            day = parse_day(line)
        except ValueError as exc:  # shaped like a date line, but no date
            day, bad = None, f"malformed date line: {exc}; expected YYYY-MM-DD"
        if day is None and bad is None:  # a sentence line
            if skip is not None:
                skip.lines += 1
            elif current is not None:
                current[2].append(line)
            else:
                where = "before the first date line" if not blocks else "after a separator"
                skip = _Skip(lineno, f"expected a date line YYYY-MM-DD {where}, found {_clip(line)!r}")
            continue
        # a date line, good or bad: it starts a new entry
        if skip is not None:
            skip.close(path, f"the date line on line {lineno}")
            skip = None
        if current is not None:
            _warn(path, lineno, f"date line where the separator of the block for {current[0]} "
                                f"(line {current[1]}) was expected: block closed here")
            blocks.append(current)
            current = None
        if day is not None:
            current = (day, lineno, [])
        elif bad is not None:
            skip = _Skip(lineno, bad)
    if skip is not None:
        skip.close(path, "the end of the file")
    if current is not None:
        _warn(path, current[1], f"the block for {current[0]} has no final separator line: accepted")
        blocks.append(current)
    if not blocks:
        raise InputError(path, None, "no timeline entries: expected date lines, sentence lines and separator lines of 32 dashes")
    return _build(blocks, path, policy, name)


def loads_jsonl(
    text: str,
    *,
    path: str | None = None,
    duplicates: Duplicates | str = Duplicates.LAST,
    name: str | None = None,
) -> Timeline:
    """Parse a timeline as JSON lines: ``{"date": "YYYY-MM-DD", "sentences": [str, ...]}``.
    A bad line is skipped with a warning naming it."""
    policy = _policy(duplicates)
    blocks: list[_Block] = []
    for lineno, raw in enumerate(text.split("\n"), 1):
        line = raw.strip().lstrip("\ufeff")
        if not line:
            continue
        try:
            blocks.append(_json_block(line, lineno))
        except ValueError as exc:
            _warn(path, lineno, f"{exc}: line skipped")
    if not blocks:
        raise InputError(path, None, 'no timeline entries: expected lines like {"date": "YYYY-MM-DD", "sentences": [...]}')
    return _build(blocks, path, policy, name)


def _json_block(line: str, lineno: int) -> _Block:
    """The entry on one JSON line; ValueError saying what is wrong with it."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"invalid JSON ({exc.msg} at column {exc.colno}): expected one JSON object per line") from None
    if not isinstance(obj, dict):
        raise ValueError('expected a JSON object {"date": ..., "sentences": [...]}')
    raw_date = obj.get("date")
    if not isinstance(raw_date, str):
        raise ValueError('missing "date": expected "YYYY-MM-DD"')
    try:
        day = parse_day(raw_date.strip())
    except ValueError as exc:
        raise ValueError(f'malformed "date": {exc}; expected YYYY-MM-DD') from None
    if day is None:
        raise ValueError(f'malformed "date" {_clip(raw_date)!r}: expected YYYY-MM-DD')
    sentences = obj.get("sentences")
    if not isinstance(sentences, list) or not all(isinstance(s, str) for s in sentences):
        raise ValueError('"sentences" must be a list of strings')
    return day, lineno, [s.strip() for s in sentences if s.strip()]


def _build(blocks: Iterable[_Block], path: str | None, duplicates: Duplicates, name: str | None) -> Timeline:
    by_day: dict[date, tuple[int, list[str]]] = {}
    for day, lineno, sentences in blocks:
        if not sentences:
            _warn(path, lineno, f"date {day} has no sentences: kept as an entry without sentences")
        seen = by_day.get(day)
        if seen is None:
            by_day[day] = (lineno, list(sentences))
            continue
        first_line, kept = seen
        if duplicates is Duplicates.ERROR:
            raise InputError(path, lineno, f"duplicate date {day} (first on line {first_line})")
        if duplicates is Duplicates.LAST:
            _warn(path, lineno, f"duplicate date {day} (also on line {first_line}): the block on line {lineno} "
                                f"replaces the one on line {first_line} (tilse's reading)")
            by_day[day] = (lineno, list(sentences))
        else:
            _warn(path, lineno, f"duplicate date {day} (also on line {first_line}): sentences of both blocks "
                                "merged in file order")
            kept.extend(sentences)
    entries = [TimelineEntry(date=day, sentences=tuple(s)) for day, (_, s) in sorted(by_day.items())]
    return Timeline(entries=tuple(entries), name=name, meta={"path": path} if path else {})


def _is_separator(line: str) -> bool:
    return len(line) >= 4 and line.count("-") == len(line)


def _policy(duplicates: Duplicates | str) -> Duplicates:
    try:
        return Duplicates(duplicates)
    except ValueError:
        raise ValueError(f"duplicates must be one of {', '.join(Duplicates)}, not {duplicates!r}") from None


def _warn(path: str | None, line: int | None, reason: str) -> None:
    warnings.warn(InputWarning(path, line, reason), stacklevel=3)


def _clip(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
