"""TF-IDF sentence vectors (sparse, L2-normalised rows), written for dateline.

It follows the defaults of the TF-IDF weighting DATEWISE used (scikit-learn's
``TfidfVectorizer(stop_words="english", lowercase=True)``): tokens are runs of two or more
word characters, lower-cased; stop words are dropped; ``idf = ln((1 + n) / (1 + df)) + 1``;
raw term counts times idf, each row scaled to unit length. One deliberate difference: the
stop-word list is the SMART list shipped with dateline's ROUGE scorer (the one list of
stop words in dateline) rather than scikit-learn's, so dateline needs no scikit-learn.

``stem=True`` (what dateline's own method uses; DATEWISE keeps the plain tokens) reduces
tokens longer than three characters to their stem with the stemmer of dateline's ROUGE
(WordNet exceptions, then Porter), so "killed", "kills" and "killing" are one term of the
centroid, as they are one word to a reader (and to ROUGE).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

import numpy as np
from scipy import sparse

from dateline.evaluate.rouge import morph_stem

__all__ = ["normalise_rows", "stopwords", "tfidf", "tfidf_rows", "tokenise"]

_TOKEN = re.compile(r"\b\w\w+\b")


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    path = resources.files("dateline.evaluate") / "data" / "smart_common_words.txt"
    return frozenset(w.strip().lower() for w in path.read_text(encoding="utf-8").split() if w.strip())


@lru_cache(maxsize=1 << 18)
def _stem(token: str) -> str:
    return morph_stem(token) if len(token) > 3 else token


def tokenise(text: str, stem: bool = False) -> list[str]:
    """Lower-cased tokens of ``text`` without stop words (stemmed with ``stem``)."""
    stop = stopwords()
    toks = [t for t in _TOKEN.findall(text.lower()) if t not in stop]
    return [_stem(t) for t in toks] if stem else toks


def tfidf(texts: Sequence[str], stem: bool = False) -> tuple[sparse.csr_matrix, dict[str, int]]:
    """TF-IDF matrix of ``texts`` (fitted on ``texts`` themselves) and its vocabulary.

    Rows without a single content word are all zeros."""
    vocab: dict[str, int] = {}
    indptr = [0]
    indices: list[int] = []
    for text in texts:
        for tok in tokenise(text, stem):
            j = vocab.get(tok)
            if j is None:
                j = vocab[tok] = len(vocab)
            indices.append(j)
        indptr.append(len(indices))
    n = len(texts)
    data = np.ones(len(indices), dtype=np.float64)
    counts = sparse.csr_matrix((data, np.asarray(indices, dtype=np.int64), np.asarray(indptr)),
                               shape=(n, len(vocab)))
    counts.sum_duplicates()
    df = np.bincount(counts.indices, minlength=len(vocab))
    idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
    x = counts.multiply(idf[np.newaxis, :]).tocsr()
    return normalise_rows(x), vocab


def normalise_rows(x: sparse.csr_matrix) -> sparse.csr_matrix:
    """``x`` with each non-zero row scaled to unit L2 norm."""
    x = sparse.csr_matrix(x, dtype=np.float64, copy=True)
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    x.data /= np.repeat(norms, np.diff(x.indptr))
    return x


def tfidf_rows(texts: Sequence[str], rows: np.ndarray, stem: bool = False) -> sparse.csr_matrix:
    """TF-IDF of ``texts[rows]`` (fitted on those texts only) placed in a matrix with one row
    per text of ``texts``; the other rows are empty. For methods that only ever compare a
    subset of the sentences (it saves tokenising the rest)."""
    rows = np.asarray(rows, dtype=np.int64)
    sub, _ = tfidf([texts[i] for i in rows.tolist()], stem)
    counts = np.zeros(len(texts) + 1, dtype=np.int64)
    counts[rows + 1] = np.diff(sub.indptr)
    return sparse.csr_matrix((sub.data, sub.indices, np.cumsum(counts)), shape=(len(texts), sub.shape[1]))
