"""Near-duplicate articles grouped into stories: MinHash signatures and an LSH index.

A wire story republished by twenty sites, or a report updated three times in a day, is one
*story* with several articles. At ingest every article gets

- a **signature** (:func:`signature`): the MinHash (datasketch, :data:`NUM_PERM`
  permutations, scheme ``affine32``) of the set of its word :data:`SHINGLE_WORDS`-grams
  (runs of lower-cased letters and digits of the body). It depends on the body only, so it can be
  computed wherever the batch is annotated (a worker process);
- a **story id**: the id of the first stored article it is a near-duplicate of (the story
  that article belongs to), else its own id. Two articles are near-duplicates when the
  Jaccard similarity of their shingle sets, as the signatures estimate it, is at least the
  threshold (:data:`THRESHOLD`). :class:`StoryIndex` finds the candidates with
  datasketch's :class:`~datasketch.MinHashLSH` and checks each against the threshold; it
  runs in the single writer, in input order, so story ids do not depend on how batches
  were spread over workers.

Story ids are stable and incremental: a stored story id never changes, and an article
ingested later joins the story of the most similar stored article (ties: the earliest
stored). The LSH index is not persisted: the store keeps each article's signature, and an
index is rebuilt from them the first time an ingest writes (a few hundred milliseconds for
tens of thousands of articles, see docs/ingest.md) and brought up to date before every
batch with the signatures stored since (:meth:`StoryIndex.catch_up`), so articles stored
by another process meanwhile are seen too.

Articles with fewer than :data:`MIN_WORDS` words get no signature and stay a story of
their own: a caption or a one-line brief shares too little text to tell a copy from a
coincidence. datasketch is an optional dependency (the ``stories`` extra): without it
:func:`available` is False and ingest stores no signatures and no story ids.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from dateline.model import ArticleRecord

if TYPE_CHECKING:
    import numpy as np

    from dateline.store import Store

__all__ = [
    "MIN_WORDS",
    "NUM_PERM",
    "SHINGLE_WORDS",
    "THRESHOLD",
    "StoryIndex",
    "available",
    "jaccard",
    "signature",
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
#: Estimated Jaccard similarity of the shingle sets from which two articles are one story.
#: Chosen on the development topics of the labelled Timeline17 pairs (bench/stories.py).
THRESHOLD = 0.3


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
    """The stories of a store, for assigning new articles to them (see the module docstring).

    ``threshold``: the estimated Jaccard similarity from which an article joins a story.
    Keep one index across several ingests into the same store (a watcher polling feeds) to
    load the stored signatures only once; :meth:`catch_up` adds what others stored since.
    """

    def __init__(self, threshold: float = THRESHOLD) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"the story threshold must be above 0 and at most 1, got {threshold}")
        from datasketch import MinHashLSH

        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._story: dict[str, str] = {}  # article id -> story id
        self._order: dict[str, int] = {}  # article id -> position of insertion (ties)
        self._values: dict[str, np.ndarray] = {}  # article id in the LSH -> its signature values
        self._exact: dict[bytes, str] = {}  # signature -> the article in the LSH that has it
        self.last_seq = 0  # the store's sequence number of the last stored signature seen

    def __len__(self) -> int:
        return len(self._story)

    def catch_up(self, store: Store) -> int:
        """Add the signatures ``store`` holds beyond those already seen; return how many."""
        n = 0
        for s in store.signatures(after=self.last_seq):
            if s.article_id not in self._story:
                self.add(s.article_id, s.story, s.signature)
                n += 1
            self.last_seq = s.seq
        return n

    def match(self, sig: bytes) -> str | None:
        """The story of the indexed article most similar to ``sig`` (at least the
        threshold; ties: the earliest added), or None."""
        twin = self._exact.get(sig)
        if twin is not None:
            return self._story[twin]
        import numpy as np

        from dateline.annotate.minhash import values as _values

        values = _values(sig)
        candidates = self._lsh.query(self._minhash(values))
        if not candidates:
            return None
        stacked = np.stack([self._values[c] for c in candidates])
        scores = np.count_nonzero(stacked == values, axis=1) / NUM_PERM
        best = max(range(len(candidates)), key=lambda i: (scores[i], -self._order[candidates[i]]))
        if scores[best] < self.threshold:
            return None
        return self._story[candidates[best]]

    def add(self, article_id: str, story: str, sig: bytes | None) -> None:
        """Index an article of ``story`` (``sig`` None: it only keeps its story id)."""
        self._story[article_id] = story
        self._order.setdefault(article_id, len(self._order))
        if sig is None or sig in self._exact:  # an identical signature is indexed already
            return
        from dateline.annotate.minhash import values as _values

        values = _values(sig)
        self._lsh.insert(article_id, self._minhash(values), check_duplication=False)
        self._values[article_id] = values
        self._exact[sig] = article_id

    def assign(self, records: Iterable[ArticleRecord]) -> list[ArticleRecord]:
        """``records`` in order, each with its story: the story of a near-duplicate indexed
        before it (including earlier records of the same call), else its own id. Each is
        indexed as it is assigned."""
        out = []
        for r in records:
            known = self._story.get(r.article.id)
            if known is not None:  # stored already (another process, or an earlier batch)
                out.append(replace(r, story=known))
                continue
            story = (self.match(r.signature) if r.signature is not None else None) or r.article.id
            self.add(r.article.id, story, r.signature)
            out.append(replace(r, story=story))
        return out

    @staticmethod
    def _minhash(values: np.ndarray) -> Any:
        from datasketch import LeanMinHash

        from dateline.annotate.minhash import SCHEME, SEED

        return LeanMinHash(seed=SEED, hashvalues=values, scheme=SCHEME)


def with_signatures(records: Sequence[ArticleRecord]) -> list[ArticleRecord]:
    """``records`` with the signature of each article's body."""
    return [replace(r, signature=signature(r.article.text)) for r in records]
