"""One entity, many names: canonical names and the rules that find them.

The rules, in the order they apply:

1. **Cleaning a mention** (:func:`clean`): a leading article is dropped ("the United States
   Air Force"), a possessive ("de Blasio's", "Boeing ' s"), surrounding punctuation and
   quotes, bracket tokens of tokenised text (``-LRB-``), spaces collapsed; a person's
   leading titles and honorifics ("Mayor", "Mr.", "Gov.": ``data/titles.txt``; an office
   ending in one: "Public Works Director") and an organisation's trailing corporate
   suffixes ("Inc.", "Corp": ``data/corporate.txt``) are stripped. A span with no letter,
   in which every word is lower case, with an address in it ("www.x.gov/Name"), or of
   three or more words in capitals (an all-caps headline), is not a name.
2. **Within one article** (:func:`resolve_document`): an acronym defined in the text
   ("European Aeronautic Defence and Space Company ( EADS )": the letters of the acronym
   are initials of the words before the bracket, in order, starting with the first) stands
   for the long name from then on; a short form (its words are the last words of a longer
   name of the same type met earlier in the article: "de Blasio", "Jobs") resolves to the
   full name it last saw ("Bill de Blasio"), and so does a person named by the first name
   of one full name met earlier, or by a familiar form of it ("Corinne", "Ray Ostrander"
   after "Raymond T. Ostrander": ``data/nicknames.txt``); the same name without a type
   agreement stays apart.
3. **Across the collection** (the store): names are merged by their key (:func:`key`:
   case, periods, hyphens and spacing ignored) when the type agrees. A short form or an
   acronym that an article uses without the full name is linked to the entity that already
   has it as an alias, when exactly one of that type does.

Every table is data (``data/*.txt``), loaded once.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

__all__ = [
    "KEPT_TYPES",
    "Found",
    "Resolved",
    "clean",
    "propagate",
    "close_names",
    "corporate_suffixes",
    "is_acronym",
    "join_products",
    "product_aliases",
    "key",
    "nicknames",
    "resolve_document",
    "same_given_name",
    "titles",
]

#: The types of the model that are kept (the rest are numbers, dates and quantities).
KEPT_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"})
#: Longest name kept, in words (longer spans are run-on headlines or lists).
MAX_WORDS = 8

_POSSESSIVE = re.compile(r"\s*['\u2019]\s*s?$")
_EDGE = re.compile(r"^[\W_]+|[\W_]+$")
_WORDS = re.compile(r"\S+")


def _table(name: str) -> tuple[str, ...]:
    text = resources.files("dateline.entities").joinpath("data", name).read_text("utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#"))


def _norm_word(word: str) -> str:
    return word.casefold().rstrip(".")


@functools.cache
def titles() -> tuple[tuple[str, ...], ...]:
    """The titles (``data/titles.txt``), as word tuples (lower case, no final periods), longest first."""
    words = {tuple(_norm_word(w) for w in t.split()) for t in _table("titles.txt")}
    return tuple(sorted(words, key=len, reverse=True))


@functools.cache
def corporate_suffixes() -> tuple[tuple[str, ...], ...]:
    """The corporate suffixes (``data/corporate.txt``), as word tuples, longest first."""
    words = {tuple(_norm_word(w) for w in t.split()) for t in _table("corporate.txt")}
    return tuple(sorted(words, key=len, reverse=True))


@functools.cache
def _dropped() -> frozenset[str]:
    return frozenset(w.casefold() for w in _table("dropped.txt"))


def key(name: str) -> str:
    """The key names are merged by: NFKC, case folded, periods and apostrophes removed,
    hyphens as spaces, spaces collapsed ("U.S." and "US", "Al-Assad" and "al Assad"), and
    one-letter words between the first and the last dropped (middle initials: "Corinne A.
    Blake" and "Corinne Blake")."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = text.replace(".", "").replace("'", "").replace("\u2019", "").replace("-", " ")
    words = text.split()
    if len(words) > 2:
        words = [words[0], *(w for w in words[1:-1] if len(w) > 1), words[-1]]
    return " ".join(words)


@functools.cache
def nicknames() -> dict[str, frozenset[str]]:
    """Given name → every name of its group (``data/nicknames.txt``), lower case."""
    groups: dict[str, set[str]] = {}
    for line in _table("nicknames.txt"):
        names = {w.casefold() for w in line.split()}
        for n in names:
            groups.setdefault(n, set()).update(names)
    return {n: frozenset(g) for n, g in groups.items()}


def same_given_name(a: str, b: str) -> bool:
    """Whether two given names are one (equal, or one a familiar form of the other: "Ray", "Raymond")."""
    a, b = a.casefold(), b.casefold()
    return a == b or b in nicknames().get(a, frozenset())


def is_acronym(word: str) -> bool:
    """Two to eight capitals (digits and ``&`` allowed after the first), no lower case: "EADS", "BA", "AT&T"."""
    bare = word.replace(".", "")
    return 2 <= len(bare) <= 8 and bare[0].isupper() and bare.isupper() and all(
        c.isalnum() or c == "&" for c in bare)


def _strip_front(words: list[str], table: tuple[tuple[str, ...], ...]) -> list[str]:
    changed = True
    while changed and len(words) > 1:
        changed = False
        low = [_norm_word(w) for w in words]
        for t in table:
            if len(t) < len(words) and tuple(low[: len(t)]) == t:
                words = words[len(t):]
                changed = True
                break
    return words


def _after_office(words: list[str]) -> list[str]:
    """The words after an office that ends in a title ("Public Works Director Raymond T.
    Ostrander" -> "Raymond T. Ostrander"): the last title word that has a capitalised word
    after it, when every word before it is capitalised too."""
    singles = {t[0] for t in titles() if len(t) == 1}
    for j in range(len(words) - 2, 0, -1):
        if _norm_word(words[j]) in singles and all(w[:1].isupper() for w in words[:j + 1]) \
                and words[j + 1][:1].isupper():
            return words[j + 1:]
    return words


def _strip_back(words: list[str], table: tuple[tuple[str, ...], ...]) -> list[str]:
    low = [_norm_word(w.rstrip(",")) for w in words]
    for t in table:
        if len(t) < len(words) and tuple(low[-len(t):]) == t:
            words = words[: -len(t)]
            words[-1] = words[-1].rstrip(",")
            if words[-1] == ",":
                words = words[:-1]
            break
    return words


#: A word of an address: not part of a name ("www.ardwell.gov/Marchetti", "a@b.org").
_URLISH = re.compile(r"://|^www\.|/|@|\.(?:com|org|net|gov|edu|co\.uk)\b", re.I)
#: Brackets as tokenised text writes them (Timeline17: ``-LRB-`` ...): a name ends before one.
_BRACKET_TOKEN = re.compile(r"-[LR][RCS]B-")


def clean(surface: str, label: str) -> str | None:
    """The name a mention stands for, before resolution (rule 1 of the module docstring);
    None when the span is not a name."""
    if label not in KEPT_TYPES:
        return None
    text = " ".join(surface.split())
    bracket = _BRACKET_TOKEN.search(text)
    if bracket is not None:  # "Caribbean Community -LRB- Caricom": the part before; "-RRB- -RRB-": nothing
        text = text[:bracket.start()] if bracket.start() > 0 else _BRACKET_TOKEN.sub(" ", text).strip()
        if _BRACKET_TOKEN.search(text) or not text:
            return None
    text = _POSSESSIVE.sub("", text)
    text = _EDGE.sub("", text)
    words = text.split(" ")
    while len(words) > 1 and words[0].casefold() in _dropped():
        words = words[1:]
    if label == "PERSON":
        words = _strip_front(_after_office(words), titles())
    elif label == "ORG":
        words = _strip_back(words, corporate_suffixes())
    words = [w for w in words if w]
    if not words or len(words) > MAX_WORDS or any(_URLISH.search(w) for w in words):
        return None
    if len(words) >= 3 and all(not any(c.islower() for c in w) for w in words):
        return None  # a run of capitals: an all-caps headline, not a name
    name = _EDGE.sub("", " ".join(words))
    if not any(c.isalpha() for c in name):
        return None
    if not any(c.isupper() for c in name):  # every word lower case: "the company", "iphone" at best
        return None
    return name


@dataclass(frozen=True, slots=True)
class Found:
    """A span the recogniser found in an article: offsets into the article text, the
    sentence it is in, its surface text and its type."""

    sentence: int
    start: int
    end: int
    text: str
    label: str


@dataclass(frozen=True, slots=True)
class Resolved:
    """A mention with the name it resolves to in its article (rule 2), and whether that
    name is a short form or an acronym the article never spelled out (``short``: the store
    may link it to an entity across the collection, rule 3)."""

    sentence: int
    start: int
    end: int
    text: str
    label: str
    name: str
    short: bool = False


_ACRONYM_DEF = re.compile(r"\s*(?:'s\s*)?(?:\(|-LRB-)\s*([A-Z][A-Za-z0-9&.]{1,9})\s*(?:\)|-RRB-)")
_MINOR = frozenset({"and", "of", "the", "for", "de", "du", "des", "la", "le", "&", "und", "y", "et"})


def _initials_match(acronym: str, name: str) -> bool:
    letters = [c for c in acronym.replace(".", "").replace("&", "") if c.isalnum()]
    words = [w for w in re.split(r"[\s-]+", name) if w]
    if len(letters) < 2 or not words:
        return False
    initials = [w[0].upper() for w in words if w.casefold() not in _MINOR and w[0].isalnum()]
    if not initials or initials[0] != letters[0].upper():
        return False
    i = 0
    for c in initials:
        if i < len(letters) and c == letters[i].upper():
            i += 1
    return i == len(letters)


#: A model designation after a name ("787", "3G", "A380", "777-200LR"): the name and it are one product.
_MODEL = re.compile(r"\s+((?:[A-Z]{0,3}\d[\w-]*))\b")
#: A capitalised word after a product with a designation ("Boeing 787 Dreamliner").
_PRODUCT_WORD = re.compile(r"\s+([A-Z][a-z]+)\b")
_PRODUCT_TYPES = frozenset({"ORG", "PRODUCT", "WORK_OF_ART"})


def join_products(text: str, found: Sequence[Found]) -> list[Found]:
    """Products named by a maker and a designation become one ``PRODUCT`` span: an
    organisation followed by a product ("Airbus" "A380" → "Airbus A380"), a name followed
    by a model designation the model left out ("iPhone" "3G"), and a capitalised word after
    a designation ("Boeing 787" "Dreamliner")."""
    spans = sorted(found, key=lambda f: (f.start, -f.end))
    out: list[Found] = []
    i = 0
    while i < len(spans):
        f = spans[i]
        i += 1
        if f.label not in _PRODUCT_TYPES:
            out.append(f)
            continue
        start, end, label = f.start, f.end, f.label
        if i < len(spans) and spans[i].label == "PRODUCT" and not text[end:spans[i].start].strip() \
                and spans[i].sentence == f.sentence:
            end, label = spans[i].end, "PRODUCT"
            i += 1
        m = _MODEL.match(text, end)
        if m is not None and (i >= len(spans) or spans[i].start >= m.end()) and "\n" not in m[0]:
            end, label = m.end(), "PRODUCT"
        if label == "PRODUCT" and any(c.isdigit() for c in text[start:end]):
            w = _PRODUCT_WORD.match(text, end)
            if w is not None and "\n" not in w[0]:
                if i < len(spans) and spans[i].start < w.end():
                    if spans[i].label in _PRODUCT_TYPES and spans[i].end <= w.end() + 1:
                        end = spans[i].end
                        i += 1
                else:
                    end = w.end()
        out.append(Found(f.sentence, start, end, text[start:end], label))
    return out


def product_aliases(name: str) -> list[str]:
    """The short names of a product named by a maker and a designation: from the
    designation on, the designation alone and the words after it ("Boeing 787 Dreamliner"
    → "787 Dreamliner", "787", "Dreamliner"; "Airbus A380" → "A380"). A designation is a
    word with a digit and at least three characters that is not the first word; none: []."""
    words = name.split()
    for i, w in enumerate(words[1:], start=1):
        if any(c.isdigit() for c in w) and len(w) >= 3:
            out = [" ".join(words[i:]), w]
            if i + 1 < len(words):
                out.append(" ".join(words[i + 1:]))
            return list(dict.fromkeys(out))
    return []


def _short_form(words: tuple[str, ...], full: tuple[str, ...], label: str, words_text: str = "") -> bool:
    """Whether ``words`` (keys; ``words_text``: as written) is a short form of the longer
    name ``full``: its last words (one word that is an acronym only for a person or a
    product), or (a product with a designation) its first words."""
    if len(words) >= len(full):
        return False
    if full[-len(words):] == words:  # a surname, "Council" of "Ardwell City Council"; never "BP" of "Boycott BP"
        return label in ("PERSON", "PRODUCT") or len(words) > 1 or not is_acronym(words_text)
    return label == "PRODUCT" and full[:len(words)] == words and any(c.isdigit() for c in " ".join(words))


def resolve_document(text: str, found: Sequence[Found]) -> list[Resolved]:
    """The mentions of one article with the name each stands for (rules 1 and 2 of the
    module docstring), in text order. ``text`` is the article text the offsets refer to.
    The type of a name is the one the model gave most of its mentions in the article (the
    first on a tie). An acronym defined in brackets after a name is a mention of that name
    even when the recogniser missed it."""
    spans = join_products(text, found)
    cleaned: list[tuple[Found, str]] = []
    votes: dict[str, dict[str, int]] = {}
    for f in spans:
        name = clean(f.text, f.label)
        if name is not None:
            cleaned.append((f, name))
            counts = votes.setdefault(key(name), {})
            counts[f.label] = counts.get(f.label, 0) + 1
    label_of = {k: max(c, key=lambda lab: c[lab]) for k, c in votes.items()}  # dicts keep first-seen order
    out: list[Resolved] = []
    acronyms: dict[str, tuple[str, str]] = {}  # acronym key -> (name, label)
    longer: list[tuple[tuple[str, ...], str, str]] = []  # (words, name, label), latest last
    taken: set[tuple[int, int]] = set()
    for f, name in cleaned:
        if any(s <= f.start < e or f.start <= s < f.end for s, e in taken):
            continue
        label = label_of[key(name)]
        short = False
        k = key(name)
        if k in acronyms and is_acronym(name):
            name, label = acronyms[k]
        else:
            words = tuple(k.split())
            firsts = {c for w, c, lab in longer if lab == "PERSON" and len(words) == 1 and label in ("PERSON", "ORG")
                      and same_given_name(words[0], w[0])}
            for candidate_words, candidate, candidate_label in reversed(longer):
                if candidate_label == "PERSON" and label in ("PERSON", "ORG") and (
                        (len(words) == 1 and len(firsts) == 1 and candidate in firsts)
                        or (len(words) > 1 and words != candidate_words and words[-1] == candidate_words[-1]
                            and same_given_name(words[0], candidate_words[0]))):
                    name, label = candidate, candidate_label  # "Corinne", "Ray Ostrander"
                    break
                if _short_form(words, candidate_words, candidate_label, name) and (
                        candidate_label == label or (len(words) == 1 and candidate_label == "PERSON"
                                                     and label in ("PERSON", "ORG"))):
                    name, label = candidate, candidate_label
                    break
            else:
                if (label == "PERSON" and len(words) == 1) or is_acronym(name) or (
                        label == "PRODUCT" and len(words) == 1 and any(c.isdigit() for c in name)):
                    short = True
                if len(words) > 1:
                    longer.append((words, name, label))
        out.append(Resolved(f.sentence, f.start, f.end, f.text, label, name, short))
        taken.add((f.start, f.end))
        m = _ACRONYM_DEF.match(text, f.end)
        if m is not None and is_acronym(m[1]) and len(name.split()) > 1 and _initials_match(m[1], name):
            acronyms[key(m[1])] = (name, label)
            span = (m.start(1), m.end(1))
            if span not in taken:
                out.append(Resolved(f.sentence, span[0], span[1], m[1], label, name))
                taken.add(span)
    return sorted(out, key=lambda r: r.start)


def propagate(text: str, spans: Sequence[tuple[int, int]], resolved: Sequence[Resolved]) -> list[Resolved]:
    """``resolved`` with every other occurrence in ``text`` of a mention's surface text (the
    same characters, as whole words, outside any other mention) as a mention of the same
    name: the model reads only some sentences, and misses some repeats in those it reads.
    ``spans``: the sentence spans of the article (a new mention takes the sentence it starts in)."""
    import bisect

    out = list(resolved)
    taken = sorted((r.start, r.end) for r in resolved)
    starts = [s for s, _ in spans]
    by_surface: dict[str, Resolved] = {}
    for r in resolved:
        surface = r.text.strip()
        if len(surface) >= 2 and any(c.isupper() for c in surface):
            by_surface.setdefault(surface, r)
    if not by_surface:
        return out
    # one pass over the text: the alternatives longest first, so a longer name wins where both match
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(x) for x in sorted(by_surface, key=len, reverse=True))
                         + r")(?!\w)")
    for m in pattern.finditer(text):
        word_start = max(text.rfind(" ", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
        word_end = min((i for i in (text.find(" ", m.end()), text.find("\n", m.end())) if i >= 0), default=len(text))
        if _URLISH.search(text[word_start:word_end]):
            continue  # inside an address
        i = bisect.bisect_right(taken, (m.start(), 1 << 62)) - 1
        if (i >= 0 and taken[i][1] > m.start()) or (i + 1 < len(taken) and taken[i + 1][0] < m.end()):
            continue
        sentence = bisect.bisect_right(starts, m.start()) - 1
        if sentence < 0:
            continue
        r = by_surface[m.group(0)]
        out.append(Resolved(sentence, m.start(), m.end(), m.group(0), r.label, r.name, r.short))
        bisect.insort(taken, (m.start(), m.end()))
    return sorted(out, key=lambda x: x.start)


def close_names(name: str, candidates: Sequence[str], n: int = 5) -> list[str]:
    """Up to ``n`` of ``candidates`` closest to ``name`` (by :func:`key`), best first: those
    that contain it or that it contains, then by similarity of their keys."""
    import difflib

    want = key(name)
    scored = []
    for c in dict.fromkeys(candidates):
        ck = key(c)
        ratio = difflib.SequenceMatcher(None, want, ck).ratio()
        if want and (want in ck or ck in want):
            ratio += 0.5
        scored.append((ratio, c))
    scored.sort(key=lambda t: (-t[0], t[1]))
    return [c for r, c in scored[:n] if r >= 0.3]
