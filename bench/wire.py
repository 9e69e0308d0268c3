"""What an annotated batch costs on its way back from a Dask worker: pickling on the worker
and unpickling on the client, as the objects themselves and in the packed columns of
``dateline.annotate.wire`` (what ``AnnotatedBatch`` pickles to).

Batches of 500 Timeline17 articles (the default ingest batch size) are annotated once with
the default tagger and near-duplicate signatures; each is then pickled and unpickled
``--repeat`` times each way, and the median time per batch is printed. The garbage
collector is set as where each step runs: Python's default settings for pickling (a Dask
worker), and those of ``dateline ingest`` for unpickling (the client: objects made before
are frozen, threshold 100,000).

    .venv/bin/python -m bench.wire [--batches 4] [--repeat 7]     # from the repository root
"""

from __future__ import annotations

import argparse
import gc
import pickle
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from itertools import islice

from bench import common


def _median_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--batches", type=int, default=4, help="batches of 500 articles to measure")
    ap.add_argument("--repeat", type=int, default=7, help="times each batch is pickled and unpickled")
    args = ap.parse_args()

    from dateline.annotate import default_tagger, wire
    from dateline.annotate.pipeline import BATCH_SIZE, IngestBatch, annotate_batch
    from dateline.annotate.stories import available
    from dateline.errors import InputError
    from dateline.readers import scan

    folders = sorted(str(p) for p in common.timeline17().iterdir() if (p / "InputDocs").is_dir())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        articles = (a for a in scan(folders) if not isinstance(a, InputError))
        batches = [IngestBatch(chunk, frozenset()) for chunk in
                   iter(lambda: list(islice(articles, BATCH_SIZE)), [])][: args.batches]
    tagger = default_tagger()
    results = [annotate_batch(b, tagger, signatures=available()) for b in batches]
    default_threshold = gc.get_threshold()

    rows = []
    for label, dump in (("objects (plain pickle)", lambda r: pickle.dumps(r.records, protocol=5)),
                        ("packed columns (wire)", lambda r: pickle.dumps(wire.pack(r.records), protocol=5))):
        dumps = loads = size = 0.0
        for r in results:
            data = dump(r)
            size += len(data)
            gc.unfreeze()
            gc.set_threshold(*default_threshold)
            dumps += _median_ms(lambda r=r, dump=dump: dump(r), args.repeat)
            gc.freeze()
            gc.set_threshold(100_000, 50, 50)
            if label.startswith("packed"):
                loads += _median_ms(lambda d=data: wire.unpack(pickle.loads(d)), args.repeat)
                assert wire.unpack(pickle.loads(data)) == r.records
            else:
                loads += _median_ms(lambda d=data: pickle.loads(d), args.repeat)
        n = len(results)
        rows.append((label, dumps / n, loads / n, size / n / 1e6))
    n_articles = sum(len(r.records) for r in results)
    n_timexes = sum(len(t) for r in results for rec in r.records for t in rec.timexes)
    print(f"{len(results)} batches, {n_articles:,} articles, {n_timexes:,} time expressions; "
          f"median of {args.repeat} per batch")
    print(f"{'form':<24} {'worker: pickle ms':>17} {'client: unpickle ms':>19} {'MB':>6}")
    print("-" * 69)
    for label, d, lo, mb in rows:
        print(f"{label:<24} {d:>17.1f} {lo:>19.1f} {mb:>6.2f}")
    print()
    print("unpickle of the packed form includes building the records again (wire.unpack).")
    return 0


if __name__ == "__main__":
    sys.exit(common.run_and_record("wire", main, title="Annotated batches on the wire: pickled objects or packed columns"))
