"""Annotation on a Dask cluster (dateline.annotate.cluster; `dateline ingest --workers N`,
`--scheduler ADDRESS`): the same store as in one process, on the sample corpus and on
Timeline17 folders; a worker killed mid-ingest; Ctrl-C; a scheduler that does not answer.

Every cluster here is a real one (dask.distributed LocalCluster, worker processes)."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from _shared import SAMPLE, need_sample, need_timeline17

distributed = pytest.importorskip("distributed")

from dateline.annotate import default_tagger, ingest  # noqa: E402
from dateline.annotate.cluster import DaskExecutor, executor  # noqa: E402
from dateline.model import AnnotatedArticle  # noqa: E402
from dateline.readers import scan  # noqa: E402
from dateline.store import open_store  # noqa: E402

pytestmark = pytest.mark.slow

DATELINE = str(Path(sys.executable).parent / "dateline")
# Two small Timeline17 folders of different topics (273 and 286 articles).
T17_FOLDERS = ("EgyptianProtest_cnn", "bpoil_foxnews")


def run(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([DATELINE, *args], capture_output=True, text=True, timeout=600)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def contents(db: Path | str) -> list[AnnotatedArticle]:
    """Every stored article with its sentences, time expressions, tagger and story, in the
    store's order (publication day, then ingest order)."""
    with open_store(str(db)) as store:
        out = []
        for article in store.articles(limit=None):
            ann = store.annotated(article.id)
            assert ann is not None
            out.append(ann)
        return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def live_processes_in_group(pgid: int, wait: float) -> list[str]:
    """The processes of group ``pgid`` that have not exited (zombies waiting to be reaped by
    init have), after waiting up to ``wait`` seconds for them to end."""
    import psutil

    deadline = time.monotonic() + wait
    while True:
        live = []
        for p in psutil.process_iter(["pid", "status", "cmdline"]):
            try:
                if os.getpgid(p.info["pid"]) == pgid and p.info["status"] != psutil.STATUS_ZOMBIE:
                    live.append(" ".join(p.info["cmdline"] or []))
            except (ProcessLookupError, psutil.Error):
                continue
        if not live or time.monotonic() > deadline:
            return live
        time.sleep(0.2)


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """A local cluster of two worker processes, as `dask scheduler` + `dask worker` would
    give (used through its address, like any existing cluster)."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      scheduler_kwargs={"dashboard_address": "127.0.0.1:0"}) as c:
        yield c


def test_sample_corpus_same_with_two_workers(tmp_path: Path) -> None:
    need_sample()
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    first = run("ingest", str(SAMPLE / "articles"), "--db", str(one), "--json")
    second = run("ingest", str(SAMPLE / "articles"), "--db", str(two), "--json", "--workers", "2")
    assert first.stdout == second.stdout  # ids in reading order, counts, rejections, stories joined
    a, b = contents(one), contents(two)
    assert len(a) == len(json.loads(first.stdout)["ids"]) > 50 and sum(len(x.sentences) for x in a) > 500
    assert sum(len(t) for x in a for t in x.timexes) > 100
    assert a == b
    timelines = [run("timeline", "--keywords", "bridge", "--db", str(db)).stdout for db in (one, two)]
    assert "Fenwick" in timelines[0]
    assert timelines[0] == timelines[1]


def test_timeline17_same_with_workers_and_scheduler(tmp_path: Path, cluster: Any) -> None:
    t17 = need_timeline17()
    folders = [str(t17 / f) for f in T17_FOLDERS]
    dbs = {name: tmp_path / f"{name}.db" for name in ("one", "two", "scheduler")}
    reports = {
        "one": run("ingest", *folders, "--db", str(dbs["one"]), "--json", "--workers", "1").stdout,
        "two": run("ingest", *folders, "--db", str(dbs["two"]), "--json", "--workers", "2",
                   "--batch-size", "100").stdout,
        "scheduler": run("ingest", *folders, "--db", str(dbs["scheduler"]), "--json",
                         "--scheduler", cluster.scheduler_address, "--batch-size", "100").stdout,
    }
    reference = contents(dbs["one"])
    assert len(reference) > 500
    assert sum(len(t) for x in reference for t in x.timexes) > 5000
    for name in ("two", "scheduler"):
        assert contents(dbs[name]) == reference, name
    # the JSON report differs only where the batch size shows: nothing; ids in reading order
    assert reports["two"] == reports["one"] == reports["scheduler"]
    for topic_args in (("--keywords", "oil,spill"), ("--keywords", "mubarak,protest")):
        outs = {run("timeline", *topic_args, "--db", str(db)).stdout for db in dbs.values()}
        assert len(outs) == 1 and len(next(iter(outs)).splitlines()) > 10


def test_timeline17_two_workers_into_postgres(tmp_path: Path, pg_url: str) -> None:
    """`--workers 2` into PostgreSQL stores what one process stores into SQLite."""
    t17 = need_timeline17()
    folders = [str(t17 / f) for f in T17_FOLDERS]
    sqlite_db = tmp_path / "one.db"
    one = run("ingest", *folders, "--db", str(sqlite_db), "--json").stdout
    two = run("ingest", *folders, "--db", pg_url, "--json", "--workers", "2", "--batch-size", "100").stdout
    assert one == two
    reference = contents(sqlite_db)
    assert len(reference) > 500
    assert contents(pg_url) == reference
    args = ("timeline", "--keywords", "oil,spill", "--db")
    assert run(*args, pg_url).stdout == run(*args, str(sqlite_db)).stdout


def test_executor_order_and_bound(cluster: Any) -> None:
    """Results come in input order, and at most `in_flight` batches are taken from the
    input ahead of the results consumed."""
    from distributed import Client

    with Client(cluster.scheduler_address, set_as_default=False) as client:
        ex = DaskExecutor(client, in_flight=3)
        taken = 0

        def batches() -> Iterator[list[int]]:
            nonlocal taken
            # later batches are smaller, so they would finish first if order were not kept
            for n in range(30, 0, -1):
                taken += 1
                yield list(range(n * 1000))

        got = []
        for i, result in enumerate(ex.map(sum, batches())):
            assert taken - i <= 3 + 1  # in flight, plus the one whose result is being handed out
            got.append(result)
        assert got == [sum(range(n * 1000)) for n in range(30, 0, -1)]


@pytest.mark.parametrize("allowed_failures", [0, 3])
def test_worker_killed_mid_ingest(tmp_path: Path, allowed_failures: int) -> None:
    """A worker process killed (SIGKILL) while it annotates a batch: the ingest completes
    with the same store as in one process, nothing lost, nothing doubled. With
    allowed-failures 0 the scheduler gives up on the batch at once and the executor
    submits it again; with 3 (Dask's default) the scheduler moves it to another worker."""
    import dask
    from distributed import Client, LocalCluster

    t17 = need_timeline17()
    folder = t17 / "LibyaWar_cnn"
    tagger = default_tagger()
    with open_store(str(tmp_path / "ref.db")) as store:
        ref_result = ingest(store, scan([folder]), tagger=tagger, batch_size=50)
    reference = contents(tmp_path / "ref.db")

    killed: list[int] = []
    with (dask.config.set({"distributed.scheduler.allowed-failures": allowed_failures}),
          LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      scheduler_kwargs={"dashboard_address": "127.0.0.1:0"}) as lc,
          Client(lc, set_as_default=False) as client):
        pids = client.run(os.getpid)

        def kill_a_busy_worker() -> None:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                busy = [w for w, keys in client.processing().items() if keys and w in pids]
                if busy:
                    # a batch started a moment ago: the worker is tagging it
                    time.sleep(0.3)
                    os.kill(pids[busy[0]], signal.SIGKILL)
                    killed.append(pids[busy[0]])
                    return
                time.sleep(0.05)

        ex = DaskExecutor(client)
        killer = threading.Thread(target=kill_a_busy_worker)
        killer.start()
        with open_store(str(tmp_path / "dask.db")) as store:
            result = ingest(store, scan([folder]), tagger=tagger, batch_size=50, executor=ex)
        killer.join()
    assert killed, "no worker was killed"
    if allowed_failures == 0:
        assert ex.resubmitted >= 1
    assert result.to_dict() == ref_result.to_dict()
    assert result.added == len(reference) > 350
    assert contents(tmp_path / "dask.db") == reference
    with sqlite3.connect(tmp_path / "dask.db") as db:
        assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == len(reference)
        assert db.execute("SELECT count(*), count(DISTINCT id) FROM articles").fetchone() == (len(reference),) * 2


