"""dateline.readers.jsonl: JSON lines articles, line by line."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from types import GeneratorType

import pytest

from dateline.errors import InputError, InputWarning
from dateline.model import Article
from dateline.readers import jsonl


def _line(**obj: object) -> str:
    return json.dumps(obj)


def test_fields_ids_and_topics() -> None:
    text = "\n".join(
        [
            _line(published="2024-01-16", title=" Crack found ", text="Body one.\nBody two.", topics=["FENWICK  Bridge"], outlet="WKDL", place="ARDWELL", url="https://x.example/1"),
            "",
            _line(published="2024-01-17T15:30:00", title="", text="Second.", topics="water rates", id="cms:42"),
        ]
    )
    a, b = list(jsonl.parse(text, "in.jsonl"))
    assert isinstance(a, Article) and isinstance(b, Article)
    assert a.published == date(2024, 1, 16) and a.title == "Crack found" and a.text == "Body one.\nBody two."
    assert a.topics == ("fenwick bridge",) and (a.outlet, a.place, a.url, a.origin) == ("WKDL", "ARDWELL", "https://x.example/1", "in.jsonl")
    assert a.id == Article.create(published=a.published, title="Crack found", text=a.text).id
    assert b.published == datetime(2024, 1, 17, 15, 30) and b.topics == ("water rates",) and b.id == "cms:42"


def test_bad_lines_are_reported_and_the_rest_read() -> None:
    good = _line(published="2024-01-16", title="t", text="x")
    lines = [
        good,
        "{broken",
        "[1]",
        _line(title="t", text="x"),
        _line(published="2024-02-30", title="t", text="x"),
        _line(published="2024-01-16", text="x"),
        _line(published="2024-01-16", title="t", text="   "),
        _line(published="2024-01-16", title="t", text="x", topics=[1]),
        _line(published="2024-01-16", title="t", text="x", outlet=5),
        _line(published="2024-01-16", title="t", text="x", id="has space"),
        good.replace('"x"', '"y"'),
    ]
    out = list(jsonl.parse("\n".join(lines), "b.jsonl"))
    errors = [x for x in out if isinstance(x, InputError)]
    assert [x.line for x in errors] == list(range(2, 11))
    reasons = [e.reason for e in errors]
    for fragment, reason in zip(
        ["invalid JSON", "expected a JSON object", 'missing "published"', '"published"', 'missing "title"', 'missing or empty "text"', '"topics"', '"outlet" must be', '"id" must be'],
        reasons,
        strict=True,
    ):
        assert fragment in reason
    assert sum(isinstance(x, Article) for x in out) == 2


def test_unknown_keys_warn_once_per_file() -> None:
    text = "\n".join(_line(published="2024-01-16", title="t", text=f"x{i}", author="me", lang="en") for i in range(3))
    with pytest.warns(InputWarning, match="unknown keys ignored: author, lang") as rec:
        out = list(jsonl.parse(text, "u.jsonl"))
    assert len(out) == 3 and len(rec) == 1


def test_read_bad_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(b"\xff\xfd{}")  # (\xff\xfe would be a UTF-16 byte order mark)
    (err,) = list(jsonl.read(path))
    assert isinstance(err, InputError) and "invalid UTF-8" in err.reason


def test_a_line_that_is_not_text_is_a_bad_line_not_a_bad_file(tmp_path: Path) -> None:
    good = [_line(published="2024-01-16", title="t", text=f"x{i}").encode() for i in range(4)]
    path = tmp_path / "dump.jsonl"
    path.write_bytes(
        b"\xef\xbb\xbf" + good[0] + b"\n"
        + b'{"published": "2024-01-16", "title": "Caf\xe9", "text": "latin-1"}\n'
        + good[1] + b"\r\n\n"
        + b'{"published": "2024-01-16", "title": "t", "text": "a\x00b"}\n'
        + good[2] + b"\n" + good[3]
    )
    out = list(jsonl.read(path))
    errors = [x for x in out if isinstance(x, InputError)]
    assert [a.text for a in out if isinstance(a, Article)] == ["x0", "x1", "x2", "x3"]
    assert [(e.path, e.line) for e in errors] == [(str(path), 2), (str(path), 5)]
    assert errors[0].reason == "invalid UTF-8 (byte 0xe9 at column 42): expected UTF-8 text"
    assert errors[1].reason.startswith("binary data (NUL byte at column")
    # an upload (bytes in memory) is read the same way
    from dateline.readers import Source, read_source

    assert [str(x) for x in read_source(Source(path, None), data=path.read_bytes())] == [str(x) for x in out]


def test_empty_and_binary_files_are_one_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"\n  \n")
    (err,) = list(jsonl.read(empty))
    assert isinstance(err, InputError) and err.reason == "empty file: expected text"
    binary = tmp_path / "image.jsonl"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\n" * 50)
    (err,) = list(jsonl.read(binary))
    assert isinstance(err, InputError) and err.line == 1 and err.reason.startswith("not JSON lines")
    (err,) = list(jsonl.read(tmp_path / "missing.jsonl"))
    assert isinstance(err, InputError) and err.reason.startswith("cannot read file")


def test_a_large_file_is_read_line_by_line(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    line = _line(published="2024-01-16", title="t", text="y" * 1000) + "\n"
    path.write_text(line * 2000)
    items = jsonl.read(path)
    first = next(items)
    assert isinstance(first, Article)
    # the generator holds the open file, not its text
    assert isinstance(items, GeneratorType)
    frame = items.gi_frame
    assert frame is not None and not any(isinstance(v, str | bytes) and len(v) > 100_000 for v in frame.f_locals.values())
    assert sum(1 for _ in items) == 1999
