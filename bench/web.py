"""The web app under load: 50 concurrent clients against a real ``dateline serve`` (uvicorn,
one process and its workers) for 30 s per scenario. Prints the requests answered, the
successful answers per second and their latency percentiles, the deliberate refusals
(``503`` with ``Retry-After``), the errors and the server's peak memory per scenario, and
how long the server takes to exit on SIGTERM under load.

The store: the sample corpus (55 articles in three topics) read ``--copies`` times (default
20: 1,100 articles), each copy published a year earlier than the one before, so a topic's
timeline is built over ~370 articles.

Scenarios (one server for all of them, in this order; timelines cached by earlier ones):

- ``cached``: ``POST /api/timelines`` for one of the three topics (round robin): after the
  first three requests every answer comes from the timeline cache;
- ``page``: ``GET /timeline?topic=...``, the same three timelines as pages;
- ``uncached``: every request a different timeline (topic, ``dates`` and ``per_date`` run
  through their 6,000 combinations in a fixed shuffled order), so each one is built;
- ``mixed``: like ``cached``, but one request in ten uploads a new article (``POST
  /api/articles``), which changes the content version, so the next requests build again;
- ``builds``: mostly uncached timelines (8 requests in 10), the others cheap: a full-text
  search (1 in 10) and an article or the topic list (1 in 10). The rows ``builds:
  timeline``, ``builds: search`` and ``builds: cheap`` split its requests by kind: cheap
  requests must stay fast while timelines are built;
- ``builds+ingest``: the same while ``dateline ingest`` (another process, run again and
  again) writes new articles into the store, committing every 20 articles, so the content
  version keeps changing;
- SIGTERM: the ``builds`` load again, and after 5 s the server gets SIGTERM: the time until
  it has exited (killed after 90 s).

A ``503`` answer with ``Retry-After`` is a deliberate refusal (the server is full); the
client closes its connection and waits as long as it says (at most 5 s), as a well-behaved
client does, and it is counted in ``503``, not in ``errors``. An error is any other answer than 200, or a request
that fails or takes more than 30 s. ``answered``: requests that got any answer or failed;
``ok/s`` and the latency percentiles: the requests answered 200. ``peak MB``: the largest sum of the proportional set
sizes (PSS, shared pages split between the processes that share them) of the server and its
child processes, sampled every 0.5 s. The clients are one asyncio process (one keep-alive
connection each, a minimal HTTP/1.1 client of our own) on the same machine as the server,
so client and server share its cores: numbers are for this machine as it was during the
run, not a property of the code alone.

The store is a SQLite file, or with ``--backend postgres`` a database on a throwaway
PostgreSQL server (``bench.pgserver``), or both, one after the other, with ``--backend
both`` (each gets the same store and the same scenarios; a run with PostgreSQL writes
``bench/results/web_postgres.md``). ``--db`` serves a given store instead: a SQLite file is
copied first, a PostgreSQL URL is served as it is (the writing scenarios write into it).

    .venv/bin/python -m bench.web [--seconds 30] [--clients 50] [--copies 20] [--db FILE|URL]
                                  [--backend sqlite|postgres|both]
                                  [--scenarios cached,page,uncached,mixed,builds,builds+ingest,sigterm]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import itertools
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench import common

REPO = common.REPO
TOPICS = ("fenwick bridge", "school budget", "water rates")
WORDS = ("bridge", "budget", "council", "water", "lawsuit", "vote", "school", "rates", "inspection", "trucks")
SCENARIOS = ("cached", "page", "uncached", "mixed", "builds", "builds+ingest", "sigterm")
TIMEOUT = 30.0  # seconds a client waits for an answer


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)  # of the requests answered 200
    refused: int = 0  # 503 with Retry-After
    errors: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)

    def add_error(self, kind: str) -> None:
        self.errors += 1
        self.error_kinds[kind] = self.error_kinds.get(kind, 0) + 1

    def pct(self, p: float) -> float:
        xs = sorted(self.latencies)
        if not xs:
            return float("nan")
        return xs[min(len(xs) - 1, max(0, round(p / 100 * len(xs) + 0.5) - 1))]  # nearest rank


@dataclass
class Result:
    name: str
    seconds: float = 0.0
    kinds: dict[str, Stats] = field(default_factory=dict)
    peak_mb: float = float("nan")
    note: str = ""

    def stats(self, kind: str) -> Stats:
        return self.kinds.setdefault(kind, Stats())


UPLOAD = ("date 2024-11-05 BENCH\n\nBench article {n}\n\nARDWELL (WKDL) -- Article {n}: the Fenwick Street "
          "Bridge reopened to trucks on Monday, a week after the council vote.\n")

Request = tuple[str, str, str, dict[str, Any] | bytes | None]  # kind, method, url, body


_COMBINATIONS = 3 * 200 * 10  # topics x dates x per_date


def request_for(scenario: str, n: int, article_ids: list[str]) -> Request:
    topic = TOPICS[n % 3]
    # the n-th uncached request: a permutation of the combinations (2654435761 is coprime with
    # their number), so each is new and the mix of costs does not depend on how many came before
    k = n * 2654435761 % _COMBINATIONS
    uncached = {"topic": TOPICS[k % 3], "dates": 1 + (k // 3) % 200, "per_date": 1 + k // 600}
    if scenario == "cached":
        return "timeline", "POST", "/api/timelines", {"topic": topic}
    if scenario == "page":
        return "page", "GET", f"/timeline?topic={topic.replace(' ', '+')}", None
    if scenario == "mixed" and n % 10 == 0:  # one request in ten uploads a new article
        return "upload", "POST", f"/api/articles?filename=bench-{n}.txt", UPLOAD.format(n=n).encode()
    if scenario == "mixed":
        return "timeline", "POST", "/api/timelines", {"topic": topic}
    if scenario in ("builds", "builds+ingest", "sigterm"):
        if n % 10 == 0:
            return "search", "GET", f"/api/search?q={WORDS[(n // 10) % len(WORDS)]}&limit=20", None
        if n % 10 == 1:
            if (n // 10) % 2 and article_ids:
                return "cheap", "GET", f"/api/articles/{article_ids[(n // 20) % len(article_ids)]}", None
            return "cheap", "GET", "/api/topics", None
    return "timeline", "POST", "/api/timelines", uncached


class Connection:
    """One client: a keep-alive HTTP/1.1 connection (a minimal client of our own: httpx's
    async pool costs ~4 ms of CPU per request at 50 connections, more than the server)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, url: str,
                      body: dict[str, Any] | bytes | None) -> tuple[int, dict[str, str], bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        data = body if isinstance(body, bytes) else json.dumps(body).encode() if body is not None else b""
        ctype = "text/plain" if isinstance(body, bytes) else "application/json"
        head = (f"{method} {url} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nContent-Length: {len(data)}\r\n"
                + (f"Content-Type: {ctype}\r\n" if body is not None else "") + "\r\n")
        self.writer.write(head.encode() + data)
        await self.writer.drain()
        lines = (await self.reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in lines[1:] if h)}
        if "content-length" not in headers:
            raise ValueError("no Content-Length in the answer")
        payload = await self.reader.readexactly(int(headers["content-length"]))
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return status, headers, payload

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None


