"""The engine: finds time-expression spans and hands them to the normaliser.

1. One compiled *trigger* regex (a trie of the lexicon's head words, plus digits) scans the
   text once. Nearly all text is skipped here.
2. Around each trigger, the engine walks back over at most a few words that may open an
   expression ("the", "last", "early", "more than", numbers ...), giving candidate starts.
3. At each candidate start one *master* regex is tried: every grammar rule sits in its
   own lookahead group, so a single call tells which rules match there and where each
   ends. Options are ordered longest first (rule order breaks ties) and the first one the
   normaliser accepts becomes a timex.

Rules are bounded (see :mod:`dateline.timex.grammar`), each trigger costs a bounded number
of regex calls, and triggers inside an accepted span are skipped, so tagging is linear in
the length of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from dateline.errors import DatelineError
from dateline.model import Timex
from dateline.timex import lexicon as lx
from dateline.timex.grammar import RULES, Rule, expand

__all__ = ["AnchorError", "Stats", "tag"]

#: Most words the engine walks back over from a trigger.
MAX_LEFT_WORDS = 6


class AnchorError(DatelineError):
    """The anchor is not a usable date."""


@dataclass(slots=True)
class Stats:
    """Work counters of one :func:`tag` call (used to show that the work is linear)."""

    triggers: int = 0
    regex_calls: int = 0


@dataclass(frozen=True, slots=True)
class _Compiled:
    master: re.Pattern[str]
    trigger: re.Pattern[str]
    rules: tuple[Rule, ...]
    wrappers: tuple[int, ...]  # group index of each rule's wrapper group
    groups: tuple[tuple[tuple[str, int], ...], ...]  # per rule: (local name, group index)
    left_words: frozenset[str]


_GROUP_NAME = re.compile(r"\(\?P<([a-z0-9_]+)>")


def _trie_regex(words: set[str]) -> str:
    """A regex alternation of ``words`` factored as a character trie, so the regex engine
    decides on each character once instead of trying every word."""
    trie: dict[str, dict] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        ends = "" in node
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return emit(trie)


def _head_words() -> set[str]:
    """Words that can be the head of a time expression (what the trigger scan looks for)."""
    heads: set[str] = set()
    tables = (lx.MONTHS, lx.WEEKDAYS, lx.SEASONS, lx.PARTS_OF_DAY, lx.NAMED_TIMES,
              lx.DECADE_WORDS, lx.FREQUENCY_WORDS, lx.UNIT_SPELLINGS)
    for table in tables:
        heads.update(k.rstrip(".") for k in table)
    for phrase in (*lx.DAY_WORDS, *lx.REF_WORDS, *lx.HOLIDAYS):
        heads.add(phrase.split(" ")[-1].rstrip("."))
    heads.update(k for k in lx.CARDINALS if " " not in k and k not in ("a", "an"))
    heads.update(("term", "half"))
    heads.update(w.split("-")[0] for w in lx.CARDINALS)
    heads.update(w.replace("'s", "") for w in heads.copy() if "'" in w)
    heads.update(("weekday", "weekdays", "mondays", "tuesdays", "wednesdays", "thursdays",
                  "fridays", "saturdays", "sundays", "christmas", "easter", "thanksgiving",
                  "halloween", "eve", "once", "twice"))
    return {h.lower() for h in heads if h and h not in ("a", "an")}


def _left_words() -> frozenset[str]:
    """Words that may open an expression before its head ("the", "last", "more than" ...)."""
    words: set[str] = {
        "the", "of", "fiscal", "calendar", "other", "once", "twice", "times", "latest",
        "same", "most", "recent", "first", "final", "initial", "remaining", "entire", "full",
        "each", "every", "per", "its", "their", "his", "her", "more", "additional", "long",
        "and", "mid", "model", "school", "financial", "at", "on", "straight", "consecutive",
        "trading", "business", "year", "that", "yesterday", "tomorrow", "today", "tonight",
        "half", "year-ago", "year-earlier", "comparable", "corresponding", "our", "your",
    }
    for table in (lx.DIRECTIONS, lx.DATE_MODIFIERS, lx.QUANTITY_MODIFIERS, lx.CARDINALS,
                  lx.ORDINALS, lx.WEEKDAYS, lx.REF_WORDS, lx.HOLIDAYS, lx.DAY_WORDS,
                  lx.YEAR_HUNDREDS):
        for phrase in table:
            words.update(w.rstrip(".") for w in phrase.split(" "))
    words.update(lx.VAGUE_QUANTITIES)
    for phrase in lx.VAGUE_QUANTITIES:
        words.update(phrase.split(" "))
    words.update(lx.SET_QUANTIFIERS)
    words.update(lx.TENS)
    return frozenset(w.lower() for w in words if w)


@cache
def _compiled() -> _Compiled:
    parts: list[str] = []
    for i, rule in enumerate(RULES):
        body = _GROUP_NAME.sub(lambda m, i=i: f"(?P<g{i}_{m.group(1)}>", expand(rule.template))
        parts.append(rf"(?:(?=(?P<R{i}>{body})(?![\w\u00c0-\uffff]))|)")
    master = re.compile("".join(parts), re.IGNORECASE)
    index = master.groupindex
    wrappers = tuple(index[f"R{i}"] for i in range(len(RULES)))
    groups = tuple(
        tuple((name.split("_", 1)[1], gi) for name, gi in sorted(index.items(), key=lambda kv: kv[1])
              if name.startswith(f"g{i}_"))
        for i in range(len(RULES))
    )
    trigger = re.compile(
        r"(?<![\w'\u2019])(?:" + _trie_regex(_head_words()) + r")(?![\w])|(?<![\w.,])[0-9]|['\u2019][0-9]{2}s",
        re.IGNORECASE,
    )
    return _Compiled(master, trigger, RULES, wrappers, groups, _left_words())


_TOKEN_BEFORE = re.compile(r"[\"'(\[\u201c\u2018`]{0,3}(\S{1,40})\s{1,3}$")
_TOKEN_START = re.compile(r"\S{1,40}$")
_NUMERIC = re.compile(r"[0-9][0-9,.:/]{0,12}")


def _candidates(text: str, ts: int, floor: int, left: frozenset[str], stats: Stats) -> list[int]:
    """Candidate starts for a trigger at ``ts``: the trigger, the start of the word it sits
    in ("mid-1990s"), and the starts of up to MAX_LEFT_WORDS opening words before it."""
    starts = [ts]
    lo = max(floor, ts - 40)
    if ts > lo and not text[ts - 1].isspace():
        stats.regex_calls += 1
        m = _TOKEN_START.search(text, lo, ts)
        if m and (m.start() == 0 or text[m.start() - 1].isspace()) and m.start() >= floor:
            starts.append(m.start())
    pos = starts[-1]
    for _ in range(MAX_LEFT_WORDS):
        lo = max(floor, pos - 44)
        if pos <= lo:
            break
        stats.regex_calls += 1
        m = _TOKEN_BEFORE.search(text, lo, pos)
        if m is None:
            break
        s = m.start(1)
        if m.start() > 0 and not text[m.start() - 1].isspace():
            break
        word = m.group(1).lower().rstrip(",")
        if word not in left and not _NUMERIC.fullmatch(word):
            break
        starts.append(s)
        pos = s
    return starts


def _as_day(anchor: date | datetime) -> date:
    if isinstance(anchor, datetime):
        return anchor.date()
    if isinstance(anchor, date):
        return anchor
    raise AnchorError(
        f"anchor must be a datetime.date or datetime.datetime (the publication date), got {type(anchor).__name__} {anchor!r}"
    )


def tag(text: str, anchor: date | datetime, stats: Stats | None = None) -> list[Timex]:
    """All time expressions of ``text``, resolved against ``anchor``; sorted, non-overlapping."""
    from dateline.timex.normalise import Context, normalise

    if not isinstance(text, str):
        raise DatelineError(f"text to tag must be a str, got {type(text).__name__}")
    day = _as_day(anchor)
    if stats is None:
        stats = Stats()
    comp = _compiled()
    out: list[Timex] = []
    last_end = 0
    ctx = Context(text=text, anchor=day, history=out)
    master, regs_of = comp.master, comp.wrappers
    for tm in comp.trigger.finditer(text):
        ts = tm.start()
        if ts < last_end:
            continue
        stats.triggers += 1
        options: list[tuple[int, int, int]] = []  # (-end, start, rule index)
        matches: dict[int, re.Match[str]] = {}
        for start in _candidates(text, ts, last_end, comp.left_words, stats):
            stats.regex_calls += 1
            m = master.match(text, start)
            if m is None:
                continue
            matches[start] = m
            regs = m.regs
            for i, gi in enumerate(regs_of):
                end = regs[gi][1]
                if end > ts and regs[gi][0] >= 0:
                    options.append((-end, start, i))
        if not options:
            continue
        # The match reaching furthest right wins, then the one starting furthest left
        # (so "the Aug. 7 blast" gives "Aug. 7", not "the Aug."), then rule order.
        options.sort()
        for neg_end, start, i in options:
            end = -neg_end
            m = matches[start]
            groups = {name: m.group(gi) for name, gi in comp.groups[i] if m.group(gi) is not None}
            rule = comp.rules[i]
            resolved = normalise(rule, groups, ctx, start, end)
            if resolved is None:
                continue
            out.append(resolved)
            last_end = resolved.end
            break
    return out
