"""Sentence splitting with character spans.

Our own splitter, not pysbd or syntok: ``bench/sentences.py`` measures them, NLTK's
untrained Punkt and this one on Timeline17 (one sentence per line: a gold standard for
boundaries), on hand-made cases and on the sample corpus. Ingest needs about 100,000
sentences/s (2,000 Timeline17 articles/s on one core); syntok managed ~14,000 and pysbd, on
long texts, ~50, and neither was more accurate (boundary F1 on Timeline17: syntok 0.92,
pysbd 0.53, Punkt 0.95, this one 0.96; the table is in the README).

How it works (linear time: two passes of regular expressions without nested quantifiers,
and a dictionary look-up per candidate):

- every line break is a boundary (readers keep one paragraph per line, Timeline17 one
  sentence per line): one pass finds the lines, trimmed of surrounding whitespace;
- inside a line, a candidate boundary is ``.``, ``!``, ``?`` or ``…`` (repeated), perhaps
  closing quotes or brackets, whitespace, then perhaps opening quotes and an upper-case
  letter or a digit;
- ``!``, ``?``, ``…`` and a period after a word that is not an abbreviation end a sentence;
  after an abbreviation it depends on its class in :data:`ABBREVIATIONS`:

  ``title``   never a boundary (``Mr. Ostrander``, ``Dr. Varga``, ``St. Louis``);
  ``time``    a boundary unless a day, month, zone or ``today`` follows (``6 p.m. Tuesday``);
  ``other``   a boundary only before a word that typically starts a sentence
              (:data:`SENTENCE_STARTERS`: ``The``, ``He`` ...), so ``the U.S. Department``
              and ``Jan. 16`` stay whole while ``in the U.S. The`` splits.

  A single capital letter (an initial: ``Raymond T. Ostrander``) and dotted letters
  (``U.S``, ``D.C``, ``Ph.D``) are ``other``.
"""

from __future__ import annotations

import re

from dateline.model import Sentence

