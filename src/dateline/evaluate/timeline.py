"""The TILSE timeline metrics (Martschat & Markert 2017), computed as tilse 0.2.1 does.

:func:`evaluate` scores a system timeline against one or more reference timelines with
the five ROUGE variants of ``tilse.evaluation.rouge.TimelineRougeEvaluator`` (each with
ROUGE-1 and ROUGE-2 precision, recall and F1) and the date scores of
``tilse.evaluation.dates.evaluate_dates``. ROUGE counts come from
:mod:`dateline.evaluate.rouge` (identical to the Perl ROUGE-1.5.5 that tilse runs with
``rouge_computation="original"``).

The metrics, with *S* the system's dates, *R* the union of the references' dates, and one
ROUGE run giving (hit, peer count, model count) for a system day against the references'
days (a reference without that date is an empty model; the peer count is counted once per
reference, ROUGE-1.5.5's score mode A):

- ``concat``: one ROUGE run on all system sentences (dates ascending) against all sentences
  of each reference. Precision = hit / peer, recall = hit / model.
- ``agreement``: one run per date in S ∪ R on the same date; precision sums hits and peer
  counts over S, recall sums hits and model counts over R.
- ``align``: the system and reference dates are aligned one-to-one with
  :func:`scipy.optimize.linear_sum_assignment` on the date cost ``1 - 1/(|d_s - d_r| + 1)``;
  an aligned pair contributes its hit weighted by ``1/(|d_s - d_r| + 1)``, unaligned dates
  contribute their peer (precision) or model (recall) count with no hit. Precision and
  recall are aligned separately (rows = system dates for precision, reference dates for
  recall), as tilse does.
- ``align_plus`` (tilse: ``align_date_content_costs``): the cost is the date cost times
  ``1 - F1`` of tilse's approximate ROUGE-1 between the two days (whitespace tokens, tokens
  that are a substring of ``string.punctuation`` dropped, case-sensitive, no stemming).
- ``align_plus_m1`` (``align_date_content_costs_many_to_one``): the same costs, but every
  row is assigned its cheapest column (``numpy.argmin``: the first of equal minima), so
  several system dates may share a reference date.
- ``dates``: precision |S ∩ R| / |S|, recall |S ∩ R| / |R|.

F1 is ``2PR / (P + R)`` (0 when P + R = 0), for every metric.

Reproducing tilse bit for bit. Every quantity is computed with the same floating-point
operations in the same order (weights ``1/(|d|+1)``, costs, the sums of weighted hits), so
the cost matrices are identical to tilse's and the alignment is the one tilse gets *with
the same SciPy*: where several alignments have the same minimal cost (a system date exactly
between two reference dates; every same-day pair has cost 0 under ``align_plus``), the one
chosen is whatever ``linear_sum_assignment`` returns for that matrix. SciPy < 1.4 solved it
with the Hungarian method, SciPy >= 1.4 with a shortest augmenting path algorithm (LAPJV
style); the two may pick different optimal alignments in such ties and then give different
``align``/``align_plus`` ROUGE. We call the installed SciPy on tilse's exact matrix, so
dateline and tilse agree whenever they run on the same SciPy (the reference numbers in
``tests/fixtures/tilse`` record the SciPy version that produced them).
``align_plus_m1`` does not depend on the SciPy version.

Where tilse crashes, dateline returns zeros and issues a :class:`ScoringWarning`:

- an empty system timeline (tilse: ``ZeroDivisionError`` in ``concat`` and the date
  scores, a ValueError in the alignment),
- a system timeline whose sentences have no countable token (only stopwords,
  punctuation or nothing: ``concat`` divides by a peer count of 0),
- an empty reference (every recall is 0/0).
"""

from __future__ import annotations

import string
import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from scipy import sparse
from scipy.optimize import linear_sum_assignment

from dateline.evaluate.rouge import EMPTY, NGRAM_SIZES, Summary, hits
from dateline.model import Timeline

__all__ = [
    "METRICS",
    "PRF",
    "RougePRF",
    "ScoringWarning",
    "TILSE_METRIC_NAMES",
    "TimelineScores",
    "content_tokens",
    "date_scores",
    "evaluate",
    "f1",
]

#: The five ROUGE variants, in tilse's order, by the names dateline uses.
METRICS = ("concat", "agreement", "align", "align_plus", "align_plus_m1")
#: dateline name → the key of ``TimelineRougeEvaluator.evaluate_all``.
TILSE_METRIC_NAMES = {
    "concat": "concat",
    "agreement": "agreement",
    "align": "align_date_costs",
    "align_plus": "align_date_content_costs",
    "align_plus_m1": "align_date_content_costs_many_to_one",
}


