"""Train dateline's date ranker and choose its settings, leave-one-topic-out, on Timeline17.

    make weights           # = .venv/bin/python -m tools.tls_train
    make check-weights     # = .venv/bin/python -m tools.tls_train --check
    .venv/bin/python -m tools.tls_train [--data DIR] [--check]

Writes ``src/dateline/tls/weights/dateline.json`` and ``.../datewise.json`` (numbers only:
feature names, coefficients, settings, the topics each model was trained on). For every
development topic T there is a model trained *and chosen* on the other topics;
``dateline bench t17`` uses it on T's tasks (the protocol holds T out,
``TaskInput.held_out``; ``dateline.tls.ranker.load_model``), so no score reported on T
comes from weights or settings that saw T. ``models[""]`` (trained and chosen on all
development topics) is what ``dateline timeline``, the web app and the API use.

Training examples: every candidate day of every task (a day in the task's window that a
sentence mentions or an article was published on, as the method sees it), labelled 1 when
the task's reference timeline has that day. The input of a task is exactly the benchmark's
(:func:`dateline.evaluate.protocol.task_input`).

``dateline`` (L2-regularised logistic regression on :data:`dateline.tls.features.FEATURES`,
log counts standardised per task). For each key (T, or "" for all topics) with the pool of
development topics it may use (all but T):

1. **Ranker**: the average of the models of :data:`RANKER_GRID` (one logistic regression per
   feature subset, each fitted on the whole pool; their logits averaged, which is again one
   linear model, stored as one coefficient vector). Nothing is chosen here. (Until tagger
   0.5 one subset was chosen by its leave-one-topic-out Date-F1 within the pool; the subsets
   differ by less than the noise of that choice, which flipped between tagger versions, and
   their average ranks better than any one of them: see docs/timelines.md and CHANGELOG.md.)
2. **Summary setting**: the method's switch (:data:`SUMMARY_GRID`) with the best
   AR1-F + AR2-F over the pool's tasks, each pool topic S's tasks run end to end (as the
   benchmark runs them) with the ranker of step 1 fitted on the pool without S.
3. The ranker of step 1 fitted on the whole pool; stored with the settings of step 2.

So the reported score of topic T is a nested leave-one-topic-out estimate: T was used
neither to fit the ranker nor to choose any setting. The script prints it at the end (it
equals what ``dateline bench t17`` reports for the shipped weights), and, for information,
the leave-one-topic-out Date-F1 of each subset model alone and of their average.

``datewise``: DATEWISE's regression (ordinary least squares on its six per-day features,
each column L2-normalised per task), no hyperparameters, leave-one-topic-out.

``--check`` recomputes and compares with the shipped files instead of writing them.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
from bench import common, tls_data

REPO = common.REPO
WEIGHTS = REPO / "src" / "dateline" / "tls" / "weights"

RANKER_GRID = {
    "all": ("mentions", "articles", "keyword_articles", "later_articles", "pub_days", "published", "chronologies"),
    "articles+later": ("articles", "later_articles"),
    "articles+later+published": ("articles", "later_articles", "published"),
    "articles+later+published+chronologies": ("articles", "later_articles", "published", "chronologies"),
    "keyword_articles+later+pub_days": ("keyword_articles", "later_articles", "pub_days"),
}
#: Regularisation strength: fixed (a grid of 1 and 100 was tried; with five training
#: topics its choice flipped on a difference of 0.005 and cost 0.02 Date-F1 nested, tagger 0.4).
GRID_L2 = (100.0,)

#: The switches of :class:`dateline.tls.default.Options` chosen per key (step 2). Fixed
#: instead, as decisions about how a timeline must read (their cost is measured by
#: bench/tls_ablation.py): sentences go under the day they are about (``dating="about"``;
#: DATEWISE's first-timex rule scores about the same), sentences about no day in particular
#: are avoided, and the length preference (8-35 tokens).
SUMMARY_GRID: list[dict[str, object]] = [{"prefer_reports": reports} for reports in (True, False)]


def load_examples(pairs: list) -> list[dict]:  # type: ignore[type-arg]
    """One dict per task: topic, l, number of reference dates, and for both rankers the
    candidate days, features and labels."""
    from dateline.tls import datewise, features

    out = []
    for task, ti in pairs:
        coll, allowed, _window, days = tls_data.ranker_inputs(ti)
        ref = {d.toordinal() for d in task.reference.dates}
        dw_days, dw_x = datewise.date_features(coll)
        norms = np.linalg.norm(dw_x, axis=0)
        norms[norms == 0] = 1.0
        out.append({
            "topic": task.topic,
            "task": task.id,
            "l": ti.dates,
            "n_ref": len(ref),
            "days": days,
            "raw": features.raw_features(coll, days, allowed),
            "y": np.isin(days, list(ref)).astype(np.float64),
            "dw_x": dw_x / norms,
            "dw_y": np.isin(dw_days, list(ref)).astype(np.float64),
        })
    return out


def _feature_order(name: str) -> int:
    from dateline.tls.features import FEATURES

    return FEATURES.index(name)


def _columns(names: tuple[str, ...]) -> list[int]:
    from dateline.tls.features import FEATURES

    return [FEATURES.index(n) for n in names]


def fit_dateline(examples: list[dict], names: tuple[str, ...], l2: float) -> tuple[np.ndarray, float]:
    from dateline.tls.features import FEATURES, standardise
    from dateline.tls.ranker import fit_logistic

    cols = _columns(names)
    x = np.vstack([standardise(e["raw"])[:, cols] for e in examples])
    y = np.concatenate([e["y"] for e in examples])
    coef, intercept = fit_logistic(x, y, l2)
    full = np.zeros(len(FEATURES))
    full[cols] = coef
    return full, intercept


def fit_datewise(examples: list[dict]) -> tuple[np.ndarray, float]:
    from dateline.tls.ranker import fit_linear

    x = np.vstack([e["dw_x"] for e in examples])
    y = np.concatenate([e["dw_y"] for e in examples])
    return fit_linear(x, y)


def fit_average(examples: list[dict], l2: float = GRID_L2[0]) -> tuple[np.ndarray, float]:
    """The average of the models of :data:`RANKER_GRID` fitted on ``examples`` (step 1)."""
    fits = [fit_dateline(examples, names, l2) for names in RANKER_GRID.values()]
    return np.mean([c for c, _ in fits], axis=0), float(np.mean([b for _, b in fits]))


def loto_date_f1(examples: list[dict], names: tuple[str, ...] | None, l2: float) -> float:
    """Leave-one-topic-out Date-F1 of the top-l days over the topics of ``examples``, for
    the model of feature subset ``names`` (None: the average of the grid's models)."""
    from dateline.tls.features import standardise

    precision, recall = [], []
    for held in sorted({e["topic"] for e in examples}):
        train = [e for e in examples if e["topic"] != held]
        coef, _ = fit_average(train, l2) if names is None else fit_dateline(train, names, l2)
        for e in examples:
            if e["topic"] != held:
                continue
            score = standardise(e["raw"]) @ coef
            top = np.argsort(-score, kind="stable")[: e["l"]]
            hits = e["y"][top].sum()
            precision.append(hits / max(len(top), 1))
            recall.append(hits / e["n_ref"])
    p, r = float(np.mean(precision)), float(np.mean(recall))
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def ranker_grid(examples: list[dict]) -> dict[tuple[str, float], float]:
    """LOTO Date-F1 (over the topics of ``examples``) of every subset model and of their
    average (label ``"average"``)."""
    out = {(label, l2): loto_date_f1(examples, names, l2)
           for label, names in RANKER_GRID.items() for l2 in GRID_L2}
    out.update({("average", l2): loto_date_f1(examples, None, l2) for l2 in GRID_L2})
    return out


def _best(scores: dict) -> object:  # type: ignore[type-arg]
    """The key with the highest score (the first of equal ones, in grid order)."""
    best, value = None, -np.inf
    for key, v in scores.items():
        if v > value + 1e-12:
            best, value = key, v
    return best


class Runner:
    """Runs dateline's method on Timeline17 tasks with given ranker weights and settings,
    each task's collection and vectors prepared once."""

    def __init__(self, pairs: list) -> None:  # type: ignore[type-arg]
        from dateline.tls import default, methods

        self.pairs = pairs
        opts = default.Options()
        self.prepared = [methods.prepare_dateline(ti, opts) for _, ti in pairs]

    def results(self, topics: set[str], coef: np.ndarray, intercept: float, options: dict) -> list:  # type: ignore[type-arg]
        from dateline.evaluate import protocol
        from dateline.evaluate.timeline import evaluate
        from dateline.tls.methods import run_dateline
        from dateline.tls.ranker import Model

        model = Model(coef, intercept, (), "", dict(options))
        out = []
        for (task, ti), prep in zip(self.pairs, self.prepared, strict=True):
            if task.topic not in topics:
                continue
            timeline = run_dateline(ti, model, prep)
            protocol.check_output(task, timeline, "dateline")
            out.append(protocol.TaskResult(task, len(ti.articles), timeline, evaluate(timeline, task.reference)))
        return out


def criterion(results: list) -> float:  # type: ignore[type-arg]
    """AR1-F + AR2-F (F1 of mean precision and recall over the tasks)."""
    from dateline.evaluate.protocol import average

    avg = average(results)
    return avg["AR1"].f1 + avg["AR2"].f1


def choose(examples: list[dict], runner: Runner, pool: list[str]) -> dict:
    """Steps 1-3 of the module docstring for the development topics ``pool``."""
    inside = [e for e in examples if e["topic"] in pool]
    l2 = GRID_L2[0]
    per_topic = {s: fit_average([e for e in inside if e["topic"] != s], l2) for s in pool}
    summary = {}
    for i, options in enumerate(SUMMARY_GRID):
        results = []
        for s in pool:
            coef, intercept = per_topic[s]
            results.extend(runner.results({s}, coef, intercept, options))
        summary[i] = criterion(results)
    best = int(_best(summary))  # type: ignore[arg-type]
    coef, intercept = fit_average(inside, l2)
    return {
        "coef": [round(float(c), 8) for c in coef],
        "intercept": round(float(intercept), 8),
        "trained_on": sorted(pool),
        "ranker": "average of the ranker_grid models",
        "features_used": sorted({n for names in RANKER_GRID.values() for n in names}, key=_feature_order),
        "l2": l2,
        "options": dict(SUMMARY_GRID[best]),
        "inner_date_f1": round(loto_date_f1(inside, None, l2), 6),
        "inner_ar1_plus_ar2": round(summary[best], 6),
    }


def models(examples: list[dict], fit) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    topics = sorted({e["topic"] for e in examples})
    out = {}
    for held in ["", *topics]:
        train = [e for e in examples if e["topic"] != held]
        coef, intercept = fit(train)
        out[held] = {
            "coef": [round(float(c), 8) for c in coef],
            "intercept": round(float(intercept), 8),
            "trained_on": sorted({e["topic"] for e in train}),
        }
    return out


def _close(a: object, b: object, tol: float = 1e-6) -> bool:
    """Equal JSON values, numbers within ``tol`` (least squares on nearly collinear features
    is only reproducible to rounding across BLAS builds)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k], tol) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_close(x, y, tol) for x, y in zip(a, b, strict=True))
    if isinstance(a, int | float) and isinstance(b, int | float):
        return abs(a - b) <= tol * max(1.0, abs(a), abs(b))
    return a == b


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, help=tls_data.DATA_HELP)
    ap.add_argument("--check", action="store_true", help="compare with the shipped weights")
    args = ap.parse_args()
    args.data = common.timeline17(args.data)
    from dateline.evaluate.protocol import average
    from dateline.timex import TAGGER_VERSION
    from dateline.tls.datewise import FEATURES as DW_FEATURES
    from dateline.tls.features import FEATURES

    t0 = time.perf_counter()
    pairs, _ = tls_data.load(args.data)
    examples = load_examples(pairs)
    topics = sorted({e["topic"] for e in examples})
    print(f"{len(examples)} tasks, {sum(len(e['y']) for e in examples)} candidate days, tagger "
          f"{TAGGER_VERSION} ({time.perf_counter() - t0:.1f} s)")

    print("\nleave-one-topic-out Date-F1 of the top-l days over all six topics (each subset model alone, "
          "and the shipped average of them):")
    grid = ranker_grid(examples)
    print(f"  {'features':40s} " + " ".join(f"l2={v:<7g}" for v in GRID_L2))
    for label in [*RANKER_GRID, "average"]:
        print(f"  {label:40s} " + " ".join(f"{grid[(label, l2)]:<10.4f}" for l2 in GRID_L2))

    print("\nchoices (ranker: average of the subset models, fitted on the pool; summary setting by AR1-F + "
          "AR2-F within the pool):")
    runner = Runner(pairs)
    chosen: dict[str, dict] = {}
    for key in ["", *topics]:
        pool = [t for t in topics if t != key]
        m = chosen[key] = choose(examples, runner, pool)
        print(f"  {'without ' + key if key else 'all six topics':16s} ranker average, l2={m['l2']:g} "
              f"(inner Date-F1 {m['inner_date_f1']:.4f}); settings {m['options']} "
              f"(AR1+AR2 {m['inner_ar1_plus_ar2']:.4f})  [{time.perf_counter() - t0:.0f} s]", flush=True)

    def show(label: str, results: list) -> None:  # type: ignore[type-arg]
        avg = average(results)
        print(f"  {label:58s} " + " ".join(f"{avg[k].f1:.4f}" for k in ("AR1", "AR2", "Date", "concat-R1")))

    print(f"\n  {'':58s} {'AR1-F':6s} {'AR2-F':6s} {'Date-F1':7s} cR1-F")
    nested = []
    for t in topics:
        m = chosen[t]
        nested.extend(runner.results({t}, np.asarray(m["coef"]), m["intercept"], m["options"]))
    show("nested leave-one-topic-out (= dateline bench t17)", nested)
    optimistic = []
    for t in topics:
        m = chosen[t]
        optimistic.extend(runner.results({t}, np.asarray(m["coef"]), m["intercept"], chosen[""]["options"]))
    show("optimistic: settings chosen on all six topics", optimistic)

    files = {
        "dateline": {
            "about": "dateline's date ranker (logistic regression) and settings, trained and chosen "
                     "leave-one-topic-out on the Timeline17 development topics by `make weights`",
            "features": list(FEATURES),
            "settings": {"tagger": TAGGER_VERSION, "ranker": "average of the ranker_grid models",
                         "ranker_grid": {k: list(v) for k, v in RANKER_GRID.items()}, "l2_grid": list(GRID_L2),
                         "summary_grid": SUMMARY_GRID},
            "models": chosen,
        },
        "datewise": {
            "about": "DATEWISE's supervised date ranker (linear regression on L2-normalised "
                     "per-day features), trained leave-one-topic-out by `make weights`",
            "features": list(DW_FEATURES),
            "settings": {"tagger": TAGGER_VERSION},
            "models": models(examples, fit_datewise),
        },
    }
    status = 0
    WEIGHTS.mkdir(parents=True, exist_ok=True)
    for name, doc in files.items():
        path = WEIGHTS / f"{name}.json"
        text = json.dumps(doc, indent=1) + "\n"
        if args.check:
            # "about" describes the file; everything else (weights, settings) must match
            shipped = {k: v for k, v in json.loads(path.read_text()).items() if k != "about"} if path.exists() else None
            same = shipped is not None and _close(shipped, {k: v for k, v in doc.items() if k != "about"})
            print(f"{path.relative_to(REPO)}: {'identical' if same else 'DIFFERENT'}")
            status |= 0 if same else 1
        else:
            path.write_text(text)
            print(f"wrote {path.relative_to(REPO)}")
    return status


if __name__ == "__main__":
    sys.exit(main())
