"""The web app under load: 50 concurrent clients against a real ``dateline serve`` (uvicorn,
one process) over the sample corpus, for 30 s per scenario. Prints requests/s, latency
percentiles and the error count.

Scenarios (each a fresh run of the same server, timelines cached from earlier scenarios):

- ``cached``: ``POST /api/timelines`` for one of the three sample topics (round robin), so
  after the first three requests every answer comes from the timeline cache: what most
  requests cost (target: p95 under 1 s, zero errors);
- ``page``: ``GET /timeline?topic=...`` the same three timelines as pages (cached timeline,
  coverage chart, template);
- ``mixed``: like ``cached``, but one request in ten uploads a new article (``POST
  /api/articles``): every upload writes to the store while the other clients read it, and
  changes the content version, so the next requests for each topic build it again;
- ``uncached``: every request a different timeline (``dates`` and ``per_date`` vary with a
  counter; 3 topics x 200 x 10 combinations, more than a run asks for), so each one is built:
  the worst case, a timeline build per request.

An error is any answer other than 200, or a request that fails or takes more than 30 s.
The clients are one asyncio process (one keep-alive connection each, a minimal HTTP/1.1
client of our own) on the same machine as the server, so client
and server share its cores (here 2, also shared with other work): numbers are for this
machine as it was during the run, not a property of the code alone.

    .venv/bin/python -m bench.web [--seconds 30] [--clients 50] [--db FILE] [--scenarios cached,page,uncached,mixed]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench import common

REPO = common.REPO
TOPICS = ("fenwick bridge", "school budget", "water rates")


@dataclass
class Result:
    name: str
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
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


UPLOAD = ("date 2024-11-05 BENCH\n\nBench article {n}\n\nARDWELL (WKDL) -- Article {n}: the Fenwick Street "
          "Bridge reopened to trucks on Monday, a week after the council vote.\n")


def request_for(scenario: str, n: int) -> tuple[str, str, dict[str, Any] | bytes | None]:
    topic = TOPICS[n % 3]
    if scenario == "cached":
        return "POST", "/api/timelines", {"topic": topic}
    if scenario == "page":
        return "GET", f"/timeline?topic={topic.replace(' ', '+')}", None
    if scenario == "mixed" and n % 10 == 0:  # one request in ten uploads a new article
        return "POST", f"/api/articles?filename=bench-{n}.txt", UPLOAD.format(n=n).encode()
    if scenario == "mixed":
        return "POST", "/api/timelines", {"topic": topic}
    return "POST", "/api/timelines", {"topic": topic, "dates": 1 + (n // 3) % 200, "per_date": 1 + (n // 600) % 10}


class Connection:
    """One client: a keep-alive HTTP/1.1 connection (a minimal client of our own: httpx's
    async pool costs ~4 ms of CPU per request at 50 connections, more than the server)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, url: str, body: dict[str, Any] | bytes | None) -> tuple[int, bytes]:
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
        return status, payload

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None


async def run(host: str, port: int, scenario: str, clients: int, seconds: float) -> Result:
    result = Result(scenario)
    counter = itertools.count()
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        conn = Connection(host, port)
        try:
            while time.perf_counter() < deadline:
                method, url, body = request_for(scenario, next(counter))
                started = time.perf_counter()
                try:
                    status, _ = await asyncio.wait_for(conn.request(method, url, body), timeout=30.0)
                except (TimeoutError, OSError, ValueError, asyncio.IncompleteReadError) as exc:
                    result.add_error(type(exc).__name__)
                    await conn.close()
                    continue
                result.latencies.append(time.perf_counter() - started)
                if status != 200:
                    result.add_error(f"HTTP {status}")
        finally:
            await conn.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    result.seconds = time.perf_counter() - started
    return result


def sample_db(folder: Path) -> Path:
    db = folder / "sample.db"
    out = subprocess.run([sys.executable, "-m", "dateline.cli", "ingest", str(REPO / "data" / "sample" / "articles"),
                          "--json", "--db", str(db)], capture_output=True, text=True, check=True)
    assert '"added": 55' in out.stdout, out.stdout
    return db


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen([sys.executable, "-m", "dateline.cli", "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(300):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/topics", timeout=1.0).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the server did not start: " + (proc.stderr.read().decode() if proc.stderr else ""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="Duration of each scenario.")
    parser.add_argument("--clients", type=int, default=50, help="Concurrent clients.")
    parser.add_argument("--db", type=Path, help="Store to serve (default: the sample corpus, ingested now).")
    parser.add_argument("--scenarios", default="cached,page,uncached,mixed")
    parser.add_argument("--port", type=int, default=0, help="Port (default: a free one).")
    args = parser.parse_args()
    scenarios = [s.strip() for s in args.scenarios.split(",") if s.strip()]
    tmp = Path(tempfile.mkdtemp(prefix="dateline-bench-web-"))
    try:
        db = sample_db(tmp) if args.db is None else args.db
        if args.db is not None:  # serve a copy: the bench never changes the given store
            with sqlite3.connect(args.db) as a, sqlite3.connect(tmp / "copy.db") as b:
                a.backup(b)
            db = tmp / "copy.db"
        port = args.port or _free_port()
        server = start_server(db, port)
        try:
            results = [asyncio.run(run("127.0.0.1", port, s, args.clients, args.seconds)) for s in scenarios]
        finally:
            server.terminate()
            server.wait(timeout=30)
        stderr = server.stderr.read().decode() if server.stderr else ""
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"dateline serve (uvicorn, 1 process) over {db.name if args.db else 'the sample corpus (55 articles)'}; "
          f"{args.clients} concurrent clients, {args.seconds:.0f} s per scenario; {os.cpu_count()} CPUs shared by "
          "clients and server")
    header = f"{'scenario':<10} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8} {'errors':>7}"
    print(header)
    print("-" * len(header))
    for r in results:
        n = len(r.latencies)
        print(f"{r.name:<10} {n:>9} {n / r.seconds:>8.1f} {r.pct(50) * 1000:>8.1f} {r.pct(95) * 1000:>8.1f} "
              f"{r.pct(99) * 1000:>8.1f} {max(r.latencies, default=float('nan')) * 1000:>8.1f} {r.errors:>7}"
              + (f"  ({', '.join(f'{k}: {v}' for k, v in r.error_kinds.items())})" if r.errors else ""))
    if "Traceback" in stderr:
        print("\nthe server logged errors:\n" + stderr[-3000:])
    return 0


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


if __name__ == "__main__":
    sys.exit(common.run_and_record("web", main, title="The web app under load"))
