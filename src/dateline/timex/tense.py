"""The tense of the clause around an expression, from the cue words before and after it.

A bare "Friday", "March 5" or "the third quarter" is resolved to the one before or after the
anchor by the tense of its clause ("the council voted Friday", "will vote Friday"). The cue
words are in :mod:`dateline.timex.lexicon.cues`; how far the scan looks is set by the
:class:`~dateline.timex.policy.Policy`.
"""

from __future__ import annotations

import re
from enum import Enum

from dateline.timex import lexicon as lx
from dateline.timex.context import Context
from dateline.timex.grammar import alternation

__all__ = ["SENTENCE_BREAK", "Tense", "tense_at"]


class Tense(Enum):
    """What the clause says about when: before or after the anchor, or nothing."""

    PAST = "past"
    FUTURE = "future"
    UNKNOWN = "unknown"
    #: Past, and certainly so: "since March" (no slack for noisy cues).
    SINCE = "since"


PAST, FUTURE, UNKNOWN, SINCE = Tense.PAST, Tense.FUTURE, Tense.UNKNOWN, Tense.SINCE

#: Words for the tense scan (not the "s" of "'s"); numbers are tokens too, so that a
#: two-word cue is not read across one ("from about 1 to 8 a.m." has no "about to").
_WORDS = re.compile(r"(?<![A-Za-z'\u2019])[A-Za-z][A-Za-z']{0,20}|'ll|n't|[0-9][0-9.,:]{0,12}")
#: A full stop that ends a sentence: not the dot of a one-letter abbreviation ("a.m.",
#: "U.S.") or of a title or month abbreviation (:data:`lexicon.NON_FINAL_ABBREVIATIONS`).
_FULL_STOP = r"\.(?<![^\w][A-Za-z]\.)" + "".join(  # one fixed-width lookbehind per length
    rf"(?<!\b(?:{'|'.join(sorted(a for a in lx.NON_FINAL_ABBREVIATIONS if len(a) == n))})\.)"
    for n in sorted({len(a) for a in lx.NON_FINAL_ABBREVIATIONS}))
_CLAUSE_BREAK = re.compile(rf"(?:{_FULL_STOP}|[;:!?\n])\s|\s[.;:!?]\s|\n|\s(?:--|\u2014|\u2013)\s")
#: The end of a sentence.
SENTENCE_BREAK = re.compile(rf"(?:{_FULL_STOP}|[;:!?\n])\s|\s[.;:!?]\s|\n")
#: The end of the stretch after an expression that the tense scan reads: the end of its
#: sentence or a conjunction that starts another clause.
_RIGHT_BREAK = re.compile(rf"(?:{_FULL_STOP}|[;:!?\n])\s|\s[.;:!?]\s|\n|\s(?i:{alternation(lx.CLAUSE_CONJUNCTIONS)})\s")
_POSSESSIVE = re.compile(r"\s?['\u2019]s\b")


def _cue(word: str) -> Tense:
    w = word.lower()
    if w in lx.FUTURE_CUES:
        return FUTURE
    if w in lx.PAST_CUES or w in lx.PRESENT_PERFECT_AUXILIARIES:
        return PAST
    if len(w) > 4 and w.endswith("ed") and w not in lx.NOT_PAST_ED:
        return PAST
    return UNKNOWN


def _is_participle_adjective(word: str, before: list[str]) -> bool:
    """Whether an "-ed" word is an adjective by its company: right after a determiner, or
    after a determiner and an adverb ("a still unspecified date"). ``before`` lists the
    words before it, nearest first."""
    if not before or word.lower() in lx.PAST_CUES:
        return False
    prev = before[0].lower()
    if prev in lx.PARTICIPLE_DETERMINERS:
        return True
    return (len(before) > 1 and prev in lx.PARTICIPLE_ADVERBS
            and before[1].lower() in lx.PARTICIPLE_DETERMINERS)


