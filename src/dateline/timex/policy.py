"""The tagger's disambiguation policy: every tuning constant in one frozen, documented object.

The grammar says what an expression can mean; the policy says how the tagger chooses when
the text does not: which year a bare "March 5" is in, which Friday a bare "Friday" is, how
far a tense cue may be from the expression it dates. :data:`DEFAULT_POLICY` holds the values
the tagger is tuned and evaluated with (see docs/tagger-rules.md); pass another
:class:`Policy` to :func:`dateline.timex.tag` to change one::

    from dataclasses import replace
    tag(text, anchor, policy=replace(DEFAULT_POLICY, unknown_future_window_days=30))

A policy other than the default can change the output, so the store's record of
:data:`dateline.timex.TAGGER_VERSION` only describes output made with the default.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

__all__ = ["DEFAULT_POLICY", "Policy", "describe"]


def _setting(default: int, unit: str, doc: str) -> Any:
    """A policy field: its default, the unit it counts in and what it decides."""
    return field(default=default, metadata={"unit": unit, "doc": doc})


@dataclass(frozen=True, slots=True)
class Policy:
    """How the tagger resolves what the text leaves open (all counts are non-negative)."""

    past_bias_days: int = _setting(
        31, "days",
        "With no tense cue, how many days nearer a future candidate (a month, a holiday, a "
        "day) must be than a past one to be preferred: news reports more past than future.")
    tense_slack_days: int = _setting(
        60, "days",
        "The tense of the clause overrides the nearest reading of a day only when that day is "
        "further than this from the anchor in the other direction (tense cues are noisy: "
        "\"extended to Nov. 16\" is future).")
    month_tense_slack_days: int = _setting(
        31, "days",
        "The same for months and longer periods: a month that starts within this many days of "
        "the anchor is not moved a year by the tense (\"was planned for early March\" said in "
        "February).")
    unknown_weekday_bias: int = _setting(
        2, "days",
        "With no tense cue, a weekday (or \"the weekend\") is the past one unless the coming "
        "one is more than this many days nearer.")
    past_weekday_max_back: int = _setting(
        5, "days",
        "A weekday in a past clause is at most this many days before the anchor; the one that "
        "would be further back is the coming one (\"Protesters planned a demonstration on "
        "Saturday\" published on a Friday is tomorrow). News does not name a day most of a "
        "week ago by its bare weekday; the past cue is then more often a missed future (\"ahead "
        "of Thursday's testimony\") or a publication date that lags the text.")
    unknown_future_window_days: int = _setting(
        60, "days",
        "With no tense cue, a month-day is read as ahead of the anchor only when it is at most "
        "this many days ahead; further ahead, the past one is meant (\"February 24 - militias "
        "take Misrata\" in a chronology published in October).")
    clock_day_reach: int = _setting(
        200, "characters",
        "How far back a clock time without a day of its own (\"at 3 p.m.\") looks, within its "
        "sentence, for the date it is on.")
    cue_context_chars: int = _setting(
        200, "characters",
        "How much text on each side of an expression the tense scan reads.")
    left_cue_words: int = _setting(
        15, "words",
        "How many words before an expression, back to the start of its clause, the tense scan "
        "looks at.")
    right_cue_words: int = _setting(
        6, "words",
        "How many words after an expression the tense scan looks at (\"On Friday, the council "
        "voted\"), up to the end of the clause or a conjunction.")
    opening_right_cue_words: int = _setting(
        25, "words",
        "The same for an expression that opens its sentence: its main clause comes after it, "
        "past commas and prepositions, so the scan goes further (up to the end of the "
        "sentence).")
    two_digit_year_window: int = _setting(
        50, "years",
        "A two-digit year (\"'98\", \"12/31/99\") is the year ending in those digits within this "
        "many years of the anchor's year.")
    decade_ahead_years: int = _setting(
        10, "years",
        "A decade without its century (\"the '90s\", \"the nineties\") is in the anchor's century "
        "unless it starts more than this many years after the anchor's year in that century; "
        "then it is in the century before.")
    max_left_words: int = _setting(
        6, "words",
        "How many words the engine walks back over from a trigger word to find where an "
        "expression starts (\"[more than two] weeks\", \"[the end of] the year\").")

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if type(value) is not int or value < 0:
                raise ValueError(f"Policy.{f.name} must be a non-negative int ({f.metadata['unit']}), "
                                 f"got {value!r}")


#: The policy the tagger is tuned and evaluated with.
DEFAULT_POLICY = Policy()


def describe() -> list[tuple[str, int, str, str]]:
    """Each setting of :class:`Policy`: (name, default, unit, what it decides), in order."""
    return [(f.name, getattr(DEFAULT_POLICY, f.name), f.metadata["unit"], f.metadata["doc"])
            for f in fields(Policy)]
