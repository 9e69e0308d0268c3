"""ROUGE-1 and ROUGE-2 counts exactly as ROUGE-1.5.5 computes them for tilse.

tilse (``pyrouge.Rouge155(average="raw", stem=True, ignore_stopwords=True)``) writes each
summary as a SEE html file, one ``<a ...>sentence</a>`` line per sentence, and runs
``ROUGE-1.5.5.pl -n 2 -x -f A -d -m -s -t 2``. What that computes, read from the Perl
script (``readText``, ``createNGram``, ``ngramScore``, ``computeNGramScore``,
``MorphStem``, ``stem``) and reproduced here:

1. **Reading** (``readText``, SEE format). tilse writes the sentence's whitespace-split
   tokens joined by single spaces, with ``^`` replaced by ``&circ;``. The script keeps the
   text of a sentence line up to the first ``<`` (regex ``([^<]+)``): a ``<`` inside a
   sentence cuts the rest of that sentence, and a sentence that is empty or starts with ``<``
   contributes nothing. Sentences are lower-cased (ASCII ``A-Z`` only) and joined with
   spaces into one text per summary, so **bigrams run across sentence boundaries** (and,
   for ``concat``, across dates).
2. **Tokenising**: ``-`` becomes `` - ``, every byte other than ``A-Za-z0-9-`` becomes a
   space, the text is split on whitespace. The file is read as bytes, so every non-ASCII
   character (each byte of its UTF-8 encoding) is a separator: ``café`` gives ``caf``.
3. **Filtering** (``createNGram``): ``-s`` drops tokens on the SMART stopword list
   (``data/smart_common_words.txt``; compared after lower-casing, before stemming); only
   tokens starting with ``[a-z0-9$]`` are kept, which after step 2 only drops the ``-``
   tokens. Net effect: tokens are the maximal runs of ASCII letters and digits.
4. **Stemming** (``-m``): only tokens **longer than 3 characters** are stemmed, by
   ``MorphStem``: a token listed in the WordNet 2.0 exception database shipped with the
   script (``data/wordnet_2.0_exceptions.tsv``; ``media`` → ``medium``, ``better`` →
   ``well``) is replaced by its entry, anything else goes through the script's own Porter
   stemmer (:func:`porter_stem`, which differs from NLTK's: e.g. step 4 treats ``-ement``,
   ``-ment`` and ``-ent`` in sequence).
5. **Counting** (``-f A -t 2``): with several model (reference) summaries, the hit count is
   the sum over models of the clipped n-gram matches ``sum(min(peer[g], model[g]))``, the
   model count is the sum of the models' n-gram counts, and the peer count is the peer's
   n-gram count *once per model*. tilse turns these into precision = hit / peer and
   recall = hit / model.

Per-sentence processing (steps 1-4) does not depend on the neighbouring sentences, so it
is cached per sentence string (:func:`tokens`); a summary's n-gram counts are built once
(:class:`Summary`) and compared with ``Counter`` arithmetic.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

__all__ = [
    "NGRAM_SIZES",
    "RougeCounts",
    "Summary",
    "exceptions",
    "hits",
    "morph_stem",
    "porter_stem",
    "rouge_counts",
    "stopwords",
    "tokens",
]

#: The n-gram sizes tilse asks for (``-n 2``: ROUGE-1 and ROUGE-2).
NGRAM_SIZES = (1, 2)

_DATA = "dateline.evaluate.data"
_ALNUM = re.compile(r"[A-Za-z0-9]+")


@cache
def stopwords() -> frozenset[str]:
    """The SMART stopword list ROUGE-1.5.5 removes with ``-s`` (see data/PROVENANCE.md)."""
    text = resources.files(_DATA).joinpath("smart_common_words.txt").read_text("ascii")
    return frozenset(text.splitlines())


@cache
def exceptions() -> dict[str, str]:
    """The WordNet 2.0 exception table ``MorphStem`` consults before stemming."""
    text = resources.files(_DATA).joinpath("wordnet_2.0_exceptions.tsv").read_text("ascii")
    return dict(line.split("\t") for line in text.splitlines())


# --- the Porter stemmer of ROUGE-1.5.5 (sub stem) ------------------------------------------
# The regular expressions are the script's, with the same leftmost-match semantics in
# Python's ``re``; ``prematch`` is Perl's ``$``` (the text before the match).

_c = "[^aeiou]"  # consonant
_v = "[aeiouy]"  # vowel
_C = f"{_c}[^aeiouy]*"  # consonant sequence
_V = f"{_v}[aeiou]*"  # vowel sequence
_MGR0 = re.compile(f"^({_C})?{_V}{_C}")  # [C]VC... is m>0
_MEQ1 = re.compile(f"^({_C})?{_V}{_C}({_V})?$")  # [C]VC[V] is m=1
_MGR1 = re.compile(f"^({_C})?{_V}{_C}{_V}{_C}")  # [C]VCVC... is m>1
_HAS_V = re.compile(f"^({_C})?{_v}")  # vowel in stem
_CVC = re.compile(f"^{_C}{_v}[^aeiouwxy]$")

_STEP1A = re.compile(r"(ss|i)es$")
_STEP1A_S = re.compile(r"([^s])s$")
_EED = re.compile(r"eed$")
_ED_ING = re.compile(r"(ed|ing)$")
_AT_BL_IZ = re.compile(r"(at|bl|iz)$")
_DOUBLE = re.compile(r"([^aeiouylsz])\1$")
_Y_END = re.compile(r"y$")
_STEP2_SUFFIXES = {
    "ational": "ate", "tional": "tion", "enci": "ence", "anci": "ance", "izer": "ize",
    "bli": "ble", "alli": "al", "entli": "ent", "eli": "e", "ousli": "ous", "ization": "ize",
    "ation": "ate", "ator": "ate", "alism": "al", "iveness": "ive", "fulness": "ful",
    "ousness": "ous", "aliti": "al", "iviti": "ive", "biliti": "ble", "logi": "log",
}  # fmt: skip
_STEP2 = re.compile(
    r"(ational|tional|enci|anci|izer|bli|alli|entli|eli|ousli|ization|ation|ator|alism"
    r"|iveness|fulness|ousness|aliti|iviti|biliti|logi)$"
)
_STEP3_SUFFIXES = {
    "icate": "ic", "ative": "", "alize": "al", "iciti": "ic", "ical": "ic", "ful": "", "ness": "",
}  # fmt: skip
_STEP3 = re.compile(r"(icate|ative|alize|iciti|ical|ful|ness)$")
_STEP4 = re.compile(r"(al|ance|ence|er|ic|able|ible|ant|ement|ou|ism|ate|iti|ous|ive|ize)$")
_MENT = re.compile(r"ment$")
_ENT = re.compile(r"ent$")
_SION_TION = re.compile(r"(s|t)(ion)$")
_E_END = re.compile(r"e$")
_LL_END = re.compile(r"ll$")


def porter_stem(word: str) -> str:
    """ROUGE-1.5.5's Porter stemmer (``sub stem``) on a lower-case word."""
    if len(word) < 3:
        return word
    w = word
    initial_y = w[0] == "y"
    if initial_y:  # an initial y is a consonant: the patterns never see it as a vowel
        w = "Y" + w[1:]

    # Step 1a
    if (m := _STEP1A.search(w)) or (m := _STEP1A_S.search(w)):
        w = w[: m.start()] + m.group(1)
    # Step 1b
    if m := _EED.search(w):
        if _MGR0.search(w[: m.start()]):
            w = w[:-1]
    elif m := _ED_ING.search(w):
        stem = w[: m.start()]
        if _HAS_V.search(stem):
            w = stem
            if _AT_BL_IZ.search(w):
                w += "e"
            elif _DOUBLE.search(w):
                w = w[:-1]
            elif _CVC.search(w):
                w += "e"
    # Step 1c
    if m := _Y_END.search(w):
        stem = w[: m.start()]
        if _HAS_V.search(stem):
            w = stem + "i"
    # Step 2
    if m := _STEP2.search(w):
        stem = w[: m.start()]
        if _MGR0.search(stem):
            w = stem + _STEP2_SUFFIXES[m.group(1)]
    # Step 3
    if m := _STEP3.search(w):
        stem = w[: m.start()]
        if _MGR0.search(stem):
            w = stem + _STEP3_SUFFIXES[m.group(1)]
    # Step 4 (as modified by C.-Y. Lin in 2004: -ement, then -ment, then -ent, each tried
    # on the result of the previous rule)
    if m := _STEP4.search(w):
        stem = w[: m.start()]
        if _MGR1.search(stem):
            w = stem
    if m := _MENT.search(w):
        stem = w[: m.start()]
        if _MGR1.search(stem):
            w = stem
    if m := _ENT.search(w):
        stem = w[: m.start()]
        if _MGR1.search(stem):
            w = stem
    elif m := _SION_TION.search(w):
        stem = w[: m.start()] + m.group(1)
        if _MGR1.search(stem):
            w = stem
    # Step 5
    if m := _E_END.search(w):
        stem = w[: m.start()]
        if _MGR1.search(stem) or (_MEQ1.search(stem) and not _CVC.search(stem)):
            w = stem
    if _LL_END.search(w) and _MGR1.search(w):
        w = w[:-1]
    if initial_y:  # lcfirst
        w = w[:1].lower() + w[1:]
    return w