__all__ = ["ABBREVIATIONS", "SENTENCE_STARTERS", "sentence_spans", "split_sentences"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Abbreviation (without its final period) → class (see the module docstring).
ABBREVIATIONS: dict[str, str] = {
    **dict.fromkeys(
        _words(
            "Mr Mrs Ms Messrs Mmes Dr Drs Prof Rev Fr Sen Sens Rep Reps Gov Govs Gen Lt Col Maj"
            " Capt Cpt Sgt Cpl Pvt Adm Cmdr Cdr Brig Supt Insp Det Hon Pres Atty Amb Gens"
            " St Ste Mt Ft Pt vs v"  # Dr: also Drive, but Doctor (never a boundary) is the common case
        ),
        "title",
    ),
    **dict.fromkeys(_words("a.m p.m A.M P.M"), "time"),
    **dict.fromkeys(
        _words(
            "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec"
            " Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun"
            " Inc Corp Co Cos Ltd Bros Assn Dept Univ Gov't Jr Sr Esq"
            " No Nos Vol Vols Fig Figs pp Ch Art Sec Para Ex"
            " Ave Blvd Rd Hwy Rte Pl Sq Ln Ct Cir Pkwy"
            " Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Kans Ky La Md Mass Mich"
            " Minn Miss Mo Mont Neb Nev Okla Ore Pa Penn Tenn Tex Va Vt Wash Wis Wyo"
            " etc e.g i.e cf al approx est ca min max mln bn"
        ),
        "other",
    ),
}

#: Words that typically start a sentence: after an ``other`` abbreviation a boundary is
#: assumed only before one of these.
SENTENCE_STARTERS = _words(
    "The A An He She It They We I You His Her Its Their Our My Your This That These Those"
    " There Here But And Or So Yet Still However Meanwhile Instead Also Then Now Later"
    " Earlier In On At By For From With Without After Before During While When Where Why"
    " How What Who Which If Although Though Because Since Until As Some Many Most Several"
    " Few Both Each Every All No None Police Officials Authorities Residents Critics"
)

#: After a time abbreviation (``p.m.``) these continue the same sentence.
TIME_FOLLOWERS = _words(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mon Tue Wed Thu Fri Sat Sun"
    " January February March April May June July August September October November December"
    " Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Today Tonight Tomorrow Yesterday"
    " ET EST EDT CT CST CDT MT MST MDT PT PST PDT GMT BST UTC CET CEST"
)

# A line trimmed of surrounding white space (never empty, never holds a line break).
_LINE = re.compile(r"[^\s](?:[^\n]*[^\s])?")
# A candidate boundary inside a line: sentence-final punctuation, closing quotes/brackets
# (also PTB ``''`` and ``-RRB-``, which tokenized text such as Timeline17 puts after a
# space), spaces, then opening quotes/brackets (also PTB `` and -LRB-) before an upper-case
# letter or a digit. It never crosses a line break and always ends before a non-space
# character. It is matched against the text with ``!``, ``?`` and ``…`` turned into ``.``
# (:data:`_AS_PERIOD`; same length, same offsets): a pattern that starts with one literal
# character is searched for several times faster than one that starts with a character set.
#
# Linear on any input: the period run starts at its first period (the look-behind) and is
# taken whole (``*+``), the closers cannot be split two ways (``''`` only after a space: two
# single quotes are two closers), and the spaces are taken whole (``++``); none of these
# ever needed to give characters back, since what follows each cannot start with them.
# (With ``\.\.*``, ``[ \t]?''`` and ``[ \t]+`` a run of periods or spaces took quadratic
# time and a run of quotes exponential time.)
_CANDIDATE = re.compile(
    r"(\.(?<!\.\.)\.*+)((?:['\"”’)\]]|[ \t]''|[ \t]-RRB-)*+)([ \t\u00a0]++)"
    r"(?=(?:``|-LRB-|['\"“‘(\[])?[ \t]*([A-Z0-9]))"
)
_AS_PERIOD = str.maketrans("!?…", "...")
#: The word after a candidate (read only when an abbreviation makes it matter).
_NEXT_WORD = re.compile(r"[A-Z0-9][\w'’.-]*")
_DOTTED = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")
_OPENERS = "\"'“‘([`"
_LONGEST_TOKEN = 64  # characters before a period that can make an abbreviation


def _is_boundary(text: str, punct_start: int, punct_end: int, word_start: int) -> bool:
    """Whether the candidate whose punctuation is ``text[punct_start:punct_end]`` and whose
    next word starts at ``word_start`` ends a sentence."""
    if punct_end - punct_start != 1 or text[punct_start] != "." or punct_start == 0 or text[punct_start - 1].isspace():
        return True  # "!", "?", "…", "..", or a period after a space (tokenized text: "said .")
    low = max(0, punct_start - _LONGEST_TOKEN)  # bounded: no backward scan over a whole text
    space = text.rfind(" ", low, punct_start)
    token = text[space + 1 if space >= 0 else low : punct_start]
    if space < 0 and low > 0 and "\n" not in token:
        return True  # a word this long is no abbreviation
    if "\n" in token:
        token = token.rpartition("\n")[2]
    token = token.lstrip(_OPENERS)
    if not token:
        return True
    kind = ABBREVIATIONS.get(token)
    if kind is None:
        if (len(token) == 1 and token.isupper()) or _DOTTED.fullmatch(token):
            kind = "other"
        else:
            return True
    if kind == "title":
        return False
    word = _NEXT_WORD.match(text, word_start)
    next_word = word.group().rstrip(".'’-") if word else ""
    if kind == "time":
        return next_word not in TIME_FOLLOWERS
    return next_word in SENTENCE_STARTERS


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``text``; no span holds leading or trailing
    whitespace, spans are in order and do not overlap."""
    lines = [m.span() for m in _LINE.finditer(text)]
    scan = text.translate(_AS_PERIOD) if "!" in text or "?" in text or "…" in text else text
    cuts: list[int] = []
    for m in _CANDIDATE.finditer(scan):
        if _is_boundary(text, m.start(1), m.end(1), m.start(4)):
            cuts += m.end(2), m.end(3)
    if not cuts:
        return lines
    # Each cut (end of one sentence, start of the next) lies strictly inside one trimmed
    # line, and cuts do not overlap, so the sorted end points pair up into the sentences.
    points = [p for span in lines for p in span]
    points.extend(cuts)
    points.sort()
    pairs = iter(points)
    return list(zip(pairs, pairs, strict=True))


def split_sentences(article_id: str, text: str) -> tuple[Sentence, ...]:
    """The sentences of an article body, indexed from 0, with spans into ``text``."""
    return tuple([Sentence(article_id, i, s, e, text[s:e]) for i, (s, e) in enumerate(sentence_spans(text))])
