"""dateline.annotate.pipeline: ingest (readers → annotate → store, in batches) and retag
(store → tag again → store), with hand-made taggers, the real tagger, bad input, failing
taggers, and batches annotated in worker processes."""

from __future__ import annotations

import sqlite3
import warnings
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import TypeVar

import pytest

from _shared import need_sample
from dateline.annotate import (
    Tagger,
    annotate,
    annotate_record,
    default_tagger,
    ingest,
    retag,
    stories,
)
from dateline.annotate.pipeline import IngestBatch, annotate_batch
from dateline.errors import InputError, InputWarning
from dateline.model import Article, ArticleRecord, Granularity, Timex, TimexType
from dateline.readers import dateline_text, scan
from dateline.store import SqliteStore

T = TypeVar("T")
R = TypeVar("R")


def _sample() -> list[Article]:
    return [dateline_text.read(p) for p in sorted((need_sample() / "articles").glob("*.txt"))]


def _synthetic(n: int) -> list[Article]:
    return [Article.create(published=date(2020, 1, 1 + i % 28), title=f"Article {i}",
                           text=f"Body of article {i} about bridges. It has two sentences.", topics=("synth",))
            for i in range(n)]


def _bridges(text: str, anchor: date | datetime) -> list[Timex]:
    i = text.index("bridges")
    return [Timex(i, i + 7, "bridges", TimexType.DATE, "2020-01", Granularity.MONTH, None)]


def _dump(path: Path) -> list[object]:
    """Everything an ingest stores, except the time of the ingest."""
    db = sqlite3.connect(path)
    rows: list[object] = []
    rows += db.execute("SELECT pk, id, published, title, text, sentence_spans, tagger, story, signature"
                       " FROM articles ORDER BY pk").fetchall()
    rows += db.execute("SELECT * FROM article_topics ORDER BY article, topic").fetchall()
    rows += db.execute("SELECT * FROM timexes ORDER BY rowid").fetchall()
    db.close()
    return rows


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteStore]:
    with SqliteStore(tmp_path / "p.db") as s:
        yield s


def test_ingest_reports_added_present_rejected_and_ids(store: SqliteStore) -> None:
    arts = _synthetic(7)
    bad = InputError("bad.txt", 3, "expected a date")
    result = ingest(store, [arts[0], bad, *arts[1:], arts[2]], tagger=None, batch_size=3)
    assert (result.added, result.present) == (7, 1)
    assert result.rejected == [{"path": "bad.txt", "line": 3, "reason": "expected a date"}]
    assert result.ids == [a.id for a in arts] + [arts[2].id]
    assert result.to_dict() == {"added": 7, "present": 1, "rejected": result.rejected, "ids": result.ids,
                                "joined": 0, "stories": "on" if stories.available() else "off"}
    again = ingest(store, arts, tagger=None)
    assert (again.added, again.present, again.ids) == (0, 7, [a.id for a in arts])
    assert store.counts()["articles"] == 7 and store.tagger_versions() == {None: 7}


def test_ingest_collects_reader_warnings(store: SqliteStore) -> None:
    def items() -> Iterator[Article]:
        warnings.warn(InputWarning("x.jsonl", 2, "unknown key 'colour' ignored"), stacklevel=1)
        yield from _synthetic(1)

    result = ingest(store, items(), tagger=None)
    assert result.added == 1 and result.warnings == ["x.jsonl:2: unknown key 'colour' ignored"]


def test_ingest_with_a_tagger_stores_what_annotate_gives(tmp_path: Path) -> None:
    # the pipeline splits and tags without building Sentence objects; what it stores must
    # be what annotate() gives
    def tag(text: str, anchor: date | datetime) -> list[Timex]:
        day = anchor.date() if isinstance(anchor, datetime) else anchor
        return [Timex(m, m + 3, text[m : m + 3], TimexType.DATE, "2024-01", Granularity.MONTH, day)
                for m in range(0, len(text) - 3, 97)]

    tagger = Tagger(tag, "t-4")
    arts = _sample()
    with SqliteStore(tmp_path / "a.db") as a:
        result = ingest(a, arts, tagger=tagger, batch_size=9)
        assert result.added == len(arts) and result.ids == [x.id for x in arts]
        for art in arts:
            stored = a.annotated(art.id)
            assert stored is not None and replace(stored, story=None) == annotate(art, tagger)
            assert stored is not None and sum(map(len, stored.timexes)) == len(tag(art.text, art.published))
        counts = a.counts()
        assert ingest(a, arts, tagger=None).present == len(arts)
        assert a.counts() == counts


def test_a_failing_tagger_rejects_that_article_only(store: SqliteStore) -> None:
    arts = _synthetic(5)

    def tag(text: str, anchor: date | datetime) -> list[Timex]:
        if "article 2 " in text:
            raise RuntimeError("boom")
        return []

    result = ingest(store, [*arts, arts[2]], tagger=Tagger(tag, "t-5"), batch_size=10)
    assert result.added == 4 and result.present == 0
    reason = "annotation failed: RuntimeError: boom"
    # the second copy in the batch is tried again (and fails again): both are reported
    assert result.rejected == [{"path": None, "line": None, "reason": reason}] * 2
    assert result.ids == [a.id for i, a in enumerate(arts) if i != 2]
    assert store.counts()["articles"] == 4 and store.article(arts[2].id) is None


