"""dateline.readers.timeline17 on all 3,759 Timeline17 articles, the 14 references, and
hand-made folders."""

from __future__ import annotations

import warnings
from datetime import date
from pathlib import Path

import pytest

from _shared import need_timeline17
from dateline.errors import InputError, InputWarning
from dateline.readers import timeline17 as t17

DEV_FOLDERS = {
    "EgyptianProtest_cnn": ("egypt", "cnn"),
    "Finan_washingtonpost": ("finan", "washingtonpost"),
    "LibyaWar_cnn": ("libya", "cnn"),
    "LibyaWar_reuters": ("libya", "reuters"),
    "SyrianCrisis_bbc": ("syria", "bbc"),
    "SyrianCrisis_reuters": ("syria", "reuters"),
    "bpoil_bbc": ("bpoil", "bbc"),
    "bpoil_foxnews": ("bpoil", "foxnews"),
    "bpoil_guardian": ("bpoil", "guardian"),
    "bpoil_reuters": ("bpoil", "reuters"),
    "bpoil_washingtonpost": ("bpoil", "washingtonpost"),
    "haiti_bbc": ("haiti", "bbc"),
}


@pytest.mark.parametrize(
    ("name", "topic"),
    [
        ("bpoil_bbc", "bpoil"),
        ("EgyptianProtest_cnn", "egypt"),
        ("Finan_washingtonpost", "finan"),
        ("H1N1_guardian", "h1n1"),
        ("h1n1_bbc", "h1n1"),
        ("haiti_bbc", "haiti"),
        ("IraqWar_guardian", "iraq"),
        ("LibyaWar_reuters", "libya"),
        ("MJ_bbc", "mj"),
        ("SyrianCrisis_bbc", "syria"),
        ("Elections_cnn", "elections"),
    ],
)
def test_topic_of(name: str, topic: str) -> None:
    assert t17.topic_of(name) == topic


def test_outlet_of_and_bad_names() -> None:
    assert t17.outlet_of("Finan_washingtonpost") == "washingtonpost"
    assert t17.outlet_of("/x/y/bpoil_bbc") == "bbc"
    for bad in ("bpoil", "_bbc", "bpoil_"):
        with pytest.raises(InputError, match="expected <topic>_<outlet>"):
            t17.topic_of(bad)


def test_all_3759_articles_read_18_empty_ones_reported() -> None:
    root = need_timeline17()
    folders = t17.outlet_folders(root)
    assert {f.name: (t17.topic_of(f.name), t17.outlet_of(f.name)) for f in folders} == DEV_FOLDERS
    files = [p for f in folders for p in t17.article_files(f)]
    assert len(files) == 3759
    articles, errors = [], []
    for path in files:
        try:
            articles.append(t17.read_article(path))
        except InputError as exc:
            errors.append(exc)
    assert len(errors) == 18 and all(e.reason.startswith("empty file") for e in errors)
    assert all(e.path is not None and Path(e.path).stat().st_size == 0 for e in errors)
    assert len(articles) == 3741
    for art, path in zip((a for a in articles), (p for p in files if p.stat().st_size), strict=True):
        assert art.published == date.fromisoformat(path.parent.name)
        assert art.origin == str(path)
        assert art.title == ""
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").split("\n") if ln.strip()]
        assert art.text.split("\n") == lines
        topic, outlet = DEV_FOLDERS[path.parents[2].name]
        assert (art.topics, art.outlet) == ((topic,), outlet)
    # ids are content hashes: stable across reads, and the 8 articles that Reuters'
    # Libya and Syria folders both hold (same day, same text) share one id
    again = t17.read_article(files[0])
    assert again.id == articles[0].id
    by_id: dict[str, set[str]] = {}
    for art in articles:
        by_id.setdefault(art.id, set()).add(art.topics[0])
    assert len(by_id) == 3733
    assert [t for t in by_id.values() if len(t) > 1] == [{"libya", "syria"}] * 8


def test_read_articles_skips_bad_files_with_a_warning() -> None:
    folder = need_timeline17() / "haiti_bbc"
    with pytest.warns(InputWarning) as record:
        arts = list(t17.read_articles(folder))
    assert len(arts) == 296 - 10
    assert len(record) == 10 and all("skipped: empty file" in str(w.message) for w in record)


