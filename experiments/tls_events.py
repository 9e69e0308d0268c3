"""Date-ranking experiments suggested by the error analysis (experiments/tls_errors.py): event
clusters, coverage-relative counts and page furniture, measured leave-one-topic-out.

    .venv/bin/python -m experiments.tls_events [--data DIR] [--e2e]

Measure (as experiments/tls_dates.py): Date-F1 of the top-l days of each task, precision and
recall averaged over the 14 tasks, every ranker trained without the topic it ranks
(logistic regression, l2 = 100, log counts standardised per task). ``--e2e`` also runs the
best rows end to end, nested leave-one-topic-out (the tools/tls_train.py procedure with the
new features added to every ranker subset of its grid), and prints AR1-F / AR2-F / Date-F1.

Features tried (per candidate day d of a task):

- **sentence event clusters** (``ev_*``): the sentences naming d are linked when they come
  from different articles and their TF-IDF cosine is at least tau; the connected
  components are events. ``ev_clusters``: events reported by at least two articles;
  ``ev_max``: articles in the largest event; ``ev_articles``: articles in events of at least
  two articles; ``ev_outlets``: outlets in the largest event (Timeline17 topics mix
  outlets); ``ev_pubdays``: publication days of the largest event.
- **article clusters** (``ac_*``, the "clust" family of news-tls used for date ranking):
  articles (TF-IDF of their first six sentences) published at most two days apart are
  linked when their cosine is at least tau; each component is dated by the day its
  sentences name most often (about-days) among those up to its last publication day;
  ``ac_size``: articles of the components dated d, ``ac_max``: the largest of them,
  ``ac_n``: components of at least two articles dated d.
- **coverage-relative counts**: ``articles`` and ``later_articles`` divided by the articles
  published within three (``_r3``) or seven (``_r7``) days of d (a day named by 4 of the 10
  articles of a quiet week matters more than one named by 4 of 300).
- **no page furniture**: the day evidence without the sentences that carry a time stamp
  (a date with a year and a clock time: comment stamps "March 10 , 2011 at 9:13 am |
  Reply", bylines "Tue Oct 12 , 2010 1:41 pm EDT").
- **on-topic articles only** (``*_ot``): evidence only from articles with a query keyword in
  their first three sentences (half of the Syria Reuters articles never name Syria).
- **chronologies** as an absolute count (log, not standardised per task) or a 0/1 flag.
- **neighbours** (most wrong days are next to a reference day): skipping days next to a
  chosen day, always or when the timeline is sparse (l / window days below a threshold
  chosen leave-one-topic-out; this reads the window, which the protocol derives from the
  reference, so it could not be shipped anyway), and an oracle that skips only the wrong
  neighbours (what such a rule could gain at most).
- **ensembles**: the average of the subset models of ``tools/tls_train.py`` (shipped), of
  the seven single-feature models, of both, and one model on all features with stronger
  regularisation.
- **ceilings**: one model fitted on all 14 tasks and scored on them (in-sample), and one
  model per task fitted on that task itself: how far a linear ranker over these features
  could go at best.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
from bench import common, tls_data
from scipy import sparse
from scipy.sparse.csgraph import connected_components

SHIPPED = ("articles", "later_articles", "published", "chronologies")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_CLOCK = re.compile(r"\d[:.]\d\d|\d\s*[ap]\.?m\b", re.I)
_CLOCK_AFTER = re.compile(r"\s*(?:at\s+|,\s*|;\s*|\|\s*)?\d{1,2}[:.]\d\d")


def stamp_sentences(coll) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Sentences that carry a time stamp: a day-level expression with a year and a clock time
    (in it or right after it)."""
    from dateline.tls.corpus import timex_day

    out = np.zeros(len(coll), dtype=bool)
    i = 0
    for a in coll.articles:
        text = a.article.text
        for s_i in range(len(a.sentences)):
            for t in a.sentence_timexes(s_i):
                if timex_day(t) is None or not _YEAR.search(t.text):
                    continue
                if _CLOCK.search(t.text) or _CLOCK_AFTER.match(text, t.end):
                    out[i] = True
                    break
            i += 1
    return out


