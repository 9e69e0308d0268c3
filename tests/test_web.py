"""The web app and HTTP API through FastAPI's test client, on the sample corpus and on
hand-made bad input: the API mirrors the CLI (same JSON for timelines, same upload report
as ``dateline ingest --json``), limits and unknown ids give 4xx JSON naming the problem,
article text is escaped in every page, and no traceback reaches a client."""

from __future__ import annotations

import html
import json
import re
import threading
import warnings
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

pytest.importorskip("fastapi")
with warnings.catch_warnings():  # starlette suggests httpx2 for its test client
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from fastapi import FastAPI

from _web import SCRIPT_ARTICLE, SCRIPT_TITLE, build_sample_db, copy_db, sample_location
from conftest import BACKENDS
from dateline.cli import main
from dateline.web import create_app
from dateline.web.timelines import TimelineCache

TOPIC = "fenwick bridge"


@pytest.fixture(scope="module", params=BACKENDS)
def sample_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_sample_db(sample_location(request, tmp_path_factory, "web"))


@pytest.fixture(scope="module")
def client(sample_db: str) -> TestClient:
    """A read-only app over the sample corpus (tests that write use their own copy)."""
    return TestClient(create_app(str(sample_db), read_only=True))


@pytest.fixture
def writable(sample_db: str, tmp_path: Path) -> tuple[TestClient, str]:
    db = copy_db(sample_db, tmp_path / "copy.db")
    return TestClient(create_app(str(db))), db


