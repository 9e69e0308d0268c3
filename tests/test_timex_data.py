"""The tagger on real data: TempEval-3 gold (TimeBank, AQUAINT), the sample corpus's
hand-resolved expressions, and Timeline17 articles."""

from __future__ import annotations

import csv
from datetime import date
from functools import cache
from typing import Any

import pytest

from _shared import need_sample, need_tempeval3, need_timeline17
from dateline.evaluate.timeml import Counts, score_document
from dateline.timex import tag
from dateline.timex.timeml import read_timeml
from dateline.timex.values import is_valid_value

# Regression floors, a little under what the tagger measured when they were set (see the
# docs/benchmarks.md for the figures and the command that prints them). They are not
# targets; they fail if a change makes the tagger clearly worse.
FLOORS = {
    "TimeBank": {"relaxed_f1": 0.92, "strict_f1": 0.87, "value_f1": 0.81, "value_attribute_f1": 0.81},
    "AQUAINT": {"relaxed_f1": 0.92, "strict_f1": 0.83, "value_f1": 0.76, "value_attribute_f1": 0.76},
}


@cache
def _score(corpus: str) -> Counts:
    files = sorted(need_tempeval3(corpus).glob("*.tml"))
    total = Counts()
    for path in files:
        doc = read_timeml(path)
        assert doc.dct is not None, path
        total = total + score_document(doc.timexes, tag(doc.text, doc.dct))
    return total


@pytest.mark.parametrize("corpus", sorted(FLOORS))
def test_tempeval3_scores_do_not_regress(corpus: str) -> None:
    counts = _score(corpus)
    figures = counts.figures()
    assert counts.documents == {"TimeBank": 183, "AQUAINT": 73}[corpus]
    for name, floor in FLOORS[corpus].items():
        assert figures[name] >= floor, (name, figures[name])


def _sample_rows() -> list[list[str]]:
    root = need_sample()
    with open(root / "expressions.tsv", encoding="utf-8") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    rows = list(csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    return rows[1:]


def test_sample_corpus_hand_resolved_expressions() -> None:
    """data/sample/expressions.tsv was resolved by hand by the author of the sample corpus;
    the tagger must find nearly all of them with the same type and value."""
    from dateline.readers.dateline_text import read

    root = need_sample()
    rows = _sample_rows()
    articles: dict[str, tuple[Any, ...]] = {}
    found = right = located = 0
    for file, context, timex, ttype, value, *_ in rows:
        if file not in articles:
            article = read(root / "articles" / file)
            articles[file] = (article, tag(article.text, article.published))
        article, timexes = articles[file]
        at = article.text.find(context)
        if at < 0:  # the context spans a paragraph break of the file
            continue
        located += 1
        start = at + context.index(timex)
        end = start + len(timex)
        overlapping = [t for t in timexes if t.start < end and start < t.end]
        found += bool(overlapping)
        right += any(t.type.value == ttype and t.value == value for t in overlapping)
    assert located >= 220
    assert found / located >= 0.97
    assert right / located >= 0.92


def test_timeline17_articles_give_valid_values() -> None:
    root = need_timeline17()
    files = sorted(root.glob("*/InputDocs/*/*.htm.txt"))[::150]
    assert files
    total = 0
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        anchor = date.fromisoformat(path.parent.name)
        for t in tag(text, anchor):
            assert is_valid_value(t.value) and text[t.start : t.end] == t.text
            total += 1
    assert total > 100


def test_a_reuters_chronology_is_in_the_past() -> None:
    """A Reuters "timeline of the civil war in Libya" published on 2011-10-20: every entry's
    date (a month-day opening its line) is on or before the publication day, in 2011."""
    path = need_timeline17() / "LibyaWar_reuters" / "InputDocs" / "2011-10-20" / "309.htm.txt"
    text = path.read_text(encoding="utf-8")
    anchor = date(2011, 10, 20)
    heads = [t for t in tag(text, anchor) if t.start == 0 or text[t.start - 1] == "\n"]
    days = [t for t in heads if t.granularity.value == "day"]
    assert len(days) >= 25
    assert all("2011-01-01" <= t.value <= "2011-10-20" for t in days), [(t.text, t.value) for t in days]


def test_clock_times_take_the_day_of_the_date_before_them() -> None:
    """A BBC programme note (2011-01-17): "on Saturday , 29 January at 0330 GMT and 1830 GMT
    and on Sunday , 30 January at 1130 GMT and 1830 GMT"; and a CNN comment stamp."""
    root = need_timeline17()
    path = root / "bpoil_bbc" / "InputDocs" / "2011-01-17" / "5.htm.txt"
    text = path.read_text(encoding="utf-8")
    values = [t.value for t in tag(text, date(2011, 1, 17)) if "GMT" in t.text]
    assert values == ["2011-01-29T03:30", "2011-01-29T18:30", "2011-01-30T11:30", "2011-01-30T18:30"]
    path = root / "LibyaWar_cnn" / "InputDocs" / "2011-03-23" / "363.htm.txt"
    text = path.read_text(encoding="utf-8")
    stamp = text.index("March 24 , 2011 at 8:54 am")
    found = [t for t in tag(text, date(2011, 3, 23)) if t.start >= stamp][:2]
    assert [(t.text, t.value) for t in found] == [("March 24 , 2011", "2011-03-24"), ("8:54 am", "2011-03-24T08:54")]


@pytest.mark.parametrize(
    ("where", "anchor", "line", "surface", "value"),
    [
        # a live page dated the day before its update: "for Tuesday" told on Monday is tomorrow
        ("EgyptianProtest_cnn/InputDocs/2011-01-31/213.htm.txt", date(2011, 1, 31),
         "Demonstrators also told CNN on Monday that they were organizing a similar march", "Tuesday", "2011-02-01"),
        # five days back is still past: the Haiti earthquake of Tuesday 12 January 2010
        ("haiti_bbc/InputDocs/2010-01-17/549.htm.txt", date(2010, 1, 17), "Many survivors of Tuesday 's quake",
         "Tuesday", "2010-01-12"),
    ],
)
def test_weekdays_on_timeline17(where: str, anchor: date, line: str, surface: str, value: str) -> None:
    text = (need_timeline17() / where).read_text(encoding="utf-8")
    at = text.index(line)
    found = [t for t in tag(text, anchor) if t.start >= at and t.text == surface]
    assert found and found[0].value == value
