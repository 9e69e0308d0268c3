"""dateline.readers: finding files, detecting formats, reading a batch without stopping."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from _shared import need_sample, need_timeline17
from dateline.errors import DatelineError, InputError
from dateline.model import Article
from dateline.readers import Format, Source, detect, read_source, scan, sources

ARTICLE = "date 2024-01-16 FENWICK BRIDGE\n\nTitle {n}\n\nARDWELL (WKDL) -- Body {n}.\n"


def _tree(root: Path) -> Path:
    (root / "a" / "b").mkdir(parents=True)
    (root / "a" / "one.txt").write_text(ARTICLE.format(n=1))
    (root / "a" / "b" / "two.md").write_text(ARTICLE.format(n=2))
    (root / "a" / "b" / "three.jsonl").write_text(json.dumps({"published": "2024-01-02", "title": "t", "text": "x"}) + "\n")
    (root / "a" / "b" / "four.json").write_text(json.dumps({"published": "2024-01-03", "title": "t", "text": "y"}) + "\n")
    (root / "a" / ".hidden").mkdir()
    (root / "a" / ".hidden" / "x.txt").write_text(ARTICLE.format(n=9))
    (root / "a" / ".DS_Store").write_bytes(b"\x00\x00")
    (root / "a" / "notes.txt").write_text("Just some notes.\n")
    (root / "a" / "empty.txt").write_text("")
    t17 = root / "a" / "MJ_bbc" / "InputDocs" / "2009-06-25"
    t17.mkdir(parents=True)
    (t17 / "1.htm.txt").write_text("Jackson dies .\n")
    (root / "a" / "MJ_bbc" / "timelines").mkdir()
    (root / "a" / "MJ_bbc" / "timelines" / "tl.txt").write_text("2009-06-25\nx\n" + "-" * 32 + "\n")
    return root / "a"


def test_sources_walk_detect_and_skip_hidden(tmp_path: Path) -> None:
    top = _tree(tmp_path)
    found = {str(s.path.relative_to(top)): s.format for s in sources([top])}
    assert found == {
        "MJ_bbc/InputDocs/2009-06-25/1.htm.txt": "timeline17",
        "b/four.json": None,
        "b/three.jsonl": "jsonl",
        "b/two.md": None,
        "empty.txt": None,
        "notes.txt": None,
        "one.txt": None,
    }
    assert [s.format for s in sources([top / "one.txt"], format="jsonl")] == ["jsonl"]


def test_scan_reports_bad_files_and_reads_the_rest(tmp_path: Path) -> None:
    top = _tree(tmp_path)
    out = list(scan([top]))
    arts = [x for x in out if isinstance(x, Article)]
    errs = {Path(e.path or "").name: e for e in out if isinstance(e, InputError)}
    assert sorted(a.title for a in arts) == ["", "Title 1", "Title 2", "t", "t"]
    assert set(errs) == {"empty.txt", "notes.txt"}
    assert "unknown format" in errs["notes.txt"].reason and errs["notes.txt"].line == 1
    assert "empty file" in errs["empty.txt"].reason


def test_missing_path_and_unknown_format_are_fatal(tmp_path: Path) -> None:
    with pytest.raises(DatelineError, match="no such file or folder"):
        sources([tmp_path / "nope"])
    with pytest.raises(DatelineError, match="unknown format 'xml'"):
        sources([tmp_path], format="xml")


def test_detect() -> None:
    assert detect("x.jsonl") == "jsonl"
    assert detect("root/F_x/InputDocs/2010-01-01/1.htm.txt") == "timeline17"
    assert detect("x.txt", "  date 2010-01-01 T\n") == "dateline"
    assert detect("x.json", '{"a": 1}') == "jsonl"
    assert detect("x.txt", "hello") is None
    assert detect("x.txt") is None


def test_forced_format_misapplied_gives_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE.format(n=1))
    (err,) = list(read_source(Source(path, Format.JSONL)))
    assert isinstance(err, InputError) and err.line == 1 and "invalid JSON" in err.reason


def test_timeline17_root_reads_only_articles() -> None:
    root = need_timeline17()
    srcs = sources([root])
    assert len(srcs) == 3759 and {s.format for s in srcs} == {"timeline17"}
    assert all(s.path.parent.parent.name == "InputDocs" for s in srcs)


def test_sample_folder_scans_cleanly(tmp_path: Path) -> None:
    sample = need_sample() / "articles"
    out = list(scan([sample]))
    assert all(isinstance(x, Article) for x in out) and len(out) >= 40
    # one bad file in a copy of the folder is reported, the rest still read
    copy = tmp_path / "copy"
    shutil.copytree(sample, copy)
    (copy / "zz-bad.txt").write_text("date 2018-13-45 CITY COUNCIL\n\nT\n\nBody.\n")
    out2 = list(scan([copy]))
    bad = [x for x in out2 if isinstance(x, InputError)]
    assert len(bad) == 1 and str(bad[0].path).endswith("zz-bad.txt") and bad[0].line == 1
    assert len(out2) - 1 == len(out)


def test_unknown_format_is_judged_by_the_head_of_the_file(tmp_path: Path) -> None:
    # a large file of no known format is rejected from its first 64 KiB (not read whole)
    big = tmp_path / "video.mp4"
    big.write_bytes(b"ftypisom" * 20_000 + b"\x00")
    (err,) = list(read_source(Source(big, None)))
    assert isinstance(err, InputError) and "unknown format" in err.reason and err.line == 1
    # a NUL, or a byte that is not UTF-8, within the head is still named as such
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF" + b"x" * 100_000)
    (err,) = list(read_source(Source(binary, None)))
    assert isinstance(err, InputError) and err.reason.startswith("binary file (NUL byte at offset 4)")
    latin1 = tmp_path / "notes.txt"
    latin1.write_bytes(b"Caf\xe9 notes\n" + "é".encode() * 40_000)
    (err,) = list(read_source(Source(latin1, None)))
    assert isinstance(err, InputError) and err.reason.startswith("invalid UTF-8 (byte 0xe9 at column 4)")
    # a character cut by the end of the head is not an error; a BOM does not hide the format
    cut = tmp_path / "cut.txt"
    cut.write_bytes(b"a" * (64 * 1024 - 1) + "é".encode())
    (err,) = list(read_source(Source(cut, None)))
    assert isinstance(err, InputError) and "unknown format" in err.reason
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + ARTICLE.format(n=7).encode())
    (art,) = list(read_source(Source(bom, None)))
    assert isinstance(art, Article) and art.title == "Title 7"
    blank_first = tmp_path / "blank.txt"
    blank_first.write_bytes(b" " * 70_000 + b"\n" + ARTICLE.format(n=8).encode())
    (art,) = list(read_source(Source(blank_first, None)))
    assert isinstance(art, Article) and art.title == "Title 8"


def test_folders_that_cannot_be_listed_are_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # (root ignores file modes, so the failure is simulated where the walk lists folders)
    import os

    top = _tree(tmp_path)
    (top / "locked").mkdir()
    (top / "locked" / "x.txt").write_text(ARTICLE.format(n=5))
    day = top / "MJ_bbc" / "InputDocs" / "2009-06-26"
    day.mkdir()
    (day / "2.htm.txt").write_text("Fans gather .\n")
    real_scandir, real_iterdir = os.scandir, Path.iterdir

    def scandir(path: str | os.PathLike[str] = ".") -> Any:
        if Path(path) == top / "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    def iterdir(self: Path) -> object:
        if self == day:
            raise PermissionError(13, "Permission denied", str(self))
        return real_iterdir(self)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(Path, "iterdir", iterdir)
    out = list(scan([top]))
    errs = {e.path: e.reason for e in out if isinstance(e, InputError)}
    assert errs[str(top / "locked")] == "cannot read folder: Permission denied"
    assert errs[str(day)] == "cannot read folder: Permission denied"
    # everything else is still read (the other Timeline17 date folder too)
    assert sorted(a.title or a.text for a in out if isinstance(a, Article)) == [
        "Jackson dies .", "Title 1", "Title 2", "t", "t"]


def test_linked_folders_are_reported_not_silently_skipped(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "a.txt").write_text(ARTICLE.format(n=3))
    top = tmp_path / "top"
    top.mkdir()
    (top / "b.txt").write_text(ARTICLE.format(n=4))
    (top / "linked").symlink_to(outside, target_is_directory=True)
    (top / "loop").symlink_to(top, target_is_directory=True)
    out = list(scan([top]))
    assert [a.title for a in out if isinstance(a, Article)] == ["Title 4"]
    errs = {Path(e.path or "").name: e for e in out if isinstance(e, InputError)}
    assert set(errs) == {"linked", "loop"} and all("symbolic link to a folder" in e.reason for e in errs.values())
    # given as a path itself, the link is read
    assert [a.title for a in scan([top / "linked"]) if isinstance(a, Article)] == ["Title 3"]
