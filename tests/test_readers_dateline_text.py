"""dateline.readers.dateline_text on the sample corpus and hand-made files."""

from __future__ import annotations

import warnings
from datetime import date
from pathlib import Path

import pytest

from _shared import need_sample
from dateline.errors import InputError, InputWarning
from dateline.model import Article
from dateline.readers import dateline_text

CLEAN = """date 2019-03-14 CITY COUNCIL BUDGET

Council passes budget after all-night session

Reporter Jane Roe explains what the vote means for schools. (Photo: Example Agency)

SPRINGFIELD (WXYZ) --
The city council approved the budget early Thursday after a 9-hour debate.

More body paragraphs follow.

(Some information from the Associated Press)
"""


def _sample_articles() -> dict[str, Article]:
    folder = need_sample() / "articles"
    with warnings.catch_warnings():
        warnings.simplefilter("error", InputWarning)
        return {p.name: dateline_text.read(p) for p in sorted(folder.glob("*.txt"))}


def test_clean_article_fields() -> None:
    art = dateline_text.parse(CLEAN, "clean.txt")
    assert art.published == date(2019, 3, 14)
    assert art.topics == ("city council budget",)
    assert art.title == "Council passes budget after all-night session"
    assert art.caption == "Reporter Jane Roe explains what the vote means for schools. (Photo: Example Agency)"
    assert (art.place, art.outlet) == ("SPRINGFIELD", "WXYZ")
    assert art.text == "The city council approved the budget early Thursday after a 9-hour debate.\n\nMore body paragraphs follow."
    assert art.attribution == "Some information from the Associated Press"
    assert art.origin == "clean.txt"


def test_layout_does_not_change_the_id_but_content_does() -> None:
    base = dateline_text.parse(CLEAN)
    messy = "   " + CLEAN.replace("\n", "\r\n").replace("\r\n\r\n", "\r\n \r\n\r\n\t\r\n")
    assert dateline_text.parse(messy).id == base.id
    assert dateline_text.parse(messy) == dateline_text.parse(CLEAN)
    assert dateline_text.parse(CLEAN.replace("9-hour", "10-hour")).id != base.id
    assert dateline_text.parse(CLEAN.replace("2019-03-14", "2019-03-15")).id != base.id


def test_hard_wrapped_paragraphs_are_unwrapped() -> None:
    text = "date 2020-01-02 X\n\nA title\nthat wraps\n\nNOME (KNOM) -- First line\nsecond line.\n\nNext\nparagraph.\n"
    art = dateline_text.parse(text)
    assert art.title == "A title that wraps"
    assert art.text == "First line second line.\n\nNext paragraph."


@pytest.mark.parametrize(
    ("line", "place", "outlet", "rest"),
    [
        ("SPRINGFIELD (WXYZ) --", "SPRINGFIELD", "WXYZ", ""),
        ("NEW YORK (AP) — Stocks fell.", "NEW YORK", "AP", "Stocks fell."),
        ("SALEM, Ore. (KATU) -- Rain.", "SALEM, Ore.", "KATU", "Rain."),
        ("EAST ARDWELL (East Ardwell Ledger) --   ", "EAST ARDWELL", "East Ardwell Ledger", ""),
        ("ST. LOUIS -- Body here.", "ST. LOUIS", None, "Body here."),
    ],
)
def test_dateline_variants(line: str, place: str, outlet: str | None, rest: str) -> None:
    art = dateline_text.parse(f"date 2020-01-02 T\n\nTitle\n\n{line}\n\nBody end.\n")
    assert (art.place, art.outlet) == (place, outlet)
    assert art.text == (f"{rest}\n\nBody end." if rest else "Body end.")


def test_no_dateline_caption_only_when_credited() -> None:
    credited = dateline_text.parse("date 2020-01-02 T\n\nTitle\n\nA crowd gathers. (AP Photo/Jo Doe)\n\nBody one.\n\nBody two.\n")
    assert credited.caption == "A crowd gathers. (AP Photo/Jo Doe)"
    assert credited.text == "Body one.\n\nBody two."
    assert credited.place is None and credited.outlet is None
    plain = dateline_text.parse("date 2020-01-02 T\n\nTitle\n\nA one-line lead.\n\nBody one.\n")
    assert plain.caption == "" and plain.text == "A one-line lead.\n\nBody one."


def test_attribution_variants() -> None:
    base = "date 2020-01-02 T\n\nTitle\n\nCITY (OUT) -- Body.\n\n"
    assert dateline_text.parse(base + "(Reporting by Jo Doe; editing by Al Bo)\n").attribution == "Reporting by Jo Doe; editing by Al Bo"
    assert dateline_text.parse(base + "Staff writer Jo Doe contributed to this report.\n").attribution == (
        "Staff writer Jo Doe contributed to this report."
    )
    plain_last = dateline_text.parse(base + "The last paragraph is body.\n")
    assert plain_last.attribution is None and plain_last.text.endswith("The last paragraph is body.")
    # the only body paragraph is never taken as attribution, whatever it looks like
    only = dateline_text.parse("date 2020-01-02 T\n\nTitle\n\n(A parenthetical body.)\n")
    assert only.attribution is None and only.text == "(A parenthetical body.)"
    # a long paragraph that mentions a phrase is body
    long_para = "Reporting by the council " + "x " * 200 + "ends."
    assert dateline_text.parse(base + long_para + "\n").attribution is None