def event_clusters(coll, days: np.ndarray, by_day: dict[int, list[int]], x: sparse.csr_matrix,  # type: ignore[no-untyped-def]
                   tau: float) -> dict[str, np.ndarray]:
    """The ``ev_*`` features (module docstring)."""
    outlets = [a.article.outlet or "" for a in coll.articles]
    f = {k: np.zeros(len(days)) for k in ("ev_clusters", "ev_max", "ev_articles", "ev_outlets", "ev_pubdays")}
    for j, d in enumerate(days.tolist()):
        rows = by_day.get(d, [])
        if len(rows) < 2:
            continue
        arts = coll.article[rows]
        if len(set(arts.tolist())) < 2:
            continue
        s = (x[rows] @ x[rows].T).tocoo()
        keep = (s.data >= tau) & (arts[s.row] != arts[s.col])
        g = sparse.csr_matrix((np.ones(keep.sum()), (s.row[keep], s.col[keep])), shape=(len(rows), len(rows)))
        n, labels = connected_components(g, directed=False)
        members: dict[int, set[int]] = defaultdict(set)
        for lab, a in zip(labels.tolist(), arts.tolist(), strict=True):
            members[lab].add(a)
        sizes = sorted(((len(m), m) for m in members.values()), key=lambda t: -t[0])
        multi = [m for size, m in sizes if size >= 2]
        f["ev_clusters"][j] = len(multi)
        f["ev_articles"][j] = sum(len(m) for m in multi)
        if multi:
            big = multi[0]
            f["ev_max"][j] = len(big)
            f["ev_outlets"][j] = len({outlets[a] for a in big})
            f["ev_pubdays"][j] = len({int(coll.article_pub[a]) for a in big})
    return f


def article_clusters(coll, days: np.ndarray, tau: float, lead: int = 6) -> dict[str, np.ndarray]:  # type: ignore[no-untyped-def]
    """The ``ac_*`` features (module docstring)."""
    from dateline.tls.vectors import normalise_rows, tfidf

    n_art = len(coll.articles)
    texts = [" ".join(s.text for s in a.sentences[:lead]) for a in coll.articles]
    x, _ = tfidf(texts)
    x = normalise_rows(x)
    pub = coll.article_pub
    s = (x @ x.T).tocoo()
    keep = (s.data >= tau) & (np.abs(pub[s.row] - pub[s.col]) <= 2) & (s.row != s.col)
    g = sparse.csr_matrix((np.ones(keep.sum()), (s.row[keep], s.col[keep])), shape=(n_art, n_art))
    _, labels = connected_components(g, directed=False)
    named: dict[int, Counter[int]] = defaultdict(Counter)
    last: dict[int, int] = defaultdict(int)
    for a in range(n_art):
        last[int(labels[a])] = max(last[int(labels[a])], int(pub[a]))
    for i in np.flatnonzero(coll.about_day).tolist():
        lab = int(labels[int(coll.article[i])])
        d = int(coll.about_day[i])
        if d <= last[lab] + 1:
            named[lab][d] += 1
    size = Counter(labels.tolist())
    pos = {d: j for j, d in enumerate(days.tolist())}
    f = {k: np.zeros(len(days)) for k in ("ac_size", "ac_max", "ac_n")}
    for lab, n in size.items():
        if not named[lab]:
            continue
        d = named[lab].most_common(1)[0][0]
        j = pos.get(d)
        if j is None:
            continue
        f["ac_size"][j] += n
        f["ac_max"][j] = max(f["ac_max"][j], n)
        f["ac_n"][j] += n >= 2
    return f


def relative(raw: dict[str, np.ndarray], coll, days: np.ndarray) -> dict[str, np.ndarray]:  # type: ignore[no-untyped-def]
    pub = np.sort(coll.article_pub)
    out = {}
    for w in (3, 7):
        vol = np.searchsorted(pub, days + w, side="right") - np.searchsorted(pub, days - w, side="left")
        for name in ("articles", "later_articles"):
            # scaled so that log1p in the standardisation acts on a share in [0, ~1] x 10
            out[f"{name}_r{w}"] = 10 * raw[name] / (vol + 1)
    return out