#: A one-to-one assignment solver: cost matrix -> (sorted row indices, their columns).
Assignment = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]


class ScoringWarning(UserWarning):
    """A score was set to 0 where tilse would crash (empty timeline, nothing to count)."""


def f1(precision: float, recall: float) -> float:
    """``2PR/(P+R)``, 0 when both are 0 (``tilse.evaluation.util.get_f_score``, beta 1)."""
    if precision + recall == 0:
        return 0.0
    return 2 * precision * recall / (precision + recall)


@dataclass(frozen=True, slots=True)
class PRF:
    precision: float
    recall: float
    f1: float

    @classmethod
    def of(cls, precision: float, recall: float) -> PRF:
        return cls(float(precision), float(recall), float(f1(precision, recall)))

    def to_dict(self) -> dict[str, float]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1}


ZERO = PRF(0.0, 0.0, 0.0)


@dataclass(frozen=True, slots=True)
class RougePRF:
    rouge_1: PRF
    rouge_2: PRF

    def to_dict(self) -> dict[str, dict[str, float]]:
        return {"rouge_1": self.rouge_1.to_dict(), "rouge_2": self.rouge_2.to_dict()}


@dataclass(frozen=True, slots=True)
class TimelineScores:
    """All TILSE scores of one system timeline against its references."""

    concat: RougePRF
    agreement: RougePRF
    align: RougePRF
    align_plus: RougePRF
    align_plus_m1: RougePRF
    dates: PRF

    def metric(self, name: str) -> RougePRF:
        if name not in METRICS:
            raise KeyError(f"unknown metric {name!r}: expected one of {', '.join(METRICS)}")
        scores: RougePRF = getattr(self, name)
        return scores

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``dateline evaluate --json``."""
        out: dict[str, Any] = {m: self.metric(m).to_dict() for m in METRICS}
        out["dates"] = self.dates.to_dict()
        return out


_ZERO_ROUGE = RougePRF(ZERO, ZERO)


def _warn(message: str) -> None:
    warnings.warn(ScoringWarning(message), stacklevel=3)


def content_tokens(sentence: str) -> list[str]:
    """Tokens of tilse's approximate ROUGE-1 (``util.compute_rouge_approximation``), which
    drives the ``align_plus`` costs: whitespace tokens, minus every token that is a
    substring of ``string.punctuation`` (``.``, ``--``, ``()``), case kept, no stemming."""
    return [t for t in sentence.split() if t not in string.punctuation]


def _as_list(references: Timeline | Sequence[Timeline]) -> list[Timeline]:
    return [references] if isinstance(references, Timeline) else list(references)


def date_scores(system: Timeline, references: Timeline | Sequence[Timeline]) -> PRF:
    """Date precision, recall and F1 (``tilse.evaluation.dates.evaluate_dates``)."""
    refs = _as_list(references)
    pred = set(system.dates)
    gold = {d for r in refs for d in r.dates}
    both = len(pred & gold)
    if not pred or not gold:
        return ZERO
    return PRF.of(both / len(pred), both / len(gold))


class _Pair:
    """A system timeline against its references, with everything the metrics share."""

    def __init__(self, system: Timeline, references: list[Timeline]) -> None:
        self.pred_dates: list[date] = list(system.dates)  # Timeline keeps them ascending
        self.ref_dates: list[date] = sorted({d for r in references for d in r.dates})
        self.n_refs = len(references)
        self.pred_sents: list[tuple[str, ...]] = [e.sentences for e in system.entries]
        by_date = [{e.date: e.sentences for e in r.entries} for r in references]
        self.ref_sents: list[list[tuple[str, ...] | None]] = [
            [m.get(d) for m in by_date] for d in self.ref_dates
        ]
        self.pred = [Summary(s) for s in self.pred_sents]
        self.ref = [[EMPTY if s is None else Summary(s) for s in row] for row in self.ref_sents]
        self._hits: dict[tuple[int, int], tuple[int, ...]] = {}

    # ROUGE counts of system day i against reference day j, as tilse's _get_rouge_counts.
    def hit(self, i: int, j: int) -> tuple[int, ...]:
        key = (i, j)
        got = self._hits.get(key)
        if got is None:
            p = self.pred[i]
            got = tuple(sum(hits(p, m, n) for m in self.ref[j]) for n in NGRAM_SIZES)
            self._hits[key] = got
        return got

    def peer(self, i: int) -> tuple[int, ...]:
        return tuple(self.pred[i].counts[n] * self.n_refs for n in NGRAM_SIZES)

    def model(self, j: int) -> tuple[int, ...]:
        return tuple(sum(m.counts[n] for m in self.ref[j]) for n in NGRAM_SIZES)

    # --- the metrics ---------------------------------------------------------------------

    def concat(self, references: list[Timeline]) -> RougePRF:
        peer = Summary(s for sents in self.pred_sents for s in sents)
        models = [Summary(s for e in r.entries for s in e.sentences) for r in references]
        out = []
        for n in NGRAM_SIZES:
            hit = sum(hits(peer, m, n) for m in models)
            p_count = peer.counts[n] * len(models)
            m_count = sum(m.counts[n] for m in models)
            if p_count == 0:
                _warn(
                    f"concat ROUGE-{n}: the system timeline has no {n}-gram to count "
                    "(empty, or only stopwords/punctuation): precision set to 0 "
                    "(tilse raises ZeroDivisionError)"
                )
            if m_count == 0:
                _warn(
                    f"concat ROUGE-{n}: the reference has no {n}-gram to count: recall set to 0 "
                    "(tilse raises ZeroDivisionError)"
                )
            prec = hit / p_count if p_count else 0.0
            rec = hit / m_count if m_count else 0.0
            out.append(PRF.of(prec, rec))
        return RougePRF(*out)

    def agreement(self) -> RougePRF:
        ref_index = {d: j for j, d in enumerate(self.ref_dates)}
        sums = [[0, 0, 0, 0] for _ in NGRAM_SIZES]  # prec num, prec den, rec num, rec den
        for i, d in enumerate(self.pred_dates):
            j = ref_index.get(d)
            h = self.hit(i, j) if j is not None else (0,) * len(NGRAM_SIZES)
            for k, (hk, pk) in enumerate(zip(h, self.peer(i), strict=True)):
                sums[k][0] += hk
                sums[k][1] += pk
        pred_index = {d: i for i, d in enumerate(self.pred_dates)}
        for j, d in enumerate(self.ref_dates):
            at = pred_index.get(d)
            h = self.hit(at, j) if at is not None else (0,) * len(NGRAM_SIZES)
            for k, (hk, mk) in enumerate(zip(h, self.model(j), strict=True)):
                sums[k][2] += hk
                sums[k][3] += mk
        return RougePRF(
            *(
                PRF.of(pn / pd if pd else 0.0, rn / rd if rd else 0.0)
                for pn, pd, rn, rd in sums
            )
        )

    def aligned(self, prec_costs: np.ndarray, assign: Assignment) -> RougePRF:
        """tilse's ``_evaluate_per_day_mapping_micro``: rows of ``prec_costs`` are system
        dates, columns reference dates; recall uses the transposed matrix."""
        n = len(NGRAM_SIZES)
        pdates = [d.toordinal() for d in self.pred_dates]
        rdates = [d.toordinal() for d in self.ref_dates]
        prec_num: list[list[float]] = [[] for _ in range(n)]
        prec_den: list[list[int]] = [[] for _ in range(n)]
        rec_num: list[list[float]] = [[] for _ in range(n)]
        rec_den: list[list[int]] = [[] for _ in range(n)]

        rows, cols = assign(prec_costs)
        for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
            w = 1 / (abs(pdates[i] - rdates[j]) + 1)
            for k, (hk, pk) in enumerate(zip(self.hit(i, j), self.peer(i), strict=True)):
                prec_num[k].append(w * hk)
                prec_den[k].append(pk)
        matched = set(rows.tolist())
        for i in range(len(pdates)):
            if i not in matched:
                for k, pk in enumerate(self.peer(i)):
                    prec_num[k].append(0)
                    prec_den[k].append(pk)

        rows, cols = assign(np.array(prec_costs.T))
        for j, i in zip(rows.tolist(), cols.tolist(), strict=True):
            w = 1 / (abs(pdates[i] - rdates[j]) + 1)
            for k, (hk, mk) in enumerate(zip(self.hit(i, j), self.model(j), strict=True)):
                rec_num[k].append(w * hk)
                rec_den[k].append(mk)
        matched = set(rows.tolist())
        for j in range(len(rdates)):
            if j not in matched:
                for k, mk in enumerate(self.model(j)):
                    rec_num[k].append(0)
                    rec_den[k].append(mk)

        out = []
        for k in range(n):
            pd, rd = sum(prec_den[k]), sum(rec_den[k])
            prec = sum(prec_num[k]) / pd if pd else 0.0
            rec = sum(rec_num[k]) / rd if rd else 0.0
            out.append(PRF.of(prec, rec))
        return RougePRF(*out)

    # --- cost matrices (rows: system dates, columns: reference dates) --------------------

    def date_costs(self) -> np.ndarray:
        p = np.array([d.toordinal() for d in self.pred_dates], dtype=np.int64)
        r = np.array([d.toordinal() for d in self.ref_dates], dtype=np.int64)
        costs: np.ndarray = 1 - 1 / (np.abs(p[:, None] - r[None, :]) + 1)
        return costs

    def content_f1(self) -> np.ndarray:
        """tilse's approximate ROUGE-1 F1 of every system day against every reference day.

        The clipped match ``sum_t min(a_t, b_t)`` of all pairs at once: ``min(a, b)`` is the
        number of thresholds ``c >= 1`` with ``a >= c`` and ``b >= c``, so the match matrix
        is a sum of products of sparse 0/1 matrices (exact in float64 for these counts).
        """
        pred = [Counter(t for s in sents for t in content_tokens(s)) for sents in self.pred_sents]
        refs = [
            [Counter(t for s in (sents or ()) for t in content_tokens(s)) for sents in row]
            for row in self.ref_sents
        ]
        vocab: dict[str, int] = {}
        for c in pred:
            for t in c:
                vocab.setdefault(t, len(vocab))
        n_p, n_r, n_v = len(pred), len(self.ref_dates), len(vocab)

        def matrix(rows: list[Counter[str]], n_rows: int) -> sparse.csr_matrix:
            r, c, v = [], [], []
            for i, counter in enumerate(rows):
                for t, k in counter.items():
                    col = vocab.get(t)
                    if col is not None:
                        r.append(i)
                        c.append(col)
                        v.append(k)
            return sparse.csr_matrix((np.array(v, dtype=np.float64), (r, c)), shape=(n_rows, n_v))

        a = matrix(pred, n_p)
        match = np.zeros((n_p, n_r))
        for x in range(self.n_refs):  # one reference timeline at a time
            b = matrix([row[x] for row in refs], n_r)
            top = int(min(a.data.max(initial=0), b.data.max(initial=0)))
            for c_ in range(1, top + 1):
                a_c = (a >= c_).astype(np.float64)
                b_c = (b >= c_).astype(np.float64)
                match += (a_c @ b_c.T).toarray()
        prec_den = np.array([sum(c.values()) for c in pred], dtype=np.float64) * self.n_refs
        rec_den = np.array(
            [sum(sum(c.values()) for c in row) for row in refs], dtype=np.float64
        )
        with np.errstate(divide="ignore", invalid="ignore"):
            prec = np.where(prec_den[:, None] > 0, match / prec_den[:, None], 0.0)
            rec = np.where(rec_den[None, :] > 0, match / rec_den[None, :], 0.0)
            s = prec + rec
            f1s: np.ndarray = np.where(s == 0, 0.0, 2 * prec * rec / s)
            return f1s

    def date_content_costs(self) -> np.ndarray:
        costs: np.ndarray = self.date_costs() * (1 - self.content_f1())
        return costs


def _many_to_one(costs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """tilse's ``_assign_to_min_cost``: each row to its cheapest column (first minimum)."""
    return np.arange(costs.shape[0]), costs.argmin(axis=1)


