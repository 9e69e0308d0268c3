"""The tagger on bad input: no crash, no hang, linear work, clear errors."""

from __future__ import annotations

import random
import re
from datetime import date

import pytest

from dateline.timex import engine, tag
from dateline.timex.engine import AnchorError, Stats
from dateline.timex.engine import tag as tag_counted
from dateline.timex.grammar import MACROS, expand
from dateline.timex.rules import RULES
from dateline.timex.values import is_valid_value

ANCHOR = date(2018, 1, 24)

ADVERSARIAL = {
    "slashes": "1/",
    "spaced digits": "1 ",
    "digits": "7",
    "months": "Jan. ",
    "offsets": "a year ago ",
    "openers": "the last year of the ",
    "modifiers": "early late mid the end of ",
    "dates": "two weeks ago on Jan. 5 , 2011 at 3 p.m. ",
    "apostrophes": "'90s'",
    "hyphens": "2018-2018-",
    "unicode": "\u00e9\u4e2d\U0001f600 \u200b",
}


def _repeat(unit: str, n: int) -> str:
    return (unit * (n // len(unit) + 1))[:n]


def test_empty_and_blank_text() -> None:
    assert tag("", ANCHOR) == []
    assert tag(" \n\t ", ANCHOR) == []


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_work_is_linear_in_the_length_of_adversarial_input(name: str) -> None:
    """Regex calls (the engine's unit of work; each call is bounded, see the next test) grow
    in proportion to the text: 8 times the text, about 8 times the calls."""
    unit = ADVERSARIAL[name]
    small, large = Stats(), Stats()
    tag_counted(_repeat(unit, 5_000), ANCHOR, small)
    tag_counted(_repeat(unit, 40_000), ANCHOR, large)
    assert large.regex_calls <= 8.1 * small.regex_calls + 100, (small, large)
    assert large.regex_calls <= 3 * 40_000 / 2  # and a few calls per word at most


_UNBOUNDED = re.compile(r"(?<!\\)(?:[*+]|\{\d*,\})")
_CLASS = re.compile(r"\[(?:\\.|[^\]\\])*\]")
_ESCAPE = re.compile(r"\\.")


def _unbounded_quantifiers(regex: str) -> list[str]:
    stripped = _CLASS.sub("C", _ESCAPE.sub("E", regex))
    return _UNBOUNDED.findall(stripped)


def test_no_rule_or_scan_can_backtrack_catastrophically() -> None:
    """Every repetition in the grammar and in the scans over the whole text is bounded
    ({m,n}), so one regex call does a bounded amount of work wherever it starts."""
    for rule in RULES:
        assert _unbounded_quantifiers(expand(rule.template)) == [], rule.name
    for name, body in MACROS.items():
        assert _unbounded_quantifiers(body) == [], name
    comp = engine._compiled()
    assert _unbounded_quantifiers(comp.trigger.pattern) == []
    for rx in (engine._TOKEN_BEFORE, engine._TOKEN_START, engine._NUMERIC):
        assert _unbounded_quantifiers(rx.pattern) == [], rx.pattern
    assert _unbounded_quantifiers("a+b") and _unbounded_quantifiers("(x){2,}")  # the check works


def test_ten_megabyte_single_line() -> None:
    unit = "Officials said the talks would resume on Jan. 5 , 2011 and lasted two weeks ; "
    text = _repeat(unit + "lorem ipsum dolor sit amet consectetur " * 40, 10_000_000)
    assert "\n" not in text and len(text) == 10_000_000
    stats = Stats()
    found = tag_counted(text, ANCHOR, stats)
    assert len(found) >= 2 * (10_000_000 // (len(unit) + 40 * 39)) - 2
    assert stats.regex_calls < len(text) // 50


def test_long_runs_of_digits_and_slashes() -> None:
    assert tag("7" * 100_000, ANCHOR) == []
    assert tag("1/" * 50_000, ANCHOR) == []
    stats = Stats()
    tag_counted("1/" * 50_000, ANCHOR, stats)
    assert stats.triggers == 1


def test_random_bytes_and_unicode() -> None:
    rng = random.Random(7)
    for _ in range(20):
        data = bytes(rng.randrange(256) for _ in range(5_000))
        for text in (data.decode("latin-1"), data.decode("utf-8", errors="replace")):
            for t in tag(text, ANCHOR):
                assert text[t.start : t.end] == t.text and is_valid_value(t.value)
    text = "".join(chr(rng.randrange(0x20, 0x2FFFF)) for _ in range(20_000))
    for t in tag(text, ANCHOR):
        assert is_valid_value(t.value)


@pytest.mark.parametrize(
    "text",
    [
        "February 30", "Feb. 30, 2018", "2018-02-30", "2/30/2018", "30 February 2018",
        "the year 0", "0000-01-01", "year 0000", "January 1, 0000",
        "99999", "January 1, 99999", "the year 99999", "in 99999 years", "99999 years ago",
        "9999999 days ago", "the 99990s", "the 100th century", "Q9 2018", "the fifth quarter",
        "24:60", "13 p.m.", "0 a.m.", "31st of February", "April 31",
    ],
)
def test_impossible_dates_give_no_crash_and_no_invalid_value(text: str) -> None:
    for t in tag(f"It happened {text} or so.", ANCHOR):
        assert is_valid_value(t.value), t
        assert "-02-30" not in t.value and "-04-31" not in t.value and "-02-31" not in t.value


@pytest.mark.parametrize("anchor", [date(1, 1, 1), date(9999, 12, 31)])
def test_extreme_anchors(anchor: date) -> None:
    text = "last year, next week, tomorrow, yesterday, two centuries ago, the 90s, Friday, next month"
    for t in tag(text, anchor):
        assert is_valid_value(t.value), t


@pytest.mark.parametrize("anchor", [None, "2018-01-24", "yesterday", 0, object()])
def test_invalid_anchor(anchor: object) -> None:
    with pytest.raises(AnchorError) as err:
        tag("He left yesterday.", anchor)  # type: ignore[arg-type]
    assert "publication date" in str(err.value)