async def run(host: str, port: int, scenario: str, clients: int, seconds: float, article_ids: list[str],
              server_pid: int) -> Result:
    result = Result(scenario)
    counter = itertools.count()
    deadline = time.perf_counter() + seconds
    stop = asyncio.Event()

    async def worker() -> None:
        conn = Connection(host, port)
        try:
            while time.perf_counter() < deadline:
                kind, method, url, body = request_for(scenario, next(counter), article_ids)
                stats = result.stats(kind)
                started = time.perf_counter()
                try:
                    status, headers, _ = await asyncio.wait_for(conn.request(method, url, body), timeout=TIMEOUT)
                except (TimeoutError, OSError, ValueError, asyncio.IncompleteReadError) as exc:
                    stats.add_error(type(exc).__name__)
                    await conn.close()
                    continue
                if status == 200:
                    stats.latencies.append(time.perf_counter() - started)
                if status == 503 and headers.get("retry-after", "").isdigit():
                    stats.refused += 1
                    await conn.close()  # not kept idle for seconds (the server closes idle ones after 5 s)
                    await asyncio.sleep(min(int(headers["retry-after"]), 5))
                elif status != 200:
                    stats.add_error(f"HTTP {status}")
        finally:
            await conn.close()

    async def sample_memory() -> None:
        peak = 0.0
        while not stop.is_set():
            peak = max(peak, tree_pss_mb(server_pid))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 0.5)
        result.peak_mb = peak

    sampler = asyncio.create_task(sample_memory())
    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    result.seconds = time.perf_counter() - started
    stop.set()
    await sampler
    return result


