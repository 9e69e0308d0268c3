"""Parallel annotation: tagged ingest in one process and on a local Dask cluster of two
worker processes, on Timeline17 (the 12 development folders) and on the synthetic corpus
ten times larger that ``bench.ingest`` generates.

Every measurement is a fresh process running the real command, ``dateline ingest PATH
--json`` (tagged, near-duplicate stories on, default batch size) into a new database,
with ``--workers 1`` (annotation in the process itself, no Dask) or ``--workers 2`` (a
LocalCluster of two worker processes started by the command, started up and shut down
inside the measured time). Measured:

- wall seconds, and articles per wall second; ``speedup``: the 1-worker wall time over
  this row's, same corpus;
- CPU seconds of the command and its worker processes together (``os.wait4`` of the
  command, which reaps its workers, or the sum sampled below when larger), articles per
  CPU second, and ``client CPU``: the command's own share (reading, the scheduler, writing
  to the store, story grouping);
- peak resident memory of the command (``client``) and of each worker, sampled from
  ``/proc`` every 0.2 s (VmHWM, the kernel's high-water mark, read until the process ends);
- the load average (``uptime``, 1 minute) before and after each run: on this shared
  machine other people's work competes for the cores, which the wall times include and
  the CPU times mostly do not.

A third row per corpus is the ceiling of any split of the work over the two cores: two
independent ``dateline ingest --workers 1`` commands started together, each on half of the
corpus (alternate folders of Timeline17, alternate files of the synthetic corpus), each
into its own database; its wall time is until both have finished, its CPU the two
together. When even this row is far from 2x, the machine (a loaded host, cores that share
a physical core, fair sharing between process groups) is what bounds the speedup, not the
cluster.

Afterwards the 1- and 2-worker databases of each corpus are compared: the same article
ids, sentences (text and spans) and time expressions (span, type, value, anchor), the same
tagger version and story of every article.

Target: speedup >= 1.6 with 2 workers on this 2-core machine.

    .venv/bin/python -m bench.scale [--quick] [--copies 10] [--rounds 3]   # from the repository root

``--quick``: Timeline17 only (a few minutes); without it the synthetic corpus too
(about 15 minutes of CPU a round). ``--rounds N``: every corpus N times, the 1- and
2-worker runs in alternating order, each speedup against the 1-worker run of its own
round, and the median of the rounds: wall times on this shared machine vary from run to
run by more than the effects measured.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO

from bench import common
from bench.ingest import synthesize

REPO = common.REPO
DATELINE = Path(sys.executable).parent / "dateline"
POLL = 0.2


@dataclass
class Run:
    corpus: str
    workers: int
    articles: int
    rejected: int
    wall: float
    cpu: float
    client_cpu: float
    client_peak_mb: float
    worker_cpu: float
    worker_peaks_mb: list[float] = field(default_factory=list)
    load_before: float = 0.0
    load_after: float = 0.0
    round: int = 1


def _status_kb(pid: int, key: str) -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return float(line.split()[1])
    except OSError:
        pass
    return 0.0


def measure(corpus: str, paths: list[str], db: Path, workers: int) -> Run:
    import psutil

    argv = [str(DATELINE), "ingest", *paths, "--db", str(db), "--json", "--workers", str(workers)]
    load_before = os.getloadavg()[0]
    t0 = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(argv, stdout=out, stderr=err, cwd=REPO)
        client = psutil.Process(proc.pid)
        client_peak = client_cpu = 0.0
        worker_peak: dict[int, float] = {}
        worker_cpu: dict[int, float] = {}
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            try:
                client_peak = max(client_peak, _status_kb(proc.pid, "VmHWM"))
                t = client.cpu_times()
                client_cpu = max(client_cpu, t.user + t.system)
                for child in client.children():
                    if "spawn_main" not in " ".join(child.cmdline()):
                        continue  # the multiprocessing resource tracker, not a worker
                    worker_peak[child.pid] = max(worker_peak.get(child.pid, 0.0), _status_kb(child.pid, "VmHWM"))
                    ct = child.cpu_times()
                    worker_cpu[child.pid] = max(worker_cpu.get(child.pid, 0.0), ct.user + ct.system)
            except psutil.Error:
                pass
            time.sleep(POLL)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} exited {proc.returncode}: {err.read().decode(errors='replace')}")
        report = json.loads(out.read())
    # wait4 counts the command and the workers it reaped; the samples miss at most the last 0.2 s
    cpu = max(usage.ru_utime + usage.ru_stime, client_cpu + sum(worker_cpu.values()))
    return Run(corpus=corpus, workers=workers, articles=report["added"] + report["present"],
               rejected=len(report["rejected"]), wall=wall, cpu=cpu, client_cpu=client_cpu,
               worker_cpu=sum(worker_cpu.values()),
               client_peak_mb=client_peak / 1024, worker_peaks_mb=[v / 1024 for v in worker_peak.values()],
               load_before=load_before, load_after=os.getloadavg()[0])


def measure_split(corpus: str, halves: list[list[str]], dbs: list[Path]) -> Run:
    """Two ``dateline ingest --workers 1`` commands at once, one per half of the corpus."""
    load_before = os.getloadavg()[0]
    t0 = time.perf_counter()
    procs: list[subprocess.Popen[bytes]] = []
    with tempfile.TemporaryFile() as out0, tempfile.TemporaryFile() as out1:
        return _split_runs(corpus, halves, dbs, [out0, out1], load_before, t0, procs)


def _split_runs(corpus: str, halves: list[list[str]], dbs: list[Path], outs: list[IO[bytes]], load_before: float,
                t0: float, procs: list[subprocess.Popen[bytes]]) -> Run:
    for half, db, out in zip(halves, dbs, outs, strict=True):
        argv = [str(DATELINE), "ingest", *half, "--db", str(db), "--json", "--workers", "1"]
        procs.append(subprocess.Popen(argv, stdout=out, stderr=subprocess.DEVNULL, cwd=REPO))
    peaks = [0.0, 0.0]
    done: dict[int, float] = {}
    articles = rejected = 0
    while len(done) < len(procs):
        for i, proc in enumerate(procs):
            if i in done:
                continue
            peaks[i] = max(peaks[i], _status_kb(proc.pid, "VmHWM"))
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                if os.waitstatus_to_exitcode(status) != 0:
                    raise SystemExit(f"dateline ingest (half {i + 1} of {corpus}) exited {status}")
                done[i] = usage.ru_utime + usage.ru_stime
                outs[i].seek(0)
                report = json.loads(outs[i].read())
                articles += report["added"] + report["present"]
                rejected += len(report["rejected"])
        time.sleep(POLL)
    wall = time.perf_counter() - t0
    return Run(corpus=corpus, workers=-2, articles=articles, rejected=rejected, wall=wall, cpu=sum(done.values()),
               client_cpu=sum(done.values()), client_peak_mb=max(peaks) / 1024, worker_cpu=0.0,
               load_before=load_before, load_after=os.getloadavg()[0])


def _halves(paths: list[str], tmpdir: Path) -> list[list[str]]:
    """The corpus in two halves: alternate folders when there are several, else alternate
    files of the one folder (linked into two new folders)."""
    if len(paths) > 1:
        return [paths[0::2], paths[1::2]]
    files = sorted(p for p in Path(paths[0]).rglob("*") if p.is_file())
    out = []
    for k in range(2):
        half = tmpdir / f"half{k}"
        half.mkdir()
        for i, f in enumerate(files[k::2]):
            (half / f"{i:07d}{f.suffix}").symlink_to(f)
        out.append([str(half)])
    return out


def fingerprint(db: Path) -> tuple[int, int, int, str]:
    """Articles, sentences, time expressions and a digest of all of them (ids, spans,
    texts, timex types, values, anchors, tagger version and story of every article, in
    the store's order)."""
    from dateline.store import open_store

    digest = hashlib.sha256()
    n_sent = n_timex = 0
    with open_store(str(db)) as store:
        articles = store.articles(limit=None)
        for article in articles:
            ann = store.annotated(article.id)
            assert ann is not None
            n_sent += len(ann.sentences)
            n_timex += sum(len(t) for t in ann.timexes)
            digest.update(repr((ann.article.id, ann.sentences, ann.timexes, ann.tagger, ann.story)).encode())
    return len(articles), n_sent, n_timex, digest.hexdigest()


def shipped_bytes(folders: list[str], every: int = 8) -> tuple[float, float]:
    """Bytes an article takes on the network, on average over every ``every``-th
    Timeline17 article: pickled in its batch to the worker, and annotated (the batch's
    result) back."""
    import pickle
    import warnings as _warnings

    from dateline.annotate import default_tagger
    from dateline.annotate.pipeline import IngestBatch, annotate_batch
    from dateline.readers import scan

    with _warnings.catch_warnings():
        _warnings.simplefilter("ignore")
        articles = [a for a in scan(folders) if not isinstance(a, Exception)][::every]
    batch = IngestBatch(articles, frozenset())
    result = annotate_batch(batch, default_tagger(), signatures=True)
    return len(pickle.dumps(batch, protocol=5)) / len(articles), len(pickle.dumps(result, protocol=5)) / len(articles)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="Timeline17 only (skip the synthetic corpus)")
    ap.add_argument("--copies", type=int, default=10, help="size of the synthetic corpus, in Timeline17s")
    ap.add_argument("--rounds", type=int, default=1,
                    help="measure every corpus this many times (the 1- and 2-worker runs in alternating order)")
    args = ap.parse_args()
    try:
        import distributed  # noqa: F401
        import psutil  # noqa: F401
    except ImportError as exc:
        print(f"bench.scale needs the scale extra ({exc}): pip install -e '.[scale]'", file=sys.stderr)
        return 1
    t17 = common.timeline17()
    folders = sorted(str(p) for p in t17.iterdir() if (p / "InputDocs").is_dir())
    runs: list[Run] = []
    checks: list[str] = []
    with tempfile.TemporaryDirectory(prefix="dateline-scale-") as tmp:
        tmpdir = Path(tmp)
        corpora = [("Timeline17 (12 folders)", folders)]
        if not args.quick:
            synth = tmpdir / "synthetic"
            synth.mkdir()
            n = synthesize(t17, synth, args.copies)
            print(f"generated {n:,} synthetic articles", file=sys.stderr)
            corpora.append((f"synthetic {args.copies}x", [str(synth)]))
        for name, paths in corpora:
            for rnd in range(1, args.rounds + 1):
                dbs = {}
                for workers in (1, 2) if rnd % 2 else (2, 1):
                    db = tmpdir / f"{len(runs)}.db"
                    runs.append(replace(measure(name, paths, db, workers), round=rnd))
                    dbs[workers] = db
                    print(f"{name}, round {rnd}, {workers} worker(s): {runs[-1].wall:.0f} s", file=sys.stderr)
                halves = _halves(paths, tmpdir)
                runs.append(replace(measure_split(name, halves, [tmpdir / "half0.db", tmpdir / "half1.db"]),
                                    round=rnd))
                print(f"{name}, round {rnd}, two independent halves: {runs[-1].wall:.0f} s", file=sys.stderr)
                for k in range(2):
                    shutil.rmtree(tmpdir / f"half{k}", ignore_errors=True)
                if rnd == 1:
                    one, two = fingerprint(dbs[1]), fingerprint(dbs[2])
                    same = "the same" if one == two else "DIFFERENT"
                    checks.append(f"{name}: 1 and 2 workers stored {same} ids, sentences and time expressions "
                                  f"({one[0]:,} articles, {one[1]:,} sentences, {one[2]:,} timexes"
                                  + ("" if one == two else f"; 2 workers: {two[0]:,}, {two[1]:,}, {two[2]:,}") + ")")
                for db in tmpdir.glob("*.db*"):
                    db.unlink()
        if not args.quick:
            shutil.rmtree(tmpdir / "synthetic", ignore_errors=True)

    print(f"{'corpus':<24} {'round':>5} {'workers':>7} {'articles':>8} {'wall s':>7} {'art/wall s':>10} {'speedup':>7} "
          f"{'cores used':>10} {'CPU s':>7} {'art/CPU s':>9} {'client CPU s':>12} {'worker CPU s':>12} "
          f"{'client MB':>9} {'worker MB':>11} {'load before/after':>17}")
    print("-" * 174)
    base = {(r.corpus, r.round): r for r in runs if r.workers == 1}
    for r in runs:
        speedup = base[r.corpus, r.round].wall / r.wall
        workers_mb = ", ".join(f"{m:.0f}" for m in r.worker_peaks_mb) or "-"
        worker_cpu = f"{r.worker_cpu:.1f}" if r.workers > 1 else "-"
        label = "2 halves" if r.workers < 0 else str(r.workers)
        print(f"{r.corpus:<24} {r.round:>5} {label:>7} {r.articles:>8,} {r.wall:>7.1f} {r.articles / r.wall:>10,.0f} "
              f"{speedup:>6.2f}x {r.cpu / r.wall:>10.2f} {r.cpu:>7.1f} {r.articles / r.cpu:>9,.0f} "
              f"{r.client_cpu:>12.1f} {worker_cpu:>12} {r.client_peak_mb:>9.0f} {workers_mb:>11} "
              f"{r.load_before:>8.2f} / {r.load_after:<6.2f}")
    if args.rounds > 1:
        print()
        for name, _ in corpora:
            for workers, label in ((2, "2 workers"), (-2, "2 halves")):
                ups = sorted(base[name, r.round].wall / r.wall for r in runs if r.corpus == name and r.workers == workers)
                print(f"{name}, {label}: speedup {statistics.median(ups):.2f}x, the median of {len(ups)} rounds "
                      f"(lowest {ups[0]:.2f}x, highest {ups[-1]:.2f}x)")
    print()
    for r in runs:
        if r.workers > 1:
            print(f"{r.corpus}, {r.workers} workers: {r.articles / r.worker_cpu:,.0f} articles per worker CPU second "
                  f"(annotation), {r.articles / r.client_cpu:,.0f} per client CPU second (reading, scheduling, "
                  "story grouping, writing)")
    to_worker, back = shipped_bytes(folders)
    print(f"network: {to_worker / 1024:.1f} KB an article to its worker, {back / 1024:.1f} KB back (pickled; "
          "every 8th Timeline17 article)")
    print()
    for line in checks:
        print(line)
    print()
    print("1 worker: annotation in the command's own process (no Dask). 2 workers: a LocalCluster of two "
          "processes, one thread each,")
    print("started and stopped within the measured time. CPU s: command and workers together; cores used: "
          "CPU s / wall s.")
    print("2 halves: two independent one-process ingests at once, each on half of the corpus into its own "
          "database (the ceiling of")
    print("any two-way split on this machine); client MB: the larger of the two.")
    print("MB: peak resident memory (VmHWM). load: 1-minute load average before and after the run.")
    print(f"machine: {os.cpu_count()} cores, shared with other work.")
    if Path("/proc/sys/kernel/sched_autogroup_enabled").read_text().strip() == "1":
        print("Linux shares the cores fairly between process groups here (autogroup: one group per login or "
              "terminal): while")
        print("other groups are busy, two workers get no more CPU than one process, and the wall-clock "
              "speedup cannot show.")
    return 0


if __name__ == "__main__":
    sys.exit(common.run_and_record("scale", main, title="Parallel annotation: 1 and 2 workers"))
