"""One entry point for every timeline output format: :func:`dumps` and :func:`write`."""

from __future__ import annotations

import importlib
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

#: The module of ``dateline.export`` that writes each format (imported when first used).
_MODULES: dict[ExportFormat, str] = {
    ExportFormat.TEXT: "text",
    ExportFormat.MD: "markdown",
    ExportFormat.JSON: "json",
    ExportFormat.HTML: "html",
    ExportFormat.TIMELINEJS: "timelinejs",
    ExportFormat.TILSE: "tilse",
}


def dumps(timeline: Timeline, format: str = "text") -> str:
    """``timeline`` rendered in ``format`` (one of :data:`FORMATS`).

    Raises :class:`DatelineError` for an unknown format or a timeline without entries (an
    empty file is never the answer to a request for a timeline)."""
    if format not in FORMATS:
        raise DatelineError(f"unknown timeline format {format!r}: expected one of {', '.join(FORMATS)}")
    if not timeline.entries:
        raise DatelineError("the timeline has no entries: nothing to write")
    module = importlib.import_module(f"dateline.export.{_MODULES[ExportFormat(format)]}")
    return str(module.dumps(timeline))


def write(timeline: Timeline, path: str | Path, format: str = "text") -> None:
    """Render first, then write: a failure never leaves an empty or partial file behind."""
    content = dumps(timeline, format)
    path = Path(path)
    try:
        path.write_text(content, encoding="utf-8")
    except OSError as exc:
        raise DatelineError(f"{path}: cannot write the timeline: {exc.strerror or exc}") from None
