"""Near-duplicate stories: precision and recall of the grouping on labelled Timeline17 pairs,
and its speed at 1x and 10x the corpus.

    .venv/bin/python -m bench.stories [--copies 10]      # from the repository root

**Labels**: ``bench/data/timeline17_story_pairs.tsv``, built by ``python -m
tools.story_labels`` (its docstring and docs/ingest.md give the procedure: candidate pairs
by exact shingle overlap and shared sentences, labelled by a rule on content sentences,
checked by reading). A pair of articles the file does not list as the same story counts as
two stories.

**Grouping**: the articles of the 12 Timeline17 folders in the order ``dateline ingest``
reads them, each id once, put in stories by :class:`dateline.annotate.stories.StoryIndex`
(what ingest does, without the store) at each threshold. A predicted pair is two articles
in the same story. Precision = labelled-same pairs among predicted pairs; recall = predicted
pairs among labelled-same pairs. The threshold is chosen on the development topics (bpoil,
haiti, finan) and reported on the others (egypt, libya, syria) as well; the default of
``dateline ingest`` is marked. The last check ingests the corpus into a store (untagged) at
the default threshold and compares the stored story ids with the in-memory grouping.

**Speed** (CPU seconds of this process, one core): signatures (shingling and MinHash),
grouping (LSH query and insert, in order), and rebuilding the index from a store's
signatures (what the first batch of an ingest does), on Timeline17 and on a synthetic corpus
``--copies`` times larger. Copy k of an article has ``k`` appended to each of its words, so
copies never match each other and every copy has the near-duplicate structure of the
original: the 10x corpus has exactly 10 times the stories; its precision and recall are
printed too (they should equal the 1x figures).
"""

from __future__ import annotations

import argparse
import csv
import itertools
import re
import sys
import tempfile
import time
import warnings
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import timedelta
from pathlib import Path

from bench import common
from dateline.annotate import ingest, stories
from dateline.annotate.stories import StoryIndex
from dateline.model import Article, ArticleRecord
from dateline.readers import timeline17
from dateline.store import SqliteStore

LABELS = common.REPO / "bench" / "data" / "timeline17_story_pairs.tsv"
DEV = ("bpoil", "haiti", "finan")
TEST = ("egypt", "libya", "syria")
THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
_WORD = re.compile(r"\w+")

Pair = tuple[str, str]


def _pair(a: str, b: str) -> Pair:
    return (a, b) if a < b else (b, a)


def load_articles(t17: Path) -> list[Article]:
    folders = sorted(p for p in t17.iterdir() if (p / "InputDocs").is_dir())
    out: dict[str, Article] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for folder in folders:
            for a in timeline17.read_articles(folder):
                out.setdefault(a.id, a)
    return list(out.values())


def load_labels() -> tuple[set[Pair], dict[str, str]]:
    same: set[Pair] = set()
    topic: dict[str, str] = {}
    with LABELS.open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if row["same"] == "1":
                same.add(_pair(row["a"], row["b"]))
    return same, topic


def group(records: Sequence[ArticleRecord], threshold: float) -> dict[str, str]:
    index = StoryIndex(threshold)
    return {r.article.id: r.story or r.article.id for r in index.assign(records)}


def predicted_pairs(story_of: dict[str, str]) -> set[Pair]:
    members: dict[str, list[str]] = defaultdict(list)
    for article, story in story_of.items():
        members[story].append(article)
    return {_pair(a, b) for m in members.values() for a, b in itertools.combinations(m, 2)}


def scores(pred: set[Pair], gold: set[Pair], keep: Iterable[str] | None = None,
           topic_of: dict[str, str] | None = None) -> tuple[float, float, float, int, int]:
    if keep is not None and topic_of is not None:
        wanted = set(keep)
        pred = {p for p in pred if topic_of[p[0]] in wanted or topic_of[p[1]] in wanted}
        gold = {p for p in gold if topic_of[p[0]] in wanted}
    tp = len(pred & gold)
    p = tp / len(pred) if pred else 1.0
    r = tp / len(gold) if gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f, len(pred), len(gold)


def copy_of(a: Article, k: int) -> Article:
    text = _WORD.sub(lambda m: f"{m.group(0)}{k}", a.text)
    return Article.create(published=a.day + timedelta(days=400 * k), title=f"copy {k}", text=text,
                          topics=a.topics, outlet=a.outlet)


