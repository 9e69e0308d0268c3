"""tilse (Perl ROUGE-1.5.5) and dateline score the same timeline pairs: seconds and agreement.

The pairs are those of tests/fixtures/tilse/published_pairs.json (every published system
output in sdf-tls-outputs/ against its Timeline17 reference; see
tools/regen_tilse_reference.py and docs/data.md). Both scorers get the same Timeline objects (read once with
``dateline.readers.tilse.read(path, duplicates="last")``, tilse's reading); only scoring is
timed (all five ROUGE metrics with ROUGE-1 and ROUGE-2, and the date scores), in the same
process, one pair after the other:

- tilse: ``TimelineRougeEvaluator(rouge_computation="original")``, each metric, plus
  ``evaluate_dates`` (what ``dateline.evaluate.tilse_bridge.tilse_scores`` runs);
- dateline: ``dateline.evaluate.timeline.evaluate``, first with cold caches (the per-sentence
  token cache is cleared before the first pair, so this is the cost of a fresh process), then
  again over all pairs with warm caches.

Prints one row per pair and the totals; "max |diff|" is the largest difference between the
two scorers over every precision, recall and F1 of the pair (the target is 0, at most 1e-6).

Then the tie sensitivity of ``align``/``align_plus`` (no tilse needed): each pair is scored
again with ``linear_sum_assignment`` run on the cost matrix with rows and columns reversed
(mapped back), which picks another alignment wherever several are equally cheap. A pair
whose scores change there depends on how the solver breaks ties, i.e. on the SciPy version
(the Hungarian method before SciPy 1.4, a shortest augmenting path solver since).

    .venv/bin/python -m bench.evaluate [--limit N] [--ties-only]     # from the repository root

The whole set takes tilse tens of minutes; ``--limit N`` runs the first N pairs only.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from pathlib import Path
from typing import Any

from bench import common

PAIRS_FILE = common.REPO / "tests" / "fixtures" / "tilse" / "published_pairs.json"


def _values(scores: dict[str, Any]) -> dict[str, float]:
    out = {}
    for metric, v in scores.items():
        if metric in ("errors", "leftover_files"):
            continue
        if metric == "dates":
            out.update({f"dates.{k}": x for k, x in v.items()})
        else:
            out.update({f"{metric}.{n}.{k}": x for n, d in v.items() for k, x in d.items()})
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, help="only the first N pairs")
    parser.add_argument("--ties-only", action="store_true", help="only the tie sensitivity table")
    args = parser.parse_args(argv)

    from dateline.evaluate.tilse_bridge import unavailable_reason
    from dateline.readers import tilse as reader

    reason = unavailable_reason()
    if reason and not args.ties_only:
        print(f"cannot run tilse: {reason}", file=sys.stderr)
        return 1
    shared = common.published_outputs()
    pairs = json.loads(PAIRS_FILE.read_text(encoding="utf-8"))["pairs"][: args.limit]

    loaded = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for p in pairs:
            system = reader.read(shared / p["system_file"], duplicates="last")
            ref = reader.read(shared / p["reference_file"], duplicates="last")
            loaded.append((p, system, ref))

    import scipy.optimize  # noqa: F401  (imported before timing, as tilse imports it too)

    if not args.ties_only:
        _speed(loaded)
        _published(loaded)
    _ties(loaded)
    return 0


def _published(loaded: list[tuple[dict[str, Any], Any, Any]]) -> None:
    """The published systems' scores as the Timeline17 benchmark reports them: over the pairs
    whose output is named after its reference (one per task), the F1 of the mean precision
    and the mean recall of align+ m:1 ROUGE-1/2 and of the dates (dateline's scorer, equal to
    tilse's above)."""
    from dateline.evaluate.timeline import evaluate

    by_system: dict[str, list[Any]] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for p, system, ref in loaded:
            if p["named_pair"]:
                by_system.setdefault(p["system"], []).append(evaluate(system, ref).to_dict())

    def f1(scores: list[Any], get: Any) -> float:
        prec = sum(get(s)["precision"] for s in scores) / len(scores)
        rec = sum(get(s)["recall"] for s in scores) / len(scores)
        return 2 * prec * rec / (prec + rec) if prec + rec else 0.0

    print("\npublished outputs scored as the Timeline17 benchmark scores them (F1 of mean P and mean R):")
    print(f"{'system':<10} {'tasks':>5} {'AR1-F':>7} {'AR2-F':>7} {'Date-F1':>7}")
    for name, scores in sorted(by_system.items()):
        ar1 = f1(scores, lambda s: s["align_plus_m1"]["rouge_1"])
        ar2 = f1(scores, lambda s: s["align_plus_m1"]["rouge_2"])
        dates = f1(scores, lambda s: s["dates"])
        print(f"{name:<10} {len(scores):>5} {ar1:7.4f} {ar2:7.4f} {dates:7.4f}")


def _speed(loaded: list[tuple[dict[str, Any], Any, Any]]) -> None:
    from dateline.evaluate import rouge
    from dateline.evaluate.tilse_bridge import tilse_scores, versions
    from dateline.evaluate.timeline import evaluate

    rouge.tokens.cache_clear()
    rouge.morph_stem.cache_clear()
    rows = []
    for p, system, ref in loaded:
        t0 = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ours = evaluate(system, ref).to_dict()
        t_ours = time.perf_counter() - t0
        t0 = time.perf_counter()
        theirs = tilse_scores(system, ref)
        t_tilse = time.perf_counter() - t0
        a, b = _values(ours), _values(theirs)
        diff = max(abs(a[k] - b[k]) for k in b) if b else float("nan")
        label = f"{Path(p['system_file']).stem.removeprefix('TL17_')} ~ {Path(p['reference_file']).name}"
        rows.append((label, len(system), len(ref), t_tilse, t_ours, diff, sorted(set(a) - set(b))))
        print(f"  {label}: tilse {t_tilse:.2f} s, dateline {t_ours:.4f} s", file=sys.stderr, flush=True)

    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _, system, ref in loaded:
            evaluate(system, ref)
    warm = time.perf_counter() - t0

    width = max(len(r[0]) for r in rows)
    print(f"versions: {versions()}")
    print(f"{'pair':<{width}} {'dates':>9} {'tilse s':>9} {'dateline s':>11} {'ratio':>8} {'max |diff|':>11}")
    for label, n_sys, n_ref, t_t, t_o, diff, missing in rows:
        note = f"  (tilse crashed on {', '.join(missing)})" if missing else ""
        print(f"{label:<{width}} {f'{n_sys}/{n_ref}':>9} {t_t:9.2f} {t_o:11.4f} {t_t / t_o:7.0f}x {diff:11.1e}{note}")
    total_t = sum(r[3] for r in rows)
    total_o = sum(r[4] for r in rows)
    worst = max(r[5] for r in rows)
    print(f"{f'total, {len(rows)} pairs (dateline cold caches)':<{width}} {'':>9} {total_t:9.2f} {total_o:11.4f} "
          f"{total_t / total_o:7.0f}x {worst:11.1e}")
    print(f"{'total, dateline again with warm caches':<{width}} {'':>9} {total_t:9.2f} {warm:11.4f} "
          f"{total_t / warm:7.0f}x")


def _reversed_assignment(costs: Any) -> tuple[Any, Any]:
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    n, m = costs.shape
    rows, cols = linear_sum_assignment(np.ascontiguousarray(costs[::-1, ::-1]))
    rows, cols = n - 1 - rows, m - 1 - cols
    order = np.argsort(rows)
    return rows[order], cols[order]


def _ties(loaded: list[tuple[dict[str, Any], Any, Any]]) -> None:
    from dateline.evaluate.timeline import evaluate

    print()
    print("tie sensitivity: align/align+ with the reversed-matrix assignment (same cost), max |change|")
    changed = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for p, system, ref in loaded:
            a = _values(evaluate(system, ref).to_dict())
            b = _values(evaluate(system, ref, assignment=_reversed_assignment).to_dict())
            diffs = {k: abs(a[k] - b[k]) for k in a if k.startswith(("align.", "align_plus."))}
            worst = max(diffs.values())
            if worst > 1e-12:
                key = max(diffs, key=lambda k: diffs[k])
                label = f"{Path(p['system_file']).stem.removeprefix('TL17_')} ~ {Path(p['reference_file']).name}"
                changed.append((label, worst, key))
    for label, worst, key in changed:
        print(f"  {label}: {worst:.2e} ({key})")
    print(f"{len(changed)} of {len(loaded)} pairs change")


if __name__ == "__main__":
    sys.exit(common.run_and_record("evaluate", main, title="The TILSE scorer against tilse 0.2.1 (Perl ROUGE-1.5.5)"))
