"""dateline.readers.tilse and dateline.export.tilse: real Timeline17 references, tilse
itself as the reference for ``duplicates="last"``, and hand-made edge cases."""

from __future__ import annotations

import warnings
from datetime import date
from pathlib import Path

import pytest

from _shared import need_timeline17
from dateline.errors import DatelineError, InputError, InputWarning
from dateline.export import tilse as tilse_out
from dateline.model import Timeline, TimelineEntry
from dateline.readers import tilse

SEP = "-" * 32


def _reference_files() -> list[Path]:
    root = need_timeline17()
    return sorted(root.glob("*/timelines/*.txt"))


def _count_lines(path: Path) -> tuple[int, int]:
    """(date lines, sentence lines) counted independently of the reader."""
    dates = sents = 0
    for raw in path.read_text(encoding="utf-8").split("\n"):
        line = raw.strip()
        if not line or line == SEP:
            continue
        if len(line) == 10 and line[4] == "-" and line[7] == "-" and line.replace("-", "").isdigit():
            dates += 1
        else:
            sents += 1
    return dates, sents


def test_all_14_reference_timelines_load_sorted_without_losing_sentences() -> None:
    files = _reference_files()
    assert len(files) == 14
    for path in files:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            tl = tilse.read(path, duplicates="merge")
        n_dates, n_sents = _count_lines(path)
        assert tl.dates == sorted(tl.dates)
        assert sum(len(e.sentences) for e in tl.entries) == n_sents, path
        duplicates = [w for w in caught if "duplicate date" in str(w.message)]
        assert len(tl) == n_dates - len(duplicates), path
        assert tl.name == path.name


def test_guardian_duplicates_by_default_the_last_block_wins_with_both_lines_named() -> None:
    path = need_timeline17() / "bpoil_guardian" / "timelines" / "guardian.txt"
    with pytest.warns(InputWarning) as record:
        tl = tilse.read(path)
    messages = sorted(str(w.message) for w in record)
    assert messages == [
        f"{path}:329: duplicate date 2010-07-23 (also on line 324): the block on line 329 replaces the one "
        "on line 324 (tilse's reading)",
        f"{path}:346: duplicate date 2010-07-27 (also on line 341): the block on line 346 replaces the one "
        "on line 341 (tilse's reading)",
    ]
    lines = path.read_text(encoding="utf-8").split("\n")
    entry = next(e for e in tl.entries if e.date == date(2010, 7, 23))
    assert entry.sentences[0] == lines[329].strip()  # the sentence after the second date line (line 329)
    assert lines[324].strip() not in entry.sentences


def test_guardian_duplicates_are_merged_and_reported() -> None:
    path = need_timeline17() / "bpoil_guardian" / "timelines" / "guardian.txt"
    with pytest.warns(InputWarning) as record:
        tl = tilse.read(path, duplicates="merge")
    messages = [str(w.message) for w in record]
    assert any("duplicate date 2010-07-23" in m for m in messages)
    assert any("duplicate date 2010-07-27" in m for m in messages)
    assert all(isinstance(w.message, InputWarning) and w.message.line for w in record)
    # both blocks' sentences are there, in file order
    text = path.read_text(encoding="utf-8").split("\n")
    blocks = [i for i, line in enumerate(text) if line.strip() == "2010-07-23"]
    first_sentence_of_each = [text[i + 1].strip() for i in blocks]
    entry = next(e for e in tl.entries if e.date == date(2010, 7, 23))
    positions = [entry.sentences.index(s) for s in first_sentence_of_each]
    assert positions == sorted(positions) and positions[0] == 0


def test_syrian_reuters_unordered_and_descending_files_are_sorted() -> None:
    root = need_timeline17()
    for rel in ("SyrianCrisis_reuters/timelines/tl2.2.txt", "bpoil_bbc/timelines/bbc.txt"):
        tl = tilse.read(root / rel)
        assert tl.dates == sorted(tl.dates) and len(set(tl.dates)) == len(tl.dates)


def test_duplicates_last_reproduces_tilse_exactly() -> None:
    from tilse.data.timelines import Timeline as TilseTimeline

    for path in _reference_files():
        with open(path, encoding="utf-8") as fh:
            ref = TilseTimeline.from_file(fh).dates_to_summaries
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", InputWarning)
            ours = tilse.read(path)  # the default is tilse's reading
        assert {e.date: list(e.sentences) for e in ours.entries} == ref, path


def test_duplicates_error_policy() -> None:
    text = f"2010-01-02\na\n{SEP}\n2010-01-02\nb\n{SEP}\n"
    with pytest.raises(InputError) as err:
        tilse.loads(text, path="x.txt", duplicates="error")
    assert err.value.line == 4 and "duplicate date 2010-01-02 (first on line 1)" in err.value.reason
    with pytest.raises(ValueError, match="duplicates must be one of last, merge, error, not 'first'"):
        tilse.loads(text, duplicates="first")


