"""TimeML / TE3input reading and writing (dateline.timex.timeml)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from _shared import need_tempeval3
from dateline.errors import InputError
from dateline.model import Granularity, Timex, TimexType
from dateline.timex.timeml import (
    output_name,
    parse_timeml,
    read_timeml,
    timeml_string,
    write_timeml,
)

SMALL = """<?xml version="1.0" ?>
<TimeML>
<DOCID>DOC1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08" temporalFunction="false" functionInDocument="CREATION_TIME">19980108</TIMEX3></DCT>
<TEXT>
Sales &amp; profits rose <TIMEX3 tid="t1" type="DATE" value="1998-01-07">yesterday</TIMEX3> in
<EVENT eid="e1" class="OCCURRENCE">Asia</EVENT>, for <TIMEX3 tid="t2" type="DURATION" value="P1W" mod="APPROX">about a week</TIMEX3> &lt;sic&gt;.
</TEXT>
</TimeML>
"""


def test_reads_docid_dct_text_and_timexes() -> None:
    doc = parse_timeml(SMALL, "small.tml")
    assert doc.docid == "DOC1"
    assert doc.dct == date(1998, 1, 8)
    assert doc.dct_value == "1998-01-08"
    assert doc.text == "\nSales & profits rose yesterday in\nAsia, for about a week <sic>.\n"
    assert [(t.text, t.type, t.value, t.mod) for t in doc.timexes] == [
        ("yesterday", TimexType.DATE, "1998-01-07", None),
        ("about a week", TimexType.DURATION, "P1W", "APPROX"),
    ]
    for t in doc.timexes:
        assert doc.text[t.start : t.end] == t.text
    assert doc.timexes[0].granularity is Granularity.DAY
    assert doc.timexes[1].granularity is Granularity.NONE


def test_dct_is_not_among_the_timexes() -> None:
    doc = parse_timeml(SMALL)
    assert all(t.value != "1998-01-08" for t in doc.timexes)


def test_write_then_read_round_trips_and_keeps_the_text() -> None:
    doc = parse_timeml(SMALL)
    new = [
        Timex(doc.text.index("Sales"), doc.text.index("Sales") + 5, "Sales", TimexType.DATE, "PRESENT_REF"),
        Timex(doc.text.index("<sic>"), doc.text.index("<sic>") + 5, "<sic>", TimexType.SET, "P1D", mod="START"),
    ]
    out = timeml_string(doc, new)
    assert "&lt;sic&gt;" in out and "&amp;" in out
    again = parse_timeml(out)
    assert again.text == doc.text
    assert again.docid == doc.docid and again.dct == doc.dct
    assert [(t.start, t.end, t.type, t.value, t.mod) for t in again.timexes] == [
        (t.start, t.end, t.type, t.value, t.mod) for t in new
    ]
    # the source's own annotations inside TEXT are not carried over
    assert "<EVENT" not in out and 'tid="t2" type="DURATION"' not in out


def test_writer_rejects_overlapping_timexes() -> None:
    doc = parse_timeml(SMALL)
    a = Timex(1, 6, doc.text[1:6], TimexType.DATE, "1998")
    b = Timex(3, 8, doc.text[3:8], TimexType.DATE, "1998")
    with pytest.raises(ValueError, match="overlaps"):
        timeml_string(doc, [a, b])


def test_te3input_without_annotations(tmp_path: Path) -> None:
    src = SMALL.replace('<TIMEX3 tid="t1" type="DATE" value="1998-01-07">yesterday</TIMEX3>', "yesterday")
    path = tmp_path / "DOC1.tml.TE3input"
    path.write_text(src, encoding="utf-8")
    doc = read_timeml(path)
    assert len(doc.timexes) == 1
    assert output_name(path) == "DOC1.tml"
    written = write_timeml(doc, [], tmp_path / output_name(path))
    assert read_timeml(written).text == doc.text


def test_output_name() -> None:
    assert output_name("a/b/APW19980807.0261.tml") == "APW19980807.0261.tml"
    assert output_name("x/ABC.tml.TE3input") == "ABC.tml"
    assert output_name("plain.txt") == "plain.txt.tml"


@pytest.mark.parametrize(
    ("source", "line", "reason"),
    [
        ("<TimeML><DOCID>x</DOCID></TimeML>", None, "expected a <TEXT> element"),
        ("<TimeML>\n<TEXT>\nabc\n", 2, "never closed"),
        ("<TEXT>\nab <TIMEX3 tid='t1' type='DATE' value='1998'>x\n</TEXT>", 2, "never closed"),
        ("<TEXT>\n\nab </TIMEX3>\n</TEXT>", 3, "unexpected </TIMEX3>"),
        ("<TEXT>\na <TIMEX3 type='DATE' value='1'>b <TIMEX3 type='DATE' value='2'>c</TIMEX3></TIMEX3></TEXT>",
         2, "TIMEX3 inside TIMEX3"),
        ("<TEXT><TIMEX3 tid='t1' type='WHEN' value='1998'>x</TIMEX3></TEXT>", 1, "TIMEX3 type must be"),
        ("<TEXT>\n\n a < b </TEXT>", 3, "expected a tag after '<'"),
    ],
)
def test_malformed_input_names_file_line_and_expectation(source: str, line: int | None, reason: str) -> None:
    with pytest.raises(InputError) as err:
        parse_timeml(source, "bad.tml")
    assert err.value.path == "bad.tml"
    assert err.value.line == line
    assert reason in err.value.reason


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read file"):
        read_timeml(tmp_path / "missing.tml")
    bad = tmp_path / "latin1.tml"
    bad.write_bytes(b"<TEXT>\ncaf\xe9\n</TEXT>")
    with pytest.raises(InputError) as err:
        read_timeml(bad)
    assert err.value.line == 2 and "UTF-8" in err.value.reason


def test_real_tempeval3_files_round_trip() -> None:
    """Every gold file: the reader finds each TIMEX3 of TEXT, and writing the gold timexes
    back gives the same text and the same annotations."""
    files = sorted(need_tempeval3().glob("*/*.tml"))
    assert len(files) == 256
    total = 0
    for path in files:
        source = path.read_text(encoding="utf-8")
        doc = read_timeml(path)
        text_part = source[source.index("<TEXT>") : source.index("</TEXT>")]
        assert len(doc.timexes) == len(re.findall(r"<TIMEX3\b", text_part)), path.name
        assert doc.dct is not None and doc.docid
        again = parse_timeml(timeml_string(doc, doc.timexes))
        assert again.text == doc.text
        assert [(t.start, t.end, t.value, t.type) for t in again.timexes] == [
            (t.start, t.end, t.value, t.type) for t in doc.timexes
        ]
        total += len(doc.timexes)
    assert total == 1822  # 1243 TimeBank + 579 AQUAINT, DCTs excluded
