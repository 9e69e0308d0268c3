"""Date-selection experiments on Timeline17: which evidence and which learner choose the
reference dates, measured leave-one-topic-out.

    .venv/bin/python -m experiments.tls_dates [--data DIR] [--no-sklearn]

Measure: the Date-F1 of the top-l days of each task (precision and recall averaged over the
14 tasks, then their F1, as the benchmark does), every trained ranker trained without the
topic it ranks (leave-one-topic-out). This isolates date choice from the summaries (the
benchmark's Date-F1 of the same ranker is slightly higher, because days without a keyword
sentence are skipped and the next day taken). The shipped ranker is the first row; every
other row changes one thing. None of these features is in the library unless the table
says it helped; they are computed here from the collection (:mod:`dateline.tls.corpus`)
and the surface text of the time expressions.

Rows:

- **single features** (no training): the days with the highest count;
- **shipped subset + one feature** (logistic regression, l2 = 100, log counts standardised
  per task): mention kinds (explicit "Jan. 25" vs weekday vs deictic "yesterday"), keyword
  sentences only, first/about timex only, sentence-initial dates, chronology entries,
  retrospective references (articles >= 2 or >= 7 days later), lead sentences, temporal
  smoothing (neighbours' counts), local maxima (share of the count against the larger
  neighbour), ratios (e.g. share of explicit mentions), date-reference PageRank, and
  content features (coherence of the day's sentences across articles, novelty against the
  previous week, similarity to the topic centroid);
- **transforms and learners**: per-task rank normalisation, max scaling, task-weighted
  logistic regression, pairwise logistic regression, interactions with l / candidates,
  reciprocal-rank fusion, temporal diversity in the greedy choice, and (scikit-learn,
  when installed) gradient boosting and random forests on all features.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

import numpy as np
from bench import common, tls_data

SHIPPED = ("articles", "later_articles", "published", "chronologies")
_MONTH = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b\.?\s*\d|\d\s*(?:jan|feb|mar|apr|"
                    r"may|jun|jul|aug|sep|oct|nov|dec)|\d{4}-\d\d-\d\d|\d{1,2}/\d{1,2}", re.I)
_WEEKDAY = re.compile(r"\b(?:mon|tues?|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday)?\b", re.I)
_DEICTIC = re.compile(r"\b(?:today|yesterday|tomorrow|tonight|last night|this (?:morning|afternoon|evening))\b", re.I)
# mention table columns
DAY, ROW, ART, PUB, KIND, KW, FIRST, START, POS, ENTRY, ABOUT = range(11)


def _kind(text: str) -> int:
    """0 explicit (month and day, numeric), 1 weekday, 2 deictic, 3 other."""
    if _MONTH.search(text):
        return 0
    if _WEEKDAY.search(text):
        return 1
    return 2 if _DEICTIC.search(text) else 3


def task_data(task, ti) -> dict:  # type: ignore[no-untyped-def]
    from dateline.tls.corpus import timex_day

    coll, allowed, window, days = tls_data.ranker_inputs(ti)
    rows = []
    i = 0
    for a_i, a in enumerate(ti.articles):
        p = a.article.day.toordinal()
        for s_i, s in enumerate(a.sentences):
            seen: set[int] = set()
            first = True
            for t in a.sentence_timexes(s_i):
                d = timex_day(t)
                if d is None:
                    if t.type.value in ("DATE", "TIME") and t.value[:4].isdigit():
                        first = False
                    continue
                if first and coll.chronology[i]:
                    d = int(coll.about_day[i])  # the corrected entry day
                if d not in seen:
                    seen.add(d)
                    rows.append((d, i, a_i, p, _kind(t.text), allowed[i], first, t.start - s.start < 4, s_i,
                                 first and coll.chronology[i], d == coll.about_day[i]))
                first = False
            i += 1
    m = np.asarray(rows, dtype=np.int64).reshape(-1, 11)
    ref = {d.toordinal() for d in task.reference.dates}
    return {"topic": task.topic, "l": ti.dates, "ref": ref, "days": days, "m": m, "coll": coll,
            "allowed": allowed, "y": np.isin(days, list(ref)).astype(np.float64)}


def _count(t: dict, mask: np.ndarray, distinct: int | None = ART) -> np.ndarray:
    m = t["m"][mask]
    days = t["days"]
    idx = np.searchsorted(days, m[:, DAY])
    ok = (idx < len(days)) & (days[np.minimum(idx, len(days) - 1)] == m[:, DAY])
    m, idx = m[ok], idx[ok]
    if distinct is None:
        return np.bincount(idx, minlength=len(days)).astype(np.float64)
    pairs = np.unique(np.stack([idx, m[:, distinct]], 1), axis=0) if len(m) else np.zeros((0, 2), np.int64)
    return np.bincount(pairs[:, 0], minlength=len(days)).astype(np.float64)


def raw_features(t: dict) -> dict[str, np.ndarray]:
    from dateline.tls import features as lib

    m, days, coll = t["m"], t["days"], t["coll"]
    lag = m[:, PUB] - m[:, DAY]
    shipped = lib.raw_features(coll, days, t["allowed"])
    f = {name: shipped[:, j] for j, name in enumerate(lib.FEATURES)}
    art_days = np.zeros(len(coll.articles))
    u = np.unique(m[:, [ART, DAY]], axis=0)
    np.add.at(art_days, u[:, 0], 1)
    f.update({
        "keyword_mentions": _count(t, m[:, KW] == 1, None),
        "later2_articles": _count(t, lag >= 2),
        "later7_articles": _count(t, lag >= 7),
        "explicit_articles": _count(t, m[:, KIND] == 0),
        "explicit_later_articles": _count(t, (m[:, KIND] == 0) & (lag > 0)),
        "weekday_articles": _count(t, m[:, KIND] == 1),
        "deictic_articles": _count(t, m[:, KIND] == 2),
        "relative_articles": _count(t, m[:, KIND] != 0),
        "first_timex_articles": _count(t, m[:, FIRST] == 1),
        "about_articles": _count(t, m[:, ABOUT] == 1),
        "sentence_initial_articles": _count(t, m[:, START] == 1),
        "entry_articles": _count(t, m[:, ENTRY] == 1),
        "many_dates_articles": _count(t, art_days[m[:, ART]] >= 8),
        "lead_articles": _count(t, m[:, POS] <= 5),
        "keyword_later_articles": _count(t, (m[:, KW] == 1) & (lag > 0)),
        "pub_days_later": _count(t, lag > 0, PUB),
    })
    return f


def _neighbours(v: np.ndarray, days: np.ndarray, offsets: tuple[int, ...]) -> list[np.ndarray]:
    pos = {d: i for i, d in enumerate(days.tolist())}
    return [np.array([v[pos[d + o]] if d + o in pos else 0.0 for d in days.tolist()]) for o in offsets]


def derived(t: dict, name: str) -> np.ndarray:
    """A feature by name: a raw count, ``X@nb`` (sum of the counts of the days next to it),
    ``X@peak`` (its share against the larger neighbour), ``A/B`` (ratio)."""
    raw = t["raw"]
    if name.endswith("@nb"):
        return sum(_neighbours(raw[name[:-3]], t["days"], (-1, 1)))
    if name.endswith("@peak"):
        v = raw[name[:-5]]
        nb = np.maximum(*_neighbours(v, t["days"], (-1, 1)))
        return np.expm1(v / (v + nb + 1e-9) * np.log(2))  # standardise() takes log1p
    if "/" in name:
        a, b = name.split("/")
        return np.expm1(raw[a] / (raw[b] + 1) * np.log(2))
    return raw[name]


def matrix(t: dict, names: tuple[str, ...], transform: str = "std") -> np.ndarray:
    from dateline.tls.features import standardise

    x = np.stack([derived(t, n) for n in names], 1)
    if transform == "std":
        return standardise(x)
    if transform == "rank":
        from scipy.stats import rankdata

        return np.stack([rankdata(c) / len(c) for c in x.T], 1)
    if transform == "max":
        x = np.log1p(x)
        return x / np.maximum(x.max(axis=0), 1e-9)
    raise ValueError(transform)


def date_f1(tasks: list[dict], scores: list[np.ndarray], pick=None) -> float:  # type: ignore[no-untyped-def]
    precision, recall = [], []
    for t, s in zip(tasks, scores, strict=True):
        chosen = pick(t, s) if pick else t["days"][np.argsort(-s, kind="stable")[: t["l"]]].tolist()
        hits = len(set(chosen) & t["ref"])
        precision.append(hits / max(len(chosen), 1))
        recall.append(hits / len(t["ref"]))
    p, r = float(np.mean(precision)), float(np.mean(recall))
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def loto(tasks: list[dict], xs: list[np.ndarray], fit) -> list[np.ndarray]:  # type: ignore[no-untyped-def]
    """Scores of every task from a model ``fit(train_tasks_indices) -> score(x)`` trained
    without the task's topic."""
    out: list[np.ndarray] = [np.zeros(0)] * len(tasks)
    for held in sorted({t["topic"] for t in tasks}):
        train = [i for i, t in enumerate(tasks) if t["topic"] != held]
        score = fit(train)
        for i, t in enumerate(tasks):
            if t["topic"] == held:
                out[i] = score(xs[i])
    return out


