"""dateline.model: the article id is a stable content hash (ids stored in existing databases
must not change when its implementation does)."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.model import Article, article_id, normalise_for_id


def test_article_ids_are_stable() -> None:
    # computed with the first implementation: " ".join(unicodedata.normalize("NFC", s).split())
    assert article_id(date(2024, 3, 14), "Council passes budget", "The council voted.\n\nIt was   late.\r\n") == (
        "ee3cf9c971ed0c93"
    )
    assert article_id(date(2010, 5, 1), "", "BP said .\nOil spilled\t\x1c more .") == "fbdc886597f80f2f"
    assert article_id(date(2019, 3, 14), "Café", "Cafe\u0301 opens\u00a0today.\u2028Next  line.") == "753f610bd358f346"
    # the time of day is not part of it; line ends and blank lines are not either
    a = Article.create(published=datetime(2024, 3, 14, 9, 30), title="T", text="One.\r\n\r\nTwo.")
    b = Article.create(published=date(2024, 3, 14), title=" T ", text="One.\nTwo.")
    assert a.id == b.id


_PIECES = ["a", "B", " ", "  ", "\n", "\r\n", "\t", "\x0b", "\x0c", "\x1c", "\x1f", "\x85", "\u00a0", "\u2028",
           "\u3000", "e\u0301", "é", "-", "."]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_normalise_for_id_is_nfc_with_collapsed_whitespace(text: str) -> None:
    assert normalise_for_id(text) == " ".join(unicodedata.normalize("NFC", text).split())


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=60))
def test_normalise_for_id_on_any_ascii(text: str) -> None:
    assert normalise_for_id(text) == " ".join(text.split())
