"""Saved timelines: saving, refreshing only what changed, the CLI and the web app."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from _shared import need_sample
from dateline.annotate import ingest
from dateline.cli import main
from dateline.errors import DatelineError
from dateline.model import Article
from dateline.readers import scan
from dateline.store import open_store
from dateline.tls import TimelineError, saved
from dateline.web.app import create_app
from dateline.web.timelines import TimelineRequest

LATE = ("2024-09-1",)  # the articles of the reopening (Sept. 10-16): they arrive later


def _split() -> tuple[list[Article], list[Article]]:
    arts = [a for a in scan([need_sample() / "articles"]) if isinstance(a, Article)]
    late = [a for a in arts if Path(a.origin or "").name.startswith(LATE)]
    return [a for a in arts if a not in late], late


@pytest.fixture
def db(location: str) -> str:
    early, _ = _split()
    path = location
    with open_store(path) as store:
        ingest(store, early)
        saved.save(store, "bridge", saved.make_request(topic="fenwick bridge"))
    return path


def test_a_saved_timeline_keeps_its_request_and_result(db: str) -> None:
    with open_store(db) as store:
        kept = store.saved_timeline("bridge")
        assert kept is not None
        assert kept.request == {"topic": "fenwick bridge", "granularity": "day"}
        tl = saved.timeline_of(kept)
        assert tl == saved.build_request(store, kept.request)
        assert kept.new_entries == () and kept.refreshes == 0 and kept.created == kept.refreshed
        assert [s.name for s in store.saved_timelines()] == ["bridge"]


def test_nothing_is_built_when_nothing_changed(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kw: object) -> None:
        raise AssertionError("built again")

    monkeypatch.setattr(saved, "build_request", fail)
    with open_store(db) as store:
        [r] = saved.refresh_all(store)
        assert (r.status, r.added) == ("unchanged", ())
        # an article of another topic changes the store, not the selection
        other = Article.create(published=date(2024, 8, 1), title="Water", topics=("WATER RATES",),
                               text="The water board met again today to discuss the rates.")
        ingest(store, [other])
        before = store.saved_timeline("bridge")
        [r] = saved.refresh_all(store)
        assert r.status == "unchanged"
        after = store.saved_timeline("bridge")
        assert before is not None and after is not None
        assert after.content_version != before.content_version and after.refreshed == before.refreshed


def test_new_articles_rebuild_it_and_their_dates_are_marked_new(db: str) -> None:
    _, late = _split()
    with open_store(db) as store:
        old = store.saved_timeline("bridge")
        ingest(store, late)
        [r] = saved.refresh_all(store)
        assert r.status == "refreshed" and "2024-09-14" in r.added
        kept = store.saved_timeline("bridge")
        assert kept is not None and old is not None
        assert kept.new_entries == r.added and kept.refreshes == 1
        assert set(r.added) == {e["date"] for e in kept.result["entries"]} - {e["date"] for e in old.result["entries"]}
        assert saved.refresh(store, "bridge").status == "unchanged"
        assert saved.refresh(store, "bridge", force=True).status == "refreshed"


def test_a_failed_rebuild_keeps_the_previous_result(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _, late = _split()

    def fail(*args: object, **kw: object) -> None:
        raise TimelineError("no article matches the selection")

    with open_store(db) as store:
        before = store.saved_timeline("bridge")
        ingest(store, late)
        monkeypatch.setattr(saved, "build_request", fail)
        [r] = saved.refresh_all(store)
        assert r.status == "failed" and r.error == "no article matches the selection"
        after = store.saved_timeline("bridge")
        assert before is not None and after is not None and after.result == before.result


def test_names_are_checked_and_unknown_names_are_errors(db: str) -> None:
    with open_store(db) as store:
        request = saved.make_request(topic="fenwick bridge")
        for bad, why in (("  ", "needs a name"), ("x" * 101, "at most 100"), ("a\nb", "control character")):
            with pytest.raises(DatelineError, match=why):
                saved.save(store, bad, request)
        with pytest.raises(DatelineError, match="no saved timeline 'nope'"):
            saved.refresh(store, "nope")
        with pytest.raises(TimelineError):
            saved.save(store, "empty", saved.make_request(topic="no such topic"))
        assert store.saved_timeline("empty") is None


def test_the_request_is_the_one_the_web_app_normalises() -> None:
    raw = {"query": " bridge vote ", "keywords": ["a", " b"], "topic": "x", "from": "2024-01-02", "dates": 4,
           "granularity": "month", "title": "T"}
    web = TimelineRequest.model_validate(raw).normalised()
    core = saved.make_request(query="bridge vote", keywords=["a", "b"], topic="x", since=date(2024, 1, 2),
                              dates=4, granularity="month", title="T")
    assert web == core


# -- the CLI ----------------------------------------------------------------------------------


def test_the_cli_saves_lists_refreshes_shows_and_deletes(location: str) -> None:
    early, late = _split()
    db = location
    with open_store(db) as store:
        ingest(store, early)
    run = CliRunner().invoke
    out = run(main, ["timeline", "--topic", "fenwick bridge", "--save", "bridge", "--db", str(db)])
    assert out.exit_code == 0 and "saved as 'bridge'" in out.stderr and out.stdout.startswith("fenwick bridge (")
    listing = run(main, ["timelines", "--db", str(db)])
    assert listing.exit_code == 0 and listing.stdout.splitlines()[1].startswith("bridge ")
    assert "topic=fenwick bridge" in listing.stdout
    assert "unchanged" in run(main, ["timelines", "refresh", "--db", str(db)]).stdout
    with open_store(db) as store:
        ingest(store, late)
    out = run(main, ["timelines", "refresh", "bridge", "--db", str(db)])
    assert out.exit_code == 0 and out.stdout.startswith("bridge: refreshed in") and "2024-09-14" in out.stdout
    [record] = json.loads(run(main, ["timelines", "--json", "--db", str(db)]).stdout)
    assert "2024-09-14" in record["new_entries"] and record["refreshes"] == 1
    shown = run(main, ["timelines", "show", "bridge", "-f", "md", "--db", str(db)])
    assert shown.stdout.startswith("# fenwick bridge") and "new then: " in shown.stderr
    assert run(main, ["timelines", "show", "nope", "--db", str(db)]).exit_code == 1
    assert run(main, ["timelines", "delete", "bridge", "--db", str(db)]).exit_code == 0
    gone = run(main, ["timelines", "delete", "bridge", "--db", str(db)])
    assert gone.exit_code == 1 and "no saved timeline 'bridge'" in gone.stderr
    assert "no saved timelines" in run(main, ["timelines", "--db", str(db)]).stderr


# -- the web app ------------------------------------------------------------------------------


def test_the_web_app_lists_saved_timelines_and_marks_new_dates(db: str) -> None:
    _, late = _split()
    with open_store(db) as store:
        ingest(store, late)
        saved.refresh_all(store)
    client = TestClient(create_app(str(db)))
    page = client.get("/timelines")
    assert page.status_code == 200 and 'href="/timelines/bridge"' in page.text
    one = client.get("/timelines/bridge")
    assert one.status_code == 200
    assert one.text.count('<span class="badge new">new</span>') == 1
    assert 'id="e-2024-09-14" class="entry new"' in one.text
    items = client.get("/api/saved-timelines").json()["items"]
    assert [i["name"] for i in items] == ["bridge"] and "2024-09-14" in items[0]["new_entries"]
    full = client.get("/api/saved-timelines/bridge").json()
    assert full["timeline"]["entries"] and full["refreshes"] == 1
    assert client.get("/api/saved-timelines/nope").status_code == 404
    assert client.get("/timelines/nope").status_code == 404
