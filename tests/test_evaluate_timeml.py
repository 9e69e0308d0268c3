"""The TempEval-3 style timex scorer (dateline.evaluate.timeml)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.evaluate.timeml import Counts, pair_documents, score_document, score_pairs
from dateline.model import Timex, TimexType

TEXT = "He left Sunday morning and came back two days later, on Tuesday at noon."


def tx(text: str, value: str, ttype: TimexType = TimexType.DATE, occurrence: int = 0) -> Timex:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(text, start + 1)
    return Timex(start, start + len(text), text, ttype, value)


def test_strict_relaxed_type_and_value() -> None:
    gold = [
        tx("Sunday morning", "2018-01-21TMO", TimexType.TIME),
        tx("two days", "P2D", TimexType.DURATION),
        tx("Tuesday", "2018-01-23"),
        tx("noon", "2018-01-23T12:00", TimexType.TIME),
    ]
    system = [
        tx("Sunday", "2018-01-21"),  # relaxed only; wrong type and value
        tx("two days", "P2D", TimexType.DURATION),  # strict, right
        tx("Tuesday at noon", "2018-01-23T12:00", TimexType.TIME),  # overlaps two gold timexes
        tx("He", "PRESENT_REF"),  # spurious
    ]
    c = score_document(gold, system)
    assert (c.gold, c.system) == (4, 4)
    assert (c.strict_system, c.strict_gold) == (1, 1)
    assert (c.relaxed_system, c.relaxed_gold) == (3, 4)
    # type/value of each gold timex against the system timex overlapping it most
    assert c.type_match == 2  # "two days", "noon"
    assert c.value_match == 2  # "two days", "noon"
    # value P: system timexes overlapping a gold timex with the same value
    assert c.value_system == 2  # "two days", "Tuesday at noon" (same value as gold "noon")
    assert c.value_gold == 2
    f = c.figures()
    assert f["strict_p"] == pytest.approx(0.25) and f["strict_r"] == pytest.approx(0.25)
    assert f["relaxed_p"] == pytest.approx(0.75) and f["relaxed_r"] == pytest.approx(1.0)
    assert f["relaxed_f1"] == pytest.approx(2 * 0.75 / 1.75)
    assert f["value_accuracy"] == pytest.approx(0.5)
    assert f["value_attribute_f1"] == pytest.approx(0.5 * f["relaxed_f1"])
    assert f["value_f1"] == pytest.approx(0.5)


def test_empty_sides_give_zero_not_division_errors() -> None:
    assert score_document([], []).figures()["relaxed_f1"] == 0.0
    c = score_document([tx("Tuesday", "2018-01-23")], [])
    assert c.figures()["relaxed_r"] == 0.0 and c.relaxed_gold == 0


def test_counts_add_up_over_documents() -> None:
    a = score_document([tx("Tuesday", "2018-01-23")], [tx("Tuesday", "2018-01-23")])
    b = score_document([tx("noon", "X")], [])
    total = a + b
    assert isinstance(total, Counts)
    assert (total.documents, total.gold, total.system, total.strict_gold) == (2, 2, 1, 1)


GOLD = """<?xml version="1.0" ?>
<TimeML>
<DOCID>{docid}</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2018-01-24" functionInDocument="CREATION_TIME">20180124</TIMEX3></DCT>
<TEXT>
The mayor resigned <TIMEX3 tid="t1" type="DATE" value="2018-01-23">yesterday</TIMEX3>.
</TEXT>
</TimeML>
"""


def test_documents_are_paired_by_docid_not_file_name(tmp_path: Path) -> None:
    gold, system = tmp_path / "gold", tmp_path / "system"
    gold.mkdir()
    system.mkdir()
    (gold / "a.tml").write_text(GOLD.format(docid="D1"), encoding="utf-8")
    (gold / "b.tml").write_text(GOLD.format(docid="D2"), encoding="utf-8")
    (system / "zzz.tml").write_text(GOLD.format(docid="D1"), encoding="utf-8")
    changed = GOLD.format(docid="D3").replace("The mayor", "A mayor")
    (gold / "c.tml").write_text(GOLD.format(docid="D3"), encoding="utf-8")
    (system / "c.tml").write_text(changed, encoding="utf-8")
    report = pair_documents(gold, system)
    assert [p.docid for p in report.pairs] == ["D1"]
    assert report.missing == ["D2"]
    assert len(report.errors) == 1 and "differs from the gold document" in report.errors[0]
    c = score_pairs(report.pairs)
    assert c.figures()["strict_f1"] == 1.0 and c.gold == 1  # the DCT is not counted


def test_not_a_directory(tmp_path: Path) -> None:
    from dateline.errors import InputError

    with pytest.raises(InputError, match="expected a directory"):
        pair_documents(tmp_path / "nope", tmp_path)
