"""Timeline engine on small hand-made collections: building blocks, build(), bad input."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from dateline.errors import DatelineError
from dateline.model import AnnotatedArticle, Article, Granularity, Sentence, Timex, TimexType
from dateline.tls import TimelineError, build
from dateline.tls import datewise as dw
from dateline.tls.api import default_dates, default_per_date, query_keywords
from dateline.tls.corpus import collect, keyword_mask
from dateline.tls.summarize import centroid_opt
from dateline.tls.vectors import tfidf


def make(published: date, sentences: list[tuple[str, list[tuple[str, str]]]], topic: str = "bridge",
         outlet: str = "Courier") -> AnnotatedArticle:
    """An annotated article; each sentence lists (surface, TimeML value) of its timexes."""
    text = " ".join(s for s, _ in sentences)
    art = Article.create(published=published, title=f"Story {published}", text=text, topics=(topic,),
                         outlet=outlet, origin=f"/news/{published}.txt")
    sents, txs, pos = [], [], 0
    for i, (s, tx) in enumerate(sentences):
        sents.append(Sentence(art.id, i, pos, pos + len(s), s))
        row = []
        for surface, value in tx:
            at = text.index(surface, pos)
            gran = Granularity.DAY if len(value) == 10 else Granularity.MONTH if len(value) == 7 else Granularity.YEAR
            row.append(Timex(at, at + len(surface), surface, TimexType.DATE, value, gran, published))
        txs.append(tuple(row))
        pos += len(s) + 1
    return AnnotatedArticle(art, tuple(sents), tuple(txs))


def corpus() -> list[AnnotatedArticle]:
    """A bridge story: closure on 3 March, reopening on 20 May, a vote on 2 April."""
    out = []
    for i in range(4):
        out.append(make(date(2024, 3, 3 + i), [
            (f"The Fenwick bridge closed on Sunday after inspectors found cracks (report {i}).",
             [("Sunday", "2024-03-03")]),
            ("Commuters faced long detours across the river.", []),
            ("Officials said repairs could take months.", []),
        ]))
    for i in range(2):
        out.append(make(date(2024, 4, 2 + i), [
            ("The council voted Tuesday to fund the bridge repairs.", [("Tuesday", "2024-04-02")]),
            ("The bridge closed on March 3 after cracks were found.", [("March 3", "2024-03-03")]),
        ]))
    for i in range(3):
        out.append(make(date(2024, 5, 20 + i), [
            ("The Fenwick bridge reopened to traffic on May 20.", [("May 20", "2024-05-20")]),
            ("Drivers welcomed the end of the detours in May 2024.", [("May 2024", "2024-05")]),
        ]))
    return out


def test_knee_point() -> None:
    # the point farthest from the chord through the first and last points
    assert dw.knee_point(np.array([1.0, 0.95, 0.9, 0.2, 0.1, 0.05])) == 2
    assert dw.knee_point(np.array([1.0, 0.5])) == 0
    assert dw.knee_point(np.array([0.3, 0.3, 0.3])) == 0


def test_centroid_opt_prefers_central_sentences_and_skips_duplicates() -> None:
    texts = ["bridge closed cracks", "bridge closed cracks", "bridge closed river", "weather sunny warm"]
    x, _ = tfidf(texts)
    chosen = centroid_opt(x, 2)
    assert chosen[0] in (0, 1) and len(chosen) == 2
    assert set(chosen) != {0, 1}  # the exact duplicate is redundant
    assert centroid_opt(x, 2, np.array([False, False, False, True])) == [3]
    assert centroid_opt(x, 0) == []


def test_collection_dates_sentences_by_their_time_expressions() -> None:
    coll = collect(corpus())
    closure = date(2024, 3, 3).toordinal()
    assert sum(closure in m for m in coll.mentions) == 6
    # DATEWISE's rule: the first timex decides; a month-level first timex gives no day
    assert coll.first_timex_day[coll.texts.index("Drivers welcomed the end of the detours in May 2024.")] == 0
    assert date(2024, 5, 1).toordinal() in coll.month_mentions[coll.texts.index(
        "Drivers welcomed the end of the detours in May 2024.")]
    mask = keyword_mask(coll.texts, ["FENWICK"])
    assert mask.sum() == 7


def test_datewise_mention_ranking_and_selection() -> None:
    coll = collect(corpus())
    ranked = dw.rank_dates(coll, "mentions")
    assert [date.fromordinal(d) for d in ranked[:3]] == [date(2024, 3, 3), date(2024, 5, 20), date(2024, 4, 2)]
    x, _ = tfidf(coll.texts)
    picks = dw.select(coll, x, keyword_mask(coll.texts, ["bridge"]), 2, 1,
                      (coll.start, coll.end), ranker="mentions")
    assert [date.fromordinal(d) for d, _, _ in picks] == [date(2024, 3, 3), date(2024, 5, 20)]
    for _day, rows, _ in picks:
        assert all("bridge" in coll.texts[r].lower() for r in rows)


def test_build_gives_provenance_that_points_at_the_sentence() -> None:
    arts = corpus()
    tl = build(arts, keywords=["bridge"], dates=3, per_date=1, method="datewise-mentions", name="Bridge")
    assert tl.dates == [date(2024, 3, 3), date(2024, 4, 2), date(2024, 5, 20)]
    by_id = {a.article.id: a.article for a in arts}
    for e in tl.entries:
        for sentence, p in zip(e.sentences, e.provenance, strict=True):
            assert by_id[p.article_id].text[p.start:p.end] == sentence
            assert p.outlet == "Courier" and p.origin and p.title
    assert tl.meta["dates"] == 3 and tl.meta["keywords"] == ["bridge"]


def test_build_month_granularity_keeps_months() -> None:
    tl = build(corpus(), keywords=["bridge", "detours"], dates=2, per_date=1, method="datewise-mentions",
               granularity="month")
    assert all(e.granularity is Granularity.MONTH for e in tl.entries)
    assert all(e.date.day == 1 for e in tl.entries)


def test_window_restricts_articles_and_dates() -> None:
    tl = build(corpus(), keywords=["bridge"], dates=5, per_date=1, method="datewise-mentions",
               window=(date(2024, 5, 1), None))
    assert tl.dates == [date(2024, 5, 20)]


def test_defaults_from_the_collection() -> None:
    arts = corpus()
    assert default_dates(arts) == 6  # 9 publication days: 2 * sqrt(9)
    assert default_per_date(arts, 6) == 1
    assert query_keywords("The vote on the Fenwick bridge") == ("vote", "fenwick", "bridge")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"dates": 0}, "dates must be at least 1"),
        ({"dates": 10**6}, "dates must be at most 1000"),
        ({"per_date": 0}, "per_date must be at least 1"),
        ({"per_date": 500}, "per_date must be at most 50"),
        ({"dates": 2.5}, "dates must be a whole number"),
        ({"window": (date(2024, 6, 1), date(2024, 5, 1))}, "empty window"),
        ({"window": (date(2025, 1, 1), None)}, "no article published on or after 2025-01-01"),
        ({"keywords": ["volcano"]}, "no sentence .* contains any of the keywords volcano"),
        ({"topic": "elections"}, "no article has the topic 'elections'"),
        ({"granularity": "week"}, "granularity must be one of day, month, year"),
        ({"method": "magic"}, "unknown timeline method 'magic'"),
    ],
)
def test_bad_input_raises_a_clear_error(kwargs: dict, message: str) -> None:
    base = {"keywords": ["bridge"], "method": "datewise-mentions"}
    with pytest.raises(DatelineError, match=message):
        build(corpus(), **{**base, **kwargs})


def test_no_articles_and_no_dates_in_the_text() -> None:
    with pytest.raises(TimelineError, match="no articles given"):
        build([], keywords=["bridge"])
    undated = [make(date(2024, 1, d), [("The bridge is old.", [])]) for d in (1, 2)]
    with pytest.raises(TimelineError, match="none of the 2 articles mentions a day"):
        build(undated, keywords=["bridge"], method="datewise-mentions")
