"""Annotation on a Dask cluster: an :class:`~dateline.annotate.executor.Executor` whose
batches run as tasks on dask.distributed workers (the ``scale`` extra).

The pipeline is unchanged: the client (the process running ``dateline ingest``) reads the
inputs, cuts them into batches and writes every annotated batch to the store itself, in
input order, one transaction each. Only ``fn(batch)`` — sentence splitting, temporal
tagging, near-duplicate signatures — runs on the workers. A batch travels to its worker
as the parsed articles themselves (pickled), so workers need no access to the client's
files, URLs or database: they need dateline installed (the same version, which
:func:`executor` checks) and nothing else.

::

    from dateline.annotate import ingest
    from dateline.annotate.cluster import executor

    with executor(workers=2) as ex:          # a LocalCluster of 2 processes
        ingest(store, items, executor=ex)
    with executor(scheduler="tcp://10.0.0.5:8786") as ex:   # an existing cluster
        ingest(store, items, executor=ex)

:class:`DaskExecutor` keeps at most ``in_flight`` batches submitted (so reading never
runs far ahead of annotating, and memory stays bounded), yields the results in input
order, and submits a batch again when the worker running it died (the scheduler itself
moves a dead worker's tasks to another worker a few times; when it gives up, a batch is
submitted again up to ``retries`` times). Interrupting the consumer (Ctrl-C) cancels what
is in flight; leaving :func:`executor` closes the client and the cluster it started.

dask is imported only when an executor is made: ``import dateline`` does not need it.
"""

from __future__ import annotations

import contextlib
import logging
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from dateline.errors import DatelineError

if TYPE_CHECKING:
    from dateline.annotate.executor import Executor

__all__ = ["ClusterError", "DaskExecutor", "dask_setup", "executor", "worker_versions"]

T = TypeVar("T")
R = TypeVar("R")

#: Seconds to wait for a scheduler to answer, by default.
CONNECT_TIMEOUT = 10.0
#: Times a batch is submitted again after the scheduler gave up on it (its workers died).
RETRIES = 3
INSTALL_HINT = "pip install 'dateline[scale]'"


class ClusterError(DatelineError):
    """The cluster cannot be reached or cannot run the batches."""


class DaskExecutor:
    """Runs ``fn`` over batches as tasks of a ``distributed.Client``, at most ``in_flight``
    at a time (default: two per worker thread), results in input order."""

    def __init__(self, client: Any, *, in_flight: int | None = None, retries: int = RETRIES) -> None:
        self.client = client
        if in_flight is None:
            threads = sum(client.nthreads().values()) or 1
            in_flight = 2 * threads
        self.in_flight = max(1, in_flight)
        self.retries = retries
        self.resubmitted = 0  # batches submitted again after their workers died

    def map(self, fn: Callable[[T], R], batches: Iterable[T]) -> Iterator[R]:
        from distributed import KilledWorker

        pending: deque[tuple[int, T, Any, int]] = deque()  # (sequence number, batch, future, tries)
        source = iter(batches)
        seq = 0

        def submit(n: int, batch: T) -> Any:
            # Earlier batches first: the writer waits for them in order.
            return self.client.submit(fn, batch, pure=False, priority=-n)

        def fill() -> None:
            nonlocal seq
            while len(pending) < self.in_flight:
                batch = next(source, None)
                if batch is None:
                    return
                pending.append((seq, batch, submit(seq, batch), 0))
                seq += 1

        try:
            fill()
            while pending:
                n, batch, future, tries = pending[0]
                try:
                    result = future.result()
                except KilledWorker as exc:
                    if tries >= self.retries:
                        raise ClusterError(f"a batch was lost {tries + 1} times with the workers running it "
                                           f"({exc}); every batch before it is stored, run the same command "
                                           "again to finish") from None
                    self.resubmitted += 1
                    pending[0] = (n, batch, submit(n, batch), tries + 1)
                    continue
                except _cancelled() as exc:
                    raise ClusterError(f"the cluster cancelled a batch (lost the scheduler? {exc or 'no reason given'}); "
                                       "every batch before it is stored, run the same command again to finish") from None
                pending.popleft()
                del future, batch
                fill()  # keep the workers busy while the consumer writes this result
                yield result
        finally:
            futures = [f for _, _, f, _ in pending]
            pending.clear()
            if futures:
                with contextlib.suppress(Exception):
                    self.client.cancel(futures)


def _cancelled() -> tuple[type[BaseException], ...]:
    import asyncio
    import concurrent.futures

    from distributed.client import FutureCancelledError

    return (FutureCancelledError, concurrent.futures.CancelledError, asyncio.CancelledError)


def worker_versions() -> tuple[str, str, bool]:
    """What a worker runs: (dateline version, tagger version, whether near-duplicate
    signatures can be computed). Run on every worker by :func:`executor` before anything
    is submitted."""
    from dateline import __version__
    from dateline.annotate import stories
    from dateline.timex import TAGGER_VERSION

    return __version__, TAGGER_VERSION, stories.available()