def test_annotate_batch_tries_a_failed_article_again_later_in_the_batch() -> None:
    arts = _synthetic(3)
    calls: list[str] = []

    def flaky(text: str, anchor: date | datetime) -> list[Timex]:
        calls.append(text)
        if len(calls) == 1:
            raise ValueError("first call fails")
        return []

    done = annotate_batch(IngestBatch([arts[0], arts[0], arts[1], arts[2]], frozenset({arts[2].id})),
                          Tagger(flaky, "t-6"))
    assert [r.article for r in done.records] == [arts[0], arts[1]]
    assert done.present == [arts[2]] and [f.article_id for f in done.failed] == [arts[0].id]


def test_retag(store: SqliteStore) -> None:
    arts = _synthetic(25)
    ingest(store, arts, tagger=None)
    seen: list[int] = []
    v = store.content_version()
    assert retag(store, Tagger(_bridges, "t-2"), batch_size=10, progress=seen.append) == 25
    assert seen == [10, 10, 5] and store.tagger_versions() == {"t-2": 25}
    assert store.content_version() != v
    assert store.counts()["timexes"] == 25
    assert retag(store, Tagger(_bridges, "t-2")) == 0
    assert retag(store, Tagger(_bridges, "t-2"), force=True) == 25 and store.counts()["timexes"] == 25
    ann = store.annotated(arts[0].id)
    assert ann is not None and ann.timexes[0][0].anchor == arts[0].day  # anchor defaults to the article day


def test_retag_survives_a_failing_tagger(store: SqliteStore) -> None:
    arts = _synthetic(6)
    ingest(store, arts, tagger=None)

    def tag(text: str, anchor: date | datetime) -> list[Timex]:
        if "article 3 " in text:
            raise IndexError("tagger bug")
        return []

    errors: list[tuple[str, str]] = []
    seen: list[int] = []
    done = retag(store, Tagger(tag, "t-3"), batch_size=4, progress=seen.append,
                 on_error=lambda i, e: errors.append((i, str(e))))
    assert done == 5 and seen == [4, 2] and errors == [(arts[3].id, "tagger bug")]
    assert store.tagger_versions() == {"t-3": 5, None: 1}  # the failed one stays due
    assert retag(store, Tagger(lambda text, anchor: [], "t-3")) == 1


def test_retag_with_the_real_tagger(store: SqliteStore) -> None:
    tagger = default_tagger()
    arts = _sample()[:10]
    ingest(store, arts, tagger=None)
    assert retag(store) == 10
    for art in arts:
        stored = store.annotated(art.id)
        fresh = annotate(art, tagger)
        assert stored is not None and stored.timexes == fresh.timexes and stored.tagger == tagger.version


class _Pool:
    """An executor over worker processes (what a cluster executor does, on one machine)."""

    def __init__(self, pool: ProcessPoolExecutor) -> None:
        self.pool = pool

    def map(self, fn: Callable[[T], R], batches: Iterable[T]) -> Iterator[R]:
        return self.pool.map(fn, batches)


def test_batches_annotated_in_worker_processes_store_the_same(tmp_path: Path) -> None:
    """The executor seam: with the batches annotated in two worker processes (the real
    tagger sent there), the store holds exactly what the in-process pipeline stores."""
    items = list(scan([need_sample() / "articles"]))
    with SqliteStore(tmp_path / "here.db") as here:
        expected = ingest(here, items, batch_size=7)
    with ProcessPoolExecutor(max_workers=2) as pool, SqliteStore(tmp_path / "there.db") as there:
        got = ingest(there, items, batch_size=7, executor=_Pool(pool))
        assert got == expected and got.added == 60
        assert retag(there, force=True, executor=_Pool(pool)) == 60
    assert _dump(tmp_path / "there.db") == _dump(tmp_path / "here.db")


def test_records_round_trip_through_the_model() -> None:
    art = _sample()[0]
    record = annotate_record(art, Tagger(_bridges_or_nothing, "t-7"))
    ann = record.annotated()
    assert ann == annotate(art, Tagger(_bridges_or_nothing, "t-7"))
    assert ArticleRecord.of(ann) == ArticleRecord(art, list(record.spans), record.timexes, "t-7")
    assert ann.tagger == "t-7" and len(ann.sentences) == len(record.spans) == len(ann.timexes)
    untagged = annotate_record(art, None)
    assert untagged.annotated() == annotate(art, None) and untagged.timexes == () and untagged.tagger is None


def _bridges_or_nothing(text: str, anchor: date | datetime) -> list[Timex]:
    return _bridges(text, anchor) if "bridges" in text else []
