"""The normaliser: turns a matched span (a rule's named groups) plus the anchor into a value.

Each rule of :mod:`dateline.timex.grammar` names a *kind*; :data:`KINDS` maps a kind to the
function that resolves it. A function returns a :class:`Resolution` or ``None`` to reject
the match (an impossible date such as February 30, a lower-case "may", "fall" used as a
verb ...), in which case the engine tries the next-best match.

Relative expressions are resolved against the anchor (the publication date), with two
kinds of context: the tense of the clause (for weekdays, months and quarters without a
year: past tense looks back, future looks forward) and the expressions found earlier in the
same text (for "a year earlier" after "the third quarter").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from dateline.model import Granularity, Timex, TimexType
from dateline.timex import lexicon as lx
from dateline.timex.grammar import Rule, alternation
from dateline.timex.values import (
    add_months,
    day_value,
    granularity_of_value,
    is_valid_value,
    month_value,
    shift,
    value_at,
    week_value,
    year_value,
)

__all__ = ["KINDS", "Context", "Resolution", "coordinated_day", "normalise", "tense_at"]

PAST, UNKNOWN, FUTURE = -1, 0, 1
SINCE = -2  # past, and certainly so: "since March" (no slack for noisy cues)


@dataclass(slots=True)
class Context:
    """What a normaliser may look at besides the match: the text, the anchor day, and the
    timexes already found in this text (in order)."""

    text: str
    anchor: date
    #: Per granularity, the latest timex resolved without help from earlier ones (what a
    #: later "a year earlier" or "the following month" refers to). Constant-time look-ups
    #: keep tagging linear however many timexes a text has.
    references: dict[Granularity, Timex] = field(default_factory=dict)
    #: The latest timex that names a day (``1998-08-07``, ``1998-08-07T15:00``), however it
    #: was resolved: the day a later clock time without a day of its own is on.
    last_day: Timex | None = None

    def remember(self, timex: Timex) -> None:
        if timex.type in (TimexType.DATE, TimexType.TIME) and timex.value[:1].isdigit():
            self.references[timex.granularity] = timex

    def saw(self, timex: Timex) -> None:
        """Note a timex the engine keeps (resolved directly or from a reference)."""
        if _DAY_VALUE.match(timex.value):
            self.last_day = timex

    def latest(self, grans: tuple[Granularity, ...]) -> Timex | None:
        """The latest remembered timex of one of these granularities."""
        found = [t for g in grans if (t := self.references.get(g)) is not None]
        return max(found, key=lambda t: t.start) if found else None


@dataclass(frozen=True, slots=True)
class Resolution:
    value: str
    type: TimexType | None = None  # None: the rule's type
    mod: str | None = None
    granularity: Granularity | None = None  # None: derived from the value
    from_reference: bool = False  # resolved against an earlier timex, not the anchor
    trim_determiner: bool = False  # adjectival ("a five-year plan"): the article is not part of it


Groups = dict[str, str]

_DAY_VALUE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?![0-9])")


# --- lexicon look-ups -----------------------------------------------------------------

_SPACES = re.compile(r"\s+")
_APOS = re.compile(r"\s?['\u2019]")
_DASH = re.compile(r"[\u2010\u2011\u2013]")


@lru_cache(maxsize=8192)
def key(text: str) -> str:
    """A lexicon key for matched text: lower case, one space, plain apostrophes/hyphens.
    (Memoised: the same few thousand words and phrases are looked up over and over.)"""
    k = _SPACES.sub(" ", text.strip().lower())
    k = _APOS.sub("'", k)
    return _DASH.sub("-", k)


def lookup(table: dict[str, object] | frozenset[str], text: str) -> object | None:
    """Look ``text`` up in a lexicon table, trying its abbreviation spellings."""
    k = key(text)
    for cand in (k, k + ".", k.rstrip("."), k.replace("-", " "), k.replace(" ", "-")):
        if cand in table:
            return table[cand] if isinstance(table, dict) else cand
    return None


_DIGITS = re.compile(r"[0-9][0-9,]*(?:\.[0-9]+)?")
_FRACTIONS = {"1/2": 0.5, "1/4": 0.25, "3/4": 0.75, "\u00bd": 0.5}


def parse_number(text: str) -> float | None:
    """"2 1/2" -> 2.5, "twenty-four" -> 24, "a couple of" -> 2, "1,000" -> 1000."""
    k = key(text)
    extra = 0.0
    for suffix in (" and a half", " and half", "-and-a-half"):
        if k.endswith(suffix):
            k, extra = k[: -len(suffix)], 0.5
    parts = k.split(" ")
    if len(parts) == 2 and parts[1] in _FRACTIONS:
        k, extra = parts[0], _FRACTIONS[parts[1]]
    if _DIGITS.fullmatch(k):
        return float(k.replace(",", "")) + extra
    value = lookup(lx.CARDINALS, k)
    if isinstance(value, int):
        return value + extra
    pieces = re.split(r"[- ]+", k)
    if len(pieces) == 2 and pieces[0] in lx.TENS:
        tens, ones = lx.CARDINALS.get(pieces[0]), lx.CARDINALS.get(pieces[1])
        if tens is not None and ones is not None and ones < 10:
            return tens + ones + extra
    return None


def _cap_ok(text: str) -> bool:
    """Calendar names must be capitalised (or the text is all capitals)."""
    return bool(text) and text[0].isupper()


def _month(text: str) -> int | None:
    if text.isdigit():
        n = int(text)
        return n if 1 <= n <= 12 else None
    if not _cap_ok(text):
        return None
    v = lookup(lx.MONTHS, text)
    return v if isinstance(v, int) else None


def _year(text: str, anchor: date) -> int:
    """A year from "1998", "98" or "'98" (two digits: the year within 50 years of the anchor)."""
    digits = text.lstrip("'\u2019")
    y = int(digits)
    if len(digits) == 2:
        century = anchor.year // 100 * 100
        y += century
        if y > anchor.year + 50:
            y -= 100
        elif y < anchor.year - 50:
            y += 100
    return y


def _day_num(text: str) -> int:
    return int(re.match(r"[0-9]+", text).group(0))  # type: ignore[union-attr]


def _mod(groups: Groups) -> str | None:
    if "midmod" in groups:
        return "MID"
    if "mod" in groups:
        v = lookup(lx.DATE_MODIFIERS, groups["mod"])
        return v if isinstance(v, str) else None
    if "qmod" in groups:
        v = lookup(lx.QUANTITY_MODIFIERS, groups["qmod"])
        return v if isinstance(v, str) else None
    if "approx" in groups:
        return {"or so": "APPROX", "or more": "EQUAL_OR_MORE", "or longer": "EQUAL_OR_MORE",
                "plus": "EQUAL_OR_MORE"}.get(key(groups["approx"]))
    return None


# --- tense of the clause --------------------------------------------------------------

#: Words for the tense scan (not the "s" of "'s"); numbers are tokens too, so that a
#: two-word cue is not read across one ("from about 1 to 8 a.m." has no "about to").
_WORDS = re.compile(r"(?<![A-Za-z'\u2019])[A-Za-z][A-Za-z']{0,20}|'ll|n't|[0-9][0-9.,:]{0,12}")
#: A full stop that ends a sentence: not the dot of a one-letter abbreviation ("a.m.",
#: "U.S.") or of a title or month abbreviation (:data:`lexicon.NON_FINAL_ABBREVIATIONS`).
_FULL_STOP = r"\.(?<![^\w][A-Za-z]\.)" + "".join(  # one fixed-width lookbehind per length
    rf"(?<!\b(?:{'|'.join(sorted(a for a in lx.NON_FINAL_ABBREVIATIONS if len(a) == n))})\.)"
    for n in sorted({len(a) for a in lx.NON_FINAL_ABBREVIATIONS}))
_CLAUSE_BREAK = re.compile(rf"(?:{_FULL_STOP}|[;:!?\n])\s|\s[.;:!?]\s|\n|\s(?:--|\u2014|\u2013)\s")
#: How far after the expression a tense cue may be ("On Friday, the council voted"), and
#: how far before it (in a headline-like run without punctuation the clause is unknown).
RIGHT_CUE_WORDS = 6
#: For an expression that opens its sentence the main clause comes after it, past commas
#: and prepositions, so the scan to the right goes further.
OPENING_RIGHT_CUE_WORDS = 25
LEFT_CUE_WORDS = 15
_POSSESSIVE = re.compile(r"\s?['\u2019]s\b")

_SENTENCE_BREAK = re.compile(rf"(?:{_FULL_STOP}|[;:!?\n])\s|\s[.;:!?]\s|\n")
_RIGHT_BREAK = re.compile(rf"(?:{_FULL_STOP}|[;:!?\n])\s|\s[.;:!?]\s|\n|\s(?i:and|but|while|when|as|after|before)\s")
def _cue(word: str) -> int:
    w = word.lower()
    if w in lx.FUTURE_CUES:
        return FUTURE
    if w in lx.PAST_CUES or w in ("has", "have"):
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


def _scan(words: list[str], leftward: bool) -> int:
    """The first tense cue in ``words`` (nearest first)."""
    for i, word in enumerate(words):
        c = _cue(word)
        if leftward:
            after = words[i - 1] if i > 0 else ""
            before = words[i + 1 : i + 3]
        else:
            after = words[i + 1] if i + 1 < len(words) else ""
            before = words[max(0, i - 2) : i][::-1]
        if c == PAST and _is_participle_adjective(word, before):
            continue  # "a still unspecified date", "the proposed merger"
        pair = (word.lower(), after.lower())
        if pair in lx.NOT_CUE_BIGRAMS:
            continue
        if pair in lx.FUTURE_BIGRAMS:
            c = FUTURE
        elif not leftward and word.lower() in lx.LEFT_ONLY_CUES:
            continue
        if c == PAST and before and before[0].lower() in lx.PASSIVE_AUXILIARIES:
            continue  # "will be held", "is expected": the participle is not the tense
        if c == FUTURE and any(w.lower() in lx.PAST_AUXILIARIES for w in before):
            return PAST  # "had been due to expire Friday"
        if c != UNKNOWN:
            return c
    return UNKNOWN


def _past_perfect(words: list[str]) -> bool:
    """Whether the nearest tense cue in ``words`` (nearest first) is "had" or a verb right
    after "had" ("had filed", "had been")."""
    for i, word in enumerate(words):
        if _cue(word) != UNKNOWN or (word.lower(), (words[i - 1] if i else "").lower()) in lx.FUTURE_BIGRAMS:
            w = word.lower()
            return w == "had" or (i + 1 < len(words) and words[i + 1].lower() == "had")
    return False


def _simple_past(words: list[str]) -> bool:
    """Whether the nearest tense cue in ``words`` (nearest first) is a verb in the simple
    past: a past cue that is not "has"/"have"/"had" and has no auxiliary right before it
    ("ran", "knew"; not "has won", "will have spilled")."""
    if _scan(words, True) != PAST:
        return False
    for i, word in enumerate(words):
        if _cue(word) == UNKNOWN:
            continue
        w = word.lower()
        before = words[i + 1].lower() if i + 1 < len(words) else ""
        return w not in lx.PERFECT_AUXILIARIES and before not in lx.PERFECT_AUXILIARIES | lx.FUTURE_CUES
    return False


def tense_at(ctx: Context, start: int, end: int, past_deadline: int = FUTURE) -> int:
    """PAST, FUTURE or UNKNOWN: the nearest tense cue before the span in its clause, or
    else the nearest after it (up to the end of the clause or a coordinating conjunction).
    ``past_deadline`` is what a deadline in a clause whose verb is in the simple past is
    ("the oil spewed until July 15", "extended the deadline until Friday")."""
    text = ctx.text
    left = text[max(0, start - 200) : start]
    breaks = list(_CLAUSE_BREAK.finditer(left))
    if breaks:
        left = left[breaks[-1].end() :]
    left_words = _WORDS.findall(left)[::-1][:LEFT_CUE_WORDS]
    opening = len(left_words) <= 1  # "In January, a week after ..., a bomb killed ..."
    right = text[end : end + 200]
    b = (_SENTENCE_BREAK if opening else _RIGHT_BREAK).search(right)
    if b:
        right = right[: b.start()]
    right_tense = _scan(_WORDS.findall(right)[: OPENING_RIGHT_CUE_WORDS if opening else RIGHT_CUE_WORDS], False)
    if left_words and left_words[0].lower() == "since":
        return SINCE  # "since March": certainly before the anchor
    if left_words and left_words[0].lower() in lx.DEADLINE_WORDS and not _POSSESSIVE.match(text, end):
        # "until 9 a.m. Tuesday", "by Friday": a deadline ahead, unless the clause goes on
        # in the past ("Until Thursday, they had not called him") or its verb is in the past
        # perfect ("had filed reports by Wednesday": done before then).
        if right_tense == PAST or _past_perfect(left_words[1:]):
            return PAST
        if right_tense != FUTURE and _simple_past(left_words[1:]):
            return past_deadline
        return FUTURE
    tense = _scan(left_words, True)
    return tense if tense != UNKNOWN else right_tense


# --- choosing among candidate periods --------------------------------------------------


#: How many days nearer a future candidate must be than a past one to be preferred when
#: the tense says nothing (news reports more past than future).
PAST_BIAS_DAYS = 31

#: The tense overrides the nearest reading of a day only when it is further than this from
#: the anchor in the other direction (tense cues are noisy; "extended to Nov. 16" is future).
TENSE_SLACK_DAYS = 60

#: The same for months and longer periods: a month that starts within this many days of the
#: anchor is not moved a year by the tense ("was planned for early March" in February).
MONTH_TENSE_SLACK_DAYS = 31

#: With no tense cue, a weekday is the past one unless the next one is this many days
#: nearer (news mostly reports what happened).
UNKNOWN_WEEKDAY_BIAS = 2

#: A weekday in a past clause is at most this many days before the anchor; the one that
#: would be further back is the coming one ("Protesters planned a demonstration on Saturday"
#: on a Friday is tomorrow). News does not name a day most of a week ago by its bare
#: weekday, and the clause's cue is then more often a missed future ("ahead of Thursday's
#: testimony") or a publication date that lags the text (a live page dated the day before
#: its last update).
PAST_WEEKDAY_MAX_BACK = 5

#: With no tense cue, a month-day is read as ahead of the anchor only when it is at most
#: this many days ahead; further ahead, the past one is meant ("February 24 - militias take
#: Misrata" in a chronology published in October). News announces the near future by day
#: ("see you on Nov. 4"); a day months ahead comes with a cue ("is due on", "will").
UNKNOWN_FUTURE_WINDOW_DAYS = 60


def _distance(c: tuple[date, date, str], anchor: date) -> int:
    if c[0] <= anchor < c[1]:
        return 0
    if c[0] > anchor:
        return (c[0] - anchor).days + PAST_BIAS_DAYS
    return (anchor - c[1]).days + 1


def _choose(cands: list[tuple[date, date, str]], anchor: date, tense: int,
            future_window: int | None = None) -> str | None:
    """Pick one of ``cands`` (start, end-exclusive, value), one per year around the
    anchor's year, sorted: the anchor year's one, unless the tense points the other way
    (past tense and it lies after the anchor, future tense and it is over), in which case
    the neighbour in that direction; with no tense, the nearest (with a bias to the past),
    leaving out candidates that start more than ``future_window`` days after the anchor."""
    if not cands:
        return None
    if tense == UNKNOWN:
        pool = cands
        if future_window is not None:
            limit = anchor + timedelta(days=future_window)
            pool = [c for c in cands if c[0] <= limit] or cands
        return min(pool, key=lambda c: _distance(c, anchor))[2]
    this = [c for c in cands if c[0].year == anchor.year] or cands
    c = this[0]
    slack = timedelta(days=TENSE_SLACK_DAYS if (c[1] - c[0]).days <= 1 else MONTH_TENSE_SLACK_DAYS)
    if tense == SINCE:
        tense, slack = PAST, timedelta(0)
    if tense == PAST and c[0] > anchor + slack:
        earlier = [x for x in cands if x[0] <= anchor]
        return earlier[-1][2] if earlier else c[2]
    if tense == FUTURE and c[1] + slack <= anchor:
        later = [x for x in cands if x[1] > anchor]
        return later[0][2] if later else c[2]
    return min((x for x in cands if x[0] <= anchor + slack and x[1] + slack > anchor),
               key=lambda x: _distance(x, anchor), default=c)[2]


def _resolve_day(ctx: Context, start: int, end: int, groups: Groups, tense: int | None = None) -> date | None:
    """The day named by the day part of a match (a month-day(-year), a weekday or
    yesterday/today/tomorrow); ``None`` when the match names no day."""
    anchor = ctx.anchor
    for m_key, d_key, y_key in (("month", "day", "year"), ("month2", "day2", "year2"),
                                ("month3", "dayord3", "year3"), ("month", "dayord", "year"),
                                ("month4", "day4", "year4"), ("month4", "dayord4", "year4")):
        if m_key in groups and d_key in groups:
            month = _month(groups[m_key])
            if month is None:
                raise ValueError("not a month")
            day = _day_num(groups[d_key]) if d_key.startswith("day") and not d_key.startswith("dayord") \
                else lx.ORDINALS[key(groups[d_key])]
            if y_key in groups:
                return date(_year(groups[y_key], anchor), month, day)
            ranged = _RANGE_YEAR.match(ctx.text, end)
            if ranged:  # "September 2-6, 2010", "Feb. 15/16, 2011": the range's year
                return date(int(ranged.group(1)), month, day)
            if tense is None:
                tense = UNKNOWN if _is_entry_heading(ctx, start, end) else tense_at(ctx, start, end, UNKNOWN)
            cands = []
            for y in (anchor.year - 1, anchor.year, anchor.year + 1):
                try:
                    d = date(y, month, day)
                except ValueError:
                    continue
                cands.append((d, d + timedelta(days=1), d.isoformat()))
            if not cands:
                raise ValueError("no such day")
            chosen = _choose(cands, anchor, tense, UNKNOWN_FUTURE_WINDOW_DAYS)
            return date.fromisoformat(chosen or cands[0][2])
    if "wd3" in groups:
        return _weekday(ctx, start, end, groups["wd3"], groups.get("dir"), tense)
    if "dw" in groups:
        offset = lookup(lx.DAY_WORDS, groups["dw"])
        if not isinstance(offset, int):
            raise ValueError("not a day word")
        return anchor + timedelta(days=offset)
    return None


#: The rest of a day range that ends in a year: "[September 2]-6, 2010", "[Feb. 15]\\/16 , 2011".
#: The connector of a second day of the same month ("April 24 [and] 25", "Jan. 3[-]5",
#: "Feb. 15[/]16", "March 3 [to] 5"). Commas are not connectors: "March 3, 4" is too often
#: "March 3, 4 people".
_DAY_CONNECTOR = r"(?:\s{0,2}(?:-|\u2013|\\?/)\s{0,2}|\s{1,3}(?:and|or|to|through|thru|till|until)\s{1,3})"
_RANGE_YEAR = re.compile(_DAY_CONNECTOR + r"[0-9]{1,2}(?:st|nd|rd|th)?\s{0,2},?\s{0,2}([12][0-9]{3})(?![\w])")
#: A day number that ends an expression (the first day of a coordination).
_ENDS_IN_DAY = re.compile(r"(?<![0-9])([0-9]{1,2})(?:st|nd|rd|th)?$")
#: The second day of a coordination, and what may not follow it (a count, a clock time, a
#: decimal, another month: then the number is not a day of this month).
_SECOND_DAY = re.compile(_DAY_CONNECTOR + r"(?P<day>3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?(?![0-9])"
                         r"(?:\s{0,2},?\s{0,2}(?P<year>[12][0-9]{3})(?![\w]))?")
_NOT_A_DAY_AFTER = re.compile(
    r"\s{0,2}(?:[.,:/-]?[0-9]|%|[ap]\.?m\b|o['\u2019]clock)"
    r"|\s{0,3}(?:[A-Za-z]{1,20}\s{1,3})?(?:" + alternation(lx.UNIT_SPELLINGS) + "|" + alternation(lx.COUNT_NOUNS) + r")(?![A-Za-z])"
    r"|\s{0,3}" + alternation(lx.MONTHS) + r"(?![A-Za-z])", re.I)


def coordinated_day(ctx: Context, first: Timex) -> Timex | None:
    """The second day of "April 24 and 25", "Jan. 3-5", "March 3 to 5, 2011": a timex for
    the day number (and the year after it), in the month and year of ``first`` (a day that
    ends in a day number).

    The year after the second day already applies to the first (:data:`_RANGE_YEAR`). The
    second day must come after the first and exist in the month, and no unit, count or month
    may follow it ("April 24 and 25 people", "March 3 to 5 p.m.", "May 3 and 4 June").
    """
    if first.type != TimexType.DATE or not _DAY_VALUE.fullmatch(first.value):
        return None
    m = _ENDS_IN_DAY.search(first.text)
    if m is None or int(m.group(1)) != int(first.value[8:10]):
        return None
    second = _SECOND_DAY.match(ctx.text, first.end)
    if second is None or _NOT_A_DAY_AFTER.match(ctx.text, second.end()):
        return None
    day = int(second.group("day"))
    if day <= int(first.value[8:10]) or (second.group("year") and second.group("year") != first.value[:4]):
        return None
    try:
        d = date(int(first.value[:4]), int(first.value[5:7]), day)
    except ValueError:
        return None
    start, end = second.start("day"), second.end()
    timex = Timex(start=start, end=end, text=ctx.text[start:end], type=TimexType.DATE,
                  value=day_value(d), granularity=Granularity.DAY, anchor=ctx.anchor)
    ctx.saw(timex)
    return timex
_LINE_OPENING = re.compile(r"(?:^|\n)[ \t*\u2022-]{0,4}$")
_ENTRY_SEPARATOR = re.compile(
    r"(?:\s{0,2}\\?/\s{0,2}[0-9]{1,2})?(?:\s{0,2},?\s{0,2}[0-9]{4})?\s{0,3}(?:"
    + "|".join(re.escape(s) for s in lx.ENTRY_SEPARATORS) + r")\s")


def _is_entry_heading(ctx: Context, start: int, end: int) -> bool:
    """Whether the expression heads an entry of a chronology: it opens its line and a dash
    or colon follows it ("February 24 - Anti-government militias take control of Misrata").
    The entry's verbs are in the historic present and say nothing about its tense."""
    return bool(_LINE_OPENING.search(ctx.text, max(0, start - 6), start)) and bool(
        _ENTRY_SEPARATOR.match(ctx.text, end))


