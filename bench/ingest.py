"""Ingest speed and peak memory: Timeline17 (the 12 development folders) and a synthetic
corpus ten times larger, with and without temporal tagging.

Every measurement is a fresh process running the real command, ``dateline ingest PATH
--json [--no-tag] [--no-stories]`` (default batch size) into a new database; its CPU time and peak resident memory come from
``os.wait4`` (that process only). In the same run, three baselines:

- ``python -c "import dateline.cli"``: the memory of an idle interpreter with dateline loaded;
- ``read only``: the same files read and parsed (``dateline.readers.scan``), nothing stored;
- ``read + tag only`` (Timeline17): read, and each article tagged by the default temporal
  tagger, nothing split or stored: the floor under tagged ingest.

The synthetic corpus is generated on the fly into a temporary folder (deleted afterwards):
each Timeline17 article is written ten times in the dateline text format, with ten
different dates and titles (so ten different ids), its sentences grouped into paragraphs
under a dateline line. Same text statistics, ten times the articles.

Near-duplicate stories are on by default (``--no-stories`` turns them off): the rows with
``--no-stories`` show what story detection costs. In the synthetic corpus every article
has nine exact copies (bodies unchanged), so each copy joins the story of the first.

Articles/s is per CPU second of that process (one core; on a shared machine wall time also
counts other programs' work, so it is shown separately). Target: >= 2,000 articles/s
without tagging; memory flat from 1x to 10x.

    .venv/bin/python -m bench.ingest [--skip-tagged-10x] [--copies 10]     # from the repository root
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from bench import common

REPO = common.REPO
DATELINE = Path(sys.executable).parent / "dateline"

READ_ONLY = """
import sys, warnings
from dateline.readers import scan
warnings.simplefilter("ignore")
n = bad = 0
for item in scan(sys.argv[1:]):
    if isinstance(item, Exception):
        bad += 1
    else:
        n += 1
print('{"added": %d, "present": 0, "rejected": [%s], "ids": []}' % (n, ",".join(["{}"] * bad)))
"""

TAG_ONLY = """
import sys, warnings
from dateline.annotate import default_tagger
from dateline.readers import scan
warnings.simplefilter("ignore")
tagger = default_tagger()
n = bad = 0
for item in scan(sys.argv[1:]):
    if isinstance(item, Exception):
        bad += 1
        continue
    try:
        tagger.tag(item.text, item.published)
        n += 1
    except Exception:
        bad += 1
