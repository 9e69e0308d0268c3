"""Timeline engine on small hand-made collections: building blocks, build(), bad input."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pytest

from dateline.errors import DatelineError
from dateline.model import AnnotatedArticle, Article, Granularity, Sentence, Timex, TimexType
from dateline.tls import TimelineError, build
from dateline.tls import datewise as dw
from dateline.tls.api import default_dates, default_per_date, query_keywords
from dateline.tls.corpus import collect, keyword_mask
from dateline.tls.summarise import centroid_opt
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
    ranked = dw.rank_dates(coll, dw.DateRanker.MENTIONS)
    assert [date.fromordinal(d) for d in ranked[:3]] == [date(2024, 3, 3), date(2024, 5, 20), date(2024, 4, 2)]
    x, _ = tfidf(coll.texts)
    picks = dw.select(coll, x, keyword_mask(coll.texts, ["bridge"]), 2, 1,
                      (coll.start, coll.end), ranker=dw.DateRanker.MENTIONS)
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
def test_bad_input_raises_a_clear_error(kwargs: dict[str, Any], message: str) -> None:
    base = {"keywords": ["bridge"], "method": "datewise-mentions"}
    with pytest.raises(DatelineError, match=message):
        build(corpus(), **{**base, **kwargs})


def test_no_articles_and_no_dates_in_the_text() -> None:
    with pytest.raises(TimelineError, match="no articles given"):
        build([], keywords=["bridge"])
    undated = [make(date(2024, 1, d), [("The bridge is old.", [])]) for d in (1, 2)]
    with pytest.raises(TimelineError, match="none of the 2 articles mentions a day"):
        build(undated, keywords=["bridge"], method="datewise-mentions")


def _about(published: date, sentence: str, timexes: list[tuple[str, str]]) -> tuple[date | None, bool]:
    coll = collect([make(published, [(sentence, timexes)])])
    day = int(coll.about_day[0])
    return (date.fromordinal(day) if day else None), bool(coll.subordinate[0])


def test_the_day_a_sentence_is_about() -> None:
    wed = date(2024, 1, 24)
    # the subordinate "after ... Jan. 16" is background; the closure is Wednesday's news
    assert _about(wed, "The city closed the bridge at 12:30 p.m. Wednesday, eight days after inspectors "
                       "found the first crack on Jan. 16.",
                  [("Wednesday", "2024-01-24"), ("Jan. 16", "2024-01-16")]) == (wed, False)
    # the same with the background first: the first day is not the one it is about
    assert _about(wed, "Eight days after inspectors found a crack on Jan. 16, the city closed the bridge "
                       "Wednesday.",
                  [("Jan. 16", "2024-01-16"), ("Wednesday", "2024-01-24")]) == (wed, False)
    # two days outside subordinate clauses: the latest one up to the day after publication
    assert _about(date(2024, 1, 25), "Testing that began Monday found cracks Wednesday morning.",
                  [("Monday", "2024-01-22"), ("Wednesday", "2024-01-24")]) == (wed, False)
    # ... but not a planned day after that
    assert _about(wed, "The city closed the bridge Wednesday and will reopen it on Sept. 14.",
                  [("Wednesday", "2024-01-24"), ("Sept. 14", "2024-09-14")]) == (wed, False)
    # every day in a subordinate clause: about no day in particular, flagged, first day kept
    assert _about(date(2024, 3, 1), "Since Feb. 5, a free shuttle has carried riders across the river.",
                  [("Feb. 5", "2024-02-05")]) == (date(2024, 2, 5), True)
    assert _about(date(2024, 9, 14), "The detours began when the city closed the bridge on Jan. 24.",
                  [("Jan. 24", "2024-01-24")]) == (date(2024, 1, 24), True)
    assert _about(wed, "No day here.", []) == (None, False)
    # a clock time alone names no day (the tagger gives it the anchor's)
    assert _about(date(2011, 2, 3), "(Update 4:08 p.m. in Cairo) The minister spoke on state TV Wednesday.",
                  [("4:08 p.m.", "2011-02-03"), ("Wednesday", "2011-02-02")]) == (date(2011, 2, 2), False)


def test_time_stamps_name_no_day_a_sentence_is_about() -> None:
    feb2 = date(2011, 2, 2)
    # a reader comment: its stamp says when it was posted, it is about no day in particular
    comment = ("February 2 , 2011 at 6:29 pm | Please help the Egyptian people .", [("February 2 , 2011", "2011-02-02")])
    assert _about(feb2, *comment) == (feb2, True)
    assert _about(date(2010, 5, 28), "At 12:19 pm on 28 May 2010 , James wrote : BP had no plan .",
                  [("12:19 pm on 28 May 2010", "2010-05-28")]) == (date(2010, 5, 28), True)
    # a byline stamp before a lead: the lead's own day decides
    assert _about(date(2010, 6, 17), "WASHINGTON | Thu Jun 17 , 2010 3:32 pm EDT WASHINGTON -- BP 's chief said on "
                                     "Wednesday the spill was bad .",
                  [("Thu Jun 17 , 2010", "2010-06-17"), ("Wednesday", "2010-06-16")]) == (date(2010, 6, 16), False)
    # a date with a year but no clock, or a clock without minutes, is no stamp
    assert _about(feb2, "Protesters marched on February 2 , 2011 in Cairo .",
                  [("February 2 , 2011", "2011-02-02")]) == (feb2, False)
    assert _about(feb2, "The blast came at 10 p.m. on April 20 , 2010 .",
                  [("April 20 , 2010", "2010-04-20")]) == (date(2010, 4, 20), False)
    # switched off, a stamp is read like any other date
    coll = collect([make(feb2, [comment])], stamps=False)
    assert not coll.subordinate[0]
    # the stamp still counts as a mention of its day (date evidence is unchanged)
    assert collect([make(feb2, [comment])]).mentions[0] == (feb2.toordinal(),)


def test_chronology_entries_are_found_and_kept_in_the_past() -> None:
    oct20 = date(2011, 10, 20)
    entries = [
        ("Here is a timeline of the conflict in Libya.", []),
        ("February 24 - Militias take control of Misrata.", [("February 24", "2012-02-24")]),  # tagger: next year
        ("March 5 - The rebel council declares itself the sole representative.", [("March 5", "2012-03-05")]),
        ("August 21 - Rebels enter Tripoli.", [("August 21", "2011-08-21")]),
        ("October 20 - Fighters capture Sirte.", [("October 20", "2011-10-20")]),
        ("The war killed thousands.", []),
    ]
    coll = collect([make(oct20, entries, topic="libya")])
    assert coll.chronology.tolist() == [False, True, True, True, True, False]
    got = [date.fromordinal(d) for d in coll.about_day[1:5].tolist()]
    assert got == [date(2011, 2, 24), date(2011, 3, 5), date(2011, 8, 21), oct20]
    assert coll.mentions[1] == (date(2011, 2, 24).toordinal(),)
    # without looking for chronologies the tagger's values stay
    assert collect([make(oct20, entries)], chronologies=False).about_day[1] == date(2012, 2, 24).toordinal()
    # two entries are not a chronology; a written year is never moved; comment stamps are no entries
    assert not collect([make(oct20, entries[:3])]).chronology.any()
    stamped = [(f"{d} February 2012 - 16:4{d} Good grief.", [(f"{d} February 2012", f"2012-02-{d:02d}")])
               for d in (21, 22, 23)]
    assert not collect([make(date(2012, 2, 23), stamped)]).chronology.any()
    with_year = [("May 1, 2012 - A plan is due.", [("May 1, 2012", "2012-05-01")])] + entries[2:5]
    coll = collect([make(oct20, with_year)])
    assert coll.chronology[0] and coll.about_day[0] == date(2012, 5, 1).toordinal()


def test_default_prefers_reports_and_sentences_about_the_day() -> None:
    vote = date(2024, 4, 2)
    arts = corpus() + [
        make(date(2024, 3, 30), [("The council will vote Tuesday on the bridge repairs.", [("Tuesday", "2024-04-02")])]),
        *[make(date(2024, 4, 1), [(f"Tomorrow the council will vote on the bridge repairs ({i}).",
                                   [("Tomorrow", "2024-04-02")])]) for i in range(3)],
        make(date(2024, 4, 20), [("Since April 2, when the council voted, bridge crews have worked nights.",
                                  [("April 2", "2024-04-02")])]),
    ]
    tl = build(arts, keywords=["bridge"], dates=3, per_date=1, name="Bridge")
    entry = next(e for e in tl.entries if e.date == vote)
    assert entry.sentences == ("The council voted Tuesday to fund the bridge repairs.",)
    # at month level a preview published earlier in the same month is still a preview
    months = build(arts, keywords=["vote", "voted"], dates=1, per_date=1, granularity="month")
    assert months.entries[0].sentences == ("The council voted Tuesday to fund the bridge repairs.",)
    # switched off, the preview or the background sentence may win
    for options in ({"prefer_reports": False}, {"subordinate": "fallback"}):
        from dateline.tls.contract import TaskInput
        from dateline.tls.methods import dateline_method

        task = TaskInput(articles=sorted(arts, key=lambda a: a.article.day), keywords=("bridge",), dates=3,
                         per_date=1, window=(date(2024, 3, 3), date(2024, 5, 22)), options=options)
        assert any(e.date == vote for e in dateline_method(task).entries)


def test_stale_weights_say_so() -> None:
    from dateline.tls.contract import TaskInput
    from dateline.tls.methods import run_dateline
    from dateline.tls.ranker import load_model

    model = load_model("dateline")
    stale = type(model)(model.coef, model.intercept, model.trained_on, model.key, {"first_timex_only": True})
    task = TaskInput(articles=corpus(), keywords=("bridge",), dates=2, per_date=1,
                     window=(date(2024, 3, 3), date(2024, 5, 22)))
    with pytest.raises(DatelineError, match="stale; run make weights"):
        run_dateline(task, stale)
    assert run_dateline(task, model).entries


def test_no_sentence_is_repeated_under_another_date() -> None:
    """A wire sentence repeated in every article of four days (a publication candidate of
    each) stands under one date only; switched off, it stands under several."""
    from dateline.tls.contract import TaskInput
    from dateline.tls.methods import dateline_method

    wire = "Bridge crews are racing to repair the cracked beams before winter."
    arts = [make(date(2024, 6, d), [(wire, []), (f"Traffic on the bridge detour was heavy ({d}/{i}).", [])])
            for d in (10, 11, 12, 13) for i in range(3)]

    def texts(options: dict[str, Any]) -> list[str]:
        task = TaskInput(articles=arts, keywords=("bridge",), dates=4, per_date=1,
                         window=(date(2024, 6, 9), date(2024, 6, 13)), options=options)
        entries = dateline_method(task).entries
        assert len(entries) == 4
        return [s for e in entries for s in e.sentences]

    shipped = texts({})
    assert len(set(shipped)) == len(shipped)
    assert shipped.count(wire) == 1
    assert texts({"cross_date_sim": 1.0}).count(wire) >= 2


def test_stemmed_tfidf_terms() -> None:
    from dateline.tls.vectors import tfidf, tokenise

    assert tokenise("Killed kills killing the", stem=True) == ["kill", "kill", "kill"]
    assert tokenise("Killed kills killing the") == ["killed", "kills", "killing"]
    x, vocab = tfidf(["The dam failed.", "The dam fails again."], stem=True)
    assert set(vocab) == {"dam", "fail"}  # "again" is a stop word
    assert (x[0] @ x[1].T).toarray()[0, 0] == pytest.approx(1.0)  # the same two terms
    plain, _ = tfidf(["The dam failed.", "The dam fails again."])
    assert (plain[0] @ plain[1].T).toarray()[0, 0] < 0.7


def test_method_settings_are_enum_members_whatever_they_are_given_as() -> None:
    from dateline.tls.default import Dating, Options, Subordinate
    from dateline.tls.features import Feature

    as_in_a_json_file: dict[str, Any] = {"dating": "first", "subordinate": "drop", "ranker": "later_articles"}
    opts = Options(**as_in_a_json_file)
    assert (opts.dating, opts.subordinate, opts.ranker) == (Dating.FIRST, Subordinate.DROP, Feature.LATER_ARTICLES)
    assert Options().ranker is None  # the trained ranker
    with pytest.raises(ValueError, match="unknown dating 'last': expected one of about, first, any"):
        Options(dating="last")  # type: ignore[arg-type]  # a string on purpose
    with pytest.raises(ValueError, match="unknown date ranker 'trained': expected one of mentions, "):
        Options(ranker="trained")  # type: ignore[arg-type]  # a string on purpose