def _weekday(ctx: Context, start: int, end: int, text: str, direction: str | None, tense: int | None) -> date:
    if not _cap_ok(text):
        raise ValueError("weekday not capitalised")
    wd = lookup(lx.WEEKDAYS, text)
    if not isinstance(wd, int):
        raise ValueError("not a weekday")
    anchor = ctx.anchor
    delta = wd - anchor.isoweekday()  # -6..6: this week's day
    if direction is not None:
        d = lookup(lx.DIRECTIONS, direction)
        k = key(direction)
        if k == "this":
            return anchor + timedelta(days=delta)
        if d == -1:
            back = (anchor.isoweekday() - wd) % 7 or 7
            return anchor - timedelta(days=back)
        if d == 1:
            fwd = (wd - anchor.isoweekday()) % 7 or 7
            return anchor + timedelta(days=fwd)
    if tense is None:
        tense = tense_at(ctx, start, end)
    back = (anchor.isoweekday() - wd) % 7
    fwd = (wd - anchor.isoweekday()) % 7
    if tense == FUTURE:
        return anchor + timedelta(days=fwd)
    if tense == SINCE or (tense == PAST and back <= PAST_WEEKDAY_MAX_BACK):
        return anchor - timedelta(days=back)
    if tense == PAST:
        return anchor + timedelta(days=fwd)
    return anchor - timedelta(days=back) if back <= fwd + UNKNOWN_WEEKDAY_BIAS else anchor + timedelta(days=fwd)


