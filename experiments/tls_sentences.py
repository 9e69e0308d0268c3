"""Sentence-selection experiments on Timeline17: supervised sentence scorers against
CENTROID-OPT, leave-one-topic-out, and the headroom (oracle rows).

    .venv/bin/python -m experiments.tls_sentences [--data DIR] [--no-sklearn]

**Training data**: for every task and every reference date d that is a candidate day, the
candidates of d as the default method sees them (:class:`dateline.tls.default.Candidates`),
those with a query keyword; the target of a sentence is its ROUGE-1 F1 (the benchmark's
ROUGE-1.5.5 counts) against the reference summary of d. **Features** of a candidate:
cosine with the candidates' centroid and its rank, whether it is dated to d (and the kind
of that expression: explicit, weekday, deictic), whether that expression is its first and
starts the sentence, how many days it names, whether it names d only in a subordinate
clause, whether it is a chronology entry, publication lag (and whether it is a preview),
position in its article, length, keyword count, agreement (other articles among the
candidates with a similar sentence), quotation marks, digits, and the number of
candidates.

**Scorers**, each trained without the topic it is applied to: ridge regression
(pointwise), ridge on the target minus the day's mean, pairwise logistic regression on
pairs of the same day, and (scikit-learn) gradient boosting. Measured two ways: the mean
target of the sentence each picks first on the reference dates (centroid and oracle
beside it), and end to end (``dateline bench t17`` scores) with the scorer choosing each
day's k sentences (best first, skipping a sentence with cosine > 0.5 to one chosen) in the
shipped method, dates unchanged; and CENTROID-OPT restricted to the scorer's top share.
Also: redundancy control against the sentences of neighbouring days only, and fewer than k
sentences per date.

**Oracle rows** (they read the reference, so they are headroom, not methods): the shipped
dates with the sentences that best match the nearest reference date's summary (greedy
ROUGE-1 F1), the reference dates with the shipped summaries, and both.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

import numpy as np
from bench import common, tls_data

from experiments.tls_dates import _kind

FEATURES = ("centroid", "centroid_rank", "dated", "explicit", "weekday", "deictic", "first", "initial",
            "days_named", "subordinate", "chronology", "lag", "preview", "position", "tokens", "keywords",
            "agreement", "quote", "digits", "candidates")
_QUOTE = re.compile(r"``|''|\"")
_DIGIT = re.compile(r"\d")


class Task:
    """One benchmark task prepared as the shipped method sees it."""

    def __init__(self, task, ti) -> None:  # type: ignore[no-untyped-def]
        from dateline.evaluate.rouge import Summary
        from dateline.tls import default, methods, ranker
        from dateline.tls.corpus import timex_day

        self.task, self.ti = task, ti
        self.model = ranker.load_model("dateline", ti.held_out)
        self.options = default.Options(**self.model.options)
        self.coll, self.x, self.allowed, self.window = methods.prepare_dateline(ti, self.options)
        self.cands = default.Candidates(self.coll, self.allowed, self.options)
        coll = self.coll
        kws = [k.lower() for k in ti.keywords]
        self.keywords = np.array([sum(t.lower().count(k) for k in kws) for t in coll.texts], dtype=np.float64)
        self.tokens = np.array([len(t.split()) for t in coll.texts], dtype=np.float64)
        self.kind: dict[tuple[int, int], tuple[int, bool, bool]] = {}  # (row, day) -> kind, first, initial
        i = 0
        for a in ti.articles:
            for s_i, s in enumerate(a.sentences):
                first = True
                for t in a.sentence_timexes(s_i):
                    d = timex_day(t)
                    if d is None:
                        continue
                    if first and coll.chronology[i]:
                        d = int(coll.about_day[i])
                    self.kind.setdefault((i, d), (_kind(t.text), first, t.start - s.start < 4))
                    first = False
                i += 1
        self.refs = {e.date.toordinal(): Summary(e.sentences) for e in task.reference.entries}

    def features(self, rows: np.ndarray, d: int) -> np.ndarray:
        coll, x = self.coll, self.x[rows]
        c = np.asarray(x.sum(axis=0)).ravel()
        c /= max(np.linalg.norm(c), 1e-12)
        cen = x @ c
        rank = np.argsort(np.argsort(-cen)) / max(len(rows), 1)
        arts = coll.article[rows]
        sims = (x @ x.T).toarray()
        similar = (sims > 0.25) & (arts[:, None] != arts[None, :])
        agree = np.array([len(set(arts[similar[r]].tolist())) for r in range(len(rows))])
        out = np.zeros((len(rows), len(FEATURES)))
        for r, i in enumerate(rows.tolist()):
            kind, first, initial = self.kind.get((i, d), (-1, False, False))
            lag = int(coll.pub[i]) - d
            out[r] = (cen[r], rank[r], kind >= 0, kind == 0, kind == 1, kind == 2, first, initial,
                      np.log1p(len(coll.mentions[i])), coll.subordinate[i], coll.chronology[i],
                      np.log1p(max(lag, 0)), lag < 0, np.log1p(coll.position[i]), np.log(self.tokens[i] + 1),
                      np.log1p(self.keywords[i]), np.log1p(agree[r]), bool(_QUOTE.search(coll.texts[i])),
                      bool(_DIGIT.search(coll.texts[i])), np.log(len(rows)))
        return out

    def target(self, rows: np.ndarray, d: int) -> np.ndarray:
        return np.array([self.rouge1_f([self.coll.texts[i]], d) for i in rows.tolist()])

    def rouge1_f(self, sentences: list[str], d: int) -> float:
        from dateline.evaluate.rouge import Summary, hits

        peer, model = Summary(sentences), self.refs[d]
        h = hits(peer, model, 1)
        return 2 * h / max(peer.counts[1] + model.counts[1], 1)


def dataset(tasks: list[Task]) -> list[dict]:
    out = []
    for t_i, t in enumerate(tasks):
        for d in t.refs:
            rows = t.cands.rows(d, t.x)
            if not len(rows):
                continue
            ok = t.allowed[rows]
            if ok.sum() < 2:
                continue
            rows = rows[ok]
            out.append({"task": t_i, "topic": t.task.topic, "day": d, "x": t.features(rows, d),
                        "y": t.target(rows, d)})
    return out


def _standardiser(x: np.ndarray):  # type: ignore[no-untyped-def]
    mu, sd = x.mean(axis=0), x.std(axis=0)
    sd[sd == 0] = 1.0
    return lambda z: (z - mu) / sd


def ridge(data: list[dict], demean: bool = False, l2: float = 1.0):  # type: ignore[no-untyped-def]
    x = np.vstack([e["x"] for e in data])
    y = np.concatenate([e["y"] - (e["y"].mean() if demean else 0.0) for e in data])
    st = _standardiser(x)
    a = np.hstack([st(x), np.ones((len(x), 1))])
    w = np.linalg.solve(a.T @ a + l2 * np.eye(a.shape[1]), a.T @ y)
    return lambda z: st(z) @ w[:-1]


def pairwise(data: list[dict], l2: float = 100.0):  # type: ignore[no-untyped-def]
    from dateline.tls.ranker import fit_logistic

    rng = np.random.default_rng(0)
    st = _standardiser(np.vstack([e["x"] for e in data]))
    diffs, labels = [], []
    for e in data:
        n = len(e["y"])
        i, j = rng.integers(0, n, 30), rng.integers(0, n, 30)
        keep = np.abs(e["y"][i] - e["y"][j]) > 0.05
        i, j = i[keep], j[keep]
        diffs.append(st(e["x"][i]) - st(e["x"][j]))
        labels.append((e["y"][i] > e["y"][j]).astype(np.float64))
    coef, _ = fit_logistic(np.vstack(diffs), np.concatenate(labels), l2)
    return lambda z: st(z) @ coef


def boosting(data: list[dict]):  # type: ignore[no-untyped-def]
    from sklearn.ensemble import HistGradientBoostingRegressor

    model = HistGradientBoostingRegressor(max_iter=200, learning_rate=0.05, max_leaf_nodes=15, min_samples_leaf=40,
                                          random_state=0)
    model.fit(np.vstack([e["x"] for e in data]), np.concatenate([e["y"] for e in data]))
    return model.predict


def run(tasks: list[Task], summarise_for=None, oracle_dates: bool = False) -> list:  # type: ignore[no-untyped-def]
    """Benchmark results of the shipped method on every task, with ``summarise_for(task)``
    as the per-day summariser and/or the reference dates ranked first."""
    from dateline.evaluate import protocol
    from dateline.evaluate.timeline import evaluate
    from dateline.tls import default
    from dateline.tls.corpus import make_timeline
    from dateline.tls.features import candidate_days

    out = []
    for t in tasks:
        model = t.model
        if oracle_dates:
            model = _Oracle(np.isin(candidate_days(t.coll, t.window), list(t.refs)), t.model)  # type: ignore[assignment]
        kw = {"summarise": summarise_for(t)} if summarise_for else {}
        picks = default.select(t.coll, t.x, t.allowed, t.ti.dates, t.ti.per_date, t.window, model=model,
                               options=t.options, **kw)  # type: ignore[arg-type]
        tl = make_timeline(t.coll, picks, name=t.ti.name)
        protocol.check_output(t.task, tl, "experiment")
        out.append(protocol.TaskResult(t.task, len(t.ti.articles), tl, evaluate(tl, t.task.reference)))
    return out


class _Oracle:
    """A date ranker that puts the reference dates first (then the shipped order)."""

    def __init__(self, is_ref: np.ndarray, model) -> None:  # type: ignore[no-untyped-def]
        self.is_ref, self.model = is_ref, model

    def score(self, feats: np.ndarray) -> np.ndarray:
        return self.is_ref * 1000.0 + self.model.score(feats)


def scorer_summariser(scores_for):  # type: ignore[no-untyped-def]
    """A summariser that takes each day's best-scored sentences (cosine <= 0.5 to the chosen)."""
    def for_task(t: Task):  # type: ignore[no-untyped-def]
        score = scores_for(t)

        def summarise(x, rows, day, k, mask):  # type: ignore[no-untyped-def]
            s = np.where(mask, score(t.features(rows, day)), -np.inf)
            chosen: list[int] = []
            for i in np.argsort(-s, kind="stable").tolist():
                if len(chosen) >= k or not np.isfinite(s[i]):
                    break
                if chosen and (x[i] @ x[chosen].T).toarray().max() > 0.5:
                    continue
                chosen.append(i)
            return chosen

        return summarise

    return for_task


