"""Saved-timeline refresh: how long :func:`dateline.tls.saved.refresh_all` takes after new
articles arrive, on a Timeline17 topic of about 1,500 articles.

    .venv/bin/python -m bench.saved [--rounds 5] [--new 10]      # from the repository root

The store holds the BP oil spill topic (the five ``bpoil_*`` folders, each article once)
except its ``rounds * new`` latest-published articles, tagged as ``dateline ingest`` tags
them, plus the Haiti folder (another topic). A timeline of the topic is saved (default
method and parameters, as ``dateline timeline --topic bpoil --save oil``). Then, each round:
``new`` of the held-out articles are ingested, oldest first, and the saved timelines are
refreshed (the rebuild of the oil timeline is what is measured); then a refresh with nothing
new (it reads the store's content version only); then one article of the other topic is
ingested and the saved timelines refreshed (the selection's fingerprint is compared, nothing
is rebuilt). Times are wall seconds and CPU seconds of this process (best of one: each round
changes the store). Target: a refresh after 10 new articles under 1 s.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import warnings
from pathlib import Path

from bench import common
from dateline.annotate import ingest
from dateline.model import Article
from dateline.readers import timeline17
from dateline.store import SqliteStore
from dateline.tls import saved


def _read(folders: list[Path]) -> list[Article]:
    out: dict[str, Article] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for folder in folders:
            for a in timeline17.read_articles(folder):
                out.setdefault(a.id, a)
    return list(out.values())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--new", type=int, default=10, help="articles added per round")
    args = ap.parse_args()
    t17 = common.timeline17()
    oil = sorted(_read(sorted(t17.glob("bpoil_*"))), key=lambda a: (a.day, a.id))
    other = _read([t17 / "haiti_bbc"])
    held = args.rounds * args.new
    base, later = oil[:-held], oil[-held:]
    print(f"topic bpoil: {len(oil):,} articles ({oil[0].day} to {oil[-1].day}); stored first: {len(base):,} "
          f"(and {len(other)} of haiti); then {args.rounds} rounds of {args.new} (published {later[0].day} "
          f"to {later[-1].day})")
    header = (f"{'step':<34} {'topic arts':>10} {'status':>10} {'dates':>5} {'added':>5} {'wall s':>7} "
              f"{'CPU s':>6}")
    rows: list[str] = []
    with tempfile.TemporaryDirectory(prefix="dateline-bench-") as tmp, SqliteStore(Path(tmp) / "s.db") as store:
        ingest(store, [*base, *other[:-args.rounds]])
        w0, c0 = time.perf_counter(), time.process_time()
        saved.save(store, "oil", saved.make_request(topic="bpoil"))
        rows.append(f"{'save (first build)':<34} {store.count(topic='bpoil'):>10,} {'built':>10} "
                    f"{len(saved.timeline_of(store.saved_timeline('oil'))):>5} {'':>5} "  # type: ignore[arg-type]
                    f"{time.perf_counter() - w0:>7.2f} {time.process_time() - c0:>6.2f}")
        for k in range(args.rounds):
            ingest(store, later[k * args.new : (k + 1) * args.new])
            for label, before in ((f"round {k + 1}: after {args.new} new articles", None),
                                  ("  again, nothing new", None),
                                  ("  after 1 article of another topic", other[len(other) - args.rounds + k])):
                if before is not None:
                    ingest(store, [before])
                w0, c0 = time.perf_counter(), time.process_time()
                results = saved.refresh_all(store)
                wall, cpu = time.perf_counter() - w0, time.process_time() - c0
                r = results[0]
                rows.append(f"{label:<34} {store.count(topic='bpoil'):>10,} {r.status:>10} {r.entries:>5} "
                            f"{len(r.added):>5} {wall:>7.3f} {cpu:>6.3f}")
    print()
    print(header)
    print("-" * len(header))
    print("\n".join(rows))
    print()
    print("status 'refreshed': the timeline was built again; 'unchanged': nothing was built (content version "
          "or selection fingerprint unchanged). 'added': dates new in the rebuilt timeline.")
    return 0


if __name__ == "__main__":
    sys.exit(common.run_and_record("saved", main, title="Saved-timeline refresh"))