def task_features(task, ti, taus_ev=(0.3, 0.5), taus_ac=(0.3, 0.5)) -> dict:  # type: ignore[no-untyped-def]
    from dateline.tls import features
    from dateline.tls.vectors import tfidf_rows

    coll, allowed, window, days = tls_data.ranker_inputs(ti)
    by_day = features.mentions_by_day(coll)
    shipped = features.raw_features(coll, days, allowed, by_day)
    raw = {n: shipped[:, j] for j, n in enumerate(features.FEATURES)}
    dated = np.flatnonzero(np.fromiter((bool(m) for m in coll.mentions), bool, count=len(coll)))
    x = tfidf_rows(coll.texts, dated)
    for tau in taus_ev:
        for k, v in event_clusters(coll, days, by_day, x, tau).items():
            raw[f"{k}@{tau:g}"] = v
    for tau in taus_ac:
        for k, v in article_clusters(coll, days, tau).items():
            raw[f"{k}@{tau:g}"] = v
    raw.update(relative(raw, coll, days))
    lead_kw = np.zeros(len(coll.articles), dtype=bool)
    lead_kw[coll.article[allowed & (coll.position < 3)]] = True
    on_topic = {d: [i for i in rows if lead_kw[coll.article[i]]] for d, rows in by_day.items()}
    ot = features.raw_features(coll, days, allowed, on_topic)
    for j, n in enumerate(features.FEATURES):
        raw[f"{n}_ot"] = ot[:, j]
    stamps = stamp_sentences(coll)
    clean = {d: [i for i in rows if not stamps[i]] for d, rows in by_day.items()}
    no_furniture = features.raw_features(coll, days, allowed, clean)
    for j, n in enumerate(features.FEATURES):
        raw[f"{n}_nf"] = no_furniture[:, j]
    ref = {d.toordinal() for d in task.reference.dates}
    return {"topic": task.topic, "l": ti.dates, "ref": ref, "days": days, "raw": raw,
            "y": np.isin(days, list(ref)).astype(np.float64)}


def _prf(t: dict, chosen: list[int]) -> tuple[str, float, float]:
    hits = len(set(chosen) & t["ref"])
    return t["topic"], hits / max(len(chosen), 1), hits / len(t["ref"])


def _f1(items: list[tuple[str, float, float]]) -> float:
    p, r = float(np.mean([i[1] for i in items])), float(np.mean([i[2] for i in items]))
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def neighbour_pick(skip):  # type: ignore[no-untyped-def]
    """Top-l days, passing over a day next to an already chosen one when ``skip(t, day,
    chosen)`` says so."""
    def pick(t: dict, s: np.ndarray) -> list[int]:
        out: list[int] = []
        for j in np.argsort(-s, kind="stable").tolist():
            if len(out) >= t["l"]:
                break
            d = int(t["days"][j])
            if any(abs(o - d) == 1 for o in out) and skip(t, d, out):
                continue
            out.append(d)
        return out

    return pick


