"""dateline.annotate: sentences plus the timexes of each sentence."""

from __future__ import annotations

from datetime import date, datetime

from _shared import need_sample
from dateline.annotate import Tagger, annotate, assign_timexes, default_tagger
from dateline.model import Article, Granularity, Sentence, Timex, TimexType


def _timex(start: int, end: int, text: str = "x") -> Timex:
    return Timex(start=start, end=end, text=text, type=TimexType.DATE, value="2024-01-24", granularity=Granularity.DAY)


def _fake(found: list[Timex]) -> tuple[Tagger, list[tuple[str, object]]]:
    calls: list[tuple[str, object]] = []

    def tag(text: str, anchor: date | datetime) -> list[Timex]:
        calls.append((text, anchor))
        return found

    return Tagger(tag=tag, version="fake-1"), calls


def test_assign_by_start_offset() -> None:
    sents = [Sentence("a", 0, 0, 10, ""), Sentence("a", 1, 12, 20, ""), Sentence("a", 2, 21, 30, "")]
    tx = [_timex(25, 28), _timex(2, 5), _timex(8, 14), _timex(10, 11), _timex(0, 1)]
    out = assign_timexes(sents, tx)
    assert [[(t.start, t.end) for t in b] for b in out] == [[(0, 1), (2, 5), (8, 14), (10, 11)], [], [(25, 28)]]
    assert assign_timexes([], tx) == ()


def test_annotate_tags_the_whole_body_once_against_the_publication_date() -> None:
    art = Article.create(published=date(2024, 1, 26), title="T", text="It closed Wednesday. It reopens next month.")
    tagger, calls = _fake([_timex(10, 19, "Wednesday"), _timex(32, 42, "next month")])
    ann = annotate(art, tagger)
    assert calls == [(art.text, date(2024, 1, 26))]
    assert [s.text for s in ann.sentences] == ["It closed Wednesday.", "It reopens next month."]
    assert [[t.text for t in ts] for ts in ann.timexes] == [["Wednesday"], ["next month"]]
    assert ann.tagger == "fake-1"


def test_annotate_without_tagger() -> None:
    art = Article.create(published=date(2024, 1, 26), title="T", text="One. Two.")
    ann = annotate(art, None)
    assert len(ann.sentences) == 2 and ann.timexes == () and ann.tagger is None
    assert ann.sentence_timexes(1) == ()


def test_default_tagger_on_the_sample_corpus() -> None:
    tagger = default_tagger()
    assert tagger is not None, "dateline.timex.tag is missing"
    from dateline.readers import dateline_text

    total = 0
    for path in sorted((need_sample() / "articles").glob("*.txt")):
        art = dateline_text.read(path)
        ann = annotate(art)
        assert ann.tagger == tagger.version
        assert len(ann.timexes) == len(ann.sentences)
        next_starts = [s.start for s in ann.sentences[1:]] + [len(art.text)]
        for sent, txs, next_start in zip(ann.sentences, ann.timexes, next_starts, strict=True):
            for t in txs:
                assert sent.start <= t.start < next_start
                assert art.text[t.start : t.end] == t.text
                total += 1
    assert total > 100  # the sample corpus is full of dates and times