def test_read_corpus_and_folders_by_topic() -> None:
    root = need_timeline17()
    groups = t17.folders_by_topic(root)
    assert sorted(groups) == ["bpoil", "egypt", "finan", "haiti", "libya", "syria"]
    assert len(groups["bpoil"]) == 5
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InputWarning)
        n = sum(1 for _ in t17.read_corpus(root))
    assert n == 3741
    assert t17.outlet_folders(root / "bpoil_bbc") == [root / "bpoil_bbc"]


def test_read_references_all_14() -> None:
    root = need_timeline17()
    refs = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InputWarning)
        for folder in t17.outlet_folders(root):
            for name, tl in t17.read_references(folder):
                refs[f"{folder.name}/{name}"] = tl
    assert len(refs) == 14
    assert [n for n in refs if n.startswith("SyrianCrisis_reuters")] == [
        "SyrianCrisis_reuters/tl2.1.txt",
        "SyrianCrisis_reuters/tl2.2.txt",
        "SyrianCrisis_reuters/tl2.3.txt",
    ]
    assert len(refs["bpoil_guardian/guardian.txt"]) == 102  # 104 date lines, 2 duplicated
    assert all(len(tl) > 0 and tl.dates == sorted(tl.dates) for tl in refs.values())


def test_read_queries() -> None:
    queries = t17.read_queries(need_timeline17())
    assert queries["bpoil"] == ("bp", "oil", "spill")
    assert "_about" not in queries and len(queries) == 9


def _make_folder(root: Path, name: str, files: dict[str, bytes]) -> Path:
    folder = root / name
    for rel, data in files.items():
        path = folder / "InputDocs" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return folder


def test_hand_made_folder_edge_cases(tmp_path: Path) -> None:
    folder = _make_folder(
        tmp_path,
        "MJ_bbc",
        {
            "2009-6-25/2.htm.txt": b"\xef\xbb\xbfJackson dies .  \r\n\r\nFans gather .\r\n",
            "2009-06-26/10.htm.txt": b"Tributes pour in .\n",
            "2009-06-26/9.htm.txt": b"Doctors speak .\n",
            "2009-13-01/1.htm.txt": b"Impossible date folder .\n",
            "notadate/1.htm.txt": b"No date .\n",
            "2009-06-27/bin.htm.txt": b"\x00\x01",
            "2009-06-27/latin.htm.txt": b"ok\nCaf\xe9\n",
        },
    )
    (folder / "InputDocs" / "2009-06-27" / "sub").mkdir()  # not a file: ignored
    files = t17.article_files(folder)
    assert [p.parent.name + "/" + p.name for p in files] == [
        "2009-06-26/9.htm.txt",
        "2009-06-26/10.htm.txt",
        "2009-06-27/bin.htm.txt",
        "2009-06-27/latin.htm.txt",
        "2009-13-01/1.htm.txt",
        "2009-6-25/2.htm.txt",
        "notadate/1.htm.txt",
    ]
    reasons = {}
    for path in files:
        try:
            t17.read_article(path)
        except InputError as exc:
            reasons[path.parent.name + "/" + path.name] = (exc.line, exc.reason)
    assert reasons["2009-06-27/bin.htm.txt"][1].startswith("binary file")
    assert reasons["2009-06-27/latin.htm.txt"] == (2, "invalid UTF-8 (byte 0xe9 at column 4): expected UTF-8 text")
    assert "impossible date" in reasons["2009-13-01/1.htm.txt"][1]
    assert "is not a date" in reasons["notadate/1.htm.txt"][1]
    art = t17.read_article(folder / "InputDocs" / "2009-6-25" / "2.htm.txt")
    assert art.published == date(2009, 6, 25)
    assert art.text == "Jackson dies .\nFans gather ."
    assert art.topics == ("mj",) and art.outlet == "bbc"
    (tmp_path / "x.txt").write_text("Loose file .\n")
    with pytest.raises(InputError, match="not inside InputDocs"):
        t17.read_article(tmp_path / "x.txt")
    with pytest.raises(InputError, match="no InputDocs folder"):
        t17.article_files(tmp_path)
    with pytest.raises(InputError, match="no timelines folder"):
        t17.read_references(folder)
