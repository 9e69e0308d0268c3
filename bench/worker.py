"""What annotating costs inside a Dask worker, against the same work in this process, with
the worker settings of ``dateline.annotate.cluster.LOCAL_WORKER_CONFIG`` one at a time.

The 12 Timeline17 folders are read and cut into the batches ``dateline ingest`` makes (500
articles). Each setting is a fresh LocalCluster of one worker process (one thread): a
first batch warms it up (imports, the tagger's patterns), then every batch is annotated in
it (``annotate_batch``, tagging and near-duplicate signatures, as ``dateline ingest
--workers`` submits it) and its result sent back. Measured: the CPU time of the thread
that ran the tasks (``time.thread_time`` inside each task, summed) and of the whole worker
process (its CPU times before and after), the median of ``--rounds`` rounds. "this
process" annotates the same batches in the benchmark's own process after the same warm-up.

Settings: Dask's defaults; Dask's defaults without ``MALLOC_TRIM_THRESHOLD_`` in the
worker's environment (the nanny sets it to 65536); and every setting of
``LOCAL_WORKER_CONFIG`` (that, the profiler off, slower ticks), which is what ``--workers
N`` starts.

    .venv/bin/python -m bench.worker [--rounds 3]     # from the repository root
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings
from itertools import islice
from typing import Any

from bench import common


def _timed(batch: Any, tagger: Any) -> tuple[float, Any]:
    """``annotate_batch`` in a worker, with the CPU time of the thread that ran it."""
    from dateline.annotate.pipeline import annotate_batch

    t = time.thread_time()
    result = annotate_batch(batch, tagger, signatures=True)
    return time.thread_time() - t, result


def _process_cpu() -> float:
    import psutil

    t = psutil.Process().cpu_times()
    return float(t.user + t.system)


def _environ() -> str | None:
    import os

    return os.environ.get("MALLOC_TRIM_THRESHOLD_")


def in_worker(config: dict[str, object], batches: list[Any], tagger: Any) -> tuple[float, float, str | None]:
    import os

    import dask.config
    from distributed import Client, LocalCluster

    # A nanny sets its pre-spawn environment in this process too (os.environ.update before
    # it starts the worker), so a setting measured earlier would reach this worker.
    os.environ.pop("MALLOC_TRIM_THRESHOLD_", None)
    with dask.config.set(config):
        cluster = LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None,
                               scheduler_kwargs={"dashboard_address": "127.0.0.1:0"})
    with cluster, Client(cluster) as client:
        client.submit(_timed, batches[0], tagger, pure=False).result()  # warm-up
        trim = next(iter(client.run(_environ).values()))
        before = next(iter(client.run(_process_cpu).values()))
        futures = [client.submit(_timed, b, tagger, pure=False) for b in batches]
        task = sum(f.result()[0] for f in futures)
        after = next(iter(client.run(_process_cpu).values()))
    return task, after - before, trim


def here(batches: list[Any], tagger: Any) -> float:
    from dateline.annotate.pipeline import annotate_batch

    annotate_batch(batches[0], tagger, signatures=True)  # warm-up
    t = time.thread_time()
    for b in batches:
        annotate_batch(b, tagger, signatures=True)
    return time.thread_time() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=3, help="times every setting is measured (median printed)")
    args = ap.parse_args()
    try:
        import distributed  # noqa: F401
        import psutil  # noqa: F401
    except ImportError as exc:
        print(f"bench.worker needs the scale extra ({exc}): pip install -e '.[scale]'", file=sys.stderr)
        return 1
    from dateline.annotate import default_tagger
    from dateline.annotate.cluster import LOCAL_WORKER_CONFIG
    from dateline.annotate.pipeline import BATCH_SIZE, IngestBatch
    from dateline.errors import InputError
    from dateline.readers import scan

    folders = sorted(str(p) for p in common.timeline17().iterdir() if (p / "InputDocs").is_dir())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        articles = (a for a in scan(folders) if not isinstance(a, InputError))
        batches = [IngestBatch(chunk, frozenset()) for chunk in iter(lambda: list(islice(articles, BATCH_SIZE)), [])]
    tagger = default_tagger()
    trim_key = "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_"
    settings: list[tuple[str, dict[str, object]]] = [
        ("Dask's defaults", {}),
        ("without MALLOC_TRIM_THRESHOLD_", {trim_key: None}),
        ("LOCAL_WORKER_CONFIG (--workers N)", dict(LOCAL_WORKER_CONFIG)),
    ]
    task: dict[str, list[float]] = {name: [] for name, _ in settings}
    process: dict[str, list[float]] = {name: [] for name, _ in settings}
    trims: dict[str, str | None] = {}
    mine: list[float] = []
    for rnd in range(args.rounds):
        mine.append(here(batches, tagger))
        for name, config in settings:
            t, p, trims[name] = in_worker(config, batches, tagger)
            task[name].append(t)
            process[name].append(p)
        print(f"round {rnd + 1}: this process {mine[-1]:.2f} s, "
              + ", ".join(f"{name} {task[name][-1]:.2f} s" for name, _ in settings), file=sys.stderr)

    base = statistics.median(mine)
    n = sum(len(b.articles) for b in batches)
    print(f"{len(batches)} batches, {n:,} Timeline17 articles; CPU seconds, median of {args.rounds} rounds")
    print(f"{'where':<36} {'MALLOC_TRIM_THRESHOLD_':>22} {'task thread':>11} {'vs here':>7} {'worker process':>14}")
    print("-" * 94)
    print(f"{'this process':<36} {'-':>22} {base:>11.2f} {1:>6.2f}x {'-':>14}")
    for name, _ in settings:
        t = statistics.median(task[name])
        print(f"{name:<36} {trims[name] or 'unset':>22} {t:>11.2f} {t / base:>6.2f}x "
              f"{statistics.median(process[name]):>14.2f}")
    print()
    print("task thread: the thread that ran annotate_batch; worker process: every thread of the worker, including")
    print("pickling the results and Dask's own work (its event loop, heartbeats, the profiler when on).")
    return 0


if __name__ == "__main__":
    sys.exit(common.run_and_record("worker", main, title="Annotation inside a Dask worker: the worker settings"))