def logistic(tasks: list[dict], xs: list[np.ndarray], l2: float = 100.0, weighting: str = "none"):  # type: ignore[no-untyped-def]
    from dateline.tls.ranker import fit_logistic

    def fit(train: list[int]):  # type: ignore[no-untyped-def]
        x = np.vstack([xs[i] for i in train])
        y = np.concatenate([tasks[i]["y"] for i in train])
        if weighting == "task":  # every task the same total weight
            w = np.concatenate([np.full(len(tasks[i]["y"]), 1 / len(tasks[i]["y"])) for i in train])
            x, y = _replicate(x, y, w)
        coef, b = fit_logistic(x, y, l2)
        return lambda z: z @ coef + b

    return fit


def _replicate(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Weighted examples as repetitions (weights scaled to at least one copy)."""
    reps = np.maximum(1, np.round(w / w.min())).astype(int)
    return np.repeat(x, reps, axis=0), np.repeat(y, reps)


def pairwise(tasks: list[dict], xs: list[np.ndarray], l2: float = 100.0):  # type: ignore[no-untyped-def]
    from dateline.tls.ranker import fit_logistic

    def fit(train: list[int]):  # type: ignore[no-untyped-def]
        rng = np.random.default_rng(0)
        diffs, labels = [], []
        for i in train:
            y = tasks[i]["y"]
            pos, neg = np.flatnonzero(y == 1), np.flatnonzero(y == 0)
            if not len(pos) or not len(neg):
                continue
            a, b = rng.choice(pos, 500), rng.choice(neg, 500)
            diffs += [xs[i][a] - xs[i][b], xs[i][b] - xs[i][a]]
            labels += [np.ones(500), np.zeros(500)]
        coef, _ = fit_logistic(np.vstack(diffs), np.concatenate(labels), l2)
        return lambda z: z @ coef

    return fit


def sklearn_model(tasks: list[dict], xs: list[np.ndarray], make):  # type: ignore[no-untyped-def]
    def fit(train: list[int]):  # type: ignore[no-untyped-def]
        model = make().fit(np.vstack([xs[i] for i in train]), np.concatenate([tasks[i]["y"] for i in train]))
        return lambda z: model.predict_proba(z)[:, 1]

    return fit


def pagerank(t: dict, damping: float = 0.85) -> np.ndarray:
    """PageRank of the days over the graph publication day -> referenced earlier day (one
    edge per article and day)."""
    from scipy import sparse

    days = t["days"]
    idx = {d: i for i, d in enumerate(days.tolist())}
    u = np.unique(t["m"][:, [ART, DAY, PUB]], axis=0)
    edges = [(idx[p], idx[d]) for _, d, p in u.tolist() if d in idx and p in idx and p > d]
    n = len(days)
    src, dst = (zip(*edges, strict=True) if edges else ((), ()))
    w = sparse.csr_matrix((np.ones(len(edges)), (list(src), list(dst))), shape=(n, n))
    out = np.asarray(w.sum(1)).ravel()
    step = sparse.diags(1 / np.where(out == 0, 1, out)) @ w
    r = np.full(n, 1 / n)
    for _ in range(100):
        r = (1 - damping) / n + damping * (step.T @ r + r[out == 0].sum() / n)
    return r * n * 10


def content_features(t: dict) -> dict[str, np.ndarray]:
    """Coherence (mean cosine between the day's sentences of different articles), novelty
    (1 - cosine with the previous seven days), topicality (cosine with the keyword
    sentences' centroid); TF-IDF over the sentences that name a day. Scaled to counts-like
    values so the same log-standardisation applies."""
    from dateline.tls.features import mentions_by_day
    from dateline.tls.vectors import tfidf_rows

    coll, days = t["coll"], t["days"]
    by_day = mentions_by_day(coll)
    dated = np.flatnonzero(np.fromiter((bool(m) for m in coll.mentions), bool, count=len(coll)))
    x = tfidf_rows(coll.texts, dated)
    cents = np.zeros((len(days), x.shape[1]))
    coh = np.zeros(len(days))
    for j, d in enumerate(days.tolist()):
        rows = by_day.get(d, [])
        if not rows:
            continue
        xr = x[rows]
        cents[j] = np.asarray(xr.sum(axis=0)).ravel()
        arts = coll.article[rows]
        sims = (xr @ xr.T).toarray()
        other = arts[:, None] != arts[None, :]
        coh[j] = sims[other].mean() if other.any() else 0.0
    unit = cents / np.maximum(np.linalg.norm(cents, axis=1, keepdims=True), 1e-12)
    nov = np.ones(len(days))
    for j, d in enumerate(days.tolist()):
        prev = cents[(days >= d - 7) & (days < d)].sum(axis=0)
        if prev.any():
            nov[j] = 1 - unit[j] @ (prev / np.linalg.norm(prev))
    topic = np.asarray(x[np.flatnonzero(t["allowed"])].sum(axis=0)).ravel()
    topicality = unit @ (topic / max(np.linalg.norm(topic), 1e-12))
    scale = np.log(2)
    return {"coherence": np.expm1(coh * scale), "novelty": np.expm1(nov * scale),
            "topicality": np.expm1(topicality * scale)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, help=tls_data.DATA_HELP)
    ap.add_argument("--no-sklearn", action="store_true", help="skip the scikit-learn learners")
    args = ap.parse_args()
    args.data = common.timeline17(args.data)
    from dateline.timex import TAGGER_VERSION

    t0 = time.perf_counter()
    pairs, _ = tls_data.load(args.data)
    tasks = [task_data(task, ti) for task, ti in pairs]
    for t in tasks:
        t["raw"] = raw_features(t)
        t["raw"]["pagerank"] = pagerank(t)
        t["raw"].update(content_features(t))
    print(f"{len(tasks)} tasks, tagger {TAGGER_VERSION}; LOTO Date-F1 of the top-l days "
          f"({time.perf_counter() - t0:.0f} s to prepare)\n")

    def row(label: str, value: float, base: float | None = None) -> None:
        delta = "" if base is None else f"  {value - base:+.4f}"
        print(f"  {label:62s} {value:.4f}{delta}", flush=True)

    def trained(names: tuple[str, ...], transform: str = "std", learner=logistic, **kw) -> float:  # type: ignore[no-untyped-def]
        xs = [matrix(t, names, transform) for t in tasks]
        return date_f1(tasks, loto(tasks, xs, learner(tasks, xs, **kw)))

    base = trained(SHIPPED)
    print("shipped ranker")
    row(f"logistic regression, l2=100, {'+'.join(SHIPPED)}", base)

    print("\nsingle features, no training")
    for name in tasks[0]["raw"]:
        row(name, date_f1(tasks, [t["raw"][name] for t in tasks]), base)

    print("\nshipped subset + one feature")
    extra = [n for n in tasks[0]["raw"] if n not in SHIPPED]
    extra += ["articles@nb", "later_articles@nb", "published@nb", "articles@peak", "later_articles@peak",
              "published@peak", "explicit_articles/articles", "later_articles/articles",
              "keyword_articles/articles", "about_articles/articles"]
    for name in extra:
        row(f"+ {name}", trained((*SHIPPED, name)), base)

    print("\ntransforms and learners (shipped subset unless said)")
    row("per-task rank normalisation instead of log standardisation", trained(SHIPPED, "rank"), base)
    row("log counts scaled by the task maximum", trained(SHIPPED, "max"), base)
    for l2 in (1.0, 10.0, 1000.0):
        row(f"l2 = {l2:g}", trained(SHIPPED, l2=l2), base)
    row("every task the same total weight in training", trained(SHIPPED, weighting="task"), base)
    row("pairwise logistic regression (ref day vs other day, same task)", trained(SHIPPED, learner=pairwise),
        base)
    everything = tuple(tasks[0]["raw"])
    row(f"logistic regression on all {len(everything)} features", trained(everything), base)

    def interactions(train_names: tuple[str, ...]) -> float:
        xs = []
        for t in tasks:
            x = matrix(t, train_names)
            xs.append(np.hstack([x, x * np.log(t["l"] / len(t["days"]))]))
        return date_f1(tasks, loto(tasks, xs, logistic(tasks, xs)))

    row("+ interactions with log(l / candidate days)", interactions(SHIPPED), base)

    from scipy.stats import rankdata

    for names in (("articles", "later_articles"), ("articles", "later_articles", "published")):
        fused = [sum(1 / (5 + rankdata(-t["raw"][n], method="min")) for n in names) for t in tasks]
        row(f"reciprocal-rank fusion of {'+'.join(names)} (k=5, no training)", date_f1(tasks, fused), base)

    xs = [matrix(t, SHIPPED) for t in tasks]
    shipped_scores = loto(tasks, xs, logistic(tasks, xs))
    for width, lam in ((1, 0.1), (3, 0.1), (7, 0.3)):
        def diverse(t: dict, s: np.ndarray, width: int = width, lam: float = lam) -> list[int]:
            chosen: list[int] = []
            free = np.ones(len(s), dtype=bool)
            for _ in range(min(t["l"], len(s))):
                near = (np.abs(t["days"][:, None] - np.asarray(chosen)[None, :]) <= width).sum(1) if chosen else 0
                adj = np.where(free, s - lam * near, -np.inf)
                j = int(np.argmax(adj))
                free[j] = False
                chosen.append(int(t["days"][j]))
            return chosen

        row(f"temporal diversity: -{lam:g} per chosen day within {width} days", date_f1(tasks, shipped_scores, diverse),
            base)

    def scaled_diversity(c: float, lam: float):  # type: ignore[no-untyped-def]
        """Greedy on the standardised score minus ``lam`` per chosen day within
        ``c * window days / l`` days (spread the dates when l is small for the window)."""
        def pick(t: dict, s: np.ndarray) -> list[int]:
            width = max(1.0, c * (t["days"].max() - t["days"].min() + 1) / t["l"])
            z = (s - s.mean()) / (s.std() + 1e-9)
            chosen: list[int] = []
            free = np.ones(len(s), dtype=bool)
            for _ in range(min(t["l"], len(s))):
                near = (np.abs(t["days"][:, None] - np.asarray(chosen)[None, :]) <= width).sum(1) if chosen else 0
                j = int(np.argmax(np.where(free, z - lam * near, -np.inf)))
                free[j] = False
                chosen.append(int(t["days"][j]))
            return chosen

        return pick

    def loto_choice(picks: dict) -> float:  # type: ignore[type-arg]
        """Date-F1 when each topic uses the pick rule best on the other topics."""
        per: dict[object, list[tuple[str, float, float]]] = {}
        for key, pick in picks.items():
            per[key] = []
            for t, sc in zip(tasks, shipped_scores, strict=True):
                chosen = pick(t, sc)
                hits = len(set(chosen) & t["ref"])
                per[key].append((t["topic"], hits / max(len(chosen), 1), hits / len(t["ref"])))

        def f1_of(items: list[tuple[str, float, float]]) -> float:
            p, r = np.mean([i[1] for i in items]), np.mean([i[2] for i in items])
            return 0.0 if p + r == 0 else float(2 * p * r / (p + r))

        out = []
        for held in sorted({t["topic"] for t in tasks}):
            best = max(per, key=lambda k: f1_of([i for i in per[k] if i[0] != held]))
            out += [i for i in per[best] if i[0] == held]
        return f1_of(out)

    grid = {(c, lam): scaled_diversity(c, lam) for c in (0.25, 0.5, 1.0) for lam in (0.0, 0.1, 0.3, 1.0)}
    row("diversity scaled by window / l (width and weight chosen LOTO)", loto_choice(grid), base)

    def mixture(share: float):  # type: ignore[no-untyped-def]
        """round(share * l) days by publication burst, the rest by cross-references."""
        def pick(t: dict, s: np.ndarray) -> list[int]:
            burst = np.argsort(-t["raw"]["published"], kind="stable")
            refs = np.argsort(-t["raw"]["later_articles"], kind="stable")
            n_burst = round(share * t["l"])
            chosen = [int(t["days"][j]) for j in burst[:n_burst]]
            for j in refs:
                if len(chosen) >= min(t["l"], len(t["days"])):
                    break
                if int(t["days"][j]) not in chosen:
                    chosen.append(int(t["days"][j]))
            return chosen

        return pick

    shares = [i / 10 for i in range(11)]
    precision_recall: dict[float, list[tuple[str, float, float]]] = {}
    for share in shares:
        pick = mixture(share)
        precision_recall[share] = []
        for t in tasks:
            chosen = pick(t, np.zeros(0))
            hits = len(set(chosen) & t["ref"])
            precision_recall[share].append((t["topic"], hits / max(len(chosen), 1), hits / len(t["ref"])))

    def f1_of(items: list[tuple[str, float, float]]) -> float:
        p, r = np.mean([i[1] for i in items]), np.mean([i[2] for i in items])
        return 0.0 if p + r == 0 else float(2 * p * r / (p + r))

    held_out = []
    for held in sorted({t["topic"] for t in tasks}):
        best = max(shares, key=lambda sh: f1_of([i for i in precision_recall[sh] if i[0] != held]))
        held_out += [i for i in precision_recall[best] if i[0] == held]
    row("mixture: share of burst days (rest by cross-references), share chosen LOTO", f1_of(held_out), base)

    if not args.no_sklearn:
        try:
            from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
        except ImportError:
            print("  (scikit-learn not installed: no gradient boosting / random forest rows)")
        else:
            def gbm() -> object:
                return HistGradientBoostingClassifier(max_iter=100, learning_rate=0.05, max_leaf_nodes=8,
                                                      min_samples_leaf=40, random_state=0)

            def forest() -> object:
                return RandomForestClassifier(300, min_samples_leaf=10, max_features=0.5, random_state=0, n_jobs=1)

            for label, make in (("gradient boosting", gbm), ("random forest", forest)):
                row(f"{label}, shipped subset", trained(SHIPPED, learner=sklearn_model, make=make), base)
                row(f"{label}, all {len(everything)} features", trained(everything, learner=sklearn_model, make=make),
                    base)
    print(f"\n({time.perf_counter() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
