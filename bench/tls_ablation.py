"""Ablation of the default timeline method on the Timeline17 development tasks.

    .venv/bin/python -m bench.tls_ablation [--data DIR]

Every row changes one thing of the default method (``dateline``) and is scored on all 14
tasks exactly as ``dateline bench t17`` scores them (same task inputs, protocol checks,
TILSE scorer, F1 of mean precision and recall), with the shipped leave-one-topic-out
weights: on topic T the date ranker, and the settings the row does not change, were
trained and chosen without T (``tools/tls_train.py``). So every row is a leave-one-topic-out
number. DATEWISE and the baseline are in the same run for reference.

How the shipped settings were chosen (nested leave-one-topic-out) is printed by
``tools/tls_train.py``; the date-selection experiments (features and learners measured by
the Date-F1 of the top-l days) are in ``experiments/tls_dates.py``, the supervised sentence
scorers in ``experiments/tls_sentences.py``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bench import common, tls_data

ROWS: list[tuple[str, str, dict]] = [  # (label, method, options)
    ("default (dateline)", "dateline", {}),
    ("as before: first timex, no chronologies, no report or clause preference", "dateline",
     {"dating": "first", "chronologies": False, "prefer_reports": False, "subordinate": "fallback"}),
    ("DATEWISE, supervised ranker (published config)", "datewise", {}),
    ("DATEWISE, mention-count ranker", "datewise-mentions", {}),
    ("baseline (busiest publication days)", "baseline", {}),
    # date selection
    ("date ranker: sentences mentioning the day (no training)", "dateline", {"ranker": "mentions"}),
    ("date ranker: articles mentioning the day", "dateline", {"ranker": "articles"}),
    ("date ranker: cross-references (later articles) only", "dateline", {"ranker": "later_articles"}),
    ("date ranker: publication burst only", "dateline", {"ranker": "published"}),
    ("date ranker: chronologies listing the day only", "dateline", {"ranker": "chronologies"}),
    ("chosen days at least 2 days apart", "dateline", {"min_gap": 2}),
    # reading the text
    ("no chronologies (no entries, no year correction)", "dateline", {"chronologies": False}),
    ("dating: first timex (DATEWISE's rule), not the about-day", "dateline", {"dating": "first"}),
    ("dating: every day a sentence names", "dateline", {"dating": "any"}),
    ("time stamps read as any date (reader comments not avoided)", "dateline", {"stamps": False}),
    ("subordinate-only sentences not avoided (fallback)", "dateline", {"subordinate": "fallback"}),
    ("subordinate-only sentences dropped", "dateline", {"subordinate": "drop"}),
    # candidates and summaries
    ("no preference for reports (previews allowed)", "dateline", {"prefer_reports": False}),
    ("no length preference (8-35 tokens)", "dateline", {"min_tokens": 0, "max_tokens": 0}),
    ("length preference 8-25 tokens", "dateline", {"max_tokens": 25}),
    ("length preference 8-45 tokens", "dateline", {"max_tokens": 45}),
    ("no publication candidates (dated sentences only)", "dateline", {"use_pub_candidates": False}),
    ("publication candidates: first 10 sentences", "dateline", {"clip_sents": 9}),
    ("publication candidates: articles of the day only", "dateline", {"pub_days": 1}),
    ("PM-MEAN filter on candidates (as DATEWISE)", "dateline", {"pm_filter": True}),
    ("closeness: mentions from articles <= 2 days later only", "dateline", {"max_lag": 2}),
    ("cross-date redundancy control at 0.5 (shipped: 0.95, and no sentence twice)", "dateline", {"cross_date_sim": 0.5}),
    ("no cross-date redundancy control (a sentence may stand under several dates)", "dateline", {"cross_date_sim": 1.0}),
    ("TF-IDF fitted on every sentence, not the candidate pool", "dateline", {"vector_pool": False}),
    ("TF-IDF terms not stemmed (DATEWISE's tokens)", "dateline", {"stem": False}),
]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, help=tls_data.DATA_HELP)
    args = ap.parse_args()
    args.data = common.timeline17(args.data)
    from dateline.evaluate.protocol import average
    from dateline.timex import TAGGER_VERSION

    pairs, seconds = tls_data.load(args.data)
    print(f"{len(pairs)} tasks, tagger {TAGGER_VERSION} (read {seconds['read']:.1f} s, "
          f"annotate {seconds['annotate']:.1f} s)\n")
    head = (f"{'setting':76s} {'AR1-F':>7s} {'AR2-F':>7s} {'Date-F1':>7s} {'cR1-F':>7s}   "
            f"{'dAR1':>7s} {'dAR2':>7s} {'dDate':>7s}")
    print(head)
    print("-" * len(head))
    base = None
    for label, method, options in ROWS:
        t0 = time.perf_counter()
        avg = average(tls_data.run(pairs, method, options))
        vals = [avg[k].f1 for k in ("AR1", "AR2", "Date", "concat-R1")]
        if base is None:
            base = vals
        delta = [v - b for v, b in zip(vals, base, strict=True)]
        print(f"{label:76s} " + " ".join(f"{v:7.4f}" for v in vals) + "   "
              + " ".join(f"{d:+7.4f}" for d in delta[:3]) + f"   ({time.perf_counter() - t0:.1f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(common.run_and_record("tls_ablation", main, title="Ablation of the default timeline method on Timeline17"))
