"""Checks on the demo corpus in data/sample/ itself (not on any reader).

The corpus is hand-written; these tests keep it honest as it is edited: every header is
`date YYYY-MM-DD TOPIC` with a real calendar date, the storylines have the size and spread the
README promises, the deliberately messy files stay messy in the documented ways, the
reference timeline is valid tilse text, and every hand-resolved time expression in
data/sample/expressions.tsv is really in its article and agrees with the calendar.

Deliberately independent of the dateline package: a small local parser does the work, so
these tests say something about the data even while the readers are being written.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample"
ARTICLES = SAMPLE / "articles"
REFERENCE = SAMPLE / "reference"
EXPRESSIONS = SAMPLE / "expressions.tsv"

MAIN_TOPIC = "FENWICK BRIDGE"

HEADER_RE = re.compile(r"^[ \t]*date (\d{4}-\d{2}-\d{2}) ([A-Z][A-Z0-9&' -]*[A-Z0-9])$")
DATELINE_RE = re.compile(r"^([A-Z][A-Z .'-]*[A-Z]) \(([^()]+)\) --(?:[ \t]+(\S.*))?$")
DASHES = "-" * 32
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
MONTHS = {m.lower()[:3] for m in calendar.month_name if m}

# What is deliberately messy about which file (documented in data/sample/README.md).
# "no-caption" is listed only where it matters most: no caption and no dateline, so the
# body follows the title directly. Many other files simply have no caption.
MESSY: dict[str, set[str]] = {
    "2024-01-24-svpr-east-side-detours.txt": {"no-dateline"},
    "2024-06-19-ledger-judge-ruling-reaction.txt": {"no-dateline", "no-caption"},
    "2024-07-31-ledger-water-hearing-east-side.txt": {"no-dateline", "no-caption"},
    "2024-03-05-wkdl-school-budget-forum.txt": {"crlf"},
    "2024-05-17-svpr-grant-reaction.txt": {"crlf"},
    "2024-08-09-svpr-steel-delay.txt": {"crlf"},
    "2024-07-09-courier-ostrander-resignation.txt": {"indented-header"},
    "2024-02-27-ledger-shoring-towers.txt": {"extra-blank-lines"},
    "2024-04-22-svpr-contract-awarded.txt": {"extra-blank-lines"},
    "2024-07-18-svpr-water-rates-explainer.txt": {"no-final-newline"},
    "2024-06-07-courier-final-school-budget-preview.txt": {"trailing-spaces"},
    "2024-09-16-courier-back-in-business.txt": {"bare-attribution"},
    "2024-01-25-courier-bridge-closed-indefinitely.txt": {"two-captions"},
}


@dataclass
class SampleFile:
    path: Path
    raw: bytes
    text: str  # newlines normalised to \n
    date: dt.date
    topic: str
    paragraphs: list[str]  # non-blank blocks after the header; [0] is the title
    dateline_index: int | None  # index into paragraphs of the dateline paragraph
    place: str | None
    outlet: str | None
    body_on_dateline_line: bool

    @property
    def captions(self) -> list[str]:
        if self.dateline_index is None:
            return []
        return self.paragraphs[1 : self.dateline_index]

    @property
    def body_words(self) -> int:
        start = 1 if self.dateline_index is None else self.dateline_index
        return sum(len(p.split()) for p in self.paragraphs[start:])


def parse(path: Path) -> SampleFile:
    raw = path.read_bytes()
    text = raw.decode("utf-8").replace("\r\n", "\n")
    lines = text.split("\n")
    first = next(i for i, line in enumerate(lines) if line.strip())
    m = HEADER_RE.match(lines[first])
    assert m, f"{path.name}:{first + 1}: expected 'date YYYY-MM-DD TOPIC', got {lines[first]!r}"
    try:
        date = dt.date.fromisoformat(m.group(1))
    except ValueError as exc:
        raise AssertionError(f"{path.name}:{first + 1}: not a calendar date: {m.group(1)}") from exc
    paragraphs: list[str] = []
    block: list[str] = []
    for line in lines[first + 1 :]:
        if line.strip():
            block.append(line.rstrip())
        elif block:
            paragraphs.append("\n".join(block))
            block = []
    if block:
        paragraphs.append("\n".join(block))
    dateline_index = place = outlet = None
    on_line = False
    for i, para in enumerate(paragraphs[1:], start=1):
        d = DATELINE_RE.match(para.split("\n", 1)[0])
        if d:
            dateline_index, place, outlet = i, d.group(1), d.group(2)
            on_line = d.group(3) is not None
            break
    return SampleFile(
        path, raw, text, date, m.group(2), paragraphs, dateline_index, place, outlet, on_line
    )


@pytest.fixture(scope="module")
def corpus() -> list[SampleFile]:
    paths = sorted(ARTICLES.glob("*.txt"))
    assert paths, f"no articles in {ARTICLES}"
    return [parse(p) for p in paths]


@pytest.fixture(scope="module")
def by_name(corpus: list[SampleFile]) -> dict[str, SampleFile]:
    return {f.path.name: f for f in corpus}


def test_only_articles_in_articles_folder() -> None:
    stray = [p.name for p in ARTICLES.iterdir() if p.suffix != ".txt"]
    assert not stray, f"non-article files in {ARTICLES}: {stray}"


def test_article_count(corpus: list[SampleFile]) -> None:
    assert len(corpus) >= 40


def test_headers_and_dates(corpus: list[SampleFile]) -> None:
    for f in corpus:
        # parse() already checked the header shape and the calendar date
        assert f.path.name.startswith(f.date.isoformat() + "-"), (
            f"{f.path.name}: file name does not start with the header date {f.date}"
        )
        assert dt.date(2024, 1, 1) <= f.date <= dt.date(2024, 12, 31), f.path.name


def test_every_article_has_a_title_and_a_body(corpus: list[SampleFile]) -> None:
    for f in corpus:
        assert f.paragraphs, f"{f.path.name}: header only"
        assert len(f.paragraphs[0].split("\n")) == 1, f"{f.path.name}: title spans lines"
        assert not DATELINE_RE.match(f.paragraphs[0]), f"{f.path.name}: no title"
        assert 150 <= f.body_words <= 600, f"{f.path.name}: {f.body_words} words"


def test_no_hard_wrapping(corpus: list[SampleFile]) -> None:
    # one paragraph per line: every block is a single line, except a dateline line
    # followed by the first body paragraph
    for f in corpus:
        for i, para in enumerate(f.paragraphs):
            n = len(para.split("\n"))
            allowed = 2 if i == f.dateline_index and not f.body_on_dateline_line else 1
            assert n <= allowed, f"{f.path.name}: paragraph {i} is wrapped over {n} lines"


def test_outlets_and_places(corpus: list[SampleFile]) -> None:
    outlets = Counter(f.outlet for f in corpus if f.outlet)
    assert len(outlets) >= 3, outlets
    assert {"WKDL", "Ardwell Courier", "SVPR", "East Ardwell Ledger"} <= set(outlets)
    places = {f.place for f in corpus if f.place}
    assert {"ARDWELL", "EAST ARDWELL", "LANGMERE"} <= places


def test_storylines(corpus: list[SampleFile]) -> None:
    topics = Counter(f.topic for f in corpus)
    assert topics.most_common(1)[0][0] == MAIN_TOPIC
    assert topics[MAIN_TOPIC] >= 30
    assert len(topics) >= 3, topics
    main = sorted(f.date for f in corpus if f.topic == MAIN_TOPIC)
    assert (main[-1] - main[0]).days >= 183, "main storyline shorter than six months"
    main_outlets = {f.outlet for f in corpus if f.topic == MAIN_TOPIC and f.outlet}
    assert len(main_outlets) >= 3


def test_dateline_variants(corpus: list[SampleFile]) -> None:
    with_dateline = [f for f in corpus if f.dateline_index is not None]
    assert sum(f.body_on_dateline_line for f in with_dateline) >= 5
    assert sum(not f.body_on_dateline_line for f in with_dateline) >= 5
    assert sum(1 for f in corpus if f.raw.rstrip().endswith(b")")) >= 10  # attributions


def test_messy_quotas(corpus: list[SampleFile]) -> None:
    crlf = [f for f in corpus if b"\r\n" in f.raw]
    no_dateline = [f for f in corpus if f.dateline_index is None]
    no_caption = [f for f in corpus if f.dateline_index is not None and not f.captions]
    indented = [f for f in corpus if f.raw[:1] in (b" ", b"\t")]
    assert len(crlf) >= 2
    assert len(no_dateline) >= 2
    assert len(no_caption) >= 3
    assert len(indented) >= 1


def test_messy_files_are_messy_as_documented(by_name: dict[str, SampleFile]) -> None:
    checks = {
        "crlf": lambda f: b"\r\n" in f.raw and b"\n" not in f.raw.replace(b"\r\n", b""),
        "no-dateline": lambda f: f.dateline_index is None,
        "no-caption": lambda f: f.dateline_index in (None, 1),
        "indented-header": lambda f: f.raw[:1] in (b" ", b"\t"),
        "extra-blank-lines": lambda f: "\n\n\n" in f.text,
        "no-final-newline": lambda f: not f.raw.endswith(b"\n"),
        "trailing-spaces": lambda f: re.search(r"[ \t]\n", f.text) is not None,
        "bare-attribution": lambda f: (
            not f.paragraphs[-1].startswith("(")
            and "contributed to this report" in f.paragraphs[-1]
        ),
        "two-captions": lambda f: len(f.captions) == 2,
    }
    for name, kinds in MESSY.items():
        assert name in by_name, f"documented messy file {name} is missing"
        for kind in kinds:
            assert checks[kind](by_name[name]), f"{name} is not {kind}"
    # files not listed are clean: LF only, header at column 0, final newline
    for name, f in by_name.items():
        if name in MESSY:
            continue
        assert b"\r" not in f.raw, name
        assert f.raw.startswith(b"date "), name
        assert f.raw.endswith(b"\n") and not f.raw.endswith(b"\n\n"), name


def parse_tilse(path: Path) -> list[tuple[dt.date, list[str]]]:
    """Strict line-by-line reading of the tilse text format."""
    entries: list[tuple[dt.date, list[str]]] = []
    date: dt.date | None = None
    sentences: list[str] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        where = f"{path.name}:{n}"
        if date is None:
            if not line and n > 1 and entries:
                continue  # the final newline
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", line), f"{where}: expected a date"
            date = dt.date.fromisoformat(line)
        elif line == DASHES:
            assert 1 <= len(sentences) <= 3, f"{where}: {len(sentences)} sentences"
            entries.append((date, sentences))
            date, sentences = None, []
        else:
            assert line.strip() == line and line, f"{where}: blank or padded sentence"
            assert not line.startswith("-"), f"{where}: dash line that is not 32 dashes"
            sentences.append(line)
    assert date is None, f"{path.name}: last entry has no closing dashes"
    return entries


def test_reference_timeline(corpus: list[SampleFile]) -> None:
    files = sorted(REFERENCE.glob("*.txt"))
    assert files, f"no reference timeline in {REFERENCE}"
    for path in files:
        entries = parse_tilse(path)
        assert len(entries) >= 10
        dates = [d for d, _ in entries]
        assert dates == sorted(dates) and len(set(dates)) == len(dates), "dates not ascending"
        # every key date is covered by a main-storyline article that day or the next
        published = {f.date for f in corpus if f.topic == MAIN_TOPIC}
        for d in dates:
            assert d in published or d + dt.timedelta(days=1) in published, d


def load_expressions() -> list[dict[str, str]]:
    with EXPRESSIONS.open(encoding="utf-8", newline="") as fh:
        rows = (line for line in fh if not line.startswith("#"))
        return list(csv.DictReader(rows, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_expressions_are_in_their_articles(by_name: dict[str, SampleFile]) -> None:
    rows = load_expressions()
    assert len(rows) >= 150
    for r in rows:
        f = by_name.get(r["file"])
        assert f is not None, f"expressions.tsv names a missing file {r['file']}"
        assert r["context"] in f.text, f"{r['file']}: context not found: {r['context']!r}"
        assert r["timex"] in r["context"], r
        assert r["type"] in {"DATE", "TIME", "DURATION", "SET"}, r


def test_expressions_agree_with_the_calendar(by_name: dict[str, SampleFile]) -> None:
    for r in load_expressions():
        published = by_name[r["file"]].date
        m = re.match(r"(\d{4}-\d{2}-\d{2})", r["value"])
        if not m:
            continue
        value = dt.date.fromisoformat(m.group(1))
        words = r["timex"].lower().replace(",", " ").split()
        named = [WEEKDAYS[w] for w in words if w in WEEKDAYS]
        if named:
            assert value.weekday() == named[0], f"{r['file']}: {r['timex']!r} is not {value}"
            if "sept." not in words and not any(w[:3] in MONTHS for w in words):
                assert abs((value - published).days) <= 7, r
        if words[0] in {"today", "tonight"} or r["timex"].lower().startswith("this "):
            assert value == published, r
        if "yesterday" in words or "last night" in r["timex"].lower():
            assert value == published - dt.timedelta(days=1), r
        if "tomorrow" in words:
            assert value == published + dt.timedelta(days=1), r


def test_expression_kinds_cover_the_brief() -> None:
    timexes = {r["timex"].lower() for r in load_expressions()}
    types = Counter(r["type"] for r in load_expressions())
    for needed in [
        "yesterday", "today", "tonight", "this morning", "last month", "next week",
        "two weeks ago", "earlier this year", "3 p.m. tuesday", "12:30 p.m. today",
        "noon", "jan. 24", "march 3, 2024", "2019", "the 1990s", "the third quarter",
        "this summer", "two months", "48 hours", "a decade", "every tuesday", "weekly",
    ]:  # fmt: skip
        assert needed in timexes, needed
    assert all(types[t] >= 5 for t in ("DATE", "TIME", "DURATION", "SET")), types
