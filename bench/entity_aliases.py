"""Alias resolution measured: is each mention put in the right entity?

    .venv/bin/python -m bench.entity_aliases              # score the labels (from the repository root)
    .venv/bin/python -m bench.entity_aliases --sample     # draw the mentions to label (once)

The mentions come from two stores built here: the sample corpus (``data/sample/articles``)
and two Timeline17 outlet folders (``haiti_bbc``, ``bpoil_bbc``), ingested as ``dateline
ingest`` does and read by ``dateline annotate --entities``. ``--sample`` draws 100 mentions
of each with a fixed seed and writes ``bench/labels/entity_aliases.tsv`` with the mention,
its sentence and the entity dateline chose; a person then reads each sentence and fills in
``right entity`` (the canonical name of the entity the mention really is, as the store
would name it: "-" when the span is not a name of anything) and, for the wrong ones,
``kind`` (what went wrong: ``not a name``, ``span`` (a part or too much of a name),
``short form`` (a short form or an alias not linked to the full name), ``wrong entity``
(put in another entity), ``type split`` (the right name, but an entity of another type)).

Without ``--sample`` it rebuilds the stores, looks up the entity dateline now chooses for
each labelled mention, and prints the share resolved right and the errors by kind (a
mention whose choice changed since it was labelled and is now wrong is ``changed``: label it
again). Also printed: the share that was right when the mentions were labelled (the
``dateline entity`` column): rules changed after reading the labels make the first row
better than a held-out measure. Writes ``bench/results/entity_aliases.md``.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import warnings
from collections import Counter
from pathlib import Path

from bench import common
from dateline.entities.names import key

LABELS = common.REPO / "bench" / "labels" / "entity_aliases.tsv"
SEED = 2015
PER_SOURCE = 100
T17_FOLDERS = ("haiti_bbc", "bpoil_bbc")
COLUMNS = ("source", "article", "start", "end", "mention", "type", "dateline entity", "context",
           "right entity", "kind")


def _stores(tmp: Path) -> dict[str, Path]:
    from dateline.annotate import ingest, recognise
    from dateline.readers import scan, timeline17
    from dateline.store import SqliteStore

    t17 = common.timeline17()
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for source, items in (("sample", lambda: scan([common.REPO / "data" / "sample" / "articles"])),
                              ("timeline17", lambda: (a for f in T17_FOLDERS for a in timeline17.read_articles(t17 / f)))):
            path = tmp / f"{source}.db"
            with SqliteStore(path) as store:
                ingest(store, items())
                recognise(store)
            out[source] = path
    return out


def _mentions(path: Path) -> list[dict[str, str]]:
    """Every mention of the store: article, span, surface, the entity's name and type, sentence."""
    import sqlite3

    db = sqlite3.connect(path)
    rows = db.execute(
        "SELECT a.id, a.text, a.sentence_spans, m.sentence, m.char_start, m.char_end, m.text, e.name, e.type,"
        " (SELECT count(*) FROM entities o WHERE o.key = e.key)"
        " FROM mentions m JOIN entities e ON e.id = m.entity JOIN articles a ON a.pk = m.article"
        " ORDER BY a.pk, m.char_start").fetchall()
    import json

    out = []
    for article, text, spans, sentence, start, end, surface, name, kind, same_name in rows:
        s, e = json.loads(spans)[sentence]
        context = text[s:e].replace("\t", " ").replace("\n", " ")
        out.append({"article": article, "start": str(start), "end": str(end), "mention": surface, "type": kind,
                    "dateline entity": name, "context": context, "split": "yes" if same_name > 1 else ""})
    db.close()
    return out


