"""Property-based fuzzing of every reader: whatever the bytes, a reader never raises (it
gives articles and :class:`InputError` values), never hangs (the strategies lean on the
characters that once made patterns backtrack: periods, spaces, quotes, digits, brackets),
and a good record next to bad ones is still read. Every article a reader gives is within
the limits (:mod:`dateline.limits`), so the store can take it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.errors import InputError
from dateline.limits import DEFAULT_LIMITS
from dateline.model import Article
from dateline.readers import Format, Source, dateline_text, jsonl, read_source, timeline17

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces that matter to the readers' patterns and decoders, and plain text around them.
_PIECES = ["date ", "Date: ", "2024-03-05", "２０２４", "٣", "²", "0001-01-01", "9999-12-31", " ", "\t", "\n", "\r",
           "\r\n", "\n\n", ".", "...", "'", "''", '"', "(", ")", "--", " -- ", "ARDWELL (WKDL) -- ", "Mr.", "U.S.",
           "TOPIC", "\x00", "\x1b[31m", "\x9b", "\u202e", "\ufeff", "é", "€", "𝄞", "{", "}", "[", "]", ":", ",",
           "\\ud800", "\\u0000", "NaN", "1" * 50, "Monday", "March 3", "(Photo: X)"]
texts = st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=8)), max_size=60).map("".join)
raw_bytes = st.one_of(
    st.binary(max_size=400),
    texts.map(lambda t: t.encode("utf-8", "surrogatepass")),
    texts.map(lambda t: t.encode("utf-16", "surrogatepass")),
    st.tuples(st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00"]),
              st.binary(max_size=200)).map(b"".join),
)


def _well_formed(items: list[Any]) -> None:
    for item in items:
        assert isinstance(item, Article | InputError), item
        if isinstance(item, Article):
            assert DEFAULT_LIMITS.article_problem(item) is None, item
        else:
            assert item.reason and (item.path is None or item.path.encode("utf-8"))


@FUZZ
@given(texts)
def test_dateline_text_never_raises_anything_else(text: str) -> None:
    try:
        item: Article | InputError = dateline_text.parse(text, "x.txt")
    except InputError as exc:
        item = exc
    _well_formed([item])


@FUZZ
@given(texts)
def test_a_dateline_text_article_survives_noise_after_its_body(noise: str) -> None:
    text = "date 2024-03-05 FUZZ\n\nA title\n\nARDWELL (WKDL) -- The body.\n\n" + noise.replace("\r", " ").replace("\x00", " ")
    art = dateline_text.parse(text, "x.txt")
    assert art.title == "A title" and art.published.isoformat() == "2024-03-05"


_GOOD = st.builds(lambda n, t: json.dumps({"published": "2024-03-05", "title": f"good {n}", "text": t or "x"},
                                          ensure_ascii=n % 2 == 0),
                  st.integers(0, 10**6),
                  st.text(min_size=1, max_size=30).filter(lambda t: t.strip() != "" and "\x00" not in t))
_JUNK = st.one_of(
    texts,
    st.sampled_from(['{"published": 1}', "{", "[]", '{"a": ' + "[" * 5000 + "]" * 5000 + "}", "1" * 5000,
                     '{"published": "2024-03-05", "title": "t", "text": "\\ud800"}', "NaN", '"x"']),
    st.binary(max_size=60).map(lambda b: b.decode("latin-1")),
).map(lambda t: t.replace("\n", " ").replace("\r", " "))
_ENDS = st.sampled_from(["\n", "\r\n", "\r"])


@FUZZ
@given(st.lists(st.tuples(st.one_of(_GOOD.map(lambda g: ("good", g)), _JUNK.map(lambda j: ("junk", j))), _ENDS),
                min_size=1, max_size=12),
       st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_json_lines_read_every_good_line_whatever_the_others(lines: list[tuple[tuple[str, str], str]],
                                                              encoding: str) -> None:
    lines = [(("good", '{"published": "2024-03-05", "title": "first", "text": "x"}'), "\n"), *lines]
    data = "".join(text + end for (_, text), end in lines).encode(encoding, "surrogatepass")
    items = list(jsonl.parse_bytes(data, "f.jsonl"))
    _well_formed(items)
    titles = [i.title for i in items if isinstance(i, Article)]
    for kind, text in (pair for pair, _ in lines):
        if kind == "good":
            assert json.loads(text)["title"] in titles


@FUZZ
@given(raw_bytes, st.sampled_from(["a.txt", "a.jsonl", "a.md", "OUT_x/InputDocs/2010-01-02/1.htm.txt",
                                   "OUT_x/InputDocs/０２０１-01-02/1", "b_/InputDocs/x/1"]),
       st.sampled_from([None, Format.DATELINE, Format.JSONL, Format.TIMELINE17]))
def test_read_source_never_raises(data: bytes, name: str, fmt: Format | None) -> None:
    _well_formed(list(read_source(Source(Path("/up") / name, fmt), data=data)))


@FUZZ
@given(texts, st.text(min_size=1, max_size=12).filter(lambda s: "/" not in s and "\x00" not in s and s not in (".", "..")),
       st.sampled_from(["2010-01-02", "0001-01-01", "2010-13-45", "２０１０-01-02", "x"]))
def test_timeline17_never_raises_anything_else(text: str, folder: str, day: str) -> None:
    try:
        item: Article | InputError = timeline17.parse_article(text, f"/t/{folder}/InputDocs/{day}/1.htm.txt")
    except InputError as exc:
        item = exc
    _well_formed([item])


@FUZZ
@given(st.lists(st.tuples(st.text(min_size=1, max_size=10).filter(lambda s: s.isalnum()), raw_bytes),
                min_size=1, max_size=6))
def test_a_folder_of_anything_is_read_to_the_end(tmp_path_factory: Any, files: list[tuple[str, bytes]]) -> None:
    from dateline.readers import scan

    root = tmp_path_factory.mktemp("fuzz")
    (root / "good.txt").write_text("date 2024-03-05 FUZZ\n\nStill read\n\nARDWELL (WKDL) -- Body.\n")
    for n, (name, data) in enumerate(files):
        (root / f"{n}-{name}.txt").write_bytes(data)
    items = list(scan([root]))
    _well_formed(items)
    assert "Still read" in [i.title for i in items if isinstance(i, Article)]
    assert len(items) >= len(files) + 1
