"""The web app under hostile requests and load: every bad request is a 4xx with the app's
JSON error (never a 500, and the keep-alive connection survives any answer); an upload
stores what is good and reports what is not; the worker pool bounds the builds (503 with
Retry-After beyond it, deadlines, cancellation when nobody waits), keeps cheap requests
free of them, and the server stops promptly on SIGTERM."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from _web import build_sample_db, copy_db, free_port, sample_location, serve
from conftest import BACKENDS
from dateline.web import create_app
from dateline.web.state import ClientGone, State
from dateline.web.workers import Busy, JobCancelled, JobFailed, JobTimeout, WorkerPool

TOPIC = "fenwick bridge"
GOOD_LINE = '{"published": "2024-05-01", "title": "upload %d", "text": "The bridge reopened on Monday."}'
WAIT = 60  # seconds any single wait below may take before the test fails as hung


@pytest.fixture(scope="module", params=BACKENDS)
def sample_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_sample_db(sample_location(request, tmp_path_factory, "hostile-web"))


@pytest.fixture(scope="module")
def client(sample_db: str) -> TestClient:
    return TestClient(create_app(str(sample_db), read_only=True), raise_server_exceptions=False)


@pytest.fixture
def writable(sample_db: str, tmp_path: Path) -> tuple[TestClient, str]:
    db = copy_db(sample_db, tmp_path / "copy.db")
    return TestClient(create_app(str(db)), raise_server_exceptions=False), db


def _json_error(response: Any) -> dict[str, Any]:
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:300])
    assert response.headers["content-type"].startswith("application/json"), response.headers
    body = response.json()
    assert set(body) >= {"error", "message"} and body["message"], body
    return dict(body)


_QUERIES = ["*", "* bridge", "bridge AND", "NEAR(", '"', "a:b", "title:", "^", "(((", "x OR", "NOT x", "\x00",
            "-x", "bridge NEAR/3 x", "{title text}:", "\ufffd\u0301"]
_NUMBERS = ["²", "--5", "１０", "٣", "1_0", "+5", " 5", "0x10", "5.0", "9" * 30, "-1", "", "NaN", "true"]


def test_bad_search_queries_are_400_with_the_reason(client: TestClient) -> None:
    for q in _QUERIES:
        for url in ("/api/search", "/api/articles"):
            r = client.get(url, params={"q": q})
            if r.status_code == 200:  # FTS5 accepted it (an empty "-x" column filter, ...)
                continue
            body = _json_error(r)
            assert body["error"] in ("bad_query", "invalid_parameter", "invalid_request"), (q, body)
            if body["error"] == "bad_query":
                assert "search query" in body["message"] or "not text" in body["message"]
        page = client.get("/search", params={"q": q})
        assert page.status_code in (200, 303, 400, 422), (q, page.status_code)


def test_numbers_are_read_strictly(client: TestClient) -> None:
    for value in _NUMBERS:
        r = client.get("/api/articles", params={"limit": value})
        if value in ("", "5"):
            continue
        body = _json_error(r)
        assert body["error"] in ("invalid_request", "invalid_parameter"), (value, body)
        page = client.get("/timeline", params={"topic": TOPIC, "dates": value})
        form_ok = value.strip() in ("", "5")  # a form field is used without surrounding white space
        assert page.status_code == (200 if form_ok else 422), (value, page.status_code)
        article = client.get("/articles/nope", params={"s": value})
        assert article.status_code == 404
        r = client.post("/api/timelines", json={"topic": TOPIC, "dates": value})
        if value != "":
            assert _json_error(r)["error"] in ("invalid_request", "invalid_parameter", "limit_exceeded"), value
    others: list[Any] = [True, 5.0, 5.5, "5 ", [5], {"n": 5}]
    for other in others:
        assert _json_error(client.post("/api/timelines", json={"topic": TOPIC, "dates": other}))["error"] == \
            "invalid_request", other
    assert client.post("/api/timelines", json={"topic": TOPIC, "dates": "3"}).status_code == 200  # ASCII digits


def test_hostile_json_bodies_are_4xx(client: TestClient) -> None:
    bodies = [
        b'{"query": "\\ud800"}', b'{"topic": "\\udc00x"}', b'{"\\ud800": 1, "topic": "x"}',
        b'{"keywords": ["\\ud83d"]}', b'{"topic": "x", "dates": ' + b"9" * 5000 + b"}",
        b'{"topic": "x", "k": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", b'{"topic": "x", "dates": NaN}',
        b'{"topic": "\xe9"}', b"\xff\xfe{\x00}\x00", b"", b"[]", b"null", b'"x"', b"{" * 60_000,
        b'{"topic": "x", "title": "' + b"\\u0000" * 10 + b'"}',
    ]
    for body in bodies:
        r = client.post("/api/timelines", content=body, headers={"content-type": "application/json"})
        if r.status_code == 200:
            continue
        err = _json_error(r)
        json.dumps(err)  # encodable, whatever the request held
        assert "\ud800" not in r.text


def test_an_upload_stores_what_is_good_and_reports_the_rest(writable: tuple[TestClient, str]) -> None:
    client, db = writable
    lines = [
        GOOD_LINE % 1,
        '{"published": "2024-05-01", "title": "s", "text": "\\ud800"}',
        '{"published": "2024-05-01", "title": "n", "text": "t", "x": ' + "9" * 5000 + "}",
        '{"published": "2024-05-01", "title": "d", "text": "t", "x": ' + "[" * 50_000 + "]" * 50_000 + "}",
        GOOD_LINE % 2,
        '{"published": "0001-01-01", "title": "old", "text": "t"}',
        '{"published": "2024-05-01", "title": "z", "text": "a\\u0000b"}',
        GOOD_LINE % 3,
    ]
    r = client.post("/api/articles", params={"filename": "batch.jsonl"}, content="\n".join(lines).encode())
    assert r.status_code == 200, r.text[:500]
    report = r.json()
    assert report["added"] == 3
    assert [(x["path"], x["line"]) for x in report["rejected"]] == [("batch.jsonl", n) for n in (2, 3, 4, 6, 7)]
    assert all(x["reason"] for x in report["rejected"])
    files = [
        ("files", ("good.txt", b"date 2024-05-02 UPLOAD\n\nA good one\n\nARDWELL (WKDL) -- Body on Monday.\n")),
        ("files", ("bad.jsonl", ("\n".join([GOOD_LINE % 4, '{"published": "2024-05-01", "title": "s", "text": '
                                            '"\\udc00"}'])).encode())),
        ("files", ("blob.bin", bytes(range(256)) * 4)),
        ("files", ("u16.txt", "date 2024-05-03 UPLOAD\n\nUTF-16\n\nARDWELL (WKDL) -- Body.\n".encode("utf-16"))),
        ("files", ("cr.txt", b"date 2024-05-04 UPLOAD\r\rCR only\r\rARDWELL (WKDL) -- Body.\r")),
        ("files", ("\x1b[31mred.txt", b"date 0001-01-01 UPLOAD\n\nOld\n\nBody.\n")),
    ]
    r = client.post("/api/articles", files=files)
    assert r.status_code == 200, r.text[:500]
    report = r.json()
    assert report["added"] == 4  # good.txt, the good line of bad.jsonl, u16.txt, cr.txt
    assert sorted((x["path"], x["line"]) for x in report["rejected"]) == [
        ("[31mred.txt", 1), ("bad.jsonl", 2), ("blob.bin", 1)]
    titles = {a["title"] for a in client.get("/api/articles", params={"limit": 500}).json()["items"]}
    assert {"upload 1", "upload 2", "upload 3", "upload 4", "A good one", "UTF-16", "CR only"} <= titles


def _http(sock: socket.socket, method: str, path: str, body: bytes = b"",
          headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """One HTTP/1.1 request on an open keep-alive socket, and its answer."""
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {len(body)}\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items()) + "\r\n"
    sock.sendall(head.encode("latin-1") + body)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, "the server closed the connection"
        data += chunk
    top, _, rest = data.partition(b"\r\n\r\n")
    lines = top.decode("latin-1").split("\r\n")
    fields = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in lines[1:])}
    size = int(fields["content-length"])
    while len(rest) < size:
        chunk = sock.recv(65536)
        assert chunk, "the server closed the connection"
        rest += chunk
    return int(lines[0].split()[1]), fields, rest


_HOSTILE = [
    ("GET", "/api/search?q=*", b""),
    ("GET", "/api/search?q=%ED%A0%80", b""),
    ("GET", "/api/articles?limit=%C2%B2", b""),
    ("GET", "/api/articles?limit=--5", b""),
    ("GET", "/timeline?topic=water+rates&dates=--5", b""),
    ("GET", "/articles/x?s=%C2%B2", b""),
    ("POST", "/api/timelines", b'{"query": "\\ud800"}'),
    ("POST", "/api/timelines", b'{"topic": "x", "dates": ' + b"9" * 5000 + b"}"),
    ("POST", "/api/timelines", b"{" * 30_000),
    ("POST", "/api/timelines", b'{"topic": "zeppelin-nothing"}'),
    ("GET", "/api/articles/" + "x" * 300, b""),
    ("GET", "/nowhere", b""),
    ("DELETE", "/api/topics", b""),
]


def test_keep_alive_survives_every_error_answer(sample_db: str) -> None:
    with serve(sample_db, "--read-only") as (base, _):
        port = int(base.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=WAIT) as sock:
            for method, path, body in _HOSTILE:
                ctype = {"content-type": "application/json"} if body else {}
                status, headers, payload = _http(sock, method, path, body, ctype)
                assert status < 500, (path, status, payload[:200])
                assert headers.get("connection", "").lower() != "close", (path, headers)
            status, _, payload = _http(sock, "GET", "/api/topics")  # the same connection still works
            assert status == 200 and json.loads(payload)["items"]


@pytest.fixture
def live(sample_db: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    """The app in this process under uvicorn (so a failure can be planted), on a free port."""
    import uvicorn

    from dateline.store import open_store

    with open_store(sample_db) as opened:
        backend_class = type(opened)

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("a bug the app did not expect")

    monkeypatch.setattr(backend_class, "topics", broken)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(str(sample_db), read_only=True), port=port, log_level="critical"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + WAIT
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.05)
    yield port
    server.should_exit = True
    thread.join(WAIT)


def test_an_unexpected_error_is_a_500_that_keeps_the_connection(live: int) -> None:
    with socket.create_connection(("127.0.0.1", live), timeout=WAIT) as sock:
        status, headers, payload = _http(sock, "GET", "/api/topics")
        assert status == 500 and json.loads(payload)["error"] == "internal_error"
        assert b"a bug" not in payload and headers.get("connection", "").lower() != "close"
        status, _, payload = _http(sock, "GET", "/api/search?q=bridge")
        assert status == 200 and json.loads(payload)["items"]


# -- the worker pool ---------------------------------------------------------------------


def test_the_pool_is_bounded_and_refuses_beyond_its_queue() -> None:
    pool = WorkerPool(workers=1, queue=1)
    try:
        running = pool.submit(time.sleep, WAIT)
        waiting = pool.submit(time.sleep, WAIT)
        with pytest.raises(Busy) as refused:
            pool.submit(time.sleep, 0)
        assert refused.value.running == 1 and refused.value.waiting == 1 and refused.value.retry_after >= 1
        pool.release(waiting)  # nobody waits for it: dropped from the queue
        with pytest.raises(JobCancelled):
            waiting.future.result(timeout=WAIT)
        pool.release(running)  # nobody waits for it: its worker is stopped
        with pytest.raises(JobCancelled):
            running.future.result(timeout=WAIT)
        assert pool.submit(os.getpid).future.result(timeout=WAIT) != os.getpid()  # a new worker does the next job
    finally:
        pool.close()


def test_a_job_past_its_deadline_is_stopped() -> None:
    pool = WorkerPool(workers=1, queue=2)
    try:
        first = pool.submit(os.getpid).future.result(timeout=WAIT)
        slow = pool.submit(time.sleep, WAIT, timeout=0.5)
        queued = pool.submit(time.sleep, 0, timeout=0.2)  # its deadline passes while it waits
        with pytest.raises(JobTimeout) as stopped:
            slow.future.result(timeout=WAIT)
        assert stopped.value.started
        with pytest.raises(JobTimeout) as expired:
            queued.future.result(timeout=WAIT)
        assert not expired.value.started
        second = pool.submit(os.getpid).future.result(timeout=WAIT)
        assert second != first  # the worker running the slow job was killed and replaced
    finally:
        pool.close()


def test_a_job_with_two_callers_runs_until_both_leave() -> None:
    pool = WorkerPool(workers=1, queue=0)
    try:
        job = pool.submit(time.sleep, 0.5)
        pool.join(job)
        pool.release(job)  # one of the two left
        assert job.future.result(timeout=WAIT) is None
    finally:
        pool.close()


def test_failures_in_a_worker_are_reported_not_raised_in_the_server() -> None:
    pool = WorkerPool(workers=1, queue=2)
    try:
        with pytest.raises(JobFailed, match="ValueError: invalid literal"):
            pool.submit(int, "x").future.result(timeout=WAIT)
        with pytest.raises(JobFailed, match="exit code 3"):
            pool.submit(os._exit, 3).future.result(timeout=WAIT)
        assert pool.submit(len, "abc").future.result(timeout=WAIT) == 3
    finally:
        pool.close()


def test_close_stops_everything_and_the_pool_starts_again() -> None:
    pool = WorkerPool(workers=1, queue=1)
    pool.warm()  # workers started in advance (as the server does when it starts) are used like others
    assert pool.submit(len, "abc").future.result(timeout=WAIT) == 3
    running, waiting = pool.submit(time.sleep, WAIT), pool.submit(time.sleep, WAIT)
    pool.close()
    for job in (running, waiting):
        with pytest.raises(JobCancelled):
            job.future.result(timeout=WAIT)
    try:
        assert pool.submit(len, "ab").future.result(timeout=WAIT) == 2
    finally:
        pool.close()


# -- the pool behind the app ---------------------------------------------------------------


def test_a_full_pool_is_503_with_retry_after_and_cheap_requests_do_not_wait(sample_db: str, tmp_path: Path) -> None:
    pool = WorkerPool(workers=1, queue=0)
    db = copy_db(sample_db, tmp_path / "busy.db")
    client = TestClient(create_app(str(db), pool=pool), raise_server_exceptions=False)
    try:
        blocker = pool.submit(time.sleep, WAIT)
        r = client.post("/api/timelines", json={"topic": TOPIC, "dates": 4})
        assert r.status_code == 503 and r.json()["error"] == "busy" and r.headers["retry-after"].isdigit()
        page = client.get("/timeline", params={"topic": TOPIC, "dates": 4})
        assert page.status_code == 503 and page.headers["retry-after"].isdigit()
        assert "busy" in page.text or "try again" in page.text
        up = client.post("/api/articles", params={"filename": "x.jsonl"}, content=(GOOD_LINE % 9).encode())
        assert up.status_code == 503 and up.json()["error"] == "busy"
        for url in ("/api/search?q=bridge", "/api/topics", "/api/articles?limit=3", "/"):
            assert client.get(url).status_code == 200, url
        pool.release(blocker)
        with pytest.raises(JobCancelled):
            blocker.future.result(timeout=WAIT)
        assert client.post("/api/timelines", json={"topic": TOPIC, "dates": 4}).status_code == 200
    finally:
        pool.close()


class _StayingRequest:
    """What a handler sees of a client that stays connected."""

    async def receive(self) -> dict[str, Any]:
        await asyncio.sleep(WAIT)
        return {"type": "http.disconnect"}


def test_work_past_its_deadline_is_503_build_timeout(sample_db: str) -> None:
    from dateline.web.errors import ApiError

    pool = WorkerPool(workers=1, queue=1)
    state = create_app(str(sample_db), read_only=True, pool=pool).state.dateline
    assert isinstance(state, State)
    try:
        running = pool.submit(time.sleep, WAIT, timeout=0.5)
        waiting = pool.submit(time.sleep, 0, timeout=0.3)  # never starts before its deadline
        for job, code in ((running, "build_timeout"), (waiting, "busy")):
            with pytest.raises(ApiError) as answer:
                asyncio.run(state._wait(job, _StayingRequest()))  # type: ignore[arg-type]
            assert answer.value.status_code == 503 and answer.value.code == code
            assert answer.value.headers is not None and answer.value.headers["retry-after"].isdigit()
    finally:
        pool.close()


class _GoneRequest:
    """What a handler sees of a client that has disconnected."""

    async def receive(self) -> dict[str, Any]:
        return {"type": "http.disconnect"}


def test_a_build_whose_client_left_is_stopped(sample_db: str) -> None:
    pool = WorkerPool(workers=1, queue=1)
    app = create_app(str(sample_db), read_only=True, pool=pool)
    state = app.state.dateline
    assert isinstance(state, State)
    try:
        job = pool.submit(time.sleep, WAIT)
        with pytest.raises(ClientGone):
            asyncio.run(state._wait(job, _GoneRequest()))  # type: ignore[arg-type]
        with pytest.raises(JobCancelled):
            job.future.result(timeout=WAIT)
    finally:
        pool.close()


def test_sigterm_stops_the_server_and_its_workers(sample_db: str, tmp_path: Path) -> None:
    db = copy_db(sample_db, tmp_path / "term.db")
    with serve(db) as (base, proc):
        port = int(base.rsplit(":", 1)[1])
        answers: list[int] = []

        def ask(n: int) -> None:
            with socket.create_connection(("127.0.0.1", port), timeout=WAIT) as sock:
                try:
                    body = json.dumps({"topic": TOPIC, "dates": 2 + n, "per_date": 2}).encode()
                    answers.append(_http(sock, "POST", "/api/timelines", body, {"content-type": "application/json"})[0])
                except (AssertionError, OSError):
                    answers.append(0)  # the server closed the connection on its way out

        threads = [threading.Thread(target=ask, args=(n,)) for n in range(12)]
        for t in threads:
            t.start()
        time.sleep(0.3)
        children = _children(proc.pid)
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=WAIT)  # a hang guard, not a timing: bench/web.py measures the seconds
        for t in threads:
            t.join(WAIT)
        assert set(answers) <= {0, 200, 503}, answers
        _, err = proc.communicate()
        assert "Traceback" not in err, err[-2000:]
    deadline = time.monotonic() + WAIT
    while any(Path(f"/proc/{pid}").exists() and _state(pid) != "Z" for pid in children):
        assert time.monotonic() < deadline, "worker processes outlived the server"
        time.sleep(0.1)


def _children(pid: int) -> list[int]:
    """Every descendant of ``pid`` (Linux /proc)."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                ppid = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            parents.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"
