"""Entity recognition: what it costs, and what it adds to ingest.

    .venv/bin/python -m bench.entities [--folders 12] [--sample-folders 2]   # from the repository root

1. **The model alone against dateline's whole entity annotation**, in one process, on the
   articles of the first ``--sample-folders`` Timeline17 outlet folders (tagged as ingest
   tags them, in a store): spaCy's ``nlp.pipe`` (NER only, the batches dateline uses) over
   every sentence, and over the sentences dateline gives it (those that can enter a
   timeline, each distinct text once); then ``dateline.annotate.recognise`` on the store
   (reading the batches, choosing the sentences, the model, resolving names, looking for
   the names in every sentence, writing). Rates are sentences per CPU second of this
   process, the best of three interleaved rounds; the overhead is dateline's CPU over the
   model's on the same sentences.
2. **Ingest of the ``--folders`` Timeline17 folders** with and without entities, each in a
   child process (``dateline ingest``, then ``dateline annotate --entities``): articles per
   CPU second, wall seconds, and the peak resident memory of each process (VmHWM).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

from bench import common

ROUNDS = 3

def child(*args: str) -> tuple[float, float, float, str]:
    """``dateline ARGS`` in a child process: CPU seconds, wall seconds, peak resident MB, stdout."""
    return common.run_cli(*args)


def model_vs_dateline(t17: Path, folders: list[str], tmp: Path) -> None:
    from dateline.annotate import ingest, recognise
    from dateline.entities import recognise as ner
    from dateline.readers import timeline17
    from dateline.store import SqliteStore

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        articles = {a.id: a for f in folders for a in timeline17.read_articles(t17 / f)}
    db = tmp / "model.db"
    with SqliteStore(db) as store:
        ingest(store, list(articles.values()), stories=False)
        batches = list(store.unrecognised("-", batch_size=100))
    every = [s.text for b in batches for a in b for s in a.sentences]
    chosen: list[str] = []
    for b in batches:
        texts = [a.sentences[i].text for a in b for i in ner.eligible(a)]
        chosen.extend(dict.fromkeys(texts))  # what recognise_texts sends: distinct per batch
    nlp = ner.load()
    for _ in nlp.pipe(every[:200], batch_size=ner.PIPE_BATCH):  # warm up
        pass

    def model(texts: list[str]) -> float:
        c0 = time.process_time()
        for _ in nlp.pipe(texts, batch_size=ner.PIPE_BATCH):
            pass
        return time.process_time() - c0

    def whole() -> tuple[float, int, int]:
        with SqliteStore(db) as store:
            c0 = time.process_time()
            done = recognise(store, force=True)
            return time.process_time() - c0, done, len(store.entities())

    # best of ROUNDS, the three interleaved: the machine is shared, and CPU time grows with its load
    every_cpu = chosen_cpu = whole_cpu = float("inf")
    for _ in range(ROUNDS):
        every_cpu = min(every_cpu, model(every))
        chosen_cpu = min(chosen_cpu, model(chosen))
        spent, done, n_entities = whole()
        whole_cpu = min(whole_cpu, spent)
    n_all = len(every)
    print(f"Timeline17 folders {', '.join(folders)}: {len(articles):,} articles, {n_all:,} sentences; dateline "
          f"gives the model {len(chosen):,} ({len(chosen) / n_all:.0%}: sentences that can enter a timeline, "
          f"each distinct text once per batch); {done:,} articles read, {n_entities:,} entities\n")
    print("| what | sentences | CPU s | sentences per CPU s (of the article sentences) |")
    print("|---|---|---|---|")
    print(f"| spaCy alone, every sentence | {n_all:,} | {every_cpu:.1f} | {n_all / every_cpu:,.0f} |")
    print(f"| spaCy alone, the sentences dateline chooses | {len(chosen):,} | {chosen_cpu:.1f} | "
          f"{len(chosen) / chosen_cpu:,.0f} ({n_all / chosen_cpu:,.0f}) |")
    print(f"| dateline's whole entity annotation | {len(chosen):,} | {whole_cpu:.1f} | "
          f"{len(chosen) / whole_cpu:,.0f} ({n_all / whole_cpu:,.0f}) |")
    print(f"\nOverhead of dateline over the model on the same sentences: {whole_cpu / chosen_cpu - 1:+.0%} "
          f"(target at most +25%); against spaCy on every sentence, dateline takes "
          f"{whole_cpu / every_cpu:.0%} of the CPU.\n")


def ingest_rates(t17: Path, folders: list[str], tmp: Path) -> None:
    paths = [str(t17 / f) for f in folders]
    db = str(tmp / "ingest.db")
    plain = child("ingest", *paths, "--json", "--db", db)
    Path(db).unlink()
    for p in tmp.glob("ingest.db*"):
        p.unlink()
    first = child("ingest", *paths, "--json", "--db", db)
    ents = child("annotate", "--entities", "--db", db)
    import json

    n = json.loads(plain[3])["added"]
    print(f"Ingest of {len(folders)} Timeline17 folders ({n:,} articles), each step a child process "
          f"(load average {os.getloadavg()[0]:.2f} at the end)\n")
    print("| step | CPU s | wall s | articles per CPU s | peak memory MB |")
    print("|---|---|---|---|---|")
    print(f"| dateline ingest (no entities) | {plain[0]:.1f} | {plain[1]:.1f} | {n / plain[0]:,.0f} | {plain[2]:.0f} |")
    print(f"| dateline annotate --entities (after ingest) | {ents[0]:.1f} | {ents[1]:.1f} | {n / ents[0]:,.0f} | "
          f"{ents[2]:.0f} |")
    both = first[0] + ents[0]
    print(f"| ingest with entities (the two) | {both:.1f} | {first[1] + ents[1]:.1f} | {n / both:,.0f} | "
          f"{max(first[2], ents[2]):.0f} |")
    print(f"\nWith entities, ingest takes {both / plain[0]:.1f} times the CPU of ingest without.")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--folders", type=int, default=12, help="Timeline17 folders ingested (first N, by name)")
    ap.add_argument("--sample-folders", type=int, default=2, help="folders of the model-against-dateline part")
    args = ap.parse_args()
    t17 = common.timeline17()
    from dateline.entities import recognise as ner

    if not ner.available():
        print(ner.INSTALL_HINT, file=sys.stderr)
        return common.EXIT_NO_DATA
    names = sorted(p.name for p in t17.iterdir() if (p / "InputDocs").is_dir())
    with tempfile.TemporaryDirectory() as tmp:
        model_vs_dateline(t17, ["haiti_bbc", "bpoil_bbc"][: args.sample_folders], Path(tmp))
        ingest_rates(t17, names[: args.folders], Path(tmp))
    return 0


if __name__ == "__main__":
    raise SystemExit(common.run_and_record("entities", main, title="Entity recognition: cost and ingest",
                                           markdown=True))
