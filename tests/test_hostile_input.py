"""Hostile input, class by class: a corpus written by the test (nothing committed) in which
every class of input that once crashed, hung or was quietly mis-read has several members,
beside good articles. Reading it never raises or blocks; every bad input is rejected with
its path (and line) and a reason that says what to do; every good article is stored; a
second run finds them all present. The classes: files that are not regular files, folders
that cannot be listed or entered, file names that are not UTF-8, what JSON allows and an
article cannot be, encodings, line ends, publication dates out of range, other digits than
0-9, topic tags too long or too many, control characters (stored, shown escaped), size,
and text that once made a pattern backtrack."""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dateline.annotate import ingest
from dateline.cli import main
from dateline.errors import InputError
from dateline.limits import DEFAULT_LIMITS, Limits, MiB
from dateline.model import Article
from dateline.readers import read_source, scan, sources
from dateline.store import open_store

TODAY = date.today()


def article(day: str, title: str, topic: str = "HOSTILE", body: str | None = None) -> str:
    return (f"date {day} {topic}\n\n{title}\n\nARDWELL (WKDL) -- "
            f"{body if body is not None else f'The council met about {title} on Monday.'}\n")


def jline(**fields: Any) -> str:
    return json.dumps(fields, ensure_ascii=False)


GOOD = {"published": "2024-03-05", "title": "good", "text": "The bridge reopened on Monday."}


