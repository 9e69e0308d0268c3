"""Costly work (building a timeline, ingesting an upload) in worker processes, so that the
requests that must stay fast (search, an article, the topics, a cached timeline) never wait
behind it.

Why processes: a timeline build is seconds of Python and numpy; in the server's threads it
holds the interpreter lock, so fifty builds made a search wait for seconds. Worker
processes run beside the server instead, at a lower scheduling priority (``nice`` 5), so
the server's own requests get a CPU first.

The pool (:class:`WorkerPool`):

- **bounded**: at most ``workers`` jobs run at once (default: the CPUs this process may use),
  at most ``queue`` more wait (default: four per worker); beyond that :meth:`submit` raises
  :class:`Busy` at once, with a ``Retry-After`` estimate from recent job times (about when
  the first waiting job will have started; the web layer answers ``503``);
- **deadlines**: a job given a ``timeout`` that has not finished by then (counting its time
  in the queue) is stopped and fails with :class:`JobTimeout`;
- **cancellation**: a cancellable job that nobody waits for any more (its clients
  disconnected, :meth:`release`) is dropped from the queue, or stopped if it runs;
- stopping a job means killing its worker process (a build has no safe point to stop at; a
  worker only reads the store, an upload's worker writes in transactions SQLite rolls back);
  a new worker takes its place when the next job comes.

Workers are started from a fork server that has imported what the jobs need once (so a new
worker is ready in milliseconds), and each runs one job at a time, taken from a pipe: a
module-level function and its arguments (:mod:`dateline.web.jobs`). A worker is replaced
after :data:`JOBS_PER_WORKER` jobs, so memory a long-lived worker kept cannot grow without
bound. Jobs are driven from threads (one per running job), so callers in any event loop or
thread can wait on a job's :class:`concurrent.futures.Future`.
"""

from __future__ import annotations

import collections
import concurrent.futures
import contextlib
import logging
import math
import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["JOBS_PER_WORKER", "Busy", "Job", "JobCancelled", "JobFailed", "JobTimeout", "WorkerPool", "cpus"]

log = logging.getLogger("dateline.web")

#: Jobs a worker process runs before it is replaced by a fresh one.
JOBS_PER_WORKER = 200
_NICE = 5  # weight 335 against the server's 1024: it gets a CPU first, builds still progress
_POLL = 0.1  # seconds between looks at a running job's deadline and cancellation
# imported by the fork server once, so that a new worker starts with them (the first build
# then needs no imports; numpy and the date ranker's weights come with dateline.tls)
_PRELOAD = ["dateline.web.jobs", "dateline.tls", "dateline.tls.methods", "dateline.export.json", "dateline.timex"]


def cpus() -> int:
    """The number of CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class Busy(Exception):
    """Every worker is busy and the queue is full: try again in ``retry_after`` seconds."""

    def __init__(self, running: int, waiting: int, retry_after: int) -> None:
        super().__init__(f"{running} jobs running and {waiting} waiting")
        self.running, self.waiting, self.retry_after = running, waiting, retry_after


class JobTimeout(Exception):
    """The job did not finish before its deadline; it was stopped."""

    def __init__(self, seconds: float, started: bool) -> None:
        super().__init__(f"not finished after {seconds:g} s")
        self.seconds, self.started = seconds, started


class JobCancelled(Exception):
    """Nobody waited for the job any more; it was stopped."""


class JobFailed(Exception):
    """The job raised an exception in its worker, or its worker died."""

    def __init__(self, message: str, details: str = "") -> None:
        super().__init__(message)
        self.details = details


@dataclass(eq=False)
class Job:
    """A submitted call ``fn(*args)``; ``future`` holds its result or its exception."""

    fn: Callable[..., Any]
    args: tuple[Any, ...]
    timeout: float | None
    cancellable: bool
    submitted: float = field(default_factory=time.monotonic)
    future: concurrent.futures.Future[Any] = field(default_factory=concurrent.futures.Future)
    waiters: int = 1
    cancelled: threading.Event = field(default_factory=threading.Event)

    @property
    def deadline(self) -> float | None:
        return None if self.timeout is None else self.submitted + self.timeout


class _Worker:
    def __init__(self, ctx: Any) -> None:
        self.conn, child = multiprocessing.Pipe()
        self.process = ctx.Process(target=_serve, args=(child,), daemon=True, name="dateline-worker")
        self.process.start()
        child.close()
        self.jobs = 0

    def stop(self) -> None:
        """Kill the process now (it may be in the middle of a job)."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()

    def retire(self) -> None:
        """Let the process end after its current job (it reads the closed pipe)."""
        self.conn.close()
        self.process.join(timeout=5)


