"""Keeping the store current: poll sources (feeds, sitemaps, pages, files and folders) and
ingest only what is new or changed (``dateline watch``).

One poll (:func:`poll`) reads every source in turn through the ingest pipeline, so only
new articles are annotated and written:

- an address is fetched with its saved validators (a feed or page that has not changed
  costs a 304 and reads nothing), and of the pages a feed or sitemap lists only those that
  are new or whose listed date changed are fetched (:class:`~dateline.fetch.sources.WebReader`);
- a file is read only when its modification time or size changed since it was last read
  (its state is kept under ``file://`` + its absolute path); a folder is walked each poll.

What was fetched or read is recorded only after the articles from it are written, so a
process killed at any moment (even ``kill -9``) loses no committed article and fetches the
rest again next time. ``stop()`` is asked before each file and each fetch: when it returns
True the poll ends after the current item, writes what was read, and records it.

After a poll that stored new articles, the saved timelines are refreshed
(:func:`refresh_saved_timelines`, the one place that does it).

Nothing here prints; the CLI reports each poll (:meth:`PollReport.to_dict`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dateline.annotate.pipeline import BATCH_SIZE, ingest
from dateline.annotate.tagger import DEFAULT, Default, Tagger
from dateline.errors import InputError
from dateline.fetch import is_url
from dateline.fetch.sources import WebReader
from dateline.model import Article
from dateline.readers import iter_sources, read_source
from dateline.store.base import FetchState, Store
from dateline.tls.saved import RefreshResult, refresh_all

__all__ = ["PollReport", "file_key", "poll", "refresh_saved_timelines"]


@dataclass(slots=True)
class PollReport:
    """What one poll did: articles added and already present, every rejection (path or
    address, line, reason), what the fetching did, files read and skipped as unchanged,
    the saved timelines refreshed (None: no poll added articles), and whether it
    was stopped before the end."""

    started: str
    finished: str = ""
    added: int = 0
    present: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    fetch: dict[str, int] = field(default_factory=dict)
    files_read: int = 0
    files_unchanged: int = 0
    refreshed: list[RefreshResult] | None = None
    stopped: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The ``dateline watch --json`` line of the poll."""
        return {"started": self.started, "finished": self.finished, "added": self.added, "present": self.present,
                "rejected": self.rejected, "fetch": self.fetch, "files_read": self.files_read,
                "files_unchanged": self.files_unchanged,
                "refreshed": None if self.refreshed is None else [r.to_dict() for r in self.refreshed],
                "stopped": self.stopped}


def file_key(path: Path) -> str:
    """The key a watched file's state is kept under."""
    return path.resolve().as_uri()


def poll(
    store: Store,
    sources: Sequence[str],
    reader: WebReader,
    *,
    tagger: Tagger | Default | None = DEFAULT,
    batch_size: int = BATCH_SIZE,
    stop: Callable[[], bool] | None = None,
) -> PollReport:
    """One poll of ``sources`` (addresses, files, folders) into ``store``."""
    stopping = stop or (lambda: False)
    reader.stop = stopping
    report = PollReport(started=_now())
    file_states: list[FetchState] = []

    def items() -> Iterator[Article | InputError]:
        for source in sources:
            if stopping():
                return
            if is_url(source):
                yield from reader.read_url(source)
            else:
                yield from _files(source)

    def _files(source: str) -> Iterator[Article | InputError]:
        try:
            found = list(iter_sources([source]))
        except Exception as exc:  # noqa: BLE001 (a folder gone since the last poll is reported, not fatal)
            yield InputError(source, None, str(exc))
            return
        known = store.fetch_states([file_key(s.path) for s in found if s.error is None])
        for src in found:
            if stopping():
                return
            if src.error is not None:
                yield from read_source(src)
                continue
            key = file_key(src.path)
            try:
                st = os.stat(src.path)
            except OSError as exc:
                yield InputError(str(src.path), None, f"cannot read file: {exc.strerror or exc}")
                continue
            version = f"{st.st_mtime_ns}:{st.st_size}"
            state = known.get(key)
            if state is not None and state.item_version == version:
                report.files_unchanged += 1
                continue
            report.files_read += 1
            yield from read_source(src, options=reader.options)
            file_states.append(FetchState(key, item_version=version))

    result = ingest(store, items(), tagger=tagger, batch_size=batch_size)
    # what was read is recorded only now, after its articles are written
    reader.save_states(store)
    store.save_fetch_states(file_states)
    report.added, report.present = result.added, result.present
    report.rejected, report.warnings = result.rejected, result.warnings
    report.fetch = reader.counts.to_dict()
    report.stopped = stopping()
    if result.added:
        report.refreshed = refresh_saved_timelines(store)
    report.finished = _now()
    return report


# -- saved timelines: refreshed after each poll that stored new articles -------------------


def refresh_saved_timelines(store: Store) -> list[RefreshResult]:
    """Refresh the saved timelines whose selection changed (:func:`dateline.tls.saved.refresh_all`);
    what each refresh did."""
    return refresh_all(store)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
