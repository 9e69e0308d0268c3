"""Shared by the web tests: the sample corpus in a store (built once per test run), copies of
it for tests that write, and a real ``dateline serve`` in a subprocess."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from _shared import REPO, need_sample

SCRIPT_TITLE = "<script>alert(1)</script>"
SCRIPT_ARTICLE = (
    "date 2024-03-05 FENWICK BRIDGE\n\n"
    f"{SCRIPT_TITLE}\n\n"
    "ARDWELL (<b>WKDL</b>) -- The bridge <img src=x onerror=alert(2)> inspection resumed on Monday. "
    "Crews said the \"<script>\" tag was only a test & nothing more.\n"
)


def build_sample_db(path: Path) -> Path:
    """The sample corpus, tagged, in a new store at ``path``."""
    from dateline.annotate import ingest
    from dateline.readers import scan
    from dateline.store import open_store

    with open_store(path) as store:
        result = ingest(store, scan([need_sample() / "articles"]))
    assert result.added == 60 and not result.rejected, result.to_dict()
    return path


def copy_db(src: Path, dst: Path) -> Path:
    """A consistent copy of the store at ``src`` (SQLite's backup API: WAL included)."""
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)
    return dst


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(db: Path, *args: str, timeout: float = 60.0) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """``dateline serve --db DB --port P ARGS`` in a subprocess; yields (base URL, process)
    once it answers, and stops it (SIGTERM, then SIGKILL) afterwards."""
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "dateline.cli", "serve", "--db", str(db), "--port", str(port), *args],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                out, err = proc.communicate()
                pytest.fail(f"dateline serve exited with {proc.returncode}: {err[-2000:]}")
            try:
                if httpx.get(base + "/api/topics", timeout=2.0).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("dateline serve did not answer in time")
            time.sleep(0.1)
        yield base, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
