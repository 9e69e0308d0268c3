"""Near-duplicate stories: precision and recall of the grouping on labelled Timeline17 pairs,
and its speed at 1x and 10x the corpus.

    .venv/bin/python -m bench.stories [--copies 10]      # from the repository root

**Labels**: ``bench/data/timeline17_story_pairs.tsv``, built by ``python -m
tools.story_labels`` (its docstring and docs/ingest.md give the procedure: candidate pairs
by exact shingle overlap and shared sentences, labelled by a rule on content sentences,
checked by reading). A pair of articles the file does not list as the same story counts as
two stories.

**Grouping**: the articles of the 12 Timeline17 folders in the order ``dateline ingest``
reads them, each id once, written to a new store in batches of 500, each batch put in
stories by :class:`dateline.annotate.stories.StoryIndex` first (what ingest does, without
the annotation) at each threshold. A predicted pair is two articles
in the same story. Precision = labelled-same pairs among predicted pairs; recall = predicted
pairs among labelled-same pairs. The threshold is chosen on the development topics (bpoil,
haiti, finan) and reported on the others (egypt, libya, syria) as well; the default of
``dateline ingest`` is marked. The last check ingests the corpus into a store (untagged) at
the default threshold and compares the stored story ids with the in-memory grouping.

**Speed**: signatures (shingling and MinHash; CPU seconds of this process) and grouping
(band lookups in the store and the checks of the candidates, in order; likewise), then
``dateline ingest --no-tag`` as a library call in a child process, with and without stories
(CPU seconds and peak resident memory of that process, from ``wait4``), on Timeline17 and
on a synthetic corpus ``--copies`` times larger. Copy k of an article has ``k`` appended to each of its words, so
copies never match each other and every copy has the near-duplicate structure of the
original: the 10x corpus has exactly 10 times the stories. Its precision and recall are
printed too: they differ from the 1x figures only by chance (each copy's words hash
differently, so its similarity estimates and LSH bands differ; the 10x figures are the
average over ten such draws).
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
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

DATELINE = Path(sys.executable).parent / "dateline"
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


def group(records: Sequence[ArticleRecord], threshold: float) -> tuple[dict[str, str], float]:
    """Story of every record, written to a new store batch by batch; and the CPU seconds of
    the grouping alone."""
    index = StoryIndex(threshold)
    out: dict[str, str] = {}
    spent = 0.0
    with SqliteStore(":memory:") as store:
        for i in range(0, len(records), 500):
            t0 = cpu()
            batch = index.assign(store, records[i : i + 500])
            spent += cpu() - t0
            store.write(batch)
            out.update((r.article.id, r.story or r.article.id) for r in batch)
    return out, spent


def write_jsonl(articles: list[Article], path: Path) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for a in articles:
            f.write(json.dumps({"published": a.day.isoformat(), "title": a.title, "text": a.text,
                                "topics": list(a.topics), "outlet": a.outlet}) + "\n")
    return path


def child_ingest(path: Path, grouped: bool) -> tuple[float, float, int]:
    """``dateline ingest PATH --no-tag --json [--no-stories]`` into a new database in a child
    process: its CPU seconds, peak resident MB and the number of articles that joined a story."""
    db = path.with_suffix(".db")
    args = ["ingest", str(path), "--no-tag", "--json", "--db", str(db), *([] if grouped else ["--no-stories"])]
    cpu_s, _wall, peak_mb, out = common.run_cli(*args)
    for p in db.parent.glob(db.name + "*"):
        p.unlink()
    return cpu_s, peak_mb, int(json.loads(out)["joined"])


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
        story_of, elapsed = group(records, threshold)
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

    # the same grouping through dateline's ingest
    with SqliteStore(":memory:") as store:
        ingest(store, arts, tagger=None)
        info = store.stories([a.id for a in arts])
    stored = {a.id: info[a.id].story for a in arts}
    same = predicted_pairs(stored) == predicted_pairs(groupings[stories.THRESHOLD])
    print(f"dateline ingest (default threshold) stores the same groups: {'yes' if same else 'NO'}")

    # speed at 1x and Nx
    print()
    copies = [copy_of(a, k) if k else a for k in range(args.copies) for a in arts]
    big_gold = {_pair(f"{a}@{k}", f"{b}@{k}") for k in range(args.copies) for a, b in gold}
    t0 = cpu()
    big_records = stories.with_signatures([ArticleRecord(a, ()) for a in copies])
    big_sig = cpu() - t0
    big_story, big_group = group(big_records, stories.THRESHOLD)
    name = {c.id: f"{arts[i % len(arts)].id}@{i // len(arts)}" for i, c in enumerate(copies)}
    big_pred = {_pair(name[a], name[b]) for a, b in predicted_pairs(big_story)}
    p, r, f1, n_pred, _ = scores(big_pred, big_gold)
    one, one_group = group(records, stories.THRESHOLD)
    del big_records
    with tempfile.TemporaryDirectory(prefix="dateline-bench-") as tmp:
        files = {"1x": write_jsonl(arts, Path(tmp) / "1x.jsonl"), "Nx": write_jsonl(copies, Path(tmp) / "nx.jsonl")}
        runs = {(label, grouped): child_ingest(path, grouped) for label, path in files.items()
                for grouped in (False, True)}
    print("speed (signatures and grouping: CPU seconds of this process; ingest: a child process)")
    head = (f"{'corpus':<16} {'articles':>8}  {'signatures s':>12} {'art/s':>6}  {'grouping s':>10} "
            f"{'art/s':>6}  {'ingest s':>8} {'+stories s':>10} {'MB':>5} {'+stories MB':>11}  "
            f"{'P':>5} {'R':>5} {'F1':>5}")
    print(head)
    print("-" * len(head))
    one_p = scores(predicted_pairs(one), gold)
    rows = [("Timeline17", "1x", len(arts), sig_cpu, one_group, one_p[:3]),
            (f"synthetic {args.copies}x", "Nx", len(copies), big_sig, big_group, (p, r, f1))]
    for label, key, n, s_cpu, g_cpu, (pp, rr, ff) in rows:
        (plain_cpu, plain_mb, _), (grouped_cpu, grouped_mb, _) = runs[(key, False)], runs[(key, True)]
        print(f"{label:<16} {n:>8,}  {s_cpu:>12.1f} {n / s_cpu:>6,.0f}  {g_cpu:>10.2f} {n / g_cpu:>6,.0f}  "
              f"{plain_cpu:>8.1f} {grouped_cpu:>10.1f} {plain_mb:>5.0f} {grouped_mb:>11.0f}  "
              f"{pp:>5.3f} {rr:>5.3f} {ff:>5.3f}")
    print()
    print("ingest: `dateline ingest FILE.jsonl --no-tag` (the corpus written as JSON lines) into a new "
          "database, with --no-stories and without (CPU seconds, peak resident MB of that process).")
    print(f"predicted pairs at {args.copies}x: {n_pred:,} ({len(predicted_pairs(one)):,} at 1x).")
    print()
    mib = lsh_memory(records)
    print(f"for comparison, datasketch's in-memory MinHashLSH (the same {stories.BANDS} bands of {stories.ROWS}) "
          f"holding the {len(records):,} Timeline17 signatures: {mib:.1f} MiB "
          f"({mib * 2**20 / len(records):,.0f} bytes an article; tracemalloc)")
    return 0


def lsh_memory(records: Sequence[ArticleRecord]) -> float:
    """MiB that datasketch's MinHashLSH allocates to index the records' signatures."""
    import tracemalloc

    from datasketch import LeanMinHash, MinHashLSH

    from dateline.annotate.minhash import SCHEME, SEED, values

    minhashes = [(r.article.id, LeanMinHash(seed=SEED, hashvalues=values(r.signature), scheme=SCHEME))
                 for r in records if r.signature is not None]
    tracemalloc.start()
    lsh = MinHashLSH(num_perm=stories.NUM_PERM, params=(stories.BANDS, stories.ROWS))
    for key, m in minhashes:
        lsh.insert(key, m, check_duplication=False)
    size = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return size / 2**20


if __name__ == "__main__":
    sys.exit(common.run_and_record("stories", main, title="Near-duplicate stories: precision, recall, speed"))
