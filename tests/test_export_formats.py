"""Timeline exporters: every format keeps granularity, escapes text and carries provenance."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from dateline.errors import DatelineError
from dateline.export import formats, html, markdown, period, text, timelinejs
from dateline.export import json as json_export
from dateline.model import Granularity, Provenance, Timeline, TimelineEntry
from dateline.readers import tilse as tilse_reader

EVIL = 'Mayor <script>alert("x")</script> & "friends" [link](javascript:x) *bold* # not a heading'


def _timeline() -> Timeline:
    p1 = Provenance("a1b2c3d4e5f60718", 4, 120, 180, origin="/tmp/articles/one.txt",
                    url="https://example.org/one?a=1&b=<2>", outlet="Courier", title="Bridge <closes>")
    p2 = Provenance("ffffeeeeddddcccc", 0, 0, 40, origin="/tmp/articles/two.txt",
                    url="javascript:alert(1)", outlet=None, title=None)
    return Timeline.from_entries([
        TimelineEntry(date(2011, 1, 25), (EVIL, "Second sentence."), provenance=(p1, p2), score=0.9),
        TimelineEntry(date(2011, 2, 1), ("A month-level event.",), granularity=Granularity.MONTH,
                      provenance=(p2,)),
        TimelineEntry(date(2012, 1, 1), ("A year-level event.",), granularity=Granularity.YEAR),
        TimelineEntry(date(2012, 4, 1), ("A quarter.",), granularity=Granularity.QUARTER),
    ], name="Egypt <protests>")


def test_period_labels_keep_granularity() -> None:
    assert period.iso_label(date(2011, 1, 25)) == "2011-01-25"
    assert period.iso_label(date(2011, 1, 1), Granularity.MONTH) == "2011-01"
    assert period.iso_label(date(2011, 1, 1), Granularity.YEAR) == "2011"
    assert period.iso_label(date(2011, 4, 1), Granularity.QUARTER) == "2011-Q2"
    assert period.iso_label(date(2011, 1, 24), Granularity.WEEK) == "2011-W04"
    assert period.iso_label(date(2010, 1, 1), Granularity.DECADE) == "201"
    assert period.human_label(date(2011, 2, 1), Granularity.MONTH) == "February 2011"
    assert period.human_label(date(2011, 1, 25)) == "Tue 25 January 2011"
    assert period.period_end(date(2012, 2, 1), Granularity.MONTH) == date(2012, 2, 29)
    assert period.period_end(date(2011, 10, 1), Granularity.QUARTER) == date(2011, 12, 31)
    assert period.period_end(date(2011, 12, 1), Granularity.SEASON) == date(2012, 2, 29)
    assert period.period_end(date(2011, 1, 24), Granularity.WEEK) == date(2011, 1, 30)
    assert period.human_label(date(2001, 1, 1), Granularity.CENTURY) == "the 21st century"


def test_text_lists_dates_sentences_and_sources() -> None:
    out = text.dumps(_timeline())
    assert out.startswith("Egypt <protests> (4 dates)")
    assert "2011-01-25  Tue 25 January 2011" in out
    assert "2011-02  February 2011" in out and "2012  2012" in out
    assert "source: Courier, \u201cBridge <closes>\u201d (sentence 5)" in out
    assert "source: two.txt (sentence 1)" in out  # no outlet/title: the file name


def test_markdown_escapes_and_keeps_granularity() -> None:
    out = markdown.dumps(_timeline())
    assert "## February 2011 (2011-02)" in out
    assert "## 2012 (2012)" in out
    assert "<script>" not in out and "\\<script\\>" in out
    assert "\\[link\\]\\(javascript:x\\)" in out
    assert "](<https://example.org/one?a=1&b=%3C2%3E>)" in out
    assert "javascript:alert" not in out  # unsafe URL is not linked


def test_json_has_provenance_and_granularity() -> None:
    doc = json.loads(json_export.dumps(_timeline()))
    e0, e1, e2 = doc["entries"][:3]
    assert (e0["date"], e0["granularity"], e0["start"], e0["end"]) == ("2011-01-25", "day", "2011-01-25", "2011-01-25")
    assert (e1["date"], e1["granularity"], e1["end"]) == ("2011-02", "month", "2011-02-28")
    assert (e2["date"], e2["granularity"]) == ("2012", "year")
    assert e0["sentences"][0]["text"] == EVIL
    prov = e0["sentences"][0]["provenance"]
    assert prov == {"article_id": "a1b2c3d4e5f60718", "sentence_index": 4, "start": 120, "end": 180,
                    "origin": "/tmp/articles/one.txt", "url": "https://example.org/one?a=1&b=<2>",
                    "outlet": "Courier", "title": "Bridge <closes>", "also": []}
    assert e2["sentences"][0]["provenance"] is None


def test_html_is_standalone_and_escaped() -> None:
    out = html.dumps(_timeline())
    assert out.startswith("<!DOCTYPE html>")
    assert "<script" not in out.lower()  # the article text is escaped, and no script of ours
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in out
    assert "<title>Egypt &lt;protests&gt;</title>" in out
    # nothing is fetched: no src/href to another host except the escaped source link
    assert not re.search(r"""(?:src|href)\s*=\s*["'](?!https://example\.org/one)""", out)
    assert not re.search(r"<(?:link|img|iframe|object|embed)\b|url\(|@import", out, re.I)
    assert "default-src 'none'" in out
    assert 'href="https://example.org/one?a=1&amp;b=&lt;2&gt;"' in out
    assert "javascript:" not in out.replace("[link](javascript:x)", "")
    assert '<time datetime="2011-02">February 2011' in out
    assert '<time datetime="2012">2012' in out


def test_timelinejs_dates_go_down_to_the_granularity() -> None:
    doc = timelinejs.to_dict(_timeline())
    ev = doc["events"]
    assert ev[0]["start_date"] == {"year": 2011, "month": 1, "day": 25}
    assert ev[1]["start_date"] == {"year": 2011, "month": 2} and "end_date" not in ev[1]
    assert ev[2]["start_date"] == {"year": 2012}
    assert ev[3]["start_date"] == {"year": 2012, "month": 4} and ev[3]["end_date"] == {"year": 2012, "month": 6}
    assert [e["group"] for e in ev] == ["Days", "Months", "Years", "Quarters"]
    assert "<script>" not in ev[0]["text"]["text"] and "&lt;script&gt;" in ev[0]["text"]["headline"]
    assert doc["title"]["text"]["headline"] == "Egypt &lt;protests&gt;"
    assert len({e["unique_id"] for e in ev}) == len(ev)
    json.loads(timelinejs.dumps(_timeline()))


def test_tilse_round_trip_through_the_reader() -> None:
    out = formats.dumps(_timeline(), "tilse")
    back = tilse_reader.loads(out)
    assert back.dates == _timeline().dates
    assert back.entries[0].sentences == (" ".join(EVIL.split()), "Second sentence.")


def test_every_format_refuses_an_empty_timeline(tmp_path: Path) -> None:
    for fmt in formats.FORMATS:
        with pytest.raises(DatelineError, match="no entries"):
            formats.dumps(Timeline(entries=()), fmt)
    target = tmp_path / "out.html"
    with pytest.raises(DatelineError):
        formats.write(Timeline(entries=()), target, "html")
    assert not target.exists()
    with pytest.raises(DatelineError, match="unknown timeline format"):
        formats.dumps(_timeline(), "pdf")
