"""The web app in real headless Chromium (Debian's ``chromium``, driven by Playwright)
against a real ``dateline serve``: open the start page, search, build a timeline, click an
entry and see its source sentence highlighted; keyboard use; phone width; an article
titled ``<script>alert(1)</script>`` shown as text; an upload through the form. Saves the
screenshot of the timeline page the README shows (docs/timeline.png)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from _shared import REPO
from _web import SCRIPT_ARTICLE, SCRIPT_TITLE, build_sample_db, sample_location, serve
from conftest import BACKENDS

pytest.importorskip("uvicorn")
playwright = pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# The README's screenshot is refreshed only on request, so a test run never dirties the tree:
#   DATELINE_UPDATE_SCREENSHOT=1 .venv/bin/python -m pytest tests/test_web_browser.py
README_SCREENSHOT = REPO / "docs" / "timeline.png"


@pytest.fixture(scope="module", params=BACKENDS)
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = build_sample_db(sample_location(request, tmp_path_factory, "browser"))
    with serve(db) as (base, _):
        yield base


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if CHROMIUM is None:
        pytest.skip("no chromium on PATH (Debian: apt-get install chromium)")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with playwright.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, args=ARGS, headless=True,
            viewport={"width": 1100, "height": 900})
        yield context
        context.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    page = browser.new_page()
    problems: list[str] = []

    def dialog(d: Any) -> None:
        problems.append(f"dialog: {d.message}")
        d.dismiss()

    page.on("dialog", dialog)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.problems = problems
    yield page
    page.close()
    assert problems == [], problems  # no script errors, no CSP violations, no alert() ever ran


def words(text: str) -> str:
    return " ".join(text.split())


def test_search_build_timeline_click_entry(server: str, page: Any, tmp_path: Path) -> None:
    page.goto(server + "/")
    assert page.locator("h1").inner_text() == "dateline"
    assert page.locator("table.topics tbody tr").count() == 3

    page.get_by_label("Search the articles").fill("lawsuit")
    page.get_by_label("Search the articles").press("Enter")
    page.wait_for_url("**/search?q=lawsuit")
    hits = page.locator("ol.hits > li")
    assert hits.count() > 0 and page.locator("ol.hits mark").first.inner_text().lower().startswith("lawsuit")

    page.goto(server + "/")
    page.get_by_label("Topic", exact=True).select_option("fenwick bridge")
    page.get_by_label("Sentences per date").fill("2")
    page.get_by_role("button", name="Build timeline").click()
    page.wait_for_url("**/timeline?**")
    entries = page.locator("ol.tl > li.entry")
    n = entries.count()
    assert n >= 5
    assert page.locator("svg.chart a.mark").count() == n  # every chosen date is marked on the overview
    assert page.locator("svg.chart rect.bar").count() > n  # coverage: more days with articles than dates
    shot = tmp_path / "timeline.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    if os.environ.get("DATELINE_UPDATE_SCREENSHOT"):
        README_SCREENSHOT.parent.mkdir(exist_ok=True)
        shutil.copyfile(shot, README_SCREENSHOT)

    link = entries.nth(1).locator("a.sent-link").first
    quoted = words(link.inner_text())
    link.click()
    page.wait_for_url("**/articles/**")
    highlighted = page.locator(".sent.hl")
    assert highlighted.count() == 1
    assert words(highlighted.inner_text()) == quoted
    assert highlighted.evaluate("el => el === document.activeElement")  # focused, so in view
    box = highlighted.bounding_box()
    assert box is not None and 0 <= box["y"] < 900
    assert page.locator("mark.timex").count() > 0
    page.get_by_role("link", name="Back to the timeline").click()
    page.wait_for_url("**/timeline?**")
    assert page.locator("ol.tl > li.entry").count() == n


def test_keyboard_only(server: str, page: Any) -> None:
    page.goto(server + "/timeline?topic=school+budget")
    first_mark = page.locator("svg.chart a.mark").first
    iso = first_mark.get_attribute("data-iso")
    first_mark.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == f"e-{iso}"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "sent-link"
    quoted = words(page.evaluate("document.activeElement.innerText"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/articles/**")
    assert words(page.locator(".sent.hl").inner_text()) == quoted


def test_phone_width(server: str, browser: Any) -> None:
    page = browser.new_page()
    page.set_viewport_size({"width": 375, "height": 740})
    try:
        for path in ("/", "/timeline?topic=fenwick+bridge", "/search?q=bridge", "/upload", "/docs"):
            page.goto(server + path)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{path} is wider than the phone by {overflow}px"
            if path.startswith("/timeline"):
                size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.sent-link')).fontSize)")
                assert size >= 15
                # the coverage overview scrolls inside its own box instead of widening the page
                assert page.evaluate("document.querySelector('.chart-scroll').scrollWidth") > 375 - 40
    finally:
        page.close()


def test_script_title_is_text_and_upload_form(server: str, page: Any, tmp_path: Path) -> None:
    file = tmp_path / "script.txt"
    file.write_text(SCRIPT_ARTICLE)
    page.goto(server + "/upload")
    page.get_by_label("Files").set_input_files(str(file))
    assert "1 file" in page.locator("#u-size").inner_text()
    page.get_by_role("button", name="Upload").click()
    page.wait_for_load_state()
    assert "1 article added" in words(page.locator(".report [role=status]").inner_text())
    page.locator(".report a").first.click()
    page.wait_for_url("**/articles/**")
    assert page.locator("h1").inner_text() == SCRIPT_TITLE
    assert page.locator("dl.meta").inner_text().count("<b>WKDL</b>") == 1
    assert page.locator("#body img").count() == 0 and page.locator("main script").count() == 0
    page.goto(server + "/search?q=alert")
    assert page.locator("ol.hits a.hit-title").first.inner_text() == SCRIPT_TITLE
