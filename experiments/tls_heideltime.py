"""Timeline17 tasks with HeidelTime's dates instead of dateline's tagger (a bench-only adapter).

    .venv/bin/python -m experiments.tls_heideltime [--data DIR] [--retrain]

Timeline17 ships HeidelTime's machine annotations of its articles
(``<folder>/time_annotated/<date>/<id>.txt.timeml``, tokenized like ``InputDocs``). This
script takes the benchmark's tasks (:mod:`tls_data`: same windows, l, k, keywords,
sentences), replaces every article's timexes by HeidelTime's (aligned to the article text
on non-blank characters, as ``bench/heideltime_agreement.py`` does, then assigned to our
sentences by span), and runs ``dateline`` and ``datewise`` on both inputs, everything else
equal. HeidelTime is never a runtime dependency: this file is the only place that reads
its output for timelines.

Rows: each method with our tagger and with HeidelTime, with the shipped ranker weights
(trained on our tagger's dates, nested leave-one-topic-out) and, with ``--retrain``, with
rankers retrained leave-one-topic-out on HeidelTime's dates (the ``tools/tls_train.py``
procedure: ranker subset by inner LOTO Date-F1, report preference by inner AR1+AR2).

Also prints, per task, Date-F1 of both inputs and what changed in the chosen days, and an
analysis of the sentences whose day differs between the taggers (``--diff``).

The HeidelTime version of the tasks is kept in the ``tls_data`` cache directory
(``t17ht-<hash>.pickle``).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import pickle
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

from bench import common, tls_data
from bench import heideltime_agreement as hta

from dateline.model import AnnotatedArticle, Timex
from dateline.timex.values import granularity_of_value


def heideltime_path(origin: str) -> Path:
    """``.../<folder>/InputDocs/<date>/<id>.htm.txt`` -> ``.../<folder>/time_annotated/<date>/<id>.txt.timeml``."""
    p = Path(origin)
    return p.parents[2] / "time_annotated" / p.parent.name / p.name.replace(".htm.txt", ".txt.timeml")


def heideltime_timexes(a: AnnotatedArticle) -> tuple[tuple[Timex, ...], ...] | None:
    """HeidelTime's timexes of ``a``, per sentence, with spans in ``a.article.text``; None
    when there is no annotation file."""
    path = heideltime_path(a.article.origin or "")
    if not path.is_file():
        return None
    ht_text, ht = hta.read_heideltime_output(path.read_text(encoding="utf-8", errors="replace"))
    text = a.article.text
    mapping = hta.align(ht_text, text)
    anchor = a.article.day
    per: list[list[Timex]] = [[] for _ in a.sentences]
    starts = [s.start for s in a.sentences]
    s_i = 0
    for t in ht:
        span = hta.map_span(mapping, t.start, t.end)
        if span is None:
            continue
        start, end = span
        while s_i + 1 < len(starts) and starts[s_i + 1] <= start:
            s_i += 1
        while s_i > 0 and starts[s_i] > start:
            s_i -= 1
        s = a.sentences[s_i]
        if not s.start <= start < s.end:
            continue
        per[s_i].append(Timex(start, min(end, s.end), text[start:min(end, s.end)], t.type, t.value,
                              granularity_of_value(t.value), anchor))
    return tuple(tuple(sorted(ts, key=lambda t: t.start)) for ts in per)


def _cache_path(root: Path) -> Path:
    base = tls_data._cache_path(root)
    h = hashlib.sha256(base.name.encode())
    for f in (Path(__file__), Path(hta.__file__)):
        h.update(f.read_bytes())
    return base.with_name(f"t17ht-{h.hexdigest()[:16]}.pickle")


def load(root: Path) -> tuple[list, list, dict[str, int]]:  # type: ignore[type-arg]
    """``(pairs with our tagger, the same pairs with HeidelTime's timexes, counts)``."""
    pairs, _ = tls_data.load(root)
    path = _cache_path(root)
    if path.exists() and not os.environ.get("DATELINE_BENCH_NO_CACHE"):
        with path.open("rb") as f:
            ht_pairs, counts = pickle.load(f)
        return pairs, ht_pairs, counts
    converted: dict[str, AnnotatedArticle] = {}
    counts = {"articles": 0, "without HeidelTime file": 0}
    ht_pairs = []
    for task, ti in pairs:
        arts = []
        for a in ti.articles:
            if a.article.id not in converted:
                counts["articles"] += 1
                ts = heideltime_timexes(a)
                if ts is None:
                    counts["without HeidelTime file"] += 1
                    ts = tuple(() for _ in a.sentences)
                converted[a.article.id] = replace(a, timexes=ts, tagger="heideltime")
            arts.append(converted[a.article.id])
        ht_pairs.append((task, replace(ti, articles=arts)))
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    with tmp.open("wb") as f:
        pickle.dump((ht_pairs, counts), f, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)
    for old in sorted(path.parent.glob("t17ht-*.pickle"), key=lambda p: p.stat().st_mtime)[:-2]:
        old.unlink(missing_ok=True)
    return pairs, ht_pairs, counts


def retrained(pairs: list) -> list:  # type: ignore[type-arg]
    """dateline's nested leave-one-topic-out results with rankers and settings retrained on
    ``pairs`` (``tools/tls_train.py``'s procedure), one TaskResult per task."""
    import numpy as np
    from tools import tls_train

    examples = tls_train.load_examples(pairs)
    topics = sorted({e["topic"] for e in examples})
    runner = tls_train.Runner(pairs)
    out = []
    for t in topics:
        m = tls_train.choose(examples, runner, [s for s in topics if s != t])
        out.extend(runner.results({t}, np.asarray(m["coef"]), m["intercept"], m["options"]))
    return out


def retrained_datewise(pairs: list) -> list:  # type: ignore[type-arg]
    """DATEWISE with its regression retrained leave-one-topic-out on ``pairs``."""
    import numpy as np
    from tools import tls_train

    from dateline.evaluate import protocol
    from dateline.evaluate.timeline import evaluate
    from dateline.tls import datewise as dw
    from dateline.tls import methods

    examples = tls_train.load_examples(pairs)
    out = []
    for task, ti in pairs:
        coef, intercept = tls_train.fit_datewise([e for e in examples if e["topic"] != task.topic])
        coll, x, allowed, window = methods._prepare(ti)
        picks = dw.select(coll, x, allowed, ti.dates, ti.per_date, window, ranker="supervised",
                          weights=np.append(coef, intercept))
        timeline = methods._timeline(ti, coll, picks, "datewise")
        out.append(protocol.TaskResult(task, len(ti.articles), timeline, evaluate(timeline, task.reference)))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, help=tls_data.DATA_HELP)
    ap.add_argument("--retrain", action="store_true", help="also retrain the rankers on HeidelTime's dates")
    ap.add_argument("--diff", action="store_true", help="also list the kinds of day-level disagreement")
    ap.add_argument("--examples", type=int, default=3, help="examples per kind with --diff")
    args = ap.parse_args()
    args.data = common.timeline17(args.data)
    from dateline.evaluate.protocol import average
    from dateline.timex import TAGGER_VERSION

    pairs, ht_pairs, counts = load(args.data)
    print(f"tagger {TAGGER_VERSION}; {counts['articles']} articles, {counts['without HeidelTime file']} "
          "without a HeidelTime file (no dates for them)")

    rows: dict[str, list] = {}  # type: ignore[type-arg]
    for method in ("dateline", "datewise"):
        rows[f"{method}, our tagger (shipped weights)"] = tls_data.run(pairs, method)
        rows[f"{method}, HeidelTime (shipped weights)"] = tls_data.run(ht_pairs, method)
        if args.retrain:
            if method == "dateline":
                rows[f"{method}, our tagger (retrained LOTO)"] = retrained(pairs)
                rows[f"{method}, HeidelTime (retrained LOTO)"] = retrained(ht_pairs)
            else:
                rows[f"{method}, our tagger (retrained LOTO)"] = retrained_datewise(pairs)
                rows[f"{method}, HeidelTime (retrained LOTO)"] = retrained_datewise(ht_pairs)
    print(f"\n| {'input':45s} | AR1-F | AR2-F | Date-F1 | concat R1-F |")
    print(f"|{'-' * 47}|-------|-------|---------|-------------|")
    for label, results in rows.items():
        avg = average(results)
        print(f"| {label:45s} | {avg['AR1'].f1:.4f} | {avg['AR2'].f1:.4f} | {avg['Date'].f1:.4f} | "
              f"{avg['concat-R1'].f1:.4f} |")

    print("\nper task, dateline (shipped weights): Date-F1 our tagger / HeidelTime, chosen days only "
          "one input has (hits = in the reference)")
    ours, theirs = rows["dateline, our tagger (shipped weights)"], rows["dateline, HeidelTime (shipped weights)"]
    for a, b in zip(ours, theirs, strict=True):
        da, db = set(a.timeline.dates), set(b.timeline.dates)
        ref = set(a.task.reference.dates)
        print(f"  {a.task.id:66s} {a.scores.dates.f1:.3f} / {b.scores.dates.f1:.3f}   only ours "
              f"{len(da - db):2d} ({len((da - db) & ref):2d} hits), only HeidelTime {len(db - da):2d} "
              f"({len((db - da) & ref):2d} hits)")
    if args.diff:
        print(diff_report(pairs, ht_pairs, args.examples))
    return 0