def test_lenient_bom_crlf_padding_spaces_and_slashes() -> None:
    text = f"\ufeff2009-6-25  \r\nMichael Jackson dies .  \r\n{SEP}\r\n\r\n2009/07/07\r\nMemorial .\r\n{SEP}\r\n"
    tl = tilse.loads(text)
    assert tl.dates == [date(2009, 6, 25), date(2009, 7, 7)]
    assert tl.entries[0].sentences == ("Michael Jackson dies .",)


def test_missing_final_separator_is_accepted_with_a_warning() -> None:
    with pytest.warns(InputWarning, match="no final separator"):
        tl = tilse.loads(f"2010-01-01\na\n{SEP}\n2010-01-02\nb\n", path="t.txt")
    assert tl.dates == [date(2010, 1, 1), date(2010, 1, 2)]
    assert tl.entries[1].sentences == ("b",)


def test_date_line_instead_of_separator_closes_the_block_with_a_warning() -> None:
    with pytest.warns(InputWarning, match="separator of the block for 2010-01-01"):
        tl = tilse.loads(f"2010-01-01\na\n2010-01-02\nb\n{SEP}\n")
    assert [e.sentences for e in tl.entries] == [("a",), ("b",)]


def test_date_without_sentences_is_kept_with_a_warning() -> None:
    with pytest.warns(InputWarning, match="has no sentences"):
        tl = tilse.loads(f"2010-01-01\n{SEP}\n2010-01-02\nb\n{SEP}\n")
    assert tl.entries[0].sentences == ()


def test_odd_separator_length_is_accepted_with_a_warning() -> None:
    with pytest.warns(InputWarning, match="separator of 10 dashes"):
        tl = tilse.loads("2010-01-01\na\n----------\n")
    assert len(tl) == 1


