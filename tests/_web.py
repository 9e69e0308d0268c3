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


def build_sample_db(path: Path | str) -> str:
    """The sample corpus, tagged, in a new store at ``path`` (a file or a PostgreSQL URL)."""
    from dateline.annotate import ingest
    from dateline.readers import scan
    from dateline.store import open_store

    with open_store(path) as store:
        result = ingest(store, scan([need_sample() / "articles"]))
    assert result.added == 60 and not result.rejected, result.to_dict()
    return str(path)


def sample_location(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, name: str) -> str:
    """Where a module's sample store goes on the backend of ``request.param``."""
    if request.param == "sqlite":
        return str(tmp_path_factory.mktemp(name) / "sample.db")
    from conftest import new_pg_database

    return new_pg_database(request.getfixturevalue("pg_server"))


def copy_db(src: Path | str, dst: Path) -> str:
    """A consistent copy of the store at ``src``: a SQLite file by SQLite's backup API (WAL
    included) to ``dst``; a PostgreSQL database by ``dateline db copy`` to a new database on
    the same server (``dst`` unused)."""
    from dateline.store.location import is_url

    if not is_url(src):
        with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
            a.backup(b)
        return str(dst)
    from conftest import new_pg_database, server
    from dateline.store import open_store
    from dateline.store.copy import copy_store

    url = new_pg_database(server())
    with open_store(src) as a, open_store(url) as b:
        copy_store(a, b)
    return url


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(db: Path | str, *args: str, timeout: float = 60.0) -> Iterator[tuple[str, subprocess.Popen[str]]]:
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
