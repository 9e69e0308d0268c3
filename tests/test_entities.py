"""The entity layer: names and aliases (hand-made cases), the store's entity methods
(hand-made records, no model), recognition on the sample corpus and SemEval-2015 Task 4
(with the entities extra), the commands and their bad input."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from _shared import missing, need_sample
from dateline.cli import main
from dateline.entities import names
from dateline.entities.names import Found, clean, join_products, key, resolve_document
from dateline.errors import DatelineError
from dateline.evaluate.datasets import dataset
from dateline.model import Article, ArticleRecord, EntityRecord, Mention
from dateline.store.base import Store
from dateline.store.sqlite import SqliteStore


def _has_model() -> bool:
    from dateline.entities import recognise

    return recognise.available()


#: Skip without the entities extra, except where it is required (CI: DATELINE_REQUIRE_ENTITIES=1), so
#: a machine without it cannot pass by skipping.
needs_model = pytest.mark.skipif(not _has_model() and not os.environ.get("DATELINE_REQUIRE_ENTITIES"),
                                 reason="the entities extra is not installed (make installs it)")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


# -- names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("surface", "label", "name"), [
    ("Mayor Bill de Blasio", "PERSON", "Bill de Blasio"),
    ("Mr. de Blasio", "PERSON", "de Blasio"),
    ("Gov. Andrew Cuomo 's", "PERSON", "Andrew Cuomo"),
    ("de Blasio\u2019s", "PERSON", "de Blasio"),
    ("Police Commissioner Dermot Shea", "PERSON", "Dermot Shea"),
    ("the United States Air Force", "ORG", "United States Air Force"),
    ("Apple Inc.", "ORG", "Apple"),
    ("Northrop Grumman Corp", "ORG", "Northrop Grumman"),
    ('"Boeing"', "ORG", "Boeing"),
    ("the company", "ORG", None),
    ("2024", "DATE", None),
    ("$ 14.6 million", "MONEY", None),
    ("--", "ORG", None),
    ("www.ardwell.gov/Marchetti", "PERSON", None),
    ("CITY HALL FIRES PUBLIC WORKS", "ORG", None),
    ("-RRB- -RRB-", "PERSON", None),
    ("Caribbean Community -LRB- Caricom", "ORG", "Caribbean Community"),
    ("NATO", "ORG", "NATO"),
])
def test_clean(surface: str, label: str, name: str | None) -> None:
    assert clean(surface, label) == name


def test_key_ignores_case_periods_hyphens() -> None:
    assert key("U.S.") == key("US") and key("Al-Assad") == key("al Assad") and key(" Bill  de Blasio") == "bill de blasio"


def _found(text: str, *spans: tuple[str, str]) -> list[Found]:
    out, at = [], 0
    for surface, label in spans:
        start = text.index(surface, at)
        out.append(Found(0, start, start + len(surface), surface, label))
        at = start + len(surface)
    return out


def test_short_form_resolves_to_the_full_name_last_seen() -> None:
    text = "Mayor Bill de Blasio spoke. Later de Blasio left. Jobs said Steve Jobs and then Jobs."
    got = resolve_document(text, _found(text, ("Bill de Blasio", "PERSON"), ("de Blasio", "PERSON"),
                                        ("Jobs", "ORG"), ("Steve Jobs", "PERSON"), ("Jobs", "PERSON")))
    assert [(r.text, r.name, r.label) for r in got] == [
        ("Bill de Blasio", "Bill de Blasio", "PERSON"), ("de Blasio", "Bill de Blasio", "PERSON"),
        ("Jobs", "Jobs", "ORG"),  # before the full name, typed ORG by the first vote: left alone
        ("Steve Jobs", "Steve Jobs", "PERSON"), ("Jobs", "Steve Jobs", "PERSON")]
    assert not got[4].short
    text = "De Blasio spoke."
    (alone,) = resolve_document(text, _found(text, ("De Blasio", "PERSON")))
    assert alone.name == "De Blasio" and not alone.short  # two words: not a short form
    (alone,) = resolve_document("Ostrander spoke.", _found("Ostrander spoke.", ("Ostrander", "PERSON")))
    assert alone.short  # one word, never spelled out: the store may link it


def test_acronym_defined_in_text() -> None:
    text = "European Aeronautic Defence and Space Company ( EADS ) won. Later EADS said so."
    found = _found(text, ("European Aeronautic Defence and Space Company", "ORG"))
    later = text.rindex("EADS")
    got = resolve_document(text, [*found, Found(0, later, later + 4, "EADS", "ORG")])
    assert [(r.text, r.name) for r in got] == [
        ("European Aeronautic Defence and Space Company", "European Aeronautic Defence and Space Company"),
        ("EADS", "European Aeronautic Defence and Space Company"),  # in brackets: added though the model missed it
        ("EADS", "European Aeronautic Defence and Space Company")]


def test_products_join_maker_and_designation() -> None:
    text = "The Airbus A380 flew. Boeing 787 Dreamliner and the iPhone 3G."
    got = join_products(text, _found(text, ("Airbus", "ORG"), ("A380", "PRODUCT"), ("Boeing", "ORG"),
                                     ("787", "PRODUCT"), ("iPhone", "ORG")))
    assert [(f.text, f.label) for f in got] == [("Airbus A380", "PRODUCT"), ("Boeing 787 Dreamliner", "PRODUCT"),
                                                ("iPhone 3G", "PRODUCT")]


def test_rule_tables_are_data() -> None:
    assert ("mayor",) in names.titles() and ("gov",) in names.titles()
    assert ("inc",) in names.corporate_suffixes()


# -- the store (hand-made records: what every backend must do) -----------------------------


def _article(n: int, text: str, day: date = date(2024, 3, 1)) -> Article:
    return Article.create(published=day, title=f"Title {n}", text=text, topics=("T",))


def _store_with(articles: list[Article], location: str = ":memory:") -> Store:
    from dateline.store import open_store

    store = open_store(location)
    store.write([ArticleRecord(a, [(0, len(a.text))]) for a in articles])
    return store


def _m(text: str, surface: str, kind: str, name: str, short: bool = False) -> Mention:
    start = text.index(surface)
    return Mention(0, start, start + len(surface), surface, kind, name, short)


def test_store_merges_names_by_key_and_type_and_links_short_forms(location: str) -> None:
    t1 = "Mayor Bill de Blasio met Apple Inc. officials."
    t2 = "De Blasio said no."
    t3 = "Bill De Blasio flew to Albany."
    a1, a2, a3 = _article(1, t1), _article(2, t2, date(2024, 3, 2)), _article(3, t3, date(2024, 3, 5))
    with _store_with([a1, a2, a3], location) as store:
        store.write_entities([
            EntityRecord(a1.id, (_m(t1, "Mayor Bill de Blasio", "PERSON", "Bill de Blasio"),
                                 _m(t1, "Apple Inc.", "ORG", "Apple")), "v1"),
            EntityRecord(a3.id, (_m(t3, "Bill De Blasio", "PERSON", "Bill De Blasio"),), "v1"),
        ])
        # a short form never spelled out in its article: linked by the alias the first article gave
        store.write_entities([EntityRecord(a1.id, (_m(t1, "Mayor Bill de Blasio", "PERSON", "Bill de Blasio"),
                                                   _m(t1, "Apple Inc.", "ORG", "Apple")), "v1"),
                              EntityRecord(a2.id, (_m(t2, "De Blasio", "PERSON", "de Blasio", short=True),), "v1")])
        person, other = store.entities(type="PERSON")
        # "Bill de Blasio" and "Bill De Blasio" merge by key; "de Blasio" is nobody's alias yet
        assert person.name == "Bill de Blasio" and person.articles == 2 and person.mentions == 2
        assert person.first == date(2024, 3, 1) and person.last == date(2024, 3, 5)
        assert other.name == "de Blasio" and other.articles == 1
        assert [e.name for e in store.entities(type="ORG")] == ["Apple"]
        assert store.recogniser_versions() == {"v1": 3}
        assert [(e.name, n) for e, n in store.related_entities(person.id)] == [("Apple", 1)]


def test_store_short_form_links_to_the_one_owner_of_the_alias(location: str) -> None:
    t1 = "Bill de Blasio spoke. De Blasio left."
    t2 = "De Blasio said no."
    a1, a2 = _article(1, t1), _article(2, t2)
    with _store_with([a1, a2], location) as store:
        start = t1.index("De Blasio")
        store.write_entities([EntityRecord(a1.id, (
            _m(t1, "Bill de Blasio", "PERSON", "Bill de Blasio"),
            Mention(0, start, start + 9, "De Blasio", "PERSON", "Bill de Blasio")), "v1")])
        store.write_entities([EntityRecord(a2.id, (_m(t2, "De Blasio", "PERSON", "De Blasio", short=True),), "v1")])
        (person,) = store.entities()
        assert person.articles == 2 and set(person.aliases) == {"Bill de Blasio", "De Blasio"}
        assert [e.id for e in store.entities_named("de blasio")] == [person.id]
        docs = list(store.entity_documents([person.id]))
        assert [len(m) for _, m in docs] == [2, 1] and docs[1][1][0].name == "Bill de Blasio"
        assert store.recogniser_versions() == {"v1": 2}
        # writing an article again replaces its mentions
        store.write_entities([EntityRecord(a2.id, (), "v2")])
        assert store.entity(person.id) is not None and store.entity(person.id).articles == 1  # type: ignore[union-attr]
        assert store.recogniser_versions() == {"v1": 1, "v2": 1}
        assert [len(b) for b in store.unrecognised("v2", batch_size=10)] == [1]


def test_store_with_10000_distinct_entities(location: str) -> None:
    words = [f"Name{i:05d}" for i in range(10_000)]
    text = " ".join(words)
    a = _article(1, text)
    with _store_with([a], location) as store:
        mentions = []
        at = 0
        for w in words:
            mentions.append(Mention(0, at, at + len(w), w, "ORG", w))
            at += len(w) + 1
        store.write_entities([EntityRecord(a.id, tuple(mentions), "v1")])
        assert len(store.entities()) == 10_000
        assert len(store.entities(limit=20)) == 20 and len(store.entity_names()) == 10_000
        from dateline.entities.lookup import find

        with pytest.raises(DatelineError, match="no entity is named 'Nmae00042x'.*closest names: Name00042"):
            find(store, "Nmae00042x")
        assert find(store, "name09999").name == "Name09999"


def test_lookup_bad_names() -> None:
    from dateline.entities.lookup import find

    with _store_with([_article(1, "x")]) as store:
        with pytest.raises(DatelineError, match="the name is empty"):
            find(store, "   ")
        with pytest.raises(DatelineError, match="no entities yet"):
            find(store, "Bill")
        with pytest.raises(DatelineError, match="no entity has the id 7"):
            find(store, "#7")


# -- without the extra -------------------------------------------------------------------------


def test_missing_extra_says_how_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from dateline.entities import recognise

    monkeypatch.setitem(sys.modules, recognise.MODEL_PACKAGE, None)  # import fails as when not installed
    recognise.load.cache_clear()
    recognise.version.cache_clear()
    try:
        db = str(tmp_path / "x.db")
        SqliteStore(db).close()
        code, out, err = run("annotate", "--entities", "--db", db)
        assert code == 1 and 'pip install "dateline[entities]"' in err and "requirements/entities-model.txt" in err
        assert "Traceback" not in err
    finally:
        recognise.load.cache_clear()
        recognise.version.cache_clear()


# -- with the model: the sample corpus ---------------------------------------------------------


@functools.cache
def _sample_db(root: str) -> str:
    from dateline.annotate import ingest, recognise
    from dateline.readers import scan

    path = str(Path(root) / "entities-sample.db")
    with SqliteStore(path) as store:
        ingest(store, scan([need_sample() / "articles"]))
        recognise(store)
    return path


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not _has_model() and not os.environ.get("DATELINE_REQUIRE_ENTITIES"):
        pytest.skip("the entities extra is not installed")
    yield _sample_db(str(tmp_path_factory.mktemp("entities")))


@needs_model
def test_sample_officials_have_all_their_names(sample_db: str) -> None:
    from dateline.annotate import recognise
    from dateline.entities.lookup import find

    with SqliteStore(sample_db) as store:
        people = {e.name: e for e in store.entities(type="PERSON")}
        blake = people["Corinne Blake"]
        assert blake.articles == 6 and blake.first == date(2024, 7, 16) and blake.last == date(2024, 9, 19)
        for name in ("Corinne A. Blake", "Executive Director Corinne Blake", "Director Blake", "Ms. Blake",
                     "Dr. Corinne Blake", "Dr. Blake", "Blake", "corinne blake"):
            assert find(store, name).ids == [blake.id], name
        texts = {m.text for _, ms in store.entity_documents([blake.id]) for m in ms}
        assert {"Corinne A. Blake", "Corinne Blake", "Blake"} <= texts
        ostrander = people["Raymond T. Ostrander"]
        assert {"Ostrander", "Ray Ostrander"} <= set(ostrander.aliases)  # "Ray": data/nicknames.txt
        for name in ("Mr. Ostrander", "Public Works Director Raymond T. Ostrander", "Ray Ostrander"):
            assert find(store, name).ids == [ostrander.id], name
        assert not [e for e in people.values() if e.name in ("Blake", "Ostrander", "Ray Ostrander", "Corinne")]
        assert recognise(store) == 0  # incremental: nothing left to read


@needs_model
def test_cli_entities_and_entity_timeline(sample_db: str) -> None:
    code, out, err = run("entities", "--type", "PERSON", "--limit", "5", "--db", sample_db)
    assert code == 0 and "Raymond T. Ostrander (Ostrander; Ray Ostrander)" in out and "Helen Marchetti" in out
    code, out, err = run("timeline", "--entity", "Mr. Ostrander", "--dates", "4", "--per-date", "1",
                         "--format", "json", "--db", sample_db)
    assert code == 0, err
    import json

    tl = json.loads(out)
    assert tl["entries"], tl
    for entry in tl["entries"]:
        for s in entry["sentences"]:
            assert "Ostrander" in s["text"]
            assert s["provenance"]["mentions"], s  # the mention's span in the article
    code, out, err = run("timeline", "--entity", "Raymond Ostrandr", "--dates", "2", "--db", sample_db)
    assert code == 0 and "taking 'Raymond T. Ostrander'" in err
    code, out, err = run("timeline", "--entity", "Zebulon Quux", "--db", sample_db)
    assert code == 1 and "no entity is named 'Zebulon Quux'; the closest names:" in err
    code, out, err = run("timeline", "--entity", "", "--db", sample_db)
    assert code == 1 and "the name is empty" in err
    code, out, err = run("timeline", "--entity", "Blake", "--save", "blake", "--db", sample_db)
    assert code == 1 and "cannot be saved yet" in err
    code, out, err = run("bench", "entities", "--data", str(Path(sample_db).parent / "nowhere"))
    assert code == 1 and "SemEval-2015 Task 4 not found" in err


@needs_model
def test_mentions_in_urls_and_all_caps_headlines() -> None:
    from dateline.annotate import annotate
    from dateline.entities.recognise import recognise_batch

    text = ("CITY HALL FIRES PUBLIC WORKS CHIEF RAYMOND OSTRANDER\n"
            "See https://example.org/Raymond-Ostrander/BillDeBlasio for the record.\n"
            "Mayor Helen Marchetti spoke on Monday about www.ardwell.gov/Marchetti and Raymond Ostrander.")
    a = annotate(Article.create(published=date(2024, 7, 8), title="T", text=text))
    (record,) = recognise_batch([a])
    names_found = [m.name for m in record.mentions]
    assert "Helen Marchetti" in names_found and "Raymond Ostrander" in names_found
    for m in record.mentions:
        assert "/" not in m.text and not m.text.isupper() or len(m.text.split()) < 3, m
        word = text[text.rfind(" ", 0, m.start) + 1:]
        assert not word.startswith(("https://", "www.")), m  # nothing inside an address


# -- SemEval-2015 Task 4 -----------------------------------------------------------------------


def _semeval() -> Path:
    root = dataset("semeval2015-task4")
    if not root.is_dir():
        pytest.skip(missing("SemEval-2015 Task 4", root))
    return root


def test_semeval_dev_sets() -> None:
    from dateline.evaluate import semeval

    root = _semeval()
    trial, test1 = semeval.load(root, "trial"), semeval.load(root, "test1")
    assert len(trial.articles) == 30 and len(trial.tasks) == 6
    assert len(test1.articles) == 30 and len(test1.tasks) == 13
    jobs = next(t for t in trial.tasks if t.name == "Steve Jobs")
    assert jobs.reference.dates[0] == date(1955, 2, 24) and jobs.num_dates == 13 and jobs.per_date == 5
    assert all("\n" not in a.title and a.text.count("\n") >= 1 for a in trial.articles)
    with pytest.raises(DatelineError, match="unknown development set"):
        semeval.load(root, "test9")


@needs_model
def test_bench_entities_runs_on_trial() -> None:
    root = _semeval()
    code, out, err = run("bench", "entities", "--data", str(root), "--sets", "trial")
    assert code == 0, err
    rows = [line for line in out.splitlines() if line.startswith("| trial")]
    assert [r.split("|")[2].strip() for r in rows] == ["keywords name", "keywords name,last", "entity"]
    assert rows[2].rstrip("| ").endswith("0")  # no empty entity timeline


# -- web pages and API ---------------------------------------------------------------------------


@needs_model
def test_web_entities_pages_and_api(sample_db: str) -> None:
    from fastapi.testclient import TestClient

    from dateline.web.app import create_app

    with TestClient(create_app(sample_db, read_only=True)) as client:
        listing = client.get("/api/entities", params={"type": "PERSON", "limit": 5}).json()
        assert listing["recognised"] == 60 and len(listing["items"]) == 5
        official = next(e for e in client.get("/api/entities", params={"limit": 500}).json()["items"]
                        if e["name"] == "Raymond T. Ostrander")
        one = client.get(f"/api/entities/{official['id']}").json()
        assert "Ostrander" in one["aliases"] and one["related"] and one["timeline"] == {"entity": f"#{official['id']}"}
        assert client.get("/api/entities/999999").status_code == 404
        assert client.get("/api/entities", params={"limit": 0}).status_code == 422
        built = client.post("/api/timelines", json={"entity": "Mr. Ostrander", "dates": 3, "per_date": 1})
        assert built.status_code == 200, built.text
        body = built.json()
        assert body["entries"] and all(s["provenance"]["mentions"] for e in body["entries"] for s in e["sentences"])
        unknown = client.post("/api/timelines", json={"entity": "Zebulon Quux"})
        assert unknown.status_code == 422 and "closest names" in unknown.text
        spec = client.get("/openapi.json").json()
        assert "/api/entities" in spec["paths"] and "/api/entities/{entity_id}" in spec["paths"]
        page = client.get("/entities", params={"type": "PERSON"})
        assert page.status_code == 200 and "Raymond T. Ostrander" in page.text
        page = client.get(f"/entities/{official['id']}")
        assert page.status_code == 200 and "Appears with" in page.text and 'class="entry' in page.text
        assert client.get("/entities/999999").status_code == 404


# -- incremental, resumable, picklable ---------------------------------------------------------


@needs_model
def test_recognise_is_resumable_and_incremental(tmp_path: Path) -> None:
    import pickle
    from collections.abc import Callable, Iterable
    from typing import Any

    from dateline.annotate import ingest, recognise
    from dateline.annotate.entities import EntityBatch, recognise_batch
    from dateline.readers import scan

    class Stops:
        """An executor that gives two batches back, then is interrupted."""

        def map(self, fn: Callable[[Any], Any], batches: Iterable[Any]) -> Iterator[Any]:
            for n, batch in enumerate(batches):
                if n == 2:
                    raise KeyboardInterrupt
                # what a worker process would get and give back
                yield pickle.loads(pickle.dumps(pickle.loads(pickle.dumps(fn))(pickle.loads(pickle.dumps(batch)))))

    files = sorted((need_sample() / "articles").glob("2024-0[78]-*.txt"))[:10]
    with SqliteStore(tmp_path / "r.db") as store:
        ingest(store, scan(files))
        with pytest.raises(KeyboardInterrupt):
            recognise(store, batch_size=3, executor=Stops())
        versions = store.recogniser_versions()
        assert versions[None] == 4 and sum(versions.values()) == 10  # two committed batches of three
        seen: list[int] = []
        assert recognise(store, batch_size=3, progress=seen.append) == 4 and seen == [3, 1]
        assert recognise(store) == 0
        assert isinstance(recognise_batch([]), EntityBatch)


@needs_model
def test_ingest_with_entities(tmp_path: Path) -> None:
    db = str(tmp_path / "i.db")
    files = [str(p) for p in sorted((need_sample() / "articles").glob("2024-09-*.txt"))]
    code, out, err = run("ingest", *files, "--entities", "--db", db)
    assert code == 0, err
    assert "articles read for entities" in out
    code, out, err = run("entities", "--json", "--limit", "500", "--db", db)
    assert code == 0 and '"name": "Corinne Blake"' in out
    code, out, err = run("annotate", "--db", db)
    assert code == 1 and "--entities" in err
