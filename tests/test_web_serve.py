"""``dateline serve`` as a real process: it listens on 127.0.0.1 only unless told
otherwise, answers the API, refuses uploads with --read-only, and refuses to start
read-only without a database."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest

pytest.importorskip("uvicorn")

from _shared import REPO
from _web import build_sample_db, copy_db, sample_location, serve
from conftest import BACKENDS


@pytest.fixture(scope="module", params=BACKENDS)
def sample_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_sample_db(sample_location(request, tmp_path_factory, "serve"))


def listening_addresses(port: int) -> set[str]:
    """Local addresses with a socket listening on ``port`` (Linux /proc/net/tcp, tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            address, port_hex = fields[1].rsplit(":", 1)
            if int(port_hex, 16) == port and fields[3] == "0A":  # 0A: LISTEN
                found.add(address)
    return found


def test_serve_binds_loopback_by_default(sample_db: str, tmp_path: Path) -> None:
    db = copy_db(sample_db, tmp_path / "s.db")
    with serve(db) as (base, proc):
        port = int(base.rsplit(":", 1)[1])
        if Path("/proc/net/tcp").exists():
            assert listening_addresses(port) == {"0100007F"}  # 127.0.0.1, nothing else
        timeline = httpx.post(base + "/api/timelines", json={"topic": "water rates"}, timeout=30).json()
        assert timeline["entries"] and timeline["name"] == "water rates"
        md = httpx.get(base + f"/api/timelines/{timeline['id']}", params={"format": "md"}, timeout=30)
        assert md.status_code == 200 and "water rates" in md.text
        # a request naming another host (DNS rebinding) is refused
        r = httpx.get(base + "/api/topics", headers={"host": "attacker.example"}, timeout=10)
        assert r.status_code == 400 and r.json()["error"] == "bad_host"
        up = httpx.post(base + "/api/articles", files={"files": ("a.txt", b"date 2024-11-02 X\n\nT\n\nBody on Friday.\n")},
                        timeout=30)
        assert up.json()["added"] == 1
    _, err = proc.communicate()
    assert f"http://127.0.0.1:{port}/" in err
    assert "Traceback" not in err


def test_serve_read_only(sample_db: str, tmp_path: Path) -> None:
    db = copy_db(sample_db, tmp_path / "ro.db")
    with serve(db, "--read-only") as (base, _):
        r = httpx.post(base + "/api/articles", content=b"date 2024-11-02 X\n\nT\n\nBody.\n", timeout=10)
        assert r.status_code == 403 and r.json()["error"] == "read_only"
        assert httpx.get(base + "/api/topics", timeout=10).json()["counts"]["articles"] == 60


def test_serve_read_only_needs_a_database(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "dateline.cli", "serve", "--read-only", "--db", str(tmp_path / "none.db")],
        cwd=REPO, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 1
    assert "no database at" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "none.db").exists()
