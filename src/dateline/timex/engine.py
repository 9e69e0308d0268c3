"""The engine: finds time-expression spans and hands them to the normaliser.

1. One compiled, case-sensitive *trigger* regex (a character trie of the lexicon's head
   words in lower, Capitalised and UPPER spelling, plus digits) scans the text once.
   Nearly all text is skipped here.
2. Around each trigger, the engine walks back over at most
   :attr:`~dateline.timex.policy.Policy.max_left_words` words that may open an expression
   ("the", "last", "early", "more than", numbers ...), giving candidate starts.
3. At each candidate start one *master* regex is tried, chosen by the trigger word: the
   rules that can contain that word (grouped by lexicon table, a few dozen masters in all),
   each in its own lookahead group, so a single call tells which rules match there and where
   each ends. Options are ordered by furthest end, then leftmost start, then rule order, and
   the first one the normaliser accepts becomes a timex.

Rules are bounded (see :mod:`dateline.timex.grammar`), each trigger costs a bounded number
of regex calls, a start already tried with the same master is not tried again, and
triggers inside an accepted span are skipped, so tagging is linear in the length of the
text.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from dateline.errors import DatelineError
from dateline.model import Timex
from dateline.timex import lexicon as lx
from dateline.timex.context import Context
from dateline.timex.days import coordinated_day
from dateline.timex.grammar import MACRO_TABLES, Rule, expand, trie_regex, words_of
from dateline.timex.normalise import normalise
from dateline.timex.policy import DEFAULT_POLICY, Policy
from dateline.timex.rules import RULES

__all__ = ["SECOND_DAY", "AnchorError", "Stats", "explain", "tag", "warm_up"]

_log = logging.getLogger(__name__)


class AnchorError(DatelineError):
    """The anchor is not a usable date."""


@dataclass(slots=True)
class Stats:
    """Work counters of one :func:`tag` call (used to show that the work is linear)."""

    triggers: int = 0
    regex_calls: int = 0
    #: Matches dropped because their normaliser raised (a bug in the tagger: logged, and the
    #: match skipped rather than failing the whole text; tests assert it stays 0).
    errors: int = 0


@dataclass(frozen=True, slots=True)
class _Master:
    """One master regex over a subset of the rules (those that can cover a trigger class)."""

    pattern: re.Pattern[str]
    rules: tuple[Rule, ...]
    wrappers: tuple[int, ...]  # group index of each rule's wrapper group
    groups: tuple[tuple[tuple[str, int], ...], ...]  # per rule: (local name, group index)


@dataclass(frozen=True, slots=True)
class _Compiled:
    trigger: re.Pattern[str]
    rule_words: tuple[frozenset[str], ...]  # per rule: the words it can match
    left_words: frozenset[str]


_GROUP_NAME = re.compile(r"\(\?P<([a-z0-9_]+)>")


def _head_words() -> set[str]:
    """Words that can be the head of a time expression (what the trigger scan looks for).

    Number words are not heads (they come before one: "two [weeks]", "four in the
    [morning]"); the engine reaches them by walking back from the head, so "one of the"
    costs nothing. Spoken years start with a head of their own ("nineteen", "thousand").
    """
    heads: set[str] = set()
    tables = (lx.MONTHS, lx.WEEKDAYS, lx.SEASONS, lx.PARTS_OF_DAY, lx.NAMED_TIMES,
              lx.DECADE_WORDS, lx.FREQUENCY_WORDS, lx.UNIT_SPELLINGS, lx.YEAR_HUNDREDS)
    for table in tables:
        heads.update(k.rstrip(".") for k in table)
    for phrase in (*lx.DAY_WORDS, *lx.REF_WORDS, *lx.HOLIDAYS):
        heads.add(phrase.split(" ")[-1].rstrip("."))
    heads.update(w.replace("'s", "") for w in heads.copy() if "'" in w)
    heads.update(lx.EXTRA_HEADS)
    return {h.lower() for h in heads if h}


def _left_words() -> frozenset[str]:
    """Words that may open an expression before its head ("the", "last", "more than" ...)."""
    words: set[str] = set(lx.OPENING_WORDS)
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


_MACRO_USE = re.compile(r"\{([A-Z][A-Z0-9]*)(?::[a-z0-9_]+)?\}")
_LITERAL_WORD = re.compile(r"[a-z]{2,}")
_DIGIT_PATTERN = re.compile(r"\[[0-9]|\\d")
_DIGIT = frozenset({"<digit>"})


def _rule_words(rule: Rule) -> frozenset[str]:
    """Every word a rule can match (a superset): the words of the lexicon tables behind its
    macros, the literal words of its regex, and "<digit>" if it matches digits. Only rules
    whose words include a trigger's word are tried for that trigger. A rule that names its
    ``heads`` is tried only for the words of those macros: the trigger scan meets its head
    before the rest ("night" in "the night of Friday, Oct. 23"), so the later words need not
    try it again."""
    if rule.heads:
        return frozenset().union(*(words_of(t) for name in rule.heads for t in MACRO_TABLES[name]))
    regex = expand(rule.template)
    words: set[str] = set(_LITERAL_WORD.findall(regex.lower()))
    for name in _MACRO_USE.findall(rule.template):
        for table in MACRO_TABLES.get(name, ()):
            words |= words_of(table)
    if _DIGIT_PATTERN.search(regex):
        words |= _DIGIT
    return frozenset(words)


@cache
def _compiled() -> _Compiled:
    heads = _head_words()
    # Case-sensitive with explicit lower/Capitalised/UPPER spellings: several times faster
    # than re.IGNORECASE for a scan that looks at every character of the text.
    spellings = {v for w in heads for v in (w, w.capitalize(), w.upper())}
    assert all(w[:1].isalnum() for w in spellings)  # so that \b below means "not inside a word"
    trigger = re.compile(
        # Not inside a word, nor after a word's apostrophe ("o'clock"); after an opening
        # quote is fine ("'Tomorrow ..."). One \b in front of the alternatives rather than a
        # lookbehind in each: about 15% less scanning time, the same matches.
        r"\b(?:(?<!\w['\u2019])" + trie_regex([re.escape(ch) for ch in w] for w in spellings)
        + r"(?!\w)|[QH][1-4](?!\w)|(?<![.,/:])[0-9])|['\u2019][0-9]{2}s"
    )
    return _Compiled(trigger, tuple(_rule_words(r) for r in RULES), _left_words())


@cache
def _master(rule_indices: tuple[int, ...]) -> _Master:
    """The master regex of these rules: each rule in its own lookahead group, so one call
    at a position tells which of them match there and where each ends."""
    parts: list[str] = []
    for i in rule_indices:
        body = _GROUP_NAME.sub(rf"(?P<g{i}_\1>", expand(RULES[i].template))
        parts.append(rf"(?:(?=(?P<R{i}>{body})(?![\w\u00c0-\uffff]))|)")
    pattern = re.compile("".join(parts), re.IGNORECASE)
    index = pattern.groupindex
    groups = tuple(
        tuple((name.split("_", 1)[1], gi) for name, gi in sorted(index.items(), key=lambda kv: kv[1])
              if name.startswith(f"g{i}_"))
        for i in rule_indices
    )
    return _Master(pattern, tuple(RULES[i] for i in rule_indices),
                   tuple(index[f"R{i}"] for i in rule_indices), groups)


@cache
def _word_groups() -> dict[str, tuple[int, ...]]:
    """For each word some rule can match, the rules to try when it is a trigger.

    Words are grouped by the lexicon tables they belong to (all month names together, all
    weekdays together ...) and a group tries the union of its words' rules: a superset, so
    nothing is lost, and a few dozen master regexes to compile instead of one per word."""
    comp = _compiled()
    table_words = [(name, words_of(table)) for name, tables in MACRO_TABLES.items() for table in tables]
    groups: dict[tuple[str, ...], set[str]] = {}
    triggers = {_trigger_word(w) for w in _head_words()} | {"<digit>"}
    for word in triggers:
        key = tuple(sorted({name for name, words in table_words if word in words})) or (word,)
        groups.setdefault(key, set()).add(word)
    out: dict[str, tuple[int, ...]] = {}
    for words in groups.values():
        rules = tuple(i for i, rw in enumerate(comp.rule_words) if rw & words)
        out.update(dict.fromkeys(words, rules))
    return out


def _master_for(word: str) -> _Master | None:
    """The master regex of the rules that can contain the trigger ``word`` ("<digit>")."""
    rules = _word_groups().get(word)
    return _master(rules) if rules else None


@cache
def _master_for_token(token: str) -> _Master | None:
    """:func:`_master_for` of the trigger token as spelt in a text ("Monday", "MONDAY", "2"),
    memoised: the trigger regex matches a finite set of strings (head words in three
    spellings, one digit, "'90s", "Q1" ...), so the memo stays small whatever the text."""
    return _master_for(_trigger_word(token))


def warm_up() -> int:
    """Compile every master regex now rather than on first use (benchmarks call this so
    that one-time compilation is not counted as tagging time). Returns how many."""
    return len({_master(rules) for rules in _word_groups().values() if rules})


def _trigger_word(token: str) -> str:
    first = token[:1]
    if first.isdigit() or first in "'\u2019" or (first in "QH" and token[1:2].isdigit()):
        return "<digit>"
    word = token.lower().replace("\u2019", "'")
    return word.replace("'s", "").rsplit("'", 1)[-1]  # "o'clock" -> "clock"


_TOKEN_BEFORE = re.compile(r"[\"'(\[\u201c\u2018`]{0,3}(\S{1,40})\s{1,3}$")
_TOKEN_START = re.compile(r"\S{1,40}$")
_NUMERIC = re.compile(r"[0-9][0-9,.:/]{0,12}")


def _candidates(text: str, ts: int, floor: int, left: frozenset[str], stats: Stats,
                tried: dict[int, _Master], master: _Master, max_left: int) -> Iterator[int]:
    """Candidate starts for a trigger at ``ts``: the trigger, the start of the word it sits
    in ("mid-1990s"), and the starts of up to ``max_left`` opening words before it.

    The walk stops at a start already tried with the same master regex: every start
    before it was tried then too (an earlier trigger walked back over the same words), and
    its matches were all rejected, so trying again cannot change anything. This keeps
    "1 1 1 1 ..." at a constant number of regex calls per trigger.
    """
    yield ts
    pos = ts
    lo = max(floor, ts - 40)
    if ts > lo and not text[ts - 1].isspace():
        stats.regex_calls += 1
        m = _TOKEN_START.search(text, lo, ts)
        if m and (m.start() == 0 or text[m.start() - 1].isspace()) and m.start() >= floor:
            pos = m.start()
            yield pos
    for _ in range(max_left):
        lo = max(floor, pos - 44)
        if pos <= lo:
            return
        stats.regex_calls += 1
        m = _TOKEN_BEFORE.search(text, lo, pos)
        if m is None:
            return
        s = m.start(1)
        if m.start() > 0 and not text[m.start() - 1].isspace():
            return
        word = m.group(1).lower().rstrip(",")
        if (word not in left and not _NUMERIC.fullmatch(word)) or tried.get(s) is master:
            return
        yield s
        pos = s


def _as_day(anchor: date | datetime) -> date:
    if isinstance(anchor, datetime):
        return anchor.date()
    if isinstance(anchor, date):
        return anchor
    raise AnchorError(
        f"anchor must be a datetime.date or datetime.datetime (the publication date), got {type(anchor).__name__} {anchor!r}"
    )


#: The name :func:`explain` gives the second day of a coordination ("April 24 and [25]"),
#: which no rule matches: it is found after the first day's timex.
SECOND_DAY = "second_day"


def explain(text: str, anchor: date | datetime, policy: Policy = DEFAULT_POLICY) -> list[tuple[Timex, str]]:
    """:func:`tag`, each timex with the name of the rule that produced it
    (:data:`SECOND_DAY` for the second day of a coordination)."""
    rules: list[str] = []
    found = _tag(text, anchor, Stats(), policy, rules)
    return list(zip(found, rules, strict=True))


def tag(text: str, anchor: date | datetime, stats: Stats | None = None,
        policy: Policy = DEFAULT_POLICY) -> list[Timex]:
    """All time expressions of ``text``, resolved against ``anchor``; sorted, non-overlapping."""
    return _tag(text, anchor, Stats() if stats is None else stats, policy, None)


def _tag(text: str, anchor: date | datetime, stats: Stats, policy: Policy,
         rules: list[str] | None) -> list[Timex]:
    """:func:`tag`; with ``rules``, the name of each timex's rule is appended to it."""
    if not isinstance(text, str):
        raise DatelineError(f"text to tag must be a str, got {type(text).__name__}")
    day = _as_day(anchor)
    comp = _compiled()
    out: list[Timex] = []
    last_end = 0
    if not isinstance(policy, Policy):
        raise DatelineError(f"policy must be a dateline.timex.policy.Policy, got {type(policy).__name__}")
    ctx = Context(text=text, anchor=day, policy=policy)
    max_left = policy.max_left_words
    tried: dict[int, _Master] = {}  # start -> the master regex last tried there
    for tm in comp.trigger.finditer(text):
        ts = tm.start()
        if ts < last_end:
            continue
        master = _master_for_token(tm.group(0))
        if master is None:
            continue
        stats.triggers += 1
        options: list[tuple[int, int, int]] = []  # (-end, start, rule index in master)
        matches: dict[int, re.Match[str]] = {}
        for start in _candidates(text, ts, last_end, comp.left_words, stats, tried, master, max_left):
            if tried.get(start) is master:
                continue
            tried[start] = master
            stats.regex_calls += 1
            m = master.pattern.match(text, start)
            if m is None or m.lastindex is None:  # no rule matches here
                continue
            matches[start] = m
            regs = m.regs
            last = m.lastindex  # the wrapper of the last rule that matched closed last
            for i, gi in enumerate(master.wrappers):
                if gi > last:
                    break
                end = regs[gi][1]
                if end > ts and regs[gi][0] >= 0:
                    options.append((-end, start, i))
        if not options:
            continue
        # The match reaching furthest right wins, then the one starting furthest left
        # (so "the Aug. 7 blast" gives "Aug. 7", not "the Aug."), then rule order.
        options.sort()
        for neg_end, start, i in options:
            m = matches[start]
            groups = {name: g for name, gi in master.groups[i] if (g := m.group(gi)) is not None}
            try:
                resolved = normalise(master.rules[i], groups, ctx, start, -neg_end)
            except Exception:  # a tagger bug must not cost the caller the whole text
                stats.errors += 1
                _log.warning("timex rule %s failed on %r (anchor %s); match skipped",
                             master.rules[i].name, text[start:-neg_end], day, exc_info=True)
                continue
            if resolved is None:
                continue
            out.append(resolved)
            last_end = resolved.end
            second = coordinated_day(ctx, resolved)  # "April 24 [and 25]"
            if second is not None:
                out.append(second)
                last_end = second.end
            if rules is not None:
                rules.append(master.rules[i].name)
                if second is not None:
                    rules.append(SECOND_DAY)
            break
    return out