def filtered_centroid(scores_for, share: float):  # type: ignore[no-untyped-def]
    """CENTROID-OPT among the day's candidates the scorer puts in its top ``share``."""
    from dateline.tls.summarise import centroid_opt

    def for_task(t: Task):  # type: ignore[no-untyped-def]
        score = scores_for(t)

        def summarise(x, rows, day, k, mask):  # type: ignore[no-untyped-def]
            s = score(t.features(rows, day))
            if mask.sum() >= 4:
                top = mask & (s >= np.quantile(s[mask], 1 - share))
                mask = top if top.any() else mask
            return centroid_opt(x, k, mask)

        return summarise

    return for_task


def neighbour_redundancy(width: int, threshold: float):  # type: ignore[no-untyped-def]
    """CENTROID-OPT skipping candidates closer than ``threshold`` (cosine) to a sentence
    already chosen for a day within ``width`` days (when that leaves some)."""
    from dateline.tls.summarise import centroid_opt

    def for_task(t: Task):  # type: ignore[no-untyped-def]
        used: dict[int, list[int]] = {}

        def summarise(x, rows, day, k, mask):  # type: ignore[no-untyped-def]
            near = [r for d, rs in used.items() if abs(d - day) <= width for r in rs]
            if near:
                close = (x @ t.x[near].T).toarray().max(axis=1) > threshold
                mask = mask & ~close if (mask & ~close).any() else mask
            chosen = centroid_opt(x, k, mask)
            used[day] = [int(rows[c]) for c in chosen]
            return chosen

        return summarise

    return for_task


