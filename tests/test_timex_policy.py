"""The disambiguation policy: one frozen, documented object whose settings the tagger obeys."""

from __future__ import annotations

import dataclasses
from dataclasses import replace
from datetime import date

import pytest

from dateline.errors import DatelineError
from dateline.timex import tag
from dateline.timex.engine import explain
from dateline.timex.policy import DEFAULT_POLICY, Policy, describe

WED = date(2018, 1, 24)


def values(text: str, anchor: date = WED, **settings: int) -> list[str]:
    return [t.value for t in tag(text, anchor, replace(DEFAULT_POLICY, **settings) if settings else None)]


def test_the_default_policy_is_frozen_and_documented() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT_POLICY.past_bias_days = 0  # type: ignore[misc]  # the assignment under test
    described = describe()
    assert [name for name, *_ in described] == [f.name for f in dataclasses.fields(Policy)]
    for name, default, unit, doc in described:
        assert default == getattr(DEFAULT_POLICY, name)
        assert unit in ("days", "words", "characters", "years") and len(doc) > 40, name


@pytest.mark.parametrize("bad", [-1, 1.5, "60", True, None])
def test_a_setting_must_be_a_non_negative_int(bad: object) -> None:
    with pytest.raises(ValueError, match=r"Policy\.tense_slack_days must be a non-negative int \(days\)"):
        Policy(tense_slack_days=bad)  # type: ignore[arg-type]  # the wrong type under test


def test_the_policy_must_be_a_policy() -> None:
    with pytest.raises(DatelineError, match="policy must be a dateline.timex.policy.Policy"):
        tag("today", WED, {"past_bias_days": 3})  # type: ignore[arg-type]  # the wrong type under test


def test_the_default_is_what_tag_uses_without_a_policy() -> None:
    text = "See you at the Friday meeting; it ran until 12/31/99 and begins on Jan. 25 at 3 p.m."
    assert tag(text, WED) == tag(text, WED, DEFAULT_POLICY) == tag(text, WED, Policy())


@pytest.mark.parametrize(
    ("text", "anchor", "setting", "default", "changed"),
    [
        # no tense cue: Friday two days ahead rather than five back, unless the bias is wider
        ("See you at the Friday meeting .", WED, {"unknown_weekday_bias": 3}, ["2018-01-26"], ["2018-01-19"]),
        # a month-day 41 days ahead is the coming one within a 60-day window, the past one within 30
        ("See ya on Nov. 4 .", date(2008, 9, 24), {"unknown_future_window_days": 30},
         ["2008-11-04"], ["2007-11-04"]),
        # a two-digit year within 50 years of the anchor, or 90
        ("It ran until 12/31/99 .", WED, {"two_digit_year_window": 90}, ["1999-12-31"], ["2099-12-31"]),
        # a clock time takes the day named just before it, if that is within reach
        ("The meeting began on Jan. 25 at 3 p.m.", WED, {"clock_day_reach": 2},
         ["2018-01-25", "2018-01-25T15:00"], ["2018-01-25", "2018-01-24T15:00"]),
        # a past weekday at most five days back; with at most four, Friday five days back is the coming one
        ("The council voted Friday .", WED, {"past_weekday_max_back": 4}, ["2018-01-19"], ["2018-01-26"]),
        # the tense scan reads six words to the right of a bare month, or none
        ("In March , the council voted .", WED, {"opening_right_cue_words": 0}, ["2017-03"], ["2018-03"]),
    ],
)
def test_the_tagger_obeys_each_setting(text: str, anchor: date, setting: dict[str, int],
                                       default: list[str], changed: list[str]) -> None:
    assert values(text, anchor) == default
    assert values(text, anchor, **setting) == changed


def test_the_engine_walks_back_as_far_as_the_policy_says() -> None:
    text = "It lasted more than two weeks ."
    assert [t.text for t in tag(text, WED)] == ["more than two weeks"]
    assert [t.text for t in tag(text, WED, replace(DEFAULT_POLICY, max_left_words=1))] == ["two weeks"]
    assert [(t.text, rule) for t, rule in explain(text, WED, replace(DEFAULT_POLICY, max_left_words=1))] == [
        ("two weeks", "duration")]
