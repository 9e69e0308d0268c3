"""Per-date summaries: choose k sentences among a date's candidates.

:func:`centroid_opt` is DATEWISE's CENTROID-OPT summariser: greedily add the sentence that
makes the summary vector (the normalised sum of the chosen TF-IDF vectors) most similar to
the candidates' centroid; skip sentences the filter rejects and near-duplicates of chosen
ones (cosine above ``max_sim``). Ties go to the earlier candidate.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

__all__ = ["centroid_opt"]


def centroid_opt(
    x: sparse.csr_matrix,
    k: int,
    allowed: np.ndarray | None = None,
    *,
    max_sim: float = 0.9999,
    centroid: np.ndarray | None = None,
    blocked: sparse.csr_matrix | None = None,
) -> list[int]:
    """Indices (rows of ``x``) of at most ``k`` sentences, in the order chosen.

    ``x``: L2-normalised TF-IDF rows of the candidates. ``allowed``: boolean mask of rows
    that may be chosen (the keyword filter); the centroid is computed over all rows, allowed
    or not, as in DATEWISE. ``centroid`` overrides the centroid (a dense vector). ``blocked``:
    vectors of sentences already used elsewhere (e.g. on other dates): candidates more
    similar than ``max_sim`` to any of them are skipped too.
    """
    n = x.shape[0]
    if n == 0 or k <= 0:
        return []
    # work in the columns the candidates use (vocabularies are large, candidate sets small)
    cols = np.unique(x.indices)
    x = x[:, cols]
    if centroid is None:
        c = np.asarray(x.sum(axis=0)).ravel()
    else:
        c = np.asarray(centroid, dtype=np.float64).ravel()[cols]
    norm = np.linalg.norm(c)
    if norm == 0:
        return []
    c = c / norm
    xc = x @ c  # x_i . c
    sq = np.asarray(x.multiply(x).sum(axis=1)).ravel()  # ||x_i||^2
    ok = np.ones(n, dtype=bool) if allowed is None else np.asarray(allowed, dtype=bool).copy()
    ok &= sq > 0
    if blocked is not None and blocked.shape[0]:
        ok &= ~(np.asarray((x @ blocked[:, cols].T).max(axis=1).todense()).ravel() > max_sim)
    chosen: list[int] = []
    s = np.zeros(x.shape[1])
    s_c = 0.0
    s_sq = 0.0
    while len(chosen) < k and ok.any():
        xs = x @ s  # x_i . s
        num = s_c + xc
        den = np.sqrt(np.maximum(s_sq + 2 * xs + sq, 1e-300))
        score = np.where(ok, num / den, -np.inf)
        i = int(np.argmax(score))
        chosen.append(i)
        ok[i] = False
        row = x.getrow(i)
        s[row.indices] += row.data
        s_c += xc[i]
        s_sq = float(s @ s)
        sim = np.asarray((x @ row.T).todense()).ravel()
        ok &= ~(sim > max_sim)
    return chosen