def cpu() -> float:
    return time.process_time()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--copies", type=int, default=10, help="size of the synthetic corpus, in Timeline17s")
    args = ap.parse_args()
    if not stories.available():
        print(stories.unavailable_reason(), file=sys.stderr)
        return 1
    arts = load_articles(common.timeline17())
    gold, _ = load_labels()
    topic_of = {a.id: a.topics[0] for a in arts}
    gold = {p for p in gold if p[0] in topic_of and p[1] in topic_of}

    t0 = cpu()
    records = stories.with_signatures([ArticleRecord(a, ()) for a in arts])
    sig_cpu = cpu() - t0
    no_sig = sum(r.signature is None for r in records)

    print(f"Timeline17: {len(arts):,} articles ({no_sig} without a signature: fewer than {stories.MIN_WORDS} "
          f"words); {len(gold)} labelled same-story pairs ({LABELS.relative_to(common.REPO)})")
    print()
    print("precision / recall / F1 of the grouping, by threshold (estimated Jaccard of word 5-shingles)")
    header = (f"{'threshold':>9}  {'dev P':>6} {'dev R':>6} {'dev F1':>6}  {'test P':>6} {'test R':>6} "
              f"{'test F1':>7}  {'all P':>6} {'all R':>6} {'all F1':>6}  {'pairs':>6}  {'group s':>7}")
    print(header)
    print("-" * len(header))
    best: tuple[float, float] = (-1.0, 0.0)
    groupings: dict[float, dict[str, str]] = {}
    for threshold in THRESHOLDS:
        t0 = cpu()
        story_of = group(records, threshold)
        elapsed = cpu() - t0
        groupings[threshold] = story_of
        pred = predicted_pairs(story_of)
        dev = scores(pred, gold, DEV, topic_of)
        test = scores(pred, gold, TEST, topic_of)
        every = scores(pred, gold)
        best = max(best, (dev[2], -threshold))
        mark = " (default)" if threshold == stories.THRESHOLD else ""
        print(f"{threshold:>9.2f}  {dev[0]:>6.3f} {dev[1]:>6.3f} {dev[2]:>6.3f}  {test[0]:>6.3f} {test[1]:>6.3f} "
              f"{test[2]:>7.3f}  {every[0]:>6.3f} {every[1]:>6.3f} {every[2]:>6.3f}  {every[3]:>6,}  {elapsed:>7.2f}"
              f"{mark}")
    chosen = -best[1]
    print()
    print(f"best threshold on the development topics ({', '.join(DEV)}): {chosen}; "
          f"the default of dateline ingest: {stories.THRESHOLD}")

    # recall by how similar the labelled pairs are (exact Jaccard of the shingle sets, from the file)
    jac: dict[Pair, float] = {}
    with LABELS.open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if row["same"] == "1":
                jac[_pair(row["a"], row["b"])] = float(row["jaccard"])
    pred = predicted_pairs(groupings[stories.THRESHOLD])
    print()
    print("recall at the default threshold by the exact Jaccard of the labelled pair's shingle sets:")
    for lo, hi in ((0.0, 0.2), (0.2, 0.4), (0.4, 0.6), (0.6, 1.01)):
        band = [p for p in gold if lo <= jac.get(p, 0.0) < hi]
        found = sum(p in pred for p in band)
        print(f"  {lo:.1f} <= J < {min(hi, 1.0):.1f}: {found:>3} of {len(band):>3}"
              + (f" ({found / len(band):.0%})" if band else ""))

    # the same grouping through the store
    with tempfile.TemporaryDirectory(prefix="dateline-bench-") as tmp:
        with SqliteStore(Path(tmp) / "t17.db") as store:
            ingest(store, arts, tagger=None)
            stored = {a.id: info.story for a, info in zip(arts, (store.stories([a.id])[a.id] for a in arts),
                                                          strict=True)}
        same = predicted_pairs(stored) == predicted_pairs(groupings[stories.THRESHOLD])
        print(f"dateline ingest (default threshold) stores the same groups: {'yes' if same else 'NO'}")

        # speed at 1x and Nx
        print()
        copies = [copy_of(a, k) if k else a for k in range(args.copies) for a in arts]
        big_gold = {_pair(f"{a}@{k}", f"{b}@{k}") for k in range(args.copies) for a, b in gold}
        t0 = cpu()
        big_records = stories.with_signatures([ArticleRecord(a, ()) for a in copies])
        big_sig = cpu() - t0
        t0 = cpu()
        big_story = group(big_records, stories.THRESHOLD)
        big_group = cpu() - t0
        name = {c.id: f"{arts[i % len(arts)].id}@{i // len(arts)}" for i, c in enumerate(copies)}
        big_pred = {_pair(name[a], name[b]) for a, b in predicted_pairs(big_story)}
        p, r, f1, n_pred, _ = scores(big_pred, big_gold)
        t0 = cpu()
        one = group(records, stories.THRESHOLD)
        one_group = cpu() - t0
        assert one == groupings[stories.THRESHOLD]
        rebuild = {}
        for label, recs in (("1x", records), (f"{args.copies}x", big_records)):
            with SqliteStore(Path(tmp) / f"{label}.db") as store:
                ingest(store, [x.article for x in recs], tagger=None)
                t0 = cpu()
                index = StoryIndex()
                n = index.catch_up(store)
                rebuild[label] = (cpu() - t0, n)
        print("speed (CPU seconds, this process)")
        head = (f"{'corpus':<16} {'articles':>8}  {'signatures s':>12} {'art/s':>7}  {'grouping s':>10} "
                f"{'art/s':>7}  {'index rebuild s':>15}  {'P':>5} {'R':>5} {'F1':>5}")
        print(head)
        print("-" * len(head))
        one_p = scores(predicted_pairs(one), gold)
        rows = [("Timeline17", len(arts), sig_cpu, one_group, rebuild["1x"][0], one_p[:3]),
                (f"synthetic {args.copies}x", len(copies), big_sig, big_group, rebuild[f"{args.copies}x"][0],
                 (p, r, f1))]
        for label, n, s_cpu, g_cpu, r_cpu, (pp, rr, ff) in rows:
            print(f"{label:<16} {n:>8,}  {s_cpu:>12.1f} {n / s_cpu:>7,.0f}  {g_cpu:>10.2f} {n / g_cpu:>7,.0f}  "
                  f"{r_cpu:>15.2f}  {pp:>5.3f} {rr:>5.3f} {ff:>5.3f}")
        print()
        print(f"index rebuild: a new StoryIndex loading every stored signature ({rebuild['1x'][1]:,} and "
              f"{rebuild[f'{args.copies}x'][1]:,}) from the store, as the first batch of an ingest does.")
        print(f"predicted pairs at {args.copies}x: {n_pred:,}.")
    return 0


if __name__ == "__main__":
    sys.exit(common.run_and_record("stories", main, title="Near-duplicate stories: precision, recall, speed"))
