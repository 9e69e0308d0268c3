"""Fixtures every test module may use: where a store is, on each backend.

``location`` (and ``backend``) run a test once on SQLite (a file in the test's temporary
folder) and once on PostgreSQL (a fresh database on a throwaway server started once per
test session from the Debian server binaries: :mod:`bench.pgserver`). Where PostgreSQL is
not installed the PostgreSQL variants skip, saying why; with ``DATELINE_REQUIRE_POSTGRES=1``
(CI) they fail instead, so a CI machine without it cannot pass by skipping.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from bench.pgserver import PgServer, unavailable

BACKENDS = ("sqlite", "postgres")
_numbers = itertools.count(1)
_server: list[PgServer] = []


def server() -> PgServer:
    """The session's PostgreSQL server (started by the ``pg_server`` fixture)."""
    assert _server, "the pg_server fixture has not started a server"
    return _server[0]


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """One PostgreSQL server for the whole test session."""
    why = unavailable()
    if why:
        if os.environ.get("DATELINE_REQUIRE_POSTGRES"):
            pytest.fail(f"PostgreSQL is required here (DATELINE_REQUIRE_POSTGRES) but {why}")
        pytest.skip(f"PostgreSQL tests skipped: {why}")
    with PgServer.start() as started:
        _server.append(started)
        yield started
        _server.clear()


def new_pg_database(server: PgServer) -> str:
    """The URL of a fresh database on ``server``."""
    return server.create_database(f"test_{os.getpid()}_{next(_numbers)}")


@pytest.fixture
def pg_url(pg_server: PgServer) -> Iterator[str]:
    """A fresh PostgreSQL database for this test; dropped afterwards."""
    url = new_pg_database(pg_server)
    yield url
    pg_server.drop_database(url.rsplit("/", 1)[1])


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def location(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """Where this test's store is: a SQLite file, or the URL of a fresh PostgreSQL database."""
    if backend == "sqlite":
        return str(tmp_path / "store.db")
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def new_location(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[object]:
    """A factory of further stores on this test's backend: ``new_location("name")``."""
    server = request.getfixturevalue("pg_server") if backend == "postgres" else None
    made: list[str] = []

    def make(name: str) -> str:
        if server is None:
            return str(tmp_path / f"{name}.db")
        url = new_pg_database(server)
        made.append(url)
        return url

    yield make
    for url in made:
        assert server is not None
        server.drop_database(url.rsplit("/", 1)[1])
