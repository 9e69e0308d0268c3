"""Train the date rankers of the timeline engine, leave-one-topic-out, on Timeline17.

    .venv/bin/python bench/tls_train.py [--data DIR] [--check]

Writes ``src/dateline/tls/weights/dateline.json`` and ``.../datewise.json`` (numbers only:
feature names, coefficients, the topics each model was trained on). For every development
topic T there is a model trained on the other topics; ``dateline.tls.ranker.choose`` uses it
whenever the input articles are T's, so no score reported on T comes from weights that saw
T. ``models[""]`` (trained on all development topics) is for every other collection.

Training examples: every candidate day of every task (a day in the task's window that a
sentence mentions or an article was published on, as the methods see it), labelled 1 when
the task's reference timeline has that day. The input of a task is exactly the benchmark's
(:func:`dateline.evaluate.protocol.task_input`).

- ``dateline``: L2-regularised logistic regression on :data:`dateline.tls.features.FEATURES`
  (log counts standardised per task). The feature subset and the regularisation strength
  are chosen from a small fixed grid (printed) by leave-one-topic-out Date-F1 of the top-l
  days: for each held-out topic, train on the five others, rank the held-out tasks' days,
  keep the top l, and average precision and recall over all tasks as the benchmark does.
  The grid is chosen once; the held-out scores are printed so the choice can be checked.
- ``datewise``: DATEWISE's regression (ordinary least squares on its six per-day features,
  each column L2-normalised per task), no hyperparameters.

``--check`` recomputes and compares with the shipped files instead of writing them.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import tls_data  # noqa: E402

REPO = tls_data.REPO
WEIGHTS = REPO / "src" / "dateline" / "tls" / "weights"

GRID_SUBSETS = {
    "all": ("mentions", "articles", "keyword_articles", "later_articles", "pub_days", "published"),
    "articles+later": ("articles", "later_articles"),
    "articles+later+published": ("articles", "later_articles", "published"),
    "keyword_articles+later+pub_days": ("keyword_articles", "later_articles", "pub_days"),
}
GRID_L2 = (1.0, 100.0)


def load_examples(root: Path) -> list[dict]:
    """One dict per task: topic, l, number of reference dates, and for both rankers the
    candidate days, features and labels."""
    from dateline.tls import datewise, features
    from dateline.tls.corpus import collect, keyword_mask

    pairs, _ = tls_data.load(root)
    out = []
    for task, ti in pairs:
        coll = collect(ti.articles)
        allowed = keyword_mask(coll.texts, ti.keywords)
        window = (ti.window[0].toordinal(), ti.window[1].toordinal())
        ref = {d.toordinal() for d in task.reference.dates}
        days = features.candidate_days(coll, window)
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


def loto_date_f1(examples: list[dict], names: tuple[str, ...], l2: float) -> float:
    from dateline.tls.features import standardise

    precision, recall = [], []
    for held in sorted({e["topic"] for e in examples}):
        coef, _ = fit_dateline([e for e in examples if e["topic"] != held], names, l2)
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
    ap.add_argument("--data", type=Path, default=tls_data.default_root())
    ap.add_argument("--check", action="store_true", help="compare with the shipped weights")
    args = ap.parse_args()
    if not (args.data / "queries.json").exists():
        print(f"Timeline17 not found at {args.data} (use --data or $DATELINE_SHARED_DATA)", file=sys.stderr)
        return 1
    from dateline.tls.datewise import FEATURES as DW_FEATURES
    from dateline.tls.features import FEATURES

    t0 = time.perf_counter()
    examples = load_examples(args.data)
    print(f"{len(examples)} tasks, {sum(len(e['y']) for e in examples)} candidate days "
          f"({time.perf_counter() - t0:.1f} s)")

    print("\nleave-one-topic-out Date-F1 of the top-l days (dateline ranker grid):")
    print(f"  {'features':36s} " + " ".join(f"l2={v:<7g}" for v in GRID_L2))
    best = ("", 0.0, -1.0)
    for label, names in GRID_SUBSETS.items():
        row = []
        for l2 in GRID_L2:
            f1 = loto_date_f1(examples, names, l2)
            row.append(f1)
            if f1 > best[2] + 1e-12:
                best = (label, l2, f1)
        print(f"  {label:36s} " + " ".join(f"{v:<10.4f}" for v in row))
    label, l2, f1 = best
    print(f"chosen: {label}, l2={l2:g} (LOTO Date-F1 {f1:.4f})")
    names = GRID_SUBSETS[label]

    files = {
        "dateline": {
            "about": "dateline's date ranker (logistic regression), trained leave-one-topic-out on "
                     "the Timeline17 development topics by bench/tls_train.py",
            "features": list(FEATURES),
            "settings": {"subset": label, "features_used": list(names), "l2": l2, "loto_date_f1": round(f1, 6)},
            "models": models(examples, lambda ex: fit_dateline(ex, names, l2)),
        },
        "datewise": {
            "about": "DATEWISE's supervised date ranker (linear regression on L2-normalised "
                     "per-day features), trained leave-one-topic-out by bench/tls_train.py",
            "features": list(DW_FEATURES),
            "settings": {},
            "models": models(examples, fit_datewise),
        },
    }
    status = 0
    WEIGHTS.mkdir(parents=True, exist_ok=True)
    for name, doc in files.items():
        path = WEIGHTS / f"{name}.json"
        text = json.dumps(doc, indent=1) + "\n"
        if args.check:
            same = path.exists() and _close(json.loads(path.read_text()), json.loads(text))
            print(f"{path.relative_to(REPO)}: {'identical' if same else 'DIFFERENT'}")
            status |= 0 if same else 1
        else:
            path.write_text(text)
            print(f"wrote {path.relative_to(REPO)}")
    return status


if __name__ == "__main__":
    sys.exit(main())