class WorkerPool:
    """A bounded pool of worker processes (see the module docstring)."""

    def __init__(self, workers: int | None = None, queue: int | None = None) -> None:
        self.workers = workers or cpus()
        self.queue_limit = self.workers * 4 if queue is None else queue
        self._lock = threading.Lock()
        self._queue: collections.deque[Job] = collections.deque()
        self._idle: list[_Worker] = []
        self._running = 0
        self._closed = False
        self._durations: collections.deque[float] = collections.deque(maxlen=20)
        self.jobs_done = 0

    # -- submitting -----------------------------------------------------------------------

    def submit(self, fn: Callable[..., Any], *args: Any, timeout: float | None = None,
               cancellable: bool = True) -> Job:
        """Run ``fn(*args)`` in a worker (``fn`` must be a module-level function, its
        arguments and result picklable). Raises :class:`Busy` when the queue is full."""
        job = Job(fn, args, timeout, cancellable)
        with self._lock:
            if self._running < self.workers and not self._queue:
                self._running += 1
                worker = self._idle.pop() if self._idle else None
                threading.Thread(target=self._drive, args=(worker, job), daemon=True,
                                 name="dateline-job").start()
            elif len(self._queue) < self.queue_limit and not self._closed:
                self._queue.append(job)
            else:
                raise Busy(self._running, len(self._queue), self._retry_after())
        return job

    def warm(self) -> None:
        """Start the workers now (in the background), so the first jobs do not wait for
        them; the pool starts them when needed otherwise."""
        threading.Thread(target=self._warm, daemon=True, name="dateline-warm").start()

    def _warm(self) -> None:
        try:
            ctx = _context()
            with self._lock:
                wanted = self.workers - self._running - len(self._idle)
            started = [_Worker(ctx) for _ in range(max(0, wanted))]
        except Exception:  # noqa: BLE001 (a worker that cannot start now is started with its first job)
            log.warning("could not start the worker processes in advance", exc_info=True)
            return
        with self._lock:
            room = self.workers - self._running - len(self._idle)
            keep, extra = started[:max(0, room)], started[max(0, room):]
            if not self._closed:
                self._idle.extend(keep)
            else:
                extra += keep
        for worker in extra:
            worker.stop()

    def join(self, job: Job) -> None:
        """One more caller waits for ``job`` (a build asked for again while it runs)."""
        with self._lock:
            job.waiters += 1

    def release(self, job: Job) -> None:
        """A caller stopped waiting for ``job``; a cancellable job nobody waits for is
        dropped from the queue or stopped."""
        with self._lock:
            job.waiters -= 1
            if job.waiters > 0 or not job.cancellable or job.future.done():
                return
            job.cancelled.set()
            if job in self._queue:
                self._queue.remove(job)
                job.future.set_exception(JobCancelled())

    def retry_after(self) -> int:
        """Seconds a refused caller should wait before asking again."""
        with self._lock:
            return self._retry_after()

    def _retry_after(self) -> int:
        # about when the first job waiting will have started, so there is room again: a
        # typical job's time over the number of workers (the median of the last 20 jobs)
        typical = sorted(self._durations)[len(self._durations) // 2] if self._durations else 1.0
        return max(1, min(60, math.ceil(typical / self.workers)))

    @property
    def stats(self) -> dict[str, int]:
        with self._lock:
            return {"workers": self.workers, "running": self._running, "waiting": len(self._queue),
                    "queue_limit": self.queue_limit, "done": self.jobs_done}

    # -- running --------------------------------------------------------------------------

    def _drive(self, worker: _Worker | None, job: Job | None) -> None:
        """Run ``job``, then the next ones in the queue, on one worker (a thread per worker).
        A job's future is set after the pool has counted it done, so whoever sees it done
        finds the room it left."""
        while job is not None:
            worker, settle = self._run(worker, job)
            with self._lock:
                job = self._next()
                if job is None:
                    self._running -= 1
                    if worker is not None and not self._closed:
                        self._idle.append(worker)
                        worker = None
            settle()
        if worker is not None:  # closed meanwhile
            worker.stop()

    def _next(self) -> Job | None:
        """The next job of the queue that is still wanted (expired ones fail)."""
        now = time.monotonic()
        while self._queue:
            job = self._queue.popleft()
            deadline = job.deadline
            if deadline is not None and now > deadline:
                job.future.set_exception(JobTimeout(job.timeout or 0, started=False))
                continue
            return job
        return None

    def _run(self, worker: _Worker | None, job: Job) -> tuple[_Worker | None, Callable[[], None]]:
        """Run ``job`` on ``worker`` (a new one if None): the worker to use next (None when
        it had to be stopped or is retired), and what sets the job's future."""

        def failed(exc: BaseException) -> Callable[[], None]:
            return lambda: job.future.set_exception(exc)

        if self._closed:
            return worker, failed(JobCancelled())
        started = time.monotonic()
        try:
            if worker is None:
                worker = _Worker(_context())
            worker.conn.send((job.fn, job.args))
            while not worker.conn.poll(_POLL):
                deadline = job.deadline
                if job.cancelled.is_set() or self._closed:
                    worker.stop()
                    return None, failed(JobCancelled())
                if deadline is not None and time.monotonic() > deadline:
                    worker.stop()
                    return None, failed(JobTimeout(job.timeout or 0, started=True))
                if not worker.process.is_alive():
                    raise EOFError
            kind, value, details = worker.conn.recv()
        except (EOFError, OSError) as exc:
            code = None
            if worker is not None:
                worker.process.join(timeout=2)  # it has ended (or is ending): its exit code
                code = worker.process.exitcode
                worker.stop()
            return None, failed(JobFailed(f"the worker process stopped (exit code {code})", repr(exc)))
        except BaseException as exc:  # unpicklable arguments or result, ...
            if worker is not None:
                worker.stop()
            return None, failed(JobFailed(f"{type(exc).__name__}: {exc}", traceback.format_exc()))
        with self._lock:
            self._durations.append(time.monotonic() - started)
            self.jobs_done += 1
        worker.jobs += 1
        if worker.jobs >= JOBS_PER_WORKER:
            worker.retire()
            worker = None
        if kind == "ok":
            return worker, lambda: job.future.set_result(value)
        return worker, failed(JobFailed(value, details))

    # -- stopping -------------------------------------------------------------------------

    def close(self) -> None:
        """Stop every worker now (running jobs fail with :class:`JobCancelled`) and empty the
        queue. The pool can be used again: it starts new workers when asked."""
        with self._lock:
            self._closed = True
            queued, self._queue = list(self._queue), collections.deque()
            idle, self._idle = self._idle, []
        for job in queued:
            job.future.set_exception(JobCancelled())
        for worker in idle:
            worker.stop()
        deadline = time.monotonic() + 5
        while self._running and time.monotonic() < deadline:  # the drivers stop their workers
            time.sleep(0.02)
        with self._lock:
            self._closed = False


_CONTEXT: Any = None
_CONTEXT_LOCK = threading.Lock()


def _context() -> Any:
    """The multiprocessing context workers start from: a fork server that has imported
    the jobs' modules (``fork`` from a threaded server is unsafe; ``spawn`` would import
    everything again for every new worker)."""
    global _CONTEXT
    with _CONTEXT_LOCK:
        if _CONTEXT is None:
            methods = multiprocessing.get_all_start_methods()
            ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
            if ctx.get_start_method() == "forkserver":
                ctx.set_forkserver_preload(_PRELOAD)
            _CONTEXT = ctx
        return _CONTEXT


def _serve(conn: multiprocessing.connection.Connection) -> None:
    """A worker: run the jobs that come through ``conn`` until it is closed."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C reaches the server, which stops the workers
    with contextlib.suppress(AttributeError, OSError):
        os.nice(_NICE)
    while True:
        try:
            fn, args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply: tuple[str, Any, str] = ("ok", fn(*args), "")
        except BaseException as exc:  # reported to the pool, which decides what to say
            reply = ("error", f"{type(exc).__name__}: {exc}", traceback.format_exc())
        try:
            conn.send(reply)
        except (BrokenPipeError, OSError):
            return
        except Exception as exc:  # a result that cannot be pickled
            conn.send(("error", f"{type(exc).__name__}: {exc}", traceback.format_exc()))