def evaluate(
    system: Timeline,
    references: Timeline | Sequence[Timeline],
    *,
    assignment: Assignment | None = None,
) -> TimelineScores:
    """All TILSE scores of ``system`` against ``references`` (one timeline or several:
    tilse's ``GroundTruth``). See the module docstring for what each one is and for the
    cases where tilse crashes and dateline returns zeros with a :class:`ScoringWarning`.

    ``assignment`` replaces :func:`scipy.optimize.linear_sum_assignment` for ``align`` and
    ``align_plus`` (same signature: a cost matrix to sorted row indices and their columns);
    it exists to measure how much a different choice among equally cheap alignments
    changes the scores (``bench/evaluate.py``)."""
    refs = _as_list(references)
    if not refs:
        raise ValueError("evaluate() needs at least one reference timeline")
    if not system.entries or not any(r.entries for r in refs):
        which = "system" if not system.entries else "reference"
        _warn(
            f"the {which} timeline has no dates: every score set to 0 "
            "(tilse raises ZeroDivisionError/ValueError)"
        )
        return TimelineScores(concat=_ZERO_ROUGE, agreement=_ZERO_ROUGE, align=_ZERO_ROUGE,
                              align_plus=_ZERO_ROUGE, align_plus_m1=_ZERO_ROUGE, dates=ZERO)

    solve: Assignment = linear_sum_assignment if assignment is None else assignment
    pair = _Pair(system, refs)
    content = pair.date_content_costs()
    return TimelineScores(
        concat=pair.concat(refs),
        agreement=pair.agreement(),
        align=pair.aligned(pair.date_costs(), solve),
        align_plus=pair.aligned(content, solve),
        align_plus_m1=pair.aligned(content, _many_to_one),
        dates=date_scores(system, refs),
    )
