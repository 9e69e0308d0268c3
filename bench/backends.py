"""SQLite and PostgreSQL side by side: tagged ingest rate, bytes per article (indexes
included), and full-text search and timeline-build latency, on the 12 Timeline17 folders
(1x) and, with ``--tenx``, on the synthetic corpus ten times larger (``bench.ingest``
generates it: each article ten times, with ten dates and titles).

Ingest: a fresh process runs the real command, ``dateline ingest PATHS --json --db
LOCATION`` (tagged, stories on, default batch size) into a new SQLite file or a new
PostgreSQL database. ``client CPU s``: that process (``os.wait4``); ``server CPU s``: the
PostgreSQL server's processes over the same interval (the postmaster and its children, from
/proc, including the backends that ended); articles per CPU second counts both, so the two
backends are compared on the work they cost the machine. The PostgreSQL server is a
throwaway one (``bench.pgserver``: Debian's binaries, ``fsync = off`` and
``synchronous_commit = off`` as a test server; a production server with fsync on pays more
per commit, about one fsync per batch of 500 articles).

Bytes: SQLite, the database file after a WAL checkpoint (tables, the FTS5 index, every
index); PostgreSQL, ``pg_database_size`` after ingest minus that of a database holding the
empty dateline schema (catalogs), split into the table with its TOAST (article text), the
full-text GIN index, and the other indexes.

Latency (in this process, the store opened once, after one warm-up pass): ``search``, a
fixed list of 12 queries (``Store.search``, 20 hits with snippets), each run 3 times;
``timeline``, the Timeline17 protocol for each topic present (topic tag and its keywords
from queries.json, ``dateline.tls.build`` with its defaults), each built 2 times.
``candidates``: the sentences of the articles a topic's timeline reads, the work a build
does (largest and total over the topics).

    .venv/bin/python -m bench.backends [--tenx] [--data DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import common
from bench.ingest import DATELINE, measure, synthesize
from bench.pgserver import PgServer

SEARCHES = ("oil", "spill", "bp", "egypt", "protest", "financial crisis", "earthquake", "libya", "syria",
            '"oil spill"', "gaddafi OR qaddafi", "mubarak")
SEARCH_REPEATS = 3
TIMELINE_REPEATS = 2


@dataclass
class Row:
    backend: str
    corpus: str
    articles: int = 0
    client_cpu: float = 0.0
    server_cpu: float = 0.0
    wall: float = 0.0
    bytes: int = 0
    parts: str = ""
    search: list[float] = field(default_factory=list)
    timeline: list[float] = field(default_factory=list)
    candidates: dict[str, int] = field(default_factory=dict)


def _proc_cpu(pid: int, children: bool = False) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = int(fields[11]) + int(fields[12]) + ((int(fields[13]) + int(fields[14])) if children else 0)
    return ticks / os.sysconf("SC_CLK_TCK")


def server_cpu(server: PgServer) -> float:
    """CPU seconds of the server so far: the postmaster with the children it reaped, and its
    live children."""
    pid = int((server.data / "postmaster.pid").read_text().split()[0])
    total = _proc_cpu(pid, children=True)
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if ppid == pid:
                total += _proc_cpu(int(entry.name))
    return total


def sqlite_bytes(path: Path) -> tuple[int, str]:
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        try:
            fts = db.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'articles_fts%'").fetchone()[0]
            parts = f"FTS5 index {fts / 2**20:,.0f} MB"
        except sqlite3.OperationalError:
            parts = ""
    return path.stat().st_size, parts


def pg_bytes(url: str, empty: int) -> tuple[int, str]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT pg_database_size(current_database()), pg_table_size('articles'),"
            " pg_relation_size('articles_fts'),"
            " (SELECT sum(pg_indexes_size(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            "  WHERE n.nspname = 'public' AND c.relkind = 'r')"
        ).fetchone()
    assert row is not None
    total, table, gin, indexes = (int(x) for x in row)
    return total - empty, (f"articles table+TOAST {table / 2**20:,.0f} MB, GIN index {gin / 2**20:,.0f} MB, "
                           f"other indexes {(indexes - gin) / 2**20:,.0f} MB")


def timed(fn: Callable[[], Any]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def latencies(location: str, keywords: dict[str, list[str]], row: Row) -> None:
    from dateline.store import open_store
    from dateline.tls import build

    with open_store(location) as store:
        topics = [t.topic for t in store.topics() if t.topic in keywords]
        for q in SEARCHES:  # warm-up: the first reads load pages into the caches of both backends
            store.search(q, limit=20)
        for _ in range(SEARCH_REPEATS):
            for q in SEARCHES:
                row.search.append(timed(lambda q=q: store.search(q, limit=20)))  # type: ignore[misc]
        for topic in topics:
            row.candidates[topic] = sum(len(d.sentences) for d in store.documents(topic=topic,
                                                                                  keywords=keywords[topic]))
        for _ in range(TIMELINE_REPEATS):
            for topic in topics:
                row.timeline.append(timed(lambda t=topic: build(store, topic=t, keywords=keywords[t])))  # type: ignore[misc]


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tenx", action="store_true", help="also the synthetic corpus 10x (tens of minutes)")
    ap.add_argument("--data", help="the Timeline17 folder")
    args = ap.parse_args()
    t17 = common.timeline17(args.data)
    keywords = {k: v for k, v in json.loads((t17 / "queries.json").read_text()).items() if not k.startswith("_")}
    folders = [str(p) for p in sorted(t17.iterdir()) if (p / "InputDocs").is_dir()]
    rows: list[Row] = []
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="dateline-bench-backends-") as tmp, PgServer.start() as server:
        tmpdir = Path(tmp)
        corpora = [("Timeline17 1x", folders)]
        if args.tenx:
            synth = tmpdir / "synthetic"
            synth.mkdir()
            n = synthesize(t17, synth, 10)
            print(f"generated {n:,} synthetic articles", file=sys.stderr)
            corpora.append(("synthetic 10x", [str(synth)]))
        empty_url = server.create_database("empty")
        from dateline.store import open_store

        with open_store(empty_url):
            pass
        empty = server.size("empty")
        for corpus, paths in corpora:
            for backend in ("sqlite", "postgres"):
                row = Row(backend, corpus)
                if backend == "sqlite":
                    location = str(tmpdir / f"{len(rows)}.db")
                    before = 0.0
                else:
                    location = server.create_database(f"b{len(rows)}")
                    before = server_cpu(server)
                run = measure(f"{backend} {corpus}", corpus,
                              [str(DATELINE), "ingest", *paths, "--db", location, "--json"])
                row.articles, row.client_cpu, row.wall = run.articles, run.cpu, run.wall
                if backend == "postgres":
                    row.server_cpu = server_cpu(server) - before
                    row.bytes, row.parts = pg_bytes(location, empty)
                else:
                    row.bytes, row.parts = sqlite_bytes(Path(location))
                print(f"{corpus} {backend}: ingested {row.articles:,} in {row.wall:.0f} s; measuring queries",
                      file=sys.stderr)
                latencies(location, keywords, row)
                rows.append(row)
                if backend == "postgres":
                    server.drop_database(f"b{len(rows) - 1}")

    print(f"load average {load:.2f} at the start; {os.cpu_count()} cores shared with other work")
    print()
    print(f"{'corpus':<15} {'backend':<9} {'articles':>8} {'client CPU s':>12} {'server CPU s':>12} "
          f"{'art/CPU s':>9} {'wall s':>7} {'art/wall s':>10} {'MB':>7} {'bytes/art':>9}")
    print("-" * 107)
    for r in rows:
        cpu = r.client_cpu + r.server_cpu
        print(f"{r.corpus:<15} {r.backend:<9} {r.articles:>8,} {r.client_cpu:>12.1f} {r.server_cpu:>12.1f} "
              f"{r.articles / cpu:>9,.0f} {r.wall:>7.1f} {r.articles / r.wall:>10,.0f} {r.bytes / 2**20:>7,.0f} "
              f"{r.bytes / r.articles:>9,.0f}")
    print()
    for r in rows:
        if r.parts:
            print(f"{r.corpus} {r.backend}: {r.parts}")
    print()
    print(f"{'corpus':<15} {'backend':<9} {'search p50 ms':>13} {'p95 ms':>8} {'timeline p50 s':>14} "
          f"{'p95 s':>7} {'max candidates':>14} {'all candidates':>14}")
    print("-" * 101)
    for r in rows:
        top = max(r.candidates.values(), default=0)
        print(f"{r.corpus:<15} {r.backend:<9} {pct(r.search, 50) * 1000:>13.1f} {pct(r.search, 95) * 1000:>8.1f} "
              f"{pct(r.timeline, 50):>14.2f} {pct(r.timeline, 95):>7.2f} {top:>14,} {sum(r.candidates.values()):>14,}")
    print()
    print(f"search: {len(SEARCHES)} queries x {SEARCH_REPEATS}; timeline: topics "
          f"{', '.join(sorted(rows[0].candidates))} x {TIMELINE_REPEATS} (topic tag + queries.json keywords); "
          "candidates: sentences of the articles a topic's timeline reads.")
    return 0


if __name__ == "__main__":
    sys.exit(common.run_and_record("backends", main, title="SQLite and PostgreSQL: ingest, size, search and timelines"))
