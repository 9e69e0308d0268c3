"""The tagger's commands: dateline tag, dateline evaluate-timex."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from _shared import need_sample, need_tempeval3
from dateline.cli import main

TEXT = "The mayor canceled Wednesday a rally; the vote is set for 3 p.m. Friday.\n"


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input)


def test_tag_stdin_json_lines() -> None:
    result = run("tag", "--dct", "2018-01-24", "-", "--json", input=TEXT)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert lines == [
        {"start": 19, "end": 28, "text": "Wednesday", "type": "DATE", "value": "2018-01-24"},
        {"start": 58, "end": 71, "text": "3 p.m. Friday", "type": "TIME", "value": "2018-01-26T15:00"},
    ]
    for obj in lines:
        assert TEXT[obj["start"] : obj["end"]] == obj["text"]


def test_tag_readable_table(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    result = run("tag", "--dct", "2018-01-24", str(path))
    assert result.exit_code == 0, result.output
    assert "2 time expressions, anchor 2018-01-24" in result.output
    assert "2018-01-26T15:00" in result.output and "'3 p.m. Friday'" in result.output


def test_tag_dateline_file_uses_its_header_date() -> None:
    root = need_sample()
    path = sorted((root / "articles").glob("*.txt"))[0]
    source = path.read_text(encoding="utf-8")
    result = run("tag", str(path), "--json")
    assert result.exit_code == 0, result.output
    objs = [json.loads(line) for line in result.output.splitlines()]
    assert objs
    for obj in objs:  # offsets are into the file as read; the header line is not tagged
        assert source[obj["start"] : obj["end"]] == obj["text"]
        assert obj["start"] > source.index("\n")
    table = run("tag", str(path))
    assert f"anchor {path.name[:10]}" in table.output


@pytest.mark.parametrize(
    ("args", "input", "message"),
    [
        (("tag", "--dct", "2018-13-01", "-"), "x", "is not a date: expected YYYY-MM-DD"),
        (("tag", "-"), "no header here", "no --dct given and the input has no 'date YYYY-MM-DD TOPIC' header"),
        (("tag", "--dct", "2018-01-24", "a", "b"), None, "give one FILE"),
        (("tag", "--timeml", "x.tml"), None, "--timeml needs FILE... and --out DIR"),
        (("tag", "--dct", "2018-01-24", "--out", "d", "-"), "x", "--out is only used with --timeml"),
    ],
)
def test_tag_usage_errors(args: tuple[str, ...], input: str | None, message: str) -> None:
    result = run(*args, input=input)
    assert result.exit_code != 0
    assert message in result.output


def test_tag_missing_file_is_one_clear_line(tmp_path: Path) -> None:
    result = run("tag", "--dct", "2018-01-24", str(tmp_path / "nope.txt"))
    assert result.exit_code != 0
    assert "nope.txt" in result.output


def test_timeml_in_timeml_out_then_evaluate(tmp_path: Path) -> None:
    files = sorted(need_tempeval3("TimeBank").glob("*.tml"))[:12]
    gold = tmp_path / "gold"
    gold.mkdir()
    for f in files:
        shutil.copy(f, gold / f.name)
    # a TE3input-style copy (annotations stripped) must give the same output name
    te3 = tmp_path / f"{files[0].name}.TE3input"
    te3.write_text(files[0].read_text(encoding="utf-8"), encoding="utf-8")
    bad = tmp_path / "broken.tml"
    bad.write_text("<TimeML><TEXT>no end", encoding="utf-8")
    out = tmp_path / "out"
    result = run("tag", "--timeml", *map(str, files[1:]), str(te3), str(bad), "--out", str(out))
    assert result.exit_code == 1  # the broken file is reported and skipped; the rest written
    assert "broken.tml" in result.output and "skipped" in result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(f.name for f in files)

    scored = run("evaluate-timex", "--gold", str(gold), "--system", str(out), "--json")
    assert scored.exit_code == 0, scored.output
    figures = json.loads(scored.output)
    assert figures["documents"] == 12 and figures["missing"] == []
    assert 0.8 < figures["relaxed_f1"] <= 1.0
    table = run("evaluate-timex", "--gold", str(gold), "--system", str(out))
    assert "strict span" in table.output and "TempEval-3 attribute F1" in table.output