def diff_report(pairs: list, ht_pairs: list, examples: int = 3) -> str:  # type: ignore[type-arg]
    """Day-level expressions whose day differs between the taggers, by kind (surface
    pattern and how the values differ), with how often each tagger's day is a reference
    date of the topic (any of its timelines) and the other's is not."""
    from collections import defaultdict
    from datetime import date

    from dateline.tls.corpus import timex_day

    refs: dict[str, set[int]] = defaultdict(set)
    windows: dict[str, tuple[int, int]] = {}
    for task, ti in pairs:
        refs[task.topic] |= {d.toordinal() for d in task.reference.dates}
        lo, hi = ti.window[0].toordinal(), ti.window[1].toordinal()
        a, b = windows.get(task.topic, (lo, hi))
        windows[task.topic] = (min(a, lo), max(b, hi))
    ours_arts = {a.article.id: (task.topic, a) for task, ti in pairs for a in ti.articles}
    ht_arts = {a.article.id: a for _, ti in ht_pairs for a in ti.articles}
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    shown: dict[str, list[str]] = defaultdict(list)
    total: Counter[str] = Counter()
    for aid, (topic, a) in ours_arts.items():
        h = ht_arts[aid]
        ref, (lo, hi) = refs[topic], windows[topic]
        for s_i in range(len(a.sentences)):
            ours = [(t, timex_day(t)) for t in a.sentence_timexes(s_i)]
            theirs = [(t, timex_day(t)) for t in h.sentence_timexes(s_i)]
            used: set[int] = set()
            ours_days = {d for _, d in ours if d is not None}
            ht_days = {e for _, e in theirs if e is not None}
            for t, d in ours:
                match = next((j for j, (u, _) in enumerate(theirs) if u.start < t.end and t.start < u.end), None)
                e = theirs[match][1] if match is not None else None
                if match is not None:
                    used.add(match)
                if d == e or (d is None and e is None) or (e is None and d in ht_days):
                    continue
                if match is None:
                    kind = f"ours only: {hta.pattern(t.text)}"
                elif d is None or e is None:
                    kind = f"day only {'ours' if d else 'HeidelTime'}: {hta.pattern(t.text)}"
                else:
                    kind = f"{hta.pattern(t.text)}: {hta.relation(date.fromordinal(e).isoformat(), date.fromordinal(d).isoformat())}"
                _count(kinds[kind], total, d, e, ref, lo, hi)
                if len(shown[kind]) < examples and ((d in ref) != (e in ref)):
                    u = theirs[match][0].value if match is not None else "-"
                    shown[kind].append(f"{a.article.day} …{a.sentences[s_i].text[:160]}… [[{t.text}]] ours "
                                       f"{t.value}, HeidelTime {u}")
            for j, (u, e) in enumerate(theirs):
                if j in used or e is None or e in ours_days:
                    continue
                kind = f"HeidelTime only: {hta.pattern(u.text)}"
                _count(kinds[kind], total, None, e, ref, lo, hi)
                if len(shown[kind]) < examples and e in ref:
                    shown[kind].append(f"{a.article.day} …{a.sentences[s_i].text[:160]}… [[{u.text}]] "
                                       f"HeidelTime {u.value}")
    lines = ["", "Day-level disagreements (ours vs HeidelTime), counted per expression; 'ref' = the day is a "
             "reference date of the topic, 'in window' = inside the topic's task windows",
             f"total: {dict(total)}", "",
             "| kind | n | ours ref, HT not | HT ref, ours not | net for HT | in window (ours/HT) |",
             "|---|---:|---:|---:|---:|---:|"]
    order = sorted(kinds, key=lambda k: -abs(kinds[k]["ht_ref"] - kinds[k]["ours_ref"]))
    for k in order[:30]:
        c = kinds[k]
        lines.append(f"| {k} | {c['n']} | {c['ours_ref']} | {c['ht_ref']} | {c['ht_ref'] - c['ours_ref']:+d} | "
                     f"{c['ours_win']}/{c['ht_win']} |")
    lines.append("")
    for k in [k for k in order[:30] if kinds[k]["ht_ref"] > kinds[k]["ours_ref"]] + order[:8]:
        lines.append(f"{k}:")
        lines.extend(f"    {x}" for x in shown[k])
    return "\n".join(lines)


def _count(c: Counter[str], total: Counter[str], d: int | None, e: int | None, ref: set[int],
           lo: int, hi: int) -> None:
    for cc in (c, total):
        cc["n"] += 1
        cc["ours_ref"] += d in ref and e not in ref
        cc["ht_ref"] += e in ref and d not in ref
        cc["ours_win"] += d is not None and lo <= d <= hi
        cc["ht_win"] += e is not None and lo <= e <= hi


if __name__ == "__main__":
    sys.exit(main())