def _read_warned(path: Path) -> tuple[Timeline, list[InputWarning]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tl = tilse.read(path)
    return tl, [w.message for w in caught if isinstance(w.message, InputWarning)]


@pytest.mark.parametrize(
    ("text", "line", "fragment", "kept"),
    [
        # the impossible date line of the full Timeline17 release
        (f"2011-03-30\na\n{SEP}\n2011-04-0\nb\nc\n{SEP}\n2011-04-02\nd\n{SEP}\n", 4,
         "malformed date line: impossible date '2011-04-0' (day is out of range for month); expected "
         "YYYY-MM-DD: entry skipped (this line and the 2 lines after it, up to the separator on line 7)",
         {"2011-03-30": ("a",), "2011-04-02": ("d",)}),
        (f"2010-13-45\na\n{SEP}\n2010-01-02\nb\n{SEP}\n", 1, "malformed date line",
         {"2010-01-02": ("b",)}),
        (f"2010-01-01\na\n{SEP}\n2010-02-30\nb\n{SEP}\n", 4, "impossible date '2010-02-30'",
         {"2010-01-01": ("a",)}),
        (f"Intro line\n2010-01-01\na\n{SEP}\n", 1,
         "expected a date line YYYY-MM-DD before the first date line, found 'Intro line': entry skipped "
         "(this line, up to the date line on line 2)", {"2010-01-01": ("a",)}),
        (f"2010-01-01\na\n{SEP}\nJuly 23, 2010\nb\n{SEP}\n", 4, "after a separator, found 'July 23, 2010'",
         {"2010-01-01": ("a",)}),
        (f"2010-01-01\na\n{SEP}\n2010-01-3x\nb\n", 4, "up to the end of the file", {"2010-01-01": ("a",)}),
        (f"{SEP}\n2010-01-01\na\n{SEP}\n", 1, "separator line without a date line before it: ignored",
         {"2010-01-01": ("a",)}),
    ],
)
def test_bad_entries_are_skipped_with_a_warning_and_the_rest_is_read(
    text: str, line: int, fragment: str, kept: dict[str, tuple[str, ...]], tmp_path: Path
) -> None:
    path = tmp_path / "bad.txt"
    path.write_text(text, encoding="utf-8")
    tl, warned = _read_warned(path)
    assert {e.date.isoformat(): e.sentences for e in tl.entries} == kept
    assert [(w.path, w.line) for w in warned] == [(str(path), line)]
    assert fragment in warned[0].reason


def test_empty_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("\n\n   \n\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        tilse.read(path)
    assert (err.value.path, err.value.line) == (str(path), None)
    assert "empty file" in err.value.reason
    with pytest.raises(InputError, match="no timeline entries"), pytest.warns(InputWarning, match="2010-13-45"):
        tilse.loads(f"2010-13-45\na\n{SEP}\n")  # nothing left once the bad entry is skipped


def test_no_entries_and_non_utf8_and_binary(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no timeline entries"):
        tilse.loads("   \n")
    bad = tmp_path / "latin1.txt"
    bad.write_bytes(f"2010-01-01\nok\n{SEP}\n2010-01-02\n".encode() + "Caf\xe9 .\n".encode("latin-1"))
    with pytest.raises(InputError) as err:
        tilse.read(bad)
    assert err.value.line == 5 and "invalid UTF-8" in err.value.reason
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"2010-01-01\n\x00\x01\x02")
    with pytest.raises(InputError, match="binary file"):
        tilse.read(binary)
    with pytest.raises(InputError, match="cannot read file"):
        tilse.read(tmp_path / "missing.txt")


def test_jsonl_reader_and_its_errors(tmp_path: Path) -> None:
    path = tmp_path / "tl.jsonl"
    path.write_text(
        '{"date": "2010-01-02", "sentences": ["b1", "b2"]}\n\n'
        '{"date": "2010-01-01", "sentences": ["a"], "note": "ignored"}\n'
        '{"date": "2010-01-02", "sentences": ["b3"]}\n',
        encoding="utf-8",
    )
    with pytest.warns(InputWarning, match=r"tl.jsonl:4: duplicate date 2010-01-02 \(also on line 1\)"):
        tl = tilse.read(path, duplicates="merge")
    assert tl.dates == [date(2010, 1, 1), date(2010, 1, 2)]
    assert tl.entries[1].sentences == ("b1", "b2", "b3")
    good = '{"date": "2010-01-01", "sentences": ["a"]}\n'
    for bad, fragment in [
        ('{"date": 5}', 'missing "date"'),
        ('{"date": "2010-1-1", "sentences": "a"}', "list of strings"),
        ('{"date": "01/02/2010", "sentences": []}', "malformed"),
        ('{"date": "2010-02-30", "sentences": []}', "impossible date"),
        ("[1, 2]", "expected a JSON object"),
        ("{oops", "invalid JSON"),
    ]:
        with pytest.warns(InputWarning) as record:
            tl = tilse.loads_jsonl(good + bad + "\n", path="t.jsonl")
        assert [e.sentences for e in tl.entries] == [("a",)]
        (w,) = [r.message for r in record]
        assert isinstance(w, InputWarning) and w.line == 2 and fragment in w.reason, bad
        assert w.reason.endswith(": line skipped")
        with pytest.raises(InputError, match="no timeline entries"), pytest.warns(InputWarning, match=fragment):
            tilse.loads_jsonl(bad, path="t.jsonl")


def test_format_detection_by_extension_and_first_character(tmp_path: Path) -> None:
    path = tmp_path / "timeline.txt"
    path.write_text('{"date": "2010-01-01", "sentences": ["a"]}\n', encoding="utf-8")
    assert tilse.read(path).dates == [date(2010, 1, 1)]
    with pytest.raises(InputError, match="no timeline entries"), pytest.warns(InputWarning, match="expected a date line"):
        tilse.read(path, format="text")
    with pytest.raises(ValueError, match="unknown timeline format 'xml'"):
        tilse.read(path, format="xml")


def test_writer_round_trips_real_references(tmp_path: Path) -> None:
    for path in _reference_files():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", InputWarning)
            tl = tilse.read(path)
        for name in ("out.txt", "out.jsonl"):
            tilse_out.write(tl, tmp_path / name)
            again = tilse.read(tmp_path / name)
            assert again.entries == tl.entries, (path, name)


def test_writer_output_is_what_tilse_reads(tmp_path: Path) -> None:
    from tilse.data.timelines import Timeline as TilseTimeline

    tl = Timeline.from_entries(
        [
            TimelineEntry(date(2011, 2, 11), ("Mubarak resigns .", "Crowds cheer\nin Tahrir .")),
            TimelineEntry(date(2011, 1, 25), ("Protests begin .",)),
        ]
    )
    out = tmp_path / "tl.txt"
    tilse_out.write(tl, out)
    with open(out, encoding="utf-8") as fh:
        ref = TilseTimeline.from_file(fh).dates_to_summaries
    assert ref == {
        date(2011, 1, 25): ["Protests begin ."],
        date(2011, 2, 11): ["Mubarak resigns .", "Crowds cheer in Tahrir ."],
    }
    assert tilse_out.dumps(tl).endswith(SEP + "\n")


def test_writer_refuses_sentences_that_would_read_back_as_structure() -> None:
    for sentence in ("2010-01-02", "-----", "2010-13-01"):
        tl = Timeline.from_entries([TimelineEntry(date(2010, 1, 1), (sentence,))])
        with pytest.raises(DatelineError, match="cannot hold it"):
            tilse_out.dumps(tl)
    assert tilse_out.dumps(Timeline(entries=())) == ""
