"""Write a Timeline in the tilse text format or as JSON lines: the inverse of
:mod:`dateline.readers.tilse`.

The text format has days only: an entry of a coarser granularity (a month) is written
under its ``date`` (the first day of the period). Sentences are written one per line, so a
line break inside a sentence becomes a space; a sentence that would read back as a date
line or a separator cannot be written and raises :class:`~dateline.errors.DatelineError`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from dateline.errors import DatelineError
from dateline.model import Timeline
from dateline.readers._io import parse_day
from dateline.readers.tilse import SEPARATOR

__all__ = ["dumps", "dumps_jsonl", "write"]

_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")


def dumps(timeline: Timeline) -> str:
    """The timeline in the tilse text format (ascending dates, final separator included)."""
    out: list[str] = []
    for entry in timeline.entries:
        out.append(entry.date.isoformat())
        for sentence in entry.sentences:
            line = _LINE_BREAKS.sub(" ", sentence).strip()
            if not line:
                continue
            if _reads_back_as_structure(line):
                raise DatelineError(
                    f"timeline entry {entry.date}: the sentence {line!r} would be read back as a "
                    "date line or a separator; the tilse text format cannot hold it (use JSON lines)"
                )
            out.append(line)
        out.append(SEPARATOR)
    return "\n".join(out) + "\n" if out else ""


def dumps_jsonl(timeline: Timeline) -> str:
    """The timeline as JSON lines, one ``{"date", "sentences"}`` object per entry."""
    return "".join(
        json.dumps({"date": e.date.isoformat(), "sentences": list(e.sentences)}, ensure_ascii=False) + "\n"
        for e in timeline.entries
    )


def write(timeline: Timeline, path: str | Path, *, format: str | None = None) -> None:
    """Write ``timeline`` to ``path``; ``format`` ``"text"`` or ``"jsonl"`` (default from the
    extension: ``.jsonl``/``.ndjson``/``.json`` are JSON lines)."""
    path = Path(path)
    if format is None:
        format = "jsonl" if path.suffix.lower() in (".jsonl", ".ndjson", ".json") else "text"
    if format not in ("text", "jsonl"):
        raise ValueError(f"unknown timeline format {format!r}: expected 'text' or 'jsonl'")
    path.write_text(dumps_jsonl(timeline) if format == "jsonl" else dumps(timeline), encoding="utf-8")


def _reads_back_as_structure(line: str) -> bool:
    if len(line) >= 4 and line.count("-") == len(line):
        return True
    try:
        return parse_day(line) is not None
    except ValueError:
        return True