def sample() -> int:
    if LABELS.exists() and "--force" not in sys.argv:
        print(f"{LABELS.relative_to(common.REPO)} exists: it holds the labels (--force to draw again)",
              file=sys.stderr)
        return 1
    rng = random.Random(SEED)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for source, path in _stores(Path(tmp)).items():
            every = _mentions(path)
            for row in rng.sample(every, PER_SOURCE):
                del row["split"]
                rows.append({"source": source, **row, "right entity": "", "kind": ""})
    LABELS.parent.mkdir(parents=True, exist_ok=True)
    with LABELS.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, COLUMNS, delimiter="\t", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"wrote {len(rows)} mentions to {LABELS.relative_to(common.REPO)}: label them")
    return 0


def score() -> int:
    if not LABELS.exists():
        print(f"no labels at {LABELS.relative_to(common.REPO)}: run with --sample and label them", file=sys.stderr)
        return 1
    with LABELS.open(encoding="utf-8", newline="") as f:
        labels = list(csv.DictReader(f, delimiter="\t"))
    unlabelled = [r for r in labels if not r["right entity"].strip()]
    if unlabelled:
        print(f"{len(unlabelled)} mentions have no label yet", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        now = {source: {(m["article"], m["start"], m["end"]): m for m in _mentions(path)}
               for source, path in _stores(Path(tmp)).items()}
    by_source: dict[str, Counter[str]] = {}
    then: Counter[str] = Counter()
    for r in labels:
        if r["right entity"].strip() != "-" and key(r["right entity"]) == key(r["dateline entity"]):
            then[r["source"]] += 1
        counts = by_source.setdefault(r["source"], Counter())
        current = now[r["source"]].get((r["article"], r["start"], r["end"]))
        chosen = current["dateline entity"] if current else None
        right = r["right entity"].strip()
        if chosen is not None and right != "-" and key(chosen) == key(right):
            counts["right"] += 1
            if current is not None and current["split"]:
                counts["right, but its name is also an entity of another type"] += 1
        elif chosen is None and right == "-":
            counts["right"] += 1  # not a name, and no longer taken for one
        elif chosen is None:
            counts["no longer a mention"] += 1
        elif chosen == r["dateline entity"]:
            counts[r["kind"].strip() or "unexplained"] += 1
        else:
            counts["changed"] += 1
            print(f"changed since labelled: row {labels.index(r) + 2}: {r['mention']!r} is now in {chosen!r}",
                  file=sys.stderr)
    total: Counter[str] = Counter()
    for c in by_source.values():
        total.update(c)
    split = "right, but its name is also an entity of another type"
    kinds = sorted({k for c in by_source.values() for k in c if k not in ("right", split)})
    cols = [*by_source, "all"]
    print(f"Mentions labelled by reading their sentence: {LABELS.relative_to(common.REPO)} "
          f"(seed {SEED}, {PER_SOURCE} per source; Timeline17 folders {', '.join(T17_FOLDERS)})\n")
    print("| | " + " | ".join(cols) + " |")
    print("|---|" + "---|" * len(cols))
    tables = [*by_source.values(), total]
    def n(c: Counter[str]) -> int:
        return sum(v for k, v in c.items() if k != split)

    print("| mentions | " + " | ".join(str(n(c)) for c in tables) + " |")
    print("| resolved right | " + " | ".join(f"{c['right']} ({c['right'] / max(1, n(c)):.0%})" for c in tables) + " |")
    print("| resolved right when labelled | " + " | ".join(
        f"{v} ({v / max(1, n(c)):.0%})" for v, c in zip([*(then[src] for src in by_source), sum(then.values())], tables,
                                                         strict=True)) + " |")
    print(f"| {split} | " + " | ".join(str(c[split]) for c in tables) + " |")
    for k in kinds:
        print(f"| error: {k} | " + " | ".join(str(c[k]) for c in tables) + " |")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sample", action="store_true", help="draw the mentions to label")
    ap.add_argument("--force", action="store_true", help="with --sample: replace the label file")
    args = ap.parse_args()
    if args.sample:
        return sample()
    return common.run_and_record("entity_aliases", score, title="Alias resolution: mentions put in the right entity",
                                 markdown=True)


if __name__ == "__main__":
    raise SystemExit(main())