def dask_setup(worker: Any) -> None:
    """Dask preload hook of the workers :func:`executor` starts: a worker ignores Ctrl-C
    (SIGINT reaches the whole process group from a terminal); the client stops them."""
    with contextlib.suppress(ValueError):  # not the main thread: nothing to do
        signal.signal(signal.SIGINT, signal.SIG_IGN)


#: Dask settings of the workers of a local cluster. Dask's nanny starts each worker with
#: ``MALLOC_TRIM_THRESHOLD_=65536`` in its environment (to give freed memory back to the
#: system sooner); setting it switches off glibc's dynamic mmap threshold, so the many
#: short-lived large buffers of tagging are mapped and unmapped from the kernel each time.
#: ``python -m bench.worker`` (the Timeline17 batches in one worker, CPU of the task thread,
#: median of 3 rounds): 15.66 s with it, 13.82 s without, 12.92 s in the calling process;
#: memory stays bounded by the batches in flight, so the local workers start without it. A worker's statistical profiler samples
#: the task thread's stack every 10 ms by default, and its event loop wakes every 20 ms to
#: check that it is not blocked; both take the GIL from the task. Measured on the same 24
#: batches of Timeline17 articles in one worker (CPU of the task thread): 4.24 s in this
#: process, 5.40 s in a default worker, 4.62 s without the profiler, 4.43 s without the
#: profiler and with these intervals. A cluster started elsewhere (``--scheduler``) keeps
#: its own settings: docs/scaling.md says how to set the same there.
LOCAL_WORKER_CONFIG: dict[str, object] = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1000ms",
    "distributed.admin.system-monitor.interval": "5000ms",
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
}


@contextlib.contextmanager
def executor(workers: int = 1, scheduler: str | None = None, *,
             connect_timeout: float = CONNECT_TIMEOUT) -> Iterator[Executor]:
    """The executor for ``--workers N`` / ``--scheduler ADDRESS``: annotation in this
    process (1 worker, no scheduler: no Dask at all), on a local cluster of ``workers``
    processes (one thread each) started here and stopped on leaving, or on the cluster
    whose scheduler is at ``scheduler``. Raises :class:`ClusterError` when Dask is not
    installed, the scheduler does not answer within ``connect_timeout`` seconds, it has
    no workers, or its workers run another dateline."""
    if scheduler is None and workers <= 1:
        from dateline.annotate.executor import InProcess

        yield InProcess()
        return
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise ClusterError(f"--workers and --scheduler need Dask ({exc}): {INSTALL_HINT}") from None

    with contextlib.ExitStack() as stack:
        if scheduler is not None:
            client = _connect(Client, scheduler, connect_timeout)
            stack.callback(_quietly, client.close)
            _check_workers(client, scheduler, connect_timeout)
        else:
            # No dashboard; the scheduler's HTTP endpoints (health, metrics) on a free local
            # port rather than 8787, which another cluster may hold.
            import dask.config

            with dask.config.set(LOCAL_WORKER_CONFIG):  # the nannies pass it on to their workers
                cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                       dashboard_address=None, scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                                       silence_logs=logging.CRITICAL, preload=[__name__])
            stack.callback(_quietly, cluster.close)
            client = Client(cluster)
            stack.callback(_quietly, client.close)
        yield DaskExecutor(client)


def _connect(client_class: Any, address: str, timeout: float) -> Any:
    try:
        return client_class(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ClusterError(f"no Dask scheduler answered at {address} within {timeout:g} s ({detail}); "
                           "start one with `dask scheduler` (and workers with `dask worker ADDRESS`) "
                           "or check the address") from None


def _check_workers(client: Any, address: str, timeout: float) -> None:
    try:
        client.wait_for_workers(1, timeout=timeout)
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"the Dask scheduler at {address} has no workers (waited {timeout:g} s: {exc}); "
                           "start some with `dask worker ADDRESS`") from None
    try:
        versions = client.run(worker_versions)
    except Exception as exc:
        raise ClusterError(f"the workers of {address} cannot run dateline ({type(exc).__name__}: {exc}); "
                           "install the same dateline on every worker") from None
    mine = worker_versions()
    for worker, theirs in sorted(versions.items()):
        if tuple(theirs[:2]) != mine[:2]:
            raise ClusterError(f"worker {worker} runs dateline {theirs[0]} with tagger {theirs[1]}, this "
                               f"client dateline {mine[0]} with tagger {mine[1]}: install the same dateline "
                               "on every worker")
        if mine[2] and not theirs[2]:
            raise ClusterError(f"worker {worker} lacks datasketch (near-duplicate stories), which this client "
                               "has: install dateline[stories] on every worker (workers compute the signatures)")


def _quietly(close: Callable[[], Any]) -> None:
    # Shutting down after an interrupt or a lost scheduler: say nothing more than the
    # error already said.
    with contextlib.suppress(Exception):
        close()
