"""Which timex values change between two tagger versions on the Timeline17 articles.

    # in a checkout of the old version (PYTHONPATH=src makes Python import that tree's tagger):
    PYTHONPATH=src .venv/bin/python -m tools.timex_diff --save /tmp/t17-old.jsonl
    # in this tree:
    .venv/bin/python -m tools.timex_diff --against /tmp/t17-old.jsonl [--sample N] [--seed S]

Run from the repository root. ``--save`` tags every
``<timeline17>/*/InputDocs/<YYYY-MM-DD>/*.htm.txt`` (the folder date is the anchor) with the
tagger Python imports (its path is printed) and writes one JSON object per document: its
path, anchor, tagger version and timexes (start, end, text, type, value). ``--against`` tags
the same documents with the tagger Python imports and prints every timex
whose value changed (same span, different value; or a span that appeared or disappeared),
with the sentence (line) it is in, so that the changes can be read and judged by hand.
``--sample N`` prints N changes drawn at random (seeded) from all of them, after a count of
the changes by kind (old shape -> new shape).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path

from bench import common

import dateline.timex
from dateline.timex import TAGGER_VERSION, tag


def documents(root: Path) -> list[tuple[str, date, str]]:
    out = []
    for path in sorted(root.glob("*/InputDocs/*/*.htm.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        out.append((str(path.relative_to(root)), date.fromisoformat(path.parent.name), text))
    return out


def tagged(text: str, anchor: date) -> list[dict]:
    return [{"start": t.start, "end": t.end, "text": t.text, "type": t.type.value, "value": t.value}
            for t in tag(text, anchor)]


def line_of(text: str, start: int, end: int) -> str:
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    b = len(text) if b < 0 else b
    line = text[a:b]
    s, e = start - a, end - a
    return (line[:s] + "[[" + line[s:e] + "]]" + line[e:]).strip()


_SHAPE = re.compile(r"[0-9]")


def shape(value: str | None) -> str:
    return "-" if value is None else _SHAPE.sub("9", value)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", help="the Timeline17 folder (default: timeline17 in $DATELINE_SHARED_DATA or ../shared/data)")
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", type=Path, help="write this tree's output to this JSONL file")
    group.add_argument("--against", type=Path, help="compare this tree's output with a saved JSONL file")
    ap.add_argument("--sample", type=int, default=0, help="print only N random changes (0: all)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    root = common.timeline17(args.data)
    print(f"tagger {TAGGER_VERSION} from {Path(dateline.timex.__file__).parent}", file=sys.stderr)
    docs = documents(root)
    if args.save:
        with args.save.open("w", encoding="utf-8") as out:
            for rel, anchor, text in docs:
                out.write(json.dumps({"path": rel, "anchor": anchor.isoformat(), "version": TAGGER_VERSION,
                                      "timexes": tagged(text, anchor)}) + "\n")
        print(f"wrote {len(docs)} documents (tagger {TAGGER_VERSION}) to {args.save}")
        return 0
    old = {}
    old_version = "?"
    with args.against.open(encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            old[rec["path"]] = rec["timexes"]
            old_version = rec["version"]
    changes: list[tuple[str, str, str | None, str | None, str, str]] = []
    for rel, anchor, text in docs:
        before = {(t["start"], t["end"]): t for t in old.get(rel, [])}
        after = {(t["start"], t["end"]): t for t in tagged(text, anchor)}
        for span in sorted(before.keys() | after.keys()):
            a, b = before.get(span), after.get(span)
            va = a["value"] if a else None
            vb = b["value"] if b else None
            if va != vb:
                changes.append((rel, anchor.isoformat(), va, vb, (a or b)["text"], line_of(text, *span)))
    kinds = Counter(f"{shape(c[2])} -> {shape(c[3])}" for c in changes)
    print(f"{len(docs)} documents; tagger {old_version} -> {TAGGER_VERSION}: {len(changes)} changed timexes "
          f"in {len({c[0] for c in changes})} documents")
    for k, n in kinds.most_common():
        print(f"  {n:6d}  {k}")
    shown = changes
    if args.sample and args.sample < len(changes):
        shown = sorted(random.Random(args.seed).sample(changes, args.sample))
    for i, (rel, anchor, va, vb, surface, line) in enumerate(shown, 1):
        print(f"\n#{i} {rel} (anchor {anchor}) {surface!r}: {va} -> {vb}\n   {line[:400]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