# --- kinds ----------------------------------------------------------------------------

_CLOCK = re.compile(
    r"(?P<h>[0-9]{1,2})(?:[:.](?P<m>[0-9]{2}))?(?::(?P<s>[0-9]{2}))?\s{0,2}(?P<ap>[ap])?", re.I
)


def _clock(text: str) -> str:
    named = lookup(lx.NAMED_TIMES, text)
    if isinstance(named, str):
        return named
    k = key(text)
    words = k.split(" ")
    n = parse_number(words[0]) if not words[0][:1].isdigit() else None
    if n is not None:  # "seven o'clock"
        return f"{int(n):02d}:00"
    if len(k) == 4 and k.isdigit():  # "1400 GMT"
        k = f"{k[:2]}:{k[2:]}"
    m = _CLOCK.match(k)
    if m is None:
        raise ValueError("not a clock time")
    h = int(m.group("h"))
    minute = int(m.group("m") or 0)
    ap = m.group("ap")
    if ap:
        if not 1 <= h <= 12:
            raise ValueError("bad 12-hour clock")
        h = (h % 12) + (12 if ap.lower() == "p" else 0)
    if h > 24 or minute > 59:
        raise ValueError("bad clock")
    out = f"{h:02d}:{minute:02d}"
    if m.group("s"):
        out += f":{m.group('s')}"
    return out


_DIRW_OFFSETS = {"": 0, "this": 0, "yesterday": -1, "tomorrow": 1, "last": -1}