def fewer_sentences(share: float):  # type: ignore[no-untyped-def]
    """CENTROID-OPT with round(share * k) sentences (at least one) instead of k."""
    from dateline.tls.summarise import centroid_opt

    def for_task(t: Task):  # type: ignore[no-untyped-def]
        def summarise(x, rows, day, k, mask):  # type: ignore[no-untyped-def]
            return centroid_opt(x, max(1, round(k * share)), mask)

        return summarise

    return for_task


def oracle_summariser(t: Task):  # type: ignore[no-untyped-def]
    """Greedy: add the candidate that most raises ROUGE-1 F1 against the reference summary of
    the reference date nearest to the day."""
    def summarise(x, rows, day, k, mask):  # type: ignore[no-untyped-def]
        ref = min(t.refs, key=lambda r: (abs(r - day), r))
        chosen: list[int] = []
        texts: list[str] = []
        for _ in range(k):
            best, value = None, -1.0
            for i in np.flatnonzero(mask).tolist():
                if i in chosen:
                    continue
                v = t.rouge1_f([*texts, t.coll.texts[rows[i]]], ref)
                if v > value:
                    best, value = i, v
            if best is None:
                break
            chosen.append(best)
            texts.append(t.coll.texts[rows[best]])
        return chosen

    return summarise


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, help=tls_data.DATA_HELP)
    ap.add_argument("--no-sklearn", action="store_true", help="skip gradient boosting")
    args = ap.parse_args()
    args.data = common.timeline17(args.data)
    from dateline.evaluate.protocol import average
    from dateline.timex import TAGGER_VERSION

    t0 = time.perf_counter()
    pairs, _ = tls_data.load(args.data)
    tasks = [Task(task, ti) for task, ti in pairs]
    data = dataset(tasks)
    topics = sorted({t.task.topic for t in tasks})
    print(f"{len(tasks)} tasks, tagger {TAGGER_VERSION}: {len(data)} reference dates with candidates, "
          f"{sum(len(e['y']) for e in data)} candidate sentences ({time.perf_counter() - t0:.0f} s)\n")

    learners = {"ridge regression": ridge, "ridge on the target minus the day's mean":
                lambda d: ridge(d, demean=True), "pairwise logistic regression (same-day pairs)": pairwise}
    if not args.no_sklearn:
        try:
            import sklearn  # noqa: F401
        except ImportError:
            print("(scikit-learn not installed: no gradient boosting)\n")
        else:
            learners["gradient boosting"] = boosting
    trained = {name: {held: fit([e for e in data if e["topic"] != held]) for held in topics}
               for name, fit in learners.items()}

    print("mean ROUGE-1 F1 of the first sentence picked on the reference dates (LOTO)")
    centroid = np.mean([e["y"][np.argmax(e["x"][:, 0])] for e in data])
    print(f"  {'centroid (cosine with the candidates centroid)':58s} {centroid:.4f}")
    for name, models in trained.items():
        v = np.mean([e["y"][np.argmax(models[e["topic"]](e["x"]))] for e in data])
        print(f"  {name:58s} {v:.4f}")
    print(f"  {'oracle':58s} {np.mean([e['y'].max() for e in data]):.4f}")

    def show(label: str, results: list) -> None:  # type: ignore[type-arg]
        avg = average(results)
        print(f"  {label:58s} " + " ".join(f"{avg[k].f1:7.4f}" for k in ("AR1", "AR2", "Date", "concat-R1")),
              flush=True)

    print(f"\nend to end (dateline bench t17 scores)\n  {'':58s} {'AR1-F':>7s} {'AR2-F':>7s} {'Date-F1':>7s} "
          f"{'cR1-F':>7s}")
    show("shipped (CENTROID-OPT)", run(tasks))
    for name, models in trained.items():
        show(f"{name} picks the sentences", run(tasks, scorer_summariser(lambda t, m=models: m[t.task.topic])))
    ridge_models = trained["ridge regression"]
    for share in (0.75, 0.5):
        show(f"CENTROID-OPT among the top {share:.0%} by ridge regression",
             run(tasks, filtered_centroid(lambda t: ridge_models[t.task.topic], share)))
    for width in (1, 3, 7):
        show(f"no sentence with cosine > 0.5 to one of a day within {width}",
             run(tasks, neighbour_redundancy(width, 0.5)))
    for share in (0.75, 0.5):
        show(f"fewer sentences: round({share:g} k)", run(tasks, fewer_sentences(share)))
    print("\nheadroom (reads the reference: not methods)")
    show("shipped dates, oracle sentences", run(tasks, oracle_summariser))
    show("reference dates, shipped summaries", run(tasks, oracle_dates=True))
    show("reference dates, oracle sentences", run(tasks, oracle_summariser, oracle_dates=True))
    print(f"\n({time.perf_counter() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