@lru_cache(maxsize=1 << 16)
def morph_stem(token: str) -> str:
    """``MorphStem``: the WordNet exception entry of ``token`` if it has one, else its
    Porter stem. ROUGE-1.5.5 applies it only to tokens longer than 3 characters."""
    exc = exceptions().get(token)
    return exc if exc is not None else porter_stem(token)


@lru_cache(maxsize=1 << 17)
def tokens(sentence: str) -> tuple[str, ...]:
    """The tokens ROUGE-1.5.5 counts for one sentence as tilse passes it (lower-cased,
    SMART stopwords removed, stemmed when longer than 3 characters): steps 1-4 of the
    module docstring."""
    text = sentence.replace("^", "&circ;")  # what pyrouge writes into the SEE file
    cut = text.find("<")
    if cut >= 0:  # the script reads a sentence line up to the first "<"
        text = text[:cut]
    stop = stopwords()
    out: list[str] = []
    for raw in _ALNUM.findall(text):
        tok = raw.lower()  # ASCII only: the class above has no other letters
        if tok in stop:
            continue
        out.append(morph_stem(tok) if len(tok) > 3 else tok)
    return tuple(out)


#: A unigram (a token) or a bigram (two tokens).
Gram = str | tuple[str, str]


class Summary:
    """The n-gram counts of one summary (a sequence of sentences), as ROUGE-1.5.5 sees it:
    the tokens of all sentences in order, n-grams across sentence boundaries."""

    __slots__ = ("counts", "grams", "tokens")

    def __init__(self, sentences: Iterable[str]) -> None:
        toks: list[str] = []
        for s in sentences:
            toks.extend(tokens(s))
        self.tokens: tuple[str, ...] = tuple(toks)
        uni: Counter[Gram] = Counter(toks)
        bi: Counter[Gram] = Counter(zip(toks, toks[1:], strict=False))
        self.grams: dict[int, Counter[Gram]] = {1: uni, 2: bi}
        self.counts: dict[int, int] = {1: len(toks), 2: max(len(toks) - 1, 0)}

    def __repr__(self) -> str:
        return f"Summary({len(self.tokens)} tokens)"


