"""The page helpers of the web app on hand-made cases: an article body cut into sentences
and marked time expressions (nothing lost, nothing doubled, overlaps and spans outside a
sentence handled), and the coverage chart's geometry."""

from __future__ import annotations

from datetime import date

import pytest

pytest.importorskip("fastapi")

from dateline.model import AnnotatedArticle, Article, Granularity, Sentence, Timex, TimexType
from dateline.web.render import Piece, article_pieces, coverage_chart


def tx(text: str, body: str, value: str, start: int | None = None) -> Timex:
    s = body.index(text) if start is None else start
    return Timex(start=s, end=s + len(text), text=text, type=TimexType.DATE, value=value,
                 granularity=Granularity.DAY)


def make(body: str, spans: list[tuple[int, int]], timexes: list[list[Timex]]) -> AnnotatedArticle:
    art = Article.create(published=date(2024, 3, 6), title="t", text=body)
    sentences = tuple(Sentence(art.id, i, a, b, body[a:b]) for i, (a, b) in enumerate(spans))
    return AnnotatedArticle(art, sentences, tuple(tuple(t) for t in timexes), tagger="test")


def joined(pieces: list[Piece]) -> str:
    return "".join(part.text for p in pieces for part in p.parts)


def test_pieces_keep_the_text_and_mark_timexes() -> None:
    body = "On Monday the council met.\n\nA vote is due next week. Then nothing."
    s1 = (0, 26)
    s2 = (body.index("A vote"), body.index(" Then"))
    s3 = (body.index("Then"), len(body))
    ann = make(body, [s1, s2, s3], [[tx("Monday", body, "2024-03-04")], [tx("next week", body, "2024-W11")], []])
    pieces = article_pieces(ann, highlight=1)
    assert joined(pieces) == body
    sentences = [p for p in pieces if p.index is not None]
    assert [p.index for p in sentences] == [0, 1, 2]
    assert [p.highlighted for p in sentences] == [False, True, False]
    marked = [(part.text, part.timex.value) for p in pieces for part in p.parts if part.timex]
    assert marked == [("Monday", "2024-03-04"), ("next week", "2024-W11")]
    assert pieces[1].index is None and pieces[1].parts[0].text == "\n\n"  # between sentences


def test_pieces_with_overlapping_and_stray_timexes() -> None:
    body = "Late on Tuesday March 5 it rained."
    outer = tx("Tuesday March 5", body, "2024-03-05")
    inner = tx("March 5", body, "2024-03-05")  # inside the first: left unmarked
    stray = Timex(start=len(body) + 5, end=len(body) + 9, text="????", type=TimexType.DATE, value="X")
    ann = make(body, [(0, len(body))], [[inner, outer, stray]])
    pieces = article_pieces(ann)
    assert joined(pieces) == body
    assert [part.text for part in pieces[0].parts if part.timex] == ["Tuesday March 5"]
    assert article_pieces(make("", [], []), None) == []
    no_sentences = make("Just text.", [], [])
    assert joined(article_pieces(no_sentences)) == "Just text."


def test_coverage_chart_geometry() -> None:
    counts = {date(2024, 1, 10): 2, date(2024, 1, 11): 4, date(2024, 3, 1): 1}
    entries = [(date(2024, 1, 11), Granularity.DAY), (date(2024, 2, 1), Granularity.MONTH)]
    chart = coverage_chart(counts, entries, (date(2024, 1, 1), date(2024, 3, 31)))
    assert chart["days"] == 91 and chart["total"] == 7 and chart["max"] == 4
    assert [b["count"] for b in chart["bars"]] == [2, 4, 1]
    tallest = max(chart["bars"], key=lambda b: b["h"])
    assert tallest["count"] == 4 and tallest["y"] + tallest["h"] == pytest.approx(chart["plot"])
    xs = [b["x"] for b in chart["bars"]]
    assert xs == sorted(xs) and all(chart["pad"] <= x <= chart["width"] - chart["pad"] for x in xs)
    day, month = chart["marks"]
    assert day["iso"] == "2024-01-11" and day["articles"] == 4 and not day["coarse"]
    assert month["iso"] == "2024-02" and month["coarse"] and month["articles"] == 0
    assert month["w"] == pytest.approx(29 * day["w"], abs=0.5)  # February 2024 has 29 days
    assert [t["label"] for t in chart["ticks"]] == ["Jan 2024", "Feb", "Mar"]
    # dates outside the window widen the chart instead of falling off it
    wide = coverage_chart(counts, [(date(2023, 12, 25), Granularity.DAY)], (date(2024, 1, 1), date(2024, 3, 31)))
    assert wide["first"] == date(2023, 12, 25) and wide["marks"][0]["x"] == wide["pad"]