_DAY_NAMES = "(?:" + alternation(lx.WEEKDAYS) + "|" + alternation(lx.DAY_WORDS) + ")"
_OPEN, _CLOSE = r"(?:\(|-LRB-)", r"(?:\)|-RRB-)"  # tokenized text spells brackets -LRB- -RRB-
#: A parenthetical at a clock time that names its day: "10:35 a.m. (0735 GMT) Friday", "at 4
#: in the morning (4 a.m. EDT Thursday)", "(0735 GMT) Friday" for the clock inside it.
_PAREN_DAY = re.compile(
    r"(?:\s{1,3}local\s{1,3}time)?(?:"
    r"\s{0,3}" + _OPEN + r"(?:[^()\n]{0,40}?[\s(])?(?P<inner>" + _DAY_NAMES + r")\.?\s{0,2}" + _CLOSE
    + r"|\s{0,3}" + _OPEN + r"[^()\n]{1,40}?" + _CLOSE + r"\s{0,3},?\s{0,2}(?:on\s{1,3})?(?P<after>" + _DAY_NAMES + r")(?![\w])"
    + r"|\s{0,3}" + _CLOSE + r"\s{0,3},?\s{0,2}(?:on\s{1,3})?(?P<close>" + _DAY_NAMES + r")(?![\w]))",
    re.IGNORECASE,
)


def _day_in_parenthetical(ctx: Context, end: int) -> date | None:
    """The day a parenthetical right after ``end`` names, if it names one."""
    m = _PAREN_DAY.match(ctx.text, end)
    if m is None:
        return None
    name = next(g for g in ("inner", "after", "close") if m.group(g))
    s, e = m.span(name)
    word = m.group(name)
    groups = {"wd3": word} if lookup(lx.WEEKDAYS, word) is not None else {"dw": word}
    return _resolve_day(ctx, s, e, groups)


#: How far back (characters) a clock time without a day looks for the date it is on.
CLOCK_DAY_REACH = 200


def _day_before_clock(ctx: Context, start: int) -> date | None:
    """The day of the latest date before a clock time in the same sentence ("on Jan. 25 at
    3 p.m.", "May 14 , 2010 09:52 UTC", "Wednesday , trading down 0.2 percent at 1836
    GMT"): a clock time without a day of its own is on the day last named, not
    necessarily on the anchor's."""
    prev = ctx.last_day
    if prev is None or prev.end > start or start - prev.end > CLOCK_DAY_REACH:
        return None
    if _SENTENCE_BREAK.search(ctx.text, prev.end, start):
        return None
    return date.fromisoformat(prev.value[:10])


