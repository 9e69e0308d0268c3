"""One entry point for every timeline output format: :func:`dumps` and :func:`write`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from dateline.errors import DatelineError
from dateline.model import Timeline

__all__ = ["FORMATS", "ExportFormat", "dumps", "write"]


class ExportFormat(StrEnum):
    """A timeline output format."""

    # in the order `dateline timeline --help` lists them

    TEXT = "text"
    MD = "md"
    JSON = "json"
    HTML = "html"
    TIMELINEJS = "timelinejs"
    TILSE = "tilse"


#: The names of :class:`ExportFormat`, in order.
FORMATS: tuple[str, ...] = tuple(f.value for f in ExportFormat)


def dumps(timeline: Timeline, format: str = "text") -> str:
    """``timeline`` rendered in ``format`` (one of :data:`FORMATS`).

    Raises :class:`DatelineError` for an unknown format or a timeline without entries (an
    empty file is never the answer to a request for a timeline)."""
    if format not in FORMATS:
        raise DatelineError(f"unknown timeline format {format!r}: expected one of {', '.join(FORMATS)}")
    if not timeline.entries:
        raise DatelineError("the timeline has no entries: nothing to write")
    if format == "text":
        from dateline.export.text import dumps as render
    elif format == "md":
        from dateline.export.markdown import dumps as render
    elif format == "json":
        from dateline.export.json import dumps as render
    elif format == "html":
        from dateline.export.html import dumps as render
    elif format == "timelinejs":
        from dateline.export.timelinejs import dumps as render
    else:
        from dateline.export.tilse import dumps as render
    return render(timeline)


def write(timeline: Timeline, path: str | Path, format: str = "text") -> None:
    """Render first, then write: a failure never leaves an empty or partial file behind."""
    content = dumps(timeline, format)
    path = Path(path)
    try:
        path.write_text(content, encoding="utf-8")
    except OSError as exc:
        raise DatelineError(f"{path}: cannot write the timeline: {exc.strerror or exc}") from None
