"""The foundation commands (ingest, articles, show, search, demo, retag) through click's
CliRunner, the options every command shares, and ingest of a 10,000-file folder as a real
subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from _shared import REPO, need_sample
from dateline.cli import main

ARTICLE = "date 2024-02-{day:02d} SYNTH TOPIC\n\nTitle number {n}\n\nARDWELL (WKDL) -- Body of article {n}. It was on Monday.\n"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def sample_db(location: str) -> str:
    db = location
    code, out, err = run("ingest", str(need_sample() / "articles"), "--db", db, "--no-tag")
    assert code == 0, err
    return db


def _bad_folder(root: Path) -> Path:
    folder = root / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE.format(day=1, n=1))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.bin").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (folder / "latin1.txt").write_bytes(b"date 2024-01-01 T\n\nCaf\xe9\n\nBody.\n")
    (folder / "impossible.txt").write_text("date 2018-13-45 CITY COUNCIL\n\nTitle\n\nBody.\n")
    (folder / "no-topic.txt").write_text("date 2018-01-02\n\nTitle\n\nBody.\n")
    (folder / "header-only.txt").write_text("date 2018-01-02 TOPIC\n")
    (folder / "records.jsonl").write_text(
        json.dumps({"published": "2024-03-01", "title": "J", "text": "From JSON."}) + "\n{oops\n"
    )
    return folder


def test_ingest_json_report_and_bad_input(tmp_path: Path, location: str) -> None:
    db = location
    code, out, err = run("ingest", str(_bad_folder(tmp_path)), "--db", db, "--json")
    assert code == 0
    report = json.loads(out)
    assert list(report) == ["added", "present", "rejected", "ids", "joined", "stories"]
    assert (report["added"], report["present"]) == (2, 0) and len(report["ids"]) == 2
    rejected = {(Path(r["path"]).name, r["line"]): r["reason"] for r in report["rejected"]}
    assert set(rejected) == {
        ("binary.bin", 3),
        ("empty.txt", None),
        ("header-only.txt", 1),
        ("impossible.txt", 1),
        ("latin1.txt", 3),
        ("no-topic.txt", 1),
        ("records.jsonl", 2),
    }
    assert "impossible date" in rejected[("impossible.txt", 1)]
    # again: nothing added, the same ids present
    code, out, _ = run("ingest", str(tmp_path / "in"), "--db", db, "--json")
    again = json.loads(out)
    assert (again["added"], again["present"], again["ids"]) == (0, 2, report["ids"])


def test_ingest_human_summary_and_fatal_errors(tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    code, out, err = run("ingest", str(_bad_folder(tmp_path)), "--db", db, "--no-tag")
    assert code == 0
    assert out.startswith("2 added, 0 already present, 7 rejected (8 files")
    assert "rejected: " in err and "impossible.txt:1: header date: impossible date" in err
    code, out, err = run("ingest", str(tmp_path / "missing"), "--db", db)
    assert code == 1 and "error: no such file or folder" in err and not out
    code, out, err = run("ingest", str(tmp_path / "in"), "--db", str(tmp_path / "no" / "dir" / "x.db"))
    assert code == 1 and "error: cannot open the database" in err
    readonly = tmp_path / "ro.db"
    run("ingest", str(tmp_path / "in" / "good.txt"), "--db", str(readonly))
    for suffix in ("", "-wal", "-shm"):
        p = Path(f"{readonly}{suffix}")
        if p.exists():
            p.chmod(0o444)
    if os.geteuid() != 0:  # root ignores file modes
        code, _, err = run("ingest", str(tmp_path / "in" / "records.jsonl"), "--db", str(readonly))
        assert code == 1 and "error:" in err


def test_ingest_format_option(tmp_path: Path, location: str) -> None:
    path = tmp_path / "article.jsonl"  # the extension says JSON lines, the content is not
    path.write_text(ARTICLE.format(day=3, n=3))
    db = location
    code, out, _ = run("ingest", str(path), "--db", db, "--json", "--no-tag")
    (rejected,) = json.loads(out)["rejected"]
    assert rejected["line"] == 1 and rejected["reason"].startswith("not JSON lines")
    code, out, _ = run("ingest", str(path), "--db", db, "--json", "--format", "dateline", "--no-tag")
    assert json.loads(out)["added"] == 1
    code, _, err = run("ingest", str(path), "--db", db, "--format", "xml")
    assert code == 2 and "'xml' is not one of" in err


def test_format_choices_are_the_readers_formats() -> None:
    from dateline.readers import Format

    ingest = main.get_command(click.Context(main), "ingest")
    assert ingest is not None
    (option,) = [p for p in ingest.params if p.name == "fmt"]
    assert isinstance(option.type, click.Choice)
    assert list(option.type.choices) == ["auto", *(f.value for f in Format)] == ["auto", "dateline", "jsonl", "timeline17", "html", "feed", "warc", "sitemap"]


@pytest.mark.parametrize("command", [["tag"], ["evaluate-timex"], ["evaluate"], ["bench", "t17"]])
def test_commands_that_never_open_the_store_take_no_db(command: list[str]) -> None:
    code, out, _ = run(*command, "--help")
    assert code == 0 and "--db" not in out
    result = CliRunner().invoke(main, [*command, "--db", "x.db"])
    assert result.exit_code == 2 and "No such option '--db'" in result.stderr


def test_store_commands_take_db() -> None:
    for command in ("ingest", "articles", "show", "search", "demo", "retag", "timeline", "serve"):
        code, out, _ = run(command, "--help")
        assert code == 0 and "--db FILE" in out, command


def test_db_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "env.db"
    monkeypatch.setenv("DATELINE_DB", str(db))
    (tmp_path / "a.txt").write_text(ARTICLE.format(day=4, n=4))
    code, _, _ = run("ingest", str(tmp_path / "a.txt"), "--no-tag")
    assert code == 0 and db.exists()


def test_articles(sample_db: str) -> None:
    code, out, err = run("articles", "--db", sample_db, "--limit", "0", "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == len(list((need_sample() / "articles").glob("*.txt")))
    assert [r["published"] for r in rows] == sorted(r["published"] for r in rows)
    assert "text" not in rows[0] and set(rows[0]) >= {"id", "published", "topics", "title", "outlet", "origin"}
    code, out, _ = run("articles", "--db", sample_db, "--topic", "WATER RATES", "--since", "2024-07-20", "--json")
    water = json.loads(out)
    assert water and all(r["topics"] == ["water rates"] and r["published"] >= "2024-07-20" for r in water)
    code, out, err = run("articles", "--db", sample_db, "--limit", "3")
    assert len(out.strip().split("\n")) == 3 and "more (of" in err
    code, _, err = run("articles", "--db", sample_db, "--since", "March")
    assert code == 1 and "--since 'March' is not a date: expected YYYY-MM-DD" in err
    code, _, err = run("articles", "--db", sample_db + ".missing")
    assert code == 1 and "no database at" in err


def test_show(sample_db: str) -> None:
    _, out, _ = run("articles", "--db", sample_db, "--json", "--limit", "1")
    first = json.loads(out)[0]
    code, out, _ = run("show", first["id"][:6], "--db", sample_db, "--json")
    obj = json.loads(out)
    assert code == 0
    for key in ("id", "published", "topics", "title", "caption", "place", "outlet", "text", "attribution", "origin", "sentences"):
        assert key in obj
    assert obj["id"] == first["id"] and isinstance(obj["sentences"], int) and obj["sentences"] > 3
    code, out, _ = run("show", first["id"], "--db", sample_db)
    assert code == 0 and first["title"] in out and "sentences:" in out
    code, out, _ = run("show", first["id"], "--db", sample_db, "--sentences", "--json")
    listed = json.loads(out)["sentence_list"]
    assert len(listed) == obj["sentences"] and all(obj["text"][s["start"]:s["end"]] == s["text"] for s in listed)
    code, _, err = run("show", "ffffffffffff", "--db", sample_db)
    assert code == 1 and "no article" in err


def test_search(sample_db: str) -> None:
    code, out, _ = run("search", "lawsuit", "--db", sample_db, "--json", "--limit", "3")
    hits = json.loads(out)
    assert code == 0 and 0 < len(hits) <= 3
    assert [h["rank"] for h in hits] == sorted(h["rank"] for h in hits)
    assert all("[" in h["snippet"] for h in hits)
    code, out, _ = run("search", "lawsuit", "--db", sample_db)
    assert hits[0]["id"] in out
    code, _, err = run("search", '"unterminated', "--db", sample_db)
    assert code == 1 and "cannot parse the search query" in err
    code, _, err = run("search", "zzzqqq", "--db", sample_db)
    assert code == 0 and "no matches" in err


def test_demo_is_idempotent(tmp_path: Path) -> None:
    need_sample()
    db = str(tmp_path / "demo.db")
    code, out, err = run("demo", "--db", db)
    assert code == 0, err
    n = len(list((need_sample() / "articles").glob("*.txt")))
    assert f"{n} added, 0 already present, 0 rejected" in out
    assert "fenwick bridge" in out and "Try next:" in out and f"--db {db}" in out
    code, out, _ = run("demo", "--db", db)
    assert f"0 added, {n} already present" in out


def test_demo_suggests_the_command_of_its_timeline(tmp_path: Path) -> None:
    """The `dateline timeline` command the demo suggests prints the timeline it showed."""
    import shlex

    need_sample()
    db = str(tmp_path / "demo.db")
    code, out, err = run("demo", "--db", db)
    assert code == 0, err
    shown = out[out.index("Timeline: "):out.index("The same timeline as a web page")]
    suggested = next(line.strip() for line in out.splitlines() if line.strip().startswith("dateline timeline"))
    args = [a for a in shlex.split(suggested)[1:] if a not in ("--format", "md")]
    code, again, err = run(*args)
    assert code == 0, err
    entries = [line for line in shown.splitlines()[1:] if line.strip()]
    assert entries and entries == [line for line in again.splitlines()[1:] if line.strip()]


def test_retag(tmp_path: Path, location: str) -> None:
    from dateline.annotate import default_tagger

    tagger = default_tagger()
    assert tagger is not None, "dateline.timex.tag is missing"
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(5):
        (folder / f"{i}.txt").write_text(ARTICLE.format(day=i + 1, n=i))
    db = location
    run("ingest", str(folder), "--db", db, "--no-tag")
    code, out, err = run("retag", "--db", db)
    assert code == 0 and "5 untagged" in err and out.startswith(f"5 articles re-tagged with {tagger.version}")
    code, out, err = run("retag", "--db", db)
    assert out.startswith("0 articles re-tagged")
    code, out, _ = run("retag", "--db", db, "--all")
    assert out.startswith("5 articles re-tagged")
    _, out, _ = run("show", json.loads(run("articles", "--db", db, "--json")[1])[0]["id"], "--db", db, "--json")
    assert json.loads(out)["timexes"] >= 1  # "Monday"


def test_ingest_10000_files_subprocess(tmp_path: Path) -> None:
    """A real `dateline ingest` on a folder of 10,000 files, 25 of them bad."""
    folder = tmp_path / "big"
    folder.mkdir()
    bad = set(range(0, 10000, 400))
    for i in range(10000):
        name = folder / f"{i:05d}.txt"
        if i in bad:
            name.write_bytes(b"date 2024-02-30 BAD\n\nT\n\nB.\n" if i % 800 else b"\x00\xff")
        else:
            name.write_text(ARTICLE.format(day=1 + i % 28, n=i))
    db = tmp_path / "big.db"
    exe = shutil.which("dateline", path=str(Path(sys.executable).parent)) or "dateline"
    proc = subprocess.run(
        [exe, "ingest", str(folder), "--db", str(db), "--json", "--no-tag"],
        capture_output=True, text=True, timeout=300, cwd=REPO,
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["added"] == 10000 - len(bad) and report["present"] == 0
    assert sorted(int(Path(r["path"]).stem) for r in report["rejected"]) == sorted(bad)
    assert len(set(report["ids"])) == report["added"]
    code, out, _ = run("articles", "--db", str(db), "--topic", "synth topic", "--json", "--limit", "0")
    assert len(json.loads(out)) == 10000 - len(bad)


def test_ctrl_c_keeps_committed_batches_and_a_rerun_completes(tmp_path: Path) -> None:
    import signal
    import sqlite3
    import time

    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3000):
        (folder / f"{i:05d}.txt").write_text(ARTICLE.format(day=1 + i % 28, n=i) + "It was Tuesday, Jan. 9, 2024 at 3 p.m. last week.\n" * 20)
    db = tmp_path / "int.db"
    exe = shutil.which("dateline", path=str(Path(sys.executable).parent)) or "dateline"
    proc = subprocess.Popen([exe, "ingest", str(folder), "--db", str(db), "--batch-size", "50"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if sqlite3.connect(db, timeout=1).execute("SELECT count(*) FROM articles").fetchone()[0] >= 100:
                break
        except sqlite3.OperationalError:
            pass
        time.sleep(0.05)
    assert proc.poll() is None, "ingest finished before it could be interrupted"
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted: every committed batch is kept" in err and "Traceback" not in err
    kept = sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone()[0]
    assert 100 <= kept < 3000 and kept % 50 == 0
    rerun = subprocess.run([exe, "ingest", str(folder), "--db", str(db), "--json", "--no-tag"],
                           capture_output=True, text=True, timeout=300)
    report = json.loads(rerun.stdout)
    assert (report["added"], report["present"]) == (3000 - kept, kept)
