"""Speed and memory of the timeline engine on the Timeline17 development tasks.

    .venv/bin/python -m bench.tls_speed [--data DIR] [--methods dateline,datewise]

1. End to end: ``dateline bench t17 --json [--method M]`` in a child process, for each
   method: wall-clock seconds, the seconds of each stage the command reports (read, annotate,
   build, score) and the child's peak resident memory (``ru_maxrss``).
2. Per timeline, once the articles are annotated (in this process): the seconds each method
   takes to build each of the 14 timelines (best of 3 runs, so a busy shared machine
   disturbs it less), with the task's numbers of articles and sentences.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

from bench import common, tls_data


def end_to_end(data: Path, method: str) -> dict:  # type: ignore[type-arg]
    exe = Path(sys.executable).with_name("dateline")
    cmd = [str(exe), "bench", "t17", "--data", str(data), "--method", method, "--json"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t0
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stderr}")
    doc = json.loads(proc.stdout)
    return {"wall": wall, "seconds": doc["seconds"], "peak_mib": max(peak_kib, before) / 1024,
            "average": doc["average"]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, help=tls_data.DATA_HELP)
    ap.add_argument("--methods", default="dateline,datewise")
    args = ap.parse_args()
    args.data = common.timeline17(args.data)
    methods = [m for m in args.methods.split(",") if m]

    print("end to end: dateline bench t17 (child process; peak RSS is the largest child so far)")
    head = f"{'method':12s} {'wall s':>7s} {'read':>6s} {'annotate':>8s} {'build':>6s} {'score':>6s} {'peak MiB':>9s}"
    print(head)
    print("-" * len(head))
    scores = {}
    for m in methods:
        r = end_to_end(args.data, m)
        s = r["seconds"]
        scores[m] = r["average"]
        print(f"{m:12s} {r['wall']:7.1f} {s['read']:6.1f} {s['annotate']:8.1f} {s['build']:6.1f} "
              f"{s['score']:6.1f} {r['peak_mib']:9.0f}")
    names = list(next(iter(scores.values())))
    print("\nscores printed by those runs (F1 of mean P and mean R over the 14 tasks):")
    print(f"{'method':12s} " + " ".join(f"{n:>10s}" for n in names))
    for m, avg in scores.items():
        print(f"{m:12s} " + " ".join(f"{avg[n]['f1']:10.4f}" for n in names))

    print("\nper timeline, articles already annotated (best of 3 runs, seconds):")
    pairs, seconds = tls_data.load(args.data)
    from dateline.tls.registry import get

    head = f"{'task':70s} {'arts':>5s} {'sents':>6s} " + " ".join(f"{m:>10s}" for m in methods)
    print(head)
    print("-" * len(head))
    worst = dict.fromkeys(methods, 0.0)
    total = dict.fromkeys(methods, 0.0)
    for task, ti in pairs:
        times = []
        for m in methods:
            func = get(m).func
            best = min(_timed(func, ti) for _ in range(3))
            worst[m] = max(worst[m], best)
            total[m] += best
            times.append(best)
        n_sent = sum(len(a.sentences) for a in ti.articles)
        print(f"{task.id:70s} {len(ti.articles):5d} {n_sent:6d} " + " ".join(f"{t:10.3f}" for t in times))
    print(f"{'slowest timeline':70s} {'':5s} {'':6s} " + " ".join(f"{worst[m]:10.3f}" for m in methods))
    print(f"{'all 14 timelines':70s} {'':5s} {'':6s} " + " ".join(f"{total[m]:10.3f}" for m in methods))
    return 0


def _timed(func, task_input) -> float:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    func(task_input)
    return time.perf_counter() - t0


if __name__ == "__main__":
    sys.exit(common.run_and_record("tls_speed", main, title="Speed and memory of the timeline methods on Timeline17"))