def error_of(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert isinstance(body, dict) and set(body) >= {"error", "message"}, body
    return body


def _cache(client: TestClient) -> TimelineCache:
    app = client.app
    assert isinstance(app, FastAPI)
    cache = app.state.dateline.cache
    assert isinstance(cache, TimelineCache)
    return cache


def cli_json(*args: str) -> Any:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


# -- articles, search --------------------------------------------------------------------


def test_topics(client: TestClient) -> None:
    body = client.get("/api/topics").json()
    topics = {t["topic"]: t for t in body["items"]}
    assert {k: v["count"] for k, v in topics.items()} == {"fenwick bridge": 42, "school budget": 9, "water rates": 9}
    assert topics[TOPIC]["first"] == "2024-01-16" and topics[TOPIC]["last"] == "2024-10-09"
    assert body["counts"]["articles"] == 60


def test_articles_filters_and_pagination(client: TestClient, sample_db: str) -> None:
    everything = client.get("/api/articles", params={"limit": 500}).json()
    assert everything["total"] == 60 and len(everything["items"]) == 60
    days = [a["published"] for a in everything["items"]]
    assert days == sorted(days)
    assert "text" not in everything["items"][0]
    # the same records as `dateline articles --json`
    assert everything["items"] == cli_json("articles", "--json", "--limit", "0", "--db", str(sample_db))

    page = client.get("/api/articles", params={"limit": 10, "offset": 50}).json()
    assert page["total"] == 60 and [a["id"] for a in page["items"]] == [a["id"] for a in everything["items"][50:]]

    topic = client.get("/api/articles", params={"topic": TOPIC, "since": "2024-03-01", "until": "2024-03-31"}).json()
    assert topic["total"] == len(topic["items"]) > 0
    assert all(TOPIC in a["topics"] and a["published"].startswith("2024-03") for a in topic["items"])

    q = client.get("/api/articles", params={"q": "lawsuit"}).json()
    hits = client.get("/api/search", params={"q": "lawsuit", "limit": 100}).json()["items"]
    assert q["total"] == len(hits) > 0
    assert {a["id"] for a in q["items"]} == {h["id"] for h in hits}


def test_article_with_sentences_and_timexes(client: TestClient) -> None:
    first = client.get("/api/articles", params={"topic": TOPIC, "limit": 1}).json()["items"][0]
    art = client.get(f"/api/articles/{first['id']}").json()
    assert art["title"] == "Crack found in Fenwick Street Bridge; heavy trucks banned starting tonight"
    assert art["outlet"] == "WKDL" and art["place"] == "ARDWELL" and art["published"] == "2024-01-16"
    sentences = art["sentence_list"]
    assert len(sentences) == art["sentences"] > 5
    for s in sentences:
        assert art["text"][s["start"]:s["end"]] == s["text"]
        for t in s["timexes"]:
            assert art["text"][t["start"]:t["end"]] == t["text"]
            assert s["start"] <= t["start"] < s["end"]
    values = {t["text"]: t["value"] for s in sentences for t in s["timexes"]}
    assert values["Monday"] == "2024-01-15"  # resolved against the publication date, a Tuesday
    assert sum(len(s["timexes"]) for s in sentences) == art["timexes"]


def test_unknown_ids_are_404_json(client: TestClient) -> None:
    assert error_of(client.get("/api/articles/0000000000000000"), 404)["error"] == "not_found"
    assert error_of(client.get("/api/articles/" + "x" * 300), 404)["error"] == "not_found"
    assert error_of(client.get("/api/timelines/0123456789abcdef"), 404)["error"] == "not_found"
    assert error_of(client.get("/api/no-such-route"), 404)["error"] == "not_found"
    assert error_of(client.delete("/api/topics"), 405)["error"] == "method_not_allowed"
    page = client.get("/articles/0000000000000000")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")


def test_search(client: TestClient, sample_db: str) -> None:
    body = client.get("/api/search", params={"q": "lawsuit", "limit": 5}).json()
    assert body["query"] == "lawsuit" and 0 < len(body["items"]) <= 5
    ranks = [h["rank"] for h in body["items"]]
    assert ranks == sorted(ranks)
    assert all("[" in h["snippet"] for h in body["items"])
    assert body["items"] == cli_json("search", "lawsuit", "--limit", "5", "--json", "--db", str(sample_db))
    assert error_of(client.get("/api/search", params={"q": '"unterminated'}), 400)["error"] == "bad_query"
    assert error_of(client.get("/api/search", params={"q": "  "}), 422)["error"] == "invalid_parameter"


def test_query_limits(client: TestClient) -> None:
    long = "bridge " * 80  # 560 characters
    for url, params in (("/api/search", {"q": long}), ("/api/articles", {"q": long})):
        body = error_of(client.get(url, params=params), 422)
        assert body["error"] == "limit_exceeded" and body["limit"]["name"] == "query_chars"
        assert body["limit"]["max"] == 500 and "500" in body["message"]
    body = error_of(client.get("/api/articles", params={"limit": 501}), 422)
    assert body["limit"] == {"name": "limit", "parameter": "limit", "max": 500}
    assert error_of(client.get("/api/search", params={"q": "x", "limit": 0}), 422)["error"] == "invalid_parameter"
    assert "not a date" in error_of(client.get("/api/articles", params={"since": "2024-13-45"}), 422)["message"]
    many = error_of(client.get("/api/articles", params={"limit": "many"}), 422)
    assert many["error"] == "invalid_request" and "whole number" in many["message"]
    page = client.get("/search", params={"q": long})
    assert page.status_code == 422 and "500" in page.text


def test_openapi_carries_the_limits(client: TestClient) -> None:
    """Every limit the API enforces is in its OpenAPI document (the same numbers the error
    messages give), and enumerated and date parameters say so."""
    from dateline.export.formats import ExportFormat
    from dateline.web.timelines import LIMITS

    spec = client.get("/openapi.json").json()

    def params(path: str, method: str = "get") -> dict[str, Any]:
        out = {}
        for p in spec["paths"][path][method]["parameters"]:
            schema = p["schema"]
            out[p["name"]] = next((s for s in schema.get("anyOf", []) if s.get("type") != "null"), schema)
        return out

    def resolved(schema: dict[str, Any]) -> dict[str, Any]:
        ref = schema.get("$ref")
        return spec["components"]["schemas"][ref.rsplit("/", 1)[-1]] if ref else schema

    articles = params("/api/articles")
    assert (articles["limit"]["minimum"], articles["limit"]["maximum"]) == (1, 500)
    assert articles["offset"]["minimum"] == 0 and articles["offset"]["maximum"] == 2**62
    assert articles["q"]["maxLength"] == articles["topic"]["maxLength"] == LIMITS["query_chars"] == 500
    assert articles["since"]["format"] == articles["until"]["format"] == "date"
    search = params("/api/search")
    assert (search["limit"]["minimum"], search["limit"]["maximum"]) == (1, 100)
    assert search["q"]["maxLength"] == 500
    fmt = resolved(params("/api/timelines/{timeline_id}")["format"])
    assert fmt["enum"] == [f.value for f in ExportFormat]
    assert resolved(params("/api/articles", "post")["format"])["enum"] == ["auto", "dateline", "jsonl", "html", "feed", "warc"]

    body = spec["components"]["schemas"]["TimelineRequest"]["properties"]

    def field(name: str) -> dict[str, Any]:
        return next(s for s in body[name].get("anyOf", [body[name]]) if s.get("type") != "null")

    assert (field("dates")["minimum"], field("dates")["maximum"]) == (1, LIMITS["dates"]) == (1, 200)
    assert (field("per_date")["minimum"], field("per_date")["maximum"]) == (1, LIMITS["per_date"]) == (1, 10)
    assert field("query")["maxLength"] == 500
    assert field("keywords")["maxItems"] == LIMITS["keywords"] == 50
    assert field("keywords")["items"]["maxLength"] == LIMITS["keyword_chars"] == 100
    for name in ("topic", "title", "method"):
        assert field(name)["maxLength"] == 100, name
    assert resolved(body["granularity"])["enum"] == ["day", "month", "year"]


def test_validation_errors_keep_the_app_shape(client: TestClient) -> None:
    """Limits declared on the parameters answer in the app's JSON shape; a value of the
    wrong type is invalid_request with pydantic's details of that value only."""
    body = error_of(client.get("/api/articles", params={"offset": -1}), 422)
    assert body == {"error": "invalid_parameter", "message": "offset must be at least 0, got -1"}
    body = error_of(client.get("/api/search", params={"q": "x", "limit": 101}), 422)
    assert body == {"error": "limit_exceeded", "message": "limit is 101; the limit is 100",
                    "limit": {"name": "limit", "parameter": "limit", "max": 100}}
    body = error_of(client.get("/api/articles", params={"topic": "t" * 501}), 422)
    assert body["limit"] == {"name": "query_chars", "parameter": "topic", "max": 500}
    assert body["message"] == "topic is 501 characters long; the limit is 500"
    body = error_of(client.get("/api/articles", params={"until": "yesterday"}), 422)
    assert body == {"error": "invalid_parameter", "message": "until: 'yesterday' is not a date (YYYY-MM-DD)"}
    assert client.get("/api/articles", params={"since": "", "limit": 1}).status_code == 200  # empty: not given
    body = error_of(client.post("/api/timelines", json={"keywords": ["bridge", "k" * 101]}), 422)
    assert body["limit"] == {"name": "keyword_chars", "parameter": "keywords", "max": 100}
    # limits apply to the text used, without surrounding white space
    ok = client.post("/api/timelines", json={"topic": TOPIC, "title": " " * 200 + "Bridge" + " " * 200})
    assert ok.status_code == 200 and ok.json()["name"] == "Bridge"
    body = error_of(client.post("/api/timelines", json={"topic": TOPIC, "dates": "many", "per_date": 99}), 422)
    assert body["error"] == "invalid_request" and [d["loc"] for d in body["details"]] == [["body", "dates"]]
    page = client.get("/search", params={"q": "x" * 501})
    assert page.status_code == 422 and page.headers["content-type"].startswith("text/html")
    assert "the limit is 500" in page.text


# -- timelines ---------------------------------------------------------------------------


def test_timeline_is_the_cli_json_with_provenance(client: TestClient, sample_db: str) -> None:
    r = client.post("/api/timelines", json={"topic": TOPIC, "dates": 8, "per_date": 2})
    assert r.status_code == 200, r.text
    tl = r.json()
    cli = cli_json("timeline", "--topic", TOPIC, "--dates", "8", "--per-date", "2", "--format", "json",
                   "--db", str(sample_db))
    assert tl["entries"] == cli["entries"] and tl["name"] == cli["name"] == TOPIC
    assert 1 <= len(tl["entries"]) <= 8
    for e in tl["entries"]:
        assert set(e) >= {"date", "granularity", "sentences"} and 1 <= len(e["sentences"]) <= 2
        for s in e["sentences"]:
            p = s["provenance"]
            art = client.get(f"/api/articles/{p['article_id']}").json()
            assert art["text"][p["start"]:p["end"]] == s["text"]
            assert art["sentence_list"][p["sentence_index"]]["start"] == p["start"]
    assert tl["links"]["md"] == f"/api/timelines/{tl['id']}?format=md"


def test_timeline_cache(writable: tuple[TestClient, str]) -> None:
    client, _ = writable
    cache = _cache(client)
    request = {"keywords": ["bridge"], "from": "2024-01-01", "to": "2024-06-30"}
    first = client.post("/api/timelines", json=request)
    again = client.post("/api/timelines", json={**request, "keywords": [" bridge ", ""]})  # same, normalised
    assert first.status_code == again.status_code == 200
    assert first.content == again.content and cache.builds == 1
    other = client.post("/api/timelines", json={**request, "dates": 3}).json()
    assert other["id"] != first.json()["id"] and cache.builds == 2 and len(other["entries"]) <= 3
    # new content: the same request is built again, under a new id
    up = client.post("/api/articles", files={"files": ("new.txt", SCRIPT_ARTICLE.encode())})
    assert up.json()["added"] == 1
    rebuilt = client.post("/api/timelines", json=request).json()
    assert rebuilt["id"] != first.json()["id"] and rebuilt["content_version"] != first.json()["content_version"]
    assert cache.builds == 3
    # the old one is still served by its id
    assert client.get(f"/api/timelines/{first.json()['id']}").content == first.content


def test_timeline_concurrent_requests_build_once(writable: tuple[TestClient, str]) -> None:
    client, _ = writable
    cache = _cache(client)
    results: list[Any] = []

    def ask() -> None:
        results.append(client.post("/api/timelines", json={"topic": "school budget", "per_date": 2}))

    threads = [threading.Thread(target=ask) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [r.status_code for r in results] == [200] * 16
    assert len({r.content for r in results}) == 1 and cache.builds == 1


def test_timeline_exports(client: TestClient) -> None:
    tl = client.post("/api/timelines", json={"query": "budget vote", "granularity": "month"}).json()
    assert all(e["granularity"] == "month" and len(e["date"]) == 7 for e in tl["entries"])
    url = f"/api/timelines/{tl['id']}"
    assert client.get(url).json() == tl
    md = client.get(url, params={"format": "md"})
    assert md.headers["content-type"].startswith("text/markdown") and tl["name"] in md.text
    page = client.get(url, params={"format": "html"})
    assert page.text.startswith("<!DOCTYPE html>") and "style-src 'unsafe-inline'" in page.headers["content-security-policy"]
    tjs = client.get(url, params={"format": "timelinejs"}).json()
    assert len(tjs["events"]) == len(tl["entries"]) and "day" not in tjs["events"][0]["start_date"]
    tilse = client.get(url, params={"format": "tilse"}).text
    assert tilse.count("-" * 32) == len(tl["entries"])
    assert error_of(client.get(url, params={"format": "xml"}), 422)["error"] == "invalid_parameter"


@pytest.mark.parametrize(("body", "error", "limit"), [
    ({"topic": TOPIC, "dates": 201}, "limit_exceeded", "dates"),
    ({"topic": TOPIC, "per_date": 11}, "limit_exceeded", "per_date"),
    ({"query": "b" * 501}, "limit_exceeded", "query_chars"),
    ({"keywords": ["x"] * 51}, "limit_exceeded", "keywords"),
    ({"topic": TOPIC, "dates": 0}, "invalid_parameter", None),
    ({"dates": 5}, "invalid_parameter", None),  # about nothing
    ({"topic": TOPIC, "from": "2024-05-01", "to": "2024-04-01"}, "invalid_parameter", None),
    ({"topic": TOPIC, "per-date": 2}, "invalid_request", None),  # unknown field
    ({"topic": TOPIC, "dates": "many"}, "invalid_request", None),
    ({"topic": TOPIC, "granularity": "week"}, "invalid_request", None),
    ({"topic": TOPIC, "method": "nope"}, "no_timeline", None),
    ({"keywords": ["zeppelin"]}, "no_timeline", None),
    ({"topic": TOPIC, "from": "2030-01-01"}, "no_timeline", None),
])
def test_timeline_bad_requests(client: TestClient, body: dict[str, Any], error: str, limit: str | None) -> None:
    out = error_of(client.post("/api/timelines", json=body), 422)
    assert out["error"] == error, out
    if limit:
        assert out["limit"]["name"] == limit and str(out["limit"]["max"]) in out["message"]
    if error == "no_timeline" and "method" in body:
        assert "datewise" in out["message"]  # says which methods exist


def test_malformed_json_body(client: TestClient) -> None:
    r = client.post("/api/timelines", content=b"{not json", headers={"content-type": "application/json"})
    assert error_of(r, 422)["error"] == "invalid_request"
    r = client.post("/api/timelines", content=b"x" * 70_000, headers={"content-type": "application/json"})
    assert error_of(r, 413)["limit"]["name"] == "body_bytes"
    bad_query = error_of(client.post("/api/timelines", json={"query": '"unterminated'}), 400)
    assert bad_query["error"] == "bad_query" and "double quotes" in bad_query["message"]


# -- uploads -----------------------------------------------------------------------------

GOOD = "date 2024-11-02 FENWICK BRIDGE\n\nBridge gets new paint\n\nARDWELL (WKDL) -- Crews began painting the bridge on Friday.\n"
BAD_DATE = "date 2018-13-45 FENWICK BRIDGE\n\nImpossible\n\nBody text.\n"


def test_upload_report_matches_cli_ingest(writable: tuple[TestClient, str], tmp_path: Path) -> None:
    client, _ = writable
    files = {"good.txt": GOOD.encode(), "bad-date.txt": BAD_DATE.encode(), "empty.txt": b"",
             "binary.txt": b"\x89PNG\x00\x00", "notes.txt": b"just some notes\n"}
    r = client.post("/api/articles", files=[("files", (name, data)) for name, data in files.items()])
    assert r.status_code == 200, r.text
    report = r.json()
    # the same files through `dateline ingest --json` into a fresh store
    folder = tmp_path / "in"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    cli = cli_json("ingest", *(str(folder / n) for n in files), "--json", "--db", str(tmp_path / "cli.db"))
    for rej in cli["rejected"]:
        rej["path"] = Path(rej["path"]).name
    assert {k: report[k] for k in ("added", "present", "ids")} == {k: cli[k] for k in ("added", "present", "ids")}
    key = lambda r: r["path"]  # noqa: E731
    assert sorted(report["rejected"], key=key) == sorted(cli["rejected"], key=key)
    assert report["added"] == 1 and len(report["rejected"]) == 4
    assert {r["path"] for r in report["rejected"]} == {"bad-date.txt", "empty.txt", "binary.txt", "notes.txt"}
    # idempotent: uploading it again adds nothing
    again = client.post("/api/articles", files={"files": ("good.txt", GOOD.encode())}).json()
    assert again["added"] == 0 and again["present"] == 1 and again["ids"] == report["ids"]
    stored = client.get(f"/api/articles/{report['ids'][0]}").json()
    assert stored["title"] == "Bridge gets new paint" and stored["origin"] == "good.txt"
    assert stored["sentence_list"][0]["timexes"][0]["value"] == "2024-11-01"


def test_upload_raw_jsonl_with_a_bad_line(writable: tuple[TestClient, str]) -> None:
    client, _ = writable
    lines = [
        {"published": "2024-11-03", "title": "Night work on the bridge", "text": "Crews worked overnight.", "topics": ["fenwick bridge"]},
        {"published": "2024-11-31", "title": "Bad", "text": "x"},
        {"published": "2024-11-04", "title": "Second", "text": "Traffic returned on Monday.", "colour": "red"},
    ]
    body = "\n".join(json.dumps(x) for x in lines).encode()
    r = client.post("/api/articles", params={"filename": "dump.jsonl"}, content=body,
                    headers={"content-type": "application/x-ndjson"})
    report = r.json()
    assert report["added"] == 2 and len(report["ids"]) == 2
    assert report["rejected"][0]["path"] == "dump.jsonl" and report["rejected"][0]["line"] == 2
    assert any("colour" in w for w in report["warnings"])


def test_upload_limits_and_refusals(sample_db: str, tmp_path: Path) -> None:
    db = copy_db(sample_db, tmp_path / "small.db")
    client = TestClient(create_app(str(db), max_upload_bytes=1000))
    big = GOOD.encode() + b"More body text. " * 100
    r = client.post("/api/articles", files={"files": ("big.txt", big)})
    assert error_of(r, 413)["limit"] == {"name": "upload_bytes", "max": 1000}

    def chunks() -> Any:  # no Content-Length: the limit is enforced while reading
        for _ in range(20):
            yield b"x" * 100

    r = client.post("/api/articles", content=chunks(), headers={"content-type": "text/plain"})
    assert error_of(r, 413)["limit"]["name"] == "upload_bytes"
    assert error_of(client.post("/api/articles", content=b""), 400)["error"] == "no_file"
    assert error_of(client.post("/api/articles", params={"format": "timeline17"}, content=GOOD.encode()),
                    422)["error"] == "invalid_parameter"
    assert client.get("/api/topics").json()["counts"]["articles"] == 60  # nothing was stored

    read_only = TestClient(create_app(str(db), read_only=True))
    assert error_of(read_only.post("/api/articles", files={"files": ("g.txt", GOOD.encode())}), 403)["error"] == "read_only"
    page = read_only.post("/upload", files={"files": ("g.txt", GOOD.encode())})
    assert page.status_code == 403 and "read-only" in page.text
    assert "read-only" in read_only.get("/upload").text
    assert read_only.get("/api/topics").json()["counts"]["articles"] == 60


def test_upload_too_many_files(writable: tuple[TestClient, str]) -> None:
    client, _ = writable
    files = [("files", (f"f{i}.txt", GOOD.encode())) for i in range(101)]
    body = error_of(client.post("/api/articles", files=files), 400)
    assert "100" in body["message"]
    assert client.get("/api/topics").json()["counts"]["articles"] == 60


def test_upload_page(writable: tuple[TestClient, str]) -> None:
    client, _ = writable
    form = client.get("/upload").text
    assert 'type="file"' in form and 'name="files"' in form and '<label for="u-files">' in form
    r = client.post("/upload", files={"files": ("good.txt", GOOD.encode())}, data={"format": "dateline"})
    assert r.status_code == 200 and "<strong>1</strong> article added" in r.text


# -- pages and escaping ------------------------------------------------------------------


def test_pages(client: TestClient) -> None:
    home = client.get("/").text
    for t in ("fenwick bridge", "school budget", "water rates"):
        assert t in home
    assert "2024-01-16" in home and '<label for="q">' in home
    search = client.get("/search", params={"q": "lawsuit"}).text
    assert "<mark>" in search and "Build a timeline of" in search
    assert client.get("/search").status_code == 200  # redirected to the start page

    page = client.get("/timeline", params={"topic": TOPIC})
    assert page.status_code == 200
    tl = client.post("/api/timelines", json={"topic": TOPIC}).json()
    assert page.text.count('class="entry') == len(tl["entries"]) == page.text.count('<a class="mark"')
    first = tl["entries"][0]["sentences"][0]
    p = first["provenance"]
    link = f'/articles/{p["article_id"]}?s={p["sentence_index"]}&amp;back='
    assert link in page.text

    art = client.get(f"/articles/{p['article_id']}", params={"s": p["sentence_index"]}).text
    start = art.index('class="sent hl"')
    span = art[art.index(">", start) + 1:art.index("</span>", start)]
    assert html.unescape(re.sub(r"<[^>]*>", "", span)) == first["text"]
    assert art.count('class="sent hl"') == 1 and '<mark class="timex"' in art
    for s in ("9999", "-1", "x"):  # no such sentence: the article, nothing highlighted
        other = client.get(f"/articles/{p['article_id']}", params={"s": s})
        assert other.status_code == 200 and 'class="sent hl"' not in other.text

    bad = client.get("/timeline", params={"topic": TOPIC, "dates": "999"})
    assert bad.status_code == 422 and "the limit is 200" in bad.text
    none = client.get("/timeline", params={"keywords": "zeppelin"})
    assert none.status_code == 422 and "no article matches" in none.text
    assert client.get("/timeline", params={"topic": TOPIC, "dates": "x"}).status_code == 422
    docs = client.get("/docs").text
    assert "POST /api/timelines" in docs and "GET /api/search" in docs
    spec = client.get("/openapi.json").json()
    assert {"/api/articles", "/api/articles/{article_id}", "/api/search", "/api/timelines",
            "/api/timelines/{timeline_id}"} <= set(spec["paths"])


def test_article_text_is_escaped_everywhere(writable: tuple[TestClient, str]) -> None:
    client, _ = writable
    article_id = client.post("/api/articles", files={"files": ("x.txt", SCRIPT_ARTICLE.encode())}).json()["ids"][0]
    pages = [
        client.get(f"/articles/{article_id}").text,
        client.get("/search", params={"q": "alert"}).text,
        client.get("/timeline", params={"keywords": "onerror", "from": "2024-03-01", "to": "2024-03-06"}).text,
        client.get("/").text,
    ]
    for page in pages[:3]:
        assert html.escape(SCRIPT_TITLE) in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in pages[2]  # the timeline quotes that sentence
    assert "&lt;img src=x onerror=alert(2)&gt;" in pages[0]
    for page in pages:
        assert "<script>alert" not in page and "<img src=x" not in page and "<b>WKDL" not in page
        assert page.count("<script") == 1  # our own /static/app.js only
    api = client.get(f"/api/articles/{article_id}").json()
    assert api["title"] == SCRIPT_TITLE and api["outlet"] == "<b>WKDL</b>"


def test_no_traceback_reaches_a_client(sample_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from dateline.store import open_store

    with open_store(sample_db) as opened:
        backend_class = type(opened)

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret detail /home/someone/db.sqlite")

    monkeypatch.setattr(backend_class, "search", broken)
    monkeypatch.setattr(backend_class, "topics", broken)
    client = TestClient(create_app(str(sample_db), read_only=True), raise_server_exceptions=False)
    for r in (client.get("/api/search", params={"q": "bridge"}), client.get("/api/topics")):
        body = error_of(r, 500)
        assert body["error"] == "internal_error"
        assert "secret" not in r.text and "Traceback" not in r.text and "RuntimeError" not in r.text
    page = client.get("/")
    assert page.status_code == 500 and page.headers["content-type"].startswith("text/html")
    assert "secret" not in page.text and "Traceback" not in page.text


def test_guard_hosts_origins_and_headers(sample_db: str, tmp_path: Path) -> None:
    db = copy_db(sample_db, tmp_path / "g.db")
    client = TestClient(create_app(str(db), allowed_hosts=("127.0.0.1", "localhost")),
                        base_url="http://127.0.0.1:8000")
    assert client.get("/api/topics").status_code == 200
    assert error_of(client.get("/api/topics", headers={"host": "evil.example"}), 400)["error"] == "bad_host"
    upload = {"files": ("g.txt", GOOD.encode())}
    r = client.post("/api/articles", files=upload, headers={"origin": "http://evil.example"})
    assert error_of(r, 403)["error"] == "cross_origin"
    assert client.post("/api/articles", files=upload, headers={"origin": "http://127.0.0.1:8000"}).json()["added"] == 1
    page = client.get("/")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