EMPTY = Summary(())


def hits(peer: Summary, model: Summary, n: int) -> int:
    """Clipped n-gram matches of ``peer`` against one ``model`` (``ngramScore``)."""
    a, b = peer.grams[n], model.grams[n]
    if len(a) > len(b):
        a, b = b, a
    get = b.get
    total = 0
    for gram, count in a.items():
        other = get(gram)
        if other:
            total += count if count < other else other
    return total


@dataclass(frozen=True, slots=True)
class RougeCounts:
    """What ``ROUGE-1.5.5.pl -t 2`` prints for one n: ``H_count``, ``P_count``, ``M_count``."""

    hit: int
    peer: int
    model: int


def rouge_counts(
    peer: Sequence[str] | Summary, models: Sequence[Sequence[str] | Summary]
) -> dict[int, RougeCounts]:
    """ROUGE-1 and ROUGE-2 counts of a peer summary against model summaries, exactly as
    tilse gets them from ``ROUGE-1.5.5.pl -n 2 -x -f A -d -m -s -t 2`` (score mode A).

    Summaries are sequences of sentence strings (or prepared :class:`Summary` objects).
    Returns ``{1: RougeCounts, 2: RougeCounts}``.
    """
    p = peer if isinstance(peer, Summary) else Summary(peer)
    ms = [m if isinstance(m, Summary) else Summary(m) for m in models]
    return {
        n: RougeCounts(
            hit=sum(hits(p, m, n) for m in ms),
            peer=p.counts[n] * len(ms),
            model=sum(m.counts[n] for m in ms),
        )
        for n in NGRAM_SIZES
    }