def _scan(words: list[str], leftward: bool) -> Tense:
    """The first tense cue in ``words`` (nearest first)."""
    for i, word in enumerate(words):
        c = _cue(word)
        if leftward:
            after = words[i - 1] if i > 0 else ""
            before = words[i + 1 : i + 3]
        else:
            after = words[i + 1] if i + 1 < len(words) else ""
            before = words[max(0, i - 2) : i][::-1]
        if c is PAST and _is_participle_adjective(word, before):
            continue  # "a still unspecified date", "the proposed merger"
        pair = (word.lower(), after.lower())
        if pair in lx.NOT_CUE_BIGRAMS:
            continue
        if pair in lx.FUTURE_BIGRAMS:
            c = FUTURE
        elif not leftward and word.lower() in lx.LEFT_ONLY_CUES:
            continue
        if c is PAST and before and before[0].lower() in lx.PASSIVE_AUXILIARIES:
            continue  # "will be held", "is expected": the participle is not the tense
        if c is FUTURE and any(w.lower() in lx.PAST_AUXILIARIES for w in before):
            return PAST  # "had been due to expire Friday"
        if c is not UNKNOWN:
            return c
    return UNKNOWN


def _past_perfect(words: list[str]) -> bool:
    """Whether the nearest tense cue in ``words`` (nearest first) is "had" or a verb right
    after "had" ("had filed", "had been")."""
    for i, word in enumerate(words):
        if _cue(word) is not UNKNOWN or (word.lower(), (words[i - 1] if i else "").lower()) in lx.FUTURE_BIGRAMS:
            w = word.lower()
            return w == "had" or (i + 1 < len(words) and words[i + 1].lower() == "had")
    return False


def _simple_past(words: list[str]) -> bool:
    """Whether the nearest tense cue in ``words`` (nearest first) is a verb in the simple
    past: a past cue that is not "has"/"have"/"had" and has no auxiliary right before it
    ("ran", "knew"; not "has won", "will have spilled")."""
    if _scan(words, True) is not PAST:
        return False
    for i, word in enumerate(words):
        if _cue(word) is UNKNOWN:
            continue
        w = word.lower()
        before = words[i + 1].lower() if i + 1 < len(words) else ""
        return w not in lx.PERFECT_AUXILIARIES and before not in lx.PERFECT_AUXILIARIES | lx.FUTURE_CUES
    return False


def tense_at(ctx: Context, start: int, end: int, past_deadline: Tense = FUTURE) -> Tense:
    """PAST, FUTURE, SINCE or UNKNOWN: the nearest tense cue before the span in its clause,
    or else the nearest after it (up to the end of the clause or a coordinating conjunction).
    ``past_deadline`` is what a deadline in a clause whose verb is in the simple past is
    ("the oil spewed until July 15", "extended the deadline until Friday")."""
    text, policy = ctx.text, ctx.policy
    left = text[max(0, start - policy.cue_context_chars) : start]
    breaks = list(_CLAUSE_BREAK.finditer(left))
    if breaks:
        left = left[breaks[-1].end() :]
    left_words = _WORDS.findall(left)[::-1][: policy.left_cue_words]
    opening = len(left_words) <= 1  # "In January, a week after ..., a bomb killed ..."
    right = text[end : end + policy.cue_context_chars]
    b = (SENTENCE_BREAK if opening else _RIGHT_BREAK).search(right)
    if b:
        right = right[: b.start()]
    reach = policy.opening_right_cue_words if opening else policy.right_cue_words
    right_tense = _scan(_WORDS.findall(right)[:reach], False)
    if left_words and left_words[0].lower() == "since":
        return SINCE  # "since March": certainly before the anchor
    if left_words and left_words[0].lower() in lx.DEADLINE_WORDS and not _POSSESSIVE.match(text, end):
        # "until 9 a.m. Tuesday", "by Friday": a deadline ahead, unless the clause goes on
        # in the past ("Until Thursday, they had not called him") or its verb is in the past
        # perfect ("had filed reports by Wednesday": done before then).
        if right_tense is PAST or _past_perfect(left_words[1:]):
            return PAST
        if right_tense is not FUTURE and _simple_past(left_words[1:]):
            return past_deadline
        return FUTURE
    tense = _scan(left_words, True)
    return tense if tense is not UNKNOWN else right_tense
