"""Near-duplicate articles grouped into stories: MinHash signatures and LSH bands.

A wire story republished by twenty sites, or a report updated three times in a day, is one
*story* with several articles. At ingest every article gets

- a **signature** (:func:`signature`): the MinHash (datasketch, :data:`NUM_PERM`
  permutations, scheme ``affine32``) of the set of its word :data:`SHINGLE_WORDS`-grams
  (runs of lower-cased letters and digits of the body), and its **bands**
  (:func:`band_keys`): the signature cut into :data:`BANDS` bands of :data:`ROWS` values,
  each hashed to a 64-bit key. Both depend on the body only, so they are computed wherever
  the batch is annotated (a worker process);
- a **story id**: the story of the most similar stored article it is a near-duplicate of
  (ties: the earliest stored), else its own id. Two articles are near-duplicates when the
  Jaccard similarity of their shingle sets, as the signatures estimate it, is at least the
  threshold (:data:`THRESHOLD`). :class:`StoryIndex` assigns them in the single writer, in
  input order, just before a batch is written: the candidates are the stored articles
  (and the earlier articles of the batch) that share a band with it (locality-sensitive
  hashing: a pair whose similarity is s shares a band with probability
  1 - (1 - s^ROWS)^BANDS, 0.64 at s = 0.3, 0.80 at 0.35, 0.91 at 0.4, 0.99 at 0.5), each
  checked against the threshold.

Story ids are stable and incremental: a stored story id never changes, and an article
ingested later, by any process, joins the story of the stored article most similar to it.

**The LSH state is in the store** (its bands, one row per band and article, a plain indexed
table), not in memory: datasketch's :class:`~datasketch.MinHashLSH` keeps its buckets as
Python dicts and sets, about 11.4 KB an article with these bands (40.7 MiB for
Timeline17's 3,733 articles), so an index rebuilt from stored signatures would grow with the
store without bound and cost every ingest a rebuild. Looking the bands up in the store
costs one indexed query per batch, needs no memory that grows with the store, sees what
other processes stored, and works with any SQL backend. The bands are fixed
(:data:`BANDS` x :data:`ROWS` is what datasketch's ``MinHashLSH`` chooses for a threshold
of 0.3 at 128 permutations, a little below the default) so that one stored band table
serves every threshold: the higher the threshold, the likelier a near-duplicate is found;
far below 0.3, candidates are missed.

An article identical to a stored one (the same signature) joins it without adding bands
of its own (its twin already answers for it), so a text repeated ten thousand times does
not make one bucket ten thousand articles long. Articles with fewer than :data:`MIN_WORDS`
words get no signature and stay a story of their own: a caption or a one-line brief shares
too little text to tell a copy from a coincidence. datasketch is an optional dependency
(the ``stories`` extra): without it :func:`available` is False and ingest stores no
signatures and no story ids.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from dateline.model import ArticleRecord

if TYPE_CHECKING:
    from dateline.store import Store

__all__ = [
    "BANDS",
    "MIN_WORDS",
    "NUM_PERM",
    "ROWS",
    "SHINGLE_WORDS",
    "THRESHOLD",
    "StoryIndex",
    "available",
    "band_keys",
    "jaccard",
    "signature",
    "signed",
    "unavailable_reason",
    "with_signatures",
]

#: Permutations of the MinHash: a signature is 4 bytes each (512 bytes); the standard error
#: of the Jaccard estimate is about sqrt(J(1-J)/NUM_PERM), 0.044 at J = 0.5.
NUM_PERM = 128
#: Words per shingle.
SHINGLE_WORDS = 5
#: Articles with fewer words get no signature (a story of their own).
MIN_WORDS = 10
#: LSH bands of a signature, and values per band (BANDS * ROWS <= NUM_PERM).
BANDS = 37
ROWS = 3
#: Estimated Jaccard similarity of the shingle sets from which two articles are one story.
#: Chosen on the development topics of the labelled Timeline17 pairs (bench/stories.py).
THRESHOLD = 0.35


def available() -> bool:
    """Whether datasketch (the ``stories`` extra) is installed."""
    return importlib.util.find_spec("datasketch") is not None


def unavailable_reason() -> str:
    return "near-duplicate stories are off: datasketch is not installed (pip install 'dateline[stories]')"


def signature(text: str) -> bytes | None:
    """The MinHash signature of ``text`` (:data:`NUM_PERM` little-endian uint32 values), or
    None when it has fewer than :data:`MIN_WORDS` words. Needs datasketch."""
    from dateline.annotate import minhash

    return minhash.signature(text)


def jaccard(a: bytes, b: bytes) -> float:
    """The Jaccard similarity two signatures estimate: the share of equal values."""
    from dateline.annotate import minhash

    return minhash.jaccard(a, b)


class StoryIndex:
    """Puts new articles in the stories of a store (see the module docstring).

    ``threshold``: the estimated Jaccard similarity from which an article joins a story.
    It holds nothing but its settings: the stories and their bands are in the store.
    """

    def __init__(self, threshold: float = THRESHOLD) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"the story threshold must be above 0 and at most 1, got {threshold}")
        self.threshold = threshold

    def assign(self, store: Store, records: Sequence[ArticleRecord]) -> list[ArticleRecord]:
        """``records`` in order, each with its story: that of the most similar article
        stored in ``store`` or earlier in ``records`` (at least the threshold; ties: the
        earliest), else its own id. A record identical to its match loses its bands (its
        twin stands for it)."""
        import numpy as np

        from dateline.annotate.minhash import values as _values

        keys = list(dict.fromkeys(k for r in records for k in r.bands))
        by_band: dict[int, list[tuple[int, str, str, bytes]]] = {}
        for band, c in store.story_candidates(keys) if keys else ():
            by_band.setdefault(band, []).append((c.seq, c.article_id, c.story, c.signature))
        out: list[ArticleRecord] = []
        order = 1 << 62  # records of this batch come after every stored article
        for r in records:
            if r.signature is None:
                out.append(replace(r, story=r.article.id, bands=()))
                continue
            found = {c[1]: c for k in r.bands for c in by_band.get(k, ())}
            found.pop(r.article.id, None)
            story, twin = r.article.id, False
            if found:
                cands = sorted(found.values())
                values = _values(r.signature)
                stacked = np.stack([_values(c[3]) for c in cands])
                scores = np.count_nonzero(stacked == values, axis=1)
                best = int(np.argmax(scores))  # the first of the best: the earliest
                if scores[best] >= self.threshold * NUM_PERM:
                    story, twin = cands[best][2], cands[best][3] == r.signature
            record = replace(r, story=story, bands=() if twin else r.bands)
            out.append(record)
            order += 1
            for k in record.bands:
                by_band.setdefault(k, []).append((order, r.article.id, story, r.signature))
        return out


def band_keys(sig: bytes) -> tuple[int, ...]:
    """The LSH band keys of a signature (see the module docstring)."""
    from dateline.annotate import minhash

    return minhash.band_keys(sig)


def with_signatures(records: Sequence[ArticleRecord]) -> list[ArticleRecord]:
    """``records`` with the signature and band keys of each article's body."""
    return [signed(r) for r in records]


def signed(record: ArticleRecord) -> ArticleRecord:
    """``record`` with the signature and band keys of its article's body (none when it is
    too short)."""
    sig = signature(record.article.text)
    return replace(record, signature=sig, bands=band_keys(sig) if sig is not None else ())
