"""Near-duplicate stories: signatures, the story index, ingest, the timeline's folding of a
story's sentences and the exports naming every outlet that carried a sentence."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from _shared import REPO, need_sample, need_timeline17
from conftest import BACKENDS, new_pg_database
from dateline.annotate import group_stories, ingest, minhash, stories
from dateline.annotate.stories import StoryIndex
from dateline.cli import main
from dateline.export import html, markdown, text, timelinejs
from dateline.export import json as json_export
from dateline.model import AnnotatedArticle, Article, ArticleRecord, Sentence
from dateline.readers import scan, timeline17
from dateline.store import SqliteStore, open_store
from dateline.tls import build
from dateline.tls.stories import attach, fold

pytestmark = pytest.mark.skipif(not stories.available(), reason="datasketch (the stories extra) is not installed")

WIRE = ("2024-05-16-wkdl-state-grant-wire.txt", "2024-05-17-ledger-state-grant-wire.txt")
BODY = ("The state will pay $4.2 million toward the repair of the bridge, the secretary said Thursday. "
        "The bridge has been closed since Jan. 24, when inspectors found cracks in four beams. "
        "Crews began the repair on May 6 and expect to finish in September.")


def _art(text: str, day: int = 1, title: str = "t", outlet: str | None = None) -> Article:
    return Article.create(published=date(2024, 5, day), title=title, text=text, outlet=outlet)


def _sample() -> dict[str, Article]:
    return {Path(a.origin or "").name: a for a in scan([need_sample() / "articles"]) if isinstance(a, Article)}


@pytest.fixture(scope="module", params=BACKENDS)
def sample_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    if request.param == "sqlite":
        path = str(tmp_path_factory.mktemp("stories") / "sample.db")
    else:
        path = new_pg_database(request.getfixturevalue("pg_server"))
    with open_store(path) as store:
        result = ingest(store, scan([need_sample() / "articles"]))
    assert result.added == 60 and result.joined == 1 and result.stories is None
    return path


# -- signatures -----------------------------------------------------------------------------


def test_the_whole_array_update_gives_the_signature_of_one_update_per_shingle() -> None:
    # signature() hands datasketch all shingle hashes as one item (see its comment)
    long = " ".join(f"w{i % 15000}" for i in range(40_000))  # more shingles than one chunk
    for body in [BODY, long, *(a.text for a in list(_sample().values())[:5])]:
        m = minhash._empty_minhash().copy()
        m.update_batch(minhash.shingle_hashes(body).tolist())
        assert stories.signature(body) == m.hashvalues.astype("<u4").tobytes()


def test_shingles_ignore_case_punctuation_and_typographic_quotes() -> None:
    a = minhash.shingle_hashes('The council said "we will vote" on the repair plan next Tuesday night.')
    b = minhash.shingle_hashes("THE COUNCIL SAID \u201cwe will vote\u201d \u2014 on the repair plan, next Tuesday\u00a0night!")
    assert len(a) == 13 - 5 + 1 and list(a) == list(b)


def test_too_short_or_empty_texts_have_no_signature() -> None:
    assert stories.signature("") is None
    assert stories.signature("   \n\t ") is None
    assert stories.signature("Bridge") is None
    assert stories.signature(" ".join(["word"] * (stories.MIN_WORDS - 1))) is None
    assert stories.signature(" ".join(f"w{i}" for i in range(stories.MIN_WORDS))) is not None


def test_the_estimate_follows_the_exact_jaccard() -> None:
    words = [f"w{i}" for i in range(400)]
    for keep in (400, 300, 200, 100):
        a, b = " ".join(words), " ".join(words[:keep] + [f"x{i}" for i in range(400 - keep)])
        sa, sb = minhash.shingle_hashes(a), minhash.shingle_hashes(b)
        exact = len(set(sa) & set(sb)) / len(set(sa) | set(sb))
        sig_a, sig_b = stories.signature(a), stories.signature(b)
        assert sig_a is not None and sig_b is not None
        assert abs(stories.jaccard(sig_a, sig_b) - exact) < 0.15, (keep, exact)


# -- the index --------------------------------------------------------------------------------


def _records(articles: list[Article]) -> list[ArticleRecord]:
    return stories.with_signatures([ArticleRecord(a, ()) for a in articles])


@pytest.fixture
def empty() -> Iterator[SqliteStore]:
    with SqliteStore(":memory:") as store:
        yield store


def test_an_article_joins_the_most_similar_earlier_story_else_starts_its_own(empty: SqliteStore) -> None:
    first = _art(BODY, 1, "first")
    copy = _art(BODY + " Officials thanked the state.", 2, "copy")
    other = _art("A different story about the water rates, which rise 3.5 percent next month "
                 "to pay for lead pipe replacement across the east side of the city.", 2, "other")
    got = StoryIndex().assign(empty, _records([first, copy, other]))
    assert [r.story for r in got] == [first.id, first.id, other.id]
    assert all(len(r.bands) == stories.BANDS for r in got)


def test_band_keys_are_64_bit_and_shared_by_similar_texts() -> None:
    a, b = stories.signature(BODY), stories.signature(BODY + " Officials thanked the state.")
    assert a is not None and b is not None
    ka, kb = stories.band_keys(a), stories.band_keys(b)
    assert len(ka) == len(set(ka)) == stories.BANDS and all(-(2**63) <= k < 2**63 for k in ka)
    assert set(ka) & set(kb)


def test_empty_and_one_word_articles_are_stories_of_their_own(empty: SqliteStore) -> None:
    arts = [_art("", 1, "a"), _art("", 2, "b"), _art("Bridge", 3, "c"), _art("Bridge", 4, "d")]
    got = StoryIndex().assign(empty, _records(arts))
    assert [r.story for r in got] == [a.id for a in arts]
    assert all(r.signature is None and r.bands == () for r in got)


def test_ten_thousand_identical_articles_are_one_story_with_one_set_of_bands(location: str) -> None:
    day0 = date(1990, 1, 1)  # 10,000 days later is still in the past
    arts = [Article.create(published=day0 + timedelta(days=i), title=f"copy {i}", text=BODY) for i in range(10_000)]
    with open_store(location) as store:
        result = ingest(store, arts, tagger=None)
        assert result.added == 10_000 and result.joined == 9_999
        assert {i.story for i in store.stories([arts[0].id, arts[-1].id]).values()} == {arts[0].id}
        assert len(store.stories([arts[0].id])[arts[0].id].members) == 10_000
        some = stories.band_keys(stories.signature(BODY) or b"")
        assert len(store.story_candidates(some)) == stories.BANDS  # the first copy only


def test_the_threshold_is_checked() -> None:
    for bad in (0.0, -0.1, 1.5):
        with pytest.raises(ValueError, match="threshold"):
            StoryIndex(bad)


# -- ingest -----------------------------------------------------------------------------------


def test_the_sample_wire_story_is_one_story_and_nothing_else_is_grouped(sample_db: str) -> None:
    arts = _sample()
    with open_store(sample_db) as store:
        info = store.stories([a.id for a in arts.values()])
    wkdl, ledger = (arts[n] for n in WIRE)
    assert info[wkdl.id].story == info[ledger.id].story == wkdl.id
    assert info[ledger.id].members == (wkdl.id, ledger.id)
    assert all(i.members == (a,) for a, i in info.items() if a not in (wkdl.id, ledger.id))


def test_articles_ingested_later_join_stored_stories_and_ids_never_change(location: str) -> None:
    arts = _sample()
    wkdl, ledger = (arts[n] for n in WIRE)
    rest = [a for n, a in arts.items() if n not in WIRE]
    with open_store(location) as store:
        ingest(store, [wkdl, *rest[:10]], tagger=None)
        before = store.stories([wkdl.id])[wkdl.id].story
        result = ingest(store, [ledger], tagger=None)  # a new ingest: the index is rebuilt from the store
        assert result.joined == 1
        assert store.stories([ledger.id])[ledger.id].story == before == wkdl.id
        again = ingest(store, [ledger, wkdl], tagger=None)
        assert again.present == 2 and store.stories([wkdl.id, ledger.id])[ledger.id].story == wkdl.id


def test_articles_another_process_stored_are_found(location: str) -> None:
    arts = _sample()
    wkdl, ledger = (arts[n] for n in WIRE)
    index = StoryIndex()
    with open_store(location) as mine, open_store(location) as theirs:
        ingest(mine, [arts["2024-01-16-wkdl-fenwick-bridge-crack.txt"]], tagger=None, stories=index)
        ingest(theirs, [wkdl], tagger=None)  # another writer
        result = ingest(mine, [ledger], tagger=None, stories=index)
        assert result.joined == 1 and mine.stories([ledger.id])[ledger.id].story == wkdl.id


def test_without_datasketch_ingest_stores_articles_and_says_stories_are_off(
        location: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stories, "available", lambda: False)
    arts = _sample()
    with open_store(location) as store:
        result = ingest(store, list(arts.values()), tagger=None)
        assert result.added == 60 and result.stories is not None and "datasketch" in result.stories
        assert result.to_dict()["stories"] == "off"
        assert store.stories([a.id for a in arts.values()]) == {}


def test_stories_groups_articles_stored_without_one(location: str) -> None:
    arts = _sample()
    db = location
    with open_store(db) as store:
        assert ingest(store, list(arts.values()), tagger=None, stories=False).stories is not None
        assert store.stories([a.id for a in arts.values()]) == {}
    out = CliRunner().invoke(main, ["stories", "--db", str(db)])
    assert out.exit_code == 0, out.stderr
    assert out.stdout.startswith("60 articles grouped, 1 of them joined")
    with open_store(db) as store:
        wkdl, ledger = (arts[n] for n in WIRE)
        assert store.stories([ledger.id])[ledger.id].members == (wkdl.id, ledger.id)
        assert group_stories(store) == (0, 0)  # nothing left to group


def test_timeline17_pairs_labelled_alike_and_very_similar_are_one_story(location: str) -> None:
    """Real data: the labelled pairs of the Reuters and Washington Post oil-spill folders whose
    shingle sets overlap by 0.6 or more end up in one story; pairs labelled different that
    overlap by less than 0.1 do not."""
    t17 = need_timeline17()
    arts = [a for f in ("bpoil_reuters", "bpoil_washingtonpost") for a in timeline17.read_articles(t17 / f)]
    ids = {a.id for a in arts}
    with (REPO / "bench" / "data" / "timeline17_story_pairs.tsv").open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t") if r["a"] in ids and r["b"] in ids]
    close = [r for r in rows if r["same"] == "1" and float(r["jaccard"]) >= 0.6]
    far = [r for r in rows if r["same"] == "0" and float(r["jaccard"]) < 0.1]
    assert len(close) >= 5 and len(far) >= 5
    with open_store(location) as store:
        ingest(store, arts, tagger=None)
        info = store.stories(list(ids))
    assert all(info[r["a"]].story == info[r["b"]].story for r in close)
    assert all(info[r["a"]].story != info[r["b"]].story for r in far)


# -- the CLI ----------------------------------------------------------------------------------


def test_articles_and_show_list_the_story(sample_db: str) -> None:
    arts = _sample()
    wkdl, ledger = (arts[n] for n in WIRE)
    listing = CliRunner().invoke(main, ["articles", "--db", str(sample_db), "--since", "2024-05-16", "-n", "3"])
    assert listing.exit_code == 0
    line = next(x for x in listing.stdout.splitlines() if x.startswith(ledger.id))
    assert " +1 " in line
    shown = CliRunner().invoke(main, ["show", ledger.id[:8], "--db", str(sample_db)])
    assert f"story:       {wkdl.id} (2 articles" in shown.stdout and wkdl.id in shown.stdout.split("story:")[1]
    obj = json.loads(CliRunner().invoke(main, ["show", ledger.id, "--json", "--db", str(sample_db)]).stdout)
    assert obj["story"]["id"] == wkdl.id and [o["id"] for o in obj["story"]["others"]] == [wkdl.id]
    assert obj["story"]["others"][0]["outlet"] == "WKDL"
    rows = json.loads(CliRunner().invoke(main, ["articles", "--json", "--since", "2024-05-16", "--until",
                                                "2024-05-17", "--db", str(sample_db)]).stdout)
    assert {r["id"]: r["story_size"] for r in rows}[ledger.id] == 2


def test_ingest_reports_stories_and_takes_a_threshold(new_location: Callable[[str], str]) -> None:
    db = new_location("s")
    folder = str(need_sample() / "articles")
    out = CliRunner().invoke(main, ["ingest", folder, "--no-tag", "--db", db])
    assert out.exit_code == 0 and "1 joined the story of an earlier article" in out.stdout
    strict = CliRunner().invoke(main, ["ingest", folder, "--no-tag", "--story-threshold", "0.95",
                                       "--db", new_location("t"), "--json"])
    assert json.loads(strict.stdout)["joined"] == 0
    off = CliRunner().invoke(main, ["ingest", folder, "--no-tag", "--no-stories", "--db", new_location("u")])
    assert "stories off (--no-stories)" in off.stdout
    bad = CliRunner().invoke(main, ["ingest", folder, "--story-threshold", "0", "--db", db])
    assert bad.exit_code == 2 and "0<x<=1" in bad.stderr.replace(" ", "")


# -- timelines --------------------------------------------------------------------------------


def _ann(article: Article, sentences: list[str], story: str | None) -> AnnotatedArticle:
    spans: list[Sentence] = []
    pos = 0
    for s in sentences:
        start = article.text.index(s, pos)
        spans.append(Sentence(article.id, len(spans), start, start + len(s), s))
        pos = start + len(s)
    return AnnotatedArticle(article=article, sentences=tuple(spans), timexes=((),) * len(spans), story=story)


def test_fold_keeps_a_story_sentence_once_and_remembers_the_repeats() -> None:
    s1, s2, s3 = "The bridge closed.", "Crews began work.", "Traffic moved to Elm Street."
    a = _art(f"{s1} {s2}", 1, "a", "WKDL")
    b = _art(f"{s2.upper()}  {s3} {s1}", 2, "b", "Ledger")
    c = _art(f"{s1} {s3}", 2, "c", "Courier")  # not in the story: kept whole
    anns = [_ann(a, [s1, s2], a.id), _ann(b, [s2.upper(), s3, s1], a.id), _ann(c, [s1, s3], c.id)]
    folded, carriers = fold(anns)
    assert [s.text for s in folded[0].sentences] == [s1, s2]
    assert [(s.index, s.text) for s in folded[1].sentences] == [(1, s3)]  # indices kept
    assert len(folded[1].timexes) == 1
    assert folded[2] is anns[2]
    assert {k: [(p.article_id, p.sentence_index, p.outlet) for p in v] for k, v in carriers.items()} == {
        (a.id, 1): [(b.id, 0, "Ledger")], (a.id, 0): [(b.id, 2, "Ledger")]}
    assert fold([anns[2]]) == ([anns[2]], {})


def test_a_timeline_uses_the_wire_sentence_once_and_names_both_outlets(sample_db: str) -> None:
    with open_store(sample_db) as store:
        tl = build(store, topic="fenwick bridge", per_date=3)
    provs = [(s, p) for e in tl.entries for s, p in zip(e.sentences, e.provenance, strict=True)]
    texts = [s for s, _ in provs]
    assert len(texts) == len(set(texts))
    carried = [p for _, p in provs if p.also]
    assert carried, "a sentence of the wire story is on the timeline"
    assert all(p.outlets == ("WKDL", "East Ardwell Ledger") for p in carried)
    repeated = tl.meta["repeated_sentences"]
    assert isinstance(repeated, int) and repeated >= 8
    # every export names the other outlet
    for dumps in (text.dumps, markdown.dumps, html.dumps):
        assert "also in: East Ardwell Ledger" in dumps(tl)
    assert "also in: East Ardwell Ledger" in json.dumps(timelinejs.to_dict(tl))
    doc = json_export.to_dict(tl)
    also = [s["provenance"]["also"] for e in doc["entries"] for s in e["sentences"] if s["provenance"]["also"]]
    assert also and also[0][0]["outlet"] == "East Ardwell Ledger"
    assert json_export.from_dict(json.loads(json.dumps(doc))) == tl


def test_a_timeline_of_articles_without_stories_is_unchanged() -> None:
    arts = [replace(a, story=None) for a in _annotated_sample()]
    with_story = _annotated_sample()
    plain = build(arts, topic="fenwick bridge")
    assert all(not p.also for e in plain.entries for p in e.provenance)
    assert plain.meta["repeated_sentences"] == 0
    folded = build(with_story, topic="fenwick bridge")
    repeated = folded.meta["repeated_sentences"]
    assert isinstance(repeated, int) and repeated > 0


def _annotated_sample() -> list[AnnotatedArticle]:
    from dateline.annotate import annotate

    arts = _sample()
    wkdl = arts[WIRE[0]]
    return [replace(annotate(a), story=wkdl.id if n in WIRE else a.id) for n, a in arts.items()]


def test_attach_without_carriers_is_the_identity() -> None:
    tl = build(_annotated_sample(), topic="water rates")
    assert attach(tl, {}) is tl