def tree_pss_mb(pid: int) -> float:
    """PSS (MB) of ``pid`` and all its descendants (RSS where PSS cannot be read)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo.extend(children.get(p, ()))
        for path, key in ((f"/proc/{p}/smaps_rollup", "Pss:"), (f"/proc/{p}/status", "VmRSS:")):
            try:
                line = next(x for x in Path(path).read_text().splitlines() if x.startswith(key))
            except (OSError, StopIteration):
                continue
            total += int(line.split()[1])
            break
    return total / 1024


def copies_jsonl(path: Path, copies: int, label: str = "") -> int:
    """The sample corpus ``copies`` times as JSON lines, copy ``i`` published ``i`` years
    before the original (``label``: also marks every title, so that the copies of another
    call are new articles too); returns the number of articles."""
    from dateline.model import Article
    from dateline.readers import scan

    articles = [a for a in scan([REPO / "data" / "sample" / "articles"]) if isinstance(a, Article)]
    n = 0
    with path.open("w", encoding="utf-8") as f:
        for i in range(copies):
            for a in articles:
                day = a.day.replace(year=a.day.year - i % 30)
                title = f"{a.title} ({label}{i})" if label or i else a.title
                f.write(json.dumps({"published": day.isoformat(), "title": title, "text": a.text,
                                    "topics": list(a.topics), "outlet": a.outlet, "place": a.place}) + "\n")
                n += 1
    return n


class Writer:
    """``dateline ingest`` into the served store, again and again (new articles each time,
    a commit every 20 articles) until :meth:`stop`."""

    def __init__(self, db: str, folder: Path) -> None:
        self.db, self.folder = db, folder
        self.before = _count(db)
        self.rounds = 0
        self.proc: subprocess.Popen[bytes] | None = None
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def _loop(self) -> None:
        while not self.stopped.is_set():
            source = self.folder / f"more-{self.rounds}.jsonl"
            copies_jsonl(source, 10, f"w{self.rounds}.")
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "dateline.cli", "ingest", str(source), "--json", "--batch-size", "20",
                 "--db", str(self.db)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            self.proc.wait()
            self.rounds += 1

    def stop(self) -> str:
        self.stopped.set()
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
        self.thread.join(timeout=60)
        return (f"builds+ingest: `dateline ingest` added {_count(self.db) - self.before} articles to the served "
                f"store during the scenario ({self.rounds} runs)")


def build_db(folder: Path, copies: int, db: str) -> str:
    source = folder / "corpus.jsonl"
    n = copies_jsonl(source, copies)
    out = subprocess.run([sys.executable, "-m", "dateline.cli", "ingest", str(source), "--json", "--db", str(db)],
                         capture_output=True, text=True, check=True)
    assert json.loads(out.stdout)["added"] == n, out.stdout[:500]
    return db


def start_server(db: str, port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen([sys.executable, "-m", "dateline.cli", "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(600):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/topics", timeout=1.0).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the server did not start: " + (proc.stderr.read().decode() if proc.stderr else ""))


def article_ids(db: str) -> list[str]:
    from dateline.store import open_store

    with open_store(db) as store:
        return [a.id for a in store.articles(limit=200)]


async def sigterm_under_load(host: str, port: int, clients: int, server: subprocess.Popen[bytes],
                             ids: list[str]) -> Result:
    """The ``builds`` load; after 5 s, SIGTERM, and the seconds until the server exited."""
    load = asyncio.create_task(run(host, port, "sigterm", clients, 12.0, ids, server.pid))
    await asyncio.sleep(5.0)
    sent = time.perf_counter()
    server.send_signal(signal.SIGTERM)
    exited = None
    while time.perf_counter() - sent < 90:
        if server.poll() is not None:
            exited = time.perf_counter() - sent
            break
        await asyncio.sleep(0.05)
    if exited is None:
        server.kill()
    result = await load
    result.note = (f"SIGTERM under load: exited after {exited:.2f} s" if exited is not None
                   else "SIGTERM under load: still running after 90 s (killed)")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="Duration of each scenario.")
    parser.add_argument("--clients", type=int, default=50, help="Concurrent clients.")
    parser.add_argument("--copies", type=int, default=20, help="Copies of the sample corpus in the store.")
    parser.add_argument("--db", help="Store to serve: a SQLite file or a PostgreSQL URL "
                                     "(default: the sample corpus --copies times).")
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="sqlite",
                        help="The backend of the default store (default: sqlite).")
    parser.add_argument("--scenarios", default=",".join(SCENARIOS))
    parser.add_argument("--port", type=int, default=0, help="Port (default: a free one).")
    parser.add_argument("--server-log", type=Path, help="Also write the server's standard error to this file.")
    args = parser.parse_args()
    scenarios = [s.strip() for s in args.scenarios.split(",") if s.strip()]
    unknown = set(scenarios) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenarios {', '.join(sorted(unknown))}: expected some of {', '.join(SCENARIOS)}")
    from dateline.store.location import describe, is_url

    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    if args.db:
        backends = ["postgres" if is_url(args.db) else "sqlite"]
    tmp = Path(tempfile.mkdtemp(prefix="dateline-bench-web-"))
    pg: Any = None
    try:
        for backend in backends:
            if args.db is None:
                if backend == "postgres":
                    if pg is None:
                        from bench.pgserver import PgServer

                        pg = PgServer.start()
                    location = pg.create_database("web")
                else:
                    location = str(tmp / "bench.db")
                db = build_db(tmp, args.copies, location)
                what = f"the sample corpus x{args.copies} ({55 * args.copies} articles) in {backend}"
            elif is_url(args.db):
                db, what = args.db, describe(args.db)
            else:  # serve a copy: the bench never changes the given store
                with sqlite3.connect(args.db) as a, sqlite3.connect(tmp / "copy.db") as b:
                    a.backup(b)
                db, what = str(tmp / "copy.db"), Path(args.db).name
            report(db, what, scenarios, args, tmp)
    finally:
        if pg is not None:
            pg.close()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


def report(db: str, what: str, scenarios: list[str], args: argparse.Namespace, tmp: Path) -> None:
    """Serve ``db``, run the scenarios against it, print the table."""
    results: list[Result] = []
    ingest_note = ""
    ids = article_ids(db)
    port = args.port or _free_port()
    server = start_server(db, port)
    try:
        for s in scenarios:
            if s == "sigterm":
                results.append(asyncio.run(sigterm_under_load("127.0.0.1", port, args.clients, server, ids)))
                break
            writer = Writer(db, tmp) if s == "builds+ingest" else None
            try:
                results.append(asyncio.run(run("127.0.0.1", port, s, args.clients, args.seconds, ids, server.pid)))
            finally:
                if writer is not None:
                    ingest_note = writer.stop()
    finally:
        if server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=90)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    stderr = server.stderr.read().decode(errors="replace") if server.stderr else ""
    if args.server_log:
        args.server_log.write_text(stderr, encoding="utf-8")

    print(f"dateline serve (uvicorn, 1 process and its workers) over {what}; {args.clients} concurrent clients, "
          f"{args.seconds:.0f} s per scenario; {os.cpu_count()} CPUs shared by clients and server; "
          f"load average {os.getloadavg()[0]:.2f} at the end")
    header = (f"{'scenario':<24} {'answered':>8} {'ok/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
              f"{'max ms':>8} {'503':>5} {'errors':>6} {'peak MB':>8}")
    print(header)
    print("-" * len(header))
    for r in results:
        if r.name == "sigterm":  # its requests fail once the server has gone: only its exit time counts
            continue
        rows = [(r.name, _merged(r))] if len(r.kinds) == 1 or r.name not in ("builds", "builds+ingest", "sigterm") \
            else [(f"{r.name}: {k}", v) for k, v in sorted(r.kinds.items(), key=lambda kv: _KIND_ORDER.get(kv[0], 9))]
        for i, (name, st) in enumerate(rows):
            n = len(st.latencies)
            peak = f"{r.peak_mb:>8.0f}" if i == 0 else f"{'':>8}"
            print(f"{name:<24} {n + st.refused + st.errors:>8} {n / r.seconds:>7.1f} {st.pct(50) * 1000:>8.1f} "
                  f"{st.pct(95) * 1000:>8.1f} "
                  f"{st.pct(99) * 1000:>8.1f} {max(st.latencies, default=float('nan')) * 1000:>8.1f} "
                  f"{st.refused:>5} {st.errors:>6} {peak}"
                  + (f"  ({', '.join(f'{k}: {v}' for k, v in st.error_kinds.items())})" if st.errors else ""))
    for note in [ingest_note, *(r.note for r in results)]:
        if note:
            print(note)
    if "Traceback" in stderr:
        print("\nthe server logged errors:\n" + stderr[-3000:])
    print()


_KIND_ORDER = {"timeline": 0, "search": 1, "cheap": 2}


def _merged(r: Result) -> Stats:
    out = Stats()
    for st in r.kinds.values():
        out.latencies += st.latencies
        out.refused += st.refused
        out.errors += st.errors
        for k, v in st.error_kinds.items():
            out.error_kinds[k] = out.error_kinds.get(k, 0) + v
    return dataclasses.replace(out)


def _count(db: str) -> int:
    from dateline.store import open_store

    with open_store(db) as store:
        return store.count()


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _result_name(argv: list[str]) -> str:
    """``web``, or ``web_postgres`` for a run that serves a PostgreSQL store."""
    args = " ".join(argv).replace("=", " ")
    postgres = any(f"--backend {b}" in args for b in ("postgres", "both")) or "--db postgres" in args
    return "web_postgres" if postgres else "web"


if __name__ == "__main__":
    sys.exit(common.run_and_record(_result_name(sys.argv[1:]), main, title="The web app under load", module="web"))