print('{"added": %d, "present": 0, "rejected": [%s], "ids": []}' % (n, ",".join(["{}"] * bad)))
"""


@dataclass
class Run:
    label: str
    corpus: str
    articles: int
    rejected: int
    wall: float
    cpu: float
    peak_mb: float


def measure(label: str, corpus: str, argv: list[str]) -> Run:
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=REPO)
    assert proc.stdout is not None
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{label}: {' '.join(argv)} exited {proc.returncode}")
    report = json.loads(out) if out.strip() else {"added": 0, "present": 0, "rejected": []}
    return Run(
        label=label,
        corpus=corpus,
        articles=report["added"] + report["present"],
        rejected=len(report["rejected"]),
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        peak_mb=usage.ru_maxrss / 1024,
    )


def synthesize(t17: Path, dest: Path, copies: int) -> int:
    from dateline.errors import InputWarning
    from dateline.readers import timeline17

    n = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InputWarning)
        for art in timeline17.read_corpus(t17):
            lines = art.text.split("\n")
            paragraphs = [" ".join(lines[i : i + 3]) for i in range(0, len(lines), 3)]
            body = "\n\n".join(paragraphs)
            for k in range(copies):
                day = art.day + timedelta(days=400 * k)
                text = (
                    f"date {day.isoformat()} {art.topics[0].upper()}\n\nSynthetic copy {k} of {art.id}\n\n"
                    f"SOMEWHERE ({(art.outlet or 'x').upper()}) -- {body}\n"
                )
                path = dest / f"{k}" / f"{n:06d}.txt"
                path.parent.mkdir(exist_ok=True)
                path.write_text(text, encoding="utf-8")
                n += 1
    return n


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--copies", type=int, default=10, help="size of the synthetic corpus, in Timeline17s")
    ap.add_argument("--skip-tagged-10x", action="store_true", help="skip tagging the synthetic corpus (slow)")
    args = ap.parse_args()
    t17 = common.timeline17()
    folders = sorted(p for p in t17.iterdir() if (p / "InputDocs").is_dir())
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="dateline-bench-") as tmp:
        tmpdir = Path(tmp)
        runs.append(measure("python + import dateline.cli", "-", [sys.executable, "-c", "import dateline.cli"]))
        corpora = [("Timeline17 (12 folders)", [str(f) for f in folders])]
        synth = tmpdir / "synthetic"
        synth.mkdir()
        t0 = time.perf_counter()
        n_synth = synthesize(t17, synth, args.copies)
        print(f"generated {n_synth:,} synthetic articles in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        corpora.append((f"synthetic {args.copies}x", [str(synth)]))
        for name, paths in corpora:
            runs.append(measure("read only", name, [sys.executable, "-c", READ_ONLY, *paths]))
            if not name.startswith("synthetic"):
                runs.append(measure("read + tag only", name, [sys.executable, "-c", TAG_ONLY, *paths]))
            for tag, grouped in ((False, False), (False, True), (True, False), (True, True)):
                if tag and args.skip_tagged_10x and name.startswith("synthetic"):
                    continue
                if tag and not grouped and name.startswith("synthetic"):
                    continue  # the cost of stories with tagging is measured on Timeline17
                db = tmpdir / f"{len(runs)}.db"
                argv = [str(DATELINE), "ingest", *paths, "--db", str(db), "--json"] + ([] if tag else ["--no-tag"])
                argv += [] if grouped else ["--no-stories"]
                label = ("ingest, tagged" if tag else "ingest --no-tag") + ("" if grouped else " --no-stories")
                runs.append(measure(label, name, argv))
                print(f"{name}: {label} done", file=sys.stderr)
                db_size = sum(p.stat().st_size for p in tmpdir.glob(f"{db.name}*"))
                runs[-1].label += f" (db {db_size / 2**20:,.0f} MB)"
                for p in tmpdir.glob(f"{db.name}*"):
                    p.unlink()
        shutil.rmtree(synth, ignore_errors=True)

    base_mem = runs[0].peak_mb
    print(f"{'corpus':<24} {'run':<44} {'articles':>8} {'rej.':>5} {'CPU s':>7} {'art/CPU s':>9} "
          f"{'wall s':>7} {'art/wall s':>10} {'peak MB':>8} {'vs 1x':>6}")
    print("-" * 142)
    first_peak: dict[str, float] = {}
    for r in runs:
        key = r.label.split(" (")[0]
        if r.corpus == "-":
            print(f"{'-':<24} {r.label:<44} {'':>8} {'':>5} {r.cpu:>7.2f} {'':>9} {r.wall:>7.2f} {'':>10} {r.peak_mb:>8.0f} {'':>6}")
            continue
        first_peak.setdefault(key, r.peak_mb)
        ratio = r.peak_mb / first_peak[key]
        print(f"{r.corpus:<24} {r.label:<44} {r.articles:>8,} {r.rejected:>5} {r.cpu:>7.1f} {r.articles / r.cpu:>9,.0f} "
              f"{r.wall:>7.1f} {r.articles / r.wall:>10,.0f} {r.peak_mb:>8.0f} {ratio:>6.2f}")
    print()
    print(f"peak MB includes the interpreter ({base_mem:.0f} MB with dateline.cli imported); "
          "'vs 1x': peak memory of the same run on the synthetic corpus over Timeline17.")
    print(f"machine: {os.cpu_count()} cores, shared with other work during this run; one process per row.")
    return 0


if __name__ == "__main__":
    sys.exit(common.run_and_record("ingest", main, title="Ingest speed and peak memory"))