def neighbour_aucs(pairs: list, tasks: list[dict], scores: list[np.ndarray]) -> dict[str, float]:  # type: ignore[type-arg]
    """Among the top-l days that have a better-ranked chosen day next to them: how well the
    cosine between the two days' keyword about-sentences (TF-IDF centroids), the score
    difference and the timeline's density (l / window days) separate reference days from
    the rest (AUC; 0.5 = no better than chance)."""
    from dateline.tls.corpus import collect, keyword_mask
    from dateline.tls.vectors import tfidf_rows

    rows: list[tuple[bool, float, float, float]] = []
    for (_, ti), t, s in zip(pairs, tasks, scores, strict=True):
        coll = collect(ti.articles)
        allowed = keyword_mask(coll.texts, ti.keywords)
        dated = np.flatnonzero(coll.about_day > 0)
        x = tfidf_rows(coll.texts, dated)
        about: dict[int, list[int]] = defaultdict(list)
        for i in dated[allowed[dated]].tolist():
            about[int(coll.about_day[i])].append(i)

        def centroid(d: int, about: dict[int, list[int]] = about, x: sparse.csr_matrix = x) -> np.ndarray:
            c = np.asarray(x[about[d]].sum(axis=0)).ravel() if about.get(d) else np.zeros(x.shape[1])
            n = np.linalg.norm(c)
            return c / n if n else c

        order = np.argsort(-s, kind="stable")
        score = {int(t["days"][j]): float(s[j]) for j in order}
        density = t["l"] / (t["days"][-1] - t["days"][0] + 1)
        chosen: list[int] = []
        for j in order[: t["l"]].tolist():
            d = int(t["days"][j])
            nb = [o for o in chosen if abs(o - d) == 1]
            if nb:
                rows.append((d in t["ref"], float(centroid(d) @ centroid(nb[0])), score[d] - score[nb[0]], density))
            chosen.append(d)
    y = np.asarray([r[0] for r in rows])
    out = {}
    for k, label in ((1, "the cosine of the two days' sentences"), (2, "the score difference"),
                     (3, "the density l / window")):
        v = np.asarray([r[k] for r in rows])
        pos, neg = v[y], v[~y]
        out[label] = float(((pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum())
                           / max(len(pos) * len(neg), 1))
    out["cases"] = float(len(y))
    out["reference days among them"] = float(y.sum())
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, help=tls_data.DATA_HELP)
    ap.add_argument("--e2e", action="store_true", help="also run feature variants end to end, nested LOTO")
    args = ap.parse_args()
    args.data = common.timeline17(args.data)
    from tools import tls_train

    from dateline.timex import TAGGER_VERSION
    from dateline.tls.features import FEATURES
    from dateline.tls.ranker import fit_logistic
    from experiments import tls_dates

    t0 = time.perf_counter()
    pairs, _ = tls_data.load(args.data)
    tasks = [task_features(task, ti) for task, ti in pairs]
    print(f"{len(tasks)} tasks, tagger {TAGGER_VERSION}; LOTO Date-F1 of the top-l days "
          f"({time.perf_counter() - t0:.0f} s to prepare)\n")

    def row(label: str, value: float, base: float | None = None) -> None:
        delta = "" if base is None else f"  {value - base:+.4f}"
        print(f"  {label:66s} {value:.4f}{delta}", flush=True)

    def scores_of(names: tuple[str, ...], **kw: float) -> list[np.ndarray]:
        xs = [tls_dates.matrix(t, names) for t in tasks]
        return tls_dates.loto(tasks, xs, tls_dates.logistic(tasks, xs, **kw))

    def trained(names: tuple[str, ...]) -> float:
        return tls_dates.date_f1(tasks, scores_of(names))

    def averaged(groups: list[tuple[str, ...]]) -> list[np.ndarray]:
        per = [scores_of(g) for g in groups]
        return [np.mean([p[i] for p in per], axis=0) for i in range(len(tasks))]

    grid = list(tls_train.RANKER_GRID.values())
    shipped = averaged(grid)
    base = tls_dates.date_f1(tasks, shipped)
    row("shipped: average of the tools/tls_train.py subset models", base)
    row(f"the subset {'+'.join(SHIPPED)} alone (shipped until tagger 0.4)", trained(SHIPPED), base)

    print("\nsingle features, no training")
    for name in tasks[0]["raw"]:
        row(name, tls_dates.date_f1(tasks, [t["raw"][name] for t in tasks]), base)

    print("\nthe subset + one feature (logistic regression)")
    sub = trained(SHIPPED)
    for name in tasks[0]["raw"]:
        if name not in SHIPPED and not name.endswith(("_nf", "_ot")):
            row(f"+ {name}  (vs the subset alone {sub:.4f})", trained((*SHIPPED, name)), base)

    print("\nvariants of the evidence (the subset's four features)")
    row("without page furniture (time-stamped sentences)", trained(tuple(f"{n}_nf" for n in SHIPPED)), base)
    row("on-topic articles only (keyword in the first three sentences)",
        trained(("articles_ot", "later_articles_ot", "published", "chronologies")), base)
    for w in (3, 7):
        row(f"articles, later_articles relative to coverage (+-{w} days)",
            trained((f"articles_r{w}", f"later_articles_r{w}", "published", "chronologies")), base)
    three = SHIPPED[:3]
    for label, col in (("0/1", lambda t: (t["raw"]["chronologies"] > 0).astype(float)),
                       ("log count, not standardised", lambda t: np.log1p(t["raw"]["chronologies"]))):
        xs = [np.hstack([tls_dates.matrix(t, three), col(t)[:, None]]) for t in tasks]
        row(f"chronologies as {label}",
            tls_dates.date_f1(tasks, tls_dates.loto(tasks, xs, tls_dates.logistic(tasks, xs))), base)

    print("\nensembles and regularisation")
    singles = [(f,) for f in FEATURES]
    row("average of the seven single-feature models", tls_dates.date_f1(tasks, averaged(singles)), base)
    row("average of the subset models and the single-feature models",
        tls_dates.date_f1(tasks, averaged(grid + singles)), base)
    for l2 in (100.0, 300.0, 1000.0):
        row(f"one model on all seven features, l2 = {l2:g}", tls_dates.date_f1(tasks, scores_of(FEATURES, l2=l2)),
            base)

    print("\nneighbours (shipped ranker)")
    row("oracle: skip chosen-day neighbours that are not reference days", tls_dates.date_f1(
        tasks, shipped, neighbour_pick(lambda t, d, out: d not in t["ref"])), base)
    row("skip every day next to a chosen day", tls_dates.date_f1(
        tasks, shipped, neighbour_pick(lambda t, d, out: True)), base)
    aucs = neighbour_aucs(pairs, tasks, shipped)
    print(f"  {aucs.pop('cases'):.0f} chosen days next to a better-ranked chosen day, "
          f"{aucs.pop('reference days among them'):.0f} of them reference days; AUC for 'is a reference day' of:")
    for label, auc in aucs.items():
        print(f"    {label:64s} {auc:.3f}")
    ths = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3)
    per = {th: [_prf(t, neighbour_pick(lambda t, d, out, th=th: t["l"] / (t["days"][-1] - t["days"][0] + 1) < th)(
        t, s)) for t, s in zip(tasks, shipped, strict=True)] for th in ths}
    held_out = []
    for held in sorted({t["topic"] for t in tasks}):
        best = max(ths, key=lambda th: _f1([i for i in per[th] if i[0] != held]))
        held_out += [i for i in per[best] if i[0] == held]
    row("skip neighbours when l / window days < threshold (chosen LOTO)", _f1(held_out), base)

    print("\nceilings of a linear ranker (not leave-one-topic-out: upper bounds)")
    for label, names in (("the subset's four features", SHIPPED), ("every feature of this script", tuple(tasks[0]["raw"]))):
        xs = [tls_dates.matrix(t, names) for t in tasks]
        c, _ = fit_logistic(np.vstack(xs), np.concatenate([t["y"] for t in tasks]), 100.0)
        row(f"{label}: one model fitted on all 14 tasks", tls_dates.date_f1(tasks, [x @ c for x in xs]), base)
        own = [x @ fit_logistic(x, t["y"], 1.0)[0] for x, t in zip(xs, tasks, strict=True)]
        row(f"{label}: one model per task, fitted on that task", tls_dates.date_f1(tasks, own), base)

    if args.e2e:
        e2e(pairs)
    print(f"\n({time.perf_counter() - t0:.0f} s)")
    return 0