def test_no_title_is_accepted_with_a_warning() -> None:
    with pytest.warns(InputWarning, match="no title"):
        art = dateline_text.parse("date 2020-01-02 T\n\nCITY (OUT) -- Body.\n", "x.txt")
    assert art.title == "" and art.text == "Body."


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("date 2018-13-45 CITY COUNCIL\n\nTitle\n\nBody.\n", 1, "impossible date"),
        ("\n\n  date 2018-02-30 X\n\nTitle\n\nBody.\n", 3, "impossible date"),
        ("date 14/03/2019 X\n\nTitle\n\nBody.\n", 1, "is not a date"),
        ("date 2019-03-14\n\nTitle\n\nBody.\n", 1, "no topic"),
        ("date 2019-03-14   \n\nTitle\n\nBody.\n", 1, "no topic"),
        ("date 2019-03-14 TOPIC\n", 1, "nothing after the header"),
        ("date 2019-03-14 TOPIC\n\n\n   \n", 1, "nothing after the header"),
        ("date 2019-03-14 TOPIC\n\nJust a title\n", 1, "no body text"),
        ("date 2019-03-14 TOPIC\n\nTitle\n\nCITY (OUT) --\n", 1, "no body text"),
        ("Council passes budget\n\nBody.\n", 1, "expected a header line"),
        ("  \n", None, "empty file"),
    ],
)
def test_rejected(text: str, line: int | None, fragment: str) -> None:
    with pytest.raises(InputError) as err:
        dateline_text.parse(text, "bad.txt")
    assert (err.value.path, err.value.line) == ("bad.txt", line)
    assert fragment in err.value.reason


def test_bad_bytes_on_disk(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bin.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "latin.txt").write_bytes(b"date 2020-01-02 T\n\nCaf\xe9\n\nBody.\n")
    for name, line, fragment in [("empty.txt", None, "empty file"), ("bin.txt", 3, "binary file"), ("latin.txt", 3, "invalid UTF-8")]:
        with pytest.raises(InputError) as err:
            dateline_text.read(tmp_path / name)
        assert err.value.line == line and fragment in err.value.reason


def test_looks_like() -> None:
    assert dateline_text.looks_like("\n  date 2019-03-14 X\n")
    assert dateline_text.looks_like("Date: 2019-03-14 X")
    assert not dateline_text.looks_like("dated material\n")
    assert not dateline_text.looks_like("")


# --- the sample corpus -------------------------------------------------------------------


def test_sample_corpus_reads_without_warnings() -> None:
    arts = _sample_articles()
    assert len(arts) >= 40
    for name, art in arts.items():
        assert art.published == date.fromisoformat(name[:10]), name
        assert art.title and art.text and len(art.topics) == 1
        assert "\n\n\n" not in art.text and art.text == art.text.strip()
    assert {a.topics[0] for a in arts.values()} >= {"fenwick bridge", "school budget", "water rates"}
    assert len({a.outlet for a in arts.values() if a.outlet}) >= 3
    assert len({a.id for a in arts.values()}) == len(arts)


def test_sample_messy_files() -> None:
    arts = _sample_articles()
    for name in ("2024-06-19-ledger-judge-ruling-reaction.txt", "2024-07-31-ledger-water-hearing-east-side.txt"):
        assert arts[name].place is None and arts[name].caption == ""
    detours = arts["2024-01-24-svpr-east-side-detours.txt"]
    # no dateline and an uncredited one-line lead: the lead cannot be told from the body
    assert detours.place is None and detours.text.startswith("Sallow Valley Public Radio's Theo Marsh")
    assert arts["2024-07-09-courier-ostrander-resignation.txt"].title
    busy = arts["2024-09-16-courier-back-in-business.txt"]
    assert busy.attribution == "Staff writer Dana Whitlock contributed to this report."
    assert busy.place == "ARDWELL" and busy.text.startswith("About 9,800 vehicles")
    two = arts["2024-01-25-courier-bridge-closed-indefinitely.txt"]
    assert two.caption.count("\n\n") == 1 and "Read the" in two.caption
    assert arts["2024-06-07-courier-final-school-budget-preview.txt"].place == "ARDWELL"
    first = arts["2024-01-16-wkdl-fenwick-bridge-crack.txt"]
    assert (first.place, first.outlet) == ("ARDWELL", "WKDL")
    assert first.caption.endswith("(Photo: WKDL)")
    assert first.attribution == "Copyright 2024 WKDL. All rights reserved."
    assert first.text.startswith("Inspectors found a crack")


def test_sample_crlf_files_equal_their_lf_version(tmp_path: Path) -> None:
    folder = need_sample() / "articles"
    for name in ("2024-03-05-wkdl-school-budget-forum.txt", "2024-05-17-svpr-grant-reaction.txt"):
        raw = (folder / name).read_bytes()
        assert b"\r\n" in raw
        lf = tmp_path / name
        lf.write_bytes(raw.replace(b"\r\n", b"\n"))
        a, b = dateline_text.read(folder / name), dateline_text.read(lf)
        assert (a.id, a.text, a.title, a.caption) == (b.id, b.text, b.title, b.caption)
        assert "\r" not in a.text + a.title + a.caption