class Corpus:
    """What was written, and what each input must come to: ``good`` (titles that must be
    stored), ``bad`` (path relative to the root, or ``path:line``, → a fragment of the
    reason)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.good: set[str] = set()
        self.bad: dict[str, str] = {}

    def write(self, name: str | bytes, content: str | bytes, expect: str | None = None, title: str | None = None) -> Path:
        path = Path(os.fsdecode(self.root / os.fsdecode(name)))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        if expect is not None:
            self.bad[self.key(path)] = expect
        if title is not None:
            self.good.add(title)
        return path

    def key(self, path: Path, line: int | None = None) -> str:
        from dateline.readers._io import display_path

        rel = display_path(path.relative_to(self.root))
        return rel if line is None else f"{rel}:{line}"


def build(root: Path) -> Corpus:
    c = Corpus(root)
    # -- good articles the bad ones sit next to
    c.write("good/one.txt", article("2024-03-05", "good one"), title="good one")
    c.write("good/two.txt", article("2024-03-06", "good two"), title="good two")

    # -- not regular files: never opened (a FIFO would block the read forever)
    (root / "special").mkdir()
    for name in ("special/pipe.txt", "special/pipe.jsonl"):
        os.mkfifo(root / name)
        c.bad[name] = "named pipe (FIFO), not a regular file"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(root / "special" / "sock.txt"))
    sock.close()
    c.bad["special/sock.txt"] = "socket, not a regular file"
    (root / "special" / "zero.txt").symlink_to("/dev/zero")  # reading it never ends
    c.bad["special/zero.txt"] = "character device, not a regular file"
    (root / "special" / "null.jsonl").symlink_to("/dev/null")
    c.bad["special/null.jsonl"] = "character device, not a regular file"
    (root / "special" / "gone.txt").symlink_to(root / "nowhere")
    c.bad["special/gone.txt"] = "cannot read file: No such file or directory"
    day = root / "t17" / "MJ_bbc" / "InputDocs" / "2009-06-25"
    day.mkdir(parents=True)
    (day / "1.htm.txt").write_text("Jackson dies in Los Angeles .\n")
    c.good.add("")  # Timeline17 articles have no title
    os.mkfifo(day / "2.htm.txt")
    c.bad["t17/MJ_bbc/InputDocs/2009-06-25/2.htm.txt"] = "named pipe (FIFO)"

    # -- file names that are not UTF-8: read, and named with \xNN escapes
    c.write(b"names/caf\xe9.txt", article("2024-03-07", "latin-1 name"), title="latin-1 name")
    c.write(b"names/\xff\xfe.txt", b"", expect="empty file")
    c.write(b"names/bad\x80.jsonl", jline(**GOOD | {"title": "jsonl under a bad name"}) + "\n" + "{oops\n")
    c.good.add("jsonl under a bad name")
    c.bad[r"names/bad\x80.jsonl:2"] = "invalid JSON"
    odd = root / os.fsdecode(b"t17/bpoil_b\xe9bc/InputDocs/2010-05-01")
    odd.mkdir(parents=True)
    (odd / "1.htm.txt").write_text("Oil reaches the coast .\n")

    # -- JSON that Python reads but an article cannot be: each a bad line, the others read
    hazards: list[tuple[str, str | None]] = [
        (jline(**GOOD | {"title": "j good 1"}), None),
        ('{"published": "2024-03-05", "title": "n", "text": "t", "x": ' + "9" * 5000 + "}", "a number of 5,000 digits"),
        ('{"published": "2024-03-05", "title": "n", "text": "t", "x": -' + "1" * 41 + "}", "a number of 41 digits"),
        ('{"published": "2024-03-05", "title": "d", "text": "t", "x": ' + "[" * 100_000 + "]" * 100_000 + "}",
         "nested too deeply"),
        ('{"published": "2024-03-05", "title": "d", "text": "t", "topics": ' + "[" * 3000 + "]" * 3000 + "}",
         "nested too deeply"),
        ('{"published": "2024-03-05", "title": "s", "text": "\\ud800"}', "lone surrogate"),
        ('{"published": "2024-03-05", "title": "\\udc00x", "text": "t"}', "lone surrogate"),
        ('{"published": "2024-03-05", "title": "s", "text": "t", "topics": ["\\ud83d"]}', "lone surrogate"),
        ('{"published": "2024-03-05", "title": "s", "text": "t", "\\ud800": 1}', "lone surrogate"),
        ('{"published": "2024-03-05", "title": "c", "text": "t", "x": NaN}', "NaN is not a JSON value"),
        ('{"published": "2024-03-05", "title": "c", "text": "t", "x": -Infinity}', "-Infinity is not a JSON value"),
        ('{"published": "2024-03-05", "title": "z", "text": "a\\u0000b"}', "NUL character"),
        (jline(published="0001-01-01", title="y", text="t"), "publication date 0001-01-01 is before 1600-01-01"),
        (jline(published="9999-12-31T00:00:00", title="y", text="t"), "publication date 9999-12-31 is after"),
        (jline(published="２０２４-03-05", title="y", text="t"), "not ASCII"),
        (jline(**GOOD | {"title": "j good 2"}), None),
        (jline(published="2024-03-05", title="t", text="t", topics=["x" * 100_000]), "topic tag of 100,000 characters"),
        (jline(published="2024-03-05", title="t", text="t", topics=[f"t{i}" for i in range(51)]), "51 topic tags"),
        (jline(**GOOD | {"title": "j good 3", "topics": ["y" * 100]}), None),
    ]
    c.write("json/hazards.jsonl", "\n".join(line for line, _ in hazards) + "\n")
    for lineno, (line, reason) in enumerate(hazards, 1):
        if reason is None:
            c.good.add(json.loads(line)["title"])
        else:
            c.bad[f"json/hazards.jsonl:{lineno}"] = reason

    # -- encodings: UTF-16/32 with a byte order mark are read; without one, said
    c.write("enc/utf16le.txt", "\ufeff".encode("utf-16-le") + article("2024-03-08", "utf-16 le").encode("utf-16-le"),
            title="utf-16 le")
    c.write("enc/utf16be.txt", "\ufeff".encode("utf-16-be") + article("2024-03-08", "utf-16 be").encode("utf-16-be"),
            title="utf-16 be")
    c.write("enc/utf32.txt", article("2024-03-08", "utf-32").encode("utf-32"), title="utf-32")
    c.write("enc/utf8bom.txt", b"\xef\xbb\xbf" + article("2024-03-08", "utf-8 bom").encode(), title="utf-8 bom")
    c.write("enc/utf16.jsonl", "\n".join([jline(**GOOD | {"title": "utf-16 json 1"}), jline(**GOOD | {"title": "utf-16 json 2"})])
            .encode("utf-16"))
    c.good |= {"utf-16 json 1", "utf-16 json 2"}
    c.write("enc/nobom.txt", article("2024-03-08", "no bom").encode("utf-16-le"),
            expect="UTF-16 (little-endian) text without a byte order mark")
    c.write("enc/latin1.txt", article("2024-03-08", "café").encode("latin-1"), expect="invalid UTF-8 (byte 0xe9")
    c.write("enc/bad16.txt", b"\xff\xfe" + "date 2024".encode("utf-16-le") + b"\x00\xdc\x41", expect="invalid UTF-16")

    # -- line ends: a lone CR (old Mac files) is a line end like LF and CRLF
    c.write("ends/cr.txt", article("2024-03-09", "cr only").replace("\n", "\r"), title="cr only")
    c.write("ends/mixed.txt", "date 2024-03-09 HOSTILE\r\rmixed ends\r\n\nARDWELL (WKDL) -- Body.\r", title="mixed ends")
    c.write("ends/cr.jsonl", "\r".join([jline(**GOOD | {"title": "cr json 1"}), jline(**GOOD | {"title": "cr json 2"})]) + "\r")
    c.good |= {"cr json 1", "cr json 2"}

    # -- publication dates: 1600-01-01 to a year (366 days) from today
    c.write("dates/year1.txt", article("0001-01-01", "y1"), expect="0001-01-01 is before 1600-01-01")
    c.write("dates/y1599.txt", article("1599-12-31", "y1599"), expect="is before 1600-01-01")
    c.write("dates/y1600.txt", article("1600-01-01", "y1600"), title="y1600")
    c.write("dates/y9999.txt", article("9999-12-31", "y9999"), expect="9999-12-31 is after")
    c.write("dates/in2y.txt", article((TODAY + timedelta(days=800)).isoformat(), "in two years"), expect="is after")
    c.write("dates/soon.txt", article((TODAY + timedelta(days=3)).isoformat(), "in three days"), title="in three days")
    old = root / "t17" / "MJ_cnn" / "InputDocs" / "0001-01-01"
    old.mkdir(parents=True)
    (old / "1.htm.txt").write_text("Too old .\n")
    c.bad["t17/MJ_cnn/InputDocs/0001-01-01/1.htm.txt"] = "before 1600-01-01"

    # -- digits other than 0-9 in a date: never read as a date
    for name, day_text in (("fullwidth", "２０２４-０３-０５"), ("arabic", "٢٠٢٤-٠٣-٠٥"), ("devanagari", "२०२४-०३-०५"),
                           ("mixed", "2024-0٣-05"), ("superscript", "²⁰²⁴-03-05")):
        c.write(f"digits/{name}.txt", article(day_text, name), expect="non-ASCII digits")
    wide = root / "t17" / "MJ_abc" / "InputDocs" / "２００９-０６-２５"
    wide.mkdir(parents=True)
    (wide / "1.htm.txt").write_text("Wide digits .\n")
    c.bad["t17/MJ_abc/InputDocs/２００９-０６-２５/1.htm.txt"] = "non-ASCII digits"
    c.write("digits/natural/MJ_x/InputDocs/2009-06-26/²", "Superscript name .\n")  # a name int() refuses

    # -- topic tags: at most 100 characters
    c.write("topics/huge.txt", article("2024-03-10", "huge topic", topic="T" * 100_000),
            expect="topic tag of 100,000 characters: at most 100")
    c.write("topics/t101.txt", article("2024-03-10", "t101", topic="T" * 101), expect="topic tag of 101 characters")
    c.write("topics/t100.txt", article("2024-03-10", "t100", topic="T" * 100), title="t100")

    # -- control characters: stored as read (shown escaped: test_control_characters_...)
    c.write("ctl/esc.txt", article("2024-03-11", "red \x1b[31malert\x1b]0;owned\x07 \x9b2J \u202eevil"),
            title="red \x1b[31malert\x1b]0;owned\x07 \x9b2J \u202eevil")

    # -- text that once made a pattern backtrack (quadratic or worse): read at once
    c.write("regex/spaces.txt", "date 2024-03-12 HOSTILE" + " " * 50_000 + "x\n\nspaces\n\nBody.\n", title="spaces")
    c.write("regex/dots.txt", article("2024-03-12", "dots", body="." * 100_000), title="dots")
    c.write("regex/quotes.txt", article("2024-03-12", "quotes", body="Done." + "'" * 60 + " next"), title="quotes")
    return c


def _key(corpus: Corpus, item: InputError | dict[str, Any]) -> str:
    path, line = (item.path, item.line) if isinstance(item, InputError) else (item["path"], item["line"])
    root = str(corpus.root) + os.sep
    assert path is not None and path.startswith(root), path
    rel = path[len(root):]
    return rel if line is None or not rel.endswith(".jsonl") else f"{rel}:{line}"


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    return build(tmp_path / "corpus")


def test_every_bad_input_is_named_with_its_reason_and_every_good_article_is_stored(corpus: Corpus,
                                                                                   tmp_path: Path) -> None:
    db = tmp_path / "hostile.db"
    with open_store(db) as store:
        result = ingest(store, scan([corpus.root]), tagger=None)
    rejected = {_key(corpus, r): r["reason"] for r in result.rejected}
    for key, fragment in corpus.bad.items():
        assert key in rejected, f"{key} was not rejected; rejected: {sorted(rejected)}"
        assert fragment in rejected[key], (key, rejected[key])
    assert set(rejected) == set(corpus.bad), set(rejected) ^ set(corpus.bad)
    with open_store(db) as store:
        stored = store.articles()
    assert {a.title for a in stored} == corpus.good | {""}
    # Timeline17: the article, the one under a folder name that is not UTF-8 (escaped), and
    # the one named "²" (a name int() refuses is still sorted and read)
    outlets = sorted(a.outlet or "" for a in stored if a.title == "")
    assert outlets == ["b\\xe9bc", "bbc", "x"]
    origins = {a.title: a.origin or "" for a in stored}
    assert origins["latin-1 name"].endswith("names/caf\\xe9.txt")
    assert origins["jsonl under a bad name"].endswith("names/bad\\x80.jsonl")
    assert next(a for a in stored if a.title.startswith("red")).title == "red \x1b[31malert\x1b]0;owned\x07 \x9b2J \u202eevil"
    # a second run: nothing new, every good article present, the same rejections
    with open_store(db) as store:
        again = ingest(store, scan([corpus.root]), tagger=None)
    assert again.added == 0 and again.present == result.added + result.present
    assert [r["reason"] for r in again.rejected] == [r["reason"] for r in result.rejected]


def test_the_cli_reports_every_rejection_safely(corpus: Corpus, tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    out = runner.invoke(main, ["ingest", str(corpus.root), "--no-tag", "--json", "--db", db])
    assert out.exit_code == 0, out.output
    report = json.loads(out.stdout)
    assert {_key(corpus, r) for r in report["rejected"]} == set(corpus.bad)
    text = runner.invoke(main, ["ingest", str(corpus.root), "--no-tag", "--db", db])
    assert text.exit_code == 0
    assert "rejected: " + str(corpus.root / "names" / "\\xff\\xfe.txt") + ": empty file" in text.stderr
    assert not any(c in text.output for c in ("\x1b", "\x9b", "\x00", "\u202e"))


def test_what_cannot_be_entered_or_examined_is_reported_and_the_rest_read(
        corpus: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    # Running as root, file modes do not stop anything, so the failures a user without the
    # permission gets are made where the walk meets them: a folder that cannot be listed
    # (os.scandir), one that can be listed but not entered (os.stat of what is inside it:
    # Path.is_dir() raised PermissionError there and stopped the walk), a file that cannot
    # be examined (os.stat) or opened (os.open).
    locked = corpus.root / "good"
    noexec = corpus.root / "t17" / "MJ_bbc"
    real_scandir, real_stat, real_open = os.scandir, os.stat, os.open

    def scandir(path: Any = ".") -> Any:
        if Path(os.fsdecode(path)) == locked:
            raise PermissionError(13, "Permission denied", os.fsdecode(path))
        return real_scandir(path)

    def stat(path: Any, *args: Any, **kwargs: Any) -> Any:
        p = Path(os.fsdecode(path))
        if noexec in p.parents or p == corpus.root / "dates" / "soon.txt":
            raise PermissionError(13, "Permission denied", os.fsdecode(path))
        return real_stat(path, *args, **kwargs)

    def os_open(path: Any, *args: Any, **kwargs: Any) -> Any:
        if Path(os.fsdecode(path)) == corpus.root / "topics" / "t100.txt":
            raise PermissionError(13, "Permission denied", os.fsdecode(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "stat", stat)
    monkeypatch.setattr(os, "open", os_open)
    items = list(scan([corpus.root]))
    errors = {_key(corpus, e): e.reason for e in items if isinstance(e, InputError)}
    assert errors["good"] == "cannot read folder: Permission denied"
    assert errors["dates/soon.txt"] == "cannot read file: Permission denied"
    assert errors["topics/t100.txt"] == "cannot read file: Permission denied"
    # MJ_bbc cannot be entered: it is not taken for a Timeline17 outlet, and its files
    # cannot be examined
    assert any(k.startswith("t17/MJ_bbc/") and "Permission denied" in r for k, r in errors.items())
    titles = {a.title for a in items if isinstance(a, Article)}
    assert "utf-16 le" in titles and "good one" not in titles and "in three days" not in titles


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file whatever its mode (the test above simulates it)")
def test_folders_without_permission(tmp_path: Path) -> None:  # pragma: no cover (runs as a normal user)
    (tmp_path / "ok.txt").write_text(article("2024-03-05", "readable"))
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "x.txt").write_text(article("2024-03-05", "locked"))
    (tmp_path / "noexec" / "InputDocs").mkdir(parents=True)
    os.chmod(tmp_path / "locked", 0)
    os.chmod(tmp_path / "noexec", 0o600)
    try:
        items = list(scan([tmp_path]))
    finally:
        os.chmod(tmp_path / "locked", 0o700)
        os.chmod(tmp_path / "noexec", 0o700)
    assert [a.title for a in items if isinstance(a, Article)] == ["readable"]
    assert any("Permission denied" in e.reason for e in items if isinstance(e, InputError))


def test_a_pipe_given_as_a_path_is_not_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "feed.jsonl"
    os.mkfifo(fifo)
    (err,) = list(scan([fifo]))
    assert isinstance(err, InputError) and err.path == str(fifo)
    assert err.reason == "a named pipe (FIFO), not a regular file: not read"
    # and a reader handed a pipe directly does not block either: the check is on the open file
    from dateline.readers import Format, Source, jsonl
    from dateline.readers._io import read_text

    for items in (list(read_source(Source(fifo, Format.JSONL))), list(jsonl.read(fifo))):
        assert [i.reason for i in items if isinstance(i, InputError)] == [err.reason]
    with pytest.raises(InputError, match="named pipe"):
        read_text(fifo)
    assert sources([fifo])[0].error == err.reason


def test_the_article_size_limit(tmp_path: Path) -> None:
    small = Limits(max_article_bytes=4096)
    root = tmp_path / "size"
    root.mkdir()
    (root / "fits.txt").write_text(article("2024-03-05", "fits", body="x " * 1500))
    (root / "large.txt").write_text(article("2024-03-05", "large", body="x " * 3000))
    (root / "huge.txt").write_text(article("2024-03-05", "huge", body="x " * 60_000))  # beyond what is read
    (root / "lines.jsonl").write_text("\n".join([
        jline(**GOOD | {"title": "small line"}),
        jline(**GOOD | {"title": "large line", "text": "y " * 3000}),
        jline(**GOOD | {"title": "huge line", "text": "y " * 60_000}),
        jline(**GOOD | {"title": "after the huge line"}),
    ]) + "\n")
    with open_store(tmp_path / "size.db") as store:
        result = ingest(store, scan([root], limits=small), tagger=None, limits=small)
        titles = {a.title for a in store.articles()}
    reasons = {f"{Path(r['path']).name}:{r['line']}": r["reason"] for r in result.rejected}
    assert titles == {"fits", "small line", "after the huge line"}
    too_large = "(title, caption and body): at most 4 KiB (4,096 bytes) per article"
    assert reasons["large.txt:None"].startswith("article of 6,0") and reasons["large.txt:None"].endswith(too_large)
    assert reasons["lines.jsonl:2"].startswith("article of 6,0") and reasons["lines.jsonl:2"].endswith(too_large)
    assert reasons["huge.txt:None"].startswith("file larger than 96 KiB: not read (an article may be at most 4 KiB")
    assert reasons["lines.jsonl:3"].startswith("line of 120,0") and "longer than 98,304" in reasons["lines.jsonl:3"]
    assert "--max-article-size" in reasons["lines.jsonl:3"]
    # the default: 2 MiB, checked by the pipeline for articles from any source too
    big = Article.create(published=date(2024, 3, 5), title="big", text="z" * (2 * MiB))
    with open_store(tmp_path / "size.db") as store:
        out = ingest(store, [big, replace(big, text="z" * 1000, id="ok")], tagger=None)
    assert out.added == 1 and out.rejected == [{"path": "<input>", "line": None, "reason":
                                                "article of 2,097,155 bytes (title, caption and body): at most 2 MiB "
                                                f"(2,097,152 bytes) per article (article {big.id}, 'big')"}]
    assert DEFAULT_LIMITS.max_article_bytes == 2 * MiB


def test_the_cli_size_option(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(article("2024-03-05", "three kib", body="x " * 1500))
    db = str(tmp_path / "o.db")
    small = CliRunner().invoke(main, ["ingest", str(tmp_path / "a.txt"), "--no-tag", "--json",
                                      "--max-article-size", "2KiB", "--db", db])
    assert json.loads(small.stdout)["added"] == 0 and "at most 2 KiB" in small.stdout
    fits = CliRunner().invoke(main, ["ingest", str(tmp_path / "a.txt"), "--no-tag", "--json",
                                     "--max-article-size", "0.5MiB", "--db", db])
    assert json.loads(fits.stdout)["added"] == 1
    bad = CliRunner().invoke(main, ["ingest", str(tmp_path / "a.txt"), "--max-article-size", "lots", "--db", db])
    assert bad.exit_code == 2 and "not a size" in bad.output


def _control_free(text: str) -> bool:
    return not any((ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) < 0xA0 or c == "\u202e" for c in text)


def test_control_characters_reach_no_terminal(tmp_path: Path) -> None:
    title = "red \x1b[31malert\x1b]0;owned\x07 \x9b2J \u202eevil"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(article("2024-03-11", title, topic="CTL",
                                                   body="The council met on Monday. \x1b[2J Crews worked Tuesday."))
    for n, day in enumerate(("2024-03-13", "2024-03-20", "2024-03-27")):
        (tmp_path / "in" / f"b{n}.txt").write_text(article(day, f"follow-up {n}", topic="CTL", body=(
            f"The council met again on Monday \x1b[2J about the bridge. Crews said on {day} the work \x9b went on.")))
    db = str(tmp_path / "ctl.db")
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(tmp_path / "in"), "--db", db]).exit_code == 0
    with open_store(db) as store:
        stored = next(a for a in store.articles() if not a.title.startswith("follow-up"))
    assert stored.title == title  # stored as read
    outputs = {
        "articles": runner.invoke(main, ["articles", "--db", db]),
        "show": runner.invoke(main, ["show", stored.id, "--db", db]),
        "show -s": runner.invoke(main, ["show", stored.id, "--sentences", "--db", db]),
        "search": runner.invoke(main, ["search", "council OR evil", "--db", db]),
        "timeline": runner.invoke(main, ["timeline", "--topic", "ctl", "--db", db]),
        "timeline md": runner.invoke(main, ["timeline", "--topic", "ctl", "-f", "md", "--db", db]),
    }
    for name, out in outputs.items():
        assert out.exit_code == 0, (name, out.output)
        assert _control_free(out.output), (name, out.output)
    assert "\\x1b[31malert\\x1b]0;owned\\x07 \\x9b2J \\u202eevil" in outputs["show"].output
    assert "\\x1b[2J" in outputs["timeline"].output or "\\x1b[2J" in outputs["show"].output
    assert "\\x1b[2J" in outputs["search"].output and "\\u202eevil" in outputs["search"].output
    for args in (["articles", "--json"], ["show", stored.id, "--json"], ["search", "evil", "--json"],
                 ["timeline", "--topic", "ctl", "-f", "json"]):
        out = runner.invoke(main, [*args, "--db", db])
        assert out.exit_code == 0 and _control_free(out.output), args
        assert title in _strings(json.loads(out.output)), args  # the same value, written with JSON escapes


def _strings(obj: Any) -> set[str]:
    if isinstance(obj, str):
        return {obj}
    if isinstance(obj, dict):
        return set().union(*map(_strings, obj.values())) if obj else set()
    if isinstance(obj, list):
        return set().union(*map(_strings, obj)) if obj else set()
    return set()


def test_bad_arguments_are_errors_not_tracebacks(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(article("2024-03-05", "fine"))
    db = str(tmp_path / "a.db")
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(tmp_path / "a.txt"), "--no-tag", "--db", db]).exit_code == 0
    for args in (["search", "*"], ["search", "\udcff"], ["articles", "--topic", "\udcff"],
                 ["timeline", "--topic", "\udcff"], ["search", "NEAR("]):
        out = runner.invoke(main, [*args, "--db", db])
        assert out.exit_code == 1 and out.stderr.startswith("error: "), (args, out.output)
        assert _control_free(out.stderr) and "\udcff" not in out.stderr


def _iter_bad_bytes() -> Iterator[bytes]:
    yield b"\x00" * 10
    yield b"\xff\xfe\x00"
    yield b"\xfe\xff\xd8\x00"
    yield b"\r" * 1000
    yield b"{" * 10_000
    yield "date 2024-03-05 X\r\r".encode("utf-16")


def test_uploaded_bytes_never_raise(tmp_path: Path) -> None:
    from dateline.readers import Format, Source

    for data in _iter_bad_bytes():
        for name in ("x.txt", "x.jsonl", "MJ_bbc/InputDocs/2009-06-25/1.htm.txt"):
            for fmt in (None, Format.DATELINE, Format.JSONL):
                items = list(read_source(Source(tmp_path / name, fmt), data=data))
                assert items and all(isinstance(i, Article | InputError) for i in items)
