"""MinHash signatures of article bodies (numpy and datasketch): the computing half of
:mod:`dateline.annotate.stories`, imported when a signature is first needed."""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from dateline.annotate.stories import BANDS, MIN_WORDS, NUM_PERM, ROWS, SHINGLE_WORDS

__all__ = ["SCHEME", "SEED", "band_keys", "jaccard", "shingle_hashes", "signature", "values"]

#: The MinHash seed and permutation scheme (datasketch).
SEED = 1
SCHEME = "affine32"
# The polynomial hashes below work modulo 2**64 (numpy's uint64 wraps around); B is odd, so
# it has an inverse modulo 2**64.
_B = 0x9E3779B97F4A7C15
_B_INV = pow(_B, -1, 2**64)
_P = np.uint64(0x100000001B3)
_LOW = np.uint64(0xFFFFFFFF)
_CHUNK = 8192  # shingle hashes per MinHash update: a matrix of _CHUNK x NUM_PERM values
_HIGH = np.uint64(32)


def shingle_hashes(text: str) -> np.ndarray:
    """32-bit hashes (uint64 array, sorted, distinct) of the word :data:`SHINGLE_WORDS`-grams
    of ``text`` (runs of lower-cased letters and digits; punctuation, spaces and symbols
    separate words); empty when it has fewer than :data:`MIN_WORDS`
    words.

    Hand-written with numpy rather than hashing each shingle string in Python: a news
    article has about a thousand shingles, and building and hashing their strings one by one
    cost more (0.6 ms an article on Timeline17) than everything else ingest does to an
    untagged article. Each word's hash is a polynomial hash of its UTF-8 bytes, computed for
    all words at once from prefix sums; a shingle's hash combines the hashes of its words.
    """
    data = np.frombuffer(text.lower().encode("utf-8"), dtype=np.uint8)
    n = len(data)
    if n == 0:
        return np.zeros(0, dtype=np.uint64)
    # word bytes: ASCII digits and letters, and every byte of other characters except the
    # punctuation and spaces of U+00A0-U+00BF (C2 A0..BF) and U+2000-U+207F (E2 80..81 xx)
    word = ((data >= 48) & (data <= 57)) | ((data >= 97) & (data <= 122)) | (data >= 128)
    for lead, seconds, size in ((0xC2, (0xA0, 0xBF), 2), (0xE2, (0x80, 0x81), 3)):
        at = np.flatnonzero((data[: n - size + 1] == lead) & (data[1 : n - size + 2] >= seconds[0])
                            & (data[1 : n - size + 2] <= seconds[1])) if n >= size else np.zeros(0, np.int64)
        for k in range(size):
            word[at + k] = False
    before_word = np.concatenate(([False], word[:-1]))
    after_word = np.concatenate((word[1:], [False]))
    starts = np.flatnonzero(word & ~before_word)
    ends = np.flatnonzero(word & ~after_word)  # last byte of each word
    if len(starts) < MIN_WORDS:
        return np.zeros(0, dtype=np.uint64)
    fwd_pow, inv_pow = (p[:n] for p in _powers(n))
    with np.errstate(over="ignore"):
        prefix = np.cumsum((data.astype(np.uint64) + np.uint64(1)) * inv_pow)
        before = np.where(starts > 0, prefix[np.maximum(starts - 1, 0)], np.uint64(0))
        words = (prefix[ends] - before) * fwd_pow[ends]  # sum of c_j * B^(end - j)
        k = SHINGLE_WORDS
        count = len(words) - k + 1
        acc = np.zeros(count, dtype=np.uint64)
        for j in range(k):
            acc = acc * _P + words[j : j + count]
    hashes = np.sort((acc >> _HIGH) ^ (acc & _LOW))
    return hashes[np.concatenate(([True], hashes[1:] != hashes[:-1]))]


_POWERS: list[tuple[np.ndarray, np.ndarray]] = []


def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """B^j and B^-j (mod 2**64) for j < n, at least; computed once for the longest text yet."""
    if not _POWERS or len(_POWERS[0][0]) < n:
        size = max(n, 1 << 16)
        with np.errstate(over="ignore"):
            fwd = np.full(size, _B, dtype=np.uint64)
            fwd[0] = 1
            inv = np.full(size, _B_INV, dtype=np.uint64)
            inv[0] = 1
            _POWERS[:] = [(np.cumprod(fwd), np.cumprod(inv))]
    return _POWERS[0]


def _identity(value: Any) -> Any:
    """The hash function of the MinHash: the shingles are hashed already."""
    return value


@functools.cache
def _empty_minhash() -> Any:
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashfunc=_identity)


def signature(text: str) -> bytes | None:
    """The MinHash signature of ``text`` (:data:`NUM_PERM` little-endian uint32 values), or
    None when it has fewer than :data:`MIN_WORDS` words. Needs datasketch."""
    hashes = shingle_hashes(text)
    if not len(hashes):
        return None
    m = _empty_minhash().copy()
    # One item, an array of shingle hashes: update_batch turns what the hash function
    # returns into one column of values, so the array goes in whole instead of one Python
    # call per shingle (40% of the time). tests/test_stories.py checks that the result is
    # the one update_batch gives for the shingles one by one. In chunks, so that a huge
    # page (Timeline17 has one of 690 KB) does not make a matrix of hundreds of MB: the
    # minimum over chunks is the minimum over all.
    for start in range(0, len(hashes), _CHUNK):
        m.update_batch([hashes[start : start + _CHUNK]])
    return bytes(np.asarray(m.hashvalues, dtype="<u4").tobytes())


def values(sig: bytes) -> np.ndarray:
    return np.frombuffer(sig, dtype="<u4")


def jaccard(a: bytes, b: bytes) -> float:
    """The Jaccard similarity two signatures estimate: the share of equal values."""
    return float(np.count_nonzero(values(a) == values(b))) / NUM_PERM


_BAND_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], dtype=np.uint64)


def band_keys(sig: bytes) -> tuple[int, ...]:
    """The signature's :data:`BANDS` bands of :data:`ROWS` values, each hashed with its
    band number to a signed 64-bit integer (what SQL stores as INTEGER)."""
    rows = values(sig)[: BANDS * ROWS].astype(np.uint64).reshape(BANDS, ROWS)
    with np.errstate(over="ignore"):
        keys = np.arange(1, BANDS + 1, dtype=np.uint64) * _P
        for j in range(ROWS):
            keys = (keys ^ rows[:, j]) * _BAND_MIX[j % len(_BAND_MIX)]
        keys ^= keys >> np.uint64(29)
    return tuple(int(k) for k in keys.view(np.int64))