def e2e(pairs: list) -> None:  # type: ignore[type-arg]
    """End to end, nested leave-one-topic-out (tools/tls_train.py's procedure), with the
    day evidence changed inside :mod:`dateline.tls.features` for the run."""
    import contextlib

    from dateline.evaluate.protocol import average
    from dateline.tls import features
    from experiments import tls_heideltime

    orig_std, orig_raw = features.standardise, features.raw_features
    ch = features.FEATURES.index("chronologies")
    stamps: dict[int, tuple[object, np.ndarray]] = {}

    def std_abs(raw: np.ndarray) -> np.ndarray:
        x = orig_std(raw)
        x[:, ch] = np.log1p(raw[:, ch])
        return x

    def raw_nf(coll, days, allowed, by_day=None):  # type: ignore[no-untyped-def]
        if id(coll) not in stamps:
            stamps[id(coll)] = (coll, stamp_sentences(coll))
        st = stamps[id(coll)][1]
        by_day = features.mentions_by_day(coll) if by_day is None else by_day
        return orig_raw(coll, days, allowed, {d: [i for i in r if not st[i]] for d, r in by_day.items()})

    @contextlib.contextmanager
    def patched(**kw: object):  # type: ignore[no-untyped-def]
        old = {k: getattr(features, k) for k in kw}
        for k, v in kw.items():
            setattr(features, k, v)
        try:
            yield
        finally:
            for k, v in old.items():
                setattr(features, k, v)

    print("\nend to end, nested leave-one-topic-out (AR1-F / AR2-F / Date-F1)")
    for label, kw in (("shipped procedure", {}), ("day evidence without page furniture", {"raw_features": raw_nf}),
                      ("chronologies as an absolute count", {"standardise": std_abs})):
        with patched(**kw):
            avg = average(tls_heideltime.retrained(pairs))
        print(f"  {label:66s} {avg['AR1'].f1:.4f} / {avg['AR2'].f1:.4f} / {avg['Date'].f1:.4f}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
