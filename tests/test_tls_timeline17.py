"""The timeline methods on real Timeline17 data (the haiti topic: one task, ~220 articles),
through the benchmark protocol."""

from __future__ import annotations

import dataclasses
import warnings

import pytest

from _shared import need_timeline17
from dateline.annotate import annotate
from dateline.errors import InputWarning
from dateline.evaluate import protocol
from dateline.model import AnnotatedArticle
from dateline.readers import timeline17
from dateline.tls import build, ranker

Runs = dict[str, protocol.BenchResult]


@pytest.fixture(scope="module")
def runs() -> Runs:
    root = need_timeline17()
    return {m: protocol.run(root, m, topics=["haiti"]) for m in ("dateline", "datewise")}


@pytest.mark.parametrize("method", ["dateline", "datewise"])
def test_timelines_obey_the_protocol_and_trace_to_their_sentences(runs: Runs, method: str) -> None:
    (result,) = runs[method].results  # protocol.run already checked l, k, keywords, window
    tl = result.timeline
    assert len(tl) == result.task.num_dates
    for entry in tl.entries:
        assert len(entry.provenance) == len(entry.sentences) >= 1
        for sentence, p in zip(entry.sentences, entry.provenance, strict=True):
            assert p.origin is not None
            article = timeline17.read_article(p.origin)
            assert article.id == p.article_id
            assert article.text[p.start:p.end] == sentence
            assert any(k in sentence.lower() for k in result.task.keywords)


@pytest.mark.parametrize("method", ["dateline", "datewise"])
def test_ranker_weights_never_saw_the_topic(runs: Runs, method: str) -> None:
    (result,) = runs[method].results
    trained_on = result.timeline.meta["ranker_trained_on"]
    assert isinstance(trained_on, list | tuple)
    assert trained_on and "haiti" not in trained_on
    assert {"bpoil", "egypt", "finan", "libya", "syria"} <= set(trained_on)


def test_default_finds_most_reference_dates_on_haiti(runs: Runs) -> None:
    # a regression guard, not a tuned target: 11 reference dates, the default finds 10
    (result,) = runs["dateline"].results
    assert result.scores.dates.f1 >= 0.6
    assert result.scores.align_plus_m1.rouge_1.f1 > 0.1


def test_default_leaves_reader_comments_out_on_haiti(runs: Runs) -> None:
    # the BBC pages carry reader comments ("At 4:16 pm on 18 Jan 2010 , CComment wrote : ...");
    # their time stamps name no day a sentence is about, so the default does not choose them
    (result,) = runs["dateline"].results
    sentences = [s for e in result.timeline.entries for s in e.sentences]
    assert sentences and not [s for s in sentences if " wrote : " in s]


# --- the product never holds a topic out ----------------------------------------------------


def _retagged(articles: list[AnnotatedArticle], tag: str) -> list[AnnotatedArticle]:
    return [dataclasses.replace(a, article=dataclasses.replace(a.article, topics=(tag,))) for a in articles]


@pytest.mark.parametrize("method", ["dateline", "datewise"])
def test_same_articles_under_another_tag_give_the_same_timeline(method: str) -> None:
    """haiti_bbc's articles tagged ``haiti`` (a development topic, which has a model trained
    without it) and ``quake`` (a tag no model knows): build() uses the model trained on every
    topic for both, so the timelines are the same."""
    root = need_timeline17()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InputWarning)  # haiti_bbc ships an empty article
        articles = [annotate(a) for a in timeline17.read_articles(root / "haiti_bbc")]
    timelines = [build(_retagged(articles, tag), keywords=["haiti", "quake", "earthquake"], dates=11,
                       per_date=2, method=method) for tag in ("haiti", "quake")]
    assert timelines[0].entries and timelines[0].entries == timelines[1].entries
    trained_on = {"bpoil", "egypt", "finan", "haiti", "libya", "syria"}
    assert [set(_names(tl.meta["ranker_trained_on"])) for tl in timelines] == [trained_on, trained_on]


def test_only_the_protocol_holds_the_task_topic_out() -> None:
    root = need_timeline17()
    (task,) = [t for t in protocol.load_tasks(root, ["haiti"])]
    task_in = protocol.task_input(task, [])
    assert task_in.held_out == "haiti"
    # a topic no model was trained on gets the model trained on all, not an error
    assert ranker.load_model("dateline", "mj").trained_on == ranker.load_model("dateline").trained_on
    assert "haiti" not in ranker.load_model("dateline", "haiti").trained_on


def _names(value: object) -> list[str]:
    """The topic names of a timeline's ``ranker_trained_on`` metadata."""
    assert isinstance(value, list | tuple)
    return [str(v) for v in value]
