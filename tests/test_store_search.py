"""Full-text search on long and hostile articles, on both backends: snippets come from a bounded window (FTS5's
snippet() is quadratic in the matches of the text it is given), a query FTS5 refuses is a
QueryError naming the reason, and text that is not valid Unicode is refused the same way."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from dateline.annotate import ingest
from dateline.limits import Limits, MiB
from dateline.model import Article
from dateline.store import QueryError, Store, open_store

NEWS = "The council met on Monday and the vote was set for Tuesday. "


def _article(title: str, text: str) -> Article:
    return Article.create(published=date(2024, 3, 5), title=title, text=text, topics=("search",))


@pytest.fixture
def store(location: str) -> Iterator[Store]:
    articles = [
        _article("short", "Inspectors found a crack in the bridge on Monday."),
        _article("far", NEWS * 2000 + "Then the lawsuit was filed. " + NEWS * 10),  # ~120 KiB in
        _article("beyond", NEWS * 6000 + "A subpoena arrived. " + NEWS),  # ~360 KiB in
        _article("dense", "bridge " * 300_000),  # 2 MiB of one matching word
    ]
    with open_store(location) as s:
        result = ingest(s, articles, tagger=None, limits=Limits(max_article_bytes=4 * MiB))
        assert result.added == 4, result.rejected
        yield s


def test_a_match_deep_in_a_long_article_gets_its_window(store: Store) -> None:
    (hit,) = store.search("lawsuit")
    assert hit.title == "far" and "[lawsuit]" in hit.snippet
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…") and len(hit.snippet) < 400


def test_a_match_past_the_scanned_part_gives_the_start_of_the_text(store: Store) -> None:
    (hit,) = store.search("subpoena")
    assert hit.title == "beyond" and hit.snippet.startswith("The council met") and "[" not in hit.snippet


def test_a_text_of_one_repeated_word_and_a_short_text(store: Store) -> None:
    hits = {h.title: h.snippet for h in store.search("bridge")}
    assert set(hits) == {"short", "dense"}
    assert hits["dense"].count("[bridge]") >= 10 and len(hits["dense"]) < 400
    assert hits["short"] == "Inspectors found a crack in the [bridge] on Monday."


def test_the_same_windows_for_phrases_columns_and_boolean_queries(store: Store, backend: str) -> None:
    if backend == "sqlite":
        assert [h.title for h in store.search('"lawsuit was filed"')] == ["far"]
    else:
        # A tsvector keeps word positions up to 16,383 only: a phrase past that word of a text
        # (here the ~24,000th) is not found (docs/scaling.md).
        assert store.search('"lawsuit was filed"') == []
    assert [h.title for h in store.search("title:far AND lawsuit")] == ["far"]
    assert {h.title for h in store.search("lawsuit OR subpoena")} == {"far", "beyond"}
    assert [h.title for h in store.search("bridge NOT crack")] == ["dense"]


@pytest.mark.parametrize("query", ["*", "* bridge", "bridge AND", "NEAR(", '"', "a:b", "title:", "^", "(((", "NOT x"])
def test_queries_fts5_refuses_are_query_errors(store: Store, query: str) -> None:
    with pytest.raises(QueryError, match="cannot parse the search query"):
        store.search(query)
    with pytest.raises(QueryError):
        store.count(query=query)


def test_text_that_is_not_unicode_is_a_query_error(store: Store) -> None:
    for call in (lambda: store.search("\udcff"), lambda: store.articles(topic="\ud800"),
                 lambda: store.count(query="x\ud800")):
        with pytest.raises(QueryError, match="lone surrogate"):
            call()