def _time(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    day = _resolve_day(ctx, start, end, groups)
    dirw = key(groups.get("dirw", ""))
    if day is None and not dirw and "clock" in groups:
        day = _day_in_parenthetical(ctx, end) or _day_before_clock(ctx, start)
    part = None
    if "part" in groups:
        part = lookup(lx.PARTS_OF_DAY, groups["part"])
    if day is None:
        if "dw" in groups:
            return None
        offset = _DIRW_OFFSETS.get(dirw)
        if dirw == "last":  # "last night" is yesterday's; "last morning" is not said
            offset = -1 if part in ("NI", "EV") else None
        if offset is None:
            return None
        if not dirw and "clock" not in groups and "mod" not in groups and "midmod" not in groups:
            return None  # a bare "morning" or "night"
        day = ctx.anchor + timedelta(days=offset)
    if "clock" in groups:
        named = lookup(lx.NAMED_TIMES, groups["clock"]) is not None
        if named and ctx.text.startswith(groups["clock"], start) and _prev_word(ctx, start) in lx.NAMED_TIME_IDIOMS:
            return None  # "high noon"
        clock = _clock(groups["clock"])
        later = lookup(lx.PARTS_OF_DAY, groups.get("partw", ""))
        hour = int(clock[:2])
        if later in ("AF", "EV", "NI") and not re.search(r"[ap]\.?\s?m|noon|midnight", groups["clock"], re.I) \
                and (6 <= hour < 12 or (later != "NI" and hour < 12)):
            clock = f"{hour + 12:02d}{clock[2:]}"  # "7 in the evening", "10 at night"
        value = f"{day_value(day)}T{clock}"
    elif isinstance(part, str):
        value = f"{day_value(day)}T{part}"
    else:
        return None
    dw = lookup(lx.DAY_WORD_PARTS, groups.get("dw", ""))
    if isinstance(dw, str) and "clock" not in groups and part is None:
        value = f"{day_value(day)}T{dw}"
    return Resolution(value, TimexType.TIME, _mod(groups), Granularity.TIME)


def _date(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    day = _resolve_day(ctx, start, end, groups)
    if day is None:
        return None
    if "clock" in groups:
        return Resolution(f"{day_value(day)}T{groups['clock']}", TimexType.TIME, None, Granularity.TIME)
    return Resolution(day_value(day), mod=_mod(groups))


_TIME_PREPOSITIONS = frozenset({
    "in", "since", "by", "until", "till", "through", "from", "to", "during", "before",
    "after", "of", "between", "and", "or", "last", "next", "this", "early", "late", "mid",
    "around", "about", "circa", "throughout", "on", "for", "that", "as", "past",
})
_PREV_WORD = re.compile(r"([A-Za-z-]{1,20})[\s,]{1,3}$")


def _prev_word(ctx: Context, start: int) -> str:
    m = _PREV_WORD.search(ctx.text, max(0, start - 24), start)
    return m.group(1).lower() if m else ""


#: A lower-case word right after an expression (on the same line).
_LOWER_WORD_AFTER = re.compile(r"[ \t]{1,3}([a-z][a-z'-]*)")


def _month_as_modifier(ctx: Context, start: int, end: int) -> bool:
    """Whether an ambiguous month name ("March", "May") is the month by its company: written
    capitalised, after a determiner and before a lower-case noun ("The March accession",
    "the May jobs report"); the verb or the modal has no determiner before it, a name goes
    on capitalised ("the March Hare") and the noun "march" takes a preposition ("the March
    on Washington")."""
    word = ctx.text[start:end]
    if not word[:1].isupper() or word.isupper():
        return False
    before = _PREV_WORD_NO_COMMA.search(ctx.text, max(0, start - 24), start)
    after = _LOWER_WORD_AFTER.match(ctx.text, end)
    return (before is not None and before.group(1).lower() in lx.MONTH_DETERMINERS
            and after is not None and after.group(1) not in lx.PREPOSITIONS)


def _month_year(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    text = groups["month"]
    month = _month(text)
    if month is None:
        return None
    k = key(text)
    has_year = "year" in groups
    if not has_year and "yeardir" not in groups and "yearw" not in groups and "dir" not in groups and "mod" not in groups and "midmod" not in groups:
        if k.endswith(".") is False and lookup(lx.MONTHS, k) is not None and k + "." in lx.MONTHS:
            return None  # "Jan" alone is a name more often than a month
        if (k in lx.AMBIGUOUS_MONTHS or k + "." in lx.AMBIGUOUS_MONTHS) and _prev_word(ctx, start) not in _TIME_PREPOSITIONS \
                and not _month_as_modifier(ctx, start, end):
            return None
    anchor = ctx.anchor
    if has_year:
        return Resolution(month_value(_year(groups["year"], anchor), month), mod=_mod(groups))
    if "yeardir" in groups:
        y = anchor.year + {"last": -1, "next": 1}.get(key(groups["yeardir"]), 0)
        return Resolution(month_value(y, month), mod=_mod(groups))
    if "yearw" in groups:
        y = spoken_year(groups["yearw"])
        return Resolution(month_value(y, month), mod=_mod(groups)) if y else None
    if "dir" in groups:
        d = lookup(lx.DIRECTIONS, groups["dir"])
        if key(groups["dir"]) == "this":
            return Resolution(month_value(anchor.year, month), mod=_mod(groups))
        # "last M": the latest M that ended before last month ("last February" said in
        # March is a year ago: last month would be "last month"); "next M" likewise: the
        # first M that starts after next month. Two years back or ahead at most ("last
        # December" said on January 2).
        if d in (-1, 1):
            cands = _month_candidates(anchor, month, 2)
            this_month = date(anchor.year, anchor.month, 1)
            if d == -1:
                limit = add_months(this_month, -1)
                before = [c for c in cands if c[1] <= limit]
                return Resolution(before[-1][2], mod=_mod(groups)) if before else None
            limit = add_months(this_month, 2)
            after = [c for c in cands if c[0] >= limit]
            return Resolution(after[0][2], mod=_mod(groups)) if after else None
    value = _choose(_month_candidates(anchor, month, 1), anchor, tense_at(ctx, start, end))
    return Resolution(value, mod=_mod(groups)) if value else None


def _years_around(anchor: date, before: int, after: int) -> range:
    """The years from ``before`` years before the anchor's to ``after`` years after it,
    clipped to the years a ``date`` can have (1-9999)."""
    return range(max(1, anchor.year - before), min(9999, anchor.year + after) + 1)


def _month_candidates(anchor: date, month: int, years: int) -> list[tuple[date, date, str]]:
    """Month ``month`` of each year within ``years`` of the anchor's: (first day, first day
    of the next month, value), in order; a month whose end is past 9999 is left out."""
    out = []
    for y in _years_around(anchor, years, years):
        first = date(y, month, 1)
        if y < 9999 or month < 12:
            out.append((first, add_months(first, 1), month_value(y, month)))
    return out


def _easter(year: int) -> date:
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


def holiday_date(name: str, year: int) -> date | None:
    """The date of a holiday of :data:`lexicon.HOLIDAYS` in ``year``."""
    spec = lookup(lx.HOLIDAYS, name)
    if not isinstance(spec, tuple):
        return None
    form, a, b, c = spec
    if form == "fixed":
        return date(year, a, b)
    if form == "onafter":
        first = date(year, a, c)
        return first + timedelta(days=(b - first.isoweekday()) % 7)
    return _easter(year) + timedelta(days=a)


def _holiday(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    name = groups["holiday"]
    if not _cap_ok(name):
        return None
    anchor = ctx.anchor
    if "year" in groups:
        d = holiday_date(name, _year(groups["year"], anchor))
        return _holiday_period(d, groups) if d else None
    cands = []
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        d = holiday_date(name, y)
        if d:
            cands.append((d, d + timedelta(days=1), day_value(d)))
    direction = lookup(lx.DIRECTIONS, groups.get("dir", ""))
    tense = tense_at(ctx, start, end) if direction is None else (PAST if direction == -1 else FUTURE)
    value = _choose(cands, anchor, tense)
    return _holiday_period(date.fromisoformat(value), groups) if value else None


def _holiday_period(d: date, groups: Groups) -> Resolution:
    """The holiday's day; "Easter week" is the (ISO) week that holds it, "Thanksgiving
    weekend" the weekend that follows it in its week, or precedes it when it falls early
    in the week ("Christmas weekend" when Christmas is a Monday)."""
    unit = key(groups.get("hweek", ""))
    if unit == "week":
        return Resolution(week_value(d), granularity=Granularity.WEEK, mod=_mod(groups))
    if unit == "weekend":
        saturday = d + timedelta(days=5 - d.weekday()) if d.weekday() >= 3 else d - timedelta(days=d.weekday() + 2)
        return Resolution(f"{week_value(saturday)}-WE", granularity=Granularity.WEEK, mod=_mod(groups))
    return Resolution(day_value(d), mod=_mod(groups))


_NOT_YEAR_BEFORE = frozenset("$#\u00a3\u20ac\u00a5")
_NOT_YEAR_AFTER = re.compile(r"\s{0,2}(?:%|percent\b|per\s?cent\b)|[.,:][0-9]", re.I)


_NEXT_WORD = re.compile(r"\s{1,3}([A-Za-z]{1,20})")


def _year_kind(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    anchor = ctx.anchor
    if "year" in groups:
        y = int(groups["year"])
    else:
        y = _year(groups["year2"], anchor) if len(groups["year2"]) == 2 else int(groups["year2"])
    if start > 0 and ctx.text[start - 1] in _NOT_YEAR_BEFORE:
        return None
    if _NOT_YEAR_AFTER.match(ctx.text, end):
        return None
    if "mod" not in groups and "midmod" not in groups and end - start == 4:  # a bare number
        after = _NEXT_WORD.match(ctx.text, end)
        if _prev_word(ctx, start) in lx.NOT_YEAR_BEFORE or (after and after.group(1).lower() in lx.NOT_YEAR_AFTER):
            return None
    if not 1000 <= y <= 2199:
        return None
    return Resolution(year_value(y), mod=_mod(groups))


_UNIT_AFTER = re.compile(r"[\s-]{1,3}(?:years?|months?|days?|weeks?|hours?|people|dollars|times)\b", re.I)


_YEAR_PREFIX = re.compile(r"^(?:the\s{1,3})?year\s{1,3}", re.I)


def spoken_year(text: str) -> int | None:
    """"nineteen ninety-six" -> 1996, "nineteen oh five" -> 1905, "two thousand one" -> 2001."""
    k = key(text)
    if k.startswith("two thousand"):
        rest_text = k[len("two thousand"):].strip()
        if rest_text.startswith("and "):
            rest_text = rest_text[4:]
        rest = parse_number(rest_text) if rest_text else 0
        return 2000 + int(rest) if rest is not None and rest < 100 else None
    head, _, tail = k.partition(" ")
    hundreds = lx.YEAR_HUNDREDS.get(head)
    oh = tail.startswith("oh ")
    rest = parse_number(tail[3:] if oh else tail)
    if hundreds is None or rest is None or rest != int(rest):
        return None
    if (oh and not 1 <= rest <= 9) or (not oh and not 10 <= rest < 100):
        return None
    return hundreds * 100 + int(rest)


def _year_words(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    if _UNIT_AFTER.match(ctx.text, end):
        return None  # "two thousand years"
    text = ctx.text[start:end]
    if "mod" in groups or "midmod" in groups:
        text = text[len(groups.get("mod") or groups["midmod"]) :].lstrip(" -")
    y = spoken_year(_YEAR_PREFIX.sub("", text))
    if y is None:
        return None
    return Resolution(year_value(y), mod=_mod(groups))


def _year_end(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    return Resolution(year_value(ctx.anchor.year), mod="END", granularity=Granularity.YEAR)


def _full_year(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    year = ctx.anchor.year
    if "latest" in key(ctx.text[start:end]):
        year -= 1
    return Resolution(year_value(year), granularity=Granularity.YEAR)


def _decade(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    anchor = ctx.anchor
    if "decword" in groups:
        dec = lookup(lx.DECADE_WORDS, groups["decword"])
        if not isinstance(dec, int):
            return None
        cent = None
    else:
        dec = int(groups["dec"])
        cent = groups.get("cent")
    if cent is None:
        matched = ctx.text[start:end].lower()
        if "apos" not in groups and not matched.startswith("the") and "mod" not in groups \
                and "midmod" not in groups and "decword" not in groups:
            return None  # "in his 90s"
        c = anchor.year // 100
        if dec * 10 > anchor.year % 100 + 10:
            c -= 1
        cent = f"{c:02d}"
    return Resolution(f"{cent}{dec}", mod=_mod(groups), granularity=Granularity.DECADE)


def _century(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    n = lookup(lx.ORDINALS, groups["ord"])
    if not isinstance(n, int) or n < 1:
        return None
    return Resolution(f"{n - 1:02d}", mod=_mod(groups), granularity=Granularity.CENTURY)


def _quarter(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    anchor = ctx.anchor
    if "qcode" in groups:
        code = groups["qcode"].upper()
        half = code.startswith("H")
        n = int(code[1] if code[0] in "QH" else code[0])
    else:
        half = key(groups["qh"]) == "half"
        if "lastord" in groups:
            if not any(k in groups for k in ("year", "year2", "year3", "year4", "ofdir", "yeardir", "possdir")):
                return None  # "the last quarter": a relative period, not the fourth quarter
            n_obj: object = 2 if half else 4
        else:
            n_obj = lookup(lx.ORDINALS, groups["ord"])
        if not isinstance(n_obj, int):
            return None
        n = n_obj
    if not 1 <= n <= (2 if half else 4):
        return None
    per_year = 2 if half else 4
    letter = "H" if half else "Q"
    year_text = groups.get("year") or groups.get("year2") or groups.get("year3") or groups.get("year4")
    if year_text:
        y = _year(year_text, anchor)
    elif "ofdir" in groups or "yeardir" in groups or "possdir" in groups:
        word = key(groups.get("ofdir") or groups.get("yeardir") or groups.get("possdir", ""))
        y = anchor.year + {"last": -1, "next": 1}.get(word, 0)
    else:
        current = (anchor.month - 1) * per_year // 12 + 1
        tense = tense_at(ctx, start, end)
        if n > current and tense != FUTURE:
            y = anchor.year - 1
        elif n < current and tense == FUTURE and current - n >= 2:
            y = anchor.year + 1
        else:
            y = anchor.year
    if "yearago" in groups:
        y -= 1
    return Resolution(f"{y:04d}-{letter}{n}", mod=_mod(groups))


def _year_period(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    """"the 1988 quarter", "last year's period": the quarter under discussion, in that year."""
    anchor = ctx.anchor
    if "possdir" in groups:
        y = anchor.year + {"last": -1, "next": 1}.get(key(groups["possdir"]), 0)
    else:
        y = int(groups.get("year") or groups["year2"])
    unit = key(groups["unit"])
    ref = _reference_at(ctx, (Granularity.QUARTER, Granularity.HALF))
    if unit == "half":
        if ref is not None and "-H" in ref.value:
            return Resolution(f"{y:04d}{ref.value[4:]}", from_reference=True)
        return Resolution(year_value(y), granularity=Granularity.YEAR)
    if ref is not None and "-Q" in ref.value:
        return Resolution(f"{y:04d}{ref.value[4:]}", from_reference=True)
    return Resolution(year_value(y), granularity=Granularity.YEAR)


_PAST_WORDS = frozenset({"recent", "past", "last", "previous", "preceding", "prior", "this past",
                         "the past", "the last", "the previous"})


def _vague_ref(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    """"recent years", "the coming weeks", "the months ahead": PAST_REF / FUTURE_REF."""
    words = key(ctx.text[start:end]).split(" ")
    past = any(w in _PAST_WORDS for w in words)
    return Resolution("PAST_REF" if past else "FUTURE_REF", granularity=Granularity.NONE)


_OF_NOT_YEAR = re.compile(r"\s{1,3}of\s{1,3}(?![0-9]|nineteen|twenty|two\s)", re.I)


def _season(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    text = groups["season"]
    code = lookup(lx.SEASONS, text)
    if not isinstance(code, str):
        return None
    anchor = ctx.anchor
    if "year" in groups:
        return Resolution(f"{_year(groups['year'], anchor):04d}-{code}", mod=_mod(groups))
    if "yearw" in groups:
        y = spoken_year(groups["yearw"])
        return Resolution(f"{y:04d}-{code}", mod=_mod(groups)) if y else None
    if "yeardir" in groups:
        y = anchor.year + {"last": -1, "next": 1}.get(key(groups["yeardir"]), 0)
        return Resolution(f"{y:04d}-{code}", mod=_mod(groups))
    if key(text) in ("fall", "spring") and _OF_NOT_YEAR.match(ctx.text, end):
        return None  # "the fall of Ben Ali", "the spring of discontent"
    bare = "the" not in groups and "the0" not in groups and "dir" not in groups and "mod" not in groups and "midmod" not in groups
    if bare and (key(text) in ("fall", "spring") or _prev_word(ctx, start) not in _TIME_PREPOSITIONS):
        return None
    m0 = lx.SEASON_START_MONTH[code]
    cands = []
    for y in (anchor.year - 2, anchor.year - 1, anchor.year, anchor.year + 1):
        s = date(y, m0, 1)
        cands.append((s, add_months(s, 3), f"{y:04d}-{code}"))
    direction = lookup(lx.DIRECTIONS, groups.get("dir", ""))
    if direction == -1:
        done = [c for c in cands if c[1] <= anchor]
        return Resolution(done[-1][2], mod=_mod(groups))
    if direction == 1:
        ahead = [c for c in cands if c[0] > anchor]
        return Resolution(ahead[0][2], mod=_mod(groups))
    if direction == 0:
        return Resolution(_choose(cands, anchor, UNKNOWN) or "", mod=_mod(groups))
    value = _choose(cands, anchor, tense_at(ctx, start, end))
    return Resolution(value, mod=_mod(groups)) if value else None


def _unit(text: str) -> str | None:
    u = lookup(lx.UNIT_SPELLINGS, text)
    return u if isinstance(u, str) else None


_BEFORE_AFTER = re.compile(r"\s{1,3}(?:before|after|earlier|later)\b", re.I)
_ENDED = re.compile(r"\s{1,3}(?:ended|ending|ends|that\s{1,3}ended)\b", re.I)


def _weekend(anchor: date, weeks: int) -> str:
    saturday = anchor + timedelta(days=6 - anchor.isoweekday() + 7 * weeks)
    return f"{week_value(saturday)}-WE"


def _rel_period(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    unit = _unit(groups["unit"])
    if unit is None or unit not in lx.PERIOD_UNITS or groups["unit"].lower().endswith("s"):
        return None
    anchor = ctx.anchor
    mod = _mod(groups)
    if "dir" in groups:
        offset = lookup(lx.DIRECTIONS, groups["dir"])
        if not isinstance(offset, int):
            return None
    elif "latest" in groups:
        latest = key(groups["latest"])
        if latest == "same":
            return None
        offset = 0 if latest == "current" else -1
        if unit not in ("quarter", "week", "month"):
            return None
    else:  # "the year", "the quarter"
        if _BEFORE_AFTER.match(ctx.text, end):
            return None  # "the year before the war", "the week after Christmas": not this one
        if unit == "year" and _ENDED.match(ctx.text, end):
            return Resolution("P1Y", TimexType.DURATION, mod)
        offset = 0
        if unit == "quarter":
            offset = 0 if tense_at(ctx, start, end) == FUTURE else -1
        elif unit == "day":
            return None
    gran = lx.UNITS[unit][0]
    dir_key = key(groups.get("dir", ""))
    if unit == "quarter" and offset in (0, -1) and dir_key not in ("next", "last", "past", "the past", "the last"):
        ref = _reference_at(ctx, (Granularity.QUARTER,))
        if ref is not None:  # "the quarter", "this quarter": the one the report is about
            return Resolution(ref.value, mod=mod, from_reference=True)
    if dir_key in lx.ANAPHORIC_DIRECTIONS and unit != "weekend":
        ref = _reference_at(ctx, (Granularity.DAY, Granularity.WEEK, Granularity.MONTH,
                                  Granularity.QUARTER, Granularity.YEAR))
        if ref is not None:  # "the following year": after the year last mentioned
            base = _start_of(ref.value)
            if base is not None:
                return Resolution(value_at(shift(base, offset, gran), gran), mod=mod,
                                  granularity=gran, from_reference=True)
    if unit == "weekend":
        if "dir" not in groups:
            tense = tense_at(ctx, start, end)
            if tense == UNKNOWN:  # the nearer weekend, with the weekday's bias to the past
                back, ahead = anchor.isoweekday(), 6 - anchor.isoweekday()
                tense = PAST if back <= ahead + UNKNOWN_WEEKDAY_BIAS else FUTURE
            weeks = -1 if tense in (PAST, SINCE) and anchor.isoweekday() < 6 else 0
        else:
            weeks = offset
        return Resolution(_weekend(anchor, weeks), mod=mod, granularity=Granularity.WEEK)
    return Resolution(value_at(shift(anchor, offset, gran), gran), mod=mod, granularity=gran)


_OR_SO = re.compile(r"\s{1,3}or\s{1,3}(?:two|so|three|more)\b", re.I)


def _anaphoric(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    """"that day", "later that year", "the next morning": the time being narrated, i.e. the
    latest date of a fitting granularity found earlier in the text (for "the next/previous
    day", one day after/before it; with no such date, the anchor's day)."""
    if "aunit3" in groups:
        return _period_before_after(ctx, groups)
    unit = key(groups.get("aunit") or groups["aunit2"])
    step = lx.ANAPHORIC_STEPS.get(key(groups.get("astep", "")), 0)
    ref = ctx.latest(lx.ANAPHORIC_UNITS[unit])
    if "astep" in groups and _OR_SO.match(ctx.text, end):
        ref = None  # "in the next day or two": from now
    base = _start_of(ref.value.partition("T")[0]) if ref is not None else None
    if base is None:
        if "astep" not in groups:
            return None  # "that day" with nothing to refer to
        base = ctx.anchor
    day = base + timedelta(days=step)
    part = lookup(lx.PARTS_OF_DAY, unit)
    if isinstance(part, str):
        return Resolution(f"{day_value(day)}T{part}", TimexType.TIME, granularity=Granularity.TIME,
                          from_reference=ref is not None)
    if unit == "weekend":
        return Resolution(_weekend(day, 0), granularity=Granularity.WEEK, from_reference=True)
    gran = lx.UNITS[unit][0]
    return Resolution(value_at(day, gran), granularity=gran, from_reference=ref is not None)


def _period_before_after(ctx: Context, groups: Groups) -> Resolution | None:
    """"the year before", "the day after" ending a clause: the period before or after the
    latest date of a fitting granularity found earlier in the text; nothing to refer to, no
    timex (the anchor is not what such a phrase counts from)."""
    unit = key(groups["aunit3"])
    ref = ctx.latest(lx.ANAPHORIC_UNITS[unit])
    base = _start_of(ref.value.partition("T")[0]) if ref is not None else None
    if base is None:
        return None
    gran = lx.UNITS[unit][0]
    step = -1 if key(groups["aside"]) in ("before", "earlier") else 1
    return Resolution(value_at(shift(base, step, gran), gran), granularity=gran, from_reference=True)


def _start_of(value: str) -> date | None:
    """The first day of a calendar value (``1998``, ``1998-03``, ``1998-Q2``, ``1998-03-05``)."""
    m = re.fullmatch(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?|-Q([1-4])|-W([0-9]{2}))?", value)
    if m is None:
        return None
    y = int(m.group(1))
    if m.group(3):
        return date(y, int(m.group(2)), int(m.group(3)))
    if m.group(2):
        return date(y, int(m.group(2)), 1)
    if m.group(4):
        return date(y, 3 * int(m.group(4)) - 2, 1)
    if m.group(5):
        return date.fromisocalendar(y, int(m.group(5)), 1)
    return date(y, 1, 1)


def _reference_period(ctx: Context) -> Timex | None:
    """The latest quarter/half timex found so far in the text (what "a year earlier" in a
    company report refers back to)."""
    return ctx.latest((Granularity.QUARTER, Granularity.HALF))


def _reference_at(ctx: Context, grans: tuple[Granularity, ...]) -> Timex | None:
    """The latest directly resolved timex of one of these granularities."""
    return ctx.latest(grans)


def _shift_value(value: str, years: int) -> str | None:
    m = re.fullmatch(r"([0-9]{4})(-.*)?", value)
    if m is None:
        return None
    return f"{int(m.group(1)) + years:04d}{m.group(2) or ''}"


def _latest_period(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    """"the latest period" in a company report: the quarter (or half) it reports on; not a
    time expression when the text has named none."""
    ref = _reference_period(ctx)
    return Resolution(ref.value, from_reference=True) if ref is not None else None


def _year_ago(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    """"year-earlier", "the year-ago period": the period under discussion a year before."""
    unit = key(groups["unitadj"])
    anchor = ctx.anchor
    if unit == "year":
        ref = _reference_period(ctx)
        if ref is not None:
            shifted = _shift_value(ref.value, -1)
            if shifted:
                return Resolution(shifted, from_reference=True, trim_determiner=True)
        return Resolution(year_value(anchor.year - 1), granularity=Granularity.YEAR, trim_determiner=True)
    gran = Granularity.MONTH if unit == "month" else Granularity.QUARTER
    return Resolution(value_at(shift(anchor, -1, gran), gran), granularity=gran, trim_determiner=True)


_UNIT_CODES = {"second": "S", "minute": "M", "hour": "H", "day": "D", "night": "D", "week": "W",
               "month": "M", "year": "Y", "decade": "DE", "century": "CE", "millennium": "ML"}
_TIME_UNITS = frozenset({"second", "minute", "hour"})
#: How a fraction of a unit is spelled in the next smaller unit.
_SMALLER = {"year": ("month", 12), "decade": ("year", 10), "century": ("year", 100),
            "millennium": ("year", 1000), "week": ("day", 7), "day": ("hour", 24),
            "hour": ("minute", 60), "minute": ("second", 60), "quarter": ("month", 3)}


def duration_value(n: float | None, unit: str) -> str:
    """``P2Y``, ``PT48H``, ``P2Y6M`` (2.5 years), ``PXM`` (n unknown); quarters in months."""
    if unit == "quarter":
        if n is None:
            return "PXQ"
        n, unit = n * 3, "month"
    if unit == "fortnight":
        n, unit = (None if n is None else n * 2), "week"
    t = "T" if unit in _TIME_UNITS else ""
    if n is None:
        return f"P{t}X{_UNIT_CODES[unit]}"
    whole = int(n)
    frac = n - whole
    if frac and unit in _SMALLER:
        smaller, factor = _SMALLER[unit]
        rest = frac * factor
        if rest == int(rest):
            head = f"{whole}{_UNIT_CODES[unit]}" if whole else ""
            t2 = "T" if smaller in _TIME_UNITS and not t else ""
            return f"P{t}{head}{t2}{int(rest)}{_UNIT_CODES[smaller]}"
    num = f"{whole}" if not frac else f"{n:g}"
    return f"P{t}{num}{_UNIT_CODES[unit]}"


_RATE_BEFORE = re.compile(
    r"(?:[0-9%]|\b(?:percent|million|billion|thousand|hundred|times|once|twice|cents?|dollars?|"
    r"barrels|tons|people|each|share|points?)\b)[^.;:()]{0,30}$", re.I)
_NOT_RATE_BEFORE = re.compile(r"\b(?:for|in|within|after|over|during|about|than|of|last|past|next|since|until|by|before)\s{1,3}$", re.I)


def _is_rate(ctx: Context, start: int) -> bool:
    """Whether "a year" at ``start`` is a rate ("$5 million a year") rather than a length."""
    before = ctx.text[max(0, start - 40) : start]
    return bool(_RATE_BEFORE.search(before)) and not _NOT_RATE_BEFORE.search(before)


_OF = re.compile(r"\s{1,3}of\b", re.I)
_AGE = re.compile(r"[-\s]{1,3}old\b", re.I)


def _duration(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    unit = _unit(groups["unit"])
    if unit is None or unit == "weekend":
        return None
    mod = _mod(groups)
    if "vague" in groups or "num2" in groups or "num" not in groups:
        n: float | None = None
    else:
        n = parse_number(groups["num"])
        if n is None:
            return None
        num_key = key(groups["num"])
        if num_key in ("a", "an"):
            if unit == "second":
                return None
            if _is_rate(ctx, start):
                return Resolution(duration_value(1, unit), TimexType.SET)
        if n == 0 or (1800 <= n <= 2199 and groups["num"].isdigit()):
            return None  # "the 1988 second quarter": a year, not 1988 seconds
        if "andhalf" in groups:
            n += 0.5
        if unit == "quarter" and n <= 3 and _OF.match(ctx.text, end):
            return None  # "a quarter of the vote", "three quarters of them"
    if _AGE.match(ctx.text, end) or key(ctx.text[start:end]).endswith("-old"):
        return None  # an age: "37 years old", "a 6-year-old boy"
    if key(ctx.text[start:end]) == "one day" and _prev_word(ctx, start) in lx.MODALS:
        return Resolution("FUTURE_REF", TimexType.DATE, granularity=Granularity.NONE)  # "will one day be"
    if (n is not None and n == int(n) and mod is None and unit in _POINT_UNITS and "dir" not in groups
            and key(ctx.text[start:end]).split(" ")[0] not in lx.DETERMINERS - {"a", "an"}
            and _prev_word(ctx, start) in lx.FUTURE_POINT_PREPOSITIONS and not _span_before(ctx, start)
            and tense_at(ctx, start, end) == FUTURE):
        gran = lx.UNITS[unit][0]  # "will be redeemed in five years": a date ahead
        return Resolution(value_at(shift(ctx.anchor, int(n), gran), gran), TimexType.DATE, granularity=gran)
    return Resolution(duration_value(n, unit), TimexType.DURATION, mod, Granularity.NONE)


def _unit_long(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    """An adjective of length without a number: "a day-long meeting" (``P1D``), "a
    decades-long battle" (``PXDE``, how many is not said); the article is the noun's."""
    unit = _unit(groups["unit"])
    if unit is None or unit in ("weekend", "night"):
        return None
    plural = key(groups["unit"]) != unit
    return Resolution(duration_value(None if plural else 1, unit), TimexType.DURATION,
                      granularity=Granularity.NONE, trim_determiner=True)


_WORDS_BEFORE = re.compile(r"((?:[A-Za-z'-]{1,25}[\s,]{1,3}){1,5})$")


def _span_before(ctx: Context, start: int) -> bool:
    """Whether a superlative or "first"/"ever"... stands in the five words before ``start``."""
    m = _WORDS_BEFORE.search(ctx.text, max(0, start - 130), start)
    words = m.group(1).lower().replace(",", " ").split() if m else []
    return any(w in lx.SPAN_BEFORE_WORDS or (len(w) > 4 and w.endswith("est")) for w in words)


#: Units whose "in N units" (future) is a calendar date.
_POINT_UNITS = frozenset({"day", "week", "month", "year"})


def _offset(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    unit = _unit(groups["unit"])
    direction = lookup(lx.OFFSET_WORDS, groups["off"])
    if unit is None or not isinstance(direction, int) or unit == "weekend":
        return None
    mod = _mod(groups)
    if "num" not in groups:  # "several years ago", "years ago"
        return Resolution("PAST_REF" if direction < 0 else "FUTURE_REF", mod=mod)
    n = parse_number(groups["num"])
    if n is None:
        return None
    anchor = ctx.anchor
    steps = direction * int(n)
    if unit == "year" and n == 1:
        ref = _reference_period(ctx)
        if ref is not None:
            shifted = _shift_value(ref.value, steps)
            if shifted:
                return Resolution(shifted, mod=mod, from_reference=True)
    if unit in _TIME_UNITS or unit == "night":
        return Resolution(day_value(anchor), mod=mod, granularity=Granularity.DAY)
    gran = lx.UNITS[unit][0]
    if unit == "decade":
        return Resolution(year_value(anchor.year + 10 * steps), mod=mod, granularity=Granularity.YEAR)
    if unit == "century":
        return Resolution(year_value(anchor.year + 100 * steps), mod=mod, granularity=Granularity.YEAR)
    return Resolution(value_at(shift(anchor, steps, gran), gran), mod=mod, granularity=gran)


def _week_of(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    day = _resolve_day(ctx, start, end, groups)
    return Resolution(week_value(day), granularity=Granularity.WEEK) if day else None


def _day_before(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    """"the day before last Tuesday's hearing", "the night after Christmas"."""
    day = _resolve_day(ctx, start, end, groups)
    if day is None:
        return None
    day += timedelta(days=-1 if key(groups["rel"]) == "before" else 1)
    if key(groups["dayrel"]) == "night":
        return Resolution(f"{day_value(day)}TNI", TimexType.TIME, granularity=Granularity.TIME)
    return Resolution(day_value(day))


def _dayword(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    day = _resolve_day(ctx, start, end, groups)
    if day is None or _mod(groups) == "APPROX":
        return None
    part = lookup(lx.DAY_WORD_PARTS, groups["dw"])
    if isinstance(part, str):
        return Resolution(f"{day_value(day)}T{part}", TimexType.TIME, _mod(groups), Granularity.TIME)
    return Resolution(day_value(day), mod=_mod(groups))


def _weekday_kind(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    mod = _mod(groups)
    if mod == "APPROX":
        return None  # "get around Wednesday's ruling": a preposition, not a modifier
    if key(groups.get("dir", "")) in ("following", "previous", "preceding", "prior"):
        return None  # "following Tuesday's earthquake": a preposition; "the following Tuesday" is fine
    day = _weekday(ctx, start, end, groups["wd3"], groups.get("dir"), None)
    return Resolution(day_value(day), mod=mod)


def _ref(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    value = lookup(lx.REF_WORDS, groups["ref"])
    if not isinstance(value, str):
        return None
    return Resolution(value, granularity=Granularity.NONE)


def _set(ctx: Context, groups: Groups, start: int, end: int) -> Resolution | None:
    if "freq" in groups:
        value = lookup(lx.FREQUENCY_WORDS, groups["freq"])
        return Resolution(value, TimexType.SET) if isinstance(value, str) else None
    if "month" in groups:
        month = _month(groups["month"])
        return Resolution(f"XXXX-{month:02d}", TimexType.SET) if month else None
    part = lookup(lx.PARTS_OF_DAY, groups.get("part", ""))
    if "wd3" in groups or "weekdayplural" in groups:
        wd = lookup(lx.WEEKDAYS, groups.get("wd3") or groups["weekdayplural"][:-1])
        if not isinstance(wd, int):
            return None
        if "other" in key(ctx.text[start:end]).split(" "):
            return Resolution("P2W", TimexType.SET)  # "every other Monday"
        value = f"XXXX-WXX-{wd}" + (f"T{part}" if isinstance(part, str) else "")
        return Resolution(value, TimexType.SET)
    if "unit" not in groups:
        if isinstance(part, str):
            return Resolution(f"XXXX-XX-XXT{part}", TimexType.SET)
        return None
    unit = _unit(groups["unit"])
    if unit is None or unit == "weekend":
        return None
    n = parse_number(groups["num"]) if "num" in groups else 1.0
    if n is None:
        return None
    if "other" in key(ctx.text[start:end]).split(" "):
        n *= 2
    if unit == "second" and _WEEKDAY_AFTER.match(ctx.text, end):
        return None  # "every second Tuesday of the month"
    return Resolution(duration_value(n, unit), TimexType.SET)


_WEEKDAY_AFTER = re.compile(r"\s{1,3}(?:mon|tues|wednes|thurs|fri|satur|sun)day", re.I)


KINDS: dict[str, Callable[[Context, Groups, int, int], Resolution | None]] = {
    "time": _time,
    "date": _date,
    "month_year": _month_year,
    "holiday": _holiday,
    "year": _year_kind,
    "year_words": _year_words,
    "year_end": _year_end,
    "full_year": _full_year,
    "decade": _decade,
    "century": _century,
    "quarter": _quarter,
    "season": _season,
    "year_period": _year_period,
    "vague_ref": _vague_ref,
    "anaphoric": _anaphoric,
    "rel_period": _rel_period,
    "latest_period": _latest_period,
    "year_ago": _year_ago,
    "offset": _offset,
    "dayword": _dayword,
    "week_of": _week_of,
    "day_before": _day_before,
    "weekday": _weekday_kind,
    "ref": _ref,
    "duration": _duration,
    "unit_long": _unit_long,
    "set": _set,
}


#: A hyphenated or singular unit after a number makes an adjective: "five-year", "two day".
_ADJECTIVAL = re.compile(
    r"[-\u2010\u2013](?:year|month|week|day|hour|minute|quarter|decade|century)(?:[-\u2010\u2013](?:old|long|ago|earlier))?\b"
    r"|\b(?:two|three|four|five|six|seven|eight|nine|ten|[0-9]{1,3})\s{1,3}(?:year|month|week|day|hour|minute)\b(?!s)",
    re.I)


#: The word after an expression (one space or a line break away) and the expression's last word.
_FOLLOWING_WORD = re.compile(r"[ \t]?\n?[ \t]?([A-Za-z][A-Za-z'-]*)")
_LAST_WORD = re.compile(r"([A-Za-z]+)\W*$")
#: The word right before an expression, as written and not across a comma (unlike
#: :data:`_PREV_WORD`): "Party daily Granma" is a newspaper, "Party, daily Granma" is read as
#: the frequency.
_PREV_WORD_NO_COMMA = re.compile(r"([A-Za-z][A-Za-z'-]*)\s{1,3}$")
_NAME_WORDS = frozenset(lx.WEEKDAYS) | {"daily", "weekly", "night"}


def _in_name(ctx: Context, start: int, end: int) -> bool:
    """Whether the expression is part of a name or a noun: "The Sunday Times", "the Daily
    Mail", "Saturday Night Live" (a capitalised name head follows), or the newspaper noun
    "daily" before a title ("the Communist Party daily Granma", "French daily Le Figaro")."""
    last = _LAST_WORD.search(ctx.text, start, end)
    if last is None or last.group(1).lower() not in _NAME_WORDS:
        return False
    nxt = _FOLLOWING_WORD.match(ctx.text, end)
    if nxt is None or not nxt.group(1)[0].isupper():
        return False
    word = last.group(1)
    if word[0].isupper():
        head = nxt.group(1)
        if head == "Night" and word.lower() != "night":  # "Saturday Night Live"
            after = _FOLLOWING_WORD.match(ctx.text, nxt.end())
            head = after.group(1) if after is not None and after.group(1)[0].isupper() else ""
        return head.lower() in lx.NAME_HEADS and _prev_word(ctx, start) not in lx.NAME_HEAD_EXCEPTIONS
    if word in ("daily", "weekly") and last.start() == start:
        before = _PREV_WORD_NO_COMMA.search(ctx.text, max(0, start - 40), start)
        if before is None:
            return False
        b = before.group(1)
        # "the daily Kommersant", "French daily Le Figaro", "London-based daily Asharq";
        # not "their daily Ramadan [fast]", "With daily AK-47 fire"
        return b.lower() == "the" or b.lower().endswith("-based") or (
            b[0].isupper() and b.lower() not in lx.FUNCTION_WORDS)
    return False



def normalise(rule: Rule, groups: Groups, ctx: Context, start: int, end: int) -> Timex | None:
    """The timex for a match of ``rule`` at ``start:end``, or ``None`` if it is rejected."""
    if _in_name(ctx, start, end):
        return None
    try:
        res = KINDS[rule.kind](ctx, groups, start, end)
    except (ValueError, OverflowError, KeyError):
        return None
    if res is None or not is_valid_value(res.value):
        return None  # also what arithmetic beyond year 0 or 9999 would spell
    ttype = res.type or rule.type
    gran = res.granularity
    if res.trim_determiner or _ADJECTIVAL.search(ctx.text, start, end):
        first, sep, _rest = ctx.text[start:end].partition(" ")
        if sep and first.lower() in lx.DETERMINERS:
            start += len(first) + 1
            while start < end and ctx.text[start].isspace():
                start += 1
    if gran is None:
        gran = granularity_of_value(res.value) if ttype in (TimexType.DATE, TimexType.TIME) else Granularity.NONE
    timex = Timex(
        start=start,
        end=end,
        text=ctx.text[start:end],
        type=ttype,
        value=res.value,
        granularity=gran,
        anchor=ctx.anchor,
        mod=res.mod,
    )
    if not res.from_reference:
        ctx.remember(timex)
    ctx.saw(timex)
    return timex
