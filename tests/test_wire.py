"""The packed form of annotated records (dateline.annotate.wire) that workers send back:
unpack(pack(records)) == records on real articles and on hand-made edge cases, and an
AnnotatedBatch survives pickling unchanged."""

from __future__ import annotations

import pickle
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _shared import need_sample, need_timeline17
from dateline.annotate import default_tagger, wire
from dateline.annotate.pipeline import AnnotatedBatch, Failure, IngestBatch, annotate_batch
from dateline.annotate.stories import available as stories_available
from dateline.errors import InputError
from dateline.model import Article, ArticleRecord, Granularity, Timex, TimexType
from dateline.readers import scan


def _articles(*paths: object) -> list[Article]:
    return [a for a in scan([str(p) for p in paths]) if not isinstance(a, InputError)]


def _roundtrip(batch: AnnotatedBatch) -> AnnotatedBatch:
    back = pickle.loads(pickle.dumps(batch, protocol=5))
    assert isinstance(back, AnnotatedBatch)
    return back


def test_sample_corpus_roundtrip() -> None:
    articles = _articles(need_sample() / "articles")
    done = annotate_batch(IngestBatch(articles, frozenset()), default_tagger(), signatures=stories_available())
    assert len(done.records) == len(articles) >= 60
    assert sum(len(t) for r in done.records for t in r.timexes) > 500
    assert wire.unpack(wire.pack(done.records)) == done.records
    assert _roundtrip(done) == done


def test_timeline17_folder_roundtrip_with_stories() -> None:
    """A whole Timeline17 folder (273 articles), with the stories the writer assigns."""
    articles = _articles(need_timeline17() / "EgyptianProtest_cnn")
    done = annotate_batch(IngestBatch(articles, frozenset()), default_tagger(), signatures=stories_available())
    records = [ArticleRecord(r.article, r.spans, r.timexes, r.tagger, r.signature, r.bands,
                             story=r.article.id if i % 3 else articles[0].id) for i, r in enumerate(done.records)]
    back = wire.unpack(pickle.loads(pickle.dumps(wire.pack(records), protocol=5)))
    assert back == records
    # the same types as the tagger's: spans are tuples, timexes Timex objects with enums and dates
    first = next(t for r in back for s in r.timexes for t in s)
    assert isinstance(first.type, TimexType) and isinstance(first.granularity, Granularity)
    assert all(isinstance(s, tuple) for r in back for s in r.spans)


def _article(text: str = "", n: int = 0) -> Article:
    return Article.create(published=date(2011, 2, n % 28 + 1), title=f"t{n}", text=text)


def test_edge_cases() -> None:
    tagged = ArticleRecord(
        _article("On Monday, about three weeks ago. Nothing here.", 1),
        [(0, 33), (34, 47)],
        ((Timex(3, 9, "Monday", TimexType.DATE, "2011-01-31", Granularity.DAY, date(2011, 2, 2)),
          Timex(17, 32, "three weeks ago", TimexType.DATE, "2011-W02", Granularity.WEEK, None, "APPROX")),
         ()),
        "0.7", signature=None, bands=(5, -3, 2**62), story="x")
    untagged = ArticleRecord(_article("Plain text.", 2), [(0, 11)])
    empty = ArticleRecord(_article("", 3), [], (), "0.7")
    timed = ArticleRecord(
        Article.create(published=datetime(2011, 2, 1, 15, 30), title="é", text="Über 3 p.m. — 東京."),
        [(0, 17)],
        ((Timex(5, 11, "3 p.m.", TimexType.TIME, "2011-02-01T15:00", Granularity.TIME, date(1, 1, 1)),),),
        "0.7", signature=b"\x00\x01" * 64)
    for records in ([], [tagged], [untagged, empty], [tagged, untagged, empty, timed, tagged]):
        assert wire.unpack(wire.pack(records)) == records


def test_batch_keeps_present_and_failures() -> None:
    a, b = _article("One. Two.", 4), _article("Three.", 5)
    batch = AnnotatedBatch([ArticleRecord(a, [(0, 4), (5, 9)])], present=[b],
                           failed=[Failure("f" * 16, "some/file.txt", ValueError("bad"))])
    back = _roundtrip(batch)
    assert back.records == batch.records and back.present == [b]
    assert [(f.article_id, f.origin, f.reason) for f in back.failed] == [("f" * 16, "some/file.txt",
                                                                         "annotation failed: ValueError: bad")]


def test_not_made_by_pack_is_an_error() -> None:
    packed = list(wire.pack([ArticleRecord(_article("One. Two.", 6), [(0, 4), (5, 9)])]))
    packed[4] = packed[4][:0]  # no span counts
    with pytest.raises(ValueError, match="not made by pack"):
        wire.unpack(tuple(packed))


_timex = st.builds(
    Timex, st.integers(0, 10**6), st.integers(0, 10**6), st.text(max_size=8), st.sampled_from(list(TimexType)),
    st.text(max_size=12), st.sampled_from(list(Granularity)), st.none() | st.dates(), st.none() | st.text(max_size=6))


@st.composite
def _records(draw: st.DrawFn) -> ArticleRecord:
    n = draw(st.integers(0, 5))
    spans = [(draw(st.integers(0, 10**6)), draw(st.integers(0, 10**6))) for _ in range(n)]
    timexes = tuple(tuple(draw(st.lists(_timex, max_size=3))) for _ in range(n)) if draw(st.booleans()) else ()
    return ArticleRecord(_article(draw(st.text(max_size=20)), draw(st.integers(0, 100))), spans, timexes,
                         draw(st.none() | st.just("0.7")), draw(st.none() | st.binary(max_size=16)),
                         tuple(draw(st.lists(st.integers(-2**63, 2**63 - 1), max_size=4))),
                         draw(st.none() | st.text(max_size=16)))


@settings(max_examples=200, deadline=None)
@given(st.lists(_records(), max_size=6))
def test_any_records_roundtrip(records: list[ArticleRecord]) -> None:
    assert wire.unpack(pickle.loads(pickle.dumps(wire.pack(records)))) == records
