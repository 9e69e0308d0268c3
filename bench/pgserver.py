"""A throwaway PostgreSQL server for the tests and the benchmarks: the Debian server binaries
(``/usr/lib/postgresql/<version>/bin``, the newest installed; or ``$DATELINE_PG_BIN``), a
data folder in a temporary directory, a free TCP port on 127.0.0.1 and password
authentication, stopped and deleted when done. Nothing needs a service started by hand.

initdb and postgres refuse to run as root; as root the server runs as the ``postgres``
system user Debian's package creates (``runuser -u postgres --``), in a folder it owns.

    with PgServer.start() as server:
        url = server.create_database("test_1")   # postgresql://dateline:…@127.0.0.1:PORT/test_1
"""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Self

__all__ = ["PgServer", "find_binaries", "unavailable"]

USER = "dateline"
PASSWORD = "dateline-test-secret"


def find_binaries() -> Path | None:
    """The folder of initdb/pg_ctl/postgres, or None."""
    env = os.environ.get("DATELINE_PG_BIN")
    if env:
        return Path(env) if (Path(env) / "initdb").is_file() else None
    root = Path("/usr/lib/postgresql")
    if not root.is_dir():
        return None
    versions = sorted((p for p in root.iterdir() if (p / "bin" / "initdb").is_file()),
                      key=lambda p: [int(x) for x in re.findall(r"\d+", p.name)] or [0])
    return versions[-1] / "bin" if versions else None


def unavailable() -> str | None:
    """Why no throwaway server can be started here, or None."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install -e '.[postgres]')"
    if find_binaries() is None:
        return "the PostgreSQL server binaries are not installed (apt-get install postgresql)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no 'postgres' user to run the server as"
        if shutil.which("runuser") is None:
            return "running as root and runuser is missing"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PgServer:
    bin: Path
    root: Path
    port: int
    as_user: list[str]

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, database: str = "postgres", password: str = PASSWORD) -> str:
        return f"postgresql://{USER}:{password}@127.0.0.1:{self.port}/{database}"

    @classmethod
    def start(cls) -> Self:
        why = unavailable()
        if why:
            raise RuntimeError(why)
        binaries = find_binaries()
        assert binaries is not None
        root = Path(tempfile.mkdtemp(prefix="dateline-pg-"))
        as_user: list[str] = []
        if os.geteuid() == 0:
            entry = pwd.getpwnam("postgres")
            os.chown(root, entry.pw_uid, entry.pw_gid)
            as_user = ["runuser", "-u", "postgres", "--"]
        os.chmod(root, 0o700)
        server = cls(binaries, root, _free_port(), as_user)
        pwfile = root / "pw"
        pwfile.write_text(PASSWORD + "\n")
        if as_user:
            os.chown(pwfile, pwd.getpwnam("postgres").pw_uid, -1)
        server._run("initdb", "-D", str(server.data), "-U", USER, f"--pwfile={pwfile}", "-E", "UTF8",
                    "--locale=C.UTF-8", "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync")
        pwfile.unlink()
        with open(server.data / "postgresql.conf", "a") as conf:
            conf.write(
                f"port = {server.port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{root}'\n"
                "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\nmax_connections = 200\n"
                "shared_buffers = 128MB\n"
            )
        server.pg_ctl_start()
        return server

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run([*self.as_user, str(self.bin / tool), *args], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, cwd=self.root)

    def pg_ctl_start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "log"), "-w", "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def restart(self) -> None:
        """Stop the server (connections are cut) and start it again."""
        self.stop("fast")
        self.pg_ctl_start()

    def admin(self) -> object:
        import psycopg

        return psycopg.connect(self.url(), autocommit=True)

    def create_database(self, name: str) -> str:
        """A new, empty database; its URL."""
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"'.encode())
        return self.url(name)

    def drop_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'.encode())

    def size(self, name: str) -> int:
        """Bytes of the database ``name`` (tables, indexes, TOAST)."""
        import psycopg

        with psycopg.connect(self.url(name), autocommit=True) as conn:
            row = conn.execute("SELECT pg_database_size(current_database())").fetchone()
        return int(row[0]) if row else 0

    def close(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError, FileNotFoundError):
            self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@contextlib.contextmanager
def database(server: PgServer, name: str) -> Iterator[str]:
    """A fresh database on ``server`` for the duration of the block; its URL."""
    url = server.create_database(name)
    try:
        yield url
    finally:
        server.drop_database(name)


def wait_ready(server: PgServer, timeout: float = 30.0) -> None:
    import psycopg

    deadline = time.monotonic() + timeout
    while True:
        try:
            with psycopg.connect(server.url(), autocommit=True, connect_timeout=2):
                return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