def test_ctrl_c_stops_cleanly_and_rerun_finishes(tmp_path: Path) -> None:
    """SIGINT to the whole process group (what a terminal's Ctrl-C does) while batches are
    in flight: exit 130, one message, no traceback from the client or a worker, no process
    left; the same command run again stores the rest."""
    t17 = need_timeline17()
    folder = str(t17 / "LibyaWar_reuters")
    db = tmp_path / "ctrl-c.db"
    cmd = [DATELINE, "ingest", folder, "--db", str(db), "--workers", "2", "--batch-size", "25"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 180
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
        if db.exists():
            try:
                with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as con:
                    stored = con.execute("SELECT count(*) FROM articles").fetchone()[0]
            except sqlite3.OperationalError:
                continue
            if stored:
                break
    assert proc.poll() is None and stored, "the ingest ended before it could be interrupted"
    os.killpg(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "Error" not in err, err
    assert err.strip().startswith("interrupted: every committed batch is kept"), err
    assert len(err.strip().splitlines()) == 1, err
    assert live_processes_in_group(proc.pid, wait=15) == []  # the workers are gone too
    with sqlite3.connect(db) as con:
        partial = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    rerun = json.loads(run("ingest", folder, "--db", str(db), "--json").stdout)
    assert 0 < partial == rerun["present"] and rerun["added"] > 0
    total = partial + rerun["added"]
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*), count(DISTINCT id) FROM articles").fetchone() == (total, total)
    reference = json.loads(run("ingest", folder, "--db", str(tmp_path / "ref.db"), "--json").stdout)
    assert reference["added"] == total


@pytest.mark.parametrize("command", ["ingest", "retag"])
def test_scheduler_that_does_not_answer(tmp_path: Path, command: str) -> None:
    need_sample()
    db = tmp_path / "never.db"
    address = f"tcp://127.0.0.1:{free_port()}"
    args = ["ingest", str(SAMPLE / "articles")] if command == "ingest" else ["retag"]
    proc = run(*args, "--db", str(db), "--scheduler", address, "--connect-timeout", "1", check=False)
    assert proc.returncode == 1
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: no Dask scheduler answered at {address} within 1 s")
    assert not list(tmp_path.iterdir())  # nothing written, not even an empty database


def test_workers_and_scheduler_together_is_a_usage_error(tmp_path: Path) -> None:
    proc = run("ingest", str(SAMPLE / "articles"), "--db", str(tmp_path / "x.db"), "--workers", "2",
               "--scheduler", "tcp://127.0.0.1:1", check=False)
    assert proc.returncode == 2 and "not both" in proc.stderr
    assert not list(tmp_path.iterdir())


def test_retag_on_workers_matches_in_process(tmp_path: Path, cluster: Any) -> None:
    need_sample()
    dbs = [tmp_path / "a.db", tmp_path / "b.db"]
    for db in dbs:
        run("ingest", str(SAMPLE / "articles"), "--db", str(db), "--no-tag")
    first = run("retag", "--db", str(dbs[0]))
    out = run("retag", "--db", str(dbs[1]), "--scheduler", cluster.scheduler_address, "--batch-size", "10")
    n = len(contents(dbs[0]))
    assert n > 50
    assert out.stdout == first.stdout and out.stdout.startswith(f"{n} articles re-tagged")
    assert contents(dbs[0]) == contents(dbs[1])
    assert sum(len(t) for x in contents(dbs[1]) for t in x.timexes) > 100


def test_one_worker_is_in_process() -> None:
    """--workers 1 without a scheduler is today's path: no Dask involved."""
    from dateline.annotate.executor import InProcess

    with executor(1) as ex:
        assert isinstance(ex, InProcess)


def _worker_settings() -> tuple[str | None, bool, str]:
    import dask.config

    return (os.environ.get("MALLOC_TRIM_THRESHOLD_"), bool(dask.config.get("distributed.worker.profile.enabled")),
            str(dask.config.get("distributed.admin.tick.interval")))


def test_local_workers_run_with_the_fast_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """The workers of --workers N start without Dask's MALLOC_TRIM_THRESHOLD_ (it makes
    tagging 15-25% slower), without the statistical profiler, with slow ticks."""
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)
    import dask.config

    assert dask.config.get("distributed.nanny.pre-spawn-environ")["MALLOC_TRIM_THRESHOLD_"] is not None  # Dask's default
    with executor(2) as ex:
        assert isinstance(ex, DaskExecutor)
        settings = ex.client.run(_worker_settings)
    assert len(settings) == 2
    assert set(settings.values()) == {(None, False, "1000ms")}


def test_annotate_entities_on_workers_matches_in_process(tmp_path: Path) -> None:
    """`dateline annotate --entities --workers 2` finds the entities one process finds."""
    from dateline.entities import recognise

    if not recognise.available() and not os.environ.get("DATELINE_REQUIRE_ENTITIES"):
        pytest.skip("the entities extra is not installed (make installs it)")
    need_sample()
    dbs = [tmp_path / "a.db", tmp_path / "b.db"]
    for db in dbs:
        run("ingest", str(SAMPLE / "articles"), "--db", str(db), "--no-tag")
    run("annotate", "--entities", "--db", str(dbs[0]))
    run("annotate", "--entities", "--db", str(dbs[1]), "--workers", "2", "--batch-size", "10")
    found = []
    for db in dbs:
        with open_store(str(db)) as store:
            found.append([e.to_dict() for e in store.entities()])
    assert len(found[0]) > 20
    assert found[0] == found[1]
