"""Error analysis of dateline's date selection on the 14 Timeline17 development tasks.

    .venv/bin/python -m experiments.tls_errors [--data DIR] [--method dateline] [--show N]

Runs the method as ``dateline bench t17`` does (shipped weights, nested leave-one-topic-out)
and sorts every error into a category:

**Reference dates we miss**, by what the task's articles say about the day (first matching
category, in this order):

- ``not a candidate``: no sentence names it and no article was published on it;
- ``publication only``: no sentence names it, but articles were published on it;
- ``one article``: named by the sentences of a single article;
- ``2+ articles, rank <= 2l`` / ``2+ articles, rank > 2l``: named by several articles, and
  ranked by the date ranker within twice the number of dates asked for, or further down.

and, across those categories: ``chosen neighbour (+-1)`` (a chosen day is one day away),
``chosen within 2-3 days``, ``named before it happened only`` (every article naming it was
published before it: previews), ``on a chronology``.

**Chosen days that are wrong**: ``+-1 of a missed reference date`` (the right event, the
wrong day: report day vs event day), ``+-1 of a chosen reference date`` (a second day of
the same event), ``2-3 days from a reference date``, ``reference date of another timeline
of the topic`` (a day another editor kept), ``far`` (more than 3 days from any reference
date); and why such a day ranks high: the feature contributing most to its score (the
ranker's weight times the standardised feature), the share of the articles naming it that
were published before it (previews), whether it is the publication day of a burst.

Prints one table over all tasks and, with ``--show``, the N worst examples of each wrong-day
category with the sentences that name them.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import numpy as np
from bench import common, tls_data

MISSED = ("not a candidate", "publication only", "one article", "2+ articles, rank <= 2l", "2+ articles, rank > 2l")
MISSED_ALSO = ("chosen neighbour (+-1)", "chosen within 2-3 days", "named before it happened only",
               "on a chronology")
WRONG = ("+-1 of a missed reference date", "+-1 of a chosen reference date", "2-3 days from a reference date",
         "reference date of another timeline of the topic", "far (> 3 days)")


def analyse(pairs: list, results: list) -> list[dict]:  # type: ignore[type-arg]
    """Per task: the missed reference dates and wrong chosen days with their categories."""
    from dateline.tls import features, ranker

    topic_refs: dict[str, set[int]] = {}
    for task, _ in pairs:
        topic_refs.setdefault(task.topic, set()).update(d.toordinal() for d in task.reference.dates)
    out = []
    for (task, ti), res in zip(pairs, results, strict=True):
        coll, allowed, window, days = tls_data.ranker_inputs(ti)
        by_day = features.mentions_by_day(coll)
        raw = features.raw_features(coll, days, allowed, by_day)
        x = features.standardise(raw)
        model = ranker.load_model("dateline", ti.held_out)
        scores = model.score(x)
        rank = {int(d): r for r, d in enumerate(days[np.argsort(-scores, kind="stable")].tolist(), start=1)}
        index = {int(d): i for i, d in enumerate(days.tolist())}
        ref = {d.toordinal() for d in task.reference.dates}
        chosen = {d.toordinal() for d in res.timeline.dates}
        others = topic_refs[task.topic] - ref
        col = {n: features.FEATURES.index(n) for n in features.FEATURES}
        pub_count = Counter(int(p) for p in coll.article_pub.tolist())
        burst = np.percentile(list(pub_count.values()), 90) if pub_count else 0
        missed, wrong = [], []
        for d in sorted(ref - chosen):
            i = index.get(d)
            arts = int(raw[i, col["articles"]]) if i is not None else 0
            if i is None:
                cat = MISSED[0]
            elif arts == 0:
                cat = MISSED[1]
            elif arts == 1:
                cat = MISSED[2]
            else:
                cat = MISSED[3] if rank[d] <= 2 * ti.dates else MISSED[4]
            also = []
            if any(abs(c - d) == 1 for c in chosen):
                also.append(MISSED_ALSO[0])
            elif any(2 <= abs(c - d) <= 3 for c in chosen):
                also.append(MISSED_ALSO[1])
            if arts and int(raw[i, col["later_articles"]]) == 0 and all(
                    coll.article_pub[int(coll.article[r])] < d for r in by_day.get(d, [])):
                also.append(MISSED_ALSO[2])
            if i is not None and raw[i, col["chronologies"]] > 0:
                also.append(MISSED_ALSO[3])
            ref_text = next((" ".join(e.sentences) for e in task.reference.entries if e.date.toordinal() == d), "")
            missed.append({"day": d, "category": cat, "also": also, "articles": arts, "rank": rank.get(d),
                           "reference": ref_text[:200], "examples": [coll.texts[r][:150] for r in by_day.get(d, [])[:3]]})
        for d in sorted(chosen - ref):
            near = min((abs(r - d) for r in ref), default=99)
            if near == 1:
                cat = WRONG[0] if any(abs(r - d) == 1 for r in ref - chosen) else WRONG[1]
            elif near <= 3:
                cat = WRONG[2]
            elif d in others:
                cat = WRONG[3]
            else:
                cat = WRONG[4]
            i = index[d]
            contrib = model.coef * x[i]
            top = features.FEATURES[int(np.argmax(contrib))]
            rows = by_day.get(d, [])
            arts = {int(coll.article[r]) for r in rows}
            before = sum(coll.article_pub[a] < d for a in arts) / max(len(arts), 1)
            wrong.append({"day": d, "category": cat, "top_feature": top, "preview_share": float(before),
                          "burst": pub_count.get(d, 0) + pub_count.get(d + 1, 0) >= 2 * burst,
                          "articles": len(arts), "rank": rank[d],
                          "examples": [coll.texts[r][:150] for r in rows[:3]]})
        out.append({"task": task.id, "l": ti.dates, "ref": len(ref), "chosen": len(chosen),
                    "hits": len(ref & chosen), "missed": missed, "wrong": wrong})
    return out


def table(analysis: list[dict]) -> str:
    lines = ["Reference dates missed (all 14 tasks):", "",
             "| category | missed | share | with a chosen neighbour (+-1) | chosen within 2-3 days | "
             "named before it only | on a chronology |", "|---|---:|---:|---:|---:|---:|---:|"]
    missed = [m for t in analysis for m in t["missed"]]
    for cat in MISSED:
        ms = [m for m in missed if m["category"] == cat]
        lines.append(f"| {cat} | {len(ms)} | {len(ms) / max(len(missed), 1):.2f} | " + " | ".join(
            str(sum(a in m["also"] for m in ms)) for a in MISSED_ALSO) + " |")
    lines.append(f"| all | {len(missed)} | 1.00 | " + " | ".join(
        str(sum(a in m["also"] for m in missed)) for a in MISSED_ALSO) + " |")
    lines += ["", "Chosen days not in the reference:", "",
              "| category | days | share | top feature: articles / later / published / chronologies | "
              "mean preview share | burst days |", "|---|---:|---:|---|---:|---:|"]
    wrong = [w for t in analysis for w in t["wrong"]]
    for cat in WRONG:
        ws = [w for w in wrong if w["category"] == cat]
        tops = Counter(w["top_feature"] for w in ws)
        lines.append(f"| {cat} | {len(ws)} | {len(ws) / max(len(wrong), 1):.2f} | "
                     f"{tops['articles']} / {tops['later_articles']} / {tops['published']} / {tops['chronologies']} | "
                     f"{np.mean([w['preview_share'] for w in ws]) if ws else 0:.2f} | {sum(w['burst'] for w in ws)} |")
    lines.append(f"| all | {len(wrong)} | 1.00 | | {np.mean([w['preview_share'] for w in wrong]):.2f} | "
                 f"{sum(w['burst'] for w in wrong)} |")
    lines += ["", "Per task: reference dates, hits, missed by category (in the order above), wrong by category:", ""]
    for t in analysis:
        mc = Counter(m["category"] for m in t["missed"])
        wc = Counter(w["category"] for w in t["wrong"])
        lines.append(f"  {t['task']:68s} ref {t['ref']:3d} hits {t['hits']:3d}  missed "
                     + " ".join(f"{mc[c]:2d}" for c in MISSED) + "   wrong " + " ".join(f"{wc[c]:2d}" for c in WRONG))
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, help=tls_data.DATA_HELP)
    ap.add_argument("--method", default="dateline")
    ap.add_argument("--show", type=int, default=0, help="examples of wrong days per category")
    ap.add_argument("--show-missed", type=int, default=0, help="examples of missed dates per category")
    args = ap.parse_args()
    args.data = common.timeline17(args.data)
    from dateline.timex import TAGGER_VERSION

    pairs, _ = tls_data.load(args.data)
    results = tls_data.run(pairs, args.method)
    analysis = analyse(pairs, results)
    print(f"method {args.method}, tagger {TAGGER_VERSION}\n")
    print(table(analysis))
    if args.show:
        for cat in WRONG:
            print(f"\n{cat}:")
            ws = [(t["task"], w) for t in analysis for w in t["wrong"] if w["category"] == cat]
            for task, w in ws[: args.show]:
                print(f"  {task} {date.fromordinal(w['day'])} rank {w['rank']} articles {w['articles']} "
                      f"top {w['top_feature']} previews {w['preview_share']:.2f}")
                for ex in w["examples"]:
                    print(f"      {ex}")
    if args.show_missed:
        for cat in MISSED:
            print(f"\nmissed, {cat}:")
            ms = [(t["task"], m) for t in analysis for m in t["missed"] if m["category"] == cat]
            step = max(1, len(ms) // args.show_missed)
            for task, m in ms[::step][: args.show_missed]:
                print(f"  {task} {date.fromordinal(m['day'])} rank {m['rank']} articles {m['articles']} {m['also']}")
                print(f"      REFERENCE: {m['reference']}")
                for ex in m["examples"]:
                    print(f"      {ex}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
