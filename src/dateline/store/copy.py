"""Moving a collection between stores (``dateline db copy SRC DST``): articles with their
annotations (sentence spans, timexes and tagger version, topic tags), stories with their
MinHash signatures and band keys, fetch states and saved timelines, from any backend to any
other.

Articles are read in ingest order and written in batches with :meth:`Store.write`, so the
copy keeps their order and is idempotent: an article the destination already holds counts
as present (and gains the topic tags it lacked), and copying again after an interruption
adds what is missing. Fetch states and saved timelines replace those of the same address
or name. A saved timeline keeps its result; the destination's content differs in version
from the source's, so its next refresh compares and rebuilds it there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dateline.store.base import Store

__all__ = ["CopyReport", "copy_store"]


@dataclass(slots=True)
class CopyReport:
    """What a copy did: articles added and already present, and the numbers of sentences,
    time expressions, grouped articles, fetch states and saved timelines copied."""

    added: int = 0
    present: int = 0
    sentences: int = 0
    timexes: int = 0
    grouped: int = 0
    fetch_states: int = 0
    saved_timelines: int = 0

    def summary(self) -> str:
        return (f"{self.added} articles copied ({self.present} already there), {self.sentences} sentences, "
                f"{self.timexes} time expressions, {self.grouped} articles in stories, "
                f"{self.fetch_states} fetch states, {self.saved_timelines} saved timelines")


def copy_store(src: Store, dst: Store, *, batch_size: int = 500,
               progress: Callable[[int], None] | None = None) -> CopyReport:
    """Copy everything in ``src`` into ``dst``; ``progress(n)`` after each batch of ``n``
    articles."""
    report = CopyReport()
    for batch in src.export(batch_size):
        done = dst.write(batch)
        added = set(done.added)
        report.added += len(done.added)
        report.present += len(done.present)
        for r in batch:
            if r.article.id in added:
                report.sentences += len(r.spans)
                report.timexes += sum(len(t) for t in r.timexes)
                report.grouped += r.story is not None
        if progress:
            progress(len(batch))
    states = src.all_fetch_states()
    if states:
        dst.save_fetch_states(states)
    report.fetch_states = len(states)
    for saved in src.saved_timelines():
        dst.save_timeline(saved)
        report.saved_timelines += 1
    return report
